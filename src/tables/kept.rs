//! The rows a build keeps beside the store, in `<store>/isnad-tables/`.
//!
//! Each build that writes articles adds one segment: a folder with one
//! Parquet file per table, written a row group at a time as the build's
//! batches are stored, so the build never holds more rows than a batch.
//! `manifest.json` names, for every article graph in the store, the segment
//! holding its rows and the extraction fingerprint they came from: a
//! replaced or pruned article's rows stay in their segment but no longer
//! count, and a segment whose rows mostly no longer count is compacted
//! away.
//!
//! The manifest also keeps a signature of the store's database files (their
//! names and sizes, taken when the build closed the store). Any later write
//! to the store, by another tool or a build that stopped half-way, changes
//! them, and readers then read the rows from the store itself (slower, and
//! they say so). The next `isnad build` makes the kept rows whole again: it
//! keeps the rows of what it writes and, when the manifest was not valid,
//! reads from the store the rows of the articles it did not write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, BooleanArray, RecordBatch, StringArray};
use arrow_schema::{FieldRef, Schema};
use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Quad};
use oxigraph::store::{StorageError, Store};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_arrow::schema::{SchemaLike, TracingOptions};

use super::rows::{ArticleRaw, ArticleRows, ClaimRaw, FigureRaw, MentionRaw, RelationRaw, TargetRaw, article_rows};
use crate::rdf;
use crate::store::{Read, ReadError};

const DIR: &str = "isnad-tables";
const MANIFEST: &str = "manifest.json";
/// The version of the kept rows' layout; kept rows of another are not read.
const LAYOUT: u32 = 1;
/// Encoded bytes past which a segment's row group ends.
const SEGMENT_ROW_GROUP_BYTES: usize = 4 << 20;
/// Segments past which a build compacts them into one.
const MAX_SEGMENTS: usize = 8;

/// Errors of the kept rows.
#[derive(Debug, thiserror::Error)]
pub enum KeptError {
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A Parquet segment could not be read or written.
    #[error("{path}: {message}")]
    Parquet {
        /// The file.
        path: String,
        /// The cause.
        message: String,
    },
    /// The store.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Reading the store's graphs.
    #[error(transparent)]
    Read(#[from] ReadError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeptError + '_ {
    move |source| KeptError::Io { path: path.display().to_string(), source }
}

fn pq<E: std::fmt::Display>(path: &Path) -> impl FnOnce(E) -> KeptError + '_ {
    move |e| KeptError::Parquet { path: path.display().to_string(), message: e.to_string() }
}

/// What the manifest says.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    layout: u32,
    /// The signature of the store's files when the rows were last made whole.
    signature: String,
    /// Segments, with the number of articles written into each.
    segments: BTreeMap<String, u64>,
    /// Article key → (segment, extraction fingerprint).
    articles: BTreeMap<String, (String, String)>,
}

/// The signature of a store's database files: their names and sizes, the
/// RocksDB log files and lock left out (a reader may rotate the first).
pub fn signature(store_dir: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut files: Vec<(String, u64)> = Vec::new();
    for e in fs::read_dir(store_dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("LOG") || name == "LOCK" || !e.file_type()?.is_file() {
            continue;
        }
        files.push((name, e.metadata()?.len()));
    }
    files.sort();
    let mut h = Sha256::new();
    for (n, l) in &files {
        h.update(format!("{n}\t{l}\n").as_bytes());
    }
    Ok(crate::lexicon::hex(&h.finalize()[..16]))
}

fn read_manifest(root: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(root.join(MANIFEST)).ok()?;
    serde_json::from_str::<Manifest>(&text).ok().filter(|m| m.layout == LAYOUT)
}

