//! The default theme's list of outlets (`outlets.html` inside `base.html`, the page
//! `outlets/index.html`), written directly instead of through Tera while the theme's copies of
//! both templates are the built-in ones (as [`super::outlet_page`] does for each outlet). Its
//! coverage matrices are most of the page (outlets × terms and outlets × editor events, each
//! shown whole for the screen and cut into tables of [`super::print::MATRIX_COLUMNS`] outlets
//! for paper): 20 MB at 10,000 articles, which through Tera were first a tree of template
//! values. The tests render pages both ways and compare the bytes.

use super::base_page::{Frame, base, num, truthy};
use super::text::escape_into as esc;
use super::views::{LineView, Matrix, OutletView};
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const OUTLETS: &str = include_str!("../../themes/default/templates/outlets.html");

/// Whether the site's theme uses the built-in `outlets.html` and `base.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "outlets.html", OUTLETS)
}

/// What the page shows: the context `render` gives `outlets.html`.
pub(super) struct OutletsPage<'a> {
    /// Outlet cards (their lists empty: the built-in template does not read them).
    pub(super) outlets: &'a [OutletView],
    pub(super) lines: &'a [LineView],
    pub(super) shared_passages: usize,
    pub(super) term_matrix: &'a Matrix,
    pub(super) event_matrix: &'a Matrix,
    /// Outlet columns per printed table (`column_groups`' size).
    pub(super) group_size: usize,
}

/// The page as the built-in `outlets.html` (in `base.html`) renders it.
pub(super) fn render(frame: &Frame<'_>, page: &OutletsPage<'_>) -> String {
    let cells = |m: &Matrix| m.rows.len() * (m.columns.len() + 2);
    let mut o = String::with_capacity(16384 + (cells(page.term_matrix) + cells(page.event_matrix)) * 50);
    base(&mut o, frame, |o| content(o, frame, page));
    o
}

fn plural(o: &mut String, n: usize) {
    if n != 1 {
        o.push('s');
    }
}

/// `outlets.html`'s `content` block.
fn content(o: &mut String, frame: &Frame<'_>, page: &OutletsPage<'_>) {
    o.push_str("\n<h1>Outlets</h1>\n<p class=\"lede\">");
    num(o, page.outlets.len());
    o.push_str(" outlet");
    plural(o, page.outlets.len());
    o.push_str(" reported this story in ");
    num(o, frame.site.articles);
    o.push_str(" article");
    plural(o, frame.site.articles);
    o.push_str(": <strong>");
    num(o, page.lines.len());
    o.push_str(" independent reporting line");
    plural(o, page.lines.len());
    o.push_str("</strong>.</p>\n<ul class=\"cards outlets\">\n");
    for c in page.outlets {
        o.push_str("<li id=\"");
        esc(o, &c.anchor);
        o.push_str("\"><a href=\"");
        esc(o, &c.href);
        o.push_str("\">");
        esc(o, &c.name);
        o.push_str("</a>\n<p>");
        num(o, c.articles.len());
        o.push_str(" article");
        plural(o, c.articles.len());
        if !c.wires.is_empty() {
            o.push_str(" · wire: ");
            esc(o, &c.wires.join(", "));
        }
        if !c.bylines.is_empty() {
            o.push_str(" · by ");
            esc(o, &c.bylines.join(", "));
        }
        o.push_str("</p></li>\n");
    }
    o.push_str("</ul>\n<section aria-labelledby=\"lines-h\">\n<h2 id=\"lines-h\">Independent reporting lines</h2>\n<p>Articles that share passages (wire copy reprinted or rewritten) count as one line; so do the articles of one outlet. ");
    if page.shared_passages > 0 {
        num(o, page.shared_passages);
        o.push_str(" shared passage");
        plural(o, page.shared_passages);
        o.push_str(" found.");
    } else {
        o.push_str("No shared passages found.");
    }
    o.push_str("</p>\n<ol class=\"lines\">\n");
    for l in page.lines {
        o.push_str("<li><span class=\"line-outlets\">");
        for (i, link) in l.outlets.iter().enumerate() {
            o.push_str("<a href=\"");
            esc(o, &link.href);
            o.push_str("\">");
            esc(o, &link.text);
            o.push_str("</a>");
            if i + 1 < l.outlets.len() {
                o.push_str(" + ");
            }
        }
        o.push_str("</span>");
        if l.shared_passages > 0 {
            o.push_str(" <span class=\"src\">· ");
            num(o, l.shared_passages);
            o.push_str(" shared passage");
            plural(o, l.shared_passages);
            if !l.wires.is_empty() {
                o.push_str(" · ");
                esc(o, &l.wires.join(", "));
                o.push_str(" copy");
            }
            o.push_str("</span>");
        }
        o.push_str("\n<ul class=\"line-articles\">");
        for a in &l.articles {
            o.push_str("<li><a href=\"");
            esc(o, &a.href);
            o.push_str("\">");
            esc(o, &a.title);
            o.push_str("</a> <span class=\"src\">");
            esc(o, &a.outlet);
            if let Some(date) = truthy(&a.date) {
                o.push_str(", ");
                esc(o, date);
            }
            o.push_str("</span></li>");
        }
        o.push_str("</ul></li>\n");
    }
    o.push_str("</ol>\n</section>\n<section aria-labelledby=\"terms-matrix-h\">\n<h2 id=\"terms-matrix-h\">Glossary terms by outlet</h2>\n<p>Number of mentions of each term in each outlet's articles; a dash means the outlet does not mention it.</p>\n");
    matrix(o, page.term_matrix, page.group_size, "Term", "glossary terms", None);
    o.push_str("\n</section>\n<section aria-labelledby=\"events-matrix-h\">\n<h2 id=\"events-matrix-h\">Timeline events by outlet</h2>\n<p>Which outlets' articles the editor cites for each event.</p>\n");
    matrix(o, page.event_matrix, page.group_size, "Event", "timeline events", Some("✓"));
    o.push_str("\n</section>\n");
}

