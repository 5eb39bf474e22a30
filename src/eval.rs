//! Evaluation against hand-made gold (`GOLD_SCHEMA.md`): precision, recall
//! and F1 of actors, computed exactly as the reference scorer `score.py`
//! does on the same exports, so the two always agree.
//!
//! An exported actor counts for a gold actor when its Wikidata id, id, IRI
//! local name, English label or one of its Arabic surfaces (compared in the
//! scorer's normal form, with and without clitics) matches; places are left
//! out on both sides.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::store::records::{ActorObject, ClaimRecord, MentionRecord, RelationRecord};

/// One gold actor.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldActor {
    /// Gold id.
    pub id: String,
    /// Type.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// English name.
    #[serde(default)]
    pub en: Option<String>,
    /// Wikidata QID.
    #[serde(default)]
    pub wikidata: Option<String>,
    /// Arabic surface forms.
    #[serde(default)]
    pub surface: Vec<String>,
}

/// One gold article.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    /// File name.
    #[serde(default)]
    pub article: Option<String>,
    /// Where the text lies (held-out sets).
    #[serde(default)]
    pub text_file: Option<String>,
    /// Publication date, where the article or its address states it.
    #[serde(default)]
    pub published: Option<String>,
    /// Actors.
    #[serde(default)]
    pub actors: Vec<GoldActor>,
    /// Claims.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
    /// Relations.
    #[serde(default)]
    pub relations: Vec<GoldRelation>,
}

/// One gold relation.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRelation {
    /// Gold id of the source.
    pub source: String,
    /// Gold id of the target.
    pub target: String,
    /// +1, 0 or -1.
    #[serde(default)]
    pub sign: i64,
}

/// One gold claim.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldClaim {
    /// Gold id of the speaker.
    pub speaker: String,
    /// The reporting verb as written.
    #[serde(default)]
    pub verb: String,
    /// Claim type.
    #[serde(rename = "type", default)]
    pub claim_type: String,
    /// Up to eight words of the sentence, to locate it.
    #[serde(default)]
    pub anchor: String,
}

impl GoldArticle {
    /// The article's file name, as the scorer matches it.
    pub fn name(&self) -> String {
        let p = self.text_file.as_deref().or(self.article.as_deref()).unwrap_or("");
        basename(p).to_string()
    }
}

fn basename(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// Reads gold JSON Lines; errors name the line.
pub fn read_gold(content: &str) -> Result<Vec<GoldArticle>, String> {
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}

fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{06d6}'..='\u{06ed}' | '\u{0640}')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201c}'
            | '\u{201d}'
            | '\u{00ab}'
            | '\u{00bb}'
            | '"'
            | '\''
            | '\u{2018}'
            | '\u{2019}'
            | '('
            | ')'
            | '['
            | ']'
    )
}

/// The scorer's normal form.
pub fn norm(s: &str) -> String {
    let s: String = s.nfc().collect();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_diacritic(c) {
            continue;
        }
        let c = if is_quote(c) { ' ' } else { c };
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            'ئ' => 'ي',
            c => c,
        };
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_clitics(word: &str) -> String {
    let mut w = word.to_string();
    for _ in 0..2 {
        for p in ["وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل"] {
            if w.starts_with(p) && w.chars().count() - p.chars().count() >= 3 {
                w = w[p.len()..].to_string();
                break;
            }
        }
    }
    w
}

fn keyset(s: &str) -> Vec<String> {
    let n = norm(s);
    if n.is_empty() {
        return Vec::new();
    }
    let full = n.split(' ').map(strip_clitics).collect::<Vec<_>>().join(" ");
    if full == n { vec![n] } else { vec![n, full] }
}

/// Maps exported actors to gold ids within one article.
pub struct ActorMap {
    by_qid: HashMap<String, String>,
    by_id: HashMap<String, String>,
    by_en: HashMap<String, String>,
    by_ar: HashMap<String, String>,
}

impl ActorMap {
    /// From the gold actors of one article.
    pub fn new(gold: &[GoldActor]) -> Self {
        let mut m =
            ActorMap { by_qid: HashMap::new(), by_id: HashMap::new(), by_en: HashMap::new(), by_ar: HashMap::new() };
        for a in gold {
            m.by_id.insert(a.id.clone(), a.id.clone());
            if let Some(q) = a.wikidata.as_ref().filter(|q| !q.is_empty()) {
                m.by_qid.insert(q.clone(), a.id.clone());
            }
            if let Some(en) = a.en.as_ref().filter(|e| !e.is_empty()) {
                m.by_en.insert(en.trim().to_lowercase(), a.id.clone());
            }
            for s in &a.surface {
                for k in keyset(s) {
                    m.by_ar.entry(k).or_insert_with(|| a.id.clone());
                }
            }
        }
        m
    }