fn write_manifest(root: &Path, m: &Manifest) -> Result<(), KeptError> {
    let tmp = root.join(format!("{MANIFEST}.partial"));
    {
        let f = File::create(&tmp).map_err(io(&tmp))?;
        let mut w = BufWriter::new(f);
        serde_json::to_writer(&mut w, m).map_err(|e| io(&tmp)(e.into()))?;
        w.flush().map_err(io(&tmp))?;
        w.into_inner().map_err(|e| io(&tmp)(e.into_error()))?.sync_all().map_err(io(&tmp))?;
    }
    let path = root.join(MANIFEST);
    fs::rename(&tmp, &path).map_err(io(&path))
}

/// The kinds of kept rows, one Parquet file each in a segment.
pub(super) trait Kind:
    Serialize + DeserializeOwned + Clone + Send + Sync + super::views::Viewed + 'static
{
    const FILE: &'static str;
    fn of(rows: &ArticleRows) -> &[Self];
}

macro_rules! kind {
    ($t:ty, $file:literal, $field:ident) => {
        impl Kind for $t {
            const FILE: &'static str = $file;
            fn of(rows: &ArticleRows) -> &[Self] {
                &rows.$field
            }
        }
    };
}

kind!(ArticleRaw, "articles.parquet", articles);
kind!(MentionRaw, "mentions.parquet", mentions);
kind!(ClaimRaw, "claims.parquet", claims);
kind!(TargetRaw, "claim_targets.parquet", targets);
kind!(RelationRaw, "relations.parquet", relations);
kind!(FigureRaw, "figures.parquet", figures);

fn fields<T: Kind>() -> Vec<FieldRef> {
    Vec::<FieldRef>::from_type::<T>(TracingOptions::default().strings_as_large_utf8(false))
        .expect("the kept row types map to Arrow")
}

/// The Parquet settings of the exported tables: dictionary encoding,
/// Snappy, row groups of 65,536 rows.
pub(super) fn writer_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(true)
        .set_max_row_group_row_count(Some(64 * 1024))
        .build()
}

/// The Parquet settings of the kept segments, written while the build runs:
/// no dictionaries (each column's would be held in memory until its row
/// group ends; Snappy takes the repeated keys and names anyway).
fn segment_properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_dictionary_enabled(false)
        .set_max_row_group_row_count(Some(8 * 1024))
        .build()
}

/// One Parquet file of a segment being written.
struct Part {
    path: PathBuf,
    fields: Vec<FieldRef>,
    writer: ArrowWriter<File>,
}

impl Part {
    fn create<T: Kind>(dir: &Path) -> Result<Self, KeptError> {
        let path = dir.join(T::FILE);
        let fields = fields::<T>();
        let file = File::create(&path).map_err(io(&path))?;
        let schema = Arc::new(Schema::new(fields.clone()));
        let writer = ArrowWriter::try_new(file, schema, Some(segment_properties())).map_err(pq(&path))?;
        Ok(Part { path, fields, writer })
    }

    fn write<T: Kind>(&mut self, rows: &[T]) -> Result<(), KeptError> {
        if rows.is_empty() {
            return Ok(());
        }
        let batch = serde_arrow::to_record_batch(&self.fields, &rows).map_err(pq(&self.path))?;
        self.writer.write(&batch).map_err(pq(&self.path))?;
        // The writer holds its row group's encoded pages until it ends: a
        // few MiB, not a table's worth of claim sentences.
        if self.writer.in_progress_size() > SEGMENT_ROW_GROUP_BYTES {
            self.writer.flush().map_err(pq(&self.path))?;
        }
        Ok(())
    }

    fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), KeptError> {
        self.writer.write(batch).map_err(pq(&self.path))
    }

    fn close(self) -> Result<(), KeptError> {
        let file = self.writer.into_inner().map_err(pq(&self.path))?;
        file.sync_all().map_err(io(&self.path))
    }
}

/// A segment being written: one part per kind.
struct Segment {
    dir: PathBuf,
    parts: Vec<Part>,
}

