//! The serve bench: a bounded load from loopback clients on `isnad serve`
//! and, in the same run on the same store, on Oxigraph's own server
//! (`oxigraph serve-read-only`, from the PyPI package `oxigraph`): p50 and
//! p99 latency, errors, throughput, and isnad's figures as a ratio of
//! Oxigraph's.
//!
//! The store is built from the seeds, or from `ISNAD_SERVE_ARTICLES`
//! generated articles (`isnad::synth`). Each of `ISNAD_SERVE_CLIENTS`
//! clients (default 8) sends `ISNAD_SERVE_QUERIES` queries (default 200),
//! the queries of `queries/` in turn, each a POST of
//! `application/sparql-query` asking for JSON, on a new connection. The two
//! servers are loaded one after the other, each after one warm-up round,
//! each with a time limit of 30 s a query (isnad's default).
//!
//! Run: `cargo bench --bench serve_load`. Without an `oxigraph` on the
//! PATH (`pip install oxigraph`) only isnad is measured, and it says so.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_listening(port: u16) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(120), "no server on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One query on a new connection: (status, seconds).
fn ask(port: u16, query: &str) -> (u16, f64) {
    let started = Instant::now();
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return (0, started.elapsed().as_secs_f64()) };
    let _ = s.set_read_timeout(Some(Duration::from_secs(300)));
    let req = format!(
        "POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\nAccept: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{query}",
        query.len()
    );
    if s.write_all(req.as_bytes()).is_err() {
        return (0, started.elapsed().as_secs_f64());
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let status = std::str::from_utf8(&out[..out.len().min(32)])
        .ok()
        .and_then(|h| h.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed().as_secs_f64())
}

struct Figures {
    n: usize,
    errors: usize,
    p50: f64,
    p99: f64,
    wall: f64,
}

fn load(port: u16, queries: &[(String, String)], clients: usize, per_client: usize) -> Figures {
    // Warm-up: each query once.
    for (_, q) in queries {
        ask(port, q);
    }
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let queries = queries.to_vec();
            std::thread::spawn(move || {
                (0..per_client).map(|i| ask(port, &queries[(c + i) % queries.len()].1)).collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<(u16, f64)> = handles.into_iter().flat_map(|h| h.join().expect("a client")).collect();
    let wall = started.elapsed().as_secs_f64();
    let errors = all.iter().filter(|(s, _)| *s != 200).count();
    all.sort_by(|a, b| a.1.total_cmp(&b.1));
    let at = |p: f64| all[((all.len() as f64 * p).ceil() as usize).clamp(1, all.len()) - 1].1 * 1000.0;
    Figures { n: all.len(), errors, p50: at(0.50), p99: at(0.99), wall }
}

fn build_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let articles = env_usize("ISNAD_SERVE_ARTICLES", 0);
    let corpus = if articles == 0 {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
    } else {
        let seeds = isnad::corpus::read_corpus(
            &[concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")],
            isnad::corpus::ReadOptions::default(),
        )
        .expect("the seeds");
        let lexicon = isnad::lexicon::Lexicon::defaults().expect("the lexicon");
        let synth = isnad::synth::Synth::new(&seeds.articles, &lexicon, 1);
        let path = dir.join("corpus.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("the corpus file"));
        for i in 0..articles as u64 {
            let a = synth.article(i);
            let line = serde_json::json!({ "id": i, "text": a.text, "published": a.meta.published });
            writeln!(f, "{line}").expect("writing the corpus");
        }
        f.flush().expect("writing the corpus");
        path
    };
    let ok = Command::new(env!("CARGO_BIN_EXE_isnad"))
        .args(["build", "--quiet", "--store"])
        .arg(&store)
        .arg(&corpus)
        .status()
        .expect("isnad build");
    assert!(ok.success(), "isnad build failed");
    store
}

fn main() {
    // `cargo bench` passes --bench; nothing else is read from the arguments.
    let clients = env_usize("ISNAD_SERVE_CLIENTS", 8);
    let per_client = env_usize("ISNAD_SERVE_QUERIES", 200);
    let dir = tempfile::TempDir::new().expect("a scratch directory");
    let store = build_store(dir.path());
    let mut queries: Vec<(String, String)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"))
        .expect("queries/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("a query")))
        .collect();
    queries.sort();
    println!(
        "serve bench: {} clients x {} queries ({} queries of queries/ in turn), store {}",
        clients,
        per_client,
        queries.len(),
        store.display()
    );
    let mut rows = Vec::new();
    {
        let port = free_port();
        let _server = Running(
            Command::new(env!("CARGO_BIN_EXE_isnad"))
                .args(["serve", "--store"])
                .arg(&store)
                .args(["--bind", &format!("127.0.0.1:{port}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("isnad serve"),
        );
        wait_listening(port);
        rows.push(("isnad serve", load(port, &queries, clients, per_client)));
    }
    let oxigraph = Command::new("oxigraph").arg("--version").output().map(|o| o.status.success()).unwrap_or(false);
    if oxigraph {
        let port = free_port();
        let _server = Running(
            Command::new("oxigraph")
                .args(["serve-read-only", "--location"])
                .arg(&store)
                .args(["--bind", &format!("127.0.0.1:{port}")])
                // The same time limit as isnad's default, so that both give
                // up on the same queries rather than one finishing them.
                .args(["--timeout-s", "30"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("oxigraph serve-read-only"),
        );
        wait_listening(port);
        rows.push(("oxigraph serve-read-only", load(port, &queries, clients, per_client)));
    } else {
        println!("oxigraph: not on the PATH (pip install oxigraph); only isnad measured");
    }
    println!("| server | queries | errors | p50 ms | p99 ms | wall s | queries/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, f) in &rows {
        println!(
            "| {name} | {} | {} | {:.1} | {:.1} | {:.2} | {:.0} |",
            f.n,
            f.errors,
            f.p50,
            f.p99,
            f.wall,
            f.n as f64 / f.wall
        );
    }
    if let [(_, a), (_, b)] = rows.as_slice() {
        println!(
            "isnad / oxigraph: p50 {:.2}x, p99 {:.2}x, wall {:.2}x",
            a.p50 / b.p50,
            a.p99 / b.p99,
            a.wall / b.wall
        );
    }
}
