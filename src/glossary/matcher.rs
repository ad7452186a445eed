//! Glossary term matching: text → every mention of every glossary term.
//!
//! Part of the `glossary` stage. [`Matcher::new`] compiles the terms' headwords,
//! abbreviations and aliases into one Aho-Corasick automaton
//! ([`MatchKind::LeftmostLongest`]); [`Matcher::find`] returns the mentions in a text,
//! sorted by start and never overlapping, as byte ranges into the text it was given.
//!
//! # How text is compared
//! Patterns and text go through the same *matching form* before the search:
//! - Unicode NFC. The text may be in any form; ranges always point into the original.
//! - Case folding (full Unicode lowercase plus the case-folding extras `ß`→`ss`, final
//!   sigma, …, and `İ`→`i` so `İZMİR` = `İzmir`) for headwords and aliases; no extra
//!   crate is needed for that. Abbreviations, and every pattern of a term with
//!   `case_sensitive`, are then checked against the text's unfolded form, so `ICC` never
//!   matches `icc`. Case-insensitive aliases that are common words (`court`) will match
//!   everywhere; that is the glossary author's choice, which is why `abbr` is exact.
//! - Any run of whitespace (NBSP and line breaks included), hyphens (`-` U+2010–U+2013,
//!   small and full-width hyphen) and zero-width spaces is one separator: `Kim Jong Un`
//!   matches `Kim Jong-Un`, `Kim  Jong\nUn` and `Kim Jong–un`. The em dash is *not* a
//!   separator: it is punctuation between clauses, not inside names.
//! - Curly and straight apostrophes (`’ ‘ ʼ '`) are the same character.
//! - Soft hyphens and invisible joiners (U+00AD, U+2060, U+FEFF) are ignored.
//!
//! # Word boundaries
//! A mention must not start or end inside a word. Word characters are letters, digits and
//! combining marks of any script (and ZWJ/ZWNJ). Hence `UN` is not found in `UNITED`,
//! `UNESCO` or `RUN`. Separators are boundaries, so `UN-led` mentions `UN`; apostrophes
//! are boundaries, so `UN's` and `l'ONU` mention `UN` and `ONU`. A boundary is only
//! required where the pattern's own edge is a word character, so `U.N.` matches at the
//! end of a sentence (`… by the U.N.`) and before a comma.
//!
//! Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan) never
//! need a boundary: `金正恩` is found inside `朝鲜领导人金正恩表示`. Hangul is written with
//! spaces, but Korean particles attach to the noun, so a Hangul term may be followed by
//! up to three particles (`김정은이`, `김정은은`, `김정은에게는`); the particle is not part of
//! the range. This can over-match when one term is the prefix of another word plus
//! something that looks like a particle (`김정` in `김정은`); the longer term wins when
//! both are in the glossary.
//!
//! # Possessives and plurals
//! `Darusman's` / `Darusman’s` mention `Darusman`; the range covers `Darusman` only, so
//! the link does not swallow the `’s`. Plurals are part of the mention: a pattern whose
//! last character is a Latin letter also matches with `s` (`rapporteurs`, `NGOs`), with
//! `es` after `s x z ch sh` and lowercase `o` (`witnesses`, `embargoes`), and consonant + `y` as `ies`
//! (`authorities`); the range covers the suffix. Only the last word is inflected.
//!
//! # Conflicts
//! At one position the longest mention wins (`UN Security Council` over `UN`,
//! `Hague-based court` over `Hague`). If two terms share a pattern (after normalisation),
//! the first term in the slice wins; a pattern written in the glossary beats a plural
//! derived from another term's pattern. Empty patterns, or patterns that normalise to
//! nothing, are ignored.
//!
//! # How it is searched
//! Word boundaries are written into the searched form: a word start and a word end
//! become the characters U+0001 and U+0002 (real control characters in the text are turned
//! into separators first), and patterns carry the same marks. The automaton then only
//! reports candidates that start and end on word boundaries, so `un` is never even a
//! candidate inside `run` or `under`, and one leftmost-longest pass finds the mentions.
//! A candidate can still be refused (abbreviation in the wrong case, Hangul term
//! followed by a non-particle); then shorter patterns at the same start are tried, and
//! the search resumes one character later.
//!
//! As every mention starts at a word mark, that pass can skip most of the text: when
//! every pattern starts with a word (not so for a pattern in an unspaced script, or one
//! starting with punctuation) and the text is in NFC, the text is cut into words without
//! building its searched form, and a word start is only searched when its word is the
//! first word of a pattern of one word, or it and the next word are the first two words
//! of a pattern (a set of word hashes that ignore ASCII case). There the searched form is
//! built for a window as long as the longest pattern that word begins (plus what the
//! checks above read after it) and searched anchored. Trying the word starts in order
//! gives what the one pass gives; other texts and glossaries take the one pass.
//!
//! # Cost
//! Building is linear in the total pattern length. A search of an NFC text (the NFC quick
//! check) reads it once, eight bytes at a time when it is ASCII, and hashes each word
//! into a set of a few KB; only at the rare candidate word starts does it build a short
//! window of searched form and walk the automaton (a compact NFA, whose few states a
//! search visits stay in cache) at most the length of a pattern. The one pass (other
//! texts) builds the searched form once (linear: only clusters that need it are
//! normalised; the offset map only stores anchors where offsets stop advancing together)
//! and runs a DFA over it; a refused candidate costs a re-search of at most the pattern's
//! length. On the generated 10,000-article dossier (mostly ASCII, a mention every ~60
//! words) the search takes about a third of what the one pass took.
//! `cargo bench --bench glossary` (`benches/glossary.rs`)
//! measures 1,000–10,000 articles of 4 KB against 500 terms with 1,500 aliases.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// The patterns of one glossary term, as written in `glossary.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermPatterns {
    /// The headword (`term = …`); matched case-insensitively unless `case_sensitive`.
    pub headword: String,
    /// The abbreviation; always matched case-sensitively.
    pub abbr: Option<String>,
    /// Other names; matched case-insensitively unless `case_sensitive`.
    pub aliases: Vec<String>,
    /// Match the headword and aliases case-sensitively too.
    pub case_sensitive: bool,
}

/// One mention of a term in a searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the term in the slice given to [`Matcher::new`].
    pub term: usize,
    /// Byte range of the mention in the searched text (always on `char` boundaries).
    pub range: Range<usize>,
    /// The text of the mention as it appears (`text[range]`).
    pub matched: String,
}

/// The compiled patterns of a glossary; build once, search many texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The patterns in search form (empty when no term has a usable pattern).
    patterns: Vec<String>,
    /// For each automaton pattern, the terms that may claim a hit, best first.
    claims: Vec<Vec<Claim>>,
    /// The word-start search, when every pattern starts at a word start.
    words: Option<WordStarts>,
    /// The automaton for scanning a whole searched form, built on first use: only texts
    /// the word-start search does not cover need it. `None` inside if the build failed.
    full: OnceLock<Option<AhoCorasick>>,
}

/// What the word-start search needs: a mention can only start at a word start whose word
/// is the first word of some pattern.
#[derive(Debug, Clone)]
struct WordStarts {
    /// The patterns, searched anchored at a word start of a small window of searched form.
    anchored: AhoCorasick,
    /// A Bloom-style set of what a pattern's words need of a text's words where it starts
    /// (see [`Filter`]); a word start the set refuses cannot start a mention.
    filter: Vec<u64>,
    /// Some pattern is one Hangul word left open for particles: its first word is only a
    /// prefix of the text's word, so every word with a non-ASCII char is a candidate.
    open_first_word: bool,
    /// For the [`word_hash`] of each first word, the longest pattern it begins (bytes).
    longest: HashMap<u64, usize>,
    /// Searched-form bytes [`Matcher::accept`] reads after a pattern.
    lookahead: usize,
    /// Searched-form bytes a window holds for a word that may begin a pattern left open:
    /// the longest pattern and the lookahead.
    window: usize,
}

/// Searched-form bytes [`Matcher::accept`] may read after a candidate: the next char, after
/// up to three particles of up to three Hangul chars when the candidate is left open.
const LOOKAHEAD: usize = 4;
const LOOKAHEAD_OPEN: usize = 3 * 3 * 3 + 4;

/// A term's claim on an automaton pattern (patterns are in folded matching form).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Claim {
    /// Derived plural forms rank after patterns written in the glossary.
    derived: bool,
    term: usize,
    /// For case-sensitive patterns: the unfolded matching form the text must equal.
    exact: Option<String>,
}

