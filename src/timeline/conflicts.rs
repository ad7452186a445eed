//! Conflicts: the same happening put on different dates by different articles ("met … on
//! Monday" vs "met … on Tuesday, October 28"; a report "released Feb. 17" vs "in March").
//!
//! Two clusters conflict when they name the same happening (not mere saying: people speak on
//! many days), share at least two key terms between mentions of different articles, and
//! their intervals do not overlap, within [`WINDOW_DAYS`] of each other (further apart, two
//! happenings are more likely than one misdated). Clusters are compared only within their
//! happening class, in date order, so the work grows with the clusters of one class.
//! When a claim's date could belong to another happening of its sentence, the conflict is
//! marked as possibly an ambiguity.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::cluster::{Cluster, key_ids};
use super::mentions::Mention;
use crate::sorted::shares_at_least;

/// How far apart two dates of one happening may be and still be one misdated happening.
pub const WINDOW_DAYS: i32 = 62;

/// Clusters with more mentions than this are compared through a key index.
const INDEXED: usize = 8;

/// Two or more clusters that date one happening differently.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Indices into the timeline's clusters, earliest first.
    pub clusters: Vec<usize>,
    pub happening: &'static str,
    /// A claim's date may belong to another happening of its sentence.
    pub ambiguous: bool,
}

/// Finds the conflicts among clusters.
pub fn detect(clusters: &[Cluster], mentions: &[Mention]) -> Vec<Conflict> {
    detect_with_keys(clusters, mentions, &key_ids(mentions))
}

/// [`detect`] with the mentions' [`key_ids`] already made (clustering made them).
pub(crate) fn detect_with_keys(clusters: &[Cluster], mentions: &[Mention], keys: &[Vec<u32>]) -> Vec<Conflict> {
    let mut by_class: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (c, cl) in clusters.iter().enumerate() {
        if let Some(h) = cl.happening.filter(|h| *h != "say") {
            by_class.entry(h).or_default().push(c);
        }
    }
    use rayon::prelude::*;
    // Large clusters get a key index, so comparing two of them reads only the mentions that
    // share a key instead of every pair.
    let index: Vec<Option<FxHashMap<u32, Vec<usize>>>> = clusters
        .par_iter()
        .map(|cl| {
            (cl.mentions.len() > INDEXED).then(|| {
                let mut idx: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
                for &j in &cl.mentions {
                    for &k in &keys[j] {
                        idx.entry(k).or_default().push(j);
                    }
                }
                idx
            })
        })
        .collect();
    // The keys of each cluster's mentions that name a happening, as one sorted set: two
    // clusters whose sets share fewer than two keys hold no pair of mentions sharing two
    // (mention keys are sets), so most pairs are settled without comparing mentions.
    let key_union: Vec<Vec<u32>> = clusters
        .par_iter()
        .map(|cl| {
            let mut u: Vec<u32> = cl
                .mentions
                .iter()
                .filter(|&&i| mentions[i].happening.is_some())
                .flat_map(|&i| keys[i].iter().copied())
                .collect();
            u.sort_unstable();
            u.dedup();
            u
        })
        .collect();
    // Each mention's article and happening side by side: the pairs read them at random, and
    // from the mentions themselves (hundreds of bytes each) nearly every read missed the cache.
    let facts: Vec<(usize, Option<&'static str>)> = mentions.iter().map(|m| (m.article, m.happening)).collect();
    let agree = |a: usize, b: usize, hits: &mut Vec<usize>| -> bool {
        if !shares_at_least(&key_union[a], &key_union[b], 2) {
            return false;
        }
        let (small, big) = if clusters[a].mentions.len() <= clusters[b].mentions.len() { (a, b) } else { (b, a) };
        let pair_ok = |i: usize, j: usize| {
            let ((article_i, happening_i), (article_j, happening_j)) = (facts[i], facts[j]);
            article_i != article_j && happening_i.is_some() && happening_i == happening_j
        };
        match &index[big] {
            None => clusters[small].mentions.iter().any(|&i| {
                clusters[big].mentions.iter().any(|&j| pair_ok(i, j) && shares_at_least(&keys[i], &keys[j], 2))
            }),
            Some(idx) => clusters[small].mentions.iter().any(|&i| {
                hits.clear();
                for k in &keys[i] {
                    hits.extend(idx.get(k).into_iter().flatten().copied().filter(|&j| pair_ok(i, j)));
                }
                hits.sort_unstable();
                hits.chunk_by(|x, y| x == y).any(|run| run.len() >= 2)
            }),
        }
    };
    let days = day_numbers(clusters);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in by_class.values_mut() {
        members.sort_by_key(|&c| (clusters[c].start, c));
        let members = &*members;
        let found: Vec<(usize, usize)> = (0..members.len())
            .into_par_iter()
            .map_init(Vec::new, |hits, x| {
                let a = members[x];
                window(members, x, clusters, days.as_deref())
                    .iter()
                    .copied()
                    .filter(|&b| agree(a, b, hits))
                    .map(|b| (a, b))
                    .collect::<Vec<_>>()
            })
            .flatten_iter()
            .collect();
        pairs.extend(found);
    }
    let mut parent: Vec<usize> = (0..clusters.len()).collect();
    let mut linked = vec![false; clusters.len()];
    for (a, b) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
        linked[a] = true;
        linked[b] = true;
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (c, &is_linked) in linked.iter().enumerate() {
        if is_linked {
            let r = root(&mut parent, c);
            groups.entry(r).or_default().push(c);
        }
    }
    groups
        .into_values()
        .map(|mut cs| {
            cs.sort_by_key(|&c| (clusters[c].start, c));
            // Ambiguity is judged on the minority claims: the best-attested date is not in doubt
            // because one of its many sentences also names another happening.
            let largest = cs.iter().copied().max_by_key(|&c| (clusters[c].mentions.len(), std::cmp::Reverse(c)));
            let ambiguous = cs
                .iter()
                .filter(|&&c| Some(c) != largest)
                .any(|&c| clusters[c].mentions.iter().any(|&i| !mentions[i].other_happenings.is_empty()));
            Conflict { happening: clusters[cs[0]].happening.unwrap_or("happening"), clusters: cs, ambiguous }
        })
        .collect()
}

/// Each cluster's start and end as day numbers, so a gap is a subtraction (jiff's `since`
/// per pair was a third of the stage); `None` if a date is out of jiff's span range.
fn day_numbers(clusters: &[Cluster]) -> Option<Vec<(i32, i32)>> {
    let base = jiff::civil::date(1970, 1, 1);
    let day = |d: jiff::civil::Date| d.since(base).ok().map(|s| s.get_days());
    clusters.iter().map(|c| Some((day(c.start)?, day(c.end)?))).collect()
}

/// The members after `members[x]` (sorted by start) that it can conflict with: those that
/// start after it ends (overlapping dates are consistent) by at most [`WINDOW_DAYS`]. With
/// day numbers, two binary searches find them; a long cluster (a year) no longer walks past
/// every cluster it overlaps.
fn window<'m>(members: &'m [usize], x: usize, clusters: &[Cluster], days: Option<&[(i32, i32)]>) -> Cow<'m, [usize]> {
    let rest = &members[x + 1..];
    let a = members[x];
    let Some(d) = days else {
        // The walk, gap by gap (stops at the first one too far).
        let gap = |b: usize| clusters[b].start.since(clusters[a].end).map(|s| s.get_days()).unwrap_or(i32::MAX);
        return rest.iter().copied().take_while(|&b| gap(b) <= WINDOW_DAYS).filter(|&b| gap(b) > 0).collect();
    };
    let end = d[a].1;
    let from = rest.partition_point(|&b| d[b].0 - end <= 0);
    let to = rest.partition_point(|&b| d[b].0 - end <= WINDOW_DAYS);
    Cow::Borrowed(&rest[from..to.max(from)])
}

