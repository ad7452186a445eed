//! Behaviour that keeps large dossiers linear: capped "same story elsewhere" lists.

use crate::support::Fixture;

fn article(day: u32, outlet: &str, term: &str) -> String {
    format!(
        "+++\ntitle = \"Report {day} from {outlet}\"\noutlet = \"{outlet}\"\ndate = \"2024-03-{day:02}\"\n+++\nThe {term} met on Monday to discuss the draft resolution and its wording in detail.\n\nOfficials said the talks would continue next week with further meetings planned.\n"
    )
}

#[test]
fn same_story_elsewhere_lists_at_most_eight_most_related() {
    let f = Fixture::new();
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Velmira Accord\"\nkind = \"document\"\ndefinition = \"An accord.\"\n\n[[terms]]\nterm = \"Quorin Summit\"\nkind = \"event\"\ndefinition = \"A summit.\"\n",
    );
    for day in 1..=20 {
        let (outlet, term) =
            if day % 2 == 0 { ("Alpha Times", "Velmira Accord") } else { ("Beta Post", "Quorin Summit") };
        f.write(&format!("content/articles/a{day:02}.txt"), &article(day, outlet, term));
    }
    let site = f.build();
    let page = site.page("articles/a02.html");
    let others = page.texts("ul.others li a");
    assert!(!others.is_empty() && others.len() <= 8, "{others:?}");
    assert!(!others.iter().any(|t| t.contains("Report 2 ")), "an article never lists itself: {others:?}");
    // A shared glossary term outranks date alone: most of those listed mention the same term
    // (Alpha Times articles do, Beta Post ones mention another).
    let same_term = others.iter().filter(|t| t.contains("Alpha Times")).count();
    assert!(same_term >= 4, "{others:?}");
}

#[test]
fn front_matter_date_means_no_date_warning() {
    let f = Fixture::new();
    f.write("content/articles/a01.txt", &article(1, "Alpha Times", "Velmira Accord"));
    let json = f.check_json();
    let diags = json["diagnostics"].as_array().cloned().unwrap_or_default();
    assert!(!diags.iter().any(|d| d["message"].as_str().is_some_and(|m| m.starts_with("date unknown"))), "{diags:?}");
}

/// A term mentioned in more than 40 articles: its glossary entry lists outlets with counts
/// (not every paragraph) and shows at most 24 paragraphs in context; a term in fewer articles
/// keeps the full paragraph index.
#[test]
fn widely_mentioned_terms_get_a_compact_glossary_index() {
    let f = Fixture::new();
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Velmira Accord\"\nkind = \"document\"\ndefinition = \"An accord.\"\n\n[[terms]]\nterm = \"Quorin Summit\"\nkind = \"event\"\ndefinition = \"A summit.\"\n",
    );
    let outlets = ["Alpha Times", "Beta Post", "Gamma Daily"];
    for n in 1..=45u32 {
        let day = 1 + n % 28;
        let term = if n <= 3 { "Quorin Summit and the Velmira Accord" } else { "Velmira Accord" };
        f.write(&format!("content/articles/a{n:02}.txt"), &article(day, outlets[n as usize % 3], term));
    }
    let site = f.build();
    let page = site.page("glossary.html");
    let accord = "#term-velmira-accord";
    let lines = page.texts(&format!("{accord} ul.where li"));
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("Alpha Times") && l.contains("15 articles")), "{lines:?}");
    assert!(page.select(&format!("{accord} ul.where .pref")).is_empty(), "no paragraph refs in a compact index");
    assert!(page.text_of(&format!("{accord} .index-note")).contains("45 articles"));
    let in_context = page.select(&format!("{accord} details.mentions li"));
    assert_eq!(in_context.len(), 24, "at most 24 paragraphs in context");
    let more: usize = page
        .texts(&format!("{accord} details.mentions .more"))
        .iter()
        .filter_map(|t| t.split_whitespace().next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(more, 45 - 24, "the rest are counted");
    // The summit (3 articles) keeps the paragraph index.
    let refs = page.select("#term-quorin-summit ul.where .pref");
    assert_eq!(refs.len(), 3);
    assert!(page.select("#term-quorin-summit .index-note").is_empty());
}
