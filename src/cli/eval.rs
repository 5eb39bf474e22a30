//! `isnad eval`.

use anyhow::Context;
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::store::cache::Cache;
use std::collections::HashMap;

use isnad::eval::{read_gold, score_actors, score_claims, score_relations};
use isnad::extract::Extractor;
use isnad::pipeline::{BuildOptions, build};
use isnad::store::records::{claim_records, mention_records, relation_records};
use oxigraph::store::Store;

use super::args::EvalArgs;
use super::{Outcome, corpus_or_seeds, load_lexicon};

pub fn run(a: EvalArgs) -> anyhow::Result<Outcome> {
    let gold_text = std::fs::read_to_string(&a.gold).with_context(|| format!("reading {}", a.gold.display()))?;
    let gold = read_gold(&gold_text).map_err(|e| anyhow::anyhow!("{}: {e}", a.gold.display()))?;
    let paths = corpus_or_seeds(a.corpus)?;
    let extractor = Extractor::new(load_lexicon(&a.lexicon)?);
    let mut corpus = read_corpus(&paths, ReadOptions::default())?;
    for p in corpus.problems.iter().filter(|p| p.is_error) {
        eprintln!("isnad: {p}");
    }
    // The gold's publication date is the article's where the corpus gives
    // none (a directory of texts without metadata.tsv), as a build with
    // metadata would have it.
    for a in &mut corpus.articles {
        if a.meta.published.is_none() {
            let name = a.source.rsplit('/').next().unwrap_or(&a.source);
            let date = |d: &String| {
                d.len() == 10
                    && d.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
            };
            a.meta.published = gold.iter().find(|g| g.name() == name).and_then(|g| g.published.clone()).filter(date);
        }
    }
    let store = Store::new()?;
    build(&store, &corpus.articles, &extractor, BuildOptions::default(), &|_| {})?;
    let mentions = mention_records(&store)?;
    let score = score_actors(&gold, &mentions);
    let texts: HashMap<String, String> = corpus
        .articles
        .iter()
        .map(|a| (a.source.rsplit('/').next().unwrap_or(&a.source).to_string(), a.text.clone()))
        .collect();
    let claims = score_claims(&gold, &claim_records(&store, &Cache::none())?, &mentions, &texts);
    let (relations, relation_misses) = score_relations(&gold, &relation_records(&store, &Cache::none())?, &mentions);
    if a.json {
        let v = serde_json::json!({
            "actors": score.actors,
            "claims": claims.claims,
            "relations": relations,
            "claim_type_accuracy": claims.claim_type_accuracy,
        });
        println!("{v}");
    } else {
        for (name, v) in [("actors", score.actors), ("claims", claims.claims), ("relations", relations)] {
            println!(
                "{name:10} P={:.3} R={:.3} F1={:.3} (tp {}, system {}, gold {})",
                v.precision, v.recall, v.f1, v.tp, v.system, v.gold
            );
        }
        match claims.claim_type_accuracy {
            Some(t) => println!("claim types correct among matched claims: {t:.3}"),
            None => println!("claim types correct among matched claims: none matched"),
        }
        for m in &score.misses {
            if !m.missed.is_empty() {
                println!("{} actors missed: {}", m.article, m.missed.join(", "));
            }
            if !m.spurious.is_empty() {
                println!("{} actors spurious: {}", m.article, m.spurious.join(", "));
            }
        }
        for line in claims.misses.iter().chain(&relation_misses) {
            println!("{line}");
        }
    }
    Ok(Outcome::Ok)
}
