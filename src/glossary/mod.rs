//! Stage 5: glossary entries + all text → [`Glossary`]: resolved terms (see-also both ways)
//! and every mention of every term in article paragraphs and Markdown texts.
//!
//! Matching itself lives in [`matcher`]. This stage decides nothing about links: which mention
//! becomes a link on which page is the renderer's linking policy.

pub mod matcher;
pub mod suggest;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::content::{Sources, TermKind};
use crate::diagnostics::Diagnostics;
use crate::extract::Article;
use crate::markdown::{DocRef, Documents};
use crate::slug::slugify;

use matcher::{Matcher, TermPatterns};

/// A glossary term, resolved.
#[derive(Debug, Clone)]
pub struct Term {
    pub headword: String,
    pub slug: String,
    /// Site-wide anchor: `term-<slug>`.
    pub anchor: String,
    pub abbr: Option<String>,
    pub aliases: Vec<String>,
    pub kind: TermKind,
    /// Match the headword and aliases case-sensitively too (`case_sensitive = true`).
    pub case_sensitive: bool,
    /// Terms this one points to (`see_also`), and terms that point to this one.
    pub see_also: Vec<usize>,
    pub pointed_from: Vec<usize>,
    /// The definition as plain text, for tooltips and the search index.
    pub plain_definition: String,
    /// [`Term::short_definition`], cut once (every link to the term shows it).
    short: String,
    pub file: String,
    /// Byte range of the headword in `file`.
    pub span: Range<usize>,
}

impl Term {
    /// The first sentence of the definition, at most ~160 characters, for a `title` tooltip.
    pub fn short_definition(&self) -> &str {
        &self.short
    }
}

/// [`Term::short_definition`] of a plain-text definition.
fn short_definition(plain_definition: &str) -> String {
    let text = plain_definition.trim();
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    let mut s: String = text[..end].chars().take(160).collect();
    if s.len() < text[..end].len() {
        s.push('…');
    }
    s
}

/// Where a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// `paragraph` is 0-based.
    Article { article: usize, paragraph: usize },
    /// A text event of a Markdown document; `block` is the 1-based top-level block.
    Doc { doc: DocRef, event: usize, block: usize },
}

/// One occurrence of a term.
#[derive(Debug, Clone)]
pub struct Mention {
    pub term: usize,
    pub place: Place,
    /// Byte range within the paragraph's or text event's text.
    pub range: Range<usize>,
    pub matched: String,
}

/// The resolved glossary and its mention index.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub terms: Vec<Term>,
    /// All mentions, sorted by place then position. After changing them, call
    /// [`Glossary::index_terms`].
    pub mentions: Vec<Mention>,
    /// For each term, the indices of its mentions in `mentions`, in order ([`Glossary::of_term`]).
    by_term: Vec<Vec<u32>>,
    /// How many mentions there were when `by_term` was made (a check that it is current).
    indexed: usize,
    names: BTreeMap<String, usize>,
    abbrs: BTreeMap<String, usize>,
    /// The terms' compiled patterns, kept for matching edited notes again (`None`: no term
    /// has a pattern).
    matcher: Option<Arc<Matcher>>,
}

