//! The fault matrix: every failure a service or the network can produce, played by a real HTTP
//! server on 127.0.0.1 against the runtime's retry policy, for an idempotent `GET`, a plain
//! `POST`, and a `POST` that carries a `ClientToken`.
//!
//! Each row states how many requests must reach the server and which error the caller sees; the
//! test also checks that no request was sent more often than the policy allows (3 attempts, and
//! one for a non-idempotent request after a failure that may have been processed). Delays are
//! milliseconds and no assertion depends on how long anything took.

#[path = "fault_server.rs"]
mod fault_server;

use std::sync::Arc;
use std::time::Duration;

use doc2sdk::runtime::client::{Body, Operation, ServiceClient};
use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::{SdkError, ServiceError, TimeoutKind};
use doc2sdk::runtime::retry::{RetryBudgetConfig, RetryConfig, THROTTLING_CODES, TRANSIENT_CODES};
use doc2sdk::runtime::test_util::TraceCapture;
use fault_server::{refused_url, Canned, Fault, FaultServer};

const MAX_ATTEMPTS: usize = 3;
const RESPONSE_LIMIT: usize = 256 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// `GET`: idempotent.
    Get,
    /// `POST` without an idempotency token.
    Post,
    /// `POST` with a `ClientToken`.
    PostToken,
}

impl Op {
    fn operation(self) -> Operation {
        match self {
            Op::Get => Operation::new("DescribeSites", "GET", "/")
                .with_query(vec![("PageSize".to_owned(), "20".to_owned())]),
            Op::Post => Operation::new("CreateSite", "POST", "/")
                .with_body(Body::Form(vec![("SiteName".into(), "example.com".into())])),
            Op::PostToken => Operation::new("CreateSite", "POST", "/")
                .with_idempotency_token("ClientToken")
                .with_body(Body::Form(vec![
                    ("SiteName".into(), "example.com".into()),
                    ("ClientToken".into(), "c5d1e2f3".into()),
                ])),
        }
    }

