//! Relations between actors: alliance, support, dispute, accusation,
//! condemnation, attack, mediation, deployment, blockade, each with a sign
//! and a weight, and the sentence that is its evidence.
//!
//! Two sources:
//! - **claims**: an accusation, condemnation, denial, rejection, demand,
//!   warning or threat is a hostile edge from the speaker to the actor the
//!   claim is about; support and a pledge a friendly one; an appeal or a
//!   demand to both sides of a conflict ("دعا X أرمينيا وأذربيجان إلى") a
//!   neutral edge to each, and the two sides are in dispute.
//! - **relation words** (`relation-cues.tsv`, every form of a verb and its
//!   nouns) with their argument frame: the subject and object of a verb
//!   ("قصفت إسرائيل مواقع إيرانية", "الجيش الأذربيجاني أطلق عملية"), the
//!   agent and target of a verbal noun ("هجوم للقوات الأذربيجانية على مواقع
//!   للقوات الأرمنية", "شنت الولايات المتحدة ضربات على"), the two sides of a
//!   clash ("الاشتباكات بين باكو ويريفان", "خاضت أرمينيا وأذربيجان حربا"),
//!   a mediator and the parties ("وساطة روسية ... بين أرمينيا وأذربيجان",
//!   "أعلنت واشنطن اتفاقا بين"), an ally before and after ("تركيا، الحليف
//!   الأكبر لأذربيجان"). A relation stated inside a claim ("قال ماكرون إن
//!   روسيا تدعم أذربيجان") is kept besides the speech act; a verb or noun
//!   with no subject of its own in the claim's words is the speaker's ("أعلن
//!   الاتحاد الأوروبي أنه نشر بعثة").
//!
//! **Level.** Persons, ministries and armies act for the state (or the
//! international organisation) they belong to: their edge stays in the
//! store (`rolled_up`) and the same edge between the states is given beside
//! it (`rollup`). A person against a group (protesters, opposition) stays a
//! person, and two actors of one state keep their own ids. No actor relates
//! to its own side, and an article gives one edge per (source, target,
//! kind), at its first evidence.
//!
//! **Sides.** "البلدان", "الطرفان", "الجانبان" stand for the two actors
//! last named together ("أرمينيا وأذربيجان"), else the last two states of
//! the sentence, else the two sides the article names most.
//!
//! Every search is bounded by a few words around the relation word, on
//! mentions found by binary search: the cost is linear in the article.

use rustc_hash::FxHashSet as HashSet;

use super::actors::{ArticleActors, MentionKind};
use super::claims::Claim;
use super::gazetteer::Gazetteer;
use crate::lexicon::{ActorType, CueForm, CuePattern, RelationCue, WordClass};
use crate::text::{Document, Token, analyses, fold};

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

/// A relation of `kind` between two ids, its evidence sentence `si` at `span`.
fn relation(
    source: &str,
    target: &str,
    kind: &str,
    k: &crate::lexicon::RelationKindEntry,
    si: usize,
    span: (usize, usize),
) -> Relation {
    Relation {
        source: source.to_string(),
        target: target.to_string(),
        kind: kind.to_string(),
        sign: k.sign,
        weight: k.goldstein,
        sentence: si,
        start: span.0,
        end: span.1,
        rollup: false,
        rolled_up: false,
        date: None,
    }
}

/// The relation kind a claim type makes, if any.
fn kind_of_claim(claim_type: &str) -> Option<&'static str> {
    match claim_type {
        "accusation" => Some("accusation"),
        "condemnation" => Some("condemnation"),
        "rejection" | "denial" | "demand" | "threat" | "warning" => Some("dispute"),
        "support" | "pledge" => Some("support"),
        _ => None,
    }
}

/// Claim types addressed to someone: to both sides of a conflict, they take
/// no side.
fn is_appeal(claim_type: &str) -> bool {
    matches!(claim_type, "appeal" | "demand" | "warning")
}

/// Duals that stand for two sides (folded).
const DUALS: [&str; 10] =
    ["البلدين", "الطرفين", "الجانبين", "البلدان", "الطرفان", "الجانبان", "طرفي", "طرفا", "الدولتين", "الدولتان"];

/// Extracts the relations of an article.
pub fn extract_relations(
    doc: &Document<'_>,
    gaz: &Gazetteer,
    actors: &ArticleActors,
    claims: &[Claim],
) -> Vec<Relation> {
    let art = Art::new(doc, gaz, actors, claims);
    let mut out = Out::default();
    art.claim_relations(&mut out);
    for si in 0..doc.sentences.len() {
        let s = art.sentence(si);
        for (i, t) in s.toks.iter().enumerate() {
            let Some(cue) = cue_at(gaz, t) else { continue };
            // A word of a name is no relation word ("قوات الدعم السريع").
            if s.ms.get(s.before(i + 1)).is_some_and(|m| m.t0 <= i) {
                continue;
            }
            // A relation a speaker denies is not stated: "نفت أنقرة أن تكون
            // مقاتلاتها قد أسقطت مقاتلة أرمنية".
            if !needs_met(cue, s.toks, i) || art.denied(s, i) || negated(s.toks, i) {
                continue;
            }
            art.cue(s, i, cue, &mut out);
        }
    }
    art.resolve_deferred(&mut out);
    out.edges
}

/// Whether the word at `i` is negated: "لم تقصف"، "لن ندعم"، "لا تدعم"،
/// "ولم تتدخل".
fn negated(toks: &[Token], i: usize) -> bool {
    i.checked_sub(1).is_some_and(|p| {
        let k = toks[p].key.as_str();
        let k = k.strip_prefix('و').filter(|k| k.chars().count() > 1).unwrap_or(k);
        matches!(k, "لم" | "لن" | "لا" | "ليس" | "ليست" | "غير" | "دون" | "بدون")
    })
}

/// The relation word a token is, if any: the form itself, else without its
/// clitics (وبدعم، والحليف).
fn cue_at<'g>(gaz: &'g Gazetteer, t: &Token) -> Option<&'g RelationCue> {
    if !t.is_word() {
        return None;
    }
    if let Some(c) = gaz.relation_cues.get(&t.key) {
        return Some(c);
    }
    // Only a word that opens with a clitic or the article has another
    // reading, and only one of three letters or more; a common word of
    // words.tsv ("التي"، "فيما") is none.
    if !t.key.starts_with(['و', 'ف', 'ب', 'ل', 'ك', 'ا']) || t.key.len() <= 4 || gaz.words.contains_key(&t.key) {
        return None;
    }
    t.readings().find_map(|r| {
        gaz.relation_cues.get(r.stem).or_else(|| {
            // The form with its article, read off the word ("والحليف"); built
            // only after ل, which swallows the article's alif ("للحليف").
            (r.article_chars > 0)
                .then(|| match t.key.len().checked_sub(r.stem.len() + "ال".len()).and_then(|at| t.key.get(at..)) {
                    Some(f) if f.starts_with("ال") => gaz.relation_cues.get(f),
                    _ => gaz.relation_cues.get(&format!("ال{}", r.stem)),
                })
                .flatten()
        })
    })
}

/// Whether a word the cue needs follows it within eight words.
/// With an object pronoun the object stands before the verb ("عملية عسكرية
/// شنتها باكو"): within three words before it.
fn needs_met(cue: &RelationCue, toks: &[Token], i: usize) -> bool {
    if cue.needs.is_empty() {
        return true;
    }
    let from = match cue.form {
        CueForm::Verb { object: true, .. } => i.saturating_sub(3),
        _ => i + 1,
    };
    toks[from..toks.len().min(i + 9)]
        .iter()
        .any(|t| cue.needs.iter().any(|n| t.key == *n || t.readings().any(|a| a.stem == n)))
}

/// How a mention is governed: the preposition before it, as a clitic (بـ،
/// لـ) or a word (على، ضد، مع).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// No preposition: a subject, a genitive, an object.
    Bare,
    /// لـ
    Li,
    /// بـ
    Bi,
    /// على
    Ala,
    /// ضد
    Didd,
    /// مع
    Maa,
    /// من
    Min,
    /// في
    Fi,
    /// عن
    An,
    /// بين: a side of a pair, not an object.
    Bayn,
    /// "من قبل", "من جانب", "على يد": a passive agent.
    By,
    /// Any other preposition.
    Other,
}

/// A mention of a sentence as the frames see it.
#[derive(Debug, Clone)]
struct M {
    actor: usize,
    start: usize,
    end: usize,
    /// First token.
    t0: usize,
    /// One past the last token.
    t1: usize,
    mark: Mark,
    /// Joined to what precedes by و.
    conj: bool,
    /// Written with ل before its article ("للاتحاد الأوروبي"): often the
    /// owner of what precedes, not whom an act touches.
    ll: bool,
    /// A nisba adjective ("إسرائيلي", "الأذربيجانية").
    nisba: bool,
    place: bool,
}

/// One sentence: its tokens, mentions and coordinated groups.
struct Sent<'a> {
    si: usize,
    toks: &'a [Token],
    span: (usize, usize),
    ms: Vec<M>,
    /// Coordinated groups of mentions ("أرمينيا وأذربيجان", "السعودي
    /// الإماراتي"), as indices into `ms`.
    groups: Vec<Vec<usize>>,
    group_of: Vec<usize>,
}

impl Sent<'_> {
    /// Index of the first mention starting at or after token `tok`.
    fn first_from(&self, tok: usize) -> usize {
        self.ms.partition_point(|m| m.t0 < tok)
    }

    /// Number of mentions ending at or before token `tok`.
    fn before(&self, tok: usize) -> usize {
        self.ms.partition_point(|m| m.t1 <= tok)
    }

    fn actors(&self, g: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &k in &self.groups[g] {
            if !self.ms[k].place && !out.contains(&self.ms[k].actor) {
                out.push(self.ms[k].actor);
            }
        }
        out
    }

    fn head(&self, g: usize) -> &M {
        &self.ms[self.groups[g][0]]
    }

    /// Whether a token is a word that may stand between a verb and its
    /// subject (time words, فيها, a comma).
    fn gap(&self, gaz: &Gazetteer, k: usize) -> bool {
        let key = self.toks[k].key.as_str();
        matches!(key, "،" | "," | "-" | "–" | "كل" | "كلا" | "من")
            || matches!(gaz.word_class(key), Some(WordClass::Time) | Some(WordClass::Function))
    }
}

