//! The temporal tagger: finds dated expressions in a paragraph, as a table of patterns.
//!
//! Each [`RULES`] row is a regex and a function turning its captures into an [`Expr`], the
//! expression's meaning before any anchoring ("Monday", "late November", "next month"). The
//! tagger also reads the wording around each expression for its direction in time ([`Tense`]),
//! which `resolve` needs for weekdays and months without a year. Overlapping matches are
//! settled by the longest match, then by the rule's place in the table.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};
use rustc_hash::FxHashSet;

/// A calendar unit of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Which part of a period: "early", "mid", "late" November; "earlier this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Early,
    Mid,
    Late,
    /// Before the anchor day, within the period ("earlier this month").
    Earlier,
    /// After the anchor day, within the period ("later this week").
    Later,
}

/// What an expression means, before anchoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A calendar day; the year may be missing ("Feb. 17"); a weekday may be stated too
    /// ("Tuesday, October 28").
    Day { year: Option<i16>, month: i8, day: i8, weekday: Option<jiff::civil::Weekday> },
    /// A month, or part of one; the year may be missing ("in December", "late November").
    Month { year: Option<i16>, month: i8, part: Part },
    /// A year; `since` makes it the start of a span that runs to the anchor.
    Year { year: i16, since: bool },
    /// A weekday ("on Monday", "last Friday"); `shift` is -1 for "last", +1 for "next",
    /// 0 for "this" and `None` when the wording does not say.
    Weekday { weekday: jiff::civil::Weekday, shift: Option<i8> },
    /// "today", "yesterday", "tomorrow": days from the anchor.
    DayOffset(i8),
    /// "next month", "last week", "earlier this year": `offset` periods from the anchor's.
    Relative { unit: Unit, offset: i8, part: Part },
    /// "10 years ago".
    Ago { count: u16, unit: Unit },
}

impl Expr {
    /// Whether the expression needs an anchor (a publication date) to mean a date.
    pub fn is_relative(&self) -> bool {
        !matches!(
            self,
            Expr::Day { year: Some(_), .. } | Expr::Month { year: Some(_), .. } | Expr::Year { since: false, .. }
        )
    }
}

/// The direction the wording points to, with the word that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tense {
    Past(String),
    Future(String),
    Unmarked,
}

/// One tagged expression in a paragraph.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// Byte range of the expression in the paragraph.
    pub span: Range<usize>,
    /// Byte range of its sentence in the paragraph.
    pub sentence: Range<usize>,
    pub expression: String,
    pub expr: Expr,
    pub tense: Tense,
    /// The rule that matched (its name in [`RULES`]).
    pub rule: &'static str,
}

type Build = fn(&Captures<'_>) -> Option<Expr>;

/// A pattern of the table: a name, a regex and what it means.
pub struct Rule {
    pub name: &'static str,
    pattern: &'static str,
    build: Build,
}

const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
const WEEKDAY: &str = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// The pattern table, most specific first. `{M}` is a month name, `{W}` a weekday.
pub static RULES: &[Rule] = &[
    Rule { name: "iso date", pattern: r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b", build: iso_date },
    Rule {
        name: "month day",
        pattern: r"\b(?:(?:{W}),?\s+)?{M}\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d{2})\b)?",
        build: month_day,
    },
    Rule {
        name: "day month",
        pattern: r"\b(?:(?:{W}),?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?{M}(?:,?\s+(?P<year>(?:19|20)\d{2})\b)?",
        build: month_day,
    },
    Rule {
        name: "month",
        pattern: r"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[-\s]+)?{M}(?:,?\s+(?P<year>(?:19|20)\d{2})\b)",
        build: month,
    },
    Rule {
        name: "month in text",
        pattern: r"\b(?:(?P<part>early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)[-\s]+|(?:in|since|during|until|by|from|through|before|after|last|this|next|of)\s+){M}",
        build: month,
    },
    Rule {
        name: "relative period",
        pattern: r"(?i)\b(?P<rel>earlier\s+this|later\s+this|early\s+this|late\s+this|early\s+next|late\s+last|last|next|this|past)\s+(?P<unit>week|month|year)\b",
        build: relative,
    },
    Rule {
        name: "ago",
        pattern: r"(?i)\b(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b",
        build: ago,
    },
    Rule {
        name: "year",
        pattern: r"(?i)\b(?P<prep>in|since|during|until|by|from|through|before|after|of|early|late|the)\s+(?P<year>(?:19|20)\d{2})\b",
        build: year,
    },
    Rule { name: "weekday", pattern: r"\b(?:(?P<shift>[Ll]ast|[Nn]ext|[Tt]his)\s+)?{W}\b", build: weekday },
    Rule { name: "day word", pattern: r"(?i)\b(?P<word>today|yesterday|tomorrow|tonight)\b", build: day_word },
];

/// Each rule without its word boundaries: a regex that matches wherever the rule does (an
/// assertion removed only widens it) and that the fast DFA engine can run on any text. Unicode
/// `\b` makes the engine fall back to a slow one on any non-ASCII text (a curly quote is
/// enough), so a paragraph is searched with a rule only when its prefilter matches. The
/// prefilters run as one set: one pass over the paragraph says which rules to try, where one
/// search per rule read it ten times.
static PREFILTERS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(RULES.iter().map(|r| r.pattern.replace("{M}", MONTH).replace("{W}", WEEKDAY).replace(r"\b", "")))
        .expect("invariant: the rule table's patterns are valid regexes")
});

static COMPILED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| {
            let p = r.pattern.replace("{M}", MONTH).replace("{W}", WEEKDAY);
            Regex::new(&p).expect("invariant: the rule table's patterns are valid regexes")
        })
        .collect()
});

