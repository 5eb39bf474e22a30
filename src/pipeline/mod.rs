//! The build: corpus → text → extract → rdf → store, for a whole corpus.
//!
//! Articles stream in; a batch at a time is extracted in parallel (rayon)
//! while a writer thread stores the batch before it. New article graphs go
//! in by atomic bulk loads, a changed article replaces the graph of its
//! older version in one transaction, so the store only ever holds whole
//! article graphs. An article whose graph is already in the store with the
//! same extraction fingerprint is not even extracted again; `prune` drops
//! the graphs of articles no longer in the corpus.
//!
//! [`remote`] builds into any SPARQL 1.1 store over HTTP the same way, one
//! Graph Store PUT per article graph.

pub mod remote;
pub mod shards;

use std::collections::{BTreeSet, HashSet};

use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::corpus::Article;
use crate::extract::{Extraction, Extractor};
use crate::rdf;
use crate::store::embedded as st;
use crate::tables::Keeper;
use crate::tables::rows::{ArticleRows, article_rows, rows_of_extraction};

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
    /// Of those, the new ones stored by bulk load.
    pub bulk_loaded: usize,
    /// Articles already in the store as they are.
    pub unchanged: usize,
    /// Older versions of changed articles that were replaced.
    pub replaced: usize,
    /// Article graphs dropped by `prune`.
    pub pruned: usize,
    /// Sentences of the articles written.
    pub sentences: usize,
    /// Distinct actors the articles written mention (places excluded).
    pub actors: usize,
    /// Mentions of actors and places in the articles written.
    pub mentions: usize,
    /// Quads of the article graphs written.
    pub quads: usize,
    /// The ontology or gazetteer graph was rewritten (a new vocabulary or
    /// lexicon).
    pub shared_rewritten: bool,
}

impl BuildReport {
    /// Whether the build changed what the article, ontology and gazetteer
    /// graphs say (and so what the whole-store queries answer).
    pub fn changed(&self) -> bool {
        self.written > 0 || self.pruned > 0 || self.replaced > 0 || self.shared_rewritten
    }
}

pub(crate) fn text_hash(s: &str) -> String {
    crate::lexicon::hex(&Sha256::digest(s.as_bytes())[..8])
}

/// Writes the ontology, gazetteer and activity graphs if they changed;
/// true when the ontology or gazetteer graph was rewritten.
fn write_shared_graphs(store: &Store, ex: &Extractor, fingerprint: &str) -> Result<bool, StorageError> {
    let mut rewritten = false;
    let ttl_fp = text_hash(include_str!("../../ontology/isnad.ttl"));
    let og = rdf::ontology_graph();
    if st::graph_fingerprint(store, og.as_ref()).map_err(storage)?.as_deref() != Some(ttl_fp.as_str()) {
        let mut quads = st::ontology_quads();
        quads.push(Quad::new(og.clone(), rdf::isnad("fingerprint"), Literal::new_simple_literal(&ttl_fp), og.clone()));
        st::replace_graph(store, &og, &quads, &[])?;
        rewritten = true;
    }
    let gg = rdf::gazetteer_graph();
    if st::graph_fingerprint(store, gg.as_ref()).map_err(storage)?.as_deref() != Some(fingerprint) {
        let quads = rdf::gazetteer_quads(ex.lexicon(), ex.gazetteer(), fingerprint);
        st::replace_graph(store, &gg, &quads, &[])?;
        rewritten = true;
    }
    st::add_quads(store, &rdf::activity_quads(ex.lexicon(), fingerprint))?;
    Ok(rewritten)
}