/// The preposition a word is (folded), if any.
fn preposition(key: &str) -> Option<Mark> {
    let key = key.strip_prefix('و').filter(|k| k.chars().count() > 1).unwrap_or(key);
    Some(match key {
        "علي" => Mark::Ala,
        "ضد" => Mark::Didd,
        "مع" => Mark::Maa,
        "من" => Mark::Min,
        "في" => Mark::Fi,
        "عن" => Mark::An,
        "بين" => Mark::Bayn,
        "الي" | "تجاه" | "بحق" | "ازاء" | "حيال" | "نحو" | "لدي" | "حول" | "امام" | "عبر" | "ضمن" | "داخل"
        | "لصالح" | "عند" | "قرب" | "بالقرب" => Mark::Other,
        _ => return None,
    })
}

/// Words (folded) that open a new clause: its subject is named after them.
fn opens_clause(key: &str) -> bool {
    let key = key.strip_prefix('و').filter(|k| k.chars().count() > 1).unwrap_or(key);
    matches!(
        key,
        "بينما"
            | "فيما"
            | "حيث"
            | "لكن"
            | "ولكن"
            | "لكنه"
            | "لكنها"
            | "عندما"
            | "بعدما"
            | "اذ"
            | "كما"
            | "حين"
            | "حينما"
            | "ان"
            | "انه"
            | "انها"
            | "انهم"
            | "بان"
            | "بانه"
            | "بانها"
            | "لان"
            | "لانه"
            | "لانها"
            | "فان"
            | "فانه"
            | "فانها"
            | "اذا"
            | ":"
            | "؛"
            | ";"
    )
}

/// Quotation marks.
fn is_quote(key: &str) -> bool {
    matches!(key, "“" | "”" | "«" | "»" | "\"" | "„")
}

/// Relation edges found so far, one per (source, target, kind, roll-up).
#[derive(Default)]
struct Out {
    edges: Vec<Relation>,
    seen: HashSet<(String, String, String, bool)>,
    /// Words that name no side and stand for the article's conflict, with
    /// their mediators if any: resolved once every sentence is read.
    deferred: Vec<Deferred>,
}

/// The two sides of an article's conflict, by id, if it has one.
type Conflict = Option<(String, String)>;

/// A relation to the article's two sides, once they are known.
struct Deferred {
    /// Mediators relating to each side, or (`against`) the doers of an act
    /// against the other side; none: the sides relate to each other.
    mediators: Vec<usize>,
    /// The act of one side against the other ("هجوم باكو الخاطف").
    against: bool,
    kind: String,
    si: usize,
    span: (usize, usize),
}

impl Out {
    fn push(&mut self, r: Relation) {
        if self.seen.insert((r.source.clone(), r.target.clone(), r.kind.clone(), r.rolled_up)) {
            self.edges.push(r);
        }
    }
}

/// The article as the relation rules see it.
struct Art<'a> {
    doc: &'a Document<'a>,
    gaz: &'a Gazetteer,
    actors: &'a ArticleActors,
    claims: &'a [Claim],
    /// Per actor: the state it belongs to, else its own id.
    side: Vec<String>,
    /// Per actor: the state or international organisation it acts for, for
    /// persons, bodies and armed forces.
    lift_to: Vec<Option<String>>,
    /// Claims by sentence.
    claims_in: Vec<Vec<usize>>,
    /// Pairs of actors named together ("أرمينيا وأذربيجان"), by where they end.
    pairs: Vec<(usize, usize, usize)>,
    /// The two sides the article names most.
    sides: Option<(usize, usize)>,
    /// Each sentence's mentions, marks and groups, built once.
    sents: Vec<Sent<'a>>,
}

impl<'a> Art<'a> {
    fn new(doc: &'a Document<'a>, gaz: &'a Gazetteer, actors: &'a ArticleActors, claims: &'a [Claim]) -> Self {
        let def_of = |id: &str| gaz.by_id.get(id).map(|&g| &gaz.actors[g as usize]);
        // Follows affiliations (Peskov → Kremlin → Russia) to the first
        // actor `stop` accepts.
        let chase = |a: usize, stop: &dyn Fn(ActorType) -> bool| -> Option<String> {
            let mut aff = actors.actors[a].affiliation.as_deref();
            for _ in 0..6 {
                let d = def_of(aff?)?;
                if stop(d.kind) {
                    return Some(d.id.clone());
                }
                aff = d.affiliation.as_deref();
            }
            None
        };
        // The last actor up the chain of affiliations (a spokesman → the
        // movement he speaks for), when it leads to no state: no edge joins
        // the two, though each keeps its own name in the network.
        let top = |a: usize| -> Option<String> {
            let mut aff = actors.actors[a].affiliation.as_deref();
            let mut last = None;
            for _ in 0..6 {
                let Some(d) = aff.and_then(def_of) else { break };
                last = Some(d.id.as_str());
                aff = d.affiliation.as_deref();
            }
            last.map(str::to_string)
        };
        let side = (0..actors.actors.len())
            .map(|a| {
                chase(a, &|k| k == ActorType::State).or_else(|| top(a)).unwrap_or_else(|| actors.actors[a].id.clone())
            })
            .collect();
        let lift_to = (0..actors.actors.len())
            .map(|a| match actors.actors[a].kind {
                ActorType::Person | ActorType::Organization | ActorType::ArmedForce => {
                    chase(a, &|k| matches!(k, ActorType::State | ActorType::InternationalOrganization))
                }
                _ => None,
            })
            .collect();
        let mut claims_in = vec![Vec::new(); doc.sentences.len()];
        for (k, c) in claims.iter().enumerate() {
            if let Some(v) = claims_in.get_mut(c.sentence) {
                v.push(k);
            }
        }
        let mut art = Art {
            doc,
            gaz,
            actors,
            claims,
            side,
            lift_to,
            claims_in,
            pairs: Vec::new(),
            sides: None,
            sents: Vec::new(),
        };
        art.sides = art.article_sides();
        let sents: Vec<Sent<'a>> = (0..doc.sentences.len()).map(|si| art.build_sentence(si)).collect();
        for s in &sents {
            for g in 0..s.groups.len() {
                // Named together with و, not a chain of nisbas.
                if !s.groups[g].iter().skip(1).any(|&k| s.ms[k].conj) {
                    continue;
                }
                let members: Vec<usize> = s.actors(g).into_iter().filter(|&a| art.is_party(a)).collect();
                if let Some(pair) = art.distinct_pair(&members) {
                    art.pairs.push((s.ms[*s.groups[g].last().unwrap_or(&0)].end, pair.0, pair.1));
                }
            }
            // "بين ممثلي القوات المسلحة السودانية، وقوات الدعم السريع".
            for (j, t) in s.toks.iter().enumerate() {
                if t.key == "بين"
                    && let Some((x, y)) = art.between(s, j.saturating_sub(1))
                    && art.is_party(x)
                    && art.is_party(y)
                {
                    let end = s.ms.iter().filter(|m| m.actor == y && m.t0 > j).map(|m| m.end).next().unwrap_or(t.end);
                    art.pairs.push((end, x, y));
                }
            }
        }
        art.pairs.sort_by_key(|p| p.0);
        art.sents = sents;
        art
    }

    /// Whether a token is a verb the lexicons know: a reporting verb, a
    /// relation verb, a frequent verb of `words.tsv`.
    fn is_verb(&self, t: &Token) -> bool {
        self.gaz.verbs.get(&t.key).is_some_and(|v| v.kind == crate::lexicon::VerbKind::Verb)
            || cue_at(self.gaz, t).is_some_and(|c| matches!(c.form, CueForm::Verb { .. }))
            || self.gaz.word_class(&t.key) == Some(WordClass::Verb)
    }

    /// Whether an actor can be a side of a conflict or a talk: a state, a
    /// force, an authority, a body, a person.
    fn is_party(&self, a: usize) -> bool {
        matches!(
            self.kind(a),
            ActorType::State
                | ActorType::ArmedForce
                | ActorType::SeparatistAuthority
                | ActorType::Organization
                | ActorType::InternationalOrganization
                | ActorType::PeacekeepingForce
                | ActorType::Person
        )
    }

    fn kind(&self, a: usize) -> ActorType {
        self.actors.actors[a].kind
    }

    fn id(&self, a: usize) -> &str {
        &self.actors.actors[a].id
    }

    /// The first two actors of a list on different sides.
    fn distinct_pair(&self, members: &[usize]) -> Option<(usize, usize)> {
        let x = *members.first()?;
        let y = members.iter().copied().find(|&y| self.side[y] != self.side[x])?;
        Some((x, y))
    }

