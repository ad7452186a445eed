//! The header: everything above the first story paragraph. Finds the
//! headline (also inside a "Headline | section | Site" title line), the
//! publication-date stamp, a byline under the headline, the standfirst, and
//! short caption stubs; rejects scrape-time and widget dates.
//!
//! Input: classified lines. Output: [`Header`] and the consumed lines marked
//! as dropped metadata ("headline", "byline", "publication date", …).
//! Invariants: only lines above the first story paragraph (or, for dates,
//! within the first few lines) are read; a repeated headline is consumed
//! wherever it appears in the header.

use jiff::civil::Date;

use super::Found;
use super::byline;
use super::captions::CaptionMatch;
use super::dates::{self, Rejected, StampVerdict};
use super::lines::{Line, Quality, Role, ends_like_sentence, quality, stop_word_density, words};
use super::normalize::{clip, compare_key, has_key};
use super::outlet_names;

/// What the header tells.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The headline.
    pub(super) title: Option<Found<String>>,
    /// A site name from the title line's suffix: (name as written, line, evidence).
    pub(super) site_suffix: Option<(String, usize, String)>,
    /// The publication date.
    pub(super) date: Option<Found<Date>>,
    /// Dated lines that were not taken, with why.
    pub(super) rejected_dates: Vec<Rejected>,
    /// A byline found in the header.
    pub(super) byline: Option<Found<Vec<String>>>,
    /// Index (into the lines) of the standfirst, if any.
    pub(super) standfirst: Option<usize>,
}

/// Index of the first line that reads like a story paragraph.
pub(super) fn first_story_line(lines: &[Line]) -> usize {
    lines
        .iter()
        .position(|line| match &line.role {
            Role::Text => quality(&line.text) == Quality::Good && ends_like_sentence(&line.text),
            Role::Caption(CaptionMatch { rest: Some(_), .. }) => true,
            _ => false,
        })
        .unwrap_or(lines.len())
}

/// Reads the header (see the module docs).
pub(super) fn analyse(lines: &mut [Line]) -> Header {
    let mut header = Header::default();
    let body_start = first_story_line(lines);
    find_dates(lines, body_start, &mut header);
    find_headline(lines, body_start, &mut header);
    find_byline_and_standfirst(lines, body_start, &mut header);
    header
}

/// Date stamps: header lines, plus short lines among the first 15.
fn find_dates(lines: &mut [Line], body_start: usize, header: &mut Header) {
    let mut stamps: Vec<(usize, Date, String, f32)> = Vec::new();
    for (i, line) in lines.iter_mut().enumerate() {
        let in_header = i < body_start || (i < 15 && line.text.chars().count() <= 80);
        if !in_header {
            continue;
        }
        match &line.role {
            Role::Drop(reason) if reason == "weather widget" || reason == "navigation bar" => {
                if let Some(found) = dates::find_dates(&line.text).first() {
                    let kind = if reason == "weather widget" { "weather-widget date" } else { "scrape-time date" };
                    header.rejected_dates.push(Rejected { line: line.no, kind, text: found.text.clone() });
                }
            }
            Role::Text => match dates::judge_stamp(&line.text, line.no) {
                StampVerdict::Stamp(date, evidence, confidence) => {
                    stamps.push((line.no, date, evidence, confidence));
                    line.role = Role::Drop("publication date".to_string());
                }
                StampVerdict::ScrapeTime(text) => {
                    header.rejected_dates.push(Rejected { line: line.no, kind: "scrape-time date", text });
                    line.role = Role::Drop("scrape-time date".to_string());
                }
                StampVerdict::None => {}
            },
            _ => {}
        }
    }
    header.date = dates::choose(&stamps);
}

/// Splits "Headline | section | Site" into the headline and the site name.
fn split_site_suffix(text: &str) -> Option<(String, String)> {
    for separator in [" | ", " – ", " — ", " - ", " :: "] {
        let parts: Vec<&str> = text.split(separator).map(str::trim).collect();
        if parts.len() < 2 {
            continue;
        }
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        let known = outlet_names::find(&outlet_names::outlet_key(last)).is_some();
        let short_tail = parts[1..].iter().all(|p| words(p).len() <= 4);
        let capitalised = last.chars().next().is_some_and(char::is_uppercase);
        // Pipes are the usual site separator; a dash only with a known outlet.
        if (known || (separator == " | " && short_tail && capitalised)) && words(first).len() >= 3 {
            return Some((first.to_string(), last.to_string()));
        }
    }
    None
}

