//! Anchoring: a tagged expression + the article's publication day → a date, an interval and
//! the reason, in words ("the Monday before the 28 Oct 2014 publication; past tense 'met'").
//!
//! Calendar arithmetic is jiff's. Relative expressions need an anchor; expressions that state
//! their year resolve without one. No clock is read: "today" is the anchor.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use super::tagger::{Expr, Part, Tagged, Tense, Unit};
use crate::date::{PartialDate, push_number};

/// A resolved date: the coarsest calendar date containing the interval, the interval itself
/// (inclusive), and the explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub date: PartialDate,
    pub start: Date,
    pub end: Date,
    /// For "since 2010": the span runs to the anchor.
    pub until: Option<Date>,
    /// Why this date, in words.
    pub how: String,
}

impl Resolved {
    fn new(start: Date, end: Date, how: String) -> Self {
        Resolved { date: containing(start, end), start, end, until: None, how }
    }

    /// Whether the interval is narrower than its date's whole period ("late November").
    pub fn is_part(&self) -> bool {
        let (s, e) = period(self.date);
        (s, e) != (self.start, self.end)
    }

    /// "Mon 27 Oct 2014", "November 2014", "21–30 Nov 2014".
    pub fn label(&self) -> String {
        if self.start == self.end || !self.is_part() {
            return self.date.short();
        }
        let s = PartialDate::day(self.start);
        if self.start.year() == self.end.year() && self.start.month() == self.end.month() {
            format!("{}–{}", self.start.day(), day_month_year(self.end))
        } else if self.start.year() == self.end.year() {
            format!("{} – {}", day_month(s), day_month_year(self.end))
        } else {
            format!("{} – {}", day_month_year(self.start), day_month_year(self.end))
        }
    }
}

fn day_month(d: PartialDate) -> String {
    let mut out = String::with_capacity(8);
    day_month_into(d, &mut out);
    out
}

/// "28 Oct", appended to `out` (each mention's explanation names its anchor's day: written
/// in place, without a formatted string per piece).
fn day_month_into(d: PartialDate, out: &mut String) {
    push_number(out, d.day.unwrap_or(1).into(), 1);
    out.push(' ');
    out.push_str(d.month_name().map(|m| &m[..3]).unwrap_or(""));
}

fn day_month_year(d: Date) -> String {
    let mut out = String::with_capacity(16);
    day_month_year_into(d, &mut out);
    out
}

/// "28 Oct 2014", appended to `out`.
fn day_month_year_into(d: Date, out: &mut String) {
    day_month_into(PartialDate::day(d), out);
    out.push(' ');
    push_number(out, d.year().into(), 1);
}

/// The smallest day, month or year that holds `start..=end`.
pub fn containing(start: Date, end: Date) -> PartialDate {
    if start == end {
        PartialDate::day(start)
    } else if start.year() == end.year() && start.month() == end.month() {
        PartialDate { year: start.year(), month: Some(start.month()), day: None }
    } else {
        PartialDate { year: start.year(), month: None, day: None }
    }
}

/// First and last day of a partial date's period.
pub fn period(d: PartialDate) -> (Date, Date) {
    let first = Date::new(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1)).unwrap_or(Date::MIN);
    let last = match (d.month, d.day) {
        (Some(_), Some(_)) => first,
        (Some(_), None) => first.last_of_month(),
        _ => Date::new(d.year, 12, 31).unwrap_or(Date::MAX),
    };
    (first, last)
}

pub(crate) fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn short_day(d: Date) -> String {
    PartialDate::day(d).short()
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.first_of_month().checked_add(n.months()).ok()
}

/// Why the wording points where it does: "; past tense 'met'".
fn cue(tense: &Tense) -> String {
    match tense {
        Tense::Past(w) => format!("; past tense ‘{w}’"),
        Tense::Future(w) => format!("; future wording ‘{w}’"),
        Tense::Unmarked => "; no tense cue, the nearest taken".to_string(),
    }
}

