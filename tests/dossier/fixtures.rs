//! Small dossiers for one feature each.

use crate::support::{Fixture, Site, dossier};

const ARTICLE: &str = "Harbour reopens after storm repairs\n\nBy Jane Doe\n\nPORTVILLE (Reuters) - The Harbour Authority reopened the north quay on Tuesday after repairs, officials said.\n\nThe Harbour Authority said the HA board approved the budget. The port authority will meet again.\n";

#[test]
fn hostile_text_is_escaped_everywhere() {
    let f = Fixture::new();
    f.write(
        "config.toml",
        "title = \"<script>alert('t')</script>\"\nhandling = \"\\\"><img src=x onerror=alert(1)>\"\n",
    );
    f.write(
        "content/articles/x.txt",
        "+++\ntitle = \"<script>alert(1)</script>\"\noutlet = \"\\\"><img src=x onerror=alert(2)>\"\nbyline = [\"<b>Bold</b>\"]\n+++\nIgnored headline line\n\nBody with <script>alert(3)</script> and \"><img src=y onerror=alert(4)> inside.\n",
    );
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"<i>Term</i>\"\ndefinition = \"<script>alert(5)</script> defined.\"\n",
    );
    f.write(
        "content/notes/n.md",
        "+++\ntitle = \"<svg onload=alert(6)>\"\n+++\nText <script>alert(7)</script> here.\n",
    );
    let site = f.build();
    for p in site.pages() {
        let page = site.page(&p);
        for s in page.select("script") {
            let src = s.value().attr("src").unwrap_or("");
            assert!(
                src.ends_with("search-index.js") || src.ends_with("search.js") || src.ends_with("timeline.js"),
                "{p}: injected script"
            );
        }
        assert!(page.select("img").is_empty(), "{p}: injected img");
        assert!(page.select("svg").is_empty(), "{p}: injected svg");
        assert!(page.select("b, i").is_empty(), "{p}: injected markup");
    }
    let article = site.page("articles/x.html");
    assert_eq!(article.text_of("article h1"), "<script>alert(1)</script>");
    let index = std::fs::read_to_string(site.dir.join("assets/search-index.js")).expect("index");
    assert!(!index.contains("<script"), "search index escapes markup");
}

#[test]
fn glossary_terms_link_in_text_but_not_in_code_links_or_headings() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", ARTICLE);
    f.write("content/glossary.toml", "[[terms]]\nterm = \"Harbour Authority\"\nabbr = \"HA\"\naliases = [\"port authority\"]\ndefinition = \"Runs the port.\"\n");
    f.write(
        "content/notes/n.md",
        "+++\ntitle = \"Note\"\n+++\n## Harbour Authority in a heading\n\nThe `Harbour Authority` in code, a [link about the Harbour Authority](https://example.org), and then the Harbour Authority in text.\n",
    );
    let site = f.build();
    let note = site.page("notes/n.html");
    assert!(note.select("h2 a.term").is_empty(), "not in headings");
    assert!(note.select("code a").is_empty(), "not in code");
    assert!(note.select("a a").is_empty(), "never a link inside a link");
    assert_eq!(note.select(".prose a.term").len(), 1, "first mention in text is linked");
    let article = site.page("articles/a.html");
    // First mention per page (the default policy): one link for the term on the page.
    assert_eq!(article.select(".article-body a.term").len(), 1);
    let glossary = site.page("glossary.html");
    assert!(
        glossary.text_of("#term-harbour-authority .coverage").contains("5 mentions"),
        "{}",
        glossary.text_of("#term-harbour-authority .coverage")
    );
}

#[test]
fn linking_policy_every_links_each_mention() {
    let f = Fixture::new();
    f.write("config.toml", "title = \"T\"\n[glossary]\nlink = \"every\"\n");
    f.write("content/articles/a.txt", ARTICLE);
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Harbour Authority\"\nabbr = \"HA\"\naliases = [\"port authority\"]\n",
    );
    let site = f.build();
    assert_eq!(site.page("articles/a.html").select(".article-body a.term").len(), 4);
}

#[test]
fn front_matter_beats_sidecar_beats_extraction() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", &format!("+++\ntitle = \"From front matter\"\n+++\n{ARTICLE}"));
    f.write(
        "content/articles/a.toml",
        "# the editor knows\ntitle = \"From sidecar\"\noutlet = \"Sidecar Outlet\"\ndate = \"2024-03-05\"\n",
    );
    let json = f.check_json();
    let a = &json["articles"][0];
    assert_eq!(a["title"], "From front matter");
    assert_eq!(a["provenance"]["title"]["source"], "front_matter");
    assert_eq!(a["outlet"], "Sidecar Outlet");
    assert_eq!(a["provenance"]["outlet"]["source"], "sidecar");
    assert_eq!(a["date"], "2024-03-05");
}

