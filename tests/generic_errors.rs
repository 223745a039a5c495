//! Errors are generic: every operation's error implements `ErrorMetadata`, so one function handles
//! a code across operations, documented there or not; transport errors say what failed. Played by
//! a real server on 127.0.0.1.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::{ErrorMetadata, SdkError};
use doc2sdk::sae::deploy_application::{DeployApplicationError, DeployApplicationRequest};
use doc2sdk::sae::describe_change_order::DescribeChangeOrderRequest;
use doc2sdk_tests::recorder::{CannedResponse, RecordingServer};
use serde_json::json;

fn client(url: &str) -> doc2sdk::sae::Client {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("AKID", "secret"))
        .endpoint_url(url)
        .allow_http(true)
        .clock(Arc::new(|| time::macros::datetime!(2025-01-02 03:04:05 UTC)))
        .build()
        .expect("config");
    doc2sdk::sae::Client::new(config).expect("client")
}

/// What a user writes once: call again while the service says it is upgrading, whatever the
/// operation.
async fn retry_while_upgrading<T, E, F, Fut>(mut call: F) -> (usize, Result<T, SdkError<E>>)
where
    E: std::fmt::Debug,
    SdkError<E>: ErrorMetadata,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SdkError<E>>>,
{
    let mut attempts = 0;
    loop {
        attempts += 1;
        let result = call().await;
        match &result {
            Err(err) if err.code() == Some("System.Upgrading") && attempts < 3 => tokio::time::sleep(Duration::from_millis(5)).await,
            _ => return (attempts, result),
        }
    }
}

fn upgrading() -> CannedResponse {
    CannedResponse::json(400, &json!({"Code": "400", "ErrorCode": "System.Upgrading", "Message": "系统正在升级，请稍后操作。", "RequestId": "r-up", "Success": false}))
}

#[tokio::test]
async fn one_handler_retries_a_code_across_operations() {
    let deployed = CannedResponse::json(200, &json!({"Success": true, "Data": {"ChangeOrderId": "co-1"}}));
    let described = CannedResponse::json(200, &json!({"Success": true, "Data": {"ChangeOrderId": "co-1", "Status": 2}}));
    let server = RecordingServer::start(vec![upgrading(), deployed, upgrading(), upgrading(), described]);
    let client = client(&server.url());

    // DeployApplication documents the code: a variant of its own, with a predicate.
    let (attempts, out) = retry_while_upgrading(|| client.deploy_application(DeployApplicationRequest::new("app-1"))).await;
    assert_eq!(attempts, 2);
    assert_eq!(out.expect("deployed").data.and_then(|d| d.change_order_id).as_deref(), Some("co-1"));
    // DescribeChangeOrder does not: the code still reads through the trait.
    let (attempts, out) = retry_while_upgrading(|| client.describe_change_order(DescribeChangeOrderRequest::new("co-1"))).await;
    assert_eq!(attempts, 3);
    assert_eq!(out.expect("described").data.and_then(|d| d.status), Some(2));
    assert_eq!(server.take_requests().len(), 5);
}

#[tokio::test]
async fn operation_errors_carry_their_metadata_and_predicates() {
    let server = RecordingServer::start(vec![upgrading(), upgrading(), CannedResponse::json(400, &json!({"ErrorCode": "Brand.New", "Message": "m", "RequestId": "r-new", "Success": false}))]);
    let client = client(&server.url());
    let err = client.deploy_application(DeployApplicationRequest::new("app-1")).await.expect_err("upgrading");
    let SdkError::Service(service) = &err else { panic!("{err:?}") };
    assert!(service.is_system_upgrading() && !service.is_unhandled());
    assert!(matches!(service, DeployApplicationError::SystemUpgrading(_)));
    fn metadata(e: &impl ErrorMetadata) -> (Option<&str>, Option<&str>, Option<&str>, Option<u16>) {
        (e.code(), e.message(), e.request_id(), e.status())
    }
    let expected = (Some("System.Upgrading"), Some("系统正在升级，请稍后操作。"), Some("r-up"), Some(400));
    assert_eq!(metadata(service), expected);
    assert_eq!(metadata(&err), expected);

    let err = client.describe_change_order(DescribeChangeOrderRequest::new("co-1")).await.expect_err("upgrading");
    assert!(err.service_error().is_some_and(|e| e.is_unhandled()));
    assert_eq!(metadata(&err), expected);

    // A code no document lists: opaque, still readable.
    let err = client.deploy_application(DeployApplicationRequest::new("app-1")).await.expect_err("new code");
    let service = err.service_error().expect("a service error");
    assert!(service.is_unhandled() && !service.is_system_upgrading());
    assert_eq!(metadata(service), (Some("Brand.New"), Some("m"), Some("r-new"), Some(400)));
    assert_eq!(err.to_string(), "Brand.New: m (HTTP 400, request id r-new)");
}

#[tokio::test]
async fn a_transport_error_says_what_failed() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let client = client(&url).with_overrides(doc2sdk::runtime::client::Overrides::new().retry(doc2sdk::runtime::retry::RetryConfig::disabled()));
    let err = client.describe_change_order(DescribeChangeOrderRequest::new("co-1")).await.expect_err("nothing listens");
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("could not connect to {url}/pop/v1/sam/changeorder/DescribeChangeOrder: ")), "{text}");
    assert!(text.to_lowercase().contains("connection refused"), "{text}");
    assert!(!text.contains("ChangeOrderId="), "the query is not shown: {text}");
    assert_eq!((err.code(), err.status()), (None, None));
}

#[test]
fn every_operation_error_implements_error_metadata() {
    fn assert_metadata<E: ErrorMetadata + std::error::Error>() {}
    assert_metadata::<DeployApplicationError>();
    assert_metadata::<doc2sdk::esa::create_edge_container_app_version::CreateEdgeContainerAppVersionError>();
    assert_metadata::<doc2sdk::iotedge::create_edge_app_version::CreateEdgeAppVersionError>();
    assert_metadata::<SdkError<DeployApplicationError>>();
    // The generator emits the impl for every error enum: count them in the generated sources.
    let root = xtask::workspace_root().join("generated/src");
    let (mut enums, mut impls) = (0, 0);
    for service in ["esa", "sae", "iotedge"] {
        for entry in std::fs::read_dir(root.join(service)).expect("service dir") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            enums += text.matches("Unhandled(crate::runtime::error::Unhandled)").count();
            impls += text.matches("impl crate::runtime::error::ErrorMetadata").count();
        }
    }
    eprintln!("{impls} operation errors implement ErrorMetadata");
    assert_eq!(enums, impls);
    assert!(impls >= 82, "{impls}");
}
