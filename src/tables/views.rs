//! Kept rows as views: the fields of a row borrowed from the Arrow columns
//! a segment was read into (or from rows held in memory), so a table of
//! millions of rows is joined and sorted without a string allocated per
//! field.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int8Type, UInt32Type, UInt64Type};
use arrow_array::{Array, BooleanArray, PrimitiveArray, RecordBatch, StringArray};

use super::kept::KeptError;
use super::rows::{ArticleRaw, ClaimRaw, FigureRaw, MentionRaw, RelationRaw, TargetRaw};

fn bad(m: String) -> KeptError {
    KeptError::Parquet { path: "kept rows".into(), message: m }
}

fn strs<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a StringArray, KeptError> {
    b.column_by_name(name).and_then(|c| c.as_string_opt::<i32>()).ok_or_else(|| bad(format!("no text column `{name}`")))
}

fn nums<'a, T: arrow_array::ArrowPrimitiveType>(
    b: &'a RecordBatch,
    name: &str,
) -> Result<&'a PrimitiveArray<T>, KeptError> {
    b.column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<T>())
        .ok_or_else(|| bad(format!("no number column `{name}`")))
}

fn bools<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a BooleanArray, KeptError> {
    b.column_by_name(name).and_then(|c| c.as_boolean_opt()).ok_or_else(|| bad(format!("no boolean column `{name}`")))
}

fn opt(a: &StringArray, i: usize) -> Option<&str> {
    a.is_valid(i).then(|| a.value(i))
}

/// A kind of kept row with its view.
pub(super) trait Viewed {
    /// The row's fields, borrowed.
    type View<'a>: Send + Sync
    where
        Self: 'a;
    /// A view of a row held in memory.
    fn view(&self) -> Self::View<'_>;
    /// Views of the rows of a record batch of this kind's segment file.
    fn views(b: &RecordBatch) -> Result<Vec<Self::View<'_>>, KeptError>;
}

/// [`ArticleRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct ArticleView<'a> {
    pub key: &'a str,
    pub article: &'a str,
    pub iri: &'a str,
    pub published: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub url: Option<&'a str>,
    pub headline: Option<&'a str>,
    pub characters: u32,
    pub sentences: u32,
    pub mentions: u32,
}

impl Viewed for ArticleRaw {
    type View<'a> = ArticleView<'a>;
    fn view(&self) -> ArticleView<'_> {
        ArticleView {
            key: &self.key,
            article: &self.article,
            iri: &self.iri,
            published: self.published.as_deref(),
            publisher: self.publisher.as_deref(),
            url: self.url.as_deref(),
            headline: self.headline.as_deref(),
            characters: self.characters,
            sentences: self.sentences,
            mentions: self.mentions,
        }
    }
    fn views(b: &RecordBatch) -> Result<Vec<ArticleView<'_>>, KeptError> {
        let (key, article, iri) = (strs(b, "key")?, strs(b, "article")?, strs(b, "iri")?);
        let (published, publisher, url, headline) =
            (strs(b, "published")?, strs(b, "publisher")?, strs(b, "url")?, strs(b, "headline")?);
        let (characters, sentences, mentions) = (
            nums::<UInt32Type>(b, "characters")?,
            nums::<UInt32Type>(b, "sentences")?,
            nums::<UInt32Type>(b, "mentions")?,
        );
        Ok((0..b.num_rows())
            .map(|i| ArticleView {
                key: key.value(i),
                article: article.value(i),
                iri: iri.value(i),
                published: opt(published, i),
                publisher: opt(publisher, i),
                url: opt(url, i),
                headline: opt(headline, i),
                characters: characters.value(i),
                sentences: sentences.value(i),
                mentions: mentions.value(i),
            })
            .collect())
    }
}

/// [`MentionRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct MentionView<'a> {
    pub key: &'a str,
    pub article: &'a str,
    pub start: u32,
    pub end: u32,
    pub surface: &'a str,
    pub actor: &'a str,
}

impl Viewed for MentionRaw {
    type View<'a> = MentionView<'a>;
    fn view(&self) -> MentionView<'_> {
        MentionView {
            key: &self.key,
            article: &self.article,
            start: self.start,
            end: self.end,
            surface: &self.surface,
            actor: &self.actor,
        }
    }
    fn views(b: &RecordBatch) -> Result<Vec<MentionView<'_>>, KeptError> {
        let (key, article, surface, actor) =
            (strs(b, "key")?, strs(b, "article")?, strs(b, "surface")?, strs(b, "actor")?);
        let (start, end) = (nums::<UInt32Type>(b, "start")?, nums::<UInt32Type>(b, "end")?);
        Ok((0..b.num_rows())
            .map(|i| MentionView {
                key: key.value(i),
                article: article.value(i),
                start: start.value(i),
                end: end.value(i),
                surface: surface.value(i),
                actor: actor.value(i),
            })
            .collect())
    }
}

/// [`ClaimRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct ClaimView<'a> {
    pub claim: &'a str,
    pub article: &'a str,
    pub start: u32,
    pub end: u32,
    pub speaker: &'a str,
    pub speaker_surface: Option<&'a str>,
    pub verb: &'a str,
    pub claim_type: &'a str,
    pub content: &'a str,
    pub direct_quote: bool,
    pub sentence: &'a str,
}

