//! Stage 7: articles + glossary + timeline → [`Outlets`]: one entry per publishing outlet,
//! with its articles, bylines, wire sources, and what it covers and misses compared with the
//! other outlets (glossary terms, timeline entries).
//!
//! Outlet names were already normalised through the aliases by `extract`; articles whose
//! outlet is unknown are grouped under "Unknown outlet". The publishing outlet and the wire
//! agency whose copy it carries stay apart: `Outlet::wires` lists the agencies, and shared
//! passages are attributed to a wire.
//!
//! Sub-passes, each a file: `shared` (passages several articles carry, reporting lines),
//! `quotes` (who said what), `evidence` (sentences only one outlet reported, numbers given);
//! `words` holds the normalised words and sentences they compare.

pub mod evidence;
pub mod quotes;
pub mod shared;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::config::{Config, OutletInfo};
use crate::date::PartialDate;
use crate::extract::Article;
use crate::glossary::{Glossary, Place};
use crate::slug::slugify;
use crate::timeline::{EntryKind, Timeline};

pub use quotes::{Quote, QuoteGroup, Speaker};
pub use shared::{Passage, SentenceRef, SharedCopy};

/// A number an outlet gave, with what it counts.
#[derive(Debug, Clone)]
pub struct NumberRef {
    pub article: usize,
    /// 0-based paragraph.
    pub paragraph: usize,
    pub range: std::ops::Range<usize>,
    pub text: String,
}

/// At most this many of the quotations an outlet did not carry are listed on its page.
pub const MISSED_QUOTES: usize = 30;

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
    /// Quote groups (indices into `Outlets::quote_groups`) its articles carry.
    pub quotes: Vec<usize>,
    /// Quote groups other outlets carry and it does not: the [`MISSED_QUOTES`] carried by
    /// the most outlets, most widely carried first.
    pub missed_quotes: Vec<usize>,
    /// How many quote groups other outlets carry and it does not, in all.
    pub missed_quotes_total: usize,
    /// Sentences only it reported.
    pub unique: Vec<SentenceRef>,
    /// Numbers it gave.
    pub numbers: Vec<NumberRef>,
    /// Sentences of its articles, and how many of them are shared copy.
    pub sentences: usize,
    pub shared_sentences: usize,
}

/// All outlets, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct Outlets {
    pub list: Vec<Outlet>,
    /// For each article, its outlet's index.
    pub of_article: Vec<usize>,
    /// Passages several articles carry, and the independent reporting lines.
    pub shared: SharedCopy,
    /// Every direct quotation, by article then position.
    pub quotes: Vec<Quote>,
    /// Quotations merged across articles: same speaker, (nearly) the same words.
    pub quote_groups: Vec<QuoteGroup>,
}

impl Outlets {
    /// The outlet with this name or alias (any case).
    pub fn lookup(&self, name: &str, config: &Config) -> Option<usize> {
        let canonical =
            crate::extract::canonical_outlet(name, &config.outlets.aliases).unwrap_or_else(|| name.trim().to_string());
        let (k, slug) = (canonical.to_lowercase(), slugify(name));
        self.list.iter().position(|o| o.slug == slug || o.name.to_lowercase() == k)
    }
}

/// What the outlets stage reads off one article alone: its quotations, the numbers it gives
/// and its sentence count.
type OwnFindings = (Vec<Quote>, Vec<NumberRef>, usize);

/// Groups articles by outlet and compares coverage.
pub fn build(config: &Config, articles: &[Article], glossary: &Glossary, timeline: &Timeline) -> Outlets {
    let mut outlets = build_without_events(config, articles, glossary);
    add_events(&mut outlets, timeline);
    outlets
}

