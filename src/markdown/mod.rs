//! Stage `markdown`: editor-written Markdown (notes, glossary definitions,
//! timeline bodies) → a [`Doc`] of pulldown-cmark events, rendered to HTML
//! only at the very end by [`to_html`].
//!
//! Pipeline position: `content` → **`markdown`** → `glossary` → … → `render`.
//! [`parse`] keeps the document structured (STYLE.md: "Keep Markdown structured
//! until render"): later stages read its `[[cross-references]]`
//! ([`Doc::xrefs`]), the text runs a glossary may link
//! ([`Doc::linkable_texts`]) and its headings, and hand their decisions back
//! through a [`LinkResolver`] when [`to_html`] runs. Nothing here reads files.
//!
//! Invariants:
//! - Event indices are stable: `Doc::events` is final after [`parse`], and every
//!   index handed out (`XrefUse::event`, `linkable_texts`, `LinkResolver::marks`)
//!   refers to it.
//! - Spans are byte ranges into the `src` given to [`parse`].
//! - Adjacent text is merged into one `Text` event, soft line breaks included
//!   (as `"\n"`), so a term broken over two lines is still one run.
//! - Heading ids and footnote ids carry the document's `id_prefix`, so they are
//!   unique across the site and the print pack can concatenate pages.
//! - Output is safe whatever the input: raw HTML in Markdown is shown as
//!   escaped text (HTML comments are dropped), `javascript:`-like link
//!   destinations are neutralised, heading `key=value` attributes are dropped.
//! - No panics on any input, no hash order in output: same input, same bytes.

mod documents;
mod highlight;
mod html;
mod xref;

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options as CmarkOptions, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

pub use self::documents::{DocRef, Documents, SourcedDoc, build, parse_cover, parse_note, report_errors};
pub use self::highlight::highlight_css;
pub use self::html::{LinkResolver, Mark, REF_CLOSE, REF_OPEN, ResolvedLink, escape_html, to_html, to_html_shifted};

/// Markdown settings from `[markdown]` in `config.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Curly quotes, en/em dashes and ellipses ("smart punctuation"). Default on.
    pub smart_punctuation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { smart_punctuation: true }
    }
}

/// A parsed Markdown document, kept as pulldown-cmark events until render.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The document's events, final: heading ids and footnote labels already
    /// prefixed, adjacent text merged.
    pub events: Vec<Event<'static>>,
    /// Byte range in the source of each event (same length as `events`).
    pub spans: Vec<Range<usize>>,
    /// Every well-formed `[[...]]` link, in document order.
    pub xrefs: Vec<XrefUse>,
    /// Every heading, in document order, for tables of contents.
    pub headings: Vec<Heading>,
    /// Problems in the source, e.g. a `[[ ]]` with an empty target.
    pub errors: Vec<MdError>,
}

/// One `[[target]]` or `[[target|shown]]` cross-reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XrefUse {
    /// Text before `|`, whitespace trimmed and collapsed, NFC.
    pub target: String,
    /// Plain text after `|` (trimmed, NFC), if any and not empty.
    pub shown: Option<String>,
    /// Byte range of the whole `[[...]]` in the source.
    pub span: Range<usize>,
    /// Index in [`Doc::events`] of its `Start(Link)`.
    pub event: usize,
}

/// A heading, with the id it is rendered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Full anchor id, `id_prefix` included, unique within the document.
    pub id: String,
    /// Plain text of the heading (NFC).
    pub text: String,
}

/// A problem in the Markdown source, to be reported with file:line:col.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdError {
    /// Byte range in the source.
    pub span: Range<usize>,
    /// What is wrong, and how to fix it.
    pub message: String,
}

