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

pub use crate::operation::{Body, Operation, Overrides};

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
    ///
    /// The region is the configured one, else the vendor's environment variable
    /// (`ALIBABA_CLOUD_REGION_ID`, `HUAWEICLOUD_SDK_REGION`). Unless an endpoint is configured,
    /// it must be one of the regions the service's documents list.
    pub fn new(service: &'static ServiceInfo, mut config: Config) -> Result<Self, ConfigError> {
        let region = match config.region() {
            Some(region) => region.to_owned(),
            None => {
                let variable = region_variable(service.vendor());
                let region = config.environment().var(variable).ok_or(ConfigError::MissingRegion { variable })?;
                config.set_region(region.clone());
                region
            }
        };
        let endpoint = match config.endpoint() {
            Some(endpoint) => endpoint.clone(),
            None => {
                check_region(&region)?;
                check_documented(service, &region)?;
                Endpoint::https(service.host_for_region(&region))
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
            region = self.config.region().unwrap_or_default(),
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

/// The environment variable that names the region, as the vendor's official SDKs and CLIs read it.
fn region_variable(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Huawei => "HUAWEICLOUD_SDK_REGION",
        _ => "ALIBABA_CLOUD_REGION_ID",
    }
}

/// A region the documents do not list has no known endpoint: the host the pattern would make
/// up may not exist, or belong to someone else. A service that documents no regions accepts any.
fn check_documented(service: &ServiceInfo, region: &str) -> Result<(), ConfigError> {
    let documented = service.regional_endpoints;
    if documented.is_empty() || documented.iter().any(|(id, _)| *id == region) {
        return Ok(());
    }
    Err(ConfigError::UnknownRegion {
        region: region.to_owned(),
        product: service.product,
        documented: documented.iter().map(|(id, _)| format!("`{id}`")).collect::<Vec<_>>().join(", "),
    })
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
mod tests;
