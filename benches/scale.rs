//! The scale bench: builds stores of generated corpora end to end with the
//! `isnad` binary and prints what a user waits for and what the store costs.
//!
//! For each size (default 1,000 and 10,000 articles; set `ISNAD_SCALE`, e.g.
//! `ISNAD_SCALE=1000,10000,100000`):
//! - the corpus, made by `isnad::synth` from the seeds, as one JSON Lines file;
//! - `isnad build`: seconds, articles/s, quads/s, peak memory (RSS);
//! - Oxigraph's own bulk load of the same quads from an N-Quads file into a
//!   new store, in the same run, and isnad's time as a ratio of it;
//! - the rebuild of the unchanged store;
//! - `isnad report` (HTML), `isnad analyze`, the GraphML export, and each
//!   query of `queries/` run on the store itself (`isnad query`).
//!
//! - every table (`isnad export --format <table>-parquet|csv`, the JSON Lines
//!   exports, and all tables at once): seconds and peak memory.
//!
//! Run: `cargo bench --bench scale` (scratch space: `ISNAD_SCALE_DIR`, default
//! the system temp dir; the 100k stores need about 40 GB free). With
//! `ISNAD_SCALE_ONLY=build`, only the build and the rebuild are measured;
//! with `ISNAD_SCALE_ONLY=tables`, the build, the rebuild and the tables. The
//! figures also go to `$CARGO_TARGET_DIR/scale.json`.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use isnad::corpus::{ReadOptions, read_corpus};
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::store::Store;
use serde_json::{Value, json};

/// Runs a command to its end: (seconds, peak RSS in MiB, stdout).
#[allow(clippy::zombie_processes)] // reaped by wait4, not Child::wait
fn measure(cmd: &mut Command) -> (f64, f64, Vec<u8>) {
    let started = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || read_all(stdout));
    let err = std::thread::spawn(move || read_all(stderr));
    // wait4 gives the child's own peak RSS, which std's wait does not.
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's, not yet reaped; both pointers are valid.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(r, child.id() as libc::pid_t, "wait4");
    let secs = started.elapsed().as_secs_f64();
    let out = out.join().unwrap();
    let err = err.join().unwrap();
    let status = std::process::ExitStatus::from_raw(status);
    assert!(status.success(), "{:?} failed: {}", cmd, String::from_utf8_lossy(&err));
    (secs, usage.ru_maxrss as f64 / 1024.0, out)
}

fn read_all(mut r: impl std::io::Read) -> Vec<u8> {
    let mut v = Vec::new();
    let _ = r.read_to_end(&mut v);
    v
}

fn isnad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_isnad"))
}

