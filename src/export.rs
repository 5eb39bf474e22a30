//! Exports read from the store: RDF dumps and JSON Lines. Last stage.
//!
//! The JSON Lines exports are the rows of the queries in `queries/`, so they
//! say exactly what the store says. N-Quads come out graph by graph in IRI
//! order, each graph's lines sorted, so that two builds of one corpus give
//! byte-identical dumps while only one graph at a time is held in memory.

use std::collections::HashSet;
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Triple};

use crate::rdf;
use crate::store::cache::Cache;
use crate::store::{Read, ReadError};
use crate::tables::{Kept, Table, TableFormat};

/// The formats of `isnad export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// N-Quads, every graph, sorted lines.
    NQuads,
    /// TriG, every graph.
    TriG,
    /// Turtle: the triples of every graph together, graph names dropped.
    Turtle,
    /// One JSON object per mention.
    MentionsJsonl,
    /// One JSON object per claim.
    ClaimsJsonl,
    /// One JSON object per piece of relation evidence.
    RelationsJsonl,
    /// The signed actor network as GraphML.
    GraphMl,
    /// The signed actor network as dynamic GEXF, for Gephi's timeline.
    Gexf,
    /// One table, as Parquet or CSV.
    Table(Table, TableFormat),
    /// Every table, as Parquet or CSV files in a directory.
    Tables(TableFormat),
}

impl ExportFormat {
    /// The formats that are not tables.
    const GRAPHS: [ExportFormat; 8] = [
        ExportFormat::NQuads,
        ExportFormat::TriG,
        ExportFormat::Turtle,
        ExportFormat::MentionsJsonl,
        ExportFormat::ClaimsJsonl,
        ExportFormat::RelationsJsonl,
        ExportFormat::GraphMl,
        ExportFormat::Gexf,
    ];

    /// Every format.
    pub fn all() -> Vec<ExportFormat> {
        let mut all = Self::GRAPHS.to_vec();
        for f in TableFormat::ALL {
            all.extend(Table::ALL.iter().map(|t| ExportFormat::Table(*t, f)));
        }
        all.extend(TableFormat::ALL.map(ExportFormat::Tables));
        all
    }

    /// The name used by `--format`.
    ///
    /// ```
    /// use isnad::export::ExportFormat;
    /// use isnad::tables::{Table, TableFormat};
    /// assert_eq!(ExportFormat::NQuads.name(), "nquads");
    /// assert_eq!(ExportFormat::Table(Table::ClaimTargets, TableFormat::Csv).name(), "claim-targets-csv");
    /// assert_eq!(ExportFormat::Tables(TableFormat::Parquet).name(), "parquet");
    /// ```
    pub fn name(self) -> String {
        match self {
            ExportFormat::NQuads => "nquads".into(),
            ExportFormat::TriG => "trig".into(),
            ExportFormat::Turtle => "turtle".into(),
            ExportFormat::MentionsJsonl => "mentions-jsonl".into(),
            ExportFormat::ClaimsJsonl => "claims-jsonl".into(),
            ExportFormat::RelationsJsonl => "relations-jsonl".into(),
            ExportFormat::GraphMl => "graphml".into(),
            ExportFormat::Gexf => "gexf".into(),
            ExportFormat::Table(t, f) => format!("{}-{}", t.dashed(), f.name()),
            ExportFormat::Tables(f) => f.name().into(),
        }
    }

    /// The usual file extension (none for a directory of tables).
    pub const fn file_extension(self) -> &'static str {
        match self {
            ExportFormat::NQuads => "nq",
            ExportFormat::TriG => "trig",
            ExportFormat::Turtle => "ttl",
            ExportFormat::MentionsJsonl | ExportFormat::ClaimsJsonl | ExportFormat::RelationsJsonl => "jsonl",
            ExportFormat::GraphMl => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Table(_, f) => f.name(),
            ExportFormat::Tables(_) => "",
        }
    }

    /// A format by name.
    pub fn from_name(s: &str) -> Option<Self> {
        Self::all().into_iter().find(|f| f.name() == s)
    }

    /// A format from a file's name: its extension (`.jsonl` means
    /// mentions), and for a table its stem (`claims.parquet`,
    /// `claim_targets.csv`).
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let stem = path.file_stem().and_then(|e| e.to_str()).unwrap_or("");
        if let Some(f) = TableFormat::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(ext)) {
            let t = Table::ALL.into_iter().find(|t| t.name() == stem || t.dashed() == stem)?;
            return Some(ExportFormat::Table(t, f));
        }
        Self::GRAPHS.into_iter().find(|f| f.file_extension().eq_ignore_ascii_case(ext))
    }
}

fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (p, iri) in rdf::PREFIXES {
        s = s.with_prefix(p, iri).expect("the prefixes are valid IRIs");
    }
    s
}

/// Writes the export of the whole store in `format`. The network formats
/// read the network from `cache` when it holds it; the JSON Lines and
/// table formats read the rows `kept` with the store (or the store's graphs
/// when they are not valid). [`ExportFormat::Tables`] names a directory, not
/// one stream: see [`crate::tables::write_all`].
pub fn export(
    store: &dyn Read,
    cache: &Cache,
    kept: &Kept,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ReadError> {
    match format {
        ExportFormat::NQuads => {
            let mut graphs: Vec<GraphName> = vec![GraphName::DefaultGraph];
            graphs.extend(store.graph_names()?.into_iter().map(GraphName::from));
            for g in &graphs {
                let mut lines = Vec::new();
                for q in store.quads(None, None, Some(g.as_ref()))? {
                    lines.push(q.to_string());
                }
                lines.sort_unstable();
                for l in lines {
                    writeln!(out, "{l} .")?;
                }
            }
        }
        ExportFormat::TriG => {
            let mut w = serializer(RdfFormat::TriG).for_writer(&mut *out);
            for g in store.graph_names()? {
                let gref: GraphNameRef<'_> = match &g {
                    NamedOrBlankNode::NamedNode(n) => n.as_ref().into(),
                    NamedOrBlankNode::BlankNode(b) => b.as_ref().into(),
                };
                let mut quads = store.quads(None, None, Some(gref))?;
                quads.sort_by_cached_key(|q| q.to_string());
                for q in &quads {
                    w.serialize_quad(q)?;
                }
            }
            w.finish()?;
        }
        ExportFormat::Turtle => {
            let mut seen: HashSet<Triple> = HashSet::new();
            let mut triples = Vec::new();
            let mut graphs: Vec<GraphName> = vec![GraphName::DefaultGraph];
            graphs.extend(store.graph_names()?.into_iter().map(GraphName::from));
            for g in &graphs {
                for q in store.quads(None, None, Some(g.as_ref()))? {
                    let t = Triple::from(q);
                    if seen.insert(t.clone()) {
                        triples.push(t);
                    }
                }
            }
            triples.sort_by_cached_key(|t| t.to_string());
            let mut w = serializer(RdfFormat::Turtle).for_writer(&mut *out);
            for t in &triples {
                w.serialize_triple(t)?;
            }
            w.finish()?;
        }
        ExportFormat::MentionsJsonl => {
            crate::tables::write_lines(store, cache, kept, crate::tables::Lines::Mentions, out)?;
        }
        ExportFormat::Gexf => {
            let net = crate::network::read_network(store, cache)?;
            crate::network::gexf::write_gexf(&net, out)?;
        }
        ExportFormat::GraphMl => {
            let net = crate::network::read_network(store, cache)?;
            crate::network::graphml::write_graphml(&net, out)?;
        }
        ExportFormat::RelationsJsonl => {
            crate::tables::write_lines(store, cache, kept, crate::tables::Lines::Relations, out)?;
        }
        ExportFormat::ClaimsJsonl => {
            crate::tables::write_lines(store, cache, kept, crate::tables::Lines::Claims, out)?;
        }
        ExportFormat::Table(t, f) => {
            crate::tables::write_table(store, cache, kept, t, f, out)?;
        }
        ExportFormat::Tables(f) => {
            return Err(ReadError::Query {
                name: "tables".into(),
                message: format!("`{}` writes a directory of tables; give --output DIR", f.name()),
            });
        }
    }
    out.flush()?;
    Ok(())
}
