//! Glossary matching cost: `cargo bench --bench glossary`.
//!
//! 500 terms (headword, abbreviation and 3 aliases each: 1,500 aliases) matched over
//! 1,000, 5,000 and 10,000 generated articles of about 4 KB each. The text is generated
//! deterministically (a fixed linear congruential generator), so two runs search the same
//! bytes. The per-article cost should stay flat as the number of articles grows: matching is
//! one automaton pass per text. Not a timed test: it prints figures and never fails.

use std::hint::black_box;
use std::time::Instant;

use dossier::glossary::matcher::{Matcher, TermPatterns};
use rayon::prelude::*;

/// A small deterministic generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() as usize) % items.len()]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "mi", "tan", "sel", "vo", "da", "rin", "gor", "pe", "lu", "sha", "nem", "bar", "to", "qui", "zen",
    "fal", "mor", "ti",
];

fn word(rng: &mut Lcg, syllables: usize) -> String {
    (0..syllables).map(|_| SYLLABLES[(rng.next() as usize) % SYLLABLES.len()]).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn terms(rng: &mut Lcg) -> Vec<TermPatterns> {
    (0..500)
        .map(|i| {
            let name = format!("{} {}", capitalise(&word(rng, 2)), capitalise(&word(rng, 3)));
            TermPatterns {
                headword: name.clone(),
                abbr: Some(format!("X{}", i)),
                aliases: vec![
                    format!("the {} office", word(rng, 2)),
                    capitalise(&word(rng, 3)),
                    format!("{}-{}", capitalise(&word(rng, 2)), capitalise(&word(rng, 2))),
                ],
                case_sensitive: false,
            }
        })
        .collect()
}

/// One ~4 KB article: ordinary words with a term name every ~40 words.
fn article(rng: &mut Lcg, vocabulary: &[String], names: &[String]) -> String {
    let mut text = String::with_capacity(4200);
    while text.len() < 4000 {
        if rng.next().is_multiple_of(40) {
            text.push_str(rng.pick(names));
        } else {
            text.push_str(rng.pick(vocabulary));
        }
        text.push(if rng.next().is_multiple_of(15) { '.' } else { ' ' });
        if text.ends_with('.') {
            text.push(' ');
        }
    }
    text
}

fn main() {
    let mut rng = Lcg(42);
    let terms = terms(&mut rng);
    let aliases: usize = terms.iter().map(|t| t.aliases.len()).sum();
    let mut names: Vec<String> =
        terms.iter().flat_map(|t| std::iter::once(t.headword.clone()).chain(t.aliases.clone())).collect();
    names.extend(terms.iter().filter_map(|t| t.abbr.clone()));
    names.push("Darusman’s".to_string());
    let vocabulary: Vec<String> = (0..5000)
        .map(|_| {
            let syllables = 1 + (rng.next() as usize) % 3;
            word(&mut rng, syllables)
        })
        .collect();
    let articles: Vec<String> = (0..10_000).map(|_| article(&mut rng, &vocabulary, &names)).collect();

    let start = Instant::now();
    let matcher = Matcher::new(&terms);
    println!("glossary: {} terms, {aliases} aliases; compiled in {:.1} ms", terms.len(), ms(start));

    // CPU time as well as wall time: on a shared machine the wall clock also counts the
    // time other processes had the core.
    println!(
        "{:>9} {:>8} {:>10} {:>10} {:>14} {:>10}",
        "articles", "MB", "wall ms", "CPU ms", "CPU µs/article", "mentions"
    );
    for n in [1_000, 5_000, 10_000] {
        let slice = &articles[..n];
        let bytes: usize = slice.iter().map(String::len).sum();
        let (start, cpu) = (Instant::now(), thread_cpu_ms());
        let mentions: usize = slice.iter().map(|a| black_box(matcher.find(a)).len()).sum();
        let (elapsed, cpu) = (ms(start), thread_cpu_ms().zip(cpu).map(|(b, a)| b - a));
        let cpu_text = cpu.map_or("n/a".to_string(), |c| format!("{c:.0}"));
        let per = cpu.unwrap_or(elapsed) * 1000.0 / n as f64;
        println!("{n:>9} {:>8.1} {elapsed:>10.1} {cpu_text:>10} {per:>14.1} {mentions:>10}", bytes as f64 / 1e6);
    }
    let start = Instant::now();
    let mentions: usize = articles.par_iter().map(|a| black_box(matcher.find(a)).len()).sum();
    println!(
        "   10,000 articles on all cores ({} threads, as `glossary::build` does): {:.1} ms, {mentions} mentions",
        rayon::current_num_threads(),
        ms(start)
    );
}

/// This thread's CPU time (user + system) in ms, from `/proc` (Linux; 10 ms resolution).
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
