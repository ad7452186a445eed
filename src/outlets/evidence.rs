//! What each outlet reported that the others did not, and the figures it gave.
//!
//! Input: the articles' paragraphs and each article's outlet. Output: per outlet, the
//! sentences only it reported ([`unique_sentences`]) and the numbers in its text
//! ([`numbers`]: "four North Korean officials", "some 50 co-sponsors").
//!
//! A sentence counts as reported elsewhere when some sentence of another outlet shares at
//! least [`OVERLAP`] of its content words (normalised, stemmed, stopwords dropped). Candidates
//! come from an inverted word index, so no sentence is compared with every other one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::shared::{ArticleText, SentenceRef};

/// Share of a sentence's content words another outlet's sentence must have for it to count
/// as reported there.
const OVERLAP: f64 = 0.5;
/// Words found in more sentences than this are not compared.
const MAX_POSTING: usize = 100;
/// Sentences shorter than this (in content words) are not listed.
const MIN_WORDS: usize = 6;

/// For each outlet (by index), the sentences of its articles no other outlet reported.
/// Articles whose `outlet` is not below `outlets` (unknown outlets) are compared with but
/// not listed.
pub fn unique_sentences(articles: &[ArticleText<'_>], outlets: usize) -> Vec<Vec<SentenceRef>> {
    use rayon::prelude::*;
    // Every sentence, numbered in article order: its outlet, and where its content words end
    // in `word_ids` (each distinct word numbered in order of first appearance). Numbered once
    // here, the words are never hashed again.
    let count = articles.iter().map(|art| art.keys.len()).sum();
    let (mut outlet_of, mut words_end) = (Vec::with_capacity(count), Vec::with_capacity(count));
    let mut word_ids: Vec<u32> =
        Vec::with_capacity(articles.iter().flat_map(|art| art.keys.iter()).map(|k| k.content.len()).sum());
    let mut id_of: FxHashMap<u64, u32> = FxHashMap::default();
    // For each word, how many sentences hold it (a sentence's content words are distinct).
    let mut holding: Vec<usize> = Vec::new();
    for art in articles {
        for keys in art.keys.iter() {
            for &w in keys.content {
                let next = holding.len() as u32;
                let id = *id_of.entry(w).or_insert(next);
                if id == next {
                    holding.push(0);
                }
                holding[id as usize] += 1;
                word_ids.push(id);
            }
            words_end.push(word_ids.len());
            outlet_of.push(art.outlet);
        }
    }
    // Words in very many sentences say nothing about where a sentence was reported: they are
    // left out of the comparison (and keep the work per sentence bounded).
    let compared = |id: u32| holding[id as usize] <= MAX_POSTING;
    // The inverted index of the compared words, as one list: word `id`'s sentences, in
    // order, are `postings[starts[id]..starts[id + 1]]`.
    let mut starts = Vec::with_capacity(holding.len() + 1);
    starts.push(0);
    for (id, &n) in holding.iter().enumerate() {
        let len = if compared(id as u32) { n } else { 0 };
        starts.push(starts[id] + len);
    }
    let mut postings = vec![0u32; starts[holding.len()]];
    let mut next = starts.clone();
    let mut from = 0;
    for (i, &end) in words_end.iter().enumerate() {
        for &id in &word_ids[from..end] {
            if compared(id) {
                postings[next[id as usize]] = i as u32;
                next[id as usize] += 1;
            }
        }
        from = end;
    }
    // Each sentence is judged on its own: in parallel, listed in sentence order. `shared`
    // counts, for each other sentence, the compared words it has (zero again after each
    // sentence: `touched` lists what to reset).
    let unique: Vec<bool> = (0..count)
        .into_par_iter()
        .map_init(
            || (vec![0u32; count], Vec::new(), Vec::new()),
            |(shared, touched, lists): &mut (Vec<u32>, Vec<u32>, Vec<&[u32]>), i| {
                let ids = &word_ids[if i == 0 { 0 } else { words_end[i - 1] }..words_end[i]];
                let outlet = outlet_of[i];
                if ids.len() < MIN_WORDS || outlet >= outlets {
                    return false;
                }
                lists.clear();
                lists.extend(
                    ids.iter()
                        .filter(|&&id| compared(id))
                        .map(|&id| &postings[starts[id as usize]..starts[id as usize + 1]]),
                );
                let compared = lists.len();
                if compared < 3 {
                    return false;
                }
                // The most content words any one other outlet's sentence shares; once it
                // reaches the overlap, the sentence was reported elsewhere. Once it cannot
                // reach it any more with the postings left (each adds at most one), the
                // sentence is unique: the shortest postings are read first, so the longest
                // are the ones that can be left unread. The answer does not depend on the
                // order (it is whether the largest count reaches the overlap).
                let reported = |best: u32| f64::from(best) >= OVERLAP * compared as f64;
                lists.sort_unstable_by_key(|p| p.len());
                let mut best = 0;
                for (read, posting) in lists.iter().enumerate() {
                    for &j in *posting {
                        // Sentences of the sentence's own outlet are counted too, but never
                        // raise `best`: the outlet (a read elsewhere in memory) is only looked
                        // at when a count goes past it, rarely.
                        let n = &mut shared[j as usize];
                        if *n == 0 {
                            touched.push(j);
                        }
                        *n += 1;
                        if *n > best && outlet_of[j as usize] != outlet {
                            best = *n;
                        }
                    }
                    let left = (compared - read - 1) as u32;
                    if reported(best) || !reported(best + left) {
                        break;
                    }
                }
                for &j in touched.iter() {
                    shared[j as usize] = 0;
                }
                touched.clear();
                !reported(best)
            },
        )
        .collect();
    let mut out = vec![Vec::new(); outlets];
    let mut unique = unique.into_iter();
    for (a, art) in articles.iter().enumerate() {
        let at = art.sentences.iter().enumerate().flat_map(|(p, ranges)| ranges.iter().map(move |r| (p, r)));
        for ((p, range), _) in at.zip(art.keys.iter()) {
            if unique.next() == Some(true)
                && let Some(list) = out.get_mut(art.outlet)
            {
                list.push(SentenceRef { article: a, paragraph: p, range: range.clone() });
            }
        }
    }
    out
}

/// A number and up to three words after it. The rule is `\b` followed by this pattern; the
/// `\b` is checked by hand in [`number_matches`] (a Unicode `\b` sends the regex engine to its
/// slow path on any paragraph holding a non-ASCII character, such as a curly quote).
const NUMBER_BODY: &str = r"(?ix)
        (?:(?:some|about|around|nearly|almost|more\ than|fewer\ than|less\ than|over|up\ to|at\ least|roughly|an\ estimated)\s+)?
        (?:\d[\d,.]*(?:-\w+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|dozens|hundreds|thousands|millions)
        (?:\s+(?:hundred|thousand|million|billion|percent|per\ cent))?
        (?:\s+[\p{L}’'-]+){1,3}";
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(NUMBER_BODY).expect("invariant: valid regex"));

/// The matches of `\b` + [`NUMBER_BODY`] in `text`, as `find_iter` of that regex gives them.
///
/// Every match of the body starts with a word character (a letter or a digit), so `\b` holds
/// at its start exactly when the character before is not a word character. The leftmost
/// match of `\bX` is the leftmost match of `X` whose start passes that test, and at a given
/// start both end in the same place (the `\b` has no say past the start): so a match that
/// fails the test is dropped and the search resumes one character later.
fn number_matches(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    let mut at = Some(0);
    std::iter::from_fn(move || {
        while let Some(m) = NUMBER.find_at(text, at?) {
            let boundary = text[..m.start()].chars().next_back().is_none_or(|c| !regex_syntax::is_word_character(c));
            // A match is never empty (a number and a word at least), so the search moves on.
            if boundary {
                at = Some(m.end());
                return Some(m);
            }
            at = Some(m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8));
        }
        at = None;
        None
    })
}
static MONTH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$")
        .expect("invariant: valid regex")
});
/// Whether `before` ends in a month name ("Oct. 30" is a date, not a count). A match of
/// [`MONTH_BEFORE`] is letters, an optional full stop and white space up to the end, so it
/// lies in the trailing run of letters: the search starts there (with the text before it as
/// context for `\b`) instead of reading the whole paragraph for every number.
fn month_before(before: &str) -> bool {
    let trimmed = before.trim_end();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    // Every letter `(?i)[a-z]` matches: ASCII ones, K (Kelvin) and ſ (long s).
    let letters = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_alphabetic() || c == '\u{212A}' || c == '\u{17F}')
        .last()
        .map_or(trimmed.len(), |(i, _)| i);
    MONTH_BEFORE.is_match_at(before, letters)
}

