//! Body assembly: turns the lines left as text into clean paragraphs.
//!
//! Input: classified lines after the header and credit passes. Output:
//! paragraphs (hard-wrapped lines joined), captions, and the pieces removed
//! from inside paragraphs (ticker widgets, sign-offs, a standfirst repeated
//! as the first paragraph). Also drops what trails the story: related-link
//! blocks, short link lines after the last paragraph, the author's bio.
//! Invariants: paragraph text keeps the scrape's words (apart from the
//! recorded removals); every paragraph carries its first source line.

use std::sync::LazyLock;

use regex::Regex;

use super::bounded::Bounded;
use super::lines::{Line, Quality, Role, ends_like_sentence, quality, words};
use super::normalize::{clean_paragraph, key_starts_with};
use super::{Caption, Paragraph, ParagraphKind, Removed};

/// A short line that opens a block of related links.
static RELATED_TRIGGER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(related|related (articles|stories|coverage|content|links|news)|more|more on this( story)?|more from .{2,40}|read more:?|see also:?|also:|also read:?|recommended( for you)?|you may also like|you might also like|most (read|popular|viewed|shared))$").ok()
});

/// Stock-ticker widgets glued into prose: "BP., +0.88%".
static TICKER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\s*\b[A-Z][A-Z0-9.]{0,6},? [+\-−]\d+(?:\.\d+)?%").ok());

/// A sign-off closing a paragraph or standing alone: "– Rappler.com", "— The Associated Press".
static SIGN_OFF: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(r"(?:^|\s+)(?P<all>(?:--|—|–|-)\s*(?P<name>[A-Z][\w.&'’ -]+?))\s*$", &[("name", 41)])
});

/// The dashes a [`SIGN_OFF`] opens with: a text without one holds no sign-off.
const SIGN_OFF_DASHES: [char; 3] = ['-', '—', '–'];

/// Whether a line's first non-space character is a dash: a whole-line sign-off's match
/// starts at the line's start, so it can only open this way (the regex's `\s` is Unicode
/// White_Space, as `char::is_whitespace`). Skips the regex on nearly every line.
fn may_open_sign_off(text: &str) -> bool {
    text.trim_start().starts_with(SIGN_OFF_DASHES)
}

/// An author's bio sentence.
static BIO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(is|was) (a|an|the) (?:[\w-]+ ){0,4}(fellow|reporter|correspondent|writer|journalist|editor|columnist|contributor|producer|intern)\b").ok()
});
static BIO_OPENING: LazyLock<Option<Bounded>> = LazyLock::new(|| {
    Bounded::new(
        r"^[A-Z](?P<lead>[\w ]*?)\b(reporter|correspondent|writer|editor|columnist|journalist) [A-Z][a-z]+ [A-Z]",
        &[("lead", 40)],
    )
});

/// What body assembly produces.
#[derive(Debug, Default)]
pub(super) struct Body {
    /// Clean paragraphs in order.
    pub(super) paragraphs: Vec<Paragraph>,
    /// Captions in order.
    pub(super) captions: Vec<Caption>,
    /// Pieces removed from inside lines.
    pub(super) removed: Vec<Removed>,
    /// Sign-offs: (line, name as written, text).
    pub(super) sign_offs: Vec<(usize, String, String)>,
}

/// Drops what trails the story: whole-line sign-offs, related-link blocks,
/// link lines after the last paragraph, and the author's bio.
pub(super) fn drop_trailing(
    lines: &mut [Line],
    authors: &[String],
    is_outlet: &dyn Fn(&str) -> bool,
) -> Vec<(usize, String, String)> {
    let mut sign_offs = Vec::new();
    // Whole-line sign-offs.
    for line in lines.iter_mut().filter(|l| l.role == Role::Text && may_open_sign_off(&l.text)) {
        if let Some(caps) = SIGN_OFF.as_ref().and_then(|re| re.captures(&line.text)) {
            let whole = caps.get(0).map_or(0, |m| m.start());
            let name = caps.name("name").map_or("", |m| m.as_str()).trim();
            if whole == 0 && is_outlet(name) {
                sign_offs.push((line.no, name.to_string(), line.text.clone()));
                line.role = Role::Drop("sign-off".to_string());
            }
        }
    }
    // Related-link blocks: after a trigger, lines that are not prose.
    let mut in_block = false;
    for line in lines.iter_mut() {
        match &line.role {
            Role::Drop(reason) if reason == "related links" => {
                in_block = RELATED_TRIGGER.as_ref().is_some_and(|re| re.is_match(&line.text)) || in_block;
            }
            Role::Text if in_block => {
                if quality(&line.text) == Quality::Good && ends_like_sentence(&line.text) {
                    in_block = false;
                } else {
                    line.role = Role::Drop("related links".to_string());
                }
            }
            _ => {}
        }
    }
    // After the last story paragraph, short unpunctuated lines are links.
    let last_good = lines.iter().rposition(|l| l.role == Role::Text && quality(&l.text) == Quality::Good);
    if let Some(last_good) = last_good {
        for line in lines.iter_mut().skip(last_good + 1) {
            if line.role == Role::Text && quality(&line.text) == Quality::Short && !ends_like_sentence(&line.text) {
                line.role = Role::Drop("related links".to_string());
            }
        }
    }
    // The author's bio: one of the last two text lines.
    let text_lines: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].role == Role::Text).collect();
    for &i in text_lines.iter().rev().take(2) {
        let text = &lines[i].text;
        let names_author = authors.iter().any(|a| text.contains(a.as_str()))
            || BIO_OPENING.as_ref().is_some_and(|re| re.is_match(text));
        if names_author && BIO.as_ref().is_some_and(|re| re.is_match(text)) {
            lines[i].role = Role::Drop("author bio".to_string());
        }
    }
    sign_offs
}

