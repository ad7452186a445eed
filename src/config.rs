//! Stage 1: `config.toml` → [`Config`].
//!
//! Every key is documented here and in `dossier init`'s commented config. Unknown keys are
//! errors with file:line:col. `Config::parse` works on text; `Config::load` reads the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::Diagnostics;

pub const CONFIG_FILE: &str = "config.toml";

/// Site settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// BCP 47 language tag of the dossier (`lang` on every page).
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub editor: Option<String>,
    /// A handling line printed on every page and the print cover ("FOR BRIEFING USE").
    #[serde(default)]
    pub handling: Option<String>,
    /// Only for absolute links in feeds; pages never use it.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub articles: ArticlesConfig,
    #[serde(default)]
    pub outlets: OutletsConfig,
    #[serde(default)]
    pub glossary: GlossaryConfig,
    #[serde(default)]
    pub timeline: TimelineConfig,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub print: PrintConfig,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArticlesConfig {
    /// Lines (or `/regex/`) to treat as boilerplate in every article.
    #[serde(default)]
    pub drop: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutletsConfig {
    /// Other names of outlets: alias → canonical name (`"HT" = "Hindustan Times"`).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Optional facts about outlets, by canonical name.
    #[serde(default)]
    pub info: BTreeMap<String, OutletInfo>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutletInfo {
    #[serde(default)]
    pub country: Option<String>,
    /// e.g. "wire agency", "newspaper", "broadcaster", "online".
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Where glossary terms are linked in text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// The first mention of each term on a page.
    #[default]
    First,
    /// The first mention of each term in each paragraph.
    Paragraph,
    /// Every mention.
    Every,
    /// Never link mentions (they are still indexed).
    None,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    #[serde(default)]
    pub link: LinkPolicy,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineConfig {
    /// Show each article's publication as a timeline entry.
    #[serde(default = "yes")]
    pub publications: bool,
}

impl Default for TimelineConfig {
    fn default() -> Self {
        TimelineConfig { publications: true }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Curly quotes and dashes in notes.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { smart_punctuation: true }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    #[serde(default)]
    pub paper: Paper,
    /// Also write `dossier.epub`, the briefing as an e-book.
    #[serde(default)]
    pub epub: bool,
    /// The print pack's parts, in order (default: [`PrintSection::ALL`]); a part left out is
    /// not printed, and references into it link to the web page instead.
    #[serde(default = "PrintSection::default_order")]
    pub sections: Vec<Spanned<PrintSection>>,
    /// How much of each article the print pack (and the EPUB) carries.
    #[serde(default)]
    pub article_text: ArticleText,
    /// Above this many articles, `article_text = "full"` prints ledes instead (a warning
    /// says so), so the pack stays a document one can print.
    #[serde(default = "default_max_full_articles")]
    pub max_full_articles: usize,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            paper: Paper::default(),
            epub: false,
            sections: PrintSection::default_order(),
            article_text: ArticleText::default(),
            max_full_articles: default_max_full_articles(),
        }
    }
}

impl PrintConfig {
    /// The parts to print, in order (without their spans).
    pub fn parts(&self) -> Vec<PrintSection> {
        self.sections.iter().map(|s| *s.get_ref()).collect()
    }

    /// The article text the pack really prints for `articles` articles: `full` becomes `lede`
    /// past `max_full_articles`.
    pub fn effective_article_text(&self, articles: usize) -> ArticleText {
        if self.article_text == ArticleText::Full && articles > self.max_full_articles {
            ArticleText::Lede
        } else {
            self.article_text
        }
    }
}

/// A part of the print pack, as named in `[print] sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrintSection {
    /// The cover text (`content/index.md`).
    Summary,
    /// The notes (those without `print = false`).
    Notes,
    Timeline,
    /// Outlets with their articles.
    Outlets,
    Quotes,
    Glossary,
    /// The articles' source URLs as numbered endnotes.
    Sources,
}

impl PrintSection {
    /// Every part, in the default briefing order.
    pub const ALL: [PrintSection; 7] = [
        PrintSection::Summary,
        PrintSection::Notes,
        PrintSection::Timeline,
        PrintSection::Outlets,
        PrintSection::Quotes,
        PrintSection::Glossary,
        PrintSection::Sources,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PrintSection::Summary => "summary",
            PrintSection::Notes => "notes",
            PrintSection::Timeline => "timeline",
            PrintSection::Outlets => "outlets",
            PrintSection::Quotes => "quotes",
            PrintSection::Glossary => "glossary",
            PrintSection::Sources => "sources",
        }
    }

    fn default_order() -> Vec<Spanned<PrintSection>> {
        PrintSection::ALL.iter().map(|&s| Spanned::new(0..0, s)).collect()
    }

    /// `"summary", "notes", …` for hints.
    pub fn names() -> String {
        PrintSection::ALL.iter().map(|s| format!("\"{}\"", s.name())).collect::<Vec<_>>().join(", ")
    }
}

/// How much of each article the print pack carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleText {
    /// Every paragraph.
    #[default]
    Full,
    /// Headline, outlet, date, first paragraph and source.
    Lede,
    /// Headline, outlet, date and source only.
    None,
}

