//! Photo captions and credits: recognises the many ways scrapes keep a
//! picture's caption inside the text ("Image copyright PA Image caption …",
//! "… Photo by Ayee Macaraig/Rappler", "… (Chris Helgren/Reuters)", "FILE - …",
//! "Image: …", a bare "Getty Images" credit) and splits a caption from story
//! text glued after it on the same line.
//!
//! Input: one normalised line. Output: the captions in it and any story text
//! that follows them. Invariant: caption text keeps the scrape's words; only
//! the widget labels ("Image caption", "Enlarge image") are taken out.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use super::bounded::Bounded;

/// Captions found on one line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CaptionMatch {
    /// Each caption with its credit when one is written.
    pub(super) captions: Vec<(String, Option<String>)>,
    /// Story text that follows the caption on the same line.
    pub(super) rest: Option<String>,
}

/// Agencies and outlets that appear as bare credits in parentheses.
const CREDIT_NAMES: &str = r"Associated Press|AP|AP Photo|Reuters|AFP|AFP/Getty Images|Getty Images|CBC|CNN|EPA|Bloomberg|PA|Canadian Press|The Canadian Press|Xinhua|Yonhap|Kyodo|Shutterstock";

/// [`CREDIT_NAMES`] as a list, for the prefilters (not split again for every line).
const CREDIT_NAME_LIST: [&str; 18] = [
    "Associated Press",
    "AP",
    "AP Photo",
    "Reuters",
    "AFP",
    "AFP/Getty Images",
    "Getty Images",
    "CBC",
    "CNN",
    "EPA",
    "Bloomberg",
    "PA",
    "Canadian Press",
    "The Canadian Press",
    "Xinhua",
    "Yonhap",
    "Kyodo",
    "Shutterstock",
];

/// The longest line, in bytes, that the bare-credit rule matches without a slash: a name of
/// [`CREDIT_NAME_LIST`] (18 bytes at most), " for ", a capital and the `for` group's 30
/// characters (4 bytes at most each).
const BARE_CREDIT_MAX_BYTES: usize = 18 + 5 + 1 + 30 * 4;

/// One line as the prefilters see it: the text and whether it holds a slash (two rules ask).
struct Probe<'a> {
    text: &'a str,
    slash: bool,
}

/// A cheap test that a caption rule can match at all: each holds for every line the rule's
/// pattern matches (a literal the pattern requires, where an anchored pattern requires it,
/// or how such a line must end), so a line it rules out skips the regex. Most lines are
/// prose, and several rules scan the whole line (falling back from the DFA to slower engines
/// on non-ASCII text, for `\b`); the tests look at the line's start or end where the
/// pattern is anchored there, so a prose line is scanned by few of them.
type Needs = fn(&Probe) -> bool;

/// The text after the line's last full stop (all of it when there is none).
fn after_last_dot(text: &str) -> &str {
    text.rfind('.').map_or(text, |at| &text[at + 1..])
}

/// Ends with a lowercase ASCII letter, an apostrophe or a hyphen, as a credited name does.
fn ends_like_name(text: &str) -> bool {
    text.chars().next_back().is_some_and(|c| c.is_ascii_lowercase() || matches!(c, '\'' | '’' | '-'))
}

/// How many caption rules there are.
const RULE_COUNT: usize = 13;

