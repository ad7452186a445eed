//! What the glossary could add or fix, for `dossier check`: terms defined but never
//! mentioned, names and acronyms that recur in the articles while no term covers them, and
//! near-miss spellings of a term in the articles ("Daruman" for "Darusman").
//!
//! Part of the `glossary` stage, but run only by `check`: [`suggest`] takes the articles and
//! the built [`Glossary`] and returns plain data; `check` turns it into warnings and TOML stubs.
//!
//! # Candidates
//! A paragraph is cut into words (Unicode word boundaries). Words inside a glossary mention
//! are taken out first, so what is left is what no term covers. Then:
//! - a *name* is a run of at least two capitalised words, joined by single spaces or hyphens,
//!   with lowercase connectors (`of`, `for`, `the`, `on`, `and`, `de`…) allowed inside.
//!   Leading sentence words (`The`, `But`, `On`…) are trimmed; weekdays and months break a run;
//! - an *acronym* is a word of 2–6 capital letters (dots allowed: `U.N.`) that is not part
//!   of an all-capitals phrase (`UNITED NATIONS` in a dateline);
//! - a *speaker* is a name just before `said`/`told`/`says`… or just after `said`/`according to`.
//!
//! Paragraphs that are mostly capitals (headlines, datelines) are skipped, and so are
//! outlet and wire names. A candidate must occur at least twice; candidates are ranked by
//! the number of outlets that mention them, then articles, then occurrences.
//!
//! # Near misses
//! A capitalised word of the articles that no term matches, at edit distance 1 (2 for words
//! of 9 letters or more) from a word of at least 5 letters of a term's headword, alias or
//! abbreviation, and that is neither an extension of that word nor extended by it
//! (`Korean`/`Korea`, `Nations`/`Nation` are other words, not typos).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::{Glossary, Place};
use crate::content::TermKind;
use crate::extract::Article;

/// Everything `check` reports about the glossary.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    /// Terms that no article, note, cover or timeline text mentions (definitions do not
    /// count), and that are not an article's byline either.
    pub unused: Vec<usize>,
    /// Names and acronyms no term covers, best first.
    pub candidates: Vec<Candidate>,
    /// Likely misspellings of a term in the articles.
    pub typos: Vec<NearMiss>,
}

/// A name or acronym that recurs in the articles and that no term covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Candidate {
    /// As most often written.
    pub name: String,
    /// `name`, `acronym` or `speaker`.
    pub reason: &'static str,
    /// A guess for the stub's `kind`.
    pub kind: &'static str,
    /// Outlets that mention it, sorted.
    pub outlets: Vec<String>,
    /// Article ids, sorted.
    pub articles: Vec<String>,
    pub count: usize,
    /// First place it occurs: article id and 1-based paragraph.
    pub first: (String, usize),
    /// A `[[terms]]` entry ready to paste into `glossary.toml`.
    pub toml: String,
}

/// A word of an article that looks like a misspelt term.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    pub term: usize,
    /// The word as found.
    pub found: String,
    /// The term's word it is close to.
    pub close_to: String,
    pub article: usize,
    /// 0-based paragraph.
    pub paragraph: usize,
}

/// Lowercase words that may stand inside a name ("Commission of Inquiry").
const CONNECTORS: &[&str] =
    &["of", "for", "the", "on", "and", "in", "de", "du", "des", "la", "le", "al", "bin", "van", "von", "da"];
/// Capitalised words that start sentences rather than names.
const LEADING: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "if",
    "as",
    "by",
    "for",
    "from",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "its",
    "their",
    "our",
    "after",
    "before",
    "when",
    "while",
    "with",
    "mr",
    "mrs",
    "ms",
    "dr",
    "said",
    "says",
    "asked",
    "under",
    "since",
    "last",
    "next",
    "both",
    "speaking",
    "meanwhile",
    "however",
    "also",
    "according",
    "to",
    "of",
    "so",
    "yet",
    "or",
    "i",
    "what",
    "why",
    "how",
    "where",
    "who",
    "there",
    "here",
    "all",
    "some",
    "many",
    "later",
    "earlier",
    "then",
    "now",
    "today",
    "yesterday",
    "still",
    "even",
    "only",
    "instead",
    "separately",
    "told",
];
/// Words that break a run: calendar words are dates, not names.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];
const ORGANISATION_WORDS: &[&str] = &[
    "council",
    "committee",
    "commission",
    "court",
    "ministry",
    "agency",
    "office",
    "union",
    "nations",
    "fund",
    "organization",
    "organisation",
    "association",
    "party",
    "bank",
    "assembly",
    "watch",
    "institute",
    "foundation",
    "department",
    "mission",
    "parliament",
    "congress",
    "army",
    "police",
    "university",
    "group",
    "board",
    "centre",
    "center",
    "service",
    "tribunal",
    "program",
    "programme",
];
const PLACE_WORDS: &[&str] =
    &["republic", "kingdom", "island", "islands", "city", "province", "sea", "state", "states", "peninsula", "river"];

