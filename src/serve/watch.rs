//! Watching the dossier's inputs: `content/`, `themes/`, `templates/` (recursively) and the
//! root (for `config.toml`, and for those folders appearing). Events are debounced by
//! notify-debouncer-full, which merges an editor's write-temp-then-rename into one change;
//! each batch is filtered to the files that matter and sent on as one list.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

const WATCHED_DIRS: [&str; 3] = ["content", "themes", "templates"];
const DEBOUNCE: Duration = Duration::from_millis(120);

type Inner = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Stops watching when dropped (the forwarding thread holds only a weak reference).
pub(super) struct Watcher {
    _debouncer: Arc<Mutex<Inner>>,
}

impl Watcher {
    /// Starts watching; the receiver yields one list of changed input files per batch.
    pub(super) fn start(root: &Path) -> Result<(Watcher, mpsc::Receiver<Vec<PathBuf>>)> {
        let root = root.canonicalize().with_context(|| format!("reading {}", root.display()))?;
        let (raw_tx, raw_rx) = mpsc::channel::<DebounceEventResult>();
        let mut debouncer = new_debouncer(DEBOUNCE, None, raw_tx).context("starting the file watcher")?;
        debouncer.watch(&root, RecursiveMode::NonRecursive).with_context(|| format!("watching {}", root.display()))?;
        let mut watched = Vec::new();
        for dir in WATCHED_DIRS {
            let p = root.join(dir);
            if p.is_dir() {
                debouncer.watch(&p, RecursiveMode::Recursive).with_context(|| format!("watching {}", p.display()))?;
                watched.push(dir);
            }
        }
        let debouncer = Arc::new(Mutex::new(debouncer));
        let weak = Arc::downgrade(&debouncer);
        let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
        std::thread::Builder::new()
            .name("dossier-watch".into())
            .spawn(move || {
                for result in raw_rx {
                    let Ok(events) = result else { continue };
                    let mut changed: Vec<PathBuf> = events
                        .iter()
                        // Reading files (as every rebuild does) is an access event: not a change.
                        .filter(|e| !e.kind.is_access())
                        .flat_map(|e| e.paths.iter())
                        .filter(|p| relevant(&root, p))
                        .cloned()
                        .collect();
                    changed.sort();
                    changed.dedup();
                    // Folders created after the start are watched from then on.
                    if let Some(d) = weak.upgrade()
                        && let Ok(mut d) = d.lock()
                    {
                        for dir in WATCHED_DIRS {
                            let p = root.join(dir);
                            if !watched.contains(&dir) && p.is_dir() && d.watch(&p, RecursiveMode::Recursive).is_ok() {
                                watched.push(dir);
                            }
                        }
                    }
                    if !changed.is_empty() && tx.send(changed).is_err() {
                        return;
                    }
                }
            })
            .context("starting the watcher thread")?;
        Ok((Watcher { _debouncer: debouncer }, rx))
    }
}

/// Whether a changed path is an input of the build (and not an editor's scratch file).
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else { return false };
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let scratch = name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".part"].iter().any(|e| name.ends_with(e))
        || name == "4913"; // vim's write test
    if scratch {
        return false;
    }
    if rel.components().count() == 1 {
        return first == "config.toml" || WATCHED_DIRS.contains(&first.as_ref());
    }
    WATCHED_DIRS.contains(&first.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/d");
        let r = |p: &str| relevant(root, Path::new(p));
        assert!(r("/d/config.toml"));
        assert!(r("/d/content/notes/a.md"));
        assert!(r("/d/templates/note.html"));
        assert!(r("/d/themes/default/static/style.css"));
        assert!(r("/d/templates"));
        assert!(!r("/d/public/index.html"));
        assert!(!r("/d/target/debug/x"));
        assert!(!r("/d/content/notes/.a.md.swp"));
        assert!(!r("/d/content/notes/a.md~"));
        assert!(!r("/d/content/notes/4913"));
        assert!(!r("/elsewhere/config.toml"));
        assert!(!r("/d/README.md"));
    }
}