/// Each rule with ASCII word boundaries (`(?-u:\b)`): the same matches as [`COMPILED`] on
/// text without a non-ASCII word character ([`ascii_words`]), where a Unicode `\b` and an
/// ASCII one are true at the same places; the fast DFA runs it on any text, curly quotes
/// and dashes included.
static COMPILED_ASCII_B: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| {
            let p = r.pattern.replace("{M}", MONTH).replace("{W}", WEEKDAY).replace(r"\b", r"(?-u:\b)");
            Regex::new(&p).expect("invariant: the rule table's patterns are valid regexes")
        })
        .collect()
});

/// Whether every word character of `text` is ASCII (news text's curly quotes, dashes and
/// no-break spaces are not word characters). On such text a Unicode `\b` is an ASCII `\b`,
/// `\d` is `[0-9]`, and a case-insensitive ASCII word matches only its ASCII spellings (the
/// Kelvin sign, which `(?i)k` also matches, is a word character).
fn ascii_words(text: &str) -> bool {
    // Only the non-ASCII characters are decoded: ASCII bytes are skipped as bytes, sixteen
    // at a time.
    let mut rest = text;
    while let Some(at) = first_non_ascii(rest.as_bytes()) {
        let Some(c) = rest[at..].chars().next() else { return true };
        if regex_syntax::is_word_character(c) {
            return false;
        }
        rest = &rest[at + c.len_utf8()..];
    }
    true
}

/// The index of the first non-ASCII byte of `bytes`: sixteen bytes tested at once (one
/// masked word) where a byte loop tested each.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH_BITS: u128 = u128::from_ne_bytes([0x80; 16]);
    let mut chunks = bytes.chunks_exact(16);
    let mut skipped = 0;
    for chunk in chunks.by_ref() {
        let word = chunk.try_into().map_or(HIGH_BITS, u128::from_ne_bytes);
        if word & HIGH_BITS != 0 {
            break;
        }
        skipped += 16;
    }
    bytes[skipped..].iter().position(|b| !b.is_ascii()).map(|i| skipped + i)
}

/// A word that every rule's match holds: a decimal digit (`\d`) in "iso date" and "year"; a
/// month name (case-sensitive, each starting with its three-letter abbreviation) in the four
/// month rules; a weekday name (case-sensitive) in "weekday"; `week`, `month` or `year` in
/// "relative period", `ago` in "ago", `today`, `yesterday`, `tomorrow` or `tonight` in "day
/// word", in any case as those rules read them (`(?i)`, with its Unicode case folding).
const DATE_WORDS_PATTERN: &str = r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?i:week|month|year|ago|today|yesterday|tomorrow|tonight)";

/// [`DATE_WORDS_PATTERN`]: a paragraph without one holds no match of any rule's
/// [`PREFILTERS`] pattern, so [`tag_each_split`] skips the set's search. Half of the
/// paragraphs hold no date, and the set's overlapping search reads each byte at several
/// times the cost of this one (which also stops at the first word it finds).
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(DATE_WORDS_PATTERN).expect("invariant: valid regex"));

/// Whether `text` may hold a match of some rule ([`DATE_WORDS`]): `false` only when it holds
/// none.
fn may_hold_date(text: &str) -> bool {
    DATE_WORDS.is_match(text)
}

fn month_number(name: &str) -> Option<i8> {
    let key: String = name.chars().take(3).collect::<String>().to_lowercase();
    let n = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == key)?;
    Some(n as i8 + 1)
}

fn weekday_of(name: &str) -> Option<jiff::civil::Weekday> {
    use jiff::civil::Weekday::*;
    let key: String = name.chars().take(3).collect::<String>().to_lowercase();
    Some(match key.as_str() {
        "mon" => Monday,
        "tue" => Tuesday,
        "wed" => Wednesday,
        "thu" => Thursday,
        "fri" => Friday,
        "sat" => Saturday,
        "sun" => Sunday,
        _ => return None,
    })
}

fn part_of(word: Option<&str>) -> Part {
    let Some(w) = word else { return Part::Whole };
    let w = w.to_lowercase();
    if w.starts_with("early") || w.contains("beginning") || w.contains("start") {
        Part::Early
    } else if w.starts_with("mid") || w.contains("middle") {
        Part::Mid
    } else if w.starts_with("late") || w.contains("end") {
        Part::Late
    } else {
        Part::Whole
    }
}

fn iso_date(c: &Captures<'_>) -> Option<Expr> {
    let year: i16 = c.name("year")?.as_str().parse().ok()?;
    let month: i8 = c.name("mnum")?.as_str().parse().ok()?;
    let day: i8 = c.name("day")?.as_str().parse().ok()?;
    jiff::civil::Date::new(year, month, day).ok()?;
    Some(Expr::Day { year: Some(year), month, day, weekday: None })
}

fn month_day(c: &Captures<'_>) -> Option<Expr> {
    let month = month_number(c.name("month")?.as_str())?;
    let day: i8 = c.name("day")?.as_str().parse().ok()?;
    let year = c.name("year").and_then(|y| y.as_str().parse().ok());
    // A day that exists in some year (29 February needs a leap year).
    jiff::civil::Date::new(year.unwrap_or(2000), month, day).ok()?;
    let weekday = c.name("weekday").and_then(|w| weekday_of(w.as_str()));
    Some(Expr::Day { year, month, day, weekday })
}

fn month(c: &Captures<'_>) -> Option<Expr> {
    let name = c.name("month")?.as_str();
    // "May" alone is usually the verb; only take it with a year or a preposition.
    let month = month_number(name)?;
    let year = c.name("year").and_then(|y| y.as_str().parse().ok());
    Some(Expr::Month { year, month, part: part_of(c.name("part").map(|p| p.as_str())) })
}

fn unit_of(word: &str) -> Option<Unit> {
    Some(match word.to_lowercase().as_str() {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return None,
    })
}

