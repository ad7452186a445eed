//! Extraction from a saved HTML page: the `.html` counterpart of the text-scrape passes.
//!
//! Input: the page source. Output: the same [`Extraction`] as a text scrape: metadata from
//! `meta` (what the page states about itself, then its visible header), the main text from
//! `blocks` (readability-style scoring), and every other text block recorded as removed with
//! the reason its place on the page gives ("navigation bar", "comments", "related links"…).
//! Line numbers are lines of the page source, found by searching each block's first words.
//! Invariants: the page is only read (a real HTML parser, html5ever via scraper), never
//! rendered: nothing of its markup or scripts reaches the output except as escaped text;
//! a field the page does not state is `None` with a note, as for text scrapes.

mod blocks;
mod meta;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Html};

use super::normalize::{clean_paragraph, clip, compare_key, normalize_line};
use super::outlet::canonical_outlet;
use super::{Caption, ExtractOptions, Extraction, Found, Paragraph, ParagraphKind, Removed, dateline, shapes};

/// Words of a publication stamp line ("First published February 1, 2016: 1:28 AM ET").
static STAMP_WORDS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(published|updated|posted|publié|mis à jour|publicado|actualizado|veröffentlicht|aktualisiert)\b",
    )
    .ok()
});

/// Where an element sits on the page, as a reason to drop text found there.
static HINTS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"(?i)cookie|gdpr|consent", "cookie notice"),
        (r"(?i)comment|disqus|replies|respond", "comments"),
        (r"(?i)related|recommend|more-stories|more_stories|outbrain|taboola|recirc|read-more|readmore|most-popular|most-read|trending|also-", "related links"),
        (r"(?i)share|sharing|social|sociable", "share widget"),
        (r"(?i)newsletter|subscribe|signup|sign-up", "newsletter promo"),
        (r"(?i)(^|\s)(ad|ads|adv|advert\w*|dfp\S*|sponsor\S*|promo\S*|banner\S*|ad[-_](slot|unit|container|wrapper|banner|box)\S*)(\s|$)|-ad-|adslot", "advertisement"),
        (r"(?i)(^|[-_ ])(nav|navbar|navigation|menu|breadcrumbs?|topbar)([-_ ]|$)", "navigation bar"),
        (r"(?i)footer|colophon", "page footer"),
        (r"(?i)masthead|(^|[-_ ])header([-_ ]|$)", "page header"),
        (r"(?i)sidebar|(^|[-_ ])rail([-_ ]|$)|(^|[-_ ])aside([-_ ]|$)", "sidebar"),
        (r"(?i)byline|author", "byline"),
        (r"(?i)caption", "caption"),
    ]
    .into_iter()
    .filter_map(|(p, reason)| Regex::new(p).ok().map(|re| (re, reason)))
    .collect()
});

fn hint_of(el: &scraper::node::Element) -> Option<&'static str> {
    let hints = format!("{} {}", el.attr("class").unwrap_or(""), el.id().unwrap_or(""));
    let by_class = (!hints.trim().is_empty())
        .then(|| HINTS.iter().find(|(re, _)| re.is_match(&hints)).map(|(_, reason)| *reason))
        .flatten();
    by_class.or(match el.name() {
        "nav" => Some("navigation bar"),
        "footer" => Some("page footer"),
        "aside" => Some("sidebar"),
        "form" => Some("form"),
        "figcaption" => Some("caption"),
        _ => None,
    })
}

