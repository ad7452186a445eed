//! Calendar dates with a precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
//!
//! Used by front matter, the timeline and every page that shows a date. Parsing is strict
//! (the forms DESIGN.md allows, or RFC 3339 for article dates); formatting is deterministic
//! and never depends on the clock or the locale.

use std::fmt;

use serde::Serialize;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to a year, a month or a day. Orders chronologically, coarser first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

/// Month names and their usual abbreviations, as news text writes them ("Sept", "Oct").
pub const MONTH_WORDS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// The twelve month names (the first twelve of [`MONTH_WORDS`]).
const MONTHS: &[&str] = MONTH_WORDS.split_at(12).0;

impl PartialDate {
    pub fn day(date: jiff::civil::Date) -> Self {
        PartialDate { year: date.year(), month: Some(date.month()), day: Some(date.day()) }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The civil date, when known to the day.
    pub fn to_civil(&self) -> Option<jiff::civil::Date> {
        jiff::civil::Date::new(self.year, self.month?, self.day?).ok()
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or (with `allow_datetime`) an RFC 3339 timestamp,
    /// whose calendar date is taken as written.
    pub fn parse(text: &str, allow_datetime: bool) -> Result<Self, String> {
        let text = text.trim();
        let date_part =
            if allow_datetime && text.len() > 10 && text.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ') {
                if text.parse::<jiff::Timestamp>().is_err() && text.parse::<jiff::civil::DateTime>().is_err() {
                    return Err(format!("`{text}` is not an RFC 3339 date-time"));
                }
                &text[..10]
            } else {
                text
            };
        let parts: Vec<&str> = date_part.split('-').collect();
        let bad = || format!("`{text}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        let num = |s: &str, len: usize| -> Result<i32, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<i32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match parts.as_slice() {
            [y] => {
                let year = num(y, 4)?;
                Ok(PartialDate { year: year as i16, month: None, day: None })
            }
            [y, m] => {
                let (year, month) = (num(y, 4)?, num(m, 2)?);
                if !(1..=12).contains(&month) {
                    return Err(format!("`{text}`: month {month} does not exist"));
                }
                Ok(PartialDate { year: year as i16, month: Some(month as i8), day: None })
            }
            [y, m, d] => {
                let (year, month, day) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
                jiff::civil::Date::new(year as i16, month as i8, day as i8)
                    .map_err(|_| format!("`{text}`: that day does not exist in the calendar"))?;
                Ok(PartialDate { year: year as i16, month: Some(month as i8), day: Some(day as i8) })
            }
            _ => Err(bad()),
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as in the JSON report.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Human form: `27 October 2014`, `October 2014`, `2014`.
    pub fn long(&self) -> String {
        let month = self.month.and_then(|m| MONTHS.get((m - 1) as usize)).copied();
        match (month, self.day) {
            (Some(m), Some(d)) => format!("{d} {m} {}", self.year),
            (Some(m), None) => format!("{m} {}", self.year),
            _ => format!("{}", self.year),
        }
    }

    /// Short human form with weekday for days: `Mon 27 Oct 2014`.
    pub fn short(&self) -> String {
        let month = self.month.and_then(|m| MONTHS.get((m - 1) as usize)).map(|m| &m[..3]);
        match (month, self.day, self.to_civil()) {
            (Some(m), Some(d), Some(civil)) => {
                let wd = match civil.weekday() {
                    jiff::civil::Weekday::Monday => "Mon",
                    jiff::civil::Weekday::Tuesday => "Tue",
                    jiff::civil::Weekday::Wednesday => "Wed",
                    jiff::civil::Weekday::Thursday => "Thu",
                    jiff::civil::Weekday::Friday => "Fri",
                    jiff::civil::Weekday::Saturday => "Sat",
                    jiff::civil::Weekday::Sunday => "Sun",
                };
                format!("{wd} {d} {m} {}", self.year)
            }
            (Some(m), _, _) => format!("{m} {}", self.year),
            _ => format!("{}", self.year),
        }
    }

    /// Name of the month, for grouping.
    pub fn month_name(&self) -> Option<&'static str> {
        self.month.and_then(|m| MONTHS.get((m - 1) as usize)).copied()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, ()>) {
        let got = PartialDate::parse(input, true).map(|d| d.iso()).map_err(|_| ());
        assert_eq!(got.as_deref().map_err(|_| ()), expected, "{input}");
    }

    #[test]
    fn parses_the_allowed_forms() {
        check("2014", Ok("2014"));
        check("2014-10", Ok("2014-10"));
        check("2014-10-27", Ok("2014-10-27"));
        check("2014-10-27T09:30:00Z", Ok("2014-10-27"));
        check("2014-10-27T09:30:00+05:30", Ok("2014-10-27"));
        check("2014-13", Err(()));
        check("2014-02-30", Err(()));
        check("14-10-27", Err(()));
        check("October 2014", Err(()));
        check("", Err(()));
        check("2014-10-27Tgarbage", Err(()));
    }

    #[test]
    fn formats() {
        let d = PartialDate::parse("2014-10-27", false).unwrap_or(PartialDate { year: 0, month: None, day: None });
        assert_eq!(d.long(), "27 October 2014");
        assert_eq!(d.short(), "Mon 27 Oct 2014");
        assert_eq!(d.precision(), Precision::Day);
        let m = PartialDate { year: 2014, month: Some(12), day: None };
        assert_eq!(m.long(), "December 2014");
        assert!(m < d.max(m) || m > d);
    }
}
