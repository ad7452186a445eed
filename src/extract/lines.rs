//! Line classifier: decides, line by line, what a scraped line is before any
//! metadata is read: blank, boilerplate (with the reason), photo caption, or
//! text that may belong to the story.
//!
//! Input: the raw scrape. Output: one [`Line`] per source line with a [`Role`].
//! In the spirit of jusText: a data table of boilerplate shapes (each with the
//! reason shown to the reader), a few context rules for widgets that span
//! several lines (weather, text-size controls, navigation bars), and a
//! quality score for what is left (length, stop-word density, punctuation).
//! Invariants: every source line gets exactly one role; line numbers are
//! 1-based; nothing here reads metadata (that is `header`, `byline`, …).

use std::sync::LazyLock;

use regex::Regex;

use super::captions::{self, CaptionMatch};
use super::normalize::normalize_line;
use super::shapes::shape_reason;

/// One source line.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// 1-based line number in the scrape.
    pub(super) no: usize,
    /// The normalised text (see `normalize`).
    pub(super) text: String,
    /// What the line is.
    pub(super) role: Role,
}

/// What a line is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Role {
    /// Empty or whitespace only.
    Blank,
    /// May be story text; `header`/`body` decide.
    Text,
    /// Dropped, with the reason shown to the reader.
    Drop(String),
    /// A photo caption or credit (possibly followed by story text on the same line).
    Caption(CaptionMatch),
}

/// How much a text line looks like story prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quality {
    /// Long, full of function words, ends like a sentence.
    Good,
    /// Short: a subhead, a headline, a name, or a widget label.
    Short,
    /// Long but not prose (no function words): lists, link farms.
    Bad,
}

/// Words that make up site navigation menus.
const NAV_WORDS: &[&str] = &[
    "Home",
    "About",
    "About Us",
    "Contact",
    "Contact Us",
    "Advertise",
    "Advertisement",
    "Subscribe",
    "Login",
    "Log in",
    "Sign in",
    "Register",
    "Privacy",
    "Privacy Policy",
    "Terms",
    "Sitemap",
    "Search",
    "Menu",
    "E-Paper",
    "ePaper",
    "Careers",
    "Archives",
    "Archive",
    "Newsletter",
];

static NAV_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let mut words: Vec<&str> = NAV_WORDS.to_vec();
    // Longest first so "About Us" wins over "About".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).ok()
});

/// Anchors of a weather widget.
static WEATHER_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^today in [A-Z]|^[•·*-]?\s*(humidity|wind|sunrise|sunset|precipitation|feels like|forecast|uv index|pollen|air quality)\b|\d+\s*°\s*[CF]?\b").ok()
});

/// English function words for the stop-word density score.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may", "me", "might", "more",
    "most", "must", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out",
    "over", "own", "said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your",
];

/// Function words of other languages common in news scrapes (French, Spanish, Portuguese,
/// Italian, German, Dutch, Czech), so a line of prose in them is not taken for a widget.
const OTHER_STOP_WORDS: &[&[&str]] = &[
    &[
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils", "la",
        "le", "les", "leur", "mais", "ne", "nous", "ont", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se",
        "ses", "son", "sont", "sur", "un", "une",
    ],
    &[
        "al", "como", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "más", "no", "para", "pero",
        "por", "que", "se", "su", "sus", "un", "una", "y",
    ],
    &[
        "ao", "com", "da", "das", "do", "dos", "em", "na", "nas", "no", "nos", "não", "os", "para", "pela", "pelo",
        "que", "um", "uma",
    ],
    &[
        "che", "con", "da", "del", "della", "di", "e", "gli", "il", "in", "la", "le", "non", "per", "si", "sono", "un",
        "una",
    ],
    &[
        "auf", "aus", "das", "dem", "den", "der", "des", "die", "ein", "eine", "einen", "er", "es", "für", "ist",
        "mit", "nicht", "sich", "sie", "und", "von", "wie", "wird", "zu",
    ],
    &["het", "een", "en", "van", "op", "te", "dat", "niet", "zijn", "voor", "met", "ook", "bij"],
    &["a", "by", "je", "jako", "k", "na", "o", "se", "si", "to", "v", "ve", "z", "za", "že"],
];

