//! The print pack: parts chosen and ordered in `[print] sections`, their numbers, references
//! into parts left out falling back to the web pages, `[[xref]]`s printed as `§` references,
//! source URLs as endnotes, `article_text` and `max_full_articles`, and wide matrices split.

use crate::support::{Fixture, Site};

/// Two outlets, three articles with URLs, a note citing an article paragraph and a term, a
/// glossary term every article mentions.
fn fixture(print: &str) -> Fixture {
    let f = Fixture::new();
    f.write("config.toml", &format!("title = \"Fixture\"\n[print]\n{print}"));
    let article = |outlet: &str, day: u32, extra: &str| {
        format!(
            "+++\ntitle = \"{outlet} story {day}\"\noutlet = \"{outlet}\"\ndate = \"2014-10-{day:02}\"\nurl = \"https://example.org/{outlet}/{day}\"\n+++\n\
             The Fixture Commission met on Monday in Geneva.\n\n\
             A second paragraph about the Fixture Commission and its report.\n\n\
             A third paragraph{extra}.\n"
        )
    };
    f.write("content/articles/alpha-1.txt", &article("Alpha", 20, ""));
    f.write("content/articles/alpha-2.txt", &article("Alpha", 21, " with more"));
    f.write("content/articles/beta-1.txt", &article("Beta", 22, " from Beta"));
    f.write(
        "content/glossary.toml",
        "[[terms]]\nterm = \"Fixture Commission\"\nkind = \"organisation\"\ndefinition = \"A body.\"\n",
    );
    f.write(
        "content/notes/assessment.md",
        "+++\ntitle = \"Assessment\"\nweight = 1\n+++\nThe Fixture Commission decides.\n\nSee [[beta-1#p2]] and [[alpha-2]] and [[term:Fixture Commission]].\n",
    );
    f.write("content/notes/second.md", "+++\ntitle = \"Second\"\nweight = 2\n+++\nMore about [[note:assessment]].\n");
    f
}

fn hrefs(site: &Site, css: &str) -> Vec<String> {
    let page = site.page("print.html");
    page.select(css).iter().filter_map(|a| a.value().attr("href").map(String::from)).collect()
}

/// Every `#anchor` in the pack names an element of the pack, and every other link is a
/// relative link to a page of the site (with its anchor), or an external URL.
fn assert_links_resolve(site: &Site) {
    let page = site.page("print.html");
    let ids = page.ids();
    for href in hrefs(site, "a[href]") {
        if href.starts_with("https://") {
            continue;
        }
        let (file, anchor) = href.split_once('#').unwrap_or((&href, ""));
        if file.is_empty() {
            assert!(ids.iter().any(|id| id == anchor), "print.html: {href} names nothing in the pack");
        } else {
            assert!(site.exists(file), "print.html: {href} names no file");
            if !anchor.is_empty() {
                assert!(site.page(file).ids().iter().any(|id| id == anchor), "{href}: no #{anchor} in {file}");
            }
        }
    }
}

