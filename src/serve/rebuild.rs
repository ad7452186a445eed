//! Rebuilds for `dossier serve`: the last analysed [`Site`] and its files stay in memory, and
//! a change redoes only the stages and pages that depend on it.
//!
//! - A change to notes or the cover text only ([`ChangeKind::Notes`]) re-reads and re-parses
//!   the notes ([`crate::reanalyse_notes`]: articles, glossary terms, timeline and outlets stay),
//!   then [`NotesDigest`]s taken before and after decide which pages can differ
//!   ([`notes_selection`]). The notes page, the print pack, the EPUB and the search index,
//!   which hold every note in full and are the most expensive files, are *deferred*: rendered by
//!   [`Builder::render_deferred`] when first asked for (the server asks on the first request
//!   for one of them). A change to what every page shows (the note count, the "as of" date)
//!   renders everything.
//! - A note edit that changes the `[[events]]` of a note's front matter re-runs the whole
//!   analysis (the timeline and the outlet pages read events) and renders the pages [`affected`]
//!   names.
//! - Anything else re-runs everything.
//!
//! The unit tests check that the served files after an incremental rebuild (deferred files
//! rendered) have exactly the bytes of a full build of the same input.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::NotesUpdate;
use crate::diagnostics::Diagnostics;
use crate::glossary::Place;
use crate::markdown::DocRef;
use crate::render::{self, OutputFile, Page, Selection};
use crate::site::{Site, paths};

/// The site as served: output path → bytes (cheap to clone: the bytes are shared).
pub type Files = BTreeMap<String, Bytes>;

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    Built {
        pages: usize,
        rendered: usize,
        took: Duration,
        analyse: Duration,
        warnings: usize,
        /// How the analysis was redone: `full`, or `notes` (only the notes re-read).
        analysis: &'static str,
        /// Files left out of date until asked for (notes page, print pack, EPUB, search index).
        deferred: usize,
    },
    /// The input has errors: the diagnostics as printed (file:line:col, excerpt, hint).
    Failed { report: String, errors: usize },
}

/// Keeps the last good site and its files between rebuilds.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    site: Option<Site>,
    files: Files,
    /// What the pages read from the notes, as of `site`.
    digest: Option<NotesDigest>,
    /// A rebuild that re-runs the whole analysis failed: `site` is older than the articles,
    /// glossary or config, so the next rebuild must re-run everything too.
    stale: bool,
    /// Files of `files` that are out of date (see [`Builder::render_deferred`]).
    deferred: BTreeSet<String>,
    /// The pages the last rebuild rendered.
    rendered: Vec<String>,
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

/// The files that hold every note in full and are rendered on demand after a note edit (the
/// notes page: every note's HTML, ~0.3 s at 1,000 notes; the print pack, EPUB and search
/// index: every note and article, seconds at 10,000 articles).
fn deferrable(site: &Site) -> BTreeSet<String> {
    let mut files: BTreeSet<String> =
        [paths::NOTES.to_string(), paths::PRINT.to_string(), format!("{}/search-index.js", paths::ASSETS)].into();
    if site.config.print.epub {
        files.insert(paths::EPUB.to_string());
    }
    files
}

impl Builder {
    pub fn new(root: &Path, drafts: bool) -> Self {
        Builder {
            root: root.to_path_buf(),
            drafts,
            site: None,
            files: Files::new(),
            digest: None,
            stale: true,
            deferred: BTreeSet::new(),
            rendered: Vec::new(),
        }
    }

    /// The files of the last good build. Those in [`Builder::deferred`] are out of date.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The pages (`.html`) the last successful rebuild rendered, in path order.
    pub fn rendered(&self) -> &[String] {
        &self.rendered
    }

    /// Files whose bytes in [`Builder::files`] are out of date until [`Builder::render_deferred`].
    pub fn deferred(&self) -> &BTreeSet<String> {
        &self.deferred
    }

