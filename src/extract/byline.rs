//! Bylines: who wrote the article. Reads "By …" lines, a bare name under the
//! headline, and the credits at the foot ("Reporting by …; Editing by …",
//! "Write to … at …@…", "To contact the reporter on this story: …",
//! "-- Name and Name at City Hall").
//!
//! Input: classified lines (the header pass has already taken the headline).
//! Output: credit lines marked as dropped metadata, and the candidate author
//! lists with evidence. Invariants: editors, photographers, contributors and
//! quoted people are never authors; a name must look like a person's name.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;
use super::lines::{Line, Role, is_english_stop_word};
use super::normalize::clip;
use super::outlet_names;

/// Words that are capitalised in headers but are not parts of a person's name.
const NOT_NAME_WORDS: &[&str] = &[
    "News",
    "Breaking",
    "Live",
    "Update",
    "Updated",
    "Video",
    "Photo",
    "Photos",
    "World",
    "Politics",
    "Business",
    "Sport",
    "Sports",
    "Opinion",
    "Analysis",
    "Editorial",
    "Home",
    "North",
    "South",
    "East",
    "West",
    "United",
    "States",
    "Nations",
    "Korea",
    "China",
    "New",
    "York",
    "Staff",
    "Reporter",
    "Writer",
    "Correspondent",
    "Editor",
    "Press",
    "Times",
    "Post",
    "Daily",
    "Herald",
    "Agency",
    "Team",
    "Desk",
    "Comments",
    "Share",
    "Advertisement",
    "Images",
    "Getty",
    "Fatal",
    "Strip",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Close",
    "More",
    "Related",
    "Read",
];

/// Lowercase particles allowed inside names ("Ben van Beurden").
const PARTICLES: &[&str] = &["de", "da", "di", "del", "der", "van", "von", "bin", "al", "la", "le", "du", "dos"];

/// Does this look like one person's name: 2–4 capitalised words (initials
/// and particles allowed), no function words, no digits, not an outlet?
pub(super) fn is_person_name(text: &str) -> bool {
    let text = text.trim().trim_end_matches(['.', ',']);
    let text = text.strip_suffix(" Jr").or_else(|| text.strip_suffix(" Sr")).unwrap_or(text);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let capitalised = tokens.iter().filter(|t| !PARTICLES.contains(t)).count();
    if !(2..=4).contains(&capitalised) || tokens.len() > 5 {
        return false;
    }
    let shape_ok = tokens.iter().all(|token| {
        if PARTICLES.contains(token) {
            return true;
        }
        let mut chars = token.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let rest_ok = token.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'));
        let is_initial = token.chars().count() <= 2 && token.ends_with('.');
        let has_lower = token.chars().any(char::is_lowercase);
        first_upper
            && rest_ok
            && (has_lower || is_initial)
            && !is_english_stop_word(&token.to_lowercase())
            && !NOT_NAME_WORDS.contains(token)
    });
    shape_ok && outlet_names::find(&outlet_names::outlet_key(text)).is_none()
}

