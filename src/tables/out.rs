//! The tables as written: the kept rows joined with the descriptions of
//! actors, claim types and relation kinds, sorted, and serialized as
//! Parquet, CSV or JSON Lines. Rows are written as views borrowing the kept
//! rows and the descriptions: a table of millions of rows is held once.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_schema::{DataType, Field, FieldRef, Schema};
use parquet::arrow::ArrowWriter;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_arrow::schema::{SchemaLike, TracingOptions};

use super::kept::{Held, Kept, KeptError, Origin};
use super::rows::{ArticleRaw, ClaimRaw, FigureRaw, MentionRaw, RelationRaw, TargetRaw};
use super::views::{ArticleView, ClaimView, FigureView, MentionView, RelationView, TargetView};
use super::{Descriptions, Table, TableFormat};
use crate::store::cache::Cache;
use crate::store::records::ActorObject;
use crate::store::{Read, ReadError};

/// One row of the `articles` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow<'a> {
    /// Source name.
    pub article: &'a str,
    /// The article's IRI.
    pub iri: &'a str,
    /// Publication date.
    #[serde(borrow)]
    pub published: Option<&'a str>,
    /// Publisher.
    #[serde(borrow)]
    pub publisher: Option<&'a str>,
    /// Where it was published.
    #[serde(borrow)]
    pub url: Option<&'a str>,
    /// Headline.
    #[serde(borrow)]
    pub headline: Option<&'a str>,
    /// Length of the text, code points.
    pub characters: i64,
    /// Sentences.
    pub sentences: i64,
    /// Spans naming an actor or place.
    pub mentions: i64,
}

/// One row of the `actors` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRow<'a> {
    /// Stable id.
    pub id: &'a str,
    /// IRI.
    pub iri: &'a str,
    /// Type name.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Arabic label.
    pub label_ar: &'a str,
    /// English label.
    #[serde(borrow)]
    pub label_en: Option<&'a str>,
    /// Wikidata QID.
    #[serde(borrow)]
    pub wikidata: Option<&'a str>,
    /// The id of the body it speaks for, when it is a person or office.
    #[serde(borrow)]
    pub affiliation: Option<&'a str>,
    /// Spans naming it.
    pub mentions: i64,
}

/// One row of the `mentions` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRow<'a> {
    /// Source name.
    pub article: &'a str,
    /// Start, code points.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The words as written.
    pub surface: &'a str,
    /// The actor's id.
    pub actor_id: &'a str,
    /// Its IRI.
    pub actor_iri: &'a str,
    /// Its Arabic label.
    pub actor_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub actor_label_en: Option<&'a str>,
    /// Its type.
    pub actor_type: &'a str,
    /// Its Wikidata QID.
    #[serde(borrow)]
    pub actor_wikidata: Option<&'a str>,
}

/// One row of the `claims` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRow<'a> {
    /// The claim's IRI (the key of `claim_targets`).
    pub claim: &'a str,
    /// Source name.
    pub article: &'a str,
    /// Start of the claim's span.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The speaker's id.
    pub speaker_id: &'a str,
    /// Its IRI.
    pub speaker_iri: &'a str,
    /// Its Arabic label.
    pub speaker_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub speaker_label_en: Option<&'a str>,
    /// Its type.
    pub speaker_type: &'a str,
    /// Its Wikidata QID.
    #[serde(borrow)]
    pub speaker_wikidata: Option<&'a str>,
    /// The words naming the speaker; empty when implicit.
    pub speaker_surface: &'a str,
    /// The reporting word.
    pub verb: &'a str,
    /// Claim type.
    #[serde(rename = "type")]
    pub claim_type: &'a str,
    /// CAMEO root code.
    pub cameo: &'a str,
    /// Goldstein weight.
    pub goldstein: f64,
    /// Quoted words.
    pub direct_quote: bool,
    /// The content.
    pub content: &'a str,
    /// How many actors and places the content names (rows of `claim_targets`).
    pub targets: i64,
    /// The claim's sentence.
    pub sentence: &'a str,
}

/// One row of the `claim_targets` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow<'a> {
    /// The claim's IRI.
    pub claim: &'a str,
    /// Source name.
    pub article: &'a str,
    /// The target's id.
    pub target_id: &'a str,
    /// Its IRI.
    pub target_iri: &'a str,
    /// Its Arabic label.
    pub target_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub target_label_en: Option<&'a str>,
    /// Its type.
    pub target_type: &'a str,
    /// Its Wikidata QID.
    #[serde(borrow)]
    pub target_wikidata: Option<&'a str>,
}

