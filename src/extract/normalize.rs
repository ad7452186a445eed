//! Text normalisation for scraped lines: the first pass of extraction.
//!
//! Input: one raw line as scraped. Output: the same words in a canonical form
//! (NFC, every kind of space folded to one ASCII space, control and zero-width
//! characters removed, a few well-known scraping artefacts repaired).
//! Invariant: normalisation never invents words; it only changes spacing,
//! quote marks and mis-decoded characters, so evidence strings stay faithful.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A lowercase function word glued to a capitalised word by a lost space before
/// a link ("theNorth Koreans", "theEuropean Union"). Only short function words
/// are split, so brand names such as "iPhone" or "YouTube" are left alone.
static GLUED_FUNCTION_WORD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(the|of|and|to|in|for|with|from)([A-Z][a-z]{2,})").ok());

/// A comma glued to the next word when a link lost its space ("Koreans,Japanese").
static GLUED_COMMA: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"([a-z]),([A-Z][a-z])").ok());

/// Normalises one scraped line (see the module docs). The result is trimmed.
pub(super) fn normalize_line(raw: &str) -> String {
    // ASCII (most lines) and text the quick check proves NFC are already composed.
    let nfc: Cow<str> = if raw.is_ascii() || is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.nfc().collect())
    };
    // Mis-decoded UTF-8 seen in scrapes: "Â" before a (non-breaking) space is a
    // broken NBSP; "�?" after a word is a broken closing double quote.
    let repaired: Cow<str> = if nfc.contains(['Â', '\u{fffd}']) {
        Cow::Owned(nfc.replace("Â\u{a0}", " ").replace("Â ", " ").replace("\u{fffd}?", "\u{201d}"))
    } else {
        nfc
    };
    let mut out = String::with_capacity(repaired.len());
    let mut last_space = true;
    for c in repaired.chars() {
        let c = match c {
            '`' => '\'',
            '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\t' => ' ',
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
            c if c.is_control() => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.truncate(out.trim_end().len());
    let mut text = out;
    // Both patterns need a lowercase ASCII letter glued to an uppercase one (directly, or
    // across a comma): most lines have none, and skip the regexes.
    let bytes = text.as_bytes();
    let glued = bytes.windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    let comma_glued = bytes.windows(3).any(|w| w[0].is_ascii_lowercase() && w[1] == b',' && w[2].is_ascii_uppercase());
    if let Some(re) = GLUED_FUNCTION_WORD.as_ref()
        && glued
        && let Cow::Owned(fixed) = re.replace_all(&text, "$1 $2")
    {
        text = fixed;
    }
    if let Some(re) = GLUED_COMMA.as_ref()
        && comma_glued
        && let Cow::Owned(fixed) = re.replace_all(&text, "$1, $2")
    {
        text = fixed;
    }
    text
}

/// Two sentences glued by a lost space or line break ("Friday.The ABC7 I-Team"). A lowercase
/// word of two letters or more must end the first, so "U.S." and initials are left alone.
static GLUED_SENTENCE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(\p{Ll}{2}[.!?]["”’]?)(\p{Lu}[\p{L}\d])"#).ok());

/// Typography of a clean paragraph (never the raw text): sentences glued by a lost space
/// are separated, and straight quotes in a paragraph that otherwise uses curly ones are
/// made curly, so one paragraph does not mix `"…”`.
pub(super) fn clean_paragraph(text: &str) -> String {
    let mut text = match GLUED_SENTENCE.as_ref() {
        Some(re) => re.replace_all(text, "$1 $2").into_owned(),
        None => text.to_string(),
    };
    if text.contains(['“', '”']) && text.contains('"') {
        text = curl(&text, '"', '“', '”');
    }
    if text.contains(['‘', '’']) && text.contains('\'') {
        text = curl(&text, '\'', '‘', '’');
    }
    text
}

/// Replaces `straight` by `open` after a space, an opening bracket or dash (or at the
/// start), and by `close` elsewhere (which also makes apostrophes curly).
fn curl(text: &str, straight: char, open: char, close: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c == straight {
            let opens = prev.is_none_or(|p| p.is_whitespace() || "([{—–-“‘".contains(p));
            out.push(if opens { open } else { close });
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// A comparison key: lowercase letters and digits only, single-spaced.
/// Used to detect repeated headlines and standfirsts regardless of punctuation.
pub(super) fn compare_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// The first `max` characters of `text`, cut at a character boundary, with an
/// ellipsis when something was cut. Evidence strings use it.
pub(super) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(normalize_line(input), expected, "input: {input:?}");
    }

    #[test]
    fn normalizes() {
        let cases = [
            ("theNorth Koreans\u{a0} made", "the North Koreans made"),
            ("the\u{a0} ICC\u{a0} dropped", "the ICC dropped"),
            ("the government`s engagement", "the government's engagement"),
            ("South Koreans,Japanese\u{a0} and others.", "South Koreans, Japanese and others."),
            ("Jurassic WorldÂ\u{a0}opening", "Jurassic World opening"),
            ("drivers,\u{fffd}? said", "drivers,\u{201d} said"),
            ("  • narrow-browser  ", "• narrow-browser"),
            ("iPhone and YouTube", "iPhone and YouTube"),
            ("a\u{200b}b\tc", "ab c"),
            // Decomposed text is composed (the ASCII and quick-check fast paths must not skip it).
            ("Cafe\u{301} society", "Caf\u{e9} society"),
            ("\u{1100}\u{1161} and \u{e9}t\u{e9}", "\u{ac00} and \u{e9}t\u{e9}"),
            ("A\u{30a}ngstr\u{f6}m,Kelvin", "\u{c5}ngstr\u{f6}m, Kelvin"),
            ("no glue, here", "no glue, here"),
            ("fromThe start,And then", "from The start, And then"),
            ("tothe end", "tothe end"),
            ("", ""),
        ];
        for (input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn cleans_paragraphs() {
        let cases = [
            ("in Mountain View Friday.The ABC7 I-Team has word.", "in Mountain View Friday. The ABC7 I-Team has word."),
            ("report.Walter Huang's family", "report. Walter Huang's family"),
            ("the U.S.The end", "the U.S.The end"),
            ("visit Rappler.com today", "visit Rappler.com today"),
            ("“Yes,\" he said.", "“Yes,” he said."),
            ("He said \"no\" twice.", "He said \"no\" twice."),
            ("‘Visit’ isn't it", "‘Visit’ isn’t it"),
            ("“Done.”Then more", "“Done.” Then more"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean_paragraph(input), expected, "input: {input:?}");
        }
    }

    #[test]
    fn keys_and_clips() {
        assert_eq!(compare_key("N Korea: holds UN talks!"), "n korea holds un talks");
        assert_eq!(clip("héllo wörld", 5), "héllo…");
        assert_eq!(clip("short", 10), "short");
    }
}