    /// The gold id an exported actor stands for, if any.
    pub fn map(&self, obj: &ActorObject, surfaces: &[&str]) -> Option<String> {
        if let Some(q) = obj.wikidata.as_deref().filter(|q| !q.is_empty()) {
            let q = q.rsplit('/').next().unwrap_or(q);
            if let Some(g) = self.by_qid.get(q) {
                return Some(g.clone());
            }
        }
        if let Some(g) = self.by_id.get(&obj.id) {
            return Some(g.clone());
        }
        let local = obj.iri.rsplit(['/', '#']).next().unwrap_or("");
        if let Some(g) = self.by_id.get(local) {
            return Some(g.clone());
        }
        if let Some(en) = obj.label_en.as_deref() {
            let en = en.trim().to_lowercase();
            if !en.is_empty()
                && let Some(g) = self.by_en.get(&en)
            {
                return Some(g.clone());
            }
        }
        let mut cands: Vec<&str> = vec![obj.label_ar.as_str()];
        cands.extend_from_slice(surfaces);
        for c in cands {
            for k in keyset(c) {
                if let Some(g) = self.by_ar.get(&k) {
                    return Some(g.clone());
                }
            }
        }
        None
    }
}

/// How the scorer keys an exported actor: its IRI, else its id, else its
/// Arabic label.
fn actor_key(a: &ActorObject) -> String {
    if !a.iri.is_empty() {
        a.iri.clone()
    } else if !a.id.is_empty() {
        a.id.clone()
    } else {
        a.label_ar.clone()
    }
}

/// The exported actors of one article, each with every surface it has
/// there, in order of first mention.
fn article_actors<'m>(mentions: &[&'m MentionRecord]) -> Vec<(String, &'m ActorObject, Vec<&'m str>)> {
    let mut out: Vec<(String, &ActorObject, Vec<&str>)> = Vec::new();
    for m in mentions {
        let key = actor_key(&m.actor);
        match out.iter_mut().find(|(k, _, _)| *k == key) {
            Some(e) => e.2.push(&m.surface),
            None => out.push((key, &m.actor, vec![&m.surface])),
        }
    }
    out
}

/// One article's mapping of exported actors to gold, made once from every
/// surface each actor has in the article: an actor accepted as gold X is X
/// for its claims and relations too, as the reference scorer maps them.
struct ArticleMap<'a> {
    amap: &'a ActorMap,
    by_key: HashMap<String, Option<String>>,
}

impl<'a> ArticleMap<'a> {
    fn new(amap: &'a ActorMap, mentions: &[&MentionRecord]) -> Self {
        let by_key = article_actors(mentions).into_iter().map(|(k, a, s)| (k, amap.map(a, &s))).collect();
        ArticleMap { amap, by_key }
    }

    /// The gold id of an actor of a claim or relation: the article's
    /// mapping, else the actor alone with the given surfaces.
    fn map(&self, obj: &ActorObject, extra: &[&str]) -> Option<String> {
        match self.by_key.get(&actor_key(obj)) {
            Some(Some(g)) => Some(g.clone()),
            _ => self.amap.map(obj, extra),
        }
    }
}

fn by_article<R>(records: &[R], article: impl Fn(&R) -> &str) -> BTreeMap<String, Vec<&R>> {
    let mut out: BTreeMap<String, Vec<&R>> = BTreeMap::new();
    for r in records {
        out.entry(basename(article(r)).to_string()).or_default().push(r);
    }
    out
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision, rounded to 3 places.
    pub precision: f64,
    /// Recall, rounded to 3 places.
    pub recall: f64,
    /// F1, rounded to 3 places.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// System items.
    pub system: usize,
    /// Gold items.
    pub gold: usize,
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl Prf {
    fn new(tp: usize, system: usize, gold: usize) -> Self {
        let p = if system > 0 {
            tp as f64 / system as f64
        } else if gold == 0 {
            1.0
        } else {
            0.0
        };
        let r = if gold > 0 { tp as f64 / gold as f64 } else { 1.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Prf { precision: round3(p), recall: round3(r), f1: round3(f), tp, system, gold }
    }
}

/// What one article's actors missed and added.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ArticleMisses {
    /// Article file name.
    pub article: String,
    /// Gold actor ids not found.
    pub missed: Vec<String>,
    /// Exported actors that match no gold actor.
    pub spurious: Vec<String>,
}

/// The evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Actors (places excluded).
    pub actors: Prf,
    /// Per-article misses.
    pub misses: Vec<ArticleMisses>,
}

