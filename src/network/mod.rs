//! The signed actor network, read from the store: one node per actor that
//! takes part in a relation, one edge per (source, target, kind) with its
//! evidence counted and its first and last dates. Feeds the GraphML export
//! (and the analysis).

use std::collections::{BTreeMap, HashMap};

use crate::queries;
use crate::store::cache::Cache;
use crate::store::records::{ActorObject, actor_objects};
use crate::store::{Read, ReadError, value};

pub mod analysis;
pub mod gexf;
pub mod graphml;

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

/// Reads the network from the store (`queries/network.rq`: a speaker's edges
/// at the level of the state it acts for, as the export gives them), or
/// from the results of that query the last build kept in `cache`.
pub fn read_network(store: &dyn Read, cache: &Cache) -> Result<Network, ReadError> {
    let actors = actor_objects(store, cache)?;
    let mut net = Network::default();
    let mut edges: BTreeMap<(String, String, String), Edge> = BTreeMap::new();
    let mut node = |iri: &str| -> String {
        let a = actors.get(iri).cloned().unwrap_or_else(|| ActorObject::bare(iri));
        let id = a.id.clone();
        net.nodes.entry(id.clone()).or_insert(a);
        id
    };
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut id_of = |iri: String| -> String {
        if let Some(id) = ids.get(&iri) {
            return id.clone();
        }
        let id = node(&iri);
        ids.insert(iri, id.clone());
        id
    };
    for row in cache.select(store, queries::NETWORK)? {
        let (Some(s), Some(t), Some(kind)) = (value(&row, "source"), value(&row, "target"), value(&row, "kind")) else {
            continue;
        };
        let (source, target) = (id_of(s), id_of(t));
        let count: usize = value(&row, "count").and_then(|c| c.parse().ok()).unwrap_or(0);
        let e = edges.entry((source.clone(), target.clone(), kind.clone())).or_insert_with(|| Edge {
            source,
            target,
            kind,
            sign: value(&row, "sign").and_then(|v| v.parse().ok()).unwrap_or(0),
            weight: value(&row, "weight").and_then(|v| v.parse().ok()).unwrap_or(0.0),
            count: 0,
            first: None,
            last: None,
            dates: Vec::new(),
        });
        e.count += count;
        if let Some(dates) = value(&row, "dates") {
            e.dates.extend(dates.split(' ').filter(|d| !d.is_empty()).map(str::to_string));
        }
    }
    net.edges = edges.into_values().collect();
    // The dates come in no set order.
    for e in &mut net.edges {
        e.dates.sort_unstable();
        e.first = e.dates.first().cloned();
        e.last = e.dates.last().cloned();
    }
    Ok(net)
}
