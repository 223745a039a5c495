//! Each classification of `cargo xtask diff` checked against the generated crate itself: for every
//! fixture under `tests/fixtures/diff/breaking/`, a program (`probe.rs`) that compiles against the
//! code generated from the old side fails to compile against the code generated from the new
//! side, with the error code its first line names (`// fails with: E0061`); for every `additive/`
//! and `cosmetic/` fixture it still compiles.
//!
//! One probe crate re-exports the runtime crate as `runtime` (as the SDK does, so the generated
//! code's `crate::runtime` paths resolve), holds one module per distinct generated version and
//! two binaries per fixture (its probe against each side); one `cargo check --keep-going` checks
//! them all in a target directory of its own (`target/diff-compile`), so dependencies are
//! checked once and kept between runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const PROBE_CRATE: &str = "diff_probe";

struct Case {
    /// `breaking/param_made_required`.
    name: String,
    breaking: bool,
    probe: String,
    /// The error code the probe must fail with on the new side (breaking cases).
    fails_with: Option<String>,
    old_module: String,
    new_module: String,
}

fn side(root: &Path, dir: &Path, which: &str) -> doc2sdk_spec::openapi::OpenApi {
    let file = dir.join(format!("{which}.txt"));
    let path = if file.exists() { file } else { dir.join(which) };
    let side = xtask::diff::load(root, &path.display().to_string()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(side.specs.len(), 1, "{}: one service per side", path.display());
    side.specs.into_values().next().expect("one spec")
}

/// Writes a file only when its bytes change, so cargo's fingerprints survive reruns.
fn write(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
    std::fs::write(path, contents).expect("write probe file");
}

/// The lines of one `[section]` of a TOML file, without its header; entries with a `path` (the
/// workspace's own crates) are left out.
fn toml_section(text: &str, header: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.trim_start().starts_with('[') {
            inside = line.trim() == header;
            continue;
        }
        if inside && !line.contains("path =") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The probe crate's manifest: the SDK crate's dependencies, resolved against a copy of the
/// workspace's dependency table, so the generated code compiles as it does in the SDK.
fn manifest(root: &Path) -> String {
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    let sdk = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("SDK manifest");
    // The runtime crate by its path; the other dependencies as the SDK names them.
    let dependencies: String = toml_section(&sdk, "[dependencies]").lines().filter(|l| !l.starts_with("doc2sdk-runtime")).map(|l| format!("{l}\n")).collect();
    format!(
        "[package]\nname = \"{PROBE_CRATE}\"\nversion = \"0.1.0\"\nedition.workspace = true\npublish = false\n\n[workspace]\n\n[workspace.package]\n{}\n[workspace.dependencies]\n{}\n[dependencies]\ndoc2sdk-runtime = {{ path = {:?} }}\n{dependencies}",
        toml_section(&workspace, "[workspace.package]"),
        toml_section(&workspace, "[workspace.dependencies]"),
        root.join("runtime").display().to_string(),
    )
}

#[test]
fn breaking_fixtures_stop_old_programs_compiling_and_the_others_do_not() {
    let root = xtask::workspace_root();
    let fixtures = root.join("tests/fixtures/diff");
    let dir = root.join("target/diff-compile").join(PROBE_CRATE);
    let src = dir.join("src");

    // One module per distinct generated version, named after the first side that produced it.
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut module_for = |spec: &doc2sdk_spec::openapi::OpenApi, name: String| -> String {
        let generated = doc2sdk_codegen::generate(spec, "x").unwrap_or_else(|e| panic!("{name}: {e}"));
        let key: String = generated.iter().map(|f| format!("{}\n{}", f.path, f.contents)).collect();
        if let Some(existing) = modules.get(&key) {
            return existing.clone();
        }
        for file in &generated {
            let (_, rel) = file.path.split_once('/').expect("generated paths are `<module>/<file>`");
            files.insert(src.join(&name).join(rel), file.contents.clone());
        }
        modules.insert(key, name.clone());
        name
    };

    let mut cases = Vec::new();
    for class in ["breaking", "additive", "cosmetic"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures.join(class)).expect("fixture class folder").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for case_dir in dirs {
            let case = case_dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 name").to_owned();
            let probe = std::fs::read_to_string(case_dir.join("probe.rs")).unwrap_or_else(|e| panic!("{class}/{case}/probe.rs: {e}"));
            let fails_with = probe.lines().next().and_then(|l| l.strip_prefix("// fails with: ")).map(|c| c.trim().to_owned());
            assert_eq!(fails_with.is_some(), class == "breaking", "{class}/{case}/probe.rs: breaking probes (and only they) start with `// fails with: E....`");
            let old_module = module_for(&side(&root, &case_dir, "old"), format!("{class}_{case}_old"));
            let new_module = module_for(&side(&root, &case_dir, "new"), format!("{class}_{case}_new"));
            assert_ne!(old_module, new_module, "{class}/{case}: both sides generate the same code");
            cases.push(Case { name: format!("{class}/{case}"), breaking: class == "breaking", probe, fails_with, old_module, new_module });
        }
    }
    assert!(cases.iter().any(|c| c.breaking) && cases.iter().any(|c| !c.breaking), "fixtures of both kinds");

    let mut lib = "//! Generated by tests/diff_compile.rs.\n\npub use doc2sdk_runtime as runtime;\n".to_owned();
    for name in modules.values() {
        lib.push_str(&format!("pub mod {name};\n"));
    }
    files.insert(src.join("lib.rs"), lib);
    let mut bins = BTreeMap::new();
    for case in &cases {
        for (side, module) in [("old", &case.old_module), ("new", &case.new_module)] {
            let bin = format!("{}-{side}", case.name.replace(['/', '_'], "-"));
            files.insert(src.join("bin").join(format!("{bin}.rs")), format!("#![allow(unused)]\nuse {PROBE_CRATE}::{module} as api;\n\n{}", case.probe));
            bins.insert(bin, (case, side));
        }
    }
    files.insert(dir.join("Cargo.toml"), manifest(&root));
    // The workspace's lock file: the same dependency versions, resolved without the network.
    files.insert(dir.join("Cargo.lock"), std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock"));
    if let Ok(entries) = std::fs::read_dir(src.join("bin")) {
        for stale in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| !files.contains_key(p)) {
            std::fs::remove_file(stale).expect("remove a stale probe");
        }
    }
    for (path, contents) in &files {
        write(path, contents);
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--offline", "--bins", "--keep-going", "--message-format=json"])
        .env("CARGO_TARGET_DIR", root.join("target/diff-compile"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo check");

    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let target = message["target"]["name"].as_str().unwrap_or("?").to_owned();
        let rendered = message["message"]["rendered"].as_str().unwrap_or("").to_owned();
        errors.entry(target).or_default().push(rendered);
    }
    if let Some(lib_errors) = errors.get(PROBE_CRATE) {
        panic!("the generated code of the fixtures does not compile ({}):\n{}", dir.display(), lib_errors.join("\n"));
    }
    assert!(
        errors.keys().all(|t| bins.contains_key(t)),
        "errors outside the probes:\n{errors:#?}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut wrong = Vec::new();
    for (bin, (case, side)) in &bins {
        let found = errors.get(bin).map(Vec::as_slice).unwrap_or_default();
        match (*side, case.breaking) {
            ("old", _) if !found.is_empty() => wrong.push(format!("{}: the probe does not compile against the old side:\n{}", case.name, found.join("\n"))),
            ("new", true) if found.is_empty() => wrong.push(format!("{}: classed breaking, but the probe still compiles against the new side", case.name)),
            ("new", true) => {
                let code = case.fails_with.as_deref().expect("breaking probes name their error");
                if !found.iter().any(|e| e.contains(&format!("[{code}]"))) {
                    wrong.push(format!("{}: expected error {code} against the new side, got:\n{}", case.name, found.join("\n")));
                }
            }
            ("new", false) if !found.is_empty() => wrong.push(format!("{}: classed non-breaking, but the probe fails against the new side:\n{}", case.name, found.join("\n"))),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    if !output.status.success() {
        // Only probes expected to fail may have failed; anything else was reported above.
        assert!(errors.values().all(|e| !e.is_empty()), "cargo check failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
}
