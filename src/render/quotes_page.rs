//! The default theme's quotes page (`quotes.html` inside `base.html`, the page `quotes.html`),
//! written directly instead of through Tera while the theme's copies of both templates are the
//! built-in ones (as [`super::article_page`] does for articles): every quotation, merged across
//! outlets, with each outlet's wording. The tests render pages both ways and compare the
//! bytes: a change to either template fails them until this file (or [`super::base_page`])
//! follows it.

use super::base_page::{Frame, base, num, truthy};
use super::text::escape_into as esc;
use super::views::{QuoteView, SpeakerView};
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const QUOTES: &str = include_str!("../../themes/default/templates/quotes.html");

/// Whether the site's theme uses the built-in `quotes.html` and `base.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "quotes.html", QUOTES)
}

/// The page as the built-in `quotes.html` (in `base.html`) renders it, from the `speakers`
/// and `quote_count` the `Quotes` job gives it.
pub(super) fn render(frame: &Frame<'_>, speakers: &[SpeakerView], quote_count: usize) -> String {
    let size: usize = speakers
        .iter()
        .flat_map(|s| &s.quotes)
        .map(|q| {
            300 + q.text.len()
                + q.sources.iter().map(|s| 120 + s.diff_html.as_ref().map_or(0, |d| d.len() + 120)).sum::<usize>()
        })
        .sum();
    let mut o = String::with_capacity(16384 + size);
    base(&mut o, frame, |o| content(o, speakers, quote_count));
    o
}

fn plural(o: &mut String, n: usize) {
    if n != 1 {
        o.push('s');
    }
}

/// `quotes.html`'s `content` block.
fn content(o: &mut String, speakers: &[SpeakerView], quote_count: usize) {
    o.push_str("\n<h1>Quotes</h1>\n<p class=\"lede\">");
    num(o, quote_count);
    o.push_str(" quotation");
    plural(o, quote_count);
    o.push_str(" from ");
    num(o, speakers.len());
    o.push_str(" speaker");
    plural(o, speakers.len());
    o.push_str(", each listed once with every outlet that carried it. Where outlets quote the same words differently, the other wordings are shown with <ins>added</ins> and <del>missing</del> words.</p>\n");
    if !speakers.is_empty() {
        o.push_str("<nav class=\"speaker-index\" aria-label=\"Speakers\"><ul class=\"chips\">");
        for s in speakers {
            o.push_str("<li><a href=\"#");
            esc(o, &s.anchor);
            o.push_str("\">");
            esc(o, &s.name);
            o.push_str("</a> <span class=\"count\">");
            num(o, s.quotes.len());
            o.push_str("</span></li>");
        }
        o.push_str("</ul></nav>");
    }
    o.push('\n');
    for s in speakers {
        o.push_str("\n<section id=\"");
        esc(o, &s.anchor);
        o.push_str("\" class=\"speaker\" aria-labelledby=\"");
        esc(o, &s.anchor);
        o.push_str("-h\">\n<h2 id=\"");
        esc(o, &s.anchor);
        o.push_str("-h\">");
        if let Some(href) = truthy(&s.href) {
            o.push_str("<a href=\"");
            esc(o, href);
            o.push_str("\">");
            esc(o, &s.name);
            o.push_str("</a>");
        } else {
            esc(o, &s.name);
        }
        if s.anonymous {
            o.push_str(" <span class=\"anon\">anonymous source</span>");
        }
        o.push_str("</h2>\n<ol class=\"quotes\">\n");
        for q in &s.quotes {
            quote(o, q);
        }
        o.push_str("</ol>\n</section>\n");
    }
    if speakers.is_empty() {
        o.push_str("\n<p>No direct quotations were found in the articles.</p>\n");
    }
    o.push('\n');
}