fn relative(c: &Captures<'_>) -> Option<Expr> {
    let unit = unit_of(c.name("unit")?.as_str())?;
    let rel = c.name("rel")?.as_str().to_lowercase();
    let rel: Vec<&str> = rel.split_whitespace().collect();
    let (offset, part) = match rel.as_slice() {
        ["earlier", "this"] => (0, Part::Earlier),
        ["later", "this"] => (0, Part::Later),
        ["early", "this"] => (0, Part::Early),
        ["late", "this"] => (0, Part::Late),
        ["early", "next"] => (1, Part::Early),
        ["late", "last"] => (-1, Part::Late),
        ["last"] | ["past"] => (-1, Part::Whole),
        ["next"] => (1, Part::Whole),
        ["this"] => (0, Part::Whole),
        _ => return None,
    };
    Some(Expr::Relative { unit, offset, part })
}

fn ago(c: &Captures<'_>) -> Option<Expr> {
    let unit = unit_of(c.name("unit")?.as_str())?;
    let word = c.name("count")?.as_str().to_lowercase();
    let words =
        ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let count = match words.iter().position(|w| *w == word) {
        Some(0) => 1,
        Some(n) => n as u16,
        None if word == "an" => 1,
        None => word.parse().ok()?,
    };
    Some(Expr::Ago { count, unit })
}

fn year(c: &Captures<'_>) -> Option<Expr> {
    let year: i16 = c.name("year")?.as_str().parse().ok()?;
    let since = c.name("prep").is_some_and(|p| p.as_str().eq_ignore_ascii_case("since"));
    Some(Expr::Year { year, since })
}

fn weekday(c: &Captures<'_>) -> Option<Expr> {
    let weekday = weekday_of(c.name("weekday")?.as_str())?;
    let shift = c.name("shift").map(|s| match s.as_str().to_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    });
    Some(Expr::Weekday { weekday, shift })
}

fn day_word(c: &Captures<'_>) -> Option<Expr> {
    Some(Expr::DayOffset(match c.name("word")?.as_str().to_lowercase().as_str() {
        "yesterday" => -1,
        "tomorrow" => 1,
        _ => 0,
    }))
}

/// Words that point to the future when they come shortly before an expression.
const FUTURE_PATTERN: &str = r"(?i)\b(will|won't|shall|'ll|to be|is to|are to|expected|scheduled|due to|plans? to|set to|upcoming|ahead of|is going to|are going to|would be held|would take place|could|until|between now and|if)\b";

static FUTURE: LazyLock<Regex> = LazyLock::new(|| Regex::new(FUTURE_PATTERN).expect("invariant: valid regex"));

/// [`FUTURE`] without its word boundaries, as the rules' [`PREFILTERS`]: it matches any text
/// holding a match of `FUTURE` (in it or in any piece of it) and runs on the fast DFA, so a
/// sentence without one skips the slow Unicode-`\b` searches.
static FUTURE_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&FUTURE_PATTERN.replace(r"\b", "")).expect("invariant: valid regex"));

/// [`FUTURE`] with ASCII word boundaries, as [`COMPILED_ASCII_B`]: the same matches on text
/// without a non-ASCII word character, found by the fast DFA.
static FUTURE_ASCII_B: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&FUTURE_PATTERN.replace(r"\b", r"(?-u:\b)")).expect("invariant: valid regex"));

/// Irregular past forms common in news; regular ones end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "met",
    "said",
    "told",
    "was",
    "were",
    "had",
    "did",
    "held",
    "made",
    "took",
    "gave",
    "came",
    "went",
    "saw",
    "found",
    "left",
    "rang",
    "began",
    "won",
    "lost",
    "sent",
    "spoke",
    "wrote",
    "broke",
    "brought",
    "bought",
    "built",
    "caught",
    "chose",
    "fell",
    "felt",
    "fought",
    "flew",
    "got",
    "grew",
    "heard",
    "hit",
    "kept",
    "knew",
    "led",
    "let",
    "meant",
    "paid",
    "put",
    "ran",
    "rose",
    "sat",
    "set",
    "shot",
    "shut",
    "stood",
    "struck",
    "taught",
    "thought",
    "threw",
    "understood",
    "withdrew",
    "wore",
    "became",
    "forgot",
    "froze",
    "hung",
    "quit",
    "read",
    "sought",
    "sold",
    "spent",
    "stole",
];

/// Words ending in -ed that are not past verbs (or not the ones that date a happening).
const NOT_PAST: &[&str] = &[
    "need",
    "feed",
    "seed",
    "speed",
    "bed",
    "red",
    "shed",
    "united",
    "based",
    "indeed",
    "hundred",
    "expected",
    "scheduled",
    "proposed",
    "planned",
];

/// [`IRREGULAR_PAST`] as a set: every word of a sentence is looked up, and a scan of the
/// table compared each with some seventy words (Fx hashing: the keys are our own words).
static IRREGULAR_PAST_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| IRREGULAR_PAST.iter().copied().collect());

/// Whether `words[i]` is a past verb: an irregular past form, or a word in -ed that is not an
/// un-…-ed adjective nor a present passive ("is approved", "are expected").
fn past_at(words: &[(usize, &str)], i: usize) -> bool {
    let mut buf = [0; LOWERCASE_ON_STACK];
    let w = lowercase(words[i].1, &mut buf);
    if IRREGULAR_PAST_SET.contains(w.as_ref()) {
        return true;
    }
    // The cheap tests first: most words do not end in -ed.
    if w.len() <= 4 || !w.ends_with("ed") || w.starts_with("un") || NOT_PAST.contains(&w.as_ref()) {
        return false;
    }
    // A capitalised word in -ed is a name ("Associated Press") unless it opens the sentence.
    let name = i > 0 && words[i].1.starts_with(char::is_uppercase);
    // Compared without case on the ASCII letters only: the one non-ASCII character that
    // lowercases to an ASCII letter, the Kelvin sign, is in none of these words.
    let passive_present = || {
        words[i.saturating_sub(3)..i]
            .iter()
            .any(|(_, p)| ["is", "are", "be", "being", "am"].iter().any(|v| p.eq_ignore_ascii_case(v)))
    };
    !name && !passive_present()
}

