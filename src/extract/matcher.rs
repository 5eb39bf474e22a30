//! A word-level trie over token analyses: leftmost-longest, clitic-aware
//! matching of lexicon phrases.
//!
//! A character automaton cannot say that "وزارة" is one word while "وبأذربيجان"
//! is و + ب + أذربيجان: every Arabic word admits several clitic readings
//! ([`crate::text::analyses`]). The trie walks all readings of each token at
//! once, allows proclitics (و ف ب ل ك) on a phrase's first word only, and
//! honours the definite article where a phrase writes it ("الجزيرة", Al
//! Jazeera, does not match "جزيرة", an island).

use rustc_hash::FxHashMap as HashMap;

use crate::text::{Analysis, Token, TokenKind, tokenize};

/// One word of a compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternWord {
    /// Folded stem.
    pub stem: String,
    /// The phrase writes the article here, so the text must have it.
    pub article: bool,
}

/// Compiles a written phrase into pattern words.
///
/// ```
/// let p = isnad::extract::compile_phrase("الجيش الأذربيجاني");
/// assert_eq!(p[0].stem, "جيش");
/// assert!(p[0].article);
/// assert_eq!(p[1].stem, "اذربيجاني");
/// ```
pub fn compile_phrase(phrase: &str) -> Vec<PatternWord> {
    tokenize(phrase, 0, phrase.len(), 0)
        .into_iter()
        .map(|t| {
            let raw = &phrase[t.start_byte..t.end_byte];
            if t.kind == TokenKind::Word && raw.starts_with("ال") && t.key.chars().count() > 3 {
                PatternWord { stem: t.key["ال".len()..].to_string(), article: true }
            } else {
                PatternWord { stem: t.key, article: false }
            }
        })
        .collect()
}

/// A bit filter over words: a few kilobytes, in cache, that say a word is
/// surely not in a set before its map is touched. Nearly every token of an
/// article is looked up in the lexicons' maps, and nearly none is there.
#[derive(Debug, Clone)]
pub struct BitFilter {
    bits: Vec<u64>,
}

impl BitFilter {
    /// A filter for about `n` words (at least 1,024 bits, 16 a word).
    pub fn with_capacity(n: usize) -> Self {
        BitFilter { bits: vec![0; (n * 16).next_power_of_two().max(1024) / 64] }
    }

    /// The two bits of a word.
    fn slots(&self, key: &str) -> [usize; 2] {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(key.as_bytes());
        // Fx leaves the low bits weak: fold the high half in.
        let x = h.finish();
        let x = x ^ (x >> 29) ^ (x >> 47);
        let n = self.bits.len() * 64;
        [(x as usize) & (n - 1), ((x >> 32) as usize) & (n - 1)]
    }

    pub fn insert(&mut self, key: &str) {
        for b in self.slots(key) {
            self.bits[b / 64] |= 1 << (b % 64);
        }
    }

    /// False when the word is surely not in the set.
    #[inline]
    pub fn may_hold(&self, key: &str) -> bool {
        self.slots(key).iter().all(|&b| self.bits[b / 64] & (1 << (b % 64)) != 0)
    }
}

#[derive(Debug, Default)]
struct Node {
    children: HashMap<Box<str>, [Option<u32>; 2]>,
    terminals: Vec<u32>,
}

/// A phrase found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Payload id given to [`Trie::insert`].
    pub payload: u32,
    /// Folded characters of proclitics on the first token that are not part
    /// of the phrase's span (و ف ب ل ك; the article stays in the span, and
    /// so does ل before an elided article: "للحكومة").
    pub skip_chars: usize,
}

/// Trie of phrases with payloads and priorities.
#[derive(Debug)]
pub struct Trie {
    nodes: Vec<Node>,
    priority: Vec<u8>,
    /// The first words of the phrases: most tokens start none.
    firsts: BitFilter,
}

impl Default for Trie {
    fn default() -> Self {
        Trie { nodes: vec![Node::default()], priority: Vec::new(), firsts: BitFilter::with_capacity(1 << 14) }
    }
}

