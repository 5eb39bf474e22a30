//! The tables as written: the kept rows joined with the descriptions of
//! actors, claim types and relation kinds, sorted, and serialized as
//! Parquet, CSV or JSON Lines.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_schema::{DataType, Field, FieldRef, Schema};
use oxigraph::store::Store;
use parquet::arrow::ArrowWriter;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_arrow::schema::{SchemaLike, TracingOptions};

use super::kept::{Kept, KeptError, Origin};
use super::rows::{ArticleRaw, ClaimRaw, FigureRaw, MentionRaw, RelationRaw, TargetRaw};
use super::{Descriptions, Table, TableFormat};
use crate::cache::Cache;
use crate::export::{ActorObject, ClaimRecord, ExportError, MentionRecord, RelationRecord, SpeakerObject};

/// One row of the `articles` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    /// Source name.
    pub article: String,
    /// The article's IRI.
    pub iri: String,
    /// Publication date.
    pub published: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Headline.
    pub headline: Option<String>,
    /// Length of the text, code points.
    pub characters: i64,
    /// Sentences.
    pub sentences: i64,
    /// Spans naming an actor or place.
    pub mentions: i64,
}

/// One row of the `actors` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow {
    /// Stable id.
    pub id: String,
    /// IRI.
    pub iri: String,
    /// Type name.
    #[serde(rename = "type")]
    pub kind: String,
    /// Arabic label.
    pub label_ar: String,
    /// English label.
    pub label_en: Option<String>,
    /// Wikidata QID.
    pub wikidata: Option<String>,
    /// The id of the body it speaks for, when it is a person or office.
    pub affiliation: Option<String>,
    /// Spans naming it.
    pub mentions: i64,
}

/// One row of the `mentions` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow {
    /// Source name.
    pub article: String,
    /// Start, code points.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The words as written.
    pub surface: String,
    /// The actor's id.
    pub actor_id: String,
    /// Its IRI.
    pub actor_iri: String,
    /// Its Arabic label.
    pub actor_label_ar: String,
    /// Its English label.
    pub actor_label_en: Option<String>,
    /// Its type.
    pub actor_type: String,
    /// Its Wikidata QID.
    pub actor_wikidata: Option<String>,
}

/// One row of the `claims` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRow {
    /// The claim's IRI (the key of `claim_targets`).
    pub claim: String,
    /// Source name.
    pub article: String,
    /// Start of the claim's span.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The speaker's id.
    pub speaker_id: String,
    /// Its IRI.
    pub speaker_iri: String,
    /// Its Arabic label.
    pub speaker_label_ar: String,
    /// Its English label.
    pub speaker_label_en: Option<String>,
    /// Its type.
    pub speaker_type: String,
    /// Its Wikidata QID.
    pub speaker_wikidata: Option<String>,
    /// The words naming the speaker; empty when implicit.
    pub speaker_surface: String,
    /// The reporting word.
    pub verb: String,
    /// Claim type.
    #[serde(rename = "type")]
    pub claim_type: String,
    /// CAMEO root code.
    pub cameo: String,
    /// Goldstein weight.
    pub goldstein: f64,
    /// Quoted words.
    pub direct_quote: bool,
    /// The content.
    pub content: String,
    /// How many actors and places the content names (rows of `claim_targets`).
    pub targets: i64,
    /// The claim's sentence.
    pub sentence: String,
}

/// One row of the `claim_targets` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    /// The claim's IRI.
    pub claim: String,
    /// Source name.
    pub article: String,
    /// The target's id.
    pub target_id: String,
    /// Its IRI.
    pub target_iri: String,
    /// Its Arabic label.
    pub target_label_ar: String,
    /// Its English label.
    pub target_label_en: Option<String>,
    /// Its type.
    pub target_type: String,
    /// Its Wikidata QID.
    pub target_wikidata: Option<String>,
}

/// One row of the `relations` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRow {
    /// The relation's IRI.
    pub relation: String,
    /// Source name.
    pub article: String,
    /// Start of the evidence sentence.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The source actor's id.
    pub source_id: String,
    /// Its IRI.
    pub source_iri: String,
    /// Its Arabic label.
    pub source_label_ar: String,
    /// Its English label.
    pub source_label_en: Option<String>,
    /// Its type.
    pub source_type: String,
    /// Its Wikidata QID.
    pub source_wikidata: Option<String>,
    /// The target actor's id.
    pub target_id: String,
    /// Its IRI.
    pub target_iri: String,
    /// Its Arabic label.
    pub target_label_ar: String,
    /// Its English label.
    pub target_label_en: Option<String>,
    /// Its type.
    pub target_type: String,
    /// Its Wikidata QID.
    pub target_wikidata: Option<String>,
    /// Kind.
    pub kind: String,
    /// +1, 0 or -1.
    pub sign: i8,
    /// Goldstein weight of the kind.
    pub weight: f64,
    /// The date its sentence names, else the article's.
    pub date: Option<String>,
    /// A speaker's relation rolled up to the state it acts for.
    pub rollup: bool,
}

