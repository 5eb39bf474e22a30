//! Relations between actors: alliance, support, dispute, accusation,
//! condemnation, mediation ... each with a sign and a weight, and the
//! sentence that is its evidence.
//!
//! Two sources:
//! - **claims**: an accusation, condemnation, rejection, demand or threat is
//!   a hostile edge from the speaker to each actor the claim is about; support
//!   and a pledge a friendly one. When the speaker acts for a state (a
//!   minister, a ministry, the Kremlin), the edge also rolls up to that state,
//!   kept apart (`rollup`) from the speaker's own edge.
//! - **cue words** (`relation-cues.tsv`) with the place of their two actors
//!   around them: "تركيا، الحليف الأكبر لأذربيجان" (before–after), "القوات
//!   المدعومة من الجيش الأرميني" (after–before), "وساطة روسية ... بين أرمينيا
//!   وأذربيجان" (a mediator and the two sides), "المواجهات بين باكو ويريفان".

use super::actors::{ArticleActors, Mention, MentionKind};
use super::claims::Claim;
use super::gazetteer::Gazetteer;
use crate::lexicon::{ActorType, CuePattern};
use crate::text::{Document, Token, analyses};

/// One piece of evidence of a relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Source actor's id.
    pub source: String,
    /// Target actor's id.
    pub target: String,
    /// Kind (a name of `relation-kinds.tsv`).
    pub kind: String,
    /// +1, 0 or -1.
    pub sign: i8,
    /// The Goldstein weight of the kind.
    pub weight: f64,
    /// Sentence index.
    pub sentence: usize,
    /// Evidence span start (code points).
    pub start: usize,
    /// Evidence span end, exclusive.
    pub end: usize,
    /// The edge rolls a speaker's relation up to the state it acts for.
    pub rollup: bool,
    /// The edge is a speaker's own, and a roll-up to its state stands beside it.
    pub rolled_up: bool,
    /// The day of the evidence: its sentence's date, else publication.
    pub date: Option<String>,
}

/// The relation kind a claim type makes, if any.
fn kind_of_claim(claim_type: &str) -> Option<&'static str> {
    match claim_type {
        "accusation" => Some("accusation"),
        "condemnation" => Some("condemnation"),
        "rejection" | "demand" | "threat" => Some("dispute"),
        "support" | "pledge" => Some("support"),
        _ => None,
    }
}

