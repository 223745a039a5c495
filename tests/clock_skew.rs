//! Clock skew: every request is signed at the time of the injected clock. A server on 127.0.0.1
//! checks that time against its own clock as the vendors' gateways do (15 minutes of tolerance)
//! and rejects skewed signatures the vendor's way, with its `Date` header.
//!
//! The tests show what the user sees: with retries off, the vendor's error with a sentence saying
//! how far the local clock is off; with the default policy, the runtime learns the offset from
//! `Date`, signs the retry with the server's time, and later calls start from it.

#[path = "fault_server.rs"]
mod fault_server;

use std::sync::Arc;
use std::time::Duration;

use doc2sdk::esa::create_edge_container_app_version::{
    Container, CreateEdgeContainerAppVersionRequest, ProbeContent, ProbeType, Spec, Storage,
};
use doc2sdk::esa::Client;
use doc2sdk::runtime::client::{Body, Operation, ServiceClient};
use doc2sdk::runtime::config::{Config, ConfigBuilder};
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::{SdkError, ServiceError};
use doc2sdk::runtime::retry::RetryConfig;
use doc2sdk::runtime::service::{ApiStyle, ServiceInfo};
use doc2sdk::runtime::signing::SigningScheme;
use fault_server::{signing_date, Fault, FaultServer, DATE_TOLERANCE};
use time::OffsetDateTime;

/// A clock `offset` away from this machine's.
fn skewed(offset: time::Duration) -> doc2sdk::runtime::config::Clock {
    Arc::new(move || OffsetDateTime::now_utc() + offset)
}

fn config(url: &str, clock_offset: time::Duration, retry: RetryConfig) -> ConfigBuilder {
    Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new("LTAI-skew", "clock-skew-secret").with_project_id("proj-skew"))
        .clock(skewed(clock_offset))
        .retry_config(retry.with_backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .attempt_timeout(Duration::from_secs(5))
}

fn request() -> CreateEdgeContainerAppVersionRequest {
    let container = Container::builder()
        .name("web")
        .image("registry.cn-hangzhou.aliyuncs.com/acme/web:1.0")
        .is_acr_image(false)
        .spec(Spec::V1C2G)
        .storage(Storage::V0_5G)
        .probe_type(ProbeType::HttpGet)
        .probe_content(ProbeContent::new().path("/healthz").port(8080))
        .build()
        .expect("every required field is set");
    CreateEdgeContainerAppVersionRequest::new("app-123", "version-1", vec![container])
}

fn within_tolerance(server: &FaultServer, index: usize) -> bool {
    let date = signing_date(&server.received()[index]).expect("a signing date");
    (date - OffsetDateTime::now_utc()).abs() <= DATE_TOLERANCE
}

#[tokio::test]
async fn a_clock_an_hour_ahead_is_explained_to_the_user() {
    let server = FaultServer::start(vec![Fault::RequireFreshDate { date_header: true }]).await;
    let config = config(&server.url(), time::Duration::hours(1), RetryConfig::disabled());
    let client = Client::new(config.build().unwrap()).unwrap();
    let err = client
        .create_edge_container_app_version(request())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "InvalidTimeStamp.Expired: Specified time stamp or date value is expired. (HTTP 400, \
         request id r-skew); the local clock is 1h0m ahead of the server's, check the system time"
    );
    let SdkError::Service(service) = &err else {
        panic!("expected a service error, got {err:?}");
    };
    assert!(service.is_unhandled(), "{service:?}");
    let skew = service.service_error().clock_skew().expect("the skew");
    assert!((skew + time::Duration::hours(1)).abs() <= time::Duration::seconds(2), "{skew}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn the_retry_is_signed_with_the_servers_time_and_later_calls_keep_it() {
    let server = FaultServer::start(vec![Fault::RequireFreshDate { date_header: true }]).await;
    let config = config(&server.url(), time::Duration::hours(1), RetryConfig::standard());
    let client = Client::new(config.build().unwrap()).unwrap();
    let out = client
        .create_edge_container_app_version(request())
        .await
        .expect("the corrected retry succeeds");
    assert_eq!(out.request_id.as_deref(), Some("r-fresh"));
    assert_eq!(server.count(), 2, "one rejected attempt, one corrected retry");
    assert!(!within_tolerance(&server, 0));
    assert!(within_tolerance(&server, 1));

    client.create_edge_container_app_version(request()).await.unwrap();
    assert_eq!(server.count(), 3, "the next call is signed right the first time");
    assert!(within_tolerance(&server, 2));
}

#[tokio::test]
async fn without_a_date_header_the_error_is_the_services_alone() {
    let server = FaultServer::start(vec![Fault::RequireFreshDate { date_header: false }]).await;
    let config = config(&server.url(), time::Duration::hours(-2), RetryConfig::standard());
    let client = Client::new(config.build().unwrap()).unwrap();
    let err = client
        .create_edge_container_app_version(request())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "InvalidTimeStamp.Expired: Specified time stamp or date value is expired. (HTTP 400, \
         request id r-skew)"
    );
    assert_eq!(server.count(), 1, "nothing tells the runtime how to correct, so no retry");
}

static IOTEDGE: ServiceInfo = ServiceInfo::new(
    "iotedge",
    "v2",
    ApiStyle::Roa,
    "iotedge-api.{region}.myhuaweicloud.com",
    SigningScheme::SdkHmacSha256,
);

#[tokio::test]
async fn huawei_signatures_are_corrected_the_same_way() {
    let server = FaultServer::start(vec![Fault::RequireFreshDate { date_header: true }]).await;
    let op = || {
        Operation::new("CreateEdgeAppVersion", "POST", "/v2/{project_id}/edge-apps/app-1/versions")
            .with_body(Body::Json(br#"{"version":"1.0.0"}"#.to_vec()))
    };

    let once = config(&server.url(), time::Duration::minutes(-20), RetryConfig::disabled());
    let client = ServiceClient::new(&IOTEDGE, once.build().unwrap()).unwrap();
    let err = client
        .call::<serde_json::Value, ServiceError>(op())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "APIG.0301: Incorrect IAM authentication information: verify aksk signature fail (HTTP \
         401, request id hw-skew); the local clock is 20m behind the server's, check the system \
         time"
    );

    let retrying = config(&server.url(), time::Duration::minutes(-20), RetryConfig::standard());
    let client = ServiceClient::new(&IOTEDGE, retrying.build().unwrap()).unwrap();
    client
        .call::<serde_json::Value, ServiceError>(op())
        .await
        .expect("the corrected retry succeeds");
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert_eq!(received[2].request_line, "POST /v2/proj-skew/edge-apps/app-1/versions HTTP/1.1");
    assert_eq!(received[2].headers["x-project-id"], "proj-skew");
    assert!(within_tolerance(&server, 2));
}
