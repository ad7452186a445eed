//! Per-page rendering state: where the page is (for relative links) and which glossary terms
//! it has already linked (for the linking policy).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::config::LinkPolicy;
use crate::glossary::{Mention, Place};
use crate::markdown::{DocRef, LinkResolver, Mark, ResolvedLink, SourcedDoc};
use crate::site::{Site, Target, paths};

/// One page being rendered.
pub struct Page<'s> {
    pub site: &'s Site,
    /// This page's path from the output root.
    pub path: String,
    /// `""` or `"../"`: from this page back to the root.
    pub root: String,
    /// In the print pack every link points inside the one document.
    pub print: bool,
    /// The print pack's contents: links to what it leaves out go to the web pages.
    pub plan: Option<&'s super::print::PrintPlan>,
    /// Article summaries shared by the pages of one folder ([`Page::with_summaries`]).
    pub summaries: Option<&'s super::views::Summaries>,
    /// Documents' HTML shared by the pages of one render ([`Page::with_docs`]).
    pub docs: Option<&'s super::doc_parts::DocCache>,
    linked: RefCell<BTreeSet<usize>>,
}

impl<'s> Page<'s> {
    pub fn new(site: &'s Site, path: &str) -> Self {
        Page {
            site,
            path: path.to_string(),
            root: paths::root_prefix(path),
            print: path == paths::PRINT,
            plan: None,
            summaries: None,
            docs: None,
            linked: RefCell::new(BTreeSet::new()),
        }
    }

    /// This page, taking the article summaries it shows from `summaries` where they are the
    /// same from every page of its folder (see [`super::views::Summaries`]).
    pub fn with_summaries(self, summaries: &'s super::views::Summaries) -> Self {
        Page { summaries: Some(summaries), ..self }
    }

    /// This page, taking the HTML of the documents it shows from `docs` (made once for every
    /// page of a render that shows them).
    pub fn with_docs(self, docs: &'s super::doc_parts::DocCache) -> Self {
        Page { docs: Some(docs), ..self }
    }

    /// The print pack's page: links stay inside the document where `plan` prints their target.
    pub fn for_print(site: &'s Site, plan: &'s super::print::PrintPlan) -> Self {
        Page { plan: Some(plan), ..Page::new(site, paths::PRINT) }
    }

    /// A relative link to `path#anchor`, or `#anchor` when that is on this page.
    pub fn link(&self, path: &str, anchor: &str) -> String {
        if let Some(plan) = self.plan {
            // Inside the pack when it prints the target; else the web page, relative.
            if let Some(inside) = plan.in_pack(path, anchor) {
                return format!("#{inside}");
            }
        }
        if self.plan.is_none() && (self.print || path == self.path) {
            if anchor.is_empty() { "#top".to_string() } else { paths::concat(&["#", anchor]) }
        } else if anchor.is_empty() {
            paths::concat(&[&self.root, path])
        } else {
            paths::concat(&[&self.root, path, "#", anchor])
        }
    }

    /// [`Page::link`] to article `slug`: to its anchor, or to its paragraph `n` (1-based) for
    /// `Some(n)`. Off the print pack the href is written at once into one string (timeline
    /// entries, summaries and mentions make hundreds of thousands of these), not joined from a
    /// path and an anchor made apart; the print pack asks its plan, through [`Page::link`].
    pub fn article_link(&self, slug: &str, paragraph: Option<usize>) -> String {
        let mut href = String::with_capacity(self.root.len() + 2 * slug.len() + 32);
        self.article_link_into(&mut href, slug, paragraph);
        href
    }

    /// [`Page::article_link`], appended to `href` (a buffer reused from link to link by the
    /// timeline's writers: 180,000 links at 10,000 articles).
    pub fn article_link_into(&self, href: &mut String, slug: &str, paragraph: Option<usize>) {
        if self.plan.is_some() {
            let anchor = match paragraph {
                Some(n) => paths::paragraph_anchor(slug, n),
                None => paths::article_anchor(slug),
            };
            href.push_str(&self.link(&paths::article(slug), &anchor));
            return;
        }
        // This page is the article's own: `path == self.path` in `link`.
        let here = self.path.strip_prefix("articles/").and_then(|rest| rest.strip_suffix(".html")) == Some(slug);
        if self.print || here {
            href.push('#');
        } else {
            href.push_str(&self.root);
            href.push_str("articles/");
            href.push_str(slug);
            href.push_str(".html#");
        }
        paths::push_article_anchor(href, slug, paragraph);
    }

