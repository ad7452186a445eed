//! The preview server's HTTP side: files from memory, the reload event stream, and the error
//! overlay.
//!
//! Files are looked up by key in the in-memory map of the last good build, never on disk, so a
//! request cannot reach outside the site: [`resolve`] still refuses `..`, `.`, NUL bytes,
//! backslashes and bad percent-encoding, so such requests fail loudly (403) instead of
//! silently matching something.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{Semaphore, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

use super::rebuild::Files;
use crate::render::text::escape;

/// The path of the reload event stream (server-sent events).
pub const EVENTS: &str = "/__dossier/events";

/// What the server shows: the last good files and, when the last rebuild failed, its report.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Arc<Files>,
    pub error: Option<String>,
    /// Bumped on every rebuild, good or bad; pages carry the version they were served at.
    pub version: u64,
    /// Files of `files` that are out of date after a note edit (the notes page, the print
    /// pack, the EPUB, the search index): a request for one has the rebuild thread render them, and waits.
    pub pending: std::collections::BTreeSet<String>,
}

#[derive(Clone)]
pub(super) struct AppState {
    pub(super) snapshot: Arc<RwLock<Snapshot>>,
    pub(super) versions: watch::Receiver<u64>,
    /// Bumped whenever the snapshot changes, reload or not (deferred files rendered).
    pub(super) updates: watch::Receiver<u64>,
    /// Asks the rebuild thread to render the deferred files.
    pub(super) work: std::sync::mpsc::Sender<super::Work>,
}

/// What one client can hold of the server. `axum::serve` sets none of these: a client that
/// opened a connection and never sent a request kept it (and its task) forever.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; further clients wait in the listen backlog.
    pub connections: usize,
    /// Time to send a request head (line and headers) before the connection is closed; also
    /// how long an idle keep-alive connection stays open.
    pub header_timeout: Duration,
    /// Largest request head; a larger one is answered 431 and the connection closed.
    pub max_head_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { connections: 512, header_timeout: Duration::from_secs(10), max_head_bytes: 64 * 1024 }
    }
}

/// Accepts connections and serves `router` on each, within `limits`. Returns when accepting
/// fails for good (the runtime is shutting down).
pub(super) async fn serve(listener: tokio::net::TcpListener, router: Router, limits: Limits) {
    let permits = Arc::new(Semaphore::new(limits.connections.max(1)));
    loop {
        let Ok(permit) = Arc::clone(&permits).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before accept: wait, go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_buf_size(limits.max_head_bytes.max(8192))
                .max_header_size(limits.max_head_bytes)
                .serve_connection(TokioIo::new(stream), service);
            // A client gone mid-request is its own problem, not the server's.
            let _ = conn.await;
            drop(permit);
        });
    }
}

pub(super) fn router(state: AppState) -> Router {
    Router::new().route(EVENTS, get(events)).fallback(get(file)).with_state(state)
}

