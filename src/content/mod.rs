//! Stage 2: the dossier folder → [`Sources`]: every input file read, front matter and TOML
//! parsed into raw types (`ArticleSource`, `NoteSource`, `TermEntry`, `EventEntry`).
//!
//! Only this module and `config` read the dossier's files. Nothing here interprets article
//! text (that is `extract`) or Markdown (that is `markdown`). Problems become diagnostics and
//! the file is skipped or taken in part; loading never stops at the first problem.

pub mod decode;
pub mod frontmatter;
pub mod theme;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use crate::config::Config;
use crate::date::PartialDate;
use crate::diagnostics::Diagnostics;

pub use theme::Theme;

/// Everything read from a dossier folder.
#[derive(Debug)]
pub struct Sources {
    pub config: Config,
    pub articles: Vec<ArticleSource>,
    pub notes: Vec<NoteSource>,
    /// `content/index.md`, the cover text.
    pub cover: Option<NoteSource>,
    pub terms: Vec<TermSource>,
    /// Editor events from `timeline.toml` and from notes' front matter.
    pub events: Vec<EventSource>,
    pub theme: Theme,
}

/// What kind of file an article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleFormat {
    /// A plain-text scrape (`.txt`), optionally with `+++` front matter.
    #[default]
    Text,
    /// A saved web page (`.html`, `.htm`); metadata comes from a sidecar, never front matter.
    Html,
}

/// One article file, not yet interpreted.
#[derive(Debug, Clone)]
pub struct ArticleSource {
    /// The file stem: `ap-2014-10-28`.
    pub id: String,
    /// Path relative to the root: `content/articles/ap-2014-10-28.txt`.
    pub file: String,
    /// The whole file as text (shared with the diagnostics and the extracted article's `raw`).
    pub text: Arc<String>,
    /// Where the article text starts (after front matter).
    pub body_offset: usize,
    pub front: ArticleMeta,
    pub sidecar: ArticleMeta,
    pub sidecar_file: Option<String>,
    /// Text scrape or saved page.
    pub format: ArticleFormat,
}

impl ArticleSource {
    /// The scraped text, without front matter.
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }
    /// [`ArticleSource::body`], sharing the file's text instead of copying it.
    pub fn shared_body(&self) -> SourceText {
        SourceText::tail(Arc::clone(&self.text), self.body_offset)
    }
}

/// The end of a file's text from a byte offset, sharing the text read once by [`load`]: an
/// article's scrape is held once, by its source, its diagnostics and its extracted `raw`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceText {
    text: Arc<String>,
    start: usize,
}

impl SourceText {
    /// `text` from byte `start` (empty, as [`ArticleSource::body`], when `start` is not a
    /// character boundary in it).
    pub fn tail(text: Arc<String>, start: usize) -> SourceText {
        let start = if text.is_char_boundary(start) { start } else { text.len() };
        SourceText { text, start }
    }
    pub fn as_str(&self) -> &str {
        self.text.get(self.start..).unwrap_or("")
    }
}

impl std::ops::Deref for SourceText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> SourceText {
        SourceText { text: Arc::new(text), start: 0 }
    }
}

impl From<&str> for SourceText {
    fn from(text: &str) -> SourceText {
        SourceText::from(text.to_string())
    }
}

/// Article metadata given by the editor (front matter or sidecar).
#[derive(Debug, Clone, Default)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<PartialDate>,
    pub byline: Option<Vec<String>>,
    pub url: Option<String>,
    pub dateline: Option<String>,
    pub wire: Option<String>,
    pub language: Option<String>,
    pub tags: Vec<String>,
    pub drop: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleMetaFile {
    title: Option<String>,
    outlet: Option<String>,
    date: Option<Spanned<String>>,
    byline: Option<OneOrMany>,
    url: Option<String>,
    dateline: Option<String>,
    wire: Option<String>,
    language: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    drop: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A Markdown note (or the cover text).
#[derive(Debug, Clone)]
pub struct NoteSource {
    /// The file stem: `assessment`.
    pub slug: String,
    pub file: String,
    pub text: String,
    pub body_offset: usize,
    pub front: NoteFront,
}

impl NoteSource {
    pub fn body(&self) -> &str {
        self.text.get(self.body_offset..).unwrap_or("")
    }
}

/// A note's front matter.
#[derive(Debug, Clone, Default)]
pub struct NoteFront {
    pub title: String,
    pub date: Option<PartialDate>,
    pub summary: Option<String>,
    pub weight: i64,
    pub tags: Vec<String>,
    pub draft: bool,
    /// `print = false` keeps the note out of the print pack.
    pub print: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFrontFile {
    title: Option<String>,
    date: Option<Spanned<String>>,
    summary: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default = "yes")]
    print: bool,
    #[serde(default)]
    events: Vec<EventEntry>,
}

