//! Property tests over hostile text: the text layer, the extractor, the
//! corpus readers and the lexicon loaders must never panic, and every span
//! they give must cut the text it names back out of the article.
//!
//! The inputs mix Arabic letters, diacritics, tatweel, Persian and Urdu
//! letters, both kinds of Arabic-Indic digits, zero-width and bidi controls,
//! NUL, CR/LF mixes, combining marks, astral characters, quotation marks and
//! Arabic punctuation with pieces of the seed articles and gazetteer names.
//! `ISNAD_FUZZ_CASES` sets the number of generated inputs per target (the
//! default keeps the file under a minute on two cores); the files under
//! `tests/fuzz-corpus/<target>/` are replayed on every run, and proptest's
//! own regressions are kept in `proptest-regressions/`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use isnad::corpus::{ReadOptions, read_corpus};
use isnad::extract::{Extraction, Extractor};
use isnad::lexicon::{FILES, Lexicon};
use isnad::text::{Document, fold};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(Lexicon::defaults().unwrap()));

/// Generated inputs per target: `ISNAD_FUZZ_CASES`, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("ISNAD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Pieces of real text: seed sentences cut into runs of one to six words,
/// and the Arabic names of the gazetteer.
static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out = Vec::new();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    for p in seeds.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let text = std::fs::read_to_string(p).unwrap();
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            for (i, n) in words.iter().enumerate().step_by(3).map(|(i, _)| (i, 1 + i % 6)) {
                out.push(words[i..(i + n).min(words.len())].join(" "));
            }
        }
    }
    let lex = Lexicon::defaults().unwrap();
    out.extend(lex.states.values().flat_map(|s| s.ar.iter().chain(&s.nisbas).chain(&s.capital_ar)).cloned());
    out.extend(lex.actors.values().flat_map(|a| a.ar.iter()).cloned());
    out.extend(lex.titles.keys().map(|t| t.replace("{nisba}", "الأذربيجاني").replace("{state}", "أرمينيا")));
    out.extend(lex.verbs.keys().cloned());
    out.extend(
        lex.figures.keys().map(|f| format!("{} {f}", ["٣٢", "۴۸۵۰", "200", "18446744073709551615"][f.len() % 4])),
    );
    out.extend(["بنسبة 2.5 بالمئة", "نحو 4,850 شخصا", "في 19.09.2023", "مقتل 32 جنديا"].map(str::to_string));
    out
});

/// Single characters that break naive text code.
const HOSTILE: &[char] = &[
    'ا',
    'ب',
    'ت',
    'ل',
    'و',
    'ف',
    'ن',
    'ي',
    'ة',
    'ى',
    'أ',
    'إ',
    'آ',
    'ء',
    'ؤ',
    'ئ', // letters
    '\u{064B}',
    '\u{064E}',
    '\u{064F}',
    '\u{0650}',
    '\u{0651}',
    '\u{0652}',
    '\u{0670}',
    '\u{0654}', // tashkeel
    'ـ',
    'ی',
    'ک',
    'ۀ',
    'ہ',
    'ے',
    'ۃ',
    'ې',
    'ٱ', // tatweel, Persian and Urdu letters
    '٠',
    '٣',
    '٩',
    '۰',
    '۴',
    '۹',
    '0',
    '5',
    '.',
    ',',
    '٫',
    '٬', // digits and separators
    '\u{200B}',
    '\u{200C}',
    '\u{200D}',
    '\u{200E}',
    '\u{200F}',
    '\u{061C}',
    '\u{FEFF}',
    '\u{00AD}', // invisible
    '\u{202A}',
    '\u{202B}',
    '\u{202C}',
    '\u{202D}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\0',
    '\r',
    '\n',
    '\t',
    ' ',
    '\u{00A0}',
    '\u{2028}',
    '\u{2029}',
    '\u{000B}',
    '\u{000C}',
    '\u{0085}', // spaces
    '\u{0301}',
    '\u{0308}',
    '\u{20DD}',
    '\u{06E9}',
    '\u{06DD}',
    '\u{08F0}', // combining and Quranic marks
    '😀',
    '𝔸',
    '\u{1F1E6}',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{FFFD}', // astral, private use, replacement
    '«',
    '»',
    '"',
    '“',
    '”',
    '„',
    '‘',
    '’',
    '‹',
    '›',
    '(',
    ')',
    '[',
    ']',
    '-',
    '–',
    ':', // quotes, brackets
    '،',
    '؛',
    '؟',
    '!',
    '?',
    '…',
    '۔', // punctuation
    '\u{FDFA}',
    '\u{FDFD}',
    '\u{FEFB}',
    '\u{FE8D}',
    '\u{FB50}',
    'ﷲ',
    'İ',
    'ẞ',
    'Σ', // ligatures, case
];