/// One row of the `figures` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    /// The claim's IRI.
    pub claim: String,
    /// Source name.
    pub article: String,
    /// The article's publication date.
    pub published: Option<String>,
    /// The speaker's id.
    pub speaker_id: String,
    /// Its IRI.
    pub speaker_iri: String,
    /// Its Arabic label.
    pub speaker_label_ar: String,
    /// Its English label.
    pub speaker_label_en: Option<String>,
    /// Its type.
    pub speaker_type: String,
    /// What is counted: killed, wounded, displaced, …
    pub counts: String,
    /// How many.
    pub count: i64,
    /// The words giving the number.
    pub surface: String,
}

fn empty_none(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.is_empty())
}

/// The rows of every kind a table needs, and where they came from.
struct Source<'a> {
    store: &'a Store,
    cache: &'a Cache,
    kept: &'a Kept,
    origin: Origin,
}

impl Source<'_> {
    fn read<T: super::kept::Kind>(&mut self) -> Result<Vec<T>, ExportError> {
        let (rows, origin) = self.kept.read::<T>(self.store).map_err(kept_error)?;
        if origin == Origin::Store {
            self.origin = Origin::Store;
        }
        Ok(rows)
    }

    fn descriptions(&self, claims: &[ClaimRaw], relations: &[RelationRaw]) -> Result<Descriptions, ExportError> {
        Descriptions::read(
            self.store,
            self.cache,
            claims.iter().map(|c| c.claim_type.as_str()),
            relations.iter().map(|r| r.kind.as_str()),
        )
    }
}

fn kept_error(e: KeptError) -> ExportError {
    match e {
        KeptError::Storage(s) => ExportError::Storage(s),
        other => ExportError::Query { name: "tables".into(), message: other.to_string() },
    }
}

fn sort_mentions(rows: Vec<MentionRaw>, d: &Descriptions) -> Vec<(MentionRaw, ActorObject)> {
    // export-mentions.rq joins the actor's description: an undescribed
    // actor's mention gives no row.
    let mut out: Vec<(MentionRaw, ActorObject)> =
        rows.iter().filter_map(|m| d.actors.get(&m.actor).map(|(a, _)| (m.clone(), a.clone()))).collect();
    out.sort_by(|(a, x), (b, y)| {
        (&a.article, a.start, std::cmp::Reverse(a.end), &x.id).cmp(&(
            &b.article,
            b.start,
            std::cmp::Reverse(b.end),
            &y.id,
        ))
    });
    out
}

/// Every mention, as `export --format mentions-jsonl` writes them.
pub fn mention_records(store: &Store, cache: &Cache, kept: &Kept) -> Result<(Vec<MentionRecord>, Origin), ExportError> {
    let mut src = Source { store, cache, kept, origin: Origin::Kept };
    let raw: Vec<MentionRaw> = src.read()?;
    let d = src.descriptions(&[], &[])?;
    let out = sort_mentions(raw, &d)
        .into_iter()
        .map(|(m, actor)| MentionRecord {
            article: m.article,
            start: m.start as usize,
            end: m.end as usize,
            surface: m.surface,
            actor,
        })
        .collect();
    Ok((out, src.origin))
}

fn sorted_claims(mut claims: Vec<ClaimRaw>) -> Vec<ClaimRaw> {
    claims.sort_by(|a, b| {
        (&a.article, a.start, a.end, &a.speaker, &a.claim).cmp(&(&b.article, b.start, b.end, &b.speaker, &b.claim))
    });
    claims
}

fn targets_by_claim(mut targets: Vec<TargetRaw>) -> Vec<TargetRaw> {
    targets.sort_by(|a, b| (&a.claim, &a.target).cmp(&(&b.claim, &b.target)));
    targets.dedup_by(|a, b| a.claim == b.claim && a.target == b.target);
    targets
}

