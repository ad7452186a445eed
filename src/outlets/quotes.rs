//! Direct quotations: who said what, in which article.
//!
//! Input: an article's paragraphs and a name resolver (the glossary's people). Output:
//! [`Quote`]s with their speaker, and [`QuoteGroup`]s merging the same words carried by
//! several articles.
//!
//! Patterns recognised, within a sentence: `“…,” Name said` · `“…,” said Name` · `Name said:
//! “…”` · `Name said (that) … “partial”` · `Name told X that … “…”` · `according to Name`.
//! A pronoun ("he said") or a bare title ("the rapporteur said") takes the last named speaker
//! of the article; a quotation that opens a sentence with no attribution of its own continues
//! the quotation just before it (same or previous paragraph). A speaker described as speaking
//! on condition of anonymity, asking not to be named, or only by an indefinite role ("a
//! senior diplomat") is kept as anonymous. Quoted words with no attribution at all are scare
//! quotes and are skipped.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::words;

/// Who said it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Speaker {
    /// A glossary term (index).
    Term(usize),
    /// A name or description as written, not in the glossary.
    Named(String),
    /// An unnamed source, with the description the article gives.
    Anonymous(String),
}

/// One quotation in one article.
#[derive(Debug, Clone)]
pub struct Quote {
    pub article: usize,
    /// 0-based paragraph.
    pub paragraph: usize,
    /// Byte range of the quoted words (without quotation marks) in the paragraph.
    pub range: Range<usize>,
    /// The quoted words, trailing comma dropped.
    pub text: String,
    pub speaker: Speaker,
    /// A few words quoted inside the writer's own sentence.
    pub partial: bool,
}

const VERBS: &str = r"said|says|say|added|adds|told|tells|stressed|warned|noted|explained|insisted|replied|declared|wrote|acknowledged|argued|recalled|continued";

/// Byte ranges of the quotations in a paragraph, quotation marks included: the matches of
/// `[“"]([^“”"]+)(?:[”"]|$)` (`QUOTED` in the tests), found without the regex engine.
///
/// A match opens with `“` or `"`, holds one character or more that is no quotation mark, and
/// closes with `”` or `"` or at the text's end. So only the quotation marks decide: at each
/// opening mark, the next mark closes the match if it is `”` or `"` and something lies
/// between; if it is `“` (or nothing lies between) no match starts there, and the search goes
/// on from that next mark; a closing mark that ends a match opens nothing. With no mark after
/// the opening one, the match runs to the end. The engine found each match with a forward
/// and a reverse search, a cost per paragraph that most of the outlets stage's paragraphs
/// (with no quotation) paid too.
pub(crate) fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The opening mark a match may start at: its start and where the words after it start.
    let mut open: Option<(usize, usize)> = None;
    each_quotation_mark(text.as_bytes(), |at, mark| {
        let len = if mark == b'"' { 1 } else { 3 };
        if let Some((start, words)) = open.take()
            && at > words
            && mark != OPEN_MARK
        {
            out.push(start..at + len);
            return;
        }
        if mark != CLOSE_MARK {
            open = Some((at, at + len));
        }
    });
    if let Some((start, words)) = open
        && words < text.len()
    {
        out.push(start..text.len());
    }
    out
}

/// The last byte of `“` (U+201C: E2 80 9C) and of `”` (U+201D: E2 80 9D).
const OPEN_MARK: u8 = 0x9C;
const CLOSE_MARK: u8 = 0x9D;

/// Calls `f` with the start of each quotation mark of a text's bytes (`"`, `“`, `”`), in
/// order, and `b'"'`, [`OPEN_MARK`] or [`CLOSE_MARK`] for which.
///
/// Read eight bytes at a time: a block is only looked into where it holds a `"` or an `E2`
/// (the first byte of the curly marks, and of dashes and curly apostrophes).
fn each_quotation_mark(bytes: &[u8], mut f: impl FnMut(usize, u8)) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7F * ONES;
    // The high bit of each byte of `x` that is zero, exactly (no carry crosses a byte).
    let zero = |x: u64| !(((x & LOW) + LOW) | x | LOW);
    let mut look = |i: usize| match bytes[i] {
        b'"' => f(i, b'"'),
        0xE2 => {
            if let (Some(0x80), Some(&last @ (OPEN_MARK | CLOSE_MARK))) = (bytes.get(i + 1), bytes.get(i + 2)) {
                f(i, last);
            }
        }
        _ => {}
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        let mut hits = zero(x ^ (u64::from(b'"') * ONES)) | zero(x ^ (0xE2 * ONES));
        while hits != 0 {
            look(base + (hits.trailing_zeros() / 8) as usize);
            hits &= hits - 1;
        }
        base += 8;
    }
    for i in base..bytes.len() {
        look(i);
    }
}