/// A cell: its count (or `mark` for any count), or a dash.
fn cell(o: &mut String, n: usize, mark: Option<&str>) {
    if n > 0 {
        o.push_str("<td class=\"yes\">");
        match mark {
            Some(mark) => o.push_str(mark),
            None => num(o, n),
        }
    } else {
        o.push_str("<td class=\"no\">–");
    }
    o.push_str("</td>");
}

/// A matrix whole for the screen, then (when it takes more than one) in tables of at most
/// `size` outlet columns for paper, as `Matrix::column_groups` cuts it.
fn matrix(o: &mut String, m: &Matrix, size: usize, corner: &str, what: &str, mark: Option<&str>) {
    let size = size.max(1);
    let groups = m.columns.len().div_ceil(size);
    o.push_str("<div class=\"table-scroll");
    if groups > 1 {
        o.push_str(" has-print-groups");
    }
    o.push_str("\" role=\"region\" aria-label=\"Table: ");
    o.push_str(what);
    o.push_str(" by outlet\" tabindex=\"0\">\n<table class=\"matrix\">\n<thead><tr><th scope=\"col\">");
    o.push_str(corner);
    o.push_str("</th>");
    for c in &m.columns {
        o.push_str("<th scope=\"col\"><a href=\"");
        esc(o, &c.href);
        o.push_str("\">");
        esc(o, &c.text);
        o.push_str("</a></th>");
    }
    o.push_str("<th scope=\"col\">Outlets</th></tr></thead>\n<tbody>\n");
    for r in &m.rows {
        o.push_str("<tr><th scope=\"row\"><a href=\"");
        esc(o, &r.label.href);
        o.push_str("\">");
        esc(o, &r.label.text);
        o.push_str("</a></th>");
        for &n in &r.cells {
            cell(o, n, mark);
        }
        o.push_str("<td>");
        num(o, r.covered);
        o.push_str("</td></tr>\n");
    }
    o.push_str("</tbody>\n</table>\n</div>\n");
    if groups > 1 {
        o.push_str("<div class=\"print-groups\">");
        for g in 0..groups {
            let cols = g * size..((g + 1) * size).min(m.columns.len());
            o.push_str("<table class=\"matrix print-matrix\">\n<thead><tr><th scope=\"col\">");
            o.push_str(corner);
            o.push_str("</th>");
            for c in &m.columns[cols.clone()] {
                o.push_str("<th scope=\"col\">");
                esc(o, &c.text);
                o.push_str("</th>");
            }
            o.push_str("</tr></thead>\n<tbody>");
            for r in &m.rows {
                o.push_str("<tr><th scope=\"row\">");
                esc(o, &r.label.text);
                o.push_str("</th>");
                for &n in r.cells.get(cols.clone()).unwrap_or_default() {
                    cell(o, n, mark);
                }
                o.push_str("</tr>\n");
            }
            o.push_str("</tbody></table>\n");
        }
        o.push_str("</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::base_page::test_support;
    use crate::render::page::Page;
    use crate::render::views::{ArticleSummary, LinkView, MatrixRow, NavItem, SiteView};

    fn tera() -> tera::Tera {
        test_support::tera(&[("outlets.html", OUTLETS)])
    }

    /// The page as Tera renders it, with the context the `Outlets` job gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, page: &OutletsPage<'_>) -> String {
        let mut ctx = test_support::frame_context(f, "outlets/index.html");
        ctx.insert("outlets", page.outlets);
        ctx.insert("term_matrix_groups", &page.term_matrix.column_groups(page.group_size));
        ctx.insert("event_matrix_groups", &page.event_matrix.column_groups(page.group_size));
        ctx.insert("term_matrix", page.term_matrix);
        ctx.insert("event_matrix", page.event_matrix);
        ctx.insert("lines", page.lines);
        ctx.insert("shared_passages", &page.shared_passages);
        tera.render("outlets.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn link(i: usize) -> LinkView {
        LinkView { text: format!("Name {i} {NASTY}"), href: format!("../x{i}.html#a&b"), title: None }
    }

    fn summary(i: usize, dated: bool) -> ArticleSummary {
        ArticleSummary {
            id: format!("a{i}"),
            title: format!("Headline {i} {NASTY}"),
            href: format!("../articles/a{i}.html"),
            outlet: format!("Outlet {NASTY}"),
            outlet_href: "o.html".into(),
            date: dated.then(|| "1 May 2024".into()),
            date_iso: dated.then(|| "2024-05-01".into()),
            byline: None,
            wire: None,
            paragraphs: 1,
        }
    }

    fn card(i: usize, articles: usize) -> OutletView {
        OutletView {
            name: format!("Outlet {i} {NASTY}"),
            slug: format!("o{i}"),
            anchor: format!("outlet-o{i}"),
            href: format!("o{i}.html#outlet-o{i}"),
            articles: (0..articles).map(|a| summary(a, a % 2 == 0).into()).collect(),
            bylines: (0..i).map(|b| format!("By {b} {NASTY}")).collect(),
            wires: (0..i % 3).map(|w| format!("Wire {w} <{w}>")).collect(),
            country: None,
            kind: None,
            notes: None,
            first: None,
            last: None,
            terms: Vec::new(),
            missed_terms: Vec::new(),
            events: Vec::new(),
            missed_events: Vec::new(),
            quotes: Vec::new(),
            missed_quotes: Vec::new(),
            missed_quotes_total: 0,
            unique: Vec::new(),
            numbers: Vec::new(),
            sentences: 0,
            shared_sentences: 0,
            shared_share: String::new(),
            twins: Vec::new(),
        }
    }

    fn matrix(columns: usize, rows: usize) -> Matrix {
        Matrix {
            columns: (0..columns).map(link).collect(),
            rows: (0..rows)
                .map(|r| MatrixRow {
                    label: link(100 + r),
                    cells: (0..columns).map(|c| (c * r) % 3).collect(),
                    covered: r,
                })
                .collect(),
        }
    }

    /// Every branch of `outlets.html`: one and several outlets, articles, lines and passages;
    /// wires and bylines or none; lines with one or several outlets, with and without shared
    /// passages and wires; matrices empty, within one printed table, and cut into several
    /// (the last one short); escapes in every field.
    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let nav: Vec<NavItem> = ["Cover", "Outlets"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("../{i}.html"), current: i == 1 })
            .collect();
        let lines: Vec<LineView> = (0..4)
            .map(|i| LineView {
                outlets: (0..1 + i % 3).map(link).collect(),
                articles: (0..i).map(|a| summary(a, a != 1).into()).collect(),
                wires: (0..i % 2).map(|w| format!("Wire {w} {NASTY}")).collect(),
                shared_passages: [0, 1, 2, 5][i],
            })
            .collect();
        for (outlets, articles, line_count, passages) in [(3, 12, 4, 7), (1, 1, 1, 1), (1, 0, 0, 0)] {
            let site = SiteView {
                title: format!("Dossier {NASTY}"),
                subtitle: None,
                description: None,
                language: "en".into(),
                editor: None,
                handling: Some(format!("Handle {NASTY}")),
                paper: "A4",
                articles,
                outlets,
                notes: 0,
                terms: 0,
                events: 0,
                span: None,
                as_of: None,
            };
            let frame = Frame { site: &site, nav: &nav, root: "../", title: "Outlets", kind: "outlets" };
            let cards: Vec<OutletView> = (0..outlets).map(|i| card(i, [1, 2, 5][i % 3])).collect();
            for (columns, size) in [(0, 6), (4, 6), (6, 6), (13, 6), (3, 1), (2, 0)] {
                let (terms, events) = (matrix(columns, 3), matrix(columns, if columns == 4 { 0 } else { 2 }));
                let page = OutletsPage {
                    outlets: &cards,
                    lines: &lines[..line_count],
                    shared_passages: passages,
                    term_matrix: &terms,
                    event_matrix: &events,
                    group_size: size,
                };
                assert_eq!(render(&frame, &page), by_tera(&tera, &frame, &page), "{outlets} outlets, {columns}/{size}");
            }
        }
    }

    /// The example dossier's list of outlets, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in templates");
        let p = Page::new(&site, crate::site::paths::OUTLETS);
        let site_view = p.site_view();
        let nav = p.nav();
        let frame = Frame { site: &site_view, nav: &nav, root: &p.root, title: "Outlets", kind: "outlets" };
        let cards: Vec<OutletView> = (0..site.outlets.list.len()).map(|o| p.outlet_card(o)).collect();
        let (lines, terms, events) = (p.lines(), p.term_matrix(), p.event_matrix());
        let page = OutletsPage {
            outlets: &cards,
            lines: &lines,
            shared_passages: site.outlets.shared.passages.len(),
            term_matrix: &terms,
            event_matrix: &events,
            group_size: crate::render::print::MATRIX_COLUMNS,
        };
        assert!(!cards.is_empty() && !terms.rows.is_empty());
        assert_eq!(render(&frame, &page), by_tera(&tera(), &frame, &page));
    }
}
