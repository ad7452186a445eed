//! Stage 10: output files → the output directory, safely.
//!
//! Everything is written to a staging directory beside the output directory, and only when all
//! of it was written is it swapped in. A manifest (`.dossier-manifest`) in the output directory
//! marks it as ours: the tool replaces an existing output directory only when it carries that
//! manifest, and never deletes a directory it did not create. Only this module writes files.
//!
//! Killed at any moment (`kill -9`), a build leaves the previous site in place: on Linux the
//! swap is one atomic `renameat2(RENAME_EXCHANGE)`; elsewhere the previous site is moved aside
//! for an instant, and the next build moves it back if the swap was cut short. The next build
//! also removes the leftovers (staging and old directories of ours).
//!
//! A file whose bytes are the same as the previous site's file at that path is not written
//! again: the staging directory gets a hard link to the previous file. A rebuild then writes
//! only what changed, unchanged files keep their timestamps (so `rsync` and other deploy tools
//! copy only what changed), and removing the previous site frees only the files that changed.
//! The manifest records each file's size and 128-bit XXH3 hash (a [`Fingerprint`]: the same
//! for the same bytes, so the manifest too is byte-identical from build to build), and it is
//! touched last, after the swap: every file of the site changed before it. A file whose
//! status-change time (`ctime`, which every write, link, rename or `touch` moves to the
//! kernel's clock, and no one can set back) is still older than the manifest's has not
//! changed since, so a rebuild tells it unchanged by hashing the new bytes and reading the old
//! file's metadata, never its bytes (git's index handles its "racy" files alike). Other files
//! (changed since, or in the manifest's own clock tick, or listed by a manifest without
//! fingerprints) are compared byte by byte.
//!
//! The replaced site is not deleted: it is kept beside the output as `.{name}.spare/site` (in a
//! folder only its owner may open: it holds the site as it was, pages since removed included;
//! marked as a cache for backup tools and git), and the next build starts from it instead of
//! an empty staging directory. Most of its files are the same files as the site's (hard links
//! of each other), so it takes the room of what changed only. A file of it that already holds
//! the bytes a build makes is kept as it is, so a rebuild in which little changed touches
//! little: no link made, none removed, for the files that stayed the same. Its manifest vouches
//! for its files as the site's does; a file of it still shared with the site is vouched for by
//! the site's manifest once it is checked to be the site's very file (same device and inode).
//! Anything else in it is removed before the swap (files someone put in the site too: the
//! output directory is replaced on every build); symbolic links in it are removed, never
//! followed. It is claimed only from a real folder with our tag; a claim that cannot clean it
//! moves it aside as a leftover and starts from a new directory. Claimed by a build, it is a
//! staging directory like any other (with the site's permissions, beside the output, until
//! the swap): killed, it is removed by the next build. Two builds of one output at once are
//! not guarded against (as before).
//!
//! Where links cannot be made (another file system, FAT, a system that does not say how many
//! links a file has), the file is written as usual; so is a file linked from elsewhere too, or
//! one under a folder someone replaced by a symbolic link. A new file is always created anew,
//! never opened: the path may already hold a link to the previous site, which stays as it was
//! until the swap. Removing a site of ours never goes through a symbolic link.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::render::OutputFile;

pub const MANIFEST: &str = ".dossier-manifest";
const MANIFEST_HEADER: &str = "# written by dossier; this directory is replaced on every build\n";
/// The manifest's second line when its lines carry fingerprints (`hash size path`).
const FINGERPRINT_HEADER: &str = "# xxh3-128 size path\n";

/// What the manifest records of a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    hash: u128,
    size: u64,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint { hash: xxhash_rust::xxh3::xxh3_128(bytes), size: bytes.len() as u64 }
    }

    fn line(&self, path: &str) -> String {
        format!("{:032x} {} {path}\n", self.hash, self.size)
    }

    fn parse(line: &str) -> Option<(&str, Fingerprint)> {
        let mut parts = line.splitn(3, ' ');
        let hash = parts.next().filter(|h| h.len() == 32).and_then(|h| u128::from_str_radix(h, 16).ok())?;
        let size = parts.next()?.parse().ok()?;
        Some((parts.next()?, Fingerprint { hash, size }))
    }
}

/// A file's status-change time (`ctime`): seconds and nanoseconds since the epoch.
#[cfg(unix)]
fn changed(meta: &fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (meta.ctime(), meta.ctime_nsec())
}

/// The files a manifest lists, each with its fingerprint where the manifest has one (those of
/// earlier versions list paths only).
fn manifest_entries(manifest: &str) -> impl Iterator<Item = (&str, Option<Fingerprint>)> {
    let fingerprinted = manifest.lines().nth(1).is_some_and(|l| Some(l) == FINGERPRINT_HEADER.lines().next());
    manifest.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(move |line| {
        match Fingerprint::parse(line).filter(|_| fingerprinted) {
            Some((path, fp)) => (path, Some(fp)),
            None => (line, None),
        }
    })
}

