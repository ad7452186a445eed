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
        let mut out = String::with_capacity(10);
        self.iso_into(&mut out);
        out
    }

    /// [`PartialDate::iso`], appended to `out` (no string of its own: the timeline writes
    /// hundreds of thousands of dates).
    pub fn iso_into(&self, out: &mut String) {
        push_number(out, self.year.into(), 4);
        if let (Some(m), day) = (self.month, self.day) {
            out.push('-');
            push_number(out, m.into(), 2);
            if let Some(d) = day {
                out.push('-');
                push_number(out, d.into(), 2);
            }
        }
    }

    /// Human form: `27 October 2014`, `October 2014`, `2014`.
    pub fn long(&self) -> String {
        let mut out = String::with_capacity(20);
        self.long_into(&mut out);
        out
    }

    /// [`PartialDate::long`], appended to `out`.
    pub fn long_into(&self, out: &mut String) {
        if let Some(m) = self.month_name() {
            if let Some(d) = self.day {
                push_number(out, d.into(), 1);
                out.push(' ');
            }
            out.push_str(m);
            out.push(' ');
        }
        push_number(out, self.year.into(), 1);
    }

    /// Short human form with weekday for days: `Mon 27 Oct 2014`.
    pub fn short(&self) -> String {
        let mut out = String::with_capacity(16);
        self.short_into(&mut out);
        out
    }

    /// [`PartialDate::short`], appended to `out`.
    pub fn short_into(&self, out: &mut String) {
        if let Some(m) = self.month_name().map(|m| &m[..3]) {
            if let (Some(d), Some(civil)) = (self.day, self.to_civil()) {
                out.push_str(match civil.weekday() {
                    jiff::civil::Weekday::Monday => "Mon ",
                    jiff::civil::Weekday::Tuesday => "Tue ",
                    jiff::civil::Weekday::Wednesday => "Wed ",
                    jiff::civil::Weekday::Thursday => "Thu ",
                    jiff::civil::Weekday::Friday => "Fri ",
                    jiff::civil::Weekday::Saturday => "Sat ",
                    jiff::civil::Weekday::Sunday => "Sun ",
                });
                push_number(out, d.into(), 1);
                out.push(' ');
            }
            out.push_str(m);
            out.push(' ');
        }
        push_number(out, self.year.into(), 1);
    }

    /// Name of the month, for grouping.
    pub fn month_name(&self) -> Option<&'static str> {
        self.month.and_then(|m| MONTHS.get((m - 1) as usize)).copied()
    }
}

/// `n` in decimal with at least `digits` digits, zero-padded, as `format!("{n:0digits$}")`
/// writes it (a minus sign counting as a digit), without the formatting machinery.
pub fn push_number(out: &mut String, n: i32, digits: usize) {
    let Ok(mut rest) = u32::try_from(n) else {
        use std::fmt::Write;
        // Writing into a `String` cannot fail.
        let _ = write!(out, "{n:0digits$}");
        return;
    };
    let mut buf = [b'0'; 10];
    let mut start = buf.len();
    while rest > 0 || start == buf.len() {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    for _ in buf.len() - start..digits {
        out.push('0');
    }
    out.extend(buf[start..].iter().map(|&b| char::from(b)));
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

    /// The dates as first formatted, with `format!`.
    fn reference(d: &PartialDate) -> (String, String, String) {
        let iso = match (d.month, d.day) {
            (Some(m), Some(day)) => format!("{:04}-{:02}-{:02}", d.year, m, day),
            (Some(m), None) => format!("{:04}-{:02}", d.year, m),
            _ => format!("{:04}", d.year),
        };
        let month = d.month_name();
        let long = match (month, d.day) {
            (Some(m), Some(day)) => format!("{day} {m} {}", d.year),
            (Some(m), None) => format!("{m} {}", d.year),
            _ => format!("{}", d.year),
        };
        let short = match (month.map(|m| &m[..3]), d.day, d.to_civil()) {
            (Some(m), Some(day), Some(civil)) => {
                let wd = civil.strftime("%a").to_string();
                format!("{wd} {day} {m} {}", d.year)
            }
            (Some(m), _, _) => format!("{m} {}", d.year),
            _ => format!("{}", d.year),
        };
        (iso, long, short)
    }

    /// Formatted without `format!`, every form is as it was: years of one to five digits,
    /// zero and negative; months and days missing, out of range or not in the calendar.
    #[test]
    fn dates_are_formatted_as_format_wrote_them() {
        let mut seen = 0;
        for year in [-32768, -2014, -5, 0, 7, 99, 476, 999, 1000, 2014, 9999, 10000, 32767] {
            for month in [None, Some(0), Some(1), Some(2), Some(9), Some(10), Some(12), Some(13), Some(-1)] {
                for day in [None, Some(0), Some(1), Some(9), Some(10), Some(29), Some(30), Some(31), Some(-3)] {
                    let d = PartialDate { year, month, day };
                    let (iso, long, short) = reference(&d);
                    assert_eq!((d.iso(), d.long(), d.short()), (iso, long, short), "{d:?}");
                    let mut out = "x".to_string();
                    d.iso_into(&mut out);
                    d.long_into(&mut out);
                    d.short_into(&mut out);
                    assert_eq!(out, format!("x{}{}{}", d.iso(), d.long(), d.short()));
                    seen += 1;
                }
            }
        }
        assert!(seen > 1000);
        let d = PartialDate { year: 2014, month: Some(10), day: Some(27) };
        assert_eq!(
            (d.iso(), d.long(), d.short()),
            ("2014-10-27".into(), "27 October 2014".into(), "Mon 27 Oct 2014".into())
        );
    }
}