/// One piece of an adversarial text.
fn piece() -> impl Strategy<Value = String> {
    let pieces = PIECES.clone();
    prop_oneof![
        4 => prop::sample::select(HOSTILE).prop_map(String::from),
        4 => prop::sample::select(pieces.clone()),
        2 => (prop::sample::select(pieces), prop::sample::select(HOSTILE), any::<prop::sample::Index>())
            .prop_map(|(p, c, at)| {
                // A hostile character spliced inside a word.
                let bounds: Vec<usize> = p.char_indices().map(|(i, _)| i).chain([p.len()]).collect();
                let at = bounds[at.index(bounds.len())];
                format!("{}{c}{}", &p[..at], &p[at..])
            }),
        1 => any::<char>().prop_map(String::from),
        1 => prop::sample::select(vec![" ", "\n", "\r\n", "\r", ". ", "، ", ": «", "» ", " و", "\n\n"])
            .prop_map(str::to_string),
    ]
}

fn hostile_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max_pieces).prop_map(|v| v.concat())
}

/// Byte offset → code-point offset, for every char boundary of `text`.
struct Offsets {
    cp_of_byte: Vec<Option<usize>>,
    chars: Vec<char>,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let mut cp_of_byte = vec![None; text.len() + 1];
        for (n, (b, _)) in text.char_indices().enumerate() {
            cp_of_byte[b] = Some(n);
        }
        let chars: Vec<char> = text.chars().collect();
        cp_of_byte[text.len()] = Some(chars.len());
        Offsets { cp_of_byte, chars }
    }

    /// Checks that a byte span lies on char boundaries and agrees with its
    /// code-point span.
    fn agree(&self, what: &str, (sb, eb): (usize, usize), (s, e): (usize, usize)) {
        assert!(sb <= eb && eb < self.cp_of_byte.len(), "{what}: bytes {sb}..{eb} out of the text");
        assert_eq!(self.cp_of_byte[sb], Some(s), "{what}: start byte {sb} is not code point {s}");
        assert_eq!(self.cp_of_byte[eb], Some(e), "{what}: end byte {eb} is not code point {e}");
    }

    fn cut(&self, s: usize, e: usize) -> String {
        assert!(s <= e && e <= self.chars.len(), "span {s}..{e} out of {} code points", self.chars.len());
        self.chars[s..e].iter().collect()
    }
}

