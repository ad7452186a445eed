//! Article extraction: the pipeline stage between `content` (loaded files)
//! and everything that reads articles (`glossary`, `timeline`, `outlets`).
//!
//! Input: the text of one scraped article, boilerplate and all, plus the
//! extra drop rules and outlet aliases from the configuration. Output: an
//! [`Extraction`]: headline, publishing outlet, wire agency, publication
//! date, byline, dateline, clean body paragraphs, photo captions, every
//! removed line with the reason, and notes where the text left a field open.
//!
//! The passes, in order: `lines` (normalise and classify every line against
//! the boilerplate table in `shapes` and widget rules, recognise `captions`),
//! `header` (headline, date stamp via `dates`, byline, standfirst),
//! `byline` (credits at the foot), `body` (trailing blocks, paragraphs,
//! inline junk), `dateline`, and `outlet` (clues from all of the above,
//! names canonicalised with `outlet_names`).
//!
//! Invariants:
//! - Nothing is silently lost: every non-blank source line ends up in a
//!   paragraph, a caption, or [`Extraction::removed`] (metadata lines too,
//!   with reasons such as "headline" or "byline"); pieces cut from inside a
//!   paragraph (a sign-off, a ticker widget) are listed there as well.
//! - Every extracted field carries a confidence in 0..=1 and evidence naming
//!   the source line; a field the text does not state is `None`, with a note.
//! - Deterministic, no I/O, no clock, and no panic on any input.
//! - Paragraphs keep the scraped words; only spacing, quote marks and
//!   mis-decoded characters are normalised (NBSP → space, "`" → "'").

#![warn(missing_docs)]

mod article;
mod body;
mod bounded;
mod byline;
mod captions;
mod dateline;
mod dates;
mod header;
mod html;
mod lines;
mod normalize;
mod outlet;
mod outlet_names;
mod shapes;

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};

pub use self::article::{Article, Field, Origin, UNKNOWN_OUTLET, extract_all, warn_unknown_dates};
pub use self::html::extract_html;
pub use self::outlet::canonical_outlet;

/// Extra rules from the configuration and the article's front matter.
#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions<'a> {
    /// Extra boilerplate from config/front matter: a line equal to one of these (trimmed), or matching it as a regex when written `/.../`, is dropped with reason "configured".
    pub drop: &'a [String],
    /// Extra outlet aliases from config: alias (any case) -> canonical name.
    pub outlet_aliases: &'a BTreeMap<String, String>,
}

static NO_ALIASES: BTreeMap<String, String> = BTreeMap::new();

impl Default for ExtractOptions<'static> {
    fn default() -> Self {
        ExtractOptions { drop: &[], outlet_aliases: &NO_ALIASES }
    }
}

/// An extracted value with how sure the extraction is and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// 0..=1.
    pub confidence: f32,
    /// Where it came from, e.g. "line 1: November 10, 2014 / 11:22 PM".
    pub evidence: String,
}

/// Everything extracted from one scraped article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extraction {
    /// The headline.
    pub title: Option<Found<String>>,
    /// Canonical publishing outlet name.
    pub outlet: Option<Found<String>>,
    /// Agency whose copy it is: "AP", "AFP", "Reuters", ….
    pub wire: Option<Found<String>>,
    /// Publication date; `None` when unsure (see `notes`).
    pub date: Option<Found<jiff::civil::Date>>,
    /// Authors (never editors, photographers or contributors).
    pub byline: Option<Found<Vec<String>>>,
    /// The opening dateline place as written, e.g. "UNITED NATIONS".
    pub dateline: Option<Found<String>>,
    /// Where the article was published (a saved page's canonical URL).
    pub url: Option<Found<String>>,
    /// The standfirst (summary under the headline). Its text is also the first
    /// paragraph, of kind [`ParagraphKind::Standfirst`], unless the story
    /// repeats it (then the repeat was dropped as "duplicate standfirst").
    pub standfirst: Option<Found<String>>,
    /// Clean body paragraphs in order (paragraph anchors count these).
    pub paragraphs: Vec<Paragraph>,
    /// Photo captions and credits kept as captions.
    pub captions: Vec<Caption>,
    /// Every dropped line or piece, with the reason, in source order.
    pub removed: Vec<Removed>,
    /// Human-readable remarks, e.g. why the date is unknown.
    pub notes: Vec<String>,
}

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParagraphKind {
    /// Story text.
    #[default]
    Body,
    /// A short heading inside the story ("‘Visit separate issue from resolution’").
    Subhead,
    /// The summary under the headline.
    Standfirst,
}