    /// Renders the deferred files (notes page, print pack, EPUB, search index). Returns how long it took,
    /// or `None` when nothing was deferred.
    pub fn render_deferred(&mut self) -> Option<Duration> {
        if self.deferred.is_empty() {
            return None;
        }
        let start = Instant::now();
        let site = self.site.as_ref()?;
        let mut diags = Diagnostics::new();
        let pages: BTreeSet<String> = self.deferred.iter().filter(|p| p.ends_with(".html")).cloned().collect();
        let mut produced = render::render_pages(site, &Selection::Pages(pages), &mut diags);
        {
            if self.deferred.contains(paths::EPUB)
                && let Some(print) = produced.iter().find(|f| f.path == paths::PRINT)
                && let Some(epub) = render::epub_file(site, &print.bytes, &mut diags)
            {
                produced.push(epub);
            }
        }
        produced.push(render::search_index_file(site));
        // The templates and the site built before without errors; were there one now, the
        // previous bytes stay (and the next full rebuild reports it).
        for f in produced.into_iter().filter(|f| self.deferred.contains(&f.path)) {
            self.files.insert(f.path, Bytes::from(f.bytes));
        }
        self.deferred.clear();
        Some(start.elapsed())
    }

    /// Rebuilds after `kind` of change. On failure the previous files stay.
    pub fn rebuild(&mut self, kind: ChangeKind) -> Outcome {
        let start = Instant::now();
        let mut diags = Diagnostics::new();
        if kind == ChangeKind::Notes
            && !self.stale
            && let (Some(site), Some(before)) = (self.site.as_mut(), self.digest.take())
        {
            match crate::reanalyse_notes(site, &self.root, self.drafts, &mut diags) {
                NotesUpdate::Updated { .. } => {
                    let analyse = start.elapsed();
                    let after = NotesDigest::of(site, Some(&before));
                    let selection = notes_selection(&before, &after);
                    self.digest = Some(after);
                    return self.render_notes_change(selection, &mut diags, start, analyse);
                }
                NotesUpdate::Failed => {
                    self.digest = Some(before);
                    return Outcome::Failed { report: diags.render(), errors: diags.error_count().max(1) };
                }
                NotesUpdate::NeedsAnalysis => {
                    self.digest = Some(before);
                    diags = Diagnostics::new();
                }
            }
        }
        self.rebuild_all(kind, diags, start)
    }

    /// Re-runs the whole analysis, then renders what [`affected`] names (after a note change)
    /// or everything.
    fn rebuild_all(&mut self, kind: ChangeKind, mut diags: Diagnostics, start: Instant) -> Outcome {
        let site = crate::analyse(&self.root, self.drafts, &mut diags);
        let analyse = start.elapsed();
        let Some(site) = site.filter(|_| !diags.has_errors()) else {
            self.stale = true;
            return Outcome::Failed { report: diags.render(), errors: diags.error_count().max(1) };
        };
        let selection = match (&self.site, kind) {
            (Some(old), ChangeKind::Notes) if !self.stale => affected(old, &site),
            _ => Selection::All,
        };
        let produced = render::render_selected(&site, &selection, &mut diags);
        if diags.has_errors() {
            self.stale = true;
            return Outcome::Failed { report: diags.render(), errors: diags.error_count() };
        }
        let pages = render::page_paths(&site);
        self.rendered = produced.iter().filter(|f| pages.contains(&f.path)).map(|f| f.path.clone()).collect();
        let rendered = self.rendered.len();
        // Keep the pages not rendered again that still exist; drop the rest (a deleted note).
        // Every other file was produced again.
        self.files.retain(|path, _| pages.contains(path) && !selection.wants(path));
        for f in produced {
            self.files.insert(f.path, Bytes::from(f.bytes));
        }
        self.deferred.clear();
        self.digest = Some(NotesDigest::of(&site, None));
        self.site = Some(site);
        self.stale = false;
        Outcome::Built {
            pages: pages.len(),
            rendered,
            took: start.elapsed(),
            analyse,
            warnings: diags.warning_count(),
            analysis: "full",
            deferred: 0,
        }
    }