/// Extracts the relations of an article.
pub fn extract_relations(
    doc: &Document<'_>,
    gaz: &Gazetteer,
    actors: &ArticleActors,
    claims: &[Claim],
) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    let is_place = |a: usize| actors.actors[a].kind == ActorType::Place;
    // The state an actor acts for, following affiliations (Peskov → Kremlin → Russia).
    let root_state = |a: usize| -> Option<String> {
        let mut aff = actors.actors[a].affiliation.clone();
        for _ in 0..6 {
            let next = aff?;
            let def = gaz.by_id.get(&next).map(|&g| &gaz.actors[g as usize]);
            match def {
                Some(d) if d.kind == ActorType::State => return Some(d.id.clone()),
                Some(d) => {
                    aff = d.affiliation.clone();
                }
                None => return None,
            }
        }
        None
    };
    let push = |out: &mut Vec<Relation>,
                source: &str,
                target: &str,
                kind: &str,
                sentence: usize,
                span: (usize, usize),
                rollup: bool| {
        if source == target {
            return;
        }
        let (source, target) = (source.to_string(), target.to_string());
        let Some(k) = gaz.relation_kinds.get(kind) else { return };
        let r = Relation {
            source,
            target,
            kind: kind.to_string(),
            sign: k.sign,
            weight: k.goldstein,
            sentence,
            start: span.0,
            end: span.1,
            rollup,
            rolled_up: false,
            date: None,
        };
        if !out.contains(&r) {
            out.push(r);
        }
    };
    let id = |a: usize| actors.actors[a].id.as_str();
    let side = |a: usize| root_state(a).unwrap_or_else(|| actors.actors[a].id.clone());
    for c in claims {
        let Some(kind) = kind_of_claim(&c.claim_type) else { continue };
        // The first actor the content names on another side than the
        // speaker's is the one accused, condemned or supported ("واتهم روسيا
        // بالتواطؤ مع أذربيجان": Russia); one does not accuse one's own side.
        let own = side(c.speaker);
        let friendly = kind == "support";
        // How the claim names each target: the first mention in its span.
        let toks = &doc.sentences[c.sentence].tokens;
        let first_mention =
            |t: usize| actors.mentions.iter().find(|m| m.actor == t && m.start >= c.start && m.end <= c.end);
        // A mention glued to ب/ل ("لسكان ناجورنو كاراباخ") names whom an act
        // touches, not the accused; one between dashes ("-في لقاء مع
        // الجزيرة-") is a circumstance.
        let prefixed = |m: &Mention| toks.iter().any(|tk| tk.start < m.start && m.start < tk.end);
        let in_dashes = |m: &Mention| {
            let dash = |k: &&Token| matches!(k.key.as_str(), "-" | "–");
            let before = toks.iter().filter(|k| k.end <= m.start && k.start >= c.start).filter(dash).count();
            before % 2 == 1
        };
        let hostile = !friendly;
        let demand = c.claim_type == "demand";
        let qualifies = |t: usize, m: Option<&Mention>| {
            !is_place(t)
                && side(t) != own
                && !((friendly || demand) && actors.actors[t].kind == ActorType::Group)
                && !m.is_some_and(|m| in_dashes(m) || (hostile && prefixed(m)))
        };
        // Support may name its beneficiary before the words ("وتعهد ماكرون
        // بتقديم الدعم لأرمينيا، قائلا إن ..."): failing a target in the
        // words, the first actor between speaker and words.
        let before_words = || {
            friendly
                .then(|| {
                    actors
                        .mentions
                        .iter()
                        .filter(|m| m.sentence == c.sentence && m.start >= c.start && m.end <= c.content_start)
                        .filter(|m| m.kind != MentionKind::Nisba && m.actor != c.speaker)
                        .find(|m| qualifies(m.actor, Some(m)))
                        .map(|m| m.actor)
                })
                .flatten()
        };
        let named = c.targets.iter().copied().find(|&t| qualifies(t, first_mention(t))).or_else(before_words);
        // "ورفضت موسكو هذه الاتهامات": a rejection with no one named answers
        // the last accusation or condemnation made before it.
        let answered = || {
            matches!(c.claim_type.as_str(), "rejection" | "denial")
                .then(|| {
                    claims
                        .iter()
                        .filter(|p| p.start < c.start && matches!(p.claim_type.as_str(), "accusation" | "condemnation"))
                        .map(|p| p.speaker)
                        .rfind(|&p| side(p) != own)
                })
                .flatten()
        };
        // The accuser answered stands for its state, as a speaker's edge does.
        let target = match (named, answered()) {
            // A person accused by a state stands for the state it acts for.
            (Some(t), _) if actors.actors[t].kind == ActorType::Person && root_state(c.speaker).is_some() => {
                root_state(t).unwrap_or_else(|| id(t).to_string())
            }
            (Some(t), _) => id(t).to_string(),
            (None, Some(p)) => side(p),
            (None, None) => continue,
        };
        let t_id = target.as_str();
        push(&mut out, id(c.speaker), t_id, kind, c.sentence, (c.start, c.end), false);
        if let Some(state) = root_state(c.speaker)
            && state != t_id
            && state != id(c.speaker)
        {
            if let Some(own_edge) = out.last_mut() {
                own_edge.rolled_up = true;
            }
            push(&mut out, &state, t_id, kind, c.sentence, (c.start, c.end), true);
        }
    }
    // A cue's edge: none between an actor and its own side; a speaker's edge
    // rolls up to the state it acts for, as a claim's does.
    let cue_edge = |out: &mut Vec<Relation>, s: usize, o: usize, kind: &str, si: usize, span: (usize, usize)| {
        if side(s) == side(o) {
            return;
        }
        push(out, id(s), id(o), kind, si, span, false);
        // People and offices act for their state; armed forces stay themselves.
        let speaks_for_state = matches!(actors.actors[s].kind, ActorType::Person | ActorType::Organization);
        if let Some(state) = root_state(s).filter(|st| speaks_for_state && st != id(o) && st != id(s)) {
            if let Some(own) = out.last_mut().filter(|r| r.source == id(s) && r.target == id(o)) {
                own.rolled_up = true;
            }
            push(out, &state, id(o), kind, si, span, true);
        }
    };
    // The two sides of "بين X وY" stand at one level: a state's forces
    // against a bare state stand for their state ("بين قوات أذربيجان
    // وأرمينيا": Azerbaijan and Armenia).
    let level = |(x, y): (usize, usize)| -> (Side, Side) {
        let is_state = |a: usize| actors.actors[a].kind == ActorType::State;
        let lift = |a: usize| match root_state(a) {
            Some(st) if !is_state(a) => Side::Id(st),
            _ => Side::Actor(a),
        };
        match (is_state(x), is_state(y)) {
            (true, false) => (Side::Actor(x), lift(y)),
            (false, true) => (lift(x), Side::Actor(y)),
            _ => (Side::Actor(x), Side::Actor(y)),
        }
    };
    // The two sides a dual stands for: the last two states the sentence
    // names before it ("انتقادات ليريفان من قبل موسكو، ووسع هوة الخلافات بين
    // البلدين"), else the two the article names most up to there, first
    // named first on a tie; the source's own side is never one of them.
    let two_sides = |si: usize, at: usize, without: Option<usize>| -> Option<(usize, usize)> {
        let other = |a: usize| actors.actors[a].kind == ActorType::State && without.is_none_or(|w| side(w) != side(a));
        let mut recent: Vec<usize> = Vec::new();
        for m in actors.mentions.iter().rev() {
            if m.sentence == si
                && m.end <= at
                && m.kind != MentionKind::Nisba
                && other(m.actor)
                && !recent.contains(&m.actor)
            {
                recent.push(m.actor);
            }
        }
        if let [a, b, ..] = recent[..] {
            return Some((b, a));
        }
        let mut counts: Vec<(usize, usize, usize)> = Vec::new(); // (actor, count, first)
        for (k, m) in actors.mentions.iter().enumerate().filter(|(_, m)| m.sentence <= si) {
            if !other(m.actor) {
                continue;
            }
            match counts.iter_mut().find(|c| c.0 == m.actor) {
                Some(c) => c.1 += 1,
                None => counts.push((m.actor, 1, k)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        match counts.as_slice() {
            [a, b, ..] => Some((a.0, b.0)),
            _ => None,
        }
    };
    let side_id = |s: &Side| match s {
        Side::Actor(a) => id(*a).to_string(),
        Side::Id(st) => st.clone(),
    };
    // The edge between two sides: an actor's own edge rolls up, a lifted
    // side is its state already.
    let side_edge =
        |out: &mut Vec<Relation>, s: &Side, o: &Side, kind: &str, si: usize, span: (usize, usize)| match (s, o) {
            (Side::Actor(s), Side::Actor(o)) => cue_edge(out, *s, *o, kind, si, span),
            _ => {
                let (s, o) = (side_id(s), side_id(o));
                let own =
                    |x: &str| actors.actors.iter().position(|a| a.id == x).map(side).unwrap_or_else(|| x.to_string());
                if own(&s) != own(&o) {
                    push(out, &s, &o, kind, si, span, false);
                }
            }
        };
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let toks = &sentence.tokens;
        let mentions: Vec<&Mention> = actors
            .mentions
            .iter()
            .filter(|m| m.sentence == si && m.kind != MentionKind::Nisba && !is_place(m.actor))
            .collect();
        let span = (sentence.span.start, sentence.span.end);
        for (i, t) in toks.iter().enumerate() {
            let Some(cue) = cue_at(gaz, t) else { continue };
            let before = mentions.iter().filter(|m| m.end <= t.start).max_by_key(|m| m.end).map(|m| m.actor);
            let after = mentions.iter().filter(|m| m.start >= t.end).min_by_key(|m| m.start).map(|m| m.actor);
            // The sentence's subject and the actors coordinated with it
            // ("حاولت الولايات المتحدة والاتحاد الأوروبي وروسيا التوسط").
            let subjects = || -> Vec<usize> {
                let mut ordered: Vec<&&Mention> = mentions.iter().filter(|m| m.end <= t.start).collect();
                ordered.sort_by_key(|m| m.start);
                let mut out: Vec<usize> = Vec::new();
                let mut last_end: Option<usize> = None;
                for m in ordered {
                    let joined = last_end.is_some_and(|e| {
                        toks.iter()
                            .find(|tk| tk.start <= m.start && m.start < tk.end)
                            .is_some_and(|tk| tk.start >= e && tk.key.starts_with('و'))
                    });
                    if last_end.is_none() || joined {
                        if !out.contains(&m.actor) {
                            out.push(m.actor);
                        }
                        last_end = Some(m.end);
                    } else {
                        break;
                    }
                }
                out
            };
            // The subject of the word's clause, other than `target`: the
            // first actor after the last comma before the word, else the
            // sentence's subject.
            let clause_subject = |target: usize| {
                let comma =
                    toks[..i].iter().rposition(|x| x.key == "،" || x.key == ",").map(|k| toks[k].end).unwrap_or(0);
                mentions
                    .iter()
                    .filter(|m| m.start >= comma && m.end <= t.start && m.actor != target)
                    .min_by_key(|m| m.start)
                    .map(|m| m.actor)
                    .or_else(|| subjects().into_iter().find(|&s| s != target))
            };
            match cue.pattern {
                CuePattern::BeforeAfter => {
                    if let (Some(s), Some(o)) = (before, after) {
                        cue_edge(&mut out, s, o, &cue.kind, si, span);
                    }
                }
                CuePattern::AfterBefore => {
                    // The supporter follows closely ("المدعومة من الجيش
                    // الأرميني"), not "مدعومة بهجمات مدفعية ... أرمينيا".
                    let limit = toks.get(i + 3).map(|n| n.end).unwrap_or(usize::MAX);
                    let after = after.filter(|&a| mentions.iter().any(|m| m.actor == a && m.start < limit));
                    if let (Some(s), Some(o)) = (after, before) {
                        cue_edge(&mut out, s, o, &cue.kind, si, span);
                    }
                }
                CuePattern::AfterBetween | CuePattern::BeforeBetween => {
                    let dual = || dual_after(toks, i).then(|| two_sides(si, t.start, None)).flatten();
                    let Some((x, y)) = dual().or_else(|| between(toks, &mentions, i)) else { continue };
                    let (x, y) = level((x, y));
                    // The mediator: named within three words after the cue and
                    // before "بين" ("وساطة روسية", "توسطت فيها روسيا"), else the
                    // sentence's subjects ("حاولت الولايات المتحدة ... التوسط").
                    let bain = (i + 1..toks.len())
                        .find(|&k| toks[k].key == "بين")
                        .map(|k| toks[k].start)
                        .unwrap_or(usize::MAX);
                    let limit = toks.get(i + 3).map(|n| n.end).unwrap_or(usize::MAX).min(bain);
                    let near = (cue.pattern == CuePattern::AfterBetween)
                        .then(|| {
                            mentions
                                .iter()
                                .filter(|m| m.start >= t.start && m.start < limit)
                                .min_by_key(|m| m.start)
                                .map(|m| vec![m.actor])
                        })
                        .flatten();
                    let mediators = near.unwrap_or_else(|| {
                        if cue.pattern == CuePattern::BeforeBetween { before.into_iter().collect() } else { subjects() }
                    });
                    for m in mediators {
                        side_edge(&mut out, &Side::Actor(m), &x, &cue.kind, si, span);
                        side_edge(&mut out, &Side::Actor(m), &y, &cue.kind, si, span);
                    }
                }
                CuePattern::SubjectAdjacent => {
                    // The target: right after the word (one adjective may stand
                    // between: "دعمها الراسخ لأرمينيا"), else right before it.
                    let limit = toks.get(i + 2).map(|n| n.end).unwrap_or(usize::MAX);
                    let adjacent_after =
                        mentions.iter().filter(|m| m.start >= t.end && m.start < limit).min_by_key(|m| m.start);
                    let adjacent_before =
                        mentions.iter().filter(|m| m.end <= t.start && t.start - m.end <= 1).max_by_key(|m| m.end);
                    let Some(target) = adjacent_after.or(adjacent_before).map(|m| m.actor) else { continue };
                    let source = clause_subject(target);
                    if let Some(s) = source {
                        cue_edge(&mut out, s, target, &cue.kind, si, span);
                    }
                }
                CuePattern::Between => {
                    // Without "بين", only an actor right after the word ("الحرب
                    // الروسية في أوكرانيا") starts the pair.
                    let right_after =
                        toks.get(i + 1).is_some_and(|n| mentions.iter().any(|m| m.start >= n.start && m.start < n.end));
                    let fallback = || if right_after { after_after(&mentions, t.end, toks) } else { None };
                    let dual = dual_after(toks, i).then(|| two_sides(si, t.start, None)).flatten();
                    if let Some(pair) = dual.or_else(|| between(toks, &mentions, i)).or_else(fallback) {
                        let (x, y) = level(pair);
                        side_edge(&mut out, &x, &y, &cue.kind, si, span);
                    }
                }
                CuePattern::AfterAfter => {
                    if let Some((x, y)) = after_after(&mentions, t.end, toks) {
                        cue_edge(&mut out, x, y, &cue.kind, si, span);
                    }
                }
                CuePattern::SubjectObject => {
                    let limit = toks.get(i + 6).map(|n| n.end).unwrap_or(usize::MAX);
                    let Some(target) =
                        mentions.iter().filter(|m| m.start >= t.end && m.start < limit).min_by_key(|m| m.start)
                    else {
                        continue;
                    };
                    let named = clause_subject(target.actor);
                    // "وتقرّبت منذ ذلك الحين من الغرب." after "ونددت أرمينيا ...".
                    let continued = || {
                        si.checked_sub(1)
                            .and_then(|p| claims.iter().filter(|c| c.sentence == p).max_by_key(|c| c.start))
                            .map(|c| c.speaker)
                    };
                    if let Some(s) = named.or_else(continued) {
                        cue_edge(&mut out, s, target.actor, &cue.kind, si, span);
                    }
                }
                CuePattern::Agent => {
                    let Some(by) =
                        (i + 1..toks.len().min(i + 10)).find(|&k| toks[k].key == "قبل" && toks[k - 1].key == "من")
                    else {
                        continue;
                    };
                    let (from, to) = (toks[by].end, toks[by - 1].start);
                    let target = mentions.iter().filter(|m| m.start >= t.end && m.end <= to).min_by_key(|m| m.start);
                    let limit = toks.get(by + 3).map(|n| n.end).unwrap_or(usize::MAX);
                    let source = mentions.iter().filter(|m| m.start >= from && m.start < limit).min_by_key(|m| m.start);
                    if let (Some(s), Some(o)) = (source, target) {
                        cue_edge(&mut out, s.actor, o.actor, &cue.kind, si, span);
                    }
                }
                CuePattern::BeforeDual => {
                    if i > 0 && toks[i - 1].key == "بين" {
                        continue;
                    }
                    let Some(s) = before else { continue };
                    if let Some((x, y)) = two_sides(si, t.start, Some(s)) {
                        cue_edge(&mut out, s, x, &cue.kind, si, span);
                        cue_edge(&mut out, s, y, &cue.kind, si, span);
                    }
                }
            }
        }
    }
    out
}

fn cue_at<'g>(gaz: &'g Gazetteer, t: &Token) -> Option<&'g crate::lexicon::RelationCue> {
    if let Some(c) = gaz.relation_cues.get(&t.key) {
        return Some(c);
    }
    analyses(&t.key).iter().find_map(|r| {
        gaz.relation_cues
            .get(r.stem)
            .or_else(|| (r.article_chars > 0).then(|| gaz.relation_cues.get(&format!("ال{}", r.stem))).flatten())
    })
}