static SPEAKER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:said|says|told|tells|added|asked|stated|wrote|noted|explained)\b").expect("invariant: valid")
});
static SPEAKER_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:said|says|according to|told by)\s+$").expect("invariant: valid"));

/// One word of a paragraph.
#[derive(Debug, Clone)]
struct Word<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    /// Inside a glossary mention.
    covered: bool,
}

/// Finds unused terms, candidate terms and near misses. `outlet_names[i]` is article `i`'s
/// outlet; `wires` are names never to suggest (outlets, agencies).
pub fn suggest(articles: &[Article], outlet_names: &[String], glossary: &Glossary) -> Suggestions {
    let mut mentioned = vec![false; glossary.terms.len()];
    for m in &glossary.mentions {
        if !matches!(m.place, Place::Doc { doc: crate::markdown::DocRef::Definition(_), .. })
            && let Some(slot) = mentioned.get_mut(m.term)
        {
            *slot = true;
        }
    }
    let matcher = super::matcher::Matcher::new(&super::patterns(&glossary.terms));
    for a in articles {
        for name in a.byline.value.iter().flatten() {
            for m in matcher.find(name) {
                if let Some(slot) = mentioned.get_mut(m.term) {
                    *slot = true;
                }
            }
        }
    }
    let unused = mentioned.iter().enumerate().filter(|(_, m)| !**m).map(|(t, _)| t).collect();

    let mut never: BTreeSet<String> = outlet_names.iter().map(|o| key(o)).collect();
    for a in articles {
        for v in [&a.wire.value, &a.outlet.value].into_iter().flatten() {
            never.insert(key(v));
        }
    }
    let term_words = term_words(glossary);
    // Borrowed from the articles: one entry per distinct word, not a copy of every word.
    let lowercase: FxHashSet<&str> = articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .flat_map(|p| p.text.unicode_words())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();

    // Each paragraph's candidates and the words that may be misspellings, article by article
    // in parallel (in order).
    struct Para<'t> {
        candidates: Vec<(String, &'static str)>,
        /// Uncovered words `near_miss` may take (capitalised, 5 letters or more).
        loose: Vec<&'t str>,
    }
    let paras: Vec<Vec<Para<'_>>> = articles
        .par_iter()
        .enumerate()
        .map(|(a, article)| {
            article
                .paragraphs
                .iter()
                .enumerate()
                .map(|(p, para)| {
                    let ranges: Vec<_> = glossary
                        .in_article(a)
                        .filter(|m| matches!(m.place, Place::Article { paragraph, .. } if paragraph == p))
                        .map(|m| m.range.clone())
                        .collect();
                    let words = words(&para.text, &ranges);
                    if mostly_capitals(&para.text) {
                        return Para { candidates: Vec::new(), loose: Vec::new() };
                    }
                    let loose = words
                        .iter()
                        .filter(|w| !w.covered && is_capitalised(w.text) && w.text.chars().count() >= 5)
                        .map(|w| w.text)
                        .collect();
                    Para { candidates: candidates(&para.text, &words, &lowercase), loose }
                })
                .collect()
        })
        .collect();
    // Each distinct word is compared with the terms' words once (they recur across articles).
    let distinct: BTreeSet<&str> = paras.iter().flatten().flat_map(|p| p.loose.iter().copied()).collect();
    let nearest: FxHashMap<&str, (usize, String)> = distinct
        .into_iter()
        .collect::<Vec<_>>()
        .par_iter()
        .filter_map(|&w| Some((w, near_miss(w, &term_words)?)))
        .collect();

    let mut found: BTreeMap<String, Tally> = BTreeMap::new();
    let mut typos = Vec::new();
    for ((a, article), paras) in articles.iter().enumerate().zip(paras) {
        for (p, para) in paras.into_iter().enumerate() {
            for (name, reason) in para.candidates {
                if never.contains(&key(&name)) {
                    continue;
                }
                let t = found.entry(key(&name)).or_default();
                *t.forms.entry(name).or_insert(0) += 1;
                t.count += 1;
                t.reasons.insert(reason);
                t.articles.insert(article.id.clone());
                if let Some(o) = outlet_names.get(a) {
                    t.outlets.insert(o.clone());
                }
                if t.first.is_none() {
                    t.first = Some((article.id.clone(), p + 1));
                }
            }
            for w in para.loose {
                if let Some((term, close_to)) = nearest.get(w) {
                    typos.push(NearMiss {
                        term: *term,
                        found: w.to_string(),
                        close_to: close_to.clone(),
                        article: a,
                        paragraph: p,
                    });
                }
            }
        }
    }
    let mut candidates: Vec<Candidate> =
        found.into_values().filter(|t| t.count >= 2).filter_map(Tally::into_candidate).collect();
    candidates.sort_by(|a, b| {
        (b.outlets.len(), b.articles.len(), b.count)
            .cmp(&(a.outlets.len(), a.articles.len(), a.count))
            .then_with(|| a.name.cmp(&b.name))
    });
    Suggestions { unused, candidates, typos }
}