/// A quotation of a paragraph (`outer`, one of [`quoted_ranges`]) as `(outer, inner)`: the
/// range with its quotation marks and the range of the words inside (the pattern's group 1).
/// The inner range is read off the match instead of asking the regex engine for the group
/// (a slower engine): the match opens with one quotation mark, and the words inside hold
/// none, so a match ending in one ends with its closing mark, else it runs to the end of the
/// paragraph.
fn quoted_span(text: &str, outer: &Range<usize>) -> (Range<usize>, Range<usize>) {
    let quoted = text.get(outer.clone()).unwrap_or_default();
    let open = quoted.chars().next().map_or(0, char::len_utf8);
    let close = quoted.chars().next_back().filter(|c| matches!(c, '”' | '"')).map_or(0, char::len_utf8);
    (outer.clone(), outer.start + open..(outer.end - close).max(outer.start + open))
}

/// The quotations of a paragraph, as [`quoted_ranges`] finds them (the tests' reference).
#[cfg(test)]
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[“"]([^“”"]+)(?:[”"]|$)"#).expect("invariant: valid regex"));
/// `, Name said` / ` he added` right after the quotation.
static AFTER_WHO_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"^[\s,]*(?P<who>[^,;:“”"]{{1,80}}?)\s+(?:{VERBS})\b"#)).expect("invariant: valid regex")
});
/// `, said Name` right after the quotation.
static AFTER_VERB_WHO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"^[\s,]*(?:{VERBS})\s+(?P<who>[^;“”"]{{1,140}})"#)).expect("invariant: valid regex")
});
/// `Name said (that) …` before the quotation, in the same sentence.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"(?P<who>^|.*?)\b(?:{VERBS}|according to)\b(?P<rest>[^“”"]*)$"#))
        .expect("invariant: valid regex")
});
static ACCORDING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^[\s,]*according to (?P<who>[^,;.“”"]{1,80})"#).expect("invariant: valid regex"));
static ANONYMOUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)anonymity|not to be (?:named|identified)|declined to be (?:named|identified)|not authori[sz]ed to|unnamed|who did not want to be named")
        .expect("invariant: valid regex")
});
static INDEFINITE_ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:a|an|one|two|three|several|some)\b.*\b(?:official|officials|diplomat|diplomats|source|sources|aide|envoy|spokesman|spokeswoman|person|people|member|members|analyst|expert)s?$")
        .expect("invariant: valid regex")
});
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the (?:(?:special|chief|top|UN|U\.N\.)\s+)*(?:rapporteur|investigator|envoy|ambassador|minister|spokesman|spokeswoman|president|secretary-general|commissioner|official)$")
        .expect("invariant: valid regex")
});

/// What a speaker phrase refers to, before the article context is applied.
#[derive(Debug, Clone, PartialEq)]
enum Who {
    Pronoun,
    Title,
    Anonymous(String),
    Name(String),
}

const LEADING: &[&str] =
    &["but", "and", "still", "however", "so", "yet", "then", "also", "meanwhile", "when", "in", "particular"];

fn clean_description(s: &str) -> String {
    let s = s.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    // Cut relative clauses and appositives: "the UN official who asked…", "diplomat, speaking…".
    let cut = [" who ", " which ", ", ", " at ", " in a ", " on ", " to reporters", " in an "]
        .iter()
        .filter_map(|p| s.find(p))
        .min()
        .unwrap_or(s.len());
    s[..cut].trim().to_string()
}