async fn events(State(state): State<AppState>) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(state.versions.clone())
        .map(|v| Ok::<_, Infallible>(Event::default().event("reload").data(v.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A key of the files map.
    File(String),
    /// Not a path we will look up (traversal attempt, NUL, backslash, bad encoding).
    Forbidden,
}

/// Turns a request path (`/notes/a%20b.html`) into a key of the files map.
pub fn resolve(raw: &str) -> Resolved {
    let Some(bytes) = percent_decode(raw) else { return Resolved::Forbidden };
    let Ok(path) = String::from_utf8(bytes) else { return Resolved::Forbidden };
    if path.contains(['\0', '\\']) {
        return Resolved::Forbidden;
    }
    let mut parts = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Resolved::Forbidden,
            s if s.contains(':') => return Resolved::Forbidden, // `C:` drive prefixes
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if path.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Resolved::File(key)
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

async fn file(State(state): State<AppState>, uri: Uri) -> Response {
    let key = match resolve(uri.path()) {
        Resolved::File(k) => k,
        Resolved::Forbidden => return (StatusCode::FORBIDDEN, "forbidden\n").into_response(),
    };
    wait_for_deferred(&state, &key).await;
    let (body, error, version, status) = {
        let Ok(snap) = state.snapshot.read() else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "server state poisoned\n").into_response();
        };
        match snap.files.get(&key) {
            Some(b) => (Some(b.clone()), snap.error.clone(), snap.version, StatusCode::OK),
            None if snap.files.contains_key(&format!("{key}/index.html")) => {
                let to = format!("/{key}/index.html");
                return Response::builder()
                    .status(StatusCode::PERMANENT_REDIRECT)
                    .header(header::LOCATION, to)
                    .body(axum::body::Body::empty())
                    .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
            // Nothing built yet (the first build failed): every page shows the error.
            None if snap.files.is_empty() && snap.error.is_some() && (key.ends_with(".html")) => {
                (None, snap.error.clone(), snap.version, StatusCode::INTERNAL_SERVER_ERROR)
            }
            None => (None, None, snap.version, StatusCode::NOT_FOUND),
        }
    };
    let ctype = content_type(&key);
    let bytes: bytes::Bytes = match body {
        Some(b) if ctype.starts_with("text/html") => {
            inject(&String::from_utf8_lossy(&b), error.as_deref(), version).into()
        }
        Some(b) => b,
        None if status == StatusCode::NOT_FOUND => {
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1><p><code>/{}</code> is not a page of this dossier. <a href=\"/index.html\">Go to the cover</a>.</p></main></body></html>",
                escape(&key)
            );
            inject(&page, None, version).into()
        }
        None => {
            let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><main><h1>The dossier does not build yet</h1></main></body></html>";
            inject(page, error.as_deref(), version).into()
        }
    };
    let mut resp = (status, bytes).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// When `key` is a deferred file, asks the rebuild thread for it and waits until it is rendered
/// (or the server stops), so a response never carries out-of-date bytes.
async fn wait_for_deferred(state: &AppState, key: &str) {
    let mut updates = state.updates.clone();
    loop {
        updates.borrow_and_update();
        let pending = state.snapshot.read().is_ok_and(|snap| snap.pending.contains(key));
        if !pending || state.work.send(super::Work::RenderDeferred).is_err() || updates.changed().await.is_err() {
            return;
        }
    }
}

/// Adds the live-reload script (and the error overlay) before `</body>`. Only `serve` does
/// this; `dossier build` output never carries it.
pub fn inject(html: &str, error: Option<&str>, version: u64) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(report) = error {
        extra.push_str(&format!(
            concat!(
                "<div id=\"dossier-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
                "overflow:auto;background:#161616;color:#f3f3f3;padding:1.5rem 2rem;font:15px/1.5 ui-monospace,Menlo,Consolas,monospace\">",
                "<div style=\"max-width:60rem\"><h2 style=\"color:#ff8a80;margin:0 0 .5rem;font-size:1.3rem\">dossier: the build failed</h2>",
                "<p style=\"margin:0 0 1rem\">Fix the problem below and save: this page reloads by itself. Under this message is the page from the last good build ",
                "<button type=\"button\" onclick=\"this.closest('#dossier-error-overlay').remove()\" ",
                "style=\"font:inherit;margin-left:.5rem;padding:.1rem .6rem;background:#333;color:#fff;border:1px solid #777;border-radius:4px;cursor:pointer\">",
                "show it</button></p>",
                "<pre style=\"white-space:pre-wrap;margin:0;padding:1rem;background:#0c0c0c;border-left:4px solid #ff8a80\">{}</pre></div></div>"
            ),
            escape(report.trim_end())
        ));
    }
    extra.push_str(&format!(
        concat!(
            "<script>(function(){{var v=\"{}\";if(!window.EventSource)return;",
            "var s=new EventSource(\"{}\");",
            "s.addEventListener(\"reload\",function(e){{if(e.data!==v){{s.close();location.reload();}}}});}})();</script>"
        ),
        version, EVENTS
    ));
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(&extra);
    out.push_str(&html[at..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: Option<&str>) {
        let got = resolve(raw);
        match expected {
            Some(k) => assert_eq!(got, Resolved::File(k.to_string()), "{raw}"),
            None => assert_eq!(got, Resolved::Forbidden, "{raw}"),
        }
    }

    #[test]
    fn resolves_paths_and_refuses_traversal() {
        check("/", Some("index.html"));
        check("/index.html", Some("index.html"));
        check("/notes/", Some("notes/index.html"));
        check("/notes/a%20b.html", Some("notes/a b.html"));
        check("//etc/passwd", Some("etc/passwd")); // a key of the map, never a disk path
        check("/../Cargo.toml", None);
        check("/%2e%2e/Cargo.toml", None);
        check("/%2E%2E%2FCargo.toml", None);
        check("/notes/..%2f..%2fconfig.toml", None);
        check("/./index.html", None);
        check("/a%00.html", None);
        check("/..%5cconfig.toml", None);
        check("/a\\b", None);
        check("/C:/Windows/win.ini", None);
        check("/%zz", None);
        check("/%ff.html", None); // not UTF-8
        check("/%", None);
    }

    #[test]
    fn inject_puts_script_and_overlay_before_body_end() {
        let out =
            String::from_utf8(inject("<html><body><p>x</p></body></html>", Some("a <b> error"), 7)).expect("utf8");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("a &lt;b&gt; error"), "{out}");
        assert!(out.contains("var v=\"7\""), "{out}");
        let clean = String::from_utf8(inject("<p>no body</p>", None, 1)).expect("utf8");
        assert!(!clean.contains("dossier-error-overlay"));
        assert!(clean.starts_with("<p>no body</p><script>"));
    }
}
