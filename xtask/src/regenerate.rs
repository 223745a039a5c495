//! `regenerate` (documents -> spec -> code) and `scrape`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use doc2sdk_spec::openapi::{OpenApi, Schema};
use doc2sdk_spec::overrides::Overrides;
use doc2sdk_spec::settings::ServiceSettings;
use doc2sdk_spec::{display_name, scrape, to_json, Input, Severity};

pub fn scrape_files(files: &[PathBuf], model: bool) -> Result<ExitCode, String> {
    let mut inputs = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        inputs.push(Input { name: file.display().to_string(), bytes });
    }
    let scraped = scrape(&inputs, None);
    for (doc, language) in &scraped.documents {
        let mut forms: Vec<(&str, usize)> = Vec::new();
        for (_, form) in &doc.table_forms {
            match forms.iter_mut().find(|(n, _)| *n == form.name()) {
                Some(entry) => entry.1 += 1,
                None => forms.push((form.name(), 1)),
            }
        }
        let tables = forms.iter().map(|(name, n)| format!("{n} in {name}")).collect::<Vec<_>>().join(", ");
        eprintln!("{}: read as {}, language {}; tables: {}", doc.file, doc.form.name(), language.map_or("unknown", |l| l.tag()), if tables.is_empty() { "none".to_owned() } else { tables });
    }
    for page in &scraped.pages {
        eprintln!("{page}");
    }
    for d in &scraped.diagnostics {
        eprintln!("{d}");
    }
    if model {
        for (doc, _) in &scraped.documents {
            println!("{}", serde_json::to_string_pretty(doc).map_err(|e| e.to_string())?);
        }
    } else {
        print!("{}", to_json(&scraped.spec));
    }
    Ok(ExitCode::SUCCESS)
}

/// Everything `regenerate` would write, by workspace-relative path, plus the summary.
pub struct Plan {
    pub files: BTreeMap<PathBuf, String>,
    /// Folders whose files (at any depth) are all the plan's: a file in them the plan does not
    /// write is stale and removed.
    pub owned_dirs: Vec<PathBuf>,
    pub summary: String,
}

/// Documents -> spec -> code for every service folder under `docs/` that has a `service.toml`.
pub fn plan(root: &Path) -> Result<Plan, String> {
    let mut files = BTreeMap::new();
    let mut owned_dirs = Vec::new();
    let mut summary = String::new();
    let mut services = Vec::new();
    let docs = root.join("docs");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&docs).map_err(|e| format!("cannot read `{}`: {e}", docs.display()))?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        let settings_path = folder.join("service.toml");
        let name = display_name(root, &folder);
        if !settings_path.exists() {
            let _ = writeln!(summary, "{name}: skipped, no service.toml (no settings for this service yet)");
            continue;
        }
        let settings_text = std::fs::read_to_string(&settings_path).map_err(|e| format!("cannot read `{}`: {e}", settings_path.display()))?;
        let settings = ServiceSettings::parse(&display_name(root, &settings_path), &settings_text).map_err(|e| e.to_string())?;
        let mut doc_paths: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && !matches!(p.file_name().and_then(|n| n.to_str()), Some("service.toml" | "overrides.toml" | "README.md")))
            .collect();
        doc_paths.sort();
        let mut inputs = Vec::new();
        for path in &doc_paths {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            inputs.push(Input { name: display_name(root, path), bytes });
        }
        let scraped = scrape(&inputs, Some(&settings));
        let mut spec = scraped.spec;
        let overrides_path = folder.join("overrides.toml");
        if overrides_path.exists() {
            let text = std::fs::read_to_string(&overrides_path).map_err(|e| e.to_string())?;
            let overrides = Overrides::parse(&display_name(root, &overrides_path), &text).map_err(|e| e.to_string())?;
            spec = overrides.apply(&spec).map_err(|e| e.to_string())?;
        }
        settings.apply_parameters(&mut spec);
        let spec_rel = PathBuf::from(format!("spec/openapi/{}-{}.json", settings.module, settings.api_version.value));
        let spec_text = to_json(&spec);
        // The generator reads exactly what is on disk.
        let spec_on_disk: OpenApi = serde_json::from_str(&spec_text).map_err(|e| format!("spec does not round-trip: {e}"))?;
        let generated = doc2sdk_codegen::generate(&spec_on_disk, &spec_rel.display().to_string()).map_err(|e| e.to_string())?;
        files.insert(spec_rel.clone(), spec_text);
        services.push(doc2sdk_codegen::CrateService::of(&spec_on_disk));
        for file in generated {
            files.insert(PathBuf::from("generated/src").join(&file.path), file.contents);
        }

        for ((doc, language), (parts, read)) in scraped.documents.iter().zip(&scraped.sections) {
            let ops: Vec<&str> = spec.x_doc2sdk.documents.iter().filter(|d| d.path == doc.file).flat_map(|d| d.operations.iter().map(String::as_str)).collect();
            let unread = if read < parts { format!(" ({} could not be read: see the errors below)", parts - read) } else { String::new() };
            let _ = writeln!(summary, "{}: read as {}, {}, {read} of {parts} operations{unread}: {}", doc.file, doc.form.name(), language.map_or("unknown", |l| l.tag()), if ops.is_empty() { "none".to_owned() } else { ops.join(", ") });
        }
        let counts = Counts::of(&spec);
        let count = |s: Severity| scraped.diagnostics.iter().filter(|d| d.severity == s).count();
        let _ = writeln!(
            summary,
            "{} {} -> {}: {} operations, {} request parameters, {} response fields, {} error codes, {} overrides; diagnostics: {} errors, {} warnings, {} notes",
            settings.module,
            settings.api_version.value,
            spec_rel.display(),
            counts.operations,
            counts.parameters,
            counts.response_fields,
            counts.error_codes,
            spec.x_doc2sdk.overrides.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Note)
        );
        for o in &spec.x_doc2sdk.overrides {
            let _ = writeln!(summary, "  override {}: {}", o.target, o.reason);
        }
        for d in &scraped.diagnostics {
            let _ = writeln!(summary, "  {d}");
        }
    }
    // The SDK crate around the modules: a feature and a `lib.rs` entry per service. Everything
    // under `generated/` is the plan's: a file no service writes any more is removed.
    for file in doc2sdk_codegen::sdk_crate(&services).map_err(|e| e.to_string())? {
        files.insert(PathBuf::from("generated").join(&file.path), file.contents);
    }
    owned_dirs.push(PathBuf::from("generated"));
    Ok(Plan { files, owned_dirs, summary })
}

