//! The temporal tagger measured against a hand-written answer key
//! (`tests/data/timeline-key.toml`): the dated expressions of the example's articles and of two
//! clusters of the shared corpus, each with the date and precision a careful reader gives it.
//! The test prints the share resolved exactly and fails below 90%. Corpus articles are found
//! through `support::corpus()`; without the corpus only the example's part is measured (and
//! the test fails when `DOSSIER_REQUIRE_CORPUS=1`).
//!
//! `DOSSIER_KEY_DUMP=1` prints every expression the tagger finds in the key's articles, to
//! help extend the key (read the article; never copy the tagger's answer unread).

use std::fs;

use dossier::timeline::resolve;
use dossier::timeline::tagger;

use crate::support;

#[derive(serde::Deserialize)]
struct Key {
    article: Vec<KeyArticle>,
}

#[derive(serde::Deserialize)]
struct KeyArticle {
    /// A file of this repository, or (with `corpus = true`) a path under the corpus.
    file: String,
    #[serde(default)]
    corpus: bool,
    /// The publication day the expressions are resolved against.
    anchor: String,
    /// Why that anchor (corpus articles state no publication date).
    #[allow(dead_code)]
    why: String,
    #[serde(default)]
    dates: Vec<KeyDate>,
}

#[derive(serde::Deserialize)]
struct KeyDate {
    expression: String,
    /// A piece of the line the expression is in (to tell repeated expressions apart).
    context: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    date: String,
    precision: String,
}

/// The tagger's reading of one expression on the first line containing `context`.
fn tagged(text: &str, anchor: jiff::civil::Date, d: &KeyDate) -> Option<(String, String)> {
    let line = text.lines().find(|l| l.contains(&d.context))?;
    let t = tagger::tag(line).into_iter().find(|t| t.expression.eq_ignore_ascii_case(&d.expression))?;
    let r = resolve::resolve(&t, Some(anchor), "publication")?;
    let precision = format!("{:?}", r.date.precision()).to_lowercase();
    Some((r.date.iso(), precision))
}

#[test]
fn tagger_meets_the_answer_key() {
    let key_text = fs::read_to_string(support::repo().join("tests/data/timeline-key.toml")).expect("read key");
    let key: Key = toml::from_str(&key_text).expect("parse key");
    let corpus = support::corpus();
    if corpus.is_none() {
        if std::env::var("DOSSIER_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
            panic!("corpus not found: set DOSSIER_CORPUS");
        }
        println!("skipped: corpus not found (measuring the example's articles only)");
    }
    let dump = std::env::var("DOSSIER_KEY_DUMP").is_ok();
    let (mut total, mut exact) = (0usize, 0usize);
    let mut misses = Vec::new();
    for a in &key.article {
        let path = match (a.corpus, &corpus) {
            (true, Some(c)) => c.join(&a.file),
            (true, None) => continue,
            (false, _) => support::repo().join(&a.file),
        };
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let anchor: jiff::civil::Date = a.anchor.parse().expect("anchor date");
        if dump {
            println!("== {} (anchor {})", a.file, a.anchor);
            for line in text.lines() {
                for t in tagger::tag(line) {
                    let r = resolve::resolve(&t, Some(anchor), "publication");
                    let got = r.map(|r| resolve::explain(&t.expression, &r)).unwrap_or_default();
                    let ctx: String = line[t.sentence.clone()].chars().take(60).collect();
                    println!("  {:<22} {got}\n      [{ctx}]", t.expression);
                }
            }
        }
        for d in &a.dates {
            total += 1;
            match tagged(&text, anchor, d) {
                Some((date, precision)) if date == d.date && precision == d.precision => exact += 1,
                got => misses.push(format!(
                    "{} “{}” ({}): expected {} {}, got {:?}",
                    a.file, d.expression, d.context, d.date, d.precision, got
                )),
            }
        }
    }
    let share = exact as f64 / total.max(1) as f64;
    println!("timeline answer key: {exact} of {total} dated expressions resolved exactly ({:.1}%)", share * 100.0);
    for m in &misses {
        println!("  miss: {m}");
    }
    assert!(total > 0, "the key is empty");
    assert!(share >= 0.9, "only {:.1}% resolved exactly (target 90%)", share * 100.0);
}
