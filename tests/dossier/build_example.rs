//! The example dossier (the repository's own `content/`), built once and inspected.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use crate::support::{Site, dossier, repo};

pub(crate) fn example_site() -> &'static Site {
    example()
}

fn example() -> &'static Site {
    static SITE: OnceLock<(tempfile::TempDir, Site)> = OnceLock::new();
    let (_, site) = SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("site");
        let opts = dossier::BuildOptions { root: repo(), output_dir: Some(out.clone()), drafts: false };
        if let Err(e) = dossier::build(&opts) {
            panic!("the example dossier does not build:\n{e}");
        }
        (tmp, Site::at(&out))
    });
    site
}

const ARTICLES: &[(&str, &str, &str)] = &[
    ("ap-2014-10-28", "UN investigator cautious on North Korea engagement", "Associated Press"),
    ("afp-2014-10-28", "UN explores new rights initiative with North Korea", "Agence France-Presse"),
    ("rappler-2014-10-28", "After pressure on rights, North Korea offers UN visit", "Rappler"),
    ("reuters-2014-11-10", "North Korea halts U.N. charm offensive over human rights record", "Reuters"),
    ("ht-2014-10-28", "N Korea holds UN talks amid push for war crimes probe", "Hindustan Times"),
];

#[test]
fn every_page_kind_is_built() {
    let site = example();
    for page in [
        "index.html",
        "timeline.html",
        "glossary.html",
        "outlets/index.html",
        "notes/index.html",
        "print.html",
        "search.html",
    ] {
        assert!(site.exists(page), "{page} missing");
    }
    for (id, _, _) in ARTICLES {
        assert!(site.exists(&format!("articles/{id}.html")), "{id}");
        assert!(site.exists(&format!("articles/{id}.txt")), "raw {id}");
    }
    for outlet in ["associated-press", "agence-france-presse", "rappler", "reuters", "hindustan-times"] {
        assert!(site.exists(&format!("outlets/{outlet}.html")), "outlet {outlet}");
    }
    let notes = site.page("notes/index.html");
    assert!(notes.select("main li a").len() >= 4, "at least four notes listed");
}

#[test]
fn articles_have_the_right_headline_and_outlet() {
    let site = example();
    for (id, title, outlet) in ARTICLES {
        let page = site.page(&format!("articles/{id}.html"));
        assert_eq!(page.text_of("article h1"), *title, "{id}");
        assert_eq!(page.text_of(".kicker a"), *outlet, "{id}");
    }
}

#[test]
fn clean_text_has_no_scrape_boilerplate() {
    let site = example();
    let boilerplate = [
        "By continuing to use the site",
        "Add a comment",
        "There are no comments yet",
        "narrow-browser-and-phone",
        "landscape-tablet",
        "Humidity",
        "Today in New Delhi",
        "Home About Us Advertisement",
        "0 : 0",
        "Breaking News",
        "Feb 27, 2017",
    ];
    for (id, _, _) in ARTICLES {
        let page = site.page(&format!("articles/{id}.html"));
        let clean = page.texts(".article-body").join("\n");
        assert!(clean.len() > 500, "{id}: clean text is too short");
        for b in boilerplate {
            assert!(!clean.contains(b), "{id}: `{b}` in clean text");
        }
        // Nothing is lost: removed lines are listed on the page.
        let removed = page.texts(".removed .removed-text").join("\n");
        let raw = page.text_of(".raw-text");
        for b in boilerplate {
            if raw.contains(b) {
                assert!(removed.contains(b), "{id}: `{b}` removed but not listed");
            }
        }
    }
}

#[test]
fn paragraphs_have_stable_anchors_that_links_reach() {
    let site = example();
    let page = site.page("articles/reuters-2014-11-10.html");
    let ids = page.ids();
    assert!(ids.contains(&"art-reuters-2014-11-10-p1".to_string()));
    assert!(ids.contains(&"art-reuters-2014-11-10-p3".to_string()));
    let p3 = page.text_of("#art-reuters-2014-11-10-p3");
    assert!(p3.contains("Feb. 17"), "p3 is the paragraph the notes cite: {p3}");
}

