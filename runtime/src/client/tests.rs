//! Unit tests of [`super`].

use std::collections::BTreeMap;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::*;
use crate::credentials::Credentials;
use crate::params::Params;

const SECRET: &str = "sEcReT-client-test";
const TOKEN: &str = "tOkEn/client+test==";

static ESA: ServiceInfo = ServiceInfo::new(
    "esa",
    "2024-09-10",
    crate::service::ApiStyle::Rpc,
    "esa.{region}.aliyuncs.com",
    SigningScheme::Acs3HmacSha256,
);

fn signing_time() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_735_787_045).unwrap()
}

/// What the test server received.
#[derive(Debug)]
struct Received {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

/// A complete HTTP/1.1 response with its `content-length`.
fn response(status: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\n{headers}content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A one-shot HTTP/1.1 server on 127.0.0.1: reads one request, answers `response`, closes.
async fn serve_once(response: Vec<u8>) -> (String, oneshot::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let head_end = loop {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before the headers ended");
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
        };
        let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let mut request_line = lines.next().unwrap().split(' ');
        let method = request_line.next().unwrap().to_owned();
        let target = request_line.next().unwrap().to_owned();
        let mut headers = BTreeMap::new();
        for line in lines {
            let (name, value) = line.split_once(':').unwrap();
            let previous = headers.insert(name.to_ascii_lowercase(), value.trim().to_owned());
            assert!(previous.is_none(), "header `{name}` sent twice");
        }
        let length: usize = headers
            .get("content-length")
            .map_or(0, |v| v.parse().unwrap());
        let mut body = buf[head_end + 4..].to_vec();
        while body.len() < length {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.unwrap();
            body.extend_from_slice(&chunk[..n]);
        }
        stream.write_all(&response).await.unwrap();
        stream.shutdown().await.unwrap();
        let _ = tx.send(Received {
            method,
            target,
            headers,
            body,
        });
    });
    (url, rx)
}

fn client(url: &str, scheme: Option<SigningScheme>) -> ServiceClient {
    let mut builder = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new("LTAI-test", SECRET).with_security_token(TOKEN))
        .clock(Arc::new(signing_time))
        .nonce(Arc::new(|| "3f1b2c4d".to_owned()))
        .operation_timeout(Duration::from_secs(5));
    if let Some(scheme) = scheme {
        builder = builder.signing_scheme(scheme);
    }
    ServiceClient::new(&ESA, builder.build().unwrap()).unwrap()
}

fn list_sites() -> Operation {
    let mut form = Params::new();
    form.push("SiteName", "example.com");
    form.push("Remark", "a b*c+d/é");
    form.push("PageSize", 20);
    let mut query = Params::new();
    query.push("RegionId", "cn-hangzhou");
    Operation::new("ListSites", "POST", "/")
        .with_query(query.into_vec())
        .with_body(Body::Form(form.into_vec()))
}

#[derive(Debug, serde::Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ListSitesOutput {
    request_id: String,
    total_count: u32,
    #[serde(default)]
    sites: Vec<String>,
}

fn ok() -> Vec<u8> {
    response(
        "200 OK",
        "content-type: application/json\r\nx-acs-request-id: hdr-200\r\n",
        r#"{"RequestId":"req-200","TotalCount":2,"Sites":["a.com","b.com"]}"#,
    )
}

/// Rebuilds the request from what went over the wire and signs it again: the same
/// authorization proves the server can verify exactly what it received.
fn resign(received: &Received, host: &str) -> String {
    let (path, query) = received
        .target
        .split_once('?')
        .unwrap_or((&received.target, ""));
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    let mut req = HttpRequest::new(&received.method, "http", host, path);
    req.query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (name, value) = p.split_once('=').unwrap();
            (decode(name), decode(value))
        })
        .collect();
    req.headers = received.headers.clone();
    req.headers.remove("authorization");
    req.body = received.body.clone();
    let credentials = Credentials::new("LTAI-test", SECRET).with_security_token(TOKEN);
    let params = SigningParams {
        credentials: &credentials,
        time: signing_time(),
        nonce: "3f1b2c4d",
    };
    signing::sign(SigningScheme::Acs3HmacSha256, &mut req, &params).unwrap();
    req.headers["authorization"].clone()
}

