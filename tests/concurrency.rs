//! Several processes on one store: readers while a build writes, and two
//! builds started at once. Whatever the timing, each command either works or
//! says in one sentence that the store is busy (exit 2), and the store ends
//! up holding the whole corpus once.

use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;
use tempfile::TempDir;

/// Articles in the corpus: enough for a build to last a while.
const ARTICLES: usize = 40;

fn isnad() -> std::process::Command {
    std::process::Command::new(cargo_bin("isnad"))
}

/// The seeds, each copied into eight articles that differ by a first line.
fn corpus(dir: &Path) -> PathBuf {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let corpus = dir.join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for (n, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).unwrap();
        for copy in 0..ARTICLES / files.len() {
            let name = format!("{n}_{copy:02}.txt");
            std::fs::write(corpus.join(name), format!("النسخة رقم {copy} من المقال {n}.\n{text}")).unwrap();
        }
    }
    corpus
}

fn spawn_build(store: &Path, corpus: &Path) -> Child {
    isnad()
        .arg("build")
        .arg("--quiet")
        .arg("--store")
        .arg(store)
        .arg(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A refusal because another process holds the store: exit 2, one sentence.
fn is_busy(o: &Output) -> bool {
    let err = stderr(o);
    o.status.code() == Some(2)
        && err.lines().count() == 1
        && err.contains("is in use by another process")
        && !err.contains("panicked")
}

fn count_articles(store: &Path) -> usize {
    let o = isnad()
        .args(["query", "--format", "tsv", "--store"])
        .arg(store)
        .arg("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a <https://w3id.org/isnad/ontology#sourceName> ?s } }")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    out.lines().nth(1).unwrap().split('^').next().unwrap().trim_matches('"').parse().unwrap()
}

#[test]
fn readers_during_a_build_work_or_say_the_store_is_busy() {
    let dir = TempDir::new().unwrap();
    let corpus = corpus(dir.path());
    let store = dir.path().join("store");
    // A first build makes the store; the second rewrites every article.
    let first = isnad().arg("build").arg("--quiet").arg("--store").arg(&store).arg(&corpus).output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let mut build = isnad()
        .arg("build")
        .arg("--quiet")
        .arg("--force")
        .arg("--store")
        .arg(&store)
        .arg(&corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut during, mut answered, mut busy) = (0, 0, 0);
    let mut seen_writing = false;
    let started = Instant::now();
    loop {
        // What a failed read checks before calling the store busy.
        let writing = isnad::store::embedded::writer_active(&store);
        let running = build.try_wait().unwrap().is_none();
        seen_writing |= writing && running;
        for args in [
            &["query", "--format", "tsv", "ASK { GRAPH ?g { ?s ?p ?o } }"][..],
            &["export", "--format", "claims-jsonl"][..],
            &["report", "--format", "md"][..],
        ] {
            let o = isnad().args(args).arg("--store").arg(&store).output().unwrap();
            if o.status.success() {
                answered += 1;
                assert!(!o.stdout.is_empty(), "{args:?} answered nothing");
            } else {
                assert!(is_busy(&o), "{args:?}: neither an answer nor a busy store: {:?} {}", o.status, stderr(&o));
                busy += 1;
            }
        }
        if !running {
            break;
        }
        during += 1;
        assert!(started.elapsed() < Duration::from_secs(120), "the build never ended");
    }
    let o = build.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    eprintln!("{during} rounds of readers during the build: {answered} answered, {busy} told the store was busy");
    assert!(during == 0 || seen_writing, "the build's lock on the store was never seen");
    assert!(!isnad::store::embedded::writer_active(&store), "no lock once the build is over");
    assert_eq!(count_articles(&store), ARTICLES);
}

#[test]
fn two_builds_at_once_one_wins_and_the_store_holds_the_corpus_once() {
    let dir = TempDir::new().unwrap();
    let corpus = corpus(dir.path());
    let store = dir.path().join("store");
    let (a, b) = (spawn_build(&store, &corpus), spawn_build(&store, &corpus));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let outcomes = [&a, &b];
    let won = outcomes.iter().filter(|o| o.status.success()).count();
    assert!(won >= 1, "one build wins: {} / {}", stderr(&a), stderr(&b));
    for o in outcomes.iter().filter(|o| !o.status.success()) {
        assert!(is_busy(o), "the other says the store is busy: {:?} {}", o.status, stderr(o));
    }
    eprintln!("{won} of 2 simultaneous builds wrote (the other found the store busy)");

    // The store opens and holds each article once; a rerun writes nothing.
    assert_eq!(count_articles(&store), ARTICLES);
    let again = isnad().arg("build").arg("--store").arg(&store).arg(&corpus).output().unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains(&format!("({} written, {ARTICLES} unchanged", 0)), "{}", stderr(&again));
    // And it is exactly what one build alone makes.
    let alone = dir.path().join("alone");
    let o = isnad().arg("build").arg("--quiet").arg("--store").arg(&alone).arg(&corpus).output().unwrap();
    assert!(o.status.success());
    let dump = |s: &Path| isnad().args(["export", "--format", "nquads", "--store"]).arg(s).output().unwrap().stdout;
    assert!(dump(&store) == dump(&alone), "the store differs from a single build's");
}
