//! Rendering a [`Doc`] to HTML, the last step of the `markdown` stage.
//!
//! Input: a [`Doc`] and a [`LinkResolver`] that knows the rest of the site.
//! Output: an HTML fragment. The work is a few small passes that rewrite the
//! event stream, then pulldown-cmark's `push_html`:
//! - `[[xref]]` links become `<a class="xref…">` with the resolver's href, or
//!   `<span class="xref-broken">` when it has none;
//! - text runs with glossary marks are split around `<a>` elements;
//! - code blocks are highlighted ([`super::highlight`]);
//! - raw HTML becomes escaped text (blocks in `<pre class="raw-html">`), HTML
//!   comments are dropped: notes are written by the editor, but nothing in an
//!   input file may inject markup or script into the dossier;
//! - `javascript:`, `vbscript:` and `data:` link destinations become `#`
//!   (`data:image/…` stays allowed for images); heading `key=value`
//!   attributes are dropped (they could carry `onclick`).
//!
//! Invariant: every string that reaches the output is escaped, either by
//! `push_html` (text, hrefs) or by [`escape_html`] (the elements built here).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::{Doc, Walk, highlight};

/// What the renderer needs from the rest of the site.
pub trait LinkResolver {
    /// href (already relative for the page being rendered) and optional title
    /// for an xref target; `None` leaves the link text unlinked (the build
    /// already reported it as an error).
    fn xref(&self, target: &str) -> Option<ResolvedLink>;
    /// Marks to wrap inside a text event: byte ranges within that event's
    /// text, non-overlapping, sorted. Only asked for events listed by
    /// [`Doc::linkable_texts`]; ranges that are out of bounds, not on a char
    /// boundary, empty or overlapping an earlier mark are ignored.
    fn marks(&self, event: usize) -> Vec<Mark>;
    /// A reference printed in brackets after a resolved xref (the print pack's `§4.2.1 ¶3`).
    fn xref_after(&self, _target: &str) -> Option<String> {
        None
    }
}

/// Where a cross-reference points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedLink {
    /// Relative URL naming a file, e.g. `../articles/ap-2014-10-28.html#art-ap-2014-10-28-p4`.
    pub href: String,
    /// Tooltip, e.g. the article's headline.
    pub title: Option<String>,
    /// Extra class after `xref`, e.g. `xref-term`.
    pub class: Option<String>,
    /// Text to show for a link written without `|shown text` (e.g. "Reuters ¶5" for
    /// `[[reuters-2014-11-10#p5]]`); `None` shows the target as written.
    pub text: Option<String>,
}

/// A link to wrap around part of a text run (a glossary mention).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range within the text event's text.
    pub range: Range<usize>,
    /// Relative URL of the link.
    pub href: String,
    /// The term's short definition, written as `data-tip` for the theme's CSS-only popover
    /// (shown on hover and keyboard focus; a `title` would show twice and not on focus).
    pub title: Option<String>,
    /// Class of the `<a>`, e.g. `term`.
    pub class: String,
}

/// Renders `doc` to an HTML fragment, linking cross-references and marks
/// through `resolver`. Deterministic for a deterministic resolver.
pub fn to_html(doc: &Doc, resolver: &dyn LinkResolver) -> String {
    to_html_shifted(doc, resolver, 0)
}

