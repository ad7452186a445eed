//! The default theme's article pages (`article.html` inside `base.html`), written directly
//! instead of through Tera.
//!
//! Article pages are most of a site (10,000 of 11,500 pages at 10,000 articles), and through
//! Tera each page's view was first turned into template values, then interpreted, then
//! dropped: about a tenth of such a build's CPU. So when the theme's `article.html` and
//! `base.html` are exactly the built-in ones, [`render`] writes the same bytes Tera would,
//! from the same [`ArticleView`]; a theme that changes either template in any way gets Tera,
//! as before. The tests render pages both ways and compare the bytes: a change to either
//! template fails them until this file (or [`super::base_page`]) follows it (as with
//! [`super::timeline_month`]).

use super::base_page::{Frame, base, num, truthy};
use super::text::escape_into as esc;
use super::views::ArticleView;
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const ARTICLE: &str = include_str!("../../themes/default/templates/article.html");

/// Whether the site's theme uses the built-in `article.html` and `base.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "article.html", ARTICLE)
}

/// The article page as the built-in `article.html` (in `base.html`) renders it.
pub(super) fn render(frame: &Frame<'_>, article: &ArticleView) -> String {
    let mut o = String::with_capacity(size_hint(article));
    base(&mut o, frame, |o| content(o, article));
    o
}

/// A little more than the page's length: its text (paragraphs with their links, the raw
/// text, the removed lines) plus the markup around each item, so that the page is written
/// into one allocation. (A page is 4–7 times its raw text; a `String` that grows by
/// doubling copied each page once or twice, 21 M instructions of the 1,000-article build.)
fn size_hint(a: &ArticleView) -> usize {
    let text = |s: &str| s.len() + s.len() / 8;
    let paragraphs: usize = a
        .paragraphs
        .iter()
        .map(|p| p.html.len() + 2 * p.anchor.len() + 128 + p.shared.iter().map(|l| text(&l.text) + 256).sum::<usize>())
        .sum();
    let removed: usize = a.removed.iter().map(|r| text(&r.text) + r.reason.len() + 64).sum();
    let captions: usize = a.captions.iter().map(|c| text(c) + 32).sum();
    let lists = 192 * a.terms.len() + 256 * (a.events.len() + a.others.len()) + 384 * a.twins.len();
    8192 + text(&a.raw_text) + paragraphs + removed + captions + lists
}

/// A comma between the items of a list (`{% if not loop.last %}, {% endif %}`).
fn comma(o: &mut String, i: usize, len: usize) {
    if i + 1 < len {
        o.push_str(", ");
    }
}