/// One side of a relation: an actor of the article, or a state it acts for.
enum Side {
    Actor(usize),
    Id(String),
}

/// Duals that stand for the two sides the article is about.
const DUALS: [&str; 6] = ["البلدين", "الطرفين", "الجانبين", "البلدان", "الطرفان", "الجانبان"];

/// "بين البلدين" within twelve words after token `i`.
fn dual_after(toks: &[Token], i: usize) -> bool {
    (i + 1..toks.len().min(i + 13))
        .any(|k| toks[k].key == "بين" && toks.get(k + 1).is_some_and(|n| DUALS.contains(&n.key.as_str())))
}

/// The first two different actors named after a position.
fn after_after(mentions: &[&Mention], from: usize, toks: &[Token]) -> Option<(usize, usize)> {
    let mut after: Vec<&&Mention> = mentions.iter().filter(|m| m.start >= from).collect();
    after.sort_by_key(|m| m.start);
    let x = after.first()?;
    // The first is the doer, named bare: "دعم الولايات المتحدة لأرمينيا", not
    // "الدعم لأرمينيا والأرمن".
    if toks.iter().any(|tk| tk.start < x.start && x.start < tk.end) {
        return None;
    }
    let y = after.iter().find(|m| m.actor != x.actor)?;
    Some((x.actor, y.actor))
}

