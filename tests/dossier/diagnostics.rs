//! Broken dossiers: every problem reported at once, each at its file:line:col, exit status 1,
//! and nothing written.

use crate::support::Fixture;

fn broken() -> Fixture {
    let f = Fixture::new();
    f.write("config.toml", "title = \"Broken\"\ncolour = \"red\"\n");
    f.write("content/articles/a.txt", "+++\ndate = \"2014-13-01\"\n+++\nHeadline here\n\nBody text of the article, long enough to be a paragraph of news.\n");
    f.write("content/articles/b.txt", "Another headline\n\nSome body text that is a sentence.\n");
    f.write("content/articles/b.toml", "outlet = \"X\"\nauthor = \"nobody\"\n");
    f.write(
        "content/notes/n.md",
        "+++\ntitle = \"Note\"\n+++\nSee [[nosuch-article]] and\n[[term:Internatonal Court]].\n",
    );
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"International Court\"\nkind = \"organisation\"\nsee_also = [\"Nothing\"]\n\n[[terms]]\nterm = \"Place\"\nkind = \"planet\"\n",
    );
    f.write(
        "content/timeline.toml",
        "[[events]]\ndate = \"2014-10-27\"\ntitle = \"E\"\nsources = [\"a#p9\", \"zzz\"]\n",
    );
    f
}

#[test]
fn every_error_is_reported_with_its_position() {
    let f = broken();
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "config.toml:2:1",
        "content/articles/a.txt:2:8",
        "content/articles/b.toml:2:1",
        "content/notes/n.md:4:5",
        "content/notes/n.md:5:1",
        "content/glossary.toml:4:13",
        "content/glossary.toml:8:8",
    ] {
        assert!(err.contains(expected), "missing {expected} in:\n{err}");
    }
    assert!(err.contains("did you mean [[term:International Court]]"), "{err}");
    assert!(!f.out().exists(), "a failed build writes nothing");
}

#[test]
fn check_json_lists_the_same_diagnostics() {
    let f = broken();
    let json = f.check_json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let at = |file: &str, line: u64| {
        diags.iter().any(|d| d["file"] == file && d["line"] == line && d["severity"] == "error")
    };
    assert!(at("config.toml", 2), "{diags:#?}");
    assert!(at("content/notes/n.md", 4));
    assert!(at("content/notes/n.md", 5));
    let lines: Vec<u64> =
        diags.iter().filter(|d| d["file"] == "content/timeline.toml").filter_map(|d| d["line"].as_u64()).collect();
    assert_eq!(lines, [4, 4], "{diags:#?}");
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", "Headline\n\nA body paragraph with words in it.\n");
    f.build();
    let before = std::fs::read(f.out().join("index.html")).expect("index");
    f.write("content/notes/bad.md", "+++\ntitle = \"Bad\"\n+++\n[[missing]]\n");
    let _ = f.build_err();
    assert_eq!(std::fs::read(f.out().join("index.html")).expect("index"), before);
}

#[test]
fn template_errors_name_the_template() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", "Headline\n\nA body paragraph with words in it.\n");
    f.write(
        "templates/note.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ note.title \n{% endblock content %}\n",
    );
    let err = f.build_err();
    assert!(err.contains("templates/note.html"), "{err}");
}
