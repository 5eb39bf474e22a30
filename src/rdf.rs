//! RDF: the IRIs and quads isnad writes. Fourth stage of the pipeline.
//!
//! Every IRI derives from content, never from counters or clocks: articles
//! from the hash of their text, spans from their offsets, actors from their
//! ids, activities from the inputs they used. The vocabulary is documented in
//! `ontology/isnad.ttl`; this module names its terms.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::corpus::Article;
use crate::extract::{ActorDef, DefOrigin, Extraction, Gazetteer};
use crate::lexicon::Lexicon;

/// The namespace of isnad's instances.
pub const BASE: &str = "https://w3id.org/isnad/";
/// The namespace of isnad's own terms.
pub const ISNAD: &str = "https://w3id.org/isnad/ontology#";
/// PROV-O.
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// NIF 2.0 core.
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
/// ITS 2.0 RDF.
pub const ITSRDF: &str = "http://www.w3.org/2005/11/its/rdf#";
/// schema.org.
pub const SCHEMA: &str = "https://schema.org/";
/// SKOS.
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// OWL.
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
/// Wikidata entities.
pub const WD: &str = "http://www.wikidata.org/entity/";

/// The prefixes isnad's Turtle and TriG output declares.
pub const PREFIXES: [(&str, &str); 10] = [
    ("isnad", ISNAD),
    ("prov", PROV),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("schema", SCHEMA),
    ("skos", SKOS),
    ("owl", OWL),
    ("wd", WD),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
];

/// The version of isnad, part of every extraction fingerprint.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

fn n(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// A term of isnad's vocabulary.
pub fn isnad(local: &str) -> NamedNode {
    n(ISNAD, local)
}

/// The graph holding the vocabulary (`ontology/isnad.ttl`).
pub fn ontology_graph() -> NamedNode {
    n(BASE, "graph/ontology")
}

/// The graph holding the gazetteer's actors.
pub fn gazetteer_graph() -> NamedNode {
    n(BASE, "graph/gazetteer")
}

/// The graph describing actors that the gazetteer does not: bodies made by
/// templates and people found in the text, shared by the articles naming
/// them.
pub fn actors_graph() -> NamedNode {
    n(BASE, "graph/actors")
}

/// The graph holding the network analysis (blocs, centrality).
pub fn analysis_graph() -> NamedNode {
    n(BASE, "graph/analysis")
}

/// The analysis results as quads of the analysis graph.
pub fn analysis_quads(a: &crate::network::analysis::Analysis) -> Vec<Quad> {
    let mut sink = Sink { graph: analysis_graph().into(), quads: Vec::new() };
    for r in &a.actors {
        let iri = actor_iri(&r.id);
        if let Some(b) = &r.bloc {
            sink.add(iri.clone(), isnad("bloc"), Literal::new_simple_literal(b));
        }
        sink.add(iri.clone(), isnad("degree"), int(r.degree));
        sink.add(
            iri.clone(),
            isnad("pagerank"),
            Literal::new_typed_literal(format!("{:.6}", r.pagerank), xsd::DECIMAL),
        );
        sink.add(iri, isnad("betweenness"), Literal::new_typed_literal(format!("{:.6}", r.betweenness), xsd::DECIMAL));
    }
    for t in &a.frustrated {
        sink.add(actor_iri(&t.a), isnad("frustratedTie"), actor_iri(&t.b));
    }
    sink.quads
}

/// The graph holding build activities.
pub fn builds_graph() -> NamedNode {
    n(BASE, "graph/builds")
}

/// An article's IRI.
pub fn article_iri(key: &str) -> NamedNode {
    n(BASE, &format!("article/{key}"))
}

/// The named graph of one article.
pub fn article_graph(key: &str) -> NamedNode {
    n(BASE, &format!("graph/article/{key}"))
}

/// The prefix shared by every article graph's IRI.
pub fn article_graph_prefix() -> String {
    format!("{BASE}graph/article/")
}

/// An actor's IRI.
pub fn actor_iri(id: &str) -> NamedNode {
    n(BASE, &format!("actor/{id}"))
}

/// A span of an article (NIF, RFC 5147 style): `…/article/<key>#char=b,e`.
pub fn span_iri(key: &str, begin: usize, end: usize) -> NamedNode {
    n(BASE, &format!("article/{key}#char={begin},{end}"))
}

/// A sentence of an article.
pub fn sentence_iri(key: &str, begin: usize, end: usize) -> NamedNode {
    n(BASE, &format!("article/{key}/sentence/{begin}-{end}"))
}

/// The extraction activity of one isnad version with one set of lexicons.
pub fn extraction_iri(fingerprint: &str) -> NamedNode {
    n(BASE, &format!("activity/extraction/{fingerprint}"))
}

/// isnad as a PROV software agent.
pub fn software_agent() -> NamedNode {
    n(BASE, &format!("agent/isnad/{VERSION}"))
}

/// The fingerprint of an extraction: isnad's version and the lexicons.
pub fn fingerprint(lex: &Lexicon) -> String {
    format!("{VERSION}-{}", lex.fingerprint)
}

fn ar(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "ar")
}

