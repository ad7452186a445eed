//! Writes a synthetic dossier of N articles for benchmarks (`bench/run.sh`).
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --articles 1000 --out /tmp/d1000 [--hugo /tmp/h1000]
//! ```
//!
//! The dossier is complete and builds without errors: N articles (half with `+++` front
//! matter, half raw scrapes with boilerplate, datelines, dated stamps and sign-offs whose
//! outlet comes from a sidecar), N/50 outlets over two years of dates, N/20 glossary terms with
//! abbreviations and aliases mentioned at realistic rates, N/10 notes (headings, lists, tables,
//! code blocks, valid `[[links]]`), a timeline, and wire copy shared between groups of
//! articles. Relative date expressions ("on Monday", "last week", "Oct. 30") give the timeline
//! work. With `--hugo DIR` the same articles are also written as a plain Hugo site (one
//! Markdown page per article, an `outlets` taxonomy, a minimal layout).
//!
//! Deterministic: a hand-written splitmix64 generator seeded from N; the same N gives
//! byte-identical files. Nothing depends on the clock or on hash order.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// splitmix64: tiny, fast, and good enough for text generation (not for cryptography).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "ro", "van", "tel", "mir", "do", "sa", "len", "quo", "bri", "tan", "vel", "ori", "mun", "dar", "es", "zul",
    "pha", "nor", "ith", "gal", "ven", "tor", "ama", "sel", "kor", "lin", "dra", "ush", "eno",
];
const WORDS: &[&str] = &[
    "government",
    "officials",
    "said",
    "talks",
    "resolution",
    "council",
    "report",
    "investigation",
    "ministry",
    "spokesman",
    "agreement",
    "vote",
    "draft",
    "delegation",
    "border",
    "sanctions",
    "court",
    "statement",
    "meeting",
    "proposal",
    "negotiations",
    "members",
    "committee",
    "inquiry",
    "evidence",
    "witnesses",
    "allegations",
    "security",
    "humanitarian",
    "access",
    "region",
    "crisis",
    "response",
    "observers",
    "diplomats",
    "pressure",
    "support",
    "opposition",
    "parliament",
    "decision",
    "week",
    "plan",
    "measures",
    "question",
    "process",
    "rights",
    "funding",
    "aid",
    "elections",
    "mission",
    "envoy",
    "capital",
    "province",
];
const FILLER: &[&str] = &[
    "the", "a", "of", "to", "and", "in", "on", "for", "with", "that", "its", "their", "after", "before", "over",
    "under", "while", "as", "by", "from",
];
const VERBS: &[&str] = &[
    "announced",
    "rejected",
    "welcomed",
    "criticised",
    "discussed",
    "postponed",
    "approved",
    "questioned",
    "confirmed",
    "denied",
    "proposed",
    "reviewed",
    "described",
    "delayed",
    "examined",
];
const CITIES: &[&str] = &[
    "GENEVA", "NEW YORK", "BRUSSELS", "NAIROBI", "BANGKOK", "VIENNA", "LONDON", "PARIS", "TOKYO", "SEOUL", "JAKARTA",
    "CAIRO", "LIMA", "OTTAWA", "MANILA",
];
const AGENCIES: &[&str] = &["AFP", "Reuters", "AP"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const RELATIVE: &[&str] = &[
    "last week",
    "next month",
    "earlier this year",
    "later this week",
    "last month",
    "next week",
    "in December",
    "in March",
    "this year",
    "last year",
];
/// The twelve month names (the library's list begins with them).
const MONTHS: &[&str] = dossier::date::MONTH_WORDS.split_at(12).0;
const MONTHS_ABBR: &[&str] =
    &["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];
const KINDS: &[&str] = &["person", "organisation", "place", "document", "concept", "event"];
const FIRST_NAMES: &[&str] = &[
    "Amara", "Bruno", "Chen", "Dalia", "Emeka", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kofi", "Lena", "Mateo",
    "Nadia", "Omar", "Priya", "Rafael", "Sofia", "Tariq", "Yara",
];

/// A civil date as days since 2023-01-01 (two years: 0..731).
#[derive(Clone, Copy)]
struct Day(u32);

impl Day {
    fn ymd(self) -> (u32, u32, u32) {
        let mut d = self.0;
        let mut y = 2023;
        loop {
            let len = if y % 4 == 0 { 366 } else { 365 };
            if d < len {
                break;
            }
            d -= len;
            y += 1;
        }
        let feb = if y % 4 == 0 { 29 } else { 28 };
        let lens = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let mut m = 0;
        while d >= lens[m] {
            d -= lens[m];
            m += 1;
        }
        (y, m as u32 + 1, d + 1)
    }
    fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}-{m:02}-{d:02}")
    }
    /// "March 5, 2024"
    fn long(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{} {d}, {y}", MONTHS[m as usize - 1])
    }
}