/// Refuses output directories that would put the dossier's own files at risk.
pub fn check_target(root: &Path, out: &Path) -> Result<()> {
    let root_c = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_c = absolute(out);
    if out_c == root_c || root_c.starts_with(&out_c) {
        bail!(
            "the output directory {} is the dossier itself or contains it; choose another --output-dir",
            out.display()
        );
    }
    if out.join("content").exists() || out.join("config.toml").exists() {
        bail!(
            "{} holds `content/` or `config.toml`: it looks like a dossier, not a build output; choose another --output-dir",
            out.display()
        );
    }
    if out.exists() {
        let meta = fs::symlink_metadata(out)?;
        if meta.file_type().is_symlink() {
            bail!("the output directory {} is a symbolic link; point --output-dir at a real directory", out.display());
        }
        if !meta.is_dir() {
            bail!("{} exists and is not a directory", out.display());
        }
        let empty = fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(MANIFEST).is_file() {
            bail!(
                "{} already holds files that dossier did not write (no {MANIFEST}); move them away or choose another --output-dir",
                out.display()
            );
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    match (abs.parent().and_then(|d| d.canonicalize().ok()), abs.file_name()) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => abs,
    }
}

/// Writes `files` to `out` through a staging directory, then swaps it in.
pub fn write(root: &Path, out: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::open(root, out)?;
    for f in files {
        staging.put(f)?;
    }
    staging.finish()
}

/// An output directory being written: files go into a staging directory beside it (from
/// several threads at once), and [`Staging::finish`] swaps it in. Dropped unfinished (an error
/// elsewhere in the build), the staging directory is removed and the previous site stays.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    written: std::sync::Mutex<Vec<(String, Fingerprint)>>,
    /// The site being replaced (ours, with its manifest), whose unchanged files are linked.
    previous: Option<PathBuf>,
    /// What its manifest records, and the manifest's `ctime` ([`vouched`]).
    vouched: Vouched,
    /// The site kept from the build before (`.{name}.spare/site`), when the staging directory
    /// is that site, claimed: its files (relative paths; regular files only, the rest was
    /// removed when it was claimed) and what its manifest recorded of them.
    spare: Option<Spare>,
    /// The folders made so far (relative, `/`-separated), each with whether the previous
    /// site's folder of that name is a real folder (no symbolic link on the way), so that its
    /// files may be linked.
    folders: std::sync::Mutex<std::collections::HashMap<String, bool>>,
    finished: bool,
}

/// The site kept from the build before, claimed as the staging directory.
struct Spare {
    files: std::collections::HashSet<String>,
    vouched: Vouched,
}

impl Staging {
    /// Checks that `out` may be replaced (see [`check_target`]) and makes the staging directory:
    /// the site kept from the build before, where there is one, or a new directory.
    pub fn open(root: &Path, out: &Path) -> Result<Staging> {
        check_target(root, out)?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".to_string());
        recover_interrupted_swap(out, &parent, &name);
        clean_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let spare = claim_spare(&spare_dir(&parent, &name), &dir);
        if spare.is_none() {
            // Made anew: never a directory that is already there.
            fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let previous = out.join(MANIFEST).is_file().then(|| out.to_path_buf());
        let vouched = previous.as_ref().map(|prev| vouched(&prev.join(MANIFEST))).unwrap_or_default();
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            parent,
            name,
            written: Default::default(),
            previous,
            vouched,
            spare,
            folders: Default::default(),
            finished: false,
        })
    }

    /// Writes one file (safe to call from several threads).
    pub fn put(&self, f: &OutputFile) -> Result<()> {
        if f.path.split('/').any(|c| c.is_empty() || c == "." || c == "..") || f.path.starts_with('/') {
            bail!("refusing to write outside the output directory: {}", f.path);
        }
        let path = self.dir.join(&f.path);
        // Each folder is made once (a site has a handful, and tens of thousands of files).
        let mut linkable = self.previous.is_some();
        if let Some((folder, _)) = f.path.rsplit_once('/') {
            let mut made = self.folders.lock().map_err(|_| anyhow::anyhow!("a writing thread panicked"))?;
            linkable = match made.get(folder) {
                Some(&real) => real,
                None => {
                    make_folder(&self.dir, folder)
                        .with_context(|| format!("creating {}", self.dir.join(folder).display()))?;
                    let real = self.previous.as_ref().is_some_and(|prev| first_link(prev, folder).is_none());
                    made.insert(folder.to_string(), real);
                    real
                }
            };
        }
        let fingerprint = Fingerprint::of(&f.bytes);
        let kept = match &self.spare {
            Some(spare) if spare.files.contains(&f.path) => {
                self.keeps(spare, &f.path, &path, fingerprint, &f.bytes, linkable)
            }
            _ => false,
        };
        let linked = kept
            || match &self.previous {
                Some(prev) if linkable => {
                    let vouched =
                        self.vouched.files.get(&f.path).filter(|&&v| v == fingerprint).map(|_| self.vouched.before);
                    link_if_same(&prev.join(&f.path), &path, &f.bytes, vouched)
                }
                _ => false,
            };
        if !linked {
            write_new(&path, &f.bytes).with_context(|| format!("writing {}", path.display()))?;
        }
        let mut written = self.written.lock().map_err(|_| anyhow::anyhow!("a writing thread panicked"))?;
        written.push((f.path.clone(), fingerprint));
        Ok(())
    }

    /// Whether the spare site's file at `rel` (at `path`, in the staging directory) already
    /// holds `bytes` and may stay: a regular file of that size, linked nowhere but, perhaps, as
    /// the previous site's file at the same path (`linkable`: its folder is a real one), and
    /// vouched for by a manifest (the spare's, or for a file shared with the previous site,
    /// that site's) or read back the same. Otherwise it is removed, to be linked or written.
    #[cfg(unix)]
    fn keeps(
        &self,
        spare: &Spare,
        rel: &str,
        path: &Path,
        fingerprint: Fingerprint,
        bytes: &[u8],
        linkable: bool,
    ) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = fs::symlink_metadata(path) else { return false };
        let vouched_by = |v: &Vouched| v.files.get(rel) == Some(&fingerprint) && changed(&meta) < v.before;
        let keep = meta.is_file()
            && meta.len() == bytes.len() as u64
            && match meta.nlink() {
                1 => vouched_by(&spare.vouched) || same_bytes(path, bytes),
                2 => {
                    // The other link must be the previous site's file: the same file (device
                    // and inode), which that site's manifest then vouches for too.
                    let shared = linkable
                        && self.previous.as_ref().is_some_and(|prev| {
                            fs::symlink_metadata(prev.join(rel))
                                .is_ok_and(|p| p.dev() == meta.dev() && p.ino() == meta.ino())
                        });
                    shared && (vouched_by(&spare.vouched) || vouched_by(&self.vouched) || same_bytes(path, bytes))
                }
                _ => false,
            };
        if !keep {
            remove_any(path);
        }
        keep
    }

    #[cfg(not(unix))]
    fn keeps(&self, _: &Spare, _: &str, path: &Path, _: Fingerprint, _: &[u8], _: bool) -> bool {
        remove_any(path);
        false
    }

    /// Writes the manifest (every file, sorted) and swaps the staging directory in; the site
    /// it replaces is kept as the spare for the next build.
    pub fn finish(mut self) -> Result<()> {
        let mut written =
            std::mem::take(&mut *self.written.lock().map_err(|_| anyhow::anyhow!("a writing thread panicked"))?);
        written.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(spare) = self.spare.take() {
            // What the spare site had and this build did not write goes: each was a file when
            // the spare was claimed, so only a file is removed (a folder there now is this
            // build's, made where a page used to be).
            let done: std::collections::HashSet<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
            for stale in spare.files.iter().filter(|p| !done.contains(p.as_str())) {
                let _ = fs::remove_file(self.dir.join(stale));
            }
            remove_empty_folders(&self.dir);
        }
        let mut manifest = String::from(MANIFEST_HEADER);
        manifest.push_str(FINGERPRINT_HEADER);
        for (path, fingerprint) in &written {
            manifest.push_str(&fingerprint.line(path));
        }
        // No fsync: the swap protects against a killed build (the page cache outlives the
        // process), and syncing here would wait for every page just written to reach the disk.
        let mut m = fs::File::create(self.dir.join(MANIFEST)).context("writing the manifest")?;
        m.write_all(manifest.as_bytes())?;
        self.finished = true;
        if let Some(old) = swap(&self.dir, &self.out, &self.parent, &self.name)?
            && !keep_as_spare(&old, &spare_dir(&self.parent, &self.name))
        {
            remove_ours(&old);
        }
        // Touched last, after everything that moves the `ctime` of the site's files (links
        // made or removed): every file of the site changed before it.
        let manifest = fs::File::options().write(true).open(self.out.join(MANIFEST));
        let _ = manifest.and_then(|m| m.set_modified(std::time::SystemTime::now()));
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Puts the staging directory in place of `out`; returns where the site it replaced now is
/// (to be kept or removed), if there was one.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<Option<PathBuf>> {
    if !out.exists() {
        fs::rename(staging, out).with_context(|| format!("moving {} to {}", staging.display(), out.display()))?;
        return Ok(None);
    }
    if fs::read_dir(out)?.next().is_none() {
        // An empty directory the user made: fill it, keep it. The manifest goes first, so a
        // build killed halfway leaves a directory the next build recognises as ours.
        fs::rename(staging.join(MANIFEST), out.join(MANIFEST))?;
        for entry in fs::read_dir(staging)? {
            let entry = entry?;
            fs::rename(entry.path(), out.join(entry.file_name()))?;
        }
        fs::remove_dir(staging)?;
        return Ok(None);
    }
    // Ours (checked by check_target): exchange the two in one step where the system can.
    if exchange(staging, out) {
        return Ok(Some(staging.to_path_buf()));
    }
    // Otherwise move it aside, move the new one in.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
    if let Err(err) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(err).with_context(|| format!("moving the new site to {}", out.display()));
    }
    Ok(Some(old))
}