fn en(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}

fn int(v: usize) -> Literal {
    Literal::new_typed_literal(v.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// Collects quads of one graph.
struct Sink {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Sink {
    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(s, p, o, self.graph.clone()));
    }
}

/// Describes an actor: type, id, labels, Wikidata, affiliation, role.
fn describe_actor(sink: &mut Sink, a: &ActorDef) {
    let iri = actor_iri(&a.id);
    sink.add(iri.clone(), rdf::TYPE.into_owned(), isnad(a.kind.name()));
    sink.add(iri.clone(), isnad("id"), Literal::new_simple_literal(&a.id));
    sink.add(iri.clone(), n(SKOS, "prefLabel"), ar(&a.ar));
    if let Some(e) = &a.en {
        sink.add(iri.clone(), n(SKOS, "prefLabel"), en(e));
    }
    if let Some(q) = &a.wikidata {
        sink.add(iri.clone(), n(OWL, "sameAs"), n(WD, q));
    }
    if let Some(aff) = &a.affiliation {
        sink.add(iri.clone(), isnad("affiliation"), actor_iri(aff));
    }
    if let Some(r) = &a.role {
        sink.add(iri.clone(), isnad("role"), en(r));
    }
}

/// The quads of one article: its named graph, and the descriptions of the
/// actors it names that the gazetteer does not describe (in the actors graph).
pub fn article_quads(article: &Article, ex: &Extraction, fingerprint: &str) -> Vec<Quad> {
    let key = article.key();
    let mut sink = Sink { graph: article_graph(key).into(), quads: Vec::new() };
    let doc = article_iri(key);
    sink.add(doc.clone(), rdf::TYPE.into_owned(), n(SCHEMA, "NewsArticle"));
    sink.add(doc.clone(), rdf::TYPE.into_owned(), n(NIF, "Context"));
    sink.add(doc.clone(), isnad("sourceName"), Literal::new_simple_literal(&article.source));
    sink.add(doc.clone(), isnad("contentHash"), Literal::new_simple_literal(&article.hash));
    sink.add(doc.clone(), isnad("fingerprint"), Literal::new_simple_literal(fingerprint));
    sink.add(doc.clone(), n(NIF, "isString"), Literal::new_simple_literal(&article.text));
    sink.add(doc.clone(), n(NIF, "beginIndex"), int(0));
    sink.add(doc.clone(), n(NIF, "endIndex"), int(article.text.chars().count()));
    sink.add(doc.clone(), n(PROV, "wasGeneratedBy"), extraction_iri(fingerprint));
    if let Some(d) = &article.meta.published {
        sink.add(doc.clone(), n(SCHEMA, "datePublished"), Literal::new_typed_literal(d, xsd::DATE));
    }
    if let Some(u) = &article.meta.url {
        match NamedNode::new(u) {
            Ok(iri) => sink.add(doc.clone(), n(SCHEMA, "url"), iri),
            Err(_) => sink.add(doc.clone(), n(SCHEMA, "url"), Literal::new_simple_literal(u)),
        }
    }
    if let Some(p) = &article.meta.publisher {
        sink.add(doc.clone(), n(SCHEMA, "publisher"), Literal::new_simple_literal(p));
    }
    if let Some(t) = &article.meta.title {
        sink.add(doc.clone(), n(SCHEMA, "headline"), Literal::new_simple_literal(t));
    }
    let chars: Vec<char> = article.text.chars().collect();
    let cut = |b: usize, e: usize| chars[b..e].iter().collect::<String>();
    for s in &ex.sentences {
        let iri = sentence_iri(key, s.start, s.end);
        sink.add(iri.clone(), rdf::TYPE.into_owned(), n(NIF, "Sentence"));
        sink.add(iri.clone(), n(NIF, "beginIndex"), int(s.start));
        sink.add(iri.clone(), n(NIF, "endIndex"), int(s.end));
        // No nif:anchorOf: the text is the context's nif:isString, once.
        sink.add(iri.clone(), n(NIF, "referenceContext"), doc.clone());
    }
    // Actors the gazetteer does not describe are described once, in the
    // shared actors graph; the article graph keeps where a discovered one
    // came from.
    let mut shared = Sink { graph: actors_graph().into(), quads: Vec::new() };
    for a in &ex.actors.actors {
        if a.origin != DefOrigin::Gazetteer {
            describe_actor(&mut shared, a);
            if a.origin == DefOrigin::Discovered {
                sink.add(actor_iri(&a.id), n(PROV, "wasDerivedFrom"), doc.clone());
            }
        }
    }
    let mut described: Vec<(usize, usize)> = Vec::new();
    for m in &ex.actors.mentions {
        let iri = span_iri(key, m.start, m.end);
        let s = ex.sentences[m.sentence];
        if !described.contains(&(m.start, m.end)) {
            described.push((m.start, m.end));
            sink.add(iri.clone(), rdf::TYPE.into_owned(), n(NIF, "Phrase"));
            sink.add(iri.clone(), n(NIF, "beginIndex"), int(m.start));
            sink.add(iri.clone(), n(NIF, "endIndex"), int(m.end));
            sink.add(iri.clone(), n(NIF, "anchorOf"), Literal::new_simple_literal(&m.surface));
            sink.add(iri.clone(), n(NIF, "referenceContext"), doc.clone());
            sink.add(iri.clone(), n(NIF, "sentence"), sentence_iri(key, s.start, s.end));
            sink.add(iri.clone(), isnad("mentionKind"), Literal::new_simple_literal(m.kind.name()));
        }
        sink.add(iri, n(ITSRDF, "taIdentRef"), actor_iri(&ex.actors.actors[m.actor].id));
    }
    for c in &ex.claims {
        let speaker = &ex.actors.actors[c.speaker];
        let iri = claim_iri(key, c.start, c.end, &speaker.id);
        let s = ex.sentences[c.sentence];
        let span = span_iri(key, c.start, c.end);
        // isnad:Claim is a schema:Claim and isnad:speaker a
        // prov:wasAttributedTo (ontology/isnad.ttl): stated once, not twice.
        sink.add(iri.clone(), rdf::TYPE.into_owned(), isnad("Claim"));
        sink.add(iri.clone(), isnad("speaker"), actor_iri(&speaker.id));
        if !c.speaker_surface.is_empty() {
            sink.add(iri.clone(), isnad("speakerSurface"), Literal::new_simple_literal(&c.speaker_surface));
        }
        sink.add(iri.clone(), isnad("claimType"), claim_type_iri(&c.claim_type));
        sink.add(iri.clone(), isnad("verb"), Literal::new_simple_literal(&c.verb));
        sink.add(iri.clone(), n(SCHEMA, "text"), ar(&c.content));
        sink.add(iri.clone(), isnad("directQuote"), Literal::from(c.direct_quote));
        for &t in &c.targets {
            sink.add(iri.clone(), isnad("target"), actor_iri(&ex.actors.actors[t].id));
        }
        sink.add(iri.clone(), nif_sentence(), sentence_iri(key, s.start, s.end));
        sink.add(iri.clone(), isnad("span"), span.clone());
        for f in &c.figures {
            let fig = n(BASE, &format!("{}/figure/{}", iri.as_str().strip_prefix(BASE).unwrap_or(""), f.start));
            sink.add(iri.clone(), isnad("figure"), fig.clone());
            sink.add(fig.clone(), rdf::TYPE.into_owned(), isnad("Figure"));
            sink.add(
                fig.clone(),
                isnad("count"),
                Literal::new_typed_literal(f.value.to_string(), xsd::NON_NEGATIVE_INTEGER),
            );
            sink.add(fig.clone(), isnad("counts"), Literal::new_simple_literal(&f.counts));
            sink.add(fig, n(NIF, "anchorOf"), Literal::new_simple_literal(&f.surface));
        }
        // Generated by the extraction that generated its article.
        sink.add(iri.clone(), n(PROV, "wasDerivedFrom"), doc.clone());
        sink.add(span.clone(), rdf::TYPE.into_owned(), n(NIF, "Phrase"));
        sink.add(span.clone(), n(NIF, "beginIndex"), int(c.start));
        sink.add(span.clone(), n(NIF, "endIndex"), int(c.end));
        sink.add(span.clone(), n(NIF, "anchorOf"), Literal::new_simple_literal(cut(c.start, c.end)));
        sink.add(span, n(NIF, "referenceContext"), doc.clone());
    }
    for r in &ex.relations {
        let iri =
            n(BASE, &format!("article/{key}/relation/{}-{}/{}/{}/{}", r.start, r.end, r.source, r.kind, r.target));
        let s = ex.sentences[r.sentence];
        sink.add(iri.clone(), rdf::TYPE.into_owned(), isnad("Relation"));
        sink.add(iri.clone(), isnad("relationSource"), actor_iri(&r.source));
        sink.add(iri.clone(), isnad("relationTarget"), actor_iri(&r.target));
        sink.add(iri.clone(), isnad("relationKind"), relation_kind_iri(&r.kind));
        sink.add(iri.clone(), isnad("sign"), Literal::from(i32::from(r.sign)));
        sink.add(iri.clone(), isnad("weight"), Literal::new_typed_literal(format!("{:.1}", r.weight), xsd::DECIMAL));
        sink.add(iri.clone(), isnad("rollup"), Literal::from(r.rollup));
        sink.add(iri.clone(), isnad("rolledUp"), Literal::from(r.rolled_up));
        if let Some(d) = &r.date {
            sink.add(iri.clone(), isnad("date"), Literal::new_typed_literal(d, xsd::DATE));
        }
        // The evidence is its sentence (no span of its own to repeat it).
        sink.add(iri.clone(), nif_sentence(), sentence_iri(key, s.start, s.end));
        sink.add(iri.clone(), n(PROV, "wasDerivedFrom"), doc.clone());
        // The plain shortcut between the two actors, for simple SPARQL.
        sink.add(actor_iri(&r.source), isnad(&r.kind), actor_iri(&r.target));
    }
    for d in &ex.dates {
        let span = span_iri(key, d.start, d.end);
        let s = ex.sentences[d.sentence];
        sink.add(span.clone(), rdf::TYPE.into_owned(), isnad("TimeExpression"));
        sink.add(span.clone(), n(NIF, "beginIndex"), int(d.start));
        sink.add(span.clone(), n(NIF, "endIndex"), int(d.end));
        sink.add(span.clone(), n(NIF, "anchorOf"), Literal::new_simple_literal(cut(d.start, d.end)));
        sink.add(span.clone(), n(NIF, "referenceContext"), doc.clone());
        sink.add(span.clone(), nif_sentence(), sentence_iri(key, s.start, s.end));
        sink.add(span, isnad("resolvedDate"), Literal::new_typed_literal(&d.date, xsd::DATE));
    }
    sink.quads.extend(shared.quads);
    // A claim's span may be a mention's too: state each quad once.
    let mut seen = std::collections::HashSet::new();
    sink.quads.retain(|q| seen.insert(q.clone()));
    sink.quads
}

fn nif_sentence() -> NamedNode {
    n(NIF, "sentence")
}

/// A claim: `…/article/<key>/claim/<begin>-<end>/<speaker id>`.
pub fn claim_iri(key: &str, begin: usize, end: usize, speaker: &str) -> NamedNode {
    n(BASE, &format!("article/{key}/claim/{begin}-{end}/{speaker}"))
}

/// A relation kind of `relation-kinds.tsv`, as an individual of isnad:RelationKind.
pub fn relation_kind_iri(name: &str) -> NamedNode {
    isnad(&format!("relationkind/{name}"))
}

/// A claim type of `claim-types.tsv`, as an individual of isnad:ClaimType.
pub fn claim_type_iri(name: &str) -> NamedNode {
    isnad(&format!("claimtype/{name}"))
}

/// The quads of the gazetteer graph: every state and every actor of
/// `actors.tsv`, with all its spellings.
pub fn gazetteer_quads(lex: &Lexicon, gaz: &Gazetteer, fingerprint: &str) -> Vec<Quad> {
    let mut sink = Sink { graph: gazetteer_graph().into(), quads: Vec::new() };
    for k in lex.relation_kinds.values() {
        let iri = relation_kind_iri(&k.name);
        sink.add(iri.clone(), rdf::TYPE.into_owned(), isnad("RelationKind"));
        sink.add(iri.clone(), isnad("id"), Literal::new_simple_literal(&k.name));
        sink.add(iri.clone(), n(SKOS, "prefLabel"), en(&k.en));
        sink.add(iri.clone(), n(SKOS, "prefLabel"), ar(&k.ar));
        sink.add(iri.clone(), isnad("sign"), Literal::from(i32::from(k.sign)));
        sink.add(iri.clone(), isnad("cameoRoot"), Literal::new_simple_literal(&k.cameo));
        sink.add(iri, isnad("goldstein"), Literal::new_typed_literal(format!("{:.1}", k.goldstein), xsd::DECIMAL));
    }
    for t in lex.claim_types.values() {
        let iri = claim_type_iri(&t.name);
        sink.add(iri.clone(), rdf::TYPE.into_owned(), isnad("ClaimType"));
        sink.add(iri.clone(), isnad("id"), Literal::new_simple_literal(&t.name));
        sink.add(iri.clone(), n(SKOS, "prefLabel"), en(&t.en));
        sink.add(iri.clone(), n(SKOS, "prefLabel"), ar(&t.ar));
        sink.add(iri.clone(), isnad("cameoRoot"), Literal::new_simple_literal(&t.cameo));
        sink.add(iri.clone(), isnad("cameoEvent"), Literal::new_simple_literal(&t.event));
        sink.add(iri, isnad("goldstein"), Literal::new_typed_literal(format!("{:.1}", t.goldstein), xsd::DECIMAL));
    }
    let g = gazetteer_graph();
    sink.add(g.clone(), isnad("fingerprint"), Literal::new_simple_literal(fingerprint));
    sink.add(g, n(PROV, "wasGeneratedBy"), extraction_iri(fingerprint));
    for a in gaz.actors.iter().filter(|a| a.origin == DefOrigin::Gazetteer) {
        describe_actor(&mut sink, a);
        let iri = actor_iri(&a.id);
        if let Some(s) = lex.states.get(&a.id) {
            for alt in s.ar.iter().skip(1) {
                sink.add(iri.clone(), n(SKOS, "altLabel"), ar(alt));
            }
            for nisba in &s.nisbas {
                sink.add(iri.clone(), isnad("nisba"), ar(nisba));
            }
            for c in &s.capital_ar {
                sink.add(iri.clone(), isnad("metonym"), ar(c));
            }
        } else if let Some(e) = lex.actors.get(&a.id) {
            for alt in e.ar.iter().skip(1) {
                sink.add(iri.clone(), n(SKOS, "altLabel"), ar(alt));
            }
        }
    }
    sink.quads
}

/// A build run: the corpus it read (as article IRIs), in the builds graph.
/// Its IRI derives from the extraction fingerprint and the set of articles,
/// so rebuilding the same corpus records the same run.
pub fn build_quads(fingerprint: &str, article_keys: &[String]) -> Vec<Quad> {
    use sha2::{Digest, Sha256};
    let mut keys: Vec<&String> = article_keys.iter().collect();
    keys.sort();
    let mut h = Sha256::new();
    h.update(fingerprint.as_bytes());
    for k in &keys {
        h.update(b"\n");
        h.update(k.as_bytes());
    }
    let id = crate::lexicon::hex(&h.finalize()[..8]);
    let mut sink = Sink { graph: builds_graph().into(), quads: Vec::new() };
    let run = n(BASE, &format!("activity/build/{id}"));
    sink.add(run.clone(), rdf::TYPE.into_owned(), n(PROV, "Activity"));
    sink.add(run.clone(), rdf::TYPE.into_owned(), isnad("Build"));
    sink.add(run.clone(), n(PROV, "wasAssociatedWith"), software_agent());
    sink.add(run.clone(), n(PROV, "wasInformedBy"), extraction_iri(fingerprint));
    sink.add(run.clone(), isnad("articleCount"), int(keys.len()));
    for k in keys {
        sink.add(run.clone(), n(PROV, "used"), article_iri(k));
    }
    sink.quads
}

/// The extraction activity and software agent, in the builds graph.
pub fn activity_quads(lex: &Lexicon, fingerprint: &str) -> Vec<Quad> {
    let mut sink = Sink { graph: builds_graph().into(), quads: Vec::new() };
    let act = extraction_iri(fingerprint);
    let agent = software_agent();
    sink.add(act.clone(), rdf::TYPE.into_owned(), n(PROV, "Activity"));
    sink.add(act.clone(), n(PROV, "wasAssociatedWith"), agent.clone());
    sink.add(act.clone(), isnad("fingerprint"), Literal::new_simple_literal(fingerprint));
    sink.add(act.clone(), isnad("lexiconFingerprint"), Literal::new_simple_literal(&lex.fingerprint));
    sink.add(agent.clone(), rdf::TYPE.into_owned(), n(PROV, "SoftwareAgent"));
    sink.add(agent, n(SKOS, "prefLabel"), en(&format!("isnad {VERSION}")));
    sink.quads
}
