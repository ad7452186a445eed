//! Stage 9: [`Site`] → the output files, in memory: every page rendered through the theme's
//! Tera templates with its own view types, plus static files, raw article texts and the
//! search index.
//!
//! Templates are compiled once per build. A template error is a diagnostic naming the template
//! file and line; every page is attempted, so all template errors are reported together.

mod epub;
mod page;
pub mod print;
mod search;
mod template_errors;
pub mod text;
pub mod timeline_page;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostics;
use crate::markdown::DocRef;
use crate::site::{Site, paths};

pub use page::Page;

/// One file to write, at a path relative to the output root.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Compiles the theme's templates.
fn compile(site: &Site, diags: &mut Diagnostics) -> Option<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    let templates: Vec<(&str, &str)> = site
        .theme
        .templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, t)| (name.as_str(), t.text.as_str()))
        .collect();
    match tera.add_raw_templates(templates) {
        Ok(()) => Some(tera),
        Err(err) => {
            template_errors::report(&site.theme, None, &err, diags);
            None
        }
    }
}

fn template_error(site: &Site, name: &str, err: &tera::Error, diags: &mut Diagnostics) {
    template_errors::report(&site.theme, Some(name), err, diags);
}

/// Context shared by every page.
fn base_context(page: &Page<'_>, title: &str, kind: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("site", &page.site_view());
    ctx.insert("nav", &page.nav());
    ctx.insert("root", &page.root);
    ctx.insert("page_title", title);
    ctx.insert("page_kind", kind);
    ctx.insert("page_path", &page.path);
    ctx
}

/// A page to render: its path, template and context.
struct Job {
    path: String,
    template: &'static str,
    ctx: tera::Context,
}