impl Segment {
    fn create(root: &Path, name: String) -> Result<Self, KeptError> {
        let dir = root.join(&name);
        fs::create_dir_all(root).map_err(io(root))?;
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        let parts = vec![
            Part::create::<ArticleRaw>(&dir)?,
            Part::create::<MentionRaw>(&dir)?,
            Part::create::<ClaimRaw>(&dir)?,
            Part::create::<TargetRaw>(&dir)?,
            Part::create::<RelationRaw>(&dir)?,
            Part::create::<FigureRaw>(&dir)?,
        ];
        Ok(Segment { dir, parts })
    }

    fn write(&mut self, rows: &ArticleRows) -> Result<(), KeptError> {
        self.parts[0].write(ArticleRaw::of(rows))?;
        self.parts[1].write(MentionRaw::of(rows))?;
        self.parts[2].write(ClaimRaw::of(rows))?;
        self.parts[3].write(TargetRaw::of(rows))?;
        self.parts[4].write(RelationRaw::of(rows))?;
        self.parts[5].write(FigureRaw::of(rows))
    }

    fn close(self) -> Result<(), KeptError> {
        for p in self.parts {
            p.close()?;
        }
        File::open(&self.dir).and_then(|d| d.sync_all()).map_err(io(&self.dir))
    }
}

/// Keeps a build's rows: opened before the build's first write, fed the rows
/// of every article graph it writes, committed after the store is closed.
pub struct Keeper {
    root: PathBuf,
    manifest: Manifest,
    /// The manifest did not match the store when the build began.
    stale: bool,
    segment: Option<Segment>,
    name: String,
    written: u64,
}

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeper").field("root", &self.root).field("stale", &self.stale).finish_non_exhaustive()
    }
}

impl Keeper {
    /// Opens the kept rows of the store at `store_dir` for a build (which
    /// holds the build lock); `name` names this build's segment (unique
    /// among the store's builds).
    pub fn open(store_dir: &Path, name: &str) -> Result<Self, KeptError> {
        // Nothing is created here: the store's directory may not exist yet.
        let root = store_dir.join(DIR);
        let sig = if store_dir.is_dir() { signature(store_dir).map_err(io(store_dir))? } else { String::new() };
        let (manifest, stale) = match read_manifest(&root) {
            Some(m) => {
                let stale = m.signature.is_empty() || m.signature != sig;
                (m, stale)
            }
            None => (Manifest { layout: LAYOUT, ..Manifest::default() }, true),
        };
        Ok(Keeper { root, manifest, stale, segment: None, name: name.to_string(), written: 0 })
    }

    /// The store holds no article graph: no kept row is anyone's, and no
    /// article of the store lacks its rows (nothing to reconcile).
    pub fn store_is_empty(&mut self) {
        self.manifest.articles.clear();
        self.stale = false;
    }

    /// Whether the rows of article `key` from the extraction `fingerprint`
    /// are kept.
    pub fn has(&self, key: &str, fingerprint: &str) -> bool {
        self.manifest.articles.get(key).is_some_and(|(_, fp)| fp == fingerprint)
    }

    /// Keeps the rows of articles just written to the store, with the
    /// fingerprint they were extracted with.
    pub fn keep(&mut self, articles: &[(&str, &str)], rows: &ArticleRows) -> Result<(), KeptError> {
        if self.segment.is_none() {
            self.segment = Some(Segment::create(&self.root, self.name.clone())?);
        }
        self.segment.as_mut().expect("created above").write(rows)?;
        for (key, fp) in articles {
            self.manifest.articles.insert(key.to_string(), (self.name.clone(), fp.to_string()));
            self.written += 1;
        }
        Ok(())
    }

