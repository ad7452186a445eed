//! The default theme's outlet pages (`outlet.html` inside `base.html`), written directly
//! instead of through Tera, while the theme's copies of both templates are the built-in ones
//! (as [`super::article_page`] does for articles, and for the same reason: the outlet pages'
//! long lists were serialized into template values, interpreted and dropped). The tests
//! render pages both ways and compare the bytes: a change to either template fails them until
//! this file (or [`super::base_page`]) follows it.

use super::base_page::{Frame, base, num, truthy};
use super::text::escape_into as esc;
use super::views::{EntryRef, OutletView, QuoteView, TermRef};
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const OUTLET: &str = include_str!("../../themes/default/templates/outlet.html");

/// Whether the site's theme uses the built-in `outlet.html` and `base.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "outlet.html", OUTLET)
}

/// The outlet page as the built-in `outlet.html` (in `base.html`) renders it.
pub(super) fn render(frame: &Frame<'_>, outlet: &OutletView) -> String {
    let mut o = String::with_capacity(size_hint(outlet));
    base(&mut o, frame, |o| content(o, frame.root, outlet));
    o
}

/// A little more than the page's length: the text of each item of its lists plus the markup
/// around it, so that the page (400 KB at 1,000 articles) is written into one allocation,
/// not copied as a `String` grows by doubling.
fn size_hint(v: &OutletView) -> usize {
    let text = |s: &str| s.len() + s.len() / 8;
    let opt = |s: &Option<String>| s.as_deref().map_or(0, text);
    let articles: usize =
        v.articles.iter().map(|a| text(&a.title) + a.href.len() + opt(&a.byline) + opt(&a.wire) + 96).sum();
    let twins: usize = v
        .twins
        .iter()
        .map(|t| text(&t.article.title) + t.article.href.len() + text(&t.article.outlet) + opt(&t.wire) + 128)
        .sum();
    let terms: usize = v.terms.iter().chain(&v.missed_terms).map(|t| text(&t.headword) + t.href.len() + 64).sum();
    let events: usize =
        v.events.iter().chain(&v.missed_events).map(|e| text(&e.title) + e.href.len() + e.date.len() + 48).sum();
    let quotes: usize = v
        .quotes
        .iter()
        .chain(&v.missed_quotes)
        .map(|q| {
            text(&q.speaker) + text(&q.text) + q.href.len() + q.outlets.iter().map(|o| text(o) + 2).sum::<usize>() + 128
        })
        .sum();
    let evidence: usize =
        v.unique.iter().chain(&v.numbers).map(|e| text(&e.text) + e.href.len() + text(&e.place) + 64).sum();
    8192 + articles + twins + terms + events + quotes + evidence
}

/// `<ul class="…">` of `items` written by `item`, or `<p>{none}</p>` when there are none.
fn list<T>(o: &mut String, class: &str, items: &[T], none: &str, mut item: impl FnMut(&mut String, &T)) {
    if items.is_empty() {
        o.push_str("<p>");
        o.push_str(none);
        o.push_str("</p>");
        return;
    }
    o.push_str("<ul class=\"");
    o.push_str(class);
    o.push_str("\">");
    for i in items {
        item(o, i);
    }
    o.push_str("</ul>");
}

fn term(o: &mut String, t: &TermRef, count: bool) {
    o.push_str("<li><a href=\"");
    esc(o, &t.href);
    o.push_str("\">");
    esc(o, &t.headword);
    o.push_str("</a>");
    if count {
        o.push_str(" <span class=\"count\">");
        num(o, t.count);
        o.push_str("</span>");
    }
    o.push_str("</li>");
}

fn event(o: &mut String, e: &EntryRef) {
    o.push_str("<li><a href=\"");
    esc(o, &e.href);
    o.push_str("\">");
    esc(o, &e.date);
    o.push_str(": ");
    esc(o, &e.title);
    o.push_str("</a></li>");
}

/// A quotation's speaker and words, up to the link.
fn quote_start(o: &mut String, q: &QuoteView) {
    o.push_str("<li><span class=\"speaker\">");
    esc(o, &q.speaker);
    if q.anonymous {
        o.push_str(" <span class=\"anon\">(anonymous)</span>");
    }
    o.push_str(":</span> <q>");
    esc(o, &q.text);
    o.push_str("</q> <a class=\"src\" href=\"");
    esc(o, &q.href);
    o.push_str("\">");
}

