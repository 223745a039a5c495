//! The SAE spec against the OFFICIAL SDK's models (`alibabacloud-sae20190506`), counting only what
//! the 2022 manual shows.
//!
//! `tests/oracles/model_tree.py` walks the official request and response models (their
//! `from_map` wire names, nested models and lists) and the value lists their comments give. For
//! each of the 79 operations this test compares:
//! - request parameters, as (operation, name) pairs;
//! - the response tree, as (operation, path) pairs such as `Data.Applications[].AppId`.
//!
//! The SDK is newer than the manual, so a pair of the SDK counts only when the manual shows it:
//! every name on its path occurs in the operation's section of the document. A pair of ours counts
//! only when the SDK knows its last name somewhere in the operation (a field the SDK dropped is the
//! document's, not a misreading); those are listed apart. What remains different is printed and
//! must be one of [`EXPLAINED`].
//!
//! It also checks every enum of the spec: its documented example is one of its values, and every
//! value is one the official model lists where it lists any; and documented examples of fields with
//! an official value list are members of it.
//!
//! Run with `DOC2SDK_ORACLE_PYTHON=/path/to/python` (or after `cargo xtask test` created
//! `.venv-oracles`); without the oracle the comparison is skipped with a message.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use doc2sdk_tests::oracle::{run_oracle_script, workspace_root, ORACLE_PYTHON_ENV};
use serde_json::{json, Value};

const SPEC: &str = "spec/openapi/sae-2019-05-06.json";
const DOC: &str = "docs/sae/004_478fbb8d64cc9a87.txt";

/// Differences that remain, each with why: the document's shape, not its reading, differs.
/// `(operation, side, pair or the start of pairs, reason)`; `side` is `missing` (the SDK has it
/// where the manual shows its names, we do not) or `extra` (we have it, the SDK has it elsewhere).
const EXPLAINED: &[(&str, &str, &str, &str)] = &[
    ("DescribeRegions", "extra", "Regions[].", "the manual documents `Regions` as a list of regions; the SDK keeps the XML wrapper `Regions.Region[]`"),
    ("DescribeRegions", "missing", "Regions.Region", "the manual documents `Regions` as a list of regions; the SDK keeps the XML wrapper `Regions.Region[]`"),
    ("DescribeApplicationInstances", "missing", "param InstanceId", "the manual shows `InstanceId` only as a response field; the parameter is newer than the manual"),
    ("DescribeApplicationSlbs", "missing", "Data.AppId", "the manual shows `AppId` only as a request parameter; the response field is newer than the manual"),
    ("CreateApplicationScalingRule", "missing", "Data.Metric.Metrics[].", "`SlbProject`, `SlbLogstore`, `Vport` appear only inside the request's JSON example and prose; the manual's response has no such rows"),
    ("UpdateApplicationScalingRule", "missing", "Data.Metric.Metrics[].", "`SlbProject`, `SlbLogstore`, `Vport` appear only inside the request's JSON example and prose; the manual's response has no such rows"),
    ("CreateApplicationScalingRule", "missing", "Data.Timer.Schedules[].M", "the manual's schedules have `TargetReplicas` only; `MaxReplicas`/`MinReplicas` are shown for the metric rule"),
    ("UpdateApplicationScalingRule", "missing", "Data.Timer.Schedules[].M", "the manual's schedules have `TargetReplicas` only; `MaxReplicas`/`MinReplicas` are shown for the metric rule"),
    ("DescribeApplicationScalingRule", "missing", "Data.Timer.Schedules[].M", "the manual's schedules have `TargetReplicas` only; `MaxReplicas`/`MinReplicas` are shown for the metric rule"),
];

/// The floors this test holds (the numbers printed must not fall below them).
const MIN_PARAMS_F1: f64 = 0.99;
const MIN_TREE_F1: f64 = 0.95;
const MIN_EXAMPLES_EQUAL: f64 = 0.98;
/// PDF text artifacts per 100 descriptions, over every spec.
const MAX_ARTIFACTS_PER_100: f64 = 0.5;

fn oracle_available() -> bool {
    match std::env::var_os(ORACLE_PYTHON_ENV).filter(|v| !v.is_empty()) {
        Some(p) => PathBuf::from(p).exists(),
        None => workspace_root().join(".venv-oracles").join("bin").join("python").exists(),
    }
}