/// The text layer's invariants on one text.
fn check_text_layer(text: &str) {
    let folded = fold(text);
    assert!(!folded.chars().any(|c| isnad::text::is_arabic_mark(c) || isnad::text::is_invisible(c)));
    let junk = &EXTRACTOR.lexicon().junk;
    let doc = Document::new(text, junk);
    let off = Offsets::new(text);
    let mut prev_end = 0;
    for s in &doc.sentences {
        let sp = s.span;
        off.agree("sentence", (sp.start_byte, sp.end_byte), (sp.start, sp.end));
        assert!(sp.start >= prev_end && sp.start < sp.end, "sentences in order, not empty, not overlapping");
        prev_end = sp.end;
        let body = &text[sp.start_byte..sp.end_byte];
        assert_eq!(body.trim(), body, "sentences are trimmed");
        assert!(!body.contains('\n'), "a sentence never crosses a line break");
        let mut last = (sp.start, sp.start);
        let mut keys = String::new();
        for t in &s.tokens {
            off.agree("token", (t.start_byte, t.end_byte), (t.start, t.end));
            assert!(sp.start <= t.start && t.end <= sp.end && t.start < t.end, "token inside its sentence");
            assert!((t.start, t.end) >= last, "tokens in order");
            last = (t.start, t.end);
            assert!(!t.key.is_empty());
            keys.push_str(&t.key);
        }
        let expect: String = fold(body).chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(keys, expect, "the tokens' keys are the sentence's matching form");
    }
    for &(a, b) in &doc.junk {
        assert!(a <= b && b <= off.chars.len());
    }
}

/// The extractor's invariants on one text.
fn check_extraction(text: &str, x: &Extraction) {
    let off = Offsets::new(text);
    let n_sent = x.sentences.len();
    let sentence = |i: usize| {
        assert!(i < n_sent, "sentence index {i} of {n_sent}");
        x.sentences[i]
    };
    let mut prev_end = 0;
    for sp in &x.sentences {
        off.agree("sentence", (sp.start_byte, sp.end_byte), (sp.start, sp.end));
        assert!(sp.start >= prev_end && sp.start < sp.end);
        prev_end = sp.end;
    }
    let n_actors = x.actors.actors.len();
    let mut last = (0, 0);
    for m in &x.actors.mentions {
        let sp = sentence(m.sentence);
        assert!(sp.start <= m.start && m.start < m.end && m.end <= sp.end, "mention {m:?} inside {sp:?}");
        assert_eq!(off.cut(m.start, m.end), m.surface, "a mention's span is its surface");
        assert!(m.actor < n_actors);
        assert!((m.sentence, m.start) >= last, "mentions in sentence then offset order");
        last = (m.sentence, m.start);
    }
    for c in &x.claims {
        let sp = sentence(c.sentence);
        assert!(sp.start <= c.start && c.start <= c.end && c.end <= sp.end, "claim {c:?} inside {sp:?}");
        assert!(c.start <= c.content_start && c.content_start <= c.content_end && c.content_end <= c.end);
        assert_eq!(off.cut(c.content_start, c.content_end), c.content, "a claim's content is its span");
        assert!(c.speaker < n_actors && c.targets.iter().all(|&t| t < n_actors));
        if !c.speaker_surface.is_empty() {
            assert!(off.cut(sp.start, sp.end).contains(&c.speaker_surface), "the speaker's words in the sentence");
        }
        for f in &c.figures {
            let end = f.start + f.surface.chars().count();
            assert_eq!(off.cut(f.start, end), f.surface, "a figure's start and surface");
            assert!(c.content_start <= f.start || sp.start <= f.start, "figure inside the sentence");
            assert!(end <= sp.end);
        }
    }
    for r in &x.relations {
        let sp = sentence(r.sentence);
        assert!(sp.start <= r.start && r.start <= r.end && r.end <= sp.end, "relation {r:?} inside {sp:?}");
        assert!([-1, 0, 1].contains(&r.sign));
    }
    for d in &x.dates {
        let sp = sentence(d.sentence);
        assert!(sp.start <= d.start && d.start < d.end && d.end <= sp.end);
        assert!(isnad::corpus::valid_date(&d.date), "{}", d.date);
    }
}

/// Runs `test` on `cases` generated inputs (failures are shrunk, and their
/// seeds kept in `proptest-regressions/<name>.txt`), and prints the count.
fn fuzz<S: Strategy>(name: &'static str, default_cases: u32, strategy: S, test: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let path: &'static str =
        Box::leak(format!("{}/proptest-regressions/{name}.txt", root().display()).into_boxed_str());
    let config = Config {
        cases: cases(default_cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(path))),
        ..Config::default()
    };
    let runs = AtomicUsize::new(0);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |v| {
        test(v);
        runs.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    eprintln!("fuzz {name}: {} inputs", runs.load(Ordering::Relaxed));
}

