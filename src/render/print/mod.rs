//! The print pack (`print.html`): the parts chosen and ordered in `[print] sections`, numbered
//! here (never in the template), each article printed in full, as a lede or as a listing
//! (`[print] article_text`, bounded by `max_full_articles`), and the articles' source URLs as
//! numbered endnotes. [`plan::PrintPlan`] decides what is printed; links to anything it leaves
//! out fall back to the web pages.
//!
//! Cost: one pass over outlets and their articles; each article's printed paragraphs are
//! rendered once, and nothing is looked up by scanning all articles.

pub mod plan;

use serde::Serialize;

use crate::config::{ArticleText, PrintSection};
use crate::markdown::DocRef;
use crate::site::{Site, paths};

pub use plan::PrintPlan;

use super::page::Page;
use super::views::{Matrix, NoteView};
use super::{Job, base_context, insert};

/// On paper, each speaker's most widely carried quotations (the quotes page has them all).
pub const QUOTES_PER_SPEAKER: usize = 20;

/// Most outlet columns in one printed matrix table; wider matrices are split into groups.
pub const MATRIX_COLUMNS: usize = 6;

/// The pack's settings and parts (`print` in `print.html`).
#[derive(Debug, Serialize)]
pub struct PrintView {
    /// The printed parts, in order, numbered.
    pub parts: Vec<PartView>,
    /// Names of the parts left out (`[print] sections`).
    pub omitted: Vec<&'static str>,
    /// "full", "lede" or "none": what is printed of each article.
    pub article_text: &'static str,
    /// What `[print] article_text` asked for.
    pub article_text_configured: &'static str,
    /// True when "full" was asked for but ledes are printed: more articles than
    /// `max_full_articles`.
    pub degraded: bool,
    pub max_full_articles: usize,
    pub articles: usize,
    /// Whether the articles are in the pack (the `outlets` part).
    pub articles_printed: bool,
    /// Timeline entries not printed (with ledes, only the editor's events are printed).
    pub timeline_left_out: usize,
}

/// One part of the pack.
#[derive(Debug, Serialize)]
pub struct PartView {
    /// "summary", "notes", "timeline", "outlets", "quotes", "glossary" or "sources".
    pub name: &'static str,
    /// Its section number, 1-based.
    pub number: usize,
    pub title: &'static str,
    /// `part-<name>`.
    pub anchor: String,
}

/// A printed note: its section number ("2.3") and the note.
#[derive(Debug, Serialize)]
pub struct PrintNote {
    pub section: String,
    #[serde(flatten)]
    pub note: NoteView,
}

/// An outlet in the pack, with its printed articles.
#[derive(Debug, Serialize)]
pub struct PrintOutlet {
    /// "4.2"
    pub section: String,
    pub name: String,
    pub anchor: String,
    pub wires: Vec<String>,
    pub bylines: Vec<String>,
    pub articles: Vec<PrintArticle>,
}

/// The source endnotes, in the order of their numbers (outlets, then their articles).
fn endnotes(p: &Page<'_>, plan: &PrintPlan) -> Vec<Endnote> {
    let site = p.site;
    let mut notes = Vec::new();
    for outlet in &site.outlets.list {
        for &a in &outlet.articles {
            let art = &site.articles[a];
            let (Some(n), Some(url)) = (plan.endnote(a), art.url.value.as_ref()) else { continue };
            notes.push(Endnote {
                n,
                anchor: endnote_anchor(n),
                section: plan.article_section(site, a),
                href: p.article_link(&art.slug, None),
                page: paths::article(&art.slug),
                outlet: outlet.name.clone(),
                title: art.display_title().to_string(),
                date: art.date.value.map(|d| d.long()),
                url: url.clone(),
            });
        }
    }
    notes
}

