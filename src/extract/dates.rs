//! Publication date: finds explicit date stamps near the top of a scrape and
//! rejects everything that only looks like one.
//!
//! Input: the normalised lines and which of them were already recognised as
//! widgets. Output: at most one [`Found`] date, plus the rejected candidates
//! (each with why) so the caller can write a note.
//! Invariants: only a stamp line (a line that is essentially a date, or a line
//! labelled "Updated:/Published:/Posted:") in the header can give the date;
//! a date inside a body sentence, a scrape-time date in a navigation bar, a
//! weather-widget date, a copyright year and "N years ago" never do.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::Found;
use super::normalize::clip;

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const WEEKDAYS: &str = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s*";

/// A calendar date written with a month name, with optional weekday and time.
static NAMED_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let time = r"(?:\s*[/,|·-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[a-z]{2,4}|utc|gmt)\b)?)?";
    let pattern = format!(
        r"(?i)\b(?:{WEEKDAYS})?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{MONTHS})\.?\s*,?\s*(?P<y1>\d{{4}})|(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<y2>\d{{4}})){time}"
    );
    Regex::new(&pattern).ok()
});

/// An ISO date, optionally with a time.
static ISO_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\b").ok()
});

/// A time written before the date ("Published 3:04 PM ET, Thu April 14, 2016").
static LEADING_TIME: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}\b)?\s*,?\s*$").ok());

/// Labels that mark a publication stamp.
static LABEL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?P<label>published|posted|updated|last updated|first published|date|released)\b\s*(?:on|at)?\s*:?",
    )
    .ok()
});

/// "5 years ago", "3 hours ago": relative scrape-time ages.
static AGO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b").ok());

/// Navigation words that make a dated line a site header, not a stamp.
static NAV_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:Home|About|Contact|Advertise|Advertisement|Subscribe|Login|Log in|Sign in|Register|Privacy|Sitemap|Search|Menu|E-Paper|ePaper)\b").ok()
});

/// The longest line (in bytes) judged as a possible date stamp.
const MAX_STAMP_BYTES: usize = 300;

/// A date found in the text, with where and how it was written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DateMention {
    /// The calendar date.
    pub(super) date: Date,
    /// The matched text, time included.
    pub(super) text: String,
    /// Byte range of the match in the line.
    pub(super) start: usize,
    /// End of the match in the line.
    pub(super) end: usize,
}

