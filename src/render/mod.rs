//! Stage 9: [`Site`] → the output files, in memory: every page rendered through the theme's
//! Tera templates with its own view types, plus static files, raw article texts and the
//! search index.
//!
//! Templates are compiled once per build. A template error is a diagnostic naming the template
//! file and line; every page is attempted, so all template errors are reported together.

mod article_page;
mod base_page;
mod doc_parts;
mod epub;
mod glossary_page;
mod outlet_page;
mod outlets_page;
mod page;
pub mod print;
mod print_page;
mod quotes_page;
mod search;
mod template_errors;
pub mod text;
pub mod timeline_month;
pub mod timeline_page;
mod timeline_shell;
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

/// Whether the timeline page numbers its explanations as footnotes (for print): a page that
/// does not show them need not number one per entry.
fn timeline_numbered(site: &Site) -> bool {
    theme_uses_field(site, "timeline.html", "footnotes")
        || ["timeline.html", "timeline-month.html"].iter().any(|t| theme_uses_field(site, t, "note"))
}

/// Whether the theme's `template` names `variable` (views that only some themes use are built
/// only for them). The templates it extends, includes or imports count as part of it.
fn theme_uses(site: &Site, template: &str, variable: &str) -> bool {
    template_names(site, template, variable, false)
}

/// Whether the theme's `template` (or one it extends, includes or imports) reads a field
/// `field` of some value (`.field`): a conservative test (any value's field of that name counts).
fn theme_uses_field(site: &Site, template: &str, field: &str) -> bool {
    template_names(site, template, field, true)
}

/// Whether `name` occurs as a whole word in the theme's `template` or a template it reaches
/// through `extends`, `include` or `import`: after a `.` (a field) when `field`, else not after
/// one (a top-level variable). A field directly followed by a quote is a file name in a string
/// (`"base.html"`), not a field.
fn template_names(site: &Site, template: &str, name: &str, field: bool) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    template_closure(site, template).into_iter().filter_map(|t| site.theme.templates.get(t)).any(|t| {
        t.text.match_indices(name).any(|(i, _)| {
            let before = t.text[..i].chars().next_back();
            let after = t.text[i + name.len()..].chars().next();
            let placed = if field { before == Some('.') } else { !before.is_some_and(|c| ident(c) || c == '.') };
            placed && !after.is_some_and(|c| ident(c) || (field && (c == '"' || c == '\'')))
        })
    })
}

/// `template` and every template it reaches through `{% extends %}`, `{% include %}` and
/// `{% import %}` (by name; a name the theme does not have is skipped).
fn template_closure<'s>(site: &'s Site, template: &'s str) -> Vec<&'s str> {
    static REACHES: std::sync::LazyLock<Option<regex::Regex>> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"#).ok());
    let mut seen: Vec<&str> = vec![template];
    let mut i = 0;
    while let Some(&name) = seen.get(i) {
        i += 1;
        let (Some(t), Some(re)) = (site.theme.templates.get(name), REACHES.as_ref()) else { continue };
        for caps in re.captures_iter(&t.text) {
            if let Some(m) = caps.get(1)
                && let Some((key, _)) = site.theme.templates.get_key_value(m.as_str())
                && !seen.contains(&key.as_str())
            {
                seen.push(key.as_str());
            }
        }
    }
    seen
}

/// The fields of `OutletView` that [`views::Page::outlet_card`] leaves empty.
const OUTLET_LISTS: [&str; 9] =
    ["terms", "missed_terms", "events", "missed_events", "quotes", "missed_quotes", "unique", "numbers", "twins"];

/// A page to render: its path, template and context.
struct Job {
    path: String,
    template: &'static str,
    ctx: tera::Context,
    /// Bytes to reserve for the page, when known to be large (0: let it grow).
    size_hint: usize,
}

fn insert<T: Serialize + ?Sized>(ctx: &mut tera::Context, key: &'static str, value: &T) {
    ctx.insert(key, value);
}

