//! The change-order waiter, generated from `[waiters.change_order]` in docs/sae/service.toml,
//! polls `DescribeChangeOrder` on a real server until the order succeeds, fails on every
//! documented failure state, stops where a person must act, backs off and keeps its deadline; its
//! states are exactly values the SAE reference documents.

use std::sync::Arc;
use std::time::{Duration, Instant};

use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::waiter::{WaitError, WaitPolicy};
use doc2sdk::sae::describe_change_order::DescribeChangeOrderRequest;
use doc2sdk_tests::recorder::{CannedResponse, RecordingServer};
use serde_json::json;

fn describe(status: i32) -> CannedResponse {
    CannedResponse::json(200, &json!({"RequestId": "r-1", "Code": "200", "Success": true, "Message": "success", "Data": {"ChangeOrderId": "co-1", "Status": status}}))
}

fn client(server: &RecordingServer) -> doc2sdk::sae::Client {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("AKID", "secret"))
        .endpoint_url(server.url())
        .allow_http(true)
        .clock(Arc::new(|| time::macros::datetime!(2025-01-02 03:04:05 UTC)))
        .build()
        .expect("config");
    doc2sdk::sae::Client::new(config).expect("client")
}

fn fast() -> WaitPolicy {
    WaitPolicy::new().initial_delay(Duration::from_millis(10)).max_delay(Duration::from_millis(20)).timeout(Duration::from_secs(10))
}

fn order(id: &str) -> DescribeChangeOrderRequest {
    DescribeChangeOrderRequest::new(id)
}

#[tokio::test]
async fn waits_until_the_change_order_succeeds() {
    let server = RecordingServer::start(vec![describe(0), describe(1), describe(9), describe(12), describe(2)]);
    let out = client(&server).wait_for_change_order(order("co-1"), fast()).await.expect("succeeds");
    assert_eq!(out.data.and_then(|d| d.status), Some(2));
    let requests = server.take_requests();
    assert_eq!(requests.len(), 5);
    assert!(requests.iter().all(|r| r.method == "GET" && r.path == "/pop/v1/sam/changeorder/DescribeChangeOrder"));
    assert!(requests.iter().all(|r| r.query.contains(&("ChangeOrderId".to_owned(), "co-1".to_owned()))));
}

#[tokio::test]
async fn every_documented_failure_state_is_an_error() {
    for (code, meaning) in [(3, "执行失败"), (6, "终止"), (10, "系统异常执行失败")] {
        let failed = CannedResponse::json(200, &json!({"RequestId": "r-2", "Code": "200", "Success": true, "Data": {"ChangeOrderId": "co-1", "Status": code, "ErrorMessage": "image pull failed"}}));
        let server = RecordingServer::start(vec![describe(1), failed]);
        let err = client(&server).wait_for_change_order(order("co-1"), fast()).await.expect_err("a failed change order is not a success");
        match &err {
            WaitError::Failed { state, meaning: got, response, .. } => {
                assert_eq!((state.as_str(), *got), (code.to_string().as_str(), Some(meaning)));
                assert_eq!(response.request_id.as_deref(), Some("r-2"));
                assert_eq!(response.data.as_ref().and_then(|d| d.error_message.as_deref()), Some("image pull failed"));
            }
            other => panic!("{code}: expected Failed, got {other:?}"),
        }
        assert_eq!(err.to_string(), format!("`DescribeChangeOrder` reports `Data.Status` = {code} ({meaning}): a failure state"));
        assert_eq!(server.take_requests().len(), 2);
    }
}

#[tokio::test]
async fn stops_when_a_person_must_act() {
    for code in [8, 11] {
        let server = RecordingServer::start(vec![describe(code)]);
        let err = client(&server).wait_for_change_order(order("co-1"), fast()).await.unwrap_err();
        assert!(matches!(&err, WaitError::NeedsAction { state, .. } if *state == code.to_string()), "{err}");
        assert!(err.response().is_some());
    }
}

