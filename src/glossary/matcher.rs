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
//! # Cost
//! Building is linear in the total pattern length. A search builds the searched form
//! once (linear: NFC is checked with the quick check and only clusters that need it are
//! normalised; the offset map only stores anchors where offsets stop advancing
//! together) and runs the automaton once over it; a refused candidate costs a re-search
//! of at most the pattern's length. `cargo bench --bench glossary` (`benches/glossary.rs`)
//! measures 1,000–10,000 articles of 4 KB against 500 terms with 1,500 aliases.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
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
    /// `None` when no term has a usable pattern.
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the terms that may claim a hit, best first.
    claims: Vec<Vec<Claim>>,
}

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
        let automaton = if patterns.is_empty() {
            None
        } else {
            // Fails only past the crate's size limits; then nothing is found.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                // Every pattern starts with the word mark, which occurs before every word:
                // a start-byte prefilter would stop at each word. A DFA scanning straight
                // through is several times faster (memory: a few MB for 500 terms).
                .kind(Some(AhoCorasickKind::DFA))
                .prefilter(false)
                .build(&patterns)
                .ok()
        };
        Matcher { automaton, claims }
    }

    /// All mentions, sorted by start, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        let Some(ac) = &self.automaton else {
            return out;
        };
        let key = Key::build(text, Form::SEARCHED_TEXT);
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
                if let Some(hit) = self.accept(text, &key, start..end, pattern) {
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

    /// Checks the end of a Hangul term and the case of a candidate at `span` of the
    /// search form; returns the claiming term and the range in the original text.
    fn accept(&self, text: &str, key: &Key, span: Range<usize>, pattern: usize) -> Option<(usize, Range<usize>)> {
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
        let range = key.map.start(span.start)..key.map.end(span.end);
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
    let key = Key::build(s, Form { fold, marks: false, map: false });
    key.text.trim_matches(' ').to_string()
}

/// The form of a pattern in the automaton: folded, with word marks.
fn search_form(matching_form: &str) -> String {
    let key = Key::build(matching_form, Form { map: false, ..Form::SEARCHED_TEXT });
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
struct Key {
    text: String,
    map: OffsetMap,
}

impl Key {
    fn build(original: &str, form: Form) -> Key {
        let mut b = KeyBuilder {
            // Marks add two bytes a word (in news text a word and a space take six or seven
            // bytes): half as much again holds the key without growing it.
            text: String::with_capacity(original.len() + if form.marks { original.len() / 2 + 2 } else { 0 }),
            // A searched text has two anchors a word (its marks): reserved at once rather
            // than grown by doubling.
            anchors: if form.map { Vec::with_capacity(original.len() / 3) } else { Vec::new() },
            form,
            in_separator: false,
            in_word: false,
            unit_orig: 0,
            unit_key: 0,
            word_end: 0,
            predicted_orig: 0,
        };
        let nfc = original.is_ascii() || is_nfc_quick(original.chars()) == IsNormalized::Yes;
        if nfc {
            let bytes = original.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
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
                if is_nfc(g) {
                    for (j, c) in g.char_indices() {
                        b.unit(i + j, c.len_utf8(), std::iter::once(c));
                    }
                } else {
                    b.unit(i, g.len(), g.nfc());
                }
            }
        }
        (b.unit_orig, b.unit_key) = (original.len(), b.text.len());
        b.word_boundary(false);
        Key { text: b.text, map: OffsetMap { anchors: b.anchors } }
    }
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
        match c {
            '\u{AD}' | '\u{2060}' | '\u{FEFF}' => 0,
            '\u{200B}' | '\u{2010}'..='\u{2013}' | '\u{FE63}' | '\u{FF0D}' => self.separator(),
            c if c.is_whitespace() || c.is_control() => self.separator(),
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{FF07}' => self.other('\''),
            c if !self.form.fold => {
                if is_wordish(c) {
                    self.word_char(c)
                } else {
                    self.other(c)
                }
            }
            c => {
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