impl Viewed for ClaimRaw {
    type View<'a> = ClaimView<'a>;
    fn view(&self) -> ClaimView<'_> {
        ClaimView {
            claim: &self.claim,
            article: &self.article,
            start: self.start,
            end: self.end,
            speaker: &self.speaker,
            speaker_surface: self.speaker_surface.as_deref(),
            verb: &self.verb,
            claim_type: &self.claim_type,
            content: &self.content,
            direct_quote: self.direct_quote,
            sentence: &self.sentence,
        }
    }
    fn views(b: &RecordBatch) -> Result<Vec<ClaimView<'_>>, KeptError> {
        let (claim, article, speaker) = (strs(b, "claim")?, strs(b, "article")?, strs(b, "speaker")?);
        let (surface, verb, claim_type, content, sentence) = (
            strs(b, "speaker_surface")?,
            strs(b, "verb")?,
            strs(b, "claim_type")?,
            strs(b, "content")?,
            strs(b, "sentence")?,
        );
        let (start, end) = (nums::<UInt32Type>(b, "start")?, nums::<UInt32Type>(b, "end")?);
        let quoted = bools(b, "direct_quote")?;
        Ok((0..b.num_rows())
            .map(|i| ClaimView {
                claim: claim.value(i),
                article: article.value(i),
                start: start.value(i),
                end: end.value(i),
                speaker: speaker.value(i),
                speaker_surface: opt(surface, i),
                verb: verb.value(i),
                claim_type: claim_type.value(i),
                content: content.value(i),
                direct_quote: quoted.value(i),
                sentence: sentence.value(i),
            })
            .collect())
    }
}

/// [`TargetRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct TargetView<'a> {
    pub key: &'a str,
    pub claim: &'a str,
    pub target: &'a str,
}

impl Viewed for TargetRaw {
    type View<'a> = TargetView<'a>;
    fn view(&self) -> TargetView<'_> {
        TargetView { key: &self.key, claim: &self.claim, target: &self.target }
    }
    fn views(b: &RecordBatch) -> Result<Vec<TargetView<'_>>, KeptError> {
        let (key, claim, target) = (strs(b, "key")?, strs(b, "claim")?, strs(b, "target")?);
        Ok((0..b.num_rows())
            .map(|i| TargetView { key: key.value(i), claim: claim.value(i), target: target.value(i) })
            .collect())
    }
}

/// [`RelationRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct RelationView<'a> {
    pub relation: &'a str,
    pub article: &'a str,
    pub start: u32,
    pub end: u32,
    pub source: &'a str,
    pub target: &'a str,
    pub kind: &'a str,
    pub sign: i8,
    pub weight: f64,
    pub rollup: bool,
    pub date: Option<&'a str>,
}

impl Viewed for RelationRaw {
    type View<'a> = RelationView<'a>;
    fn view(&self) -> RelationView<'_> {
        RelationView {
            relation: &self.relation,
            article: &self.article,
            start: self.start,
            end: self.end,
            source: &self.source,
            target: &self.target,
            kind: &self.kind,
            sign: self.sign,
            weight: self.weight,
            rollup: self.rollup,
            date: self.date.as_deref(),
        }
    }
    fn views(b: &RecordBatch) -> Result<Vec<RelationView<'_>>, KeptError> {
        let (relation, article) = (strs(b, "relation")?, strs(b, "article")?);
        let (source, target, kind, date) = (strs(b, "source")?, strs(b, "target")?, strs(b, "kind")?, strs(b, "date")?);
        let (start, end) = (nums::<UInt32Type>(b, "start")?, nums::<UInt32Type>(b, "end")?);
        let (sign, weight, rollup) =
            (nums::<Int8Type>(b, "sign")?, nums::<Float64Type>(b, "weight")?, bools(b, "rollup")?);
        Ok((0..b.num_rows())
            .map(|i| RelationView {
                relation: relation.value(i),
                article: article.value(i),
                start: start.value(i),
                end: end.value(i),
                source: source.value(i),
                target: target.value(i),
                kind: kind.value(i),
                sign: sign.value(i),
                weight: weight.value(i),
                rollup: rollup.value(i),
                date: opt(date, i),
            })
            .collect())
    }
}

/// [`FigureRaw`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(super) struct FigureView<'a> {
    pub claim: &'a str,
    pub article: &'a str,
    pub published: Option<&'a str>,
    pub speaker: &'a str,
    pub counts: &'a str,
    pub count: u64,
    pub surface: &'a str,
}

impl Viewed for FigureRaw {
    type View<'a> = FigureView<'a>;
    fn view(&self) -> FigureView<'_> {
        FigureView {
            claim: &self.claim,
            article: &self.article,
            published: self.published.as_deref(),
            speaker: &self.speaker,
            counts: &self.counts,
            count: self.count,
            surface: &self.surface,
        }
    }
    fn views(b: &RecordBatch) -> Result<Vec<FigureView<'_>>, KeptError> {
        let (claim, article, published) = (strs(b, "claim")?, strs(b, "article")?, strs(b, "published")?);
        let (speaker, counts, surface) = (strs(b, "speaker")?, strs(b, "counts")?, strs(b, "surface")?);
        let count = nums::<UInt64Type>(b, "count")?;
        Ok((0..b.num_rows())
            .map(|i| FigureView {
                claim: claim.value(i),
                article: article.value(i),
                published: opt(published, i),
                speaker: speaker.value(i),
                counts: counts.value(i),
                count: count.value(i),
                surface: surface.value(i),
            })
            .collect())
    }
}
