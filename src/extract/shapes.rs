//! The boilerplate shape table used by the line classifier (`lines`): one
//! row per kind of page furniture, each with the reason the reader sees in
//! the "removed from the scrape" block.
//!
//! Input: one normalised line. Output: the reason, if the line has a known
//! boilerplate shape. Invariants: patterns match whole short lines (each row
//! has a length cap, so a story sentence that merely starts like a widget
//! label is never dropped); rows are tried in order and the first wins.

use std::sync::LazyLock;

use regex::Regex;

/// Boilerplate shapes: (pattern, reason, longest line it may match in chars).
/// Patterns are matched against the whole normalised line.
const SHAPES: &[(&str, &str, usize)] = &[
    (r"(?i)^(breaking news|latest news|top stories|trending( now)?|live updates|just in)$", "section label", 40),
    (r"(?i)^(\d+\s+)?comments?( \(\d+\))?$", "comment prompt", 30),
    (r"(?i)^(add|post|leave|write|view|show|read|see) (a |your |all |the )?(\d+ )?comments?\b", "comment prompt", 200),
    (r"(?i)^there are no comments yet", "comment prompt", 200),
    (
        r"(?i)comments (are )?powered by disqus|^be the first to comment|^join the (conversation|discussion)|^sign in to comment",
        "comment prompt",
        200,
    ),
    (
        r"(?i)\b(use of cookies|uses cookies|using cookies|accept (all )?cookies|cookie (policy|settings|preferences|notice|consent))\b|\bcookies\b.{0,120}\b(continu\w* (to )?(use|brows)|by (using|browsing))|\b(continu\w* (to )?(use|brows)\w*|by (using|browsing)) (this|the|our) (site|website)\b.{0,150}\bcookies\b",
        "cookie notice",
        400,
    ),
    (
        r"(?i)^(close|skip|next|previous|prev|back to top|menu|search|ok|accept|dismiss|x|×|load more|show more|expand|collapse)$",
        "button label",
        20,
    ),
    (
        r"(?i)^(share( this)?( article| story| page)?|share on \w+|tweet( this)?|e-?mail( this)?|facebook|twitter|linkedin|whatsapp|pinterest|reddit|print( this)?|copy link|save( for later)?)$",
        "share widget",
        40,
    ),
    (
        r"(?i)^((facebook|twitter|e-?mail|whatsapp|linkedin|print|share|messenger|pinterest|reddit)[\s|·•,/]*){2,}$",
        "share widget",
        100,
    ),
    (r"^\d+\s+:\s+\d+$", "share counter", 20),
    (r"(?i)^\d+\s*(shares?|likes?|tweets?|reactions?)$", "share counter", 20),
    (
        r"(?i)^(photo |video )?(advertisement|advertising|sponsored( content)?|paid content|promoted( content)?|ad)( continue reading the main story)?$",
        "advertisement",
        60,
    ),
    (
        r"(?i)^continue reading (the main story|below)$|^story continues below( advertisement)?$|^skip (this )?ad\b|^scroll to continue",
        "advertisement",
        60,
    ),
    (
        r"(?i)^follow (us|@\w+|\w+ on (twitter|facebook|instagram))|\bfollow @\w+\.?$|^(like|find) us on facebook",
        "social prompt",
        150,
    ),
    (
        r"(?i)\b(sign up|subscribe)\b.{0,80}\b(newsletter|inbox|email|alerts?)\b|\bemail alerts\b|^get (the|our) .{0,40}newsletter",
        "newsletter promo",
        300,
    ),
    (
        r"(?i)^embed\b.{0,30}\bvideos?\b|^(just watched|must watch)\b|\bmore videos\b|^replay\b|^(video|watch|listen|audio):",
        "video widget",
        300,
    ),
    (
        r"(?i)^\d+ of \d+\b.{0,40}\b(full screen|autoplay|close|next)\b|\bbuy photo\b|^slideshow\b|^(view|see) (photos|gallery|graphic|more photos|all photos)\b|^enlarge this image$",
        "photo gallery widget",
        3000,
    ),
    (
        r"(?i)^(related|related (articles|stories|coverage|content|links|news)|more|more on this( story)?|read more|read more:.*|see also:?.*|also:|also read:?.*|recommended( for you)?|you may also like|you might also like|most (read|popular|viewed|shared)|editor'?s picks|what to read next)$",
        "related links",
        150,
    ),
    // "More from <name>": 10 + 2-40 characters, so the length cap is the name's limit.
    (r"(?i)^more from [\w .'’&-]{2,}$", "related links", 50),
    (
        r"^\(?(READ|WATCH|PHOTOS?|VIDEO|LISTEN|INTERACTIVE|STORIFY|MORE|ALSO|RELATED|GRAPHIC|MAP|AUDIO|QUIZ|POLL|SEE|Also on [A-Z]+)\b ?:.*\)?$",
        "related links",
        200,
    ),
    (r"^\(.{0,120}\bfull coverage\)$|^\[.{3,200}\]$|(?i)^read .{0,80} here\.?$", "related links", 220),
    (r"^(Lex|Lombard) [A-Z].{10,}", "related links", 300),
    (r#"(?i)^.{0,100}\bwhat we know( so far)? about\b.*[^.!?"”]$"#, "related links", 200),
    (r"(?i)^text size\b|^reset\b.{0,120}$", "text size widget", 130),
    (r"^[\p{P}\p{S}\s]+$", "separator", 200),
    (r"^[•·*-]?\s*[a-z0-9]+(-[a-z0-9]+)+$", "CSS class list", 80),
    (r"(?i)^(©|\(c\)|copyright\b)|all rights reserved\.?$", "copyright notice", 300),
    (
        r"(?i)^the author is (a|an|the)\b|opinions expressed (here )?are (his|her|their|the author'?s) own|^about the author\b",
        "author bio",
        400,
    ),
    (
        r"(?i)^\(?this (version|story|article) (corrects|updates|adds|has been (updated|corrected))|^(editor'?s note|correction|clarification)s?:|^this (story|article) has been (updated|corrected)",
        "editor's note",
        400,
    ),
    (
        r"(?i)\bcontributed (to )?(this|the) (report|story|article)\b|^with (additional )?reports? (from|by)\b|^additional reporting by\b",
        "contributor credit",
        400,
    ),
    (r"(?i)^to contact the (editor|editors)\b|^(contact|e-?mail) the (editor|newsroom)\b", "contact line", 300),
    (
        r"(?i)^(analysis|comment|commentary|opinion|explainer|verdict|viewpoint|reality check)\s*:\s*[\p{Lu}][\w .'’-]+, .{0,50}\b(editor|correspondent|reporter|analyst|columnist|writer)$",
        "box heading (a named expert's inset)",
        120,
    ),
    (r"(?i)^an expanded version of this (report|story|article) appears\b", "cross-promo", 200),
    (r"[—–-] .{1,60} \(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}$", "embedded tweet", 600),
    (
        r"(?i)\bweb (collections|captures)\b.{0,200}\b(archive-it|internet archive)\b|\b(archive-it|internet archive)\b.{0,200}\bweb (collections|captures)\b",
        "web archive notice",
        1000,
    ),
    (r"(?i)^(please )?enable javascript\b|^javascript (is )?(required|disabled)", "script notice", 200),
];

static SHAPE_RES: LazyLock<Vec<(Regex, &'static str, usize)>> = LazyLock::new(|| {
    SHAPES.iter().filter_map(|(pattern, reason, max)| Regex::new(pattern).ok().map(|re| (re, *reason, *max))).collect()
});

/// The boilerplate reason for a line taken alone, if any.
pub(super) fn shape_reason(text: &str) -> Option<&'static str> {
    let chars = text.chars().count();
    SHAPE_RES.iter().find(|(re, _, max)| chars <= *max && re.is_match(text)).map(|(_, reason, _)| *reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_shapes_compile() {
        assert_eq!(SHAPE_RES.len(), SHAPES.len());
    }

    #[test]
    fn length_caps_protect_prose() {
        assert_eq!(shape_reason("Close"), Some("button label"));
        assert_eq!(shape_reason("Close to 40 people were hurt in the blast, officials said on Monday."), None);
        assert_eq!(shape_reason("Comments"), Some("comment prompt"));
        assert_eq!(shape_reason("Comments by the minister drew criticism from all sides of the chamber."), None);
        assert_eq!(
            shape_reason("Analysis: Simon Jack, BBC business editor"),
            Some("box heading (a named expert's inset)")
        );
        assert_eq!(
            shape_reason("Analysis: the vote, the editor said, was close and the board will now review pay."),
            None
        );
    }
}
