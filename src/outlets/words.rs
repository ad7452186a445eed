//! Normalised words and sentences: the comparison keys shared-copy detection and the
//! evidence lists work on.
//!
//! A word is lowercased, NFC, with curly apostrophes straightened and a light English suffix
//! stem (`detailed`, `detailing` → `detail`), so a rewrite that changes inflection still
//! matches. Sentences are Unicode sentence segments (UAX #29, split by [`crate::sentences`])
//! with byte ranges into the paragraph. [`SentenceKeys`] are what the passes compare sentences
//! by (shingles for shared copy, content words for unique sentences), made in one pass over
//! each sentence's words.

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

/// Words in a row that make one shingle.
pub(crate) const SHINGLE: usize = 5;

/// The hash of a shingle: its word hashes combined in order (stable, no random seed).
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &w in words {
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h
}

/// What one sentence is compared by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceKeys {
    /// Hashes of its [`SHINGLE`]-word shingles, leaving out quoted words (two reporters quoting
    /// the same statement share a source, not copy): what shared copy is found by. Sorted and
    /// distinct.
    pub shingles: Vec<u64>,
    /// Hashes of its content words (stopwords and one-letter words left out, quotations
    /// kept): what unique sentences are judged by. Sorted and distinct.
    pub content: Vec<u64>,
}

/// Buffers reused from one sentence to the next.
#[derive(Default)]
struct Scratch {
    key: String,
    words: Vec<u64>,
    content: Vec<u64>,
    shingles: Vec<u64>,
}

/// The keys of each sentence of each paragraph (`sentences` as [`paragraph_sentences`] gives
/// them), words read once per sentence.
pub(crate) fn paragraph_keys(paragraphs: &[&str], sentences: &[Vec<Range<usize>>]) -> Vec<Vec<SentenceKeys>> {
    let mut scratch = Scratch::default();
    paragraphs
        .iter()
        .zip(sentences)
        .map(|(para, ranges)| {
            let quoted = if ranges.is_empty() { Vec::new() } else { super::quotes::quoted_ranges(para) };
            ranges.iter().map(|range| sentence_keys(para, range, &quoted, &mut scratch)).collect()
        })
        .collect()
}

/// The keys of the sentence `range` of `para`; `quoted` are the paragraph's quotations.
fn sentence_keys(para: &str, range: &Range<usize>, quoted: &[Range<usize>], s: &mut Scratch) -> SentenceKeys {
    s.words.clear();
    s.content.clear();
    for w in para[range.clone()].unicode_words() {
        key_into(w, &mut s.key);
        let h = hash_key(&s.key);
        s.words.push(h);
        if s.key.len() > 1 && !is_stopword(&s.key) {
            s.content.push(h);
        }
    }
    s.content.sort_unstable();
    s.content.dedup();
    s.shingles.clear();
    let inside: Vec<&Range<usize>> = quoted.iter().filter(|q| q.end > range.start && q.start < range.end).collect();
    if inside.is_empty() {
        if s.words.len() >= SHINGLE {
            s.shingles.extend(s.words.windows(SHINGLE).map(shingle_hash));
        }
    } else {
        // The words between the quotations, each stretch read on its own.
        let mut start = range.start;
        let mut segments = Vec::new();
        for q in inside {
            if q.start > start {
                segments.push(start..q.start);
            }
            start = start.max(q.end);
        }
        if start < range.end {
            segments.push(start..range.end);
        }
        for seg in segments {
            let w = word_hashes(&para[seg]);
            if w.len() >= SHINGLE {
                s.shingles.extend(w.windows(SHINGLE).map(shingle_hash));
            }
        }
    }
    s.shingles.sort_unstable();
    s.shingles.dedup();
    SentenceKeys { shingles: s.shingles.clone(), content: s.content.clone() }
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

    /// A sentence's keys the long way: content words from [`words`], and shingles from the
    /// words of each stretch between quotations read on its own.
    fn reference_keys(para: &str, range: &Range<usize>) -> SentenceKeys {
        let quoted = crate::outlets::quotes::quoted_ranges(para);
        let mut content: Vec<u64> = words(&para[range.clone()])
            .iter()
            .filter(|k| k.len() > 1 && !is_stopword(k))
            .map(|k| hash_key(k))
            .collect();
        content.sort_unstable();
        content.dedup();
        let (mut start, mut segments) = (range.start, Vec::new());
        for q in quoted.iter().filter(|q| q.end > range.start && q.start < range.end) {
            if q.start > start {
                segments.push(start..q.start);
            }
            start = start.max(q.end);
        }
        if start < range.end {
            segments.push(start..range.end);
        }
        let mut shingles = Vec::new();
        for seg in segments {
            let w: Vec<u64> = words(&para[seg]).iter().map(|k| hash_key(k)).collect();
            if w.len() >= SHINGLE {
                shingles.extend(w.windows(SHINGLE).map(shingle_hash));
            }
        }
        shingles.sort_unstable();
        shingles.dedup();
        SentenceKeys { shingles, content }
    }

    #[test]
    fn keys_read_in_one_pass_agree_with_the_long_way() {
        let paragraphs = [
            "The UN inquiry detailed a vast network of prison camps. It documented torture, enslavement and rape.",
            "“We are at the beginning of a long process,” he said. The talks with the four diplomats went on for hours.",
            "Darusman said the talks were “substantive and effective” and that a visit to the country was possible",
            "He said \"it is a start of something new for all of us\" and left the room before the vote was taken.",
            "An unclosed “quotation that runs to the end of the paragraph with many words in it",
            "Short one. Détaillé’s rapports de l’ONU’s commission sur les camps de prisonniers détaillent.",
            "א\"ב גדה והוז חטי כלמ נסע פצק רשת and five more words here to make shingles",
            "",
        ];
        let sentences = paragraph_sentences(&paragraphs);
        let keys = paragraph_keys(&paragraphs, &sentences);
        assert_eq!(keys.len(), paragraphs.len());
        for ((para, ranges), keys) in paragraphs.iter().zip(&sentences).zip(&keys) {
            assert_eq!(keys.len(), ranges.len());
            for (range, got) in ranges.iter().zip(keys) {
                assert_eq!(*got, reference_keys(para, range), "{:?}", &para[range.clone()]);
            }
        }
        // Quoted words are left out of the shingles, kept in the content words.
        let quoted = &keys[1][0];
        assert!(quoted.shingles.is_empty(), "{quoted:?}");
        assert!(quoted.content.contains(&hash_key("process")));
    }

    #[test]
    fn sentences_are_ranges() {
        let t = "One two. Three U.N. four.  ";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["One two.", "Three U.N. four."]);
    }
}
