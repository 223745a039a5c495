//! Type drift in a response never loses the result: a field of an unexpected type reads as absent
//! (with a warning naming the operation), and a body that does not decode at all keeps status,
//! headers, request id and the raw body in the error. Played by a real server on 127.0.0.1.

use std::sync::Arc;

use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::{ErrorMetadata, SdkError};
use doc2sdk::runtime::test_util::TraceCapture;
use doc2sdk::sae::deploy_application::DeployApplicationRequest;
use doc2sdk::sae::list_applications::ListApplicationsRequest;
use doc2sdk_tests::recorder::{CannedResponse, RecordingServer};
use serde_json::json;

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

/// The tests that call the client run one at a time: the first call of an operation registers
/// its tracing callsites, and one registered by a concurrent test while a capture is being set up
/// can keep the span that names the operation out of the capture.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

#[tokio::test]
async fn a_deploy_whose_app_id_is_a_number_still_gives_its_change_order() {
    let _serial = one_at_a_time().await;
    let server = RecordingServer::start(vec![CannedResponse::json(200, &json!({"Success": true, "Data": {"ChangeOrderId": "co-2", "AppId": 12345}}))]);
    let capture = TraceCapture::new();
    let guard = capture.set_default();
    let out = client(&server).deploy_application(DeployApplicationRequest::new("app-1")).await;
    drop(guard);
    let out = out.expect("the deploy happened: its result must arrive");
    let data = out.data.expect("data");
    assert_eq!(data.change_order_id.as_deref(), Some("co-2"));
    assert_eq!(data.app_id, None);
    assert_eq!(out.success, Some(true));
    assert_eq!(server.take_requests().len(), 1, "sent once, never retried");
    let trace = capture.text();
    assert!(trace.contains("invalid type: integer `12345`, expected a string"), "{trace}");
    assert!(trace.contains("DeployApplication"), "the warning names the operation: {trace}");
}

#[tokio::test]
async fn drift_anywhere_in_a_list_keeps_the_rest() {
    let _serial = one_at_a_time().await;
    let body = json!({"Success": true, "Data": {
        "TotalSize": "3",
        "Applications": [
            {"AppId": "a-1", "AppName": "one", "Instances": "many"},
            17,
            {"AppId": "a-3", "AppName": ["not", "a", "name"], "Tags": {"Key": "k"}},
        ],
    }});
    let server = RecordingServer::start(vec![CannedResponse::json(200, &body)]);
    let out = client(&server).list_applications(ListApplicationsRequest::new()).await.expect("the list arrives");
    let data = out.data.expect("data");
    assert_eq!(data.total_size, None);
    let apps: Vec<(Option<&str>, Option<&str>)> = data.applications.iter().map(|a| (a.app_id.as_deref(), a.app_name.as_deref())).collect();
    assert_eq!(apps, [(Some("a-1"), Some("one")), (Some("a-3"), None)]);
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_the_response() {
    let _serial = one_at_a_time().await;
    let cases = [
        (CannedResponse::new(200, "[\"not\", \"an object\"]").with_header("x-acs-request-id", "hdr-7"), Some("hdr-7")),
        (CannedResponse::new(200, "{\"RequestId\":\"body-8\",\"Data\":{").with_header("Content-Type", "application/json"), Some("body-8")),
        (CannedResponse::new(200, "<html>maintenance</html>").with_header("Content-Type", "text/html"), None),
    ];
    for (canned, request_id) in cases {
        let body = canned.body.clone();
        let server = RecordingServer::start(vec![canned]);
        let err = client(&server).deploy_application(DeployApplicationRequest::new("app-1")).await.expect_err("not an output");
        let SdkError::Response(response) = &err else { panic!("expected a response error, got {err:?}") };
        assert_eq!(response.status(), 200);
        assert_eq!(response.body(), Some(body.as_slice()), "the raw body is reachable");
        assert!(response.headers().is_some_and(|h| h.contains_key("content-length")), "{response:?}");
        assert_eq!(response.request_id(), request_id);
        assert_eq!(ErrorMetadata::request_id(&err), request_id);
        assert_eq!(ErrorMetadata::status(&err), Some(200));
        assert_eq!(err.response_error().map(|r| r.status()), Some(200));
        let text = err.to_string();
        assert!(text.starts_with("unexpected response (HTTP 200"), "{text}");
        if let Some(id) = request_id {
            assert!(text.contains(&format!("request id {id}")), "{text}");
        }
    }
}

/// Shapes several operations return alike are one type (`sae::types`), so what one operation
/// returned can be handed on where another's is expected, and one function serves both.
#[test]
fn shapes_alike_are_one_type() {
    fn ingress_id(ingress: &doc2sdk::sae::types::Ingress) -> Option<i64> {
        ingress.ingress_id
    }
    let body = br#"{"RequestId":"r","Success":true,"Data":{"IngressId":87}}"#;
    let created: doc2sdk::sae::create_ingress::CreateIngressResponse = serde_json::from_slice(body).expect("reads");
    let updated: doc2sdk::sae::update_ingress::UpdateIngressResponse = serde_json::from_slice(body).expect("reads");
    assert_eq!(created.data.as_ref().and_then(ingress_id), Some(87));
    assert_eq!(created.data, updated.data, "one type, compared directly");
}
