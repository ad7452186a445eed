//! Normalised words and sentences: the comparison keys shared-copy detection and the
//! evidence lists work on.
//!
//! A word is lowercased, NFC, with curly apostrophes straightened and a light English suffix
//! stem (`detailed`, `detailing` → `detail`), so a rewrite that changes inflection still
//! matches. Sentences are Unicode sentence segments (UAX #29, split by [`crate::sentences`])
//! with byte ranges into the paragraph.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Sentences of a paragraph as byte ranges, whitespace trimmed, empty ones dropped.
pub(crate) fn sentences(text: &str) -> Vec<Range<usize>> {
    crate::sentences::bounds(text)
        .into_iter()
        .filter_map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let trimmed = s.trim();
            (!trimmed.is_empty()).then(|| r.start + lead..r.start + lead + trimmed.len())
        })
        .collect()
}

/// The normalised, stemmed words of a text.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(word_key).collect()
}

/// The words of a text as stable 64-bit hashes of their comparison keys ([`words`] without a
/// `String` per word): what shingles, content-word sets and quotation wordings compare.
/// Equal keys give equal hashes; FNV-1a, so no random seed reaches the results.
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    let mut key = String::new();
    text.unicode_words()
        .map(|w| {
            key_into(w, &mut key);
            hash_key(&key)
        })
        .collect()
}

/// The hashes of the content words of a text (stopwords and one-letter words left out), in
/// text order; duplicates kept.
pub(crate) fn content_word_hashes(text: &str) -> Vec<u64> {
    let mut key = String::new();
    text.unicode_words()
        .filter_map(|w| {
            key_into(w, &mut key);
            (key.len() > 1 && !is_stopword(&key)).then(|| hash_key(&key))
        })
        .collect()
}

/// FNV-1a of a word key.
pub(crate) fn hash_key(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// [`word_key`] into a reused buffer.
fn key_into(w: &str, key: &mut String) {
    key.clear();
    if w.is_ascii() {
        key.push_str(w);
        key.make_ascii_lowercase();
    } else {
        key.push_str(&w.nfc().collect::<String>().to_lowercase().replace('’', "'"));
    }
    stem_in_place(key);
}

/// The sentences of every paragraph, split once and shared by the passes that compare them.
pub(crate) fn paragraph_sentences(paragraphs: &[&str]) -> Vec<Vec<Range<usize>>> {
    paragraphs.iter().map(|p| sentences(p)).collect()
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
    fn hashes_follow_the_keys() {
        for text in ["The UN inquiry detailed", "Détaillé’s rapports, l’ONU’s", "meeting meetings met"] {
            let keys: Vec<u64> = words(text).iter().map(|k| hash_key(k)).collect();
            assert_eq!(word_hashes(text), keys, "{text}");
            let content: Vec<u64> =
                words(text).iter().filter(|k| k.len() > 1 && !is_stopword(k)).map(|k| hash_key(k)).collect();
            assert_eq!(content_word_hashes(text), content, "{text}");
        }
        assert_eq!(word_hashes("Detailing details"), word_hashes("detailed DETAIL"));
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
