//! Hostile text in every input string (article text and metadata, outlet names and aliases,
//! glossary, notes, events, config strings, file names) is inert in every output: no element or
//! attribute is injected into any page, the EPUB or the search index, and the index and
//! `timeline.json` stay data.

use std::collections::BTreeSet;
use std::io::Read;

use crate::support::{Fixture, Site};

/// Closes an attribute and opens an element; a script element; a quote and an ampersand.
const PAYLOAD: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>' & &amp; x";

/// `s` as a TOML basic string.
fn toml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A payload tagged with where it went, so a failure names the field.
fn p(field: &str) -> String {
    format!("{field} {PAYLOAD}")
}

fn hostile_dossier() -> Fixture {
    let f = Fixture::new();
    let config = format!(
        "title = {}\nsubtitle = {}\ndescription = {}\neditor = {}\nhandling = {}\n\
         [outlets.aliases]\n{} = {}\n\
         [outlets.info.{}]\ncountry = {}\ntype = {}\nnotes = {}\n\
         [glossary]\nlink = \"every\"\n[print]\nepub = true\n",
        toml(&p("config-title")),
        toml(&p("config-subtitle")),
        toml(&p("config-description")),
        toml(&p("config-editor")),
        toml(&p("config-handling")),
        toml(&p("alias-abbr")),
        toml(&p("outlet-front")),
        toml(&p("outlet-front")),
        toml(&p("outlet-country")),
        toml(&p("outlet-type")),
        toml(&p("outlet-notes")),
    );
    f.write("config.toml", &config);
    // Front matter: every metadata field; the body holds the payload and a term mention.
    f.write(
        "content/articles/front.txt",
        &format!(
            "+++\ntitle = {}\noutlet = {}\nbyline = [{}]\ndateline = {}\ndate = \"2014-10-28\"\nurl = {}\ntags = [{}]\n+++\n\
             Ignored headline line\n\nBody of the article with {} and the Hostile Term, said {}.\n\n\
             “We will not go along with {},” said Hostile Person on Monday.\n",
            toml(&p("article-title")),
            toml(&p("alias-abbr")),
            toml(&p("byline")),
            toml(&p("dateline")),
            toml(&format!("javascript:alert(1)//{PAYLOAD}")),
            toml(&p("tag")),
            p("article-text"),
            p("speaker"),
            p("quote"),
        ),
    );
    // A sidecar, and a plain scrape whose extracted headline, byline and outlet are hostile.
    f.write(
        "content/articles/side.txt",
        &format!(
            "Harbour reopens\n\nBy Jane Doe\n\nOct. 28, 2014\n\nPORTVILLE - The Hostile Term met on Tuesday, {}.\n",
            p("sidecar-article-text")
        ),
    );
    f.write(
        "content/articles/side.toml",
        &format!(
            "title = {}\noutlet = {}\nbyline = [{}]\nwire = {}\n",
            toml(&p("sidecar-title")),
            toml(&p("outlet-sidecar")),
            toml(&p("sidecar-byline")),
            toml(&p("wire"))
        ),
    );
    f.write(
        "content/articles/plain.txt",
        &format!(
            "{}\n\nBy {}\n\nOctober 29, 2014\n\nThe Hostile Term said {} on Wednesday.\n\n© 2014 {}\n",
            p("headline"),
            p("extracted-byline"),
            p("plain-text"),
            p("extracted-outlet")
        ),
    );
    // A file name that is itself the payload (no `/`, so it is a legal name).
    f.write(
        &format!("content/articles/{}.txt", PAYLOAD.replace('/', "")),
        "A headline\n\nBy Jane Doe\n\nOctober 30, 2014\n\nText of the article named by its file.\n",
    );
    f.write(
        "content/glossary.toml",
        &format!(
            "[[terms]]\nterm = \"Hostile Term\"\nabbr = {}\naliases = [{}]\ndefinition = {}\nsee_also = [{}]\n\n\
             [[terms]]\nterm = {}\ndefinition = \"The term whose name is hostile.\"\n\n\
             [[terms]]\nterm = \"Hostile Person\"\nkind = \"person\"\ndefinition = {}\n",
            toml(&p("term-abbr")),
            toml(&p("term-alias")),
            toml(&format!("{} [[Hostile Person]] and <em>raw html</em>", p("definition"))),
            toml(&p("term-name")),
            toml(&p("term-name")),
            toml(&p("person-definition")),
        ),
    );
    f.write(
        "content/notes/n.md",
        &format!(
            "+++\ntitle = {}\nsummary = {}\ntags = [{}]\n+++\n# {}\n\nText {} with the Hostile Term, \
             [a link](javascript:alert(1)) and ![img](x\" onerror=\"alert(1)) and [[{}]] and [[front|{}]].\n\n\
             <img src=x onerror=alert(1)>\n\n<div onclick=\"alert(1)\">raw block</div>\n",
            toml(&p("note-title")),
            toml(&p("note-summary")),
            toml(&p("note-tag")),
            p("note-heading"),
            p("note-text"),
            p("term-name"),
            p("xref-label"),
        ),
    );
    f.write(
        "content/timeline.toml",
        &format!(
            "[[events]]\ndate = \"2014-10-27\"\ntitle = {}\nbody = {}\nsources = [\"front\"]\n",
            toml(&p("event-title")),
            toml(&p("event-body")),
        ),
    );
    f
}

