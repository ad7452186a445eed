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
    /// "12 November 2014": the latest date of a note or an article (the print cover's date;
    /// never the clock, so rebuilds are byte-identical).
    pub as_of: Option<String>,
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

/// A view made once and shown on many pages ([`Summaries`]: an article's summary, a merged
/// quotation): a copy is one more holder of it, not a copy of its strings (nine for a
/// summary, and a summary is on every article page relating to it). It reads as the view
/// (`Deref`) and serializes as it, so templates see no difference.
#[derive(Debug)]
pub struct Shared<T>(std::sync::Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(std::sync::Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Shared<T> {
    fn from(view: T) -> Self {
        Shared(std::sync::Arc::new(view))
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
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

/// The article summaries (and quotations, and timeline references) of the pages one folder
/// deep (`articles/`, `outlets/`), each made once when first shown, instead of again on every page listing the article (8 related
/// articles on each article page). A summary's text is the same on every page and its links
/// are relative to the root, the same from every page at that depth, except where they point
/// into the page itself (`#anchor`): such a page makes its own ([`Page::article_summary`]).
pub struct Summaries {
    /// `"articles/"`: a path in the folder that is no page's.
    folder: String,
    /// The folder's root prefix (`"../"`).
    root: String,
    summaries: Vec<std::sync::OnceLock<Shared<ArticleSummary>>>,
    /// The merged quotations, made once for all the outlet pages that list them (a quotation
    /// carried widely is among the missed ones of most outlets), as the summaries are.
    quotes: Vec<std::sync::OnceLock<Shared<QuoteView>>>,
    /// The timeline entries as references (by index), for the articles and outlets that list
    /// them (an outlet lists every event it missed), as the summaries are.
    events: Vec<std::sync::OnceLock<Shared<EntryRef>>>,
}

impl Summaries {
    /// For the pages in `folder` (`"articles"`).
    pub fn new(site: &crate::site::Site, folder: &str) -> Summaries {
        let folder = paths::concat(&[folder, "/"]);
        Summaries {
            root: paths::root_prefix(&folder),
            folder,
            summaries: (0..site.articles.len()).map(|_| std::sync::OnceLock::new()).collect(),
            quotes: (0..site.outlets.quote_groups.len()).map(|_| std::sync::OnceLock::new()).collect(),
            events: (0..site.timeline.entries.len()).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }
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
    /// Where the shared copy in this paragraph also appears ("Hindustan Times ¶10").
    pub shared: Vec<LinkView>,
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
    /// True when the input was a saved HTML page: `raw_href` is its source as plain text and
    /// `raw_text` is empty (a whole page is too long to inline).
    pub raw_is_page: bool,
    pub remarks: Vec<String>,
    pub events: Vec<Shared<EntryRef>>,
    /// The same story in other outlets.
    pub others: Vec<Shared<ArticleSummary>>,
    pub terms: Vec<TermRef>,
    /// Articles sharing copy with this one, with the number of shared passages.
    pub twins: Vec<TwinView>,
    /// Shared passages in this article.
    pub shared_passages: usize,
}

/// An article that shares copy with another.
#[derive(Debug, Serialize)]
pub struct TwinView {
    pub article: Shared<ArticleSummary>,
    pub passages: usize,
    /// The wire the shared copy is attributed to.
    pub wire: Option<String>,
}

/// A piece of an article shown as evidence (a sentence, a number) with a link to its place.
#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub text: String,
    pub href: String,
    /// "AP ¶4"
    pub place: String,
}

/// One wording of a quotation in one article.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteSource {
    pub outlet: String,
    pub href: String,
    /// "¶4"
    pub place: String,
    pub partial: bool,
    /// This wording, with words not in the main wording in `<ins>` and missing ones in
    /// `<del>`; `None` when it is the main wording.
    pub diff_html: Option<String>,
}

/// A quotation, merged across articles (`quote`).
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub anchor: String,
    pub href: String,
    pub speaker: String,
    pub speaker_href: Option<String>,
    pub anonymous: bool,
    /// The fullest wording.
    pub text: String,
    pub partial: bool,
    /// Every article that carried it, one entry per occurrence.
    pub sources: Vec<QuoteSource>,
    /// Names of the outlets that carried it.
    pub outlets: Vec<String>,
}

/// A speaker with their quotations (`speaker`).
#[derive(Debug, Serialize)]
pub struct SpeakerView {
    pub name: String,
    pub anchor: String,
    /// Their glossary entry, when they have one.
    pub href: Option<String>,
    pub anonymous: bool,
    pub quotes: Vec<Shared<QuoteView>>,
    /// Quotations left out (the print pack keeps each speaker's most widely carried).
    pub more_quotes: usize,
}

/// An independent reporting line: articles that share copy (or one outlet's articles).
#[derive(Debug, Serialize)]
pub struct LineView {
    pub outlets: Vec<LinkView>,
    pub articles: Vec<Shared<ArticleSummary>>,
    /// Wires its shared passages are attributed to.
    pub wires: Vec<String>,
    pub shared_passages: usize,
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
    /// For a note: its print-pack section `2.<note_n>` (`null` when it is not printed).
    pub note_n: Option<usize>,
    /// In the print pack: the note's section ("2.3"), `null` when it is not printed.
    pub section: Option<String>,
}

/// Paragraphs per outlet a glossary entry shows in context.
pub const CONTEXT_MENTIONS: usize = 12;
/// At most this many paragraphs of a term are shown in context in all (a term that hundreds of
/// outlets mention would otherwise make the glossary page grow with the whole archive).
pub const CONTEXT_TOTAL: usize = 24;
/// A term mentioned in more articles than this gets a compact index: per outlet, the number of
/// articles and mentions, not every paragraph (search finds every article).
pub const INDEX_ARTICLES: usize = 40;

#[derive(Debug, Serialize)]
pub struct MentionGroup {
    pub outlet: String,
    pub outlet_href: String,
    /// Mentions in context: the first [`CONTEXT_MENTIONS`] paragraphs of this outlet.
    pub mentions: Vec<MentionView>,
    /// Paragraphs mentioning the term beyond those shown in context (all are in `articles`).
    pub more_mentions: usize,
    /// The same mentions by article, for a compact "¶2 ¶5" index and paper references.
    pub articles: Vec<ArticleMentions>,
    /// Mentions in this outlet's articles.
    pub count: usize,
    /// Articles of this outlet that mention the term (`articles` is empty when the term's
    /// index is compact: mentioned in more than [`INDEX_ARTICLES`] articles).
    pub article_count: usize,
}

/// The paragraphs of one article that mention a term.
#[derive(Debug, Serialize)]
pub struct ArticleMentions {
    pub title: String,
    pub href: String,
    /// Numbers of the article's print-pack section `4.<outlet_n>.<article_n>` (1-based).
    pub outlet_n: usize,
    pub article_n: usize,
    /// In the print pack: the article's section ("4.5.1"), `null` when it is not printed.
    pub section: Option<String>,
    /// The article's web page (`articles/x.html`), what the print pack shows when the
    /// article is not printed.
    pub page: String,
    /// Paragraphs in order, each once.
    pub paragraphs: Vec<ParagraphRef>,
}

/// A paragraph that mentions a term: `¶n`, linking to its anchor.
#[derive(Debug, Serialize)]
pub struct ParagraphRef {
    pub n: usize,
    pub href: String,
    /// Mentions in that paragraph.
    pub count: usize,
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
    /// "●●●○○": one dot per outlet, filled for those that mention the term.
    pub coverage_meter: String,
    /// Mentions in notes, the cover and timeline texts (not definitions).
    pub editor_mentions: usize,
    /// Articles that mention the term.
    pub article_count: usize,
    /// The index lists outlets with counts instead of every paragraph (see [`INDEX_ARTICLES`]).
    pub compact_index: bool,
}

#[derive(Debug, Serialize)]
pub struct TermGroup {
    pub label: &'static str,
    pub terms: Vec<TermView>,
}

/// A timeline entry (`entry`). Text the site holds is borrowed from it, not copied (90,000
/// entries at 10,000 articles); it serializes the same.
#[derive(Debug, Serialize)]
pub struct EntryView<'s> {
    pub anchor: &'s str,
    pub date: String,
    pub date_iso: String,
    pub precision: &'static str,
    pub end: Option<String>,
    pub title: &'s str,
    pub body_html: String,
    /// "editor" or "publication".
    pub kind: &'static str,
    pub sources: Vec<LinkView>,
    pub outlets: Vec<&'s str>,
    /// Outlet slugs, for filtering.
    pub outlet_slugs: Vec<&'s str>,
    /// How the date was decided, in words (hover text; a footnote in print).
    pub explain: &'s str,
    /// Footnote number of `explain` (print), when numbered.
    pub note: Option<usize>,
    /// Extracted entries: each mention that dates it.
    pub claims: Vec<super::timeline_page::ClaimView<'s>>,
    /// The conflict this entry is part of.
    pub conflict: Option<LinkView>,
    /// A bar drawn for an interval inside its period, or a span running past it.
    pub bar: Option<super::timeline_page::BarView>,
    /// Publication entries: the date was inferred, not stated.
    pub inferred: bool,
}

#[derive(Debug, Serialize)]
pub struct EntryGroup<'s> {
    pub label: String,
    pub entries: Vec<EntryView<'s>>,
}

