//! The default theme's `timeline.html` (in `base.html`), written directly instead of through
//! Tera while the theme's copies of it, of `base.html` and of `timeline-month.html` are the
//! built-in ones: the page around the months [`super::timeline_month`] writes.
//!
//! Through Tera, the months' markup (most of the page: 70 MB at 10,000 articles) was copied
//! into the template context, then again into the page; here it is copied once, into a page
//! sized for it. The tests render the page both ways and compare the bytes: a change to the
//! template fails them until this file follows it.

use super::base_page::{Frame, base_blocks, num, truthy};
use super::text::escape_into as esc;
use super::timeline_page::{ClaimView, ConflictView, TimelineView, YearGroup};
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const TIMELINE: &str = include_str!("../../themes/default/templates/timeline.html");

/// Whether the site's theme uses the built-in `timeline.html`, `base.html` and
/// `timeline-month.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "timeline.html", TIMELINE) && super::timeline_month::is_builtin(site)
}

/// The page as the built-in `timeline.html` renders it from the `timeline` view (its months
/// rendered already) and the `outlets` (name, slug) the `Timeline` job gives it.
#[cfg(test)]
fn render(frame: &Frame<'_>, view: &TimelineView<'_>, outlets: &[(&str, &str)]) -> String {
    let body = |o: &mut String| {
        for y in &view.years {
            year_start(o, y);
            for m in &y.months {
                o.push('\n');
                o.push_str(&m.html);
            }
            year_end(o);
        }
        true
    };
    render_with(frame, view, outlets, 0, body).unwrap_or_default()
}

/// The page, its `years` (rendered as [`year_start`], each month after a newline, [`year_end`])
/// written by `years` where the built-in template has them, the rest from `view`; sized for
/// `entries` timeline entries. `None` where `years` returns false (it could not write them).
pub(super) fn render_with(
    frame: &Frame<'_>,
    view: &TimelineView<'_>,
    outlets: &[(&str, &str)],
    entries: usize,
    years: impl FnOnce(&mut String) -> bool,
) -> Option<String> {
    let months: usize = view.years.iter().flat_map(|y| &y.months).map(|m| m.html.len() + 1).sum();
    // An entry takes about 800 bytes (72 MB for 90,000): reserved at once rather than doubled
    // (each doubling copies the page); what is reserved but not written is never touched.
    let mut o =
        String::with_capacity(months + entries * 1024 + 64 * 1024 + outlets.len() * 1024 + view.conflicts.len() * 4096);
    let mut written = true;
    base_blocks(
        &mut o,
        frame,
        |o| head(o, outlets),
        |o| content(o, view, outlets, |o| written = years(o)),
        Some(|o: &mut String| {
            o.push_str("\n<script src=\"");
            esc(o, frame.root);
            o.push_str("assets/timeline.js\"></script>\n");
        }),
    );
    written.then_some(o)
}

/// A year's section up to its months.
pub(super) fn year_start<E>(o: &mut String, y: &YearGroup<'_, E>) {
    o.push_str("\n<section class=\"tl-year\" id=\"");
    esc(o, &y.anchor);
    o.push_str("\" aria-labelledby=\"");
    esc(o, &y.anchor);
    o.push_str("-h\">\n<h2 id=\"");
    esc(o, &y.anchor);
    o.push_str("-h\" class=\"year-label\">");
    esc(o, &y.label);
    o.push_str("</h2>\n");
}

/// The end of a year's section, after its months.
pub(super) fn year_end(o: &mut String) {
    o.push_str("\n</section>\n");
}

