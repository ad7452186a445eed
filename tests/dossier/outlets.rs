//! Outlet pages that show evidence: shared copy and reporting lines, quotations, aliases.

use crate::support::{Fixture, collapse, corpus, dossier, repo};

const WIRE: &str = "+++\ntitle = \"Inquiry findings discussed\"\noutlet = \"AFP\"\nwire = \"AFP\"\ndate = \"2014-10-28\"\n+++\nInquiry findings discussed\n\nA UN rights investigator said Tuesday that an invitation opens up possibilities to engage with Pyongyang.\n\nIt was the first meeting in 10 years and followed the release in March of a UN inquiry that laid bare the brutality of the Pyongyang regime.\n\nThe UN inquiry detailed a vast network of prison camps and documented cases of torture, enslavement and rape, among other violations.\n";
const REPRINT: &str = "+++\ntitle = \"Talks amid push for prosecution\"\noutlet = \"HT\"\ndate = \"2014-10-28\"\n+++\nTalks amid push for prosecution\n\nNorth Korea's ambassador met the UN rights investigator on Monday, a counsellor told AFP.\n\nA vote is expected in the Assembly in late November.\n\nReleased in February, the UN inquiry laid bare the brutality of the Pyongyang regime, detailing a vast network of prison camps and documenting cases of torture, enslavement and rape among other violations.\n";
const TOPICAL: &str = "+++\ntitle = \"Offer of a visit\"\noutlet = \"Rappler.com\"\ndate = \"2014-10-28\"\n+++\nOffer of a visit\n\nThe UN inquiry found that North Korea committed crimes against humanity in its prison camps, including enslavement and rape.\n\nThe special rapporteur on human rights in North Korea met North Korean diplomats about the International Criminal Court referral.\n";

fn shared_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("config.toml", "title = \"Fixture\"\n[outlets.aliases]\n\"Rappler.com\" = \"Rappler\"\n[outlets.info.AFP]\ncountry = \"France\"\ntype = \"wire agency\"\n");
    f.write("content/articles/wire.txt", WIRE);
    f.write("content/articles/reprint.txt", REPRINT);
    f.write("content/articles/topical.txt", TOPICAL);
    f
}

#[test]
fn reworded_wire_copy_is_linked_and_topical_overlap_is_not() {
    let f = shared_fixture();
    let json = f.check_json();
    let outlets: Vec<&str> =
        json["articles"].as_array().expect("articles").iter().filter_map(|a| a["outlet"].as_str()).collect();
    // Built-in table ("HT", "AFP") and config aliases ("Rappler.com").
    assert_eq!(outlets, ["Hindustan Times", "Rappler", "Agence France-Presse"]);
    let shared = json["shared"].as_array().expect("shared");
    assert!(!shared.is_empty(), "the reworded near-copy is detected");
    for s in shared {
        assert_eq!(s["articles"], serde_json::json!(["reprint", "wire"]), "{s}");
        assert_eq!(s["wire"], "AFP");
    }
    assert!(shared.iter().any(|s| s["text"].as_str().is_some_and(|t| t.contains("laid bare the brutality"))));
    assert_eq!(json["independent_lines"], 2, "AFP + reprint, and the topical article");

    let site = f.build();
    let reprint = site.page("articles/reprint.html");
    assert!(
        collapse(&reprint.texts("mark.shared-copy").join(" ")).contains("detailing a vast network of prison camps")
    );
    let twins: Vec<String> =
        reprint.select(".para .twins a").iter().filter_map(|a| a.value().attr("href").map(str::to_string)).collect();
    assert!(twins.iter().any(|h| h.ends_with("articles/wire.html#art-wire-p3")), "{twins:?}");
    assert!(site.page("articles/topical.html").select("mark.shared-copy").is_empty(), "topic words are not copy");
    let index = site.page("outlets/index.html");
    assert!(collapse(&index.text_of(".lede")).contains("2 independent reporting lines"));
    assert_eq!(index.select("ol.lines > li").len(), 2);
    let afp = site.page("outlets/agence-france-presse.html");
    assert!(afp.text_of(".meta").contains("France"), "[outlets.info.AFP] describes the canonical outlet");
    assert!(collapse(&afp.text_of("section[aria-labelledby=shared-h]")).contains("Talks amid push for prosecution"));
    let rappler = site.page("outlets/rappler.html");
    assert!(rappler.text_of("section[aria-labelledby=shared-h]").contains("independent reporting line"));
}

