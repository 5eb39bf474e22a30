//! The typed rows the outputs start from, read through [`Read`]: actors as
//! the JSON exports show them, and the mention, claim and relation records
//! that `isnad eval`, the report and the serve pages use.

use std::collections::HashMap;

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QuerySolution;
use serde::Serialize;

use super::cache::Cache;
use super::{Read, ReadError, number, select, select_with_iri, select_with_values, value};
use crate::queries;
use crate::rdf;

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
pub fn mention_records(store: &dyn Read) -> Result<Vec<MentionRecord>, ReadError> {
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
pub fn relation_records(store: &dyn Read, cache: &Cache) -> Result<Vec<RelationRecord>, ReadError> {
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
pub fn actor_objects(store: &dyn Read, cache: &Cache) -> Result<HashMap<String, ActorObject>, ReadError> {
    Ok(cache
        .select(store, queries::ACTOR_DESCRIPTIONS)?
        .iter()
        .map(|s| (value(s, "actor").unwrap_or_default(), ActorObject::from_row(s)))
        .collect())
}

/// Every claim in the store, in article then offset order.
pub fn claim_records(store: &dyn Read, cache: &Cache) -> Result<Vec<ClaimRecord>, ReadError> {
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
    store: &dyn Read,
    claims: impl IntoIterator<Item = &'a NamedNode>,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), ReadError> {
    let target = rdf::isnad("target");
    for claim in claims {
        for q in store.quads(Some(claim.as_ref()), Some(target.as_ref()), None)? {
            if let Term::NamedNode(t) = q.object {
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
pub fn claim_records_by(store: &dyn Read, cache: &Cache, which: Claims<'_>) -> Result<Vec<ClaimRecord>, ReadError> {
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
