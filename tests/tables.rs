//! The tables of `isnad export` agree with the store: each table, written
//! from the rows the builds kept, is checked row for row against the answers
//! of the SPARQL queries of `queries/` on the same store, after a build,
//! after a rebuild that replaces one article and prunes another, and after
//! another tool wrote into an article graph (the kept rows are then not
//! trusted, and the next build makes them whole again).

use std::collections::HashMap;
use std::path::Path;

use isnad::queries::{self, NamedQuery};
use isnad::store::{select, value};

mod common;
use common::{build_with, isnad, seeds, stderr};

type Row = HashMap<String, String>;

/// A CSV table as rows of column → value.
fn csv_table(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(str::to_string)).collect()).collect()
}

/// A query's answer on the store, unbound variables as "".
fn sparql(store: &Path, q: NamedQuery) -> Vec<Row> {
    let st = isnad::store::embedded::open_read(store).unwrap();
    let rows = select(&st, q).unwrap();
    rows.iter()
        .map(|s| {
            s.variables().iter().map(|v| (v.as_str().to_string(), value(s, v.as_str()).unwrap_or_default())).collect()
        })
        .collect()
}

/// Rows as tuples of the named columns, numbers in `floats` read as numbers.
fn tuples(rows: &[Row], cols: &[&str], floats: &[&str]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            cols.iter()
                .map(|c| {
                    let v = r.get(*c).cloned().unwrap_or_default();
                    if floats.contains(c) { format!("{:.3}", v.parse::<f64>().unwrap_or(f64::NAN)) } else { v }
                })
                .collect()
        })
        .collect()
}

/// The table's columns `t` equal the query's variables `q`, row for row
/// (in order when `ordered`, else as multisets).
fn agree(table: &[Row], answer: &[Row], t: &[&str], q: &[&str], floats: &[&str], ordered: bool, what: &str) {
    assert_eq!(table.len(), answer.len(), "{what}: rows");
    let mut a = tuples(table, t, floats);
    let q_floats: Vec<&str> = t.iter().zip(q).filter(|(c, _)| floats.contains(c)).map(|(_, v)| *v).collect();
    let mut b = tuples(answer, q, &q_floats);
    if !ordered {
        a.sort();
        b.sort();
    }
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(x, y, "{what}: row {i} differs ({t:?})");
    }
}