fn run_extract(text: &str, published: Option<&str>) {
    let x = EXTRACTOR.extract_dated(text, "0123456789abcdef", published);
    check_extraction(text, &x);
}

#[test]
fn fuzz_text_layer() {
    fuzz("text", 20_000, hostile_text(120), |text| check_text_layer(&text));
}

#[test]
fn fuzz_extractor() {
    let dates = prop::option::of(prop::sample::select(vec![
        "2023-09-20",
        "2024-02-29",
        "0000-01-01",
        "9999-12-31",
        "1970-01-01",
        "2023-02-30",
    ]));
    fuzz("extract", 8000, (hostile_text(150), dates), |(text, published)| run_extract(&text, published));
}

/// A text made of real pieces (seed words, names, verbs, figures) with
/// spaces and punctuation between them: it names many actors.
fn newsy_text() -> impl Strategy<Value = String> {
    let sep = prop::sample::select(vec![" ", " ", " ", " و", "، ", ". ", "\n", ": «", "» ", " “", "” ", " - "]);
    prop::collection::vec((prop::sample::select(PIECES.clone()), sep), 1..40)
        .prop_map(|v| v.into_iter().flat_map(|(p, s)| [p, s.to_string()]).collect())
}

/// What an extraction finds, without its offsets and written forms: the
/// same text written with other letter shapes, digits or invisible marks
/// must give the same.
fn shape(x: &Extraction) -> Vec<String> {
    let a = |i: usize| x.actors.actors[i].id.clone();
    let mut out = vec![format!("{} sentences", x.sentences.len())];
    out.extend(x.actors.mentions.iter().map(|m| format!("mention {} {} {}", m.sentence, a(m.actor), m.kind.name())));
    out.extend(x.claims.iter().map(|c| {
        let figures: Vec<String> = c.figures.iter().map(|f| format!("{} {}", f.value, f.counts)).collect();
        let targets: Vec<String> = c.targets.iter().map(|&t| a(t)).collect();
        format!("claim {} {} {} {targets:?} {figures:?}", c.sentence, a(c.speaker), c.claim_type)
    }));
    out.extend(x.relations.iter().map(|r| format!("relation {} {} {} {}", r.source, r.target, r.kind, r.sentence)));
    out.extend(x.dates.iter().map(|d| format!("date {} {}", d.sentence, d.date)));
    out
}

/// Writes a text the ways scrapers and other keyboards do: Persian ی and
/// ک for ي and ك, Arabic-Indic or Eastern digits, and invisible characters
/// (tatweel, diacritics, ZWJ, ZWNJ, bidi marks) inside words.
fn variant(text: &str, digits: u8, persian: bool, inserts: &[(prop::sample::Index, char)]) -> String {
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            'ي' if persian => 'ی',
            'ك' if persian => 'ک',
            '0'..='9' if digits == 1 => char::from_u32('٠' as u32 + (c as u32 - '0' as u32)).unwrap(),
            '0'..='9' if digits == 2 => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap(),
            c => c,
        })
        .collect();
    // Only between two letters of one word: a mark there belongs to the word.
    let inside: Vec<usize> =
        (1..chars.len()).filter(|&i| chars[i - 1].is_alphabetic() && chars[i].is_alphabetic()).collect();
    let mut at: Vec<(usize, char)> =
        inserts.iter().filter(|_| !inside.is_empty()).map(|(ix, c)| (inside[ix.index(inside.len())], *c)).collect();
    at.sort_by_key(|b| std::cmp::Reverse(b.0));
    for (i, c) in at {
        chars.insert(i, c);
    }
    chars.into_iter().collect()
}

const INVISIBLE: &[char] = &[
    'ـ', '\u{064E}', '\u{0651}', '\u{0652}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202B}', '\u{202C}',
    '\u{2067}', '\u{2069}', '\u{061C}', '\u{00AD}', '\u{FEFF}',
];