/// Our scripts: the only `<script>` elements any page may carry.
const OUR_SCRIPTS: &[&str] = &["search-index.js", "search.js", "timeline.js"];

/// Every element and attribute of an HTML (or XHTML) document that the payload could have
/// injected.
fn assert_inert(name: &str, html: &str) {
    let doc = scraper::Html::parse_document(html);
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else { continue };
        let tag = el.name();
        assert!(!matches!(tag, "img" | "svg" | "iframe" | "object" | "embed"), "{name}: injected <{tag}>");
        let own_text: String = node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
        assert!(own_text != "raw html" && own_text != "raw block", "{name}: raw HTML from the input became <{tag}>");
        if tag == "script" {
            let src = el.attr("src").unwrap_or("");
            let kind = el.attr("type").unwrap_or("");
            assert!(
                OUR_SCRIPTS.iter().any(|s| src.ends_with(s)) || kind == "application/json",
                "{name}: a script that is not ours: src={src:?}"
            );
        }
        for (attr, value) in el.attrs() {
            // Our templates may use a handler (`onsubmit="return false"`); none runs input.
            assert!(
                !(attr.starts_with("on") && value.contains("alert")),
                "{name}: injected handler {attr}={value:?} on <{tag}>"
            );
            assert!(
                attr.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')),
                "{name}: odd attribute name {attr:?} on <{tag}> (an attribute value broke out)"
            );
            if matches!(attr, "href" | "src" | "action" | "formaction") {
                let v = value.trim_start().to_ascii_lowercase();
                assert!(!v.starts_with("javascript:"), "{name}: {attr}={value:?}");
            }
        }
    }
    // Inline JSON data islands hold data, never a closing tag.
    for script in doc.select(&scraper::Selector::parse("script[type='application/json']").expect("selector")) {
        let text: String = script.text().collect();
        serde_json::from_str::<serde_json::Value>(&text)
            .unwrap_or_else(|e| panic!("{name}: a JSON script is not JSON ({e})"));
    }
}

