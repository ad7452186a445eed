//! `[[target]]` / `[[target|shown]]` cross-references: events → [`XrefUse`]s
//! and [`MdError`]s.
//!
//! pulldown-cmark 0.13's `ENABLE_WIKILINKS` does the parsing: it emits
//! `Start(Link { link_type: WikiLink { has_pothole }, dest_url, .. })` where
//! `dest_url` is the raw source text before the first `|` (or all of it), then
//! the link's content events, then `End(Link)`. All our target forms survive it
//! (`ap-2014-10-28#p4`, `term:ICC`, `outlet:Reuters`, spaces), and text in code
//! spans or blocks never becomes a link. What it does not do, and this module
//! does:
//! - normalise the target: `dest_url` is raw (no trimming, no backslash or
//!   entity processing; a target broken over lines keeps the newline), so it is
//!   trimmed, whitespace-collapsed and NFC-normalised;
//! - report malformed links: `[[]]` and `[[|shown]]` are not links to
//!   pulldown-cmark (they stay literal text) and `[[ ]]` is a link to " ";
//!   all three are an "empty target" error here. `![[x]]` (an Obsidian embed)
//!   parses as an image; it is an error too.
//!
//! Invariant: every `XrefUse::event` is the index of a `Start(Link)` of kind
//! `WikiLink`, and its `span` is the byte range of `[[` … `]]` in the source.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use super::{MdError, XrefUse, collapse_whitespace};

/// Finds every cross-reference in `events` and every malformed one.
pub(super) fn collect(src: &str, events: &[Event<'static>], spans: &[Range<usize>]) -> (Vec<XrefUse>, Vec<MdError>) {
    let mut xrefs = Vec::new();
    let mut errors = Vec::new();
    let mut verbatim = 0usize; // open code or HTML blocks
    for (i, event) in events.iter().enumerate() {
        let span = spans.get(i).cloned().unwrap_or(0..0);
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => verbatim += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                verbatim = verbatim.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. }) => {
                let target = normalize(dest_url);
                if target.is_empty() {
                    errors.push(empty_target(span));
                    continue;
                }
                let shown = if *has_pothole {
                    Some(normalize(&inner_text(&events[i + 1..]))).filter(|shown| !shown.is_empty())
                } else {
                    None
                };
                xrefs.push(XrefUse { target, shown, span, event: i });
            }
            Event::Start(Tag::Image { link_type: LinkType::WikiLink { .. }, .. }) => errors.push(MdError {
                span,
                message: "`![[…]]` embeds are not supported; write `[[target]]` for a \
                          cross-reference"
                    .to_string(),
            }),
            Event::Text(text) if verbatim == 0 => {
                let in_text = empty_links(text);
                if in_text.is_empty() {
                    continue;
                }
                // Locate them in the source: the run's source text usually holds
                // the same brackets in the same order; if not, blame the run.
                let in_src = src.get(span.clone()).map(empty_links).unwrap_or_default();
                for (k, _) in in_text.iter().enumerate() {
                    let at = match in_src.get(k) {
                        Some(r) if in_src.len() == in_text.len() => span.start + r.start..span.start + r.end,
                        _ => span.clone(),
                    };
                    errors.push(empty_target(at));
                }
            }
            _ => {}
        }
    }
    (xrefs, errors)
}

/// Trimmed, whitespace-collapsed, NFC.
fn normalize(raw: &str) -> String {
    collapse_whitespace(raw).nfc().collect()
}

/// Plain text of the events up to the `End(Link)` closing the current link.
fn inner_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for event in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn empty_target(span: Range<usize>) -> MdError {
    MdError { span, message: "empty cross-reference target; write `[[target]]` or `[[target|shown text]]`".to_string() }
}

