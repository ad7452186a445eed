//! The offline search index: a classic script (`assets/search-index.js`) that assigns the
//! documents to `window.DOSSIER_SEARCH`, so search works from `file://` without `fetch`.
//!
//! Compact by construction: each document carries a short snippet (its opening words, shown
//! in results) and, for matching, the rest of its words once each, already folded (lower
//! case, accents removed) the way `search.js` folds a query. A word the snippet already holds
//! is not repeated. No pretty-printing.

use std::hash::Hasher;
use std::ops::Range;

use rustc_hash::FxHasher;
use unicode_normalization::UnicodeNormalization;

use crate::markdown::DocRef;
use crate::site::{Site, paths};

/// Characters of text kept as a document's snippet.
const SNIPPET_CHARS: usize = 160;

/// One document of the index as its JSON object, written directly (no intermediate strings
/// for its words, no serializer; built in parallel): compact JSON as `serde_json` writes it,
/// with every `<` in a string written `\u003c` (`</script>` and HTML comment openers cannot
/// appear in the file, so it stays safe to inline), for `{"t":…,"k":…,"u":…,"x":…,"w":…}`, where `t` is the title shown in results, `k` the
/// kind (article, note, term, event), `u` the page path from the output root (with anchor),
/// `x` the snippet (the text's opening, cut at a word) and `w` the text's other words, folded,
/// each once, space-separated (the key is omitted when there are none). `text` is the
/// document's pieces (an article's paragraphs) as if joined by spaces.
fn doc_json(t: &str, k: &str, u: &str, text: &[&str]) -> String {
    let len: usize = text.iter().map(|p| p.len()).sum();
    // The words are a part of the text (the snippet's words and repeats left out).
    let mut out = String::with_capacity(t.len() + u.len() + len * 3 / 4 + 256);
    out.push_str("{\"t\":");
    json_str(&mut out, t);
    out.push_str(",\"k\":");
    json_str(&mut out, k);
    out.push_str(",\"u\":");
    json_str(&mut out, u);
    out.push_str(",\"x\":");
    let snippet = snippet_of_pieces(text);
    json_str(&mut out, &snippet);
    let before_words = out.len();
    out.push_str(",\"w\":\"");
    let mut first = true;
    each_new_word(text, len, &snippet, |word, plain| {
        if !first {
            out.push(' ');
        }
        first = false;
        if plain {
            out.push_str(word);
        } else {
            json_escape_into(&mut out, word);
        }
    });
    if first {
        out.truncate(before_words);
    } else {
        out.push('"');
    }
    out.push('}');
    out
}

/// `s` as a JSON string ([`json_escape_into`]).
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    json_escape_into(out, s);
    out.push('"');
}

/// The inside of a JSON string, as `serde_json` escapes it, and `<` as `\u003c`
/// ([`text::json_escape_into`]).
fn json_escape_into(out: &mut String, s: &str) {
    super::text::json_escape_into(out, s, true);
}

/// Lower case without accents, as `search.js`'s `fold`.
fn fold(s: &str) -> String {
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

/// [`fold`] appended to `out`. Words of ASCII, Latin letters and general punctuation (news
/// text's `Korea’s`, `Zürich`, `end—game`) are folded a character at a time without
/// allocating: those characters lowercase one by one as the whole word would (no final sigma
/// among them), and their canonical decompositions are a letter and marks, so no reordering
/// crosses from one character to the next. Other words take the long way.
fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(pushed) = out.get_mut(start..) {
            pushed.make_ascii_lowercase();
        }
    } else if s
        .chars()
        .all(|c| c.is_ascii() || matches!(c, '\u{C0}'..='\u{24F}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'))
    {
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            for lower in c.to_lowercase() {
                unicode_normalization::char::decompose_canonical(lower, |d| {
                    if !is_accent(d) {
                        out.push(d);
                    }
                });
            }
        }
    } else {
        out.extend(s.to_lowercase().nfd().filter(|&c| !is_accent(c)));
    }
}

