//! The default theme's print pack (`print.html`, the page `print.html`), written directly
//! instead of through Tera while the theme's copy of the template is the built-in one.
//!
//! The pack is the largest single page (25 MB at 10,000 articles: every note, the ledes, the
//! term matrix, the glossary's paragraph index), and it renders on one thread while the other
//! renders the article pages: through Tera its views were first a tree of template values,
//! then interpreted (~0.3 s of CPU at 10,000 articles). [`render`] writes the same bytes from
//! the same [`PrintPack`]. The template is a page of its own (it does not extend `base.html`),
//! so only its own copy decides. The tests render packs both ways and compare the bytes: a
//! change to the template fails them until this file follows it.

use super::base_page::{num, truthy};
use super::print::{MATRIX_COLUMNS, PrintArticle, PrintOutlet, PrintPack};
use super::text::escape_into as esc;
use super::timeline_month;
use super::timeline_page::{ClaimView, TimelineView};
use super::views::{EntryView, LinkView, Matrix, SiteView, SpeakerView, TermGroup, TermView};
use crate::site::Site;

/// The built-in template this module writes.
pub(super) const PRINT: &str = include_str!("../../themes/default/templates/print.html");

/// Whether the site's theme uses the built-in `print.html` unchanged.
pub(super) fn is_builtin(site: &Site) -> bool {
    site.theme.templates.get("print.html").is_some_and(|t| t.text == PRINT)
}

/// The pack as the built-in `print.html` renders it, with `site` as every page gets it.
pub(super) fn render(site: &SiteView, pack: &PrintPack<'_>) -> String {
    let mut o = String::with_capacity(size_hint(pack));
    head(&mut o, site, pack);
    cover(&mut o, site);
    contents(&mut o, pack);
    for part in &pack.print.parts {
        o.push_str("\n<section id=\"");
        esc(&mut o, &part.anchor);
        o.push_str("\" class=\"part part-");
        esc(&mut o, part.name);
        o.push_str("\" aria-labelledby=\"");
        esc(&mut o, &part.anchor);
        o.push_str("-h\">\n<h2 id=\"");
        esc(&mut o, &part.anchor);
        o.push_str("-h\"><span class=\"num\">");
        num(&mut o, part.number);
        o.push_str("</span> ");
        esc(&mut o, part.title);
        o.push_str("</h2>\n");
        match part.name {
            "summary" => {
                o.push('\n');
                o.push_str(pack.cover_html.as_deref().unwrap_or_default());
                o.push('\n');
            }
            "notes" => notes(&mut o, pack),
            "timeline" => {
                if let Some(t) = &pack.timeline {
                    timeline(&mut o, pack, t);
                }
            }
            "outlets" => outlets(&mut o, pack),
            "quotes" => quotes(&mut o, pack.speakers.as_deref().unwrap_or_default()),
            "glossary" => glossary(&mut o, site, pack),
            "sources" => sources(&mut o, pack),
            _ => {}
        }
        o.push_str("\n</section>\n");
    }
    o.push_str("\n</main>\n</body>\n</html>\n");
    o
}

/// Bytes to reserve: the markup the views hold already, and as much again for the tags.
fn size_hint(pack: &PrintPack<'_>) -> usize {
    let notes: usize = pack.notes.iter().map(|n| n.note.html.len()).sum();
    let paragraphs: usize = (pack.outlets.iter().flatten().flat_map(|o| &o.articles))
        .map(|a| 512 + a.paragraphs.iter().map(|p| p.html.len() + 96).sum::<usize>())
        .sum();
    let cells = pack.term_matrix.as_ref().map_or(0, |m| m.rows.len() * (m.columns.len() + 2) * 24);
    let terms: usize =
        pack.term_groups.iter().flatten().flat_map(|g| &g.terms).map(|t| 1024 + t.article_count * 160).sum();
    (1 << 16) + pack.inline_css.len() + notes + paragraphs + cells + terms
}

/// `s` when `n` is not 1.
fn plural(o: &mut String, n: usize) {
    if n != 1 {
        o.push('s');
    }
}

/// A separator between the items of a list (`{% if not loop.last %}…{% endif %}`).
fn sep(o: &mut String, i: usize, len: usize, sep: &str) {
    if i + 1 < len {
        o.push_str(sep);
    }
}

/// Tera's truth of an optional number: present and not 0.
fn nonzero(n: Option<usize>) -> Option<usize> {
    n.filter(|&n| n != 0)
}

/// `<head>`, with the inline style sheet and the paper's page boxes.
fn head(o: &mut String, site: &SiteView, pack: &PrintPack<'_>) {
    o.push_str("<!DOCTYPE html>\n<html lang=\"");
    esc(o, &site.language);
    o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(o, &site.title);
    o.push_str(" — briefing pack</title>\n<meta name=\"generator\" content=\"dossier\">\n<style>\n");
    o.push_str(&pack.inline_css);
    o.push_str("\n@page {\n  size: ");
    esc(o, site.paper);
    o.push_str(";\n  margin: 18mm 16mm 20mm;\n  @top-left { content: \"");
    esc(o, &site.title.replace('"', "'"));
    o.push_str("\"; font: 8pt sans-serif; color: #555; }\n  @top-right { content: \"");
    if let Some(h) = truthy(&site.handling) {
        esc(o, &h.replace('"', "'"));
    }
    o.push_str(
        "\"; font: bold 8pt sans-serif; color: #555; text-transform: uppercase; }\n  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt sans-serif; color: #555; }\n}\n@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-right { content: none; } }\n</style>\n</head>\n<body class=\"kind-print\">\n<main id=\"main\" class=\"print-pack\">\n<section id=\"top\" class=\"print-cover\">\n",
    );
}

