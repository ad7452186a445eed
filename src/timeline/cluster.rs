//! Clustering: mentions from different articles that fall on the same date and name the same
//! happening with a shared key term become one timeline entry citing every outlet.
//!
//! No all-pairs comparison over the dossier: mentions are bucketed by resolved date and only
//! compared inside a bucket; a month- or year-precision mention then joins a finer cluster
//! inside its interval (found by a range query on the dates), as a consistent, less precise
//! claim of the same happening. That join asks for two shared key terms, not one: a coarse
//! date holds many happenings.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use super::mentions::Mention;
use crate::date::PartialDate;

/// Mentions grouped as one happening on one date.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Indices into the timeline's mentions, by article then paragraph.
    pub mentions: Vec<usize>,
    /// The finest date among its mentions.
    pub date: PartialDate,
    pub start: Date,
    pub end: Date,
    pub happening: Option<&'static str>,
}

fn shared(a: &Mention, b: &Mention) -> usize {
    a.keys.intersection(&b.keys).count()
}

/// Whether two mentions tell of the same happening: the same happening word class and at
/// least `min_keys` key terms in common.
pub fn same_happening(a: &Mention, b: &Mention, min_keys: usize) -> bool {
    a.happening.is_some() && a.happening == b.happening && shared(a, b) >= min_keys
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    parent[i] = r;
    r
}

/// Each mention's key terms as sorted ids (equal ids, equal keys), for indexing.
pub(crate) fn key_ids(mentions: &[Mention]) -> Vec<Vec<u32>> {
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    mentions
        .iter()
        .map(|m| {
            let mut v: Vec<u32> = m
                .keys
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v
        })
        .collect()
}

fn union(parent: &mut [usize], i: usize, j: usize) {
    let (ri, rj) = (find(parent, i), find(parent, j));
    parent[ri.max(rj)] = ri.min(rj);
}

/// Clusters the placed mentions.
pub fn cluster(mentions: &[Mention]) -> Vec<Cluster> {
    cluster_with_keys(mentions, &key_ids(mentions))
}