#[test]
fn fuzz_spelling_variants() {
    let inserts = prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(INVISIBLE)), 0..12);
    fuzz("variants", 5000, (newsy_text(), 0u8..3, any::<bool>(), inserts), |(text, digits, persian, inserts)| {
        let v = variant(&text, digits, persian, &inserts);
        let (a, b) = (EXTRACTOR.extract(&text, "k"), EXTRACTOR.extract(&v, "k"));
        check_extraction(&v, &b);
        assert_eq!(shape(&a), shape(&b), "{v:?} reads as {text:?}");
    });
}

/// Runs `f` on every file of `tests/fuzz-corpus/<target>/`, returning how many.
fn replay(target: &str, f: impl Fn(&Path, &[u8])) -> usize {
    let dir = root().join("tests/fuzz-corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(p, &bytes)));
        assert!(r.is_ok(), "{} failed", p.display());
    }
    assert!(!files.is_empty(), "{} holds inputs", dir.display());
    files.len()
}

#[test]
fn fuzz_corpus_text() {
    let n = replay("text", |_, bytes| {
        let text = String::from_utf8_lossy(bytes);
        check_text_layer(&text);
        for published in [None, Some("2023-09-20"), Some("0000-01-01"), Some("9999-12-31")] {
            run_extract(&text, published);
        }
    });
    eprintln!("fuzz corpus text: {n} inputs replayed");
}

// ---- Corpus readers: arbitrary bytes through temp files ----

/// Bytes of a file a crawler may deliver: hostile text, random bytes,
/// byte-order marks, UTF-16, broken UTF-8.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    let text = || hostile_text(30).prop_map(String::into_bytes);
    let bom = prop::sample::select(vec![&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"]);
    prop_oneof![
        4 => text(),
        2 => (bom, text()).prop_map(|(b, t)| [b, &t].concat()),
        2 => (any::<bool>(), hostile_text(30)).prop_map(|(le, t)| {
            let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for u in t.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            out
        }),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => (text(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut t, at, b)| {
            if !t.is_empty() {
                let i = at.index(t.len());
                t[i] = b;
            }
            t
        }),
    ]
}

/// A JSON Lines or metadata line: a JSON object with hostile fields, or not.
fn hostile_json_line() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        hostile_text(12).prop_map(serde_json::Value::String),
        any::<i64>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        prop::sample::select(vec!["2023-09-20", "2024-02-30", "2023-09-20T10:00:00Z", "٢٠٢٣-٠٩-٢٠", "2023-09-2", ""])
            .prop_map(|s| serde_json::Value::String(s.to_string())),
        Just(serde_json::json!({"nested": [1, 2]})),
    ];
    let key = prop::sample::select(vec!["text", "id", "file", "url", "published", "publisher", "title", "other"]);
    let object = prop::collection::vec((key, field), 0..6).prop_map(|kv| {
        let map: serde_json::Map<String, serde_json::Value> = kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        serde_json::Value::Object(map).to_string().into_bytes()
    });
    prop_oneof![6 => object, 2 => hostile_bytes(), 1 => Just(b"{\"text\": \"\\u0000\"}".to_vec()), 1 => Just(b"[]".to_vec())]
}

/// A metadata.tsv: a header (perhaps without `file`) and rows of hostile fields.
fn hostile_tsv() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::select(vec![
        "file\tpublished\tpublisher\turl\ttitle",
        "file\tpublished",
        "\u{FEFF}file\tpublished",
        "published\tpublisher",
        "file",
        "",
    ]);
    let cell = prop_oneof![
        prop::sample::select(vec!["a.txt", "b.txt", "sub/a.txt", "2023-09-20", "2023-02-29", "\"quoted\"", "", " "])
            .prop_map(str::to_string),
        hostile_text(6),
    ];
    let row = prop::collection::vec(cell, 0..7).prop_map(|c| c.join("\t"));
    let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
    (header, prop::collection::vec((row, eol), 0..8)).prop_map(|(h, rows)| {
        let mut out = format!("{h}\n");
        for (r, e) in rows {
            out.push_str(&r);
            out.push_str(e);
        }
        out.into_bytes()
    })
}

