//! The default theme's glossary (`glossary.html` inside `base.html`, the page
//! `glossary.html`), written directly instead of through Tera while the theme's copies of both
//! templates are the built-in ones (as [`super::article_page`] does for articles). Every term
//! with its index of mentions by outlet and its mentions in context: at 10,000 articles its
//! view made some 200 ms of template values to interpret. The tests render pages both ways and
//! compare the bytes: a change to either template fails them until this file (or
//! [`super::base_page`]) follows it.

use super::base_page::{Frame, base, num, truthy};
use super::text::escape_into as esc;
use super::views::{LinkView, TermGroup, TermView};
use crate::site::Site;

/// The built-in template this module writes (inside [`super::base_page`]).
pub(super) const GLOSSARY: &str = include_str!("../../themes/default/templates/glossary.html");

/// Whether the site's theme uses the built-in `glossary.html` and `base.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    super::base_page::builtin_with_base(site, "glossary.html", GLOSSARY)
}

/// The glossary as the built-in `glossary.html` (in `base.html`) renders it, from the
/// `groups` the `Glossary` job gives it.
pub(super) fn render(frame: &Frame<'_>, groups: &[TermGroup]) -> String {
    // Most of the page is the definitions and the snippets in context.
    let size: usize = groups
        .iter()
        .flat_map(|g| &g.terms)
        .map(|t| {
            1024 + t.definition_html.len()
                + t.by_outlet
                    .iter()
                    .flat_map(|g| &g.mentions)
                    .chain(&t.in_notes)
                    .map(|m| m.snippet_html.len() + 160)
                    .sum::<usize>()
        })
        .sum();
    let mut o = String::with_capacity(16384 + size);
    base(&mut o, frame, |o| content(o, frame, groups));
    o
}

fn plural(o: &mut String, n: usize) {
    if n != 1 {
        o.push('s');
    }
}