const NOUN_STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "that", "which", "who", "is",
    "was", "were", "are", "be", "as", "but", "it", "he", "she", "they", "his", "her", "its", "their", "from", "than",
    "after", "before", "since", "would", "will", "has", "have", "had", "said", "says", "ago",
];

/// The words [`NUMBER_BODY`] takes for a number (besides digits), lowercase.
const NUMBER_STARTS: [&str; 22] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
];

/// For each length, a bit per letter (`a` = bit 0) that starts one of [`NUMBER_STARTS`] of
/// that length: a word failing it is compared with none of them.
static NUMBER_FIRSTS: [u32; 10] = {
    let mut masks = [0u32; 10];
    let mut i = 0;
    while i < NUMBER_STARTS.len() {
        let w = NUMBER_STARTS[i].as_bytes();
        masks[w.len()] |= 1 << (w[0] - b'a');
        i += 1;
    }
    masks
};

/// Whether a run of ASCII letters is one of [`NUMBER_STARTS`] in any case.
fn is_number_start(run: &[u8]) -> bool {
    let (Some(&mask), Some(&first)) = (NUMBER_FIRSTS.get(run.len()), run.first()) else { return false };
    let bit = (first | 0x20).wrapping_sub(b'a');
    bit < 26 && mask & (1 << bit) != 0 && NUMBER_STARTS.iter().any(|w| run.eq_ignore_ascii_case(w.as_bytes()))
}