/// Byte ranges of `[[]]`, `[[ ]]` and `[[|…]]` in `text`.
fn empty_links(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text.get(from..).and_then(|rest| rest.find("[[")) {
        let start = from + open;
        let after = start + 2;
        let rest = text.get(after..).unwrap_or("");
        let body = rest.trim_start();
        let body_at = after + (rest.len() - body.len());
        let end = if body.starts_with("]]") {
            Some(body_at + 2)
        } else if body.starts_with('|') {
            body.find("]]").filter(|close| !body[..*close].contains("[[")).map(|close| body_at + close + 2)
        } else {
            None
        };
        match end {
            Some(end) => {
                found.push(start..end);
                from = end;
            }
            None => from = after,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::{Options, parse};
    use super::*;

    /// (source, [(target, shown, source text of span)])
    #[allow(clippy::type_complexity)]
    const CASES: &[(&str, &[(&str, Option<&str>, &str)])] = &[
        ("See [[ap-2014-10-28]].", &[("ap-2014-10-28", None, "[[ap-2014-10-28]]")]),
        ("[[ap-2014-10-28#p4]]", &[("ap-2014-10-28#p4", None, "[[ap-2014-10-28#p4]]")]),
        (
            "[[term:ICC]] and [[outlet:Reuters]]",
            &[("term:ICC", None, "[[term:ICC]]"), ("outlet:Reuters", None, "[[outlet:Reuters]]")],
        ),
        (
            "[[note:assessment|the *assessment*]]",
            &[("note:assessment", Some("the assessment"), "[[note:assessment|the *assessment*]]")],
        ),
        (
            "[[ outlet: Reuters  News | Reuters ]]",
            &[("outlet: Reuters News", Some("Reuters"), "[[ outlet: Reuters  News | Reuters ]]")],
        ),
        ("[[ICC|]]", &[("ICC", None, "[[ICC|]]")]),
        ("[[a|b|c]]", &[("a", Some("b|c"), "[[a|b|c]]")]),
        (
            "Émile — « [[ICC]] » ünd [[Hague-based court]]",
            &[("ICC", None, "[[ICC]]"), ("Hague-based court", None, "[[Hague-based court]]")],
        ),
        ("> quote [[long\ntarget]] x", &[("long target", None, "[[long\ntarget]]")]),
        ("# Head [[ICC]]", &[("ICC", None, "[[ICC]]")]),
        ("| a |\n|---|\n| [[ICC]] |", &[("ICC", None, "[[ICC]]")]),
        ("A\u{65}\u{301} [[Cafe\u{301}]]", &[("Caf\u{e9}", None, "[[Cafe\u{301}]]")]),
        // Not cross-references:
        ("`[[x]]`", &[]),
        ("```\n[[x]]\n```", &[]),
        ("    [[x]]", &[]),
        ("<div>[[x]]</div>", &[]),
        ("\\[\\[x]]", &[]),
        ("[[x]", &[]),
    ];

    #[test]
    fn xrefs() {
        for (src, want) in CASES {
            let doc = parse(src, "", &Options::default());
            let got: Vec<(&str, Option<&str>, &str)> =
                doc.xrefs.iter().map(|x| (x.target.as_str(), x.shown.as_deref(), &src[x.span.clone()])).collect();
            assert_eq!(&got, want, "{src:?}");
            for x in &doc.xrefs {
                assert!(
                    matches!(doc.events[x.event], Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, .. })),
                    "{src:?}"
                );
            }
            assert!(doc.errors.is_empty(), "{src:?}: {:?}", doc.errors);
        }
    }

    /// (source, source text of each error span)
    const ERRORS: &[(&str, &[&str])] = &[
        ("a [[]] b", &["[[]]"]),
        ("a [[ ]] b", &["[[ ]]"]),
        ("é [[|shown]] b", &["[[|shown]]"]),
        ("[[ | shown]]", &["[[ | shown]]"]),
        ("x ![[img]]", &["![[img]]"]),
        ("“[[]]” and [[]]", &["[[]]", "[[]]"]),
        ("`[[]]`", &[]),
        ("```\n[[]]\n```", &[]),
    ];

    #[test]
    fn errors() {
        for (src, want) in ERRORS {
            let doc = parse(src, "", &Options::default());
            let got: Vec<&str> = doc.errors.iter().map(|e| &src[e.span.clone()]).collect();
            assert_eq!(&got, want, "{src:?}");
            assert!(doc.xrefs.is_empty(), "{src:?}");
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn empty_link_scanner() {
        let cases: &[(&str, &[Range<usize>])] = &[
            ("[[]]", &[0..4]),
            ("[[[[]]", &[2..6]),
            ("[[|a [[b]]", &[]),
            ("[[x]] [[ ]]", &[6..11]),
            ("[[", &[]),
            ("é[[|]]", &[2..7]),
        ];
        for (text, want) in cases {
            assert_eq!(&empty_links(text), want, "{text:?}");
        }
    }
}