struct Term {
    headword: String,
    abbr: Option<String>,
    aliases: Vec<String>,
    kind: &'static str,
}

struct Outlet {
    name: String,
    wire: Option<&'static str>,
}

struct ArticlePlan {
    id: String,
    outlet: usize,
    day: Day,
    title: String,
    byline: String,
    front_matter: bool,
    /// Index of the wire story it carries, if any.
    wire_story: Option<usize>,
    paragraphs: Vec<String>,
}

struct Corpus {
    outlets: Vec<Outlet>,
    terms: Vec<Term>,
    articles: Vec<ArticlePlan>,
    notes: Vec<String>,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A pronounceable made-up word, unlikely to be an English word.
fn pseudo_word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick(SYLLABLES));
    }
    capitalise(&w)
}

fn make_terms(rng: &mut Rng, n: usize) -> Vec<Term> {
    let mut used = std::collections::BTreeSet::new();
    let mut fresh = |rng: &mut Rng, syl: usize| loop {
        let w = pseudo_word(rng, syl);
        if used.insert(w.to_lowercase()) {
            return w;
        }
    };
    let mut abbrs = std::collections::BTreeSet::new();
    (0..n)
        .map(|i| {
            let kind = KINDS[i % KINDS.len()];
            let (headword, aliases) = match kind {
                "person" => {
                    let last = fresh(rng, 3);
                    let first = rng.pick(FIRST_NAMES);
                    (format!("{first} {last}"), vec![last])
                }
                "organisation" => {
                    let a = fresh(rng, 3);
                    (format!("{a} Monitoring Commission"), vec![format!("{a} commission")])
                }
                "place" => {
                    let a = fresh(rng, 3);
                    (a.clone(), vec![format!("{a} province")])
                }
                "document" => {
                    let a = fresh(rng, 3);
                    (format!("{a} Accord"), vec![format!("{a} agreement")])
                }
                "concept" => {
                    let a = fresh(rng, 3);
                    (format!("{a} doctrine"), Vec::new())
                }
                _ => {
                    let a = fresh(rng, 3);
                    (format!("{a} Summit"), vec![format!("{a} talks")])
                }
            };
            let abbr = if kind == "organisation" {
                // Unique all-caps abbreviations: initials plus a base-26 tail.
                let mut k = i;
                let mut tail = String::new();
                loop {
                    tail.push((b'A' + (k % 26) as u8) as char);
                    k /= 26;
                    if k == 0 {
                        break;
                    }
                }
                let a = format!("{}M{tail}C", &headword[..1]);
                abbrs.insert(a.clone()).then_some(a)
            } else {
                None
            };
            Term { headword, abbr, aliases, kind }
        })
        .collect()
}

