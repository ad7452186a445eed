//! Stage 6: editor events + articles → [`Timeline`].
//!
//! Editor events (`timeline.toml`, `[[events]]` in notes) are the authoritative layer; each
//! article's publication is an entry too. Entries are sorted by date (coarser dates first
//! within the same period), and every entry has a site-wide anchor built from its date and
//! title, so adding an event does not change the others' anchors.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::Sources;
use crate::date::PartialDate;
use crate::diagnostics::Diagnostics;
use crate::extract::Article;
use crate::markdown::DocRef;
use crate::slug::slugify;
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
}

/// The dossier's timeline.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub entries: Vec<Entry>,
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
pub fn build(sources: &Sources, articles: &[Article], diags: &mut Diagnostics) -> Timeline {
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
                });
            }
        }
    }
    entries.sort_by(|a, b| (a.date, !a.is_editor(), &a.title).cmp(&(b.date, !b.is_editor(), &b.title)));
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for e in &mut entries {
        let title_slug: String = slugify(&e.title).chars().take(40).collect();
        let base = format!("ev-{}-{}", e.date.iso(), title_slug.trim_end_matches('-'));
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        e.anchor = if *n == 1 { base } else { format!("{base}-{n}") };
    }
    Timeline { entries }
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