/// For each letter (`a` = 0), a bit per letter that comes before it at the end of one of
/// [`NUMBER_STARTS`] (`ne` of `one`: bit `n` of entry `e`): a word ending otherwise is none.
static NUMBER_ENDS: [u32; 26] = {
    let mut ends = [0u32; 26];
    let mut i = 0;
    while i < NUMBER_STARTS.len() {
        let w = NUMBER_STARTS[i].as_bytes();
        ends[(w[w.len() - 1] - b'a') as usize] |= 1 << (w[w.len() - 2] - b'a');
        i += 1;
    }
    ends
};

/// Whether `text` may hold a match of [`number_matches`]: `false` only when it holds none,
/// so [`numbers`] skips the pattern (most paragraphs give no number, and the search read every
/// byte of every paragraph at some two nanoseconds each).
///
/// A match's number is a digit (`\d`: any Unicode decimal digit) or one of
/// [`NUMBER_STARTS`] (any case: under `(?i)` the only characters outside ASCII that match an
/// ASCII letter are `ſ` and the Kelvin sign), which starts where `\b` holds (the character
/// before is no word character: the match starts there, or white space comes before) and is
/// followed by white space. So a text with no ASCII digit, none of those characters outside
/// ASCII, and no whole run of ASCII letters that is a number word followed by a byte that may
/// start white space (one up to the space, or outside ASCII) holds no match.
///
/// Read eight bytes at a time: a word is only looked at where such a byte follows it, and
/// only read back to its start when its last two letters end a number word.
pub(crate) fn may_hold_number(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    const LOW: u64 = 0x7F * ONES;
    if !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && (c.is_numeric() || c == '\u{17F}' || c == '\u{212A}'))
    {
        return true;
    }
    let bytes = text.as_bytes();
    // Whether the letters before `end` (a byte up to the space or outside ASCII) are a number
    // word.
    let word_before = |end: usize| {
        let (Some(&last), Some(&before)) = (bytes.get(end.wrapping_sub(1)), bytes.get(end.wrapping_sub(2))) else {
            return false;
        };
        let (last, before) = ((last | 0x20).wrapping_sub(b'a'), (before | 0x20).wrapping_sub(b'a'));
        if last >= 26 || before >= 26 || NUMBER_ENDS[usize::from(last)] & (1 << before) == 0 {
            return false;
        }
        let len = bytes[..end].iter().rev().take(10).take_while(|b| b.is_ascii_alphabetic()).count();
        is_number_start(&bytes[end - len..end])
    };
    // Whether the eight bytes from `base` hold a digit or end a number word.
    let block = |x: u64, base: usize| {
        // Bytes from `0` to `9`, and bytes up to the space or outside ASCII, as their high bits.
        let low = x & LOW;
        let digits = (low + (0x80 - u64::from(b'0')) * ONES) & !(low + (0x80 - u64::from(b'9') - 1) * ONES) & !x & HIGH;
        if digits != 0 {
            return true;
        }
        let mut ends = (x | !(low + (0x80 - 0x21) * ONES)) & HIGH;
        while ends != 0 {
            if word_before(base + (ends.trailing_zeros() / 8) as usize) {
                return true;
            }
            ends &= ends - 1;
        }
        false
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        if block(u64::from_le_bytes(chunk.try_into().unwrap_or([b'a'; 8])), base) {
            return true;
        }
        base += 8;
    }
    // The last bytes, padded with a letter (neither kind of byte).
    let mut last = [b'a'; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    block(u64::from_le_bytes(last), base)
}