fn looks_like_headline(text: &str) -> bool {
    let word_count = words(text).len();
    let chars = text.chars().count();
    let starts_ok = text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "‘'\"“".contains(c));
    let ends_ok = !text.ends_with('.') || text.ends_with("...") || text.ends_with("U.S.");
    (2..=30).contains(&word_count)
        && chars <= 250
        && starts_ok
        && ends_ok
        && stop_word_density(text) < 0.5
        && byline::parse_by_line(text).is_none()
        && byline::parse_name_line(text).is_none()
}

/// A section label or kicker above the headline ("Vegas Strip shooting", "Fatal crash"):
/// three words or fewer, not a "Headline | Site" title line.
fn is_kicker(text: &str) -> bool {
    words(text).len() <= 3 && split_site_suffix(text).is_none()
}

/// Most words capitalised, as headlines are set in title case.
fn is_title_case(text: &str) -> bool {
    let all = words(text);
    let significant: Vec<&&str> = all.iter().filter(|w| w.chars().count() > 3).collect();
    let capitalised = significant.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    all.len() >= 5 && !significant.is_empty() && capitalised * 10 >= significant.len() * 8
}

/// The first picture of a gallery at the top of the page is titled with the headline
/// ("Enlarge image Egypt Holds Final Round of Vote … Mohammed Abed/AFP/Getty Images …").
fn gallery_headline(lines: &[Line], body_start: usize) -> Option<Found<String>> {
    let first = lines.iter().take(body_start.max(1)).find(|l| l.role != Role::Blank)?;
    if !matches!(first.role, Role::Caption(_)) {
        return None;
    }
    let title = super::captions::gallery_title(&first.text).filter(|t| is_title_case(t) && looks_like_headline(t))?;
    Some(Found {
        value: title,
        confidence: 0.5,
        evidence: format!("line {}: title of the gallery's first picture: {}", first.no, clip(&first.text, 100)),
    })
}

fn find_headline(lines: &mut [Line], body_start: usize, header: &mut Header) {
    let mut found = None;
    for i in 0..body_start.min(lines.len()) {
        if lines[i].role != Role::Text || !looks_like_headline(&lines[i].text) {
            continue;
        }
        if is_kicker(&lines[i].text) {
            lines[i].role = Role::Drop("kicker (label above the story)".to_string());
            continue;
        }
        found = Some(i);
        break;
    }
    let Some(index) = found else {
        header.title = gallery_headline(lines, body_start);
        return;
    };
    let line_no = lines[index].no;
    let text = lines[index].text.clone();
    let (title, mut confidence) = match split_site_suffix(&text) {
        Some((title, site)) => {
            header.site_suffix = Some((site, line_no, format!("line {line_no}: {}", clip(&text, 100))));
            (title, 0.9)
        }
        None => {
            let followed_by_blank = lines.get(index + 1).is_none_or(|l| l.role == Role::Blank);
            let base: f32 = if followed_by_blank || index == 0 { 0.8 } else { 0.65 };
            (text.clone(), base)
        }
    };
    lines[index].role = Role::Drop("headline".to_string());
    // A repeated headline anywhere above the story is the same metadata.
    let key = compare_key(&title);
    for line in lines.iter_mut().take(body_start.max(index + 1) + 1) {
        if line.role == Role::Text && has_key(&line.text, &key) {
            line.role = Role::Drop("headline".to_string());
            confidence = (confidence + 0.05).min(0.98);
        }
    }
    header.title = Some(Found { value: title, confidence, evidence: format!("line {line_no}: {}", clip(&text, 100)) });
}

