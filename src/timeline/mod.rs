//! Stage 6: editor events + articles (+ glossary) → [`Timeline`].
//!
//! Editor events (`timeline.toml`, `[[events]]` in notes) are the authoritative layer; below
//! them come the events found in the articles' own words: `tagger` finds dated expressions,
//! `resolve` anchors them on the article's publication day, `cluster` merges mentions of one
//! happening on one date across outlets, and `conflicts` finds one happening dated
//! differently. Each article's publication is an entry too. `infer` (run by the driver before
//! this stage) dates undated articles from strong evidence in the others. Entries are sorted
//! by date (coarser dates first within the same period; editor, then extracted, then
//! publication entries on one date), and every entry has a site-wide anchor built from its
//! date and title, so adding an event does not change the others' anchors.

pub mod cluster;
pub mod conflicts;
pub mod infer;
pub mod keys;
pub mod mentions;
pub mod resolve;
pub mod tagger;

pub use cluster::Cluster;
pub use conflicts::Conflict;
pub use infer::{Collected, infer_dates, infer_dates_collecting};
pub use mentions::Mention;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::content::Sources;
use crate::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::extract::Article;
use crate::glossary::Glossary;
use crate::markdown::DocRef;
use crate::slug::slugify_prefix;
use crate::xref::{self, TargetRef};

/// A cited source: an article and optionally one of its paragraphs (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub article: usize,
    pub paragraph: Option<usize>,
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// Written by the editor, in `file` (and in a note's front matter when `note` is set).
    Editor { file: String, note: Option<String> },
    /// An article's publication date.
    Publication { article: usize },
    /// Found in the articles' text: a cluster of mentions (index into `Timeline::clusters`).
    Extracted { cluster: usize },
}

/// One line of the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    pub anchor: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub title: String,
    /// The body's Markdown (editor events).
    pub body: Option<DocRef>,
    pub sources: Vec<SourceRef>,
    pub kind: EntryKind,
    /// The interval the entry covers, when it is narrower or wider than its date's period
    /// ("late November", "since 2010"): drawn as a bar.
    pub span: Option<(jiff::civil::Date, jiff::civil::Date)>,
    /// How the date was decided, in words.
    pub explain: String,
    /// The conflict this entry is part of (index into `Timeline::conflicts`).
    pub conflict: Option<usize>,
}

impl Entry {
    pub fn is_editor(&self) -> bool {
        matches!(self.kind, EntryKind::Editor { .. })
    }
    /// Articles this entry cites or is about.
    pub fn articles(&self) -> BTreeSet<usize> {
        let mut set: BTreeSet<usize> = self.sources.iter().map(|s| s.article).collect();
        if let EntryKind::Publication { article } = self.kind {
            set.insert(article);
        }
        set
    }
    pub fn is_extracted(&self) -> bool {
        matches!(self.kind, EntryKind::Extracted { .. })
    }
    /// Sort rank on one date: editor, extracted, publication.
    fn rank(&self) -> u8 {
        match self.kind {
            EntryKind::Editor { .. } => 0,
            EntryKind::Extracted { .. } => 1,
            EntryKind::Publication { .. } => 2,
        }
    }
}

/// The dossier's timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub entries: Vec<Entry>,
    /// Every dated expression found in the articles, by article then position.
    pub mentions: Vec<Mention>,
    /// Placed mentions grouped by happening and date.
    pub clusters: Vec<Cluster>,
    /// One happening dated differently by different articles.
    pub conflicts: Vec<Conflict>,
}

impl Timeline {
    /// Mentions that wait for an anchor: relative expressions of undated articles.
    pub fn unplaced(&self) -> impl Iterator<Item = &Mention> {
        self.mentions.iter().filter(|m| !m.is_placed())
    }
    /// The entry showing a cluster.
    pub fn entry_of_cluster(&self, c: usize) -> Option<&Entry> {
        self.entries.iter().find(|e| matches!(e.kind, EntryKind::Extracted { cluster } if cluster == c))
    }
}

