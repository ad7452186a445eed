//! The offline search index: a classic script (`assets/search-index.js`) that assigns the
//! documents to `window.DOSSIER_SEARCH`, so search works from `file://` without `fetch`.

use serde::Serialize;

use crate::markdown::DocRef;
use crate::site::{Site, paths};

#[derive(Serialize)]
struct Doc {
    /// Title shown in results.
    t: String,
    /// Kind: article, note, term, event.
    k: &'static str,
    /// Page path from the output root (with anchor).
    u: String,
    /// Text searched and used for snippets.
    x: String,
}

/// `window.DOSSIER_SEARCH = [...]` with every article, note, term and editor event.
pub(super) fn index_script(site: &Site) -> String {
    let mut docs = Vec::new();
    for a in &site.articles {
        let text: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
        docs.push(Doc {
            t: format!("{} — {}", a.display_title(), a.display_outlet()),
            k: "article",
            u: format!("{}#{}", paths::article(&a.slug), paths::article_anchor(&a.slug)),
            x: text.join(" "),
        });
    }
    for (i, n) in site.notes.iter().enumerate() {
        let x = site.docs.get(DocRef::Note(i)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(Doc {
            t: n.source.front.title.clone(),
            k: "note",
            u: format!("{}#{}", paths::note(&n.slug), n.anchor),
            x,
        });
    }
    for t in &site.glossary.terms {
        let mut names = vec![t.headword.clone()];
        names.extend(t.abbr.clone());
        names.extend(t.aliases.iter().cloned());
        docs.push(Doc {
            t: t.headword.clone(),
            k: "term",
            u: format!("{}#{}", paths::GLOSSARY, t.anchor),
            x: format!("{} — {}", names.join(", "), t.plain_definition),
        });
    }
    for (_, e) in site.timeline.entries.iter().enumerate().filter(|(_, e)| e.is_editor()) {
        let body = e.body.and_then(|b| site.docs.get(b)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(Doc {
            t: format!("{} — {}", e.date.long(), e.title),
            k: "event",
            u: format!("{}#{}", paths::TIMELINE, e.anchor),
            x: body,
        });
    }
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_string());
    // `</script>` and HTML comment openers cannot appear in a JSON string written this way,
    // but escape `<` anyway so the file is safe to inline.
    format!("window.DOSSIER_SEARCH = {};\n", json.replace('<', "\\u003c"))
}