/// Parses Markdown into a [`Doc`].
///
/// Extensions: tables, footnotes (GitHub syntax), strikethrough, task lists,
/// heading attributes, `[[wikilinks]]`, and smart punctuation if enabled.
/// `id_prefix` makes heading ids unique across a whole site, e.g.
/// `"note-assessment-"` gives `"note-assessment-open-questions"`; footnotes
/// get `"{id_prefix}fn-{label}"`.
pub fn parse(src: &str, id_prefix: &str, opts: &Options) -> Doc {
    let (mut events, spans) = collect_events(src, opts);
    let headings = assign_heading_ids(&mut events, id_prefix);
    prefix_footnotes(&mut events, id_prefix);
    let (xrefs, errors) = xref::collect(src, &events, &spans);
    Doc { events, spans, xrefs, headings, errors }
}

/// Runs pulldown-cmark and merges adjacent text (and soft breaks) into one
/// `Text` event whose span covers them all.
fn collect_events(src: &str, opts: &Options) -> (Vec<Event<'static>>, Vec<Range<usize>>) {
    let mut flags = CmarkOptions::ENABLE_TABLES
        | CmarkOptions::ENABLE_FOOTNOTES
        | CmarkOptions::ENABLE_STRIKETHROUGH
        | CmarkOptions::ENABLE_TASKLISTS
        | CmarkOptions::ENABLE_HEADING_ATTRIBUTES
        | CmarkOptions::ENABLE_WIKILINKS;
    if opts.smart_punctuation {
        flags |= CmarkOptions::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<Event<'static>> = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (event, span) in Parser::new_ext(src, flags).into_offset_iter() {
        let event = match event {
            Event::SoftBreak => Event::Text(CowStr::Borrowed("\n")),
            other => other.into_static(),
        };
        if let (Event::Text(next), Some(Event::Text(prev)), Some(prev_span)) =
            (&event, events.last_mut(), spans.last_mut())
        {
            let mut merged = String::with_capacity(prev.len() + next.len());
            merged.push_str(prev);
            merged.push_str(next);
            *prev = CowStr::from(merged);
            prev_span.end = prev_span.end.max(span.end);
            continue;
        }
        events.push(event);
        spans.push(span);
    }
    (events, spans)
}

/// Gives every heading an id (`id_prefix` + slug of its text, or + its explicit
/// `{#id}`), deduplicated within the document with `-2`, `-3`…
fn assign_heading_ids(events: &mut [Event<'static>], id_prefix: &str) -> Vec<Heading> {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let level = *level as u8;
        let explicit = id.as_ref().map(|id| id.trim().to_string());
        let mut text = String::new();
        let mut end = i + 1;
        while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[end] {
                text.push_str(t);
            }
            end += 1;
        }
        let text: String = collapse_whitespace(&text).nfc().collect();
        let base = match explicit.filter(|id| !id.is_empty()) {
            Some(id) => format!("{id_prefix}{id}"),
            None => format!("{id_prefix}{}", slug(&text, "section")),
        };
        let id = unique_id(&mut used, base);
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading { level, id, text });
        i = end;
    }
    headings
}

/// `base`, or `base-2`, `base-3`… if already used.
fn unique_id(used: &mut BTreeMap<String, usize>, base: String) -> String {
    let mut id = base.clone();
    let mut n = used.get(&base).copied().unwrap_or(0);
    while used.contains_key(&id) {
        n += 1;
        id = format!("{base}-{}", n + 1);
    }
    used.insert(base, n);
    used.entry(id.clone()).or_insert(0);
    id
}

/// Lowercase, every run of non-alphanumerics becomes one `-`, no `-` at the
/// ends; `fallback` if nothing is left.
fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() { fallback.to_string() } else { out }
}