/// Where the site of the build before is kept, beside the output directory `name`.
fn spare_dir(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.spare"))
}

/// What the folder of the spare site holds besides it: a cache directory tag (backup tools skip
/// the folder) and a `.gitignore` ignoring everything (git does not list it).
const SPARE_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by dossier: the previous build, kept so\n\
    # that the next one rewrites only what changed. Safe to delete.\n";

/// Keeps the replaced site `old` (ours, with its manifest) as the spare of `folder`, for the
/// next build to start from. False, and `old` left where it is, where that cannot be done
/// (then it is removed as before): the folder is not a real folder made by us, it holds a
/// site someone else's build is keeping, or the system has no hard links to share files by.
#[cfg(unix)]
fn keep_as_spare(old: &Path, folder: &Path) -> bool {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if fs::symlink_metadata(folder).is_err() {
        // Only its owner may open it: it holds the site as it was, pages since removed too.
        let made = fs::DirBuilder::new().mode(0o700).create(folder).is_ok()
            && fs::set_permissions(folder, fs::Permissions::from_mode(0o700)).is_ok()
            && fs::write(folder.join("CACHEDIR.TAG"), SPARE_TAG).is_ok()
            && fs::write(folder.join(".gitignore"), "*\n").is_ok();
        if !made {
            return false;
        }
    }
    if !is_spare_folder(folder) {
        return false;
    }
    let site = folder.join("site");
    // Left by a build that could not claim it, or cut short here (or one running beside this
    // one): in a folder of ours, it goes (`remove_dir_all` never follows a link).
    if fs::symlink_metadata(&site).is_ok() && fs::remove_dir_all(&site).is_err() {
        return false;
    }
    fs::rename(old, &site).is_ok()
}

