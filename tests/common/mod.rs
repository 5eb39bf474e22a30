//! Helpers shared by the end-to-end tests of the `isnad` binary.
#![allow(dead_code)] // each test crate uses its own share of them

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `python3` can import `module`; says why a check is skipped when
/// it cannot (`.ci/run` installs every client, so CI never skips).
pub fn python_with(module: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        println!("skipped: python3 with `{module}` is not available (pip install -r tests/external/requirements.txt)");
    }
    ok
}

/// The bundled seed corpus.
pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// The binary under test.
pub fn isnad() -> Command {
    Command::cargo_bin("isnad").unwrap()
}

/// `isnad build --quiet` of `corpus` into `store`.
pub fn build(corpus: &[&Path], store: &Path) -> Output {
    build_with(corpus, store, &[])
}

/// The same, with more arguments.
pub fn build_with(corpus: &[&Path], store: &Path, extra: &[&str]) -> Output {
    let mut cmd = isnad();
    cmd.arg("build").arg("--store").arg(store).arg("--quiet").args(extra);
    for c in corpus {
        cmd.arg(c);
    }
    cmd.output().unwrap()
}

/// A command's standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `isnad export --format <format>` of a store, which must succeed.
pub fn export(store: &Path, format: &str) -> String {
    let o = isnad().args(["export", "--format", format, "--store"]).arg(store).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}
