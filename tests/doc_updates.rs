//! The maintainer's workflow on a real update: the vendor's current pages of four SAE operations
//! (`../shared/pages/updates/sae-2019-05-06`, read from there, never copied) put beside the 2022
//! manual. The newer pages win operation by operation (the manual's sections are recorded as
//! superseded), and the diff against the manual-only build reports what changed. Checked against
//! the official SDK's current models: every parameter or field reported as added is in the
//! official model, and every official item the new pages document that the manual lacked is
//! reported as added.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use doc2sdk_tests::oracle::{run_oracle_script, ORACLE_PYTHON_ENV};
use serde_json::{json, Value};
use xtask::diff::{compare, load};

const OPERATIONS: [&str; 4] = ["DescribeApplicationScalingRule", "DescribeNamespaceResources", "ListChangeOrders", "StopApplication"];

/// Whether the official SDKs are installed (`cargo xtask test` installs them).
fn oracle_available() -> bool {
    std::env::var_os(ORACLE_PYTHON_ENV).map(PathBuf::from).unwrap_or_else(|| root().join(".venv-oracles/bin/python")).exists()
}

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn updates() -> Option<PathBuf> {
    let dir = root().parent()?.join("shared/pages/updates/sae-2019-05-06");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent (the shared corpus sits beside the project in CI)", dir.display());
        None
    }
}

/// `docs/sae` plus the four pages, in a fresh folder, as a maintainer would put them. The one
/// page that states no date gets it in `service.toml`, with its source.
fn updated_docs(pages: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("doc2sdk-updates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(root().join("docs/sae")).expect("docs/sae").flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    for entry in std::fs::read_dir(pages).expect("updates").flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
        }
    }
    let mut settings = std::fs::read_to_string(dir.join("service.toml")).expect("service.toml");
    settings.push_str(
        "\n[documents.\"DescribeNamespaceResources.md\".updated]\nvalue = \"2026-01-13\"\nsource = \"saved with the three other pages (更新时间：2026-01-13); its own 更新时间 is empty\"\n",
    );
    std::fs::write(dir.join("service.toml"), settings).expect("write service.toml");
    dir
}

/// (operation, `request` or `response`, path) of every item of `spec`'s four operations.
fn items(spec: &Value) -> BTreeSet<(String, String, String)> {
    fn walk(schema: &Value, prefix: &str, op: &str, side: &str, out: &mut BTreeSet<(String, String, String)>) {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                out.insert((op.to_owned(), side.to_owned(), path.clone()));
                walk(prop, &path, op, side, out);
                if let Some(items) = prop.get("items") {
                    walk(items, &format!("{path}[]"), op, side, out);
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    for item in spec["paths"].as_object().into_iter().flat_map(|p| p.values()) {
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            let id = op["operationId"].as_str().unwrap_or_default();
            if !OPERATIONS.contains(&id) {
                continue;
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                out.insert((id.to_owned(), "request".to_owned(), p["name"].as_str().unwrap_or_default().to_owned()));
            }
            for body in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                walk(&body["schema"], "", id, "request", &mut out);
            }
            for media in op["responses"]["200"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                walk(&media["schema"], "", id, "response", &mut out);
            }
        }
    }
    out
}