fn make_outlets(rng: &mut Rng, n: usize) -> Vec<Outlet> {
    let mut used = std::collections::BTreeSet::new();
    let shapes = ["{} Times", "The {} Post", "{} Daily", "{} Herald", "{} News", "Radio {}", "{} Observer"];
    (0..n)
        .map(|i| {
            let name = loop {
                let w = pseudo_word(rng, 2);
                let name = shapes[i % shapes.len()].replace("{}", &w);
                if used.insert(name.clone()) {
                    break name;
                }
            };
            let wire = rng.chance(0.3).then(|| rng.pick(AGENCIES));
            Outlet { name, wire }
        })
        .collect()
}

/// The content words of running text: [`WORDS`] first, then made-up words, drawn with
/// Zipf's law (rank r has weight 1/r) like the words of real news text. Measured on
/// `../shared/corpus/multinews`, 20,000 words of real articles hold about 4,100 distinct
/// words; with this vocabulary the generated text holds about as many (a few hundred words
/// from a fixed list would make every article look alike to shared-copy and quote matching).
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights, for drawing by binary search.
    cumulative: Vec<f64>,
}

/// How many distinct content words the vocabulary has.
const VOCABULARY: usize = 30_000;

/// Endings of the made-up words. No glossary term or person's name ends in these letters
/// (they are built from [`SYLLABLES`] and [`FIRST_NAMES`]), so no made-up word is a mention.
const SUFFIXES: &[&str] = &["ment", "ity", "ance", "ing", "ed", "ship", "ist", "ure", "ock", "ty"];

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut rng = Rng(0x005e_ed0f_706b);
        let mut seen: std::collections::HashSet<String> = WORDS.iter().map(|w| w.to_string()).collect();
        let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
        while words.len() < VOCABULARY {
            let mut w = String::new();
            for _ in 0..1 + rng.below(3) {
                w.push_str(rng.pick(SYLLABLES));
            }
            w.push_str(rng.pick(SUFFIXES));
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|r| {
                total += 1.0 / (r + 1) as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn pick(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x).min(self.words.len() - 1);
        &self.words[i]
    }
}

fn vocabulary() -> &'static Vocabulary {
    static VOCAB: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
    VOCAB.get_or_init(Vocabulary::new)
}

/// One sentence, sometimes naming a glossary term, a date expression or quoting someone.
fn sentence(rng: &mut Rng, terms: &[Term], out: &mut String) {
    let words = 10 + rng.below(14);
    let mut s = String::new();
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        if w == 3 && !terms.is_empty() && rng.chance(0.25) {
            let t = &terms[rng.below(terms.len())];
            let roll = rng.below(10);
            let name = match (&t.abbr, roll) {
                (Some(a), 0..=4) => a.clone(),
                _ if roll >= 7 && !t.aliases.is_empty() => t.aliases[rng.below(t.aliases.len())].clone(),
                _ => t.headword.clone(),
            };
            s.push_str(&name);
        } else if w == 5 && rng.chance(0.12) {
            s.push_str("on ");
            s.push_str(rng.pick(WEEKDAYS));
        } else if w == 7 && rng.chance(0.06) {
            s.push_str(rng.pick(RELATIVE));
        } else if w == 8 && rng.chance(0.04) {
            let _ = write!(s, "on {} {}", rng.pick(MONTHS_ABBR), 1 + rng.below(28));
        } else if w % 3 == 1 {
            s.push_str(rng.pick(FILLER));
        } else if w % 4 == 2 && rng.chance(0.5) {
            s.push_str(rng.pick(VERBS));
        } else {
            s.push_str(vocabulary().pick(rng));
        }
    }
    let s = capitalise(&s);
    if rng.chance(0.08) {
        let _ = write!(out, "“{s},” {} said.", rng.pick(FIRST_NAMES));
    } else {
        out.push_str(&s);
        out.push('.');
    }
}

fn paragraph(rng: &mut Rng, terms: &[Term]) -> String {
    let mut p = String::new();
    for i in 0..2 + rng.below(3) {
        if i > 0 {
            p.push(' ');
        }
        sentence(rng, terms, &mut p);
    }
    p
}

