//! `isnad serve`: the store over HTTP. The SPARQL 1.1 Protocol at `/query`
//! (read-only, [`protocol`]), and pages for a person: a query editor at `/`,
//! the provenance report at `/report`, one page per actor at
//! `/actor/{id}`, an article with a span marked at `/article/{name}`, and
//! the network as GraphML and GEXF at `/export/graphml` and `/export/gexf`.
//!
//! Requests are answered by [`App::handle`], a plain function of a request,
//! so that tests drive it without a socket; [`serve`] puts it behind
//! `oxhttp`, the synchronous server Oxigraph's own uses.

pub mod pages;
pub mod protocol;

use std::io::Read;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Condvar, Mutex, RwLock};
use std::time::Duration;

use oxhttp::model::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use oxhttp::model::{Body, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::store::Store;

use crate::store::cache::Cache;
use protocol::{Answer, QueryLimits, QueryRequest, Refusal};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Limits on each query.
    pub limits: QueryLimits,
    /// Queries evaluated at once; more wait up to `queue_wait`, then are
    /// refused.
    pub max_queries: usize,
    /// How long a query waits for a turn.
    pub queue_wait: Duration,
    /// Open connections at once.
    pub max_connections: usize,
    /// Largest request body (a query), bytes.
    pub max_body: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            limits: QueryLimits { timeout: Duration::from_secs(30), max_results: 1_000_000 },
            max_queries: 4 * cores,
            queue_wait: Duration::from_secs(10),
            max_connections: 128,
            max_body: 1 << 20,
        }
    }
}

/// Counts queries running; a turn is taken for each query.
#[derive(Debug)]
struct Turns {
    running: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

struct Turn<'a>(&'a Turns);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut n = self.0.running.lock().unwrap_or_else(|e| e.into_inner());
        *n -= 1;
        self.0.freed.notify_one();
    }
}

impl Turns {
    fn take(&self, wait: Duration) -> Option<Turn<'_>> {
        let n = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let (mut n, _) = self.freed.wait_timeout_while(n, wait, |n| *n >= self.max).unwrap_or_else(|e| e.into_inner());
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Turn(self))
    }
}

/// The store as last opened: its handle, the results its build kept, and
/// that build's generation.
struct Opened {
    store: Store,
    cache: Cache,
    generation: Option<String>,
}

/// The server's state: the store (opened again when a build has written
/// it), the configuration, the turns of queries.
pub struct App {
    dir: Option<std::path::PathBuf>,
    opened: RwLock<Opened>,
    config: Config,
    turns: Turns,
}

/// A request as the handler reads it: method, path, query string,
/// headers it needs, body.
#[derive(Debug, Clone, Default)]
pub struct Incoming {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// The query string, without `?`.
    pub query: String,
    /// `Accept`.
    pub accept: Option<String>,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `Host`, for the service description's IRI.
    pub host: Option<String>,
    /// The body, at most the configured size.
    pub body: Vec<u8>,
}

/// A response as the handler makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub media_type: String,
    /// Extra headers.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Outgoing {
    fn ok(media_type: &str, body: Vec<u8>) -> Self {
        Outgoing { status: 200, media_type: media_type.to_string(), headers: Vec::new(), body }
    }

    fn html(body: String) -> Self {
        Outgoing::ok("text/html; charset=utf-8", body.into_bytes())
    }

    fn refused(r: Refusal) -> Self {
        Outgoing {
            status: r.status,
            media_type: "text/plain; charset=utf-8".into(),
            headers: r.retry_after.map(|s| ("retry-after", s.to_string())).into_iter().collect(),
            body: format!("{}\n", r.message).into_bytes(),
        }
    }

    fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl From<Answer> for Outgoing {
    fn from(a: Answer) -> Self {
        let media = if a.media_type.starts_with("text/") {
            format!("{}; charset=utf-8", a.media_type)
        } else {
            a.media_type.to_string()
        };
        Outgoing::ok(&media, a.body)
    }
}