/// An outlet (`outlet`).
#[derive(Debug, Serialize)]
pub struct OutletView {
    pub name: String,
    pub slug: String,
    pub anchor: String,
    pub href: String,
    pub articles: Vec<Shared<ArticleSummary>>,
    pub bylines: Vec<String>,
    pub wires: Vec<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub notes: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub terms: Vec<TermRef>,
    pub missed_terms: Vec<TermRef>,
    pub events: Vec<Shared<EntryRef>>,
    pub missed_events: Vec<Shared<EntryRef>>,
    /// Quotations its articles carry, and those only other outlets carry.
    pub quotes: Vec<Shared<QuoteView>>,
    pub missed_quotes: Vec<Shared<QuoteView>>,
    /// All quotations other outlets carry and it does not (`missed_quotes` is the most widely
    /// carried of them).
    pub missed_quotes_total: usize,
    /// Sentences no other outlet reported.
    pub unique: Vec<EvidenceView>,
    /// Numbers it gave.
    pub numbers: Vec<EvidenceView>,
    /// Sentences in its articles, and how many are shared copy.
    pub sentences: usize,
    pub shared_sentences: usize,
    /// "40%": its share of shared copy.
    pub shared_share: String,
    /// Articles elsewhere that share copy with its articles.
    pub twins: Vec<TwinView>,
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

/// `"¶n"`: a paragraph's place, as `format!("¶{n}")` writes it (made for each claim and
/// mention of a large build).
pub fn pilcrow(n: usize) -> String {
    let mut s = String::with_capacity(8);
    s.push('¶');
    paths::push_usize(&mut s, n);
    s
}

/// `"Outlet ¶n"`, as `format!("{outlet} ¶{n}")` writes it.
pub fn place(outlet: &str, n: usize) -> String {
    let mut s = String::with_capacity(outlet.len() + 8);
    s.push_str(outlet);
    s.push_str(" ¶");
    paths::push_usize(&mut s, n);
    s
}

fn pct(c: f32) -> String {
    format!("{:.0}%", (c * 100.0).clamp(0.0, 100.0))
}

impl<'s> Page<'s> {
    pub fn site_view(&self) -> SiteView {
        let s = self.site;
        let span = match s.span {
            Some((a, b)) if a == b => Some(a.long()),
            Some((a, b)) => Some(format!("{} – {}", a.long(), b.long())),
            None => None,
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
            events: s.editor_events,
            span,
            as_of: s.as_of().map(|d| d.long()),
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
            ("Quotes", paths::QUOTES),
            ("Glossary", paths::GLOSSARY),
            ("Search", paths::SEARCH),
            ("Print", paths::PRINT),
        ]
        .into_iter()
        .map(|(label, p)| NavItem { label, href: self.to(p), current: current(p) })
        .collect()
    }

    pub fn article_summary(&self, a: usize) -> Shared<ArticleSummary> {
        if let Some(cache) = self.summaries.filter(|c| c.root == self.root && self.plan.is_none() && !self.print)
            && let Some(slot) = cache.summaries.get(a)
        {
            let summary = slot.get_or_init(|| Page::new(self.site, &cache.folder).summary_here(a).into());
            // Links into this page itself are `#anchor` ones: not the folder's.
            if !self.points_here(&summary.href) && !self.points_here(&summary.outlet_href) {
                return summary.clone();
            }
        }
        self.summary_here(a).into()
    }

    /// Whether `href`, a link made by [`Page::link`] on a page with this one's root, points
    /// to a place on another page of the same name as this one: one that `link` writes
    /// `#anchor` on this page.
    fn points_here(&self, href: &str) -> bool {
        href.strip_prefix(self.root.as_str())
            .and_then(|rest| rest.strip_prefix(self.path.as_str()))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
    }