/// The `head` block: the CSS that filters the timeline by outlet.
fn head(o: &mut String, outlets: &[(&str, &str)]) {
    o.push_str("\n<style>\n");
    for (_, slug) in outlets {
        let only = |o: &mut String| {
            o.push_str("#only-");
            esc(o, slug);
        };
        for (i, part) in [".entry:not(.o-", ".tl-day:not(:has(.o-", ".tl-month:not(:has(.o-", ".tl-year:not(:has(.o-"]
            .iter()
            .enumerate()
        {
            only(o);
            o.push_str(":target ~ .tl-body ");
            o.push_str(part);
            esc(o, slug);
            o.push_str(if i == 0 { ")" } else { "))" });
            o.push_str(if i == 3 { " { display: none; }\n" } else { ",\n" });
        }
        only(o);
        o.push_str(":target ~ .tl-filter a[href=\"#only-");
        esc(o, slug);
        o.push_str("\"] { background: var(--accent); color: var(--bg); }\n");
    }
    o.push_str("\n</style>\n");
}

/// The `content` block.
fn content(o: &mut String, view: &TimelineView<'_>, outlets: &[(&str, &str)], years: impl FnOnce(&mut String)) {
    o.push_str("\n<h1>Timeline</h1>\n<p class=\"lede\">What happened when: the editor's events first, then the dates the articles themselves give, each resolved against the article's publication day and explained.</p>\n<ul class=\"legend\">\n<li><span class=\"entry-key editor\"></span>Editor's event (");
    num(o, view.editor_count);
    o.push_str("): authoritative, with cited sources</li>\n<li><span class=\"entry-key extracted\"></span>Found in the articles (");
    num(o, view.extracted_count);
    o.push_str("): each outlet's wording, and how its date was read</li>\n<li><span class=\"entry-key publication\"></span>An article's publication</li>\n</ul>\n");
    if !view.conflicts.is_empty() {
        conflicts(o, &view.conflicts);
    }
    o.push_str("\n<div class=\"tl\">\n<span id=\"tl-all\" class=\"filter-target\"></span>\n");
    for (_, slug) in outlets {
        o.push_str("<span id=\"only-");
        esc(o, slug);
        o.push_str("\" class=\"filter-target\"></span>\n");
    }
    o.push_str("\n<nav class=\"tl-filter\" aria-label=\"Filter the timeline by outlet\">\n<span class=\"tl-filter-label\">Show</span>\n<a class=\"f-all\" href=\"#tl-all\">All outlets</a>\n");
    for (name, slug) in outlets {
        o.push_str("<a href=\"#only-");
        esc(o, slug);
        o.push_str("\" data-outlet=\"");
        esc(o, slug);
        o.push_str("\">");
        esc(o, name);
        o.push_str("</a>\n");
    }
    o.push_str("\n<a class=\"tl-json\" href=\"");
    esc(o, &view.json_href);
    o.push_str("\" download>timeline.json</a>\n<span id=\"tl-filter-status\" class=\"tl-filter-status\" aria-live=\"polite\"></span>\n</nav>\n<div class=\"tl-body\">\n");
    years(o);
    o.push_str("\n</div>\n</div>\n");
    if !view.unplaced.is_empty() {
        o.push_str("\n<section class=\"unplaced\" aria-labelledby=\"unplaced-h\">\n<h2 id=\"unplaced-h\">Waiting for a publication date</h2>\n<p class=\"meta\">These dates are relative (“on Monday”, “last week”) and their article's publication date is unknown, so they are not placed. Give the article a <code>date</code> in a sidecar file to place them.</p>\n<ul>");
        for u in &view.unplaced {
            o.push_str("<li><a href=\"");
            esc(o, &u.href);
            o.push_str("\">");
            esc(o, &u.place);
            o.push_str("</a> “");
            esc(o, &u.expression);
            o.push_str("”: <span class=\"sentence\">");
            o.push_str(&u.sentence_html);
            o.push_str("</span></li>\n");
        }
        o.push_str("</ul>\n</section>\n");
    }
    o.push('\n');
}