/// Classifies a speaker phrase: the words right before or after the speech verb.
fn classify(phrase: &str, before_verb: bool) -> Option<Who> {
    let raw = phrase.trim();
    if raw.is_empty() {
        return None;
    }
    if ANONYMOUS.is_match(raw) {
        // "who spoke on condition of anonymity" alone describes no one: say so, never "".
        let d = clean_description(raw);
        let d = if d.chars().any(char::is_alphanumeric) { d } else { "an unnamed source".to_string() };
        return Some(Who::Anonymous(d));
    }
    let mut s = raw.trim_end_matches(',').trim().to_string();
    if before_verb {
        // "Darusman, who has been special rapporteur since 2010," → "Darusman".
        if raw.ends_with(',')
            && let Some(i) = s.find(',')
        {
            s.truncate(i);
        }
        // The clause right before the verb: after the last comma.
        if let Some(i) = s.rfind(", ") {
            s = s[i + 2..].to_string();
        }
    } else {
        s = clean_description(&s);
    }
    let mut words: Vec<&str> = s.split_whitespace().collect();
    if let Some(last) = words.last()
        && matches!(last.to_lowercase().as_str(), "he" | "she" | "they" | "i" | "we")
    {
        return Some(Who::Pronoun);
    }
    while words.first().is_some_and(|w| LEADING.contains(&w.to_lowercase().as_str())) {
        words.remove(0);
    }
    while words.last().is_some_and(|w| LEADING.contains(&w.to_lowercase().as_str())) {
        words.pop();
    }
    if words.len() == 1 && matches!(words[0].to_lowercase().as_str(), "he" | "she" | "they" | "i" | "we") {
        return Some(Who::Pronoun);
    }
    // Keep at most the last six words: the subject noun phrase.
    if words.len() > 6 {
        // A name at the end ("… the ICC he" handled above); else the trailing capitalised run.
        let start = words.len() - 6;
        words.drain(..start);
        if let Some(i) =
            words.iter().rposition(|w| matches!(w.to_lowercase().as_str(), "that" | "and" | "which" | "who"))
        {
            words.drain(..=i);
        }
    }
    let s = words.join(" ");
    if s.is_empty() || !s.chars().any(char::is_alphabetic) {
        return None;
    }
    if INDEFINITE_ROLE.is_match(&s) {
        return Some(Who::Anonymous(s));
    }
    if TITLE.is_match(&s) {
        return Some(Who::Title);
    }
    // A speaker is a name or a noun phrase: it must hold a capital or start with a determiner.
    let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
    if !s.chars().any(char::is_uppercase) && !matches!(first.as_str(), "the" | "a" | "an") {
        return None;
    }
    Some(Who::Name(s))
}

/// Finds the quotations of one article. `resolve` maps a name to a glossary person.
pub fn extract(article: usize, paragraphs: &[&str], resolve: &dyn Fn(&str) -> Option<usize>) -> Vec<Quote> {
    let quoted: Vec<Vec<Range<usize>>> = paragraphs.iter().map(|p| quoted_ranges(p)).collect();
    extract_split(article, paragraphs, &words::paragraph_sentences(paragraphs), &quoted, &mut |name| resolve(name))
}

