//! `isnad serve` end to end: the binary started on loopback over a store of
//! the seeds, asked by raw HTTP requests (the protocol, the pages, hostile
//! requests) and by real clients: SPARQLWrapper and rdflib's SPARQLStore run
//! every query of `queries/` and get the rows `isnad query` gives, headless
//! Chromium runs a named query in the page, html5lib parses the pages.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Std, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use tempfile::TempDir;

mod common;
use common::{python_with, root};

/// A server over a store of the seeds; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    _dir: TempDir,
    store: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(extra: &[&str]) -> Server {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    Command::cargo_bin("isnad")
        .unwrap()
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(root().join("seeds"))
        .assert()
        .success();
    let port = free_port();
    let child = Std::new(cargo_bin("isnad"))
        .args(["serve", "--store"])
        .arg(&store)
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port, _dir: dir, store };
    // Ready when it accepts a connection.
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(60), "isnad serve did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Status, headers (lower-cased names) and body of one raw request.
fn raw(port: u16, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    // The server may answer (413) before reading all of a large body.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP response head");
    let head = String::from_utf8_lossy(&out[..split]).to_string();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a status");
    let mut body = out[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, head.to_ascii_lowercase(), body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else { return out };
        let n = usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

fn get(port: u16, path: &str, accept: &str) -> (u16, String, String) {
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n");
    let (s, h, b) = raw(port, req.as_bytes());
    (s, h, String::from_utf8_lossy(&b).to_string())
}

fn post(port: u16, content_type: &str, body: &[u8]) -> (u16, String, String) {
    let mut req = format!(
        "POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    let (s, h, b) = raw(port, &req);
    (s, h, String::from_utf8_lossy(&b).to_string())
}

fn enc(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";

#[test]
fn the_protocol_answers_by_get_post_and_form_in_each_format() {
    let s = start(&[]);
    let (status, head, body) = get(s.port, &format!("/query?query={}", enc(COUNT)), "text/csv");
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: text/csv"), "{head}");
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    let n: u64 = body.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(n > 1000, "{body}");
    for (accept, media) in [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ] {
        let (status, head, _) = get(s.port, &format!("/query?query={}", enc(COUNT)), accept);
        assert_eq!(status, 200);
        assert!(head.contains(&format!("content-type: {media}")), "{head}");
    }
    let (status, _, body) = post(s.port, "application/sparql-query", COUNT.as_bytes());
    assert_eq!(status, 200);
    assert!(body.contains(&format!("\"value\":\"{n}\"")), "{body}");
    let (status, _, body) =
        post(s.port, "application/x-www-form-urlencoded", format!("query={}", enc(COUNT)).as_bytes());
    assert_eq!(status, 200);
    assert!(body.contains(&format!("\"value\":\"{n}\"")), "{body}");
    // A graph, in the formats for graphs.
    let construct =
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s a <https://w3id.org/isnad/ontology#Claim> ; ?p ?o } } LIMIT 5";
    for (accept, media) in [("text/turtle", "text/turtle"), ("application/n-quads", "application/n-quads")] {
        let (status, head, body) = get(s.port, &format!("/query?query={}", enc(construct)), accept);
        assert_eq!(status, 200, "{body}");
        assert!(head.contains(&format!("content-type: {media}")), "{head}");
        assert!(body.contains("isnad"), "{body}");
    }
    // The dataset by parameters: one article's graph as the default graph.
    let graph = "https://w3id.org/isnad/";
    let (_, _, graphs) = get(
        s.port,
        &format!(
            "/query?query={}",
            enc(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?d a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context> } }"
            )
        ),
        "text/csv",
    );
    let g = graphs.lines().nth(1).unwrap().trim().to_string();
    assert!(g.starts_with(graph), "{graphs}");
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let (status, _, body) = get(s.port, &format!("/query?query={}&default-graph-uri={}", enc(q), enc(&g)), "text/csv");
    assert_eq!(status, 200);
    let in_one: u64 = body.lines().nth(1).unwrap().trim().parse().unwrap();
    assert!(in_one > 10 && in_one < n, "{in_one} of {n}");
    // The service description, and CORS preflight.
    let (status, head, body) = get(s.port, "/query", "text/turtle");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/turtle"), "{head}");
    assert!(body.contains(&format!("127.0.0.1:{}/query", s.port)) && body.contains("SPARQL11Query"), "{body}");
    let (status, head, _) = raw_options(s.port);
    assert_eq!(status, 204);
    assert!(head.contains("allow: get, post, options"), "{head}");
    assert!(head.contains("access-control-allow-headers: content-type, accept"), "{head}");
}

fn raw_options(port: u16) -> (u16, String, Vec<u8>) {
    raw(
        port,
        format!("OPTIONS /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://example.org\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

#[test]
fn hostile_requests_get_their_status_and_the_server_stays_up() {
    let s = start(&["--timeout", "0.5", "--max-results", "1000"]);
    let check = |(status, _, body): (u16, String, String), want: u16, says: &str| {
        assert_eq!(status, want, "{body}");
        assert!(body.contains(says), "expected `{says}` in: {body}");
    };
    check(
        get(s.port, &format!("/query?query={}", enc("SELEC * WHERE {")), "*/*"),
        400,
        "syntax error in the query at line 1",
    );
    check(get(s.port, "/query?query=a&query=b", "*/*"), 400, "more than one `query`");
    check(post(s.port, "application/sparql-update", b"CLEAR ALL"), 403, "read-only");
    check(post(s.port, "application/x-www-form-urlencoded", b"update=CLEAR%20ALL"), 403, "read-only");
    check(post(s.port, "text/plain", COUNT.as_bytes()), 415, "application/sparql-query");
    check(get(s.port, &format!("/query?query={}", enc(COUNT)), "image/png"), 406, "offered");
    check(get(s.port, &format!("/query?query={}&format=yaml", enc(COUNT)), "*/*"), 400, "format `yaml`");
    check(
        get(
            s.port,
            &format!("/query?query={}", enc("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")),
            "*/*",
        ),
        403,
        "SERVICE",
    );
    check(
        get(s.port, &format!("/query?query={}", enc("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")), "*/*"),
        413,
        "more than 1000 results",
    );
    let slow =
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?a { ?s1 ?p1 ?o1 } GRAPH ?b { ?s2 ?p2 ?o2 } GRAPH ?c { ?s3 ?p3 ?o3 } }";
    check(get(s.port, &format!("/query?query={}", enc(slow)), "*/*"), 503, "time limit");
    let (status, _, body) =
        raw(s.port, b"PUT /query HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405, "{}", String::from_utf8_lossy(&body));
    check(get(s.port, "/nowhere", "*/*"), 404, "no page at /nowhere");
    check(get(s.port, "/actor/nobody_at_all", "*/*"), 404, "no actor with id `nobody_at_all`");
    check(get(s.port, "/report?since=yesterday", "*/*"), 400, "since=yesterday");
    // Ten megabytes of query.
    let big = vec![b'#'; 10 << 20];
    let (status, _, body) = post(s.port, "application/sparql-query", &big);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("over 1048576 bytes"), "{body}");
    // Not HTTP at all, and a connection closed half-way.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.write_all(b"\x00\x01garbage\r\n\r\n").unwrap();
    drop(c);
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.write_all(b"POST /query HTTP/1.1\r\nContent-Length: 100\r\n\r\nquery=").unwrap();
    drop(c);
    // Many connections at once: each is answered, by rows or by 503.
    let port = s.port;
    let handles: Vec<_> = (0..48)
        .map(|_| std::thread::spawn(move || get(port, &format!("/query?query={}", enc(COUNT)), "text/csv").0))
        .collect();
    for h in handles {
        let status = h.join().unwrap();
        assert!(status == 200 || status == 503, "{status}");
    }
    // And the next request is answered.
    check(
        get(
            s.port,
            &format!("/query?query={}", enc("ASK { GRAPH ?g { ?s ?p ?o } }")),
            "application/sparql-results+json",
        ),
        200,
        "true",
    );
}

#[test]
fn the_pages_show_the_report_an_actor_and_an_article() {
    let s = start(&[]);
    let (status, head, page) = get(s.port, "/", "text/html");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    for q in isnad_query_names() {
        assert!(page.contains(&format!("<option value=\"{q}\">")), "{q} missing from the editor");
    }
    let (status, _, report) = get(s.port, "/report?speaker=russia", "text/html");
    assert_eq!(status, 200);
    assert!(report.contains("Who said what"), "{report}");
    let (status, _, actor) = get(s.port, "/actor/armenia", "text/html");
    assert_eq!(status, 200, "{actor}");
    assert!(actor.contains("أرمينيا") && actor.contains("Q399"), "label and Wikidata id: {actor}");
    assert!(actor.contains("What it said") && actor.contains("Whom it stands with"), "{actor}");
    // A tie's evidence links to its article with offsets, which marks them.
    let link = actor.split("href=\"/article/").nth(1).expect("a link to an article");
    let link = &link[..link.find('"').unwrap()].replace("&amp;", "&");
    let (status, _, article) = get(s.port, &format!("/article/{link}"), "text/html");
    assert_eq!(status, 200, "{article}");
    assert!(article.contains("<mark id=\"span\">") && !article.contains("<mark id=\"span\"></mark>"), "{article}");
    let (status, head, graphml) = get(s.port, "/export/graphml", "*/*");
    assert_eq!(status, 200);
    assert!(head.contains("application/graphml+xml") && graphml.contains("<graphml"), "{head}");
    let (status, _, gexf) = get(s.port, "/export/gexf", "*/*");
    assert_eq!(status, 200);
    assert!(gexf.contains("<gexf"));
    // html5lib's strict parser finds no error in the pages.
    if python_with("html5lib") {
        let dir = TempDir::new().unwrap();
        for (name, text) in [("index", &page), ("report", &report), ("actor", &actor), ("article", &article)] {
            let path = dir.path().join(format!("{name}.html"));
            std::fs::write(&path, text).unwrap();
            let out =
                Std::new("python3").arg(root().join("tests/external/html5_check.py")).arg(&path).output().unwrap();
            assert!(
                out.status.success(),
                "{name}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

fn isnad_query_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `isnad query --format json` of a query file.
fn query_json(store: &Path, file: &Path) -> String {
    let out = Command::cargo_bin("isnad")
        .unwrap()
        .args(["query", "--format", "json", "--store"])
        .arg(store)
        .arg("--file")
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sparqlwrapper_and_rdflib_get_the_rows_isnad_query_gives() {
    if !python_with("SPARQLWrapper") || !python_with("rdflib") {
        return;
    }
    let s = start(&[]);
    let dir = TempDir::new().unwrap();
    for name in isnad_query_names() {
        let file = root().join("queries").join(format!("{name}.rq"));
        std::fs::write(dir.path().join(format!("{name}.json")), query_json(&s.store, &file)).unwrap();
    }
    let out = Std::new("python3")
        .arg(root().join("tests/external/sparql_clients.py"))
        .arg(format!("http://127.0.0.1:{}/query", s.port))
        .arg(root().join("queries"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    for name in isnad_query_names() {
        assert!(text.contains(&format!("{name}: SPARQLWrapper ")), "{name} not checked: {text}");
    }
}

#[test]
fn headless_chromium_runs_a_named_query_in_the_page() {
    let Some(chromium) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Std::new(c).arg("--version").output().map(|o| o.status.success()).unwrap_or(false))
    else {
        println!("skipped: no chromium on this machine (apt-get install chromium)");
        return;
    };
    let s = start(&[]);
    let profile = TempDir::new().unwrap();
    let out = Std::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("http://127.0.0.1:{}/?named=speakers&run=1", s.port))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The speakers query's rows, as `isnad query` gives them.
    let rows = query_json(&s.store, &root().join("queries/speakers.rq"));
    let v: serde_json::Value = serde_json::from_str(&rows).unwrap();
    let bindings = v["results"]["bindings"].as_array().unwrap();
    assert!(!bindings.is_empty());
    assert!(dom.contains(&format!("{} rows", bindings.len())), "{dom}");
    for b in bindings.iter().take(5) {
        let id = b["id"]["value"].as_str().or_else(|| b["speaker"]["value"].as_str()).unwrap();
        assert!(dom.contains(id.rsplit('/').next().unwrap()), "{id} not in the page's table");
    }
}

#[test]
fn a_finished_build_is_served_without_a_restart_and_a_running_one_gets_503() {
    let s = start(&[]);
    let articles = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d <https://w3id.org/isnad/ontology#sourceName> ?name } }";
    let count = |port: u16| -> u64 {
        let (status, _, body) = get(port, &format!("/query?query={}", enc(articles)), "text/csv");
        assert_eq!(status, 200, "{body}");
        body.lines().nth(1).unwrap().trim().parse().unwrap()
    };
    let before = count(s.port);
    // While a build holds the store for writing, nothing is read from it.
    let held = oxigraph::store::Store::open(&s.store).unwrap();
    let (status, head, body) = get(s.port, &format!("/query?query={}", enc(articles)), "text/csv");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("a build is writing the store") && head.contains("retry-after: 5"), "{head}{body}");
    drop(held);
    // A build of the seeds and one more article, the server running: the
    // next query sees six articles.
    let corpus = TempDir::new().unwrap();
    for e in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.path().join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(corpus.path().join("extra.txt"), "قالت وزارة الخارجية الأرمينية إن أذربيجان قصفت قرية حدودية.\n")
        .unwrap();
    Command::cargo_bin("isnad")
        .unwrap()
        .args(["build", "--quiet", "--store"])
        .arg(&s.store)
        .arg(corpus.path())
        .assert()
        .success();
    assert_eq!(count(s.port), before + 1);
}