/// An article in the pack.
#[derive(Debug, Serialize)]
pub struct PrintArticle {
    /// "4.2.1"
    pub section: String,
    pub anchor: String,
    pub title: String,
    pub outlet: String,
    pub wire: Option<String>,
    pub date: Option<String>,
    pub byline: Option<String>,
    /// The source URL, printed here only when the pack has no `sources` part.
    pub url: Option<String>,
    /// Its source endnote.
    pub endnote: Option<EndnoteRef>,
    /// The printed paragraphs (all, the first, or none).
    pub paragraphs: Vec<PrintParagraph>,
    /// Paragraphs not printed (lede / none), read on `page`.
    pub more_paragraphs: usize,
    /// The article's web page, relative (`articles/x.html`).
    pub page: String,
}

#[derive(Debug, Serialize)]
pub struct PrintParagraph {
    pub n: usize,
    pub anchor: String,
    pub html: String,
}

/// A marker pointing to a source endnote.
#[derive(Debug, Serialize)]
pub struct EndnoteRef {
    pub n: usize,
    pub href: String,
}

/// A source endnote: the article and its URL.
#[derive(Debug, Serialize)]
pub struct Endnote {
    pub n: usize,
    pub anchor: String,
    /// "4.2.1", `null` when the articles are not printed.
    pub section: Option<String>,
    /// The article in the pack, or its web page.
    pub href: String,
    /// Its web page (`articles/x.html`).
    pub page: String,
    pub outlet: String,
    pub title: String,
    pub date: Option<String>,
    pub url: String,
}

fn title(part: PrintSection) -> &'static str {
    match part {
        PrintSection::Summary => "Summary",
        PrintSection::Notes => "Notes",
        PrintSection::Timeline => "Timeline",
        PrintSection::Outlets => "Outlets and articles",
        PrintSection::Quotes => "Quotes",
        PrintSection::Glossary => "Glossary",
        PrintSection::Sources => "Sources",
    }
}

/// `src-<n>`: a source endnote's anchor (print pack only).
fn endnote_anchor(n: usize) -> String {
    format!("src-{n}")
}

impl PrintView {
    fn new(site: &Site, plan: &PrintPlan) -> PrintView {
        let config = &site.config.print;
        PrintView {
            parts: plan
                .parts
                .iter()
                .enumerate()
                .map(|(i, &p)| PartView {
                    name: p.name(),
                    number: i + 1,
                    title: title(p),
                    anchor: plan::part_anchor(p),
                })
                .collect(),
            // Left out by the config (a `sources` part with nothing to list is not news).
            omitted: PrintSection::ALL.iter().filter(|p| !config.parts().contains(p)).map(|p| p.name()).collect(),
            article_text: plan.article_text.name(),
            article_text_configured: config.article_text.name(),
            degraded: plan.degraded,
            max_full_articles: config.max_full_articles,
            articles: site.articles.len(),
            articles_printed: plan.parts.contains(&PrintSection::Outlets),
            timeline_left_out: plan.timeline_left_out(),
        }
    }
}