/// The pages written without Tera, where the theme's templates for them are the built-in ones
/// (same bytes, from the same views; see [`article_page`], [`outlet_page`], [`outlets_page`],
/// [`print_page`], [`glossary_page`], [`quotes_page`]).
struct Direct {
    article_pages: bool,
    outlet_pages: bool,
    outlet_list: bool,
    print_pack: bool,
    /// `glossary.html` and `quotes.html` ([`glossary_page`], [`quotes_page`]).
    glossary: bool,
    quotes: bool,
    /// `timeline.html` with its months and `timeline.json` ([`timeline_shell`]).
    timeline: bool,
    /// The `site` every page shows.
    site: views::SiteView,
    /// The article summaries the pages in `articles/` and `outlets/` share (related
    /// articles, twins): each made once.
    summaries: views::Summaries,
    /// The notes, cover and definitions the pages share (see [`doc_parts`]).
    docs: doc_parts::DocCache,
}

impl Direct {
    fn new(site: &Site) -> Self {
        Direct {
            article_pages: article_page::is_builtin(site),
            outlet_pages: outlet_page::is_builtin(site),
            outlet_list: outlets_page::is_builtin(site),
            print_pack: print_page::is_builtin(site),
            glossary: glossary_page::is_builtin(site),
            quotes: quotes_page::is_builtin(site),
            timeline: timeline_shell::is_builtin(site),
            site: Page::new(site, paths::INDEX).site_view(),
            summaries: views::Summaries::new(site, "articles"),
            docs: doc_parts::DocCache::new(site),
        }
    }

    /// The timeline page and `timeline.json`, when they are written directly; `None` also
    /// where a month cannot be (Tera then renders the page, and reports why).
    fn timeline(&self, site: &Site) -> Option<[OutputFile; 2]> {
        if !self.timeline {
            return None;
        }
        let p = Page::new(site, paths::TIMELINE);
        let outlets: Vec<(&str, &str)> = site.outlets.list.iter().map(|o| (o.name.as_str(), o.slug.as_str())).collect();
        let nav = p.nav();
        let frame =
            base_page::Frame { site: &self.site, nav: &nav, root: &p.root, title: "Timeline", kind: "timeline" };
        // The page is written as the timeline is walked: each month straight into the page as
        // soon as its last entry is in, and its days dropped (the months' markup, 70 MB at
        // 10,000 articles, is neither held apart nor copied). The built-in `timeline.html`
        // shows no footnotes.
        let mut tjs = timeline_page::TimelineJson::new(site);
        let view = p.timeline_frame();
        let html = timeline_shell::render_with(&frame, &view, &outlets, site.timeline.entries.len(), |o| {
            let mut written = true;
            let mut year: Option<String> = None;
            // The months hold the timeline's entries, each written from the entry (no views:
            // the built-in templates show no footnotes, so nothing is numbered).
            p.timeline_groups(&|_| true, &mut |e| e, &mut |y, month, entries| {
                for &e in entries {
                    tjs.push_entry(&p, e);
                }
                if written && year.as_deref() != Some(y.anchor.as_str()) {
                    if year.is_some() {
                        timeline_shell::year_end(o);
                    }
                    timeline_shell::year_start(o, y);
                    year = Some(y.anchor.clone());
                }
                o.push('\n');
                written = written && timeline_month::render_entries_into(o, &p, month).is_some();
                month.days = Vec::new();
            });
            if year.is_some() {
                timeline_shell::year_end(o);
            }
            written
        })?;
        Some([
            OutputFile { path: paths::TIMELINE_JSON.to_string(), bytes: tjs.finish().into_bytes() },
            OutputFile { path: p.path.clone(), bytes: html.into_bytes() },
        ])
    }

