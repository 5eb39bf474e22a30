//! What one article graph says, as table rows: the rows the export queries
//! of `queries/` give for that graph, read from its quads without a store.
//!
//! A build makes them from the quads it is about to write, so they are
//! exactly what the store will hold; the slow path makes them from the quads
//! it reads back from the store. Actors, claim types and relation kinds stay
//! IRIs here: they are described in other graphs, and joined in when a table
//! is written ([`super::join`]).
//!
//! Each function follows one query: a pattern that finds no value gives no
//! row (a join), an OPTIONAL gives `None`, and a property with two values
//! gives two rows, as SPARQL's solutions do.

use oxigraph::model::{NamedOrBlankNode, Quad, Term};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::rdf::{ISNAD, ITSRDF, NIF, PROV, SCHEMA};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// One article, as `articles.rq` gives it (with zero counts where it has
/// no sentence or no mention).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleRaw {
    /// The article's key (its graph is `graph/article/<key>`).
    pub key: String,
    /// Source name.
    pub article: String,
    /// The article's IRI.
    pub iri: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Headline.
    pub headline: Option<String>,
    /// Length of the text, code points.
    pub characters: u32,
    /// Sentences.
    pub sentences: u32,
    /// Spans naming an actor or place.
    pub mentions: u32,
}

/// One mention, as `export-mentions.rq` gives it before the actor's
/// description is joined in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRaw {
    /// Article key.
    pub key: String,
    /// Source name.
    pub article: String,
    /// Start, code points.
    pub start: u32,
    /// End, exclusive.
    pub end: u32,
    /// The words as written.
    pub surface: String,
    /// The actor's IRI.
    pub actor: String,
}

/// One claim, as `export-claims.rq` gives it before its type's description
/// is joined in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRaw {
    /// Article key.
    pub key: String,
    /// The claim's IRI.
    pub claim: String,
    /// Source name.
    pub article: String,
    /// Start of the claim's span.
    pub start: u32,
    /// End, exclusive.
    pub end: u32,
    /// The speaker's IRI.
    pub speaker: String,
    /// The words naming the speaker.
    pub speaker_surface: Option<String>,
    /// The reporting word.
    pub verb: String,
    /// The claim type's IRI.
    pub claim_type: String,
    /// The content.
    pub content: String,
    /// Quoted words.
    pub direct_quote: bool,
    /// The claim's sentence.
    pub sentence: String,
}

/// One target of a claim, as `claim-targets.rq` gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRaw {
    /// Article key.
    pub key: String,
    /// The claim's IRI.
    pub claim: String,
    /// The target's IRI.
    pub target: String,
}

/// One piece of relation evidence, as `export-relations.rq` gives it
/// before the kind's id is joined in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRaw {
    /// Article key.
    pub key: String,
    /// The relation's IRI.
    pub relation: String,
    /// Source name.
    pub article: String,
    /// Start of the evidence sentence.
    pub start: u32,
    /// End, exclusive.
    pub end: u32,
    /// Source actor's IRI.
    pub source: String,
    /// Target actor's IRI.
    pub target: String,
    /// The kind's IRI.
    pub kind: String,
    /// +1, 0, -1.
    pub sign: i8,
    /// Goldstein weight.
    pub weight: f64,
    /// Rolled up to the state a speaker acts for.
    pub rollup: bool,
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One figure of a claim, as `figures.rq` gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRaw {
    /// Article key.
    pub key: String,
    /// The claim's IRI.
    pub claim: String,
    /// Source name.
    pub article: String,
    /// The article's publication date.
    pub published: Option<String>,
    /// The speaker's IRI.
    pub speaker: String,
    /// What is counted (killed, wounded, …).
    pub counts: String,
    /// How many.
    pub count: u64,
    /// The words giving the number.
    pub surface: String,
}

/// Every row one article graph gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleRows {
    /// The article (none when the graph names no source).
    pub articles: Vec<ArticleRaw>,
    /// Mentions.
    pub mentions: Vec<MentionRaw>,
    /// Claims.
    pub claims: Vec<ClaimRaw>,
    /// Claim targets.
    pub targets: Vec<TargetRaw>,
    /// Relation evidence.
    pub relations: Vec<RelationRaw>,
    /// Figures.
    pub figures: Vec<FigureRaw>,
}