/// One row of the `relations` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRow<'a> {
    /// The relation's IRI.
    pub relation: &'a str,
    /// Source name.
    pub article: &'a str,
    /// Start of the evidence sentence.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The source actor's id.
    pub source_id: &'a str,
    /// Its IRI.
    pub source_iri: &'a str,
    /// Its Arabic label.
    pub source_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub source_label_en: Option<&'a str>,
    /// Its type.
    pub source_type: &'a str,
    /// Its Wikidata QID.
    #[serde(borrow)]
    pub source_wikidata: Option<&'a str>,
    /// The target actor's id.
    pub target_id: &'a str,
    /// Its IRI.
    pub target_iri: &'a str,
    /// Its Arabic label.
    pub target_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub target_label_en: Option<&'a str>,
    /// Its type.
    pub target_type: &'a str,
    /// Its Wikidata QID.
    #[serde(borrow)]
    pub target_wikidata: Option<&'a str>,
    /// Kind.
    pub kind: &'a str,
    /// +1, 0 or -1.
    pub sign: i8,
    /// Goldstein weight of the kind.
    pub weight: f64,
    /// The date its sentence names, else the article's.
    #[serde(borrow)]
    pub date: Option<&'a str>,
    /// A speaker's relation rolled up to the state it acts for.
    pub rollup: bool,
}

/// One row of the `figures` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow<'a> {
    /// The claim's IRI.
    pub claim: &'a str,
    /// Source name.
    pub article: &'a str,
    /// The article's publication date.
    #[serde(borrow)]
    pub published: Option<&'a str>,
    /// The speaker's id.
    pub speaker_id: &'a str,
    /// Its IRI.
    pub speaker_iri: &'a str,
    /// Its Arabic label.
    pub speaker_label_ar: &'a str,
    /// Its English label.
    #[serde(borrow)]
    pub speaker_label_en: Option<&'a str>,
    /// Its type.
    pub speaker_type: &'a str,
    /// What is counted: killed, wounded, displaced, …
    pub counts: &'a str,
    /// How many.
    pub count: i64,
    /// The words giving the number.
    pub surface: &'a str,
}

/// One line of the mentions-jsonl export (the fields of
/// [`crate::store::records::MentionRecord`], borrowed).
#[derive(Serialize)]
struct MentionLine<'a> {
    article: &'a str,
    start: u32,
    end: u32,
    surface: &'a str,
    actor: &'a ActorObject,
}

/// The speaker of [`ClaimLine`], as [`crate::store::records::SpeakerObject`].
#[derive(Serialize)]
struct SpeakerLine<'a> {
    #[serde(flatten)]
    actor: &'a ActorObject,
    surface: &'a str,
}

/// One line of the claims-jsonl export (the fields of
/// [`crate::store::records::ClaimRecord`], borrowed).
#[derive(Serialize)]
struct ClaimLine<'a> {
    article: &'a str,
    start: u32,
    end: u32,
    speaker: SpeakerLine<'a>,
    verb: &'a str,
    #[serde(rename = "type")]
    claim_type: &'a str,
    cameo: &'a str,
    goldstein: f64,
    direct_quote: bool,
    content: &'a str,
    targets: Vec<&'a ActorObject>,
}

/// One line of the relations-jsonl export (the fields of
/// [`crate::store::records::RelationRecord`], borrowed).
#[derive(Serialize)]
struct RelationLine<'a> {
    article: &'a str,
    start: u32,
    end: u32,
    source: &'a ActorObject,
    target: &'a ActorObject,
    kind: &'a str,
    sign: i8,
    weight: f64,
    date: Option<&'a str>,
    rollup: bool,
}

/// An actor's columns.
struct Cols<'a> {
    id: &'a str,
    iri: &'a str,
    label_ar: &'a str,
    label_en: Option<&'a str>,
    kind: &'a str,
    wikidata: Option<&'a str>,
}

fn cols(a: &ActorObject) -> Cols<'_> {
    Cols {
        id: &a.id,
        iri: &a.iri,
        label_ar: &a.label_ar,
        label_en: a.label_en.as_deref(),
        kind: &a.kind,
        wikidata: a.wikidata.as_deref(),
    }
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|v| !v.is_empty())
}