/// Paragraphs of about `words` words.
fn body(rng: &mut Rng, terms: &[Term], words: usize) -> Vec<String> {
    let mut paras = Vec::new();
    let mut count = 0;
    while count < words {
        let p = paragraph(rng, terms);
        count += p.split_whitespace().count();
        paras.push(p);
    }
    paras
}

fn plan(n: usize) -> Corpus {
    let mut rng = Rng(0x00D0_5513 ^ (n as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let terms = make_terms(&mut rng, (n / 20).max(3));
    let outlets = make_outlets(&mut rng, (n / 50).max(2));
    // Wire stories: one for every ~12 articles, each carried by 2–5 articles near its date.
    let wire_count = (n / 12).max(1);
    let wire_stories: Vec<(Day, &'static str, Vec<String>)> = (0..wire_count)
        .map(|_| (Day(rng.below(731) as u32), rng.pick(AGENCIES), body(&mut rng, &terms, 250)))
        .collect();
    let mut articles: Vec<ArticlePlan> = (0..n)
        .map(|i| {
            let outlet = rng.below(outlets.len());
            let wire_story = rng.chance(0.3).then(|| rng.below(wire_count));
            let day = match wire_story {
                Some(w) => Day((wire_stories[w].0.0 + rng.below(2) as u32).min(730)),
                None => Day(rng.below(731) as u32),
            };
            let mut paragraphs = body(&mut rng, &terms, if wire_story.is_some() { 350 } else { 600 });
            if let Some(w) = wire_story {
                // Wire copy: the agency's paragraphs, verbatim, in the middle of the article.
                let at = paragraphs.len() / 2;
                paragraphs.splice(at..at, wire_stories[w].2.iter().cloned());
            }
            let title = {
                let t = &terms[rng.below(terms.len())];
                format!("{} {} {} over {}", t.headword, rng.pick(VERBS), rng.pick(WORDS), rng.pick(WORDS))
            };
            let slug = outlet_slug(&outlets[outlet].name);
            ArticlePlan {
                id: format!("{slug}-{}-{i:05}", day.iso()),
                outlet,
                day,
                title,
                byline: format!("{} {}", rng.pick(FIRST_NAMES), pseudo_word(&mut rng, 2)),
                front_matter: i % 2 == 0,
                wire_story,
                paragraphs,
            }
        })
        .collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let notes = (0..(n / 10).max(1)).map(|i| format!("note-{i:05}")).collect();
    let _ = &wire_stories;
    Corpus { outlets, terms, articles, notes }
}

fn outlet_slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

fn toml_str(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            _ => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The article as a raw scrape: navigation, stamps, dateline, share counters, sign-off, cookies.
fn raw_article(rng: &mut Rng, c: &Corpus, a: &ArticlePlan) -> String {
    let mut s = String::new();
    let (y, m, d) = a.day.ymd();
    if rng.chance(0.5) {
        s.push_str("Home | World | Politics | Business | Opinion | Video | Contact Us\n");
    }
    if rng.chance(0.3) {
        s.push_str("Breaking News\n");
    }
    s.push('\n');
    s.push_str(&a.title);
    s.push_str("\n\n");
    if rng.chance(0.6) {
        let _ = writeln!(s, "{} / {}:{:02} PM / 2 years ago\n", a.day.long(), 1 + rng.below(11), rng.below(60));
    } else {
        let _ = writeln!(s, "Posted: {d} {} {y}\n", MONTHS[m as usize - 1]);
    }
    let _ = writeln!(s, "By {}\n", a.byline);
    if rng.chance(0.4) {
        s.push_str("Share this article\n\n0 : 0\n\n");
    }
    let agency = a.wire_story.map(|_| rng.pick(AGENCIES)).or(c.outlets[a.outlet].wire);
    for (i, p) in a.paragraphs.iter().enumerate() {
        if i == 0 {
            let city = rng.pick(CITIES);
            match agency {
                Some(ag) => {
                    let _ = write!(s, "{city} ({ag}) - ");
                }
                None => {
                    let _ = write!(s, "{city} - ");
                }
            }
        }
        s.push_str(p);
        s.push_str("\n\n");
        if i == 4 && rng.chance(0.3) {
            s.push_str("Advertisement\n\n");
        }
    }
    if agency.is_some() && rng.chance(0.7) {
        let _ =
            writeln!(s, "Reporting by {}; Editing by {} {}\n", a.byline, rng.pick(FIRST_NAMES), pseudo_word(rng, 2));
    }
    if rng.chance(0.5) {
        s.push_str("Comments\n\nLeave a comment\n\n");
    }
    if rng.chance(0.4) {
        s.push_str("By continuing to use the site, you agree to the use of cookies. You can find out more by clicking this link\n\nClose\n");
    }
    s
}

fn front_matter_article(c: &Corpus, a: &ArticlePlan) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&a.title));
    let _ = writeln!(s, "outlet = {}", toml_str(&c.outlets[a.outlet].name));
    let _ = writeln!(s, "date = \"{}\"", a.day.iso());
    let _ = writeln!(s, "byline = {}", toml_str(&a.byline));
    if let Some(w) = c.outlets[a.outlet].wire {
        let _ = writeln!(s, "wire = \"{w}\"");
    }
    s.push_str("+++\n");
    for p in &a.paragraphs {
        s.push_str(p);
        s.push_str("\n\n");
    }
    s
}

/// `[[links]]` that resolve: articles, paragraph 1 of front-matter articles, terms, outlets, notes.
fn link(rng: &mut Rng, c: &Corpus, note_upto: usize) -> String {
    match rng.below(6) {
        0 => format!("[[{}]]", c.articles[rng.below(c.articles.len())].id),
        1 => {
            let fm: Vec<&ArticlePlan> = c.articles.iter().take(40).filter(|a| a.front_matter).collect();
            match fm.first() {
                Some(_) => format!("[[{}#p1]]", fm[rng.below(fm.len())].id),
                None => format!("[[{}]]", c.articles[0].id),
            }
        }
        2 => {
            let t = &c.terms[rng.below(c.terms.len())];
            format!("[[term:{}]]", t.headword)
        }
        3 => {
            let t = &c.terms[rng.below(c.terms.len())];
            format!("[[{}|{}]]", t.abbr.as_ref().unwrap_or(&t.headword), t.headword.to_lowercase())
        }
        4 => format!("[[outlet:{}]]", c.outlets[rng.below(c.outlets.len())].name),
        _ if note_upto > 0 => format!("[[note:{}]]", c.notes[rng.below(note_upto)]),
        _ => format!("[[{}]]", c.articles[rng.below(c.articles.len())].id),
    }
}

fn note(rng: &mut Rng, c: &Corpus, i: usize) -> String {
    let day = Day(rng.below(731) as u32);
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = \"Note {i}: {}\"", c.terms[rng.below(c.terms.len())].headword);
    let _ = writeln!(s, "date = \"{}\"", day.iso());
    let _ = writeln!(s, "weight = {}", i + 10);
    s.push_str("tags = [\"analysis\"]\n+++\n\n");
    let notes_before = c.notes.len();
    for section in 0..2 + rng.below(3) {
        let _ = writeln!(s, "## Section {} on {}\n", section + 1, c.terms[rng.below(c.terms.len())].headword);
        let mut p = paragraph(rng, &c.terms);
        let _ = write!(p, " See {}.", link(rng, c, notes_before));
        s.push_str(&p);
        s.push_str("\n\n");
        for _ in 0..3 {
            let _ = writeln!(s, "- {} ({})", rng.pick(WORDS), link(rng, c, notes_before));
        }
        s.push('\n');
        if rng.chance(0.4) {
            let lang = rng.pick(&["toml", "rust", "json", "text"]);
            let _ = writeln!(s, "```{lang}\nkey = \"value {section}\"\ncount = {}\n```\n", rng.below(100));
        }
        if rng.chance(0.2) {
            s.push_str("| outlet | articles |\n| --- | --- |\n");
            let _ = writeln!(s, "| {} | {} |\n", c.outlets[rng.below(c.outlets.len())].name, rng.below(30));
        }
    }
    s
}

