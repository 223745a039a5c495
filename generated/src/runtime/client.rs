//! The HTTP glue every generated operation goes through: build the request, sign it, send it once
//! within the configured timeouts, and map the response to the output or an error.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use tracing::field::Empty;
use tracing::Instrument as _;

use super::config::{Config, ConfigError, Endpoint};
use super::error::{body_snippet, SdkError, ServiceError};
use super::http::HttpRequest;
use super::service::ServiceInfo;
use super::signing::{self, encode_path, percent_encode, SigningParams, SigningScheme};
use super::validate::ValidationError;

/// One call as generated code describes it, before the runtime adds the endpoint, the standard
/// headers and the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The action name, sent as `x-acs-action`, e.g. `ListSites`.
    pub action: &'static str,
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// The path, `/` for RPC services; ROA path parameters are substituted already (with
    /// [`percent_encode`] when they may contain `/` or `%`).
    pub path: String,
    /// Decoded query parameters; the runtime encodes them.
    pub query: Vec<(String, String)>,
    /// Extra headers; they override the runtime's defaults of the same name.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
}

impl Operation {
    /// An operation with no parameters, headers or body.
    pub fn new(action: &'static str, method: &'static str, path: impl Into<String>) -> Self {
        Self {
            action,
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    /// Sets the query parameters.
    pub fn with_query(mut self, query: impl Into<Vec<(String, String)>>) -> Self {
        self.query = query.into();
        self
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    Empty,
    /// `application/x-www-form-urlencoded` parameters, encoded like the official SDKs: names and
    /// values with [`percent_encode`] (RFC 3986, space as `%20`).
    Form(Vec<(String, String)>),
    /// `application/json` bytes, sent as they are.
    Json(Vec<u8>),
}

impl Body {
    /// The content type and the exact bytes to send.
    fn encode(self) -> Option<(&'static str, Vec<u8>)> {
        match self {
            Body::Empty => None,
            Body::Form(fields) => Some((
                "application/x-www-form-urlencoded",
                encode_pairs(&fields).into_bytes(),
            )),
            Body::Json(bytes) => Some(("application/json; charset=utf-8", bytes)),
        }
    }
}

/// `name=value&...` with both sides percent-encoded, in the given order.
fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A configured client for one service; cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct ServiceClient {
    http: reqwest::Client,
    config: Arc<Config>,
    service: &'static ServiceInfo,
    endpoint: Endpoint,
}

impl ServiceClient {
    /// Resolves the endpoint (the override, or the service's host for the region) and creates the
    /// HTTP client.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, ConfigError> {
        let endpoint = match config.endpoint() {
            Some(endpoint) => endpoint.clone(),
            None => {
                check_region(config.region())?;
                Endpoint::https(service.host_for_region(config.region()))
            }
        };
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout())
            // A redirect would replay a signed request somewhere it was not signed for.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(ConfigError::HttpClient)?;
        Ok(Self {
            http,
            config: Arc::new(config),
            service,
            endpoint,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.service
    }

    /// Where requests go.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// Builds, signs and sends `op` once, then maps the response: a 2xx JSON body to `O`, an
    /// Alibaba Cloud error body to `E` through [`ServiceError`], anything else to
    /// [`SdkError::Response`]. An empty 2xx body reads as `{}` (or `null`), so outputs whose
    /// fields are all optional still deserialize.
    pub async fn call<O, E>(&self, op: Operation) -> Result<O, SdkError<E>>
    where
        O: serde::de::DeserializeOwned,
        E: From<ServiceError>,
    {
        // Only names and outcomes are recorded: never parameters, headers or bodies, which may
        // carry tokens or customer data.
        let span = tracing::info_span!(
            "doc2sdk.call",
            product = self.service.product,
            operation = op.action,
            region = %self.config.region(),
            status = Empty,
            request_id = Empty,
            error_code = Empty,
            latency_ms = Empty,
        );
        let started = Instant::now();
        let outcome = async {
            let timeout = self.config.operation_timeout();
            let result = match tokio::time::timeout(timeout, self.attempt(op, started)).await {
                Ok(result) => result,
                Err(_) => Err(SdkError::Timeout {
                    elapsed: started.elapsed(),
                }),
            };
            let span = tracing::Span::current();
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let result = match result {
                Ok(response) => {
                    span.record("status", response.status);
                    if let Some(id) = &response.request_id {
                        span.record("request_id", id.as_str());
                    }
                    map_response(response)
                }
                Err(err) => Err(err),
            };
            match &result {
                Ok(_) => tracing::debug!("call succeeded"),
                Err(SdkError::Service(_)) => tracing::debug!("service returned an error"),
                Err(err) => tracing::debug!(error = local_error_kind(err), "call failed"),
            }
            result
        };
        outcome.instrument(span).await
    }

    /// Everything up to the last byte of the response; the caller applies the operation timeout.
    async fn attempt<E>(
        &self,
        op: Operation,
        started: Instant,
    ) -> Result<RawResponse, SdkError<E>> {
        let credentials = self.config.credentials_provider().provide_credentials()?;
        let scheme = self
            .config
            .signing_scheme()
            .unwrap_or(self.service.default_signing);
        let mut req = self.http_request(op, scheme);
        let nonce = self.config.nonce();
        let params = SigningParams {
            credentials: &credentials,
            time: self.config.now(),
            nonce: &nonce,
        };
        signing::sign(scheme, &mut req, &params)?;
        let request = self.to_reqwest(&req)?;

        let response = self
            .http
            .execute(request)
            .await
            .map_err(|err| transport_error(err, started))?;
        let status = response.status().as_u16();
        // Alibaba Cloud's header, then Huawei Cloud's.
        let request_id = ["x-acs-request-id", "x-request-id"]
            .iter()
            .find_map(|name| response.headers().get(*name))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .bytes()
            .await
            .map_err(|err| transport_error(err, started))?;
        Ok(RawResponse {
            status,
            request_id,
            body: body.to_vec(),
        })
    }

    /// The unsigned request: endpoint, path, query, the standard headers, the body.
    fn http_request(&self, op: Operation, scheme: SigningScheme) -> HttpRequest {
        // Every signer expects an absolute path; RPC operations route by action and use the root.
        let path = if op.path.is_empty() {
            "/"
        } else {
            op.path.as_str()
        };
        let mut req = HttpRequest::new(
            op.method,
            self.endpoint.scheme(),
            self.endpoint.host(),
            path,
        );
        req.query = op.query;
        req.set_header("host", self.endpoint.host());
        // Alibaba gateways route by these headers (the RPC V1 signer copies them to the query);
        // Huawei Cloud routes by path and would only see noise.
        if scheme != SigningScheme::SdkHmacSha256 {
            req.set_header("x-acs-action", op.action);
            req.set_header("x-acs-version", self.service.api_version);
        }
        req.set_header("accept", "application/json");
        req.set_header("user-agent", self.config.user_agent());
        if let Some((content_type, bytes)) = op.body.encode() {
            req.set_header("content-type", content_type);
            req.body = bytes;
        }
        for (name, value) in op.headers {
            req.set_header(&name, value);
        }
        req
    }

    /// The signed request as the HTTP client sends it: path and query encoded exactly as the
    /// signers encoded them, every header (including `host`) as signed.
    fn to_reqwest<E>(&self, req: &HttpRequest) -> Result<reqwest::Request, SdkError<E>> {
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| ValidationError::new("method", "is not a valid http method"))?;
        let base = format!("{}://{}{}", req.scheme, req.host, encode_path(&req.path));
        let mut url = reqwest::Url::parse(&base).map_err(|_| ConfigError::InvalidEndpoint {
            url: self.endpoint.to_string(),
            reason: "cannot be joined with the operation's path",
        })?;
        if !req.query.is_empty() {
            url.set_query(Some(&encode_pairs(&req.query)));
        }
        let mut request = reqwest::Request::new(method, url);
        let headers = request.headers_mut();
        for (name, value) in &req.headers {
            let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ValidationError::new(name, "is not a valid http header name"))?;
            let header_value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| ValidationError::new(name, "is not a valid http header value"))?;
            headers.insert(header_name, header_value);
        }
        *request.body_mut() = Some(req.body.clone().into());
        Ok(request)
    }
}

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.service.product)
            .field("endpoint", &self.endpoint)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A response read to the end, not yet interpreted.