#[tokio::test]
async fn success_deserializes_and_sends_a_signed_form_request() {
    let (url, received) = serve_once(ok()).await;
    let client = client(&url, None);
    let output: ListSitesOutput = client.call::<_, ServiceError>(list_sites()).await.unwrap();
    assert_eq!(
        output,
        ListSitesOutput {
            request_id: "req-200".into(),
            total_count: 2,
            sites: vec!["a.com".into(), "b.com".into()],
        }
    );

    let received = received.await.unwrap();
    let host = url.trim_start_matches("http://");
    assert_eq!(received.method, "POST");
    assert_eq!(received.target, "/?RegionId=cn-hangzhou");
    let header = |name: &str| received.headers.get(name).map(String::as_str);
    assert_eq!(header("host"), Some(host));
    assert_eq!(header("x-acs-action"), Some("ListSites"));
    assert_eq!(header("x-acs-version"), Some("2024-09-10"));
    assert_eq!(header("accept"), Some("application/json"));
    assert_eq!(header("accept-encoding"), Some("identity"));
    assert_eq!(
        header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(header("x-acs-security-token"), Some(TOKEN));
    assert!(header("user-agent").unwrap().starts_with("doc2sdk/"));
    assert_eq!(
        String::from_utf8(received.body.clone()).unwrap(),
        "SiteName=example.com&Remark=a%20b%2Ac%2Bd%2F%C3%A9&PageSize=20"
    );
    let authorization = header("authorization").unwrap();
    assert!(
        authorization.starts_with("ACS3-HMAC-SHA256 Credential=LTAI-test,SignedHeaders="),
        "{authorization}"
    );
    assert_eq!(authorization, resign(&received, host));
    assert!(!format!("{received:?}").contains(SECRET));
}

#[tokio::test]
async fn service_errors_carry_code_message_and_request_id() {
    let bad = response(
        "400 Bad Request",
        "content-type: application/json\r\nx-acs-request-id: hdr-400\r\n",
        r#"{"RequestId":"req-400","HostId":"esa.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter.SiteName","Message":"The site name is invalid.","Recommend":"https://api.aliyun.com/x"}"#,
    );
    let (url, _received) = serve_once(bad).await;
    let err = client(&url, None)
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.status(), 400);
    assert_eq!(service.code(), "InvalidParameter.SiteName");
    assert_eq!(service.message(), "The site name is invalid.");
    assert_eq!(service.request_id(), Some("req-400"));
    assert_eq!(service.recommend(), Some("https://api.aliyun.com/x"));
    assert_eq!(
        err.to_string(),
        "InvalidParameter.SiteName: The site name is invalid. (HTTP 400, request id req-400)"
    );
}

#[tokio::test]
async fn html_error_pages_are_unexpected_responses() {
    let html = response(
        "500 Internal Server Error",
        "content-type: text/html\r\n",
        "<html>\n<body><h1>500 Internal Error</h1></body>\n</html>",
    );
    let (url, _received) = serve_once(html).await;
    let err = client(&url, None)
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    match &err {
            SdkError::Response(err) if err.status() == 500 => assert_eq!(
                err.message(),
                "error response is not an alibaba cloud error body; body `<html> <body><h1>500 Internal Error</h1></body> </html>`"
            ),
            other => panic!("expected a response error, got {other:?}"),
        }
}

#[tokio::test]
async fn malformed_success_bodies_are_unexpected_responses() {
    let (url, _received) = serve_once(response("200 OK", "", "not json!")).await;
    let err = client(&url, None)
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    assert_eq!(
            err.to_string(),
            "unexpected response (HTTP 200): response body is not valid json: expected ident at line 1 column 2; body `not json!`"
        );

    let (url, _received) = serve_once(response("200 OK", "", "{\"RequestId\":\"r-1\"}\n")).await;
    let err = client(&url, None)
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    assert!(
            err.to_string().starts_with(
                "unexpected response (HTTP 200, request id r-1): response body does not match the expected output: missing field `TotalCount`"
            ),
            "{err}"
        );
}