impl ArticleRows {
    /// Adds another article's rows.
    pub fn append(&mut self, mut other: ArticleRows) {
        self.articles.append(&mut other.articles);
        self.mentions.append(&mut other.mentions);
        self.claims.append(&mut other.claims);
        self.targets.append(&mut other.targets);
        self.relations.append(&mut other.relations);
        self.figures.append(&mut other.figures);
    }

    /// Rows in all.
    pub fn len(&self) -> usize {
        self.articles.len()
            + self.mentions.len()
            + self.claims.len()
            + self.targets.len()
            + self.relations.len()
            + self.figures.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The subjects of one graph with their properties.
struct Graph<'a> {
    props: HashMap<&'a str, Vec<(&'a str, &'a Term)>>,
}

impl<'a> Graph<'a> {
    fn new<I: IntoIterator<Item = &'a Quad>>(quads: I) -> Self {
        let mut props: HashMap<&str, Vec<(&str, &Term)>> = HashMap::default();
        for q in quads {
            if let NamedOrBlankNode::NamedNode(s) = &q.subject {
                props.entry(s.as_str()).or_default().push((q.predicate.as_str(), &q.object));
            }
        }
        Graph { props }
    }

    /// Every value of a property of a subject.
    fn all(&self, s: &str, p: &str) -> Vec<&'a Term> {
        self.props.get(s).into_iter().flatten().filter(|(q, _)| *q == p).map(|(_, o)| *o).collect()
    }

    /// The subjects that have a property, each once, in IRI order.
    fn subjects_with(&self, p: &str) -> Vec<&'a str> {
        let mut out: Vec<&str> =
            self.props.iter().filter(|(_, ps)| ps.iter().any(|(q, _)| *q == p)).map(|(s, _)| *s).collect();
        out.sort_unstable();
        out
    }

    fn has_type(&self, s: &str, class: &str) -> bool {
        self.all(s, RDF_TYPE).into_iter().any(|t| matches!(t, Term::NamedNode(n) if n.as_str() == class))
    }

    /// IRI values.
    fn iris(&self, s: &str, p: &str) -> Vec<&'a str> {
        self.all(s, p)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Literal values (as SPARQL's STR gives them).
    fn literals(&self, s: &str, p: &str) -> Vec<&'a str> {
        self.all(s, p)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value()),
                _ => None,
            })
            .collect()
    }

    /// Any value as a string (a literal's value or an IRI), as the exports
    /// read a bound variable.
    fn values(&self, s: &str, p: &str) -> Vec<&'a str> {
        self.all(s, p)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value()),
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Offsets: integer values.
    fn offsets(&self, s: &str, p: &str) -> Vec<u32> {
        self.literals(s, p).into_iter().filter_map(|v| v.parse().ok()).collect()
    }

    /// The (begin, end) offsets of every node a property points to.
    fn spans(&self, s: &str, p: &str) -> Vec<(u32, u32)> {
        let (begin, end) = (nif("beginIndex"), nif("endIndex"));
        let mut out = Vec::new();
        for node in self.iris(s, p) {
            for b in self.offsets(node, &begin) {
                for e in self.offsets(node, &end) {
                    out.push((b, e));
                }
            }
        }
        out
    }

    /// An OPTIONAL: every value, or one `None`.
    fn optional(&self, s: &str, p: &str) -> Vec<Option<String>> {
        let v: Vec<Option<String>> = self.values(s, p).into_iter().map(|v| Some(v.to_string())).collect();
        if v.is_empty() { vec![None] } else { v }
    }
}

fn isnad(local: &str) -> String {
    format!("{ISNAD}{local}")
}

fn nif(local: &str) -> String {
    format!("{NIF}{local}")
}

