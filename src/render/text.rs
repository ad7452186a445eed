//! Small HTML pieces built in Rust: escaped text with glossary links, and context snippets.
//!
//! Everything that comes from an input file passes through [`escape`] here or through the
//! templates' autoescaping; nothing is inserted raw.

use std::ops::Range;

use crate::markdown::Mark;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appended to `out`: the five characters `& < > " '` as Tera's autoescaping
/// writes them (both use pulldown-cmark-escape, SIMD where the CPU has SSSE3).
pub fn escape_into(out: &mut String, text: &str) {
    // Writing into a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

/// The inside of a JSON string, as `serde_json` escapes it (`"` and `\` by a backslash, the
/// control characters `\b \t \n \f \r` by name and the others as `\u00xx`), appended to
/// `out`; and `<` as `\u003c` where `lt` (for JSON inside a script). Runs of other
/// characters are copied whole.
pub fn json_escape_into(out: &mut String, s: &str, lt: bool) {
    escape_bytes_into(
        out,
        s,
        |word| word_needs_json_escape(word, lt),
        |b| match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'<' if lt => Some("\\u003c"),
            _ => json_control_escape(b),
        },
    );
}

/// How JSON writes the ASCII control character `b` (by name, or `""` for `\u00xx`); `None`
/// for any other byte.
fn json_control_escape(b: u8) -> Option<&'static str> {
    match b {
        b'\x08' => Some("\\b"),
        b'\t' => Some("\\t"),
        b'\n' => Some("\\n"),
        b'\x0C' => Some("\\f"),
        b'\r' => Some("\\r"),
        0..=0x1F => Some(""),
        _ => None,
    }
}

/// Appends `s` to `out` with each ASCII byte `escape` names replaced (`""` meaning `\u00xx`),
/// runs of other bytes copied whole, and eight bytes at a time skipped while `needs` says
/// none of them is to be escaped (`timeline.json` and the search index, 80 MB at 10,000
/// articles, are nearly all such runs). `needs` must be exact: never false where one is.
#[inline(always)]
fn escape_bytes_into(
    out: &mut String,
    s: &str,
    needs: impl Fn(u64) -> bool,
    escape: impl Fn(u8) -> Option<&'static str>,
) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !needs(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let b = bytes[i];
        let Some(escaped) = escape(b) else {
            i += 1;
            continue;
        };
        // An ASCII byte: a character boundary on either side.
        out.push_str(s.get(start..i).unwrap_or_default());
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        i += 1;
        start = i;
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

/// Whether any of the eight bytes of `word` is one [`json_escape_into`] escapes: a control
/// character, `"`, `\`, or `<` where `lt` (exact: never false where one is).
fn word_needs_json_escape(word: u64, lt: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `0x20`, and a zero byte of `word ^ c` (a byte equal to c): the classic
    // bit tricks, exact as a whole-word test.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let equal = |c: u8| {
        let x = word ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    let lt_found = if lt { equal(b'<') } else { 0 };
    (below_space | equal(b'"') | equal(b'\\') | lt_found) != 0
}

/// [`escape_into`] and then [`json_escape_into`] (without `lt`) in one pass: `text` escaped
/// for HTML, as the inside of a JSON string, appended to `out` (`timeline.json`'s HTML text,
/// 65 MB at 10,000 articles, without an escaped copy to escape again). The HTML escapes hold
/// nothing JSON escapes, and the characters HTML escapes include `"`, so each byte is escaped
/// by at most one of the two.
pub fn html_json_escape_into(out: &mut String, text: &str) {
    escape_bytes_into(out, text, word_needs_html_json_escape, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        b'\\' => Some("\\\\"),
        _ => json_control_escape(b),
    });
}

/// Whether any of the eight bytes of `word` is one [`html_json_escape_into`] escapes: a
/// control character or one of `& ' < > " \` (exact: never false where one is). `&` and `'`
/// differ in the lowest bit only, `<` and `>` in the next one, so each pair is one test.
fn word_needs_html_json_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    // A zero byte of `x`: exact as a whole-word test.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let amp_or_apos = zero((word | ONES) ^ (ONES * u64::from(b'\'')));
    let lt_or_gt = zero((word | (ONES * 2)) ^ (ONES * u64::from(b'>')));
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    (below_space | amp_or_apos | lt_or_gt | quote | backslash) != 0
}

