//! The command line: `dossier build | check | init`. Exit codes as ripgrep: 0 ok, 1 problems
//! found, 2 usage or environment failure.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::Diagnostics;
use crate::{BuildError, BuildOptions};

#[derive(Debug, Parser)]
#[command(name = "dossier", version, about = "Static HTML briefing dossiers from scraped news articles and your notes")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the dossier into its output directory.
    Build {
        /// The dossier's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: `output_dir` of config.toml, `public`).
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Include notes marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Also print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Validate everything and print the extraction report, writing nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Include notes marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as problems (exit status 1).
        #[arg(long, value_name = "warnings")]
        deny: Option<Deny>,
        /// Warn about extracted fields less sure than this (0 to 1).
        #[arg(long, default_value_t = 0.6, value_parser = confidence)]
        min_confidence: f32,
    },
    /// Preview the dossier at http://127.0.0.1:PORT/, rebuilding and reloading on every save.
    #[cfg(feature = "serve")]
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but loopback shows your drafts to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the cover in the desktop's browser.
        #[arg(long)]
        open: bool,
        /// Include notes marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Add a note or an article to the dossier.
    #[command(subcommand)]
    New(New),
    /// Create a new dossier skeleton in DIR.
    Init {
        dir: PathBuf,
        /// Write into a non-empty directory.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum New {
    /// Write content/notes/<slug>.md with front matter.
    Note {
        /// The note's title (its file name is made from it).
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The note's date, YYYY-MM-DD.
        #[arg(long)]
        date: Option<String>,
    },
    /// Copy a saved web page (HTML) or a text file into content/articles/ with a sidecar stub.
    Article {
        /// The saved page or text file. (A URL is not fetched: save the page first.)
        source: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The article's id and file name (default: from the file name), e.g. ap-2014-10-28.
        #[arg(long)]
        id: Option<String>,
        /// The page's address, recorded in the sidecar.
        #[arg(long)]
        url: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build { root, output_dir, drafts, quiet, verbose } => {
            build(BuildOptions { root, output_dir, drafts }, quiet, verbose)
        }
        Command::Check { root, format, drafts, deny, min_confidence } => {
            let lints = crate::lints::LintOptions { min_confidence };
            check(root, format, drafts, deny.is_some(), &lints)
        }
        #[cfg(feature = "serve")]
        Command::Serve { root, port, bind, open, drafts } => serve(root, port, bind, open, drafts),
        Command::New(what) => new(what),
        Command::Init { dir, force } => match crate::scaffold::init(&dir, force) {
            Ok(()) => {
                println!(
                    "created a new dossier in {}\nnext: cd {} && dossier serve   (a live preview at http://127.0.0.1:1111/)\n      or: dossier build   (writes the site to public/)",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

#[cfg(feature = "serve")]
fn serve(root: PathBuf, port: u16, bind: std::net::IpAddr, open: bool, drafts: bool) -> ExitCode {
    let opts = crate::serve::ServeOptions { root, bind, port, drafts, log: true, limits: Default::default() };
    if !bind.is_loopback() {
        eprintln!("warning: listening on {bind}: other machines on the network can read this dossier");
    }
    match crate::serve::start(&opts, true) {
        Ok(server) => {
            println!("serving {} at {} (Ctrl-C to stop)", opts.root.display(), server.url());
            let _ = std::io::stdout().flush();
            if open {
                crate::serve::open_browser(&format!("{}index.html", server.url()));
            }
            server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn new(what: New) -> ExitCode {
    use crate::scaffold::new;
    let result = match what {
        New::Note { title, root, date } => new::note(&root, &title, date.as_deref()).map(|p| {
            println!("created {}", p.display());
        }),
        New::Article { source, root, id, url } => {
            new::article(&root, &source, id.as_deref(), url.as_deref()).map(|a| {
                println!(
                    "created {}
        {} (check the extracted values, then uncomment)",
                    a.text.display(),
                    a.sidecar.display()
                );
                println!("next: dossier check shows what was extracted from it");
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A one-line progress indication on stderr: the current stage and the time so far, redrawn
/// by a ticker thread, only on a terminal and only once a build has taken long enough to be
/// worth it; cleared when the build ends.
fn with_progress<T>(enabled: bool, work: impl FnOnce(&dyn Fn(&'static str)) -> T) -> T {
    use std::io::IsTerminal;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    if !enabled || !std::io::stderr().is_terminal() {
        return work(&|_| {});
    }
    let stage: Mutex<&'static str> = Mutex::new("load");
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let start = Instant::now();
            let mut shown = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if start.elapsed() > Duration::from_millis(400) && !done.load(Ordering::Relaxed) {
                    let now = stage.lock().map(|s| *s).unwrap_or("");
                    eprint!("\r\x1b[2Kbuilding… {now} ({:.1} s)", start.elapsed().as_secs_f64());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        let value = work(&|s| {
            if let Ok(mut current) = stage.lock() {
                *current = s;
            }
        });
        done.store(true, Ordering::Relaxed);
        value
    })
}

fn build(opts: BuildOptions, quiet: bool, verbose: bool) -> ExitCode {
    let result = with_progress(!quiet, |progress| crate::build_with_progress(&opts, progress));
    match result {
        Ok(report) => {
            if !report.diagnostics.is_empty() && !quiet {
                eprint!("{}", report.diagnostics.render());
            }
            if !quiet {
                println!(
                    "built {} articles, {} outlets, {} notes, {} terms, {} events: {} pages in {} ms → {}",
                    report.articles,
                    report.outlets,
                    report.notes,
                    report.terms,
                    report.events,
                    report.pages,
                    report.millis,
                    report.output_dir.display()
                );
            }
            if verbose && !quiet {
                for (stage, time) in &report.timings.0 {
                    println!("  {stage:<9} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Input(diags)) => {
            eprint!("{}", diags.render());
            eprintln!(
                "build failed: {} error(s), {} warning(s); nothing was written",
                diags.error_count(),
                diags.warning_count()
            );
            ExitCode::from(1)
        }
        Err(BuildError::Io(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn confidence(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}` is not a number from 0 to 1")),
    }
}

fn check(
    root: PathBuf,
    format: Format,
    drafts: bool,
    deny_warnings: bool,
    lints: &crate::lints::LintOptions,
) -> ExitCode {
    let mut diags = Diagnostics::new();
    let site = crate::analyse(&root, drafts, &mut diags);
    if let Some(site) = &site {
        crate::lints::lint(site, lints, &mut diags);
    }
    if let Some(site) = &site
        && !diags.has_errors()
    {
        // Template problems are problems of the build too: every page is rendered, and
        // dropped as soon as it is made (holding them all took 650 MB at 10,000 articles).
        let _ = crate::render::render_into(site, &crate::render::Selection::All, &mut diags, &|_| Ok(()));
    } else if let Some(site) = &site {
        // The site cannot be rendered; the templates' syntax can still be checked.
        crate::render::check_templates(site, &mut diags);
    }
    let glossary_stubs = site.as_ref().map(|s| crate::check::glossary_warnings(s, &mut diags)).unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    let written = match format {
        Format::Json => {
            let report = crate::check::report(site.as_ref(), &diags);
            serde_json::to_string_pretty(&report).map_err(std::io::Error::other).and_then(|s| writeln!(stdout, "{s}"))
        }
        Format::Text => {
            let table = site.as_ref().map(crate::check::extraction_table).unwrap_or_default();
            write!(stdout, "{table}{glossary_stubs}").and_then(|_| {
                if !diags.is_empty() {
                    eprint!("{}", diags.render());
                }
                writeln!(stdout, "check: {} error(s), {} warning(s)", diags.error_count(), diags.warning_count())
            })
        }
    };
    crate::drop_in_background(site);
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if diags.has_errors() || (deny_warnings && diags.warning_count() > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
