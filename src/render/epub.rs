//! The EPUB 3 edition of the briefing (`dossier.epub`, when `[print] epub = true`).
//!
//! It is cut from the rendered print pack, so it has exactly the briefing order and content of
//! `print.html`: the cover and each numbered part become an XHTML chapter; in-document links
//! are rewritten to the chapter holding their anchor. The archive is deterministic (fixed
//! timestamps, sorted entries) and follows the OCF rules: `mimetype` first and stored.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::site::Site;

use super::text::escape;

/// Elements that XHTML writes as `<x/>`.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// A reading stylesheet: e-readers apply their own fonts and sizes, so only structure here.
const CSS: &str = "body { line-height: 1.45; }\n\
h1, h2, h3, h4 { line-height: 1.2; page-break-after: avoid; }\n\
.num { color: #555; margin-right: 0.3em; }\n\
.meta, .sources, .coverage, .when, .handling { font-size: 0.85em; color: #444; }\n\
.handling { text-transform: uppercase; letter-spacing: 0.1em; font-weight: bold; }\n\
.pnum { font-size: 0.7em; color: #666; margin-right: 0.3em; }\n\
ol.timeline { list-style: none; padding-left: 0; }\n\
.entry { margin: 0.6em 0; }\n\
table { border-collapse: collapse; font-size: 0.85em; }\n\
th, td { border-bottom: 1px solid #bbb; padding: 0.2em 0.4em; text-align: left; }\n\
pre { white-space: pre-wrap; font-size: 0.85em; }\n\
dt { font-weight: bold; margin-top: 0.6em; }\n\
a.term { color: inherit; text-decoration: none; }\n";

struct Chapter {
    file: String,
    title: String,
    body: String,
}

/// Builds the EPUB from the print pack's HTML.
pub(super) fn epub(site: &Site, print_html: &str, as_of: &str) -> Result<Vec<u8>, String> {
    let doc = Html::parse_document(print_html);
    let sections: Vec<ElementRef<'_>> = doc.select(&PARTS).collect();
    if sections.is_empty() {
        return Err("the print template has no `main > section` parts to cut into chapters".to_string());
    }
    // Which chapter holds which anchor.
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    let files: Vec<String> = (0..sections.len()).map(|i| format!("ch{:02}.xhtml", i + 1)).collect();
    for (section, file) in sections.iter().zip(&files) {
        for el in std::iter::once(*section).chain(section.select(&WITH_ID)) {
            if let Some(id) = el.value().attr("id") {
                anchors.entry(id.to_string()).or_insert_with(|| file.clone());
            }
        }
    }
    let chapters: Vec<Chapter> = sections
        .iter()
        .zip(&files)
        .map(|(section, file)| {
            let title = section
                .select(&HEADING)
                .next()
                .map(|h| h.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| site.config.title.clone());
            let mut body = String::new();
            xhtml(**section, &anchors, &mut body);
            Chapter { file: file.clone(), title, body }
        })
        .collect();
    package(site, &chapters, as_of).map_err(|e| format!("writing the EPUB: {e}"))
}

fn selector(css: &str) -> Selector {
    #[allow(clippy::expect_used)]
    Selector::parse(css).expect("invariant: the selectors are constants of this file")
}

static PARTS: LazyLock<Selector> = LazyLock::new(|| selector("main > section"));
static HEADING: LazyLock<Selector> = LazyLock::new(|| selector("h1, h2"));
static WITH_ID: LazyLock<Selector> = LazyLock::new(|| selector("[id]"));

/// Serialises a node as XHTML, rewriting `#anchor` links to their chapter.
fn xhtml(node: NodeRef<'_, Node>, anchors: &BTreeMap<String, String>, out: &mut String) {
    match node.value() {
        Node::Text(t) => out.push_str(&escape_text(t)),
        Node::Element(el) => {
            let name = el.name();
            if name == "script" || name == "style" {
                return;
            }
            // A link to a web page of the dossier (a part the pack leaves out) is not in the
            // book: keep its text, drop the link.
            let name = match el.attr("href") {
                Some(href) if name == "a" && !href.starts_with('#') && !href.contains("://") => "span",
                _ => name,
            };
            out.push('<');
            out.push_str(name);
            for (attr, value) in el.attrs() {
                if name == "span" && attr == "href" {
                    continue;
                }
                let value = if attr == "href" {
                    match value.strip_prefix('#').and_then(|a| anchors.get(a).map(|f| (f, a))) {
                        Some((file, anchor)) => format!("{file}#{anchor}"),
                        None => value.to_string(),
                    }
                } else {
                    value.to_string()
                };
                out.push_str(&format!(" {attr}=\"{}\"", escape(&value)));
            }
            if VOID.contains(&name) {
                out.push_str("/>");
                return;
            }
            out.push('>');
            for child in node.children() {
                xhtml(child, anchors, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        _ => {}
    }
}

fn escape_text(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn page(lang: &str, title: &str, body: &str, epub_type: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{l}\" xml:lang=\"{l}\">\n<head><meta charset=\"utf-8\"/><title>{t}</title><link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/></head>\n<body{epub_type}>\n{body}\n</body>\n</html>\n",
        l = escape(lang),
        t = escape(title),
    )
}

fn package(site: &Site, chapters: &[Chapter], as_of: &str) -> zip::result::ZipResult<Vec<u8>> {
    let lang = &site.config.language;
    let title = &site.config.title;
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let fixed = DateTime::default();
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).last_modified_time(fixed);
    let deflated =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(fixed);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/epub+zip")?;
    zip.start_file("META-INF/container.xml", deflated)?;
    zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>\n")?;

    let mut nav = String::from("<nav epub:type=\"toc\" id=\"toc\"><h1>Contents</h1><ol>\n");
    for c in chapters {
        nav.push_str(&format!("<li><a href=\"{}\">{}</a></li>\n", c.file, escape(&c.title)));
    }
    nav.push_str("</ol></nav>\n");
    zip.start_file("OEBPS/nav.xhtml", deflated)?;
    zip.write_all(page(lang, "Contents", &nav, "").as_bytes())?;
    zip.start_file("OEBPS/style.css", deflated)?;
    zip.write_all(CSS.as_bytes())?;
    for c in chapters {
        zip.start_file(format!("OEBPS/{}", c.file), deflated)?;
        zip.write_all(page(lang, &c.title, &c.body, "").as_bytes())?;
    }

    // A stable identifier derived from the title (FNV-1a), so rebuilds keep the same book id.
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in title.bytes().chain(site.config.language.bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    let mut manifest = String::from(
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n",
    );
    let mut spine = String::new();
    for (i, c) in chapters.iter().enumerate() {
        manifest.push_str(&format!("<item id=\"c{i}\" href=\"{}\" media-type=\"application/xhtml+xml\"/>\n", c.file));
        spine.push_str(&format!("<itemref idref=\"c{i}\"/>\n"));
    }
    let creator =
        site.config.editor.as_deref().map(|e| format!("<dc:creator>{}</dc:creator>\n", escape(e))).unwrap_or_default();
    let opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"bookid\" xml:lang=\"{l}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"bookid\">urn:dossier:{hash:016x}</dc:identifier>\n<dc:title>{t}</dc:title>\n<dc:language>{l}</dc:language>\n{creator}<meta property=\"dcterms:modified\">{as_of}T00:00:00Z</meta>\n</metadata>\n<manifest>\n{manifest}</manifest>\n<spine>\n{spine}</spine>\n</package>\n",
        l = escape(lang),
        t = escape(title),
    );
    zip.start_file("OEBPS/content.opf", deflated)?;
    zip.write_all(opf.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}
