//! `dossier`: a static site generator for news briefing dossiers.
//!
//! The pipeline, one module per stage, each taking the previous stage's model and returning
//! its own (see ARCHITECTURE.md):
//! `config` → `content` → `extract` → `markdown` → `glossary` → `timeline` → `outlets` →
//! `site` → `render` → `output`. The drivers are `cli`, `check` and `scaffold` (`dossier init`).

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod extract;
pub mod glossary;
pub mod markdown;
pub mod outlets;
pub mod output;
pub mod render;
pub mod scaffold;
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

/// Runs every stage up to the assembled site. `None` when the config could not be read.
pub fn analyse(root: &Path, drafts: bool, diags: &mut Diagnostics) -> Option<Site> {
    let config = Config::load(root, diags)?;
    let sources = content::load(root, config, drafts, diags);
    let articles = extract::extract_all(&sources.articles, &sources.config, diags);
    let docs = markdown::build(&sources, diags);
    let glossary = glossary::build(&sources, &docs, &articles, diags);
    let timeline = timeline::build(&sources, &articles, diags);
    let outlets = outlets::build(&sources.config, &articles, &glossary, &timeline);
    Some(site::assemble(sources, articles, docs, glossary, timeline, outlets, diags))
}

/// Builds the dossier at `opts.root`. Nothing is written unless the whole build succeeds.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let site = analyse(&opts.root, opts.drafts, &mut diags);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        return Err(BuildError::Input(diags));
    };
    let files = render::render(&site, &mut diags);
    if diags.has_errors() {
        return Err(BuildError::Input(diags));
    }
    let output_dir = match &opts.output_dir {
        Some(dir) => dir.clone(),
        None => opts.root.join(&site.config.output_dir),
    };
    output::write(&opts.root, &output_dir, &files).map_err(BuildError::Io)?;
    Ok(BuildReport {
        output_dir,
        articles: site.articles.len(),
        outlets: site.outlets.list.len(),
        notes: site.notes.len(),
        terms: site.glossary.terms.len(),
        events: site.timeline.entries.iter().filter(|e| e.is_editor()).count(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        files: files.len(),
        millis: start.elapsed().as_millis(),
        diagnostics: diags,
    })
}
