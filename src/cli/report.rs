//! `isnad report`.

use std::io::Write;

use anyhow::{Context, bail};
use isnad::corpus::valid_date;
use isnad::report::{Filters, Limits, ReportFormat, render};
use isnad::store::cache::Cache;

use super::Outcome;
use super::args::ReportArgs;

pub fn run(a: ReportArgs) -> anyhow::Result<Outcome> {
    let format = match (&a.format, &a.output) {
        (Some(f), _) => {
            ReportFormat::from_name(f).with_context(|| format!("unknown report format `{f}`; one of: html, md"))?
        }
        (None, Some(path)) => {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            ReportFormat::from_extension(ext).with_context(|| {
                format!("cannot tell the format from `{}`; give --format (html, md)", path.display())
            })?
        }
        (None, None) => bail!("--format is required when writing to standard output; one of: html, md"),
    };
    for (flag, d) in [("--since", &a.since), ("--until", &a.until)] {
        if let Some(d) = d
            && !valid_date(d)
        {
            bail!("{flag} {d}: not a date; write YYYY-MM-DD");
        }
    }
    // One speaker's report lists all of it unless told otherwise.
    let limits = if a.all || a.speaker.is_some() { Limits::ALL } else { Limits::default() };
    let limits = Limits { speakers: a.top.unwrap_or(limits.speakers), claims: a.limit.unwrap_or(limits.claims) };
    let filters =
        Filters { speaker: a.speaker, about: a.about, claim_type: a.claim_type, since: a.since, until: a.until };
    let text = match a.remote.open()? {
        Some(remote) => render(&remote, &Cache::none(), format, &filters, limits)?,
        None => {
            render(&isnad::store::embedded::open_read(&a.store)?, &Cache::open(&a.store), format, &filters, limits)?
        }
    };
    match &a.output {
        Some(path) => {
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, text.as_bytes()).with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Outcome::Ok)
}