impl ArticleText {
    pub fn name(self) -> &'static str {
        match self {
            ArticleText::Full => "full",
            ArticleText::Lede => "lede",
            ArticleText::None => "none",
        }
    }
}

fn default_language() -> String {
    "en".to_string()
}
fn default_output_dir() -> String {
    "public".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn yes() -> bool {
    true
}
fn default_max_full_articles() -> usize {
    250
}

impl Config {
    /// Parses config text; problems go to `diags` under the name `config.toml`.
    /// When the config has errors, they are reported and a config with the defaults (and the
    /// title, if readable) is returned, so the rest of the dossier is still checked; the
    /// errors fail the build.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        diags.add_source(CONFIG_FILE, text);
        let Some(config) = crate::toml_input::parse::<Config>(text, CONFIG_FILE, 0, diags) else {
            let table: toml::Table = toml::from_str(text).ok()?;
            let title = table.get("title").and_then(|t| t.as_str()).unwrap_or("Untitled dossier");
            return toml::from_str(&format!("title = {}", toml::Value::from(title))).ok();
        };
        if config.title.trim().is_empty() {
            diags.error(CONFIG_FILE, None, "`title` is empty").hint("give the dossier a title");
        }
        check_print_sections(&config.print, diags);
        Some(config)
    }

    /// Reads `config.toml` from the dossier root.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        match crate::content::read_text(&path) {
            Ok(text) => Config::parse(&text, diags),
            Err(err) => {
                diags.error(CONFIG_FILE, None, format!("cannot read {}: {err}", path.display())).hint(
                    "run `dossier build` in a dossier folder, pass --root DIR, or create one with `dossier init DIR`",
                );
                None
            }
        }
    }
}

/// `[print] sections`: each part at most once (unknown names are refused by serde, with the
/// valid names in the hint).
fn check_print_sections(print: &PrintConfig, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<PrintSection, ()> = BTreeMap::new();
    for s in &print.sections {
        if seen.insert(*s.get_ref(), ()).is_some() {
            diags
                .error(
                    CONFIG_FILE,
                    Some(s.span()),
                    format!("`{}` is listed twice in `[print] sections`", s.get_ref().name()),
                )
                .hint(format!("list each part once; the parts are {}", PrintSection::names()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title = \"T\"\n", &mut d);
        assert!(!d.has_errors());
        let c = c.expect("parsed");
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.glossary.link, LinkPolicy::First);
        assert_eq!(c.print.paper, Paper::A4);
    }

    #[test]
    fn unknown_key_in_section_is_an_error_with_position() {
        let mut d = Diagnostics::new();
        let c = Config::parse("title = \"T\"\n[print]\npaper = \"a4\"\ncolour = true\n", &mut d);
        assert!(d.has_errors());
        assert_eq!(c.map(|c| c.title), Some("T".to_string()), "defaults keep the rest of the check going");
        let loc = d.located();
        assert_eq!(loc[0].line, Some(4), "{loc:?}");
    }

    #[test]
    fn bad_enum_value_is_an_error() {
        let mut d = Diagnostics::new();
        let _ = Config::parse("title = \"T\"\n[glossary]\nlink = \"sometimes\"\n", &mut d);
        assert!(d.has_errors());
        assert_eq!(d.located()[0].line, Some(3));
    }

    #[test]
    fn print_sections_default_to_briefing_order() {
        let c = Config::parse("title = \"T\"\n", &mut Diagnostics::new()).expect("parsed");
        assert_eq!(c.print.parts(), PrintSection::ALL.to_vec());
        assert_eq!(c.print.max_full_articles, 250);
        assert_eq!(c.print.effective_article_text(250), ArticleText::Full);
        assert_eq!(c.print.effective_article_text(251), ArticleText::Lede);
    }

    /// (config, error line, error column, a word the hint must contain); line 0 = no error.
    const SECTION_CASES: &[(&str, usize, usize, &str)] = &[
        ("[print]\nsections = [\"glossary\", \"summary\"]\n", 0, 0, ""),
        ("[print]\nsections = [\"summary\", \"apendix\"]\n", 3, 24, "glossary"),
        ("[print]\nsections = [\"notes\",\n  \"notes\"]\n", 4, 3, "summary"),
        ("[print]\narticle_text = \"some\"\n", 3, 16, "lede"),
    ];

    #[test]
    fn print_sections_are_checked() {
        for &(toml, line, column, hint) in SECTION_CASES {
            let mut d = Diagnostics::new();
            let c = Config::parse(&format!("title = \"T\"\n{toml}"), &mut d);
            let loc = d.located();
            if line == 0 {
                assert!(!d.has_errors(), "{toml}: {loc:?}");
                assert_eq!(c.expect("parsed").print.parts(), vec![PrintSection::Glossary, PrintSection::Summary]);
                continue;
            }
            assert_eq!((loc[0].line, loc[0].column), (Some(line), Some(column)), "{toml}: {loc:?}");
            assert!(loc[0].hint.as_deref().unwrap_or("").contains(hint), "{toml}: {loc:?}");
        }
    }
}