/// [`build`] but for the timeline events each outlet reports and misses ([`add_events`]): the
/// rest does not read the timeline, so it can run while the timeline is built.
pub fn build_without_events(config: &Config, articles: &[Article], glossary: &Glossary) -> Outlets {
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
                info: outlet_info(config, &name),
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
                quotes: Vec::new(),
                missed_quotes: Vec::new(),
                missed_quotes_total: 0,
                unique: Vec::new(),
                numbers: Vec::new(),
                sentences: 0,
                shared_sentences: 0,
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
    for o in list.iter_mut() {
        o.missed_terms = all_terms.iter().copied().filter(|t| !o.terms.contains_key(t)).collect();
    }
    let aliases = &config.outlets.aliases;
    // Publication order: date, then id.
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&x, &y| (articles[x].date.value, &articles[x].id).cmp(&(articles[y].date.value, &articles[y].id)));
    let mut rank = vec![0; articles.len()];
    for (r, &a) in order.iter().enumerate() {
        rank[a] = r;
    }
    let people = |name: &str| {
        glossary.lookup(name).filter(|&t| {
            matches!(glossary.terms[t].kind, crate::content::TermKind::Person | crate::content::TermKind::Organisation)
        })
    };
    use rayon::prelude::*;
    // Per article, its text and keys, and what is read off each article alone: its
    // quotations, the numbers it gives and its sentence count.
    let (texts, mut per_article): (Vec<shared::ArticleText<'_>>, Vec<OwnFindings>) = articles
        .par_iter()
        .enumerate()
        .map_init(
            || (words::Scratch::default(), FxHashMap::default()),
            |(scratch, people_seen): &mut (words::Scratch, FxHashMap<String, Option<usize>>), (a, art)| {
                let paragraphs: Vec<&str> = art.paragraphs.iter().map(|p| p.text.as_str()).collect();
                // Split once (from the pieces `extract` split): shared copy, quotations, unique
                // sentences and the counts below all work on these sentences; shared copy and
                // unique sentences compare them by keys read in one pass over their words. The
                // quotations are found once, for the keys (which leave them out of shingles)
                // and the quotes.
                let sentences = words::article_sentences(&art.paragraphs);
                let quoted: Vec<Vec<Range<usize>>> = paragraphs.iter().map(|p| quotes::quoted_ranges(p)).collect();
                let keys = words::paragraph_keys_in(&paragraphs, &sentences, &quoted, scratch);
                // The names asked about repeat from article to article (the capitalised words
                // opening each paragraph, a speaker's name and its shorter forms): each is looked
                // up in the glossary once per thread.
                let mut person = |name: &str| {
                    if let Some(&t) = people_seen.get(name) {
                        return t;
                    }
                    let t = people(name);
                    people_seen.insert(name.to_string(), t);
                    t
                };
                let found = quotes::extract_split(a, &paragraphs, &sentences, &quoted, &mut person);
                // Here, spread over the threads with the rest of the article's work, rather than
                // in a pass of its own at the end of the stage.
                let mut numbers = Vec::new();
                for (p, para) in paragraphs.iter().enumerate() {
                    for (range, text) in evidence::numbers(para) {
                        numbers.push(NumberRef { article: a, paragraph: p, range, text });
                    }
                }
                let count = sentences.iter().map(Vec::len).sum();
                (a, art, paragraphs, sentences, keys, (found, numbers, count))
            },
        )
        .map(|(a, art, paragraphs, sentences, keys, own)| {
            let text = shared::ArticleText {
                paragraphs,
                sentences,
                keys,
                wire: art.wire.value.as_deref(),
                agency: art.wire.value.as_deref().is_some_and(|w| {
                    crate::extract::canonical_outlet(w, aliases).unwrap_or_else(|| w.to_string())
                        == art.display_outlet()
                }),
                // Articles of unknown outlets are each their own line.
                outlet: if art.outlet.value.is_some() { of_article[a] } else { list.len() + a },
                order: rank[a],
            };
            (text, own)
        })
        .unzip();
    let quotes: Vec<Quote> = per_article.iter_mut().flat_map(|own| std::mem::take(&mut own.0)).collect();
    // The three comparisons side by side: each is parallel inside but for parts (indexes,
    // groupings) that run on one thread, which the others' work fills in.
    let (shared, (quote_groups, mut unique)) = rayon::join(
        || shared::detect(&texts),
        || rayon::join(|| quotes::group(&quotes), || evidence::unique_sentences(&texts, list.len())),
    );
    // Per outlet, the quote groups its articles carry and the sentences of shared passages.
    let mut carried: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); list.len()];
    for (g, group) in quote_groups.iter().enumerate() {
        for &q in &group.quotes {
            if let Some(set) = carried.get_mut(of_article[quotes[q].article]) {
                set.insert(g);
            }
        }
    }
    // How many outlets carry each quote group.
    let mut spread = vec![0usize; quote_groups.len()];
    for set in &carried {
        for &g in set {
            spread[g] += 1;
        }
    }
    let widest = widest_first(&spread);
    let mut shared_here: Vec<BTreeSet<&SentenceRef>> = vec![BTreeSet::new(); list.len()];
    for s in shared.passages.iter().flat_map(|p| p.sentences.iter()) {
        if let Some(set) = of_article.get(s.article).and_then(|&o| shared_here.get_mut(o)) {
            set.insert(s);
        }
    }
    for (o, outlet) in list.iter_mut().enumerate() {
        outlet.unique = unique.get_mut(o).map(std::mem::take).unwrap_or_default();
        outlet.quotes = carried[o].iter().copied().collect();
        outlet.missed_quotes_total = quote_groups.len() - carried[o].len();
        // The most widely carried first: what a reader of this outlet missed most.
        outlet.missed_quotes = missed_quotes(&widest, &carried[o]);
        for &a in &outlet.articles {
            outlet.numbers.append(&mut per_article[a].1);
            outlet.sentences += per_article[a].2;
        }
        outlet.shared_sentences = shared_here[o].len();
    }
    Outlets { list, of_article, shared, quotes, quote_groups }
}

