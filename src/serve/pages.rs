//! The pages `isnad serve` shows a person: the query editor, the report,
//! an actor, an article with a span marked, and the network downloads.
//! Every page is self-contained (styles and script inline, no request
//! beyond this server); Arabic text is set right to left.

use minijinja::Environment;
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;

use super::protocol::Refusal;
use crate::corpus::valid_date;
use crate::export::{ExportFormat, export};
use crate::queries::{self, NamedQuery};
use crate::rdf;
use crate::report::{Filters, Limits, ReportFormat, render};
use crate::store::cache::Cache;
use crate::store::records::{ActorObject, ClaimRecord, Claims, actor_objects, claim_records_by};
use crate::store::{number, value};

fn internal(e: impl std::fmt::Display) -> Refusal {
    Refusal::new(500, e.to_string())
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, text) in [
        ("index.html", include_str!("../../templates/index.html")),
        ("actor.html", include_str!("../../templates/actor.html")),
        ("article.html", include_str!("../../templates/article.html")),
    ] {
        env.add_template(name, text).expect("the server's templates parse");
    }
    env
}

#[derive(Serialize)]
struct QueryView {
    name: &'static str,
    sparql: &'static str,
}

/// The query editor, with the named queries of `queries/` to pick from.
pub fn index() -> Result<String, Refusal> {
    let queries: Vec<QueryView> = queries::ALL.iter().map(|q| QueryView { name: q.name, sparql: q.sparql }).collect();
    env()
        .get_template("index.html")
        .and_then(|t| t.render(minijinja::context! { queries => minijinja::value::Serde(&queries) }))
        .map_err(internal)
}

/// The provenance report with the filters the parameters give (`speaker`,
/// `about`, `type`, `since`, `until`, `top`, `limit`, `all`), as `isnad
/// report` takes them.
pub fn report(store: &Store, cache: &Cache, params: &[(String, String)]) -> Result<String, Refusal> {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    for k in ["since", "until"] {
        if let Some(d) = get(k)
            && !valid_date(&d)
        {
            return Err(Refusal::new(400, format!("{k}={d}: not a date; write YYYY-MM-DD")));
        }
    }
    let number = |k: &str| -> Result<Option<usize>, Refusal> {
        get(k).map(|v| v.parse().map_err(|_| Refusal::new(400, format!("{k}={v}: not a number")))).transpose()
    };
    let filters = Filters {
        speaker: get("speaker"),
        about: get("about"),
        claim_type: get("type"),
        since: get("since"),
        until: get("until"),
    };
    let base = if get("all").is_some() || filters.speaker.is_some() { Limits::ALL } else { Limits::default() };
    let limits =
        Limits { speakers: number("top")?.unwrap_or(base.speakers), claims: number("limit")?.unwrap_or(base.claims) };
    render(store, cache, ReportFormat::Html, &filters, limits).map_err(internal)
}

/// The network as GraphML or GEXF.
pub fn network(store: &Store, cache: &Cache, format: &str) -> Result<Vec<u8>, Refusal> {
    let format = ExportFormat::from_name(format)
        .filter(|f| matches!(f, ExportFormat::GraphMl | ExportFormat::Gexf))
        .ok_or_else(|| Refusal::new(404, format!("no export {format}")))?;
    let mut out = Vec::new();
    export(store, cache, &crate::tables::Kept::none(), format, &mut out).map_err(internal)?;
    Ok(out)
}

/// Runs a named query with one variable bound.
fn select_bound(
    store: &Store,
    q: NamedQuery,
    var: &str,
    term: Term,
) -> Result<Vec<oxigraph::sparql::QuerySolution>, Refusal> {
    let prepared = SparqlEvaluator::new()
        .parse_query(q.sparql)
        .map_err(internal)?
        .substitute_variable(Variable::new_unchecked(var), term);
    match prepared.on_store(store).execute().map_err(internal)? {
        QueryResults::Solutions(rows) => rows.collect::<Result<Vec<_>, _>>().map_err(internal),
        _ => Err(internal(format!("{} is not a SELECT query", q.name))),
    }
}

#[derive(Serialize)]
struct TieView {
    other: ActorObject,
    outgoing: bool,
    kind: String,
    sign: i8,
    date: Option<String>,
    article: String,
    start: usize,
    end: usize,
    sentence: String,
}

