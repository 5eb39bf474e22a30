//! Checks with real outside clients: Python's rdflib parses the RDF dumps,
//! html5lib parses the HTML report strictly, networkx and igraph read the
//! GraphML,
//! and the reference scorer `score.py` scores the exports with the same
//! figures as `isnad eval`. A check whose client is missing says why and is
//! skipped; `.ci/run` installs the clients, so CI always runs them.

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{python_with, root};

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

#[test]
fn networkx_and_igraph_read_the_graphml() {
    if !python_with("networkx") || !python_with("igraph") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_seeds(&a);
    build_seeds(&b);
    let (ga, gb) = (dir.path().join("a.graphml"), dir.path().join("b.graphml"));
    export_to(&a, "graphml", &ga);
    export_to(&b, "graphml", &gb);
    assert_eq!(std::fs::read(&ga).unwrap(), std::fs::read(&gb).unwrap(), "two builds, the same GraphML");
    let gexf = dir.path().join("a.gexf");
    export_to(&a, "gexf", &gexf);
    let out =
        Std::new("python3").arg(root().join("tests/external/graphml_check.py")).arg(&ga).arg(&gexf).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The store's own count of the network: actors in exported relations, and
    // distinct (source, target, kind).
    let q = Command::cargo_bin("isnad")
        .unwrap()
        .args(["query", "--format", "csv", "--store"])
        .arg(&a)
        .arg(
            "PREFIX isnad: <https://w3id.org/isnad/ontology#> \
             SELECT (COUNT(DISTINCT ?e) AS ?edges) (COUNT(DISTINCT ?n) AS ?nodes) WHERE { \
             GRAPH ?g { ?r a isnad:Relation ; isnad:rolledUp false ; isnad:relationSource ?s ; isnad:relationTarget ?t ; isnad:relationKind ?k } \
             BIND(CONCAT(STR(?s), \" \", STR(?t), \" \", STR(?k)) AS ?e) VALUES ?side { 0 1 } BIND(IF(?side = 0, ?s, ?t) AS ?n) }",
        )
        .output()
        .unwrap();
    let csv = String::from_utf8(q.stdout).unwrap();
    let row: Vec<u64> = csv.lines().nth(1).unwrap().split(',').map(|x| x.trim().parse().unwrap()).collect();
    for lib in ["networkx", "igraph", "gexf"] {
        assert_eq!(v[lib]["edges"].as_u64().unwrap(), row[0], "{lib}: {v}");
        assert_eq!(v[lib]["nodes"].as_u64().unwrap(), row[1], "{lib}: {v}");
    }
    assert_eq!(
        v["networkx"]["types"],
        serde_json::json!({"sign": "int", "weight": "float", "count": "int", "goldstein": "float"})
    );
    for k in ["sign", "weight", "count", "goldstein"] {
        assert_eq!(v["igraph"]["types"][k], "float", "igraph reads numbers as numbers: {v}");
    }
    assert!(v["networkx"]["ids"].as_array().unwrap().iter().any(|i| i == "azerbaijan"), "node ids are actor ids");
    assert_eq!(v["gexf"]["spells"], true, "every GEXF edge has its days: {v}");
}
