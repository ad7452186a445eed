//! Warnings that do not stop a build, for `dossier check` (and `--deny warnings` in CI):
//! unused glossary terms, low-confidence extractions, and near-miss spellings of glossary
//! terms in article text ("Daruman" for "Darusman"). Each points at the line in the file the
//! editor would fix, with a hint. Unplaced timeline events are reported where they are found
//! (today: articles whose publication date is unknown, by `extract`) under the same
//! [`codes::UNPLACED_EVENT`] category; the event tagger reports its undatable events there too.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::diagnostics::Diagnostics;
use crate::extract::{Article, Field, Origin};
use crate::glossary::Place;
use crate::site::Site;

/// Warning categories, as shown in `check --format json` (`"code"`).
pub mod codes {
    pub const UNUSED_TERM: &str = "unused-term";
    pub const UNPLACED_EVENT: &str = "unplaced-event";
    pub const LOW_CONFIDENCE: &str = "low-confidence";
    pub const NEAR_MISS: &str = "near-miss";
    /// More articles than `[print] max_full_articles`: the print pack prints ledes.
    pub const PRINT_LEDES: &str = "print-ledes";
}

/// What to warn about.
#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    /// Extracted fields less sure than this (0..=1) are reported.
    pub min_confidence: f32,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions { min_confidence: 0.6 }
    }
}

/// Adds every warning about `site` to `diags`.
pub fn lint(site: &Site, opts: &LintOptions, diags: &mut Diagnostics) {
    unused_terms(site, diags);
    for a in &site.articles {
        low_confidence(a, opts.min_confidence, diags);
    }
    near_misses(site, diags);
    print_ledes(site, diags);
}

/// `[print] article_text = "full"` with more articles than `max_full_articles`.
fn print_ledes(site: &Site, diags: &mut Diagnostics) {
    let print = &site.config.print;
    let articles = site.articles.len();
    if print.effective_article_text(articles) == print.article_text {
        return;
    }
    let file = crate::config::CONFIG_FILE;
    let span = diags.source(file).and_then(|text| {
        let at =
            text.find("max_full_articles").or_else(|| text.find("article_text")).or_else(|| text.find("[print]"))?;
        Some(at..at + text[at..].find('\n').unwrap_or(text.len() - at))
    });
    diags
        .warning(
            file,
            span,
            format!(
                "the print pack prints {articles} articles as ledes (headline, first paragraph, source), not in full: \
                 more than `[print] max_full_articles` ({})",
                print.max_full_articles
            ),
        )
        .code(codes::PRINT_LEDES)
        .hint(format!(
            "raise `max_full_articles` above {articles} in `[print]` to print every article in full, or set \
             `article_text = \"lede\"` to choose ledes"
        ));
}

fn unused_terms(site: &Site, diags: &mut Diagnostics) {
    for (t, term) in site.glossary.terms.iter().enumerate() {
        let used = site.glossary.of_term(t).any(|m| {
            matches!(m.place, Place::Article { .. } | Place::Doc { doc: crate::markdown::DocRef::Note(_), .. })
        });
        let names: Vec<&String> = std::iter::once(&term.headword).chain(&term.aliases).collect();
        if used || in_bylines(site, &names) {
            continue;
        }
        let span = diags.source(&term.file).and_then(|text| find_quoted(text, &term.headword));
        diags
            .warning(&term.file, span, format!("`{}` is not mentioned in any article or note", term.headword))
            .code(codes::UNUSED_TERM)
            .hint("add the spelling the articles use to `aliases`, or remove the term");
    }
}

/// The span of the value of `term = "value"` in a TOML file (or of the first `"value"`).
fn find_quoted(text: &str, value: &str) -> Option<Range<usize>> {
    let needle = format!("\"{value}\"");
    let found: Vec<usize> = text.match_indices(&needle).map(|(i, _)| i).collect();
    let is_term_key = |i: usize| {
        let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        let key: String = text[line_start..i].chars().filter(|c| !c.is_whitespace()).collect();
        key == "term="
    };
    let i = found.iter().copied().find(|&i| is_term_key(i)).or_else(|| found.first().copied())?;
    Some(i + 1..i + 1 + value.len())
}

