//! Corpus input: directories of `.txt` articles with optional metadata, and
//! JSON Lines crawls. First stage of the pipeline.
//!
//! - A directory is walked recursively in name order. Each `.txt` file is an
//!   article; `metadata.tsv` (columns `file`, `published`, and optionally
//!   `url`, `publisher`, any others ignored) and `metadata.jsonl` (objects
//!   with `file` or `id`, `url`, `published`, `publisher`) describe them; any
//!   other `.jsonl` / `.ndjson` file is a JSON Lines corpus.
//! - A JSON Lines corpus holds one article per line: `text` (required),
//!   `id`, `url`, `published`, `publisher`, `title` (optional).
//!
//! An article's identity is the SHA-256 of its text; its source name (file
//! name, or `crawl.jsonl#<id or line>`) is kept. Bad articles and bad
//! metadata rows never stop the others: they come back as [`Problem`]s.
//!
//! [`stream_corpus`] hands the articles over one at a time, so a build holds
//! no more of the corpus than it is working on; [`read_corpus`] collects them.

use std::collections::HashMap;
use std::fs;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Largest article accepted, in bytes: no news article comes near it, and a
/// file beyond it is a dump, not an article.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 8 * 1024 * 1024;

/// What is known of an article besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Its headline, when the crawl gives one apart from the text.
    pub title: Option<String>,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// SHA-256 of the text, lowercase hex.
    pub hash: String,
    /// Source name: file name relative to the corpus root, or
    /// `crawl.jsonl#id`.
    pub source: String,
    /// The text as read.
    pub text: String,
    /// Metadata.
    pub meta: Metadata,
}

impl Article {
    /// Makes an article, hashing its text.
    pub fn new(source: impl Into<String>, text: impl Into<String>, meta: Metadata) -> Self {
        let text = text.into();
        let hash = crate::lexicon::hex(&Sha256::digest(text.as_bytes()));
        Article { hash, source: source.into(), text, meta }
    }

    /// The short key used in IRIs: the first 16 hex digits of the hash.
    pub fn key(&self) -> &str {
        &self.hash[..16]
    }
}

/// Something wrong with one input, reported and skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (and entry) concerned.
    pub source: String,
    /// Line, 1-based, when it is about one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// True when an article was lost; false for notes (a duplicate text, an
    /// unused metadata row).
    pub is_error: bool,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.source, l, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// A corpus that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The path does not exist.
    #[error("corpus path {0} does not exist")]
    Missing(String),
    /// An I/O error on a path.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Articles read, and the problems met.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Good articles, in reading order, each text once.
    pub articles: Vec<Article>,
    /// Problems, in reading order.
    pub problems: Vec<Problem>,
}

/// Options for reading.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Largest article in bytes.
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES }
    }
}

#[derive(Deserialize)]
struct JsonArticle {
    text: Option<String>,
    id: Option<serde_json::Value>,
    url: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    title: Option<String>,
}

#[derive(Deserialize)]
struct JsonMeta {
    file: Option<String>,
    id: Option<String>,
    url: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    title: Option<String>,
}

/// Checks a date: `YYYY-MM-DD` with a real month and day.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            let days = match m {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&d)
        }
        _ => false,
    }
}

/// Why a text cannot be an article, if it cannot.
fn check_text(bytes: &[u8], opts: &ReadOptions) -> Result<String, String> {
    if bytes.len() > opts.max_article_bytes {
        return Err(format!(
            "{} bytes, more than the {}-byte limit for one article (--max-article-bytes); skipped",
            bytes.len(),
            opts.max_article_bytes
        ));
    }
    if bytes.contains(&0) {
        return Err("binary data (NUL bytes), not a text article; skipped".into());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(format!(
                "not valid UTF-8 (line {line}, byte {}); convert it to UTF-8; skipped",
                e.valid_up_to()
            ));
        }
    };
    // A byte-order mark (or several, from files concatenated) is no text.
    let text = text.trim_start_matches('\u{FEFF}');
    let letter = |c: char| {
        let mut yes = false;
        crate::text::fold_char(c, &mut |f| yes |= f.is_alphanumeric());
        yes
    };
    if !text.chars().any(letter) {
        return Err("empty article (no letter or digit); skipped".into());
    }
    let controls = text.chars().filter(|c| c.is_control() && !c.is_whitespace()).count();
    if controls * 20 > text.chars().count() {
        return Err("mostly control characters, not a text article; skipped".into());
    }
    Ok(text.to_string())
}

