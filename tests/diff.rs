//! `cargo xtask diff`: the changelog and JSON of every fixture pair under `tests/fixtures/diff/`
//! (snapshots), each fixture's class, `--fail-on`, the classification table in the README, the
//! cross-language check of the ESA pages, and a table of the kinds the fixtures do not reach,
//! on specs edited in memory.

use std::path::{Path, PathBuf};

use doc2sdk_spec::diff::{self, ChangeKind, ChangeSet, FailOn, RustImpact};
use doc2sdk_spec::openapi::OpenApi;
use serde_json::{json, Value};
use xtask::diff::{compare, load, Side};

fn root() -> PathBuf {
    xtask::workspace_root()
}

/// One side of a fixture: `old.txt` or the folder `old/`, labelled by its workspace path.
fn fixture_side(case_dir: &Path, which: &str) -> Side {
    let file = case_dir.join(format!("{which}.txt"));
    let path = if file.exists() { file } else { case_dir.join(which) };
    let mut side = load(&root(), &path.display().to_string()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    side.label = doc2sdk_spec::display_name(&root(), &path);
    side
}

/// Every fixture as (class, case, change set).
fn fixtures() -> Vec<(String, String, ChangeSet)> {
    let base = root().join("tests/fixtures/diff");
    let mut out = Vec::new();
    for class in ["additive", "breaking", "cosmetic"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(base.join(class)).expect("class folder").map(|e| e.expect("entry").path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for dir in dirs {
            let case = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8").to_owned();
            let set = compare(&fixture_side(&dir, "old"), &fixture_side(&dir, "new"));
            out.push((class.to_owned(), case, set));
        }
    }
    out
}

#[test]
fn fixture_changelogs() {
    for (class, case, set) in fixtures() {
        insta::assert_snapshot!(format!("{class}_{case}_changelog"), set.to_markdown());
        insta::assert_snapshot!(format!("{class}_{case}_json"), set.to_json());
    }
}

#[test]
fn each_fixture_is_classed_as_its_folder_says() {
    let mut wrong = Vec::new();
    for (class, case, set) in fixtures() {
        let expected = match class.as_str() {
            "breaking" => RustImpact::Breaking,
            "additive" => RustImpact::Additive,
            _ => RustImpact::Cosmetic,
        };
        if set.rust != Some(expected) {
            wrong.push(format!("{class}/{case}: classed {:?}", set.rust));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn fail_on_thresholds() {
    let table: &[(&str, bool, bool)] = &[
        // (fixture, fails at `breaking`, fails at `additive`)
        ("additive/param_added", false, true),
        ("additive/enum_value_added", false, true),
        ("breaking/param_made_required", true, true),
        ("cosmetic/description_changed", false, false),
        // Patch for the crate, breaking on the wire: `--fail-on breaking` looks at both.
        ("cosmetic/constraint_tightened", true, true),
    ];
    let sets = fixtures();
    for (name, breaking, additive) in table {
        let (_, _, set) = sets.iter().find(|(class, case, _)| format!("{class}/{case}") == *name).unwrap_or_else(|| panic!("no fixture {name}"));
        assert_eq!(set.fails(FailOn::Breaking), *breaking, "{name} at breaking");
        assert_eq!(set.fails(FailOn::Additive), *additive, "{name} at additive");
    }
}

#[test]
fn classification_table() {
    insta::assert_snapshot!(diff::classification_table());
}

#[test]
fn readme_shows_the_classification_table() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    assert!(readme.contains(&diff::classification_table()), "the README's classification table is stale: copy `doc2sdk_spec::diff::classification_table()` (see the snapshot `diff__classification_table.snap`)");
}

#[test]
fn kind_ids_are_unique_and_scoped() {
    let mut ids: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), ChangeKind::ALL.len());
}

/// The same operation in English and Simplified Chinese: the two documents may differ in wording
/// and in what text extraction lost (a value list), never in shape.
#[test]
fn the_languages_of_one_operation_agree_in_shape() {
    let docs = root().join("docs/esa");
    let english = load(&root(), &docs.join("000_29f0e2c37dd92741.txt").display().to_string()).expect("English page");
    let chinese = load(&root(), &docs.join("001_115aae8817e3864c.txt").display().to_string()).expect("Chinese page");
    let set = compare(&english, &chinese);
    let structural: Vec<&str> = set.changes().filter(|c| c.is_structural()).map(|c| c.text.as_str()).collect();
    assert!(structural.is_empty(), "structural differences between the languages:\n{}", structural.join("\n"));
    assert!(set.changes().count() > 0, "the pages differ in wording at least");
}

/// The checked-in spec is what its documents scrape to: comparing the two finds nothing.
#[test]
fn a_spec_file_and_its_documents_compare_equal() {
    let spec = load(&root(), &root().join("spec/openapi/esa-2024-09-10.json").display().to_string()).expect("spec");
    let docs = load(&root(), &root().join("docs/esa").display().to_string()).expect("documents");
    let set = compare(&spec, &docs);
    assert_eq!(set.changes().count(), 0, "{}", set.to_markdown());
}

/// A minimal spec of one operation, as JSON, for edits in memory.
fn base() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "servers": [],
        "paths": { "/#Action=Op": { "post": {
            "operationId": "Op",
            "parameters": [ { "name": "Filter", "in": "query", "schema": { "type": "string" } } ],
            "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": {
                "type": "object",
                "properties": {
                    "Count": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 10 },
                    "Mode": { "type": "string", "enum": ["a", "b"] },
                    "Tags": { "type": "array", "items": { "type": "string" } },
                    "Meta": { "type": "object" },
                    "Name": { "type": "string", "format": "date-time" }
                },
                "required": ["Count"]
            } } } },
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
                "type": "object",
                "properties": {
                    "State": { "type": "string", "enum": ["on", "off"] },
                    "Total": { "type": "integer", "format": "int32" },
                    "Items": { "type": "array", "items": { "type": "object", "properties": { "Id": { "type": "string", "description": "the id" } } } }
                }
            } } } } },
            "x-error-codes": [ { "status": 400, "code": "Bad", "message": "bad", "description": "bad", "x-source": [] } ],
            "x-source": []
        } } },
        "x-doc2sdk": {
            "format-version": 1, "module": "t", "vendor": "v", "product": "t", "style": "RPC", "signing": "ACS3-HMAC-SHA256",
            "endpoint-pattern": "t.{region}.example.com", "regions": {}, "complex-parameter-encoding": "json", "sources": {}, "documents": []
        }
    })
}