/// Numbers with what they count, in one paragraph: `(byte range, text)`.
pub fn numbers(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    if !may_hold_number(text) {
        return out;
    }
    let (mut keep, mut lower) = (Vec::new(), String::new());
    for m in number_matches(text) {
        if month_before(&text[..m.start()]) {
            continue;
        }
        // Keep the words up to the first function word; a number must count something.
        keep.clear();
        let mut counted = false;
        let mut past_number = false;
        for w in m.as_str().split_whitespace() {
            // Lower case one character at a time, into a reused buffer: it differs from
            // `str::to_lowercase` only for a final sigma, which no listed word holds.
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            if !past_number && PREFIX_WORDS.contains(&lower.as_str()) {
                keep.push(w);
                continue;
            }
            let is_number = lower.chars().next().is_some_and(|c| c.is_ascii_digit())
                || NUMBER_STARTS.contains(&lower.as_str())
                || NUMBER_SCALES.contains(&lower.as_str());
            if past_number && !is_number {
                if NOUN_STOP.contains(&lower.as_str()) {
                    break;
                }
                counted = true;
            }
            if is_number {
                past_number = true;
            }
            keep.push(w);
        }
        let first_digit = keep.iter().find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        // A bare year ("in 2014") or a time is not a count.
        let is_year = first_digit
            .is_some_and(|d| d.len() == 4 && d.starts_with(['1', '2']) && d.chars().all(|c| c.is_ascii_digit()));
        if !counted || is_year || !past_number {
            continue;
        }
        let shown = keep.join(" ").trim_end_matches([',', '.', ';', ':']).to_string();
        let end = m.start() + text[m.start()..].find(&shown).map_or(0, |i| i + shown.len());
        out.push((m.start()..end.max(m.start()), shown));
    }
    out
}