/// Decodes `application/x-www-form-urlencoded` text (a query string or a
/// form body).
pub fn form(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

impl App {
    /// A server's state over an open store (in memory, or one no build
    /// will write).
    pub fn new(store: Store, cache: Cache, config: Config) -> Self {
        let turns = Turns { running: Mutex::new(0), freed: Condvar::new(), max: config.max_queries.max(1) };
        App { dir: None, opened: RwLock::new(Opened { store, cache, generation: None }), config, turns }
    }

    /// Opens the store at `dir` for reading; a later build's store is
    /// served once that build has finished.
    pub fn open(dir: &Path, config: Config) -> Result<Self, crate::store::embedded::StoreError> {
        let store = crate::store::embedded::open_read(dir)?;
        let mut app = App::new(store, Cache::open(dir), config);
        app.dir = Some(dir.to_path_buf());
        app.opened.get_mut().unwrap_or_else(|e| e.into_inner()).generation = crate::store::cache::generation(dir);
        Ok(app)
    }

    /// The store to answer from: the one opened, or, when a build has
    /// finished writing since, the store opened again. While a build writes,
    /// nothing is read (reading a store another process writes is not safe
    /// with RocksDB's read-only handles): 503, to be asked again.
    fn store(&self) -> Result<(Store, Cache), Refusal> {
        let read = |o: &Opened| (o.store.clone(), o.cache.clone());
        let Some(dir) = &self.dir else {
            return Ok(read(&self.opened.read().unwrap_or_else(|e| e.into_inner())));
        };
        if crate::store::embedded::writer_active(dir) {
            return Err(Refusal::new(
                503,
                "a build is writing the store; its new state is served once it ends: ask again",
            )
            .retry_after(5));
        }
        let generation = crate::store::cache::generation(dir);
        {
            let o = self.opened.read().unwrap_or_else(|e| e.into_inner());
            if o.generation == generation {
                return Ok(read(&o));
            }
        }
        let mut o = self.opened.write().unwrap_or_else(|e| e.into_inner());
        if o.generation != generation {
            o.store =
                crate::store::embedded::open_read(dir).map_err(|e| Refusal::new(503, e.to_string()).retry_after(5))?;
            o.cache = Cache::open(dir);
            o.generation = generation;
        }
        Ok(read(&o))
    }

    /// Answers one request. Every answer allows any origin (CORS): the
    /// endpoint is read-only and holds no user's credentials.
    pub fn handle(&self, req: &Incoming) -> Outgoing {
        let out = match self.route(req) {
            Ok(o) => o,
            Err(r) => Outgoing::refused(r),
        };
        out.with_header("access-control-allow-origin", "*")
    }

    fn route(&self, req: &Incoming) -> Result<Outgoing, Refusal> {
        let path = percent_decode(&req.path);
        let params = form(req.query.as_bytes());
        let method = req.method.as_str();
        if method == "OPTIONS" {
            return Ok(Outgoing {
                status: 204,
                media_type: "text/plain".into(),
                headers: Vec::new(),
                body: Vec::new(),
            }
            // GET and POST are CORS-safelisted methods, so no
            // Access-Control-Allow-Methods is needed (oxhttp would drop it).
            .with_header("allow", "GET, POST, OPTIONS")
            .with_header("access-control-allow-headers", "Content-Type, Accept")
            .with_header("access-control-max-age", "86400"));
        }
        let get_only = |allowed: &str| Refusal::new(405, format!("{method} is not allowed on {path}; use {allowed}"));
        match path.as_str() {
            "/query" | "/sparql" => self.query(req, &params),
            "/update" => Err(protocol::read_only()),
            _ if method != "GET" && method != "HEAD" => Err(get_only("GET")),
            "/" => Ok(Outgoing::html(pages::index()?)),
            "/report" => {
                let (store, cache) = self.store()?;
                Ok(Outgoing::html(pages::report(&store, &cache, &params)?))
            }
            "/export/graphml" => {
                let (store, cache) = self.store()?;
                Ok(Outgoing::ok("application/graphml+xml", pages::network(&store, &cache, "graphml")?)
                    .with_header("content-disposition", "attachment; filename=\"isnad.graphml\""))
            }
            "/export/gexf" => {
                let (store, cache) = self.store()?;
                Ok(Outgoing::ok("application/gexf+xml", pages::network(&store, &cache, "gexf")?)
                    .with_header("content-disposition", "attachment; filename=\"isnad.gexf\""))
            }
            p if p.starts_with("/actor/") => {
                let (store, cache) = self.store()?;
                Ok(Outgoing::html(pages::actor(&store, &cache, &p["/actor/".len()..])?))
            }
            p if p.starts_with("/article/") => {
                let (store, _) = self.store()?;
                Ok(Outgoing::html(pages::article(&store, &p["/article/".len()..], &params)?))
            }
            _ => Err(Refusal::new(
                404,
                format!(
                    "no page at {path}: / (query editor), /query (SPARQL), /report, /actor/ID, /export/graphml, /export/gexf"
                ),
            )),
        }
    }

    fn query(&self, req: &Incoming, url_params: &[(String, String)]) -> Result<Outgoing, Refusal> {
        let media = req.content_type.as_deref().map(|c| c.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        let request = match (req.method.as_str(), media.as_deref()) {
            ("GET" | "HEAD", _) => QueryRequest::from_params(url_params)?,
            ("POST", Some("application/sparql-query")) => {
                let query = String::from_utf8(req.body.clone())
                    .map_err(|_| Refusal::new(400, "the query is not UTF-8 text"))?;
                let mut r = QueryRequest::from_params(url_params)?.unwrap_or_default();
                if url_params.iter().any(|(k, _)| k == "query") {
                    return Err(Refusal::new(400, "a query in the body and another in the URL: give one"));
                }
                r.query = query;
                Some(r)
            }
            ("POST", Some("application/x-www-form-urlencoded")) => {
                let mut all = form(&req.body);
                all.extend(url_params.iter().cloned());
                QueryRequest::from_params(&all)?
            }
            ("POST", Some("application/sparql-update")) => return Err(protocol::read_only()),
            ("POST", other) => {
                return Err(Refusal::new(
                    415,
                    format!(
                        "a query is POSTed as application/sparql-query or application/x-www-form-urlencoded, not {}",
                        other.unwrap_or("a body without Content-Type")
                    ),
                ));
            }
            (m, _) => return Err(Refusal::new(405, format!("{m} is not allowed on /query; use GET or POST"))),
        };
        let Some(request) = request else {
            // The endpoint as the client named it, when that is a host name.
            let bind = self.config.bind.to_string();
            let host = req
                .host
                .as_deref()
                .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
                .unwrap_or(&bind);
            return protocol::service_description(&format!("http://{host}/query"), req.accept.as_deref())
                .map(Into::into);
        };
        let Some(_turn) = self.turns.take(self.config.queue_wait) else {
            return Err(Refusal::new(
                503,
                format!(
                    "{} queries are running, the most this server runs at once (isnad serve --max-queries); try again",
                    self.turns.max
                ),
            )
            .retry_after(1));
        };
        let (store, cache) = self.store()?;
        protocol::answer(&store, &cache, &request, req.accept.as_deref(), self.config.limits).map(Into::into)
    }
}

/// Decodes `%XX` escapes of a path (UTF-8, a bad sequence replaced).
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

fn header(req: &Request<Body>, name: HeaderName) -> Option<String> {
    req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Reads an HTTP request into an [`Incoming`], refusing a body over
/// `max_body` bytes.
fn incoming(req: &mut Request<Body>, max_body: usize) -> Result<Incoming, Refusal> {
    let too_large =
        || Refusal::new(413, format!("the request body is over {max_body} bytes, the most this server reads"));
    if let Some(n) = header(req, CONTENT_LENGTH).and_then(|n| n.parse::<u64>().ok())
        && n > max_body as u64
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    req.body_mut()
        .take(max_body as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Refusal::new(400, format!("reading the request body: {e}")))?;
    if body.len() > max_body {
        return Err(too_large());
    }
    Ok(Incoming {
        method: req.method().as_str().to_string(),
        path: req.uri().path().to_string(),
        query: req.uri().query().unwrap_or("").to_string(),
        accept: header(req, ACCEPT),
        content_type: header(req, CONTENT_TYPE),
        host: header(req, oxhttp::model::header::HOST),
        body,
    })
}

fn response(out: Outgoing, head: bool) -> Response<Body> {
    let status = StatusCode::from_u16(out.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut b = Response::builder().status(status);
    if let Ok(v) = HeaderValue::from_str(&out.media_type) {
        b = b.header(CONTENT_TYPE, v);
    }
    for (name, value) in out.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            b = b.header(name, v);
        }
    }
    let body = if head { Body::empty() } else { Body::from(out.body) };
    b.body(body).unwrap_or_else(|_| Response::new(Body::empty()))
}

/// Serves `app` until the process ends.
pub fn serve(app: App) -> std::io::Result<()> {
    let config = app.config.clone();
    let app = std::sync::Arc::new(app);
    let server = oxhttp::Server::new(move |req| {
        let head = req.method() == Method::HEAD;
        let out = match incoming(req, config.max_body) {
            Ok(i) => app.handle(&i),
            Err(r) => Outgoing::refused(r).with_header("access-control-allow-origin", "*"),
        };
        response(out, head)
    })
    .bind(config.bind)
    .with_global_timeout(config.limits.timeout + Duration::from_secs(30))
    .with_max_concurrent_connections(config.max_connections);
    server.spawn()?.join()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        App::new(Store::new().unwrap(), Cache::none(), Config::default())
    }

    fn request(method: &str, path: &str, query: &str) -> Incoming {
        Incoming { method: method.into(), path: path.into(), query: query.into(), ..Default::default() }
    }

    #[test]
    fn a_host_header_that_is_no_host_name_is_not_written_into_the_description() {
        let mut req = request("GET", "/query", "");
        req.host = Some("evil> <x".into());
        let out = app().handle(&req);
        assert_eq!(out.status, 200);
        let body = String::from_utf8(out.body).unwrap();
        assert!(body.contains("<http://127.0.0.1:7878/query>"), "{body}");
        assert!(!body.contains("evil"), "{body}");
    }

    #[test]
    fn every_answer_allows_any_origin_and_errors_are_plain_text() {
        let out = app().handle(&request("DELETE", "/report", ""));
        assert_eq!(out.status, 405);
        assert!(out.media_type.starts_with("text/plain"));
        assert!(out.headers.contains(&("access-control-allow-origin", "*".to_string())));
        let out = app().handle(&request("GET", "/update", "update=CLEAR%20ALL"));
        assert_eq!(out.status, 403);
    }

    #[test]
    fn paths_are_percent_decoded() {
        assert_eq!(percent_decode("/actor/nikol%20pashinyan"), "/actor/nikol pashinyan");
        assert_eq!(percent_decode("/article/%D8%A3"), "/article/أ");
        assert_eq!(percent_decode("/bad%zz"), "/bad%zz");
    }

    #[test]
    fn turns_are_bounded_and_given_back() {
        let t = Turns { running: Mutex::new(0), freed: Condvar::new(), max: 1 };
        let first = t.take(Duration::from_millis(1)).unwrap();
        assert!(t.take(Duration::from_millis(1)).is_none());
        drop(first);
        assert!(t.take(Duration::from_millis(1)).is_some());
    }
}