/// Reads kept rows and notes where they came from.
struct Source<'a> {
    store: &'a dyn Read,
    cache: &'a Cache,
    kept: &'a Kept,
    origin: std::cell::Cell<Origin>,
}

impl Source<'_> {
    fn hold<T: super::kept::Kind>(&self) -> Result<Held<'_, T>, ReadError> {
        let (held, origin) = self.kept.hold::<T>(self.store).map_err(kept_error)?;
        if origin == Origin::Store {
            self.origin.set(Origin::Store);
        }
        Ok(held)
    }

    /// The descriptions, with a bare actor for every IRI of `undescribed`
    /// that no description names.
    fn descriptions<'x>(
        &self,
        claims: &[ClaimView<'_>],
        relations: &[RelationView<'_>],
        undescribed: impl IntoIterator<Item = &'x str>,
    ) -> Result<Descriptions, ReadError> {
        let mut d = Descriptions::read(
            self.store,
            self.cache,
            claims.iter().map(|c| c.claim_type),
            relations.iter().map(|r| r.kind),
        )?;
        d.add_bare(undescribed);
        Ok(d)
    }
}

fn kept_error(e: KeptError) -> ReadError {
    match e {
        KeptError::Storage(s) => ReadError::Storage(s),
        KeptError::Read(e) => e,
        other => ReadError::Query { name: "tables".into(), message: other.to_string() },
    }
}

/// The mentions of described actors (export-mentions.rq joins the
/// description), in article then offset order, longest first, then actor id.
fn sorted_mentions<'a>(
    rows: &'a [MentionView<'a>],
    d: &'a Descriptions,
) -> Vec<(&'a MentionView<'a>, &'a ActorObject)> {
    let mut out: Vec<(&MentionView, &ActorObject)> =
        rows.iter().filter_map(|m| d.actors.get(m.actor).map(|(a, _)| (m, a))).collect();
    out.par_sort_unstable_by(|(a, x), (b, y)| {
        (&a.article, a.start, std::cmp::Reverse(a.end), &x.id, &a.actor).cmp(&(
            &b.article,
            b.start,
            std::cmp::Reverse(b.end),
            &y.id,
            &b.actor,
        ))
    });
    out
}

/// Claims in article, offset, speaker order (export-claims.rq's ORDER BY,
/// then the claim's IRI).
fn sorted_claims<'a>(claims: &'a [ClaimView<'a>]) -> Vec<&'a ClaimView<'a>> {
    let mut out: Vec<&ClaimView> = claims.iter().collect();
    out.par_sort_unstable_by(|a, b| {
        (&a.article, a.start, a.end, &a.speaker, &a.claim).cmp(&(&b.article, b.start, b.end, &b.speaker, &b.claim))
    });
    out
}

/// Targets by claim then target IRI, each pair once.
fn sorted_targets<'a>(targets: &'a [TargetView<'a>]) -> Vec<&'a TargetView<'a>> {
    let mut out: Vec<&TargetView> = targets.iter().collect();
    out.par_sort_unstable_by(|a, b| (&a.claim, &a.target).cmp(&(&b.claim, &b.target)));
    out.dedup_by(|a, b| a.claim == b.claim && a.target == b.target);
    out
}

/// Relations in export-relations.rq's order, with their kind's id.
fn sorted_relations<'a>(rel: &'a [RelationView<'a>], d: &'a Descriptions) -> Vec<(&'a RelationView<'a>, &'a str)> {
    let mut out: Vec<(&RelationView, &str)> =
        rel.iter().map(|r| (r, d.kinds.get(r.kind).map(String::as_str).unwrap_or(""))).collect();
    out.par_sort_unstable_by(|(a, ka), (b, kb)| {
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

fn claim_type<'a>(d: &'a Descriptions, iri: &str) -> (&'a str, &'a str, f64) {
    d.claim_types.get(iri).map(|(t, c, g)| (t.as_str(), c.as_str(), *g)).unwrap_or(("", "", 0.0))
}

/// Writes JSON lines, serialized in parallel chunks and written in order.
fn jsonl<T: Serialize + Sync>(out: &mut dyn Write, lines: &[T]) -> Result<(), ReadError> {
    for group in lines.chunks(CHUNK * rayon::current_num_threads().max(1)) {
        let parts = group
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut buf = Vec::new();
                for l in chunk {
                    serde_json::to_writer(&mut buf, l).map_err(std::io::Error::from)?;
                    buf.push(b'\n');
                }
                Ok(buf)
            })
            .collect::<Result<Vec<Vec<u8>>, std::io::Error>>()?;
        for p in parts {
            out.write_all(&p)?;
        }
    }
    Ok(())
}

