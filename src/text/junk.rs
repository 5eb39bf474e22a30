//! Scraper junk: lines that are not article text ([ad_1], "شاركها.",
//! "Exit mobile version", a trailing "(وكالات"). The rules are data, loaded
//! from `ontology/lexicons/junk.tsv` by [`crate::lexicon`]; this module only
//! applies them.

use super::{fold, fold_char};

/// How a junk rule matches a line (compared in matching form, trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JunkKind {
    /// The whole line equals the pattern.
    Exact,
    /// The line starts with the pattern.
    Prefix,
    /// The line ends with the pattern; only that tail is junk.
    Suffix,
}

/// A set of junk rules.
#[derive(Debug, Clone, Default)]
pub struct JunkRules {
    rules: Vec<(JunkKind, String)>,
    /// Folded characters of the longest whole-line or prefix pattern.
    head_chars: usize,
    /// Folded characters of the longest suffix pattern.
    tail_chars: usize,
}

impl JunkRules {
    /// Adds a rule; the pattern is folded and trimmed.
    pub fn add(&mut self, kind: JunkKind, pattern: &str) {
        let p = fold(pattern.trim());
        if !p.is_empty() && !self.rules.iter().any(|(k, q)| *k == kind && *q == p) {
            let n = p.chars().count();
            match kind {
                JunkKind::Suffix => self.tail_chars = self.tail_chars.max(n),
                JunkKind::Exact | JunkKind::Prefix => self.head_chars = self.head_chars.max(n),
            }
            self.rules.push((kind, p));
        }
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// For one line, the number of bytes at its end that are junk: the whole
    /// trimmed line for exact and prefix rules, the tail for suffix rules,
    /// zero when no rule applies.
    pub fn junk_tail(&self, line: &str) -> usize {
        let trimmed = line.trim_end();
        let body = trimmed.trim_start();
        // Only the ends of a line can match: fold one character past the
        // longest pattern at each end, not the whole line.
        let mut head = String::new();
        let mut head_n = 0;
        let mut whole = true;
        for c in body.chars() {
            if head_n > self.head_chars {
                whole = false;
                break;
            }
            fold_char(c, &mut |f| {
                head.push(f);
                head_n += 1;
            });
        }
        if whole && head.is_empty() {
            return 0;
        }
        let mut tail: Option<String> = None;
        for (kind, p) in &self.rules {
            match kind {
                JunkKind::Exact if whole && head == *p => return line.len(),
                JunkKind::Prefix if head.starts_with(p.as_str()) => return line.len(),
                JunkKind::Suffix if tail.get_or_insert_with(|| self.folded_tail(body)).ends_with(p.as_str()) => {
                    // Find the tail in the original line: walk back over as
                    // many folded characters as the pattern has.
                    let want = p.chars().count();
                    let mut seen = 0;
                    let mut cut = trimmed.len();
                    for (i, c) in trimmed.char_indices().rev() {
                        if seen >= want {
                            break;
                        }
                        let mut n = 0;
                        fold_char(c, &mut |_| n += 1);
                        seen += n;
                        cut = i;
                    }
                    return line.len() - cut;
                }
                _ => {}
            }
        }
        0
    }

    /// The last characters of `body`, folded: one past the longest suffix
    /// pattern, or all of them.
    fn folded_tail(&self, body: &str) -> String {
        let mut rev: Vec<char> = Vec::new();
        let mut one: Vec<char> = Vec::with_capacity(4);
        for c in body.chars().rev() {
            if rev.len() > self.tail_chars {
                break;
            }
            one.clear();
            fold_char(c, &mut |f| one.push(f));
            rev.extend(one.iter().rev());
        }
        rev.iter().rev().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> JunkRules {
        let mut r = JunkRules::default();
        r.add(JunkKind::Exact, "[ad_1]");
        r.add(JunkKind::Exact, "شاركها.");
        r.add(JunkKind::Prefix, "Exit mobile version");
        r.add(JunkKind::Suffix, "(وكالات");
        r
    }

    #[test]
    fn scraper_lines_are_junk() {
        let r = rules();
        assert_eq!(r.junk_tail("[ad_1]"), 6);
        assert_eq!(r.junk_tail("شاركها. "), "شاركها. ".len());
        assert_eq!(r.junk_tail("Exit Mobile Version"), 19);
        assert_eq!(r.junk_tail("وقالت موسكو إن قوات حفظ السلام"), 0);
    }

    #[test]
    fn agency_trailer_cuts_only_the_tail() {
        let r = rules();
        let line = "قبل أن تعلن فرنسا إجراء مماثلاً. (وكالات";
        let n = r.junk_tail(line);
        assert_eq!(&line[line.len() - n..], "(وكالات");
    }

    #[test]
    fn only_the_ends_are_folded_yet_the_answer_is_the_whole_lines() {
        // The answer of folding the whole line, for comparison.
        let reference = |r: &JunkRules, line: &str| -> bool {
            let key = fold(line.trim());
            r.rules.iter().any(|(k, p)| match k {
                JunkKind::Exact => key == *p,
                JunkKind::Prefix => key.starts_with(p.as_str()),
                JunkKind::Suffix => key.ends_with(p.as_str()),
            })
        };
        let r = rules();
        let lines = [
            "[ad_1]",
            "  [AD_1]  ",
            "[ad_1] وبعده نص",
            "شاركـــها.",
            "شاركها. شاركها.",
            "exit mobile version of the site",
            "قالت الوزارة إن القصف استمر ليلاً (وكالات",
            "قالت الوزارة إن القصف استمر ليلاً (وَكالاتٌ",
            "(وكالات",
            "وكالات",
            "\u{FDFA} (وكالات",
            "",
            "   ",
            "\u{0640}\u{064B}",
        ];
        for line in lines {
            assert_eq!(r.junk_tail(line) > 0, reference(&r, line), "{line:?}");
        }
    }
}
