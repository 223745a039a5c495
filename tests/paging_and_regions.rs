//! List operations as streams of pages and of items against a real server on 127.0.0.1 (page
//! numbers, required page numbers, continuation tokens, an error mid-listing), and the region a
//! client reads from the vendor's environment variable, or rejects when the documents do not
//! list it.

use std::sync::Arc;

use doc2sdk::runtime::config::{Config, ConfigError};
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::ErrorMetadata;
use doc2sdk::sae::describe_namespaces::DescribeNamespacesRequest;
use doc2sdk::sae::list_applications::ListApplicationsRequest;
use doc2sdk::sae::list_tag_resources::ListTagResourcesRequest;
use doc2sdk_tests::recorder::{CannedResponse, RecordingServer};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

fn builder(server: &RecordingServer) -> doc2sdk::runtime::config::ConfigBuilder {
    Config::builder()
        .credentials(Credentials::new("AKID", "secret"))
        .endpoint_url(server.url())
        .allow_http(true)
        .clock(Arc::new(|| time::macros::datetime!(2025-01-02 03:04:05 UTC)))
}

fn client(server: &RecordingServer) -> doc2sdk::sae::Client {
    doc2sdk::sae::Client::new(builder(server).region("cn-hangzhou").build().expect("config")).expect("client")
}

fn ok(data: Value) -> CannedResponse {
    CannedResponse::json(200, &json!({"RequestId": "r", "Success": true, "Code": "200", "Data": data}))
}

fn apps(ids: &[&str], total: i64) -> CannedResponse {
    let list: Vec<Value> = ids.iter().map(|id| json!({"AppId": id, "AppName": "a"})).collect();
    ok(json!({"Applications": list, "TotalSize": total, "PageSize": 2}))
}