    /// The two sides the article names most: states, armed forces, separatist
    /// authorities and bodies, each counted for the state it belongs to; the
    /// first named wins a tie.
    fn article_sides(&self) -> Option<(usize, usize)> {
        let mut counts: Vec<(String, usize, usize, usize)> = Vec::new(); // (side, count, first, actor)
        for (k, m) in self.actors.mentions.iter().enumerate() {
            let a = m.actor;
            if !matches!(
                self.kind(a),
                ActorType::State | ActorType::ArmedForce | ActorType::SeparatistAuthority | ActorType::Organization
            ) {
                continue;
            }
            let side = &self.side[a];
            match counts.iter_mut().find(|c| &c.0 == side) {
                Some(c) => c.1 += 1,
                None => counts.push((side.clone(), 1, k, a)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        match counts.as_slice() {
            [a, b, ..] if b.1 >= 2 => Some((a.3, b.3)),
            _ => None,
        }
    }

    /// The two sides a dual stands for at `pos` of sentence `si`: the last
    /// two states the sentence names before it ("انتقادات ليريفان من قبل
    /// موسكو، ووسع هوة الخلافات بين البلدين"), else the two actors last
    /// named together ("أرمينيا وأذربيجان"), else the article's two sides;
    /// never `without`'s side.
    fn two_sides(&self, s: &Sent<'_>, pos: usize, without: &[usize]) -> Option<(usize, usize)> {
        self.two_sides_of(s, pos, without, true)
    }

    /// As [`Art::two_sides`]; `recent` lets the sentence's last two states
    /// answer ("البلدين"), not for "طرفي النزاع", the parties of a conflict.
    fn two_sides_of(&self, s: &Sent<'_>, pos: usize, without: &[usize], recent_ok: bool) -> Option<(usize, usize)> {
        let ok = |a: usize| !without.iter().any(|&w| self.side[w] == self.side[a]);
        if let Some(pair) = self
            .last_pair(pos, without)
            .filter(|&(x, _)| s.ms.iter().any(|m| m.actor == x && m.end <= pos) && self.pair_in(s, pos))
        {
            return Some(pair);
        }
        let mut recent: Vec<usize> = Vec::new();
        let upto = if recent_ok { s.ms.partition_point(|m| m.end <= pos) } else { 0 };
        for m in s.ms[..upto].iter().rev().take(12) {
            if self.kind(m.actor) == ActorType::State
                && ok(m.actor)
                && !recent.iter().any(|&r| self.side[r] == self.side[m.actor])
            {
                recent.push(m.actor);
                if recent.len() == 2 {
                    return Some((recent[1], recent[0]));
                }
            }
        }
        self.last_pair(pos, without).or_else(|| self.sides.filter(|&(a, b)| ok(a) && ok(b)))
    }

    /// Whether the last pair named before `pos` was named in sentence `s`.
    fn pair_in(&self, s: &Sent<'_>, pos: usize) -> bool {
        let upto = self.pairs.partition_point(|p| p.0 <= pos);
        upto > 0 && self.pairs[upto - 1].0 > s.span.0
    }

    /// The two actors last named together before `pos`, none of `without`'s
    /// side.
    fn last_pair(&self, pos: usize, without: &[usize]) -> Option<(usize, usize)> {
        let ok = |a: usize| !without.iter().any(|&w| self.side[w] == self.side[a]);
        let upto = self.pairs.partition_point(|p| p.0 <= pos);
        self.pairs[..upto].iter().rev().take(20).find(|p| ok(p.1) && ok(p.2)).map(|&(_, a, b)| (a, b))
    }

    /// The mentions of sentence `si`, their marks and groups.
    fn sentence(&self, si: usize) -> &Sent<'a> {
        &self.sents[si]
    }

    /// Builds the mentions of a sentence, their marks and groups.
    fn build_sentence(&self, si: usize) -> Sent<'a> {
        let sentence = &self.doc.sentences[si];
        let toks = &sentence.tokens[..];
        let all = &self.actors.mentions;
        let from = all.partition_point(|m| m.sentence < si);
        let to = from + all[from..].partition_point(|m| m.sentence == si);
        let mut ms: Vec<M> = Vec::new();
        for m in &all[from..to] {
            if m.kind == MentionKind::Nisba || ms.last().is_some_and(|p| m.start < p.end) {
                continue;
            }
            let kind = self.kind(m.actor);
            if kind == ActorType::MediaOutlet {
                continue;
            }
            let t0 = toks.partition_point(|t| t.end <= m.start);
            let Some(tk) = toks.get(t0).filter(|t| t.start <= m.start) else { continue };
            let t1 = (toks.partition_point(|t| t.end < m.end) + 1).max(t0 + 1).min(toks.len());
            // The first word alone, folded: enough for its clitics and for a
            // nisba, which is one word.
            let one_word = !m.surface.trim().contains(char::is_whitespace);
            let first_folded = fold(m.surface.split_whitespace().next().unwrap_or(""));
            let first = first_folded.as_str();
            let prefix = if m.start > tk.start { tk.key.strip_suffix(first).unwrap_or("") } else { "" };
            let conj = prefix.starts_with('و') || prefix.starts_with('ف');
            let rest = if conj { &prefix['و'.len_utf8()..] } else { prefix };
            let mut mark = match rest.chars().next() {
                Some('ب') => Mark::Bi,
                Some('ل') => Mark::Li,
                Some(_) => Mark::Other,
                None if m.start == tk.start && first.starts_with("لل") => Mark::Li,
                None => {
                    let prev = |k: usize| t0.checked_sub(k).map(|p| toks[p].key.as_str());
                    match (prev(1), prev(2)) {
                        (Some("قبل") | Some("جانب"), Some("من")) | (Some("يد"), Some("علي")) => Mark::By,
                        (Some("من"), Some("كل") | Some("كلا")) => Mark::Bare,
                        (Some(p), _) => preposition(p).unwrap_or(Mark::Bare),
                        (None, _) => Mark::Bare,
                    }
                }
            };
            if mark == Mark::Other && rest.starts_with('ك') {
                mark = Mark::Other;
            }
            let word = first.strip_prefix("ال").unwrap_or(first);
            let nisba = one_word && self.gaz.nisba_words.contains(word);
            ms.push(M {
                actor: m.actor,
                start: m.start,
                end: m.end,
                t0,
                t1,
                mark,
                conj: conj || (t0 > 0 && toks[t0 - 1].key == "و"),
                ll: first.starts_with("لل") || tk.key.starts_with("لل") || tk.key.starts_with("ولل"),
                nisba,
                place: kind == ActorType::Place,
            });
        }
        // Groups: mentions joined by و, or a nisba right after another
        // ("التحالف السعودي الإماراتي", "الحدود الأرمينية-الأذربيجانية").
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut group_of = Vec::with_capacity(ms.len());
        for k in 0..ms.len() {
            let joined = k > 0 && {
                let (p, c) = (&ms[k - 1], &ms[k]);
                let between = &toks[p.t1.min(c.t0)..c.t0];
                let bare = matches!(c.mark, Mark::Bare);
                bare && !p.place
                    && !c.place
                    && groups.last().is_some_and(|g: &Vec<usize>| g.len() < 8)
                    && match between {
                        [] => c.conj || (c.nisba && p.nisba),
                        [w] => w.key == "و" || (c.nisba && p.nisba && matches!(w.key.as_str(), "-" | "–")),
                        _ => false,
                    }
            };
            if joined {
                if let Some(g) = groups.last_mut() {
                    g.push(k);
                }
            } else {
                groups.push(vec![k]);
            }
            group_of.push(groups.len() - 1);
        }
        Sent { si, toks, span: (sentence.span.start, sentence.span.end), ms, groups, group_of }
    }

    /// The claims of the sentence whose words hold token `i`.
    fn claims_at(&self, s: &Sent<'_>, i: usize) -> impl Iterator<Item = &'a Claim> + '_ {
        let at = s.toks[i].start;
        self.claims_in[s.si]
            .iter()
            .map(|&k| &self.claims[k])
            .filter(move |c| c.content_start <= at && at < c.content_end.max(c.content_start + 1))
    }

    /// Whether a denial holds token `i`, in its words or as the act it
    /// denies ("نفت الوزارة إسقاط طائرة").
    fn denied(&self, s: &Sent<'_>, i: usize) -> bool {
        let at = s.toks[i].start;
        self.claims_in[s.si].iter().map(|&k| &self.claims[k]).any(|c| {
            matches!(c.claim_type.as_str(), "denial" | "rejection")
                && c.start <= at
                && at < c.content_end.max(c.content_start + 1)
        })
    }

    /// The speakers whose words hold token `i`.
    fn speakers_at(&self, s: &Sent<'_>, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in self.claims_at(s, i) {
            if !out.contains(&c.speaker) {
                out.push(c.speaker);
            }
        }
        out
    }

    /// The speakers whose words hold token `i` when those words leave them
    /// as their subject: words that open with a pronoun ("أعلن أنه نشر"،
    /// "قالت إنها")، or with a preposition ("تعهدت باحترام"); not a clause
    /// whose subject is a noun isnad does not know ("قالت موسكو إن الفصائل
    /// الموالية لأنقرة شنت هجوما").
    fn implied_speakers(&self, s: &Sent<'_>, i: usize) -> Vec<usize> {
        let Some(c) = self.claims_at(s, i).max_by_key(|c| c.content_start) else { return Vec::new() };
        let first = s.toks.partition_point(|t| t.start < c.content_start);
        let open = (first..=i).find(|&j| s.toks[j].is_word()).unwrap_or(i);
        let key = s.toks[open].key.as_str();
        let pronoun = matches!(
            key,
            "انه"
                | "انها"
                | "انهم"
                | "انهما"
                | "بانه"
                | "بانها"
                | "بانهم"
                | "لانه"
                | "لانها"
                | "فانه"
                | "فانها"
                | "اننا"
                | "انا"
        );
        // The words' own act stands at their head ("أعلنت تأييدها"، "تعهد
        // بدعم"، "أكد أنه سيرسل قوات"); one deep in them ("قالت إن سبب
        // التصعيد كان محاولة الفصائل شن هجوم") has a subject of its own.
        let words = (first..i).filter(|&j| s.toks[j].is_word()).count();
        let head = if pronoun { words <= 4 } else { words <= 2 && (open == i || !key.starts_with("ال")) };
        if head && (pronoun || !(opens_clause(key) || is_quote(key) || s.ms.iter().any(|m| m.t0 == open))) {
            self.speakers_at(s, i)
        } else {
            Vec::new()
        }
    }

    /// The subject right after a verb at `i`: a bare group within three
    /// words, past time words and the like.
    fn subject_after(&self, s: &Sent<'_>, i: usize) -> Option<usize> {
        let k = s.first_from(i + 1);
        let m = s.ms.get(k)?;
        if m.t0 > i + 4 || m.mark != Mark::Bare || m.conj || m.place || !(i + 1..m.t0).all(|j| s.gap(self.gaz, j)) {
            return None;
        }
        Some(s.group_of[k])
    }

    /// The subject of the clause of token `i`, before it: the clause's first
    /// bare group ("الجيش الأذربيجاني أطلق"، "شنت الولايات المتحدة وبريطانيا
    /// ضربات"، "فرنسا، التي تضم جالية أرمنية، ... دور الوساطة"). The clause
    /// starts at the claim's words that hold the token, or after a word that
    /// opens another clause (بينما، حيث، لكن، عندما ...), at most thirty
    /// words back; one opened by a word with a pronoun (لكنها، أنه) and
    /// naming no one has the subject of the clause before. In a claim whose
    /// words open with a preposition ("تعهدت أذربيجان باحترام ..."، "اتهم X
    /// قوات الدعم السريع بتنفيذ قصف"), the words' agent is the verb's
    /// object, else the speaker.
    fn subject_before(&self, s: &Sent<'_>, i: usize, without: &[usize]) -> Vec<usize> {
        self.subject_within(s, i, without, 2)
    }

