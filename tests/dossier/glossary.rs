//! The glossary: every matching rule on small dossiers, the linking rules, the glossary page,
//! the print pack's references, `check`'s glossary report, and the example's terms.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{Fixture, Site, repo};

/// An article with front matter (so its outlet and title are known) and the given paragraphs.
fn article(outlet: &str, title: &str, paragraphs: &[&str]) -> String {
    format!(
        "+++\ntitle = \"{title}\"\noutlet = \"{outlet}\"\ndate = \"2024-03-05\"\n+++\n{title}\n\n{}\n",
        paragraphs.join("\n\n")
    )
}

const GLOSSARY: &str = r#"
[[terms]]
term = "United Nations"
abbr = "UN"
aliases = ["U.N."]
kind = "organisation"
definition = "The world body. Its [[UN Security Council|Council]] acts; see the Hague-based court."

[[terms]]
term = "UN Security Council"
kind = "organisation"
definition = "Fifteen members of the United Nations."

[[terms]]
term = "International Criminal Court"
abbr = "ICC"
aliases = ["Hague-based court"]
kind = "organisation"
definition = "A court in The Hague. The International Criminal Court tries people."

[[terms]]
term = "Hague"
kind = "place"
definition = "A Dutch city."

[[terms]]
term = "Marzuki Darusman"
aliases = ["Darusman"]
kind = "person"
definition = "Special rapporteur."

[[terms]]
term = "special rapporteur"
kind = "concept"
definition = "An independent expert."

[[terms]]
term = "Kim Jong Un"
aliases = ["김정은"]
kind = "person"
definition = "Leader."

[[terms]]
term = "Democratic People's Republic of Korea"
abbr = "DPRK"
kind = "place"
definition = "North Korea."

[[terms]]
term = "Dag Hammarskjöld Fund"
kind = "organisation"
definition = "A fellowship."

[[terms]]
term = "Never Mentioned Thing"
kind = "concept"
definition = "Nobody writes about it."
"#;

fn matching_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("config.toml", "title = \"T\"\n[glossary]\nlink = \"every\"\n");
    f.write("content/glossary.toml", GLOSSARY);
    f.write(
        "content/articles/a.txt",
        &article(
            "Alpha Wire",
            "Council meets",
            &[
                "GENEVA (Alpha) - The UN Security Council met at UNESCO while the UN watched and the U.N. spoke.",
                "Darusman's report went to two special rapporteurs. Later Darusman’s aide spoke.",
                "The Hague-based court, known as the ICC, sits in The Hague. An icc file is no court.",
                "Kim Jong-Un and kim jong un met. 김정은이 말했다.",
                "The Democratic People’s Republic of Korea (DPRK) said so. The Dag Hammarskj\u{6f}\u{308}ld Fund paid.",
            ],
        ),
    );
    f
}

