//! Exports read from the store: RDF dumps and JSON Lines. Last stage.
//!
//! The JSON Lines exports are the rows of the queries in `queries/`, so they
//! say exactly what the store says. N-Quads come out graph by graph in IRI
//! order, each graph's lines sorted, so that two builds of one corpus give
//! byte-identical dumps while only one graph at a time is held in memory.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;

use crate::cache::Cache;
use crate::queries::{self, NamedQuery};
use crate::rdf;
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

/// Errors of exports and queries.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Storage.
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
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Runs a named SELECT query on the store and returns its rows.
pub fn select(store: &Store, q: NamedQuery) -> Result<Vec<QuerySolution>, ExportError> {
    run_select(store, q.name, q.sparql)
}

/// Runs a named SELECT query with `?var` bound to an IRI, written into the
/// query's text: bound first (so the variable is in the results) and in
/// place of `?var` in the patterns that read `pred ?var ;`, so that the
/// planner starts from it. A variable bound from outside, as `isnad query
/// --bind` does it, does not steer the join order: the claims of one speaker
/// took 13 s on a 10k store that way, 2 s with the IRI in the text.
pub fn select_with_iri(
    store: &Store,
    q: NamedQuery,
    var: &str,
    iri: &NamedNode,
) -> Result<Vec<QuerySolution>, ExportError> {
    let sparql = match q.sparql.split_once("WHERE {") {
        Some((head, body)) => {
            let body = body.replace(&format!(" ?{var} ;"), &format!(" {iri} ;"));
            format!("{head}WHERE {{\n  BIND({iri} AS ?{var})\n{body}")
        }
        None => q.sparql.to_string(),
    };
    run_select(store, q.name, &sparql)
}

/// Runs a named SELECT query from the given IRIs for `?var`, written into
/// the query's text as the VALUES its pattern starts from.
pub fn select_with_values(
    store: &Store,
    q: NamedQuery,
    var: &str,
    iris: &[NamedNode],
) -> Result<Vec<QuerySolution>, ExportError> {
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
    run_select(store, q.name, &sparql)
}

fn run_select(store: &Store, name: &str, sparql: &str) -> Result<Vec<QuerySolution>, ExportError> {
    let err = |m: String| ExportError::Query { name: name.to_string(), message: m };
    let prepared = SparqlEvaluator::new().parse_query(sparql).map_err(|e| err(e.to_string()))?;
    match prepared.on_store(store).execute().map_err(|e| err(e.to_string()))? {
        QueryResults::Solutions(sols) => sols.map(|s| s.map_err(|e| err(e.to_string()))).collect(),
        _ => Err(err("not a SELECT query".into())),
    }
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

/// An actor as every JSON export shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorObject {
    /// Stable id.
    pub id: String,
    /// IRI.
    pub iri: String,
    /// Arabic label.
    pub label_ar: String,
    /// English label, if any.
    pub label_en: Option<String>,
    /// Type name.
    #[serde(rename = "type")]
    pub kind: String,
    /// Wikidata QID, if any.
    pub wikidata: Option<String>,
}

impl ActorObject {
    /// An actor the store does not describe: its id from the IRI, no labels.
    pub fn bare(iri: &str) -> Self {
        ActorObject {
            id: iri.rsplit('/').next().unwrap_or(iri).to_string(),
            iri: iri.to_string(),
            label_ar: String::new(),
            label_en: None,
            kind: String::new(),
            wikidata: None,
        }
    }

    /// From a query row with variables actor, id, type, label_ar, label_en, wikidata.
    pub fn from_row(s: &QuerySolution) -> Self {
        ActorObject {
            iri: value(s, "actor").unwrap_or_default(),
            id: value(s, "id").unwrap_or_default(),
            label_ar: value(s, "label_ar").unwrap_or_default(),
            label_en: value(s, "label_en"),
            kind: value(s, "type").unwrap_or_default(),
            wikidata: value(s, "wikidata"),
        }
    }
}

/// One line of the mentions-jsonl export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRecord {
    /// Source name of the article.
    pub article: String,
    /// Start, code points.
    pub start: usize,
    /// End, exclusive, code points.
    pub end: usize,
    /// The words as written.
    pub surface: String,
    /// The actor.
    pub actor: ActorObject,
}

/// Every mention in the store, in article then offset order (longest
/// first), then actor id.
pub fn mention_records(store: &Store) -> Result<Vec<MentionRecord>, ExportError> {
    let mut out: Vec<MentionRecord> = select(store, queries::EXPORT_MENTIONS)?
        .iter()
        .map(|s| MentionRecord {
            article: value(s, "article").unwrap_or_default(),
            start: number(s, "start"),
            end: number(s, "end"),
            surface: value(s, "surface").unwrap_or_default(),
            actor: ActorObject::from_row(s),
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.article, a.start, std::cmp::Reverse(a.end), &a.actor.id).cmp(&(
            &b.article,
            b.start,
            std::cmp::Reverse(b.end),
            &b.actor.id,
        ))
    });
    Ok(out)
}