/// Is this lowercase word an English function word? (Name checks use this one: "De", "Al",
/// "La" start names.)
pub(super) fn is_english_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// [`STOP_WORDS`] and [`OTHER_STOP_WORDS`] in one sorted list, for one binary search per word.
static ALL_STOP_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut all: Vec<&'static str> =
        STOP_WORDS.iter().chain(OTHER_STOP_WORDS.iter().copied().flatten()).copied().collect();
    all.sort_unstable();
    all.dedup();
    all
});

/// Is this lowercase word a function word (English, or one of [`OTHER_STOP_WORDS`])?
pub(super) fn is_stop_word(word: &str) -> bool {
    ALL_STOP_WORDS.binary_search(&word).is_ok()
}

/// Words of a line, split on anything that is not a letter, digit or apostrophe.
pub(super) fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()).collect()
}

/// Share of words that are function words (0 for an empty line).
pub(super) fn stop_word_density(text: &str) -> f32 {
    let words = words(text);
    if words.is_empty() {
        return 0.0;
    }
    // The longest function word has 7 bytes, and lowercasing shrinks a character to no less
    // than a third of its bytes (the Kelvin sign): longer words are never looked up. The
    // lowercase copy goes into one reused buffer.
    let mut lower = String::new();
    let stops = words
        .iter()
        .filter(|w| {
            if w.len() > 21 {
                return false;
            }
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            is_stop_word(&lower)
        })
        .count();
    stops as f32 / words.len() as f32
}

/// Does the line end like a sentence (full stop, question, exclamation,
/// closing quote after one, or a colon introducing a quote)?
pub(super) fn ends_like_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace());
    let last = trimmed.chars().next_back();
    match last {
        Some('.' | '!' | '?' | ':' | ';' | '…') => true,
        Some('"' | '”' | '’' | '\'' | ')' | ']') => {
            let mut it = trimmed.chars().rev().skip(1);
            matches!(it.next(), Some('.' | '!' | '?' | ',' | '…' | '"' | '”' | '’')) || trimmed.chars().count() > 60
        }
        _ => false,
    }
}

/// How much a line looks like story prose (see [`Quality`]).
pub(super) fn quality(text: &str) -> Quality {
    if text.len() < 70 || text.chars().count() < 70 {
        Quality::Short
    } else if !ends_like_sentence(text) && stop_word_density(text) < 0.12 {
        Quality::Bad
    } else {
        Quality::Good
    }
}

/// Is this line a navigation menu: several menu words, or short items
/// separated by pipes, and no sentence?
pub(super) fn is_navigation(text: &str) -> bool {
    if ends_like_sentence(text) && !text.ends_with(':') {
        return false;
    }
    let all_words = words(text).len().max(1);
    let nav_hits: Vec<&str> =
        NAV_RE.as_ref().map_or_else(Vec::new, |re| re.find_iter(text).map(|m| m.as_str()).collect());
    let nav_words: usize = nav_hits.iter().map(|hit| words(hit).len()).sum();
    if nav_hits.len() >= 3 && nav_words * 5 >= all_words * 2 {
        return true;
    }
    let segments: Vec<&str> = text.split(['|', '·']).map(str::trim).collect();
    segments.len() >= 3 && segments.iter().all(|s| !s.is_empty() && words(s).len() <= 5)
}