/// The words besides [`NUMBER_STARTS`] that a number's own part may hold.
const NUMBER_SCALES: &[&str] = &["thousand", "million", "billion", "percent", "per", "cent"];

const PREFIX_WORDS: &[&str] = &[
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "over",
    "roughly",
    "more",
    "than",
    "fewer",
    "less",
    "up",
    "to",
    "at",
    "least",
    "an",
    "estimated",
];

/// Compiles this file's patterns now (see `warm_patterns` in `lib.rs`).
pub(super) fn warm() {
    LazyLock::force(&NUMBER);
    LazyLock::force(&MONTH_BEFORE);
}

#[cfg(test)]
mod tests {
    use super::super::words;
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = numbers(text)
            .into_iter()
            .map(|(r, s)| {
                assert_eq!(&text[r], s);
                s
            })
            .collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn numbers_with_what_they_count() {
        check("Darusman met with four North Korean officials on Monday.", &["four North Korean officials"]);
        check("the draft, which currently has some 50 co-sponsors, and", &["some 50 co-sponsors"]);
        check("camps with up to 120,000 people and", &["up to 120,000 people"]);
        check("the 193-nation Assembly", &["193-nation Assembly"]);
        check("dated Oct. 30, in a Feb. 17 report, in 2014.", &[]);
        check("the first in 10 years", &["10 years"]);
    }