#[derive(Debug, Default)]
struct Tally {
    forms: BTreeMap<String, usize>,
    count: usize,
    reasons: BTreeSet<&'static str>,
    articles: BTreeSet<String>,
    outlets: BTreeSet<String>,
    first: Option<(String, usize)>,
}

impl Tally {
    fn into_candidate(self) -> Option<Candidate> {
        // The most frequent spelling; ties go to the first in order.
        let best = self.forms.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?.0.clone();
        let reason = ["speaker", "acronym", "name"].into_iter().find(|r| self.reasons.contains(r))?;
        let kind = guess_kind(&best, reason);
        let first = self.first?;
        let toml = stub(&best, reason, kind, self.outlets.len(), self.count, &first);
        Some(Candidate {
            name: best,
            reason,
            kind: kind.name(),
            outlets: self.outlets.into_iter().collect(),
            articles: self.articles.into_iter().collect(),
            count: self.count,
            first,
            toml,
        })
    }
}

fn guess_kind(name: &str, reason: &str) -> TermKind {
    let last = name.rsplit([' ', '-']).next().unwrap_or(name).to_lowercase();
    let words: Vec<String> = name.split([' ', '-']).map(str::to_lowercase).collect();
    if reason == "speaker" {
        TermKind::Person
    } else if reason == "acronym" || words.iter().any(|w| ORGANISATION_WORDS.contains(&w.as_str())) {
        TermKind::Organisation
    } else if PLACE_WORDS.contains(&last.as_str()) {
        TermKind::Place
    } else if words.len() <= 3 && !words.iter().any(|w| CONNECTORS.contains(&w.as_str())) {
        TermKind::Person
    } else {
        TermKind::Concept
    }
}

/// A TOML string literal (basic string, escaped).
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn stub(name: &str, reason: &str, kind: TermKind, outlets: usize, count: usize, first: &(String, usize)) -> String {
    let mut s = format!(
        "# {count} mentions in {outlets} outlet{}, first in {} ¶{}\n[[terms]]\n",
        if outlets == 1 { "" } else { "s" },
        first.0,
        first.1
    );
    if reason == "acronym" {
        s.push_str(&format!("term = {}  # the full name\nabbr = {}\n", toml_string(name), toml_string(name)));
    } else {
        s.push_str(&format!("term = {}\n", toml_string(name)));
    }
    s.push_str(&format!("kind = \"{}\"  # a guess\ndefinition = \"\"\n", kind.name()));
    s
}

fn key(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase().replace('.', "")
}

/// Headlines and datelines are written in capitals: no sentence case to read names from.
fn mostly_capitals(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (upper, total) = letters.fold((0, 0), |(u, t), c| (u + usize::from(c.is_uppercase()), t + 1));
    total > 0 && upper * 10 > total * 6
}