/// A headword's or alias's lookup key: NFC, lower case, white space collapsed.
fn key(name: &str) -> String {
    if name.is_ascii() {
        // NFC and lowercase leave ASCII as it is but for the case: one pass, one string.
        let mut k = String::with_capacity(name.len());
        for word in name.split_whitespace() {
            if !k.is_empty() {
                k.push(' ');
            }
            k.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return k;
    }
    name.nfc().collect::<String>().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Glossary {
    /// The matcher [`build`] compiled from the terms (shared; an empty one when no term has
    /// a pattern).
    pub fn matcher(&self) -> Arc<Matcher> {
        self.matcher.clone().unwrap_or_else(|| Arc::new(Matcher::new(&patterns(&self.terms))))
    }

    /// The term a name refers to: an abbreviation (exact case), or a headword or alias (any case).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.abbrs.get(name).or_else(|| self.names.get(&key(name))).copied()
    }

    /// The closest headword, alias or abbreviation to `name`, for "did you mean".
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let k = key(name);
        let mut best: Option<(f64, &str)> = None;
        for (candidate, &term) in self.names.iter().chain(self.abbrs.iter()) {
            let score = strsim::jaro_winkler(&k, &candidate.to_lowercase());
            if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, &self.terms[term].headword));
            }
        }
        best.map(|(_, h)| h)
    }

    /// Mentions in an article, in paragraph order.
    pub fn in_article(&self, article: usize) -> impl Iterator<Item = &Mention> {
        self.article_mentions(article).iter()
    }

    /// Mentions in an article, as a slice (found by binary search).
    pub fn article_mentions(&self, article: usize) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.place < Place::Article { article, paragraph: 0 });
        let rest = self.mentions.get(start..).unwrap_or_default();
        let len = rest.partition_point(|m| matches!(m.place, Place::Article { article: a, .. } if a == article));
        rest.get(..len).unwrap_or_default()
    }

    /// Mentions in paragraph `paragraph` (0-based) of an article, in order.
    pub fn in_paragraph(&self, article: usize, paragraph: usize) -> &[Mention] {
        Self::paragraph_mentions(self.article_mentions(article), paragraph)
    }

    /// Of one article's mentions ([`Glossary::article_mentions`]), those in paragraph
    /// `paragraph`: a run found by binary search in that short slice (a page asks for each of
    /// its paragraphs' without searching all of the mentions again).
    pub fn paragraph_mentions(mentions: &[Mention], paragraph: usize) -> &[Mention] {
        let at = |m: &Mention| match m.place {
            Place::Article { paragraph: p, .. } => p,
            Place::Doc { .. } => usize::MAX,
        };
        let start = mentions.partition_point(|m| at(m) < paragraph);
        let rest = mentions.get(start..).unwrap_or_default();
        rest.get(..rest.partition_point(|m| at(m) == paragraph)).unwrap_or_default()
    }

    /// Mentions in a Markdown document, in order.
    pub fn in_doc(&self, doc: DocRef) -> impl Iterator<Item = &Mention> {
        let start = self.mentions.partition_point(|m| m.place < Place::Doc { doc, event: 0, block: 0 });
        self.mentions[start..].iter().take_while(move |m| matches!(m.place, Place::Doc { doc: d, .. } if d == doc))
    }

    /// Mentions of one term, in the order of `mentions`: through the index, not a scan of
    /// every mention (the glossary page asks for every term's).
    pub fn of_term(&self, term: usize) -> impl Iterator<Item = &Mention> {
        debug_assert_eq!(self.indexed, self.mentions.len(), "mentions changed without index_terms()");
        // A stale index could name another term's mention: such a one is never given.
        self.by_term
            .get(term)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.mentions.get(i as usize))
            .filter(move |m| m.term == term)
    }

    /// Rebuilds the index [`Glossary::of_term`] reads; needed after `mentions` changed.
    pub fn index_terms(&mut self) {
        let mut by_term = vec![Vec::new(); self.terms.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            if let Some(list) = by_term.get_mut(m.term) {
                list.push(i as u32);
            }
        }
        self.by_term = by_term;
        self.indexed = self.mentions.len();
    }
}

