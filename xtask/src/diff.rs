//! `cargo xtask diff OLD NEW`: what changed between two versions of a service, classed by what it
//! breaks in the generated crate and on the wire (the classing itself is `doc2sdk_spec::diff`).
//!
//! Each side is one of:
//! - a file: an OpenAPI spec when it parses as one (JSON with an `openapi` key), else a document
//!   scraped as `cargo xtask scrape` does;
//! - a folder: every document and spec in it, documents scraped together with the folder's
//!   `service.toml` and `overrides.toml` when present (as `regenerate` does);
//! - `WORKTREE`: the specs under `spec/openapi/` on disk;
//! - a git revision (`HEAD~1`, `main`): the specs under `spec/openapi/` at that revision.
//!
//! An argument that names an existing path is a path, even if it also names a revision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use doc2sdk_spec::diff::{self, ChangeSet, FailOn};
use doc2sdk_spec::openapi::OpenApi;
use doc2sdk_spec::overrides::Overrides;
use doc2sdk_spec::settings::ServiceSettings;
use doc2sdk_spec::{display_name, scrape, Diagnostic, Input};

/// The folder of checked-in specs, relative to the workspace.
const SPEC_DIR: &str = "spec/openapi";

/// Files in a document folder that are not documents.
const NOT_DOCUMENTS: &[&str] = &["service.toml", "overrides.toml", "README.md"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The changelog, grouped by operation, a severity on each line.
    Markdown,
    /// The change set for tools.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Threshold {
    /// Exit 1 when a change is breaking for the crate or on the wire.
    Breaking,
    /// Exit 1 when a change is more than cosmetic for the crate or non-breaking on the wire.
    Additive,
}

/// One side of a comparison: the specs it stands for, by module, and what scraping reported.
pub struct Side {
    pub label: String,
    pub specs: BTreeMap<String, OpenApi>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads one side from a command-line argument (see the module docs).
pub fn load(root: &Path, arg: &str) -> Result<Side, String> {
    let path = Path::new(arg);
    if path.exists() {
        let paths = if path.is_dir() { folder_files(path)? } else { vec![path.to_path_buf()] };
        let settings_dir = path.is_dir().then_some(path);
        return load_files(root, arg, &paths, settings_dir);
    }
    if arg == "WORKTREE" {
        return load_files(root, arg, &spec_files(&root.join(SPEC_DIR))?, None);
    }
    load_revision(root, arg)
}

/// Documents and spec files as one side; documents are scraped together, with the settings
/// and overrides of `settings_dir` when it has them.
pub fn load_files(root: &Path, label: &str, paths: &[PathBuf], settings_dir: Option<&Path>) -> Result<Side, String> {
    let mut specs = BTreeMap::new();
    let mut inputs = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let name = name_of(root, path);
        match as_spec(&name, &bytes)? {
            Some(spec) => insert(&mut specs, spec, &name)?,
            None => inputs.push(Input { name, bytes }),
        }
    }
    let mut diagnostics = Vec::new();
    if !inputs.is_empty() {
        let settings = match settings_dir.map(|d| d.join("service.toml")).filter(|p| p.exists()) {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
                Some(ServiceSettings::parse(&name_of(root, &p), &text).map_err(|e| e.to_string())?)
            }
            None => None,
        };
        let scraped = scrape(&inputs, settings.as_ref());
        diagnostics = scraped.diagnostics;
        let mut spec = scraped.spec;
        if let Some(p) = settings_dir.map(|d| d.join("overrides.toml")).filter(|p| p.exists()) {
            let text = std::fs::read_to_string(&p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
            spec = Overrides::parse(&name_of(root, &p), &text).map_err(|e| e.to_string())?.apply(&spec).map_err(|e| e.to_string())?;
        }
        if let Some(settings) = &settings {
            settings.apply_parameters(&mut spec);
        }
        insert(&mut specs, spec, label)?;
    }
    if specs.is_empty() {
        return Err(format!("`{label}` holds no document and no spec"));
    }
    Ok(Side { label: label.to_owned(), specs, diagnostics })
}

/// The specs under `spec/openapi/` at a git revision.
pub fn load_revision(root: &Path, rev: &str) -> Result<Side, String> {
    git(root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).map_err(|_| format!("`{rev}` is neither a file, a folder, `WORKTREE` nor a git revision"))?;
    let listing = git(root, &["ls-tree", "--name-only", rev, "--", &format!("{SPEC_DIR}/")])?;
    let mut specs = BTreeMap::new();
    for path in listing.lines().filter(|p| p.ends_with(".json")) {
        let text = git(root, &["show", &format!("{rev}:{path}")])?;
        let name = format!("{rev}:{path}");
        match as_spec(&name, text.as_bytes())? {
            Some(spec) => insert(&mut specs, spec, &name)?,
            None => return Err(format!("`{name}` is not an OpenAPI spec")),
        }
    }
    if specs.is_empty() {
        return Err(format!("`{rev}` has no spec under `{SPEC_DIR}/`"));
    }
    Ok(Side { label: rev.to_owned(), specs, diagnostics: Vec::new() })
}