impl Trie {
    /// Adds a phrase; a payload is an id of the caller's choosing, and
    /// `priority` breaks ties between phrases of equal length (higher wins).
    pub fn insert(&mut self, words: &[PatternWord], payload: u32, priority: u8) {
        if words.is_empty() {
            return;
        }
        self.firsts.insert(&words[0].stem);
        let mut node = 0usize;
        for w in words {
            let slot = usize::from(w.article);
            let next = self.nodes[node].children.get(w.stem.as_str()).and_then(|c| c[slot]);
            node = match next {
                Some(n) => n as usize,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[node].children.entry(w.stem.clone().into_boxed_str()).or_insert([None, None])[slot] =
                        Some(n as u32);
                    n
                }
            };
        }
        if self.priority.len() <= payload as usize {
            self.priority.resize(payload as usize + 1, 0);
        }
        self.priority[payload as usize] = priority;
        if !self.nodes[node].terminals.contains(&payload) {
            self.nodes[node].terminals.push(payload);
        }
    }

    /// Number of nodes (for statistics).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() == 1
    }

    /// The longest phrase starting at token `i`, if any.
    pub fn longest_at(&self, toks: &[Token], i: usize) -> Option<Found> {
        let mut best: Option<(usize, u8, usize, Found)> = None;
        if i >= toks.len() {
            return None;
        }
        for a in toks[i].readings() {
            let skip = a.span_skip();
            self.walk(toks, i, i, 0, a, skip, &mut best);
        }
        best.map(|b| b.3)
    }

    #[allow(clippy::too_many_arguments)]
    fn walk<'t>(
        &self,
        toks: &'t [Token],
        start: usize,
        j: usize,
        node: usize,
        a: Analysis<'t>,
        skip: usize,
        best: &mut Option<(usize, u8, usize, Found)>,
    ) {
        if node == 0 && !self.firsts.may_hold(a.stem) {
            return;
        }
        let Some(children) = self.nodes[node].children.get(a.stem) else {
            return;
        };
        let slots: &[usize] = if a.article_chars > 0 { &[1, 0] } else { &[0] };
        for &slot in slots {
            let Some(child) = children[slot] else {
                continue;
            };
            let child = child as usize;
            let len = j + 1 - start;
            for &p in &self.nodes[child].terminals {
                let prio = self.priority[p as usize];
                let better = match best {
                    None => true,
                    Some((bl, bp, bs, _)) => (len, prio, std::cmp::Reverse(skip)) > (*bl, *bp, std::cmp::Reverse(*bs)),
                };
                if better {
                    *best = Some((len, prio, skip, Found { start, end: j + 1, payload: p, skip_chars: skip }));
                }
            }
            if j + 1 < toks.len() && !self.nodes[child].children.is_empty() {
                for next in toks[j + 1].readings() {
                    if next.particle_chars == 0 {
                        self.walk(toks, start, j + 1, child, next, skip, best);
                    }
                }
            }
        }
    }

    /// Leftmost-longest, non-overlapping phrases of a sentence.
    pub fn find_all(&self, toks: &[Token]) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match self.longest_at(toks, i) {
                Some(f) => {
                    i = f.end;
                    out.push(f);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The payload of the phrase covering all of `text`, if one does.
pub fn matches_whole(trie: &Trie, text: &str) -> Option<u32> {
    let toks = tokenize(text, 0, text.len(), 0);
    trie.longest_at(&toks, 0).filter(|f| f.end == toks.len()).map(|f| f.payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(phrases: &[(&str, u8)]) -> Trie {
        let mut t = Trie::default();
        for (i, (p, prio)) in phrases.iter().enumerate() {
            t.insert(&compile_phrase(p), i as u32, *prio);
        }
        t
    }

    fn found(t: &Trie, text: &str) -> Vec<(String, u32)> {
        let toks = tokenize(text, 0, text.len(), 0);
        let chars: Vec<char> = text.chars().collect();
        t.find_all(&toks)
            .into_iter()
            .map(|f| {
                let s = toks[f.start].start + crate::text::skip_to_offset(text, &toks[f.start], f.skip_chars);
                (chars[s..toks[f.end - 1].end].iter().collect(), f.payload)
            })
            .collect()
    }

    #[test]
    fn leftmost_longest_wins() {
        let t = trie(&[("الولايات", 1), ("الولايات المتحدة", 1)]);
        assert_eq!(found(&t, "دعم الولايات المتحدة لأرمينيا"), [("الولايات المتحدة".into(), 1)]);
    }

    #[test]
    fn clitics_on_the_first_word_stay_out_of_the_span() {
        let t = trie(&[("أذربيجان", 1), ("الحكومة الأرمينية", 1)]);
        assert_eq!(found(&t, "بأذربيجان"), [("أذربيجان".into(), 0)]);
        // ل before an elided article stays: the gold convention "للحكومة".
        assert_eq!(found(&t, "للحكومة الأرمينية"), [("للحكومة الأرمينية".into(), 1)]);
        assert_eq!(found(&t, "وللحكومة الأرمينية"), [("للحكومة الأرمينية".into(), 1)]);
    }

    #[test]
    fn a_written_article_is_required() {
        let t = trie(&[("الجزيرة", 1)]);
        assert_eq!(found(&t, "لقناة الجزيرة"), [("الجزيرة".into(), 0)]);
        assert!(found(&t, "جزيرة نائية").is_empty());
    }

    #[test]
    fn an_unwritten_article_is_optional() {
        let t = trie(&[("وزارة الدفاع أذربيجانية", 1)]);
        assert_eq!(found(&t, "قالت وزارة الدفاع الأذربيجانية")[0].0, "وزارة الدفاع الأذربيجانية");
    }

    #[test]
    fn priority_breaks_ties() {
        let t = trie(&[("بروكسل", 1), ("بروكسل", 3)]);
        assert_eq!(found(&t, "بروكسل")[0].1, 1);
    }

    #[test]
    fn words_starting_like_clitics_match_whole() {
        // وزارة starts with و, باكو with ب, لندن with ل, فرنسا with ف.
        let t = trie(&[("باكو", 1), ("فرنسا", 1), ("لندن", 1)]);
        let got: Vec<String> = found(&t, "وباكو وفرنسا ولندن").into_iter().map(|x| x.0).collect();
        assert_eq!(got, ["باكو", "فرنسا", "لندن"]);
    }
}