    /// The page, when it is written directly.
    fn page(&self, site: &Site, kind: PageKind) -> Option<OutputFile> {
        // The frame of a page at `path`, as `base_context` gives it to `base.html`.
        let frame = |p: &Page<'_>,
                     nav: &[views::NavItem],
                     title: &str,
                     kind: &'static str,
                     render: &dyn Fn(&base_page::Frame<'_>) -> String| {
            let frame = base_page::Frame { site: &self.site, nav, root: &p.root, title, kind };
            render(&frame)
        };
        let (path, html) = match kind {
            PageKind::Article(a) if self.article_pages => {
                let art = &site.articles[a];
                let path = paths::article(&art.slug);
                let p = Page::new(site, &path).with_summaries(&self.summaries);
                let html =
                    frame(&p, &p.nav(), art.display_title(), "article", &|f| article_page::render(f, &p.article(a)));
                (path, html)
            }
            PageKind::Outlet(o) if self.outlet_pages => {
                let outlet = &site.outlets.list[o];
                let path = paths::outlet(&outlet.slug);
                let p = Page::new(site, &path).with_summaries(&self.summaries);
                let html = frame(&p, &p.nav(), &outlet.name, "outlet", &|f| outlet_page::render(f, &p.outlet(o)));
                (path, html)
            }
            PageKind::Outlets if self.outlet_list => {
                let p = Page::new(site, paths::OUTLETS);
                // As the `Outlets` job builds them for a template that reads no outlet lists.
                let cards: Vec<_> = (0..site.outlets.list.len()).map(|o| p.outlet_card(o)).collect();
                let (lines, term_matrix, event_matrix) = (p.lines(), p.term_matrix(), p.event_matrix());
                let page = outlets_page::OutletsPage {
                    outlets: &cards,
                    lines: &lines,
                    shared_passages: site.outlets.shared.passages.len(),
                    term_matrix: &term_matrix,
                    event_matrix: &event_matrix,
                    group_size: print::MATRIX_COLUMNS,
                };
                let html = frame(&p, &p.nav(), "Outlets", "outlets", &|f| outlets_page::render(f, &page));
                (p.path.clone(), html)
            }
            PageKind::Print if self.print_pack => {
                // Not in `base.html`: the pack is a document of its own.
                let plan = print::PrintPlan::new(site);
                let p = Page::for_print(site, &plan).with_docs(&self.docs);
                let pack = print::PrintPack::new(&p, &plan, print::Wants::BUILT_IN);
                (p.path.clone(), print_page::render(&self.site, &pack))
            }
            // The views the `Glossary` and `Quotes` jobs give their templates.
            PageKind::Glossary if self.glossary => {
                let p = Page::new(site, paths::GLOSSARY).with_docs(&self.docs);
                let groups = p.term_groups();
                let html = frame(&p, &p.nav(), "Glossary", "glossary", &|f| glossary_page::render(f, &groups));
                (p.path.clone(), html)
            }
            PageKind::Quotes if self.quotes => {
                let p = Page::new(site, paths::QUOTES);
                let speakers = p.speakers();
                let count = site.outlets.quote_groups.len();
                let html = frame(&p, &p.nav(), "Quotes", "quotes", &|f| quotes_page::render(f, &speakers, count));
                (p.path.clone(), html)
            }
            _ => return None,
        };
        Some(OutputFile { path, bytes: html.into_bytes() })
    }
}

/// One page of the site, before its view is built. Views are built, rendered and handed on
/// one page at a time (in parallel), so a build never holds every page's context at once.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Cover,
    Article(usize),
    Outlets,
    Outlet(usize),
    Quotes,
    Timeline,
    Glossary,
    Notes,
    Note(usize),
    Search,
    Print,
}

/// The selected pages, the largest first (they take longest: started first, they finish
/// alongside the many small ones).
fn page_kinds(site: &Site, selection: &Selection) -> Vec<PageKind> {
    let mut kinds = vec![
        (PageKind::Print, paths::PRINT.to_string()),
        (PageKind::Timeline, paths::TIMELINE.to_string()),
        (PageKind::Glossary, paths::GLOSSARY.to_string()),
        (PageKind::Quotes, paths::QUOTES.to_string()),
        (PageKind::Cover, paths::INDEX.to_string()),
        (PageKind::Outlets, paths::OUTLETS.to_string()),
        (PageKind::Notes, paths::NOTES.to_string()),
        (PageKind::Search, paths::SEARCH.to_string()),
    ];
    kinds.extend(site.outlets.list.iter().enumerate().map(|(o, x)| (PageKind::Outlet(o), paths::outlet(&x.slug))));
    kinds.extend(site.notes.iter().enumerate().map(|(i, n)| (PageKind::Note(i), paths::note(&n.slug))));
    kinds.extend(site.articles.iter().enumerate().map(|(a, x)| (PageKind::Article(a), paths::article(&x.slug))));
    kinds.into_iter().filter(|(_, path)| selection.wants(path)).map(|(k, _)| k).collect()
}

