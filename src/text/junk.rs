//! Scraper junk: lines that are not article text ([ad_1], "شاركها.",
//! "Exit mobile version", a trailing "(وكالات"). The rules are data, loaded
//! from `ontology/lexicons/junk.tsv` by [`crate::lexicon`]; this module only
//! applies them.

use super::fold;

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
}

impl JunkRules {
    /// Adds a rule; the pattern is folded and trimmed.
    pub fn add(&mut self, kind: JunkKind, pattern: &str) {
        let p = fold(pattern.trim());
        if !p.is_empty() && !self.rules.iter().any(|(k, q)| *k == kind && *q == p) {
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
        let key = fold(trimmed.trim_start());
        if key.is_empty() {
            return 0;
        }
        for (kind, p) in &self.rules {
            match kind {
                JunkKind::Exact if key == *p => return line.len(),
                JunkKind::Prefix if key.starts_with(p.as_str()) => return line.len(),
                JunkKind::Suffix if key.ends_with(p.as_str()) => {
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
                        super::fold_char(c, &mut |_| n += 1);
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
}