/// Like [`to_html`], with every heading `shift` levels deeper (at most `h6`), for a document
/// shown under headings of the page (a note inside the print pack's numbered sections).
pub fn to_html_shifted(doc: &Doc, resolver: &dyn LinkResolver, shift: u8) -> String {
    let mut events = rewrite(doc, resolver);
    if shift > 0 {
        let deeper = |level: HeadingLevel| {
            let n = (level as usize + usize::from(shift)).min(6);
            HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
        };
        for event in &mut events {
            match event {
                Event::Start(Tag::Heading { level, .. }) => *level = deeper(*level),
                Event::End(TagEnd::Heading(level)) => *level = deeper(*level),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// The markup around a resolved xref's [`LinkResolver::xref_after`] reference (escaped
/// between them): ` <span class="xref-ref">(§4.2.1 ¶3)</span>`.
pub const REF_OPEN: &str = " <span class=\"xref-ref\">(";
pub const REF_CLOSE: &str = ")</span>";

/// How to close a link or image opened earlier.
enum Close {
    /// Leave `End` to `push_html`.
    Keep,
    /// Emit this HTML instead.
    Html(String),
}

/// The rewriting passes, in one walk over the events (each case is a helper).
fn rewrite<'a>(doc: &'a Doc, resolver: &dyn LinkResolver) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(doc.events.len());
    let mut closes: Vec<Close> = Vec::new();
    let mut walk = Walk::default();
    let mut i = 0;
    while i < doc.events.len() {
        let event = &doc.events[i];
        let linkable = walk.step(event).is_some();
        match event {
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. })
            | Event::Start(Tag::Image { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. }) => {
                let xref = doc.xrefs.binary_search_by_key(&i, |x| x.event).ok().and_then(|k| doc.xrefs.get(k));
                let resolved = match (xref, event) {
                    (Some(x), Event::Start(Tag::Link { .. })) => resolver.xref(&x.target),
                    _ => None,
                };
                let label = resolved.as_ref().and_then(|l| l.text.clone());
                let after = match (&resolved, xref) {
                    (Some(_), Some(x)) => resolver.xref_after(&x.target),
                    _ => None,
                };
                let close = match resolved {
                    Some(link) => {
                        out.push(Event::InlineHtml(xref_open(&link).into()));
                        let mut close = String::from("</a>");
                        if let Some(after) = &after {
                            close.push_str(REF_OPEN);
                            escape_html(&mut close, after);
                            close.push_str(REF_CLOSE);
                        }
                        close
                    }
                    None => {
                        out.push(Event::InlineHtml(r#"<span class="xref-broken">"#.into()));
                        "</span>".to_string()
                    }
                };
                if *has_pothole {
                    closes.push(Close::Html(close));
                } else {
                    // Show the normalised target rather than its raw source.
                    let shown =
                        label.unwrap_or_else(|| xref.map_or_else(|| dest_url.trim().to_string(), |x| x.target.clone()));
                    out.push(Event::Text(shown.into()));
                    out.push(Event::InlineHtml(close.into()));
                    i = skip_to_end(&doc.events, i, &mut walk);
                    continue;
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: safe_url(dest_url, false),
                    title: title.clone(),
                    id: id.clone(),
                }));
                closes.push(Close::Keep);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: safe_url(dest_url, true),
                    title: title.clone(),
                    id: id.clone(),
                }));
                closes.push(Close::Keep);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => match closes.pop() {
                Some(Close::Html(html)) => out.push(Event::InlineHtml(html.into())),
                Some(Close::Keep) | None => out.push(event.clone()),
            },
            Event::Start(Tag::Heading { level, id, classes, attrs: _ }) => out.push(Event::Start(Tag::Heading {
                level: *level,
                id: id.clone(),
                classes: classes.clone(),
                attrs: Vec::new(),
            })),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let code = text_until_end(&doc.events[i + 1..]);
                out.push(Event::Html(highlight::code_block(info, &code).into()));
                i = skip_to_end(&doc.events, i, &mut walk);
                continue;
            }
            Event::Start(Tag::HtmlBlock) => {
                let raw = html_until_end(&doc.events[i + 1..]);
                if !is_comment(&raw) {
                    let mut html = String::from("<pre class=\"raw-html\"><code>");
                    escape_html(&mut html, &raw);
                    html.push_str("</code></pre>\n");
                    out.push(Event::Html(html.into()));
                }
                i = skip_to_end(&doc.events, i, &mut walk);
                continue;
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if !is_comment(raw) {
                    out.push(Event::Text(raw.as_ref().into()));
                }
            }
            Event::Text(text) if linkable => {
                push_marked(&mut out, text, resolver.marks(i));
            }
            // A labelled checkbox (an unlabelled input fails accessibility checks).
            Event::TaskListMarker(done) => out.push(Event::InlineHtml(
                if *done {
                    r#"<input type="checkbox" disabled checked aria-label="done"> "#
                } else {
                    r#"<input type="checkbox" disabled aria-label="open"> "#
                }
                .into(),
            )),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out
}

