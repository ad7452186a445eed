//! What the print pack holds and how its sections are numbered: the parts chosen and ordered
//! in `[print] sections`, the notes it prints, each article's place under its outlet, how much
//! of each article it carries, and the source endnotes.
//!
//! Every link made while rendering the pack asks [`PrintPlan::in_pack`] whether its target is
//! printed: if so it stays inside the document (`#anchor`), otherwise it falls back to the
//! relative web page (`articles/x.html#art-x-p2`). References printed on paper ("§4.2.1 ¶3")
//! come from [`PrintPlan::reference`]. All lookups are maps built once: rendering the pack
//! stays linear in the size of the dossier.

use std::collections::{BTreeMap, BTreeSet};

use crate::timeline::Entry;

use crate::config::{ArticleText, PrintSection};
use crate::site::{Site, paths};

/// A place a link can point to, as the pack sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    /// The cover (always printed).
    Cover,
    Part(PrintSection),
    Note(usize),
    Outlet(usize),
    /// An article, and a paragraph of it (1-based).
    Article(usize, Option<usize>),
    /// A timeline entry an abridged timeline leaves out.
    TimelineEntry,
}

/// The print pack's contents and numbering.
#[derive(Debug)]
pub struct PrintPlan {
    /// The parts printed, in order; part `parts[i]` is numbered `i + 1`.
    pub parts: Vec<PrintSection>,
    /// How much of each article is printed (after `max_full_articles`).
    pub article_text: ArticleText,
    /// True when `full` was asked for but ledes are printed (too many articles).
    pub degraded: bool,
    /// Printed notes in reading order (indices into `site.notes`).
    pub notes: Vec<usize>,
    note_n: BTreeMap<usize, usize>,
    note_slugs: BTreeMap<String, usize>,
    outlet_slugs: BTreeMap<String, usize>,
    article_slugs: BTreeMap<String, usize>,
    /// Per article: its 1-based position under its outlet.
    article_n: Vec<usize>,
    /// Per article: its source endnote number, when it has a URL and `sources` is printed.
    endnote_n: Vec<Option<usize>>,
    /// Anchors of the timeline entries the pack leaves out (an abridged timeline).
    timeline_hidden: BTreeSet<String>,
}

impl PrintPlan {
    pub fn new(site: &Site) -> PrintPlan {
        let config = &site.config.print;
        let parts = config.parts();
        let article_text = config.effective_article_text(site.articles.len());
        let notes: Vec<usize> = site.note_order().into_iter().filter(|&i| site.notes[i].source.front.print).collect();
        let mut article_n = vec![0; site.articles.len()];
        let mut endnote_n = vec![None; site.articles.len()];
        let mut next_endnote = 0;
        let sources = parts.contains(&PrintSection::Sources);
        for outlet in &site.outlets.list {
            for (k, &a) in outlet.articles.iter().enumerate() {
                article_n[a] = k + 1;
                if sources && site.articles[a].url.value.is_some() {
                    next_endnote += 1;
                    endnote_n[a] = Some(next_endnote);
                }
            }
        }
        let mut parts = parts;
        if next_endnote == 0 {
            // No article gives its URL: a part listing nothing is left out.
            parts.retain(|&p| p != PrintSection::Sources);
        }
        let timeline_hidden = if article_text == ArticleText::Full {
            BTreeSet::new()
        } else {
            site.timeline
                .entries
                .iter()
                .filter(|e| !timeline_keeps(article_text, e))
                .map(|e| e.anchor.clone())
                .collect()
        };
        PrintPlan {
            timeline_hidden,
            degraded: article_text != config.article_text,
            parts,
            article_text,
            note_n: notes.iter().enumerate().map(|(k, &i)| (i, k + 1)).collect(),
            notes,
            note_slugs: site.notes.iter().enumerate().map(|(i, n)| (n.slug.clone(), i)).collect(),
            outlet_slugs: site.outlets.list.iter().enumerate().map(|(o, x)| (x.slug.clone(), o)).collect(),
            article_slugs: site.articles.iter().enumerate().map(|(a, x)| (x.slug.clone(), a)).collect(),
            article_n,
            endnote_n,
        }
    }

    /// The part's number, when it is printed.
    pub fn number(&self, part: PrintSection) -> Option<usize> {
        self.parts.iter().position(|&p| p == part).map(|i| i + 1)
    }

    /// `"2.3"`: the printed note's section.
    pub fn note_section(&self, note: usize) -> Option<String> {
        Some(format!("{}.{}", self.number(PrintSection::Notes)?, self.note_n.get(&note)?))
    }

    /// `"4.2"`: the outlet's section (outlets are numbered in `site.outlets.list` order).
    pub fn outlet_section(&self, outlet: usize) -> Option<String> {
        Some(format!("{}.{}", self.number(PrintSection::Outlets)?, outlet + 1))
    }

