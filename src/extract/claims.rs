//! Claims: who said what, about whom. Rules over the reporting-verb and
//! cue lexicons and over Arabic clause order, never over particular
//! sentences.
//!
//! For each reporting word outside quotation marks (`reporting-verbs.tsv`):
//! - **verb**: the speaker follows it (verb–subject order, "واتهم باشينيان"),
//!   past time words, commas, "في بيان" and a title ("قال رئيس الوزراء
//!   الأرميني نيكول باشينيان"); several coordinated subjects make several
//!   claims ("وأدان الاتحاد الأوروبي وفرنسا وألمانيا"). Failing that, an actor
//!   right before it is the subject ("الكرملين يؤكد", "أرمينيا، التي قالت").
//!   A verb followed directly by its complement (أن، إن، :، a quote, عن)
//!   continues the last speaker ("وأضاف أن"); one followed by a word that
//!   names nobody known has a subject isnad cannot name, and makes no claim.
//! - **same-act** participles ("قائلا", "بحجة", "ما أسمته") belong to the
//!   sentence's claim; alone in a sentence they make one for its subject.
//! - **new-act** participles ("مضيفة", "داعيا") make a claim of the
//!   sentence's speaker.
//! - **nominal** forms ("المتظاهرون المطالبون", "للتنديد") make a claim of
//!   the group named before them.
//! - **relay** verbs ("نقلت الوكالة عن الإدارة الرئاسية قولها") give the
//!   words to the actor after "عن".
//! - A heading "actor: words" is that actor's claim, with no verb.
//!
//! The content runs from the speaker (or verb) to the next claim or the end
//! of the sentence; quotation marks in it make it a direct quote; the actors
//! it names are the targets. A generic verb (قال، أعلن) takes a sharper type
//! from the first cue of `claim-cues.tsv` in its content.

use rustc_hash::FxHashMap as HashMap;

use super::actors::{ArticleActors, Mention, MentionKind};
use super::gazetteer::Gazetteer;
use crate::lexicon::{ActorType, VerbEntry, VerbKind, VerbMode, WordClass};
use crate::text::{Document, Token, TokenKind, fold};

/// One attributed claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Sentence index.
    pub sentence: usize,
    /// Start of the claim's span (code points).
    pub start: usize,
    /// End of the claim's span, exclusive.
    pub end: usize,
    /// The speaker (index into [`ArticleActors::actors`]).
    pub speaker: usize,
    /// The words naming the speaker here; empty when implicit.
    pub speaker_surface: String,
    /// The reporting word as written, without و/ف (empty for "actor: words").
    pub verb: String,
    /// Claim type (a name of `claim-types.tsv`).
    pub claim_type: String,
    /// Whether the content holds quoted words.
    pub direct_quote: bool,
    /// The content as written.
    pub content: String,
    /// Start of the content (code points).
    pub content_start: usize,
    /// End of the content, exclusive.
    pub content_end: usize,
    /// Actors and places the content names, speakers excluded.
    pub targets: Vec<usize>,
    /// Numbers of people the content gives.
    pub figures: Vec<Figure>,
}

/// A number of people a claim gives: "200 قتيل" is (200, killed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The number.
    pub value: u64,
    /// What it counts (a `counts` of `figures.tsv`).
    pub counts: String,
    /// The words from the number to its cue, as written.
    pub surface: String,
    /// Start of those words (code points).
    pub start: usize,
}

/// The figures of a run of tokens: a number with a cue word right before
/// it, else after it (within six words, no punctuation between), else up to
/// three words before it.
pub fn find_figures(gaz: &Gazetteer, doc: &Document<'_>, toks: &[Token]) -> Vec<Figure> {
    let cue = |t: &Token| -> Option<&String> {
        t.readings().find_map(|r| {
            gaz.figures
                .get(r.stem)
                .or_else(|| (r.article_chars > 0).then(|| gaz.figures.get(&format!("ال{}", r.stem))).flatten())
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let Ok(mut value) = t.key.parse::<u64>() else {
            i += 1;
            continue;
        };
        let mut last = i;
        let scale = match toks.get(i + 1).map(|n| n.key.as_str()) {
            Some("الف" | "الاف") => 1000,
            Some("مليون" | "ملايين") => 1_000_000,
            _ => 1,
        };
        if scale > 1 {
            // A number too large to count people is no figure.
            let Some(v) = value.checked_mul(scale) else {
                i += 2;
                continue;
            };
            value = v;
            last = i + 1;
        }
        let forward = (last + 1..toks.len().min(last + 7))
            .take_while(|&k| toks[k].kind != TokenKind::Punct)
            .find_map(|k| cue(&toks[k]).map(|c| (k, c)));
        let backward = || (i.saturating_sub(3)..i).rev().find_map(|k| cue(&toks[k]).map(|c| (k, c)));
        // A cue right before the number binds first ("مقتل 200 شخص ... وإصابة مئات").
        let adjacent = i.checked_sub(1).and_then(|k| cue(&toks[k]).map(|c| (k, c)));
        if let Some((k, counts)) = adjacent.or(forward).or_else(backward) {
            let (a, b) = if k > i { (i, k) } else { (k, last) };
            out.push(Figure {
                value,
                counts: counts.clone(),
                surface: doc.text[toks[a].start_byte..toks[b].end_byte].to_string(),
                start: toks[a].start,
            });
        }
        i = last + 1;
    }
    out
}

fn is_open_quote(k: &str) -> bool {
    matches!(k, "“" | "«" | "„")
}

fn is_close_quote(k: &str) -> bool {
    matches!(k, "”" | "»")
}

fn is_quote(k: &str) -> bool {
    is_open_quote(k) || is_close_quote(k) || k == "\""
}

/// Complementizers and prepositions that open a verb's complement: a verb
/// followed by one of them has no subject of its own.
fn opens_complement(key: &str) -> bool {
    matches!(
        key,
        "ان" | "انه"
            | "انها"
            | "انهم"
            | "انهما"
            | "بان"
            | "بانه"
            | "بانها"
            | "بانهم"
            | "عن"
            | "الي"
            | "علي"
            | ":"
            | "-"
    ) || is_quote(key)
}

/// Words that open reported words: إن، أن and their pronoun forms.
fn is_complement_word(key: &str) -> bool {
    matches!(key, "ان" | "انه" | "انها" | "انهم" | "انهما" | "بان" | "بانه" | "بانها" | "بانهم")
}

/// Complementizers: after them the subject precedes its verb.
fn is_complementizer(key: &str) -> bool {
    matches!(key, "ان" | "بان" | "لان" | "وان" | "فان")
}

/// Words that open a subordinate clause.
fn is_subordinator(key: &str) -> bool {
    matches!(
        key,
        "عندما"
            | "عما"
            | "اذا"
            | "لو"
            | "حين"
            | "حينما"
            | "بينما"
            | "كلما"
            | "لما"
            | "فيما"
            | "حيث"
            | "اذ"
    ) || is_complementizer(key)
}

/// Whether a token opens a participle's complement: أن، إلى، على، عن، من,
/// a ب-phrase, a colon or a quotation mark.
fn opens_participle(t: &Token) -> bool {
    opens_complement(&t.key)
        || t.key == "من"
        || (t.key.starts_with('ب') && t.readings().any(|r| r.particle_chars == 1))
        || t.key == "ب"
}

/// Words that may stand between a verb and its subject.
fn skippable(gaz: &Gazetteer, toks: &[Token], i: usize) -> usize {
    let k = toks[i].key.as_str();
    // "كل من أرمينيا وأذربيجان": joint subjects.
    if matches!(k, "كل" | "كلا") && toks.get(i + 1).is_some_and(|t| t.key == "من") {
        return 2;
    }
    if matches!(k, "،" | "," | "-" | "–" | "فيه" | "فيها" | "امس" | "اليوم" | "ايضا" | "كذلك" | "بدوره" | "بدورها")
    {
        return 1;
    }
    // "في بيان", "في بيان له", "في مؤتمر صحفي"
    if k == "في"
        && toks.get(i + 1).is_some_and(|t| gaz.word_class(&t.key) == Some(WordClass::Statement) || t.key == "بيان")
    {
        return if toks.get(i + 2).is_some_and(|t| t.key == "له" || t.key == "لها") { 3 } else { 2 };
    }
    if gaz.word_class(k) == Some(WordClass::Time) {
        return 1;
    }
    0
}

struct Ctx<'a> {
    gaz: &'a Gazetteer,
    doc: &'a Document<'a>,
    actors: &'a ArticleActors,
    verbs: &'a super::gazetteer::KeyedMap<VerbEntry>,
}

/// Mentions of one sentence that can be speakers or targets (nested nisbas
/// left out), by token.
struct SentenceIndex<'m> {
    /// Mentions starting in token i.
    starting: Vec<Vec<&'m Mention>>,
    /// Token after each mention's last token, by mention identity.
    end_token: HashMap<*const Mention, usize>,
    /// All top-level mentions of the sentence in order.
    all: Vec<&'m Mention>,
}