    /// Renders the pages a note change selected; the deferred files wait.
    fn render_notes_change(
        &mut self,
        selection: Selection,
        diags: &mut Diagnostics,
        start: Instant,
        analyse: Duration,
    ) -> Outcome {
        let Some(site) = self.site.as_ref() else {
            return Outcome::Failed { report: "no site to update".to_string(), errors: 1 };
        };
        let deferrable = deferrable(site);
        let produced: Vec<OutputFile> = match &selection {
            // What every page shows changed: a full render (the deferred files included).
            Selection::All => render::render_selected(site, &selection, diags),
            Selection::Pages(p) => {
                let now = Selection::Pages(p.iter().filter(|p| !deferrable.contains(*p)).cloned().collect());
                render::render_pages(site, &now, diags)
            }
        };
        if diags.has_errors() {
            // A template failed on the new notes: the next rebuild re-runs everything.
            self.stale = true;
            return Outcome::Failed { report: diags.render(), errors: diags.error_count() };
        }
        let page_count = site.articles.len() + site.outlets.list.len() + site.notes.len() + render::FIXED_PAGES.len();
        match selection {
            Selection::All => {
                let pages = render::page_paths(site);
                self.rendered = produced.iter().filter(|f| pages.contains(&f.path)).map(|f| f.path.clone()).collect();
                self.files.retain(|path, _| pages.contains(path) && !selection.wants(path));
                self.deferred.clear();
            }
            Selection::Pages(p) => {
                // Only pages were rendered. Drop the pages of removed notes (a note edit adds or
                // removes no other page); everything else stays until rendered again.
                self.rendered = produced.iter().filter(|f| f.path.ends_with(".html")).map(|f| f.path.clone()).collect();
                let notes: std::collections::BTreeSet<String> =
                    site.notes.iter().map(|n| paths::note(&n.slug)).chain([paths::NOTES.to_string()]).collect();
                self.files
                    .retain(|path, _| !(path.starts_with("notes/") && path.ends_with(".html")) || notes.contains(path));
                if p.contains(paths::PRINT) {
                    self.deferred.extend(deferrable);
                }
            }
        }
        let rendered = self.rendered.len();
        for f in produced {
            self.files.insert(f.path, Bytes::from(f.bytes));
        }
        Outcome::Built {
            pages: page_count,
            rendered,
            took: start.elapsed(),
            analyse,
            warnings: diags.warning_count(),
            analysis: "notes",
            deferred: self.deferred.len(),
        }
    }
}

/// What the pages read from the notes and the cover text (as strings, to compare before and
/// after an edit). Taken only when the notes' `[[events]]` did not change, so the timeline,
/// outlet and article pages are out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotesDigest {
    /// What every page shows: the site's counts and dates, and the navigation.
    everywhere: String,
    /// The notes in reading order: page names, anchors, front matter, headings. Cover and notes
    /// lists show them; notes, definitions and event texts link to notes with their titles.
    meta: String,
    /// The cover text.
    cover: String,
    /// Per note page: its front matter, text, and where each of its `[[links]]` leads.
    pages: BTreeMap<String, String>,
    /// The glossary entries' "in notes" lines: per text (cover, note page), the text as
    /// written and each mention in it with the text around it.
    mentions: BTreeMap<String, (String, String)>,
}