impl Matcher {
    /// Compiles the patterns of `terms`. Never fails: unusable patterns are skipped.
    pub fn new(terms: &[TermPatterns]) -> Matcher {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut claims: Vec<Vec<Claim>> = Vec::new();
        let mut add = |folded: String, claim: Claim| {
            let id = *ids.entry(folded).or_insert_with_key(|key| {
                patterns.push(key.clone());
                claims.push(Vec::new());
                patterns.len() - 1
            });
            if let Some(list) = claims.get_mut(id)
                && !list.contains(&claim)
            {
                list.push(claim);
            }
        };
        for (term, t) in terms.iter().enumerate() {
            let sensitive = std::iter::once(&t.headword)
                .chain(&t.aliases)
                .map(|p| (p.as_str(), t.case_sensitive))
                .chain(t.abbr.as_deref().map(|a| (a, true)));
            for (raw, case_sensitive) in sensitive {
                let written = if case_sensitive { matching_form(raw, false) } else { matching_form(raw, true) };
                if written.is_empty() {
                    continue;
                }
                let mut forms = vec![(written.clone(), false)];
                forms.extend(plurals(&written).into_iter().map(|p| (p, true)));
                for (form, derived) in forms {
                    let search = search_form(&form);
                    let exact = case_sensitive.then_some(form);
                    add(search, Claim { derived, term, exact });
                }
            }
        }
        for list in &mut claims {
            // Stable: among equals, the order of the glossary.
            list.sort_by_key(|c| (c.derived, c.term));
        }
        let words = WordStarts::new(&patterns);
        Matcher { patterns, claims, words, full: OnceLock::new() }
    }

    /// All mentions, sorted by start, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let nfc = is_nfc_text(text);
        match &self.words {
            Some(words) if nfc => self.find_at_words(text, words).unwrap_or_else(|| self.find_full(text, nfc)),
            _ => self.find_full(text, nfc),
        }
    }

    /// [`Matcher::find`] by scanning the whole searched form of `text` (`nfc`: `text` is
    /// known to be in NFC, clusters need no normalising).
    fn find_full(&self, text: &str, nfc: bool) -> Vec<Match> {
        let mut out = Vec::new();
        let Some(ac) = self.full.get_or_init(|| {
            // Fails only past the crate's size limits; then nothing is found.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                // Every pattern starts with the word mark, which occurs before every word:
                // a start-byte prefilter would stop at each word. A DFA scanning straight
                // through is several times faster (memory: a few MB for 500 terms).
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&self.patterns)
                .ok()
        }) else {
            return out;
        };
        let key = Key::build(text, Form::SEARCHED_TEXT, nfc);
        let hay = key.text.as_str();
        let mut pos = 0;
        let mut last_end = 0;
        while pos < hay.len() {
            let Some(m) = ac.try_find(Input::new(hay).span(pos..hay.len())).ok().flatten() else {
                break;
            };
            let start = m.start();
            let (mut end, mut pattern) = (m.end(), m.pattern().as_usize());
            // Word marks make every hit start at a word start. The longest hit may still
            // fail the case check or a Hangul end while a shorter pattern at the same
            // start would pass: shrink.
            let hit = loop {
                if let Some(hit) = self.accept(text, 0, &key, start..end, pattern) {
                    break Some(hit);
                }
                let shorter = Input::new(hay).span(start..end.saturating_sub(1).max(start));
                match ac.try_find(shorter).ok().flatten() {
                    Some(m) if m.start() == start && m.end() < end => {
                        (end, pattern) = (m.end(), m.pattern().as_usize());
                    }
                    _ => break None,
                }
            };
            let Some((term, range)) = hit else {
                let next = hay.get(start..).and_then(|rest| rest.chars().next());
                pos = start + next.map_or(1, char::len_utf8);
                continue;
            };
            pos = end;
            // Ranges snap to whole units of the original (a char, or a cluster NFC
            // changed); never let two mentions share one.
            if range.start >= last_end
                && let Some(matched) = text.get(range.clone())
            {
                last_end = range.end;
                let matched = matched.to_string();
                out.push(Match { term, range, matched });
            }
        }
        out
    }

    /// [`Matcher::find`] for a text in NFC, word by word: a word start is only searched
    /// (anchored, in a window of searched form built from there) when its word, or it and
    /// the next word, can begin some pattern ([`Filter`]). As every pattern starts with
    /// [`WORD_START`], trying the word starts in order finds what one leftmost-longest
    /// scan of the whole searched form finds. `None` for a text with a char this does not
    /// model (see [`Token::word_hash`]).
    fn find_at_words(&self, text: &str, words: &WordStarts) -> Option<Vec<Match>> {
        let mut scan =
            WordScan { matcher: self, words, text, out: Vec::new(), window: Key::default(), next: 0, last_end: 0 };
        if text.is_ascii() {
            // Words are the runs of ASCII letters and digits.
            let bytes = text.as_bytes();
            alnum_runs(bytes, |start, end| {
                let word = word_hash_at(bytes, start..end);
                let second = || {
                    let rest = bytes.get(end..).unwrap_or_default();
                    let from = rest.iter().position(u8::is_ascii_alphanumeric)? + end;
                    let to = bytes
                        .get(from..)?
                        .iter()
                        .position(|b| !b.is_ascii_alphanumeric())
                        .map_or(bytes.len(), |n| from + n);
                    Some(word_hash_at(bytes, from..to))
                };
                if let Some(window) = words.starts(word, false, || Some(second()))? {
                    scan.try_at(start, window);
                }
                Some(())
            });
            return Some(scan.out);
        }
        let mut folded = String::new();
        let mut rest = text;
        while let Some(token) = Token::next(&mut rest, text.len()) {
            let Some(word) = token.word_hash(&mut folded)? else {
                continue;
            };
            let other = matches!(token.kind, TokenKind::Other);
            if let Some(window) = words.starts(word, other, || next_word_hash(rest, &mut folded))? {
                // The word starts at its first char that is not ignored.
                let ignored = token.text.len() - token.text.trim_start_matches(is_ignored).len();
                scan.try_at(token.start + ignored, window);
            }
        }
        Some(scan.out)
    }

    /// The longest accepted mention starting at the word start `start` of `text`, searched
    /// in the first `limit` bytes of its searched form (built into `window`).
    fn find_at(
        &self,
        text: &str,
        start: usize,
        words: &WordStarts,
        window: &mut Key,
        limit: usize,
    ) -> Option<(usize, Range<usize>)> {
        window.fill(text.get(start..)?, Form::SEARCHED_TEXT, true, limit);
        let hay = window.text.as_str();
        let anchored = |end: usize| Input::new(hay).span(0..end).anchored(Anchored::Yes);
        let m = words.anchored.try_find(anchored(hay.len())).ok().flatten()?;
        let (mut end, mut pattern) = (m.end(), m.pattern().as_usize());
        loop {
            if let Some(hit) = self.accept(text, start, window, 0..end, pattern) {
                return Some(hit);
            }
            match words.anchored.try_find(anchored(end.saturating_sub(1))).ok().flatten() {
                Some(m) if m.end() < end => (end, pattern) = (m.end(), m.pattern().as_usize()),
                _ => return None,
            }
        }
    }

    /// Checks the end of a Hangul term and the case of a candidate at `span` of the
    /// search form of `text[base..]`; returns the claiming term and the range in `text`.
    fn accept(
        &self,
        text: &str,
        base: usize,
        key: &Key,
        span: Range<usize>,
        pattern: usize,
    ) -> Option<(usize, Range<usize>)> {
        let hay = key.text.as_str();
        let last = hay.get(span.clone())?.chars().next_back()?;
        let rest = hay.get(span.end..)?;
        if let Some(next) = rest.chars().next()
            && is_wordish(last)
            && is_wordish(next)
            && !(is_hangul(last) && particles_then_boundary(rest, 0))
        {
            return None;
        }
        let range = base + key.map.start(span.start)..base + key.map.end(span.end);
        let mut unfolded = None;
        for claim in self.claims.get(pattern)? {
            match &claim.exact {
                None => return Some((claim.term, range)),
                Some(exact) => {
                    let original = text.get(range.clone()).unwrap_or("");
                    // A run of ASCII letters and digits (`ICC`) is its own unfolded form.
                    let same = if original.bytes().all(|b| b.is_ascii_alphanumeric()) {
                        original == exact
                    } else {
                        *unfolded.get_or_insert_with(|| matching_form(original, false)) == *exact
                    };
                    if same {
                        return Some((claim.term, range));
                    }
                }
            }
        }
        None
    }
}

