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
    trimmed_sentences(text, crate::sentences::bounds(text))
}

/// [`sentences`] from the text's sentence pieces (`crate::sentences::bounds` of `text`),
/// trimmed in place.
fn trimmed_sentences(text: &str, mut pieces: Vec<Range<usize>>) -> Vec<Range<usize>> {
    pieces.retain_mut(|r| {
        *r = trim_range(text, r.clone());
        r.start < r.end
    });
    pieces
}

/// `range` of `text` without the white space (`char::is_whitespace`) at its ends, as
/// `str::trim` leaves it: ASCII white space is read as bytes (a piece ends in a space or
/// two), and only a character outside ASCII at an end is decoded and tested.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (range.start, range.end);
    while start < end && matches!(bytes[start], b' ' | b'\t'..=b'\r') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b'\t'..=b'\r') {
        end -= 1;
    }
    if start < end && (bytes[start] >= 0x80 || bytes[end - 1] >= 0x80) {
        let s = &text[start..end];
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return range.end..range.end;
        }
        let lead = s.len() - s.trim_start().len();
        return start + lead..start + lead + trimmed.len();
    }
    start..end
}

/// The normalised, stemmed words of a text.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(word_key(w)));
    out
}

/// Calls `f` with each word of `text`, exactly as `text.unicode_words()` yields them (UAX #29
/// word segments holding a letter or digit).
///
/// `unicode_words` runs the full rule machine for every character and was the larger part
/// of reading a sentence's words. Text made only of characters whose word-break class
/// [`word_class`] knows (ASCII, Latin letters, curly quotes and dashes: nearly all news text)
/// is split here by the few rules those classes take part in (WB5–WB13b); anything else goes
/// to `unicode_words`. Tests compare both on every known character in many contexts.
pub(crate) fn each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    if !each_known_word(text, &mut f) {
        text.unicode_words().for_each(f);
    }
}

/// [`each_word`] for a text made only of characters [`word_class`] knows: calls `f` with each
/// word and returns `true`; returns `false` without calling `f` for any other text.
///
/// Pure ASCII text (most sentences) is read a byte at a time by [`split_ascii`], other text
/// a character at a time by [`split_known`]: the same rules either way.
fn each_known_word<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) -> bool {
    if text.is_ascii() {
        split_ascii(text, f);
        return true;
    }
    if !text.chars().all(|c| word_class(c).is_some()) {
        return false;
    }
    split_known(text, text.char_indices().map(|(i, c)| (i, word_class(c).unwrap_or(WordClass::Other))), f);
    true
}

/// The word-break class of each ASCII character ([`word_class`] of it).
static ASCII_CLASS: [WordClass; 128] = {
    let mut table = [WordClass::Other; 128];
    let mut b = 0;
    while b < 128 {
        if let Some(class) = word_class(b as u8 as char) {
            table[b] = class;
        }
        b += 1;
    }
    table
};

/// [`split_known`] of an ASCII text, by the same rules, in runs: a word is a run of letters,
/// digits and `_` (WB5, WB8–WB10, WB13a/b) that a middle character carries on only between
/// two letters (`:` `.` `'`: WB6/WB7) or two digits (`,` `;` `.` `'`: WB11/WB12). The
/// character after a middle one that joins is of the same class as the one before, so the
/// run goes on past both. Its loop keeps less state than [`split_known`]'s (no pending
/// middle character), which read most of the time of splitting a sentence.
fn split_ascii<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    use WordClass::{ExtendNumLet, Letter, MidLetter, MidNum, MidNumLet, Numeric, Other};
    let bytes = text.as_bytes();
    let class = |i: usize| ASCII_CLASS[usize::from(bytes[i] & 0x7F)];
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        // Whether the run holds a letter or digit (a run of `_` alone is not a word), and
        // the class of its last character (`Other` before its first).
        let (mut alnum, mut last) = (false, Other);
        while i < bytes.len() {
            match class(i) {
                Letter | Numeric => {
                    // A run of letters and digits, most of every word: read in a loop of its
                    // own (one compare per byte; the match is a jump per byte).
                    let mut j = i + 1;
                    while j < bytes.len() && matches!(class(j), Letter | Numeric) {
                        j += 1;
                    }
                    alnum = true;
                    last = class(j - 1);
                    i = j;
                }
                ExtendNumLet => {
                    last = ExtendNumLet;
                    i += 1;
                }
                mid @ (MidLetter | MidNum | MidNumLet)
                    if i + 1 < bytes.len()
                        && class(i + 1) == last
                        && match last {
                            Letter => matches!(mid, MidLetter | MidNumLet),
                            Numeric => matches!(mid, MidNum | MidNumLet),
                            _ => false,
                        } =>
                {
                    i += 2;
                }
                _ => break,
            }
        }
        if i == start {
            i += 1;
        } else if alnum && let Some(w) = text.get(start..i) {
            f(w);
        }
    }
}