/// The scorer's sentences: spans (code points) ending after each run of
/// `.!?؟` or line breaks.
pub fn scorer_sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '؟' | '\n');
    let mut spans = Vec::new();
    let (mut start, mut i) = (0usize, 0usize);
    let blank = |a: usize, b: usize| chars[a..b].iter().all(|c| c.is_whitespace());
    while i < chars.len() {
        if is_end(chars[i]) {
            let mut end = i;
            while end < chars.len() && is_end(chars[end]) {
                end += 1;
            }
            if !blank(start, end) {
                spans.push((start, end));
            }
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < chars.len() && !blank(start, chars.len()) {
        spans.push((start, chars.len()));
    }
    spans
}

/// Claims found and missed, per the scorer.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimScore {
    /// Claims: speaker and sentence right.
    pub claims: Prf,
    /// Share of matched claims whose type is right, rounded to 3 places.
    pub claim_type_accuracy: Option<f64>,
    /// Lines naming each missed and spurious claim.
    pub misses: Vec<String>,
}

/// Scores claim exports against gold, as the reference scorer does: a
/// claim counts when its span overlaps the gold claim's sentence and its
/// speaker maps to the gold speaker (through the article's mapping of its
/// actors, made from `mentions`); the nearest such claim is taken.
pub fn score_claims(
    gold: &[GoldArticle],
    claims: &[ClaimRecord],
    mentions: &[MentionRecord],
    texts: &HashMap<String, String>,
) -> ClaimScore {
    let by_art = by_article(claims, |c| &c.article);
    let mentions_by_art = by_article(mentions, |m| &m.article);
    let (mut tp, mut sys, mut gol, mut type_ok, mut type_n) = (0, 0, 0, 0usize, 0usize);
    let mut misses = Vec::new();
    for g in gold {
        let name = g.name();
        let text = texts.get(&name).map(String::as_str).unwrap_or("");
        let amap = ActorMap::new(&g.actors);
        let art_map = ArticleMap::new(&amap, mentions_by_art.get(&name).map(Vec::as_slice).unwrap_or(&[]));
        let sents = scorer_sentences(text);
        let sent_of = |pos: usize| sents.iter().copied().find(|&(s, e)| s <= pos && pos < e).unwrap_or((pos, pos + 1));
        let sys_claims = by_art.get(&name).map(Vec::as_slice).unwrap_or(&[]);
        let mut used = vec![false; sys_claims.len()];
        for c in &g.claims {
            let p: i64 = text.find(&c.anchor).map(|b| text[..b].chars().count() as i64).unwrap_or(-1);
            let (gs, ge) = sent_of(p.max(0) as usize);
            let mut best: Option<(i64, usize)> = None;
            for (i, sc) in sys_claims.iter().enumerate() {
                if used[i] || !(sc.start < ge && sc.end > gs) {
                    continue;
                }
                let surface = sc.speaker.surface.as_str();
                if art_map.map(&sc.speaker.actor, &[surface]).as_deref() != Some(c.speaker.as_str()) {
                    continue;
                }
                let d = (sc.start as i64 - p).abs();
                if best.is_none_or(|b| d < b.0) {
                    best = Some((d, i));
                }
            }
            match best {
                Some((_, i)) => {
                    used[i] = true;
                    tp += 1;
                    type_n += 1;
                    if sys_claims[i].claim_type.to_lowercase() == c.claim_type {
                        type_ok += 1;
                    }
                }
                None => misses.push(format!("{name} claim missed: {} {} | {}", c.speaker, c.verb, c.anchor)),
            }
        }
        for (i, sc) in sys_claims.iter().enumerate() {
            if !used[i] {
                let who = sc.speaker.actor.label_en.clone().unwrap_or_else(|| sc.speaker.actor.label_ar.clone());
                let at: String = text.chars().skip(sc.start).take(60).collect();
                misses.push(format!("{name} claim spurious: {who} {} @{} | {at:?}", sc.verb, sc.start));
            }
        }
        sys += sys_claims.len();
        gol += g.claims.len();
    }
    let acc = (type_n > 0).then(|| round3(type_ok as f64 / type_n as f64));
    ClaimScore { claims: Prf::new(tp, sys, gol), claim_type_accuracy: acc, misses }
}