    /// [`Art::subject_before`], looking through at most `depth` clauses.
    fn subject_within(&self, s: &Sent<'_>, i: usize, without: &[usize], depth: usize) -> Vec<usize> {
        let keep = |v: Vec<usize>| -> Vec<usize> { v.into_iter().filter(|a| !without.contains(a)).collect() };
        let mut clause = 0;
        if let Some(c) = self.claims_at(s, i).max_by_key(|c| c.content_start) {
            let first = s.toks.partition_point(|t| t.start < c.content_start);
            let open = (first..i).find(|&j| s.toks[j].is_word()).unwrap_or(i);
            let starts_mention = s.ms.get(s.first_from(open)).is_some_and(|m| m.t0 == open && m.mark == Mark::Bare);
            let key = s.toks.get(open).map_or("", |t| t.key.as_str());
            if open < i && !starts_mention && !opens_clause(key) && !is_quote(key) {
                let from = s.toks.partition_point(|t| t.start < c.start);
                // The object stands before the complement: "اتهم الجيش،
                // في بيان، قوات الدعم السريع بتنفيذ قصف".
                let first = (open..i)
                    .find(|&j| {
                        let k = &s.toks[j].key;
                        preposition(k).is_some()
                            || ((k.starts_with('ب') || k.starts_with('ل'))
                                && analyses(k).any(|a| a.particle_chars >= 1)
                                && !s.ms.iter().any(|m| m.t0 == j))
                    })
                    .unwrap_or(first)
                    .max(first);
                // Not words that are a clause of their own ("قالت موسكو إن
                // سبب التصعيد كان ..."): they have a subject of their own.
                let words_start = s.toks.partition_point(|t| t.start < c.content_start);
                let clause_of_own = words_start.checked_sub(1).is_some_and(|p| {
                    let k = s.toks[p].key.as_str();
                    let k = k.strip_prefix('و').filter(|k| k.chars().count() > 1).unwrap_or(k);
                    matches!(k, "ان" | "بان" | "فان" | ":") || is_quote(k)
                });
                if clause_of_own {
                    return keep(self.clause_subject(s, first, i, without, depth));
                }
                // Joint speakers ("أعلنت أرمينيا وأذربيجان وروسيا عن اتفاق")
                // act together.
                let joint = (0..s.before(first))
                    .rev()
                    .find(|&k| s.ms[k].actor == c.speaker)
                    .map(|k| s.actors(s.group_of[k]))
                    .filter(|g| g.len() >= 2);
                let object = self.group_in(s, from, first, &[c.speaker], true).map(|g| s.actors(g));
                // An object isnad does not know ("اتهمت موسكو الفصائل المسلحة
                // بشن هجوم"): the act is theirs, not the speaker's.
                let verb_at = (from..first).rev().find(|&j| {
                    let k = s.toks[j].key.as_str();
                    self.gaz.verbs.contains_key(k)
                        || k.strip_prefix(['و', 'ف']).is_some_and(|k| self.gaz.verbs.contains_key(k))
                });
                let unknown_object = verb_at.is_some_and(|v| {
                    // The first word after the verb, past an aside between
                    // commas ("أكد، الأحد الماضي، على").
                    let mut aside = false;
                    for j in v + 1..first.max(i) {
                        let t = &s.toks[j];
                        if matches!(t.key.as_str(), "،" | ",") {
                            aside = !aside;
                            continue;
                        }
                        let mention = s.ms.iter().find(|m| m.t0 <= j && j < m.t1);
                        if aside || !t.is_word() || s.gap(self.gaz, j) || mention.is_some_and(|m| m.actor == c.speaker)
                        {
                            continue;
                        }
                        return mention.is_none() && t.key.starts_with("ال");
                    }
                    false
                });
                if joint.is_none() && object.is_none() && unknown_object {
                    return Vec::new();
                }
                return keep(joint.or(object).unwrap_or_else(|| vec![c.speaker]));
            }
            clause = first;
        }
        self.clause_subject(s, clause, i, without, depth)
    }

    /// The subject of the clause of token `i` that starts at or after
    /// `clause`: its first bare group, else that of the clause it depends on.
    fn clause_subject(&self, s: &Sent<'_>, clause: usize, i: usize, without: &[usize], depth: usize) -> Vec<usize> {
        let mut clause = clause.max(i.saturating_sub(30));
        let boundary = (clause..i).rev().find(|&j| opens_clause(&s.toks[j].key));
        if let Some(b) = boundary {
            clause = b + 1;
        }
        if let Some(g) = self.group_in(s, clause, i, without, false) {
            return s.actors(g);
        }
        // "وحدات من القوات المسلحة الأذربيجانية أطلقت": a part of it.
        if let Some(m) = s.ms[..s.before(i)]
            .last()
            .filter(|m| m.mark == Mark::Min && m.t0 >= clause && !m.place && !without.contains(&m.actor) && m.t1 == i)
        {
            return vec![m.actor];
        }
        // A clause naming no one ("لكنها سعت"، "بعد أن لم تهدأ مخاوفها"،
        // "كما أعلن") has the subject of the clause it depends on; one
        // headed by a noun ("إن الضربات المنسوبة ل...") has its own.
        let Some(b) = boundary else { return Vec::new() };
        let key = s.toks[b].key.as_str();
        let key = key.strip_prefix('و').filter(|k| k.chars().count() > 2).unwrap_or(key);
        let pronoun = ["ه", "ها", "هم", "هما", "نا"].iter().any(|p| key.ends_with(p)) && key.chars().count() > 3;
        let verb_next = s.toks[b + 1..i].iter().find(|t| t.is_word()).is_some_and(|t| self.is_verb(t));
        if b > 0 && depth > 0 && (pronoun || verb_next || b + 1 == i) {
            self.subject_within(s, b, without, depth - 1)
        } else {
            Vec::new()
        }
    }

    /// The first (or `last`) bare group between tokens `from` and `to`
    /// with none of `without`.
    fn group_in(&self, s: &Sent<'_>, from: usize, to: usize, without: &[usize], last: bool) -> Option<usize> {
        let end = s.before(to);
        let mut k = s.first_from(from);
        let mut found = None;
        while k < end {
            let g = s.group_of[k];
            let head = s.head(g);
            if head.mark == Mark::Bare && !head.place && !s.actors(g).iter().any(|a| without.contains(a)) {
                found = Some(g);
                if !last {
                    break;
                }
            }
            k = s.groups[g].last().map_or(k, |&l| l.max(k)) + 1;
        }
        found
    }

    /// The first bare group of the clause before token `i` if it stands
    /// within `within` words of it.
    fn subject_near(&self, s: &Sent<'_>, i: usize, within: usize, without: &[usize]) -> Vec<usize> {
        let from = i.saturating_sub(within + 6);
        match self.group_in(s, from, i, without, true) {
            Some(g) if i.saturating_sub(s.ms[*s.groups[g].last().unwrap_or(&0)].t1) <= within => s.actors(g),
            _ => Vec::new(),
        }
    }

    /// The source of a verb or a noun with no agent of its own: its
    /// subject, else the speakers whose words hold it, else (a verb in a
    /// sentence that names no one) the last speaker of the sentence before.
    fn subjects(&self, s: &Sent<'_>, i: usize, cue: &RelationCue) -> (Vec<usize>, Option<usize>) {
        let verb = matches!(cue.form, CueForm::Verb { .. });
        if matches!(cue.form, CueForm::Verb { first: true, .. }) {
            return (self.speakers_at(s, i), None);
        }
        // Subject first ("تركيا تدعم أذربيجان"، "إن روسيا تساند أرمينيا"):
        // the group right before the verb is its subject, the one after its
        // object.
        if verb {
            let before = self.subject_near(s, i, 1, &[]);
            if !before.is_empty() {
                return (before, None);
            }
        }
        if verb && let Some(g) = self.subject_after(s, i) {
            return (s.actors(g), Some(g));
        }
        let before = self.subject_before(s, i, &[]);
        if !before.is_empty() {
            return (before, None);
        }
        let speakers = self.implied_speakers(s, i);
        if !speakers.is_empty() || !verb || s.before(i) > 0 || self.claims_at(s, i).next().is_some() {
            return (speakers, None);
        }
        // "وتقرّبت منذ ذلك الحين من الغرب." after "ونددت أرمينيا ...".
        let previous =
            s.si.checked_sub(1)
                .and_then(|p| self.claims_in[p].iter().map(|&k| &self.claims[k]).max_by_key(|c| c.start))
                .map(|c| c.speaker);
        (previous.into_iter().collect(), None)
    }

    /// The first group after token `from` within `within` words that can be
    /// a target: not a passive agent, not after عن; after من only if
    /// nothing else is there; a place only if `places`. Of a group, the
    /// members of the first one's type ("لأرمينيا والأرمن": Armenia).
    fn target_after(&self, s: &Sent<'_>, from: usize, within: usize, places: bool, not: &[usize]) -> Vec<usize> {
        let limit = from + within;
        let mut fallback: Option<usize> = None;
        let mut found: Option<usize> = None;
        // The target stands in the clause: not past a word that opens another
        // ("وأضاف أن"، "بينما") or a reporting verb.
        let limit = (from..limit.min(s.toks.len()))
            .find(|&j| {
                let k = s.toks[j].key.as_str();
                opens_clause(k)
                    || self.gaz.verbs.contains_key(k)
                    || matches!(k, "،" | ",")
                    || (j > from
                        && self.is_verb(&s.toks[j])
                        && !matches!(s.toks[j - 1].key.as_str(), "التي" | "الذي" | "الذين" | "اللتين" | "اللذين"))
            })
            .unwrap_or(limit);
        for k in s.first_from(from)..s.ms.len() {
            let m = &s.ms[k];
            if m.t0 >= limit {
                break;
            }
            // Its group's preposition: "بين يريغان وباكو" is no object.
            let mark = s.head(s.group_of[k]).mark;
            if (m.place && !places) || not.contains(&m.actor) || matches!(mark, Mark::By | Mark::An | Mark::Bayn) {
                continue;
            }
            if mark == Mark::Min {
                fallback = fallback.or(Some(k));
                continue;
            }
            // "أطلقت صواريخ على سفينة حاويات ترفع علم ليبيريا": past the
            // object of على or ضد, a name is no target ("ضربات على أهداف
            // للحوثيين" is).
            let on = (from..m.t0).rev().find(|&j| matches!(preposition(&s.toks[j].key), Some(Mark::Ala | Mark::Didd)));
            if on.is_some_and(|j| m.t0 > j + 3) {
                break;
            }
            found = Some(k);
            break;
        }
        if let Some(k) = found.or(fallback) {
            return self.same_kind(s, k);
        }
        // "تعتدي على سيادتنا"، "ضد شعبنا": the speaker's own.
        let ours = (from..limit.min(s.toks.len())).any(|j| {
            let k = s.toks[j].key.as_str();
            j > 0
                && matches!(preposition(&s.toks[j - 1].key), Some(Mark::Ala) | Some(Mark::Didd))
                && k.chars().count() > 4
                && k.ends_with("نا")
        });
        if ours {
            self.speakers_at(s, from.saturating_sub(1)).into_iter().filter(|a| !not.contains(a)).collect()
        } else {
            Vec::new()
        }
    }

    /// The actors of mention `k`'s group from it on that have its type.
    fn same_kind(&self, s: &Sent<'_>, k: usize) -> Vec<usize> {
        let kind = self.kind(s.ms[k].actor);
        self.members_from(s, k, true).into_iter().filter(|&a| self.kind(a) == kind).collect()
    }