/// The two sides of "بين X وY" within twelve words after token `i`.
fn between(toks: &[Token], mentions: &[&Mention], i: usize) -> Option<(usize, usize)> {
    let b = (i + 1..toks.len().min(i + 13)).find(|&k| toks[k].key == "بين")?;
    let mut after = mentions.iter().filter(|m| m.start >= toks[b].end);
    let x = after.next()?;
    let y = after.find(|m| m.actor != x.actor)?;
    Some((x.actor, y.actor))
}

#[cfg(test)]
mod tests {
    use crate::extract::Extractor;
    use crate::lexicon::Lexicon;

    fn run(text: &str) -> Vec<(String, String, String, i8, bool)> {
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        ex.extract(text, "0123456789abcdef")
            .relations
            .into_iter()
            .map(|r| (r.source, r.target, r.kind, r.sign, r.rollup))
            .collect()
    }

    fn has(rs: &[(String, String, String, i8, bool)], s: &str, t: &str, kind: &str) -> bool {
        rs.iter().any(|r| r.0 == s && r.1 == t && r.2 == kind)
    }

    #[test]
    fn an_ally_stands_before_and_after_the_cue() {
        let rs = run("بينما زاد نفوذ تركيا، الحليف الأكبر لأذربيجان. وطلبت أرمينيا من حليفها الروسي دعما عسكريا.");
        assert!(has(&rs, "turkey", "azerbaijan", "alliance") && has(&rs, "armenia", "russia", "alliance"), "{rs:?}");
    }