/// Whether an article credits the term's person in its byline.
fn in_bylines(site: &Site, names: &[&String]) -> bool {
    site.articles.iter().filter_map(|a| a.byline.value.as_ref()).flatten().any(|b| {
        let b = b.to_lowercase();
        names.iter().any(|n| b.contains(&n.to_lowercase()))
    })
}

/// Byte offset of the article's body within its file (front matter comes before it).
fn body_start(diags: &Diagnostics, a: &Article) -> Option<usize> {
    let text = diags.source(&a.file)?;
    text.len().checked_sub(a.raw.len()).filter(|&s| text.get(s..) == Some(a.raw.as_str()))
}

/// The span of 1-based `line` of the article's body, in its file.
fn body_line(diags: &Diagnostics, a: &Article, line: usize) -> Option<Range<usize>> {
    let start = body_start(diags, a)?;
    let mut at = 0;
    for (n, l) in a.raw.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            let text = l.trim_end_matches(['\n', '\r']);
            return Some(start + at..start + at + text.len());
        }
        at += l.len();
    }
    None
}

/// Within `line`, the span of `value` if it is there, else the line's start.
fn narrow(text: &str, line: Range<usize>, value: &str) -> Range<usize> {
    let Some(l) = text.get(line.clone()) else { return line };
    if let Some(i) = l.find(value) {
        return line.start + i..line.start + i + value.len();
    }
    let mut end = l.len().min(60);
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    line.start..line.start + end
}