fn write_dossier(c: &Corpus, n: usize, out: &Path) -> std::io::Result<()> {
    let mut rng = Rng(0xB00C ^ n as u64);
    fs::create_dir_all(out.join("content/articles"))?;
    fs::create_dir_all(out.join("content/notes"))?;
    let mut config = format!(
        "title = \"Synthetic dossier of {n} articles\"\nsubtitle = \"Generated by gen-corpus for benchmarks\"\nlanguage = \"en\"\neditor = \"gen-corpus\"\nhandling = \"For benchmark use\"\n\n[glossary]\nlink = \"first\"\n\n"
    );
    for o in &c.outlets {
        let _ = writeln!(config, "[outlets.info.{}]\ncountry = \"Nowhere\"\ntype = \"newspaper\"\n", toml_str(&o.name));
    }
    fs::write(out.join("config.toml"), config)?;
    let mut index = String::from("+++\ntitle = \"Summary\"\n+++\n\nA synthetic dossier for benchmarks. ");
    index.push_str(&paragraph(&mut rng, &c.terms));
    let _ = writeln!(index, " Start with {} and {}.", link(&mut rng, c, 0), link(&mut rng, c, c.notes.len()));
    fs::write(out.join("content/index.md"), index)?;
    for a in &c.articles {
        let dir = out.join("content/articles");
        if a.front_matter {
            fs::write(dir.join(format!("{}.txt", a.id)), front_matter_article(c, a))?;
        } else {
            fs::write(dir.join(format!("{}.txt", a.id)), raw_article(&mut rng, c, a))?;
            let sidecar = format!(
                "# The scrape does not name its publisher.\noutlet = {}\n",
                toml_str(&c.outlets[a.outlet].name)
            );
            fs::write(dir.join(format!("{}.toml", a.id)), sidecar)?;
        }
    }
    let mut glossary = String::from("# Generated glossary.\n\n");
    for (i, t) in c.terms.iter().enumerate() {
        glossary.push_str("[[terms]]\n");
        let _ = writeln!(glossary, "term = {}", toml_str(&t.headword));
        if let Some(a) = &t.abbr {
            let _ = writeln!(glossary, "abbr = {}", toml_str(a));
        }
        if !t.aliases.is_empty() {
            let list: Vec<String> = t.aliases.iter().map(|a| toml_str(a)).collect();
            let _ = writeln!(glossary, "aliases = [{}]", list.join(", "));
        }
        let _ = writeln!(glossary, "kind = \"{}\"", t.kind);
        let def = format!("{} Reported in {}.", paragraph(&mut rng, &[]), link(&mut rng, c, c.notes.len()));
        let _ = writeln!(glossary, "definition = {}", toml_str(&def));
        if c.terms.len() > 1 && rng.chance(0.5) {
            let other = &c.terms[(i + 1 + rng.below(c.terms.len() - 1)) % c.terms.len()];
            let _ = writeln!(glossary, "see_also = [{}]", toml_str(&other.headword));
        }
        glossary.push('\n');
    }
    fs::write(out.join("content/glossary.toml"), glossary)?;
    let mut timeline = String::from("# Generated timeline.\n\n");
    for _ in 0..(n / 10).max(1) {
        let a = &c.articles[rng.below(c.articles.len())];
        let b = &c.articles[rng.below(c.articles.len())];
        let day = Day(a.day.0.saturating_sub(rng.below(3) as u32));
        let _ = writeln!(
            timeline,
            "[[events]]\ndate = \"{}\"\ntitle = {}\nbody = {}\nsources = [{}, {}]\n",
            day.iso(),
            toml_str(&format!(
                "{} {} the {}",
                c.terms[rng.below(c.terms.len())].headword,
                rng.pick(VERBS),
                rng.pick(WORDS)
            )),
            toml_str(&format!("{} ({})", paragraph(&mut rng, &[]), link(&mut rng, c, c.notes.len()))),
            toml_str(&a.id),
            toml_str(&b.id),
        );
    }
    fs::write(out.join("content/timeline.toml"), timeline)?;
    for (i, name) in c.notes.iter().enumerate() {
        fs::write(out.join(format!("content/notes/{name}.md")), note(&mut rng, c, i))?;
    }
    Ok(())
}

