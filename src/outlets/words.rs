//! Normalised words and sentences: the comparison keys shared-copy detection and the
//! evidence lists work on.
//!
//! A word is lowercased, NFC, with curly apostrophes straightened and a light English suffix
//! stem (`detailed`, `detailing` → `detail`), so a rewrite that changes inflection still
//! matches. Sentences are Unicode sentence segments (UAX #29) with byte ranges into the
//! paragraph.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Sentences of a paragraph as byte ranges, whitespace trimmed, empty ones dropped.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    text.split_sentence_bound_indices()
        .filter_map(|(i, s)| {
            let lead = s.len() - s.trim_start().len();
            let trimmed = s.trim();
            (!trimmed.is_empty()).then(|| i + lead..i + lead + trimmed.len())
        })
        .collect()
}

/// The normalised, stemmed words of a text.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(word_key).collect()
}

/// One word's comparison key: NFC, lowercase, straight apostrophe, stemmed. ASCII words (the
/// bulk of English text) skip normalisation, which cannot change them.
fn word_key(w: &str) -> String {
    let mut key = if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        w.nfc().collect::<String>().to_lowercase().replace('’', "'")
    };
    stem_in_place(&mut key);
    key
}

/// A light suffix stem: possessives, plurals, -ed, -ing. Short words are left alone.
fn stem_in_place(w: &mut String) {
    if w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && base.ends_with('s'))
        {
            let keep = base.len();
            w.truncate(keep);
            return;
        }
    }
}

/// Words too common to carry meaning on their own (for comparing content words).
pub(crate) fn is_stopword(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "and"
            | "or"
            | "but"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "by"
            | "with"
            | "from"
            | "that"
            | "thi"
            | "this"
            | "it"
            | "its"
            | "is"
            | "was"
            | "be"
            | "been"
            | "are"
            | "were"
            | "has"
            | "have"
            | "had"
            | "he"
            | "she"
            | "they"
            | "their"
            | "his"
            | "her"
            | "said"
            | "say"
            | "would"
            | "will"
            | "as"
            | "which"
            | "who"
            | "not"
            | "also"
            | "about"
            | "after"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(words(input), expected, "{input}");
    }

    #[test]
    fn words_are_stemmed_and_folded() {
        check("The UN inquiry detailed", &["the", "un", "inquiry", "detail"]);
        check("detailing documenting", &["detail", "document"]);
        check("North Korea’s camps", &["north", "korea", "camp"]);
        check("is was has", &["is", "was", "has"]);
        check("class", &["class"]);
    }

    #[test]
    fn sentences_are_ranges() {
        let t = "One two. Three U.N. four.  ";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["One two.", "Three U.N. four."]);
    }
}
