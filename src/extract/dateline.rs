//! Datelines: the place (and agency) that opens a story, as in
//! "UNITED NATIONS (Reuters) - …", "SEOUL, Jan 17 (Reuters) - …",
//! "LONDON -- …", "Seoul (CNN) …", "United Nations: …", "AUSTIN, Texas — …".
//!
//! Input: the text of the first story paragraph. Output: the place as written
//! and the agency in parentheses, if any. Invariant: the paragraph itself is
//! not changed; the dateline is only recorded.

use std::sync::LazyLock;

use regex::Regex;

use super::bounded::Bounded;
use super::lines::is_english_stop_word;

/// A dateline at the start of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dateline {
    /// The place as written ("UNITED NATIONS", "United Nations", "AUSTIN, Texas").
    pub(super) place: String,
    /// The agency or outlet named in parentheses ("Reuters", "CNN").
    pub(super) agency: Option<String>,
    /// The dateline text as written, separator included.
    pub(super) text: String,
    /// How sure the shape is.
    pub(super) confidence: f32,
}

static UPPER: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"^(?P<head>(?P<place>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*){0,3})(?:, (?P<region>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?))?(?:,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}))?\s*(?:\((?P<agency>[A-Za-z][\w .&-]*)\))?\s*(?:--|-|—|–|:))\s+\S",
        &[("agency", 31)],
    )
});

static MIXED_AGENCY: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"^(?P<head>(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,3})(?:, (?P<region>[A-Z][a-z.]+(?: [A-Z][a-z.]+)?))?\s*\((?P<agency>[A-Za-z][\w .&-]*)\)\s*(?:--|-|—|–|:)?)\s*\S",
        &[("agency", 31)],
    )
});

static MIXED_PUNCT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"^(?P<head>(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?P<sep>:|,|\s+--|\s+—|\s+–))\s+[A-Z“"‘]"#).ok()
});

/// Capitalised words that open sentences but are never places.
const NOT_PLACES: &[&str] = &[
    "Update",
    "Updated",
    "Note",
    "Analysis",
    "Moreover",
    "However",
    "Meanwhile",
    "Still",
    "Yet",
    "Also",
    "Instead",
    "Earlier",
    "Later",
    "Today",
    "Yesterday",
    "Tonight",
    "Last",
    "Next",
    "First",
    "Finally",
    "Photo",
    "Image",
    "Watch",
    "Read",
    "Video",
    "Editor",
    "Correction",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Q",
    "A",
    "Breaking",
    "Exclusive",
    "Opinion",
    "Comment",
    "Live",
    "Police",
    "Officials",
    "Sources",
    "President",
    "Senator",
    "Meanwhile",
    "Overall",
    "Indeed",
    "Now",
    "Then",
    "So",
    "But",
    "And",
    "Here",
    "There",
    "Again",
    "Separately",
];

fn acceptable_place(place: &str) -> bool {
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && place.split_whitespace().all(|w| {
            !NOT_PLACES.iter().any(|n| n.eq_ignore_ascii_case(w.trim_end_matches('.')))
                && !is_english_stop_word(&w.to_lowercase())
        })
}

fn with_region(place: &str, region: Option<&str>) -> String {
    match region {
        Some(region) => format!("{place}, {region}"),
        None => place.to_string(),
    }
}