/// Caption shapes, tried in order, each with its [`Needs`]. Named groups: `text`, `credit`,
/// `rest`.
static RULE_SPECS: LazyLock<[RuleSpec; RULE_COUNT]> = LazyLock::new(|| {
    const NONE: &[(&str, usize)] = &[];
    let rules: [RuleSpec; RULE_COUNT] = [
        (r"^Image copyright (?P<credit>.+?) Image caption (?P<text>.+)$".to_string(), NONE, |p| p.text.starts_with("Image copyright ")),
        (r"^(?:Media playback is unsupported on your device )?Media caption (?P<text>.+)$".to_string(), NONE, |p| p.text.starts_with("Media ")),
        (r"^Image caption (?P<text>.+)$".to_string(), NONE, |p| p.text.starts_with("Image caption ")),
        // (The list's prefixes cover "Pictured" and "Photograph".)
        (r"^(?:Image|Photo|Picture|Pictured|Caption|Photograph|Graphic)s?\s*:\s*(?P<text>.+)$".to_string(), NONE, |p| {
            ["Image", "Photo", "Picture", "Caption", "Graphic"].iter().any(|w| p.text.starts_with(w))
        }),
        (r"^FILE\s*[-–—]+\s+(?P<text>.+)$".to_string(), NONE, |p| p.text.starts_with("FILE")),
        (r"^(?P<text>In this (?:(?:[A-Z][a-z]{2}\.?|\d{1,2},?|\d{4}|undated|handout|file|still|combination|courtesy|video|aerial) ){0,4}(?:photo|image|picture|video still|photograph|frame grab)\b.+)$".to_string(), NONE, |p| p.text.starts_with("In this ")),
        // From the word "Photo" on, the match holds no full stop: the word is after the last.
        (r"^(?P<text>.*?)\s*\b(?:Photo|Picture|Image)s? (?:by|courtesy of|credit:?) (?P<credit>[^.]{2,80})$".to_string(), NONE, |p| {
            let tail = after_last_dot(p.text);
            tail.contains("Photo") || tail.contains("Picture") || tail.contains("Image")
        }),
        (r"^(?P<text>.*?)\s*\bCredit:\s*(?P<credit>.{2,80})$".to_string(), NONE, |p| p.text.contains("Credit:")),
        // Without a slash, the line is a bare name with at most a short " for …".
        (
            format!(r"^(?P<credit>(?:{CREDIT_NAMES})|(?:[A-Z][\w.'’-]+ ){{1,3}}[A-Z][\w.'’-]+/[A-Z](?P<agencies>[\w .'’&/-]+))(?: for [A-Z](?P<for>[\w ]+))?$"),
            &[("agencies", 50), ("for", 30)],
            |p| p.slash || (p.text.len() <= BARE_CREDIT_MAX_BYTES && CREDIT_NAME_LIST.iter().any(|name| p.text.starts_with(name))),
        ),
        (r"^(?P<credit>Getty Images|AFP/Getty Images|AP Photo|EPA)\s+(?P<text>[A-Z][^.!?]{3,200})$".to_string(), NONE, |p| {
            ["Getty Images", "AFP/Getty Images", "AP Photo", "EPA"].iter().any(|credit| p.text.starts_with(credit))
        }),
        (
            format!(r"^(?P<text>.+?)\s*\((?P<credit>[A-Z][^()/]{{1,80}}/[^()]{{2,80}}|{CREDIT_NAMES})\)(?:\s+(?P<rest>\S.*))?$"),
            NONE,
            // The closing parenthesis ends the line or is followed by a space.
            |p| {
                let t = p.text;
                t.contains('(') && t.match_indices(')').any(|(at, _)| t[at + 1..].chars().next().is_none_or(char::is_whitespace))
            },
        ),
        (r"^(?P<text>.+?[.!?])\s+(?P<credit>[A-Z]{2,}(?: [A-Z]{2,})*/[A-Z](?P<tail>[\w .'’-]+))$".to_string(), &[("tail", 40)], |p| p.slash),
        (r"^(?P<text>.{20,400}[.!?])\s+(?P<credit>[A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2})$".to_string(), NONE, |p| ends_like_name(p.text)),
    ];
    rules
});

/// A caption rule: pattern, length limits of its groups, [`Needs`].
type RuleSpec = (String, &'static [(&'static str, usize)], Needs);

/// Each rule compiled the first time a line passes its [`Needs`] (rules with counted
/// repetitions such as `.{20,400}` take milliseconds each to compile, which a small
/// dossier whose lines never need them should not pay).
static RULES: [OnceLock<Option<Bounded>>; RULE_COUNT] = [const { OnceLock::new() }; RULE_COUNT];

