//! Tokens in matching form, each tied to its code-point span in the original
//! text, and the clitic analyses Arabic words admit.
//!
//! A token is a run of letters and digits (after folding) or a single
//! punctuation mark. Diacritics and tatweel inside a word do not break it,
//! and marks that trail a word belong to its span, so that a span cut back out
//! of the original text reads whole ("حصاراً", not "حصارا").

use super::normalize::{fold_char, is_arabic_mark, is_invisible, is_word_char};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and perhaps digits).
    Word,
    /// Digits only.
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// One token: its folded key and its span in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Folded form ([`super::fold`]).
    pub key: String,
    /// Start, in code points of the original text.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Start, in bytes of the original text.
    pub start_byte: usize,
    /// End (exclusive), in bytes.
    pub end_byte: usize,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// The ways to split clitics off the word, found once when it is read.
    pub clitics: Clitics,
}

impl Token {
    /// True when the token is a word or number.
    pub fn is_word(&self) -> bool {
        self.kind != TokenKind::Punct
    }

    /// Every reading of the token as proclitics + stem, the bare word
    /// first (see [`analyses`]).
    pub fn readings(&self) -> Readings<'_> {
        Readings { word: &self.key, clitics: self.clitics, next: 0 }
    }
}

/// `c.is_numeric()`, likewise.
#[inline]
fn is_digit(c: char) -> bool {
    match c {
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => false,
        c if c.is_ascii() => c.is_ascii_digit(),
        c => c.is_numeric(),
    }
}

/// Splits `text[byte_range]` into tokens. `cp_base` is the code-point offset of
/// the range's first byte within the whole text.
pub fn tokenize(text: &str, byte_start: usize, byte_end: usize, cp_base: usize) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut cur: Option<Token> = None;
    let mut cp = cp_base;
    for (off, c) in text[byte_start..byte_end].char_indices() {
        let b = byte_start + off;
        let b_end = b + c.len_utf8();
        if is_arabic_mark(c) || is_invisible(c) {
            // Part of the word around it, if any. A diacritic or tatweel
            // trailing a word belongs to its span; a zero-width or bidi
            // control does only once a letter follows it.
            if let Some(t) = cur.as_mut()
                && !is_control_mark(c)
            {
                t.end = cp + 1;
                t.end_byte = b_end;
            }
            cp += 1;
            continue;
        }
        // A ligature may fold to a whole phrase (ﷺ is four words).
        fold_char(c, &mut |f| {
            if is_word_char(f) {
                let t = cur.get_or_insert_with(|| Token {
                    key: String::with_capacity(24),
                    start: cp,
                    end: cp + 1,
                    start_byte: b,
                    end_byte: b_end,
                    kind: TokenKind::Number,
                    clitics: Clitics::default(),
                });
                t.key.push(f);
                t.end = cp + 1;
                t.end_byte = b_end;
                if !is_digit(f) {
                    t.kind = TokenKind::Word;
                }
            } else {
                if let Some(t) = cur.take() {
                    tokens.push(finish(t));
                }
                if !f.is_whitespace() {
                    tokens.push(Token {
                        key: f.to_string(),
                        start: cp,
                        end: cp + 1,
                        start_byte: b,
                        end_byte: b_end,
                        kind: TokenKind::Punct,
                        clitics: Clitics::default(),
                    });
                }
            }
        });
        cp += 1;
    }
    if let Some(t) = cur.take() {
        tokens.push(finish(t));
    }
    tokens
}

/// A word token, read for its clitics once its letters are all in.
fn finish(mut t: Token) -> Token {
    if t.kind == TokenKind::Word {
        t.clitics = Clitics::of(&t.key);
    }
    t
}

/// Invisible characters that are no part of a letter's shape: zero-width
/// and bidi controls, soft hyphen, byte-order mark (not tatweel).
fn is_control_mark(c: char) -> bool {
    is_invisible(c) && c != '\u{0640}'
}

/// One way to read a word as proclitics + stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis<'a> {
    /// Folded characters of the conjunction (و ف) and preposition (ب ل ك)
    /// before the stem.
    pub particle_chars: usize,
    /// Folded characters of the definite article: 2 (ال), 1 (elided after
    /// ل: لل), or 0.
    pub article_chars: usize,
    /// The stem that remains.
    pub stem: &'a str,
}

impl<'a> Analysis<'a> {
    /// The reading of a word as itself.
    pub fn bare(word: &'a str) -> Self {
        Analysis { particle_chars: 0, article_chars: 0, stem: word }
    }