fn publication(anchor: Date, anchor_word: &str) -> String {
    let mut out = String::with_capacity(20 + anchor_word.len());
    out.push_str("the ");
    day_month_year_into(anchor, &mut out);
    out.push(' ');
    out.push_str(anchor_word);
    out
}

/// Resolves a tagged expression against the anchor (the article's publication day).
/// `anchor_word` names the anchor in explanations ("publication", "inferred publication").
pub fn resolve(t: &Tagged, anchor: Option<Date>, anchor_word: &str) -> Option<Resolved> {
    let tense = &t.tense;
    match (&t.expr, anchor) {
        (Expr::Day { year: Some(y), month, day, .. }, _) => {
            let d = Date::new(*y, *month, *day).ok()?;
            Some(Resolved::new(d, d, "stated in full".to_string()))
        }
        (Expr::Month { year: Some(y), month, part }, _) => {
            let first = Date::new(*y, *month, 1).ok()?;
            let (s, e) = month_part(first, *part, None)?;
            Some(Resolved::new(s, e, "stated with its year".to_string()))
        }
        (Expr::Year { year, since: false }, _) => {
            let s = Date::new(*year, 1, 1).ok()?;
            let e = Date::new(*year, 12, 31).ok()?;
            Some(Resolved::new(s, e, "stated".to_string()))
        }
        (_, None) => None,
        (Expr::Year { year, since: true }, Some(a)) => {
            let s = Date::new(*year, 1, 1).ok()?;
            let e = Date::new(*year, 12, 31).ok()?;
            let mut r = Resolved::new(s, e, format!("a span from {year} to {}", publication(a, anchor_word)));
            r.until = Some(a);
            Some(r)
        }
        (Expr::Day { year: None, month, day, weekday }, Some(a)) => {
            let candidates: Vec<Date> = (-1..=1).filter_map(|k| Date::new(a.year() + k, *month, *day).ok()).collect();
            let d = pick(&candidates, a, tense)?;
            let dm = day_month(PartialDate::day(d));
            let mut how = if d == a {
                format!("the day of {}", publication(a, anchor_word))
            } else if d < a {
                format!("the last {dm} before {}", publication(a, anchor_word))
            } else {
                format!("the next {dm} after {}", publication(a, anchor_word))
            };
            how.push_str(&cue(tense));
            if let Some(w) = weekday {
                if d.weekday() == *w {
                    how.push_str(&format!("; {} was a {}, as the text says", day_month_year(d), weekday_name(*w)));
                } else {
                    how.push_str(&format!(
                        "; but {} was a {}, not the {} the text says",
                        day_month_year(d),
                        weekday_name(d.weekday()),
                        weekday_name(*w)
                    ));
                }
            }
            Some(Resolved::new(d, d, how))
        }
        (Expr::Month { year: None, month, part }, Some(a)) => {
            let candidates: Vec<Date> = (-1..=1).filter_map(|k| Date::new(a.year() + k, *month, 1).ok()).collect();
            let this_month = a.first_of_month();
            let first = match tense {
                Tense::Past(_) => candidates.iter().rev().find(|d| **d <= this_month).copied(),
                Tense::Future(_) => candidates.iter().find(|d| **d >= this_month).copied(),
                Tense::Unmarked => candidates.iter().min_by_key(|d| distance(**d, this_month)).copied(),
            }?;
            let (s, e) = month_part(first, *part, Some(a))?;
            let how = if first == this_month {
                format!("the month of {}", publication(a, anchor_word))
            } else if first < this_month {
                format!("the last such month before {}", publication(a, anchor_word))
            } else {
                format!("the next such month after {}", publication(a, anchor_word))
            };
            Some(Resolved::new(s, e, format!("{how}{}", cue(tense))))
        }
        (Expr::Weekday { weekday, shift }, Some(a)) => {
            let back = (a.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7) as i64;
            let fwd = (weekday.to_monday_zero_offset() - a.weekday().to_monday_zero_offset()).rem_euclid(7) as i64;
            let name = weekday_name(*weekday);
            let pubs = publication(a, anchor_word);
            let (d, how) = match (shift, tense) {
                (Some(-1), _) => {
                    let n = if back == 0 { 7 } else { back };
                    (add_days(a, -n)?, format!("‘last {name}’: the {name} before {pubs}"))
                }
                (Some(1), _) => {
                    let n = if fwd == 0 { 7 } else { fwd };
                    (add_days(a, n)?, format!("‘next {name}’: the {name} after {pubs}"))
                }
                (Some(_), _) => {
                    let monday = add_days(a, -(a.weekday().to_monday_zero_offset() as i64))?;
                    let d = add_days(monday, weekday.to_monday_zero_offset() as i64)?;
                    (d, format!("‘this {name}’: in the week of {pubs}"))
                }
                (None, Tense::Future(_)) if fwd == 0 => (a, format!("the day of {pubs}{}", cue(tense))),
                (None, Tense::Future(_)) => (add_days(a, fwd)?, format!("the {name} after {pubs}{}", cue(tense))),
                (None, _) if back == 0 => (a, format!("the day of {pubs}{}", cue(tense))),
                // No tense cue at all: the nearest such day, before or after.
                (None, Tense::Unmarked) if fwd < back => {
                    (add_days(a, fwd)?, format!("the {name} after {pubs}{}", cue(tense)))
                }
                (None, _) => (add_days(a, -back)?, format!("the {name} before {pubs}{}", cue(tense))),
            };
            Some(Resolved::new(d, d, how))
        }
        (Expr::DayOffset(n), Some(a)) => {
            let d = add_days(a, *n as i64)?;
            let word = match n {
                -1 => "the day before",
                1 => "the day after",
                _ => "the day of",
            };
            Some(Resolved::new(d, d, format!("{word} {}", publication(a, anchor_word))))
        }
        (Expr::Relative { unit, offset, part }, Some(a)) => {
            let pubs = publication(a, anchor_word);
            let which = match offset {
                -1 => "before that",
                1 => "after that",
                _ => "",
            };
            let (s, e, what) = match unit {
                Unit::Week => {
                    let monday = add_days(a, -(a.weekday().to_monday_zero_offset() as i64) + 7 * *offset as i64)?;
                    let sunday = add_days(monday, 6)?;
                    let (s, e) = span_part(monday, sunday, *part, a)?;
                    (s, e, format!("week (Monday to Sunday) {which} of {pubs}"))
                }
                Unit::Month => {
                    let first = add_months(a, *offset as i64)?;
                    let (s, e) = month_part(first, *part, Some(a))?;
                    (s, e, format!("month {which} of {pubs}"))
                }
                Unit::Year => {
                    let first = Date::new(a.year() + *offset as i16, 1, 1).ok()?;
                    let last = Date::new(first.year(), 12, 31).ok()?;
                    let (s, e) = span_part(first, last, *part, a)?;
                    (s, e, format!("year {which} of {pubs}"))
                }
                Unit::Day => return None,
            };
            Some(Resolved::new(s, e, format!("{}{}", part_words(*part), what.replace("  ", " "))))
        }
        (Expr::Ago { count, unit }, Some(a)) => {
            let n = *count as i64;
            let (s, e) = match unit {
                Unit::Day => {
                    let d = add_days(a, -n)?;
                    (d, d)
                }
                Unit::Week => {
                    let d = add_days(a, -7 * n)?;
                    let monday = add_days(d, -(d.weekday().to_monday_zero_offset() as i64))?;
                    (monday, add_days(monday, 6)?)
                }
                Unit::Month => {
                    let first = add_months(a, -n)?;
                    (first, first.last_of_month())
                }
                Unit::Year => {
                    let y = a.year() - *count as i16;
                    (Date::new(y, 1, 1).ok()?, Date::new(y, 12, 31).ok()?)
                }
            };
            Some(Resolved::new(s, e, format!("counted back from {pubs}", pubs = publication(a, anchor_word))))
        }
    }
}

