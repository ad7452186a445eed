//! `dossier new note TITLE` and `dossier new article FILE`: the files an editor adds most,
//! written with the front matter or sidecar they need, so nobody types TOML from memory.
//!
//! There is no network access: `new article` takes a page saved from the browser (HTML, turned
//! into plain text the way a scrape looks) or a text file. Given a URL it explains how to save
//! the page first, and records the URL when given as `--url`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use scraper::{Html, Node};

use crate::extract::{ExtractOptions, extract};
use crate::slug::slugify;

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn is_dossier(root: &Path) -> Result<()> {
    if !root.join("config.toml").is_file() {
        bail!(
            "{} has no config.toml: it is not a dossier\n  run this inside a dossier, pass --root DIR, or create one with `dossier init DIR`",
            root.display()
        );
    }
    Ok(())
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        bail!("{} already exists; choose another name (nothing was changed)", path.display());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Writes `content/notes/<slug>.md` and returns its path.
pub fn note(root: &Path, title: &str, date: Option<&str>) -> Result<PathBuf> {
    is_dossier(root)?;
    let title = title.trim();
    if title.is_empty() {
        bail!("a note needs a title: dossier new note \"Assessment\"");
    }
    let slug = slugify(title);
    let path = root.join("content/notes").join(format!("{slug}.md"));
    let date_line = match date {
        Some(d) => format!("date = {}\n", toml_string(d)),
        None => "# date = \"YYYY-MM-DD\"\n".to_string(),
    };
    let text = format!(
        concat!(
            "+++\n",
            "title = {title}\n",
            "{date}",
            "# summary = \"One line shown in lists and on the cover.\"\n",
            "# weight = 10        # order among the notes (smaller first)\n",
            "# tags = []\n",
            "# draft = true       # left out of the build unless --drafts\n",
            "#\n",
            "# Below the closing +++ is Markdown. Cross-references: [[ARTICLE-ID]] (an article),\n",
            "# [[ARTICLE-ID#p4]] (its 4th paragraph), [[term:NAME]], [[note:SLUG]],\n",
            "# [[outlet:NAME]], and [[TARGET|shown text]]. `dossier check` finds broken ones.\n",
            "+++\n\n",
            "Write here.\n"
        ),
        title = toml_string(title),
        date = date_line,
    );
    write_new(&path, &text)?;
    Ok(path)
}

/// What `new article` wrote.
#[derive(Debug)]
pub struct NewArticle {
    pub text: PathBuf,
    pub sidecar: PathBuf,
}

/// Whether `source` is a URL rather than a file.
pub fn is_url(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Copies a saved page or text file into `content/articles/<id>.txt` with a sidecar stub.
pub fn article(root: &Path, source: &str, id: Option<&str>, url: Option<&str>) -> Result<NewArticle> {
    is_dossier(root)?;
    if is_url(source) {
        bail!(
            "dossier does not download pages (it works offline).\n  Save the page first: in the browser, File → Save Page As… (\"Web Page, HTML only\"), then\n  dossier new article saved-page.html --url {source}"
        );
    }
    let from = Path::new(source);
    let bytes = fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let ext = from.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let is_html = matches!(ext.as_str(), "html" | "htm" | "xhtml") || looks_like_html(&raw);
    let canonical = if is_html { canonical_url(&raw) } else { None };
    let url = url.or(canonical.as_deref());
    let text = if is_html { html_to_text(&raw) } else { raw };
    if text.trim().is_empty() {
        bail!("{} has no text to copy", from.display());
    }
    let stem = from.file_stem().and_then(|s| s.to_str()).unwrap_or("article");
    let id = slugify(id.unwrap_or(stem));
    let dir = root.join("content/articles");
    let text_path = dir.join(format!("{id}.txt"));
    let sidecar_path = dir.join(format!("{id}.toml"));
    if text_path.exists() || sidecar_path.exists() {
        bail!("an article `{id}` already exists in {}; pass --id NAME to choose another id", dir.display());
    }
    let sidecar = sidecar_stub(&text, from, url);
    write_new(&text_path, &text)?;
    write_new(&sidecar_path, &sidecar)?;
    Ok(NewArticle { text: text_path, sidecar: sidecar_path })
}

/// The sidecar: what the extractor found, as comments to confirm, and the keys to fill in.
fn sidecar_stub(text: &str, from: &Path, url: Option<&str>) -> String {
    let ex = extract(text, &ExtractOptions::default());
    let found = |name: &str, v: Option<String>| match v {
        Some(v) => format!("# {name} = {}   # extracted; uncomment to confirm or correct\n", toml_string(&v)),
        None => format!("# {name} = \"\"   # not found in the text\n"),
    };
    let mut out = format!(
        "# Metadata for the article beside this file (copied from {}).\n# Values here win over what dossier extracts from the text; front matter in the .txt wins over both.\n",
        from.display()
    );
    match url {
        Some(u) => out.push_str(&format!("url = {}\n", toml_string(u))),
        None => out.push_str("# url = \"https://…\"\n"),
    }
    out.push_str(&found("title", ex.title.map(|f| f.value)));
    out.push_str(&found("outlet", ex.outlet.map(|f| f.value)));
    out.push_str(&found("date", ex.date.map(|f| f.value.to_string())));
    out.push_str(&found("byline", ex.byline.map(|f| f.value.join(", "))));
    out.push_str(&found("dateline", ex.dateline.map(|f| f.value)));
    out.push_str(&found("wire", ex.wire.map(|f| f.value)));
    out.push_str("# drop = [\"a line to treat as boilerplate\", \"/a regex/\"]\n");
    out
}

/// The page's own address, from `<link rel="canonical">` or `og:url`, when it is http(s).
fn canonical_url(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    ["link[rel=canonical]", "meta[property=\"og:url\"]"].iter().find_map(|css| {
        let sel = scraper::Selector::parse(css).ok()?;
        let el = doc.select(&sel).next()?;
        let v = el.value().attr("href").or_else(|| el.value().attr("content"))?.trim();
        is_url(v).then(|| v.to_string())
    })
}

fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start().get(..15).unwrap_or("").to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

const SKIP: &[&str] = &["script", "style", "noscript", "template", "svg", "head", "iframe", "canvas"];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "blockquote",
    "tr",
    "table",
    "pre",
    "hr",
    "main",
    "time",
    "address",
    "dd",
    "dt",
];

/// A saved page as the plain text a scrape would give: the `<title>` first, then the text
/// of the body with one line per block. Scripts and styles are left out.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let title_sel = scraper::Selector::parse("head > title");
    if let Ok(sel) = title_sel
        && let Some(t) = doc.select(&sel).next()
    {
        let t = t.text().collect::<String>();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push_str(&t);
            out.push_str("\n\n");
        }
    }
    let mut line = String::new();
    walk(doc.tree.root(), &mut line, &mut out);
    flush(&mut line, &mut out);
    out.trim_end().to_string() + "\n"
}