#[tokio::test]
async fn empty_success_bodies_read_as_empty_objects() {
    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Nothing {
        #[serde(rename = "RequestId")]
        request_id: Option<String>,
    }
    let (url, _received) = serve_once(response("204 No Content", "", "")).await;
    let output: Nothing = client(&url, None)
        .call::<_, ServiceError>(list_sites())
        .await
        .unwrap();
    assert_eq!(output, Nothing { request_id: None });
}

#[tokio::test]
async fn rpc_v1_puts_the_signature_in_the_query() {
    let (url, received) = serve_once(ok()).await;
    let client = client(&url, Some(SigningScheme::AcsRpcHmacSha1));
    let _: ListSitesOutput = client.call::<_, ServiceError>(list_sites()).await.unwrap();
    let received = received.await.unwrap();
    for param in [
        "Action=ListSites",
        "Version=2024-09-10",
        "Format=json",
        "AccessKeyId=LTAI-test",
        "Signature=",
    ] {
        assert!(
            received.target.contains(param),
            "{param} missing from {}",
            received.target
        );
    }
    assert!(!received.headers.contains_key("authorization"));
}

#[tokio::test]
async fn slow_services_time_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accepts and then never answers.
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(stream);
    });
    let config = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(&url)
        .allow_http(true)
        .credentials(Credentials::new("LTAI-test", SECRET))
        .operation_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let client = ServiceClient::new(&ESA, config).unwrap();
    let err = client
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    let timeout = err.timeout().expect("a timeout");
    assert_eq!(
        timeout.kind(),
        crate::error::TimeoutKind::Operation
    );
    assert_eq!(timeout.limit(), Duration::from_millis(200));
    assert_eq!(timeout.attempts(), 1);
    server.abort();
}

#[tokio::test]
async fn transport_errors_drop_the_query_that_holds_the_token() {
    // A port that was just free: nothing listens, the connection is refused.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = client(&url, Some(SigningScheme::AcsRpcHmacSha1));
    let err = client
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("could not connect to {url}/: "))
            && text.contains("connection refused"),
        "{text}"
    );
    let mut chain = format!("{err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        chain.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(
        !chain.contains("SecurityToken") && !chain.contains("Signature="),
        "{chain}"
    );
    assert!(!chain.contains(SECRET), "{chain}");
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials_provider(FailingProvider)
        .build()
        .unwrap();
    let client = ServiceClient::new(&ESA, config).unwrap();
    let err = client
        .call::<ListSitesOutput, ServiceError>(list_sites())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "credentials provider failed: vault is sealed"
    );
    assert!(err.is_local());
}

#[derive(Debug)]
struct FailingProvider;

impl crate::credentials::ProvideCredentials for FailingProvider {
    fn provide_credentials(
        &self,
    ) -> Result<Credentials, crate::credentials::CredentialsError> {
        Err(crate::credentials::CredentialsError::provider(
            "vault is sealed",
        ))
    }
}

#[test]
fn endpoints_come_from_the_region_unless_overridden() {
    let client = ServiceClient::new(&ESA, Config::from_env("cn-hangzhou")).unwrap();
    assert_eq!(
        client.endpoint().to_string(),
        "https://esa.cn-hangzhou.aliyuncs.com"
    );
    for region in ["", "CN-HANGZHOU", "cn-hangzhou.evil.com", "cn hangzhou"] {
        let err = ServiceClient::new(&ESA, Config::from_env(region)).unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidRegion { .. }),
            "{region}: {err:?}"
        );
    }
    let config = Config::builder()
        .region("anything goes")
        .endpoint_url("https://esa.example.com:8443")
        .build()
        .unwrap();
    let client = ServiceClient::new(&ESA, config).unwrap();
    assert_eq!(
        client.endpoint().to_string(),
        "https://esa.example.com:8443"
    );
}