/// The view of one page: its path, template and context; or the template (other than the
/// page's own) whose rendering failed while building it. The timeline page also puts
/// `timeline.json`, made from its entry views, in `json`.
fn job(
    site: &Site,
    tera: &tera::Tera,
    docs: &doc_parts::DocCache,
    kind: PageKind,
    json: &mut Option<OutputFile>,
) -> Result<Job, (&'static str, tera::Error)> {
    Ok(match kind {
        PageKind::Cover => {
            let p = Page::new(site, paths::INDEX).with_docs(docs);
            let mut ctx = base_context(&p, &site.config.title, "cover");
            insert(&mut ctx, "cover_html", &p.doc_html_shifted(DocRef::Cover, 1));
            let notes: Vec<_> = site.note_order().into_iter().map(|i| p.note_card(i)).collect();
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
            Job { path: p.path.clone(), template: "index.html", ctx, size_hint: 0 }
        }
        PageKind::Article(a) => {
            let art = &site.articles[a];
            let path = paths::article(&art.slug);
            let p = Page::new(site, &path);
            let mut ctx = base_context(&p, art.display_title(), "article");
            insert(&mut ctx, "article", &p.article(a));
            Job { path, template: "article.html", ctx, size_hint: 0 }
        }
        PageKind::Outlets => {
            let p = Page::new(site, paths::OUTLETS);
            let mut ctx = base_context(&p, "Outlets", "outlets");
            // Each outlet's lists of what it covered and missed are the outlet pages' matter; the
            // list of outlets gets them only when its template reads them.
            let outlets: Vec<_> = if OUTLET_LISTS.iter().any(|f| theme_uses_field(site, "outlets.html", f)) {
                (0..site.outlets.list.len()).map(|o| p.outlet(o)).collect()
            } else {
                (0..site.outlets.list.len()).map(|o| p.outlet_card(o)).collect()
            };
            insert(&mut ctx, "outlets", &outlets);
            let (term_matrix, event_matrix) = (p.term_matrix(), p.event_matrix());
            // For paper: the matrices in tables of at most `print::MATRIX_COLUMNS` outlets.
            insert(&mut ctx, "term_matrix_groups", &term_matrix.column_groups(print::MATRIX_COLUMNS));
            insert(&mut ctx, "event_matrix_groups", &event_matrix.column_groups(print::MATRIX_COLUMNS));
            insert(&mut ctx, "term_matrix", &term_matrix);
            insert(&mut ctx, "event_matrix", &event_matrix);
            insert(&mut ctx, "lines", &p.lines());
            insert(&mut ctx, "shared_passages", &site.outlets.shared.passages.len());
            Job { path: p.path.clone(), template: "outlets.html", ctx, size_hint: 0 }
        }
        PageKind::Outlet(o) => {
            let outlet = &site.outlets.list[o];
            let path = paths::outlet(&outlet.slug);
            let p = Page::new(site, &path);
            let mut ctx = base_context(&p, &outlet.name, "outlet");
            insert(&mut ctx, "outlet", &p.outlet(o));
            Job { path, template: "outlet.html", ctx, size_hint: 0 }
        }
        PageKind::Quotes => {
            let p = Page::new(site, paths::QUOTES);
            let mut ctx = base_context(&p, "Quotes", "quotes");
            insert(&mut ctx, "speakers", &p.speakers());
            insert(&mut ctx, "quote_count", &site.outlets.quote_groups.len());
            Job { path: p.path.clone(), template: "quotes.html", ctx, size_hint: 0 }
        }
        PageKind::Timeline => {
            let p = Page::new(site, paths::TIMELINE);
            let mut ctx = base_context(&p, "Timeline", "timeline");
            // `groups` (every entry by month) is for themes that want a flat list; the default
            // template does not use it, and at scale it doubles the page's view.
            if theme_uses(site, "timeline.html", "groups") {
                insert(&mut ctx, "groups", &p.entry_groups());
            }
            // Each month is rendered by `timeline-month.html` as soon as its view is complete,
            // and its days dropped: the page's context then holds markup, never a tree of every
            // entry (at 80,000 entries that took 700 MB). Unless the page template walks the
            // days itself.
            let by_month = !theme_uses_field(site, "timeline.html", "days");
            let mut failed = None;
            let mut tjs = timeline_page::TimelineJson::new(site);
            let direct = timeline_month::is_builtin(site);
            let mut month_done = |_: &timeline_page::YearGroup,
                                  month: &mut timeline_page::MonthGroup,
                                  entries: &[&crate::timeline::Entry]| {
                debug_assert_eq!(entries.len(), month.days.iter().map(|d| d.entries.len()).sum::<usize>());
                for &e in entries {
                    tjs.push_entry(&p, e);
                }
                if !by_month || failed.is_some() {
                    return;
                }
                // The built-in month template is written without Tera (see `timeline_month`).
                if let Some(html) = direct.then(|| timeline_month::render(month)).flatten() {
                    month.html = html;
                } else {
                    let mut month_ctx = ctx.clone();
                    month_ctx.insert("month", &*month);
                    match tera.render("timeline-month.html", &month_ctx) {
                        Ok(html) => month.html = html,
                        Err(e) => failed = Some(e),
                    }
                }
                month.days = Vec::new();
            };
            let view = p.timeline_view(timeline_numbered(site), &mut month_done);
            if let Some(e) = failed {
                return Err(("timeline-month.html", e));
            }
            *json = Some(OutputFile { path: paths::TIMELINE_JSON.to_string(), bytes: tjs.finish().into_bytes() });
            // The months' markup, rendered already, is most of the page.
            let size_hint = view.years.iter().flat_map(|y| &y.months).map(|m| m.html.len()).sum::<usize>() + (64 << 10);
            insert(&mut ctx, "timeline", &view);
            insert(
                &mut ctx,
                "outlets",
                &site.outlets.list.iter().map(|o| (o.name.clone(), o.slug.clone())).collect::<Vec<_>>(),
            );
            Job { path: p.path.clone(), template: "timeline.html", ctx, size_hint }
        }
        PageKind::Glossary => {
            let p = Page::new(site, paths::GLOSSARY).with_docs(docs);
            let mut ctx = base_context(&p, "Glossary", "glossary");
            insert(&mut ctx, "groups", &p.term_groups());
            Job { path: p.path.clone(), template: "glossary.html", ctx, size_hint: 0 }
        }
        PageKind::Notes => {
            let p = Page::new(site, paths::NOTES).with_docs(docs);
            let mut ctx = base_context(&p, "Notes", "notes");
            // The list shows titles and summaries; the notes' text only for a theme that reads it.
            let notes: Vec<_> = if theme_uses_field(site, "notes.html", "html") {
                site.note_order().into_iter().map(|i| p.note(i)).collect()
            } else {
                site.note_order().into_iter().map(|i| p.note_card(i)).collect()
            };
            insert(&mut ctx, "notes", &notes);
            Job { path: p.path.clone(), template: "notes.html", ctx, size_hint: 0 }
        }
        PageKind::Note(i) => {
            let n = &site.notes[i];
            let path = paths::note(&n.slug);
            let p = Page::new(site, &path).with_docs(docs);
            let mut ctx = base_context(&p, &n.source.front.title, "note");
            insert(&mut ctx, "note", &p.note(i));
            Job { path, template: "note.html", ctx, size_hint: 0 }
        }
        PageKind::Search => {
            let p = Page::new(site, paths::SEARCH);
            let ctx = base_context(&p, "Search", "search");
            Job { path: p.path.clone(), template: "search.html", ctx, size_hint: 0 }
        }
        PageKind::Print => print_job(site, docs),
    })
}

