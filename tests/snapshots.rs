//! insta snapshots of each stage for each seed: the document model, the page the interpreter
//! reads from it, the spec, and the generated code.

use std::path::PathBuf;

use doc2sdk_spec::{interpret, read, Diagnostics};

fn seeds() -> Vec<(String, PathBuf)> {
    let root = xtask::workspace_root();
    let mut out = Vec::new();
    for dir in ["docs/esa"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        files.sort();
        for f in files {
            let name = doc2sdk_spec::display_name(&root, &f);
            out.push((name, f));
        }
    }
    out
}

#[test]
fn document_model_and_page_of_each_seed() {
    for (name, path) in seeds() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut diags = Diagnostics::new();
        let doc = read::read(&name, &text, &mut diags);
        let snap = name.replace(['/', '.'], "_");
        insta::assert_json_snapshot!(format!("doc_{snap}"), doc);
        let page = interpret::interpret(&doc, &mut diags);
        insta::assert_json_snapshot!(format!("page_{snap}"), page);
        let diags: Vec<String> = diags.into_sorted().iter().map(ToString::to_string).collect();
        insta::assert_json_snapshot!(format!("diagnostics_{snap}"), diags);
    }
}

#[test]
fn spec_and_generated_code() {
    let root = xtask::workspace_root();
    let plan = xtask::regenerate::plan(&root).expect("plan");
    let mut sae_types = Vec::new();
    for (path, contents) in &plan.files {
        let snap = path.display().to_string().replace(['/', '.'], "_");
        // SAE's spec (1.3 MB) and module (79 files) are checked byte for byte by the staleness
        // test; its snapshot is a digest a reviewer can read: one line per operation.
        if path.starts_with("generated/src/sae") {
            sae_types.push(type_names(path, contents));
            continue;
        }
        if path.ends_with("sae-2019-05-06.json") {
            insta::assert_snapshot!(snap, digest(contents));
            continue;
        }
        insta::assert_snapshot!(snap, contents);
    }
    insta::assert_snapshot!("regenerate_summary", plan.summary);
    // How SAE's types are named, collisions and generic words (`Data`) resolved: one line per
    // module.
    insta::assert_snapshot!("sae_type_names", sae_types.join("\n"));
}

/// `module: Type Type ...`, the structs and enums a generated file declares.
fn type_names(path: &std::path::Path, contents: &str) -> String {
    let names: Vec<&str> = contents
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("pub struct ").or_else(|| l.trim_start().strip_prefix("pub enum ")))
        .map(|rest| rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or(""))
        .collect();
    format!("{}: {}", path.file_stem().and_then(|s| s.to_str()).unwrap_or(""), names.join(" "))
}

/// One line per operation: method, path, id, parameters by location, response fields, error codes.
fn digest(spec: &str) -> String {
    fn count(schema: &serde_json::Value) -> usize {
        let props = schema.get("properties").and_then(|p| p.as_object()).map_or(0, |p| p.values().map(|v| 1 + count(v)).sum());
        props + schema.get("items").map_or(0, count)
    }
    let spec: serde_json::Value = serde_json::from_str(spec).expect("spec is JSON");
    let mut lines = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let params: Vec<String> = op["parameters"].as_array().map(|ps| ps.iter().map(|p| format!("{}:{}", p["in"].as_str().unwrap_or(""), p["name"].as_str().unwrap_or(""))).collect()).unwrap_or_default();
            let body = op.pointer("/requestBody/content/application~1json/schema").map_or(0, count);
            let response = op["responses"].as_object().and_then(|r| r.values().next()).and_then(|r| r.pointer("/content/application~1json/schema")).map_or(0, count);
            let errors: Vec<&str> = op["x-error-codes"].as_array().map(|e| e.iter().filter_map(|e| e["code"].as_str()).collect()).unwrap_or_default();
            lines.push(format!("{} {path} {}: params [{}], body fields {body}, response fields {response}, errors [{}]", method.to_uppercase(), op["operationId"].as_str().unwrap_or(""), params.join(" "), errors.join(" ")));
        }
    }
    lines.join("\n")
}
