//! Any SPARQL 1.1 store over HTTP: queries through the SPARQL 1.1 Protocol
//! (`--endpoint`), graphs written and read through the SPARQL 1.1 Graph
//! Store HTTP Protocol (`--graph-store`).
//!
//! Every request is retried with a growing pause when the store cannot be
//! reached or answers 5xx or 429, and gives up with the URL, the status and
//! the first words of the store's answer. Credentials come from the
//! environment ([`USER_VAR`] and [`PASSWORD_VAR`] for HTTP basic, or
//! [`TOKEN_VAR`] for a bearer token), never from the command line, and never
//! appear in a message.

use std::io::Read as _;
use std::time::Duration;

use oxhttp::Client;
use oxhttp::model::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{QueryResults, QueryTripleIter};

use super::{Read, ReadError};

/// The environment variable of the user name for HTTP basic authentication.
pub const USER_VAR: &str = "ISNAD_REMOTE_USER";
/// The environment variable of the password for HTTP basic authentication.
pub const PASSWORD_VAR: &str = "ISNAD_REMOTE_PASSWORD";
/// The environment variable of a bearer token.
pub const TOKEN_VAR: &str = "ISNAD_REMOTE_TOKEN";

/// Why a remote store could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// A URL given is not an http(s) URL.
    #[error("{url} is not an http:// or https:// URL")]
    BadUrl {
        /// The URL.
        url: String,
    },
    /// The store could not be reached.
    #[error("the store at {url} could not be reached ({message}) after {attempts} attempts over {waited:.1} s")]
    Unreachable {
        /// The URL asked.
        url: String,
        /// Why.
        message: String,
        /// Attempts made.
        attempts: u32,
        /// Seconds spent waiting between them.
        waited: f64,
    },
    /// The store refused the request.
    #[error("{what}: the store at {url} answered {status}{hint}: {body}")]
    Refused {
        /// What was asked.
        what: String,
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// A hint for authentication failures.
        hint: String,
        /// The start of the store's answer.
        body: String,
    },
    /// The answer could not be read.
    #[error("{what}: the answer of {url} could not be read: {message}")]
    BadAnswer {
        /// What was asked.
        what: String,
        /// The URL asked.
        url: String,
        /// Why.
        message: String,
    },
    /// Writing needs the Graph Store endpoint.
    #[error("{0} writes graphs: give the store's Graph Store Protocol endpoint with --graph-store URL")]
    NoGraphStore(String),
    /// The environment gives half of a credential.
    #[error("{0}")]
    Credentials(String),
}

/// How patient a remote store's client is.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Timeout of one request (connection, upload and answer).
    pub timeout: Duration,
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// The pause after the first failed attempt; it doubles after each.
    pub first_pause: Duration,
}

impl Default for Patience {
    fn default() -> Self {
        Patience { timeout: Duration::from_secs(300), attempts: 6, first_pause: Duration::from_millis(500) }
    }
}

/// A SPARQL 1.1 store over HTTP.
pub struct Remote {
    endpoint: String,
    graph_store: Option<String>,
    client: Client,
    auth: Option<HeaderValue>,
    patience: Patience,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote")
            .field("endpoint", &self.endpoint)
            .field("graph_store", &self.graph_store)
            .field("auth", &self.auth.as_ref().map(|_| "(from the environment)"))
            .finish()
    }
}

fn check_url(url: &str) -> Result<String, RemoteError> {
    let lower = url.to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://")) && url.parse::<oxhttp::model::Uri>().is_ok() {
        Ok(url.to_string())
    } else {
        Err(RemoteError::BadUrl { url: url.to_string() })
    }
}

