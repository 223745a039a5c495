//! The request as the runtime sees it before it is signed and handed to the HTTP client, and the
//! response once it has been read to the end.

use std::collections::BTreeMap;
use std::fmt;

/// An HTTP request in the form every signer works on.
///
/// Header names are stored lower-case; the query is kept as decoded `(name, value)` pairs in the
/// order they were added (signers sort and encode them themselves). `Debug` redacts the security
/// token, which is sent in the clear (as a header, or in the RPC V1 query).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper-case HTTP method, e.g. `POST`.
    pub method: String,
    /// `http` or `https`.
    pub scheme: String,
    /// Host, with `:port` when it is not the scheme's default.
    pub host: String,
    /// Path before percent-encoding of its segments, always starting with `/`.
    pub path: String,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
    /// Lower-case header names to values.
    pub headers: BTreeMap<String, String>,
    /// The exact body bytes that will be sent.
    pub body: Vec<u8>,
}

/// Headers and query parameters that carry an STS security token.
const TOKEN_HEADERS: &[&str] = &["x-acs-security-token", "x-security-token"];
const TOKEN_PARAMETER: &str = "SecurityToken";
const REDACTED: &str = "** redacted **";

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: BTreeMap<&str, &str> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if TOKEN_HEADERS.contains(&name.as_str()) { REDACTED } else { value };
                (name.as_str(), shown)
            })
            .collect();
        let query: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(name, value)| {
                let shown = if name == TOKEN_PARAMETER { REDACTED } else { value };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("scheme", &self.scheme)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl HttpRequest {
    /// A request without query, headers or body.
    pub fn new(method: &str, scheme: &str, host: &str, path: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            scheme: scheme.to_owned(),
            host: host.to_owned(),
            path: path.to_owned(),
            query: Vec::new(),
            headers: BTreeMap::new(),
            body: Vec::new(),
        }
    }

    /// Sets a header, lower-casing its name.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
    }

    /// The value of a header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// A response read to the end (or to the size limit), not yet interpreted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Lower-case header names to values (repeated headers keep the last value).
    pub headers: BTreeMap<String, String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: BTreeMap::new(),
            body: body.into(),
        }
    }

    /// Adds a header, lower-casing its name.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
        self
    }

    /// The value of a header, looked up case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The request id header: Alibaba Cloud's `x-acs-request-id`, else Huawei Cloud's
    /// `x-request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-acs-request-id")
            .or_else(|| self.header("x-request-id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_security_token() {
        let mut req = HttpRequest::new("post", "https", "esa.aliyuncs.com", "/");
        req.set_header("X-Acs-Security-Token", "tok/1");
        req.set_header("x-security-token", "tok/2");
        req.query.push(("SecurityToken".into(), "tok/3".into()));
        req.query.push(("PageSize".into(), "20".into()));
        req.body = b"a=1".to_vec();
        let text = format!("{req:?}");
        assert!(!text.contains("tok/"), "{text}");
        assert!(text.contains(r#"("PageSize", "20")"#) && text.contains(r#"body: "a=1""#), "{text}");
        assert_eq!(req.header("x-acs-security-token"), Some("tok/1"));
    }
}