/// Every table of the store, as CSV, checked against the queries.
fn check_tables(store: &Path, dir: &Path) {
    let o =
        isnad().args(["export", "--format", "csv", "--output"]).arg(dir).arg("--store").arg(store).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let t = |name: &str| csv_table(&dir.join(format!("{name}.csv")));

    let articles = t("articles");
    assert!(!articles.is_empty());
    agree(
        &articles,
        &sparql(store, queries::ARTICLES),
        &["article", "iri", "published", "publisher", "sentences", "mentions"],
        &["article", "iri", "published", "publisher", "sentences", "mentions"],
        &[],
        true,
        "articles",
    );
    agree(
        &t("actors"),
        &sparql(store, queries::ACTORS),
        &["id", "iri", "type", "label_ar", "label_en", "wikidata", "mentions"],
        &["id", "actor", "type", "label_ar", "label_en", "wikidata", "mentions"],
        &[],
        true,
        "actors",
    );
    let described = sparql(store, queries::ACTOR_DESCRIPTIONS);
    let ids: HashMap<&str, &str> = described.iter().map(|r| (r["actor"].as_str(), r["id"].as_str())).collect();
    let affiliations: HashMap<&str, &str> = described
        .iter()
        .map(|r| (r["id"].as_str(), ids.get(r["affiliation"].as_str()).copied().unwrap_or("")))
        .collect();
    for a in t("actors") {
        assert_eq!(a["affiliation"], affiliations[a["id"].as_str()], "affiliation of {}", a["id"]);
    }
    // export-mentions.rq leaves the order to the reader: the table's is
    // article, offset (longest first), actor id.
    let mentions = t("mentions");
    agree(
        &mentions,
        &sparql(store, queries::EXPORT_MENTIONS),
        &[
            "article",
            "start",
            "end",
            "surface",
            "actor_iri",
            "actor_id",
            "actor_type",
            "actor_label_ar",
            "actor_label_en",
            "actor_wikidata",
        ],
        &["article", "start", "end", "surface", "actor", "id", "type", "label_ar", "label_en", "wikidata"],
        &[],
        false,
        "mentions",
    );
    let key = |r: &Row| {
        (
            r["article"].clone(),
            r["start"].parse::<u64>().unwrap(),
            std::cmp::Reverse(r["end"].parse::<u64>().unwrap()),
            r["actor_id"].clone(),
        )
    };
    assert!(mentions.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "mentions in article and offset order");
    let claims = t("claims");
    agree(
        &claims,
        &sparql(store, queries::EXPORT_CLAIMS),
        &[
            "claim",
            "article",
            "start",
            "end",
            "speaker_iri",
            "speaker_surface",
            "verb",
            "type",
            "cameo",
            "goldstein",
            "direct_quote",
            "content",
            "sentence",
        ],
        &[
            "claim",
            "article",
            "start",
            "end",
            "speaker",
            "speaker_surface",
            "verb",
            "type",
            "cameo",
            "goldstein",
            "direct_quote",
            "content",
            "sentence",
        ],
        &["goldstein"],
        true,
        "claims",
    );
    let targets = t("claim_targets");
    agree(
        &targets,
        &sparql(store, queries::CLAIM_TARGETS),
        &["claim", "target_iri"],
        &["claim", "target"],
        &[],
        false,
        "claim targets",
    );
    let per_claim = targets.iter().fold(HashMap::<&str, usize>::new(), |mut m, r| {
        *m.entry(r["claim"].as_str()).or_default() += 1;
        m
    });
    for c in &claims {
        assert_eq!(c["targets"].parse::<usize>().unwrap(), per_claim.get(c["claim"].as_str()).copied().unwrap_or(0));
    }
    agree(
        &t("relations"),
        &sparql(store, queries::EXPORT_RELATIONS),
        &[
            "relation",
            "article",
            "start",
            "end",
            "source_iri",
            "target_iri",
            "kind",
            "sign",
            "weight",
            "rollup",
            "date",
        ],
        &["relation", "article", "start", "end", "source", "target", "kind", "sign", "weight", "rollup", "date"],
        &["weight"],
        true,
        "relations",
    );
    agree(
        &t("figures"),
        &sparql(store, queries::FIGURES),
        &["claim", "article", "published", "speaker_iri", "counts", "count", "surface"],
        &["claim", "article", "published", "speaker", "counts", "count", "surface"],
        &[],
        false,
        "figures",
    );

    // The JSON Lines exports come from the same rows and say what the
    // queries say.
    let st = isnad::store::embedded::open_read(store).unwrap();
    let cache = isnad::store::cache::Cache::none();
    let lines = |v: Vec<String>| v.join("\n");
    let json = |f: &str| {
        let o = isnad().args(["export", "--format", f, "--store"]).arg(store).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap().trim_end().to_string()
    };
    assert_eq!(
        json("mentions-jsonl"),
        lines(
            isnad::store::records::mention_records(&st)
                .unwrap()
                .iter()
                .map(|r| serde_json::to_string(r).unwrap())
                .collect()
        )
    );
    assert_eq!(
        json("claims-jsonl"),
        lines(
            isnad::store::records::claim_records(&st, &cache)
                .unwrap()
                .iter()
                .map(|r| serde_json::to_string(r).unwrap())
                .collect()
        )
    );
    assert_eq!(
        json("relations-jsonl"),
        lines(
            isnad::store::records::relation_records(&st, &cache)
                .unwrap()
                .iter()
                .map(|r| serde_json::to_string(r).unwrap())
                .collect()
        )
    );
}

