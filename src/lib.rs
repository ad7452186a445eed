//! `dossier`: a static site generator for news briefing dossiers.
//!
//! The pipeline, one module per stage, each taking the previous stage's model and returning
//! its own (see ARCHITECTURE.md):
//! `config` → `content` → `extract` → `markdown` → `glossary` → `timeline` → `outlets` →
//! `site` → `render` → `output`. The drivers are `cli`, `check`, `serve` (the preview server) and `scaffold`
//! (`dossier init`, `dossier new`).

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod extract;
pub mod glossary;
pub mod lints;
pub mod markdown;
pub mod outlets;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod sentences;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod slug;
pub mod sorted;
#[cfg(test)]
mod test_rng;
pub mod timeline;
pub mod toml_input;
pub mod xref;

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::site::Site;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The dossier's folder.
    pub root: PathBuf,
    /// Overrides `output_dir` of the config (relative paths are relative to the current directory).
    pub output_dir: Option<PathBuf>,
    /// Include notes marked `draft = true`.
    pub drafts: bool,
}

/// What a build produced.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub articles: usize,
    pub outlets: usize,
    pub notes: usize,
    pub terms: usize,
    pub events: usize,
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// Time per stage.
    pub timings: Timings,
    /// Warnings (the build succeeded).
    pub diagnostics: Diagnostics,
}

/// Why a build failed.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the input: every one of them, with positions.
    Input(Diagnostics),
    /// The environment failed (I/O, permissions).
    Io(anyhow::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Input(d) => write!(f, "{}{} error(s)", d.render(), d.error_count()),
            BuildError::Io(e) => write!(f, "{e:#}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Wall time per stage of a build, in pipeline order (two stages that run at the same time,
/// `timeline` and `outlets`, each with its own time: they overlap).
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, std::time::Duration)>);

impl Timings {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push((stage, start.elapsed()));
        value
    }
}

/// Times stages and announces each as it starts (for a progress line on a terminal).
struct Stages<'a> {
    timings: &'a mut Timings,
    progress: &'a dyn Fn(&'static str),
}

impl Stages<'_> {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        (self.progress)(stage);
        self.timings.time(stage, f)
    }

    /// Runs two independent stages at the same time (on the thread pool), each timed on its own.
    fn time_both<A: Send, B: Send>(
        &mut self,
        (stage_a, a): (&'static str, impl FnOnce() -> A + Send),
        (stage_b, b): (&'static str, impl FnOnce() -> B + Send),
    ) -> (A, B) {
        (self.progress)(stage_a);
        (self.progress)(stage_b);
        let ((value_a, took_a), (value_b, took_b)) = rayon::join(
            || {
                let start = Instant::now();
                (a(), start.elapsed())
            },
            || {
                let start = Instant::now();
                (b(), start.elapsed())
            },
        );
        self.timings.0.push((stage_a, took_a));
        self.timings.0.push((stage_b, took_b));
        (value_a, value_b)
    }
}

/// Runs every stage up to the assembled site. `None` when the config could not be read.
pub fn analyse(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
    let mut stages = Stages { timings: &mut Timings::default(), progress: &|_| {} };
    analyse_timed(root, drafts, diags, &mut stages)
}

/// Compiles the patterns of extraction, the date tagger and the outlets' passes on the pool,
/// several at once, while the dossier is read. They would compile on first use anyway (a
/// large dossier uses them all), but there the threads extracting the first articles all
/// wait on the same pattern while one compiles it: for a small dossier, compiling patterns
/// one at a time was most of the build.
fn warm_patterns() {
    use rayon::prelude::*;
    let all: Vec<fn()> = timeline::WARM.iter().chain(&outlets::WARM).chain(&extract::WARM).copied().collect();
    all.par_iter().with_max_len(1).for_each(|warm| warm());
}

fn analyse_timed(root: &Path, drafts: bool, diags: &mut Diagnostics, t: &mut Stages<'_>) -> Option<Site> {
    let sources = t.time("load", || -> Option<content::Sources> {
        let (sources, ()) =
            rayon::join(|| Some(content::load(root, Config::load(root, diags)?, drafts, diags)), warm_patterns);
        sources
    })?;
    let articles = t.time("extract", || extract::extract_all(&sources.articles, &sources.config, diags));
    let docs = t.time("markdown", || markdown::build(&sources, diags));
    let glossary = t.time("glossary", || glossary::build(&sources, &docs, &articles, diags));
    let (articles, collected) = t.time("infer dates", || timeline::infer_dates_collecting(articles, &glossary));
    extract::warn_unknown_dates(&articles, diags);
    // The outlets' comparison reads the timeline only for the events each outlet reports:
    // the rest of it runs while the timeline is built.
    let (timeline, mut outlets) = t.time_both(
        ("timeline", || timeline::build_reusing(&sources, &articles, &glossary, collected, diags)),
        ("outlets", || outlets::build_without_events(&sources.config, &articles, &glossary)),
    );
    outlets::add_events(&mut outlets, &timeline);
    let site = t.time("assemble", || site::assemble(sources, articles, docs, glossary, timeline, outlets, diags));
    render::check_output_paths(&site, diags);
    Some(site)
}

/// What [`reanalyse_notes`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesUpdate {
    /// The site holds the notes and cover text as they are now; `reparsed` texts were new or
    /// changed (the others kept their parsed documents and glossary mentions).
    Updated { reparsed: usize },
    /// The `[[events]]` in notes' front matter changed: the timeline and the outlet pages read
    /// them, so run [`analyse`] again. The site is as it was.
    NeedsAnalysis,
    /// The notes have errors (in the diagnostics). The site is as it was.
    Failed,
}

