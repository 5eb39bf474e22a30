//! Extracts a synthetic corpus in memory and prints the throughput: the
//! extraction alone, on every core (no store). For profiling and for the
//! README's figure.
//!
//! ```text
//! cargo run --release --example extract_corpus -- [N]
//! ```

use std::time::Instant;

use isnad::corpus::{ReadOptions, read_corpus};
use isnad::extract::Extractor;
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;
use rayon::prelude::*;

/// The allocator of the `isnad` binary, so that the figure is the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let n: u64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(2000);
    let seeds = read_corpus(&[concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")], ReadOptions::default())?;
    let lexicon = Lexicon::defaults()?;
    let synth = Synth::new(&seeds.articles, &lexicon, 1);
    let articles: Vec<_> = (0..n).map(|i| synth.article(i)).collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let ex = Extractor::new(lexicon);
    let started = Instant::now();
    let mentions: usize = articles
        .par_iter()
        .map(|a| ex.extract_dated(&a.text, a.key(), a.meta.published.as_deref()).actors.mentions.len())
        .sum();
    let s = started.elapsed().as_secs_f64();
    println!(
        "{n} articles, {:.1} MB, {mentions} mentions: {s:.2} s, {:.1} MB/s, {:.0} articles/s on {} threads",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s,
        n as f64 / s,
        rayon::current_num_threads()
    );
    Ok(())
}