const QUOTES_A: &str = "+++\ntitle = \"Investigator speaks\"\noutlet = \"Associated Press\"\ndate = \"2014-10-28\"\n+++\nInvestigator speaks\n\nMarzuki Darusman met four North Korean officials on Monday.\n\n“It’s quite a big jump for North Korea,” Darusman said at a news conference. “It’s a very pragmatic step they are taking.”\n\n\"That would be quite high on the list,\" he said.\n\nBut Darusman said the North Koreans want the clause dropped “so that they would be in a position to issue an invitation.”\n\n“We’re not prepared to make those sorts of deals,” said a senior U.N. diplomat, speaking on condition of anonymity.\n\nIt calls the witnesses “human scum.”\n";
const QUOTES_B: &str = "+++\ntitle = \"A rare visit\"\noutlet = \"Rappler\"\ndate = \"2014-10-28\"\n+++\nA rare visit\n\nSpecial Rapporteur Marzuki Darusman said: “It is quite a big jump for North Korea.”\n\n\"The visit must be substantive,\" said Kim Song, a counsellor.\n";

#[test]
fn quotations_are_attributed_merged_and_listed() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", QUOTES_A);
    f.write("content/articles/b.txt", QUOTES_B);
    f.write("content/glossary.toml", "[[terms]]\nterm = \"Marzuki Darusman\"\naliases = [\"Darusman\"]\nkind = \"person\"\ndefinition = \"UN investigator.\"\n");
    let json = f.check_json();
    let quotes = json["quotes"].as_array().expect("quotes");
    let find = |needle: &str| quotes.iter().find(|q| q["text"].as_str().is_some_and(|t| t.contains(needle)));
    let jump = find("big jump").expect("merged quote");
    assert_eq!(jump["speaker"], "Marzuki Darusman");
    assert_eq!(jump["articles"], serde_json::json!(["a", "b"]), "one entry, both articles");
    assert_eq!(quotes.iter().filter(|q| q["text"].as_str().is_some_and(|t| t.contains("big jump"))).count(), 1);
    assert_eq!(find("pragmatic step").expect("continued quote")["speaker"], "Marzuki Darusman");
    assert_eq!(find("high on the list").expect("he said")["speaker"], "Marzuki Darusman");
    assert_eq!(find("so that they would").expect("partial quote")["speaker"], "Marzuki Darusman");
    let anon = find("sorts of deals").expect("anonymous quote");
    assert_eq!(anon["anonymous"], true);
    assert_eq!(anon["speaker"], "a senior U.N. diplomat");
    assert_eq!(find("substantive").expect("said Name")["speaker"], "Kim Song");
    assert!(find("human scum").is_none(), "scare quotes are not quotations");

    let site = f.build();
    let page = site.page("quotes.html");
    let speakers = page.texts("section.speaker h2");
    assert_eq!(speakers.first().map(String::as_str), Some("Marzuki Darusman"));
    assert!(speakers.iter().any(|s| s.contains("a senior U.N. diplomat") && s.contains("anonymous")), "{speakers:?}");
    let merged = page
        .select("li.quote")
        .into_iter()
        .find(|li| collapse(&li.text().collect::<String>()).contains("big jump"))
        .map(|li| collapse(&li.text().collect::<String>()))
        .expect("quote on the page");
    assert!(merged.contains("Associated Press ¶2") && merged.contains("Rappler ¶1"), "{merged}");
    assert!(!page.select("li.quote .variant ins, li.quote .variant del").is_empty(), "differences are shown");
    let ap = site.page("outlets/associated-press.html");
    let carried = collapse(&ap.text_of("section[aria-labelledby=quotes-h]"));
    assert!(carried.contains("(anonymous)") && carried.contains("sorts of deals"), "{carried}");
    let missed = collapse(&ap.text_of("section[aria-labelledby=missed-quotes-h]"));
    assert!(missed.contains("Kim Song"), "{missed}");
    assert!(collapse(&ap.text_of("section[aria-labelledby=numbers-h]")).contains("four North Korean officials"));
    // The page is in the navigation and in the print pack.
    assert!(site.page("index.html").select("nav a[href='quotes.html']").len() == 1);
    assert!(!site.page("print.html").select("#part-quotes li.quote").is_empty());
}

#[test]
fn example_counts_four_reporting_lines() {
    let out = dossier(&repo(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["independent_lines"], 4);
    let shared = json["shared"].as_array().expect("shared");
    assert!(!shared.is_empty());
    for s in shared {
        assert_eq!(s["articles"], serde_json::json!(["afp-2014-10-28", "ht-2014-10-28"]));
        assert_eq!(s["wire"], "AFP");
    }
    let quotes = json["quotes"].as_array().expect("quotes");
    let darusman: Vec<&serde_json::Value> = quotes.iter().filter(|q| q["speaker"] == "Marzuki Darusman").collect();
    assert!(darusman.len() >= 10, "{}", darusman.len());
    let mut texts: Vec<&str> = darusman.iter().filter_map(|q| q["text"].as_str()).collect();
    let n = texts.len();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), n, "each quote once");
    let substantive = darusman
        .iter()
        .find(|q| q["text"].as_str().is_some_and(|t| t.contains("substantive and effective")))
        .expect("quote carried by two outlets");
    assert_eq!(substantive["articles"], serde_json::json!(["afp-2014-10-28", "rappler-2014-10-28"]));
    let anon =
        quotes.iter().find(|q| q["articles"] == serde_json::json!(["reuters-2014-11-10"]) && q["anonymous"] == true);
    assert!(anon.is_some_and(|q| q["speaker"].as_str().is_some_and(|s| s.contains("diplomat"))));
}