/// Compares two sides service by service. Two sides of one service each are compared whatever
/// their module names (a page scraped without settings may guess another name).
pub fn compare(old: &Side, new: &Side) -> ChangeSet {
    let services = if old.specs.len() == 1 && new.specs.len() == 1 {
        old.specs.values().zip(new.specs.values()).map(|(o, n)| diff::compare(o, n)).collect()
    } else {
        let modules: std::collections::BTreeSet<&String> = old.specs.keys().chain(new.specs.keys()).collect();
        modules
            .into_iter()
            .map(|m| match (old.specs.get(m), new.specs.get(m)) {
                (Some(o), Some(n)) => diff::compare(o, n),
                (Some(o), None) => diff::service_removed(o),
                (None, Some(n)) => diff::service_added(n),
                (None, None) => unreachable!("module comes from one of the sides"),
            })
            .collect()
    };
    ChangeSet::new(&old.label, &new.label, services)
}

pub fn run(root: &Path, old: &str, new: &str, format: Format, fail_on: Option<Threshold>) -> Result<ExitCode, String> {
    let (old, new) = (load(root, old)?, load(root, new)?);
    for d in old.diagnostics.iter().chain(&new.diagnostics) {
        eprintln!("{d}");
    }
    let set = compare(&old, &new);
    match format {
        Format::Markdown => print!("{}", set.to_markdown()),
        Format::Json => print!("{}", set.to_json()),
    }
    let threshold = fail_on.map(|t| match t {
        Threshold::Breaking => FailOn::Breaking,
        Threshold::Additive => FailOn::Additive,
    });
    if let Some(t) = threshold.filter(|t| set.fails(*t)) {
        eprintln!("error: changes at or above `--fail-on {}`", if t == FailOn::Breaking { "breaking" } else { "additive" });
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The changelog of the specs `regenerate` is about to write against the ones on disk.
pub fn against_disk(root: &Path, planned: &BTreeMap<PathBuf, String>) -> Result<String, String> {
    let mut old = BTreeMap::new();
    let mut new = BTreeMap::new();
    for (path, text) in planned.iter().filter(|(p, _)| p.starts_with(SPEC_DIR)) {
        let name = path.display().to_string();
        if let Some(spec) = as_spec(&name, text.as_bytes())? {
            insert(&mut new, spec, &name)?;
        }
        if let Ok(bytes) = std::fs::read(root.join(path)) {
            if let Some(spec) = as_spec(&name, &bytes)? {
                insert(&mut old, spec, &name)?;
            }
        }
    }
    let old = Side { label: "on disk".to_owned(), specs: old, diagnostics: Vec::new() };
    let new = Side { label: "regenerated".to_owned(), specs: new, diagnostics: Vec::new() };
    Ok(compare(&old, &new).to_markdown())
}

/// `Some` when the bytes are an OpenAPI document (JSON with an `openapi` key), an error when they
/// claim to be one and do not parse, `None` for anything else.
fn as_spec(name: &str, bytes: &[u8]) -> Result<Option<OpenApi>, String> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(bytes) else { return Ok(None) };
    if !map.contains_key("openapi") {
        return Ok(None);
    }
    serde_json::from_value(serde_json::Value::Object(map)).map(Some).map_err(|e| format!("`{name}` is an OpenAPI document doc2sdk cannot read: {e}"))
}

fn insert(specs: &mut BTreeMap<String, OpenApi>, spec: OpenApi, name: &str) -> Result<(), String> {
    let module = spec.x_doc2sdk.module.clone();
    if specs.insert(module.clone(), spec).is_some() {
        return Err(format!("`{name}` holds a second spec of service `{module}`"));
    }
    Ok(())
}

/// The name a file is shown by: workspace-relative when it is in the workspace.
fn name_of(root: &Path, path: &Path) -> String {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(r), Ok(p)) if p.starts_with(&r) => display_name(&r, &p),
        _ => path.display().to_string(),
    }
}

/// The documents and specs of a folder, sorted.
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.') && !NOT_DOCUMENTS.contains(&n)))
        .collect();
    files.sort();
    Ok(files)
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(folder_files(dir)?.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!("`git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("`git {}` printed non-UTF-8: {e}", args.join(" ")))
}