/// [`extract`] with each paragraph's sentences (`words::paragraph_sentences`) and quotations
/// ([`quoted_ranges`]) already found: the word keys read the same quotations.
pub(crate) fn extract_split(
    article: usize,
    paragraphs: &[&str],
    sentences: &[Vec<Range<usize>>],
    quoted: &[Vec<Range<usize>>],
    resolve: &mut dyn FnMut(&str) -> Option<usize>,
) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut last_named: Option<Speaker> = None;
    let mut last_quote_para: Option<usize> = None;
    for (p, text) in paragraphs.iter().enumerate() {
        let quoted = quoted.get(p).map_or(&[][..], Vec::as_slice);
        let spans: Vec<(Range<usize>, Range<usize>)> = quoted.iter().map(|outer| quoted_span(text, outer)).collect();
        let sentences = sentences.get(p).map_or(&[][..], Vec::as_slice);
        for (i, (outer, inner)) in spans.iter().enumerate() {
            let sentence_start =
                sentences.iter().rev().find(|r| r.start <= outer.start).map_or(0, |r| r.start).min(outer.start);
            let prev_end = if i > 0 { spans[i - 1].0.end } else { 0 };
            let before = &text[sentence_start.max(prev_end)..outer.start];
            let next_start = spans.get(i + 1).map_or(text.len(), |s| s.0.start);
            let after = cut_sentence(&text[outer.end..next_start]);
            let quoted = text[inner.clone()].trim_end_matches([',', ' ']);
            let opens_sentence = before.trim().is_empty();
            let who = attribution(before, after, quoted);
            let speaker = match who {
                Some(Who::Name(n)) => Some(resolve_name(&n, resolve)),
                Some(Who::Anonymous(d)) => Some(Speaker::Anonymous(d)),
                Some(Who::Pronoun | Who::Title) => last_named.clone(),
                None if opens_sentence && last_quote_para.is_some_and(|q| q + 1 >= p) => {
                    out.last().map(|q: &Quote| q.speaker.clone())
                }
                None => None,
            };
            let Some(speaker) = speaker else { continue };
            if words::count_words(quoted) < 2 {
                continue;
            }
            if !matches!(speaker, Speaker::Anonymous(_)) {
                last_named = Some(speaker.clone());
            }
            last_quote_para = Some(p);
            let partial = quoted.chars().next().is_some_and(char::is_lowercase)
                || !(opens_sentence || before.trim_end().ends_with([':', ',']));
            // A partial quotation's closing full stop belongs to the writer's sentence.
            let quoted = if partial { quoted.trim_end_matches(['.', ',']) } else { quoted };
            out.push(Quote {
                article,
                paragraph: p,
                range: inner.start..inner.start + quoted.len(),
                text: quoted.to_string(),
                speaker,
                partial,
            });
        }
        // A known person opening a paragraph without quotes still sets who "he" is.
        if spans.is_empty()
            && let Some(t) = leading_name(text).and_then(|n| resolve(&n))
        {
            last_named = Some(Speaker::Term(t));
        }
    }
    out
}

