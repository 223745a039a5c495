//! Bad input of any kind gives located diagnostics, never a panic, and one broken document does
//! not stop the others.

use doc2sdk_spec::{scrape, Input, Severity};
use proptest::prelude::*;

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(xtask::workspace_root().join("docs/esa").join(name)).unwrap()
}

const EN: &str = "000_29f0e2c37dd92741.txt";
const ZH: &str = "001_115aae8817e3864c.txt";
const TW: &str = "002_a5c1519f74d5a6ef.txt";

fn operations(inputs: &[Input]) -> (Vec<String>, Vec<String>) {
    let scraped = scrape(inputs, None);
    let ops = scraped.spec.paths.values().flat_map(|p| p.operations().map(|(_, o)| o.operation_id.clone()).collect::<Vec<_>>()).collect();
    (ops, scraped.diagnostics.iter().map(ToString::to_string).collect())
}

fn cut_at_line(bytes: &[u8], needle: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in seed"));
    text.as_bytes()[..at + needle.len()].to_vec()
}

#[test]
fn broken_documents_are_diagnosed_and_the_others_still_come_out() {
    let text_zh = String::from_utf8(seed(ZH)).unwrap();
    let mut reordered: Vec<&str> = text_zh.lines().collect();
    let errors_at = reordered.iter().position(|l| *l == "错误码").unwrap();
    let tail = reordered.split_off(errors_at);
    let mut moved = tail.clone();
    moved.extend(reordered);
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("garbage.txt", vec![0x81, 0xFF, 0x00, 0xFE, 0x13, 0x37], &["garbage.txt: error[decode]: `garbage.txt` is not text"]),
        ("empty.txt", Vec::new(), &["empty.txt: error[decode]: `empty.txt` is empty"]),
        ("prose.txt", b"Nothing to see here.\nJust prose.".to_vec(), &["prose.txt: warning[no-table]", "prose.txt: error[no-operation]"]),
        ("truncated-row.txt", cut_at_line(&seed(ZH), "Spec | string | 是 | 容器规格"), &["truncated-row.txt:41: error[incomplete-row]: table row has 4 of 5 cells"]),
        ("truncated-json.txt", cut_at_line(&seed(TW), "\"RequestId\": \"04F0F334"), &["truncated-json.txt:41: error[bad-example]: JSON example does not parse"]),
        ("bad-type.txt", String::from_utf8(seed(TW)).unwrap().replace("Percentage | integer", "Percentage | integr").into_bytes(), &["bad-type.txt:27: error[unknown-type]: expected a type such as `string`"]),
        ("reordered.txt", moved.join("\n").into_bytes(), &[]),
    ];
    for (name, bytes, expected) in cases {
        let inputs = vec![Input { name: name.to_owned(), bytes }, Input { name: EN.to_owned(), bytes: seed(EN) }];
        let (ops, diags) = operations(&inputs);
        assert!(ops.contains(&"CreateEdgeContainerAppVersion".to_owned()), "{name}: the good document still yields its operation; got {ops:?}");
        for want in expected {
            assert!(diags.iter().any(|d| d.starts_with(want)), "{name}: expected a diagnostic starting with `{want}`, got {diags:#?}");
        }
    }
}

#[test]
fn a_duplicated_document_is_compared_with_itself_and_agrees() {
    let inputs = vec![Input { name: "a.txt".into(), bytes: seed(ZH) }, Input { name: "b.txt".into(), bytes: seed(ZH) }];
    let scraped = scrape(&inputs, None);
    assert_eq!(scraped.spec.paths.len(), 1);
    assert!(scraped.diagnostics.iter().all(|d| d.severity < Severity::Warning), "{:#?}", scraped.diagnostics);
}

#[test]
fn english_and_chinese_pages_of_one_operation_agree_structurally() {
    let inputs = vec![Input { name: EN.into(), bytes: seed(EN) }, Input { name: ZH.into(), bytes: seed(ZH) }];
    let scraped = scrape(&inputs, None);
    let mismatches: Vec<String> = scraped.diagnostics.iter().filter(|d| d.code == "cross-page-mismatch").map(ToString::to_string).collect();
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    // The comparison can fail: a page with a field made optional disagrees.
    let edited = String::from_utf8(seed(ZH)).unwrap().replace("Spec | string | 是", "Spec | string | 否").replace("IsACRImage | boolean", "IsACRImage | string");
    let inputs = vec![Input { name: EN.into(), bytes: seed(EN) }, Input { name: "edited.txt".into(), bytes: edited.into_bytes() }];
    let found: Vec<String> = scrape(&inputs, None).diagnostics.iter().filter(|d| d.code == "cross-page-mismatch").map(|d| d.message.clone()).collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|m| m.contains("`Containers[].Spec` is optional here but required")), "{found:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any cut, any garbage spliced in: diagnostics, never a panic.
    #[test]
    fn mutated_seeds_never_panic(which in 0usize..3, cut in 0.0f64..1.0, splice in proptest::collection::vec(any::<u8>(), 0..64), at in 0.0f64..1.0) {
        let mut bytes = seed([EN, ZH, TW][which]);
        let len = (bytes.len() as f64 * cut) as usize;
        bytes.truncate(len.max(1));
        let pos = (bytes.len() as f64 * at) as usize;
        bytes.splice(pos..pos, splice);
        let scraped = scrape(&[Input { name: "mutated.txt".into(), bytes }], None);
        for d in &scraped.diagnostics {
            prop_assert_eq!(&d.location.file, "mutated.txt");
        }
    }
}