    /// [`Page::article_summary`], made for this page.
    fn summary_here(&self, a: usize) -> ArticleSummary {
        let art = &self.site.articles[a];
        let o = &self.site.outlets.list[self.site.outlets.of_article[a]];
        ArticleSummary {
            id: art.id.clone(),
            title: art.display_title().to_string(),
            href: self.article_link(&art.slug, None),
            outlet: o.name.clone(),
            outlet_href: self.link(&paths::outlet(&o.slug), &o.anchor),
            date: art.date.value.map(|d| d.long()),
            date_iso: art.date.value.map(|d| d.iso()),
            byline: Self::byline(art),
            wire: self.wire(a),
            paragraphs: art.paragraphs.len(),
        }
    }

    /// An article's byline, its names joined (`ArticleSummary::byline`).
    pub fn byline(art: &Article) -> Option<String> {
        art.byline.value.as_ref().filter(|b| !b.is_empty()).map(|b| b.join(", "))
    }

    /// The agency whose copy article `a` is, unless its outlet is that agency
    /// (`ArticleSummary::wire`).
    pub fn wire(&self, a: usize) -> Option<String> {
        let o = &self.site.outlets.list[self.site.outlets.of_article[a]];
        self.site.articles[a].wire.value.clone().filter(|w| {
            let aliases = &self.site.config.outlets.aliases;
            crate::extract::canonical_outlet(w, aliases).unwrap_or_else(|| w.clone()) != o.name
        })
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
        let spans: Vec<std::ops::Range<usize>> = self
            .site
            .outlets
            .shared
            .in_article(a)
            .flat_map(|(_, passage)| passage.sentences.iter())
            .filter(|s| s.article == a && s.paragraph == p)
            .map(|s| (s.range.start, s.range.end))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|(start, end)| start..end)
            .collect();
        self.paragraph_html_with(a, p, self.site.glossary.in_paragraph(a, p), &spans)
    }

    /// [`Page::paragraph_html`] with the paragraph's glossary mentions and shared copy given
    /// (its sentences' byte ranges, sorted, each once).
    fn paragraph_html_with(
        &self,
        a: usize,
        p: usize,
        mentions: &[crate::glossary::Mention],
        spans: &[std::ops::Range<usize>],
    ) -> String {
        let text = &self.site.articles[a].paragraphs[p].text;
        let marks = self.term_marks(mentions.iter(), true);
        if spans.is_empty() {
            text::marked(text, &marks)
        } else {
            text::marked_spans(text, &marks, spans, "shared-copy")
        }
    }

    /// For each of the `paragraphs` paragraphs of article `a`, from one pass over its shared
    /// passages: the byte ranges of its shared sentences (sorted, each once), and the other
    /// places (article, paragraph) where the passages holding them appear (sorted, each once;
    /// [`ParagraphView::shared`]).
    #[allow(clippy::type_complexity)]
    fn shared_by_paragraph(
        &self,
        a: usize,
        paragraphs: usize,
    ) -> Vec<(Vec<std::ops::Range<usize>>, Vec<(usize, usize)>)> {
        let mut out: Vec<(Vec<std::ops::Range<usize>>, Vec<(usize, usize)>)> =
            vec![(Vec::new(), Vec::new()); paragraphs];
        let mut here: Vec<usize> = Vec::new();
        for (_, passage) in self.site.outlets.shared.in_article(a) {
            here.clear();
            for s in passage.sentences.iter().filter(|s| s.article == a) {
                if let Some((spans, _)) = out.get_mut(s.paragraph) {
                    spans.push(s.range.clone());
                    here.push(s.paragraph);
                }
            }
            here.sort_unstable();
            here.dedup();
            for &p in &here {
                out[p].1.extend(passage.sentences.iter().filter(|s| s.article != a).map(|s| (s.article, s.paragraph)));
            }
        }
        for (spans, places) in &mut out {
            spans.sort_unstable_by_key(|r| (r.start, r.end));
            spans.dedup();
            places.sort_unstable();
            places.dedup();
        }
        out
    }

    /// A link to paragraph `p` (0-based) of article `a`, shown as "Outlet ¶n".
    fn place_link(&self, a: usize, p: usize) -> LinkView {
        let art = &self.site.articles[a];
        LinkView {
            text: self.place_text(a, p),
            href: self.place_href(a, p),
            title: Some(art.display_title().to_string()),
        }
    }

    /// The href of [`Page::place_link`] alone.
    fn place_href(&self, a: usize, p: usize) -> String {
        let art = &self.site.articles[a];
        self.article_link(&art.slug, Some(p + 1))
    }

    /// The text of [`Page::place_link`] alone: "Outlet ¶n".
    fn place_text(&self, a: usize, p: usize) -> String {
        place(&self.site.outlets.list[self.site.outlets.of_article[a]].name, p + 1)
    }

    /// Articles outside `mine` that share copy with them.
    fn twins(&self, mine: &[usize]) -> Vec<TwinView> {
        let shared = &self.site.outlets.shared;
        let mine_set: BTreeSet<usize> = mine.iter().copied().collect();
        // Only the passages these articles carry (the index), each once.
        let carried: BTreeSet<usize> = mine.iter().flat_map(|&a| shared.in_article(a).map(|(i, _)| i)).collect();
        let mut found: BTreeMap<usize, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for passage in carried.into_iter().map(|i| &shared.passages[i]) {
            for &b in passage.articles.iter().filter(|b| !mine_set.contains(b)) {
                let e = found.entry(b).or_default();
                e.0 += 1;
                e.1.extend(passage.wire.as_deref());
            }
        }
        found
            .into_iter()
            .map(|(b, (passages, wires))| TwinView {
                article: self.article_summary(b),
                passages,
                wire: (!wires.is_empty()).then(|| wires.into_iter().collect::<Vec<_>>().join(", ")),
            })
            .collect()
    }

    fn evidence(&self, a: usize, p: usize, text: &str) -> EvidenceView {
        EvidenceView { text: text.to_string(), href: self.place_href(a, p), place: self.place_text(a, p) }
    }

    fn speaker_link(&self, speaker: &crate::outlets::Speaker) -> (String, Option<String>, bool) {
        match speaker {
            crate::outlets::Speaker::Term(t) => {
                let term = &self.site.glossary.terms[*t];
                (term.headword.clone(), Some(self.link(paths::GLOSSARY, &term.anchor)), false)
            }
            crate::outlets::Speaker::Named(n) => (n.clone(), None, false),
            crate::outlets::Speaker::Anonymous(d) => (d.clone(), None, true),
        }
    }

    /// A merged quotation (index into `Outlets::quote_groups`), from the folder's shared
    /// ones where this page has them (see [`Summaries`]).
    pub fn quote(&self, g: usize) -> Shared<QuoteView> {
        if let Some(cache) = self.summaries.filter(|c| c.root == self.root && self.plan.is_none() && !self.print)
            && let Some(slot) = cache.quotes.get(g)
        {
            let quote = slot.get_or_init(|| Page::new(self.site, &cache.folder).quote_here(g).into());
            // Links into this page itself are `#anchor` ones: not the folder's.
            let here = self.points_here(&quote.href)
                || quote.speaker_href.as_deref().is_some_and(|h| self.points_here(h))
                || quote.sources.iter().any(|s| self.points_here(&s.href));
            if !here {
                return quote.clone();
            }
        }
        self.quote_here(g).into()
    }

