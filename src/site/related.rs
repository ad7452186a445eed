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
    // Terms per article (sorted, unique) and articles per term (in article order).
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
    let term_count = terms.iter().filter_map(|ts| ts.last()).max().map_or(0, |&t| t + 1);
    let mut by_term: Vec<Vec<usize>> = vec![Vec::new(); term_count];
    for (a, ts) in terms.iter().enumerate() {
        for &t in ts {
            by_term[t].push(a);
        }
    }
    // Each term's inverse document frequency, each article's day: computed once, not for
    // every candidate pair (a pair's score reads both, for up to a hundred candidates an
    // article).
    let idf: Vec<f64> = by_term
        .iter()
        .map(|arts| if arts.is_empty() { 0.0 } else { ((n as f64 + 1.0) / arts.len() as f64).ln() })
        .collect();
    let days: Vec<Option<i64>> =
        articles.iter().map(|a| a.date.value.and_then(|d| d.to_civil()).map(|d| d.to_jiff_days())).collect();
    // Date order: dated articles by day, undated last (by index).
    let day: Vec<Option<(i16, i8, i8)>> =
        articles.iter().map(|a| a.date.value.map(|d| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0)))).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&a| (day[a].is_none(), day[a], a));
    let mut position = vec![0; n];
    for (i, &a) in order.iter().enumerate() {
        position[a] = i;
    }

    (0..n)
        .into_par_iter()
        .map_init(Vec::new, |candidates: &mut Vec<usize>, a| {
            let p = position[a];
            candidates.clear();
            candidates.extend_from_slice(&order[p.saturating_sub(DATE_WINDOW)..(p + DATE_WINDOW + 1).min(n)]);
            for &t in &terms[a] {
                if let Some(arts) = by_term.get(t).filter(|arts| arts.len() <= RARE_TERM) {
                    candidates.extend_from_slice(arts);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            let mut scored: Vec<(f64, usize)> = candidates
                .iter()
                .copied()
                .filter(|&b| b != a)
                .map(|b| {
                    let shared: f64 = intersect(&terms[a], &terms[b]).map(|t| idf[t]).sum();
                    let near = match (days[a], days[b]) {
                        (Some(x), Some(y)) => 1.0 / (1.0 + (x - y).abs() as f64),
                        _ => 0.0,
                    };
                    let elsewhere = if outlet_of.get(a) != outlet_of.get(b) { 0.5 } else { 0.0 };
                    (shared + near + elsewhere, b)
                })
                .collect();
            // The best few by score (ties on the index: a total order, so the same few as
            // sorting all of them would give), in score order as before: the sort by date
            // below is stable, and keeps it among articles of one day and one id (`a.txt`
            // and `a.html` both have the id `a`).
            let by_score = |x: &(f64, usize), y: &(f64, usize)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
            if scored.len() > MAX_RELATED {
                scored.select_nth_unstable_by(MAX_RELATED, by_score);
                scored.truncate(MAX_RELATED);
            }
            scored.sort_by(by_score);
            let mut chosen: Vec<usize> = scored.into_iter().map(|(_, b)| b).collect();
            chosen.sort_by_key(|&b| (day[b].is_none(), day[b], &articles[b].id));
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
