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
    pub terms: Vec<TermReport>,
    /// Names and acronyms the glossary could add (see `glossary::suggest`).
    pub suggestions: Vec<crate::glossary::suggest::Candidate>,
    pub diagnostics: Vec<Located>,
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
            terms: Vec::new(),
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
    Report {
        articles: site.articles.iter().map(article_report).collect(),
        terms,
        suggestions: glossary_suggestions(site).candidates,
        diagnostics: diags.located(),
    }
}

fn glossary_suggestions(site: &Site) -> crate::glossary::suggest::Suggestions {
    let outlet_names: Vec<String> =
        site.outlets.of_article.iter().map(|&o| site.outlets.list[o].name.clone()).collect();
    crate::glossary::suggest::suggest(&site.articles, &outlet_names, &site.glossary)
}

/// The glossary's warnings: terms never mentioned, and likely misspellings of a term in the
/// articles (at the article file's line). Returns the candidate terms as TOML stubs, for the
/// text report.
pub fn glossary_warnings(site: &Site, diags: &mut Diagnostics) -> String {
    let s = glossary_suggestions(site);
    let g = &site.glossary;
    for &t in &s.unused {
        let term = &g.terms[t];
        diags
            .warning(
                &term.file,
                Some(term.span.clone()),
                format!("term `{}` is defined but never mentioned", term.headword),
            )
            .hint("add the spelling the articles use as an alias, or remove the term");
    }
    for typo in &s.typos {
        let a = &site.articles[typo.article];
        let line = a.paragraphs.get(typo.paragraph).map_or(1, |p| p.line);
        let span = diags.source(&a.file).and_then(|text| {
            let from = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
            find_in(text, &typo.found, from)
        });
        let term = &g.terms[typo.term];
        diags
            .warning(
                &a.file,
                span,
                format!("`{}` looks like a misspelling of `{}` (term `{}`)", typo.found, typo.close_to, term.headword),
            )
            .hint(format!(
                "if it is the same name, add `{}` to the aliases of `{}`, or drop the line with a `drop` rule",
                typo.found, term.headword
            ));
    }
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

/// The byte range of `needle` in `text` at or after `from`.
fn find_in(text: &str, needle: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let start = text.get(from..)?.find(needle)? + from;
    Some(start..start + needle.len())
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
        out.push_str(&format!("  body      {} paragraphs, {} captions\n", a.paragraphs.len(), a.captions.len()));
        let mut by_reason: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
        for r in &a.removed {
            by_reason.entry(r.reason.as_str()).or_default().push(r.line);
        }
        for (reason, lines) in by_reason {
            let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out.push_str(&format!("  removed   {reason}: line {}\n", lines.join(", ")));
        }
        out.push('\n');
    }
    out
}