/// `line N: …` at the start of an extraction's evidence.
fn evidence_line(evidence: &str) -> Option<usize> {
    evidence.strip_prefix("line ")?.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn low_confidence(a: &Article, min: f32, diags: &mut Diagnostics) {
    let mut check = |name: &str, key: &str, value: Option<String>, f: (Origin, f32, Option<&String>)| {
        let (origin, confidence, evidence) = f;
        if origin != Origin::Extracted || confidence >= min {
            return;
        }
        let Some(value) = value else { return };
        let line = evidence.and_then(|e| evidence_line(e)).and_then(|l| body_line(diags, a, l));
        let span = line.map(|line| narrow(diags.source(&a.file).unwrap_or(""), line, &value));
        diags
            .warning(
                &a.file,
                span,
                format!("the {name} \"{value}\" was extracted with {:.0}% confidence", confidence * 100.0),
            )
            .code(codes::LOW_CONFIDENCE)
            .hint(format!(
                "if it is wrong or unsure, give `{key} = …` in a sidecar `{}.toml` or in `+++` front matter",
                a.id
            ));
    };
    fn parts<T>(f: &Field<T>) -> (Origin, f32, Option<&String>) {
        (f.source, f.confidence, f.evidence.as_ref())
    }
    check("headline", "title", a.title.value.clone(), parts(&a.title));
    check("outlet", "outlet", a.outlet.value.clone(), parts(&a.outlet));
    check("date", "date", a.date.value.map(|d| d.iso()), parts(&a.date));
    check("byline", "byline", a.byline.value.as_ref().map(|b| b.join(", ")), parts(&a.byline));
    check("dateline", "dateline", a.dateline.value.clone(), parts(&a.dateline));
    check("wire agency", "wire", a.wire.value.clone(), parts(&a.wire));
}

/// Capitalised words of the terms' headwords and aliases (lowercase → as written).
fn term_words(site: &Site) -> BTreeMap<String, String> {
    let mut words = BTreeMap::new();
    for t in &site.glossary.terms {
        for name in std::iter::once(&t.headword).chain(&t.aliases) {
            for w in name.unicode_words() {
                if w.chars().count() >= 5 && w.chars().next().is_some_and(char::is_uppercase) {
                    words.insert(w.to_lowercase(), w.to_string());
                }
            }
        }
    }
    words
}

/// Whether `word` looks like a misspelling of `target` (both lowercase): one edit apart
/// (two for long words), and not just the same word with an ending (Korea/Korean).
pub fn near_miss(word: &str, target: &str) -> bool {
    if word == target || word.starts_with(target) || target.starts_with(word) {
        return false;
    }
    let len = target.chars().count();
    let allowed = if len >= 9 { 2 } else { 1 };
    // The distance is at least the difference in length: most pairs end here.
    word.chars().count().abs_diff(len) <= allowed && strsim::damerau_levenshtein(word, target) <= allowed
}

fn near_misses(site: &Site, diags: &mut Diagnostics) {
    use rayon::prelude::*;
    let words = term_words(site);
    if words.is_empty() {
        return;
    }
    // Each article's candidates in order (paragraph line, the token as written, lowercase):
    // capitalised words of five letters or more that are not the terms' own words.
    let candidates: Vec<Vec<(usize, &str, String)>> = site
        .articles
        .par_iter()
        .map(|a| {
            let mut found = Vec::new();
            for p in &a.paragraphs {
                for token in p.text.unicode_words() {
                    let token = token.trim_end_matches("'s").trim_end_matches("’s");
                    if token.chars().count() < 5 || !token.chars().next().is_some_and(char::is_uppercase) {
                        continue;
                    }
                    let lower = token.to_lowercase();
                    if !words.contains_key(&lower) {
                        found.push((p.line, token, lower));
                    }
                }
            }
            found
        })
        .collect();
    // The same capitalised words recur across thousands of articles: each distinct one is
    // compared once, in parallel, and only with the terms' words of a length it can be near.
    let distinct: BTreeSet<&str> = candidates.iter().flatten().map(|(_, _, lower)| lower.as_str()).collect();
    let by_length = TermWordsByLength::new(&words);
    let nearest: std::collections::HashMap<&str, &str> =
        distinct.into_par_iter().filter_map(|lower| Some((lower, by_length.nearest(lower)?))).collect();
    for (a, found) in site.articles.iter().zip(&candidates) {
        let mut reported = BTreeSet::new();
        for (line, token, lower) in found {
            let Some(&target) = nearest.get(lower.as_str()) else { continue };
            if !reported.insert(lower.as_str()) {
                continue;
            }
            let span = token_span(diags, a, *line, token);
            diags
                .warning(&a.file, span, format!("\"{token}\" looks like a misspelling of the glossary term \"{target}\""))
                .code(codes::NEAR_MISS)
                .hint(format!(
                    "the article is evidence and stays as it is: if this is the same name, add \"{token}\" to the term's `aliases` in glossary.toml"
                ));
        }
    }
}

/// The terms' words (lowercase → as written) by length in characters, each length's in
/// order: a word is [`near_miss`] of a term word at most two characters longer or shorter.
struct TermWordsByLength<'w> {
    lengths: BTreeMap<usize, Vec<(&'w str, &'w str)>>,
}

impl<'w> TermWordsByLength<'w> {
    fn new(words: &'w BTreeMap<String, String>) -> Self {
        let mut lengths: BTreeMap<usize, Vec<(&str, &str)>> = BTreeMap::new();
        for (lower, written) in words {
            lengths.entry(lower.chars().count()).or_default().push((lower, written));
        }
        TermWordsByLength { lengths }
    }

    /// The first term word (in the order of their lowercase forms) `word` is a near miss of,
    /// as written: the same as searching all of them in order.
    fn nearest(&self, word: &str) -> Option<&'w str> {
        let len = word.chars().count();
        self.lengths
            .range(len.saturating_sub(2)..=len + 2)
            .filter_map(|(_, list)| list.iter().find(|(lower, _)| near_miss(word, lower)))
            .min_by_key(|(lower, _)| *lower)
            .map(|(_, written)| *written)
    }
}

