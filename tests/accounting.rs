//! Nothing is lost silently: every row of every parameter, response and error table of every
//! checked-in document is in the spec (an `x-source` names its line) or in a diagnostic.

use std::collections::BTreeSet;

use doc2sdk_spec::doc::Block;
use doc2sdk_spec::lexicon::{self, Column};
use doc2sdk_spec::{read, Diagnostics};
use serde_json::Value;

fn sources(value: &Value, out: &mut BTreeSet<(String, u64)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get("x-source") {
                for s in list {
                    out.insert((s["document"].as_str().unwrap_or("").to_owned(), s["line"].as_u64().unwrap_or(0)));
                }
            }
            map.values().for_each(|v| sources(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| sources(v, out)),
        _ => {}
    }
}

#[test]
fn every_table_row_is_in_the_spec_or_a_diagnostic() {
    let root = xtask::workspace_root();
    let plan = xtask::regenerate::plan(&root).expect("plan");
    let mut seen = BTreeSet::new();
    for (path, contents) in plan.files.iter().filter(|(p, _)| p.starts_with("spec/openapi")) {
        let spec: Value = serde_json::from_str(contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        sources(&spec, &mut seen);
    }
    // Rows named by a diagnostic of the summary count as reported.
    for line in plan.summary.lines() {
        if let Some((file, rest)) = line.trim().split_once(".txt:") {
            if let Some(n) = rest.split(':').next().and_then(|n| n.parse::<u64>().ok()) {
                seen.insert((format!("{file}.txt"), n));
            }
        }
    }
    let mut checked = 0;
    let mut missing = Vec::new();
    for spec_doc in [
        "docs/esa/000_29f0e2c37dd92741.txt",
        "docs/esa/001_115aae8817e3864c.txt",
        "docs/esa/002_a5c1519f74d5a6ef.txt",
        "docs/iotedge/003_aafff2e24d5c00a0.txt",
        "docs/sae/004_478fbb8d64cc9a87.txt",
    ] {
        let text = std::fs::read_to_string(root.join(spec_doc)).unwrap();
        let doc = read::read(spec_doc, &text, &mut Diagnostics::new());
        for block in &doc.blocks {
            let Block::Table(table) = block else { continue };
            let columns: Vec<Option<Column>> = table.header.iter().map(|h| lexicon::column(h)).collect();
            let is_data = columns.contains(&Some(Column::ErrorCode)) || (columns.contains(&Some(Column::Name)) && columns.contains(&Some(Column::Type)));
            if !is_data {
                continue;
            }
            // A diagnostic that names the table itself (`its N rows were not read`) covers its rows.
            let table_reported = seen.contains(&(spec_doc.to_owned(), u64::from(table.line)));
            for row in table.rows.iter().filter(|_| !table_reported) {
                checked += 1;
                // A nameless root row of a response table (`object`) is the body itself.
                let root_row = row.cells.iter().filter(|c| !c.is_empty()).count() == 1 && row.cells[0].is_empty();
                if !seen.contains(&(spec_doc.to_owned(), u64::from(row.line))) && !root_row {
                    missing.push(format!("{spec_doc}:{}: {}", row.line, row.cells.join(" | ")));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} rows checked");
    assert!(missing.is_empty(), "rows neither in the spec nor in a diagnostic:\n{}", missing.join("\n"));
}