impl WordStarts {
    /// `None` when some pattern does not start with a word (a pattern in an unspaced
    /// script, or starting with punctuation): only the full scan finds those.
    fn new(patterns: &[String]) -> Option<WordStarts> {
        if patterns.is_empty() {
            return None;
        }
        let mut keys = Vec::new();
        let mut longest: HashMap<u64, usize> = HashMap::new();
        let mut open_first_word = false;
        for p in patterns {
            let words = p.strip_prefix(WORD_START)?;
            let Some((first, rest)) = words.split_once(WORD_END) else {
                // Only a Hangul word is left open, so it never starts an ASCII word.
                if words.is_ascii() {
                    return None;
                }
                open_first_word = true;
                continue;
            };
            let first = word_hash(first.as_bytes());
            keys.push(Filter::First(first));
            let len = longest.entry(first).or_default();
            *len = p.len().max(*len);
            // The second word, when it is whole (an open word is only a prefix of the text's).
            let second = rest.split_once(WORD_START).and_then(|(_, w)| w.split_once(WORD_END));
            keys.push(match second {
                Some((second, _)) => Filter::Pair(first, word_hash(second.as_bytes())),
                None => Filter::Single(first),
            });
        }
        // About 32 bits a key: few false candidates, and the set stays in the L1 cache.
        let bits = (keys.len() * 32).next_power_of_two().clamp(1 << 12, 1 << 20);
        let mut filter = vec![0u64; bits / 64];
        for key in keys {
            let bit = key.bit(bits);
            if let Some(w) = filter.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        let anchored = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // A search walks a few states deep from a word start: the compact NFA keeps them
            // in cache where the DFA's table (a few MB) would miss at every step.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(patterns)
            .ok()?;
        // Only a pattern left open (ending in Hangul) reads particles after its end.
        let open_end = patterns.iter().any(|p| !p.ends_with(WORD_END) && p.chars().next_back().is_some_and(is_hangul));
        let lookahead = if open_end { LOOKAHEAD_OPEN } else { LOOKAHEAD };
        let window = patterns.iter().map(String::len).max().unwrap_or(0) + lookahead;
        Some(WordStarts { anchored, filter, open_first_word, longest, lookahead, window })
    }

    /// Whether a word start may begin a mention, from the [`word_hash`] of its word and of
    /// the next word (`second`, asked only when needed; `None` at the end of the text);
    /// `other`: the word has a non-ASCII char. If so, the searched-form bytes a window
    /// must hold to search there. `None` outside when `second` is.
    fn starts(&self, word: u64, other: bool, second: impl FnOnce() -> Option<Option<u64>>) -> Option<Option<usize>> {
        if other && self.open_first_word {
            return Some(Some(self.window));
        }
        // Most words stop here, at one bit of a set in the L1 cache.
        if !self.has(Filter::First(word)) {
            return Some(None);
        }
        if !self.has(Filter::Single(word)) && !second()?.is_some_and(|second| self.has(Filter::Pair(word, second))) {
            return Some(None);
        }
        // No entry: the filter was wrong, no pattern begins with this word.
        Some(self.longest.get(&word).map(|len| len + self.lookahead))
    }

    /// Whether the filter holds `key`.
    fn has(&self, key: Filter) -> bool {
        let bit = key.bit(self.filter.len() * 64);
        self.filter.get(bit / 64).is_some_and(|w| w & (1 << (bit % 64)) != 0)
    }
}

/// What [`WordStarts`] records of a pattern, from the [`word_hash`] of its words: a text
/// word can only start a mention if it is the first word of a pattern of one word, or if
/// it and the next word are the first two words of a pattern.
#[derive(Clone, Copy)]
enum Filter {
    /// The first word of a pattern.
    First(u64),
    /// The first word of a pattern of one word (or whose second word is open).
    Single(u64),
    /// The first two words of a pattern.
    Pair(u64, u64),
}

impl Filter {
    /// The bit of a set of `bits` bits (a power of two) that holds this key.
    fn bit(self, bits: usize) -> usize {
        let h = match self {
            Filter::First(w) => w,
            Filter::Single(w) => (w ^ 0x5151_5151_5151_5151).wrapping_mul(HASH_K),
            Filter::Pair(first, second) => (first.rotate_left(31) ^ second).wrapping_mul(HASH_K),
        };
        (h >> (64 - bits.trailing_zeros())) as usize
    }
}

/// A search of one text word by word ([`Matcher::find_at_words`]).
struct WordScan<'a> {
    matcher: &'a Matcher,
    words: &'a WordStarts,
    text: &'a str,
    out: Vec<Match>,
    /// The searched form of the text from the word start being tried (reused).
    window: Key,
    /// A word start is searched when no earlier hit covers its mark: the mark's unit
    /// starts at or after where the hit's last unit ends.
    next: usize,
    /// Where the last mention ends.
    last_end: usize,
}

impl WordScan<'_> {
    /// Searches at the word start `start`, a candidate, in a window of `limit` bytes;
    /// records the mention found.
    fn try_at(&mut self, start: usize, limit: usize) {
        if start < self.next {
            return;
        }
        let Some((term, range)) = self.matcher.find_at(self.text, start, self.words, &mut self.window, limit) else {
            return;
        };
        self.next = range.end;
        if range.start >= self.last_end
            && let Some(matched) = self.text.get(range.clone())
        {
            self.last_end = range.end;
            let matched = matched.to_string();
            self.out.push(Match { term, range, matched });
        }
    }
}

/// Calls `f` with the range of every run of ASCII letters and digits of an ASCII text, in
/// order, until `f` returns `None`. Eight bytes at a time: a text of short words would
/// otherwise mispredict a branch at both ends of every word.
fn alnum_runs(bytes: &[u8], mut f: impl FnMut(usize, usize) -> Option<()>) {
    let mut in_run = false;
    let mut start = 0;
    let mut chunks = bytes.chunks_exact(8);
    let mut pos = 0;
    for chunk in &mut chunks {
        let mask = alnum_mask(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        // Bit j: byte j is in a run and byte j - 1 is not, or the other way round.
        let mut changes = (mask ^ ((mask << 1) | u64::from(in_run))) & 0xFF;
        while changes != 0 {
            let at = pos + changes.trailing_zeros() as usize;
            changes &= changes - 1;
            if in_run {
                if f(start, at).is_none() {
                    return;
                }
            } else {
                start = at;
            }
            in_run = !in_run;
        }
        pos += 8;
    }
    for &b in chunks.remainder() {
        if b.is_ascii_alphanumeric() != in_run {
            if in_run {
                if f(start, pos).is_none() {
                    return;
                }
            } else {
                start = pos;
            }
            in_run = !in_run;
        }
        pos += 1;
    }
    if in_run {
        f(start, pos);
    }
}

/// Bit j set when byte j (little-endian) of eight ASCII bytes is a letter or a digit.
fn alnum_mask(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Per byte, `v + (0x80 - lo)` has its high bit set when v >= lo; no byte carries as
    // every byte is below 0x80.
    let at_least = |v: u64, lo: u64| v + ONES * (0x80 - lo);
    let lower = x | (ONES * 0x20);
    let letter = at_least(lower, b'a'.into()) & !at_least(lower, u64::from(b'z') + 1);
    let digit = at_least(x, b'0'.into()) & !at_least(x, u64::from(b'9') + 1);
    let high = (letter | digit) & (ONES * 0x80);
    // Gather the eight high bits into the low byte.
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// A hash of a word that ignores ASCII case: every byte is hashed with bit 5 set, which
/// lowercases ASCII letters and leaves digits alone (and maps other bytes consistently).
fn word_hash(word: &[u8]) -> u64 {
    let mut h = (word.len() as u64).wrapping_mul(HASH_K);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        h = hash_mix(h, u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        h = hash_mix(h, tail.iter().rev().fold(0, |v, &b| (v << 8) | u64::from(b)));
    }
    h ^ (h >> 29)
}

/// [`word_hash`] of `bytes[word]`; a word shorter than eight bytes is read with one load
/// where the text goes on far enough.
fn word_hash_at(bytes: &[u8], word: Range<usize>) -> u64 {
    let len = word.len();
    if (1..8).contains(&len)
        && let Some(eight) = bytes.get(word.start..word.start + 8)
    {
        let v = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])) & ((1 << (8 * len)) - 1);
        let h = hash_mix((len as u64).wrapping_mul(HASH_K), v);
        return h ^ (h >> 29);
    }
    word_hash(bytes.get(word).unwrap_or_default())
}