#[test]
fn the_region_comes_from_the_vendor_variable_and_must_be_documented() {
    use crate::credentials::Environment;
    static DOCUMENTED: ServiceInfo = ServiceInfo::new(
        "sae",
        "2019-05-06",
        crate::service::ApiStyle::Roa,
        "sae.{region}.aliyuncs.com",
        SigningScheme::Acs3HmacSha256,
    )
    .with_regional_endpoints(&[("cn-hangzhou", "sae.cn-hangzhou.aliyuncs.com"), ("us-west-1", "sae.us-west-1.aliyuncs.com")]);
    static HUAWEI: ServiceInfo = ServiceInfo::new("iotedge", "v2", crate::service::ApiStyle::Roa, "iotedge-api.{region}.myhuaweicloud.com", SigningScheme::SdkHmacSha256);
    let env = |vars: &[(&str, &str)]| Environment::fixed(vars.iter().copied(), None);
    let config = |vars: &[(&str, &str)]| Config::builder().environment(env(vars)).build().unwrap();

    let client = ServiceClient::new(&DOCUMENTED, config(&[("ALIBABA_CLOUD_REGION_ID", "us-west-1"), ("HUAWEICLOUD_SDK_REGION", "cn-north-4")])).unwrap();
    assert_eq!(client.endpoint().to_string(), "https://sae.us-west-1.aliyuncs.com");
    assert_eq!(client.config().region(), Some("us-west-1"));
    let client = ServiceClient::new(&HUAWEI, config(&[("ALIBABA_CLOUD_REGION_ID", "us-west-1"), ("HUAWEICLOUD_SDK_REGION", "cn-north-4")])).unwrap();
    assert_eq!(client.endpoint().to_string(), "https://iotedge-api.cn-north-4.myhuaweicloud.com");
    // A region given in code wins over the environment.
    let given = Config::builder().region("cn-hangzhou").environment(env(&[("ALIBABA_CLOUD_REGION_ID", "us-west-1")])).build().unwrap();
    assert_eq!(ServiceClient::new(&DOCUMENTED, given).unwrap().endpoint().to_string(), "https://sae.cn-hangzhou.aliyuncs.com");

    type Case<'a> = (&'a ServiceInfo, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 3] = [
        (&DOCUMENTED, &[], "no region is configured: give one, or set `ALIBABA_CLOUD_REGION_ID`"),
        (&HUAWEI, &[("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou")], "no region is configured: give one, or set `HUAWEICLOUD_SDK_REGION`"),
        (
            &DOCUMENTED,
            &[("ALIBABA_CLOUD_REGION_ID", "cn-hangzhuo")],
            "unknown region `cn-hangzhuo` for `sae`: the documented regions are `cn-hangzhou`, `us-west-1`; for another endpoint, set `endpoint_url`",
        ),
    ];
    for (service, vars, expected) in cases {
        let err = ServiceClient::new(service, config(vars)).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    // An endpoint of the user's choosing needs no documented region.
    let config = Config::builder().region("cn-hangzhuo").endpoint_url("https://sae.example.com").build().unwrap();
    assert_eq!(ServiceClient::new(&DOCUMENTED, config).unwrap().endpoint().to_string(), "https://sae.example.com");
}

