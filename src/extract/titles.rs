//! Titles read by the grammar of `titles.tsv`:
//! `[modifier] head [portfolio] [complement]`, qualifiers between the parts.
//!
//! "وزير الخارجية الإيراني" is a head (وزير), a portfolio (الخارجية) and a
//! nisba complement; "مساعد رئيس أذربيجان" a modifier (مساعد) over a head
//! (رئيس) with a state in construct; "المتحدث الصحفي باسم الرئاسة الروسية" a
//! head, a qualifier (الصحفي), a portfolio (باسم) and an actor complement;
//! "دبلوماسي في الأمم المتحدة" an anonymous source with a complement after a
//! preposition. The complement names whose title it is; with the head and
//! portfolio it decides the office (`office-holders.tsv`) the title stands
//! for.

use super::gazetteer::{Gazetteer, Payload};
use crate::lexicon::{ActorType, TitleKind, WordClass};
use crate::text::Token;

/// The actor a title belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complement {
    /// The actor (gazetteer index).
    pub actor: u32,
    /// First token.
    pub from: usize,
    /// One past its last token.
    pub to: usize,
    /// Proclitic characters on its first token outside the span.
    pub skip_chars: usize,
    /// The complement is a nisba adjective.
    pub nisba: bool,
}

/// A title found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleMatch {
    /// First token.
    pub start: usize,
    /// Proclitic characters on the first token outside the span.
    pub skip_chars: usize,
    /// One past the head, portfolio and qualifiers: phrases starting inside
    /// belong to the title ("وزير الخارجية الأمريكي" is no ministry).
    pub core_end: usize,
    /// One past the whole title, complement included.
    pub end: usize,
    /// The row of the head (not of the modifier).
    pub row: u32,
    /// English role, a modifier's applied.
    pub role: String,
    /// Whose title it is.
    pub complement: Option<Complement>,
    /// A modifier stands before the head: the title is not the head's office.
    pub modified: bool,
    /// A qualifier says the title is no longer held (السابق).
    pub former: bool,
    /// What the head's row makes.
    pub kind: TitleKind,
    /// The head has the article ("المسؤول الأرمني"): a person named before.
    pub definite: bool,
}

/// Prepositions that introduce a title's complement; an anonymous source
/// takes only those of belonging ("مسؤول في حماس"، "دبلوماسي لدى الأمم
/// المتحدة"), not "مسؤولة عن" (responsible for).
fn is_connector(key: &str, kind: TitleKind) -> bool {
    match kind {
        TitleKind::Source | TitleKind::Institution => matches!(key, "لدي" | "في" | "داخل"),
        _ => matches!(key, "لدي" | "في" | "الي" | "عن" | "من" | "باسم" | "داخل"),
    }
}

/// Whether a token is a finite reporting verb, a conjunction allowed
/// before it ("ويقول").
pub(crate) fn is_reporting_verb(gaz: &Gazetteer, t: &Token) -> bool {
    let key = t.key.strip_prefix(['و', 'ف']).filter(|k| k.chars().count() > 2).unwrap_or(&t.key);
    [t.key.as_str(), key].iter().any(|k| gaz.verbs.get(k).is_some_and(|v| v.kind == crate::lexicon::VerbKind::Verb))
}