    /// A relative link to a page (for navigation; the print pack never shows navigation).
    pub fn to(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    pub fn href(&self, t: &Target) -> String {
        self.link(&t.path, &t.anchor)
    }

    /// Starts a new linking scope (a print-pack section counts as a page of its own).
    pub fn reset_linking(&self) {
        self.linked.borrow_mut().clear();
    }

    /// The terms linked so far in the current linking scope.
    #[cfg(test)]
    pub(super) fn linked_terms(&self) -> BTreeSet<usize> {
        self.linked.borrow().clone()
    }

    /// Marks for the glossary mentions of one paragraph or text run, per the linking policy.
    /// `new_block` starts a paragraph for the per-paragraph policy.
    pub fn term_marks<'m>(&self, mentions: impl Iterator<Item = &'m Mention>, new_block: bool) -> Vec<Mark> {
        self.term_marks_with(mentions, new_block, &mut |anchor| self.link(paths::GLOSSARY, anchor))
    }

    /// [`Page::term_marks`] with each mark's href made by `href` from the term's anchor.
    fn term_marks_with<'m>(
        &self,
        mentions: impl Iterator<Item = &'m Mention>,
        new_block: bool,
        href: &mut dyn FnMut(&str) -> String,
    ) -> Vec<Mark> {
        let policy = self.site.config.glossary.link;
        if policy == LinkPolicy::None {
            return Vec::new();
        }
        let mut linked = self.linked.borrow_mut();
        if new_block && policy == LinkPolicy::Paragraph {
            linked.clear();
        }
        let mut marks = Vec::new();
        for m in mentions {
            if policy != LinkPolicy::Every && linked.contains(&m.term) {
                continue;
            }
            linked.insert(m.term);
            let term = &self.site.glossary.terms[m.term];
            marks.push(Mark {
                range: m.range.clone(),
                href: href(&term.anchor),
                title: Some([term.headword.as_str(), ": ", term.short_definition()].concat()),
                class: "term".to_string(),
            });
        }
        marks
    }

    /// A Markdown document as HTML, with xrefs resolved for this page and terms linked.
    pub fn doc_html(&self, doc_ref: DocRef) -> String {
        self.doc_html_shifted(doc_ref, 0)
    }

    /// [`Page::doc_html`] with the document's headings `shift` levels deeper.
    pub fn doc_html_shifted(&self, doc_ref: DocRef, shift: u8) -> String {
        // The parts shared by every page of the render, where this page starts the document
        // with no term linked (as each page that shows a note, the cover or a definition does).
        if let Some(docs) = self.docs
            && self.linked.borrow().is_empty()
            && let Some(parts) = docs.get(self.site, doc_ref)
        {
            self.linked.borrow_mut().extend(parts.linked());
            return parts.fill(self, shift);
        }
        let Some(doc) = self.site.docs.get(doc_ref) else { return String::new() };
        crate::markdown::to_html_shifted(&doc.doc, &self.doc_linker(doc_ref, doc, false), shift)
    }

    /// The document's HTML with every page-dependent piece a hole, and the terms it links
    /// when started with none linked: what [`super::doc_parts::DocParts`] is made of.
    pub(super) fn doc_html_with_holes(&self, doc_ref: DocRef) -> Option<(String, Vec<Hole>, BTreeSet<usize>)> {
        let doc = self.site.docs.get(doc_ref)?;
        self.reset_linking();
        let linker = self.doc_linker(doc_ref, doc, true);
        let html = crate::markdown::to_html(&doc.doc, &linker);
        let holes = linker.holes.map(RefCell::into_inner).unwrap_or_default();
        Some((html, holes, self.linked.borrow().clone()))
    }

    fn doc_linker<'p>(&'p self, doc_ref: DocRef, doc: &'s SourcedDoc, holes: bool) -> DocLinker<'p, 's> {
        let mut by_event: BTreeMap<usize, Vec<&Mention>> = BTreeMap::new();
        for m in self.site.glossary.in_doc(doc_ref) {
            if let Place::Doc { event, .. } = m.place {
                by_event.entry(event).or_default().push(m);
            }
        }
        let blocks: BTreeMap<usize, usize> = doc.doc.linkable_texts().into_iter().map(|(e, b, _)| (e, b)).collect();
        DocLinker {
            page: self,
            by_event,
            blocks,
            last_block: RefCell::new(0),
            holes: holes.then(|| RefCell::new(Vec::new())),
            last_xref: RefCell::new(None),
        }
    }

    pub fn sourced_doc(&self, doc_ref: DocRef) -> Option<&'s SourcedDoc> {
        self.site.docs.get(doc_ref)
    }
}

/// A page-dependent piece of a document's HTML, left as a hole by [`Page::doc_html_with_holes`]
/// (written `\0N\0`, N its index) and filled in for each page by
/// [`super::doc_parts::DocParts::fill`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Hole {
    /// The href of a link to `path#anchor` (an xref or a term mark), as [`Page::link`] makes it.
    Link { path: String, anchor: String },
    /// The print pack's reference after an xref to `path#anchor` (with the markup around it).
    Ref { path: String, anchor: String },
}

