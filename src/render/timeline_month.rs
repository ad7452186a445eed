//! The default theme's `timeline-month.html`, written directly instead of through Tera.
//!
//! It is the one template rendered once per timeline entry (90,000 times at 10,000 articles),
//! and through Tera each entry is first turned into template values, then interpreted, then
//! dropped: about 7% of such a build's CPU. So when the theme's `timeline-month.html` is
//! exactly the built-in one, [`render`] writes the same bytes Tera would; a theme that changes
//! the template in any way gets Tera, as before. The tests render months both ways and compare
//! the bytes: a change to the template fails them until this file follows it.
//!
//! The timeline page written directly does not even make the entries' views: its months hold
//! the timeline's entries, and [`render_entries_into`] writes each from the entry, the same
//! bytes as [`render_into`] on its view (tested too; a change to the one writer must be made to
//! the other).

use super::page::Page;
use super::text::escape_into as esc;
use super::timeline_page::{BarView, ClaimView, MonthGroup, ambiguity};
use super::views::{EntryView, LinkView};
use crate::date::Precision;
use crate::site::{Site, paths};
use crate::timeline::{Entry, EntryKind};

/// The built-in template this module writes.
pub const TEMPLATE: &str = include_str!("../../themes/default/templates/timeline-month.html");

/// Whether the site's theme uses the built-in `timeline-month.html` unchanged.
pub fn is_builtin(site: &Site) -> bool {
    site.theme.templates.get("timeline-month.html").is_some_and(|t| t.text == TEMPLATE)
}

/// The month as the built-in `timeline-month.html` renders it; `None` where Tera would fail
/// (a publication entry without a source), so that Tera reports it.
pub fn render(month: &MonthGroup) -> Option<String> {
    let entries: usize = month.days.iter().map(|d| d.entries.len()).sum();
    let mut o = String::with_capacity(512 + entries * 1024);
    render_into(&mut o, month)?;
    Some(o)
}

/// [`render`], appended to `o` (the timeline page being written); `None` where Tera would
/// fail, `o` then holding part of the month.
pub fn render_into(o: &mut String, month: &MonthGroup) -> Option<()> {
    write_month(o, month, &mut write_view)
}

/// [`render_into`] for a month holding the timeline's own entries (the timeline page written
/// directly, see [`Page::timeline_groups`]): each entry written from the timeline as `page`
/// (the timeline page) would have made its view, without the view (at 10,000 articles, 90,000
/// entries of about ten small allocations each). The same bytes as [`render_into`] on the
/// entries' views (the tests compare them).
pub fn render_entries_into<'s>(o: &mut String, page: &Page<'s>, month: &MonthGroup<'s, &'s Entry>) -> Option<()> {
    let (mut outlets, mut href) = (Vec::new(), String::new());
    write_month(o, month, &mut |o, e| write_entry(o, page, e, &mut outlets, &mut href))
}

/// The month, its days, and each entry as `entry` writes it.
fn write_month<E>(
    o: &mut String,
    month: &MonthGroup<'_, E>,
    entry: &mut dyn FnMut(&mut String, &E) -> Option<()>,
) -> Option<()> {
    o.push_str("<section class=\"tl-month precision-");
    esc(o, month.precision);
    o.push_str("\" id=\"");
    esc(o, &month.anchor);
    o.push_str("\" aria-labelledby=\"");
    esc(o, &month.anchor);
    o.push_str("-h\">\n<h3 id=\"");
    esc(o, &month.anchor);
    o.push_str("-h\" class=\"month-label\">");
    esc(o, &month.label);
    o.push_str("</h3>\n");
    for d in &month.days {
        o.push_str("\n<section class=\"tl-day precision-");
        esc(o, d.precision);
        if !d.published.is_empty() {
            o.push_str(" has-publication");
        }
        o.push_str("\" id=\"");
        esc(o, &d.anchor);
        o.push_str("\" aria-labelledby=\"");
        esc(o, &d.anchor);
        o.push_str("-h\">\n<h4 id=\"");
        esc(o, &d.anchor);
        o.push_str("-h\" class=\"day-label");
        if d.precision == "year" {
            o.push_str(" visually-hidden");
        }
        o.push_str("\">");
        if d.precision == "day" {
            o.push_str("<time datetime=\"");
            esc(o, &d.date_iso);
            o.push_str("\">");
            esc(o, &d.label);
            o.push_str("</time>");
        } else {
            esc(o, &d.label);
        }
        if !d.published.is_empty() {
            o.push_str(" <span class=\"published\">published: ");
            esc(o, &d.published.join(", "));
            o.push_str("</span>");
        }
        o.push_str("</h4>\n<ol class=\"timeline\">\n");
        for e in &d.entries {
            entry(o, e)?;
        }
        o.push_str("</ol>\n</section>\n");
    }
    o.push_str("\n</section>\n");
    Some(())
}