struct RawResponse {
    status: u16,
    request_id: Option<String>,
    body: Vec<u8>,
}

fn map_response<O, E>(response: RawResponse) -> Result<O, SdkError<E>>
where
    O: serde::de::DeserializeOwned,
    E: From<ServiceError>,
{
    let RawResponse {
        status,
        request_id,
        body,
    } = response;
    if (200..300).contains(&status) {
        if body.iter().all(u8::is_ascii_whitespace) {
            return serde_json::from_slice(b"{}")
                .or_else(|_| serde_json::from_slice(b"null"))
                .map_err(|err| SdkError::Response {
                    status,
                    message: format!("response body is empty but the output is required: {err}"),
                });
        }
        return serde_json::from_slice(&body).map_err(|err| {
            let problem = if err.is_data() {
                "response body does not match the expected output"
            } else {
                "response body is not valid json"
            };
            SdkError::Response {
                status,
                message: format!("{problem}: {err}; {}", body_snippet(&body)),
            }
        });
    }
    match ServiceError::from_body(status, request_id.as_deref(), &body) {
        Some(err) => {
            let span = tracing::Span::current();
            span.record("error_code", err.code());
            if let Some(id) = err.request_id() {
                span.record("request_id", id);
            }
            Err(SdkError::Service(E::from(err)))
        }
        None => Err(SdkError::Response {
            status,
            message: format!(
                "error response is not an alibaba cloud error body; {}",
                body_snippet(&body)
            ),
        }),
    }
}

