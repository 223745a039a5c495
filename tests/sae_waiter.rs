//! The change-order waiter polls `DescribeChangeOrder` on a real server until the order is final,
//! and its status enum covers exactly the values the SAE reference documents.

use std::sync::Arc;
use std::time::Duration;

use doc2sdk::ext::sae::{wait_for_change_order, ChangeOrderStatus, WaitError, WaitPolicy};
use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
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

#[tokio::test]
async fn waits_until_the_change_order_is_final() {
    let server = RecordingServer::start(vec![describe(0), describe(1), describe(2)]);
    let policy = WaitPolicy { interval: Duration::from_millis(10), timeout: Duration::from_secs(10) };
    let (status, out) = wait_for_change_order(&client(&server), "co-1", policy).await.expect("finishes");
    assert_eq!(status, ChangeOrderStatus::Succeeded);
    assert_eq!(out.data.and_then(|d| d.status), Some(2));
    let requests = server.take_requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.method == "GET" && r.path == "/pop/v1/sam/changeorder/DescribeChangeOrder"));
    assert!(requests.iter().all(|r| r.query.contains(&("ChangeOrderId".to_owned(), "co-1".to_owned()))));
}

#[tokio::test]
async fn stops_when_a_person_must_act_and_times_out_otherwise() {
    let server = RecordingServer::start(vec![describe(8)]);
    let policy = WaitPolicy { interval: Duration::from_millis(10), timeout: Duration::from_secs(10) };
    let err = wait_for_change_order(&client(&server), "co-1", policy).await.unwrap_err();
    assert!(matches!(err, WaitError::NeedsAction { status: ChangeOrderStatus::AwaitingManualConfirmation, .. }), "{err}");

    let server = RecordingServer::start(vec![describe(1)]);
    let policy = WaitPolicy { interval: Duration::from_millis(20), timeout: Duration::from_millis(70) };
    let err = wait_for_change_order(&client(&server), "co-1", policy).await.unwrap_err();
    assert!(matches!(err, WaitError::Timeout { last: Some(ChangeOrderStatus::Running), .. }), "{err}");
    let polls = server.take_requests().len();
    assert!((2..=4).contains(&polls), "{polls} polls");
}

#[test]
fn the_status_enum_knows_exactly_the_documented_values() {
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(xtask::workspace_root().join("spec/openapi/sae-2019-05-06.json")).unwrap()).unwrap();
    let op = spec["paths"]["/pop/v1/sam/changeorder/DescribeChangeOrder"]["get"].clone();
    let values = op.pointer("/responses/200/content/application~1json/schema/properties/Data/properties/Status/enum").and_then(|v| v.as_array()).cloned().expect("documented values");
    let codes: Vec<i32> = values.iter().map(|v| v.as_i64().unwrap() as i32).collect();
    assert_eq!(codes, [0, 1, 2, 3, 6, 8, 9, 10, 11, 12]);
    for code in codes {
        assert!(!matches!(ChangeOrderStatus::from_code(code), ChangeOrderStatus::Unknown(_)));
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