/// A text file in UTF-16 with a byte-order mark, decoded; `None` when the
/// bytes carry no UTF-16 byte-order mark.
/// Whether bytes open with a UTF-16 byte-order mark: `Some(true)` for
/// little-endian, `Some(false)` for big-endian.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<Result<String, String>> {
    let le = utf16_bom(bytes)?;
    let name = if le { "UTF-16LE" } else { "UTF-16BE" };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Some(Err(format!(
            "{name} (by its byte-order mark) with an odd number of bytes; convert it to UTF-8; skipped"
        )));
    }
    let units = body
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    let mut out = String::with_capacity(body.len());
    let mut at = 2;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => {
                return Some(Err(format!(
                    "{name} (by its byte-order mark) with an unpaired surrogate at byte {at}; convert it to UTF-8; skipped"
                )));
            }
        }
    }
    Some(Ok(out))
}

/// Reads an article file: at most `max_article_bytes` (a larger file is
/// refused by its size, never read whole), decoded from UTF-16 when it
/// starts with a UTF-16 byte-order mark, then checked as a text.
fn read_article(path: &Path, shown: &str, opts: &ReadOptions) -> Result<Result<String, String>, CorpusError> {
    use std::io::Read;
    let io = |source| CorpusError::Io { path: shown.to_string(), source };
    let file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut bytes = Vec::new();
    file.take(opts.max_article_bytes as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > opts.max_article_bytes {
        return Ok(Err(format!(
            "{} bytes, more than the {}-byte limit for one article (--max-article-bytes); skipped",
            len.max(bytes.len() as u64),
            opts.max_article_bytes
        )));
    }
    Ok(match decode_utf16(&bytes) {
        Some(Ok(text)) => check_text(text.as_bytes(), opts),
        Some(Err(msg)) => Err(msg),
        None => check_text(&bytes, opts),
    })
}

/// Reads one line of at most `cap` bytes into `buf` (without its `\n`).
/// Returns `None` at the end of input, else whether the line was longer than
/// `cap`: such a line is skipped to its end without being held.
fn next_line(r: &mut impl std::io::BufRead, cap: usize, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(p) => (&avail[..p], p + 1, true),
            None => (avail, avail.len(), false),
        };
        if !too_long {
            if buf.len() + chunk.len() > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to_fit();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(used);
        if done {
            return Ok(Some(too_long));
        }
    }
}

/// Metadata by file name or id, with the file and line it came from.
type MetaIndex = HashMap<String, (Metadata, String, usize)>;

struct Reader<'s> {
    opts: ReadOptions,
    problems: Vec<Problem>,
    /// Short content hash → the first source with that text.
    seen: HashMap<[u8; 16], String>,
    sink: &'s mut dyn FnMut(Article) -> bool,
    /// The sink wants no more.
    stopped: bool,
}

