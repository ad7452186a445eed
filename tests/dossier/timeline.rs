//! The timeline built from the articles' words: tagging, clustering across outlets,
//! conflicts, unplaced events, the JSON report and the TimelineJS export.

use crate::support::{Fixture, Site};

fn article(f: &Fixture, id: &str, outlet: &str, date: Option<&str>, body: &str) {
    let date = date.map(|d| format!("date = \"{d}\"\n")).unwrap_or_default();
    f.write(
        &format!("content/articles/{id}.txt"),
        &format!("+++\ntitle = \"{id} story\"\noutlet = \"{outlet}\"\n{date}+++\n{body}\n"),
    );
}

fn glossary(f: &Fixture) {
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Harbour Authority\"\nkind = \"organisation\"\ndefinition = \"Runs the port.\"\n\n\
         [[terms]]\nterm = \"Mayor Lind\"\naliases = [\"Lind\"]\nkind = \"person\"\ndefinition = \"The mayor.\"\n",
    );
}

/// Two dated outlets report one meeting on Monday; a third dates it Wednesday.
fn meeting_fixture() -> Fixture {
    let f = Fixture::new();
    glossary(&f);
    article(
        &f,
        "alpha",
        "Alpha News",
        Some("2024-03-05"),
        "Mayor Lind met with the Harbour Authority on Monday to discuss the strike.\n\nThe council will vote on Friday.",
    );
    article(
        &f,
        "beta",
        "Beta Times",
        Some("2024-03-06"),
        "The Harbour Authority met Mayor Lind on Monday, officials said.\n\nA report released in January found losses.",
    );
    article(
        &f,
        "gamma",
        "Gamma Post",
        Some("2024-03-07"),
        "Mayor Lind met with the Harbour Authority on Wednesday, March 6, according to minutes.",
    );
    article(&f, "delta", "Delta Wire", None, "Dock workers walked out on Friday, a union official said.");
    f
}

#[test]
fn check_json_lists_events_as_design_says() {
    let f = meeting_fixture();
    let json = f.check_json();
    let events = json["events"].as_array().expect("events array");
    let monday =
        events.iter().find(|e| e["article"] == "alpha" && e["expression"] == "Monday").expect("alpha's Monday");
    assert_eq!(monday["date"], "2024-03-04");
    assert_eq!(monday["precision"], "day");
    assert_eq!(monday["paragraph"], 1);
    assert!(monday["text"].as_str().unwrap_or("").starts_with("Mayor Lind met"));
    let friday = events.iter().find(|e| e["article"] == "alpha" && e["expression"] == "Friday").expect("Friday");
    assert_eq!(friday["date"], "2024-03-08", "future 'will vote' is the Friday after");
    let january = events.iter().find(|e| e["expression"] == "in January").expect("January");
    assert_eq!((january["date"].as_str(), january["precision"].as_str()), (Some("2024-01"), Some("month")));
}

#[test]
fn undated_article_events_wait_unplaced_and_check_lists_them() {
    let f = meeting_fixture();
    let json = f.check_json();
    let unplaced = json["unplaced"].as_array().expect("unplaced array");
    assert!(unplaced.iter().any(|u| u["article"] == "delta" && u["expression"] == "Friday"), "{unplaced:?}");
    assert!(json["events"].as_array().expect("events").iter().all(|e| e["article"] != "delta"));
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unplaced events: 1"), "{text}");
    let site = f.build();
    let page = site.page("timeline.html");
    assert!(page.text_of(".unplaced").contains("walked out on"));
}

#[test]
fn one_happening_from_two_outlets_is_one_entry_and_a_third_date_is_a_conflict() {
    let f = meeting_fixture();
    let site: Site = f.build();
    let page = site.page("timeline.html");
    let monday = page.select("#tl-2024-03-04 .entry-extracted");
    assert_eq!(monday.len(), 1, "one entry for the Monday meeting");
    let claims: Vec<String> = page.texts("#tl-2024-03-04 .entry-extracted .claim-src");
    assert!(
        claims.iter().any(|c| c.starts_with("Alpha News")) && claims.iter().any(|c| c.starts_with("Beta Times")),
        "{claims:?}"
    );
    let conflicts = page.texts(".conflicts .conflict h3");
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(conflicts[0].contains("meeting"), "{conflicts:?}");
    let sides = page.texts(".conflicts .side-date");
    assert!(sides[0].contains("Mon 4 Mar 2024") && sides[1].contains("Wed 6 Mar 2024"), "{sides:?}");
    // Every date read from an article says how it was read, beside the wording.
    let how = page.texts("#tl-2024-03-04 .entry-extracted .claims .how");
    assert!(
        how.iter().any(|h| h.contains("the Monday before the 5 Mar 2024 publication; past tense ‘met’")),
        "{how:?}"
    );
    // The cover lists the open conflict.
    let cover = site.page("index.html");
    assert!(cover.text_of(".conflict-list").contains("Mon 4 Mar 2024"));
    let json = f.check_json();
    assert_eq!(json["conflicts"].as_array().map(Vec::len), Some(1));
}

