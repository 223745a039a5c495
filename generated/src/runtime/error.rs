//! The errors a call can end with: the vendor's own error response ([`ServiceError`]) and the
//! envelope around everything else that can go wrong on the way ([`SdkError`]).

use std::fmt;
use std::time::Duration;

use super::config::ConfigError;
use super::credentials::CredentialsError;
use super::http::HttpResponse;
use super::signing::SigningError;
use super::validate::ValidationError;

/// The code, message, request id and HTTP status of an error, however it is wrapped; what
/// support needs, and what handling that does not depend on the operation reads.
///
/// Every generated operation error implements it by delegating to its [`ServiceError`], and so
/// does [`SdkError`] of any of them, so one function can handle a code across operations:
///
/// ```
/// use doc2sdk::runtime::error::ErrorMetadata;
///
/// fn is_upgrading(err: &impl ErrorMetadata) -> bool {
///     err.code() == Some("System.Upgrading")
/// }
/// ```
pub trait ErrorMetadata {
    /// The vendor's error code, e.g. `InvalidParameter`.
    fn code(&self) -> Option<&str>;
    /// The vendor's human-readable message.
    fn message(&self) -> Option<&str>;
    /// The request id to quote to the vendor's support.
    fn request_id(&self) -> Option<&str>;
    /// The HTTP status of the response, when there was one.
    fn status(&self) -> Option<u16>;
}

/// An error response from the service: an Alibaba Cloud JSON body such as
/// `{"RequestId": "..", "HostId": "..", "Code": "..", "Message": "..", "Recommend": ".."}`, a ROA
/// body that says `"Success": false` (even with HTTP 200), or a Huawei Cloud body
/// `{"error_code": "..", "error_msg": "..", "request_id": ".."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    /// Boxed so that every `Result` carrying the error stays small.
    details: Box<Details>,
}

/// The parts of a [`ServiceError`] that only some services send.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Details {
    recommend: Option<String>,
    host_id: Option<String>,
    trace_id: Option<String>,
    clock_skew: Option<time::Duration>,
}

/// The code given to a `"Success": false` body that names no code at all.
pub const UNKNOWN_CODE: &str = "Unknown";