/// Every local link names a file that exists, and every fragment an id on that page.
#[test]
fn links_are_relative_and_resolve() {
    let site = example();
    let mut ids_by_page = std::collections::BTreeMap::new();
    for p in site.pages() {
        ids_by_page.insert(p.clone(), site.page(&p).ids().into_iter().collect::<BTreeSet<_>>());
    }
    for p in site.pages() {
        let page = site.page(&p);
        for el in page.select("a[href], link[href], script[src], img[src]") {
            let v = el.value();
            let href = v.attr("href").or_else(|| v.attr("src")).unwrap_or("");
            if href.starts_with("http://") || href.starts_with("https://") {
                assert!(v.name() == "a", "{p}: external asset {href}");
                continue;
            }
            assert!(!href.starts_with('/'), "{p}: root-absolute link {href}");
            let (path, frag) = href.split_once('#').unwrap_or((href, ""));
            let target = if path.is_empty() {
                p.clone()
            } else {
                assert!(!path.ends_with('/'), "{p}: directory link {href}");
                let base = Path::new(&p).parent().unwrap_or(Path::new(""));
                normalise(&base.join(path))
            };
            assert!(site.dir.join(&target).is_file(), "{p}: broken link {href} → {target}");
            if !frag.is_empty() && target.ends_with(".html") {
                assert!(ids_by_page[&target].contains(frag), "{p}: missing anchor {href}");
            }
        }
    }
}

fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn ids_are_unique_on_every_page() {
    let site = example();
    for p in site.pages() {
        let ids = site.page(&p).ids();
        let set: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(set.len(), ids.len(), "{p}: duplicate ids");
    }
}

#[test]
fn glossary_lists_mentions_across_outlets() {
    let site = example();
    let page = site.page("glossary.html");
    let icc = page.select("#term-international-criminal-court");
    assert_eq!(icc.len(), 1, "ICC term section");
    let groups = page.texts("#term-international-criminal-court .mentions h4");
    for (_, _, outlet) in ARTICLES {
        assert!(groups.iter().any(|g| g == outlet), "ICC mentioned by {outlet}: {groups:?}");
    }
    assert!(page.text_of("#term-international-criminal-court .coverage").contains("covered by 5 of 5 outlets"));
    // Terms are linked from article text, never inside another link.
    let article = site.page("articles/reuters-2014-11-10.html");
    assert!(!article.select(".article-body a.term").is_empty());
    assert!(article.select("a a").is_empty());
}

#[test]
fn timeline_has_editor_events_with_sources_and_publications() {
    let site = example();
    let page = site.page("timeline.html");
    assert!(page.select(".entry-editor").len() >= 8);
    assert!(!page.select(".entry-publication").is_empty());
    assert!(!page.select(".entry-editor .sources a").is_empty());
}

#[test]
fn print_pack_is_one_self_contained_document() {
    let site = example();
    let page = site.page("print.html");
    assert!(page.select("link[rel=stylesheet]").is_empty(), "CSS is inline");
    assert!(page.text.contains("size: A4;"), "A4 paper by default");
    assert!(page.select("script").is_empty(), "no script: never opens the print dialog");
    let headings = page.texts("main > section.part > h2");
    assert_eq!(headings, ["1 Summary", "2 Notes", "3 Timeline", "4 Outlets and articles", "5 Quotes", "6 Glossary"]);
    for a in page.select("a[href]") {
        let href = a.value().attr("href").unwrap_or("");
        assert!(href.starts_with('#') || href.starts_with("http"), "print link leaves the document: {href}");
    }
}

#[test]
fn check_json_reports_articles_and_terms() {
    let out = dossier(&repo(), &["check", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let articles = json["articles"].as_array().expect("articles");
    assert_eq!(articles.len(), 5);
    let reuters = articles.iter().find(|a| a["id"] == "reuters-2014-11-10").expect("reuters");
    assert_eq!(reuters["outlet"], "Reuters");
    assert_eq!(reuters["date"], "2014-11-10");
    assert_eq!(reuters["byline"][0], "Michelle Nichols");
    assert_eq!(reuters["provenance"]["date"]["source"], "extracted");
    assert!(reuters["removed"].as_array().is_some_and(|r| r.iter().any(|x| x["text"] == "0 : 0")));
    let terms = json["terms"].as_array().expect("terms");
    assert!(terms.len() >= 20);
    assert!(json["diagnostics"].as_array().is_some_and(|d| d.iter().all(|x| x["severity"] != "error")));
}

#[test]
fn scrape_time_dates_never_become_publication_dates() {
    let out = dossier(&repo(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for a in json["articles"].as_array().expect("articles") {
        let date = a["date"].as_str().unwrap_or("");
        assert!(date.is_empty() || date.starts_with("2014-"), "{}: {date}", a["id"]);
    }
}

/// Screen readers navigate by headings: one h1, and no level skipped on the way down.
#[test]
fn headings_are_in_order_on_every_page() {
    let site = example();
    for p in site.pages() {
        let page = site.page(&p);
        let levels: Vec<u8> = page
            .select("main h1, main h2, main h3, main h4, main h5, main h6")
            .iter()
            .map(|h| h.value().name()[1..].parse::<u8>().unwrap_or(0))
            .collect();
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{p}: one h1: {levels:?}");
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{p}: heading level jumps from h{} to h{}", w[0], w[1]);
        }
    }
}
