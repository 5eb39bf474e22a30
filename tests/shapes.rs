//! The SHACL shapes of `ontology/shapes.ttl`, checked by pySHACL through
//! `tests/external/shacl_check.py`: the seeds' store meets them, and a dump
//! broken on purpose fails with each violation named. A check whose client
//! is missing says why and is skipped; `.ci/run` installs pySHACL.

mod common;
use common::{python_with, root};

use std::path::{Path, PathBuf};
use std::process::{Command as Std, Output};

use tempfile::TempDir;

const ISNAD: &str = "https://w3id.org/isnad/ontology#";
const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const PREF_LABEL: &str = "<http://www.w3.org/2004/02/skos/core#prefLabel>";
const TA_IDENT_REF: &str = "<http://www.w3.org/2005/11/its/rdf#taIdentRef>";
const XSD_INTEGER: &str = "^^<http://www.w3.org/2001/XMLSchema#integer>";

/// The seeds built and analysed (so the analysis graph is there too), dumped
/// as N-Quads into `dir/seeds.nq`.
fn seeds_dump(dir: &Path) -> (PathBuf, String) {
    let store = dir.join("store");
    let o = common::build(&[&common::seeds()], &store);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = common::isnad().args(["analyze", "--format", "json", "--store"]).arg(&store).output().unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let nq = common::export(&store, "nquads");
    let path = dir.join("seeds.nq");
    std::fs::write(&path, &nq).unwrap();
    (path, nq)
}

fn shacl_check(dump: &Path) -> Output {
    Std::new("python3")
        .arg(root().join("tests/external/shacl_check.py"))
        .arg(dump)
        .arg(root().join("ontology/shapes.ttl"))
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

/// How many focus nodes the checker says `shape` selected.
fn focus_count(out: &str, shape: &str) -> usize {
    let line = out.lines().find(|l| l.starts_with("focus nodes: ")).expect(out);
    let at = line.find(&format!("isnadsh:{shape} ")).unwrap_or_else(|| panic!("{shape} in {line}"));
    line[at + shape.len() + 9..].split([',', ')']).next().unwrap().trim().parse().unwrap()
}

/// The subject of an N-Quads line.
fn subject(line: &str) -> &str {
    line.split(' ').next().unwrap()
}

/// The integer in an N-Quads line's object `"N"^^xsd:integer`.
fn integer(line: &str) -> usize {
    let end = line.find(&format!("\"{XSD_INTEGER}")).expect(line);
    let start = line[..end].rfind('"').unwrap() + 1;
    line[start..end].parse().unwrap()
}

#[test]
fn the_seeds_meet_the_shapes() {
    if !python_with("pyshacl") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let (dump, nq) = seeds_dump(dir.path());
    let o = shacl_check(&dump);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("conforms: true"), "{out}");
    assert!(out.lines().any(|l| l == "violations: 0"), "{out}");
    // The data was read and targeted: every claim, relation, article and
    // sentence of the dump was a focus node.
    let typed = |class: &str| nq.lines().filter(|l| l.contains(&format!("> {RDF_TYPE} <{class}> "))).count();
    let claims = typed(&format!("{ISNAD}Claim"));
    assert!(claims > 100, "{claims} claims");
    assert_eq!(focus_count(&out, "ClaimShape"), claims, "{out}");
    assert_eq!(focus_count(&out, "RelationShape"), typed(&format!("{ISNAD}Relation")), "{out}");
    assert_eq!(focus_count(&out, "SentenceShape"), typed(&format!("{NIF}Sentence")), "{out}");
    assert_eq!(focus_count(&out, "ArticleShape"), 5, "{out}");
    assert!(focus_count(&out, "MentionShape") > 500, "{out}");
    assert!(focus_count(&out, "ActorShape") > 1000, "{out}");
}

#[test]
fn a_broken_graph_fails_with_each_violation_named() {
    if !python_with("pyshacl") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let (_, nq) = seeds_dump(dir.path());
    let mut lines: Vec<String> = nq.lines().map(str::to_string).collect();
    // A claim without its speaker.
    let at = lines.iter().position(|l| l.contains(&format!(" <{ISNAD}speaker> "))).unwrap();
    let claim = subject(&lines.remove(at)).to_string();
    // A mention whose end comes before its begin.
    let mention = lines
        .iter()
        .filter(|l| l.contains(TA_IDENT_REF))
        .map(|l| subject(l).to_string())
        .find(|s| !s.contains("#char=0,"))
        .unwrap();
    let begin = integer(lines.iter().find(|l| l.starts_with(&format!("{mention} <{NIF}beginIndex> "))).unwrap());
    let at = lines.iter().position(|l| l.starts_with(&format!("{mention} <{NIF}endIndex> "))).unwrap();
    let end = integer(&lines[at]);
    lines[at] = lines[at].replace(&format!("\"{end}\"{XSD_INTEGER}"), &format!("\"{}\"{XSD_INTEGER}", begin - 1));
    // A sentence whose begin offset is a string.
    let at =
        lines.iter().position(|l| l.contains("/sentence/") && l.contains(&format!(" <{NIF}beginIndex> "))).unwrap();
    let sentence = subject(&lines[at]).to_string();
    lines[at] = lines[at].replace(XSD_INTEGER, "");
    // An actor without its Arabic label.
    let actor = "<https://w3id.org/isnad/actor/armenia>";
    let at =
        lines.iter().position(|l| l.starts_with(&format!("{actor} {PREF_LABEL} ")) && l.contains("\"@ar ")).unwrap();
    lines.remove(at);
    let broken = dir.path().join("broken.nq");
    std::fs::write(&broken, lines.join("\n") + "\n").unwrap();

    let o = shacl_check(&broken);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(out.contains("conforms: false"), "{out}");
    let named = |focus: &str, path: &str, constraint: &str| {
        out.lines().any(|l| {
            l.starts_with("violation: ")
                && l.contains(&format!("focus={focus} "))
                && l.contains(&format!("path={path} "))
                && l.contains(&format!("constraint={constraint} "))
        })
    };
    assert!(named(&claim, "isnad:speaker", "sh:MinCountConstraintComponent"), "speaker of {claim}:\n{out}");
    assert!(named(&mention, "nif:beginIndex", "sh:LessThanConstraintComponent"), "offsets of {mention}:\n{out}");
    assert!(named(&sentence, "nif:beginIndex", "sh:DatatypeConstraintComponent"), "datatype of {sentence}:\n{out}");
    assert!(named(actor, "skos:prefLabel", "sh:QualifiedMinCountConstraintComponent"), "label of {actor}:\n{out}");
    let count: usize = out.lines().find_map(|l| l.strip_prefix("violations: ")).unwrap().parse().unwrap();
    assert_eq!(count, out.lines().filter(|l| l.starts_with("violation: ")).count(), "{out}");
}

#[test]
fn an_unreadable_dump_is_an_error_not_a_traceback() {
    if !python_with("pyshacl") {
        return;
    }
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("bad.nq");
    std::fs::write(&bad, "<https://w3id.org/isnad/article/x> <http://example.org/p> \"unterminated .\n").unwrap();
    for dump in [bad, dir.path().join("missing.nq")] {
        let o = shacl_check(&dump);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
        assert!(err.starts_with("shacl_check: "), "{err}");
        assert!(err.contains(&dump.display().to_string()), "{err}");
        assert!(!err.contains("Traceback"), "{err}");
    }
}