/// Trims and turns every run of whitespace into one space.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renames footnote labels to `{id_prefix}fn-{slug}` (distinct labels stay
/// distinct), so footnote anchors are unique across the site.
fn prefix_footnotes(events: &mut [Event<'static>], id_prefix: &str) {
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for event in events.iter_mut() {
        let label = match event {
            Event::FootnoteReference(label) | Event::Start(Tag::FootnoteDefinition(label)) => label,
            _ => continue,
        };
        let new = match renamed.get(label.as_ref()) {
            Some(new) => new.clone(),
            None => {
                let new = unique_id(&mut used, format!("{id_prefix}fn-{}", slug(label, "note")));
                renamed.insert(label.to_string(), new.clone());
                new
            }
        };
        *label = CowStr::from(new);
    }
}

/// Where an event sits, for [`Doc::linkable_texts`] and the renderer.
#[derive(Debug, Default)]
struct Walk {
    /// How many tags are open.
    depth: usize,
    /// Number of the current top-level block (1-based; 0 before the first).
    block: usize,
    /// Inside a heading, link, image, code block, HTML block or metadata:
    /// how many such tags are open.
    excluded: usize,
    /// Inside a top-level list, whose items count as blocks of their own.
    top_list: bool,
}

impl Walk {
    /// Updates the position for `event`; returns the block number if `event`
    /// is a text run a glossary may link.
    fn step(&mut self, event: &Event<'_>) -> Option<usize> {
        match event {
            Event::Start(tag) => {
                if self.depth == 0 {
                    if matches!(tag, Tag::List(_)) {
                        self.top_list = true;
                    } else {
                        self.block += 1;
                    }
                } else if self.depth == 1 && self.top_list && matches!(tag, Tag::Item) {
                    self.block += 1;
                }
                if excludes_text(tag) {
                    self.excluded += 1;
                }
                self.depth += 1;
                None
            }
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                if excludes_text_end(end) {
                    self.excluded = self.excluded.saturating_sub(1);
                }
                if self.depth == 0 {
                    self.top_list = false;
                }
                None
            }
            Event::Rule if self.depth == 0 => {
                self.block += 1;
                None
            }
            Event::Text(_) if self.excluded == 0 => Some(self.block.max(1)),
            _ => None,
        }
    }
}