/// Text with some ranges wrapped in links. Marks must be sorted and non-overlapping; any mark
/// that is not (or does not fall on character boundaries) is skipped.
pub fn marked(text: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(marked_len(text, marks));
    let mut pos = 0;
    for m in marks {
        let Range { start, end } = m.range;
        if start < pos
            || end > text.len()
            || start >= end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        escape_into(&mut out, &text[pos..start]);
        out.push_str("<a class=\"");
        escape_into(&mut out, &m.class);
        out.push_str("\" href=\"");
        escape_into(&mut out, &m.href);
        out.push('"');
        if let Some(tip) = &m.title {
            out.push_str(" data-tip=\"");
            escape_into(&mut out, tip);
            out.push('"');
        }
        out.push('>');
        escape_into(&mut out, &text[start..end]);
        out.push_str("</a>");
        pos = end;
    }
    escape_into(&mut out, &text[pos..]);
    out
}

/// A little more than [`marked`]'s length: the text and each link's attributes, with room
/// for escapes (a paragraph's links carry their term's definition as a tip, 200 bytes or
/// more: a guess per link made the string grow, copying it, on most paragraphs).
fn marked_len(text: &str, marks: &[Mark]) -> usize {
    escaped_len(text) + marks.iter().map(link_len).sum::<usize>()
}

/// A little more than `s` escaped (room for one escape in eight bytes).
fn escaped_len(s: &str) -> usize {
    s.len() + s.len() / 8
}

/// A little more than the markup [`marked`] writes around a link's text.
fn link_len(m: &Mark) -> usize {
    escaped_len(&m.class) + escaped_len(&m.href) + m.title.as_deref().map_or(0, escaped_len) + 48
}