fn yes() -> bool {
    true
}

/// What kind of thing a glossary term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Person,
    Organisation,
    Place,
    Document,
    Concept,
    Event,
}

impl TermKind {
    pub fn label(self) -> &'static str {
        match self {
            TermKind::Person => "People",
            TermKind::Organisation => "Organisations",
            TermKind::Place => "Places",
            TermKind::Document => "Documents",
            TermKind::Concept => "Concepts",
            TermKind::Event => "Events",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            TermKind::Person => "person",
            TermKind::Organisation => "organisation",
            TermKind::Place => "place",
            TermKind::Document => "document",
            TermKind::Concept => "concept",
            TermKind::Event => "event",
        }
    }
}

/// One `[[terms]]` entry of `glossary.toml`, with spans into that file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub term: Spanned<String>,
    #[serde(default)]
    pub abbr: Option<Spanned<String>>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default = "default_kind")]
    pub kind: TermKind,
    #[serde(default)]
    pub definition: Option<Spanned<String>>,
    #[serde(default)]
    pub see_also: Vec<Spanned<String>>,
    /// Match the headword and aliases case-sensitively too.
    #[serde(default)]
    pub case_sensitive: bool,
}

fn default_kind() -> TermKind {
    TermKind::Concept
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    terms: Vec<TermEntry>,
}

/// A glossary term with the file it came from.
#[derive(Debug, Clone)]
pub struct TermSource {
    pub entry: TermEntry,
    pub file: String,
    /// Offset of the definition's Markdown within the file.
    pub definition_offset: usize,
}

/// One editor event (`[[events]]`), with spans relative to its TOML text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    pub date: Spanned<String>,
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineFile {
    #[serde(default)]
    events: Vec<EventEntry>,
}

/// An editor event with where it was written.
#[derive(Debug, Clone)]
pub struct EventSource {
    pub entry: EventEntry,
    pub file: String,
    /// Offset of the TOML text within the file (front matter starts after `+++`).
    pub offset: usize,
    /// The note slug when the event comes from a note's front matter.
    pub note: Option<String>,
    /// Offset of the body's Markdown within the file.
    pub body_offset: usize,
}

/// Reads a text file: UTF-8 (BOM removed); anything else is detected and decoded (see
/// [`decode`]).
pub fn read_text(path: &Path) -> io::Result<String> {
    read_text_lossless(path).map(|(text, _)| text)
}

/// Like [`read_text`], also naming the encoding when the bytes were not UTF-8.
pub fn read_text_lossless(path: &Path) -> io::Result<(String, Option<&'static str>)> {
    let bytes = fs::read(path)?;
    let is_html = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let decoded = if is_html { decode::decode_html(&bytes) } else { decode::decode(&bytes) };
    Ok((decoded.text, decoded.encoding))
}

