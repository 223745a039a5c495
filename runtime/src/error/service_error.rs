//! The vendor's own error response: code, message, request id, status and what some services add.

use std::fmt;

use super::ErrorMetadata;

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
