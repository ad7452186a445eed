//! The main text of a saved page, by a readability-style scoring of its blocks.
//!
//! Input: the parsed page. Output: the page's text blocks in document order (each with its
//! tag, text, link text and source line), and the set of elements that hold the main text.
//! Method (after Mozilla's Readability): every paragraph-like block of 25+ characters scores
//! 1 + its commas + one per 100 characters (at most 3) and gives that to its parent, half to
//! its grandparent and a third to the great-grandparent; a container starts from its tag and
//! its class/id hints (`article`, `content`, `story` up; `comment`, `sidebar`, `related`
//! down) and is scaled down by its link density. The best container is the main text, with
//! those of its siblings that score at least a fifth as well.
//! Invariants: scripts, styles and other non-text elements never contribute text; the walk
//! is iterative (no recursion on the page's depth).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed", "canvas", "select",
    "textarea", "button", "input", "video", "audio", "map",
];

/// Whether an element's content is never page text (scripts, styles…).
pub(super) fn is_skipped(tag: &str) -> bool {
    SKIPPED.contains(&tag)
}

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "body",
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "form",
    "address",
    "fieldset",
    "details",
    "summary",
    "center",
];

static POSITIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|rich-text").ok()
});
static NEGATIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)-ad-|hidden|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|nav|menu|newsletter|subscribe|social|taboola|recirc|most-popular|trending").ok()
});

/// One block of text.
#[derive(Debug, Clone)]
pub(super) struct Block {
    /// The element that holds the text.
    pub(super) node: NodeId,
    /// Its tag name.
    pub(super) tag: String,
    /// Its own text (not that of nested blocks), whitespace collapsed.
    pub(super) text: String,
    /// Characters of that text inside links.
    pub(super) link_chars: usize,
    /// 1-based line of the page source where the text starts (best effort).
    pub(super) line: usize,
}

impl Block {
    pub(super) fn link_density(&self) -> f32 {
        let chars = self.text.chars().count();
        if chars == 0 { 0.0 } else { self.link_chars as f32 / chars as f32 }
    }
}

/// Every text block of the page in document order.
pub(super) fn blocks(doc: &Html, raw: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut skip = 0usize;
    let mut link = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip > 0 || SKIPPED.contains(&name) {
                        skip += 1;
                    } else if name == "a" {
                        link += 1;
                    } else if name == "br" {
                        if let Some(&top) = stack.last() {
                            out[top].text.push(' ');
                        }
                    } else if BLOCK_TAGS.contains(&name) {
                        out.push(Block {
                            node: node.id(),
                            tag: name.to_string(),
                            text: String::new(),
                            link_chars: 0,
                            line: 0,
                        });
                        stack.push(out.len() - 1);
                    }
                }
                Node::Text(text) if skip == 0 => {
                    if let Some(&top) = stack.last() {
                        out[top].text.push_str(text);
                        if link > 0 {
                            out[top].link_chars +=
                                text.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>();
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if skip > 0 {
                        skip -= 1;
                    } else if name == "a" {
                        link = link.saturating_sub(1);
                    } else if BLOCK_TAGS.contains(&name) {
                        stack.pop();
                    }
                }
            }
        }
    }
    let mut lines = SourceLines::new(raw);
    out.retain_mut(|b| {
        b.text = super::meta::collapse(&b.text);
        b.link_chars = b.link_chars.min(b.text.chars().count());
        !b.text.is_empty()
    });
    for block in &mut out {
        block.line = lines.locate(&block.text);
    }
    out
}

/// Finds where a block's text starts in the page source, moving forward through the page.
struct SourceLines<'a> {
    raw: &'a str,
    cursor: usize,
}

impl<'a> SourceLines<'a> {
    fn new(raw: &'a str) -> Self {
        SourceLines { raw, cursor: 0 }
    }

    /// The line of the first three plain words of `text` at or after the cursor (entities
    /// and markup can hide later words), else the cursor's line.
    fn locate(&mut self, text: &str) -> usize {
        let probe: Vec<&str> = text
            .split_whitespace()
            .take_while(|w| w.chars().all(|c| c.is_alphanumeric() || c == ',' || c == '.'))
            .take(3)
            .collect();
        if !probe.is_empty() {
            let needle = probe.join(" ");
            if let Some(rest) = self.raw.get(self.cursor..)
                && let Some(at) = rest.find(&needle)
            {
                self.cursor += at;
            }
        }
        self.raw.get(..self.cursor).map_or(1, |before| before.matches('\n').count() + 1)
    }
}

fn class_and_id(el: &scraper::node::Element) -> String {
    format!("{} {}", el.attr("class").unwrap_or(""), el.id().unwrap_or(""))
}