/// Resolves the glossary entries and finds every mention.
pub fn build(sources: &Sources, docs: &Documents, articles: &[Article], diags: &mut Diagnostics) -> Glossary {
    let mut g = Glossary::default();
    for (i, t) in sources.terms.iter().enumerate() {
        let e = &t.entry;
        let headword = e.term.get_ref().trim().nfc().collect::<String>();
        if headword.is_empty() {
            diags.error(&t.file, Some(e.term.span()), "empty term").hint("give the term a headword");
        }
        let mut register =
            |map: &mut BTreeMap<String, usize>, k: String, span: Range<usize>, what: &str, terms: &[Term]| {
                if k.is_empty() {
                    return;
                }
                match map.get(&k) {
                    Some(&other) if other != i => {
                        diags
                            .error(
                                &t.file,
                                Some(span),
                                format!("{what} `{k}` is already used by the term `{}`", terms[other].headword),
                            )
                            .hint("each headword, alias and abbreviation must name one term only");
                    }
                    _ => {
                        map.insert(k, i);
                    }
                }
            };
        register(&mut g.names, key(&headword), e.term.span(), "headword", &g.terms);
        for a in &e.aliases {
            register(&mut g.names, key(a.get_ref()), a.span(), "alias", &g.terms);
        }
        if let Some(a) = &e.abbr {
            register(&mut g.abbrs, a.get_ref().trim().nfc().collect(), a.span(), "abbreviation", &g.terms);
        }
        let slug = slugify(&headword);
        let plain_definition: String =
            docs.definitions.get(i).and_then(Option::as_ref).map(|d| d.doc.plain_text()).unwrap_or_default();
        g.terms.push(Term {
            anchor: format!("term-{slug}"),
            slug,
            headword,
            abbr: e.abbr.as_ref().map(|a| a.get_ref().trim().to_string()).filter(|a| !a.is_empty()),
            aliases: e.aliases.iter().map(|a| a.get_ref().trim().to_string()).filter(|a| !a.is_empty()).collect(),
            kind: e.kind,
            case_sensitive: e.case_sensitive,
            see_also: Vec::new(),
            pointed_from: Vec::new(),
            short: short_definition(&plain_definition),
            plain_definition,
            file: t.file.clone(),
            span: e.term.span(),
        });
    }
    // Two headwords with the same slug would share an anchor.
    let mut slugs: BTreeMap<String, usize> = BTreeMap::new();
    for (i, term) in g.terms.iter_mut().enumerate() {
        if let Some(&other) = slugs.get(&term.slug) {
            let _ = other;
            term.slug = format!("{}-{}", term.slug, i + 1);
            term.anchor = format!("term-{}", term.slug);
        }
        slugs.insert(term.slug.clone(), i);
    }
    // See-also, both ways.
    for (i, t) in sources.terms.iter().enumerate() {
        for target in &t.entry.see_also {
            match g.lookup(target.get_ref()) {
                Some(j) if j == i => {
                    diags.warning(&t.file, Some(target.span()), "a term's see-also names itself");
                }
                Some(j) => {
                    if !g.terms[i].see_also.contains(&j) {
                        g.terms[i].see_also.push(j);
                    }
                    if !g.terms[j].pointed_from.contains(&i) {
                        g.terms[j].pointed_from.push(i);
                    }
                }
                None => {
                    let d = diags.error(
                        &t.file,
                        Some(target.span()),
                        format!("see-also `{}` is not a term of the glossary", target.get_ref()),
                    );
                    match g.suggest(target.get_ref()) {
                        Some(s) => d.hint(format!("did you mean `{s}`?")),
                        None => d.hint("add the term to glossary.toml or remove it from see_also"),
                    };
                }
            }
        }
    }
    (g.mentions, g.matcher) = find_mentions(&g.terms, docs, articles);
    g.index_terms();
    g
}

/// The mentions in one Markdown document, as [`build`] finds them (for `dossier serve`, which
/// re-matches an edited note against the unchanged glossary with [`Glossary::matcher`]).
pub fn mentions_in_doc(matcher: &Matcher, doc_ref: DocRef, doc: &crate::markdown::Doc) -> Vec<Mention> {
    let mut mentions = Vec::new();
    for (event, block, text) in doc.linkable_texts() {
        for m in matcher.find(text) {
            // A definition does not mention its own term.
            if doc_ref == DocRef::Definition(m.term) {
                continue;
            }
            mentions.push(Mention {
                term: m.term,
                place: Place::Doc { doc: doc_ref, event, block },
                range: m.range,
                matched: m.matched,
            });
        }
    }
    mentions
}

/// The matcher's view of the terms.
pub fn patterns(terms: &[Term]) -> Vec<TermPatterns> {
    terms
        .iter()
        .map(|t| TermPatterns {
            headword: t.headword.clone(),
            abbr: t.abbr.clone(),
            aliases: t.aliases.clone(),
            case_sensitive: t.case_sensitive,
        })
        .collect()
}