struct Op {
    id: String,
    /// The first and last document line the operation cites.
    lines: (usize, usize),
    params: BTreeSet<String>,
    /// Response paths (`Data.Items[].Name`) with the field's schema.
    response: BTreeMap<String, Value>,
    example: Option<Value>,
    /// Every schema of the operation with its path, for the enum checks.
    schemas: Vec<(String, Value)>,
}

fn operations(spec: &Value) -> Vec<Op> {
    let mut ops = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let mut cited = Vec::new();
            source_lines(op, &mut cited);
            let lines = (cited.iter().copied().min().expect("operation line"), cited.iter().copied().max().expect("operation line"));
            let mut params = BTreeSet::new();
            let mut schemas = Vec::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().expect("parameter name").to_owned();
                walk(&name, &p["schema"], &mut |path, s| schemas.push((path.to_owned(), s.clone())));
                params.insert(name);
            }
            for media in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                for (name, s) in media["schema"]["properties"].as_object().into_iter().flatten() {
                    walk(name, s, &mut |path, s| schemas.push((path.to_owned(), s.clone())));
                    params.insert(name.clone());
                }
            }
            let ok = op["responses"].as_object().into_iter().flatten().find(|(status, _)| status.starts_with('2')).map(|(_, r)| r.clone()).unwrap_or(Value::Null);
            let media = &ok["content"]["application/json"];
            let mut response = BTreeMap::new();
            for (name, s) in media["schema"]["properties"].as_object().into_iter().flatten() {
                walk(name, s, &mut |path, s| {
                    schemas.push((format!("response:{path}"), s.clone()));
                    if !path.ends_with("[]") {
                        response.insert(path.to_owned(), s.clone());
                    }
                });
            }
            let example = media.get("example").cloned();
            ops.push(Op { id, lines, params, response, example, schemas });
        }
    }
    ops.sort_by_key(|o| o.lines);
    ops
}

/// Every document line an operation's `x-source` entries cite.
fn source_lines(value: &Value, out: &mut Vec<usize>) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                if k == "x-source" {
                    out.extend(v.as_array().into_iter().flatten().filter_map(|s| s["line"].as_u64()).map(|l| l as usize));
                } else {
                    source_lines(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| source_lines(v, out)),
        _ => {}
    }
}

/// Calls `visit` on `schema` at `path` and on everything inside it.
fn walk(path: &str, schema: &Value, visit: &mut dyn FnMut(&str, &Value)) {
    visit(path, schema);
    for (name, s) in schema["properties"].as_object().into_iter().flatten() {
        walk(&format!("{path}.{name}"), s, visit);
    }
    if let Some(items) = schema.get("items") {
        walk(&format!("{path}[]"), items, visit);
    }
}

/// The field names a stretch of the document shows: a row's name (the first word of a line, also
/// with the spaces that glyph splitting puts inside words taken out, and joined with the first
/// word of the next line where a narrow column wrapped it), a key of a JSON example (`"Name" :`)
/// or a tag of an XML one (`<Name>`). A name the prose merely mentions is not shown.
fn shown_names(text: &str) -> BTreeSet<String> {
    let is_name = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let continues = |w: &str| is_name(w) && w.starts_with(|c: char| c.is_ascii_lowercase());
    let mut out = BTreeSet::new();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (i, t) in lines.iter().enumerate() {
        let mut tokens = t.split_whitespace();
        let Some(first) = tokens.next().filter(|w| is_name(w)) else { continue };
        let mut name = first.to_owned();
        out.insert(name.clone());
        // `CreateT ime`: a letter split from its word.
        for w in tokens.take_while(|w| continues(w)) {
            name.push_str(w);
            out.insert(name.clone());
        }
        // `AutoEnableAppli` / `cationScalingRul` / `e`: a name wrapped in a narrow column.
        let alone = t.split_whitespace().count() == 1;
        for next in lines.iter().skip(i + 1).take(2) {
            match next.split_whitespace().next().filter(|w| (continues(w) || alone && is_name(w)) && next.split_whitespace().count() == 1) {
                Some(w) => {
                    name.push_str(w);
                    out.insert(name.clone());
                }
                None => break,
            }
        }
    }
    for t in &lines {
        for (open, close) in [("\"", "\""), ("<", ">")] {
            for piece in t.split(open).skip(1) {
                if let Some(name) = piece.split(close).next().filter(|n| is_name(n)) {
                    out.insert(name.to_owned());
                }
            }
        }
    }
    out
}