/// A clean body paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The text, with hard-wrapped lines joined.
    pub text: String,
    /// 1-based first source line.
    pub line: usize,
    /// 1-based last source line (differs from `line` for hard-wrapped paragraphs).
    pub last_line: usize,
    /// Body, subhead or standfirst.
    pub kind: ParagraphKind,
    /// The sentence pieces of `text`, split once here for the timeline tagger and the outlet
    /// passes (both read them; neither splits the paragraph again).
    pub sentences: crate::sentences::Pieces,
}

impl Paragraph {
    /// A paragraph of `text`, its sentence pieces split.
    pub fn new(text: String, line: usize, last_line: usize, kind: ParagraphKind) -> Paragraph {
        let sentences = crate::sentences::Pieces::of(&text);
        Paragraph { text, line, last_line, kind, sentences }
    }
}

/// A photo caption or credit.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    /// The caption text (the credit alone when the line is only a credit).
    pub text: String,
    /// The photographer/agency credit, when written.
    pub credit: Option<String>,
    /// 1-based source line.
    pub line: usize,
}

/// A dropped line (or a piece cut from a line) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    /// 1-based source line.
    pub line: usize,
    /// The text as scraped (normalised spacing).
    pub text: String,
    /// Short reason: "navigation bar", "cookie notice", "headline", "byline", ….
    pub reason: String,
}

/// Compiles the configured drop rules; bad regexes become notes.
fn configured_rules(drop: &[String], notes: &mut Vec<String>) -> (Vec<String>, Vec<Regex>) {
    let mut exact = Vec::new();
    let mut patterns = Vec::new();
    for rule in drop {
        let trimmed = rule.trim();
        let inner = trimmed.strip_prefix('/').and_then(|r| r.strip_suffix('/'));
        match inner {
            Some(inner) if trimmed.len() >= 2 => {
                match RegexBuilder::new(inner).size_limit(1 << 20).dfa_size_limit(1 << 20).build() {
                    Ok(re) => patterns.push(re),
                    Err(err) => notes.push(format!("configured drop rule {trimmed:?} is not a valid regex: {err}")),
                }
            }
            _ if !trimmed.is_empty() => exact.push(normalize::normalize_line(trimmed)),
            _ => {}
        }
    }
    (exact, patterns)
}

