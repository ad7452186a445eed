//! The extract stage's entry point: [`ArticleSource`]s → [`Article`]s.
//!
//! For every field the editor's word wins: front matter, then sidecar, then what the text
//! itself says (see the extractors beside this file). Every field records where its value came
//! from and how sure the extraction is, so `dossier check` and the article page can explain it.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{ArticleFormat, ArticleMeta, ArticleSource};
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
    /// The scraped text as it is in the file (without front matter); a saved page's source.
    pub raw: crate::content::SourceText,
    /// Text scrape or saved page (decides how `raw` is published).
    pub format: ArticleFormat,
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
    }
    articles
}

/// Warns about every article whose publication date is still unknown (after inference from
/// the other articles): its relative dates cannot be placed on the timeline.
pub fn warn_unknown_dates(articles: &[Article], diags: &mut Diagnostics) {
    for a in articles.iter().filter(|a| a.date.value.is_none()) {
        let why = a
            .notes
            .iter()
            .find(|n| n.starts_with("date unknown"))
            .cloned()
            .unwrap_or_else(|| "date unknown".to_string());
        diags
            .warning(&a.file, None, why)
            .code(crate::lints::codes::UNPLACED_EVENT)
            .hint("add `date = \"YYYY-MM-DD\"` in a sidecar if you know it; until then its relative dates stay off the timeline");
    }
}

fn extract_one(source: &ArticleSource, config: &Config, aliases: &BTreeMap<String, String>) -> Article {
    let mut drop = config.articles.drop.clone();
    drop.extend(source.sidecar.drop.iter().cloned());
    drop.extend(source.front.drop.iter().cloned());
    let opts = ExtractOptions { drop: &drop, outlet_aliases: aliases };
    let ex = match source.format {
        ArticleFormat::Text => super::extract(source.body(), &opts),
        ArticleFormat::Html => super::extract_html(source.body(), &opts),
    };
    let (front, side) = (&source.front, &source.sidecar);

    let normalise_outlet = |name: String| super::canonical_outlet(&name, aliases).unwrap_or(name);
    let labels = Labels {
        front: format!("front matter of {}", source.file),
        side: source.sidecar_file.clone().unwrap_or_default(),
        notes: &ex.notes,
    };
    let title = pick(front, side, |m| m.title.clone(), ex.title, &labels, "headline");
    let mut outlet = pick(front, side, |m| m.outlet.clone(), ex.outlet, &labels, "outlet");
    outlet.value = outlet.value.map(normalise_outlet);
    let wire = pick(front, side, |m| m.wire.clone(), ex.wire, &labels, "wire");
    let date = pick(
        front,
        side,
        |m| m.date,
        ex.date.map(|f| Found { value: PartialDate::day(f.value), confidence: f.confidence, evidence: f.evidence }),
        &labels,
        "date",
    );
    let byline = pick(front, side, |m| m.byline.clone(), ex.byline, &labels, "byline");
    let dateline = pick(front, side, |m| m.dateline.clone(), ex.dateline, &labels, "dateline");
    let mut url = pick(front, side, |m| m.url.clone(), ex.url, &labels, "url");
    // The page links "Original page" to it: only a web address may become a link
    // (`javascript:` or `data:` from a sidecar or a saved page's canonical link would run).
    if let Some(u) = url.value.as_deref().filter(|u| !is_web_address(u)) {
        url = Field::unknown(Some(format!("url unknown: {u:?} is not an http(s) address, so it is not linked")));
    }
    Article {
        id: source.id.clone(),
        slug: crate::slug::slugify(&source.id),
        file: source.file.clone(),
        sidecar_file: source.sidecar_file.clone(),
        raw: source.shared_body(),
        format: source.format,
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

/// `http://…` or `https://…`.
fn is_web_address(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    u.starts_with("http://") || u.starts_with("https://")
}

/// Where the editor's values come from, and the extraction's remarks (for unknown fields).
struct Labels<'a> {
    front: String,
    side: String,
    notes: &'a [String],
}

/// Why a field is unknown: the extraction's remark about it, or what was looked for.
fn unknown_reason(field: &str, notes: &[String]) -> String {
    let prefix = format!("{field} unknown");
    if let Some(note) = notes.iter().find(|n| n.starts_with(&prefix)) {
        return note.clone();
    }
    let looked_for = match field {
        "headline" => "no title line above the story (nor a page title)",
        "byline" => "no byline, sign-off, contact or credit line names an author",
        "dateline" => "the opening paragraph starts with no place name",
        "wire" => "no agency dateline, sign-off, credit or 'told AFP' names a wire agency",
        "url" => "the text does not give its address; add `url` in a sidecar",
        "outlet" => "no site name, sign-off, dateline agency, credit or contact line names it",
        _ => "the text does not state it",
    };
    format!("{prefix}: {looked_for}")
}

/// Front matter > sidecar > extracted.
fn pick<T>(
    front: &ArticleMeta,
    side: &ArticleMeta,
    get: impl Fn(&ArticleMeta) -> Option<T>,
    found: Option<Found<T>>,
    labels: &Labels<'_>,
    field: &str,
) -> Field<T> {
    if let Some(v) = get(front) {
        return Field {
            value: Some(v),
            source: Origin::FrontMatter,
            confidence: 1.0,
            evidence: Some(labels.front.clone()),
        };
    }
    if let Some(v) = get(side) {
        return Field { value: Some(v), source: Origin::Sidecar, confidence: 1.0, evidence: Some(labels.side.clone()) };
    }
    match found {
        Some(f) => Field {
            value: Some(f.value),
            source: Origin::Extracted,
            confidence: f.confidence,
            evidence: Some(f.evidence),
        },
        None => Field::unknown(Some(unknown_reason(field, labels.notes))),
    }
}