/// The print pack: the configured parts in order (see [`print`]).
fn print_job(site: &Site, docs: &doc_parts::DocCache) -> Job {
    print::job(site, docs)
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

/// The pages every dossier has, whatever its content.
pub const FIXED_PAGES: [&str; 8] = [
    paths::INDEX,
    paths::OUTLETS,
    paths::QUOTES,
    paths::TIMELINE,
    paths::GLOSSARY,
    paths::NOTES,
    paths::SEARCH,
    paths::PRINT,
];

/// Outlets and theme files that would be written where the site writes something else: an
/// outlet whose name makes the file name of the list of outlets (`Index`) or of another
/// outlet (`Reuters` and `Reuters!`), a theme file named like a generated one
/// (`assets/search-index.js`). One of the two would silently replace the other, so each is an
/// error. (A note named `index` is reported with the notes, by `site::note_pages`.)
pub fn check_output_paths(site: &Site, diags: &mut Diagnostics) {
    use std::collections::BTreeMap;
    // Path → what is written there, and the outlet's name when it is one.
    let mut taken: BTreeMap<String, (String, Option<&str>)> = BTreeMap::new();
    taken.insert(paths::OUTLETS.to_string(), ("the list of outlets".to_string(), None));
    for o in &site.outlets.list {
        let path = paths::outlet(&o.slug);
        match taken.get(&path) {
            Some((other, other_name)) => {
                let file = o.articles.first().map_or("config.toml", |&a| site.articles[a].file.as_str());
                let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\\\""));
                let hint = match other_name {
                    Some(other_name) => format!(
                        "if they are one outlet, say so in config.toml: `[outlets.aliases]` {} = {}; else give it another name there",
                        quoted(&o.name),
                        quoted(other_name)
                    ),
                    None => {
                        format!("give it another name in config.toml: `[outlets.aliases]` {} = \"…\"", quoted(&o.name))
                    }
                };
                diags
                    .error(file, None, format!("outlet `{}` would be written to {path}, over {other}", o.name))
                    .hint(hint);
            }
            None => {
                taken.insert(path, (format!("outlet `{}`", o.name), Some(o.name.as_str())));
            }
        }
    }
    let generated = [format!("{}/highlight.css", paths::ASSETS), format!("{}/search-index.js", paths::ASSETS)];
    for name in site.theme.statics.keys() {
        let path = format!("{}/{name}", paths::ASSETS);
        if generated.contains(&path) {
            diags
                .error(
                    &format!("themes/{}/static/{name}", site.config.theme),
                    None,
                    format!("theme file `{name}` would be replaced by the generated {path}"),
                )
                .hint("rename it (and where the theme's templates load it): dossier makes that file itself");
        }
    }
}