struct Counts {
    operations: usize,
    parameters: usize,
    response_fields: usize,
    error_codes: usize,
}

impl Counts {
    fn of(spec: &OpenApi) -> Self {
        fn fields(s: &Schema) -> usize {
            s.properties.values().map(|p| 1 + fields(p)).sum::<usize>() + s.items.as_deref().map_or(0, fields)
        }
        let mut c = Counts { operations: 0, parameters: 0, response_fields: 0, error_codes: 0 };
        for item in spec.paths.values() {
            for (_, op) in item.operations() {
                c.operations += 1;
                c.parameters += op.parameters.len() + op.request_body.iter().flat_map(|b| b.content.values()).map(|m| fields(&m.schema)).sum::<usize>();
                c.response_fields += op.responses.values().flat_map(|r| r.content.values()).map(|m| fields(&m.schema)).sum::<usize>();
                c.error_codes += op.x_error_codes.len();
            }
        }
        c
    }
}

/// Differences between the plan and the files on disk: (path, old, new); a missing side is empty.
pub fn stale(root: &Path, plan: &Plan) -> Vec<(PathBuf, String, String)> {
    let mut out = Vec::new();
    for (path, contents) in &plan.files {
        let old = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        if &old != contents {
            out.push((path.clone(), old, contents.clone()));
        }
    }
    for dir in &plan.owned_dirs {
        let mut extra: Vec<PathBuf> = files_under(root, dir).into_iter().filter(|p| !plan.files.contains_key(p)).collect();
        extra.sort();
        for path in extra {
            let old = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
            out.push((path, old, String::new()));
        }
    }
    out
}

/// Every file under `dir` (relative to `root`), at any depth, relative to `root`.
fn files_under(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else { continue };
        for entry in entries.filter_map(Result::ok) {
            let path = dir.join(entry.file_name());
            match entry.file_type() {
                Ok(t) if t.is_dir() => pending.push(path),
                Ok(_) => out.push(path),
                Err(_) => {}
            }
        }
    }
    out
}

pub fn run(root: &Path, check: bool, diff: bool) -> Result<ExitCode, String> {
    let plan = plan(root)?;
    print!("{}", plan.summary);
    if diff {
        print!("{}", crate::diff::against_disk(root, &plan.files)?);
    }
    let stale = stale(root, &plan);
    if check {
        if stale.is_empty() {
            println!("everything checked in is up to date ({} files)", plan.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for (path, old, new) in &stale {
            println!("stale: {}", path.display());
            let diff = similar::TextDiff::from_lines(old, new);
            print!("{}", diff.unified_diff().context_radius(2).header(&format!("a/{}", path.display()), &format!("b/{}", path.display())));
        }
        println!("{} file(s) are stale: run `cargo xtask regenerate` and commit", stale.len());
        return Ok(ExitCode::FAILURE);
    }
    for (path, _, new) in &stale {
        let full = root.join(path);
        if new.is_empty() && !plan.files.contains_key(path) {
            std::fs::remove_file(&full).map_err(|e| format!("cannot remove `{}`: {e}", full.display()))?;
            println!("removed {}", path.display());
            continue;
        }
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&full, new).map_err(|e| format!("cannot write `{}`: {e}", full.display()))?;
        println!("wrote {}", path.display());
    }
    println!("{} file(s) written, {} unchanged", stale.len(), plan.files.len() - stale.iter().filter(|(p, _, _)| plan.files.contains_key(p)).count());
    Ok(ExitCode::SUCCESS)
}
