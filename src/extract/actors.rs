//! Actor mentions of one article: gazetteer phrases, state bodies, titled
//! people the lexicons never saw, short forms, and anaphors.
//!
//! Pure: `&Document` in, [`ArticleActors`] out. Steps, sentence by sentence
//! and then over the whole article:
//! 1. gazetteer phrases, leftmost-longest (a body template also yields a
//!    mention of the state its nisba names);
//! 2. titles: "title (affiliation) name", "name، title", unnamed officials
//!    ("مسؤول انفصالي في الإقليم"), photo credits "(name/agency)";
//! 3. short forms: the last word of a person's name, once the person is
//!    named in the article ("علييف", "بيسكوف");
//! 4. anaphors ("الوزارة"): the latest body they can name, else the state
//!    named earlier in the sentence, else the state the article names most.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::gazetteer::{ActorDef, DefOrigin, Gazetteer, Payload};
use super::matcher::Found;
use super::titles::{TitleMatch, find_titles, is_reporting_verb};
use crate::lexicon::{ActorType, TitleKind, WordClass};
use crate::text::{Document, Token, TokenKind, fold, skip_to_offset};

/// How a mention names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    /// A name or phrase of the gazetteer or a template.
    Name,
    /// A capital or body speaking for a state.
    Metonym,
    /// A nisba adjective inside a longer phrase.
    Nisba,
    /// A titled person found in the text, by name.
    Person,
    /// A person described but not named ("مسؤول انفصالي في الإقليم").
    Description,
    /// A short form of a name given earlier.
    ShortForm,
    /// An office standing for the person who held it then ("الرئيس
    /// الأذربيجاني").
    Office,
    /// A bare word referring back ("الوزارة").
    Anaphor,
}

impl MentionKind {
    /// Name used in RDF and exports.
    pub const fn name(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Metonym => "metonym",
            MentionKind::Nisba => "nisba",
            MentionKind::Person => "person",
            MentionKind::Description => "description",
            MentionKind::ShortForm => "short-form",
            MentionKind::Office => "office",
            MentionKind::Anaphor => "anaphor",
        }
    }
}

/// One mention: a span of the article linked to an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Start, code points.
    pub start: usize,
    /// End, exclusive, code points.
    pub end: usize,
    /// The words as written.
    pub surface: String,
    /// Index into [`ArticleActors::actors`].
    pub actor: usize,
    /// Index of the sentence.
    pub sentence: usize,
    /// How it names the actor.
    pub kind: MentionKind,
}

/// The actors of one article and their mentions.
#[derive(Debug, Clone, Default)]
pub struct ArticleActors {
    /// Actors mentioned, in order of first mention.
    pub actors: Vec<ActorDef>,
    /// Mentions in offset order (nested spans after their container).
    pub mentions: Vec<Mention>,
    /// Titles, as (sentence, first token, one past the last token).
    pub titles: Vec<(usize, usize, usize)>,
}

struct Builder<'g, 'd> {
    gaz: &'g Gazetteer,
    doc: &'d Document<'d>,
    actors: Vec<ActorDef>,
    index: HashMap<String, usize>,
    mentions: Vec<Mention>,
    /// Token ranges already claimed per sentence.
    covered: Vec<Vec<bool>>,
    article_key: String,
    /// The day offices are resolved on: publication, else the latest year
    /// the text names.
    day: Option<String>,
    /// Titles with no name, resolved once every name of the article is known.
    pending: Vec<(usize, TitleMatch, Option<usize>)>,
    titles: Vec<(usize, usize, usize)>,
}

/// Extracts the actors of a prepared article. `article_key` (the article's
/// content hash) scopes the ids of unnamed people.
pub fn extract_actors(doc: &Document<'_>, gaz: &Gazetteer, article_key: &str) -> ArticleActors {
    extract_actors_dated(doc, gaz, article_key, None)
}

/// The latest year from 1990 to 2099 the text names, as a day in its middle:
/// the day offices are resolved on when the publication date is unknown.
fn latest_year(doc: &Document<'_>) -> Option<String> {
    doc.sentences
        .iter()
        .flat_map(|s| &s.tokens)
        .filter_map(|t| t.key.parse::<u32>().ok().filter(|y| (1990..=2099).contains(y) && t.key.len() == 4))
        .max()
        .map(|y| format!("{y}-07-01"))
}

/// Extracts the actors of an article published on `published`
/// (`YYYY-MM-DD`), on which an office named without its holder is resolved.
pub fn extract_actors_dated(
    doc: &Document<'_>,
    gaz: &Gazetteer,
    article_key: &str,
    published: Option<&str>,
) -> ArticleActors {
    let mut b = Builder {
        gaz,
        doc,
        actors: Vec::new(),
        index: HashMap::default(),
        mentions: Vec::new(),
        covered: doc.sentences.iter().map(|s| vec![false; s.tokens.len()]).collect(),
        article_key: article_key.chars().take(8).collect(),
        day: published.map(str::to_string).or_else(|| latest_year(doc)),
        pending: Vec::new(),
        titles: Vec::new(),
    };
    let mut anaphors: Vec<(usize, Found)> = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let all = gaz.actor_trie.find_all(&sentence.tokens);
        let mut starts = vec![false; sentence.tokens.len()];
        for f in &all {
            if matches!(gaz.payloads[f.payload as usize], Payload::Actor { .. }) {
                starts[f.start] = true;
            }
        }
        let titles = find_titles(gaz, &sentence.tokens, &starts);
        // A phrase that starts inside a title's head belongs to the title
        // ("وزير الخارجية الأمريكي" is a person's title, not a ministry).
        // A nisba completing a title is the title's, nested in it ("رئيس
        // الوزراء الجورجي"): a mention of its state, never a subject.
        let inside = |f: &Found| {
            titles.iter().any(|t| {
                (f.start > t.start && f.start < t.core_end)
                    || t.complement.is_some_and(|c| c.nisba && c.from == f.start)
            })
        };
        let found: Vec<Found> = all.into_iter().filter(|f| !inside(f)).collect();
        for (fi, f) in found.iter().enumerate() {
            match gaz.payloads[f.payload as usize] {
                Payload::Actor { actor, slot, metonym, .. } => {
                    let def = &gaz.actors[actor as usize];
                    let kind = if metonym { MentionKind::Metonym } else { MentionKind::Name };
                    let a = b.actor(def.clone());
                    b.mention(si, f.start, f.end, f.skip_chars, a, kind);
                    if let Some(slot) = slot {
                        if slot.state != actor {
                            let s = b.actor(gaz.actors[slot.state as usize].clone());
                            let from = f.start + slot.from as usize;
                            let skip = if slot.from == 0 { f.skip_chars } else { 0 };
                            b.mention_nested(si, from, f.start + slot.to as usize, skip, s, MentionKind::Nisba);
                        }
                        // "مسؤولون من أرمينيا وأذربيجان": a coordinated state
                        // right after the slot has the same body.
                        if let Some(next) = found.get(fi + 1) {
                            let joined = next.start == f.end
                                && sentence.tokens[next.start].key.starts_with('و')
                                && next.skip_chars > 0;
                            if let (true, Payload::Actor { actor: other, slot: None, nisba, .. }) =
                                (joined, gaz.payloads[next.payload as usize])
                            {
                                let other_is_state = gaz.actors[other as usize].kind == ActorType::State;
                                if other_is_state
                                    && nisba == slot.nisba
                                    && let Some(body) = gaz.same_body_for(actor, other)
                                {
                                    let a = b.actor(gaz.actors[body as usize].clone());
                                    b.mention_nested(si, next.start, next.end, next.skip_chars, a, kind);
                                }
                            }
                        }
                    }
                }
                Payload::Anaphor { .. } => anaphors.push((si, *f)),
                Payload::Title { .. } => {}
            }
        }
        b.titles(si, &titles);
        b.quoted_media(si);
        b.named_speakers(si);
        b.photo_credits(si);
    }
    b.short_forms();
    b.resolve_offices();
    b.possessives();
    b.resolve_anaphors(&anaphors);
    b.finish()
}