/// The JSON Lines exports of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// `mentions-jsonl`.
    Mentions,
    /// `claims-jsonl`.
    Claims,
    /// `relations-jsonl`.
    Relations,
}

/// Writes a JSON Lines export from the kept rows: the same lines, byte for
/// byte, as the export queries' answers give. Returns the lines written and
/// where the rows came from.
pub fn write_lines(
    store: &dyn Read,
    cache: &Cache,
    kept: &Kept,
    which: Lines,
    out: &mut dyn Write,
) -> Result<(usize, Origin), ReadError> {
    let src = Source { store, cache, kept, origin: std::cell::Cell::new(Origin::Kept) };
    let n = match which {
        Lines::Mentions => {
            let raw_held = src.hold::<MentionRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &[], [])?;
            let lines: Vec<MentionLine> = sorted_mentions(&raw, &d)
                .into_iter()
                .map(|(m, actor)| MentionLine {
                    article: m.article,
                    start: m.start,
                    end: m.end,
                    surface: m.surface,
                    actor,
                })
                .collect();
            jsonl(out, &lines)?;
            lines.len()
        }
        Lines::Claims => {
            let raw_held = src.hold::<ClaimRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let targets_held = src.hold::<TargetRaw>()?;
            let targets = targets_held.views().map_err(kept_error)?;
            let d =
                src.descriptions(&raw, &[], raw.iter().map(|c| c.speaker).chain(targets.iter().map(|t| t.target)))?;
            let mut by_claim: HashMap<&str, Vec<&ActorObject>> = HashMap::new();
            for t in sorted_targets(&targets) {
                by_claim.entry(t.claim).or_default().push(d.actor(t.target));
            }
            let lines: Vec<ClaimLine> = sorted_claims(&raw)
                .into_iter()
                .map(|c| {
                    let (claim_type, cameo, goldstein) = claim_type(&d, c.claim_type);
                    ClaimLine {
                        article: c.article,
                        start: c.start,
                        end: c.end,
                        speaker: SpeakerLine { actor: d.actor(c.speaker), surface: c.speaker_surface.unwrap_or("") },
                        verb: c.verb,
                        claim_type,
                        cameo,
                        goldstein,
                        direct_quote: c.direct_quote,
                        content: c.content,
                        targets: by_claim.remove(c.claim).unwrap_or_default(),
                    }
                })
                .collect();
            jsonl(out, &lines)?;
            lines.len()
        }
        Lines::Relations => {
            let raw_held = src.hold::<RelationRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &raw, raw.iter().flat_map(|r| [r.source, r.target]))?;
            let lines: Vec<RelationLine> = sorted_relations(&raw, &d)
                .into_iter()
                .map(|(r, kind)| RelationLine {
                    article: r.article,
                    start: r.start,
                    end: r.end,
                    source: d.actor(r.source),
                    target: d.actor(r.target),
                    kind,
                    sign: r.sign,
                    weight: r.weight,
                    date: nonempty(r.date),
                    rollup: r.rollup,
                })
                .collect();
            jsonl(out, &lines)?;
            lines.len()
        }
    };
    Ok((n, src.origin.get()))
}