/// Builds (or updates) the store from a corpus held in memory.
pub fn build(
    store: &Store,
    articles: &[Article],
    ex: &Extractor,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildReport, StorageError> {
    build_from(store, articles.iter().cloned(), ex, opts, progress)
}

/// Articles extracted per batch by default: enough to keep every core busy,
/// few enough that a batch's quads stay small beside the store's caches.
pub const DEFAULT_BATCH: usize = 256;

/// What a build stores: an article to extract, or an article graph that
/// `isnad extract` made elsewhere (see [`shards`]).
#[derive(Debug, Clone)]
pub enum Input {
    /// An article's text, to extract.
    Text(Article),
    /// An article graph, extracted already.
    Graph(ArticleGraph),
}

/// An article graph extracted already: its key, source name and quads
/// (those of the actors graph that it needs among them, or not).
#[derive(Debug, Clone)]
pub struct ArticleGraph {
    /// The article's key.
    pub key: String,
    /// Its source name.
    pub source: String,
    /// Its quads.
    pub quads: Vec<Quad>,
}

impl Input {
    fn key(&self) -> &str {
        match self {
            Input::Text(a) => a.key(),
            Input::Graph(g) => &g.key,
        }
    }

    fn source(&self) -> &str {
        match self {
            Input::Text(a) => &a.source,
            Input::Graph(g) => &g.source,
        }
    }
}

/// What the store has of an article about to be built.
enum Lookup {
    /// Its graph, from the same source and lexicons: nothing to do.
    Unchanged,
    /// To write: its graph exists already (a forced rewrite), and the
    /// graphs of older versions of its source that it replaces.
    Write { exists: bool, older: Vec<NamedNode> },
}

/// One article made ready for the store.
struct Prepared {
    source: String,
    key: String,
    graph: NamedNode,
    quads: Vec<Quad>,
    /// Graphs of older versions of the same source, to drop with it.
    older: Vec<NamedNode>,
    /// The graph is in the store already (a forced rewrite).
    exists: bool,
    /// Its table rows, when they are kept.
    rows: Option<ArticleRows>,
}

/// Builds (or updates) the store from a stream of articles, holding no more
/// of the corpus than a few batches.
///
/// Extraction runs in parallel (rayon) a batch at a time, while a writer
/// thread stores the batch before it: the new article graphs of a batch go
/// in by one atomic bulk load (every graph of it is visible after its
/// commit, none before); a changed article replaces its older version in one
/// transaction. Either way an article graph in the
/// store is complete.
pub fn build_from<I>(
    store: &Store,
    articles: I,
    ex: &Extractor,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildReport, StorageError>
where
    I: IntoIterator<Item = Article>,
{
    build_keeping(store, articles, ex, opts, progress, None)
}

fn storage(e: crate::store::ReadError) -> StorageError {
    match e {
        crate::store::ReadError::Storage(s) => s,
        other => StorageError::Other(Box::new(other)),
    }
}

fn kept_error(e: crate::tables::kept::KeptError) -> StorageError {
    match e {
        crate::tables::kept::KeptError::Storage(s) => s,
        crate::tables::kept::KeptError::Read(crate::store::ReadError::Storage(s)) => s,
        other => StorageError::Other(Box::new(other)),
    }
}

/// [`build_from`], keeping the table rows of every article graph it writes
/// with `keeper` (see [`crate::tables::kept`]): the rows are made from the
/// quads written, and kept once their graphs are committed.
pub fn build_keeping<I>(
    store: &Store,
    articles: I,
    ex: &Extractor,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    keeper: Option<&mut Keeper>,
) -> Result<BuildReport, StorageError>
where
    I: IntoIterator<Item = Article>,
{
    let fingerprint = rdf::fingerprint(ex.lexicon());
    let shared_rewritten = write_shared_graphs(store, ex, &fingerprint)?;
    let mut report =
        build_inputs(store, articles.into_iter().map(Input::Text), Some(ex), &fingerprint, opts, progress, keeper)?;
    report.shared_rewritten = shared_rewritten;
    Ok(report)
}

/// The build of [`build_keeping`] from articles or article graphs made
/// with `fingerprint`, after the shared graphs are written. `ex` extracts
/// the articles given as text (none are, without it).
fn build_inputs<I>(
    store: &Store,
    inputs: I,
    ex: Option<&Extractor>,
    fingerprint: &str,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    mut keeper: Option<&mut Keeper>,
) -> Result<BuildReport, StorageError>
where
    I: IntoIterator<Item = Input>,
{
    let keep_rows = keeper.is_some();
    let fingerprint = fingerprint.to_string();
    // A store without articles needs no lookups.
    let source_name = rdf::isnad("sourceName");
    let empty = store.quads_for_pattern(None, Some(source_name.as_ref()), None, None).next().is_none();
    if empty && let Some(k) = keeper.as_deref_mut() {
        k.store_is_empty();
    }
    let mut report = BuildReport::default();
    let mut actor_ids: BTreeSet<String> = BTreeSet::new();
    let mut keys: Vec<String> = Vec::new();
    let batch = if opts.batch == 0 { DEFAULT_BATCH } else { opts.batch };
    let mut articles = inputs.into_iter();
    let written = std::thread::scope(|scope| -> Result<(usize, usize), StorageError> {
        // Two batches in flight: one being extracted, one being written.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(1);
        let writer_keeper = keeper.as_deref_mut();
        let fp = fingerprint.as_str();
        let writer = scope.spawn(move || write_batches(store, rx, progress, writer_keeper, fp));
        let mut chunk: Vec<Input> = Vec::with_capacity(batch);
        loop {
            chunk.clear();
            chunk.extend(articles.by_ref().take(batch));
            if chunk.is_empty() {
                break;
            }
            report.articles += chunk.len();
            keys.extend(chunk.iter().map(|a| a.key().to_string()));
            // What the store has of each article: point lookups, in parallel.
            let looked: Vec<Lookup> = if empty {
                chunk.iter().map(|_| Lookup::Write { exists: false, older: Vec::new() }).collect()
            } else {
                let look = |a: &Input| -> Result<_, StorageError> {
                    if !opts.force && st::is_current(store, a.key(), a.source(), &fingerprint)? {
                        return Ok(Lookup::Unchanged);
                    }
                    // Only an article to write needs its older versions.
                    let exists = st::lookup_article(store, a.key())?.is_some();
                    Ok(Lookup::Write { exists, older: st::older_versions(store, a.key(), a.source())? })
                };
                chunk.par_iter().map(look).collect::<Result<_, _>>()?
            };
            let mut todo: Vec<(Input, Vec<NamedNode>, bool)> = Vec::with_capacity(chunk.len());
            for (a, found) in chunk.drain(..).zip(looked) {
                match found {
                    Lookup::Unchanged => {
                        report.unchanged += 1;
                        progress(Progress::Article(a.source()));
                    }
                    Lookup::Write { exists, older } => todo.push((a, older, exists)),
                }
            }
            let ready = extract_batch(todo, ex, &fingerprint, keep_rows, &mut report, &mut actor_ids);
            if !ready.is_empty() && tx.send(ready).is_err() {
                break; // the writer failed; its error is below
            }
        }
        drop(tx);
        writer.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    })?;
    report.written = written.0;
    report.bulk_loaded = written.1;
    if opts.prune {
        let keep: HashSet<String> = keys.iter().map(|k| rdf::article_graph(k).as_str().to_string()).collect();
        let now = st::stored_articles(store).map_err(storage)?;
        let drop: Vec<NamedNode> = now.keys().filter(|g| !keep.contains(*g)).map(NamedNode::new_unchecked).collect();
        report.pruned = drop.len();
        st::remove_graphs(store, &drop)?;
        if let Some(k) = keeper.as_deref_mut() {
            let prefix = rdf::article_graph_prefix();
            k.forget(drop.iter().filter_map(|g| g.as_str().strip_prefix(&prefix)));
        }
    }
    if let Some(k) = keeper {
        k.reconcile(store).map_err(kept_error)?;
        k.close_segment().map_err(kept_error)?;
    }
    if report.replaced > 0 || report.pruned > 0 {
        st::remove_orphan_actors(store)?;
    }
    let record = rdf::build_quads(&fingerprint, &keys);
    if !record.first().map(|q| store.contains(q)).transpose()?.unwrap_or(false) {
        st::add_quads(store, &record)?;
    }
    report.actors = actor_ids.len();
    Ok(report)
}

/// Extracts the articles to write in parallel (an article graph made
/// already is taken as it is), makes their quads (and table rows when
/// `keep_rows`), and counts what they hold into `report`.
fn extract_batch(
    todo: Vec<(Input, Vec<NamedNode>, bool)>,
    ex: Option<&Extractor>,
    fingerprint: &str,
    keep_rows: bool,
    report: &mut BuildReport,
    actor_ids: &mut BTreeSet<String>,
) -> Vec<Prepared> {
    let done: Vec<(Prepared, Counts)> = todo
        .into_par_iter()
        .map(|(input, older, exists)| match input {
            Input::Text(a) => {
                let ex = ex.expect("a build of articles has an extractor");
                let e = ex.extract_dated(&a.text, a.key(), a.meta.published.as_deref());
                let quads = rdf::article_quads(&a, &e, fingerprint);
                let counts = Counts::of(&e, quads.len());
                let graph = rdf::article_graph(a.key());
                let rows =
                    keep_rows.then(|| rows_of_extraction(&a, &e).unwrap_or_else(|| article_rows(a.key(), &quads)));
                let key = a.key().to_string();
                (Prepared { source: a.source, key, graph, quads, older, exists, rows }, counts)
            }
            Input::Graph(g) => {
                let counts = Counts::of_quads(&g.quads);
                let graph = rdf::article_graph(&g.key);
                let rows = keep_rows.then(|| article_rows(&g.key, &g.quads));
                (Prepared { source: g.source, key: g.key, graph, quads: g.quads, older, exists, rows }, counts)
            }
        })
        .collect();
    let mut ready = Vec::with_capacity(done.len());
    for (p, c) in done {
        report.sentences += c.sentences;
        report.mentions += c.mentions;
        report.quads += c.quads;
        report.replaced += p.older.len();
        actor_ids.extend(c.actors);
        ready.push(p);
    }
    ready
}

/// What one extraction found, for the report.
struct Counts {
    sentences: usize,
    mentions: usize,
    quads: usize,
    actors: Vec<String>,
}

impl Counts {
    fn of(e: &Extraction, quads: usize) -> Self {
        let actors = e
            .actors
            .actors
            .iter()
            .filter(|d| d.kind != crate::lexicon::ActorType::Place)
            .map(|d| d.id.clone())
            .collect();
        Counts { sentences: e.sentences.len(), mentions: e.actors.mentions.len(), quads, actors }
    }

    /// The same counts read off an article graph's quads (places among
    /// the actors: the graph does not tell them apart).
    fn of_quads(quads: &[Quad]) -> Self {
        let sentence = oxigraph::model::Term::from(NamedNode::new_unchecked(format!("{}Sentence", rdf::NIF)));
        let refers = NamedNode::new_unchecked(format!("{}taIdentRef", rdf::ITSRDF));
        let article_graph = |q: &Quad| !matches!(&q.graph_name, GraphName::NamedNode(g) if *g == rdf::actors_graph());
        let mut actors: Vec<String> = Vec::new();
        let (mut sentences, mut mentions) = (0, 0);
        for q in quads.iter().filter(|q| article_graph(q)) {
            if q.predicate == oxigraph::model::vocab::rdf::TYPE && q.object == sentence {
                sentences += 1;
            } else if q.predicate == refers {
                mentions += 1;
                if let oxigraph::model::Term::NamedNode(a) = &q.object {
                    actors.push(a.as_str().rsplit('/').next().unwrap_or_default().to_string());
                }
            }
        }
        actors.sort();
        actors.dedup();
        Counts { sentences, mentions, quads: quads.iter().filter(|q| article_graph(q)).count(), actors }
    }
}

/// The writer: stores batches as they come, and keeps the table rows of
/// each batch once its graphs are committed. Returns the article graphs
/// written, and how many of them went in by bulk load.
fn write_batches(
    store: &Store,
    rx: std::sync::mpsc::Receiver<Vec<Prepared>>,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    mut keeper: Option<&mut Keeper>,
    fingerprint: &str,
) -> Result<(usize, usize), StorageError> {
    let actors_graph = GraphName::from(rdf::actors_graph());
    // Descriptions of actors already stored by this build: once is enough.
    let mut described: HashSet<Quad> = HashSet::new();
    let mut pending: Vec<Prepared> = Vec::new();
    let (mut written, mut bulk) = (0usize, 0usize);
    let flush = |pending: &mut Vec<Prepared>| -> Result<(), StorageError> {
        if pending.is_empty() {
            return Ok(());
        }
        let mut loader = store.bulk_loader().with_num_threads(1).with_max_memory_size_in_megabytes(256);
        // The quads move into the loader: a batch is never held twice.
        let sources: Vec<String> = pending.iter().map(|p| p.source.clone()).collect();
        loader.load_quads(pending.drain(..).flat_map(|p| p.quads))?;
        loader.commit()?;
        for s in sources {
            progress(Progress::Article(&s));
        }
        Ok(())
    };
    let prefix = rdf::article_graph_prefix();
    for batch in rx {
        let mut rows = ArticleRows::default();
        let mut keys: Vec<String> = Vec::with_capacity(batch.len());
        let mut replaced: Vec<String> = Vec::new();
        for mut p in batch {
            p.quads.retain(|q| q.graph_name != actors_graph || described.insert(q.clone()));
            written += 1;
            keys.push(std::mem::take(&mut p.key));
            if let Some(r) = p.rows.take() {
                rows.append(r);
            }
            if p.exists || !p.older.is_empty() {
                st::replace_graph(store, &p.graph, &p.quads, &p.older)?;
                replaced.extend(p.older.iter().filter_map(|g| g.as_str().strip_prefix(&prefix)).map(str::to_string));
                progress(Progress::Article(&p.source));
            } else {
                bulk += 1;
                pending.push(p);
            }
        }
        flush(&mut pending)?;
        if let Some(k) = keeper.as_deref_mut() {
            k.forget(replaced.iter().map(String::as_str));
            let articles: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), fingerprint)).collect();
            k.keep(&articles, &rows).map_err(kept_error)?;
        }
    }
    Ok((written, bulk))
}