fn claim_record(c: ClaimRaw, d: &Descriptions, targets: Vec<ActorObject>) -> ClaimRecord {
    let (claim_type, cameo, goldstein) = d.claim_types.get(&c.claim_type).cloned().unwrap_or_default();
    ClaimRecord {
        article: c.article,
        start: c.start as usize,
        end: c.end as usize,
        speaker: SpeakerObject { actor: d.actor(&c.speaker), surface: c.speaker_surface.unwrap_or_default() },
        verb: c.verb,
        claim_type,
        cameo,
        goldstein,
        direct_quote: c.direct_quote,
        content: c.content,
        targets,
        sentence: c.sentence,
        iri: c.claim,
    }
}

/// Every claim with its targets, as `export --format claims-jsonl` writes them.
pub fn claim_records(store: &Store, cache: &Cache, kept: &Kept) -> Result<(Vec<ClaimRecord>, Origin), ExportError> {
    let mut src = Source { store, cache, kept, origin: Origin::Kept };
    let claims = sorted_claims(src.read()?);
    let targets = targets_by_claim(src.read()?);
    let d = src.descriptions(&claims, &[])?;
    let mut by_claim: HashMap<&str, Vec<ActorObject>> = HashMap::new();
    for t in &targets {
        by_claim.entry(t.claim.as_str()).or_default().push(d.actor(&t.target));
    }
    let out = claims
        .into_iter()
        .map(|c| {
            let ts = by_claim.get(c.claim.as_str()).cloned().unwrap_or_default();
            claim_record(c, &d, ts)
        })
        .collect();
    Ok((out, src.origin))
}

fn sorted_relations(mut rel: Vec<RelationRaw>, d: &Descriptions) -> Vec<(RelationRaw, String)> {
    let mut out: Vec<(RelationRaw, String)> = rel
        .drain(..)
        .map(|r| {
            let kind = d.kinds.get(&r.kind).cloned().unwrap_or_default();
            (r, kind)
        })
        .collect();
    out.sort_by(|(a, ka), (b, kb)| {
        (&a.article, a.start, a.end, &a.source, ka, &a.target, &a.relation).cmp(&(
            &b.article,
            b.start,
            b.end,
            &b.source,
            kb,
            &b.target,
            &b.relation,
        ))
    });
    out
}

/// Every relation evidence, as `export --format relations-jsonl` writes them.
pub fn relation_records(
    store: &Store,
    cache: &Cache,
    kept: &Kept,
) -> Result<(Vec<RelationRecord>, Origin), ExportError> {
    let mut src = Source { store, cache, kept, origin: Origin::Kept };
    let raw: Vec<RelationRaw> = src.read()?;
    let d = src.descriptions(&[], &raw)?;
    let out = sorted_relations(raw, &d)
        .into_iter()
        .map(|(r, kind)| RelationRecord {
            article: r.article,
            start: r.start as usize,
            end: r.end as usize,
            source: d.actor(&r.source),
            target: d.actor(&r.target),
            kind,
            sign: r.sign,
            weight: r.weight,
            date: empty_none(r.date),
            rollup: r.rollup,
        })
        .collect();
    Ok((out, src.origin))
}

