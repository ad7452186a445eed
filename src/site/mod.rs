//! Stage 8: every stage's model → [`Site`], the assembled dossier: page paths, anchors, and
//! every cross-reference resolved (and checked: a `[[link]]` to nothing is an error at its
//! file:line:col, with a did-you-mean).
//!
//! Invariants: every page path is relative to the output root and names a file; every anchor
//! is unique across the whole site (`art-<slug>`, `art-<slug>-p4`, `term-<slug>`,
//! `outlet-<slug>`, `note-<slug>`, `ev-<date>-<title>`), so the print pack can hold every part
//! without rewriting links.

pub mod paths;
pub mod related;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::{EventSource, NoteSource, Sources, Theme};
use crate::diagnostics::Diagnostics;
use crate::extract::Article;
use crate::glossary::Glossary;
use crate::markdown::Documents;
use crate::outlets::Outlets;
use crate::slug::slugify;
use crate::timeline::Timeline;
use crate::xref::{self, TargetRef};

/// A resolved link target: a page and an anchor on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Page path from the output root: `articles/ap-2014-10-28.html`.
    pub path: String,
    /// Anchor on that page (also valid in the print pack).
    pub anchor: String,
    /// Tooltip: a term's short definition, an article's headline…
    pub title: Option<String>,
    /// CSS class of the link.
    pub class: &'static str,
    /// What a link written without `|shown text` shows.
    pub label: String,
}

/// A note with its output name.
#[derive(Debug, Clone)]
pub struct Note {
    pub source: NoteSource,
    pub slug: String,
    pub anchor: String,
}

/// The whole dossier, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub theme: Theme,
    pub cover: Option<NoteSource>,
    /// Notes in reading order (weight, then date, then title).
    pub notes: Vec<Note>,
    pub articles: Vec<Article>,
    pub docs: Documents,
    pub glossary: Glossary,
    pub timeline: Timeline,
    pub outlets: Outlets,
    /// For each article, the other articles its page lists as the same story elsewhere
    /// (at most `related::MAX_RELATED`, by date).
    pub related: Vec<Vec<usize>>,
    /// Article index by id: cross-references resolve without scanning every article.
    pub article_ids: BTreeMap<String, usize>,
    /// What every page's header shows, computed once: the story's span (articles and the
    /// editor's events), the latest note or article date, the number of editor's events.
    pub span: Option<(crate::date::PartialDate, crate::date::PartialDate)>,
    pub latest: Option<crate::date::PartialDate>,
    pub editor_events: usize,
    /// Note index by file stem and by output slug (`[[note:…]]` resolves without a scan).
    pub note_ids: BTreeMap<String, usize>,
    /// For each article, the editor's timeline entries (indices) that cite it, in order.
    pub events_of_article: Vec<Vec<usize>>,
    /// The editor events written in notes' and the cover's front matter, as loaded: `dossier
    /// serve` compares them after a note edit to know whether the timeline can stay.
    pub note_events: Vec<EventSource>,
}

/// The note index of [`Site::note_ids`]: by file stem, then by output slug (a stem wins over
/// another note's slug).
pub fn note_ids(notes: &[Note]) -> BTreeMap<String, usize> {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, n) in notes.iter().enumerate() {
        ids.entry(n.source.slug.clone()).or_insert(i);
    }
    for (i, n) in notes.iter().enumerate() {
        ids.entry(n.slug.clone()).or_insert(i);
    }
    ids
}

