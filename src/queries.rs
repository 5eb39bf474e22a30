//! The named SPARQL queries of `queries/`, embedded. What isnad's exports and
//! reports read is exactly what these files return in any SPARQL tool.

/// A named query.
#[derive(Debug, Clone, Copy)]
pub struct NamedQuery {
    /// File stem in `queries/`.
    pub name: &'static str,
    /// The SPARQL text.
    pub sparql: &'static str,
}

/// Every actor with type, labels, Wikidata id and mention count.
pub const ACTORS: NamedQuery = NamedQuery { name: "actors", sparql: include_str!("../queries/actors.rq") };
/// Every mention of one actor (bind `?id`) with its sentence.
pub const ACTOR_MENTIONS: NamedQuery =
    NamedQuery { name: "actor-mentions", sparql: include_str!("../queries/actor-mentions.rq") };
/// The rows of the mentions-jsonl export.
pub const EXPORT_MENTIONS: NamedQuery =
    NamedQuery { name: "export-mentions", sparql: include_str!("../queries/export-mentions.rq") };
/// Every article with date, publisher and counts.
pub const ARTICLES: NamedQuery = NamedQuery { name: "articles", sparql: include_str!("../queries/articles.rq") };

/// The rows of the claims-jsonl export.
pub const EXPORT_CLAIMS: NamedQuery =
    NamedQuery { name: "export-claims", sparql: include_str!("../queries/export-claims.rq") };
/// The targets of every claim.
pub const CLAIM_TARGETS: NamedQuery =
    NamedQuery { name: "claim-targets", sparql: include_str!("../queries/claim-targets.rq") };
/// Every described actor, once.
pub const ACTOR_DESCRIPTIONS: NamedQuery =
    NamedQuery { name: "actor-descriptions", sparql: include_str!("../queries/actor-descriptions.rq") };

/// Every number of people a claim gives.
pub const FIGURES: NamedQuery = NamedQuery { name: "figures", sparql: include_str!("../queries/figures.rq") };

/// The rows of the relations-jsonl export.
pub const EXPORT_RELATIONS: NamedQuery =
    NamedQuery { name: "export-relations", sparql: include_str!("../queries/export-relations.rq") };

/// Every speaker with its number of claims.
pub const SPEAKERS: NamedQuery = NamedQuery { name: "speakers", sparql: include_str!("../queries/speakers.rq") };

/// Every article with date and publisher.
pub const ARTICLE_DATES: NamedQuery =
    NamedQuery { name: "article-dates", sparql: include_str!("../queries/article-dates.rq") };

/// The signed network, per (source, target, kind) with evidence count and dates.
pub const NETWORK: NamedQuery = NamedQuery { name: "network", sparql: include_str!("../queries/network.rq") };

/// One actor's ties with their evidence sentences (`?actor` bound).
pub const ACTOR_TIES: NamedQuery = NamedQuery { name: "actor-ties", sparql: include_str!("../queries/actor-ties.rq") };

/// One article's text and date by source name (`?article` bound).
pub const ARTICLE_TEXT: NamedQuery =
    NamedQuery { name: "article-text", sparql: include_str!("../queries/article-text.rq") };

/// All named queries.
pub const ALL: [NamedQuery; 14] = [
    ACTORS,
    ACTOR_DESCRIPTIONS,
    ACTOR_MENTIONS,
    ACTOR_TIES,
    ARTICLE_DATES,
    ARTICLE_TEXT,
    ARTICLES,
    CLAIM_TARGETS,
    EXPORT_CLAIMS,
    EXPORT_MENTIONS,
    EXPORT_RELATIONS,
    FIGURES,
    NETWORK,
    SPEAKERS,
];

/// A named query by name.
pub fn by_name(name: &str) -> Option<NamedQuery> {
    ALL.into_iter().find(|q| q.name == name)
}

/// A SPARQL parser message ("error at 3:15: expected ...") said plainly:
/// "syntax error in ORIGIN at line 3, column 15: expected ...".
///
/// ```
/// let m = isnad::queries::syntax_message("the query", "error at 3:15: expected a variable");
/// assert_eq!(m, "syntax error in the query at line 3, column 15: expected a variable");
/// ```
pub fn syntax_message(origin: &str, message: &str) -> String {
    let located = message.strip_prefix("error at ").and_then(|rest| {
        let (pos, what) = rest.split_once(": ")?;
        let (line, column) = pos.split_once(':')?;
        Some(format!("syntax error in {origin} at line {line}, column {column}: {what}"))
    });
    located.unwrap_or_else(|| format!("syntax error in {origin}: {message}"))
}
