//! The errors a call can end with: the vendor's own error response ([`ServiceError`]) and the
//! envelope around everything else that can go wrong on the way ([`SdkError`]).

use std::fmt;
use std::time::Duration;

use super::config::ConfigError;
use super::credentials::CredentialsError;
use super::http::HttpResponse;
use super::signing::SigningError;
use super::validate::ValidationError;

mod service_error;

pub use service_error::{ServiceError, Unhandled, UNKNOWN_CODE};

/// The code, message, request id and HTTP status of an error, however it is wrapped; what
/// support needs, and what handling that does not depend on the operation reads.
///
/// Every generated operation error implements it by delegating to its [`ServiceError`], and so
/// does [`SdkError`] of any of them, so one function can handle a code across operations:
///
/// ```
/// use doc2sdk_runtime::error::ErrorMetadata;
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
mod tests;
