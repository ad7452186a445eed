//! Article inputs other than UTF-8 text scrapes: saved HTML pages and legacy encodings.

use crate::support::Fixture;

const PAGE: &str = r##"<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour reopens after storm | Harbour Gazette</title>
<meta property="og:title" content="Harbour reopens after storm">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://gazette.example/2024/03/05/harbour-reopens/">
<script>document.write("<p>injected</p>"); alert(1);</script>
<style>p { color: red }</style>
</head><body>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article class="story">
<h1>Harbour reopens after storm</h1>
<p class="byline">By Jane Doe</p>
<div class="story-body">
<p>PORTVILLE — The Harbour Authority reopened the north quay on Tuesday, four weeks after the storm, officials said.</p>
<p>Repairs to the sea wall cost about two million pounds, the authority said, and fishing boats were back by noon.</p>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p>The ferry to the islands resumes on Friday, the operator said, with extra sailings for the weekend.</p>
<p>Harbour master Tom Reed said the &lt;script&gt; of the repairs, written on a board, was followed to the letter.</p>
</div>
</article>
<aside class="related"><h2>Related</h2><p><a href="/x">Storm closes harbour for a month, and more stories</a></p></aside>
<footer><p>© 2024 Harbour Gazette. All rights reserved.</p></footer>
</body></html>"##;

#[test]
fn a_saved_html_page_is_an_article() {
    let f = Fixture::new();
    f.write("content/articles/gazette-2024-03-05.html", PAGE);
    let site = f.build();
    let page = site.page("articles/gazette-2024-03-05.html");
    assert_eq!(page.text_of("article h1"), "Harbour reopens after storm");
    let body = page.texts(".article-body p");
    assert!(body.iter().any(|p| p.contains("PORTVILLE — The Harbour Authority reopened")), "{body:#?}");
    assert!(
        body.iter().any(|p| p.contains("the <script> of the repairs")),
        "entities decoded, then escaped: {body:#?}"
    );
    assert!(!page.text.contains("injected"), "the page's scripts are never carried over");
    assert!(!page.text.contains("alert(1)"), "the page's scripts are never carried over");
    // The saved page's source is published as plain text, never as a page of ours.
    assert!(site.exists("articles/gazette-2024-03-05.source.txt"));
    let source = std::fs::read_to_string(site.dir.join("articles/gazette-2024-03-05.source.txt")).expect("source");
    assert_eq!(source, PAGE);
    let links: Vec<&str> = page.select("a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(links.contains(&"../articles/gazette-2024-03-05.source.txt"), "{links:?}");
    // What was removed, with why.
    let removed = page.texts(".removed-text");
    assert!(removed.iter().any(|t| t == "Home"), "{removed:#?}");

    let report = f.check_json();
    let art = &report["articles"][0];
    assert_eq!(art["title"], "Harbour reopens after storm");
    assert_eq!(art["outlet"], "Harbour Gazette");
    assert_eq!(art["date"], "2024-03-05");
    assert_eq!(art["byline"][0], "Jane Doe");
    assert_eq!(art["dateline"], "PORTVILLE");
    assert_eq!(art["url"], "https://gazette.example/2024/03/05/harbour-reopens/");
    assert_eq!(art["provenance"]["title"]["source"], "extracted");
    assert!(art["provenance"]["title"]["evidence"].as_str().is_some_and(|e| e.contains("og:title")));
    assert!(art["provenance"]["date"]["evidence"].as_str().is_some_and(|e| e.contains("article:published_time")));
    let reasons: Vec<(&str, &str)> = art["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .map(|r| (r["text"].as_str().unwrap_or(""), r["reason"].as_str().unwrap_or("")))
        .collect();
    for (text, reason) in [
        ("Home", "navigation bar"),
        ("Share on Facebook Tweet", "share widget"),
        ("Storm closes harbour for a month, and more stories", "related links"),
        ("Harbour reopens after storm", "headline"),
        ("By Jane Doe", "byline"),
    ] {
        assert!(reasons.contains(&(text, reason)), "{text} as {reason}: {reasons:#?}");
    }
    // Every removed line names a line of the page source.
    let lines = PAGE.lines().count() as u64;
    for r in art["removed"].as_array().expect("removed") {
        assert!(r["line"].as_u64().is_some_and(|l| (1..=lines).contains(&l)), "{r}");
    }
}

#[test]
fn a_sidecar_overrides_what_a_page_says() {
    let f = Fixture::new();
    f.write("content/articles/g.html", PAGE);
    f.write("content/articles/g.toml", "outlet = \"The Gazette\"\ndate = \"2024-03-04\"\n");
    let report = f.check_json();
    let art = &report["articles"][0];
    assert_eq!(art["outlet"], "The Gazette");
    assert_eq!(art["date"], "2024-03-04");
    assert_eq!(art["provenance"]["outlet"]["source"], "sidecar");
    assert_eq!(art["provenance"]["outlet"]["evidence"], "content/articles/g.toml");
}

#[test]
fn windows_1252_text_is_decoded_with_a_warning() {
    let f = Fixture::new();
    let text = b"Caf\xe9 owners welcome harbour reopening\n\nPORTVILLE (Reuters) - The caf\xe9 owners on the quay said the \x93reopening\x94 came just in time for the season, officials said.\n";
    f.write("content/articles/cafe.txt", "");
    std::fs::write(f.root().join("content/articles/cafe.txt"), text).expect("write");
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("decoded as windows-1252") || stdout.contains("decoded as windows-1252"),
        "{stdout}\n{stderr}"
    );
    let report = f.check_json();
    let art = &report["articles"][0];
    assert_eq!(art["title"], "Café owners welcome harbour reopening");
    assert!(
        art["body"][0].as_str().is_some_and(|b| b.contains("The café owners on the quay said the “reopening”")),
        "{art}"
    );
    // The published raw copy is the decoded text, unchanged otherwise.
    let site = f.build();
    let raw = std::fs::read_to_string(site.dir.join("articles/cafe.txt")).expect("raw");
    assert!(raw.contains("The café owners on the quay said the “reopening”"));
}