/// The Authorization header the environment asks for, if any.
pub fn auth_from(vars: impl Fn(&str) -> Option<String>) -> Result<Option<HeaderValue>, RemoteError> {
    use base64::Engine as _;
    let value = match (vars(USER_VAR), vars(PASSWORD_VAR), vars(TOKEN_VAR)) {
        (_, _, Some(token)) if !token.is_empty() => format!("Bearer {token}"),
        (Some(user), password, _) if !user.is_empty() => {
            let pair = format!("{user}:{}", password.unwrap_or_default());
            format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
        }
        (None | Some(_), Some(p), _) if !p.is_empty() => {
            return Err(RemoteError::Credentials(format!("{PASSWORD_VAR} is set but {USER_VAR} is not")));
        }
        _ => return Ok(None),
    };
    let mut h = HeaderValue::from_str(&value).map_err(|_| {
        RemoteError::Credentials(format!(
            "the credentials in {USER_VAR}/{PASSWORD_VAR}/{TOKEN_VAR} hold characters no HTTP header can carry"
        ))
    })?;
    h.set_sensitive(true);
    Ok(Some(h))
}

fn graph_param(graph: GraphNameRef<'_>) -> String {
    match graph {
        GraphNameRef::NamedNode(n) => {
            format!("graph={}", form_urlencoded::byte_serialize(n.as_str().as_bytes()).collect::<String>())
        }
        _ => "default".to_string(),
    }
}

fn with_param(base: &str, param: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{param}")
}

/// The first characters of an answer, on one line.
fn excerpt(body: &str) -> String {
    let one: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = one.chars().take(300).collect();
    if cut.len() < one.len() {
        cut.push_str(" …");
    }
    if cut.is_empty() { "(no text)".into() } else { cut }
}

impl Remote {
    /// A store with this query endpoint and, to write, this Graph Store
    /// endpoint; credentials from the environment.
    pub fn new(endpoint: &str, graph_store: Option<&str>) -> Result<Self, RemoteError> {
        Self::with(endpoint, graph_store, auth_from(|v| std::env::var(v).ok())?, Patience::default())
    }

    /// A store with the given credentials header and patience.
    pub fn with(
        endpoint: &str,
        graph_store: Option<&str>,
        auth: Option<HeaderValue>,
        patience: Patience,
    ) -> Result<Self, RemoteError> {
        let client = Client::new()
            .with_global_timeout(patience.timeout)
            .with_redirection_limit(5)
            .with_user_agent(concat!("isnad/", env!("CARGO_PKG_VERSION")))
            .expect("a valid user agent");
        Ok(Remote {
            endpoint: check_url(endpoint)?,
            graph_store: graph_store.map(check_url).transpose()?,
            client,
            auth,
            patience,
        })
    }

    /// The query endpoint.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The Graph Store endpoint, or the error that names `what` needs it.
    pub fn graph_store(&self, what: &str) -> Result<&str, RemoteError> {
        self.graph_store.as_deref().ok_or_else(|| RemoteError::NoGraphStore(what.to_string()))
    }

