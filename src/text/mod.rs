//! The Arabic text layer: junk removal, sentences, tokens, matching form.
//!
//! Second stage of the pipeline (`corpus → text → extract → rdf → store`).
//! It never changes the article text: everything it finds is a span of code
//! points (and bytes) into the text as read, so any tool can cut the exact
//! words back out.

mod junk;
mod normalize;
mod sentences;
mod tokens;

pub use junk::{JunkKind, JunkRules};
pub use normalize::{fold, fold_char, is_arabic_mark, is_invisible};
pub use sentences::{SentenceSpan, split_line};
pub use tokens::{Analysis, Clitics, Readings, Token, TokenKind, analyses, skip_to_offset, tokenize};

/// A sentence and its tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Where it lies in the article.
    pub span: SentenceSpan,
    /// Its tokens, in order.
    pub tokens: Vec<Token>,
}

/// An article text prepared for extraction.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The article text as read.
    pub text: &'a str,
    /// Sentences outside junk, in order.
    pub sentences: Vec<Sentence>,
    /// Junk ranges removed, as (start, end) code points.
    pub junk: Vec<(usize, usize)>,
}

impl<'a> Document<'a> {
    /// Segments `text`, skipping the lines (or line tails) that `junk` rules out.
    pub fn new(text: &'a str, junk: &JunkRules) -> Self {
        let mut sentences = Vec::new();
        let mut junk_spans = Vec::new();
        let mut byte = 0usize;
        let mut cp = 0usize;
        for line in text.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let tail = junk.junk_tail(body);
            let keep = &body[..body.len() - tail];
            let keep_cp = keep.chars().count();
            if tail > 0 {
                let body_cp = body.chars().count();
                junk_spans.push((cp + keep_cp, cp + body_cp));
            }
            for span in split_line(text, byte, byte + keep.len(), cp) {
                let tokens = tokenize(text, span.start_byte, span.end_byte, span.start);
                sentences.push(Sentence { span, tokens });
            }
            byte += line.len();
            cp += line.chars().count();
        }
        Document { text, sentences, junk: junk_spans }
    }

    /// The original text of a byte range.
    pub fn slice(&self, start_byte: usize, end_byte: usize) -> &'a str {
        &self.text[start_byte..end_byte]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_lines_yield_no_sentences() {
        let mut rules = JunkRules::default();
        rules.add(JunkKind::Exact, "[ad_1]");
        rules.add(JunkKind::Exact, "المصدر");
        let text = "[ad_1]\nأرسلت أذربيجان قوات.\n[ad_2]\nالمصدر";
        rules.add(JunkKind::Exact, "[ad_2]");
        let doc = Document::new(text, &rules);
        assert_eq!(doc.sentences.len(), 1);
        assert_eq!(doc.junk.len(), 3);
        let s = doc.sentences[0].span;
        assert_eq!(doc.slice(s.start_byte, s.end_byte), "أرسلت أذربيجان قوات.");
        assert_eq!(s.start, 7);
    }
}
