//! `dossier check`: every problem a build would find, plus the extraction report, without
//! writing anything. `--format json` prints the machine-readable report of DESIGN.md.

use serde::Serialize;

use crate::diagnostics::{Diagnostics, Located};
use crate::extract::{Article, Field};
use crate::glossary::Place;
use crate::markdown::DocRef;
use crate::site::Site;

/// The JSON report (`dossier check --format json`). Keys may be added, never renamed.
#[derive(Debug, Serialize)]
pub struct Report {
    pub articles: Vec<ArticleReport>,
    /// Dated expressions found in the articles and placed on the timeline.
    pub events: Vec<EventReport>,
    /// Dated expressions of undated articles, waiting for an anchor.
    pub unplaced: Vec<UnplacedReport>,
    /// One happening dated differently by different articles.
    pub conflicts: Vec<ConflictReport>,
    pub terms: Vec<TermReport>,
    /// Direct quotations, merged across articles (same speaker, nearly the same words).
    pub quotes: Vec<QuoteReport>,
    /// Passages two or more articles share.
    pub shared: Vec<SharedReport>,
    /// Groups of articles that do not share copy (articles of one outlet count once).
    /// `null` when the config could not be read.
    pub independent_lines: Option<usize>,
    /// Names and acronyms the glossary could add (see `glossary::suggest`).
    pub suggestions: Vec<crate::glossary::suggest::Candidate>,
    pub diagnostics: Vec<Located>,
}

