//! Tables for analysts: the store's articles, actors, mentions, claims,
//! claim targets, relations and figures as typed rows, written as Apache
//! Parquet, CSV or (for mentions, claims and relations) the JSON Lines
//! exports. A read-side stage beside the exports.
//!
//! The rows are what the export queries of `queries/` give, row for row
//! ([`rows`] derives them from an article graph's quads the way each query
//! joins them, and from an extraction the same rows without its quads).
//! Reading them back through SPARQL costs minutes on a large store, so the
//! build keeps them as it writes each article graph: Parquet
//! segments beside the store with a manifest naming the segment that holds
//! each article's rows ([`kept`]). An export reads the segments, joins the
//! actors' descriptions, sorts and writes. When the kept rows cannot be
//! trusted (no manifest, a store written since by another tool or an older
//! isnad) the rows are read from the store's article graphs instead, and the
//! reader is told.

pub mod kept;
mod out;
pub mod rows;
mod views;

use std::collections::HashMap;

use oxigraph::model::NamedNode;

use crate::rdf;
use crate::store::cache::Cache;
use crate::store::records::ActorObject;
use crate::store::{Read, ReadError, value};

pub use kept::{Keeper, Kept, Origin};
pub use out::{
    ActorRow, ArticleRow, ClaimRow, FigureRow, Lines, MentionRow, RelationRow, TargetRow, write_all, write_lines,
    write_table,
};

/// A table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per article.
    Articles,
    /// One row per mentioned actor or place.
    Actors,
    /// One row per mention of an actor or place.
    Mentions,
    /// One row per claim.
    Claims,
    /// One row per actor or place a claim's content names.
    ClaimTargets,
    /// One row per piece of relation evidence.
    Relations,
    /// One row per number of people a claim gives.
    Figures,
}

impl Table {
    /// Every table.
    pub const ALL: [Table; 7] = [
        Table::Articles,
        Table::Actors,
        Table::Mentions,
        Table::Claims,
        Table::ClaimTargets,
        Table::Relations,
        Table::Figures,
    ];

    /// The table's name, as files and `--format` give it.
    pub const fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Actors => "actors",
            Table::Mentions => "mentions",
            Table::Claims => "claims",
            Table::ClaimTargets => "claim_targets",
            Table::Relations => "relations",
            Table::Figures => "figures",
        }
    }

    /// The name in a format's name (`claim-targets-csv`).
    pub fn dashed(self) -> String {
        self.name().replace('_', "-")
    }
}

/// The file formats of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableFormat {
    /// Apache Parquet: typed columns, dictionary encoding, Snappy compression.
    Parquet,
    /// CSV (RFC 4180), UTF-8, a header line.
    Csv,
}

impl TableFormat {
    /// Both.
    pub const ALL: [TableFormat; 2] = [TableFormat::Parquet, TableFormat::Csv];

    /// The name, which is also the file extension.
    pub const fn name(self) -> &'static str {
        match self {
            TableFormat::Parquet => "parquet",
            TableFormat::Csv => "csv",
        }
    }
}

/// The descriptions tables join in: actors (by IRI, with the affiliation's
/// IRI), claim types and relation kinds.
#[derive(Debug, Default)]
pub struct Descriptions {
    /// Every described actor and place.
    pub actors: HashMap<String, (ActorObject, Option<String>)>,
    /// Actors rows name that no description does: their IRI alone.
    pub bare: HashMap<String, ActorObject>,
    /// A claim type's id, CAMEO root code and Goldstein weight, by IRI.
    pub claim_types: HashMap<String, (String, String, f64)>,
    /// A relation kind's id, by IRI.
    pub kinds: HashMap<String, String>,
}

impl Descriptions {
    /// Reads the descriptions: the actors from the kept results of
    /// `actor-descriptions.rq` when the cache has them, the given claim types
    /// and relation kinds (IRIs) by point lookups.
    pub fn read<'a>(
        store: &dyn Read,
        cache: &Cache,
        claim_types: impl IntoIterator<Item = &'a str>,
        kinds: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, ReadError> {
        let actors = cache
            .select(store, crate::queries::ACTOR_DESCRIPTIONS)?
            .iter()
            .map(|s| (value(s, "actor").unwrap_or_default(), (ActorObject::from_row(s), value(s, "affiliation"))))
            .collect();
        let mut claim_types_found = HashMap::new();
        for t in claim_types.into_iter().collect::<std::collections::BTreeSet<_>>() {
            // The OPTIONAL group of export-claims.rq: all three or nothing.
            if let (Some(id), Some(cameo), Some(g)) =
                (first_value(store, t, "id")?, first_value(store, t, "cameoRoot")?, first_value(store, t, "goldstein")?)
            {
                claim_types_found.insert(t.to_string(), (id, cameo, g.parse().unwrap_or(0.0)));
            }
        }
        let mut kinds_found = HashMap::new();
        for k in kinds.into_iter().collect::<std::collections::BTreeSet<_>>() {
            if let Some(id) = first_value(store, k, "id")? {
                kinds_found.insert(k.to_string(), id);
            }
        }
        Ok(Descriptions { actors, bare: HashMap::new(), claim_types: claim_types_found, kinds: kinds_found })
    }

    /// Makes a bare actor (its IRI alone) for each of these IRIs that no
    /// description names, so that [`Descriptions::actor`] finds it.
    pub fn add_bare<'a>(&mut self, iris: impl IntoIterator<Item = &'a str>) {
        for iri in iris {
            if !self.actors.contains_key(iri) && !self.bare.contains_key(iri) {
                self.bare.insert(iri.to_string(), ActorObject::bare(iri));
            }
        }
    }

    /// An actor as the exports show it: its description, or its IRI alone
    /// (when [`Descriptions::add_bare`] was given it; else an empty actor).
    pub fn actor(&self, iri: &str) -> &ActorObject {
        static NONE: std::sync::OnceLock<ActorObject> = std::sync::OnceLock::new();
        self.actors
            .get(iri)
            .map(|(a, _)| a)
            .or_else(|| self.bare.get(iri))
            .unwrap_or_else(|| NONE.get_or_init(|| ActorObject::bare("")))
    }
}

/// The least value of an isnad property of a subject in any graph, as a
/// string (a lookup on the store's subject index).
fn first_value(store: &dyn Read, subject: &str, property: &str) -> Result<Option<String>, ReadError> {
    let Ok(s) = NamedNode::new(subject) else { return Ok(None) };
    let p = rdf::isnad(property);
    let mut found: Option<String> = None;
    for q in store.quads(Some(s.as_ref()), Some(p.as_ref()), None)? {
        let v = crate::store::term_value(&q.object);
        if found.as_ref().is_none_or(|f| v < *f) {
            found = Some(v);
        }
    }
    Ok(found)
}