    #[test]
    fn number_matches_agree_with_the_rule_with_its_word_boundary() {
        let rule = Regex::new(&NUMBER_BODY.replacen("(?ix)", "(?ix)\\b", 1)).expect("valid regex");
        for text in [
            "Darusman met with four North Korean officials on Monday.",
            "Darusman met with four North Korean officials on Monday — “four more” said ten people.",
            "often the case, someone gave tenfold hundreds thousands of people",
            "often the case — “someone” said, about ten officials came",
            "a10 jets, é10 people, _10 people, x-10 people, 10 people",
            "e\u{301}10 people and ſix people and SIX people and ſome 10 people",
            "over 100 co-sponsors; more than 50 states; up to 120,000 people",
            "1,000,000 people 12.5 percent 3-year-old girls 4 per cent",
            "ninety-nine balloons, twenty-one guns, one two three four",
            "cafétwo people, café two people, 日本10 people, 日本 10 people",
            "",
            "10",
            "ten people",
        ] {
            let expected: Vec<(usize, usize)> = rule.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = number_matches(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    /// [`NUMBER_STARTS`] are the number words of [`NUMBER_BODY`]'s alternation.
    #[test]
    fn number_starts_are_the_pattern_s() {
        let list = NUMBER_BODY.split(r"\d[\d,.]*(?:-\w+)?|").nth(1).and_then(|rest| rest.split(')').next());
        let words: Vec<&str> = list.map(|l| l.split('|').collect()).unwrap_or_default();
        assert_eq!(words, NUMBER_STARTS);
        for w in NUMBER_STARTS {
            assert!(is_number_start(w.as_bytes()) && is_number_start(w.to_ascii_uppercase().as_bytes()), "{w}");
            assert!(!is_number_start(&w.as_bytes()[1..]) && !is_number_start(format!("{w}x").as_bytes()), "{w}");
        }
        for w in ["", "a", "the", "tens", "on", "oneself", "zero", "TEN\0", "ten\u{17F}"] {
            assert_eq!(is_number_start(w.as_bytes()), NUMBER_STARTS.contains(&w.to_lowercase().as_str()), "{w:?}");
        }
    }

    /// The only characters outside ASCII that `(?i)` matches with an ASCII letter.
    #[test]
    fn only_long_s_and_kelvin_fold_to_ascii_letters() {
        let letter = Regex::new(r"(?i)^[a-z]$").expect("valid regex");
        let folding: Vec<char> =
            ('\u{80}'..=char::MAX).filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4]))).collect();
        assert_eq!(folding, ['\u{17F}', '\u{212A}']);
    }

    /// [`may_hold_number`] the simple way: a byte at a time, every whole run of letters
    /// followed by a byte up to the space or outside ASCII compared with the words.
    fn may_hold_number_reference(text: &str) -> bool {
        if text.chars().any(|c| c.is_numeric() || c == '\u{17F}' || c == '\u{212A}') {
            return true;
        }
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            if i > start && bytes.get(i).is_some_and(|&b| b <= b' ' || b >= 0x80) {
                let run = text[start..i].to_ascii_lowercase();
                if NUMBER_STARTS.contains(&run.as_str()) {
                    return true;
                }
            }
            i = i.max(start + 1);
        }
        false
    }

    /// Where [`may_hold_number`] says no, there is no match; it says what the simple way
    /// ([`may_hold_number_reference`]) says.
    #[test]
    fn texts_said_to_hold_no_number_hold_none() {
        let check = |text: &str| {
            let matches = number_matches(text).count();
            assert!(matches == 0 || may_hold_number(text), "{text:?}");
            assert_eq!(may_hold_number(text), may_hold_number_reference(text), "{text:?}");
            matches
        };
        let mut found = 0;
        for text in [
            "",
            "ten people",
            "ten",
            "ten.",
            "Ten\u{A0}people",
            "Ten\u{2009}people",
            "ten\x0Bpeople",
            "\u{17F}ix people",
            "SIX people",
            "x.ten people",
            "xten people",
            "éten people",
            "“ten” people",
            "some ten people",
            "people \u{663} people",
            "people \u{FF13} people",
            "tenfold people",
            "hundreds\tof people",
        ] {
            found += check(text);
        }
        let pool = [
            "ten",
            "Six",
            "one",
            "ones",
            "some",
            "about",
            "people",
            "x",
            "the",
            "3",
            "\u{663}",
            "\u{17F}ix",
            "é",
            "’",
            " ",
            " ",
            " ",
            "\u{A0}",
            "\n",
            "\x0B",
            "\x1F",
            "\x7F",
            ".",
            ",",
            "-",
            "“",
            "_",
            "thousands",
            "hundred",
            "Millions",
            "TWELVE",
            "twelv",
            "seventeen",
            "often",
            "written",
            "a",
            "ab",
            "@",
            "[",
            "`",
            "{",
            "/",
            ":",
        ];
        let mut below = crate::test_rng::below(23);
        for _ in 0..30_000 {
            let text: String = (0..below(12)).map(|_| pool[below(pool.len())]).collect();
            found += check(&text);
        }
        assert!(found > 1000, "{found}");
        assert!(!may_hold_number("Government while allegations said over, the people of Korea."));
        assert!(!may_hold_number("Someone gave tenfold “thanks” — often"));
    }

    #[test]
    fn month_before_agrees_with_the_whole_text_search() {
        for before in [
            "dated Oct. ",
            "dated Oct.",
            "dated Oct",
            "dated October  ",
            "dated Oct.. ",
            "xoct ",
            "9oct ",
            "éoct ",
            "in the decade ",
            "Decision ",
            "a ſept ",
            "",
            " ",
            "the camps with up to ",
            "Nov.\n",
        ] {
            assert_eq!(month_before(before), MONTH_BEFORE.is_match(before), "{before:?}");
        }
    }

    /// Unique sentences the long way: every sentence against every other outlet's sentence.
    fn unique_reference(articles: &[ArticleText<'_>], outlets: usize) -> Vec<Vec<SentenceRef>> {
        let mut all: Vec<(SentenceRef, usize, &[u64])> = Vec::new();
        for (a, art) in articles.iter().enumerate() {
            let mut keys = art.keys.iter();
            for (p, ranges) in art.sentences.iter().enumerate() {
                for range in ranges {
                    let at = SentenceRef { article: a, paragraph: p, range: range.clone() };
                    all.push((at, art.outlet, keys.next().expect("a key per sentence").content));
                }
            }
        }
        let in_sentences = |w: u64| all.iter().filter(|s| s.2.contains(&w)).count();
        let mut out = vec![Vec::new(); outlets];
        for (at, outlet, cw) in &all {
            if cw.len() < MIN_WORDS || *outlet >= outlets {
                continue;
            }
            let compared: Vec<u64> = cw.iter().copied().filter(|&w| in_sentences(w) <= MAX_POSTING).collect();
            if compared.len() < 3 {
                continue;
            }
            let best = all
                .iter()
                .filter(|other| other.1 != *outlet)
                .map(|other| compared.iter().filter(|w| other.2.contains(w)).count())
                .max()
                .unwrap_or(0);
            if (best as f64) < OVERLAP * compared.len() as f64 {
                out[*outlet].push(at.clone());
            }
        }
        out
    }

    #[test]
    fn unique_sentences_agree_with_all_pairs() {
        // Sentences drawn from a small vocabulary, so that many share words with others,
        // some past half of their words; a few words are in very many sentences.
        // Sentences are new or an earlier one with some words replaced, so that overlaps fall
        // on both sides of the threshold; one word is in very many sentences.
        let vocabulary: Vec<String> = (0..300).map(|i| format!("word{i}x")).collect();
        let mut state: u64 = 11;
        let mut next = |n: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let mut made: Vec<Vec<usize>> = Vec::new();
        let mut paragraphs: Vec<(usize, String)> = Vec::new();
        for a in 0..80 {
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                let mut words: Vec<usize> = if made.is_empty() || next(2) == 0 {
                    (0..2 + next(12)).map(|_| if next(4) == 0 { 0 } else { next(vocabulary.len()) }).collect()
                } else {
                    made[next(made.len())].clone()
                };
                for _ in 0..next(words.len() + 1) {
                    let at = next(words.len());
                    words[at] = next(vocabulary.len());
                }
                let shown: Vec<&str> = words.iter().map(|&w| vocabulary[w].as_str()).collect();
                text.push_str(&shown.join(" "));
                text.push_str(". ");
                made.push(words);
            }
            paragraphs.push((a % 7, text));
        }
        let texts: Vec<ArticleText<'_>> = paragraphs
            .iter()
            .map(|(outlet, text)| {
                let paras = [text.as_str()];
                let sentences = words::paragraph_sentences(&paras);
                ArticleText {
                    paragraphs: paras.to_vec(),
                    keys: words::paragraph_keys(&paras, &sentences),
                    sentences,
                    wire: None,
                    agency: false,
                    outlet: *outlet,
                    order: 0,
                }
            })
            .collect();
        let got = unique_sentences(&texts, 6);
        let expected = unique_reference(&texts, 6);
        let unique: usize = expected.iter().map(Vec::len).sum();
        assert!(unique > 10 && unique < made.len() - 10, "{unique} of {}", made.len());
        assert_eq!(got, expected);
    }

    #[test]
    fn unique_sentences_per_outlet() {
        let a = "Darusman met four North Korean officials at the United Nations on Monday.";
        let b = "Four North Korean officials met Darusman at the United Nations on Monday.";
        let c = "Defectors told a panel that prisoners starved in the camps for many years.";
        let text = |outlet: usize, paragraphs: &[&'static str]| ArticleText {
            paragraphs: paragraphs.to_vec(),
            keys: words::paragraph_keys(paragraphs, &words::paragraph_sentences(paragraphs)),
            sentences: words::paragraph_sentences(paragraphs),
            wire: None,
            agency: false,
            outlet,
            order: 0,
        };
        let got = unique_sentences(&[text(0, &[a]), text(1, &[b, c])], 2);
        assert!(got[0].is_empty());
        assert_eq!(got[1].len(), 1);
        assert_eq!(got[1][0].paragraph, 1);
    }
}
