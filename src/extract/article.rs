//! The extract stage's entry point: [`ArticleSource`]s → [`Article`]s.
//!
//! For every field the editor's word wins: front matter, then sidecar, then what the text
//! itself says (see the extractors beside this file). Every field records where its value came
//! from and how sure the extraction is, so `dossier check` and the article page can explain it.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{ArticleMeta, ArticleSource};
use crate::date::PartialDate;
use crate::diagnostics::Diagnostics;

use super::{Caption, ExtractOptions, Found, Paragraph, Removed};

/// Where a field's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// `+++` TOML at the top of the article file.
    FrontMatter,
    /// The `ID.toml` file beside the article.
    Sidecar,
    /// Read from the text by the extractors.
    Extracted,
    /// Deduced from other articles (e.g. a weekday resolved against a dated article).
    Inferred,
    /// Not known.
    Unknown,
}

impl Origin {
    /// Human label: `front matter`, `sidecar`, `extracted`, `inferred`, `unknown`.
    pub fn label(self) -> &'static str {
        match self {
            Origin::FrontMatter => "front matter",
            Origin::Sidecar => "sidecar",
            Origin::Extracted => "extracted",
            Origin::Inferred => "inferred",
            Origin::Unknown => "unknown",
        }
    }
}

/// A metadata value with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct Field<T> {
    /// The value, when known.
    pub value: Option<T>,
    /// Where it came from.
    pub source: Origin,
    /// How sure the extraction is (1.0 for the editor's word).
    pub confidence: f32,
    /// The line the value was read from, or why it is unknown.
    pub evidence: Option<String>,
}

impl<T> Field<T> {
    fn unknown(note: Option<String>) -> Self {
        Field { value: None, source: Origin::Unknown, confidence: 0.0, evidence: note }
    }
}

/// One source article, cleaned and described.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file stem, as used in `[[links]]`.
    pub id: String,
    /// Output name (`articles/<slug>.html`) and anchor base (`art-<slug>`).
    pub slug: String,
    /// The article file, relative to the root.
    pub file: String,
    /// The sidecar file, if any.
    pub sidecar_file: Option<String>,
    /// The scraped text as it is in the file (without front matter).
    pub raw: String,
    /// Headline.
    pub title: Field<String>,
    /// Publishing outlet, canonical name.
    pub outlet: Field<String>,
    /// Wire agency whose copy it is.
    pub wire: Field<String>,
    /// Publication date.
    pub date: Field<PartialDate>,
    /// Authors (not editors, photographers or quoted people).
    pub byline: Field<Vec<String>>,
    /// Where it was filed from (`UNITED NATIONS`).
    pub dateline: Field<String>,
    /// Where it was published.
    pub url: Field<String>,
    /// Language tag, when given.
    pub language: Option<String>,
    /// Tags given by the editor.
    pub tags: Vec<String>,
    /// Clean body paragraphs; paragraph n (1-based) is `#pn`.
    pub paragraphs: Vec<Paragraph>,
    /// Photo captions, kept apart from the body.
    pub captions: Vec<Caption>,
    /// Lines dropped from the scrape, with reasons.
    pub removed: Vec<Removed>,
    /// Remarks from extraction (why a field is unknown…).
    pub notes: Vec<String>,
}

impl Article {
    /// The headline, or the id when none is known.
    pub fn display_title(&self) -> &str {
        self.title.value.as_deref().unwrap_or(&self.id)
    }
    /// The outlet name, or "Unknown outlet".
    pub fn display_outlet(&self) -> &str {
        self.outlet.value.as_deref().unwrap_or(UNKNOWN_OUTLET)
    }
}

/// The outlet name shown when none is known.
pub const UNKNOWN_OUTLET: &str = "Unknown outlet";