/// The dates in dispute.
fn conflicts(o: &mut String, conflicts: &[ConflictView<'_>]) {
    o.push_str(
        "\n<section class=\"conflicts\" aria-labelledby=\"conflicts-h\">\n<h2 id=\"conflicts-h\">Dates in dispute (",
    );
    num(o, conflicts.len());
    o.push_str(")</h2>\n<p class=\"meta\">The same happening, dated differently by different outlets. Each claim shows its wording and how its date was resolved.</p>\n");
    for k in conflicts {
        o.push_str("\n<article id=\"");
        esc(o, &k.anchor);
        o.push_str("\" class=\"conflict");
        if k.ambiguous {
            o.push_str(" ambiguous");
        }
        o.push_str("\" aria-labelledby=\"");
        esc(o, &k.anchor);
        o.push_str("-h\">\n<h3 id=\"");
        esc(o, &k.anchor);
        o.push_str("-h\">");
        esc(o, &k.title);
        o.push_str(" <span class=\"status\">");
        esc(o, k.status);
        o.push_str("</span></h3>\n<div class=\"sides\">\n");
        for s in &k.sides {
            o.push_str("<div class=\"side\">\n<p class=\"side-date\"><a href=\"");
            esc(o, &s.href);
            o.push_str("\">");
            esc(o, &s.date);
            o.push_str("</a> <span class=\"meta\">");
            esc(o, &s.outlets.join(", "));
            o.push_str("</span></p>\n<ul class=\"claims\">");
            for c in &s.claims {
                claim(o, c);
            }
            o.push_str("</ul>\n</div>\n");
        }
        o.push_str("</div>\n</article>\n");
    }
    o.push_str("\n</section>\n");
}

fn claim(o: &mut String, c: &ClaimView<'_>) {
    o.push_str("<li><a class=\"claim-src\" href=\"");
    esc(o, &c.href);
    o.push_str("\" title=\"");
    esc(o, c.article);
    o.push_str("\">");
    esc(o, c.outlet);
    o.push(' ');
    esc(o, &c.place);
    o.push_str("</a> <span class=\"sentence\">");
    o.push_str(&c.sentence_html);
    o.push_str("</span> <span class=\"how\">");
    esc(o, c.explain);
    o.push_str("</span>");
    if let Some(a) = truthy(&c.ambiguity) {
        o.push_str(" <span class=\"ambiguity\">Ambiguous: ");
        esc(o, a);
        o.push_str(".</span>");
    }
    o.push_str("</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::base_page::test_support;
    use crate::render::timeline_month::TEMPLATE as MONTH;
    use crate::render::timeline_page::{ConflictSide, MonthGroup, UnplacedView};
    use crate::render::views::{NavItem, SiteView};

    fn tera() -> tera::Tera {
        test_support::tera(&[("timeline.html", TIMELINE), ("timeline-month.html", MONTH)])
    }

    /// The page as Tera renders it, with the context the `Timeline` job gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, view: &TimelineView<'_>, outlets: &[(&str, &str)]) -> String {
        let mut ctx = test_support::frame_context(f, "timeline.html");
        ctx.insert("timeline", view);
        ctx.insert("outlets", outlets);
        tera.render("timeline.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn text(s: String) -> &'static str {
        s.leak()
    }

    fn site_view() -> SiteView {
        SiteView {
            title: format!("Dossier {NASTY}"),
            subtitle: None,
            description: Some(format!("About {NASTY}")),
            language: "en".into(),
            editor: Some(format!("Ed {NASTY}")),
            handling: Some(format!("Internal {NASTY}")),
            paper: "A4",
            articles: 12,
            outlets: 2,
            notes: 2,
            terms: 3,
            events: 4,
            span: Some("2014".into()),
            as_of: None,
        }
    }

    fn claim(i: usize) -> ClaimView<'static> {
        ClaimView {
            outlet: text(format!("Outlet {i} {NASTY}")),
            article: text(format!("Headline {i} {NASTY}")),
            outlet_slug: "outlet",
            href: format!("articles/a{i}.html#p1?x=1&y=\"2\""),
            place: format!("¶{i}"),
            expression: text(format!("last <Monday> {NASTY}")),
            date: "Mon 27 Oct 2014".into(),
            date_iso: "2014-10-27".into(),
            explain: text(format!("Monday → 27 Oct: {NASTY}")),
            sentence_html: format!("said <mark>x {i}</mark> &amp; more"),
            note: None,
            ambiguity: [None, Some(format!("a vote <{i}>")), Some(String::new())][i % 3].clone(),
        }
    }

    fn conflict(k: usize) -> ConflictView<'static> {
        ConflictView {
            anchor: format!("conflict-{k}\"&"),
            href: format!("#conflict-{k}"),
            title: format!("The vote {k} {NASTY}"),
            status: if k.is_multiple_of(2) { "conflict" } else { "conflict or ambiguity" },
            ambiguous: k % 2 == 1,
            sides: (0..2 + k % 2)
                .map(|s| ConflictSide {
                    date: format!("{s} Oct 2014 <d>"),
                    href: format!("#tl-2014-10-{s}&"),
                    outlets: (0..1 + s).map(|o| text(format!("Outlet {o} {NASTY}"))).collect(),
                    claims: (0..s).map(|c| claim(k + c)).collect(),
                })
                .collect(),
        }
    }

    fn month(y: usize, m: usize) -> MonthGroup<'static> {
        MonthGroup {
            label: format!("Month {m}"),
            precision: "month",
            anchor: format!("tl-{y}-{m}"),
            days: Vec::new(),
            html: format!("<section class=\"tl-month\">{y}-{m} &amp; <b>markup</b></section>\n"),
        }
    }

    fn timeline(years: usize, conflicts: usize, unplaced: usize) -> TimelineView<'static> {
        TimelineView {
            years: (0..years)
                .map(|y| YearGroup {
                    label: format!("{} <y>", 2014 + y),
                    anchor: format!("tl-{}\"", 2014 + y),
                    months: (0..y + 1).map(|m| month(y, m)).collect(),
                })
                .collect(),
            conflicts: (0..conflicts).map(conflict).collect(),
            footnotes: Vec::new(),
            unplaced: (0..unplaced)
                .map(|u| UnplacedView {
                    article: format!("Headline {u} {NASTY}"),
                    href: format!("articles/u{u}.html#p2&q"),
                    place: format!("Outlet {NASTY} ¶{u}"),
                    expression: format!("on <Monday> {u}"),
                    sentence_html: format!("it met <mark>on Monday</mark> {u} &amp;"),
                })
                .collect(),
            editor_count: years * 7,
            extracted_count: conflicts * 11,
            json_href: "timeline.json?a&b".into(),
        }
    }

    /// Every branch of `timeline.html`: no outlets, one and several (names and slugs needing
    /// escapes); no years, one and several, with one month and several; no conflicts, one and
    /// several, ambiguous or not, sides with no claims, one and several, claims with an
    /// ambiguity absent, empty or given; no unplaced mentions and several; escapes everywhere.
    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let site = site_view();
        let nav: Vec<NavItem> = ["Cover", "Timeline"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("{i}.html?a&b"), current: i == 1 })
            .collect();
        let outlet_lists: [&[(&str, &str)]; 3] =
            [&[], &[("AP <wire>", "ap")], &[("AP", "ap"), ("Tom's \"Times\" & co", "toms-times\"&")]];
        for root in ["", "../"] {
            let frame = Frame { site: &site, nav: &nav, root, title: "Timeline", kind: "timeline" };
            for outlets in outlet_lists {
                for (years, conflicts, unplaced) in [(0, 0, 0), (1, 1, 0), (3, 4, 3), (2, 0, 1)] {
                    let view = timeline(years, conflicts, unplaced);
                    assert_eq!(
                        render(&frame, &view, outlets),
                        by_tera(&tera, &frame, &view, outlets),
                        "{years} years, {conflicts} conflicts, {unplaced} unplaced, {} outlets",
                        outlets.len()
                    );
                }
            }
        }
    }
}
