//! `dossier serve`: a local preview with live reload (a driver, like `cli` and `check`).
//!
//! The site is built into memory, never to disk: the preview never touches `public/` (or any
//! output directory) and requests are answered from a map of output paths, so nothing outside
//! the built site can be read. A watcher ([`watch`]) collects changes to `content/`, `themes/`,
//! `templates/` and `config.toml` (debounced, so an editor's save-to-temp-then-rename is one
//! change); [`rebuild::Builder`] re-analyses and re-renders what the change can affect; every
//! served page carries a small script that listens on a server-sent-event stream and reloads
//! when a rebuild finishes. A failed rebuild keeps the last good pages and lays the error
//! report (file:line:col, excerpt, hint) over them; the next good save clears it.

pub mod http;
pub mod rebuild;
mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow};
use tokio::sync::{oneshot, watch as tokio_watch};

use self::http::{AppState, Snapshot};
use self::rebuild::{Builder, ChangeKind, Outcome};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Print a line per rebuild on stderr.
    pub log: bool,
    /// Connection, time and size limits per client.
    pub limits: http::Limits,
}

impl ServeOptions {
    pub fn new(root: &Path) -> Self {
        ServeOptions {
            root: root.to_path_buf(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            log: true,
            limits: http::Limits::default(),
        }
    }
}

/// A running preview server. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    watcher: Option<watch::Watcher>,
    rebuilds: Option<JoinHandle<()>>,
}

impl Server {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Blocks until the server stops (Ctrl-C when started with `stop_on_ctrl_c`).
    pub fn wait(mut self) {
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
        // Dropping the watcher closes its channel, which ends the rebuild thread.
        self.watcher.take();
        if let Some(h) = self.rebuilds.take() {
            let _ = h.join();
        }
    }
}