impl<'a> Ctx<'a> {
    fn index(&self, si: usize) -> SentenceIndex<'a> {
        let toks = &self.doc.sentences[si].tokens;
        let mut starting = vec![Vec::new(); toks.len()];
        let mut end_token = HashMap::default();
        let mut all = Vec::new();
        // Mentions are in sentence then offset order, tokens in offset order:
        // binary searches keep a sentence of 10,000 names linear.
        let ms = &self.actors.mentions;
        let from = ms.partition_point(|m| m.sentence < si);
        let to = from + ms[from..].partition_point(|m| m.sentence == si);
        for m in ms[from..to].iter().filter(|m| m.kind != MentionKind::Nisba) {
            let s = toks.partition_point(|t| t.end <= m.start);
            if toks.get(s).is_none_or(|t| t.start > m.start || m.start >= t.end) {
                continue;
            }
            let e = toks.partition_point(|t| t.end < m.end);
            if toks.get(e).is_none_or(|t| t.end != m.end) {
                continue;
            }
            starting[s].push(m);
            end_token.insert(m as *const Mention, e + 1);
            all.push(m);
        }
        SentenceIndex { starting, end_token, all }
    }

    fn kind(&self, m: &Mention) -> ActorType {
        self.actors.actors[m.actor].kind
    }

    /// The reporting word a token is, with its written form (particles off).
    /// A conjunction may precede any form (وقالت، فأكد); ب or ل only a
    /// verbal noun (لنداءات، بالتنديد).
    fn verb_at(&self, tok: &Token) -> Option<(&'a VerbEntry, usize)> {
        if tok.kind != TokenKind::Word {
            return None;
        }
        if let Some(v) = self.verbs.get(tok.key.as_str()) {
            return Some((v, 0));
        }
        // Only a word of three letters or more that opens with a clitic or
        // the article has another reading.
        if tok.key.len() <= 4 || !tok.key.starts_with(['و', 'ف', 'ب', 'ل', 'ك', 'ا']) {
            return None;
        }
        for r in tok.readings() {
            if r.particle_chars == 0 && r.article_chars == 0 {
                continue;
            }
            // The form with its article, read off the word where it is written
            // so (والمطالبون), built only after ل (للمطالبة).
            let owned;
            let form: &str = match r.article_chars {
                0 => r.stem,
                _ => match tok.key.len().checked_sub(r.stem.len() + "ال".len()).and_then(|at| tok.key.get(at..)) {
                    Some(f) if f.starts_with("ال") => f,
                    _ => {
                        owned = format!("ال{}", r.stem);
                        &owned
                    }
                },
            };
            if let Some(v) = self.verbs.get(form) {
                let conj_only = tok.key.starts_with('و') || tok.key.starts_with('ف');
                let particles_ok = r.article_chars > 0
                    || (conj_only && r.particle_chars == 1)
                    || matches!(v.kind, VerbKind::Masdar | VerbKind::Nominal);
                if particles_ok {
                    return Some((v, r.particle_chars));
                }
            }
        }
        None
    }

    /// Whether a verb that needs a word after it ("أعرب عن"، "علّق على"،
    /// "حمّل ... المسؤولية") has it from token `at` on, in its clause: past
    /// the words that may stand between a verb and its complement, its object
    /// ("حمّلت أنقرة دمشق مسؤولية"), an apposition between commas ("أعرب
    /// بيسكوف، المتحدث باسم الكرملين، عن"), a parenthesis between dashes or
    /// brackets, or a relative clause ("فرنسا التي تقيم فيها جالية ... عن").
    /// "عن طريق" (by way of) is no complement.
    fn needs_met(&self, v: &VerbEntry, idx: &SentenceIndex<'_>, toks: &[Token], at: usize) -> bool {
        if v.needs.is_empty() {
            return true;
        }
        let is_need = |k: usize| {
            toks.get(k).is_some_and(|t| {
                v.needs.iter().any(|n| {
                    // A need of one letter is a proclitic (ب: "أقرت بمقتل").
                    t.key == *n
                        || t.key.strip_prefix(n.as_str()).is_some_and(|rest| {
                            matches!(rest, "ه" | "ها" | "هم" | "هما" | "هن")
                                || (n.chars().count() == 1 && rest.chars().count() >= 2)
                        })
                })
            }) && toks.get(k + 1).is_none_or(|t| t.key != "طريق")
        };
        let closing =
            |k: usize, close: &[&str]| (k + 1..toks.len().min(k + 10)).find(|&j| close.contains(&toks[j].key.as_str()));
        let mut k = at;
        let mut objects = 0;
        while k < toks.len() && k < at + 24 {
            if is_need(k) {
                return true;
            }
            let key = toks[k].key.as_str();
            if let Some(m) = idx.starting[k].first() {
                objects += 1;
                if objects > 2 {
                    return false;
                }
                k = idx.end_token[&(*m as *const Mention)];
                continue;
            }
            let jump = match key {
                "،" | "," => closing(k, &["،", ","]),
                "-" | "–" => closing(k, &["-", "–"]),
                "(" => closing(k, &[")"]),
                "التي" | "الذي" | "الذين" => {
                    (k + 1..toks.len().min(k + 12)).find(|&j| is_need(j)).map(|j| j - 1)
                }
                _ => None,
            };
            if let Some(j) = jump {
                k = j + 1;
                continue;
            }
            let skip = skippable(self.gaz, toks, k);
            if skip == 0 {
                return false;
            }
            k += skip;
        }
        false
    }
}

