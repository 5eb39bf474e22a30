//! End-to-end tests of the `isnad` binary on the bundled seeds and on small
//! corpora made for each behaviour.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{build, export, isnad, seeds, stderr};

fn query_json(store: &Path, args: &[&str]) -> Value {
    let o = isnad().arg("query").arg("--store").arg(store).args(["--format", "json"]).args(args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn rows(v: &Value) -> Vec<Value> {
    v["results"]["bindings"].as_array().unwrap().clone()
}

#[test]
fn cli_build_seeds_gives_traceable_mentions() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    let o = build(&[&seeds()], &store);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("5 articles (5 written, 0 unchanged"), "{}", stderr(&o));

    let jsonl = export(&store, "mentions-jsonl");
    let mut last = (String::new(), 0usize);
    let mut n = 0;
    for line in jsonl.lines() {
        let m: Value = serde_json::from_str(line).unwrap();
        let article = m["article"].as_str().unwrap().to_string();
        let (start, end) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        // Offsets are code points into the text as read; the span is the surface.
        let text = std::fs::read_to_string(seeds().join(&article)).unwrap();
        let cut: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(cut, m["surface"].as_str().unwrap(), "{line}");
        for key in ["id", "iri", "label_ar", "type"] {
            assert!(m["actor"][key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {line}");
        }
        assert!((article.clone(), start) >= last, "article then offset order");
        last = (article, start);
        n += 1;
    }
    assert!(n > 300, "{n} mentions");
    assert!(jsonl.contains(r#""id":"azerbaijan_ministry_of_defense""#));
    assert!(jsonl.contains(r#""wikidata":"Q227""#));
}

#[test]
fn cli_named_queries_answer() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let actors = query_json(&store, &["--file", root.join("queries/actors.rq").to_str().unwrap()]);
    let first = &rows(&actors)[0];
    assert_eq!(first["id"]["value"], "azerbaijan", "the most mentioned actor: {first}");
    assert_eq!(first["wikidata"]["value"], "Q227");
    assert_eq!(first["label_en"]["value"], "Azerbaijan");

    let ment = query_json(
        &store,
        &["--file", root.join("queries/actor-mentions.rq").to_str().unwrap(), "--bind", "id=nikol_pashinyan"],
    );
    let r = rows(&ment);
    assert!(r.len() >= 6, "{} mentions of Pashinyan", r.len());
    for row in &r {
        assert_eq!(row["id"]["value"], "nikol_pashinyan");
        let sentence = row["sentence"]["value"].as_str().unwrap();
        assert!(sentence.contains(row["surface"]["value"].as_str().unwrap()));
    }
    let arts = query_json(&store, &["--file", root.join("queries/articles.rq").to_str().unwrap()]);
    assert_eq!(rows(&arts).len(), 5);
    assert_eq!(rows(&arts)[0]["published"]["value"], "2023-09-25");
}

#[test]
fn cli_query_formats_and_table() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let q =
        "SELECT ?s WHERE { GRAPH ?g { ?s <https://w3id.org/isnad/ontology#sourceName> \"001_b2d432f4c5225c23.txt\" } }";
    for (format, needle) in [("csv", "s\r\n"), ("tsv", "?s\n"), ("xml", "<sparql"), ("table", "article/")] {
        isnad()
            .arg("query")
            .arg("--store")
            .arg(&store)
            .args(["--format", format, q])
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
    isnad()
        .arg("query")
        .arg("--store")
        .arg(&store)
        .write_stdin("ASK { GRAPH ?g { ?s ?p ?o } }")
        .assert()
        .success()
        .stdout("true\n");
}

#[test]
fn cli_rebuild_changes_nothing_and_dumps_are_identical() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(build(&[&seeds()], &a).status.success());
    let before = export(&a, "nquads");
    let o = build(&[&seeds()], &a);
    assert!(stderr(&o).contains("(0 written, 5 unchanged"), "{}", stderr(&o));
    assert_eq!(before, export(&a, "nquads"), "a rebuild changes nothing");
    assert!(build(&[&seeds()], &b).status.success());
    assert_eq!(before, export(&b, "nquads"), "two builds give byte-identical dumps");
}

#[test]
fn cli_changed_article_replaces_its_graph_and_prune_drops_removed_ones() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "وقالت وزارة الدفاع الأرمينية إن الوضع مستقر.").unwrap();
    std::fs::write(corpus.join("b.txt"), "وقالت روسيا إن قواتها باقية.").unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&corpus], &store).status.success());
    std::fs::write(corpus.join("a.txt"), "وقالت أذربيجان إن الوضع مستقر.").unwrap();
    let o = build(&[&corpus], &store);
    assert!(stderr(&o).contains("(1 written, 1 unchanged, 1 replaced"), "{}", stderr(&o));
    let jsonl = export(&store, "mentions-jsonl");
    assert!(jsonl.contains("azerbaijan") && !jsonl.contains(r#""id":"armenia""#), "{jsonl}");
    // The body only the old version named is no longer described.
    assert!(!export(&store, "nquads").contains("actor/armenia_ministry_of_defense"));
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    let o = isnad().arg("build").arg("--store").arg(&store).arg("--prune").arg(&corpus).output().unwrap();
    assert!(stderr(&o).contains("1 pruned"), "{}", stderr(&o));
    assert!(!export(&store, "mentions-jsonl").contains("russia"));
}

#[test]
fn cli_build_bad_articles_keep_the_good_ones() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("good.txt"), "وقالت وزارة الدفاع الأذربيجانية إن الوضع مستقر.").unwrap();
    std::fs::write(corpus.join("latin1.txt"), b"caf\xe9 \xe0 Bakou").unwrap();
    std::fs::write(corpus.join("empty.txt"), "  \n").unwrap();
    std::fs::write(corpus.join("binary.txt"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]).unwrap();
    std::fs::write(corpus.join("huge.txt"), "أذربيجان ".repeat(600_000)).unwrap();
    std::fs::write(corpus.join("metadata.tsv"), "file\tpublished\ngood.txt\t2023-09-25\nlatin1.txt\tnot-a-date\n")
        .unwrap();
    let store = dir.path().join("store");
    let o = isnad()
        .arg("build")
        .arg("--store")
        .arg(&store)
        .arg("--max-article-bytes")
        .arg("1000000")
        .arg(&corpus)
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for needle in [
        "latin1.txt: not valid UTF-8",
        "empty.txt: empty article",
        "binary.txt: binary data",
        "more than the 1000000-byte limit",
        "metadata.tsv:3: `published` is `not-a-date`",
    ] {
        assert!(err.contains(needle), "`{needle}` in {err}");
    }
    assert!(err.contains("1 articles (1 written"), "{err}");
    let jsonl = export(&store, "mentions-jsonl");
    assert!(jsonl.contains("azerbaijan_ministry_of_defense"));
}

