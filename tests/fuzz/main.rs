#![allow(unreachable_pub)]
//! Fuzz targets: every parser of user input, and whole builds of random small dossiers. None
//! may panic, hang or allocate without bound (see `harness`).
//!
//! `cargo test --test fuzz` runs each target for 2 s. A long run, one target at a time:
//! `DOSSIER_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture --test-threads 1 TARGET`.
//! Every crash found becomes a regression test named after what it was (add a `regressions`
//! module here calling the `check_*` function of the target with the saved input).
//!
//! A separate test binary (not a module of `tests/dossier`) because long runs want `--release`
//! and one target at a time, apart from the fixture suite.

mod harness;
mod inputs;
mod regressions;

use std::collections::BTreeMap;

use dossier::content::frontmatter;
use dossier::diagnostics::Diagnostics;
use dossier::extract::{self, ExtractOptions};
use dossier::glossary::matcher::{Matcher, TermPatterns};
use dossier::markdown::{self, LinkResolver, Mark, ResolvedLink};
use dossier::outlets::quotes;
use dossier::timeline::{mentions, resolve, tagger};
use dossier::xref;
use fastrand::Rng;

use crate::harness::fuzz;
use crate::inputs::*;

/// Reports every diagnostic with line:col and source excerpt, as the CLI does: positions
/// computed from spans must never panic either.
fn render_all(diags: &Diagnostics) {
    let _ = diags.render();
    let _ = diags.located();
}

/// Front matter split and the TOML of `ArticleMeta`, as front matter and as a sidecar.
pub fn check_front_matter(text: &str) {
    let mut diags = Diagnostics::new();
    diags.add_source("content/articles/a.txt", text);
    diags.add_source("content/articles/a.toml", text);
    match frontmatter::split(text) {
        Ok(split) => {
            assert!(split.body_offset <= text.len());
            assert_eq!(&text[split.body_offset..], split.body);
            if let Some((front, offset)) = split.front {
                assert_eq!(&text[offset..offset + front.len()], front);
                dossier::content::parse_article_meta(front, "content/articles/a.txt", offset, &mut diags);
            }
        }
        Err(at) => assert!(at <= text.len()),
    }
    dossier::content::parse_article_meta(text, "content/articles/a.toml", 0, &mut diags);
    render_all(&diags);
}

#[test]
fn front_matter() {
    fuzz(
        "front_matter",
        |rng| {
            let seeds: Vec<String> = SIDECARS
                .iter()
                .map(|s| format!("+++\n{s}+++\n{}", ARTICLES[0]))
                .chain(SIDECARS.iter().map(|s| s.to_string()))
                .chain(NOTES.iter().map(|s| s.to_string()))
                .collect();
            let seeds: Vec<&str> = seeds.iter().map(String::as_str).collect();
            let t = text(rng, &seeds, TOML_TOKENS);
            maybe_long(rng, t, 64 * 1024)
        },
        |t| check_front_matter(t),
    );
}

/// Article extraction with random drop rules and outlet aliases.
#[derive(Debug)]
pub struct ExtractCase {
    pub text: String,
    pub drop: Vec<String>,
    pub aliases: BTreeMap<String, String>,
}

pub fn check_extract(case: &ExtractCase) {
    let opts = ExtractOptions { drop: &case.drop, outlet_aliases: &case.aliases };
    let found = extract::extract(&case.text, &opts);
    let lines = case.text.lines().count().max(1) + 1;
    for p in &found.paragraphs {
        assert!(p.line >= 1 && p.line <= lines, "paragraph line {} of {lines}", p.line);
    }
    for r in &found.removed {
        assert!(r.line >= 1 && r.line <= lines, "removed line {} of {lines}", r.line);
    }
}

#[test]
fn article_extraction() {
    fuzz(
        "article_extraction",
        |rng| {
            let drop = (0..rng.usize(0..3))
                .map(|_| match rng.u8(0..3) {
                    0 => format!("/{}/", piece(rng, &["(a+)+$", ".*", "[", "\\b", "^", "$", "(?i)share"])),
                    _ => piece(rng, ARTICLE_TOKENS),
                })
                .collect();
            let aliases =
                (0..rng.usize(0..3)).map(|_| (piece(rng, ARTICLE_TOKENS), piece(rng, ARTICLE_TOKENS))).collect();
            let t = text(rng, ARTICLES, ARTICLE_TOKENS);
            ExtractCase { text: maybe_long(rng, t, 64 * 1024), drop, aliases }
        },
        check_extract,
    );
}