/// The combining diacritical marks `search.js` strips.
fn is_accent(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The snippet (the opening of `text`, at most [`SNIPPET_CHARS`], cut at a space) and the
/// folded words of `text` that the folded snippet does not already contain: what
/// [`doc_json`] writes as `x` and `w`.
#[cfg(test)]
fn snippet_and_words(text: &str) -> (String, String) {
    let snippet = snippet_of_pieces(&[text]);
    let mut words = String::new();
    each_new_word(&[text], text.len(), &snippet, |word, _| {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    });
    (snippet, words)
}

/// The snippet of a text given in pieces joined by spaces: its opening, at most
/// [`SNIPPET_CHARS`], cut at a space.
fn snippet_of_pieces(text: &[&str]) -> String {
    // The opening of the text with its white space collapsed, just past the snippet's length
    // (the cut only looks that far).
    let mut head = String::new();
    let mut head_chars = 0;
    for word in text.iter().flat_map(|piece| piece.split_whitespace()) {
        if head_chars > SNIPPET_CHARS {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
            head_chars += 1;
        }
        head.push_str(word);
        head_chars += word.chars().count();
    }
    match head.char_indices().nth(SNIPPET_CHARS) {
        None => head,
        Some((end, _)) => {
            let cut = head[..end].rfind(' ').unwrap_or(end);
            format!("{}…", &head[..cut])
        }
    }
}

/// Calls `f` with each word of a text given in pieces joined by spaces (`len` bytes in all),
/// folded, once, in order of first appearance, unless the folded `snippet` contains it; and
/// whether the word surely holds nothing [`json_escape_into`] escapes (`false` when it may).
///
/// The words are those of `split_whitespace`, trimmed to their alphanumeric ends
/// ([`trim_to_alphanumeric`]) and folded ([`fold_into`]). An ASCII word (nearly all of them)
/// is cut and classified in one pass over its bytes ([`ascii_token`]) and trimmed by its
/// offsets, and one without capitals is its own folding, looked up without being copied; a
/// word with a non-ASCII byte takes the general way. (Every word of the search index, 12
/// million at 10,000 articles, goes through here: offsets, not string slices and iterators.)
fn each_new_word(text: &[&str], len: usize, snippet: &str, mut f: impl FnMut(&str, bool)) {
    let folded_snippet = fold(snippet);
    let in_snippet = Substrings::new(&folded_snippet);
    // Every word is looked up once in one set of the folded words met so far; only a new one
    // is copied into the set and tested against the snippet (the answer for a folded word
    // never changes, so a word met again is skipped either way).
    let mut seen = WordSet::with_capacity(len / 16);
    let mut folded = String::new();
    let mut word = |folded: &str, plain: bool| {
        if folded.is_empty() || !seen.insert(folded) || in_snippet.contains(folded) {
            return;
        }
        f(folded, plain);
    };
    for piece in text {
        let bytes = piece.as_bytes();
        let mut at = 0;
        while let Some((start, end, class)) = ascii_token(bytes, at) {
            at = end;
            if class & NON_ASCII != 0 {
                // Unicode white space may lie inside: split again, the general way.
                for w in piece.get(start..end).unwrap_or_default().split_whitespace() {
                    folded.clear();
                    fold_into(trim_to_alphanumeric(w), &mut folded);
                    word(&folded, false);
                }
                continue;
            }
            // ASCII: trimmed to its alphanumeric ends by offsets.
            let (mut start, mut end) = (start, end);
            while start < end && !bytes[start].is_ascii_alphanumeric() {
                start += 1;
            }
            while end > start && !bytes[end - 1].is_ascii_alphanumeric() {
                end -= 1;
            }
            let raw = piece.get(start..end).unwrap_or_default();
            if class & UPPER == 0 {
                word(raw, class & JSON_SPECIAL == 0);
            } else {
                folded.clear();
                folded.push_str(raw);
                folded.make_ascii_lowercase();
                word(&folded, class & JSON_SPECIAL == 0);
            }
        }
    }
}

/// [`ascii_token`]'s classes of a byte (bits of [`BYTE_CLASS`]).
const SPACE: u8 = 1;
const UPPER: u8 = 2;
const NON_ASCII: u8 = 4;
/// `"`, `\`, `<` and the control characters: what [`json_escape_into`] escapes.
const JSON_SPECIAL: u8 = 8;

/// The class bits of each byte.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if matches!(c, b'\t'..=b'\r' | b' ') {
            SPACE
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c >= 0x80 {
            NON_ASCII
        } else if c < 0x20 || matches!(c, b'"' | b'\\' | b'<') {
            JSON_SPECIAL
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The next run of `bytes` from offset `at` between ASCII white space: its start and end
/// offsets and the union of its bytes' classes; `None` when only white space is left. Cut at
/// ASCII bytes, so at character boundaries of a `str`'s bytes; a run with a non-ASCII byte
/// may still hold Unicode white space (U+00A0).
fn ascii_token(bytes: &[u8], at: usize) -> Option<(usize, usize, u8)> {
    let mut start = at;
    while BYTE_CLASS[usize::from(*bytes.get(start)?)] == SPACE {
        start += 1;
    }
    let mut class = 0;
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        let c = BYTE_CLASS[usize::from(b)];
        if c == SPACE {
            break;
        }
        class |= c;
        end += 1;
    }
    Some((start, end, class))
}

/// `word` without the characters that are not alphanumeric at either end:
/// `word.trim_matches(|c: char| !c.is_alphanumeric())`, by bytes for an ASCII word.
fn trim_to_alphanumeric(word: &str) -> &str {
    if !word.is_ascii() {
        return word.trim_matches(|c: char| !c.is_alphanumeric());
    }
    let bytes = word.as_bytes();
    let start = bytes.iter().position(u8::is_ascii_alphanumeric).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |i| i + 1);
    word.get(start..end).unwrap_or_default()
}