#[test]
fn theme_templates_are_overridden_from_the_root() {
    let f = Fixture::new();
    f.write("content/notes/n.md", "+++\ntitle = \"Note\"\n+++\nText.\n");
    f.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">{{ note.title }}</p>{% endblock content %}",
    );
    let site = f.build();
    assert_eq!(site.page("notes/n.html").text_of("#custom"), "Note");
}

/// Article and outlet pages, the list of outlets, the glossary and the quotes are written
/// without Tera only while the theme's `article.html` (`outlet.html`, `outlets.html`,
/// `glossary.html`, `quotes.html`) and `base.html` are the built-in ones, the print pack while
/// `print.html` is (it does not extend `base.html`): a theme that
/// changes one of them sees its change on every such page, and only there.
#[test]
fn pages_written_directly_follow_a_changed_template() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", ARTICLE);
    f.write("content/glossary.toml", "[[terms]]\nterm = \"Harbour Authority\"\ndefinition = \"Runs the port.\"\n");
    let built_in = f.build();
    let speakers = built_in.page("quotes.html").select("section.speaker").len().to_string();
    let outlet = built_in.pages().into_iter().find(|p| p.starts_with("outlets/") && p != "outlets/index.html");
    let outlet = outlet.expect("an outlet page");
    // Each page as the built-in templates make it.
    let is_built_in = |site: &Site| {
        [
            site.page("articles/a.html").select("article.article").len() == 1,
            site.page(&outlet).select("article.outlet").len() == 1,
            site.page("outlets/index.html").select("table.matrix").len() == 2,
            site.page("print.html").select("main.print-pack section.part").len() > 3,
            site.page("glossary.html").select("nav.term-index").len() == 1,
            site.page("quotes.html").select("p.lede").len() == 1,
        ]
    };
    assert_eq!(is_built_in(&built_in), [true; 6]);
    let parts = built_in.page("print.html").select("main.print-pack section.part").len().to_string();
    let custom = |var: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block content %}}<h1 id=\"custom\">{{{{ {var} }}}}</h1>{{% endblock content %}}"
        )
    };
    let changes = [
        ("templates/article.html", custom("article.title"), "articles/a.html", "Harbour reopens after storm repairs"),
        ("templates/outlet.html", custom("outlet.articles | length"), outlet.as_str(), "1"),
        ("templates/outlets.html", custom("outlets | length"), "outlets/index.html", "1"),
        ("templates/print.html", custom("print.parts | length"), "print.html", parts.as_str()),
        ("templates/glossary.html", custom("groups | length"), "glossary.html", "1"),
        ("templates/quotes.html", custom("speakers | length"), "quotes.html", speakers.as_str()),
    ];
    for (i, (template, text, page, shown)) in changes.iter().enumerate() {
        f.write(template, text);
        let site = f.build();
        assert_eq!(site.page(page).text_of("#custom"), *shown, "{template}");
        let mut expected = [true; 6];
        expected[i] = false;
        assert_eq!(is_built_in(&site), expected, "only {page} changes with {template}");
        let _ = std::fs::remove_file(f.root().join(template));
    }
    let base = include_str!("../../themes/default/templates/base.html");
    f.write(
        "templates/base.html",
        &base.replace("<main id=\"main\">", "<p id=\"base-mark\">Desk copy</p>\n<main id=\"main\">"),
    );
    let site = f.build();
    for p in ["articles/a.html", outlet.as_str(), "outlets/index.html", "glossary.html", "quotes.html"] {
        assert_eq!(site.page(p).text_of("#base-mark"), "Desk copy", "{p}");
    }
    assert!(site.page("print.html").select("#base-mark").is_empty(), "the pack is not in base.html");
    assert_eq!(is_built_in(&site), [true; 6], "the pages' own templates are the built-in ones");
}

/// The print pack written directly and through Tera (its template with a comment added, which
/// renders nothing) is the same, and so is the EPUB cut from it.
#[test]
fn print_pack_and_epub_written_directly_are_what_tera_renders() {
    let f = Fixture::new();
    f.write("config.toml", "title = \"Fixture <&>\"\nhandling = \"Desk \\\"copy\\\"\"\n[print]\nepub = true\n");
    f.write("content/articles/a.txt", ARTICLE);
    f.write("content/notes/n.md", "+++\ntitle = \"A note\"\n+++\nSee [[a#p1]] and the Harbour Authority.\n");
    f.write("content/glossary.toml", "[[terms]]\nterm = \"Harbour Authority\"\nabbr = \"HA\"\n");
    let read = |site: &Site, path: &str| std::fs::read(site.dir.join(path)).expect(path);
    let direct = f.build();
    let (pack, epub) = (read(&direct, "print.html"), read(&direct, "dossier.epub"));
    let template = include_str!("../../themes/default/templates/print.html");
    f.write("templates/print.html", &template.replace("</head>", "{# not the built-in pack #}</head>"));
    let by_tera = f.build();
    assert!(pack == read(&by_tera, "print.html"), "print.html differs");
    assert!(epub == read(&by_tera, "dossier.epub"), "dossier.epub differs");
    assert!(String::from_utf8_lossy(&pack).contains("Harbour Authority"));
}