/// The page-furniture reason of the nearest element (itself included) that has one, below
/// `<body>`: the walk [`Above`] answers for every node at once.
#[cfg(test)]
fn furniture_reason(el: ElementRef<'_>) -> Option<&'static str> {
    std::iter::once(*el)
        .chain(el.ancestors())
        .filter_map(ElementRef::wrap)
        .take_while(|e| e.value().name() != "body")
        .find_map(|e| hint_of(e.value()))
}

/// Reasons that mark a part of the page as other content (related links, comments,
/// sidebars, footers, navigation, ads): bylines, dates and text there are not the article's.
const OTHER_CONTENT: &[&str] = &[
    "related links",
    "comments",
    "sidebar",
    "page footer",
    "navigation bar",
    "advertisement",
    "newsletter promo",
    "cookie notice",
    "form",
];

/// The other-content reason of an element itself, unless it wraps most of the page (a
/// `<div id="ad-portal">` around everything is a layout wrapper, not an ad).
fn other_content_reason(el: ElementRef<'_>, page_chars: &mut Option<usize>) -> Option<&'static str> {
    let reason = hint_of(el.value()).filter(|r| OTHER_CONTENT.contains(r))?;
    // Sidebars, comments and related links stay other content however long they are.
    if !matches!(reason, "advertisement" | "navigation bar" | "form") {
        return Some(reason);
    }
    let body_chars = *page_chars.get_or_insert_with(|| {
        let body = el.ancestors().filter_map(ElementRef::wrap).find(|e| e.value().name() == "body");
        text_chars(body.unwrap_or(el))
    });
    (text_chars(el) * 2 < body_chars).then_some(reason)
}

/// Visible characters under an element (script and style text excluded).
fn text_chars(el: ElementRef<'_>) -> usize {
    el.descendants()
        .filter_map(|n| match n.value() {
            scraper::Node::Text(t) => {
                let hidden =
                    n.parent().and_then(ElementRef::wrap).is_some_and(|p| blocks::is_skipped(p.value().name()));
                (!hidden).then(|| t.chars().filter(|c| !c.is_whitespace()).count())
            }
            _ => None,
        })
        .sum()
}

/// Whether the element sits in other content (see [`OTHER_CONTENT`]).
pub(super) fn in_other_content(el: ElementRef<'_>) -> bool {
    let mut page_chars = None;
    std::iter::once(*el)
        .chain(el.ancestors())
        .filter_map(ElementRef::wrap)
        .take_while(|e| e.value().name() != "body")
        .any(|e| other_content_reason(e, &mut page_chars).is_some())
}

/// What the walks up the tree from a block find, for every node at once: worked out from the
/// root down, each node from its parent's answer, so that a page of thousands of nested
/// elements costs a pass over the page, not a walk to the root for each block (quadratic:
/// 9,500 nested `<div>`s took four seconds).
#[derive(Default)]
struct Above {
    /// [`furniture_reason`]: the hint of the nearest element at or above the node, below `<body>`.
    furniture: HashMap<NodeId, &'static str>,
    /// The hint of the nearest element at or above the node, below the main container it is
    /// in (exclusive), or up to the top when it is in none.
    within: HashMap<NodeId, &'static str>,
    /// Nodes in a main container (one of them, or below one).
    inside: HashSet<NodeId>,
}

impl Above {
    fn new(doc: &Html, roots: &BTreeSet<NodeId>) -> Above {
        let mut above = Above::default();
        // Pre-order: a parent before its children.
        for node in doc.tree.root().descendants() {
            let parent = node.parent().map(|p| p.id());
            let hint = node.value().as_element().and_then(hint_of);
            let parent_of = |map: &HashMap<NodeId, &'static str>| parent.and_then(|p| map.get(&p).copied());
            // The walk stops at `<body>`, and passes over nodes that are not elements.
            let is_body = node.value().as_element().is_some_and(|el| el.name() == "body");
            if let Some(reason) = hint.or_else(|| parent_of(&above.furniture)).filter(|_| !is_body) {
                above.furniture.insert(node.id(), reason);
            }
            let root = roots.contains(&node.id());
            if let Some(reason) = hint.or_else(|| parent_of(&above.within)).filter(|_| !root) {
                above.within.insert(node.id(), reason);
            }
            if root || parent.is_some_and(|p| above.inside.contains(&p)) {
                above.inside.insert(node.id());
            }
        }
        above
    }

    /// The furniture reason between a block and the main container (exclusive), if any.
    fn reason_within(&self, node: NodeId) -> Option<&'static str> {
        self.within.get(&node).copied()
    }

    fn inside(&self, node: NodeId) -> bool {
        self.inside.contains(&node)
    }

    fn furniture_reason(&self, node: NodeId) -> Option<&'static str> {
        self.furniture.get(&node).copied()
    }
}

