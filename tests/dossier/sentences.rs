//! The fast sentence splitter (`dossier::sentences`) against `unicode_segmentation` on real
//! text: every file of the shared corpus (scrapes and saved pages in several languages) and
//! the example's articles, whole and line by line.

use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

use crate::support::{corpus, repo};

fn reference(text: &str) -> Vec<std::ops::Range<usize>> {
    text.split_sentence_bound_indices().map(|(i, s)| i..i + s.len()).collect()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn check_file(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(dossier::sentences::bounds(&text), reference(&text), "{}", path.display());
    let mut lines = 0;
    for line in text.lines() {
        assert_eq!(dossier::sentences::bounds(line), reference(line), "{}: {line:?}", path.display());
        lines += 1;
    }
    lines
}

#[test]
fn sentences_split_as_unicode_segmentation_on_the_example() {
    let mut files = Vec::new();
    files_under(&repo().join("content"), &mut files);
    assert!(!files.is_empty());
    let lines: usize = files.iter().map(|f| check_file(f)).sum();
    assert!(lines > 100, "{lines} lines");
}

#[test]
fn sentences_split_as_unicode_segmentation_on_the_corpus() {
    let Some(dir) = corpus().filter(|p| p.is_dir()) else {
        assert!(
            std::env::var("DOSSIER_REQUIRE_CORPUS").as_deref() != Ok("1"),
            "corpus not found (DOSSIER_CORPUS or ../shared/corpus) and DOSSIER_REQUIRE_CORPUS=1"
        );
        eprintln!("sentences_split_as_unicode_segmentation_on_the_corpus: skipped: corpus not found");
        return;
    };
    let mut files = Vec::new();
    files_under(&dir, &mut files);
    assert!(files.len() > 10, "{} files", files.len());
    for f in &files {
        check_file(f);
    }
}
