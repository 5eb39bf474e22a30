//! Crash safety: `isnad build` killed (SIGKILL) at many points never leaves
//! a partial article graph, the store always reopens, and a rerun finishes
//! the job with exactly what an uninterrupted build makes.
//!
//! The kill points: `ISNAD_KILL_POINTS` (default 60), spread over the whole
//! build, on a corpus of 300 generated articles stored in batches of 16;
//! every article graph in the store is compared with the uninterrupted
//! build's after every kill.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use isnad::corpus::{ReadOptions, read_corpus};
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use tempfile::TempDir;

const ARTICLES: u64 = 300;

fn isnad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_isnad"))
}

fn build_cmd(corpus: &Path, store: &Path) -> Command {
    let mut c = isnad();
    c.args(["build", "-q", "--batch", "16", "--store"]).arg(store).arg(corpus);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Quads per article graph, and whether the corpus's build record is there.
fn article_graphs(store: &Path) -> (BTreeMap<String, usize>, bool) {
    // Read-write, as the next build opens it: a build killed while creating
    // the store leaves it to be finished by the next open.
    let s = Store::open(store).expect("the store reopens after a kill");
    let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
             FILTER(STRSTARTS(STR(?g), \"https://w3id.org/isnad/graph/article/\")) } GROUP BY ?g";
    let mut out = BTreeMap::new();
    if let QueryResults::Solutions(sols) =
        SparqlEvaluator::new().parse_query(q).unwrap().on_store(&s).execute().unwrap()
    {
        for sol in sols {
            let sol = sol.unwrap();
            let g = sol.get("g").unwrap().to_string();
            let n: usize = match sol.get("n").unwrap() {
                oxigraph::model::Term::Literal(l) => l.value().parse().unwrap(),
                t => panic!("{t}"),
            };
            out.insert(g, n);
        }
    }
    let record = "ASK { GRAPH <https://w3id.org/isnad/graph/builds> { ?b a <https://w3id.org/isnad/ontology#Build> ; \
                  <https://w3id.org/isnad/ontology#articleCount> 300 } }";
    let done = matches!(
        SparqlEvaluator::new().parse_query(record).unwrap().on_store(&s).execute().unwrap(),
        QueryResults::Boolean(true)
    );
    (out, done)
}

fn nquads(store: &Path) -> String {
    let o = isnad().args(["export", "--format", "nquads", "--store"]).arg(store).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn killed_builds_leave_whole_article_graphs_and_a_rerun_finishes_the_job() {
    let dir = TempDir::new().unwrap();
    let seeds = read_corpus(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")], ReadOptions::default()).unwrap();
    let synth = Synth::new(&seeds.articles, &Lexicon::defaults().unwrap(), 3);
    let corpus = dir.path().join("corpus.jsonl");
    let lines: Vec<String> = (0..ARTICLES)
        .map(|i| {
            let a = synth.article(i);
            serde_json::json!({"id": i, "text": a.text, "published": a.meta.published}).to_string()
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();

    // The reference: one build, uninterrupted.
    let reference = dir.path().join("reference");
    let started = Instant::now();
    assert!(build_cmd(&corpus, &reference).status().unwrap().success());
    let span = started.elapsed();
    let (whole, done) = article_graphs(&reference);
    assert_eq!(whole.len(), ARTICLES as usize);
    assert!(done);

    let kills: u32 = std::env::var("ISNAD_KILL_POINTS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let mut store: PathBuf = dir.path().join("s0");
    let (mut killed, mut partial_stores) = (0, 0);
    for k in 0..kills {
        // A new store every five kills, so kill points fall early in a build
        // as well as late; in between, each kill interrupts the rerun of
        // the one before, which goes on from where that one stopped.
        if k % 5 == 0 {
            store = dir.path().join(format!("s{k}"));
        }
        let at = span.mul_f64(f64::from((k * 7) % 10 + 1) / 10.0 * 0.7);
        let mut child = build_cmd(&corpus, &store).spawn().unwrap();
        let deadline = Instant::now() + at;
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        if !store.join("CURRENT").exists() {
            continue; // killed before the store was created
        }
        let (graphs, done) = article_graphs(&store);
        for (g, n) in &graphs {
            assert_eq!(whole.get(g), Some(n), "kill {k}: article graph {g} is partial ({n} quads)");
        }
        // The build record is written last: it never claims a build that
        // did not finish.
        assert!(!done || graphs.len() == whole.len(), "kill {k}: a build record without all its articles");
        if graphs.len() < whole.len() {
            partial_stores += 1;
        }
    }
    eprintln!("{kills} kill points: {killed} builds killed, {partial_stores} left some articles to do");
    // Reruns have less to do, so the later kill points of a store may come
    // after its build finished (36 of 60 fell inside a build here).
    assert!(killed >= kills / 3, "kill points fall inside a build ({killed} of {kills})");
    assert!(partial_stores > 0, "some kills interrupt the writing");

    // A rerun finishes every interrupted store with what the reference has.
    let expected = nquads(&reference);
    for k in (0..kills).step_by(5) {
        let s = dir.path().join(format!("s{k}"));
        assert!(build_cmd(&corpus, &s).status().unwrap().success());
        let (graphs, done) = article_graphs(&s);
        assert_eq!(graphs, whole);
        assert!(done, "the build record says the build finished");
        assert!(nquads(&s) == expected, "store s{k} differs from the uninterrupted build");
    }
}