/// Whether `folder` is a spare folder of ours: a real folder (no symbolic link), holding our
/// cache directory tag.
fn is_spare_folder(folder: &Path) -> bool {
    fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir())
        && fs::symlink_metadata(folder.join("CACHEDIR.TAG")).is_ok_and(|m| m.is_file())
        && fs::read_to_string(folder.join("CACHEDIR.TAG")).is_ok_and(|t| t == SPARE_TAG)
}

#[cfg(not(unix))]
fn keep_as_spare(_old: &Path, _folder: &Path) -> bool {
    false
}

/// Claims the spare site of `folder` as the staging directory `dir`: moves it there and lists
/// its regular files, removing anything else in it (symbolic links, never followed; names that
/// are not UTF-8) and its manifest (what it recorded is returned), so that a build killed
/// from here on leaves a staging directory without a manifest, which the next one removes
/// whole. `None`, and nothing moved, where there is no spare site of ours.
#[cfg(unix)]
fn claim_spare(folder: &Path, dir: &Path) -> Option<Spare> {
    if !is_spare_folder(folder) {
        return None;
    }
    let site = folder.join("site");
    let meta = fs::symlink_metadata(&site).ok()?;
    let manifest = site.join(MANIFEST);
    if !meta.is_dir() || !fs::symlink_metadata(&manifest).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let vouched = vouched(&manifest);
    fs::rename(&site, dir).ok()?;
    let mut files = std::collections::HashSet::new();
    if fs::remove_file(dir.join(MANIFEST)).is_err() || list_files(dir, "", &mut files).is_err() {
        // Half cleaned (a link that would not go, a folder that cannot be read): never used.
        // Moved out of the way under a leftover's name, which the next build removes; where
        // even that fails, the staging directory cannot be made and the build stops.
        let mut aside = dir.as_os_str().to_owned();
        aside.push(".unclaimed");
        let _ = fs::rename(dir, PathBuf::from(aside));
        return None;
    }
    Some(Spare { files, vouched })
}

#[cfg(not(unix))]
fn claim_spare(_folder: &Path, _dir: &Path) -> Option<Spare> {
    None
}

/// The regular files under `dir`'s folder `rel` (relative, `/`-separated) into `files`;
/// anything else but folders (symbolic links above all) is removed, never followed.
fn list_files(dir: &Path, rel: &str, files: &mut std::collections::HashSet<String>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir.join(rel))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            remove_any(&entry.path());
            continue;
        };
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if kind.is_dir() {
            list_files(dir, &path, files)?;
        } else if kind.is_file() {
            files.insert(path);
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Removes whatever is at `path` in a staging directory: a file or link, or a folder with all
/// in it (`remove_dir_all` never follows a symbolic link).
fn remove_any(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            let _ = fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Makes the folder `folder` (relative) of the staging directory `dir`; where a claimed spare
/// site has a file in the way (a path that was a page and is now a folder), the file goes.
fn make_folder(dir: &Path, folder: &str) -> std::io::Result<()> {
    if fs::create_dir_all(dir.join(folder)).is_ok() {
        return Ok(());
    }
    let mut at = dir.to_path_buf();
    for part in folder.split('/') {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&at)?;
        }
    }
    fs::create_dir_all(dir.join(folder))
}

/// Removes the empty folders under `dir` (not `dir` itself).
fn remove_empty_folders(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&e.path());
            }
        }
    }
}

/// Writes `bytes` to a new file at `path`, never through an existing one: a file already
/// there (the same path put twice) may be a link to the previous site, which must stay as it
/// was until the swap. So it is replaced (removed, then created anew), not opened.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tries = 0;
    loop {
        match fs::OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(mut file) => return file.write_all(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 8 => {
                tries += 1;
                remove_any(path);
            }
            Err(e) => return Err(e),
        }
    }
}

/// The first symbolic link on the way from `root` to its folder `folder` (`/`-separated), if
/// any (or the first part that is not a folder).
fn first_link(root: &Path, folder: &str) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for part in folder.split('/').filter(|p| !p.is_empty()) {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Some(at),
            Err(_) => return None,
        }
    }
    None
}

/// What a previous site's manifest says of its files: their fingerprints, and its own `ctime`
/// (the manifest is touched after everything else of the site was written and linked).
#[derive(Default)]
struct Vouched {
    files: std::collections::HashMap<String, Fingerprint>,
    before: (i64, i64),
}

fn vouched(manifest: &Path) -> Vouched {
    #[cfg(unix)]
    if let (Ok(text), Ok(meta)) = (fs::read_to_string(manifest), fs::metadata(manifest)) {
        let files = manifest_entries(&text).filter_map(|(path, fp)| Some((path.to_string(), fp?))).collect();
        return Vouched { files, before: changed(&meta) };
    }
    let _ = manifest;
    Vouched::default()
}

/// Links `new` to `old` when `old` is a regular file holding exactly `bytes` and, where the
/// system says, linked nowhere else (a file someone linked to from outside the site is not
/// shared with the new site). The bytes are known to be the same, without reading them, when
/// the previous manifest recorded the new bytes' fingerprint for the file (`vouched_before`:
/// the manifest's `ctime`) and the file has not changed since; otherwise they are read and
/// compared (in chunks: never a second copy of a large file in memory). False, and nothing
/// made, when the file differs.
fn link_if_same(old: &Path, new: &Path, bytes: &[u8], vouched_before: Option<(i64, i64)>) -> bool {
    // Where the number of links cannot be read, nothing is linked.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Ok(meta) = fs::symlink_metadata(old) else { return false };
        if !meta.is_file() || meta.len() != bytes.len() as u64 || meta.nlink() != 1 {
            return false;
        }
        let unchanged = vouched_before.is_some_and(|before| changed(&meta) < before);
        (unchanged || same_bytes(old, bytes)) && fs::hard_link(old, new).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = (old, new, bytes, vouched_before);
        false
    }
}

