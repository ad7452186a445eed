//! Random inputs that look enough like the real thing to get past the first checks: seed
//! texts from the example dossier, mutated with splices of tokens each parser cares about,
//! odd Unicode and random bytes.

use fastrand::Rng;

/// The example dossier's inputs, the starting points of mutation.
pub static ARTICLES: &[&str] = &[
    include_str!("../../content/articles/ap-2014-10-28.txt"),
    include_str!("../../content/articles/afp-2014-10-28.txt"),
    include_str!("../../content/articles/ht-2014-10-28.txt"),
    include_str!("../../content/articles/rappler-2014-10-28.txt"),
    include_str!("../../content/articles/reuters-2014-11-10.txt"),
];
pub static SIDECARS: &[&str] = &[include_str!("../../content/articles/afp-2014-10-28.toml")];
pub static NOTES: &[&str] = &[
    include_str!("../../content/notes/actors.md"),
    include_str!("../../content/notes/assessment.md"),
    include_str!("../../content/notes/method.md"),
    include_str!("../../content/notes/open-questions.md"),
    include_str!("../../content/index.md"),
];
pub static GLOSSARY: &str = include_str!("../../content/glossary.toml");
pub static TIMELINE: &str = include_str!("../../content/timeline.toml");
pub static CONFIG: &str = include_str!("../../config.toml");

/// Characters that break naive code: combining marks, joiners, BOM, RTL, wide, astral,
/// case folding that changes length (ß, İ, ﬁ), Hangul, CR and control characters.
const ODD_CHARS: &[char] = &[
    '\u{301}', '\u{308}', '\u{200d}', '\u{200b}', '\u{feff}', '\u{202e}', '\u{fffd}', 'ß', 'İ', 'ı', 'ﬁ', 'ǅ', 'Σ',
    'ς', '한', '국', '은', '日', '😀', '🇰', '🇷', '\r', '\t', '\0', '\u{b}', '\u{85}', '\u{2028}', '“', '”', '’', '—',
    '…', 'Å', 'e', ' ', '\n', '#', '"', '\'', '\\', '<', '>', '&',
];

