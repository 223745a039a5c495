//! Every saved form of a page reads to the same spec (issue 5).
//!
//! - Each seed page is written in every form and variant by the spec crate's renderer, and
//!   scraping each rendering must give the spec of the original page, with only locations (line
//!   numbers) and the documents' paths, hashes and forms allowed to differ. The form must be
//!   detected from the content.
//! - Fixtures under `fixtures/forms/` hold the odd cases: `ok/` pages read without warnings,
//!   `err/` pages give the diagnostics in their snapshot.
//! - Random tables written in every form read back to the same rows (proptest), and every reader
//!   survives arbitrary bytes and mutated renderings (a bounded fuzz run on stable Rust; the
//!   cargo-fuzz targets are in `fuzz/`).

use std::path::Path;

use doc2sdk_spec::doc::{Block, Document, Form, Row, Table};
use doc2sdk_spec::read::render::{render, Rendering};
use doc2sdk_spec::{read, scrape, Diagnostics, Input, Severity};
use proptest::prelude::*;
use serde_json::Value;

/// The seed pages that have a text form (SAE's PDF text has a reader of its own).
const SEEDS: &[&str] = &["docs/esa/000_29f0e2c37dd92741.txt", "docs/esa/001_115aae8817e3864c.txt", "docs/esa/002_a5c1519f74d5a6ef.txt", "docs/iotedge/003_aafff2e24d5c00a0.txt"];

fn root() -> std::path::PathBuf {
    xtask::workspace_root()
}

fn seed_text(name: &str) -> String {
    std::fs::read_to_string(root().join(name)).unwrap()
}

fn read_doc(name: &str, text: &str) -> Document {
    read::read(name, text, &mut Diagnostics::new())
}

/// The spec of one document, without what depends on the form: line numbers in `x-source` and the
/// path, hash and form of the document read.
fn normalized_spec(name: &str, bytes: Vec<u8>) -> Value {
    let scraped = scrape(&[Input { name: name.to_owned(), bytes }], None);
    let mut value = serde_json::to_value(&scraped.spec).unwrap();
    strip_locations(&mut value);
    if let Some(docs) = value.pointer_mut("/x-doc2sdk/documents").and_then(Value::as_array_mut) {
        for doc in docs.iter_mut().filter_map(Value::as_object_mut) {
            for key in ["path", "sha256", "form"] {
                doc.remove(key);
            }
        }
    }
    value
}

fn strip_locations(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("document") && map.contains_key("line") {
                map.remove("line");
            }
            map.values_mut().for_each(strip_locations);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

/// The first place two JSON values differ, as `path: expected != found`.
fn first_difference(path: &str, expected: &Value, found: &Value) -> Option<String> {
    match (expected, found) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let here = format!("{path}/{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = first_difference(&here, x, y) {
                            return Some(d);
                        }
                    }
                    (x, y) => return Some(format!("{here}: {} != {}", short(x), short(y))),
                }
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a.iter().zip(b).enumerate().find_map(|(i, (x, y))| first_difference(&format!("{path}/{i}"), x, y)),
        _ if expected == found => None,
        _ => Some(format!("{path}: {} != {}", short(Some(expected)), short(Some(found)))),
    }
}

