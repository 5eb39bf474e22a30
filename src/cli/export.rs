//! `isnad export`.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{Context, bail};
use isnad::export::{ExportFormat, export};

use super::Outcome;
use super::args::ExportArgs;

pub fn run(a: ExportArgs) -> anyhow::Result<Outcome> {
    let names = || ExportFormat::ALL.map(|f| f.name()).join(", ");
    let format = match (&a.format, &a.output) {
        (Some(f), _) => {
            ExportFormat::from_name(f).with_context(|| format!("unknown export format `{f}`; one of: {}", names()))?
        }
        (None, Some(path)) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            ExportFormat::from_extension(ext).with_context(|| {
                format!("cannot tell the format from `{}`; give --format ({})", path.display(), names())
            })?
        }
        (None, None) => bail!("--format is required when writing to standard output; one of: {}", names()),
    };
    let store = isnad::store::open_read(&a.store)?;
    let cache = isnad::cache::Cache::open(&a.store);
    match &a.output {
        Some(path) => {
            // Write beside the target, then rename: a failed export leaves no half file.
            let tmp = path.with_extension(format!("{}.partial", format.file_extension()));
            let f = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
            let mut w = BufWriter::new(f);
            export(&store, &cache, format, &mut w).with_context(|| format!("exporting to {}", path.display()))?;
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            export(&store, &cache, format, &mut w)?;
            w.flush()?;
        }
    }
    Ok(Outcome::Ok)
}