/// ASCII words up to this many bytes are lowercased on the stack by [`lowercase`].
const LOWERCASE_ON_STACK: usize = 24;

/// `word.to_lowercase()`, without a copy when it is lowercase ASCII already, and into `buf`
/// when it is a short ASCII word (a capitalised word allocated a `String` each time).
fn lowercase<'a>(word: &'a str, buf: &'a mut [u8; LOWERCASE_ON_STACK]) -> Cow<'a, str> {
    if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(word);
    }
    if word.is_ascii()
        && let Some(lower) = buf.get_mut(..word.len())
    {
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return Cow::Borrowed(lower);
        }
    }
    Cow::Owned(word.to_lowercase())
}

/// The direction of an expression from the words of its sentence before it (up to eight
/// words back, not across a semicolon), then from the rest of the sentence.
pub fn tense(sentence: &str, expr_start: usize) -> Tense {
    tense_in(sentence, expr_start, &super::keys::words(sentence), ascii_words(sentence))
}

/// [`tense`] with the sentence's words (`keys::words`) already split, and whether the
/// sentence's word characters are all ASCII ([`ascii_words`]: its `FUTURE` search then runs
/// with ASCII word boundaries).
fn tense_in<'s>(sentence: &'s str, expr_start: usize, all: &[(usize, &'s str)], ascii: bool) -> Tense {
    let future_re: &Regex = if ascii { &FUTURE_ASCII_B } else { &FUTURE };
    let before = &sentence[..expr_start];
    // The text after the last semicolon, dash or comma.
    let clause_start = super::last_bound_end(before, &[";", "—", ","]).unwrap_or(0);
    let clause = &before[clause_start..];
    let (words, base) = piece_words(sentence, all, clause_start..expr_start);
    let window = &words[words.len().saturating_sub(8)..];
    let offset = window.first().map_or(clause.len(), |(i, _)| *i - base);
    // The clause is a piece of the sentence: no future word in the sentence, none in it. The
    // test only spares the slow Unicode-`\b` searches: the ASCII-`\b` ones run on the fast DFA
    // and find nothing where it finds nothing, so they run without it (one read fewer).
    let future_words = ascii || FUTURE_ANYWHERE.is_match(sentence);
    if future_words && let Some(m) = future_re.find_iter(&clause[offset..]).last() {
        return Tense::Future(m.as_str().to_string());
    }
    let from = words.len() - window.len();
    if let Some(i) = (from..words.len()).rev().find(|&i| past_at(&words, i)) {
        return Tense::Past(words[i].1.to_string());
    }
    // Elsewhere in the sentence: the cue nearest to the expression ("As of Oct. 31 it
    // suspended …").
    let distance = |at: usize| at.abs_diff(expr_start);
    let future = future_re
        .find_iter(if future_words { sentence } else { "" })
        .map(|m| (distance(m.start()), Tense::Future(m.as_str().to_string())));
    let past =
        (0..all.len()).filter(|&i| past_at(all, i)).map(|i| (distance(all[i].0), Tense::Past(all[i].1.to_string())));
    if let Some((_, t)) = future.chain(past).min_by_key(|(d, _)| *d) {
        return t;
    }
    Tense::Unmarked
}

/// The words of `sentence[piece]` (`keys::words`, each with its offset in the sentence less
/// the returned base): a slice of the sentence's words `all` when the piece starts at the
/// sentence's start or at a space and ends after a space or is empty, else split again. A
/// word never holds a space, nor does the word splitter join anything across one but spaces
/// and the marks that follow a space: cut there, the piece splits into the sentence's own
/// words (tested); cut elsewhere ("1,000" after its comma, "U.S.Monday" before its weekday),
/// it may not. Nearly every clause before a date is cut at spaces, and was split again.
fn piece_words<'a, 's>(
    sentence: &'s str,
    all: &'a [(usize, &'s str)],
    piece: Range<usize>,
) -> (Cow<'a, [(usize, &'s str)]>, usize) {
    let bytes = sentence.as_bytes();
    let clean_start = piece.start == 0 || bytes.get(piece.start) == Some(&b' ');
    let clean_end = piece.is_empty() || piece.end.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b' ');
    if clean_start && clean_end {
        let from = all.partition_point(|(i, _)| *i < piece.start);
        let to = all.partition_point(|(i, _)| *i < piece.end);
        return (Cow::Borrowed(&all[from..to]), piece.start);
    }
    (Cow::Owned(super::keys::words(&sentence[piece])), 0)
}

/// Words written with a full stop that does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr", "Mrs", "Ms", "Dr", "St",
    "No", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Sgt", "Capt", "Prof", "Inc", "Corp", "Co", "Ltd", "vs", "Jr", "Sr",
];

/// Byte ranges of the sentences of a paragraph.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    sentences_of(text, crate::sentences::bounds(text))
}

/// [`sentences`] from the paragraph's sentence pieces (`crate::sentences::bounds` of `text`).
fn sentences_of(text: &str, pieces: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(pieces.len());
    for range in pieces {
        // "Feb. 17" or "U.N. officials" are not sentence ends: join when the previous piece
        // ends in an abbreviation.
        if let Some(last) = out.last_mut() {
            let prev = text[last.clone()].trim_end();
            let tail = prev.rsplit(' ').next().unwrap_or(prev);
            let abbreviation = tail.ends_with('.')
                && (ABBREVIATIONS.contains(&tail.trim_end_matches('.'))
                    || tail.matches('.').count() > 1
                    || (tail.len() == 2 && tail.starts_with(char::is_uppercase)));
            if abbreviation {
                last.end = range.end;
                continue;
            }
        }
        out.push(range);
    }
    out
}

