//! `cargo xtask`: the command-line front end of doc2sdk.
//!
//! - `regenerate [--check]`: documents -> spec -> SDK code, writing only files whose bytes change
//! - `scrape FILE...`: any page(s) -> OpenAPI JSON on stdout, diagnostics on stderr
//! - `test`: installs the official SDK oracles into `.venv-oracles` and runs every test

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{regenerate, test, workspace_root};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "doc2sdk: vendor API documents -> OpenAPI spec -> typed, signed Rust SDK")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every spec and SDK module from the documents under `docs/`.
    Regenerate {
        /// Write nothing; exit 1 with a diff when a checked-in file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Scrape pages into an OpenAPI document on stdout; diagnostics go to stderr.
    Scrape {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Set up the official-SDK oracles and run every workspace test.
    Test {
        /// Extra arguments for `cargo test`.
        #[arg(trailing_var_arg = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::Regenerate { check } => regenerate::run(&root, check),
        Command::Scrape { files } => regenerate::scrape_files(&files),
        Command::Test { args } => test::run(&root, &args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
