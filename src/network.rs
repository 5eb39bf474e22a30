//! The signed actor network, read from the store: one node per actor that
//! takes part in a relation, one edge per (source, target, kind) with its
//! evidence counted and its first and last dates. Feeds the GraphML export
//! (and the analysis).

use std::collections::BTreeMap;

use oxigraph::store::Store;

use crate::export::{ActorObject, ExportError, relation_records};

/// An aggregated edge.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Source actor id.
    pub source: String,
    /// Target actor id.
    pub target: String,
    /// Relation kind.
    pub kind: String,
    /// +1, 0 or -1.
    pub sign: i8,
    /// Goldstein weight of the kind.
    pub weight: f64,
    /// Pieces of evidence.
    pub count: usize,
    /// Earliest article date among the evidence, if any is dated.
    pub first: Option<String>,
    /// Latest article date.
    pub last: Option<String>,
    /// The date of each dated piece of evidence.
    pub dates: Vec<String>,
}

/// The network: nodes by id, edges sorted by (source, target, kind).
#[derive(Debug, Clone, Default)]
pub struct Network {
    /// Actors taking part in at least one relation.
    pub nodes: BTreeMap<String, ActorObject>,
    /// Aggregated edges.
    pub edges: Vec<Edge>,
}

/// Reads the network from the store (the relations the export gives: a
/// speaker's edges at the level of the state it acts for).
pub fn read_network(store: &Store) -> Result<Network, ExportError> {
    let mut net = Network::default();
    let mut edges: BTreeMap<(String, String, String), Edge> = BTreeMap::new();
    for r in relation_records(store)? {
        net.nodes.entry(r.source.id.clone()).or_insert_with(|| r.source.clone());
        net.nodes.entry(r.target.id.clone()).or_insert_with(|| r.target.clone());
        let e = edges.entry((r.source.id.clone(), r.target.id.clone(), r.kind.clone())).or_insert_with(|| Edge {
            source: r.source.id.clone(),
            target: r.target.id.clone(),
            kind: r.kind.clone(),
            sign: r.sign,
            weight: r.weight,
            count: 0,
            first: None,
            last: None,
            dates: Vec::new(),
        });
        e.count += 1;
        if let Some(d) = &r.date {
            e.dates.push(d.clone());
            if e.first.as_ref().is_none_or(|f| d < f) {
                e.first = Some(d.clone());
            }
            if e.last.as_ref().is_none_or(|l| d > l) {
                e.last = Some(d.clone());
            }
        }
    }
    net.edges = edges.into_values().collect();
    Ok(net)
}