/// At most this many bytes of a sentence either side of an expression are its context (the
/// mention's text, tense, key terms). A scraped run-on "sentence" can be 200,000 characters
/// with thousands of dates; reading all of it for each date was quadratic (minutes), and
/// real sentences are far shorter.
pub const CONTEXT_BYTES: usize = 600;

/// `sentence` narrowed to at most [`CONTEXT_BYTES`] either side of `span`, cut at a space,
/// and always holding all of `span`.
fn context(text: &str, sentence: Range<usize>, span: &Range<usize>) -> Range<usize> {
    let mut start = sentence.start;
    if span.start - start > CONTEXT_BYTES {
        let mut s = span.start - CONTEXT_BYTES;
        while !text.is_char_boundary(s) {
            s += 1;
        }
        start = text[s..span.start].find(' ').map_or(s, |i| s + i + 1);
    }
    let mut end = sentence.end;
    if end.saturating_sub(span.end) > CONTEXT_BYTES {
        let mut e = span.end + CONTEXT_BYTES;
        while !text.is_char_boundary(e) {
            e -= 1;
        }
        end = text[span.end..e].rfind(' ').map_or(e, |i| span.end + i);
    }
    // An expression the sentence splitter cut ("…resolution’Oct. 28") stays whole: its
    // sentence runs to its end.
    start..end.max(span.end)
}

/// Tags every dated expression of a paragraph.
pub fn tag(text: &str) -> Vec<Tagged> {
    let mut out = Vec::new();
    tag_each(text, |t, _| out.push(t));
    out
}

