//! One corpus, one store: whatever the number of threads and whatever the
//! order the articles come in, the exports are byte-identical.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

const FORMATS: [&str; 12] = [
    "nquads",
    "mentions-jsonl",
    "claims-jsonl",
    "relations-jsonl",
    "graphml",
    "claims-parquet",
    "mentions-parquet",
    "relations-parquet",
    "actors-csv",
    "articles-csv",
    "claim-targets-csv",
    "figures-csv",
];

fn isnad() -> Command {
    Command::cargo_bin("isnad").unwrap()
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The seeds as JSON Lines (id = file name, with their dates), and a few
/// variants of them so that threads have work to share.
fn crawl_lines() -> Vec<String> {
    let meta = std::fs::read_to_string(seeds().join("metadata.tsv")).unwrap();
    let mut lines = Vec::new();
    for row in meta.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let text = std::fs::read_to_string(seeds().join(cols[0])).unwrap();
        lines.push(serde_json::json!({"id": cols[0], "published": cols[1], "text": text}).to_string());
        // A variant: the same article cut short, another text and identity.
        let half: String = text.lines().take(text.lines().count() / 2).collect::<Vec<_>>().join("\n");
        lines.push(
            serde_json::json!({"id": format!("{}-half", cols[0]), "published": cols[1], "text": half}).to_string(),
        );
    }
    lines
}

fn build_and_export(dir: &Path, name: &str, corpus: &[PathBuf], threads: usize) -> Vec<(String, Vec<u8>)> {
    let store = dir.join(name);
    let o = isnad()
        .arg("build")
        .arg("--quiet")
        .arg("--store")
        .arg(&store)
        .args(["--threads", &threads.to_string()])
        .args(corpus)
        .output()
        .unwrap();
    assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
    FORMATS
        .iter()
        .map(|f| {
            let o = isnad().args(["export", "--format", f, "--store"]).arg(&store).output().unwrap();
            assert!(o.status.success(), "{name} {f}: {}", String::from_utf8_lossy(&o.stderr));
            assert!(!o.stdout.is_empty(), "{name} {f} is empty");
            (f.to_string(), o.stdout)
        })
        .collect()
}

fn assert_same(what: &str, a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    for ((f, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
            let first = x.lines().zip(y.lines()).position(|(l, r)| l != r);
            let line = first.map(|i| format!("{}\n  vs\n{}", x.lines().nth(i).unwrap(), y.lines().nth(i).unwrap()));
            panic!("{what}: the {f} exports differ; first differing line:\n{}", line.unwrap_or_default());
        }
    }
}

#[test]
fn exports_do_not_depend_on_threads_or_order() {
    let dir = TempDir::new().unwrap();
    // The seeds directory, with its metadata, on 1, 2 and 8 threads.
    let one = build_and_export(dir.path(), "dir-1", &[seeds()], 1);
    for threads in [2, 8] {
        let other = build_and_export(dir.path(), &format!("dir-{threads}"), &[seeds()], threads);
        assert_same(&format!("seeds on 1 and {threads} threads"), &one, &other);
    }

    // The same articles, and variants, as JSON Lines: identity is by content
    // and by id, so shuffling the lines changes only the order they come in.
    let lines = crawl_lines();
    let write = |sub: &str, order: &[usize]| {
        let d = dir.path().join(sub);
        std::fs::create_dir(&d).unwrap();
        let body: Vec<&str> = order.iter().map(|&i| lines[i].as_str()).collect();
        std::fs::write(d.join("crawl.jsonl"), body.join("\n") + "\n").unwrap();
        d.join("crawl.jsonl")
    };
    let n = lines.len();
    let forward = write("forward", &(0..n).collect::<Vec<_>>());
    let reversed = write("reversed", &(0..n).rev().collect::<Vec<_>>());
    let shuffled = write("shuffled", &(0..n).map(|i| (i * 7 + 3) % n).collect::<Vec<_>>());
    let base = build_and_export(dir.path(), "jsonl-forward-1", std::slice::from_ref(&forward), 1);
    for (name, corpus, threads) in [("jsonl-reversed-2", &reversed, 2), ("jsonl-shuffled-8", &shuffled, 8)] {
        let other = build_and_export(dir.path(), name, std::slice::from_ref(corpus), threads);
        assert_same(name, &base, &other);
    }

    // Files named one by one on the command line, in reverse order.
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let a = build_and_export(dir.path(), "files-forward", &files, 2);
    files.reverse();
    let b = build_and_export(dir.path(), "files-reversed", &files, 8);
    assert_same("seed files given in reverse order", &a, &b);
}