    /// Forgets the rows of articles whose graphs left the store.
    pub fn forget<'a>(&mut self, keys: impl IntoIterator<Item = &'a str>) {
        for k in keys {
            self.manifest.articles.remove(k);
        }
    }

    /// When the manifest did not match the store at the start (a build that
    /// stopped, a store written by another tool or an older isnad): no kept
    /// row older than this build is trusted; the rows of every article graph
    /// this build did not write are read from the store.
    pub fn reconcile(&mut self, store: &Store) -> Result<(), KeptError> {
        if !self.stale {
            return Ok(());
        }
        let name = self.name.clone();
        self.manifest.articles.retain(|_, (segment, _)| *segment == name);
        let stored = crate::store::embedded::stored_articles(store)?;
        let in_store: HashMap<&str, &str> = stored.values().map(|a| (a.key.as_str(), a.fingerprint.as_str())).collect();
        let gone: Vec<String> = self
            .manifest
            .articles
            .iter()
            .filter(|(k, (_, fp))| in_store.get(k.as_str()) != Some(&fp.as_str()))
            .map(|(k, _)| k.clone())
            .collect();
        self.forget(gone.iter().map(String::as_str));
        let mut missing: Vec<(&str, &str)> =
            in_store.iter().filter(|(k, fp)| !self.has(k, fp)).map(|(k, f)| (*k, *f)).collect();
        missing.sort_unstable();
        for chunk in missing.chunks(256) {
            let rows = rows_from_store(store, chunk.iter().map(|(k, _)| *k))?;
            self.keep(chunk, &rows)?;
        }
        self.stale = false;
        Ok(())
    }

    /// Ends the build's segment (its files whole, its writers' buffers
    /// freed): called when the build has written its last article.
    pub fn close_segment(&mut self) -> Result<(), KeptError> {
        if let Some(seg) = self.segment.take() {
            seg.close()?;
            self.manifest.segments.insert(self.name.clone(), self.written);
        }
        Ok(())
    }

    /// Ends the build's segment and writes the manifest with the store's
    /// signature: called after the store is closed for writing. Compacts the
    /// segments when they are many or mostly forgotten rows, and removes the
    /// segments no article's rows are in.
    pub fn commit(mut self, store_dir: &Path) -> Result<(), KeptError> {
        self.close_segment()?;
        if self.stale {
            // A build that never reconciled: the rows cannot be vouched for.
            self.manifest.signature.clear();
        } else {
            self.manifest.signature = signature(store_dir).map_err(io(store_dir))?;
        }
        let mut live: HashMap<&str, u64> = HashMap::new();
        for (seg, _) in self.manifest.articles.values() {
            *live.entry(seg.as_str()).or_default() += 1;
        }
        let total_live: u64 = live.values().sum();
        let total: u64 = self.manifest.segments.values().sum();
        let segments_live = self.manifest.segments.keys().filter(|s| live.contains_key(s.as_str())).count();
        if segments_live > MAX_SEGMENTS || total > 2 * total_live + 1024 {
            let name = format!("{}-compact", self.name);
            compact(&self.root, &mut self.manifest, &name)?;
        }
        let live: HashSet<String> = self.manifest.articles.values().map(|(s, _)| s.clone()).collect();
        self.manifest.segments.retain(|s, _| live.contains(s));
        fs::create_dir_all(&self.root).map_err(io(&self.root))?;
        write_manifest(&self.root, &self.manifest)?;
        // Segments of no article, and those of builds that stopped half-way.
        for e in fs::read_dir(&self.root).map_err(io(&self.root))? {
            let e = e.map_err(io(&self.root))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() && !self.manifest.segments.contains_key(&name) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
        Ok(())
    }
}

/// Rewrites every article's rows into one segment.
fn compact(root: &Path, m: &mut Manifest, name: &str) -> Result<(), KeptError> {
    let mut seg = Segment::create(root, name.to_string())?;
    let live = |segment: &str| {
        let m = &*m;
        let segment = segment.to_string();
        move |key: &str| m.articles.get(key).is_some_and(|(s, _)| *s == segment)
    };
    let names: Vec<String> = m.segments.keys().cloned().collect();
    for s in &names {
        let dir = root.join(s);
        for (i, file) in FILES.iter().enumerate() {
            for batch in read_batches(&dir.join(file), &live(s))? {
                seg.parts[i].write_batch(&batch)?;
            }
        }
    }
    seg.close()?;
    let count = m.articles.len() as u64;
    for (s, _) in m.articles.values_mut() {
        *s = name.to_string();
    }
    m.segments = BTreeMap::from([(name.to_string(), count)]);
    Ok(())
}