/// Extracts the claims of an article whose actors are known.
pub fn extract_claims(doc: &Document<'_>, gaz: &Gazetteer, actors: &ArticleActors) -> Vec<Claim> {
    let ctx = Ctx { gaz, doc, actors, verbs: &gaz.verbs };
    let mut claims: Vec<Claim> = Vec::new();
    let mut last_speakers: Vec<usize> = Vec::new();
    let mut in_quote = false;
    let mut prev_end = 0usize;
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let toks = &sentence.tokens;
        // A quote left open does not run past a line break.
        if doc.text[prev_end..sentence.span.start_byte].contains('\n') {
            in_quote = false;
        }
        prev_end = sentence.span.end_byte;
        let mut quoted = Vec::with_capacity(toks.len());
        for t in toks {
            if is_open_quote(&t.key) || (!in_quote && is_close_quote(&t.key)) {
                // An opening mark, or a closing one used to open (بـ”استهداف).
                in_quote = true;
                quoted.push(true);
            } else if is_close_quote(&t.key) || (in_quote && t.key == "\"") {
                in_quote = false;
                quoted.push(true);
            } else if t.key == "\"" {
                in_quote = true;
                quoted.push(true);
            } else {
                quoted.push(in_quote);
            }
        }
        let idx = ctx.index(si);
        let titles: Vec<(usize, usize)> = {
            let from = actors.titles.partition_point(|t| t.0 < si);
            actors.titles[from..].iter().take_while(|t| t.0 == si).map(|t| (t.1, t.2)).collect()
        };
        // Tokens inside a name (after its first word): no content cue there.
        let mut inside_name = vec![false; toks.len()];
        for m in &idx.all {
            let first = toks.partition_point(|t| t.end <= m.start);
            for (k, flag) in inside_name.iter_mut().enumerate().skip(first) {
                if toks[k].start >= m.end {
                    break;
                }
                *flag = true;
            }
        }
        let mut found: Vec<Pending> = Vec::new();
        // "نيكول باشينيان: ..." — a heading attributing words with a colon.
        if let Some(m) = idx.starting.first().and_then(|v| v.first()) {
            let end = idx.end_token[&(*m as *const Mention)];
            // "باكو: انتقدت موسكو ...": a capital before a colon and a verb is
            // the dateline, not a speaker.
            let dateline =
                m.kind == MentionKind::Metonym && toks.get(end + 1).is_some_and(|t| ctx.verb_at(t).is_some());
            if toks.get(end).is_some_and(|t| t.key == ":") && ctx.kind(m) != ActorType::Place && !dateline {
                found.push(Pending {
                    at: 0,
                    verb: String::new(),
                    verb_entry: None,
                    speakers: vec![(m.actor, m.start, m.end)],
                    implicit: false,
                    content_from: end + 1,
                    claim_start: m.start,
                    reciprocal: false,
                    nested: false,
                    back: false,
                });
            }
        }
        for i in 0..toks.len() {
            // "بحسب وزارة الخارجية"، "وفقا لدبلوماسيين"، "نقلا عن X": words
            // attributed without a verb are the source's claim, unless the
            // source is a news outlet, which is provenance.
            if !quoted[i]
                && gaz.word_class(&toks[i].key) == Some(WordClass::Attribution)
                && let Some(p) = attribution(&ctx, &idx, toks, i)
            {
                found.push(p);
                continue;
            }
            let Some((v, particles)) = ctx.verb_at(&toks[i]) else { continue };
            if matches!(v.kind, VerbKind::Content | VerbKind::Passive) {
                continue;
            }
            // Inside quoted words, only a report with its own named subject
            // right after a third-person verb is a claim of its own ("تحث
            // المملكة ... على"); other verbs there are the words.
            if quoted[i] && !nested_in_quote(&ctx, &idx, toks, i, v, particles) {
                continue;
            }
            let verb_text = {
                let t = &toks[i];
                let skip = crate::text::skip_to_offset(doc.text, t, particles);
                doc.text[t.start_byte..t.end_byte].chars().skip(skip).collect::<String>()
            };
            let prior_in_sentence = !found.is_empty();
            // A word after a preposition, a word of attribution or a negation
            // is a noun or a denied act, not a report ("بناء على طلب أرمينيا"،
            // "بحسب زعمها"، "لم تبلغ"); a verbal noun may follow them
            // ("لنداءات الأمين العام"، "رغم نفي موسكو").
            let finite_or_participle = matches!(v.kind, VerbKind::Verb | VerbKind::SameAct | VerbKind::NewAct);
            let blocked = finite_or_participle && i > 0 && blocks_a_verb(gaz, &toks[i - 1]);
            // "رغم نفي موسكو": a perfect written as its verbal noun is the noun there.
            let v = match (blocked, v.masdar_twin.as_ref()) {
                (true, Some(m)) => m.as_ref(),
                (true, None) => continue,
                (false, _) => v,
            };
            // After a claim of the sentence, a verb with no conjunction, right
            // after a content word, is a noun ("أكدت ... في مناسبات عدة
            // رفضها القاطع").
            let complement_follows = toks.get(i + 1).is_some_and(|t| is_complement_word(&t.key) || t.key == ":");
            if v.kind == VerbKind::Verb && prior_in_sentence && particles == 0 && i > 0 && !complement_follows && {
                let t = &toks[i - 1];
                t.kind == TokenKind::Word
                    && !is_subordinator(&t.key)
                    && ctx.verb_at(t).is_none()
                    && matches!(
                        gaz.word_class(&t.key),
                        None | Some(WordClass::Common | WordClass::Place | WordClass::Statement)
                    )
                    && idx.all.iter().all(|m| m.end != t.end)
            } {
                continue;
            }
            // "إنها تعتبر ..."، "أنه أعلن": the pronoun is the verb's subject,
            // the claim's speaker saying more; the words are its content.
            if v.kind == VerbKind::Verb && particles == 0 && i > 0 && is_complementizer_with_pronoun(&toks[i - 1].key) {
                continue;
            }
            // "ما أسمته", "ما وصفه": the words of the sentence's act; but after
            // a word of attribution ("وفق ما أفاد مصدران"، "حسبما نقلت رويترز")
            // the verb has its own subject.
            let after_ma = i > 0 && matches!(toks[i - 1].key.as_str(), "ما" | "لما" | "حسبما" | "بحسبما" | "وفقما");
            let attributed = after_ma && attribution_before(gaz, toks, i - 1);
            // "حسبما نقلت رويترز"، "وفقا لما أوردته وكالة": a news outlet named
            // so is provenance, not a speaker.
            if attributed
                && idx.starting.get(i + 1).is_some_and(|ms| ms.iter().any(|m| ctx.kind(m) == ActorType::MediaOutlet))
            {
                continue;
            }
            let kind = if after_ma && !attributed && v.kind == VerbKind::Verb { VerbKind::SameAct } else { v.kind };
            // The subject of the sentence's main clause: its first actor, unless a
            // subordinate clause has begun before it ("وتردد عندما سئل عما إذا كانت قوات ...").
            let sentence_subject = || {
                let m = idx.all.iter().find(|m| m.start < toks[i].start && !matches!(ctx.kind(m), ActorType::Place))?;
                let subordinate = toks.iter().take_while(|t| t.end <= m.start).any(|t| is_subordinator(&t.key));
                (!subordinate).then(|| vec![(m.actor, m.start, m.end)])
            };
            let mut nested = false;
            // The subject a sentence opens with: a person or body right after
            // its first verb ("وأقر الرئيس الأذربيجاني ..."), before this word.
            // Else the person or body right after the last "و + verb" before it
            // ("... ، وأقر الرئيس الأذربيجاني ... كما أعلن").
            let opening_subject = || {
                let speaker_like = |m: &&&Mention| matches!(ctx.kind(m), ActorType::Person | ActorType::Organization);
                let m = idx.all.first().filter(|m| m.start < toks[i].start)?;
                let k = toks.partition_point(|t| t.end <= m.start);
                let near_start = (1..=3).contains(&k) && toks[..k].iter().all(|t| t.kind == TokenKind::Word);
                if near_start && speaker_like(&m) {
                    return Some(vec![(m.actor, m.start, m.end)]);
                }
                (1..i).rev().find_map(|k| {
                    let m = idx.starting[k].iter().find(speaker_like)?;
                    // A title may stand between ("وأقر الرئيس الصربي ألكسندر ...").
                    let o = titles.iter().find(|t| t.1 == k || t.0 == k).map_or(k, |t| t.0);
                    let opener = o.checked_sub(1).map(|o| &toks[o])?;
                    let opens = opener.key.starts_with('و') && opener.kind == TokenKind::Word;
                    (opens && idx.all.iter().all(|x| x.end <= opener.start || x.start >= opener.end))
                        .then(|| vec![(m.actor, m.start, m.end)])
                })
            };
            let (speakers, implicit, content_from, claim_start) = match kind {
                VerbKind::Verb if v.mode == VerbMode::Relay => {
                    // "نقلت X عن Y قولها": Y's words, of the type of the verbal
                    // noun after Y if there is one ("عن مسؤولين نفيهما").
                    let Some(an) = (i + 1..toks.len().min(i + 10)).find(|&j| toks[j].key == "عن" && !quoted[j])
                    else {
                        continue;
                    };
                    let Some(m) = idx.starting.get(an + 1).and_then(|v| v.first()) else { continue };
                    // "نقلت رويترز عن وكالات إعلام روسية": a chain of outlets is
                    // provenance.
                    if ctx.kind(m) == ActorType::MediaOutlet {
                        continue;
                    }
                    let end = idx.end_token[&(*m as *const Mention)];
                    let speaker = vec![(m.actor, m.start, m.end)];
                    let masdar = toks
                        .get(end)
                        .and_then(|t| ctx.verb_at(t).map(|(mv, _)| (t, mv)))
                        .filter(|(_, mv)| mv.kind == VerbKind::Masdar && mv.object);
                    let (verb_word, entry, from) = match masdar {
                        Some((t, mv)) => (doc.text[t.start_byte..t.end_byte].to_string(), mv, end + 1),
                        None => (verb_text.clone(), v, end),
                    };
                    found.push(Pending {
                        at: i,
                        verb: verb_word,
                        verb_entry: Some(entry),
                        speakers: speaker,
                        implicit: false,
                        content_from: from,
                        claim_start: toks[i].start,
                        reciprocal: false,
                        nested: false,
                        back: false,
                    });
                    continue;
                }
                VerbKind::Verb => {
                    let coordinated = particles > 0;
                    let plural = v.plural;
                    let prior = found.last().map(|p| p.speakers.clone());
                    let group_in_sentence = || {
                        idx.all
                            .iter()
                            .rev()
                            .find(|m| m.start < toks[i].start && ctx.kind(m) == ActorType::Group)
                            .map(|m| vec![(m.actor, m.start, m.end)])
                    };
                    // A subject right before the verb: "الكرملين يؤكد", "بأن بوتين أبلغ".
                    // A verb joined by و belongs to the clause before it, not to the noun.
                    let before = if coordinated { None } else { subject_before(&ctx, &idx, toks, i) };
                    let after_complementizer = before.as_ref().is_some_and(|s| {
                        let first = s[0].1;
                        toks.iter()
                            .position(|t| t.start <= first && first < t.end)
                            .and_then(|k| k.checked_sub(1))
                            .is_some_and(|k| is_complementizer(&toks[k].key))
                    });
                    // "روسيا تتهم الغرب": a subject right before a verb with no
                    // و is its subject, even when an actor follows (the object).
                    let directly_before = before.as_ref().is_some_and(|s| {
                        let end = s[0].2;
                        i > 0 && toks[i - 1].end == end
                    });
                    // "بعض وسائل الإعلام أشارت"، "بيان يدعو": a subject that names
                    // no actor stands right before the verb; it is not the last
                    // speaker's.
                    let noun_subject = before.is_none() && !coordinated && i > 0 && {
                        let t = &toks[i - 1];
                        t.kind == TokenKind::Word
                            && ctx.verb_at(t).is_none()
                            && (gaz.word_class(&t.key) == Some(WordClass::Statement)
                                || (t.key.starts_with("ال")
                                    && !matches!(
                                        gaz.word_class(&t.key),
                                        Some(WordClass::Function | WordClass::Time | WordClass::Verb)
                                    )))
                    };
                    // "يُذكر أن"، "يُعتقد أن": an imperfect with no subject opening
                    // the sentence is impersonal, nobody's words.
                    let impersonal = !v.perfect && !prior_in_sentence;
                    if after_complementizer || directly_before {
                        nested = after_complementizer && prior_in_sentence;
                        let s = before.unwrap_or_default();
                        let start = s[0].1;
                        (s, false, i + 1, start)
                    } else if plural {
                        // Verb-first clauses have a singular verb: a plural one has
                        // no subject after it ("وقالوا", "ودعوا").
                        match group_in_sentence().or_else(|| prior.clone().filter(|p| p.len() > 1)) {
                            Some(s) => (s, true, i + 1, toks[i].start),
                            None if last_speakers.len() > 1 => {
                                (last_speakers.iter().map(|&a| (a, 0, 0)).collect(), true, i + 1, toks[i].start)
                            }
                            None => continue,
                        }
                    } else {
                        match subjects_after(&ctx, &idx, toks, &titles, i + 1) {
                            Subject::Named(list, end) => {
                                // "، واتهم روسيا بالتواطؤ": after a claim of this sentence, a
                                // lone noun before a ب-phrase is the object, not the subject.
                                let object = prior_in_sentence
                                    && list.len() == 1
                                    && idx.starting.get(end).is_some_and(|v| v.is_empty())
                                    && toks.get(end).is_some_and(|t| {
                                        !is_complementizer(&t.key)
                                            && t.readings().any(|r| r.particle_chars == 1 && t.key.starts_with('ب'))
                                    });
                                if object {
                                    (prior.clone().unwrap_or_default(), true, i + 1, toks[i].start)
                                } else {
                                    (list, false, end, toks[i].start)
                                }
                            }
                            // "أصدرت الوزارة بيانا علقت فيه": a statement of the
                            // sentence's opening subject speaks for it.
                            Subject::Statement(at) | Subject::Complement(at)
                                if before.is_none()
                                    && noun_subject
                                    && i > 0
                                    && gaz.word_class(&toks[i - 1].key) == Some(WordClass::Statement) =>
                            {
                                match opening_subject() {
                                    Some(s) => (s, true, at, toks[i].start),
                                    None => continue,
                                }
                            }
                            Subject::Statement(_) | Subject::Complement(_)
                                if before.is_none() && (noun_subject || impersonal) =>
                            {
                                continue;
                            }
                            Subject::Joint(from, to, end) => {
                                let parties = joint_parties(&ctx, &claims, &found, si, toks[i].start);
                                if parties.len() < 2 {
                                    continue;
                                }
                                (parties.into_iter().map(|a| (a, from, to)).collect(), false, end, toks[i].start)
                            }
                            Subject::Statement(end) => {
                                (implicit_speakers(&last_speakers, &found), true, end, toks[i].start)
                            }
                            Subject::Complement(at) => match before {
                                Some(s) => {
                                    let start = s[0].1;
                                    (s, false, at, start)
                                }
                                // "وأقر الرئيس الأذربيجاني ... كما أعلن عن": with no claim
                                // yet, the person or body the sentence opens with.
                                None => match opening_subject().filter(|_| found.is_empty()) {
                                    Some(s) => (s, true, at, toks[i].start),
                                    None => (implicit_speakers(&last_speakers, &found), true, at, toks[i].start),
                                },
                            },
                            Subject::Unknown => match (before, prior) {
                                (Some(s), _) => {
                                    let start = s[0].1;
                                    (s, false, i + 1, start)
                                }
                                // "وعبّرت الوزارة ... ودعت كل الأطراف": a verb joined to a
                                // claim of the sentence shares its subject.
                                (None, Some(p)) if coordinated => (p, true, i + 1, toks[i].start),
                                _ => continue,
                            },
                        }
                    }
                }
                VerbKind::SameAct => {
                    // "وهو ما نفته واشنطن": after ما, a verb with its own subject
                    // is that subject's claim.
                    if after_ma
                        && v.kind == VerbKind::Verb
                        && let Subject::Named(list, end) = subjects_after(&ctx, &idx, toks, &titles, i + 1)
                        && list[0].1 <= toks.get(i + 1).map_or(usize::MAX, |t| t.end)
                        && found.last().is_none_or(|p| p.speakers.iter().all(|s| s.0 != list[0].0))
                    {
                        let start = toks[i].start;
                        found.push(Pending {
                            at: i,
                            verb: verb_text,
                            verb_entry: Some(v),
                            reciprocal: false,
                            nested: false,
                            back: false,
                            speakers: list,
                            implicit: false,
                            content_from: end,
                            claim_start: start,
                        });
                        continue;
                    }
                    if prior_in_sentence {
                        continue;
                    }
                    let s = sentence_subject().unwrap_or_else(|| implicit_speakers(&last_speakers, &found));
                    // "ما وصفوه": a plural act is a group's.
                    if v.plural && s.len() == 1 && ctx.actors.actors[s[0].0].kind != ActorType::Group {
                        continue;
                    }
                    (s, true, i + 1, toks[i].start)
                }
                VerbKind::NewAct if v.generic && !toks.get(i + 1).is_some_and(opens_participle) => {
                    // "مؤكداً تقارير": a participle with a direct object confirms,
                    // it does not add words.
                    continue;
                }
                VerbKind::NewAct => {
                    // The act is the sentence's speaker's, not the last actor
                    // named; a sentence without a claim yet gives it to a group
                    // acting as its subject ("خرج المتظاهرون ... مطالبين"), else
                    // to the last speaker.
                    let group_subject =
                        || sentence_subject().filter(|s| ctx.actors.actors[s[0].0].kind == ActorType::Group);
                    let s = found
                        .last()
                        .map(|p| p.speakers.clone())
                        .or_else(group_subject)
                        .unwrap_or_else(|| last_speakers.iter().map(|&a| (a, 0, 0)).collect());
                    // A plural participle (مطالبين) is not one person's.
                    let one_person = s.len() == 1 && ctx.actors.actors[s[0].0].kind == ActorType::Person;
                    if v.plural && one_person {
                        continue;
                    }
                    (s, true, i + 1, toks[i].start)
                }
                VerbKind::Nominal => {
                    let chained = found.last().filter(|p| p.verb_entry.is_some_and(|v| v.kind == VerbKind::Nominal));
                    let s = chained.map(|p| p.speakers.clone()).or_else(|| {
                        idx.all
                            .iter()
                            .rev()
                            .find(|m| m.start < toks[i].start && ctx.kind(m) == ActorType::Group)
                            .map(|m| vec![(m.actor, m.start, m.end)])
                    });
                    match s {
                        Some(s) => (s, chained.is_some(), i + 1, toks[i].start),
                        None => continue,
                    }
                }
                VerbKind::Masdar => {
                    // "إعلان يريفان"، "نفي موسكو"، "لنداءات الأمين العام": the
                    // genitive right after the noun is its speaker. A noun with
                    // a pronoun (قولها) speaks only after a relay.
                    if v.object {
                        continue;
                    }
                    let Some(m) = pick(&ctx, idx.starting.get(i + 1).map(Vec::as_slice).unwrap_or(&[]), None)
                        .filter(|m| ctx.kind(m) != ActorType::Place)
                    else {
                        continue;
                    };
                    match named(&ctx, &idx, toks, m, None) {
                        Subject::Named(list, end) => (list, false, end, toks[i].start),
                        _ => continue,
                    }
                }
                VerbKind::Content | VerbKind::Passive => continue,
            };
            if speakers.is_empty()
                || !(ctx.needs_met(v, &idx, toks, i + 1) || ctx.needs_met(v, &idx, toks, content_from.max(i + 1)))
            {
                continue;
            }
            // A report inside quoted words does not become the next
            // sentence's implicit speaker.
            let nested = nested || quoted[i];
            found.push(Pending {
                at: i,
                verb: verb_text,
                verb_entry: Some(v),
                reciprocal: v.mode == VerbMode::Reciprocal && speakers.len() > 1,
                nested,
                back: false,
                speakers,
                implicit,
                content_from,
                claim_start,
            });
        }
        // Turn pending claims into claims: content runs to the next claim.
        let boundaries: Vec<usize> = found.iter().map(|p| p.at).collect();
        // Per pending claim: its first claim's index and whether it says
        // nothing before the next claim.
        let mut made: Vec<(usize, bool)> = Vec::with_capacity(found.len());
        for (n, p) in found.iter().enumerate() {
            let mut next_at = boundaries.iter().skip(n + 1).copied().find(|&b| b > p.at).unwrap_or(toks.len());
            let mut from = p.content_from.min(next_at);
            if p.back {
                // The words before the attribution, from the claim before it.
                from = boundaries.iter().take(n).copied().filter(|&b| b < p.at).max().map_or(0, |b| b + 1);
                next_at = p.at;
            }
            let (content_start, content_end) = if from < next_at {
                // The words proper begin at the complement: after a colon or
                // إن/أن, at a quotation mark ("في مؤتمر صحفي: “...”"); a
                // preposition (عن، على) does not end the circumstances, it is
                // part of them or of the words.
                let mut a = (from..next_at)
                    .find(|&k| is_quote(&toks[k].key) || toks[k].key == ":" || is_complement_word(&toks[k].key))
                    .map(|k| if is_quote(&toks[k].key) { k } else { k + 1 })
                    .unwrap_or(from);
                while a < next_at && matches!(toks[a].key.as_str(), "،" | "," | ":" | "-" | "–") {
                    a += 1;
                }
                let mut b = next_at;
                while b > a && matches!(toks[b - 1].key.as_str(), "،" | "," | "." | "-" | "–") {
                    b -= 1;
                }
                if a < b { (toks[a].start, toks[b - 1].end) } else { (toks[from].start, toks[from].start) }
            } else {
                // No words: an empty content where the claim ends, never
                // at the next claim's verb (or past the sentence's last token).
                let at = toks[next_at - 1].end;
                (at, at)
            };
            let content = slice_cp(doc, si, content_start, content_end);
            made.push((claims.len(), !content.chars().any(char::is_alphanumeric)));
            let direct_quote = (from..next_at).any(|j| quoted[j]);
            let speaker_ids: Vec<usize> = p.speakers.iter().map(|s| s.0).collect();
            let mut targets: Vec<usize> = Vec::new();
            let reciprocal_with = |speaker: usize| -> Vec<usize> {
                if p.reciprocal { speaker_ids.iter().copied().filter(|&s| s != speaker).collect() } else { Vec::new() }
            };
            // The object right after the speaker comes first ("واتهمت أرمينيا
            // موسكو بأنها ..."), then the actors of the words themselves.
            let mut k = from;
            while k < next_at && skippable(gaz, toks, k) > 0 {
                k += skippable(gaz, toks, k);
            }
            if k < next_at
                && let Some(m) = idx.starting[k].iter().find(|m| !speaker_ids.contains(&m.actor))
            {
                targets.push(m.actor);
            }
            // "باشينيان الذي تصفه المعارضة بأنه خائن": a relative clause with its
            // own subject is about the noun it hangs on.
            if !p.implicit && p.at > 0 && matches!(toks[p.at - 1].key.as_str(), "الذي" | "التي") {
                let before = toks[p.at - 1].start;
                let antecedent =
                    idx.all.iter().filter(|m| m.end <= before && before - m.end <= 1).max_by_key(|m| m.end);
                if let Some(m) = antecedent
                    && !speaker_ids.contains(&m.actor)
                    && !targets.contains(&m.actor)
                {
                    targets.insert(0, m.actor);
                }
            }
            for m in &idx.all {
                if m.start >= content_start
                    && m.end <= content_end
                    && !speaker_ids.contains(&m.actor)
                    && !targets.contains(&m.actor)
                {
                    targets.push(m.actor);
                }
            }
            let mut claim_type = p.verb_entry.map(|v| v.claim_type.clone()).unwrap_or_else(|| "statement".into());
            if p.verb_entry.is_none_or(|v| v.generic) {
                // The words, and the quote they open if it runs on into the
                // next sentences; each word marked inside a name, and inside
                // the name of an actor of another side than the speaker's.
                let own = side_of(&ctx, p.speakers[0].0);
                let from = from.min(toks.len());
                let mut window: Vec<&Token> = toks[from..next_at].iter().collect();
                let other = other_side_tokens(&ctx, &idx, toks, own);
                let mut marks: Vec<(bool, bool)> = (from..next_at).map(|k| (inside_name[k], other[k])).collect();
                if next_at == toks.len() && in_quote {
                    for next in (si + 1..doc.sentences.len()).take(2) {
                        let ntoks = &doc.sentences[next].tokens;
                        let nidx = ctx.index(next);
                        let close = ntoks.iter().position(|t| is_close_quote(&t.key));
                        let upto = close.unwrap_or(ntoks.len());
                        window.extend(&ntoks[..upto]);
                        let other = other_side_tokens(&ctx, &nidx, ntoks, own);
                        marks.extend((0..upto).map(|k| (false, other[k])));
                        if close.is_some() {
                            break;
                        }
                    }
                }
                if let Some(t) = cue_type(gaz, &window, &marks, claim_type == "announcement") {
                    claim_type = t;
                }
            }
            let span_end = if content_end > content_start { content_end } else { toks[next_at - 1].end };
            for &(speaker, s_start, s_end) in &p.speakers {
                let speaker_surface =
                    if p.implicit || s_end <= s_start { String::new() } else { slice_cp(doc, si, s_start, s_end) };
                // The span holds the words naming the speaker, wherever they stand.
                let named_start = if speaker_surface.is_empty() { usize::MAX } else { s_start };
                let mut targets = targets.clone();
                for (n, o) in reciprocal_with(speaker).into_iter().enumerate() {
                    targets.insert(n, o);
                }
                claims.push(Claim {
                    sentence: si,
                    start: p.claim_start.min(toks[p.at].start).min(named_start),
                    end: span_end.max(toks[p.at].end),
                    speaker,
                    speaker_surface,
                    verb: p.verb.clone(),
                    claim_type: claim_type.clone(),
                    direct_quote,
                    content: content.clone(),
                    content_start,
                    content_end,
                    targets,
                    figures: find_figures(gaz, doc, &toks[from.min(toks.len())..next_at]),
                });
            }
        }
        // "قالت الوزارة في بيان: «تحث المملكة ...»": a claim whose words are a
        // quoted report of its own has that report's type.
        for n in 0..found.len().saturating_sub(1) {
            let (first, empty) = made[n];
            if empty && quoted[found[n + 1].at] {
                let t = claims[made[n + 1].0].claim_type.clone();
                let last = made[n + 1].0;
                for c in &mut claims[first..last] {
                    c.claim_type = t.clone();
                }
            }
        }
        if let Some(p) = found.iter().rev().find(|p| !p.nested).or(found.last()) {
            last_speakers = p.speakers.iter().map(|s| s.0).collect();
        }
    }
    claims
}