/// The dateline that opens `text`, if any. `is_known_outlet` tells whether a
/// parenthesised name is a news outlet (needed for the mixed-case form).
pub(super) fn find(text: &str, is_known_outlet: &dyn Fn(&str) -> bool) -> Option<Dateline> {
    // A dateline is at most a few words: look at the opening only.
    let text = match text.char_indices().nth(160) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    if let Some(caps) = UPPER.as_ref().and_then(|re| re.captures(text)) {
        let place = caps.name("place").map_or("", |m| m.as_str()).trim();
        let agency = caps.name("agency").map(|m| m.as_str().trim().to_string());
        let all_caps = place.chars().filter(|c| c.is_alphabetic()).count() >= 3;
        if all_caps && acceptable_place(place) {
            let confidence = if agency.is_some() { 0.95 } else { 0.9 };
            return Some(Dateline {
                place: with_region(place, caps.name("region").map(|m| m.as_str())),
                agency,
                text: caps.name("head").map_or("", |m| m.as_str()).trim().to_string(),
                confidence,
            });
        }
    }
    if let Some(caps) = MIXED_AGENCY.as_ref().and_then(|re| re.captures(text)) {
        let place = caps.name("place").map_or("", |m| m.as_str());
        let agency = caps.name("agency").map(|m| m.as_str().trim().to_string());
        if acceptable_place(place) && agency.as_deref().is_some_and(is_known_outlet) {
            return Some(Dateline {
                place: with_region(place, caps.name("region").map(|m| m.as_str())),
                agency,
                text: caps.name("head").map_or("", |m| m.as_str()).trim().to_string(),
                confidence: 0.9,
            });
        }
    }
    if let Some(caps) = MIXED_PUNCT.as_ref().and_then(|re| re.captures(text)) {
        let place = caps.name("place").map_or("", |m| m.as_str());
        let sep = caps.name("sep").map_or("", |m| m.as_str().trim());
        let word_count = place.split_whitespace().count();
        let enough = if sep == "," { word_count >= 2 } else { true };
        if enough && acceptable_place(place) {
            let confidence = if sep == "," { 0.6 } else { 0.75 };
            let head = caps.name("head").map_or("", |m| m.as_str()).to_string();
            return Some(Dateline { place: place.to_string(), agency: None, text: head, confidence });
        }
    }
    None
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&UPPER);
    LazyLock::force(&MIXED_AGENCY);
    LazyLock::force(&MIXED_PUNCT);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> bool {
        matches!(name, "Reuters" | "AP" | "AFP" | "CNN")
    }

    fn check(input: &str, expected: Option<(&str, Option<&str>)>) {
        let got = find(input, &known).map(|d| (d.place, d.agency));
        let expected = expected.map(|(p, a)| (p.to_string(), a.map(str::to_string)));
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn datelines() {
        type Case<'a> = (&'a str, Option<(&'a str, Option<&'a str>)>);
        let cases: &[Case] = &[
            ("UNITED NATIONS (Reuters) - A rare diplomatic charm offensive", Some(("UNITED NATIONS", Some("Reuters")))),
            ("UNITED NATIONS – As North Korea faces the possibility", Some(("UNITED NATIONS", None))),
            ("United Nations: A UN rights investigator said Tuesday", Some(("United Nations", None))),
            ("United Nations, A UN human rights investigator said Tuesday", Some(("United Nations", None))),
            ("LONDON -- A leading shareholder advisory group", Some(("LONDON", None))),
            ("SEOUL (Reuters) - The two Koreas will field", Some(("SEOUL", Some("Reuters")))),
            ("SEOUL, Jan 17 (Reuters) - The two Koreas", Some(("SEOUL", Some("Reuters")))),
            ("Seoul (CNN) North and South Korean athletes", Some(("Seoul", Some("CNN")))),
            ("AUSTIN, Texas — Dinosaurs are often depicted", Some(("AUSTIN, Texas", None))),
            ("WASHINGTON (AP) — The House voted", Some(("WASHINGTON", Some("AP")))),
            ("CAIRO — The Muslim Brotherhood worked", Some(("CAIRO", None))),
            ("Darusman, who has been special rapporteur since 2010, said", None),
            ("Moreover, Republicans believe there is some chance", None),
            ("However: the vote", None),
            ("Marzuki Darusman said North Korea is insisting", None),
            ("The Las Vegas Strip became a scene of deadly violence", None),
            ("Mr Smith (left) talks to reporters", None),
            ("ICY RECEPTION", None),
        ];
        for (input, expected) in cases {
            check(input, *expected);
        }
    }
}
