//! The output directory: staged and swapped, never someone else's, byte-identical rebuilds.

use crate::support::{Fixture, Site};

fn small() -> Fixture {
    let f = Fixture::new();
    f.write("content/articles/a.txt", "Headline of the story\n\nA body paragraph with enough words to count as one.\n");
    f
}

#[test]
fn two_builds_are_byte_identical() {
    let f = small();
    let first = f.build().files();
    let second = f.build().files();
    assert_eq!(first.iter().map(|(p, _)| p).collect::<Vec<_>>(), second.iter().map(|(p, _)| p).collect::<Vec<_>>());
    for ((p, a), (_, b)) in first.iter().zip(&second) {
        assert!(a == b, "{p} differs between builds");
    }
}

#[test]
fn refuses_a_directory_it_did_not_write() {
    let f = small();
    f.write("public/precious.txt", "mine");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did not write"));
    assert_eq!(std::fs::read_to_string(f.out().join("precious.txt")).expect("kept"), "mine");
}

#[test]
fn refuses_the_dossier_root_as_output() {
    let f = small();
    let out = f.run(&["build", "--output-dir", f.root().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(f.root().join("content/articles/a.txt").exists());
}

#[test]
fn rebuild_replaces_old_pages_and_leaves_no_staging_behind() {
    let f = small();
    f.write("content/notes/old.md", "+++\ntitle = \"Old\"\n+++\nText.\n");
    f.build();
    assert!(f.out().join("notes/old.html").exists());
    std::fs::remove_file(f.root().join("content/notes/old.md")).expect("rm");
    let site: Site = f.build();
    assert!(!site.exists("notes/old.html"));
    // Beside the output only the previous site, kept for the next build, and not the old page.
    assert_eq!(leftovers(&f), [".public.spare"]);
    assert!(f.root().join(".public.spare/site/notes/old.html").exists());
    let out: Site = f.build();
    assert!(!out.exists("notes/old.html"));
    assert!(!f.root().join(".public.spare/site/notes/old.html").exists());
}

/// Every file of a built site with its bytes, by relative path.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    Site::at(dir).files()
}

/// A dossier big enough that a debug build takes a noticeable time.
fn big(title: &str) -> Fixture {
    let f = Fixture::new();
    f.write("config.toml", &format!("title = \"{title}\"\n"));
    let body = "The council met on Tuesday and officials said the talks would continue next week in the capital.\n\n";
    for i in 0..400 {
        f.write(
            &format!("content/articles/a{i:03}.txt"),
            &format!("Story number {i} about the talks\n\n{}", body.repeat(20)),
        );
    }
    f
}

fn leftovers(f: &Fixture) -> Vec<String> {
    std::fs::read_dir(f.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect()
}

/// `leftovers` but the spare site (`.public.spare`, kept on purpose).
fn leftovers_but_spare(f: &Fixture) -> Vec<String> {
    leftovers(f).into_iter().filter(|n| n != ".public.spare").collect()
}

#[cfg(unix)]
#[test]
fn kill_9_at_any_moment_leaves_the_previous_site_intact() {
    use std::time::Instant;
    let f = big("Version one");
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v1 = snapshot(&f.out());
    f.write("config.toml", "title = \"Version two\"\n");
    // How long a whole build takes, to spread the kills over it.
    let start = Instant::now();
    let out = f.run(&["build"]);
    assert!(out.status.success());
    let full = start.elapsed();
    let v2 = snapshot(&f.out());
    assert_ne!(v1, v2);
    // Back to version one on disk, then builds of version two killed at points across the run.
    f.write("config.toml", "title = \"Version one\"\n");
    assert!(f.run(&["build"]).status.success());
    f.write("config.toml", "title = \"Version two\"\n");
    let mut seen_v1 = 0;
    for step in 0..12u32 {
        let at = full * step / 10;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--root"])
            .arg(f.root())
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = snapshot(&f.out());
        assert!(now == v1 || now == v2, "after a kill at {at:?} the site is neither the old nor the new one");
        if now == v1 {
            seen_v1 += 1;
        } else {
            // The kill came after the swap: start again from version one.
            f.write("config.toml", "title = \"Version one\"\n");
            assert!(f.run(&["build"]).status.success());
            f.write("config.toml", "title = \"Version two\"\n");
        }
    }
    assert!(seen_v1 > 0, "no kill landed during a build");
    // The next build cleans up whatever the killed ones left.
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(&f.out()), v2);
    assert!(leftovers_but_spare(&f).is_empty(), "{:?}", leftovers(&f));
}

#[test]
fn refuses_an_output_directory_holding_content_or_config() {
    let f = small();
    let other = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(other.path().join("content")).expect("mkdir");
    let out = f.run(&["build", "--output-dir", other.path().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/"));
    let other = tempfile::tempdir().expect("tmp");
    std::fs::write(other.path().join("config.toml"), "title = \"mine\"\n").expect("write");
    let out = f.run(&["build", "--output-dir", other.path().to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(other.path().join("config.toml")).expect("kept"), "title = \"mine\"\n");
    // A parent of the dossier is refused too.
    let parent = f.root().parent().expect("parent").to_str().expect("utf8").to_string();
    let out = f.run(&["build", "--output-dir", &parent]);
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn never_follows_symlinks_out_of_the_dossier() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("tmp");
    let o = outside.path();
    std::fs::create_dir_all(o.join("articles")).expect("mkdir");
    std::fs::write(o.join("articles/secret.txt"), "Secret headline\n\nSECRET-ARTICLE body text.\n").expect("w");
    std::fs::write(o.join("secret.txt"), "Secret file\n\nSECRET-FILE body text.\n").expect("w");
    std::fs::write(o.join("glossary.toml"), "[[terms]]\nterm = \"SECRET-TERM\"\n").expect("w");
    std::fs::create_dir_all(o.join("templates")).expect("mkdir");
    std::fs::write(o.join("templates/note.html"), "SECRET-TEMPLATE").expect("w");
    std::fs::create_dir_all(o.join("theme/templates")).expect("mkdir");

    let f = small();
    f.write("content/notes/n.md", "+++\ntitle = \"N\"\n+++\nText.\n");
    symlink(o.join("secret.txt"), f.root().join("content/articles/linked.txt")).expect("ln");
    symlink(o.join("glossary.toml"), f.root().join("content/glossary.toml")).expect("ln");
    symlink(o.join("templates"), f.root().join("templates")).expect("ln");
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("content/articles/linked.txt") && err.contains("symbolic link"), "{err}");
    assert!(err.contains("content/glossary.toml") && err.contains("templates"), "{err}");
    for (path, bytes) in snapshot(&f.out()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"), "{path} holds data from outside the dossier");
    }

    // A linked articles folder, and a theme reached through a link or a path.
    let f = small();
    std::fs::remove_dir_all(f.root().join("content/articles")).expect("rm");
    symlink(o.join("articles"), f.root().join("content/articles")).expect("ln");
    let out = f.run(&["build"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    if f.out().exists() {
        assert!(!f.out().join("articles/secret.html").exists());
    }
    let f = small();
    std::fs::create_dir_all(f.root().join("themes")).expect("mkdir");
    symlink(o.join("theme"), f.root().join("themes/linked")).expect("ln");
    f.write("config.toml", "title = \"T\"\ntheme = \"linked\"\n");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    f.write("config.toml", "title = \"T\"\ntheme = \"../../../etc\"\n");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder name"));
}

#[cfg(unix)]
#[test]
fn refuses_a_symlinked_output_directory() {
    let f = small();
    let elsewhere = tempfile::tempdir().expect("tmp");
    std::fs::write(elsewhere.path().join("keep.txt"), "keep").expect("w");
    std::os::unix::fs::symlink(elsewhere.path(), f.out()).expect("ln");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(elsewhere.path().join("keep.txt")).expect("kept"), "keep");
    assert_eq!(std::fs::read_dir(elsewhere.path()).expect("ls").count(), 1);
}

#[test]
fn builds_are_byte_identical_across_runs_and_thread_counts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = crate::support::repo();
    let mut sites = Vec::new();
    for (i, threads) in ["1", "2", "2"].iter().enumerate() {
        let out_dir = tmp.path().join(format!("site{i}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--root"])
            .arg(&repo)
            .arg("--output-dir")
            .arg(&out_dir)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        sites.push(snapshot(&out_dir));
    }
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert!(sites[0].len() > 20, "the example builds a real site");
    for other in &sites[1..] {
        assert_eq!(names(&sites[0]), names(other));
        for ((p, a), (_, b)) in sites[0].iter().zip(other) {
            assert!(a == b, "{p} differs between builds (RAYON_NUM_THREADS 1 vs 2, or two runs)");
        }
    }
}
