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

/// One problem of each kind, and one warning of each kind, in one dossier.
fn broken_everywhere() -> Fixture {
    let f = broken();
    f.write("content/notes/m.md", "+++\ntitle = \"M\"\nweight = \"heavy\"\n+++\nText.\n");
    f.write(
        "content/notes/o.md",
        "+++\ntitle = \"O\"\n[[events]]\ndate = \"2014-02-30\"\ntitle = \"Bad day\"\n+++\nThe Internatonal Court.\n",
    );
    f.write("content/articles/c.txt", "Third headline\n\nThe Internatonal Court met on Monday in the city.\n");
    f.write(
        "templates/note.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ note.title </h1>\n{% endblock content %}\n",
    );
    f
}

#[test]
fn one_check_run_reports_every_kind_of_problem_at_its_line_and_column() {
    let f = broken_everywhere();
    let json = f.check_json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let found: Vec<(String, String, u64, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for (severity, file, line, column, what) in [
        ("error", "config.toml", 2, 1, "unknown config key `colour`"),
        ("error", "content/articles/a.txt", 2, 8, "front matter: month 13"),
        ("error", "content/articles/b.toml", 2, 1, "sidecar: unknown key `author`"),
        ("error", "content/notes/m.md", 3, 10, "note front matter: weight is not a number"),
        ("error", "content/notes/o.md", 4, 8, "event in a note: 30 February"),
        ("error", "content/notes/n.md", 4, 5, "[[nosuch-article]]"),
        ("error", "content/notes/n.md", 5, 1, "[[term:Internatonal Court]]"),
        ("error", "content/glossary.toml", 4, 13, "see_also names nothing"),
        ("error", "content/glossary.toml", 8, 8, "unknown kind"),
        ("error", "content/timeline.toml", 4, 12, "source #p9 does not exist"),
        ("error", "content/timeline.toml", 4, 20, "no article zzz"),
        ("error", "templates/note.html", 3, 19, "template syntax"),
        ("warning", "content/articles/c.txt", 3, 5, "near-miss spelling of a term"),
    ] {
        assert!(
            found.contains(&(severity.to_string(), file.to_string(), line, column)),
            "missing {severity} {file}:{line}:{column} ({what}) in:\n{diags:#?}"
        );
    }
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    for code in ["near-miss", "unplaced-event"] {
        assert!(codes.contains(&code), "no {code} warning in {codes:?}");
    }
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("templates/note.html:3:19"), "{text}");
    assert!(text.contains("hint:"), "{text}");
}

#[test]
fn check_warnings_and_exit_status() {
    let f = Fixture::new();
    f.write(
        "content/articles/a.txt",
        "Headline\nOctober 28, 2014\n\nThe Internatonal Court said it would meet on Monday in the city.\n",
    );
    f.write("content/glossary.toml", "[[terms]]\nterm = \"International Court\"\nkind = \"organisation\"\n\n[[terms]]\nterm = \"Nobody Here\"\nkind = \"person\"\n");
    let json = f.check_json();
    let diags = json["diagnostics"].as_array().expect("diagnostics");
    let unused = diags
        .iter()
        .find(|d| d["code"] == "unused-term" && d["message"].as_str().unwrap_or("").contains("Nobody Here"))
        .expect("unused term");
    assert_eq!(
        (unused["file"].as_str(), unused["line"].as_u64(), unused["column"].as_u64()),
        (Some("content/glossary.toml"), Some(6), Some(9))
    );
    let near = diags.iter().find(|d| d["code"] == "near-miss").expect("near miss");
    assert_eq!((near["line"].as_u64(), near["column"].as_u64()), (Some(4), Some(5)), "{near:#}");
    assert!(near["message"].as_str().unwrap_or("").contains("\"Internatonal\""), "{near:#}");
    assert!(diags.iter().all(|d| d["severity"] == "warning"), "{diags:#?}");
    assert_eq!(f.run(&["check"]).status.code(), Some(0), "warnings alone pass");
    assert_eq!(f.run(&["check", "--deny", "warnings"]).status.code(), Some(1), "--deny warnings fails on them");
    assert_eq!(f.run(&["check", "--format", "yaml"]).status.code(), Some(2), "a usage error is 2");
    assert_eq!(f.run(&["check", "--min-confidence", "7"]).status.code(), Some(2));
    assert_eq!(f.run(&["check", "--no-such-flag"]).status.code(), Some(2));
}
