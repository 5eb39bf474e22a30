//! Where the graph lives, and the one way everything reads it.
//!
//! A store is either the embedded Oxigraph database on disk
//! ([`embedded`]) or any SPARQL 1.1 store over HTTP ([`remote`]). Report,
//! analyze, the network, the exports and the kept query results read through
//! [`Read`], which both implement; the typed rows the outputs start from are
//! in [`records`]. Writing is a build's business (see [`crate::pipeline`]).
//!
//! The modules depend one way: `rdf` → `store` (embedded, remote, cache,
//! records) → `network` → `tables` → `export` and `report`.

pub mod cache;
pub mod embedded;
pub mod records;
pub mod remote;

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolution};

use crate::queries::NamedQuery;

/// Errors of reading a store and writing what was read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The embedded store.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// A query failed.
    #[error("query {name}: {message}")]
    Query {
        /// Query name.
        name: String,
        /// Why.
        message: String,
    },
    /// A remote store could not be reached or refused a request.
    #[error(transparent)]
    Remote(#[from] remote::RemoteError),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A query's variables and rows.
pub type Rows = (Vec<Variable>, Vec<QuerySolution>);

/// What a store answers, embedded or remote: SPARQL queries, the quads of a
/// pattern and the names of its graphs. Everything that reads the graph reads
/// it through this.
pub trait Read: Sync {
    /// Where the store is, for messages.
    fn location(&self) -> String;

    /// Evaluates a query of any form (`origin` names it in errors).
    fn query(&self, origin: &str, sparql: &str) -> Result<QueryResults<'_>, ReadError>;

    /// The quads with this subject, predicate and graph (each `None`: any),
    /// in no set order.
    fn quads(
        &self,
        subject: Option<NamedNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>, ReadError>;

    /// The names of the store's named graphs, in IRI order.
    fn graph_names(&self) -> Result<Vec<NamedOrBlankNode>, ReadError>;

    /// `limit` subjects of the quads in any graph with this predicate and
    /// object, the first in the store's own order: the same each time on
    /// one store, not always the same on two (an order both would share,
    /// by IRI, costs the embedded store a decoded IRI per quad, and made
    /// the report three to sixteen times slower at 10,000 articles).
    fn first_subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: &Term,
        limit: usize,
    ) -> Result<Vec<NamedNode>, ReadError> {
        let q = format!("SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s {predicate} {object} }} }} LIMIT {limit}");
        Ok(self
            .select_rows("the first subjects of a pattern", &q)?
            .1
            .into_iter()
            .filter_map(|r| match r.get("s") {
                Some(Term::NamedNode(n)) => Some(n.clone()),
                _ => None,
            })
            .collect())
    }

    /// The variables and rows of a SELECT query.
    fn select_rows(&self, name: &str, sparql: &str) -> Result<Rows, ReadError> {
        let err = |m: String| ReadError::Query { name: name.to_string(), message: m };
        match self.query(name, sparql)? {
            QueryResults::Solutions(sols) => {
                let vars = sols.variables().to_vec();
                let rows = sols.map(|s| s.map_err(|e| err(e.to_string()))).collect::<Result<_, _>>()?;
                Ok((vars, rows))
            }
            _ => Err(err("not a SELECT query".into())),
        }
    }
}

/// Runs a named SELECT query on the store and returns its rows.
pub fn select(store: &dyn Read, q: NamedQuery) -> Result<Vec<QuerySolution>, ReadError> {
    Ok(store.select_rows(q.name, q.sparql)?.1)
}

/// Runs a named SELECT query with `?var` bound to an IRI, written into the
/// query's text: bound first (so the variable is in the results) and in
/// place of `?var` in the patterns that read `pred ?var ;`, so that the
/// planner starts from it. A variable bound from outside, as `isnad query
/// --bind` does it, does not steer the join order: the claims of one speaker
/// took 13 s on a 10k store that way, 2 s with the IRI in the text.
pub fn select_with_iri(
    store: &dyn Read,
    q: NamedQuery,
    var: &str,
    iri: &NamedNode,
) -> Result<Vec<QuerySolution>, ReadError> {
    let sparql = match q.sparql.split_once("WHERE {") {
        Some((head, body)) => {
            let body = body.replace(&format!(" ?{var} ;"), &format!(" {iri} ;"));
            format!("{head}WHERE {{\n  BIND({iri} AS ?{var})\n{body}")
        }
        None => q.sparql.to_string(),
    };
    Ok(store.select_rows(q.name, &sparql)?.1)
}

/// Runs a named SELECT query from the given IRIs for `?var`, written into
/// the query's text as the VALUES its pattern starts from.
pub fn select_with_values(
    store: &dyn Read,
    q: NamedQuery,
    var: &str,
    iris: &[NamedNode],
) -> Result<Vec<QuerySolution>, ReadError> {
    let sparql = match q.sparql.split_once("WHERE {") {
        Some((head, body)) => {
            let values: Vec<String> = iris.iter().map(|i| i.to_string()).collect();
            format!(
                "{head}WHERE {{
  VALUES ?{var} {{ {} }}
{body}",
                values.join(" ")
            )
        }
        None => q.sparql.to_string(),
    };
    Ok(store.select_rows(q.name, &sparql)?.1)
}

/// The value of a literal or IRI, or None.
pub fn value(s: &QuerySolution, var: &str) -> Option<String> {
    match s.get(var)? {
        Term::Literal(l) => Some(l.value().to_string()),
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        t => Some(t.to_string()),
    }
    .filter(|v| !v.is_empty())
}

/// A count or offset of a row, 0 when unbound or not a number.
pub fn number(s: &QuerySolution, var: &str) -> usize {
    value(s, var).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The value of a term as the exports show it: a literal's lexical form, an
/// IRI as written.
pub fn term_value(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}