/// One entry's `<li>`, from its view.
fn write_view(o: &mut String, e: &EntryView) -> Option<()> {
    o.push_str("<li id=\"");
    esc(o, e.anchor);
    o.push_str("\" class=\"entry entry-");
    esc(o, e.kind);
    o.push_str(" precision-");
    esc(o, e.precision);
    for s in &e.outlet_slugs {
        o.push_str(" o-");
        esc(o, s);
    }
    if e.conflict.is_some() {
        o.push_str(" has-conflict");
    }
    o.push_str("\">\n<p class=\"when\"><time datetime=\"");
    esc(o, &e.date_iso);
    o.push('"');
    if e.claims.is_empty() {
        o.push_str(" title=\"");
        esc(o, e.explain);
        o.push('"');
    }
    o.push('>');
    match &e.bar {
        Some(bar) => esc(o, &bar.label),
        None => esc(o, &e.date),
    }
    o.push_str("</time>");
    if let Some(end) = e.end.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(" – ");
        esc(o, end);
    }
    if e.precision != "day" {
        o.push_str(" <span class=\"precision\">");
        esc(o, e.precision);
        o.push_str(" known</span>");
    }
    o.push_str("</p>\n<div class=\"what\">\n");
    if e.kind == "publication" {
        let source = e.sources.first()?;
        o.push_str("<p class=\"pub-line\"><a href=\"");
        esc(o, &source.href);
        o.push_str("\">");
        esc(o, e.title);
        o.push_str("</a>");
        if e.inferred {
            o.push_str(" <span class=\"inferred\" title=\"");
            esc(o, e.explain);
            o.push_str("\">date inferred</span>");
        }
        o.push_str("</p>\n");
    } else {
        o.push_str("<h5 class=\"entry-title\">");
        if e.kind == "extracted" {
            o.push_str("<q>");
            esc(o, e.title);
            o.push_str("</q>");
        } else {
            esc(o, e.title);
        }
        o.push_str("</h5>\n");
        if let Some(bar) = &e.bar {
            bar_into(o, bar);
        }
        o.push('\n');
        if let Some(conflict) = &e.conflict {
            conflict_flag_into(o, conflict);
        }
        o.push('\n');
        o.push_str(&e.body_html);
        o.push('\n');
        if !e.claims.is_empty() {
            o.push_str("<ul class=\"claims\">");
            for c in &e.claims {
                claim_source_into(o, c);
                o.push_str(" <span class=\"expr\">“");
                esc(o, c.expression);
                o.push_str("”</span> <span class=\"how\">");
                esc(o, c.explain);
                o.push_str("</span>");
                if let Some(ambiguity) = c.ambiguity.as_deref().filter(|s| !s.is_empty()) {
                    o.push_str(" <span class=\"ambiguity\">Ambiguous: ");
                    esc(o, ambiguity);
                    o.push_str(".</span>");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ul>");
        }
        o.push('\n');
        if e.kind == "editor" && !e.sources.is_empty() {
            o.push_str("<p class=\"sources\">Sources: ");
            for (i, s) in e.sources.iter().enumerate() {
                o.push_str("<a href=\"");
                esc(o, &s.href);
                o.push('"');
                if let Some(title) = s.title.as_deref().filter(|t| !t.is_empty()) {
                    o.push_str(" title=\"");
                    esc(o, title);
                    o.push('"');
                }
                o.push('>');
                esc(o, &s.text);
                o.push_str("</a>");
                if i + 1 < e.sources.len() {
                    o.push_str(", ");
                }
            }
            o.push_str("</p>");
        }
        o.push('\n');
    }
    o.push_str("</div>\n</li>\n");
    Some(())
}

/// One entry's `<li>` as [`write_view`] writes it from `page.entry(e)`, from the entry itself:
/// only what is shown is made, and text is escaped straight from the site. `outlets` and
/// `href` (a link being written) are scratch space, reused from entry to entry.
fn write_entry<'s>(
    o: &mut String,
    page: &Page<'s>,
    e: &'s Entry,
    outlets: &mut Vec<usize>,
    href: &mut String,
) -> Option<()> {
    // `page.article_link(..)` escaped into `o`, made in `href`.
    let mut link = |o: &mut String, slug: &str, paragraph: Option<usize>| {
        href.clear();
        page.article_link_into(href, slug, paragraph);
        esc(o, href);
    };
    let site = page.site;
    let tl = &site.timeline;
    let kind = match e.kind {
        EntryKind::Editor { .. } => "editor",
        EntryKind::Publication { .. } => "publication",
        EntryKind::Extracted { .. } => "extracted",
    };
    let precision = match e.date.precision() {
        Precision::Day => "day",
        Precision::Month => "month",
        Precision::Year => "year",
    };
    // The claims: the cluster's mentions that are resolved, as `Page::claims` makes them.
    let (mentions, minority): (&[usize], bool) = match e.kind {
        EntryKind::Extracted { cluster } => (&tl.clusters[cluster].mentions, page.is_minority(cluster)),
        _ => (&[], false),
    };
    let claims = || mentions.iter().map(|&i| &tl.mentions[i]).filter(|m| m.resolved.is_some());
    let has_claims = claims().next().is_some();
    let bar = page.bar(e);
    o.push_str("<li id=\"");
    esc(o, &e.anchor);
    o.push_str("\" class=\"entry entry-");
    o.push_str(kind);
    o.push_str(" precision-");
    o.push_str(precision);
    page.entry_outlets(e, outlets);
    for &i in outlets.iter() {
        o.push_str(" o-");
        esc(o, &site.outlets.list[i].slug);
    }
    if e.conflict.is_some() {
        o.push_str(" has-conflict");
    }
    o.push_str("\">\n<p class=\"when\"><time datetime=\"");
    // Digits and hyphens, month names and spaces: nothing to escape in the dates.
    e.date.iso_into(o);
    o.push('"');
    if !has_claims {
        o.push_str(" title=\"");
        esc(o, &e.explain);
        o.push('"');
    }
    o.push('>');
    match &bar {
        Some(bar) => esc(o, &bar.label),
        None => e.date.short_into(o),
    }
    o.push_str("</time>");
    if let Some(end) = e.end {
        o.push_str(" – ");
        end.short_into(o);
    }
    if precision != "day" {
        o.push_str(" <span class=\"precision\">");
        o.push_str(precision);
        o.push_str(" known</span>");
    }
    o.push_str("</p>\n<div class=\"what\">\n");
    if let EntryKind::Publication { article } = e.kind {
        let source = e.sources.first()?;
        o.push_str("<p class=\"pub-line\"><a href=\"");
        link(o, &site.articles[source.article].slug, source.paragraph);
        o.push_str("\">");
        esc(o, &e.title);
        o.push_str("</a>");
        if site.articles[article].date.source == crate::extract::Origin::Inferred {
            o.push_str(" <span class=\"inferred\" title=\"");
            esc(o, &e.explain);
            o.push_str("\">date inferred</span>");
        }
        o.push_str("</p>\n");
    } else {
        o.push_str("<h5 class=\"entry-title\">");
        if kind == "extracted" {
            o.push_str("<q>");
            esc(o, &e.title);
            o.push_str("</q>");
        } else {
            esc(o, &e.title);
        }
        o.push_str("</h5>\n");
        if let Some(bar) = &bar {
            bar_into(o, bar);
        }
        o.push('\n');
        if let Some(k) = e.conflict {
            o.push_str("<p class=\"conflict-flag\"><a href=\"");
            esc(o, &page.link(paths::TIMELINE, &paths::conflict_anchor(k)));
            o.push_str("\">");
            esc(o, &page.conflict_title(k));
            o.push_str("</a></p>");
        }
        o.push('\n');
        if let Some(body) = e.body {
            o.push_str(&page.doc_html(body));
        }
        o.push('\n');
        if has_claims {
            o.push_str("<ul class=\"claims\">");
            for m in claims() {
                let art = &site.articles[m.article];
                let outlet = &site.outlets.list[site.outlets.of_article[m.article]];
                o.push_str("<li><a class=\"claim-src\" href=\"");
                link(o, &art.slug, Some(m.paragraph));
                o.push_str("\" title=\"");
                esc(o, art.display_title());
                o.push_str("\">");
                esc(o, &outlet.name);
                o.push_str(" ¶");
                paths::push_usize(o, m.paragraph);
                o.push_str("</a> <span class=\"expr\">“");
                esc(o, &m.expression);
                o.push_str("”</span> <span class=\"how\">");
                esc(o, m.explain.as_deref().unwrap_or_default());
                o.push_str("</span>");
                if let Some(ambiguity) = ambiguity(m, minority).filter(|s| !s.is_empty()) {
                    o.push_str(" <span class=\"ambiguity\">Ambiguous: ");
                    esc(o, &ambiguity);
                    o.push_str(".</span>");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ul>");
        }
        o.push('\n');
        if kind == "editor" && !e.sources.is_empty() {
            o.push_str("<p class=\"sources\">Sources: ");
            for (i, s) in e.sources.iter().enumerate() {
                let art = &site.articles[s.article];
                let outlet = &site.outlets.list[site.outlets.of_article[s.article]];
                o.push_str("<a href=\"");
                link(o, &art.slug, s.paragraph);
                o.push('"');
                let title = art.display_title();
                if !title.is_empty() {
                    o.push_str(" title=\"");
                    esc(o, title);
                    o.push('"');
                }
                o.push('>');
                esc(o, &outlet.name);
                if let Some(p) = s.paragraph {
                    o.push_str(" ¶");
                    paths::push_usize(o, p);
                }
                o.push_str("</a>");
                if i + 1 < e.sources.len() {
                    o.push_str(", ");
                }
            }
            o.push_str("</p>");
        }
        o.push('\n');
    }
    o.push_str("</div>\n</li>\n");
    Some(())
}

/// An entry's link to the dispute it is in (`<p class="conflict-flag">`), as the month and
/// the print pack's timeline write it.
pub(super) fn conflict_flag_into(o: &mut String, conflict: &LinkView) {
    o.push_str("<p class=\"conflict-flag\"><a href=\"");
    esc(o, &conflict.href);
    o.push_str("\">");
    esc(o, &conflict.text);
    o.push_str("</a></p>");
}

/// A claim's item opening and its link to the paragraph (`<li><a class="claim-src" …>Outlet
/// ¶n</a>`), as the month and the print pack's timeline write it.
pub(super) fn claim_source_into(o: &mut String, c: &ClaimView<'_>) {
    o.push_str("<li><a class=\"claim-src\" href=\"");
    esc(o, &c.href);
    o.push_str("\" title=\"");
    esc(o, c.article);
    o.push_str("\">");
    esc(o, c.outlet);
    o.push(' ');
    esc(o, &c.place);
    o.push_str("</a>");
}

/// An entry's duration bar and its caption, as `timeline-month.html` writes them (both
/// writers of the month use it).
fn bar_into(o: &mut String, bar: &BarView) {
    o.push_str("<div class=\"bar\" title=\"");
    esc(o, &bar.label);
    o.push_str("\"><span class=\"bar-fill");
    if bar.open_end {
        o.push_str(" open-end");
    }
    o.push_str("\" style=\"margin-left: ");
    esc(o, &bar.left);
    o.push_str("; width: ");
    esc(o, &bar.width);
    o.push_str("\"></span></div><p class=\"bar-caption\">");
    esc(o, &bar.label);
    if !bar.open_end {
        o.push_str(" <span class=\"meta\">within ");
        esc(o, &bar.track);
        o.push_str("</span>");
    }
    o.push_str("</p>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::diagnostics::Diagnostics;
    use crate::render::page::Page;
    use crate::render::timeline_page::DayGroup;
    use crate::render::views::{EntryView, LinkView};

    fn tera() -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("timeline-month.html", TEMPLATE).expect("the built-in template compiles");
        tera
    }

    fn by_tera(tera: &tera::Tera, month: &MonthGroup) -> String {
        let mut ctx = tera::Context::new();
        ctx.insert("month", month);
        tera.render("timeline-month.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    /// A test string as the borrowed text a view holds.
    fn text(s: String) -> &'static str {
        s.leak()
    }

    fn claim(ambiguity: Option<&str>) -> ClaimView<'static> {
        ClaimView {
            outlet: text(format!("Outlet {NASTY}")),
            article: text(format!("Headline {NASTY}")),
            outlet_slug: "outlet",
            href: "articles/a.html#p1?x=1&y=\"2\"".into(),
            place: "¶3".into(),
            expression: text(format!("last <Monday> {NASTY}")),
            date: "Mon 27 Oct 2014".into(),
            date_iso: "2014-10-27".into(),
            explain: text(format!("Monday → 27 Oct: {NASTY}")),
            sentence_html: "<mark>x</mark>".into(),
            note: Some(3),
            ambiguity: ambiguity.map(str::to_string),
        }
    }

    fn entry(kind: &'static str, precision: &'static str) -> EntryView<'static> {
        EntryView {
            anchor: text(format!("ev-{kind}-{precision}")),
            date: "27 Oct 2014".into(),
            date_iso: "2014-10-27".into(),
            precision,
            end: None,
            title: text(format!("Title {NASTY}")),
            body_html: String::new(),
            kind,
            sources: Vec::new(),
            outlets: vec!["A"],
            outlet_slugs: Vec::new(),
            explain: text(format!("stated {NASTY}")),
            note: None,
            claims: Vec::new(),
            conflict: None,
            bar: None,
            inferred: false,
        }
    }

    fn link(title: Option<&str>) -> LinkView {
        LinkView {
            text: format!("Source {NASTY}"),
            href: "articles/s.html#p2&q".into(),
            title: title.map(str::to_string),
        }
    }

    /// Every branch of the template: each kind and precision, bars (open and closed), ends
    /// (empty and not), conflicts, bodies, claims with and without ambiguity, editor sources
    /// with and without titles, publications inferred or not, days with and without
    /// publications, and text needing escapes everywhere.
    fn every_branch() -> MonthGroup<'static> {
        let mut entries = Vec::new();
        for kind in ["editor", "extracted", "publication"] {
            for precision in ["day", "month", "year"] {
                let mut e = entry(kind, precision);
                e.sources = vec![link(Some("A title")), link(None), link(Some(""))];
                entries.push(e);
            }
        }
        let mut e = entry("extracted", "day");
        e.claims = vec![claim(None), claim(Some("the vote <too>")), claim(Some(""))];
        e.outlet_slugs = vec!["ap", "bbc-news"];
        e.conflict = Some(link(None));
        e.end = Some("30 Oct 2014".into());
        entries.push(e);
        let mut e = entry("editor", "month");
        e.bar = Some(BarView {
            left: "10.0%".into(),
            width: "25.5%".into(),
            label: format!("Oct {NASTY}"),
            track: "2014".into(),
            open_end: false,
        });
        e.body_html = "<p>Body with <a href=\"x.html\">a link</a></p>".into();
        e.end = Some(String::new());
        entries.push(e);
        let mut e = entry("editor", "year");
        e.bar = Some(BarView {
            left: "0%".into(),
            width: "100%".into(),
            label: "since 2010".into(),
            track: "2014".into(),
            open_end: true,
        });
        entries.push(e);
        let mut e = entry("publication", "day");
        e.sources = vec![link(None)];
        e.inferred = true;
        e.note = Some(7);
        entries.push(e);
        // Every field filled at least once (a note number, the month's own `html`), so that a
        // template change reading one the writer ignores shows here.
        let mut e = entry("editor", "day");
        e.note = Some(8);
        e.sources = vec![link(Some("t"))];
        entries.push(e);
        let day = |precision: &'static str, published: Vec<&'static str>, entries: Vec<EntryView<'static>>| DayGroup {
            label: format!("27 Oct {NASTY}"),
            precision,
            date_iso: "2014-10-27".into(),
            anchor: format!("d-{precision}"),
            published,
            entries,
        };
        MonthGroup {
            label: format!("October {NASTY}"),
            precision: "month",
            anchor: "m-2014-10".into(),
            days: vec![
                day("day", vec!["AP", "Tom's <Times>"], entries),
                day("month", Vec::new(), vec![entry("extracted", "month")]),
                day("year", Vec::new(), Vec::new()),
            ],
            html: "<p>rendered before</p>".into(),
        }
    }

    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let month = every_branch();
        assert_eq!(render(&month).as_deref(), Some(by_tera(&tera, &month).as_str()));
        let empty = MonthGroup { days: Vec::new(), ..every_branch() };
        assert_eq!(render(&empty).as_deref(), Some(by_tera(&tera, &empty).as_str()));
    }

    /// A publication without a source makes Tera fail; the direct path leaves it to Tera.
    #[test]
    fn leaves_to_tera_what_tera_refuses() {
        let mut month = every_branch();
        month.days[1].entries = vec![entry("publication", "day")];
        assert!(render(&month).is_none());
        let mut ctx = tera::Context::new();
        ctx.insert("month", &month);
        assert!(tera().render("timeline-month.html", &ctx).is_err());
    }

    /// Every month of the example dossier, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in template");
        let tera = tera();
        for numbered in [false, true] {
            let mut months = 0;
            Page::new(&site, crate::site::paths::TIMELINE).timeline_view(numbered, &mut |_, month, _| {
                assert_eq!(render(month).as_deref(), Some(by_tera(&tera, month).as_str()), "{}", month.label);
                months += 1;
            });
            assert!(months > 3, "{months} months");
        }
    }

    /// The example with every shape the entry writer meets made to appear, text needing escapes
    /// (HTML-special and non-ASCII) in titles, outlet names, explanations and expressions:
    /// each entry twice, the copy with its date known to the day, the month or the year, an
    /// end or not, a span (a bar) or not, a conflict or not; a conflict whose smaller side has
    /// ambiguous claims; a publication without sources (which both ways refuse).
    fn varied_site() -> crate::site::Site {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(mut site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        let nasty = "<b>\"Tom's\" & co</b> – “é” 日";
        for (i, o) in site.outlets.list.iter_mut().enumerate().filter(|(i, _)| i % 2 == 0) {
            o.name = format!("{} {nasty} {i}", o.name);
        }
        for a in site.articles.iter_mut().step_by(2) {
            a.title.value = Some(format!("{} {nasty}", a.display_title()));
        }
        for (k, m) in site.timeline.mentions.iter_mut().enumerate() {
            if k % 3 == 0 {
                m.expression = format!("{} {nasty}", m.expression);
                m.explain = Some(format!("{} {nasty}", m.explain.as_deref().unwrap_or_default()));
            }
            if k % 2 == 0 {
                m.other_happenings = vec!["vote", "meet"];
            }
        }
        if site.timeline.clusters.len() >= 2 {
            site.timeline.conflicts.push(crate::timeline::Conflict {
                clusters: vec![0, 1],
                happening: "vote",
                ambiguous: true,
            });
        }
        let conflicts = site.timeline.conflicts.len();
        let day = |y, m, d| jiff::civil::Date::new(y, m, d).expect("a day");
        let mut entries = Vec::new();
        for (k, e) in site.timeline.entries.iter().enumerate() {
            entries.push(e.clone());
            let mut v = e.clone();
            v.title = format!("{} {nasty}", v.title);
            v.anchor = format!("{}-{k}", v.anchor);
            v.explain = format!("{} {nasty}", v.explain);
            v.date = [
                PartialDate { year: 2014, month: Some(10), day: Some(27) },
                PartialDate { year: 2014, month: Some(10), day: None },
                PartialDate { year: 2014, month: None, day: None },
            ][k % 3];
            v.end = [None, Some(PartialDate { year: 2015, month: Some(2), day: None })][k % 2];
            v.span =
                [None, Some((day(2014, 10, 3), day(2014, 10, 9))), Some((day(2014, 9, 1), day(2015, 2, 3)))][k % 3];
            v.conflict = (conflicts > 0 && k % 4 == 0).then(|| k % conflicts);
            entries.push(v);
        }
        site.timeline.entries = entries;
        site
    }

    /// The month of each way of writing, all months of a page in order.
    fn by_views(site: &crate::site::Site) -> Vec<Option<String>> {
        let page = Page::new(site, crate::site::paths::TIMELINE);
        let mut months = Vec::new();
        page.timeline_years(&|_| true, false, &mut |_, month, _| months.push(render(month)));
        months
    }

    fn by_entries(site: &crate::site::Site) -> Vec<Option<String>> {
        let page = Page::new(site, crate::site::paths::TIMELINE);
        let mut months = Vec::new();
        page.timeline_groups(&|_| true, &mut |e| e, &mut |_, month, _| {
            let mut o = String::new();
            months.push(render_entries_into(&mut o, &page, month).map(|()| o));
        });
        months
    }

    /// Entries written from the timeline are the bytes their views are rendered to, on every
    /// shape of entry.
    #[test]
    fn entries_are_written_as_their_views_are() {
        let mut site = varied_site();
        let page = Page::new(&site, crate::site::paths::TIMELINE);
        let views: Vec<EntryView> = site.timeline.entries.iter().map(|e| page.entry(e)).collect();
        let shapes = |f: &dyn Fn(&EntryView) -> bool| views.iter().filter(|v| f(v)).count();
        assert!(shapes(&|v| v.kind == "editor" && !v.body_html.is_empty()) > 0, "editor entries with bodies");
        assert!(shapes(&|v| v.claims.len() >= 2) > 0, "entries with several claims");
        assert!(shapes(&|v| v.claims.iter().any(|c| c.ambiguity.is_some())) > 0, "ambiguous claims");
        assert!(shapes(&|v| v.conflict.is_some()) > 0, "conflicts");
        assert!(shapes(&|v| v.bar.as_ref().is_some_and(|b| b.open_end)) > 0, "open bars");
        assert!(shapes(&|v| v.bar.as_ref().is_some_and(|b| !b.open_end)) > 0, "closed bars");
        assert!(shapes(&|v| v.precision == "year") > 0 && shapes(&|v| v.precision == "month") > 0);
        assert!(shapes(&|v| v.kind == "publication") > 0 && shapes(&|v| v.kind == "editor" && v.sources.len() > 1) > 0);
        assert!(shapes(&|v| v.outlet_slugs.len() > 1) > 0, "several outlets");
        drop(views);
        let want = by_views(&site);
        assert!(want.len() > 3 && want.iter().all(Option::is_some));
        assert_eq!(by_entries(&site), want);
        // A publication without a source: both ways refuse its month.
        let Some(p) = site.timeline.entries.iter_mut().find(|e| matches!(e.kind, EntryKind::Publication { .. })) else {
            panic!("a publication")
        };
        p.sources.clear();
        let want = by_views(&site);
        assert!(want.iter().any(Option::is_none));
        assert_eq!(by_entries(&site), want);
    }

    /// `timeline.json`'s events written from the entries are those written from their views.
    #[test]
    fn events_are_written_as_from_their_views() {
        let site = varied_site();
        let views = Page::new(&site, crate::site::paths::TIMELINE);
        let mut want = crate::render::timeline_page::TimelineJson::new(&site);
        for e in &site.timeline.entries {
            want.push(e, &views.entry(e));
        }
        let page = Page::new(&site, crate::site::paths::TIMELINE);
        let mut got = crate::render::timeline_page::TimelineJson::new(&site);
        for e in &site.timeline.entries {
            got.push_entry(&page, e);
        }
        assert_eq!(got.finish(), want.finish());
    }
}