fn words<'t>(text: &'t str, covered: &[std::ops::Range<usize>]) -> Vec<Word<'t>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().next().is_some_and(char::is_alphanumeric))
        .map(|(start, w)| {
            // "Darusman's" → "Darusman"
            let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
            let end = start + w.len();
            Word { text: w, start, end, covered: covered.iter().any(|r| r.start < end && start < r.end) }
        })
        .collect()
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase)
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters)
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Names, acronyms and speakers in one paragraph, from its uncovered words.
/// `lowercase` holds the words the articles also write in lowercase: at a sentence start,
/// such a word is an ordinary word ("Officials of the Foreign Ministry").
fn candidates(text: &str, words: &[Word<'_>], lowercase: &FxHashSet<&str>) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    // Acronyms, unless next to another all-capitals word.
    for (i, w) in words.iter().enumerate() {
        if w.covered || !is_acronym(w.text) {
            continue;
        }
        let caps_neighbour = |j: Option<usize>| {
            let Some(j) = j else { return false };
            words.get(j).is_some_and(|n| {
                n.text.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
                    && n.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && gap(text, words, j.min(i), j.max(i))
            })
        };
        // "READ: …", "WATCH: …": a prompt, not a name.
        let prompt = i == 0 && text[w.end..].starts_with(':');
        if prompt || caps_neighbour(i.checked_sub(1)) || caps_neighbour(Some(i + 1)) {
            continue;
        }
        let with_dot = if w.text.contains('.') && text[w.end..].starts_with('.') {
            format!("{}.", w.text)
        } else {
            w.text.to_string()
        };
        out.push((with_dot, "acronym"));
    }
    // Names: runs of capitalised words.
    let mut i = 0;
    while i < words.len() {
        if !name_word(&words[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < words.len() && gap(text, words, end - 1, end) {
            let w = &words[end];
            if name_word(w) || (!w.covered && CONNECTORS.contains(&w.text) && words.get(end + 1).is_some_and(name_word))
            {
                end += 1;
            } else {
                break;
            }
        }
        i = end;
        let mut run = &words[start..end];
        while let Some(first) = run.first() {
            let lower = first.text.to_lowercase();
            let ordinary = LEADING.contains(&lower.as_str())
                || CONNECTORS.contains(&first.text)
                || (sentence_start(text, first.start) && lowercase.contains(lower.as_str()));
            if !ordinary {
                break;
            }
            run = &run[1..];
        }
        let capitalised = run.iter().filter(|w| is_capitalised(w.text)).count();
        let (Some(first), Some(last)) = (run.first(), run.last()) else { continue };
        if capitalised < 2 {
            continue;
        }
        let name = text[first.start..last.end].split_whitespace().collect::<Vec<_>>().join(" ");
        let speaker = SPEAKER_AFTER.is_match(&text[last.end..]) || SPEAKER_BEFORE.is_match(&text[..first.start]);
        out.push((name, if speaker { "speaker" } else { "name" }));
    }
    out
}

fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| c.is_whitespace() || "\"'“‘([".contains(c));
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '—'])
}

fn name_word(w: &Word<'_>) -> bool {
    !w.covered && is_capitalised(w.text) && !CALENDAR.contains(&w.text.to_lowercase().as_str())
}