/// Root-relative display path with `/` separators.
pub fn rel(root: &Path, path: &Path) -> String {
    let p = path.strip_prefix(root).unwrap_or(path);
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Files directly in `dir` with one of `exts`, sorted by name. Symlinks are skipped with a
/// warning: the tool never follows a link out of the dossier.
fn list_files(root: &Path, dir: &Path, exts: &[&str], diags: &mut Diagnostics) -> Vec<PathBuf> {
    if skip_link(root, dir, diags) {
        return Vec::new();
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !exts.contains(&ext) {
            continue;
        }
        // The type as the directory listing gives it (no `lstat` per file where the file
        // system records it); like `symlink_metadata`, a link is reported as a link.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_symlink() {
            diags
                .warning(&rel(root, &path), None, "symbolic link skipped")
                .hint("copy the file into the dossier instead of linking it");
            continue;
        }
        if kind.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// True (with a warning) when `path` is a symbolic link: the tool never follows a link, which
/// could lead out of the dossier (or round in a loop).
pub(crate) fn skip_link(root: &Path, path: &Path, diags: &mut Diagnostics) -> bool {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        diags
            .warning(&rel(root, path), None, "symbolic link skipped")
            .hint("copy the files into the dossier instead of linking them");
    }
    is_link
}

/// The notes, the cover text and the editor events written in their front matter.
#[derive(Debug)]
pub struct NoteSources {
    pub notes: Vec<NoteSource>,
    pub cover: Option<NoteSource>,
    /// In the order [`load`] puts them after `timeline.toml`'s: notes' events, then the cover's.
    pub events: Vec<EventSource>,
}

/// Reads `content/notes/*.md` and `content/index.md` only (what `dossier serve` re-reads
/// after a note edit); [`load`] reads them the same way.
pub fn load_notes(root: &Path, include_drafts: bool, diags: &mut Diagnostics) -> NoteSources {
    let content = root.join("content");
    let mut events = Vec::new();
    let mut notes = Vec::new();
    // Read and parsed in parallel, each with its own diagnostics, merged in file-name order
    // (as the articles are).
    let paths = list_files(root, &content.join("notes"), &["md"], diags);
    let read: Vec<_> = paths
        .par_iter()
        .map(|path| {
            let mut local = Diagnostics::new();
            (load_note(root, path, true, &mut local), local)
        })
        .collect();
    for (note, mut local) in read {
        merge(diags, &mut local);
        if let Some((note, note_events)) = note {
            if note.front.draft && !include_drafts {
                continue;
            }
            events.extend(note_events);
            notes.push(note);
        }
    }
    let cover_path = content.join("index.md");
    let cover = if !skip_link(root, &cover_path, diags) && cover_path.is_file() {
        load_note(root, &cover_path, false, diags).map(|(n, e)| {
            events.extend(e);
            n
        })
    } else {
        None
    };
    NoteSources { notes, cover, events }
}

/// Loads everything under `root`. `config` was loaded by [`Config::load`].
pub fn load(root: &Path, config: Config, include_drafts: bool, diags: &mut Diagnostics) -> Sources {
    let content = root.join("content");
    if skip_link(root, &content, diags) {
        // Warned; nothing under it is read.
    } else if !content.is_dir() {
        diags
            .error("content", None, "no `content/` folder")
            .hint("create content/articles/ and content/notes/, or start with `dossier init DIR`");
    }
    // The articles (a folder of thousands, read in parallel) beside the rest, whose listing,
    // TOML parsing and theme reading would otherwise leave a core idle. The rest reports into
    // its own diagnostics, appended after the articles' as when read one after the other.
    let mut rest_diags = Diagnostics::new();
    let (articles, (NoteSources { notes, cover, mut events }, terms, timeline, theme)) = rayon::join(
        || load_articles(root, &content.join("articles"), diags),
        || {
            let d = &mut rest_diags;
            let notes = load_notes(root, include_drafts, d);
            let terms = load_glossary(root, &content.join("glossary.toml"), d);
            let timeline = load_timeline(root, &content.join("timeline.toml"), d);
            (notes, terms, timeline, theme::load(root, &config.theme, d))
        },
    );
    diags.append(rest_diags);
    events.splice(0..0, timeline);
    Sources { config, articles, notes, cover, terms, events, theme }
}

/// Articles longer than this are cut (at a line end) with a warning: a real article is a few
/// kilobytes, and a scrape of a whole site must not make the build take minutes.
pub const MAX_ARTICLE_BYTES: u64 = 2 * 1024 * 1024;
/// Notes, glossary, timeline and config longer than this are refused.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads at most `cap` bytes of `path` (cut back to the last line end when the file is
/// longer), with the file's whole length.
fn read_capped(path: &Path, cap: u64) -> io::Result<(Vec<u8>, u64)> {
    use std::io::Read;
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(len.min(cap) as usize);
    file.take(cap).read_to_end(&mut bytes)?;
    if len > cap
        && let Some(end) = bytes.iter().rposition(|&b| b == b'\n')
    {
        bytes.truncate(end + 1);
    }
    Ok((bytes, len))
}

fn read_or_report(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let text = read_or_report_capped(root, path, MAX_TEXT_BYTES, false, diags)?;
    diags.add_source(&rel(root, path), &text);
    Some(text)
}

/// Reads a text file for the dossier: UTF-8, UTF-16 with a BOM, or Windows-1252, each
/// non-UTF-8 case with a warning; binary files (NUL bytes) are skipped with a warning. Past
/// `cap` bytes the file is cut with a warning when `truncate`, refused otherwise. The caller
/// gives the text to `diags` (`add_source`), so a span into it shows its line.
fn read_or_report_capped(
    root: &Path,
    path: &Path,
    cap: u64,
    truncate: bool,
    diags: &mut Diagnostics,
) -> Option<String> {
    let file = rel(root, path);
    let (bytes, len) = match read_capped(path, cap) {
        Ok(read) => read,
        Err(err) => {
            diags.error(&file, None, format!("cannot read: {err}"));
            return None;
        }
    };
    let mb = |n: u64| format!("{:.1} MB", n as f64 / (1024.0 * 1024.0));
    if len > cap {
        if !truncate {
            diags
                .error(
                    &file,
                    None,
                    format!("file is {}, more than the {} this kind of file may have", mb(len), mb(cap)),
                )
                .hint("split it into smaller files");
            return None;
        }
        diags
            .warning(&file, None, format!("file is {}; only its first {} are used", mb(len), mb(bytes.len() as u64)))
            .hint("an article this long is probably a whole scraped site: keep only the story");
    }
    let is_html = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let decoded = if is_html { decode::decode_html(&bytes) } else { decode::decode(&bytes) };
    let utf16 = decoded.encoding.is_some_and(|e| e.starts_with("UTF-16"));
    if !utf16 && bytes.contains(&0) {
        diags
            .warning(&file, None, "file looks binary (it holds NUL bytes); skipped")
            .hint("only text files belong in content/: remove it or save it as text");
        return None;
    }
    if let Some(encoding) = decoded.encoding {
        diags
            .warning(&file, None, format!("file is not UTF-8; decoded as {encoding}"))
            .hint("save the file as UTF-8 to be sure every character is right");
    }
    Some(decoded.text)
}

/// Moves what a file read on its own thread reported (and the texts its spans point into)
/// into `diags`.
fn merge(diags: &mut Diagnostics, local: &mut Diagnostics) {
    for diagnostic in local.sorted() {
        diags.push(diagnostic.clone());
    }
    diags.adopt_all_sources(local);
}

/// Reads every article (and its sidecar) in parallel: each file gets its own
/// [`Diagnostics`], merged afterwards in file-name order (the printed report is sorted
/// anyway), so the result does not depend on which thread read what.
fn load_articles(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<ArticleSource> {
    // One listing of the folder (ten thousand entries for a large dossier) for the articles
    // and their sidecars.
    let (sidecars, paths): (Vec<PathBuf>, Vec<PathBuf>) = list_files(root, dir, &["txt", "html", "htm", "toml"], diags)
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "toml"));
    let read: Vec<(Option<ArticleSource>, Diagnostics)> = paths
        .par_iter()
        .map(|path| {
            let mut local = Diagnostics::new();
            let article = load_article(root, path, &mut local);
            (article, local)
        })
        .collect();
    let mut out = Vec::with_capacity(read.len());
    for (article, mut local) in read {
        merge(diags, &mut local);
        if let Some(article) = article {
            out.push(article);
        }
    }
    // Sidecars without an article are probably a renamed article.
    let stems: BTreeSet<&str> = out.iter().map(|a| a.id.as_str()).collect();
    for path in sidecars {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if !stems.contains(stem.as_str()) {
            diags
                .warning(&rel(root, &path), None, format!("sidecar has no article `{stem}.txt` or `{stem}.html`"))
                .hint("rename it to match its article's file name");
        }
    }
    out
}

