//! `isnad extract`.

use std::time::Instant;

use anyhow::Context;
use indicatif::HumanCount;
use isnad::extract::Extractor;
use isnad::pipeline::Progress;
use isnad::pipeline::shards::{Shard, extract_shard};

use super::args::ExtractArgs;
use super::build::{progress_bar, read_corpus, tell_problems};
use super::{Outcome, corpus_or_seeds, load_lexicon};

pub fn run(a: ExtractArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let shard: Shard = a.shard.parse()?;
    if let Some(n) = a.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("setting the number of threads")?;
    }
    let paths = corpus_or_seeds(a.corpus)?;
    let shown_paths = paths.clone();
    let extractor = Extractor::new(load_lexicon(&a.lexicon)?);
    let bar = progress_bar(a.quiet);
    let batch = isnad::pipeline::DEFAULT_BATCH;
    let (rx, reader) = read_corpus(paths, a.max_article_bytes, batch);
    let made = extract_shard(rx, &extractor, shard, &a.output, batch, &|_: Progress<'_>| bar.inc(1));
    bar.finish_and_clear();
    let problems = reader.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
    let manifest =
        made.with_context(|| format!("writing shard {}/{} into {}", shard.index, shard.of, a.output.display()))?;
    let report = isnad::pipeline::BuildReport { articles: manifest.corpus_articles, ..Default::default() };
    let bad = tell_problems(&problems, &report, &shown_paths);
    eprintln!(
        "isnad: shard {}/{}: {} of {} articles, {} quads into {}; {:.2} s",
        shard.index,
        shard.of,
        HumanCount(manifest.articles as u64),
        HumanCount(manifest.corpus_articles as u64),
        HumanCount(manifest.quads as u64),
        a.output.join(&manifest.file).display(),
        started.elapsed().as_secs_f64()
    );
    Ok(if bad > 0 { Outcome::Partial } else { Outcome::Ok })
}