    /// `"4.2.1"`: the article's section under its outlet.
    pub fn article_section(&self, site: &Site, article: usize) -> Option<String> {
        let o = *site.outlets.of_article.get(article)?;
        Some(format!("{}.{}", self.outlet_section(o)?, self.article_n.get(article)?))
    }

    /// Whether paragraph `n` (1-based) of an article is printed.
    pub fn paragraph_printed(&self, n: usize) -> bool {
        match self.article_text {
            ArticleText::Full => true,
            ArticleText::Lede => n == 1,
            ArticleText::None => false,
        }
    }

    /// Whether the printed timeline holds entry `e`.
    pub fn timeline_keeps(&self, e: &Entry) -> bool {
        timeline_keeps(self.article_text, e)
    }

    /// Timeline entries left out of the pack.
    pub fn timeline_left_out(&self) -> usize {
        self.timeline_hidden.len()
    }

    /// The article's source endnote number.
    pub fn endnote(&self, article: usize) -> Option<usize> {
        self.endnote_n.get(article).copied().flatten()
    }

    /// Where `path#anchor` is in the pack, if it is printed: the anchor to link to.
    pub fn in_pack(&self, path: &str, anchor: &str) -> Option<String> {
        let spot = self.spot(path, anchor)?;
        if !self.printed(spot) {
            return None;
        }
        Some(match (spot, anchor) {
            (Spot::Cover, "") => "top".to_string(),
            (Spot::Part(part), "") => part_anchor(part),
            (_, "") => return None,
            _ => anchor.to_string(),
        })
    }

    /// How a reference to `path#anchor` reads on paper: `§4.2.1 ¶3` inside the pack, the web
    /// page's path (`articles/x.html ¶3`) when the target is not printed; `None` for the cover
    /// and pages the pack has no place for.
    pub fn reference(&self, site: &Site, path: &str, anchor: &str) -> Option<String> {
        let spot = self.spot(path, anchor)?;
        let paragraph = match spot {
            Spot::Article(_, Some(n)) => format!(" ¶{n}"),
            _ => String::new(),
        };
        if !self.printed(spot) {
            return Some(format!("{path}{paragraph}"));
        }
        let section = match spot {
            Spot::Cover => return None,
            Spot::Part(part) => self.number(part).map(|n| n.to_string()),
            Spot::TimelineEntry => None,
            Spot::Note(i) => self.note_section(i),
            Spot::Outlet(o) => self.outlet_section(o),
            Spot::Article(a, _) => self.article_section(site, a),
        }?;
        Some(format!("§{section}{paragraph}"))
    }

    fn printed(&self, spot: Spot) -> bool {
        let has = |p: PrintSection| self.parts.contains(&p);
        match spot {
            Spot::Cover => true,
            Spot::Part(p) => has(p),
            Spot::TimelineEntry => false,
            Spot::Note(i) => has(PrintSection::Notes) && self.note_n.contains_key(&i),
            Spot::Outlet(_) | Spot::Article(_, None) => has(PrintSection::Outlets),
            Spot::Article(_, Some(n)) => has(PrintSection::Outlets) && self.paragraph_printed(n),
        }
    }

    fn spot(&self, path: &str, anchor: &str) -> Option<Spot> {
        let part = |p| Some(Spot::Part(p));
        match path {
            paths::INDEX if anchor.is_empty() => Some(Spot::Cover),
            paths::INDEX => part(PrintSection::Summary),
            paths::NOTES => part(PrintSection::Notes),
            paths::TIMELINE if self.timeline_hidden.contains(anchor) => Some(Spot::TimelineEntry),
            paths::TIMELINE => part(PrintSection::Timeline),
            paths::OUTLETS => part(PrintSection::Outlets),
            paths::QUOTES => part(PrintSection::Quotes),
            paths::GLOSSARY => part(PrintSection::Glossary),
            _ => {
                let (dir, file) = path.split_once('/')?;
                let slug = file.strip_suffix(".html")?;
                match dir {
                    "notes" => self.note_slugs.get(slug).map(|&i| Spot::Note(i)),
                    "outlets" => self.outlet_slugs.get(slug).map(|&o| Spot::Outlet(o)),
                    "articles" => {
                        let a = *self.article_slugs.get(slug)?;
                        let paragraph = anchor
                            .strip_prefix(&paths::article_anchor(slug))
                            .and_then(|rest| rest.strip_prefix("-p"))
                            .and_then(|n| n.parse().ok());
                        Some(Spot::Article(a, paragraph))
                    }
                    _ => None,
                }
            }
        }
    }
}

/// `part-<name>`: the anchor of a part's section.
pub fn part_anchor(part: PrintSection) -> String {
    format!("part-{}", part.name())
}

/// With whole articles the timeline is printed whole; with ledes or listings (a large
/// dossier) only the editor's events, whose dates the editor vouches for: the dates found in
/// the articles and the publications grow with the articles and stay on the web timeline.
fn timeline_keeps(article_text: ArticleText, e: &Entry) -> bool {
    article_text == ArticleText::Full || e.is_editor()
}
