//! The "who said what" provenance report, read from the store through the
//! queries in `queries/` and rendered with the templates in `templates/`.
//!
//! Per speaker, grouped under the state or body they speak for (the root of
//! their affiliation chain), their claims with type, CAMEO code and
//! Goldstein weight, words as written, the English labels of speaker and
//! targets, article, date and sentence; then the contested figures (the
//! different numbers different speakers give for the same thing within two
//! weeks); then an index of the articles cited.
//!
//! An archive has hundreds of thousands of claims, so a report shows the
//! speakers with the most claims and a bounded number of each one's claims
//! ([`Limits`]), says how many it leaves out and how to see them; the
//! contested figures are found among all the claims in scope. Without
//! filters on content (about, type, dates), the shown claims are all that is
//! read of the article graphs: the counts and figures come from the results
//! the last build kept ([`crate::cache`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minijinja::Environment;
use serde::Serialize;

use oxigraph::model::NamedNode;

use crate::extract::day_number;
use crate::queries;
use crate::rdf;
use crate::store::cache::Cache;
use crate::store::records::{ClaimRecord, Claims, claim_records_by};
use crate::store::{Read, ReadError, value};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML file.
    Html,
    /// Markdown.
    Markdown,
}

impl ReportFormat {
    /// From a name (`html`, `md`).
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "html" => Some(ReportFormat::Html),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            _ => None,
        }
    }

    /// From a file extension.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(ReportFormat::Html),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            _ => None,
        }
    }
}

/// Which claims a report shows.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// A speaker's id, or the id of the state or body they speak for.
    pub speaker: Option<String>,
    /// An actor or place the claim is about.
    pub about: Option<String>,
    /// A claim type.
    pub claim_type: Option<String>,
    /// Earliest article date, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Latest article date, `YYYY-MM-DD`.
    pub until: Option<String>,
}

impl Filters {
    /// Whether a filter looks at the claims themselves (all but --speaker).
    fn on_content(&self) -> bool {
        self.about.is_some() || self.claim_type.is_some() || self.since.is_some() || self.until.is_some()
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (name, v) in [
            ("speaker", &self.speaker),
            ("about", &self.about),
            ("type", &self.claim_type),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if let Some(v) = v {
                parts.push(format!("{name} {v}"));
            }
        }
        parts.join(", ")
    }
}

/// How much a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Speakers shown, those with the most claims first (0: every one).
    pub speakers: usize,
    /// Claims shown per speaker (0: every one).
    pub claims: usize,
}

impl Limits {
    /// Every speaker, every claim.
    pub const ALL: Limits = Limits { speakers: 0, claims: 0 };
}

impl Default for Limits {
    /// 50 speakers, 20 claims each: a page a reader gets through, whatever
    /// the size of the store.
    fn default() -> Self {
        Limits { speakers: 50, claims: 20 }
    }
}

#[derive(Debug, Serialize)]
struct ClaimView {
    n: usize,
    iri: String,
    #[serde(rename = "type")]
    claim_type: String,
    tone: &'static str,
    cameo: String,
    goldstein: String,
    verb: String,
    verb_shown: String,
    content: String,
    direct_quote: bool,
    targets: Vec<String>,
    article: String,
    date: String,
    sentence: String,
}

#[derive(Debug, Serialize)]
struct SpeakerView {
    id: String,
    label: String,
    label_ar: String,
    /// Claims in scope, shown or not.
    total: usize,
    claims: Vec<ClaimView>,
}

#[derive(Debug, Serialize)]
struct GroupView {
    anchor: String,
    label: String,
    label_ar: String,
    count: usize,
    speakers: Vec<SpeakerView>,
}

#[derive(Debug, Serialize)]
struct FigureRow {
    value: u64,
    speaker: String,
    surface: String,
    article: String,
    date: String,
}

#[derive(Debug, Serialize)]
struct Contest {
    counts: String,
    period: String,
    rows: Vec<FigureRow>,
    /// Figures of the window not shown (beyond the limit on claims).
    more: usize,
}

#[derive(Debug, Serialize)]
struct ArticleView {
    source: String,
    published: String,
    publisher: String,
    claims: usize,
}

#[derive(Debug, Serialize)]
struct Totals {
    claims: usize,
    speakers: usize,
    articles: Option<usize>,
    /// Claims and speakers shown.
    shown_claims: usize,
    shown_speakers: usize,
    /// Speakers, and their claims, left out by the limit on speakers.
    hidden_speakers: usize,
    hidden_claims: usize,
}