struct Pending<'a> {
    /// The reporting word's token.
    at: usize,
    /// A report inside another's words ("قال إن بوتين أبلغ"): the next
    /// sentence's implicit speaker is the reporter's, not this one.
    nested: bool,
    /// Each speaker speaks against the others ("تبادلت X وY الاتهامات").
    reciprocal: bool,
    /// The words stand before the attribution ("...، بحسب الوزارة").
    back: bool,
    verb: String,
    verb_entry: Option<&'a VerbEntry>,
    speakers: Vec<(usize, usize, usize)>,
    implicit: bool,
    content_from: usize,
    claim_start: usize,
}

enum Subject {
    /// Named subjects and the token after them.
    Named(Vec<(usize, usize, usize)>, usize),
    /// "وتابع البيان": the last speaker's statement; the token after it.
    Statement(usize),
    /// The complement starts at this token: the subject is implicit.
    Complement(usize),
    /// "الطرفان"، "البلدان"، "كلا البلدين": the parties named together before,
    /// the span of the word and the token after it.
    Joint(usize, usize, usize),
    /// A word that names nobody isnad knows.
    Unknown,
}

/// The parties "الطرفان" or "الدولتان" stands for: the speakers of the last
/// claim that had several (this sentence's first), else the last two actors
/// of one kind named joined by و, in this sentence before `at` or the one
/// before it.
fn joint_parties(ctx: &Ctx<'_>, claims: &[Claim], found: &[Pending<'_>], si: usize, at: usize) -> Vec<usize> {
    if let Some(p) = found.iter().rev().find(|p| p.speakers.len() > 1) {
        return p.speakers.iter().map(|s| s.0).collect();
    }
    // Claims of one act share their span's start.
    if let Some(last) = claims.iter().rev().find(|c| c.sentence + 1 >= si) {
        let joint: Vec<usize> =
            claims.iter().filter(|c| c.sentence == last.sentence && c.start == last.start).map(|c| c.speaker).collect();
        if joint.len() > 1 {
            return joint;
        }
    }
    for s in [Some(si), si.checked_sub(1)].into_iter().flatten() {
        let toks = &ctx.doc.sentences[s].tokens;
        let idx = ctx.index(s);
        let before: Vec<&&Mention> =
            idx.all.iter().filter(|m| (s < si || m.end <= at) && ctx.kind(m) != ActorType::Place).collect();
        for pair in before.windows(2).rev() {
            let (a, b) = (pair[0], pair[1]);
            let joined = toks.iter().any(|t| t.start <= b.start && b.start < t.end && t.key.starts_with('و'));
            if joined && a.actor != b.actor && ctx.kind(a) == ctx.kind(b) {
                return vec![a.actor, b.actor];
            }
        }
    }
    Vec::new()
}