/// Extracts every article (in parallel) and normalises outlet names through the aliases.
pub fn extract_all(sources: &[ArticleSource], config: &Config, diags: &mut Diagnostics) -> Vec<Article> {
    let aliases = &config.outlets.aliases;
    let mut articles: Vec<Article> = sources.par_iter().map(|s| extract_one(s, config, aliases)).collect();
    // Output names must be unique.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for a in &mut articles {
        if a.slug.is_empty() {
            a.slug = "article".to_string();
        }
        if let Some(first) = seen.get(&a.slug) {
            diags
                .error(
                    &a.file,
                    None,
                    format!(
                        "article `{}` would be written to the same page as `{first}` (articles/{}.html)",
                        a.id, a.slug
                    ),
                )
                .hint("rename one of the two files");
        } else {
            seen.insert(a.slug.clone(), a.id.clone());
        }
        for note in &a.notes {
            // Only when no source gave a date: front matter or a sidecar settles it.
            if note.starts_with("date unknown") && a.date.value.is_none() {
                diags
                    .warning(&a.file, None, note.clone())
                    .hint("add `date = \"YYYY-MM-DD\"` in a sidecar if you know it");
            }
        }
    }
    articles
}

fn extract_one(source: &ArticleSource, config: &Config, aliases: &BTreeMap<String, String>) -> Article {
    let mut drop = config.articles.drop.clone();
    drop.extend(source.sidecar.drop.iter().cloned());
    drop.extend(source.front.drop.iter().cloned());
    let opts = ExtractOptions { drop: &drop, outlet_aliases: aliases };
    let ex = super::extract(source.body(), &opts);
    let (front, side) = (&source.front, &source.sidecar);

    let normalise_outlet = |name: String| super::canonical_outlet(&name, aliases).unwrap_or(name);
    let title = pick(front, side, |m| m.title.clone(), ex.title);
    let mut outlet = pick(front, side, |m| m.outlet.clone(), ex.outlet);
    outlet.value = outlet.value.map(normalise_outlet);
    let wire = pick(front, side, |m| m.wire.clone(), ex.wire);
    let date = pick(
        front,
        side,
        |m| m.date,
        ex.date.map(|f| Found { value: PartialDate::day(f.value), confidence: f.confidence, evidence: f.evidence }),
    );
    let byline = pick(front, side, |m| m.byline.clone(), ex.byline);
    let dateline = pick(front, side, |m| m.dateline.clone(), ex.dateline);
    let url = pick(front, side, |m| m.url.clone(), None);
    let mut date = date;
    if date.value.is_none() {
        date.evidence = ex.notes.iter().find(|n| n.starts_with("date")).cloned();
    }
    Article {
        id: source.id.clone(),
        slug: crate::slug::slugify(&source.id),
        file: source.file.clone(),
        sidecar_file: source.sidecar_file.clone(),
        raw: source.body().to_string(),
        title,
        outlet,
        wire,
        date,
        byline,
        dateline,
        url,
        language: front.language.clone().or_else(|| side.language.clone()),
        tags: if front.tags.is_empty() { side.tags.clone() } else { front.tags.clone() },
        paragraphs: ex.paragraphs,
        captions: ex.captions,
        removed: ex.removed,
        notes: ex.notes,
    }
}

/// Front matter > sidecar > extracted.
fn pick<T>(
    front: &ArticleMeta,
    side: &ArticleMeta,
    get: impl Fn(&ArticleMeta) -> Option<T>,
    found: Option<Found<T>>,
) -> Field<T> {
    if let Some(v) = get(front) {
        return Field { value: Some(v), source: Origin::FrontMatter, confidence: 1.0, evidence: None };
    }
    if let Some(v) = get(side) {
        return Field { value: Some(v), source: Origin::Sidecar, confidence: 1.0, evidence: None };
    }
    match found {
        Some(f) => Field {
            value: Some(f.value),
            source: Origin::Extracted,
            confidence: f.confidence,
            evidence: Some(f.evidence),
        },
        None => Field::unknown(None),
    }
}