    /// A group's actors from mention `k` on.
    fn members_from(&self, s: &Sent<'_>, k: usize, places: bool) -> Vec<usize> {
        let g = s.group_of[k];
        let mut out = Vec::new();
        for &j in s.groups[g].iter().filter(|&&j| j >= k) {
            let m = &s.ms[j];
            if (!m.place || places) && !out.contains(&m.actor) {
                out.push(m.actor);
            }
        }
        out
    }

    /// The two sides of "بين X وY" within twelve words after token `i`.
    fn between(&self, s: &Sent<'_>, i: usize) -> Option<(usize, usize)> {
        let b = (i + 1..s.toks.len().min(i + 13)).find(|&k| s.toks[k].key == "بين")?;
        if let Some(t) = s.toks.get(b + 1).filter(|t| DUALS.contains(&t.key.as_str()) || t.key == "هذين") {
            let parties = matches!(t.key.as_str(), "طرفي" | "طرفا");
            return self.two_sides_of(s, s.toks[b].start, &[], !parties);
        }
        let k = s.first_from(b + 1);
        let x = s.ms.get(k).filter(|m| m.t0 <= b + 3 && !m.place)?;
        let y = s.ms[k + 1..]
            .iter()
            .take_while(|m| m.t0 <= x.t1 + 8)
            .find(|m| m.actor != x.actor && !m.place && self.side[m.actor] != self.side[x.actor])?;
        Some((x.actor, y.actor))
    }

    /// Whether a dual for the two sides stands right before token `i`
    /// ("طرفي النزاع", "إعلان طرفي الصراع").
    fn dual_before(&self, s: &Sent<'_>, i: usize) -> bool {
        i > 0 && DUALS.contains(&s.toks[i - 1].key.as_str())
    }

    /// Handles one relation word.
    fn cue(&self, s: &Sent<'_>, i: usize, cue: &RelationCue, out: &mut Out) {
        let span = s.span;
        let kind = cue.kind.as_str();
        let edge = |out: &mut Out, a: usize, b: usize, places: bool| self.edge(out, a, b, kind, s.si, span, places);
        match cue.pattern {
            CuePattern::BeforeAfter => {
                if let CueForm::Noun { possessive: true } = cue.form {
                    // "طلبت أرمينيا من حليفها الروسي": the target right after
                    // the word (one adjective may stand between), else right
                    // before it; the source the clause's subject.
                    let after = s.ms.get(s.first_from(i + 1)).filter(|m| m.t0 <= i + 2 && !m.place);
                    let before = s.before(i).checked_sub(1).map(|k| &s.ms[k]).filter(|m| m.t1 == i && !m.place);
                    let Some(target) = after.or(before).map(|m| m.actor) else { return };
                    let mut source = self.subject_before(s, i, &[target]);
                    if source.is_empty() {
                        source = self.speakers_at(s, i);
                    }
                    for a in source {
                        edge(out, a, target, false);
                    }
                    return;
                }
                // The noun the word describes, not a nisba of it ("جماعة
                // الحوثي اليمنية المتحالفة مع إيران").
                let before =
                    s.ms[..s.before(i)].iter().rev().take(3).find(|m| !m.nisba).filter(|m| i - m.t1 <= 10 && !m.place);
                let after = s.ms.get(s.first_from(i + 1)).filter(|m| m.t0 <= i + 10 && !m.place);
                if let (Some(a), Some(b)) = (before, after) {
                    edge(out, a.actor, b.actor, false);
                }
            }
            CuePattern::AfterBefore => {
                // The supporter follows closely ("المدعومة من الجيش الأرميني"),
                // not "مدعومة بهجمات مدفعية ... أرمينيا".
                let after = s.ms.get(s.first_from(i + 1)).filter(|m| m.t0 <= i + 2 && !m.place);
                // A noun ("تحالف ... بقيادة روسيا") leads what it follows, not
                // the adjective of a phrase between.
                let noun = matches!(cue.form, CueForm::Noun { .. });
                let reach = if noun { 8 } else { 3 };
                let before =
                    s.ms[..s.before(i)].iter().rev().find(|m| !(noun && m.nisba)).filter(|m| i - m.t1 <= reach);
                if let (Some(a), Some(b)) = (after, before) {
                    edge(out, a.actor, b.actor, true);
                }
            }
            CuePattern::SubjectObject => {
                let (sources, vso) = self.subjects(s, i, cue);
                let from = vso.map(|g| s.ms[*s.groups[g].last().unwrap_or(&0)].t1).unwrap_or(i + 1);
                let targets = if let CueForm::Verb { object: true, .. } = cue.form {
                    Vec::new()
                } else {
                    self.target_after(s, from, 8, true, &sources)
                };
                if targets.is_empty() && (vso.is_some() || !self.subject_before(s, i, &[]).is_empty()) {
                    // "عملية عسكرية شنتها باكو": against the other side.
                    self.against(out, &sources, cue, s);
                }
                for &a in &sources {
                    for &b in &targets {
                        edge(out, a, b, true);
                    }
                }
            }
            CuePattern::AgentObject => self.agent_object(s, i, cue, out),
            CuePattern::Deploy => {
                // The force's owner right after the force ("قوات حفظ سلام
                // روسية"، "بعثة للاتحاد الأوروبي"), else the subject; the host
                // after it ("في أرمينيا").
                let need = (i + 1..s.toks.len().min(i + 9)).find(|&j| {
                    let t = &s.toks[j];
                    cue.needs.iter().any(|n| t.key == *n || t.readings().any(|a| a.stem == n))
                });
                // The force may be named whole ("قوات حفظ السلام الروسية").
                let k = need.map(|j| s.ms.partition_point(|m| m.t1 <= j));
                let owner = k.and_then(|k| {
                    let j = need.unwrap_or(i);
                    s.ms.get(k).filter(|m| {
                        m.t0 <= j + 4
                            && !m.place
                            && (m.mark == Mark::Bare || (m.mark == Mark::Li && m.ll))
                            && (j + 1..m.t0).all(|x| preposition(&s.toks[x].key).is_none())
                    })
                });
                let (agents, from) = match owner {
                    Some(m) => (vec![m.actor], m.t1),
                    None => (self.subjects(s, i, cue).0, i + 1),
                };
                let mut hosts = self.target_after(s, from, 10, true, &agents);
                // "عند الحدود الأرمينية-الأذربيجانية": a border of two is no
                // host.
                if hosts.len() >= 2 && hosts.iter().all(|&h| self.kind(h) == ActorType::State) {
                    hosts.clear();
                }
                for &a in &agents {
                    for &b in &hosts {
                        edge(out, a, b, true);
                    }
                }
            }
            CuePattern::Mutual | CuePattern::Conflict => match self.mutual(s, i, cue) {
                Some(pairs) => {
                    for (a, b) in pairs {
                        edge(out, a, b, false);
                    }
                }
                None => out.deferred.push(Deferred {
                    mediators: Vec::new(),
                    against: false,
                    kind: cue.kind.clone(),
                    si: s.si,
                    span,
                }),
            },
            CuePattern::Mediator => {
                let near = match cue.form {
                    CueForm::Verb { .. } => self.subject_after(s, i).map(|g| s.actors(g)),
                    _ => {
                        let k = s.first_from(i + 1);
                        s.ms.get(k)
                            .filter(|m| {
                                m.t0 <= i + 3 && matches!(m.mark, Mark::Bare | Mark::Min | Mark::An) && !m.place
                            })
                            .map(|_| self.members_from(s, k, false))
                    }
                };
                // "بوساطة دولية": by the mediation of someone it does not name.
                let instrumental = matches!(cue.form, CueForm::Noun { possessive: false })
                    && s.toks[i].key.starts_with('ب')
                    && !cue.word.starts_with('ب');
                let named = near.is_some() || matches!(cue.form, CueForm::Verb { .. });
                let mut mediators = match near {
                    Some(m) => m,
                    None if instrumental => return,
                    None => self.subjects(s, i, cue).0,
                };
                mediators.retain(|&m| self.is_party(m));
                if mediators.is_empty() {
                    return;
                }
                // Not those who speak of it together ("أعلنت الإمارات
                // والسعودية تأييدها للجهود المصرية للحل").
                let speaking = |a: usize| self.claims_in[s.si].iter().any(|&k| self.claims[k].speaker == a);
                let parties = self.between(s, i).map(|(x, y)| vec![x, y]).or_else(|| {
                    Some(self.subject_near(s, i, 1, &mediators))
                        .filter(|g| g.len() >= 2 && !g.iter().all(|&a| speaking(a)))
                });
                // Else the two named together earlier in the sentence ("أرمينيا
                // وأذربيجان لاستئناف المفاوضات التي ترعاها مجموعة مينسك").
                let parties = parties.or_else(|| {
                    self.last_pair(s.toks[i].start, &mediators)
                        .filter(|&(x, y)| {
                            let subject = self.subject_before(s, i, &[]);
                            s.ms.iter().any(|m| m.actor == x && m.end <= s.toks[i].start)
                                && !(speaking(x) && speaking(y))
                                && !(subject.contains(&x) && subject.contains(&y))
                        })
                        .map(|(x, y)| vec![x, y])
                });
                match parties {
                    Some(parties) => {
                        for &m in &mediators {
                            for &p in &parties {
                                edge(out, m, p, false);
                            }
                        }
                    }
                    // "دور الوساطة في ناجورنو كاراباخ": in a place; "الجهود
                    // المصرية للحل في ليبيا": between sides it does not name.
                    None if s.ms[s.first_from(i + 1)..]
                        .iter()
                        .find(|m| !mediators.contains(&m.actor))
                        .is_some_and(|m| m.mark == Mark::Fi && m.t0 <= i + 4) =>
                    {
                        let m = s.ms[s.first_from(i + 1)..].iter().find(|m| !mediators.contains(&m.actor));
                        if let Some(place) = m.filter(|m| m.place).map(|m| m.actor) {
                            for &m in &mediators {
                                edge(out, m, place, true);
                            }
                        }
                    }
                    // "أرتاك بلغاريان، الوسيط السابق لحقوق المدنيين": a noun
                    // naming neither mediator nor parties is a title.
                    None if !named => {}
                    // "هدنة توسطت فيها روسيا": between the article's sides.
                    None => out.deferred.push(Deferred {
                        mediators,
                        against: false,
                        kind: cue.kind.clone(),
                        si: s.si,
                        span,
                    }),
                }
            }
            CuePattern::Agreement => self.agreement(s, i, cue, out),
            CuePattern::BeforeDual => {
                if i > 0 && s.toks[i - 1].key == "بين" {
                    return;
                }
                let Some(src) = s.before(i).checked_sub(1).map(|k| s.ms[k].actor) else { return };
                if let Some((x, y)) = self.two_sides(s, s.toks[i].start, &[src]) {
                    edge(out, src, x, false);
                    edge(out, src, y, false);
                }
            }
        }
    }