#[test]
fn default_order_numbers_parts_and_prints_xrefs_and_endnotes() {
    let site_dossier = fixture("");
    let site = site_dossier.build();
    let page = site.page("print.html");
    assert_eq!(
        page.texts("main > section.part > h2"),
        ["1 Summary", "2 Notes", "3 Timeline", "4 Outlets and articles", "5 Quotes", "6 Glossary", "7 Sources"]
    );
    assert_eq!(page.texts(".print-note h3"), ["2.1 Assessment", "2.2 Second"]);
    assert_eq!(page.texts(".print-article h4 .num"), ["4.1.1", "4.1.2", "4.2.1"]);
    assert!(!page.select("#part-timeline .entry-publication").is_empty(), "whole timeline with whole articles");
    // [[xref]]s print where their target is: a paragraph with its ¶, an article, a term, a note.
    assert_eq!(page.texts("#note-assessment .xref-ref"), ["(§4.2.1 ¶2)", "(§4.1.2)", "(§6)"]);
    assert_eq!(page.texts("#note-second .xref-ref"), ["(§2.1)"]);
    // Each article's URL once, as a numbered endnote; not inline.
    assert_eq!(page.texts(".print-article .endnote-ref"), ["[1]", "[2]", "[3]"]);
    assert!(!page.text_of("#art-alpha-1").contains("https://"), "URL not inline");
    let endnotes = page.texts("ol.endnotes li");
    assert_eq!(endnotes.len(), 3);
    assert!(endnotes[0].starts_with("§4.1.1 Alpha, “Alpha story 20”"), "{endnotes:?}");
    assert!(endnotes[0].ends_with("https://example.org/Alpha/20"), "{endnotes:?}");
    // Glossary references point into the outlets part.
    assert!(page.text_of("#part-glossary .refs").contains("§4.1.1 ¶1, 2"), "{}", page.text_of("#part-glossary .refs"));
    assert!(hrefs(&site, "a[href]").iter().all(|h| h.starts_with('#') || h.starts_with("https://")));
    assert_links_resolve(&site);
}

#[test]
fn reordered_and_omitted_parts_renumber_and_fall_back_to_web_pages() {
    let site_dossier = fixture("sections = [\"glossary\", \"notes\", \"sources\"]\narticle_text = \"lede\"\n");
    let site = site_dossier.build();
    let page = site.page("print.html");
    assert_eq!(page.texts("main > section.part > h2"), ["1 Glossary", "2 Notes", "3 Sources"]);
    assert_eq!(page.texts(".print-toc .toc-list > li > a"), ["1 Glossary", "2 Notes", "3 Sources"]);
    assert!(page.select("#part-outlets, #part-timeline, .print-article").is_empty());
    // Articles are not printed: references name their web pages and link there.
    assert_eq!(
        page.texts("#note-assessment .xref-ref"),
        ["(articles/beta-1.html ¶2)", "(articles/alpha-2.html)", "(§1)"]
    );
    let note_links = hrefs(&site, "#note-assessment a.xref");
    assert_eq!(note_links[0], "articles/beta-1.html#art-beta-1-p2");
    assert_eq!(note_links[2], "#term-fixture-commission");
    assert!(page.text_of("#part-glossary .refs").contains("articles/alpha-1.html ¶1, 2"));
    assert!(page.text_of("#part-glossary .refs").contains("§2.1"), "note mention keeps its section");
    // The endnotes stay, pointing at the web pages.
    assert_eq!(hrefs(&site, "ol.endnotes li a:first-child")[0], "articles/alpha-1.html#art-alpha-1");
    let toc = page.text_of(".print-toc");
    assert!(toc.contains("Not printed: summary, timeline, outlets, quotes"), "{toc}");
    assert!(!toc.contains("ledes"), "nothing said about articles that are not printed: {toc}");
    assert_links_resolve(&site);
}

#[test]
fn without_sources_part_urls_print_once_in_the_article() {
    let site_dossier = fixture("sections = [\"outlets\", \"notes\"]\n");
    let site = site_dossier.build();
    let page = site.page("print.html");
    assert!(page.select(".endnote-ref, ol.endnotes").is_empty());
    assert!(page.text_of("#art-alpha-1 .meta").contains("https://example.org/Alpha/20"));
    // Glossary left out: the term xref links to the glossary page.
    assert_eq!(page.texts("#note-assessment .xref-ref"), ["(§1.2.1 ¶2)", "(§1.1.2)", "(glossary.html)"]);
    assert_links_resolve(&site);
}

