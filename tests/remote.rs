//! Remote SPARQL 1.1 stores: `isnad build`, `query`, `export`, `report` and
//! `analyze` with `--endpoint` (SPARQL 1.1 Protocol, for reads) and
//! `--graph-store` (SPARQL 1.1 Graph Store HTTP Protocol, for writes) against
//! real servers on loopback, each compared with the same commands on an
//! embedded store; a server stopped in the middle of a build; credentials,
//! which come from the environment only.
//!
//! The servers, as checked by `*_serves_the_protocols` below:
//!
//! - Oxigraph's own server, `oxigraph serve --location DIR --bind
//!   127.0.0.1:PORT` (PyPI package `oxigraph`, tests/external/requirements.txt).
//!   Queries at `/query` (GET or POST, `application/sparql-query` or a form),
//!   updates at `/update`, the Graph Store at `/store`: `?graph=IRI` or
//!   `?default`; a PUT answers 201 for a new graph and 204 for a replaced
//!   one, a DELETE 204, and 404 for a graph that is not there; a GET of
//!   `/store` with no parameter is the whole dataset as N-Quads. Its default
//!   graph for queries is the store's real default graph, not the union of
//!   the named graphs: `--union-default-graph` (or `?union-default-graph` on
//!   a query) would make it the union. The tests run it without that option,
//!   as a store is usually set up, so what isnad reads must name its graphs.
//! - Apache Jena Fuseki Main 5.6.0: `java -cp CLASSPATH
//!   org.apache.jena.fuseki.main.cmds.FusekiMainCmd --port PORT --localhost
//!   --mem /ds`, an in-memory dataset that takes updates (`--mem` allows
//!   them), queries at `/ds/query` (also `/ds/sparql`), the Graph Store at
//!   `/ds/data`; its default graph is the dataset's own too, not the union.
//!   `tests/external/servers/fuseki.sh` gets its jars with Maven (offline
//!   first, then online within a time limit) and prints the classpath; where
//!   it cannot, the Fuseki tests print `skipped: <why>` and pass.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Std, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;
use tempfile::TempDir;

mod common;
use common::{root, seeds, stderr};

/// The graphs of articles are named under this.
const ARTICLE_GRAPHS: &str = "https://w3id.org/isnad/graph/article/";

// ---------------------------------------------------------------- HTTP

/// One HTTP/1.1 request to an `http://HOST:PORT/PATH` URL: the status and
/// the body (chunked bodies are put together).
fn http(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let mut s = TcpStream::connect(host)?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || matches!(method, "PUT" | "POST") {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    s.write_all(&bytes)?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let split =
        out.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no HTTP response head"))?;
    let head = String::from_utf8_lossy(&out[..split]).to_ascii_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {head}")))?;
    let mut body = out[split + 4..].to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    Ok((status, body))
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&b[..eol]).unwrap().split(';').next().unwrap().trim();
        let n = usize::from_str_radix(size, 16).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
    out
}

/// Percent-encodes everything but ASCII letters and digits.
fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A SELECT's CSV results from a SPARQL 1.1 Protocol endpoint.
fn select_csv(endpoint: &str, query: &str) -> std::io::Result<String> {
    let (status, body) = http(
        "POST",
        endpoint,
        &[("Content-Type", "application/sparql-query"), ("Accept", "text/csv")],
        query.as_bytes(),
    )?;
    let body = String::from_utf8_lossy(&body).into_owned();
    if status != 200 {
        return Err(std::io::Error::other(format!("{status}: {body}")));
    }
    Ok(body)
}

/// How many article graphs a server holds.
fn article_graphs(endpoint: &str) -> std::io::Result<u64> {
    let q = format!(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{ARTICLE_GRAPHS}\")) }}"
    );
    let csv = select_csv(endpoint, &q)?;
    csv.lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not a count: {csv}")))
}

// ---------------------------------------------------------------- servers

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A SPARQL server on loopback, stopped when dropped. It can be stopped and
/// started again on the same port (and, for Oxigraph, the same store).
struct Server {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    port: u16,
    /// The SPARQL 1.1 Protocol query endpoint.
    endpoint: String,
    /// The SPARQL 1.1 Graph Store HTTP Protocol endpoint.
    graph_store: String,
    startup: Duration,
    child: Option<Child>,
    /// The server's output, and Oxigraph's store.
    dir: TempDir,
}