/// A title for an extracted entry: the clause holding the expression (between commas,
/// semicolons or dashes, never inside the expression), or the sentence when the clause is too
/// short to stand alone; shortened at a word boundary, without the sentence's own quotes.
fn clause_title(text: &str, span: std::ops::Range<usize>) -> String {
    const BOUNDS: [&str; 4] = [", ", "; ", " — ", ": "];
    let start = last_bound_end(&text[..span.start], &BOUNDS).unwrap_or(0);
    let end = first_bound_start(&text[span.end..], &BOUNDS).map_or(text.len(), |i| i + span.end);
    let clause = text[start..end].trim();
    let clause = if clause.chars().count() < 40 { text.trim() } else { clause };
    let clause = clause.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | ' ' | '.' | ','));
    let cut = clause.char_indices().nth(140).map_or(clause.len(), |(i, _)| i);
    let mut title = match clause[..cut].rsplit_once(' ') {
        Some((head, _)) if cut < clause.len() => head.to_string(),
        _ => clause[..cut].to_string(),
    };
    if cut < clause.len() {
        title.push('…');
    }
    match title.chars().next() {
        Some(first) if start > 0 && first.to_uppercase().ne([first]) => {
            first.to_uppercase().chain(title[first.len_utf8()..].chars()).collect()
        }
        _ => title,
    }
}

