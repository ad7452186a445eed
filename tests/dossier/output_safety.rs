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
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .expect("ls")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty());
}