/// Resolves every xref to a link and marks a random range of every linkable text, so
/// `to_html` exercises its splicing too.
struct AnyResolver;

impl LinkResolver for AnyResolver {
    fn xref(&self, target: &str) -> Option<ResolvedLink> {
        (!target.len().is_multiple_of(3)).then(|| ResolvedLink {
            href: format!("x.html#{target}"),
            title: Some(target.to_string()),
            class: None,
            text: target.len().is_multiple_of(2).then(|| format!("<{target}>")),
        })
    }
    fn marks(&self, event: usize) -> Vec<Mark> {
        let mark = |range| Mark { range, href: "t.html".into(), title: None, class: "term".into() };
        vec![mark(event % 7..event % 7 + 3), mark(event % 5..event % 5 + 1), mark(event % 4 + 1..event % 4)]
    }
}

pub fn check_links(src: &str) {
    let doc = markdown::parse(src, "note-x-", &markdown::Options { smart_punctuation: src.len().is_multiple_of(2) });
    assert_eq!(doc.events.len(), doc.spans.len());
    for x in &doc.xrefs {
        assert!(src.get(x.span.clone()).is_some(), "xref span {:?} not in the source", x.span);
        let _ = xref::parse(&x.target);
    }
    for e in &doc.errors {
        assert!(e.span.start <= e.span.end && e.span.end <= src.len());
    }
    let _ = doc.plain_text();
    let _ = doc.linkable_texts();
    let html = markdown::to_html(&doc, &AnyResolver);
    assert!(!html.contains("<script>"), "raw markup passed through:\n{html}");
    for line in src.lines() {
        let _ = xref::parse(line);
    }
}

#[test]
fn links() {
    fuzz(
        "links",
        |rng| {
            let t = text(rng, NOTES, MARKDOWN_TOKENS);
            maybe_long(rng, t, 64 * 1024)
        },
        |s| check_links(s),
    );
}

/// Glossary matching: random terms against a random text.
#[derive(Debug)]
pub struct GlossaryCase {
    pub terms: Vec<TermPatterns>,
    pub text: String,
}

pub fn check_glossary(case: &GlossaryCase) {
    let matcher = Matcher::new(&case.terms);
    let found = matcher.find(&case.text);
    let mut end = 0;
    for m in &found {
        assert!(m.term < case.terms.len());
        assert!(m.range.start >= end, "matches overlap or are unsorted: {found:?}");
        assert_eq!(case.text.get(m.range.clone()), Some(m.matched.as_str()));
        end = m.range.end;
    }
}

#[test]
fn glossary_matching() {
    fuzz(
        "glossary_matching",
        |rng| {
            let word = |rng: &mut Rng| (0..rng.usize(1..4)).map(|_| piece(rng, TERM_TOKENS)).collect::<String>();
            let terms: Vec<TermPatterns> = (0..rng.usize(0..6))
                .map(|_| TermPatterns {
                    headword: word(rng),
                    abbr: rng.bool().then(|| word(rng)),
                    aliases: (0..rng.usize(0..3)).map(|_| word(rng)).collect(),
                    case_sensitive: rng.u8(0..4) == 0,
                })
                .collect();
            let mut seeds: Vec<&str> = ARTICLES.to_vec();
            seeds.push("ICC courts Court’s ß İ ﬁ 한국은 é e\u{301}");
            let t = text(rng, &seeds, TERM_TOKENS);
            GlossaryCase { terms, text: maybe_long(rng, t, 64 * 1024) }
        },
        check_glossary,
    );
}

/// A small dossier: relative path → contents (bytes, so invalid UTF-8 is in reach).
#[derive(Debug)]
pub struct DossierCase {
    pub files: Vec<(String, Vec<u8>)>,
}

