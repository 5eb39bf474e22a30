//! Synthetic corpora for benchmarks and scale tests: any number of distinct,
//! realistic Arabic articles made deterministically from a few real ones.
//!
//! Each article recombines sentences of the source articles (8 to 20 of
//! them, in paragraphs) and swaps the states they name for others of the
//! gazetteer, by name, capital and nisba, so that every text differs, its
//! content hash differs, and extraction does the work it does on real news:
//! the same grammar, other actors. The same `(sources, n, seed)` always gives
//! the same articles, byte for byte.

use crate::corpus::{Article, Metadata};
use crate::lexicon::{Lexicon, StateEntry};
use crate::text::split_line;

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// One state's words that a swap replaces, longest first.
#[derive(Debug, Clone)]
struct StateWords {
    names: Vec<String>,
    capitals: Vec<String>,
    nisba_m: Vec<String>,
    nisba_f: Vec<String>,
    nisba_pl: Vec<String>,
}

impl StateWords {
    fn of(s: &StateEntry) -> Self {
        StateWords {
            names: s.ar.clone(),
            capitals: s.capital_ar.clone(),
            nisba_m: s.nisba_m.clone(),
            nisba_f: s.nisba_f.clone(),
            nisba_pl: s.nisba_pl.clone(),
        }
    }

    fn complete(&self) -> bool {
        [&self.names, &self.capitals, &self.nisba_m, &self.nisba_f, &self.nisba_pl].iter().all(|v| !v.is_empty())
    }
}

/// Makes synthetic articles.
#[derive(Debug, Clone)]
pub struct Synth {
    sentences: Vec<String>,
    /// States named in the sources, with their words.
    named: Vec<StateWords>,
    /// Every state that can stand in for them.
    pool: Vec<StateWords>,
    seed: u64,
}

impl Synth {
    /// A generator over the sentences of `sources`, swapping states of `lex`.
    pub fn new(sources: &[Article], lex: &Lexicon, seed: u64) -> Self {
        let mut sentences = Vec::new();
        for a in sources {
            let mut byte = 0;
            let mut cp = 0;
            for line in a.text.split_inclusive('\n') {
                let end = byte + line.trim_end_matches(['\n', '\r']).len();
                for s in split_line(&a.text, byte, end, cp) {
                    let t = &a.text[s.start_byte..s.end_byte];
                    // Whole sentences only: with a verb's worth of words.
                    if t.split_whitespace().count() >= 6 {
                        sentences.push(t.to_string());
                    }
                }
                cp += line.chars().count();
                byte += line.len();
            }
        }
        let pool: Vec<StateWords> = lex.states.values().map(StateWords::of).filter(StateWords::complete).collect();
        let named: Vec<StateWords> = lex
            .states
            .values()
            .map(StateWords::of)
            .filter(|w| w.complete() && sources.iter().any(|a| w.names.iter().any(|n| a.text.contains(n.as_str()))))
            .collect();
        Synth { sentences, named, pool, seed }
    }

    /// Sentences available for recombination.
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Article number `i`: its file name, text and metadata.
    pub fn article(&self, i: u64) -> Article {
        let mut rng = Rng::new(self.seed ^ i.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        // Who stands for whom in this article.
        let mut swaps: Vec<(&StateWords, &StateWords)> = Vec::new();
        for from in &self.named {
            if rng.below(3) > 0 && !self.pool.is_empty() {
                swaps.push((from, &self.pool[rng.below(self.pool.len())]));
            }
        }
        let n = 8 + rng.below(13);
        let mut text = String::new();
        for k in 0..n.min(self.sentences.len().max(1)) {
            if self.sentences.is_empty() {
                break;
            }
            let s = &self.sentences[rng.below(self.sentences.len())];
            text.push_str(&swap(s, &swaps));
            // Paragraphs of one to three sentences.
            text.push_str(if k + 1 == n {
                "\n"
            } else if rng.below(3) == 0 {
                " "
            } else {
                "\n\n"
            });
        }
        // Keep every article distinct even when the draw repeats itself.
        text.push_str(&format!("\n(الرقم المرجعي {i})\n"));
        let day = rng.below(5 * 365);
        let meta = Metadata { published: Some(date_after_2020(day)), ..Default::default() };
        Article::new(format!("{i:07}.txt"), text, meta)
    }
}

/// Replaces each swapped state's words, name for name, nisba for nisba.
fn swap(sentence: &str, swaps: &[(&StateWords, &StateWords)]) -> String {
    // Placeholders first, so that a swap does not undo another.
    let mut out = sentence.to_string();
    let mut fills: Vec<String> = Vec::new();
    for (k, (from, to)) in swaps.iter().enumerate() {
        let groups = [
            (&from.nisba_pl, &to.nisba_pl),
            (&from.nisba_f, &to.nisba_f),
            (&from.nisba_m, &to.nisba_m),
            (&from.capitals, &to.capitals),
            (&from.names, &to.names),
        ];
        for (g, (words, repl)) in groups.iter().enumerate() {
            let mut words: Vec<&String> = words.iter().collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            for w in words {
                if out.contains(w.as_str()) {
                    let mark = format!("\u{E000}{k}.{g}\u{E001}");
                    out = out.replace(w.as_str(), &mark);
                    fills.push(repl[0].clone());
                    fills.push(mark);
                }
            }
        }
    }
    for pair in fills.chunks(2).rev() {
        out = out.replace(&pair[1], &pair[0]);
    }
    out
}

/// `YYYY-MM-DD`, `days` after 2020-01-01.
fn date_after_2020(days: usize) -> String {
    let (mut y, mut d) = (2020, days);
    loop {
        let len = if y % 4 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [31, if y % 4 == 0 { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y}-{:02}-{:02}", m + 1, d + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ReadOptions, read_corpus};

    fn synth() -> Synth {
        let seeds = read_corpus(&[concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")], ReadOptions::default()).unwrap();
        Synth::new(&seeds.articles, &Lexicon::defaults().unwrap(), 7)
    }

    #[test]
    fn articles_are_distinct_deterministic_and_dated() {
        let s = synth();
        assert!(s.sentence_count() > 100);
        let a: Vec<Article> = (0..200).map(|i| s.article(i)).collect();
        let b: Vec<Article> = (0..200).map(|i| s.article(i)).collect();
        assert_eq!(a, b);
        let hashes: std::collections::BTreeSet<&str> = a.iter().map(|x| x.hash.as_str()).collect();
        assert_eq!(hashes.len(), 200);
        assert!(a.iter().all(|x| x.meta.published.as_deref().is_some_and(crate::corpus::valid_date)));
        assert!(a.iter().all(|x| !x.text.contains('\u{E000}')));
    }

    #[test]
    fn states_are_swapped_for_others() {
        let s = synth();
        let texts: String = (0..50).map(|i| s.article(i).text).collect();
        let others = ["البرازيل", "كندا", "الهند", "اليابان", "نيجيريا", "المكسيك", "إندونيسيا", "تشيلي"];
        assert!(texts.contains("أرمينيا") && others.iter().any(|o| texts.contains(o)));
    }

    #[test]
    fn dates_count_from_2020() {
        assert_eq!(date_after_2020(0), "2020-01-01");
        assert_eq!(date_after_2020(59), "2020-02-29");
        assert_eq!(date_after_2020(366), "2021-01-01");
    }
}