#[test]
fn idempotency_defaults_and_tokens() {
    assert!(Operation::new("Get", "GET", "/").is_retry_safe());
    assert!(Operation::new("Head", "head", "/").is_retry_safe());
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        assert!(
            !Operation::new("X", method, "/").is_retry_safe(),
            "{method}"
        );
    }
    assert!(Operation::new("X", "POST", "/")
        .with_idempotent(true)
        .is_retry_safe());
    let form = |token: &str| {
        Operation::new("X", "POST", "/")
            .with_idempotency_token("ClientToken")
            .with_body(Body::Form(vec![("ClientToken".into(), token.into())]))
    };
    assert!(form("tok-1").is_retry_safe());
    assert!(!form("").is_retry_safe());
    let query = Operation::new("X", "POST", "/")
        .with_query(vec![("ClientToken".to_owned(), "q".to_owned())])
        .with_idempotency_token("ClientToken");
    assert!(query.is_retry_safe());
    let json = |body: &str| {
        Operation::new("X", "POST", "/")
            .with_body(Body::Json(body.as_bytes().to_vec()))
            .with_idempotency_token("client_token")
    };
    assert!(json(r#"{"client_token":"j"}"#).is_retry_safe());
    assert!(!json(r#"{"client_token":null}"#).is_retry_safe());
    assert!(!json(r#"{"nested":{"client_token":"j"}}"#).is_retry_safe());
    assert!(!Operation::new("X", "POST", "/")
        .with_idempotency_token("ClientToken")
        .is_retry_safe());
}

#[test]
fn huawei_requests_carry_the_project() {
    static IOTEDGE: ServiceInfo = ServiceInfo::new(
        "iotedge",
        "v2",
        crate::service::ApiStyle::Roa,
        "iotedge-api.{region}.myhuaweicloud.com",
        SigningScheme::SdkHmacSha256,
    );
    let config = |credentials: Credentials| {
        Config::builder()
            .region("cn-north-4")
            .credentials(credentials)
            .clock(Arc::new(signing_time))
            .build()
            .unwrap()
    };
    let op = Operation::new(
        "CreateEdgeApplicationVersion",
        "POST",
        "/v2/{project_id}/edge-apps/app%2F1/versions",
    )
    .with_body(Body::Json(br#"{"version":"1.0"}"#.to_vec()));
    let client = ServiceClient::new(
        &IOTEDGE,
        config(
            Credentials::new("HW-AK", SECRET)
                .with_project_id("proj/1")
                .with_security_token(TOKEN),
        ),
    )
    .unwrap();
    assert_eq!(
        client.endpoint().to_string(),
        "https://iotedge-api.cn-north-4.myhuaweicloud.com"
    );
    let req = client.signed_request(&op).unwrap();
    assert_eq!(req.path, "/v2/proj%2F1/edge-apps/app%2F1/versions");
    assert_eq!(req.header("x-project-id"), Some("proj/1"));
    assert_eq!(req.header("x-security-token"), Some(TOKEN));
    assert_eq!(req.header("x-sdk-date"), Some("20250102T030405Z"));
    assert_eq!(req.header("x-acs-action"), None);
    let authorization = req.header("authorization").unwrap();
    assert!(
            authorization.starts_with("SDK-HMAC-SHA256 Access=HW-AK, SignedHeaders=accept;accept-encoding;content-type;host;user-agent;x-project-id;x-sdk-date;x-security-token, Signature="),
            "{authorization}"
        );

    let client = ServiceClient::new(&IOTEDGE, config(Credentials::new("HW-AK", SECRET))).unwrap();
    let err = client.signed_request(&op).unwrap_err();
    assert_eq!(
            err.to_string(),
            "the request needs a project id: set HUAWEICLOUD_SDK_PROJECT_ID or call `Credentials::with_project_id`"
        );
}

#[test]
fn expired_credentials_fail_before_sending() {
    let expired = Credentials::new("STS.x", SECRET)
        .with_security_token(TOKEN)
        .with_expiry(signing_time() - time::Duration::seconds(1));
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(expired)
        .clock(Arc::new(signing_time))
        .build()
        .unwrap();
    let err = ServiceClient::new(&ESA, config)
        .unwrap()
        .signed_request(&list_sites())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "credentials for access key `STS.x` expired at 2025-01-02T03:04:04Z"
    );
}

#[test]
fn overrides_replace_settings_per_client() {
    let client = client("http://127.0.0.1:9", None);
    let fast = client.with_overrides(
        Overrides::new()
            .retry(crate::retry::RetryConfig::disabled())
            .attempt_timeout(Duration::from_millis(5))
            .operation_timeout(Duration::from_millis(7)),
    );
    assert_eq!(fast.config().retry_config().max_attempts, 1);
    assert_eq!(fast.config().attempt_timeout(), Duration::from_millis(5));
    assert_eq!(fast.config().operation_timeout(), Duration::from_millis(7));
    assert_eq!(client.config().retry_config().max_attempts, 3);
    assert_eq!(
        fast.retry_budget_available(),
        client.retry_budget_available()
    );
}

#[test]
fn calls_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    let client = client("http://127.0.0.1:9", None);
    assert_send(&client.call::<ListSitesOutput, ServiceError>(list_sites()));
    assert_error::<SdkError<ServiceError>>();
}

#[test]
fn debug_never_shows_secrets() {
    let client = client("http://127.0.0.1:9", None);
    let text = format!("{client:?}");
    assert!(text.contains("LTAI-test"), "{text}");
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}