/// Extracts metadata and clean text from one scraped article (see the module docs).
pub fn extract(raw: &str, opts: &ExtractOptions) -> Extraction {
    let mut notes = Vec::new();
    let (exact, patterns) = configured_rules(opts.drop, &mut notes);
    let configured = |text: &str| exact.iter().any(|e| e == text) || patterns.iter().any(|re| re.is_match(text));
    let aliases = opts.outlet_aliases;
    let is_outlet = |name: &str| canonical_outlet(name, aliases).is_some();

    let mut lines = lines::classify(raw, &configured);
    let header = header::analyse(&mut lines);
    let mut byline_candidates = byline::scan_credits(&mut lines);
    byline_candidates.extend(header.byline.clone());
    byline_candidates.extend(byline::scan_in_text(&lines));
    let byline = byline::choose(byline_candidates);
    let authors = byline.as_ref().map(|b| b.value.clone()).unwrap_or_default();
    let mut sign_offs = body::drop_trailing(&mut lines, &authors, &is_outlet);
    let mut body = body::assemble(&lines, header.standfirst, &is_outlet);
    let strip_dateline = |text: &str| match dateline::find(text, &is_outlet) {
        Some(found) => text.get(found.text.len()..).unwrap_or(text).to_string(),
        None => text.to_string(),
    };
    body::drop_repeated_standfirst(&mut body, &strip_dateline);

    let opening = body.paragraphs.iter().find(|p| p.kind == ParagraphKind::Body);
    let found_dateline = opening.and_then(|p| dateline::find(&p.text, &is_outlet).map(|d| (d, p.line)));
    let dateline = found_dateline.as_ref().map(|(d, line)| Found {
        value: d.place.clone(),
        confidence: d.confidence,
        evidence: format!("line {line}: {}", d.text),
    });
    let standfirst = body.paragraphs.iter().find(|p| p.kind == ParagraphKind::Standfirst).map(|p| Found {
        value: p.text.clone(),
        confidence: 0.7,
        evidence: format!("line {}: text under the headline", p.line),
    });

    sign_offs.append(&mut body.sign_offs);
    let credits: Vec<(usize, String)> =
        body.captions.iter().filter_map(|c| c.credit.as_ref().map(|credit| (c.line, credit.clone()))).collect();
    let sources = outlet::Sources {
        lines: &lines,
        credits,
        dateline_agency: found_dateline
            .as_ref()
            .and_then(|(d, line)| d.agency.as_ref().map(|a| (a.clone(), d.text.clone(), *line))),
        site_suffix: header.site_suffix.clone(),
        sign_offs,
        extra: aliases,
    };
    let (outlet, wire, outlet_notes) = outlet::identify(&sources);
    notes.extend(outlet_notes);

    let mut removed: Vec<Removed> = lines
        .iter()
        .filter_map(|line| match &line.role {
            lines::Role::Drop(reason) => {
                Some(Removed { line: line.no, text: line.text.clone(), reason: reason.clone() })
            }
            _ => None,
        })
        .collect();
    removed.append(&mut body.removed);
    removed.sort_by_key(|r| r.line);

    if header.date.is_none() {
        notes.push(date_note(&header.rejected_dates, &lines));
    }
    if outlet.is_none() {
        notes.push(
            "outlet unknown: no site name, sign-off, dateline agency, credit or contact line names it".to_string(),
        );
    }
    if body.paragraphs.is_empty() {
        notes.push("no story text found: every line was boilerplate or metadata".to_string());
    }

    Extraction {
        title: header.title,
        outlet,
        wire,
        date: header.date,
        byline,
        dateline,
        url: None,
        standfirst,
        paragraphs: body.paragraphs,
        captions: body.captions,
        removed,
        notes,
    }
}

/// Explains why there is no publication date.
fn date_note(rejected: &[dates::Rejected], lines: &[lines::Line]) -> String {
    let mut reasons: Vec<String> =
        rejected.iter().map(|r| format!("a {} (line {}: {})", r.kind, r.line, r.text)).collect();
    // Only a header-sized line: "10 years ago" inside a story sentence is not a stamp.
    let ago = lines.iter().take(15).find(|l| {
        let lower = l.text.to_lowercase();
        lower.chars().count() <= 80
            && lower.contains(" ago")
            && lower.split_whitespace().any(|w| w.starts_with("year") || w.starts_with("day") || w.starts_with("hour"))
    });
    if let Some(line) = ago {
        reasons.push(format!("a relative age (line {})", line.no));
    }
    if reasons.is_empty() {
        "date unknown: no publication stamp near the top; dates inside the story are event dates".to_string()
    } else {
        format!("date unknown: only {}", reasons.join(" and "))
    }
}

/// What compiles the patterns every text article's extraction uses, file by file (run at
/// start-up by the driver, see `warm_patterns` in `lib.rs`). The `shapes` and `captions`
/// tables compile each row on first use, after a cheap test most lines fail, so a small
/// dossier never compiles most of them: they stay lazy.
pub const WARM: [fn(); 7] =
    [outlet::warm, byline::warm, dates::warm, dateline::warm, body::warm, normalize::warm, lines::warm];

#[cfg(test)]
mod tests;