    /// Folded characters to leave out of a mention's span: the particles,
    /// except a ل that stands before an elided article ("للحكومة" keeps its
    /// ل, as written).
    pub fn span_skip(&self) -> usize {
        if self.article_chars == 1 { self.particle_chars - 1 } else { self.particle_chars }
    }
}

/// The ways to read a word as proclitics + stem besides the word itself,
/// each as (particle, article) characters: the stem starts two bytes per
/// clitic letter in, every clitic letter (و ف ب ل ك ا) being two bytes in
/// UTF-8. A word has at most four (one per stem length).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clitics {
    n: u8,
    splits: [(u8, u8); 4],
}

impl Clitics {
    /// The splits of a folded word as `(و|ف)? (ب|ل|ك)? (ال)? stem`. Stems
    /// keep at least two letters; "لل" reads as ل + elided article.
    pub fn of(word: &str) -> Self {
        let mut out = Clitics::default();
        let mut add = |particles: usize, article: usize| {
            let skip = 2 * (particles + article);
            let stem = &word[skip..];
            let taken = out.splits[..usize::from(out.n)].iter().any(|&(p, a)| usize::from(p + a) * 2 == skip);
            if stem.chars().nth(1).is_some() && !taken && usize::from(out.n) < out.splits.len() {
                out.splits[usize::from(out.n)] = (particles as u8, article as u8);
                out.n += 1;
            }
        };
        let conj = if word.starts_with('و') || word.starts_with('ف') { 2 } else { 0 };
        for c_len in [0, conj] {
            let rest = &word[c_len..];
            let prep = if rest.starts_with('ب') || rest.starts_with('ل') || rest.starts_with('ك') { 2 } else { 0 };
            for p_len in [0, prep] {
                let after = &rest[p_len..];
                let particles = (c_len + p_len) / 2;
                if particles > 0 {
                    add(particles, 0);
                }
                if after.starts_with("ال") {
                    add(particles, 2);
                } else if p_len == 2 && rest.starts_with('ل') && after.starts_with('ل') {
                    // لل: the preposition ل before the article, whose alef is elided.
                    add(particles, 1);
                }
                if prep == 0 {
                    break;
                }
            }
            if conj == 0 {
                break;
            }
        }
        out
    }
}

/// The readings of a word, the bare word first: an iterator over its
/// [`Clitics`], allocating nothing.
#[derive(Debug, Clone)]
pub struct Readings<'w> {
    word: &'w str,
    clitics: Clitics,
    next: u8,
}

impl<'w> Iterator for Readings<'w> {
    type Item = Analysis<'w>;

    fn next(&mut self) -> Option<Analysis<'w>> {
        let k = usize::from(self.next);
        let a = if k == 0 {
            Analysis::bare(self.word)
        } else {
            let &(p, a) = self.clitics.splits[..usize::from(self.clitics.n)].get(k - 1)?;
            let (p, a) = (usize::from(p), usize::from(a));
            Analysis { particle_chars: p, article_chars: a, stem: &self.word[2 * (p + a)..] }
        };
        self.next += 1;
        Some(a)
    }
}

/// Every reading of a folded word as `(و|ف)? (ب|ل|ك)? (ال)? stem`, the bare
/// word first. Stems keep at least two letters; "لل" reads as ل + elided
/// article. A token has its readings already ([`Token::readings`]).
///
/// ```
/// use isnad::text::analyses;
/// let stems: Vec<&str> = analyses("وللحكومه").map(|a| a.stem).collect();
/// assert!(stems.contains(&"حكومه"));
/// ```
pub fn analyses(word: &str) -> Readings<'_> {
    Readings { word, clitics: Clitics::of(word), next: 0 }
}

