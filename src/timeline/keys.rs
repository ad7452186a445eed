//! What a dated sentence is about: its key terms (glossary terms, names, numbers) and the
//! happening its date belongs to (the nearest happening word before the expression: "met …
//! on Monday" is a meeting). Clustering and conflict detection compare these.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Happening classes and the words that name them. A word maps to at most one class.
pub const HAPPENINGS: &[(&str, &[&str])] = &[
    ("meet", &["met", "meet", "meets", "meeting", "meetings", "talks", "encounter", "encounters", "summit"]),
    (
        "release",
        &["release", "released", "releases", "releasing", "published", "publishes", "issued", "unveiled", "concluded"],
    ),
    (
        "present",
        &[
            "present",
            "presented",
            "presents",
            "introduce",
            "introduced",
            "introduces",
            "submitted",
            "tabled",
            "put forward",
        ],
    ),
    ("vote", &["vote", "votes", "voted", "voting", "ballot", "election", "elections", "polls"]),
    ("adopt", &["adopt", "adopted", "adopts", "approve", "approved", "approves", "passed", "pass", "ratified"]),
    (
        "say",
        &[
            "said",
            "says",
            "say",
            "told",
            "tells",
            "announced",
            "revealed",
            "stated",
            "disclosed",
            "briefing",
            "statement",
            "interview",
            "conference",
        ],
    ),
    ("visit", &["visit", "visited", "visits", "trip", "arrived", "arrives"]),
    ("suspend", &["suspend", "suspended", "suspends", "halted", "halts", "stopped"]),
    ("die", &["died", "dies", "killed", "dead", "death", "deaths", "shot", "shooting", "crash", "crashed"]),
    ("arrest", &["arrested", "arrest", "charged", "detained", "sentenced", "convicted"]),
    ("create", &["created", "founded", "established", "launched", "formed", "began", "started"]),
    ("warn", &["warned", "warns", "warning", "letter"]),
];

/// A noun for a happening class, for titles ("the meeting").
pub fn happening_noun(class: &str) -> &'static str {
    match class {
        "meet" => "meeting",
        "release" => "release",
        "present" => "presentation",
        "vote" => "vote",
        "adopt" => "adoption",
        "say" => "statement",
        "visit" => "visit",
        "suspend" => "suspension",
        "die" => "deaths",
        "arrest" => "arrest",
        "create" => "creation",
        "warn" => "warning",
        _ => "happening",
    }
}

/// Each happening word with its class (the first class that lists it), for one lookup per
/// word of a sentence instead of a scan of the table (Fx hashing: the keys are our own
/// words, and no order of the map reaches output).
static HAPPENING_WORDS: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (class, words) in HAPPENINGS {
        for w in *words {
            map.entry(*w).or_insert(*class);
        }
    }
    map
});

/// No word of [`HAPPENINGS`] has more bytes.
const HAPPENING_WORD_MAX: usize = 16;

/// The happening class of one word, if it names one.
pub fn happening_of(word: &str) -> Option<&'static str> {
    // No happening word is longer (tested): a longer ASCII word is none of them, and a
    // shorter one is lowercased on the stack instead of into a new `String`.
    const LONGEST: usize = HAPPENING_WORD_MAX;
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return HAPPENING_WORDS.get(word).copied();
    }
    if word.is_ascii() {
        if word.len() > LONGEST {
            return None;
        }
        let mut buf = [0u8; LONGEST];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).ok().and_then(|w| HAPPENING_WORDS.get(w).copied());
    }
    HAPPENING_WORDS.get(word.to_lowercase().as_str()).copied()
}

/// The words of a sentence as `unicode_word_indices` gives them (byte offset, word): what
/// [`key_terms_in`], [`happening_in`] and the tagger's tense read, split once per sentence.
///
/// Split by `outlets::words::each_word` (the same words as `unicode_words`, read by a few
/// rules instead of the full UAX #29 machine for the characters of nearly all news text),
/// each word's offset being where it lies in `sentence`; the full splitter took a tenth of
/// the timeline stage.
pub fn words(sentence: &str) -> Vec<(usize, &str)> {
    // About one word per six bytes of English: most sentences need no regrowth.
    let mut out = Vec::with_capacity(sentence.len() / 6 + 1);
    let base = sentence.as_ptr() as usize;
    crate::outlets::words::each_word(sentence, |w| out.push((w.as_ptr() as usize - base, w)));
    out
}