fn insert<T: Serialize + ?Sized>(ctx: &mut tera::Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

fn jobs(site: &Site, selection: &Selection) -> Vec<Job> {
    let mut jobs = Vec::new();
    let want = |path: &str| selection.wants(path);
    // Cover.
    if want(paths::INDEX) {
        let p = Page::new(site, paths::INDEX);
        let mut ctx = base_context(&p, &site.config.title, "cover");
        insert(&mut ctx, "cover_html", &p.doc_html_shifted(DocRef::Cover, 1));
        let notes: Vec<_> = site
            .note_order()
            .into_iter()
            .map(|i| p.note(i))
            .map(|mut n| {
                n.html.clear();
                n
            })
            .collect();
        insert(&mut ctx, "notes", &notes);
        insert(&mut ctx, "articles", &(0..site.articles.len()).map(|a| p.article_summary(a)).collect::<Vec<_>>());
        insert(&mut ctx, "conflicts", &p.conflicts());
        insert(
            &mut ctx,
            "outlets",
            &site
                .outlets
                .list
                .iter()
                .map(|o| (o.name.clone(), p.link(&paths::outlet(&o.slug), &o.anchor), o.articles.len()))
                .collect::<Vec<_>>(),
        );
        jobs.push(Job { path: p.path.clone(), template: "index.html", ctx });
    }
    // Articles: their views are most of the work, built in parallel.
    let articles: Vec<Job> = site
        .articles
        .par_iter()
        .enumerate()
        .filter_map(|(a, art)| {
            let path = paths::article(&art.slug);
            if !want(&path) {
                return None;
            }
            let p = Page::new(site, &path);
            let mut ctx = base_context(&p, art.display_title(), "article");
            insert(&mut ctx, "article", &p.article(a));
            Some(Job { path, template: "article.html", ctx })
        })
        .collect();
    jobs.extend(articles);
    // Outlets.
    if want(paths::OUTLETS) {
        let p = Page::new(site, paths::OUTLETS);
        let mut ctx = base_context(&p, "Outlets", "outlets");
        insert(&mut ctx, "outlets", &(0..site.outlets.list.len()).map(|o| p.outlet(o)).collect::<Vec<_>>());
        let (term_matrix, event_matrix) = (p.term_matrix(), p.event_matrix());
        // For paper: the matrices in tables of at most `print::MATRIX_COLUMNS` outlets.
        insert(&mut ctx, "term_matrix_groups", &term_matrix.column_groups(print::MATRIX_COLUMNS));
        insert(&mut ctx, "event_matrix_groups", &event_matrix.column_groups(print::MATRIX_COLUMNS));
        insert(&mut ctx, "term_matrix", &term_matrix);
        insert(&mut ctx, "event_matrix", &event_matrix);
        insert(&mut ctx, "lines", &p.lines());
        insert(&mut ctx, "shared_passages", &site.outlets.shared.passages.len());
        jobs.push(Job { path: p.path.clone(), template: "outlets.html", ctx });
    }
    for (o, outlet) in site.outlets.list.iter().enumerate() {
        let path = paths::outlet(&outlet.slug);
        if !want(&path) {
            continue;
        }
        let p = Page::new(site, &path);
        let mut ctx = base_context(&p, &outlet.name, "outlet");
        insert(&mut ctx, "outlet", &p.outlet(o));
        jobs.push(Job { path, template: "outlet.html", ctx });
    }
    // Quotes.
    if want(paths::QUOTES) {
        let p = Page::new(site, paths::QUOTES);
        let mut ctx = base_context(&p, "Quotes", "quotes");
        insert(&mut ctx, "speakers", &p.speakers());
        insert(&mut ctx, "quote_count", &site.outlets.quote_groups.len());
        jobs.push(Job { path: p.path.clone(), template: "quotes.html", ctx });
    }
    // Timeline.
    if want(paths::TIMELINE) {
        let p = Page::new(site, paths::TIMELINE);
        let mut ctx = base_context(&p, "Timeline", "timeline");
        insert(&mut ctx, "groups", &p.entry_groups());
        insert(&mut ctx, "timeline", &p.timeline_view());
        insert(
            &mut ctx,
            "outlets",
            &site.outlets.list.iter().map(|o| (o.name.clone(), o.slug.clone())).collect::<Vec<_>>(),
        );
        jobs.push(Job { path: p.path.clone(), template: "timeline.html", ctx });
    }
    // Glossary.
    if want(paths::GLOSSARY) {
        let p = Page::new(site, paths::GLOSSARY);
        let mut ctx = base_context(&p, "Glossary", "glossary");
        insert(&mut ctx, "groups", &p.term_groups());
        jobs.push(Job { path: p.path.clone(), template: "glossary.html", ctx });
    }
    // Notes.
    if want(paths::NOTES) {
        let p = Page::new(site, paths::NOTES);
        let mut ctx = base_context(&p, "Notes", "notes");
        let notes: Vec<_> = site.note_order().into_iter().map(|i| p.note(i)).collect();
        insert(&mut ctx, "notes", &notes);
        jobs.push(Job { path: p.path.clone(), template: "notes.html", ctx });
    }
    for (i, n) in site.notes.iter().enumerate() {
        let path = paths::note(&n.slug);
        if !want(&path) {
            continue;
        }
        let p = Page::new(site, &path);
        let mut ctx = base_context(&p, &n.source.front.title, "note");
        insert(&mut ctx, "note", &p.note(i));
        jobs.push(Job { path, template: "note.html", ctx });
    }
    // Search.
    if want(paths::SEARCH) {
        let p = Page::new(site, paths::SEARCH);
        let ctx = base_context(&p, "Search", "search");
        jobs.push(Job { path: p.path.clone(), template: "search.html", ctx });
    }
    if want(paths::PRINT) {
        jobs.push(print_job(site));
    }
    jobs
}

/// The print pack: the configured parts in order (see [`print`]).
fn print_job(site: &Site) -> Job {
    print::job(site)
}

/// Which HTML pages to render. The other files (raw texts, assets, the search index) are
/// cheap and always produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    /// Only the pages at these output paths (e.g. `notes/assessment.html`).
    Pages(std::collections::BTreeSet<String>),
}

impl Selection {
    pub fn wants(&self, path: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Pages(paths) => paths.contains(path),
        }
    }
}

/// Compiles the templates without rendering: their syntax errors, for `check` when other
/// errors keep the site from being rendered.
pub fn check_templates(site: &Site, diags: &mut Diagnostics) {
    let _ = compile(site, diags);
}

/// The output path of every page of the site (what `render` writes as `.html`).
pub fn page_paths(site: &Site) -> std::collections::BTreeSet<String> {
    let mut pages: std::collections::BTreeSet<String> =
        [paths::INDEX, paths::OUTLETS, paths::TIMELINE, paths::GLOSSARY, paths::NOTES, paths::SEARCH, paths::PRINT]
            .iter()
            .map(|p| p.to_string())
            .collect();
    pages.extend(site.articles.iter().map(|a| paths::article(&a.slug)));
    pages.extend(site.outlets.list.iter().map(|o| paths::outlet(&o.slug)));
    pages.extend(site.notes.iter().map(|n| paths::note(&n.slug)));
    pages.insert(paths::QUOTES.to_string());
    pages
}