/// One piece of story text with its source line.
struct Unit {
    line: usize,
    last_line: usize,
    text: String,
    standfirst: bool,
}

/// Builds paragraphs and captions from the lines.
pub(super) fn assemble(lines: &[Line], standfirst: Option<usize>, is_outlet: &dyn Fn(&str) -> bool) -> Body {
    let mut body = Body::default();
    // Hard-wrapped lines are joined as they come: no sentence end, the next line adjacent and
    // starting lowercase/digit. Joined with a space (a line's text holds no line break); a
    // joined unit's `last_line` is the line the next must follow.
    let mut joined: Vec<Unit> = Vec::new();
    let mut add = |text: &str, line: usize, standfirst: bool| {
        if let Some(prev) = joined.last_mut() {
            let adjacent = line == prev.last_line + 1;
            let continues = text.chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            if adjacent && continues && !ends_like_sentence(&prev.text) && !prev.standfirst {
                prev.text.push(' ');
                prev.text.push_str(text);
                prev.last_line = line;
                return;
            }
        }
        joined.push(Unit { line, last_line: line, text: text.to_string(), standfirst });
    };
    for (i, line) in lines.iter().enumerate() {
        match &line.role {
            Role::Text => add(&line.text, line.no, standfirst == Some(i)),
            Role::Caption(found) => {
                for (text, credit) in &found.captions {
                    body.captions.push(Caption { text: text.clone(), credit: credit.clone(), line: line.no });
                }
                if let Some(rest) = &found.rest {
                    add(rest, line.no, false);
                }
            }
            _ => {}
        }
    }
    for unit in joined {
        let mut text = unit.text;
        if let Some(re) = TICKER.as_ref().filter(|_| text.contains('%')) {
            let pieces: Vec<String> = re.find_iter(&text).map(|m| m.as_str().trim().to_string()).collect();
            if !pieces.is_empty() {
                body.removed.push(Removed {
                    line: unit.line,
                    text: pieces.join(" "),
                    reason: "ticker widget".to_string(),
                });
                text = re.replace_all(&text, "").into_owned();
            }
        }
        // A sign-off is short: look at the paragraph's last 80 characters only.
        let tail_at = text.char_indices().rev().nth(79).map_or(0, |(at, _)| at);
        let tail = &text[tail_at..];
        let sign_off =
            SIGN_OFF.as_ref().filter(|_| tail.contains(SIGN_OFF_DASHES)).and_then(|re| re.captures(tail)).and_then(
                |caps| {
                    let name = caps.name("name")?.as_str().trim().to_string();
                    let piece = caps.name("all")?.as_str().trim().to_string();
                    let start = tail_at + caps.get(0)?.start();
                    (start > 0 && is_outlet(&name)).then_some((name, piece, start))
                },
            );
        if let Some((name, piece, start)) = sign_off {
            body.sign_offs.push((unit.line, name, piece.clone()));
            body.removed.push(Removed { line: unit.line, text: piece, reason: "sign-off".to_string() });
            text.truncate(start);
        }
        let text = clean_paragraph(trim_owned(text));
        if text.is_empty() {
            continue;
        }
        let kind = if unit.standfirst {
            ParagraphKind::Standfirst
        } else if is_subhead(&text) {
            ParagraphKind::Subhead
        } else {
            ParagraphKind::Body
        };
        body.paragraphs.push(Paragraph::new(text, unit.line, unit.last_line, kind));
    }
    body
}

/// `text.trim()` in the string itself: a paragraph is nearly always trimmed already, and
/// then it is neither copied nor reallocated.
fn trim_owned(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        text.drain(..start);
    }
    text
}

fn is_subhead(text: &str) -> bool {
    let starts_ok = text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "‘'\"“".contains(c));
    quality(text) == Quality::Short && !ends_like_sentence(text) && words(text).len() <= 14 && starts_ok
}