/// Puts the stages' outputs together and checks every cross-reference.
pub fn assemble(
    sources: Sources,
    articles: Vec<Article>,
    docs: Documents,
    glossary: Glossary,
    timeline: Timeline,
    outlets: Outlets,
    diags: &mut Diagnostics,
) -> Site {
    let Sources { config, notes, cover, theme, events, .. } = sources;
    let note_events = events.into_iter().filter(|e| e.note.is_some()).collect();
    let site_notes = note_pages(notes, diags);
    // Docs are indexed like the sources: keep that order for `docs.notes[i]`, and give the
    // reading order separately through a sorted index when rendering.
    let related = related::build(&articles, &glossary, &outlets.of_article);
    let article_ids = articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
    let dates: Vec<crate::date::PartialDate> = articles
        .iter()
        .filter_map(|a| a.date.value)
        .chain(timeline.entries.iter().filter(|e| e.is_editor()).map(|e| e.date))
        .collect();
    let span = dates.iter().min().copied().zip(dates.iter().max().copied());
    let latest = latest_date(&site_notes, &articles);
    let editor_events = timeline.entries.iter().filter(|e| e.is_editor()).count();
    let mut events_of_article: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    for (i, e) in timeline.entries.iter().enumerate().filter(|(_, e)| e.is_editor()) {
        for s in &e.sources {
            if let Some(list) = events_of_article.get_mut(s.article)
                && list.last() != Some(&i)
            {
                list.push(i);
            }
        }
    }
    let note_ids = note_ids(&site_notes);
    let site = Site {
        config,
        theme,
        cover,
        notes: site_notes,
        articles,
        docs,
        glossary,
        timeline,
        outlets,
        related,
        article_ids,
        span,
        latest,
        editor_events,
        events_of_article,
        note_ids,
        note_events,
    };
    check_xrefs(&site, diags);
    site
}

/// Gives each note its page name; two notes on one page is an error.
pub(crate) fn note_pages(notes: Vec<NoteSource>, diags: &mut Diagnostics) -> Vec<Note> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut site_notes: Vec<Note> = Vec::new();
    for source in notes {
        let slug = slugify(&source.slug);
        // `notes/index.html` is the list of notes.
        if paths::note(&slug) == paths::NOTES {
            diags
                .error(
                    &source.file,
                    None,
                    format!("note `{}` would be written over the list of notes ({})", source.slug, paths::NOTES),
                )
                .hint("rename the file (any name but `index`)");
        }
        if let Some(first) = seen.get(&slug) {
            diags
                .error(
                    &source.file,
                    None,
                    format!("note `{}` would be written to the same page as `{first}`", source.slug),
                )
                .hint("rename one of the two files");
        }
        seen.insert(slug.clone(), source.slug.clone());
        site_notes.push(Note { anchor: format!("note-{slug}"), slug, source });
    }
    site_notes
}

/// The latest date of a note or an article ("information as of").
pub(crate) fn latest_date(notes: &[Note], articles: &[Article]) -> Option<crate::date::PartialDate> {
    notes.iter().filter_map(|n| n.source.front.date).chain(articles.iter().filter_map(|a| a.date.value)).max()
}

impl Site {
    /// "Information as of": the latest date of a note or an article (never the clock, so
    /// rebuilds are byte-identical).
    pub fn as_of(&self) -> Option<crate::date::PartialDate> {
        self.latest
    }

