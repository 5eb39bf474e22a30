//! Sentence segmentation over the article text that is not junk.
//!
//! A sentence ends at a line break or after a run of terminal marks (. ! ?
//! ؟ …), taking any closing quotation marks or brackets that follow the mark;
//! a full stop between two digits ("2.5", "٢.٥") does not end one.

use super::normalize::is_word_char;

/// A sentence span: code points and bytes of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Start (code points).
    pub start: usize,
    /// End, exclusive (code points).
    pub end: usize,
    /// Start (bytes).
    pub start_byte: usize,
    /// End, exclusive (bytes).
    pub end_byte: usize,
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔')
}

/// A digit in any of the scripts Arabic news writes numbers in: ASCII,
/// Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '»' | '"' | '’' | ')' | ']' | '›')
}

/// Splits one line (`text[byte_start..byte_end]`, starting at code point
/// `cp_start`) into trimmed sentence spans.
pub fn split_line(text: &str, byte_start: usize, byte_end: usize, cp_start: usize) -> Vec<SentenceSpan> {
    let line = &text[byte_start..byte_end];
    let mut out = Vec::new();
    // Start of the current sentence and the character read: code points and
    // bytes from the line's start.
    let (mut s_cp, mut s_byte) = (0usize, 0usize);
    let mut cp = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = line.char_indices().peekable();
    let mut emit = |a_cp: usize, a_byte: usize, b_cp: usize, b_byte: usize| {
        let part = &line[a_byte..b_byte];
        let body = part.trim_start();
        let lead = part[..part.len() - body.len()].chars().count();
        let trimmed = body.trim_end();
        let trail = body[trimmed.len()..].chars().count();
        if trimmed.chars().any(is_word_char) {
            let start_byte = byte_start + a_byte + (part.len() - body.len());
            out.push(SentenceSpan {
                start: cp_start + a_cp + lead,
                end: cp_start + b_cp - trail,
                start_byte,
                end_byte: start_byte + trimmed.len(),
            });
        }
    };
    while let Some((b, c)) = chars.next() {
        cp += 1;
        let between_digits = c == '.' && prev.is_some_and(is_digit) && chars.peek().is_some_and(|&(_, n)| is_digit(n));
        prev = Some(c);
        if is_terminal(c) && !between_digits {
            // The run of marks and closers after it belongs to the sentence.
            let mut end = b + c.len_utf8();
            while let Some(&(nb, n)) = chars.peek()
                && (is_terminal(n) || is_closer(n))
            {
                chars.next();
                cp += 1;
                end = nb + n.len_utf8();
                prev = Some(n);
            }
            emit(s_cp, s_byte, cp, end);
            (s_cp, s_byte) = (cp, end);
        }
    }
    emit(s_cp, s_byte, cp, line.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, spans: &[SentenceSpan]) -> Vec<String> {
        spans.iter().map(|s| text[s.start_byte..s.end_byte].to_string()).collect()
    }

    #[test]
    fn splits_after_stops_and_keeps_closing_quotes() {
        let t = "قالت إنه “لقد كان كابوسا.” ولم تذكر اسم المنطقة. وقال 2.5 مرة";
        let spans = split_line(t, 0, t.len(), 0);
        assert_eq!(cut(t, &spans), ["قالت إنه “لقد كان كابوسا.”", "ولم تذكر اسم المنطقة.", "وقال 2.5 مرة"]);
    }

    #[test]
    fn a_stop_between_indic_digits_ends_nothing() {
        for t in ["في ١٩.٠٩.٢٠٢٣ قال", "بنسبة ۲.۵ بالمئة", "في 19.09.2023 قال"] {
            assert_eq!(split_line(t, 0, t.len(), 0).len(), 1, "{t}");
        }
    }

    #[test]
    fn spans_are_trimmed_and_marks_alone_are_no_sentence() {
        let t = "  أ.  !؟ ب  ";
        let spans = split_line(t, 0, t.len(), 0);
        let cps: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(cps, [(2, 4), (9, 10)]);
        assert_eq!(cut(t, &spans), ["أ.", "ب"]);
    }

    #[test]
    fn arabic_question_mark_ends_a_sentence() {
        let t = "هل ستبقى القوات؟ لا أحد يعرف";
        assert_eq!(split_line(t, 0, t.len(), 0).len(), 2);
    }

    #[test]
    fn code_point_offsets_count_from_the_line_start() {
        let t = "أ. ب";
        let spans = split_line(t, 0, t.len(), 10);
        assert_eq!((spans[1].start, spans[1].end), (13, 14));
    }
}