    /// An act of `doers` naming no target: against the other side of the
    /// article's conflict, once it is known; for hostile kinds only.
    fn against(&self, out: &mut Out, doers: &[usize], cue: &RelationCue, s: &Sent<'_>) {
        let hostile = self.gaz.relation_kinds.get(&cue.kind).is_some_and(|k| k.sign < 0);
        let doers: Vec<usize> = doers.iter().copied().filter(|&d| self.is_party(d)).collect();
        if hostile && !doers.is_empty() {
            out.deferred.push(Deferred {
                mediators: doers,
                against: true,
                kind: cue.kind.clone(),
                si: s.si,
                span: s.span,
            });
        }
    }

    /// A verbal noun: its agent and its target.
    fn agent_object(&self, s: &Sent<'_>, i: usize, cue: &RelationCue, out: &mut Out) {
        let kind = cue.kind.as_str();
        let all = |out: &mut Out, sources: &[usize], targets: &[usize]| {
            for &a in sources {
                for &b in targets {
                    self.edge(out, a, b, kind, s.si, s.span, true);
                }
            }
        };
        let subject = || {
            let before = self.subject_before(s, i, &[]);
            if before.is_empty() { self.implied_speakers(s, i) } else { before }
        };
        if let CueForm::Noun { possessive: true } = cue.form {
            // "دعمها لأرمينيا": the agent is the one the pronoun refers to.
            let targets = self.target_after(s, i + 1, 8, true, &[]);
            all(out, &subject(), &targets);
            return;
        }
        // "انتقادات شديدة ليريفان من قبل موسكو": a passive agent.
        let by = s.ms.iter().position(|m| m.t0 > i && m.t0 <= i + 10 && m.mark == Mark::By);
        if let Some(k) = by {
            let agent = self.members_from(s, k, false);
            let targets: Vec<usize> =
                self.target_after(s, i + 1, s.ms[k].t0.saturating_sub(i + 1), true, &agent).into_iter().collect();
            all(out, &agent, &targets);
            return;
        }
        let k = s.first_from(i + 1);
        // The agent stands right after the noun, at most two adjectives on
        // ("ضربات صاروخية إيرانية"), with no preposition word between.
        // A word the noun needs ("الوقوف إلى جانب X") makes what follows its
        // target; a verb or a preposition between ends the noun's phrase.
        let first = s.ms.get(k).filter(|m| {
            m.t0 <= i + 3
                && !m.place
                && (i + 1..m.t0).all(|j| {
                    let t = &s.toks[j];
                    matches!(preposition(&t.key), None | Some(Mark::Min))
                        && !self.is_verb(t)
                        && !cue.needs.iter().any(|n| t.key == *n || t.readings().any(|a| a.stem == n))
                })
        });
        let Some(m) = first else {
            // "الهجمات المستمرة من عناصر أرمينية": من names the agent.
            let from = s.ms[k.min(s.ms.len())..]
                .iter()
                .position(|x| x.t0 <= i + 6 && x.mark == Mark::Min && !x.place)
                .map(|d| k + d);
            if let Some(a) = from {
                let agent = self.members_from(s, a, false);
                let targets = self.target_after(s, s.ms[a].t1, 6, true, &agent);
                all(out, &agent, &targets);
                return;
            }
            // "شنت الولايات المتحدة ضربات على أهداف للحوثيين".
            let targets = self.target_after(s, i + 1, 8, true, &[]);
            all(out, &subject(), &targets);
            return;
        };
        match m.mark {
            Mark::Bare | Mark::Min => {
                let agent = self.members_from(s, k, false);
                // The target follows the agent's group, in the same clause.
                let after = s.groups[s.group_of[k]].last().map_or(m.t1, |&l| s.ms[l].t1);
                let targets = self.target_after(s, after, 8, true, &agent);
                if !targets.is_empty() {
                    all(out, &agent, &targets);
                } else if m.mark == Mark::Min {
                    // "القوات ... بدعم من الجيش الأرميني": the target before.
                    let target = s.before(i).checked_sub(1).map(|j| &s.ms[j]).filter(|x| i - x.t1 <= 6);
                    if let Some(t) = target {
                        all(out, &agent, &[t.actor]);
                    }
                } else {
                    // "أدان قصف المدنيين": with a subject right before it, a
                    // bare genitive alone is the noun's object; else the noun
                    // is its act against the other side ("هجوم باكو الخاطف"،
                    // "هجوم صاروخي أرميني").
                    let subject = if m.nisba { Vec::new() } else { self.subject_near(s, i, 4, &agent) };
                    if subject.is_empty() {
                        self.against(out, &agent, cue, s);
                    } else {
                        all(out, &subject, &agent);
                    }
                }
            }
            Mark::Li => {
                // "هجوما للقوات الأذربيجانية على مواقع ...": ل marks the
                // agent when على or ضد names the target.
                let on = (m.t1..s.toks.len().min(m.t1 + 6))
                    .find(|&j| matches!(preposition(&s.toks[j].key), Some(Mark::Ala) | Some(Mark::Didd)));
                if let Some(j) = on {
                    let agent = self.members_from(s, k, false);
                    let targets = self.target_after(s, j + 1, 6, true, &agent);
                    all(out, &agent, &targets);
                } else {
                    all(out, &subject(), &self.same_kind(s, k));
                }
            }
            _ => {
                let targets = self.target_after(s, i + 1, 8, true, &[]);
                all(out, &subject(), &targets);
            }
        }
    }

