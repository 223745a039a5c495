//! The facts in a service's `service.toml` that its own documents state are checked against the
//! documents, so a settings file cannot drift from them.

use doc2sdk_spec::settings::ServiceSettings;

fn settings(service: &str) -> ServiceSettings {
    let path = xtask::workspace_root().join(format!("docs/{service}/service.toml"));
    ServiceSettings::parse(&path.display().to_string(), &std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn document(path: &str) -> String {
    std::fs::read_to_string(xtask::workspace_root().join(path)).unwrap()
}

#[test]
fn sae_endpoints_and_regions_are_the_reference_s_own() {
    let doc = document("docs/sae/004_478fbb8d64cc9a87.txt");
    let settings = settings("sae");
    // `sae.[regionId].aliyuncs.com` in the 服务地址 chapter.
    let pattern = settings.endpoint_pattern.value.replace("{region}", "[regionId]");
    assert!(doc.contains(&format!("SAE的API接入地址为{pattern}")), "{pattern}");
    // The region table: `华东1（杭州） cn-hangzhou` ... between its header and its repeated header.
    let header = "地域名称 regionld";
    let start = doc.find(header).expect("region table") + header.len();
    let end = start + doc[start..].find(header).expect("repeated header");
    let documented: std::collections::BTreeSet<String> =
        doc[start..end].lines().filter_map(|l| l.split_whitespace().last()).filter(|t| t.contains('-') && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')).map(str::to_owned).collect();
    let configured: std::collections::BTreeSet<String> = settings.regions.value.keys().cloned().collect();
    assert_eq!(configured, documented);
    assert_eq!(documented.len(), 9);
    for (region, host) in &settings.regions.value {
        assert_eq!(host, &settings.endpoint_pattern.value.replace("{region}", region));
    }
}

#[test]
fn iotedge_api_version_is_the_path_s() {
    let doc = document("docs/iotedge/003_aafff2e24d5c00a0.txt");
    let settings = settings("iotedge");
    assert!(doc.contains(&format!("POST /{}/{{project_id}}/edge-apps/{{edge_app_id}}/versions", settings.api_version.value)));
}

/// A waiter's states must be values the documents list for its field: an undocumented one is an
/// error that names both lists, and the waiter is left out rather than generated wrong.
#[test]
fn a_waiter_state_the_documents_do_not_list_is_refused() {
    let path = xtask::workspace_root().join("docs/sae/service.toml");
    let text = std::fs::read_to_string(&path).unwrap().replace("failure = [3, 6, 10]", "failure = [3, 5]");
    let settings = ServiceSettings::parse("service.toml", &text).unwrap();
    let name = "docs/sae/004_478fbb8d64cc9a87.txt";
    let inputs = vec![doc2sdk_spec::Input { name: name.to_owned(), bytes: document(name).into_bytes() }];
    let scraped = doc2sdk_spec::scrape(&inputs, Some(&settings));
    assert!(scraped.spec.x_doc2sdk.waiters.is_empty());
    let refused: Vec<String> = scraped.diagnostics.iter().filter(|d| d.code == "waiter").map(|d| d.to_string()).collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("documents the values [0, 1, 2, 3, 6, 8, 9, 10, 11, 12], not [5]"), "{}", refused[0]);
    // As checked in, every state is documented and the waiter is in the spec.
    let scraped = doc2sdk_spec::scrape(&inputs, Some(&settings_of_sae()));
    assert_eq!(scraped.spec.x_doc2sdk.waiters["change_order"].failure, ["3", "6", "10"]);
}

fn settings_of_sae() -> ServiceSettings {
    settings("sae")
}