/// Rule `i`, compiled on first use; `None` for a pattern that does not compile (a rule that
/// never matches).
fn rule(i: usize) -> Option<&'static Bounded> {
    let (pattern, limits, _) = RULE_SPECS.get(i)?;
    RULES.get(i)?.get_or_init(|| Bounded::new(pattern, limits)).as_ref()
}

static ENLARGE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"Enlarge (?:this )?image\s*").ok());

/// A gallery picture "TITLE CREDIT CAPTION": the credit is a name then agencies with slashes
/// ("Mohammed Abed/AFP/Getty Images") or a bare agency credit.
static GALLERY_PIECE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?P<title>.+?)\s+(?P<credit>(?:[A-Z][\w.'’-]+ )?[A-Z][\w.'’-]*/(?:[\w .'’-]+/)*(?:Getty Images|AFP|AP|Reuters|EPA|Bloomberg|Bloomberg News)|AFP/Getty Images|Getty Images|Bloomberg News)\s+(?P<text>\S.*)$").ok()
});

/// The title of the first picture on an "Enlarge image" gallery line, if it has one.
pub(super) fn gallery_title(text: &str) -> Option<String> {
    let first = ENLARGE.as_ref()?.split(text).map(str::trim).find(|part| !part.is_empty())?;
    let caps = GALLERY_PIECE.as_ref()?.captures(first)?;
    Some(caps.name("title")?.as_str().trim().to_string())
}

/// The longest line (in bytes) that can hold captions; gallery lines with
/// several captions run to about a thousand.
const MAX_CAPTION_BYTES: usize = 2_000;

/// Words that end a line without being a photographer's name.
const NOT_NAMES: &[&str] = &["More", "Here", "Now", "Read", "Share", "Related", "Click", "Continue", "Advertisement"];

/// The captions on a line, if the line is (or starts with) a caption.
pub(super) fn caption_of(text: &str) -> Option<CaptionMatch> {
    // Captions are short; long lines are prose (and would make the caption
    // patterns, with their counted repetitions, needlessly slow).
    if text.len() > MAX_CAPTION_BYTES {
        return None;
    }
    if text.starts_with("Enlarge image") || text.starts_with("Enlarge this image") {
        let re = ENLARGE.as_ref()?;
        let captions: Vec<(String, Option<String>)> = re
            .split(text)
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| match GALLERY_PIECE.as_ref().and_then(|re| re.captures(part)) {
                Some(caps) => {
                    let title = caps.name("title").map_or("", |m| m.as_str());
                    let text = caps.name("text").map_or("", |m| m.as_str());
                    let credit = caps.name("credit").map(|m| m.as_str().to_string());
                    (format!("{title}: {text}"), credit)
                }
                None => (part.to_string(), None),
            })
            .collect();
        return (!captions.is_empty()).then_some(CaptionMatch { captions, rest: None });
    }
    let probe = Probe { text, slash: text.contains('/') };
    for (i, (_, _, needs)) in RULE_SPECS.iter().enumerate() {
        if !needs(&probe) {
            continue;
        }
        let Some(caps) = rule(i).and_then(|re| re.captures(text)) else {
            continue;
        };
        let caption = caps.name("text").map_or("", |m| m.as_str()).trim().to_string();
        let credit = caps.name("credit").map(|m| m.as_str().trim().to_string());
        let rest = caps.name("rest").map(|m| m.as_str().trim().to_string());
        if !plausible(&caption, credit.as_deref(), rest.as_deref()) {
            continue;
        }
        let captions = if caption.is_empty() {
            vec![(credit.clone().unwrap_or_default(), credit)]
        } else {
            vec![(caption, credit)]
        };
        return Some(CaptionMatch { captions, rest });
    }
    None
}

/// Guards against prose that happens to fit a caption shape.
fn plausible(caption: &str, credit: Option<&str>, rest: Option<&str>) -> bool {
    if let Some(credit) = credit
        && NOT_NAMES.iter().any(|w| credit.split_whitespace().any(|c| c == *w))
    {
        return false;
    }
    match rest {
        // Story text glued after a caption: the caption must end a sentence
        // and the story must start one.
        Some(rest) => {
            let caption_ends = caption.ends_with(['.', '!', '?', '"', '”']);
            let rest_starts =
                rest.chars().next().is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '‘' | '\''));
            caption_ends && rest_starts
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<(&str, Option<&str>, Option<&str>)>) {
        let got = caption_of(input);
        match expected {
            None => assert!(got.is_none(), "{input}: {got:?}"),
            Some((text, credit, rest)) => {
                let got = got.unwrap_or(CaptionMatch { captions: vec![], rest: None });
                let first = got.captions.first().cloned().unwrap_or_default();
                assert_eq!(first.0, text, "{input}");
                assert_eq!(first.1.as_deref(), credit, "{input}");
                assert_eq!(got.rest.as_deref(), rest, "{input}");
            }
        }
    }

    #[test]
    fn captions() {
        type Case<'a> = (&'a str, Option<(&'a str, Option<&'a str>, Option<&'a str>)>);
        let cases: &[Case] = &[
            (
                "RARE OFFER. UN Special Rapporteur Marzuki Darusman tells the press. Photo by Ayee Macaraig/Rappler",
                Some((
                    "RARE OFFER. UN Special Rapporteur Marzuki Darusman tells the press.",
                    Some("Ayee Macaraig/Rappler"),
                    None,
                )),
            ),
            (
                "Image copyright PA Image caption Bob Dudley took over as BP chief executive",
                Some(("Bob Dudley took over as BP chief executive", Some("PA"), None)),
            ),
            (
                "Getty Images House Speaker John Boehner",
                Some(("House Speaker John Boehner", Some("Getty Images"), None)),
            ),
            ("AP", Some(("AP", Some("AP"), None))),
            (
                "Rich Fury/Getty Images for Citi",
                Some(("Rich Fury/Getty Images for Citi", Some("Rich Fury/Getty Images for Citi"), None)),
            ),
            (
                "Map locates the site of a shooting in Las Vegas. (Associated Press)",
                Some(("Map locates the site of a shooting in Las Vegas.", Some("Associated Press"), None)),
            ),
            (
                "Vinay Chopra, a former Apotex worker. (CBC) Paul Godfrey, CEO of Postmedia, also considered himself a friend.",
                Some((
                    "Vinay Chopra, a former Apotex worker.",
                    Some("CBC"),
                    Some("Paul Godfrey, CEO of Postmedia, also considered himself a friend."),
                )),
            ),
            (
                "Hamden, Connecticut, U.S., December 28, 2017. Picture taken December 28, 2017. REUTERS/Brian Snyder",
                Some((
                    "Hamden, Connecticut, U.S., December 28, 2017. Picture taken December 28, 2017.",
                    Some("REUTERS/Brian Snyder"),
                    None,
                )),
            ),
            (
                "X-ray image of a ring dove producing cooing sounds with a closed mouth. Tobias Riede",
                Some((
                    "X-ray image of a ring dove producing cooing sounds with a closed mouth.",
                    Some("Tobias Riede"),
                    None,
                )),
            ),
            (
                "Image: The teams march under one flag at the East Asian Games in 2005",
                Some(("The teams march under one flag at the East Asian Games in 2005", None, None)),
            ),
            // Prose stays prose.
            ("The Associated Press (AP) reported the vote on Tuesday.", None),
            ("It was most recently used at the 2006 Winter Games in Turin, Italy", None),
            ("Darusman said he would convey the message to Japan and the EU.", None),
            ("The deal was approved by shareholders (and/or) their proxies.", None),
            ("Analysts expect the company to post a loss. Read More", None),
        ];
        for (input, expected) in cases {
            check(input, *expected);
            prefilters_allow_every_match(input);
        }
    }

    /// A rule's [`Needs`] must hold wherever its pattern matches (else a caption is lost).
    fn prefilters_allow_every_match(line: &str) {
        for (i, (_, _, needs)) in RULE_SPECS.iter().enumerate() {
            assert!(rule(i).is_some(), "rule {i} does not compile");
            assert!(
                needs(&Probe { text: line, slash: line.contains('/') })
                    || rule(i).and_then(|re| re.captures(line)).is_none(),
                "rule {i} prefilter refuses {line:?}"
            );
        }
    }

    #[test]
    fn prefilters_are_implied_by_the_patterns() {
        let lines = [
            "Image copyright PA Image caption The minister arrives",
            "Media playback is unsupported on your device Media caption Crowds gathered",
            "Photos: crowds at the border",
            "FILE – In this Jan. 2, 2012 file photo, Mubarak is wheeled into court.",
            "In this undated handout photo released on Monday, the site is seen.",
            "The crowd at the rally. Photo by Ayee Macaraig/Rappler",
            "The crowd at the rally. Credit: Jane Doe",
            "AFP/Getty Images",
            "Reuters",
            "The Canadian Press for Postmedia",
            "Jane Doe/Reuters",
            "Vinay Chopra, a former worker. (CBC)\u{2028}Paul Godfrey also spoke.",
            "Getty Images Protesters gather outside",
            "Protesters gather outside (Chris Helgren/Reuters) The vote went ahead.",
            "Protesters gather outside. REUTERS/Brian Snyder",
            "Protesters gather outside the court on Monday morning. Tobias O'riede",
            "\u{201c}It was close,\u{201d} Nadia said. Ana Lopez",
            "Media caption Crowds gathered",
            "Pictured: the minister",
            "Photographs : the site",
            "Captions: the site",
            "Graphic: where the storm hit",
            "At the rally, Ms. Doe. Pictures courtesy of Jane Doe",
            "Image credit: Jane Doe",
            "Yonhap",
            "AP Photo for Citizens Group",
            "The Canadian Press for A\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}\u{1d400}",
        ];
        for line in lines {
            assert!(
                RULE_SPECS.iter().enumerate().any(|(i, (_, _, needs))| needs(&Probe {
                    text: line,
                    slash: line.contains('/')
                }) && rule(i)
                    .and_then(|re| re.captures(line))
                    .is_some()),
                "{line}"
            );
            prefilters_allow_every_match(line);
        }
    }

    /// The prefilters' list is the patterns' list, and the bare-credit length bound is tight:
    /// the longest name with a `for` group of 30 four-byte characters is a credit, one more
    /// character is not.
    #[test]
    fn credit_names_and_the_bare_credit_bound() {
        assert_eq!(CREDIT_NAME_LIST.join("|"), CREDIT_NAMES);
        let longest = CREDIT_NAME_LIST.iter().map(|n| n.len()).max().unwrap_or(0);
        let name = CREDIT_NAME_LIST.iter().find(|n| n.len() == longest).copied().unwrap_or_default();
        let line = format!("{name} for A{}", "\u{1d400}".repeat(30));
        assert_eq!(line.len(), BARE_CREDIT_MAX_BYTES);
        assert!(rule(8).and_then(|re| re.captures(&line)).is_some(), "{line}");
        prefilters_allow_every_match(&line);
        let longer = format!("{line}\u{1d400}");
        assert!(rule(8).and_then(|re| re.captures(&longer)).is_none(), "{longer}");
    }

    #[test]
    fn enlarge_gallery_splits() {
        let got = caption_of(
            "Enlarge image Egypt votes Mohammed Abed/AFP/Getty Images Men walk past posters. Enlarge image Mubarak AFP/Getty Images Mubarak lies on a stretcher.",
        );
        assert_eq!(got.map(|m| m.captions.len()), Some(2));
    }
}
