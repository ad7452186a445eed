//! Inputs the fuzz targets (and the long-input fixtures) found, each named after what it was.

use std::time::{Duration, Instant};

use crate::{QuoteCase, TaggerCase, check_quotes, check_tagger};

/// `text` repeated to `len` bytes.
fn run_on(unit: &str, len: usize) -> String {
    unit.repeat(len / unit.len() + 1)[..len].to_string()
}

/// Time of `f` on inputs of `n` and `4n` bytes: work that is linear takes about 4 times
/// longer, quadratic work 16 times. Returns (small, large).
fn scaling(unit: &str, n: usize, f: impl Fn(String)) -> (Duration, Duration) {
    let small = run_on(unit, n);
    let large = run_on(unit, 4 * n);
    f(small.clone()); // warm the lazily built regexes
    let t = Instant::now();
    f(small);
    let small = t.elapsed();
    let t = Instant::now();
    f(large);
    (small, t.elapsed())
}

fn assert_not_quadratic(what: &str, (small, large): (Duration, Duration)) {
    assert!(
        large < small * 9 + Duration::from_millis(200),
        "{what}: {small:?} for n bytes, {large:?} for 4n: grows faster than linear"
    );
}

/// Found by the 200,000-character fixture: a run-on sentence with a date every 23 bytes read
/// the whole sentence for each date (tense, key terms, happening): 179 s in release.
#[test]
fn a_run_on_sentence_full_of_weekdays_is_tagged_in_linear_time() {
    let anchor = jiff::civil::Date::new(2014, 10, 28).ok();
    let r = scaling("he met them on Monday, ", 12_000, |text| check_tagger(&TaggerCase { text, anchor }));
    assert_not_quadratic("tagging", r);
}

#[test]
fn a_paragraph_of_thousands_of_quotes_is_read_in_linear_time() {
    let r = scaling("“We will not go,” said Marzuki Darusman. ", 12_000, |text| {
        check_quotes(&QuoteCase { paragraphs: vec![text] })
    });
    assert_not_quadratic("quotes", r);
}

/// Found by `quote_extraction`: "who spoke on condition of anonymity" right after a quotation
/// made an anonymous speaker with an empty description (a blank name on the quotes page).
#[test]
fn an_anonymous_source_described_by_nothing_but_anonymity_is_still_named() {
    check_quotes(&QuoteCase {
        paragraphs: vec![
            "according to officials",
            ", o*_N�\u{14}s>�[who spoke on condition of anonymity”Darusman said: “a senior diplomat saidDarusman said: “\u{2028}\u{200d}\u{202e}who spoke on condition of anonymityıßwho spoke on condition of anonymityStold reporters that\"\u{b}日\u{feff}>Ᏽ𤁈\0🇰Darusman said: “said\u{cea78}\u{51b34}\u{44eea}ᝨ’s”a senior diplomat said” said Marzuki Darusman.“�\u{1f}�” said Marzuki Darusman.#\u{202e}\u{feff}“AIkCI4VQ\"\u{301}\rDarusman said: “who spoke on condition of anonymityamb��!p��ū�\u{308}Å",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
    });
}

/// Found by `whole_dossier`: a heading run into a date ("…resolution’Oct. 28, 2014") split
/// into two sentences inside the expression, so the expression ran past its sentence and the
/// timeline's entry title sliced out of bounds (a panic).
#[test]
fn an_expression_running_past_its_sentence_end_is_kept_whole() {
    for text in [
        "‘Visit separate issue from resolution’Oct. 28, 2014 UNITED NATIONS (AP) — He met them.",
        "‘Visit separate issue from resolution’Oct. 28",
        "The vote came late in the day.Oct. 28 was the day.",
    ] {
        check_tagger(&TaggerCase { text: text.to_string(), anchor: jiff::civil::Date::new(2014, 10, 28).ok() });
    }
}