/// Skips from the `Start` at `start` past its matching `End`, keeping `walk`
/// in step; returns the index after the `End`.
fn skip_to_end(events: &[Event<'_>], start: usize, walk: &mut Walk) -> usize {
    let mut depth = 0usize;
    let mut i = start + 1;
    while i < events.len() {
        walk.step(&events[i]);
        match events[i] {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return i + 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Text of a code block's events, up to its end.
fn text_until_end(events: &[Event<'_>]) -> String {
    let mut code = String::new();
    for event in events {
        match event {
            Event::Text(t) => code.push_str(t),
            Event::End(_) => break,
            _ => {}
        }
    }
    code
}

/// Raw HTML of an HTML block's events, up to its end.
fn html_until_end(events: &[Event<'_>]) -> String {
    let mut raw = String::new();
    for event in events {
        match event {
            Event::Html(t) | Event::Text(t) => raw.push_str(t),
            Event::End(_) => break,
            _ => {}
        }
    }
    raw
}

fn is_comment(raw: &str) -> bool {
    let raw = raw.trim();
    // One comment, not `<!-- a --> <b> <!-- c -->`.
    raw.len() >= 7
        && raw.starts_with("<!--")
        && raw.ends_with("-->")
        && raw.get(4..).and_then(|body| body.find("-->")) == Some(raw.len() - 7)
}

/// `<a href=… class="xref …" title=…>` for a resolved cross-reference.
fn xref_open(link: &ResolvedLink) -> String {
    let mut html = String::from("<a href=\"");
    escape_html(&mut html, &link.href);
    html.push_str("\" class=\"xref");
    if let Some(class) = link.class.as_deref().filter(|c| !c.is_empty()) {
        html.push(' ');
        escape_html(&mut html, class);
    }
    html.push('"');
    push_title(&mut html, link.title.as_deref());
    html.push('>');
    html
}

fn push_title(html: &mut String, title: Option<&str>) {
    if let Some(title) = title {
        html.push_str(" title=\"");
        escape_html(html, title);
        html.push('"');
    }
}

/// Pushes `text` as events, with each valid mark wrapped in an `<a>`.
fn push_marked<'a>(out: &mut Vec<Event<'a>>, text: &CowStr<'a>, mut marks: Vec<Mark>) {
    marks.sort_by_key(|m| (m.range.start, m.range.end));
    let mut at = 0;
    for mark in &marks {
        let Range { start, end } = mark.range;
        let valid = at <= start
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            continue;
        }
        if at < start {
            out.push(Event::Text(text[at..start].to_string().into()));
        }
        let mut open = String::from("<a class=\"");
        escape_html(&mut open, &mark.class);
        open.push_str("\" href=\"");
        escape_html(&mut open, &mark.href);
        open.push('"');
        if let Some(tip) = mark.title.as_deref() {
            open.push_str(" data-tip=\"");
            escape_html(&mut open, tip);
            open.push('"');
        }
        open.push('>');
        out.push(Event::InlineHtml(open.into()));
        out.push(Event::Text(text[start..end].to_string().into()));
        out.push(Event::InlineHtml("</a>".into()));
        at = end;
    }
    if at == 0 {
        out.push(Event::Text(text.clone()));
    } else if at < text.len() {
        out.push(Event::Text(text[at..].to_string().into()));
    }
}

/// Whether a Markdown link or image destination could run script.
fn is_unsafe_url(url: &str, image: bool) -> bool {
    // Browsers ignore ASCII whitespace and control characters in a scheme.
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .collect::<String>()
        .to_ascii_lowercase();
    let has_scheme = url.contains(':') && !scheme.is_empty();
    if !has_scheme {
        return false;
    }
    match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let lower = url.trim_start().to_ascii_lowercase();
            !(image && lower.starts_with("data:image/"))
        }
        _ => false,
    }
}

/// `url`, or `#` if it could run script.
fn safe_url<'a>(url: &CowStr<'a>, image: bool) -> CowStr<'a> {
    if is_unsafe_url(url, image) { "#".into() } else { url.clone() }
}

