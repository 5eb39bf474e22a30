//! `isnad build`.

use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::extract::Extractor;
use isnad::pipeline::{BuildOptions, Progress, build};

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
    let paths = corpus_or_seeds(a.corpus)?;
    let lexicon = load_lexicon(&a.lexicon)?;
    let extractor = Extractor::new(lexicon);
    let corpus = read_corpus(&paths, ReadOptions { max_article_bytes: a.max_article_bytes })?;
    let mut bad = 0;
    for p in &corpus.problems {
        if p.is_error {
            bad += 1;
            eprintln!("isnad: {p}");
        } else {
            eprintln!("isnad: note: {p}");
        }
    }
    if corpus.articles.is_empty() && corpus.problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("isnad: note: no article (.txt, .jsonl) found in {}", shown.join(", "));
    }
    let store = isnad::store::open_write(&a.store)?;
    let bar = if a.quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ProgressBar::hidden()
    } else {
        let b =
            ProgressBar::with_draw_target(Some(corpus.articles.len() as u64), ProgressDrawTarget::stderr_with_hz(5));
        b.set_style(
            ProgressStyle::with_template("[{elapsed_precise}] [{bar:25}] {pos}/{len} articles ({per_sec}, {eta})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    };
    let report =
        build(&store, &corpus.articles, &extractor, BuildOptions { prune: a.prune, batch: 0, force: a.force }, &|p| {
            if let Progress::Article(_) = p {
                bar.inc(1);
            }
        })
        .with_context(|| format!("writing the store {}", a.store.display()))?;
    bar.finish_and_clear();
    store.flush().with_context(|| format!("flushing the store {}", a.store.display()))?;
    eprintln!(
        "isnad: {} articles ({} written, {} unchanged, {} replaced, {} pruned, {} bad), {} sentences, {} actors, {} mentions, {} quads ({} in the store {}), {:.2} s",
        HumanCount(report.articles as u64),
        report.written,
        report.unchanged,
        report.replaced,
        report.pruned,
        bad,
        HumanCount(report.sentences as u64),
        HumanCount(report.actors as u64),
        HumanCount(report.mentions as u64),
        HumanCount(report.quads as u64),
        HumanCount(report.store_quads as u64),
        a.store.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(if bad > 0 { Outcome::Partial } else { Outcome::Ok })
}