/// Days between two dates, either way.
fn distance(a: Date, b: Date) -> i32 {
    a.since(b).map_or(i32::MAX, |s| s.get_days().abs())
}

fn part_words(part: Part) -> &'static str {
    match part {
        Part::Whole => "the ",
        Part::Early => "the early part of the ",
        Part::Mid => "the middle of the ",
        Part::Late => "the late part of the ",
        Part::Earlier => "before the anchor day, within the ",
        Part::Later => "after the anchor day, within the ",
    }
}

/// Chooses among candidate days by the wording: the last one on or before the anchor for the
/// past, the first on or after it for the future, the nearest otherwise.
fn pick(candidates: &[Date], a: Date, tense: &Tense) -> Option<Date> {
    match tense {
        Tense::Past(_) => candidates.iter().rev().find(|d| **d <= a).copied(),
        Tense::Future(_) => candidates.iter().find(|d| **d >= a).copied(),
        _ => candidates.iter().min_by_key(|d| distance(**d, a)).copied(),
    }
}

/// Part of a month: early 1–10, mid 11–20, late 21–end; earlier/later split at the anchor.
fn month_part(first: Date, part: Part, anchor: Option<Date>) -> Option<(Date, Date)> {
    let last = first.last_of_month();
    span_part(first, last, part, anchor.unwrap_or(first))
}

