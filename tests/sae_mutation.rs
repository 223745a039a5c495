//! The identifier-renaming mutation over the SAE manual: the names of several operations (the
//! operation, its parameters, its response fields, its error codes) are renamed throughout the
//! manual's text, letters shifted so every name keeps its shape, and the manual is read again.
//! Each renamed operation must come out with the same parameters and response fields under the
//! new names: nothing in the reader keys on a particular name.

use std::collections::BTreeMap;

use doc2sdk_spec::score::{flatten, shift, Found};
use doc2sdk_spec::settings::ServiceSettings;
use doc2sdk_spec::{scrape, Input};

const MANUAL: &str = "docs/sae/004_478fbb8d64cc9a87.txt";
/// Operations of every kind: a list, a create with a JSON body, a describe with a deep response.
const OPERATIONS: [&str; 4] = ["ListChangeOrders", "CreateNamespace", "DescribeApplicationConfig", "StopApplication"];

fn read(text: &str) -> Vec<Found> {
    let root = xtask::workspace_root();
    let settings_text = std::fs::read_to_string(root.join("docs/sae/service.toml")).expect("service.toml");
    let settings = ServiceSettings::parse("service.toml", &settings_text).expect("settings");
    let scraped = scrape(&[Input { name: MANUAL.to_owned(), bytes: text.as_bytes().to_vec() }], Some(&settings));
    flatten(&scraped.spec)
}

/// Renames every name of `names` throughout `text`, also where the PDF text split it with spaces
/// or a line break (`NamespaceDescriptio` / `n`, `ht t pGet`): each matched letter is shifted in
/// place, so a split name stays split the same way and the reader's repairs see the same damage.
/// Longer names first; a match must stand alone (no identifier character on either side).
fn rename_throughout(text: &str, names: &[String]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut taken = vec![false; chars.len()];
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut names: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in &names {
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != name[0] || taken[i] || (i > 0 && is_ident(chars[i - 1])) {
                i += 1;
                continue;
            }
            // Match the name's characters, allowing up to two spaces or one line break between them.
            let (mut at, mut k, mut hit) = (i, 0, Vec::new());
            while k < name.len() && at < chars.len() {
                if chars[at] == name[k] && !taken[at] {
                    hit.push(at);
                    at += 1;
                    k += 1;
                } else if k > 0 && (chars[at] == ' ' || chars[at] == '\n') && at + 1 < chars.len() && at - hit[hit.len() - 1] <= 2 {
                    at += 1;
                } else {
                    break;
                }
            }
            // Digits may follow: a manual glues the next heading's number to a name (`Op11.6.`).
            if k == name.len() && !chars.get(at).copied().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') {
                for &h in &hit {
                    out[h] = shift(&chars[h].to_string()).chars().next().expect("one char");
                    taken[h] = true;
                }
                i = at;
            } else {
                i += 1;
            }
        }
    }
    out.into_iter().collect()
}

fn sorted<T: Ord + Clone>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort();
    v
}

#[test]
fn renaming_operations_throughout_the_manual_renames_them_in_the_spec() {
    let root = xtask::workspace_root();
    let manual = std::fs::read_to_string(root.join(MANUAL)).expect("the manual");
    let original = read(&manual);
    assert_eq!(original.len(), 79, "the manual's operations");
    let by_name: BTreeMap<&str, &Found> = original.iter().map(|f| (f.operation.as_str(), f)).collect();
    let mut failures = Vec::new();
    // Words the reader must still find are not renamed (a field named `Type` would rename the column).
    let reader_word = |n: &str| doc2sdk_spec::lexicon::column(n).is_some() || doc2sdk_spec::lexicon::section(n).is_some() || doc2sdk_spec::lexicon::is_type(n) || doc2sdk_spec::lexicon::is_location(n);
    for op in OPERATIONS {
        let found = by_name[op];
        let mut names: Vec<String> = vec![found.operation.clone()];
        names.extend(found.params.iter().map(|p| p.name.clone()));
        names.extend(found.fields.iter().map(|(n, _)| n.clone()));
        names.extend(found.errors.iter().map(|(_, code)| code.clone()));
        names.retain(|n| n.len() >= 2 && !reader_word(n));
        names.sort();
        names.dedup();
        let rename = |n: &str| if names.iter().any(|m| m == n) { shift(n) } else { n.to_owned() };
        let mutated = read(&rename_throughout(&manual, &names));
        assert_eq!(mutated.len(), 79, "{op}: the renamed manual still yields every operation");
        let new_name = rename(&found.operation);
        let Some(after) = mutated.iter().find(|f| f.operation == new_name) else {
            failures.push(format!("{op}: no operation `{new_name}` after renaming"));
            continue;
        };
        let want_params = sorted(&found.params.iter().map(|p| rename(&p.name)).collect::<Vec<_>>());
        let got_params = sorted(&after.params.iter().map(|p| p.name.clone()).collect::<Vec<_>>());
        if want_params != got_params {
            failures.push(format!("{op}: parameters {got_params:?}, expected {want_params:?}"));
        }
        let want_fields = sorted(&found.fields.iter().map(|(n, p)| (rename(n), p.as_deref().map(rename))).collect::<Vec<_>>());
        let got_fields = sorted(&after.fields);
        if want_fields != got_fields {
            let missing: Vec<_> = want_fields.iter().filter(|f| !got_fields.contains(f)).collect();
            failures.push(format!("{op}: {} response fields differ after renaming, e.g. {:?}", missing.len(), missing.iter().take(5).collect::<Vec<_>>()));
        }
        let want_errors = sorted(&found.errors.iter().map(|(s, c)| (*s, rename(c))).collect::<Vec<_>>());
        if sorted(&after.errors) != want_errors {
            failures.push(format!("{op}: error codes {:?}, expected {want_errors:?}", sorted(&after.errors)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
