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
fn deferred_files_after_a_note_edit_are_those_of_a_full_build() {
    let f = fixture();
    f.write("config.toml", "title = \"T\"\n\n[print]\nepub = true\n");
    let server = start(&f);
    let mut events = Events::open(server.addr());
    let first = events.next_after("");
    f.write("content/notes/brief.md", "+++\ntitle = \"Brief\"\n+++\nThe second version of the note.\n");
    events.next_after(&first);
    // The print pack, EPUB and search index are rendered on this first request after the edit.
    let (status, print) = get(server.addr(), "/print.html");
    assert_eq!(status, 200);
    let (_, index) = get(server.addr(), "/assets/search-index.js");
    let epub = raw_body(server.addr(), "/dossier.epub");
    f.build();
    let read = |p: &str| std::fs::read(f.out().join(p)).expect("built file");
    let full_print = String::from_utf8(read("print.html")).expect("utf-8");
    let body_end = full_print.rfind("</body>").expect("</body>");
    assert!(print.contains("The second version of the note."));
    assert!(print.starts_with(&full_print[..body_end]), "print.html differs from a full build's");
    assert_eq!(index.as_bytes(), read("assets/search-index.js").as_slice());
    assert!(epub == read("dossier.epub"), "the EPUB differs from a full build's");
}

/// The body of a GET, as bytes.
fn raw_body(addr: SocketAddr, path: &str) -> Vec<u8> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("send");
    let mut r = BufReader::new(s);
    let (status, _, body) = read_response(&mut r).expect("response");
    assert_eq!(status, 200, "{path}");
    body
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

/// One response read from a keep-alive connection: status, headers (lower-cased), body.
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<(u16, String, Vec<u8>)> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, format!("closed after {head:?}")));
        }
        if line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no content-length in {head:?}")))?;
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok((status, head, body))
}

/// Sends raw bytes and returns the status of the answer (0: closed without one). The server
/// must answer or close within the read timeout, never hang.
fn raw_status(addr: SocketAddr, bytes: &[u8]) -> u16 {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let _ = s.write_all(bytes);
    let what = String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // Up to the end of the status line: the server may keep the connection open after it.
    while !buf.contains(&b'\n') {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("no answer and no close within 5 s to {what:?}: {e}"),
        }
    }
    String::from_utf8_lossy(&buf).split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}

/// VmRSS and VmHWM of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The `dossier serve` process, killed when dropped.
struct ServeProcess {
    child: std::process::Child,
    addr: SocketAddr,
}

impl ServeProcess {
    fn start(f: &Fixture) -> ServeProcess {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(f.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start dossier serve");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("serving line");
        let url = line.split(" at http://").nth(1).unwrap_or_else(|| panic!("no address in {line:?}"));
        let addr = url.split('/').next().and_then(|a| a.parse().ok()).unwrap_or_else(|| panic!("address in {line:?}"));
        ServeProcess { child, addr }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `serve` under load, on loopback and bounded in time: 64 clients × 25 requests on
/// keep-alive connections, idle and byte-at-a-time clients, malformed requests, and a
/// rebuild in the middle. Every well-formed request gets its full answer, the server answers
/// afterwards, and its memory stays bounded.
#[test]
fn serve_under_load_answers_every_well_formed_request() {
    const CLIENTS: usize = 64;
    const REQUESTS: usize = 25;
    let f = fixture();
    for i in 0..20 {
        f.write(&format!("content/notes/n{i}.md"), &format!("+++\ntitle = \"Note {i}\"\n+++\nText of note {i}.\n"));
    }
    let server = ServeProcess::start(&f);
    let addr = server.addr;
    poll(addr, "/notes/brief.html", |b| b.contains("first version"));
    let (rss_before, _) = memory_kib(server.child.id());

    // Clients that hold a connection and send nothing, or half a request.
    let idle: Vec<TcpStream> = (0..32)
        .map(|i| {
            let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
            if i % 2 == 1 {
                let _ = s.write_all(b"GET /index.html HTTP/1.1\r\nHost: loc");
            }
            s
        })
        .collect();
    // A client that sends its request one byte at a time.
    let slow = std::thread::spawn(move || {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
        s.set_nodelay(true).expect("nodelay");
        for b in b"GET /notes/n3.html HTTP/1.1\r\nHost: localhost\r\n\r\n" {
            s.write_all(&[*b]).expect("send a byte");
            std::thread::sleep(Duration::from_millis(10));
        }
        read_response(&mut BufReader::new(s)).expect("slow client answered")
    });

    let paths = [
        ("/index.html", 200),
        ("/", 200),
        ("/notes/brief.html", 200),
        ("/articles/ap-2014-10-28.html", 200),
        ("/assets/style.css", 200),
        ("/glossary.html", 200),
        ("/missing.html", 404),
        ("/notes/nothing-here.html", 404),
    ];
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            std::thread::spawn(move || {
                let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(15))).expect("timeout");
                let mut w = s.try_clone().expect("clone");
                let mut r = BufReader::new(s);
                for i in 0..REQUESTS {
                    let (path, want) = paths[(c + i) % paths.len()];
                    write!(w, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
                    let (status, head, body) =
                        read_response(&mut r).unwrap_or_else(|e| panic!("client {c} request {i} {path}: {e}"));
                    assert_eq!(status, want, "{path}: {head}");
                    if head.contains("text/html") {
                        let body = String::from_utf8_lossy(&body);
                        assert!(body.trim_end().ends_with("</html>"), "{path}: incomplete body");
                    }
                }
                REQUESTS
            })
        })
        .collect();
    // A rebuild in the middle of it.
    std::thread::sleep(Duration::from_millis(50));
    f.write("content/notes/brief.md", "+++\ntitle = \"Brief\"\n+++\nThe second version of the note.\n");