struct DocLinker<'p, 's> {
    page: &'p Page<'s>,
    by_event: BTreeMap<usize, Vec<&'s Mention>>,
    blocks: BTreeMap<usize, usize>,
    last_block: RefCell<usize>,
    /// `Some` when hrefs and references are holes, recorded here, not this page's.
    holes: Option<RefCell<Vec<Hole>>>,
    /// The last xref resolved (its target, path and anchor): the renderer asks
    /// [`LinkResolver::xref_after`] right after [`LinkResolver::xref`] for the same target.
    last_xref: RefCell<Option<(String, String, String)>>,
}

impl DocLinker<'_, '_> {
    /// A hole's `\0N\0`.
    fn hole(holes: &RefCell<Vec<Hole>>, hole: Hole) -> String {
        let mut holes = holes.borrow_mut();
        holes.push(hole);
        format!("\0{}\0", holes.len() - 1)
    }
}

impl LinkResolver for DocLinker<'_, '_> {
    fn xref(&self, target: &str) -> Option<ResolvedLink> {
        let t = self.page.site.resolve(target).ok()?;
        let href = match &self.holes {
            Some(holes) => Self::hole(holes, Hole::Link { path: t.path.clone(), anchor: t.anchor.clone() }),
            None => self.page.href(&t),
        };
        *self.last_xref.borrow_mut() = Some((target.to_string(), t.path, t.anchor));
        Some(ResolvedLink { href, title: t.title, class: Some(t.class.to_string()), text: Some(t.label) })
    }

    fn xref_after(&self, target: &str) -> Option<String> {
        let last = self.last_xref.borrow();
        let resolved;
        let (path, anchor) = match last.as_ref() {
            Some((x, path, anchor)) if x == target => (path, anchor),
            _ => {
                resolved = self.page.site.resolve(target).ok()?;
                (&resolved.path, &resolved.anchor)
            }
        };
        if let Some(holes) = &self.holes {
            return Some(Self::hole(holes, Hole::Ref { path: path.clone(), anchor: anchor.clone() }));
        }
        let plan = self.page.plan?;
        plan.reference(self.page.site, path, anchor)
    }

    fn marks(&self, event: usize) -> Vec<Mark> {
        let Some(mentions) = self.by_event.get(&event) else { return Vec::new() };
        let block = self.blocks.get(&event).copied().unwrap_or(0);
        let new_block = block != *self.last_block.borrow();
        *self.last_block.borrow_mut() = block;
        match &self.holes {
            Some(holes) => self.page.term_marks_with(mentions.iter().copied(), new_block, &mut |anchor| {
                Self::hole(holes, Hole::Link { path: paths::GLOSSARY.to_string(), anchor: anchor.to_string() })
            }),
            None => self.page.term_marks(mentions.iter().copied(), new_block),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article's href written whole (and appended to a buffer) is the one [`Page::link`]
    /// makes from its path and anchor: on the article's own page, another article's, pages at the root and one folder
    /// down, the print page, and the print pack (through its plan); for the example's slugs
    /// and for odd ones (empty, non-ASCII, a prefix of a real one).
    #[test]
    fn article_links_are_those_link_makes() {
        let mut diags = crate::diagnostics::Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        let plan = super::super::print::PrintPlan::new(&site);
        let mut slugs: Vec<String> = site.articles.iter().map(|a| a.slug.clone()).collect();
        let first = slugs.first().cloned().unwrap_or_default();
        slugs.extend(["".to_string(), "日本-é".to_string(), first.chars().take(3).collect(), format!("{first}x")]);
        let mut pages: Vec<Page<'_>> =
            [paths::INDEX, paths::TIMELINE, paths::PRINT, "outlets/x.html", "articles/.html"]
                .iter()
                .map(|p| Page::new(&site, p))
                .collect();
        pages.extend(site.articles.iter().take(3).map(|a| Page::new(&site, &paths::article(&a.slug))));
        pages.push(Page::for_print(&site, &plan));
        let mut here = 0;
        for page in &pages {
            for slug in &slugs {
                for paragraph in [None, Some(0), Some(1), Some(12), Some(usize::MAX)] {
                    let anchor = match paragraph {
                        Some(n) => paths::paragraph_anchor(slug, n),
                        None => paths::article_anchor(slug),
                    };
                    let want = page.link(&paths::article(slug), &anchor);
                    here += usize::from(want.starts_with('#'));
                    assert_eq!(page.article_link(slug, paragraph), want, "{} → {slug} {paragraph:?}", page.path);
                    let mut appended = "x#".to_string();
                    page.article_link_into(&mut appended, slug, paragraph);
                    assert_eq!(appended, format!("x#{want}"));
                }
            }
        }
        assert!(here > 0, "some links point into their own page");
    }
}
