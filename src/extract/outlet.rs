//! Outlet and wire agency: who published the page, and whose copy it is.
//!
//! Input: the classified lines, the captions' credits, the dateline, the
//! title line's site suffix and the sign-offs taken off paragraphs. Output:
//! the publishing outlet and the wire agency, each with confidence and
//! evidence. Evidence for the same name adds up (1 − Π(1 − c)).
//! Invariants: "told AFP" / "told The Associated Press" name a wire, never a
//! publisher, except as a low-confidence fallback when nothing names the
//! publisher; photo agencies (AP, Getty, Reuters pictures) never name the
//! publisher; names are canonicalised through the built-in table plus the
//! configured aliases.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::Found;
use super::bounded::Bounded;
use super::lines::{Line, Role};
use super::normalize::clip;
use super::outlet_names::{self, outlet_key};

/// Canonical outlet name for a name, alias or domain: configured aliases
/// first (any case), then the built-in table.
pub fn canonical_outlet(name: &str, extra: &BTreeMap<String, String>) -> Option<String> {
    let key = outlet_key(name);
    if key.is_empty() {
        return None;
    }
    if let Some((_, canonical)) =
        extra.iter().find(|(alias, canonical)| outlet_key(alias) == key || outlet_key(canonical) == key)
    {
        return Some(canonical.clone());
    }
    outlet_names::find(&key).map(|outlet| outlet.name.to_string())
}

/// The wire code of a canonical outlet name, if it is an agency.
fn wire_code(canonical: &str) -> Option<&'static str> {
    outlet_names::find(&outlet_key(canonical)).and_then(|o| o.wire)
}

/// The wire code of an agency named as written ("AFP", "Reuters"), if it is one.
pub(super) fn wire_of(name: &str) -> Option<String> {
    canonical_outlet(name, &BTreeMap::new()).and_then(|c| wire_code(&c)).map(str::to_string)
}

/// What a piece of evidence says about a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Says {
    /// The page is this outlet's.
    Publisher,
    /// The copy is this agency's.
    Wire,
}

#[derive(Debug, Clone)]
struct Clue {
    says: Says,
    name: String,
    confidence: f32,
    line: usize,
    evidence: String,
}

/// Everything the outlet pass reads.
pub(super) struct Sources<'a> {
    /// All classified lines.
    pub(super) lines: &'a [Line],
    /// Captions' credits with their line.
    pub(super) credits: Vec<(usize, String)>,
    /// The dateline's agency with the dateline text and line.
    pub(super) dateline_agency: Option<(String, String, usize)>,
    /// The title line's site suffix: (name, line, evidence).
    pub(super) site_suffix: Option<(String, usize, String)>,
    /// Sign-offs taken off paragraphs or lines: (line, name as written, text).
    pub(super) sign_offs: Vec<(usize, String, String)>,
    /// Configured aliases.
    pub(super) extra: &'a BTreeMap<String, String>,
}

static TOLD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?P<verb>told|telling|obtained by|seen by|reviewed by|interview with|tracked by|compiled by|Also on)(?: the)? (?P<name>[A-Z][\w.&'’-]*(?: (?:and |of )?[A-Z][\w.&'’-]*){0,4})").ok()
});
static COPYRIGHT: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"(?i)(?:©|copyright|\(c\))\s*(?:\d{4}\s*)?(?P<name>[a-z][\w.&' -]+?)(?:\.\s|,|$|\.$| all rights)",
        &[("name", 51)],
    )
});
static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"@(?P<domain>[\w-]+(?:\.[\w-]+)+)").ok());
static MORE_FROM: LazyLock<Option<Bounded>> = LazyLock::new(|| Bounded::new(r"(?i)^more from (?P<name>.+)$", &[]));
static AUTHOR_IS: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"^The author is an? (?P<name>[A-Z][\w .&'’-]+?) (?:columnist|correspondent|reporter|writer|contributor|editor)\b",
        &[("name", 51)],
    )
});
/// "For the latest Washington news, follow @wsjpolitics": the site's own social account.
static FOLLOW_HANDLE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bfollow (?:us (?:on twitter )?)?@(?P<handle>[A-Za-z0-9_]{2,30})").ok());
/// "… contributed to this report, as well as Sun reporters …": the agency helped, the page is not its copy.
static JOINT_CONTRIBUTION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bcontributed\b.{0,200}\bas well as\b").ok());
static WRITERS_CONTRIBUTED: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"^(?P<name>[A-Z][\w .&'’-]+?) (?:writers?|reporters?|correspondents?|staff) (?P<gap>.*?)contributed",
        &[("name", 41), ("gap", 200)],
    )
});