/// The word splitting of [`each_word`] over `classes`, each character's start and class (in
/// order, every character of `text`).
fn split_known<'a>(text: &'a str, classes: impl Iterator<Item = (usize, WordClass)>, f: &mut impl FnMut(&'a str)) {
    use WordClass::{ExtendNumLet, Letter, MidLetter, MidNum, MidNumLet, Numeric};
    // The word being read: its start, the class of its last character, whether it holds a
    // letter or digit (a run of `_` alone is not a word), and a middle character (`.` `'`
    // `’` `:` `,` `;`) that joins it to what follows only if the right class comes next.
    let mut start: Option<usize> = None;
    let (mut last, mut alnum) = (Letter, false);
    let mut middle: Option<(usize, WordClass)> = None;
    let mut emit = |range: Range<usize>, alnum: bool| {
        if alnum && let Some(w) = text.get(range) {
            f(w);
        }
    };
    for (i, class) in classes {
        let core = matches!(class, Letter | Numeric | ExtendNumLet);
        if let Some(s) = start {
            if let Some((m, mid)) = middle.take() {
                // WB6/WB7: letter (MidLetter | MidNumLetQ) letter; WB11/WB12: digit
                // (MidNum | MidNumLetQ) digit.
                let joins = (last == Letter && class == Letter && matches!(mid, MidLetter | MidNumLet))
                    || (last == Numeric && class == Numeric && matches!(mid, MidNum | MidNumLet));
                if joins {
                    continue;
                }
                emit(s..m, alnum);
                start = None;
            } else if core {
                // WB5, WB8–WB10, WB13a/b: letters, digits and `_` run together.
                last = class;
                alnum |= !matches!(class, ExtendNumLet);
                continue;
            } else if matches!(class, MidLetter | MidNum | MidNumLet) && matches!(last, Letter | Numeric) {
                middle = Some((i, class));
                continue;
            } else {
                emit(s..i, alnum);
                start = None;
            }
        }
        if core {
            start = Some(i);
            last = class;
            alnum = !matches!(class, ExtendNumLet);
        }
    }
    if let Some(s) = start {
        let end = middle.map_or(text.len(), |(m, _)| m);
        emit(s..end, alnum);
    }
}

/// The UAX #29 word-break classes [`each_word`] handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Letter,
    Numeric,
    MidLetter,
    MidNum,
    MidNumLet,
    ExtendNumLet,
    /// Breaks on both sides and is never part of a word (spaces, punctuation, line breaks).
    Other,
}

/// The word-break class of a character from the set [`each_word`] splits itself; `None` for
/// any other character.
const fn word_class(c: char) -> Option<WordClass> {
    use WordClass::*;
    Some(match c {
        'a'..='z' | 'A'..='Z' => Letter,
        '0'..='9' => Numeric,
        ':' => MidLetter,
        ',' | ';' => MidNum,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => MidNumLet,
        '_' => ExtendNumLet,
        // `"` is Double_Quote, which only joins Hebrew letters.
        '\0'..='\x7F' => Other,
        '\u{C0}'..='\u{24F}' if c != '\u{D7}' && c != '\u{F7}' => Letter,
        '\u{A0}' | '\u{AB}' | '\u{BB}' | '\u{2010}'..='\u{2015}' | '\u{201C}'..='\u{201F}' | '\u{2026}' => Other,
        _ => return None,
    })
}

/// The words of a text as stable 64-bit hashes of their comparison keys ([`words`] without a
/// `String` per word): what shingles, content-word sets and quotation wordings compare.
/// Equal keys give equal hashes ([`key_hash`]).
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    let mut key = String::new();
    let mut out = Vec::new();
    each_word(text, |w| {
        if w.is_ascii() {
            out.push(ascii_key_hash(w.as_bytes()).0);
        } else {
            key_into(w, &mut key);
            out.push(hash_key(&key));
        }
    });
    out
}

/// How many words `text` holds (as [`word_hashes`] would give them, without reading them).
pub(crate) fn count_words(text: &str) -> usize {
    let mut n = 0;
    each_word(text, |_| n += 1);
    n
}

/// The hash of a word key: [`key_hash`] of its bytes.
pub(crate) fn hash_key(key: &str) -> u64 {
    key_hash(key.as_bytes())
}

/// A word key's hash from its bytes, ASCII letters lowercased on the way (which leaves a key
/// as it is, and makes an ASCII word's prefix its key): read eight bytes at a time, each
/// block mixed in with one folded multiply (the high and low halves of the 128-bit product
/// xored: every bit of the result depends on every bit of the block, as in foldhash).
/// Stable: no random seed reaches the results.
///
/// FNV-1a (one multiply per byte, each waiting for the one before) was the larger part of
/// reading a sentence's words; most words fit in one block. The passes compare the hashes
/// only for equality (as sets), so any well-mixed hash gives the same output.
fn key_hash(bytes: &[u8]) -> u64 {
    let fold = |x: u64, k: u64| {
        let full = u128::from(x) * u128::from(k);
        (full as u64) ^ ((full >> 64) as u64)
    };
    let mut h = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64);
    let mut blocks = bytes.chunks_exact(8);
    for b in &mut blocks {
        h = fold(h ^ block(b), MIX);
    }
    fold(h ^ block(blocks.remainder()), 0x243f_6a88_85a3_08d3)
}

/// The multiplier of [`key_hash`] (2^64 over the golden ratio, odd).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