/// `article.html`'s `content` block.
fn content(o: &mut String, a: &ArticleView) {
    let s = &a.summary;
    o.push_str("\n<article id=\"");
    esc(o, &a.anchor);
    o.push_str("\" class=\"article\">\n<header class=\"article-head\">\n<p class=\"kicker\"><a href=\"");
    esc(o, &s.outlet_href);
    o.push_str("\">");
    esc(o, &s.outlet);
    o.push_str("</a>");
    if let Some(wire) = truthy(&s.wire).filter(|w| *w != s.outlet) {
        o.push_str(" · ");
        esc(o, wire);
        o.push_str(" copy");
    }
    o.push_str("</p>\n<h1>");
    esc(o, &s.title);
    o.push_str("</h1>\n<p class=\"meta\">");
    match truthy(&s.date) {
        Some(date) => {
            o.push_str("<time datetime=\"");
            esc(o, s.date_iso.as_deref().unwrap_or_default());
            o.push_str("\">");
            esc(o, date);
            o.push_str("</time>");
        }
        None => o.push_str("<span class=\"unknown\">Publication date unknown</span>"),
    }
    if let Some(byline) = truthy(&s.byline) {
        o.push_str(" · By ");
        esc(o, byline);
    }
    if let Some(dateline) = truthy(&a.dateline) {
        o.push_str(" · ");
        esc(o, dateline);
    }
    o.push_str("</p>\n</header>\n<div class=\"article-body\">\n");
    if !a.twins.is_empty() {
        o.push_str("<p class=\"shared-note\">Highlighted: <mark class=\"shared-copy\">passages shared</mark> with ");
        for (i, t) in a.twins.iter().enumerate() {
            o.push_str("<a href=\"");
            esc(o, &t.article.href);
            o.push_str("\">");
            esc(o, &t.article.outlet);
            o.push_str("</a>");
            if let Some(wire) = truthy(&t.wire) {
                o.push_str(" (");
                esc(o, wire);
                o.push_str(" copy)");
            }
            comma(o, i, a.twins.len());
        }
        o.push_str(".</p>");
    }
    o.push('\n');
    for p in &a.paragraphs {
        o.push_str("<p id=\"");
        esc(o, &p.anchor);
        o.push_str("\" class=\"para");
        if !p.shared.is_empty() {
            o.push_str(" has-shared");
        }
        o.push_str("\"><a class=\"pnum\" href=\"#");
        esc(o, &p.anchor);
        o.push_str("\" aria-label=\"Paragraph ");
        num(o, p.n);
        o.push_str("\">");
        num(o, p.n);
        o.push_str("</a> ");
        o.push_str(&p.html);
        if !p.shared.is_empty() {
            o.push_str(" <span class=\"twins\">Also in ");
            for (i, l) in p.shared.iter().enumerate() {
                o.push_str("<a href=\"");
                esc(o, &l.href);
                o.push_str("\" title=\"");
                esc(o, l.title.as_deref().unwrap_or_default());
                o.push_str("\">");
                esc(o, &l.text);
                o.push_str("</a>");
                comma(o, i, p.shared.len());
            }
            o.push_str("</span>");
        }
        o.push_str("</p>\n");
    }
    o.push('\n');
    if !a.captions.is_empty() {
        o.push_str("<aside class=\"captions\" aria-label=\"Photo captions\">\n<h2>Captions</h2>\n");
        for c in &a.captions {
            o.push_str("<p class=\"caption\">");
            esc(o, c);
            o.push_str("</p>\n");
        }
        o.push_str("</aside>");
    }
    o.push_str("\n</div>\n<aside class=\"article-side\" aria-label=\"About this article\">\n<h2>About this article</h2>\n<dl class=\"provenance\">\n");
    for f in &a.fields {
        o.push_str("<div class=\"field\"><dt>");
        esc(o, f.name);
        o.push_str("</dt><dd>");
        match truthy(&f.value) {
            Some(value) => {
                o.push_str("<span class=\"value\">");
                esc(o, value);
                o.push_str("</span>");
            }
            None => o.push_str("<span class=\"unknown\">unknown</span>"),
        }
        o.push_str(" <span class=\"origin origin-");
        esc(o, &f.source.replace(' ', "-"));
        o.push_str("\">");
        esc(o, f.source);
        if let Some(confidence) = truthy(&f.confidence) {
            o.push_str(" · ");
            esc(o, confidence);
        }
        o.push_str("</span>");
        if let Some(evidence) = truthy(&f.evidence) {
            o.push_str("<span class=\"evidence\">");
            esc(o, evidence);
            o.push_str("</span>");
        }
        o.push_str("</dd></div>\n");
    }
    o.push_str("</dl>\n");
    if !a.remarks.is_empty() {
        o.push_str("<ul class=\"remarks\">");
        for r in &a.remarks {
            o.push_str("<li>");
            esc(o, r);
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
    o.push('\n');
    if !a.terms.is_empty() {
        o.push_str("<h3>Glossary terms</h3>\n<ul class=\"chips\">");
        for t in &a.terms {
            o.push_str("<li><a href=\"");
            esc(o, &t.href);
            o.push_str("\">");
            esc(o, &t.headword);
            o.push_str("</a> <span class=\"count\">");
            num(o, t.count);
            o.push_str("</span></li>");
        }
        o.push_str("</ul>");
    }
    o.push('\n');
    if !a.events.is_empty() {
        o.push_str("<h3>On the timeline</h3>\n<ul class=\"events\">");
        for e in &a.events {
            o.push_str("<li><a href=\"");
            esc(o, &e.href);
            o.push_str("\">");
            esc(o, &e.date);
            o.push_str(": ");
            esc(o, &e.title);
            o.push_str("</a></li>");
        }
        o.push_str("</ul>");
    }
    o.push('\n');
    if !a.twins.is_empty() {
        o.push_str("<h3>Shares copy with</h3>\n<ul class=\"twins-list\">");
        for t in &a.twins {
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
                o.push_str(" · ");
                esc(o, wire);
                o.push_str(" copy");
            }
            o.push_str("</span></li>");
        }
        o.push_str("</ul>");
    }
    o.push('\n');
    if !a.others.is_empty() {
        o.push_str("<h3>Same story elsewhere</h3>\n<ul class=\"others\">");
        for other in &a.others {
            o.push_str("<li><a href=\"");
            esc(o, &other.href);
            o.push_str("\">");
            esc(o, &other.title);
            o.push_str("</a> <span class=\"src\">");
            esc(o, &other.outlet);
            if let Some(date) = truthy(&other.date) {
                o.push_str(", ");
                esc(o, date);
            }
            o.push_str("</span></li>");
        }
        o.push_str("</ul>");
    }
    o.push_str("\n</aside>\n<section class=\"scrape\" aria-labelledby=\"scrape-h-");
    esc(o, &s.id);
    o.push_str("\">\n<h2 id=\"scrape-h-");
    esc(o, &s.id);
    o.push_str("\">The scrape</h2>\n<details class=\"removed\">\n<summary>Removed from the scrape (");
    num(o, a.removed.len());
    o.push_str(" lines)</summary>\n");
    if a.removed.is_empty() {
        o.push_str("<p>Nothing was removed.</p>");
    } else {
        o.push_str("<table>\n<caption class=\"visually-hidden\">Lines removed as boilerplate</caption>\n<thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Reason</th><th scope=\"col\">Text</th></tr></thead>\n<tbody>\n");
        for r in &a.removed {
            o.push_str("<tr><td>");
            num(o, r.line);
            o.push_str("</td><td>");
            esc(o, &r.reason);
            o.push_str("</td><td class=\"removed-text\">");
            esc(o, &r.text);
            o.push_str("</td></tr>\n");
        }
        o.push_str("</tbody>\n</table>");
    }
    o.push_str("\n</details>\n");
    if a.raw_is_page {
        o.push_str("<p><a href=\"");
        esc(o, &a.raw_href);
        o.push_str("\">The saved page's HTML source, as plain text</a>");
    } else {
        o.push_str("<details class=\"raw\">\n<summary>Raw text as scraped</summary>\n<pre class=\"raw-text\">");
        esc(o, &a.raw_text);
        o.push_str("</pre>\n</details>\n<p><a href=\"");
        esc(o, &a.raw_href);
        o.push_str("\">Download the raw text</a>");
    }
    if let Some(url) = truthy(&a.url) {
        o.push_str(" · <a href=\"");
        esc(o, url);
        o.push_str("\" rel=\"external noopener\">Original page</a>");
    }
    o.push_str("</p>\n</section>\n</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::base_page::test_support;
    use crate::render::page::Page;
    use crate::render::views::{
        ArticleSummary, EntryRef, FieldView, LinkView, NavItem, ParagraphView, RemovedView, SiteView, TermRef, TwinView,
    };

    fn tera() -> tera::Tera {
        test_support::tera(&[("article.html", ARTICLE)])
    }

    /// The page as Tera renders it, with the context `render::base_context` gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, article: &ArticleView) -> String {
        let mut ctx = test_support::frame_context(f, "articles/a.html");
        ctx.insert("article", article);
        tera.render("article.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn site_view(filled: bool) -> SiteView {
        let text = |s: &str| filled.then(|| format!("{s} {NASTY}"));
        SiteView {
            title: format!("Dossier {NASTY}"),
            subtitle: text("Sub"),
            description: text("About"),
            language: "en-GB".into(),
            editor: text("Desk"),
            handling: text("Restricted"),
            paper: "A4",
            articles: 12,
            outlets: 3,
            notes: 2,
            terms: 9,
            events: 4,
            span: text("1 – 2 May"),
            as_of: text("2 May"),
        }
    }

    fn nav() -> Vec<NavItem> {
        ["Cover", "Notes", "Outlets"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("../{i}.html?a=1&b=\"2\""), current: i == 1 })
            .collect()
    }

    fn summary(n: usize, filled: bool) -> ArticleSummary {
        let text = |s: &str| filled.then(|| format!("{s} {NASTY}"));
        ArticleSummary {
            id: format!("art-{n}"),
            title: format!("Headline {n} {NASTY}"),
            href: format!("a{n}.html#x&y"),
            outlet: format!("Outlet {NASTY}"),
            outlet_href: "../outlets/o.html#o".into(),
            date: text("28 October 2014"),
            date_iso: filled.then(|| "2014-10-28".into()),
            byline: text("Jo Doe"),
            wire: text("AP"),
            paragraphs: 3,
        }
    }

    fn link(title: Option<&str>) -> LinkView {
        LinkView {
            text: format!("Elsewhere {NASTY} ¶2"), href: "b.html#p2&q".into(), title: title.map(str::to_string)
        }
    }

    /// Every branch of `article.html`: lists empty and not, optional text absent, empty and
    /// present, one and several passages, a wire equal to the outlet, a saved page or a text
    /// scrape, and text needing escapes everywhere.
    fn article(filled: bool) -> ArticleView {
        let text = |s: &str| filled.then(|| format!("{s} {NASTY}"));
        let field = |name, value: Option<String>, source, confidence: Option<&str>, evidence: Option<&str>| FieldView {
            name,
            value,
            source,
            confidence: confidence.map(str::to_string),
            evidence: evidence.map(str::to_string),
        };
        let n = |k: usize| if filled { k } else { 0 };
        ArticleView {
            summary: summary(1, filled),
            anchor: "art-1".into(),
            dateline: text("GENEVA"),
            url: text("https://example.org/a?x=1&y=2"),
            fields: vec![
                field("Headline", text("H"), "front matter", None, None),
                field("Published", None, "unknown", None, None),
                field("Byline", Some(String::new()), "extracted", Some(""), Some("")),
                field("Wire", text("AP"), "extracted", Some("95%"), Some("line 3: “By AP”")),
            ],
            paragraphs: (1..=3)
                .map(|k| ParagraphView {
                    n: k,
                    anchor: format!("art-1-p{k}"),
                    html: format!("Text {k} with <a class=\"term\" href=\"g.html\">markup</a> &amp; more"),
                    shared: (0..n(k - 1)).map(|i| link([Some("Tip"), None, Some("")][i % 3])).collect(),
                })
                .collect(),
            captions: (0..n(2)).map(|i| format!("Caption {i} {NASTY}")).collect(),
            removed: (0..n(2))
                .map(|i| RemovedView {
                    line: i + 1,
                    text: format!("Share {NASTY}"),
                    reason: "navigation <menu>".into(),
                })
                .collect(),
            raw_href: "a.txt".into(),
            raw_text: format!("Raw {NASTY}\n\nline"),
            raw_is_page: false,
            remarks: (0..n(2)).map(|i| format!("Remark {i} {NASTY}")).collect(),
            events: (0..n(2))
                .map(|i| EntryRef {
                    date: format!("{i} May"),
                    title: format!("Event {NASTY}"),
                    href: "../t.html#e".into(),
                })
                .map(Into::into)
                .collect(),
            others: (0..n(2)).map(|i| summary(10 + i, i == 0).into()).collect(),
            terms: (0..n(2))
                .map(|i| TermRef { headword: format!("Term {NASTY}"), href: "../g.html#t".into(), count: i + 1 })
                .collect(),
            twins: (0..n(3))
                .map(|i| TwinView {
                    article: summary(20 + i, i != 1).into(),
                    passages: i + 1,
                    wire: [text("Reuters"), None, Some(String::new())][i].clone(),
                })
                .collect(),
            shared_passages: n(4),
        }
    }

    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let nav = nav();
        for filled in [true, false] {
            let site = site_view(filled);
            for (root, kind) in [("../", "article"), ("", "cover")] {
                let frame = Frame { site: &site, nav: &nav, root, title: "Page <title>", kind };
                let mut a = article(filled);
                assert_eq!(render(&frame, &a), by_tera(&tera, &frame, &a), "filled {filled}, {kind}");
                // A saved HTML page (no inline raw text), and a wire that is the outlet itself.
                a.raw_is_page = true;
                a.raw_text = String::new();
                a.summary.wire = Some(a.summary.outlet.clone());
                assert_eq!(render(&frame, &a), by_tera(&tera, &frame, &a), "filled {filled}, {kind}, page");
            }
        }
    }

    /// Every article of the example dossier, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in templates");
        let tera = tera();
        let site_view = Page::new(&site, crate::site::paths::INDEX).site_view();
        for (a, art) in site.articles.iter().enumerate() {
            let path = crate::site::paths::article(&art.slug);
            let p = Page::new(&site, &path);
            let nav = p.nav();
            let frame =
                Frame { site: &site_view, nav: &nav, root: &p.root, title: art.display_title(), kind: "article" };
            let view = p.article(a);
            let page = render(&frame, &view);
            // Written into one allocation: the hint is not short.
            assert!(size_hint(&view) >= page.len(), "{path}: {} < {}", size_hint(&view), page.len());
            assert_eq!(page, by_tera(&tera, &frame, &view), "{path}");
        }
        assert!(site.articles.len() >= 5);
    }
}