/// Resolves the longest leading run of words that names a known outlet.
fn resolve_prefix(name: &str, extra: &BTreeMap<String, String>) -> Option<(String, String)> {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    (1..=tokens.len()).rev().find_map(|n| {
        let candidate = tokens[..n].join(" ");
        canonical_outlet(&candidate, extra).map(|canonical| (canonical, candidate))
    })
}

/// The outlet a social handle belongs to: the handle itself ("@politico") or its longest
/// leading part that is a known name ("@wsjpolitics" → "wsj").
fn handle_outlet(handle: &str, extra: &BTreeMap<String, String>) -> Option<String> {
    let lower = handle.to_lowercase();
    let ends: Vec<usize> = lower.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    ends.iter().rev().filter(|&&end| end >= 2).find_map(|&end| canonical_outlet(&lower[..end], extra))
}

/// Finds the publishing outlet and the wire agency.
pub(super) fn identify(sources: &Sources<'_>) -> (Option<Found<String>>, Option<Found<String>>, Vec<String>) {
    let extra = sources.extra;
    let mut own_staff_credited = false;
    let mut clues: Vec<Clue> = Vec::new();
    let mut push = |name: String, line: usize, evidence: String, publisher: f32, wire: f32| {
        if let Some(code) = wire_code(&name) {
            if wire > 0.0 {
                clues.push(Clue {
                    says: Says::Wire,
                    name: code.to_string(),
                    confidence: wire,
                    line,
                    evidence: evidence.clone(),
                });
            }
            if publisher > 0.0 {
                clues.push(Clue { says: Says::Publisher, name, confidence: publisher, line, evidence });
            }
        } else if publisher > 0.0 {
            clues.push(Clue { says: Says::Publisher, name, confidence: publisher.max(wire.min(0.85)), line, evidence });
        }
    };

    if let Some((site, line, evidence)) = &sources.site_suffix {
        match canonical_outlet(site, extra) {
            Some(name) => push(name, *line, evidence.clone(), 0.9, 0.0),
            None => push(site.clone(), *line, evidence.clone(), 0.6, 0.0),
        }
    }
    if let Some((agency, text, line)) = &sources.dateline_agency
        && let Some(name) = canonical_outlet(agency, extra)
    {
        push(name, *line, format!("line {line}: {}", clip(text, 80)), 0.75, 0.9);
    }
    for (line, name, text) in &sources.sign_offs {
        if let Some(name) = canonical_outlet(name, extra) {
            // An agency's sign-off marks its copy; the page may still be someone else's.
            let publisher = if wire_code(&name).is_some() { 0.5 } else { 0.8 };
            push(name, *line, format!("line {line}: {}", clip(text, 80)), publisher, 0.85);
        }
    }
    for (line, credit) in &sources.credits {
        // "Ayee Macaraig/Rappler", "Jenny Starrs/The Washington Post", "CBC".
        let last = credit.rsplit('/').next().unwrap_or(credit);
        if let Some(name) = canonical_outlet(last, extra)
            && wire_code(&name).is_none()
        {
            push(name, *line, format!("line {line}: photo credit {}", clip(credit, 60)), 0.5, 0.0);
        }
    }
    for line in sources.lines {
        if line.role == Role::Blank {
            continue;
        }
        let text = &line.text;
        if let Some(re) = TOLD.as_ref() {
            for caps in re.captures_iter(text) {
                let (Some(verb), Some(raw)) = (caps.name("verb"), caps.name("name")) else {
                    continue;
                };
                let Some((name, written)) = resolve_prefix(raw.as_str(), extra) else {
                    continue;
                };
                let end = (raw.start() + written.len()).min(text.len());
                let phrase = text.get(verb.start()..end).unwrap_or(verb.as_str()).to_string();
                let publisher = if verb.as_str() == "Also on" { 0.7 } else { 0.45 };
                let evidence = format!("line {}: {}", line.no, phrase);
                if wire_code(&name).is_some() {
                    push(name, line.no, evidence, 0.0, 0.6);
                } else {
                    push(name, line.no, evidence, publisher, 0.0);
                }
            }
        }
        let is_drop = matches!(line.role, Role::Drop(_));
        if is_drop {
            // (pattern, publisher confidence, wire confidence, is a copyright line)
            let captures = [
                (COPYRIGHT.as_ref(), 0.8_f32, 0.8_f32, true),
                // The site's own navigation names the page's publisher, as a title's site
                // suffix does; mentions in the text ("seen by …", a reporter's e-mail) name
                // the newsroom, which may be a sister site's.
                (MORE_FROM.as_ref(), 0.9, 0.0, false),
                (AUTHOR_IS.as_ref(), 0.7, 0.0, false),
                (WRITERS_CONTRIBUTED.as_ref(), 0.0, 0.6, false),
            ];
            for (re, publisher, wire, copyright) in captures {
                let Some(name) = re.and_then(|re| re.captures(text)).and_then(|c| c.name("name")) else {
                    continue;
                };
                if let Some((canonical, _)) = resolve_prefix(name.as_str().trim(), extra) {
                    // An agency's copyright on republished copy says little about the page.
                    let publisher =
                        if copyright && wire_code(&canonical).is_some() { publisher.min(0.4) } else { publisher };
                    push(canonical, line.no, format!("line {}: {}", line.no, clip(text, 80)), publisher, wire);
                }
            }
        }
        if matches!(&line.role, Role::Drop(reason) if reason == "byline" || reason == "contact line")
            && let Some(domain) = EMAIL.as_ref().and_then(|re| re.captures(text)).and_then(|c| c.name("domain"))
        {
            let domain = domain.as_str().trim_end_matches('.');
            // "mfam1@bloomberg.net": try the registrable part too.
            let parts: Vec<&str> = domain.split('.').collect();
            let tail = parts.len().checked_sub(2).map(|at| parts[at..].join("."));
            let name = canonical_outlet(domain, extra).or_else(|| tail.and_then(|t| canonical_outlet(&t, extra)));
            // The reporter's newsroom; a sister site may publish the copy ("More from MarketWatch").
            if let Some(name) = name {
                push(name, line.no, format!("line {}: {}", line.no, clip(text, 80)), 0.65, 0.0);
            }
        }
        if is_drop
            && let Some(handle) = FOLLOW_HANDLE.as_ref().and_then(|re| re.captures(text)).and_then(|c| c.name("handle"))
            && let Some(name) = handle_outlet(handle.as_str(), extra)
            && wire_code(&name).is_none()
        {
            push(name, line.no, format!("line {}: {}", line.no, clip(text, 80)), 0.6, 0.0);
        }
        if JOINT_CONTRIBUTION.as_ref().is_some_and(|re| re.is_match(text)) {
            own_staff_credited = true;
        }
    }
    let mut notes = Vec::new();
    let wire = best(&clues, Says::Wire);
    let mut outlet = best(&clues, Says::Publisher);
    if outlet.is_none()
        && !own_staff_credited
        && let Some(wire) = &wire
        && let Some(agency) = outlet_names::by_wire(&wire.value)
    {
        notes.push(format!(
            "outlet not named by the publisher; falling back to the wire agency {} ({})",
            agency.name, wire.evidence
        ));
        outlet = Some(Found {
            value: agency.name.to_string(),
            confidence: (wire.confidence * 0.5).min(0.45),
            evidence: wire.evidence.clone(),
        });
    }
    (outlet, wire, notes)
}