    /// The pairs a word of mutual relation states.
    /// None when a word of conflict names no side: it stands for the
    /// article's conflict.
    fn mutual(&self, s: &Sent<'_>, i: usize, cue: &RelationCue) -> Option<Vec<(usize, usize)>> {
        let pairwise = |members: Vec<usize>| -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for (n, &a) in members.iter().enumerate() {
                for &b in &members[n + 1..] {
                    out.push((a, b));
                }
            }
            out
        };
        if let Some(p) = self.between(s, i) {
            return Some(vec![p]);
        }
        let verb = matches!(cue.form, CueForm::Verb { .. });
        let subject = || -> Vec<usize> {
            if let CueForm::Verb { first: true, .. } = cue.form {
                return self.speakers_at(s, i);
            }
            if let Some(g) = verb.then(|| self.subject_after(s, i)).flatten() {
                return s.actors(g);
            }
            let before = self.subject_before(s, i, &[]);
            if before.is_empty() { self.implied_speakers(s, i) } else { before }
        };
        // "اشتباكات مع قوات أذربيجانية", "في حالة حرب مع روسيا".
        // Not past another relation word ("تصعيد عملياتهم تضامنا مع").
        let with = (i + 1..s.toks.len().min(i + 9))
            .take_while(|&j| cue_at(self.gaz, &s.toks[j]).is_none())
            .find(|&j| s.toks[j].key == "مع");
        if let Some(j) = with {
            let k = s.first_from(j + 1);
            if let Some(m) = s.ms.get(k).filter(|m| m.t0 <= j + 3 && !m.place) {
                let other = self.members_from(s, k, false);
                let mut subj = subject();
                if subj.is_empty() {
                    // "قتلى من الجيش الأرميني إثر اشتباكات مع": the nearest
                    // actor before, whatever its preposition.
                    subj.extend(
                        s.before(i)
                            .checked_sub(1)
                            .map(|x| &s.ms[x])
                            .filter(|x| !x.place && i - x.t1 <= 4 && x.t1 <= m.t0)
                            .map(|x| x.actor),
                    );
                }
                return Some(subj.iter().flat_map(|&a| other.iter().map(move |&b| (a, b))).collect());
            }
        }
        // Coordinated subjects: "خاضت أرمينيا وأذربيجان حربين"، "تبادلت X وY"؛
        // a noun stands right after them.
        let subj = subject();
        let adjacent = verb
            || s.ms[..s.before(i)]
                .last()
                .is_some_and(|m| subj.contains(&m.actor) && (m.t1..i).all(|j| s.gap(self.gaz, j)) && i - m.t1 <= 3);
        if subj.len() >= 2 && adjacent {
            return Some(pairwise(subj));
        }
        // "التحالف السعودي الإماراتي"، "الحرب الروسية الأوكرانية".
        let k = s.first_from(i + 1);
        let plain = |m: &M| {
            (i + 1..m.t0).all(|j| preposition(&s.toks[j].key).is_none() && cue_at(self.gaz, &s.toks[j]).is_none())
        };
        if let Some(m) = s.ms.get(k).filter(|m| m.t0 <= i + 3 && m.mark == Mark::Bare && !m.place && plain(m)) {
            let members = self.members_from(s, k, false);
            if members.len() >= 2 {
                return Some(pairwise(members));
            }
            if m.nisba {
                // "الحرب الروسية في أوكرانيا": the next actor after it.
                if let Some(y) = s.ms[k + 1..]
                    .iter()
                    .take_while(|y| y.t0 <= m.t1 + 4)
                    .find(|y| !y.place && y.actor != m.actor && !matches!(y.mark, Mark::By | Mark::An | Mark::Min))
                {
                    return Some(vec![(m.actor, y.actor)]);
                }
            } else if let Some(&a) = subj.first().filter(|&&a| a != m.actor) {
                // "في مواجهة أرمينيا": the subject against the genitive.
                return Some(vec![(a, m.actor)]);
            }
        }
        // "التواطؤ في الضربات الإسرائيلية"، "لحل النزاع في أوكرانيا": the
        // subject and the first actor named after the word.
        // A war in a state is with it; an alliance in or for anyone. Not past
        // another relation word, not for "هذه الحرب", one named before.
        let demonstrative = i > 0 && matches!(s.toks[i - 1].key.as_str(), "هذه" | "هذا" | "تلك" | "ذلك");
        let hostile = cue.kind == "dispute";
        if let Some(&a) = subj.first().filter(|_| !demonstrative) {
            let stop = (i + 1..s.toks.len().min(i + 6))
                .find(|&j| hostile && cue_at(self.gaz, &s.toks[j]).is_some())
                .unwrap_or(i + 6);
            let next = s.ms[s.first_from(i + 1)..].iter().take_while(|m| m.t0 < stop).find(|m| {
                !m.place
                    && m.actor != a
                    && if hostile { m.mark == Mark::Fi } else { matches!(m.mark, Mark::Bare | Mark::Fi | Mark::Li) }
            });
            if let Some(m) = next {
                return Some(vec![(a, m.actor)]);
            }
        }
        if self.dual_before(s, i) {
            // "طرفي النزاع": the article's conflict, if the word names one.
            if cue.pattern == CuePattern::Conflict {
                return None;
            }
            return Some(self.two_sides(s, s.toks[i].start, &[]).into_iter().collect());
        }
        // No side named: the article's conflict, if the word says so.
        (cue.pattern != CuePattern::Conflict).then(Vec::new)
    }

    /// An agreement or talks: the parties, and whoever else reaches,
    /// announces, signs or hosts it.
    fn agreement(&self, s: &Sent<'_>, i: usize, cue: &RelationCue, out: &mut Out) {
        let kind = cue.kind.as_str();
        let edges = |out: &mut Out, mediators: &[usize], parties: &[usize]| {
            let sides: Vec<&str> = parties.iter().map(|&p| self.side[p].as_str()).collect();
            for &m in mediators.iter().filter(|&&m| !sides.contains(&self.side[m].as_str())) {
                for &p in parties {
                    self.edge(out, m, p, kind, s.si, s.span, false);
                }
            }
        };
        if let Some((x, y)) = self.between(s, i) {
            // The host: "المحادثات في موسكو بين".
            let k = s.first_from(i + 1);
            let host = s.ms.get(k).filter(|m| m.t0 <= i + 3 && m.mark == Mark::Fi && !m.place).map(|m| vec![m.actor]);
            let mediators = host.unwrap_or_else(|| {
                let near = self.subject_near(s, i, 4, &[x, y]);
                if near.is_empty() { self.implied_speakers(s, i) } else { near }
            });
            edges(out, &mediators, &[x, y]);
            return;
        }
        // "أعلنت أرمينيا وأذربيجان وروسيا عن اتفاق"، "توقيع موسكو وباكو
        // ويريفان على اتفاق": of three or more, the article's two sides are
        // the parties and the others mediate.
        let Some((a, b)) = self.sides else { return };
        let mut members = self.subject_near(s, i, 3, &[]);
        if members.len() < 3 {
            members = self.subject_before(s, i, &[]);
        }
        if members.len() < 3 {
            return;
        }
        let has = |x: usize| members.iter().any(|&m| self.side[m] == self.side[x]);
        if has(a) && has(b) {
            let (pa, pb) = (
                members.iter().copied().find(|&m| self.side[m] == self.side[a]),
                members.iter().copied().find(|&m| self.side[m] == self.side[b]),
            );
            if let (Some(pa), Some(pb)) = (pa, pb) {
                let others: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&m| self.side[m] != self.side[a] && self.side[m] != self.side[b])
                    .collect();
                edges(out, &others, &[pa, pb]);
            }
        }
    }

    /// The article's conflict, none of `without`'s sides: the two sides
    /// with the most evidence of war between them (a clash or a war named
    /// with both sides counts twice, an attack once, the two parties of a
    /// mediation once), else the two states the article names most (twice
    /// each at least); the first seen wins a tie.
    fn conflict<'o>(&self, out: &'o Out, without: &[&str]) -> Conflict {
        let party = |id: &str| {
            !without.contains(&id)
                && self
                    .gaz
                    .by_id
                    .get(id)
                    .map(|&g| self.gaz.actors[g as usize].kind)
                    .or_else(|| self.actors.actors.iter().find(|a| a.id == id).map(|a| a.kind))
                    .is_some_and(|k| {
                        matches!(
                            k,
                            ActorType::State
                                | ActorType::ArmedForce
                                | ActorType::SeparatistAuthority
                                | ActorType::Organization
                        )
                    })
        };
        let mut counts: Vec<((&str, &str), usize)> = Vec::new();
        let mut index: rustc_hash::FxHashMap<(&str, &str), usize> = rustc_hash::FxHashMap::default();
        let mut count = |a: &'o str, b: &'o str, w: usize| {
            let key = if a < b { (a, b) } else { (b, a) };
            match index.get(&key) {
                Some(&k) => counts[k].1 += w,
                None => {
                    index.insert(key, counts.len());
                    counts.push((key, w));
                }
            }
        };
        let exported: Vec<&Relation> = out.edges.iter().filter(|r| !r.rolled_up).collect();
        let mut last: rustc_hash::FxHashMap<&str, &str> = rustc_hash::FxHashMap::default(); // mediator → its last party
        for r in &exported {
            match r.kind.as_str() {
                "dispute" | "attack" if party(&r.source) && party(&r.target) => {
                    count(&r.source, &r.target, if r.kind == "dispute" { 2 } else { 1 });
                }
                // The two a mediator mediates between, named one after the other.
                "mediation" if party(&r.target) => {
                    if let Some(prev) = last.insert(&r.source, &r.target)
                        && prev != r.target
                    {
                        count(prev, &r.target, 1);
                    }
                }
                _ => {}
            }
        }
        let mut best: Option<&((&str, &str), usize)> = None;
        for c in &counts {
            if best.is_none_or(|b| c.1 > b.1) {
                best = Some(c);
            }
        }
        if let Some(((a, b), _)) = best {
            return Some((a.to_string(), b.to_string()));
        }
        let mut states: Vec<(usize, usize, usize)> = Vec::new(); // (actor, count, first)
        let mut at: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
        for (k, m) in self.actors.mentions.iter().enumerate() {
            if self.kind(m.actor) != ActorType::State || without.contains(&self.id(m.actor)) {
                continue;
            }
            match at.get(&m.actor) {
                Some(&j) => states[j].1 += 1,
                None => {
                    at.insert(m.actor, states.len());
                    states.push((m.actor, 1, k));
                }
            }
        }
        states.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        match states.as_slice() {
            [a, b, ..] if b.1 >= 2 => Some((self.id(a.0).to_string(), self.id(b.0).to_string())),
            _ => None,
        }
    }

    /// Relations to the article's conflict: a war named with no sides is
    /// between them, a mediator with no parties named mediates between them.
    fn resolve_deferred(&self, out: &mut Out) {
        if out.deferred.is_empty() {
            return;
        }
        let deferred = std::mem::take(&mut out.deferred);
        let index: rustc_hash::FxHashMap<&str, usize> =
            self.actors.actors.iter().enumerate().map(|(k, a)| (a.id.as_str(), k)).collect();
        // The conflict found for each set of sides left out.
        let mut known: Vec<(Vec<String>, Conflict)> = Vec::new();
        for d in deferred {
            // A mediator is no side of the conflict it mediates.
            let mut without: Vec<String> = Vec::new();
            for &m in d.mediators.iter().filter(|_| !d.against) {
                without.push(self.side[m].clone());
                if let Some(l) = self.lift(m, m) {
                    without.push(l.to_string());
                }
            }
            let pair = match known.iter().find(|k| k.0 == without) {
                Some(k) => k.1.clone(),
                None => {
                    let w: Vec<&str> = without.iter().map(String::as_str).collect();
                    let p = self.conflict(out, &w);
                    known.push((without.clone(), p.clone()));
                    p
                }
            };
            let Some((a, b)) = pair else { continue };
            if d.mediators.is_empty() {
                self.edge_ids(out, &a, &b, &d.kind, d.si, d.span);
                continue;
            }
            if d.against {
                for &m in &d.mediators {
                    let own = self.lift(m, m).unwrap_or(&self.side[m]).to_string();
                    let other = if own == a || self.side[m] == a {
                        &b
                    } else if own == b || self.side[m] == b {
                        &a
                    } else {
                        continue;
                    };
                    match index.get(other.as_str()) {
                        Some(&p) => self.edge(out, m, p, &d.kind, d.si, d.span, false),
                        None => self.edge_ids(out, &own, other, &d.kind, d.si, d.span),
                    }
                }
                continue;
            }
            for &m in &d.mediators {
                for side in [&a, &b] {
                    match index.get(side.as_str()) {
                        Some(&p) => self.edge(out, m, p, &d.kind, d.si, d.span, false),
                        None => {
                            let src = self.lift(m, m).unwrap_or(self.id(m)).to_string();
                            self.edge_ids(out, &src, side, &d.kind, d.si, d.span);
                        }
                    }
                }
            }
        }
    }

    /// An edge between two states given by id.
    fn edge_ids(&self, out: &mut Out, source: &str, target: &str, kind: &str, si: usize, span: (usize, usize)) {
        let Some(k) = self.gaz.relation_kinds.get(kind) else { return };
        if source == target {
            return;
        }
        out.push(relation(source, target, kind, k, si, span));
    }

    /// Whether an actor stands at the level of `other` through its state:
    /// persons, bodies and armies do, but a person or a body against a
    /// group stays itself (protesters against a prime minister, the police).
    fn lift(&self, a: usize, other: usize) -> Option<&str> {
        let lifted = self.lift_to[a].as_deref()?;
        (self.kind(a) == ActorType::ArmedForce || self.kind(other) != ActorType::Group).then_some(lifted)
    }

    /// Adds the edge between two actors, rolled up to their states; none
    /// between one side, none from a place or to a news outlet, to a place
    /// only if `places`.
    #[allow(clippy::too_many_arguments)]
    fn edge(&self, out: &mut Out, s: usize, t: usize, kind: &str, si: usize, span: (usize, usize), places: bool) {
        let (ks, kt) = (self.kind(s), self.kind(t));
        if s == t
            || ks == ActorType::Place
            || ks == ActorType::MediaOutlet
            || kt == ActorType::MediaOutlet
            || (kt == ActorType::Place && !places)
            || self.side[s] == self.side[t]
        {
            return;
        }
        let Some(k) = self.gaz.relation_kinds.get(kind) else { return };
        let (ls, lt) = (self.lift(s, t), self.lift(t, s));
        let (src, tgt) = (ls.unwrap_or(self.id(s)), lt.unwrap_or(self.id(t)));
        if src == tgt {
            return;
        }
        let at_level = |source: &str, target: &str, rollup: bool, rolled_up: bool| Relation {
            rollup,
            rolled_up,
            ..relation(source, target, kind, k, si, span)
        };
        if ls.is_some() || lt.is_some() {
            out.push(at_level(self.id(s), self.id(t), false, true));
            out.push(at_level(src, tgt, true, false));
        } else {
            out.push(at_level(src, tgt, false, false));
        }
    }

    /// The relations claims make: a speech act against, for, or to someone.
    fn claim_relations(&self, out: &mut Out) {
        for c in self.claims {
            let s = self.sentence(c.sentence);
            let span = (s.span.0, s.span.1);
            let own = self.side[c.speaker].clone();
            // An appeal or demand to both sides of a conflict takes no side,
            // and says the two are at odds: "دعا X أرمينيا وأذربيجان إلى"،
            // "طالب ... الطرفين باحترام الهدنة"، "يطالب بوقف التصعيد بين".
            if is_appeal(&c.claim_type)
                && let Some((x, y)) = self.addressed_pair(s, c)
            {
                // "دعا الأمم المتحدة والجامعة العربية إلى": bodies asked to
                // act are no sides.
                if [x, y].iter().any(|&a| self.kind(a) == ActorType::InternationalOrganization) {
                    continue;
                }
                // A state's call to both takes the mediator's part; the
                // routine call of an international body ("حضّت الأمم المتحدة
                // الطرفين على ضبط النفس") takes none.
                if self.kind(c.speaker) != ActorType::InternationalOrganization
                    && self.lift_to[c.speaker].as_deref().is_none_or(|l| {
                        self.gaz
                            .by_id
                            .get(l)
                            .is_none_or(|&g| self.gaz.actors[g as usize].kind != ActorType::InternationalOrganization)
                    })
                {
                    self.edge(out, c.speaker, x, "mediation", c.sentence, span, false);
                    self.edge(out, c.speaker, y, "mediation", c.sentence, span, false);
                }
                self.edge(out, x, y, "dispute", c.sentence, span, false);
                continue;
            }
            let Some(kind) = kind_of_claim(&c.claim_type) else { continue };
            let friendly = kind == "support";
            // Support read from the words of a generic verb ("قال إن ...")
            // is for the relation words in them to state, with their frames.
            let generic = self.gaz.verbs.get(&fold(&c.verb)).is_none_or(|v| v.generic);
            if friendly && generic {
                continue;
            }
            let toks = s.toks;
            // How the claim names each target: its first mention in the claim.
            let first_mention = |t: usize| {
                s.ms.iter()
                    .find(|m| m.actor == t && m.start >= c.start && m.end <= c.end)
                    .or_else(|| s.ms.iter().find(|m| m.actor == t))
            };
            // A mention glued to ب/ل ("لسكان ناجورنو كاراباخ") names whom an act
            // touches, not the accused; one after في where ("الهدنة في
            // ليبيا"), one after مع with whom ("تضامنا مع"); one between dashes ("-في لقاء مع
            // الجزيرة-") is a circumstance; welcome of talks "بين X وY" is
            // for neither of them.
            let in_dashes = |m: &M| {
                let dash = |k: &&Token| matches!(k.key.as_str(), "-" | "–");
                let before = toks.iter().filter(|k| k.end <= m.start && k.start >= c.start).filter(dash).count();
                before % 2 == 1
            };
            // "رحب ببدء المحادثات بين ممثلي الجيش وقوات الدعم"، "يطالب بوقف
            // التصعيد بين إيران وإسرائيل": the two sides of something else.
            let reach = if friendly { 10 } else { 3 };
            let after_between = |m: &M| {
                toks[m.t0.saturating_sub(reach).max(s.toks.partition_point(|t| t.start < c.start)).min(m.t0)..m.t0]
                    .iter()
                    .any(|t| t.key == "بين")
            };
            let hostile = !friendly;
            // The accused acts; the one an act falls on ("هجوم على الجيش
            // السوري") is not the accused.
            let accusing = matches!(c.claim_type.as_str(), "accusation" | "condemnation");
            // A nisba after a place's noun says where ("مدينة سرت الليبية");
            // a mention right after a friendly word ("تضامنا مع
            // الفلسطينيين") is no one's accused.
            let describes_place = |m: &M| {
                (m.t0.saturating_sub(3)..m.t0).any(|j| self.gaz.word_class(&toks[j].key) == Some(WordClass::Place))
            };
            let after_friendly = |m: &M| {
                (m.t0.saturating_sub(3)..m.t0).any(|j| {
                    cue_at(self.gaz, &toks[j])
                        .and_then(|cue| self.gaz.relation_kinds.get(&cue.kind))
                        .is_some_and(|k| k.sign > 0)
                })
            };
            let demand = matches!(c.claim_type.as_str(), "demand" | "warning");
            let qualifies = |t: usize, m: Option<&M>| {
                let k = self.kind(t);
                k != ActorType::Place
                    && k != ActorType::MediaOutlet
                    && self.side[t] != own
                    && !((friendly || demand) && k == ActorType::Group)
                    && !m.is_some_and(|m| {
                        in_dashes(m)
                            || (hostile && matches!(s.head(s.group_of[s.first_from(m.t0)]).mark, Mark::Fi))
                            || (hostile && (m.mark == Mark::Bi || (m.mark == Mark::Li && !m.ll) || m.mark == Mark::Fi))
                            || (accusing && matches!(m.mark, Mark::Ala | Mark::Didd))
                            || (hostile && m.nisba && describes_place(m))
                            || (hostile && m.mark == Mark::Maa && after_friendly(m))
                            || after_between(m)
                    })
            };
            // Support may name its beneficiary before the words ("وتعهد ماكرون
            // بتقديم الدعم لأرمينيا، قائلا إن ..."): failing a target in the
            // words, the first actor between speaker and words.
            let before_words = || {
                friendly
                    .then(|| {
                        s.ms.iter()
                            .filter(|m| m.start >= c.start && m.end <= c.content_start && m.actor != c.speaker)
                            .find(|m| qualifies(m.actor, Some(m)))
                            .map(|m| m.actor)
                    })
                    .flatten()
            };
            // A target named only inside another's name ("القوات المسلحة
            // السودانية") is not the claim's.
            let named = c
                .targets
                .iter()
                .copied()
                .find(|&t| first_mention(t).is_some_and(|m| qualifies(t, Some(m))))
                .or_else(before_words);
            // "ورفضت موسكو هذه الاتهامات"، "وهو ما نفته واشنطن": a rejection
            // or denial answers the last accusation or condemnation by the
            // other side, first one in its sentence or the one before; with
            // none, whom it names.
            let denial = matches!(c.claim_type.as_str(), "rejection" | "denial");
            let answered = |recent: bool| {
                denial
                    .then(|| {
                        self.claims
                            .iter()
                            .filter(|p| {
                                p.start < c.start
                                    && matches!(p.claim_type.as_str(), "accusation" | "condemnation")
                                    && (!recent || p.sentence + 1 >= c.sentence)
                            })
                            .map(|p| p.speaker)
                            .rfind(|&p| self.side[p] != own)
                    })
                    .flatten()
            };
            let Some(target) = answered(true).or(named).or_else(|| answered(false)) else { continue };
            self.edge(out, c.speaker, target, kind, c.sentence, span, false);
        }
    }

    /// The two parties an appeal is addressed to: coordinated right after
    /// its verb and speaker ("أرمينيا وأذربيجان"، "كلا من X وY"), the sides of
    /// "بين X وY" or a dual ("الطرفين") in its words.
    fn addressed_pair(&self, s: &Sent<'_>, c: &Claim) -> Option<(usize, usize)> {
        let from = s.toks.partition_point(|t| t.start < c.start);
        let end = s.toks.partition_point(|t| t.start < c.content_end.max(c.start));
        // Whom it addresses stands before what it asks: "دعا X أرمينيا
        // وأذربيجان إلى"، "طالب كلا من X وY باحترام"، "دعا الطرفين إلى".
        let to = (from + 1..end)
            .find(|&j| {
                let k = &s.toks[j].key;
                matches!(preposition(k), Some(Mark::Ala) | Some(Mark::Other))
                    || opens_clause(k)
                    || ((k.starts_with('ب') || k.starts_with('ل'))
                        && analyses(k).any(|a| a.particle_chars >= 1)
                        && !s.ms.iter().any(|m| m.t0 == j))
            })
            .unwrap_or(end);
        for k in s.first_from(from)..s.ms.len() {
            let m = &s.ms[k];
            if m.t0 >= to {
                break;
            }
            if m.actor == c.speaker || m.place {
                continue;
            }
            let members: Vec<usize> = self.members_from(s, k, false).into_iter().filter(|&a| a != c.speaker).collect();
            if members.len() >= 2 && matches!(m.mark, Mark::Bare | Mark::Min | Mark::Other) {
                return self.distinct_pair(&members);
            }
            break;
        }
        let i = (from..to).find(|&j| DUALS.contains(&s.toks[j].key.as_str()))?;
        self.two_sides(s, s.toks[i].start, &[c.speaker])
    }
}