/// Up to eight bytes (the first eight of longer ones) as a little-endian `u64`, zero-padded,
/// ASCII capitals lowercased.
///
/// Read in two loads that may overlap (the first and the last four bytes, or two), each byte
/// in its place: copying into a zeroed buffer and reading that back stalled on every word (a
/// load waiting for the small stores before it).
fn block(bytes: &[u8]) -> u64 {
    let b = &bytes[..bytes.len().min(8)];
    let n = b.len();
    let x = if n >= 4 {
        let first = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let last = u32::from_le_bytes([b[n - 4], b[n - 3], b[n - 2], b[n - 1]]);
        u64::from(first) | (u64::from(last) << (8 * (n - 4)))
    } else if n >= 2 {
        let first = u16::from_le_bytes([b[0], b[1]]);
        let last = u16::from_le_bytes([b[n - 2], b[n - 1]]);
        u64::from(first) | (u64::from(last) << (8 * (n - 2)))
    } else {
        b.first().map_or(0, |&c| u64::from(c))
    };
    lowercase_block(x)
}

/// `to_ascii_lowercase` of each of the eight bytes of `x` at once: a byte below 0x80 whose
/// low seven bits are in `A..=Z` gets 0x20 added; other bytes are left alone. No carry
/// crosses a byte (each sum stays below 0x100).
fn lowercase_block(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = x & (0x7F * ONES);
    let from_a = low + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low + (0x7F - u64::from(b'Z')) * ONES;
    let upper = (from_a ^ past_z) & !x & (0x80 * ONES);
    x | (upper >> 2)
}

/// [`word_key`] into a reused buffer.
fn key_into(w: &str, key: &mut String) {
    key.clear();
    if w.is_ascii() {
        key.push_str(w);
        key.make_ascii_lowercase();
    } else if w.chars().all(is_plain_latin) {
        // No allocation: these characters are NFC whatever their neighbours, and lowercase
        // one by one as the whole word would (no final sigma among them).
        for c in w.chars() {
            match c {
                '’' => key.push('\''),
                c if c.is_ascii() => key.push(c.to_ascii_lowercase()),
                c => key.extend(c.to_lowercase()),
            }
        }
    } else {
        key.push_str(&w.nfc().collect::<String>().to_lowercase().replace('’', "'"));
    }
    stem_in_place(key);
}

/// For an ASCII word: the [`hash_key`] of its key ([`key_into`]) and whether the key is a
/// content word (longer than one letter, not a stopword), read from the word's bytes without
/// writing the key: the stem's length first ([`ascii_stem_len`]), then the lowercase bytes
/// hashed as they are read. Most words of news text take this way.
fn ascii_word_hash(w: &[u8]) -> (u64, bool) {
    let (h, len) = ascii_key_hash(w);
    // Every stopword is at most five letters long: one block.
    let is_content = len > 1 && (len > 5 || !is_stopword_block(stopword_block(&w[..len])));
    (h, is_content)
}

/// For an ASCII word: the [`hash_key`] of its key and the key's length.
fn ascii_key_hash(w: &[u8]) -> (u64, usize) {
    let len = ascii_stem_len(w);
    (key_hash(&w[..len]), len)
}

/// The length of an ASCII word's key after [`stem_in_place`], read from the word (any case)
/// itself: the key is its lowercase prefix of that length.
fn ascii_stem_len(w: &[u8]) -> usize {
    let ends_with =
        |len: usize, suffix: &[u8]| len >= suffix.len() && w[len - suffix.len()..len].eq_ignore_ascii_case(suffix);
    let mut len = w.len();
    if !matches!(w.last().map(u8::to_ascii_lowercase), Some(b's' | b'g' | b'd')) {
        return len;
    }
    if ends_with(len, b"'s") {
        len -= 2;
    }
    for suffix in [&b"ing"[..], b"ed", b"es", b"s"] {
        if ends_with(len, suffix) {
            let base = len - suffix.len();
            if base >= 3 && !(suffix == b"s" && w[base - 1].eq_ignore_ascii_case(&b's')) {
                return base;
            }
        }
    }
    len
}

/// ASCII, the right single quotation mark, and the Latin letters up to Latin Extended-B: the
/// characters [`key_into`] folds without normalising (tested against the long way).
fn is_plain_latin(c: char) -> bool {
    c.is_ascii() || c == '’' || ('\u{C0}'..='\u{24F}').contains(&c)
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

/// What one sentence is compared by: a view into its article's [`ArticleKeys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceKeys<'a> {
    /// Hashes of its [`SHINGLE`]-word shingles, leaving out quoted words (two reporters quoting
    /// the same statement share a source, not copy): what shared copy is found by. Distinct
    /// ([`distinct`]: in no order the passes depend on).
    pub shingles: &'a [u64],
    /// Hashes of its content words (stopwords and one-letter words left out, quotations
    /// kept): what unique sentences are judged by. Distinct, like `shingles`.
    pub content: &'a [u64],
}

/// The [`SentenceKeys`] of every sentence of an article (of all its paragraphs, in order:
/// `sentences.iter().flatten()`), in one buffer: one allocation per article where two per
/// sentence were (hundreds of thousands of small allocations and frees in a large build).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleKeys {
    /// Each sentence's shingles, then its content words; sentence after sentence.
    hashes: Vec<u64>,
    /// For each sentence, where its shingles end and where its content words end in `hashes`
    /// (its shingles start where the sentence before ends).
    ends: Vec<(usize, usize)>,
}

impl ArticleKeys {
    /// How many sentences it holds.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The keys of each sentence, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = SentenceKeys<'_>> + '_ {
        (0..self.ends.len()).map(|i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1].1 };
            let (shingles_end, end) = self.ends[i];
            SentenceKeys { shingles: &self.hashes[start..shingles_end], content: &self.hashes[shingles_end..end] }
        })
    }
}