/// Splits and classifies a scrape. Configured drop rules come first (they are
/// the user's word), then multi-line widgets, then the shape table, captions,
/// and finally everything else is `Text`.
pub(super) fn classify(raw: &str, configured: &dyn Fn(&str) -> bool) -> Vec<Line> {
    // One line more than the line breaks: counted first (a fast byte count) so the list is
    // made at its size instead of grown by doubling.
    let mut lines: Vec<Line> = Vec::with_capacity(raw.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(raw.split('\n').enumerate().map(|(i, raw_line)| {
        let text = normalize_line(raw_line);
        let role = if text.is_empty() { Role::Blank } else { Role::Text };
        Line { no: i + 1, text, role }
    }));
    // A trailing newline leaves one empty line that is not in the file.
    if raw.ends_with('\n') {
        lines.pop();
    }
    for line in &mut lines {
        if line.role == Role::Text && configured(&line.text) {
            line.role = Role::Drop("configured".to_string());
        }
    }
    mark_weather(&mut lines);
    for line in &mut lines {
        if line.role != Role::Text {
            continue;
        }
        if let Some(reason) = shape_reason(&line.text) {
            line.role = Role::Drop(reason.to_string());
        } else if is_navigation(&line.text) {
            line.role = Role::Drop("navigation bar".to_string());
        } else if let Some(caption) = captions::caption_of(&line.text) {
            // (caption_of itself refuses lines too long to be captions)
            line.role = Role::Caption(caption);
        }
    }
    mark_widget_neighbours(&mut lines);
    lines
}

/// A weather widget is a run of short adjacent lines around an anchor
/// ("Today in New Delhi", "Humidity", "Wind", "21 °C"); the whole run goes,
/// including the widget's own date ("Feb 27, 2017-Monday") and place name.
fn mark_weather(lines: &mut [Line]) {
    let Some(re) = WEATHER_RE.as_ref() else {
        return;
    };
    let is_short = |line: &Line| line.role == Role::Text && line.text.chars().count() <= 40;
    let anchors: Vec<usize> =
        (0..lines.len()).filter(|&i| is_short(&lines[i]) && re.is_match(&lines[i].text)).collect();
    for anchor in anchors {
        let mut start = anchor;
        while start > 0 && is_short(&lines[start - 1]) {
            start -= 1;
        }
        let mut end = anchor;
        while end + 1 < lines.len() && is_short(&lines[end + 1]) {
            end += 1;
        }
        // A lone "Wind" mention in prose is not a widget: need two lines.
        if end > start || lines[anchor].text.to_lowercase().starts_with("today in") {
            for line in &mut lines[start..=end] {
                line.role = Role::Drop("weather widget".to_string());
            }
        }
    }
}

/// Lines glued to a widget: the "+" and "reset …" of a text-size control,
/// the "Close" after a cookie notice.
fn mark_widget_neighbours(lines: &mut [Line]) {
    let mut last_widget: Option<(String, usize)> = None;
    for (i, line) in lines.iter_mut().enumerate() {
        match &line.role {
            Role::Drop(reason) if reason == "text size widget" || reason == "cookie notice" => {
                last_widget = Some((reason.clone(), i));
            }
            Role::Drop(reason) if reason == "separator" || reason == "button label" => {
                if let Some((widget, at)) = &last_widget
                    && i - at <= 3
                {
                    line.role = Role::Drop(widget.clone());
                }
            }
            Role::Blank => {}
            _ => last_widget = None,
        }
    }
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&NAV_RE);
    LazyLock::force(&WEATHER_RE);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Option<String> {
        let lines = classify(text, &|_| false);
        match lines.first().map(|l| &l.role) {
            Some(Role::Drop(reason)) => Some(reason.clone()),
            Some(Role::Caption(_)) => Some("caption".to_string()),
            _ => None,
        }
    }

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(reason(input).as_deref(), expected, "input: {input:?}");
    }

    #[test]
    fn stop_words_cover_several_languages_and_are_sorted() {
        for (text, at_least) in [
            (
                "Un troisième Français a été tué dans le tremblement de terre samedi au Népal, a déclaré le ministre.",
                0.3,
            ),
            (
                "Das in der iOS-Version bereits enthaltene Feature ist nun auch für OS X verfügbar und wird gelobt.",
                0.25,
            ),
            ("Una solución no violenta para la cuestión mapuche es más eficiente que la represión.", 0.3),
        ] {
            assert!(stop_word_density(text) >= at_least, "{text}: {}", stop_word_density(text));
            assert_eq!(quality(text), Quality::Good, "{text}");
        }
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn single_line_shapes() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Sun, 23 February , 2025 Home About Us Advertisement Contact Us", Some("navigation bar")),
            ("Breaking News", Some("section label")),
            ("Comments", Some("comment prompt")),
            ("comments", Some("comment prompt")),
            ("Add a comment", Some("comment prompt")),
            ("There are no comments yet. Add your comment to start the conversation.", Some("comment prompt")),
            (
                "By continuing to use the site, you agree to the use of cookies. You can find out more by clicking this link",
                Some("cookie notice"),
            ),
            ("Close", Some("button label")),
            ("0 : 0", Some("share counter")),
            ("  • narrow-browser-and-phone", Some("CSS class list")),
            ("Share this", Some("share widget")),
            ("Email", Some("share widget")),
            ("Advertisement", Some("advertisement")),
            ("Photo Advertisement Continue reading the main story", Some("advertisement")),
            ("Story continues below advertisement", Some("advertisement")),
            ("Follow us on Twitter", Some("social prompt")),
            ("For the latest Washington news, follow @wsjpolitics", Some("social prompt")),
            ("More from MarketWatch", Some("related links")),
            ("Read more: Why the talks failed", Some("related links")),
            ("(Also on POLITICO: Republicans toss insults at Reid)", Some("related links")),
            ("(WATCH: Obamacare timeline)", Some("related links")),
            ("(Government shutdown full coverage)", Some("related links")),
            ("[Grooves in the ground may reveal a bird-like dinosaur mating dance]", Some("related links")),
            ("PHOTOS: Las Vegas rolling gun battle", Some("related links")),
            ("ALSO:", Some("related links")),
            ("Read Simon's full blog here.", Some("related links")),
            ("Text Size -", Some("text size widget")),
            ("___", Some("separator")),
            ("+", Some("separator")),
            ("Copyright 2016 The Associated Press. All rights reserved.", Some("copyright notice")),
            (
                "The author is a Reuters Breakingviews columnist. The opinions expressed are his own.",
                Some("author bio"),
            ),
            ("This story has been updated", Some("editor's note")),
            ("John Bresnahan contributed to this report.", Some("contributor credit")),
            ("With reports from Tu Thanh Ha, Joe Friesen and Molly Hayes", Some("contributor credit")),
            ("EMBED More News Videos A 38-year-old man was killed when his Tesla crashed.", Some("video widget")),
            (
                "JUST WATCHED Talks keep N. Korean skaters' dream alive Replay More Videos ... 02:41",
                Some("video widget"),
            ),
            ("Slideshow (5 Images)", Some("photo gallery widget")),
            ("2016 Election Calendar | WSJ/NBC Polls | 2016 Poll Standings", Some("navigation bar")),
            ("Please enable JavaScript to view the comments powered by Disqus.", Some("comment prompt")),
            ("Getty Images", Some("caption")),
            ("FILE - In this Jan. 2, 2012 file photo, Mubarak is wheeled into court.", Some("caption")),
            // Story lines stay text.
            ("‘Visit separate issue from resolution’", None),
            ("ICY RECEPTION", None),
            ("Darusman said the North Koreans were also upset about the mention of Kim.", None),
            ("Close aides say the senator will run again.", None),
            ("The share of voters who said they would follow the party line fell to 40%.", None),
            ("More than 100 petitions have been sent to South Korea's presidential Blue House website.", None),
            ("Q. What are the next steps in Congress to avoid a government shutdown?", None),
        ];
        for (input, expected) in cases {
            check(input, *expected);
        }
    }

    #[test]
    fn weather_widget_block() {
        let raw = "N Korea holds UN talks amid push for war crimes probe | world | Hindustan Times\nToday in New Delhi, India\nFeb 27, 2017-Monday\nNew Delhi\n  \u{2022} Humidity\n  \u{2022} Wind\n\nN Korea holds UN talks";
        let lines = classify(raw, &|_| false);
        let reasons: Vec<String> = lines
            .iter()
            .map(|l| match &l.role {
                Role::Drop(r) => r.clone(),
                Role::Blank => "blank".to_string(),
                _ => "text".to_string(),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "text",
                "weather widget",
                "weather widget",
                "weather widget",
                "weather widget",
                "weather widget",
                "blank",
                "text"
            ]
        );
    }

    #[test]
    fn quality_scores() {
        assert_eq!(quality("Slowing Growth"), Quality::Short);
        assert_eq!(
            quality(
                "Darusman met with four North Korean officials on Monday, the first such encounter since the office was created."
            ),
            Quality::Good
        );
    }
}
