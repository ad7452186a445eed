//! Small HTML pieces built in Rust: escaped text with glossary links, and context snippets.
//!
//! Everything that comes from an input file passes through [`escape`] here or through the
//! templates' autoescaping; nothing is inserted raw.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::markdown::Mark;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text with some ranges wrapped in links. Marks must be sorted and non-overlapping; any mark
/// that is not (or does not fall on character boundaries) is skipped.
pub fn marked(text: &str, marks: &[Mark]) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * 80);
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
        out.push_str(&escape(&text[pos..start]));
        out.push_str(&format!("<a class=\"{}\" href=\"{}\"", escape(&m.class), escape(&m.href)));
        if let Some(tip) = &m.title {
            out.push_str(&format!(" data-tip=\"{}\"", escape(tip)));
        }
        out.push('>');
        out.push_str(&escape(&text[start..end]));
        out.push_str("</a>");
        pos = end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

/// The sentence around `range` in `text`, as HTML with the match in `<mark>`, cut to about
/// `max` characters around the match.
pub fn snippet(text: &str, range: Range<usize>, max: usize) -> String {
    if range.end > text.len() || !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
        return escape(text.chars().take(max).collect::<String>().as_str());
    }
    let (mut s, mut e) = (0, text.len());
    for (i, sentence) in text.split_sentence_bound_indices() {
        let end = i + sentence.len();
        if i <= range.start && range.start < end {
            s = i;
            e = end.max(range.end);
            break;
        }
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
    format!(
        "{lead}{}<mark>{}</mark>{}{tail}",
        escape(text[s..range.start].trim_start()),
        escape(&text[range.start..range.end]),
        escape(text[range.end..e].trim_end())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(r: Range<usize>) -> Mark {
        Mark { range: r, href: "g.html#t".into(), title: Some("a \"b\"".into()), class: "term".into() }
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
    fn snippets_cut_to_the_sentence() {
        let text = "First one. The ICC is in The Hague. Last.";
        assert_eq!(snippet(text, 15..18, 200), "The <mark>ICC</mark> is in The Hague.");
        let long = format!("{} ICC {}", "word ".repeat(100), "more ".repeat(100));
        let s = snippet(&long, 501..504, 40);
        assert!(s.starts_with('…') && s.ends_with('…') && s.contains("<mark>ICC</mark>"), "{s}");
    }
}