/// Buffers reused from one sentence to the next, and from one article to the next (one per
/// thread: `map_init`).
#[derive(Default)]
pub(crate) struct Scratch {
    key: String,
    words: Vec<u64>,
    /// Each word's byte range in the sentence.
    spans: Vec<Range<usize>>,
    /// The words of a stretch between quotations, when it is read on its own.
    seg_words: Vec<u64>,
    content: Vec<u64>,
    shingles: Vec<u64>,
    /// The article's keys as they are read (`ArticleKeys::hashes`): copied once, at their
    /// size, when the article is done, instead of growing a new vector (and touching fresh
    /// memory at every doubling) for each article.
    hashes: Vec<u64>,
}

/// The keys of each sentence of each paragraph (`sentences` as [`paragraph_sentences`] gives
/// them), words read once per sentence.
#[cfg(test)]
pub(crate) fn paragraph_keys(paragraphs: &[&str], sentences: &[Vec<Range<usize>>]) -> ArticleKeys {
    let quoted: Vec<Vec<Range<usize>>> = paragraphs.iter().map(|p| super::quotes::quoted_ranges(p)).collect();
    paragraph_keys_in(paragraphs, sentences, &quoted, &mut Scratch::default())
}

/// [`paragraph_keys`] with each paragraph's quotations (`quotes::quoted_ranges`) already
/// found, and buffers reused from an earlier call.
pub(crate) fn paragraph_keys_in(
    paragraphs: &[&str],
    sentences: &[Vec<Range<usize>>],
    quoted: &[Vec<Range<usize>>],
    scratch: &mut Scratch,
) -> ArticleKeys {
    let mut ends = Vec::with_capacity(sentences.iter().map(Vec::len).sum());
    scratch.hashes.clear();
    for (p, (para, ranges)) in paragraphs.iter().zip(sentences).enumerate() {
        let quoted = quoted.get(p).map_or(&[][..], Vec::as_slice);
        for range in ranges {
            sentence_keys(para, range, quoted, scratch);
            let s = &mut *scratch;
            s.hashes.extend_from_slice(&s.shingles);
            let shingles_end = s.hashes.len();
            s.hashes.extend_from_slice(&s.content);
            ends.push((shingles_end, s.hashes.len()));
        }
    }
    ArticleKeys { hashes: scratch.hashes.clone(), ends }
}

/// The keys of the sentence `range` of `para` into `s.shingles` and `s.content`; `quoted`
/// are the paragraph's quotations.
///
/// The words are split once. The shingles leave out quotations: each stretch of words between
/// them counts on its own. A quotation opens with `“` or `"` and closes with `”`, `"` or the
/// paragraph's end, and for text [`each_known_word`] splits, those marks break words on both
/// sides and no rule looks past them: so the words of a stretch read on its own are the
/// sentence's words that lie inside it, taken from the one split. Other text (split by
/// `unicode_words`) reads each stretch again.
fn sentence_keys(para: &str, range: &Range<usize>, quoted: &[Range<usize>], s: &mut Scratch) {
    s.words.clear();
    s.content.clear();
    s.spans.clear();
    let text = &para[range.clone()];
    let known = {
        let Scratch { key, words, content, spans, .. } = s;
        let base = text.as_ptr() as usize;
        let mut push = |w: &str, (h, is_content): (u64, bool)| {
            words.push(h);
            if is_content {
                content.push(h);
            }
            let at = w.as_ptr() as usize - base;
            spans.push(at..at + w.len());
        };
        if text.is_ascii() {
            // Every word ASCII: no test per word.
            split_ascii(text, &mut |w| push(w, ascii_word_hash(w.as_bytes())));
            true
        } else {
            let mut on_word = |w: &str| {
                let keys = if w.is_ascii() {
                    ascii_word_hash(w.as_bytes())
                } else {
                    key_into(w, key);
                    (hash_key(key), key.len() > 1 && !is_stopword(key))
                };
                push(w, keys);
            };
            let known = each_known_word(text, &mut on_word);
            if !known {
                text.unicode_words().for_each(on_word);
            }
            known
        }
    };
    distinct(&mut s.content);
    s.shingles.clear();
    let mut inside = quoted.iter().filter(|q| q.end > range.start && q.start < range.end).peekable();
    if inside.peek().is_none() {
        if s.words.len() >= SHINGLE {
            s.shingles.extend(s.words.windows(SHINGLE).map(shingle_hash));
        }
    } else {
        // The stretches between the quotations, in the paragraph.
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
        let mut first = 0;
        for seg in segments {
            if known {
                // The sentence's words inside the stretch: a run of them, in order.
                let (from, to) = (seg.start - range.start, seg.end - range.start);
                while first < s.spans.len() && s.spans[first].start < from {
                    first += 1;
                }
                let mut end = first;
                while end < s.spans.len() && s.spans[end].end <= to {
                    end += 1;
                }
                if end - first >= SHINGLE {
                    s.shingles.extend(s.words[first..end].windows(SHINGLE).map(shingle_hash));
                }
                first = end;
                continue;
            }
            let (key, words) = (&mut s.key, &mut s.seg_words);
            words.clear();
            each_word(&para[seg], |w| {
                key_into(w, key);
                words.push(hash_key(key));
            });
            if words.len() >= SHINGLE {
                s.shingles.extend(words.windows(SHINGLE).map(shingle_hash));
            }
        }
    }
    distinct(&mut s.shingles);
}

