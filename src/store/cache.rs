//! Results of the whole-store queries that `report`, `analyze` and the
//! network exports start from, kept beside the store by the build that made
//! it.
//!
//! Oxigraph answers these queries by scanning every article graph and
//! decoding each IRI of the result from its id-to-string table (about 50 µs
//! a term on a 100,000-article store), so on a large store they take from
//! seconds to minutes, and they give the same rows until the next build
//! writes. The build that writes the store runs them once at its end and
//! keeps their rows as SPARQL 1.1 TSV results (exactly what the same `.rq`
//! file returns in any SPARQL tool) in `<store>/isnad-cache/`, one file per
//! query named by the query and a hash of its text; readers parse those
//! instead of asking the store again (a query whose text changed since finds
//! no file and asks the store).
//!
//! A cache is valid only while the store holds what it was made from:
//! `isnad build` takes the marker `current` away before its first write and
//! puts a new one back (with fresh results) after its last, so a build
//! stopped half-way leaves no cache and readers fall back to the store. Each
//! set of results lives in its own generation directory named by the marker,
//! so a reader never mixes two builds' results. Only `isnad build` writes the
//! graphs these queries read (`isnad analyze` writes its own graph, which
//! none of them reads); a store changed by another tool needs a rebuild or
//! the cache directory removed.

use std::fs;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use oxigraph::sparql::QueryResults;
use oxigraph::sparql::QuerySolution;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, ReaderQueryResultsParserOutput,
};

use super::{Read, ReadError, select};
use crate::queries::{self, NamedQuery};

/// The queries whose results a build keeps.
pub const CACHED: [NamedQuery; 5] =
    [queries::ACTOR_DESCRIPTIONS, queries::NETWORK, queries::FIGURES, queries::SPEAKERS, queries::ARTICLE_DATES];

const DIR: &str = "isnad-cache";

pub use super::Rows;
const MARKER: &str = "current";

/// The cache of one store, as found when opened.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    /// The generation directory, when the cache is valid.
    dir: Option<PathBuf>,
}

impl Cache {
    /// No cache: every query goes to the store.
    pub fn none() -> Self {
        Cache { dir: None }
    }

    /// The cache of the store at `store_dir`, if its last build left one.
    pub fn open(store_dir: &Path) -> Self {
        let root = store_dir.join(DIR);
        let dir = generation(store_dir).map(|g| root.join(g)).filter(|d| d.is_dir());
        Cache { dir }
    }

    /// Whether cached results are there to read.
    pub fn is_valid(&self) -> bool {
        self.dir.is_some()
    }

    /// The rows of a named query: the kept results when this query's are,
    /// else the store's answer.
    pub fn select(&self, store: &dyn Read, q: NamedQuery) -> Result<Vec<QuerySolution>, ReadError> {
        if let Some(dir) = &self.dir
            && let Some((_, rows)) = read_results(&dir.join(file_name(q)), q.name)?
        {
            return Ok(rows);
        }
        select(store, q)
    }

    /// The kept results of a query given by its text, when it is one of the
    /// [`CACHED`] queries word for word (as `isnad query --file
    /// queries/network.rq` gives it): its variables and rows.
    pub fn select_text(&self, sparql: &str) -> Result<Option<Rows>, ReadError> {
        match (&self.dir, CACHED.iter().find(|q| q.sparql == sparql)) {
            (Some(dir), Some(q)) => read_results(&dir.join(file_name(*q)), q.name),
            _ => Ok(None),
        }
    }
}

/// A query's results file, named by the query and a hash of its text: the
/// results of another version of the query are not its results.
fn file_name(q: NamedQuery) -> String {
    use sha2::{Digest, Sha256};
    format!("{}-{}.tsv", q.name, crate::lexicon::hex(&Sha256::digest(q.sparql.as_bytes())[..6]))
}