    // Malformed requests, while the clients run: each answered 4xx or closed, never a hang.
    let huge_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(200_000));
    let many_headers = format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", "X-A: b\r\n".repeat(500));
    let long_path = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a/".repeat(40_000));
    let malformed: Vec<Vec<u8>> = vec![
        b"\x00\xff\xfe garbage \x01\x02\r\n\r\n".to_vec(),
        (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        huge_header.into_bytes(),
        many_headers.into_bytes(),
        long_path.into_bytes(),
        b"BREW /index.html HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /a%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET /\xff\xfe.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /\r\n\r\n".to_vec(),
        b"POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc".to_vec(),
    ];
    for bytes in &malformed {
        let status = raw_status(addr, bytes);
        let what = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned();
        assert!(status == 0 || (400..500).contains(&status), "{what:?} answered {status}");
    }

    let mut answered = 0;
    for c in clients {
        answered += c.join().expect("a client failed");
    }
    let (status, _, body) = slow.join().expect("slow client");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Note 3"));
    assert_eq!(answered, CLIENTS * REQUESTS);
    drop(idle);

    // The rebuild landed and the server still answers.
    poll(addr, "/notes/brief.html", |b| b.contains("second version"));
    assert_eq!(get(addr, "/index.html").0, 200);
    let (rss_after, hwm) = memory_kib(server.child.id());
    eprintln!(
        "serve under load: {answered} requests by {CLIENTS} clients, {} malformed, 32 idle, 1 byte-at-a-time; VmRSS {rss_before} KiB before, {rss_after} KiB after, VmHWM {hwm} KiB",
        malformed.len()
    );
    if rss_before > 0 {
        assert!(rss_after < rss_before + 100 * 1024, "memory grew from {rss_before} KiB to {rss_after} KiB");
        assert!(hwm < 512 * 1024, "peak memory {hwm} KiB");
    }
}

/// A client that connects and never sends a request is disconnected after the header
/// timeout, and does not keep others from being served meanwhile.
#[test]
fn a_client_that_never_sends_is_disconnected() {
    let f = fixture();
    let limits = dossier::serve::http::Limits { header_timeout: Duration::from_millis(300), ..Default::default() };
    let opts = ServeOptions { port: 0, log: false, limits, ..ServeOptions::new(f.root()) };
    let server = dossier::serve::start(&opts, false).expect("server starts");
    let addr = server.addr();
    let mut silent = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    silent.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    assert_eq!(get(addr, "/index.html").0, 200);
    let start = Instant::now();
    let mut buf = Vec::new();
    let _ = silent.read_to_end(&mut buf);
    assert!(start.elapsed() < Duration::from_secs(5), "the silent connection stayed open {:?}", start.elapsed());
}

/// A request head larger than the limit is refused (431), not buffered.
#[test]
fn an_oversized_request_head_is_refused() {
    let f = fixture();
    let server = start(&f);
    let head = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(100_000));
    let status = raw_status(server.addr(), head.as_bytes());
    assert!(status == 431 || status == 0, "answered {status}");
    assert_eq!(get(server.addr(), "/index.html").0, 200);
}