/// Lists longer than this are sorted by [`distinct`]; shorter ones are scanned.
const SCANNED: usize = 32;

/// Drops the repeats from a sentence's keys. The passes compare keys as sets (an index entry
/// per key, a count per shared key), so only that no key repeats matters, not the order.
///
/// A sentence's list is short (a dozen keys or two): each key is looked for among the ones
/// kept before it, a scan without a branch per key, which costs less than sorting (an
/// insertion sort at this length, a mispredicted branch for every key moved). Long lists are
/// sorted, keeping the work for a sentence with no end in sight bounded.
///
/// Most keys repeat none before them: a 256-bit filter (a bit per value of the key's top
/// eight bits, well mixed in word and shingle hashes) tells most of them apart without the
/// scan, which read every kept key for every key (some 200 compares for a sentence's
/// shingles).
fn distinct(keys: &mut Vec<u64>) {
    if keys.len() > SCANNED {
        keys.sort_unstable();
        keys.dedup();
        return;
    }
    let mut seen = [0u64; 4];
    let mut kept = 0;
    for i in 0..keys.len() {
        let key = keys[i];
        let (word, bit) = ((key >> 62) as usize, 1u64 << ((key >> 56) & 63));
        if seen[word] & bit == 0 || !keys[..kept].iter().fold(false, |found, &k| found | (k == key)) {
            seen[word] |= bit;
            keys[kept] = key;
            kept += 1;
        }
    }
    keys.truncate(kept);
}

/// The sentences of every paragraph, split once and shared by the passes that compare them.
pub(crate) fn paragraph_sentences(paragraphs: &[&str]) -> Vec<Vec<Range<usize>>> {
    paragraphs.iter().map(|p| sentences(p)).collect()
}

/// [`paragraph_sentences`] of an article's paragraphs, from the sentence pieces `extract`
/// split (`Paragraph::sentences`) instead of splitting them again.
pub(crate) fn article_sentences(paragraphs: &[crate::extract::Paragraph]) -> Vec<Vec<Range<usize>>> {
    paragraphs.iter().map(|p| trimmed_sentences(&p.text, p.sentences.ranges(&p.text))).collect()
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
    // Every suffix below ends in `s`, `g` or `d`: most words end otherwise and stay as they are.
    if !matches!(w.as_bytes().last(), Some(b's' | b'g' | b'd')) {
        return;
    }
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

/// Words too common to carry meaning on their own (for comparing content words). All are
/// ASCII, at most five letters long.
const STOPWORDS: [&str; 46] = [
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "from", "that", "thi",
    "this", "it", "its", "is", "was", "be", "been", "are", "were", "has", "have", "had", "he", "she", "they", "their",
    "his", "her", "said", "say", "would", "will", "as", "which", "who", "not", "also", "about", "after",
];

/// A key of at most five bytes as its [`block`] with its length in the last byte (so that a
/// trailing NUL is not taken for padding): what [`STOPWORD_BLOCKS`] holds.
fn stopword_block(key: &[u8]) -> u64 {
    block(key) | ((key.len() as u64) << 56)
}

/// [`STOPWORDS`] as [`stopword_block`]s: an ASCII key of at most five bytes is a stopword
/// when its block is one of these (one compare per stopword, no string compares).
static STOPWORD_BLOCKS: [u64; STOPWORDS.len()] = {
    let mut blocks = [0u64; STOPWORDS.len()];
    let mut i = 0;
    while i < STOPWORDS.len() {
        let w = STOPWORDS[i].as_bytes();
        assert!(w.len() <= 5, "a stopword of at most five bytes");
        let mut b = [0u8; 8];
        let mut j = 0;
        while j < w.len() {
            b[j] = w[j];
            j += 1;
        }
        blocks[i] = u64::from_le_bytes(b) | ((w.len() as u64) << 56);
        i += 1;
    }
    blocks
};

/// Slots of [`STOPWORD_TABLE`] (a power of two, under half of them filled).
const STOPWORD_SLOTS: usize = 128;

/// The slot of [`STOPWORD_TABLE`] a [`stopword_block`] is looked for from: the top bits of
/// a multiply, which mix every byte of the block in.
const fn stopword_slot(block: u64) -> usize {
    (block.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - STOPWORD_SLOTS.trailing_zeros())) as usize
}

/// [`STOPWORD_BLOCKS`] in an open-addressed table (linear probing from [`stopword_slot`],
/// 0 for an empty slot: no block is 0, its length byte is not).
static STOPWORD_TABLE: [u64; STOPWORD_SLOTS] = {
    let mut table = [0u64; STOPWORD_SLOTS];
    let mut i = 0;
    while i < STOPWORD_BLOCKS.len() {
        let mut at = stopword_slot(STOPWORD_BLOCKS[i]);
        while table[at] != 0 {
            at = (at + 1) % STOPWORD_SLOTS;
        }
        table[at] = STOPWORD_BLOCKS[i];
        i += 1;
    }
    table
};

/// Whether a [`stopword_block`] is one of [`STOPWORD_BLOCKS`]: a probe or two of
/// [`STOPWORD_TABLE`] instead of a compare with each of them (most words of a text are
/// short, and each was compared with all 46).
fn is_stopword_block(block: u64) -> bool {
    let mut at = stopword_slot(block);
    loop {
        match STOPWORD_TABLE[at] {
            0 => return false,
            b if b == block => return true,
            _ => at = (at + 1) % STOPWORD_SLOTS,
        }
    }
}