impl ServiceError {
    /// An error with the given HTTP status, code, message and request id (for tests and
    /// hand-written mocks).
    pub fn new(
        status: u16,
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: Option<String>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            request_id,
            details: Box::default(),
        }
    }

    /// Adds the diagnosis link the service recommends.
    pub fn with_recommend(mut self, recommend: impl Into<String>) -> Self {
        self.details.recommend = Some(recommend.into());
        self
    }

    /// Adds the host that answered.
    pub fn with_host_id(mut self, host_id: impl Into<String>) -> Self {
        self.details.host_id = Some(host_id.into());
        self
    }

    /// Adds the trace id some ROA services (SAE) return next to the request id.
    pub fn with_trace_id(mut self, trace_id: impl Into<String>) -> Self {
        self.details.trace_id = Some(trace_id.into());
        self
    }

    /// Records how far the local clock is from the server's (server minus local), when the
    /// rejection looks like it was caused by it; `Display` then says so.
    pub fn with_clock_skew(mut self, skew: time::Duration) -> Self {
        self.details.clock_skew = Some(skew);
        self
    }

    /// Reads an error body. `None` when the body is not a JSON object with a code, so the caller
    /// can report the raw response instead.
    ///
    /// Keys are matched case-insensitively because ROA services answer with `code`/`requestId`
    /// where RPC services use `Code`/`RequestId`; an `ErrorCode` wins over `Code` because SAE puts
    /// an HTTP-like number in `Code` and the real code in `ErrorCode`. Huawei Cloud's
    /// `error_code`/`error_msg` (flat, or nested under `error`) are read too. The body's request
    /// id wins over the header's, which not every gateway sets.
    pub fn from_body(status: u16, header_request_id: Option<&str>, body: &[u8]) -> Option<Self> {
        let serde_json::Value::Object(fields) = serde_json::from_slice(body).ok()? else {
            return None;
        };
        Self::from_fields(status, header_request_id, &fields, None)
    }

    /// Reads a 2xx body that reports a failure with `"Success": false` (a boolean, or the string
    /// `"false"`), as SAE and other ROA services do; `None` for every other body.
    ///
    /// A body that says it failed but names no code gets the code [`UNKNOWN_CODE`].
    pub fn from_success_body(
        status: u16,
        header_request_id: Option<&str>,
        body: &[u8],
    ) -> Option<Self> {
        // Most bodies never mention the flag; the others are read for the flag alone (serde skips
        // every other member without building it) before a failure is read in full.
        memchr::memmem::find(body, b"\"Success\"")?;
        #[derive(serde::Deserialize)]
        struct Flag {
            #[serde(rename = "Success")]
            success: Option<serde_json::Value>,
        }
        let failed = match serde_json::from_slice::<Flag>(body).ok()?.success? {
            serde_json::Value::Bool(success) => !success,
            serde_json::Value::String(success) => success.eq_ignore_ascii_case("false"),
            _ => false,
        };
        if !failed {
            return None;
        }
        let serde_json::Value::Object(fields) = serde_json::from_slice(body).ok()? else {
            return None;
        };
        Self::from_fields(status, header_request_id, &fields, Some(UNKNOWN_CODE))
    }

    fn from_fields(
        status: u16,
        header_request_id: Option<&str>,
        fields: &serde_json::Map<String, serde_json::Value>,
        default_code: Option<&str>,
    ) -> Option<Self> {
        // Huawei's IAM-style bodies nest the error: `{"error": {"code": .., "message": ..}}`.
        if let Some(serde_json::Value::Object(inner)) = fields.get("error") {
            let outer_id = text(fields, &["request_id", "RequestId"]);
            let request_id = outer_id.as_deref().or(header_request_id);
            if let Some(err) = Self::from_fields(status, request_id, inner, None) {
                return Some(err);
            }
        }
        let code = text(fields, &["ErrorCode", "Code", "error_code"])
            .or_else(|| default_code.map(str::to_owned))?;
        Some(Self {
            status,
            code,
            message: text(fields, &["Message", "ErrorMessage", "error_msg", "msg"])
                .unwrap_or_default(),
            request_id: text(fields, &["RequestId", "request_id"])
                .or_else(|| header_request_id.map(str::to_owned)),
            details: Box::new(Details {
                recommend: text(fields, &["Recommend"]),
                host_id: text(fields, &["HostId"]),
                trace_id: text(fields, &["TraceId"]),
                clock_skew: None,
            }),
        })
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The vendor's error code, e.g. `InvalidParameter.SiteName`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The vendor's message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id, from the body or the `x-acs-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The diagnosis link the service recommends, if any.
    pub fn recommend(&self) -> Option<&str> {
        self.details.recommend.as_deref()
    }

    /// The host that answered, if the service said.
    pub fn host_id(&self) -> Option<&str> {
        self.details.host_id.as_deref()
    }

    /// The trace id, if the service sent one (SAE does).
    pub fn trace_id(&self) -> Option<&str> {
        self.details.trace_id.as_deref()
    }

    /// Server time minus local time, when the service rejected a request whose signing time was
    /// too far from its clock.
    pub fn clock_skew(&self) -> Option<time::Duration> {
        self.details.clock_skew
    }
}

/// The first of `keys` (case-insensitive) holding a non-empty string or a number.
fn text(fields: &serde_json::Map<String, serde_json::Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| {
        fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| match v {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
    })
}

/// `12s` under a minute, else rounded to the minute (`4m`, `1h0m`): a skew for a message, where
/// the server's one-second `Date` makes seconds noise.
fn human_skew(seconds: u64) -> String {
    if seconds < 60 {
        return format!("{seconds}s");
    }
    let minutes = (seconds + 30) / 60;
    match minutes / 60 {
        0 => format!("{minutes}m"),
        hours => format!("{hours}h{}m", minutes % 60),
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (HTTP {}", self.code, self.message, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if let Some(skew) = self.details.clock_skew {
            let direction = if skew.is_negative() { "ahead of" } else { "behind" };
            write!(
                f,
                "; the local clock is {} {direction} the server's, check the system time",
                human_skew(skew.whole_seconds().unsigned_abs())
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

impl ErrorMetadata for ServiceError {
    fn code(&self) -> Option<&str> {
        Some(&self.code)
    }

    fn message(&self) -> Option<&str> {
        Some(&self.message)
    }

    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn status(&self) -> Option<u16> {
        Some(self.status)
    }
}

/// An error code the operation's documentation does not list. Opaque on purpose: when a later
/// version of the documents lists the code, the error arrives as its own variant, so a match on
/// `Unhandled` would silently stop matching; read [`ErrorMetadata::code`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhandled {
    error: ServiceError,
}

impl Unhandled {
    /// Wraps the service's error; for generated code.
    #[doc(hidden)]
    pub fn new(error: ServiceError) -> Self {
        Self { error }
    }

    /// The service error with its code, message, request id and HTTP status.
    pub fn service_error(&self) -> &ServiceError {
        &self.error
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

/// An answer that is neither the operation's output nor an error body the vendor's format
/// describes, or a successful response whose body cannot be read as the output. The response
/// stays reachable: status, headers, request id and the raw body.
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    message: String,
    /// Boxed so that every `Result` carrying the error stays small; `None` when the body was not
    /// read (larger than the configured limit).
    response: Option<Box<HttpResponse>>,
    request_id: Option<String>,
}

impl ResponseError {
    /// An error about a response with `status`; `message` says what was wrong.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), response: None, request_id: None }
    }

    /// Keeps the response the error is about.
    pub fn with_response(mut self, response: HttpResponse) -> Self {
        self.request_id = response
            .request_id()
            .map(str::to_owned)
            .or_else(|| body_request_id(&response.body));
        self.response = Some(Box::new(response));
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// What was wrong, with the start of the body.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The whole response as it was read, when it was read.
    pub fn raw(&self) -> Option<&HttpResponse> {
        self.response.as_deref()
    }

    /// The response headers (names lower-case), when the response was read.
    pub fn headers(&self) -> Option<&std::collections::BTreeMap<String, String>> {
        self.raw().map(|r| &r.headers)
    }

    /// The raw body, when it was read.
    pub fn body(&self) -> Option<&[u8]> {
        self.raw().map(|r| r.body.as_slice())
    }

    /// The request id from the response headers, else from a top-level `RequestId` or
    /// `request_id` of a JSON body.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// The top-level `RequestId` (or `request_id`) string of a JSON body, read up to the first
/// problem, so that a body cut off or not fitting the output type still gives its id.
fn body_request_id(body: &[u8]) -> Option<String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    struct Scan<'a>(&'a mut Option<String>);

    impl<'de> Visitor<'de> for Scan<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if ["RequestId", "request_id", "requestId"].contains(&key.as_ref()) {
                    if let serde_json::Value::String(id) = map.next_value()? {
                        *self.0 = Some(id);
                        return Ok(());
                    }
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    let mut found = None;
    // The id is kept whatever comes after it; what the scan stopped at does not matter.
    let _ = serde_json::Deserializer::from_slice(body).deserialize_map(Scan(&mut found));
    found
}

impl fmt::Debug for ResponseError {
    /// Status, message, request id and the body's size: the body itself may be large.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("status", &self.status)
            .field("message", &self.message)
            .field("request_id", &self.request_id())
            .field("body_bytes", &self.body().map(<[u8]>::len))
            .finish()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected response (HTTP {}", self.status)?;
        if let Some(id) = self.request_id() {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}", self.message)
    }
}

impl std::error::Error for ResponseError {}

/// What a transport error says: what failed, where (the URL without its query, which may carry
/// a security token) and the innermost cause, e.g. `connection refused`.
fn transport_message(err: &reqwest::Error) -> String {
    let what = if err.is_connect() {
        "could not connect"
    } else if err.is_timeout() {
        "timed out"
    } else if err.is_body() || err.is_decode() {
        "could not read the response"
    } else if err.is_request() {
        "could not send the request"
    } else {
        "http transport failed"
    };
    let mut text = what.to_owned();
    if let Some(url) = err.url() {
        let mut url = url.clone();
        url.set_query(None);
        text.push_str(&format!(" to {url}"));
    }
    let mut innermost: &dyn std::error::Error = err;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    let cause = lowercase_first(&cause);
    text.push_str(": ");
    text.push_str(&cause);
    text
}

/// `Connection refused (os error 111)` -> `connection refused (os error 111)`, as error messages
/// here are written.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

/// Everything a call can fail with; `E` is the operation's own error type, built from the
/// [`ServiceError`] the service answered with.
///
/// Variants that wrap a self-describing error display it directly (`transparent`), so
/// `to_string()` always says what happened rather than only which stage failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// A request field broke a documented constraint; nothing was sent.
    #[error(transparent)]
    Validation(ValidationError),
    /// No usable credentials; nothing was sent.
    #[error(transparent)]
    Credentials(CredentialsError),
    /// The configuration cannot produce a request; nothing was sent.
    #[error(transparent)]
    Config(ConfigError),
    /// The request could not be signed; nothing was sent.
    #[error(transparent)]
    Signing(SigningError),
    /// Connecting, one attempt or the whole operation took longer than configured.
    #[error(transparent)]
    Timeout(TimeoutError),
    /// The request could not be sent or the response not read. The error's URL, if any, has its
    /// query removed, since some signing schemes put the security token there. `Display` says
    /// what failed with the innermost cause (`could not connect to http://127.0.0.1:9/: connection
    /// refused`); the source is reqwest's error, for its `is_*` checks.
    #[error("{}", transport_message(.0))]
    Transport(#[source] reqwest::Error),
    /// The service answered with something that is neither the expected output nor an error body;
    /// the response is kept in the error.
    #[error(transparent)]
    Response(ResponseError),
    /// The service answered with an error.
    #[error(transparent)]
    Service(E),
}

impl<E> SdkError<E> {
    /// Converts the service's error, keeping every other variant; how the runtime's
    /// vendor-neutral errors become an operation's own.
    pub fn map_service<F>(self, f: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            SdkError::Validation(err) => SdkError::Validation(err),
            SdkError::Credentials(err) => SdkError::Credentials(err),
            SdkError::Config(err) => SdkError::Config(err),
            SdkError::Signing(err) => SdkError::Signing(err),
            SdkError::Timeout(err) => SdkError::Timeout(err),
            SdkError::Transport(err) => SdkError::Transport(err),
            SdkError::Response(err) => SdkError::Response(err),
            SdkError::Service(err) => SdkError::Service(f(err)),
        }
    }

    /// The timeout, when the call ended with one.
    pub fn timeout(&self) -> Option<&TimeoutError> {
        match self {
            SdkError::Timeout(err) => Some(err),
            _ => None,
        }
    }

    /// The unexpected response, when the call ended with one; its raw body and headers.
    pub fn response_error(&self) -> Option<&ResponseError> {
        match self {
            SdkError::Response(err) => Some(err),
            _ => None,
        }
    }

    /// The operation's error, when the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(err) => Some(err),
            _ => None,
        }
    }

    /// The operation's error, when the service answered with one.
    pub fn into_service_error(self) -> Result<E, Self> {
        match self {
            SdkError::Service(err) => Ok(err),
            other => Err(other),
        }
    }

    /// Whether nothing was sent because the request or the configuration was rejected locally.
    pub fn is_local(&self) -> bool {
        matches!(
            self,
            SdkError::Validation(_)
                | SdkError::Credentials(_)
                | SdkError::Config(_)
                | SdkError::Signing(_)
        )
    }
}

