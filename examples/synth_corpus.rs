//! Writes a synthetic corpus for benchmarks: N distinct articles made from
//! the seed articles (see `isnad::synth`).
//!
//! ```text
//! cargo run --release --example synth_corpus -- OUT N [--seed S] [--jsonl]
//! ```
//!
//! Without `--jsonl`, OUT gets one `.txt` file per article in folders of a
//! thousand and a `metadata.tsv`; with it, OUT is one JSON Lines crawl file.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use isnad::corpus::{ReadOptions, read_corpus};
use isnad::lexicon::Lexicon;
use isnad::synth::Synth;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let (mut seed, mut jsonl) = (1u64, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => seed = it.next().context("--seed needs a number")?.parse().context("--seed")?,
            "--jsonl" => jsonl = true,
            _ => pos.push(a.clone()),
        }
    }
    let [out, n] = &pos[..] else { bail!("usage: synth_corpus OUT N [--seed S] [--jsonl]") };
    let out = PathBuf::from(out);
    let n: u64 = n.parse().context("N is a number of articles")?;
    let seeds = read_corpus(&[concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")], ReadOptions::default())?;
    let synth = Synth::new(&seeds.articles, &Lexicon::defaults()?, seed);
    let mut bytes = 0usize;
    if jsonl {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir)?;
        }
        let mut w = BufWriter::new(fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?);
        for i in 0..n {
            let a = synth.article(i);
            bytes += a.text.len();
            let rec = serde_json::json!({"id": i, "text": a.text, "published": a.meta.published});
            serde_json::to_writer(&mut w, &rec)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    } else {
        fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
        let mut meta = BufWriter::new(fs::File::create(out.join("metadata.tsv"))?);
        writeln!(meta, "file\tpublished")?;
        for i in 0..n {
            let a = synth.article(i);
            bytes += a.text.len();
            let dir = out.join(format!("{:04}", i / 1000));
            if i % 1000 == 0 {
                fs::create_dir_all(&dir)?;
            }
            fs::write(dir.join(&a.source), &a.text)?;
            writeln!(meta, "{}\t{}", a.source, a.meta.published.as_deref().unwrap_or(""))?;
        }
        meta.flush()?;
    }
    eprintln!("{n} articles, {:.1} MB of text, in {}", bytes as f64 / 1e6, out.display());
    Ok(())
}
