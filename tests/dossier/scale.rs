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