/// Binds the port, with a clear message and a suggestion when it is taken.
fn bind(addr: IpAddr, port: u16) -> Result<TcpListener> {
    match TcpListener::bind((addr, port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free =
                (port.saturating_add(1)..port.saturating_add(50)).find(|&p| TcpListener::bind((addr, p)).is_ok());
            let suggestion = match free {
                Some(p) => format!("try `dossier serve --port {p}` (free now), or `--port 0` for any free port"),
                None => "try `dossier serve --port 0` for any free port".to_string(),
            };
            Err(anyhow!("port {port} on {addr} is already in use (another `dossier serve`?)\n  {suggestion}"))
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot listen on {addr}:{port}"))),
    }
}

/// What the rebuild thread is asked to do.
enum Work {
    /// Input files changed.
    Changed(Vec<PathBuf>),
    /// A request waits for the deferred files (notes page, print pack, EPUB, search index).
    RenderDeferred,
    /// The watcher stopped: the server is shutting down.
    Stop,
}

fn log_outcome(outcome: &Outcome, what: &str) {
    match outcome {
        Outcome::Built { pages, rendered, took, analyse, warnings, analysis, deferred } => {
            let warn =
                if *warnings > 0 { format!(", {warnings} warning(s): run `dossier check`") } else { String::new() };
            let later = if *deferred > 0 {
                "; the notes page, print pack, EPUB and search index follow when first asked for".to_string()
            } else {
                String::new()
            };
            eprintln!(
                "{what}: rendered {rendered} of {pages} pages in {} ms ({analysis} analysis {} ms){later}{warn}",
                took.as_millis(),
                analyse.as_millis()
            );
        }
        Outcome::Failed { report, errors } => {
            eprint!("{report}");
            eprintln!("{what}: failed with {errors} error(s); the browser shows them; the last good pages stay served");
        }
    }
}

/// Builds the site, starts watching, and serves it. `stop_on_ctrl_c` is for the command line.
pub fn start(opts: &ServeOptions, stop_on_ctrl_c: bool) -> Result<Server> {
    if !opts.root.join("config.toml").is_file() {
        return Err(anyhow!(
            "{} has no config.toml: it is not a dossier\n  create one with `dossier init DIR`, or pass --root DIR",
            opts.root.display()
        ));
    }
    // Watcher events carry canonical paths: compare against the canonical root.
    let root = opts.root.canonicalize().with_context(|| format!("reading {}", opts.root.display()))?;
    let listener = bind(opts.bind, opts.port)?;
    listener.set_nonblocking(true).context("configuring the listening socket")?;
    let addr = listener.local_addr().context("reading the listening address")?;

    let mut builder = Builder::new(&root, opts.drafts);
    let first = builder.rebuild(ChangeKind::Other);
    if opts.log {
        log_outcome(&first, "built");
    }
    let snapshot = Arc::new(RwLock::new(Snapshot {
        files: Arc::new(builder.files().clone()),
        error: failed_report(&first),
        version: 1,
        pending: builder.deferred().clone(),
    }));
    let (versions_tx, versions_rx) = tokio_watch::channel(1u64);
    let (updates_tx, updates_rx) = tokio_watch::channel(0u64);
    let (work_tx, work_rx) = std::sync::mpsc::channel::<Work>();

    let (watcher, changes) = watch::Watcher::start(&root)?;
    {
        let work_tx = work_tx.clone();
        std::thread::Builder::new()
            .name("dossier-changes".into())
            .spawn(move || {
                for changed in changes {
                    let _ = work_tx.send(Work::Changed(changed));
                }
                let _ = work_tx.send(Work::Stop);
            })
            .context("starting the change thread")?;
    }
    let rebuilds = {
        let snapshot = Arc::clone(&snapshot);
        let log = opts.log;
        std::thread::Builder::new()
            .name("dossier-rebuild".into())
            .spawn(move || {
                let mut version = 1;
                for work in work_rx {
                    let changed = match work {
                        Work::Changed(changed) => changed,
                        Work::RenderDeferred => {
                            if let Some(took) = builder.render_deferred() {
                                if log {
                                    eprintln!("rendered the deferred files (notes page, print pack, EPUB, search index) in {} ms", took.as_millis());
                                }
                                if let Ok(mut snap) = snapshot.write() {
                                    snap.files = Arc::new(builder.files().clone());
                                    snap.pending = builder.deferred().clone();
                                }
                            }
                            updates_tx.send_modify(|n| *n += 1);
                            continue;
                        }
                        Work::Stop => break,
                    };
                    let kind = rebuild::classify(&root, &changed);
                    let outcome = builder.rebuild(kind);
                    if log {
                        let names: Vec<String> = changed
                            .iter()
                            .take(3)
                            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
                            .collect();
                        log_outcome(&outcome, &format!("changed {}", names.join(", ")));
                    }
                    version += 1;
                    if let Ok(mut snap) = snapshot.write() {
                        if matches!(outcome, Outcome::Built { .. }) {
                            snap.files = Arc::new(builder.files().clone());
                            snap.pending = builder.deferred().clone();
                        }
                        snap.error = failed_report(&outcome);
                        snap.version = version;
                    }
                    let _ = versions_tx.send(version);
                    updates_tx.send_modify(|n| *n += 1);
                }
            })
            .context("starting the rebuild thread")?
    };

    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let limits = opts.limits;
    let state = AppState { snapshot, versions: versions_rx, updates: updates_rx, work: work_tx };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener).context("handing the socket to the runtime")?
    };
    let http = std::thread::Builder::new()
        .name("dossier-http".into())
        .spawn(move || {
            runtime.block_on(async move {
                let stop = async move {
                    if stop_on_ctrl_c {
                        tokio::select! {
                            _ = shutdown_rx => {}
                            _ = tokio::signal::ctrl_c() => {}
                        }
                    } else {
                        let _ = shutdown_rx.await;
                    }
                };
                // Not a graceful shutdown: open event streams never end, and would keep it
                // waiting forever. Requests in flight are answered from memory in microseconds.
                tokio::select! {
                    () = http::serve(listener, http::router(state), limits) => {}
                    () = stop => {}
                }
            });
            // Open event streams would keep a graceful shutdown waiting: do not wait for them.
            runtime.shutdown_background();
        })
        .context("starting the server thread")?;
    Ok(Server { addr, shutdown: Some(shutdown_tx), http: Some(http), watcher: Some(watcher), rebuilds: Some(rebuilds) })
}

fn failed_report(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Failed { report, .. } => Some(report.clone()),
        Outcome::Built { .. } => None,
    }
}

/// Opens `url` in the desktop's browser, if there is one.
pub fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(cmd.0)
        .args(&cmd.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("could not open a browser ({} not found); open {url} yourself", cmd.0);
    }
}
