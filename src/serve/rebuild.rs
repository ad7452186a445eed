//! Rebuilds for `dossier serve`: the previous [`Site`] and outputs stay in memory, and a
//! change to notes re-renders only the pages that can depend on notes.
//!
//! Every rebuild re-runs the analysis (it is what finds errors), then [`affected`] decides which
//! pages to render again. The rule is conservative: anything but a note or the cover text
//! changing, or a change to what every page shows (site counts, date span, navigation), renders
//! everything. The unit tests check that an incremental rebuild gives the same bytes as a full
//! build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostics;
use crate::render::{self, Page, Selection};
use crate::site::{Site, paths};

/// The site as served: output path → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    Built {
        pages: usize,
        rendered: usize,
        took: Duration,
        analyse: Duration,
        warnings: usize,
    },
    /// The input has errors: the diagnostics as printed (file:line:col, excerpt, hint).
    Failed {
        report: String,
        errors: usize,
    },
}

/// Keeps the last good site and its files between rebuilds.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    site: Option<Site>,
    files: Files,
}

/// Which files a change touched, relative to the dossier root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only `content/notes/*.md` or `content/index.md`.
    Notes,
    /// Anything else (articles, glossary, timeline, config, templates, themes).
    Other,
}

/// Classifies changed paths (relative to the root, or absolute under it).
pub fn classify(root: &Path, changed: &[PathBuf]) -> ChangeKind {
    let notes_only = !changed.is_empty()
        && changed.iter().all(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p);
            let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            match parts.as_slice() {
                [c, i] => c == "content" && i == "index.md",
                [c, n, f] => c == "content" && n == "notes" && f.ends_with(".md"),
                _ => false,
            }
        });
    if notes_only { ChangeKind::Notes } else { ChangeKind::Other }
}

impl Builder {
    pub fn new(root: &Path, drafts: bool) -> Self {
        Builder { root: root.to_path_buf(), drafts, site: None, files: Files::new() }
    }

    /// The files of the last good build.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// Rebuilds after `kind` of change. On failure the previous files stay.
    pub fn rebuild(&mut self, kind: ChangeKind) -> Outcome {
        let start = Instant::now();
        let mut diags = Diagnostics::new();
        let site = crate::analyse(&self.root, self.drafts, &mut diags);
        let analyse = start.elapsed();
        let Some(site) = site.filter(|_| !diags.has_errors()) else {
            return Outcome::Failed { report: diags.render(), errors: diags.error_count().max(1) };
        };
        let selection = match (&self.site, kind) {
            (Some(old), ChangeKind::Notes) => affected(old, &site),
            _ => Selection::All,
        };
        let produced = render::render_selected(&site, &selection, &mut diags);
        if diags.has_errors() {
            return Outcome::Failed { report: diags.render(), errors: diags.error_count() };
        }
        let pages = render::page_paths(&site);
        let rendered = produced.iter().filter(|f| pages.contains(&f.path)).count();
        let mut files: Files = std::mem::take(&mut self.files);
        // Keep the pages not rendered again that still exist; drop the rest (a deleted note).
        files.retain(|path, _| pages.contains(path) && !selection_rendered(&selection, path));
        for f in produced {
            files.insert(f.path, f.bytes);
        }
        self.files = files;
        self.site = Some(site);
        Outcome::Built { pages: pages.len(), rendered, took: start.elapsed(), analyse, warnings: diags.warning_count() }
    }
}

fn selection_rendered(selection: &Selection, path: &str) -> bool {
    selection.wants(path)
}