/// Whether a word key is one of the [`STOPWORDS`]. ASCII case is ignored (`The` is one too);
/// the keys it is asked about are lowercase already.
pub(crate) fn is_stopword(w: &str) -> bool {
    w.is_ascii() && w.len() <= 5 && is_stopword_block(stopword_block(w.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(words(input), expected, "{input}");
    }

    /// [`each_word`] against `unicode_words`.
    fn check_split(text: &str) {
        let mut got = Vec::new();
        each_word(text, |w| got.push(w));
        let expected: Vec<&str> = text.unicode_words().collect();
        assert_eq!(got, expected, "{text:?}");
    }

    /// Every character [`word_class`] knows, and a few it does not.
    fn alphabet() -> Vec<char> {
        let mut chars: Vec<char> = ('\0'..='\u{24F}').chain('\u{2000}'..='\u{206F}').collect();
        chars.extend(['\u{5D0}', '\u{5D1}', '\u{301}', '\u{AD}', 'Σ', 'ア', '日', '\u{FF0E}', '😀']);
        chars
    }

    #[test]
    fn words_split_as_unicode_words_does() {
        for text in [
            "The U.N. inquiry’s 1,000.5 reports: don't stop; a_b __ _ x_1 1_x",
            "“We are,” he said — Korea’s. ‘Quoted’ «guillemets» end.",
            "a.b.c a..b a.1 1.a 1,2,3 1;2 a;b a:b 1:2 a:1 a' 'a a’ ’a 1'2 1’2",
            "Détaillé’s rapports, l’ONU’s ÆØÅ ǅungla ǂ × ÷ é×e",
            "א\"ב and א'ב with Hebrew, Σίσυφος, ア, 日本, soft\u{AD}hyphen, e\u{301}",
            "",
            "...",
            "a",
            "a.",
            "1,",
        ] {
            check_split(text);
        }
        // Each character between letters, between digits, between a letter and a digit, alone
        // and doubled.
        for c in alphabet() {
            for pattern in ["a{}b", "1{}2", "a{}1", "1{}a", "{}", "{}{}", "a{}", "{}a", "_{}_", "a{}{}b", "a.{}b"] {
                check_split(&pattern.replace("{}", &c.to_string()));
            }
        }
        // Many mixed strings over a small alphabet of every class.
        for text in random_strings("aZé1 .,;:'’_-—“”\"\nǂ\u{2024}\u{2027}", 12, 3000, 7) {
            check_split(&text);
        }
    }

    /// `count` strings of up to `longest` characters drawn from `pool` ([`crate::test_rng`]).
    fn random_strings(pool: &str, longest: usize, count: usize, seed: u64) -> Vec<String> {
        let pool: Vec<char> = pool.chars().collect();
        let mut below = crate::test_rng::below(seed);
        (0..count).map(|_| (0..below(longest + 1)).map(|_| pool[below(pool.len())]).collect()).collect()
    }

    /// [`split_ascii`] against [`split_known`] (and `unicode_words`) on ASCII strings over
    /// every class, many joined and broken middle characters among them.
    #[test]
    fn ascii_split_is_the_known_split() {
        let check = |text: &str| {
            let mut fast = Vec::new();
            split_ascii(text, &mut |w| fast.push(w));
            let mut known = Vec::new();
            let classes = text.char_indices().map(|(i, c)| (i, word_class(c).unwrap_or(WordClass::Other)));
            split_known(text, classes, &mut |w| known.push(w));
            assert_eq!(fast, known, "{text:?}");
            check_split(text);
        };
        for text in
            ["", "a", "_", "__", "a_", "_1", ".", "a.", ".a", "a.b", "1.2", "a.1", "1:2", "a:b:", "1,2,3,", "x'"]
        {
            check(text);
        }
        for text in random_strings("aZ1_ .,;:'\"-\n", 14, 5000, 17) {
            check(&text);
        }
    }

    #[test]
    fn block_lowercase_is_ascii_lowercase() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'Q', b'r', 0xC3, b'@', b'[', b'`', b'{', b'Z'];
                bytes[at] = b;
                let expected = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
                assert_eq!(lowercase_block(u64::from_le_bytes(bytes)), expected, "{bytes:?}");
            }
        }
        let text = b"ThE QuIcK\xC3\xA9";
        for len in 0..=text.len() {
            let mut padded = [0u8; 8];
            for (p, b) in padded.iter_mut().zip(&text[..len]) {
                *p = b.to_ascii_lowercase();
            }
            assert_eq!(block(&text[..len]), u64::from_le_bytes(padded), "{len}");
        }
    }

    #[test]
    fn key_hashes_lowercase_ascii_and_tell_keys_apart() {
        let mut seen = std::collections::HashMap::new();
        for w in ["", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghabcdefgh", "détaillé", "a\0", "\0"] {
            let h = hash_key(w);
            assert_eq!(key_hash(w.to_ascii_uppercase().as_bytes()), h, "{w:?}");
            assert_eq!(seen.insert(h, w), None, "{w:?} and {:?}", seen.get(&h));
        }
        // Keys differing in one bit anywhere, or in length only, hash apart.
        let base = b"abcdefghijklmnopq".to_vec();
        for len in 0..base.len() {
            assert_ne!(key_hash(&base[..len]), key_hash(&base[..len + 1]));
            for bit in 0..7 {
                let mut other = base[..len + 1].to_vec();
                other[len] ^= 1 << bit;
                if other[len].to_ascii_lowercase() != base[len] {
                    assert_ne!(key_hash(&base[..len + 1]), key_hash(&other), "{len} {bit}");
                }
            }
        }
    }

    #[test]
    fn stopwords_by_block_are_the_list() {
        for w in STOPWORDS {
            assert!(is_stopword(w), "{w}");
            let (_, is_content) = ascii_word_hash(w.to_ascii_uppercase().as_bytes());
            assert!(!is_content || w == "thi", "{w}");
        }
        for w in ["", "x", "thes", "abouts", "th", "tha", "whic", "wasn", "the\0", "é", "hé", "said."] {
            assert!(!is_stopword(w), "{w:?}");
        }
    }

    #[test]
    fn plain_latin_keys_are_folded_as_the_long_way() {
        let long = |w: &str| {
            let mut key = w.nfc().collect::<String>().to_lowercase().replace('’', "'");
            stem_in_place(&mut key);
            key
        };
        let plain: Vec<char> = ('\0'..='\u{24F}').filter(|&c| is_plain_latin(c)).chain(['’']).collect();
        let mut key = String::new();
        for &c in &plain {
            for &d in &plain {
                let w: String = [c, d, 'e'].into_iter().collect();
                key_into(&w, &mut key);
                assert_eq!(key, long(&w), "{w:?}");
            }
        }
        for w in ["Korea’s", "DÉTAILLÉS", "İstanbul", "ǅungla", "Œuvres’", "Straße"] {
            key_into(w, &mut key);
            assert_eq!(key, long(w), "{w:?}");
        }
    }

    #[test]
    fn hashes_follow_the_keys() {
        for text in ["The UN inquiry detailed", "Détaillé’s rapports, l’ONU’s", "meeting meetings met"] {
            let keys: Vec<u64> = words(text).iter().map(|k| hash_key(k)).collect();
            assert_eq!(word_hashes(text), keys, "{text}");
        }
        assert_eq!(word_hashes("Detailing details"), word_hashes("detailed DETAIL"));
        for text in ["", "—", "one", "one two", "“We are,” he said", "U.N. 1,000"] {
            assert_eq!(count_words(text), word_hashes(text).len(), "{text}");
        }
    }

    /// The ASCII way to a word's hash and content test agrees with the key's.
    #[test]
    fn ascii_word_hashes_follow_the_keys() {
        let stems =
            ["", "a", "ab", "abc", "ABC", "Abcd", "class", "S", "ss", "Ing", "ED", "x'y", "U.N", "1,000", "a_b"];
        let ends = ["", "s", "S", "'s", "'S", "es", "ED", "ed", "ing", "ING", "ings", "s's", "ss", "g", "d", "'", "x"];
        let mut words: Vec<String> = stems.iter().flat_map(|s| ends.iter().map(move |e| format!("{s}{e}"))).collect();
        words.extend(
            ["The", "THIS", "This", "thi", "Said", "WHICH", "about", "Abouts", "after", "it", "I", "a", "An"]
                .map(String::from),
        );
        let mut key = String::new();
        for w in &words {
            key_into(w, &mut key);
            let expected = (hash_key(&key), key.len() > 1 && !is_stopword(&key));
            assert_eq!(ascii_word_hash(w.as_bytes()), expected, "{w:?} (key {key:?})");
        }
    }

    #[test]
    fn stems_are_the_long_ways() {
        // The stem as first written, without the test of the last letter.
        let long = |w: &str| {
            let mut w = w.to_string();
            if w.ends_with("'s") {
                w.truncate(w.len() - 2);
            }
            for suffix in ["ing", "ed", "es", "s"] {
                if let Some(base) = w.strip_suffix(suffix)
                    && base.chars().count() >= 3
                    && !(suffix == "s" && base.ends_with('s'))
                {
                    w.truncate(base.len());
                    break;
                }
            }
            w
        };
        let stems = ["", "a", "ab", "abc", "abcd", "class", "é", "éé", "ééé", "s", "ss", "ing", "ed", "mé"];
        let ends = ["", "s", "'s", "es", "ed", "ing", "ings", "s's", "ss", "g", "d", "e", "'", "x", "é", "ing's"];
        for stem in stems {
            for end in ends {
                let word = format!("{stem}{end}");
                let mut got = word.clone();
                stem_in_place(&mut got);
                assert_eq!(got, long(&word), "{word:?}");
            }
        }
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
    fn reference_keys(para: &str, range: &Range<usize>) -> (Vec<u64>, Vec<u64>) {
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
        (shingles, content)
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
            // Quotation marks against words, middle characters and digits on either side.
            "one two three four five six.“seven eight” nine ten eleven twelve thirteen fourteen",
            "one two three four five six,\"7 8 9\"10,11 twelve thirteen fourteen fifteen sixteen",
            "a’b c d e f g h “i j k l m n o”p q r s t u v w x y z. Next one two three four five six",
            "Alpha beta gamma delta epsilon “zeta eta theta iota kappa”. Lambda mu nu xi omicron pi",
            "Start of a sentence one two three “quoted words run on. Across a sentence end” and more words here",
            "Voilà l’été: “déjà vu”, café crème et thé au lait pour tous les soirs d’été ici",
            "Tail words one two three four five six seven “open to the end of the paragraph",
        ];
        let sentences = paragraph_sentences(&paragraphs);
        // The sentences from the pieces `extract` keeps are the same.
        let extracted: Vec<crate::extract::Paragraph> = paragraphs
            .iter()
            .map(|p| crate::extract::Paragraph::new(p.to_string(), 1, 1, crate::extract::ParagraphKind::Body))
            .collect();
        assert_eq!(article_sentences(&extracted), sentences);
        let keys = paragraph_keys(&paragraphs, &sentences);
        assert_eq!(keys.len(), sentences.iter().map(Vec::len).sum::<usize>());
        let mut got = keys.iter();
        let sorted = |keys: &[u64]| {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            keys
        };
        for (para, ranges) in paragraphs.iter().zip(&sentences) {
            for range in ranges {
                let sentence = &para[range.clone()];
                let k = got.next().expect("keys for each sentence");
                let (shingles, content) = reference_keys(para, range);
                assert_eq!(sorted(k.shingles), shingles, "{sentence:?}");
                assert_eq!(sorted(k.content), content, "{sentence:?}");
            }
        }
        assert_eq!(got.next(), None);
        // Buffers left over from other articles change nothing.
        let mut scratch = Scratch::default();
        let quoted: Vec<Vec<Range<usize>>> =
            paragraphs.iter().map(|p| crate::outlets::quotes::quoted_ranges(p)).collect();
        for p in (0..paragraphs.len()).rev() {
            let one = paragraph_keys_in(&paragraphs[p..=p], &sentences[p..=p], &quoted[p..=p], &mut scratch);
            assert_eq!(one, paragraph_keys(&paragraphs[p..=p], &sentences[p..=p]));
        }
        assert_eq!(paragraph_keys_in(&paragraphs, &sentences, &quoted, &mut scratch), keys);
        // Quoted words are left out of the shingles, kept in the content words.
        let first_of = |p: usize| sentences[..p].iter().map(Vec::len).sum::<usize>();
        let quoted = keys.iter().nth(first_of(1)).expect("a sentence");
        assert!(quoted.shingles.is_empty(), "{quoted:?}");
        assert!(quoted.content.contains(&hash_key("process")));
    }

    /// The table finds every stopword block and no other block, as the list does.
    #[test]
    fn stopword_table_holds_the_stopword_blocks() {
        for b in STOPWORD_BLOCKS {
            assert!(is_stopword_block(b), "{b:x}");
        }
        assert_eq!(STOPWORD_TABLE.iter().filter(|&&b| b != 0).count(), STOPWORD_BLOCKS.len());
        let mut below = crate::test_rng::below(5);
        let letters = b"abcdefghijklmnopqrstuvwxyzAEHT'0";
        for _ in 0..200_000 {
            let word: Vec<u8> = (0..1 + below(5)).map(|_| letters[below(letters.len())]).collect();
            let block = stopword_block(&word);
            assert_eq!(is_stopword_block(block), STOPWORD_BLOCKS.contains(&block), "{word:?}");
        }
        for w in ["the", "The", "THE", "thi", "this", "about", "abou", "", "a", "x", "ab"] {
            assert_eq!(is_stopword(w), STOPWORDS.contains(&w.to_ascii_lowercase().as_str()), "{w}");
        }
    }

    #[test]
    fn distinct_keys_are_the_sorted_set() {
        let mut state: u64 = 3;
        for len in 0..80 {
            // Small keys (one filter bit, always scanned), and the same spread over the top
            // bits (most told apart by the filter, some sharing a bit).
            for (spread, mix) in [(1, 1), (3, 1), (10, 1), (1000, 1), (10, MIX), (1000, MIX), (1 << 20, MIX)] {
                let mut keys: Vec<u64> = (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                        ((state >> 33) % spread).wrapping_mul(mix)
                    })
                    .collect();
                let mut expected = keys.clone();
                expected.sort_unstable();
                expected.dedup();
                distinct(&mut keys);
                let kept = keys.len();
                keys.sort_unstable();
                keys.dedup();
                assert_eq!(kept, keys.len(), "a key kept twice");
                assert_eq!(keys, expected);
            }
        }
    }

    /// [`trim_range`] leaves what `str::trim` leaves, around ASCII and other white space.
    #[test]
    fn trimmed_ranges_are_str_trim() {
        let pool =
            [" ", "\t", "\n", "\r", "\x0B", "\x0C", "\x1F", "\u{A0}", "\u{2009}", "\u{3000}", "a", "é", "’", "."];
        let mut below = crate::test_rng::below(13);
        for _ in 0..20_000 {
            let text: String = (0..below(9)).map(|_| pool[below(pool.len())]).collect();
            let (from, to) = (below(text.len() + 1), below(text.len() + 1));
            let (from, to) = (from.min(to), from.max(to));
            if !text.is_char_boundary(from) || !text.is_char_boundary(to) {
                continue;
            }
            let s = &text[from..to];
            let lead = s.len() - s.trim_start().len();
            assert_eq!(trim_range(&text, from..to), from + lead..from + lead + s.trim().len(), "{text:?} {from} {to}");
        }
    }

    #[test]
    fn sentences_are_ranges() {
        let t = "One two. Three U.N. four.  ";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(s, ["One two.", "Three U.N. four."]);
    }
}