/// A container's starting score: its tag and its class/id hints.
fn initial_score(el: &scraper::node::Element) -> f32 {
    let tag = match el.name() {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag + class_weight(el)
}

fn class_weight(el: &scraper::node::Element) -> f32 {
    let hints = class_and_id(el);
    let mut weight = 0.0;
    if NEGATIVE.as_ref().is_some_and(|re| re.is_match(&hints)) {
        weight -= 25.0;
    }
    if POSITIVE.as_ref().is_some_and(|re| re.is_match(&hints)) {
        weight += 25.0;
    }
    weight
}

/// Text and link characters of the blocks under each element (itself included), for link
/// density: each block's counts at its own element, then summed up the tree once, children
/// before their parents (adding each block to all its ancestors was quadratic in the nesting
/// depth: 9,500 nested `<div>`s took seconds). Elements with no block under them may be
/// missing.
pub(super) fn text_totals(doc: &Html, blocks: &[Block]) -> HashMap<NodeId, (usize, usize)> {
    let mut totals: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for block in blocks {
        let entry = totals.entry(block.node).or_default();
        entry.0 += block.text.chars().count();
        entry.1 += block.link_chars;
    }
    let preorder: Vec<ego_tree::NodeRef<'_, Node>> = doc.tree.root().descendants().collect();
    for node in preorder.iter().rev() {
        if let (Some(&(chars, links)), Some(parent)) = (totals.get(&node.id()), node.parent()) {
            let entry = totals.entry(parent.id()).or_default();
            entry.0 += chars;
            entry.1 += links;
        }
    }
    totals
}

/// The elements holding the main text (see the module docs); empty when nothing scores.
pub(super) fn main_containers(doc: &Html, blocks: &[Block]) -> BTreeSet<NodeId> {
    let mut scores: BTreeMap<NodeId, f32> = BTreeMap::new();
    let totals = text_totals(doc, blocks);
    for block in blocks {
        let Some(node) = doc.tree.get(block.node) else { continue };
        let chars = block.text.chars().count();
        let scoring = matches!(block.tag.as_str(), "p" | "pre" | "td" | "blockquote" | "div" | "section" | "article");
        // Readability's "unlikely candidates": text in sidebars, related links, comments…
        // never votes for its container.
        if !scoring || chars < 25 || ElementRef::wrap(node).is_some_and(super::in_other_content) {
            continue;
        }
        let commas = block.text.matches([',', '，', '、']).count() as f32;
        let score = 1.0 + commas + (chars as f32 / 100.0).floor().min(3.0);
        for (level, ancestor) in node.ancestors().take(3).enumerate() {
            let Some(el) = ElementRef::wrap(ancestor) else { continue };
            if el.value().name() == "body" || el.value().name() == "html" {
                break;
            }
            let entry = scores.entry(ancestor.id()).or_insert_with(|| initial_score(el.value()));
            *entry += score / (level as f32 + 1.0);
        }
    }
    let density = |id: &NodeId| totals.get(id).map_or(0.0, |(c, l)| if *c == 0 { 0.0 } else { *l as f32 / *c as f32 });
    let finals: BTreeMap<NodeId, f32> = scores.iter().map(|(id, s)| (*id, s * (1.0 - density(id)))).collect();
    let mut ranked: Vec<(NodeId, f32)> = finals.iter().map(|(id, s)| (*id, *s)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return BTreeSet::new();
    };
    // A story split over several containers ("story-body-1", "story-body-2"): when three or
    // more near-best candidates share an ancestor, that ancestor is the main text.
    let near: Vec<NodeId> =
        ranked.iter().skip(1).take(4).filter(|(_, s)| *s >= top_score * 0.75).map(|(id, _)| *id).collect();
    if near.len() >= 2
        && let Some(top_node) = doc.tree.get(top)
    {
        for ancestor in top_node.ancestors() {
            if ElementRef::wrap(ancestor).is_some_and(|e| e.value().name() == "body") {
                break;
            }
            let holds = near
                .iter()
                .filter(|id| doc.tree.get(**id).is_some_and(|n| n.ancestors().any(|a| a.id() == ancestor.id())))
                .count();
            if holds + 1 >= 3 {
                top = ancestor.id();
                break;
            }
        }
    }
    let top_score = finals.get(&top).copied().unwrap_or(top_score).max(top_score);
    let first_class = |id: NodeId| {
        doc.tree
            .get(id)
            .and_then(ElementRef::wrap)
            .and_then(|e| e.value().attr("class").and_then(|c| c.split_whitespace().next().map(str::to_string)))
    };
    let top_class = first_class(top);
    let mut chosen = BTreeSet::from([top]);
    let threshold = (top_score * 0.2).max(10.0);
    if let Some(parent) = doc.tree.get(top).and_then(|n| n.parent()) {
        for sibling in parent.children() {
            let id = sibling.id();
            if id == top {
                continue;
            }
            // A sibling of the same class as the best container is more of the story.
            let bonus = if top_class.is_some() && first_class(id) == top_class { top_score * 0.2 } else { 0.0 };
            let good_score = finals.get(&id).is_some_and(|s| *s + bonus >= threshold);
            let good_paragraph = ElementRef::wrap(sibling).is_some_and(|el| {
                let (chars, links) = totals.get(&id).copied().unwrap_or_default();
                el.value().name() == "p" && chars > 80 && (links as f32) < chars as f32 * 0.25
            });
            if good_score || good_paragraph {
                chosen.insert(id);
            }
        }
    }
    // The story's other parts in containers of the same class near the best one
    // ("story-body-1" beside "story-body-2", each in its own wrapper).
    if top_class.is_some()
        && let Some(top_node) = doc.tree.get(top)
    {
        let near: Vec<NodeId> = top_node.ancestors().skip(1).take(3).map(|a| a.id()).collect();
        for (id, score) in &ranked {
            if *score < threshold || chosen.contains(id) || first_class(*id) != top_class {
                continue;
            }
            let Some(node) = doc.tree.get(*id) else { continue };
            let related = node.ancestors().any(|a| near.contains(&a.id()));
            let nested = node.ancestors().any(|a| a.id() == top) || top_node.ancestors().any(|a| a.id() == *id);
            if related && !nested {
                chosen.insert(*id);
            }
        }
    }
    chosen
}