/// A set of words kept in one buffer: no `String` per word, and a word is hashed once to be
/// looked up and inserted. An open-addressed table (linear probing, a power of two long, at
/// most half full) holds 1 + each word's number in `words`, which keeps its hash and where
/// it lies in `text`; a slot is compared by hash first, then byte for byte, so the answers
/// are a set's whatever the hashes. (The search index looks up 12 million words at 10,000
/// articles: a general hash map's entry and a `memcmp` call for each were most of its cost.)
struct WordSet {
    text: String,
    /// Each word's hash and its range in `text`, in order of insertion.
    words: Vec<(u64, Range<usize>)>,
    /// 0 for an empty slot, else 1 + the word's index in `words`.
    slots: Vec<usize>,
}

impl WordSet {
    fn with_capacity(words: usize) -> WordSet {
        WordSet {
            text: String::with_capacity(words * 8),
            words: Vec::with_capacity(words),
            slots: vec![0; (2 * words).next_power_of_two().max(16)],
        }
    }

    /// Adds `word`; whether it was not in the set yet.
    fn insert(&mut self, word: &str) -> bool {
        let mut h = FxHasher::default();
        h.write(word.as_bytes());
        self.insert_hashed(word, h.finish())
    }

    /// [`WordSet::insert`] with the word's hash given (tests give colliding ones).
    fn insert_hashed(&mut self, word: &str, hash: u64) -> bool {
        if 2 * (self.words.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        // The hash's low bits pick the slot (truncating it is the point).
        let mut i = hash as usize & mask;
        while let Some(&slot) = self.slots.get(i)
            && slot != 0
        {
            if let Some((h, range)) = self.words.get(slot - 1)
                && *h == hash
                && self.text.as_bytes().get(range.clone()) == Some(word.as_bytes())
            {
                return false;
            }
            i = (i + 1) & mask;
        }
        let at = self.text.len()..self.text.len() + word.len();
        self.text.push_str(word);
        self.words.push((hash, at));
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = self.words.len();
        }
        true
    }

    /// Doubles the table and places every word again.
    fn grow(&mut self) {
        let mut slots = vec![0; 2 * self.slots.len()];
        let mask = slots.len() - 1;
        for (k, (hash, _)) in self.words.iter().enumerate() {
            let mut i = *hash as usize & mask;
            while slots[i] != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = k + 1;
        }
        self.slots = slots;
    }
}

/// Substring tests against one short text (a snippet), asked for every word of a document.
/// Most words are not in the snippet: a word with a pair of adjacent bytes the text does not
/// hold cannot be in it, and that is told from a bit table of the text's byte pairs before
/// the substring search runs.
struct Substrings<'a> {
    text: &'a str,
    /// Bit `(a % 64) * 64 + b % 64` is set for each adjacent byte pair `a b` of `text`.
    pairs: [u64; 64],
}