const FILES: [&str; 6] =
    [ArticleRaw::FILE, MentionRaw::FILE, ClaimRaw::FILE, TargetRaw::FILE, RelationRaw::FILE, FigureRaw::FILE];

/// The record batches of a part, the rows of articles `live` says are in it.
fn read_batches(path: &Path, live: &(dyn Fn(&str) -> bool + Sync)) -> Result<Vec<RecordBatch>, KeptError> {
    Ok(read_row_groups(path, live, Ok)?.into_iter().flatten().collect())
}

/// Reads a part's row groups in parallel, each batch cut to the rows of
/// articles `live` says are in it and handed to `each`; the results in file
/// order, one list per row group.
fn read_row_groups<R: Send>(
    path: &Path,
    live: &(dyn Fn(&str) -> bool + Sync),
    each: impl Fn(RecordBatch) -> Result<R, KeptError> + Sync,
) -> Result<Vec<Vec<R>>, KeptError> {
    let file = File::open(path).map_err(io(path))?;
    let groups = ParquetRecordBatchReaderBuilder::try_new(file).map_err(pq(path))?.metadata().num_row_groups();
    (0..groups)
        .into_par_iter()
        .map(|g| {
            let file = File::open(path).map_err(io(path))?;
            let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                .map_err(pq(path))?
                .with_row_groups(vec![g])
                .build()
                .map_err(pq(path))?;
            let mut out = Vec::new();
            // A row group's rows belong to a few hundred articles.
            let mut seen: HashMap<String, bool> = HashMap::new();
            for batch in reader {
                let batch = batch.map_err(pq(path))?;
                let keys = batch
                    .column_by_name("key")
                    .and_then(|c| c.as_any().downcast_ref::<StringArray>())
                    .ok_or_else(|| pq(path)("no key column"))?;
                let mask: BooleanArray = (0..keys.len())
                    .map(|i| {
                        let k = keys.value(i);
                        Some(match seen.get(k) {
                            Some(v) => *v,
                            None => {
                                let v = live(k);
                                seen.insert(k.to_string(), v);
                                v
                            }
                        })
                    })
                    .collect();
                let kept = arrow_select::filter::filter_record_batch(&batch, &mask).map_err(pq(path))?;
                if kept.num_rows() > 0 {
                    out.push(each(kept)?);
                }
            }
            Ok(out)
        })
        .collect()
}

/// Reads the rows of the given articles from their graphs in the store, in
/// parallel.
pub fn rows_from_store<'a>(store: &dyn Read, keys: impl Iterator<Item = &'a str>) -> Result<ArticleRows, ReadError> {
    let keys: Vec<&str> = keys.collect();
    let parts: Vec<ArticleRows> = keys
        .par_iter()
        .map(|k| {
            let g = rdf::article_graph(k);
            let quads: Vec<Quad> = store.quads(None, None, Some(GraphNameRef::NamedNode(g.as_ref())))?;
            Ok(article_rows(k, &quads))
        })
        .collect::<Result<_, ReadError>>()?;
    let mut rows = ArticleRows::default();
    for p in parts {
        rows.append(p);
    }
    Ok(rows)
}

/// Rows of one kind held for viewing.
pub(super) enum Held<'k, T> {
    /// Record batches of kept segments.
    Batches(Vec<RecordBatch>),
    /// Rows read from the store.
    Rows(&'k [T]),
}

impl<T: super::views::Viewed> Held<'_, T> {
    /// Every row, viewed.
    pub(super) fn views(&self) -> Result<Vec<T::View<'_>>, KeptError> {
        match self {
            Held::Batches(batches) => {
                let parts = batches.par_iter().map(|b| T::views(b)).collect::<Result<Vec<_>, _>>()?;
                Ok(parts.into_iter().flatten().collect())
            }
            Held::Rows(rows) => Ok(rows.iter().map(|r| r.view()).collect()),
        }
    }
}

