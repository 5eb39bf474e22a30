//! Sentence segmentation over the article text that is not junk.
//!
//! A sentence ends at a line break or after a run of terminal marks (. ! ?
//! ؟ …), taking any closing quotation marks or brackets that follow the mark;
//! a full stop between two digits ("2.5", "٢.٥") does not end one.

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
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut out = Vec::new();
    let mut s = 0usize; // index into chars
    let mut i = 0usize;
    let emit = |out: &mut Vec<SentenceSpan>, a: usize, b: usize| {
        // Trim whitespace on both sides.
        let mut a = a;
        let mut b = b;
        while a < b && chars[a].1.is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].1.is_whitespace() {
            b -= 1;
        }
        if a < b && chars[a..b].iter().any(|(_, c)| c.is_alphanumeric()) {
            let start_byte = byte_start + chars[a].0;
            let end_byte = byte_start + chars[b - 1].0 + chars[b - 1].1.len_utf8();
            out.push(SentenceSpan { start: cp_start + a, end: cp_start + b, start_byte, end_byte });
        }
    };
    while i < chars.len() {
        let c = chars[i].1;
        if is_terminal(c) {
            let between_digits =
                c == '.' && i > 0 && is_digit(chars[i - 1].1) && chars.get(i + 1).is_some_and(|(_, n)| is_digit(*n));
            if !between_digits {
                let mut j = i + 1;
                while j < chars.len() && (is_terminal(chars[j].1) || is_closer(chars[j].1)) {
                    j += 1;
                }
                emit(&mut out, s, j);
                s = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    emit(&mut out, s, chars.len());
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
