//! The offline search index: a classic script (`assets/search-index.js`) that assigns the
//! documents to `window.DOSSIER_SEARCH`, so search works from `file://` without `fetch`.
//!
//! Compact by construction: each document carries a short snippet (its opening words, shown
//! in results) and, for matching, the rest of its words once each, already folded (lower
//! case, accents removed) the way `search.js` folds a query. A word the snippet already holds
//! is not repeated. No pretty-printing.

use rustc_hash::FxHashSet;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::markdown::DocRef;
use crate::site::{Site, paths};

/// Characters of text kept as a document's snippet.
const SNIPPET_CHARS: usize = 160;

#[derive(Serialize)]
struct Doc {
    /// Title shown in results.
    t: String,
    /// Kind: article, note, term, event.
    k: &'static str,
    /// Page path from the output root (with anchor).
    u: String,
    /// The snippet: the text's opening, cut at a word.
    x: String,
    /// The text's other words, folded, each once, space-separated (omitted when empty).
    #[serde(skip_serializing_if = "String::is_empty")]
    w: String,
}

impl Doc {
    fn new(t: String, k: &'static str, u: String, text: &str) -> Doc {
        let (x, w) = snippet_and_words(text);
        Doc { t, k, u, x, w }
    }
}

/// Lower case without accents, as `search.js`'s `fold`.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.to_lowercase().nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
}

/// The snippet (the opening of `text`, at most [`SNIPPET_CHARS`], cut at a space) and the
/// folded words of `text` that the folded snippet does not already contain.
fn snippet_and_words(text: &str) -> (String, String) {
    // The opening of the text with its white space collapsed, just past the snippet's length
    // (the cut only looks that far).
    let mut head = String::new();
    let mut head_chars = 0;
    for word in text.split_whitespace() {
        if head_chars > SNIPPET_CHARS {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
            head_chars += 1;
        }
        head.push_str(word);
        head_chars += word.chars().count();
    }
    let snippet = match head.char_indices().nth(SNIPPET_CHARS) {
        None => head,
        Some((end, _)) => {
            let cut = head[..end].rfind(' ').unwrap_or(end);
            format!("{}…", &head[..cut])
        }
    };
    let folded_snippet = fold(&snippet);
    // Each distinct word is folded once (a long article repeats most of its words).
    // Hash sets: only membership is asked; the words keep their order of first appearance.
    let mut raw_seen: FxHashSet<&str> = FxHashSet::default();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let raw = word.trim_matches(|c: char| !c.is_alphanumeric());
        if raw.is_empty() || !raw_seen.insert(raw) {
            continue;
        }
        let word = fold(raw);
        if folded_snippet.contains(&word) || !seen.insert(word.clone()) {
            continue;
        }
        words.push(word);
    }
    (snippet, words.join(" "))
}

/// `window.DOSSIER_SEARCH = [...]` with every article, note, term and editor event.
pub(super) fn index_script(site: &Site) -> String {
    use rayon::prelude::*;
    let mut docs: Vec<Doc> = site
        .articles
        .par_iter()
        .map(|a| {
            let text: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
            Doc::new(
                format!("{} — {}", a.display_title(), a.display_outlet()),
                "article",
                format!("{}#{}", paths::article(&a.slug), paths::article_anchor(&a.slug)),
                &text.join(" "),
            )
        })
        .collect();
    for (i, n) in site.notes.iter().enumerate() {
        let x = site.docs.get(DocRef::Note(i)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(Doc::new(n.source.front.title.clone(), "note", format!("{}#{}", paths::note(&n.slug), n.anchor), &x));
    }
    for t in &site.glossary.terms {
        let mut names = vec![t.headword.clone()];
        names.extend(t.abbr.clone());
        names.extend(t.aliases.iter().cloned());
        docs.push(Doc::new(
            t.headword.clone(),
            "term",
            format!("{}#{}", paths::GLOSSARY, t.anchor),
            &format!("{} — {}", names.join(", "), t.plain_definition),
        ));
    }
    for (_, e) in site.timeline.entries.iter().enumerate().filter(|(_, e)| e.is_editor()) {
        let body = e.body.and_then(|b| site.docs.get(b)).map(|d| d.doc.plain_text()).unwrap_or_default();
        docs.push(Doc::new(
            format!("{} — {}", e.date.long(), e.title),
            "event",
            format!("{}#{}", paths::TIMELINE, e.anchor),
            &body,
        ));
    }
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_string());
    // `</script>` and HTML comment openers cannot appear in a JSON string written this way,
    // but escape `<` anyway so the file is safe to inline.
    format!("window.DOSSIER_SEARCH = {};\n", json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, snippet, words)
    const CASES: &[(&str, &str, &str)] = &[
        ("Short text.", "Short text.", ""),
        ("  Spaced\n\tout  ", "Spaced out", ""),
        ("Café in Zürich", "Café in Zürich", ""),
    ];

    #[test]
    fn short_texts_are_their_own_snippet() {
        for &(text, snippet, words) in CASES {
            assert_eq!(snippet_and_words(text), (snippet.to_string(), words.to_string()), "{text:?}");
        }
    }

    /// The snippet as first written: collapse all of the text's white space, then cut.
    fn snippet_of_collapsed(text: &str) -> String {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match text.char_indices().nth(SNIPPET_CHARS) {
            None => text.clone(),
            Some((end, _)) => format!("{}…", &text[..text[..end].rfind(' ').unwrap_or(end)]),
        }
    }

    #[test]
    fn the_snippet_is_cut_from_the_opening_as_from_the_whole_collapsed_text() {
        let words = ["a", "Zürich", "x", "überlange-Wörter-ohne-Ende", "—", "é", "word"];
        for n in 0..400 {
            // Words of many lengths, joined by runs of mixed white space, around the cut.
            let mut text = String::new();
            for i in 0..(n % 97) + 1 {
                text.push_str(words[(i * 7 + n) % words.len()]);
                text.push_str(["  ", "\n", " ", "\t \n"][(i + n) % 4]);
            }
            let text = "x".repeat(n % 180) + " " + &text;
            assert_eq!(snippet_and_words(&text).0, snippet_of_collapsed(&text), "{text:?}");
        }
        let long_word = "y".repeat(400);
        assert_eq!(snippet_and_words(&long_word).0, snippet_of_collapsed(&long_word));
    }

    #[test]
    fn long_texts_keep_a_snippet_and_each_other_word_once_folded() {
        let opening = "word ".repeat(40);
        let text = format!("{opening}Zürich, ZÜRICH and the Élysée; the end-game.");
        let (snippet, words) = snippet_and_words(&text);
        assert!(snippet.ends_with('…') && snippet.chars().count() <= SNIPPET_CHARS + 1, "{snippet}");
        assert_eq!(words, "zurich and the elysee end-game");
    }
}
