//! Output paths and anchors: the one place that decides where each page lives.
//!
//! Paths are relative to the output root and always name a file (`outlets/index.html`, never
//! `outlets/`), because under `file://` a directory link opens a listing.

pub const INDEX: &str = "index.html";
pub const TIMELINE: &str = "timeline.html";
/// The timeline as TimelineJS JSON, beside the page.
pub const TIMELINE_JSON: &str = "timeline.json";
pub const GLOSSARY: &str = "glossary.html";
pub const OUTLETS: &str = "outlets/index.html";
pub const NOTES: &str = "notes/index.html";
pub const PRINT: &str = "print.html";
pub const SEARCH: &str = "search.html";
pub const EPUB: &str = "dossier.epub";
pub const QUOTES: &str = "quotes.html";
pub const ASSETS: &str = "assets";

// The paths made most often (several per link, hundreds of thousands per large build) are
// joined by hand: `format!` costs several times as much for the same string.
pub fn article(slug: &str) -> String {
    concat(&["articles/", slug, ".html"])
}
pub fn article_anchor(slug: &str) -> String {
    concat(&["art-", slug])
}
/// `n` is 1-based.
pub fn paragraph_anchor(slug: &str, n: usize) -> String {
    let mut s = String::with_capacity(slug.len() + 12);
    push_article_anchor(&mut s, slug, Some(n));
    s
}

/// [`article_anchor`], or [`paragraph_anchor`] for `Some(n)`, appended to `out` (a link
/// written whole into one string, not joined from pieces made apart).
pub fn push_article_anchor(out: &mut String, slug: &str, paragraph: Option<usize>) {
    out.push_str("art-");
    out.push_str(slug);
    if let Some(n) = paragraph {
        out.push_str("-p");
        push_usize(out, n);
    }
}

/// `n` in decimal, appended to `out`: what `write!(out, "{n}")` writes, without the
/// formatting machinery (a paragraph number in every one of a large build's links).
pub fn push_usize(out: &mut String, n: usize) {
    let mut buf = [0u8; 20];
    let mut start = buf.len();
    let mut rest = n;
    loop {
        start -= 1;
        buf[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(buf[start..].iter().map(|&b| char::from(b)));
}

/// The pieces joined, in a string of the right size.
pub fn concat(pieces: &[&str]) -> String {
    let mut s = String::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() + 8);
    for p in pieces {
        s.push_str(p);
    }
    s
}
pub fn raw_article(slug: &str) -> String {
    format!("articles/{slug}.txt")
}
/// A saved page's source, published as plain text (`.txt`: every host serves it as
/// text/plain, so the page's markup and scripts are never rendered in the dossier).
pub fn raw_page_source(slug: &str) -> String {
    format!("articles/{slug}.source.txt")
}
/// Where an article's raw input is published.
pub fn raw_file(slug: &str, format: crate::content::ArticleFormat) -> String {
    match format {
        crate::content::ArticleFormat::Text => raw_article(slug),
        crate::content::ArticleFormat::Html => raw_page_source(slug),
    }
}
pub fn outlet(slug: &str) -> String {
    concat(&["outlets/", slug, ".html"])
}
pub fn note(slug: &str) -> String {
    format!("notes/{slug}.html")
}

/// `conflict-<n>`, 1-based, on the timeline page.
pub fn conflict_anchor(n: usize) -> String {
    format!("conflict-{}", n + 1)
}

/// A speaker on the quotes page.
pub fn speaker_anchor(slug: &str) -> String {
    format!("speaker-{slug}")
}
/// A merged quotation on the quotes page; `n` is its 1-based number.
pub fn quote_anchor(n: usize) -> String {
    format!("quote-{n}")
}

/// The prefix that leads from `page` back to the output root: `""`, `"../"`, …
pub fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("articles/x.html"), "../");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }

    #[test]
    fn paths_and_anchors_read_as_they_always_did() {
        assert_eq!(article("ap-2014"), "articles/ap-2014.html");
        assert_eq!(article_anchor("ap-2014"), "art-ap-2014");
        assert_eq!(paragraph_anchor("ap-2014", 12), "art-ap-2014-p12");
        assert_eq!(outlet("bbc"), "outlets/bbc.html");
        assert_eq!(concat(&[]), "");
        assert_eq!(concat(&["../", "a.html", "#", "x"]), "../a.html#x");
        assert_eq!(paragraph_anchor("日本-é", 1), "art-日本-é-p1");
        assert_eq!(paragraph_anchor("", 0), "art--p0");
        let mut s = "x".to_string();
        push_article_anchor(&mut s, "ap", None);
        assert_eq!(s, format!("x{}", article_anchor("ap")));
    }

    /// Numbers as `format!` writes them: zero, each power of ten and the one before it, the
    /// largest.
    #[test]
    fn numbers_read_as_format_writes_them() {
        let mut cases = vec![0, usize::MAX, usize::MAX - 1];
        let mut p: usize = 1;
        while let Some(next) = p.checked_mul(10) {
            cases.extend([p - 1, p, p + 1]);
            p = next;
        }
        for n in cases {
            let mut s = "¶".to_string();
            push_usize(&mut s, n);
            assert_eq!(s, format!("¶{n}"));
        }
    }
}