/// Writes one table of the store in a format. Returns the rows written and
/// where they came from.
pub fn write_table(
    store: &dyn Read,
    cache: &Cache,
    kept: &Kept,
    table: Table,
    format: TableFormat,
    out: &mut dyn Write,
) -> Result<(usize, Origin), ReadError> {
    let src = Source { store, cache, kept, origin: std::cell::Cell::new(Origin::Kept) };
    let n = match table {
        Table::Articles => {
            let raw_held = src.hold::<ArticleRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let mut sorted: Vec<&ArticleView> = raw.iter().collect();
            sorted.sort_unstable_by(|a, b| (&a.article, &a.iri).cmp(&(&b.article, &b.iri)));
            let rows: Vec<ArticleRow> = sorted
                .into_iter()
                .map(|a| ArticleRow {
                    article: a.article,
                    iri: a.iri,
                    published: nonempty(a.published),
                    publisher: nonempty(a.publisher),
                    url: nonempty(a.url),
                    headline: nonempty(a.headline),
                    characters: a.characters.into(),
                    sentences: a.sentences.into(),
                    mentions: a.mentions.into(),
                })
                .collect();
            write_rows(&rows, fields::<ArticleRow<'static>>(), format, out)?
        }
        Table::Actors => {
            let mentions_held = src.hold::<MentionRaw>()?;
            let mentions = mentions_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &[], [])?;
            // actors.rq: distinct mentions (spans) per described actor.
            let mut spans: Vec<(&str, &str, u32, u32)> =
                mentions.iter().map(|m| (m.actor, m.key, m.start, m.end)).collect();
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
                    Some(ActorRow {
                        id: &a.id,
                        iri: &a.iri,
                        kind: &a.kind,
                        label_ar: &a.label_ar,
                        label_en: a.label_en.as_deref(),
                        wikidata: a.wikidata.as_deref(),
                        affiliation: aff.as_deref().map(|x| {
                            d.actors
                                .get(x)
                                .map(|(o, _)| o.id.as_str())
                                .unwrap_or_else(|| x.rsplit('/').next().unwrap_or(x))
                        }),
                        mentions: n,
                    })
                })
                .collect();
            rows.sort_unstable_by(|a, b| {
                (std::cmp::Reverse(a.mentions), a.id, a.iri).cmp(&(std::cmp::Reverse(b.mentions), b.id, b.iri))
            });
            write_rows(&rows, fields::<ActorRow<'static>>(), format, out)?
        }
        Table::Mentions => {
            let raw_held = src.hold::<MentionRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &[], [])?;
            let rows: Vec<MentionRow> = sorted_mentions(&raw, &d)
                .into_iter()
                .map(|(m, a)| {
                    let a = cols(a);
                    MentionRow {
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
                    }
                })
                .collect();
            write_rows(&rows, fields::<MentionRow<'static>>(), format, out)?
        }
        Table::Claims => {
            let raw_held = src.hold::<ClaimRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let targets_held = src.hold::<TargetRaw>()?;
            let targets = targets_held.views().map_err(kept_error)?;
            let d = src.descriptions(&raw, &[], raw.iter().map(|c| c.speaker))?;
            let mut counts: HashMap<&str, i64> = HashMap::new();
            for t in sorted_targets(&targets) {
                *counts.entry(t.claim).or_default() += 1;
            }
            let rows: Vec<ClaimRow> = sorted_claims(&raw)
                .into_iter()
                .map(|c| {
                    let s = cols(d.actor(c.speaker));
                    let (claim_type, cameo, goldstein) = claim_type(&d, c.claim_type);
                    ClaimRow {
                        claim: c.claim,
                        article: c.article,
                        start: c.start.into(),
                        end: c.end.into(),
                        speaker_id: s.id,
                        speaker_iri: s.iri,
                        speaker_label_ar: s.label_ar,
                        speaker_label_en: s.label_en,
                        speaker_type: s.kind,
                        speaker_wikidata: s.wikidata,
                        speaker_surface: c.speaker_surface.unwrap_or(""),
                        verb: c.verb,
                        claim_type,
                        cameo,
                        goldstein,
                        direct_quote: c.direct_quote,
                        content: c.content,
                        targets: counts.get(c.claim).copied().unwrap_or(0),
                        sentence: c.sentence,
                    }
                })
                .collect();
            write_rows(&rows, fields::<ClaimRow<'static>>(), format, out)?
        }
        Table::ClaimTargets => {
            let targets_held = src.hold::<TargetRaw>()?;
            let targets = targets_held.views().map_err(kept_error)?;
            let articles_held = src.hold::<ArticleRaw>()?;
            let articles = articles_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &[], targets.iter().map(|t| t.target))?;
            let names: HashMap<&str, &str> = articles.iter().map(|a| (a.key, a.article)).collect();
            let rows: Vec<TargetRow> = sorted_targets(&targets)
                .into_iter()
                .map(|t| {
                    let a = cols(d.actor(t.target));
                    TargetRow {
                        claim: t.claim,
                        article: names.get(t.key).copied().unwrap_or(""),
                        target_id: a.id,
                        target_iri: a.iri,
                        target_label_ar: a.label_ar,
                        target_label_en: a.label_en,
                        target_type: a.kind,
                        target_wikidata: a.wikidata,
                    }
                })
                .collect();
            write_rows(&rows, fields::<TargetRow<'static>>(), format, out)?
        }
        Table::Relations => {
            let raw_held = src.hold::<RelationRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &raw, raw.iter().flat_map(|r| [r.source, r.target]))?;
            let rows: Vec<RelationRow> = sorted_relations(&raw, &d)
                .into_iter()
                .map(|(r, kind)| {
                    let (s, t) = (cols(d.actor(r.source)), cols(d.actor(r.target)));
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
                        date: nonempty(r.date),
                        rollup: r.rollup,
                    }
                })
                .collect();
            write_rows(&rows, fields::<RelationRow<'static>>(), format, out)?
        }
        Table::Figures => {
            let raw_held = src.hold::<FigureRaw>()?;
            let raw = raw_held.views().map_err(kept_error)?;
            let d = src.descriptions(&[], &[], raw.iter().map(|f| f.speaker))?;
            let mut sorted: Vec<&FigureView> = raw.iter().collect();
            sorted.sort_unstable_by(|a, b| {
                (&a.article, &a.claim, &a.surface, a.count, &a.counts, &a.speaker)
                    .cmp(&(&b.article, &b.claim, &b.surface, b.count, &b.counts, &b.speaker))
            });
            let rows: Vec<FigureRow> = sorted
                .into_iter()
                .map(|f| {
                    let s = cols(d.actor(f.speaker));
                    FigureRow {
                        claim: f.claim,
                        article: f.article,
                        published: nonempty(f.published),
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
            write_rows(&rows, fields::<FigureRow<'static>>(), format, out)?
        }
    };
    Ok((n, src.origin.get()))
}

/// The Arrow columns of a row type: strings as Utf8, the date columns
/// (`published`, `date`) as Date32.
fn fields<'de, T: Deserialize<'de>>() -> Vec<FieldRef> {
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

fn write_rows<T: Serialize + Sync>(
    rows: &[T],
    fields: Vec<FieldRef>,
    format: TableFormat,
    out: &mut dyn Write,
) -> Result<usize, ReadError> {
    let err = |m: String| ReadError::Query { name: "tables".into(), message: m };
    match format {
        TableFormat::Parquet => {
            // Record batches are built in parallel, then encoded in order.
            // ArrowWriter wants a writer it can own; the file is built in
            // memory (compressed, it is far smaller than the rows).
            let schema = Arc::new(Schema::new(fields.clone()));
            let mut w = ArrowWriter::try_new(Vec::new(), schema, Some(super::kept::writer_properties()))
                .map_err(|e| err(e.to_string()))?;
            // One batch per thread at a time: the table's columns are never
            // all copied into batches at once.
            for group in rows.chunks(CHUNK * rayon::current_num_threads().max(1)) {
                let batches = group
                    .par_chunks(CHUNK)
                    .map(|chunk| serde_arrow::to_record_batch(&fields, &chunk).map_err(|e| err(e.to_string())))
                    .collect::<Result<Vec<_>, _>>()?;
                for batch in &batches {
                    w.write(batch).map_err(|e| err(e.to_string()))?;
                }
            }
            let bytes = w.into_inner().map_err(|e| err(e.to_string()))?;
            out.write_all(&bytes)?;
        }
        TableFormat::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *out);
            w.write_record(fields.iter().map(|f| f.name().as_str())).map_err(|e| err(e.to_string()))?;
            w.flush()?;
            drop(w);
            // Chunks of lines written in parallel, a chunk per thread at a
            // time, then in order.
            for group in rows.chunks(CHUNK * rayon::current_num_threads().max(1)) {
                let parts = group
                    .par_chunks(CHUNK)
                    .map(|chunk| {
                        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
                        for r in chunk {
                            w.serialize(r).map_err(|e| err(e.to_string()))?;
                        }
                        w.into_inner().map_err(|e| err(e.to_string()))
                    })
                    .collect::<Result<Vec<Vec<u8>>, _>>()?;
                for p in parts {
                    out.write_all(&p)?;
                }
            }
        }
    }
    Ok(rows.len())
}

/// Writes every table into `dir` as `<table>.<format>`, each file written
/// beside its name and renamed into place when whole. Returns the rows of
/// each table and where they came from.
pub fn write_all(
    store: &dyn Read,
    cache: &Cache,
    kept: &Kept,
    format: TableFormat,
    dir: &Path,
) -> Result<(Vec<(Table, usize)>, Origin), ReadError> {
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