/// The pages a change to notes (or the cover text) can alter, given the sites before and after.
pub fn affected(old: &Site, new: &Site) -> Selection {
    // What every page shows: the site's counts and span, and the navigation.
    let everywhere = |s: &Site| {
        let p = Page::new(s, paths::INDEX);
        (serde_json::to_string(&p.site_view()).ok(), serde_json::to_string(&p.nav()).ok())
    };
    if everywhere(old) != everywhere(new) || old.articles.len() != new.articles.len() {
        return Selection::All;
    }
    let mut pages: BTreeSet<String> =
        [paths::INDEX, paths::NOTES, paths::GLOSSARY, paths::TIMELINE, paths::SEARCH, paths::PRINT]
            .iter()
            .map(|p| p.to_string())
            .collect();
    // Notes link to each other (with titles as labels): all note pages, old and new.
    pages.extend(new.notes.iter().map(|n| paths::note(&n.slug)));
    // Editor events (notes' `[[events]]`) appear on the pages of the articles they cite and on
    // the outlet pages (events covered and missed).
    let events = |s: &Site| -> BTreeMap<String, String> {
        s.articles
            .iter()
            .enumerate()
            .map(|(a, art)| {
                let path = paths::article(&art.slug);
                let p = Page::new(s, &path);
                let refs: Vec<_> = s
                    .timeline
                    .entries
                    .iter()
                    .filter(|e| e.is_editor() && e.sources.iter().any(|src| src.article == a))
                    .map(|e| p.entry_ref(e))
                    .collect();
                (path, serde_json::to_string(&refs).unwrap_or_default())
            })
            .collect()
    };
    let (before, after) = (events(old), events(new));
    let mut events_changed = false;
    for (path, refs) in &after {
        if before.get(path) != Some(refs) {
            pages.insert(path.clone());
            events_changed = true;
        }
    }
    let entries = |s: &Site| -> Vec<(String, String)> {
        s.timeline.entries.iter().map(|e| (e.anchor.clone(), e.title.clone())).collect()
    };
    if events_changed || entries(old) != entries(new) {
        pages.insert(paths::OUTLETS.to_string());
        pages.extend(new.outlets.list.iter().map(|o| paths::outlet(&o.slug)));
    }
    Selection::Pages(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    fn full(root: &Path) -> Files {
        let mut b = Builder::new(root, false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        b.files
    }

    const ARTICLE: &str = "Some Outlet\nA headline about the court\nBy Jane Doe\nOctober 28, 2014\n\nUNITED NATIONS (AP) — The International Criminal Court said on Monday it would look again.\n\nA second paragraph with more words in it.\n";

    const B_WITH_EVENT: &str = "+++\ntitle = \"B\"\n[[events]]\ndate = \"2014-10-28\"\ntitle = \"Meeting\"\nsources = [\"ap-2014-10-28\"]\n+++\nText.\n";

    fn dossier() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "config.toml", "title = \"T\"\n");
        write(root, "content/articles/ap-2014-10-28.txt", ARTICLE);
        write(root, "content/articles/afp-2014-10-29.txt", &ARTICLE.replace("28", "29"));
        write(
            root,
            "content/articles/bbc-2014-10-29.txt",
            &ARTICLE.replace("28", "29").replace("Some Outlet", "BBC News"),
        );
        write(
            root,
            "content/glossary.toml",
            "[[terms]]\nterm = \"International Criminal Court\"\nabbr = \"ICC\"\nkind = \"organisation\"\ndefinition = \"A court.\"\n",
        );
        write(root, "content/notes/a.md", "+++\ntitle = \"A\"\n+++\nSee [[note:b]] and the ICC.\n");
        write(root, "content/notes/b.md", B_WITH_EVENT);
        dir
    }

    /// Edits `path` to `text`, rebuilds incrementally, and compares with a full build.
    fn check(edits: &[(&str, &str)], expect_all: bool) {
        let dir = dossier();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        let changed: Vec<PathBuf> = edits.iter().map(|(p, _)| root.join(p)).collect();
        for (p, t) in edits {
            write(root, p, t);
        }
        let kind = classify(root, &changed);
        let outcome = b.rebuild(kind);
        let Outcome::Built { pages, rendered, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(rendered == pages, expect_all, "rendered {rendered} of {pages}");
        let whole = full(root);
        assert_eq!(b.files.keys().collect::<Vec<_>>(), whole.keys().collect::<Vec<_>>());
        for (path, bytes) in &whole {
            assert!(b.files.get(path) == Some(bytes), "{path} differs from a full build");
        }
    }

    #[test]
    fn note_edit_renders_a_subset_with_full_build_bytes() {
        check(&[("content/notes/b.md", &B_WITH_EVENT.replace("title = \"B\"", "title = \"B renamed\""))], false);
        check(&[("content/notes/a.md", "+++\ntitle = \"A\"\n+++\nNow about the ICC, [[note:b|B]].\n")], false);
        check(&[("content/index.md", "The ICC, and [[note:a]].\n")], false);
    }

    #[test]
    fn note_event_citing_an_article_updates_that_article() {
        check(&[("content/notes/b.md", &B_WITH_EVENT.replace("ap-2014-10-28", "afp-2014-10-29"))], false);
        check(&[("content/notes/b.md", &B_WITH_EVENT.replace("Meeting", "A meeting"))], false);
        // The date span of the site changes: every page.
        check(&[("content/notes/b.md", &B_WITH_EVENT.replace("10-28\"\ntitle", "10-20\"\ntitle"))], true);
    }

    #[test]
    fn other_changes_render_everything() {
        check(&[("content/articles/ap-2014-10-28.txt", &ARTICLE.replace("second", "third"))], true);
        check(&[("content/notes/c.md", "+++\ntitle = \"C\"\n+++\nNew.\n")], true); // counts change
    }

    #[test]
    fn classify_changes() {
        let root = Path::new("/d");
        let c = |ps: &[&str]| classify(root, &ps.iter().map(PathBuf::from).collect::<Vec<_>>());
        assert_eq!(c(&["/d/content/notes/a.md"]), ChangeKind::Notes);
        assert_eq!(c(&["/d/content/index.md", "/d/content/notes/b.md"]), ChangeKind::Notes);
        assert_eq!(c(&["/d/content/notes/a.md", "/d/config.toml"]), ChangeKind::Other);
        assert_eq!(c(&["/d/content/glossary.toml"]), ChangeKind::Other);
        assert_eq!(c(&["/d/templates/note.html"]), ChangeKind::Other);
        assert_eq!(c(&[]), ChangeKind::Other);
    }
}