/// What the corpus readers promise for any input.
fn check_corpus(c: &isnad::corpus::Corpus, opts: &ReadOptions) {
    let mut hashes = std::collections::HashSet::new();
    for a in &c.articles {
        assert!(!a.text.trim().is_empty(), "an article has text");
        assert!(!a.text.contains('\0') && !a.text.starts_with('\u{FEFF}'));
        assert!(a.text.len() <= opts.max_article_bytes);
        assert!(hashes.insert(a.hash.clone()), "each text once");
        if let Some(p) = &a.meta.published {
            assert!(isnad::corpus::valid_date(p), "published {p}");
        }
    }
    for p in &c.problems {
        assert!(!p.message.is_empty() && p.line.is_none_or(|l| l >= 1));
    }
}

#[test]
fn fuzz_corpus_readers() {
    let files = (
        hostile_bytes(),
        hostile_tsv(),
        prop::collection::vec(hostile_json_line(), 0..6),
        prop::collection::vec(hostile_json_line(), 0..6),
        1usize..200,
    );
    fuzz("corpus", 1500, files, |(txt, tsv, meta_jsonl, crawl, limit)| {
        let dir = tempfile::tempdir().unwrap();
        let opts = ReadOptions { max_article_bytes: limit };
        std::fs::write(dir.path().join("a.txt"), &txt).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), &txt[..txt.len() / 2]).unwrap();
        std::fs::write(dir.path().join("metadata.tsv"), &tsv).unwrap();
        std::fs::write(dir.path().join("metadata.jsonl"), meta_jsonl.join(&b"\n"[..])).unwrap();
        std::fs::write(dir.path().join("crawl.jsonl"), crawl.join(&b"\r\n"[..])).unwrap();
        let c = read_corpus(&[dir.path()], opts).unwrap();
        check_corpus(&c, &opts);
        // Single files too, each kind on its own.
        for name in ["a.txt", "crawl.jsonl", "metadata.tsv"] {
            let c = read_corpus(&[dir.path().join(name)], opts).unwrap();
            check_corpus(&c, &opts);
        }
    });
}

#[test]
fn fuzz_corpus_replays_corpus_inputs() {
    let opts = ReadOptions { max_article_bytes: 1 << 20 };
    let n = replay("corpus", |path, _| {
        let c = read_corpus(&[path], opts).unwrap();
        check_corpus(&c, &opts);
    });
    eprintln!("fuzz corpus corpus: {n} inputs replayed");
}

// ---- Lexicon loaders: overlay files of hostile rows ----

fn lexicon_cell() -> impl Strategy<Value = String> {
    let words = vec![
        "x",
        "new_actor",
        "armenia",
        "russia",
        "kremlin",
        "State",
        "Person",
        "Organization",
        "Group",
        "Nation",
        "verb",
        "same-act",
        "new-act",
        "nominal",
        "relay",
        "yes",
        "no",
        "statement",
        "accusation",
        "appeal",
        "killed",
        "wounded",
        "1",
        "-1",
        "0",
        "+1",
        "01",
        "20",
        "21",
        "1.5",
        "-11",
        "NaN",
        "inf",
        "Q42",
        "Q",
        "Q٤٢",
        "{nisba}",
        "{state}",
        "{nisba} {state}",
        "{of}_office",
        "{of}_",
        "وزارة الدفاع {nisba}",
        "{state}_ministry",
        "قوات {state}",
        "exact",
        "prefix",
        "suffix",
        "before-after",
        "between",
        "subject-adjacent",
        "person",
        "state",
        "function",
        "common",
        "time",
        "ـ",
        "\u{064B}",
        "\u{200D}",
        "",
        " ",
        "|",
        "أ||ب",
        "a|b",
        "Xx",
        "ID",
    ];
    prop_oneof![
        5 => prop::sample::select(words).prop_map(str::to_string),
        3 => prop::sample::select(PIECES.clone()),
        2 => hostile_text(4),
        1 => (prop::sample::select(PIECES.clone()), prop::sample::select(PIECES.clone()))
            .prop_map(|(a, b)| format!("{a}|{b}")),
    ]
}

