//! The SPARQL 1.1 Protocol, read-only: a request's query and dataset, the
//! answer's format by content negotiation, evaluation under a time limit
//! and a result limit, and the service description.

use std::sync::mpsc;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf::TYPE as RDF_TYPE;
use oxigraph::model::{BlankNode, GraphName, NamedNode, NamedOrBlankNode, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::Store;

use crate::rdf;
use crate::store::cache::Cache;

/// A failed request: its HTTP status and a message for the person or
/// program that sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// What went wrong and what to do.
    pub message: String,
    /// Seconds after which asking again may succeed (`Retry-After`).
    pub retry_after: Option<u32>,
}

impl Refusal {
    /// A refusal with `status`.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Refusal { status, message: message.into(), retry_after: None }
    }

    /// The same, to be asked again after `seconds`.
    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }
}

/// What a query request asks, once its parameters are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryRequest {
    /// The SPARQL text.
    pub query: String,
    /// `default-graph-uri` parameters.
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` parameters.
    pub named_graphs: Vec<String>,
    /// A `format` parameter (json, xml, csv, tsv, turtle, ntriples, nquads,
    /// trig): a download link's choice, over the Accept header.
    pub format: Option<String>,
}

impl QueryRequest {
    /// Reads the protocol's parameters; `query` is `None` when none was
    /// given (a service description is asked then).
    pub fn from_params(params: &[(String, String)]) -> Result<Option<Self>, Refusal> {
        let mut r = QueryRequest::default();
        let mut query = None;
        for (k, v) in params {
            match k.as_str() {
                "query" if query.is_some() => {
                    return Err(Refusal::new(400, "more than one `query` parameter: give exactly one"));
                }
                "query" => query = Some(v.clone()),
                "update" | "using-graph-uri" | "using-named-graph-uri" => return Err(read_only()),
                "default-graph-uri" => r.default_graphs.push(v.clone()),
                "named-graph-uri" => r.named_graphs.push(v.clone()),
                "format" | "output" => r.format = Some(v.clone()),
                _ => {}
            }
        }
        Ok(query.map(|q| QueryRequest { query: q, ..r }))
    }
}

/// The refusal of an update.
pub fn read_only() -> Refusal {
    Refusal::new(403, "this endpoint is read-only: SPARQL updates are refused (build the store with `isnad build`)")
}

/// An answer: media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// `Content-Type`.
    pub media_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
}

/// Limits on one query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Evaluation and serialisation together stop after this long.
    pub timeout: Duration,
    /// At most this many solutions (or triples).
    pub max_results: usize,
}

/// What kind of result a query gives, for negotiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Solutions,
    Graph,
}

const RESULT_FORMATS: [(QueryResultsFormat, &str, &str); 4] = [
    (QueryResultsFormat::Json, "application/sparql-results+json", "json"),
    (QueryResultsFormat::Xml, "application/sparql-results+xml", "xml"),
    (QueryResultsFormat::Csv, "text/csv", "csv"),
    (QueryResultsFormat::Tsv, "text/tab-separated-values", "tsv"),
];

const GRAPH_FORMATS: [(RdfFormat, &str, &str); 4] = [
    (RdfFormat::Turtle, "text/turtle", "turtle"),
    (RdfFormat::NTriples, "application/n-triples", "ntriples"),
    (RdfFormat::NQuads, "application/n-quads", "nquads"),
    (RdfFormat::TriG, "application/trig", "trig"),
];

/// Media types a client may also send for the formats above.
fn alias(media: &str) -> &str {
    match media {
        "application/json" => "application/sparql-results+json",
        "application/xml" | "text/xml" => "application/sparql-results+xml",
        "text/plain" => "application/n-triples",
        "application/x-turtle" => "text/turtle",
        other => other,
    }
}

/// The Accept header as (media type, quality), most wanted first.
fn accepted(accept: Option<&str>) -> Vec<(String, f32)> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return vec![("*/*".into(), 1.0)];
    };
    let mut out: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let media = pieces.next()?.trim().to_ascii_lowercase();
            if media.is_empty() {
                return None;
            }
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((media, q))
        })
        .filter(|(_, q)| *q > 0.0)
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// Index of the format to answer in among `offered` (media type, name),
/// the first offered being the default.
fn negotiate(offered: &[(&str, &str)], accept: Option<&str>, format: Option<&str>) -> Result<usize, Refusal> {
    let names = || offered.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ");
    if let Some(f) = format {
        let f = f.to_ascii_lowercase();
        return offered.iter().position(|(m, n)| *n == f || *m == alias(&f)).ok_or_else(|| {
            Refusal::new(400, format!("format `{f}` is not offered for this query; one of: {}", names()))
        });
    }
    for (media, _) in accepted(accept) {
        if media == "*/*" {
            return Ok(0);
        }
        if let Some(major) = media.strip_suffix("/*")
            && let Some(i) = offered.iter().position(|(m, _)| m.split('/').next() == Some(major))
        {
            return Ok(i);
        }
        if let Some(i) = offered.iter().position(|(m, _)| *m == alias(&media)) {
            return Ok(i);
        }
    }
    Err(Refusal::new(
        406,
        format!(
            "none of the accepted media types is offered for this query; offered: {}",
            offered.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(", ")
        ),
    ))
}

/// Cancels a token after `timeout` unless dropped first.
struct Watchdog {
    _stop: mpsc::Sender<()>,
}

impl Watchdog {
    fn start(token: CancellationToken, timeout: Duration) -> Self {
        let (tx, rx) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(timeout) {
                token.cancel();
            }
        });
        Watchdog { _stop: tx }
    }
}

fn evaluation_refusal(e: QueryEvaluationError, limits: QueryLimits) -> Refusal {
    match e {
        QueryEvaluationError::Cancelled => Refusal::new(
            503,
            format!(
                "the query was stopped after {} s, the time limit of this server (isnad serve --timeout)",
                limits.timeout.as_secs_f64()
            ),
        ),
        QueryEvaluationError::UnsupportedService(iri) => Refusal::new(
            403,
            format!("SERVICE <{}> is refused: this server sends no request off its machine", iri.as_str()),
        ),
        other => Refusal::new(500, format!("evaluating the query: {other}")),
    }
}

fn too_many(limits: QueryLimits) -> Refusal {
    Refusal::new(
        413,
        format!(
            "the query gives more than {} results, the limit of this server (isnad serve --max-results): add a LIMIT or narrow it",
            limits.max_results
        ),
    )
}

fn write_rows<E>(
    format: QueryResultsFormat,
    vars: Vec<Variable>,
    rows: impl Iterator<Item = Result<QuerySolution, E>>,
    limits: QueryLimits,
    on_error: impl Fn(E) -> Refusal,
) -> Result<Vec<u8>, Refusal> {
    let io = |e: std::io::Error| Refusal::new(500, format!("writing the results: {e}"));
    let mut out = Vec::new();
    let mut w =
        QueryResultsSerializer::from_format(format).serialize_solutions_to_writer(&mut out, vars).map_err(io)?;
    for (n, row) in rows.enumerate() {
        if n >= limits.max_results {
            return Err(too_many(limits));
        }
        w.serialize(&row.map_err(&on_error)?).map_err(io)?;
    }
    w.finish().map_err(io)?;
    Ok(out)
}

/// Answers a query: from the results the last build kept when it is one of
/// those queries word for word over the default dataset, else from the
/// store, under `limits`.
pub fn answer(
    store: &Store,
    cache: &Cache,
    req: &QueryRequest,
    accept: Option<&str>,
    limits: QueryLimits,
) -> Result<Answer, Refusal> {
    let token = CancellationToken::new();
    let parsed = spargebra::SparqlParser::new()
        .parse_query(&req.query)
        .map_err(|e| Refusal::new(400, crate::queries::syntax_message("the query", &e.to_string())))?;
    let kind = match parsed {
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => Kind::Graph,
        spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => Kind::Solutions,
    };
    let mut prepared = SparqlEvaluator::new().with_cancellation_token(token.clone()).for_query(parsed);
    // The dataset's IRIs, each checked, named by the parameter that gave it.
    let iris = |list: &[String], param: &str| {
        list.iter()
            .map(|s| {
                NamedNode::new(s.clone()).map_err(|e| Refusal::new(400, format!("{param} `{s}` is not an IRI: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()
    };
    if !req.default_graphs.is_empty() {
        let graphs = iris(&req.default_graphs, "default-graph-uri")?;
        prepared.dataset_mut().set_default_graph(graphs.into_iter().map(GraphName::NamedNode).collect());
    }
    if !req.named_graphs.is_empty() {
        let graphs = iris(&req.named_graphs, "named-graph-uri")?;
        prepared
            .dataset_mut()
            .set_available_named_graphs(graphs.into_iter().map(NamedOrBlankNode::NamedNode).collect());
    }
    let offered: Vec<(&str, &str)> = match kind {
        Kind::Solutions => RESULT_FORMATS.iter().map(|(_, m, n)| (*m, *n)).collect(),
        Kind::Graph => GRAPH_FORMATS.iter().map(|(_, m, n)| (*m, *n)).collect(),
    };
    let chosen = negotiate(&offered, accept, req.format.as_deref())?;
    if kind == Kind::Solutions && req.default_graphs.is_empty() && req.named_graphs.is_empty() {
        let kept = cache.select_text(&req.query).map_err(|e| Refusal::new(500, e.to_string()))?;
        if let Some((vars, rows)) = kept {
            let (format, media, _) = RESULT_FORMATS[chosen];
            let body = write_rows(
                format,
                vars,
                rows.into_iter().map(Ok::<_, std::convert::Infallible>),
                limits,
                |e| match e {},
            )?;
            return Ok(Answer { media_type: media, body });
        }
    }
    let _watchdog = Watchdog::start(token, limits.timeout);
    let results = prepared.on_store(store).execute().map_err(|e| evaluation_refusal(e, limits))?;
    match results {
        QueryResults::Solutions(rows) => {
            let (format, media, _) = RESULT_FORMATS[chosen.min(RESULT_FORMATS.len() - 1)];
            let vars = rows.variables().to_vec();
            let body = write_rows(format, vars, rows, limits, |e| evaluation_refusal(e, limits))?;
            Ok(Answer { media_type: media, body })
        }
        QueryResults::Boolean(b) => {
            let (format, media, _) = RESULT_FORMATS[chosen.min(RESULT_FORMATS.len() - 1)];
            let mut body = Vec::new();
            QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(&mut body, b)
                .map_err(|e| Refusal::new(500, format!("writing the result: {e}")))?;
            Ok(Answer { media_type: media, body })
        }
        QueryResults::Graph(triples) => {
            let (format, media, _) = GRAPH_FORMATS[chosen.min(GRAPH_FORMATS.len() - 1)];
            let io = |e: std::io::Error| Refusal::new(500, format!("writing the graph: {e}"));
            let mut s = RdfSerializer::from_format(format);
            for (p, ns) in rdf::PREFIXES {
                s = s.with_prefix(p, ns).map_err(|e| Refusal::new(500, e.to_string()))?;
            }
            let mut body = Vec::new();
            let mut w = s.for_writer(&mut body);
            for (n, t) in triples.enumerate() {
                if n >= limits.max_results {
                    return Err(too_many(limits));
                }
                w.serialize_triple(&t.map_err(|e| evaluation_refusal(e, limits))?).map_err(io)?;
            }
            w.finish().map_err(io)?;
            Ok(Answer { media_type: media, body })
        }
    }
}

/// The SPARQL 1.1 Service Description of the endpoint at `endpoint`, in
/// the negotiated RDF format.
pub fn service_description(endpoint: &str, accept: Option<&str>) -> Result<Answer, Refusal> {
    let offered: Vec<(&str, &str)> = GRAPH_FORMATS.iter().map(|(_, m, n)| (*m, *n)).collect();
    let chosen = negotiate(&offered, accept, None)?;
    let (format, media, _) = GRAPH_FORMATS[chosen];
    const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let formats = |local: &str| NamedNode::new_unchecked(format!("http://www.w3.org/ns/formats/{local}"));
    let service = NamedNode::new(endpoint).map_err(|e| Refusal::new(500, format!("the endpoint's IRI: {e}")))?;
    let (dataset, graph) = (BlankNode::default(), BlankNode::default());
    let mut triples = vec![
        Triple::new(service.clone(), RDF_TYPE, sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), service.clone()),
        Triple::new(service.clone(), sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple::new(service.clone(), sd("defaultDataset"), dataset.clone()),
        Triple::new(dataset.clone(), RDF_TYPE, sd("Dataset")),
        Triple::new(dataset, sd("defaultGraph"), graph.clone()),
        Triple::new(graph, RDF_TYPE, sd("Graph")),
    ];
    for f in [
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "N-Quads",
        "TriG",
    ] {
        triples.push(Triple::new(service.clone(), sd("resultFormat"), formats(f)));
    }
    let err = |e: std::io::Error| Refusal::new(500, format!("writing the service description: {e}"));
    // Prefixes are used by the formats that have them, ignored by the others.
    let mut w = RdfSerializer::from_format(format)
        .with_prefix("sd", SD)
        .map_err(|e| Refusal::new(500, e.to_string()))?
        .for_writer(Vec::new());
    for t in &triples {
        w.serialize_triple(t).map_err(err)?;
    }
    Ok(Answer { media_type: media, body: w.finish().map_err(err)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<(&'static str, &'static str)> {
        RESULT_FORMATS.iter().map(|(_, m, n)| (*m, *n)).collect()
    }

    #[test]
    fn accept_headers_choose_by_quality_and_wildcards() {
        let o = names();
        assert_eq!(negotiate(&o, None, None), Ok(0));
        assert_eq!(negotiate(&o, Some("text/csv"), None), Ok(2));
        assert_eq!(negotiate(&o, Some("text/csv;q=0.5, application/sparql-results+xml"), None), Ok(1));
        assert_eq!(negotiate(&o, Some("application/json"), None), Ok(0));
        assert_eq!(negotiate(&o, Some("text/*"), None), Ok(2));
        assert_eq!(negotiate(&o, Some("image/png"), None).unwrap_err().status, 406);
        // A format parameter wins over the header; an unknown one is named.
        assert_eq!(negotiate(&o, Some("text/csv"), Some("tsv")), Ok(3));
        let e = negotiate(&o, None, Some("yaml")).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.contains("yaml") && e.message.contains("json, xml, csv, tsv"), "{}", e.message);
    }

    #[test]
    fn parameters_are_read_as_the_protocol_says() {
        let p = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
        };
        let r = QueryRequest::from_params(&p(&[("query", "ASK {}"), ("default-graph-uri", "http://g/1")]))
            .unwrap()
            .unwrap();
        assert_eq!(r.query, "ASK {}");
        assert_eq!(r.default_graphs, ["http://g/1"]);
        assert_eq!(QueryRequest::from_params(&p(&[])).unwrap(), None);
        assert_eq!(QueryRequest::from_params(&p(&[("query", "a"), ("query", "b")])).unwrap_err().status, 400);
        assert_eq!(QueryRequest::from_params(&p(&[("update", "CLEAR ALL")])).unwrap_err().status, 403);
    }

    fn store() -> Store {
        let s = Store::new().unwrap();
        let ex = |n: u32| NamedNode::new(format!("http://e/{n}")).unwrap();
        for i in 0..10 {
            s.insert(&oxigraph::model::Quad::new(ex(i), ex(100), ex(i + 1), GraphName::DefaultGraph)).unwrap();
        }
        s
    }

    fn limits() -> QueryLimits {
        QueryLimits { timeout: Duration::from_secs(10), max_results: 5 }
    }

    fn ask(q: &str, accept: Option<&str>) -> Result<Answer, Refusal> {
        let req = QueryRequest { query: q.into(), ..Default::default() };
        answer(&store(), &Cache::none(), &req, accept, limits())
    }

    #[test]
    fn answers_in_the_negotiated_format_within_the_limits() {
        let a = ask("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2", Some("text/csv")).unwrap();
        assert_eq!(a.media_type, "text/csv");
        assert_eq!(String::from_utf8(a.body).unwrap().lines().count(), 3);
        let a = ask("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", Some("application/n-triples")).unwrap();
        assert_eq!(a.media_type, "application/n-triples");
        assert_eq!(String::from_utf8(a.body).unwrap().lines().count(), 1);
        // The form is the parsed query's, whatever words its comments hold.
        let a = ask("# CONSTRUCT in a comment\nSELECT ?s WHERE { ?s ?p \"DESCRIBE\" }", None).unwrap();
        assert_eq!(a.media_type, "application/sparql-results+json");
        let a = ask("DESCRIBE <http://e/1>", Some("text/turtle")).unwrap();
        assert_eq!(a.media_type, "text/turtle");
        let a = ask("ASK { ?s ?p ?o }", None).unwrap();
        assert!(String::from_utf8(a.body).unwrap().contains("true"));
        // Ten rows against a limit of five: refused, said why.
        let e = ask("SELECT * WHERE { ?s ?p ?o }", None).unwrap_err();
        assert_eq!(e.status, 413);
        assert!(e.message.contains("more than 5 results"), "{}", e.message);
        let e = ask("SELEC * WHERE { ?s ?p ?o }", None).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.starts_with("syntax error in the query at line 1"), "{}", e.message);
        let req = QueryRequest {
            query: "ASK { ?s ?p ?o }".into(),
            named_graphs: vec!["not an iri".into()],
            ..Default::default()
        };
        let e = answer(&store(), &Cache::none(), &req, None, limits()).unwrap_err();
        assert_eq!(e.status, 400);
        assert!(e.message.starts_with("named-graph-uri `not an iri` is not an IRI"), "{}", e.message);
        let e = ask("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", None).unwrap_err();
        assert_eq!(e.status, 403);
        assert!(e.message.contains("SERVICE <http://example.org/sparql> is refused"), "{}", e.message);
    }

    #[test]
    fn a_query_past_the_time_limit_is_stopped() {
        let req = QueryRequest {
            // Ten to the power of eight rows, counted: far past the limit.
            query: "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?s ?h . ?i ?t ?j . ?k ?u ?l . ?m ?v ?n2 . ?o ?w ?x }".into(),
            ..Default::default()
        };
        let limits = QueryLimits { timeout: Duration::from_millis(200), max_results: 5 };
        let e = answer(&store(), &Cache::none(), &req, None, limits).unwrap_err();
        assert_eq!(e.status, 503, "{}", e.message);
        assert!(e.message.contains("time limit"), "{}", e.message);
    }

    #[test]
    fn the_service_description_names_the_endpoint() {
        let a = service_description("http://127.0.0.1:7878/query", Some("text/turtle")).unwrap();
        let ttl = String::from_utf8(a.body).unwrap();
        assert!(ttl.contains("<http://127.0.0.1:7878/query>"), "{ttl}");
        assert!(ttl.contains("SPARQL11Query"), "{ttl}");
        let a = service_description("http://127.0.0.1:7878/query", Some("application/n-triples")).unwrap();
        assert_eq!(a.media_type, "application/n-triples");
    }
}