fn implicit_speakers(last: &[usize], found: &[Pending<'_>]) -> Vec<(usize, usize, usize)> {
    match found.iter().rev().find(|p| !p.nested).or(found.last()) {
        Some(p) => p.speakers.iter().map(|s| (s.0, 0, 0)).collect(),
        None => last.iter().map(|&a| (a, 0, 0)).collect(),
    }
}

/// The subjects after a verb (verb–subject order).
fn subjects_after(
    ctx: &Ctx<'_>,
    idx: &SentenceIndex<'_>,
    toks: &[Token],
    titles: &[(usize, usize)],
    from: usize,
) -> Subject {
    let mut j = from;
    let mut surface_from: Option<usize> = None;
    loop {
        if j >= toks.len() {
            return Subject::Complement(j);
        }
        let skip = skippable(ctx.gaz, toks, j);
        if skip > 0 && idx.starting[j].is_empty() {
            j += skip;
            continue;
        }
        break;
    }
    // A title before the speaker: the person named within a few words after
    // it, unless the title itself is the person ("مصدر مطلع"، "الرئيس
    // الأذربيجاني").
    let title = titles.iter().find(|t| t.0 == j);
    let title_is_person = idx.starting[j].iter().any(|m| ctx.kind(m) == ActorType::Person);
    if let Some(&(_, t_end)) = title.filter(|_| !title_is_person) {
        surface_from = Some(toks[j].start);
        let stop = (t_end..toks.len())
            .find(|&k| {
                let key = toks[k].key.as_str();
                is_complement_word(key) || key == ":" || is_quote(key) || ctx.verb_at(&toks[k]).is_some()
            })
            .unwrap_or(toks.len());
        let person = (t_end..stop.min(t_end + 8))
            .find_map(|k| idx.starting[k].iter().find(|m| ctx.kind(m) == ActorType::Person).map(|m| (k, *m)));
        if let Some((_, m)) = person {
            return named(ctx, idx, toks, m, surface_from);
        }
    }
    if let Some(m) = pick(ctx, &idx.starting[j], None)
        && ctx.kind(m) != ActorType::Place
    {
        return named(ctx, idx, toks, m, surface_from);
    }
    let t = &toks[j];
    let joint_at = |k: usize| toks.get(k).is_some_and(|t| ctx.gaz.word_class(&t.key) == Some(WordClass::Joint));
    if joint_at(j) {
        return Subject::Joint(toks[j].start, toks[j].end, j + 1);
    }
    if matches!(t.key.as_str(), "كلا" | "كل") && joint_at(j + 1) {
        return Subject::Joint(toks[j].start, toks[j + 1].end, j + 2);
    }
    if ctx.gaz.word_class(&t.key) == Some(WordClass::Statement) {
        // "بيان لوزارة الخارجية"، "بيان صادر عن الوزارة": the statement's
        // author speaks.
        let mut k = j + 1;
        if toks.get(k).is_some_and(|x| matches!(x.key.as_str(), "صادر" | "صادره"))
            && toks.get(k + 1).is_some_and(|x| x.key == "عن")
        {
            k += 2;
        }
        if let Some(m) = pick(ctx, idx.starting.get(k).map(Vec::as_slice).unwrap_or(&[]), None)
            && ctx.kind(m) != ActorType::Place
        {
            return named(ctx, idx, toks, m, Some(toks[j].start));
        }
        return Subject::Statement(j + 1);
    }
    if opens_complement(&t.key) || t.kind == TokenKind::Punct {
        return Subject::Complement(j);
    }
    Subject::Unknown
}

/// Among mentions on one span, the one to take as a speaker: the same type
/// as a first coordinated subject if there is one, else not a bare state.
fn pick<'m>(ctx: &Ctx<'_>, ms: &[&'m Mention], like: Option<ActorType>) -> Option<&'m Mention> {
    if let Some(t) = like
        && let Some(m) = ms.iter().find(|m| ctx.kind(m) == t)
    {
        return Some(m);
    }
    ms.iter().max_by_key(|m| (m.end - m.start, ctx.kind(m) != ActorType::State)).copied()
}

fn named(
    ctx: &Ctx<'_>,
    idx: &SentenceIndex<'_>,
    toks: &[Token],
    first: &Mention,
    surface_from: Option<usize>,
) -> Subject {
    let mut m = first;
    let mut end = idx.end_token[&(m as *const Mention)];
    // "مستشار ... للرئيس الأذربيجاني إلهام علييف، حكمت حاجييف،": the apposition.
    if ctx.kind(m) == ActorType::Person
        && toks.get(end).is_some_and(|t| t.key == "،")
        && let Some(n) = idx.starting.get(end + 1).and_then(|v| v.iter().find(|n| ctx.kind(n) == ActorType::Person))
    {
        let n_end = idx.end_token[&(*n as *const Mention)];
        if toks.get(n_end).is_some_and(|t| t.key == "،") {
            m = n;
            end = n_end;
        }
    }
    let start = surface_from.unwrap_or(m.start).min(m.start);
    let mut list = vec![(m.actor, start, m.end)];
    // "وأدان الاتحاد الأوروبي وفرنسا وألمانيا": coordinated subjects.
    while end < toks.len() && toks[end].key.starts_with('و') {
        let Some(n) = pick(ctx, &idx.starting[end], Some(ctx.kind(first))) else { break };
        if ctx.kind(n) == ActorType::Place || list.iter().any(|x| x.0 == n.actor) {
            break;
        }
        list.push((n.actor, n.start, n.end));
        end = idx.end_token[&(n as *const Mention)];
    }
    Subject::Named(list, end)
}

/// The subject standing right before a verb ("الكرملين يؤكد"), or before
/// the relative pronoun that introduces it ("أرمينيا، التي قالت").
fn subject_before(
    ctx: &Ctx<'_>,
    idx: &SentenceIndex<'_>,
    toks: &[Token],
    i: usize,
) -> Option<Vec<(usize, usize, usize)>> {
    let mut j = i;
    // An auxiliary or an adverb between subject and verb: "الرئيس الأذربيجاني
    // كان يطالب"، "إبراهيم قالين أيضا فند".
    while j > 0 && matches!(toks[j - 1].key.as_str(), "كان" | "كانت" | "كانوا" | "ايضا" | "كذلك" | "بدوره" | "بدورها")
    {
        j -= 1;
    }
    if j > 0
        && matches!(toks[j - 1].key.as_str(), "التي" | "الذي" | "اللذين" | "اللتين" | "الذين" | "اللتان" | "اللذان")
    {
        j -= 1;
        if j > 0 && toks[j - 1].key == "،" {
            j -= 1;
        }
    }
    // A name under a preposition ("للجيش الوطني تعتبر") is no subject.
    let prepositional = |m: &Mention| {
        toks.iter().find(|t| t.start <= m.start && m.start < t.end).is_some_and(|t| {
            let clitics: String = ctx.doc.text[t.start_byte..].chars().take(m.start - t.start).collect();
            // "للجيش": ل before the elided article stays in the span.
            clitics.contains(['ب', 'ل', 'ك']) || (m.start == t.start && t.key.starts_with("لل"))
        })
    };
    let ending_at = |j: usize| {
        idx.all
            .iter()
            .filter(|m| idx.end_token[&(**m as *const Mention)] == j && ctx.kind(m) != ActorType::Place)
            .filter(|m| !prepositional(m))
            .max_by_key(|m| m.end - m.start)
            .copied()
    };
    let last = ending_at(j)?;
    // "كل من الإمارات والسعودية والبحرين ... أعلنت": the subjects joined by و
    // before it, each a speaker.
    let mut list = vec![(last.actor, last.start, last.end)];
    let mut first = last;
    loop {
        let s = toks.partition_point(|t| t.end <= first.start);
        let joined = toks.get(s).is_some_and(|t| t.key.starts_with('و') && t.start < first.start);
        if !joined || s == 0 {
            break;
        }
        match ending_at(s).filter(|m| ctx.kind(m) == ctx.kind(last) && list.iter().all(|x| x.0 != m.actor)) {
            Some(m) => {
                list.insert(0, (m.actor, m.start, m.end));
                first = m;
            }
            None => break,
        }
    }
    Some(list)
}

/// The side an actor stands on: the state it acts for, following
/// affiliations (a spokesman, his ministry, its state), else itself.
fn side_of<'c>(ctx: &Ctx<'c>, actor: usize) -> &'c str {
    let a = &ctx.actors.actors[actor];
    let mut id = a.id.as_str();
    let mut aff = a.affiliation.as_deref();
    for _ in 0..6 {
        let Some(next) = aff else { break };
        let Some(&g) = ctx.gaz.by_id.get(next) else { return next };
        let def = &ctx.gaz.actors[g as usize];
        id = &def.id;
        if def.kind == ActorType::State {
            break;
        }
        aff = def.affiliation.as_deref();
    }
    id
}

