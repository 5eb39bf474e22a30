//! Checks with real outside clients: Python's rdflib parses the RDF dumps,
//! html5lib parses the HTML report strictly,
//! and the reference scorer `score.py` scores the exports with the same
//! figures as `isnad eval`. A check whose client is missing says why and is
//! skipped; `.ci/run` installs the clients, so CI always runs them.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn python_with(module: &str) -> bool {
    let ok = Std::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        println!("skipped: python3 with `{module}` is not available (pip install -r tests/external/requirements.txt)");
    }
    ok
}

fn build_seeds(store: &Path) {
    Command::cargo_bin("isnad")
        .unwrap()
        .arg("build")
        .arg("--quiet")
        .arg("--store")
        .arg(store)
        .arg(root().join("seeds"))
        .assert()
        .success();
}

fn export_to(store: &Path, format: &str, out: &Path) {
    Command::cargo_bin("isnad")
        .unwrap()
        .args(["export", "--format", format, "--store"])
        .arg(store)
        .arg("--output")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn rdflib_reads_nquads_and_trig_dumps() {
    if !python_with("rdflib") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    build_seeds(&store);
    let (nq, trig) = (dir.path().join("d.nq"), dir.path().join("d.trig"));
    export_to(&store, "nquads", &nq);
    export_to(&store, "trig", &trig);
    let out =
        Std::new("python3").arg(root().join("tests/external/rdflib_check.py")).arg(&nq).arg(&trig).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The store's own count of its quads.
    let q = Command::cargo_bin("isnad")
        .unwrap()
        .args(["query", "--format", "csv", "--store"])
        .arg(&store)
        .arg("SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?g) WHERE { GRAPH ?g { ?s ?p ?o } }")
        .output()
        .unwrap();
    let csv = String::from_utf8(q.stdout).unwrap();
    let row: Vec<u64> = csv.lines().nth(1).unwrap().split(',').map(|x| x.trim().parse().unwrap()).collect();
    for fmt in ["nquads", "trig"] {
        assert_eq!(v[fmt]["quads"].as_u64().unwrap(), row[0], "{fmt}: {v}");
        assert_eq!(v[fmt]["graphs"].as_u64().unwrap(), row[1], "{fmt}: {v}");
        assert!(v[fmt]["arabic_labels"].as_u64().unwrap() > 200, "{fmt}: {v}");
    }
}

#[test]
fn isnad_eval_equals_the_reference_scorer() {
    if !python_with("json") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    build_seeds(&store);
    export_to(&store, "mentions-jsonl", &dir.path().join("mentions.jsonl"));
    export_to(&store, "claims-jsonl", &dir.path().join("claims.jsonl"));
    export_to(&store, "relations-jsonl", &dir.path().join("relations.jsonl"));
    let gold = root().join("tests/gold/seeds-gold.jsonl");
    let out = Std::new("python3")
        .arg(root().join("tests/gold/score.py"))
        .arg(&gold)
        .arg(root().join("seeds"))
        .arg(dir.path())
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reference: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = Command::cargo_bin("isnad")
        .unwrap()
        .arg("eval")
        .arg("--json")
        .arg("--gold")
        .arg(&gold)
        .arg(root().join("seeds"))
        .output()
        .unwrap();
    assert!(ours.status.success(), "{}", String::from_utf8_lossy(&ours.stderr));
    let ours: Value = serde_json::from_slice(&ours.stdout).unwrap();
    for key in ["actors", "claims", "relations", "claim_type_accuracy"] {
        assert_eq!(ours[key], reference[key], "{key}");
    }
}

#[test]
fn html5lib_parses_the_report_strictly() {
    if !python_with("html5lib") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    build_seeds(&store);
    let html = dir.path().join("report.html");
    Command::cargo_bin("isnad")
        .unwrap()
        .args(["report", "--store"])
        .arg(&store)
        .arg("--output")
        .arg(&html)
        .assert()
        .success();
    let out = Std::new("python3").arg(root().join("tests/external/html5_check.py")).arg(&html).output().unwrap();
    assert!(out.status.success(), "html5lib: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = Command::cargo_bin("isnad")
        .unwrap()
        .args(["export", "--format", "claims-jsonl", "--store"])
        .arg(&store)
        .output()
        .unwrap();
    let n = String::from_utf8(claims.stdout).unwrap().lines().count() as u64;
    assert_eq!(v["claims"].as_u64().unwrap(), n, "{v}");
    assert!(v["rtl"].as_u64().unwrap() >= 2 * n, "{v}");
    assert_eq!(v["external"], serde_json::json!([]), "no network fetch: {v}");
}