/// Where the last occurrence of any of `bounds` in `text` ends: the largest of
/// `text.rfind(b).map(|i| i + b.len())`, found in one backward pass that stops at the first
/// bound met, where one search per bound read the whole text for each (a title's or a
/// happening's clause is the text after its last bound, usually near the end). Only where a
/// byte is the last byte of some bound are the bounds compared: one mask test per byte, where
/// comparing every bound at every byte was most of the happening search.
pub(crate) fn last_bound_end(text: &str, bounds: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    if bounds.iter().any(|b| b.is_empty()) {
        return Some(bytes.len());
    }
    let last = ByteSet::of(bounds.iter().filter_map(|b| b.as_bytes().last().copied()));
    let mut end = bytes.len();
    while let Some(i) = bytes[..end].iter().rposition(|&c| last.contains(c)) {
        if bounds.iter().any(|b| ends_with_at(&bytes[..=i], b.as_bytes())) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

/// `text.ends_with(bound)`, its last two bytes compared first: " and " and " but " end at
/// every space, and a slice comparison at each was most of the search.
fn ends_with_at(text: &[u8], bound: &[u8]) -> bool {
    let n = bound.len();
    text.len() >= n
        && (n < 1 || text[text.len() - 1] == bound[n - 1])
        && (n < 2 || text[text.len() - 2] == bound[n - 2])
        && text.ends_with(bound)
}

/// `text.starts_with(bound)`, its first two bytes compared first (see [`ends_with_at`]).
fn starts_with_at(text: &[u8], bound: &[u8]) -> bool {
    let n = bound.len();
    text.len() >= n && (n < 1 || text[0] == bound[0]) && (n < 2 || text[1] == bound[1]) && text.starts_with(bound)
}

/// Where the first occurrence of any of `bounds` in `text` starts: the smallest of
/// `text.find(b)`, found in one forward pass that stops at the first bound met (comparing
/// the bounds only at a byte that starts one, as [`last_bound_end`]).
pub(crate) fn first_bound_start(text: &str, bounds: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    if bounds.iter().any(|b| b.is_empty()) {
        return Some(0);
    }
    let first = ByteSet::of(bounds.iter().filter_map(|b| b.as_bytes().first().copied()));
    let mut start = 0;
    while let Some(i) = bytes[start..].iter().position(|&c| first.contains(c)).map(|i| i + start) {
        if bounds.iter().any(|b| starts_with_at(&bytes[i..], b.as_bytes())) {
            return Some(i);
        }
        start = i + 1;
    }
    None
}

/// A set of bytes, one bit each.
struct ByteSet([u64; 4]);

impl ByteSet {
    fn of(bytes: impl IntoIterator<Item = u8>) -> ByteSet {
        let mut set = [0u64; 4];
        for b in bytes {
            set[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        ByteSet(set)
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] >> (b & 63) & 1 == 1
    }
}

/// Resolves a `sources` item (`id` or `id#pN`) against the articles.
pub fn resolve_source(target: &str, articles: &[Article]) -> Result<SourceRef, String> {
    let (id, paragraph) = match xref::parse(target) {
        TargetRef::Article { id, paragraph } => (id, paragraph),
        TargetRef::Bare(id) => (id, None),
        TargetRef::BadParagraph { fragment, .. } => {
            return Err(format!("`#{fragment}` is not a paragraph: write #p1, #p2, …"));
        }
        _ => return Err(format!("`{target}` is not an article: sources name article ids")),
    };
    let Some(article) = articles.iter().position(|a| a.id == id) else {
        return Err(format!("no article `{id}` in content/articles/"));
    };
    if let Some(p) = paragraph {
        let count = articles[article].paragraphs.len();
        if p > count {
            return Err(format!("article `{id}` has {count} paragraphs, not {p}"));
        }
    }
    Ok(SourceRef { article, paragraph })
}

/// Builds the timeline, reporting bad dates and sources.
pub fn build(sources: &Sources, articles: &[Article], glossary: &Glossary, diags: &mut Diagnostics) -> Timeline {
    build_reusing(sources, articles, glossary, Collected::default(), diags)
}

/// [`build`], taking the mentions of the articles `known` holds (from
/// [`infer_dates_collecting`] with these articles and glossary) instead of collecting them
/// again.
pub fn build_reusing(
    sources: &Sources,
    articles: &[Article],
    glossary: &Glossary,
    known: Collected,
    diags: &mut Diagnostics,
) -> Timeline {
    let mut entries = Vec::new();
    for (i, ev) in sources.events.iter().enumerate() {
        let e = &ev.entry;
        let at = |span: std::ops::Range<usize>| Some(span.start + ev.offset..span.end + ev.offset);
        let date = match PartialDate::parse(e.date.get_ref(), false) {
            Ok(d) => d,
            Err(msg) => {
                diags.error(&ev.file, at(e.date.span()), msg).hint("write YYYY, YYYY-MM or YYYY-MM-DD");
                continue;
            }
        };
        let end = e.end.as_ref().and_then(|end| match PartialDate::parse(end.get_ref(), false) {
            Ok(d) if d >= date => Some(d),
            Ok(_) => {
                diags.error(&ev.file, at(end.span()), "`end` is before `date`").hint("swap them, or fix the year");
                None
            }
            Err(msg) => {
                diags.error(&ev.file, at(end.span()), msg).hint("write YYYY, YYYY-MM or YYYY-MM-DD");
                None
            }
        });
        let mut refs = Vec::new();
        for s in &e.sources {
            match resolve_source(s.get_ref(), articles) {
                Ok(r) => refs.push(r),
                Err(msg) => {
                    let d = diags.error(&ev.file, at(s.span()), msg);
                    if let Some(near) = nearest_id(s.get_ref(), articles) {
                        d.hint(format!("did you mean `{near}`?"));
                    }
                }
            }
        }
        if e.title.get_ref().trim().is_empty() {
            diags.error(&ev.file, at(e.title.span()), "event without a title").hint("say in a few words what happened");
        }
        entries.push(Entry {
            anchor: String::new(),
            date,
            end,
            title: e.title.get_ref().trim().to_string(),
            body: e.body.as_ref().map(|_| DocRef::Event(i)),
            sources: refs,
            kind: EntryKind::Editor { file: ev.file.clone(), note: ev.note.clone() },
            span: None,
            explain: format!("given by the editor in {}", ev.file),
            conflict: None,
        });
    }
    if sources.config.timeline.publications {
        for (a, art) in articles.iter().enumerate() {
            if let Some(date) = art.date.value {
                entries.push(Entry {
                    anchor: String::new(),
                    date,
                    end: None,
                    title: format!("{} publishes “{}”", art.display_outlet(), art.display_title()),
                    body: None,
                    sources: vec![SourceRef { article: a, paragraph: None }],
                    kind: EntryKind::Publication { article: a },
                    span: None,
                    explain: publication_explain(art),
                    conflict: None,
                });
            }
        }
    }
    let mentions: Vec<Mention> = {
        let mut known = known.0;
        known.resize_with(articles.len(), || None);
        let per_article: Vec<Vec<Mention>> = articles
            .par_iter()
            .zip(known)
            .enumerate()
            .map(|(a, (art, known))| known.unwrap_or_else(|| mentions::collect(a, art, glossary)))
            .collect();
        // Sized once: a growing vector moved its (large) mentions again at each doubling.
        let mut all = Vec::with_capacity(per_article.iter().map(Vec::len).sum());
        for m in per_article {
            all.extend(m);
        }
        all
    };
    // The mentions' key ids once, for clustering and the conflict search.
    let keys = cluster::key_ids(&mentions);
    let clusters = cluster::cluster_with_keys(&mentions, &keys);
    let conflicts = conflicts::detect_with_keys(&clusters, &mentions, &keys);
    // The first conflict naming each cluster.
    let mut conflict_of: Vec<Option<usize>> = vec![None; clusters.len()];
    for (k, conflict) in conflicts.iter().enumerate() {
        for &c in &conflict.clusters {
            if let Some(slot) = conflict_of.get_mut(c) {
                slot.get_or_insert(k);
            }
        }
    }
    // One entry per cluster, built in parallel (in cluster order).
    let extracted: Vec<Entry> = clusters
        .par_iter()
        .enumerate()
        .map(|(c, cl)| {
            // The title comes from the mention that gives the cluster its date, then the richest.
            let rep = cl
                .mentions
                .iter()
                .copied()
                .max_by_key(|&i| {
                    let precision = mentions[i].resolved.as_ref().map(|r| r.date.precision());
                    (precision == Some(cl.date.precision()), mentions[i].keys.len(), std::cmp::Reverse(i))
                })
                .unwrap_or(cl.mentions[0]);
            // A short span across a month end ("later this week") is shown in the month it starts.
            let short_span = cl.date.month.is_none()
                && cl.end.since(cl.start).map(|s| s.get_days()).unwrap_or(i32::MAX) < 31
                && cl.end.year() == cl.start.year();
            let date = if short_span {
                PartialDate { year: cl.start.year(), month: Some(cl.start.month()), day: None }
            } else {
                cl.date
            };
            let (period_start, period_end) = resolve::period(date);
            let span = ((cl.start, cl.end) != (period_start, period_end)).then_some((cl.start, cl.end));
            // Each (article, paragraph) once, in mention order.
            let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
            let refs: Vec<SourceRef> = cl
                .mentions
                .iter()
                .filter(|&&i| seen.insert((mentions[i].article, mentions[i].paragraph)))
                .map(|&i| SourceRef { article: mentions[i].article, paragraph: Some(mentions[i].paragraph) })
                .collect();
            let mut explain = String::new();
            for e in cl.mentions.iter().filter_map(|&i| mentions[i].explain.as_deref()) {
                if !explain.is_empty() {
                    explain.push_str(" · ");
                }
                explain.push_str(e);
            }
            Entry {
                anchor: String::new(),
                date,
                end: None,
                title: clause_title(&mentions[rep].text, mentions[rep].span.clone()),
                body: None,
                sources: refs,
                kind: EntryKind::Extracted { cluster: c },
                span,
                explain,
                conflict: conflict_of[c],
            }
        })
        .collect();
    entries.extend(extracted);
    let mut entries = sorted_entries(entries);
    let bases: Vec<String> = entries
        .par_iter()
        .map(|e| {
            let title_slug = slugify_prefix(&e.title, 40);
            format!("ev-{}-{}", e.date.iso(), title_slug.trim_end_matches('-'))
        })
        .collect();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (e, base) in entries.iter_mut().zip(bases) {
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        e.anchor = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    Timeline { entries, mentions, clusters, conflicts }
}

/// The entries by date (coarser dates first within the same period), then editor, extracted
/// and publication entries, then title; equal keys keep their order. The entries are large
/// (100,000 at 10,000 articles): their sort keys are sorted, packed beside each other
/// (reading the entries themselves on every comparison missed the cache), and each entry is
/// moved once.
fn sorted_entries(entries: Vec<Entry>) -> Vec<Entry> {
    // The index last: equal keys keep their order, so the unstable sort is a stable one.
    let mut order: Vec<(u64, &str, usize)> =
        entries.iter().enumerate().map(|(i, e)| (date_rank_key(e.date, e.rank()), e.title.as_str(), i)).collect();
    order.par_sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(_, _, i)| i).collect();
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect()
}

/// `(date, rank)` as one integer with the same order, so that most comparisons of the sort
/// are one integer comparison: the year, month and day (an absent one, 0, before any present
/// one, 1 to 256) and the rank, each in its own bits.
fn date_rank_key(date: PartialDate, rank: u8) -> u64 {
    let part = |v: Option<i8>| v.map_or(0, |v| (i16::from(v) + 129) as u64);
    (((i32::from(date.year) + 32_768) as u64) << 26)
        | (part(date.month) << 17)
        | (part(date.day) << 8)
        | u64::from(rank)
}

fn publication_explain(art: &Article) -> String {
    let how = match art.date.source {
        crate::extract::Origin::FrontMatter => "given in the article's front matter".to_string(),
        crate::extract::Origin::Sidecar => "given in the article's sidecar file".to_string(),
        crate::extract::Origin::Inferred => {
            format!("inferred from the other articles: {}", art.date.evidence.as_deref().unwrap_or(""))
        }
        _ => match &art.date.evidence {
            Some(e) => format!("read from the scrape: {e}"),
            None => "read from the scrape".to_string(),
        },
    };
    format!("publication date {how}")
}

fn nearest_id<'a>(target: &str, articles: &'a [Article]) -> Option<&'a str> {
    let id = target.split('#').next().unwrap_or(target);
    articles
        .iter()
        .map(|a| (strsim::jaro_winkler(id, &a.id), a.id.as_str()))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// What compiles the date tagger's patterns (see `warm_patterns` in `lib.rs`).
pub const WARM: [fn(); 4] = tagger::WARM;

#[cfg(test)]
mod tests {
    use super::*;

    /// `clause_title` as first written (collecting characters), for comparison.
    fn clause_title_reference(text: &str, span: std::ops::Range<usize>) -> String {
        const BOUNDS: [&str; 4] = [", ", "; ", " — ", ": "];
        let start = BOUNDS.iter().filter_map(|b| text[..span.start].rfind(b).map(|i| i + b.len())).max().unwrap_or(0);
        let end =
            BOUNDS.iter().filter_map(|b| text[span.end..].find(b).map(|i| i + span.end)).min().unwrap_or(text.len());
        let clause = text[start..end].trim();
        let clause = if clause.chars().count() < 40 { text.trim() } else { clause };
        let clause = clause.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | ' ' | '.' | ','));
        let mut title: String = clause.chars().take(140).collect();
        if title.len() < clause.len() {
            if let Some((head, _)) = title.rsplit_once(' ') {
                title = head.to_string();
            }
            title.push('…');
        }
        let mut chars = title.chars();
        match chars.next() {
            Some(first) if start > 0 => first.to_uppercase().chain(chars).collect(),
            _ => title,
        }
    }

    /// The one-pass bound searches find what one search per bound finds, on bounds that
    /// overlap, share bytes with multi-byte characters, or sit at either end.
    #[test]
    fn bound_searches_match_one_search_per_bound() {
        let bound_sets: [&[&str]; 5] = [
            &[", ", "; ", " — ", ": "],
            &[",", ";", " and ", " but ", "—"],
            &["", "a"],
            &["—", "–", "é", ";"],
            &["\u{80}", "and", "d"],
        ];
        let texts = [
            "",
            ",",
            ", ",
            "a, b; c — d: e",
            "x — y —",
            "sand and band, but; —",
            "é—è, ü — and",
            " and and  and ",
            "“quoted”: — ; ,",
            "no bounds here at all",
            "–—é; ˀ€ ’ande—",
            "dandand",
        ];
        for bounds in bound_sets {
            for text in texts {
                for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    let (head, tail) = text.split_at(at);
                    let last = bounds.iter().filter_map(|b| head.rfind(b).map(|i| i + b.len())).max();
                    let first = bounds.iter().filter_map(|b| tail.find(b)).min();
                    assert_eq!(last_bound_end(head, bounds), last, "{head:?} {bounds:?}");
                    assert_eq!(first_bound_start(tail, bounds), first, "{tail:?} {bounds:?}");
                }
            }
        }
    }

    /// The packed key orders as the tuple it packs, on the extremes of each part.
    #[test]
    fn date_rank_key_orders_as_the_tuple() {
        let mut dates = Vec::new();
        for year in [i16::MIN, -1, 0, 1, 2014, 2015, i16::MAX] {
            for month in [None, Some(i8::MIN), Some(-1), Some(1), Some(12), Some(i8::MAX)] {
                for day in [None, Some(i8::MIN), Some(0), Some(1), Some(31), Some(i8::MAX)] {
                    dates.push(PartialDate { year, month, day });
                }
            }
        }
        for a in &dates {
            for b in &dates {
                for (ra, rb) in [(0, 0), (0, 2), (2, 1), (u8::MAX, 0)] {
                    assert_eq!(
                        date_rank_key(*a, ra).cmp(&date_rank_key(*b, rb)),
                        (a, ra).cmp(&(b, rb)),
                        "{a:?} {ra} {b:?} {rb}"
                    );
                }
            }
        }
    }

    #[test]
    fn clause_titles_cut_and_capitalise_as_before() {
        let long = "word ".repeat(60);
        let long_one = "x".repeat(300);
        let texts = [
            "On Monday, the council voted to approve the plan after a long debate in the chamber.".to_string(),
            "Officials said, ésta semana the ministers met in Geneva to discuss the ceasefire terms at length".into(),
            format!("Before that, last week {long}"),
            format!("Then, ǆ on Friday {long_one} and more"),
            "“Quoted,” she said on Tuesday — “and so it goes” for the whole of the afternoon session.".into(),
            format!("In the end; 4 May {long}, later"),
            "short: on Monday".into(),
        ];
        for text in &texts {
            for expr in ["Monday", "week", "Friday", "Tuesday", "4 May", "semana"] {
                if let Some(at) = text.find(expr) {
                    let span = at..at + expr.len();
                    assert_eq!(clause_title(text, span.clone()), clause_title_reference(text, span), "{text}");
                }
            }
        }
    }
}