/// ASCII id from an Arabic (or Latin) name: a plain romanisation of the
/// folded letters, words joined by `_`. Stable: the same name always gives
/// the same id.
pub fn romanize_id(name: &str) -> String {
    let mut out = String::new();
    for word in fold(name).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        for c in word.chars() {
            let r = match c {
                'ا' => "a",
                'ب' => "b",
                'ت' => "t",
                'ث' => "th",
                'ج' => "j",
                'ح' => "h",
                'خ' => "kh",
                'د' => "d",
                'ذ' => "dh",
                'ر' => "r",
                'ز' => "z",
                'س' => "s",
                'ش' => "sh",
                'ص' => "s",
                'ض' => "d",
                'ط' => "t",
                'ظ' => "z",
                'ع' => "a",
                'غ' => "gh",
                'ف' => "f",
                'ق' => "q",
                'ك' => "k",
                'ل' => "l",
                'م' => "m",
                'ن' => "n",
                'ه' => "h",
                'و' => "w",
                'ي' => "y",
                'ء' => "",
                c if c.is_ascii_alphanumeric() => {
                    out.push(c.to_ascii_lowercase());
                    continue;
                }
                _ => "",
            };
            out.push_str(r);
        }
    }
    if out.is_empty() { "x".into() } else { out }
}