/// The capitalised words that open a text ("Marzuki Darusman met…" → "Marzuki Darusman").
fn leading_name(text: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for w in text.split_whitespace().skip_while(|w| LEADING.contains(&w.to_lowercase().trim_end_matches(','))) {
        if !w.chars().next().is_some_and(char::is_uppercase) {
            break;
        }
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        words.push(bare);
        if bare.len() != w.len() {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The text after a quotation up to the end of its sentence.
fn cut_sentence(after: &str) -> &str {
    let bytes = after.as_bytes();
    for (i, _) in after.match_indices(". ") {
        if bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase()) {
            return &after[..i];
        }
    }
    after
}

fn attribution(before: &str, after: &str, quoted: &str) -> Option<Who> {
    // "“…,” he said" — only when the quotation ends its clause (comma, ?, !, or . inside).
    let closes =
        quoted.ends_with([',', '?', '!', '.']) || after.trim_start().starts_with(',') || after.trim().is_empty();
    if let Some(c) = ACCORDING.captures(after) {
        return classify(&c["who"], false);
    }
    if closes || before.trim().is_empty() {
        if let Some(c) = AFTER_VERB_WHO.captures(after)
            && let Some(w) = classify(&c["who"], false)
        {
            return Some(w);
        }
        if let Some(c) = AFTER_WHO_VERB.captures(after)
            && c["who"].split_whitespace().count() <= 6
            && let Some(w) = classify(&c["who"], true)
        {
            return Some(w);
        }
    }
    if let Some(c) = BEFORE.captures(before) {
        let who = c.name("who").map_or("", |m| m.as_str());
        return classify(who, true);
    }
    None
}

fn resolve_name(name: &str, resolve: &mut dyn FnMut(&str) -> Option<usize>) -> Speaker {
    let bare = name.trim_start_matches("the ").trim_end_matches("’s").trim_end_matches("'s");
    if let Some(t) = resolve(name).or_else(|| resolve(bare)) {
        return Speaker::Term(t);
    }
    // The trailing capitalised run: "Special Rapporteur Marzuki Darusman" → try each suffix.
    let words: Vec<&str> = bare.split_whitespace().collect();
    for start in 0..words.len() {
        if let Some(t) = resolve(&words[start..].join(" ")) {
            return Speaker::Term(t);
        }
    }
    Speaker::Named(name.to_string())
}

/// Quotations by one speaker with (nearly) the same words, in several articles.
#[derive(Debug, Clone)]
pub struct QuoteGroup {
    pub speaker: Speaker,
    /// Indices into the quote list; the first is the fullest wording.
    pub quotes: Vec<usize>,
}

/// Whether two wordings are the same quotation: most words shared, or the shorter (three
/// words or more) found word for word in the longer.
pub fn same_words(a: &str, b: &str) -> bool {
    Wording::new(a).same(&Wording::new(b))
}

/// A quotation's words (as word hashes), computed once for the comparisons of [`group`].
struct Wording {
    words: Vec<u64>,
    /// Distinct words, sorted.
    set: Vec<u64>,
}

impl Wording {
    fn new(text: &str) -> Wording {
        let words = words::word_hashes(text);
        let mut set = words.clone();
        set.sort_unstable();
        set.dedup();
        Wording { words, set }
    }

    fn same(&self, other: &Wording) -> bool {
        let (short, long) = if self.words.len() <= other.words.len() {
            (&self.words, &other.words)
        } else {
            (&other.words, &self.words)
        };
        // The words a match has in common at least: 70% of the larger set for the Jaccard
        // rule, the whole smaller set for containment (the shorter wording's words all in the
        // longer; its set is then the smaller). Pairs short of that, most of those compared,
        // stop counting early.
        let (small, large) = (self.set.len().min(other.set.len()), self.set.len().max(other.set.len()));
        let need = (large * 7).div_ceil(10).min(small);
        let Some(inter) = crate::sorted::common_at_least(&self.set, &other.set, need) else {
            return false;
        };
        let union = self.set.len() + other.set.len() - inter;
        if union > 0 && inter * 10 >= union * 7 {
            return true;
        }
        // Word-for-word containment needs every distinct word of the shorter in the longer:
        // the (costlier) scan only runs when the sets allow it.
        let short_set = if self.words.len() <= other.words.len() { &self.set } else { &other.set };
        short.len() >= 3 && inter == short_set.len() && long.windows(short.len()).any(|w| w == short.as_slice())
    }

    /// How many of its distinct words a match must share at least: both rules of
    /// [`Wording::same`] need 70% of the smaller set's words (all of them for word-for-word
    /// containment, and a 0.7 Jaccard index shares 70% of the larger set).
    fn needed(&self) -> usize {
        (self.set.len() * 7).div_ceil(10)
    }
}

/// Merges quotations of one speaker with the same words.
///
/// A quotation joins the first group (in creation order) holding a quotation with the same
/// words. Candidates come from prefix filtering, not all pairs: with the words of every
/// quotation ordered rarest first, two wordings that share 70% of the smaller one's words
/// must share one of the smaller one's first `len - needed + 1` words with the other. So
/// each quotation is indexed under all its words and under its prefix words; a new one looks
/// its prefix up in the first index (matches where it is the smaller) and all its words in
/// the second (matches where the earlier one is). Common words sit at the end of every
/// prefix, so the lists probed stay short.
pub fn group(quotes: &[Quote]) -> Vec<QuoteGroup> {
    use rayon::prelude::*;
    use rustc_hash::FxHashMap;
    let wordings: Vec<Wording> = quotes.par_iter().map(|q| Wording::new(&q.text)).collect();
    let mut frequency: FxHashMap<u64, usize> = FxHashMap::default();
    for w in &wordings {
        for &word in &w.set {
            *frequency.entry(word).or_default() += 1;
        }
    }
    // Each wording's distinct words, rarest first (ties by the word, for determinism). Any
    // one order serves: it decides which candidates are probed, never which group is found.
    // Each word's frequency is looked up once, not at every comparison of the sort.
    let ranked: Vec<Vec<u64>> = wordings
        .par_iter()
        .map_init(Vec::new, |keyed: &mut Vec<(usize, u64)>, w| {
            keyed.clear();
            keyed.extend(w.set.iter().map(|&word| (frequency.get(&word).copied().unwrap_or(0), word)));
            keyed.sort_unstable();
            keyed.iter().map(|&(_, word)| word).collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    // By speaker, longest wording first, so it leads its group.
    order.sort_by(|&a, &b| {
        (&quotes[a].speaker, std::cmp::Reverse(quotes[a].text.len()), quotes[a].article, quotes[a].paragraph).cmp(&(
            &quotes[b].speaker,
            std::cmp::Reverse(quotes[b].text.len()),
            quotes[b].article,
            quotes[b].paragraph,
        ))
    });
    // A speaker's quotations only ever meet each other: each speaker is grouped on its own,
    // in parallel, and the groups follow in speaker order.
    let runs: Vec<&[usize]> = order.chunk_by(|&a, &b| quotes[a].speaker == quotes[b].speaker).collect();
    let per_speaker: Vec<Vec<QuoteGroup>> =
        runs.par_iter().map(|run| group_speaker(quotes, run, &wordings, &ranked)).collect();
    per_speaker.into_iter().flatten().collect()
}

/// Groups the quotations of one speaker, `run` in [`group`]'s order.
fn group_speaker(quotes: &[Quote], run: &[usize], wordings: &[Wording], ranked: &[Vec<u64>]) -> Vec<QuoteGroup> {
    use rustc_hash::FxHashMap;
    let prefix = |q: usize| -> &[u64] {
        let w = &wordings[q];
        let len = (w.set.len() + 1).saturating_sub(w.needed()).min(ranked[q].len());
        &ranked[q][..len]
    };
    let mut groups: Vec<QuoteGroup> = Vec::new();
    // For each position in `run`, its group.
    let mut group_of: Vec<usize> = Vec::with_capacity(run.len());
    let mut by_word: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    let mut by_prefix: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    // Word-for-word repeats (the same wire quotation in many outlets) join the group of the
    // first; only distinct wordings are indexed and compared.
    let mut exact: FxHashMap<&[u64], usize> = FxHashMap::default();
    // For each position, the last position that looked at it as a candidate (each candidate
    // is compared once however many words lead to it).
    let mut seen: Vec<usize> = vec![usize::MAX; run.len()];
    for (k, &q) in run.iter().enumerate() {
        if !wordings[q].words.is_empty()
            && let Some(&g) = exact.get(wordings[q].words.as_slice())
        {
            groups[g].quotes.push(q);
            group_of.push(g);
            continue;
        }
        let from_words = prefix(q).iter().flat_map(|word| by_word.get(word).into_iter().flatten());
        let from_prefixes = ranked[q].iter().flat_map(|word| by_prefix.get(word).into_iter().flatten());
        // The earliest group holding a match: which of its members matched does not matter,
        // and a candidate in a group no earlier than one found is not compared.
        let mut found: Option<usize> = None;
        for &o in from_words.chain(from_prefixes) {
            if seen[o] == k || found.is_some_and(|g| g <= group_of[o]) {
                continue;
            }
            seen[o] = k;
            if wordings[run[o]].same(&wordings[q]) {
                found = Some(group_of[o]);
            }
        }
        let g = match found {
            Some(g) => {
                groups[g].quotes.push(q);
                g
            }
            None => {
                groups.push(QuoteGroup { speaker: quotes[q].speaker.clone(), quotes: vec![q] });
                groups.len() - 1
            }
        };
        group_of.push(g);
        if !wordings[q].words.is_empty() {
            exact.insert(&wordings[q].words, g);
        }
        for &word in &ranked[q] {
            by_word.entry(word).or_default().push(k);
        }
        for &word in prefix(q) {
            by_prefix.entry(word).or_default().push(k);
        }
    }
    groups
}

/// A word diff of `variant` against `base`: `(word, -1 removed | 0 same | 1 added)`.
pub fn diff<'a>(base: &'a str, variant: &'a str) -> Vec<(&'a str, i8)> {
    let a: Vec<&str> = base.split_whitespace().collect();
    let b: Vec<&str> = variant.split_whitespace().collect();
    let key = |w: &str| words::words(w).join(" ");
    let (ka, kb): (Vec<String>, Vec<String>) = (a.iter().map(|w| key(w)).collect(), b.iter().map(|w| key(w)).collect());
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if ka[i] == kb[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            out.push((b[j], 0));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push((b[j], 1));
            j += 1;
        } else {
            out.push((a[i], -1));
            i += 1;
        }
    }
    out
}

/// Compiles this file's patterns now (see `warm_patterns` in `lib.rs`).
pub(super) fn warm() {
    for re in [&AFTER_WHO_VERB, &AFTER_VERB_WHO, &BEFORE, &ACCORDING, &ANONYMOUS, &INDEFINITE_ROLE, &TITLE] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver(name: &str) -> Option<usize> {
        match name {
            "Darusman" | "Marzuki Darusman" => Some(0),
            "Choe Myong Nam" => Some(1),
            _ => None,
        }
    }

    fn show(s: &Speaker) -> String {
        match s {
            Speaker::Term(0) => "Darusman".into(),
            Speaker::Term(t) => format!("term{t}"),
            Speaker::Named(n) => n.clone(),
            Speaker::Anonymous(d) => format!("anon: {d}"),
        }
    }

    /// Each paragraph's quotes as `speaker | text | partial`.
    fn check(paragraphs: &[&str], expected: &[&str]) {
        let got: Vec<String> = extract(0, paragraphs, &resolver)
            .iter()
            .map(|q| format!("{} | {}{}", show(&q.speaker), q.text, if q.partial { " | partial" } else { "" }))
            .collect();
        assert_eq!(got, expected, "{paragraphs:?}");
    }

    #[test]
    fn quote_then_name_said() {
        check(
            &["“It’s quite a big jump for North Korea,” Darusman said at a news conference."],
            &["Darusman | It’s quite a big jump for North Korea"],
        );
        check(
            &["\"We are at the beginning of a process,\" Darusman said of the talks."],
            &["Darusman | We are at the beginning of a process"],
        );
    }

    #[test]
    fn quote_then_said_name() {
        check(
            &["\"I don't think so at all,\" said the UN official who asked not to be named."],
            &["anon: the UN official | I don't think so at all"],
        );
        check(
            &[
                "“We’re not prepared to make those sorts of deals,” said senior U.N. diplomat, speaking on condition of anonymity.",
            ],
            &["anon: senior U.N. diplomat | We’re not prepared to make those sorts of deals"],
        );
        check(&["“Nothing is decided yet,” said Kim Song, a counsellor."], &["Kim Song | Nothing is decided yet"]);
    }

    #[test]
    fn name_said_colon_quote() {
        check(
            &["Darusman said: “The answer of the co-sponsors was clear.”"],
            &["Darusman | The answer of the co-sponsors was clear."],
        );
        check(
            &["When asked about it Marzuki Darusman said, “It depends on how you formulate that.”"],
            &["Darusman | It depends on how you formulate that."],
        );
    }

    #[test]
    fn partial_quotes() {
        check(
            &[
                "But Darusman said the North Koreans made clear they want it dropped “so that they would be in a position to issue an invitation.”",
            ],
            &["Darusman | so that they would be in a position to issue an invitation | partial"],
        );
        check(
            &["Whatever conditions are set, Darusman said a UN visit must be “substantive and effective.”"],
            &["Darusman | substantive and effective | partial"],
        );
    }

    #[test]
    fn pronouns_and_titles_take_the_last_speaker() {
        check(
            &[
                "Marzuki Darusman met four officials on Monday.",
                "\"That would be quite high on the list,\" he said.",
                "“It is a start,” the special rapporteur said.",
            ],
            &["Darusman | That would be quite high on the list", "Darusman | It is a start"],
        );
        check(
            &[
                "Choe Myong Nam told The Associated Press that his country wants a “new and objective report” on it. “Previous reports were based on rumors,” he said.",
            ],
            &["term1 | new and objective report | partial", "term1 | Previous reports were based on rumors"],
        );
    }

    #[test]
    fn continuation_paragraphs_keep_the_speaker() {
        check(
            &[
                "\"We are at the beginning of a process,\" Darusman said.",
                "\"More progress has taken place in three months.\"",
            ],
            &[
                "Darusman | We are at the beginning of a process",
                "Darusman | More progress has taken place in three months.",
            ],
        );
    }

    #[test]
    fn scare_quotes_are_skipped() {
        check(&["It calls the witnesses that testified “human scum.”"], &[]);
        check(&["A pronoun with no one before: “it was fine,” he said."], &[]);
    }

    #[test]
    fn organisations_as_speakers() {
        check(
            &["“We will respond to any attempt,” North Korea’s U.N. mission said in its statement."],
            &["North Korea’s U.N. mission | We will respond to any attempt"],
        );
    }

    /// [`Wording::same`] with the whole intersection counted first.
    fn same_the_long_way(a: &Wording, b: &Wording) -> bool {
        let (short, long, short_set) =
            if a.words.len() <= b.words.len() { (&a.words, &b.words, &a.set) } else { (&b.words, &a.words, &b.set) };
        let inter = crate::sorted::intersect(&a.set, &b.set).count();
        let union = a.set.len() + b.set.len() - inter;
        (union > 0 && inter * 10 >= union * 7)
            || (short.len() >= 3
                && inter == short_set.len()
                && long.windows(short.len()).any(|w| w == short.as_slice()))
    }

    #[test]
    fn stopping_early_decides_as_the_whole_count() {
        // Wordings over a small vocabulary: many near misses on either side of the rules.
        let vocabulary = ["we", "are", "at", "the", "start", "of", "a", "long", "process", "visit", "now", "here"];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let mut texts: Vec<String> = (0..150)
            .map(|_| (0..1 + next(9)).map(|_| vocabulary[next(vocabulary.len())]).collect::<Vec<_>>().join(" "))
            .collect();
        texts.extend(
            ["", "we", "we are at", "we are at the start of a long process", "at the start of a long"]
                .map(String::from),
        );
        let wordings: Vec<Wording> = texts.iter().map(|t| Wording::new(t)).collect();
        let (mut same, mut different) = (0, 0);
        for a in &wordings {
            for b in &wordings {
                let expected = same_the_long_way(a, b);
                assert_eq!(a.same(b), expected);
                if expected { same += 1 } else { different += 1 }
            }
        }
        assert!(same > 200 && different > 500, "{same} {different}");
    }

    #[test]
    fn quoted_spans_are_the_regex_groups() {
        for text in [
            "“It’s quite a big jump,” Darusman said. \"We are here,\" he added.",
            "An unclosed “quotation to the end",
            "An unclosed \"quotation to the end",
            "Empty “” and \"\" and “ ” marks, a stray ” and a “nested “inner” one”.",
            "“",
            "\"",
            "”",
            "",
            "no quotes at all",
            "Mixed “open and \"close\" then ”",
        ] {
            let groups: Vec<(Range<usize>, Range<usize>)> =
                QUOTED.captures_iter(text).filter_map(|c| Some((c.get(0)?.range(), c.get(1)?.range()))).collect();
            let spans: Vec<_> = quoted_ranges(text).iter().map(|outer| quoted_span(text, outer)).collect();
            assert_eq!(spans, groups, "{text:?}");
        }
    }

    /// [`quoted_ranges`] finds what the pattern finds, on texts made of quotation marks, the
    /// other characters that start with the byte `E2`, and plain text, around the eight-byte
    /// blocks it reads.
    #[test]
    fn quoted_ranges_are_the_pattern_s_matches() {
        let pool = ["“", "”", "\"", "’", "—", "\u{2010}", "\u{E29C}", "a", "word ", " ", "é", "\n", "xxxxxxx"];
        let mut below = crate::test_rng::below(29);
        let mut found = 0;
        for _ in 0..20_000 {
            let text: String = (0..below(14)).map(|_| pool[below(pool.len())]).collect();
            let expected: Vec<Range<usize>> = QUOTED.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(quoted_ranges(&text), expected, "{text:?}");
            found += expected.len();
        }
        assert!(found > 5000, "{found}");
    }

    #[test]
    fn merging_and_diff() {
        assert!(same_words(
            "substantive and effective.",
            "It needs to be a visit with a substantive and effective objective"
        ));
        assert!(!same_words("It is a big jump", "It is a very pragmatic step they are taking"));
        let d: Vec<String> = diff("a visit with a substantive objective", "a visit with substantive aims")
            .into_iter()
            .map(|(w, k)| format!("{k}{w}"))
            .collect();
        assert_eq!(d, ["0a", "0visit", "0with", "-1a", "0substantive", "1aims", "-1objective"]);
    }
}