/// The speaker of a claim: the actor object plus the words naming it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerObject {
    /// The actor.
    #[serde(flatten)]
    pub actor: ActorObject,
    /// The words naming the speaker in the sentence; empty when implicit.
    pub surface: String,
}

/// One line of the claims-jsonl export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRecord {
    /// Source name of the article.
    pub article: String,
    /// Start of the claim's span, code points.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Who said it.
    pub speaker: SpeakerObject,
    /// The reporting word as written.
    pub verb: String,
    /// Claim type.
    #[serde(rename = "type")]
    pub claim_type: String,
    /// CAMEO root code.
    pub cameo: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// Whether the content holds quoted words.
    pub direct_quote: bool,
    /// The content as written.
    pub content: String,
    /// Actors and places the content names.
    pub targets: Vec<ActorObject>,
    /// The claim's sentence, for reports.
    #[serde(skip)]
    pub sentence: String,
    /// The claim's IRI.
    #[serde(skip)]
    pub iri: String,
}

/// One line of the relations-jsonl export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRecord {
    /// Source name of the article.
    pub article: String,
    /// Start of the evidence, code points.
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// Source actor.
    pub source: ActorObject,
    /// Target actor.
    pub target: ActorObject,
    /// Kind.
    pub kind: String,
    /// +1, 0 or -1.
    pub sign: i8,
    /// Goldstein weight of the kind.
    pub weight: f64,
    /// The article's date, if known.
    pub date: Option<String>,
    /// True when a speaker's relation is rolled up to the state it acts for.
    pub rollup: bool,
}

/// Every relation evidence in the store, in article then offset order.
pub fn relation_records(store: &Store, cache: &Cache) -> Result<Vec<RelationRecord>, ExportError> {
    let actors = actor_objects(store, cache)?;
    let actor = |iri: &str| actors.get(iri).cloned().unwrap_or_else(|| ActorObject::bare(iri));
    Ok(select(store, queries::EXPORT_RELATIONS)?
        .iter()
        .map(|s| RelationRecord {
            article: value(s, "article").unwrap_or_default(),
            start: number(s, "start"),
            end: number(s, "end"),
            source: actor(&value(s, "source").unwrap_or_default()),
            target: actor(&value(s, "target").unwrap_or_default()),
            kind: value(s, "kind").unwrap_or_default(),
            sign: value(s, "sign").and_then(|v| v.parse().ok()).unwrap_or(0),
            weight: value(s, "weight").and_then(|v| v.parse().ok()).unwrap_or(0.0),
            date: value(s, "date"),
            rollup: value(s, "rollup").is_some_and(|v| v == "true"),
        })
        .collect())
}

/// Every described actor by IRI.
pub fn actor_objects(store: &Store, cache: &Cache) -> Result<HashMap<String, ActorObject>, ExportError> {
    Ok(cache
        .select(store, queries::ACTOR_DESCRIPTIONS)?
        .iter()
        .map(|s| (value(s, "actor").unwrap_or_default(), ActorObject::from_row(s)))
        .collect())
}

/// Every claim in the store, in article then offset order.
pub fn claim_records(store: &Store, cache: &Cache) -> Result<Vec<ClaimRecord>, ExportError> {
    claim_records_by(store, cache, Claims::All)
}

/// Which claims to read.
#[derive(Debug, Clone, Copy)]
pub enum Claims<'a> {
    /// Every claim in the store.
    All,
    /// The claims of these speakers (IRIs).
    Of(&'a [String]),
    /// These claims.
    These(&'a [NamedNode]),
}

/// The claims `export-claims.rq` gives, read as many at a time.
const CLAIMS_PER_QUERY: usize = 512;

/// The targets of the given claims, by point lookups.
fn targets_of<'a>(
    store: &Store,
    claims: impl IntoIterator<Item = &'a NamedNode>,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), ExportError> {
    let target = rdf::isnad("target");
    for claim in claims {
        for q in store.quads_for_pattern(Some(claim.as_ref().into()), Some(target.as_ref()), None, None) {
            if let Term::NamedNode(t) = q?.object {
                pairs.push((claim.as_str().to_string(), t.into_string()));
            }
        }
    }
    Ok(())
}