/// Reads kept results; `None` when the file is gone (a newer build removed
/// its generation while this reader ran: the store answers instead).
fn read_results(path: &Path, name: &str) -> Result<Option<Rows>, ReadError> {
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let err = |m: String| ReadError::Query {
        name: name.to_string(),
        message: format!("{}: {m} (remove the file, or run `isnad build` again)", path.display()),
    };
    let parsed = QueryResultsParser::from_format(QueryResultsFormat::Tsv)
        .for_reader(BufReader::with_capacity(1 << 20, file))
        .map_err(|e| err(e.to_string()))?;
    match parsed {
        ReaderQueryResultsParserOutput::Solutions(rows) => {
            let vars = rows.variables().to_vec();
            let rows = rows.map(|r| r.map_err(|e| err(e.to_string()))).collect::<Result<_, _>>()?;
            Ok(Some((vars, rows)))
        }
        ReaderQueryResultsParserOutput::Boolean(_) => Err(err("not the results of a SELECT query".into())),
    }
}

/// Held by a build from before its first write to the end of its
/// [`refresh`]: the build closes the store for writing before it runs the
/// queries (RocksDB's write buffers and caches are then freed), and a second
/// build that opens the store in that moment must not write under the first
/// one's results. Released when dropped or when the process ends.
#[derive(Debug)]
pub struct BuildLock(#[allow(dead_code)] fs::File);

/// Takes the build lock of the store; `None` when another build holds it.
pub fn lock(store_dir: &Path) -> std::io::Result<Option<BuildLock>> {
    use std::os::fd::AsRawFd;
    let root = store_dir.join(DIR);
    fs::create_dir_all(&root)?;
    let f = fs::OpenOptions::new().create(true).truncate(false).write(true).open(root.join("lock"))?;
    // SAFETY: flock on a descriptor this function owns for the call.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        Ok(Some(BuildLock(f)))
    } else {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::EWOULDBLOCK) { Ok(None) } else { Err(e) }
    }
}

/// The generation the store's last finished build marked current, if any:
/// it changes with every build that writes, so a long-lived reader
/// (`isnad serve`) knows when to open the store again.
pub fn generation(store_dir: &Path) -> Option<String> {
    fs::read_to_string(store_dir.join(DIR).join(MARKER))
        .ok()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty() && !g.contains(['/', '\\']) && g != "." && g != "..")
}

