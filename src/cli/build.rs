//! `isnad build`.

use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};
use isnad::corpus::{Article, Problem, ReadOptions, stream_corpus};
use isnad::extract::Extractor;
use isnad::pipeline::remote::build_remote;
use isnad::pipeline::shards::{load_shards, read_manifests};
use isnad::pipeline::{BuildOptions, BuildReport, Progress, build_keeping};
use isnad::store::remote::Remote;

use super::args::BuildArgs;
use super::{Outcome, corpus_or_seeds, load_lexicon};

pub fn run(a: BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting the number of threads")?;
    }
    let paths = if a.nquads.is_some() { Vec::new() } else { corpus_or_seeds(a.corpus.clone())? };
    // Shards are checked whole before the store is touched.
    let shards = match &a.nquads {
        Some(dir) => Some(read_manifests(dir).with_context(|| format!("reading the shards of {}", dir.display()))?),
        None => None,
    };
    let shown_paths = paths.clone();
    // Shards were extracted already: no lexicon to load.
    let extractor = match shards {
        Some(_) => None,
        None => Some(Extractor::new(load_lexicon(&a.lexicon)?)),
    };
    if let Some(remote) = a.remote.open()? {
        let extractor = extractor.context("--nquads loads into the embedded store only")?;
        return run_remote(&a, &remote, paths, &extractor, started);
    }
    // Before the store is opened for writing (which changes its files): the
    // kept table rows are checked against the store as the last build left
    // it. The generation names both the kept query results and table rows.
    let generation = format!("{:x}-{}", now_nanos(), std::process::id());
    let mut keeper = isnad::tables::Keeper::open(&a.store, &generation)
        .with_context(|| format!("opening the kept tables of {}", a.store.display()))?;
    let store = isnad::store::embedded::open_write(&a.store)?;
    let _lock = isnad::store::cache::lock(&a.store)
        .with_context(|| format!("locking {}", a.store.display()))?
        .ok_or_else(|| isnad::store::embedded::StoreError::Locked(a.store.display().to_string()))?;
    // The kept query results stop being valid before the first write; an
    // unchanged store gets them back as they were.
    let kept = isnad::store::cache::suspend(&a.store)
        .with_context(|| format!("setting aside the query cache of {}", a.store.display()))?;
    let bar = progress_bar(a.quiet);
    let opts = BuildOptions { prune: a.prune, batch: a.batch, force: a.force };
    let (built, problems) = match (&shards, &a.nquads, &extractor) {
        (Some(shards), Some(dir), _) => {
            let built = load_shards(&store, shards, opts, &|_: Progress<'_>| bar.inc(1), Some(&mut keeper))
                .with_context(|| format!("loading the shards of {}", dir.display()));
            (built, Vec::new())
        }
        (_, _, extractor) => {
            let extractor = extractor.as_ref().expect("a build of a corpus loads its lexicons");
            let (rx, reader) = read_corpus(paths, a.max_article_bytes, a.batch);
            let built = build_keeping(&store, rx, extractor, opts, &|_: Progress<'_>| bar.inc(1), Some(&mut keeper));
            let problems = reader.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            // A corpus that could not be read at all writes nothing more.
            (built.map_err(anyhow::Error::from), problems?)
        }
    };
    bar.finish_and_clear();
    let report = built.with_context(|| format!("writing the store {}", a.store.display()))?;
    let bad = tell_problems(&problems, &report, &shown_paths);
    store.flush().with_context(|| format!("flushing the store {}", a.store.display()))?;
    // The queries run on the store opened for reading: closed for writing,
    // it frees its write buffers and caches first (at 100,000 articles the
    // two together went past 2 GiB). The build lock stays held.
    drop(store);
    let resumed = match kept {
        Some(generation) if !report.changed() => isnad::store::cache::resume(&a.store, &generation)
            .with_context(|| format!("keeping query results in {}", a.store.join("isnad-cache").display()))?,
        _ => false,
    };
    if !resumed {
        let spinner = if bar.is_hidden() {
            ProgressBar::hidden()
        } else {
            let s = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
            s.set_message("keeping the results of the whole-store queries");
            s.enable_steady_tick(Duration::from_millis(200));
            s
        };
        let kept = isnad::store::embedded::open_read(&a.store)
            .map_err(anyhow::Error::from)
            .and_then(|reader| Ok(isnad::store::cache::refresh(&a.store, &reader, &generation)?));
        spinner.finish_and_clear();
        kept.with_context(|| format!("keeping query results in {}", a.store.join("isnad-cache").display()))?;
    }
    // Last, with the store closed: the kept rows are vouched for by the
    // store's files as this build leaves them.
    keeper.commit(&a.store).with_context(|| format!("keeping the tables of {}", a.store.display()))?;
    summary(&report, bad, &a.store.display().to_string(), started);
    Ok(if bad > 0 { Outcome::Partial } else { Outcome::Ok })
}

/// The build into a remote store: no kept results or rows, the same graphs.
fn run_remote(
    a: &BuildArgs,
    remote: &Remote,
    paths: Vec<std::path::PathBuf>,
    extractor: &Extractor,
    started: Instant,
) -> anyhow::Result<Outcome> {
    let bar = progress_bar(a.quiet);
    let shown_paths = paths.clone();
    let (rx, reader) = read_corpus(paths, a.max_article_bytes, a.batch);
    let built = build_remote(
        remote,
        rx,
        extractor,
        BuildOptions { prune: a.prune, batch: a.batch, force: a.force },
        &|_: Progress<'_>| bar.inc(1),
    );
    bar.finish_and_clear();
    let problems = reader.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
    let report = built.with_context(|| format!("writing the store at {}", remote.endpoint()))?;
    let bad = tell_problems(&problems, &report, &shown_paths);
    summary(&report, bad, remote.endpoint(), started);
    Ok(if bad > 0 { Outcome::Partial } else { Outcome::Ok })
}

pub(super) fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
    b.set_style(
        ProgressStyle::with_template("[{elapsed_precise}] {spinner} {human_pos} articles ({per_sec})")
            .expect("valid template"),
    );
    b.enable_steady_tick(Duration::from_millis(200));
    b
}

