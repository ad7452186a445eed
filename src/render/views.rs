//! The template context: plain view types built from the [`Site`] for one page.
//!
//! This is the public API that theme authors depend on; every field is documented in
//! `themes/README.md`. Strings are plain text (the templates escape them) except fields named
//! `*_html`, which are HTML built here from escaped text and must be printed with `| safe`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::extract::Article;
use crate::glossary::Place;
use crate::markdown::DocRef;
use crate::site::paths;
use crate::timeline::{Entry, EntryKind};

use super::page::Page;
use super::text;

/// Site-wide settings and counts (`site` in every template).
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub language: String,
    pub editor: Option<String>,
    pub handling: Option<String>,
    pub paper: &'static str,
    pub articles: usize,
    pub outlets: usize,
    pub notes: usize,
    pub terms: usize,
    pub events: usize,
    /// "27 October – 10 November 2014": the span of dated articles and events.
    pub span: Option<String>,
}

/// A link as text + href (+ tooltip).
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub text: String,
    pub href: String,
    pub title: Option<String>,
}

/// A navigation entry.
#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
    pub href: String,
    pub outlet: String,
    pub outlet_href: String,
    /// "28 October 2014", or None when unknown.
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub byline: Option<String>,
    /// The wire agency whose copy it carries, when that is not the outlet itself.
    pub wire: Option<String>,
    pub paragraphs: usize,
}

/// A metadata field with its provenance.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub value: Option<String>,
    /// front matter | sidecar | extracted | inferred | unknown
    pub source: &'static str,
    /// "95%"; None when given by the editor or unknown.
    pub confidence: Option<String>,
    pub evidence: Option<String>,
}

/// A clean paragraph.
#[derive(Debug, Serialize)]
pub struct ParagraphView {
    /// 1-based number, as in `#pN` links.
    pub n: usize,
    pub anchor: String,
    pub html: String,
}

/// A line dropped from the scrape.
#[derive(Debug, Serialize)]
pub struct RemovedView {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// A term mentioned on a page, with a count.
#[derive(Debug, Serialize)]
pub struct TermRef {
    pub headword: String,
    pub href: String,
    pub count: usize,
}

/// A whole article page (`article`).
#[derive(Debug, Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    pub anchor: String,
    pub dateline: Option<String>,
    pub url: Option<String>,
    pub fields: Vec<FieldView>,
    pub paragraphs: Vec<ParagraphView>,
    pub captions: Vec<String>,
    pub removed: Vec<RemovedView>,
    pub raw_href: String,
    pub raw_text: String,
    pub remarks: Vec<String>,
    pub events: Vec<EntryRef>,
    /// The same story in other outlets.
    pub others: Vec<ArticleSummary>,
    pub terms: Vec<TermRef>,
}

/// A timeline entry as a reference.
#[derive(Debug, Serialize)]
pub struct EntryRef {
    pub date: String,
    pub title: String,
    pub href: String,
}

/// A note (`note`).
#[derive(Debug, Serialize)]
pub struct NoteView {
    pub slug: String,
    pub anchor: String,
    pub title: String,
    pub href: String,
    pub date: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub html: String,
    pub toc: Vec<TocItem>,
}

#[derive(Debug, Serialize)]
pub struct TocItem {
    pub level: u8,
    pub href: String,
    pub text: String,
}

/// One mention of a term, with context.
#[derive(Debug, Serialize)]
pub struct MentionView {
    pub source: String,
    pub href: String,
    /// "¶4"
    pub place: String,
    pub snippet_html: String,
}

#[derive(Debug, Serialize)]
pub struct MentionGroup {
    pub outlet: String,
    pub outlet_href: String,
    pub mentions: Vec<MentionView>,
}