impl<'a> Substrings<'a> {
    fn new(text: &'a str) -> Substrings<'a> {
        let mut pairs = [0u64; 64];
        for w in text.as_bytes().windows(2) {
            let bit = pair_bit(w[0], w[1]);
            pairs[bit / 64] |= 1 << (bit % 64);
        }
        Substrings { text, pairs }
    }

    /// Whether `needle` occurs in the text: `text.contains(needle)`.
    fn contains(&self, needle: &str) -> bool {
        let absent = needle.as_bytes().windows(2).any(|w| {
            let bit = pair_bit(w[0], w[1]);
            self.pairs[bit / 64] & (1 << (bit % 64)) == 0
        });
        !absent && self.text.contains(needle)
    }
}

fn pair_bit(a: u8, b: u8) -> usize {
    usize::from(a % 64) * 64 + usize::from(b % 64)
}

/// `window.DOSSIER_SEARCH = [...]` with every article, note, term and editor event.
pub(super) fn index_script(site: &Site) -> String {
    use rayon::prelude::*;
    let mut docs: Vec<String> = site
        .articles
        .par_iter()
        .map(|a| {
            let text: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
            doc_json(
                &format!("{} — {}", a.display_title(), a.display_outlet()),
                "article",
                &format!("{}#{}", paths::article(&a.slug), paths::article_anchor(&a.slug)),
                &text,
            )
        })
        .collect();
    for (i, n) in site.notes.iter().enumerate() {
        let x = site.docs.get(DocRef::Note(i)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(doc_json(&n.source.front.title, "note", &format!("{}#{}", paths::note(&n.slug), n.anchor), &[&x]));
    }
    for t in &site.glossary.terms {
        let mut names = vec![t.headword.clone()];
        names.extend(t.abbr.clone());
        names.extend(t.aliases.iter().cloned());
        docs.push(doc_json(
            &t.headword,
            "term",
            &format!("{}#{}", paths::GLOSSARY, t.anchor),
            &[&format!("{} — {}", names.join(", "), t.plain_definition)],
        ));
    }
    for (_, e) in site.timeline.entries.iter().enumerate().filter(|(_, e)| e.is_editor()) {
        let body = e.body.and_then(|b| site.docs.get(b)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(doc_json(
            &format!("{} — {}", e.date.long(), e.title),
            "event",
            &format!("{}#{}", paths::TIMELINE, e.anchor),
            &[&body],
        ));
    }
    script(&docs)
}

/// `window.DOSSIER_SEARCH = [<docs>];`, the documents' JSON objects ([`doc_json`]) joined in
/// one buffer of the exact size (the index of a large dossier is tens of megabytes: written
/// once, never grown by doubling and copied).
fn script(docs: &[String]) -> String {
    const PREFIX: &str = "window.DOSSIER_SEARCH = [";
    const SUFFIX: &str = "];\n";
    let len = PREFIX.len() + docs.iter().map(|d| d.len() + 1).sum::<usize>() + SUFFIX.len();
    let mut out = String::with_capacity(len);
    out.push_str(PREFIX);
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(doc);
    }
    out.push_str(SUFFIX);
    out
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashSet;

    use super::*;

    /// The index's document as first written: serialized by `serde_json`.
    #[derive(serde::Serialize)]
    struct Doc {
        t: String,
        k: &'static str,
        u: String,
        x: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        w: String,
    }

    /// Compact JSON with every `<` in a string written `\u003c`: `</script>` and HTML comment
    /// openers cannot appear in a JSON string written this way, but the file stays safe to
    /// inline anyway. (`<` occurs only inside strings: the keys are our own.)
    struct EscapeLt;

    impl serde_json::ser::Formatter for EscapeLt {
        fn write_string_fragment<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            fragment: &str,
        ) -> std::io::Result<()> {
            let mut rest = fragment;
            while let Some(i) = rest.find('<') {
                writer.write_all(&rest.as_bytes()[..i])?;
                writer.write_all(b"\\u003c")?;
                rest = &rest[i + 1..];
            }
            writer.write_all(rest.as_bytes())
        }
    }

    /// The script as first written: the documents serialized with [`EscapeLt`].
    fn script_by_serde(docs: &[Doc]) -> String {
        let mut out = b"window.DOSSIER_SEARCH = ".to_vec();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, EscapeLt);
        serde::Serialize::serialize(docs, &mut ser).expect("serialisable");
        out.extend_from_slice(b";\n");
        String::from_utf8(out).expect("UTF-8")
    }