fn query(server: &RecordingServer, name: &str) -> Vec<Option<String>> {
    server.take_requests().iter().map(|r| r.query_param(name).map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_stream_of_items_across_three_pages() {
    let server = RecordingServer::start(vec![apps(&["a1", "a2"], 5), apps(&["a3", "a4"], 5), apps(&["a5"], 5)]);
    let items = client(&server).list_applications_items(ListApplicationsRequest::new().page_size(2));
    let ids: Vec<String> = items.map_ok(|app| app.app_id.unwrap_or_default()).try_collect().await.expect("every page");
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    // The page that reaches `TotalSize` is the last one asked for.
    assert_eq!(query(&server, "CurrentPage"), [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn a_stream_of_pages_is_fetched_as_it_is_read() {
    let server = RecordingServer::start(vec![apps(&["a1", "a2"], 6), apps(&["a3", "a4"], 6), apps(&["a5", "a6"], 6)]);
    let mut pages = client(&server).list_applications_pages(ListApplicationsRequest::new().page_size(2).current_page(2));
    let first = pages.next().await.expect("a page").expect("ok");
    assert_eq!(first.data.map(|d| d.applications.len()), Some(2));
    // Only the page read was asked for, starting at the request's own page.
    assert_eq!(query(&server, "CurrentPage"), [Some("2".into())]);
    drop(pages);
    assert!(server.take_requests().is_empty());
}

#[tokio::test]
async fn a_required_page_number_pages_too() {
    let page = |ids: &[&str]| ok(json!({"Namespaces": ids.iter().map(|id| json!({"NamespaceId": id})).collect::<Vec<_>>(), "TotalSize": 3}));
    let server = RecordingServer::start(vec![page(&["ns-1"]), page(&["ns-2"]), page(&["ns-3"])]);
    let ids: Vec<String> =
        client(&server).describe_namespaces_items(DescribeNamespacesRequest::new(1, 1)).map_ok(|ns| ns.namespace_id.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(ids, ["ns-1", "ns-2", "ns-3"]);
    assert_eq!(query(&server, "CurrentPage"), [Some("1".into()), Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn a_token_listing_follows_next_token_across_three_pages() {
    let page = |key: &str, next: Option<&str>| ok(json!({"TagResources": [{"ResourceId": "app-1", "TagKey": key}], "NextToken": next}));
    let server = RecordingServer::start(vec![page("k1", Some("t-2")), page("k2", Some("t-3")), page("k3", None)]);
    let request = ListTagResourcesRequest::new("cn-hangzhou", "application");
    let keys: Vec<String> = client(&server).list_tag_resources_items(request).map_ok(|t| t.tag_key.unwrap_or_default()).try_collect().await.unwrap();
    assert_eq!(keys, ["k1", "k2", "k3"]);
    assert_eq!(query(&server, "NextToken"), [None, Some("t-2".into()), Some("t-3".into())]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let throttled = CannedResponse::json(400, &json!({"Code": "InvalidParameter.NotEmpty", "Message": "bad page", "RequestId": "r-err", "Success": false}));
    let server = RecordingServer::start(vec![apps(&["a1", "a2"], 9), throttled]);
    let results: Vec<_> = client(&server).list_applications_items(ListApplicationsRequest::new().page_size(2)).collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[..2].iter().all(Result::is_ok));
    let err = results[2].as_ref().unwrap_err();
    assert_eq!((err.code(), err.request_id()), (Some("InvalidParameter.NotEmpty"), Some("r-err")));
    assert_eq!(server.take_requests().len(), 2);
}

/// The only test of this binary that sets or reads the process environment (the others give
/// their region in code), so no other thread reads it meanwhile.
#[tokio::test]
async fn the_region_comes_from_the_vendor_variable_and_must_be_documented() {
    std::env::set_var("ALIBABA_CLOUD_REGION_ID", "cn-shanghai");
    std::env::set_var("HUAWEICLOUD_SDK_REGION", "cn-south-1");

    // Against the server: the call is made in the environment's region.
    let server = RecordingServer::start(vec![apps(&["a1"], 1)]);
    let capture = doc2sdk::runtime::test_util::TraceCapture::new();
    let client = doc2sdk::sae::Client::new(builder(&server).build().unwrap()).expect("region from ALIBABA_CLOUD_REGION_ID");
    {
        let _guard = capture.set_default();
        client.list_applications(ListApplicationsRequest::new()).await.expect("call");
    }
    assert!(capture.text().contains("region=\"cn-shanghai\"") || capture.text().contains("region=cn-shanghai"), "{}", capture.text());
    assert_eq!(server.take_requests().len(), 1);

    // Without an endpoint, the host is the region's; each vendor reads its own variable.
    let replay = doc2sdk::runtime::test_util::Replay::new();
    replay.push(doc2sdk::runtime::test_util::CannedResponse::json(200, r#"{"RequestId":"r","Success":true,"Data":{}}"#));
    let config = Config::builder().credentials(Credentials::new("AKID", "secret")).replay(replay.clone()).build().unwrap();
    doc2sdk::sae::Client::new(config).unwrap().list_applications(ListApplicationsRequest::new()).await.expect("replayed");
    assert_eq!(replay.requests()[0].host, "sae.cn-shanghai.aliyuncs.com");
    assert!(doc2sdk::iotedge::Client::from_default_env().is_ok());

    // A region the documents do not list is refused before anything is sent, with the list.
    std::env::set_var("ALIBABA_CLOUD_REGION_ID", "cn-shangahi");
    let err = doc2sdk::sae::Client::from_default_env().unwrap_err();
    assert!(matches!(err, ConfigError::UnknownRegion { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "unknown region `cn-shangahi` for `sae`: the documented regions are `ap-southeast-1`, `cn-beijing`, `cn-guangzhou`, `cn-hangzhou`, `cn-hongkong`, `cn-shanghai`, `cn-shenzhen`, `cn-zhangjiakou`, `us-west-1`; for another endpoint, set `endpoint_url`"
    );
    let err = doc2sdk::esa::Client::from_env("eu-central-1").unwrap_err();
    assert_eq!(err.to_string(), "unknown region `eu-central-1` for `esa`: the documented regions are `ap-southeast-1`, `cn-hangzhou`; for another endpoint, set `endpoint_url`");

    std::env::remove_var("ALIBABA_CLOUD_REGION_ID");
    let err = doc2sdk::sae::Client::from_default_env().unwrap_err();
    assert_eq!(err.to_string(), "no region is configured: give one, or set `ALIBABA_CLOUD_REGION_ID`");
    std::env::remove_var("HUAWEICLOUD_SDK_REGION");
}