/// Like [`marked`], with some ranges (sorted, non-overlapping) also wrapped in
/// `<mark class="{class}">`. A link that would cross a span's edge is dropped.
pub fn marked_spans(text: &str, marks: &[Mark], spans: &[Range<usize>], class: &str) -> String {
    let ok = |r: &Range<usize>| {
        r.start < r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
    };
    let spans: Vec<&Range<usize>> = spans.iter().filter(|r| ok(r)).collect();
    let crosses = |m: &Range<usize>| {
        spans.iter().any(|s| (m.start < s.start && s.start < m.end) || (m.start < s.end && s.end < m.end))
    };
    let marks: Vec<&Mark> = marks.iter().filter(|m| ok(&m.range) && !crosses(&m.range)).collect();
    let mut out =
        String::with_capacity(escaped_len(text) + marks.iter().map(|m| link_len(m)).sum::<usize>() + spans.len() * 40);
    // Cut points: span edges and link edges; render the pieces in between.
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|s| [s.start, s.end]));
    cuts.extend(marks.iter().flat_map(|m| [m.range.start, m.range.end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut open_link: Option<usize> = None;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if open_link.is_none() && spans.iter().any(|s| s.start == a) {
            out.push_str("<mark class=\"");
            escape_into(&mut out, class);
            out.push_str("\">");
        }
        let link = marks.iter().find(|m| m.range.start == a);
        if let Some(m) = link.filter(|_| open_link.is_none()) {
            out.push_str("<a class=\"");
            escape_into(&mut out, &m.class);
            out.push_str("\" href=\"");
            escape_into(&mut out, &m.href);
            out.push('"');
            if let Some(title) = &m.title {
                out.push_str(" title=\"");
                escape_into(&mut out, title);
                out.push('"');
            }
            out.push('>');
            open_link = Some(m.range.end);
        }
        escape_into(&mut out, &text[a..b]);
        if open_link == Some(b) {
            out.push_str("</a>");
            open_link = None;
        }
        if open_link.is_none() && spans.iter().any(|s| s.end == b) {
            out.push_str("</mark>");
        }
    }
    out
}

/// The sentence around `range` in `text`, as HTML with the match in `<mark>`, cut to about
/// `max` characters around the match.
pub fn snippet(text: &str, range: Range<usize>, max: usize) -> String {
    // The sentence holding the match (UAX #29, by the fast splitter: same pieces).
    snippet_of(text, range, max, |at| crate::sentences::bounds(text).into_iter().find(|b| b.contains(&at)))
}

/// [`snippet`] in a text whose sentence pieces are split already (a paragraph's
/// `sentences`, made from `text`): the same HTML, without splitting the text again.
pub fn snippet_in(text: &str, pieces: &crate::sentences::Pieces, range: Range<usize>, max: usize) -> String {
    snippet_of(text, range, max, |at| pieces.piece_at(text, at))
}

/// [`snippet`], the sentence holding a byte found by `sentence_at`.
fn snippet_of(
    text: &str,
    range: Range<usize>,
    max: usize,
    sentence_at: impl FnOnce(usize) -> Option<Range<usize>>,
) -> String {
    if range.end > text.len() || !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
        return escape(text.chars().take(max).collect::<String>().as_str());
    }
    let (mut s, mut e) = (0, text.len());
    if let Some(sentence) = sentence_at(range.start) {
        s = sentence.start;
        e = sentence.end.max(range.end);
    }
    // Trim to `max` characters, keeping the match in view.
    let before: Vec<(usize, char)> = text[s..range.start].char_indices().collect();
    let keep_before = max / 2;
    let mut lead = "";
    if before.len() > keep_before {
        s += before[before.len() - keep_before].0;
        lead = "…";
    }
    let after: Vec<(usize, char)> = text[range.end..e].char_indices().collect();
    let keep_after = max.saturating_sub(keep_before);
    let mut tail = "";
    if after.len() > keep_after {
        e = range.end + after[keep_after].0;
        tail = "…";
    }
    let mut out = String::with_capacity(e - s + 32);
    out.push_str(lead);
    escape_into(&mut out, text[s..range.start].trim_start());
    out.push_str("<mark>");
    escape_into(&mut out, &text[range.start..range.end]);
    out.push_str("</mark>");
    escape_into(&mut out, text[range.end..e].trim_end());
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`json_escape_into`] as first written: byte by byte.
    fn json_escape_reference(out: &mut String, s: &str, lt: bool) {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'<' if lt => "\\u003c",
                b'\x08' => "\\b",
                b'\t' => "\\t",
                b'\n' => "\\n",
                b'\x0C' => "\\f",
                b'\r' => "\\r",
                0..=0x1F => "",
                _ => continue,
            };
            out.push_str(s.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            } else {
                out.push_str(escape);
            }
            start = i + 1;
        }
        out.push_str(s.get(start..).unwrap_or_default());
    }

    /// 3,000 random texts of up to 40 pieces: every ASCII character and `extra`, each
    /// second text mostly plain letters (so that whole clean eight-byte words occur too).
    fn random_texts(extra: &[&str], seed: u64) -> Vec<String> {
        let pieces: Vec<String> =
            ('\0'..='\u{7F}').map(|c| c.to_string()).chain(extra.iter().map(|s| s.to_string())).collect();
        let mut next = crate::test_rng::below(seed);
        (0..3000)
            .map(|k| {
                let len = next(40);
                (0..len)
                    .map(|_| if k % 2 == 0 && next(4) > 0 { "x" } else { pieces[next(pieces.len())].as_str() })
                    .collect()
            })
            .collect()
    }

    /// The word-at-a-time escaping writes what the byte-by-byte one did: random strings of
    /// every ASCII character, bytes next to the special ones (`!`, `#`, `;`, `=`, `[`, `]`,
    /// `0x7F`), and non-ASCII characters, of every length around the eight-byte words, with
    /// and without `lt`; and each special character at each place of a long plain run.
    #[test]
    fn json_escaping_by_words_is_byte_by_byte_escaping() {
        let mut texts =
            random_texts(&["é", "日", "😀", "\u{80}", "\u{2028}", "\u{FF}", "ab", "plain text"], 0x9e37_79b9_7f4a_7c15);
        for c in ['"', '\\', '<', '\0', '\u{1F}', '\n', '\u{7F}', '!', '#', '=', ']', ' '] {
            for at in 0..20 {
                let mut t: String = "a".repeat(20);
                t.insert(at, c);
                texts.push(t);
            }
        }
        for text in &texts {
            for lt in [false, true] {
                let (mut got, mut want) = ("[".to_string(), "[".to_string());
                json_escape_into(&mut got, text, lt);
                json_escape_reference(&mut want, text, lt);
                assert_eq!(got, want, "{text:?} lt={lt}");
            }
        }
    }

    /// The one-pass HTML-then-JSON escape is the two escapes one after the other: every
    /// ASCII character alone, at each place of a long plain run and among others, and
    /// non-ASCII text (bytes whose bits `|1` or `|2` would make special ones included).
    #[test]
    fn html_json_escaping_is_html_escaping_then_json_escaping() {
        let mut texts =
            random_texts(&["é", "日", "😀", "\u{80}", "\u{A6}", "\u{2028}", "ab", "plain text"], 0x51_7cc1_b727_220a);
        for c in '\0'..='\u{7F}' {
            for at in 0..20 {
                let mut t: String = "a".repeat(20);
                t.insert(at, c);
                texts.push(t);
            }
        }
        texts.push(String::new());
        for text in &texts {
            let (mut got, mut want) = ("[".to_string(), "[".to_string());
            html_json_escape_into(&mut got, text);
            json_escape_into(&mut want, &escape(text), false);
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// [`json_escape_into`] without `lt` is `serde_json`'s string: every ASCII character,
    /// alone and between others, and non-ASCII text.
    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> =
            ('\0'..='\u{7F}').flat_map(|c| [c.to_string(), format!("ab{c}é{c}{c}日")]).collect();
        texts.extend(["", "“quoted” </script> <!-- \\\"", "\u{80}\u{2028}\u{FEFF}😀"].map(str::to_string));
        for text in texts {
            let mut out = "\"".to_string();
            json_escape_into(&mut out, &text, false);
            out.push('"');
            assert_eq!(out, serde_json::to_string(&text).expect("serialisable"), "{text:?}");
        }
    }

    fn mark(r: Range<usize>) -> Mark {
        Mark { range: r, href: "g.html#t".into(), title: Some("a \"b\"".into()), class: "term".into() }
    }

    #[test]
    fn escapes_the_five_characters_and_nothing_else() {
        // The char-by-char escape it replaces, as the reference.
        let reference = |t: &str| -> String {
            t.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        for t in ["", "plain", "<a href=\"x\">&amp;'</a>", "é<ü>“q”&", "&&", "'", "日本<語>", "a\u{1F600}<b>"]
        {
            assert_eq!(escape(t), reference(t), "{t:?}");
        }
        // Longer texts go through the SIMD path in 16-byte blocks: every special character at
        // every offset of a few blocks, among ASCII and multi-byte characters.
        for special in ['&', '<', '>', '"', '\'', 'é', '“'] {
            for at in 0..50 {
                for filler in ["x", "é"] {
                    let t: String =
                        (0..50).map(|i| if i == at { special.to_string() } else { filler.to_string() }).collect();
                    assert_eq!(escape(&t), reference(&t), "{t:?}");
                }
            }
        }
        // Texts longer than the escaper's 16-byte blocks, with the five characters at every
        // offset within and across blocks.
        let pieces = ["a", "&", "<", ">", "\"", "'", "é", "日本", "\u{1F600}", " ", "&amp;", "xyz0123456789"];
        for n in 0..600 {
            let t: String = (0..(n % 70)).map(|i| pieces[(i * 7 + n * 13 + i * i) % pieces.len()]).collect();
            assert_eq!(escape(&t), reference(&t), "{t:?}");
        }
        let mut out = String::from("kept ");
        escape_into(&mut out, "<x>");
        assert_eq!(out, "kept &lt;x&gt;");
    }

    #[test]
    fn marks_and_escapes() {
        assert_eq!(
            marked("a <ICC> b", &[mark(3..6)]),
            "a &lt;<a class=\"term\" href=\"g.html#t\" data-tip=\"a &quot;b&quot;\">ICC</a>&gt; b"
        );
        // Overlapping, out-of-range and non-boundary marks are skipped.
        assert_eq!(marked("héllo", &[mark(1..2), mark(4..99)]), "héllo");
    }

    #[test]
    fn spans_wrap_text_and_links() {
        let t = "One ICC. Two ICC.";
        let spans: [std::ops::Range<usize>; 1] = [Range { start: 9, end: 17 }];
        assert_eq!(
            marked_spans(t, &[mark(4..7), mark(13..16)], &spans, "shared"),
            "One <a class=\"term\" href=\"g.html#t\" title=\"a &quot;b&quot;\">ICC</a>. <mark class=\"shared\">Two <a class=\"term\" href=\"g.html#t\" title=\"a &quot;b&quot;\">ICC</a>.</mark>"
        );
        // A link crossing a span edge is dropped; the span stays.
        assert_eq!(
            marked_spans("ab cd", &[mark(1..4)], &[Range { start: 3, end: 5 }], "s"),
            "ab <mark class=\"s\">cd</mark>"
        );
    }

    #[test]
    fn snippets_cut_to_the_sentence() {
        let text = "First one. The ICC is in The Hague. Last.";
        assert_eq!(snippet(text, 15..18, 200), "The <mark>ICC</mark> is in The Hague.");
        let long = format!("{} ICC {}", "word ".repeat(100), "more ".repeat(100));
        let s = snippet(&long, 501..504, 40);
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("<mark>ICC</mark>"), "{s}");
        // From the pieces split already: the same, wherever the match is.
        for t in [text, long.as_str(), "No stop here ICC", "Ünïcode “ICC.” Then é. ICC"] {
            let pieces = crate::sentences::Pieces::of(t);
            for start in (0..t.len()).filter(|&i| t.is_char_boundary(i)) {
                for range in [start..start, start..t.len(), start..start + 3, start..t.len() + 1] {
                    assert_eq!(
                        snippet_in(t, &pieces, range.clone(), 40),
                        snippet(t, range.clone(), 40),
                        "{t:?} {range:?}"
                    );
                }
            }
        }
    }
}