#[derive(Serialize)]
struct ActorView<'a> {
    actor: &'a ActorObject,
    affiliation: Option<ActorObject>,
    said: Vec<ClaimRecord>,
    about: Vec<ClaimRecord>,
    ties: Vec<TieView>,
    balance: i64,
}

/// One actor: labels, Wikidata link, type, affiliation, its claims, the
/// claims about it, and its ties with their evidence sentences.
pub fn actor(store: &Store, cache: &Cache, id: &str) -> Result<String, Refusal> {
    let actors = actor_objects(store, cache).map_err(internal)?;
    let Some(actor) = actors.values().find(|a| a.id == id) else {
        return Err(Refusal::new(404, format!("no actor with id `{id}` in this store")));
    };
    let iri = NamedNode::new(actor.iri.clone()).map_err(internal)?;
    let describe = |iri: &str| actors.get(iri).cloned().unwrap_or_else(|| ActorObject::bare(iri));
    let affiliation = store
        .quads_for_pattern(Some(iri.as_ref().into()), Some(rdf::isnad("affiliation").as_ref()), None, None)
        .filter_map(Result::ok)
        .find_map(|q| match q.object {
            Term::NamedNode(n) => Some(describe(n.as_str())),
            _ => None,
        });
    let said = claim_records_by(store, cache, Claims::Of(std::slice::from_ref(&actor.iri))).map_err(internal)?;
    let mut targeted: Vec<NamedNode> = store
        .quads_for_pattern(None, Some(rdf::isnad("target").as_ref()), Some(iri.as_ref().into()), None)
        .filter_map(Result::ok)
        .filter_map(|q| match q.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n),
            _ => None,
        })
        .collect();
    targeted.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    targeted.dedup();
    let about = claim_records_by(store, cache, Claims::These(&targeted)).map_err(internal)?;
    let mut ties = Vec::new();
    for row in select_bound(store, queries::ACTOR_TIES, "actor", iri.clone().into())? {
        let source = value(&row, "source").unwrap_or_default();
        let target = value(&row, "target").unwrap_or_default();
        let outgoing = source == actor.iri;
        ties.push(TieView {
            other: describe(if outgoing { &target } else { &source }),
            outgoing,
            kind: value(&row, "kind").unwrap_or_default(),
            sign: value(&row, "sign").and_then(|v| v.parse().ok()).unwrap_or(0),
            date: value(&row, "date"),
            article: value(&row, "article").unwrap_or_default(),
            start: number(&row, "start"),
            end: number(&row, "end"),
            sentence: value(&row, "sentence").unwrap_or_default(),
        });
    }
    let balance = ties.iter().map(|t| i64::from(t.sign)).sum();
    let view = ActorView { actor, affiliation, said, about, ties, balance };
    env().get_template("actor.html").and_then(|t| t.render(minijinja::value::Serde(&view))).map_err(internal)
}

#[derive(Serialize)]
struct ArticleView {
    name: String,
    date: Option<String>,
    before: String,
    marked: String,
    after: String,
    start: usize,
    end: usize,
}

/// An article's text with the span `start`..`end` (code points) marked.
pub fn article(store: &Store, name: &str, params: &[(String, String)]) -> Result<String, Refusal> {
    let rows = select_bound(store, queries::ARTICLE_TEXT, "article", Literal::new_simple_literal(name).into())?;
    let Some(row) = rows.first() else {
        return Err(Refusal::new(404, format!("no article named `{name}` in this store")));
    };
    let text = value(row, "text").unwrap_or_default();
    let chars: Vec<char> = text.chars().collect();
    let get = |k: &str| -> Result<Option<usize>, Refusal> {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.parse::<usize>().map_err(|_| Refusal::new(400, format!("{k}={v}: not an offset"))))
            .transpose()
    };
    let (start, end) = (get("start")?.unwrap_or(0), get("end")?.unwrap_or(0));
    if start > end || end > chars.len() {
        return Err(Refusal::new(
            400,
            format!("span {start}..{end} is not inside the article (it has {} characters)", chars.len()),
        ));
    }
    let view = ArticleView {
        name: name.to_string(),
        date: value(row, "date"),
        before: chars[..start].iter().collect(),
        marked: chars[start..end].iter().collect(),
        after: chars[end..].iter().collect(),
        start,
        end,
    };
    env().get_template("article.html").and_then(|t| t.render(minijinja::value::Serde(&view))).map_err(internal)
}
