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

/// Clusters the placed mentions.
pub fn cluster(mentions: &[Mention]) -> Vec<Cluster> {
    let mut buckets: BTreeMap<PartialDate, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(r) = &m.resolved {
            buckets.entry(r.date).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..mentions.len()).collect();
    for members in buckets.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if same_happening(&mentions[i], &mentions[j], 1) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    // Coarse mentions join a finer cluster inside their interval.
    let day_dates: Vec<PartialDate> = buckets.keys().copied().filter(|d| d.day.is_some()).collect();
    for (date, members) in &buckets {
        if date.day.is_some() {
            continue;
        }
        for &i in members {
            let Some(r) = &mentions[i].resolved else { continue };
            let (lo, hi) = (PartialDate::day(r.start), PartialDate::day(r.end));
            let from = day_dates.partition_point(|d| *d < lo);
            let to = day_dates.partition_point(|d| *d <= hi);
            let best = day_dates[from..to]
                .iter()
                .flat_map(|d| buckets[d].iter().copied())
                .filter(|&j| {
                    mentions[j].article != mentions[i].article && same_happening(&mentions[i], &mentions[j], 2)
                })
                .max_by_key(|&j| (shared(&mentions[i], &mentions[j]), std::cmp::Reverse(j)));
            if let Some(j) = best {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
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
            let finest = members
                .iter()
                .filter_map(|&i| mentions[i].resolved.as_ref())
                .min_by_key(|r| {
                    (
                        std::cmp::Reverse(r.date.precision()),
                        r.end.since(r.start).map(|s| s.get_days()).unwrap_or(0),
                        r.start,
                    )
                })?
                .clone();
            Some(Cluster {
                date: finest.date,
                start: finest.start,
                end: finest.until.unwrap_or(finest.end),
                happening: mentions[members[0]].happening,
                mentions: members,
            })
        })
        .collect()
}