/// After edits to `content/notes/*.md` or `content/index.md` only (for `dossier serve`):
/// re-reads the notes and the cover text, parses the changed ones again, finds their glossary
/// mentions and checks every cross-reference again; the articles, glossary terms, timeline
/// and outlets of `site` stay (no stage after `markdown` reads notes except through their
/// events, `glossary`'s mentions and `site`'s notes, all redone here). The result equals what
/// [`analyse`] gives for the same files.
pub fn reanalyse_notes(site: &mut Site, root: &Path, drafts: bool, diags: &mut Diagnostics) -> NotesUpdate {
    use std::collections::BTreeMap;

    use crate::glossary::{Mention, Place};
    use crate::markdown::{DocRef, SourcedDoc};

    let loaded = content::load_notes(root, drafts, diags);
    if format!("{:?}", loaded.events) != format!("{:?}", site.note_events) {
        return NotesUpdate::NeedsAnalysis;
    }
    let opts = markdown::Options { smart_punctuation: site.config.markdown.smart_punctuation };
    let same =
        |a: &content::NoteSource, b: &content::NoteSource| a.file == b.file && a.slug == b.slug && a.text == b.text;
    // Unchanged texts keep their documents and mentions (re-indexed: notes may come and go).
    let old_index: BTreeMap<&str, usize> =
        site.notes.iter().enumerate().map(|(i, n)| (n.source.file.as_str(), i)).collect();
    let doc_mentions = |doc: DocRef| -> Vec<Mention> { site.glossary.in_doc(doc).cloned().collect() };
    // The glossary's own matcher: its terms are those the site was analysed with.
    let matcher = site.glossary.matcher();
    let mut reparsed = 0;
    let mut mentions: Vec<Mention> = Vec::new();
    let cover_doc = match (&loaded.cover, &site.cover, &site.docs.cover) {
        (Some(new), Some(old), Some(doc)) if same(new, old) => {
            mentions.extend(doc_mentions(DocRef::Cover));
            Some(doc.clone())
        }
        (Some(new), ..) => {
            reparsed += 1;
            let doc = markdown::parse_cover(new, &opts);
            mentions.extend(glossary::mentions_in_doc(&matcher, DocRef::Cover, &doc.doc));
            Some(doc)
        }
        (None, ..) => None,
    };
    let mut note_docs: Vec<std::sync::Arc<SourcedDoc>> = Vec::with_capacity(loaded.notes.len());
    for (i, n) in loaded.notes.iter().enumerate() {
        let old = old_index.get(n.file.as_str()).copied().filter(|&o| same(n, &site.notes[o].source));
        match old.and_then(|o| Some((o, site.docs.notes.get(o)?))) {
            Some((o, doc)) => {
                note_docs.push(std::sync::Arc::clone(doc));
                mentions.extend(doc_mentions(DocRef::Note(o)).into_iter().map(|mut m| {
                    if let Place::Doc { doc, .. } = &mut m.place {
                        *doc = DocRef::Note(i);
                    }
                    m
                }));
            }
            None => {
                reparsed += 1;
                let doc = markdown::parse_note(n, &opts);
                mentions.extend(glossary::mentions_in_doc(&matcher, DocRef::Note(i), &doc.doc));
                note_docs.push(std::sync::Arc::new(doc));
            }
        }
    }
    mentions.sort_by_key(|m| (m.place, m.range.start));
    // Done matching; the glossary's mention index is rebuilt below.
    drop(matcher);
    for d in cover_doc.iter().chain(note_docs.iter().map(|d| &**d)) {
        markdown::report_errors(d, diags);
    }
    let notes = site::note_pages(loaded.notes, diags);
    if diags.has_errors() {
        return NotesUpdate::Failed;
    }
    // Swap the new parts in; swap them back if a cross-reference no longer resolves.
    let g = &site.glossary.mentions;
    let from = g.partition_point(|m| m.place < Place::Doc { doc: DocRef::Cover, event: 0, block: 0 });
    let to = g.partition_point(|m| m.place < Place::Doc { doc: DocRef::Definition(0), event: 0, block: 0 });
    let new_count = mentions.len();
    let old_mentions: Vec<Mention> = site.glossary.mentions.splice(from..to, mentions).collect();
    site.glossary.index_terms();
    let old_notes = std::mem::replace(&mut site.notes, notes);
    let old_note_ids = std::mem::replace(&mut site.note_ids, site::note_ids(&site.notes));
    let old_cover = std::mem::replace(&mut site.cover, loaded.cover);
    let old_cover_doc = std::mem::replace(&mut site.docs.cover, cover_doc);
    let old_docs = std::mem::replace(&mut site.docs.notes, note_docs);
    let old_latest = std::mem::replace(&mut site.latest, site::latest_date(&site.notes, &site.articles));
    site::check_xrefs(site, diags);
    if diags.has_errors() {
        site.glossary.mentions.splice(from..from + new_count, old_mentions);
        site.glossary.index_terms();
        site.notes = old_notes;
        site.note_ids = old_note_ids;
        site.cover = old_cover;
        site.docs.cover = old_cover_doc;
        site.docs.notes = old_docs;
        site.latest = old_latest;
        return NotesUpdate::Failed;
    }
    NotesUpdate::Updated { reparsed }
}