fn dir_size(p: &Path) -> u64 {
    fs::read_dir(p)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| {
                    let m = e.metadata().unwrap();
                    if m.is_dir() { dir_size(&e.path()) } else { m.len() }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn scale(n: u64, root: &Path, synth: &Synth) -> Value {
    let work = root.join(format!("isnad-scale-{n}"));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let corpus = work.join("corpus.jsonl");
    let mut w = BufWriter::new(File::create(&corpus).unwrap());
    let mut bytes = 0usize;
    for i in 0..n {
        let a = synth.article(i);
        bytes += a.text.len();
        serde_json::to_writer(&mut w, &json!({"id": i, "text": a.text, "published": a.meta.published})).unwrap();
        w.write_all(b"\n").unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let store = work.join("store");
    eprintln!("[{n}] building ({:.0} MB of text)", bytes as f64 / 1e6);
    let (build_s, build_rss, _) = measure(isnad().arg("build").arg("-q").arg("--store").arg(&store).arg(&corpus));
    let (rebuild_s, rebuild_rss, _) = measure(isnad().arg("build").arg("-q").arg("--store").arg(&store).arg(&corpus));
    let store_bytes = dir_size(&store);
    let only = std::env::var("ISNAD_SCALE_ONLY").unwrap_or_default();
    let tables = if only.is_empty() || only == "tables" { export_tables(n, &store, &work) } else { json!(null) };
    if only == "build" || only == "tables" {
        let quads = Store::open_read_only(&store).unwrap().len().unwrap();
        let _ = fs::remove_dir_all(&work);
        let r = json!({"articles": n, "text_mb": bytes as f64 / 1e6, "quads": quads,
            "quads_per_article": quads as f64 / n as f64, "store_mb": store_bytes as f64 / 1e6,
            "build": {"seconds": build_s, "articles_per_s": n as f64 / build_s, "quads_per_s": quads as f64 / build_s,
                      "peak_rss_mib": build_rss},
            "rebuild": {"seconds": rebuild_s, "peak_rss_mib": rebuild_rss},
            "tables": tables});
        eprintln!("[{n}] {}", serde_json::to_string(&r).unwrap());
        return r;
    }

    eprintln!("[{n}] report, analyze, queries");
    let (report_s, report_rss, _) =
        measure(isnad().args(["report", "--store"]).arg(&store).arg("--output").arg(work.join("report.html")));
    let (analyze_s, analyze_rss, _) = measure(isnad().args(["analyze", "--format", "json", "--store"]).arg(&store));
    let (graphml_s, graphml_rss, _) =
        measure(isnad().args(["export", "--store"]).arg(&store).arg("--output").arg(work.join("network.graphml")));
    let mut queries = serde_json::Map::new();
    let qdir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<PathBuf> = fs::read_dir(&qdir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    // The export-* queries stream the whole store (rows/s is their figure);
    // past 10k articles they are left to `isnad export`.
    let whole = |p: &Path| p.file_stem().is_some_and(|s| s.to_string_lossy().starts_with("export-"));
    for q in files.iter().filter(|p| p.extension().is_some_and(|e| e == "rq") && (n <= 10_000 || !whole(p))) {
        let mut cmd = isnad();
        cmd.args(["query", "--format", "tsv", "--store"]).arg(&store).arg("--file").arg(q);
        // Parameterised queries answer for one actor, as a user asks them.
        if fs::read_to_string(q).unwrap().contains("?id, the actor's id") {
            cmd.args(["--bind", "id=nikol_pashinyan"]);
        }
        let (s, _, out) = measure(&mut cmd);
        let rows = out.iter().filter(|&&b| b == b'\n').count().saturating_sub(1);
        let name = q.file_stem().unwrap().to_string_lossy().to_string();
        eprintln!("[{n}]   {name}: {s:.2} s, {rows} rows");
        queries.insert(name, json!({"seconds": s, "rows": rows}));
    }

    // Oxigraph alone: the same quads, dumped to N-Quads, bulk-loaded into a new store.
    eprintln!("[{n}] Oxigraph bulk load of the same quads");
    let nq = work.join("dump.nq");
    let quads = {
        let s = Store::open_read_only(&store).unwrap();
        let mut w = BufWriter::new(File::create(&nq).unwrap());
        s.dump_to_writer(RdfFormat::NQuads, &mut w).unwrap();
        w.flush().unwrap();
        s.len().unwrap()
    };
    let nq_bytes = fs::metadata(&nq).unwrap().len();
    fs::remove_dir_all(&store).unwrap();
    let plain = work.join("oxigraph-store");
    // In a child process: this one stays small, and so does the peak memory
    // each later child inherits at exec.
    let (oxigraph_s, oxigraph_rss, _) = measure(
        Command::new(std::env::current_exe().unwrap()).env(LOAD, format!("{}\n{}", nq.display(), plain.display())),
    );
    let _ = fs::remove_dir_all(&work);

    let r = json!({
        "articles": n,
        "text_mb": bytes as f64 / 1e6,
        "quads": quads,
        "quads_per_article": quads as f64 / n as f64,
        "store_mb": store_bytes as f64 / 1e6,
        "nquads_mb": nq_bytes as f64 / 1e6,
        "build": {"seconds": build_s, "articles_per_s": n as f64 / build_s, "quads_per_s": quads as f64 / build_s,
                  "text_mb_per_s": bytes as f64 / 1e6 / build_s, "peak_rss_mib": build_rss},
        "oxigraph_bulk_load": {"seconds": oxigraph_s, "quads_per_s": quads as f64 / oxigraph_s, "peak_rss_mib": oxigraph_rss},
        "ratio_to_oxigraph": build_s / oxigraph_s,
        "rebuild": {"seconds": rebuild_s, "peak_rss_mib": rebuild_rss},
        "report": {"seconds": report_s, "peak_rss_mib": report_rss},
        "analyze": {"seconds": analyze_s, "peak_rss_mib": analyze_rss},
        "export_graphml": {"seconds": graphml_s, "peak_rss_mib": graphml_rss},
        "tables": tables,
        "queries": queries,
    });
    eprintln!("[{n}] {}", serde_json::to_string(&r).unwrap());
    r
}

/// `isnad export` of every table in every format, one command each, then
/// all tables at once into a directory: seconds, peak memory, rows, bytes.
fn export_tables(n: u64, store: &Path, work: &Path) -> Value {
    eprintln!("[{n}] tables");
    let mut out = serde_json::Map::new();
    let dir = work.join("tables");
    fs::create_dir_all(&dir).unwrap();
    let mut formats: Vec<String> = Vec::new();
    for t in isnad::tables::Table::ALL {
        for f in isnad::tables::TableFormat::ALL {
            formats.push(format!("{}-{}", t.dashed(), f.name()));
        }
    }
    formats.extend(["mentions-jsonl", "claims-jsonl", "relations-jsonl"].map(String::from));
    for f in &formats {
        let file = dir.join(f);
        let (s, rss, _) =
            measure(isnad().args(["export", "--format", f, "--store"]).arg(store).arg("--output").arg(&file));
        let bytes = fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        eprintln!("[{n}]   {f}: {s:.2} s, {rss:.0} MiB, {:.1} MB", bytes as f64 / 1e6);
        out.insert(f.clone(), json!({"seconds": s, "peak_rss_mib": rss, "mb": bytes as f64 / 1e6}));
    }
    for f in ["parquet", "csv"] {
        let (s, rss, _) =
            measure(isnad().args(["export", "--format", f, "--store"]).arg(store).arg("--output").arg(dir.join(f)));
        eprintln!("[{n}]   every table as {f}: {s:.2} s, {rss:.0} MiB");
        out.insert(format!("all-{f}"), json!({"seconds": s, "peak_rss_mib": rss}));
    }
    let _ = fs::remove_dir_all(&dir);
    Value::Object(out)
}

/// Set in the child that bulk-loads an N-Quads file: "<file>\n<store>".
const LOAD: &str = "ISNAD_SCALE_OXIGRAPH_LOAD";

/// Oxigraph's own bulk load of an N-Quads file into a new store.
fn oxigraph_load(nq: &Path, store: &Path) {
    let s = Store::open(store).unwrap();
    let mut l = s.bulk_loader();
    l.load_from_reader(RdfParser::from_format(RdfFormat::NQuads), BufReader::new(File::open(nq).unwrap())).unwrap();
    l.commit().unwrap();
    s.flush().unwrap();
}

fn main() {
    if let Some(job) = std::env::var_os(LOAD) {
        let job = job.to_string_lossy().to_string();
        let (nq, store) = job.split_once('\n').expect("file and store");
        oxigraph_load(Path::new(nq), Path::new(store));
        return;
    }
    // `cargo bench` passes --bench; any other filter is ignored.
    let sizes: Vec<u64> = std::env::var("ISNAD_SCALE")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("ISNAD_SCALE: sizes separated by commas"))
        .collect();
    let root = std::env::var_os("ISNAD_SCALE_DIR").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let seeds = read_corpus(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")], ReadOptions::default()).unwrap();
    let synth = Synth::new(&seeds.articles, &Lexicon::defaults().unwrap(), 1);
    let results: Vec<Value> = sizes.iter().map(|&n| scale(n, &root, &synth)).collect();

    println!(
        "{:>8} {:>7} {:>6} {:>9} {:>9} {:>9} {:>10} {:>9} {:>6} {:>8} {:>8} {:>8}",
        "articles",
        "MB",
        "q/art",
        "build s",
        "art/s",
        "quads/s",
        "peak MiB",
        "oxigr. s",
        "ratio",
        "rebuild",
        "report",
        "analyze"
    );
    for r in results.iter().filter(|r| r.get("report").is_some()) {
        println!(
            "{:>8} {:>7.1} {:>6.0} {:>9.1} {:>9.0} {:>9.0} {:>10.0} {:>9.1} {:>6.2} {:>8.2} {:>8.2} {:>8.2}",
            r["articles"],
            r["text_mb"].as_f64().unwrap(),
            r["quads_per_article"].as_f64().unwrap(),
            r["build"]["seconds"].as_f64().unwrap(),
            r["build"]["articles_per_s"].as_f64().unwrap(),
            r["build"]["quads_per_s"].as_f64().unwrap(),
            r["build"]["peak_rss_mib"].as_f64().unwrap(),
            r["oxigraph_bulk_load"]["seconds"].as_f64().unwrap(),
            r["ratio_to_oxigraph"].as_f64().unwrap(),
            r["rebuild"]["seconds"].as_f64().unwrap(),
            r["report"]["seconds"].as_f64().unwrap(),
            r["analyze"]["seconds"].as_f64().unwrap(),
        );
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let _ = fs::write(target.join("scale.json"), serde_json::to_string_pretty(&results).unwrap());
}