/// Connect timeouts become [`SdkError::Timeout`]; other failures keep reqwest's error with the
/// URL's query removed, because the RPC V1 scheme puts the security token there.
fn transport_error<E>(mut err: reqwest::Error, started: Instant) -> SdkError<E> {
    if err.is_timeout() {
        return SdkError::Timeout {
            elapsed: started.elapsed(),
        };
    }
    if let Some(url) = err.url_mut() {
        url.set_query(None);
    }
    SdkError::Transport(err)
}

/// A label for a failure that is not the service's answer, for the trace (the operation's own
/// error type is not required to be `Display`).
fn local_error_kind<E>(err: &SdkError<E>) -> &'static str {
    match err {
        SdkError::Validation(_) => "validation",
        SdkError::Credentials(_) => "credentials",
        SdkError::Config(_) => "config",
        SdkError::Signing(_) => "signing",
        SdkError::Timeout { .. } => "timeout",
        SdkError::Transport(_) => "transport",
        SdkError::Response { .. } => "response",
        SdkError::Service(_) => "service",
    }
}

/// Region ids become part of a host name, so only what can appear there is accepted.
fn check_region(region: &str) -> Result<(), ConfigError> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(ConfigError::InvalidRegion {
            region: region.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use time::OffsetDateTime;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;
    use tokio::sync::oneshot;

    use super::*;
    use crate::runtime::credentials::Credentials;
    use crate::runtime::params::Params;

    const SECRET: &str = "sEcReT-client-test";
    const TOKEN: &str = "tOkEn/client+test==";

    static ESA: ServiceInfo = ServiceInfo::new(
        "esa",
        "2024-09-10",
        crate::runtime::service::ApiStyle::Rpc,
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
            SdkError::Response { status: 500, message } => assert_eq!(
                message,
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

        let (url, _received) =
            serve_once(response("200 OK", "", "{\"RequestId\":\"r-1\"}\n")).await;
        let err = client(&url, None)
            .call::<ListSitesOutput, ServiceError>(list_sites())
            .await
            .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "unexpected response (HTTP 200): response body does not match the expected output: missing field `TotalCount`"
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
        match err {
            SdkError::Timeout { elapsed } => {
                assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}")
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
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
        assert_eq!(err.to_string(), "http transport error");
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

    impl crate::runtime::credentials::ProvideCredentials for FailingProvider {
        fn provide_credentials(
            &self,
        ) -> Result<Credentials, crate::runtime::credentials::CredentialsError> {
            Err(crate::runtime::credentials::CredentialsError::provider(
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
}