/// Every explicit calendar date in a line, in order.
pub(super) fn find_dates(line: &str) -> Vec<DateMention> {
    let mut out = Vec::new();
    if let Some(re) = NAMED_DATE.as_ref() {
        for caps in re.captures_iter(line) {
            let (Some(whole), Some(month), Some(day), Some(year)) = (
                caps.get(0),
                caps.name("m1").or_else(|| caps.name("m2")),
                caps.name("d1").or_else(|| caps.name("d2")),
                caps.name("y1").or_else(|| caps.name("y2")),
            ) else {
                continue;
            };
            if let Some(date) = make_date(year.as_str(), month_number(month.as_str()), day.as_str()) {
                out.push(DateMention {
                    date,
                    text: whole.as_str().trim().to_string(),
                    start: whole.start(),
                    end: whole.end(),
                });
            }
        }
    }
    if let Some(re) = ISO_DATE.as_ref() {
        for caps in re.captures_iter(line) {
            let (Some(whole), Some(y), Some(m), Some(d)) =
                (caps.get(0), caps.name("y"), caps.name("m"), caps.name("d"))
            else {
                continue;
            };
            let month = m.as_str().parse::<i8>().ok();
            if let Some(date) = make_date(y.as_str(), month, d.as_str()) {
                out.push(DateMention {
                    date,
                    text: whole.as_str().to_string(),
                    start: whole.start(),
                    end: whole.end(),
                });
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

fn month_number(name: &str) -> Option<i8> {
    let lower = name.to_ascii_lowercase();
    let prefix: String = lower.chars().take(3).collect();
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| *m == prefix).and_then(|i| i8::try_from(i + 1).ok())
}

fn make_date(year: &str, month: Option<i8>, day: &str) -> Option<Date> {
    let year: i16 = year.parse().ok()?;
    let day: i8 = day.parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    Date::new(year, month?, day).ok()
}

/// Why a dated line in the header was not taken as the publication date.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Rejected {
    /// 1-based line.
    pub(super) line: usize,
    /// What kind of date it was, e.g. "scrape-time date".
    pub(super) kind: &'static str,
    /// The date text.
    pub(super) text: String,
}

/// What a line means for the publication date.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum StampVerdict {
    /// A publication stamp: the date, the evidence text, and the confidence.
    Stamp(Date, String, f32),
    /// A date-bearing site header: a scrape-time date, never a publication date.
    ScrapeTime(String),
    /// Not a stamp line.
    None,
}

/// Judges whether one line is a publication-date stamp.
/// `line_no` is 1-based and only used to weigh a bare date at the very top.
pub(super) fn judge_stamp(text: &str, line_no: usize) -> StampVerdict {
    // Stamp lines are short; a long line is prose or a widget dump.
    if text.len() > MAX_STAMP_BYTES {
        return StampVerdict::None;
    }
    let dates = find_dates(text);
    let Some(first) = dates.first() else {
        return StampVerdict::None;
    };
    let nav_count = NAV_WORDS.as_ref().map_or(0, |re| re.find_iter(text).count());
    if nav_count >= 2 {
        return StampVerdict::ScrapeTime(first.text.clone());
    }
    let label = LABEL.as_ref().and_then(|re| re.captures(&text[..first.start]));
    // Residue: what is left once the date, label, times, ages and separators go.
    let mut residue = String::new();
    residue.push_str(&text[..first.start]);
    residue.push(' ');
    residue.push_str(&text[first.end..]);
    for re in [AGO.as_ref(), LABEL.as_ref(), LEADING_TIME.as_ref()].into_iter().flatten() {
        residue = re.replace_all(&residue, " ").into_owned();
    }
    let residue_words: Vec<&str> = residue.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut evidence_start = first.start;
    if let Some(caps) = &label
        && let Some(m) = caps.get(0)
    {
        evidence_start = m.start();
    }
    let evidence = text[evidence_start..first.end].trim().to_string();
    match (&label, residue_words.len()) {
        (Some(caps), n) if n <= 4 => {
            let published = caps.name("label").is_some_and(|l| !l.as_str().to_ascii_lowercase().contains("updated"));
            let confidence = if published { 0.95 } else { 0.85 };
            StampVerdict::Stamp(first.date, evidence, confidence)
        }
        (None, 0) => {
            let confidence = if line_no <= 3 { 0.95 } else { 0.85 };
            StampVerdict::Stamp(first.date, evidence, confidence)
        }
        (None, 1..=2) => StampVerdict::Stamp(first.date, evidence, 0.7),
        _ => StampVerdict::None,
    }
}

/// Builds the publication date from judged header stamps, preferring the
/// most confident and then the earliest line.
pub(super) fn choose(stamps: &[(usize, Date, String, f32)]) -> Option<Found<Date>> {
    let mut best: Option<&(usize, Date, String, f32)> = None;
    for stamp in stamps {
        best = match best {
            Some(b) if b.3 >= stamp.3 => Some(b),
            _ => Some(stamp),
        };
    }
    best.map(|(line, date, evidence, confidence)| Found {
        value: *date,
        confidence: *confidence,
        evidence: format!("line {line}: {}", clip(evidence, 100)),
    })
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&NAMED_DATE);
    LazyLock::force(&ISO_DATE);
    LazyLock::force(&LEADING_TIME);
    LazyLock::force(&LABEL);
    LazyLock::force(&AGO);
    LazyLock::force(&NAV_WORDS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap_or_default()
    }

    fn check(line: &str, expected: Option<(&str, &str)>) {
        let verdict = judge_stamp(line, 1);
        match expected {
            Some((date, evidence)) => match verdict {
                StampVerdict::Stamp(got, ev, _) => {
                    assert_eq!(got, d(date), "{line}");
                    assert_eq!(ev, evidence, "{line}");
                }
                other => panic!("{line}: expected stamp, got {other:?}"),
            },
            None => assert!(!matches!(verdict, StampVerdict::Stamp(..)), "{line}: {verdict:?}"),
        }
    }

    #[test]
    fn stamps() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("November 10, 2014 / 11:22 PM / 5 years ago", Some(("2014-11-10", "November 10, 2014 / 11:22 PM"))),
            ("world Updated: Oct 28, 2014 16:12 IST", Some(("2014-10-28", "Updated: Oct 28, 2014 16:12 IST"))),
            (
                "Published 3:04 PM ET, Thu April 14, 2016",
                Some(("2016-04-14", "Published 3:04 PM ET, Thu April 14, 2016")),
            ),
            ("2014-02-17", Some(("2014-02-17", "2014-02-17"))),
            ("Posted: 17 February 2014", Some(("2014-02-17", "Posted: 17 February 2014"))),
            ("Sun, 23 February , 2025 Home About Us Advertisement Contact Us", None),
            ("The report released on Feb. 17, 2014 found that North Korea committed crimes.", None),
            ("Copyright 2016 The Associated Press", None),
            ("5 years ago", None),
            ("February 30, 2014", None),
        ];
        for (line, expected) in cases {
            check(line, *expected);
        }
    }

    #[test]
    fn scrape_time_header() {
        assert_eq!(
            judge_stamp("Sun, 23 February , 2025 Home About Us Advertisement Contact Us", 1),
            StampVerdict::ScrapeTime("Sun, 23 February , 2025".to_string())
        );
    }

    #[test]
    fn finds_dates_in_sentences() {
        let found = find_dates("on Thursday, Feb. 21, 2013 in Las Vegas and 2014-02-17.");
        let dates: Vec<Date> = found.iter().map(|m| m.date).collect();
        assert_eq!(dates, vec![d("2013-02-21"), d("2014-02-17")]);
        assert!(find_dates("Feb 27, 2017-Monday").first().is_some_and(|m| m.date == d("2017-02-27")));
    }
}
