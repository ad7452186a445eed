//! The default theme's `timeline-month.html`, written directly instead of through Tera.
//!
//! It is the one template rendered once per timeline entry (90,000 times at 10,000 articles),
//! and through Tera each entry is first turned into template values, then interpreted, then
//! dropped: about 7% of such a build's CPU. So when the theme's `timeline-month.html` is
//! exactly the built-in one, [`render`] writes the same bytes Tera would; a theme that changes
//! the template in any way gets Tera, as before. The tests render months both ways and compare
//! the bytes: a change to the template fails them until this file follows it.

use super::text::escape_into as esc;
use super::timeline_page::MonthGroup;
use crate::site::Site;

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
                o.push('\n');
                if let Some(conflict) = &e.conflict {
                    o.push_str("<p class=\"conflict-flag\"><a href=\"");
                    esc(o, &conflict.href);
                    o.push_str("\">");
                    esc(o, &conflict.text);
                    o.push_str("</a></p>");
                }
                o.push('\n');
                o.push_str(&e.body_html);
                o.push('\n');
                if !e.claims.is_empty() {
                    o.push_str("<ul class=\"claims\">");
                    for c in &e.claims {
                        o.push_str("<li><a class=\"claim-src\" href=\"");
                        esc(o, &c.href);
                        o.push_str("\" title=\"");
                        esc(o, c.article);
                        o.push_str("\">");
                        esc(o, c.outlet);
                        o.push(' ');
                        esc(o, &c.place);
                        o.push_str("</a> <span class=\"expr\">“");
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
        }
        o.push_str("</ol>\n</section>\n");
    }
    o.push_str("\n</section>\n");
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::page::Page;
    use crate::render::timeline_page::{BarView, ClaimView, DayGroup};
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
}