#[test]
fn ledes_print_the_first_paragraph_and_link_the_rest_to_the_web() {
    let site_dossier = fixture("article_text = \"lede\"\n");
    let site = site_dossier.build();
    let page = site.page("print.html");
    assert_eq!(page.select("#art-alpha-1 p.para").len(), 1);
    assert!(page.text_of("#art-alpha-1 .more").contains("2 more paragraphs: articles/alpha-1.html"));
    assert_eq!(hrefs(&site, "#note-assessment a.xref")[0], "articles/beta-1.html#art-beta-1-p2");
    assert!(!page.text_of(".print-toc").contains("max_full_articles"), "chosen, not degraded");
    assert_links_resolve(&site);
    let listed_dossier = fixture("article_text = \"none\"\n");
    let listed = listed_dossier.build();
    let page = listed.page("print.html");
    assert!(page.select("p.para").is_empty());
    assert_eq!(page.texts(".print-article-list li .num"), ["4.1.1", "4.1.2", "4.2.1"]);
    assert_links_resolve(&listed);
}

#[test]
fn past_max_full_articles_full_degrades_to_ledes_with_a_warning() {
    let f = fixture("max_full_articles = 2\n");
    let site = f.build();
    let page = site.page("print.html");
    assert_eq!(page.select("#art-beta-1 p.para").len(), 1, "ledes");
    let toc = page.text_of(".print-toc .print-scale");
    assert!(toc.contains("3 articles, more than max_full_articles = 2"), "{toc}");
    assert!(toc.contains("raise max_full_articles"), "{toc}");
    // The timeline keeps the editor's events only; the rest stays on the web timeline.
    assert!(page.select("#part-timeline .entry-publication, #part-timeline .entry-extracted").is_empty());
    assert!(page.text_of("#part-timeline .print-scale").contains("timeline.html"));
    assert_links_resolve(&site);
    let json = f.check_json();
    let warning = json["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["code"] == "print-ledes"))
        .unwrap_or_else(|| panic!("no print-ledes warning: {json}"));
    assert_eq!(warning["file"], "config.toml");
    assert_eq!(warning["line"], 3);
    // At the limit, no warning and full text.
    let f = fixture("max_full_articles = 3\n");
    assert_eq!(f.build().page("print.html").select("#art-beta-1 p.para").len(), 3);
    assert!(!f.check_json()["diagnostics"].to_string().contains("print-ledes"));
}

#[test]
fn unknown_and_repeated_sections_are_config_errors_at_their_place() {
    let f = fixture("sections = [\"summary\", \"apendix\"]\n");
    let err = f.build_err();
    assert!(err.contains("config.toml:3:24"), "{err}");
    assert!(err.contains("glossary"), "the hint lists the parts: {err}");
    let f = fixture("sections = [\"notes\", \"timeline\", \"notes\"]\n");
    let err = f.build_err();
    assert!(err.contains("config.toml:3:34"), "{err}");
    assert!(err.contains("listed twice"), "{err}");
}

#[test]
fn the_epub_follows_the_configured_order_without_links_out_of_the_book() {
    let f = fixture("epub = true\nsections = [\"glossary\", \"notes\"]\n");
    let site = f.build();
    let bytes = std::fs::read(site.dir.join("dossier.epub")).expect("epub");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut nav = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/nav.xhtml").expect("nav"), &mut nav).expect("read");
    let glossary = nav.find("1 Glossary").expect("glossary chapter");
    let notes = nav.find("2 Notes").expect("notes chapter");
    assert!(glossary < notes, "{nav}");
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("entry");
        let name = file.name().expect("name").to_string();
        let mut text = String::new();
        if name.ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut file, &mut text).expect("read");
            assert!(!text.contains("href=\"articles/"), "{name}: link out of the book");
        }
    }
}

#[test]
fn many_outlets_split_the_printed_matrix_into_column_groups() {
    let f = Fixture::new();
    f.write("content/glossary.toml", "[[terms]]\nterm = \"Harbour\"\nkind = \"place\"\ndefinition = \"A port.\"\n");
    for i in 0..20 {
        f.write(
            &format!("content/articles/o{i}.txt"),
            &format!("+++\ntitle = \"Story {i}\"\noutlet = \"Outlet Number {i}\"\ndate = \"2014-10-20\"\n+++\nThe Harbour opened.\n"),
        );
    }
    let page = f.build().page("print.html");
    let tables = page.select("table.print-matrix");
    assert_eq!(tables.len(), 4, "20 outlets in tables of 6");
    let widths: Vec<usize> =
        tables.iter().map(|t| t.select(&scraper::Selector::parse("thead th").expect("selector")).count()).collect();
    assert_eq!(widths, [7, 7, 7, 3], "a label column and at most 6 outlets");
}