impl NotesDigest {
    /// The digest of `site`. `previous`, taken of the same site before a change to notes only
    /// (same glossary), lends the mention lines of the texts that did not change.
    pub fn of(site: &Site, previous: Option<&NotesDigest>) -> NotesDigest {
        use std::fmt::Write;
        let p = Page::new(site, paths::INDEX);
        let everywhere = format!(
            "{}{}",
            serde_json::to_string(&p.site_view()).unwrap_or_default(),
            serde_json::to_string(&p.nav()).unwrap_or_default()
        );
        let mut meta = String::new();
        for i in site.note_order() {
            let n = &site.notes[i];
            let headings = site.docs.notes.get(i).map(|d| &d.doc.headings);
            let _ = writeln!(meta, "{}\0{}\0{}\0{:?}\0{:?}", n.source.slug, n.slug, n.anchor, n.source.front, headings);
        }
        let cover = site.cover.as_ref().map(|c| format!("{}\0{}", c.file, c.text)).unwrap_or_default();
        // Notes name the same targets again and again: resolve each once.
        let mut resolved: BTreeMap<&str, String> = BTreeMap::new();
        let mut pages = BTreeMap::new();
        for (i, n) in site.notes.iter().enumerate() {
            let mut digest = format!("{:?}\0{}", n.source.front, n.source.text);
            for x in site.docs.notes.get(i).map(|d| d.doc.xrefs.as_slice()).unwrap_or_default() {
                let target = resolved.entry(&x.target).or_insert_with(|| format!("{:?}", site.resolve(&x.target)));
                digest.push('\0');
                digest.push_str(target);
            }
            pages.insert(paths::note(&n.slug), digest);
        }
        let mut texts: Vec<(String, DocRef, String)> =
            site.cover.iter().map(|c| (String::new(), DocRef::Cover, c.text.clone())).collect();
        texts.extend(
            site.notes.iter().enumerate().map(|(i, n)| (paths::note(&n.slug), DocRef::Note(i), n.source.text.clone())),
        );
        let mentions = texts
            .into_iter()
            .map(|(key, doc, text)| {
                let lines = match previous.and_then(|d| d.mentions.get(&key)) {
                    Some((was, lines)) if *was == text => lines.clone(),
                    _ => mention_lines(site, doc),
                };
                (key, (text, lines))
            })
            .collect();
        NotesDigest { everywhere, meta, cover, pages, mentions }
    }
}

/// The non-empty mention lines, per text.
fn lines(d: &NotesDigest) -> Vec<(&str, &str)> {
    d.mentions.iter().filter(|(_, (_, l))| !l.is_empty()).map(|(k, (_, l))| (k.as_str(), l.as_str())).collect()
}

/// Each glossary mention in a note or the cover text, with the text run it is in.
fn mention_lines(site: &Site, doc: DocRef) -> String {
    use std::fmt::Write;
    let mut lines = String::new();
    let mut texts: Option<BTreeMap<usize, String>> = None;
    for m in site.glossary.in_doc(doc) {
        let Place::Doc { event, block, .. } = m.place else { continue };
        let texts = texts.get_or_insert_with(|| {
            site.docs
                .get(doc)
                .map(|d| d.doc.linkable_texts().into_iter().map(|(e, _, t)| (e, t.to_string())).collect())
                .unwrap_or_default()
        });
        let text = texts.get(&event).map_or("", String::as_str);
        let _ = writeln!(lines, "{}\0{event}\0{block}\0{:?}\0{}\0{text}", m.term, m.range, m.matched);
    }
    lines
}