/// Tags every dated expression of a paragraph, in order, handing each to `each` with the
/// words of its sentence (`keys::words` of `text[t.sentence]`), split once per sentence and
/// shared by the tense, the key terms and the happening.
pub fn tag_each<'t>(text: &'t str, each: impl FnMut(Tagged, &[(usize, &'t str)])) {
    tag_each_split(text, None, each);
}

/// [`tag_each`] with the paragraph's sentence pieces already split (`Paragraph::sentences`,
/// which `extract` made from this `text`); `None` splits them here, if any expression is found.
pub fn tag_each_split<'t>(
    text: &'t str,
    pieces: Option<&crate::sentences::Pieces>,
    mut each: impl FnMut(Tagged, &[(usize, &'t str)]),
) {
    let mut found: Vec<(Range<usize>, usize, Expr)> = Vec::new();
    let mut push = |r: usize, c: Captures<'_>| {
        if let (Some(m), Some(expr)) = (c.get(0), (RULES[r].build)(&c)) {
            found.push((m.range(), r, expr));
        }
    };
    if !may_hold_date(text) {
        return;
    }
    let candidates = PREFILTERS.matches(text);
    if !candidates.matched_any() {
        return;
    }
    let ascii = ascii_words(text);
    let compiled: &[Regex] = if ascii { &COMPILED_ASCII_B } else { &COMPILED };
    for r in candidates.iter() {
        compiled[r].captures_iter(text).for_each(|c| push(r, c));
    }
    // A stated day first ("through Dec. 15" is the 15th, not December), then the longest,
    // then the earlier rule; keep what does not overlap a kept match.
    let day_first = |e: &Expr| u8::from(!matches!(e, Expr::Day { .. }));
    found.sort_by(|a, b| {
        (day_first(&a.2), b.0.len(), a.1, a.0.start).cmp(&(day_first(&b.2), a.0.len(), b.1, b.0.start))
    });
    // Kept matches by (start, end): disjoint, so the one starting last before a candidate's
    // end is the only one that can overlap it (a paragraph may hold thousands of dates).
    let mut kept: BTreeMap<(usize, usize), (usize, Expr)> = BTreeMap::new();
    for (range, r, expr) in found {
        let overlaps = kept.range(..(range.end, 0)).next_back().is_some_and(|(&(_, end), _)| end > range.start);
        if !overlaps {
            kept.insert((range.start, range.end), (r, expr));
        }
    }
    if kept.is_empty() {
        return;
    }
    let sentences = sentences_of(text, pieces.map_or_else(|| crate::sentences::bounds(text), |p| p.ranges(text)));
    // Expressions come in text order, so those of one sentence come together.
    let mut words: (Range<usize>, Vec<(usize, &str)>) = (0..0, Vec::new());
    for ((start, end), (r, expr)) in kept {
        let span = start..end;
        let at = sentences.partition_point(|s| s.end <= span.start);
        let sentence = sentences.get(at).filter(|s| s.start <= span.start).cloned().unwrap_or(0..text.len());
        let sentence = context(text, sentence, &span);
        if words.0 != sentence {
            words = (sentence.clone(), super::keys::words(&text[sentence.clone()]));
        }
        let tense = tense_in(&text[sentence.clone()], span.start - sentence.start, &words.1, ascii);
        let tagged = Tagged {
            expression: text[span.clone()].trim().to_string(),
            span,
            sentence,
            expr,
            tense,
            rule: RULES[r].name,
        };
        each(tagged, &words.1);
    }
}

/// What compiles the tagger's patterns, in pieces of similar cost (see `warm_patterns` in
/// `lib.rs`).
pub(super) const WARM: [fn(); 4] = [
    || {
        LazyLock::force(&PREFILTERS);
    },
    || {
        LazyLock::force(&COMPILED);
    },
    || {
        LazyLock::force(&COMPILED_ASCII_B);
    },
    || {
        LazyLock::force(&FUTURE);
        LazyLock::force(&FUTURE_ANYWHERE);
        LazyLock::force(&FUTURE_ASCII_B);
        LazyLock::force(&DATE_WORDS);
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Weekday::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn check(text: &str, expected: &[(&str, Expr)]) {
        let got: Vec<(String, Expr)> = tag(text).into_iter().map(|t| (t.expression, t.expr)).collect();
        let want: Vec<(String, Expr)> = expected.iter().map(|(s, e)| (s.to_string(), e.clone())).collect();
        assert_eq!(got, want, "{text}");
    }

    fn day(year: Option<i16>, month: i8, day: i8) -> Expr {
        Expr::Day { year, month, day, weekday: None }
    }

    #[test]
    fn explicit_dates() {
        check("in a Feb. 17 report", &[("Feb. 17", day(None, 2, 17))]);
        check("dated Oct. 30.", &[("Oct. 30", day(None, 10, 30))]);
        check("on November 10, 2014 it", &[("November 10, 2014", day(Some(2014), 11, 10))]);
        check("on 17 February 2014", &[("17 February 2014", day(Some(2014), 2, 17))]);
        check("at 2014-02-17", &[("2014-02-17", day(Some(2014), 2, 17))]);
        check(
            "on Tuesday, October 28.",
            &[("Tuesday, October 28", Expr::Day { year: None, month: 10, day: 28, weekday: Some(Tuesday) })],
        );
        check("Sept. 29, 2013", &[("Sept. 29, 2013", day(Some(2013), 9, 29))]);
        check("February 30", &[]);
    }

    #[test]
    fn months_and_parts() {
        check("released in February", &[("in February", Expr::Month { year: None, month: 2, part: Part::Whole })]);
        check("in late November.", &[("late November", Expr::Month { year: None, month: 11, part: Part::Late })]);
        check("in March 2013", &[("March 2013", Expr::Month { year: Some(2013), month: 3, part: Part::Whole })]);
        check("he may be held", &[]);
        check("march under one flag", &[]);
    }

    #[test]
    fn relative_and_years() {
        check("next month", &[("next month", Expr::Relative { unit: Unit::Month, offset: 1, part: Part::Whole })]);
        check(
            "later this week",
            &[("later this week", Expr::Relative { unit: Unit::Week, offset: 0, part: Part::Later })],
        );
        check(
            "earlier this year",
            &[("earlier this year", Expr::Relative { unit: Unit::Year, offset: 0, part: Part::Earlier })],
        );
        check(
            "Last week, defectors",
            &[("Last week", Expr::Relative { unit: Unit::Week, offset: -1, part: Part::Whole })],
        );
        check("created 10 years ago", &[("10 years ago", Expr::Ago { count: 10, unit: Unit::Year })]);
        check("since 2010, said", &[("since 2010", Expr::Year { year: 2010, since: true })]);
        check("in 2010", &[("in 2010", Expr::Year { year: 2010, since: false })]);
        check("in 10 years", &[]);
    }

    #[test]
    fn weekdays() {
        check("met on Monday", &[("Monday", Expr::Weekday { weekday: Monday, shift: None })]);
        check("last Friday", &[("last Friday", Expr::Weekday { weekday: Friday, shift: Some(-1) })]);
        check("yesterday", &[("yesterday", Expr::DayOffset(-1))]);
    }

    fn check_tense(sentence: &str, expected: Tense) {
        let t = tag(sentence);
        let first = t.first().map(|t| t.tense.clone());
        assert_eq!(first, Some(expected), "{sentence}");
    }

    /// The table-and-rules reading of `past_at` before it was reordered for speed.
    fn past_at_reference(words: &[(usize, &str)], i: usize) -> bool {
        let w = words[i].1.to_lowercase();
        if IRREGULAR_PAST.contains(&w.as_str()) {
            return true;
        }
        let passive_present = words[i.saturating_sub(3)..i]
            .iter()
            .any(|(_, p)| matches!(p.to_lowercase().as_str(), "is" | "are" | "be" | "being" | "am"));
        let name = i > 0 && words[i].1.starts_with(char::is_uppercase);
        w.len() > 4
            && w.ends_with("ed")
            && !w.starts_with("un")
            && !NOT_PAST.contains(&w.as_str())
            && !passive_present
            && !name
    }

    #[test]
    fn past_verbs_as_the_rules_read_them() {
        let text = "Talks Ended; it is reported he WAS Detained, unnamed officials are expected, \
                    the plan Approved — Associated Press ÉTAIT noted, they Met, be invited, MET, \
                    \u{212a}EPT \u{212a}new, İS İnvited, Are \u{212a}ept; BEING outnumbered \
                    INTERNATIONALISATIONALISED internationalisationalised Internationalisationalised";
        let words: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        for i in 0..words.len() {
            assert_eq!(past_at(&words, i), past_at_reference(&words, i), "{}", words[i].1);
        }
        assert!(past_at(&words, words.iter().position(|w| w.1 == "WAS").unwrap_or(0)));
    }

    #[test]
    fn future_prefilter_matches_wherever_future_does() {
        let texts = [
            "It will meet; they won't, we shall — he'll “be” there.",
            "Talks are to resume, as expected, ahead of the upcoming vote until Oct. 30.",
            "Élysée said it could be held if the plans to vote, set to go, are going to pass.",
            "willing shallow belief Until couldn't differently",
            "Il a dit qu’il viendra, between now and then — would take place.",
        ];
        for t in texts {
            for (i, _) in t.char_indices() {
                let piece = &t[i..];
                assert!(!FUTURE.is_match(piece) || FUTURE_ANYWHERE.is_match(t), "{piece:?}");
                for m in FUTURE.find_iter(piece) {
                    assert!(FUTURE_ANYWHERE.is_match(m.as_str()), "{:?}", m.as_str());
                }
            }
        }
    }

    #[test]
    fn each_expression_gets_the_words_of_its_sentence() {
        let text = "Darusman met officials on Monday and said on Tuesday they will return next month. \
                    “It was 3 March,” he said, adding that a vote is due in late November.";
        let mut seen = 0;
        tag_each(text, |t, words| {
            let sentence = &text[t.sentence.clone()];
            assert_eq!(words, crate::timeline::keys::words(sentence).as_slice(), "{}", t.expression);
            assert_eq!(t.tense, tense(sentence, t.span.start - t.sentence.start), "{}", t.expression);
            seen += 1;
        });
        assert_eq!(seen, tag(text).len());
        assert!(seen >= 5, "{seen}");
    }

    /// A piece's words taken from its sentence's are the words of the piece split alone, for
    /// every piece of sentences with marks after spaces, numbers cut at their comma, joined
    /// abbreviations, flags and scripts the word splitter treats apart.
    #[test]
    fn piece_words_are_the_words_of_the_piece() {
        for sentence in [
            "Darusman met with 4 officials, 1,000 of them, on Monday; U.S.Monday — then",
            " \u{301}abc ,\u{301}x 🇫🇷 🇩🇪🇫🇷 a\u{200d} \u{200d}b e.g. x 3.5 % a .b",
            "א\"ב ש'ל カタカナ 日本の首相 met Да the👍🏽end l’Élysée’s don’t ‘quote’",
            "\u{a0}Élysée—said «oui»… 12th–13th; U.S.-led, c.\u{2019}s  two  spaces\tand\ttabs ",
            "",
            " ",
        ] {
            let all = crate::timeline::keys::words(sentence);
            let cuts: Vec<usize> = sentence.char_indices().map(|(i, _)| i).chain([sentence.len()]).collect();
            for (k, &from) in cuts.iter().enumerate() {
                for &to in &cuts[k..] {
                    let (words, base) = piece_words(sentence, &all, from..to);
                    let words: Vec<(usize, &str)> = words.iter().map(|&(i, w)| (i - base, w)).collect();
                    assert_eq!(words, crate::timeline::keys::words(&sentence[from..to]), "{:?}", &sentence[from..to]);
                }
            }
        }
    }

    #[test]
    fn tense_from_wording() {
        check_tense("Darusman met with four officials on Monday.", Tense::Past("met".into()));
        check_tense("A report to be presented Wednesday by Darusman.", Tense::Future("to be".into()));
        check_tense("The council will vote on Tuesday.", Tense::Future("will".into()));
        check_tense("A UN investigator said Tuesday that he was surprised.", Tense::Past("said".into()));
        check_tense("Phones rang unanswered Tuesday.", Tense::Past("rang".into()));
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        let text = "A U.N. inquiry concluded in a Feb. 17 report. Then more.";
        let s = sentences(text);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(sentences("It was created 10 years ago. He said so.").len(), 2);
    }

    /// Tagging with the paragraph's sentence pieces split beforehand (as `extract` keeps
    /// them) finds the same expressions in the same sentences, with the same words.
    #[test]
    fn split_pieces_tag_as_the_text_alone() {
        let run = |text: &str, pieces: Option<&crate::sentences::Pieces>| {
            let mut out = Vec::new();
            tag_each_split(text, pieces, |t, words| {
                let words: Vec<String> = words.iter().map(|(i, w)| format!("{i}:{w}")).collect();
                out.push((t.span, t.sentence, t.expression, t.expr, t.tense, words));
            });
            out
        };
        for text in [
            "A U.N. inquiry concluded in a Feb. 17 report. Then more on Monday.",
            "He met them last week. “We will meet again next month,” he said on Oct. 30. Done.",
            "No date here at all.",
            "",
            "Ten years ago. In 2010! On Tuesday, October 28? Yesterday\nand today.",
        ] {
            let pieces = crate::sentences::Pieces::of(text);
            assert_eq!(run(text, Some(&pieces)), run(text, None), "{text}");
        }
    }

    /// Texts built from the rules' words, digits and punctuation (curly quotes, dashes,
    /// no-break spaces) in a fixed pseudo-random order, every word character ASCII.
    fn ascii_word_texts() -> Vec<String> {
        let tokens = [
            "on",
            "Monday",
            "Tuesday,",
            "March",
            "Mar.",
            "May",
            "3",
            "17th",
            "of",
            "2014",
            "1999-12-31",
            "2014-02-30",
            "in",
            "since",
            "late",
            "the end of",
            "early",
            "mid-",
            "last",
            "Last",
            "next",
            "this",
            "earlier this",
            "week",
            "Month",
            "YEAR",
            "years",
            "ago",
            "two",
            "an",
            "today",
            "Yesterday",
            "tonight",
            "TOMORROW",
            "Sept.",
            "Dec",
            "will",
            "won't",
            "'ll",
            "is to",
            "set to",
            "until",
            "if",
            "could",
            "expected",
            "said",
            "met",
            "“",
            "”",
            "—",
            "–",
            "\u{a0}",
            ",",
            ".",
            ";",
            "-",
            "’s",
            "x",
            "Mayday",
            "Sundays",
            "weekday",
            "20",
            "199",
            "monthly",
            "today's",
            "_",
            "Jan_",
            "Oct9",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        (0..400)
            .map(|_| {
                let len = 3 + next(12);
                let mut t = String::new();
                for _ in 0..len {
                    t.push_str(tokens[next(tokens.len())]);
                    if next(4) != 0 {
                        t.push(' ');
                    }
                }
                t
            })
            .collect()
    }

    #[test]
    fn first_non_ascii_is_the_first_byte_above_127() {
        let mut texts: Vec<String> = vec![String::new(), "é".into(), "x".repeat(40)];
        for len in [15, 16, 17, 31, 32, 33, 47] {
            for at in [0, 1, 14, 15, 16, 17, 30, 31, 32, 46] {
                if at < len {
                    let mut t = "a".repeat(len);
                    t.replace_range(at..=at, "\u{80}");
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            let expected = t.bytes().position(|b| !b.is_ascii());
            assert_eq!(first_non_ascii(t.as_bytes()), expected, "{t:?}");
            for i in 0..t.len() {
                let expected = t.as_bytes()[i..].iter().position(|b| !b.is_ascii());
                assert_eq!(first_non_ascii(&t.as_bytes()[i..]), expected, "{t:?} {i}");
            }
        }
    }

    #[test]
    fn ascii_words_is_regexs_word_characters() {
        for (text, expected) in [
            ("plain text, 2014", true),
            ("“quoted” — and – dashes\u{a0}here…", true),
            ("Élysée", false),
            ("week\u{212a}", false),
            ("١٢ March", false),
            ("na\u{0301}ive", false),
            ("", true),
        ] {
            assert_eq!(ascii_words(text), expected, "{text:?}");
        }
    }

    #[test]
    fn ascii_boundary_rules_match_as_the_unicode_ones_on_ascii_words() {
        let mut texts = ascii_word_texts();
        texts.extend(
            [
                "On Monday, March 3, 2014, the talks began.",
                "“It was 3 March” he said, «last week» — in 2014 — and 2014-03-05 too.",
                "He said yesterday that since 2010 the plan was early next year; through Dec. 15.",
                "“Tuesday”—late November\u{a0}2020…two weeks ago, Sept.\u{a0}29",
            ]
            .map(String::from),
        );
        for t in &texts {
            assert!(ascii_words(t), "{t:?}");
            for r in 0..RULES.len() {
                let spans = |re: &Regex| -> Vec<Vec<Option<Range<usize>>>> {
                    re.captures_iter(t).map(|c| c.iter().map(|g| g.map(|m| m.range())).collect()).collect()
                };
                let unicode = spans(&COMPILED[r]);
                assert_eq!(spans(&COMPILED_ASCII_B[r]), unicode, "{} on {t:?}", RULES[r].name);
            }
            let futures = |re: &Regex| re.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
            assert_eq!(futures(&FUTURE_ASCII_B), futures(&FUTURE), "{t:?}");
        }
    }

    #[test]
    fn tagging_is_the_same_on_either_path() {
        // A non-ASCII word character anywhere sends the paragraph down the Unicode path:
        // the expressions and tenses found must not change.
        for t in ascii_word_texts() {
            let ascii: Vec<_> = tag(&t).into_iter().map(|x| (x.span, x.expr, x.tense, x.rule)).collect();
            let unicode: Vec<_> = tag(&format!("{t} é"))
                .into_iter()
                .filter(|x| x.span.end <= t.len())
                .map(|x| (x.span, x.expr, x.tense, x.rule))
                .collect();
            assert_eq!(ascii, unicode, "{t:?}");
        }
    }

    /// Every match of every rule's prefilter (each searched alone, at every start) holds one
    /// of [`DATE_WORDS`], on texts of the rules' words and on date words in other cases and
    /// scripts.
    #[test]
    fn date_precheck_finds_every_prefilter_match() {
        let alone: Vec<Regex> = RULES
            .iter()
            .map(|r| {
                let p = r.pattern.replace("{M}", MONTH).replace("{W}", WEEKDAY).replace(r"\b", "");
                Regex::new(&p).expect("valid regex")
            })
            .collect();
        let mut texts = ascii_word_texts();
        texts.extend(
            [
                "WEE\u{212A} two wee\u{212a}s a\u{17F} yeſterday YESTERDAY ToNiGhT toDAY AGO a month ago",
                "in 2014-٠٢-١٧ and ١٢ March, ٢٠١٤; Jan_ Sept. mid-Dec; 3 weeks Ago; YEAR tomorroW MONTHS mOnTh",
                "Mayday Junta Augustus Octavian Monday's Sundays Wednesdays, next Friday; this Thursday",
                "late Nov 2020\u{a0}— the end of Feb, 19th of Apr; since 1999 by 2001 of 20\u{660}\u{661}",
                "no date here: wee k ag o to night toda y mont h yea r",
                "",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for t in &texts {
            for (r, re) in alone.iter().enumerate() {
                for (start, _) in t.char_indices() {
                    if let Some(m) = re.find_at(t, start) {
                        found += 1;
                        assert!(may_hold_date(m.as_str()), "{} on {:?}", RULES[r].name, m.as_str());
                    }
                }
            }
            if !may_hold_date(t) {
                assert!(!PREFILTERS.is_match(t) && tag(t).is_empty(), "{t:?}");
            }
        }
        assert!(found > 1000, "{found}");
        for t in ["no date here: wee k ag o to night toda y mont h yea r", "mayday march “Hi” Élysée", ""] {
            assert!(!may_hold_date(t), "{t:?}");
        }
    }

    #[test]
    fn prefilters_match_wherever_their_rule_does() {
        let texts = [
            "On Monday, March 3, 2014, the talks began.",
            "“It was 3 March” he said, «last week» — in 2014 — and 2014-03-05 too.",
            "Marché commun: Mayénne, Montréal, 12th of May; earlier this month; two weeks ago.",
            "Élysée said yesterday that since 2010 the plan was early next year; through Dec. 15.",
            "café Tuesday tonight ١٢ March ٢٠١٤ ,last Friday and the end of October 2020",
        ];
        for (r, re) in COMPILED.iter().enumerate() {
            for t in texts {
                for m in re.find_iter(t) {
                    assert!(PREFILTERS.matches(&t[m.start()..m.end()]).matched(r), "{} on {t:?}", RULES[r].name);
                }
                assert!(!re.is_match(t) || PREFILTERS.matches(t).matched(r), "{} on {t:?}", RULES[r].name);
            }
        }
    }
}
