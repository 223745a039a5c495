//! `cargo xtask`: the command-line front end of doc2sdk.
//!
//! - `regenerate [--check] [--diff]`: documents -> spec -> SDK code, writing only files whose bytes change
//! - `new-service MODULE PAGE...`: starts a service from its pages: `docs/<module>/` with a
//!   `service.toml` of the facts the pages state and questions for the rest
//! - `scrape FILE...`: any page(s) -> OpenAPI JSON on stdout, diagnostics on stderr
//! - `diff OLD NEW`: what changed between two versions (documents, specs, folders or git revisions)
//!   and what it breaks, as a changelog or JSON
//! - `score-pages DIR...`: scores the scraper on pages with hand-made answer keys
//! - `test`: installs the official SDK oracles into `.venv-oracles` and runs every test

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{diff, new_service, regenerate, score, test, workspace_root};

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
        /// Also print the changelog of the specs against the ones on disk.
        #[arg(long)]
        diff: bool,
    },
    /// Start a service from its API reference pages: `docs/<MODULE>/` with the pages and a
    /// `service.toml` of the facts they state, and a question for each fact they do not.
    NewService {
        /// The Rust module and cargo feature name (`ens`).
        module: String,
        #[arg(required = true)]
        pages: Vec<PathBuf>,
    },
    /// Scrape pages into an OpenAPI document on stdout; diagnostics go to stderr.
    Scrape {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the document model (what the readers saw) instead of the spec.
        #[arg(long)]
        model: bool,
    },
    /// What changed between OLD and NEW, classed by what it breaks in the crate and on the wire.
    Diff {
        /// A document, a spec file, a folder of documents, `WORKTREE` or a git revision.
        old: String,
        /// Same forms as OLD.
        new: String,
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
        /// Exit 1 when a change reaches this level.
        #[arg(long, value_enum)]
        fail_on: Option<diff::Threshold>,
    },
    /// Score the scraper on folders of pages with answer keys (`page.txt` + `page.json`).
    ScorePages {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Also list, per page, what was missed or read in excess.
        #[arg(long, short)]
        verbose: bool,
        /// Score the identifier-renaming mutation of every page instead.
        #[arg(long)]
        mutate: bool,
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
        Command::Regenerate { check, diff } => regenerate::run(&root, check, diff),
        Command::NewService { module, pages } => new_service::run(&root, &module, &pages),
        Command::Scrape { files, model } => regenerate::scrape_files(&files, model),
        Command::Diff { old, new, format, fail_on } => diff::run(&root, &old, &new, format, fail_on),
        Command::ScorePages { dirs, verbose, mutate } => score::run(&dirs, verbose, mutate),
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