fn short(v: Option<&Value>) -> String {
    let text = v.map_or_else(|| "(missing)".to_owned(), ToString::to_string);
    if text.chars().count() > 160 {
        format!("{}...", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

#[test]
fn every_rendering_of_every_seed_reads_to_the_same_spec() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in SEEDS {
        let text = seed_text(name);
        let expected = normalized_spec(name, text.clone().into_bytes());
        let doc = read_doc(name, &text);
        for how in Rendering::all() {
            let rendered = render(&doc, &how);
            let detected = read::detect_form(&rendered);
            if detected != how.form() {
                failures.push(format!("{name} as {}: detected as {detected:?}", how.name()));
                continue;
            }
            let found = normalized_spec(name, rendered.clone().into_bytes());
            if let Some(d) = first_difference("", &expected, &found) {
                failures.push(format!("{name} as {}: {d}", how.name()));
                if std::env::var_os("FORMS_DUMP").is_some() {
                    let out = root().join("target/forms").join(format!("{}.{}.txt", name.replace('/', "_"), how.name().replace(['{', '}', ':', ',', ' '], "")));
                    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
                    std::fs::write(out, &rendered).unwrap();
                }
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{} of {checked} renderings differ:\n{}", failures.len(), failures.join("\n"));
}

/// The form a fixture file is in, by the first part of its name (`pipe.gb18030.txt`, `page.html`).
fn fixture_form(file: &str) -> Form {
    match file.split('.').next().unwrap_or("") {
        "pipe" => Form::PipeTable,
        "pipelines" => Form::PipeLines,
        "cells" => Form::CellPerLine,
        "space" => Form::SpaceSeparated,
        "run" => Form::RunTogether,
        "page" => Form::Html,
        other => panic!("fixture `{file}`: `{other}` names no form"),
    }
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

/// Odd cases, one folder each with the same page in several forms: every file must be read as the
/// form its name says and give the same spec (document names aside); `ok/` pages without warnings.
/// The snapshot holds each file's diagnostics and the spec.
#[test]
fn odd_cases_read_the_same_in_every_form() {
    let fixtures = root().join("tests/fixtures/forms");
    let mut failures = Vec::new();
    for kind in ["ok", "err"] {
        for case in sorted_entries(&fixtures.join(kind)) {
            let case_name = case.file_name().unwrap().to_string_lossy().into_owned();
            let mut summary = String::new();
            let mut first: Option<(String, Value)> = None;
            for path in sorted_entries(&case) {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                let name = format!("{kind}/{case_name}/{file}");
                let scraped = scrape(&[Input { name: name.clone(), bytes: std::fs::read(&path).unwrap() }], None);
                let form = scraped.documents.first().map(|(d, _)| d.form);
                if form != Some(fixture_form(&file)) {
                    failures.push(format!("{name}: read as {form:?}, expected {:?}", fixture_form(&file)));
                }
                if kind == "ok" {
                    failures.extend(scraped.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).map(|d| format!("{name}: unexpected {d}")));
                }
                summary.push_str(&format!("{file}: read as {}\n", form.map_or("nothing", Form::name)));
                for d in &scraped.diagnostics {
                    summary.push_str(&format!("  {d}\n"));
                }
                let mut spec = serde_json::to_value(&scraped.spec).unwrap();
                strip_locations(&mut spec);
                strip_documents(&mut spec);
                match &first {
                    None => first = Some((name, spec)),
                    Some((first_name, expected)) => {
                        if let Some(d) = first_difference("", expected, &spec) {
                            failures.push(format!("{name} differs from {first_name}: {d}"));
                        }
                    }
                }
            }
            let spec = first.map(|(_, s)| serde_json::to_string_pretty(&s).unwrap()).unwrap_or_default();
            insta::assert_snapshot!(format!("{kind}_{case_name}"), format!("{summary}\nspec:\n{spec}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sources and the documents read: fixtures of one case have different names.
fn strip_documents(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("x-source");
            if let Some(docs) = map.get_mut("documents").and_then(Value::as_array_mut) {
                for doc in docs.iter_mut().filter_map(Value::as_object_mut) {
                    for key in ["path", "sha256", "form"] {
                        doc.remove(key);
                    }
                }
            }
            map.values_mut().for_each(strip_documents);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_documents),
        _ => {}
    }
}

#[test]
fn every_encoding_of_a_rendering_reads_the_same() {
    let name = SEEDS[1];
    let text = seed_text(name);
    let expected = normalized_spec(name, text.clone().into_bytes());
    let doc = read_doc(name, &text);
    let mut failures = Vec::new();
    for how in [Rendering::all()[0].clone(), Rendering::all().last().unwrap().clone()] {
        let rendered = render(&doc, &how);
        let encodings: Vec<(&str, Vec<u8>)> = vec![
            ("utf-8 with BOM", [&[0xEF, 0xBB, 0xBF][..], rendered.as_bytes()].concat()),
            ("utf-16le with BOM", [vec![0xFF, 0xFE], rendered.encode_utf16().flat_map(u16::to_le_bytes).collect()].concat()),
            ("utf-16be with BOM", [vec![0xFE, 0xFF], rendered.encode_utf16().flat_map(u16::to_be_bytes).collect()].concat()),
            ("gb18030, CRLF", encoding_rs::GB18030.encode(&rendered.replace('\n', "\r\n")).0.into_owned()),
        ];
        for (encoding, bytes) in encodings {
            if let Some(d) = first_difference("", &expected, &normalized_spec(name, bytes)) {
                failures.push(format!("{} in {encoding}: {d}", how.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The column layouts of the random tables: Alibaba's, an older reference page's, Huawei's.
const LAYOUTS: &[&[&str]] = &[
    &["名称", "类型", "必填", "描述", "示例值"],
    &["Parameter", "Type", "Position", "Required", "Example", "Description"],
    &["参数", "是否必选", "参数类型", "描述"],
];

/// One random parameter: name, type, required, location, description, example, and whether an
/// item row follows it.
type Param = (String, usize, bool, usize, String, usize, bool);

/// A row of `layout` for a parameter, and the item row of an array when it has one.
fn layout_rows(layout: usize, (name, ty, required, location, description, example, item): Param) -> Vec<Vec<String>> {
    let types: &[&str] = match layout {
        0 => &["string", "integer", "boolean", "long", "object", "array<object>"],
        1 => &["String", "Integer", "Boolean", "Long", "Object", "Array"],
        _ => &["String", "Integer", "Boolean", "ProbeDTO object", "Array of strings", "Array of VolumeDTO objects"],
    };
    let examples = ["app-1", "8080", "test app", "cn-hangzhou", "true", "[\"a\", \"b\"]"];
    let ty = types[ty].to_owned();
    let (yes, no) = if layout == 1 { ("Yes", "No") } else { ("是", "否") };
    let required = if required { yes } else { no }.to_owned();
    // Arrays show JSON examples: a word there could be the name of the row after.
    let example = if ty.to_ascii_lowercase().starts_with("array") { examples[5] } else { examples[example] }.to_owned();
    let mut rows = vec![match layout {
        0 => vec![name, ty.clone(), required.clone(), description.clone(), example],
        1 => vec![name, ty.clone(), ["Query", "Body"][location % 2].to_owned(), required.clone(), example, description.clone()],
        _ => vec![name, required.clone(), ty.clone(), description.clone()],
    }];
    if item && layout == 0 && ty == "array<object>" {
        rows.push(vec![String::new(), "object".to_owned(), required, description, String::new()]);
    }
    rows
}

/// A random parameter table and error table on an otherwise fixed page.
fn random_page() -> impl Strategy<Value = Document> {
    let word = prop::sample::select(vec!["the", "value", "of", "container", "image", "port", "Valid", "values", "版本", "名称", "镜像地址", "端口", "docker|process", "(1C2G | 2C4G)", "1~100", "<RegionId>"]);
    let sentence = prop::collection::vec(word, 1..8).prop_map(|w| format!("{}.", w.join(" ")));
    let description = (sentence.clone(), prop::collection::vec(sentence, 0..3)).prop_map(|(first, bullets)| {
        std::iter::once(first).chain(bullets.into_iter().map(|b| format!("• {b}"))).collect::<Vec<_>>().join("\n")
    });
    let param = ("[A-Z][a-z]{1,6}[A-Z][a-z]{1,6}", 0..6usize, any::<bool>(), 0..2usize, description, 0..6usize, any::<bool>());
    // Messages are sentences of a few words starting with a capital, as on the pages.
    let message = (prop::sample::select(vec!["The", "Check", "Invalid", "Failed"]), prop::collection::vec(prop::sample::select(vec!["specified", "parameter", "is", "invalid", "name", "to", "call"]), 1..6))
        .prop_map(|(first, w)| format!("{first} {}.", w.join(" ")));
    let error = (prop::sample::select(vec!["400", "403", "404", "500"]), "[A-Z][a-z]{2,8}(\\.[A-Z][a-z]{2,8})?", message, prop::sample::select(vec!["参数无效。", "应用不存在。", "调用服务失败，请稍后重试。"]))
        .prop_map(|(s, c, m, d)| vec![s.to_owned(), c, m, d.to_owned()]);
    (0..LAYOUTS.len(), prop::collection::vec(param, 1..6), prop::collection::vec(error, 0..4)).prop_map(|(layout, params, errors)| {
        let rows: Vec<Vec<String>> = params.into_iter().flat_map(|p| layout_rows(layout, p)).collect();
        let text = |line: u32, t: &str| Block::Text { line, text: t.to_owned() };
        let heading = |line: u32, t: &str| Block::Heading { line, text: t.to_owned() };
        let table = |header: &[&str], rows: Vec<Vec<String>>| Table { line: 0, header: header.iter().map(|h| h.to_string()).collect(), rows: rows.into_iter().map(|cells| Row { line: 0, cells }).collect() };
        Document {
            file: "random.txt".to_owned(),
            form: Form::PipeTable,
            table_forms: Vec::new(),
            blocks: vec![
                text(1, "边缘安全加速:CreateRandomThing"),
                text(2, "创建一个随机的东西。"),
                heading(3, "请求参数"),
                Block::Table(table(LAYOUTS[layout], rows)),
                heading(4, "错误码"),
                Block::Table(table(&["HTTP status code", "错误码", "错误信息", "描述"], errors)),
                text(5, "访问错误中心查看更多错误码。"),
            ],
        }
    })
}

fn tables_of(doc: &Document) -> Vec<(Vec<String>, Vec<Vec<String>>)> {
    doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some((t.header.clone(), t.rows.iter().map(|r| r.cells.clone()).collect())) } else { None }).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Random tables written in every form read back to the same headers and rows.
    #[test]
    fn random_tables_read_back_in_every_form(doc in random_page()) {
        let expected = tables_of(&doc);
        for how in Rendering::all() {
            let rendered = render(&doc, &how);
            let mut diags = Diagnostics::new();
            let back = read::read("random.txt", &rendered, &mut diags);
            prop_assert_eq!(back.form, how.form(), "{}\n{}", how.name(), rendered);
            prop_assert_eq!(&tables_of(&back), &expected, "{}\n{}", how.name(), rendered);
        }
    }
}

/// Bytes a reader could be handed: anything, or a rendering of a seed with lines cut, doubled,
/// swapped and spliced with garbage.
fn mutated_rendering() -> impl Strategy<Value = (usize, usize, Vec<(u8, usize, String)>)> {
    let edit = (0u8..5, any::<usize>(), ".{0,12}");
    (0..SEEDS.len(), 0..Rendering::all().len(), prop::collection::vec(edit, 0..8))
}

fn apply_edits(text: &str, edits: &[(u8, usize, String)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (kind, at, garbage) in edits {
        if lines.is_empty() {
            lines.push(garbage.clone());
            continue;
        }
        let i = at % lines.len();
        match kind {
            0 => {
                lines.remove(i);
            }
            1 => lines.insert(i, lines[i].clone()),
            2 => lines.truncate(i + 1),
            3 => {
                let cut = lines[i].char_indices().map(|(b, _)| b).nth(at % (lines[i].chars().count() + 1)).unwrap_or(lines[i].len());
                lines[i].insert_str(cut, garbage);
            }
            _ => {
                let j = (at / 7) % lines.len();
                lines.swap(i, j);
            }
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    /// The stable-Rust stand-in for the cargo-fuzz targets in `fuzz/`: every reader, handed
    /// arbitrary bytes or a mutated rendering, returns a document and diagnostics, never panics.
    #[test]
    fn every_reader_survives_arbitrary_input(bytes in prop::collection::vec(any::<u8>(), 0..2048), (seed, rendering, edits) in mutated_rendering()) {
        let arbitrary = String::from_utf8_lossy(&bytes).into_owned();
        let text = seed_text(SEEDS[seed]);
        let doc = read_doc(SEEDS[seed], &text);
        let mutated = apply_edits(&render(&doc, &Rendering::all()[rendering]), &edits);
        for input in [&arbitrary, &mutated] {
            for form in read::FORMS {
                let _ = read::read_as("fuzz.txt", input, *form, &mut Diagnostics::new());
            }
            let _ = scrape(&[Input { name: "fuzz.txt".into(), bytes: input.as_bytes().to_vec() }], None);
        }
        let _ = scrape(&[Input { name: "fuzz.bin".into(), bytes }], None);
    }
}
