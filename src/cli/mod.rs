//! The `isnad` binary: argument parsing, progress, printing, exit codes. The
//! library does the work; this module decides what the user sees.

mod analyze;
pub mod args;
mod build;
mod eval;
mod export;
mod extract;
mod query;
mod report;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use args::{Cli, Command, LexiconCommand};
use isnad::lexicon::Lexicon;

/// How a command ended, mapped to the documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything went well: exit 0.
    Ok,
    /// Done, but some inputs were bad and skipped: exit 1.
    Partial,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Extract(a) => extract::run(a),
        Command::Query(a) => {
            let store = a.store.clone();
            while_writing(&store, query::run(a))
        }
        Command::Export(a) => {
            let store = a.store.clone();
            while_writing(&store, export::run(a))
        }
        Command::Eval(a) => eval::run(a),
        Command::Report(a) => {
            let store = a.store.clone();
            while_writing(&store, report::run(a))
        }
        Command::Analyze(a) => analyze::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Lexicon(LexiconCommand::Check { dirs }) => lexicon_check(&dirs),
    }
}

/// A reader sees the store as it was when it opened it; a build writing at
/// the same time may compact away files that view still names. A read that
/// fails while a build holds the store says the store is busy, not corrupt.
fn while_writing(store: &std::path::Path, r: anyhow::Result<Outcome>) -> anyhow::Result<Outcome> {
    match r {
        Err(e) if isnad::store::embedded::writer_active(store) && !is_broken_pipe(&e) => {
            Err(isnad::store::embedded::StoreError::Locked(store.display().to_string()).into())
        }
        r => r,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let is_pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(is_pipe)
            || matches!(c.downcast_ref::<isnad::store::ReadError>(), Some(isnad::store::ReadError::Io(io)) if is_pipe(io))
    })
}

/// Exit code for a result; a broken pipe (`isnad export | head`) is success.
pub fn exit_code(r: anyhow::Result<Outcome>) -> ExitCode {
    match r {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("isnad: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The corpus paths, or `seeds/` when none is given.
pub fn corpus_or_seeds(paths: Vec<PathBuf>) -> anyhow::Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    let seeds = PathBuf::from("seeds");
    if seeds.is_dir() {
        Ok(vec![seeds])
    } else {
        anyhow::bail!(
            "no corpus given and no seeds/ directory here; name a corpus directory or file (isnad build CORPUS...)"
        )
    }
}

/// Loads the lexicons with overlays, errors naming file, line and column.
pub fn load_lexicon(dirs: &[PathBuf]) -> anyhow::Result<Lexicon> {
    Lexicon::load(dirs).map_err(|e| anyhow::anyhow!("lexicon: {e}"))
}

fn lexicon_check(dirs: &[PathBuf]) -> anyhow::Result<Outcome> {
    let lex = load_lexicon(dirs)?;
    let ex = isnad::extract::Extractor::new(lex);
    let l = ex.lexicon();
    println!(
        "lexicons ok: {} states, {} actors and places, {} body patterns, {} titles, {} common words, {} junk rules ({} trie nodes); fingerprint {}",
        l.states.len(),
        l.actors.len(),
        l.bodies.len(),
        l.titles.len(),
        l.words.len(),
        l.junk.len(),
        ex.gazetteer().actor_trie.len(),
        l.fingerprint
    );
    for (name, _) in &l.sources {
        println!("  read {name}");
    }
    Ok(Outcome::Ok)
}