const HASH_K: u64 = 0x9E37_79B9_7F4A_7C15;

fn hash_mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ (v | 0x2020_2020_2020_2020)).wrapping_mul(HASH_K)
}

/// The hash of the next word of `rest` (`None` at the end); `None` outside when a token
/// is not modelled (see [`Token::word_hash`]).
fn next_word_hash(mut rest: &str, folded: &mut String) -> Option<Option<u64>> {
    let len = rest.len();
    while let Some(token) = Token::next(&mut rest, len) {
        if let Some(hash) = token.word_hash(folded)? {
            return Some(Some(hash));
        }
    }
    Some(None)
}

/// A run of text between delimiters, chars that always end a word in the searched form
/// (ASCII other than letters and digits, separators, apostrophes, any char whose folded
/// form is not a word character). Its searched form is one word or nothing (ignored
/// chars only).
struct Token<'a> {
    /// Offset of the token in the text.
    start: usize,
    text: &'a str,
    kind: TokenKind,
}

enum TokenKind {
    /// ASCII letters and digits only: the token is its own word, up to case.
    Ascii,
    /// Some other char (a letter of another script, an ignored char).
    Other,
}

impl<'a> Token<'a> {
    /// The next token of `rest`, a suffix of a text of `len` bytes; advances `rest` past it.
    fn next(rest: &mut &'a str, len: usize) -> Option<Token<'a>> {
        let bytes = rest.as_bytes();
        let char_at = |i: usize| rest.get(i..).and_then(|r| r.chars().next());
        let mut i = 0;
        loop {
            let b = *bytes.get(i)?;
            if b.is_ascii_alphanumeric() {
                break;
            } else if b.is_ascii() {
                i += 1;
                continue;
            }
            let c = char_at(i)?;
            if !is_delimiter(c) {
                break;
            }
            i += c.len_utf8();
        }
        let start = i;
        let mut kind = TokenKind::Ascii;
        loop {
            let run = bytes.get(i..).unwrap_or_default();
            i += run.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(run.len());
            match bytes.get(i) {
                Some(b) if !b.is_ascii() => {}
                _ => break,
            }
            let Some(c) = char_at(i).filter(|&c| !is_delimiter(c)) else {
                break;
            };
            kind = TokenKind::Other;
            i += c.len_utf8();
        }
        let token = Token { start: len - rest.len() + start, text: rest.get(start..i)?, kind };
        *rest = rest.get(i..)?;
        Some(token)
    }

    /// The [`word_hash`] of the token's word in searched form (`folded` is scratch space),
    /// `None` for a token of ignored chars only; `None` outside when a char folds to word
    /// and non-word chars both (no known char does): the token model does not cover that.
    fn word_hash(&self, folded: &mut String) -> Option<Option<u64>> {
        match self.kind {
            TokenKind::Ascii => Some(Some(word_hash(self.text.as_bytes()))),
            TokenKind::Other => {
                folded.clear();
                fold_word(self.text, folded).then(|| (!folded.is_empty()).then(|| word_hash(folded.as_bytes())))
            }
        }
    }
}

/// Non-ASCII chars that do not enter the matching form as themselves.
enum Special {
    /// Soft hyphen and invisible joiners: left out.
    Ignored,
    /// Part of a separator (white space, hyphens, zero-width space, control characters).
    Separator,
    /// Written as `'`.
    Apostrophe,
}

/// How a non-ASCII char enters the matching form, if not as itself (folded or not).
fn special(c: char) -> Option<Special> {
    match c {
        '\u{AD}' | '\u{2060}' | '\u{FEFF}' => Some(Special::Ignored),
        '\u{200B}' | '\u{2010}'..='\u{2013}' | '\u{FE63}' | '\u{FF0D}' => Some(Special::Separator),
        c if c.is_whitespace() || c.is_control() => Some(Special::Separator),
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' => Some(Special::Apostrophe),
        _ => None,
    }
}

fn is_ignored(c: char) -> bool {
    !c.is_ascii() && matches!(special(c), Some(Special::Ignored))
}

/// Whether `c` always ends a word in the searched form: it becomes a separator or
/// non-word chars only (see [`KeyBuilder::push`]).
fn is_delimiter(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    match special(c) {
        Some(Special::Ignored) => false,
        Some(Special::Separator | Special::Apostrophe) => true,
        None => {
            let mut word = false;
            fold(c, |f| word |= is_wordish(f));
            !word
        }
    }
}

/// Appends the searched form of a token's word (without marks) to `out`; `false` when a
/// char folds to word and non-word chars both (no known char does): the token model
/// does not cover that.
fn fold_word(token: &str, out: &mut String) -> bool {
    let mut ok = true;
    for c in token.chars() {
        if c.is_ascii() {
            ok &= c.is_ascii_alphanumeric();
            out.push(c.to_ascii_lowercase());
        } else {
            match special(c) {
                Some(Special::Ignored) => {}
                Some(_) => ok = false,
                None => fold(c, |f| {
                    ok &= is_wordish(f);
                    out.push(f);
                }),
            }
        }
    }
    ok
}

/// A word character that needs a boundary: letters, digits and marks of scripts that
/// separate words with spaces.
fn is_wordish(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    (c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '\u{200C}' | '\u{200D}')) && !is_unspaced(c)
}

/// Scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'     // Thai, Lao
        | '\u{0F00}'..='\u{0FFF}'   // Tibetan
        | '\u{1000}'..='\u{109F}'   // Myanmar
        | '\u{1780}'..='\u{17FF}'   // Khmer
        | '\u{2E80}'..='\u{2FDF}'   // CJK radicals
        | '\u{3005}'..='\u{3007}'
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'   // half-width katakana
        | '\u{20000}'..='\u{3FFFF}')
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Korean particles (josa) and copula endings that attach to a noun, longest first.
const PARTICLES: &[&str] = &[
    "이라고",
    "이라는",
    "이었다",
    "에게서",
    "으로서",
    "으로써",
    "에게",
    "에서",
    "으로",
    "께서",
    "한테",
    "까지",
    "부터",
    "처럼",
    "보다",
    "이나",
    "이며",
    "이다",
    "라고",
    "라는",
    "였다",
    "이",
    "가",
    "은",
    "는",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "만",
    "로",
    "께",
    "나",
    "며",
    "랑",
];

/// Whether `rest` starts with up to three Korean particles followed by a word boundary.
fn particles_then_boundary(rest: &str, depth: usize) -> bool {
    if rest.chars().next().is_none_or(|c| !is_wordish(c)) {
        return true;
    }
    depth < 3
        && PARTICLES.iter().any(|p| rest.strip_prefix(p).is_some_and(|after| particles_then_boundary(after, depth + 1)))
}