/// The cover's section.
fn cover(o: &mut String, site: &SiteView) {
    let line = |o: &mut String, value: &Option<String>, open: &str, close: &str| {
        if let Some(v) = truthy(value) {
            o.push_str(open);
            esc(o, v);
            o.push_str(close);
        }
        o.push('\n');
    };
    line(o, &site.handling, "<p class=\"handling\">", "</p>");
    o.push_str("<h1>");
    esc(o, &site.title);
    o.push_str("</h1>\n");
    line(o, &site.subtitle, "<p class=\"subtitle\">", "</p>");
    line(o, &site.span, "<p class=\"facts\">Story span: ", "</p>");
    line(o, &site.as_of, "<p class=\"facts\">Information as of ", "</p>");
    o.push_str("<p class=\"facts\">");
    num(o, site.articles);
    o.push_str(" articles · ");
    num(o, site.outlets);
    o.push_str(" outlets · ");
    num(o, site.notes);
    o.push_str(" notes · ");
    num(o, site.terms);
    o.push_str(" glossary terms · ");
    num(o, site.events);
    o.push_str(" timeline events</p>\n");
    line(o, &site.editor, "<p class=\"editor\">Prepared by ", "</p>");
    o.push_str("</section>\n");
}

/// A table of contents entry: `<li><a href="#anchor"><span class="num">section</span> title</a></li>`.
fn toc_item(o: &mut String, anchor: &str, section: &str, title: &str) {
    o.push_str("<li><a href=\"#");
    esc(o, anchor);
    o.push_str("\"><span class=\"num\">");
    esc(o, section);
    o.push_str("</span> ");
    esc(o, title);
    o.push_str("</a></li>");
}