/// Drops an opening paragraph repeated (after its dateline) as the next one:
/// the standfirst copy goes, the dated paragraph stays.
pub(super) fn drop_repeated_standfirst(body: &mut Body, strip_dateline: &dyn Fn(&str) -> String) {
    for k in 0..2 {
        if k + 1 >= body.paragraphs.len() {
            break;
        }
        // The next paragraph's key starts with this one's (equal included), which is 30 bytes
        // or more.
        let next = strip_dateline(&body.paragraphs[k + 1].text);
        if key_starts_with(&next, &body.paragraphs[k].text, 30) {
            let dropped = body.paragraphs.remove(k);
            body.removed.push(Removed {
                line: dropped.line,
                text: dropped.text,
                reason: "duplicate standfirst".to_string(),
            });
            break;
        }
    }
}

/// Compiles this file's patterns now (see [`super::warm_patterns`]).
pub(super) fn warm() {
    LazyLock::force(&RELATED_TRIGGER);
    LazyLock::force(&TICKER);
    LazyLock::force(&SIGN_OFF);
    LazyLock::force(&BIO);
    LazyLock::force(&BIO_OPENING);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(raw: &str) -> Vec<Line> {
        raw.split('\n')
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
                role: if t.is_empty() { Role::Blank } else { Role::Text },
            })
            .collect()
    }

    fn paragraphs(raw: &str) -> Vec<String> {
        let lines = lines_of(raw);
        assemble(&lines, None, &|n| n == "Rappler.com").paragraphs.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn sign_off_and_ticker_prechecks_pass_wherever_the_regexes_match() {
        let texts = [
            "– Rappler.com",
            "  — The Associated Press",
            "\u{a0}\u{2003}-- AFP",
            "The talks ended. – Rappler.com",
            "Shares of BP., +0.88% rose",
            "BP, −1.5% and VOD +2%",
            "A plain paragraph without either.",
            "x - Reuters",
            "“Quoted” —Name Here ",
        ];
        for t in texts {
            let Some(re) = SIGN_OFF.as_ref() else { panic!("SIGN_OFF compiles") };
            if let Some(c) = re.captures(t) {
                assert!(t.contains(SIGN_OFF_DASHES), "{t:?}");
                if c.get(0).is_some_and(|m| m.start() == 0) {
                    assert!(may_open_sign_off(t), "{t:?}");
                }
            }
            if TICKER.as_ref().is_some_and(|re| re.is_match(t)) {
                assert!(t.contains('%'), "{t:?}");
            }
        }
        assert!(may_open_sign_off("\u{a0}— AP"));
        assert!(!may_open_sign_off("AP —"));
    }

    #[test]
    fn trim_owned_is_trim() {
        for t in ["", " ", "a", " a ", "\u{a0}é\u{2003}", "no trim", "end  ", "  start", "\u{3000}"] {
            assert_eq!(trim_owned(t.to_string()), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn joins_hard_wrapped_lines() {
        let cases: &[(&str, &[&str])] = &[
            (
                "accusing the regime of running political prison camps with up to\n120,000 people and sponsoring abductions.",
                &[
                    "accusing the regime of running political prison camps with up to 120,000 people and sponsoring abductions.",
                ],
            ),
            ("One sentence.\nAnother one.", &["One sentence.", "Another one."]),
            ("No stop here\n\nthen a new paragraph.", &["No stop here", "then a new paragraph."]),
        ];
        for (raw, expected) in cases {
            assert_eq!(paragraphs(raw), *expected, "{raw}");
        }
    }

    #[test]
    fn strips_inline_junk() {
        let cases: &[(&str, &[&str])] = &[
            (
                "BP BP., +0.88% BP, +0.60% Chairman Carl-Henric Svanberg defended the pay package.",
                &["BP Chairman Carl-Henric Svanberg defended the pay package."],
            ),
            ("“I don’t think it’s incidental.” – Rappler.com", &["“I don’t think it’s incidental.”"]),
            ("The vote was 59-41 - a clear defeat.", &["The vote was 59-41 - a clear defeat."]),
        ];
        for (raw, expected) in cases {
            assert_eq!(paragraphs(raw), *expected, "{raw}");
        }
    }

    #[test]
    fn trailing_blocks() {
        let mut lines = lines_of(
            "The story ends here with a long enough sentence to count as prose.\n\nALSO:\n\nFormer mayor pleads not guilty\n\nMan ruled incompetent to stand trial",
        );
        lines[2].role = Role::Drop("related links".to_string());
        drop_trailing(&mut lines, &[], &|_| false);
        let dropped = lines.iter().filter(|l| l.role == Role::Drop("related links".to_string())).count();
        assert_eq!(dropped, 3);
    }
}