#[cfg(test)]
mod tests {
    use super::frames::{has, pair, run};

    #[test]
    fn an_ally_stands_before_and_after_the_cue() {
        let rs = run("بينما زاد نفوذ تركيا، الحليف الأكبر لأذربيجان. وطلبت أرمينيا من حليفها الروسي دعما عسكريا.");
        assert!(has(&rs, "turkey", "azerbaijan", "alliance") && has(&rs, "armenia", "russia", "alliance"), "{rs:?}");
    }

    #[test]
    fn a_mediator_relates_to_both_sides() {
        let rs = run("وساطة روسية تنهي التصعيد بين أرمينيا وأذربيجان");
        assert!(has(&rs, "russia", "armenia", "mediation") && has(&rs, "russia", "azerbaijan", "mediation"), "{rs:?}");
        assert!(rs.iter().filter(|r| r.2 == "mediation").all(|r| r.3 == 0), "mediation takes no side: {rs:?}");
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
    fn a_dual_stands_for_the_two_last_named_together_else_the_articles_two_sides() {
        let rs = run("انتقادات ليريفان من قبل موسكو، ووسع هوة الخلافات بين البلدين.");
        assert!(pair(&rs, "armenia", "russia", "dispute"), "{rs:?}");
        let rs = run(
            "اندلع القتال بين أرمينيا وأذربيجان. واتهمت أذربيجان أرمينيا بالاستفزاز. وقال بيسكوف إن روسيا اتصلت بالطرفين لحثهما على استئناف المفاوضات.",
        );
        assert!(has(&rs, "russia", "armenia", "mediation") && has(&rs, "russia", "azerbaijan", "mediation"), "{rs:?}");
        let rs =
            run("التقى وزيرا خارجية مصر والسودان في القاهرة. وأكد البلدان رفضهما للتصعيد. وتصاعد التوتر بين البلدين.");
        assert!(pair(&rs, "egypt", "sudan", "dispute"), "{rs:?}");
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
        assert!(rs.contains(&("france".into(), "russia".into(), "accusation".into(), -1, true)), "{rs:?}");
        assert!(!rs.iter().any(|r| r.1 == "azerbaijan" && r.2 == "accusation"), "only the accused: {rs:?}");
    }
}

#[cfg(test)]
#[path = "relations_frames.rs"]
mod frames;
