//! `isnad analyze`.

use std::io::Write;

use anyhow::{Context, bail};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use isnad::network::analysis::analyze;
use isnad::network::read_network;
use isnad::rdf;
use isnad::store::embedded as store;

use super::Outcome;
use super::args::{AnalyzeArgs, AnalyzeFormat};

pub fn run(a: AnalyzeArgs) -> anyhow::Result<Outcome> {
    if let Some(remote) = a.remote.open()? {
        remote.graph_store("isnad analyze")?;
        let net = read_network(&remote, &isnad::store::cache::Cache::none())?;
        let result = analyze(&net);
        let graph = rdf::analysis_graph();
        remote
            .put_graph(graph.as_ref().into(), &rdf::analysis_quads(&result))
            .with_context(|| format!("writing the analysis to {}", remote.endpoint()))?;
        return show(&a, &result);
    }
    if !a.store.exists() {
        bail!("no store at {0}; build one first with `isnad build --store {0}`", a.store.display());
    }
    // The analysis graph is no table's: kept table rows valid before this
    // write are vouched for again after it.
    let tables_valid = isnad::tables::Kept::open(&a.store).origin() == isnad::tables::Origin::Kept;
    let st = store::open_write(&a.store)?;
    let net = read_network(&st, &isnad::store::cache::Cache::open(&a.store))?;
    let result = analyze(&net);
    let graph = rdf::analysis_graph();
    store::replace_graph(&st, &graph, &rdf::analysis_quads(&result), &[])
        .with_context(|| format!("writing the analysis to {}", a.store.display()))?;
    drop(st);
    isnad::tables::kept::vouch(&a.store, tables_valid)
        .with_context(|| format!("keeping the tables of {}", a.store.display()))?;
    show(&a, &result)
}

fn show(a: &AnalyzeArgs, result: &isnad::network::analysis::Analysis) -> anyhow::Result<Outcome> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if a.format == AnalyzeFormat::Json {
        serde_json::to_writer_pretty(&mut out, result)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Ok);
    }
    let mut actors = result.actors.clone();
    actors.sort_by(|x, y| y.pagerank.total_cmp(&x.pagerank).then(x.id.cmp(&y.id)));
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(["actor", "bloc", "degree", "pagerank", "betweenness", "allies", "adversaries"]);
    for r in &actors {
        t.add_row([
            r.label.clone(),
            r.bloc.clone().unwrap_or_default(),
            r.degree.to_string(),
            format!("{:.4}", r.pagerank),
            format!("{:.4}", r.betweenness),
            r.allies.join(", "),
            r.adversaries.join(", "),
        ]);
    }
    writeln!(out, "{t}")?;
    let how = if result.exact { "exact" } else { "heuristic (components over 20 actors)" };
    writeln!(out, "\nblocs: structural balance, {how}; frustrated ties: {}", result.frustrated.len())?;
    for f in &result.frustrated {
        writeln!(out, "  {} – {} (net {:+})", f.a, f.b, f.net)?;
    }
    writeln!(out, "unbalanced triads: {}", result.unbalanced_triads.len())?;
    for (x, y, z) in &result.unbalanced_triads {
        writeln!(out, "  {x}, {y}, {z}")?;
    }
    writeln!(out, "ties across years:")?;
    for (pair, slices) in &result.timeline {
        let s: Vec<String> = slices.iter().map(|s| format!("{} {:+}", s.slice, s.net)).collect();
        writeln!(out, "  {pair}: {}", s.join(", "))?;
    }
    out.flush()?;
    Ok(Outcome::Ok)
}