/// Renders the selected pages only, none of the other files (for `dossier serve`, which keeps
/// the files whose inputs did not change). Same bytes as [`render`] gives for those pages.
pub fn render_pages(site: &Site, selection: &Selection, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let Some(tera) = compile(site, diags) else { return Vec::new() };
    let jobs = jobs(site, selection);
    let results: Vec<(String, &'static str, Result<String, tera::Error>)> =
        jobs.into_par_iter().map(|j| (j.path, j.template, tera.render(j.template, &j.ctx))).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut failed = std::collections::BTreeSet::new();
    for (path, template, result) in results {
        match result {
            Ok(html) => files.push(OutputFile { path, bytes: html.into_bytes() }),
            Err(err) => {
                if failed.insert(template) {
                    template_error(site, template, &err, diags);
                }
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `assets/search-index.js`, as [`render`] writes it.
pub fn search_index_file(site: &Site) -> OutputFile {
    OutputFile { path: format!("{}/search-index.js", paths::ASSETS), bytes: search::index_script(site).into_bytes() }
}

/// The EPUB cut from the rendered print pack, as [`render`] writes it (`None` when
/// `[print] epub` is off or it fails, with an error in `diags`).
pub fn epub_file(site: &Site, print_html: &[u8], diags: &mut Diagnostics) -> Option<OutputFile> {
    if !site.config.print.epub {
        return None;
    }
    let as_of = site.as_of().map_or_else(|| "2000-01-01".to_string(), |d| d.iso());
    let as_of = if as_of.len() == 10 { as_of } else { format!("{}-01-01", &as_of[..4]) };
    match epub::epub(site, &String::from_utf8_lossy(print_html), &as_of) {
        Ok(bytes) => Some(OutputFile { path: paths::EPUB.to_string(), bytes }),
        Err(e) => {
            diags.error("config.toml", None, e).hint("set `[print] epub = false`, or fix the print template");
            None
        }
    }
}

/// Renders every page. Errors (template problems) go to `diags`.
pub fn render(site: &Site, diags: &mut Diagnostics) -> Vec<OutputFile> {
    render_selected(site, &Selection::All, diags)
}

/// Renders the selected pages (plus every non-page file), for incremental rebuilds in
/// `dossier serve`: a page's bytes are the same as in a full render of the same site.
pub fn render_selected(site: &Site, selection: &Selection, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let Some(tera) = compile(site, diags) else { return Vec::new() };
    let jobs = jobs(site, selection);
    let results: Vec<(String, &'static str, Result<String, tera::Error>)> =
        jobs.into_par_iter().map(|j| (j.path, j.template, tera.render(j.template, &j.ctx))).collect();
    let mut files = Vec::with_capacity(results.len() + site.articles.len() + 4);
    let mut failed = std::collections::BTreeSet::new();
    for (path, template, result) in results {
        match result {
            Ok(html) => files.push(OutputFile { path, bytes: html.into_bytes() }),
            Err(err) => {
                if failed.insert(template) {
                    template_error(site, template, &err, diags);
                }
            }
        }
    }
    if site.config.print.epub
        && let Some(print) = files.iter().find(|f| f.path == paths::PRINT)
    {
        let as_of = site.as_of().map_or_else(|| "2000-01-01".to_string(), |d| d.iso());
        let as_of = if as_of.len() == 10 { as_of } else { format!("{}-01-01", &as_of[..4]) };
        match epub::epub(site, &String::from_utf8_lossy(&print.bytes), &as_of) {
            Ok(bytes) => files.push(OutputFile { path: paths::EPUB.to_string(), bytes }),
            Err(e) => {
                diags.error("config.toml", None, e).hint("set `[print] epub = false`, or fix the print template");
            }
        }
    }
    for art in &site.articles {
        files.push(OutputFile { path: paths::raw_file(&art.slug, art.format), bytes: art.raw.clone().into_bytes() });
    }
    for (name, bytes) in &site.theme.statics {
        files.push(OutputFile { path: format!("{}/{name}", paths::ASSETS), bytes: bytes.clone() });
    }
    files.push(OutputFile {
        path: format!("{}/highlight.css", paths::ASSETS),
        bytes: crate::markdown::highlight_css().into_bytes(),
    });
    files.push(OutputFile {
        path: paths::TIMELINE_JSON.to_string(),
        bytes: timeline_page::timeline_json(site).into_bytes(),
    });
    files.push(OutputFile {
        path: format!("{}/search-index.js", paths::ASSETS),
        bytes: search::index_script(site).into_bytes(),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