#[cfg(unix)]
/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else { return false };
    let mut buf = [0u8; 32 * 1024];
    let mut rest = bytes;
    while !rest.is_empty() {
        let n = buf.len().min(rest.len());
        if file.read_exact(&mut buf[..n]).is_err() || buf[..n] != rest[..n] {
            return false;
        }
        rest = &rest[n..];
    }
    // Longer than it said (written to meanwhile): not the same.
    file.read(&mut buf[..1]).is_ok_and(|n| n == 0)
}

/// Swaps two directories atomically; false when the system cannot (then nothing changed).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// A build killed between moving the previous site aside and moving the new one in leaves no
/// output directory and an old one of ours beside it: put the previous site back.
fn recover_interrupted_swap(out: &Path, parent: &Path, name: &str) {
    if fs::symlink_metadata(out).is_ok() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else { return };
    let old_prefix = format!(".{name}.old-");
    let mut olds: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&old_prefix))
        .map(|e| e.path())
        .filter(|p| p.join(MANIFEST).is_file())
        .collect();
    olds.sort();
    if let Some(old) = olds.first() {
        let _ = fs::rename(old, out);
    }
}

/// Removes leftovers of interrupted builds (staging or old directories of ours, with our
/// manifest or nothing but our files).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let staging_prefix = format!(".{name}.staging-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.flatten() {
        let n = entry.file_name().to_string_lossy().into_owned();
        if (n.starts_with(&staging_prefix) || n.starts_with(&old_prefix)) && entry.path().is_dir() {
            remove_ours(&entry.path());
        }
    }
}

