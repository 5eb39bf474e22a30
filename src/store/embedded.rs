//! The embedded Oxigraph store on disk: opening it with plain errors,
//! reading what it holds, and replacing one article's graph atomically.

use std::collections::BTreeMap;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store};

use super::{Read, ReadError};
use crate::rdf;

/// Why a store cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the store.
    #[error(
        "the store {0} is in use by another process (a build is running?); wait for it to finish, or use another --store"
    )]
    Locked(String),
    /// The path is not an Oxigraph store.
    #[error(
        "{0} is not an isnad store: it exists but holds no Oxigraph database; name a new or existing store directory"
    )]
    NotAStore(String),
    /// A build was stopped before the store was set up.
    #[error("the store {0} was left unfinished by a build stopped as it began; run `isnad build` on it again")]
    Unfinished(String),
    /// The store does not exist (read-only commands).
    #[error("no store at {0}; build one first with `isnad build --store {0}`")]
    Missing(String),
    /// Any other storage error.
    #[error("store {path}: {source}")]
    Storage {
        /// The path.
        path: String,
        /// The cause.
        source: StorageError,
    },
}

fn classify(path: &Path, e: StorageError) -> StoreError {
    let shown = path.display().to_string();
    let msg = e.to_string().to_lowercase();
    if msg.contains("lock") || msg.contains("resource temporarily unavailable") {
        StoreError::Locked(shown)
    } else {
        StoreError::Storage { path: shown, source: e }
    }
}

/// A RocksDB directory, or one being created: RocksDB writes its `LOG` and
/// takes its `LOCK` before `CURRENT`, and another build starting at that
/// moment must find the store busy, not "not a store".
fn looks_like_store(path: &Path) -> bool {
    ["CURRENT", "LOCK", "LOG"].iter().any(|f| path.join(f).is_file())
}

/// Opens (or creates) a store for writing.
pub fn open_write(path: &Path) -> Result<Store, StoreError> {
    if path.exists() {
        let empty_dir = path.is_dir() && path.read_dir().map(|mut d| d.next().is_none()).unwrap_or(false);
        if !path.is_dir() || (!empty_dir && !looks_like_store(path)) {
            return Err(StoreError::NotAStore(path.display().to_string()));
        }
    } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // RocksDB makes the store's directory, not the folders above it.
        std::fs::create_dir_all(parent).map_err(|e| classify(path, StorageError::Io(e)))?;
    }
    Store::open(path).map_err(|e| classify(path, e))
}

/// Opens an existing store for reading, while a build may hold it.
pub fn open_read(path: &Path) -> Result<Store, StoreError> {
    if !path.exists() {
        return Err(StoreError::Missing(path.display().to_string()));
    }
    if !path.is_dir() || !looks_like_store(path) {
        return Err(StoreError::NotAStore(path.display().to_string()));
    }
    Store::open_read_only(path).map_err(|e| {
        // Opening a store that was never set up tries to write its version.
        if e.to_string().contains("only possible on read-write") {
            StoreError::Unfinished(path.display().to_string())
        } else {
            classify(path, e)
        }
    })
}

/// Whether another process holds the store for writing (a build): RocksDB
/// keeps an fcntl lock on `LOCK` while it is open read-write.
pub fn writer_active(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(f) = std::fs::File::open(path.join("LOCK")) else { return false };
    // SAFETY: a zeroed flock is a valid value; F_GETLK only reads the lock
    // table and fills `lock`, which lives for the call.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as _;
    lock.l_whence = libc::SEEK_SET as _;
    let r = unsafe { libc::fcntl(f.as_raw_fd(), libc::F_GETLK, &mut lock) };
    r == 0 && i32::from(lock.l_type) != libc::F_UNLCK
}

/// What the store says of one article graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    /// The article graph's IRI.
    pub graph: String,
    /// The article's short key.
    pub key: String,
    /// Its source name.
    pub source: String,
    /// The fingerprint of the extraction that wrote it.
    pub fingerprint: String,
}

