//! Syntax highlighting of fenced code blocks with syntect, as CSS classes.
//!
//! Input: a fence's info string and the block's text. Output: an HTML string
//! `<pre class="code" data-lang="…"><code>…</code></pre>` whose tokens are
//! `<span class="hl-…">` elements, never inline `style=`, so the theme (and the
//! print stylesheet) decide colours; [`highlight_css`] gives default colours.
//!
//! Invariants: the syntax set and themes are loaded once (`LazyLock`); every
//! byte of code is HTML-escaped; a language syntect does not know, or a
//! highlighting failure, gives the same block escaped and unhighlighted.
//!
//! syntect's default syntaxes have no TOML (nor INI), and dossiers quote
//! TOML often (`config.toml`, `glossary.toml`), so a small TOML grammar
//! (`toml.sublime-syntax`, beside this file) is added to the defaults. Should it
//! ever fail to load, `toml` blocks fall back to "Java Properties", the closest
//! default syntax (`key = value`, `#` comments).

use std::fmt::Write as _;
use std::sync::LazyLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::html::escape_html;

/// Class prefix for every highlight token, e.g. `hl-keyword`.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Theme for `prefers-color-scheme: light` (and print).
const LIGHT_THEME: &str = "InspiredGitHub";
/// Theme for `prefers-color-scheme: dark`.
const DARK_THEME: &str = "base16-ocean.dark";

static TOML_SYNTAX: &str = include_str!("toml.sublime-syntax");

/// syntect's default syntaxes (newline variant), loaded lazily per syntax.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Our TOML grammar in a set of its own: adding it to the defaults would rebuild (and
/// recompress) every default syntax, which costs about 200 ms per build.
static EXTRA: LazyLock<Option<SyntaxSet>> = LazyLock::new(|| {
    let toml = SyntaxDefinition::load_from_str(TOML_SYNTAX, true, Some("toml")).ok()?;
    let mut builder = syntect::parsing::SyntaxSetBuilder::new();
    builder.add(toml);
    Some(builder.build())
});

static THEMES: LazyLock<ThemeSet> = LazyLock::new(ThemeSet::load_defaults);

/// Finds the syntax (and the set it belongs to) for a fence's info string (`toml`,
/// `rust,ignore`, `py {.x}`).
fn syntax_for(info: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet, &str)> {
    let lang = language_token(info)?;
    if let Some(extra) = EXTRA.as_ref()
        && let Some(syntax) = extra.find_syntax_by_token(lang)
    {
        return Some((syntax, extra, lang));
    }
    let syntaxes: &'static SyntaxSet = &SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(lang).or_else(|| {
        // Only reached if our TOML grammar failed to load.
        if lang.eq_ignore_ascii_case("toml") { syntaxes.find_syntax_by_name("Java Properties") } else { None }
    })?;
    Some((syntax, syntaxes, lang))
}

/// The language named by an info string: its first word, up to `,` or `{`.
fn language_token(info: &str) -> Option<&str> {
    let token = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').find(|t| !t.is_empty())?;
    Some(token)
}

/// Renders one fenced or indented code block as HTML.
///
/// `info` is the fence's info string (empty for indented blocks).
pub(super) fn code_block(info: &str, code: &str) -> String {
    if let Some((syntax, set, lang)) = syntax_for(info)
        && let Some(body) = highlight(syntax, set, code)
    {
        let mut out = String::with_capacity(body.len() + 64);
        out.push_str("<pre class=\"code\" data-lang=\"");
        escape_html(&mut out, lang);
        out.push_str("\"><code>");
        out.push_str(&body);
        out.push_str("</code></pre>\n");
        return out;
    }
    let mut out = String::with_capacity(code.len() + 32);
    out.push_str("<pre class=\"code\"><code>");
    escape_html(&mut out, code);
    out.push_str("</code></pre>\n");
    out
}