/// (term, matched) pairs of every mention in articles, from `check --format json`.
fn mentions(json: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for t in json["terms"].as_array().expect("terms") {
        for m in t["mentions"].as_array().expect("mentions") {
            if m.get("article").is_some() {
                out.insert((
                    t["term"].as_str().unwrap_or("").to_string(),
                    m["matched"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
    }
    out
}

fn count(json: &Value, term: &str) -> usize {
    json["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["term"] == term)
        .map_or(0, |t| t["mentions"].as_array().map_or(0, Vec::len))
}

#[test]
fn each_matching_rule_finds_what_a_reader_would() {
    let f = matching_fixture();
    let json = f.check_json();
    let found = mentions(&json);
    let has = |term: &str, matched: &str| found.contains(&(term.to_string(), matched.to_string()));
    // Longest match first: "UN Security Council" is one mention, not "UN" + a word.
    assert!(has("UN Security Council", "UN Security Council"), "{found:?}");
    // Word boundaries: not inside UNITED or UNESCO; both "UN" and "U.N." are found.
    assert!(has("United Nations", "UN") && has("United Nations", "U.N."), "{found:?}");
    assert_eq!(count(&json, "United Nations"), 2, "UNITED and UNESCO are not mentions: {found:?}");
    // Possessives (straight and curly) and plurals.
    assert!(has("Marzuki Darusman", "Darusman"), "{found:?}");
    assert_eq!(count(&json, "Marzuki Darusman"), 2);
    assert!(has("special rapporteur", "special rapporteurs"), "{found:?}");
    // An alias that contains another term's headword: the longer one wins where it occurs.
    assert!(has("International Criminal Court", "Hague-based court"), "{found:?}");
    assert!(has("Hague", "Hague"), "{found:?}");
    assert_eq!(count(&json, "Hague"), 1, "the Hague inside `Hague-based court` is the court: {found:?}");
    // Case: the abbreviation is exact ("icc" is not the court), names are not.
    assert!(has("International Criminal Court", "ICC"), "{found:?}");
    assert!(!found.iter().any(|(_, m)| m == "icc"), "{found:?}");
    assert!(has("Kim Jong Un", "Kim Jong-Un") && has("Kim Jong Un", "kim jong un"), "{found:?}");
    // Hangul: the particle after the name is not part of the mention.
    assert!(has("Kim Jong Un", "김정은"), "{found:?}");
    // Curly apostrophe in the text, straight in the glossary; decomposed ö in the text.
    assert!(has("Democratic People's Republic of Korea", "Democratic People’s Republic of Korea"), "{found:?}");
    assert!(has("Democratic People's Republic of Korea", "DPRK"), "{found:?}");
    assert_eq!(count(&json, "Dag Hammarskjöld Fund"), 1, "NFC: {found:?}");

    // The article page links exactly those (policy "every"), with the possessive outside.
    let site = f.build();
    let page = site.page("articles/a.html");
    let links = page.texts(".article-body a.term");
    assert!(links.contains(&"Darusman".to_string()), "{links:?}");
    assert!(!links.iter().any(|l| l.ends_with("'s") || l.ends_with("’s")), "{links:?}");
    assert!(links.contains(&"김정은".to_string()), "{links:?}");
    // Each link carries the short definition for the CSS popover, and points at the entry.
    let icc = page
        .select(".article-body a.term")
        .into_iter()
        .find(|a| a.text().collect::<String>() == "ICC")
        .expect("ICC linked");
    assert_eq!(icc.value().attr("href"), Some("../glossary.html#term-international-criminal-court"));
    assert_eq!(icc.value().attr("data-tip"), Some("International Criminal Court: A court in The Hague."));
    assert_no_link_in_link(&site);
}

#[test]
fn mentions_in_a_notes_links_code_and_headings_are_not_linked() {
    let f = Fixture::new();
    f.write("content/glossary.toml", GLOSSARY);
    f.write("content/articles/a.txt", &article("Alpha Wire", "Court sits", &["The ICC sits in The Hague."]));
    f.write(
        "content/notes/n.md",
        "+++\ntitle = \"Note\"\n+++\n## The ICC in a heading\n\nSee [the ICC site](https://example.org), \
         [[a|what the ICC said]], `ICC` and\n\n```\nICC\n```\n\n| a | b |\n|---|---|\n| ICC | x |\n\nThen the ICC in text.\n",
    );
    let site = f.build();
    let note = site.page("notes/n.html");
    assert!(note.select("h2 a.term, code a, pre a").is_empty());
    for a in note.select(".prose a:not(.term)") {
        assert!(a.select(&scraper::Selector::parse("a.term").expect("sel")).next().is_none());
    }
    assert_eq!(note.select(".prose a.term").len(), 1, "the first mention in running text (the table cell)");
    assert_no_link_in_link(&site);
    // The check report counts the text and table mentions, not the link, code or heading ones.
    let json = f.check_json();
    let in_note = json["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .find(|t| t["term"] == "International Criminal Court")
        .map(|t| t["mentions"].as_array().expect("m").iter().filter(|m| m.get("note").is_some()).count());
    assert_eq!(in_note, Some(2));
}

#[test]
fn glossary_page_links_other_terms_never_the_entry_itself() {
    let f = matching_fixture();
    let site = f.build();
    let page = site.page("glossary.html");
    // The headword is a heading: never linked.
    assert!(page.select(".term-entry h3 a").is_empty());
    // A definition links the other terms it names, never its own term.
    let icc_links: Vec<String> = page
        .select("#term-international-criminal-court .definition a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(!icc_links.iter().any(|h| h.ends_with("#term-international-criminal-court")), "{icc_links:?}");
    assert!(icc_links.contains(&"#term-hague".to_string()), "{icc_links:?}");
    let un_links: Vec<String> = page
        .select("#term-united-nations .definition a.term")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert_eq!(un_links, vec!["#term-international-criminal-court"], "each entry is its own linking scope");
    // Mentions, grouped by outlet, link to paragraph anchors that exist.
    assert_eq!(page.text_of("#term-marzuki-darusman .where .outlet"), "Alpha Wire");
    assert_anchors_resolve(&site, "glossary.html", "#term-marzuki-darusman .where a.pref, .mentions a");
    assert!(page.text_of("#term-never-mentioned-thing .coverage").contains("Not mentioned"));
    // The print pack prints the references as section and paragraph numbers that resolve.
    let print = site.page("print.html");
    let refs = print.text_of("#part-glossary dt#term-marzuki-darusman + dd .refs");
    assert!(refs.contains("Alpha Wire §4.1.1 ¶2"), "{refs}");
    assert_anchors_resolve(&site, "print.html", "#part-glossary .refs a");
}

#[test]
fn check_reports_unused_terms_typos_and_suggests_terms() {
    let f = matching_fixture();
    f.write(
        "content/articles/b.txt",
        &article(
            "Beta News",
            "Rights body meets",
            &[
                "The Human Rights Council met, said Choe Myong Nam, and the IAEA agreed.",
                "Later Daruman spoke to the Human Rights Council again.",
            ],
        ),
    );
    f.write(
        "content/articles/c.txt",
        &article("Gamma Times", "Council again", &["Choe Myong Nam said the Human Rights Council and the IAEA met."]),
    );
    let json = f.check_json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let find = |needle: &str| diags.iter().find(|d| d["message"].as_str().is_some_and(|m| m.contains(needle)));
    let unused = find("`Never Mentioned Thing` is not mentioned in any article or note").expect("unused term warning");
    assert_eq!(unused["severity"], "warning");
    assert_eq!(unused["file"], "content/glossary.toml");
    assert!(unused["line"].as_u64().is_some());
    let typo = find("\"Daruman\" looks like a misspelling of the glossary term").expect("typo warning");
    assert_eq!(typo["file"], "content/articles/b.txt");
    assert_eq!(typo["line"], 10, "{typo}");
    let suggestions = json["suggestions"].as_array().expect("suggestions");
    let names: Vec<&str> = suggestions.iter().filter_map(|s| s["name"].as_str()).collect();
    // Ranked by outlets: the council (2 outlets, 3 times), Choe (2), the IAEA (2).
    assert!(names.starts_with(&["Human Rights Council"]), "{names:?}");
    assert!(names.contains(&"Choe Myong Nam") && names.contains(&"IAEA"), "{names:?}");
    let choe = suggestions.iter().find(|s| s["name"] == "Choe Myong Nam").expect("choe");
    assert_eq!(choe["reason"], "speaker");
    assert_eq!(choe["kind"], "person");
    // The stub is valid TOML for glossary.toml.
    let stub: toml::Table = choe["toml"].as_str().expect("toml").parse().expect("stub parses");
    assert_eq!(stub["terms"][0]["term"].as_str(), Some("Choe Myong Nam"));
    // Covered names are never suggested.
    assert!(!names.iter().any(|n| n.contains("Security Council") || n.contains("Darusman")), "{names:?}");
    // The text report prints the stubs.
    let out = f.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[[terms]]\nterm = \"Human Rights Council\""), "{stdout}");
}

#[test]
fn example_terms_resolve_and_list_working_mentions() {
    let site = Site::at(&build_example());
    let json: Value = serde_json::from_slice(&crate::support::dossier(&repo(), &["check", "--format", "json"]).stdout)
        .expect("check json");
    let icc = json["terms"].as_array().expect("terms").iter().find(|t| t["term"] == "International Criminal Court");
    let icc = icc.expect("ICC term");
    let matched: BTreeSet<&str> =
        icc["mentions"].as_array().expect("m").iter().filter_map(|m| m["matched"].as_str()).collect();
    for form in ["International Criminal Court", "ICC", "Hague-based court"] {
        assert!(matched.contains(form), "{form} not found: {matched:?}");
    }
    let articles: BTreeSet<&str> =
        icc["mentions"].as_array().expect("m").iter().filter_map(|m| m["article"].as_str()).collect();
    assert_eq!(articles.len(), 5, "{articles:?}");
    let page = site.page("glossary.html");
    assert!(page.text_of("#term-international-criminal-court .coverage").contains("5 of 5"));
    assert_anchors_resolve(&site, "glossary.html", ".where a.pref, .mentions a, .definition a");
    assert_anchors_resolve(&site, "print.html", "#part-glossary a");
    assert_no_link_in_link(&site);
}

fn build_example() -> std::path::PathBuf {
    let out = tempfile::tempdir().expect("tmp").keep();
    let dir = out.join("public");
    let run = crate::support::dossier(&repo(), &["build", "--output-dir", dir.to_str().expect("utf8")]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    dir
}

/// Every link matched by `css` on `page` names a file of the site and an id on it.
fn assert_anchors_resolve(site: &Site, page: &str, css: &str) {
    let p = site.page(page);
    let links = p.select(css);
    assert!(!links.is_empty(), "{page}: no {css}");
    let base = std::path::Path::new(page).parent().unwrap_or(std::path::Path::new(""));
    for a in links {
        let Some(href) = a.value().attr("href") else { continue };
        if href.starts_with("http") {
            continue;
        }
        let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
        let target = if file.is_empty() { page.to_string() } else { normalise(&base.join(file)) };
        assert!(site.exists(&target), "{page}: {href} names no file");
        if !anchor.is_empty() {
            assert!(site.page(&target).ids().iter().any(|id| id == anchor), "{page}: {href}: no #{anchor} in {target}");
        }
    }
}

fn normalise(p: &std::path::Path) -> String {
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

/// The HTML source never opens a link inside a link (a parser would silently split them).
fn assert_no_link_in_link(site: &Site) {
    let tag = regex::Regex::new(r"(?i)<a[\s>]|</a\s*>").expect("regex");
    for path in site.pages() {
        let page = site.page(&path);
        let mut depth = 0i32;
        for m in tag.find_iter(&page.text) {
            depth += if m.as_str().starts_with("</") { -1 } else { 1 };
            assert!((0..=1).contains(&depth), "{path}: a link inside a link near byte {}", m.start());
        }
    }
}
