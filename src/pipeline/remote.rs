//! The build into a remote SPARQL 1.1 store: the same graphs as the
//! embedded build, written through the Graph Store Protocol.
//!
//! Each article graph goes in by one PUT (a few in flight), which replaces
//! the graph whole on the stores that matter, so the store never holds half
//! an article. What
//! the store already has is asked a batch at a time: one query finds, for
//! every source name of the batch, the graphs that hold it and their
//! extraction fingerprints. An article whose graph is there with the same
//! fingerprint is not extracted again, so the rebuild of an unchanged corpus
//! writes nothing, and a build stopped half-way resumes where it stopped.
//! A changed article's new graph is PUT before its older versions are
//! deleted; the next build deletes any older version a stop left behind.
//!
//! The actor descriptions a batch needs are POSTed to the actors graph
//! before the batch's article graphs, so an article graph in the store
//! always has its actors described. The ontology and gazetteer graphs are
//! PUT when their fingerprints differ; the activity and build records are
//! merged into the builds graph (read, and PUT back only when something is
//! new).

use std::collections::{BTreeSet, HashMap, HashSet};

use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::{BuildOptions, BuildReport, DEFAULT_BATCH, Input, Progress, extract_batch, text_hash};
use crate::corpus::Article;
use crate::extract::Extractor;
use crate::rdf;
use crate::store::embedded::{graph_fingerprint, ontology_quads, stored_articles};
use crate::store::remote::Remote;
use crate::store::{Read, ReadError, value};

/// Article graphs sent to the store at once.
const IN_FLIGHT: usize = 4;

/// Source names asked about in one query.
const SOURCES_PER_QUERY: usize = 256;

/// Builds (or updates) a remote store from a stream of articles; see the
/// module's documentation. `opts` mean what they mean for the embedded
/// build.
pub fn build_remote<I>(
    remote: &Remote,
    articles: I,
    ex: &Extractor,
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BuildReport, ReadError>
where
    I: IntoIterator<Item = Article>,
{
    remote.graph_store("isnad build")?;
    let fingerprint = rdf::fingerprint(ex.lexicon());
    let shared_rewritten = write_shared_graphs(remote, ex, &fingerprint)?;
    merge_into(remote, rdf::builds_graph(), &rdf::activity_quads(ex.lexicon(), &fingerprint))?;
    let mut report = BuildReport { shared_rewritten, ..BuildReport::default() };
    let mut actor_ids: BTreeSet<String> = BTreeSet::new();
    let mut keys: Vec<String> = Vec::new();
    let batch = if opts.batch == 0 { DEFAULT_BATCH } else { opts.batch };
    let prefix = rdf::article_graph_prefix();
    let actors_graph = GraphName::from(rdf::actors_graph());
    let mut described: HashSet<Quad> = HashSet::new();
    let mut articles = articles.into_iter();
    let mut chunk: Vec<Article> = Vec::with_capacity(batch);
    loop {
        chunk.clear();
        chunk.extend(articles.by_ref().take(batch));
        if chunk.is_empty() {
            break;
        }
        report.articles += chunk.len();
        keys.extend(chunk.iter().map(|a| a.key().to_string()));
        let held = graphs_of_sources(remote, chunk.iter().map(|a| a.source.as_str()))?;
        let mut todo: Vec<(Input, Vec<NamedNode>, bool)> = Vec::with_capacity(chunk.len());
        for a in chunk.drain(..) {
            let graph = rdf::article_graph(a.key());
            let found = held.get(&a.source).map(Vec::as_slice).unwrap_or_default();
            let current = !opts.force && found.iter().any(|(g, fp)| *g == graph && fp.as_deref() == Some(&fingerprint));
            let older: Vec<NamedNode> = found
                .iter()
                .filter(|(g, _)| *g != graph && g.as_str().starts_with(&prefix))
                .map(|(g, _)| g.clone())
                .collect();
            if current {
                // Older versions a stopped build left behind go now.
                report.unchanged += 1;
                report.replaced += older.len();
                for g in &older {
                    remote.delete_graph(g.as_ref())?;
                }
                progress(Progress::Article(&a.source));
            } else {
                let exists = found.iter().any(|(g, _)| *g == graph);
                todo.push((Input::Text(a), older, exists));
            }
        }
        let mut ready = extract_batch(todo, Some(ex), &fingerprint, false, &mut report, &mut actor_ids);
        // The actors first: an article graph in the store has its actors
        // described.
        let mut new_actors: Vec<Quad> = Vec::new();
        for p in &mut ready {
            let (actors, own): (Vec<Quad>, Vec<Quad>) =
                std::mem::take(&mut p.quads).into_iter().partition(|q| q.graph_name == actors_graph);
            p.quads = own;
            new_actors.extend(actors.into_iter().filter(|q| described.insert(q.clone())));
        }
        if !new_actors.is_empty() {
            remote.post_graph(actors_graph.as_ref(), &new_actors)?;
        }
        // A few requests in flight: the store works on one graph while
        // the next travels.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let failed = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| -> Result<(), ReadError> {
            let workers: Vec<_> = (0..IN_FLIGHT.min(ready.len()))
                .map(|_| {
                    scope.spawn(|| -> Result<(), ReadError> {
                        use std::sync::atomic::Ordering::Relaxed;
                        while let Some(p) = ready.get(next.fetch_add(1, Relaxed)).filter(|_| !failed.load(Relaxed)) {
                            let sent =
                                remote.put_graph(GraphNameRef::NamedNode(p.graph.as_ref()), &p.quads).and_then(|()| {
                                    p.older.iter().try_for_each(|g| remote.delete_graph(g.as_ref()).map(|_| ()))
                                });
                            if let Err(e) = sent {
                                // The others stop at their next graph.
                                failed.store(true, Relaxed);
                                return Err(e.into());
                            }
                            progress(Progress::Article(&p.source));
                        }
                        Ok(())
                    })
                })
                .collect();
            for w in workers {
                w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
            }
            Ok(())
        })?;
        report.written += ready.len();
    }
    if opts.prune {
        let keep: HashSet<String> = keys.iter().map(|k| rdf::article_graph(k).as_str().to_string()).collect();
        for g in stored_articles(remote)?.keys().filter(|g| !keep.contains(*g)) {
            remote.delete_graph(NamedNode::new_unchecked(g.as_str()).as_ref())?;
            report.pruned += 1;
        }
    }
    if report.replaced > 0 || report.pruned > 0 {
        remove_orphan_actors(remote)?;
    }
    merge_into(remote, rdf::builds_graph(), &rdf::build_quads(&fingerprint, &keys))?;
    report.actors = actor_ids.len();
    Ok(report)
}