fn shown(path: &str, names: &BTreeSet<String>) -> bool {
    path.split('.').map(|s| s.trim_end_matches("[]")).all(|n| names.contains(n))
}

fn last_name(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path).trim_end_matches("[]")
}

struct Score {
    hits: usize,
    ours: usize,
    theirs: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let p = self.hits as f64 / self.ours.max(1) as f64;
        let r = self.hits as f64 / self.theirs.max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "F1 {:.3} (precision {}/{}, recall {}/{})", self.f1(), self.hits, self.ours, self.hits, self.theirs)
    }
}

/// The value at `path` of a documented example (the first item of each list).
fn value_at<'a>(example: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = example;
    for seg in path.split('.') {
        let (name, arrays) = (seg.trim_end_matches("[]"), seg.matches("[]").count());
        v = v.get(name)?;
        for _ in 0..arrays {
            v = v.as_array()?.first()?;
        }
    }
    Some(v)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn sae_spec_matches_the_official_models_where_the_manual_shows_them() {
    if !oracle_available() {
        eprintln!("skipped: the official SDK oracle is not installed (set {ORACLE_PYTHON_ENV} or run `cargo xtask test` to create .venv-oracles)");
        return;
    }
    let root = workspace_root();
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(root.join(SPEC)).expect("spec")).expect("spec json");
    let doc = std::fs::read_to_string(root.join(DOC)).expect("document");
    let doc_lines: Vec<&str> = doc.lines().collect();
    let ops = operations(&spec);
    assert_eq!(ops.len(), 79, "operations in {SPEC}");

    let oracle = run_oracle_script(&root.join("tests/oracles/model_tree.py"), &json!({"service": "sae", "operations": ops.iter().map(|o| o.id.clone()).collect::<Vec<_>>()}));

    let mut params = Score { hits: 0, ours: 0, theirs: 0 };
    let mut tree = Score { hits: 0, ours: 0, theirs: 0 };
    let mut differences = Vec::new();
    let mut doc_only = Vec::new();
    let (mut examples_checked, mut examples_equal) = (0usize, 0usize);
    let mut example_differences = Vec::new();
    let (mut enums, mut bad_enums) = (0usize, Vec::new());
    for op in &ops {
        let section = doc_lines[op.lines.0.saturating_sub(1)..op.lines.1.min(doc_lines.len())].join("\n");
        let names = shown_names(&section);
        let model = &oracle[&op.id];

        let sdk_params: BTreeSet<String> = model["request"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
        let theirs: BTreeSet<&String> = sdk_params.iter().filter(|p| shown(p, &names)).collect();
        for p in &op.params {
            if !sdk_params.contains(p) && model["request"].is_array() {
                doc_only.push(format!("{} param {p}", op.id));
                continue;
            }
            params.ours += 1;
            if theirs.contains(p) {
                params.hits += 1;
            } else {
                differences.push((op.id.clone(), "extra", format!("param {p}")));
            }
        }
        params.theirs += theirs.len();
        for p in theirs.iter().filter(|p| !op.params.contains(**p)) {
            differences.push((op.id.clone(), "missing", format!("param {p}")));
        }

        let sdk_paths: BTreeSet<String> = model["response"].as_array().into_iter().flatten().filter_map(Value::as_str).filter(|p| !p.ends_with("[]")).map(str::to_owned).collect();
        let sdk_names: BTreeSet<&str> = sdk_paths.iter().map(|p| last_name(p)).collect();
        let theirs: BTreeSet<&String> = sdk_paths.iter().filter(|p| shown(p, &names)).collect();
        for path in op.response.keys() {
            if !sdk_names.contains(last_name(path)) {
                doc_only.push(format!("{} response {path}", op.id));
                continue;
            }
            tree.ours += 1;
            if theirs.contains(path) {
                tree.hits += 1;
            } else {
                differences.push((op.id.clone(), "extra", path.clone()));
            }
        }
        tree.theirs += theirs.len();
        for p in theirs.iter().filter(|p| !op.response.contains_key(**p)) {
            differences.push((op.id.clone(), "missing", (*p).clone()));
        }

        // Examples: against the official value list of the field, and a response field's against
        // the documented response example.
        let values = &model["values"];
        for (path, schema) in &op.schemas {
            let Some(example) = schema["examples"].get(0) else { continue };
            let example = text_of(example);
            let official: Option<Vec<&str>> = values.get(path.as_str()).and_then(Value::as_array).map(|v| v.iter().filter_map(Value::as_str).collect());
            // A list of JSON keys (`Envs`: `name`, `value`) is not a list of values.
            let official = official.filter(|v| !example.trim_start().starts_with(['{', '[']) && !v.iter().any(|x| x.contains("xx") || x.contains('~')));
            let in_example = path.strip_prefix("response:").and_then(|p| op.example.as_ref().and_then(|e| value_at(e, p)));
            if official.is_none() && in_example.is_none_or(|v| v.is_object() || v.is_array()) {
                continue;
            }
            examples_checked += 1;
            let member = official.as_ref().is_none_or(|v| v.iter().any(|x| x.eq_ignore_ascii_case(&example)));
            let same = in_example.is_none_or(|v| v.is_object() || v.is_array() || text_of(v) == example);
            if member && same {
                examples_equal += 1;
            } else {
                example_differences.push(format!("{} {path}: `{example}`{}{}", op.id, if member { String::new() } else { format!(" not in {official:?}") }, in_example.filter(|_| !same).map(|v| format!(", the response example has `{}`", text_of(v))).unwrap_or_default()));
            }
        }
        for (path, schema) in &op.schemas {
            let Some(listed) = schema["enum"].as_array() else { continue };
            enums += 1;
            let listed: Vec<String> = listed.iter().map(text_of).collect();
            if let Some(example) = schema["examples"].get(0).map(text_of) {
                if !listed.contains(&example) {
                    bad_enums.push(format!("{} {path}: example `{example}` not in {listed:?}", op.id));
                    continue;
                }
            }
            if let Some(official) = values.get(path.as_str()).and_then(Value::as_array) {
                let official: Vec<String> = official.iter().map(text_of).collect();
                if let Some(v) = listed.iter().find(|v| !official.contains(v)) {
                    bad_enums.push(format!("{} {path}: value `{v}` not in the official {official:?}", op.id));
                }
            }
        }
    }

    let unexplained: Vec<String> = differences
        .iter()
        .filter(|(op, side, pair)| !EXPLAINED.iter().any(|(o, s, p, _)| o == op && s == side && pair.starts_with(p)))
        .map(|(op, side, pair)| format!("{op} {side} {pair}"))
        .collect();
    let example_share = examples_equal as f64 / examples_checked.max(1) as f64;
    println!("operations: {}", ops.len());
    println!("params: {params}");
    println!("response tree: {tree}");
    println!("documented examples equal to the official ones: {examples_equal}/{examples_checked} ({:.1}%)", 100.0 * example_share);
    println!("enums: {enums}, wrong: {}", bad_enums.len());
    println!("only in the document (the SDK dropped them): {}", doc_only.len());
    for d in &doc_only {
        println!("  doc-only {d}");
    }
    println!("differences: {} ({} unexplained, {} explained)", differences.len(), unexplained.len(), differences.len() - unexplained.len());
    for d in &unexplained {
        println!("  {d}");
    }
    for d in &example_differences {
        println!("  example {d}");
    }
    for d in &bad_enums {
        println!("  enum {d}");
    }
    assert!(params.f1() >= MIN_PARAMS_F1, "params {params} is below {MIN_PARAMS_F1}");
    assert!(tree.f1() >= MIN_TREE_F1, "response tree {tree} is below {MIN_TREE_F1}");
    assert!(unexplained.is_empty(), "{} unexplained differences with the official models (listed above)", unexplained.len());
    assert!(example_share >= MIN_EXAMPLES_EQUAL, "documented examples equal to the official ones: {:.1}% is below {:.0}%", 100.0 * example_share, 100.0 * MIN_EXAMPLES_EQUAL);
}