/// The pages that can differ after a note change that left the notes' events alone.
pub fn notes_selection(before: &NotesDigest, after: &NotesDigest) -> Selection {
    if before.everywhere != after.everywhere {
        return Selection::All;
    }
    let mut pages: BTreeSet<String> = BTreeSet::new();
    for (path, digest) in &after.pages {
        if before.pages.get(path) != Some(digest) {
            pages.insert(path.clone());
        }
    }
    let meta = before.meta != after.meta;
    if meta || before.cover != after.cover {
        pages.insert(paths::INDEX.to_string());
    }
    if meta {
        // Definitions and event texts can link to notes, by title.
        pages.extend([paths::GLOSSARY, paths::TIMELINE].map(String::from));
    }
    if lines(before) != lines(after) {
        pages.insert(paths::GLOSSARY.to_string());
    }
    if meta || !pages.is_empty() || before.pages.len() != after.pages.len() {
        pages.extend([paths::NOTES, paths::PRINT].map(String::from));
    }
    Selection::Pages(pages)
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
    const A: &str = "+++\ntitle = \"A\"\n+++\nSee [[note:b]] and the ICC.\n";
    const C: &str = "+++\ntitle = \"C\"\n+++\n## Part\n\nAfter [[note:a]], nothing.\n";

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
        write(root, "content/notes/a.md", A);
        write(root, "content/notes/b.md", B_WITH_EVENT);
        write(root, "content/notes/c.md", C);
        dir
    }

    /// What a rebuild is expected to redo: the analysis (`notes` or `full`) and the pages
    /// rendered (`None`: every page).
    type Expect<'a> = (&'a str, Option<&'a [&'a str]>);

    /// Applies `edits` (path, new text or `None` to delete) to the dossier as it is, rebuilds
    /// the way `serve` does, and compares with a full build of the same files.
    fn step(dir: &Path, b: &mut Builder, edits: &[(&str, Option<&str>)], expect: Expect<'_>) {
        let changed: Vec<PathBuf> = edits.iter().map(|(p, _)| dir.join(p)).collect();
        for (p, t) in edits {
            match t {
                Some(t) => write(dir, p, t),
                None => std::fs::remove_file(dir.join(p)).expect("remove"),
            }
        }
        let outcome = b.rebuild(classify(dir, &changed));
        let Outcome::Built { pages, rendered, analysis, .. } = outcome else { panic!("{outcome:?}") };
        assert_eq!(analysis, expect.0, "analysis");
        match expect.1 {
            None => assert_eq!(rendered, pages, "rendered {:?}", b.rendered()),
            Some(want) => assert_eq!(b.rendered(), want, "rendered"),
        }
        let whole = full(dir);
        assert_eq!(b.files.keys().collect::<Vec<_>>(), whole.keys().collect::<Vec<_>>());
        // Before the deferred files are asked for, every other file is already up to date.
        for (path, bytes) in whole.iter().filter(|(p, _)| !b.deferred().contains(*p)) {
            assert!(b.files.get(path) == Some(bytes), "{path} differs from a full build");
        }
        b.render_deferred();
        assert!(b.deferred().is_empty());
        for (path, bytes) in &whole {
            assert!(b.files.get(path) == Some(bytes), "{path} differs from a full build (deferred rendered)");
        }
    }

    fn check(edits: &[(&str, Option<&str>)], expect: Expect<'_>) {
        let dir = dossier();
        let mut b = Builder::new(dir.path(), false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        step(dir.path(), &mut b, edits, expect);
    }

    #[test]
    fn note_text_edit_renders_only_that_note() {
        let a = format!("{A}\nOne more sentence.\n");
        check(&[("content/notes/a.md", Some(&a))], ("notes", Some(&["notes/a.html"])));
        // The cover text: the cover (and the notes page, conservatively); its mention of the
        // ICC is counted on the glossary.
        check(&[("content/index.md", Some("About [[note:a]].\n"))], ("notes", Some(&["index.html"])));
        check(
            &[("content/index.md", Some("The ICC, and [[note:a]].\n"))],
            ("notes", Some(&["glossary.html", "index.html"])),
        );
    }

    #[test]
    fn note_edit_touching_a_mention_renders_the_glossary() {
        let a = A.replace("and the ICC", "and, again, the ICC");
        check(&[("content/notes/a.md", Some(&a))], ("notes", Some(&["glossary.html", "notes/a.html"])));
    }

    #[test]
    fn note_title_edit_renders_the_notes_linking_to_it() {
        let a = A.replace("title = \"A\"", "title = \"A renamed\"");
        check(
            &[("content/notes/a.md", Some(&a))],
            ("notes", Some(&["glossary.html", "index.html", "notes/a.html", "notes/c.html", "timeline.html"])),
        );
    }

    /// An editor's event whose text links a note by its title: `timeline.json` carries the
    /// title too, and is made again with the timeline page.
    #[test]
    fn note_title_edit_updates_the_timeline_json_of_events_linking_to_it() {
        let dir = dossier();
        write(
            dir.path(),
            "content/timeline.toml",
            "[[events]]\ndate = \"2014-10-27\"\ntitle = \"Talks\"\nbody = \"See [[note:a]].\"\nsources = [\"ap-2014-10-28\"]\n",
        );
        let mut b = Builder::new(dir.path(), false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        let a = A.replace("title = \"A\"", "title = \"A renamed\"");
        step(
            dir.path(),
            &mut b,
            &[("content/notes/a.md", Some(&a))],
            ("notes", Some(&["glossary.html", "index.html", "notes/a.html", "notes/c.html", "timeline.html"])),
        );
        let json = b.files.get(paths::TIMELINE_JSON).map(|j| String::from_utf8_lossy(j).into_owned());
        assert!(json.is_some_and(|j| j.contains("A renamed")), "timeline.json has the new title");
    }

    #[test]
    fn note_added_removed_or_renamed_gives_full_build_bytes() {
        // The note count is on every page.
        check(&[("content/notes/d.md", Some("+++\ntitle = \"D\"\n+++\nNew.\n"))], ("notes", None));
        check(&[("content/notes/c.md", None)], ("notes", None));
        check(
            &[("content/notes/c.md", None), ("content/notes/e.md", Some(C))],
            // The slug changed: lists of notes, and what links to notes by title.
            ("notes", Some(&["glossary.html", "index.html", "notes/e.html", "timeline.html"])),
        );
    }

    #[test]
    fn note_error_keeps_the_last_site_and_a_fix_recovers() {
        let dir = dossier();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        let before = b.files.clone();
        for broken in [A.replace("[[note:b]]", "[[note:nowhere]]"), A.replace("+++\n", "+++\ntitle = \n")] {
            write(root, "content/notes/a.md", &broken);
            let outcome = b.rebuild(ChangeKind::Notes);
            let Outcome::Failed { report, .. } = outcome else { panic!("{outcome:?}") };
            assert!(report.contains("content/notes/a.md:"), "{report}");
            assert!(b.files == before, "a failed rebuild changed the served files");
        }
        // The fix: back to the site as it was, then an edit on top.
        let a = format!("{A}\nFixed.\n");
        step(root, &mut b, &[("content/notes/a.md", Some(&a))], ("notes", Some(&["notes/a.html"])));
    }

    #[test]
    fn note_after_a_failed_full_rebuild_reruns_everything() {
        let dir = dossier();
        let root = dir.path();
        let mut b = Builder::new(root, false);
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Built { .. }));
        let glossary = std::fs::read_to_string(root.join("content/glossary.toml")).expect("read");
        write(root, "content/glossary.toml", "[[terms]\n");
        assert!(matches!(b.rebuild(ChangeKind::Other), Outcome::Failed { .. }));
        // The glossary is fixed (differently), but the watcher only saw a note change since.
        write(root, "content/glossary.toml", &glossary.replace("A court.", "A court in The Hague."));
        let a = format!("{A}\nMore.\n");
        step(root, &mut b, &[("content/notes/a.md", Some(&a))], ("full", None));
    }

    #[test]
    fn note_event_edits_rerun_the_analysis() {
        let b = B_WITH_EVENT.replace("ap-2014-10-28", "afp-2014-10-29");
        check(
            &[("content/notes/b.md", Some(&b))],
            (
                "full",
                Some(&[
                    "articles/afp-2014-10-29.html",
                    "articles/ap-2014-10-28.html",
                    "glossary.html",
                    "index.html",
                    "notes/a.html",
                    "notes/b.html",
                    "notes/c.html",
                    "notes/index.html",
                    "outlets/associated-press.html",
                    "outlets/index.html",
                    "print.html",
                    "search.html",
                    "timeline.html",
                ]),
            ),
        );
        // The date span of the site changes: every page.
        check(
            &[("content/notes/b.md", Some(&B_WITH_EVENT.replace("10-28\"\ntitle", "10-20\"\ntitle")))],
            ("full", None),
        );
    }

    #[test]
    fn other_changes_render_everything() {
        check(&[("content/articles/ap-2014-10-28.txt", Some(&ARTICLE.replace("second", "third")))], ("full", None));
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