/// In the multinews clusters, cluster-05's first two files are the same AP story (one
/// republished with additions); no other pair of articles in any cluster shares copy.
#[test]
fn multinews_wire_reprints_are_found() {
    let Some(corpus) = corpus() else {
        assert!(std::env::var("DOSSIER_REQUIRE_CORPUS").is_err(), "corpus required but not found");
        eprintln!("skipped: corpus not found");
        return;
    };
    let dir = corpus.join("multinews");
    let mut clusters: Vec<_> =
        std::fs::read_dir(&dir).expect("multinews").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    clusters.sort();
    assert!(clusters.len() >= 8);
    for cluster in clusters {
        let f = Fixture::new();
        let mut files: Vec<_> =
            std::fs::read_dir(&cluster).expect("cluster").filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for file in &files {
            let name = file.file_name().and_then(|n| n.to_str()).expect("name");
            f.write(&format!("content/articles/{name}"), &std::fs::read_to_string(file).expect("article"));
        }
        let json = f.check_json();
        let mut pairs: Vec<Vec<String>> = json["shared"]
            .as_array()
            .expect("shared")
            .iter()
            .map(|s| {
                s["articles"]
                    .as_array()
                    .expect("ids")
                    .iter()
                    .map(|a| a.as_str().unwrap_or("")[..3].to_string())
                    .collect()
            })
            .collect();
        pairs.dedup();
        let name = cluster.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        if name == "cluster-05" {
            assert_eq!(pairs, vec![vec!["000".to_string(), "001".to_string()]], "{name}");
            assert!(json["shared"].as_array().expect("shared").len() >= 10, "most of the AP story is shared");
            assert_eq!(json["shared"][0]["wire"], "AP");
            assert_eq!(json["independent_lines"], 2);
        } else {
            assert!(pairs.is_empty(), "{name}: {pairs:?}");
            // No shared copy: one line per outlet (all of an outlet's articles are one line),
            // and one per article whose outlet is unknown.
            let articles = json["articles"].as_array().expect("articles");
            let outlets: std::collections::BTreeSet<&str> =
                articles.iter().filter_map(|a| a["outlet"].as_str()).collect();
            let unknown = articles.iter().filter(|a| a["outlet"].is_null()).count();
            assert_eq!(json["independent_lines"].as_u64(), Some((outlets.len() + unknown) as u64), "{name}");
        }
    }
}

/// The list of outlets carries each outlet's covered/missed lists only for a template that
/// reads them; the default one does not, and its page says the same either way.
#[test]
fn outlets_page_gets_the_outlet_lists_only_when_its_template_reads_them() {
    let f = Fixture::new();
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Harbour Authority\"\nkind = \"organisation\"\ndefinition = \"Runs the port.\"\n",
    );
    f.write("content/articles/a.txt", "+++\ntitle = \"A\"\noutlet = \"Alpha News\"\ndate = \"2024-03-05\"\n+++\nThe Harbour Authority met on Monday.\n");
    f.write(
        "content/articles/b.txt",
        "+++\ntitle = \"B\"\noutlet = \"Beta Times\"\ndate = \"2024-03-06\"\n+++\nDock workers walked out.\n",
    );
    let before = f.build().page("outlets/index.html").select("ul.outlets li").len();
    assert_eq!(before, 2);
    f.write(
        "templates/outlets.html",
        "{% extends \"base.html\" %}{% block content %}{% for o in outlets %}<p class=\"o\" data-name=\"{{ o.name }}\">{% for t in o.terms %}<span class=\"t\">{{ t.headword }}</span>{% endfor %}{% for t in o.missed_terms %}<span class=\"m\">{{ t.headword }}</span>{% endfor %}</p>{% endfor %}{% endblock content %}",
    );
    let page = f.build().page("outlets/index.html");
    assert_eq!(page.texts("p.o[data-name='Alpha News'] span.t"), vec!["Harbour Authority"]);
    assert_eq!(page.texts("p.o[data-name='Beta Times'] span.m"), vec!["Harbour Authority"]);
}
