//! `isnad export`.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context, bail};
use isnad::export::{ExportFormat, export};
use isnad::store::Read;
use isnad::store::cache::Cache;
use isnad::store::embedded::open_read;
use isnad::tables::{Kept, Origin};

use super::Outcome;
use super::args::ExportArgs;

pub fn run(a: ExportArgs) -> anyhow::Result<Outcome> {
    let names = || ExportFormat::all().into_iter().map(|f| f.name()).collect::<Vec<_>>().join(", ");
    let format = match (&a.format, &a.output) {
        (Some(f), _) => {
            ExportFormat::from_name(f).with_context(|| format!("unknown export format `{f}`; one of: {}", names()))?
        }
        (None, Some(path)) => ExportFormat::from_path(path).with_context(|| {
            format!("cannot tell the format from `{}`; give --format ({})", path.display(), names())
        })?,
        (None, None) => bail!("--format is required when writing to standard output; one of: {}", names()),
    };
    let remote = a.remote.open()?;
    let (store, cache, kept): (Box<dyn Read>, Cache, Kept) = match remote {
        Some(r) => (Box::new(r), Cache::none(), Kept::none()),
        None => (Box::new(open_read(&a.store)?), Cache::open(&a.store), Kept::open(&a.store)),
    };
    let reads_rows = matches!(
        format,
        ExportFormat::MentionsJsonl
            | ExportFormat::ClaimsJsonl
            | ExportFormat::RelationsJsonl
            | ExportFormat::Table(..)
            | ExportFormat::Tables(_)
    );
    if reads_rows && kept.origin() == Origin::Store && a.remote.endpoint.is_none() {
        eprintln!(
            "isnad: note: the table rows kept with {} do not match the store (a store built by an older isnad, a build that stopped, or a write by another tool); reading them from the store's graphs instead, which takes longer on a large store; the next `isnad build` keeps them again",
            a.store.display()
        );
    }
    let result = write(&a, format, &*store, &cache, &kept);
    if let Some(p) = kept.problem() {
        eprintln!(
            "isnad: note: {p}; the rows were read from the store's graphs instead; the next `isnad build` keeps them again"
        );
    }
    result
}

fn write(
    a: &ExportArgs,
    format: ExportFormat,
    store: &dyn Read,
    cache: &Cache,
    kept: &Kept,
) -> anyhow::Result<Outcome> {
    if let ExportFormat::Tables(f) = format {
        let Some(dir) = &a.output else {
            bail!("`{}` writes one file per table; give --output DIR", f.name());
        };
        if dir.exists() && !dir.is_dir() {
            bail!("{} is not a directory; `{}` writes one file per table into a directory", dir.display(), f.name());
        }
        let (counts, _) = isnad::tables::write_all(store, cache, kept, f, dir)
            .with_context(|| format!("exporting tables to {}", dir.display()))?;
        let shown: Vec<String> = counts.iter().map(|(t, n)| format!("{} {n}", t.name())).collect();
        eprintln!("isnad: wrote {} tables into {} (rows: {})", f.name(), dir.display(), shown.join(", "));
        return Ok(Outcome::Ok);
    }
    match &a.output {
        Some(path) => {
            // Write beside the target, then rename: a failed export leaves no half file.
            let tmp = path.with_extension(format!("{}.partial", format.file_extension()));
            let f = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
            let mut w = BufWriter::new(f);
            export(store, cache, kept, format, &mut w).with_context(|| format!("exporting to {}", path.display()))?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            export(store, cache, kept, format, &mut w)?;
            w.flush()?;
        }
    }
    Ok(Outcome::Ok)
}
