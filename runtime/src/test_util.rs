//! Testing aids for users of the SDK (the `test-util` feature): answer calls from canned
//! responses without a network, and capture what the SDK writes to `tracing`.
//!
//! ```ignore
//! use doc2sdk::runtime::test_util::{CannedResponse, Replay};
//! let replay = Replay::new()
//!     .with_documented_examples(include_str!("../spec/openapi/esa-2024-09-10.json"))?;
//! replay.push(CannedResponse::json(400, r#"{"Code":"InvalidParameter","Message":"bad"}"#));
//! let client = doc2sdk::esa::Client::new(Config::builder().region("cn-hangzhou").replay(replay.clone()).build()?)?;
//! // The first call gets the 400, later ones the documented example of their operation.
//! assert_eq!(replay.requests()[0].header("x-acs-action"), Some("CreateEdgeContainerAppVersion"));
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::http::{HttpRequest, HttpResponse};

/// A response to replay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CannedResponse {
    response: HttpResponse,
}

impl CannedResponse {
    /// A response with this status and body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            response: HttpResponse::new(status, body),
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::new(status, body).with_header("content-type", "application/json;charset=utf-8")
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.response = self.response.with_header(name, value);
        self
    }
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<CannedResponse>,
    examples: BTreeMap<String, CannedResponse>,
    requests: Vec<HttpRequest>,
    forget_requests: bool,
}

/// Answers calls from canned responses: those pushed with [`Replay::push`], in order, then each
/// operation's documented example. Records every signed request. Cheap to clone; clones share
/// the queue and the record.
#[derive(Clone, Debug, Default)]
pub struct Replay(Arc<Mutex<State>>);

/// The status of the answer given when nothing is queued and the operation has no example.
pub const NO_RESPONSE_STATUS: u16 = 501;

impl Replay {
    /// An empty replay.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves a valid state behind.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a response for the next call, whatever its operation.
    pub fn push(&self, response: CannedResponse) -> &Self {
        self.state().queue.push_back(response);
        self
    }

    /// Adds the documented `200` example of every operation of an OpenAPI document (the
    /// `example` of its `application/json` response, as `spec/openapi/*.json` carry them), keyed
    /// by `operationId`.
    pub fn with_documented_examples(self, openapi_json: &str) -> Result<Self, serde_json::Error> {
        let spec: serde_json::Value = serde_json::from_str(openapi_json)?;
        let mut added = BTreeMap::new();
        for methods in spec["paths"].as_object().into_iter().flat_map(|p| p.values()) {
            for op in methods.as_object().into_iter().flat_map(|m| m.values()) {
                let (Some(id), Some(example)) = (
                    op["operationId"].as_str(),
                    documented_example(&op["responses"]["200"]["content"]["application/json"]),
                ) else {
                    continue;
                };
                added.insert(id.to_owned(), CannedResponse::json(200, example.to_string()));
            }
        }
        self.state().examples.extend(added);
        Ok(self)
    }

    /// Answers every call of `operation` that finds the queue empty with `response`, replacing
    /// its documented example if it has one.
    pub fn with_example(self, operation: &str, response: CannedResponse) -> Self {
        self.state().examples.insert(operation.to_owned(), response);
        self
    }

    /// The operations that have an example, sorted.
    pub fn documented_operations(&self) -> Vec<String> {
        self.state().examples.keys().cloned().collect()
    }

    /// Stops recording requests (for benchmarks and long-running tests, where the record would
    /// grow without bound).
    pub fn forget_requests(self) -> Self {
        self.state().forget_requests = true;
        self
    }

