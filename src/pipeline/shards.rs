//! Sharded extraction: `isnad extract --shard K/N` writes the article
//! graphs of one shard of a corpus as gzipped N-Quads with a manifest, and
//! `isnad build --nquads DIR` loads shards into the embedded store.
//!
//! An article belongs to shard `K` of `N` when the number its key (the
//! first 16 hex digits of its text's SHA-256) reads as is `K` modulo `N`:
//! the same on every machine, whatever the order of the corpus. Each shard
//! reads the whole corpus (reading is cheap beside extraction) but extracts
//! only its own articles, so `N` machines extract a corpus in about `1/N` of
//! the time.
//!
//! A shard's file holds its article graphs whole, one after another, then
//! the descriptions of the actors they mention (the actors graph); shard 0
//! also holds the ontology, gazetteer and builds graphs. Article graphs are
//! disjoint across shards; an actor's description may be in several, and
//! loading them all gives it once, since a graph is a set. So the shards
//! load in any order into any bulk loader (Oxigraph's `load`, Jena's
//! `tdb2.tdbloader`, QLever's index builder), or with `isnad build
//! --nquads`, which skips article graphs the store has already and keeps the
//! table rows as a build does.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Literal, Quad, Term};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ArticleGraph, BuildOptions, BuildReport, Input, Progress, build_inputs, text_hash};
use crate::corpus::Article;
use crate::extract::Extractor;
use crate::rdf;
use crate::store::embedded as st;
use crate::tables::Keeper;

/// The layout of a shard's manifest.
pub const FORMAT: &str = "isnad-shard/1";

/// Why shards could not be written or loaded.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// `--shard` is not K/N with K < N.
    #[error("--shard {0}: give K/N with 0 <= K < N, e.g. 0/4")]
    BadShard(String),
    /// A file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: String,
        /// The cause (named in the message, so not a `source` to print twice).
        cause: std::io::Error,
    },
    /// A shard's files do not hold what its manifest says, or the shards do
    /// not belong together.
    #[error("{path}: {message}")]
    Bad {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The store.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ShardError + '_ {
    move |cause| ShardError::Io { path: path.display().to_string(), cause }
}

/// One shard of `shards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Its number, from 0.
    pub index: u32,
    /// How many there are.
    pub of: u32,
}

impl std::str::FromStr for Shard {
    type Err = ShardError;

    /// `K/N`.
    ///
    /// ```
    /// use isnad::pipeline::shards::Shard;
    /// assert_eq!("1/4".parse::<Shard>().unwrap(), Shard { index: 1, of: 4 });
    /// assert!("4/4".parse::<Shard>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, ShardError> {
        let bad = || ShardError::BadShard(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, of): (u32, u32) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if of == 0 || index >= of {
            return Err(bad());
        }
        Ok(Shard { index, of })
    }
}

impl Shard {
    /// Whether the article with this key belongs to the shard.
    pub fn holds(&self, key: &str) -> bool {
        let n = u64::from_str_radix(key.get(..16).unwrap_or(key), 16).unwrap_or_else(|_| {
            // A key that is not hex (never made by isnad): hash it.
            u64::from_be_bytes(Sha256::digest(key.as_bytes())[..8].try_into().expect("8 bytes"))
        });
        n % u64::from(self.of) == u64::from(self.index)
    }

    fn stem(&self) -> String {
        format!("shard-{:04}-of-{:04}", self.index, self.of)
    }
}

/// What a shard holds, written beside its N-Quads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// The shard's number.
    pub shard: u32,
    /// How many shards the corpus was cut into.
    pub shards: u32,
    /// The extraction fingerprint (lexicons and isnad's version).
    pub fingerprint: String,
    /// Articles in the whole corpus.
    pub corpus_articles: usize,
    /// A hash of every article key of the corpus: shards of one corpus
    /// share it.
    pub corpus_hash: String,
    /// Articles in this shard.
    pub articles: usize,
    /// Quads in the file.
    pub quads: usize,
    /// The N-Quads file, beside the manifest.
    pub file: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// A writer that hashes what goes through it.
struct Counted<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn write_quads<W: Write>(w: &mut W, quads: &[Quad]) -> std::io::Result<()> {
    let mut s = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w);
    for q in quads {
        s.serialize_quad(q)?;
    }
    s.finish()?;
    Ok(())
}

