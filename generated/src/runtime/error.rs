//! The errors a call can end with: the vendor's own error response ([`ServiceError`]) and the
//! envelope around everything else that can go wrong on the way ([`SdkError`]).

use std::fmt;
use std::time::Duration;

use super::config::ConfigError;
use super::credentials::CredentialsError;
use super::signing::SigningError;
use super::validate::ValidationError;

/// The code, message and request id of an error, however it is wrapped; what support needs.
///
/// Generated per-operation error enums implement it by delegating to their [`ServiceError`].
pub trait ErrorMetadata {
    /// The vendor's error code, e.g. `InvalidParameter`.
    fn code(&self) -> Option<&str>;
    /// The vendor's human-readable message.
    fn message(&self) -> Option<&str>;
    /// The request id to quote to the vendor's support.
    fn request_id(&self) -> Option<&str>;
}

/// An error response from the service: an Alibaba Cloud JSON body such as
/// `{"RequestId": "..", "HostId": "..", "Code": "..", "Message": "..", "Recommend": ".."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    recommend: Option<String>,
    host_id: Option<String>,
}

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
            recommend: None,
            host_id: None,
        }
    }

    /// Adds the diagnosis link the service recommends.
    pub fn with_recommend(mut self, recommend: impl Into<String>) -> Self {
        self.recommend = Some(recommend.into());
        self
    }

    /// Adds the host that answered.
    pub fn with_host_id(mut self, host_id: impl Into<String>) -> Self {
        self.host_id = Some(host_id.into());
        self
    }

    /// Reads an error body. `None` when the body is not a JSON object with a code, so the caller
    /// can report the raw response instead.
    ///
    /// Keys are matched case-insensitively because ROA services answer with `code`/`requestId`
    /// where RPC services use `Code`/`RequestId`; Huawei Cloud's `error_code`/`error_msg` are read
    /// too. The body's request id wins over the header's, which not every gateway sets.
    pub fn from_body(status: u16, header_request_id: Option<&str>, body: &[u8]) -> Option<Self> {
        let serde_json::Value::Object(fields) = serde_json::from_slice(body).ok()? else {
            return None;
        };
        let text = |keys: &[&str]| {
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
        };
        Some(Self {
            status,
            code: text(&["Code", "error_code"])?,
            message: text(&["Message", "error_msg"]).unwrap_or_default(),
            request_id: text(&["RequestId", "request_id"])
                .or_else(|| header_request_id.map(str::to_owned)),
            recommend: text(&["Recommend"]),
            host_id: text(&["HostId"]),
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
        self.recommend.as_deref()
    }

    /// The host that answered, if the service said.
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} (HTTP {}", self.code, self.message, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
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
    /// The connection or the whole operation took longer than configured.
    #[error("request timed out after {elapsed:?}")]
    Timeout {
        /// How long the call had run when it was abandoned.
        elapsed: Duration,
    },
    /// The request could not be sent or the response not read. The error's URL, if any, has its
    /// query removed, since some signing schemes put the security token there.
    #[error("http transport error")]
    Transport(#[source] reqwest::Error),
    /// The service answered with something that is neither the expected output nor an error body.
    #[error("unexpected response (HTTP {status}): {message}")]
    Response {
        /// The HTTP status code.
        status: u16,
        /// What was wrong, with the start of the body.
        message: String,
    },
    /// The service answered with an error.
    #[error(transparent)]
    Service(E),
}

impl<E> SdkError<E> {
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
        self.service_error().and_then(ErrorMetadata::request_id)
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

        let err: SdkError<ServiceError> = SdkError::Timeout {
            elapsed: Duration::from_millis(1500),
        };
        assert_eq!(err.to_string(), "request timed out after 1.5s");

        let err: SdkError<ServiceError> = SdkError::Response {
            status: 502,
            message: "body is not valid json".into(),
        };
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