/// The output path of every page of the site (what `render` writes as `.html`).
pub fn page_paths(site: &Site) -> std::collections::BTreeSet<String> {
    let mut pages: std::collections::BTreeSet<String> = FIXED_PAGES.iter().map(|p| p.to_string()).collect();
    pages.extend(site.articles.iter().map(|a| paths::article(&a.slug)));
    pages.extend(site.outlets.list.iter().map(|o| paths::outlet(&o.slug)));
    pages.extend(site.notes.iter().map(|n| paths::note(&n.slug)));
    pages
}

/// Renders the selected pages only (for `dossier serve`, which keeps the files whose inputs did
/// not change), and `timeline.json` with the timeline page (it shows the same entries), none of
/// the other files. Same bytes as [`render`] gives for those files.
pub fn render_pages(site: &Site, selection: &Selection, diags: &mut Diagnostics) -> Vec<OutputFile> {
    collected(|sink| pages_into(site, selection, diags, sink).map(|_| ()))
}

/// The files `render` hands to a sink, collected in memory and sorted by path.
fn collected(
    render: impl FnOnce(&(dyn Fn(OutputFile) -> anyhow::Result<()> + Sync)) -> anyhow::Result<()>,
) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |file: OutputFile| -> anyhow::Result<()> {
        files.lock().map_err(|_| anyhow::anyhow!("a render thread panicked"))?.push(file);
        Ok(())
    };
    // Collecting in memory cannot fail.
    let _ = render(&sink);
    let mut files = files.into_inner().unwrap_or_default();
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
    collected(|sink| render_into(site, selection, diags, sink))
}