/// Scores relation exports against gold, as the reference scorer does:
/// per article, the set of unordered actor pairs with their sign, pairs
/// touching a place left out; a relation whose actors map to no gold actor
/// counts as spurious. Ends map through the article's mapping of its actors,
/// made from `mentions`.
pub fn score_relations(
    gold: &[GoldArticle],
    relations: &[RelationRecord],
    mentions: &[MentionRecord],
) -> (Prf, Vec<String>) {
    let by_art = by_article(relations, |r| &r.article);
    let mentions_by_art = by_article(mentions, |m| &m.article);
    let (mut tp, mut sys, mut gol) = (0, 0, 0);
    let mut misses = Vec::new();
    for g in gold {
        let name = g.name();
        let amap = ActorMap::new(&g.actors);
        let art_map = ArticleMap::new(&amap, mentions_by_art.get(&name).map(Vec::as_slice).unwrap_or(&[]));
        let places: BTreeSet<&str> = g.actors.iter().filter(|a| a.kind == "Place").map(|a| a.id.as_str()).collect();
        let pair =
            |a: &str, b: &str| if a <= b { (a.to_string(), b.to_string()) } else { (b.to_string(), a.to_string()) };
        let gold_rel: BTreeSet<((String, String), i64)> = g
            .relations
            .iter()
            .filter(|r| !places.contains(r.source.as_str()) && !places.contains(r.target.as_str()))
            .map(|r| (pair(&r.source, &r.target), r.sign))
            .collect();
        let mut sys_rel: BTreeSet<((String, String), i64)> = BTreeSet::new();
        let mut unmapped = 0;
        for r in by_art.get(&name).map(Vec::as_slice).unwrap_or(&[]) {
            let (a, b) = (art_map.map(&r.source, &[]), art_map.map(&r.target, &[]));
            if a.as_deref().is_some_and(|x| places.contains(x)) || b.as_deref().is_some_and(|x| places.contains(x)) {
                continue;
            }
            match (a, b) {
                (Some(a), Some(b)) => {
                    sys_rel.insert((pair(&a, &b), i64::from(r.sign)));
                }
                _ => unmapped += 1,
            }
        }
        let hit = gold_rel.intersection(&sys_rel).count();
        tp += hit;
        sys += sys_rel.len() + unmapped;
        gol += gold_rel.len();
        for x in gold_rel.difference(&sys_rel) {
            misses.push(format!("{name} relation missed: [{:?}, {:?}] {:+}", x.0.0, x.0.1, x.1));
        }
        for x in sys_rel.difference(&gold_rel) {
            misses.push(format!("{name} relation spurious: [{:?}, {:?}] {:+}", x.0.0, x.0.1, x.1));
        }
    }
    (Prf::new(tp, sys, gol), misses)
}

