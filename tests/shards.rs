//! Sharded extraction end to end: `isnad extract --shard K/N` on each shard,
//! then `isnad build --nquads`, gives the store one build gives; the shards
//! also load into Oxigraph's own bulk loader; bad shard sets are refused
//! before the store is touched.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::{export, isnad, seeds, stderr};
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;
use tempfile::TempDir;

/// The seeds and 60 generated articles, as one JSON Lines corpus.
fn corpus(dir: &Path) -> PathBuf {
    let seeds_read = read_corpus(&[seeds()], ReadOptions::default()).unwrap();
    let synth = Synth::new(&seeds_read.articles, &Lexicon::defaults().unwrap(), 7);
    let path = dir.join("corpus.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for a in &seeds_read.articles {
        let rec = serde_json::json!({"id": a.source, "text": a.text, "published": a.meta.published});
        writeln!(w, "{rec}").unwrap();
    }
    for i in 0..60 {
        let a = synth.article(i);
        let rec = serde_json::json!({"id": format!("synth-{i}"), "text": a.text, "published": a.meta.published});
        writeln!(w, "{rec}").unwrap();
    }
    w.flush().unwrap();
    path
}

fn extract(corpus: &Path, shard: &str, out: &Path) -> String {
    let o = isnad().args(["extract", "--quiet", "--shard", shard, "--output"]).arg(out).arg(corpus).output().unwrap();
    assert!(o.status.success(), "extract {shard}: {}", stderr(&o));
    stderr(&o)
}

fn build_shards(dir: &Path, store: &Path) -> std::process::Output {
    isnad().args(["build", "--quiet", "--nquads"]).arg(dir).arg("--store").arg(store).output().unwrap()
}

#[test]
fn four_shards_loaded_give_the_store_of_one_build() {
    let tmp = TempDir::new().unwrap();
    let corpus = corpus(tmp.path());
    let one = tmp.path().join("one");
    let o = common::build(&[&corpus], &one);
    assert!(o.status.success(), "{}", stderr(&o));

    let shards = tmp.path().join("shards");
    // Extracted in another order than their numbers, as machines finish.
    let mut held = 0u64;
    for k in ["2/4", "0/4", "3/4", "1/4"] {
        let said = extract(&corpus, k, &shards);
        // "isnad: shard K/N: X of Y articles, ..."
        let counts = said.split(": ").nth(2).and_then(|s| s.split(" articles").next()).unwrap();
        let of: Vec<u64> = counts.split(" of ").map(|n| n.replace(',', "").parse().unwrap()).collect();
        held += of[0];
        assert_eq!(of[1], 65, "every shard reads the whole corpus: {said}");
    }
    assert_eq!(held, 65, "each article in exactly one shard");

    let loaded = tmp.path().join("loaded");
    let o = build_shards(&shards, &loaded);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("65 articles (65 written, 0 unchanged"), "{}", stderr(&o));
    for f in ["nquads", "claims-jsonl", "relations-jsonl", "mentions-jsonl", "actors-csv", "graphml"] {
        assert!(export(&one, f) == export(&loaded, f), "{f}: the shards' store differs from one build's");
    }
    // Loaded again: nothing to write.
    let o = build_shards(&shards, &loaded);
    assert!(stderr(&o).contains("65 articles (0 written, 65 unchanged"), "{}", stderr(&o));
    assert!(export(&one, "nquads") == export(&loaded, "nquads"));

    // Any bulk loader: Oxigraph's own, one shard file after another.
    if which("oxigraph") {
        let ox = tmp.path().join("ox");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&shards)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".nq.gz"))
            .collect();
        files.sort();
        files.reverse();
        for f in &files {
            let o = std::process::Command::new("oxigraph")
                .args(["load", "--location"])
                .arg(&ox)
                .arg("--file")
                .arg(f)
                .output()
                .unwrap();
            assert!(o.status.success(), "oxigraph load {}: {}", f.display(), String::from_utf8_lossy(&o.stderr));
        }
        let o = std::process::Command::new("oxigraph")
            .args(["dump", "--format", "nq", "--location"])
            .arg(&ox)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let sorted = |text: &str| {
            let mut l: Vec<&str> = text.lines().map(|l| l.trim_end_matches(" .")).collect();
            l.sort_unstable();
            l.join("\n")
        };
        assert!(
            sorted(&String::from_utf8_lossy(&o.stdout)) == sorted(&export(&one, "nquads")),
            "oxigraph load of the shards holds another graph"
        );
    } else {
        eprintln!("skipped: the oxigraph CLI (PyPI oxigraph) is not installed; the shards were not bulk-loaded by it");
    }
}

fn which(cmd: &str) -> bool {
    std::process::Command::new(cmd).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn shard_sets_that_do_not_make_one_corpus_are_refused_before_the_store_is_touched() {
    let tmp = TempDir::new().unwrap();
    let corpus = corpus(tmp.path());
    let shards = tmp.path().join("shards");
    for k in ["0/3", "1/3", "2/3"] {
        extract(&corpus, k, &shards);
    }
    let store = tmp.path().join("store");

    // A shard missing.
    let gone = shards.join("shard-0001-of-0003.json");
    let kept = std::fs::read(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let o = build_shards(&shards, &store);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("shard 1 of 3 is missing"), "{}", stderr(&o));
    assert!(!store.exists(), "no store made for shards that do not load");
    std::fs::write(&gone, kept).unwrap();

    // A damaged file.
    let data = shards.join("shard-0002-of-0003.nq.gz");
    let whole = std::fs::read(&data).unwrap();
    std::fs::write(&data, &whole[..whole.len() / 2]).unwrap();
    let o = build_shards(&shards, &store);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("shard-0002-of-0003.nq.gz") && stderr(&o).contains("SHA-256"), "{}", stderr(&o));
    std::fs::write(&data, whole).unwrap();

    // A shard of another cut.
    extract(&corpus, "0/2", &shards);
    let o = build_shards(&shards, &store);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("another cut"), "{}", stderr(&o));
    for f in ["shard-0000-of-0002.json", "shard-0000-of-0002.nq.gz"] {
        std::fs::remove_file(shards.join(f)).unwrap();
    }

    // No shard at all, and a bad --shard.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = build_shards(&empty, &store);
    assert!(stderr(&o).contains("no shard manifest"), "{}", stderr(&o));
    for bad in ["3/3", "1", "a/b", "0/0"] {
        let o = isnad().args(["extract", "--shard", bad, "--output"]).arg(&shards).arg(&corpus).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert!(stderr(&o).contains("K/N"), "{bad}: {}", stderr(&o));
    }

    // The whole set loads.
    let o = build_shards(&shards, &store);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("65 articles (65 written"), "{}", stderr(&o));
}