#[test]
fn newer_pages_supersede_the_manual_and_the_diff_matches_the_official_delta() {
    let Some(pages) = updates() else { return };
    let dir = updated_docs(&pages);
    let old = load(&root(), root().join("docs/sae").to_str().expect("utf-8 path")).expect("the manual-only build");
    let new = load(&root(), dir.to_str().expect("utf-8 path")).expect("the updated build");
    let (old_spec, new_spec) = (&old.specs["sae"], &new.specs["sae"]);

    // Every operation the pages describe is taken from them; the manual's section is recorded.
    for id in OPERATIONS {
        let op = new_spec.paths.values().flat_map(|p| p.operations()).map(|(_, o)| o).find(|o| o.operation_id == id).expect("the operation");
        assert!(op.x_source.iter().all(|s| s.document.ends_with(".md")), "{id} comes from its page: {:?}", op.x_source);
        assert!(op.x_superseded.iter().any(|s| s.document.ends_with("004_478fbb8d64cc9a87.txt") && s.updated.as_deref() == Some("2022-07-13")), "{id} records the manual: {:?}", op.x_superseded);
    }

    let changes = compare(&old, &new);
    let markdown = changes.to_markdown();
    println!("{markdown}");
    assert!(markdown.contains("Rust crate:") && markdown.contains("Wire contract:"), "the report starts with its verdicts");
    let added: BTreeSet<(String, String, String)> = changes
        .services
        .iter()
        .flat_map(|s| s.operations.iter().flat_map(move |o| o.changes.iter().map(move |c| (o.operation.clone(), c))))
        .filter(|(_, c)| c.id.ends_with("parameter-added"))
        .map(|(op, c)| (op, if c.id.starts_with("response") { "response".to_owned() } else { "request".to_owned() }, c.target.clone()))
        .collect();
    // A field that only moved between the manual's table and its example is not removed.
    let removed: Vec<String> = changes.changes().filter(|c| c.id.ends_with("parameter-removed")).map(|c| c.text.clone()).collect();
    assert!(removed.is_empty(), "nothing the pages document was removed: {removed:#?}");

    // The wire-parity test's reviewed list of SDK-only parameters (what today's SDK sends that
    // the 2022 manual does not describe) shrinks by what the new pages document.
    let spec_items = |spec: &doc2sdk_spec::openapi::OpenApi| items(&serde_json::to_value(spec).expect("spec json"));
    let (before, after) = (spec_items(old_spec), spec_items(new_spec));
    let requested = |set: &BTreeSet<(String, String, String)>, op: &str, param: &str| set.contains(&(op.to_owned(), "request".to_owned(), param.to_owned()));
    let listed: Vec<(&str, &str)> = OPERATIONS.iter().flat_map(|op| doc2sdk_tests::sae_known::sdk_only_of(op).into_iter().map(move |p| (*op, p))).collect();
    assert!(listed.iter().all(|(op, p)| !requested(&before, op, p)), "the reviewed list names only what the manual lacks");
    let now_documented: Vec<String> = listed.iter().filter(|(op, p)| requested(&after, op, p)).map(|(op, p)| format!("{op}.{p}")).collect();
    println!("SDK-only request parameters of the four operations: {} with the manual, {} with the new pages (now documented: {})", listed.len(), listed.len() - now_documented.len(), now_documented.join(", "));
    assert!(!now_documented.is_empty(), "the new pages document some of the SDK-only parameters: {listed:?}");

    if !oracle_available() {
        eprintln!("skipped the official-model check: the oracle is not installed (set {ORACLE_PYTHON_ENV} or run `cargo xtask test`)");
        return;
    }
    let oracle = run_oracle_script(&root().join("tests/oracles/model_tree.py"), &json!({"service": "sae", "operations": OPERATIONS}));
    let mut official = BTreeSet::new();
    for id in OPERATIONS {
        for side in ["request", "response"] {
            for path in oracle[id][side].as_array().into_iter().flatten().filter_map(Value::as_str) {
                official.insert((id.to_owned(), side.to_owned(), path.to_owned()));
            }
        }
    }
    let spurious: Vec<_> = added.iter().filter(|a| !official.contains(*a)).collect();
    assert!(spurious.is_empty(), "reported as added but not in the official model: {spurious:#?}");
    let delta: BTreeSet<_> = official.iter().filter(|o| after.contains(*o) && !before.contains(*o)).cloned().collect();
    let missing: Vec<_> = delta.difference(&added).collect();
    assert!(missing.is_empty(), "documented by the new pages and official, but not reported as added: {missing:#?}");
    println!("added and official: {} of {} (official delta the pages document)", added.len(), delta.len());
}