fn root(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while parent[r] != r {
        r = parent[r];
    }
    parent[i] = r;
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Date, date};

    fn cluster(start: Date, end: Date) -> Cluster {
        Cluster {
            mentions: Vec::new(),
            date: crate::date::PartialDate { year: start.year(), month: None, day: None },
            start,
            end,
            happening: Some("meet"),
        }
    }

    /// The walk `window` replaced: every later member, skipping overlaps, up to the first
    /// one too far.
    fn window_by_walking(members: &[usize], x: usize, clusters: &[Cluster]) -> Vec<usize> {
        let mut out = Vec::new();
        for &b in &members[x + 1..] {
            let gap = clusters[b].start.since(clusters[members[x]].end).map(|s| s.get_days()).unwrap_or(i32::MAX);
            if gap > WINDOW_DAYS {
                break;
            }
            if gap > 0 {
                out.push(b);
            }
        }
        out
    }

    #[test]
    fn windows_are_the_later_clusters_within_reach() {
        // Days, months and years, overlapping and not, across year ends and a leap day.
        let mut clusters = Vec::new();
        let mut d = date(2011, 11, 3);
        for i in 0..300 {
            let len = [0, 0, 6, 29, 0, 364, 1, 0, 30][i % 9];
            let end = d.checked_add(jiff::Span::new().days(len)).unwrap_or(d);
            clusters.push(cluster(d, end));
            d = d.checked_add(jiff::Span::new().days([1, 0, 3, 11, 0, 2][i % 6])).unwrap_or(d);
        }
        clusters.push(cluster(date(2012, 2, 29), date(2012, 2, 29)));
        clusters.push(cluster(date(-9999, 1, 1), date(-9999, 1, 1)));
        clusters.push(cluster(date(9999, 12, 31), date(9999, 12, 31)));
        let mut members: Vec<usize> = (0..clusters.len()).collect();
        members.sort_by_key(|&c| (clusters[c].start, c));
        let days = day_numbers(&clusters);
        assert!(days.is_some());
        for x in 0..members.len() {
            let want = window_by_walking(&members, x, &clusters);
            assert_eq!(*window(&members, x, &clusters, days.as_deref()), want, "member {x}");
            assert_eq!(*window(&members, x, &clusters, None), want, "member {x} without day numbers");
        }
    }
}