impl Reader<'_> {
    fn push(&mut self, article: Article) {
        let mut short = [0u8; 16];
        short.copy_from_slice(&article.hash.as_bytes()[..16]);
        if let Some(first) = self.seen.get(&short) {
            self.problems.push(Problem {
                source: article.source.clone(),
                line: None,
                message: format!("same text as {first}; read once"),
                is_error: false,
            });
            return;
        }
        self.seen.insert(short, article.source.clone());
        if !(self.sink)(article) {
            self.stopped = true;
        }
    }

    fn problem(&mut self, source: &str, line: Option<usize>, message: impl Into<String>, is_error: bool) {
        self.problems.push(Problem { source: source.to_string(), line, message: message.into(), is_error });
    }

    fn read_dir(&mut self, root: &Path) -> Result<(), CorpusError> {
        let mut files = Vec::new();
        walk(root, &mut files)?;
        files.sort();
        let mut meta: MetaIndex = HashMap::new();
        let mut used: HashMap<String, bool> = HashMap::new();
        for f in &files {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let shown = f.display().to_string();
            if name == "metadata.tsv" {
                self.read_metadata_tsv(f, &shown, &mut meta)?;
            } else if name == "metadata.jsonl" {
                self.read_metadata_jsonl(f, &shown, &mut meta)?;
            }
        }
        for k in meta.keys() {
            used.insert(k.clone(), false);
        }
        for f in &files {
            if self.stopped {
                return Ok(());
            }
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
            let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
            let shown = f.display().to_string();
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if name == "metadata.jsonl" || name == "metadata.tsv" {
                continue;
            }
            match ext.as_str() {
                "txt" => match read_article(f, &shown, &self.opts)? {
                    Ok(text) => {
                        let m = meta.get(&rel).or_else(|| meta.get(&name)).map(|m| m.0.clone()).unwrap_or_default();
                        for k in [&rel, &name] {
                            if let Some(u) = used.get_mut(k) {
                                *u = true;
                            }
                        }
                        self.push(Article::new(rel, text, m));
                    }
                    Err(msg) => self.problem(&shown, None, msg, true),
                },
                "jsonl" | "ndjson" => self.read_jsonl(f)?,
                _ => {}
            }
        }
        let mut unused: Vec<(&String, &(Metadata, String, usize))> =
            meta.iter().filter(|(k, _)| !used.get(*k).copied().unwrap_or(false)).collect();
        unused.sort_by(|a, b| (&a.1.1, a.1.2).cmp(&(&b.1.1, b.1.2)));
        let notes: Vec<(String, usize, String)> =
            unused.into_iter().map(|(k, (_, file, line))| (file.clone(), *line, k.clone())).collect();
        for (file, line, k) in notes {
            self.problem(
                &file,
                Some(line),
                format!("metadata for `{k}`, which is not an article of this corpus"),
                false,
            );
        }
        Ok(())
    }

    /// A metadata file's text, or None (reported) when it is not UTF-8.
    fn read_metadata_file(&mut self, path: &Path, shown: &str) -> Result<Option<String>, CorpusError> {
        let content = fs::read(path).map_err(|source| CorpusError::Io { path: shown.to_string(), source })?;
        if utf16_bom(&content).is_some() {
            self.problem(
                shown,
                None,
                "metadata in UTF-16 (by its byte-order mark); convert it to UTF-8; ignored",
                true,
            );
            return Ok(None);
        }
        match String::from_utf8(content) {
            Ok(c) => Ok(Some(c.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(c))),
            Err(_) => {
                self.problem(shown, None, "metadata is not valid UTF-8; ignored", true);
                Ok(None)
            }
        }
    }

    fn read_metadata_tsv(&mut self, path: &Path, shown: &str, meta: &mut MetaIndex) -> Result<(), CorpusError> {
        let Some(content) = self.read_metadata_file(path, shown)? else { return Ok(()) };
        let mut rdr =
            csv::ReaderBuilder::new().delimiter(b'\t').flexible(true).quoting(false).from_reader(content.as_bytes());
        let headers: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(e) => {
                self.problem(shown, Some(1), format!("unreadable header: {e}"), true);
                return Ok(());
            }
        };
        let col = |n: &str| headers.iter().position(|h| h == n);
        let Some(file_col) = col("file") else {
            self.problem(shown, Some(1), "the header has no `file` column; metadata ignored", true);
            return Ok(());
        };
        let (pub_col, url_col, publisher_col, title_col) =
            (col("published"), col("url"), col("publisher"), col("title"));
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 2;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    self.problem(shown, Some(line), format!("unreadable row: {e}; ignored"), true);
                    continue;
                }
            };
            if rec.len() != headers.len() {
                self.problem(
                    shown,
                    Some(line),
                    format!("{} fields where the header has {}; row ignored", rec.len(), headers.len()),
                    true,
                );
                continue;
            }
            let get = |c: Option<usize>| {
                c.and_then(|c| rec.get(c)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
            };
            let Some(file) = get(Some(file_col)) else {
                self.problem(shown, Some(line), "empty `file` field; row ignored", true);
                continue;
            };
            let published = get(pub_col);
            if let Some(p) = &published
                && !valid_date(p)
            {
                self.problem(
                    shown,
                    Some(line),
                    format!("`published` is `{p}`, not a date YYYY-MM-DD; row ignored"),
                    true,
                );
                continue;
            }
            let m = Metadata { published, url: get(url_col), publisher: get(publisher_col), title: get(title_col) };
            meta.insert(file, (m, shown.to_string(), line));
        }
        Ok(())
    }

    fn read_metadata_jsonl(&mut self, path: &Path, shown: &str, meta: &mut MetaIndex) -> Result<(), CorpusError> {
        let Some(content) = self.read_metadata_file(path, shown)? else { return Ok(()) };
        for (i, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let m: JsonMeta = match serde_json::from_str(line) {
                Ok(m) => m,
                Err(e) => {
                    self.problem(shown, Some(i + 1), format!("not a JSON object of metadata: {e}; row ignored"), true);
                    continue;
                }
            };
            let Some(key) = m.file.or(m.id) else {
                self.problem(shown, Some(i + 1), "neither `file` nor `id`; row ignored", true);
                continue;
            };
            if let Some(p) = &m.published
                && !valid_date(p.get(..10).unwrap_or(p))
            {
                self.problem(
                    shown,
                    Some(i + 1),
                    format!("`published` is `{p}`, not a date YYYY-MM-DD; row ignored"),
                    true,
                );
                continue;
            }
            let published = m.published.map(|p| p.chars().take(10).collect());
            meta.insert(
                key,
                (Metadata { published, url: m.url, publisher: m.publisher, title: m.title }, shown.to_string(), i + 1),
            );
        }
        Ok(())
    }

    fn read_jsonl(&mut self, path: &Path) -> Result<(), CorpusError> {
        let shown = path.display().to_string();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("corpus.jsonl").to_string();
        let io = |source| CorpusError::Io { path: shown.clone(), source };
        let mut reader = BufReader::with_capacity(1 << 20, fs::File::open(path).map_err(io)?);
        // A line holds one article's text, JSON-escaped (at most six bytes a
        // byte, \u0001), and its metadata: a longer one is skipped unread.
        let cap = self.opts.max_article_bytes.saturating_mul(6).saturating_add(1 << 16);
        let mut raw = Vec::new();
        let mut line_no = 0;
        while let Some(too_long) = next_line(&mut reader, cap, &mut raw).map_err(io)? {
            if self.stopped {
                return Ok(());
            }
            line_no += 1;
            if line_no == 1 {
                if utf16_bom(&raw).is_some() {
                    self.problem(
                        &shown,
                        None,
                        "JSON Lines in UTF-16 (by its byte-order mark); convert it to UTF-8; file skipped",
                        true,
                    );
                    return Ok(());
                }
                if raw.starts_with("\u{FEFF}".as_bytes()) {
                    raw.drain(..3);
                }
            }
            if too_long {
                self.problem(
                    &shown,
                    Some(line_no),
                    format!(
                        "a line of more than {cap} bytes, beyond the {}-byte limit for one article (--max-article-bytes); line skipped",
                        self.opts.max_article_bytes
                    ),
                    true,
                );
                continue;
            }
            let raw = raw.strip_suffix(b"\r").unwrap_or(&raw);
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Ok(line) = std::str::from_utf8(raw) else {
                self.problem(&shown, Some(line_no), "not valid UTF-8; line skipped", true);
                continue;
            };
            let rec: JsonArticle = match serde_json::from_str(line) {
                Ok(r) => r,
                Err(e) => {
                    self.problem(&shown, Some(line_no), format!("not a JSON object: {e}; line skipped"), true);
                    continue;
                }
            };
            let Some(text) = rec.text else {
                self.problem(&shown, Some(line_no), "no `text` field; line skipped", true);
                continue;
            };
            let text = match check_text(text.as_bytes(), &self.opts) {
                Ok(t) => t,
                Err(msg) => {
                    self.problem(&shown, Some(line_no), msg, true);
                    continue;
                }
            };
            let id = match rec.id {
                Some(serde_json::Value::String(s)) => s,
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => format!("L{line_no}"),
            };
            let published = match rec.published {
                Some(p) if valid_date(p.get(..10).unwrap_or(&p)) => Some(p.chars().take(10).collect()),
                Some(p) => {
                    self.problem(
                        &shown,
                        Some(line_no),
                        format!("`published` is `{p}`, not a date YYYY-MM-DD; date ignored"),
                        false,
                    );
                    None
                }
                None => None,
            };
            let meta = Metadata { published, url: rec.url, publisher: rec.publisher, title: rec.title };
            self.push(Article::new(format!("{name}#{id}"), text, meta));
        }
        Ok(())
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let entries = fs::read_dir(dir).map_err(|source| CorpusError::Io { path: dir.display().to_string(), source })?;
    for e in entries {
        let e = e.map_err(|source| CorpusError::Io { path: dir.display().to_string(), source })?;
        let p = e.path();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads every corpus path: directories, `.txt` files and JSON Lines files.
pub fn read_corpus<P: AsRef<Path>>(paths: &[P], opts: ReadOptions) -> Result<Corpus, CorpusError> {
    let mut articles = Vec::new();
    let problems = stream_corpus(paths, opts, &mut |a| {
        articles.push(a);
        true
    })?;
    Ok(Corpus { articles, problems })
}

/// Reads every corpus path as [`read_corpus`] does, handing each good
/// article to `sink` as soon as it is read; reading stops when `sink`
/// returns false. Returns the problems met.
pub fn stream_corpus<P: AsRef<Path>>(
    paths: &[P],
    opts: ReadOptions,
    sink: &mut dyn FnMut(Article) -> bool,
) -> Result<Vec<Problem>, CorpusError> {
    let mut r = Reader { opts, problems: Vec::new(), seen: HashMap::new(), sink, stopped: false };
    for p in paths {
        if r.stopped {
            break;
        }
        let p = p.as_ref();
        if !p.exists() {
            return Err(CorpusError::Missing(p.display().to_string()));
        }
        if p.is_dir() {
            r.read_dir(p)?;
        } else {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            if ext == "jsonl" || ext == "ndjson" {
                r.read_jsonl(p)?;
            } else {
                let shown = p.display().to_string();
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or(&shown).to_string();
                match read_article(p, &shown, &opts)? {
                    Ok(text) => r.push(Article::new(name, text, Metadata::default())),
                    Err(msg) => r.problem(&shown, None, msg, true),
                }
            }
        }
    }
    Ok(r.problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2023-9-25"));
        assert!(!valid_date("25/09/2023"));
    }

    #[test]
    fn bad_texts_are_named() {
        let o = ReadOptions { max_article_bytes: 100 };
        assert!(check_text(b"\xff\xfd", &o).unwrap_err().contains("UTF-8"));
        assert!(check_text(b"  \n ", &o).unwrap_err().contains("empty"));
        assert!(check_text(b"a\0b", &o).unwrap_err().contains("binary"));
        assert!(check_text(&[b'a'; 101], &o).unwrap_err().contains("limit"));
        assert_eq!(check_text("\u{FEFF}نص".as_bytes(), &o).unwrap(), "نص");
        assert_eq!(check_text("\u{FEFF}\u{FEFF}نص".as_bytes(), &o).unwrap(), "نص");
        assert!(check_text("\u{FEFF}\u{FEFF}".as_bytes(), &o).unwrap_err().contains("empty"));
        assert!(check_text("\u{200F} ـ «» ،".as_bytes(), &o).unwrap_err().contains("empty"));
    }

    #[test]
    fn directory_with_metadata_and_jsonl() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "قالت أرمينيا.").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.txt"), "قالت أذربيجان.").unwrap();
        fs::write(
            dir.path().join("metadata.tsv"),
            "file\tpublished\tpublisher\na.txt\t2023-09-25\tAP\nb.txt\tyesterday\tX\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("crawl.jsonl"),
            "{\"id\": \"x1\", \"text\": \"قالت روسيا.\", \"published\": \"2024-04-18T10:00:00Z\"}\n{broken\n{\"text\": \"قالت أرمينيا.\"}\n",
        )
        .unwrap();
        let c = read_corpus(&[dir.path()], ReadOptions::default()).unwrap();
        let names: Vec<&str> = c.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["a.txt", "crawl.jsonl#x1", "sub/b.txt"]);
        assert_eq!(c.articles[0].meta.published.as_deref(), Some("2023-09-25"));
        assert_eq!(c.articles[0].meta.publisher.as_deref(), Some("AP"));
        assert_eq!(c.articles[1].meta.published.as_deref(), Some("2024-04-18"));
        let msgs: Vec<String> = c.problems.iter().map(|p| p.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains("metadata.tsv:3: `published` is `yesterday`")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("crawl.jsonl:2: not a JSON object")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("same text as a.txt")), "{msgs:?}");
    }

    fn utf16(text: &str, le: bool) -> Vec<u8> {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "قالت أرمينيا 😀.";
        assert_eq!(decode_utf16(&utf16(text, true)), Some(Ok(text.to_string())));
        assert_eq!(decode_utf16(&utf16(text, false)), Some(Ok(text.to_string())));
        assert_eq!(decode_utf16("قالت".as_bytes()), None);
        let mut odd = utf16(text, true);
        odd.push(0);
        assert!(decode_utf16(&odd).unwrap().unwrap_err().contains("odd number of bytes"));
        let lone = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert!(decode_utf16(&lone).unwrap().unwrap_err().contains("unpaired surrogate at byte 4"));
    }

    #[test]
    fn a_file_beyond_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        fs::write(&path, "أ".repeat(1000)).unwrap();
        let o = ReadOptions { max_article_bytes: 100 };
        let msg = read_article(&path, "big.txt", &o).unwrap().unwrap_err();
        assert!(msg.starts_with("2000 bytes, more than the 100-byte limit"), "{msg}");
        fs::write(&path, utf16("قالت أرمينيا.", false)).unwrap();
        assert_eq!(read_article(&path, "big.txt", &o).unwrap().unwrap(), "قالت أرمينيا.");
    }

    #[test]
    fn lines_beyond_the_cap_are_skipped_unheld() {
        let input = format!("short\n{}\nlast", "x".repeat(100));
        let mut r = std::io::BufReader::with_capacity(8, input.as_bytes());
        let mut buf = Vec::new();
        assert_eq!(next_line(&mut r, 10, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"short");
        assert_eq!(next_line(&mut r, 10, &mut buf).unwrap(), Some(true));
        assert!(buf.is_empty() && buf.capacity() <= 10);
        assert_eq!(next_line(&mut r, 10, &mut buf).unwrap(), Some(false));
        assert_eq!(buf, b"last");
        assert_eq!(next_line(&mut r, 10, &mut buf).unwrap(), None);
    }

    #[test]
    fn byte_order_marks_of_metadata_and_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "\u{FEFF}قالت أرمينيا.").unwrap();
        fs::write(dir.path().join("metadata.tsv"), "\u{FEFF}file\tpublished\na.txt\t2023-09-25\n").unwrap();
        fs::write(dir.path().join("crawl.jsonl"), "\u{FEFF}{\"id\": 1, \"text\": \"قالت روسيا.\"}\r\n").unwrap();
        fs::write(dir.path().join("wide.jsonl"), utf16("{\"text\": \"قالت فرنسا.\"}\n", true)).unwrap();
        let c = read_corpus(&[dir.path()], ReadOptions::default()).unwrap();
        let names: Vec<&str> = c.articles.iter().map(|a| a.source.as_str()).collect();
        assert_eq!(names, ["a.txt", "crawl.jsonl#1"]);
        assert_eq!(c.articles[0].text, "قالت أرمينيا.", "the BOM is not part of the text");
        assert_eq!(c.articles[0].meta.published.as_deref(), Some("2023-09-25"));
        let msgs: Vec<String> = c.problems.iter().map(|p| p.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains("wide.jsonl: JSON Lines in UTF-16")), "{msgs:?}");
    }
}