/// `glossary.html`'s `content` block.
fn content(o: &mut String, frame: &Frame<'_>, groups: &[TermGroup]) {
    let outlets = frame.site.outlets;
    o.push_str("\n<h1>Glossary</h1>\n<p class=\"lede\">");
    num(o, frame.site.terms);
    o.push_str(" terms, by kind and A–Z, with every place the articles and notes mention them.</p>\n<nav class=\"term-index\" aria-label=\"All terms\">\n");
    for (i, g) in groups.iter().enumerate() {
        o.push_str("<div class=\"index-kind\"><p class=\"index-label\"><a href=\"#kind-");
        num(o, i + 1);
        o.push_str("\">");
        esc(o, g.label);
        o.push_str("</a> <span class=\"n\">");
        num(o, g.terms.len());
        o.push_str("</span></p>\n<ul>");
        for t in &g.terms {
            o.push_str("<li><a href=\"#");
            esc(o, &t.anchor);
            o.push_str("\">");
            esc(o, &t.headword);
            o.push_str("</a> <span class=\"meter\" title=\"covered by ");
            num(o, t.outlet_count);
            o.push_str(" of ");
            num(o, outlets);
            o.push_str(" outlets\" aria-hidden=\"true\">");
            esc(o, &t.coverage_meter);
            o.push_str("</span></li>");
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("\n</nav>\n");
    for (i, g) in groups.iter().enumerate() {
        o.push_str("\n<section class=\"kind\" aria-labelledby=\"kind-");
        num(o, i + 1);
        o.push_str("\">\n<h2 id=\"kind-");
        num(o, i + 1);
        o.push_str("\">");
        esc(o, g.label);
        o.push_str("</h2>\n");
        for t in &g.terms {
            term(o, t, outlets);
        }
        o.push_str("\n</section>\n");
    }
    o.push('\n');
}

/// Links separated by commas.
fn links(o: &mut String, links: &[LinkView]) {
    for (i, l) in links.iter().enumerate() {
        o.push_str("<a href=\"");
        esc(o, &l.href);
        o.push_str("\">");
        esc(o, &l.text);
        o.push_str("</a>");
        if i + 1 < links.len() {
            o.push_str(", ");
        }
    }
}

/// One term's entry.
fn term(o: &mut String, t: &TermView, outlets: usize) {
    o.push_str("\n<section id=\"");
    esc(o, &t.anchor);
    o.push_str("\" class=\"term-entry\" aria-labelledby=\"");
    esc(o, &t.anchor);
    o.push_str("-h\">\n<div class=\"term-head\">\n<h3 id=\"");
    esc(o, &t.anchor);
    o.push_str("-h\">");
    esc(o, &t.headword);
    if let Some(abbr) = truthy(&t.abbr) {
        o.push_str(" <abbr class=\"abbr\">");
        esc(o, abbr);
        o.push_str("</abbr>");
    }
    o.push_str("</h3>\n");
    if !t.aliases.is_empty() {
        o.push_str("<p class=\"aliases\">Also: ");
        for (i, a) in t.aliases.iter().enumerate() {
            if i > 0 {
                o.push_str(" · ");
            }
            esc(o, a);
        }
        o.push_str("</p>");
    }
    o.push_str("\n<p class=\"coverage\">");
    if t.outlet_count > 0 {
        o.push_str("<span class=\"meter\" aria-hidden=\"true\">");
        esc(o, &t.coverage_meter);
        o.push_str("</span> covered by <strong>");
        num(o, t.outlet_count);
        o.push_str(" of ");
        num(o, outlets);
        o.push_str(" outlets</strong><br>");
        num(o, t.mention_count);
        o.push_str(" mention");
        plural(o, t.mention_count);
        if let Some(first) = truthy(&t.first_outlet) {
            o.push_str("<br>first: ");
            esc(o, first);
        }
    } else if t.mention_count > 0 {
        num(o, t.mention_count);
        o.push_str(" mention");
        plural(o, t.mention_count);
        o.push_str(", in notes only");
    } else {
        o.push_str("Not mentioned in the articles or notes.");
    }
    o.push_str("</p>\n</div>\n<div class=\"term-body\">\n<div class=\"definition\">");
    o.push_str(&t.definition_html);
    o.push_str("</div>\n");
    if !t.see_also.is_empty() || !t.pointed_from.is_empty() {
        o.push_str("<p class=\"see-also\">See also: ");
        links(o, &t.see_also);
        if !t.see_also.is_empty() && !t.pointed_from.is_empty() {
            o.push_str(", ");
        }
        links(o, &t.pointed_from);
        o.push_str("</p>");
    }
    o.push('\n');
    if t.compact_index {
        o.push_str("<p class=\"index-note\">Mentioned in ");
        num(o, t.article_count);
        o.push_str(" articles: each outlet's count below; search finds every article.</p>");
    }
    o.push('\n');
    if !t.by_outlet.is_empty() || !t.in_notes.is_empty() {
        mentions(o, t);
    }
    o.push_str("\n</div>\n</section>\n");
}

/// The index of a term's mentions and the mentions in context.
fn mentions(o: &mut String, t: &TermView) {
    o.push_str("<ul class=\"where\" aria-label=\"Mentioned in\">");
    for grp in &t.by_outlet {
        o.push_str("<li><a class=\"outlet\" href=\"");
        esc(o, &grp.outlet_href);
        o.push_str("\">");
        esc(o, &grp.outlet);
        o.push_str("</a> ");
        if t.compact_index {
            o.push_str("<span class=\"art-count\">");
            num(o, grp.article_count);
            o.push_str(" article");
            plural(o, grp.article_count);
            o.push_str("</span>");
            if grp.count > grp.article_count {
                o.push_str("<span class=\"times\">, ");
                num(o, grp.count);
                o.push_str(" mentions</span>");
            }
        }
        for a in &grp.articles {
            if grp.articles.len() > 1 {
                o.push_str("<span class=\"art\">");
                esc(o, &a.title);
                o.push_str(":</span> ");
            }
            for p in &a.paragraphs {
                o.push_str("<a class=\"pref\" href=\"");
                esc(o, &p.href);
                o.push_str("\">¶");
                num(o, p.n);
                o.push_str("</a>");
                if p.count > 1 {
                    o.push_str("<span class=\"times\">×");
                    num(o, p.count);
                    o.push_str("</span>");
                }
                o.push(' ');
            }
        }
        o.push_str("</li>");
    }
    if !t.in_notes.is_empty() {
        o.push_str("<li><span class=\"outlet\">Notes</span> ");
        for (i, m) in t.in_notes.iter().enumerate() {
            o.push_str("<a class=\"pref\" href=\"");
            esc(o, &m.href);
            o.push_str("\">");
            esc(o, &m.source);
            o.push_str("</a>");
            if i + 1 < t.in_notes.len() {
                o.push_str(", ");
            }
        }
        o.push_str("</li>");
    }
    o.push_str("</ul>\n<details class=\"mentions\">\n<summary>");
    if t.compact_index {
        o.push_str("Mentions in context (a sample)");
    } else {
        o.push_str("Every mention in context");
    }
    o.push_str("</summary>\n");
    for grp in &t.by_outlet {
        o.push_str("<h4><a href=\"");
        esc(o, &grp.outlet_href);
        o.push_str("\">");
        esc(o, &grp.outlet);
        o.push_str("</a></h4>\n<ul>");
        for m in &grp.mentions {
            o.push_str("<li><a href=\"");
            esc(o, &m.href);
            o.push_str("\">");
            esc(o, &m.place);
            o.push_str("</a> ");
            o.push_str(&m.snippet_html);
            o.push_str("</li>");
        }
        o.push_str("</ul>\n");
        if grp.more_mentions > 0 {
            o.push_str("<p class=\"more\">");
            num(o, grp.more_mentions);
            o.push_str(" more paragraph");
            plural(o, grp.more_mentions);
            o.push_str(" of ");
            esc(o, &grp.outlet);
            if t.compact_index {
                o.push_str(" (counted in the list above).");
            } else {
                o.push_str(": in the list above.");
            }
            o.push_str("</p>");
        }
        o.push('\n');
    }
    o.push('\n');
    if !t.in_notes.is_empty() {
        o.push_str("<h4>Notes</h4>\n<ul>");
        for m in &t.in_notes {
            o.push_str("<li><a href=\"");
            esc(o, &m.href);
            o.push_str("\">");
            esc(o, &m.source);
            o.push_str("</a> ");
            o.push_str(&m.snippet_html);
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
    o.push_str("\n</details>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::render::base_page::test_support;
    use crate::render::page::Page;
    use crate::render::views::{ArticleMentions, MentionGroup, MentionView, NavItem, ParagraphRef, SiteView};

    fn tera() -> tera::Tera {
        test_support::tera(&[("glossary.html", GLOSSARY)])
    }

    /// The page as Tera renders it, with the context the `Glossary` job gives.
    fn by_tera(tera: &tera::Tera, f: &Frame<'_>, groups: &[TermGroup]) -> String {
        let mut ctx = test_support::frame_context(f, "glossary.html");
        ctx.insert("groups", groups);
        tera.render("glossary.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    fn site_view(terms: usize, outlets: usize) -> SiteView {
        SiteView {
            title: format!("Dossier {NASTY}"),
            subtitle: None,
            description: Some(format!("About {NASTY}")),
            language: "en".into(),
            editor: None,
            handling: None,
            paper: "A4",
            articles: 12,
            outlets,
            notes: 2,
            terms,
            events: 0,
            span: None,
            as_of: None,
        }
    }

    fn link(i: usize) -> LinkView {
        LinkView { text: format!("Term {i} {NASTY}"), href: format!("#term-{i}&x"), title: None }
    }

    fn mention(i: usize, note: bool) -> MentionView {
        MentionView {
            source: format!("Source {i} {NASTY}"),
            href: format!("articles/a{i}.html#p{i}&q"),
            place: if note { "note".into() } else { format!("¶{i} <{i}>") },
            snippet_html: format!("… <mark>snippet</mark> {i} &amp; more …"),
            note_n: note.then_some(i),
            section: None,
        }
    }

    /// An outlet's mentions: `articles` articles (of `paragraphs` paragraphs each, counted
    /// `times` each), `shown` in context and `more` past them.
    fn group(i: usize, articles: usize, paragraphs: usize, times: usize, shown: usize, more: usize) -> MentionGroup {
        MentionGroup {
            outlet: format!("Outlet {i} {NASTY}"),
            outlet_href: format!("outlets/o{i}.html#o&{i}"),
            mentions: (0..shown).map(|k| mention(k, false)).collect(),
            more_mentions: more,
            articles: (0..articles)
                .map(|a| ArticleMentions {
                    title: format!("Headline {a} {NASTY}"),
                    href: format!("articles/a{a}.html#art"),
                    outlet_n: i + 1,
                    article_n: a + 1,
                    section: None,
                    page: format!("articles/a{a}.html"),
                    paragraphs: (0..paragraphs)
                        .map(|p| ParagraphRef { n: p + 1, href: format!("articles/a{a}.html#p{p}&"), count: times + p })
                        .collect(),
                })
                .collect(),
            count: articles * paragraphs * times + 1,
            article_count: articles.max(1),
        }
    }

    /// Term `k` of a set that together takes every branch of `glossary.html`.
    fn term(k: usize) -> TermView {
        let text = |s: &str| format!("{s} {k} {NASTY}");
        let compact_index = k % 3 == 1;
        let by_outlet: Vec<MentionGroup> = match k % 5 {
            0 => Vec::new(),
            1 => vec![group(0, 1, 1, 1, 1, 0)],
            2 => vec![group(0, 2, 2, 2, 3, 1), group(1, 0, 0, 1, 0, 0)],
            3 => vec![group(0, 1, 3, 1, 0, 5), group(1, 3, 1, 3, 2, 2), group(2, 1, 1, 1, 1, 0)],
            _ => vec![group(3, 0, 0, 0, 0, 0)],
        };
        let in_notes: Vec<MentionView> = (0..[0, 1, 3, 0][k % 4]).map(|i| mention(i, true)).collect();
        let outlet_count = if k.is_multiple_of(5) || k % 7 == 6 { 0 } else { by_outlet.len() };
        TermView {
            headword: text("Headword"),
            anchor: format!("term-{k}-\"a\""),
            href: format!("glossary.html#term-{k}"),
            abbr: [Some(text("ABBR")), None, Some(String::new())][k % 3].clone(),
            aliases: (0..k % 4).map(|i| format!("Alias {i} {NASTY}")).collect(),
            kind: "person",
            definition_html: format!("<p>Defined {k} &amp; <a class=\"term\" href=\"#t\">linked</a>.</p>"),
            see_also: (0..[0, 1, 2, 0, 3][k % 5]).map(link).collect(),
            pointed_from: (0..[0, 0, 1, 2, 2, 1][k % 6]).map(|i| link(10 + i)).collect(),
            mention_count: [0, 1, 2, 7, 1, 0, 5][k % 7],
            outlet_count,
            first_outlet: [Some(text("First")), None, Some(String::new())][k % 3].clone(),
            by_outlet,
            in_notes,
            coverage_meter: "●●○<>".into(),
            editor_mentions: k,
            article_count: 41 + k,
            compact_index,
        }
    }

    /// Every branch of `glossary.html`: no groups, an empty group, one and several terms;
    /// abbreviations, aliases, first outlets present, empty and absent; coverage by outlets,
    /// by notes only and none, one mention and several; see-also links on either side, both
    /// and none; compact indexes and full ones, one article and several, paragraphs counted
    /// once and more; mentions in context, more of them, notes; escapes in every field.
    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let nav: Vec<NavItem> = ["Cover", "Glossary"]
            .into_iter()
            .enumerate()
            .map(|(i, label)| NavItem { label, href: format!("{i}.html?a&b"), current: i == 1 })
            .collect();
        let groups = |sizes: &[usize]| -> Vec<TermGroup> {
            let labels = ["People <&>", "Places \"'\"", "Things"];
            let mut k = 0;
            sizes
                .iter()
                .enumerate()
                .map(|(i, &n)| TermGroup {
                    label: labels[i % 3],
                    terms: (0..n)
                        .map(|_| {
                            k += 1;
                            term(k - 1)
                        })
                        .collect(),
                })
                .collect()
        };
        for (sizes, outlets) in [(vec![], 0), (vec![1], 1), (vec![0, 3], 4), (vec![30, 12, 2], 5)] {
            let site = site_view(sizes.iter().sum(), outlets);
            let frame = Frame { site: &site, nav: &nav, root: "", title: "Glossary", kind: "glossary" };
            let groups = groups(&sizes);
            assert_eq!(render(&frame, &groups), by_tera(&tera, &frame, &groups), "{sizes:?}");
        }
    }

    /// The example dossier's glossary, both ways.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in templates");
        let p = Page::new(&site, crate::site::paths::GLOSSARY);
        let site_view = p.site_view();
        let nav = p.nav();
        let frame = Frame { site: &site_view, nav: &nav, root: &p.root, title: "Glossary", kind: "glossary" };
        let groups = p.term_groups();
        let terms = groups.iter().flat_map(|g| &g.terms);
        assert!(terms.clone().any(|t| !t.by_outlet.is_empty()) && terms.clone().any(|t| !t.in_notes.is_empty()));
        assert_eq!(render(&frame, &groups), by_tera(&tera(), &frame, &groups));
    }
}