    /// The words of `text` as [`each_new_word`] cuts them with [`ascii_token`], and the class
    /// of each ASCII one.
    fn words_by_tokens(text: &str) -> Vec<(&str, Option<u8>)> {
        let mut words = Vec::new();
        let mut at = 0;
        while let Some((start, end, class)) = ascii_token(text.as_bytes(), at) {
            assert!(at <= start && start < end, "{text:?}");
            assert!(text[at..start].bytes().all(|b| BYTE_CLASS[usize::from(b)] == SPACE), "{text:?}");
            let token = &text[start..end];
            at = end;
            if class & NON_ASCII == 0 {
                words.push((token, Some(class)));
            } else {
                words.extend(token.split_whitespace().map(|w| (w, None)));
            }
        }
        words
    }

    /// [`ascii_token`] and [`trim_to_alphanumeric`] against the standard library's, and the
    /// classes against the words' bytes.
    #[test]
    fn words_are_cut_as_split_whitespace_and_trim_matches_do() {
        let pool: Vec<char> =
            "a Z1 \t\n\r\x0B\x0C\u{A0}\u{2009}\u{3000}é—“”.,'’-_\u{85}日\"\\<\u{1}\u{1F}\u{7F}".chars().collect();
        let mut state: u64 = 11;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..(state % 17) {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push(pool[(state >> 33) as usize % pool.len()]);
            }
            state = state.wrapping_add(1);
            let got = words_by_tokens(&text);
            assert_eq!(got.iter().map(|w| w.0).collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
            for (w, class) in got {
                if let Some(class) = class {
                    assert_eq!(class & UPPER != 0, w.bytes().any(|b| b.is_ascii_uppercase()), "{w:?}");
                    let mut escaped = String::new();
                    json_escape_into(&mut escaped, w);
                    assert_eq!(class & JSON_SPECIAL != 0, escaped != w, "{w:?}");
                }
                assert_eq!(trim_to_alphanumeric(w), w.trim_matches(|c: char| !c.is_alphanumeric()), "{w:?}");
            }
        }
    }

    /// A [`WordSet`] answers as a set of strings does, whatever the hashes: real ones, every
    /// word colliding with every other, and a few buckets.
    #[test]
    fn the_word_set_answers_as_a_set() {
        let words = ["a", "b", "a", "", "ab", "ba", "b", "", "zürich", "zurich", "zürich", "ab", "abc", "c"];
        // `None`: the set's own hash.
        type Hash = fn(&str) -> Option<u64>;
        let hashes: [Hash; 3] = [|_| None, |_| Some(7), |w| Some(w.len() as u64 % 2)];
        for hash in hashes {
            let (mut set, mut reference) = (WordSet::with_capacity(2), FxHashSet::default());
            for w in words {
                let new = match hash(w) {
                    None => set.insert(w),
                    Some(h) => set.insert_hashed(w, h),
                };
                assert_eq!(new, reference.insert(w), "{w:?}");
            }
        }
    }

    /// (text, snippet, words)
    const CASES: &[(&str, &str, &str)] = &[
        ("Short text.", "Short text.", ""),
        ("  Spaced\n\tout  ", "Spaced out", ""),
        ("Café in Zürich", "Café in Zürich", ""),
    ];

    #[test]
    fn short_texts_are_their_own_snippet() {
        for &(text, snippet, words) in CASES {
            assert_eq!(snippet_and_words(text), (snippet.to_string(), words.to_string()), "{text:?}");
        }
    }

    /// The snippet as first written: collapse all of the text's white space, then cut.
    fn snippet_of_collapsed(text: &str) -> String {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.char_indices().nth(SNIPPET_CHARS) {
            None => text.clone(),
            Some((end, _)) => format!("{}…", &text[..text[..end].rfind(' ').unwrap_or(end)]),
        }
    }