/// Renders the selected pages and every other file, handing each file to `sink` as soon as
/// it is made (in no particular order, from several threads), so that a build writes pages
/// while it renders others and never holds the whole site in memory. Template problems go to
/// `diags` (every page is attempted); the first error `sink` returns stops the rendering and
/// is returned.
pub fn render_into(
    site: &Site,
    selection: &Selection,
    diags: &mut Diagnostics,
    sink: &(dyn Fn(OutputFile) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<()> {
    let others = || -> anyhow::Result<()> {
        site.articles.par_iter().try_for_each(|art| {
            sink(OutputFile { path: paths::raw_file(&art.slug, art.format), bytes: art.raw.as_bytes().to_vec() })
        })?;
        for (name, bytes) in &site.theme.statics {
            sink(OutputFile { path: format!("{}/{name}", paths::ASSETS), bytes: bytes.clone() })?;
        }
        sink(OutputFile {
            path: format!("{}/highlight.css", paths::ASSETS),
            bytes: crate::markdown::highlight_css().into_bytes(),
        })?;
        // Made with the timeline page when that is rendered.
        if !selection.wants(paths::TIMELINE) {
            sink(OutputFile {
                path: paths::TIMELINE_JSON.to_string(),
                bytes: timeline_page::timeline_json(site).into_bytes(),
            })?;
        }
        sink(search_index_file(site))
    };
    let (pages, others) = rayon::join(|| pages_into(site, selection, diags, sink), others);
    let print = pages?;
    others?;
    if let Some(print) = print
        && let Some(epub) = epub_file(site, print.as_bytes(), diags)
    {
        sink(epub)?;
    }
    Ok(())
}

/// Renders the selected pages into `sink` (no other files, but `timeline.json` with the timeline
/// page); returns the print pack's HTML when it was rendered and the
/// EPUB is wanted (the EPUB is cut from it).
fn pages_into(
    site: &Site,
    selection: &Selection,
    diags: &mut Diagnostics,
    sink: &(dyn Fn(OutputFile) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<Option<String>> {
    let Some(tera) = compile(site, diags) else { return Ok(None) };
    let kinds = page_kinds(site, selection);
    let direct = Direct::new(site);
    let failed: std::sync::Mutex<Vec<(usize, &'static str, tera::Error)>> = std::sync::Mutex::new(Vec::new());
    let print = std::sync::Mutex::new(None::<String>);
    // One task per page (`with_max_len(1)`): the few large pages come first and take seconds
    // each, and rayon's default splitting left a thread working through them (and the pages
    // after them in its share) long after the other had finished.
    kinds.par_iter().with_max_len(1).enumerate().try_for_each(|(i, &kind)| -> anyhow::Result<()> {
        if let PageKind::Timeline = kind
            && let Some(files) = direct.timeline(site)
        {
            return files.into_iter().try_for_each(sink);
        }
        if let Some(file) = direct.page(site, kind) {
            if matches!(kind, PageKind::Print) && site.config.print.epub {
                *print.lock().map_err(|_| anyhow::anyhow!("a render thread panicked"))? =
                    Some(String::from_utf8_lossy(&file.bytes).into_owned());
            }
            return sink(file);
        }
        let mut json = None;
        let job = match job(site, &tera, &direct.docs, kind, &mut json) {
            Ok(job) => job,
            Err((template, err)) => {
                failed.lock().map_err(|_| anyhow::anyhow!("a render thread panicked"))?.push((i, template, err));
                return Ok(());
            }
        };
        if let Some(json) = json {
            sink(json)?;
        }
        // Rendered as bytes: the page goes to a file, and Tera's `render` would check the
        // whole page is UTF-8 again (it is: every piece is a `str`).
        let mut html = Vec::with_capacity(job.size_hint);
        match tera.render_to(job.template, &job.ctx, &mut html) {
            Ok(()) => {
                drop(job.ctx);
                if matches!(kind, PageKind::Print) && site.config.print.epub {
                    *print.lock().map_err(|_| anyhow::anyhow!("a render thread panicked"))? =
                        Some(String::from_utf8_lossy(&html).into_owned());
                }
                sink(OutputFile { path: job.path, bytes: html })
            }
            Err(err) => {
                failed.lock().map_err(|_| anyhow::anyhow!("a render thread panicked"))?.push((i, job.template, err));
                Ok(())
            }
        }
    })?;
    let mut failed = failed.into_inner().unwrap_or_default();
    failed.sort_by_key(|f| f.0);
    let mut reported = std::collections::BTreeSet::new();
    for (_, template, err) in &failed {
        if reported.insert(*template) {
            template_error(site, template, err, diags);
        }
    }
    Ok(print.into_inner().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of the example, with the pages written directly (the built-in templates) and
    /// with every page through Tera (the same templates with a comment added to `base.html` and
    /// to `print.html`, which renders nothing but makes them not the built-in ones), is the
    /// same, the EPUB cut from the print pack included; so are the pages `serve` renders one by
    /// one.
    #[test]
    fn pages_written_directly_are_the_pages_tera_renders() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(mut site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        let direct = Direct::new(&site);
        assert!(
            direct.article_pages && direct.outlet_pages && direct.outlet_list && direct.print_pack,
            "the example takes the direct paths"
        );
        assert!(site.config.print.epub, "the example writes the EPUB");
        assert!(direct.glossary && direct.quotes && direct.timeline, "the glossary, quotes and timeline too");
        let files = render(&site, &mut diags);
        let pages = page_paths(&site);
        let one_by_one = render_pages(&site, &Selection::Pages(pages.clone()), &mut diags);
        let Some(base) = site.theme.templates.get_mut("base.html") else { panic!("base.html") };
        base.text = base.text.replace("</head>", "{# not the built-in base #}</head>");
        let Some(print) = site.theme.templates.get_mut("print.html") else { panic!("print.html") };
        print.text = print.text.replace("</head>", "{# not the built-in print pack #}</head>");
        let tera_only = Direct::new(&site);
        assert!(!tera_only.article_pages && !tera_only.outlet_pages && !tera_only.outlet_list && !tera_only.print_pack);
        assert!(!tera_only.glossary && !tera_only.quotes && !tera_only.timeline);
        let by_tera = render(&site, &mut diags);
        assert!(!diags.has_errors(), "{}", diags.render());
        let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&files), paths(&by_tera));
        assert!(files.iter().any(|f| f.path == paths::EPUB), "the EPUB is compared too");
        for (a, b) in files.iter().zip(&by_tera) {
            assert!(a.bytes == b.bytes, "{} differs", a.path);
        }
        for page in &one_by_one {
            let full = files.iter().find(|f| f.path == page.path).map(|f| &f.bytes);
            assert_eq!(full, Some(&page.bytes), "{}", page.path);
        }
        // Articles, outlets, the list of outlets, the print pack, the glossary and the quotes.
        let direct_pages = site.articles.len() + site.outlets.list.len() + 4;
        assert!(one_by_one.len() >= direct_pages, "{} pages", one_by_one.len());
    }

    /// The default theme reads none of the views built only for themes that ask for them, so
    /// its pages take the lean paths (checked through `extends`: `base.html` counts).
    #[test]
    fn the_default_theme_takes_the_lean_paths() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(template_closure(&site, "timeline.html").contains(&"base.html"));
        assert!(!theme_uses(&site, "timeline.html", "groups"));
        assert!(!theme_uses_field(&site, "timeline.html", "days"));
        assert!(!theme_uses_field(&site, "timeline.html", "footnotes"));
        assert!(!["timeline.html", "timeline-month.html"].iter().any(|t| theme_uses_field(&site, t, "note")));
        assert!(!OUTLET_LISTS.iter().any(|f| theme_uses_field(&site, "outlets.html", f)));
        assert!(!theme_uses_field(&site, "notes.html", "html"), "file names are not fields");
        // The print pack does show the notes: the test finds them where they are.
        assert!(theme_uses_field(&site, "print.html", "note"));
    }
}