    /// Sends a request made by `make` (once per attempt), retrying on
    /// connection errors, 5xx and 429. Returns the answer with a status
    /// below 300, or in `ok_also`.
    fn send(
        &self,
        what: &str,
        url: &str,
        ok_also: &[StatusCode],
        make: &dyn Fn() -> Request<Body>,
    ) -> Result<Response<Body>, RemoteError> {
        let mut pause = self.patience.first_pause;
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut req = make();
            if let Some(a) = &self.auth {
                req.headers_mut().insert(AUTHORIZATION, a.clone());
            }
            let failure = match self.client.request(req) {
                Ok(resp) if resp.status().as_u16() < 300 || ok_also.contains(&resp.status()) => return Ok(resp),
                Ok(resp) => {
                    let status = resp.status();
                    let retry = status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS;
                    let mut text = String::new();
                    let _ = resp.into_body().take(64 * 1024).read_to_string(&mut text);
                    let hint = match status {
                        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => format!(
                            " (authentication: set {USER_VAR} and {PASSWORD_VAR}, or {TOKEN_VAR}, to credentials the store accepts)"
                        ),
                        _ => String::new(),
                    };
                    let refused = RemoteError::Refused {
                        what: what.to_string(),
                        url: url.to_string(),
                        status: status.as_u16(),
                        hint,
                        body: excerpt(&text),
                    };
                    if !retry {
                        return Err(refused);
                    }
                    refused
                }
                Err(e) => RemoteError::Unreachable {
                    url: url.to_string(),
                    message: e.to_string(),
                    attempts: attempt,
                    waited: waited.as_secs_f64(),
                },
            };
            if attempt >= self.patience.attempts.max(1) {
                return Err(match failure {
                    RemoteError::Unreachable { url, message, .. } => {
                        RemoteError::Unreachable { url, message, attempts: attempt, waited: waited.as_secs_f64() }
                    }
                    other => other,
                });
            }
            std::thread::sleep(pause);
            waited += pause;
            pause = (pause * 2).min(Duration::from_secs(30));
        }
    }

    fn bad_answer(what: &str, url: &str, e: impl std::fmt::Display) -> RemoteError {
        RemoteError::BadAnswer { what: what.to_string(), url: url.to_string(), message: e.to_string() }
    }

    /// Replaces a graph with these triples (the quads' graph names are
    /// dropped): one PUT, which the store applies whole.
    pub fn put_graph(&self, graph: GraphNameRef<'_>, quads: &[Quad]) -> Result<(), RemoteError> {
        self.write_graph(Method::PUT, graph, quads)
    }

    fn write_graph(&self, method: Method, graph: GraphNameRef<'_>, quads: &[Quad]) -> Result<(), RemoteError> {
        let base = self.graph_store("writing a graph")?;
        let url = with_param(base, &graph_param(graph));
        let mut body = Vec::with_capacity(quads.len() * 160);
        let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut body);
        for q in quads {
            w.serialize_triple(Triple::from(q.clone()).as_ref()).expect("writing to memory");
        }
        w.finish().expect("writing to memory");
        let what = format!("writing the graph {graph}");
        self.send(&what, &url, &[], &|| {
            Request::builder()
                .method(method.clone())
                .uri(&url)
                .header(CONTENT_TYPE, "application/n-triples")
                .body(Body::from(body.clone()))
                .expect("a valid request")
        })?;
        Ok(())
    }

    /// Adds these triples to a graph (the quads' graph names are dropped):
    /// one POST, which merges them with what the graph holds.
    pub fn post_graph(&self, graph: GraphNameRef<'_>, quads: &[Quad]) -> Result<(), RemoteError> {
        self.write_graph(Method::POST, graph, quads)
    }

    /// Removes a graph; false when the store did not have it.
    pub fn delete_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, RemoteError> {
        let base = self.graph_store("removing a graph")?;
        let url = with_param(base, &graph_param(graph.into()));
        let what = format!("removing the graph {graph}");
        let resp = self.send(&what, &url, &[StatusCode::NOT_FOUND], &|| {
            Request::builder().method(Method::DELETE).uri(&url).body(Body::empty()).expect("a valid request")
        })?;
        Ok(resp.status() != StatusCode::NOT_FOUND)
    }

    /// The quads of one graph, by a GET of the Graph Store (a missing graph
    /// has none).
    pub fn get_graph(&self, graph: GraphNameRef<'_>) -> Result<Vec<Quad>, RemoteError> {
        let base = self.graph_store("reading a graph")?;
        let url = with_param(base, &graph_param(graph));
        let what = format!("reading the graph {graph}");
        let resp = self.send(&what, &url, &[StatusCode::NOT_FOUND], &|| {
            Request::builder()
                .method(Method::GET)
                .uri(&url)
                .header(ACCEPT, "application/n-triples, text/turtle;q=0.5")
                .body(Body::empty())
                .expect("a valid request")
        })?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(Vec::new());
        }
        let format = content_type(&resp).and_then(|m| RdfFormat::from_media_type(&m)).unwrap_or(RdfFormat::NTriples);
        let name = graph.into_owned();
        RdfParser::from_format(format)
            .for_reader(resp.into_body())
            .map(|t| t.map(|q| Quad::new(q.subject, q.predicate, q.object, name.clone())))
            .collect::<Result<_, _>>()
            .map_err(|e| Self::bad_answer(&what, &url, e))
    }

    /// POSTs a query (any form) to the endpoint and returns the answer.
    fn ask(&self, origin: &str, sparql: &str) -> Result<Response<Body>, RemoteError> {
        let url = self.endpoint.clone();
        let form: String = form_urlencoded::Serializer::new(String::new()).append_pair("query", sparql).finish();
        self.send(&format!("evaluating {origin}"), &url, &[], &|| {
            Request::builder()
                .method(Method::POST)
                .uri(&url)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(
                    ACCEPT,
                    "application/sparql-results+json, application/n-triples;q=0.9, application/sparql-results+xml;q=0.8, text/turtle;q=0.5",
                )
                .body(Body::from(form.clone()))
                .expect("a valid request")
        })
    }
}

