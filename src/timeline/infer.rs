//! Publication dates inferred from strong evidence, for articles whose text states none.
//!
//! Runs after `glossary` and before `timeline::build`, and returns the articles with the
//! inferred dates filled in (origin `inferred`, a confidence and the evidence in words). Only
//! articles with a date of their own (stated, or given by the editor) serve as evidence, so
//! inferences never chain. Evidence, strongest first:
//! - a past-tense bare weekday ("met … on Monday") naming the same happening, with a shared
//!   key term, as a dated article's mention resolved to a day of that weekday: publication is
//!   on that day or within the six days after (a bare weekday in news is within the past week);
//!   the article's other past weekdays are taken as falling on or after that day, which can
//!   raise the lower bound;
//! - a stated day that is not future ("on Tuesday, October 28"; "November 10, 2014"): the
//!   article was published on or after it; without a year, the year is the one (within a year
//!   of the dated articles) in which the stated weekday matches.
//!
//! The inferred date is the earliest consistent day; the evidence says "on or after" and the
//! upper bound when there is one, and the confidence is lower when only a bound is known.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;

use super::mentions::{self, Mention};
use super::resolve::weekday_name;
use super::tagger::{Expr, Tense};
use crate::date::PartialDate;
use crate::extract::{Article, Field, Origin};
use crate::glossary::Glossary;

fn day_words(d: Date) -> String {
    PartialDate::day(d).short()
}

fn quote(text: &str) -> String {
    let t: String = text.chars().take(110).collect();
    if t.len() < text.len() { format!("‘{}…’", t.trim_end()) } else { format!("‘{}’", t.trim_end()) }
}

/// The mentions [`infer_dates`] collected, by article: those of every article whose date it
/// left as it was (the dated ones it read as evidence, the undated ones it could not date),
/// which `timeline::build` would collect again the same way. On a dossier with undated
/// articles, each dated article was tagged twice.
#[derive(Debug, Default)]
pub struct Collected(pub(super) Vec<Option<Vec<Mention>>>);

/// Fills in the dates of undated articles where the other articles give strong evidence.
pub fn infer_dates(articles: Vec<Article>, glossary: &Glossary) -> Vec<Article> {
    infer_dates_collecting(articles, glossary).0
}

/// [`infer_dates`], also giving the mentions it collected, for `timeline::build_reusing`.
pub fn infer_dates_collecting(mut articles: Vec<Article>, glossary: &Glossary) -> (Vec<Article>, Collected) {
    use rayon::prelude::*;
    if articles.iter().all(|a| a.date.value.is_some()) {
        return (articles, Collected::default());
    }
    let dated: Vec<(usize, Vec<Mention>)> = articles
        .par_iter()
        .enumerate()
        .filter(|(_, a)| a.date.value.and_then(|d| d.to_civil()).is_some())
        .map(|(i, a)| (i, mentions::collect(i, a, glossary)))
        .collect();
    let years: BTreeSet<i16> = articles.iter().filter_map(|a| a.date.value.map(|d| d.year)).collect();
    let mut inferred = Vec::new();
    let mut collected: Vec<Option<Vec<Mention>>> = vec![None; articles.len()];
    for (u, art) in articles.iter().enumerate() {
        if art.date.value.is_some() {
            continue;
        }
        let own = mentions::collect(u, art, glossary);
        match infer_one(&articles, &own, &dated, &years) {
            Some(field) => inferred.push((u, field)),
            // Still undated: its mentions stay as they are.
            None => collected[u] = Some(own),
        }
    }
    for (u, field) in inferred {
        articles[u].date = field;
    }
    for (i, ms) in dated {
        collected[i] = Some(ms);
    }
    (articles, Collected(collected))
}

fn is_past(t: &Tense) -> bool {
    !matches!(t, Tense::Future(_))
}