pub(super) type Reader = std::thread::JoinHandle<Result<Vec<Problem>, isnad::corpus::CorpusError>>;

/// The corpus streams in from a reader thread, a bounded queue ahead of
/// extraction, so no more of it is in memory than the build works on.
pub(super) fn read_corpus(
    paths: Vec<std::path::PathBuf>,
    max_article_bytes: usize,
    batch: usize,
) -> (std::sync::mpsc::Receiver<Article>, Reader) {
    let opts = ReadOptions { max_article_bytes };
    let (tx, rx) = std::sync::mpsc::sync_channel::<Article>(2 * batch);
    let reader = std::thread::spawn(move || stream_corpus(&paths, opts, &mut |art| tx.send(art).is_ok()));
    (rx, reader)
}

/// Prints the corpus's problems; returns how many articles were bad.
pub(super) fn tell_problems(problems: &[Problem], report: &BuildReport, paths: &[std::path::PathBuf]) -> usize {
    let mut bad = 0;
    for p in problems {
        if p.is_error {
            bad += 1;
            eprintln!("isnad: {p}");
        } else {
            eprintln!("isnad: note: {p}");
        }
    }
    if report.articles == 0 && problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("isnad: note: no article (.txt, .jsonl) found in {}", shown.join(", "));
    }
    bad
}

fn summary(report: &BuildReport, bad: usize, target: &str, started: Instant) {
    eprintln!(
        "isnad: {} articles ({} written, {} unchanged, {} replaced, {} pruned, {} bad); written: {} sentences, {} actors, {} mentions, {} quads into {}; {:.2} s",
        HumanCount(report.articles as u64),
        HumanCount(report.written as u64),
        HumanCount(report.unchanged as u64),
        report.replaced,
        report.pruned,
        bad,
        HumanCount(report.sentences as u64),
        HumanCount(report.actors as u64),
        HumanCount(report.mentions as u64),
        HumanCount(report.quads as u64),
        target,
        started.elapsed().as_secs_f64()
    );
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}