/// Each outlet's timeline events: those its articles report, and the editor's events cited
/// from other outlets' articles only.
pub fn add_events(outlets: &mut Outlets, timeline: &Timeline) {
    // Entries are visited in order, so each outlet's list comes out sorted; an entry citing
    // several articles of one outlet is pushed once (it is the list's last already).
    let mut events: Vec<Vec<usize>> = vec![Vec::new(); outlets.list.len()];
    for (e, entry) in timeline.entries.iter().enumerate() {
        let published = match entry.kind {
            EntryKind::Publication { article } => Some(article),
            _ => None,
        };
        for a in entry.sources.iter().map(|s| s.article).chain(published) {
            if let Some(list) = outlets.of_article.get(a).and_then(|&o| events.get_mut(o))
                && list.last() != Some(&e)
            {
                list.push(e);
            }
        }
    }
    // Editor entries with sources: the ones an outlet can miss (a few among the extracted).
    let cited: Vec<usize> = timeline
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| entry.is_editor() && !entry.sources.is_empty())
        .map(|(e, _)| e)
        .collect();
    for (o, events) in outlets.list.iter_mut().zip(events) {
        o.missed_events = cited.iter().copied().filter(|e| events.binary_search(e).is_err()).collect();
        o.events = events;
    }
}

/// Every quote group, the most widely carried (by `spread`, outlets per group) first, then by
/// index: sorted once for every outlet's [`missed_quotes`].
fn widest_first(spread: &[usize]) -> Vec<usize> {
    let mut widest: Vec<usize> = (0..spread.len()).collect();
    widest.sort_unstable_by_key(|&g| (std::cmp::Reverse(spread[g]), g));
    widest
}

/// The [`MISSED_QUOTES`] groups an outlet does not carry that most outlets carry, most
/// widely carried first: the first ones of `widest` ([`widest_first`]) not in `carried`.
fn missed_quotes(widest: &[usize], carried: &BTreeSet<usize>) -> Vec<usize> {
    widest.iter().copied().filter(|g| !carried.contains(g)).take(MISSED_QUOTES).collect()
}

/// The editor's facts about an outlet: `[outlets.info."Name"]`, where the key may be any
/// name or alias of the outlet (`[outlets.info.AFP]` describes Agence France-Presse).
fn outlet_info(config: &Config, name: &str) -> Option<OutletInfo> {
    config.outlets.info.get(name).cloned().or_else(|| {
        config.outlets.info.iter().find_map(|(key, info)| {
            let canonical = crate::extract::canonical_outlet(key, &config.outlets.aliases);
            (canonical.as_deref() == Some(name)).then(|| info.clone())
        })
    })
}

/// What compiles the quotation and number patterns (see `warm_patterns` in `lib.rs`).
pub const WARM: [fn(); 2] = [quotes::warm, evidence::warm];

#[cfg(test)]
mod tests {
    use super::*;

    /// Missed quotations the long way: every group not carried, the most widely carried
    /// first, cut at [`MISSED_QUOTES`].
    fn check(spread: &[usize], carried: &[usize]) {
        let carried: BTreeSet<usize> = carried.iter().copied().collect();
        let mut expected: Vec<usize> = (0..spread.len()).filter(|g| !carried.contains(g)).collect();
        expected.sort_by_key(|&g| (std::cmp::Reverse(spread[g]), g));
        expected.truncate(MISSED_QUOTES);
        assert_eq!(missed_quotes(&widest_first(spread), &carried), expected, "{spread:?} {carried:?}");
    }

    #[test]
    fn missed_quotes_are_the_most_widely_carried_not_carried() {
        check(&[], &[]);
        check(&[1, 3, 2, 3], &[]);
        check(&[1, 3, 2, 3], &[1]);
        check(&[1, 3, 2, 3], &[0, 1, 2, 3]);
        let spread: Vec<usize> = (0..200).map(|g| (g * 37) % 11).collect();
        let carried: Vec<usize> = (0..200).filter(|g| g % 3 == 0).collect();
        check(&spread, &carried);
        check(&spread, &[]);
        check(&spread, &(0..190).collect::<Vec<_>>());
    }
}