/// Appends `text` escaped for HTML text and double-quoted attribute values.
pub fn escape_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{Options, parse};
    use super::*;

    /// Resolves `ICC`, `term:ICC` and `evil`; marks come from a table.
    #[derive(Default)]
    struct Fake {
        marks: BTreeMap<usize, Vec<Mark>>,
    }

    impl LinkResolver for Fake {
        fn xref(&self, target: &str) -> Option<ResolvedLink> {
            match target {
                "ICC" | "term:ICC" => Some(ResolvedLink {
                    href: "glossary.html#term-icc".into(),
                    title: Some("International Criminal Court".into()),
                    class: Some("xref-term".into()),
                    text: None,
                }),
                "ap-2014-10-28#p4" => Some(ResolvedLink {
                    href: "articles/ap-2014-10-28.html#art-ap-2014-10-28-p4".into(),
                    title: None,
                    class: None,
                    text: None,
                }),
                "evil" => Some(ResolvedLink {
                    href: "a.html?x=\"><script>alert(1)</script>".into(),
                    title: Some("\"onmouseover=\"alert(1)".into()),
                    class: Some("x\" onclick=\"y".into()),
                    text: None,
                }),
                _ => None,
            }
        }
        fn marks(&self, event: usize) -> Vec<Mark> {
            self.marks.get(&event).cloned().unwrap_or_default()
        }
    }

    fn render(src: &str) -> String {
        to_html(&parse(src, "n-", &Options::default()), &Fake::default())
    }

    /// (markdown, substrings the HTML must contain, substrings it must not)
    const CASES: &[(&str, &[&str], &[&str])] = &[
        ("| a | b |\n|---|---|\n| 1 | 2 |", &["<table>", "<th>a</th>", "<td>2</td>"], &[]),
        ("- [x] done\n- [ ] todo", &["disabled checked aria-label=\"done\"", "aria-label=\"open\""], &[]),
        (
            "Claim[^1].\n\n[^1]: Source.",
            &[
                "<sup class=\"footnote-reference\"><a href=\"#n-fn-1\">1</a></sup>",
                "<div class=\"footnote-definition\" id=\"n-fn-1\">",
                "<p>Source.</p>",
            ],
            &[],
        ),
        ("~~gone~~", &["<del>gone</del>"], &[]),
        ("\"quoted\" it's -- ...", &["“quoted” it’s – …"], &["&quot;"]),
        (
            "## Open questions\n## Open questions",
            &["<h2 id=\"n-open-questions\">", "<h2 id=\"n-open-questions-2\">"],
            &[],
        ),
        ("# T {#x .c onclick=alert(1)}", &["<h1 id=\"n-x\" class=\"c\">"], &["onclick"]),
        (
            "See [[ICC]] and [[term:ICC|the *court*]].",
            &[
                "<a href=\"glossary.html#term-icc\" class=\"xref xref-term\" title=\"International Criminal Court\">ICC</a>",
                "class=\"xref xref-term\" title=\"International Criminal Court\">the <em>court</em></a>.",
            ],
            &[],
        ),
        (
            "[[ ap-2014-10-28#p4 ]]",
            &["<a href=\"articles/ap-2014-10-28.html#art-ap-2014-10-28-p4\" class=\"xref\">ap-2014-10-28#p4</a>"],
            &["title="],
        ),
        (
            "[[missing]] [[missing|shown *x*]]",
            &["<span class=\"xref-broken\">missing</span> <span class=\"xref-broken\">shown <em>x</em></span>"],
            &["<a"],
        ),
        ("[[ ]] ![[img]]", &["<span class=\"xref-broken\"></span> <span class=\"xref-broken\">img</span>"], &["<img"]),
        (
            "[[evil]]",
            &[
                "href=\"a.html?x=&quot;&gt;&lt;script&gt;",
                "title=\"&quot;onmouseover=&quot;alert(1)\"",
                "class=\"xref x&quot; onclick=&quot;y\"",
            ],
            &["<script", "\"><script"],
        ),
        (
            "<script>alert(1)</script>",
            &["<pre class=\"raw-html\"><code>&lt;script&gt;alert(1)&lt;/script&gt;"],
            &["<script"],
        ),
        (
            "a <script>alert(1)</script> <img src=x onerror=y>",
            &["a &lt;script&gt;alert(1)&lt;/script&gt; &lt;img"],
            &["<script", "<img"],
        ),
        ("a <!-- hidden --> b\n\n<!-- block\ncomment -->", &["<p>a  b</p>"], &["hidden", "comment"]),
        ("<!-- a --> <script>x</script> <!-- b -->", &["&lt;script&gt;"], &["<script"]),
        (
            "[x](javascript:alert(1)) [y]( JaVa\tScript:alert(1)) [z](data:text/html,x) ![i](data:image/png;base64,AA) [ok](a.html#b)",
            &["<a href=\"#\">x</a>", "<a href=\"#\">z</a>", "src=\"data:image/png;base64,AA\"", "href=\"a.html#b\""],
            &["javascript", "data:text"],
        ),
        (
            "```toml\n[site]\ntitle = \"x\"\n```",
            &["<pre class=\"code\" data-lang=\"toml\"><code><span class=\"hl-"],
            &["style="],
        ),
        (
            "```\n<b>[[ICC]]</b>\n```",
            &["<pre class=\"code\"><code>&lt;b&gt;[[ICC]]&lt;/b&gt;\n</code></pre>"],
            &["xref"],
        ),
        ("`[[ICC]]`", &["<code>[[ICC]]</code>"], &["xref"]),
        ("    indented <b>\n", &["<pre class=\"code\"><code>indented &lt;b&gt;\n</code></pre>"], &[]),
    ];

    #[test]
    fn renders() {
        for (src, wants, unwanted) in CASES {
            let html = render(src);
            for want in *wants {
                assert!(html.contains(want), "{src:?}: missing {want:?} in\n{html}");
            }
            for bad in *unwanted {
                assert!(!html.contains(bad), "{src:?}: unwanted {bad:?} in\n{html}");
            }
        }
    }

    #[test]
    fn smart_punctuation_can_be_off() {
        let doc = parse("\"q\"", "", &Options { smart_punctuation: false });
        assert_eq!(to_html(&doc, &Fake::default()), "<p>\"q\"</p>\n");
    }

    fn mark(range: Range<usize>) -> Mark {
        Mark { range, href: "glossary.html#term-icc".into(), title: Some("Court's <def>".into()), class: "term".into() }
    }

    /// (markdown of one paragraph, marks on its first linkable text, expected
    /// HTML with `{A}` for the mark's opening tag)
    #[allow(clippy::single_range_in_vec_init)]
    fn mark_cases() -> Vec<(&'static str, Vec<Range<usize>>, &'static str)> {
        vec![
            ("the ICC said", vec![4..7], "<p>the {A}ICC</a> said</p>\n"),
            ("ICC", vec![0..3], "<p>{A}ICC</a></p>\n"),
            ("ICC and ICC", vec![8..11, 0..3], "<p>{A}ICC</a> and {A}ICC</a></p>\n"),
            // "é" is two bytes: the mark after it starts at byte 7.
            ("Café « ICC »", vec![9..12], "<p>Café « {A}ICC</a> »</p>\n"),
            // Invalid marks: inside a multibyte char, out of bounds, empty, overlapping.
            ("Café ICC", vec![4..6, 6..100, 6..6, 6..9, 7..9], "<p>Café {A}ICC</a></p>\n"),
            ("é", vec![1..2], "<p>é</p>\n"),
            ("a < b & ICC", vec![8..11], "<p>a &lt; b &amp; {A}ICC</a></p>\n"),
        ]
    }

    #[test]
    fn marks_split_text() {
        const A: &str = "<a class=\"term\" href=\"glossary.html#term-icc\" data-tip=\"Court&#39;s &lt;def&gt;\">";
        for (src, ranges, want) in mark_cases() {
            let doc = parse(src, "", &Options::default());
            let Some(&(event, _, _)) = doc.linkable_texts().first() else {
                panic!("{src:?}: no linkable text");
            };
            let mut fake = Fake::default();
            fake.marks.insert(event, ranges.into_iter().map(mark).collect());
            assert_eq!(to_html(&doc, &fake), want.replace("{A}", A), "{src:?}");
        }
    }

    #[test]
    fn marks_only_asked_for_linkable_text() {
        let src = "# ICC\n\n[ICC](x) `ICC` [[ICC]] ICC";
        let doc = parse(src, "", &Options::default());
        let mut fake = Fake::default();
        for i in 0..doc.events.len() {
            fake.marks.insert(i, vec![mark(0..3)]);
        }
        let html = to_html(&doc, &fake);
        assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
    }

    /// Random soup of Markdown punctuation and multibyte text, with random
    /// marks: nothing may panic.
    #[test]
    fn no_panic_on_random_input() {
        const PIECES: &[&str] = &[
            "[[", "]]", "|", "[", "]", "![[", "`", "```", "\n", "\n\n", "> ", "- ", "# ", "[^1]", "[^1]: ", "<b>",
            "<!--", "-->", "é", "«", "ICC", " ", "*", "~~", "{#x}", ":", "#", "\\", "&amp;", "    ", "| a |", "|---|",
            "\"", "'", "--", "(", ")", "<script>",
        ];
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        for _ in 0..1500 {
            let len = next(30);
            let src: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            let doc = parse(&src, "p-", &Options::default());
            let mut fake = Fake::default();
            for (event, _, text) in doc.linkable_texts() {
                let a = next(text.len() + 3);
                let b = next(text.len() + 3);
                fake.marks.insert(event, vec![mark(a..b), mark(b..a)]);
            }
            for x in &doc.xrefs {
                assert!(src.get(x.span.clone()).is_some_and(|s| s.ends_with("]]")), "{src:?}");
            }
            for e in &doc.errors {
                assert!(src.get(e.span.clone()).is_some(), "{src:?}");
            }
            let html = to_html(&doc, &fake);
            assert!(!html.contains("<script"), "{src:?}: {html}");
            let _ = doc.plain_text();
        }
    }

    #[test]
    fn deterministic() {
        let src = "# A\n\nText [[ICC]] `x`\n\n```rust\nfn main() {}\n```\n";
        assert_eq!(render(src), render(src));
    }
}