/// The code-point offset, from the token's start, of its `folded`-th folded
/// character: where a span starts once proclitics are left out.
pub fn skip_to_offset(text: &str, token: &Token, folded: usize) -> usize {
    if folded == 0 {
        return 0;
    }
    let mut seen = 0usize;
    for (i, c) in text[token.start_byte..token.end_byte].chars().enumerate() {
        // The span starts at a letter, not at a control after the clitics.
        if seen >= folded && !is_control_mark(c) {
            return i;
        }
        let mut n = 0;
        fold_char(c, &mut |_| n += 1);
        seen += n;
    }
    token.end - token.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len(), 0).into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn clitics_glued_to_words_are_analysed() {
        // وقالت، فإن، بأذربيجان، لأرمينيا، والثلاثاء
        let stems = |w: &str| -> Vec<String> { analyses(&crate::text::fold(w)).map(|a| a.stem.to_string()).collect() };
        assert!(stems("وقالت").contains(&"قالت".to_string()));
        assert!(stems("فإن").contains(&"ان".to_string()));
        assert!(stems("بأذربيجان").contains(&"اذربيجان".to_string()));
        assert!(stems("لأرمينيا").contains(&"ارمينيا".to_string()));
        assert!(stems("والثلاثاء").contains(&"ثلاثاء".to_string()));
        assert!(stems("للحكومة").contains(&"حكومه".to_string()));
        // The bare word is always a reading: وزارة is not و + زارة only.
        assert_eq!(stems("وزارة")[0], "وزاره");
    }

    #[test]
    fn a_tokens_readings_are_found_once_and_in_order() {
        let split = |w: &str| -> Vec<(usize, usize, String)> {
            analyses(w).map(|a| (a.particle_chars, a.article_chars, a.stem.to_string())).collect()
        };
        assert_eq!(
            split("وبالحكومه"),
            [(0, 0, "وبالحكومه".into()), (1, 0, "بالحكومه".into()), (2, 0, "الحكومه".into()), (2, 2, "حكومه".into())]
        );
        // ل before an elided article; a stem of one letter is no reading.
        assert_eq!(split("للحكومه"), [(0, 0, "للحكومه".into()), (1, 0, "لحكومه".into()), (1, 1, "حكومه".into())]);
        assert_eq!(split("وب"), [(0, 0, "وب".into())]);
        // A token carries the same readings; punctuation and numbers only their own.
        let s = "وبالحكومة، 2020";
        let toks = tokenize(s, 0, s.len(), 0);
        let stems = |t: &Token| -> Vec<String> { t.readings().map(|a| a.stem.to_string()).collect() };
        assert_eq!(stems(&toks[0]), split("وبالحكومه").into_iter().map(|r| r.2).collect::<Vec<_>>());
        assert_eq!(stems(&toks[1]), ["،"]);
        assert_eq!(stems(&toks[2]), ["2020"]);
    }

    #[test]
    fn broken_quote_glued_with_tatweel_splits() {
        // بـ”استهداف (seed 003): preposition, tatweel, closing mark opening a quote.
        assert_eq!(keys("بـ”استهداف سيادة"), ["ب", "”", "استهداف", "سياده"]);
    }

    #[test]
    fn spans_are_code_points_of_the_original() {
        let s = "وقالت وزارة الدفاع الأذربيجانية، اليوم";
        let toks = tokenize(s, 0, s.len(), 0);
        let chars: Vec<char> = s.chars().collect();
        let cut = |t: &Token| chars[t.start..t.end].iter().collect::<String>();
        assert_eq!(cut(&toks[3]), "الأذربيجانية");
        assert_eq!(toks[4].key, "،");
        assert_eq!(&s[toks[3].start_byte..toks[3].end_byte], "الأذربيجانية");
    }

    #[test]
    fn a_ligature_folds_to_all_its_words() {
        // U+FDFA is "صلى الله عليه وسلم" in one character: four tokens, each
        // spanning that character.
        let s = "ﷺ تدفق";
        let toks = tokenize(s, 0, s.len(), 0);
        let keys: Vec<&str> = toks.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["صلي", "الله", "عليه", "وسلم", "تدفق"]);
        assert!(toks[..4].iter().all(|t| (t.start, t.end) == (0, 1)));
    }

    #[test]
    fn controls_around_a_word_stay_out_of_its_span() {
        let s = "و\u{202B}أذربيجان\u{202C} فرنسا\u{200E}، بو\u{200D}تين";
        let toks = tokenize(s, 0, s.len(), 0);
        let cut = |t: &Token| &s[t.start_byte..t.end_byte];
        assert_eq!(cut(&toks[0]), "و\u{202B}أذربيجان", "inside the word, up to its last letter");
        assert_eq!(cut(&toks[1]), "فرنسا");
        assert_eq!(cut(&toks[3]), "بو\u{200D}تين");
        // The clitic و and the control after it are left out of a mention.
        let skip = skip_to_offset(s, &toks[0], 1);
        assert_eq!(
            s.chars().skip(toks[0].start + skip).take(toks[0].end - toks[0].start - skip).collect::<String>(),
            "أذربيجان"
        );
    }

    #[test]
    fn trailing_marks_stay_in_the_span() {
        let s = "حصاراً على";
        let toks = tokenize(s, 0, s.len(), 0);
        assert_eq!(&s[toks[0].start_byte..toks[0].end_byte], "حصاراً");
        assert_eq!(toks[0].key, "حصارا");
    }
}