/// Where a reader's rows come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The rows the builds kept.
    Kept,
    /// The store's article graphs, read now.
    Store,
}

/// The kept rows of a store as a reader finds them.
#[derive(Debug)]
pub struct Kept {
    root: PathBuf,
    manifest: Option<Manifest>,
    /// The rows read from the store, once, when they are read from it.
    from_store: std::sync::OnceLock<ArticleRows>,
    /// Why kept rows that looked valid could not be read.
    problem: std::sync::Mutex<Option<String>>,
}

impl Kept {
    /// No kept rows: every table is read from the store.
    pub fn none() -> Self {
        Kept {
            root: PathBuf::new(),
            manifest: None,
            from_store: std::sync::OnceLock::new(),
            problem: Default::default(),
        }
    }

    /// The kept rows of the store at `store_dir`, when they match the store.
    pub fn open(store_dir: &Path) -> Self {
        let root = store_dir.join(DIR);
        let sig = signature(store_dir).ok();
        let manifest = read_manifest(&root).filter(|m| !m.signature.is_empty() && Some(&m.signature) == sig.as_ref());
        Kept { root, manifest, from_store: std::sync::OnceLock::new(), problem: Default::default() }
    }

    /// Why kept rows that the manifest vouched for could not be read (the
    /// rows were then read from the store).
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }

    /// Where rows will come from.
    pub fn origin(&self) -> Origin {
        if self.manifest.is_some() { Origin::Kept } else { Origin::Store }
    }

    /// The rows of one kind, held for viewing: the kept segments' record
    /// batches, or (when they are not valid, or a segment went missing or
    /// was damaged) the rows read from the store.
    pub(super) fn hold<T: Kind>(&self, store: &dyn Read) -> Result<(Held<'_, T>, Origin), KeptError> {
        if let Some(m) = &self.manifest {
            match self.kept_batches::<T>(m) {
                Ok(batches) => return Ok((Held::Batches(batches), Origin::Kept)),
                Err(KeptError::Storage(e)) => return Err(KeptError::Storage(e)),
                Err(KeptError::Read(e)) => return Err(KeptError::Read(e)),
                Err(e) => {
                    if let Ok(mut p) = self.problem.lock() {
                        p.get_or_insert(e.to_string());
                    }
                }
            }
        }
        if self.from_store.get().is_none() {
            let rows = rows_from_store(store, article_keys(store)?.iter().map(String::as_str))?;
            let _ = self.from_store.set(rows);
        }
        Ok((Held::Rows(T::of(self.from_store.get().expect("set above"))), Origin::Store))
    }

    fn kept_batches<T: Kind>(&self, m: &Manifest) -> Result<Vec<RecordBatch>, KeptError> {
        let mut out = Vec::new();
        for s in m.segments.keys() {
            let path = self.root.join(s).join(T::FILE);
            let live = |k: &str| m.articles.get(k).is_some_and(|(seg, _)| seg == s);
            out.extend(read_batches(&path, &live)?);
        }
        Ok(out)
    }

    /// The rows of one kind as values (the tests' reading).
    #[cfg(test)]
    pub(super) fn read<T: Kind>(&self, store: &dyn Read) -> Result<(Vec<T>, Origin), KeptError> {
        let (held, origin) = self.hold::<T>(store)?;
        let rows = match held {
            Held::Batches(batches) => {
                let mut rows = Vec::new();
                for b in &batches {
                    rows.extend(
                        serde_arrow::from_record_batch::<Vec<T>>(b)
                            .map_err(|e| KeptError::Parquet { path: "kept rows".into(), message: e.to_string() })?,
                    );
                }
                rows
            }
            Held::Rows(rows) => rows.to_vec(),
        };
        Ok((rows, origin))
    }
}

