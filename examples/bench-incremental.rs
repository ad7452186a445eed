//! Incremental rebuild benchmark (issue 9): what `dossier serve` does after one note is
//! edited. Builds the dossier once in memory, appends a sentence to one note, rebuilds the
//! way `serve` does (`serve::rebuild::Builder` with `ChangeKind::Notes`), restores the note,
//! and prints the times.
//!
//!     cargo run --release --example bench-incremental -- --root DIR --note NOTE_STEM

use std::path::PathBuf;
use std::time::Instant;

use dossier::serve::rebuild::{Builder, ChangeKind, Outcome};

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
    let _ = std::fs::write(&path, &original);
    report("incremental rebuild after editing one note", outcome, start);
}

fn report(what: &str, outcome: Outcome, start: Instant) {
    let wall = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        Outcome::Built { pages, rendered, analyse, .. } => println!(
            "{what}: {wall:.1} ms wall ({:.1} ms analysis, {rendered} of {pages} pages rendered)",
            analyse.as_secs_f64() * 1000.0
        ),
        Outcome::Failed { report, .. } => {
            eprintln!("{what} failed:\n{report}");
            std::process::exit(1);
        }
    }
}