/// Takes the cache away: called before a build's first write, so that no
/// reader takes results older than the store for current ones.
pub fn invalidate(store_dir: &Path) -> std::io::Result<()> {
    match fs::remove_file(store_dir.join(DIR).join(MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Takes the cache away for a build, returning the generation it named so
/// that a build that changes nothing can [`resume`] it.
pub fn suspend(store_dir: &Path) -> std::io::Result<Option<String>> {
    let generation = Cache::open(store_dir).dir.and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    invalidate(store_dir)?;
    Ok(generation)
}

/// Marks a generation current again (after a build that wrote nothing),
/// when it holds the results of every [`CACHED`] query as this version
/// writes it; false (and nothing marked) when it does not.
pub fn resume(store_dir: &Path, generation: &str) -> Result<bool, ReadError> {
    let dir = store_dir.join(DIR).join(generation);
    if !CACHED.iter().all(|q| dir.join(file_name(*q)).is_file()) {
        return Ok(false);
    }
    mark(&store_dir.join(DIR), generation)?;
    Ok(true)
}

fn mark(root: &Path, generation: &str) -> std::io::Result<()> {
    let tmp = root.join(format!("{MARKER}.partial"));
    {
        let mut f = fs::File::create(&tmp)?;
        writeln!(f, "{generation}")?;
        f.sync_all()?;
    }
    fs::rename(&tmp, root.join(MARKER))
}

/// Runs the [`CACHED`] queries on the store and keeps their results as a new
/// generation, then marks it current and removes the older ones. `generation`
/// names it (any name unique among this store's builds).
pub fn refresh(store_dir: &Path, store: &dyn Read, generation: &str) -> Result<(), ReadError> {
    let root = store_dir.join(DIR);
    invalidate(store_dir)?;
    let dir = root.join(generation);
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    for q in CACHED {
        write_results(store, q, &dir.join(file_name(q)))?;
    }
    fs::File::open(&dir)?.sync_all()?;
    mark(&root, generation)?;
    // Older generations: no reader opens them any more.
    for entry in fs::read_dir(&root)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() && entry.file_name() != generation {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

fn write_results(store: &dyn Read, q: NamedQuery, path: &Path) -> Result<(), ReadError> {
    let err = |m: String| ReadError::Query { name: q.name.to_string(), message: m };
    let QueryResults::Solutions(rows) = store.query(q.name, q.sparql)? else {
        return Err(err("not a SELECT query".into()));
    };
    let file = fs::File::create(path)?;
    let mut w = QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
        .serialize_solutions_to_writer(BufWriter::with_capacity(1 << 20, file), rows.variables().to_vec())?;
    for row in rows {
        w.serialize(&row.map_err(|e| err(e.to_string()))?)?;
    }
    let file = w.finish()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    use oxigraph::store::Store;

    fn store_with(n: usize) -> Store {
        let st = Store::new().unwrap();
        let g = NamedNode::new("https://w3id.org/isnad/graph/article/x").unwrap();
        for i in 0..n {
            st.insert(&Quad::new(
                NamedNode::new(format!("https://w3id.org/isnad/actor/a{i}")).unwrap(),
                NamedNode::new("https://w3id.org/isnad/ontology#id").unwrap(),
                Literal::new_simple_literal(format!("a{i}")),
                GraphName::NamedNode(g.clone()),
            ))
            .unwrap();
            st.insert(&Quad::new(
                NamedNode::new(format!("https://w3id.org/isnad/actor/a{i}")).unwrap(),
                oxigraph::model::vocab::rdf::TYPE.into_owned(),
                NamedNode::new("https://w3id.org/isnad/ontology#Person").unwrap(),
                GraphName::NamedNode(g.clone()),
            ))
            .unwrap();
        }
        st
    }

    #[test]
    fn kept_results_read_back_as_the_store_gives_them_and_go_with_invalidation() {
        let dir = tempfile::tempdir().unwrap();
        let st = store_with(3);
        assert!(!Cache::open(dir.path()).is_valid());
        refresh(dir.path(), &st, "g1").unwrap();
        let cache = Cache::open(dir.path());
        assert!(cache.is_valid());
        let live = select(&st, queries::SPEAKERS).unwrap();
        assert_eq!(cache.select(&st, queries::SPEAKERS).unwrap(), live);
        let (vars, rows) = cache.select_text(queries::ACTOR_DESCRIPTIONS.sparql).unwrap().unwrap();
        assert_eq!(vars.len(), 7);
        assert_eq!(rows, select(&st, queries::ACTOR_DESCRIPTIONS).unwrap());
        assert!(cache.select_text("SELECT * WHERE { ?s ?p ?o }").unwrap().is_none());
        // The store changes behind the cache's back: the cache still answers
        // what it kept (that is why a build invalidates it first).
        let cached = cache.select(&Store::new().unwrap(), queries::ACTOR_DESCRIPTIONS).unwrap();
        assert_eq!(cached, select(&st, queries::ACTOR_DESCRIPTIONS).unwrap());
        assert_eq!(cached.len(), 3);
        // A second generation replaces the first.
        refresh(dir.path(), &store_with(5), "g2").unwrap();
        assert!(!dir.path().join(DIR).join("g1").exists());
        assert_eq!(Cache::open(dir.path()).select(&st, queries::ACTOR_DESCRIPTIONS).unwrap().len(), 5);
        invalidate(dir.path()).unwrap();
        assert!(!Cache::open(dir.path()).is_valid());
        assert_eq!(Cache::open(dir.path()).select(&st, queries::ACTOR_DESCRIPTIONS).unwrap().len(), 3);
        invalidate(dir.path()).unwrap();
    }

    #[test]
    fn one_build_lock_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap().expect("free");
        assert!(lock(dir.path()).unwrap().is_none(), "held");
        drop(held);
        assert!(lock(dir.path()).unwrap().is_some(), "released");
    }

    #[test]
    fn a_marker_naming_no_generation_or_a_path_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(DIR)).unwrap();
        for bad in ["", "..", "../../etc", "gone"] {
            fs::write(dir.path().join(DIR).join(MARKER), bad).unwrap();
            assert!(!Cache::open(dir.path()).is_valid(), "{bad:?}");
        }
    }

    #[test]
    fn damaged_results_are_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        refresh(dir.path(), &store_with(1), "g").unwrap();
        fs::write(dir.path().join(DIR).join("g").join(file_name(queries::ACTOR_DESCRIPTIONS)), "?actor\n<not an iri\n")
            .unwrap();
        let e = Cache::open(dir.path()).select(&store_with(1), queries::ACTOR_DESCRIPTIONS).unwrap_err().to_string();
        assert!(e.contains("actor-descriptions-"), "{e}");
    }
}