#[test]
fn cli_malformed_query_names_line_and_column() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    isnad()
        .arg("query")
        .arg("--store")
        .arg(&store)
        .arg("SELECT ?s\nWHERE { ?s ?p }")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("syntax error in the query at line 2, column 16"));
}

#[test]
fn cli_store_problems_are_plain_sentences() {
    let dir = TempDir::new().unwrap();
    let not_store = dir.path().join("notes");
    std::fs::create_dir(&not_store).unwrap();
    std::fs::write(not_store.join("todo.txt"), "x").unwrap();
    isnad()
        .arg("build")
        .arg("--store")
        .arg(&not_store)
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not an isnad store"));
    isnad()
        .args(["export", "--format", "nquads", "--store"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no store at"));

    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let held = oxigraph::store::Store::open(&store).unwrap();
    isnad().arg("build").arg("--store").arg(&store).arg(seeds()).assert().code(2).stderr(
        predicate::str::contains("is in use by another process").and(predicate::str::contains("panicked").not()),
    );
    drop(held);
    // A store in folders that do not exist yet: they are made.
    let nested = dir.path().join("runs/2026/store");
    assert!(build(&[&seeds()], &nested).status.success());
    isnad().args(["query", "--store"]).arg(&nested).arg("ASK { GRAPH ?g { ?s ?p ?o } }").assert().success();
}

#[test]
fn cli_export_rdf_formats_parse_back() {
    use oxigraph::io::{RdfFormat, RdfParser};
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let nq = export(&store, "nquads");
    let n = nq.lines().count();
    let trig = export(&store, "trig");
    let parsed =
        RdfParser::from_format(RdfFormat::TriG).for_slice(trig.as_bytes()).collect::<Result<Vec<_>, _>>().unwrap();
    assert_eq!(parsed.len(), n);
    let out = dir.path().join("all.ttl");
    isnad().args(["export", "--store"]).arg(&store).arg("--output").arg(&out).assert().success();
    let ttl = std::fs::read(&out).unwrap();
    let triples = RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl).collect::<Result<Vec<_>, _>>().unwrap();
    let distinct: std::collections::HashSet<oxigraph::model::Triple> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nq.as_bytes())
        .map(|q| oxigraph::model::Triple::from(q.unwrap()))
        .collect();
    assert_eq!(triples.len(), distinct.len(), "Turtle holds every distinct triple once");
    isnad()
        .args(["export", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format is required"));
}

#[test]
fn cli_lexicon_overlay_adds_an_actor_without_recompiling() {
    let dir = TempDir::new().unwrap();
    let lex = dir.path().join("lex");
    std::fs::create_dir(&lex).unwrap();
    std::fs::write(lex.join("actors.tsv"), "id\ttype\ten\tar\twikidata\taffiliation\trole\nyerevan_mayor_office\tOrganization\tYerevan City Hall\tبلدية يريفان\t\tarmenia\t\n").unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "وقالت بلدية يريفان إن المياه مقطوعة.").unwrap();
    let store = dir.path().join("store");
    isnad()
        .arg("build")
        .arg("--quiet")
        .arg("--store")
        .arg(&store)
        .arg("--lexicon")
        .arg(&lex)
        .arg(&corpus)
        .assert()
        .success();
    assert!(export(&store, "mentions-jsonl").contains("yerevan_mayor_office"));

    std::fs::write(
        lex.join("actors.tsv"),
        "id\ttype\ten\tar\twikidata\taffiliation\trole\nx\tOrganization\tX\tس\t\tnowhere\t\n",
    )
    .unwrap();
    isnad()
        .arg("lexicon")
        .arg("check")
        .arg(&lex)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("actors.tsv:2:1: actor `x` names the affiliation `nowhere`"));
}