    #[test]
    fn passive_support_names_the_supporter_after_the_cue() {
        let rs = run("وخضع الإقليم لسيطرة القوات العرقية الأرمنية المدعومة من الجيش الأرمني.");
        assert!(has(&rs, "armenia_armed_forces", "karabakh_armenian_forces", "support"), "{rs:?}");
    }

    #[test]
    fn a_mediator_relates_to_both_sides() {
        let rs = run("وساطة روسية تنهي التصعيد بين أرمينيا وأذربيجان");
        assert!(has(&rs, "russia", "armenia", "mediation") && has(&rs, "russia", "azerbaijan", "mediation"), "{rs:?}");
        assert!(rs.iter().all(|r| r.3 == 0), "mediation takes no side: {rs:?}");
    }

    #[test]
    fn a_persons_cue_relation_rolls_up_and_no_one_relates_to_its_own_side() {
        let rs = run(
            "قال رئيس الوزراء الجورجي إيراكلي غاريباشفيلي إن بلاده مستعدة للوساطة بين يريفان وباكو. وقال مسؤول في الخارجية الأمريكية إن واشنطن تدعم محادثات السلام.",
        );
        assert!(rs.contains(&("georgia".into(), "armenia".into(), "mediation".into(), 0, true)), "{rs:?}");
        assert!(!rs.iter().any(|r| r.1 == "united_states"), "a ministry does not support its own state: {rs:?}");
    }