/// The span of `token` as a whole word in the article file, searching from body line `line`.
fn token_span(diags: &Diagnostics, a: &Article, line: usize, token: &str) -> Option<Range<usize>> {
    let from = body_line(diags, a, line)?.start;
    let text = diags.source(&a.file)?;
    let rest = text.get(from..)?;
    let is_word = |c: char| c.is_alphanumeric();
    let mut search = 0;
    while let Some(i) = rest[search..].find(token) {
        let start = search + i;
        let end = start + token.len();
        let before_ok = !rest[..start].chars().next_back().is_some_and(is_word);
        let after_ok = !rest[end..].chars().next().is_some_and(is_word);
        if before_ok && after_ok {
            return Some(from + start..from + end);
        }
        search = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_term_words() {
        let check = |w: &str, t: &str, expected: bool| assert_eq!(near_miss(w, t), expected, "{w} ~ {t}");
        check("daruman", "darusman", true);
        check("darusmann", "darusman", false); // an ending
        check("korean", "korea", false);
        check("darusman", "darusman", false);
        check("pyongyan", "pyongyang", false); // a prefix: cut-off, not a misspelling
        check("pyonyang", "pyongyang", true);
        check("council", "counsel", false);
        check("kim jong", "darusman", false);
        check("hte court", "the court", true);
        // Lengths too far apart are never a near miss (the distance is at least the difference).
        check("darusmanova", "darusman", false);
        check("darusmanov", "darusman", false);
        check("embassadorx", "ambassador", true); // two edits allowed from nine letters
    }

    /// The length buckets find what a search of every term word in order finds.
    #[test]
    fn nearest_term_word_by_length_is_the_first_in_order() {
        let terms = [
            "darusman",
            "pyongyang",
            "ambassador",
            "council",
            "commission",
            "korea",
            "darusmen",
            "ambasador",
            "Éric",
            "kuala",
        ];
        let words: BTreeMap<String, String> = terms.iter().map(|t| (t.to_lowercase(), t.to_uppercase())).collect();
        let by_length = TermWordsByLength::new(&words);
        let mut tried = 0;
        for t in &terms {
            let t = t.to_lowercase();
            let chars: Vec<char> = t.chars().collect();
            // Every deletion, substitution, insertion and swap of each term word, and a few
            // words far from all of them.
            let mut variants = vec![t.clone(), format!("{t}ian"), "zzzzzzz".into(), "darusmanova".into()];
            for i in 0..chars.len() {
                let mut d = chars.clone();
                d.remove(i);
                variants.push(d.iter().collect());
                for c in ['a', 'e', 'x', 'é'] {
                    let mut s = chars.clone();
                    s[i] = c;
                    variants.push(s.iter().collect());
                    let mut n = chars.clone();
                    n.insert(i, c);
                    variants.push(n.iter().collect());
                }
                if i + 1 < chars.len() {
                    let mut w = chars.clone();
                    w.swap(i, i + 1);
                    variants.push(w.iter().collect());
                }
            }
            for v in variants {
                let linear = words.iter().find(|(lower, _)| near_miss(&v, lower)).map(|(_, w)| w.as_str());
                assert_eq!(by_length.nearest(&v), linear, "{v}");
                tried += usize::from(linear.is_some());
            }
        }
        assert!(tried > 100, "{tried} near misses among the variants");
    }

    #[test]
    fn evidence_lines() {
        assert_eq!(evidence_line("line 12: October 28, 2014"), Some(12));
        assert_eq!(evidence_line("text under the headline"), None);
    }

    #[test]
    fn quoted_values() {
        assert_eq!(find_quoted("term = \"ICC\"\n", "ICC"), Some(8..11));
        assert_eq!(find_quoted("term = 'ICC'\n", "ICC"), None);
        assert_eq!(find_quoted("see_also = [\"B\"]\nterm = \"B\"\n", "B"), Some(25..26));
    }
}