pub fn check_dossier(case: &DossierCase) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, bytes) in &case.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
    }
    let opts = dossier::BuildOptions { root: dir.path().to_path_buf(), output_dir: None, drafts: rand_bool(case) };
    match dossier::build(&opts) {
        Ok(report) => render_all(&report.diagnostics),
        Err(dossier::BuildError::Input(diags)) => {
            assert!(diags.has_errors());
            render_all(&diags);
        }
        Err(dossier::BuildError::Io(e)) => panic!("I/O error on generated input: {e:#}"),
    }
}

fn rand_bool(case: &DossierCase) -> bool {
    case.files.len().is_multiple_of(2)
}

#[test]
fn whole_dossier() {
    fuzz(
        "whole_dossier",
        |rng| {
            let mut files = Vec::new();
            let mut add = |path: &str, text: String, rng: &mut Rng| {
                let mut bytes = text.into_bytes();
                if rng.u8(0..20) == 0 && !bytes.is_empty() {
                    let at = rng.usize(..bytes.len());
                    bytes[at] = rng.u8(0x80..);
                }
                files.push((path.to_string(), bytes));
            };
            let config = if rng.u8(0..4) == 0 { mutate(rng, CONFIG, TOML_TOKENS) } else { CONFIG.to_string() };
            add("config.toml", config, rng);
            let ids = ["ap-2014-10-28", "afp-2014-10-28", "rappler-2014-10-28", "reuters-2014-11-10"];
            for (i, id) in ids.iter().enumerate().take(rng.usize(0..=ids.len())) {
                let article = mutate(rng, ARTICLES[i], ARTICLE_TOKENS);
                add(&format!("content/articles/{id}.txt"), article, rng);
                if rng.u8(0..3) == 0 {
                    let sidecar = mutate(rng, SIDECARS[0], TOML_TOKENS);
                    add(&format!("content/articles/{id}.toml"), sidecar, rng);
                }
            }
            for (i, note) in NOTES.iter().enumerate().take(rng.usize(0..3)) {
                let path = if i == 0 { "content/index.md".to_string() } else { format!("content/notes/n{i}.md") };
                add(&path, mutate(rng, note, MARKDOWN_TOKENS), rng);
            }
            if rng.bool() {
                add("content/glossary.toml", mutate(rng, GLOSSARY, TOML_TOKENS), rng);
            }
            if rng.bool() {
                add("content/timeline.toml", mutate(rng, TIMELINE, TOML_TOKENS), rng);
            }
            DossierCase { files }
        },
        check_dossier,
    );
}

/// The temporal tagger and anchoring: random sentences against a random publication day
/// (also at the ends of the calendar, where date arithmetic overflows).
#[derive(Debug)]
pub struct TaggerCase {
    pub text: String,
    pub anchor: Option<jiff::civil::Date>,
}

pub fn check_tagger(case: &TaggerCase) {
    let text = &case.text;
    let tagged = tagger::tag(text);
    assert!(tagged.len() <= text.len(), "{} expressions in {} bytes", tagged.len(), text.len());
    let mut end = 0;
    for t in &tagged {
        assert!(t.span.start >= end, "expressions overlap or are unsorted");
        end = t.span.end;
        assert_eq!(text.get(t.span.clone()).map(str::trim), Some(t.expression.as_str()));
        let sentence = text.get(t.sentence.clone()).expect("sentence is a slice of the text");
        assert!(
            t.sentence.start <= t.span.start && t.span.end <= t.sentence.end,
            "sentence does not hold the expression"
        );
        let context = 2 * tagger::CONTEXT_BYTES + t.span.len();
        assert!(sentence.len() <= context, "context of {} bytes for {:?}", sentence.len(), t.expression);
        let resolved = resolve::resolve(t, case.anchor, "publication");
        if let Some(r) = &resolved {
            assert!(r.start <= r.end, "{:?} resolved to {} > {}", t.expression, r.start, r.end);
            let _ = r.label();
            let _ = resolve::explain(&t.expression, r);
            let _ = r.date.short();
        }
        let m = mentions::mention(0, 1, text, t.clone(), &[], case.anchor.map(|d| (d, "publication")));
        assert!(m.text.get(m.span.start..).is_some(), "mention span outside its text");
    }
}