#[tokio::test]
async fn backs_off_and_keeps_its_deadline() {
    // Waits of 20, 40, 80 ms ... within a deadline of 250 ms: polls at about 0, 20, 60, 140 and
    // the last one at the deadline, where a fixed 20 ms interval would poll 13 times.
    let server = RecordingServer::start(vec![describe(1)]);
    let policy = WaitPolicy::new().initial_delay(Duration::from_millis(20)).max_delay(Duration::from_secs(1)).timeout(Duration::from_millis(250));
    let started = Instant::now();
    let err = client(&server).wait_for_change_order(order("co-1"), policy).await.unwrap_err();
    let elapsed = started.elapsed();
    let WaitError::Timeout { last, polls, .. } = &err else { panic!("expected a timeout, got {err}") };
    assert_eq!(last.as_deref(), Some("1"));
    let sent = server.take_requests().len();
    assert_eq!(sent, *polls as usize);
    assert!((4..=6).contains(&sent), "{sent} polls");
    assert!(elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert!(err.to_string().starts_with("`DescribeChangeOrder` still reports `Data.Status` = 1 after "), "{err}");
}

#[tokio::test]
async fn a_failing_describe_is_an_error_with_its_cause() {
    let server = RecordingServer::start(vec![CannedResponse::json(404, &json!({"Code": "404", "ErrorCode": "InvalidChangeOrder.NotFound", "Message": "no such change order", "RequestId": "r-3", "Success": false}))]);
    let err = client(&server).wait_for_change_order(order("co-x"), fast()).await.unwrap_err();
    let WaitError::Call { source, .. } = &err else { panic!("{err}") };
    assert_eq!(doc2sdk::runtime::error::ErrorMetadata::code(source), Some("InvalidChangeOrder.NotFound"));
}

/// The waiter's states are values the reference documents for `Data.Status`, recorded in the spec
/// with their source; every documented value is one of them or a pending state.
#[test]
fn the_waiter_states_are_documented_values() {
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(xtask::workspace_root().join("spec/openapi/sae-2019-05-06.json")).unwrap()).unwrap();
    let op = spec["paths"]["/pop/v1/sam/changeorder/DescribeChangeOrder"]["get"].clone();
    let values = op.pointer("/responses/200/content/application~1json/schema/properties/Data/properties/Status/enum").and_then(|v| v.as_array()).cloned().expect("documented values");
    let documented: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    assert_eq!(documented, ["0", "1", "2", "3", "6", "8", "9", "10", "11", "12"]);
    let waiter = &spec["x-doc2sdk"]["waiters"]["change_order"];
    assert_eq!(waiter["operation"], "DescribeChangeOrder");
    assert!(waiter["source"].as_str().is_some_and(|s| s.contains("line 17295")));
    for class in ["success", "failure", "needs-action"] {
        for v in waiter[class].as_array().expect("a list") {
            assert!(documented.contains(&v.as_str().unwrap().to_owned()), "{class} {v}");
        }
    }
}

fn page(apps: usize, total: i64) -> CannedResponse {
    let list: Vec<serde_json::Value> = (0..apps).map(|i| json!({"AppId": format!("app-{i}"), "AppName": "a"})).collect();
    CannedResponse::json(200, &json!({"RequestId": "r", "Success": true, "Code": "200", "Data": {"Applications": list, "TotalSize": total, "CurrentPage": 1, "PageSize": 2}}))
}

#[tokio::test]
async fn list_pages_are_fetched_on_demand_until_the_total_is_reached() {
    let server = RecordingServer::start(vec![page(2, 5), page(2, 5), page(1, 5), page(0, 5)]);
    let client = client(&server);
    let request = doc2sdk::sae::list_applications::ListApplicationsRequest::new().page_size(2);
    let mut pages = client.list_applications_pages(request);
    let mut items = 0;
    let mut fetched = 0;
    while let Some(page) = pages.next_page().await {
        let out = page.expect("page");
        items += out.data.map_or(0, |d| d.applications.len());
        fetched += 1;
        // Nothing is fetched before it is asked for.
        assert_eq!(server.requests().len(), fetched);
    }
    assert_eq!((fetched, items), (3, 5));
    let pages_sent: Vec<String> = server.take_requests().iter().map(|r| r.query.iter().find(|(k, _)| k == "CurrentPage").map(|(_, v)| v.clone()).unwrap_or_default()).collect();
    assert_eq!(pages_sent, ["1", "2", "3"]);
}