#[test]
fn drafts_and_print_false_notes() {
    let f = Fixture::new();
    f.write("content/notes/draft.md", "+++\ntitle = \"Draft note\"\ndraft = true\n+++\nText.\n");
    f.write("content/notes/screen.md", "+++\ntitle = \"Screen only\"\nprint = false\n+++\nText.\n");
    let site = f.build();
    assert!(!site.exists("notes/draft.html"));
    assert!(site.exists("notes/screen.html"));
    assert!(!site.page("print.html").text.contains("Screen only"));
    let out = f.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(f.out().join("notes/draft.html").exists());
}

#[test]
fn init_creates_a_dossier_that_builds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("demo");
    let out = dossier(tmp.path(), &["init", dir.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = dossier(&dir, &["build"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site = Site::at(&dir.join("public"));
    assert!(site.exists("index.html") && site.exists("print.html"));
    let again = dossier(tmp.path(), &["init", dir.to_str().expect("utf8")]);
    assert_eq!(again.status.code(), Some(2), "refuses a non-empty directory");
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let check = dossier(&dir, &["check", "--deny", "warnings"]);
    assert_eq!(check.status.code(), Some(0), "a new dossier is clean:\n{}", String::from_utf8_lossy(&check.stderr));
    std::fs::remove_file(dir.join("content/glossary.toml")).expect("rm");
    let forced = dossier(tmp.path(), &["init", "--force", dir.to_str().expect("utf8")]);
    assert!(forced.status.success());
    assert!(dir.join("content/glossary.toml").is_file(), "--force adds the missing files");
}

#[test]
fn unknown_dates_stay_unknown() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", "Sun, 23 February , 2025 Home About Us Advertisement Contact Us\nA headline about the talks\n\nUNITED NATIONS (AP) — Officials met on Monday to discuss the plan, a spokesman said on Tuesday.\n\nThe talks will continue next month, he said.\n");
    let json = f.check_json();
    assert!(json["articles"][0]["date"].is_null(), "{:#}", json["articles"][0]);
    let site = f.build();
    assert!(site.page("articles/a.html").text_of(".meta").contains("unknown"));
}

#[test]
fn epub_of_the_briefing_when_enabled() {
    let f = Fixture::new();
    f.write("content/articles/a.txt", ARTICLE);
    f.write("content/notes/n.md", "+++\ntitle = \"A note\"\n+++\nSee [[a#p1]].\n");
    let site = f.build();
    assert!(!site.exists("dossier.epub"), "off by default");
    f.write("config.toml", "title = \"Fixture\"\n[print]\nepub = true\n");
    let site = f.build();
    let bytes = std::fs::read(site.dir.join("dossier.epub")).expect("epub written");
    // OCF: the first entry is `mimetype`, stored, with no extra field.
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    assert!(names.contains(&"OEBPS/content.opf".to_string()) && names.contains(&"OEBPS/nav.xhtml".to_string()));
    let chapters = names.iter().filter(|n| n.starts_with("OEBPS/ch")).count();
    assert!(chapters >= 6, "cover and five parts: {names:?}");
    // The note's cross-reference points into the chapter that holds the paragraph.
    let mut notes = String::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        let mut text = String::new();
        if file.name().is_ok_and(|n| n.ends_with(".xhtml"))
            && std::io::Read::read_to_string(&mut file, &mut text).is_ok()
            && text.contains("A note")
        {
            notes.push_str(&text);
        }
    }
    assert!(notes.contains(".xhtml#art-a-p1"), "cross-chapter link rewritten");
    // Byte-identical rebuilds.
    let again = f.build();
    assert_eq!(std::fs::read(site.dir.join("dossier.epub")).ok(), std::fs::read(again.dir.join("dossier.epub")).ok());
}

/// The notes list shows titles and summaries; a theme whose `notes.html` shows each note's text
/// (`n.html`) gets it, rendered as on the note's own page.
#[test]
fn notes_list_gets_the_notes_text_only_when_its_template_reads_it() {
    let f = Fixture::new();
    f.write(
        "content/notes/first.md",
        "+++\ntitle = \"First\"\nsummary = \"Short.\"\n+++\nThe **body** of the first note.\n",
    );
    let page = f.build().page("notes/index.html");
    assert_eq!(page.texts("ul.cards li a"), vec!["First"]);
    assert!(page.select("strong").is_empty(), "the default list shows no note text");
    f.write(
        "templates/notes.html",
        "{% extends \"base.html\" %}{% block content %}{% for n in notes %}<article class=\"n\">{{ n.html | safe }}</article>{% endfor %}{% endblock content %}",
    );
    let page = f.build().page("notes/index.html");
    assert_eq!(page.texts("article.n strong"), vec!["body"]);
}
