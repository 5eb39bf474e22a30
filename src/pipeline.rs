//! The build: corpus → text → extract → rdf → store, for a whole corpus.
//!
//! Articles are extracted in parallel (rayon) in batches and written one
//! transaction per article, so the store only ever holds whole article
//! graphs. An article whose graph is already in the store with the same
//! extraction fingerprint is left alone; a changed article replaces the
//! graph of its older version in the same transaction; `prune` drops the
//! graphs of articles no longer in the corpus.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{Literal, NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::corpus::Article;
use crate::extract::{Extraction, Extractor};
use crate::rdf;
use crate::store as st;

/// Options of a build.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Drop the graphs of articles that are not in this corpus.
    pub prune: bool,
    /// Articles extracted per batch (0: default).
    pub batch: usize,
    /// Rewrite every article graph even when the store has it already.
    pub force: bool,
}

/// Progress events, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// The build starts with this many articles.
    Start(usize),
    /// One article is done (written or unchanged).
    Article(&'a str),
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Articles in the corpus.
    pub articles: usize,
    /// Article graphs written (new or changed).
    pub written: usize,
    /// Articles already in the store as they are.
    pub unchanged: usize,
    /// Older versions of changed articles that were replaced.
    pub replaced: usize,
    /// Article graphs dropped by `prune`.
    pub pruned: usize,
    /// Sentences in the corpus.
    pub sentences: usize,
    /// Distinct actors mentioned (places excluded).
    pub actors: usize,
    /// Mentions of actors and places.
    pub mentions: usize,
    /// Quads of the corpus's article graphs.
    pub quads: usize,
    /// Quads in the whole store after the build.
    pub store_quads: usize,
}

fn text_hash(s: &str) -> String {
    crate::lexicon::hex(&Sha256::digest(s.as_bytes())[..8])
}

/// Writes the ontology, gazetteer and activity graphs if they changed.
fn write_shared_graphs(store: &Store, ex: &Extractor, fingerprint: &str) -> Result<(), StorageError> {
    let ttl_fp = text_hash(include_str!("../ontology/isnad.ttl"));
    let og = rdf::ontology_graph();
    if st::graph_fingerprint(store, og.as_ref())?.as_deref() != Some(ttl_fp.as_str()) {
        let mut quads = st::ontology_quads();
        quads.push(Quad::new(og.clone(), rdf::isnad("fingerprint"), Literal::new_simple_literal(&ttl_fp), og.clone()));
        st::replace_graph(store, &og, &quads, &[])?;
    }
    let gg = rdf::gazetteer_graph();
    if st::graph_fingerprint(store, gg.as_ref())?.as_deref() != Some(fingerprint) {
        let quads = rdf::gazetteer_quads(ex.lexicon(), ex.gazetteer(), fingerprint);
        st::replace_graph(store, &gg, &quads, &[])?;
    }
    st::add_quads(store, &rdf::activity_quads(ex.lexicon(), fingerprint))
}

/// Builds (or updates) the store from a corpus.
pub fn build(
    store: &Store,
    articles: &[Article],
    ex: &Extractor,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildReport, StorageError> {
    let fingerprint = rdf::fingerprint(ex.lexicon());
    write_shared_graphs(store, ex, &fingerprint)?;
    let stored = st::stored_articles(store)?;
    let mut by_source: BTreeMap<&str, Vec<&st::StoredArticle>> = BTreeMap::new();
    for s in stored.values() {
        by_source.entry(s.source.as_str()).or_default().push(s);
    }
    let mut report = BuildReport { articles: articles.len(), ..Default::default() };
    let mut actor_ids: BTreeSet<String> = BTreeSet::new();
    progress(Progress::Start(articles.len()));
    let batch = if opts.batch == 0 { 256 } else { opts.batch };
    for chunk in articles.chunks(batch) {
        let done: Vec<(Extraction, Vec<Quad>)> = chunk
            .par_iter()
            .map(|a| {
                let e = ex.extract_dated(&a.text, a.key(), a.meta.published.as_deref());
                let q = rdf::article_quads(a, &e, &fingerprint);
                (e, q)
            })
            .collect();
        for (a, (e, quads)) in chunk.iter().zip(done) {
            report.sentences += e.sentences.len();
            report.mentions += e.actors.mentions.len();
            report.quads += quads.len();
            for def in &e.actors.actors {
                if def.kind != crate::lexicon::ActorType::Place {
                    actor_ids.insert(def.id.clone());
                }
            }
            let graph = rdf::article_graph(a.key());
            let gs = graph.as_str().to_string();
            let same =
                !opts.force && stored.get(&gs).is_some_and(|s| s.fingerprint == fingerprint && s.source == a.source);
            if same {
                report.unchanged += 1;
            } else {
                let older: Vec<NamedNode> = by_source
                    .get(a.source.as_str())
                    .map(|v| v.iter().filter(|s| s.graph != gs).map(|s| NamedNode::new_unchecked(&s.graph)).collect())
                    .unwrap_or_default();
                report.replaced += older.len();
                st::replace_graph(store, &graph, &quads, &older)?;
                report.written += 1;
            }
            progress(Progress::Article(&a.source));
        }
    }
    if opts.prune {
        let keep: BTreeSet<String> =
            articles.iter().map(|a| rdf::article_graph(a.key()).as_str().to_string()).collect();
        let drop: Vec<NamedNode> = stored
            .keys()
            .filter(|g| !keep.contains(*g))
            .filter(|g| {
                // Graphs already replaced as older versions are gone.
                st::stored_articles(store).map(|now| now.contains_key(*g)).unwrap_or(true)
            })
            .map(NamedNode::new_unchecked)
            .collect();
        report.pruned = drop.len();
        st::remove_graphs(store, &drop)?;
    }
    if report.replaced > 0 || report.pruned > 0 {
        st::remove_orphan_actors(store)?;
    }
    let keys: Vec<String> = articles.iter().map(|a| a.key().to_string()).collect();
    st::add_quads(store, &rdf::build_quads(&fingerprint, &keys))?;
    report.actors = actor_ids.len();
    report.store_quads = store.len()?;
    Ok(report)
}