fn claim_sentences(store: &Path) -> Vec<(String, String)> {
    let v = query_json(
        store,
        &[
            "PREFIX isnad: <https://w3id.org/isnad/ontology#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> SELECT ?c ?sentence WHERE { GRAPH ?g { ?c a isnad:Claim ; nif:sentence ?s . ?s nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?d . ?d nif:isString ?t BIND(SUBSTR(?t, ?b + 1, ?e - ?b) AS ?sentence) } } ORDER BY ?c",
        ],
    );
    rows(&v)
        .iter()
        .map(|r| (r["c"]["value"].as_str().unwrap().to_string(), r["sentence"]["value"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn cli_report_shows_every_claim_once_with_its_sentence() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let claims = claim_sentences(&store);
    assert!(claims.len() > 100, "{} claims", claims.len());
    let (md, html) = (dir.path().join("r.md"), dir.path().join("r.html"));
    isnad().args(["report", "--store"]).arg(&store).arg("--output").arg(&md).assert().success();
    isnad().args(["report", "--store"]).arg(&store).arg("--output").arg(&html).assert().success();
    let md = std::fs::read_to_string(md).unwrap();
    let html = std::fs::read_to_string(html).unwrap();
    for (iri, sentence) in &claims {
        let marker = format!("<!-- claim {iri} -->");
        assert_eq!(md.matches(&marker).count(), 1, "{iri} once in the Markdown");
        let block = md.split(&marker).nth(1).unwrap().split("\n- ").next().unwrap();
        assert!(block.contains(&format!("sentence: {sentence}")), "{iri}: its sentence in {block}");
        // The HTML escapes what it shows, slashes included.
        let escaped = iri.replace('/', "&#x2f;");
        assert_eq!(html.matches(&format!("data-iri=\"{escaped}\"")).count(), 1, "{iri} once in the HTML");
    }
    assert!(
        md.contains("## Contested figures") && md.contains("| 25 |") && md.contains("| 32 |") && md.contains("| 200 |")
    );
    assert!(
        html.contains("dir=\"rtl\"") && !html.contains("http://") && !html.contains("src="),
        "self-contained, right-to-left"
    );
}

/// The Markdown report of the store with these arguments.
fn report_md(store: &Path, args: &[&str]) -> String {
    let o = isnad().args(["report", "--format", "md", "--store"]).arg(store).args(args).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn cli_report_filters() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let report = |args: &[&str]| report_md(&store, args);
    let russia = report(&["--speaker", "russia"]);
    assert!(russia.contains("## Russia") && !russia.contains("## Armenia"), "{russia}");
    assert!(russia.contains("### Dmitry Peskov"), "the Kremlin's spokesman speaks for Russia");
    // Read through the index on the speaker, the same claims as the Russia
    // section of the whole report.
    let markers = |md: &str| -> Vec<String> {
        md.split("<!-- claim ").skip(1).map(|s| s.split(" -->").next().unwrap().to_string()).collect()
    };
    let whole = report(&[]);
    let section = whole.split("\n## Russia").nth(1).unwrap().split("\n## ").next().unwrap();
    assert!(markers(section).len() >= 5, "{section}");
    assert_eq!(markers(&russia), markers(section));
    let accusations = report(&["--type", "accusation"]);
    assert!(accusations.contains("**accusation**") && !accusations.contains("**appeal**"));
    let recent = report(&["--since", "2024-01-01"]);
    assert!(
        recent.contains(
            "| 004_d952b10f021ff057.txt | 2024-04-18 | unknown (ends with (وكالات), i.e. wire agencies) | 18 |"
        ) || recent.contains("004_d952b10f021ff057.txt | 2024-04-18")
    );
    assert!(!recent.contains("— 000_a25564347d838f35.txt"), "no claim from 2023");
    isnad()
        .args(["report", "--format", "md", "--since", "last week", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--since last week: not a date"));
}

#[test]
fn cli_report_limits_say_what_they_leave_out() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let report = |args: &[&str]| report_md(&store, args);
    let claims = |md: &str| md.matches("<!-- claim ").count();
    let speakers = |md: &str| md.lines().filter(|l| l.starts_with("### ") && !l.contains(" (")).count();
    // What the store holds, by the claims export: every claim, and each
    // speaker's count, most first (ties by id, as the report orders them).
    let exported: Vec<Value> =
        export(&store, "claims-jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut per: std::collections::BTreeMap<String, (usize, String)> = std::collections::BTreeMap::new();
    for c in &exported {
        let s = &c["speaker"];
        let e = per.entry(s["id"].as_str().unwrap().to_string()).or_insert((0, String::new()));
        e.0 += 1;
        e.1 = s["label_en"].as_str().or(s["label_ar"].as_str()).unwrap().to_string();
    }
    let mut ranked: Vec<(String, usize, String)> = per.into_iter().map(|(id, (n, label))| (id, n, label)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (total, speakers_n) = (exported.len(), ranked.len());
    assert!(total > 100 && speakers_n > 30, "the seeds have many claims and speakers");
    // The seeds fit the default limits: the report is the whole one.
    let whole = report(&[]);
    assert_eq!(whole, report(&["--all"]));
    assert_eq!(claims(&whole), total);
    assert!(!whole.contains("Shown:"), "nothing left out");
    // The three speakers with the most claims, two claims each.
    let short = report(&["--top", "3", "--limit", "2"]);
    assert_eq!(claims(&short), 6, "{short}");
    for (id, n, label) in &ranked[..2] {
        assert!(short.contains(&format!("### {label} — ")), "{label}: {short}");
        assert!(short.contains(&format!("2 of {n} claims (`isnad report --speaker {id}` lists them all)")), "{short}");
    }
    let more = format!("Shown: 6 claims of the 3 speakers with the most; {} more speakers with ", speakers_n - 3);
    assert!(short.contains(&more), "{short}");
    let head = format!("{total} claims by {speakers_n} speakers in 5 articles");
    assert!(short.starts_with("# Who said what") && short.contains(&head), "{short}");
    // Each shown claim is one of the whole report's, with the same lines.
    for block in short.split("<!-- claim ").skip(1) {
        let iri = block.split(" -->").next().unwrap();
        assert!(whole.contains(&format!("<!-- claim {iri} -->")), "{iri}");
    }
    // The article index lists the articles the shown claims come from.
    let cited = short.split("## Articles").nth(1).unwrap().lines().filter(|l| l.contains(".txt |")).count();
    assert!((1..=5).contains(&cited), "{short}");
    assert_eq!(speakers(&report(&["--top", "0", "--limit", "1"])), speakers_n);
    // --speaker shows all of that speaker's claims unless --limit says so.
    let russia = report(&["--speaker", "russia"]);
    let russia_1 = report(&["--speaker", "russia", "--limit", "1"]);
    assert!(claims(&russia) > claims(&russia_1) && claims(&russia_1) == speakers(&russia_1), "{russia_1}");
    // With a filter on content every claim is read and the limits apply after.
    let accusations = report(&["--type", "accusation", "--limit", "1"]);
    assert!(accusations.contains("**accusation**") && !accusations.contains("**appeal**"));
    assert_eq!(claims(&accusations), speakers(&accusations));
    isnad()
        .args(["report", "--format", "md", "--all", "--top", "3", "--store"])
        .arg(&store)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn cli_kept_query_results_answer_as_the_store_and_follow_its_builds() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    let cache = store.join("isnad-cache");
    assert!(build(&[&seeds()], &store).status.success());
    let generation = || std::fs::read_to_string(cache.join("current")).ok();
    let first = generation().expect("a build keeps its query results");
    let outputs = || {
        let report = report_md(&store, &[]);
        let analyze = isnad().args(["analyze", "--format", "json", "--store"]).arg(&store).output().unwrap();
        assert!(analyze.status.success(), "{}", stderr(&analyze));
        // `isnad query` on a kept query, word for word: the same rows (in
        // whatever order the store gives them).
        let network = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/network.rq");
        let q = isnad().args(["query", "--format", "tsv", "--store"]).arg(&store).arg("--file").arg(&network).output();
        let mut rows: Vec<String> = String::from_utf8(q.unwrap().stdout).unwrap().lines().map(str::to_string).collect();
        rows.sort();
        assert!(rows.len() > 50 && rows.iter().any(|r| r.starts_with("?source\t")), "{rows:?}");
        (report, analyze.stdout, export(&store, "graphml"), export(&store, "gexf"), rows)
    };
    let cached = outputs();
    // The same from the store itself, once the cache is gone.
    std::fs::remove_dir_all(&cache).unwrap();
    assert!(cached == outputs(), "kept results and the store answer alike");
    // A build that writes nothing brings back no cache it did not find, and
    // keeps the one it finds.
    assert!(build(&[&seeds()], &store).status.success());
    let second = generation().expect("a rebuild keeps the results when there were none");
    assert!(build(&[&seeds()], &store).status.success());
    assert_eq!(generation().as_ref(), Some(&second), "nothing written: the same results");
    assert_ne!(first, second);
    // A new article: new results, and the report has its claims.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).unwrap();
    std::fs::write(
        more.join("new.txt"),
        "وقال المتحدث باسم الكرملين دميتري بيسكوف إن روسيا تدعو أرمينيا إلى ضبط النفس.\n",
    )
    .unwrap();
    assert!(build(&[&seeds(), &more], &store).status.success());
    assert_ne!(generation().as_ref(), Some(&second));
    assert!(report_md(&store, &["--speaker", "dmitry_peskov"]).contains("— new.txt"));
    // Results whose file is damaged are an error naming it, not wrong rows.
    let current = generation().unwrap();
    let dir_now = cache.join(current.trim());
    let network = std::fs::read_dir(&dir_now)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("network-"))
        .unwrap();
    std::fs::write(&network, "?source\t?target\n<broken\n").unwrap();
    isnad()
        .args(["analyze", "--store"])
        .arg(&store)
        .assert()
        .failure()
        .stderr(predicate::str::contains("network-").and(predicate::str::contains("isnad build")));
}

#[test]
fn cli_claims_jsonl_follows_the_contract() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let jsonl = export(&store, "claims-jsonl");
    let types = [
        "statement",
        "announcement",
        "accusation",
        "condemnation",
        "appeal",
        "denial",
        "rejection",
        "pledge",
        "warning",
        "support",
        "demand",
        "threat",
    ];
    let mut n = 0;
    for line in jsonl.lines() {
        let c: Value = serde_json::from_str(line).unwrap();
        let text = std::fs::read_to_string(seeds().join(c["article"].as_str().unwrap())).unwrap();
        let (start, end) = (c["start"].as_u64().unwrap() as usize, c["end"].as_u64().unwrap() as usize);
        assert!(start < end && end <= text.chars().count(), "{line}");
        let span: String = text.chars().skip(start).take(end - start).collect();
        let surface = c["speaker"]["surface"].as_str().unwrap();
        assert!(span.contains(surface), "the speaker's words lie in the claim's span: {line}");
        assert!(span.contains(c["content"].as_str().unwrap()), "{line}");
        for key in ["id", "iri", "label_ar", "type"] {
            assert!(c["speaker"][key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {line}");
        }
        assert!(types.contains(&c["type"].as_str().unwrap()), "{line}");
        let cameo = c["cameo"].as_str().unwrap();
        assert!(cameo.len() == 2 && (1..=20).contains(&cameo.parse::<u8>().unwrap()), "{line}");
        assert!(c["goldstein"].is_f64() && c["direct_quote"].is_boolean() && c["targets"].is_array(), "{line}");
        n += 1;
    }
    assert!(n > 100, "{n} claims");
}

/// `isnad analyze --format json` on a store.
fn analyze_json(store: &Path) -> Value {
    let o = isnad().args(["analyze", "--format", "json", "--store"]).arg(store).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn cli_analyze_finds_the_2023_blocs_and_the_armenia_russia_shift() {
    let dir = TempDir::new().unwrap();
    // The 2023 seed articles alone.
    let corpus = dir.path().join("2023");
    std::fs::create_dir(&corpus).unwrap();
    let meta = std::fs::read_to_string(seeds().join("metadata.tsv")).unwrap();
    let mut rows = vec![meta.lines().next().unwrap().to_string()];
    for line in meta.lines().skip(1).filter(|l| l.split('\t').nth(1).is_some_and(|d| d.starts_with("2023"))) {
        let file = line.split('\t').next().unwrap();
        std::fs::copy(seeds().join(file), corpus.join(file)).unwrap();
        rows.push(line.to_string());
    }
    assert_eq!(rows.len(), 4, "three 2023 seeds");
    std::fs::write(corpus.join("metadata.tsv"), rows.join("\n") + "\n").unwrap();
    let store = dir.path().join("store2023");
    assert!(build(&[&corpus], &store).status.success());
    let v = analyze_json(&store);
    let bloc = |id: &str| {
        v["actors"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap()["bloc"].as_str().unwrap().to_string()
    };
    assert_eq!(bloc("azerbaijan"), bloc("turkey"));
    assert_eq!(bloc("armenia"), bloc("france"));
    assert_ne!(bloc("azerbaijan"), bloc("armenia"));

    // Across all the seeds, Armenia and Russia move from allies (2021) to dispute.
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let v = analyze_json(&store);
    let net = |year: &str| {
        v["timeline"]["armenia–russia"].as_array().unwrap().iter().find(|s| s["slice"] == year).unwrap()["net"]
            .as_i64()
            .unwrap()
    };
    assert!(net("2021") > 0 && net("2023") < 0, "{}", v["timeline"]);
}

#[test]
fn cli_eval_meets_the_bar_on_the_seeds() {
    let o = isnad()
        .args(["eval", "--json", "--gold"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/seeds-gold.jsonl"))
        .arg(seeds())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    for (key, bar) in [("actors", 0.9), ("claims", 0.9), ("relations", 0.85)] {
        for m in ["precision", "recall"] {
            let x = v[key][m].as_f64().unwrap();
            assert!(x >= bar, "{key} {m} {x} < {bar}");
        }
    }
}

#[test]
fn cli_analyze_writes_blocs_and_centrality_back_to_the_store() {
    let dir = TempDir::new().unwrap();
    let store = dir.path().join("store");
    assert!(build(&[&seeds()], &store).status.success());
    let v = analyze_json(&store);
    let actors = v["actors"].as_array().unwrap();
    assert!(
        actors
            .iter()
            .any(|a| a["id"] == "azerbaijan" && a["bloc"].is_string() && a["pagerank"].as_f64().unwrap() > 0.0)
    );
    let stored = query_json(
        &store,
        &[
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/isnad/graph/analysis> { ?a <https://w3id.org/isnad/ontology#pagerank> ?p } }",
        ],
    );
    assert_eq!(rows(&stored)[0]["n"]["value"].as_str().unwrap().parse::<usize>().unwrap(), actors.len());
    isnad()
        .args(["analyze", "--store"])
        .arg(&store)
        .assert()
        .success()
        .stdout(predicate::str::contains("blocs: structural balance"));
}
