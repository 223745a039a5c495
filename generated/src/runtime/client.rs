//! The HTTP glue every generated operation goes through: build the request, sign it, send it
//! within the configured timeouts, retry what the policy allows, and map the last response to the
//! output or an error.
//!
//! The loop is not generic: only [`ServiceClient::call`]'s last step, deserializing the output and
//! converting the error, is instantiated per operation, which keeps the generated crate quick to
//! compile.

use std::fmt;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use tracing::field::Empty;
use tracing::Instrument as _;

use super::config::{Config, ConfigError, Endpoint};
use super::credentials::cache::CachedProvider;
use super::credentials::huawei::HuaweiChain;
use super::credentials::{Credentials, CredentialsError, DefaultChain, ProvideCredentials};
use super::error::{ResponseError, SdkError, ServiceError, TimeoutError, TimeoutKind};
use super::http::{HttpRequest, HttpResponse};
use super::response;
use super::retry::{self, Attempted, Decision, Failure, RetryBudget, RetryConfig, RetryKind};
use super::service::{ServiceInfo, Vendor};
use super::signing::{self, percent_encode, SigningParams, SigningScheme};
use super::transport::{Transport, TransportFailure};

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
    /// [`percent_encode`] when they may contain `/` or `%`). A literal `{project_id}` is replaced
    /// by the Huawei Cloud credentials' project id.
    pub path: String,
    /// Decoded query parameters; the runtime encodes them.
    pub query: Vec<(String, String)>,
    /// Extra headers; they override the runtime's defaults of the same name.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Whether sending the request twice has the effect of sending it once, so a failure after
    /// it may have been processed can be retried. Defaults to `true` for `GET` and `HEAD` only.
    pub idempotent: bool,
    /// The parameter that carries the operation's idempotency token (`ClientToken`), if the API
    /// documents one: when the request carries a value for it, it is retried like an idempotent
    /// one.
    pub idempotency_token: Option<&'static str>,
    /// Retry and timeout settings for this call only.
    pub overrides: Overrides,
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
            idempotent: method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD"),
            idempotency_token: None,
            overrides: Overrides::default(),
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

    /// Declares whether the operation is idempotent (see [`Operation::idempotent`]).
    pub fn with_idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// Names the parameter that carries the operation's idempotency token, e.g. `ClientToken`.
    /// The request counts as idempotent when that parameter has a non-empty value in the query,
    /// the form body or the top level of the JSON body, whenever it was added.
    pub fn with_idempotency_token(mut self, parameter: &'static str) -> Self {
        self.idempotency_token = Some(parameter);
        self
    }

    /// Overrides the client's retry and timeout settings for this call.
    pub fn with_overrides(mut self, overrides: Overrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// Whether a failure after the request may have been processed can be retried.
    pub fn is_retry_safe(&self) -> bool {
        self.idempotent
            || self
                .idempotency_token
                .is_some_and(|name| self.carries(name))
    }

    /// Whether the request has a non-empty value for parameter `name`.
    fn carries(&self, name: &str) -> bool {
        let in_pairs =
            |pairs: &[(String, String)]| pairs.iter().any(|(k, v)| k == name && !v.is_empty());
        in_pairs(&self.query)
            || match &self.body {
                Body::Form(fields) => in_pairs(fields),
                Body::Json(bytes) => serde_json::from_slice::<serde_json::Value>(bytes)
                    .ok()
                    .and_then(|json| match json.get(name)? {
                        serde_json::Value::String(s) => Some(!s.is_empty()),
                        serde_json::Value::Null => Some(false),
                        _ => Some(true),
                    })
                    .unwrap_or(false),
                Body::Empty => false,
            }
    }
}

/// Retry and timeout settings that replace the configuration's for one client (see
/// [`ServiceClient::with_overrides`]) or one call (see [`Operation::with_overrides`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    /// Replaces [`Config::retry_config`].
    pub retry: Option<RetryConfig>,
    /// Replaces [`Config::attempt_timeout`].
    pub attempt_timeout: Option<Duration>,
    /// Replaces [`Config::operation_timeout`].
    pub operation_timeout: Option<Duration>,
}