/// Extracts metadata and the main text from a saved page (see the module docs).
pub fn extract_html(raw: &str, opts: &ExtractOptions) -> Extraction {
    let doc = Html::parse_document(raw);
    let meta = meta::read(&doc);
    let blocks = blocks::blocks(&doc, raw);
    let roots = blocks::main_containers(&doc, &blocks);
    let above = Above::new(&doc, &roots);
    let mut notes = Vec::new();

    // The headline, without a " | Site" suffix.
    let site = site_name(&meta.site, opts);
    let title = meta.title.clone().map(|mut t| {
        t.value = strip_site_suffix(&t.value, site.as_ref().map(|s| s.value.as_str()));
        t
    });
    let title_key = title.as_ref().map(|t| compare_key(&t.value)).unwrap_or_default();

    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut captions: Vec<Caption> = Vec::new();
    let mut removed: Vec<Removed> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let configured = |text: &str| opts.drop.iter().any(|d| d.trim() == text);
    for block in &blocks {
        let text = normalize_line(&block.text);
        let mut drop = |reason: &str| {
            removed.push(Removed { line: block.line, text: clip(&text, 300), reason: reason.to_string() })
        };
        if !above.inside(block.node) {
            let reason = above.furniture_reason(block.node).unwrap_or("outside the main text");
            drop(if block.tag == "h1" && compare_key(&text) == title_key { "headline" } else { reason });
            continue;
        }
        let key = compare_key(&text);
        if block.tag == "h1" || (!title_key.is_empty() && key == title_key) {
            drop("headline");
            continue;
        }
        if configured(&text) {
            drop("configured");
            continue;
        }
        if let Some(reason) = above.reason_within(block.node) {
            if reason == "caption" {
                captions.push(Caption { text: text.clone(), credit: None, line: block.line });
            } else {
                drop(reason);
            }
            continue;
        }
        if let Some(reason) = shapes::shape_reason(&text) {
            drop(reason);
            continue;
        }
        let chars = text.chars().count();
        if block.link_density() > 0.5 {
            drop("link list");
            continue;
        }
        let heading = matches!(block.tag.as_str(), "h2" | "h3" | "h4" | "h5" | "h6");
        let prose = matches!(block.tag.as_str(), "p" | "li" | "blockquote" | "pre" | "dd" | "td");
        if !heading && !prose && chars < 40 && !text.ends_with(['.', '!', '?', '"', '”']) {
            drop("page furniture (short block)");
            continue;
        }
        if !seen.insert(key) {
            drop("duplicate");
            continue;
        }
        if chars <= 120
            && STAMP_WORDS.as_ref().is_some_and(|re| re.is_match(&text))
            && !super::dates::find_dates(&text).is_empty()
        {
            drop("date stamp");
            continue;
        }
        // A heading that is a whole sentence is a lead paragraph set large.
        let sentence = super::lines::words(&text).len() > 20 || text.ends_with('.');
        let kind = if heading && !sentence { ParagraphKind::Subhead } else { ParagraphKind::Body };
        paragraphs.push(Paragraph::new(clean_paragraph(text), block.line, block.line, kind));
    }
    // The author's bio at the foot: "Steven Mufson covers the White House."
    let authors: Vec<String> = meta.byline.as_ref().map(|b| b.value.clone()).unwrap_or_default();
    let tail = paragraphs.len().saturating_sub(2);
    let bio_at = (tail..paragraphs.len()).rev().find(|&i| {
        let text = &paragraphs[i].text;
        authors.iter().any(|a| text.starts_with(a.as_str())) && super::lines::words(text).len() <= 80
    });
    if let Some(i) = bio_at {
        let bio = paragraphs.remove(i);
        removed.push(Removed { line: bio.line, text: clip(&bio.text, 300), reason: "author bio".to_string() });
    }
    if paragraphs.is_empty() {
        notes.push("no story text found: no block of the page scored as the main text".to_string());
    }

    let is_outlet = |name: &str| canonical_outlet(name, opts.outlet_aliases).is_some();
    let opening = paragraphs.iter().find(|p| p.kind == ParagraphKind::Body);
    let found_dateline = opening.and_then(|p| dateline::find(&p.text, &is_outlet).map(|d| (d, p.line)));
    let dateline = found_dateline.as_ref().map(|(d, line)| Found {
        value: d.place.clone(),
        confidence: d.confidence,
        evidence: format!("line {line}: {}", d.text),
    });
    let wire = meta.wire.clone().or_else(|| {
        found_dateline.as_ref().and_then(|(d, line)| {
            let code = super::outlet::wire_of(d.agency.as_deref()?)?;
            Some(Found { value: code, confidence: 0.9, evidence: format!("line {line}: {}", d.text) })
        })
    });
    if meta.date.is_none() {
        notes.push(
            "date unknown: the page states no publication date (no meta, JSON-LD, <time>, URL or stamp)".to_string(),
        );
    }
    if site.is_none() {
        notes.push("outlet unknown: the page names no site (no og:site_name, publisher or known domain)".to_string());
    }
    removed.sort_by_key(|r| r.line);
    Extraction {
        title,
        outlet: site,
        wire,
        date: meta.date,
        byline: meta.byline,
        dateline,
        url: meta.url.clone().map(|u| Found {
            value: u,
            confidence: 0.9,
            evidence: "canonical URL of the page".to_string(),
        }),
        standfirst: None,
        paragraphs,
        captions,
        removed,
        notes,
    }
}