/// The search index is one assignment of a JSON literal to `window.DOSSIER_SEARCH`.
fn assert_search_index_is_data(js: &str) {
    let literal = js
        .trim_end()
        .strip_prefix("window.DOSSIER_SEARCH = ")
        .and_then(|s| s.strip_suffix(';'))
        .unwrap_or_else(|| panic!("search index is not one assignment: {}", &js[..js.len().min(200)]));
    let value: serde_json::Value = serde_json::from_str(literal).expect("search index literal is JSON");
    let text = value.to_string();
    assert!(text.contains("alert(1)"), "the payload is in the index, as text");
    assert!(!literal.contains("</script") && !literal.contains('<'), "markup in the index literal");
    // Where node is installed, run the script: it defines DOSSIER_SEARCH and nothing else.
    let check = "const vm=require('vm');const fs=require('fs');const w={};const ctx={window:w};vm.createContext(ctx);\
                 vm.runInContext(fs.readFileSync(process.argv[1],'utf8'),ctx);\
                 const own=Object.keys(ctx).filter(k=>k!=='window');\
                 if(own.length||Object.keys(w).join()!=='DOSSIER_SEARCH'||!Array.isArray(w.DOSSIER_SEARCH)){console.error(own,Object.keys(w));process.exit(1)}";
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("index.js");
    std::fs::write(&file, js).expect("write");
    match std::process::Command::new("node").arg("-e").arg(check).arg(&file).output() {
        Ok(out) => assert!(out.status.success(), "node: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => eprintln!("node not found: the search index was checked as JSON only"),
    }
}

#[test]
fn hostile_strings_in_every_input_inject_nothing_in_any_output() {
    let f = hostile_dossier();
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed:\n{err}");
    let site = Site::at(&f.out());
    assert!(site.exists("dossier.epub"), "the EPUB is checked too");
    let mut seen = BTreeSet::new();
    for (path, bytes) in site.files() {
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            assert_inert(&path, &text);
            for field in FIELDS {
                if text.contains(&format!("{field} &lt;script&gt;")) {
                    seen.insert(*field);
                }
            }
        } else if path.ends_with("search-index.js") {
            assert_search_index_is_data(&text);
        } else if path.ends_with(".json") {
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{path}: not JSON: {e}"));
        } else if path.ends_with(".epub") {
            check_epub(&path, &bytes);
        }
    }
    // The payload reached the pages, escaped, from every field (an outlet alias is only a
    // key: its outlet's name is shown), so the checks above looked at each.
    let unseen: Vec<&str> = FIELDS.iter().copied().filter(|f| !seen.contains(f) && *f != "alias-abbr").collect();
    assert!(unseen.is_empty(), "never shown escaped in a page: {unseen:?}");
}

/// Field tags of [`p`], looked for in the pages.
const FIELDS: &[&str] = &[
    "config-title",
    "config-subtitle",
    "config-description",
    "config-editor",
    "config-handling",
    "alias-abbr",
    "outlet-front",
    "outlet-country",
    "outlet-type",
    "outlet-notes",
    "article-title",
    "byline",
    "dateline",
    "tag",
    "article-text",
    "speaker",
    "quote",
    "sidecar-article-text",
    "sidecar-title",
    "outlet-sidecar",
    "sidecar-byline",
    "wire",
    "headline",
    "extracted-byline",
    "plain-text",
    "extracted-outlet",
    "term-abbr",
    "term-alias",
    "definition",
    "term-name",
    "person-definition",
    "note-title",
    "note-summary",
    "note-tag",
    "note-heading",
    "note-text",
    "xref-label",
    "event-title",
    "event-body",
];

/// Every XHTML document of the EPUB is inert; its XML files carry no injected markup.
fn check_epub(path: &str, bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut xhtml = 0;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("epub entry");
        let name = format!("{path}:{}", file.name().map(|n| n.to_string()).unwrap_or_default());
        let mut text = String::new();
        if file.read_to_string(&mut text).is_err() {
            continue; // not text
        }
        if name.ends_with(".xhtml") || name.ends_with(".html") {
            xhtml += 1;
            assert_inert(&name, &text);
        }
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") || name.ends_with(".xml") {
            for tag in ["<img", "<script>alert", "<em>raw"] {
                assert!(!text.contains(tag), "{name}: {tag} in the XML");
            }
        }
    }
    assert!(xhtml > 0, "{path}: no XHTML documents");
}