/// Scores mention exports against gold.
pub fn score_actors(gold: &[GoldArticle], mentions: &[MentionRecord]) -> Score {
    let by_art = by_article(mentions, |m| &m.article);
    let (mut tp, mut sys, mut gol) = (0, 0, 0);
    let mut misses = Vec::new();
    for g in gold {
        let name = g.name();
        let amap = ActorMap::new(&g.actors);
        let places: BTreeSet<&str> = g.actors.iter().filter(|a| a.kind == "Place").map(|a| a.id.as_str()).collect();
        let sys_actors = article_actors(by_art.get(&name).map(Vec::as_slice).unwrap_or(&[]));
        let gold_ids: BTreeSet<&str> = g.actors.iter().map(|a| a.id.as_str()).filter(|i| !places.contains(i)).collect();
        let mut mapped: BTreeSet<String> = BTreeSet::new();
        let mut spurious = Vec::new();
        for (key, act, surf) in &sys_actors {
            if matches!(act.kind.to_lowercase().as_str(), "place" | "region" | "location" | "city") {
                continue;
            }
            match amap.map(act, surf) {
                Some(gid) if places.contains(gid.as_str()) => {}
                Some(gid) => {
                    mapped.insert(gid);
                }
                None => spurious.push(
                    act.label_en
                        .clone()
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| if act.label_ar.is_empty() { key.clone() } else { act.label_ar.clone() }),
                ),
            }
        }
        let hit = mapped.iter().filter(|m| gold_ids.contains(m.as_str())).count();
        let extra = mapped.iter().filter(|m| !gold_ids.contains(m.as_str())).count();
        tp += hit;
        sys += hit + spurious.len() + extra;
        gol += gold_ids.len();
        let missed: Vec<String> = gold_ids.iter().filter(|i| !mapped.contains(**i)).map(|s| s.to_string()).collect();
        if !missed.is_empty() || !spurious.is_empty() {
            misses.push(ArticleMisses { article: name, missed, spurious });
        }
    }
    Score { actors: Prf::new(tp, sys, gol), misses }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_matches_the_reference_scorer() {
        assert_eq!(norm("  الحكومةُ  “الأرمينية” "), "الحكومه الارمينيه");
        assert_eq!(keyset("للحكومة الأرمينية"), vec!["للحكومه الارمينيه".to_string(), "حكومه ارمينيه".to_string()]);
    }

    /// An exported actor object.
    fn obj(id: &str, ar: &str, kind: &str) -> ActorObject {
        ActorObject {
            id: id.into(),
            iri: format!("x/{id}"),
            label_ar: ar.into(),
            label_en: None,
            kind: kind.into(),
            wikidata: None,
        }
    }

    #[test]
    fn actors_map_by_surface_and_places_do_not_count() {
        let gold = read_gold(r#"{"article": "a.txt", "actors": [{"id": "armenia", "type": "State", "en": "Armenia", "wikidata": "Q399", "surface": ["أرمينيا"]}, {"id": "yerevan", "type": "Place", "surface": ["يريفان"]}, {"id": "kremlin", "type": "Organization", "surface": ["الكرملين"]}]}"#).unwrap();
        let m = |a: ActorObject, s: &str| MentionRecord {
            article: "dir/a.txt".into(),
            start: 0,
            end: 1,
            surface: s.into(),
            actor: a,
        };
        let mentions = vec![
            m(obj("arm", "أرمينيا", "State"), "أرمينيا"),
            m(obj("yer", "يريفان", "Place"), "يريفان"),
            m(obj("nobody", "شخص", "Person"), "شخص"),
        ];
        let s = score_actors(&gold, &mentions);
        assert_eq!((s.actors.tp, s.actors.system, s.actors.gold), (1, 2, 2));
        assert_eq!(s.misses[0].missed, ["kremlin"]);
    }

    #[test]
    fn speakers_and_relation_ends_map_through_the_articles_mentions() {
        // A person found in the text has an id gold does not know; one of its
        // mentions ("الوزير") is a gold surface, so it is gold's minister in
        // its claims and relations too, though their own surface is empty.
        let gold = read_gold(r#"{"article": "a.txt", "actors": [{"id": "minister", "type": "Person", "surface": ["الوزير", "سمير داود"]}, {"id": "armenia", "type": "State", "surface": ["أرمينيا"]}], "claims": [{"speaker": "minister", "type": "accusation", "anchor": "وقال الوزير"}], "relations": [{"source": "minister", "target": "armenia", "sign": -1}]}"#).unwrap();
        let person = obj("smyr", "سمير", "Person");
        let mention = |a: &ActorObject, s: &str| MentionRecord {
            article: "a.txt".into(),
            start: 0,
            end: 1,
            surface: s.into(),
            actor: a.clone(),
        };
        let mentions = vec![mention(&person, "سمير"), mention(&person, "الوزير")];
        let text = "وقال الوزير إن أرمينيا تكذب.";
        let texts = HashMap::from([("a.txt".to_string(), text.to_string())]);
        let claim = ClaimRecord {
            article: "a.txt".into(),
            start: 0,
            end: 27,
            speaker: crate::store::records::SpeakerObject { actor: person.clone(), surface: String::new() },
            verb: "قال".into(),
            claim_type: "accusation".into(),
            cameo: "11".into(),
            goldstein: -2.0,
            direct_quote: false,
            content: String::new(),
            targets: Vec::new(),
            sentence: String::new(),
            iri: String::new(),
        };
        let scored = score_claims(&gold, std::slice::from_ref(&claim), &mentions, &texts);
        assert_eq!((scored.claims.tp, scored.claims.system), (1, 1), "{:?}", scored.misses);
        // Without the article's mentions the speaker maps to nothing.
        assert_eq!(score_claims(&gold, &[claim], &[], &texts).claims.tp, 0);
        let relation = RelationRecord {
            article: "a.txt".into(),
            start: 0,
            end: 27,
            source: person.clone(),
            target: obj("armenia", "أرمينيا", "State"),
            kind: "accusation".into(),
            sign: -1,
            weight: -2.0,
            date: None,
            rollup: false,
        };
        let (prf, _) = score_relations(&gold, std::slice::from_ref(&relation), &mentions);
        assert_eq!((prf.tp, prf.system), (1, 1));
        assert_eq!(score_relations(&gold, &[relation], &[]).0.tp, 0);
    }
}