/// Writes one table of the store in a format. Returns the rows written and
/// where they came from.
pub fn write_table(
    store: &Store,
    cache: &Cache,
    kept: &Kept,
    table: Table,
    format: TableFormat,
    out: &mut dyn Write,
) -> Result<(usize, Origin), ExportError> {
    let mut src = Source { store, cache, kept, origin: Origin::Kept };
    let n = match table {
        Table::Articles => {
            let mut raw: Vec<ArticleRaw> = src.read()?;
            raw.sort_by(|a, b| (&a.article, &a.iri).cmp(&(&b.article, &b.iri)));
            let rows: Vec<ArticleRow> = raw
                .into_iter()
                .map(|a| ArticleRow {
                    article: a.article,
                    iri: a.iri,
                    published: empty_none(a.published),
                    publisher: empty_none(a.publisher),
                    url: empty_none(a.url),
                    headline: empty_none(a.headline),
                    characters: a.characters.into(),
                    sentences: a.sentences.into(),
                    mentions: a.mentions.into(),
                })
                .collect();
            write_rows(&rows, format, out)?
        }
        Table::Actors => {
            let mentions: Vec<MentionRaw> = src.read()?;
            let d = src.descriptions(&[], &[])?;
            // actors.rq: distinct mentions (spans) per actor, described actors only.
            let mut spans: Vec<(&str, &str, u32, u32)> =
                mentions.iter().map(|m| (m.actor.as_str(), m.key.as_str(), m.start, m.end)).collect();
            spans.sort_unstable();
            spans.dedup();
            let mut counts: HashMap<&str, i64> = HashMap::new();
            for (a, ..) in spans {
                *counts.entry(a).or_default() += 1;
            }
            let mut rows: Vec<ActorRow> = counts
                .into_iter()
                .filter_map(|(iri, n)| {
                    let (a, aff) = d.actors.get(iri)?;
                    let affiliation = aff.as_ref().map(|x| d.actor(x).id);
                    Some(ActorRow {
                        id: a.id.clone(),
                        iri: a.iri.clone(),
                        kind: a.kind.clone(),
                        label_ar: a.label_ar.clone(),
                        label_en: a.label_en.clone(),
                        wikidata: a.wikidata.clone(),
                        affiliation,
                        mentions: n,
                    })
                })
                .collect();
            rows.sort_by(|a, b| {
                (std::cmp::Reverse(a.mentions), &a.id, &a.iri).cmp(&(std::cmp::Reverse(b.mentions), &b.id, &b.iri))
            });
            write_rows(&rows, format, out)?
        }
        Table::Mentions => {
            let raw: Vec<MentionRaw> = src.read()?;
            let d = src.descriptions(&[], &[])?;
            let rows: Vec<MentionRow> = sort_mentions(raw, &d)
                .into_iter()
                .map(|(m, a)| MentionRow {
                    article: m.article,
                    start: m.start.into(),
                    end: m.end.into(),
                    surface: m.surface,
                    actor_id: a.id,
                    actor_iri: a.iri,
                    actor_label_ar: a.label_ar,
                    actor_label_en: a.label_en,
                    actor_type: a.kind,
                    actor_wikidata: a.wikidata,
                })
                .collect();
            write_rows(&rows, format, out)?
        }
        Table::Claims => {
            let claims = sorted_claims(src.read()?);
            let targets = targets_by_claim(src.read()?);
            let d = src.descriptions(&claims, &[])?;
            let mut counts: HashMap<&str, i64> = HashMap::new();
            for t in &targets {
                *counts.entry(t.claim.as_str()).or_default() += 1;
            }
            let rows: Vec<ClaimRow> = claims
                .into_iter()
                .map(|c| {
                    let n = counts.get(c.claim.as_str()).copied().unwrap_or(0);
                    let r = claim_record(c, &d, Vec::new());
                    let s = r.speaker.actor;
                    ClaimRow {
                        claim: r.iri,
                        article: r.article,
                        start: r.start as i64,
                        end: r.end as i64,
                        speaker_id: s.id,
                        speaker_iri: s.iri,
                        speaker_label_ar: s.label_ar,
                        speaker_label_en: s.label_en,
                        speaker_type: s.kind,
                        speaker_wikidata: s.wikidata,
                        speaker_surface: r.speaker.surface,
                        verb: r.verb,
                        claim_type: r.claim_type,
                        cameo: r.cameo,
                        goldstein: r.goldstein,
                        direct_quote: r.direct_quote,
                        content: r.content,
                        targets: n,
                        sentence: r.sentence,
                    }
                })
                .collect();
            write_rows(&rows, format, out)?
        }
        Table::ClaimTargets => {
            let targets = targets_by_claim(src.read()?);
            let articles: Vec<ArticleRaw> = src.read()?;
            let d = src.descriptions(&[], &[])?;
            let names: HashMap<&str, &str> = articles.iter().map(|a| (a.key.as_str(), a.article.as_str())).collect();
            let rows: Vec<TargetRow> = targets
                .iter()
                .map(|t| {
                    let a = d.actor(&t.target);
                    TargetRow {
                        claim: t.claim.clone(),
                        article: names.get(t.key.as_str()).map(|s| s.to_string()).unwrap_or_default(),
                        target_id: a.id,
                        target_iri: a.iri,
                        target_label_ar: a.label_ar,
                        target_label_en: a.label_en,
                        target_type: a.kind,
                        target_wikidata: a.wikidata,
                    }
                })
                .collect();
            write_rows(&rows, format, out)?
        }
        Table::Relations => {
            let raw: Vec<RelationRaw> = src.read()?;
            let d = src.descriptions(&[], &raw)?;
            let rows: Vec<RelationRow> = sorted_relations(raw, &d)
                .into_iter()
                .map(|(r, kind)| {
                    let (s, t) = (d.actor(&r.source), d.actor(&r.target));
                    RelationRow {
                        relation: r.relation,
                        article: r.article,
                        start: r.start.into(),
                        end: r.end.into(),
                        source_id: s.id,
                        source_iri: s.iri,
                        source_label_ar: s.label_ar,
                        source_label_en: s.label_en,
                        source_type: s.kind,
                        source_wikidata: s.wikidata,
                        target_id: t.id,
                        target_iri: t.iri,
                        target_label_ar: t.label_ar,
                        target_label_en: t.label_en,
                        target_type: t.kind,
                        target_wikidata: t.wikidata,
                        kind,
                        sign: r.sign,
                        weight: r.weight,
                        date: empty_none(r.date),
                        rollup: r.rollup,
                    }
                })
                .collect();
            write_rows(&rows, format, out)?
        }
        Table::Figures => {
            let mut raw: Vec<FigureRaw> = src.read()?;
            let d = src.descriptions(&[], &[])?;
            raw.sort_by(|a, b| {
                (&a.article, &a.claim, &a.surface, a.count, &a.counts, &a.speaker)
                    .cmp(&(&b.article, &b.claim, &b.surface, b.count, &b.counts, &b.speaker))
            });
            let rows: Vec<FigureRow> = raw
                .into_iter()
                .map(|f| {
                    let s = d.actor(&f.speaker);
                    FigureRow {
                        claim: f.claim,
                        article: f.article,
                        published: empty_none(f.published),
                        speaker_id: s.id,
                        speaker_iri: s.iri,
                        speaker_label_ar: s.label_ar,
                        speaker_label_en: s.label_en,
                        speaker_type: s.kind,
                        counts: f.counts,
                        count: i64::try_from(f.count).unwrap_or(i64::MAX),
                        surface: f.surface,
                    }
                })
                .collect();
            write_rows(&rows, format, out)?
        }
    };
    Ok((n, src.origin))
}