fn find_byline_and_standfirst(lines: &mut [Line], body_start: usize, header: &mut Header) {
    let headline_at = lines.iter().position(|l| l.role == Role::Drop("headline".to_string()));
    let limit = body_start.min(lines.len());
    // "By …" anywhere in the header; a bare name only right under the headline.
    for (i, line) in lines.iter_mut().enumerate().take(limit) {
        if line.role != Role::Text {
            continue;
        }
        let after_headline = headline_at.is_some_and(|h| h < i && i - h <= 3);
        let found = byline::parse_by_line(&line.text)
            .map(|names| (names, 0.9))
            .or_else(|| after_headline.then(|| byline::parse_name_line(&line.text)).flatten().map(|n| (n, 0.7)));
        if let Some((names, confidence)) = found {
            let evidence = format!("line {}: {}", line.no, clip(&line.text, 100));
            header.byline = Some(Found { value: names, confidence, evidence });
            line.role = Role::Drop("byline".to_string());
            break;
        }
    }
    let start = headline_at.map_or(0, |h| h + 1);
    for i in start..limit {
        if lines[i].role != Role::Text {
            continue;
        }
        let text = &lines[i].text;
        let word_count = words(text).len();
        if header.standfirst.is_none() && headline_at.is_some() && word_count >= 8 && text.chars().count() >= 50 {
            header.standfirst = Some(i);
            continue;
        }
        // A short label just above the story: a caption stub ("North Korea ambassador").
        let next_content = (i + 1..lines.len()).find(|&j| !matches!(lines[j].role, Role::Blank | Role::Drop(_)));
        let just_above_story = next_content.is_none_or(|j| j >= limit);
        if word_count <= 6 && !ends_like_sentence(text) && just_above_story && headline_at.is_some() {
            lines[i].role = Role::Caption(CaptionMatch { captions: vec![(text.clone(), None)], rest: None });
        }
    }
    // Short lines above the headline are page furniture.
    if let Some(h) = headline_at {
        for line in lines.iter_mut().take(h) {
            if line.role == Role::Text && words(&line.text).len() <= 6 {
                line.role = Role::Drop("page header".to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::classify;
    use super::*;

    fn headline_of(raw: &str) -> Option<String> {
        let mut lines = classify(raw, &|_| false);
        analyse(&mut lines).title.map(|t| t.value)
    }

    #[test]
    fn headlines() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "UN explores new rights initiative with North Korea\n\nA UN rights investigator said Tuesday that an invitation from North Korea opens up possibilities.",
                Some("UN explores new rights initiative with North Korea"),
            ),
            (
                "N Korea holds UN talks amid push for war crimes probe | world | Hindustan Times\n\nNorth Korea's ambassador met with the UN rights investigator on Monday for dialogue on a possible invitation.",
                Some("N Korea holds UN talks amid push for war crimes probe"),
            ),
            (
                "Senate Majority Leader Harry Reid has been the most ardent proponent of a hard line with House Republicans.\n\nAnd so far, Reid is getting his way.",
                None,
            ),
            (
                "Getty Images House Speaker John Boehner\n\nCongress is working through the weekend to resolve a standoff that could prompt a government shutdown next week.",
                None,
            ),
            (
                "Vegas Strip shooting\n\nLAS VEGAS — It started with a dispute in a hotel along the famed Strip and ended in a crash.",
                None,
            ),
            (
                "Three killed after gunshots fired from SUV cause fiery crash\n\nFatal crash\n\nThe Las Vegas Strip became a scene of deadly violence early Thursday.",
                Some("Three killed after gunshots fired from SUV cause fiery crash"),
            ),
            (
                "Enlarge image Egypt Holds Final Round of Vote as Mubarak Faces Prosecutors Mohammed Abed/AFP/Getty Images Egyptian men walk past posters. Enlarge image Voting Mohammed Abed/AFP/Getty Images Banners hang in a market.\n\nEgyptians voted in the third round of parliamentary elections today as prosecutors began their case.",
                Some("Egypt Holds Final Round of Vote as Mubarak Faces Prosecutors"),
            ),
            (
                "Enlarge image Egyptian men walk past electoral posters AFP/Getty Images Men walk past posters.\n\nEgyptians voted in the third round of parliamentary elections today as prosecutors began their case.",
                None,
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(headline_of(raw).as_deref(), *expected, "{raw}");
        }
    }

    #[test]
    fn site_suffixes() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("N Korea holds UN talks | world | Hindustan Times", Some(("N Korea holds UN talks", "Hindustan Times"))),
            ("Dudley pay revolt at BP - BBC News", Some(("Dudley pay revolt at BP", "BBC News"))),
            ("North and South Korea - a history of talks", None),
        ];
        for (input, expected) in cases {
            let got = split_site_suffix(input);
            let expected = expected.map(|(a, b)| (a.to_string(), b.to_string()));
            assert_eq!(got, expected, "{input}");
        }
    }
}