/// An overlay file: one of the lexicon files, its header (usually right),
/// and rows of hostile cells (usually as many as the header has columns).
fn hostile_lexicon() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let file = prop::sample::select(FILES.iter().map(|(n, c)| (*n, *c)).collect::<Vec<_>>());
    file.prop_flat_map(|(name, columns)| {
        let width = prop_oneof![8 => Just(columns.len()), 1 => 0..columns.len() + 2];
        let row = width.prop_flat_map(|w| prop::collection::vec(lexicon_cell(), w));
        let header = prop_oneof![8 => Just(columns.join("\t")), 1 => lexicon_cell()];
        let junk = prop_oneof![8 => Just(Vec::new()), 1 => hostile_bytes()];
        (Just(name), header, prop::collection::vec(row, 0..5), junk).prop_map(|(name, header, rows, junk)| {
            let mut out = format!("# hostile\n{header}\n").into_bytes();
            for r in rows {
                out.extend(r.join("\t").into_bytes());
                out.push(b'\n');
            }
            out.extend(junk);
            (name, out)
        })
    })
}

/// Text for extraction with a hostile overlay: seed words and names.
fn sample_text() -> String {
    let seed = std::fs::read_to_string(root().join("seeds/001_b2d432f4c5225c23.txt")).unwrap();
    format!("{}\nوقالت أرمينيا إن ٣٢ شخصا قتلوا. ﷺ «روسيا» و\u{202B}باكو\u{202C}.", &seed[..seed.len().min(3000)])
}

#[test]
fn fuzz_lexicon_loaders() {
    let text = sample_text();
    let extracted = AtomicUsize::new(0);
    fuzz("lexicon", 400, (hostile_lexicon(), any::<bool>()), |((name, content), extract)| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &content).unwrap();
        match Lexicon::load(&[dir.path()]) {
            Err(isnad::lexicon::LoadError::Syntax(e)) => {
                let lines = content.split(|&b| b == b'\n').count();
                assert!(e.line >= 1 && e.line <= lines + 1 && e.column >= 1, "{e}");
                assert!(e.file.ends_with(name) || e.file.starts_with("(default)"), "{e}");
                assert!(!e.message.is_empty());
            }
            Err(e) => panic!("{name}: not a located error: {e}"),
            // A lexicon that loads compiles and extracts (a tenth of the
            // time: compiling the gazetteer is the slow part).
            Ok(lex) if extract => {
                let ex = Extractor::new(lex);
                let x = ex.extract_dated(&text, "0123456789abcdef", Some("2023-09-20"));
                check_extraction(&text, &x);
                extracted.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => {}
        }
    });
    eprintln!("fuzz lexicon: {} overlays compiled and extracted with", extracted.load(Ordering::Relaxed));
}

#[test]
fn fuzz_corpus_replays_lexicon_inputs() {
    // `actors--short-row.tsv` is an overlay `actors.tsv`.
    let n = replay("lexicon", |path, bytes| {
        let stem = path.file_name().unwrap().to_str().unwrap().split("--").next().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{stem}.tsv")), bytes).unwrap();
        match Lexicon::load(&[dir.path()]) {
            Ok(lex) => {
                let text = sample_text();
                check_extraction(&text, &Extractor::new(lex).extract(&text, "k"));
            }
            Err(isnad::lexicon::LoadError::Syntax(e)) => assert!(e.line >= 1 && e.column >= 1, "{e}"),
            Err(e) => panic!("{}: not a located error: {e}", path.display()),
        }
    });
    eprintln!("fuzz corpus lexicon: {n} inputs replayed");
}
