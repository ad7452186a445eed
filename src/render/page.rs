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
            linked: RefCell::new(BTreeSet::new()),
        }
    }

    /// This page, taking the article summaries it shows from `summaries` where they are the
    /// same from every page of its folder (see [`super::views::Summaries`]).
    pub fn with_summaries(self, summaries: &'s super::views::Summaries) -> Self {
        Page { summaries: Some(summaries), ..self }
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

    /// Marks for the glossary mentions of one paragraph or text run, per the linking policy.
    /// `new_block` starts a paragraph for the per-paragraph policy.
    pub fn term_marks<'m>(&self, mentions: impl Iterator<Item = &'m Mention>, new_block: bool) -> Vec<Mark> {
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
                href: self.link(paths::GLOSSARY, &term.anchor),
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
        let Some(doc) = self.site.docs.get(doc_ref) else { return String::new() };
        let mut by_event: BTreeMap<usize, Vec<&Mention>> = BTreeMap::new();
        for m in self.site.glossary.in_doc(doc_ref) {
            if let Place::Doc { event, .. } = m.place {
                by_event.entry(event).or_default().push(m);
            }
        }
        let blocks: BTreeMap<usize, usize> = doc.doc.linkable_texts().into_iter().map(|(e, b, _)| (e, b)).collect();
        let resolver = DocLinker { page: self, by_event, blocks, last_block: RefCell::new(0) };
        crate::markdown::to_html_shifted(&doc.doc, &resolver, shift)
    }

    pub fn sourced_doc(&self, doc_ref: DocRef) -> Option<&'s SourcedDoc> {
        self.site.docs.get(doc_ref)
    }
}

struct DocLinker<'p, 's> {
    page: &'p Page<'s>,
    by_event: BTreeMap<usize, Vec<&'s Mention>>,
    blocks: BTreeMap<usize, usize>,
    last_block: RefCell<usize>,
}

impl LinkResolver for DocLinker<'_, '_> {
    fn xref(&self, target: &str) -> Option<ResolvedLink> {
        let t = self.page.site.resolve(target).ok()?;
        Some(ResolvedLink {
            href: self.page.href(&t),
            title: t.title.clone(),
            class: Some(t.class.to_string()),
            text: Some(t.label.clone()),
        })
    }

    fn xref_after(&self, target: &str) -> Option<String> {
        let plan = self.page.plan?;
        let t = self.page.site.resolve(target).ok()?;
        plan.reference(self.page.site, &t.path, &t.anchor)
    }

    fn marks(&self, event: usize) -> Vec<Mark> {
        let Some(mentions) = self.by_event.get(&event) else { return Vec::new() };
        let block = self.blocks.get(&event).copied().unwrap_or(0);
        let new_block = block != *self.last_block.borrow();
        *self.last_block.borrow_mut() = block;
        self.page.term_marks(mentions.iter().copied(), new_block)
    }
}
