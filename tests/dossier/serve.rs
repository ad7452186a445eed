//! `dossier serve`: pages over HTTP on loopback, live reload after an edit, the error overlay,
//! traversal attempts, and a busy port. Every wait polls with a deadline; nothing sleeps long.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use dossier::serve::{ServeOptions, Server};

use crate::support::Fixture;

const DEADLINE: Duration = Duration::from_secs(20);

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("content/articles/ap-2014-10-28.txt", "AP\nCourt weighs the case\nOctober 28, 2014\n\nUNITED NATIONS (AP) — A paragraph of the article with enough words.\n");
    f.write("content/notes/brief.md", "+++\ntitle = \"Brief\"\n+++\nThe first version of the note.\n");
    f
}

fn start(f: &Fixture) -> Server {
    let opts = ServeOptions { port: 0, log: false, ..ServeOptions::new(f.root()) };
    dossier::serve::start(&opts, false).expect("server starts")
}

/// A raw HTTP/1.1 GET (raw, so the path reaches the server exactly as written).
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("send");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Polls `path` until its body satisfies `ok`; returns the body.
fn poll(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(addr, path);
        if ok(&body) {
            return body;
        }
        assert!(start.elapsed() < DEADLINE, "{path} never became as expected:\n{body}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The reload event stream: yields the version of each `reload` event.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        s.set_read_timeout(Some(Duration::from_millis(200))).expect("timeout");
        write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
        Events(BufReader::new(s))
    }

    /// Waits for a `reload` event whose version is not `seen`.
    fn next_after(&mut self, seen: &str) -> String {
        let start = Instant::now();
        let mut is_reload = false;
        loop {
            assert!(start.elapsed() < DEADLINE, "no reload event within {DEADLINE:?}");
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("event stream closed"),
                Ok(_) => {}
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    continue;
                }
                Err(e) => panic!("event stream: {e}"),
            }
            let line = line.trim_end();
            if line == "event: reload" {
                is_reload = true;
            } else if let Some(v) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:"))
                && is_reload
            {
                is_reload = false;
                if v.trim() != seen {
                    return v.trim().to_string();
                }
            }
        }
    }
}

#[test]
fn serves_pages_and_reloads_after_a_note_edit() {
    let f = fixture();
    let server = start(&f);
    assert!(server.addr().ip().is_loopback());
    let (status, cover) = get(server.addr(), "/");
    assert_eq!(status, 200);
    assert!(cover.contains("/__dossier/events"), "serve injects the reload script");
    let (status, note) = get(server.addr(), "/notes/brief.html");
    assert_eq!(status, 200);
    assert!(note.contains("The first version of the note."));
    let (status, _) = get(server.addr(), "/notes/");
    assert_eq!(status, 200);
    let (status, _) = get(server.addr(), "/notes");
    assert_eq!(status, 308, "a folder redirects to its index.html");

    let mut events = Events::open(server.addr());
    let first = events.next_after("");
    f.write("content/notes/brief.md", "+++\ntitle = \"Brief\"\n+++\nThe second version of the note.\n");
    let second = events.next_after(&first);
    let note = poll(server.addr(), "/notes/brief.html", |b| b.contains("The second version of the note."));
    assert!(!note.contains("first version"));

    // An editor's atomic save: write a temporary file, rename it over the note.
    f.write("content/notes/.brief.md.tmp", "+++\ntitle = \"Brief\"\n+++\nThe third version.\n");
    std::fs::rename(f.root().join("content/notes/.brief.md.tmp"), f.root().join("content/notes/brief.md"))
        .expect("rename");
    events.next_after(&second);
    poll(server.addr(), "/notes/brief.html", |b| b.contains("The third version."));
}

#[test]
fn build_output_has_no_reload_script() {
    let f = fixture();
    let site = f.build();
    for page in site.pages() {
        assert!(!site.page(&page).text.contains("__dossier"), "{page} carries serve's script");
    }
}

#[test]
fn requests_never_leave_the_site() {
    let f = fixture();
    f.write("secret.txt", "TOP-SECRET");
    #[cfg(unix)]
    std::os::unix::fs::symlink(f.root().join("secret.txt"), f.root().join("content/articles/link.txt"))
        .expect("symlink");
    let server = start(&f);
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/articles/..%2f..%2fsecret.txt",
        "/articles/%2e%2e%2f%2e%2e%2fconfig.toml",
        "//etc/passwd",
        &format!("/{}", f.root().join("secret.txt").display()),
        "/secret.txt%00.html",
        "/..%5csecret.txt",
        "/articles\\..\\..\\secret.txt",
        "/articles/link.txt",
        "/articles/link.html",
        "/config.toml",
        "/C:/Windows/win.ini",
    ] {
        let (status, body) = get(server.addr(), path);
        assert!(status == 403 || status == 404, "{path}: status {status}");
        assert!(!body.contains("TOP-SECRET") && !body.contains("title = "), "{path} leaked a file");
    }
}

#[test]
fn a_broken_template_shows_an_overlay_and_the_next_save_clears_it() {
    let f = fixture();
    let good = "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ note.title }}</h1>\n{% endblock content %}\n";
    f.write("templates/note.html", good);
    let server = start(&f);
    let mut events = Events::open(server.addr());
    let v1 = events.next_after("");
    f.write("templates/note.html", &good.replace("{{ note.title }}", "{{ note.title "));
    let v2 = events.next_after(&v1);
    let page = poll(server.addr(), "/notes/brief.html", |b| b.contains("dossier-error-overlay"));
    assert!(page.contains("<h1>Brief</h1>"), "the last good page stays served under the overlay");
    assert!(page.contains("templates/note.html:3:"), "the overlay names file and line:\n{page}");
    f.write("templates/note.html", good);
    events.next_after(&v2);
    poll(server.addr(), "/notes/brief.html", |b| !b.contains("dossier-error-overlay"));
    assert_eq!(get(server.addr(), "/notes/brief.html").0, 200);
}

#[test]
fn a_dossier_that_does_not_build_yet_is_served_as_its_errors() {
    let f = fixture();
    f.write("content/notes/bad.md", "+++\ntitle = \"Bad\"\n+++\nSee [[nowhere]].\n");
    let server = start(&f);
    let (status, page) = get(server.addr(), "/index.html");
    assert_eq!(status, 500);
    assert!(page.contains("content/notes/bad.md:4:5"), "{page}");
}

#[test]
fn a_busy_port_says_so_and_suggests_another() {
    let f = fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(f.root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("port {port} on 127.0.0.1 is already in use")), "{err}");
    assert!(err.contains("--port 0"), "{err}");
}

/// As a new user would: `dossier init demo && cd demo && dossier serve`.
#[test]
fn init_then_serve_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("demo");
    let init = std::process::Command::new(env!("CARGO_BIN_EXE_dossier")).arg("init").arg(&dir).output().expect("init");
    assert!(init.status.success());
    assert!(String::from_utf8_lossy(&init.stdout).contains("dossier serve"), "init says what to do next");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    // The first line names the address; read it on a thread so a hang cannot block the test.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(DEADLINE);
    let result = line.map(|line| {
        let url = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).map(str::to_string);
        url.and_then(|u| u.trim_start_matches("http://").trim_end_matches('/').parse::<SocketAddr>().ok())
            .map(|addr| get(addr, "/index.html"))
    });
    let _ = child.kill();
    let _ = child.wait();
    let (status, body) = result.expect("serve printed its address").expect("an http://127.0.0.1:PORT/ address");
    assert_eq!(status, 200);
    assert!(body.contains("New dossier"), "{body}");
}