impl Overrides {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Replaces the attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Replaces the operation timeout.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
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
    fn encode(&self) -> Option<(&'static str, Vec<u8>)> {
        match self {
            Body::Empty => None,
            Body::Form(fields) => Some((
                "application/x-www-form-urlencoded",
                encode_pairs(fields).into_bytes(),
            )),
            Body::Json(bytes) => Some(("application/json; charset=utf-8", bytes.clone())),
        }
    }
}

/// `name=value&...` with both sides percent-encoded, in the given order.
pub(crate) fn encode_pairs(pairs: &[(String, String)]) -> String {
    signing::encode_pairs(pairs.iter())
}

/// A configured client for one service; cheap to clone (the connection pool, the retry budget
/// and the learned clock offset are shared).
#[derive(Clone)]
pub struct ServiceClient {
    transport: Transport,
    config: Arc<Config>,
    service: &'static ServiceInfo,
    endpoint: Endpoint,
    credentials: Arc<dyn ProvideCredentials>,
    budget: Arc<RetryBudget>,
    /// Server time minus local time in seconds, learned from a rejected signature.
    clock_offset: Arc<AtomicI64>,
}

/// The settings one call runs with.
struct Settings {
    retry: RetryConfig,
    attempt_timeout: Duration,
    operation_timeout: Duration,
}

/// A failed attempt: the error the caller would see, how the retry table classified it, and the
/// wait the server asked for.
struct Failed {
    error: SdkError<ServiceError>,
    kind: Option<RetryKind>,
    retry_after: Option<Duration>,
}

impl Failed {
    fn fatal(error: SdkError<ServiceError>) -> Self {
        Self {
            error,
            kind: None,
            retry_after: None,
        }
    }
}

/// A request ready to send, with the time it was signed at and the clock offset that time
/// included.
struct Prepared {
    req: HttpRequest,
    signed_at: OffsetDateTime,
    offset: i64,
}