impl Server {
    fn log_path(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Starts the server and waits until its endpoint answers a query.
    fn start(&mut self) -> Result<(), String> {
        assert!(self.child.is_none(), "{} is running", self.name);
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.log_path()).unwrap();
        let child = Std::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        self.child = Some(child);
        let started = Instant::now();
        let ask = format!("{}?query={}", self.endpoint, enc("ASK { ?s ?p ?o }"));
        loop {
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                self.child = None;
                return Err(format!("{} exited ({status}) before answering:\n{}", self.name, self.log()));
            }
            if let Ok((200, _)) = http("GET", &ask, &[("Accept", "application/sparql-results+json")], b"") {
                return Ok(());
            }
            if started.elapsed() > self.startup {
                self.stop();
                return Err(format!("{} did not answer within {:?}:\n{}", self.name, self.startup, self.log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server (SIGKILL: no chance to finish what it is doing).
    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts a server on a free port, trying another port if the first one was
/// taken meanwhile.
fn launch(make: impl Fn(u16, TempDir) -> Server) -> Result<Server, String> {
    let mut last = String::new();
    for _ in 0..3 {
        let mut s = make(free_port(), TempDir::new().unwrap());
        match s.start() {
            Ok(()) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// `oxigraph serve` over a new store in its own temporary folder; `None`,
/// having said why, when the `oxigraph` command is not installed.
fn oxigraph() -> Option<Server> {
    let installed = Std::new("oxigraph").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if !installed {
        eprintln!("skipped: the `oxigraph` command is not available (pip install -r tests/external/requirements.txt)");
        return None;
    }
    let server = launch(|port, dir| {
        let base = format!("http://127.0.0.1:{port}");
        let location = dir.path().join("store");
        Server {
            name: "oxigraph serve",
            program: "oxigraph".into(),
            args: vec![
                "serve".into(),
                "--location".into(),
                location.display().to_string(),
                "--bind".into(),
                format!("127.0.0.1:{port}"),
            ],
            port,
            endpoint: format!("{base}/query"),
            graph_store: format!("{base}/store"),
            startup: Duration::from_secs(60),
            child: None,
            dir,
        }
    });
    Some(server.unwrap_or_else(|e| panic!("{e}")))
}

/// Fuseki's classpath from tests/external/servers/fuseki.sh, or why there is
/// none; asked once per test run.
fn fuseki_classpath() -> &'static Result<String, String> {
    static CLASSPATH: OnceLock<Result<String, String>> = OnceLock::new();
    CLASSPATH.get_or_init(|| {
        let script = root().join("tests/external/servers/fuseki.sh");
        let o =
            Std::new("bash").arg(&script).stdin(Stdio::null()).output().map_err(|e| format!("cannot run bash: {e}"))?;
        let out = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if o.status.success() && !out.is_empty() {
            return Ok(out);
        }
        let err = String::from_utf8_lossy(&o.stderr);
        let why = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("fuseki.sh failed").trim();
        Err(why.to_string())
    })
}

/// Fuseki Main with an in-memory dataset `/ds`; `None`, having said why on
/// stderr, when its jars cannot be had. Jars that are there but do not make
/// a server that answers are a failure, not a skip.
fn fuseki_or_skip() -> Option<Server> {
    let cp = match fuseki_classpath() {
        Ok(cp) => cp.clone(),
        Err(why) => {
            eprintln!("skipped: {why}");
            return None;
        }
    };
    let server = launch(|port, dir| {
        let base = format!("http://127.0.0.1:{port}/ds");
        Server {
            name: "Fuseki",
            program: "java".into(),
            args: vec![
                "-cp".into(),
                cp.clone(),
                "org.apache.jena.fuseki.main.cmds.FusekiMainCmd".into(),
                "--port".into(),
                port.to_string(),
                "--localhost".into(),
                "--mem".into(),
                "/ds".into(),
            ],
            port,
            endpoint: format!("{base}/query"),
            graph_store: format!("{base}/data"),
            startup: Duration::from_secs(120),
            child: None,
            dir,
        }
    });
    Some(server.unwrap_or_else(|e| panic!("{e}")))
}

// ---------------------------------------------------------------- isnad

/// The binary, with none of the environment that would choose a store or
/// credentials for it.
fn isnad() -> assert_cmd::Command {
    let mut c = common::isnad();
    for v in ENVIRONMENT {
        c.env_remove(v);
    }
    c
}

/// The variables that choose a store or hold credentials.
const ENVIRONMENT: [&str; 6] = [
    "ISNAD_STORE",
    "ISNAD_ENDPOINT",
    "ISNAD_GRAPH_STORE",
    "ISNAD_REMOTE_USER",
    "ISNAD_REMOTE_PASSWORD",
    "ISNAD_REMOTE_TOKEN",
];

/// Where a command reads and writes: an embedded store or a server.
#[derive(Clone, Copy)]
enum At<'a> {
    Store(&'a Path),
    Server(&'a Server),
}

impl At<'_> {
    /// The arguments naming the store, for reading (`write`: for writing too).
    fn args(&self, write: bool) -> Vec<String> {
        match self {
            At::Store(p) => vec!["--store".into(), p.display().to_string()],
            At::Server(s) if write => {
                vec!["--endpoint".into(), s.endpoint.clone(), "--graph-store".into(), s.graph_store.clone()]
            }
            At::Server(s) => vec!["--endpoint".into(), s.endpoint.clone()],
        }
    }

    fn name(&self) -> String {
        match self {
            At::Store(p) => p.display().to_string(),
            At::Server(s) => s.endpoint.clone(),
        }
    }
}

/// `isnad SUBCOMMAND` on a store with more arguments.
fn on(at: At, sub: &str, write: bool, args: &[&OsStr]) -> Output {
    isnad().arg(sub).args(at.args(write)).args(args).output().unwrap()
}

/// Standard output of a command that must succeed.
fn ok(at: At, sub: &str, write: bool, args: &[&str]) -> String {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let o = on(at, sub, write, &args);
    assert!(o.status.success(), "isnad {sub} {:?} on {}: {}", args, at.name(), stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// `isnad build --quiet` of a corpus, which must succeed; its stderr.
fn build(at: At, corpus: &[&Path], extra: &[&str]) -> String {
    let mut args: Vec<&OsStr> = vec![OsStr::new("--quiet")];
    args.extend(extra.iter().map(OsStr::new));
    args.extend(corpus.iter().map(|p| p.as_os_str()));
    let o = on(at, "build", true, &args);
    assert!(o.status.success(), "isnad build on {}: {}", at.name(), stderr(&o));
    stderr(&o)
}

/// The counts of a build's summary line: written, unchanged, replaced,
/// pruned, bad; and the articles in all.
fn summary(err: &str) -> ([u64; 5], u64) {
    let line = err.lines().find(|l| l.starts_with("isnad: ") && l.contains(" articles (")).unwrap_or_else(|| {
        panic!("no summary line in {err}");
    });
    let total = line["isnad: ".len()..].split(' ').next().unwrap().replace(',', "").parse().unwrap();
    let inner = line.split(" articles (").nth(1).unwrap().split(')').next().unwrap();
    let mut counts = [0u64; 5];
    for (i, (part, word)) in inner.split(", ").zip(["written", "unchanged", "replaced", "pruned", "bad"]).enumerate() {
        let (n, w) = part.split_once(' ').unwrap();
        assert_eq!(w, word, "in {line}");
        counts[i] = n.replace(',', "").parse().unwrap();
    }
    (counts, total)
}

/// Asserts two outputs are equal; else shows where they part.
fn assert_same(what: &str, embedded: &str, remote: &str) {
    if embedded == remote {
        return;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (embedded.lines().collect(), remote.lines().collect());
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let show = |lines: &[&str]| -> String {
        lines.iter().skip(first).take(6).map(|l| format!("    {}\n", l.chars().take(300).collect::<String>())).collect()
    };
    panic!(
        "{what}: the remote store's output differs from the embedded store's at line {} \
         ({} lines against {}, {} bytes against {})\nembedded:\n{}remote:\n{}",
        first + 1,
        a.len(),
        b.len(),
        embedded.len(),
        remote.len(),
        show(&a),
        show(&b)
    );
}

/// The seeds in a folder of their own, one article with a sentence more.
fn changed_seeds(dir: &Path) -> PathBuf {
    let corpus = dir.join("changed");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    let article = corpus.join("003_d9d74fd9b7cbc085.txt");
    let mut text = std::fs::read_to_string(&article).unwrap();
    text.push_str("\nوقال المتحدث باسم الكرملين دميتري بيسكوف إن روسيا تدعو أذربيجان وأرمينيا إلى ضبط النفس.\n");
    std::fs::write(&article, text).unwrap();
    corpus
}

/// A corpus of `n` generated articles, one JSON Lines file.
fn synth_corpus(path: &Path, n: u64) {
    let seeds = read_corpus(&[seeds()], ReadOptions::default()).unwrap();
    let synth = Synth::new(&seeds.articles, &Lexicon::defaults().unwrap(), 7);
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let a = synth.article(i);
            serde_json::json!({"id": i, "text": a.text, "published": a.meta.published}).to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

// ---------------------------------------------------------------- the servers themselves

/// A graph PUT, read back, seen by queries that name it (and not in the
/// default graph), deleted.
fn graph_store_round_trip(s: &Server) {
    let g = "https://example.org/isnad-test/graph/1";
    let at = format!("{}?graph={}", s.graph_store, enc(g));
    let triple = "<https://example.org/s> <https://example.org/p> \"قال\"@ar .";
    let (status, body) = http("PUT", &at, &[("Content-Type", "application/n-triples")], triple.as_bytes()).unwrap();
    assert!((200..300).contains(&status), "{}: PUT {status} {}", s.name, String::from_utf8_lossy(&body));
    let (status, body) = http("GET", &at, &[("Accept", "application/n-triples")], b"").unwrap();
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 200, "{}: GET {body}", s.name);
    assert!(body.contains("<https://example.org/s> <https://example.org/p> \"قال\"@ar"), "{}: {body}", s.name);
    // The default graph for queries is the store's own, empty: not the union.
    let in_default = select_csv(&s.endpoint, "SELECT ?o WHERE { ?s <https://example.org/p> ?o }").unwrap();
    assert_eq!(in_default.lines().count(), 1, "{}: the default graph is not the union: {in_default}", s.name);
    let named = select_csv(&s.endpoint, "SELECT ?g ?o WHERE { GRAPH ?g { ?s <https://example.org/p> ?o } }").unwrap();
    assert!(named.contains(g) && named.contains("قال"), "{}: {named}", s.name);
    let (status, _) = http("DELETE", &at, &[], b"").unwrap();
    assert!((200..300).contains(&status), "{}: DELETE {status}", s.name);
    let (status, _) = http("GET", &at, &[("Accept", "application/n-triples")], b"").unwrap();
    assert_eq!(status, 404, "{}: a deleted graph is gone", s.name);
    let (status, _) = http("DELETE", &at, &[], b"").unwrap();
    assert_eq!(status, 404, "{}: deleting a graph that is not there", s.name);
}

#[test]
fn oxigraph_serves_the_protocols() {
    let Some(mut s) = oxigraph() else { return };
    graph_store_round_trip(&s);
    // Oxigraph's answers in particular: 201 for a new graph, 204 for a
    // replaced one; the union of the graphs only when asked.
    let at = format!("{}?graph={}", s.graph_store, enc("https://example.org/g"));
    let put = |o: &str| {
        http(
            "PUT",
            &at,
            &[("Content-Type", "application/n-triples")],
            format!("<https://example.org/s> <https://example.org/p> \"{o}\" .").as_bytes(),
        )
        .unwrap()
        .0
    };
    assert_eq!(put("a"), 201);
    assert_eq!(put("b"), 204);
    let union = format!("{}?union-default-graph", s.endpoint);
    let rows = select_csv(&union, "SELECT ?o WHERE { ?s <https://example.org/p> ?o }").unwrap();
    assert_eq!(rows.replace('\r', ""), "o\nb\n");
    // Stopped, it refuses; started again on its store, it has the graph.
    let port = s.port;
    s.stop();
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    s.start().unwrap();
    let (status, body) = http("GET", &at, &[("Accept", "application/n-triples")], b"").unwrap();
    assert_eq!(status, 200);
    assert!(String::from_utf8(body).unwrap().contains("\"b\""));
}

#[test]
fn fuseki_serves_the_protocols() {
    let Some(s) = fuseki_or_skip() else { return };
    graph_store_round_trip(&s);
}

// ---------------------------------------------------------------- isnad on a server

/// Builds the seeds, rebuilds them, builds them with one article changed,
/// then prunes one: into an embedded store and into the server; after each
/// step the server holds what the embedded store holds, and every reading
/// command answers alike from both.
fn remote_matches_embedded(s: &Server) {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    let (local, remote) = (At::Store(&store), At::Server(s));
    let same_dump = |step: &str| {
        let nq = |at| ok(at, "export", false, &["--format", "nquads"]);
        let (a, b) = (nq(local), nq(remote));
        assert!(a.lines().count() > 5000, "{step}: {} quads", a.lines().count());
        assert_same(&format!("{}, {step}: export --format nquads", s.name), &a, &b);
    };

    build(local, &[&seeds()], &[]);
    let (counts, total) = summary(&build(remote, &[&seeds()], &[]));
    assert_eq!((total, counts), (5, [5, 0, 0, 0, 0]), "{}: the first build writes every article", s.name);
    same_dump("built");

    build(local, &[&seeds()], &[]);
    let (counts, total) = summary(&build(remote, &[&seeds()], &[]));
    assert_eq!((total, counts), (5, [0, 5, 0, 0, 0]), "{}: a rebuild writes nothing", s.name);
    same_dump("rebuilt");

    let changed = changed_seeds(dir.path());
    build(local, &[&changed], &[]);
    let (counts, total) = summary(&build(remote, &[&changed], &[]));
    assert_eq!((total, counts), (5, [1, 4, 1, 0, 0]), "{}: the changed article replaces its graph", s.name);
    same_dump("one article changed");

    // Every reading command answers alike.
    for args in [
        &["--format", "md"][..],
        &["--format", "html"],
        &["--format", "md", "--speaker", "russia"],
        &["--format", "md", "--type", "accusation", "--top", "3", "--limit", "2"],
    ] {
        let (a, b) = (ok(local, "report", false, args), ok(remote, "report", false, args));
        assert_same(&format!("{}: report {args:?}", s.name), &a, &b);
    }
    assert!(ok(remote, "report", false, &["--format", "md", "--speaker", "dmitry_peskov"]).contains("ضبط النفس"));
    let actors = root().join("queries/actors.rq");
    let queries: Vec<Vec<String>> = vec![
        vec![
            "--format".into(),
            "csv".into(),
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g".into(),
        ],
        vec!["--format".into(), "tsv".into(), "--file".into(), actors.display().to_string()],
        vec![
            "--format".into(),
            "json".into(),
            "--file".into(),
            root().join("queries/actor-mentions.rq").display().to_string(),
            "--bind".into(),
            "id=nikol_pashinyan".into(),
        ],
        vec![
            "ASK { GRAPH ?g { ?s <https://w3id.org/isnad/ontology#sourceName> \"003_d9d74fd9b7cbc085.txt\" } }".into(),
        ],
    ];
    for q in &queries {
        let q: Vec<&str> = q.iter().map(String::as_str).collect();
        let (a, b) = (ok(local, "query", false, &q), ok(remote, "query", false, &q));
        assert!(a.len() > 3, "{q:?}: {a}");
        assert_same(&format!("{}: query {q:?}", s.name), &a, &b);
    }

    // The analysis, and the graph it writes back.
    let (a, b) =
        (ok(local, "analyze", true, &["--format", "json"]), ok(remote, "analyze", true, &["--format", "json"]));
    assert_same(&format!("{}: analyze --format json", s.name), &a, &b);
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    assert!(v.is_object(), "{b}");
    same_dump("analysed");

    // An article gone from the corpus: --prune deletes its graph.
    std::fs::remove_file(changed.join("001_b2d432f4c5225c23.txt")).unwrap();
    build(local, &[&changed], &["--prune"]);
    let (counts, total) = summary(&build(remote, &[&changed], &["--prune"]));
    assert_eq!((total, counts), (4, [0, 4, 0, 1, 0]), "{}: --prune drops the article no longer there", s.name);
    same_dump("pruned");
    assert_eq!(article_graphs(&s.endpoint).unwrap(), 4);
}

#[test]
fn oxigraph_holds_what_the_embedded_store_holds() {
    let Some(s) = oxigraph() else { return };
    remote_matches_embedded(&s);
}

#[test]
fn fuseki_holds_what_the_embedded_store_holds() {
    let Some(s) = fuseki_or_skip() else { return };
    remote_matches_embedded(&s);
}

#[test]
fn build_and_analyze_need_both_urls_and_readers_need_no_store() {
    let Some(s) = oxigraph() else { return };
    // Writing needs the Graph Store as well as the query endpoint.
    for sub in ["build", "analyze"] {
        let mut c = isnad();
        c.arg(sub).args(["--endpoint", &s.endpoint]);
        if sub == "build" {
            c.arg(seeds());
        }
        let o = c.output().unwrap();
        assert!(!o.status.success(), "{sub} with --endpoint only");
        assert!(stderr(&o).contains("--graph-store"), "{sub}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    // Reading an empty server leaves no store folder behind.
    let dir = TempDir::new().unwrap();
    let o = isnad()
        .current_dir(dir.path())
        .args(["query", "--endpoint", &s.endpoint, "--format", "csv"])
        .arg("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).replace('\r', ""), "n\n0\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no ./isnad-store made");
}

// ---------------------------------------------------------------- a server stopped mid-build

const SYNTH_ARTICLES: u64 = 400;

#[test]
fn a_server_stopped_mid_build_is_a_clear_error_and_a_rerun_finishes() {
    let Some(mut s) = oxigraph() else { return };
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    synth_corpus(&corpus, SYNTH_ARTICLES);
    let (endpoint, graph_store) = (s.endpoint.clone(), s.graph_store.clone());
    let remote_build = || {
        let mut c = Std::new(cargo_bin("isnad"));
        c.args(["build", "--quiet", "--batch", "8", "--endpoint", &endpoint, "--graph-store", &graph_store]);
        c.arg(&corpus);
        for v in ENVIRONMENT {
            c.env_remove(v);
        }
        c
    };

    // The build starts; once some article graphs are on the server, the
    // server is killed.
    let err_path = dir.path().join("build.stderr");
    let mut child =
        remote_build().stdout(Stdio::null()).stderr(std::fs::File::create(&err_path).unwrap()).spawn().unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the build ended ({status}) before any article graph was seen on the server; \
                 stderr: {}",
                std::fs::read_to_string(&err_path).unwrap_or_default()
            );
        }
        if article_graphs(&s.endpoint).unwrap_or(0) > 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "no article graph on the server after 5 minutes");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.stop();
    let killed = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if killed.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build still runs 2 minutes after its server stopped");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let err = std::fs::read_to_string(&err_path).unwrap();
    assert!(!status.success(), "a build whose server stopped fails: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&s.endpoint) || err.contains(&s.graph_store),
        "the error names the server's URL ({} or {}): {err}",
        s.endpoint,
        s.graph_store
    );
    eprintln!("stopped after {:?}: {}", killed - started, err.trim());

    // The server back on its store, the rerun finishes: what was written
    // before the stop is kept, not written again.
    s.start().unwrap();
    let before = article_graphs(&s.endpoint).unwrap();
    assert!(before > 0 && before < SYNTH_ARTICLES, "{before} article graphs kept");
    let o = remote_build().output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let (counts, total) = summary(&stderr(&o));
    assert_eq!(total, SYNTH_ARTICLES, "{}", stderr(&o));
    assert!(counts[1] > 0, "the graphs written before the stop are unchanged: {}", stderr(&o));
    assert_eq!(counts[1], before, "every graph on the server is whole and kept: {}", stderr(&o));
    assert_eq!(counts[0], SYNTH_ARTICLES - before, "the others are written: {}", stderr(&o));
    assert_eq!(counts[4], 0);
    eprintln!("after the restart: {before} article graphs kept; the rerun wrote {}", counts[0]);

    // The same as a build that was never stopped.
    let store = dir.path().join("store");
    build(At::Store(&store), &[&corpus], &["--batch", "8"]);
    let nq = |at| ok(at, "export", false, &["--format", "nquads"]);
    assert_same("export --format nquads after the rerun", &nq(At::Store(&store)), &nq(At::Server(&s)));
}

// ---------------------------------------------------------------- credentials

/// tests/external/servers/auth_401.py: answers 401 to everything and writes
/// down the Authorization header of each request.
struct Refuser {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: TempDir,
}

impl Drop for Refuser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Refuser {
    fn start() -> Option<Refuser> {
        let dir = TempDir::new().unwrap();
        let log = dir.path().join("requests.tsv");
        let Ok(mut child) = Std::new("python3")
            .arg(root().join("tests/external/servers/auth_401.py"))
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
        else {
            eprintln!("skipped: python3 is not available");
            return None;
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().strip_prefix("listening ").and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            panic!("auth_401.py did not start: {line:?}");
        };
        Some(Refuser { child, port, log, _dir: dir })
    }

    /// The Authorization headers received, one per request.
    fn authorizations(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| l.splitn(3, '\t').nth(2).unwrap_or("").to_string())
            .collect()
    }
}

fn base64(b: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in b.chunks(3) {
        let n =
            (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn credentials_come_from_the_environment_only() {
    // No option takes a secret: the help says which variables do.
    let help = |sub: &str| {
        let o = isnad().args([sub, "--help"]).output().unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    let h = help("build");
    for needle in ["--endpoint", "--graph-store", "ISNAD_REMOTE_USER", "ISNAD_REMOTE_PASSWORD", "ISNAD_REMOTE_TOKEN"] {
        assert!(h.contains(needle), "`isnad build --help` mentions {needle}:\n{h}");
    }
    for sub in ["build", "query", "export", "report", "analyze"] {
        let h = help(sub);
        assert!(h.contains("--endpoint"), "isnad {sub} --help: {h}");
        for flag in ["--password", "--token", "--user ", "--user=", "--credentials"] {
            assert!(!h.contains(flag), "isnad {sub} takes no {flag}: {h}");
        }
    }

    let Some(server) = Refuser::start() else { return };
    let base = format!("http://127.0.0.1:{}", server.port);
    let (endpoint, graph_store) = (format!("{base}/query"), format!("{base}/store"));
    let dir = TempDir::new().unwrap();
    let refused = |env: &[(&str, &str)], secrets: &[&str]| {
        for sub in ["build", "query"] {
            let mut c = isnad();
            c.current_dir(dir.path()).arg(sub).args(["--endpoint", &endpoint]);
            if sub == "build" {
                c.args(["--quiet", "--graph-store", &graph_store]).arg(seeds());
            } else {
                c.arg("ASK { GRAPH ?g { ?s ?p ?o } }");
            }
            for (k, v) in env {
                c.env(k, v);
            }
            let o = c.output().unwrap();
            let (out, err) = (String::from_utf8_lossy(&o.stdout), stderr(&o));
            assert!(!o.status.success(), "isnad {sub} turned away with 401 fails");
            assert!(!err.contains("panicked"), "{err}");
            assert!(err.contains("401"), "isnad {sub}: the error gives the status: {err}");
            assert!(
                err.to_lowercase().contains("authenticat"),
                "isnad {sub}: the error says authentication failed: {err}"
            );
            assert!(err.contains(&base), "isnad {sub}: the error names the URL: {err}");
            for secret in secrets {
                assert!(!err.contains(secret) && !out.contains(secret), "isnad {sub} shows a secret: {err}");
            }
        }
    };

    // A bearer token reaches the server, and is shown nowhere.
    let token = "tok-3c9f1e7a5b-never-shown";
    refused(&[("ISNAD_REMOTE_TOKEN", token)], &[token]);
    let seen = server.authorizations();
    assert!(!seen.is_empty() && seen.iter().all(|a| a == &format!("Bearer {token}")), "{seen:?}");

    // So do a user and password, as basic authentication.
    std::fs::write(&server.log, "").unwrap();
    let (user, password) = ("reader", "pw-81d2c6f0-never-shown");
    let basic = base64(format!("{user}:{password}").as_bytes());
    refused(&[("ISNAD_REMOTE_USER", user), ("ISNAD_REMOTE_PASSWORD", password)], &[password, &basic]);
    let seen = server.authorizations();
    assert!(!seen.is_empty() && seen.iter().all(|a| a == &format!("Basic {basic}")), "{seen:?}");

    // Without credentials nothing is sent, and the answer is as clear.
    std::fs::write(&server.log, "").unwrap();
    refused(&[], &[]);
    assert!(server.authorizations().iter().all(|a| a == "-"), "{:?}", server.authorizations());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no ./isnad-store made");
}

#[test]
fn base64_is_the_standard_one() {
    assert_eq!(base64(b"reader:pw"), "cmVhZGVyOnB3");
    assert_eq!(base64(b"a:b"), "YTpi");
    assert_eq!(base64(b"ab"), "YWI=");
    assert_eq!(base64(b"abcd"), "YWJjZA==");
}
