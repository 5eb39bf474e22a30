//! `isnad`: parse the command line, run, map the outcome to an exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates many small strings and vectors per sentence;
/// mimalloc serves them faster than the system allocator. It replaces
/// `malloc` for RocksDB too (the `override` feature): Oxigraph frees some
/// RocksDB strings through Rust's allocator, so the two must be one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    cli::exit_code(cli::run(args))
}
