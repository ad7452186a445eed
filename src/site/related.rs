//! Which other articles an article page lists as "the same story elsewhere".
//!
//! Listing every other article is all-pairs: at 10,000 articles, 10^8 links and gigabytes of
//! HTML. Each article instead gets at most [`MAX_RELATED`] others, the most related first
//! chosen by score, then shown by date. Candidates come from two indexes, so the work stays
//! linear in the number of articles:
//! - neighbours in date order (the [`DATE_WINDOW`] nearest on each side), and
//! - articles sharing a glossary term that few articles mention (at most [`RARE_TERM`]).
//!
//! A candidate scores the inverse document frequency of every term both mention, plus a bonus
//! for a near date and for another outlet (the list is about other outlets' coverage).
//! Deterministic: ties break on the article index.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::extract::Article;
use crate::glossary::{Glossary, Place};
use crate::sorted::intersect;

/// At most this many related articles per article page.
pub const MAX_RELATED: usize = 8;
/// Date-order neighbours considered on each side.
const DATE_WINDOW: usize = 24;
/// A term mentioned by more articles than this says little about which story it is.
const RARE_TERM: usize = 48;

/// For each article, its related articles (indices), by date then id.
pub fn build(articles: &[Article], glossary: &Glossary, outlet_of: &[usize]) -> Vec<Vec<usize>> {
    let n = articles.len();
    // Terms per article (sorted, unique) and articles per term.
    let mut terms: Vec<Vec<usize>> = vec![Vec::new(); n];
    for m in &glossary.mentions {
        if let Place::Article { article, .. } = m.place
            && let Some(t) = terms.get_mut(article)
            && t.last() != Some(&m.term)
        {
            t.push(m.term);
        }
    }
    for t in &mut terms {
        t.sort_unstable();
        t.dedup();
    }
    let mut by_term: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (a, ts) in terms.iter().enumerate() {
        for &t in ts {
            by_term.entry(t).or_default().push(a);
        }
    }
    let idf = |t: usize| by_term.get(&t).map_or(0.0, |arts| ((n as f64 + 1.0) / arts.len() as f64).ln());
    // Date order: dated articles by day, undated last (by index).
    let day = |a: usize| articles[a].date.value.map(|d| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&a| (day(a).is_none(), day(a), a));
    let mut position = vec![0; n];
    for (i, &a) in order.iter().enumerate() {
        position[a] = i;
    }
    let days = |a: usize| articles[a].date.value.and_then(|d| d.to_civil()).map(|d| d.to_jiff_days());

    (0..n)
        .into_par_iter()
        .map(|a| {
            let p = position[a];
            let mut candidates: Vec<usize> =
                order[p.saturating_sub(DATE_WINDOW)..(p + DATE_WINDOW + 1).min(n)].to_vec();
            for t in &terms[a] {
                if let Some(arts) = by_term.get(t).filter(|arts| arts.len() <= RARE_TERM) {
                    candidates.extend_from_slice(arts);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut scored: Vec<(f64, usize)> = candidates
                .into_iter()
                .filter(|&b| b != a)
                .map(|b| {
                    let shared: f64 = intersect(&terms[a], &terms[b]).map(idf).sum();
                    let near = match (days(a), days(b)) {
                        (Some(x), Some(y)) => 1.0 / (1.0 + (x - y).abs() as f64),
                        _ => 0.0,
                    };
                    let elsewhere = if outlet_of.get(a) != outlet_of.get(b) { 0.5 } else { 0.0 };
                    (shared + near + elsewhere, b)
                })
                .collect();
            scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let mut chosen: Vec<usize> = scored.into_iter().take(MAX_RELATED).map(|(_, b)| b).collect();
            chosen.sort_by_key(|&b| (day(b).is_none(), day(b), &articles[b].id));
            chosen
        })
        .collect()
}

/// Days since the epoch, for date distances.
trait JiffDays {
    fn to_jiff_days(self) -> i64;
}

impl JiffDays for jiff::civil::Date {
    fn to_jiff_days(self) -> i64 {
        self.since(jiff::civil::date(1970, 1, 1)).map_or(0, |span| i64::from(span.get_days()))
    }
}