/// Every title of a sentence, leftmost first, not overlapping. `starts[i]`
/// tells whether a gazetteer phrase starts at token `i`: a title never starts
/// where one does ("مسؤولون أمريكيون" is the government of a template).
pub fn find_titles(gaz: &Gazetteer, toks: &[Token], starts: &[bool]) -> Vec<TitleMatch> {
    let mut out: Vec<TitleMatch> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // "ويقول خبراء ودبلوماسيون": a source joined to a source that speaks.
        let joined =
            out.last().is_some_and(|m| m.end == i && m.kind == TitleKind::Source) && toks[i].key.starts_with('و');
        if !starts.get(i).copied().unwrap_or(false)
            && let Some(m) = title_at(gaz, toks, i, true, joined)
        {
            i = m.end.max(i + 1);
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

/// A qualifier's class, read without clitics: "ودبلوماسيون" joins another
/// title, it does not qualify this one.
fn word_class(gaz: &Gazetteer, t: &Token) -> Option<WordClass> {
    gaz.words.get(t.key.as_str()).copied()
}

/// Skips qualifiers from `k`; tells whether one said "former".
fn skip_qualifiers(gaz: &Gazetteer, toks: &[Token], mut k: usize, former: &mut bool) -> usize {
    while let Some(t) = toks.get(k) {
        match word_class(gaz, t) {
            Some(WordClass::Qualifier) => {}
            Some(WordClass::Former) => *former = true,
            _ => break,
        }
        k += 1;
    }
    k
}

/// Whether the words of `portfolio` stand at `k`.
fn portfolio_at(toks: &[Token], k: usize, portfolio: &[String]) -> bool {
    portfolio.iter().enumerate().all(|(n, w)| toks.get(k + n).is_some_and(|t| t.key == *w))
}

/// The actor a title's complement names at `k`: a nisba, a state, a body or
/// an organisation, in construct or after ل/ب, or after a preposition.
fn complement_at(gaz: &Gazetteer, toks: &[Token], k: usize, kind: TitleKind) -> Option<Complement> {
    let at = |k: usize| -> Option<Complement> {
        let f = gaz.actor_trie.longest_at(toks, k)?;
        let Payload::Actor { actor, nisba, .. } = gaz.payloads[f.payload as usize] else {
            return None;
        };
        let kind = gaz.actors[actor as usize].kind;
        if matches!(kind, ActorType::Place | ActorType::Person | ActorType::Group) {
            return None;
        }
        // "والرئيس": a conjunction starts another phrase, not a complement.
        let first = &toks[f.start].key;
        if f.skip_chars > 0 && (first.starts_with('و') || first.starts_with('ف')) {
            return None;
        }
        Some(Complement { actor, from: f.start, to: f.end, skip_chars: f.skip_chars, nisba })
    };
    at(k).or_else(|| toks.get(k).filter(|t| is_connector(&t.key, kind)).and_then(|_| at(k + 1)))
}

/// The longest title starting at token `i`; a modifier is read only when
/// `modifiers` allows it (one modifier per title).
fn title_at(gaz: &Gazetteer, toks: &[Token], i: usize, modifiers: bool, joined: bool) -> Option<TitleMatch> {
    let head = gaz.title_trie.longest_at(toks, i)?;
    let Payload::Title { title: h, .. } = gaz.payloads[head.payload as usize] else {
        return None;
    };
    let rows = &gaz.title_heads[h as usize];
    let mut best: Option<TitleMatch> = None;
    let mut consider = |m: TitleMatch| {
        let better = best.as_ref().is_none_or(|b| (m.end, m.core_end) > (b.end, b.core_end));
        if better {
            best = Some(m);
        }
    };
    for &row in rows {
        let def = &gaz.titles[row as usize];
        let mut former = false;
        if def.kind == TitleKind::Modifier {
            if !modifiers {
                continue;
            }
            // "مساعد وزير الخارجية"، "مستشار للرئيس الأذربيجاني": a title after it.
            let Some(inner) = title_at(gaz, toks, head.end, false, false).filter(|m| m.kind == TitleKind::Office)
            else {
                continue;
            };
            consider(TitleMatch {
                start: i,
                skip_chars: head.skip_chars,
                role: def.role.replace("{role}", &inner.role),
                modified: true,
                ..inner
            });
            continue;
        }
        let mut k = skip_qualifiers(gaz, toks, head.end, &mut former);
        let qualified = k > head.end;
        if !def.portfolios.is_empty() {
            let Some(p) = def.portfolios.iter().filter(|p| portfolio_at(toks, k, p)).map(Vec::len).max() else {
                continue;
            };
            k = skip_qualifiers(gaz, toks, k + p, &mut former);
        }
        let core_end = k;
        // The portfolio may itself open the complement ("باسم الرئاسة
        // الروسية": the presidency), or the complement follows it.
        let complement = complement_at(gaz, toks, k, def.kind);
        let end = match complement {
            Some(c) => skip_qualifiers(gaz, toks, c.to, &mut former),
            None => core_end,
        };
        // An anonymous source is an indefinite noun ("مصدر مطلع"، "دبلوماسيون")
        // that says whose it is, or what kind, or speaks ("ويقول خبراء");
        // "الدبلوماسية" or "مصدر هذه القذائف" is none.
        // An institution says whose it is ("بعثة للاتحاد الأوروبي").
        if def.kind == TitleKind::Institution && complement.is_none() {
            continue;
        }
        // "مصدران فلسطينيان": a nisba in the nominative dual (left out of the
        // gazetteer, where it would read Armenian family names) completes a
        // source.
        let complement = complement.or_else(|| {
            let t = toks.get(k)?;
            let stem = t.key.strip_suffix("ان")?;
            let p = super::matcher::matches_whole(&gaz.actor_trie, stem)?;
            match gaz.payloads[p as usize] {
                Payload::Actor { actor, nisba: true, .. } if def.kind == TitleKind::Source => {
                    Some(Complement { actor, from: k, to: k + 1, skip_chars: 0, nisba: true })
                }
                _ => None,
            }
        });
        let end = match complement {
            Some(c) => skip_qualifiers(gaz, toks, c.to, &mut former),
            None => end,
        };
        // "المسؤول الأرمني" with its complement is a person named before.
        let first: String = toks[i].key.chars().skip(head.skip_chars).collect();
        let definite = first.starts_with("ال");
        if def.kind == TitleKind::Source {
            let speaks = joined
                || i > 0
                    && (is_reporting_verb(gaz, &toks[i - 1])
                        || gaz.word_class(&toks[i - 1].key) == Some(WordClass::Attribution)
                        || head.skip_chars > 0 && gaz.word_class(&toks[i - 1].key) == Some(WordClass::Attribution));
            let attributed = i > 0 && gaz.word_class(&toks[i - 1].key) == Some(WordClass::Attribution);
            if definite && complement.is_none() || !(complement.is_some() || qualified || speaks || attributed) {
                continue;
            }
        }
        consider(TitleMatch {
            start: i,
            skip_chars: head.skip_chars,
            core_end,
            end,
            row,
            role: def.role.clone(),
            complement,
            modified: false,
            former,
            kind: def.kind,
            definite,
        });
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::text::{Document, JunkRules};

    fn titles(text: &str) -> Vec<(String, String, Option<String>, bool)> {
        let gaz = Gazetteer::new(&Lexicon::defaults().unwrap());
        let doc = Document::new(text, &JunkRules::default());
        let toks = &doc.sentences[0].tokens;
        let starts = vec![false; toks.len()];
        find_titles(&gaz, toks, &starts)
            .into_iter()
            .map(|m| {
                let words = doc.slice(toks[m.start].start_byte, toks[m.end - 1].end_byte).to_string();
                let of = m.complement.map(|c| gaz.actors[c.actor as usize].id.clone());
                (words, m.role, of, m.former)
            })
            .collect()
    }

    #[test]
    fn head_portfolio_and_nisba() {
        let t = titles("وصل وزير الخارجية الإيراني إلى موسكو.");
        assert_eq!(t[0].0, "وزير الخارجية الإيراني");
        assert_eq!((t[0].1.as_str(), t[0].2.as_deref()), ("Foreign Minister", Some("iran")));
    }

    #[test]
    fn a_state_in_construct_and_a_modifier() {
        let t = titles("وقال مساعد رئيس أذربيجان إن الهدنة صامدة.");
        assert_eq!(t[0].0, "مساعد رئيس أذربيجان");
        assert_eq!((t[0].1.as_str(), t[0].2.as_deref()), ("Assistant to the President", Some("azerbaijan")));
        let t = titles("وقال نائب وزير خارجية روسيا للصحفيين.");
        assert_eq!((t[0].0.as_str(), t[0].2.as_deref()), ("نائب وزير خارجية روسيا", Some("russia")));
    }

    #[test]
    fn qualifiers_and_an_actor_after_a_preposition() {
        let t = titles("أكد المتحدث الصحفي باسم الكرملين أن الاجتماع انتهى.");
        assert_eq!((t[0].0.as_str(), t[0].2.as_deref()), ("المتحدث الصحفي باسم الكرملين", Some("kremlin")));
        let t = titles("قال دبلوماسي رفيع في الأمم المتحدة إن المشروع جاهز.");
        assert_eq!((t[0].0.as_str(), t[0].2.as_deref()), ("دبلوماسي رفيع في الأمم المتحدة", Some("united_nations")));
        // Not a source: an adjective, a definite noun, a noun with an object.
        assert!(titles("إن الجهود الدبلوماسية مستمرة.").is_empty());
        assert!(titles("وأكدت أن موسكو مسؤولة عن الهجوم.").is_empty());
        assert!(titles("لم يعرف مصدر هذه القذائف.").is_empty());
        let t = titles("ويقول خبراء إن الوضع خطير.");
        assert_eq!(t[0].0, "خبراء", "a bare source that speaks");
        // A title at the end of a sentence looks for its complement past it.
        assert_eq!(titles("التقى المستشار")[0].0, "المستشار");
        let t = titles("التقى وزير الدفاع الأرميني السابق بالصحفيين.");
        assert!(t[0].3, "السابق: a former holder");
    }
}
