//! `isnad query`.

use std::io::{Read, Write};

use anyhow::{Context, bail};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use isnad::rdf;
use isnad::store::cache::Cache;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};

use super::Outcome;
use super::args::{QueryArgs, QueryFormat};

/// A term for display in a table: literals by value, IRIs shortened with
/// the usual prefixes.
fn show(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => {
            for (p, ns) in rdf::PREFIXES {
                if let Some(local) = n.as_str().strip_prefix(ns) {
                    return format!("{p}:{local}");
                }
            }
            if let Some(local) = n.as_str().strip_prefix(rdf::BASE) {
                return format!("<{local}>");
            }
            n.to_string()
        }
        other => other.to_string(),
    }
}

fn parse_binding(b: &str) -> anyhow::Result<(Variable, Term)> {
    let Some((name, value)) = b.split_once('=') else {
        bail!("--bind {b}: expected NAME=VALUE, e.g. --bind id=nikol_pashinyan");
    };
    let var = Variable::new(name.trim_start_matches(['?', '$']))
        .with_context(|| format!("--bind {b}: `{name}` is not a variable name"))?;
    let term: Term = if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        NamedNode::new(iri).with_context(|| format!("--bind {b}: `{iri}` is not an IRI"))?.into()
    } else {
        Literal::new_simple_literal(value).into()
    };
    Ok((var, term))
}

fn write_solutions<E: std::error::Error + Send + Sync + 'static>(
    out: &mut impl Write,
    format: Option<QueryResultsFormat>,
    vars: Vec<Variable>,
    sols: impl Iterator<Item = Result<QuerySolution, E>>,
) -> anyhow::Result<()> {
    match format {
        Some(f) => {
            let mut w = QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(out, vars)?;
            for s in sols {
                w.serialize(&s?)?;
            }
            w.finish()?;
        }
        None => {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
            table.set_header(vars.iter().map(|v| v.as_str().to_string()));
            let mut n = 0usize;
            for s in sols {
                let s = s?;
                table.add_row(vars.iter().map(|v| s.get(v).map(show).unwrap_or_default()));
                n += 1;
            }
            writeln!(out, "{table}")?;
            eprintln!("isnad: {n} rows");
        }
    }
    Ok(())
}

pub fn run(a: QueryArgs) -> anyhow::Result<Outcome> {
    let (text, origin) = match (&a.query, &a.file) {
        (Some(q), _) => (q.clone(), "the query".to_string()),
        (None, Some(f)) => {
            (std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?, f.display().to_string())
        }
        (None, None) => {
            if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                bail!("no query: give one as an argument, with --file, or on standard input");
            }
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading the query from standard input")?;
            (s, "standard input".to_string())
        }
    };
    let mut prepared = SparqlEvaluator::new()
        .parse_query(&text)
        .map_err(|e| anyhow::anyhow!(isnad::queries::syntax_message(&origin, &e.to_string())))?;
    for b in &a.bind {
        let (v, t) = parse_binding(b)?;
        prepared = prepared.substitute_variable(v, t);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let format = match a.format {
        QueryFormat::Table => None,
        QueryFormat::Csv => Some(QueryResultsFormat::Csv),
        QueryFormat::Tsv => Some(QueryResultsFormat::Tsv),
        QueryFormat::Json => Some(QueryResultsFormat::Json),
        QueryFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    // A query the last build ran word for word: its kept results, which are
    // the store's answer until the next build.
    let remote = a.remote.open()?;
    if a.bind.is_empty()
        && remote.is_none()
        && let Some((vars, rows)) = Cache::open(&a.store).select_text(&text)?
    {
        write_solutions(&mut out, format, vars, rows.into_iter().map(Ok::<_, std::convert::Infallible>))?;
        out.flush()?;
        return Ok(Outcome::Ok);
    }
    let embedded;
    let results = match &remote {
        Some(r) => {
            // The bindings join the query as a VALUES clause after it.
            let mut text = text.clone();
            for b in &a.bind {
                let (v, t) = parse_binding(b)?;
                text.push_str(&format!("\nVALUES ?{} {{ {t} }}", v.as_str()));
            }
            isnad::store::Read::query(r, &origin, &text)?
        }
        None => {
            embedded = isnad::store::embedded::open_read(&a.store)?;
            prepared.on_store(&embedded).execute().with_context(|| format!("evaluating {origin}"))?
        }
    };
    match results {
        QueryResults::Solutions(sols) => {
            let vars = sols.variables().to_vec();
            write_solutions(&mut out, format, vars, sols)?;
        }
        QueryResults::Boolean(b) => match format {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut out, b)?;
            }
            None => writeln!(out, "{b}")?,
        },
        QueryResults::Graph(triples) => {
            let mut s = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, iri) in rdf::PREFIXES {
                s = s.with_prefix(p, iri)?;
            }
            let mut w = s.for_writer(&mut out);
            for t in triples {
                w.serialize_triple(&t?)?;
            }
            w.finish()?;
        }
    }
    out.flush()?;
    Ok(Outcome::Ok)
}
