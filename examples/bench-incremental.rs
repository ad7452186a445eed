//! Incremental rebuild benchmark (issue 9): what `dossier serve` does after one note is
//! edited. Builds the dossier once in memory, appends a sentence to one note, rebuilds the
//! way `serve` does (`serve::rebuild::Builder` with `ChangeKind::Notes`), restores the note,
//! and prints the times, the pages rendered again, and what the deferred files (print pack,
//! EPUB, search index and the notes page: rendered by `serve` on the first request for one)
//! cost when asked for.
//! The last line is `incremental rebuild: N ms (target ≤ 100 ms): PASS|FAIL`.
//!
//!     cargo run --release --example bench-incremental -- --root DIR --note NOTE_STEM

use std::path::PathBuf;
use std::time::Instant;

use dossier::serve::rebuild::{Builder, ChangeKind, Outcome};

// The allocator of the `dossier` binary (src/main.rs), so that the rebuild is timed as
// `dossier serve` runs it; without it an example gets the system's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Issue 9's target for the rebuild after one note edit at 10,000 articles.
const TARGET_MS: f64 = 100.0;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut root, mut note) = (None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--note" => note = args.next(),
            other => {
                eprintln!("unknown argument {other}; usage: bench-incremental --root DIR --note NOTE_STEM");
                std::process::exit(2);
            }
        }
    }
    let (Some(root), Some(note)) = (root, note) else {
        eprintln!("usage: bench-incremental --root DIR --note NOTE_STEM");
        std::process::exit(2);
    };
    let path = root.join("content/notes").join(format!("{note}.md"));
    let original = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let mut builder = Builder::new(&root, false);
    let start = Instant::now();
    report("full build (in memory)", builder.rebuild(ChangeKind::Other), start);
    let edited = format!("{original}\nOne more sentence, added by the benchmark.\n");
    if let Err(e) = std::fs::write(&path, edited) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(2);
    }
    let start = Instant::now();
    let outcome = builder.rebuild(ChangeKind::Notes);
    let restored = std::fs::write(&path, &original);
    let ms = report("incremental rebuild after editing one note", outcome, start);
    println!("  pages rendered again: {}", builder.rendered().join(", "));
    let deferred: Vec<String> = builder.deferred().iter().cloned().collect();
    if let Some(took) = builder.render_deferred() {
        println!(
            "  deferred until requested: {} ({:.1} ms when first asked for)",
            deferred.join(", "),
            took.as_secs_f64() * 1000.0
        );
    }
    if let Err(e) = restored {
        eprintln!("cannot restore {}: {e}", path.display());
        std::process::exit(2);
    }
    println!(
        "incremental rebuild: {ms:.1} ms (target ≤ {TARGET_MS:.0} ms): {}",
        if ms <= TARGET_MS { "PASS" } else { "FAIL" }
    );
}

/// Prints a rebuild's outcome; returns its wall time in ms.
fn report(what: &str, outcome: Outcome, start: Instant) -> f64 {
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Outcome::Built { pages, rendered, analyse, analysis, .. } => println!(
            "{what}: {wall:.1} ms wall ({analysis} analysis {:.1} ms, {rendered} of {pages} pages rendered)",
            analyse.as_secs_f64() * 1000.0
        ),
        Outcome::Failed { report, .. } => {
            eprintln!("{what} failed:\n{report}");
            std::process::exit(1);
        }
    }
    wall
}