/// A part of a span: thirds for early/mid/late, before/after the anchor for earlier/later.
fn span_part(first: Date, last: Date, part: Part, anchor: Date) -> Option<(Date, Date)> {
    let len = i64::from(last.since(first).ok()?.get_days()) + 1;
    let third = |k: i64| add_days(first, len * k / 3);
    Some(match part {
        Part::Whole => (first, last),
        Part::Early => (first, add_days(third(1)?, -1)?),
        Part::Mid => (third(1)?, add_days(third(2)?, -1)?),
        Part::Late => (third(2)?, last),
        Part::Earlier if anchor > first && anchor <= last => (first, add_days(anchor, -1)?),
        Part::Later if anchor >= first && anchor < last => (add_days(anchor, 1)?, last),
        Part::Earlier | Part::Later => (first, last),
    })
}

/// "Monday → Mon 27 Oct 2014: the Monday before the 28 Oct 2014 publication; past tense 'met'".
/// Written piece by piece into one string sized for it (one per mention).
pub fn explain(expression: &str, r: &Resolved) -> String {
    let label = r.label();
    let mut out = String::with_capacity(expression.len() + label.len() + r.how.len() + 32);
    out.push_str(expression);
    out.push_str(" → ");
    out.push_str(&label);
    if let Some(u) = r.until {
        out.push_str(" – ");
        out.push_str(&short_day(u));
    }
    out.push_str(": ");
    out.push_str(&r.how);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::tagger::tag;

    /// The day labels written in place read as the `format!`s they replaced, on negative and
    /// extreme years and on a partial date without a day or month.
    #[test]
    fn day_labels_read_as_formatted() {
        for d in [Date::MIN, Date::MAX, jiff::civil::date(2014, 10, 28), jiff::civil::date(-5, 2, 9)] {
            let p = PartialDate::day(d);
            let m = p.month_name().map(|m| &m[..3]).unwrap_or("");
            assert_eq!(day_month(p), format!("{} {m}", p.day.unwrap_or(1)));
            assert_eq!(day_month_year(d), format!("{} {m} {}", p.day.unwrap_or(1), d.year()));
            assert_eq!(
                publication(d, "inferred publication"),
                format!("the {} inferred publication", day_month_year(d))
            );
        }
        assert_eq!(day_month(PartialDate { year: 2014, month: None, day: None }), "1 ");
    }

    /// Tags `text`, resolves its first expression against `anchor` and compares the label and
    /// the explanation's start.
    fn check(text: &str, anchor: &str, label: &str, how_starts: &str) {
        let a: Date = anchor.parse().unwrap_or(Date::MIN);
        let t = tag(text);
        let first = t.first().unwrap_or_else(|| panic!("nothing tagged in {text}"));
        let r = resolve(first, Some(a), "publication").unwrap_or_else(|| panic!("unresolved: {text}"));
        assert_eq!(r.label(), label, "{text}");
        assert!(r.how.starts_with(how_starts), "{text}: {}", r.how);
    }

    #[test]
    fn weekdays_by_tense() {
        check(
            "Darusman met with officials on Monday.",
            "2014-10-28",
            "Mon 27 Oct 2014",
            "the Monday before the 28 Oct 2014 publication; past tense ‘met’",
        );
        check("A UN investigator said Tuesday that it was good.", "2014-10-28", "Tue 28 Oct 2014", "the day of");
        check(
            "A report to be presented Wednesday by Darusman.",
            "2014-10-28",
            "Wed 29 Oct 2014",
            "the Wednesday after",
        );
        check("They will vote on Monday.", "2014-10-28", "Mon 3 Nov 2014", "the Monday after");
        check("He left last Tuesday.", "2014-10-28", "Tue 21 Oct 2014", "‘last Tuesday’");
        check("obtained by Reuters on Monday", "2014-11-10", "Mon 10 Nov 2014", "the day of");
    }

    #[test]
    fn dates_without_a_year() {
        check(
            "A U.N. inquiry concluded in a Feb. 17 report.",
            "2014-11-10",
            "Mon 17 Feb 2014",
            "the last 17 Feb before",
        );
        check("The statement, dated Oct. 30.", "2014-11-10", "Thu 30 Oct 2014", "the last 30 Oct");
        check("It was revealed on Tuesday, October 28.", "2014-10-28", "Tue 28 Oct 2014", "the day of");
        check("Released in February, the inquiry laid bare", "2014-10-28", "Feb 2014", "the last such month");
        check(
            "A vote is expected in the Assembly in late November.",
            "2014-10-28",
            "21–30 Nov 2014",
            "the next such month",
        );
        check(
            "It is then formally approved by the Assembly in December.",
            "2014-11-10",
            "Dec 2014",
            "the next such month",
        );
    }

    #[test]
    fn relative_periods() {
        check("a vote is expected next month", "2014-10-28", "Nov 2014", "the month");
        check("to be presented later this week", "2014-10-28", "29 Oct – 2 Nov 2014", "after the anchor day");
        check("Last week, defectors told a panel", "2014-10-28", "20–26 Oct 2014", "the week");
        check("warned in a letter earlier this year", "2014-10-28", "1 Jan – 27 Oct 2014", "before the anchor day");
        check("created 10 years ago", "2014-10-28", "2004", "counted back");
        check("special rapporteur since 2010", "2014-10-28", "2010", "a span from 2010");
    }

    #[test]
    fn explanation_reads_as_promised() {
        let t = tag("Darusman met with officials on Monday.");
        let a: Date = "2014-10-28".parse().unwrap_or(Date::MIN);
        let r = t.first().and_then(|t| resolve(t, Some(a), "publication"));
        let text = r.map(|r| explain("Monday", &r)).unwrap_or_default();
        assert_eq!(text, "Monday → Mon 27 Oct 2014: the Monday before the 28 Oct 2014 publication; past tense ‘met’");
    }

    /// The explanation written piece by piece reads as the `format!` it replaced, with and
    /// without a span to the anchor.
    #[test]
    fn explanations_read_as_formatted() {
        let text = "Since 2010 he met them on Monday, in late November and 10 years ago; next week, \
                    on Tuesday, October 28, and since 1999 in 2014-02-30 or 2014-02-17.";
        let a: Date = "2014-10-28".parse().unwrap_or(Date::MIN);
        let mut spans = 0;
        for t in tag(text) {
            let Some(r) = resolve(&t, Some(a), "inferred publication") else { continue };
            let until = r.until.map(|u| format!(" – {}", short_day(u))).unwrap_or_default();
            spans += usize::from(r.until.is_some());
            let expected = format!("{} → {}{until}: {}", t.expression, r.label(), r.how);
            assert_eq!(explain(&t.expression, &r), expected);
        }
        assert_eq!(spans, 2);
    }
}