/// A random piece of text: a token, a run of odd characters, random bytes or an ASCII word.
pub fn piece(rng: &mut Rng, tokens: &[&str]) -> String {
    match rng.u8(0..10) {
        0..=4 if !tokens.is_empty() => tokens[rng.usize(..tokens.len())].to_string(),
        5 | 6 => (0..rng.usize(1..6)).map(|_| ODD_CHARS[rng.usize(..ODD_CHARS.len())]).collect(),
        7 => {
            let bytes: Vec<u8> = (0..rng.usize(1..12)).map(|_| rng.u8(..)).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        8 => (0..rng.usize(1..4)).map(|_| rng.char(..)).collect(),
        _ => (0..rng.usize(1..10)).map(|_| rng.alphanumeric()).collect(),
    }
}

/// A char boundary of `s` near a random position.
fn boundary(rng: &mut Rng, s: &str) -> usize {
    let mut at = rng.usize(..=s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `seed` with a few random edits: inserted pieces, deleted or duplicated ranges, and
/// sometimes a truncation.
pub fn mutate(rng: &mut Rng, seed: &str, tokens: &[&str]) -> String {
    let mut s = seed.to_string();
    for _ in 0..rng.usize(0..8) {
        let a = boundary(rng, &s);
        let b = boundary(rng, &s);
        let (lo, hi) = (a.min(b), a.max(b));
        match rng.u8(0..6) {
            0..=2 => s.insert_str(a, &piece(rng, tokens)),
            3 if hi - lo < 2000 => s.replace_range(lo..hi, ""),
            4 if hi - lo < 500 => {
                let dup = s[lo..hi].to_string();
                s.insert_str(hi, &dup);
            }
            _ => s.truncate(hi),
        }
    }
    s
}

/// Either a mutated seed or text made only of pieces.
pub fn text(rng: &mut Rng, seeds: &[&str], tokens: &[&str]) -> String {
    if rng.u8(0..4) > 0 && !seeds.is_empty() {
        let seed = seeds[rng.usize(..seeds.len())];
        mutate(rng, seed, tokens)
    } else {
        (0..rng.usize(0..40)).map(|_| piece(rng, tokens)).collect()
    }
}

pub const TOML_TOKENS: &[&str] = &[
    "+++\n",
    "+++",
    "\n",
    "\r\n",
    " = ",
    "=",
    "\"",
    "\"\"\"",
    "'''",
    "'",
    "[",
    "]",
    "[[events]]\n",
    "[[terms]]\n",
    "{",
    "}",
    ",",
    "title = \"x\"\n",
    "date = \"2014-10-28\"\n",
    "date = \"2014-13-45\"\n",
    "date = \"2014\"\n",
    "date = \"2014-10-28T10:00:00Z\"\n",
    "date = 2014-10-28\n",
    "byline = [\"A\", \"B\"]\n",
    "byline = \"A\"\n",
    "tags = []\n",
    "drop = [\"/(a+)+$/\"]\n",
    "drop = [\"/\"]\n",
    "outlet = \"\"\n",
    "wire = \"AP\"\n",
    "\\u0000",
    "\\",
    "#",
    "true",
    "1e999",
    "-0",
    "nan",
    "key.dotted = 1\n",
    "unknown = 1\n",
    "[section]\n",
];

pub const ARTICLE_TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "By ",
    "AP",
    "AFP",
    "Reuters",
    "(AP) —",
    "UNITED NATIONS (Reuters) - ",
    "Associated Press",
    "Photo: ",
    "/ AFP",
    "Published ",
    "October 28, 2014",
    "Oct. 28, 2014 11:22 PM",
    "2014-10-28",
    "Updated: ",
    "Share",
    "Comments",
    "Cookie",
    "Advertisement",
    "Read more",
    "|",
    "•",
    "©",
    "Copyright",
    "Monday",
    "Tuesday",
    "said",
    "\"",
    "“",
    "”",
    "—",
    "-",
    "Posted on ",
    " at ",
    "12:00 AM",
    "EST",
    "GMT",
    "+0800",
    "By AFP",
    "and ",
    "Editing by ",
    "; ",
    "Reporting by ",
    "           ",
    "\t\t",
    "ALL CAPS HEADLINE",
    "1",
    "0 : 0",
    "#p4",
    "http://x/",
];

pub const MARKDOWN_TOKENS: &[&str] = &[
    "[[",
    "]]",
    "|",
    "#p",
    "#p4",
    "#p0",
    "#p99999999999999999999",
    "#",
    "outlet:",
    "term:",
    "note:",
    "[[ICC]]",
    "[[ap-2014-10-28#p4|shown]]",
    "[[|]]",
    "[[ ]]",
    "[",
    "]",
    "(",
    ")",
    "`",
    "```toml\n",
    "```\n",
    "```rust\n",
    "~~~",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "{#id}",
    "{ .class }",
    "[^1]",
    "[^1]: note\n",
    "*",
    "**",
    "_",
    "~~",
    "- [ ] ",
    "> ",
    "| a | b |\n|---|---|\n",
    "<",
    ">",
    "&",
    "<script>",
    "\\",
    "![alt](x.png)",
    "<!--",
    "-->",
    "    ",
    "1. ",
];

pub const TERM_TOKENS: &[&str] = &[
    "ICC",
    "International Criminal Court",
    "court",
    "courts",
    "Court's",
    "-",
    " ",
    "'",
    "’",
    "s",
    "es",
    "ies",
    "North Korea",
    "DPRK",
    "UN",
    "U.N.",
    "Security Council",
    "Kim Jong-un",
    "ß",
    "SS",
    "İ",
    "i̇",
    "ﬁ",
    "fi",
    "한국",
    "한국은",
    "e\u{301}",
    "é",
    ".",
    "(",
    ")",
    "\u{200d}",
    "\u{feff}",
];

/// Dated expressions and tense cues for the temporal tagger.
pub const DATE_TOKENS: &[&str] = &[
    "on Monday",
    "last Friday",
    "next Tuesday",
    "Tuesday, October 28",
    "Oct. 28, 2014",
    "Feb. 29",
    "31 February",
    "February 30, 2013",
    "9999-12-31",
    "0000-00-00",
    "2014-13-45",
    "late November",
    "early 2015",
    "in December",
    "since 2010",
    "the end of 2099",
    "10 years ago",
    "999 years ago",
    "a year ago",
    "next month",
    "earlier this year",
    "later this week",
    "late last year",
    "yesterday",
    "today",
    "tomorrow",
    "will meet",
    "met",
    "said",
    "is expected to",
    "U.N. officials",
    "Mr. Smith",
    ". ",
    "; ",
    ", ",
    " and ",
    "—",
    "\n",
    "31st",
    "1st of May",
];

/// Quotation shapes for quote extraction.
pub const QUOTE_TOKENS: &[&str] = &[
    "“",
    "”",
    "\"",
    "“We will not go,” ",
    "” said Marzuki Darusman.",
    "he said",
    "she added",
    "told reporters that",
    "according to officials",
    "a senior diplomat said",
    "who spoke on condition of anonymity",
    "the rapporteur said",
    "Darusman said: “",
    ", ",
    ". ",
    "\n\n",
    "’s",
    "said",
    "said that",
];

/// A saved news page, for HTML extraction.
pub const HTML_PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm repairs | The Portville Times</title>
<meta property="og:site_name" content="The Portville Times">
<meta property="og:title" content="Harbour reopens after storm repairs">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2014-10-28T09:30:00Z">
<link rel="canonical" href="https://example.org/news/harbour">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour reopens","datePublished":"2014-10-28","author":{"@type":"Person","name":"Jane Doe"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour reopens after storm repairs</h1><p class="byline">By Jane Doe</p>
<time datetime="2014-10-28">October 28, 2014</time>
<p>PORTVILLE (Reuters) - The Harbour Authority reopened the north quay on Tuesday after repairs, officials said.</p>
<figure><img src="a.jpg" alt=""><figcaption>The north quay on Monday. Photo: J. Doe</figcaption></figure>
<p>“We are open for business,” said harbour master Ann Lee.</p></article>
<aside>Related: <a href="/x">Storm hits coast</a></aside><footer>© 2014 The Portville Times. Share this on Twitter</footer>
</body></html>"#;

/// Markup tokens for HTML extraction.
pub const HTML_TOKENS: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<article>",
    "</article>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<meta property=\"og:title\" content=\"",
    "<meta name=\"author\" content=\"",
    "\">",
    "<time datetime=\"",
    "<br>",
    "<h1>",
    "</h1>",
    "&amp;",
    "&#x0;",
    "&nbsp;",
    "<![CDATA[",
    "]]>",
    "<table><tr><td>",
    "</html>",
    "<body>",
    "{\"@type\":\"NewsArticle\",",
    "\"datePublished\":\"",
    "<script type=\"application/ld+json\">",
    "<a href=\"",
];

/// Now and then, a long input: a slice of `text` repeated to up to `max` bytes (a run-on line
/// full of dates, quotes or mentions, where per-item work over the whole text goes quadratic).
pub fn maybe_long(rng: &mut Rng, text: String, max: usize) -> String {
    if rng.u8(0..32) != 0 || text.is_empty() {
        return text;
    }
    let a = boundary(rng, &text);
    let b = boundary(rng, &text);
    let unit = &text[a.min(b)..a.max(b)];
    if unit.is_empty() {
        return text;
    }
    let len = rng.usize(1..=max);
    unit.repeat(len / unit.len() + 1)
        .chars()
        .scan(0, |n, c| {
            *n += c.len_utf8();
            (*n <= len).then_some(c)
        })
        .collect()
}