/// Plural forms of a pattern in matching form (empty if its last letter is not Latin).
fn plurals(form: &str) -> Vec<String> {
    let mut rev = form.chars().rev();
    let Some(last) = rev.next() else {
        return Vec::new();
    };
    let latin = |c: char| {
        c.is_alphabetic() && matches!(c, 'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}')
    };
    if !latin(last) {
        return Vec::new();
    }
    let prev = rev.next();
    let mut out = vec![format!("{form}s")];
    let lower = last.to_ascii_lowercase();
    // `-oes` only after a lowercase `o` (`embargoes`), not after an acronym (`NGOes`).
    let sibilant = matches!(lower, 's' | 'x' | 'z')
        || last == 'o'
        || (lower == 'h' && prev.is_some_and(|p| matches!(p.to_ascii_lowercase(), 'c' | 's')));
    if sibilant {
        out.push(format!("{form}es"));
    }
    let consonant = prev.is_some_and(|p| latin(p) && !matches!(p.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    if last == 'y'
        && consonant
        && let Some(stem) = form.strip_suffix('y')
    {
        out.push(format!("{stem}ies"));
    }
    out
}

/// Marks the start of a word in the search form; patterns that start with a word
/// character start with it too, so the automaton only reports mentions at word starts.
const WORD_START: char = '\u{1}';
/// Marks the end of a word in the search form (see [`WORD_START`]).
const WORD_END: char = '\u{2}';

/// The matching form of a pattern (or of a slice of text), without word marks and
/// trimmed of separators.
fn matching_form(s: &str, fold: bool) -> String {
    let key = Key::build(s, Form { fold, marks: false, map: false }, is_nfc_text(s));
    key.text.trim_matches(' ').to_string()
}

/// The form of a pattern in the automaton: folded, with word marks.
fn search_form(matching_form: &str) -> String {
    let key = Key::build(matching_form, Form { map: false, ..Form::SEARCHED_TEXT }, is_nfc_text(matching_form));
    let mut text = key.text;
    // Particles attach to Hangul nouns: leave the end open and check in `accept`.
    let before_end = text.strip_suffix(WORD_END).and_then(|t| t.chars().next_back());
    if before_end.is_some_and(is_hangul) {
        text.pop();
    }
    text
}

/// Which transformations [`Key::build`] applies.
#[derive(Clone, Copy)]
struct Form {
    /// Case folding (else the case is kept).
    fold: bool,
    /// [`WORD_START`] and [`WORD_END`] around words.
    marks: bool,
    /// Record the offset map (only searched texts need it).
    map: bool,
}

impl Form {
    const SEARCHED_TEXT: Form = Form { fold: true, marks: true, map: true };
}

/// Text in matching form with a map back to the original byte offsets.
#[derive(Default)]
struct Key {
    text: String,
    map: OffsetMap,
}

impl Key {
    /// The form of `original` (`nfc`: `original` is known to be in NFC, see [`is_nfc_text`]).
    fn build(original: &str, form: Form, nfc: bool) -> Key {
        let mut key = Key {
            // Marks add two bytes a word (in news text a word and a space take six or seven
            // bytes): half as much again holds the key without growing it.
            text: String::with_capacity(original.len() + if form.marks { original.len() / 2 + 2 } else { 0 }),
            // A searched text has two anchors a word (its marks): reserved at once rather
            // than grown by doubling.
            map: OffsetMap { anchors: if form.map { Vec::with_capacity(original.len() / 3) } else { Vec::new() } },
        };
        key.fill(original, form, nfc, usize::MAX);
        key
    }

    /// Builds the form of `original` into `self`, reusing its buffers. Stops after the unit
    /// of `original` that makes the form `limit` bytes long: a prefix of the whole form
    /// (without the word end mark the end of `original` adds), which is all a search
    /// anchored at its start needs when `limit` exceeds the longest pattern.
    fn fill(&mut self, original: &str, form: Form, nfc: bool, limit: usize) {
        self.text.clear();
        self.map.anchors.clear();
        if limit < original.len() {
            // A window: room for the limit and the unit that passes it, grown once.
            self.text.reserve(limit + 16);
            self.map.anchors.reserve(limit / 2 + 4);
        }
        let mut b = KeyBuilder {
            text: std::mem::take(&mut self.text),
            anchors: std::mem::take(&mut self.map.anchors),
            form,
            in_separator: false,
            in_word: false,
            unit_orig: 0,
            unit_key: 0,
            word_end: 0,
            predicted_orig: 0,
        };
        let mut complete = true;
        if nfc {
            let bytes = original.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if b.text.len() >= limit {
                    complete = false;
                    break;
                }
                let run = bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                if run > 0 {
                    b.ascii_word(original.get(i..i + run).unwrap_or(""), i);
                    i += run;
                } else if bytes[i].is_ascii() {
                    b.unit(i, 1, std::iter::once(char::from(bytes[i])));
                    i += 1;
                } else if let Some(c) = original.get(i..).and_then(|rest| rest.chars().next()) {
                    b.unit(i, c.len_utf8(), std::iter::once(c));
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
        } else {
            // NFC only composes within a grapheme cluster, so normalise cluster by cluster;
            // a cluster that changes becomes one unit for the offset map.
            for (i, g) in original.grapheme_indices(true) {
                if b.text.len() >= limit {
                    complete = false;
                    break;
                }
                if is_nfc(g) {
                    for (j, c) in g.char_indices() {
                        b.unit(i + j, c.len_utf8(), std::iter::once(c));
                    }
                } else {
                    b.unit(i, g.len(), g.nfc());
                }
            }
        }
        if complete {
            (b.unit_orig, b.unit_key) = (original.len(), b.text.len());
            b.word_boundary(false);
        }
        (self.text, self.map.anchors) = (b.text, b.anchors);
    }
}

/// Whether `s` is known to be in NFC (ASCII, or by the NFC quick check).
fn is_nfc_text(s: &str) -> bool {
    s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

struct KeyBuilder {
    text: String,
    anchors: Vec<Anchor>,
    form: Form,
    /// The last char written was a separator (runs collapse to one).
    in_separator: bool,
    /// The last char written was a word character.
    in_word: bool,
    /// Original offset and key offset of the unit being written.
    unit_orig: usize,
    unit_key: usize,
    /// Original offset just after the last word character (where [`WORD_END`] points).
    word_end: usize,
    /// Original offset the map predicts for the next key byte without a new anchor.
    predicted_orig: usize,
}

impl KeyBuilder {
    /// Appends the matching form of one unit of the original (a char, or a whole
    /// grapheme cluster that NFC changed).
    fn unit(&mut self, orig: usize, orig_len: usize, chars: impl Iterator<Item = char>) {
        self.unit_orig = orig;
        self.unit_key = self.text.len();
        let mut produced = 0;
        for c in chars {
            produced += self.push(c);
        }
        if self.in_word && produced > 0 {
            self.word_end = orig + orig_len;
        }
        let key_len = self.text.len() - self.unit_key;
        if key_len == 0 {
            // Nothing written, nothing to map; the next unit checks the prediction.
            return;
        }
        if key_len == orig_len && produced == 1 && self.predicted_orig == orig {
            self.predicted_orig += orig_len;
        } else {
            self.anchor(self.unit_key, orig, key_len, orig_len);
        }
    }

    /// Appends a run of ASCII letters and digits starting at `orig`: the common case,
    /// written at once. Within the run key and original advance together.
    fn ascii_word(&mut self, run: &str, orig: usize) {
        self.unit_orig = orig;
        self.unit_key = self.text.len();
        self.word_boundary(true);
        self.in_separator = false;
        if self.predicted_orig == orig {
            self.predicted_orig += run.len();
        } else {
            self.anchor(self.text.len(), orig, 1, 1);
            self.predicted_orig += run.len() - 1;
        }
        let start = self.text.len();
        self.text.push_str(run);
        if self.form.fold
            && let Some(pushed) = self.text.get_mut(start..)
        {
            pushed.make_ascii_lowercase();
        }
        self.word_end = orig + run.len();
    }

    fn anchor(&mut self, key: usize, orig: usize, key_len: usize, orig_len: usize) {
        if self.form.map {
            self.anchors.push(Anchor { key, orig, key_len, orig_len });
        }
        self.predicted_orig = orig + orig_len;
    }

    /// Writes a word mark if a word starts or ends before a char of this wordness.
    /// At the start of a unit the mark is a unit of its own, of zero original width.
    fn word_boundary(&mut self, wordish: bool) {
        if !self.form.marks || wordish == self.in_word {
            return;
        }
        self.in_word = wordish;
        let (mark, orig) = if wordish { (WORD_START, self.unit_orig) } else { (WORD_END, self.word_end) };
        let key = self.text.len();
        self.text.push(mark);
        if key == self.unit_key {
            self.anchor(key, orig, 1, 0);
            self.unit_key += 1;
        }
    }

    /// Appends one char in matching form; returns how many chars it produced.
    fn push(&mut self, c: char) -> usize {
        if c.is_ascii() {
            return match c {
                'a'..='z' | '0'..='9' => self.word_char(c),
                'A'..='Z' => self.word_char(if self.form.fold { c.to_ascii_lowercase() } else { c }),
                ' ' | '\t' | '\n' | '\r' | '-' | '\0'..='\x1F' | '\x7F' => self.separator(),
                _ => self.other(c),
            };
        }
        match special(c) {
            Some(Special::Ignored) => 0,
            Some(Special::Separator) => self.separator(),
            Some(Special::Apostrophe) => self.other('\''),
            None if !self.form.fold => {
                if is_wordish(c) {
                    self.word_char(c)
                } else {
                    self.other(c)
                }
            }
            None => {
                let mut n = 0;
                fold(c, |f| n += if is_wordish(f) { self.word_char(f) } else { self.other(f) });
                n
            }
        }
    }

    fn word_char(&mut self, c: char) -> usize {
        self.word_boundary(true);
        self.in_separator = false;
        self.text.push(c);
        1
    }

    fn other(&mut self, c: char) -> usize {
        self.word_boundary(false);
        self.in_separator = false;
        self.text.push(c);
        1
    }

    fn separator(&mut self) -> usize {
        self.word_boundary(false);
        if self.in_separator {
            return 0;
        }
        self.in_separator = true;
        self.text.push(' ');
        1
    }
}

/// Full case folding, approximated by full lowercase plus the folds lowercase misses.
fn fold(c: char, mut out: impl FnMut(char)) {
    let simple = match c {
        'ß' | 'ẞ' => {
            out('s');
            out('s');
            return;
        }
        // Turkic-style: the dotted capital is an `i`, so `İZMİR` = `İzmir` = `Izmir`
        // (default folding would give `i` + U+0307 and `İZMİR` ≠ `İzmir`).
        'İ' => 'i',
        'ς' => 'σ',
        'ſ' => 's',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        'ẛ' => 'ṡ',
        '\u{345}' => 'ι',
        _ => {
            c.to_lowercase().for_each(out);
            return;
        }
    };
    out(simple);
}

/// A unit of the original whose matching form does not have the same byte length (or
/// is not a single char). Between anchors, key and original offsets advance together.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    key: usize,
    orig: usize,
    key_len: usize,
    orig_len: usize,
}

#[derive(Default)]
struct OffsetMap {
    anchors: Vec<Anchor>,
}

impl OffsetMap {
    /// Original offset where the unit producing key byte `k` starts.
    fn start(&self, k: usize) -> usize {
        match self.anchor_at(k) {
            None => k,
            Some(a) if k < a.key + a.key_len => a.orig,
            Some(a) => a.orig + a.orig_len + (k - a.key - a.key_len),
        }
    }

    /// Original offset where the unit producing key byte `k - 1` ends.
    fn end(&self, k: usize) -> usize {
        let Some(p) = k.checked_sub(1) else {
            return 0;
        };
        match self.anchor_at(p) {
            None => k,
            Some(a) if p < a.key + a.key_len => a.orig + a.orig_len,
            Some(a) => a.orig + a.orig_len + (k - a.key - a.key_len),
        }
    }

    /// The last anchor at or before key byte `k`.
    fn anchor_at(&self, k: usize) -> Option<Anchor> {
        let i = self.anchors.partition_point(|a| a.key <= k);
        i.checked_sub(1).and_then(|i| self.anchors.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(headword: &str, abbr: Option<&str>, aliases: &[&str]) -> TermPatterns {
        TermPatterns {
            headword: headword.to_string(),
            abbr: abbr.map(str::to_string),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            case_sensitive: false,
        }
    }

    /// The glossary most cases use; indices are the `term` numbers in expectations.
    fn glossary() -> Vec<TermPatterns> {
        vec![
            term("United Nations", Some("UN"), &["U.N."]),  // 0
            term("UN Security Council", Some("UNSC"), &[]), // 1
            term("International Criminal Court", Some("ICC"), &["Hague-based court"]), // 2
            term("Marzuki Darusman", None, &["Darusman"]),  // 3
            term("special rapporteur", None, &["rapporteur"]), // 4
            term("sanctions", None, &["sanction"]),         // 5
            term("Kim Jong Un", None, &["김정은", "金正恩"]), // 6
            term("Côte d'Ivoire", None, &[]),               // 7
            term("Dag Hammarskjöld Fund", None, &[]),       // 8
            term("witness", None, &["authority"]),          // 9
            term("non-governmental organisation", Some("NGO"), &[]), // 10
            term("Hague", None, &[]),                       // 11
            term("İzmir", None, &["Straße", "Σίσυφος"]),    // 12
        ]
    }

    /// Finds with `terms` in `text` and compares `(term, matched)` pairs; also checks
    /// that every range points at its `matched` text.
    fn check_with(terms: &[TermPatterns], text: &str, expected: &[(usize, &str)]) {
        let found = Matcher::new(terms).find(text);
        for m in &found {
            assert_eq!(text.get(m.range.clone()), Some(m.matched.as_str()), "{text:?}");
        }
        let got: Vec<(usize, &str)> = found.iter().map(|m| (m.term, m.matched.as_str())).collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    fn check(text: &str, expected: &[(usize, &str)]) {
        check_with(&glossary(), text, expected);
    }

    #[test]
    fn ascii_letters_and_digits_are_their_own_unfolded_form() {
        // `accept` compares such a mention with a case-sensitive pattern directly.
        for run in ["ICC", "UN", "G7", "a1B2", "x", ""] {
            assert_eq!(matching_form(run, false), run, "{run:?}");
        }
    }

    #[test]
    fn longest_wins() {
        check("the UN Security Council met", &[(1, "UN Security Council")]);
        check("the UN and the UNSC", &[(0, "UN"), (1, "UNSC")]);
        check("the Hague-based court ruled", &[(2, "Hague-based court")]);
        check("in The Hague, the court", &[(11, "Hague")]);
        check("United Nations Security Council", &[(0, "United Nations")]);
    }

    #[test]
    fn shorter_pattern_when_longest_fails_boundary() {
        let terms = [term("court", None, &[]), term("court of", None, &[])];
        check_with(&terms, "the court offers", &[(0, "court")]);
        check_with(&terms, "the court of appeal", &[(1, "court of")]);
    }

    #[test]
    fn word_boundaries() {
        check("UNITED", &[]);
        check("UNESCO and UNICEF", &[]);
        check("RUN, FUN", &[]);
        check("a UN-led force", &[(0, "UN")]);
        check("UN–led", &[(0, "UN")]);
        check("(UN)", &[(0, "UN")]);
        check("the UN's envoy", &[(0, "UN")]);
        check("UN1", &[]);
        check("Darusmanian", &[]);
        check("ICCs", &[(2, "ICCs")]);
    }

    #[test]
    fn dotted_abbreviations() {
        check("the U.N. and the UN", &[(0, "U.N."), (0, "UN")]);
        check("said the U.N.", &[(0, "U.N.")]);
        check("the U.N., which", &[(0, "U.N.")]);
        check("U.N.\nNext", &[(0, "U.N.")]);
        check("U.N", &[]);
    }

    #[test]
    fn abbr_is_case_sensitive() {
        check("the ICC ruled", &[(2, "ICC")]);
        check("the icc ruled", &[]);
        check("the Icc ruled", &[]);
        check("un", &[]);
        check("NGOs and NGOS", &[(10, "NGOs")]);
    }

    #[test]
    fn headword_and_alias_fold_case() {
        check("INTERNATIONAL CRIMINAL COURT", &[(2, "INTERNATIONAL CRIMINAL COURT")]);
        check("the hague-BASED Court", &[(2, "hague-BASED Court")]);
        check("DAG HAMMARSKJÖLD FUND", &[(8, "DAG HAMMARSKJÖLD FUND")]);
        check("dag hammarskjöld fund", &[(8, "dag hammarskjöld fund")]);
        check("STRASSE und Strasse", &[(12, "STRASSE"), (12, "Strasse")]);
        check("ΣΊΣΥΦΟΣ", &[(12, "ΣΊΣΥΦΟΣ")]);
        check("İZMİR, Izmir, izmir", &[(12, "İZMİR"), (12, "Izmir"), (12, "izmir")]);
        check("ızmır", &[]);
    }

    #[test]
    fn shorter_pattern_when_longest_fails_case() {
        let mut inc = term("Apple Inc", None, &[]);
        inc.case_sensitive = true;
        let terms = [inc, term("apple", None, &[])];
        check_with(&terms, "Apple Inc", &[(0, "Apple Inc")]);
        check_with(&terms, "apple inc", &[(1, "apple")]);
    }

    #[test]
    fn control_characters_are_separators() {
        check("UN\u{1}ICC\u{2}UN", &[(0, "UN"), (2, "ICC"), (0, "UN")]);
        check("U\u{1}N \u{0}ICC", &[(2, "ICC")]);
    }

    #[test]
    fn case_sensitive_terms() {
        let mut t = term("Apple", None, &["Mac"]);
        t.case_sensitive = true;
        let terms = [t];
        check_with(&terms, "Apple and apple, Mac and mac", &[(0, "Apple"), (0, "Mac")]);
    }

    #[test]
    fn ranges_survive_length_changing_folds() {
        // 'İ' folds to 'i' (2 → 1 byte), 'ẞ' (3 bytes) to "ss", Kelvin 'K' (3 bytes) to
        // 'k', 'ß' to "ss" (two chars), and 'Ⱥ' (2 bytes) lowercases to 'ⱥ' (3 bytes).
        let text = "İİİ ßẞ \u{212A} ȺȺ ICC İzmir STRAẞE";
        let found = Matcher::new(&glossary()).find(text);
        let got: Vec<_> = found.iter().map(|m| (m.term, m.range.clone())).collect();
        assert_eq!(got, vec![(2, 22..25), (12, 26..32), (12, 33..41)]);
        assert_eq!(&text[22..25], "ICC");
        assert_eq!(&text[26..32], "İzmir");
        assert_eq!(&text[33..41], "STRAẞE");
    }

    #[test]
    fn nfc_both_ways() {
        // Decomposed text, composed pattern: range covers the decomposed bytes.
        let text = "in Co\u{302}te d'Ivoire today";
        let found = Matcher::new(&glossary()).find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 3..18);
        assert_eq!(found[0].matched, "Co\u{302}te d'Ivoire");
        // Decomposed pattern, composed text.
        let terms = [term("Hammarskjo\u{308}ld", None, &[])];
        check_with(&terms, "Dag Hammarskjöld", &[(0, "Hammarskjöld")]);
        check_with(&terms, "Dag Hammarskjold", &[]);
        // A combining mark after the term is part of the word.
        check("Darusman\u{301}", &[]);
    }

    #[test]
    fn possessives_exclude_apostrophe_s() {
        check("Darusman's report", &[(3, "Darusman")]);
        check("Darusman’s report", &[(3, "Darusman")]);
        check("the rapporteurs’ findings", &[(4, "rapporteurs")]);
        check("ICC’s judges", &[(2, "ICC")]);
    }

    #[test]
    fn plurals_extend_the_range() {
        check("two rapporteurs", &[(4, "rapporteurs")]);
        check("special rapporteurs", &[(4, "special rapporteurs")]);
        check("new sanctions", &[(5, "sanctions")]);
        check("a sanction", &[(5, "sanction")]);
        check("the witnesses", &[(9, "witnesses")]);
        check("local authorities", &[(9, "authorities")]);
        check_with(&[term("embargo", Some("NGO"), &[])], "embargoes NGOs NGOes", &[(0, "embargoes"), (0, "NGOs")]);
        check("rapporteurss", &[]);
    }

    #[test]
    fn hyphen_space_apostrophe_variants() {
        for text in [
            "Kim Jong Un",
            "Kim Jong-Un",
            "Kim Jong-un",
            "Kim  Jong Un",
            "Kim\u{A0}Jong\nUn",
            "Kim\r\n  Jong\tUn",
            "Kim Jong–Un",
            "Kim Jong‐Un",
            "KIM JONG UN",
        ] {
            check(text, &[(6, text)]);
        }
        check("Kim Jong—Un", &[]);
        check("Côte d’Ivoire", &[(7, "Côte d’Ivoire")]);
        check("Côte d'Ivoire", &[(7, "Côte d'Ivoire")]);
        check("Côte d\u{2019}ivoire", &[(7, "Côte d\u{2019}ivoire")]);
        check("Daru\u{AD}sman", &[(3, "Daru\u{AD}sman")]);
    }

    #[test]
    fn whitespace_around_mentions_is_not_in_the_range() {
        let text = "\u{A0}\u{A0}ICC\u{AD}\u{A0}\n";
        let found = Matcher::new(&glossary()).find(text);
        assert_eq!(found.iter().map(|m| m.range.clone()).collect::<Vec<_>>(), vec![4..7]);
    }

    #[test]
    fn hangul_particles() {
        check("김정은 위원장", &[(6, "김정은")]);
        check("김정은이 말했다", &[(6, "김정은")]);
        check("김정은은", &[(6, "김정은")]);
        check("김정은의 동생", &[(6, "김정은")]);
        check("김정은에게는", &[(6, "김정은")]);
        check("북한 김정은.", &[(6, "김정은")]);
        check("김정은희", &[]);
        check("박김정은", &[]);
    }

    #[test]
    fn unspaced_scripts_need_no_boundary() {
        check("朝鲜领导人金正恩表示", &[(6, "金正恩")]);
        check("金正恩Kim Jong Un", &[(6, "金正恩"), (6, "Kim Jong Un")]);
    }

    #[test]
    fn duplicates_first_term_wins() {
        let terms = [term("Court", None, &[]), term("court", Some("ICC"), &["Court"]), term("ICC", None, &[])];
        check_with(&terms, "court ICC icc", &[(0, "court"), (1, "ICC"), (2, "icc")]);
        // A written pattern beats a plural derived from another term.
        let terms = [term("sanction", None, &[]), term("sanctions", None, &[])];
        check_with(&terms, "sanctions", &[(1, "sanctions")]);
    }

    #[test]
    fn failed_case_check_does_not_hide_other_terms() {
        let terms = [term("Ussr", Some("US"), &[]), term("us", None, &[])];
        check_with(&terms, "US us", &[(0, "US"), (1, "us")]);
    }

    #[test]
    fn empty_patterns_are_ignored() {
        let terms = [term("", Some(""), &["", " ", " - ", "\u{AD}"]), term("ICC", None, &["  "])];
        check_with(&terms, "  - ICC ", &[(1, "ICC")]);
        check_with(&[], "anything", &[]);
        check_with(&[term("", None, &[])], "anything", &[]);
        check("", &[]);
    }

    /// A tiny deterministic generator, so the tests need no `rand`.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    fn assert_sane(text: &str, found: &[Match]) {
        let mut last = 0;
        for m in found {
            assert!(m.range.start >= last && m.range.start < m.range.end, "{text:?} {found:?}");
            assert_eq!(text.get(m.range.clone()), Some(m.matched.as_str()));
            last = m.range.end;
        }
    }

    #[test]
    fn any_text_never_panics() {
        let matcher = Matcher::new(&glossary());
        let alphabet: Vec<char> = "UN.ICCun ' -\u{A0}\u{AD}\u{301}\u{302}\u{307}İßẞς’–—김정은이金正恩eoCôtd\u{0}\u{FEFF}\u{200B}\n\r\u{1100}\u{1161}\u{11A8}sy"
            .chars()
            .collect();
        let mut rng = Lcg(7);
        for _ in 0..3000 {
            let len = (rng.next() % 40) as usize;
            let text: String = (0..len).map(|_| alphabet[(rng.next() as usize) % alphabet.len()]).collect();
            assert_sane(&text, &matcher.find(&text));
        }
        let junk: Vec<u8> = (0..20_000).map(|_| rng.next() as u8).collect();
        let junk = String::from_utf8_lossy(&junk);
        assert_sane(&junk, &matcher.find(&junk));
        assert!(matcher.find(&"UN".repeat(200_000)).is_empty());
        let line = "UN ".repeat(100_000);
        let found = matcher.find(&line);
        assert_eq!(found.len(), 100_000);
        assert_sane(&line, &found);
    }

    /// Checks that [`Matcher::find`] agrees with the full scan on `text`.
    fn assert_same_as_full(matcher: &Matcher, text: &str) {
        let full = matcher.find_full(text, is_nfc_text(text));
        assert_eq!(matcher.find(text), full, "{text:?}");
        assert_sane(text, &full);
    }

    /// Random texts from pieces that meet the rules (pattern words in any case, plurals,
    /// possessives, separators, punctuation, folds, ignored chars, Hangul particles).
    fn random_texts(seed: u64, count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "UN",
            "un",
            "Un",
            "U",
            "N",
            "U.N.",
            "UNSC",
            "Security",
            "security",
            "COUNCIL",
            "Council",
            "councils",
            "United",
            "NATIONS",
            "nations",
            "International",
            "criminal",
            "Court",
            "court",
            "courts",
            "ICC",
            "icc",
            "ICCs",
            "Hague",
            "hague",
            "HAGUE",
            "based",
            "Marzuki",
            "Darusman",
            "DARUSMAN",
            "Daru\u{AD}sman",
            "special",
            "Rapporteur",
            "rapporteurs",
            "sanction",
            "sanctions",
            "Kim",
            "Jong",
            "jong",
            "KIM",
            "Côte",
            "CÔTE",
            "Cote",
            "d",
            "Ivoire",
            "ivoire",
            "Dag",
            "Hammarskjöld",
            "HAMMARSKJÖLD",
            "Fund",
            "witness",
            "witnesses",
            "authority",
            "authorities",
            "non",
            "governmental",
            "organisation",
            "NGO",
            "NGOs",
            "NGOes",
            "İzmir",
            "İZMİR",
            "Izmir",
            "Straße",
            "STRASSE",
            "strasse",
            "ẞ",
            "Σίσυφος",
            "ΣΊΣΥΦΟΣ",
            "ς",
            "김정은",
            "김정은이",
            "김정은에게는",
            "김정",
            "이",
            "박",
            "Apple",
            "apple",
            "Inc",
            "the",
            "said",
            "s",
            "es",
            "ies",
            "'s",
            "’s",
            "ʼ",
            "’",
            "'",
            "“",
            "”",
            ".",
            ",",
            "(",
            ")",
            "—",
            "–",
            "-",
            "‐",
            " ",
            " ",
            " ",
            "  ",
            "\u{A0}",
            "\n",
            "\r\n",
            "\t",
            "\u{AD}",
            "\u{200B}",
            "\u{2060}",
            "\u{FEFF}",
            "\u{200D}",
            "\u{1}",
            "\u{2}",
            "\u{0}",
            "Ⓐ",
            "ǅ",
            "\u{489}",
            "é",
            "e\u{301}",
            "1",
            "G7",
            "x",
            "金正恩",
            "表示",
        ];
        let mut rng = Lcg(seed);
        (0..count)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..rng.next() % 24 {
                    text.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
                    // Mostly words apart, sometimes glued to test the boundaries.
                    if !rng.next().is_multiple_of(3) {
                        text.push(' ');
                    }
                }
                text
            })
            .collect()
    }

    #[test]
    fn word_starts_find_what_the_full_scan_finds() {
        // Without the Han alias every pattern starts at a word start: the fast path applies.
        let mut terms = glossary();
        terms[6].aliases.retain(|a| a != "金正恩");
        let mut apple = term("Apple Inc", Some("AI"), &["apple"]);
        apple.case_sensitive = true;
        terms.extend([
            apple,
            term("court of", None, &["Kim", "x", "Kim 김정은", "un-security"]),
            term("Ussr", Some("US"), &["us"]),
        ]);
        let with_hangul = Matcher::new(&terms);
        assert!(with_hangul.words.as_ref().is_some_and(|w| w.open_first_word));
        // Without Hangul, windows need not hold particles.
        terms[6].aliases.clear();
        terms.iter_mut().for_each(|t| t.aliases.retain(|a| !a.chars().any(is_hangul)));
        let latin = Matcher::new(&terms);
        assert!(latin.words.as_ref().is_some_and(|w| !w.open_first_word));
        for (m, lookahead) in [(&with_hangul, LOOKAHEAD_OPEN), (&latin, LOOKAHEAD)] {
            let longest = m.patterns.iter().map(String::len).max().unwrap_or(0);
            assert_eq!(m.words.as_ref().map(|w| w.window), Some(longest + lookahead));
        }
        for matcher in [&with_hangul, &latin] {
            let (mut found, mut fast) = (0, 0);
            for text in random_texts(11, 20_000) {
                assert_same_as_full(matcher, &text);
                // ASCII texts take their own path.
                assert_same_as_full(matcher, &text.chars().filter(char::is_ascii).collect::<String>());
                found += matcher.find(&text).len();
                let words = matcher.words.as_ref();
                fast +=
                    usize::from(is_nfc_text(&text) && words.and_then(|w| matcher.find_at_words(&text, w)).is_some());
            }
            // The texts are dense with mentions and mostly take the word-start search.
            assert!(found > 20_000 && fast > 15_000, "{found} mentions, {fast} by word starts");
            // Windows end inside long texts: long words, long separator runs.
            let long = format!("{} UN Security{}Council {}", "x".repeat(300), " ".repeat(500), "Kim-".repeat(100));
            assert_same_as_full(matcher, &long);
        }
        // The word-start search does not apply: patterns in unspaced scripts, or starting
        // with punctuation.
        assert!(Matcher::new(&glossary()).words.is_none());
        assert!(Matcher::new(&[term(".NET", None, &[])]).words.is_none());
        assert!(Matcher::new(&[]).words.is_none());
    }

    #[test]
    fn tokens_are_one_word_between_delimiters() {
        let text = "“UN’s Côte-d\u{2BC}Ivoire\u{AD}, 김정은이\u{A0}金正恩 \u{AD}x";
        let mut rest = text;
        let mut got = Vec::new();
        while let Some(t) = Token::next(&mut rest, text.len()) {
            assert_eq!(text.get(t.start..t.start + t.text.len()), Some(t.text));
            got.push((t.text, matches!(t.kind, TokenKind::Ascii)));
        }
        let want = [
            ("UN", true),
            ("s", true),
            ("Côte", false),
            ("d", true),
            ("Ivoire\u{AD}", false),
            ("김정은이", false),
            ("\u{AD}x", false),
        ];
        assert_eq!(got, want);
        let mut folded = String::new();
        assert!(fold_word("ΣΊΣΥΦΟΣ\u{AD}ß", &mut folded));
        assert_eq!(folded, "σίσυφοσss");
    }

    #[test]
    fn alnum_runs_are_the_runs_of_letters_and_digits() {
        let mut rng = Lcg(5);
        let alphabet = b"aZ09 .-'\n\x01\x7F@[`{/:";
        for len in 0..200 {
            let text: Vec<u8> = (0..len).map(|_| alphabet[(rng.next() as usize) % alphabet.len()]).collect();
            let mut want = Vec::new();
            let mut i = 0;
            while i < text.len() {
                let n = text[i..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                if n > 0 {
                    want.push((i, i + n));
                }
                i += n.max(1);
            }
            let mut got = Vec::new();
            alnum_runs(&text, |s, e| {
                got.push((s, e));
                Some(())
            });
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(&text));
            // Stops when asked.
            let mut calls = 0;
            alnum_runs(&text, |_, _| {
                calls += 1;
                None
            });
            assert_eq!(calls, want.len().min(1));
        }
        for b in 0..=0x7F_u8 {
            let mask = alnum_mask(u64::from(b) << 40);
            assert_eq!(mask, if b.is_ascii_alphanumeric() { 1 << 5 } else { 0 }, "{b}");
        }
    }

    #[test]
    fn word_hash_at_is_word_hash() {
        let text = b"Kim Jong-un, UN Security Council: abcdefgh abcdefghi x";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                assert_eq!(word_hash_at(text, start..end), word_hash(&text[start..end]), "{start}..{end}");
            }
        }
    }

    #[test]
    fn word_hash_ignores_ascii_case_only() {
        assert_eq!(word_hash(b"Hammarskjold-Fund"), word_hash(b"hAMMARSKJOLD-fund"));
        assert_ne!(word_hash(b"un"), word_hash(b"unu"));
        assert_ne!(word_hash(b""), word_hash(b"a"));
    }

    #[test]
    fn many_terms_over_a_megabyte() {
        let mut rng = Lcg(42);
        let word = |rng: &mut Lcg| -> String {
            (0..3 + rng.next() % 7).map(|_| (b'a' + (rng.next() % 26) as u8) as char).collect()
        };
        let terms: Vec<TermPatterns> = (0..500)
            .map(|i| TermPatterns {
                headword: format!("{} {}", word(&mut rng), word(&mut rng)),
                abbr: Some(format!("T{i}X")),
                aliases: vec![word(&mut rng), format!("{}-{}", word(&mut rng), word(&mut rng))],
                case_sensitive: false,
            })
            .collect();
        let matcher = Matcher::new(&terms);
        let mut text = String::new();
        while text.len() < 1_000_000 {
            if rng.next().is_multiple_of(20) {
                let t = &terms[(rng.next() % 500) as usize];
                text.push_str(&t.headword.to_uppercase());
            } else {
                text.push_str(&word(&mut rng));
            }
            text.push_str(if rng.next().is_multiple_of(10) { ".\n" } else { " " });
        }
        let found = matcher.find(&text);
        assert!(found.len() > 1000, "{}", found.len());
        assert_sane(&text, &found);
    }
}
