//! Hostile and broken input, end to end: every case has a defined behaviour
//! (the table "Hostile input" of the README), and this file checks each one
//! on the `isnad` binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::{build_with as build, export, isnad, stderr};

fn mentions(store: &Path) -> Vec<Value> {
    export(store, "mentions-jsonl").lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn corpus_dir(dir: &TempDir, files: &[(&str, &[u8])]) -> PathBuf {
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    corpus
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in text.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// Every mention's code points, cut from the text as read, are its surface.
fn assert_traceable(texts: &[(&str, &str)], ms: &[Value]) {
    for m in ms {
        let article = m["article"].as_str().unwrap();
        let text = texts.iter().find(|(n, _)| *n == article).unwrap_or_else(|| panic!("{article}")).1;
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        let cut: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(cut, m["surface"].as_str().unwrap(), "{m}");
    }
}

#[test]
fn hostile_encodings_are_decoded_or_named() {
    let dir = TempDir::new().unwrap();
    let le = "وقالت وزارة الدفاع الأرمينية إن الوضع مستقر.";
    let be = "وقال الرئيس الروسي فلاديمير بوتين إن قواته باقية.";
    let bom8 = "وأعلنت تركيا دعمها لأذربيجان.";
    let corpus = corpus_dir(
        &dir,
        &[
            ("utf16le.txt", &utf16(le, true)),
            ("utf16be.txt", &utf16(be, false)),
            ("bom8.txt", format!("\u{FEFF}{bom8}").as_bytes()),
            ("latin1.txt", b"Bakou a d\xe9clar\xe9"),
            ("nul.txt", "قالت روسيا\0إن".as_bytes()),
            ("odd16.txt", &[0xFF, 0xFE, 0x27, 0x06, 0x44]),
        ],
    );
    let store = dir.path().join("store");
    let o = build(&[&corpus], &store, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for needle in [
        "latin1.txt: not valid UTF-8 (line 1, byte 9); convert it to UTF-8; skipped",
        "nul.txt: binary data (NUL bytes), not a text article; skipped",
        "odd16.txt: UTF-16LE (by its byte-order mark) with an odd number of bytes",
        "3 articles (3 written",
    ] {
        assert!(err.contains(needle), "`{needle}` in {err}");
    }
    let ms = mentions(&store);
    let ids: Vec<(&str, &str)> =
        ms.iter().map(|m| (m["article"].as_str().unwrap(), m["actor"]["id"].as_str().unwrap())).collect();
    for want in [
        ("utf16le.txt", "armenia_ministry_of_defense"),
        ("utf16be.txt", "vladimir_putin"),
        ("bom8.txt", "turkey"),
        ("bom8.txt", "azerbaijan"),
    ] {
        assert!(ids.contains(&want), "{want:?} in {ids:?}");
    }
    // Offsets count code points of the decoded text, after any byte-order mark.
    assert_traceable(&[("utf16le.txt", le), ("utf16be.txt", be), ("bom8.txt", bom8)], &ms);
}

/// The high-water mark of this process's resident memory, in KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_200_mb_line_is_refused_by_its_size_without_being_read() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("good.txt"), "وقالت أذربيجان إن الوضع مستقر.").unwrap();
    let huge = corpus.join("huge.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        let chunk = "أرمينيا ".repeat(1 << 16); // one line, no line break
        let mut written = 0;
        while written < 200_000_000 {
            f.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
    }
    // A crawl with one line far beyond what one article may be.
    let crawl = corpus.join("crawl.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&crawl).unwrap());
        f.write_all(b"{\"id\": \"big\", \"text\": \"").unwrap();
        let chunk = "روسيا ".repeat(1 << 16);
        for _ in 0..((10 << 20) / chunk.len()) {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        f.write_all("\"}\n{\"id\": \"small\", \"text\": \"قالت فرنسا إن الوضع مستقر.\"}\n".as_bytes()).unwrap();
    }

    // In this process: reading the corpus holds neither the file nor the line.
    let before = peak_rss_kib();
    let opts = isnad::corpus::ReadOptions { max_article_bytes: 1_000_000 };
    let c = isnad::corpus::read_corpus(&[&corpus], opts).unwrap();
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        assert!(after < before + 64 * 1024, "peak memory grew from {before} KiB to {after} KiB");
    }
    assert_eq!(c.articles.len(), 2);

    let store = dir.path().join("store");
    let started = Instant::now();
    let o = build(&[&corpus], &store, &["--max-article-bytes", "1000000"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    assert!(err.contains("huge.txt: 20") && err.contains(" bytes, more than the 1000000-byte limit"), "{err}");
    assert!(err.contains("crawl.jsonl:1: a line of more than 6065536 bytes"), "{err}");
    assert!(err.contains("2 articles (2 written"), "{err}");
}

fn timed_build(text: &str, limit: Duration) -> (TempDir, PathBuf, Vec<Value>) {
    let dir = TempDir::new().unwrap();
    let corpus = corpus_dir(&dir, &[("a.txt", text.as_bytes())]);
    let store = dir.path().join("store");
    let started = Instant::now();
    let o = build(&[&corpus], &store, &[]);
    let took = started.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(took < limit, "{took:?} for {} bytes", text.len());
    let ms = mentions(&store);
    assert_traceable(&[("a.txt", text)], &ms);
    (dir, store, ms)
}

#[test]
fn deeply_nested_and_huge_quotes_finish() {
    let nested = format!("قال بوتين: {}روسيا باقية{}. وقالت فرنسا إنها قلقة.", "«".repeat(10_000), "»".repeat(10_000));
    let (_d, store, ms) = timed_build(&nested, Duration::from_secs(30));
    assert!(ms.iter().any(|m| m["actor"]["id"] == "france"));
    assert!(export(&store, "claims-jsonl").contains("\"direct_quote\":true"));
    // A quote of 1 MB, one sentence with 12,500 names in it.
    let huge =
        format!("وقالت الخارجية الأذربيجانية: «{}».", "أرمينيا تسلح نفسها وتهدد السلام في المنطقة، ".repeat(12_500));
    assert!(huge.len() > 1_000_000);
    let (_d, _store, ms) = timed_build(&huge, Duration::from_secs(60));
    assert!(ms.len() > 12_500);
}

#[test]
fn ten_thousand_actors_in_one_sentence() {
    let names = ["روسيا", "فرنسا", "تركيا", "أرمينيا", "أذربيجان", "ألمانيا", "إيران", "جورجيا"];
    let list: Vec<&str> = (0..10_000).map(|i| names[i % names.len()]).collect();
    let text = format!("وقالت {} إن الوضع مستقر.", list.join(" و"));
    let (_d, store, ms) = timed_build(&text, Duration::from_secs(60));
    assert_eq!(ms.len(), 10_000);
    // Every coordinated subject is a speaker: one claim for each actor.
    assert_eq!(export(&store, "claims-jsonl").lines().count(), names.len());
}

#[test]
fn marks_inside_names_and_other_letter_shapes_still_name_actors() {
    // ZWJ, ZWNJ, tatweel, bidi controls and diacritics inside names; Persian
    // ی, ک and ۀ for ي, ك and ة; the spans still point at the characters as written.
    let text = "قال الرئيس الروسي فلاديمير بو\u{200D}تين إن أر\u{200C}مينـيا و\u{202B}أذربيجان\u{202C} تتفاوضان.\r\n\
                وقالت وزارة الدفاع الأذربیجانیۀ إن ترکیا ت\u{2067}دعمها\u{2069}، وأدان الكرملين «\u{200F}فرنسا\u{200E}».\n";
    let (_d, _store, ms) = timed_build(text, Duration::from_secs(30));
    let found: Vec<(&str, &str)> =
        ms.iter().map(|m| (m["actor"]["id"].as_str().unwrap(), m["surface"].as_str().unwrap())).collect();
    for want in [
        ("vladimir_putin", "فلاديمير بو\u{200D}تين"),
        ("armenia", "أر\u{200C}مينـيا"),
        ("azerbaijan", "أذربيجان"),
        ("azerbaijan_ministry_of_defense", "وزارة الدفاع الأذربیجانیۀ"),
        ("turkey", "ترکیا"),
        ("france", "فرنسا"),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
}

#[test]
fn arabic_indic_and_eastern_digits_are_figures() {
    let text = "وقالت أرمينيا إن ٣٢ جنديا قتلوا. وأعلنت أذربيجان مقتل ۴۸۵۰ شخصا. وقالت فرنسا إن ١٠ آلاف شخص نزحوا.";
    let (_d, store, _ms) = timed_build(text, Duration::from_secs(30));
    let o = isnad()
        .args(["query", "--format", "json", "--store"])
        .arg(&store)
        .arg("--file")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/figures.rq"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut figures: Vec<(String, String)> = v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (r["count"]["value"].as_str().unwrap().to_string(), r["surface"]["value"].as_str().unwrap().to_string())
        })
        .collect();
    figures.sort();
    assert_eq!(
        figures,
        [("10000", "١٠ آلاف شخص نزحوا"), ("32", "٣٢ جنديا قتلوا"), ("4850", "مقتل ۴۸۵۰")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn malformed_lexicons_are_named_by_file_line_and_column() {
    let dir = TempDir::new().unwrap();
    let actors = "id\ttype\ten\tar\twikidata\taffiliation\trole\n";
    let verbs = "lemma\timperfect\tparticiple\tmasdar\tclass\ttype\tgeneric\tact\tneeds\tkind\n";
    let cases: [(&str, Vec<u8>, &str); 12] = [
        (
            "actors.tsv",
            format!("{actors}x\tGroup\tX\tس\t\t\t\textra\n").into_bytes(),
            "actors.tsv:2:16: 8 fields where the header has 7 columns",
        ),
        (
            "actors.tsv",
            format!("{actors}x\tGroup\tX\tس\n").into_bytes(),
            "actors.tsv:2:12: 4 fields where the header has 7 columns: the column `wikidata` is missing",
        ),
        (
            "actors.tsv",
            format!("{actors}x\tNation\tX\tس\t\t\t\n").into_bytes(),
            "actors.tsv:2:3: unknown type `Nation`",
        ),
        (
            "actors.tsv",
            format!("{actors}\tGroup\tX\tس\t\t\t\n").into_bytes(),
            "actors.tsv:2:1: the column `id` is empty; it is required",
        ),
        (
            "actors.tsv",
            format!("{actors}x\tGroup\tX\tس\t\t\t\ny\tGroup\tY\tص\t\t\t\nx\tGroup\tX\tش\t\t\t\n").into_bytes(),
            "actors.tsv:4:1: `x` is already defined on line 2 of this file",
        ),
        (
            "reporting-verbs.tsv",
            format!("{verbs}صرح\tيصرح\t\t\tsoundd\tstatement\tyes\tnone\t\tsay\n").into_bytes(),
            "reporting-verbs.tsv:2:12: unknown class `soundd`; one of: sound, hollow, doubled, defective",
        ),
        (
            "reporting-verbs.tsv",
            format!("{verbs}قال\tتقول\tقائل\t\thollow\tstatement\tyes\tsame\t\tsay\n").into_bytes(),
            "reporting-verbs.tsv:2:5: `تقول` is not a third-person imperfect: it must start with ي (يقول، يؤكد)",
        ),
        (
            "words.tsv",
            b"word\tclass\nfoo\tcommon\nba\xe9r\tcommon\n".to_vec(),
            "words.tsv:3:3: not valid UTF-8 (byte 24)",
        ),
        (
            "titles.tsv",
            "pattern\trole\n".as_bytes().to_vec(),
            "titles.tsv:1:1: the header row must name the columns `head\tportfolio\trole\toffice\taffiliation\tkind`",
        ),
        (
            "office-holders.tsv",
            "office\tof\tholder\ten\tar\twikidata\tstart\tend\npresident\tarmenia\tx_y\tX Y\tس ص\t\t2018-13-01\t\n"
                .as_bytes()
                .to_vec(),
            "office-holders.tsv:2:32: `2018-13-01` is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY)",
        ),
        (
            "titles.tsv",
            "head\tportfolio\trole\toffice\taffiliation\tkind\nعمدة\t\tMayor\tmayor\t\toffice\n".as_bytes().to_vec(),
            "titles.tsv:2:13: unknown office `mayor` (see office-holders.tsv)",
        ),
        (
            "figures.tsv",
            "words\tcounts\nقتيل|\tkilled\n".as_bytes().to_vec(),
            "figures.tsv:2:1: an empty alternative between `|` separators",
        ),
    ];
    for (i, (name, content, want)) in cases.iter().enumerate() {
        let lex = dir.path().join(format!("bad{i}"));
        std::fs::create_dir(&lex).unwrap();
        std::fs::write(lex.join(name), content).unwrap();
        let o = isnad().args(["lexicon", "check"]).arg(&lex).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        let shown = format!("isnad: lexicon: {}/{want}", lex.display());
        assert!(err.starts_with(&shown), "`{shown}` in {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        // A build with it stops before touching the store, with the same words.
        let store = dir.path().join(format!("store{i}"));
        let o =
            isnad().arg("build").arg("--store").arg(&store).arg("--lexicon").arg(&lex).arg(seeds()).output().unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).starts_with(&shown), "{}", stderr(&o));
        assert!(!store.exists(), "no store is made");
    }
    let unknown = dir.path().join("unknown");
    std::fs::create_dir(&unknown).unwrap();
    std::fs::write(unknown.join("actor.tsv"), actors).unwrap();
    let o = isnad().args(["lexicon", "check"]).arg(&unknown).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("actor.tsv: not a lexicon file isnad knows (expected one of: claim-types.tsv"));

    // A good overlay passes, with comments, CRLF line ends and a BOM.
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(
        good.join("actors.tsv"),
        format!("\u{FEFF}# my actors\r\n{}yerevan_mayor_office\tOrganization\tYerevan City Hall\tبلدية يريفان\t\tarmenia\t\r\n", actors.replace('\n', "\r\n")),
    )
    .unwrap();
    std::fs::write(good.join("README.md"), "not a lexicon, ignored").unwrap();
    let o = isnad().args(["lexicon", "check"]).arg(&good).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("lexicons ok:"));
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}
