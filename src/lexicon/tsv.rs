//! The one line format every lexicon file shares: UTF-8 TSV, `#` comment
//! lines, blank lines ignored, a header row naming the columns, `|` between
//! alternatives inside a field. Errors carry file, line and column.

use std::fmt;

/// A lexicon file that cannot be read, with its position (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file, as the user named it (or the embedded default's name).
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column in characters, 1-based.
    pub column: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for LexiconError {}

/// One data row: its fields and where it came from.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// Line number, 1-based.
    pub line: usize,
    fields: Vec<&'a str>,
    starts: Vec<usize>,
    file: &'a str,
}

impl<'a> Row<'a> {
    /// The field of column `i` (empty if the row is short).
    pub fn get(&self, i: usize) -> &'a str {
        self.fields.get(i).copied().unwrap_or("").trim()
    }

    /// The `|`-separated alternatives of column `i`, empty ones dropped.
    pub fn alts(&self, i: usize) -> Vec<&'a str> {
        self.get(i).split('|').map(str::trim).filter(|s| !s.is_empty()).collect()
    }

    /// An error located at column `i` of this row.
    pub fn error(&self, i: usize, message: impl Into<String>) -> LexiconError {
        LexiconError {
            file: self.file.to_string(),
            line: self.line,
            column: self.starts.get(i).copied().unwrap_or(0) + 1,
            message: message.into(),
        }
    }

    /// The field of column `i`, or an error if it is empty.
    pub fn required(&self, i: usize, name: &str) -> Result<&'a str, LexiconError> {
        let v = self.get(i);
        if v.is_empty() { Err(self.error(i, format!("the column `{name}` is empty; it is required"))) } else { Ok(v) }
    }
}

/// The text of a lexicon file, or an error at the first byte that is not
/// UTF-8 (line and column in characters, 1-based).
pub fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, LexiconError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        LexiconError {
            file: file.to_string(),
            line,
            column,
            message: format!("not valid UTF-8 (byte {}); save the file as UTF-8", e.valid_up_to()),
        }
    })
}

/// Parses a TSV lexicon whose header must be exactly `columns`.
pub fn parse<'a>(file: &'a str, content: &'a str, columns: &[&str]) -> Result<Vec<Row<'a>>, LexiconError> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (n, raw) in content.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.strip_prefix('\u{FEFF}').unwrap_or(raw).trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut fields = Vec::new();
        let mut starts = Vec::new();
        let mut col = 0usize;
        for f in line.split('\t') {
            starts.push(col);
            col += f.chars().count() + 1;
            fields.push(f);
        }
        if !header_seen {
            let got: Vec<&str> = fields.iter().map(|f| f.trim()).collect();
            if got != columns {
                return Err(LexiconError {
                    file: file.to_string(),
                    line: line_no,
                    column: 1,
                    message: format!(
                        "the header row must name the columns `{}` (tab-separated), found `{}`",
                        columns.join("\t"),
                        got.join("\t")
                    ),
                });
            }
            header_seen = true;
            continue;
        }
        if fields.len() > columns.len() {
            return Err(LexiconError {
                file: file.to_string(),
                line: line_no,
                column: starts[columns.len()] + 1,
                message: format!(
                    "{} fields where the header has {} columns (is a tab inside a field?)",
                    fields.len(),
                    columns.len()
                ),
            });
        }
        if fields.len() < columns.len() {
            return Err(LexiconError {
                file: file.to_string(),
                line: line_no,
                column: col,
                message: format!(
                    "{} fields where the header has {} columns: the column `{}` is missing (an empty field still needs its TAB)",
                    fields.len(),
                    columns.len(),
                    columns[fields.len()]
                ),
            });
        }
        for (i, f) in fields.iter().enumerate() {
            if f.split('|').any(|a| a.trim().is_empty()) && !f.trim().is_empty() {
                return Err(LexiconError {
                    file: file.to_string(),
                    line: line_no,
                    column: starts[i] + 1,
                    message: "an empty alternative between `|` separators".into(),
                });
            }
        }
        rows.push(Row { line: line_no, fields, starts, file });
    }
    if !header_seen {
        return Err(LexiconError {
            file: file.to_string(),
            line: 1,
            column: 1,
            message: format!("no header row; the file must name its columns: `{}`", columns.join("\t")),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_alternatives() {
        let src = "# comment\nid\tar\n\nx\tأ|ب\n";
        let rows = parse("t.tsv", src, &["id", "ar"]).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].alts(1), ["أ", "ب"]);
        assert_eq!(rows[0].line, 4);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("t.tsv", "id\tar\nx\ty\tz\n", &["id", "ar"]).unwrap_err();
        assert_eq!((e.line, e.column), (2, 5));
        let e = parse("t.tsv", "id\tar\nx\tأ||ب\n", &["id", "ar"]).unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:2:3: an empty alternative between `|` separators");
        let e = parse("t.tsv", "name\n", &["id", "ar"]).unwrap_err();
        assert!(e.message.contains("header"));
        let e = parse("t.tsv", "id\tar\tnote\nx\tأ\n", &["id", "ar", "note"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.tsv:2:4: 2 fields where the header has 3 columns: the column `note` is missing (an empty field still needs its TAB)"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let e = utf8("t.tsv", b"id\tar\nx\t\xd8\xa3\xff\n").unwrap_err();
        assert_eq!(e.to_string(), "t.tsv:2:4: not valid UTF-8 (byte 10); save the file as UTF-8");
        assert_eq!(utf8("t.tsv", "id\tar\n".as_bytes()).unwrap(), "id\tar\n");
    }
}