    #[test]
    fn the_snippet_is_cut_from_the_opening_as_from_the_whole_collapsed_text() {
        let words = ["a", "Zürich", "x", "überlange-Wörter-ohne-Ende", "—", "é", "word"];
        for n in 0..400 {
            // Words of many lengths, joined by runs of mixed white space, around the cut.
            let mut text = String::new();
            for i in 0..(n % 97) + 1 {
                text.push_str(words[(i * 7 + n) % words.len()]);
                text.push_str(["  ", "\n", " ", "\t \n"][(i + n) % 4]);
            }
            let text = "x".repeat(n % 180) + " " + &text;
            assert_eq!(snippet_and_words(&text).0, snippet_of_collapsed(&text), "{text:?}");
        }
        let long_word = "y".repeat(400);
        assert_eq!(snippet_and_words(&long_word).0, snippet_of_collapsed(&long_word));
    }

    /// [`fold`] the long way, as first written.
    fn fold_long(s: &str) -> String {
        s.to_lowercase().nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
    }

    #[test]
    fn words_fold_as_the_long_way() {
        let chars: Vec<char> = ('\0'..='\u{24F}')
            .chain('\u{2000}'..='\u{206F}')
            .chain(['Σ', 'ς', 'İ', 'ﬁ', '\u{301}', '\u{5B0}', '日'])
            .collect();
        for &c in &chars {
            for &d in &chars {
                let w: String = ['A', c, d, 'e'].into_iter().collect();
                assert_eq!(fold(&w), fold_long(&w), "{w:?}");
            }
        }
        for w in ["ΣΊΣΥΦΟΣ", "Zürich", "Korea’s", "end—game", "İstanbul", "e\u{301}\u{5B0}\u{316}", "ǅungla"]
        {
            assert_eq!(fold(w), fold_long(w), "{w:?}");
        }
    }

    /// The words as first written: each distinct raw word folded once, dropped when the
    /// folded snippet contains it or it was seen.
    fn words_reference(text: &str) -> String {
        let folded_snippet = fold(&snippet_and_words(text).0);
        let (mut raw_seen, mut seen, mut words) = (FxHashSet::default(), FxHashSet::default(), Vec::new());
        for word in text.split_whitespace() {
            let raw = word.trim_matches(|c: char| !c.is_alphanumeric());
            if raw.is_empty() || !raw_seen.insert(raw) {
                continue;
            }
            let word = fold_long(raw);
            if folded_snippet.contains(&word) || !seen.insert(word.clone()) {
                continue;
            }
            words.push(word);
        }
        words.join(" ")
    }

    #[test]
    fn words_are_those_of_the_first_way() {
        let pool = [
            "The",
            "the",
            "THE",
            "Zürich",
            "zurich",
            "ZÜRICH",
            "“quoted”",
            "end—game",
            "U.N.",
            "court",
            "courts",
            "—",
            "there",
            "the’s",
            "Élysée",
            "elysee",
            "ΣΊΣΥΦΟΣ",
            "x",
        ];
        for n in 0..300 {
            let text: Vec<&str> = (0..(n % 90) + 1).map(|i| pool[(i * 7 + n * 3 + i * i) % pool.len()]).collect();
            let text = text.join(if n % 2 == 0 { " " } else { "  \n" });
            assert_eq!(snippet_and_words(&text).1, words_reference(&text), "{text:?}");
        }
    }

    #[test]
    fn substring_tests_agree_with_str_contains() {
        let texts = ["", "a", "the north korean delegation met the un", "café zürich — “quoted”", "aaaa bbbb"];
        let needles = [
            "",
            "a",
            "th",
            "the",
            "north",
            "korean delegation",
            "un",
            "nu",
            "zur",
            "zürich",
            "é",
            "“q",
            "ab",
            "aab",
            "bbbbb",
            "xyz",
            "n ",
            " m",
        ];
        for text in texts {
            let s = Substrings::new(text);
            for needle in needles {
                assert_eq!(s.contains(needle), text.contains(needle), "{needle:?} in {text:?}");
            }
        }
        // Every substring of a text is found.
        let text = "the élysée and the un’s court";
        let s = Substrings::new(text);
        for (i, _) in text.char_indices() {
            for (j, _) in text.char_indices().skip_while(|&(j, _)| j <= i) {
                assert!(s.contains(&text[i..j]), "{:?}", &text[i..j]);
            }
        }
    }