fn infer_one(
    articles: &[Article],
    own: &[Mention],
    dated: &[(usize, Vec<Mention>)],
    years: &BTreeSet<i16>,
) -> Option<Field<PartialDate>> {
    let mut lower: Option<Date> = None;
    let mut upper: Option<Date> = None;
    let mut reasons: Vec<String> = Vec::new();
    let mut weekday_match = false;
    // 1. A bare weekday matched with a dated article's day.
    for m in own.iter().filter(|m| is_past(&m.tagged.tense)) {
        let Expr::Weekday { weekday, shift: None } = m.tagged.expr else { continue };
        if m.happening == Some("say") {
            continue;
        }
        let found = dated.iter().flat_map(|(d, ms)| ms.iter().map(move |x| (*d, x))).find(|(_, x)| {
            x.resolved.as_ref().is_some_and(|r| r.start == r.end && r.start.weekday() == weekday)
                && super::cluster::same_happening(m, x, 1)
        });
        let Some((d, x)) = found else { continue };
        let Some(day) = x.resolved.as_ref().map(|r| r.start) else { continue };
        let last = day.checked_add(6.days()).ok()?;
        lower = lower.max(Some(day));
        upper = Some(upper.map_or(last, |u| u.min(last)));
        weekday_match = true;
        reasons.push(format!(
            "¶{} reports as ‘{}’ {} that {} ¶{} dates {} ({}); a bare weekday is within the week before publication, so not after {}",
            m.paragraph,
            m.expression,
            quote(&m.text),
            articles[d].id,
            x.paragraph,
            day_words(day),
            quote(&x.text),
            day_words(last)
        ));
        // The article's other past weekdays, taken as on or after that day.
        let mut later: Vec<(Date, &Mention)> = own
            .iter()
            .filter(|o| is_past(&o.tagged.tense))
            .filter_map(|o| match o.tagged.expr {
                Expr::Weekday { weekday: w, shift: None } => {
                    let ahead = (w.to_monday_zero_offset() - day.weekday().to_monday_zero_offset()).rem_euclid(7);
                    day.checked_add((ahead as i64).days()).ok().map(|d| (d, o))
                }
                _ => None,
            })
            .filter(|(d, _)| *d > day && *d <= last)
            .collect();
        later.sort_by_key(|(d, _)| *d);
        if let Some((d, o)) = later.last() {
            lower = lower.max(Some(*d));
            reasons.push(format!(
                "it also reports ‘{}’ (¶{}), taken as the {} after that day: {}",
                o.expression,
                o.paragraph,
                weekday_name(d.weekday()),
                day_words(*d)
            ));
        }
        break;
    }
    // 2. Stated days that are not future.
    for m in own.iter().filter(|m| is_past(&m.tagged.tense)) {
        let Expr::Day { year, month, day, weekday } = m.tagged.expr else { continue };
        let date = match (year, weekday) {
            (Some(y), _) => Date::new(y, month, day).ok(),
            (None, Some(w)) => {
                let fits: Vec<Date> = years
                    .iter()
                    .flat_map(|y| [y - 1, *y, y + 1])
                    .collect::<BTreeSet<i16>>()
                    .into_iter()
                    .filter_map(|y| Date::new(y, month, day).ok())
                    .filter(|d| d.weekday() == w)
                    .collect();
                match fits.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
            (None, None) => None,
        };
        let Some(date) = date else { continue };
        if lower.is_some_and(|l| l >= date) {
            continue;
        }
        lower = Some(date);
        let year_note = if year.is_none() {
            format!(
                "; it gives no year, and {} falls on a {} in {} alone among the years of the dated articles and their neighbours",
                PartialDate::day(date).long().rsplit_once(' ').map_or(String::new(), |(dm, _)| dm.to_string()),
                m.expression.split([',', ' ']).next().unwrap_or(""),
                date.year()
            )
        } else {
            String::new()
        };
        reasons.push(format!(
            "¶{} dates a past happening ‘{}’ {}{year_note}",
            m.paragraph,
            m.expression,
            quote(&m.text)
        ));
    }
    let lower = lower?;
    if upper.is_some_and(|u| u < lower) {
        return None; // the evidence contradicts itself
    }
    let exact = upper == Some(lower);
    let bound = match upper {
        Some(u) if u == lower => format!("published {}", day_words(lower)),
        Some(u) => format!("published on or after {}, not after {}", day_words(lower), day_words(u)),
        None => format!("published on or after {}", day_words(lower)),
    };
    let confidence = if exact {
        0.8
    } else if weekday_match {
        0.6
    } else {
        0.5
    };
    Some(Field {
        value: Some(PartialDate::day(lower)),
        source: Origin::Inferred,
        confidence,
        evidence: Some(format!("{bound}: {}", reasons.join("; "))),
    })
}