/// The outlet: the first site name that the outlet table or the aliases know, else the
/// first given name (cleaned of a tagline or URL form).
fn site_name(candidates: &[Found<String>], opts: &ExtractOptions) -> Option<Found<String>> {
    let aliases = opts.outlet_aliases;
    let known = |name: &str| -> Option<String> {
        canonical_outlet(name, aliases).or_else(|| {
            // "sport.aktualne.cz": try the host without its leading labels.
            let host = name.split("://").nth(1)?.split('/').next()?;
            let labels: Vec<&str> = host.split('.').collect();
            (1..labels.len().saturating_sub(1)).find_map(|i| canonical_outlet(&labels[i..].join("."), aliases))
        })
    };
    for c in candidates {
        let cleaned = tagline_removed(&c.value);
        if let Some(name) = known(&c.value).or_else(|| known(&cleaned)) {
            return Some(Found { value: name, confidence: c.confidence, evidence: c.evidence.clone() });
        }
    }
    candidates.iter().find(|c| !c.value.contains("://") && !c.value.starts_with('@')).map(|c| Found {
        value: tagline_removed(&c.value),
        confidence: (c.confidence - 0.1).max(0.5),
        evidence: c.evidence.clone(),
    })
}

/// "Aktuálně.cz - Víte, co se právě děje" → "Aktuálně.cz".
fn tagline_removed(name: &str) -> String {
    [" - ", " – ", " — ", " | ", ": "]
        .iter()
        .find_map(|sep| name.split_once(sep).map(|(head, _)| head.trim().to_string()))
        .unwrap_or_else(|| name.trim().to_string())
}