/// A glossary term (`term`).
#[derive(Debug, Serialize)]
pub struct TermView {
    pub headword: String,
    pub anchor: String,
    pub href: String,
    pub abbr: Option<String>,
    pub aliases: Vec<String>,
    pub kind: &'static str,
    pub definition_html: String,
    pub see_also: Vec<LinkView>,
    pub pointed_from: Vec<LinkView>,
    pub mention_count: usize,
    pub outlet_count: usize,
    pub first_outlet: Option<String>,
    pub by_outlet: Vec<MentionGroup>,
    pub in_notes: Vec<MentionView>,
}

#[derive(Debug, Serialize)]
pub struct TermGroup {
    pub label: &'static str,
    pub terms: Vec<TermView>,
}

/// A timeline entry (`entry`).
#[derive(Debug, Serialize)]
pub struct EntryView {
    pub anchor: String,
    pub date: String,
    pub date_iso: String,
    pub precision: &'static str,
    pub end: Option<String>,
    pub title: String,
    pub body_html: String,
    /// "editor" or "publication".
    pub kind: &'static str,
    pub sources: Vec<LinkView>,
    pub outlets: Vec<String>,
    /// Outlet slugs, for filtering.
    pub outlet_slugs: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EntryGroup {
    pub label: String,
    pub entries: Vec<EntryView>,
}

/// An outlet (`outlet`).
#[derive(Debug, Serialize)]
pub struct OutletView {
    pub name: String,
    pub slug: String,
    pub anchor: String,
    pub href: String,
    pub articles: Vec<ArticleSummary>,
    pub bylines: Vec<String>,
    pub wires: Vec<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub notes: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub terms: Vec<TermRef>,
    pub missed_terms: Vec<TermRef>,
    pub events: Vec<EntryRef>,
    pub missed_events: Vec<EntryRef>,
}

/// A coverage matrix: rows × outlets.
#[derive(Debug, Serialize)]
pub struct Matrix {
    pub columns: Vec<LinkView>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub label: LinkView,
    /// Per outlet: number of mentions or articles (0 = not covered).
    pub cells: Vec<usize>,
    pub covered: usize,
}

fn pct(c: f32) -> String {
    format!("{:.0}%", (c * 100.0).clamp(0.0, 100.0))
}

impl<'s> Page<'s> {
    pub fn site_view(&self) -> SiteView {
        let s = self.site;
        let dates: Vec<_> = s
            .articles
            .iter()
            .filter_map(|a| a.date.value)
            .chain(s.timeline.entries.iter().filter(|e| e.is_editor()).map(|e| e.date))
            .collect();
        let span = match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) if a == b => Some(a.long()),
            (Some(a), Some(b)) => Some(format!("{} – {}", a.long(), b.long())),
            _ => None,
        };
        SiteView {
            title: s.config.title.clone(),
            subtitle: s.config.subtitle.clone(),
            description: s.config.description.clone(),
            language: s.config.language.clone(),
            editor: s.config.editor.clone(),
            handling: s.config.handling.clone(),
            paper: s.config.print.paper.css(),
            articles: s.articles.len(),
            outlets: s.outlets.list.len(),
            notes: s.notes.len(),
            terms: s.glossary.terms.len(),
            events: s.timeline.entries.iter().filter(|e| e.is_editor()).count(),
            span,
        }
    }

    pub fn nav(&self) -> Vec<NavItem> {
        let current = |p: &str| {
            self.path == p
                || (p == paths::NOTES && self.path.starts_with("notes/"))
                || (p == paths::OUTLETS && self.path.starts_with("outlets/"))
        };
        [
            ("Cover", paths::INDEX),
            ("Notes", paths::NOTES),
            ("Timeline", paths::TIMELINE),
            ("Outlets", paths::OUTLETS),
            ("Glossary", paths::GLOSSARY),
            ("Search", paths::SEARCH),
            ("Print", paths::PRINT),
        ]
        .into_iter()
        .map(|(label, p)| NavItem { label, href: self.to(p), current: current(p) })
        .collect()
    }

    pub fn article_summary(&self, a: usize) -> ArticleSummary {
        let art = &self.site.articles[a];
        let o = &self.site.outlets.list[self.site.outlets.of_article[a]];
        ArticleSummary {
            id: art.id.clone(),
            title: art.display_title().to_string(),
            href: self.link(&paths::article(&art.slug), &paths::article_anchor(&art.slug)),
            outlet: o.name.clone(),
            outlet_href: self.link(&paths::outlet(&o.slug), &o.anchor),
            date: art.date.value.map(|d| d.long()),
            date_iso: art.date.value.map(|d| d.iso()),
            byline: art.byline.value.as_ref().filter(|b| !b.is_empty()).map(|b| b.join(", ")),
            // The agency whose copy this is, unless the outlet is that agency.
            wire: art.wire.value.clone().filter(|w| {
                let aliases = &self.site.config.outlets.aliases;
                crate::extract::canonical_outlet(w, aliases).unwrap_or_else(|| w.clone()) != o.name
            }),
            paragraphs: art.paragraphs.len(),
        }
    }

    fn fields(art: &Article) -> Vec<FieldView> {
        fn f<T>(name: &'static str, field: &crate::extract::Field<T>, show: impl Fn(&T) -> String) -> FieldView {
            let editor = matches!(field.source, crate::extract::Origin::FrontMatter | crate::extract::Origin::Sidecar);
            FieldView {
                name,
                value: field.value.as_ref().map(show),
                source: field.source.label(),
                confidence: (!editor && field.value.is_some()).then(|| pct(field.confidence)),
                evidence: field.evidence.clone(),
            }
        }
        vec![
            f("Headline", &art.title, String::clone),
            f("Outlet", &art.outlet, String::clone),
            f("Published", &art.date, |d| d.long()),
            f("Byline", &art.byline, |b| b.join(", ")),
            f("Dateline", &art.dateline, String::clone),
            f("Wire", &art.wire, String::clone),
            f("URL", &art.url, String::clone),
        ]
    }

    /// A paragraph's HTML with glossary links.
    pub fn paragraph_html(&self, a: usize, p: usize) -> String {
        let text = &self.site.articles[a].paragraphs[p].text;
        let mentions = self
            .site
            .glossary
            .in_article(a)
            .filter(|m| matches!(m.place, Place::Article { paragraph, .. } if paragraph == p));
        let marks = self.term_marks(mentions, true);
        text::marked(text, &marks)
    }

    pub fn article(&self, a: usize) -> ArticleView {
        let art = &self.site.articles[a];
        let summary = self.article_summary(a);
        let paragraphs = (0..art.paragraphs.len())
            .map(|p| ParagraphView {
                n: p + 1,
                anchor: paths::paragraph_anchor(&art.slug, p + 1),
                html: self.paragraph_html(a, p),
            })
            .collect();
        let mut term_counts: BTreeMap<usize, usize> = BTreeMap::new();
        for m in self.site.glossary.in_article(a) {
            *term_counts.entry(m.term).or_insert(0) += 1;
        }
        let events = self
            .site
            .timeline
            .entries
            .iter()
            .filter(|e| e.is_editor() && e.sources.iter().any(|s| s.article == a))
            .map(|e| self.entry_ref(e))
            .collect();
        // The most related other articles, by date (all-pairs would be quadratic: see site::related).
        let others = self.site.related.get(a).into_iter().flatten().map(|&b| self.article_summary(b)).collect();
        ArticleView {
            summary,
            anchor: paths::article_anchor(&art.slug),
            dateline: art.dateline.value.clone(),
            url: art.url.value.clone(),
            fields: Self::fields(art),
            paragraphs,
            captions: art.captions.iter().map(|c| c.text.clone()).collect(),
            removed: art
                .removed
                .iter()
                .map(|r| RemovedView { line: r.line, text: r.text.clone(), reason: r.reason.clone() })
                .collect(),
            raw_href: self.to(&paths::raw_article(&art.slug)),
            raw_text: art.raw.clone(),
            remarks: art.notes.clone(),
            events,
            others,
            terms: self.term_refs(&term_counts),
        }
    }

    fn term_refs(&self, counts: &BTreeMap<usize, usize>) -> Vec<TermRef> {
        let mut refs: Vec<TermRef> = counts
            .iter()
            .map(|(&t, &count)| {
                let term = &self.site.glossary.terms[t];
                TermRef { headword: term.headword.clone(), href: self.link(paths::GLOSSARY, &term.anchor), count }
            })
            .collect();
        refs.sort_by(|a, b| {
            b.count.cmp(&a.count).then_with(|| a.headword.to_lowercase().cmp(&b.headword.to_lowercase()))
        });
        refs
    }

    pub fn entry_ref(&self, e: &Entry) -> EntryRef {
        EntryRef { date: e.date.long(), title: e.title.clone(), href: self.link(paths::TIMELINE, &e.anchor) }
    }

    pub fn note(&self, i: usize) -> NoteView {
        let n = &self.site.notes[i];
        let front = &n.source.front;
        let headings = self.site.docs.notes.get(i).map(|d| d.doc.headings.clone()).unwrap_or_default();
        NoteView {
            slug: n.slug.clone(),
            anchor: n.anchor.clone(),
            title: front.title.clone(),
            href: self.link(&paths::note(&n.slug), &n.anchor),
            date: front.date.map(|d| d.long()),
            summary: front.summary.clone(),
            tags: front.tags.clone(),
            html: self.doc_html(DocRef::Note(i)),
            toc: headings
                .into_iter()
                .filter(|h| h.level <= 3)
                .map(|h| TocItem { level: h.level, href: self.link(&paths::note(&n.slug), &h.id), text: h.text })
                .collect(),
        }
    }

    pub fn term(&self, t: usize) -> TermView {
        let g = &self.site.glossary;
        let term = &g.terms[t];
        let link = |j: usize| LinkView {
            text: g.terms[j].headword.clone(),
            href: self.link(paths::GLOSSARY, &g.terms[j].anchor),
            title: None,
        };
        let mut by_outlet: BTreeMap<usize, Vec<MentionView>> = BTreeMap::new();
        let mut in_notes = Vec::new();
        let mut first: Option<(Option<crate::date::PartialDate>, String)> = None;
        let mut count = 0;
        for m in g.of_term(t) {
            count += 1;
            match m.place {
                Place::Article { article, paragraph } => {
                    let art = &self.site.articles[article];
                    let o = self.site.outlets.of_article[article];
                    by_outlet.entry(o).or_default().push(MentionView {
                        source: art.display_title().to_string(),
                        href: self.link(&paths::article(&art.slug), &paths::paragraph_anchor(&art.slug, paragraph + 1)),
                        place: format!("¶{}", paragraph + 1),
                        snippet_html: text::snippet(&art.paragraphs[paragraph].text, m.range.clone(), 200),
                    });
                    let key = (art.date.value, self.site.outlets.list[o].name.clone());
                    if art.date.value.is_some() && first.as_ref().is_none_or(|f| key.0 < f.0) {
                        first = Some(key);
                    }
                }
                Place::Doc { doc: DocRef::Note(i), event, .. } => {
                    let n = &self.site.notes[i];
                    let text = self
                        .site
                        .docs
                        .notes
                        .get(i)
                        .and_then(|d| {
                            d.doc
                                .linkable_texts()
                                .into_iter()
                                .find(|(e, _, _)| *e == event)
                                .map(|(_, _, s)| s.to_string())
                        })
                        .unwrap_or_default();
                    in_notes.push(MentionView {
                        source: n.source.front.title.clone(),
                        href: self.link(&paths::note(&n.slug), &n.anchor),
                        place: "note".to_string(),
                        snippet_html: text::snippet(&text, m.range.clone(), 200),
                    });
                }
                Place::Doc { .. } => {}
            }
        }
        let outlet_count = by_outlet.len();
        TermView {
            headword: term.headword.clone(),
            anchor: term.anchor.clone(),
            href: self.link(paths::GLOSSARY, &term.anchor),
            abbr: term.abbr.clone(),
            aliases: term.aliases.clone(),
            kind: term.kind.name(),
            definition_html: self.doc_html(DocRef::Definition(t)),
            see_also: term.see_also.iter().map(|&j| link(j)).collect(),
            pointed_from: term.pointed_from.iter().filter(|j| !term.see_also.contains(j)).map(|&j| link(j)).collect(),
            mention_count: count,
            outlet_count,
            first_outlet: first.map(|f| f.1),
            by_outlet: by_outlet
                .into_iter()
                .map(|(o, mentions)| {
                    let outlet = &self.site.outlets.list[o];
                    MentionGroup {
                        outlet: outlet.name.clone(),
                        outlet_href: self.link(&paths::outlet(&outlet.slug), &outlet.anchor),
                        mentions,
                    }
                })
                .collect(),
            in_notes,
        }
    }

    /// Terms grouped by kind, A–Z within each.
    pub fn term_groups(&self) -> Vec<TermGroup> {
        let mut groups: BTreeMap<crate::content::TermKind, Vec<usize>> = BTreeMap::new();
        for (i, t) in self.site.glossary.terms.iter().enumerate() {
            groups.entry(t.kind).or_default().push(i);
        }
        groups
            .into_iter()
            .map(|(kind, mut terms)| {
                terms.sort_by_key(|&t| self.site.glossary.terms[t].headword.to_lowercase());
                TermGroup { label: kind.label(), terms: terms.into_iter().map(|t| self.term(t)).collect() }
            })
            .collect()
    }

    pub fn entry(&self, e: &Entry) -> EntryView {
        let outlets: BTreeSet<usize> = e.articles().into_iter().map(|a| self.site.outlets.of_article[a]).collect();
        EntryView {
            anchor: e.anchor.clone(),
            date: e.date.short(),
            date_iso: e.date.iso(),
            precision: match e.date.precision() {
                crate::date::Precision::Day => "day",
                crate::date::Precision::Month => "month",
                crate::date::Precision::Year => "year",
            },
            end: e.end.map(|d| d.short()),
            title: e.title.clone(),
            body_html: e.body.map(|b| self.doc_html(b)).unwrap_or_default(),
            kind: match e.kind {
                EntryKind::Editor { .. } => "editor",
                EntryKind::Publication { .. } => "publication",
            },
            sources: e
                .sources
                .iter()
                .map(|s| {
                    let art = &self.site.articles[s.article];
                    let o = &self.site.outlets.list[self.site.outlets.of_article[s.article]];
                    match s.paragraph {
                        Some(p) => LinkView {
                            text: format!("{} ¶{p}", o.name),
                            href: self.link(&paths::article(&art.slug), &paths::paragraph_anchor(&art.slug, p)),
                            title: Some(art.display_title().to_string()),
                        },
                        None => LinkView {
                            text: o.name.clone(),
                            href: self.link(&paths::article(&art.slug), &paths::article_anchor(&art.slug)),
                            title: Some(art.display_title().to_string()),
                        },
                    }
                })
                .collect(),
            outlets: outlets.iter().map(|&o| self.site.outlets.list[o].name.clone()).collect(),
            outlet_slugs: outlets.iter().map(|&o| self.site.outlets.list[o].slug.clone()).collect(),
        }
    }

    /// Timeline entries grouped by month (or year for year-only dates).
    pub fn entry_groups(&self) -> Vec<EntryGroup> {
        let mut groups: Vec<EntryGroup> = Vec::new();
        for e in &self.site.timeline.entries {
            let label = match e.date.month_name() {
                Some(m) => format!("{m} {}", e.date.year),
                None => format!("{}", e.date.year),
            };
            match groups.last_mut() {
                Some(g) if g.label == label => g.entries.push(self.entry(e)),
                _ => groups.push(EntryGroup { label, entries: vec![self.entry(e)] }),
            }
        }
        groups
    }

    pub fn outlet(&self, o: usize) -> OutletView {
        let outlet = &self.site.outlets.list[o];
        let entries = &self.site.timeline.entries;
        let zero: BTreeMap<usize, usize> = outlet.missed_terms.iter().map(|&t| (t, 0)).collect();
        let mut missed = self.term_refs(&zero);
        missed.sort_by_key(|t| t.headword.to_lowercase());
        OutletView {
            name: outlet.name.clone(),
            slug: outlet.slug.clone(),
            anchor: outlet.anchor.clone(),
            href: self.link(&paths::outlet(&outlet.slug), &outlet.anchor),
            articles: outlet.articles.iter().map(|&a| self.article_summary(a)).collect(),
            bylines: outlet.bylines.clone(),
            wires: outlet.wires.clone(),
            country: outlet.info.as_ref().and_then(|i| i.country.clone()),
            kind: outlet.info.as_ref().and_then(|i| i.kind.clone()),
            notes: outlet.info.as_ref().and_then(|i| i.notes.clone()),
            first: outlet.first.map(|d| d.long()),
            last: outlet.last.map(|d| d.long()),
            terms: self.term_refs(&outlet.terms),
            missed_terms: missed,
            events: outlet
                .events
                .iter()
                .filter(|&&e| entries[e].is_editor())
                .map(|&e| self.entry_ref(&entries[e]))
                .collect(),
            missed_events: outlet.missed_events.iter().map(|&e| self.entry_ref(&entries[e])).collect(),
        }
    }

    fn outlet_columns(&self) -> Vec<LinkView> {
        self.site
            .outlets
            .list
            .iter()
            .map(|o| LinkView {
                text: o.name.clone(),
                href: self.link(&paths::outlet(&o.slug), &o.anchor),
                title: None,
            })
            .collect()
    }

    /// Outlets × glossary terms (mention counts).
    pub fn term_matrix(&self) -> Matrix {
        let g = &self.site.glossary;
        let mut rows: Vec<MatrixRow> = g
            .terms
            .iter()
            .enumerate()
            .map(|(t, term)| {
                let cells: Vec<usize> =
                    self.site.outlets.list.iter().map(|o| o.terms.get(&t).copied().unwrap_or(0)).collect();
                MatrixRow {
                    label: LinkView {
                        text: term.headword.clone(),
                        href: self.link(paths::GLOSSARY, &term.anchor),
                        title: None,
                    },
                    covered: cells.iter().filter(|&&c| c > 0).count(),
                    cells,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.covered.cmp(&a.covered).then_with(|| a.label.text.to_lowercase().cmp(&b.label.text.to_lowercase()))
        });
        Matrix { columns: self.outlet_columns(), rows }
    }

    /// Outlets × editor timeline entries (articles cited).
    pub fn event_matrix(&self) -> Matrix {
        let rows = self
            .site
            .timeline
            .entries
            .iter()
            .filter(|e| e.is_editor())
            .map(|e| {
                let cells: Vec<usize> = self
                    .site
                    .outlets
                    .list
                    .iter()
                    .map(|o| {
                        e.sources
                            .iter()
                            .filter(|s| o.articles.contains(&s.article))
                            .map(|s| s.article)
                            .collect::<BTreeSet<_>>()
                            .len()
                    })
                    .collect();
                MatrixRow {
                    label: LinkView {
                        text: format!("{} — {}", e.date.short(), e.title),
                        href: self.link(paths::TIMELINE, &e.anchor),
                        title: None,
                    },
                    covered: cells.iter().filter(|&&c| c > 0).count(),
                    cells,
                }
            })
            .collect();
        Matrix { columns: self.outlet_columns(), rows }
    }
}
