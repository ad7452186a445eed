//! Test support: temporary dossiers, running the binary, parsing output.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The repository root, which is also the example dossier.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A dossier in a temporary directory, written file by file.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// An empty dossier with a minimal config.
    pub fn new() -> Self {
        let f = Fixture { dir: tempfile::tempdir().expect("tempdir") };
        f.write("config.toml", "title = \"Fixture\"\n");
        f.write("content/notes/.keep", "");
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) -> &Self {
        let p = self.root().join(path);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
        self
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `dossier ARGS` in the fixture.
    pub fn run(&self, args: &[&str]) -> Output {
        dossier(self.root(), args)
    }

    /// Builds with the library API and panics with the diagnostics on failure.
    pub fn build(&self) -> Site {
        let opts = dossier::BuildOptions { root: self.root().to_path_buf(), output_dir: None, drafts: false };
        match dossier::build(&opts) {
            Ok(_) => Site { dir: self.out() },
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    /// Builds and returns the error text (panics if the build succeeds).
    pub fn build_err(&self) -> String {
        let opts = dossier::BuildOptions { root: self.root().to_path_buf(), output_dir: None, drafts: false };
        match dossier::build(&opts) {
            Ok(_) => panic!("build unexpectedly succeeded"),
            Err(e) => e.to_string(),
        }
    }

    /// `dossier check --format json`, parsed.
    pub fn check_json(&self) -> serde_json::Value {
        let out = self.run(&["check", "--format", "json"]);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("check json: {e}\n{}", String::from_utf8_lossy(&out.stdout)))
    }
}

/// Runs the `dossier` binary with `--root ROOT` appended where it applies.
pub fn dossier(root: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args);
    if matches!(args.first(), Some(&"build") | Some(&"check")) {
        cmd.arg("--root").arg(root);
    }
    cmd.output().expect("run dossier")
}

/// A built site.
pub struct Site {
    pub dir: PathBuf,
}

impl Site {
    pub fn at(dir: &Path) -> Site {
        Site { dir: dir.to_path_buf() }
    }

    pub fn page(&self, path: &str) -> Page {
        let text = fs::read_to_string(self.dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        Page { path: path.to_string(), html: Html::parse_document(&text), text }
    }

    pub fn exists(&self, path: &str) -> bool {
        self.dir.join(path).is_file()
    }

    /// Every .html file, relative paths, sorted.
    pub fn pages(&self) -> Vec<String> {
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.retain(|p| p.ends_with(".html"));
        out.sort();
        out
    }

    /// Every file with its bytes, sorted by path.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.sort();
        out.into_iter()
            .map(|p| {
                let bytes = fs::read(self.dir.join(&p)).expect("read");
                (p, bytes)
            })
            .collect()
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).expect("prefix").to_string_lossy().replace('\\', "/"));
        }
    }
}

/// A parsed page.
pub struct Page {
    pub path: String,
    pub html: Html,
    pub text: String,
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let sel = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
        self.html.select(&sel).collect()
    }

    /// Text of the first match, whitespace collapsed.
    pub fn text_of(&self, css: &str) -> String {
        self.select(css)
            .first()
            .map(|e| collapse(&e.text().collect::<String>()))
            .unwrap_or_else(|| panic!("{}: no {css}", self.path))
    }

    /// Texts of all matches.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).iter().map(|e| collapse(&e.text().collect::<String>())).collect()
    }

    /// All ids on the page.
    pub fn ids(&self) -> Vec<String> {
        self.select("[id]").iter().filter_map(|e| e.value().attr("id").map(String::from)).collect()
    }
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The shared corpus, if present (`DOSSIER_CORPUS` or `../shared/corpus`).
#[allow(dead_code)]
pub fn corpus() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("DOSSIER_CORPUS") {
        return Some(PathBuf::from(p));
    }
    let p = repo().join("../shared/corpus");
    p.is_dir().then_some(p)
}