    #[test]
    fn the_first_script_escaped_every_less_than_sign_as_escaping_the_whole_json_did() {
        let doc = |t: &str, x: &str, w: &str| Doc {
            t: t.to_string(),
            k: "note",
            u: "a.html#b".to_string(),
            x: x.to_string(),
            w: w.to_string(),
        };
        for docs in [
            vec![],
            vec![doc("<script>", "a < b <!-- c", "")],
            vec![doc("plain", "“quoted” \\ \"x\" \n\t\u{1}", "<<"), doc("", "", "é<")],
        ] {
            let json = serde_json::to_string(&docs).expect("serialisable");
            assert_eq!(script_by_serde(&docs), format!("window.DOSSIER_SEARCH = {};\n", json.replace('<', "\\u003c")));
        }
    }

    /// [`json_escape_into`] against `serde_json` with [`EscapeLt`]: every ASCII character,
    /// alone and between others, and non-ASCII text.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let by_serde = |s: &str| {
            let mut out = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut out, EscapeLt);
            serde::Serialize::serialize(s, &mut ser).expect("serialisable");
            String::from_utf8(out).expect("UTF-8")
        };
        let mut texts: Vec<String> =
            ('\0'..='\u{7F}').flat_map(|c| [c.to_string(), format!("ab{c}é{c}{c}日")]).collect();
        texts.extend(["", "“quoted” </script> <!-- \\\"", "\u{80}\u{2028}\u{FEFF}😀"].map(str::to_string));
        for text in texts {
            let mut out = String::new();
            json_str(&mut out, &text);
            assert_eq!(out, by_serde(&text), "{text:?}");
        }
    }

    /// The script written directly is the script serialized from the same documents, as first
    /// done: each document's text given in pieces (an article's paragraphs) and joined by
    /// spaces, with text needing escapes and white space at the pieces' edges.
    #[test]
    fn the_script_is_written_as_serde_json_wrote_it() {
        let pool = [
            "The",
            "<b>",
            "\"quoted\"",
            "back\\slash",
            "tab\there",
            "\u{1}ctl",
            "Zürich",
            "ZÜRICH",
            "“curly”",
            "",
            " ",
            "\n\n",
            "a<b",
            "word",
            "x",
            "日本",
            "A<B\"C\\D",
        ];
        let mut texts: Vec<Vec<String>> = vec![vec![], vec![String::new()], vec![String::new(), String::new()]];
        for n in 0..200 {
            let pieces = (0..n % 7)
                .map(|i| {
                    let words = (0..(n * 3 + i * 5) % 60).map(|j| pool[(j * 7 + n + i * i) % pool.len()]);
                    words.collect::<Vec<_>>().join(["", " ", "  \n"][(n + i) % 3])
                })
                .collect();
            texts.push(pieces);
        }
        let mut docs = Vec::new();
        let mut direct = Vec::new();
        for (n, pieces) in texts.iter().enumerate() {
            let (t, u) = (format!("Title {n} <i>\"{}\"</i>", pool[n % pool.len()]), format!("a/{n}.html#x<"));
            let (x, w) = snippet_and_words(&pieces.join(" "));
            docs.push(Doc { t: t.clone(), k: "article", u: u.clone(), x, w });
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            direct.push(doc_json(&t, "article", &u, &pieces));
            assert_eq!(script(&direct), script_by_serde(&docs), "{pieces:?}");
        }
        assert_eq!(script(&[]), script_by_serde(&[]));
    }

    #[test]
    fn long_texts_keep_a_snippet_and_each_other_word_once_folded() {
        let opening = "word ".repeat(40);
        let text = format!("{opening}Zürich, ZÜRICH and the Élysée; the end-game.");
        let (snippet, words) = snippet_and_words(&text);
        assert!(snippet.ends_with('…') && snippet.chars().count() <= SNIPPET_CHARS + 1, "{snippet}");
        assert_eq!(words, "zurich and the elysee end-game");
    }
}
