//! Sending a signed request and reading the response to the end: over HTTP with `reqwest`, or,
//! with the `test-util` feature, from a [`crate::test_util::Replay`].

use super::config::{Config, ConfigError};
use super::error::{SdkError, ServiceError};
use super::http::{HttpRequest, HttpResponse};
use super::signing::encode_path;
use super::validate::ValidationError;

/// Why a request got no complete response.
#[derive(Debug)]
pub(crate) enum TransportFailure {
    /// The request could not be expressed as HTTP (a bad header); nothing was sent.
    Invalid(SdkError<ServiceError>),
    /// No connection within the connect timeout; nothing was sent.
    ConnectTimeout,
    /// The connection was refused or could not be set up; nothing was sent.
    Connect(reqwest::Error),
    /// The connection failed once the request may have been written.
    Io(reqwest::Error),
    /// The body was larger than the configured limit.
    TooLarge {
        /// The response's status.
        status: u16,
        /// The limit it broke.
        limit: usize,
    },
}

/// Where requests go.
#[derive(Clone, Debug)]
pub(crate) enum Transport {
    Http(reqwest::Client),
    #[cfg(any(test, feature = "test-util"))]
    Replay(super::test_util::Replay),
}

impl Transport {
    /// The HTTP client (or the replay) a configuration asks for.
    pub(crate) fn new(config: &Config) -> Result<Self, ConfigError> {
        #[cfg(any(test, feature = "test-util"))]
        if let Some(replay) = config.replay() {
            return Ok(Transport::Replay(replay.clone()));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout())
            // A redirect would replay a signed request somewhere it was not signed for.
            .redirect(reqwest::redirect::Policy::none())
            // Every retry is decided by the runtime's own policy, which knows idempotency.
            .retry(reqwest::retry::never())
            .build()
            .map_err(ConfigError::HttpClient)?;
        Ok(Transport::Http(http))
    }

    /// Sends `req` and reads at most `limit` bytes of body; `action` picks a replay's documented
    /// example.
    #[cfg_attr(not(any(test, feature = "test-util")), allow(unused_variables))]
    pub(crate) async fn send(
        &self,
        action: &str,
        req: &HttpRequest,
        limit: usize,
    ) -> Result<HttpResponse, TransportFailure> {
        match self {
            Transport::Http(http) => send_http(http, req, limit).await,
            #[cfg(any(test, feature = "test-util"))]
            Transport::Replay(replay) => Ok(replay.respond(action, req)),
        }
    }
}

async fn send_http(
    http: &reqwest::Client,
    req: &HttpRequest,
    limit: usize,
) -> Result<HttpResponse, TransportFailure> {
    let request = to_reqwest(req).map_err(TransportFailure::Invalid)?;
    let mut response = http.execute(request).await.map_err(|err| {
        if err.is_connect() && err.is_timeout() {
            TransportFailure::ConnectTimeout
        } else if err.is_connect() {
            TransportFailure::Connect(err)
        } else {
            TransportFailure::Io(err)
        }
    })?;
    let status = response.status().as_u16();
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(TransportFailure::TooLarge { status, limit });
    }
    let mut headers = std::collections::BTreeMap::new();
    for (name, value) in response.headers() {
        if let Ok(value) = value.to_str() {
            headers.insert(name.as_str().to_owned(), value.to_owned());
        }
    }
    let mut body = Vec::with_capacity(response.content_length().unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await.map_err(TransportFailure::Io)? {
        if body.len() + chunk.len() > limit {
            return Err(TransportFailure::TooLarge { status, limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// The signed request as the HTTP client sends it: path and query encoded exactly as the signers
/// encoded them, every header (including `host`) as signed.
fn to_reqwest(req: &HttpRequest) -> Result<reqwest::Request, SdkError<ServiceError>> {
    let method = reqwest::Method::from_bytes(req.method.as_bytes())
        .map_err(|_| ValidationError::new("method", "is not a valid http method"))?;
    let base = format!("{}://{}{}", req.scheme, req.host, encode_path(&req.path));
    let mut url = reqwest::Url::parse(&base).map_err(|_| ConfigError::InvalidEndpoint {
        url: format!("{}://{}", req.scheme, req.host),
        reason: "cannot be joined with the operation's path",
    })?;
    if !req.query.is_empty() {
        url.set_query(Some(&super::signing::encode_pairs(req.query.iter())));
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
    if req.body.is_empty() && matches!(req.method.as_str(), "POST" | "PUT" | "PATCH") {
        // RFC 9110 §8.6: an empty POST says `Content-Length: 0` (some gateways answer 411 without
        // it, and the official SDKs send it). It is not signed.
        headers.insert(reqwest::header::CONTENT_LENGTH, reqwest::header::HeaderValue::from_static("0"));
    }
    *request.body_mut() = Some(req.body.clone().into());
    Ok(request)
}
