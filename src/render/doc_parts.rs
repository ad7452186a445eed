//! A document's HTML made once per render and shared by the pages that show it.
//!
//! A note is shown on its own page and in the print pack, the cover on the index and in the
//! pack, a glossary definition on the glossary and in the pack: the same Markdown rendered
//! again for each (at 10,000 articles, a thousand notes twice). Only a few pieces differ from
//! page to page: the hrefs of xrefs and term marks (relative to the page, or inside the pack),
//! the pack's `§` references after xrefs, and the heading levels (the pack shifts them under
//! its numbered sections). So a document is rendered once with those pieces as holes
//! ([`DocParts`]), and each page fills them in ([`DocParts::fill`]): the same bytes as
//! rendering it for that page.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::page::{Hole, Page};
use crate::markdown::{DocRef, REF_CLOSE, REF_OPEN, escape_html};
use crate::site::Site;

/// A piece [`DocParts::fill`] writes for the page at an offset of the shared HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Hole(Hole),
    /// The digit of a heading's `<hN` or `</hN`, before the page's shift.
    Level(u8),
}

/// A document's HTML with its page-dependent pieces apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocParts {
    /// The HTML without the pieces.
    html: String,
    /// Each piece with the offset in `html` where it goes, in order.
    parts: Vec<(usize, Part)>,
    /// The terms the document links when started with none linked (the page's linking state
    /// after it).
    linked: Vec<usize>,
}

impl DocParts {
    /// The document's parts; `None` when it is not there, or when its HTML holds the holes'
    /// `\0` itself (then each page renders it).
    fn build(site: &Site, doc_ref: DocRef) -> Option<DocParts> {
        let (html, holes, linked) = Page::new(site, "").doc_html_with_holes(doc_ref)?;
        DocParts::parse(&html, holes, linked)
    }

    /// Splits `html` at its holes (`\0N\0`, the Nth of `holes`, each exactly once) and at its
    /// heading levels. `None` if the holes are not exactly these.
    fn parse(html: &str, holes: Vec<Hole>, linked: BTreeSet<usize>) -> Option<DocParts> {
        let mut holes: Vec<Option<Hole>> = holes.into_iter().map(Some).collect();
        let pieces: Vec<&str> = html.split('\0').collect();
        if pieces.len() != 2 * holes.len() + 1 {
            return None;
        }
        let mut out = DocParts { html: String::with_capacity(html.len()), parts: Vec::new(), linked: Vec::new() };
        // The text after a reference's hole starts with the markup closing it.
        let mut skip = 0;
        for (k, piece) in pieces.iter().enumerate() {
            if k % 2 == 0 {
                out.push_text(piece.get(skip..)?);
                continue;
            }
            let hole = holes.get_mut(piece.parse::<usize>().ok()?)?.take()?;
            skip = 0;
            if let Hole::Ref { .. } = hole {
                // The markup around a reference is the page's too (none without one).
                let open = out.html.len().checked_sub(REF_OPEN.len())?;
                if out.html.get(open..) != Some(REF_OPEN) || !pieces.get(k + 1)?.starts_with(REF_CLOSE) {
                    return None;
                }
                out.html.truncate(open);
                skip = REF_CLOSE.len();
            }
            out.parts.push((out.html.len(), Part::Hole(hole)));
        }
        out.linked = linked.into_iter().collect();
        Some(out)
    }

    /// Appends `text` (no holes), with the digit of each heading tag a [`Part::Level`]. Every
    /// other `<` in the HTML is a tag the renderer wrote, and none of those is `<h1`–`<h6`
    /// (text and attributes are escaped).
    fn push_text(&mut self, text: &str) {
        let mut rest = text;
        while let Some(i) = next_level(rest)
            && let Some(&digit) = rest.as_bytes().get(i)
        {
            self.html.push_str(&rest[..i]);
            self.parts.push((self.html.len(), Part::Level(digit - b'0')));
            rest = &rest[i + 1..];
        }
        self.html.push_str(rest);
    }

    /// The terms the document links (see [`DocParts::linked`]).
    pub fn linked(&self) -> impl Iterator<Item = usize> + '_ {
        self.linked.iter().copied()
    }

    /// The document's HTML for `page`, its headings `shift` levels deeper (at most `h6`).
    pub fn fill(&self, page: &Page<'_>, shift: u8) -> String {
        let mut out = String::with_capacity(self.html.len() + 48 * self.parts.len());
        let mut at = 0;
        for (offset, part) in &self.parts {
            out.push_str(&self.html[at..*offset]);
            at = *offset;
            match part {
                Part::Level(level) => out.push(char::from(b'0' + level.saturating_add(shift).min(6))),
                Part::Hole(Hole::Link { path, anchor }) => escape_html(&mut out, &page.link(path, anchor)),
                Part::Hole(Hole::Ref { path, anchor }) => {
                    if let Some(r) = page.plan.and_then(|plan| plan.reference(page.site, path, anchor)) {
                        out.push_str(REF_OPEN);
                        escape_html(&mut out, &r);
                        out.push_str(REF_CLOSE);
                    }
                }
            }
        }
        out.push_str(&self.html[at..]);
        out
    }
}