#[test]
fn temporal_tagging() {
    fuzz(
        "temporal_tagging",
        |rng| {
            let paragraph = |rng: &mut Rng| {
                let article = text(rng, ARTICLES, DATE_TOKENS);
                // One paragraph of it, as the timeline tags paragraphs.
                let paras: Vec<&str> = article.split("\n\n").collect();
                paras[rng.usize(..paras.len())].to_string()
            };
            let text = paragraph(rng);
            let text = maybe_long(rng, text, 64 * 1024);
            let anchor = match rng.u8(0..6) {
                0 => None,
                1 => Some(jiff::civil::Date::MAX),
                2 => Some(jiff::civil::Date::MIN),
                3 => jiff::civil::Date::new(2000, 2, 29).ok(),
                _ => jiff::civil::Date::new(rng.i16(1..=9999), rng.i8(1..=12), rng.i8(1..=28)).ok(),
            };
            TaggerCase { text, anchor }
        },
        check_tagger,
    );
}

/// Quote extraction, grouping and word diffs over random paragraphs.
#[derive(Debug)]
pub struct QuoteCase {
    pub paragraphs: Vec<String>,
}

pub fn check_quotes(case: &QuoteCase) {
    let paragraphs: Vec<&str> = case.paragraphs.iter().map(String::as_str).collect();
    // A resolver that knows some names, as the glossary's people.
    let resolve = |name: &str| name.len().is_multiple_of(3).then_some(name.len() % 4);
    let quotes = quotes::extract(0, &paragraphs, &resolve);
    let marks: usize = paragraphs.iter().map(|p| p.matches(['“', '"']).count()).sum();
    assert!(quotes.len() <= marks, "{} quotes from {marks} quotation marks", quotes.len());
    for q in &quotes {
        assert_eq!(q.article, 0);
        let para = paragraphs.get(q.paragraph).expect("quote paragraph");
        assert_eq!(para.get(q.range.clone()), Some(q.text.as_str()), "quote is not a slice of its paragraph");
        match &q.speaker {
            quotes::Speaker::Term(t) => assert!(*t < 4),
            quotes::Speaker::Named(n) | quotes::Speaker::Anonymous(n) => {
                assert!(n.chars().any(char::is_alphanumeric), "speaker {n:?} names no one")
            }
        }
    }
    // Grouping compares quotes pairwise within a speaker: cap the count as a dossier's
    // quotes page would hold (a few thousand).
    let groups = quotes::group(&quotes[..quotes.len().min(2000)]);
    let mut seen = vec![0u8; quotes.len().min(2000)];
    for g in &groups {
        for &q in &g.quotes {
            seen[q] += 1;
            assert_eq!(quotes[q].speaker, g.speaker);
            let d = quotes::diff(&quotes[g.quotes[0]].text, &quotes[q].text);
            assert!(d.len() <= quotes[g.quotes[0]].text.len() + quotes[q].text.len());
        }
    }
    assert!(seen.iter().all(|&n| n == 1), "every quote in exactly one group");
}

#[test]
fn quote_extraction() {
    fuzz(
        "quote_extraction",
        |rng| {
            let article = text(rng, ARTICLES, QUOTE_TOKENS);
            let article = maybe_long(rng, article, 64 * 1024);
            QuoteCase { paragraphs: article.split("\n\n").map(str::to_string).collect() }
        },
        check_quotes,
    );
}

/// Saved-page extraction (`.html` articles): metadata, JSON-LD, block scoring.
pub fn check_html_extract(page: &str) {
    let opts = ExtractOptions { drop: &[], outlet_aliases: &BTreeMap::new() };
    let found = extract::extract_html(page, &opts);
    let total: usize = found.paragraphs.iter().map(|p| p.text.len()).sum();
    // Typography may widen a character (' → ’), never more than threefold.
    assert!(total <= 3 * page.len(), "{total} bytes of paragraphs from a {}-byte page", page.len());
}

#[test]
fn html_extraction() {
    fuzz(
        "html_extraction",
        |rng| {
            let page = text(rng, &[HTML_PAGE], HTML_TOKENS);
            maybe_long(rng, page, 64 * 1024)
        },
        |p| check_html_extract(p),
    );
}