    /// [`Page::quote`], made for this page.
    fn quote_here(&self, g: usize) -> QuoteView {
        let o = &self.site.outlets;
        let group = &o.quote_groups[g];
        let main = &o.quotes[group.quotes[0]];
        let (speaker, speaker_href, anonymous) = self.speaker_link(&group.speaker);
        let mut sources: Vec<(usize, usize, QuoteSource)> = group
            .quotes
            .iter()
            .map(|&q| {
                let quote = &o.quotes[q];
                let diff_html = (quote.text != main.text).then(|| {
                    crate::outlets::quotes::diff(&main.text, &quote.text)
                        .into_iter()
                        .map(|(w, k)| match k {
                            1 => format!("<ins>{}</ins>", text::escape(w)),
                            -1 => format!("<del>{}</del>", text::escape(w)),
                            _ => text::escape(w),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                let outlet = o.list[o.of_article[quote.article]].name.clone();
                (
                    quote.article,
                    quote.paragraph,
                    QuoteSource {
                        outlet,
                        href: self.place_href(quote.article, quote.paragraph),
                        place: pilcrow(quote.paragraph + 1),
                        partial: quote.partial,
                        diff_html,
                    },
                )
            })
            .collect();
        sources.sort_by(|x, y| (&x.2.outlet, x.0, x.1).cmp(&(&y.2.outlet, y.0, y.1)));
        let outlets: BTreeSet<&str> = sources.iter().map(|s| s.2.outlet.as_str()).collect();
        let outlets: Vec<String> = outlets.into_iter().map(str::to_string).collect();
        QuoteView {
            anchor: paths::quote_anchor(g + 1),
            href: self.link(paths::QUOTES, &paths::quote_anchor(g + 1)),
            speaker,
            speaker_href,
            anonymous,
            text: main.text.clone(),
            partial: main.partial,
            sources: sources.into_iter().map(|s| s.2).collect(),
            outlets,
        }
    }

    fn quote_outlets(&self, g: usize) -> usize {
        let o = &self.site.outlets;
        o.quote_groups[g].quotes.iter().map(|&q| o.of_article[o.quotes[q].article]).collect::<BTreeSet<_>>().len()
    }

    /// Speakers with their quotations: named people first (most quoted first), anonymous last.
    pub fn speakers(&self) -> Vec<SpeakerView> {
        self.speakers_at_most(usize::MAX)
    }

    /// [`Page::speakers`] with each speaker's `max` most widely carried quotations (the others
    /// counted in `more_quotes`, never built); ordered as by all of their quotations.
    pub fn speakers_at_most(&self, max: usize) -> Vec<SpeakerView> {
        let o = &self.site.outlets;
        let mut by: BTreeMap<&crate::outlets::Speaker, Vec<usize>> = BTreeMap::new();
        for (g, group) in o.quote_groups.iter().enumerate() {
            by.entry(&group.speaker).or_default().push(g);
        }
        let mut list: Vec<SpeakerView> = by
            .into_iter()
            .map(|(speaker, groups)| {
                let (name, href, anonymous) = self.speaker_link(speaker);
                // Most widely carried first, then in article order.
                let mut groups = groups;
                // Keys computed once per group (counting a group's outlets builds a set).
                groups.sort_by_cached_key(|&g| {
                    let first =
                        o.quote_groups[g].quotes.iter().map(|&q| (o.quotes[q].article, o.quotes[q].paragraph)).min();
                    (std::cmp::Reverse(self.quote_outlets(g)), first)
                });
                let more_quotes = groups.len().saturating_sub(max);
                let quotes: Vec<Shared<QuoteView>> = groups.into_iter().take(max).map(|g| self.quote(g)).collect();
                SpeakerView {
                    anchor: paths::speaker_anchor(&crate::slug::slugify(&name)),
                    name,
                    href,
                    anonymous,
                    quotes,
                    more_quotes,
                }
            })
            .collect();
        list.sort_by_cached_key(|a| {
            (a.anonymous, std::cmp::Reverse(a.quotes.len() + a.more_quotes), a.name.to_lowercase())
        });
        list
    }

    /// The independent reporting lines.
    pub fn lines(&self) -> Vec<LineView> {
        self.lines_with(true)
    }

    /// [`Page::lines`], with each line's `articles` left empty unless `articles`.
    pub fn lines_with(&self, articles: bool) -> Vec<LineView> {
        let o = &self.site.outlets;
        o.shared
            .lines
            .iter()
            .map(|line| {
                let outlets: BTreeSet<usize> = line.iter().map(|&a| o.of_article[a]).collect();
                let carried: BTreeSet<usize> =
                    line.iter().flat_map(|&a| o.shared.in_article(a).map(|(i, _)| i)).collect();
                let passages: Vec<&crate::outlets::Passage> =
                    carried.into_iter().map(|i| &o.shared.passages[i]).collect();
                let wires: BTreeSet<String> = passages.iter().filter_map(|p| p.wire.clone()).collect();
                LineView {
                    outlets: outlets
                        .into_iter()
                        .map(|i| LinkView {
                            text: o.list[i].name.clone(),
                            href: self.link(&paths::outlet(&o.list[i].slug), &o.list[i].anchor),
                            title: None,
                        })
                        .collect(),
                    articles: if articles {
                        line.iter().map(|&a| self.article_summary(a)).collect()
                    } else {
                        Vec::new()
                    },
                    wires: wires.into_iter().collect(),
                    shared_passages: passages.len(),
                }
            })
            .collect()
    }

    pub fn article(&self, a: usize) -> ArticleView {
        let art = &self.site.articles[a];
        // `article_summary` on the article's own page: its links point into the page.
        let summary = self.summary_here(a);
        let shared = self.shared_by_paragraph(a, art.paragraphs.len());
        let mentions = self.site.glossary.article_mentions(a);
        let paragraphs = shared
            .into_iter()
            .enumerate()
            .map(|(p, (spans, places))| ParagraphView {
                n: p + 1,
                anchor: paths::paragraph_anchor(&art.slug, p + 1),
                html: self.paragraph_html_with(
                    a,
                    p,
                    crate::glossary::Glossary::paragraph_mentions(mentions, p),
                    &spans,
                ),
                shared: places.into_iter().map(|(b, q)| self.place_link(b, q)).collect(),
            })
            .collect();
        let mut term_counts: BTreeMap<usize, usize> = BTreeMap::new();
        for m in mentions {
            *term_counts.entry(m.term).or_insert(0) += 1;
        }
        let events = self.site.events_of_article.get(a).into_iter().flatten().map(|&e| self.entry_ref_at(e)).collect();
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
            raw_href: self.to(&paths::raw_file(&art.slug, art.format)),
            raw_text: if art.format == crate::content::ArticleFormat::Html {
                String::new()
            } else {
                art.raw.to_string()
            },
            raw_is_page: art.format == crate::content::ArticleFormat::Html,
            remarks: art.notes.clone(),
            events,
            others,
            terms: self.term_refs(&term_counts),
            twins: self.twins(&[a]),
            shared_passages: self.site.outlets.shared.in_article(a).count(),
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
        refs.sort_by_cached_key(|r| (std::cmp::Reverse(r.count), r.headword.to_lowercase()));
        refs
    }

    pub fn entry_ref(&self, e: &Entry) -> EntryRef {
        EntryRef { date: e.date.long(), title: e.title.clone(), href: self.link(paths::TIMELINE, &e.anchor) }
    }

    /// [`Page::entry_ref`] of timeline entry `e` (by index), from the folder's shared ones
    /// where this page has them (see [`Summaries`]).
    pub fn entry_ref_at(&self, e: usize) -> Shared<EntryRef> {
        let entry = &self.site.timeline.entries[e];
        if let Some(cache) = self.summaries.filter(|c| c.root == self.root && self.plan.is_none() && !self.print)
            && let Some(slot) = cache.events.get(e)
        {
            let r = slot.get_or_init(|| Page::new(self.site, &cache.folder).entry_ref(entry).into());
            // A link into this page itself is an `#anchor` one: not the folder's.
            if !self.points_here(&r.href) {
                return r.clone();
            }
        }
        self.entry_ref(entry).into()
    }

    pub fn note(&self, i: usize) -> NoteView {
        NoteView {
            // In the print pack a note sits under "2 Notes" and "2.N Title".
            html: self.doc_html_shifted(DocRef::Note(i), if self.print { 2 } else { 0 }),
            ..self.note_card(i)
        }
    }

    /// A note without its text (`html` empty), for lists of notes.
    pub fn note_card(&self, i: usize) -> NoteView {
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
            html: String::new(),
            toc: headings
                .into_iter()
                .filter(|h| h.level <= 3)
                .map(|h| TocItem { level: h.level, href: self.link(&paths::note(&n.slug), &h.id), text: h.text })
                .collect(),
        }
    }

    /// A term's entry. Snippets in context are kept to [`CONTEXT_MENTIONS`] paragraphs per
    /// outlet, so a term mentioned in thousands of articles has a page of bounded size; the
    /// paragraph index (`articles`) lists every one.
    pub fn term(&self, t: usize) -> TermView {
        self.term_ranked(t, &NoteRanks::new(self.site), true)
    }

    /// [`Page::term`] with the notes' ranks computed once for all terms; without the mentions
    /// in context unless `context` (each outlet's `mentions` and the notes' `snippet_html`
    /// empty, every count the same).
    fn term_ranked(&self, t: usize, ranks: &NoteRanks, context: bool) -> TermView {
        // Each entry is a linking scope of its own: its definition links the other terms it
        // names (never its own, which the glossary does not count as a mention).
        self.reset_linking();
        let g = &self.site.glossary;
        let term = &g.terms[t];
        let link = |j: usize| LinkView {
            text: g.terms[j].headword.clone(),
            href: self.link(paths::GLOSSARY, &g.terms[j].anchor),
            title: None,
        };
        // Per outlet (by index): its mentions, where there are any.
        let mut by_outlet: Vec<Option<OutletMentions>> = (0..self.site.outlets.list.len()).map(|_| None).collect();
        let mut in_notes = Vec::new();
        let mut notes_seen = BTreeSet::new();
        let mut first: Option<(Option<crate::date::PartialDate>, String)> = None;
        let mut count = 0;
        let mut editor_mentions = 0;
        let mut in_context = 0;
        for m in g.of_term(t) {
            match m.place {
                Place::Article { article, paragraph } => {
                    count += 1;
                    let art = &self.site.articles[article];
                    let o = self.site.outlets.of_article[article];
                    let of_outlet = by_outlet[o].get_or_insert_with(OutletMentions::default);
                    let seen = of_outlet.count(article, paragraph);
                    if seen == 1 && (of_outlet.shown_count >= CONTEXT_MENTIONS || in_context >= CONTEXT_TOTAL) {
                        of_outlet.more += 1;
                    } else if seen == 1 && !context {
                        in_context += 1;
                        of_outlet.shown_count += 1;
                    } else if seen == 1 {
                        in_context += 1;
                        of_outlet.shown_count += 1;
                        of_outlet.shown.push(MentionView {
                            source: art.display_title().to_string(),
                            href: self.article_link(&art.slug, Some(paragraph + 1)),
                            place: pilcrow(paragraph + 1),
                            snippet_html: {
                                // Split into sentences once already, by `extract`.
                                let para = &art.paragraphs[paragraph];
                                text::snippet_in(&para.text, &para.sentences, m.range.clone(), 200)
                            },
                            note_n: None,
                            section: None,
                        });
                    }
                    if art.date.value.is_some() && first.as_ref().is_none_or(|f| art.date.value < f.0) {
                        first = Some((art.date.value, self.site.outlets.list[o].name.clone()));
                    }
                }
                Place::Doc { doc: DocRef::Note(i), event, .. } => {
                    count += 1;
                    editor_mentions += 1;
                    // One line per note (its first mention): a note's href is its own.
                    if !notes_seen.insert(i) {
                        continue;
                    }
                    let n = &self.site.notes[i];
                    let href = self.link(&paths::note(&n.slug), &n.anchor);
                    let text = context
                        .then(|| self.site.docs.notes.get(i))
                        .flatten()
                        // A mention's event is one of the document's linkable texts.
                        .and_then(|d| d.doc.text_at(event).map(str::to_string))
                        .unwrap_or_default();
                    in_notes.push((
                        i,
                        MentionView {
                            source: n.source.front.title.clone(),
                            href,
                            place: "note".to_string(),
                            snippet_html: if context {
                                text::snippet(&text, m.range.clone(), 200)
                            } else {
                                String::new()
                            },
                            note_n: ranks.printed.get(i).copied().flatten(),
                            section: self.plan.and_then(|plan| plan.note_section(i)),
                        },
                    ));
                }
                Place::Doc { doc: DocRef::Definition(_), .. } => {}
                Place::Doc { .. } => editor_mentions += 1,
            }
        }
        // Notes in reading order.
        in_notes.sort_by_key(|(i, _)| ranks.reading.get(*i).copied());
        let in_notes: Vec<MentionView> = in_notes.into_iter().map(|(_, m)| m).collect();
        let outlet_count = by_outlet.iter().flatten().count();
        let total = self.site.outlets.list.len();
        let article_count: usize = by_outlet.iter().flatten().map(OutletMentions::articles).sum();
        let compact_index = article_count > INDEX_ARTICLES;
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
                .enumerate()
                .filter_map(|(o, of_outlet)| Some((o, of_outlet?)))
                .map(|(o, of_outlet)| {
                    let outlet = &self.site.outlets.list[o];
                    let count = of_outlet.places.iter().map(|&(_, _, n)| n).sum();
                    let article_count = of_outlet.articles();
                    let articles = of_outlet
                        .places
                        .chunk_by(|x, y| x.0 == y.0)
                        .filter(|_| !compact_index)
                        .filter_map(|paras| Some((paras.first()?.0, paras)))
                        .map(|(a, paras)| {
                            let art = &self.site.articles[a];
                            ArticleMentions {
                                title: art.display_title().to_string(),
                                href: self.article_link(&art.slug, None),
                                outlet_n: o + 1,
                                article_n: outlet.articles.iter().position(|&x| x == a).map_or(0, |k| k + 1),
                                section: self.plan.and_then(|plan| plan.article_section(self.site, a)),
                                page: paths::article(&art.slug),
                                paragraphs: paras
                                    .iter()
                                    .map(|&(_, p, count)| ParagraphRef {
                                        n: p + 1,
                                        href: self.article_link(&art.slug, Some(p + 1)),
                                        count,
                                    })
                                    .collect(),
                            }
                        })
                        .collect::<Vec<_>>();
                    MentionGroup {
                        outlet: outlet.name.clone(),
                        outlet_href: self.link(&paths::outlet(&outlet.slug), &outlet.anchor),
                        count,
                        article_count,
                        more_mentions: of_outlet.more,
                        mentions: of_outlet.shown,
                        articles,
                    }
                })
                .collect(),
            in_notes,
            coverage_meter: coverage_meter(outlet_count, total),
            editor_mentions,
            article_count,
            compact_index,
        }
    }

    /// Terms grouped by kind, A–Z within each.
    pub fn term_groups(&self) -> Vec<TermGroup> {
        self.term_groups_with(true)
    }

    /// [`Page::term_groups`], each term's mentions in context only when `context` (without,
    /// its `mentions` and its notes' `snippet_html` are empty; every count is the same).
    pub fn term_groups_with(&self, context: bool) -> Vec<TermGroup> {
        let g = &self.site.glossary;
        let mut groups: BTreeMap<crate::content::TermKind, Vec<usize>> = BTreeMap::new();
        for (i, t) in g.terms.iter().enumerate() {
            groups.entry(t.kind).or_default().push(i);
        }
        let ranks = NoteRanks::new(self.site);
        groups
            .into_iter()
            .map(|(kind, mut terms)| {
                terms.sort_by_cached_key(|&t| g.terms[t].headword.to_lowercase());
                TermGroup {
                    label: kind.label(),
                    terms: terms.into_iter().map(|t| self.term_ranked(t, &ranks, context)).collect(),
                }
            })
            .collect()
    }

    /// The outlets of the entry's articles (its sources', and a publication's own), by index,
    /// in order, each once, in `outlets` (cleared first; reused from entry to entry).
    pub(super) fn entry_outlets(&self, e: &Entry, outlets: &mut Vec<usize>) {
        let publication = match e.kind {
            EntryKind::Publication { article } => Some(article),
            _ => None,
        };
        outlets.clear();
        // As a sorted list, not a set: without building two for each of 90,000 entries.
        outlets.extend(e.sources.iter().map(|s| s.article).chain(publication).map(|a| self.site.outlets.of_article[a]));
        outlets.sort_unstable();
        outlets.dedup();
    }

    pub fn entry(&self, e: &'s Entry) -> EntryView<'s> {
        let mut outlets: Vec<usize> = Vec::new();
        self.entry_outlets(e, &mut outlets);
        EntryView {
            anchor: &e.anchor,
            date: e.date.short(),
            date_iso: e.date.iso(),
            precision: match e.date.precision() {
                crate::date::Precision::Day => "day",
                crate::date::Precision::Month => "month",
                crate::date::Precision::Year => "year",
            },
            end: e.end.map(|d| d.short()),
            title: &e.title,
            body_html: e.body.map(|b| self.doc_html(b)).unwrap_or_default(),
            kind: match e.kind {
                EntryKind::Editor { .. } => "editor",
                EntryKind::Publication { .. } => "publication",
                EntryKind::Extracted { .. } => "extracted",
            },
            sources: e
                .sources
                .iter()
                .map(|s| {
                    let art = &self.site.articles[s.article];
                    let o = &self.site.outlets.list[self.site.outlets.of_article[s.article]];
                    match s.paragraph {
                        Some(p) => LinkView {
                            text: place(&o.name, p),
                            href: self.article_link(&art.slug, Some(p)),
                            title: Some(art.display_title().to_string()),
                        },
                        None => LinkView {
                            text: o.name.clone(),
                            href: self.article_link(&art.slug, None),
                            title: Some(art.display_title().to_string()),
                        },
                    }
                })
                .collect(),
            outlets: outlets.iter().map(|&o| self.site.outlets.list[o].name.as_str()).collect(),
            outlet_slugs: outlets.iter().map(|&o| self.site.outlets.list[o].slug.as_str()).collect(),
            explain: &e.explain,
            note: None,
            claims: self.claims(e),
            conflict: e.conflict.map(|k| LinkView {
                text: self.conflict_title(k),
                href: self.link(paths::TIMELINE, &paths::conflict_anchor(k)),
                title: None,
            }),
            bar: self.bar(e),
            inferred: matches!(e.kind, EntryKind::Publication { article }
                if self.site.articles[article].date.source == crate::extract::Origin::Inferred),
        }
    }

    /// Timeline entries grouped by month (or year for year-only dates).
    pub fn entry_groups(&self) -> Vec<EntryGroup<'s>> {
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
        missed.sort_by_cached_key(|t| t.headword.to_lowercase());
        OutletView {
            terms: self.term_refs(&outlet.terms),
            missed_terms: missed,
            events: outlet.events.iter().filter(|&&e| entries[e].is_editor()).map(|&e| self.entry_ref_at(e)).collect(),
            missed_events: outlet.missed_events.iter().map(|&e| self.entry_ref_at(e)).collect(),
            quotes: outlet.quotes.iter().map(|&g| self.quote(g)).collect(),
            missed_quotes: outlet.missed_quotes.iter().map(|&g| self.quote(g)).collect(),
            unique: outlet
                .unique
                .iter()
                .map(|s| {
                    self.evidence(
                        s.article,
                        s.paragraph,
                        &self.site.articles[s.article].paragraphs[s.paragraph].text[s.range.clone()],
                    )
                })
                .collect(),
            numbers: outlet.numbers.iter().map(|n| self.evidence(n.article, n.paragraph, &n.text)).collect(),
            twins: self.twins(&outlet.articles),
            ..self.outlet_card(o)
        }
    }

    /// An outlet for a list of outlets: [`Page::outlet`] without the lists of what it covered
    /// and missed (terms, events, quotations, evidence, twins), which stay empty.
    pub fn outlet_card(&self, o: usize) -> OutletView {
        let outlet = &self.site.outlets.list[o];
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
            terms: Vec::new(),
            missed_terms: Vec::new(),
            events: Vec::new(),
            missed_events: Vec::new(),
            quotes: Vec::new(),
            missed_quotes: Vec::new(),
            missed_quotes_total: outlet.missed_quotes_total,
            unique: Vec::new(),
            numbers: Vec::new(),
            sentences: outlet.sentences,
            shared_sentences: outlet.shared_sentences,
            shared_share: if outlet.sentences == 0 {
                "0%".to_string()
            } else {
                format!("{:.0}%", outlet.shared_sentences as f64 * 100.0 / outlet.sentences as f64)
            },
            twins: Vec::new(),
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
        rows.sort_by_cached_key(|r| (std::cmp::Reverse(r.covered), r.label.text.to_lowercase()));
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

/// One outlet's mentions of a term, as [`Page::term_ranked`] gathers them.
#[derive(Default)]
struct OutletMentions {
    /// Mentions in context (built only when asked for), and how many there are.
    shown: Vec<MentionView>,
    shown_count: usize,
    /// Paragraphs mentioning the term beyond those in context.
    more: usize,
    /// (article, paragraph, mentions there): sorted, each paragraph once.
    places: Vec<(usize, usize, usize)>,
}

impl OutletMentions {
    /// Counts a mention in paragraph `paragraph` of article `article`; the count there now.
    /// A term's mentions come in place order, so the place is nearly always the last one or
    /// a new one after it (no map per outlet and article, as the index was first gathered).
    fn count(&mut self, article: usize, paragraph: usize) -> usize {
        let key = (article, paragraph);
        let at = match self.places.last() {
            Some(&(a, p, _)) if (a, p) == key => self.places.len() - 1,
            Some(&(a, p, _)) if (a, p) > key => match self.places.binary_search_by_key(&key, |&(a, p, _)| (a, p)) {
                Ok(i) => i,
                Err(i) => {
                    self.places.insert(i, (article, paragraph, 0));
                    i
                }
            },
            _ => {
                self.places.push((article, paragraph, 0));
                self.places.len() - 1
            }
        };
        self.places[at].2 += 1;
        self.places[at].2
    }

    /// The articles mentioning the term.
    fn articles(&self) -> usize {
        self.places.chunk_by(|x, y| x.0 == y.0).count()
    }
}

/// Each note's place in reading order and its number among the printed notes (the print
/// pack's section `2.<n>`): computed once for all the glossary's terms, not sorted again per term.
struct NoteRanks {
    /// Per note: its position in [`crate::site::Site::note_order`].
    reading: Vec<usize>,
    /// Per note: its 1-based number among the printed notes, `None` when it is not printed.
    printed: Vec<Option<usize>>,
}

impl NoteRanks {
    fn new(site: &crate::site::Site) -> NoteRanks {
        let mut ranks = NoteRanks { reading: vec![0; site.notes.len()], printed: vec![None; site.notes.len()] };
        let mut printed = 0;
        for (k, i) in site.note_order().into_iter().enumerate() {
            ranks.reading[i] = k;
            if site.notes[i].source.front.print {
                printed += 1;
                ranks.printed[i] = Some(printed);
            }
        }
        ranks
    }
}

/// "●●●○○": one dot per outlet, filled for the `covered` of `total` outlets that mention
/// something; past [`METER_DOTS`] outlets, each dot stands for a share of them (rounded, and
/// never empty when any outlet does, never full unless all do).
pub fn coverage_meter(covered: usize, total: usize) -> String {
    let (filled, dots) = if total <= METER_DOTS {
        (covered, total)
    } else {
        let mut filled = (covered * METER_DOTS + total / 2) / total;
        if covered > 0 {
            filled = filled.max(1);
        }
        if covered < total {
            filled = filled.min(METER_DOTS - 1);
        }
        (filled, METER_DOTS)
    };
    (0..dots).map(|i| if i < filled { '●' } else { '○' }).collect()
}

/// The most dots a coverage meter shows.
pub const METER_DOTS: usize = 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> crate::site::Site {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        site
    }

    fn json<T: Serialize>(view: &T) -> serde_json::Value {
        serde_json::to_value(view).expect("serialisable")
    }

    /// Article and outlet pages show the same summaries, quotations and timeline references
    /// with the shared ones as each page made them: related articles, twins, an outlet's own
    /// articles (whose outlet link is `#anchor` on its page), every quotation and entry, and on
    /// a second and third reading of the cache.
    #[test]
    fn shared_summaries_are_those_each_page_makes() {
        let site = example();
        let summaries = Summaries::new(&site, "articles");
        let mut quotes = 0;
        for _ in 0..2 {
            for (a, art) in site.articles.iter().enumerate() {
                let path = paths::article(&art.slug);
                let (own, shared) = (Page::new(&site, &path), Page::new(&site, &path).with_summaries(&summaries));
                assert_eq!(json(&shared.article(a)), json(&own.article(a)), "{path}");
                assert!(shared.article(a).summary.href.starts_with('#'));
                // Another article's summary on this page, and this one's on the cover (another root).
                let b = (a + 1) % site.articles.len();
                assert_eq!(json(&shared.article_summary(b)), json(&own.article_summary(b)), "{path}");
                let cover = Page::new(&site, paths::INDEX).with_summaries(&summaries);
                assert_eq!(json(&cover.article_summary(a)), json(&Page::new(&site, paths::INDEX).article_summary(a)));
            }
            for (o, outlet) in site.outlets.list.iter().enumerate() {
                let path = paths::outlet(&outlet.slug);
                let (own, shared) = (Page::new(&site, &path), Page::new(&site, &path).with_summaries(&summaries));
                let view = shared.outlet(o);
                assert_eq!(json(&view), json(&own.outlet(o)), "{path}");
                quotes += view.quotes.len() + view.missed_quotes.len();
                for g in 0..site.outlets.quote_groups.len() {
                    assert_eq!(json(&shared.quote(g)), json(&own.quote(g)), "{path} quote {g}");
                }
                for (e, entry) in site.timeline.entries.iter().enumerate() {
                    assert_eq!(json(&shared.entry_ref_at(e)), json(&own.entry_ref(entry)), "{path} entry {e}");
                }
                assert!(view.articles.iter().all(|s| s.outlet_href.starts_with('#')), "{path}");
            }
        }
        assert!(site.related.iter().any(|r| !r.is_empty()), "the example has related articles");
        assert!(quotes > 0, "the example's outlet pages list quotations");
    }

    /// The shared copy of an article's paragraphs, made in one pass, is what each paragraph
    /// found alone: the spans [`Page::paragraph_html`] marks and the other places it links.
    #[test]
    fn shared_copy_by_paragraph_is_each_paragraphs_own() {
        let site = example();
        let mut found = 0;
        for (a, art) in site.articles.iter().enumerate() {
            let page = Page::new(&site, paths::INDEX);
            let view = page.article(a);
            let reference = Page::new(&site, paths::INDEX);
            // In order, as the article's linking policy counts them.
            for (p, para) in view.paragraphs.iter().enumerate() {
                assert_eq!(para.html, reference.paragraph_html(a, p), "{} ¶{}", art.slug, p + 1);
                let links = shared_links(&reference, a, p);
                assert_eq!(json(&para.shared), json(&links), "{} ¶{}", art.slug, p + 1);
                found += links.len();
            }
        }
        assert!(found > 0, "the example has shared copy");
    }

    /// The other places the shared copy of paragraph `p` of article `a` appears, as first
    /// found: per paragraph, from all of the article's passages.
    fn shared_links(page: &Page<'_>, a: usize, p: usize) -> Vec<LinkView> {
        let mut places: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (_, passage) in page.site.outlets.shared.in_article(a) {
            if passage.sentences.iter().any(|s| s.article == a && s.paragraph == p) {
                places.extend(passage.sentences.iter().filter(|s| s.article != a).map(|s| (s.article, s.paragraph)));
            }
        }
        places.into_iter().map(|(b, q)| page.place_link(b, q)).collect()
    }

    /// An article's and a paragraph's mentions, found by binary search, are those a scan of
    /// all the mentions finds (also past the last paragraph and the last article).
    #[test]
    fn paragraph_mentions_are_the_articles_in_that_paragraph() {
        let site = example();
        let g = &site.glossary;
        let mut found = 0;
        for (a, art) in site.articles.iter().enumerate() {
            let scan: Vec<&crate::glossary::Mention> = g
                .mentions
                .iter()
                .filter(|m| matches!(m.place, Place::Article { article, .. } if article == a))
                .collect();
            let slice = g.article_mentions(a);
            assert!(
                slice.len() == scan.len() && slice.iter().zip(&scan).all(|(x, y)| std::ptr::eq(x, *y)),
                "{}",
                art.slug
            );
            for p in 0..art.paragraphs.len() + 2 {
                let scan: Vec<&crate::glossary::Mention> = g
                    .mentions
                    .iter()
                    .filter(
                        |m| matches!(m.place, Place::Article { article, paragraph } if article == a && paragraph == p),
                    )
                    .collect();
                let got: Vec<&crate::glossary::Mention> = g.in_paragraph(a, p).iter().collect();
                assert_eq!(got.len(), scan.len(), "{} ¶{}", art.slug, p + 1);
                assert!(got.iter().zip(&scan).all(|(x, y)| std::ptr::eq(*x, *y)), "{} ¶{}", art.slug, p + 1);
                found += got.len();
            }
        }
        assert!(found > 0 && g.in_paragraph(site.articles.len(), 0).is_empty());
    }

    /// The ranks computed once are the positions the glossary entries looked up per term.
    #[test]
    fn note_ranks_are_the_reading_order_and_the_printed_numbers() {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(mut site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        // One note left out of print, so that the printed numbers skip it.
        if let Some(n) = site.notes.get_mut(1) {
            n.source.front.print = false;
        }
        let ranks = NoteRanks::new(&site);
        let order = site.note_order();
        let printed: Vec<usize> = order.iter().copied().filter(|&i| site.notes[i].source.front.print).collect();
        assert!(printed.len() < order.len() && order.len() > 2);
        for i in 0..site.notes.len() {
            assert_eq!(Some(ranks.reading[i]), order.iter().position(|&k| k == i), "note {i}");
            assert_eq!(ranks.printed[i], printed.iter().position(|&k| k == i).map(|k| k + 1), "note {i}");
        }
    }

    /// The places counted as they come are those nested maps count: in place order (as a
    /// term's mentions come), and in any order, repeated or not.
    #[test]
    fn outlet_mentions_count_as_maps_do() {
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        for round in 0..200 {
            let len = next(40);
            let mut places: Vec<(usize, usize)> = (0..len).map(|_| (next(5), next(4))).collect();
            if round % 2 == 0 {
                places.sort_unstable();
            }
            let mut counted = OutletMentions::default();
            let mut maps: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
            for &(a, p) in &places {
                let seen = maps.entry(a).or_default().entry(p).or_insert(0);
                *seen += 1;
                assert_eq!(counted.count(a, p), *seen, "{places:?}");
            }
            let flat: Vec<(usize, usize, usize)> =
                maps.iter().flat_map(|(&a, ps)| ps.iter().map(move |(&p, &n)| (a, p, n))).collect();
            assert_eq!(counted.places, flat);
            assert_eq!(counted.articles(), maps.len());
        }
    }

    #[test]
    fn places_read_as_format_writes_them() {
        for n in [0, 1, 9, 10, 12345, usize::MAX] {
            assert_eq!(pilcrow(n), format!("¶{n}"));
            for outlet in ["AP", "Tom's <Times> – “é” 日本", " "] {
                assert_eq!(place(outlet, n), format!("{outlet} ¶{n}"));
            }
        }
    }

    #[test]
    fn coverage_meter_is_one_dot_per_outlet_then_scaled() {
        let check = |covered, total, expected: &str| assert_eq!(coverage_meter(covered, total), expected);
        check(3, 5, "●●●○○");
        check(0, 2, "○○");
        check(20, 20, &"●".repeat(20));
        // Past 20 outlets each dot is a share: rounded, never empty or full unless it is.
        check(122, 200, &format!("{}{}", "●".repeat(12), "○".repeat(8)));
        check(1, 200, &format!("●{}", "○".repeat(19)));
        check(199, 200, &format!("{}○", "●".repeat(19)));
        check(200, 200, &"●".repeat(20));
    }
}