/// Words `a` and `b` (a < b) are adjacent within a name: one space or a hyphen apart.
fn gap(text: &str, words: &[Word<'_>], a: usize, b: usize) -> bool {
    let (Some(wa), Some(wb)) = (words.get(a), words.get(b)) else { return false };
    if b != a + 1 {
        return false;
    }
    matches!(text.get(wa.end..wb.start), Some(" " | "-" | "\u{a0}" | "‑"))
}

/// Words (5+ letters) of every term's patterns, lowercased, with their term and spelling.
/// A term's word of at least 5 letters (lowercase) with the term and its spelling there, and
/// its letter counts (see [`Letters`]).
type TermWords = BTreeMap<String, (usize, String, Letters)>;

fn term_words(glossary: &Glossary) -> TermWords {
    let mut out = BTreeMap::new();
    for (t, term) in glossary.terms.iter().enumerate() {
        let names = std::iter::once(&term.headword).chain(&term.aliases).chain(term.abbr.iter());
        for name in names {
            for w in name.unicode_words() {
                if w.chars().count() >= 5 {
                    let lower = w.to_lowercase();
                    let letters = Letters::of(&lower);
                    out.entry(lower).or_insert((t, w.to_string(), letters));
                }
            }
        }
    }
    out
}

/// How many times each character occurs in a word (ASCII letters counted one by one, every
/// other character in one shared slot). An edit (insertion, deletion, substitution,
/// transposition) changes these counts by at most 2 in all, so half their difference is a
/// lower bound of the Damerau–Levenshtein distance: words it puts out of reach are not compared.
#[derive(Debug, Clone, PartialEq)]
struct Letters([u8; 27]);

impl Letters {
    fn of(word: &str) -> Letters {
        let mut n = [0u8; 27];
        for c in word.chars() {
            let slot = if c.is_ascii_lowercase() { (c as u8 - b'a') as usize } else { 26 };
            n[slot] = n[slot].saturating_add(1);
        }
        Letters(n)
    }

    /// Half the difference of the counts: never more than the edit distance.
    fn min_distance(&self, other: &Letters) -> usize {
        let diff: usize = self.0.iter().zip(&other.0).map(|(a, b)| usize::from(a.abs_diff(*b))).sum();
        diff.div_ceil(2)
    }
}

/// The term `word` is probably a misspelling of, and the term's word.
fn near_miss(word: &str, term_words: &TermWords) -> Option<(usize, String)> {
    if !is_capitalised(word) || word.chars().count() < 5 {
        return None;
    }
    let lower = word.to_lowercase();
    if term_words.contains_key(&lower) {
        return None;
    }
    let letters = Letters::of(&lower);
    let lower_len = lower.chars().count();
    let mut best: Option<(usize, usize, String)> = None;
    for (tw, (term, spelling, tw_letters)) in term_words {
        let len = tw.chars().count();
        let shorter = len.min(lower_len);
        let limit = if shorter >= 10 { 2 } else { 1 };
        if lower_len.abs_diff(len) > limit || letters.min_distance(tw_letters) > limit {
            continue;
        }
        let common = lower.chars().zip(tw.chars()).take_while(|(a, b)| a == b).count();
        // Same stem, other ending: another form of the word (`Diplomats`/`diplomatic`).
        if common + 2 >= shorter {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, tw);
        if d <= limit && best.as_ref().is_none_or(|b| d < b.0) {
            best = Some((d, *term, spelling.clone()));
        }
    }
    best.map(|(_, term, tw)| (term, tw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, covered: &[std::ops::Range<usize>]) -> Vec<(String, &'static str)> {
        let lowercase: FxHashSet<&str> = ["officials"].into_iter().collect();
        candidates(text, &words(text, covered), &lowercase)
    }

    #[test]
    fn finds_names_acronyms_and_speakers() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("The Human Rights Council met.", &[("Human Rights Council", "name")]),
            ("Officials of the Foreign Ministry said no.", &[("Foreign Ministry", "speaker")]),
            ("\"No,\" said Choe Myong Nam on Monday.", &[("Choe Myong Nam", "speaker")]),
            (
                "The Commission of Inquiry on Human Rights reported.",
                &[("Commission of Inquiry on Human Rights", "name")],
            ),
            ("On Monday October talks began.", &[]),
            ("The IAEA and the U.N. met.", &[("IAEA", "acronym"), ("U.N.", "acronym")]),
            ("UNITED NATIONS AP report.", &[]),
            ("READ: the story", &[]),
            ("Kim Jong-Un spoke.", &[("Kim Jong-Un", "name")]),
            ("But Then nothing.", &[]),
        ];
        for (text, expected) in cases {
            let got = names(text, &[]);
            let want: Vec<(String, &str)> = expected.iter().map(|(n, r)| (n.to_string(), *r)).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn covered_words_break_names() {
        // "North Korean" is a term: only "Foreign Ministry" is left.
        assert_eq!(
            names("The North Korean Foreign Ministry said", &[4..16]),
            vec![("Foreign Ministry".into(), "speaker")]
        );
        assert!(names("The UN Security Council met", &[4..23]).is_empty());
    }

    #[test]
    fn letter_counts_never_exceed_the_edit_distance() {
        let words = [
            "darusman",
            "daruman",
            "darusmann",
            "drausman",
            "korea",
            "koera",
            "nations",
            "natoins",
            "pyongyang",
            "pyongang",
            "pyonyang",
            "sanctions",
            "sanctoins",
            "zürich",
            "zurich",
            "abcde",
            "edcba",
            "caabb",
        ];
        for a in words {
            for b in words {
                let bound = Letters::of(a).min_distance(&Letters::of(b));
                assert!(bound <= strsim::damerau_levenshtein(a, b), "{a} {b}");
            }
        }
        assert_eq!(Letters::of("korea").min_distance(&Letters::of("koera")), 0);
        assert_eq!(Letters::of("abcde").min_distance(&Letters::of("vwxyz")), 5);
    }

    #[test]
    fn near_misses() {
        let words: TermWords = [(0, "Darusman"), (1, "Korea"), (2, "rapporteur"), (3, "diplomatic")]
            .into_iter()
            .map(|(t, w)| (w.to_lowercase(), (t, w.to_string(), Letters::of(&w.to_lowercase()))))
            .collect();
        let cases: &[(&str, Option<&str>)] = &[
            ("Daruman", Some("Darusman")),
            ("Darusmann", None),
            ("Diplomats", None),
            ("Dorusman", Some("Darusman")),
            ("Darusman", None),
            ("Korean", None),
            ("Koreas", None),
            ("Rapoprteur", Some("rapporteur")),
            ("Rapoprtuer", Some("rapporteur")),
            ("darumans", None),
            ("Durban", None),
        ];
        for (word, expected) in cases {
            assert_eq!(near_miss(word, &words).map(|(_, w)| w), expected.map(str::to_string), "{word}");
        }
    }
}