fn note(store: &Path) -> String {
    let o = isnad().args(["export", "--format", "claims-csv", "--store"]).arg(store).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn every_table_agrees_with_the_store_after_builds_replacements_prunes_and_foreign_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(seeds()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in &files {
        std::fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
    }
    let store = tmp.path().join("store");
    let o = build_with(&[&corpus], &store, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(note(&store), "", "a fresh build's kept rows are read");
    check_tables(&store, &tmp.path().join("t1"));

    // One article changes, one leaves the corpus.
    let txt: Vec<_> = files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")).collect();
    let changed = corpus.join(txt[0].file_name().unwrap());
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nوقال وزير الخارجية الروسي إن موسكو تدعو أرمينيا وأذربيجان إلى ضبط النفس.\n");
    std::fs::write(&changed, text).unwrap();
    std::fs::remove_file(corpus.join(txt[1].file_name().unwrap())).unwrap();
    let o = build_with(&[&corpus], &store, &["--prune"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 replaced, 1 pruned"), "{}", stderr(&o));
    assert_eq!(note(&store), "", "kept rows stay valid across a rebuild");
    check_tables(&store, &tmp.path().join("t2"));
    let added = csv_table(&tmp.path().join("t2/claims.csv"));
    assert!(added.iter().any(|c| c["content"].contains("ضبط النفس")), "the changed article's new claim");

    // Another tool takes a mention out of an article graph: the kept rows no
    // longer vouch for the store, and the tables are read from it.
    {
        let st = oxigraph::store::Store::open(&store).unwrap();
        let ta = oxigraph::model::NamedNode::new("http://www.w3.org/2005/11/its/rdf#taIdentRef").unwrap();
        let q = st.quads_for_pattern(None, Some(ta.as_ref()), None, None).next().unwrap().unwrap();
        st.remove(&q).unwrap();
        st.flush().unwrap();
    }
    assert!(note(&store).contains("do not match the store"), "{}", note(&store));
    check_tables(&store, &tmp.path().join("t3"));
    // The next build (nothing to write) reads from the store what it did not
    // write, and the kept rows are valid again.
    let o = build_with(&[&corpus], &store, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(note(&store), "");
    check_tables(&store, &tmp.path().join("t4"));
}

#[test]
fn formats_name_their_tables_and_a_directory_export_needs_a_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    assert!(build_with(&[&seeds()], &store, &[]).status.success());
    // The table from the file's name.
    let out = tmp.path().join("claim_targets.parquet");
    let o = isnad().args(["export", "--store"]).arg(&store).arg("--output").arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&out).unwrap()[..4], b"PAR1");
    // A name that is no table.
    let o =
        isnad().args(["export", "--store"]).arg(&store).arg("--output").arg(tmp.path().join("x.csv")).output().unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot tell the format"), "{}", stderr(&o));
    // Every table into a directory: not to standard output, not onto a file.
    let o = isnad().args(["export", "--format", "parquet", "--store"]).arg(&store).output().unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("give --output DIR"), "{}", stderr(&o));
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let o =
        isnad().args(["export", "--format", "csv", "--store"]).arg(&store).arg("--output").arg(&file).output().unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("is not a directory"), "{}", stderr(&o));
    // The CSV header is there even for a table with no row.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("a.txt"), "نص بلا أحد.").unwrap();
    let st2 = tmp.path().join("store2");
    assert!(build_with(&[&empty], &st2, &[]).status.success());
    let o = isnad().args(["export", "--format", "figures-csv", "--store"]).arg(&st2).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 1, "the header alone");
    // Same store, same bytes.
    let a = isnad().args(["export", "--format", "claims-parquet", "--store"]).arg(&store).output().unwrap().stdout;
    let b = isnad().args(["export", "--format", "claims-parquet", "--store"]).arg(&store).output().unwrap().stdout;
    assert_eq!(a, b);
}

#[test]
fn pandas_polars_and_duckdb_read_every_table_and_duckdb_joins_as_sparql_does() {
    if !["pandas", "pyarrow", "polars", "duckdb"].iter().all(|m| common::python_with(m)) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    assert!(build_with(&[&seeds()], &store, &[]).status.success());
    let d = tmp.path().join("out");
    for f in ["parquet", "csv"] {
        let o = isnad()
            .args(["export", "--format", f, "--store"])
            .arg(&store)
            .arg("--output")
            .arg(d.join(f))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for t in ["mentions", "claims", "relations"] {
        let o = isnad()
            .args(["export", "--format", &format!("{t}-jsonl"), "--store"])
            .arg(&store)
            .arg("--output")
            .arg(d.join(format!("{t}.jsonl")))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = isnad()
        .args(["query", "--format", "json", "--store"])
        .arg(&store)
        .arg("--file")
        .arg(common::root().join("tests/external/claims_relations.rq"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(d.join("claims_relations.json"), &o.stdout).unwrap();
    let o = std::process::Command::new("python3")
        .arg(common::root().join("tests/external/tables_check.py"))
        .arg(&d)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    println!("{}", String::from_utf8_lossy(&o.stdout));
}