    fn retry_safe(self) -> bool {
        self != Op::Post
    }
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct Output {
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
    #[serde(rename = "TotalCount")]
    total_count: Option<u32>,
}

struct Row {
    name: String,
    op: Op,
    script: Vec<Fault>,
    /// Requests the server must see (for a refused connection: attempts made).
    attempts: usize,
    /// The outcome, as [`outcome`] writes it.
    outcome: String,
    /// Whether the failure may have been processed (so only retry-safe requests may repeat).
    maybe_processed: bool,
}

fn row(name: impl Into<String>, op: Op, script: Vec<Fault>, attempts: usize, outcome: impl Into<String>) -> Row {
    Row {
        name: name.into(),
        op,
        script,
        attempts,
        outcome: outcome.into(),
        maybe_processed: false,
    }
}

/// A failure after which the request may have been processed: retried only when retry-safe.
fn transient(name: &str, script: Vec<Fault>, outcome: &str) -> Vec<Row> {
    [Op::Get, Op::Post, Op::PostToken]
        .into_iter()
        .map(|op| Row {
            maybe_processed: true,
            ..row(
                name,
                op,
                script.clone(),
                if op.retry_safe() { MAX_ATTEMPTS } else { 1 },
                outcome,
            )
        })
        .collect()
}

/// A failure that is never retried.
fn fatal(name: &str, script: Vec<Fault>, outcome: &str) -> Vec<Row> {
    [Op::Get, Op::Post]
        .into_iter()
        .map(|op| row(name, op, script.clone(), 1, outcome))
        .collect()
}

/// A rejection that was certainly not processed: retried for every request.
fn rejected(name: &str, script: Vec<Fault>, outcome: &str) -> Vec<Row> {
    [Op::Get, Op::Post]
        .into_iter()
        .map(|op| row(name, op, script.clone(), MAX_ATTEMPTS, outcome))
        .collect()
}

fn error_body(code: &str) -> String {
    format!(r#"{{"RequestId":"r-{code}","Code":"{code}","Message":"the {code} message"}}"#)
}

fn html(status: u16) -> Fault {
    Fault::Respond(Canned::new(
        status,
        "text/html",
        format!("<html><body><h1>{status} error</h1></body></html>"),
    ))
}

fn json(status: u16, body: &str) -> Fault {
    Fault::Respond(Canned::json(status, body))
}

fn matrix() -> Vec<Row> {
    let mut rows = Vec::new();
    for status in [500, 502, 503, 504] {
        let code = format!("Status{status}");
        rows.extend(transient(&format!("HTTP {status}"), vec![json(status, &error_body(&code))], &format!("service {code}")));
    }
    rows.extend(rejected("HTTP 429", vec![json(429, &error_body("Status429"))], "service Status429"));
    for status in [400, 401, 403, 404, 409, 501] {
        let code = format!("Status{status}");
        rows.extend(fatal(&format!("HTTP {status}"), vec![json(status, &error_body(&code))], &format!("service {code}")));
    }
    for code in THROTTLING_CODES {
        rows.extend(rejected(&format!("throttling `{code}` (HTTP 400)"), vec![json(400, &error_body(code))], &format!("service {code}")));
    }
    for code in TRANSIENT_CODES {
        rows.extend(transient(&format!("transient `{code}` (HTTP 400)"), vec![json(400, &error_body(code))], &format!("service {code}")));
    }
    rows.extend(transient("connection reset before headers", vec![Fault::ResetBeforeHeaders], "transport"));
    rows.extend(transient("connection reset after headers", vec![Fault::ResetAfterHeaders], "transport"));
    rows.extend(transient("truncated body", vec![Fault::Truncated], "transport"));
    rows.extend(transient("slow headers", vec![Fault::SlowHeaders(Duration::from_secs(5))], "timeout attempt"));
    rows.extend(transient("slow body", vec![Fault::SlowBody(Duration::from_millis(60))], "timeout attempt"));
    rows.extend(transient("HTML 502 page", vec![html(502)], "response 502"));
    rows.extend(fatal("HTML 404 page", vec![html(404)], "response 404"));
    rows.extend(fatal("invalid JSON in a 200", vec![json(200, "{\"RequestId\": \"r-1\", oops")], "response 200"));
    rows.extend(fatal("200 with Success: false", vec![json(200, r#"{"RequestId":"r-sf","Success":false,"Code":"200","ErrorCode":"Application.Locked","Message":"locked"}"#)], "service Application.Locked"));
    rows.extend(rejected("200 with Success: false and Throttling.User", vec![json(200, r#"{"Success":false,"ErrorCode":"Throttling.User","Message":"slow down"}"#)], "service Throttling.User"));
    rows.extend(fatal("huge body with content-length", vec![Fault::Huge { bytes: 4 * RESPONSE_LIMIT, chunked: false }], "response 200"));
    rows.extend(fatal("huge chunked body", vec![Fault::Huge { bytes: 4 * RESPONSE_LIMIT, chunked: true }], "response 200"));
    let ok = json(200, r#"{"RequestId":"r-ok","TotalCount":3}"#);
    rows.extend([Op::Get, Op::PostToken].map(|op| row("503, 503, then 200", op, vec![json(503, &error_body("Status503")), json(503, &error_body("Status503")), ok.clone()], 3, "ok")));
    rows.push(row("503, then 200", Op::Post, vec![json(503, &error_body("Status503")), ok.clone()], 1, "service Status503"));
    rows.extend([Op::Get, Op::Post].map(|op| row("429 with Retry-After: 0, then 200", op, vec![Fault::Respond(Canned::json(429, &error_body("Throttling")).header("Retry-After", "0")), ok.clone()], 2, "ok")));
    rows.extend(fatal("429 with Retry-After beyond the operation timeout", vec![Fault::Respond(Canned::json(429, &error_body("Throttling")).header("Retry-After", "3600"))], "service Throttling"));
    rows
}

fn client(url: &str, tweak: impl FnOnce(doc2sdk::runtime::config::ConfigBuilder) -> doc2sdk::runtime::config::ConfigBuilder) -> ServiceClient {
    let builder = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new("LTAI-fault", "fault-matrix-secret"))
        .retry_config(RetryConfig::standard().with_backoff(Duration::from_millis(1), Duration::from_millis(4)))
        .jitter(Arc::new(|| 1.0))
        .connect_timeout(Duration::from_millis(500))
        .attempt_timeout(Duration::from_millis(150))
        .operation_timeout(Duration::from_secs(5))
        .max_response_bytes(RESPONSE_LIMIT);
    ServiceClient::new(&doc2sdk::esa::SERVICE, tweak(builder).build().unwrap()).unwrap()
}

/// `ok`, `service CODE`, `response STATUS`, `transport` or `timeout KIND`.
fn outcome(result: &Result<Output, SdkError<ServiceError>>) -> String {
    match result {
        Ok(_) => "ok".to_owned(),
        Err(SdkError::Service(err)) => format!("service {}", err.code()),
        Err(SdkError::Response(err)) => format!("response {}", err.status()),
        Err(SdkError::Transport(_)) => "transport".to_owned(),
        Err(SdkError::Timeout(t)) => match t.kind() {
            TimeoutKind::Connect => "timeout connect".to_owned(),
            TimeoutKind::Attempt => "timeout attempt".to_owned(),
            TimeoutKind::Operation => "timeout operation".to_owned(),
            _ => "timeout other".to_owned(),
        },
        Err(other) => format!("other {other}"),
    }
}

/// The `attempts` the call span recorded.
fn traced_attempts(capture: &TraceCapture) -> Option<usize> {
    capture.lines().iter().rev().find_map(|line| {
        let rest = line.split(" attempts=").nth(1)?;
        rest.split(' ').next()?.parse().ok()
    })
}

struct Tally {
    rows: usize,
    requests: usize,
    retries: usize,
    problems: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, op: Op, expected: (usize, &str), got: (usize, Option<usize>, String), allowed: usize) {
        self.rows += 1;
        self.requests += got.0;
        self.retries += got.0.saturating_sub(1);
        let (sent, traced, outcome) = got;
        if sent != expected.0 || outcome != expected.1 || traced != Some(sent) {
            self.problems.push(format!(
                "{name} ({op:?}): expected {} request(s) and `{}`, got {sent} request(s) (traced {traced:?}) and `{outcome}`",
                expected.0, expected.1
            ));
        }
        if sent > allowed {
            self.problems.push(format!("{name} ({op:?}): {sent} requests sent, the policy allows {allowed}"));
        }
    }
}

#[tokio::test]
async fn fault_matrix() {
    let mut tally = Tally { rows: 0, requests: 0, retries: 0, problems: Vec::new() };
    let mut table = String::new();
    for row in matrix() {
        let server = FaultServer::start(row.script.clone()).await;
        let client = client(&server.url(), |b| b);
        let capture = TraceCapture::new();
        let result = {
            let _guard = capture.set_default();
            client.call::<Output, ServiceError>(row.op.operation()).await
        };
        let allowed = if row.maybe_processed && !row.op.retry_safe() { 1 } else { MAX_ATTEMPTS };
        let got = outcome(&result);
        table.push_str(&format!("| {} | {:?} | {} | {} |\n", row.name, row.op, server.count(), got));
        tally.check(&row.name, row.op, (row.attempts, &row.outcome), (server.count(), traced_attempts(&capture), got), allowed);
    }

    // Nothing listens: the connection is refused, nothing was sent, every request is retried.
    for op in [Op::Get, Op::Post] {
        let url = refused_url().await;
        let capture = TraceCapture::new();
        let result = {
            let _guard = capture.set_default();
            client(&url, |b| b).call::<Output, ServiceError>(op.operation()).await
        };
        let attempts = traced_attempts(&capture).unwrap_or(0);
        table.push_str(&format!("| connection refused | {op:?} | {attempts} (not sent) | {} |\n", outcome(&result)));
        tally.check("connection refused", op, (MAX_ATTEMPTS, "transport"), (attempts, Some(attempts), outcome(&result)), MAX_ATTEMPTS);
    }

    // The operation timeout ends a call whose single attempt is still waiting for headers.
    {
        let server = FaultServer::start(vec![Fault::SlowHeaders(Duration::from_secs(5))]).await;
        let client = client(&server.url(), |b| {
            b.attempt_timeout(Duration::from_secs(10)).operation_timeout(Duration::from_millis(150))
        });
        let capture = TraceCapture::new();
        let result = {
            let _guard = capture.set_default();
            client.call::<Output, ServiceError>(Op::Get.operation()).await
        };
        if let Err(SdkError::Timeout(t)) = &result {
            assert_eq!(t.attempts(), 1);
            assert_eq!(t.limit(), Duration::from_millis(150));
        }
        table.push_str(&format!("| operation timeout | Get | {} | {} |\n", server.count(), outcome(&result)));
        tally.check("operation timeout", Op::Get, (1, "timeout operation"), (server.count(), traced_attempts(&capture), outcome(&result)), 1);
    }

    // A retry budget of one retry: the first call retries once, the second not at all.
    {
        let server = FaultServer::start(vec![json(500, &error_body("Status500"))]).await;
        let client = client(&server.url(), |b| {
            b.retry_budget(RetryBudgetConfig::default().with_capacity(10).with_costs(5, 10, 1))
        });
        let mut counts = Vec::new();
        for expected in [2, 1] {
            let before = server.count();
            let capture = TraceCapture::new();
            let result = {
                let _guard = capture.set_default();
                client.call::<Output, ServiceError>(Op::Get.operation()).await
            };
            let sent = server.count() - before;
            counts.push(sent);
            tally.check("retry budget", Op::Get, (expected, "service Status500"), (sent, traced_attempts(&capture), outcome(&result)), MAX_ATTEMPTS);
        }
        table.push_str(&format!("| HTTP 500, budget for one retry, two calls | Get | {counts:?} | service Status500 |\n"));
        assert_eq!(client.retry_budget_available(), 0);
    }

    // The same request goes out each time, signed afresh.
    {
        let server = FaultServer::start(vec![json(503, &error_body("Status503")), json(200, "{}")]).await;
        client(&server.url(), |b| b).call::<Output, ServiceError>(Op::PostToken.operation()).await.unwrap();
        let received = server.received();
        assert_eq!(received.len(), 2);
        assert_eq!(received[0].body, received[1].body, "a retry sends the same body and token");
        assert_ne!(received[0].headers["x-acs-signature-nonce"], received[1].headers["x-acs-signature-nonce"]);
    }

    eprintln!("| fault | request | requests sent | outcome |\n|---|---|---|---|\n{table}");
    eprintln!(
        "fault matrix: {} rows, {} requests, {} retries, {} problems",
        tally.rows, tally.requests, tally.retries, tally.problems.len()
    );
    assert!(tally.problems.is_empty(), "{} problems:\n{}", tally.problems.len(), tally.problems.join("\n"));
}