/// An attribution without a verb at token `i` ("بحسب X"، "وفقا لـ X"،
/// "نقلا عن X"): the claim of X, whose words are those before the
/// attribution when it ends a clause, else those after X. A news outlet
/// named so is provenance, not a speaker.
fn attribution<'a>(ctx: &Ctx<'a>, idx: &SentenceIndex<'_>, toks: &[Token], i: usize) -> Option<Pending<'a>> {
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| matches!(t.key.as_str(), "ل" | "عن" | "الي" | "علي")) {
        j += 1;
    }
    let m = pick(ctx, idx.starting.get(j).map(Vec::as_slice).unwrap_or(&[]), None)?;
    if matches!(ctx.kind(m), ActorType::Place | ActorType::MediaOutlet) {
        return None;
    }
    let Subject::Named(speakers, end) = named(ctx, idx, toks, m, None) else { return None };
    let t = &toks[i];
    // "ووفقا": the conjunction is not part of the word.
    let conj = t.key.starts_with(['و', 'ف']) && ctx.gaz.words.get(&t.key[2..]) == Some(&WordClass::Attribution);
    let skip = crate::text::skip_to_offset(ctx.doc.text, t, usize::from(conj));
    let verb = ctx.doc.text[t.start_byte..t.end_byte].chars().skip(skip).collect::<String>();
    // "...، بحسب الوزارة": words before it and nothing of the clause after.
    let back = i > 2 && toks.get(end).is_none_or(|n| matches!(n.key.as_str(), "." | "،" | "," | ")" | "؟" | "!"));
    Some(Pending {
        at: i,
        verb,
        verb_entry: None,
        reciprocal: false,
        nested: false,
        back,
        speakers,
        implicit: false,
        content_from: end,
        claim_start: toks[i].start,
    })
}

/// Whether a verb inside quotation marks reports words of its own: a
/// third-person verb whose named subject follows it at once, and which is
/// not a plain "قال" saying nothing more ("قالت موسكو كلمتها").
fn nested_in_quote(
    ctx: &Ctx<'_>,
    idx: &SentenceIndex<'_>,
    toks: &[Token],
    i: usize,
    v: &VerbEntry,
    particles: usize,
) -> bool {
    if v.kind != VerbKind::Verb || v.mode != VerbMode::Say || (particles > 0 && !toks[i].key.starts_with('و')) {
        return false;
    }
    let Some(m) = idx.starting.get(i + 1).and_then(|ms| pick(ctx, ms, None)) else { return false };
    if matches!(ctx.kind(m), ActorType::Place) {
        return false;
    }
    let end = idx.end_token[&(m as *const Mention)];
    !v.generic || toks.get(end).is_some_and(|t| opens_complement(&t.key) || t.key.starts_with('ب'))
}

/// Prepositions and negations: a word right after one is not a finite
/// verb of reporting.
fn blocks_a_verb(gaz: &Gazetteer, t: &Token) -> bool {
    matches!(
        t.key.as_str(),
        "في" | "علي"
            | "من"
            | "الي"
            | "عن"
            | "مع"
            | "حول"
            | "بعد"
            | "قبل"
            | "خلال"
            | "منذ"
            | "ضد"
            | "نحو"
            | "لدي"
            | "عبر"
            | "دون"
            | "بين"
            | "رغم"
            | "عند"
            | "لم"
            | "لن"
            | "لا"
    ) || gaz.word_class(&t.key) == Some(WordClass::Attribution)
}

/// "إنها"، "أنه"، "بأنهم": a complementizer carrying its clause's subject.
fn is_complementizer_with_pronoun(key: &str) -> bool {
    let rest = ["ان", "بان", "لان", "فان", "وان"].iter().find_map(|c| key.strip_prefix(c));
    matches!(rest, Some("ه" | "ها" | "هم" | "هما" | "ني" | "نا"))
}

/// Whether the word `ma` ("ما", "لما", "حسبما") of "وفق ما"، "وفقا لما"،
/// "حسبما" follows, or is, a word of attribution: the verb after it then has
/// its own subject ("وفق ما أفاد مصدران").
fn attribution_before(gaz: &Gazetteer, toks: &[Token], ma: usize) -> bool {
    let attribution = |k: usize| gaz.word_class(&toks[k].key) == Some(WordClass::Attribution);
    matches!(toks[ma].key.as_str(), "حسبما" | "بحسبما" | "وفقما") || (ma > 0 && attribution(ma - 1))
}

/// For each token of a sentence, whether it lies in the name of an actor
/// (not a place) of another side than `own`: one pass over the mentions.
fn other_side_tokens(ctx: &Ctx<'_>, idx: &SentenceIndex<'_>, toks: &[Token], own: &str) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    for m in &idx.all {
        if ctx.kind(m) == ActorType::Place || side_of(ctx, m.actor) == own {
            continue;
        }
        let first = toks.partition_point(|t| t.end <= m.start);
        for (k, flag) in out.iter_mut().enumerate().skip(first) {
            if toks[k].start >= m.end {
                break;
            }
            *flag = true;
        }
    }
    out
}

/// The type the content's cues give, if any: of the cues found, the one of
/// the best-ranked type. `marks` tells, per word, whether it lies inside a
/// name (no cue there) and inside the name of an actor of another side than
/// the speaker's. A cue asking for another side counts only when such a name
/// stands before it in the words or within six words after it ("إن قوات
/// كوسوفو قصفت"، "هجوم أذربيجان على"); one asking for none only when the
/// words name none. A cue inside a longer one found is the longer one's;
/// support another side gives is an accusation. An announcement (`news`) is
/// not sharpened into an accusation. A cue's last word may carry a
/// possessive pronoun ("تأييدها").
fn cue_type(gaz: &Gazetteer, toks: &[&Token], marks: &[(bool, bool)], news: bool) -> Option<String> {
    let mut best: Option<(usize, usize)> = None;
    let mut with_article = String::new();
    let any_other = marks.iter().any(|m| m.1);
    let other_before = |s: usize| marks[..s].iter().any(|m| m.1);
    let other_near = |s: usize| other_before(s) || marks[s + 1..marks.len().min(s + 7)].iter().any(|m| m.1);
    let side_ok = |cue: &super::gazetteer::Cue, s: usize| {
        let ok = match cue.other {
            None => true,
            Some(true) => other_near(s),
            Some(false) => !any_other,
        };
        ok && !(news && cue.claim_type == "accusation")
    };
    // A possessive on a cue's last word: "ها" and the others; "ه" (his) is
    // written as taa marbuta folded, so "في حال" would take "في حالة".
    let is_word = |k: &str, w: &str, last: bool| {
        k == w
            || (last
                && k.strip_prefix(w.strip_suffix('ه').map_or(w, |s| s))
                    .is_some_and(|rest| matches!(rest, "ها" | "هم" | "هما" | "نا" | "ته" | "تها" | "تهم" | "تنا")))
    };
    // Every cue found: (cue, first word, words).
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (s, t) in toks.iter().enumerate() {
        // Words inside a name are no cue ("قوات الدعم السريع").
        if marks[s].0 {
            continue;
        }
        for r in t.readings() {
            let mut firsts: Vec<&str> = vec![r.stem];
            if r.article_chars > 0 {
                with_article.clear();
                with_article.push_str("ال");
                with_article.push_str(r.stem);
                firsts.push(&with_article);
            }
            for f in firsts {
                for &c in gaz.cues_by_first.get(f).map(Vec::as_slice).unwrap_or(&[]) {
                    let cue = &gaz.cues[c];
                    let words = &cue.words;
                    let n = words.len();
                    let fits = s + n <= toks.len() && (1..n).all(|k| is_word(&toks[s + k].key, &words[k], k == n - 1));
                    if fits && side_ok(cue, s) {
                        found.push((c, s, n));
                    }
                }
            }
            // A one-word cue with a possessive pronoun ("تأييدها"، "دعوتهم"; "ه"
            // is left out: a folded taa marbuta ends too many words).
            for suffix in ["هما", "هم", "ها"] {
                let Some(stem) = r.stem.strip_suffix(suffix).filter(|st| st.chars().count() >= 3) else { continue };
                let stem = match stem.strip_suffix('ت') {
                    Some(base) => format!("{base}ه"),
                    None => stem.to_string(),
                };
                for key in [format!("ال{stem}"), stem] {
                    for &c in gaz.cues_by_first.get(key.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                        let cue = &gaz.cues[c];
                        if cue.words.len() == 1 && side_ok(cue, s) {
                            found.push((c, s, 1));
                        }
                    }
                }
            }
        }
    }
    // A cue inside a longer one is the longer one's ("ما كان ينبغي" is no
    // demand); of the rest, the best-ranked type wins.
    let inside =
        |&(_, s, n): &(usize, usize, usize)| found.iter().any(|&(_, s2, n2)| n2 > n && s2 <= s && s + n <= s2 + n2);
    for &(c, s, n) in found.iter().filter(|f| !inside(f)) {
        let _ = n;
        let rank = |c: usize| gaz.cues[c].rank;
        if best.is_none_or(|b: (usize, usize)| rank(c) < rank(b.0)) {
            best = Some((c, s));
        }
    }
    best.map(|(c, s)| {
        let t = &gaz.cues[c].claim_type;
        // Support that another side gives ("الناتو يقدم الدعم لنظام كييف") is
        // complained of, not welcomed.
        let near_before = marks[s.saturating_sub(3)..s].iter().any(|m| m.1);
        if t == "support" && near_before && !news { "accusation".to_string() } else { t.clone() }
    })
}