/// The texts of a spec a user reads: descriptions (every language), summaries, error messages,
/// examples and enum values, each with where it is.
fn texts(value: &Value, at: &str, out: &mut Vec<(String, &'static str, String)>) {
    match value {
        Value::Object(o) => {
            for (k, v) in o {
                let here = format!("{at}/{k}");
                match (k.as_str(), v) {
                    ("description" | "summary" | "message", Value::String(s)) => out.push((here, "description", s.clone())),
                    ("x-description-i18n" | "x-summary-i18n", Value::Object(m)) => out.extend(m.iter().filter_map(|(l, s)| s.as_str().map(|s| (format!("{here}/{l}"), "description", s.to_owned())))),
                    ("examples" | "example", _) => leaves(v, &here, "example", out),
                    ("enum", _) => leaves(v, &here, "enum value", out),
                    _ => texts(v, &here, out),
                }
            }
        }
        Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| texts(v, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

fn leaves(value: &Value, at: &str, kind: &'static str, out: &mut Vec<(String, &'static str, String)>) {
    match value {
        Value::String(s) => out.push((at.to_owned(), kind, s.clone())),
        Value::Object(o) => o.iter().for_each(|(k, v)| leaves(v, &format!("{at}/{k}"), kind, out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, v)| leaves(v, &format!("{at}/{i}"), kind, out)),
        _ => {}
    }
}

/// The PDF artifact detector (`spec::clean`) run over every checked-in spec, with the spec's own
/// text as the evidence: a split word the spec prints whole elsewhere, a doubled run, a doubled
/// number whose single form the spec prints in the same phrase. Doubled numbers the spec cannot
/// prove either way are listed apart as suspects.
#[test]
fn specs_carry_no_pdf_artifacts() {
    let dir = workspace_root().join("spec/openapi");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("spec/openapi").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    let (mut descriptions, mut artifacts, mut suspects) = (0usize, Vec::new(), Vec::new());
    for file in files {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("spec")).expect("spec json");
        let mut found = Vec::new();
        texts(&spec, "", &mut found);
        // What the source documents show whole proves an artifact.
        let sources: Vec<String> = spec["x-doc2sdk"]["documents"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["path"].as_str())
            .map(|p| {
                let bytes = std::fs::read(workspace_root().join(p)).expect("source document");
                doc2sdk_spec::source::decode(p, &bytes).map(|(text, _)| text).expect("decodes")
            })
            .collect();
        let evidence = doc2sdk_spec::clean::Evidence::of_text(&sources.join("\n"));
        descriptions += found.iter().filter(|(_, kind, _)| *kind == "description").count();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for (at, kind, text) in &found {
            for f in doc2sdk_spec::clean::scan(text, &evidence, "") {
                let line = format!("{name}{at} ({kind}): {:?} `{}` -> `{}`", f.kind, &text[f.start..f.end], f.replacement);
                if f.proven {
                    artifacts.push(line);
                } else {
                    suspects.push(line);
                }
            }
        }
    }
    let per_100 = 100.0 * artifacts.len() as f64 / descriptions.max(1) as f64;
    println!("PDF artifacts: {} in {descriptions} descriptions ({per_100:.2} per 100); unproven suspects: {}", artifacts.len(), suspects.len());
    for a in &artifacts {
        println!("  artifact {a}");
    }
    for s in &suspects {
        println!("  suspect {s}");
    }
    assert!(per_100 <= MAX_ARTIFACTS_PER_100, "{per_100:.2} PDF artifacts per 100 descriptions (listed above) is above {MAX_ARTIFACTS_PER_100}");
}

/// Every enum of every checked-in spec has its documented example among its values: a value list
/// that its own example contradicts was misread (`Condition { AND, OROR }` with the example `OR`).
#[test]
fn every_enum_example_is_one_of_its_values() {
    let mut bad = Vec::new();
    let dir = workspace_root().join("spec/openapi");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("spec/openapi").map(|e| e.expect("entry").path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    for file in files {
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("spec")).expect("spec json");
        let mut visit = |path: &str, s: &Value| {
            let (Some(values), Some(example)) = (s["enum"].as_array(), s["examples"].get(0)) else { return };
            if !values.contains(example) {
                bad.push(format!("{}: {path}: example {example} is not one of {}", file.display(), Value::from(values.clone())));
            }
        };
        for (route, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let at = format!("{method} {route}");
                for p in op["parameters"].as_array().into_iter().flatten() {
                    walk(&format!("{at} {}", p["name"].as_str().unwrap_or("")), &p["schema"], &mut visit);
                }
                for media in op["requestBody"]["content"].as_object().into_iter().flat_map(|c| c.values()) {
                    walk(&format!("{at} body"), &media["schema"], &mut visit);
                }
                for (status, r) in op["responses"].as_object().into_iter().flatten() {
                    for media in r["content"].as_object().into_iter().flat_map(|c| c.values()) {
                        walk(&format!("{at} {status}"), &media["schema"], &mut visit);
                    }
                }
            }
        }
        for (name, s) in spec["components"]["schemas"].as_object().into_iter().flatten() {
            walk(name, s, &mut visit);
        }
    }
    assert!(bad.is_empty(), "enums whose example is not a member:\n{}", bad.join("\n"));
}