/// Combines clues per name and returns the strongest.
fn best(clues: &[Clue], says: Says) -> Option<Found<String>> {
    let mut by_name: BTreeMap<&str, Vec<&Clue>> = BTreeMap::new();
    for clue in clues.iter().filter(|c| c.says == says) {
        by_name.entry(clue.name.as_str()).or_default().push(clue);
    }
    let mut scored: Vec<(f32, usize, &str, String)> = by_name
        .into_iter()
        .map(|(name, mut list)| {
            list.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then(a.line.cmp(&b.line)));
            let miss: f32 = list.iter().map(|c| 1.0 - c.confidence).product();
            let confidence = (1.0 - miss).min(0.99);
            let first_line = list.iter().map(|c| c.line).min().unwrap_or(0);
            let mut evidence: Vec<&str> = Vec::new();
            for clue in &list {
                if !evidence.contains(&clue.evidence.as_str()) && evidence.len() < 2 {
                    evidence.push(&clue.evidence);
                }
            }
            (confidence, first_line, name, evidence.join("; "))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(b.2)));
    scored.into_iter().next().map(|(confidence, _, name, evidence)| Found {
        value: name.to_string(),
        confidence: (confidence * 100.0).round() / 100.0,
        evidence,
    })
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&TOLD);
    LazyLock::force(&COPYRIGHT);
    LazyLock::force(&EMAIL);
    LazyLock::force(&MORE_FROM);
    LazyLock::force(&AUTHOR_IS);
    LazyLock::force(&FOLLOW_HANDLE);
    LazyLock::force(&JOINT_CONTRIBUTION);
    LazyLock::force(&WRITERS_CONTRIBUTED);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, expected: Option<&str>) {
        let extra = BTreeMap::from([("Daily Bugle".to_string(), "The Daily Bugle".to_string())]);
        assert_eq!(canonical_outlet(name, &extra).as_deref(), expected, "{name}");
    }

    #[test]
    fn canonical_names() {
        let cases = [
            ("Rappler.com", Some("Rappler")),
            ("HT", Some("Hindustan Times")),
            ("reuters.com", Some("Reuters")),
            ("The Associated Press", Some("Associated Press")),
            ("AP", Some("Associated Press")),
            ("https://www.nytimes.com/2016/07/30/x.html", Some("The New York Times")),
            ("POLITICO", Some("Politico")),
            ("the guardian", Some("The Guardian")),
            ("DAILY BUGLE", Some("The Daily Bugle")),
            ("Agence France-Presse", Some("Agence France-Presse")),
            ("Vegas", None),
            ("", None),
        ];
        for (name, expected) in cases {
            check(name, expected);
        }
    }

    fn identify_text(text: &str) -> (Option<String>, Option<String>) {
        identify_lines(text, Role::Text)
    }

    fn identify_lines(text: &str, role: Role) -> (Option<String>, Option<String>) {
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line { no: i + 1, text: t.to_string(), role: role.clone() })
            .collect();
        let extra = BTreeMap::new();
        let sources = Sources {
            lines: &lines,
            credits: vec![],
            dateline_agency: None,
            site_suffix: None,
            sign_offs: vec![],
            extra: &extra,
        };
        let (outlet, wire, _) = identify(&sources);
        (outlet.map(|f| f.value), wire.map(|f| f.value))
    }

    #[test]
    fn told_clues() {
        type Case<'a> = (&'a str, (Option<&'a str>, Option<&'a str>));
        let cases: &[Case] = &[
            (
                "Choe Myong Nam told The Associated Press on Monday that no date was fixed.",
                (Some("Associated Press"), Some("AP")),
            ),
            ("Kim Song told AFP that the meeting was useful.", (Some("Agence France-Presse"), Some("AFP"))),
            ("A police source told The Globe and Mail that an agent found them.", (Some("The Globe and Mail"), None)),
            ("\"Not on the CR,\" he told POLITICO.", (Some("Politico"), None)),
            ("She told the BBC's Today programme that the vote mattered.", (Some("BBC"), None)),
            ("He told reporters the talks went well.", (None, None)),
        ];
        for (text, (outlet, wire)) in cases {
            let got = identify_text(text);
            assert_eq!((got.0.as_deref(), got.1.as_deref()), (*outlet, *wire), "{text}");
        }
    }

    #[test]
    fn foot_lines() {
        type Case<'a> = (&'a str, (Option<&'a str>, Option<&'a str>));
        let cases: &[Case] = &[
            ("For the latest Washington news, follow @wsjpolitics", (Some("The Wall Street Journal"), None)),
            ("Follow us @politico", (Some("Politico"), None)),
            ("Follow @jane_doe_writes", (None, None)),
            ("More from MarketWatch", (Some("MarketWatch"), None)),
            (
                "Associated Press writers Jane Doe and John Roe contributed to this report.",
                (Some("Associated Press"), Some("AP")),
            ),
            (
                "Associated Press writers Jane Doe contributed to this report, as well as Sun reporters John Roe.",
                (None, Some("AP")),
            ),
        ];
        for (text, (outlet, wire)) in cases {
            let got = identify_lines(text, Role::Drop("credit".to_string()));
            assert_eq!((got.0.as_deref(), got.1.as_deref()), (*outlet, *wire), "{text}");
        }
    }
}
