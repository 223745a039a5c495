//! What generated code hands the runtime: one call's [`Operation`] (action, method, path,
//! query, headers, [`Body`]) and the per-call [`Overrides`] of retry and timeout settings.

use std::time::Duration;

use crate::retry::RetryConfig;
use crate::signing;

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
    /// [`percent_encode`](crate::signing::percent_encode) when they may contain `/` or `%`). A literal `{project_id}` is replaced
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
/// [`ServiceClient::with_overrides`](crate::client::ServiceClient::with_overrides)) or one call (see [`Operation::with_overrides`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    /// Replaces [`Config::retry_config`](crate::config::Config::retry_config).
    pub retry: Option<RetryConfig>,
    /// Replaces [`Config::attempt_timeout`](crate::config::Config::attempt_timeout).
    pub attempt_timeout: Option<Duration>,
    /// Replaces [`Config::operation_timeout`](crate::config::Config::operation_timeout).
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
    /// values with [`percent_encode`](crate::signing::percent_encode) (RFC 3986, space as `%20`).
    Form(Vec<(String, String)>),
    /// `application/json` bytes, sent as they are.
    Json(Vec<u8>),
}

impl Body {
    /// The content type and the exact bytes to send.
    pub(crate) fn encode(&self) -> Option<(&'static str, Vec<u8>)> {
        match self {
            Body::Empty => None,
            Body::Form(fields) => Some((
                "application/x-www-form-urlencoded",
                signing::encode_pairs(fields.iter()).into_bytes(),
            )),
            Body::Json(bytes) => Some(("application/json; charset=utf-8", bytes.clone())),
        }
    }
}