/// Reads one article file, its front matter and its sidecar; `None` when it is unreadable,
/// binary or empty (reported).
fn load_article(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<ArticleSource> {
    let file = rel(root, path);
    let text = Arc::new(read_or_report_capped(root, path, MAX_ARTICLE_BYTES, true, diags)?);
    diags.add_shared_source(&file, Arc::clone(&text));
    if text.trim().is_empty() {
        diags.warning(&file, None, "article file is empty; skipped").hint("delete it, or paste the scraped text in");
        return None;
    }
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let is_html = path.extension().is_some_and(|e| e != "txt");
    let format = if is_html { ArticleFormat::Html } else { ArticleFormat::Text };
    // A saved page is kept whole: `+++` means nothing in HTML.
    let split = if is_html {
        Ok(frontmatter::Split { front: None, body: &text, body_offset: 0 })
    } else {
        frontmatter::split(&text)
    };
    let (front, body_offset) = match split {
        Ok(split) => {
            let front = match split.front {
                Some((toml, offset)) => parse_article_meta(toml, &file, offset, diags),
                None => ArticleMeta::default(),
            };
            (front, split.body_offset)
        }
        Err(at) => {
            diags
                .error(&file, Some(at..at + 3), "front matter is not closed")
                .hint("end the front matter with a line `+++`");
            (ArticleMeta::default(), 0)
        }
    };
    let sidecar_path = path.with_extension("toml");
    let (sidecar, sidecar_file) = if !skip_link(root, &sidecar_path, diags) && sidecar_path.is_file() {
        let sfile = rel(root, &sidecar_path);
        let meta = read_or_report(root, &sidecar_path, diags)
            .map(|t| parse_article_meta(&t, &sfile, 0, diags))
            .unwrap_or_default();
        (meta, Some(sfile))
    } else {
        (ArticleMeta::default(), None)
    };
    Some(ArticleSource { id, file, text, body_offset, front, sidecar, sidecar_file, format })
}

/// Parses article metadata (front matter at `offset` in `file`, or a whole sidecar with offset 0).
/// Problems become diagnostics; what could not be read is left out.
pub fn parse_article_meta(toml: &str, file: &str, offset: usize, diags: &mut Diagnostics) -> ArticleMeta {
    let Some(raw) = crate::toml_input::parse::<ArticleMetaFile>(toml, file, offset, diags) else {
        return ArticleMeta::default();
    };
    let date = raw.date.and_then(|d| {
        let span = d.span();
        match PartialDate::parse(d.get_ref(), true) {
            Ok(date) if date.day.is_some() => Some(date),
            Ok(_) => {
                diags
                    .error(file, Some(span.start + offset..span.end + offset), "an article's date needs a day")
                    .hint("write YYYY-MM-DD, or leave `date` out if it is not known");
                None
            }
            Err(msg) => {
                diags
                    .error(file, Some(span.start + offset..span.end + offset), msg)
                    .hint("write YYYY-MM-DD or an RFC 3339 date-time");
                None
            }
        }
    });
    let byline = raw.byline.map(|b| match b {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    });
    ArticleMeta {
        title: raw.title,
        outlet: raw.outlet,
        date,
        byline,
        url: raw.url,
        dateline: raw.dateline,
        wire: raw.wire,
        language: raw.language,
        tags: raw.tags,
        drop: raw.drop,
    }
}

fn load_note(
    root: &Path,
    path: &Path,
    is_note: bool,
    diags: &mut Diagnostics,
) -> Option<(NoteSource, Vec<EventSource>)> {
    let file = rel(root, path);
    let text = read_or_report(root, path, diags)?;
    let slug = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(at) => {
            diags
                .error(&file, Some(at..at + 3), "front matter is not closed")
                .hint("end the front matter with a line `+++`");
            return None;
        }
    };
    let body_offset = split.body_offset;
    let mut events = Vec::new();
    let front = match split.front {
        Some((toml, offset)) => {
            let raw: NoteFrontFile = crate::toml_input::parse(toml, &file, offset, diags)?;
            let date = raw.date.and_then(|d| {
                let span = d.span();
                PartialDate::parse(d.get_ref(), true)
                    .map_err(|msg| {
                        diags.error(&file, Some(span.start + offset..span.end + offset), msg).hint("write YYYY-MM-DD")
                    })
                    .ok()
            });
            if is_note && raw.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                diags
                    .error(&file, Some(offset.saturating_sub(4)..offset), "a note needs a `title`")
                    .hint("add `title = \"…\"` to the front matter");
            }
            for entry in raw.events {
                events.push(event_source(entry, &file, toml, offset, Some(slug.clone())));
            }
            NoteFront {
                title: raw.title.unwrap_or_default(),
                date,
                summary: raw.summary,
                weight: raw.weight,
                tags: raw.tags,
                draft: raw.draft,
                print: raw.print,
            }
        }
        None => {
            if is_note {
                diags
                    .error(&file, Some(0..0), "a note needs front matter with a `title`")
                    .hint("start the file with:\n+++\ntitle = \"…\"\n+++");
            }
            NoteFront { print: true, ..NoteFront::default() }
        }
    };
    Some((NoteSource { slug, file, text: text.clone(), body_offset, front }, events))
}