/// Classed, escaped HTML for `code`, or `None` if syntect fails on it.
fn highlight(syntax: &SyntaxReference, set: &SyntaxSet, code: &str) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// CSS for the `hl-` classes: syntect's InspiredGitHub theme by default and
/// base16-ocean.dark inside `@media (prefers-color-scheme: dark)`.
///
/// Deterministic; a theme that cannot be turned into CSS is left out.
pub fn highlight_css() -> String {
    // Backgrounds of code blocks in the default theme's style.css (`--panel`).
    let css = |name: &str, background: Color| {
        THEMES
            .themes
            .get(name)
            .map(|theme| readable(theme, background))
            .and_then(|theme| css_for_theme_with_class_style(&theme, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/* Code highlighting: {LIGHT_THEME} (light), {DARK_THEME} (dark), colours adjusted to a 4.5:1 contrast. */"
    );
    out.push_str(&css(LIGHT_THEME, Color { r: 0xf4, g: 0xf2, b: 0xee, a: 0xff }));
    out.push_str("\n@media (prefers-color-scheme: dark) {\n");
    out.push_str(&css(DARK_THEME, Color { r: 0x1f, g: 0x20, b: 0x24, a: 0xff }));
    out.push_str("}\n");
    out
}

/// A copy of `theme` whose foreground colours reach WCAG AA contrast (4.5:1) on `background`,
/// each moved towards black (light background) or white (dark) only as far as needed.
fn readable(theme: &Theme, background: Color) -> Theme {
    let mut theme = theme.clone();
    let fix = |c: &mut Color| *c = with_contrast(*c, background, 4.6);
    if let Some(c) = theme.settings.foreground.as_mut() {
        fix(c);
    }
    for item in &mut theme.scopes {
        if let Some(c) = item.style.foreground.as_mut() {
            fix(c);
        }
    }
    theme
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn with_contrast(fg: Color, bg: Color, target: f64) -> Color {
    let toward: u8 = if luminance(bg) > 0.5 { 0 } else { 255 };
    let mut c = fg;
    let mut step = 0u32;
    while contrast(c, bg) < target && step < 20 {
        step += 1;
        let t = f64::from(step) / 20.0;
        let mix = |v: u8| (f64::from(v) * (1.0 - t) + f64::from(toward) * t).round() as u8;
        c = Color { r: mix(fg.r), g: mix(fg.g), b: mix(fg.b), a: fg.a };
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (info string, code, substrings the HTML must contain)
    const CASES: &[(&str, &str, &[&str])] = &[
        ("rust", "fn main() {}\n", &["data-lang=\"rust\"", "hl-"]),
        ("rust,ignore", "let x = 1;\n", &["data-lang=\"rust\"", "hl-"]),
        (
            "toml",
            "[site]\ntitle = \"Dossier\" # c\nn = [1, 2]\n",
            &[
                "data-lang=\"toml\"",
                "hl-entity hl-name hl-section",
                "hl-string",
                "hl-comment",
                "hl-constant hl-numeric",
            ],
        ),
        ("nosuchlang", "<b>&</b>\n", &["<pre class=\"code\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>"]),
        ("", "x < y\n", &["<pre class=\"code\"><code>x &lt; y\n</code></pre>"]),
        ("html", "<script>alert(1)</script>\n", &["&lt;", "hl-"]),
        ("\"><script>", "x\n", &["<pre class=\"code\"><code>x\n"]),
    ];

    #[test]
    fn code_blocks() {
        for (info, code, wants) in CASES {
            let html = code_block(info, code);
            for want in *wants {
                assert!(html.contains(want), "{info:?}: missing {want:?} in {html}");
            }
            assert!(!html.contains("style="), "{info:?}: inline style in {html}");
            assert!(!html.contains("<script"), "{info:?}: unescaped in {html}");
        }
    }

    #[test]
    fn toml_grammar_loads() {
        assert!(EXTRA.as_ref().and_then(|s| s.find_syntax_by_token("toml")).is_some());
    }

    #[test]
    fn css_has_both_themes() {
        let css = highlight_css();
        assert!(css.contains(".hl-"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert_eq!(css, highlight_css());
    }

    #[test]
    fn adjusted_colours_reach_aa_contrast() {
        let bg = Color { r: 0xf4, g: 0xf2, b: 0xee, a: 0xff };
        let pale = Color { r: 0x96, g: 0x98, b: 0x96, a: 0xff };
        assert!(contrast(with_contrast(pale, bg, 4.6), bg) >= 4.5);
        let dark_bg = Color { r: 0x1f, g: 0x20, b: 0x24, a: 0xff };
        let dim = Color { r: 0x40, g: 0x40, b: 0x40, a: 0xff };
        assert!(contrast(with_contrast(dim, dark_bg, 4.6), dark_bg) >= 4.5);
    }
}
