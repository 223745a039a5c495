//! A new service in one command, end to end, in a copy of the workspace's documents: `new-service`
//! on one page writes the facts the page states and a question for each other one; `regenerate`
//! refuses, naming every unanswered fact; once they are answered it emits the module, the cargo
//! feature and the `lib.rs` entry, and the crate compiles under the feature with no other edit.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::new_service::Finding;

const PAGE: &str = "tests/fixtures/pages/excerpts/15_DescribeEnsNetDistrict_en_flattened.txt";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir").map(|e| e.expect("entry")) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A scratch copy of the workspace's `docs/` (and, for the compile check, the runtime crate and
/// the workspace manifest), under `target/` so cargo's outputs survive between runs.
fn scratch(root: &Path) -> PathBuf {
    let dir = root.join("target/new-service/workspace");
    if dir.exists() {
        std::fs::remove_dir_all(dir.join("docs")).ok();
        std::fs::remove_dir_all(dir.join("generated")).ok();
        std::fs::remove_dir_all(dir.join("spec")).ok();
    }
    copy_dir(&root.join("docs"), &dir.join("docs"));
    dir
}

/// Answers every question of `docs/ens/service.toml` as a person would from ENS's documentation.
fn answer(text: &str) -> String {
    let mut out = String::new();
    let mut table = String::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = name.to_owned();
        }
        if line.starts_with("question = ") {
            continue;
        }
        let line = match (table.as_str(), line) {
            (_, "product = \"?\"") => "product = \"ens\"".to_owned(),
            ("api_version", "value = \"\"") => "value = \"2017-11-10\"".to_owned(),
            ("regions", "value = {}") => "value = { \"cn-hangzhou\" = \"ens.aliyuncs.com\" }".to_owned(),
            (_, "source = \"\"") => "source = \"answered from ENS's documentation (tests/new_service.rs)\"".to_owned(),
            (_, other) => other.to_owned(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn new_service_then_answers_then_regenerate_adds_a_compiling_module() {
    let root = xtask::workspace_root();
    let dir = scratch(&root);

    let facts = xtask::new_service::create(&dir, "ens", &[root.join(PAGE)]).expect("new-service");
    assert!(dir.join("docs/ens/15_DescribeEnsNetDistrict_en_flattened.txt").exists(), "the page is copied");
    // Stated by the page, with its line.
    assert_eq!(facts.title, Finding::Stated { value: "ENS".into(), source: "15_DescribeEnsNetDistrict_en_flattened.txt line 5: page title `ENS:DescribeEnsNetDistrict`".into() });
    assert!(matches!(&facts.vendor, Finding::Stated { value, source } if value == "alibabacloud" && source.starts_with("15_DescribeEnsNetDistrict_en_flattened.txt line 13: OpenAPI Explorer (Alibaba Cloud's): `OpenAPI Explorer automatically")), "{:?}", facts.vendor);
    assert_eq!(facts.operations, vec![("15_DescribeEnsNetDistrict_en_flattened.txt".to_owned(), "DescribeEnsNetDistrict".to_owned())]);
    // Not stated: questions, the product code with the title's suggestion.
    assert!(matches!(&facts.product, Finding::Question { suggestion, .. } if suggestion == "ens"), "{:?}", facts.product);
    assert_eq!(facts.questions(), ["product", "api_version", "style", "signing", "endpoint_pattern", "regions", "complex_parameter_encoding", "rpc_method"]);
    let toml = std::fs::read_to_string(dir.join("docs/ens/service.toml")).expect("service.toml");
    assert!(toml.contains("# QUESTION (product): "), "{toml}");

    // Regenerating refuses, naming each missing fact.
    let refused = xtask::regenerate::plan(&dir).err().expect("regenerate refuses while questions are open");
    assert!(refused.starts_with("`docs/ens/service.toml` has 8 unanswered question(s): "), "{refused}");
    for fact in facts.questions() {
        assert!(refused.contains(&format!("`{fact}`")), "{fact} is not named in: {refused}");
    }
    assert!(xtask::new_service::create(&dir, "ens", &[root.join(PAGE)]).is_err(), "an existing service is not overwritten");

    std::fs::write(dir.join("docs/ens/service.toml"), answer(&toml)).expect("write answers");
    let plan = xtask::regenerate::plan(&dir).expect("regenerate once answered");
    let file = |p: &str| plan.files.get(Path::new(p)).unwrap_or_else(|| panic!("the plan writes {p}"));
    assert!(file("generated/src/ens/mod.rs").contains("pub async fn describe_ens_net_district("));
    assert!(file("generated/src/ens/describe_ens_net_district.rs").contains("pub struct DescribeEnsNetDistrictRequest"));
    assert!(file("spec/openapi/ens-2017-11-10.json").contains("\"product\": \"ens\""));
    assert!(file("generated/Cargo.toml").contains("\n# Alibaba Cloud ENS, API 2017-11-10\nens = []\n"), "{}", file("generated/Cargo.toml"));
    assert!(file("generated/src/lib.rs").contains("#[cfg(feature = \"ens\")]\npub mod ens;\n"), "{}", file("generated/src/lib.rs"));
    for other in ["esa", "iotedge", "sae"] {
        assert!(file("generated/src/lib.rs").contains(&format!("pub mod {other};")), "{other} stays");
    }

    // Written out beside a copy of the runtime, the SDK crate compiles under the new feature.
    for (path, contents) in &plan.files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("a parent")).expect("create dir");
        std::fs::write(full, contents).expect("write generated file");
    }
    std::fs::remove_dir_all(dir.join("runtime")).ok();
    copy_dir(&root.join("runtime"), &dir.join("runtime"));
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    let members = workspace.lines().find(|l| l.starts_with("members = ")).expect("a members line");
    std::fs::write(dir.join("Cargo.toml"), workspace.replace(members, "members = [\"runtime\", \"generated\"]")).expect("write manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--offline", "--quiet", "-p", "doc2sdk", "--no-default-features", "--features", "ens"])
        // The dependencies are those of the diff-compile probe: checked once for both.
        .env("CARGO_TARGET_DIR", root.join("target/diff-compile"))
        // As the probe's, so the dependencies' fingerprints match; warnings are read from stderr.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && !stderr.contains("warning"), "the SDK crate does not compile cleanly with feature `ens`:\n{stderr}");
}
