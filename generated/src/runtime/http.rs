//! The request as the runtime sees it before it is signed and handed to the HTTP client.

use std::collections::BTreeMap;

/// An HTTP request in the form every signer works on.
///
/// Header names are stored lower-case; the query is kept as decoded `(name, value)` pairs in the
/// order they were added (signers sort and encode them themselves).
#[derive(Clone, Debug, PartialEq, Eq)]
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