/// The claims asked for, in article then offset order. A speaker's claims
/// are read through the index on `isnad:speaker` (`export-claims.rq` with
/// `?speaker` bound), given claims by `export-claims.rq` with their IRIs as
/// the VALUES it starts from, and the targets of either claim by claim, so a
/// report on a few speakers or claims reads no more of a large store than
/// those.
pub fn claim_records_by(store: &Store, cache: &Cache, which: Claims<'_>) -> Result<Vec<ClaimRecord>, ExportError> {
    let actors = actor_objects(store, cache)?;
    let actor = |iri: &str| actors.get(iri).cloned().unwrap_or_else(|| ActorObject::bare(iri));
    let (mut pairs, rows) = match which {
        Claims::All => {
            let pairs: Vec<(String, String)> = select(store, queries::CLAIM_TARGETS)?
                .iter()
                .map(|s| (value(s, "claim").unwrap_or_default(), value(s, "target").unwrap_or_default()))
                .collect();
            (pairs, select(store, queries::EXPORT_CLAIMS)?)
        }
        Claims::Of(speakers) => {
            let (mut pairs, mut rows) = (Vec::new(), Vec::new());
            for s in speakers {
                let Ok(speaker) = NamedNode::new(s.as_str()) else { continue };
                let found = select_with_iri(store, queries::EXPORT_CLAIMS, "speaker", &speaker)?;
                let claims = found.iter().filter_map(|row| match row.get("claim") {
                    Some(Term::NamedNode(c)) => Some(c),
                    _ => None,
                });
                targets_of(store, claims, &mut pairs)?;
                rows.extend(found);
            }
            (pairs, rows)
        }
        Claims::These(claims) => {
            let (mut pairs, mut rows) = (Vec::new(), Vec::new());
            for chunk in claims.chunks(CLAIMS_PER_QUERY) {
                rows.extend(select_with_values(store, queries::EXPORT_CLAIMS, "claim", chunk)?);
                targets_of(store, chunk, &mut pairs)?;
            }
            (pairs, rows)
        }
    };
    pairs.sort_unstable();
    pairs.dedup();
    let mut targets: HashMap<String, Vec<ActorObject>> = HashMap::new();
    for (c, t) in pairs {
        targets.entry(c).or_default().push(actor(&t));
    }
    let mut records: Vec<ClaimRecord> = rows
        .iter()
        .map(|s| {
            let iri = value(s, "claim").unwrap_or_default();
            ClaimRecord {
                article: value(s, "article").unwrap_or_default(),
                start: number(s, "start"),
                end: number(s, "end"),
                speaker: SpeakerObject {
                    actor: actor(&value(s, "speaker").unwrap_or_default()),
                    surface: value(s, "speaker_surface").unwrap_or_default(),
                },
                verb: value(s, "verb").unwrap_or_default(),
                claim_type: value(s, "type").unwrap_or_default(),
                cameo: value(s, "cameo").unwrap_or_default(),
                goldstein: value(s, "goldstein").and_then(|g| g.parse().ok()).unwrap_or(0.0),
                direct_quote: value(s, "direct_quote").is_some_and(|d| d == "true"),
                content: value(s, "content").unwrap_or_default(),
                targets: targets.get(&iri).cloned().unwrap_or_default(),
                sentence: value(s, "sentence").unwrap_or_default(),
                iri,
            }
        })
        .collect();
    if !matches!(which, Claims::All) {
        // The query's order holds within each query's rows; restore it
        // across them.
        records.sort_by(|a, b| {
            (&a.article, a.start, a.end, &a.speaker.actor.iri, &a.iri).cmp(&(
                &b.article,
                b.start,
                b.end,
                &b.speaker.actor.iri,
                &b.iri,
            ))
        });
    }
    Ok(records)
}

fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format);
    for (p, iri) in rdf::PREFIXES {
        s = s.with_prefix(p, iri).expect("the prefixes are valid IRIs");
    }
    s
}

fn sorted_graphs(store: &Store) -> Result<Vec<NamedOrBlankNode>, ExportError> {
    let mut graphs = store.named_graphs().collect::<Result<Vec<_>, _>>()?;
    graphs.sort_by_key(|a| a.to_string());
    Ok(graphs)
}

/// Writes the export of the whole store in `format`. The network formats
/// read the network from `cache` when it holds it; the JSON Lines and
/// table formats read the rows `kept` with the store (or the store's graphs
/// when they are not valid). [`ExportFormat::Tables`] names a directory, not
/// one stream: see [`crate::tables::write_all`].
pub fn export(
    store: &Store,
    cache: &Cache,
    kept: &Kept,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::NQuads => {
            let mut graphs: Vec<GraphName> = vec![GraphName::DefaultGraph];
            graphs.extend(sorted_graphs(store)?.into_iter().map(GraphName::from));
            for g in &graphs {
                let mut lines = Vec::new();
                for q in store.quads_for_pattern(None, None, None, Some(g.as_ref())) {
                    lines.push(q?.to_string());
                }
                lines.sort_unstable();
                for l in lines {
                    writeln!(out, "{l} .")?;
                }
            }
        }
        ExportFormat::TriG => {
            let mut w = serializer(RdfFormat::TriG).for_writer(&mut *out);
            for g in sorted_graphs(store)? {
                let gref: GraphNameRef<'_> = match &g {
                    NamedOrBlankNode::NamedNode(n) => n.as_ref().into(),
                    NamedOrBlankNode::BlankNode(b) => b.as_ref().into(),
                };
                let mut quads = store.quads_for_pattern(None, None, None, Some(gref)).collect::<Result<Vec<_>, _>>()?;
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
            for q in store.iter() {
                let t = Triple::from(q?);
                if seen.insert(t.clone()) {
                    triples.push(t);
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
            crate::gexf::write_gexf(&net, out)?;
        }
        ExportFormat::GraphMl => {
            let net = crate::network::read_network(store, cache)?;
            crate::graphml::write_graphml(&net, out)?;
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
            return Err(ExportError::Query {
                name: "tables".into(),
                message: format!("`{}` writes a directory of tables; give --output DIR", f.name()),
            });
        }
    }
    out.flush()?;
    Ok(())
}