impl<E: ErrorMetadata> ErrorMetadata for SdkError<E> {
    fn code(&self) -> Option<&str> {
        self.service_error().and_then(ErrorMetadata::code)
    }

    fn message(&self) -> Option<&str> {
        self.service_error().and_then(ErrorMetadata::message)
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(err) => err.request_id(),
            SdkError::Response(err) => err.request_id(),
            _ => None,
        }
    }

    fn status(&self) -> Option<u16> {
        match self {
            SdkError::Service(err) => err.status(),
            SdkError::Response(err) => Some(err.status()),
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for SdkError<E> {
    fn from(err: ValidationError) -> Self {
        SdkError::Validation(err)
    }
}

impl<E> From<CredentialsError> for SdkError<E> {
    fn from(err: CredentialsError) -> Self {
        SdkError::Credentials(err)
    }
}

impl<E> From<ConfigError> for SdkError<E> {
    fn from(err: ConfigError) -> Self {
        SdkError::Config(err)
    }
}

impl<E> From<SigningError> for SdkError<E> {
    fn from(err: SigningError) -> Self {
        SdkError::Signing(err)
    }
}

/// Which limit a [`TimeoutError`] hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection within the connect timeout.
    Connect,
    /// One attempt got no complete response within the attempt timeout.
    Attempt,
    /// All attempts together, with the waits between them, outlasted the operation timeout.
    Operation,
}

/// A call that took longer than one of its configured limits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Duration,
    attempts: u32,
}

