//! Stage 7: articles + glossary + timeline → [`Outlets`]: one entry per publishing outlet,
//! with its articles, bylines, wire sources, and what it covers and misses compared with the
//! other outlets (glossary terms, timeline entries).
//!
//! Outlet names were already normalised through the aliases by `extract`; articles whose
//! outlet is unknown are grouped under "Unknown outlet".

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Config, OutletInfo};
use crate::date::PartialDate;
use crate::extract::Article;
use crate::glossary::{Glossary, Place};
use crate::slug::slugify;
use crate::timeline::Timeline;

/// One publishing outlet.
#[derive(Debug, Clone)]
pub struct Outlet {
    pub name: String,
    pub slug: String,
    /// Site-wide anchor `outlet-<slug>`.
    pub anchor: String,
    /// Article indices, by date then id.
    pub articles: Vec<usize>,
    pub bylines: Vec<String>,
    /// Wire agencies whose copy it carries.
    pub wires: Vec<String>,
    /// Terms its articles mention, with the number of mentions.
    pub terms: BTreeMap<usize, usize>,
    /// Terms other outlets mention and this one does not.
    pub missed_terms: Vec<usize>,
    /// Timeline entries (indices) citing its articles.
    pub events: Vec<usize>,
    /// Editor entries citing other outlets but none of its articles.
    pub missed_events: Vec<usize>,
    pub info: Option<OutletInfo>,
    pub first: Option<PartialDate>,
    pub last: Option<PartialDate>,
}

/// All outlets, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Outlets {
    pub list: Vec<Outlet>,
    /// For each article, its outlet's index.
    pub of_article: Vec<usize>,
}

impl Outlets {
    /// The outlet with this name or alias (any case).
    pub fn lookup(&self, name: &str, config: &Config) -> Option<usize> {
        let canonical =
            crate::extract::canonical_outlet(name, &config.outlets.aliases).unwrap_or_else(|| name.trim().to_string());
        let k = canonical.to_lowercase();
        self.list.iter().position(|o| o.name.to_lowercase() == k || o.slug == slugify(name))
    }
}

/// Groups articles by outlet and compares coverage.
pub fn build(config: &Config, articles: &[Article], glossary: &Glossary, timeline: &Timeline) -> Outlets {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_name.entry(a.display_outlet().to_string()).or_default().push(i);
    }
    let mut list: Vec<Outlet> = by_name
        .into_iter()
        .map(|(name, mut arts)| {
            arts.sort_by(|&x, &y| {
                (articles[x].date.value, &articles[x].id).cmp(&(articles[y].date.value, &articles[y].id))
            });
            let bylines: BTreeSet<String> =
                arts.iter().flat_map(|&a| articles[a].byline.value.clone().unwrap_or_default()).collect();
            let wires: BTreeSet<String> = arts.iter().filter_map(|&a| articles[a].wire.value.clone()).collect();
            let dates: Vec<PartialDate> = arts.iter().filter_map(|&a| articles[a].date.value).collect();
            let slug = slugify(&name);
            Outlet {
                anchor: format!("outlet-{slug}"),
                slug,
                info: config.outlets.info.get(&name).cloned(),
                name,
                articles: arts,
                bylines: bylines.into_iter().collect(),
                wires: wires.into_iter().collect(),
                terms: BTreeMap::new(),
                missed_terms: Vec::new(),
                events: Vec::new(),
                missed_events: Vec::new(),
                first: dates.iter().min().copied(),
                last: dates.iter().max().copied(),
            }
        })
        .collect();
    let mut of_article = vec![0; articles.len()];
    for (o, outlet) in list.iter().enumerate() {
        for &a in &outlet.articles {
            of_article[a] = o;
        }
    }
    for m in &glossary.mentions {
        if let Place::Article { article, .. } = m.place {
            *list[of_article[article]].terms.entry(m.term).or_insert(0) += 1;
        }
    }
    let all_terms: BTreeSet<usize> = list.iter().flat_map(|o| o.terms.keys().copied()).collect();
    for (e, entry) in timeline.entries.iter().enumerate() {
        for a in entry.articles() {
            let o = &mut list[of_article[a]];
            if !o.events.contains(&e) {
                o.events.push(e);
            }
        }
    }
    for o in &mut list {
        o.missed_terms = all_terms.iter().copied().filter(|t| !o.terms.contains_key(t)).collect();
        o.missed_events = timeline
            .entries
            .iter()
            .enumerate()
            .filter(|(e, entry)| entry.is_editor() && !entry.sources.is_empty() && !o.events.contains(e))
            .map(|(e, _)| e)
            .collect();
    }
    Outlets { list, of_article }
}
