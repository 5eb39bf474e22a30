//! Relative dates: day names and "yesterday"/"today"/"tomorrow" resolved
//! against the article's publication date ("يوم الثلاثاء", "أمس الأربعاء",
//! "غدا الخميس", "اليوم الاثنين").
//!
//! A bare day name is the latest such day on or before publication (news
//! reports the past); with "غدا" it is the day after publication, with
//! "أمس" the day before, with "اليوم" publication day itself — when the
//! named day does not agree with that, the day name wins, searched backwards.

use crate::text::{Document, Token};

/// A relative date expression and the day it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Sentence index.
    pub sentence: usize,
    /// Start (code points).
    pub start: usize,
    /// End, exclusive.
    pub end: usize,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` date of a day number.
pub fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", if m <= 2 { y + 1 } else { y }, m, d)
}

/// Weekday of a day number: 0 Sunday … 6 Saturday.
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// The weekday a (folded) day name names.
fn day_name(key: &str) -> Option<i64> {
    let k = key.strip_prefix("ال").unwrap_or(key);
    match k {
        "احد" => Some(0),
        "اثنين" => Some(1),
        "ثلاثاء" => Some(2),
        "اربعاء" => Some(3),
        "خميس" => Some(4),
        "جمعه" => Some(5),
        "سبت" => Some(6),
        _ => None,
    }
}

/// The word's day name, reading و، ب، ل and the article off it.
fn day_of(t: &Token) -> Option<i64> {
    t.readings().find_map(|r| if r.article_chars > 0 { day_name(r.stem) } else { None })
}

/// Resolves the relative dates of a document against its publication date.
pub fn resolve_dates(doc: &Document<'_>, published: &str) -> Vec<DateMention> {
    let Some(pub_day) = day_number(published) else { return Vec::new() };
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let toks = &s.tokens;
        for (i, t) in toks.iter().enumerate() {
            let Some(wd) = day_of(t) else { continue };
            // The word before may shift the anchor: أمس، غدا، اليوم، يوم، مساء، صباح.
            let prev = i.checked_sub(1).map(|p| toks[p].key.as_str());
            let (anchor, from) = match prev {
                Some("امس" | "وامس") => (pub_day - 1, i - 1),
                Some("غدا" | "وغدا") => (pub_day + 1, i - 1),
                Some("اليوم" | "واليوم") => (pub_day, i - 1),
                Some("يوم" | "مساء" | "صباح" | "ليله" | "ويوم") => (pub_day, i - 1),
                _ => (pub_day, i),
            };
            // The latest such weekday on or before the anchor (the anchor
            // itself after غدا).
            let back = (weekday(anchor) - wd).rem_euclid(7);
            let day = anchor - back;
            // A publication date at the edge of the calendar (0000-01-01,
            // 9999-12-31) names no day outside it.
            if !(day_number("0001-01-01").unwrap_or(0)..=day_number("9999-12-31").unwrap_or(0)).contains(&day) {
                continue;
            }
            out.push(DateMention { sentence: si, start: toks[from].start, end: t.end, date: date_of(day) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Document, JunkRules};

    fn dates(text: &str, published: &str) -> Vec<String> {
        resolve_dates(&Document::new(text, &JunkRules::default()), published).into_iter().map(|d| d.date).collect()
    }

    #[test]
    fn days_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(date_of(day_number("2024-02-29").unwrap()), "2024-02-29");
        assert_eq!(weekday(day_number("2023-09-25").unwrap()), 1, "a Monday");
    }

    #[test]
    fn no_date_outside_the_calendar() {
        assert!(dates("التصعيد الأربعاء", "0000-01-01").is_empty());
        assert!(dates("المباحثات غدا السبت", "9999-12-31").is_empty(), "a Friday: tomorrow is 10000-01-01");
        assert_eq!(dates("التصعيد الأربعاء", "0001-01-05"), ["0001-01-03"]);
    }

    #[test]
    fn day_names_resolve_against_publication() {
        // Seed 000, published Monday 2023-09-25: "يوم الاثنين" is that day,
        // "الأحد" the day before.
        assert_eq!(dates("زار أذربيجان يوم الاثنين. وفي خطاب الأحد قال.", "2023-09-25"), ["2023-09-25", "2023-09-24"]);
        // Seed 004, published Thursday 2024-04-18: "أمس الأربعاء" is 04-17.
        assert_eq!(dates("أعلن الكرملين، أمس الأربعاء، أن الجنود بدؤوا انسحابهم.", "2024-04-18"), ["2024-04-17"]);
        // Seed 001, published Wednesday 2023-09-20: "غدا الخميس" is 09-21,
        // "الثلاثاء" the day before publication.
        assert_eq!(
            dates("المباحثات المقررة غدا الخميس بعد عملية شنتها باكو الثلاثاء.", "2023-09-20"),
            ["2023-09-21", "2023-09-19"]
        );
    }
}