fn load_glossary(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<TermSource> {
    if skip_link(root, path, diags) || !path.is_file() {
        return Vec::new();
    }
    let file = rel(root, path);
    let Some(text) = read_or_report(root, path, diags) else { return Vec::new() };
    crate::toml_input::parse_tables(&text, "terms", &file, diags, |g: GlossaryFile| g.terms)
        .into_iter()
        .map(|entry| {
            let definition_offset = entry.definition.as_ref().map_or(0, |d| string_body_offset(&text, d.span()));
            TermSource { entry, file: file.clone(), definition_offset }
        })
        .collect()
}

fn load_timeline(root: &Path, path: &Path, diags: &mut Diagnostics) -> Vec<EventSource> {
    if skip_link(root, path, diags) || !path.is_file() {
        return Vec::new();
    }
    let file = rel(root, path);
    let Some(text) = read_or_report(root, path, diags) else { return Vec::new() };
    crate::toml_input::parse_tables(&text, "events", &file, diags, |t: TimelineFile| t.events)
        .into_iter()
        .map(|entry| event_source(entry, &file, &text, 0, None))
        .collect()
}

fn event_source(entry: EventEntry, file: &str, toml: &str, offset: usize, note: Option<String>) -> EventSource {
    let body_offset = offset + entry.body.as_ref().map_or(0, |b| string_body_offset(toml, b.span()));
    EventSource { entry, file: file.to_string(), offset, note, body_offset }
}

/// Offset of a TOML string's contents within its source, given the span of the literal:
/// skips the opening quote(s) and the newline a multi-line string may start with.
pub fn string_body_offset(source: &str, span: std::ops::Range<usize>) -> usize {
    let literal = source.get(span.clone()).unwrap_or("");
    let quote = if literal.starts_with("\"\"\"") || literal.starts_with("'''") {
        3
    } else if literal.starts_with('"') || literal.starts_with('\'') {
        1
    } else {
        0
    };
    let after = &literal[quote.min(literal.len())..];
    let newline = if quote == 3 {
        if after.starts_with("\r\n") {
            2
        } else if after.starts_with('\n') {
            1
        } else {
            0
        }
    } else {
        0
    };
    span.start + quote + newline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_body_offsets() {
        let src = "a = \"x\"\nb = \"\"\"\nline\n\"\"\"\n";
        assert_eq!(string_body_offset(src, 4..7), 5);
        assert_eq!(string_body_offset(src, 12..25), 16);
        assert_eq!(&src[16..20], "line");
    }

    #[test]
    fn an_article_text_is_shared_not_copied() {
        let text = Arc::new("+++\ntitle = \"é\"\n+++\nBody.\n".to_string());
        let body = SourceText::tail(Arc::clone(&text), 21);
        assert_eq!(body.as_str(), "Body.\n");
        assert!(std::ptr::eq(body.as_ptr(), text[21..].as_ptr()), "the body points into the file's text");
        // Not a character boundary (inside "é"), or past the end: empty, as `body()`, not a panic.
        assert_eq!(&*SourceText::tail(Arc::clone(&text), 14), "");
        assert_eq!(&*SourceText::tail(text, 1000), "");
    }
}