/// The Arrow columns of a row type: strings as Utf8, the date columns
/// (`published`, `date`) as Date32.
fn arrow_fields<T: Serialize + DeserializeOwned>() -> Vec<FieldRef> {
    Vec::<FieldRef>::from_type::<T>(TracingOptions::default().strings_as_large_utf8(false))
        .expect("the table row types map to Arrow")
        .into_iter()
        .map(|f| {
            if matches!(f.name().as_str(), "published" | "date") {
                Arc::new(Field::new(f.name(), DataType::Date32, f.is_nullable()))
            } else {
                f
            }
        })
        .collect()
}

/// Rows per record batch (and Parquet row group).
const CHUNK: usize = 64 * 1024;

fn write_rows<T: Serialize + DeserializeOwned>(
    rows: &[T],
    format: TableFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let fields = arrow_fields::<T>();
    let err = |m: String| ExportError::Query { name: "tables".into(), message: m };
    match format {
        TableFormat::Parquet => {
            // ArrowWriter wants a writer it can own; the file is built in
            // memory (compressed, it is far smaller than the rows).
            let schema = Arc::new(Schema::new(fields.clone()));
            let mut w = ArrowWriter::try_new(Vec::new(), schema, Some(super::kept::writer_properties()))
                .map_err(|e| err(e.to_string()))?;
            for chunk in rows.chunks(CHUNK) {
                let batch = serde_arrow::to_record_batch(&fields, &chunk).map_err(|e| err(e.to_string()))?;
                w.write(&batch).map_err(|e| err(e.to_string()))?;
            }
            let bytes = w.into_inner().map_err(|e| err(e.to_string()))?;
            out.write_all(&bytes)?;
        }
        TableFormat::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *out);
            w.write_record(fields.iter().map(|f| f.name().as_str())).map_err(|e| err(e.to_string()))?;
            for r in rows {
                w.serialize(r).map_err(|e| err(e.to_string()))?;
            }
            w.flush()?;
        }
    }
    Ok(rows.len())
}

/// Writes every table into `dir` as `<table>.<format>`, each file written
/// beside its name and renamed into place when whole. Returns the rows of
/// each table and where they came from.
pub fn write_all(
    store: &Store,
    cache: &Cache,
    kept: &Kept,
    format: TableFormat,
    dir: &Path,
) -> Result<(Vec<(Table, usize)>, Origin), ExportError> {
    std::fs::create_dir_all(dir)?;
    let mut counts = Vec::new();
    let mut origin = Origin::Kept;
    for t in Table::ALL {
        let path = dir.join(format!("{}.{}", t.name(), format.name()));
        let tmp = dir.join(format!(".{}.{}.partial", t.name(), format.name()));
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let (n, o) = write_table(store, cache, kept, t, format, &mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        if o == Origin::Store {
            origin = Origin::Store;
        }
        counts.push((t, n));
    }
    Ok((counts, origin))
}
