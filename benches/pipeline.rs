//! Throughput of the pipeline's stages on the bundled seeds: the matching
//! form (MB/s of Arabic text), extraction per article, and writing article
//! graphs to a store.
//!
//! Run: `cargo bench --bench pipeline`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::extract::Extractor;
use isnad::lexicon::Lexicon;
use isnad::pipeline::{BuildOptions, build};
use isnad::text::{Document, fold};

/// The allocator of the `isnad` binary, so that the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn seeds() -> Vec<isnad::corpus::Article> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    read_corpus(&[dir], ReadOptions::default()).expect("the seeds are readable").articles
}

fn benches(c: &mut Criterion) {
    let articles = seeds();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let lexicon = Lexicon::defaults().expect("the default lexicons load");
    let junk = lexicon.junk.clone();
    let extractor = Extractor::new(lexicon);

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("fold", |b| b.iter(|| articles.iter().map(|a| fold(black_box(&a.text)).len()).sum::<usize>()));
    g.bench_function("segment+tokenize", |b| {
        b.iter(|| articles.iter().map(|a| Document::new(black_box(&a.text), &junk).sentences.len()).sum::<usize>())
    });
    g.finish();

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("seeds", |b| {
        b.iter(|| {
            articles.iter().map(|a| extractor.extract(black_box(&a.text), a.key()).actors.mentions.len()).sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    g.throughput(Throughput::Elements(articles.len() as u64));
    g.bench_function("build-in-memory", |b| {
        b.iter(|| {
            let store = oxigraph::store::Store::new().expect("in-memory store");
            build(&store, &articles, &extractor, BuildOptions::default(), &|_| {}).expect("build").quads
        })
    });
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