/// The same articles as a plain Hugo site: one page per article with an `outlets` taxonomy.
fn write_hugo(c: &Corpus, n: usize, out: &Path) -> std::io::Result<()> {
    fs::create_dir_all(out.join("content/articles"))?;
    fs::create_dir_all(out.join("layouts/_default"))?;
    fs::write(
        out.join("hugo.toml"),
        format!(
            "baseURL = \"http://example.org/\"\ntitle = \"Synthetic dossier of {n} articles\"\nlanguageCode = \"en\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n\n[taxonomies]\noutlet = \"outlets\"\n"
        ),
    )?;
    let base = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><nav><a href=\"{{ \"/\" | relURL }}\">Home</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n";
    fs::write(out.join("layouts/_default/baseof.html"), base)?;
    fs::write(
        out.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }} · {{ range .Params.outlets }}<a href=\"{{ (urlize .) | printf \"/outlets/%s/\" | relURL }}\">{{ . }}</a>{{ end }} · {{ .Params.byline }}</p>{{ .Content }}</article>{{ end }}\n",
    )?;
    fs::write(
        out.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>{{ end }}\n",
    )?;
    fs::write(
        out.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Site.Taxonomies.outlets }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n",
    )?;
    for a in &c.articles {
        let mut s = String::from("+++\n");
        let _ = writeln!(s, "title = {}", toml_str(&a.title));
        let _ = writeln!(s, "date = {}", a.day.iso());
        let _ = writeln!(s, "byline = {}", toml_str(&a.byline));
        let _ = writeln!(s, "outlets = [{}]", toml_str(&c.outlets[a.outlet].name));
        s.push_str("+++\n\n");
        for p in &a.paragraphs {
            s.push_str(p);
            s.push_str("\n\n");
        }
        fs::write(out.join(format!("content/articles/{}.md", a.id)), s)?;
    }
    Ok(())
}

fn usage() -> ExitCode {
    eprintln!("usage: gen-corpus --articles N --out DIR [--hugo DIR]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut n, mut out, mut hugo): (Option<usize>, Option<PathBuf>, Option<PathBuf>) = (None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--articles" => n = args.next().and_then(|v| v.replace(['_', ','], "").parse().ok()),
            "--out" => out = args.next().map(PathBuf::from),
            "--hugo" => hugo = args.next().map(PathBuf::from),
            _ => return usage(),
        }
    }
    let (Some(n), Some(out)) = (n.filter(|&n| n > 0), out) else {
        return usage();
    };
    if out.join("content").exists() {
        eprintln!("error: {} already holds a dossier; choose an empty --out", out.display());
        return ExitCode::from(2);
    }
    let corpus = plan(n);
    let mut result = write_dossier(&corpus, n, &out);
    if let (Ok(()), Some(h)) = (&result, &hugo) {
        result = write_hugo(&corpus, n, h);
    }
    match result {
        Ok(()) => {
            println!(
                "wrote {} articles, {} outlets, {} terms, {} notes to {}",
                corpus.articles.len(),
                corpus.outlets.len(),
                corpus.terms.len(),
                corpus.notes.len(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