/// The offset of the digit of the first heading tag (`<hN` or `</hN`, N 1–6) in `text`.
fn next_level(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find('<').map(|i| i + from) {
        let digit = if bytes.get(i + 1) == Some(&b'/') { i + 3 } else { i + 2 };
        if bytes.get(digit - 1) == Some(&b'h') && bytes.get(digit).is_some_and(|d| (b'1'..=b'6').contains(d)) {
            return Some(digit);
        }
        from = i + 1;
    }
    None
}

/// The shared documents of one render, each made by the first page that shows it: the cover,
/// the notes and the glossary definitions (a timeline entry's body is shown in a linking
/// scope that other entries started, so it is rendered for its page).
pub struct DocCache {
    cover: OnceLock<Option<DocParts>>,
    notes: Vec<OnceLock<Option<DocParts>>>,
    definitions: Vec<OnceLock<Option<DocParts>>>,
}

impl DocCache {
    pub fn new(site: &Site) -> DocCache {
        DocCache {
            cover: OnceLock::new(),
            notes: site.docs.notes.iter().map(|_| OnceLock::new()).collect(),
            definitions: site.docs.definitions.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The document's parts, made now if no page made them yet; `None` for a document that is
    /// not shared (or not there).
    pub fn get(&self, site: &Site, doc_ref: DocRef) -> Option<&DocParts> {
        let cell = match doc_ref {
            DocRef::Cover => &self.cover,
            DocRef::Note(i) => self.notes.get(i)?,
            DocRef::Definition(i) => self.definitions.get(i)?,
            DocRef::Event(_) => return None,
        };
        cell.get_or_init(|| DocParts::build(site, doc_ref)).as_ref()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::config::LinkPolicy;
    use crate::diagnostics::Diagnostics;
    use crate::markdown::{Options, SourcedDoc, parse};
    use crate::render::print::PrintPlan;
    use crate::site::paths;

    fn link(path: &str, anchor: &str) -> Hole {
        Hole::Link { path: path.into(), anchor: anchor.into() }
    }

    fn reference(path: &str, anchor: &str) -> Hole {
        Hole::Ref { path: path.into(), anchor: anchor.into() }
    }

    #[test]
    fn parse_takes_holes_and_heading_levels_apart() {
        let html = format!(
            "<h2 id=\"é\">Café</h2>\n<p><a href=\"\u{0}1\u{0}\">x</a>{REF_OPEN}\u{0}2\u{0}{REF_CLOSE} « <a href=\"\u{0}0\u{0}\">y</a></p><hr /><h6>z</h6><th>"
        );
        let holes = vec![link("b.html", "b"), link("a.html", ""), reference("a.html", "")];
        let Some(parts) = DocParts::parse(&html, holes.clone(), BTreeSet::from([3, 1])) else { panic!("{html:?}") };
        assert_eq!(
            parts.html,
            "<h id=\"é\">Café</h>\n<p><a href=\"\">x</a> « <a href=\"\">y</a></p><hr /><h>z</h><th>"
        );
        let kinds: Vec<&Part> = parts.parts.iter().map(|(_, p)| p).collect();
        assert_eq!(
            kinds,
            [
                &Part::Level(2),
                &Part::Level(2),
                &Part::Hole(holes[1].clone()),
                &Part::Hole(holes[2].clone()),
                &Part::Hole(holes[0].clone()),
                &Part::Level(6),
                &Part::Level(6)
            ]
        );
        assert_eq!(parts.linked().collect::<Vec<_>>(), [1, 3]);
        // Without holes, the HTML is kept whole.
        let plain = DocParts::parse("", Vec::new(), BTreeSet::new());
        assert_eq!(plain.map(|p| (p.html, p.parts.len())), Some((String::new(), 0)));
        assert_eq!(DocParts::parse("<h", Vec::new(), BTreeSet::new()).map(|p| p.html), Some("<h".to_string()));
    }

    /// HTML whose `\0`s are not exactly the holes is not split (each page renders it).
    #[test]
    fn parse_refuses_stray_holes() {
        let one = vec![link("a.html", "")];
        let two = vec![link("a.html", ""), link("b.html", "")];
        let bad: &[(&str, &[Hole])] = &[
            ("a\u{0}b", &[]),
            ("\u{0}0\u{0}", &[]),
            ("\u{0}0\u{0}\u{0}0\u{0}", &two),
            ("\u{0}1\u{0}", &one),
            ("\u{0}x\u{0}", &one),
            ("\u{0}\u{0}", &one),
            ("\u{0}0\u{0}\u{0}", &one),
            ("x\u{0}0\u{0}0\u{0}", &two),
            // A reference's hole without its markup around it.
            ("(\u{0}0\u{0})", &[Hole::Ref { path: String::new(), anchor: String::new() }]),
        ];
        for (html, holes) in bad {
            assert_eq!(DocParts::parse(html, holes.to_vec(), BTreeSet::new()), None, "{html:?}");
        }
    }

    /// The pages that show shared documents, each rendering them itself and taking them from
    /// `docs`.
    fn pages<'s>(site: &'s Site, plan: &'s PrintPlan, docs: &'s DocCache) -> Vec<(Page<'s>, Page<'s>)> {
        let mut paths = vec![paths::INDEX.to_string(), paths::GLOSSARY.to_string(), paths::PRINT.to_string()];
        paths.extend(site.notes.iter().take(2).map(|n| paths::note(&n.slug)));
        let mut pages: Vec<_> =
            paths.iter().map(|path| (Page::new(site, path), Page::new(site, path).with_docs(docs))).collect();
        pages.push((Page::for_print(site, plan), Page::for_print(site, plan).with_docs(docs)));
        pages
    }

    /// Every shared document, filled in for each page with each shift and linking policy, is
    /// what rendering it for that page gives, and leaves the same terms linked. Returns how
    /// many of the documents were shared (and how many not).
    fn assert_fills_as_rendered(site: &mut Site) -> (usize, usize) {
        let mut shared_docs = (0, 0);
        for policy in [LinkPolicy::First, LinkPolicy::Paragraph, LinkPolicy::Every, LinkPolicy::None] {
            site.config.glossary.link = policy;
            let site = &*site;
            let plan = PrintPlan::new(site);
            let docs = DocCache::new(site);
            let refs: Vec<DocRef> = site.docs.all().into_iter().map(|(r, _)| r).collect();
            for (direct, shared) in pages(site, &plan, &docs) {
                for &doc_ref in &refs {
                    for shift in [0, 1, 2, 5] {
                        direct.reset_linking();
                        shared.reset_linking();
                        let want = direct.doc_html_shifted(doc_ref, shift);
                        let got = shared.doc_html_shifted(doc_ref, shift);
                        assert_eq!(got, want, "{doc_ref:?} on {} shifted {shift}, {policy:?}", direct.path);
                        assert_eq!(shared.linked_terms(), direct.linked_terms(), "{doc_ref:?} on {}", direct.path);
                    }
                }
            }
            for &doc_ref in &refs {
                match docs.get(site, doc_ref) {
                    Some(_) => shared_docs.0 += 1,
                    None => shared_docs.1 += 1,
                }
            }
        }
        shared_docs
    }

    fn example() -> Site {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(site) = crate::analyse(root, false, &mut diags) else { panic!("the example: {}", diags.render()) };
        site
    }

    #[test]
    fn the_example_documents_fill_as_rendered() {
        let mut site = example();
        assert!(site.docs.notes.iter().any(|n| n.doc.xrefs.len() > 3), "the example's notes link");
        let events = site.docs.all().iter().filter(|(r, _)| matches!(r, DocRef::Event(_))).count();
        // Every note, definition and the cover, under each of the 4 policies.
        assert_eq!(assert_fills_as_rendered(&mut site), (4 * (site.docs.all().len() - events), 4 * events));
    }

    /// Random soups of Markdown with headings, xrefs to the example's targets (and broken
    /// ones), term names, multibyte text and stray `\0`s, in place of the example's notes.
    #[test]
    fn random_documents_fill_as_rendered() {
        let mut site = example();
        let mut pieces: Vec<String> = [
            "[[",
            "]]",
            "|",
            "\n",
            "\n\n",
            "# ",
            "## ",
            "###### ",
            "> ",
            "- ",
            "é",
            "«",
            " ",
            "*",
            "`",
            "```\n",
            "<h1>",
            "</h2>",
            "\0",
            "\u{0}0\u{0}",
            "[^1]",
            "[^1]: ",
            "[x](a.html)",
            "| a |\n|---|\n",
            "[[nowhere]]",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (_, d) in site.docs.all() {
            pieces.extend(d.doc.xrefs.iter().map(|x| format!("[[{}]]", x.target)));
            pieces.extend(d.doc.xrefs.iter().map(|x| format!("[[{}|shown]]", x.target)));
        }
        pieces.extend(site.glossary.terms.iter().map(|t| t.headword.clone()));
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        let mut shared_docs = (0, 0);
        for _ in 0..25 {
            for note in &mut site.docs.notes {
                let src: String = (0..next(60)).map(|_| pieces[next(pieces.len())].as_str()).collect();
                let doc = parse(&src, "note-x-", &Options::default());
                *note = Arc::new(SourcedDoc { doc, file: note.file.clone(), offset: 0 });
            }
            let (shared, not) = assert_fills_as_rendered(&mut site);
            shared_docs = (shared_docs.0 + shared, shared_docs.1 + not);
        }
        eprintln!("{shared_docs:?}");
        // Some have a stray `\0` (rendered for each page), most not.
        assert!(shared_docs.0 > shared_docs.1, "{shared_docs:?}");
    }
}