fn walk(node: ego_tree::NodeRef<'_, Node>, line: &mut String, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => {
                if t.starts_with(char::is_whitespace) && !line.is_empty() && !line.ends_with(' ') {
                    line.push(' ');
                }
                let words: Vec<&str> = t.split_whitespace().collect();
                line.push_str(&words.join(" "));
                if t.ends_with(char::is_whitespace) && !words.is_empty() {
                    line.push(' ');
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    flush(line, out);
                }
                walk(child, line, out);
                if block {
                    flush(line, out);
                }
            }
            _ => walk(child, line, out),
        }
    }
}

fn flush(line: &mut String, out: &mut String) {
    let l = line.trim();
    if !l.is_empty() {
        out.push_str(l);
        out.push_str("\n\n");
    }
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_scrape_like_text() {
        let html = "<!doctype html><html><head><title>Court  weighs case - AP News</title><style>p{}</style></head><body><nav><a>Home</a> <a>World</a></nav><h1>Court weighs case</h1><p>By <b>Jane Doe</b></p><p>UNITED NATIONS (AP) — The <i>court</i> met.</p><script>var x=1;</script></body></html>";
        assert_eq!(
            html_to_text(html),
            "Court weighs case - AP News\n\nHome World\n\nCourt weighs case\n\nBy Jane Doe\n\nUNITED NATIONS (AP) — The court met.\n"
        );
    }

    #[test]
    fn canonical_urls_are_read_from_saved_pages() {
        let page = |head: &str| format!("<html><head>{head}</head><body></body></html>");
        assert_eq!(
            canonical_url(&page("<link rel=\"canonical\" href=\"https://x.org/a\">")).as_deref(),
            Some("https://x.org/a")
        );
        assert_eq!(
            canonical_url(&page("<meta property=\"og:url\" content=\"http://y.org/b\">")).as_deref(),
            Some("http://y.org/b")
        );
        assert_eq!(canonical_url(&page("<link rel=\"canonical\" href=\"javascript:alert(1)\">")), None);
        assert_eq!(canonical_url(&page("")), None);
    }

    #[test]
    fn urls_are_recognised() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("saved/page.html"));
    }

    #[test]
    fn new_note_and_article_write_files_and_refuse_to_overwrite() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        assert!(note(root, "X", None).is_err(), "not a dossier");
        fs::write(root.join("config.toml"), "title = \"T\"\n").expect("config");
        let p = note(root, "Assessment: \"what we know\"", Some("2014-11-01")).expect("note");
        assert_eq!(p, root.join("content/notes/assessment-what-we-know.md"));
        let text = fs::read_to_string(&p).expect("read");
        let front: toml::Table = text.split("+++").nth(1).expect("front matter").parse().expect("valid TOML");
        assert_eq!(front["title"].as_str(), Some("Assessment: \"what we know\""));
        assert_eq!(front["date"].as_str(), Some("2014-11-01"));
        assert!(note(root, "Assessment: what we know", None).is_err(), "exists");
        let mut diags = crate::diagnostics::Diagnostics::new();
        let site = crate::analyse(root, false, &mut diags).expect("analysed");
        assert!(!diags.has_errors(), "a new note builds as it is:\n{}", diags.render());
        assert_eq!(site.notes.len(), 1);

        let saved = root.join("saved.html");
        fs::write(&saved, "<html><head><title>Headline here</title></head><body><p>Body text.</p></body></html>")
            .expect("saved");
        let made = article(root, saved.to_str().expect("utf8"), Some("ap-2014-10-28"), Some("https://x.org/a"))
            .expect("article");
        assert_eq!(fs::read_to_string(&made.text).expect("txt"), "Headline here\n\nBody text.\n");
        let side = fs::read_to_string(&made.sidecar).expect("toml");
        assert!(side.contains("url = \"https://x.org/a\"\n"), "{side}");
        assert!(side.parse::<toml::Table>().is_ok(), "the stub is valid TOML:\n{side}");
        assert!(article(root, saved.to_str().expect("utf8"), Some("ap-2014-10-28"), None).is_err(), "exists");
        let err = article(root, "https://example.org/story", None, None).expect_err("url");
        assert!(err.to_string().contains("Save the page first"), "{err}");
    }
}