fn spec(value: Value) -> OpenApi {
    serde_json::from_value(value).expect("a valid spec")
}

/// The ids a JSON-pointer edit of [`base`] produces.
fn ids_after(edit: impl Fn(&mut Value)) -> Vec<&'static str> {
    let mut new = base();
    edit(&mut new);
    let set = diff::diff("old", &spec(base()), "new", &spec(new));
    set.changes().map(|c| c.id).collect()
}

const OP: &str = "/paths/~1#Action=Op/post";

fn at<'v>(v: &'v mut Value, pointer: &str) -> &'v mut Value {
    v.pointer_mut(&format!("{OP}{pointer}")).unwrap_or_else(|| panic!("no {pointer}"))
}

const BODY: &str = "/requestBody/content/application~1x-www-form-urlencoded/schema";
const RESPONSE: &str = "/responses/200/content/application~1json/schema";

#[test]
fn kinds_on_edited_specs() {
    type Edit = fn(&mut Value);
    let table: &[(&str, Edit, &[&str])] = &[
        ("nothing", |_| {}, &[]),
        ("query parameter into the body", |v| {
            *at(v, "/parameters") = json!([]);
            at(v, &format!("{BODY}/properties")).as_object_mut().expect("object").insert("Filter".into(), json!({ "type": "string" }));
        }, &["request-parameter-location-changed"]),
        ("int32 to int64", |v| *at(v, &format!("{BODY}/properties/Count/format")) = json!("int64"), &["request-parameter-integer-widened"]),
        ("response int32 to int64", |v| *at(v, &format!("{RESPONSE}/properties/Total/format")) = json!("int64"), &["response-parameter-integer-widened"]),
        ("string into a list", |v| *at(v, &format!("{BODY}/properties/Name")) = json!({ "type": "array", "items": { "type": "string" } }), &["request-parameter-type-changed"]),
        ("list item type", |v| *at(v, &format!("{BODY}/properties/Tags/items/type")) = json!("integer"), &["request-parameter-type-changed"]),
        ("format", |v| *at(v, &format!("{BODY}/properties/Name")) = json!({ "type": "string" }), &["request-parameter-format-changed"]),
        ("fields documented", |v| *at(v, &format!("{BODY}/properties/Meta")) = json!({ "type": "object", "properties": { "K": { "type": "string" } } }), &["request-parameter-fields-documented"]),
        ("required to optional", |v| *at(v, &format!("{BODY}/required")) = json!([]), &["request-parameter-became-optional"]),
        ("range tightened", |v| *at(v, &format!("{BODY}/properties/Count/maximum")) = json!(50), &["request-constraint-tightened"]),
        ("range loosened", |v| *at(v, &format!("{BODY}/properties/Count/minimum")) = json!(0), &["request-constraint-loosened"]),
        ("default", |v| *at(v, &format!("{BODY}/properties/Count/default")) = json!(20), &["request-default-changed"]),
        ("value set documented", |v| *at(v, &format!("{BODY}/properties/Name")) = json!({ "type": "string", "format": "date-time", "enum": ["x"] }), &["request-value-set-documented"]),
        ("value set dropped", |v| *at(v, &format!("{BODY}/properties/Mode")) = json!({ "type": "string" }), &["request-value-set-dropped"]),
        ("values added and removed", |v| *at(v, &format!("{BODY}/properties/Mode/enum")) = json!(["a", "c"]), &["request-enum-values-removed", "request-enum-values-added"]),
        ("required parameter added", |v| {
            at(v, &format!("{BODY}/properties")).as_object_mut().expect("object").insert("New".into(), json!({ "type": "string" }));
            at(v, &format!("{BODY}/required")).as_array_mut().expect("array").push(json!("New"));
        }, &["required-request-parameter-added"]),
        ("request parameter removed", |v| {
            at(v, &format!("{BODY}/properties")).as_object_mut().expect("object").shift_remove("Tags");
        }, &["request-parameter-removed"]),
        ("response value added", |v| *at(v, &format!("{RESPONSE}/properties/State/enum")) = json!(["on", "off", "idle"]), &["response-enum-values-added"]),
        ("response value removed", |v| *at(v, &format!("{RESPONSE}/properties/State/enum")) = json!(["on"]), &["response-enum-values-removed"]),
        ("response field removed", |v| {
            at(v, &format!("{RESPONSE}/properties")).as_object_mut().expect("object").shift_remove("Total");
        }, &["response-parameter-removed"]),
        ("response field renamed in a list item", |v| {
            let props = at(v, &format!("{RESPONSE}/properties/Items/items/properties")).as_object_mut().expect("object");
            let id = props.shift_remove("Id").expect("Id");
            props.insert("ItemId".into(), id);
        }, &["response-parameter-renamed"]),
        ("response field moved", |v| {
            let props = at(v, &format!("{RESPONSE}/properties")).as_object_mut().expect("object");
            let total = props.shift_remove("Total").expect("Total");
            props["Items"]["items"]["properties"].as_object_mut().expect("object").insert("Total".into(), total);
        }, &["response-parameter-moved"]),
        ("error status", |v| *at(v, "/x-error-codes/0/status") = json!(404), &["error-status-changed"]),
        ("error removed", |v| *at(v, "/x-error-codes") = json!([]), &["error-code-removed"]),
        ("endpoint", |v| {
            at(v, "").as_object_mut().expect("object").insert("x-acs-action".into(), json!("Op2"));
        }, &["api-endpoint-changed"]),
        ("summary", |v| {
            at(v, "").as_object_mut().expect("object").insert("summary".into(), json!("does things"));
        }, &["api-summary-changed"]),
    ];
    let mut wrong = Vec::new();
    for (name, edit, expected) in table {
        let found = ids_after(edit);
        if found != *expected {
            wrong.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn services_on_one_side_only() {
    let spec = spec(base());
    let added = diff::service_added(&spec);
    assert_eq!(added.changes().map(|c| c.id).collect::<Vec<_>>(), ["api-added"]);
    let removed = diff::service_removed(&spec);
    assert_eq!(removed.changes().map(|c| c.id).collect::<Vec<_>>(), ["api-removed"]);
}
