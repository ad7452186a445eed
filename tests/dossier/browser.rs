//! The site in a real browser: offline search from file:// (headless Chromium, driven by
//! `tests/browser/search.mjs` with playwright-core). Skipped where Node, Chromium or the
//! site-tools cache are missing, unless `DOSSIER_REQUIRE_BROWSER=1` (CI sets it).

use std::path::PathBuf;
use std::process::Command;

use crate::support::{Fixture, repo};

fn tools_ready() -> Result<(), String> {
    let home = std::env::var("DOSSIER_TOOLS_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/dossier-site-tools"));
    if !home.join("node_modules/playwright-core/package.json").is_file() {
        return Err(format!("playwright-core not in {} (run ../shared/tools/setup.sh)", home.display()));
    }
    if !PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).is_file() {
        return Err("chromium not installed".into());
    }
    Command::new("node").arg("--version").output().map_err(|e| format!("node: {e}"))?;
    Ok(())
}

#[test]
fn search_finds_an_article_by_a_body_word_from_file_url() {
    if let Err(why) = tools_ready() {
        if std::env::var("DOSSIER_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("browser test required but cannot run: {why}");
        }
        eprintln!("skipped: {why}");
        return;
    }
    let f = Fixture::new();
    f.write(
        "content/articles/first.txt",
        "A headline about harbours\n\nThe harbour master counted the boats at dawn.\n",
    );
    f.write(
        "content/articles/second.txt",
        // The word comes late in the body: the index keeps it in the word list, not the snippet.
        &format!(
            "Another headline\n\n{}\n\nNobody expected the zeppelinfish to surface near the quay.\n",
            "The harbour was quiet that morning, and the fishermen mended their nets. ".repeat(4)
        ),
    );
    let site = f.build();
    let out = Command::new("node")
        .arg(repo().join("tests/browser/search.mjs"))
        .arg(&site.dir)
        .arg("zeppelinfish")
        .arg("articles/second.html")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("search: ok"), "{stdout}");
}