/// [`cluster`] with the mentions' [`key_ids`] already made (the conflict search uses the same).
pub(crate) fn cluster_with_keys(mentions: &[Mention], keys: &[Vec<u32>]) -> Vec<Cluster> {
    use rayon::prelude::*;
    let mut buckets: BTreeMap<PartialDate, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(r) = &m.resolved {
            buckets.entry(r.date).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..mentions.len()).collect();
    // Within a date, mentions of one happening sharing a key are one cluster: joining every
    // mention to the first with each (happening, key) gives the same components as comparing
    // all pairs, in time linear in the keys.
    for members in buckets.values() {
        let mut first: FxHashMap<(&'static str, u32), usize> = FxHashMap::default();
        for &i in members {
            let Some(h) = mentions[i].happening else { continue };
            for &k in &keys[i] {
                match first.get(&(h, k)) {
                    Some(&j) => union(&mut parent, i, j),
                    None => {
                        first.insert((h, k), i);
                    }
                }
            }
        }
    }
    // Coarse mentions join a finer cluster inside their interval. Candidates come from an
    // index of the day-precision mentions by (happening, key), each list in date order, so a
    // coarse mention reads only the mentions of its interval that share a key with it.
    let mut by_key: FxHashMap<(&'static str, u32), Vec<(PartialDate, usize)>> = FxHashMap::default();
    for (date, members) in buckets.iter().filter(|(d, _)| d.day.is_some()) {
        for &j in members {
            let Some(h) = mentions[j].happening else { continue };
            for &k in &keys[j] {
                by_key.entry((h, k)).or_default().push((*date, j));
            }
        }
    }
    let coarse: Vec<usize> =
        buckets.iter().filter(|(d, _)| d.day.is_none()).flat_map(|(_, members)| members.iter().copied()).collect();
    let joins: Vec<(usize, usize)> = coarse
        .par_iter()
        .map_init(Vec::new, |hits: &mut Vec<usize>, &i| {
            let r = mentions[i].resolved.as_ref()?;
            let h = mentions[i].happening?;
            let (lo, hi) = (PartialDate::day(r.start), PartialDate::day(r.end));
            hits.clear();
            for &k in &keys[i] {
                let Some(list) = by_key.get(&(h, k)) else { continue };
                let from = list.partition_point(|(d, _)| *d < lo);
                let to = list.partition_point(|(d, _)| *d <= hi);
                hits.extend(
                    list[from..to].iter().map(|&(_, j)| j).filter(|&j| mentions[j].article != mentions[i].article),
                );
            }
            // A candidate's run length is the number of keys it shares (each key once).
            hits.sort_unstable();
            let best = hits
                .chunk_by(|a, b| a == b)
                .map(|run| (run.len(), run[0]))
                .filter(|&(n, _)| n >= 2)
                .max_by_key(|&(n, j)| (n, std::cmp::Reverse(j)))?;
            Some((i, best.1))
        })
        .flatten()
        .collect();
    for (i, j) in joins {
        union(&mut parent, i, j);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.resolved.is_some() {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
    }
    groups
        .into_values()
        .filter_map(|mut members| {
            members.sort_by_key(|&i| (mentions[i].article, mentions[i].paragraph, i));
            let finest = members.iter().filter_map(|&i| mentions[i].resolved.as_ref()).min_by_key(|r| {
                (
                    std::cmp::Reverse(r.date.precision()),
                    r.end.since(r.start).map(|s| s.get_days()).unwrap_or(0),
                    r.start,
                )
            })?;
            // Its dates only: a clone of the whole `Resolved` copied its explanation too.
            let (date, start, end) = (finest.date, finest.start, finest.until.unwrap_or(finest.end));
            Some(Cluster { date, start, end, happening: mentions[members[0]].happening, mentions: members })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::{conflicts, mentions, tagger};

    /// Mentions of `(article, sentence)` pairs, anchored on Tuesday 28 October 2014.
    pub(crate) fn mentions_of(texts: &[(usize, &str)]) -> Vec<Mention> {
        let anchor = Some((Date::constant(2014, 10, 28), "publication"));
        texts
            .iter()
            .flat_map(|&(a, text)| {
                tagger::tag(text).into_iter().map(move |t| mentions::mention(a, 1, text, t, &[], anchor))
            })
            .collect()
    }

    /// The clusters as the old all-pairs comparison formed them.
    fn all_pairs(mentions: &[Mention]) -> Vec<Vec<usize>> {
        let placed: Vec<usize> = (0..mentions.len()).filter(|&i| mentions[i].resolved.is_some()).collect();
        let mut parent: Vec<usize> = (0..mentions.len()).collect();
        let date = |i: usize| mentions[i].resolved.as_ref().map(|r| r.date);
        for &i in &placed {
            for &j in &placed {
                if i < j && date(i) == date(j) && same_happening(&mentions[i], &mentions[j], 1) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
        for &i in placed.iter().filter(|&&i| date(i).is_some_and(|d| d.day.is_none())) {
            let Some(r) = &mentions[i].resolved else { continue };
            let (lo, hi) = (PartialDate::day(r.start), PartialDate::day(r.end));
            let best = placed
                .iter()
                .copied()
                .filter(|&j| date(j).is_some_and(|d| d.day.is_some() && d >= lo && d <= hi))
                .filter(|&j| {
                    mentions[j].article != mentions[i].article && same_happening(&mentions[i], &mentions[j], 2)
                })
                .max_by_key(|&j| (shared(&mentions[i], &mentions[j]), std::cmp::Reverse(j)));
            if let Some(j) = best {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in &placed {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        groups
            .into_values()
            .map(|mut g| {
                g.sort_by_key(|&i| (mentions[i].article, mentions[i].paragraph, i));
                g
            })
            .collect()
    }

    const TEXTS: &[(usize, &str)] = &[
        (0, "Darusman met North Korean officials at the United Nations on Monday."),
        (1, "North Korean officials met Darusman in New York on Monday, October 27."),
        (2, "Officials from North Korea met Darusman at the United Nations in October 2014."),
        (3, "Darusman met the North Korean envoy Choe at the United Nations on Tuesday."),
        (4, "The UN inquiry released its report on the North Korean camps in February 2014."),
        (5, "The inquiry on North Korean camps was released on Feb. 17, 2014, in Geneva."),
        (6, "The Assembly vote on the North Korea resolution is expected in December."),
        (7, "Choe met reporters in New York on Monday, October 27."),
        (8, "Darusman said on Monday that North Korea had made an offer."),
        (9, "A vote on the Korea resolution took place in the Assembly on December 18, 2014."),
    ];

    #[test]
    fn indexed_clustering_matches_all_pairs() {
        let mentions = mentions_of(TEXTS);
        let got: Vec<Vec<usize>> = cluster(&mentions).into_iter().map(|c| c.mentions).collect();
        assert_eq!(got, all_pairs(&mentions));
        // Something was joined, across articles, and a coarse date joined a finer one.
        assert!(got.iter().any(|c| c.len() >= 3), "{got:?}");
    }

    #[test]
    fn indexed_conflicts_match_all_pairs() {
        let mentions = mentions_of(TEXTS);
        let clusters = cluster(&mentions);
        let got: Vec<Vec<usize>> = conflicts::detect(&clusters, &mentions).into_iter().map(|c| c.clusters).collect();
        // The reference: every pair of clusters of one happening within the window.
        let mut want: Vec<Vec<usize>> = Vec::new();
        for (a, ca) in clusters.iter().enumerate() {
            for (b, cb) in clusters.iter().enumerate() {
                let gap = cb.start.since(ca.end).map(|s| s.get_days()).unwrap_or(i32::MAX);
                let class = ca.happening.filter(|h| *h != "say");
                if a == b || class.is_none() || class != cb.happening || gap <= 0 || gap > conflicts::WINDOW_DAYS {
                    continue;
                }
                let agree = ca.mentions.iter().any(|&i| {
                    cb.mentions.iter().any(|&j| {
                        mentions[i].article != mentions[j].article && same_happening(&mentions[i], &mentions[j], 2)
                    })
                });
                if agree {
                    want.push(vec![a, b]);
                }
            }
        }
        assert_eq!(got, want);
        assert!(!got.is_empty(), "the fixture holds a conflict");
    }
}