/// "Headline | Site" / "Headline - Site" → "Headline" when the tail names the site (or any
/// known outlet).
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail_key = super::outlet_names::outlet_key(tail);
            let names_site = site.is_some_and(|s| {
                let site_key = super::outlet_names::outlet_key(s);
                tail_key == site_key || tail_key.starts_with(&site_key) || site_key.starts_with(&tail_key)
            });
            if (names_site || canonical_outlet(tail, &Default::default()).is_some()) && !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(page: &str) -> Extraction {
        extract_html(page, &ExtractOptions::default())
    }

    /// [`Above`] and [`blocks::text_totals`], worked out from the root down and from the
    /// leaves up, answer as the walks up from each node do (the way it was done before, kept
    /// here as the reference), on pages with furniture
    /// inside and outside the main text, nesting, comments and text nodes, and on the saved
    /// news pages of the corpus when it is there.
    #[test]
    fn the_answers_from_above_are_the_walks_up() {
        let reason_within = |doc: &Html, node: NodeId, roots: &BTreeSet<NodeId>| {
            let start = doc.tree.get(node)?;
            std::iter::once(start)
                .chain(start.ancestors())
                .take_while(|n| !roots.contains(&n.id()))
                .filter_map(ElementRef::wrap)
                .find_map(|e| hint_of(e.value()))
        };
        let inside = |doc: &Html, node: NodeId, roots: &BTreeSet<NodeId>| {
            doc.tree.get(node).is_some_and(|n| std::iter::once(n).chain(n.ancestors()).any(|a| roots.contains(&a.id())))
        };
        let nested = format!(
            "<html><body>{}<p>{}</p>{}</body></html>",
            "<div class=\"sidebar\"><div>x<!-- c -->".repeat(40),
            "A sentence, with commas, long enough to score as text. ".repeat(4),
            "</div></div>".repeat(40)
        );
        let mut pages: Vec<String> = vec![PAGE.to_string(), nested];
        pages.push(
            "<html><head><title>t</title></head><body><nav class=\"menu\"><p>Home, News, Sport, more links here</p></nav>\
             <article class=\"story\"><p>Body text, with a comma, that is long enough to count.</p>\
             <figure><figcaption>A caption, credited.</figcaption></figure><aside><p>Related, more, other stories</p></aside>\
             <div class=\"story-body\"><p>More body text, with commas, long enough to count here.</p></div></article>\
             <footer><p>Copyright, all rights reserved, the publisher.</p></footer></body></html>"
                .to_string(),
        );
        // Furniture on `<html>` and `<body>` themselves: the walk stops at `<body>`.
        pages.push(
            "<html class=\"sidebar\"><head><title>t</title></head><body class=\"sidebar\"><div><p>Body text, with a comma, \
             that is long enough to count.</p></div><div class=\"comments\"><p>A comment, a reply, another reply.</p></div>\
             </body></html>"
                .to_string(),
        );
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/html");
        if let Ok(entries) = std::fs::read_dir(&corpus) {
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "html")
                    && let Ok(bytes) = std::fs::read(e.path())
                {
                    pages.push(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
        }
        for page in &pages {
            let doc = Html::parse_document(page);
            let blocks = blocks::blocks(&doc, page);
            let roots = blocks::main_containers(&doc, &blocks);
            let above = Above::new(&doc, &roots);
            let totals = blocks::text_totals(&doc, &blocks);
            let mut walked: HashMap<NodeId, (usize, usize)> = HashMap::new();
            for block in &blocks {
                let Some(node) = doc.tree.get(block.node) else { continue };
                for ancestor in std::iter::once(node).chain(node.ancestors()) {
                    let entry = walked.entry(ancestor.id()).or_default();
                    entry.0 += block.text.chars().count();
                    entry.1 += block.link_chars;
                }
            }
            for node in doc.tree.root().descendants() {
                let id = node.id();
                assert_eq!(totals.get(&id).copied().unwrap_or_default(), walked.get(&id).copied().unwrap_or_default());
                assert_eq!(above.reason_within(id), reason_within(&doc, id, &roots));
                assert_eq!(above.inside(id), inside(&doc, id, &roots));
                if let Some(el) = ElementRef::wrap(node) {
                    assert_eq!(above.furniture_reason(id), furniture_reason(el));
                }
            }
        }
    }

    const PAGE: &str = r##"<!doctype html><html lang="en"><head><title>Mayor resigns | Daily Planet</title>
<meta property="og:site_name" content="The Guardian">
<meta property="og:title" content="Mayor resigns after audit | The Guardian">
<meta property="article:published_time" content="2016-03-04T10:00:00Z">
<meta property="article:modified_time" content="2016-03-09T10:00:00Z">
<script>var x = "<p>not text</p>";</script>
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article class="story">
<h1>Mayor resigns after audit</h1>
<div class="byline">By Jane Doe</div>
<p>LONDON — The mayor resigned on Friday, hours after an audit found that the city had lost millions of pounds on a failed property deal, officials said.</p>
<p>The audit, published by the council, said the losses were avoidable, and that warnings had been ignored for two years.</p>
<div class="share-tools"><a href="#">Share on Facebook</a></div>
<h2>What comes next</h2>
<p>An election will be held within sixty days, the council said in a statement, and a caretaker will run the city until then.</p>
<figure><img src="x.jpg" alt=""><figcaption>The town hall, in a photo from 2015.</figcaption></figure>
</article>
<aside class="related"><h3>Related</h3><p>Another article about another mayor, <a href="/x">read it here and now</a>.</p>
<span class="byline">By Someone Else</span><time datetime="2011-01-01">1 Jan 2011</time></aside>
<footer><p>© 2016 Guardian News and Media Limited, all rights reserved.</p></footer>
</body></html>"##;

    #[test]
    fn reads_a_page() {
        let ex = extract(PAGE);
        assert_eq!(ex.title.map(|t| t.value).as_deref(), Some("Mayor resigns after audit"));
        assert_eq!(ex.outlet.map(|t| t.value).as_deref(), Some("The Guardian"));
        assert_eq!(ex.date.map(|d| d.value.to_string()).as_deref(), Some("2016-03-04"));
        assert_eq!(ex.byline.map(|b| b.value), Some(vec!["Jane Doe".to_string()]));
        assert_eq!(ex.dateline.map(|d| d.value).as_deref(), Some("LONDON"));
        let texts: Vec<&str> = ex.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:#?}");
        assert!(texts[0].starts_with("LONDON — The mayor resigned"));
        assert_eq!(texts[2], "What comes next");
        assert_eq!(ex.paragraphs[2].kind, ParagraphKind::Subhead);
        assert_eq!(ex.captions.len(), 1);
        let reasons: Vec<(&str, &str)> = ex.removed.iter().map(|r| (r.text.as_str(), r.reason.as_str())).collect();
        assert!(reasons.contains(&("Home", "navigation bar")), "{reasons:#?}");
        assert!(reasons.contains(&("Share on Facebook", "share widget")), "{reasons:#?}");
        assert!(reasons.iter().any(|(t, r)| t.starts_with("Another article") && *r == "related links"), "{reasons:#?}");
        assert!(reasons.iter().any(|(t, _)| t.starts_with("©")), "{reasons:#?}");
        assert!(ex.paragraphs.iter().all(|p| !p.text.contains("not text")));
        // Lines are lines of the page source.
        assert_eq!(ex.paragraphs[0].line, 12);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let deep = "<div>".repeat(5000) + "text" + &"</div>".repeat(5000);
        for page in ["", "<", "<html><body><p>", "\u{0}\u{feff}<p>x</p>", deep.as_str()] {
            let _ = extract(page);
        }
    }

    #[test]
    fn site_suffixes() {
        assert_eq!(strip_site_suffix("Dress STOLEN!!! | TMZ.com", Some("TMZ")), "Dress STOLEN!!!");
        assert_eq!(strip_site_suffix("A Brief History - CityLab", Some("CityLab")), "A Brief History");
        assert_eq!(strip_site_suffix("North and South - a history", Some("CityLab")), "North and South - a history");
        assert_eq!(tagline_removed("Aktuálně.cz - Víte, co se právě děje"), "Aktuálně.cz");
    }
}