impl<'g, 'd> Builder<'g, 'd> {
    fn tokens(&self, si: usize) -> &'d [Token] {
        &self.doc.sentences[si].tokens
    }

    fn actor(&mut self, def: ActorDef) -> usize {
        if let Some(&i) = self.index.get(&def.id) {
            return i;
        }
        let i = self.actors.len();
        self.index.insert(def.id.clone(), i);
        self.actors.push(def);
        i
    }

    fn span(&self, si: usize, from: usize, to: usize, skip: usize) -> (usize, usize, String) {
        let toks = self.tokens(si);
        let first = &toks[from];
        let start = first.start + skip_to_offset(self.doc.text, first, skip);
        let end = toks[to - 1].end;
        let start_byte = first.start_byte
            + self.doc.text[first.start_byte..].chars().take(start - first.start).map(char::len_utf8).sum::<usize>();
        let surface = self.doc.text[start_byte..toks[to - 1].end_byte].to_string();
        (start, end, surface)
    }

    fn mention(&mut self, si: usize, from: usize, to: usize, skip: usize, actor: usize, kind: MentionKind) {
        for c in &mut self.covered[si][from..to] {
            *c = true;
        }
        self.mention_nested(si, from, to, skip, actor, kind);
    }

    fn mention_nested(&mut self, si: usize, from: usize, to: usize, skip: usize, actor: usize, kind: MentionKind) {
        let (start, end, surface) = self.span(si, from, to, skip);
        self.mentions.push(Mention { start, end, surface, actor, sentence: si, kind });
    }

    /// The mention (not nested) covering token `i` of sentence `si`, if any.
    fn mention_at(&self, si: usize, i: usize) -> Option<&Mention> {
        let t = &self.tokens(si)[i];
        self.mentions.iter().rev().find(|m| {
            m.sentence == si
                && m.start <= t.start.max(m.start)
                && m.end >= t.end
                && m.start < t.end
                && m.kind != MentionKind::Nisba
        })
    }

    fn mention_starting_at(&self, si: usize, i: usize) -> Option<(usize, usize)> {
        let toks = self.tokens(si);
        let t = toks.get(i)?;
        let m = self
            .mentions
            .iter()
            .find(|m| m.sentence == si && m.kind != MentionKind::Nisba && m.start >= t.start && m.start < t.end)?;
        let end_tok = toks.iter().position(|x| x.end == m.end)?;
        Some((self.mentions.iter().position(|x| std::ptr::eq(x, m))?, end_tok + 1))
    }

    /// A token that can belong to a person's name: a word the lexicons do
    /// not know, not claimed by a mention, not an article-bearing noun.
    fn name_like(&self, si: usize, i: usize) -> bool {
        let t = &self.tokens(si)[i];
        if t.kind != TokenKind::Word || self.covered[si][i] || t.key.chars().count() < 2 {
            return false;
        }
        if self.has_article(t) || self.gaz.word_class(&t.key).is_some() || self.gaz.verbs.contains_key(&t.key) {
            return false;
        }
        // بالتجسس, والحكومة: a particle before the article marks a common
        // noun (a stem of two letters leaves names like والتر alone).
        if t.readings().any(|a| a.particle_chars > 0 && a.article_chars > 0 && a.stem.chars().count() >= 3) {
            return false;
        }
        let from_here = &self.tokens(si)[i..];
        self.gaz.title_trie.longest_at(&from_here[..from_here.len().min(6)], 0).is_none()
    }

    /// Whether a word starts with the article: "ال" as written, not a name
    /// whose hamza folding makes it look so ("ألكسندر").
    fn has_article(&self, t: &Token) -> bool {
        t.key.starts_with("ال") && self.doc.text[t.start_byte..].starts_with("ال")
    }

    /// Arab name links: بن, ابن, أبو, عبد (folded).
    fn is_name_link(key: &str) -> bool {
        matches!(key, "بن" | "ابن" | "ابو" | "بنت" | "عبد")
    }

    /// The run of name tokens starting at `i` (at most 5), as an end index.
    fn name_run(&self, si: usize, i: usize) -> Option<usize> {
        let toks = self.tokens(si);
        let mut j = i;
        let mut words = 0;
        while j < toks.len() && words < 5 {
            // Past two words, a noun with taa marbuta starts what the person
            // does, not their name ("ألكسندر فوتشيتش حالة الطوارئ").
            let taa = self.doc.text[toks[j].start_byte..toks[j].end_byte].ends_with('ة');
            if words >= 2 && taa {
                break;
            }
            if words > 0 && Self::is_name_link(&toks[j].key) && j + 1 < toks.len() {
                // بن راشد, عبد اللهيان: a link and the word after it, which may
                // carry the article.
                j += 1;
                words += 1;
                if self.name_like(si, j) || (toks[j].key.starts_with("ال") && !self.covered[si][j]) {
                    j += 1;
                    words += 1;
                }
            } else if self.name_like(si, j) {
                words += 1;
                j += 1;
            } else if words >= 2 && toks[j].key.starts_with("ال") && toks[j - 2].key == "بن" {
                // The family name after "بن X": الزياني.
                j += 1;
                words += 1;
            } else if words >= 1 && self.family_name_like(si, j) {
                // A family name with the article ends the name: "حمزة المصطفى".
                j += 1;
                words += 1;
                break;
            } else {
                break;
            }
        }
        (words >= 2).then_some(j)
    }

    /// A word with the article that can end a name ("الشيباني"، "الحية"): no
    /// common word, verb, title, nisba or other known phrase.
    fn family_name_like(&self, si: usize, i: usize) -> bool {
        let Some(t) = self.tokens(si).get(i) else { return false };
        let Some(stem) = t.key.strip_prefix("ال") else { return false };
        t.kind == TokenKind::Word
            && !self.covered[si][i]
            && stem.chars().count() >= 3
            && self.gaz.word_class(&t.key).is_none()
            && !self.gaz.verbs.contains_key(&t.key)
            && {
                let from_here = &self.tokens(si)[i..];
                let near = &from_here[..from_here.len().min(4)];
                self.gaz.title_trie.longest_at(near, 0).is_none() && self.gaz.actor_trie.longest_at(near, 0).is_none()
            }
    }

    fn new_person(&mut self, si: usize, from: usize, to: usize, role: &str, affiliation: Option<usize>) -> usize {
        let (_, _, surface) = self.span(si, from, to, 0);
        let key = fold(&surface);
        // A name the gazetteer knows under another spelling stays that actor.
        let id = romanize_id(&key);
        let def = ActorDef {
            id,
            kind: ActorType::Person,
            en: None,
            ar: surface,
            wikidata: None,
            affiliation: affiliation.map(|a| self.actors[a].id.clone()),
            role: Some(role.to_string()).filter(|r| !r.is_empty()),
            origin: DefOrigin::Discovered,
        };
        let a = self.actor(def);
        self.mention(si, from, to, 0, a, MentionKind::Person);
        a
    }

    /// "وكالة «رابتلي» الروسية"، "صحيفة (إزفستيا)": an outlet the lexicons do
    /// not know, named in quotes after the word for what it is; a nisba after
    /// it says whose it is.
    fn quoted_media(&mut self, si: usize) {
        let n = self.tokens(si).len();
        for i in 0..n.saturating_sub(3) {
            let toks = self.tokens(si);
            let open = matches!(toks[i + 1].key.as_str(), "“" | "«" | "\"" | "(");
            if !open || self.covered[si][i] {
                continue;
            }
            let head =
                toks[i].readings().any(|r| r.article_chars == 0 && self.gaz.media_heads.iter().any(|h| *h == r.stem));
            if !head {
                continue;
            }
            let Some(close) = (i + 2..n.min(i + 6)).find(|&k| matches!(toks[k].key.as_str(), "”" | "»" | "\"" | ")"))
            else {
                continue;
            };
            let name_ok = close > i + 2
                && (i + 2..close).all(|k| {
                    let t = &toks[k];
                    !self.covered[si][k] && t.kind == TokenKind::Word && self.gaz.word_class(&t.key).is_none()
                });
            if !name_ok {
                continue;
            }
            let next = &toks[close + 1..n.min(close + 3)];
            let nisba =
                self.gaz.actor_trie.longest_at(next, 0).and_then(|f| match self.gaz.payloads[f.payload as usize] {
                    Payload::Actor { actor, nisba: true, .. } if f.skip_chars == 0 => Some((actor, f.end)),
                    _ => None,
                });
            let (_, _, name) = self.span(si, i + 2, close, 0);
            let affiliation = nisba.map(|(a, _)| self.actor(self.gaz.actors[a as usize].clone()));
            let end = nisba.map_or(close + 1, |(_, e)| close + 1 + e);
            let skip = self.tokens(si)[i]
                .readings()
                .find(|r| r.article_chars == 0 && self.gaz.media_heads.iter().any(|h| *h == r.stem))
                .map_or(0, |r| r.span_skip());
            let a = self.actor(ActorDef {
                id: romanize_id(&name),
                kind: ActorType::MediaOutlet,
                en: None,
                ar: name,
                wikidata: None,
                affiliation: affiliation.map(|a| self.actors[a].id.clone()),
                role: None,
                origin: DefOrigin::Discovered,
            });
            self.mention(si, i, end, skip, a, MentionKind::Name);
            if let (Some((_, e)), Some(s)) = (nisba, affiliation) {
                self.mention_nested(si, close + 1, close + 1 + e, 0, s, MentionKind::Nisba);
            }
        }
    }

    /// "وقال أرتاك بلغاريان، ..."، "وقال زاده: ...": a name the lexicons do not
    /// know, as the subject right after a reporting verb, before a comma, a
    /// colon or the words' complementizer, is a person.
    fn named_speakers(&mut self, si: usize) {
        let n = self.tokens(si).len();
        for i in 0..n.saturating_sub(2) {
            let toks = self.tokens(si);
            // Only verbs of plain saying take a name so (قال، أضاف، أوضح): others
            // take an object ("رفض إعطاء معلومات").
            let says = is_reporting_verb(self.gaz, &toks[i]) && {
                let key =
                    toks[i].key.strip_prefix(['و', 'ف']).filter(|k| k.chars().count() > 2).unwrap_or(&toks[i].key);
                [toks[i].key.as_str(), key].iter().any(|k| self.gaz.verbs.get(k).is_some_and(|v| v.generic))
            };
            if !says || self.covered[si][i + 1] {
                continue;
            }
            let boundary = |k: usize| toks.get(k).is_some_and(|t| matches!(t.key.as_str(), "،" | "," | ":"));
            let end = match self.name_run(si, i + 1) {
                Some(end) if end - i - 1 <= 3 && boundary(end) => end,
                // A single name before a colon: "وقال زاده:".
                _ if self.name_like(si, i + 1) && toks.get(i + 2).is_some_and(|t| t.key == ":") => i + 2,
                _ => continue,
            };
            self.new_person(si, i + 1, end, "", None);
        }
    }

    fn titles(&mut self, si: usize, found: &[TitleMatch]) {
        let toks = self.tokens(si);
        for t in found {
            self.titles.push((si, t.start, t.end));
            let tdef = &self.gaz.titles[t.row as usize];
            if tdef.kind == TitleKind::Institution {
                self.institution(si, t);
                continue;
            }
            let mut affiliation = t
                .complement
                .map(|c| self.actor(self.gaz.actors[c.actor as usize].clone()))
                .or_else(|| tdef.affiliation.map(|a| self.actor(self.gaz.actors[a as usize].clone())));
            // The complement is a mention of its own ("الإيراني" in "وزير
            // الخارجية الإيراني"), unless a longer phrase already holds it.
            if let (Some(c), Some(a)) = (t.complement, affiliation)
                && !self.covered[si][c.from]
            {
                let kind = if c.nisba { MentionKind::Nisba } else { MentionKind::Name };
                self.mention_nested(si, c.from, c.to, c.skip_chars, a, kind);
            }
            // "مكتب المدعي العام في أذربيجان"، "مكتب الرئيس التركي": the office
            // of a title is a body, not its bearer.
            if t.start > 0
                && !self.covered[si][t.start - 1]
                && toks[t.start - 1].readings().any(|r| r.article_chars == 0 && r.stem == "مكتب")
            {
                self.title_office(si, t, affiliation);
                continue;
            }
            let mut k = t.end;
            // "رئيسة الوكالة الأمريكية للتنمية الدولية، سامانثا باور"
            if let Some((m, end)) = self.mention_starting_at(si, k) {
                let actor = self.mentions[m].actor;
                if self.actors[actor].kind == ActorType::Person {
                    continue; // the title describes a known person
                }
                if self.actors[actor].kind != ActorType::Place && t.complement.is_none() {
                    affiliation = affiliation.or(Some(actor));
                    k = end;
                }
            }
            let mut kk = k;
            if toks.get(kk).is_some_and(|t| t.key == "،" || t.key == ",") {
                kk += 1;
            }
            if let Some((m, _)) = self.mention_starting_at(si, kk)
                && self.actors[self.mentions[m].actor].kind == ActorType::Person
            {
                continue;
            }
            if let Some(end) = self.name_run(si, kk) {
                let role = t.role.clone();
                self.new_person(si, kk, end, &role, affiliation);
                continue;
            }
            // "ماري دومولين، مديرة برنامج ...": a name before the title.
            if t.start >= 3 && toks[t.start - 1].key == "،" {
                let end = t.start - 1;
                let mut start = end;
                while start > 0 && end - start < 4 && self.name_like(si, start - 1) {
                    start -= 1;
                }
                if end - start >= 2 {
                    let before_ok = start == 0
                        || toks[start - 1].kind == TokenKind::Punct
                        || matches!(
                            self.gaz.word_class(&toks[start - 1].key),
                            Some(WordClass::Verb | WordClass::Function)
                        )
                        || is_reporting_verb(self.gaz, &toks[start - 1]);
                    if before_ok {
                        let role = t.role.clone();
                        self.new_person(si, start, end, &role, affiliation);
                        continue;
                    }
                }
                // The name is a known person ("أرتاك بلغاريان، الوسيط السابق").
                let named_before = self.mentions.iter().any(|m| {
                    m.sentence == si && m.end == toks[end - 1].end && self.actors[m.actor].kind == ActorType::Person
                });
                if named_before {
                    continue;
                }
            }
            let person_follows = (t.end..toks.len())
                .take_while(|&j| toks[j].kind != TokenKind::Punct || matches!(toks[j].key.as_str(), "(" | ")" | "،"))
                .take(6)
                .any(|j| self.mention_at(si, j).is_some_and(|m| self.actors[m.actor].kind == ActorType::Person));
            if !person_follows {
                self.pending.push((si, t.clone(), affiliation));
            }
        }
    }

    /// An institution the text names ("بعثة موسعة للاتحاد الأوروبي"، "لجنة
    /// تابعة للأمم المتحدة"): a body of its complement, one per head and
    /// complement in the article.
    fn institution(&mut self, si: usize, t: &TitleMatch) {
        let Some(c) = t.complement else { return };
        if self.covered[si][t.start] {
            return;
        }
        let of = self.actor(self.gaz.actors[c.actor as usize].clone());
        let toks = self.tokens(si);
        let head = &toks[t.start];
        let head_word: String = head.key.chars().skip(t.skip_chars).collect();
        let kind = match self.actors[of].kind {
            ActorType::InternationalOrganization => ActorType::InternationalOrganization,
            _ => ActorType::Organization,
        };
        let (_, _, surface) = self.span(si, t.start, t.end, t.skip_chars);
        let a = self.actor(ActorDef {
            id: format!("{}_{}", self.actors[of].id, romanize_id(&head_word)),
            kind,
            en: None,
            ar: surface,
            wikidata: None,
            affiliation: Some(self.actors[of].id.clone()),
            role: None,
            origin: DefOrigin::Discovered,
        });
        self.mention(si, t.start, t.end, t.skip_chars, a, MentionKind::Name);
        if !c.nisba {
            // The complement stays a mention of its own, nested.
            self.mention_nested(si, c.from, c.to, c.skip_chars, of, MentionKind::Name);
        }
    }

    /// The office of a title ("مكتب المدعي العام في أذربيجان"): an
    /// organisation affiliated to the title's complement, one per title head
    /// and complement in the article, so "مكتب المدعي العام" later is the same.
    fn title_office(&mut self, si: usize, t: &TitleMatch, affiliation: Option<usize>) {
        let toks = self.tokens(si);
        let office = t.start - 1;
        let skip = toks[office]
            .readings()
            .find(|r| r.article_chars == 0 && r.stem == "مكتب")
            .map(|r| r.span_skip())
            .unwrap_or(0);
        let (_, _, surface) = self.span(si, office, t.end, skip);
        let (_, _, head) = self.span(si, office, t.core_end, skip);
        let key = romanize_id(&head);
        let existing = self.actors.iter().position(|a| {
            a.kind == ActorType::Organization && a.origin == DefOrigin::Discovered && a.id.ends_with(&key)
        });
        let a = match (existing, affiliation) {
            (Some(a), None) => a,
            _ => {
                let scope = match affiliation {
                    Some(a) => self.actors[a].id.clone(),
                    None => self.article_key.clone(),
                };
                self.actor(ActorDef {
                    id: format!("{scope}_{key}"),
                    kind: ActorType::Organization,
                    en: None,
                    ar: surface,
                    wikidata: None,
                    affiliation: affiliation.map(|a| self.actors[a].id.clone()),
                    role: None,
                    origin: DefOrigin::Discovered,
                })
            }
        };
        self.mention(si, office, t.end, skip, a, MentionKind::Name);
    }

    /// Titles with no name: an office resolves to the person who held it on
    /// the article's day (a holder the article names wins); an anonymous
    /// source, a modified or former title, or an office of a known state or
    /// body not resolved is an unnamed person of the article.
    fn resolve_offices(&mut self) {
        let named: Vec<u32> = self
            .mentions
            .iter()
            .filter(|m| matches!(m.kind, MentionKind::Name | MentionKind::Person | MentionKind::ShortForm))
            .filter_map(|m| self.gaz.by_id.get(&self.actors[m.actor].id).copied())
            .filter(|&g| self.gaz.actors[g as usize].kind == ActorType::Person)
            .collect();
        for (si, t, affiliation) in std::mem::take(&mut self.pending) {
            if self.mention_at(si, t.start).is_some_and(|m| self.actors[m.actor].kind == ActorType::Person) {
                continue;
            }
            let tdef = &self.gaz.titles[t.row as usize];
            // "وأضاف المسؤول الأرمني": the last person of that side named before.
            if (tdef.kind == TitleKind::Source && t.definite) || tdef.kind == TitleKind::Anaphor {
                let at = self.tokens(si)[t.start].start;
                let side = affiliation.map(|a| self.side(a));
                let before = self
                    .mentions
                    .iter()
                    .filter(|m| m.start < at && self.actors[m.actor].kind == ActorType::Person)
                    .filter(|m| side.is_some() && Some(self.side(m.actor)) == side)
                    .max_by_key(|m| m.start)
                    .map(|m| m.actor);
                if let Some(p) = before {
                    self.mention(si, t.start, t.end, t.skip_chars, p, MentionKind::Anaphor);
                }
                continue;
            }
            if tdef.kind == TitleKind::Office && !t.modified && !t.former {
                let of = affiliation.map(|a| self.actors[a].id.clone());
                let at = self.tokens(si)[t.start].start;
                if let Some(h) = self.office_holder(t.row, of.as_deref(), &named, at) {
                    let a = self.actor(self.gaz.actors[h as usize].clone());
                    self.mention(si, t.start, t.end, t.skip_chars, a, MentionKind::Office);
                    continue;
                }
            }
            if tdef.kind == TitleKind::Source || t.modified || affiliation.is_some() {
                self.unnamed_person(si, &t, affiliation);
            }
        }
    }

    /// The side an actor of this article stands on: the state it acts for,
    /// following affiliations, else itself.
    fn side(&self, a: usize) -> String {
        let mut id = self.actors[a].id.clone();
        let mut aff = self.actors[a].affiliation.clone();
        for _ in 0..6 {
            let Some(next) = aff else { break };
            let def = self.gaz.by_id.get(&next).map(|&g| &self.gaz.actors[g as usize]);
            id = next.clone();
            match def {
                Some(d) if d.kind != ActorType::State => aff = d.affiliation.clone(),
                _ => break,
            }
        }
        id
    }

    /// The holder of the office a title row stands for, given whose title it
    /// is: the first office choice that fits the complement, held by the
    /// complement itself or by the state it acts for. `at` is where the
    /// title stands.
    fn office_holder(&self, row: u32, of: Option<&str>, named: &[u32], at: usize) -> Option<u32> {
        let tdef = &self.gaz.titles[row as usize];
        let choice = tdef.offices.iter().find(|c| c.fits(of))?;
        let mut candidates: Vec<String> = Vec::new();
        if let Some(of) = of {
            candidates.push(of.to_string());
            let mut aff = self.gaz.by_id.get(of).and_then(|&g| self.gaz.actors[g as usize].affiliation.clone());
            for _ in 0..4 {
                let Some(a) = aff else { break };
                aff = self.gaz.by_id.get(&a).and_then(|&g| self.gaz.actors[g as usize].affiliation.clone());
                candidates.push(a);
            }
        } else {
            // No complement ("الأمين العام"): the body or state with such an
            // office the article names last before the title, else first
            // after it.
            let with_office = |m: &&Mention| {
                self.gaz.has_office(&choice.office, &self.actors[m.actor].id) && m.kind != MentionKind::Nisba
            };
            let before = self.mentions.iter().filter(|m| m.start < at).filter(with_office).max_by_key(|m| m.start);
            let after = || self.mentions.iter().filter(|m| m.start >= at).filter(with_office).min_by_key(|m| m.start);
            candidates = before.or_else(after).map(|m| self.actors[m.actor].id.clone()).into_iter().collect();
        }
        let of = candidates.into_iter().find(|c| self.gaz.has_office(&choice.office, c))?;
        self.gaz.holder(&choice.office, &of, self.day.as_deref(), named)
    }

    /// "مسؤول انفصالي في الإقليم"، "مصدر دبلوماسي تركي": a described
    /// person, the description running over one "في" phrase that names no
    /// place after a title without a complement.
    fn unnamed_person(&mut self, si: usize, t: &TitleMatch, affiliation: Option<usize>) {
        let toks = self.tokens(si);
        let mut end = t.end;
        if t.complement.is_none_or(|c| c.nisba) && toks.get(end).is_some_and(|t| t.key == "في") {
            let mut j = end + 1;
            let mut words = 0;
            while j < toks.len() && words < 5 {
                let tk = &toks[j];
                if tk.kind == TokenKind::Punct || tk.key == "في" || self.covered[si][j] {
                    break;
                }
                if let Some(WordClass::Function | WordClass::Verb | WordClass::Time) = self.gaz.word_class(&tk.key) {
                    break;
                }
                if self.gaz.verbs.contains_key(&tk.key) {
                    break;
                }
                j += 1;
                words += 1;
            }
            if words > 0 {
                end = j;
            }
        }
        let (_, _, surface) = self.span(si, t.start, end, t.skip_chars);
        let def = ActorDef {
            id: format!("{}_{}", self.article_key, romanize_id(&surface)),
            kind: ActorType::Person,
            en: None,
            ar: surface,
            wikidata: None,
            affiliation: affiliation.map(|a| self.actors[a].id.clone()),
            role: Some(t.role.clone()),
            origin: DefOrigin::Discovered,
        };
        let a = self.actor(def);
        self.mention(si, t.start, end, t.skip_chars, a, MentionKind::Description);
    }

    /// "(كارين ميناسيان/وكالة الصحافة الفرنسية)": a photo credit.
    fn photo_credits(&mut self, si: usize) {
        let n = self.tokens(si).len();
        for i in 0..n {
            let toks = self.tokens(si);
            if toks[i].key != "(" {
                continue;
            }
            let Some(end) = self.name_run(si, i + 1) else {
                continue;
            };
            if toks.get(end).is_none_or(|t| t.key != "/") {
                continue;
            }
            let Some((m, _)) = self.mention_starting_at(si, end + 1) else {
                continue;
            };
            let media = self.mentions[m].actor;
            if self.actors[media].kind == ActorType::MediaOutlet {
                self.new_person(si, i + 1, end, "Photographer", Some(media));
            }
        }
    }

    /// Short forms: the last word of a person's name (two for "... أوغلو")
    /// names the person anywhere in the article once the full name appears;
    /// the first two words of a long name of a force or body ("قوات الدعم"
    /// for "قوات الدعم السريع") name it too.
    fn short_forms(&mut self) {
        self.body_short_forms();
        let mut alias: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for m in &self.mentions {
            let named = matches!(m.kind, MentionKind::Name | MentionKind::Person);
            if self.actors[m.actor].kind != ActorType::Person || !named {
                continue;
            }
            let words: Vec<String> = fold(&m.surface).split_whitespace().map(str::to_string).collect();
            if words.len() < 2 {
                continue;
            }
            let mut forms = vec![words[words.len() - 1].clone()];
            if words.len() >= 3 {
                forms.push(words[words.len() - 2..].join(" "));
            }
            for form in forms {
                let e = alias.entry(form).or_insert(Some(m.actor));
                if *e != Some(m.actor) {
                    *e = None; // two people share it: not a short form
                }
            }
        }
        // A family name with the article ("الشيباني") is a short form too,
        // unless it is a word or phrase of its own.
        let own_word = |f: &str| {
            f.starts_with("ال")
                && (f.chars().count() < 5
                    || self.gaz.word_class(f).is_some()
                    || super::matcher::matches_whole(&self.gaz.actor_trie, f).is_some())
        };
        let alias: HashMap<String, usize> =
            alias.into_iter().filter(|(k, _)| !own_word(k)).filter_map(|(k, v)| v.map(|v| (k, v))).collect();
        if alias.is_empty() {
            return;
        }
        // The first words of two-word forms: a pair is looked up only after one.
        let firsts: HashSet<&str> = alias.keys().filter_map(|k| k.split_once(' ')).map(|(a, _)| a).collect();
        for si in 0..self.doc.sentences.len() {
            let n = self.tokens(si).len();
            let mut i = 0;
            while i < n {
                if self.covered[si][i] || self.tokens(si)[i].kind != TokenKind::Word {
                    i += 1;
                    continue;
                }
                let two = (i + 1 < n && !self.covered[si][i + 1] && firsts.contains(self.tokens(si)[i].key.as_str()))
                    .then(|| format!("{} {}", self.tokens(si)[i].key, self.tokens(si)[i + 1].key));
                if let Some(&a) = two.as_ref().and_then(|k| alias.get(k)) {
                    self.mention(si, i, i + 2, 0, a, MentionKind::ShortForm);
                    i += 2;
                    continue;
                }
                let hit = self.tokens(si)[i]
                    .readings()
                    .filter(|r| r.article_chars == 0)
                    .find_map(|r| alias.get(r.stem).map(|&a| (a, r.span_skip())));
                if let Some((a, skip)) = hit {
                    self.mention(si, i, i + 1, skip, a, MentionKind::ShortForm);
                }
                i += 1;
            }
        }
    }

    fn body_short_forms(&mut self) {
        let mut alias: BTreeMap<(String, String), Option<usize>> = BTreeMap::new();
        for m in &self.mentions {
            let a = &self.actors[m.actor];
            let body = matches!(
                a.kind,
                ActorType::ArmedForce | ActorType::Organization | ActorType::InternationalOrganization
            );
            if !body || a.origin != DefOrigin::Gazetteer || m.kind != MentionKind::Name {
                continue;
            }
            if m.surface.split_whitespace().nth(2).is_none() {
                continue;
            }
            let words: Vec<String> = fold(&m.surface).split_whitespace().map(str::to_string).collect();
            if words.len() < 3 {
                continue;
            }
            let e = alias.entry((words[0].clone(), words[1].clone())).or_insert(Some(m.actor));
            if *e != Some(m.actor) {
                *e = None;
            }
        }
        for ((w0, w1), a) in alias {
            let Some(a) = a else { continue };
            for si in 0..self.doc.sentences.len() {
                let n = self.tokens(si).len();
                for i in 0..n.saturating_sub(1) {
                    let toks = self.tokens(si);
                    if self.covered[si][i] || self.covered[si][i + 1] || toks[i + 1].key != w1 {
                        continue;
                    }
                    let hit = toks[i]
                        .readings()
                        .filter(|r| r.article_chars == 0)
                        .find(|r| r.stem == w0)
                        .map(|r| r.span_skip());
                    if let Some(skip) = hit {
                        self.mention(si, i, i + 2, skip, a, MentionKind::ShortForm);
                    }
                }
            }
        }
    }

    /// "وأضاف مكتبه" (his office), "استدعاء باريس سفيرتها" (its
    /// ambassador): a pronoun suffix names an actor through what it refers to.
    fn possessives(&mut self) {
        if self.gaz.possessives.is_empty() {
            return;
        }
        for si in 0..self.doc.sentences.len() {
            for i in 0..self.tokens(si).len() {
                if self.covered[si][i] {
                    continue;
                }
                let t = &self.tokens(si)[i];
                let hit = t
                    .readings()
                    .filter(|r| r.article_chars == 0)
                    .find_map(|r| self.gaz.possessives.get(r.stem).map(|p| (p.clone(), r.span_skip())));
                let Some((p, skip)) = hit else { continue };
                let at = t.start;
                let antecedent = match p.antecedent {
                    crate::lexicon::Antecedent::Person => {
                        let is_person = |m: &&Mention| self.actors[m.actor].kind == ActorType::Person;
                        let prev = si.checked_sub(1);
                        self.mentions
                            .iter()
                            .filter(|m| Some(m.sentence) == prev)
                            .filter(is_person)
                            .min_by_key(|m| m.start)
                            .or_else(|| {
                                self.mentions.iter().filter(|m| m.start < at).filter(is_person).max_by_key(|m| m.start)
                            })
                            .map(|m| m.actor)
                    }
                    crate::lexicon::Antecedent::State => self
                        .mentions
                        .iter()
                        .filter(|m| m.sentence == si && m.start < at && self.actors[m.actor].kind == ActorType::State)
                        .max_by_key(|m| m.start)
                        .map(|m| m.actor),
                };
                let Some(ant) = antecedent else { continue };
                let of = &self.actors[ant];
                let of_label = of.en.clone().unwrap_or_else(|| of.ar.clone());
                let surface = self.span(si, i, i + 1, skip).2;
                let def = ActorDef {
                    id: format!("{}_{}", of.id, p.suffix),
                    kind: p.kind,
                    en: Some(p.en.replace("{of}", &of_label)),
                    ar: surface,
                    wikidata: None,
                    affiliation: Some(of.id.clone()),
                    role: (p.kind == ActorType::Person).then(|| p.en.replace(" of {of}", "")),
                    origin: DefOrigin::Pattern,
                };
                let a = self.actor(def);
                self.mention(si, i, i + 1, skip, a, MentionKind::Anaphor);
            }
        }
    }

    fn resolve_anaphors(&mut self, anaphors: &[(usize, Found)]) {
        // The state the article names most (ties: the first named).
        let mut counts: Vec<(usize, usize, usize)> = Vec::new(); // (count, -first, actor)
        for (pos, m) in self.mentions.iter().enumerate() {
            if self.actors[m.actor].kind == ActorType::State {
                match counts.iter_mut().find(|c| c.2 == m.actor) {
                    Some(c) => c.0 += 1,
                    None => counts.push((1, usize::MAX - pos, m.actor)),
                }
            }
        }
        let focal = counts.iter().max().map(|c| c.2);
        for &(si, f) in anaphors {
            if self.covered[si][f.start..f.end].iter().any(|&c| c) {
                continue;
            }
            let Payload::Anaphor { anaphor } = self.gaz.payloads[f.payload as usize] else {
                continue;
            };
            let def = &self.gaz.anaphors[anaphor as usize];
            let at = self.tokens(si)[f.start].start;
            // 1. The latest body, before this point, made by a template the anaphor names.
            let latest = self
                .mentions
                .iter()
                .filter(|m| m.start < at && m.kind != MentionKind::Nisba)
                .filter(|m| {
                    self.gaz
                        .by_id
                        .get(&self.actors[m.actor].id)
                        .and_then(|g| self.gaz.actor_template.get(g))
                        .is_some_and(|t| def.templates.contains(t))
                })
                .max_by_key(|m| m.start)
                .map(|m| m.actor);
            let target = latest.or_else(|| {
                // 2. The state named earlier in the sentence, else later in it,
                //    else the focal state, if the anaphor's templates agree on
                //    one body for it.
                let ids: Vec<&str> =
                    def.templates.iter().map(|&t| self.gaz.templates[t as usize].id.as_str()).collect();
                if ids.iter().any(|i| *i != ids[0]) {
                    return None;
                }
                let in_sentence = |m: &&Mention| m.sentence == si && self.actors[m.actor].kind == ActorType::State;
                let before = self.mentions.iter().filter(in_sentence).filter(|m| m.start < at).max_by_key(|m| m.start);
                let after = self.mentions.iter().filter(in_sentence).filter(|m| m.start > at).min_by_key(|m| m.start);
                let state = before.or(after).map(|m| m.actor).or(focal)?;
                let id = ids[0].replace("{state}", &self.actors[state].id);
                let g = *self.gaz.by_id.get(&id)?;
                Some(self.actor(self.gaz.actors[g as usize].clone()))
            });
            if let Some(a) = target {
                self.mention(si, f.start, f.end, f.skip_chars, a, MentionKind::Anaphor);
            }
        }
    }

    fn finish(self) -> ArticleActors {
        let mut mentions = self.mentions;
        mentions.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.actor.cmp(&b.actor)));
        mentions.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.actor == b.actor);
        // Renumber actors in order of first mention.
        let mut order: Vec<usize> = Vec::new();
        let mut remap = vec![usize::MAX; self.actors.len()];
        for m in &mentions {
            if remap[m.actor] == usize::MAX {
                remap[m.actor] = order.len();
                order.push(m.actor);
            }
        }
        let actors = order.iter().map(|&i| self.actors[i].clone()).collect();
        for m in &mut mentions {
            m.actor = remap[m.actor];
        }
        let mut titles = self.titles;
        titles.sort_unstable();
        ArticleActors { actors, mentions, titles }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn run(text: &str) -> (ArticleActors, Vec<(String, String)>) {
        let lex = Lexicon::defaults().unwrap();
        let gaz = Gazetteer::new(&lex);
        let doc = Document::new(text, &lex.junk);
        let out = extract_actors(&doc, &gaz, "0123456789abcdef");
        let pairs = out.mentions.iter().map(|m| (m.surface.clone(), out.actors[m.actor].id.clone())).collect();
        (out, pairs)
    }

    fn has(pairs: &[(String, String)], surface: &str, id: &str) -> bool {
        pairs.iter().any(|(s, i)| s == surface && i == id)
    }

    #[test]
    fn nisba_gives_a_distinct_affiliated_body() {
        let (out, p) = run("قالت وزارة الدفاع الأذربيجانية، اليوم الاثنين، إن اثنين من جنودها قُتلا.");
        assert!(has(&p, "وزارة الدفاع الأذربيجانية", "azerbaijan_ministry_of_defense"), "{p:?}");
        assert!(has(&p, "الأذربيجانية", "azerbaijan"), "{p:?}");
        let mod_ = out.actors.iter().find(|a| a.id == "azerbaijan_ministry_of_defense").unwrap();
        assert_eq!(mod_.affiliation.as_deref(), Some("azerbaijan"));
    }

    #[test]
    fn capitals_speak_for_states() {
        let (_, p) = run("وقالت موسكو إن قوات حفظ السلام الروسية تساعد. وقالت باكو إن يريفان مسؤولة.");
        assert!(has(&p, "موسكو", "russia") && has(&p, "باكو", "azerbaijan") && has(&p, "يريفان", "armenia"), "{p:?}");
        assert!(has(&p, "قوات حفظ السلام الروسية", "russia_peacekeepers"), "{p:?}");
    }

    #[test]
    fn clitic_prefixed_names_keep_bare_spans() {
        let (_, p) = run("سعت إلى الحفاظ على علاقات ودية مع أذربيجان، الحليف الأكبر لأذربيجان وبأرمينيا.");
        assert!(has(&p, "أذربيجان", "azerbaijan") && has(&p, "أرمينيا", "armenia"), "{p:?}");
    }

    #[test]
    fn arab_names_keep_their_links() {
        let (_, p) = run("وقال السفير الإيراني حسن أمير عبد الرحيمي إن الوضع خطير.");
        assert!(has(&p, "حسن أمير عبد الرحيمي", "hsn_amyr_abd_alrhymy"), "{p:?}");
        let (_, p) = run("وقال نظيره القطري محمد بن عبدالرحمن آل ثاني إن الحوار ضروري.");
        assert!(p.iter().any(|(s, _)| s.starts_with("محمد بن عبدالرحمن")), "{p:?}");
    }

    #[test]
    fn titled_unknown_people_become_persons() {
        let (out, p) = run("وقال وزير الخارجية الأرميني سيمون أفاكيانتس إن الوضع خطير. وأضاف أفاكيانتس أن بلاده مستعدة.");
        assert!(has(&p, "سيمون أفاكيانتس", "symwn_afakyants"), "{p:?}");
        let person = out.actors.iter().find(|a| a.id == "symwn_afakyants").unwrap();
        assert_eq!(person.role.as_deref(), Some("Foreign Minister"));
        assert_eq!(person.affiliation.as_deref(), Some("armenia"));
        // The short form later in the article resolves to the same person.
        assert!(has(&p, "أفاكيانتس", "symwn_afakyants"), "{p:?}");
    }

    #[test]
    fn name_before_title_becomes_a_person() {
        let (out, p) = run("وقالت ماريا سميث، مديرة برنامج أوروبا في المجلس الأوروبي للعلاقات الخارجية، إن ذلك مكلف.");
        assert!(has(&p, "ماريا سميث", "marya_smyth"), "{p:?}");
        assert_eq!(out.actors.iter().find(|a| a.id == "marya_smyth").unwrap().role.as_deref(), Some("Director"));
    }

    #[test]
    fn unnamed_officials_are_persons() {
        let (out, p) = run("أعلن مسؤول انفصالي في الإقليم أنها أدت إلى مقتل 200 شخص.");
        let person = out.actors.iter().find(|a| a.kind == ActorType::Person).expect("a person");
        assert_eq!(person.ar, "مسؤول انفصالي في الإقليم", "{p:?}");
        assert_eq!(person.affiliation.as_deref(), Some("karabakh_separatist_authorities"));
    }

    #[test]
    fn anaphors_name_the_latest_body() {
        let (_, p) = run("وقالت وزارة الدفاع الأذربيجانية إن الهدف واضح. وقالت الوزارة في بيان إن القوات تقدمت.");
        assert!(has(&p, "الوزارة", "azerbaijan_ministry_of_defense"), "{p:?}");
    }

    #[test]
    fn spelling_variants_name_one_actor() {
        // Seeds 000, 002, 004: three spellings of Karabakh, Yerevan misspelt,
        // two spellings of Dmitry, a diacritic inside a verb nearby.
        let (_, p) = run(
            "في ناغورنو كاراباخ وناجورنو كاراباخ ونارجورنو كاراباخ. بين باكو ويريغان. قال دميتري بيسكوف وديمتري بيسكوف إنهما قُتلا.",
        );
        assert_eq!(p.iter().filter(|(_, id)| id == "nagorno_karabakh").count(), 3, "{p:?}");
        assert!(has(&p, "يريغان", "armenia"), "{p:?}");
        assert!(has(&p, "دميتري بيسكوف", "dmitry_peskov") && has(&p, "ديمتري بيسكوف", "dmitry_peskov"), "{p:?}");
    }

    #[test]
    fn sources_without_a_name_are_still_actors() {
        // Seed 002: officials by nisba, the official agency, the presidential administration.
        let (_, p) = run(
            "وقال مسؤولون أمريكيون إنه من المرجح أن يشارك بلينكن. ونقلت وكالة الأنباء الرسمية عن الإدارة الرئاسية قولها إن أذربيجان ستواصل العملية.",
        );
        assert!(has(&p, "مسؤولون أمريكيون", "united_states_government"), "{p:?}");
        assert!(has(&p, "وكالة الأنباء الرسمية", "azerbaijan_news_agency"), "{p:?}");
        assert!(has(&p, "الإدارة الرئاسية", "azerbaijan_presidential_administration"), "{p:?}");
    }

    #[test]
    fn possessives_name_what_they_refer_to() {
        // Seeds 000 and 004.
        let (_, p) =
            run("ووصل أردوغان إلى ناختشيفان. وأضاف مكتبه في بيان أن الزيارة مهمة. بعد استدعاء باريس سفيرتها لدى باكو.");
        assert!(has(&p, "مكتبه", "recep_tayyip_erdogan_office"), "{p:?}");
        assert!(has(&p, "سفيرتها", "france_ambassador"), "{p:?}");
    }

    #[test]
    fn a_coordinated_state_gets_the_same_body() {
        let (_, p) = run("وأعلن مسؤولون من أرمينيا وأذربيجان أن الاتفاق صامد.");
        assert!(
            has(&p, "مسؤولون من أرمينيا", "armenia_government") && has(&p, "أذربيجان", "azerbaijan_government"),
            "{p:?}"
        );
    }

    #[test]
    fn romanized_ids_are_stable_ascii() {
        assert_eq!(romanize_id("غيغام ستيبانيان"), "ghygham_stybanyan");
        assert_eq!(romanize_id("غيغام  ستيبانيان"), romanize_id("غيغام ستيبانيان"));
    }

    fn run_dated(text: &str, published: Option<&str>) -> (ArticleActors, Vec<(String, String)>) {
        let lex = Lexicon::defaults().unwrap();
        let gaz = Gazetteer::new(&lex);
        let doc = Document::new(text, &lex.junk);
        let out = extract_actors_dated(&doc, &gaz, "0123456789abcdef", published);
        let pairs = out.mentions.iter().map(|m| (m.surface.clone(), out.actors[m.actor].id.clone())).collect();
        (out, pairs)
    }

    #[test]
    fn an_office_without_a_name_is_its_holder_on_the_day() {
        let text = "وقال رئيس وزراء أرمينيا إن الحدود هادئة.";
        assert!(has(&run_dated(text, Some("2017-01-10")).1, "رئيس وزراء أرمينيا", "karen_karapetyan"));
        assert!(has(&run_dated(text, Some("2020-01-10")).1, "رئيس وزراء أرمينيا", "nikol_pashinyan"));
        let (_, p) = run_dated("ودعا الأمين العام للأمم المتحدة إلى الهدوء.", Some("2016-06-01"));
        assert!(has(&p, "الأمين العام للأمم المتحدة", "ban_ki_moon"), "{p:?}");
        // No publication date: the latest year the text names.
        let (_, p) = run_dated("وفي عام 2021 قال الرئيس الأذربيجاني إن الحرب انتهت.", None);
        assert!(has(&p, "الرئيس الأذربيجاني", "ilham_aliyev"), "{p:?}");
    }

    #[test]
    fn a_holder_the_article_names_wins_over_the_calendar() {
        let (_, p) =
            run_dated("والتقى نيكول باشينيان بالمحتجين. وقال رئيس وزراء أرمينيا إن الحوار مستمر.", Some("2016-01-10"));
        assert!(has(&p, "رئيس وزراء أرمينيا", "nikol_pashinyan"), "{p:?}");
    }

    #[test]
    fn former_officials_and_anonymous_sources_are_unnamed_persons() {
        let (out, p) =
            run("وقال وزير الدفاع الصربي السابق إن الجيش جاهز. وقال مصدر دبلوماسي صربي إن المحادثات متعثرة.");
        let former = out.actors.iter().find(|a| a.ar == "وزير الدفاع الصربي السابق").expect("a former minister");
        assert_eq!((former.kind, former.affiliation.as_deref()), (ActorType::Person, Some("serbia")), "{p:?}");
        let source = out.actors.iter().find(|a| a.ar == "مصدر دبلوماسي صربي").expect("a source");
        assert_eq!(source.affiliation.as_deref(), Some("serbia"));
        let (out, _) = run("قال دبلوماسي في الأمم المتحدة إن التصويت تأجل.");
        let d = out.actors.iter().find(|a| a.kind == ActorType::Person).expect("a diplomat");
        assert_eq!((d.ar.as_str(), d.affiliation.as_deref()), ("دبلوماسي في الأمم المتحدة", Some("united_nations")));
    }

    #[test]
    fn the_office_of_a_title_is_a_body() {
        let (out, p) = run("وذكر مكتب المدعي العام في صربيا أن التحقيق بدأ. وقال مكتب المدعي العام إنه سيعلن النتائج.");
        let offices: Vec<&ActorDef> = out.actors.iter().filter(|a| a.kind == ActorType::Organization).collect();
        assert_eq!(offices.len(), 1, "one office, named twice: {p:?}");
        assert_eq!(offices[0].affiliation.as_deref(), Some("serbia"));
        assert_eq!(p.iter().filter(|(_, id)| *id == offices[0].id).count(), 2, "{p:?}");
    }

    #[test]
    fn a_definite_official_refers_back_and_family_names_keep_their_article() {
        let (_, p) = run("وقال الرئيس الصربي ألكسندر فوتشيتش إن الهدنة صامدة. وأضاف المسؤول الصربي أن الجيش لن ينسحب.");
        let id = romanize_id("ألكسندر فوتشيتش");
        assert!(has(&p, "المسؤول الصربي", &id), "{p:?}");
        let (_, p) = run("وقال السفير العراقي كريم الراوي إن السفارة مفتوحة.");
        assert!(has(&p, "كريم الراوي", "krym_alrawy"), "{p:?}");
    }

    #[test]
    fn institutions_the_text_names_belong_to_their_complement() {
        let (out, p) = run("ووصلت بعثة موسعة للاتحاد الأوروبي إلى الحدود. وشكلت لجنة تابعة للأمم المتحدة.");
        let mission = out.actors.iter().find(|a| a.ar == "بعثة موسعة للاتحاد الأوروبي").expect("a mission");
        assert_eq!(
            (mission.kind, mission.affiliation.as_deref()),
            (ActorType::InternationalOrganization, Some("european_union"))
        );
        assert!(has(&p, "للاتحاد الأوروبي", "european_union"), "the complement stays a mention: {p:?}");
        assert!(out.actors.iter().any(|a| a.ar == "لجنة تابعة للأمم المتحدة"), "{p:?}");
        // Without a complement, no institution.
        let (out, _) = run("وشكلت لجنة للتحقيق في الحادث.");
        assert!(out.actors.is_empty());
    }

    #[test]
    fn an_unknown_name_after_a_verb_of_saying_is_a_person() {
        let (_, p) = run("وقال تيغران ميناسيان، وهو خبير عسكري، إن الجيش يستعد. وقال زاده: الحدود آمنة.");
        assert!(has(&p, "تيغران ميناسيان", &romanize_id("تيغران ميناسيان")), "{p:?}");
        assert!(has(&p, "زاده", "zadh"), "{p:?}");
        // An object after a verb that is not of plain saying is no name.
        let (out, _) = run("ورفض إعطاء تفاصيل: الأمر سري.");
        assert!(out.actors.is_empty());
    }

    #[test]
    fn an_outlet_named_in_quotes_after_its_kind_is_media() {
        let (out, p) = run("وقالت وكالة «سرب نيوز» الصربية إن الحدود مغلقة.");
        let media = out.actors.iter().find(|a| a.kind == ActorType::MediaOutlet).expect("an outlet");
        assert_eq!((media.ar.as_str(), media.affiliation.as_deref()), ("سرب نيوز", Some("serbia")), "{p:?}");
    }

    #[test]
    fn a_counterpart_refers_back_and_dual_sources_keep_their_nisba() {
        let (_, p) =
            run("والتقى وزير الخارجية الصربي بنظيره الكرواتي غوران رادمان. وتلقى اتصالا من نظيره الكرواتي لبحث الأزمة.");
        let id = romanize_id("غوران رادمان");
        assert_eq!(p.iter().filter(|(_, i)| *i == id).count(), 2, "the second counterpart is the first: {p:?}");
        let (out, _) = run("وقال مصدران صربيان مطلعان إن الاجتماع تأجل.");
        let s = out.actors.iter().find(|a| a.kind == ActorType::Person).expect("the sources");
        assert_eq!((s.ar.as_str(), s.affiliation.as_deref()), ("مصدران صربيان مطلعان", Some("serbia")));
    }

    #[test]
    fn a_long_name_of_a_force_has_a_short_form() {
        let (_, p) = run("اتهم الجيش قوات الدعم السريع بقصف المدينة. وقالت قوات الدعم في بيان إنها ترد.");
        assert_eq!(p.iter().filter(|(_, id)| id == "rapid_support_forces").count(), 2, "{p:?}");
    }
}