#[derive(Debug, Serialize)]
pub struct QuoteReport {
    /// The glossary headword, the name as written, or the description of an anonymous source.
    pub speaker: String,
    pub anonymous: bool,
    /// The fullest wording.
    pub text: String,
    /// Every article that carried it (any wording), sorted.
    pub articles: Vec<String>,
    /// Other wordings of the same quotation.
    pub variants: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SharedReport {
    pub articles: Vec<String>,
    pub text: String,
    pub wire: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ArticleReport {
    pub id: String,
    pub file: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub byline: Vec<String>,
    pub dateline: Option<String>,
    pub wire: Option<String>,
    pub url: Option<String>,
    pub provenance: std::collections::BTreeMap<&'static str, Provenance>,
    pub body: Vec<String>,
    pub captions: Vec<String>,
    pub removed: Vec<RemovedReport>,
}

#[derive(Debug, Serialize)]
pub struct Provenance {
    pub source: &'static str,
    pub confidence: f32,
    pub evidence: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RemovedReport {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// A placed dated expression (`events` in DESIGN.md).
#[derive(Debug, Serialize)]
pub struct EventReport {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    pub precision: crate::date::Precision,
    pub article: String,
    pub paragraph: usize,
    pub expression: String,
    /// The sentence it came from.
    pub text: String,
    /// The interval it covers (inclusive), `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    /// How the date was resolved.
    pub resolution: String,
}

#[derive(Debug, Serialize)]
pub struct UnplacedReport {
    pub article: String,
    pub paragraph: usize,
    pub expression: String,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ConflictReport {
    pub happening: String,
    pub ambiguous: bool,
    /// Each differently dated claim: date, article, paragraph, expression, resolution.
    pub claims: Vec<EventReport>,
}

#[derive(Debug, Serialize)]
pub struct TermReport {
    pub term: String,
    pub mentions: Vec<MentionReport>,
}

#[derive(Debug, Serialize)]
pub struct MentionReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub paragraph: usize,
    pub matched: String,
}

fn prov<T>(f: &Field<T>) -> Provenance {
    let source = match f.source {
        crate::extract::Origin::FrontMatter => "front_matter",
        crate::extract::Origin::Sidecar => "sidecar",
        crate::extract::Origin::Extracted => "extracted",
        crate::extract::Origin::Inferred => "inferred",
        crate::extract::Origin::Unknown => "unknown",
    };
    Provenance { source, confidence: (f.confidence * 100.0).round() / 100.0, evidence: f.evidence.clone() }
}

fn article_report(a: &Article) -> ArticleReport {
    let mut provenance = std::collections::BTreeMap::new();
    provenance.insert("title", prov(&a.title));
    provenance.insert("outlet", prov(&a.outlet));
    provenance.insert("date", prov(&a.date));
    provenance.insert("byline", prov(&a.byline));
    provenance.insert("dateline", prov(&a.dateline));
    provenance.insert("wire", prov(&a.wire));
    provenance.insert("url", prov(&a.url));
    ArticleReport {
        id: a.id.clone(),
        file: a.file.clone(),
        title: a.title.value.clone(),
        outlet: a.outlet.value.clone(),
        date: a.date.value.map(|d| d.iso()),
        byline: a.byline.value.clone().unwrap_or_default(),
        dateline: a.dateline.value.clone(),
        wire: a.wire.value.clone(),
        url: a.url.value.clone(),
        provenance,
        body: a.paragraphs.iter().map(|p| p.text.clone()).collect(),
        captions: a.captions.iter().map(|c| c.text.clone()).collect(),
        removed: a
            .removed
            .iter()
            .map(|r| RemovedReport { line: r.line, text: r.text.clone(), reason: r.reason.clone() })
            .collect(),
    }
}

/// Builds the report from an analysed site (if the config could be read) and the diagnostics.
pub fn report(site: Option<&Site>, diags: &Diagnostics) -> Report {
    let Some(site) = site else {
        return Report {
            articles: Vec::new(),
            events: Vec::new(),
            unplaced: Vec::new(),
            conflicts: Vec::new(),
            terms: Vec::new(),
            quotes: Vec::new(),
            shared: Vec::new(),
            independent_lines: None,
            suggestions: Vec::new(),
            diagnostics: diags.located(),
        };
    };
    let terms = site
        .glossary
        .terms
        .iter()
        .enumerate()
        .map(|(t, term)| TermReport {
            term: term.headword.clone(),
            mentions: site
                .glossary
                .of_term(t)
                .filter_map(|m| match m.place {
                    Place::Article { article, paragraph } => Some(MentionReport {
                        article: Some(site.articles[article].id.clone()),
                        note: None,
                        paragraph: paragraph + 1,
                        matched: m.matched.clone(),
                    }),
                    Place::Doc { doc: DocRef::Note(i), block, .. } => Some(MentionReport {
                        article: None,
                        note: Some(site.notes[i].source.slug.clone()),
                        paragraph: block,
                        matched: m.matched.clone(),
                    }),
                    Place::Doc { .. } => None,
                })
                .collect(),
        })
        .collect();
    let tl = &site.timeline;
    let event = |m: &crate::timeline::Mention| -> Option<EventReport> {
        let r = m.resolved.as_ref()?;
        Some(EventReport {
            date: r.date.iso(),
            precision: r.date.precision(),
            article: site.articles[m.article].id.clone(),
            paragraph: m.paragraph,
            expression: m.expression.clone(),
            text: m.text.clone(),
            start: r.start.to_string(),
            end: r.until.unwrap_or(r.end).to_string(),
            resolution: m.explain.clone().unwrap_or_default(),
        })
    };
    let events = tl.mentions.iter().filter_map(event).collect();
    let unplaced = unplaced_reports(site);
    let conflicts = tl
        .conflicts
        .iter()
        .map(|k| ConflictReport {
            happening: k.happening.to_string(),
            ambiguous: k.ambiguous,
            claims: k
                .clusters
                .iter()
                .flat_map(|&c| tl.clusters[c].mentions.iter())
                .filter_map(|&i| event(&tl.mentions[i]))
                .collect(),
        })
        .collect();
    let o = &site.outlets;
    let quotes = o
        .quote_groups
        .iter()
        .map(|g| {
            let first = &o.quotes[g.quotes[0]];
            let articles: std::collections::BTreeSet<String> =
                g.quotes.iter().map(|&q| site.articles[o.quotes[q].article].id.clone()).collect();
            let mut variants: Vec<String> =
                g.quotes[1..].iter().map(|&q| o.quotes[q].text.clone()).filter(|t| *t != first.text).collect();
            variants.dedup();
            QuoteReport {
                speaker: speaker_name(site, &first.speaker),
                anonymous: matches!(first.speaker, crate::outlets::Speaker::Anonymous(_)),
                text: first.text.clone(),
                articles: articles.into_iter().collect(),
                variants,
            }
        })
        .collect();
    let shared = o
        .shared
        .passages
        .iter()
        .map(|p| SharedReport {
            articles: p.articles.iter().map(|&a| site.articles[a].id.clone()).collect(),
            text: p.text.clone(),
            wire: p.wire.clone(),
        })
        .collect();
    Report {
        articles: site.articles.iter().map(article_report).collect(),
        events,
        unplaced,
        conflicts,
        terms,
        quotes,
        shared,
        independent_lines: Some(o.shared.lines.len()),
        suggestions: glossary_suggestions(site).candidates,
        diagnostics: diags.located(),
    }
}

/// The dated expressions that wait for their article's publication date.
pub fn unplaced_reports(site: &Site) -> Vec<UnplacedReport> {
    site.timeline
        .unplaced()
        .map(|m| {
            let a = &site.articles[m.article];
            UnplacedReport {
                article: a.id.clone(),
                paragraph: m.paragraph,
                expression: m.expression.clone(),
                text: m.text.clone(),
                reason: format!(
                    "`{}` is relative and {} has no known publication date{}",
                    m.expression,
                    a.id,
                    a.date.evidence.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
                ),
            }
        })
        .collect()
}

/// How a speaker is named in reports and pages.
pub fn speaker_name(site: &Site, speaker: &crate::outlets::Speaker) -> String {
    match speaker {
        crate::outlets::Speaker::Term(t) => site.glossary.terms[*t].headword.clone(),
        crate::outlets::Speaker::Named(n) | crate::outlets::Speaker::Anonymous(n) => n.clone(),
    }
}

fn glossary_suggestions(site: &Site) -> crate::glossary::suggest::Suggestions {
    let outlet_names: Vec<String> =
        site.outlets.of_article.iter().map(|&o| site.outlets.list[o].name.clone()).collect();
    crate::glossary::suggest::suggest(&site.articles, &outlet_names, &site.glossary)
}

/// The glossary's suggestions for the text report: candidate terms as TOML stubs.
pub fn glossary_warnings(site: &Site, diags: &mut Diagnostics) -> String {
    let s = glossary_suggestions(site);
    // Unused terms and near-miss spellings are reported by `lints` (with their codes).
    let _ = diags;
    let mut out = String::new();
    if !s.candidates.is_empty() {
        out.push_str(&format!(
            "# {} recurring name(s) no glossary term covers, by outlets mentioning them; paste into glossary.toml:\n\n",
            s.candidates.len()
        ));
        for c in s.candidates.iter().take(20) {
            out.push_str(&c.toml);
            out.push('\n');
        }
        if s.candidates.len() > 20 {
            out.push_str(&format!(
                "# … and {} more in `dossier check --format json` (suggestions)\n\n",
                s.candidates.len() - 20
            ));
        }
    }
    out
}

/// The human-readable extraction table: per article, each field with its source, confidence
/// and evidence, and the removed lines grouped by reason.
pub fn extraction_table(site: &Site) -> String {
    let mut out = String::new();
    for a in &site.articles {
        out.push_str(&format!("{} ({})\n", a.id, a.file));
        let mut row = |name: &str, value: Option<String>, p: Provenance| {
            let conf = if p.source == "extracted" || p.source == "inferred" {
                format!(" {:.0}%", p.confidence * 100.0)
            } else {
                String::new()
            };
            let evidence = p.evidence.map(|e| format!("  [{e}]")).unwrap_or_default();
            out.push_str(&format!(
                "  {name:<9} {:<48} {}{conf}{evidence}\n",
                value.unwrap_or_else(|| "—".to_string()),
                p.source
            ));
        };
        row("headline", a.title.value.clone(), prov(&a.title));
        row("outlet", a.outlet.value.clone(), prov(&a.outlet));
        row("date", a.date.value.map(|d| d.iso()), prov(&a.date));
        row("byline", a.byline.value.as_ref().map(|b| b.join(", ")), prov(&a.byline));
        row("dateline", a.dateline.value.clone(), prov(&a.dateline));
        row("wire", a.wire.value.clone(), prov(&a.wire));
        row("url", a.url.value.clone(), prov(&a.url));
        out.push_str(&format!("  body      {} paragraphs, {} captions\n", a.paragraphs.len(), a.captions.len()));
        // Remarks not already shown as a field's evidence.
        let shown: Vec<&str> = [
            &a.title.evidence,
            &a.outlet.evidence,
            &a.date.evidence,
            &a.byline.evidence,
            &a.dateline.evidence,
            &a.wire.evidence,
        ]
        .into_iter()
        .filter_map(|e| e.as_deref())
        .collect();
        // A remark about a field the editor has since given is stale.
        let stale = |n: &str| {
            (a.outlet.value.is_some() && n.starts_with("outlet unknown"))
                || (a.date.value.is_some() && n.starts_with("date unknown"))
        };
        for note in a.notes.iter().filter(|n| !shown.contains(&n.as_str()) && !stale(n)) {
            out.push_str(&format!("  note      {note}\n"));
        }
        out.push_str(&removed_by_reason(&a.removed));
        out.push('\n');
    }
    let unplaced = unplaced_reports(site);
    if !unplaced.is_empty() {
        out.push_str(&format!(
            "unplaced events: {} dated expression(s) wait for a publication date (give `date` in a sidecar)\n",
            unplaced.len()
        ));
        for u in &unplaced {
            out.push_str(&format!("  {} ¶{}  “{}”  {}\n", u.article, u.paragraph, u.expression, u.text));
        }
        out.push('\n');
    }
    for k in &site.timeline.conflicts {
        let kind = if k.ambiguous { "conflict or ambiguity" } else { "conflict" };
        out.push_str(&format!("{kind} ({}):\n", k.happening));
        for &c in &k.clusters {
            for &i in &site.timeline.clusters[c].mentions {
                let m = &site.timeline.mentions[i];
                out.push_str(&format!(
                    "  {} ¶{}  {}\n",
                    site.articles[m.article].id,
                    m.paragraph,
                    m.explain.as_deref().unwrap_or(&m.expression)
                ));
            }
        }
        out.push('\n');
    }
    out
}

/// The removed lines grouped by reason: every line number under its reason, and the text of
/// the first few of each group so a reader sees what the reason covers.
fn removed_by_reason(removed: &[crate::extract::Removed]) -> String {
    const SHOWN: usize = 4;
    let mut by_reason: std::collections::BTreeMap<&str, Vec<&crate::extract::Removed>> =
        std::collections::BTreeMap::new();
    for r in removed {
        by_reason.entry(r.reason.as_str()).or_default().push(r);
    }
    let mut out = String::new();
    if removed.is_empty() {
        out.push_str("  removed   nothing\n");
    }
    for (reason, items) in by_reason {
        let lines: Vec<String> = items.iter().map(|r| r.line.to_string()).collect();
        let noun = if items.len() == 1 { "line" } else { "lines" };
        out.push_str(&format!("  removed   {reason} ({} {noun}: {})\n", items.len(), lines.join(", ")));
        for r in items.iter().take(SHOWN) {
            let text: String = r.text.chars().take(70).collect();
            let cut = if r.text.chars().count() > 70 { "…" } else { "" };
            out.push_str(&format!("              {:>5}: {text}{cut}\n", r.line));
        }
        if items.len() > SHOWN {
            out.push_str(&format!("              … and {} more\n", items.len() - SHOWN));
        }
    }
    out
}