/// The happening a date belongs to: the nearest happening word before the expression in its
/// sentence, else the first one just after it; and every other class named before it (a
/// second candidate makes the attachment ambiguous).
pub fn happening(sentence: &str, expr: Range<usize>) -> (Option<&'static str>, Vec<&'static str>) {
    happening_in(sentence, &words(sentence), expr)
}

/// [`happening`] over the sentence's [`words`], already split.
pub fn happening_in(
    sentence: &str,
    words: &[(usize, &str)],
    expr: Range<usize>,
) -> (Option<&'static str>, Vec<&'static str>) {
    let before = &words[..words.partition_point(|(i, _)| *i < expr.start)];
    let nearest = before.iter().rev().find_map(|(_, w)| happening_of(w)).or_else(|| {
        words[words.partition_point(|(i, _)| *i < expr.end)..].iter().take(4).find_map(|(_, w)| happening_of(w))
    });
    // Rivals only count inside the expression's clause: in "the first meeting … and followed
    // the release in March", March cannot belong to the meeting.
    let clause_start = super::last_bound_end(&sentence[..expr.start], &[",", ";", " and ", " but ", "—"]).unwrap_or(0);
    let mut others: Vec<&'static str> = before[before.partition_point(|(i, _)| *i < clause_start)..]
        .iter()
        .filter(|(_, w)| is_verb_form(w))
        .filter_map(|(_, w)| happening_of(w))
        .filter(|c| Some(*c) != nearest)
        .collect();
    others.sort_unstable();
    others.dedup();
    (nearest, others)
}

/// Capitalised words that are not names (month names are in `date::MONTH_WORDS`).
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "This",
    "That",
    "There",
    "As",
    "If",
    "Of",
    "For",
    "By",
    "To",
    "His",
    "Her",
    "Their",
    "Its",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "After",
    "Before",
    "When",
    "While",
    "Even",
    "Still",
    "Last",
    "Next",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Released",
    "Among",
    "During",
    "Since",
];

/// A name's comparison key: lower case, no dots or possessive, demonyms to places.
fn name_key(word: &str) -> String {
    let w = word.trim_end_matches("'s").trim_end_matches("’s").replace('.', "").to_lowercase();
    match w.as_str() {
        "korean" | "koreans" => "korea".to_string(),
        "japanese" => "japan".to_string(),
        "chinese" => "china".to_string(),
        "american" | "americans" => "america".to_string(),
        _ => w,
    }
}

/// A rival happening must be a verb ("revealed that … met … on Tuesday"), not a noun ("the
/// meeting came ahead of a report to be presented Wednesday").
fn is_verb_form(word: &str) -> bool {
    // An ASCII word is compared without case, without a lowercase copy.
    if word.is_ascii() {
        let b = word.as_bytes();
        return (b.len() >= 2 && b[b.len() - 2..].eq_ignore_ascii_case(b"ed"))
            || ["said", "says", "told", "tells", "met", "held", "meets"].iter().any(|v| word.eq_ignore_ascii_case(v));
    }
    let w: Cow<str> = if word.bytes().any(|b| !b.is_ascii_lowercase()) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    };
    w.ends_with("ed") || matches!(w.as_ref(), "said" | "says" | "told" | "tells" | "met" | "held" | "meets")
}

/// Key terms of a sentence: `term:N` for glossary terms (given with their byte ranges in the
/// sentence), `name:x` for other capitalised words that are not the sentence's first word,
/// `num:n` for numbers; words inside the date expression or a glossary mention are not names.
pub fn key_terms(sentence: &str, expr: Range<usize>, terms: &[(usize, Range<usize>)]) -> BTreeSet<String> {
    key_terms_in(&words(sentence), expr, terms)
}