fn find_mentions(terms: &[Term], docs: &Documents, articles: &[Article]) -> (Vec<Mention>, Option<Arc<Matcher>>) {
    let patterns = patterns(terms);
    if patterns.is_empty() {
        return (Vec::new(), None);
    }
    let matcher = Matcher::new(&patterns);
    let mut mentions: Vec<Mention> = articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, art)| {
            let matcher = &matcher;
            art.paragraphs.iter().enumerate().flat_map(move |(p, para)| {
                matcher.find(&para.text).into_iter().map(move |m| Mention {
                    term: m.term,
                    place: Place::Article { article: a, paragraph: p },
                    range: m.range,
                    matched: m.matched,
                })
            })
        })
        .collect();
    let in_docs: Vec<Vec<Mention>> =
        docs.all().into_par_iter().map(|(doc_ref, doc)| mentions_in_doc(&matcher, doc_ref, &doc.doc)).collect();
    mentions.extend(in_docs.into_iter().flatten());
    mentions.sort_by_key(|a| (a.place, a.range.start));
    (mentions, Some(Arc::new(matcher)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`key`] the long way, as first written.
    fn key_long(name: &str) -> String {
        name.nfc().collect::<String>().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn keys_are_nfc_lowercase_with_white_space_collapsed() {
        for (name, expected) in [
            ("International Criminal Court", "international criminal court"),
            ("  UN \t Security\n\x0BCouncil\x0C ", "un security council"),
            ("Kim\u{A0}Jong Un", "kim jong un"),
            ("E\u{301}LYSÉE", "élysée"),
            ("ΣΊΣΥΦΟΣ", "σίσυφος"),
            ("a\x1Fb", "a\x1fb"),
            ("", ""),
        ] {
            assert_eq!(key(name), expected, "{name:?}");
            assert_eq!(key(name), key_long(name), "{name:?}");
        }
        // Every ASCII character between words.
        for c in '\0'..='\x7F' {
            let name = format!("Ab{c}Cd {c} e");
            assert_eq!(key(&name), key_long(&name), "{name:?}");
        }
    }

    #[test]
    fn mentions_of_a_term_come_through_the_index_in_order() {
        let mention = |term: usize, paragraph: usize| Mention {
            term,
            place: Place::Article { article: 0, paragraph },
            range: 0..1,
            matched: String::new(),
        };
        let mut g = Glossary { terms: Vec::new(), ..Glossary::default() };
        g.mentions = vec![mention(1, 0), mention(0, 1), mention(1, 2), mention(2, 3), mention(1, 4)];
        // Three terms (definitions are not needed here).
        g.terms = (0..3)
            .map(|i| Term {
                headword: format!("t{i}"),
                slug: String::new(),
                anchor: String::new(),
                abbr: None,
                aliases: Vec::new(),
                kind: TermKind::Concept,
                case_sensitive: false,
                see_also: Vec::new(),
                pointed_from: Vec::new(),
                plain_definition: String::new(),
                short: String::new(),
                file: String::new(),
                span: 0..0,
            })
            .collect();
        g.index_terms();
        for t in 0..4 {
            let scanned: Vec<&Mention> = g.mentions.iter().filter(|m| m.term == t).collect();
            let indexed: Vec<&Mention> = g.of_term(t).collect();
            assert_eq!(indexed.len(), scanned.len(), "term {t}");
            assert!(indexed.iter().zip(&scanned).all(|(a, b)| std::ptr::eq(*a, *b)), "term {t}");
        }
        // Changed mentions, re-indexed.
        g.mentions.remove(0);
        g.index_terms();
        assert_eq!(
            g.of_term(1).map(|m| m.place).collect::<Vec<_>>(),
            [Place::Article { article: 0, paragraph: 2 }, Place::Article { article: 0, paragraph: 4 }]
        );
    }

    #[test]
    fn short_definitions_are_the_first_sentence_cut_at_160_characters() {
        for (definition, expected) in [
            ("", ""),
            ("  One sentence. Another one.", "One sentence."),
            ("No full stop", "No full stop"),
            ("The court. Second.", "The court."),
        ] {
            assert_eq!(short_definition(definition), expected, "{definition:?}");
        }
        let long = "é".repeat(200);
        assert_eq!(short_definition(&long), format!("{}…", "é".repeat(160)));
    }
}