/// Deletes a directory we wrote: only the files its manifest lists (or, for a staging directory
/// interrupted before its manifest, the whole directory, which only we create), then empty
/// directories.
fn remove_ours(dir: &Path) {
    match fs::read_to_string(dir.join(MANIFEST)) {
        Ok(manifest) => {
            use rayon::prelude::*;
            let files: Vec<&str> = manifest_entries(&manifest)
                .map(|(path, _)| path)
                .filter(|path| !path.split('/').any(|c| c == ".."))
                .collect();
            // Never through a symbolic link someone put in place of one of our folders: the
            // link itself goes, not the files where it points.
            let folders: std::collections::BTreeSet<&str> =
                files.iter().filter_map(|l| l.rsplit_once('/').map(|(folder, _)| folder)).collect();
            let mut linked: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
            for folder in folders {
                if let Some(link) = first_link(dir, folder) {
                    let _ = fs::remove_file(&link).or_else(|_| fs::remove_dir(&link));
                    linked.insert(folder);
                }
            }
            files
                .par_iter()
                .filter(|line| line.rsplit_once('/').is_none_or(|(folder, _)| !linked.contains(folder)))
                .for_each(|line| {
                    let _ = fs::remove_file(dir.join(line));
                });
            let _ = fs::remove_file(dir.join(MANIFEST));
            remove_empty_dirs(dir);
        }
        Err(_) => {
            let is_staging = dir.file_name().is_some_and(|n| n.to_string_lossy().contains(".staging-"));
            if is_staging {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }
}

fn remove_empty_dirs(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&e.path());
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A temporary folder holding a dossier folder (`dossier`) and the path of its output
    /// (`public`, not made).
    fn dossier_and_output() -> Result<(tempfile::TempDir, PathBuf, PathBuf)> {
        let tmp = tempfile::tempdir()?;
        let root = tmp.path().join("dossier");
        fs::create_dir_all(&root)?;
        let out = tmp.path().join("public");
        Ok((tmp, root, out))
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.to_string(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn writes_swaps_and_refuses_foreign_directories() -> Result<()> {
        let (tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("index.html", "one"), file("a/b.html", "b")])?;
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "one");
        write(&root, &out, &[file("index.html", "two")])?;
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        assert!(!out.join("a/b.html").exists());
        // A directory with someone else's files is refused and left alone.
        let foreign = tmp.path().join("mine");
        fs::create_dir_all(&foreign)?;
        fs::write(foreign.join("precious.txt"), "keep")?;
        assert!(write(&root, &foreign, &[file("index.html", "x")]).is_err());
        assert_eq!(fs::read_to_string(foreign.join("precious.txt"))?, "keep");
        // The dossier root itself is refused.
        assert!(write(&root, &root, &[file("index.html", "x")]).is_err());
        // Paths leaving the output are refused.
        assert!(write(&root, &out, &[file("../evil.html", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        // No leftovers beside the output, but the spare site.
        assert_eq!(beside(tmp.path())?, [".public.spare"]);
        Ok(())
    }

    /// What the build keeps beside the output `public` in `dir`: names starting `.public`.
    fn beside(dir: &Path) -> Result<Vec<String>> {
        let mut names: Vec<String> = fs::read_dir(dir)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect();
        names.sort();
        Ok(names)
    }

    /// A rebuild links the files that did not change (same inode, timestamp kept), writes the
    /// others, and never keeps a file whose bytes on disk are not what the build made.
    #[cfg(unix)]
    #[test]
    fn rebuild_keeps_unchanged_files_and_rewrites_the_rest() -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (tmp, root, out) = dossier_and_output()?;
        let big = "x".repeat(100_000);
        let site = |index: &str| vec![file("index.html", index), file("a/b.html", "b"), file("big.html", &big)];
        write(&root, &out, &site("one"))?;
        let ino = |p: &str| fs::metadata(out.join(p)).map(|m| m.ino());
        let (b, big_ino, index) = (ino("a/b.html")?, ino("big.html")?, ino("index.html")?);
        write(&root, &out, &site("two"))?;
        assert_eq!(ino("a/b.html")?, b, "an unchanged file is kept");
        assert_eq!(ino("big.html")?, big_ino, "an unchanged file larger than one read is kept");
        assert_ne!(ino("index.html")?, index);
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        let spare = out.with_file_name(".public.spare/site");
        assert_eq!(fs::metadata(spare.join("a/b.html"))?.ino(), b, "the previous site is kept, sharing the file");
        assert_eq!(fs::read_to_string(spare.join("index.html"))?, "one");
        // Someone edited a file of the output (same length): the build's bytes win.
        fs::write(out.join("a/b.html"), "X")?;
        let mut edited = big.clone();
        edited.replace_range(70_000..70_001, "y");
        fs::write(out.join("big.html"), &edited)?;
        write(&root, &out, &site("two"))?;
        assert_eq!(fs::read_to_string(out.join("a/b.html"))?, "b");
        assert_eq!(fs::read_to_string(out.join("big.html"))?, big);
        // A symbolic link in the output is never kept, even to the right bytes.
        let elsewhere = tmp.path().join("elsewhere.html");
        fs::write(&elsewhere, "b")?;
        fs::remove_file(out.join("a/b.html"))?;
        std::os::unix::fs::symlink(&elsewhere, out.join("a/b.html"))?;
        write(&root, &out, &site("two"))?;
        assert!(fs::symlink_metadata(out.join("a/b.html"))?.is_file());
        assert_eq!(fs::read_to_string(out.join("a/b.html"))?, "b");
        // A file also linked from outside the site is not shared with the new site.
        let outside = tmp.path().join("outside.html");
        fs::hard_link(out.join("a/b.html"), &outside)?;
        write(&root, &out, &site("two"))?;
        assert_ne!(ino("a/b.html")?, fs::metadata(&outside)?.ino());
        // Nor is it kept from the spare site by the build after.
        write(&root, &out, &site("two"))?;
        assert_ne!(ino("a/b.html")?, fs::metadata(&outside)?.ino());
        assert_eq!(fs::metadata(&outside)?.nlink(), 1, "neither site shares it any more");
        Ok(())
    }

    /// Waits out the clock tick the files were written in, and touches the manifest again (as
    /// `finish` does last): it then vouches for every file it lists. (In a test the files and
    /// the manifest are often written in one tick; those files are compared byte by byte.)
    fn age_files(out: &Path) -> Result<()> {
        std::thread::sleep(std::time::Duration::from_millis(30));
        let manifest = fs::File::options().write(true).open(out.join(MANIFEST))?;
        manifest.set_modified(std::time::SystemTime::now())?;
        Ok(())
    }

    /// The `ctime` of a file.
    #[cfg(unix)]
    fn ctime(path: &Path) -> Result<(i64, i64)> {
        Ok(changed(&fs::symlink_metadata(path)?))
    }

    /// The manifest is the same from build to build (fingerprints of the bytes only), and it
    /// is touched after everything else: no file of the site changed after it.
    #[cfg(unix)]
    #[test]
    fn the_manifest_is_deterministic_and_newest() -> Result<()> {
        let (_tmp, root, out) = dossier_and_output()?;
        let site = |index: &str| vec![file("index.html", index), file("a/b c.html", "b"), file("same.html", "s")];
        write(&root, &out, &site("one"))?;
        let first = fs::read_to_string(out.join(MANIFEST))?;
        let listed: Vec<(&str, bool)> = manifest_entries(&first).map(|(p, fp)| (p, fp.is_some())).collect();
        assert_eq!(listed, [("a/b c.html", true), ("index.html", true), ("same.html", true)], "{first}");
        std::thread::sleep(std::time::Duration::from_millis(30));
        write(&root, &out, &site("one"))?;
        assert_eq!(fs::read_to_string(out.join(MANIFEST))?, first);
        let manifest = ctime(&out.join(MANIFEST))?;
        for f in ["index.html", "a/b c.html", "same.html"] {
            assert!(ctime(&out.join(f))? <= manifest, "{f}");
        }
        Ok(())
    }

    /// Files the manifest vouches for are linked on its word; a file changed since (written
    /// over, replaced, or edited with its time set back) is compared, and the build's bytes win.
    #[cfg(unix)]
    #[test]
    fn the_manifest_vouches_for_unchanged_files() -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (_tmp, root, out) = dossier_and_output()?;
        let site = |index: &str| {
            vec![file("index.html", index), file("a/b c.html", "b"), file("kept.html", "k"), file("same.html", "s")]
        };
        write(&root, &out, &site("one"))?;
        age_files(&out)?;
        let v = vouched(&out.join(MANIFEST));
        assert_eq!(v.files.len(), 4);
        assert!(
            ["index.html", "a/b c.html", "kept.html"].iter().all(|f| ctime(&out.join(f)).is_ok_and(|c| c < v.before))
        );
        let ino = |p: &str| fs::metadata(out.join(p)).map(|m| m.ino());
        let (b, kept) = (ino("a/b c.html")?, ino("kept.html")?);
        // Edited in place, same length, its modification time set back: its `ctime` moved.
        let time = fs::metadata(out.join("kept.html"))?.modified()?;
        fs::write(out.join("kept.html"), "K")?;
        fs::File::options().write(true).open(out.join("kept.html"))?.set_modified(time)?;
        // Replaced by another file of the same bytes: compared, and still right.
        fs::remove_file(out.join("same.html"))?;
        fs::write(out.join("same.html"), "s")?;
        write(&root, &out, &site("two"))?;
        assert_eq!(ino("a/b c.html")?, b, "an unchanged file is linked");
        assert_eq!(fs::read_to_string(out.join("kept.html"))?, "k", "the build's bytes win");
        assert_ne!(ino("kept.html")?, kept, "written anew, not linked");
        assert_eq!(fs::read_to_string(out.join("same.html"))?, "s");
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        Ok(())
    }

    /// A vouched file is linked without its bytes being read: a file whose bytes changed while
    /// its `ctime` stayed older than the manifest's (which no one but the kernel can do; here,
    /// a manifest written by hand with a later time) is taken on the manifest's word. This is
    /// the trust the fingerprints rest on, shown.
    #[cfg(unix)]
    #[test]
    fn vouched_files_are_not_read() -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (_tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("index.html", "one")])?;
        fs::write(out.join("index.html"), "eno")?;
        let fp = Fingerprint::of(b"one");
        fs::write(out.join(MANIFEST), format!("{MANIFEST_HEADER}{FINGERPRINT_HEADER}{}", fp.line("index.html")))?;
        age_files(&out)?;
        let index = fs::metadata(out.join("index.html"))?.ino();
        write(&root, &out, &[file("index.html", "one")])?;
        assert_eq!(fs::metadata(out.join("index.html"))?.ino(), index);
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "eno");
        Ok(())
    }

    /// A site written by an earlier version (a manifest of paths only) is still recognised,
    /// linked where unchanged and removed where gone.
    #[cfg(unix)]
    #[test]
    fn a_manifest_of_paths_only_still_works() -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (_tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("index.html", "one"), file("a/gone.html", "g")])?;
        fs::write(out.join(MANIFEST), format!("{MANIFEST_HEADER}a/gone.html\nindex.html\n"))?;
        age_files(&out)?;
        assert!(vouched(&out.join(MANIFEST)).files.is_empty());
        let index = fs::metadata(out.join("index.html"))?.ino();
        write(&root, &out, &[file("index.html", "one")])?;
        assert_eq!(fs::metadata(out.join("index.html"))?.ino(), index);
        assert!(!out.join("a").exists());
        Ok(())
    }

    #[test]
    fn fingerprint_lines_read_back() {
        let fp = Fingerprint::of(b"same");
        assert_eq!(fp.size, 4);
        assert_eq!(Fingerprint::parse(fp.line("a/b c.html").trim_end()), Some(("a/b c.html", fp)));
        assert_eq!(Fingerprint::parse("index.html"), None);
        assert_eq!(Fingerprint::parse("12 4 index.html"), None, "not a 128-bit hash");
        assert_ne!(Fingerprint::of(b"same"), Fingerprint::of(b"Same"));
    }

    /// The same path put twice, the first time with the previous site's bytes (linked): the
    /// second write replaces the link, and the previous site is untouched, also when the build
    /// then fails.
    #[cfg(unix)]
    #[test]
    fn a_path_put_twice_never_writes_into_the_previous_site() -> Result<()> {
        let (_tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("a/x.html", "old")])?;
        let staging = Staging::open(&root, &out)?;
        staging.put(&file("a/x.html", "old"))?;
        staging.put(&file("a/x.html", "new"))?;
        assert_eq!(fs::read_to_string(out.join("a/x.html"))?, "old");
        drop(staging); // a failed build
        assert_eq!(fs::read_to_string(out.join("a/x.html"))?, "old");
        write(&root, &out, &[file("a/x.html", "old"), file("a/x.html", "new")])?;
        assert_eq!(fs::read_to_string(out.join("a/x.html"))?, "new");
        Ok(())
    }

    /// A folder of the output replaced by a symbolic link to a folder elsewhere: nothing there
    /// is linked into the new site or deleted; the link itself goes with the previous site.
    #[cfg(unix)]
    #[test]
    fn a_linked_folder_in_the_output_is_neither_shared_nor_emptied() -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("assets/s.css", "css"), file("index.html", "i")])?;
        let shared = tmp.path().join("shared");
        fs::create_dir_all(&shared)?;
        fs::write(shared.join("s.css"), "css")?;
        fs::remove_dir_all(out.join("assets"))?;
        std::os::unix::fs::symlink(&shared, out.join("assets"))?;
        write(&root, &out, &[file("assets/s.css", "css"), file("index.html", "i")])?;
        assert_eq!(fs::read_to_string(shared.join("s.css"))?, "css", "the outside file is kept");
        assert_eq!(fs::metadata(shared.join("s.css"))?.nlink(), 1, "and not linked into the site");
        assert!(fs::symlink_metadata(out.join("assets"))?.is_dir());
        assert_eq!(fs::read_to_string(out.join("assets/s.css"))?, "css");
        assert_eq!(beside(tmp.path())?, [".public.spare"]);
        // The link went with the previous site into the spare; the build after removes it from
        // there (the link, not what it points to).
        write(&root, &out, &[file("assets/s.css", "css"), file("index.html", "i")])?;
        assert_eq!(fs::read_to_string(shared.join("s.css"))?, "css");
        assert_eq!(fs::metadata(shared.join("s.css"))?.nlink(), 1);
        assert!(fs::symlink_metadata(out.join("assets"))?.is_dir());
        Ok(())
    }

    /// The replaced site is kept beside the output, private, tagged as a cache and ignored by
    /// git; the next build starts from it: a file it holds with the right bytes stays the
    /// same file (no link made or removed), the rest is replaced or removed, and nothing put in
    /// it from outside survives or is followed.
    #[cfg(unix)]
    #[test]
    fn the_spare_site_is_private_and_the_next_build_starts_from_it() -> Result<()> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let (tmp, root, out) = dossier_and_output()?;
        let spare = tmp.path().join(".public.spare");
        let v1 = [file("index.html", "one"), file("a/same.html", "s"), file("a/gone.html", "g"), file("b.html", "b1")];
        let v2 = [file("index.html", "two"), file("a/same.html", "s"), file("b.html", "b2"), file("c/new.html", "n")];
        write(&root, &out, &v1)?;
        assert!(!spare.exists(), "a first build has nothing to keep");
        write(&root, &out, &v2)?;
        assert_eq!(fs::metadata(&spare)?.permissions().mode() & 0o777, 0o700);
        assert!(
            fs::read_to_string(spare.join("CACHEDIR.TAG"))?.starts_with("Signature: 8a477f597d28d172789f06886806bc55")
        );
        assert_eq!(fs::read_to_string(spare.join(".gitignore"))?, "*\n");
        assert_eq!(fs::read_to_string(spare.join("site/a/gone.html"))?, "g", "the site as it was");
        let ino = |p: &Path| fs::metadata(p).map(|m| m.ino());
        let inos = |dir: &Path| -> Result<Vec<u64>> {
            ["index.html", "a/same.html", "b.html", "c/new.html"].iter().map(|f| Ok(ino(&dir.join(f))?)).collect()
        };
        let before = inos(&out)?;
        age_files(&out)?;
        // The same site again, three times: every file stays the very same file, untouched (a
        // link made or removed would move its `ctime`).
        let ctimes = |dir: &Path| -> Result<Vec<(i64, i64)>> {
            ["index.html", "a/same.html", "b.html", "c/new.html"].iter().map(|f| ctime(&dir.join(f))).collect()
        };
        write(&root, &out, &v2)?;
        let touched = ctimes(&out)?;
        for _ in 0..3 {
            write(&root, &out, &v2)?;
            assert_eq!(inos(&out)?, before);
            assert_eq!(inos(&spare.join("site"))?, before, "both sites share every file");
            assert_eq!(ctimes(&out)?, touched);
        }
        assert!(!out.join("a/gone.html").exists());
        // Things put in the spare from outside: a changed file (a new file of the same length),
        // an extra file, a link to a folder elsewhere in place of one of its folders.
        let site = spare.join("site");
        fs::remove_file(site.join("b.html"))?;
        fs::write(site.join("b.html"), "XX")?;
        fs::write(site.join("extra.html"), "x")?;
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&elsewhere)?;
        fs::write(elsewhere.join("new.html"), "n")?;
        fs::remove_dir_all(site.join("c"))?;
        std::os::unix::fs::symlink(&elsewhere, site.join("c"))?;
        write(&root, &out, &v2)?;
        let got: Vec<(String, String)> = ["index.html", "a/same.html", "b.html", "c/new.html"]
            .iter()
            .map(|f| Ok((f.to_string(), fs::read_to_string(out.join(f))?)))
            .collect::<Result<_>>()?;
        let want: Vec<(String, String)> =
            v2.iter().map(|f| (f.path.clone(), String::from_utf8_lossy(&f.bytes).into_owned())).collect();
        assert_eq!(got, want);
        assert!(!out.join("extra.html").exists());
        assert!(fs::symlink_metadata(out.join("c"))?.is_dir());
        assert_eq!(fs::read_to_string(elsewhere.join("new.html"))?, "n", "the link was not followed");
        assert_eq!(fs::metadata(elsewhere.join("new.html"))?.nlink(), 1);
        // A build that fails after claiming the spare leaves the site as it was; the one after
        // starts afresh.
        let staging = Staging::open(&root, &out)?;
        staging.put(&file("index.html", "three"))?;
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "two");
        assert!(!spare.join("site").exists());
        write(&root, &out, &v1)?;
        assert_eq!(fs::read_to_string(out.join("a/gone.html"))?, "g");
        assert_eq!(beside(tmp.path())?, [".public.spare"]);
        Ok(())
    }

    /// A page that becomes a folder keeps the folder's new files (the page, claimed with the
    /// spare, goes; the folder is this build's); and a spare folder that is not ours (a link
    /// to another output, a folder without our tag) is neither claimed nor emptied.
    #[cfg(unix)]
    #[test]
    fn the_spare_site_is_claimed_only_when_ours_and_a_page_may_become_a_folder() -> Result<()> {
        let (tmp, root, out) = dossier_and_output()?;
        write(&root, &out, &[file("feed", "f1")])?;
        write(&root, &out, &[file("feed", "f2")])?;
        write(&root, &out, &[file("feed/index.xml", "x")])?;
        assert_eq!(fs::read_to_string(out.join("feed/index.xml"))?, "x");
        write(&root, &out, &[file("feed", "f3")])?;
        assert_eq!(fs::read_to_string(out.join("feed"))?, "f3");
        // The spare folder replaced by a link to another output of ours.
        let other = tmp.path().join("other");
        write(&root, &other.join("site"), &[file("precious.html", "p")])?;
        let spare = tmp.path().join(".public.spare");
        fs::remove_dir_all(&spare)?;
        std::os::unix::fs::symlink(&other, &spare)?;
        write(&root, &out, &[file("index.html", "i")])?;
        assert_eq!(fs::read_to_string(other.join("site/precious.html"))?, "p");
        assert!(fs::symlink_metadata(&spare)?.file_type().is_symlink());
        // A folder of that name without our tag: left alone too.
        fs::remove_file(&spare)?;
        fs::create_dir_all(spare.join("site"))?;
        fs::write(spare.join("site/mine.txt"), "m")?;
        write(&root, &out, &[file("index.html", "j")])?;
        write(&root, &out, &[file("index.html", "k")])?;
        assert_eq!(fs::read_to_string(spare.join("site/mine.txt"))?, "m");
        assert_eq!(fs::read_to_string(out.join("index.html"))?, "k");
        Ok(())
    }
}
