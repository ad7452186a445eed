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
    // Most lines need no change but the trailing spaces cut: skip the rebuilding loop.
    if is_plain(&nfc) {
        return glue(nfc.trim_end().to_string());
    }
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
    glue(out)
}

/// Whether [`normalize_line`]'s loop would leave `text` as it is but for trailing spaces:
/// no space to fold or drop (a leading, doubled or special one), no control, zero-width or
/// backtick character, nothing to repair.
fn is_plain(text: &str) -> bool {
    // Whole-text tests the compiler vectorises, in place of a loop over characters: a space
    // is plain unless it opens the text or follows another; ASCII is plain unless it is a
    // control (`char::is_control` on ASCII: C0, the tab among them, and DEL) or a backtick.
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || text.contains("  ") {
        return false;
    }
    if bytes.iter().fold(false, |bad, &b| bad | (b < 0x20) | (b == 0x7f) | (b == b'`')) {
        return false;
    }
    text.is_ascii()
        || text.chars().filter(|c| !c.is_ascii()).all(|c| {
            !matches!(
                c,
                'Â' | '\u{fffd}' | '\u{a0}' | '\u{2000}'
                    ..='\u{200d}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
            ) && !c.is_control()
        })
}

/// Words glued by a lost space before a link: a function word to a capitalised word, a comma
/// to the next word.
fn glue(mut text: String) -> String {
    // Both patterns need a lowercase ASCII letter glued to an uppercase one (directly, or
    // across a comma): most lines have none, and skip the regexes.
    let (glued, comma_glued) = glue_prechecks(&text);
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

/// Whether `text` holds a lowercase ASCII letter directly before an uppercase one, and one
/// before a comma before an uppercase one. Two whole-text passes over byte pairs and
/// triples the compiler vectorises (no early exit), in place of a byte loop with branches.
fn glue_prechecks(text: &str) -> (bool, bool) {
    let b = text.as_bytes();
    let pairs = b.iter().zip(b.iter().skip(1));
    let glued = pairs.fold(false, |hit, (&x, &y)| hit | (x.is_ascii_lowercase() & y.is_ascii_uppercase()));
    let triples = b.iter().zip(b.iter().skip(1)).zip(b.iter().skip(2));
    let comma_glued = triples
        .fold(false, |hit, ((&x, &y), &z)| hit | (x.is_ascii_lowercase() & (y == b',') & z.is_ascii_uppercase()));
    (glued, comma_glued)
}

/// Two sentences glued by a lost space or line break ("Friday.The ABC7 I-Team"). A lowercase
/// word of two letters or more must end the first, so "U.S." and initials are left alone.
static GLUED_SENTENCE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(\p{Ll}{2}[.!?]["”’]?)(\p{Lu}[\p{L}\d])"#).ok());

/// Typography of a clean paragraph (never the raw text): sentences glued by a lost space
/// are separated, and straight quotes in a paragraph that otherwise uses curly ones are
/// made curly, so one paragraph does not mix `"…”`. Takes the text by value: most paragraphs
/// need no change and are returned as they came, not copied.
pub(super) fn clean_paragraph(mut text: String) -> String {
    if let Some(re) = GLUED_SENTENCE.as_ref()
        && may_glue_sentences(&text)
        && let Cow::Owned(fixed) = re.replace_all(&text, "$1 $2")
    {
        text = fixed;
    }
    // The straight quote first: one byte search, and most paragraphs have none.
    if text.contains('"') && (text.contains('“') || text.contains('”')) {
        text = curl(&text, '"', '“', '”');
    }
    if text.contains('\'') && (text.contains('‘') || text.contains('’')) {
        text = curl(&text, '\'', '‘', '’');
    }
    text
}

/// A cheap test [`GLUED_SENTENCE`] needs to pass: a `.`, `!` or `?` directly followed by a
/// straight quote, an uppercase ASCII letter or a non-ASCII character (a curly quote, an
/// uppercase letter outside ASCII). Most paragraphs have none and skip the regex.
fn may_glue_sentences(text: &str) -> bool {
    // One byte search per terminator (memchr) instead of a look at every pair of bytes.
    let bytes = text.as_bytes();
    let glued = |i: usize| bytes.get(i + 1).is_some_and(|&n| n == b'"' || n >= 0x80 || n.is_ascii_uppercase());
    ['.', '!', '?'].into_iter().any(|t| text.match_indices(t).any(|(i, _)| glued(i)))
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
    key_chars(text).collect()
}

/// The characters of [`compare_key`], one at a time.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let (mut pending_space, mut started) = (false, false);
    text.chars().flat_map(move |c| {
        let alnum = c.is_alphanumeric();
        let space = alnum && pending_space && started;
        pending_space = !alnum;
        started |= alnum;
        space.then_some(' ').into_iter().chain(alnum.then(|| c.to_lowercase()).into_iter().flatten())
    })
}

/// Whether `compare_key(text) == key`, reading `text` only as far as the two agree (most
/// lines differ from a headline in their first word).
pub(super) fn has_key(text: &str, key: &str) -> bool {
    key_chars(text).eq(key.chars())
}

/// Whether `compare_key(text)` starts with `compare_key(prefix)` and that key is at least
/// `min_len` bytes long, reading both keys only as far as they agree (paragraphs are long;
/// they rarely share more than a word).
pub(super) fn key_starts_with(text: &str, prefix: &str, min_len: usize) -> bool {
    let mut t = key_chars(text);
    let mut len = 0;
    for c in key_chars(prefix) {
        if t.next() != Some(c) {
            return false;
        }
        len += c.len_utf8();
    }
    len >= min_len
}

/// The first `max` characters of `text`, cut at a character boundary, with an
/// ellipsis when something was cut. Evidence strings use it.
pub(super) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&GLUED_FUNCTION_WORD);
    LazyLock::force(&GLUED_COMMA);
    LazyLock::force(&GLUED_SENTENCE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-by-character reading of `is_plain` before its ASCII fast path.
    fn is_plain_reference(text: &str) -> bool {
        let mut prev = ' ';
        for c in text.chars() {
            let plain = match c {
                ' ' => prev != ' ',
                '`'
                | 'Â'
                | '\u{fffd}'
                | '\u{a0}'
                | '\u{2000}'..='\u{200d}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{2060}'
                | '\u{feff}'
                | '\u{ad}'
                | '\t' => false,
                c => !c.is_control(),
            };
            if !plain {
                return false;
            }
            prev = c;
        }
        true
    }

    #[test]
    fn fast_tests_answer_as_the_character_readings() {
        for text in [
            "",
            " ",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a`b",
            "x\u{7f}y",
            "x\u{1f}y",
            "é b",
            "é  b",
            "“ ”",
            "a\u{a0}b",
            "Â b",
            "a\u{85}b",
            "a\u{2009}b",
            "a\u{200e}b",
            "日本 語",
            "word.” Next",
            "end.The start",
            "end!\"Then",
            "end?é",
            "end. the",
            "3.5 per cent",
            "trailing.",
        ] {
            assert_eq!(is_plain(text), is_plain_reference(text), "is_plain {text:?}");
            let reference = text.as_bytes().windows(2).any(|w| {
                matches!(w[0], b'.' | b'!' | b'?') && (w[1] == b'"' || w[1] >= 0x80 || w[1].is_ascii_uppercase())
            });
            assert_eq!(may_glue_sentences(text), reference, "may_glue_sentences {text:?}");
        }
    }

    /// The byte loop `glue` used before [`glue_prechecks`].
    fn glue_prechecks_reference(text: &str) -> (bool, bool) {
        let (mut glued, mut comma_glued) = (false, false);
        let bytes = text.as_bytes();
        for i in 1..bytes.len() {
            if bytes[i].is_ascii_uppercase() {
                glued |= bytes[i - 1].is_ascii_lowercase();
                comma_glued |= i >= 2 && bytes[i - 1] == b',' && bytes[i - 2].is_ascii_lowercase();
            }
        }
        (glued, comma_glued)
    }

    #[test]
    fn glue_prechecks_answer_as_the_byte_loop() {
        for text in [
            "",
            "a",
            "aB",
            "Ab",
            "a,B",
            ",B",
            "a,",
            "x,Y",
            "a, B",
            "theNorth",
            "é,Z",
            "éZ",
            "zÉ",
            "iPhone and YouTube",
            "Koreans,Japanese",
            "no glue, here.",
            "ABC",
            "abc",
            "a\u{300}B",
            "end with aB",
            "end with a,B",
        ] {
            assert_eq!(glue_prechecks(text), glue_prechecks_reference(text), "{text:?}");
        }
    }

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
            assert_eq!(clean_paragraph(input.to_string()), expected, "input: {input:?}");
        }
    }

    #[test]
    fn plain_lines_take_the_fast_path_to_the_same_result() {
        // Each line is plain; the loop it skips would give the same text.
        for line in ["Plain words, 12 of them.", "curly “quotes” and é", "trailing  ", "x", ""] {
            let slow: String = line.trim_end().to_string();
            assert!(is_plain(line.trim_end()) || line.ends_with("  "), "{line:?}");
            assert_eq!(normalize_line(line), slow, "{line:?}");
        }
        for line in [
            " lead",
            "dou  ble",
            "tab\there",
            "nb\u{a0}sp",
            "ctl\u{7}",
            "zw\u{200b}j",
            "back`tick",
            "Â x",
            "?\u{fffd}?",
        ] {
            assert!(!is_plain(line), "{line:?}");
        }
    }

    #[test]
    fn sentence_glue_precheck_passes_wherever_the_pattern_matches() {
        let re = GLUED_SENTENCE.as_ref().expect("valid");
        for text in [
            "in Mountain View Friday.The ABC7",
            "report.Walter Huang",
            "“Done.”Then more",
            "said.\"Then",
            "here?Élysée",
            "it!’Now",
            "U.S. officials. New",
            "no glue here",
            "ends.",
        ] {
            assert!(!re.is_match(text) || may_glue_sentences(text), "{text:?}");
        }
        assert!(!may_glue_sentences("Spaced. Out! Fine? yes."));
    }

    #[test]
    fn key_prefix_matches_the_whole_keys() {
        let cases = [
            ("The UN report, out today: all of it", "The UN report out today"),
            ("The UN report", "The UN report, out today"),
            ("  ÉTÉ: Straße 12", "été straße"),
            ("same", "same"),
            ("", ""),
            ("abc", ""),
            ("İstanbul talks", "i̇stanbul"),
        ];
        for (text, prefix) in cases {
            for min in [0, 5, 30] {
                let (t, p) = (compare_key(text), compare_key(prefix));
                let want = p.len() >= min && (t == p || t.starts_with(&p));
                assert_eq!(key_starts_with(text, prefix, min), want, "{text:?} {prefix:?} {min}");
            }
        }
    }

    #[test]
    fn has_key_is_key_equality() {
        let texts = [
            "The UN report, out today",
            "the un report out today!",
            "The UN report",
            "",
            "  ÉTÉ: Straße 12",
            "été straße 12",
            "İstanbul",
            "i̇stanbul",
        ];
        for text in texts {
            for other in texts {
                let key = compare_key(other);
                assert_eq!(has_key(text, &key), compare_key(text) == key, "{text:?} {other:?}");
            }
        }
    }

    #[test]
    fn keys_and_clips() {
        assert_eq!(compare_key("N Korea: holds UN talks!"), "n korea holds un talks");
        assert_eq!(clip("héllo wörld", 5), "héllo…");
        assert_eq!(clip("short", 10), "short");
    }
}