/// One quotation with the outlets that carried it and their other wordings.
fn quote(o: &mut String, q: &QuoteView) {
    o.push_str("<li id=\"");
    esc(o, &q.anchor);
    o.push_str("\" class=\"quote\">\n<blockquote><p>");
    if q.partial {
        o.push('…');
    }
    esc(o, &q.text);
    if q.partial {
        o.push('…');
    }
    o.push_str("</p></blockquote>\n<p class=\"carried\">Carried by ");
    num(o, q.outlets.len());
    o.push_str(" outlet");
    plural(o, q.outlets.len());
    o.push_str(": ");
    for (i, src) in q.sources.iter().enumerate() {
        o.push_str("<a href=\"");
        esc(o, &src.href);
        o.push_str("\">");
        esc(o, &src.outlet);
        o.push(' ');
        esc(o, &src.place);
        o.push_str("</a>");
        if src.partial {
            o.push_str(" (partial)");
        }
        if i + 1 < q.sources.len() {
            o.push_str(", ");
        }
    }
    o.push_str("</p>\n");
    for src in &q.sources {
        if let Some(diff) = truthy(&src.diff_html) {
            o.push_str("<p class=\"variant\"><span class=\"src\">");
            esc(o, &src.outlet);
            o.push(' ');
            esc(o, &src.place);
            o.push_str(":</span> ");
            o.push_str(diff);
            o.push_str("</p>");
        }
    }
    o.push_str("\n</li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::base_page::test_support;
    use crate::render::page::Page;
    use crate::render::views::{NavItem, QuoteSource, SiteView};

    fn tera() -> tera::Tera {
        test_support::tera(&[("quotes.html", QUOTES)])
    }

    /// The page as Tera renders it, with the context the `Quotes` job gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, speakers: &[SpeakerView], quote_count: usize) -> String {
        let mut ctx = test_support::frame_context(f, "quotes.html");
        ctx.insert("speakers", speakers);
        ctx.insert("quote_count", &quote_count);
        tera.render("quotes.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn source(i: usize) -> QuoteSource {
        QuoteSource {
            outlet: format!("Outlet {i} {NASTY}"),
            href: format!("articles/a{i}.html#p{i}&q"),
            place: format!("¶{i} <{i}>"),
            partial: i % 2 == 1,
            diff_html: [None, Some(format!("words <ins>added {i}</ins> <del>gone &amp;</del>")), Some(String::new())]
                [i % 3]
                .clone(),
        }
    }

    /// Quotation `k` of a speaker: partial or not, carried by one outlet or several, from
    /// one source or several, with wordings of their own or not.
    fn quote(k: usize) -> QuoteView {
        QuoteView {
            anchor: format!("quote-{k}\"&"),
            href: format!("quotes.html#quote-{k}"),
            speaker: format!("Speaker {NASTY}"),
            speaker_href: None,
            anonymous: false,
            text: format!("Words {k} {NASTY}"),
            partial: k.is_multiple_of(2),
            sources: (0..1 + k % 4).map(source).collect(),
            outlets: (0..1 + k % 3).map(|o| format!("Outlet {o}")).collect(),
        }
    }

    fn speaker(i: usize, quotes: usize) -> SpeakerView {
        SpeakerView {
            name: format!("Speaker {i} {NASTY}"),
            anchor: format!("speaker-{i}-<a>"),
            href: [Some(format!("glossary.html#term-{i}&x")), None, Some(String::new())][i % 3].clone(),
            anonymous: i % 2 == 1,
            quotes: (0..quotes).map(|k| quote(i + k).into()).collect(),
            more_quotes: 0,
        }
    }

    /// Every branch of `quotes.html`: no speakers, one and several; a speaker with a glossary
    /// entry, without (absent or empty), anonymous or not, with one quotation and several;
    /// quotations partial or whole, carried by one outlet and several, sources partial or not
    /// and with a wording of their own (absent, empty, present); one quotation in all and
    /// several; escapes in every field.
    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let nav: Vec<NavItem> = ["Cover", "Quotes"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("{i}.html?a&b"), current: i == 1 })
            .collect();
        let site = SiteView {
            title: format!("Dossier {NASTY}"),
            subtitle: None,
            description: None,
            language: "en".into(),
            editor: Some(format!("Desk {NASTY}")),
            handling: Some(format!("Handle {NASTY}")),
            paper: "letter",
            articles: 1,
            outlets: 1,
            notes: 0,
            terms: 0,
            events: 0,
            span: Some("May".into()),
            as_of: None,
        };
        let frame = Frame { site: &site, nav: &nav, root: "", title: "Quotes", kind: "quotes" };
        for (speakers, count) in [(vec![], 0), (vec![1], 1), (vec![2, 1, 5, 0, 3, 1], 12)] {
            let speakers: Vec<SpeakerView> = speakers.iter().enumerate().map(|(i, &n)| speaker(i, n)).collect();
            assert_eq!(
                render(&frame, &speakers, count),
                by_tera(&tera, &frame, &speakers, count),
                "{} speakers",
                speakers.len()
            );
        }
    }

    /// The example dossier's quotes page, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in templates");
        let p = Page::new(&site, crate::site::paths::QUOTES);
        let site_view = p.site_view();
        let nav = p.nav();
        let frame = Frame { site: &site_view, nav: &nav, root: &p.root, title: "Quotes", kind: "quotes" };
        let speakers = p.speakers();
        assert!(!speakers.is_empty());
        let count = site.outlets.quote_groups.len();
        assert_eq!(render(&frame, &speakers, count), by_tera(&tera(), &frame, &speakers, count));
    }
}