impl ServiceClient {
    /// Resolves the endpoint (the override, or the service's host for the region), the
    /// credentials (the configured ones, else the vendor's default chain, cached) and creates the
    /// HTTP client.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Self, ConfigError> {
        let endpoint = match config.endpoint() {
            Some(endpoint) => endpoint.clone(),
            None => {
                check_region(config.region())?;
                Endpoint::https(service.host_for_region(config.region()))
            }
        };
        let credentials: Arc<dyn ProvideCredentials> = match config.credentials_provider() {
            Some(provider) => Arc::clone(provider),
            None => match service.vendor() {
                Vendor::Huawei => Arc::new(CachedProvider::new(HuaweiChain::new())),
                _ => Arc::new(CachedProvider::new(DefaultChain::new())),
            },
        };
        Ok(Self {
            transport: Transport::new(&config)?,
            budget: Arc::new(RetryBudget::new(config.retry_budget())),
            config: Arc::new(config),
            service,
            endpoint,
            credentials,
            clock_offset: Arc::new(AtomicI64::new(0)),
        })
    }

    /// A client that shares this one's connections, credentials and retry budget but applies
    /// `overrides` to every call.
    pub fn with_overrides(&self, overrides: Overrides) -> Self {
        let mut config = Config::clone(&self.config);
        config.apply(&overrides);
        Self {
            config: Arc::new(config),
            ..self.clone()
        }
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

    /// Tokens left in the retry budget.
    pub fn retry_budget_available(&self) -> u32 {
        self.budget.available()
    }

    /// Builds, signs and sends `op`, retrying as the policy allows, then maps the last response:
    /// a 2xx JSON body to `O`, the vendor's error body to `E` through [`ServiceError`], anything
    /// else to [`SdkError::Response`]. An empty 2xx body reads as `{}` (or `null`), so outputs
    /// whose fields are all optional still deserialize.
    pub async fn call<O, E>(&self, op: Operation) -> Result<O, SdkError<E>>
    where
        O: serde::de::DeserializeOwned,
        E: From<ServiceError>,
    {
        let action = op.action;
        let response = self.send(op).await.map_err(|err| err.map_service(E::from))?;
        // Fields read as absent are reported in this span, which names the operation.
        let _span = tracing::info_span!(
            "doc2sdk.decode",
            product = self.service.product,
            operation = action
        )
        .entered();
        response::decode(&response)
    }

    /// The request exactly as the next attempt of `op` would send it, signed now with the
    /// configured credentials (for debugging a rejected signature, presigning, or benchmarks).
    pub fn signed_request(&self, op: &Operation) -> Result<HttpRequest, SdkError<ServiceError>> {
        self.sign(op).map(|prepared| prepared.req)
    }

    /// Every attempt of one call, within the operation timeout, in a `doc2sdk.call` span; the
    /// response returned reported success.
    async fn send(&self, op: Operation) -> Result<HttpResponse, SdkError<ServiceError>> {
        let mut settings = Settings {
            retry: self.config.retry_config(),
            attempt_timeout: self.config.attempt_timeout(),
            operation_timeout: self.config.operation_timeout(),
        };
        let o = op.overrides;
        settings.retry = o.retry.unwrap_or(settings.retry);
        settings.attempt_timeout = o.attempt_timeout.unwrap_or(settings.attempt_timeout);
        settings.operation_timeout = o.operation_timeout.unwrap_or(settings.operation_timeout);
        // Only names and outcomes are recorded: never parameters, headers or bodies, which may
        // carry tokens or customer data.
        let span = tracing::info_span!(
            "doc2sdk.call",
            product = self.service.product,
            operation = op.action,
            region = %self.config.region(),
            attempts = Empty,
            status = Empty,
            request_id = Empty,
            error_code = Empty,
            latency_ms = Empty,
        );
        // Recorded through this handle, not `Span::current()`, which depends on the subscriber
        // tracking the current span.
        let call_span = span.clone();
        async move {
            let started = Instant::now();
            let attempts = AtomicU32::new(0);
            let limit = settings.operation_timeout;
            let result = tokio::time::timeout(limit, self.attempts(&op, &settings, &attempts))
                .await
                .unwrap_or_else(|_| {
                    Err(SdkError::Timeout(TimeoutError::new(
                        TimeoutKind::Operation,
                        limit,
                        attempts.load(Ordering::Relaxed),
                    )))
                });
            let span = call_span;
            span.record("attempts", attempts.load(Ordering::Relaxed));
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(response) => {
                    span.record("status", response.status);
                    if let Some(id) = response.request_id() {
                        span.record("request_id", id);
                    }
                    tracing::debug!("call succeeded");
                }
                Err(SdkError::Service(err)) => {
                    span.record("status", err.status());
                    span.record("error_code", err.code());
                    if let Some(id) = err.request_id() {
                        span.record("request_id", id);
                    }
                    tracing::debug!("service returned an error");
                }
                Err(err) => tracing::debug!(error = error_kind(err), "call failed"),
            }
            result
        }
        .instrument(span)
        .await
    }

    /// Attempts until one succeeds or the policy gives up.
    async fn attempts(
        &self,
        op: &Operation,
        settings: &Settings,
        counter: &AtomicU32,
    ) -> Result<HttpResponse, SdkError<ServiceError>> {
        let deadline = Instant::now() + settings.operation_timeout;
        let retry_safe = op.is_retry_safe();
        let mut attempt = 0;
        loop {
            attempt += 1;
            counter.store(attempt, Ordering::Relaxed);
            let span = tracing::debug_span!(
                "doc2sdk.attempt",
                attempt,
                status = Empty,
                request_id = Empty,
                latency_ms = Empty,
                retry = Empty,
            );
            let started = Instant::now();
            let outcome =
                tokio::time::timeout(settings.attempt_timeout, self.attempt(op, attempt, &span))
                .instrument(span.clone())
                .await
                .unwrap_or_else(|_| {
                    Err(Failed {
                        error: SdkError::Timeout(TimeoutError::new(
                            TimeoutKind::Attempt,
                            settings.attempt_timeout,
                            attempt,
                        )),
                        kind: retry::classify(Failure::Timeout),
                        retry_after: None,
                    })
                });
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let failed = match outcome {
                Ok(response) => {
                    self.budget.refund();
                    return Ok(response);
                }
                Err(failed) => failed,
            };
            let kind = failed.kind;
            let decision = retry::decide(
                &settings.retry,
                Attempted {
                    attempt,
                    kind,
                    idempotent: retry_safe,
                    retry_after: failed.retry_after,
                    remaining: deadline.saturating_duration_since(Instant::now()),
                    jitter: self.config.jitter(),
                },
            );
            let delay = match (decision, kind) {
                (Decision::Retry(delay), Some(kind)) if self.budget.try_withdraw(kind) => delay,
                (Decision::Retry(_), _) => {
                    span.record("retry", "give up: retry budget exhausted");
                    return Err(failed.error);
                }
                (Decision::GiveUp(reason), _) => {
                    span.record("retry", format!("give up: {reason}").as_str());
                    return Err(failed.error);
                }
            };
            span.record(
                "retry",
                format!(
                    "{} after {delay:?}",
                    kind.map_or("retry", RetryKind::as_str)
                )
                .as_str(),
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: fresh credentials, signing time and nonce, then send and check the response.
    async fn attempt(
        &self,
        op: &Operation,
        attempt: u32,
        span: &tracing::Span,
    ) -> Result<HttpResponse, Failed> {
        let prepared = self.sign(op).map_err(Failed::fatal)?;
        let limit = self.config.max_response_bytes();
        let response = match self.transport.send(op.action, &prepared.req, limit).await {
            Ok(response) => response,
            Err(failure) => return Err(transport_failed(failure, &self.config, attempt)),
        };
        span.record("status", response.status);
        if let Some(id) = response.request_id() {
            span.record("request_id", id);
        }
        let mut error = match response::check(self.service.vendor(), &response) {
            Ok(()) => return Ok(response),
            Err(error) => error,
        };
        let server_time = response.header("date").and_then(retry::parse_http_date);
        let skew = server_time.map(|server| server - prepared.signed_at);
        let code = error.service_error().map(ServiceError::code);
        let kind = retry::classify(Failure::Response {
            status: response.status,
            code,
            clock_skewed: skew.is_some_and(|s| s.unsigned_abs() > retry::MAX_CLOCK_SKEW),
        });
        if let (Some(RetryKind::ClockSkew), Some(skew), SdkError::Service(err)) =
            (kind, skew, &mut error)
        {
            // Later attempts (and calls) sign with the server's time. Storing rather than adding
            // keeps concurrent calls that learn the same offset from correcting it twice.
            self.clock_offset
                .store(prepared.offset + skew.whole_seconds(), Ordering::Relaxed);
            *err = err.clone().with_clock_skew(skew);
        }
        let retry_after = response.header("retry-after").and_then(|value| {
            retry::parse_retry_after(value, server_time.unwrap_or_else(OffsetDateTime::now_utc))
        });
        Err(Failed {
            error,
            kind,
            retry_after,
        })
    }

    /// The signed request for the next attempt, and the time it was signed at.
    fn sign(&self, op: &Operation) -> Result<Prepared, SdkError<ServiceError>> {
        let offset = self.clock_offset.load(Ordering::Relaxed);
        let time = self.config.now() + time::Duration::seconds(offset);
        let credentials = self.credentials.provide_credentials()?;
        if credentials.is_expired(time) {
            return Err(CredentialsError::expired(&credentials).into());
        }
        let scheme = self
            .config
            .signing_scheme()
            .unwrap_or(self.service.default_signing);
        let mut req = self.http_request(op, scheme, &credentials)?;
        let nonce = self.config.nonce();
        let params = SigningParams {
            credentials: &credentials,
            time,
            nonce: &nonce,
        };
        signing::sign(scheme, &mut req, &params)?;
        Ok(Prepared {
            req,
            signed_at: time,
            offset,
        })
    }

    /// The unsigned request: endpoint, path, query, the standard headers, the body.
    fn http_request(
        &self,
        op: &Operation,
        scheme: SigningScheme,
        credentials: &Credentials,
    ) -> Result<HttpRequest, SdkError<ServiceError>> {
        // Every signer expects an absolute path; RPC operations route by action and use the root.
        let mut path = if op.path.is_empty() { "/" } else { op.path.as_str() }.to_owned();
        if path.contains(PROJECT_ID) {
            let project = credentials
                .project_id()
                .ok_or(CredentialsError::MissingProjectId)?;
            path = path.replace(PROJECT_ID, &percent_encode(project));
        }
        let mut req = HttpRequest::new(op.method, self.endpoint.scheme(), self.endpoint.host(), &path);
        req.query = op.query.clone();
        req.set_header("host", self.endpoint.host());
        // Alibaba gateways route by these headers (the RPC V1 signer copies them to the query);
        // Huawei Cloud routes by path and would only see noise.
        if scheme != SigningScheme::SdkHmacSha256 {
            req.set_header("x-acs-action", op.action);
            req.set_header("x-acs-version", self.service.api_version);
        } else if let Some(project) = credentials.project_id() {
            req.set_header("x-project-id", project);
        }
        req.set_header("accept", "application/json");
        // The HTTP client has no decompression, so only identity-coded bodies are readable; the
        // official SDKs ask for the same.
        req.set_header("accept-encoding", "identity");
        req.set_header("user-agent", self.config.user_agent());
        if let Some((content_type, bytes)) = op.body.encode() {
            req.set_header("content-type", content_type);
            req.body = bytes;
        }
        for (name, value) in &op.headers {
            req.set_header(name, value.as_str());
        }
        Ok(req)
    }
}

/// The placeholder Huawei Cloud paths use for the project.
const PROJECT_ID: &str = "{project_id}";

impl fmt::Debug for ServiceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceClient")
            .field("service", &self.service.product)
            .field("endpoint", &self.endpoint)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// A transport failure as the caller sees it and as the retry table reads it. reqwest's errors
/// keep their URL with the query removed, because the RPC V1 scheme puts the security token
/// there.
fn transport_failed(failure: TransportFailure, config: &Config, attempt: u32) -> Failed {
    let scrub = |mut err: reqwest::Error| {
        if let Some(url) = err.url_mut() {
            url.set_query(None);
        }
        SdkError::Transport(err)
    };
    let (error, failure) = match failure {
        TransportFailure::Invalid(error) => return Failed::fatal(error),
        TransportFailure::ConnectTimeout => (
            SdkError::Timeout(TimeoutError::new(
                TimeoutKind::Connect,
                config.connect_timeout(),
                attempt,
            )),
            Failure::Connect,
        ),
        TransportFailure::Connect(err) => (scrub(err), Failure::Connect),
        TransportFailure::Io(err) => (scrub(err), Failure::Io),
        TransportFailure::TooLarge { status, limit } => {
            return Failed::fatal(SdkError::Response(ResponseError::new(
                status,
                format!("response body is larger than the limit of {limit} bytes"),
            )))
        }
    };
    Failed {
        error,
        kind: retry::classify(failure),
        retry_after: None,
    }
}

/// A label for a failure that is not the service's answer, for the trace (the operation's own
/// error type is not required to be `Display`).
fn error_kind<E>(err: &SdkError<E>) -> &'static str {
    match err {
        SdkError::Validation(_) => "validation",
        SdkError::Credentials(_) => "credentials",
        SdkError::Config(_) => "config",
        SdkError::Signing(_) => "signing",
        SdkError::Timeout(_) => "timeout",
        SdkError::Transport(_) => "transport",
        SdkError::Response(_) => "response",
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

        let (url, _received) =
            serve_once(response("200 OK", "", "{\"RequestId\":\"r-1\"}\n")).await;
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
        assert_eq!(timeout.kind(), crate::runtime::error::TimeoutKind::Operation);
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
            text.starts_with(&format!("could not connect to {url}/: ")) && text.contains("connection refused"),
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
    fn idempotency_defaults_and_tokens() {
        assert!(Operation::new("Get", "GET", "/").is_retry_safe());
        assert!(Operation::new("Head", "head", "/").is_retry_safe());
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            assert!(!Operation::new("X", method, "/").is_retry_safe(), "{method}");
        }
        assert!(Operation::new("X", "POST", "/").with_idempotent(true).is_retry_safe());
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
            crate::runtime::service::ApiStyle::Roa,
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
        let op = Operation::new("CreateEdgeApplicationVersion", "POST", "/v2/{project_id}/edge-apps/app%2F1/versions")
            .with_body(Body::Json(br#"{"version":"1.0"}"#.to_vec()));
        let client = ServiceClient::new(
            &IOTEDGE,
            config(Credentials::new("HW-AK", SECRET).with_project_id("proj/1").with_security_token(TOKEN)),
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
                .retry(crate::runtime::retry::RetryConfig::disabled())
                .attempt_timeout(Duration::from_millis(5))
                .operation_timeout(Duration::from_millis(7)),
        );
        assert_eq!(fast.config().retry_config().max_attempts, 1);
        assert_eq!(fast.config().attempt_timeout(), Duration::from_millis(5));
        assert_eq!(fast.config().operation_timeout(), Duration::from_millis(7));
        assert_eq!(client.config().retry_config().max_attempts, 3);
        assert_eq!(fast.retry_budget_available(), client.retry_budget_available());
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