    /// Every request received so far, signed, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().requests.clone()
    }

    /// The answer to one request (called by the client).
    pub(crate) fn respond(&self, action: &str, req: &HttpRequest) -> HttpResponse {
        let mut state = self.state();
        if !state.forget_requests {
            state.requests.push(req.clone());
        }
        if let Some(canned) = state.queue.pop_front() {
            return canned.response;
        }
        match state.examples.get(action) {
            Some(canned) => canned.response.clone(),
            None => HttpResponse::new(
                NO_RESPONSE_STATUS,
                serde_json::json!({
                    "Code": "Replay.NoResponse",
                    "Message": format!("nothing queued and no documented example for `{action}`"),
                })
                .to_string(),
            ),
        }
    }
}

/// The `example`, else the first of `examples`, of a media type object.
fn documented_example(media: &serde_json::Value) -> Option<&serde_json::Value> {
    media.get("example").or_else(|| {
        media["examples"]
            .as_object()
            .and_then(|examples| examples.values().next())
            .map(|example| example.get("value").unwrap_or(example))
    })
}

/// Captures everything written to `tracing` (every span's fields and every event, at every
/// level) as text lines, to check what an application would log.
///
/// ```ignore
/// let capture = TraceCapture::new();
/// let _guard = capture.set_default();
/// // ... calls ...
/// assert!(!capture.text().contains("my-secret"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct TraceCapture {
    lines: Arc<Mutex<Vec<String>>>,
}

impl TraceCapture {
    /// An empty capture.
    pub fn new() -> Self {
        Self::default()
    }

    /// A subscriber that writes into this capture.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + 'static {
        CaptureSubscriber {
            lines: Arc::clone(&self.lines),
            next_id: AtomicU64::new(1),
        }
    }

    /// Makes this capture the current thread's subscriber until the guard is dropped (a
    /// current-thread tokio runtime keeps every task of a test on that thread).
    pub fn set_default(&self) -> tracing::subscriber::DefaultGuard {
        let guard = tracing::subscriber::set_default(self.subscriber());
        // Callsites cache whether any subscriber wants them; one registered by a concurrent test
        // while no subscriber listened would stay disabled for this one.
        tracing::callsite::rebuild_interest_cache();
        guard
    }

    /// The lines captured so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The lines captured so far, joined with newlines.
    pub fn text(&self) -> String {
        self.lines().join("\n")
    }
}

struct CaptureSubscriber {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: AtomicU64,
}

impl CaptureSubscriber {
    fn push(&self, line: String) {
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }
}

/// Writes `name=value` for every field, values in their `Debug` form.
struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }
}

