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
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod slug;
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

/// Wall time per stage of a build, in pipeline order.
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
}

/// Runs every stage up to the assembled site. `None` when the config could not be read.
pub fn analyse(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
    let mut stages = Stages { timings: &mut Timings::default(), progress: &|_| {} };
    analyse_timed(root, drafts, diags, &mut stages)
}

fn analyse_timed(root: &Path, drafts: bool, diags: &mut Diagnostics, t: &mut Stages<'_>) -> Option<Site> {
    let sources = t.time("load", || -> Option<content::Sources> {
        let config = Config::load(root, diags)?;
        Some(content::load(root, config, drafts, diags))
    })?;
    let articles = t.time("extract", || extract::extract_all(&sources.articles, &sources.config, diags));
    let docs = t.time("markdown", || markdown::build(&sources, diags));
    let glossary = t.time("glossary", || glossary::build(&sources, &docs, &articles, diags));
    let articles = t.time("infer dates", || timeline::infer_dates(articles, &glossary));
    extract::warn_unknown_dates(&articles, diags);
    let timeline = t.time("timeline", || timeline::build(&sources, &articles, &glossary, diags));
    let outlets = t.time("outlets", || outlets::build(&sources.config, &articles, &glossary, &timeline));
    Some(t.time("assemble", || site::assemble(sources, articles, docs, glossary, timeline, outlets, diags)))
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
    Ok(BuildReport {
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
    })
}
