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
    for (path, contents) in &plan.files {
        let snap = path.display().to_string().replace(['/', '.'], "_");
        insta::assert_snapshot!(snap, contents);
    }
    insta::assert_snapshot!("regenerate_summary", plan.summary);
}