/// The rows of one article graph, from its quads (quads of other graphs are
/// ignored). `key` is the article's key.
pub fn article_rows(key: &str, quads: &[Quad]) -> ArticleRows {
    let graph_iri = crate::rdf::article_graph(key);
    let g = Graph::new(quads.iter().filter(|q| match &q.graph_name {
        oxigraph::model::GraphName::NamedNode(n) => n == &graph_iri,
        _ => false,
    }));
    let (begin, end) = (nif("beginIndex"), nif("endIndex"));
    let source_name = isnad("sourceName");
    // Source names of the documents, by IRI.
    let sources = |doc: &str| g.literals(doc, &source_name);
    let mut rows = ArticleRows::default();

    // articles.rq
    let sentence_class = nif("Sentence");
    let sentences = g.subjects_with(RDF_TYPE).into_iter().filter(|s| g.has_type(s, &sentence_class)).count() as u32;
    let ta_ident = format!("{ITSRDF}taIdentRef");
    let mentioned = g.subjects_with(&ta_ident);
    for doc in g.subjects_with(&source_name) {
        for article in sources(doc) {
            let characters = g.offsets(doc, &end).into_iter().max().unwrap_or(0);
            for published in g.optional(doc, &format!("{SCHEMA}datePublished")) {
                for publisher in g.optional(doc, &format!("{SCHEMA}publisher")) {
                    rows.articles.push(ArticleRaw {
                        key: key.to_string(),
                        article: article.to_string(),
                        iri: doc.to_string(),
                        published: published.clone(),
                        publisher,
                        url: g.values(doc, &format!("{SCHEMA}url")).first().map(|s| s.to_string()),
                        headline: g.literals(doc, &format!("{SCHEMA}headline")).first().map(|s| s.to_string()),
                        characters,
                        sentences,
                        mentions: mentioned.len() as u32,
                    });
                }
            }
        }
    }

    // export-mentions.rq
    let (anchor, context) = (nif("anchorOf"), nif("referenceContext"));
    for m in &mentioned {
        for actor in g.iris(m, &ta_ident) {
            for start in g.offsets(m, &begin) {
                for stop in g.offsets(m, &end) {
                    for surface in g.literals(m, &anchor) {
                        for doc in g.iris(m, &context) {
                            for article in sources(doc) {
                                rows.mentions.push(MentionRaw {
                                    key: key.to_string(),
                                    article: article.to_string(),
                                    start,
                                    end: stop,
                                    surface: surface.to_string(),
                                    actor: actor.to_string(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }

    // export-claims.rq and claim-targets.rq
    let claim_class = isnad("Claim");
    let speaker_p = isnad("speaker");
    let derived = format!("{PROV}wasDerivedFrom");
    let docs_of = |c: &str| {
        let mut d = g.iris(c, &format!("{SCHEMA}isPartOf"));
        d.extend(g.iris(c, &derived));
        d
    };
    let text_p = nif("isString");
    for c in g.subjects_with(&speaker_p) {
        if !g.has_type(c, &claim_class) {
            continue;
        }
        let spans = g.spans(c, &isnad("span"));
        let sentence_spans = g.spans(c, &nif("sentence"));
        for speaker in g.iris(c, &speaker_p) {
            for ct in g.iris(c, &isnad("claimType")) {
                for verb in g.literals(c, &isnad("verb")) {
                    for content in g.literals(c, &format!("{SCHEMA}text")) {
                        for quoted in g.literals(c, &isnad("directQuote")) {
                            for &(start, stop) in &spans {
                                for &(sb, se) in &sentence_spans {
                                    for doc in docs_of(c) {
                                        for article in sources(doc) {
                                            for text in g.literals(doc, &text_p) {
                                                let sentence = substr(text, sb, se);
                                                for surface in g.optional(c, &isnad("speakerSurface")) {
                                                    rows.claims.push(ClaimRaw {
                                                        key: key.to_string(),
                                                        claim: c.to_string(),
                                                        article: article.to_string(),
                                                        start,
                                                        end: stop,
                                                        speaker: speaker.to_string(),
                                                        speaker_surface: surface,
                                                        verb: verb.to_string(),
                                                        claim_type: ct.to_string(),
                                                        content: content.to_string(),
                                                        direct_quote: quoted == "true",
                                                        sentence: sentence.clone(),
                                                    });
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let target_p = isnad("target");
    for c in g.subjects_with(&target_p) {
        for t in g.iris(c, &target_p) {
            rows.targets.push(TargetRaw { key: key.to_string(), claim: c.to_string(), target: t.to_string() });
        }
    }

    // export-relations.rq
    let relation_class = isnad("Relation");
    let source_p = isnad("relationSource");
    for r in g.subjects_with(&source_p) {
        if !g.has_type(r, &relation_class) || !g.literals(r, &isnad("rolledUp")).contains(&"false") {
            continue;
        }
        for source in g.iris(r, &source_p) {
            for target in g.iris(r, &isnad("relationTarget")) {
                for kind in g.iris(r, &isnad("relationKind")) {
                    for sign in g.literals(r, &isnad("sign")) {
                        for weight in g.literals(r, &isnad("weight")) {
                            for rollup in g.literals(r, &isnad("rollup")) {
                                for span in g.iris(r, &nif("sentence")) {
                                    for start in g.offsets(span, &begin) {
                                        for stop in g.offsets(span, &end) {
                                            for doc in g.iris(r, &derived) {
                                                for article in sources(doc) {
                                                    for date in g.optional(r, &isnad("date")) {
                                                        rows.relations.push(RelationRaw {
                                                            key: key.to_string(),
                                                            relation: r.to_string(),
                                                            article: article.to_string(),
                                                            start,
                                                            end: stop,
                                                            source: source.to_string(),
                                                            target: target.to_string(),
                                                            kind: kind.to_string(),
                                                            sign: sign.parse().unwrap_or(0),
                                                            weight: weight.parse().unwrap_or(0.0),
                                                            rollup: rollup == "true",
                                                            date,
                                                        });
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // figures.rq
    let figure_p = isnad("figure");
    for c in g.subjects_with(&figure_p) {
        for f in g.iris(c, &figure_p) {
            for speaker in g.iris(c, &speaker_p) {
                for doc in g.iris(c, &derived) {
                    for count in g.literals(f, &isnad("count")) {
                        for counts in g.literals(f, &isnad("counts")) {
                            for surface in g.literals(f, &anchor) {
                                for article in sources(doc) {
                                    for published in g.optional(doc, &format!("{SCHEMA}datePublished")) {
                                        rows.figures.push(FigureRaw {
                                            key: key.to_string(),
                                            claim: c.to_string(),
                                            article: article.to_string(),
                                            published,
                                            speaker: speaker.to_string(),
                                            counts: counts.to_string(),
                                            count: count.parse().unwrap_or(0),
                                            surface: surface.to_string(),
                                        });
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    rows
}

/// The rows of an article about to be written, from its extraction: what
/// [`article_rows`] finds in the quads `rdf::article_quads` makes of it,
/// without reading those quads back. `None` when two claims, figures or
/// relations of the article would share an IRI (their quads merge, and
/// only [`article_rows`] gives the rows the queries then give).
pub fn rows_of_extraction(article: &crate::corpus::Article, e: &crate::extract::Extraction) -> Option<ArticleRows> {
    use crate::rdf::{actor_iri, article_iri, claim_iri, claim_type_iri, relation_kind_iri};
    let key = article.key();
    let chars: Vec<char> = article.text.chars().collect();
    let cut = |b: usize, end: usize| chars[b.min(chars.len())..end.min(chars.len())].iter().collect::<String>();
    let id = |i: usize| e.actors.actors[i].id.as_str();
    let mut rows = ArticleRows::default();
    let mut spans: Vec<(usize, usize)> = e.actors.mentions.iter().map(|m| (m.start, m.end)).collect();
    spans.sort_unstable();
    spans.dedup();
    rows.articles.push(ArticleRaw {
        key: key.to_string(),
        article: article.source.clone(),
        iri: article_iri(key).into_string(),
        published: article.meta.published.clone(),
        publisher: article.meta.publisher.clone(),
        url: article.meta.url.clone(),
        headline: article.meta.title.clone(),
        characters: u32::try_from(chars.len()).ok()?,
        sentences: u32::try_from(e.sentences.len()).ok()?,
        mentions: u32::try_from(spans.len()).ok()?,
    });
    let mut mentions: Vec<(usize, usize, &str)> = Vec::with_capacity(e.actors.mentions.len());
    for m in &e.actors.mentions {
        // One row per span and actor (a quad is stated once); the span's
        // words are the first mention's, as its quads say.
        if mentions.iter().any(|(b, x, a)| (*b, *x, *a) == (m.start, m.end, id(m.actor))) {
            continue;
        }
        mentions.push((m.start, m.end, id(m.actor)));
        let surface = e.actors.mentions.iter().find(|o| (o.start, o.end) == (m.start, m.end)).map(|o| &o.surface)?;
        rows.mentions.push(MentionRaw {
            key: key.to_string(),
            article: article.source.clone(),
            start: u32::try_from(m.start).ok()?,
            end: u32::try_from(m.end).ok()?,
            surface: surface.clone(),
            actor: actor_iri(id(m.actor)).into_string(),
        });
    }
    let mut claims: Vec<String> = Vec::with_capacity(e.claims.len());
    for c in &e.claims {
        let iri = claim_iri(key, c.start, c.end, id(c.speaker)).into_string();
        if claims.contains(&iri) {
            return None;
        }
        let s = e.sentences.get(c.sentence)?;
        rows.claims.push(ClaimRaw {
            key: key.to_string(),
            claim: iri.clone(),
            article: article.source.clone(),
            start: u32::try_from(c.start).ok()?,
            end: u32::try_from(c.end).ok()?,
            speaker: actor_iri(id(c.speaker)).into_string(),
            speaker_surface: Some(c.speaker_surface.clone()).filter(|v| !v.is_empty()),
            verb: c.verb.clone(),
            claim_type: claim_type_iri(&c.claim_type).into_string(),
            content: c.content.clone(),
            direct_quote: c.direct_quote,
            sentence: cut(s.start, s.end),
        });
        let mut targets: Vec<&str> = c.targets.iter().map(|&t| id(t)).collect();
        targets.sort_unstable();
        targets.dedup();
        for t in targets {
            rows.targets.push(TargetRaw {
                key: key.to_string(),
                claim: iri.clone(),
                target: actor_iri(t).into_string(),
            });
        }
        let mut figures: Vec<usize> = Vec::new();
        for f in &c.figures {
            if figures.contains(&f.start) {
                return None;
            }
            figures.push(f.start);
            rows.figures.push(FigureRaw {
                key: key.to_string(),
                claim: iri.clone(),
                article: article.source.clone(),
                published: article.meta.published.clone(),
                speaker: actor_iri(id(c.speaker)).into_string(),
                counts: f.counts.clone(),
                count: f.value,
                surface: f.surface.clone(),
            });
        }
        claims.push(iri);
    }
    let mut relations: Vec<String> = Vec::new();
    for r in &e.relations {
        let iri = format!(
            "{}article/{key}/relation/{}-{}/{}/{}/{}",
            crate::rdf::BASE,
            r.start,
            r.end,
            r.source,
            r.kind,
            r.target
        );
        if relations.contains(&iri) {
            return None;
        }
        relations.push(iri.clone());
        if r.rolled_up {
            continue;
        }
        let s = e.sentences.get(r.sentence)?;
        rows.relations.push(RelationRaw {
            key: key.to_string(),
            relation: iri,
            article: article.source.clone(),
            start: u32::try_from(s.start).ok()?,
            end: u32::try_from(s.end).ok()?,
            source: actor_iri(&r.source).into_string(),
            target: actor_iri(&r.target).into_string(),
            kind: relation_kind_iri(&r.kind).into_string(),
            sign: r.sign,
            // The store keeps the weight as the decimal rdf.rs writes.
            weight: format!("{:.1}", r.weight).parse().ok()?,
            rollup: r.rollup,
            date: r.date.clone(),
        });
    }
    Some(rows)
}

/// SPARQL's `SUBSTR(?text, ?b + 1, ?e - ?b)`: code points `b..e`.
fn substr(text: &str, b: u32, e: u32) -> String {
    text.chars().skip(b as usize).take(e.saturating_sub(b) as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;
    use oxigraph::model::{GraphName, Literal, NamedNode};

    fn iri(s: &str) -> NamedNode {
        NamedNode::new(s).unwrap()
    }

    struct G {
        graph: GraphName,
        quads: Vec<Quad>,
    }

    impl G {
        fn new(key: &str) -> Self {
            G { graph: crate::rdf::article_graph(key).into(), quads: Vec::new() }
        }
        fn add(&mut self, s: &str, p: &str, o: impl Into<Term>) {
            self.quads.push(Quad::new(iri(s), iri(p), o.into(), self.graph.clone()));
        }
    }

    fn int(v: u32) -> Literal {
        Literal::new_typed_literal(v.to_string(), xsd::NON_NEGATIVE_INTEGER)
    }

    const DOC: &str = "https://w3id.org/isnad/article/k";

    fn article() -> G {
        let mut g = G::new("k");
        g.add(DOC, &isnad("sourceName"), Literal::new_simple_literal("a.txt"));
        g.add(DOC, &nif("isString"), Literal::new_simple_literal("قال أحمد إن الحرب انتهت. وبعد."));
        g.add(DOC, &nif("endIndex"), int(31));
        g.add(DOC, &format!("{SCHEMA}datePublished"), Literal::new_typed_literal("2020-10-01", xsd::DATE));
        let s = "https://w3id.org/isnad/article/k/sentence/0-24";
        g.add(s, RDF_TYPE, iri(&nif("Sentence")));
        g.add(s, &nif("beginIndex"), int(0));
        g.add(s, &nif("endIndex"), int(24));
        g
    }

    #[test]
    fn an_article_with_no_mention_still_has_its_row() {
        let g = article();
        let rows = article_rows("k", &g.quads);
        assert_eq!(rows.articles.len(), 1);
        let a = &rows.articles[0];
        assert_eq!((a.article.as_str(), a.characters, a.sentences, a.mentions), ("a.txt", 31, 1, 0));
        assert_eq!(a.published.as_deref(), Some("2020-10-01"));
        assert_eq!(a.publisher, None);
    }

    #[test]
    fn a_span_naming_two_actors_gives_two_mention_rows_and_counts_once() {
        let mut g = article();
        let m = "https://w3id.org/isnad/article/k#char=4,8";
        g.add(m, &format!("{ITSRDF}taIdentRef"), iri("https://w3id.org/isnad/actor/a"));
        g.add(m, &format!("{ITSRDF}taIdentRef"), iri("https://w3id.org/isnad/actor/b"));
        g.add(m, &nif("beginIndex"), int(4));
        g.add(m, &nif("endIndex"), int(8));
        g.add(m, &nif("anchorOf"), Literal::new_simple_literal("أحمد"));
        g.add(m, &nif("referenceContext"), iri(DOC));
        let rows = article_rows("k", &g.quads);
        assert_eq!(rows.mentions.len(), 2);
        assert_eq!(rows.articles[0].mentions, 1);
        assert!(rows.mentions.iter().all(|r| r.start == 4 && r.end == 8 && r.surface == "أحمد"));
    }

    #[test]
    fn a_claim_without_a_verb_is_no_row_and_its_sentence_is_cut_by_code_points() {
        let mut g = article();
        let c = "https://w3id.org/isnad/article/k/claim/0-24/x";
        let span = "https://w3id.org/isnad/article/k#char=0,24";
        g.add(c, RDF_TYPE, iri(&isnad("Claim")));
        g.add(c, &isnad("speaker"), iri("https://w3id.org/isnad/actor/x"));
        g.add(c, &isnad("claimType"), iri(&isnad("claimtype/statement")));
        g.add(c, &format!("{SCHEMA}text"), Literal::new_language_tagged_literal_unchecked("الحرب انتهت", "ar"));
        g.add(c, &isnad("directQuote"), Literal::from(false));
        g.add(c, &isnad("span"), iri(span));
        g.add(c, &nif("sentence"), iri("https://w3id.org/isnad/article/k/sentence/0-24"));
        g.add(c, &format!("{PROV}wasDerivedFrom"), iri(DOC));
        g.add(span, &nif("beginIndex"), int(0));
        g.add(span, &nif("endIndex"), int(24));
        assert!(article_rows("k", &g.quads).claims.is_empty(), "no verb: the query's join finds nothing");
        g.add(c, &isnad("verb"), Literal::new_simple_literal("قال"));
        let rows = article_rows("k", &g.quads);
        assert_eq!(rows.claims.len(), 1);
        let r = &rows.claims[0];
        assert_eq!(r.sentence, "قال أحمد إن الحرب انتهت.");
        assert_eq!(r.speaker_surface, None);
        assert!(!r.direct_quote);
        assert_eq!((r.start, r.end), (0, 24));
    }

    #[test]
    fn a_rolled_up_speakers_own_edge_is_left_out() {
        let mut g = article();
        let r = "https://w3id.org/isnad/article/k/relation/0-25/a/accuses/b";
        g.add(r, RDF_TYPE, iri(&isnad("Relation")));
        g.add(r, &isnad("relationSource"), iri("https://w3id.org/isnad/actor/a"));
        g.add(r, &isnad("relationTarget"), iri("https://w3id.org/isnad/actor/b"));
        g.add(r, &isnad("relationKind"), iri(&isnad("relationkind/accuses")));
        g.add(r, &isnad("sign"), Literal::from(-1));
        g.add(r, &isnad("weight"), Literal::new_typed_literal("-2.0", xsd::DECIMAL));
        g.add(r, &isnad("rollup"), Literal::from(false));
        g.add(r, &nif("sentence"), iri("https://w3id.org/isnad/article/k/sentence/0-24"));
        g.add(r, &format!("{PROV}wasDerivedFrom"), iri(DOC));
        g.add(r, &isnad("rolledUp"), Literal::from(true));
        assert!(article_rows("k", &g.quads).relations.is_empty());
        g.quads.pop();
        g.add(r, &isnad("rolledUp"), Literal::from(false));
        let rows = article_rows("k", &g.quads);
        assert_eq!(rows.relations.len(), 1);
        let x = &rows.relations[0];
        assert_eq!((x.sign, x.weight, x.rollup, x.start, x.end), (-1, -2.0, false, 0, 24));
        assert_eq!(x.date, None);
    }

    fn sorted<T: std::fmt::Debug>(v: &[T]) -> Vec<String> {
        let mut out: Vec<String> = v.iter().map(|r| format!("{r:?}")).collect();
        out.sort();
        out
    }

    #[test]
    fn rows_of_an_extraction_are_the_rows_of_its_quads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let lex = crate::lexicon::Lexicon::defaults().unwrap();
        let seeds = crate::corpus::read_corpus(&[root.join("seeds")], crate::corpus::ReadOptions::default()).unwrap();
        let synth = crate::synth::Synth::new(&seeds.articles, &lex, 3);
        let ex = crate::extract::Extractor::new(lex);
        let fp = crate::rdf::fingerprint(ex.lexicon());
        let mut articles = seeds.articles.clone();
        articles.extend((0..150).map(|i| synth.article(i)));
        let mut checked = 0;
        for a in &articles {
            let e = ex.extract_dated(&a.text, a.key(), a.meta.published.as_deref());
            let quads = crate::rdf::article_quads(a, &e, &fp);
            let Some(fast) = rows_of_extraction(a, &e) else { continue };
            let slow = article_rows(a.key(), &quads);
            assert_eq!(sorted(&fast.articles), sorted(&slow.articles), "{}", a.source);
            assert_eq!(sorted(&fast.mentions), sorted(&slow.mentions), "{}", a.source);
            assert_eq!(sorted(&fast.claims), sorted(&slow.claims), "{}", a.source);
            assert_eq!(sorted(&fast.targets), sorted(&slow.targets), "{}", a.source);
            assert_eq!(sorted(&fast.relations), sorted(&slow.relations), "{}", a.source);
            assert_eq!(sorted(&fast.figures), sorted(&slow.figures), "{}", a.source);
            checked += 1;
        }
        assert!(checked >= 150, "{checked}");
    }

    #[test]
    fn quads_of_other_graphs_are_not_the_articles() {
        let mut g = article();
        g.graph = crate::rdf::actors_graph().into();
        g.add(DOC, &isnad("sourceName"), Literal::new_simple_literal("other.txt"));
        let rows = article_rows("k", &g.quads);
        assert_eq!(rows.articles.len(), 1);
        assert_eq!(rows.articles[0].article, "a.txt");
    }
}