    /// Notes in reading order, as indices into `notes` (and `docs.notes`).
    pub fn note_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.notes.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.notes[a].source.front, &self.notes[b].source.front);
            (x.weight, x.date, &x.title, &self.notes[a].slug).cmp(&(y.weight, y.date, &y.title, &self.notes[b].slug))
        });
        order
    }

    /// Resolves a cross-reference target, or says why it cannot be.
    pub fn resolve(&self, target: &str) -> Result<Target, String> {
        match xref::parse(target) {
            TargetRef::Article { id, paragraph } => {
                self.article_target(id, paragraph).ok_or_else(|| format!("no article `{id}`")).and_then(|t| t)
            }
            TargetRef::BadParagraph { fragment, .. } => {
                Err(format!("`#{fragment}` is not a paragraph: write #p1, #p2, …"))
            }
            TargetRef::Outlet(name) => self.outlet_target(name).ok_or_else(|| format!("no outlet `{name}`")),
            TargetRef::Term(name) => self.term_target(name).ok_or_else(|| format!("no glossary term `{name}`")),
            TargetRef::Note(slug) => self.note_target(slug).ok_or_else(|| format!("no note `{slug}`")),
            TargetRef::Bare(name) => self
                .article_target(name, None)
                .and_then(Result::ok)
                .or_else(|| self.term_target(name))
                .or_else(|| self.note_target(name))
                .or_else(|| self.outlet_target(name))
                .ok_or_else(|| format!("`{name}` is not an article, glossary term, note or outlet")),
        }
    }

    /// The closest known name to a broken target, for a hint.
    fn suggest(&self, target: &str) -> Option<String> {
        let (prefix, name) = match xref::parse(target) {
            TargetRef::Term(n) => ("term:", n),
            TargetRef::Note(n) => ("note:", n),
            TargetRef::Outlet(n) => ("outlet:", n),
            TargetRef::Article { id, .. } | TargetRef::BadParagraph { id, .. } => ("", id),
            TargetRef::Bare(n) => ("", n),
        };
        if (prefix == "term:" || prefix.is_empty())
            && let Some(s) = self.glossary.suggest(name)
        {
            return Some(format!("{prefix}{s}"));
        }
        let candidates: Vec<(String, String)> = match prefix {
            "note:" => self.notes.iter().map(|n| (n.source.slug.clone(), format!("note:{}", n.source.slug))).collect(),
            "outlet:" => self.outlets.list.iter().map(|o| (o.name.clone(), format!("outlet:{}", o.name))).collect(),
            _ => self.articles.iter().map(|a| (a.id.clone(), a.id.clone())).collect(),
        };
        candidates
            .into_iter()
            .map(|(c, full)| (strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()), full))
            .filter(|(s, _)| *s > 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, full)| full)
    }

    fn article_target(&self, id: &str, paragraph: Option<usize>) -> Option<Result<Target, String>> {
        let a = &self.articles[*self.article_ids.get(id)?];
        Some(match paragraph {
            Some(p) if p > a.paragraphs.len() => {
                Err(format!("article `{id}` has {} paragraphs, not {p}", a.paragraphs.len()))
            }
            Some(p) => Ok(Target {
                path: paths::article(&a.slug),
                anchor: paths::paragraph_anchor(&a.slug, p),
                title: Some(format!("{}, ¶{p}", a.display_title())),
                class: "xref xref-article",
                label: format!("{} ¶{p}", a.display_outlet()),
            }),
            None => Ok(Target {
                path: paths::article(&a.slug),
                anchor: paths::article_anchor(&a.slug),
                title: Some(format!("{} ({})", a.display_title(), a.display_outlet())),
                class: "xref xref-article",
                label: a.display_outlet().to_string(),
            }),
        })
    }

    fn outlet_target(&self, name: &str) -> Option<Target> {
        let o = &self.outlets.list[self.outlets.lookup(name, &self.config)?];
        Some(Target {
            path: paths::outlet(&o.slug),
            anchor: o.anchor.clone(),
            title: None,
            class: "xref xref-outlet",
            label: o.name.clone(),
        })
    }

    fn term_target(&self, name: &str) -> Option<Target> {
        let t = &self.glossary.terms[self.glossary.lookup(name)?];
        Some(Target {
            path: paths::GLOSSARY.to_string(),
            anchor: t.anchor.clone(),
            title: Some(t.short_definition().to_string()),
            class: "xref xref-term",
            label: name.trim().to_string(),
        })
    }

    fn note_target(&self, slug: &str) -> Option<Target> {
        let n = &self.notes[*self.note_ids.get(slug)?];
        Some(Target {
            path: paths::note(&n.slug),
            anchor: n.anchor.clone(),
            title: Some(n.source.front.title.clone()),
            class: "xref xref-note",
            label: n.source.front.title.clone(),
        })
    }
}

pub(crate) fn check_xrefs(site: &Site, diags: &mut Diagnostics) {
    // Notes name the same targets again and again: resolve each once.
    let mut resolved: BTreeMap<&str, Result<(), String>> = BTreeMap::new();
    for (_, d) in site.docs.all() {
        for x in &d.doc.xrefs {
            let result = resolved.entry(&x.target).or_insert_with(|| site.resolve(&x.target).map(|_| ()));
            if let Err(message) = result.clone() {
                let span = Some(x.span.start + d.offset..x.span.end + d.offset);
                let diag = diags.error(&d.file, span, format!("broken link [[{}]]: {message}", x.target));
                match site.suggest(&x.target) {
                    Some(s) => diag.hint(format!("did you mean [[{s}]]?")),
                    None => diag.hint("link to an article id, `id#pN`, `term:…`, `note:…` or `outlet:…` that exists"),
                };
            }
        }
    }
}