/// `outlet.html`'s `content` block.
fn content(o: &mut String, root: &str, v: &OutletView) {
    o.push_str("\n<article id=\"");
    esc(o, &v.anchor);
    o.push_str("\" class=\"outlet\">\n<h1>");
    esc(o, &v.name);
    o.push_str("</h1>\n<p class=\"meta\">");
    num(o, v.articles.len());
    o.push_str(" article");
    if v.articles.len() != 1 {
        o.push('s');
    }
    if let Some(first) = truthy(&v.first) {
        o.push_str(" · ");
        esc(o, first);
        if v.last != v.first {
            o.push_str(" – ");
            esc(o, v.last.as_deref().unwrap_or_default());
        }
    }
    for extra in [&v.country, &v.kind] {
        if let Some(text) = truthy(extra) {
            o.push_str(" · ");
            esc(o, text);
        }
    }
    o.push_str("</p>\n");
    if let Some(notes) = truthy(&v.notes) {
        o.push_str("<p>");
        esc(o, notes);
        o.push_str("</p>");
    }
    o.push_str("\n<h2>Articles</h2>\n<ul class=\"articles\">\n");
    for a in &v.articles {
        o.push_str("<li><a href=\"");
        esc(o, &a.href);
        o.push_str("\">");
        esc(o, &a.title);
        o.push_str("</a> <span class=\"src\">");
        match truthy(&a.date) {
            Some(date) => esc(o, date),
            None => o.push_str("date unknown"),
        }
        if let Some(byline) = truthy(&a.byline) {
            o.push_str(" · by ");
            esc(o, byline);
        }
        if let Some(wire) = truthy(&a.wire) {
            o.push_str(" · ");
            esc(o, wire);
            o.push_str(" copy");
        }
        o.push_str("</span></li>\n");
    }
    o.push_str("</ul>\n<section aria-labelledby=\"shared-h\">\n<h2 id=\"shared-h\">Shared copy</h2>\n");
    if v.twins.is_empty() {
        o.push_str("<p>None: no passage of its ");
        num(o, v.sentences);
        o.push_str(" sentences appears in another article. It is an independent reporting line.</p>");
    } else {
        o.push_str("<p>");
        num(o, v.shared_sentences);
        o.push_str(" of its ");
        num(o, v.sentences);
        o.push_str(" sentences (");
        esc(o, &v.shared_share);
        o.push_str(") are shared copy, also carried by:</p>\n<ul class=\"others\">");
        for t in &v.twins {
            o.push_str("<li><a href=\"");
            esc(o, &t.article.href);
            o.push_str("\">");
            esc(o, &t.article.title);
            o.push_str("</a> <span class=\"src\">");
            esc(o, &t.article.outlet);
            o.push_str(" · ");
            num(o, t.passages);
            o.push_str(" shared passage");
            if t.passages != 1 {
                o.push('s');
            }
            if let Some(wire) = truthy(&t.wire) {
                o.push_str(" · attributed to ");
                esc(o, wire);
            }
            o.push_str("</span></li>");
        }
        o.push_str("</ul>");
    }
    o.push_str("\n</section>\n<div class=\"columns\">\n<section aria-labelledby=\"covers-h\">\n<h2 id=\"covers-h\">Glossary terms it mentions</h2>\n");
    list(o, "chips", &v.terms, "None.", |o, t| term(o, t, true));
    o.push_str("\n</section>\n<section aria-labelledby=\"misses-h\">\n<h2 id=\"misses-h\">Terms other outlets mention and it does not</h2>\n");
    list(o, "chips missed", &v.missed_terms, "None: it mentions every term the others do.", |o, t| term(o, t, false));
    o.push_str("\n</section>\n</div>\n<div class=\"columns\">\n<section aria-labelledby=\"events-h\">\n<h2 id=\"events-h\">Timeline events it reports</h2>\n");
    list(o, "events", &v.events, "None cited.", |o, e| event(o, e));
    o.push_str("\n</section>\n<section aria-labelledby=\"missed-events-h\">\n<h2 id=\"missed-events-h\">Events cited from other outlets only</h2>\n");
    list(o, "events missed", &v.missed_events, "None.", |o, e| event(o, e));
    o.push_str("\n</section>\n</div>\n<div class=\"columns\">\n<section aria-labelledby=\"quotes-h\">\n<h2 id=\"quotes-h\">Quotations it carries</h2>\n");
    list(o, "quotes compact", &v.quotes, "None found.", |o, q| {
        quote_start(o, q);
        let others = q.outlets.len();
        if others > 1 {
            o.push_str("also in ");
            num(o, others - 1);
            o.push_str(" other outlet");
            if others > 2 {
                o.push('s');
            }
        } else {
            o.push_str("only here");
        }
        o.push_str("</a></li>");
    });
    o.push_str("\n</section>\n<section aria-labelledby=\"missed-quotes-h\">\n<h2 id=\"missed-quotes-h\">Quotations only other outlets carry</h2>\n");
    if v.missed_quotes_total > v.missed_quotes.len() {
        o.push_str("<p>The ");
        num(o, v.missed_quotes.len());
        o.push_str(" most widely carried of ");
        num(o, v.missed_quotes_total);
        o.push_str("; all are on the <a href=\"");
        esc(o, root);
        o.push_str("quotes.html\">quotes page</a>.</p>");
    }
    o.push('\n');
    list(o, "quotes compact missed", &v.missed_quotes, "None.", |o, q| {
        quote_start(o, q);
        esc(o, &q.outlets.join(", "));
        o.push_str("</a></li>");
    });
    o.push_str(
        "\n</section>\n</div>\n<section aria-labelledby=\"unique-h\">\n<h2 id=\"unique-h\">Reported only here</h2>\n",
    );
    if v.unique.is_empty() {
        o.push_str("<p>None: every sentence is also reported elsewhere.</p>");
    } else {
        o.push_str("<p>Sentences no other outlet's articles match.</p>\n<ul class=\"evidence-list\">");
        for e in &v.unique {
            o.push_str("<li>");
            esc(o, &e.text);
            o.push_str(" <a class=\"src\" href=\"");
            esc(o, &e.href);
            o.push_str("\">");
            esc(o, &e.place);
            o.push_str("</a></li>");
        }
        o.push_str("</ul>");
    }
    o.push_str("\n</section>\n<section aria-labelledby=\"numbers-h\">\n<h2 id=\"numbers-h\">Numbers it gave</h2>\n");
    list(o, "chips numbers", &v.numbers, "None.", |o, n| {
        o.push_str("<li><a href=\"");
        esc(o, &n.href);
        o.push_str("\" title=\"");
        esc(o, &n.place);
        o.push_str("\">");
        esc(o, &n.text);
        o.push_str("</a></li>");
    });
    o.push_str("\n</section>\n</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::base_page::test_support;
    use crate::render::page::Page;
    use crate::render::views::{ArticleSummary, EvidenceView, NavItem, SiteView, TwinView};

    fn tera() -> tera::Tera {
        test_support::tera(&[("outlet.html", OUTLET)])
    }

    /// The page as Tera renders it, with the context `render::base_context` gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, outlet: &OutletView) -> String {
        let mut ctx = test_support::frame_context(f, "outlets/o.html");
        ctx.insert("outlet", outlet);
        tera.render("outlet.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn text(filled: bool, s: &str) -> Option<String> {
        filled.then(|| format!("{s} {NASTY}"))
    }

    fn summary(n: usize, filled: bool) -> ArticleSummary {
        ArticleSummary {
            id: format!("art-{n}"),
            title: format!("Headline {n} {NASTY}"),
            href: format!("../articles/a{n}.html#x&y"),
            outlet: format!("Outlet {NASTY}"),
            outlet_href: "o.html#o".into(),
            date: text(filled, "28 October 2014"),
            date_iso: filled.then(|| "2014-10-28".into()),
            byline: text(filled, "Jo Doe"),
            wire: text(filled, "AP"),
            paragraphs: 3,
        }
    }

    fn quote(n: usize, outlets: usize) -> QuoteView {
        QuoteView {
            anchor: format!("q{n}"),
            href: format!("../quotes.html#q{n}&x"),
            speaker: format!("Speaker {NASTY}"),
            speaker_href: None,
            anonymous: n % 2 == 1,
            text: format!("Words {n} {NASTY}"),
            partial: false,
            sources: Vec::new(),
            outlets: (0..outlets).map(|i| format!("Outlet {i} <{i}>")).collect(),
        }
    }

    fn evidence(n: usize) -> EvidenceView {
        EvidenceView {
            text: format!("Sentence {n} {NASTY}"),
            href: format!("../articles/a.html#p{n}&q"),
            place: format!("Gazette ¶{n}"),
        }
    }

    /// Every branch of `outlet.html`: every list empty and not, optional text absent, empty
    /// and present, one or several articles and passages, quotes carried by one, two or more
    /// outlets, missed quotations cut or not, and escapes in every field.
    fn outlet(filled: bool) -> OutletView {
        let n = |k: usize| if filled { k } else { 0 };
        let terms = |k: usize| {
            (0..n(k))
                .map(|i| TermRef {
                    headword: format!("Term {i} {NASTY}"),
                    href: format!("../glossary.html#t{i}&"),
                    count: i + 1,
                })
                .collect()
        };
        let events = |k: usize| {
            (0..n(k))
                .map(|i| EntryRef {
                    date: format!("{i} May"),
                    title: format!("Event {NASTY}"),
                    href: format!("../timeline.html#e{i}"),
                })
                .map(Into::into)
                .collect()
        };
        OutletView {
            name: format!("Gazette {NASTY}"),
            slug: "gazette".into(),
            anchor: "outlet-gazette".into(),
            href: "gazette.html".into(),
            articles: (0..if filled { 3 } else { 1 }).map(|i| summary(i, i != 1).into()).collect(),
            bylines: Vec::new(),
            wires: Vec::new(),
            country: text(filled, "Fr"),
            kind: text(filled, "daily"),
            notes: text(filled, "Owned by"),
            first: text(filled, "1 May"),
            last: text(filled, "9 May"),
            terms: terms(2),
            missed_terms: terms(3),
            events: events(2),
            missed_events: events(1),
            quotes: if filled { vec![quote(0, 1).into(), quote(1, 2).into(), quote(2, 3).into()] } else { Vec::new() },
            missed_quotes: if filled { vec![quote(3, 2).into(), quote(4, 1).into()] } else { Vec::new() },
            missed_quotes_total: n(5),
            unique: (0..n(2)).map(evidence).collect(),
            numbers: (0..n(2)).map(evidence).collect(),
            sentences: 40,
            shared_sentences: n(12),
            shared_share: "30%".into(),
            twins: (0..n(3))
                .map(|i| TwinView {
                    article: summary(20 + i, true).into(),
                    passages: i + 1,
                    wire: [text(true, "Reuters"), None, Some(String::new())][i].clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let nav: Vec<NavItem> = ["Cover", "Outlets"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("../{i}.html?a=1&b=\"2\""), current: i == 1 })
            .collect();
        for filled in [true, false] {
            let site = SiteView {
                title: format!("Dossier {NASTY}"),
                subtitle: None,
                description: text(filled, "About"),
                language: "fr".into(),
                editor: text(filled, "Desk"),
                handling: text(filled, "Restricted"),
                paper: "Letter",
                articles: 1,
                outlets: 1,
                notes: 0,
                terms: 0,
                events: 0,
                span: text(filled, "May"),
                as_of: None,
            };
            let frame = Frame { site: &site, nav: &nav, root: "../", title: "Gazette <x>", kind: "outlet" };
            let mut v = outlet(filled);
            assert_eq!(render(&frame, &v), by_tera(&tera, &frame, &v), "filled {filled}");
            // One day only; every quotation the others carry shown; a last date but no first.
            v.last = v.first.clone();
            v.missed_quotes_total = v.missed_quotes.len();
            assert_eq!(render(&frame, &v), by_tera(&tera, &frame, &v), "filled {filled}, one day");
            v.first = None;
            v.last = text(true, "9 May");
            assert_eq!(render(&frame, &v), by_tera(&tera, &frame, &v), "filled {filled}, no first");
        }
    }

    /// Every outlet of the example dossier, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in templates");
        let tera = tera();
        let site_view = Page::new(&site, crate::site::paths::INDEX).site_view();
        for (o, outlet) in site.outlets.list.iter().enumerate() {
            let path = crate::site::paths::outlet(&outlet.slug);
            let p = Page::new(&site, &path);
            let nav = p.nav();
            let frame = Frame { site: &site_view, nav: &nav, root: &p.root, title: &outlet.name, kind: "outlet" };
            let view = p.outlet(o);
            let page = render(&frame, &view);
            // Written into one allocation: the hint is not short.
            assert!(size_hint(&view) >= page.len(), "{path}: {} < {}", size_hint(&view), page.len());
            assert_eq!(page, by_tera(&tera, &frame, &view), "{path}");
        }
        assert!(site.outlets.list.len() >= 5);
    }
}
