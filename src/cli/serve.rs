//! `isnad serve`.

use std::time::Duration;

use anyhow::{Context, bail};
use isnad::serve::protocol::QueryLimits;
use isnad::serve::{App, Config, serve};

use super::Outcome;
use super::args::ServeArgs;

pub fn run(a: ServeArgs) -> anyhow::Result<Outcome> {
    if !(a.timeout.is_finite() && a.timeout > 0.0) {
        bail!("--timeout {}: give a number of seconds above zero", a.timeout);
    }
    if a.max_results == 0 || a.max_connections == 0 || a.max_body == 0 || a.max_queries == Some(0) {
        bail!("--max-results, --max-queries, --max-connections and --max-body must be above zero");
    }
    let defaults = Config::default();
    let config = Config {
        bind: a.bind,
        limits: QueryLimits { timeout: Duration::from_secs_f64(a.timeout), max_results: a.max_results },
        max_queries: a.max_queries.unwrap_or(defaults.max_queries),
        max_connections: a.max_connections,
        max_body: a.max_body,
        ..defaults
    };
    let app = App::open(&a.store, config.clone())?;
    eprintln!(
        "isnad: serving {} at http://{}/ (SPARQL at /query; {} s and {} results a query, {} queries at once)",
        a.store.display(),
        config.bind,
        a.timeout,
        config.limits.max_results,
        config.max_queries
    );
    serve(app).with_context(|| format!("listening on {}", config.bind))?;
    Ok(Outcome::Ok)
}