fn lit(t: Option<&Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Every article graph in the store (embedded or remote), by graph IRI.
pub fn stored_articles(store: &dyn Read) -> Result<BTreeMap<String, StoredArticle>, ReadError> {
    let q = format!(
        "SELECT ?g ?source ?fp WHERE {{ GRAPH ?g {{ ?a <{}sourceName> ?source ; <{}fingerprint> ?fp }} FILTER(STRSTARTS(STR(?g), \"{}\")) }}",
        rdf::ISNAD,
        rdf::ISNAD,
        rdf::article_graph_prefix()
    );
    let mut out = BTreeMap::new();
    for s in store.select_rows("the stored articles", &q)?.1 {
        let graph = lit(s.get("g"));
        let key = graph.rsplit('/').next().unwrap_or("").to_string();
        out.insert(
            graph.clone(),
            StoredArticle { graph, key, source: lit(s.get("source")), fingerprint: lit(s.get("fp")) },
        );
    }
    Ok(out)
}

/// What the store holds of one article, by two point lookups on the indexes
/// (no scan): its graph's fingerprint and source name, if the graph is there.
pub fn lookup_article(store: &Store, key: &str) -> Result<Option<StoredArticle>, StorageError> {
    let graph = rdf::article_graph(key);
    let doc = rdf::article_iri(key);
    let one = |p: &str| -> Result<Option<String>, StorageError> {
        let p = rdf::isnad(p);
        let g = GraphNameRef::NamedNode(graph.as_ref());
        match store.quads_for_pattern(Some(doc.as_ref().into()), Some(p.as_ref()), None, Some(g)).next() {
            Some(q) => Ok(Some(lit(Some(&q?.object)))),
            None => Ok(None),
        }
    };
    Ok(match (one("fingerprint")?, one("sourceName")?) {
        (Some(fingerprint), Some(src)) => {
            Some(StoredArticle { graph: graph.as_str().to_string(), key: key.to_string(), source: src, fingerprint })
        }
        _ => None,
    })
}

/// True when the store holds article `key` from `source`, extracted with
/// `fingerprint`: two exact quads looked up by their encoded ids, nothing
/// decoded. The rebuild of an unchanged corpus asks only this.
pub fn is_current(store: &Store, key: &str, source: &str, fingerprint: &str) -> Result<bool, StorageError> {
    let graph = GraphName::NamedNode(rdf::article_graph(key));
    let doc = rdf::article_iri(key);
    let has = |p: &str, value: &str| {
        store.contains(&Quad::new(doc.clone(), rdf::isnad(p), Literal::new_simple_literal(value), graph.clone()))
    };
    Ok(has("fingerprint", fingerprint)? && has("sourceName", source)?)
}

/// The graphs of other versions of a source than the article `key`: those a
/// changed article replaces.
pub fn older_versions(store: &Store, key: &str, source: &str) -> Result<Vec<NamedNode>, StorageError> {
    let graph = rdf::article_graph(key);
    let name = Literal::new_simple_literal(source);
    let p = rdf::isnad("sourceName");
    let mut older = Vec::new();
    for q in store.quads_for_pattern(None, Some(p.as_ref()), Some(name.as_ref().into()), None) {
        if let GraphName::NamedNode(g) = q?.graph_name
            && g != graph
            && g.as_str().starts_with(&rdf::article_graph_prefix())
        {
            older.push(g);
        }
    }
    older.sort();
    older.dedup();
    Ok(older)
}

/// The fingerprint stored with a graph's own description, if any.
pub fn graph_fingerprint(store: &dyn Read, graph: NamedNodeRef<'_>) -> Result<Option<String>, ReadError> {
    let p = rdf::isnad("fingerprint");
    for q in store.quads(Some(graph), Some(p.as_ref()), Some(GraphNameRef::NamedNode(graph)))? {
        if let Term::Literal(l) = q.object {
            return Ok(Some(l.value().to_string()));
        }
    }
    Ok(None)
}

/// Replaces graphs in one transaction: every graph of `remove` is dropped,
/// then `graph` is cleared and filled with `quads`. Nothing is visible until
/// the commit, and a failed commit leaves the store as it was.
pub fn replace_graph(
    store: &Store,
    graph: &NamedNode,
    quads: &[Quad],
    remove: &[NamedNode],
) -> Result<(), StorageError> {
    let mut tx = store.start_transaction()?;
    for g in remove {
        tx.remove_named_graph(NamedOrBlankNode::from(g.clone()).as_ref())?;
    }
    tx.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
    tx.insert_named_graph(graph.as_ref());
    tx.extend(quads.iter().map(|q| q.as_ref()));
    tx.commit()
}

/// Removes from the actors graph the actors no article mentions any more
/// (after articles were replaced or pruned).
pub fn remove_orphan_actors(store: &Store) -> Result<(), StorageError> {
    let update = format!(
        "DELETE {{ GRAPH <{g}> {{ ?a ?p ?o }} }} WHERE {{ GRAPH <{g}> {{ ?a ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?any {{ ?m <{its}taIdentRef> ?a }} }} }}",
        g = rdf::actors_graph().as_str(),
        its = rdf::ITSRDF
    );
    store.update(&update).map_err(|e| StorageError::Other(Box::new(e)))
}

/// Drops article graphs in one transaction.
pub fn remove_graphs(store: &Store, graphs: &[NamedNode]) -> Result<(), StorageError> {
    let mut tx = store.start_transaction()?;
    for g in graphs {
        tx.remove_named_graph(NamedOrBlankNode::from(g.clone()).as_ref())?;
    }
    tx.commit()
}

/// Adds quads (idempotent: a quad already there stays once).
pub fn add_quads(store: &Store, quads: &[Quad]) -> Result<(), StorageError> {
    let mut tx = store.start_transaction()?;
    tx.extend(quads.iter().map(|q| q.as_ref()));
    tx.commit()
}

impl Read for Store {
    fn location(&self) -> String {
        "the embedded store".into()
    }

    fn query(&self, origin: &str, sparql: &str) -> Result<QueryResults<'_>, ReadError> {
        let err = |m: String| ReadError::Query { name: origin.to_string(), message: m };
        let prepared = SparqlEvaluator::new().parse_query(sparql).map_err(|e| err(e.to_string()))?;
        prepared.on_store(self).execute().map_err(|e| err(e.to_string()))
    }

    fn quads(
        &self,
        subject: Option<NamedNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>, ReadError> {
        Ok(self.quads_for_pattern(subject.map(Into::into), predicate, None, graph).collect::<Result<_, _>>()?)
    }

    /// The first subjects on the index, decoded no further than needed.
    fn first_subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: &Term,
        limit: usize,
    ) -> Result<Vec<NamedNode>, ReadError> {
        let mut subjects: Vec<NamedNode> = Vec::new();
        for q in self.quads_for_pattern(None, Some(predicate), Some(object.as_ref()), None) {
            if subjects.len() >= limit {
                break;
            }
            if let NamedOrBlankNode::NamedNode(n) = q?.subject
                && !subjects.contains(&n)
            {
                subjects.push(n);
            }
        }
        Ok(subjects)
    }

    fn graph_names(&self) -> Result<Vec<NamedOrBlankNode>, ReadError> {
        let mut graphs = self.named_graphs().collect::<Result<Vec<_>, _>>()?;
        graphs.sort_by_key(|a| a.to_string());
        Ok(graphs)
    }
}