impl TimeoutError {
    /// A timeout of `kind` at `limit`, after `attempts` attempts had started.
    pub fn new(kind: TimeoutKind, limit: Duration, attempts: u32) -> Self {
        Self {
            kind,
            limit,
            attempts,
        }
    }

    /// Which limit was hit.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured limit.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// How many attempts had started, the timed-out one included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (limit, n) = (self.limit, self.attempts);
        match self.kind {
            TimeoutKind::Connect => write!(f, "connect timeout: no connection within {limit:?} (attempt {n})"),
            TimeoutKind::Attempt => write!(f, "attempt timeout: no complete response within {limit:?} (attempt {n})"),
            TimeoutKind::Operation => write!(f, "operation timeout: not done within {limit:?} ({n} attempts started)"),
        }
    }
}

/// The start of a response body for an error message: lossy UTF-8, whitespace runs collapsed to
/// one space, at most `MAX` characters, in backticks.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let mut words = text.split_whitespace();
    let mut snippet = String::new();
    let mut truncated = false;
    if let Some(first) = words.next() {
        snippet.push_str(first);
    }
    for word in words {
        snippet.push(' ');
        snippet.push_str(word);
        if snippet.chars().count() > MAX {
            break;
        }
    }
    if snippet.chars().count() > MAX {
        snippet = snippet.chars().take(MAX).collect();
        truncated = true;
    }
    if snippet.is_empty() {
        "empty body".to_owned()
    } else if truncated {
        format!("body starts `{snippet}...`")
    } else {
        format!("body `{snippet}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rpc_error_bodies() {
        let body = br#"{"RequestId":"5A3C-11","HostId":"esa.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter.SiteName","Message":"The site name is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=x"}"#;
        let err = ServiceError::from_body(400, Some("header-id"), body).unwrap();
        assert_eq!(err.status(), 400);
        assert_eq!(err.code(), "InvalidParameter.SiteName");
        assert_eq!(err.message(), "The site name is invalid.");
        assert_eq!(err.request_id(), Some("5A3C-11"));
        assert_eq!(err.host_id(), Some("esa.cn-hangzhou.aliyuncs.com"));
        assert_eq!(
            err.recommend(),
            Some("https://api.aliyun.com/troubleshoot?q=x")
        );
        assert_eq!(
            err.to_string(),
            "InvalidParameter.SiteName: The site name is invalid. (HTTP 400, request id 5A3C-11)"
        );
    }

    #[test]
    fn parses_roa_error_bodies_and_falls_back_to_the_header_id() {
        let body = br#"{"code":"NotFound","message":"no such app"}"#;
        let err = ServiceError::from_body(404, Some("hdr-1"), body).unwrap();
        assert_eq!(
            (err.code(), err.message(), err.request_id()),
            ("NotFound", "no such app", Some("hdr-1"))
        );
        let err = ServiceError::from_body(404, None, body).unwrap();
        assert_eq!(err.to_string(), "NotFound: no such app (HTTP 404)");
    }

    #[test]
    fn parses_huawei_error_bodies() {
        let body = br#"{"error_code":"IOTEDGE.00000001","error_msg":"Invalid parameter."}"#;
        let err = ServiceError::from_body(400, Some("hw-req-1"), body).unwrap();
        assert_eq!(
            err.to_string(),
            "IOTEDGE.00000001: Invalid parameter. (HTTP 400, request id hw-req-1)"
        );
    }

    #[test]
    fn parses_nested_huawei_and_sae_error_bodies() {
        let body = br#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"},"request_id":"hw-2"}"#;
        let err = ServiceError::from_body(401, Some("hdr"), body).unwrap();
        assert_eq!(
            (err.code(), err.message(), err.request_id()),
            ("APIGW.0301", "Incorrect IAM authentication information", Some("hw-2"))
        );
        let body = br#"{"Code":"400","ErrorCode":"InvalidApplication.NotFound","Message":"no such app","RequestId":"r-3","TraceId":"t-3","Success":false}"#;
        let err = ServiceError::from_body(400, None, body).unwrap();
        assert_eq!(
            (err.code(), err.request_id(), err.trace_id()),
            ("InvalidApplication.NotFound", Some("r-3"), Some("t-3"))
        );
    }

    #[test]
    fn success_false_bodies_are_service_errors() {
        type Case<'a> = (&'a [u8], Option<(&'a str, &'a str)>);
        let cases: &[Case<'_>] = &[
            (br#"{"Success":false,"ErrorCode":"Application.Busy","Code":"200","Message":"busy"}"#, Some(("Application.Busy", "busy"))),
            (br#"{"Success":"false","Code":"Oops","Message":"m"}"#, Some(("Oops", "m"))),
            (br#"{"Success":false}"#, Some(("Unknown", ""))),
            (br#"{"Success":true,"Code":"200"}"#, None),
            (br#"{"Data":{"Success":false},"Code":"200"}"#, None),
            (br#"{"RequestId":"r"}"#, None),
            (b"not json \"Success\"", None),
        ];
        for (body, expected) in cases {
            let err = ServiceError::from_success_body(200, Some("hdr-9"), body);
            let got = err.as_ref().map(|e| (e.code(), e.message()));
            assert_eq!(got, *expected, "{}", String::from_utf8_lossy(body));
            if let Some(err) = err {
                assert_eq!((err.status(), err.request_id()), (200, Some("hdr-9")));
            }
        }
    }

    #[test]
    fn clock_skew_is_explained() {
        let err = ServiceError::new(400, "InvalidTimeStamp.Expired", "expired", Some("r".into()));
        let cases = [
            (-3600, "; the local clock is 1h0m ahead of the server's, check the system time"),
            (-3599, "; the local clock is 1h0m ahead of the server's, check the system time"),
            (125, "; the local clock is 2m behind the server's, check the system time"),
            (-7, "; the local clock is 7s ahead of the server's, check the system time"),
        ];
        for (seconds, suffix) in cases {
            let text = err.clone().with_clock_skew(time::Duration::seconds(seconds)).to_string();
            assert_eq!(text, format!("InvalidTimeStamp.Expired: expired (HTTP 400, request id r){suffix}"));
        }
    }

    #[test]
    fn bodies_without_a_code_are_not_service_errors() {
        for body in [
            &b"<html>oops</html>"[..],
            b"[]",
            b"{\"Message\":\"x\"}",
            b"",
        ] {
            assert_eq!(ServiceError::from_body(500, None, body), None);
        }
    }

    #[test]
    fn sdk_error_display_and_accessors() {
        let service = ServiceError::new(400, "Throttling", "slow down", Some("id-9".into()));
        let err: SdkError<ServiceError> = SdkError::Service(service.clone());
        assert_eq!(
            err.to_string(),
            "Throttling: slow down (HTTP 400, request id id-9)"
        );
        assert_eq!(err.service_error(), Some(&service));
        assert_eq!(ErrorMetadata::code(&err), Some("Throttling"));
        assert_eq!(ErrorMetadata::request_id(&err), Some("id-9"));
        assert!(!err.is_local());

        let err: SdkError<ServiceError> = ValidationError::new("Name", "is too long").into();
        assert_eq!(err.to_string(), "invalid `Name`: is too long");
        assert!(err.is_local());
        assert_eq!(ErrorMetadata::code(&err), None);

        let timeouts = [
            (TimeoutKind::Connect, 1, "connect timeout: no connection within 1.5s (attempt 1)"),
            (TimeoutKind::Attempt, 2, "attempt timeout: no complete response within 1.5s (attempt 2)"),
            (TimeoutKind::Operation, 3, "operation timeout: not done within 1.5s (3 attempts started)"),
        ];
        for (kind, attempts, expected) in timeouts {
            let err: SdkError<ServiceError> =
                SdkError::Timeout(TimeoutError::new(kind, Duration::from_millis(1500), attempts));
            assert_eq!(err.to_string(), expected);
            assert_eq!(err.timeout().map(TimeoutError::kind), Some(kind));
        }

        let err: SdkError<ServiceError> =
            SdkError::Response(ResponseError::new(502, "body is not valid json"));
        assert_eq!(
            err.to_string(),
            "unexpected response (HTTP 502): body is not valid json"
        );
        assert!(err.into_service_error().is_err());
    }

    #[test]
    fn snippets_collapse_whitespace_and_truncate() {
        assert_eq!(body_snippet(b""), "empty body");
        assert_eq!(
            body_snippet(b"<html>\n  <h1>502</h1>\n</html>"),
            "body `<html> <h1>502</h1> </html>`"
        );
        let long = "x".repeat(500);
        assert_eq!(
            body_snippet(long.as_bytes()),
            format!("body starts `{}...`", "x".repeat(200))
        );
    }
}