    #[test]
    fn a_passive_agent_is_the_source() {
        let rs = run("وهو ما أثار انتقادات شديدة ليريفان من قبل موسكو.");
        assert!(has(&rs, "russia", "armenia", "condemnation"), "{rs:?}");
        assert!(run("وأثار انتقادات شديدة ليريفان.").is_empty(), "no agent, no edge");
    }

    #[test]
    fn a_dual_stands_for_the_sentences_last_two_states_else_the_articles_two_sides() {
        let rs = run("انتقادات ليريفان من قبل موسكو، ووسع هوة الخلافات بين البلدين.");
        assert!(has(&rs, "armenia", "russia", "dispute") || has(&rs, "russia", "armenia", "dispute"), "{rs:?}");
        let rs = run(
            "اندلع القتال بين أرمينيا وأذربيجان. واتهمت أذربيجان أرمينيا بالاستفزاز. وقال بيسكوف إن روسيا اتصلت بالطرفين لحثهما على استئناف المفاوضات.",
        );
        assert!(has(&rs, "russia", "armenia", "mediation") && has(&rs, "russia", "azerbaijan", "mediation"), "{rs:?}");
    }

    #[test]
    fn a_verbs_subject_relates_to_its_object_and_carries_over_a_sentence() {
        let rs = run("ونددت أرمينيا بشدة بتقاعس حليفها روسيا،\n\nوتقرّبت منذ ذلك الحين من الغرب.");
        assert!(has(&rs, "armenia", "the_west", "alliance"), "{rs:?}");
    }

