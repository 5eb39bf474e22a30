//! The "who said what" provenance report, read from the store through the
//! queries in `queries/` and rendered with the templates in `templates/`.
//!
//! Per speaker, grouped under the state or body they speak for (the root of
//! their affiliation chain), every claim with its type, CAMEO code and
//! Goldstein weight, its words as written, the English labels of speaker and
//! targets, its article, date and sentence; then the contested figures (the
//! different numbers different speakers give for the same thing within two
//! weeks); then an article index.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minijinja::Environment;
use oxigraph::store::Store;
use serde::Serialize;

use crate::export::{ClaimRecord, ExportError, claim_records_by, select, value};
use crate::extract::day_number;
use crate::queries;

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
    label: String,
    label_ar: String,
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
    articles: usize,
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
    Export(#[from] ExportError),
    /// Rendering.
    #[error("rendering the report: {0}")]
    Template(#[from] minijinja::Error),
}

/// Renders the report of the store.
pub fn render(store: &Store, format: ReportFormat, filters: &Filters) -> Result<String, ReportError> {
    // Actor descriptions: labels and affiliations.
    let mut label_en: HashMap<String, String> = HashMap::new();
    let mut label_ar: HashMap<String, String> = HashMap::new();
    let mut affiliation: HashMap<String, String> = HashMap::new();
    let mut id_of: HashMap<String, String> = HashMap::new();
    for row in select(store, queries::ACTOR_DESCRIPTIONS)? {
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
    // Articles: dates and publishers.
    let mut articles: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in select(store, queries::ARTICLES)? {
        let source = value(&row, "article").unwrap_or_default();
        articles.insert(
            source,
            (value(&row, "published").unwrap_or_default(), value(&row, "publisher").unwrap_or_default()),
        );
    }
    let date_of = |article: &str| articles.get(article).map(|a| a.0.clone()).unwrap_or_default();
    let keep = |c: &ClaimRecord| {
        let date = date_of(&c.article);
        filters
            .speaker
            .as_ref()
            .is_none_or(|s| *s == c.speaker.actor.id || id_of.get(&root(&c.speaker.actor.iri)) == Some(s))
            && filters.about.as_ref().is_none_or(|a| c.targets.iter().any(|t| t.id == *a))
            && filters.claim_type.as_ref().is_none_or(|t| *t == c.claim_type)
            && filters.since.as_ref().is_none_or(|s| !date.is_empty() && date.as_str() >= s.as_str())
            && filters.until.as_ref().is_none_or(|u| !date.is_empty() && date.as_str() <= u.as_str())
    };
    // With --speaker, only the claims of that actor and of those speaking for
    // it are read from the store.
    let speakers: Option<Vec<String>> = filters.speaker.as_ref().map(|s| {
        let mut v: Vec<String> = id_of
            .keys()
            .filter(|iri| id_of.get(*iri) == Some(s) || id_of.get(&root(iri)) == Some(s))
            .cloned()
            .collect();
        v.sort();
        v
    });
    let claims: Vec<ClaimRecord> =
        claim_records_by(store, speakers.as_deref())?.into_iter().filter(|c| keep(c)).collect();
    let kept: BTreeSet<&str> = claims.iter().map(|c| c.iri.as_str()).collect();

    // Group: root actor → speaker → claims.
    let mut groups: BTreeMap<String, BTreeMap<String, Vec<&ClaimRecord>>> = BTreeMap::new();
    for c in &claims {
        groups.entry(root(&c.speaker.actor.iri)).or_default().entry(c.speaker.actor.iri.clone()).or_default().push(c);
    }
    let mut n = 0usize;
    let mut group_views: Vec<GroupView> = groups
        .iter()
        .map(|(g, speakers)| {
            let mut speaker_views: Vec<SpeakerView> = speakers
                .iter()
                .map(|(s, cs)| SpeakerView {
                    label: en(s),
                    label_ar: label_ar.get(s).cloned().unwrap_or_default(),
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
            speaker_views.sort_by(|a, b| b.claims.len().cmp(&a.claims.len()).then(a.label.cmp(&b.label)));
            GroupView {
                anchor: format!("group-{}", id_of.get(g).cloned().unwrap_or_else(|| "other".into())),
                label: en(g),
                label_ar: label_ar.get(g).cloned().unwrap_or_default(),
                count: speakers.values().map(Vec::len).sum(),
                speakers: speaker_views,
            }
        })
        .collect();
    group_views.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));

    // Contested figures: per thing counted, figures within two weeks of
    // each other, when different speakers give different numbers.
    let mut by_counts: BTreeMap<String, Vec<(i64, FigureRow, String)>> = BTreeMap::new();
    for row in select(store, queries::FIGURES)? {
        let claim = value(&row, "claim").unwrap_or_default();
        if !kept.contains(claim.as_str()) {
            continue;
        }
        let date = value(&row, "published").unwrap_or_default();
        let speaker = value(&row, "speaker").unwrap_or_default();
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
        rows.sort_by(|a, b| (a.0, &a.1.article, a.1.value).cmp(&(b.0, &b.1.article, b.1.value)));
        let mut clusters: Vec<Vec<(i64, FigureRow, String)>> = Vec::new();
        for r in rows {
            match clusters.last_mut() {
                Some(c) if r.0 != i64::MIN && c.last().is_some_and(|l| l.0 != i64::MIN && r.0 - l.0 <= 14) => c.push(r),
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
                contested.push(Contest { counts: counts.clone(), period, rows: c.into_iter().map(|r| r.1).collect() });
            }
        }
    }

    let mut per_article: HashMap<&str, usize> = HashMap::new();
    for c in &claims {
        *per_article.entry(c.article.as_str()).or_default() += 1;
    }
    let article_views: Vec<ArticleView> = articles
        .iter()
        .map(|(s, (p, publ))| ArticleView {
            source: s.clone(),
            published: p.clone(),
            publisher: publ.clone(),
            claims: per_article.get(s.as_str()).copied().unwrap_or(0),
        })
        .collect();
    let speakers: BTreeSet<&str> = claims.iter().map(|c| c.speaker.actor.iri.as_str()).collect();
    let data = ReportData {
        filters: filters.describe(),
        totals: Totals { claims: claims.len(), speakers: speakers.len(), articles: per_article.len() },
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