/// The vocabulary (`ontology/isnad.ttl`) as quads of the ontology graph.
pub fn ontology_quads() -> Vec<Quad> {
    let ttl = include_str!("../../ontology/isnad.ttl");
    let graph = rdf::ontology_graph();
    RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph)
        .for_slice(ttl.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .expect("ontology/isnad.ttl is valid Turtle (checked by a test)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ontology_parses() {
        assert!(ontology_quads().len() > 50);
    }

    #[test]
    fn replacing_a_graph_is_atomic_and_idempotent() {
        let store = Store::new().unwrap();
        let g = rdf::article_graph("k");
        let q = Quad::new(
            rdf::article_iri("k"),
            rdf::isnad("sourceName"),
            oxigraph::model::Literal::new_simple_literal("a.txt"),
            g.clone(),
        );
        replace_graph(&store, &g, std::slice::from_ref(&q), &[]).unwrap();
        replace_graph(&store, &g, std::slice::from_ref(&q), &[]).unwrap();
        assert_eq!(store.len().unwrap(), 1);
        let g2 = rdf::article_graph("k2");
        replace_graph(&store, &g2, &[], std::slice::from_ref(&g)).unwrap();
        assert_eq!(store.len().unwrap(), 0);
    }

    #[test]
    fn a_directory_that_is_not_a_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        assert!(matches!(open_write(dir.path()), Err(StoreError::NotAStore(_))));
        // A store another build is creating: RocksDB's log and lock, no CURRENT yet.
        let making = dir.path().join("making");
        std::fs::create_dir(&making).unwrap();
        std::fs::write(making.join("LOG"), "").unwrap();
        std::fs::write(making.join("LOCK"), "").unwrap();
        assert!(open_write(&making).is_ok());
        assert!(matches!(open_read(&dir.path().join("nope")), Err(StoreError::Missing(_))));
    }
}