    #[test]
    fn forces_against_a_bare_state_stand_for_their_state() {
        let rs = run("أنهت وساطة روسيا الاشتباكات التي اندلعت بين الجيش الأذربيجاني وأرمينيا في خطوة لا تبدد المخاوف.");
        assert!(has(&rs, "russia", "azerbaijan", "mediation") && has(&rs, "russia", "armenia", "mediation"), "{rs:?}");
        assert!(!rs.iter().any(|r| r.0.ends_with("armed_forces") || r.1.ends_with("armed_forces")), "{rs:?}");
    }

    #[test]
    fn a_supporter_follows_its_passive_cue_closely() {
        let rs = run("أرسلت أذربيجان قوات مدعومة بهجمات مدفعية إلى ناجورنو كاراباخ الخاضعة لسيطرة أرمينيا.");
        assert!(!rs.iter().any(|r| r.2 == "support"), "{rs:?}");
    }

    #[test]
    fn a_speakers_accusation_rolls_up_to_its_state() {
        let rs = run("وقال ماكرون إن فرنسا يقظة، واتهم روسيا بالتواطؤ مع أذربيجان.");
        assert!(rs.contains(&("emmanuel_macron".into(), "russia".into(), "accusation".into(), -1, false)), "{rs:?}");
        assert!(rs.contains(&("france".into(), "russia".into(), "accusation".into(), -1, true)), "{rs:?}");
        assert!(!rs.iter().any(|r| r.1 == "azerbaijan"), "only the accused: {rs:?}");
    }
}