/// Extracts the articles of one shard of a corpus into `dir`: the gzipped
/// N-Quads file, then its manifest (a shard without a manifest is
/// unfinished). Articles extracted per batch: `batch`.
pub fn extract_shard<I>(
    articles: I,
    ex: &Extractor,
    shard: Shard,
    dir: &Path,
    batch: usize,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<Manifest, ShardError>
where
    I: IntoIterator<Item = Article>,
{
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let fingerprint = rdf::fingerprint(ex.lexicon());
    let stem = shard.stem();
    let file = format!("{stem}.nq.gz");
    let path = dir.join(&file);
    let partial = dir.join(format!("{file}.partial"));
    let out = File::create(&partial).map_err(io(&partial))?;
    let mut w = GzEncoder::new(
        Counted { inner: BufWriter::with_capacity(1 << 20, out), hash: Sha256::new() },
        Compression::fast(),
    );
    let actors_graph = GraphName::from(rdf::actors_graph());
    let mut described: HashSet<Quad> = HashSet::new();
    let (mut keys, mut mine, mut quads) = (Vec::new(), 0usize, 0usize);
    let batch = batch.max(1);
    let mut articles = articles.into_iter();
    let mut chunk: Vec<Article> = Vec::with_capacity(batch);
    loop {
        chunk.clear();
        for a in articles.by_ref() {
            keys.push(a.key().to_string());
            if shard.holds(a.key()) {
                chunk.push(a);
                if chunk.len() == batch {
                    break;
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let graphs: Vec<Vec<Quad>> = chunk
            .par_iter()
            .map(|a| {
                let e = ex.extract_dated(&a.text, a.key(), a.meta.published.as_deref());
                rdf::article_quads(a, &e, &fingerprint)
            })
            .collect();
        for (a, g) in chunk.iter().zip(graphs) {
            let (actors, own): (Vec<Quad>, Vec<Quad>) = g.into_iter().partition(|q| q.graph_name == actors_graph);
            described.extend(actors);
            write_quads(&mut w, &own).map_err(io(&partial))?;
            quads += own.len();
            mine += 1;
            progress(Progress::Article(&a.source));
        }
    }
    let mut described: Vec<Quad> = described.into_iter().collect();
    described.sort_by_cached_key(|q| q.to_string());
    write_quads(&mut w, &described).map_err(io(&partial))?;
    quads += described.len();
    if shard.index == 0 {
        let mut shared = st::ontology_quads();
        let og = rdf::ontology_graph();
        let ttl_fp = text_hash(include_str!("../../ontology/isnad.ttl"));
        shared.push(Quad::new(og.clone(), rdf::isnad("fingerprint"), Literal::new_simple_literal(&ttl_fp), og));
        shared.extend(rdf::gazetteer_quads(ex.lexicon(), ex.gazetteer(), &fingerprint));
        let mut builds = rdf::activity_quads(ex.lexicon(), &fingerprint);
        builds.extend(rdf::build_quads(&fingerprint, &keys));
        let mut seen = HashSet::new();
        shared.extend(builds.into_iter().filter(|q| seen.insert(q.clone())));
        write_quads(&mut w, &shared).map_err(io(&partial))?;
        quads += shared.len();
    }
    let counted = w.finish().map_err(io(&partial))?;
    let sha256 = crate::lexicon::hex(&counted.hash.finalize());
    let f = counted.inner.into_inner().map_err(|e| e.into_error()).map_err(io(&partial))?;
    f.sync_all().map_err(io(&partial))?;
    std::fs::rename(&partial, &path).map_err(io(&path))?;
    let manifest = Manifest {
        format: FORMAT.into(),
        shard: shard.index,
        shards: shard.of,
        fingerprint,
        corpus_articles: keys.len(),
        corpus_hash: corpus_hash(&keys),
        articles: mine,
        quads,
        file,
        sha256,
    };
    let mpath = dir.join(format!("{stem}.json"));
    let tmp = dir.join(format!("{stem}.json.partial"));
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
    std::fs::write(&tmp, text + "\n").map_err(io(&tmp))?;
    std::fs::rename(&tmp, &mpath).map_err(io(&mpath))?;
    Ok(manifest)
}

fn corpus_hash(keys: &[String]) -> String {
    let mut sorted: Vec<&String> = keys.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut h = Sha256::new();
    for k in sorted {
        h.update(k.as_bytes());
        h.update(b"\n");
    }
    crate::lexicon::hex(&h.finalize()[..16])
}

/// The manifests of the shards in `dir`, checked to make one whole corpus:
/// the same number of shards, fingerprint and corpus, each shard once, and
/// every file there with the size and hash its manifest gives.
pub fn read_manifests(dir: &Path) -> Result<Vec<(Manifest, PathBuf)>, ShardError> {
    let shown = dir.display().to_string();
    let bad = |path: &Path, message: String| ShardError::Bad { path: path.display().to_string(), message };
    let mut found: Vec<(Manifest, PathBuf)> = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for p in entries {
        let text = std::fs::read_to_string(&p).map_err(io(&p))?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| bad(&p, format!("not a shard manifest: {e}")))?;
        if m.format != FORMAT {
            return Err(bad(&p, format!("a manifest of layout {:?}; this isnad reads {FORMAT:?}", m.format)));
        }
        found.push((m, p));
    }
    let Some((first, _)) = found.first() else {
        return Err(ShardError::Bad {
            path: shown,
            message:
                "no shard manifest (shard-K-of-N.json) here; write shards with `isnad extract --shard K/N --output DIR`"
                    .into(),
        });
    };
    let (n, fp, corpus) = (first.shards, first.fingerprint.clone(), first.corpus_hash.clone());
    let mut seen = vec![false; n as usize];
    for (m, p) in &found {
        if m.shards != n || m.corpus_hash != corpus {
            return Err(bad(
                p,
                format!("shard {}/{} of another cut or corpus than shard {}/{n}", m.shard, m.shards, first.shard),
            ));
        }
        if m.fingerprint != fp {
            return Err(bad(
                p,
                "extracted with other lexicons or another isnad than the other shards; extract every shard alike"
                    .into(),
            ));
        }
        if m.shard >= n || std::mem::replace(&mut seen[m.shard as usize], true) {
            return Err(bad(p, format!("shard {} twice, or out of 0..{n}", m.shard)));
        }
    }
    let missing: Vec<String> = seen.iter().enumerate().filter(|(_, s)| !**s).map(|(i, _)| i.to_string()).collect();
    if !missing.is_empty() {
        return Err(ShardError::Bad {
            path: shown,
            message: match missing.len() {
                1 => format!("shard {} of {n} is missing (unfinished, or on another machine)", missing[0]),
                _ => format!("shards {} of {n} are missing (unfinished, or on another machine)", missing.join(", ")),
            },
        });
    }
    for (m, p) in &found {
        let data = p.with_file_name(&m.file);
        let mut f = BufReader::new(File::open(&data).map_err(io(&data))?);
        let mut h = Sha256::new();
        std::io::copy(&mut f, &mut h).map_err(io(&data))?;
        if crate::lexicon::hex(&h.finalize()) != m.sha256 {
            return Err(bad(
                &data,
                "its content does not match the SHA-256 its manifest gives (damaged or partly copied)".into(),
            ));
        }
    }
    found.sort_by_key(|(m, _)| m.shard);
    Ok(found)
}

/// Graph blocks of a shard's N-Quads, in file order: the quads of one
/// graph that follow each other.
struct Blocks {
    quads: Box<dyn Iterator<Item = Result<Quad, oxigraph::io::RdfParseError>>>,
    next: Option<Quad>,
    path: PathBuf,
}

impl Blocks {
    fn open(path: &Path) -> Result<Self, ShardError> {
        let f = File::open(path).map_err(io(path))?;
        let reader = BufReader::with_capacity(1 << 20, MultiGzDecoder::new(BufReader::new(f)));
        let quads = RdfParser::from_format(RdfFormat::NQuads).for_reader(reader);
        Ok(Blocks { quads: Box::new(quads), next: None, path: path.to_path_buf() })
    }

    fn block(&mut self) -> Result<Option<(GraphName, Vec<Quad>)>, ShardError> {
        let bad = |e: oxigraph::io::RdfParseError| ShardError::Bad {
            path: self.path.display().to_string(),
            message: e.to_string(),
        };
        let first = match self.next.take() {
            Some(q) => q,
            None => match self.quads.next() {
                Some(q) => q.map_err(bad)?,
                None => return Ok(None),
            },
        };
        let graph = first.graph_name.clone();
        let mut block = vec![first];
        for q in self.quads.by_ref() {
            let q = q.map_err(|e| ShardError::Bad { path: self.path.display().to_string(), message: e.to_string() })?;
            if q.graph_name != graph {
                self.next = Some(q);
                break;
            }
            block.push(q);
        }
        Ok(Some((graph, block)))
    }
}

/// Loads shards (as [`read_manifests`] gives them) into the embedded store
/// (see the module's documentation): article graphs as a build writes them
/// (an unchanged one is skipped, a changed one replaces its older version,
/// `opts.prune` drops the articles no shard holds), the other graphs as
/// they are.
pub fn load_shards(
    store: &Store,
    manifests: &[(Manifest, PathBuf)],
    opts: BuildOptions,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    keeper: Option<&mut Keeper>,
) -> Result<BuildReport, ShardError> {
    let Some((first, _)) = manifests.first() else {
        return Err(ShardError::Bad { path: "shards".into(), message: "no shard to load".into() });
    };
    let fingerprint = first.fingerprint.clone();
    let prefix = rdf::article_graph_prefix();
    let source_name = rdf::isnad("sourceName");
    let shared = [rdf::ontology_graph(), rdf::gazetteer_graph()];
    let mut rewritten = false;
    let failure: std::cell::RefCell<Option<ShardError>> = std::cell::RefCell::new(None);
    let files: Vec<PathBuf> = manifests.iter().map(|(m, p)| p.with_file_name(&m.file)).collect();
    // The article graphs of every shard, one after another; the other
    // graphs are written as they are met.
    let mut blocks: Option<Blocks> = None;
    let mut files_left = files.into_iter();
    let inputs = std::iter::from_fn(|| {
        loop {
            if blocks.is_none() {
                blocks = Some(match Blocks::open(&files_left.next()?) {
                    Ok(b) => b,
                    Err(e) => {
                        failure.borrow_mut().get_or_insert(e);
                        return None;
                    }
                });
            }
            let step = blocks.as_mut().expect("opened above").block();
            let (graph, quads) = match step {
                Ok(Some(b)) => b,
                Ok(None) => {
                    blocks = None;
                    continue;
                }
                Err(e) => {
                    failure.borrow_mut().get_or_insert(e);
                    return None;
                }
            };
            let written = match &graph {
                GraphName::NamedNode(g) if g.as_str().starts_with(&prefix) => {
                    let key = g.as_str()[prefix.len()..].to_string();
                    let source = quads
                        .iter()
                        .find(|q| q.predicate == source_name)
                        .and_then(|q| match &q.object {
                            Term::Literal(l) => Some(l.value().to_string()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    return Some(Input::Graph(ArticleGraph { key, source, quads }));
                }
                GraphName::NamedNode(g) if shared.contains(g) => {
                    let fp =
                        quads.iter().find(|q| q.predicate == rdf::isnad("fingerprint")).and_then(|q| match &q.object {
                            Term::Literal(l) => Some(l.value().to_string()),
                            _ => None,
                        });
                    match st::graph_fingerprint(store, g.as_ref()).map_err(super::storage) {
                        Ok(held) if fp.is_some() && held == fp => Ok(()),
                        Ok(_) => {
                            rewritten = true;
                            st::replace_graph(store, g, &quads, &[])
                        }
                        Err(e) => Err(e),
                    }
                }
                _ => st::add_quads(store, &quads),
            };
            if let Err(e) = written {
                failure.borrow_mut().get_or_insert(e.into());
                return None;
            }
        }
    });
    let report = build_inputs(store, inputs, None, &fingerprint, opts, progress, keeper);
    if let Some(e) = failure.into_inner() {
        return Err(e);
    }
    let mut report = report?;
    report.shared_rewritten = rewritten;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_in_exactly_one_shard() {
        for n in 1..6u32 {
            for i in 0..200u32 {
                let key = format!("{:016x}", u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                let holders = (0..n).filter(|k| Shard { index: *k, of: n }.holds(&key)).count();
                assert_eq!(holders, 1, "{key} in {n} shards");
            }
        }
        assert!("0/0".parse::<Shard>().is_err());
        assert!("x/2".parse::<Shard>().is_err());
        assert!("3".parse::<Shard>().is_err());
        assert_eq!("0/1".parse::<Shard>().unwrap(), Shard { index: 0, of: 1 });
    }

    #[test]
    fn a_shard_cut_spreads_keys_evenly() {
        let shard = |i: u32| Shard { index: i, of: 4 };
        let keys: Vec<String> =
            (0..4000u32).map(|i| crate::lexicon::hex(&Sha256::digest(i.to_string().as_bytes())[..8])).collect();
        for k in 0..4 {
            let n = keys.iter().filter(|key| shard(k).holds(key)).count();
            assert!((850..1150).contains(&n), "shard {k}: {n} of 4000");
        }
    }
}