fn slice_cp(doc: &Document<'_>, si: usize, start: usize, end: usize) -> String {
    let s = &doc.sentences[si].span;
    doc.text[s.start_byte..s.end_byte].chars().skip(start - s.start).take(end.saturating_sub(start)).collect()
}

/// Folded words of a cue, for [`Gazetteer::cues`].
pub fn cue_words(cue: &str) -> Vec<String> {
    fold(cue).split_whitespace().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extractor, extract_actors, romanize_id};
    use crate::lexicon::Lexicon;

    /// (speaker id, verb, type, direct quote, speaker surface) of each claim.
    fn run(text: &str) -> Vec<(String, String, String, bool, String)> {
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let doc = Document::new(text, &ex.lexicon().junk);
        let actors = extract_actors(&doc, ex.gazetteer(), "0123456789abcdef");
        extract_claims(&doc, ex.gazetteer(), &actors)
            .into_iter()
            .map(|c| (actors.actors[c.speaker].id.clone(), c.verb, c.claim_type, c.direct_quote, c.speaker_surface))
            .collect()
    }

    fn speakers(claims: &[(String, String, String, bool, String)]) -> Vec<&str> {
        claims.iter().map(|c| c.0.as_str()).collect()
    }

    #[test]
    fn the_speaker_follows_the_verb() {
        let c = run("واتهم باشينيان والعديد من الأشخاص الآخرين في أرمينيا قوات حفظ السلام بالفشل في منع الأعمال العدائية.");
        assert_eq!(speakers(&c), ["nikol_pashinyan"]);
        assert_eq!(c[0].2, "accusation");
    }

    #[test]
    fn a_title_before_the_speaker_is_part_of_its_surface() {
        let c = run("قال رئيس الوزراء الأرميني نيكول باشينيان إن حكومته تعمل مع شركاء دوليين.");
        assert_eq!(speakers(&c), ["nikol_pashinyan"]);
        assert_eq!(c[0].4, "رئيس الوزراء الأرميني نيكول باشينيان");
    }

    #[test]
    fn an_implicit_speaker_continues_the_last_one_but_not_a_new_subject() {
        let c = run(
            "وقال ماكرون إن فرنسا يقظة. وأضاف أن السلام ممكن. ووصل أردوغان إلى ناختشيفان. وأضاف مكتبه في بيان أنه سيحضر الافتتاح.",
        );
        assert_eq!(speakers(&c), ["emmanuel_macron", "emmanuel_macron", "recep_tayyip_erdogan_office"]);
        assert_eq!(c[1].4, "", "an implicit speaker has no surface");
    }

    #[test]
    fn several_subjects_make_several_claims() {
        let c = run("وأدان الاتحاد الأوروبي وفرنسا وألمانيا العمل العسكري الأذربيجاني، ودعوا إلى العودة إلى المحادثات.");
        assert_eq!(speakers(&c), ["european_union", "france", "germany", "european_union", "france", "germany"]);
        assert_eq!(c[3].2, "appeal");
    }

    #[test]
    fn nested_attribution_gives_both_claims() {
        let c = run(
            "وأفاد الكرملين -في بيان- بأن بوتين أبلغ رئيس الوزراء الأرميني نيكول باشينيان في اتصال هاتفي أن “هذه المفاوضات ستجرى”.",
        );
        assert_eq!(speakers(&c), ["kremlin", "vladimir_putin"]);
        assert!(c[1].3, "the quoted words are a direct quote");
    }

    #[test]
    fn participles_of_the_same_act_do_not_add_a_claim_and_new_acts_do() {
        let c = run("ورفضت موسكو هذه الاتهامات، قائلة إن قواتها ليس لديها أي أساس قانوني للتدخل.");
        assert_eq!(speakers(&c), ["russia"]);
        assert_eq!(c[0].2, "rejection");
        let c = run("وحث الرئيس الفرنسي إيمانويل ماكرون على “الاستئناف الفوري للمناقشات”، داعيا إلى “وقف فوري للهجوم”.");
        assert_eq!(speakers(&c), ["emmanuel_macron", "emmanuel_macron"]);
        assert_eq!((c[0].2.as_str(), c[1].2.as_str()), ("appeal", "appeal"));
    }

    #[test]
    fn a_relayed_statement_belongs_to_the_source_after_an() {
        let c = run(
            "ونقلت وكالة الأنباء الرسمية عن الإدارة الرئاسية قولها إن أذربيجان ستواصل العملية “حتى النهاية” ما لم تستسلم الوحدات.",
        );
        assert_eq!(speakers(&c), ["azerbaijan_presidential_administration"]);
        assert_eq!((c[0].1.as_str(), c[0].2.as_str()), ("قولها", "threat"));
    }

    #[test]
    fn a_colon_heading_is_a_claim_without_a_verb() {
        let c = run("نيكول باشينيان: أذربيجان هي من استهدفت سيادة أرمينيا واستقلالها");
        assert_eq!(speakers(&c), ["nikol_pashinyan"]);
        assert_eq!((c[0].1.as_str(), c[0].2.as_str()), ("", "accusation"));
    }

    #[test]
    fn a_broken_quote_still_makes_a_direct_quote() {
        let c = run("واتهم رئيس الوزراء الأرمني نيكول باشينيان الثلاثاء أذربيجان بـ”استهداف سيادة أرمينيا واستقلالها”.");
        assert_eq!(speakers(&c), ["nikol_pashinyan"]);
        assert!(c[0].3);
    }

    #[test]
    fn a_subject_before_its_verb_speaks() {
        let c = run("الكرملين يؤكد انسحاب القوات الروسية من ناغورنو كاراباخ");
        assert_eq!(speakers(&c), ["kremlin"]);
        let c = run("ودعت أرمينيا، التي قالت إن قواتها المسلحة ليست في كاراباخ، أعضاء مجلس الأمن الدولي إلى المساعدة.");
        assert_eq!(speakers(&c), ["armenia", "armenia"]);
        assert_eq!(c[1].2, "denial");
    }

    #[test]
    fn a_plural_verb_takes_the_group_not_the_noun_after_it() {
        let c = run(
            "وتعهدت أذربيجان باحترام الحقوق، وخشي العديد من السكان المحليين من الانتقام وقالوا إنهم يخططون للمغادرة.",
        );
        assert_eq!(speakers(&c), ["azerbaijan", "local_residents"]);
    }

    #[test]
    fn numbers_of_people_are_kept_as_figures() {
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let text = "أعلن مسؤول انفصالي أنها أدت إلى مقتل 200 شخص على الأقل وإصابة مئات آخرين. وقال أمين المظالم غيغام ستيبانيان “ثمة 200 قتيل على الأقل وأكثر من 400 جريح”. كما تحدث عن إجلاء أكثر من 10 آلاف شخص. قالت أرمينيا إن 32 شخصا قتلوا في أقل من 24 ساعة.";
        let doc = Document::new(text, &ex.lexicon().junk);
        let actors = extract_actors(&doc, ex.gazetteer(), "0123456789abcdef");
        let figures: Vec<(u64, String)> = extract_claims(&doc, ex.gazetteer(), &actors)
            .into_iter()
            .flat_map(|c| c.figures)
            .map(|f| (f.value, f.counts))
            .collect();
        let want = [(200, "killed"), (200, "killed"), (400, "wounded"), (10_000, "evacuated"), (32, "killed")];
        assert_eq!(figures, want.map(|(v, c)| (v, c.to_string())));
    }

    #[test]
    fn verbs_inside_quotes_are_content() {
        let c = run(
            "وقال حكمت حاجييف إن باكو أطلقت إجراءات محدودة. وأضاف: “ندعو جميع المدنيين إلى الابتعاد”. وقال بيسكوف: “قالت موسكو كلمتها”.",
        );
        assert_eq!(speakers(&c), ["hikmet_hajiyev", "hikmet_hajiyev", "dmitry_peskov"], "{c:?}");
        assert_eq!(c[1].2, "appeal");
    }

    #[test]
    fn an_empty_content_lies_inside_its_claim() {
        // Two verbs in a row: the first says nothing; its empty content sits
        // where it ends, not on the next verb (nor past the sentence's words).
        let text = "سيونيك الأرمينية يربط أذربيجان\0قائلا\tأبلغ\u{200F}";
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let doc = Document::new(text, &ex.lexicon().junk);
        let actors = extract_actors(&doc, ex.gazetteer(), "0123456789abcdef");
        let claims = extract_claims(&doc, ex.gazetteer(), &actors);
        assert_eq!(claims.len(), 2);
        for c in &claims {
            assert!(c.start <= c.content_start && c.content_start <= c.content_end && c.content_end <= c.end, "{c:?}");
        }
    }

    #[test]
    fn a_plural_verb_is_plural_with_marks_inside() {
        // A bidi mark or tatweel inside "وقالوا" changes nothing.
        let plain = run("وادعى والدوحة، من الانتقام وقالوا إنهم");
        for text in ["وادعى والدوحة، من الانتقام وقالو\u{2069}ا إنهم", "وادعى والدوحة، من الانتقام وقالوـا إنهم"]
        {
            assert_eq!(run(text).len(), plain.len(), "{text}");
        }
    }

    #[test]
    fn a_figure_too_large_is_no_figure() {
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let text = "قال مسؤول إن 18446744073709551615 ألف قتيل سقطوا وإن 99999999999999999999 قتيل سقطوا.";
        let doc = Document::new(text, &ex.lexicon().junk);
        let figures = find_figures(ex.gazetteer(), &doc, &doc.sentences[0].tokens);
        assert!(figures.is_empty(), "{figures:?}");
    }

    #[test]
    fn a_long_quote_full_of_names_costs_linear_time() {
        // Mentions are found by binary search, not by scanning the sentence's
        // tokens for each: four times the names cost about four times the time.
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let time = |n: usize| {
            let text = format!("وقالت الوزارة: «{}».", "أرمينيا تسلح نفسها وتهدد السلام في المنطقة، ".repeat(n));
            let doc = Document::new(&text, &ex.lexicon().junk);
            let actors = extract_actors(&doc, ex.gazetteer(), "0123456789abcdef");
            (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    extract_claims(&doc, ex.gazetteer(), &actors);
                    t.elapsed()
                })
                .min()
                .unwrap()
        };
        let (small, large) = (time(1000), time(4000));
        assert!(large < small * 8 + std::time::Duration::from_millis(20), "{small:?} then {large:?}");
    }

    /// (speaker id, verb, type) of each claim.
    fn svt(text: &str) -> Vec<(String, String, String)> {
        run(text).into_iter().map(|c| (c.0, c.1, c.2)).collect()
    }

    fn has(c: &[(String, String, String)], speaker: &str, verb: &str, kind: &str) -> bool {
        c.iter().any(|x| x.0 == speaker && x.1 == verb && x.2 == kind)
    }

    #[test]
    fn attribution_without_a_verb_is_the_sources_claim_unless_a_news_outlet() {
        let c = svt("وقعت اشتباكات عنيفة في المنطقة الحدودية، بحسب وزارة الدفاع الصربية.");
        assert!(has(&c, "serbia_ministry_of_defense", "بحسب", "statement"), "{c:?}");
        let c = svt("ووفقا لوزارة الخارجية الكرواتية، فإن الاجتماع سيعقد غدا.");
        assert_eq!(c.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["croatia_foreign_ministry"], "{c:?}");
        // A news agency is provenance.
        assert!(svt("انسحبت القوات من القرية، بحسب وكالة رويترز.").is_empty());
        assert!(svt("انسحبت القوات من القرية، حسبما نقلت وكالة رويترز.").is_empty());
    }

    #[test]
    fn a_report_inside_quotes_with_its_own_subject_is_a_claim() {
        let c = svt("وأضاف المتحدث باسم الخارجية الصربية: “تدعو فرنسا الطرفين إلى ضبط النفس”.");
        assert!(has(&c, "france", "تدعو", "appeal"), "{c:?}");
    }

    #[test]
    fn reciprocal_accusations_give_each_party_a_claim() {
        let c = run("وتبادلت كل من صربيا وكوسوفو الاتهامات بخرق الهدنة.");
        assert_eq!(speakers(&c), ["serbia", "kosovo"]);
        assert!(c.iter().all(|x| x.2 == "accusation"));
        let ex = Extractor::new(Lexicon::defaults().unwrap());
        let doc = Document::new("وتبادلت صربيا وكوسوفو الاتهامات بخرق الهدنة.", &ex.lexicon().junk);
        let actors = extract_actors(&doc, ex.gazetteer(), "0123456789abcdef");
        let claims = extract_claims(&doc, ex.gazetteer(), &actors);
        let target = |n: usize| actors.actors[claims[n].targets[0]].id.clone();
        assert_eq!((target(0), target(1)), ("kosovo".to_string(), "serbia".to_string()), "each accuses the other");
    }

    #[test]
    fn impersonal_and_noun_subjects_take_no_speaker() {
        // "يُذكر أن": an impersonal imperfect; the report inside it counts.
        let c = svt("وقال الرئيس الصربي إن الوضع هادئ. يُذكر أن وسائل إعلام صربية أشارت إلى انسحاب القوات.");
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[1].0, "serbia_media", "{c:?}");
        // A noun that names no actor is the subject, not the last speaker.
        let c = svt("وقال الرئيس الصربي إن الوضع هادئ. لكن التقارير الإعلامية أشارت إلى أن الجيش انسحب.");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_verb_after_a_preposition_or_negation_is_no_report() {
        assert!(svt("بناء على طلب فرنسا، عقد المجلس جلسة طارئة.").is_empty());
        let c = svt("وقالت صربيا إن كوسوفو لم تبلغ الوسطاء بتحركاتها.");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_pronoun_subject_after_a_complementizer_is_the_speakers() {
        let c = svt("وقالت الحكومة الصربية إنها تعتبر كوسوفو مسؤولة عن التصعيد.");
        assert_eq!(c.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["serbia_government"], "{c:?}");
    }

    #[test]
    fn a_verb_that_needs_a_word_reports_only_with_it() {
        assert!(svt("وعلقت كرواتيا عضويتها في اللجنة.").is_empty());
        let c = svt("وعلق الرئيس الكرواتي، في مؤتمر صحفي، على القرار قائلا إنه مؤسف.");
        assert_eq!(c.len(), 1, "{c:?}");
        let c = svt("وحمّلت بلغراد بريشتينا مسؤولية التصعيد.");
        assert!(has(&c, "serbia", "حمّلت", "accusation"), "{c:?}");
    }

    #[test]
    fn a_statement_speaks_for_its_author() {
        let c = svt("وقال بيان لوزارة الخارجية الصربية إن المحادثات ستستأنف.");
        assert_eq!(c[0].0, "serbia_foreign_ministry", "{c:?}");
        let c = svt("وأفاد بيان صادر عن وزارة الدفاع الكرواتية بأن التدريبات انتهت.");
        assert_eq!(c[0].0, "croatia_ministry_of_defense", "{c:?}");
    }

    #[test]
    fn relative_and_auxiliary_clauses_carry_their_speakers() {
        // "وهو ما نفته X": X's claim beside the first.
        let c = svt("واتهمت كوسوفو صربيا بحشد قواتها، وهو ما نفته بلغراد.");
        assert!(has(&c, "kosovo", "اتهمت", "accusation") && has(&c, "serbia", "نفته", "denial"), "{c:?}");
        // Coordinated subjects before "كانت ... أعلنت".
        let c = svt("وكانت كل من كرواتيا والمجر والنمسا أعلنت دعمها للحوار.");
        assert_eq!(c.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(), ["croatia", "hungary", "austria"], "{c:?}");
        // A noun after the words of a claim is no new verb.
        let c = svt("وأكدت الحكومة الفرنسية في مناسبات عدة رفضها القرار.");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn verbal_nouns_with_their_speaker() {
        let c = svt("وتقدمت القوات رغم نفي بلغراد أي تحرك عسكري.");
        assert!(has(&c, "serbia", "نفي", "denial"), "{c:?}");
        let c = svt("ونقلت وكالة رويترز عن مسؤول صربي نفيه هذه الأنباء.");
        assert_eq!((c[0].1.as_str(), c[0].2.as_str()), ("نفيه", "denial"), "{c:?}");
    }

    #[test]
    fn the_content_sharpens_a_generic_verb() {
        let c = svt("وقال الرئيس الصربي إن قوات كوسوفو قصفت قرى حدودية.");
        assert_eq!(c[0].2, "accusation", "another side's hostile act");
        let c = svt("وقال الرئيس الصربي إن قواتنا قصفت مواقع المسلحين.");
        assert_eq!(c[0].2, "statement", "one's own act accuses nobody");
        let c = svt("وأعلن الجيش الصربي أن قوات كوسوفو قصفت قرى حدودية.");
        assert_eq!(c[0].2, "announcement", "news, not an accusation");
        let c = svt("وقال الرئيس الصربي إن بلاده ستواصل دعم الحوار.");
        assert_eq!(c[0].2, "pledge");
        let c = svt("وأضاف الرئيس الصربي: نرفض هذه الشروط.");
        assert_eq!(c[0].2, "rejection", "a first-person verb of rejection");
        let c = svt("وأكدت الحكومة الكرواتية تأييدها للاتفاق.");
        assert_eq!(c[0].2, "support", "a cue with a possessive");
        // A cue inside a longer one is the longer one's: blame, not a demand.
        let c = svt("وقال الرئيس الصربي إن قوات كوسوفو ما كان ينبغي أن تدخل القرية.");
        assert_eq!(c[0].2, "accusation");
        // Support another side gives is complained of.
        let c = svt("وقال الرئيس الصربي إن ألبانيا تقدم الدعم العسكري لكوسوفو.");
        assert_eq!(c[0].2, "accusation");
        // A quote running into the next sentence is read whole.
        let c = svt("وقال الرئيس الصربي: “الوضع صعب. ندعو جميع الأطراف إلى الحوار”.");
        assert_eq!(c[0].2, "appeal");
    }

    #[test]
    fn a_joint_subject_speaks_for_each_party_named_before() {
        let c = run("دعت صربيا وكرواتيا إلى الحوار، ورحبت الدولتان في بيان بالمبادرة الأوروبية.");
        assert_eq!(speakers(&c), ["serbia", "croatia", "serbia", "croatia"]);
        assert_eq!(c[2].4, "الدولتان", "the collective is the surface");
        let c = run("التقى الرئيسان الصربي والكرواتي. وأكد كلا البلدين التزامهما بالاتفاق.");
        assert!(c.is_empty() || c.iter().all(|x| x.0 == "serbia" || x.0 == "croatia"), "{c:?}");
    }

    #[test]
    fn a_headline_subject_before_its_verb_speaks() {
        let c = svt("بلغراد تتوعد بالرد على أي هجوم");
        assert_eq!((c[0].0.as_str(), c[0].2.as_str()), ("serbia", "threat"));
        let c = svt("ومضى الرئيس الكرواتي يقول إن الحوار ممكن.");
        assert_eq!(c.len(), 1, "{c:?}");
    }

    #[test]
    fn a_statement_quoting_a_report_has_its_type() {
        let c = svt("وقالت وزارة الخارجية الكرواتية في بيان: “تحث كرواتيا وسلوفينيا الطرفين على ضبط النفس”.");
        assert_eq!(c[0].0, "croatia_foreign_ministry");
        assert!(c.iter().all(|x| x.2 == "appeal"), "{c:?}");
        assert!(has(&c, "slovenia", "تحث", "appeal"), "{c:?}");
    }

    #[test]
    fn more_clause_grammar_of_news() {
        // A need of one letter is a proclitic.
        let c = svt("وكانت صربيا أقرت بمقتل ثلاثة من جنودها.");
        assert!(has(&c, "serbia", "أقرت", "announcement"), "{c:?}");
        // A chain of outlets is provenance.
        assert!(svt("ونقلت وكالة رويترز عن وكالات إعلام صربية أن القوات انسحبت.").is_empty());
        // A title's person may stand after a preposition phrase.
        let c = run("وأعلن المبعوث الأممي إلى اليمن هانس غروندبرغ عن هدنة جديدة.");
        assert_eq!(speakers(&c), ["hans_grundberg"], "{c:?}");
        // With no claim yet, the implicit verb is the subject of the clause before.
        let c = run(
            "واندلعت اشتباكات على الحدود، وأقر الرئيس الصربي ألكسندر فوتشيتش حالة الطوارئ، كما أعلن عن تعبئة جزئية.",
        );
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].0, romanize_id("ألكسندر فوتشيتش"));
        // A statement of the sentence's opening subject speaks for it.
        let c = run("أصدرت وزارة الدفاع الصربية بيانا علقت فيه على الهجوم.");
        assert_eq!(speakers(&c), ["serbia_ministry_of_defense"], "{c:?}");
    }
}