impl Matrix {
    /// The matrix cut into tables of at most `size` outlet columns (each with every row), so
    /// a printed table never needs more than the page width.
    pub fn column_groups(&self, size: usize) -> Vec<Matrix> {
        let size = size.max(1);
        (0..self.columns.len())
            .step_by(size)
            .map(|start| {
                let end = (start + size).min(self.columns.len());
                Matrix {
                    columns: self.columns[start..end].to_vec(),
                    rows: self
                        .rows
                        .iter()
                        .map(|r| super::views::MatrixRow {
                            label: r.label.clone(),
                            cells: r.cells[start..end].to_vec(),
                            covered: r.covered,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

fn article(p: &Page<'_>, plan: &PrintPlan, a: usize) -> PrintArticle {
    let site = p.site;
    let art = &site.articles[a];
    let printed = match plan.article_text {
        ArticleText::Full => art.paragraphs.len(),
        ArticleText::Lede => art.paragraphs.len().min(1),
        ArticleText::None => 0,
    };
    p.reset_linking();
    PrintArticle {
        section: plan.article_section(site, a).unwrap_or_default(),
        anchor: paths::article_anchor(&art.slug),
        // As `Page::article_summary` gives them (the rest of a summary is not printed).
        title: art.display_title().to_string(),
        outlet: site.outlets.list[site.outlets.of_article[a]].name.clone(),
        wire: p.wire(a),
        date: art.date.value.map(|d| d.long()),
        byline: Page::byline(art),
        url: if plan.endnote(a).is_some() { None } else { art.url.value.clone() },
        endnote: plan.endnote(a).map(|n| EndnoteRef { n, href: format!("#{}", endnote_anchor(n)) }),
        paragraphs: (0..printed)
            .map(|k| PrintParagraph {
                n: k + 1,
                anchor: paths::paragraph_anchor(&art.slug, k + 1),
                html: p.paragraph_html(a, k),
            })
            .collect(),
        more_paragraphs: art.paragraphs.len() - printed,
        page: paths::article(&art.slug),
    }
}

/// Views the built-in `print.html` does not read, built only for a theme whose template might
/// (see [`Wants::of_theme`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wants {
    /// Each glossary term's mentions in context (`by_outlet[].mentions`, `in_notes[].snippet_html`).
    pub(crate) term_context: bool,
    /// Each reporting line's articles (`lines[].articles`).
    pub(crate) line_articles: bool,
}

impl Wants {
    /// What the built-in template reads (the direct path).
    pub(crate) const BUILT_IN: Wants = Wants { term_context: false, line_articles: false };

    /// What the theme's `print.html` may read: a field it names is built.
    pub(crate) fn of_theme(site: &Site) -> Wants {
        let uses = |field| super::theme_uses_field(site, "print.html", field);
        Wants {
            term_context: uses("mentions") || uses("snippet_html"),
            // `articles` is a field of outlets too: only a template that never names it is lean.
            line_articles: uses("articles"),
        }
    }
}

/// Everything `print.html` is given (its context, but `site`), built once for the Tera job and
/// the direct writer ([`super::print_page`]). The parts the pack leaves out are `None` (their
/// variables are not defined for the template).
pub(crate) struct PrintPack<'s> {
    pub(crate) print: PrintView,
    pub(crate) cover_html: Option<String>,
    pub(crate) notes: Vec<PrintNote>,
    pub(crate) timeline: Option<super::timeline_page::TimelineView<'s>>,
    pub(crate) outlets: Option<Vec<PrintOutlet>>,
    pub(crate) lines: Vec<super::views::LineView>,
    /// The whole term matrix; the template gets it cut into [`MATRIX_COLUMNS`] outlets a table.
    pub(crate) term_matrix: Option<Matrix>,
    pub(crate) endnotes: Vec<Endnote>,
    pub(crate) speakers: Option<Vec<super::views::SpeakerView>>,
    pub(crate) term_groups: Option<Vec<super::views::TermGroup>>,
    pub(crate) inline_css: String,
}

impl<'s> PrintPack<'s> {
    /// The pack's views, for the print page `p` (made with [`Page::for_print`] from `plan`).
    pub(crate) fn new(p: &Page<'s>, plan: &PrintPlan, wants: Wants) -> PrintPack<'s> {
        let site = p.site;
        let has = |part| plan.parts.contains(&part);
        let cover_html = has(PrintSection::Summary).then(|| {
            p.reset_linking();
            p.doc_html_shifted(DocRef::Cover, 1)
        });
        let notes: Vec<PrintNote> = if has(PrintSection::Notes) {
            plan.notes
                .iter()
                .map(|&i| {
                    p.reset_linking();
                    PrintNote { section: plan.note_section(i).unwrap_or_default(), note: p.note(i) }
                })
                .collect()
        } else {
            Vec::new()
        };
        let timeline = has(PrintSection::Timeline).then(|| {
            p.reset_linking();
            p.timeline_view_of(&|e| plan.timeline_keeps(e))
        });
        let (outlets, lines, term_matrix) = if has(PrintSection::Outlets) {
            let outlets: Vec<PrintOutlet> = site
                .outlets
                .list
                .iter()
                .enumerate()
                .map(|(o, outlet)| PrintOutlet {
                    section: plan.outlet_section(o).unwrap_or_default(),
                    name: outlet.name.clone(),
                    anchor: outlet.anchor.clone(),
                    wires: outlet.wires.clone(),
                    bylines: outlet.bylines.clone(),
                    articles: outlet.articles.iter().map(|&a| article(p, plan, a)).collect(),
                })
                .collect();
            (Some(outlets), p.lines_with(wants.line_articles), Some(p.term_matrix()))
        } else {
            (None, Vec::new(), None)
        };
        let endnotes = if has(PrintSection::Sources) { self::endnotes(p, plan) } else { Vec::new() };
        // On paper each speaker's most widely carried quotations (the rest are counted).
        let speakers = has(PrintSection::Quotes).then(|| p.speakers_at_most(QUOTES_PER_SPEAKER));
        let term_groups = has(PrintSection::Glossary).then(|| {
            p.reset_linking();
            p.term_groups_with(wants.term_context)
        });
        let inline_css =
            site.theme.statics.get("style.css").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        PrintPack {
            print: PrintView::new(site, plan),
            cover_html,
            notes,
            timeline,
            outlets,
            lines,
            term_matrix,
            endnotes,
            speakers,
            term_groups,
            inline_css,
        }
    }
}

/// The print pack's render job (Tera), with the views the theme's `print.html` may read.
pub(super) fn job(site: &Site, docs: &super::doc_parts::DocCache) -> Job {
    let plan = PrintPlan::new(site);
    let p = Page::for_print(site, &plan).with_docs(docs);
    let pack = PrintPack::new(&p, &plan, Wants::of_theme(site));
    let mut ctx = base_context(&p, &site.config.title, "print");
    insert_pack(&mut ctx, &pack);
    Job { path: paths::PRINT.to_string(), template: "print.html", ctx, size_hint: 0 }
}

/// The pack's views into a template context, as `print.html` reads them.
pub(super) fn insert_pack(ctx: &mut tera::Context, pack: &PrintPack<'_>) {
    insert(ctx, "print", &pack.print);
    if let Some(cover_html) = &pack.cover_html {
        insert(ctx, "cover_html", cover_html);
    }
    insert(ctx, "notes", &pack.notes);
    if let Some(timeline) = &pack.timeline {
        insert(ctx, "timeline", timeline);
    }
    if let Some(outlets) = &pack.outlets {
        insert(ctx, "outlets", outlets);
        insert(ctx, "lines", &pack.lines);
    }
    if let Some(matrix) = &pack.term_matrix {
        insert(ctx, "term_matrix_groups", &matrix.column_groups(MATRIX_COLUMNS));
    }
    insert(ctx, "endnotes", &pack.endnotes);
    if let Some(speakers) = &pack.speakers {
        insert(ctx, "speakers", speakers);
    }
    if let Some(term_groups) = &pack.term_groups {
        insert(ctx, "term_groups", term_groups);
    }
    insert(ctx, "inline_css", &pack.inline_css);
}

#[cfg(test)]
mod tests {
    use super::super::views::{LinkView, MatrixRow};
    use super::*;

    fn link(text: &str) -> LinkView {
        LinkView { text: text.to_string(), href: String::new(), title: None }
    }

    /// (outlets, group size, column counts of the groups)
    const CASES: &[(usize, usize, &[usize])] =
        &[(0, 6, &[]), (5, 6, &[5]), (6, 6, &[6]), (7, 6, &[6, 1]), (30, 6, &[6, 6, 6, 6, 6]), (3, 0, &[1, 1, 1])];

    #[test]
    fn column_groups_keep_every_row_and_cell() {
        for &(outlets, size, want) in CASES {
            let m = Matrix {
                columns: (0..outlets).map(|i| link(&format!("o{i}"))).collect(),
                rows: vec![MatrixRow { label: link("term"), cells: (0..outlets).collect(), covered: outlets }],
            };
            let groups = m.column_groups(size);
            let widths: Vec<usize> = groups.iter().map(|g| g.columns.len()).collect();
            assert_eq!(widths, want, "{outlets} outlets in groups of {size}");
            let cells: Vec<usize> = groups.iter().flat_map(|g| g.rows[0].cells.clone()).collect();
            assert_eq!(cells, (0..outlets).collect::<Vec<_>>(), "every cell once, in order");
        }
    }
}