fn excludes_text(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

fn excludes_text_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Heading(_)
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

impl Doc {
    /// Text runs a glossary may link: (event index, block number, text).
    ///
    /// The block number is 1-based: the n-th top-level block the text sits in
    /// (paragraph, heading, table, quote, code block, rule, footnote
    /// definition…), except that each item of a top-level list counts as a
    /// block of its own. Excludes text inside headings, code (inline or
    /// block), links (cross-references included), images, and raw HTML.
    pub fn linkable_texts(&self) -> Vec<(usize, usize, &str)> {
        let mut walk = Walk::default();
        let mut out = Vec::new();
        for (i, event) in self.events.iter().enumerate() {
            if let (Some(block), Event::Text(text)) = (walk.step(event), event) {
                out.push((i, block, text.as_ref()));
            }
        }
        out
    }

    /// The text of event `event` when it is a text run (for a mention's event, the text
    /// [`Doc::linkable_texts`] gave for it), without listing every text of the document.
    pub fn text_at(&self, event: usize) -> Option<&str> {
        match self.events.get(event) {
            Some(Event::Text(text)) => Some(text.as_ref()),
            _ => None,
        }
    }

    /// The document as plain text, for search and summaries: no markup, no raw
    /// HTML, blocks separated by a blank line, whitespace collapsed in blocks.
    pub fn plain_text(&self) -> String {
        let mut blocks: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut html_depth = 0usize;
        for event in &self.events {
            match event {
                Event::Start(Tag::HtmlBlock) => html_depth += 1,
                Event::End(TagEnd::HtmlBlock) => html_depth = html_depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) if html_depth == 0 => current.push_str(t),
                Event::HardBreak | Event::SoftBreak => current.push(' '),
                Event::End(TagEnd::TableCell) => current.push(' '),
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::Item
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::FootnoteDefinition,
                )
                | Event::Rule => {
                    let block = collapse_whitespace(&current);
                    if !block.is_empty() {
                        blocks.push(block);
                    }
                    current.clear();
                }
                _ => {}
            }
        }
        let block = collapse_whitespace(&current);
        if !block.is_empty() {
            blocks.push(block);
        }
        blocks.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Doc {
        parse(src, "n-", &Options::default())
    }

    #[test]
    fn heading_ids() {
        // (source, expected ids)
        let cases: &[(&str, &[&str])] = &[
            ("# Open questions", &["n-open-questions"]),
            ("# A\n# A\n# A", &["n-a", "n-a-2", "n-a-3"]),
            ("# A\n# A-2\n# A", &["n-a", "n-a-2", "n-a-3"]),
            ("# Mr. Kim's *visit* — `code`!", &["n-mr-kim-s-visit-code"]),
            ("# Custom {#my-id}", &["n-my-id"]),
            ("# Intro\n# Other {#intro}", &["n-intro", "n-intro-2"]),
            ("# !!!", &["n-section"]),
            ("# Émile Zola", &["n-émile-zola"]),
            ("# See [[term:ICC]]", &["n-see-term-icc"]),
        ];
        for (src, want) in cases {
            let ids: Vec<_> = doc(src).headings.into_iter().map(|h| h.id).collect();
            assert_eq!(&ids, want, "{src:?}");
        }
    }

    #[test]
    fn heading_text_and_level() {
        let d = doc("## The “ICC” *route*\n");
        assert_eq!(
            d.headings,
            vec![Heading { level: 2, id: "n-the-icc-route".into(), text: "The “ICC” route".into() }]
        );
    }

    #[test]
    fn linkable_texts_exclude_headings_links_code() {
        let src = "# Heading ICC\n\nPara ICC `ICC` [ICC](x) [[ICC]] ![ICC](i.png) <b>ICC</b>\n\n```\nICC\n```\n\n- one ICC\n- two ICC\n\n> quote ICC\n";
        let d = doc(src);
        let got: Vec<(usize, &str)> = d.linkable_texts().into_iter().map(|(_, b, t)| (b, t)).collect();
        assert_eq!(
            got,
            vec![
                (2, "Para ICC "),
                (2, " "),
                (2, " "),
                (2, " "),
                (2, " "),
                (2, "ICC"),
                (4, "one ICC"),
                (5, "two ICC"),
                (6, "quote ICC"),
            ]
        );
    }

    #[test]
    fn soft_breaks_merge_into_one_run() {
        let d = doc("International Criminal\nCourt said");
        let texts: Vec<_> = d.linkable_texts().into_iter().map(|(_, _, t)| t).collect();
        assert_eq!(texts, vec!["International Criminal\nCourt said"]);
        assert_eq!(d.events.len(), d.spans.len());
    }

    #[test]
    fn plain_text() {
        let d = doc("# Title\n\nSome *em* and `code`.\n\n<script>x</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(d.plain_text(), "Title\n\nSome em and code.\n\na b\n\n1 2");
    }

    #[test]
    fn footnote_labels_prefixed() {
        let d = doc("A[^1] B[^x y].\n\n[^1]: One.\n[^x y]: Two.\n");
        let labels: Vec<String> = d
            .events
            .iter()
            .filter_map(|e| match e {
                Event::FootnoteReference(l) | Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(labels, vec!["n-fn-1", "n-fn-x-y", "n-fn-1", "n-fn-x-y"]);
    }

    #[test]
    fn slugs() {
        let cases = [("Open questions", "open-questions"), ("  --a--b--  ", "a-b"), ("", "x"), ("ÄB", "äb")];
        for (input, want) in cases {
            assert_eq!(slug(input, "x"), want, "{input:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "",
            "[[",
            "]]",
            "[[]]",
            "[[|]]",
            "![[x]]",
            "[[a|b|c]]",
            "[^",
            "[^]: x",
            "# {#}",
            "```\n",
            "``` \u{0}\n",
            "[[\u{301}]]",
            "> [[a\n> b]]",
            "* [[x\n  y]]",
            "<!-- [[x]] -->",
            "[[x]]]]",
            "[[[[x]]",
        ];
        for src in inputs {
            let d = doc(src);
            for (event, _, text) in d.linkable_texts() {
                assert_eq!(d.text_at(event), Some(text), "{src:?}");
            }
            let _ = d.plain_text();
        }
    }
}