const WORDS: [&str; 115] = [
    "apple", "anchor", "basket", "beacon", "canvas", "candle", "dagger", "dragon", "empire", "engine", "falcon",
    "feather", "garden", "glacier", "hammer", "harvest", "island", "ivory", "jacket", "jungle", "kettle", "kingdom",
    "ladder", "lantern", "magnet", "marble", "napkin", "needle", "orange", "orchard", "paddle", "pepper", "quarry",
    "quiver", "rabbit", "ribbon", "saddle", "silver", "tablet", "thunder", "umbrella", "uniform", "valley", "velvet",
    "wagon", "walnut", "yellow", "zipper", "acorn", "ballot", "cactus", "dolphin", "eclipse", "fabric", "goblet",
    "helmet", "insect", "jigsaw", "kernel", "lizard", "meadow", "nectar", "oyster", "parrot", "quartz", "raisin",
    "salmon", "turnip", "utensil", "vessel", "willow", "yogurt", "zenith", "almond", "bamboo", "cobalt", "denim",
    "emerald", "fossil", "gravel", "hazel", "indigo", "juniper", "kiwi", "lemon", "mango", "nutmeg", "olive", "pewter",
    "quince", "russet", "saffron", "tundra", "ultra", "violet", "walrus", "xylem", "yarrow", "zephyr", "amber",
    "bronze", "copper", "dusk", "ember", "frost", "granite", "heron", "ink", "jade", "kelp", "lotus", "moss", "nickel",
    "onyx", "pearl",
];

/// On paper a speaker keeps their 20 most widely carried quotations; the rest are counted and
/// left to the quotes page, which has them all.
#[test]
fn print_keeps_each_speakers_twenty_most_carried_quotes() {
    let f = Fixture::new();
    f.write("config.toml", "title = \"Quotes\"\n");
    let topics = [
        "harbour",
        "bridge",
        "budget",
        "schools",
        "railway",
        "water",
        "housing",
        "tariffs",
        "fisheries",
        "forests",
        "airport",
        "clinics",
        "courts",
        "police",
        "museums",
        "roads",
        "pensions",
        "energy",
        "archives",
        "ports",
        "mining",
        "tourism",
        "farming",
    ];
    for (n, topic) in topics.iter().enumerate() {
        // Wordings that share no words (alike ones would be grouped as one quotation).
        let quote = format!("The {topic} {}", WORDS[n * 5..n * 5 + 5].join(" "));
        let story = |outlet: &str| {
            format!(
                "+++\ntitle = \"{outlet} on the {topic}\"\noutlet = \"{outlet}\"\ndate = \"2024-03-{:02}\"\n+++\nMinister Lena Varo spoke to reporters in the capital.\n\n“{quote},” Varo said at a news conference.\n",
                1 + n
            )
        };
        f.write(&format!("content/articles/alpha-{n:02}.txt"), &story("Alpha Times"));
        // The first quotation is carried by a second outlet: it must be among those printed.
        if n == 22 {
            f.write("content/articles/beta-22.txt", &story("Beta Post"));
        }
    }
    let site = f.build();
    let web = site.page("quotes.html");
    assert_eq!(web.select("li.quote").len(), 23, "the quotes page has them all");
    let print = site.page("print.html");
    let printed = print.texts(".part-quotes li.quote blockquote");
    assert_eq!(printed.len(), 20, "{printed:?}");
    assert!(printed[0].contains("farming"), "the most widely carried first: {printed:?}");
    assert!(print.text_of(".part-quotes .speaker .more").starts_with("3 more quotations of"));
}