/// [`key_terms`] over the sentence's [`words`], already split.
pub fn key_terms_in(words: &[(usize, &str)], expr: Range<usize>, terms: &[(usize, Range<usize>)]) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = terms.iter().map(|(t, _)| format!("term:{t}")).collect();
    for (n, &(i, w)) in words.iter().enumerate() {
        if expr.contains(&i) || terms.iter().any(|(_, r)| r.contains(&i)) {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() {
            keys.insert(format!("num:{}", w.replace(',', "")));
        } else if n > 0
            && first.is_uppercase()
            && !NOT_NAMES.contains(&w.trim_end_matches('.'))
            && !crate::date::MONTH_WORDS.contains(&w.trim_end_matches('.'))
            && w.len() > 1
        {
            keys.insert(format!("name:{}", name_key(w)));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    #[test]
    fn verb_forms_as_the_lowercase_reading() {
        let reference = |word: &str| {
            let w = word.to_lowercase();
            w.ends_with("ed") || matches!(w.as_str(), "said" | "says" | "told" | "tells" | "met" | "held" | "meets")
        };
        for word in
            ["", "e", "ed", "ED", "Met", "MEETS", "meet", "Said", "sAiD", "tolD", "Ünited", "ÉD", "naïve", "held", "x"]
        {
            assert_eq!(is_verb_form(word), reference(word), "{word:?}");
        }
    }

    #[test]
    fn happening_words_are_looked_up_as_the_table_lists_them() {
        // "put forward" holds a space and never comes as one word; the rest map to the first
        // class listing them, in any case.
        for (_, words) in HAPPENINGS {
            for w in *words {
                assert!(w.len() <= HAPPENING_WORD_MAX, "{w}");
                let first = HAPPENINGS.iter().find(|(_, ws)| ws.contains(w)).map(|(c, _)| *c);
                assert_eq!(happening_of(w), first, "{w}");
                assert_eq!(happening_of(&w.to_uppercase()), first, "{w}");
            }
        }
        assert_eq!(happening_of("Met"), Some("meet"));
        assert_eq!(happening_of("MEETING"), Some("meet"));
        assert_eq!(happening_of("ÉLECTION"), None);
        assert_eq!(happening_of("meetingroom"), None);
        assert_eq!(happening_of("ANNOUNCED"), Some("say"));
        assert_eq!(happening_of("Established"), Some("create"));
        assert_eq!(happening_of("Internationalisation"), None);
        assert_eq!(happening_of("ΤALKS"), None);
    }

    fn check(sentence: &str, expression: &str, expected: Option<&str>) {
        let start = sentence.find(expression).unwrap_or(0);
        assert_eq!(happening(sentence, start..start + expression.len()).0, expected, "{sentence}");
    }

    #[test]
    fn happening_is_the_nearest_word_before() {
        check(
            "Darusman met with four North Korean officials on Monday, the first such encounter.",
            "Monday",
            Some("meet"),
        );
        check(
            "It was the first meeting and followed the release in March of a UN inquiry.",
            "in March",
            Some("release"),
        );
        check("Darusman said of the talks held Monday at UN headquarters.", "Monday", Some("meet"));
        check(
            "A UN rights investigator said Tuesday that an invitation opens up possibilities.",
            "Tuesday",
            Some("say"),
        );
        check("A vote is expected in the Assembly in late November.", "late November", Some("vote"));
        check("Nothing happened on Monday.", "Monday", None);
    }

    #[test]
    fn ambiguous_attachment_is_reported() {
        let s = "The meeting came ahead of a report to be presented Wednesday by Darusman.";
        let start = s.find("Wednesday").unwrap_or(0);
        assert_eq!(happening(s, start..start + 9), (Some("present"), vec![]));
        let s = "The rapporteur revealed that officials met with him in New York on Tuesday, October 28.";
        let start = s.find("Tuesday").unwrap_or(0);
        let (nearest, others) = happening(s, start..s.len() - 1);
        assert_eq!(nearest, Some("meet"));
        assert_eq!(others, vec!["say"]);
    }

    #[test]
    fn words_are_the_word_bounds_holding_a_letter_or_digit() {
        // What `key_terms` split before it shared `words` with `happening` and the tense.
        for s in [
            "Darusman met with 4 North Korean officials on Monday.",
            "“It was 1,000 U.S. dollars,” he said — l’Élysée’s 3.5% rise; _x_ e.g. A.B.",
            "日本の首相 met Да 🇫🇷 the👍🏽end",
            "",
            "don’t ‘quote’ it’s 1,000.50 a.b a:b 3;4 _x_ __ e\u{301}t\u{e9} ‘’ x’",
            "\u{a0}Élysée—said «oui»… 12th–13th; U.S.-led, c.\u{2019}s",
            "a\u{200d}b soft\u{ad}hyphen Ω ǅ 𝔘 ١٢ 3.5% x\u{2019}",
        ] {
            let reference: Vec<(usize, &str)> =
                s.split_word_bound_indices().filter(|(_, w)| w.chars().any(char::is_alphanumeric)).collect();
            assert_eq!(words(s), reference, "{s}");
        }
    }

    #[test]
    fn names_and_numbers() {
        let s = "Darusman met with 4 North Korean officials on Monday.";
        let start = s.find("Monday").unwrap_or(0);
        let keys = key_terms(s, start..start + 6, &[(3, 0..8)]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(keys, vec!["name:korea", "name:north", "num:4", "term:3"]);
        let keys = key_terms(s, start..start + 6, &[(3, 0..8), (7, 20..32)]);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(keys, vec!["num:4", "term:3", "term:7"]);
    }
}