/// The graphs that hold a source name, with their extraction fingerprints.
type Held = Vec<(NamedNode, Option<String>)>;

/// For each source name, the graphs that hold it and their fingerprints.
fn graphs_of_sources<'a>(
    remote: &Remote,
    sources: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, Held>, ReadError> {
    let sources: BTreeSet<&str> = sources.collect();
    let sources: Vec<&str> = sources.into_iter().collect();
    let mut out: HashMap<String, Held> = HashMap::new();
    for part in sources.chunks(SOURCES_PER_QUERY) {
        let values: Vec<String> = part.iter().map(|s| Literal::new_simple_literal(*s).to_string()).collect();
        let q = format!(
            "SELECT ?source ?g ?fp WHERE {{ VALUES ?source {{ {} }} GRAPH ?g {{ ?a <{i}sourceName> ?source OPTIONAL {{ ?a <{i}fingerprint> ?fp }} }} }}",
            values.join(" "),
            i = rdf::ISNAD
        );
        for row in remote.select_rows("the articles the store holds", &q)?.1 {
            let (Some(source), Some(Term::NamedNode(g))) = (value(&row, "source"), row.get("g")) else { continue };
            out.entry(source).or_default().push((g.clone(), value(&row, "fp")));
        }
    }
    Ok(out)
}

/// PUTs the ontology and gazetteer graphs when their fingerprints differ;
/// true when either was.
fn write_shared_graphs(remote: &Remote, ex: &Extractor, fingerprint: &str) -> Result<bool, ReadError> {
    let mut rewritten = false;
    let ttl_fp = text_hash(include_str!("../../ontology/isnad.ttl"));
    let og = rdf::ontology_graph();
    if graph_fingerprint(remote, og.as_ref())?.as_deref() != Some(ttl_fp.as_str()) {
        let mut quads = ontology_quads();
        quads.push(Quad::new(og.clone(), rdf::isnad("fingerprint"), Literal::new_simple_literal(&ttl_fp), og.clone()));
        remote.put_graph(og.as_ref().into(), &quads)?;
        rewritten = true;
    }
    let gg = rdf::gazetteer_graph();
    if graph_fingerprint(remote, gg.as_ref())?.as_deref() != Some(fingerprint) {
        remote.put_graph(gg.as_ref().into(), &rdf::gazetteer_quads(ex.lexicon(), ex.gazetteer(), fingerprint))?;
        rewritten = true;
    }
    Ok(rewritten)
}

/// Adds quads to a graph that accumulates them (the builds graph): read,
/// and PUT back with the new ones only when there are new ones.
fn merge_into(remote: &Remote, graph: NamedNode, quads: &[Quad]) -> Result<(), ReadError> {
    let mut held: Vec<Quad> = remote.get_graph(graph.as_ref().into())?;
    let there: HashSet<&Quad> = held.iter().collect();
    let new: Vec<Quad> = quads.iter().filter(|q| !there.contains(q)).cloned().collect();
    if !new.is_empty() {
        held.extend(new);
        remote.put_graph(graph.as_ref().into(), &held)?;
    }
    Ok(())
}

/// Rewrites the actors graph without the actors no article mentions any
/// more, as the embedded build's update does.
fn remove_orphan_actors(remote: &Remote) -> Result<(), ReadError> {
    let q = format!("SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?m <{}taIdentRef> ?a }} }}", rdf::ITSRDF);
    let mentioned: HashSet<NamedNode> = remote
        .select_rows("the actors mentioned", &q)?
        .1
        .into_iter()
        .filter_map(|r| match r.get("a") {
            Some(Term::NamedNode(n)) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let graph = rdf::actors_graph();
    let held = remote.get_graph(graph.as_ref().into())?;
    let kept: Vec<Quad> = held
        .iter()
        .filter(|q| matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if mentioned.contains(n)))
        .cloned()
        .collect();
    if kept.len() < held.len() {
        remote.put_graph(graph.as_ref().into(), &kept)?;
    }
    Ok(())
}