impl tracing::Subscriber for CaptureSubscriber {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut fields = Fields(format!("span#{id} {}:", attrs.metadata().name()));
        attrs.record(&mut fields);
        self.push(fields.0);
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields(format!("span#{} record:", span.into_u64()));
        values.record(&mut fields);
        self.push(fields.0);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let meta = event.metadata();
        let mut fields = Fields(format!("event {} {}:", meta.level(), meta.target()));
        event.record(&mut fields);
        self.push(fields.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{Operation, ServiceClient};
    use crate::config::Config;
    use crate::credentials::Credentials;
    use crate::error::{SdkError, ServiceError};
    use crate::retry::RetryConfig;
    use crate::service::{ApiStyle, ServiceInfo};
    use crate::signing::SigningScheme;

    static SERVICE: ServiceInfo = ServiceInfo::new(
        "esa",
        "2024-09-10",
        ApiStyle::Rpc,
        "esa.{region}.aliyuncs.com",
        SigningScheme::Acs3HmacSha256,
    );

    const SPEC: &str = r#"{"paths": {
        "/#Action=Create": {"post": {"operationId": "Create", "responses": {"200": {"content": {"application/json": {"example": {"RequestId": "doc-1", "VersionId": "ver-1"}}}}}}},
        "/#Action=Other": {"post": {"operationId": "Other", "responses": {"200": {"content": {"application/json": {"examples": {"first": {"value": {"RequestId": "doc-2"}}}}}}}}},
        "/#Action=None": {"post": {"operationId": "None", "responses": {"200": {"description": "no example"}}}}
    }}"#;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Out {
        #[serde(rename = "RequestId")]
        request_id: String,
    }

    fn client(replay: &Replay) -> ServiceClient {
        let config = Config::builder()
            .region("cn-hangzhou")
            .credentials(Credentials::new("AK", "replay-secret"))
            .replay(replay.clone())
            .retry_config(RetryConfig::standard().with_backoff(
                std::time::Duration::from_millis(1),
                std::time::Duration::from_millis(1),
            ))
            .build()
            .unwrap();
        ServiceClient::new(&SERVICE, config).unwrap()
    }

    #[tokio::test]
    async fn queued_responses_then_documented_examples() {
        let replay = Replay::new()
            .with_documented_examples(SPEC)
            .unwrap()
            .with_example("Mine", CannedResponse::json(200, r#"{"RequestId":"mine"}"#));
        assert_eq!(replay.documented_operations(), ["Create", "Mine", "Other"]);
        replay.push(CannedResponse::json(400, r#"{"Code":"InvalidParameter","Message":"bad"}"#));
        replay.push(CannedResponse::json(503, "").with_header("Retry-After", "0"));
        let client = client(&replay);
        let call = |action| client.call::<Out, ServiceError>(Operation::new(action, "POST", "/"));

        let err = call("Create").await.unwrap_err();
        assert_eq!(err.to_string(), "InvalidParameter: bad (HTTP 400)");
        // The 503 is transient but POST is not idempotent: no retry, the error as it came.
        let err = call("Create").await.unwrap_err();
        assert!(matches!(&err, SdkError::Response(e) if e.status() == 503), "{err}");
        assert_eq!(call("Create").await.unwrap().request_id, "doc-1");
        assert_eq!(call("Other").await.unwrap().request_id, "doc-2");
        assert_eq!(call("Mine").await.unwrap().request_id, "mine");
        let err = call("None").await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "Replay.NoResponse: nothing queued and no documented example for `None` (HTTP 501)"
        );

        let requests = replay.requests();
        assert_eq!(requests.len(), 6);
        assert_eq!(requests[3].header("x-acs-action"), Some("Other"));
        assert!(requests[0].header("authorization").is_some());
    }

    #[tokio::test]
    async fn retries_work_offline() {
        let replay = Replay::new();
        replay.push(CannedResponse::json(429, r#"{"Code":"Throttling.User","Message":"slow"}"#));
        replay.push(CannedResponse::json(200, r#"{"RequestId":"after-throttle"}"#));
        let out: Out = client(&replay)
            .call::<_, ServiceError>(Operation::new("Create", "POST", "/"))
            .await
            .unwrap();
        assert_eq!(out.request_id, "after-throttle");
        let requests = replay.requests();
        assert_eq!(requests.len(), 2);
        assert_ne!(
            requests[0].header("x-acs-signature-nonce"),
            requests[1].header("x-acs-signature-nonce"),
            "every attempt is signed afresh"
        );
    }

    #[tokio::test]
    async fn trace_capture_sees_calls_and_attempts() {
        let capture = TraceCapture::new();
        let _guard = capture.set_default();
        let replay = Replay::new();
        replay.push(CannedResponse::json(500, r#"{"Code":"InternalError","Message":"x"}"#));
        replay.push(CannedResponse::json(200, r#"{"RequestId":"ok"}"#).with_header("x-acs-request-id", "hdr-ok"));
        let _: Out = client(&replay)
            .call::<_, ServiceError>(Operation::new("Describe", "GET", "/"))
            .await
            .unwrap();
        let text = capture.text();
        for needle in [
            "doc2sdk.call: product=esa operation=Describe region=cn-hangzhou",
            "doc2sdk.attempt: attempt=1",
            "doc2sdk.attempt: attempt=2",
            "retry=transient after",
            "attempts=2",
            "request_id=hdr-ok",
            "latency_ms=",
        ] {
            assert!(text.contains(needle), "`{needle}` not in\n{text}");
        }
        assert!(!text.contains("replay-secret"));
    }
}