#[test]
fn outlet_filter_works_without_javascript() {
    let f = meeting_fixture();
    let page = f.build().page("timeline.html");
    assert!(!page.select("#only-alpha-news").is_empty(), "a :target anchor per outlet");
    assert!(page.text.contains("#only-alpha-news:target ~ .tl-body .entry:not(.o-alpha-news)"));
    assert!(!page.select(".tl-filter a[href=\"#only-beta-times\"]").is_empty());
    assert!(!page.select(".entry.o-alpha-news").is_empty());
}

#[test]
fn timeline_json_is_timelinejs_shaped() {
    let f = meeting_fixture();
    let site = f.build();
    let text = std::fs::read_to_string(site.dir.join("timeline.json")).expect("timeline.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid json");
    let events = json["events"].as_array().expect("events");
    assert!(events.iter().all(|e| e["start_date"]["year"].is_number() && e["text"]["headline"].is_string()));
    assert!(events.iter().any(|e| e["group"] == "Found in the articles"));
}

/// The timeline page writes `timeline.json` from its own entry views; a render without the
/// timeline page (as `serve` does for other pages) makes it alone: both must give the same
/// bytes, glossary links in the editor's event bodies included (the example has them).
#[test]
fn timeline_json_is_the_same_made_with_the_page_or_alone() {
    use dossier::render::{OutputFile, Selection};
    let mut diags = dossier::diagnostics::Diagnostics::new();
    let site = dossier::analyse(&crate::support::repo(), false, &mut diags).expect("the example dossier");
    let json = |files: &[OutputFile]| files.iter().find(|f| f.path == "timeline.json").map(|f| f.bytes.clone());
    let with_page = json(&dossier::render::render(&site, &mut diags)).expect("timeline.json with the page");
    let cover_only = Selection::Pages(["index.html".to_string()].into());
    let alone = json(&dossier::render::render_selected(&site, &cover_only, &mut diags)).expect("timeline.json alone");
    assert!(!diags.has_errors(), "{}", diags.render());
    assert_eq!(String::from_utf8_lossy(&with_page), String::from_utf8_lossy(&alone));
    let parsed: serde_json::Value = serde_json::from_slice(&with_page).expect("valid json");
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), site.timeline.entries.len());
    assert!(
        events.iter().any(|e| e["text"]["text"].as_str().is_some_and(|t| t.contains("href=\"glossary.html#"))),
        "an editor's event links a glossary term"
    );
}

#[test]
fn undated_article_gets_an_inferred_date_only_from_strong_evidence() {
    let f = Fixture::new();
    glossary(&f);
    article(
        &f,
        "alpha",
        "Alpha News",
        Some("2024-03-05"),
        "Mayor Lind met with the Harbour Authority on Monday to discuss the strike.",
    );
    article(&f, "copy", "Copy Desk", None, "Mayor Lind met the Harbour Authority on Monday, a spokesman said Tuesday.");
    article(&f, "loose", "Loose Sheet", None, "Something happened on Thursday.");
    let json = f.check_json();
    let arts = json["articles"].as_array().expect("articles");
    let copy = arts.iter().find(|a| a["id"] == "copy").expect("copy");
    assert_eq!(copy["date"], "2024-03-05");
    assert_eq!(copy["provenance"]["date"]["source"], "inferred");
    let evidence = copy["provenance"]["date"]["evidence"].as_str().unwrap_or("");
    assert!(evidence.contains("on or after") && evidence.contains("alpha ¶1"), "{evidence}");
    assert!(copy["provenance"]["date"]["confidence"].as_f64().unwrap_or(1.0) < 0.8);
    let loose = arts.iter().find(|a| a["id"] == "loose").expect("loose");
    assert!(loose["date"].is_null(), "no evidence, no date");
}

/// The timeline built from the mentions `infer_dates` collected (the driver's way) is the one
/// built by collecting every article's mentions again: dated articles, an inferred one and
/// one left undated.
#[test]
fn timeline_from_inference_mentions_is_the_timeline_built_afresh() {
    use dossier::{config::Config, content, extract, glossary as terms, markdown, timeline};
    let f = Fixture::new();
    glossary(&f);
    article(&f, "alpha", "Alpha News", Some("2024-03-05"), "Mayor Lind met with the Harbour Authority on Monday.");
    article(&f, "beta", "Beta Wire", Some("2024-03-06"), "The Harbour Authority said on Tuesday it met Lind.");
    article(&f, "copy", "Copy Desk", None, "Mayor Lind met the Harbour Authority on Monday, a spokesman said.");
    article(&f, "loose", "Loose Sheet", None, "Something happened on Thursday, and will next week.");
    let mut diags = dossier::diagnostics::Diagnostics::new();
    let config = Config::load(f.root(), &mut diags).expect("config");
    let sources = content::load(f.root(), config, false, &mut diags);
    let articles = extract::extract_all(&sources.articles, &sources.config, &mut diags);
    let docs = markdown::build(&sources, &mut diags);
    let glossary = terms::build(&sources, &docs, &articles, &mut diags);
    let (articles, collected) = timeline::infer_dates_collecting(articles, &glossary);
    assert_eq!(articles.iter().filter(|a| a.date.value.is_some()).count(), 3, "copy is dated, loose is not");
    let reused = timeline::build_reusing(&sources, &articles, &glossary, collected, &mut diags);
    let fresh = timeline::build(&sources, &articles, &glossary, &mut diags);
    assert!(reused.mentions.len() >= 5, "{}", reused.mentions.len());
    assert_eq!(format!("{reused:?}"), format!("{fresh:?}"));
}