fn content_type(resp: &Response<Body>) -> Option<String> {
    let v = resp.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    Some(v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
}

impl Read for Remote {
    fn location(&self) -> String {
        self.endpoint.clone()
    }

    fn query(&self, origin: &str, sparql: &str) -> Result<QueryResults<'_>, ReadError> {
        let resp = self.ask(origin, sparql)?;
        let what = format!("evaluating {origin}");
        let media = content_type(&resp).unwrap_or_default();
        if let Some(f) = QueryResultsFormat::from_media_type(&media) {
            let parsed = QueryResultsParser::from_format(f)
                .for_reader(resp.into_body())
                .map_err(|e| Self::bad_answer(&what, &self.endpoint, e))?;
            return Ok(parsed.into());
        }
        let format = RdfFormat::from_media_type(&media)
            .ok_or_else(|| Self::bad_answer(&what, &self.endpoint, format!("unexpected media type {media:?}")))?;
        let endpoint = self.endpoint.clone();
        let triples = RdfParser::from_format(format).for_reader(resp.into_body()).map(move |q| {
            q.map(Triple::from).map_err(|e| {
                oxigraph::sparql::QueryEvaluationError::Service(Box::new(Self::bad_answer(
                    "reading a graph answer",
                    &endpoint,
                    e,
                )))
            })
        });
        Ok(QueryResults::Graph(QueryTripleIter::new(triples)))
    }

    fn quads(
        &self,
        subject: Option<NamedNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> Result<Vec<Quad>, ReadError> {
        // A whole graph: one GET from the Graph Store, when there is one.
        if let (None, None, Some(g), Some(_)) = (subject, predicate, graph, &self.graph_store) {
            return Ok(self.get_graph(g)?);
        }
        let s = subject.map_or("?s".to_string(), |s| s.to_string());
        let p = predicate.map_or("?p".to_string(), |p| p.to_string());
        let pattern = match graph {
            Some(GraphNameRef::NamedNode(g)) => format!("GRAPH {g} {{ {s} {p} ?o }}"),
            Some(_) => format!("{s} {p} ?o"),
            None => format!("{{ {s} {p} ?o }} UNION {{ GRAPH ?g {{ {s} {p} ?o }} }}"),
        };
        let (_, rows) = self.select_rows("a quad pattern", &format!("SELECT * WHERE {{ {pattern} }}"))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let subject: NamedOrBlankNode = match (subject, r.get("s")) {
                (Some(s), _) => s.into_owned().into(),
                (None, Some(Term::NamedNode(n))) => n.clone().into(),
                (None, Some(Term::BlankNode(b))) => b.clone().into(),
                _ => continue,
            };
            let predicate = match (predicate, r.get("p")) {
                (Some(p), _) => p.into_owned(),
                (None, Some(Term::NamedNode(n))) => n.clone(),
                _ => continue,
            };
            let Some(object) = r.get("o").cloned() else { continue };
            let graph_name = match (graph, r.get("g")) {
                (Some(g), _) => g.into_owned(),
                (None, Some(Term::NamedNode(n))) => GraphName::NamedNode(n.clone()),
                (None, Some(Term::BlankNode(b))) => GraphName::BlankNode(b.clone()),
                (None, _) => GraphName::DefaultGraph,
            };
            out.push(Quad::new(subject, predicate, object, graph_name));
        }
        Ok(out)
    }

    fn graph_names(&self) -> Result<Vec<NamedOrBlankNode>, ReadError> {
        let (_, rows) = self.select_rows("the graph names", "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")?;
        let mut graphs: Vec<NamedOrBlankNode> = rows
            .iter()
            .filter_map(|r| match r.get("g") {
                Some(Term::NamedNode(n)) => Some(n.clone().into()),
                _ => None,
            })
            .collect();
        graphs.sort_by_key(|a| a.to_string());
        graphs.dedup();
        Ok(graphs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        move |v| pairs.iter().find(|(k, _)| k == v).map(|(_, x)| x.clone())
    }

    #[test]
    fn credentials_come_from_the_environment() {
        assert!(auth_from(vars(&[])).unwrap().is_none());
        let basic = auth_from(vars(&[(USER_VAR, "ann"), (PASSWORD_VAR, "secret")])).unwrap().unwrap();
        assert_eq!(basic.to_str().unwrap(), "Basic YW5uOnNlY3JldA==");
        assert!(basic.is_sensitive());
        let bearer = auth_from(vars(&[(TOKEN_VAR, "t0k"), (USER_VAR, "ann")])).unwrap().unwrap();
        assert_eq!(bearer.to_str().unwrap(), "Bearer t0k");
        let half = auth_from(vars(&[(PASSWORD_VAR, "secret")])).unwrap_err().to_string();
        assert!(half.contains(USER_VAR) && !half.contains("secret"), "{half}");
        assert!(auth_from(vars(&[(TOKEN_VAR, "a\nb")])).is_err());
    }

    #[test]
    fn urls_are_checked_and_graphs_named_in_the_query_string() {
        assert!(Remote::new("ftp://x/sparql", None).is_err());
        assert!(Remote::new("not a url", None).is_err());
        let r = Remote::new("http://127.0.0.1:1/query", Some("http://127.0.0.1:1/store")).unwrap();
        assert_eq!(r.endpoint(), "http://127.0.0.1:1/query");
        let g = NamedNode::new("http://ex.org/g?a=1&b#c").unwrap();
        assert_eq!(graph_param(g.as_ref().into()), "graph=http%3A%2F%2Fex.org%2Fg%3Fa%3D1%26b%23c");
        assert_eq!(graph_param(GraphNameRef::DefaultGraph), "default");
        assert_eq!(with_param("http://h/ds/data?x=1", "default"), "http://h/ds/data?x=1&default");
        assert!(matches!(
            Remote::new("http://127.0.0.1:1/query", None).unwrap().graph_store("isnad build"),
            Err(RemoteError::NoGraphStore(_))
        ));
    }

    #[test]
    fn an_unreachable_store_is_retried_then_named() {
        // Port 1 on loopback: nothing listens there.
        let patience =
            Patience { timeout: Duration::from_secs(2), attempts: 3, first_pause: Duration::from_millis(10) };
        let r = Remote::with("http://127.0.0.1:1/query", None, None, patience).unwrap();
        let e = r.select_rows("a test", "SELECT * WHERE { ?s ?p ?o }").unwrap_err().to_string();
        assert!(e.contains("http://127.0.0.1:1/query") && e.contains("3 attempts"), "{e}");
    }
}