/// The keys of every article graph in the store.
pub fn article_keys(store: &dyn Read) -> Result<Vec<String>, ReadError> {
    let prefix = rdf::article_graph_prefix();
    let mut keys = Vec::new();
    for g in store.graph_names()? {
        if let NamedOrBlankNode::NamedNode(n) = g
            && let Some(k) = n.as_str().strip_prefix(&prefix)
        {
            keys.push(k.to_string());
        }
    }
    keys.sort();
    Ok(keys)
}

/// After a command that wrote to the store graphs the tables do not read
/// (`isnad analyze`): the kept rows, valid before, are valid again.
pub fn vouch(store_dir: &Path, was_valid: bool) -> Result<(), KeptError> {
    let root = store_dir.join(DIR);
    if !was_valid {
        return Ok(());
    }
    let Some(mut m) = read_manifest(&root) else { return Ok(()) };
    m.signature = signature(store_dir).map_err(io(store_dir))?;
    write_manifest(&root, &m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Article, Metadata};
    use crate::extract::Extractor;
    use crate::lexicon::Lexicon;

    fn extractor() -> Extractor {
        Extractor::new(Lexicon::defaults().expect("the bundled lexicons load"))
    }

    fn article(name: &str, text: &str) -> Article {
        Article::new(name, text.to_string(), Metadata::default())
    }

    /// Writes articles into the store as a build does and keeps their rows.
    fn write(store: &Store, keeper: &mut Keeper, ex: &Extractor, articles: &[Article]) {
        let fp = rdf::fingerprint(ex.lexicon());
        for a in articles {
            let e = ex.extract(&a.text, a.key());
            let quads = rdf::article_quads(a, &e, &fp);
            crate::store::embedded::replace_graph(store, &rdf::article_graph(a.key()), &quads, &[]).unwrap();
            keeper.keep(&[(a.key(), &fp)], &article_rows(a.key(), &quads)).unwrap();
        }
    }

    /// One build as `isnad build` runs one: the keeper opened before the
    /// store, the articles written, `then` run on the open store, the store
    /// reconciled and closed, the rows committed. True when the kept rows
    /// were stale as it began.
    fn build(dir: &Path, name: &str, articles: &[Article], then: impl FnOnce(&Store, &mut Keeper)) -> bool {
        let mut keeper = Keeper::open(dir, name).unwrap();
        let stale = keeper.stale;
        let store = Store::open(dir).unwrap();
        write(&store, &mut keeper, &extractor(), articles);
        then(&store, &mut keeper);
        keeper.reconcile(&store).unwrap();
        drop(store);
        keeper.commit(dir).unwrap();
        stale
    }

    fn texts() -> Vec<Article> {
        vec![
            article("a.txt", "قال وزير الخارجية الأرميني إن أذربيجان هاجمت القرى الحدودية."),
            article("b.txt", "اتهمت روسيا أوكرانيا بقصف محطة الكهرباء، وقالت إن 12 شخصا قتلوا."),
        ]
    }

    fn claims(kept: &Kept, store: &Store) -> (Vec<ClaimRaw>, Origin) {
        let (mut rows, origin) = kept.read::<ClaimRaw>(store).unwrap();
        rows.sort_by(|a, b| a.claim.cmp(&b.claim));
        (rows, origin)
    }

    #[test]
    fn kept_rows_are_read_back_as_the_store_gives_them_until_the_store_changes() {
        let dir = tempfile::tempdir().unwrap();
        assert!(build(dir.path(), "one", &texts(), |_, _| ()), "no manifest yet");

        let store = Store::open_read_only(dir.path()).unwrap();
        let kept = Kept::open(dir.path());
        assert_eq!(kept.origin(), Origin::Kept);
        let (from_kept, origin) = claims(&kept, &store);
        assert_eq!(origin, Origin::Kept);
        assert!(from_kept.len() >= 2, "{from_kept:?}");
        let (from_store, origin) = claims(&Kept::none(), &store);
        assert_eq!(origin, Origin::Store);
        assert_eq!(from_kept, from_store);
        drop(store);

        // Another writer: the kept rows no longer vouch for the store.
        let store = Store::open(dir.path()).unwrap();
        store
            .insert(&Quad::new(
                rdf::isnad("x"),
                rdf::isnad("y"),
                rdf::isnad("z"),
                oxigraph::model::GraphName::DefaultGraph,
            ))
            .unwrap();
        drop(store);
        assert_eq!(Kept::open(dir.path()).origin(), Origin::Store);
        // The next build trusts nothing it did not write and reads the rest
        // from the store.
        assert!(build(dir.path(), "two", &[], |_, _| ()));
        let store = Store::open_read_only(dir.path()).unwrap();
        let kept = Kept::open(dir.path());
        assert_eq!(kept.origin(), Origin::Kept);
        assert_eq!(claims(&kept, &store).0, from_store);
        assert!(!dir.path().join(DIR).join("one").exists(), "a segment of no article is removed");
    }

    #[test]
    fn a_forgotten_articles_rows_no_longer_count_and_many_segments_are_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let all: Vec<Article> = (0..MAX_SEGMENTS + 2)
            .map(|i| article(&format!("{i}.txt"), &format!("قالت روسيا إن {i} جنود قتلوا.")))
            .collect();
        for (i, a) in all.iter().enumerate() {
            build(dir.path(), &format!("s{i:02}"), std::slice::from_ref(a), |store, keeper| {
                if i == 3 {
                    // Pruned: its graph leaves the store, its rows the manifest.
                    let gone = &all[1];
                    crate::store::embedded::remove_graphs(store, &[rdf::article_graph(gone.key())]).unwrap();
                    keeper.forget([gone.key()]);
                }
            });
        }
        let m = read_manifest(&dir.path().join(DIR)).unwrap();
        assert!(m.segments.len() <= MAX_SEGMENTS, "compacted: {:?}", m.segments);
        assert_eq!(m.articles.len(), all.len() - 1);
        let store = Store::open_read_only(dir.path()).unwrap();
        let kept = Kept::open(dir.path());
        let (rows, origin) = kept.read::<ArticleRaw>(&store).unwrap();
        assert_eq!(origin, Origin::Kept);
        assert_eq!(rows.len(), all.len() - 1);
        assert!(!rows.iter().any(|r| r.article == "1.txt"));
        let (mut from_store, _) = Kept::none().read::<ArticleRaw>(&store).unwrap();
        let mut rows = rows;
        rows.sort_by(|a, b| a.key.cmp(&b.key));
        from_store.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(rows, from_store);
    }

    #[test]
    fn a_damaged_segment_is_named_and_the_rows_come_from_the_store() {
        let dir = tempfile::tempdir().unwrap();
        build(dir.path(), "seg", &texts(), |_, _| ());
        fs::write(dir.path().join(DIR).join("seg").join(ClaimRaw::FILE), b"PAR1 not parquet").unwrap();
        let store = Store::open_read_only(dir.path()).unwrap();
        let kept = Kept::open(dir.path());
        let (rows, origin) = claims(&kept, &store);
        assert_eq!(origin, Origin::Store);
        assert_eq!(rows, claims(&Kept::none(), &store).0);
        let problem = kept.problem().expect("the damage is told");
        assert!(problem.contains("claims.parquet"), "{problem}");
    }

    #[test]
    fn a_manifest_of_another_layout_or_garbage_is_no_manifest() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(DIR)).unwrap();
        for bad in ["", "{", "{\"layout\": 999, \"signature\": \"x\", \"segments\": {}, \"articles\": {}}"] {
            fs::write(dir.path().join(DIR).join(MANIFEST), bad).unwrap();
            assert!(read_manifest(&dir.path().join(DIR)).is_none(), "{bad}");
            assert_eq!(Kept::open(dir.path()).origin(), Origin::Store);
        }
    }
}