#[test]
fn example_meeting_and_report_conflicts() {
    let site = crate::build_example::example_site();
    let page = site.page("timeline.html");
    let meeting = page.texts("#tl-2014-10-27 .entry-extracted .claim-src").join(" | ");
    for outlet in ["Associated Press", "Agence France-Presse", "Hindustan Times"] {
        assert!(meeting.contains(outlet), "{meeting}");
    }
    let conflicts = page.texts(".conflicts .conflict").join("\n");
    assert!(conflicts.contains("Tuesday, October 28") && conflicts.contains("Rappler"), "{conflicts}");
    assert!(conflicts.contains("Feb. 17") && conflicts.contains("in March"), "{conflicts}");
}

/// The timeline page numbers its explanations as footnotes only for a theme that shows them:
/// the default month template has no note numbers; one that reads `note` gets 1, 2, 3… in order.
#[test]
fn timeline_notes_are_numbered_only_for_a_theme_that_shows_them() {
    const ENTRY: &str = "{% if e.note %}<p data-note=\"{{ e.note }}\">{{ e.title }}</p>{% endif %}{% for c in e.claims %}<p data-note=\"{{ c.note }}\">{{ c.outlet }}</p>{% endfor %}";
    let month = |entry: &str| {
        format!(
            "<section id=\"{{{{ month.anchor }}}}\">{{% for d in month.days %}}{{% for e in d.entries %}}{entry}{{% endfor %}}{{% endfor %}}</section>\n"
        )
    };
    let notes = |f: &Fixture| -> Vec<String> {
        let page = f.build().page("timeline.html");
        page.select("[data-note]").iter().filter_map(|p| p.value().attr("data-note").map(str::to_string)).collect()
    };
    let f = meeting_fixture();
    assert!(notes(&f).is_empty());

    f.write("templates/timeline-month.html", &month(ENTRY));
    let numbered = notes(&f);
    assert!(numbered.len() >= 3, "{numbered:?}");
    let expected: Vec<String> = (1..=numbered.len()).map(|n| n.to_string()).collect();
    assert_eq!(numbered, expected, "numbered in the page's order");

    // Read in a template the month template includes: numbered all the same.
    f.write("templates/entry-note.html", ENTRY);
    f.write("templates/timeline-month.html", &month("{% include \"entry-note.html\" %}"));
    assert_eq!(notes(&f), expected, "numbered through an include");
}

/// The default theme renders each month with `timeline-month.html` on its own; a theme may
/// override just that template, or walk the `days` in `timeline.html` itself as before.
#[test]
fn timeline_months_render_alone_or_through_a_theme_that_walks_the_days() {
    let f = meeting_fixture();
    let default = f.build().page("timeline.html");
    let months = default.select("section.tl-month");
    assert!(!months.is_empty(), "default months");
    assert!(default.select("section.tl-month li.entry").len() >= 3, "entries inside the month sections");

    f.write(
        "templates/timeline-month.html",
        "<section class=\"my-month\" id=\"{{ month.anchor }}\"><h3>{{ month.label }}</h3>{% for d in month.days %}{% for e in d.entries %}<p class=\"my-entry\">{{ e.title }}</p>{% endfor %}{% endfor %}</section>\n",
    );
    let custom_month = f.build().page("timeline.html");
    assert_eq!(custom_month.select("section.my-month").len(), months.len(), "one custom section per month");
    assert!(
        custom_month.texts("p.my-entry").iter().any(|t| t.contains("Mayor Lind")),
        "{:?}",
        custom_month.texts("p.my-entry")
    );
    assert!(custom_month.select("section.tl-month").is_empty());

    f.write(
        "templates/timeline.html",
        "{% extends \"base.html\" %}{% block content %}{% for y in timeline.years %}{% for m in y.months %}<div class=\"walked\" data-html=\"{{ m.html | length }}\">{% for d in m.days %}{% for e in d.entries %}<p class=\"walked-entry\">{{ e.title }}</p>{% endfor %}{% endfor %}</div>{% endfor %}{% endfor %}{% endblock content %}",
    );
    let walked = f.build().page("timeline.html");
    let divs = walked.select("div.walked");
    assert_eq!(divs.len(), months.len());
    assert!(divs.iter().all(|d| d.value().attr("data-html") == Some("0")), "no month markup when the days are walked");
    assert_eq!(
        walked.texts("p.walked-entry"),
        custom_month.texts("p.my-entry"),
        "the same entries, in the same order, either way"
    );
}