/// The table of contents, and what the pack prints of the articles and leaves out.
fn contents(o: &mut String, pack: &PrintPack<'_>) {
    let print = &pack.print;
    o.push_str("<nav class=\"print-toc\" aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">Contents</h2>\n<ol class=\"toc-list\">\n");
    let outlets = pack.outlets.as_deref().unwrap_or_default();
    for part in &print.parts {
        o.push_str("<li><a href=\"#");
        esc(o, &part.anchor);
        o.push_str("\"><span class=\"num\">");
        num(o, part.number);
        o.push_str("</span> ");
        esc(o, part.title);
        o.push_str("</a>\n");
        if part.name == "notes" && !pack.notes.is_empty() {
            o.push_str("<ol>");
            for n in &pack.notes {
                toc_item(o, &n.note.anchor, &n.section, &n.note.title);
            }
            o.push_str("</ol>");
        }
        o.push('\n');
        if part.name == "outlets" && !outlets.is_empty() {
            o.push_str("<ol>");
            for x in outlets {
                toc_item(o, &x.anchor, &x.section, &x.name);
            }
            o.push_str("</ol>");
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
    if !print.articles_printed {
    } else if print.degraded {
        o.push_str("<p class=\"print-scale\">This pack prints each article as its lede (headline, outlet, date, first paragraph and source): the dossier has ");
        num(o, print.articles);
        o.push_str(" articles, more than <code>max_full_articles = ");
        num(o, print.max_full_articles);
        o.push_str("</code>. To print every article in full, raise <code>max_full_articles</code> in the <code>[print]</code> section of <code>config.toml</code>; to keep ledes and silence the warning, set <code>article_text = \"lede\"</code>.</p>\n");
    } else if print.article_text == "lede" {
        o.push_str("<p class=\"print-scale\">Articles are printed as ledes (headline, outlet, date, first paragraph and source); the full text is on each article's page.</p>\n");
    } else if print.article_text == "none" {
        o.push_str("<p class=\"print-scale\">Articles are listed without their text (headline, outlet, date and source); the full text is on each article's page.</p>");
    }
    o.push('\n');
    if !print.omitted.is_empty() {
        o.push_str("<p class=\"print-scale\">Not printed: ");
        esc(o, &print.omitted.join(", "));
        o.push_str(". References to them name and link the page of the web edition instead.</p>");
    }
    o.push_str("\n</nav>\n");
}

/// The `notes` part.
fn notes(o: &mut String, pack: &PrintPack<'_>) {
    o.push('\n');
    for n in &pack.notes {
        let note = &n.note;
        o.push_str("\n<article id=\"");
        esc(o, &note.anchor);
        o.push_str("\" class=\"note print-note\" aria-labelledby=\"");
        esc(o, &note.anchor);
        o.push_str("-h\">\n<h3 id=\"");
        esc(o, &note.anchor);
        o.push_str("-h\"><span class=\"num\">");
        esc(o, &n.section);
        o.push_str("</span> ");
        esc(o, &note.title);
        o.push_str("</h3>\n");
        if let Some(summary) = truthy(&note.summary) {
            o.push_str("<p class=\"lede\">");
            esc(o, summary);
            o.push_str("</p>");
        }
        o.push_str("\n<div class=\"prose demote\">");
        o.push_str(&note.html);
        o.push_str("</div>\n</article>\n");
    }
    o.push('\n');
}

/// The `timeline` part.
fn timeline(o: &mut String, pack: &PrintPack<'_>, t: &TimelineView<'_>) {
    o.push('\n');
    if pack.print.timeline_left_out > 0 {
        o.push_str("<p class=\"print-scale\">Only the editor's events and the disputed dates are printed here; ");
        num(o, pack.print.timeline_left_out);
        o.push_str(
            " more entries (dates found in the articles, publications) are on the web timeline, timeline.html.</p>",
        );
    }
    o.push_str("\n<p class=\"meta\">Editor's events (authoritative, with sources), then the dates found in the articles (in italics, with each outlet's wording), and each article's publication. Superscript numbers point to the notes at the end of this part, which say how each date was resolved.</p>\n");
    if !t.conflicts.is_empty() {
        o.push_str("\n<h3 id=\"print-conflicts\">Dates in dispute</h3>\n");
        for k in &t.conflicts {
            o.push_str("\n<div id=\"");
            esc(o, &k.anchor);
            o.push_str("\" class=\"conflict\">\n<p class=\"entry-title\"><strong>");
            esc(o, &k.title);
            o.push_str("</strong> <span class=\"status\">");
            esc(o, k.status);
            o.push_str("</span></p>\n<div class=\"sides\">");
            for s in &k.sides {
                o.push_str("<div class=\"side\"><p class=\"side-date\">");
                esc(o, &s.date);
                o.push_str(": ");
                esc(o, &s.outlets.join(", "));
                o.push_str("</p>\n<ul class=\"claims\">");
                for c in &s.claims {
                    conflict_claim(o, c);
                }
                o.push_str("</ul></div>\n");
            }
            o.push_str("</div>\n</div>\n");
        }
        o.push('\n');
    }
    o.push('\n');
    for m in t.years.iter().flat_map(|y| &y.months) {
        o.push_str("\n<h3 id=\"print-");
        esc(o, &m.anchor);
        o.push_str("\">");
        esc(o, &m.label);
        o.push_str("</h3>\n");
        for d in &m.days {
            o.push_str("\n<h4 class=\"day-label\">");
            esc(o, &d.label);
            if !d.published.is_empty() {
                o.push_str(" <span class=\"published\">published: ");
                esc(o, &d.published.join(", "));
                o.push_str("</span>");
            }
            o.push_str("</h4>\n<ol class=\"timeline\">\n");
            for e in &d.entries {
                entry(o, e);
            }
            o.push_str("</ol>\n");
        }
        o.push('\n');
    }
    o.push_str("\n<h3 id=\"tl-notes-h\">How each date was resolved</h3>\n<ol class=\"tl-notes\">");
    for n in &t.footnotes {
        o.push_str("<li id=\"");
        esc(o, &n.anchor);
        o.push_str("\" value=\"");
        num(o, n.n);
        o.push_str("\">");
        esc(o, &n.text);
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n");
}

/// A claim on one side of a conflict.
fn conflict_claim(o: &mut String, c: &ClaimView<'_>) {
    o.push_str("<li>");
    esc(o, c.outlet);
    o.push(' ');
    esc(o, &c.place);
    o.push_str(": <span class=\"sentence\">");
    o.push_str(&c.sentence_html);
    o.push_str("</span> <span class=\"how\">");
    esc(o, c.explain);
    o.push_str("</span>");
    if let Some(a) = truthy(&c.ambiguity) {
        o.push_str(" <span class=\"ambiguity\">Ambiguous: ");
        esc(o, a);
        o.push_str(".</span>");
    }
    o.push_str("</li>");
}

/// A footnote marker: `<a class="fn" href="#tl-note-n">n</a>`.
fn footnote_ref(o: &mut String, n: Option<usize>) {
    if let Some(n) = nonzero(n) {
        o.push_str("<a class=\"fn\" href=\"#tl-note-");
        num(o, n);
        o.push_str("\">");
        num(o, n);
        o.push_str("</a>");
    }
}

/// One timeline entry.
fn entry(o: &mut String, e: &EntryView<'_>) {
    o.push_str("<li id=\"");
    esc(o, e.anchor);
    o.push_str("\" class=\"entry entry-");
    esc(o, e.kind);
    o.push_str("\">\n<p class=\"when\"><time datetime=\"");
    esc(o, &e.date_iso);
    o.push_str("\">");
    match &e.bar {
        Some(bar) => esc(o, &bar.label),
        None => esc(o, &e.date),
    }
    o.push_str("</time>");
    if let Some(end) = truthy(&e.end) {
        o.push_str(" – ");
        esc(o, end);
    }
    footnote_ref(o, e.note);
    o.push_str("</p>\n<div class=\"what\">");
    if e.kind == "publication" {
        o.push_str("<p class=\"pub-line\">");
        esc(o, e.title);
        if e.inferred {
            o.push_str(" (date inferred)");
        }
        o.push_str("</p>");
    } else {
        o.push_str("<p class=\"entry-title\">");
        if e.kind == "extracted" {
            o.push_str("<q>");
            esc(o, e.title);
            o.push_str("</q>");
        } else {
            o.push_str("<strong>");
            esc(o, e.title);
            o.push_str("</strong>");
        }
        o.push_str("</p>\n");
        if let Some(k) = &e.conflict {
            timeline_month::conflict_flag_into(o, k);
        }
        o.push('\n');
        o.push_str(&e.body_html);
        o.push('\n');
        if !e.claims.is_empty() {
            o.push_str("<ul class=\"claims\">");
            for c in &e.claims {
                timeline_month::claim_source_into(o, c);
                o.push_str(" “");
                esc(o, c.expression);
                o.push_str("” → ");
                esc(o, &c.date);
                footnote_ref(o, c.note);
                o.push_str("</li>");
            }
            o.push_str("</ul>");
        }
        o.push('\n');
        if !e.sources.is_empty() && e.kind == "editor" {
            o.push_str("<p class=\"sources\">Sources: ");
            for (i, s) in e.sources.iter().enumerate() {
                source_link(o, s);
                sep(o, i, e.sources.len(), ", ");
            }
            o.push_str("</p>");
        }
    }
    o.push_str("\n</div></li>\n");
}

/// An editor's source: `<a href=".." title="..">text</a>`.
fn source_link(o: &mut String, s: &LinkView) {
    o.push_str("<a href=\"");
    esc(o, &s.href);
    o.push('"');
    if let Some(title) = truthy(&s.title) {
        o.push_str(" title=\"");
        esc(o, title);
        o.push('"');
    }
    o.push('>');
    esc(o, &s.text);
    o.push_str("</a>");
}

/// The `outlets` part: the reporting lines, the term matrix, each outlet and its articles.
fn outlets(o: &mut String, pack: &PrintPack<'_>) {
    let outlets = pack.outlets.as_deref().unwrap_or_default();
    o.push_str("\n<p>");
    num(o, outlets.len());
    o.push_str(" outlets, ");
    num(o, pack.lines.len());
    o.push_str(" independent reporting line");
    plural(o, pack.lines.len());
    o.push_str(": ");
    for (i, l) in pack.lines.iter().enumerate() {
        for (k, x) in l.outlets.iter().enumerate() {
            esc(o, &x.text);
            sep(o, k, l.outlets.len(), " + ");
        }
        if !l.wires.is_empty() {
            o.push_str(" (");
            esc(o, &l.wires.join(", "));
            o.push_str(" copy)");
        }
        sep(o, i, pack.lines.len(), "; ");
    }
    o.push_str(".</p>\n");
    if let Some(m) = &pack.term_matrix {
        matrix(o, m, MATRIX_COLUMNS);
    }
    o.push('\n');
    let listed = pack.print.article_text == "none";
    for x in outlets {
        outlet(o, x, listed);
    }
    o.push('\n');
}

/// The term matrix in tables of at most `size` outlets (as `Matrix::column_groups` cuts it),
/// nothing when it has no outlets.
fn matrix(o: &mut String, m: &Matrix, size: usize) {
    let size = size.max(1);
    let groups = m.columns.len().div_ceil(size);
    if groups == 0 {
        return;
    }
    o.push_str("<h3 id=\"print-term-matrix\">Glossary terms by outlet</h3>\n<p class=\"meta\">Mentions of each term in each outlet's articles");
    if groups > 1 {
        o.push_str(", in ");
        num(o, groups);
        o.push_str(" tables of at most ");
        num(o, size.min(m.columns.len()));
        o.push_str(" outlets");
    }
    o.push_str(".</p>\n");
    for g in 0..groups {
        let cols = g * size..((g + 1) * size).min(m.columns.len());
        o.push_str("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table: glossary terms by outlet, part ");
        num(o, g + 1);
        o.push_str("\" tabindex=\"0\"><table class=\"matrix print-matrix\">\n<thead><tr><th scope=\"col\">Term</th>");
        for c in m.columns.get(cols.clone()).unwrap_or_default() {
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
                if n > 0 {
                    o.push_str("<td class=\"yes\">");
                    num(o, n);
                } else {
                    o.push_str("<td class=\"no\">–");
                }
                o.push_str("</td>");
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody></table></div>\n");
    }
}

/// An outlet's section, its articles printed (or `listed` only).
fn outlet(o: &mut String, x: &PrintOutlet, listed: bool) {
    o.push_str("\n<section id=\"");
    esc(o, &x.anchor);
    o.push_str("\" class=\"print-outlet\" aria-labelledby=\"");
    esc(o, &x.anchor);
    o.push_str("-h\">\n<h3 id=\"");
    esc(o, &x.anchor);
    o.push_str("-h\"><span class=\"num\">");
    esc(o, &x.section);
    o.push_str("</span> ");
    esc(o, &x.name);
    o.push_str("</h3>\n<p class=\"meta\">");
    num(o, x.articles.len());
    o.push_str(" article");
    plural(o, x.articles.len());
    if !x.wires.is_empty() {
        o.push_str(" · wire: ");
        esc(o, &x.wires.join(", "));
    }
    if !x.bylines.is_empty() {
        o.push_str(" · by ");
        esc(o, &x.bylines.join(", "));
    }
    o.push_str("</p>\n");
    if listed {
        o.push_str("<ol class=\"print-article-list\">\n");
        for a in &x.articles {
            o.push_str("<li id=\"");
            esc(o, &a.anchor);
            o.push_str("\"><span class=\"num\">");
            esc(o, &a.section);
            o.push_str("</span> ");
            esc(o, &a.title);
            o.push_str(" <span class=\"meta\">· ");
            article_meta(o, a);
            o.push_str("</span></li>\n");
        }
        o.push_str("</ol>\n");
    } else {
        o.push('\n');
        for a in &x.articles {
            article(o, a);
        }
        o.push('\n');
    }
    o.push_str("\n</section>\n");
}

/// An article's date, byline and source (its endnote, or its URL).
fn article_meta(o: &mut String, a: &PrintArticle) {
    match truthy(&a.date) {
        Some(date) => esc(o, date),
        None => o.push_str("date unknown"),
    }
    if let Some(byline) = truthy(&a.byline) {
        o.push_str(" · By ");
        esc(o, byline);
    }
    if let Some(e) = &a.endnote {
        o.push_str("<a class=\"endnote-ref\" href=\"");
        esc(o, &e.href);
        o.push_str("\" aria-label=\"source ");
        num(o, e.n);
        o.push_str("\">[");
        num(o, e.n);
        o.push_str("]</a>");
    } else if let Some(url) = truthy(&a.url) {
        o.push_str(" · ");
        esc(o, url);
    }
}

/// A printed article.
fn article(o: &mut String, a: &PrintArticle) {
    o.push_str("\n<article id=\"");
    esc(o, &a.anchor);
    o.push_str("\" class=\"print-article\" aria-labelledby=\"");
    esc(o, &a.anchor);
    o.push_str("-h\">\n<h4 id=\"");
    esc(o, &a.anchor);
    o.push_str("-h\"><span class=\"num\">");
    esc(o, &a.section);
    o.push_str("</span> ");
    esc(o, &a.title);
    o.push_str("</h4>\n<p class=\"meta\">");
    esc(o, &a.outlet);
    if let Some(wire) = truthy(&a.wire).filter(|w| *w != a.outlet) {
        o.push_str(" (");
        esc(o, wire);
        o.push_str(" copy)");
    }
    o.push_str(" · ");
    article_meta(o, a);
    o.push_str("</p>\n");
    for p in &a.paragraphs {
        o.push_str("<p id=\"");
        esc(o, &p.anchor);
        o.push_str("\" class=\"para\"><span class=\"pnum\">");
        num(o, p.n);
        o.push_str("</span> ");
        o.push_str(&p.html);
        o.push_str("</p>\n");
    }
    if a.more_paragraphs > 0 {
        o.push_str("<p class=\"more\">");
        num(o, a.more_paragraphs);
        o.push_str(" more paragraph");
        plural(o, a.more_paragraphs);
        o.push_str(": ");
        esc(o, &a.page);
        o.push_str("</p>");
    }
    o.push_str("\n</article>\n");
}

/// The `quotes` part.
fn quotes(o: &mut String, speakers: &[SpeakerView]) {
    o.push('\n');
    for s in speakers {
        o.push_str("\n<section id=\"");
        esc(o, &s.anchor);
        o.push_str("\" class=\"speaker\" aria-labelledby=\"");
        esc(o, &s.anchor);
        o.push_str("-h\">\n<h3 id=\"");
        esc(o, &s.anchor);
        o.push_str("-h\">");
        esc(o, &s.name);
        if s.anonymous {
            o.push_str(" (anonymous source)");
        }
        o.push_str("</h3>\n<ol class=\"quotes\">\n");
        for q in &s.quotes {
            o.push_str("<li id=\"");
            esc(o, &q.anchor);
            o.push_str("\" class=\"quote\"><blockquote><p>");
            if q.partial {
                o.push('…');
            }
            esc(o, &q.text);
            if q.partial {
                o.push('…');
            }
            o.push_str("</p></blockquote>\n<p class=\"carried\">Carried by: ");
            for (i, src) in q.sources.iter().enumerate() {
                o.push_str("<a href=\"");
                esc(o, &src.href);
                o.push_str("\">");
                esc(o, &src.outlet);
                o.push(' ');
                esc(o, &src.place);
                o.push_str("</a>");
                sep(o, i, q.sources.len(), ", ");
            }
            o.push_str("</p>");
            for src in &q.sources {
                if let Some(diff) = truthy(&src.diff_html) {
                    o.push_str("<p class=\"variant\">");
                    esc(o, &src.outlet);
                    o.push(' ');
                    esc(o, &src.place);
                    o.push_str(": ");
                    o.push_str(diff);
                    o.push_str("</p>");
                }
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ol>\n");
        if s.more_quotes > 0 {
            o.push_str("<p class=\"more\">");
            num(o, s.more_quotes);
            o.push_str(" more quotation");
            plural(o, s.more_quotes);
            o.push_str(" of ");
            esc(o, &s.name);
            o.push_str(", each carried by fewer outlets: on the web page quotes.html#");
            esc(o, &s.anchor);
            o.push_str(".</p>");
        }
        o.push_str("\n</section>\n");
    }
    o.push('\n');
}

/// The `glossary` part.
fn glossary(o: &mut String, site: &SiteView, pack: &PrintPack<'_>) {
    o.push_str("\n<p class=\"lede\">References read “Reuters §4.5.1 ¶2, 7”: the article in section 4.5.1, paragraphs 2 and 7. An article that is not printed is named by its web page (articles/….html).");
    if pack.print.article_text == "lede" {
        o.push_str(" Paragraphs after the first are on the article's web page.");
    }
    o.push_str("</p>\n");
    for g in pack.term_groups.iter().flatten() {
        term_group(o, site, g);
    }
    o.push('\n');
}

fn term_group(o: &mut String, site: &SiteView, g: &TermGroup) {
    o.push_str("\n<h3>");
    esc(o, g.label);
    o.push_str("</h3>\n<dl class=\"print-glossary\">\n");
    for t in &g.terms {
        term(o, site, t);
    }
    o.push_str("</dl>\n");
}

/// A term's entry: its definition, and where the pack mentions it.
fn term(o: &mut String, site: &SiteView, t: &TermView) {
    o.push_str("<dt id=\"");
    esc(o, &t.anchor);
    o.push_str("\">");
    esc(o, &t.headword);
    if let Some(abbr) = truthy(&t.abbr) {
        o.push_str(" (");
        esc(o, abbr);
        o.push(')');
    }
    o.push_str("</dt>\n<dd>");
    if !t.aliases.is_empty() {
        o.push_str("<p class=\"aliases\">Also: ");
        esc(o, &t.aliases.join(" · "));
        o.push_str("</p>");
    }
    o.push_str(&t.definition_html);
    if !t.see_also.is_empty() || !t.pointed_from.is_empty() {
        o.push_str("<p class=\"see-also\">See also: ");
        for (i, l) in t.see_also.iter().enumerate() {
            esc(o, &l.text);
            sep(o, i, t.see_also.len(), ", ");
        }
        if !t.see_also.is_empty() && !t.pointed_from.is_empty() {
            o.push_str(", ");
        }
        for (i, l) in t.pointed_from.iter().enumerate() {
            esc(o, &l.text);
            sep(o, i, t.pointed_from.len(), ", ");
        }
        o.push_str("</p>");
    }
    o.push_str("\n<p class=\"refs\">");
    if t.outlet_count > 0 {
        num(o, t.outlet_count);
        o.push_str(" of ");
        num(o, site.outlets);
        o.push_str(" outlets, ");
        num(o, t.mention_count);
        o.push_str(" mention");
        plural(o, t.mention_count);
        if let Some(first) = truthy(&t.first_outlet) {
            o.push_str(", first reported by ");
            esc(o, first);
        }
        o.push_str(".<br>");
        for (i, grp) in t.by_outlet.iter().enumerate() {
            o.push_str("<span class=\"outlet\">");
            esc(o, &grp.outlet);
            o.push_str("</span> ");
            if t.compact_index {
                num(o, grp.article_count);
                o.push_str(" article");
                plural(o, grp.article_count);
            }
            for (k, a) in grp.articles.iter().enumerate() {
                o.push_str("<a href=\"");
                esc(o, &a.href);
                o.push_str("\">");
                match a.section.as_deref().filter(|s| !s.is_empty()) {
                    Some(section) => {
                        o.push('§');
                        esc(o, section);
                    }
                    None => esc(o, &a.page),
                }
                o.push_str("</a> ¶");
                for (j, p) in a.paragraphs.iter().enumerate() {
                    o.push_str("<a href=\"");
                    esc(o, &p.href);
                    o.push_str("\">");
                    num(o, p.n);
                    o.push_str("</a>");
                    sep(o, j, a.paragraphs.len(), ", ");
                }
                sep(o, k, grp.articles.len(), "; ");
            }
            sep(o, i, t.by_outlet.len(), " · ");
        }
    } else {
        o.push_str("Not mentioned in the articles");
    }
    if !t.in_notes.is_empty() {
        o.push_str(" · Notes: ");
        for (i, m) in t.in_notes.iter().enumerate() {
            o.push_str("<a href=\"");
            esc(o, &m.href);
            o.push_str("\">");
            match truthy(&m.section) {
                Some(section) => {
                    o.push('§');
                    esc(o, section);
                }
                None => esc(o, &m.source),
            }
            o.push_str("</a>");
            sep(o, i, t.in_notes.len(), ", ");
        }
    }
    o.push_str(".</p></dd>\n");
}

/// The `sources` part: the numbered endnotes.
fn sources(o: &mut String, pack: &PrintPack<'_>) {
    o.push_str("\n<p class=\"meta\">Where each article was published, as numbered in the articles' headers.</p>\n");
    if pack.endnotes.is_empty() {
        o.push_str("<p>No article gives its source URL.</p>");
    } else {
        o.push_str("<ol class=\"endnotes\">\n");
        for e in &pack.endnotes {
            o.push_str("<li id=\"");
            esc(o, &e.anchor);
            o.push_str("\" value=\"");
            num(o, e.n);
            o.push_str("\"><a href=\"");
            esc(o, &e.href);
            o.push_str("\">");
            match truthy(&e.section) {
                Some(section) => {
                    o.push('§');
                    esc(o, section);
                }
                None => esc(o, &e.page),
            }
            o.push_str("</a> ");
            esc(o, &e.outlet);
            o.push_str(", “");
            esc(o, &e.title);
            o.push('”');
            if let Some(date) = truthy(&e.date) {
                o.push_str(", ");
                esc(o, date);
            }
            o.push_str(". <a class=\"url\" href=\"");
            esc(o, &e.url);
            o.push_str("\">");
            esc(o, &e.url);
            o.push_str("</a></li>\n");
        }
        o.push_str("</ol>");
    }
    o.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ArticleText, PrintSection};
    use crate::diagnostics::Diagnostics;
    use crate::render::page::Page;
    use crate::render::print::{
        Endnote, EndnoteRef, PartView, PrintNote, PrintParagraph, PrintPlan, PrintView, Wants, insert_pack,
    };
    use crate::render::timeline_page::{
        BarView, ConflictSide, ConflictView, DayGroup, Footnote, MonthGroup, YearGroup,
    };
    use crate::render::views::{
        ArticleMentions, LineView, MatrixRow, MentionGroup, MentionView, NoteView, ParagraphRef, QuoteSource,
        QuoteView, TocItem,
    };

    fn tera() -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("print.html", PRINT).expect("the built-in template compiles");
        tera
    }

    /// The pack as Tera renders it, with the context the `Print` job gives.
    fn by_tera(tera: &tera::Tera, site: &SiteView, pack: &PrintPack<'_>) -> String {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site);
        insert_pack(&mut ctx, pack);
        tera.render("print.html", &ctx).expect("renders")
    }

    const NASTY: &str = "<b>\"Tom's\" & co</b> – “quoted”";

    /// A test string as the borrowed text a view holds.
    fn text(s: String) -> &'static str {
        s.leak()
    }

    fn nasty(what: &str, i: usize) -> String {
        format!("{what} {i} {NASTY}")
    }

    /// `Some(text)`, `None` or `Some("")` as `i` goes round.
    fn maybe(what: &str, i: usize) -> Option<String> {
        [Some(nasty(what, i)), None, Some(String::new())][i % 3].clone()
    }

    fn link(i: usize) -> LinkView {
        LinkView { text: nasty("Link", i), href: format!("#a{i}&b=\"c\""), title: maybe("Title", i) }
    }

    fn site_view(filled: bool) -> SiteView {
        let opt = |what: &str| filled.then(|| nasty(what, 0));
        SiteView {
            title: nasty("Dossier \"quoted\"", 1),
            subtitle: opt("Subtitle"),
            description: opt("Description"),
            language: "en\"<".into(),
            editor: if filled { opt("Editor") } else { Some(String::new()) },
            handling: opt("Handling \"restricted\""),
            paper: "A4",
            articles: 12,
            outlets: 3,
            notes: 2,
            terms: 4,
            events: 5,
            span: opt("Span"),
            as_of: opt("As of"),
        }
    }

    fn note(i: usize) -> PrintNote {
        PrintNote {
            section: format!("2.{i}<"),
            note: NoteView {
                slug: format!("n{i}"),
                anchor: format!("note-n{i}\""),
                title: nasty("Note", i),
                href: format!("#note-n{i}"),
                date: maybe("Date", i),
                summary: maybe("Summary", i),
                tags: vec![nasty("Tag", i)],
                html: format!("<p>Note {i} <a href=\"#x\">text</a></p>"),
                toc: vec![TocItem { level: 2, href: "#h".into(), text: nasty("Heading", i) }],
            },
        }
    }

    fn claim(i: usize) -> ClaimView<'static> {
        ClaimView {
            outlet: text(nasty("Outlet", i)),
            article: text(nasty("Headline", i)),
            outlet_slug: "outlet",
            href: format!("#art-{i}-p2&x=\"1\""),
            place: format!("¶{i}<"),
            expression: text(nasty("last Monday", i)),
            date: nasty("Mon 27 Oct 2014", i),
            date_iso: "2014-10-27".into(),
            explain: text(nasty("Monday →", i)),
            sentence_html: format!("<mark>sentence {i}</mark>"),
            note: [Some(i + 1), None, Some(0)][i % 3],
            ambiguity: maybe("the vote", i),
        }
    }

    fn entry(kind: &'static str, i: usize) -> EntryView<'static> {
        EntryView {
            anchor: text(format!("ev-{kind}-{i}\"")),
            date: nasty("27 Oct", i),
            date_iso: format!("2014-10-2{i}<"),
            precision: ["day", "month", "year"][i % 3],
            end: maybe("30 Oct", i),
            title: text(nasty("Title", i)),
            body_html: if i.is_multiple_of(2) { format!("<p>Body {i}</p>") } else { String::new() },
            kind,
            sources: (0..i % 4).map(link).collect(),
            outlets: vec!["A"],
            outlet_slugs: vec!["a"],
            explain: text(nasty("stated", i)),
            note: [Some(i + 3), None, Some(0)][i % 3],
            claims: (0..i % 3).map(|k| claim(i + k)).collect(),
            conflict: (i % 2 == 1).then(|| link(i)),
            bar: (i % 4 == 2).then(|| BarView {
                left: "10%".into(),
                width: "20%".into(),
                label: nasty("Bar", i),
                track: "2014".into(),
                open_end: i % 8 == 2,
            }),
            inferred: i.is_multiple_of(2),
        }
    }

    fn timeline(filled: bool) -> TimelineView<'static> {
        let entries = |day: usize| {
            let mut list = Vec::new();
            for (k, kind) in ["editor", "extracted", "publication"].into_iter().enumerate() {
                for i in 0..4 {
                    list.push(entry(kind, day + k + i));
                }
            }
            list
        };
        let day = |i: usize, entries: Vec<EntryView<'static>>| DayGroup {
            label: nasty("27 Oct", i),
            precision: "day",
            date_iso: "2014-10-27".into(),
            anchor: format!("d-{i}"),
            published: if i.is_multiple_of(2) { vec!["AP", "Tom's <Times>"] } else { Vec::new() },
            entries,
        };
        let month = |i: usize, days: Vec<DayGroup<'static>>| MonthGroup {
            label: nasty("October", i),
            precision: "month",
            anchor: format!("m-{i}\""),
            days,
            html: String::new(),
        };
        let years = if filled {
            vec![
                YearGroup {
                    label: "2014".into(),
                    anchor: "y-2014".into(),
                    months: vec![month(0, vec![day(0, entries(0)), day(1, Vec::new())]), month(1, Vec::new())],
                },
                YearGroup { label: "2015".into(), anchor: "y-2015".into(), months: Vec::new() },
                YearGroup {
                    label: "2016".into(),
                    anchor: "y-2016".into(),
                    months: vec![month(2, vec![day(2, entries(5))])],
                },
            ]
        } else {
            Vec::new()
        };
        let side = |i: usize| ConflictSide {
            date: nasty("Date", i),
            href: "#x".into(),
            outlets: vec!["AP", "Tom's <Times>"][..1 + i % 2].to_vec(),
            claims: (0..i % 3).map(|k| claim(i + k)).collect(),
        };
        let conflicts = if filled {
            (0..3)
                .map(|i| ConflictView {
                    anchor: format!("conflict-{i}\""),
                    href: "#c".into(),
                    title: nasty("Conflict", i),
                    status: ["conflict", "conflict or ambiguity", "<status>"][i],
                    ambiguous: i == 1,
                    sides: (0..i + 1).map(|k| side(i + k)).collect(),
                })
                .collect()
        } else {
            Vec::new()
        };
        TimelineView {
            years,
            conflicts,
            footnotes: if filled {
                (1..4).map(|n| Footnote { n, anchor: format!("tl-note-{n}"), text: nasty("Footnote", n) }).collect()
            } else {
                Vec::new()
            },
            unplaced: Vec::new(),
            editor_count: 1,
            extracted_count: 2,
            json_href: "timeline.json".into(),
        }
    }

    fn article(o: usize, i: usize, outlet: &str) -> PrintArticle {
        PrintArticle {
            section: format!("4.{o}.{i}<"),
            anchor: format!("art-{o}-{i}\""),
            title: nasty("Headline", i),
            outlet: outlet.to_string(),
            // The outlet itself, another agency, none, empty.
            wire: [Some(outlet.to_string()), Some(nasty("Wire", i)), None, Some(String::new())][i % 4].clone(),
            date: maybe("1 May 2024", i),
            byline: maybe("By", i + 1),
            url: [Some(format!("https://x.org/{i}?a=1&b=<2>")), None, Some(String::new()), Some("u".into())][i % 4]
                .clone(),
            endnote: (i % 4 == 3).then(|| EndnoteRef { n: i, href: format!("#src-{i}") }),
            paragraphs: (0..i % 3)
                .map(|k| PrintParagraph {
                    n: k + 1,
                    anchor: format!("art-{i}-p{}", k + 1),
                    html: format!("<a class=\"term\" href=\"#t\">{k}</a> &amp; text"),
                })
                .collect(),
            more_paragraphs: [0, 1, 5][i % 3],
            page: format!("articles/a{i}.html?<>"),
        }
    }

    fn outlet(o: usize, articles: usize) -> PrintOutlet {
        let name = nasty("Outlet", o);
        PrintOutlet {
            section: format!("4.{o}"),
            name: name.clone(),
            anchor: format!("outlet-{o}\""),
            wires: (0..o % 3).map(|w| nasty("Wire", w)).collect(),
            bylines: (0..(o + 1) % 3).map(|b| nasty("By", b)).collect(),
            articles: (0..articles).map(|i| article(o, i, &name)).collect(),
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

    fn speaker(i: usize) -> SpeakerView {
        let source = |k: usize| QuoteSource {
            outlet: nasty("Outlet", k),
            href: format!("#art-{k}-p1&\""),
            place: format!("¶{k}"),
            partial: k.is_multiple_of(2),
            diff_html: [None, Some(format!("<ins>{k}</ins> word")), Some(String::new())][k % 3].clone(),
        };
        SpeakerView {
            name: nasty("Speaker", i),
            anchor: format!("speaker-{i}\""),
            href: maybe("#term", i),
            anonymous: i % 2 == 1,
            quotes: (0..i % 3)
                .map(|q| QuoteView {
                    anchor: format!("q-{i}-{q}"),
                    href: "#q".into(),
                    speaker: nasty("Speaker", i),
                    speaker_href: None,
                    anonymous: false,
                    text: nasty("Quote", q),
                    partial: q % 2 == 1,
                    sources: (0..1 + q % 3).map(|k| source(i + q + k)).collect(),
                    outlets: vec![nasty("Outlet", q)],
                })
                .map(Into::into)
                .collect(),
            more_quotes: [0, 1, 7][i % 3],
        }
    }

    fn term(i: usize) -> TermView {
        let mention = |k: usize| MentionView {
            source: nasty("Source", k),
            href: format!("#note-{k}&\""),
            place: "note".into(),
            snippet_html: "<mark>snippet</mark>".into(),
            note_n: Some(k),
            section: maybe("2.1", k),
        };
        let group = |g: usize| MentionGroup {
            outlet: nasty("Outlet", g),
            outlet_href: "#o".into(),
            mentions: vec![mention(g)],
            more_mentions: g,
            articles: (0..g % 3)
                .map(|a| ArticleMentions {
                    title: nasty("Headline", a),
                    href: format!("#art-{a}&\""),
                    outlet_n: g + 1,
                    article_n: a + 1,
                    section: maybe("4.1.1", a + g),
                    page: format!("articles/a{a}.html?<>"),
                    paragraphs: (0..1 + (a + g) % 3)
                        .map(|p| ParagraphRef { n: p + 1, href: format!("#art-{a}-p{}\"", p + 1), count: p })
                        .collect(),
                })
                .collect(),
            count: g + 1,
            article_count: [1, 2, 0][g % 3],
        };
        let links = |n: usize| (0..n).map(link).collect::<Vec<_>>();
        TermView {
            headword: nasty("Term", i),
            anchor: format!("term-{i}\""),
            href: "#t".into(),
            abbr: maybe("ABBR", i),
            aliases: (0..i % 3).map(|a| nasty("Alias", a)).collect(),
            kind: "organisation",
            definition_html: format!("<p>Definition {i} &amp; more</p>"),
            see_also: links([0, 1, 0, 2][i % 4]),
            pointed_from: links([0, 0, 1, 3][i % 4]),
            mention_count: [0, 1, 2, 9][i % 4],
            outlet_count: [0, 1, 3][i % 3],
            first_outlet: maybe("First", i + 2),
            by_outlet: if i.is_multiple_of(3) { Vec::new() } else { (0..1 + i % 4).map(group).collect() },
            in_notes: (0..i % 3).map(|k| mention(i + k)).collect(),
            coverage_meter: "●○".into(),
            editor_mentions: i,
            article_count: i * 2,
            compact_index: i % 2 == 1,
        }
    }

    fn endnote(n: usize) -> Endnote {
        Endnote {
            n,
            anchor: format!("src-{n}\""),
            section: maybe("4.1.1", n),
            href: format!("#art-{n}&\""),
            page: format!("articles/a{n}.html?<>"),
            outlet: nasty("Outlet", n),
            title: nasty("Headline", n),
            date: maybe("1 May", n),
            url: format!("https://x.org/{n}?a=1&b=<2>\""),
        }
    }

    fn print_view(parts: &[PrintSection], article_text: &'static str, degraded: bool, printed: bool) -> PrintView {
        PrintView {
            parts: parts
                .iter()
                .enumerate()
                .map(|(i, &p)| PartView {
                    name: p.name(),
                    number: i + 1,
                    title: ["Summary", "Notes <&>", "Timeline"][i % 3],
                    anchor: format!("part-{}\"", p.name()),
                })
                .collect(),
            omitted: if degraded { vec!["quotes", "<glossary>"] } else { Vec::new() },
            article_text,
            article_text_configured: "full",
            degraded,
            max_full_articles: 400,
            articles: 1200,
            articles_printed: printed,
            timeline_left_out: if degraded { 17 } else { 0 },
        }
    }

    /// A pack with every part, filled (every branch of each item over its list) or empty.
    fn pack(parts: &[PrintSection], article_text: &'static str, degraded: bool, filled: bool) -> PrintPack<'static> {
        let n = |k: usize| if filled { k } else { 0 };
        let lines: Vec<LineView> = (0..n(4))
            .map(|i| LineView {
                outlets: (0..1 + i % 3).map(link).collect(),
                articles: Vec::new(),
                wires: (0..i % 3).map(|w| nasty("Wire", w)).collect(),
                shared_passages: i,
            })
            .collect();
        PrintPack {
            print: print_view(parts, article_text, degraded, parts.contains(&PrintSection::Outlets)),
            cover_html: Some(if filled { "<p>Cover &amp; summary</p>".into() } else { String::new() }),
            notes: (0..n(3)).map(note).collect(),
            timeline: Some(timeline(filled)),
            outlets: Some((0..n(4)).map(|o| outlet(o, [0, 1, 6, 2][o])).collect()),
            lines: if filled { lines } else { Vec::new() },
            term_matrix: Some(matrix(n(13), n(3))),
            endnotes: (1..1 + n(4)).map(endnote).collect(),
            speakers: Some((0..n(4)).map(speaker).collect()),
            term_groups: Some(
                (0..n(3))
                    .map(|g| TermGroup {
                        label: ["Organisations", "People <&>", "Places"][g],
                        terms: (0..[0, 1, 8][g]).map(|t| term(g * 8 + t)).collect(),
                    })
                    .collect(),
            ),
            inline_css: "body { font: 10pt serif; } a[href^=\"#\"] > b { content: '<&>'; }".into(),
        }
    }

    /// Every branch of `print.html`: each part, with its lists empty and filled (each item in
    /// every variant: present, absent and empty optional text, one and several of each list,
    /// `loop.last` separators, counts of 0, 1 and more); each `article_text` (full, lede,
    /// listed), degraded or not, parts left out, the articles not printed; matrices with no
    /// outlets, one table and several; a site with every field, none, or empty ones; escapes in
    /// every field.
    #[test]
    fn writes_what_tera_renders_in_every_branch() {
        let tera = tera();
        let all = PrintSection::ALL;
        for filled_site in [true, false] {
            let site = site_view(filled_site);
            for filled in [true, false] {
                for (article_text, degraded) in [("full", false), ("lede", true), ("lede", false), ("none", false)] {
                    let v = pack(&all, article_text, degraded, filled);
                    assert_eq!(render(&site, &v), by_tera(&tera, &site, &v), "{article_text} {filled}");
                }
            }
            // Some parts, in another order; the articles not printed.
            let parts = [PrintSection::Sources, PrintSection::Summary, PrintSection::Glossary];
            let v = pack(&parts, "full", true, true);
            assert_eq!(render(&site, &v), by_tera(&tera, &site, &v));
            // Matrices within one table, with rows and without.
            for (columns, rows) in [(6, 2), (1, 0), (7, 0)] {
                let mut v = pack(&all, "full", false, true);
                v.term_matrix = Some(matrix(columns, rows));
                assert_eq!(render(&site, &v), by_tera(&tera, &site, &v), "{columns} × {rows}");
            }
        }
    }

    /// The example dossier's pack, both ways, with each `article_text` and with parts left out.
    #[test]
    fn writes_what_tera_renders_for_the_example() {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(mut site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        assert!(is_builtin(&site), "the example uses the built-in template");
        let tera = tera();
        let sections = site.config.print.sections.clone();
        let spanned = |s| toml::Spanned::new(0..0, s);
        for (article_text, max, sections) in [
            (ArticleText::Full, 1000, sections.clone()),
            (ArticleText::Full, 2, sections.clone()),
            (ArticleText::Lede, 1000, sections.clone()),
            (ArticleText::None, 1000, sections),
            (ArticleText::Full, 1000, [PrintSection::Glossary, PrintSection::Outlets].map(spanned).to_vec()),
        ] {
            site.config.print.article_text = article_text;
            site.config.print.max_full_articles = max;
            site.config.print.sections = sections;
            let plan = PrintPlan::new(&site);
            let p = Page::for_print(&site, &plan);
            let site_view = p.site_view();
            // The Tera job's views (everything the theme may read) and the direct path's.
            let full = PrintPack::new(&p, &plan, Wants { term_context: true, line_articles: true });
            let lean = PrintPack::new(&p, &plan, Wants::BUILT_IN);
            let direct = render(&site_view, &lean);
            assert_eq!(direct, by_tera(&tera, &site_view, &full), "{article_text:?} {max}");
            assert!(direct.contains("class=\"part part-glossary\"") && direct.contains("print-outlet"));
        }
    }
}