/// Builds the dossier at `opts.root`. Nothing is written unless the whole build succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(opts, &|_| {})
}

/// Like [`build`], calling `progress` with each stage's name (`load`, `extract`, …, `render`,
/// `write`) as it starts.
pub fn build_with_progress(opts: &BuildOptions, progress: &dyn Fn(&'static str)) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut timings = Timings::default();
    let mut stages = Stages { timings: &mut timings, progress };
    let site = analyse_timed(&opts.root, opts.drafts, &mut diags, &mut stages);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        return Err(BuildError::Input(diags));
    };
    let output_dir = match &opts.output_dir {
        Some(dir) => dir.clone(),
        None => opts.root.join(&site.config.output_dir),
    };
    // Pages are written to a staging directory as they are rendered (so the whole site is
    // never held in memory); it replaces the output directory only if everything succeeded.
    let staging = output::Staging::open(&opts.root, &output_dir).map_err(BuildError::Io)?;
    let counts = std::sync::Mutex::new((0usize, 0usize));
    let sink = |file: render::OutputFile| -> anyhow::Result<()> {
        staging.put(&file)?;
        if let Ok(mut c) = counts.lock() {
            c.0 += usize::from(file.path.ends_with(".html"));
            c.1 += 1;
        }
        Ok(())
    };
    stages
        .time("render", || render::render_into(&site, &render::Selection::All, &mut diags, &sink))
        .map_err(BuildError::Io)?;
    if diags.has_errors() {
        return Err(BuildError::Input(diags));
    }
    stages.time("write", || staging.finish()).map_err(BuildError::Io)?;
    let (pages, files) = counts.into_inner().unwrap_or_default();
    let report = BuildReport {
        output_dir,
        articles: site.articles.len(),
        outlets: site.outlets.list.len(),
        notes: site.notes.len(),
        terms: site.glossary.terms.len(),
        events: site.timeline.entries.iter().filter(|e| e.is_editor()).count(),
        pages,
        files,
        millis: start.elapsed().as_millis(),
        timings,
        diagnostics: diags,
    };
    drop_in_background(site);
    Ok(report)
}

/// Frees `value` on a thread of its own: an analysed site is millions of small allocations
/// (~0.1 s to free at 10,000 articles) and nothing waits for them; a command-line build
/// exits without waiting. When no thread can be started, it is freed here.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}