#[derive(Debug, Serialize)]
struct ReportData {
    filters: String,
    totals: Totals,
    groups: Vec<GroupView>,
    contested: Vec<Contest>,
    articles: Vec<ArticleView>,
}

/// Errors of a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Reading the store.
    #[error(transparent)]
    Export(#[from] ReadError),
    /// Rendering.
    #[error("rendering the report: {0}")]
    Template(#[from] minijinja::Error),
}

/// Renders the report of the store: the speakers and claims `filters`
/// select, as much of them as `limits` lets through.
pub fn render(
    store: &dyn Read,
    cache: &Cache,
    format: ReportFormat,
    filters: &Filters,
    limits: Limits,
) -> Result<String, ReportError> {
    // Actor descriptions: labels and affiliations.
    let mut label_en: HashMap<String, String> = HashMap::new();
    let mut label_ar: HashMap<String, String> = HashMap::new();
    let mut affiliation: HashMap<String, String> = HashMap::new();
    let mut id_of: HashMap<String, String> = HashMap::new();
    for row in cache.select(store, queries::ACTOR_DESCRIPTIONS)? {
        let iri = value(&row, "actor").unwrap_or_default();
        if let Some(v) = value(&row, "label_en") {
            label_en.insert(iri.clone(), v);
        }
        if let Some(v) = value(&row, "label_ar") {
            label_ar.insert(iri.clone(), v);
        }
        if let Some(v) = value(&row, "affiliation") {
            affiliation.insert(iri.clone(), v);
        }
        id_of.insert(iri, value(&row, "id").unwrap_or_default());
    }
    let root = |iri: &str| {
        let mut cur = iri.to_string();
        let mut seen = BTreeSet::new();
        while let Some(next) = affiliation.get(&cur) {
            if !seen.insert(cur.clone()) {
                break;
            }
            cur = next.clone();
        }
        cur
    };
    let en = |iri: &str| {
        label_en
            .get(iri)
            .cloned()
            .or_else(|| label_ar.get(iri).cloned())
            .unwrap_or_else(|| id_of.get(iri).cloned().unwrap_or_default())
    };
    let id = |iri: &str| id_of.get(iri).cloned().unwrap_or_else(|| iri.rsplit('/').next().unwrap_or(iri).to_string());
    // Articles: dates and publishers.
    let mut articles: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in cache.select(store, queries::ARTICLE_DATES)? {
        let source = value(&row, "article").unwrap_or_default();
        articles.insert(
            source,
            (value(&row, "published").unwrap_or_default(), value(&row, "publisher").unwrap_or_default()),
        );
    }
    let date_of = |article: &str| articles.get(article).map(|a| a.0.clone()).unwrap_or_default();
    let keep = |c: &ClaimRecord| {
        let date = date_of(&c.article);
        filters.about.as_ref().is_none_or(|a| c.targets.iter().any(|t| t.id == *a))
            && filters.claim_type.as_ref().is_none_or(|t| *t == c.claim_type)
            && filters.since.as_ref().is_none_or(|s| !date.is_empty() && date.as_str() >= s.as_str())
            && filters.until.as_ref().is_none_or(|u| !date.is_empty() && date.as_str() <= u.as_str())
    };
    // Every speaker's number of claims; with --speaker, only that actor and
    // those speaking for it.
    let mut counts: Vec<(String, usize)> = cache
        .select(store, queries::SPEAKERS)?
        .iter()
        .filter_map(|row| Some((value(row, "speaker")?, value(row, "claims")?.parse().ok()?)))
        .filter(|(iri, _): &(String, usize)| {
            filters.speaker.as_ref().is_none_or(|s| id_of.get(iri) == Some(s) || id_of.get(&root(iri)) == Some(s))
        })
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| id(&a.0).cmp(&id(&b.0))).then_with(|| a.0.cmp(&b.0)));
    let in_scope: BTreeSet<&str> = counts.iter().map(|c| c.0.as_str()).collect();
    let take = |n: usize, limit: usize| if limit == 0 { n } else { n.min(limit) };

    // The claims: without filters on content, each shown speaker's first
    // claims in the store's own order (fixed for a given store), read claim
    // by claim;
    // with them, every claim in scope is read and filtered.
    let (claims, totals_of): (Vec<ClaimRecord>, Vec<(String, usize)>) = if !filters.on_content() && limits.claims > 0 {
        let mut wanted: Vec<NamedNode> = Vec::new();
        for (iri, _) in &counts[..take(counts.len(), limits.speakers)] {
            let Ok(speaker) = NamedNode::new(iri.as_str()) else { continue };
            wanted.extend(store.first_subjects(
                rdf::isnad("speaker").as_ref(),
                &oxigraph::model::Term::NamedNode(speaker),
                limits.claims,
            )?);
        }
        wanted.sort_unstable();
        wanted.dedup();
        (claim_records_by(store, cache, Claims::These(&wanted))?, counts.clone())
    } else {
        let which: Vec<String> = in_scope.iter().map(|s| s.to_string()).collect();
        let all = if filters.speaker.is_some() { Claims::Of(&which) } else { Claims::All };
        let claims: Vec<ClaimRecord> = claim_records_by(store, cache, all)?
            .into_iter()
            .filter(|c| keep(c) && in_scope.contains(c.speaker.actor.iri.as_str()))
            .collect();
        let mut totals: HashMap<&str, usize> = HashMap::new();
        for c in &claims {
            *totals.entry(c.speaker.actor.iri.as_str()).or_default() += 1;
        }
        let mut totals: Vec<(String, usize)> = totals.into_iter().map(|(s, n)| (s.to_string(), n)).collect();
        totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| id(&a.0).cmp(&id(&b.0))).then_with(|| a.0.cmp(&b.0)));
        (claims, totals)
    };
    let shown_speakers: HashMap<&str, usize> =
        totals_of[..take(totals_of.len(), limits.speakers)].iter().map(|(s, n)| (s.as_str(), *n)).collect();
    let kept: BTreeSet<&str> = claims.iter().map(|c| c.iri.as_str()).collect();

    // Group: root actor → speaker → claims (first `limits.claims` of each).
    let mut groups: BTreeMap<String, BTreeMap<String, Vec<&ClaimRecord>>> = BTreeMap::new();
    for c in &claims {
        let s = c.speaker.actor.iri.as_str();
        if !shown_speakers.contains_key(s) {
            continue;
        }
        let mine = groups.entry(root(s)).or_default().entry(s.to_string()).or_default();
        if limits.claims == 0 || mine.len() < limits.claims {
            mine.push(c);
        }
    }
    let mut n = 0usize;
    let mut group_views: Vec<GroupView> = groups
        .iter()
        .map(|(g, speakers)| {
            let mut speaker_views: Vec<SpeakerView> = speakers
                .iter()
                .map(|(s, cs)| SpeakerView {
                    id: id(s),
                    label: en(s),
                    label_ar: label_ar.get(s).cloned().unwrap_or_default(),
                    total: shown_speakers.get(s.as_str()).copied().unwrap_or(cs.len()),
                    claims: cs
                        .iter()
                        .map(|c| {
                            n += 1;
                            let tone = if c.goldstein < 0.0 {
                                "negative"
                            } else if c.goldstein > 0.0 {
                                "positive"
                            } else {
                                "neutral"
                            };
                            ClaimView {
                                n,
                                iri: c.iri.clone(),
                                claim_type: c.claim_type.clone(),
                                tone,
                                cameo: c.cameo.clone(),
                                goldstein: format!("{:+.1}", c.goldstein),
                                verb: c.verb.clone(),
                                verb_shown: if c.verb.is_empty() { "(heading)".into() } else { c.verb.clone() },
                                content: c.content.clone(),
                                direct_quote: c.direct_quote,
                                targets: c.targets.iter().map(|t| en(&t.iri)).collect(),
                                article: c.article.clone(),
                                date: date_of(&c.article),
                                sentence: c.sentence.clone(),
                            }
                        })
                        .collect(),
                })
                .collect();
            speaker_views.sort_by(|a, b| b.total.cmp(&a.total).then(a.label.cmp(&b.label)));
            GroupView {
                anchor: format!("group-{}", id_of.get(g).cloned().unwrap_or_else(|| "other".into())),
                label: en(g),
                label_ar: label_ar.get(g).cloned().unwrap_or_default(),
                count: speakers.keys().map(|s| shown_speakers.get(s.as_str()).copied().unwrap_or(0)).sum(),
                speakers: speaker_views,
            }
        })
        .collect();
    group_views.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));

    // Contested figures: per thing counted, the figures given within two
    // weeks of the first of them (a window, not a chain: on a dense archive
    // chained figures would make one table of years), when different
    // speakers give different numbers. Among
    // every claim in scope, shown or not: with filters on content, the claims
    // read; without, every claim of the speakers in scope.
    let mut by_counts: BTreeMap<String, Vec<(i64, FigureRow, String)>> = BTreeMap::new();
    for row in cache.select(store, queries::FIGURES)? {
        let claim = value(&row, "claim").unwrap_or_default();
        let speaker = value(&row, "speaker").unwrap_or_default();
        let wanted = if filters.on_content() || limits.claims == 0 {
            kept.contains(claim.as_str())
        } else {
            in_scope.contains(speaker.as_str())
        };
        if !wanted {
            continue;
        }
        let date = value(&row, "published").unwrap_or_default();
        let fr = FigureRow {
            value: value(&row, "count").and_then(|v| v.parse().ok()).unwrap_or(0),
            speaker: en(&speaker),
            surface: value(&row, "surface").unwrap_or_default(),
            article: value(&row, "article").unwrap_or_default(),
            date: date.clone(),
        };
        by_counts.entry(value(&row, "counts").unwrap_or_default()).or_default().push((
            day_number(&date).unwrap_or(i64::MIN),
            fr,
            speaker,
        ));
    }
    let mut contested = Vec::new();
    for (counts, mut rows) in by_counts {
        rows.sort_by(|a, b| {
            (a.0, &a.1.article, a.1.value, &a.2, &a.1.surface).cmp(&(b.0, &b.1.article, b.1.value, &b.2, &b.1.surface))
        });
        let mut clusters: Vec<Vec<(i64, FigureRow, String)>> = Vec::new();
        for r in rows {
            match clusters.last_mut() {
                Some(c) if r.0 != i64::MIN && c.first().is_some_and(|f| f.0 != i64::MIN && r.0 - f.0 <= 14) => {
                    c.push(r)
                }
                _ => clusters.push(vec![r]),
            }
        }
        for c in clusters {
            let values: BTreeSet<u64> = c.iter().map(|r| r.1.value).collect();
            let speakers: BTreeSet<&str> = c.iter().map(|r| r.2.as_str()).collect();
            if values.len() >= 2 && speakers.len() >= 2 {
                let (first, last) = (c.first().map(|r| r.1.date.clone()), c.last().map(|r| r.1.date.clone()));
                let period = match (first, last) {
                    (Some(a), Some(b)) if a == b => a,
                    (Some(a), Some(b)) => format!("{a} to {b}"),
                    _ => String::new(),
                };
                // At most `limits.claims` rows: each different number
                // first (its earliest giving), then the others by date.
                let total = c.len();
                let limit = take(total, limits.claims);
                let mut pick = vec![false; total];
                let mut seen_values = BTreeSet::new();
                let mut picked = 0;
                for (i, r) in c.iter().enumerate() {
                    if picked < limit && seen_values.insert(r.1.value) {
                        pick[i] = true;
                        picked += 1;
                    }
                }
                for p in pick.iter_mut() {
                    if picked < limit && !*p {
                        *p = true;
                        picked += 1;
                    }
                }
                let rows = c.into_iter().zip(pick).filter(|(_, p)| *p).map(|(r, _)| r.1).collect();
                contested.push(Contest { counts: counts.clone(), period, rows, more: total - limit });
            }
        }
    }

    // The articles the shown claims come from.
    let mut per_article: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &group_views {
        for s in &v.speakers {
            for c in &s.claims {
                *per_article.entry(c.article.as_str()).or_default() += 1;
            }
        }
    }
    let article_views: Vec<ArticleView> = per_article
        .iter()
        .map(|(s, n)| {
            let (p, publ) = articles.get(*s).cloned().unwrap_or_default();
            ArticleView { source: s.to_string(), published: p, publisher: publ, claims: *n }
        })
        .collect();
    // Articles in scope: known when every claim in scope was read, or when
    // the scope is the whole store.
    let articles_in_scope = if filters.on_content() || limits.claims == 0 {
        Some(claims.iter().map(|c| c.article.as_str()).collect::<BTreeSet<_>>().len())
    } else if filters.speaker.is_none() {
        Some(articles.len())
    } else {
        None
    };
    let shown_speakers_n = take(totals_of.len(), limits.speakers);
    let hidden = &totals_of[shown_speakers_n..];
    let data = ReportData {
        filters: filters.describe(),
        totals: Totals {
            claims: totals_of.iter().map(|t| t.1).sum(),
            speakers: totals_of.len(),
            articles: articles_in_scope,
            shown_claims: n,
            shown_speakers: shown_speakers_n,
            hidden_speakers: hidden.len(),
            hidden_claims: hidden.iter().map(|t| t.1).sum(),
        },
        groups: group_views,
        contested,
        articles: article_views,
    };
    let mut env = Environment::new();
    env.add_template("report.html", include_str!("../templates/report.html"))?;
    env.add_template("report.md", include_str!("../templates/report.md"))?;
    let name = match format {
        ReportFormat::Html => "report.html",
        ReportFormat::Markdown => "report.md",
    };
    Ok(env.get_template(name)?.render(minijinja::value::Serde(&data))?)
}