/// Splits "A, B and C" / "A & B" into names; every part must be a name.
pub(super) fn split_names(text: &str) -> Option<Vec<String>> {
    let normalised = text.replace(" & ", ", ").replace(" and ", ", ");
    let names: Vec<String> = normalised
        .split([',', ';'])
        .map(|s| s.trim().trim_end_matches('.').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (!names.is_empty() && names.iter().all(|n| is_person_name(n))).then_some(names)
}

static BY_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?i:by)\s+(?P<names>[^|•·]+?)\s*(?:[|•·].*)?$").ok());
static REPORTING_BY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\(?(?:Reporting|Writing|Reported|Written) by (?P<names>[^;)]+)").ok());
static WRITE_TO: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^Write to (?P<names>.+?) at \S+@\S+").ok());
static CONTACT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^To contact the (?:reporter|reporters|writer|author)s? (?:on|of|for) this (?:story|article)\s*:?\s*(?P<names>.+?)(?: in [A-Z][\w .'-]+?)? at \S+@\S+").ok()
});
static DASH_SIGN_OFF: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:--|—|–)\s*(?P<names>[A-Z][^@]+?)(?: (?:at|in|from) [A-Z][\w .'-]*)?$").ok());

/// "JANE DOE AND JOHN ROE" → "Jane Doe and John Roe": capitals-only bylines are common
/// in print-derived scrapes; names are compared in title case.
fn title_case_if_shouting(text: &str) -> String {
    if text.chars().any(char::is_lowercase) || !text.chars().any(char::is_uppercase) {
        return text.to_string();
    }
    text.split(' ')
        .map(|word| {
            let lower = word.to_lowercase();
            if lower == "and" || PARTICLES.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = lower.chars();
            chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses a "By …" header line into names (dropping a trailing outlet or role).
pub(super) fn parse_by_line(text: &str) -> Option<Vec<String>> {
    let caps = BY_LINE.as_ref()?.captures(text)?;
    let raw = title_case_if_shouting(caps.name("names")?.as_str());
    let raw = raw.as_str();
    // "By Jane Doe, Reuters" / "By Jane Doe, Staff Writer": keep the names only.
    let mut parts: Vec<&str> = raw.split(',').map(str::trim).collect();
    while parts.len() > 1 && parts.last().is_some_and(|p| !is_person_name(p) && !p.starts_with("and ")) {
        parts.pop();
    }
    split_names(&parts.join(", "))
}

/// A bare name line (the byline under a headline).
pub(super) fn parse_name_line(text: &str) -> Option<Vec<String>> {
    if text.chars().count() > 80 || text.ends_with(['.', '!', '?', ':']) && !text.ends_with("Jr.") {
        return None;
    }
    split_names(text)
}

/// A broadcaster's credit inside the story: "Dan Noyes has an exclusive report."
static REPORTER_HAS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?:^|[.!?"”]\s*)(?P<names>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2}) (?:has|had|brings|filed) (?:an exclusive|the|this|a) (?:report|story)\.(?:\s|$|[A-Z])"#)
        .ok()
});

/// Reporter credits inside story paragraphs; the lines stay story text.
pub(super) fn scan_in_text(lines: &[Line]) -> Vec<Found<Vec<String>>> {
    let Some(re) = REPORTER_HAS.as_ref() else { return Vec::new() };
    let mut found = Vec::new();
    // The pattern ends in "report." or "story.": most lines have neither and skip it.
    let may_match = |t: &str| t.contains("report.") || t.contains("story.");
    for line in lines.iter().filter(|l| l.role == Role::Text && may_match(&l.text)) {
        for caps in re.captures_iter(&line.text) {
            let Some(m) = caps.name("names") else { continue };
            if let Some(names) = split_names(m.as_str()) {
                let end = caps.get(0).map_or(m.end(), |all| all.end());
                let phrase = line.text.get(m.start()..end).unwrap_or(m.as_str());
                found.push(Found {
                    value: names,
                    confidence: 0.55,
                    evidence: format!("line {}: {}", line.no, clip(phrase.trim_end_matches(char::is_uppercase), 100)),
                });
            }
        }
    }
    found
}

/// Credit lines at the foot of the article: marks them dropped and returns the
/// authors they name, each with its evidence and confidence.
pub(super) fn scan_credits(lines: &mut [Line]) -> Vec<Found<Vec<String>>> {
    let mut found = Vec::new();
    let rules: [(&LazyLock<Option<Regex>>, f32); 4] =
        [(&REPORTING_BY, 0.85), (&WRITE_TO, 0.75), (&CONTACT, 0.8), (&DASH_SIGN_OFF, 0.6)];
    for line in lines.iter_mut() {
        let is_candidate = match &line.role {
            Role::Text => true,
            Role::Drop(reason) => reason == "contact line",
            _ => false,
        };
        if !is_candidate || line.text.chars().count() > 300 {
            continue;
        }
        for (rule, confidence) in &rules {
            let Some(re) = rule.as_ref() else { continue };
            let Some(caps) = re.captures(&line.text) else {
                continue;
            };
            let Some(names) = caps.name("names").and_then(|m| split_names(m.as_str())) else {
                continue;
            };
            found.push(Found {
                value: names,
                confidence: *confidence,
                evidence: format!("line {}: {}", line.no, clip(&line.text, 100)),
            });
            line.role = Role::Drop("byline".to_string());
            break;
        }
    }
    found
}

/// Picks the byline: the most confident candidate; agreeing candidates add a little.
pub(super) fn choose(candidates: Vec<Found<Vec<String>>>) -> Option<Found<Vec<String>>> {
    let mut best: Option<Found<Vec<String>>> = None;
    for candidate in &candidates {
        if best.as_ref().is_none_or(|b| candidate.confidence > b.confidence) {
            best = Some(candidate.clone());
        }
    }
    let mut best = best?;
    let agreeing = candidates.iter().filter(|c| c.value == best.value).count();
    if agreeing > 1 {
        best.confidence = (best.confidence + 0.05 * (agreeing - 1) as f32).min(0.99);
    }
    Some(best)
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&BY_LINE);
    LazyLock::force(&REPORTING_BY);
    LazyLock::force(&WRITE_TO);
    LazyLock::force(&CONTACT);
    LazyLock::force(&DASH_SIGN_OFF);
    LazyLock::force(&REPORTER_HAS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        let cases = [
            ("Ayee Macaraig", true),
            ("Michelle Nichols", true),
            ("Dean C. Smith", true),
            ("Ben van Beurden", true),
            ("Robert De Niro", true),
            ("Al Gore", true),
            ("Kenneth Wayne Cherry Jr.", true),
            ("Breaking News", false),
            ("North Korea ambassador", false),
            ("New Delhi", false),
            ("The Associated Press", false),
            ("Hindustan Times", false),
            ("Fatal crash", false),
            ("Slowing Growth", true), // shape alone cannot tell; position decides
            ("Rappler", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_person_name(input), expected, "{input}");
        }
    }

    #[test]
    fn by_lines() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("By Michelle Nichols", Some(&["Michelle Nichols"])),
            ("By Jane Doe and John Roe, Reuters", Some(&["Jane Doe", "John Roe"])),
            ("BY JANE DOE", Some(&["Jane Doe"])),
            ("BY STEVEN DAVIDOFF SOLOMON", Some(&["Steven Davidoff Solomon"])),
            ("BY JANE DOE AND JOHN VAN ROE", Some(&["Jane Doe", "John van Roe"])),
            ("BY THE NUMBERS", None),
            ("By Sarah Kent, Staff Reporter | Updated 3 hours ago", Some(&["Sarah Kent"])),
            ("By continuing to use the site, you agree", None),
        ];
        for (input, expected) in cases {
            let got = parse_by_line(input);
            let expected = expected.map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn reporter_credits_in_the_story() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("His family complained. Dan Noyes has an exclusive report.Walter took it in.", Some(&["Dan Noyes"])),
            ("Jane Roe has the story.", Some(&["Jane Roe"])),
            ("The minister has a report. Then more.", None),
            ("Police said Walter Huang had a wife.", None),
        ];
        for (input, expected) in cases {
            let lines = vec![Line { no: 1, text: input.to_string(), role: Role::Text }];
            let got = scan_in_text(&lines).into_iter().next().map(|f| f.value);
            let expected = expected.map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn reporter_credit_precheck_holds_wherever_the_pattern_matches() {
        let re = REPORTER_HAS.as_ref().expect("valid");
        for text in [
            "Dan Noyes has an exclusive report.Walter",
            "“Done.” Jane Roe has the story.",
            "Ana María Ruiz brings this report. Next",
            "Jo Lee filed a story.",
            "Jo Lee filed a story",
        ] {
            assert!(!re.is_match(text) || text.contains("report.") || text.contains("story."), "{text}");
        }
    }

    fn credits(text: &str) -> Option<Vec<String>> {
        let mut lines = vec![Line { no: 1, text: text.to_string(), role: Role::Text }];
        scan_credits(&mut lines).into_iter().next().map(|f| f.value)
    }

    #[test]
    fn foot_credits() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("Reporting by Michelle Nichols; Editing by Grant McCool", Some(&["Michelle Nichols"])),
            ("(Reporting by Jack Kim and Christine Kim; Editing by Paul Tait)", Some(&["Jack Kim", "Christine Kim"])),
            ("Write to Sarah Kent at sarah.kent@wsj.com", Some(&["Sarah Kent"])),
            (
                "To contact the reporter on this story: Mariam Fam in Cairo at mfam1@bloomberg.net.",
                Some(&["Mariam Fam"]),
            ),
            ("-- Jane Doe and John Roe at City Hall", Some(&["Jane Doe", "John Roe"])),
            ("— The Associated Press", None),
            ("Editing by Grant McCool", None),
            ("Photo by Ayee Macaraig/Rappler", None),
        ];
        for (input, expected) in cases {
            let expected = expected.map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
            assert_eq!(credits(input), expected, "{input}");
        }
    }
}
