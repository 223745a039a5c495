//! When a failed attempt is tried again, and after how long.
//!
//! Three small pieces, each a pure function or a plain value so they can be tested alone:
//! [`classify`] reads a failure through a table of statuses and error codes, [`backoff`] computes
//! the delay (exponential, full jitter, the jitter passed in), and [`RetryBudget`] caps how many
//! retries a client may spend while a service is failing. [`decide`] combines them with the
//! operation's idempotency and the `Retry-After` header.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Error codes that mean "slow down": the request was rejected before it was processed, so it
/// is safe to send again whether or not the operation is idempotent.
///
/// Alibaba Cloud answers throttling with `Throttling*` codes (and `ServiceUnavailable` from its
/// gateways); Huawei Cloud's API gateway uses `APIG(W).0308`.
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
    "Throttling.System",
    "Throttling.Concurrent",
    "ServiceUnavailable",
    "RequestThrottled",
    "TooManyRequests",
    "APIG.0308",
    "APIGW.0308",
];

/// Error codes of transient server failures: the request may or may not have been processed.
pub const TRANSIENT_CODES: &[&str] = &[
    "InternalError",
    "ServiceTimeout",
    "UnknownError",
    "SystemBusy",
    "System.Busy",
];

/// Error codes that say the signing time is too far from the server's clock.
pub const CLOCK_SKEW_CODES: &[&str] = &[
    "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format",
    "RequestTimeTooSkewed",
];

/// HTTP statuses that mean "slow down" whatever the body says.
pub const THROTTLING_STATUSES: &[u16] = &[429];

/// HTTP statuses of transient server or gateway failures.
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Why a failed attempt may be worth another try.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// The request never left this process (for example, the connection was refused); always
    /// safe to send again.
    NotSent,
    /// The service rejected the request to slow the caller down; it was not processed.
    Throttled,
    /// The signature was rejected because the local clock is off; the request was not processed,
    /// and the next attempt signs with the server's time.
    ClockSkew,
    /// A server error, a reset connection or a timeout after the request was sent: it may have
    /// been processed, so only idempotent operations are retried.
    Transient,
}

impl RetryKind {
    /// Whether a request of this kind may be repeated for an operation that is not idempotent.
    pub fn safe_for_any_operation(self) -> bool {
        !matches!(self, RetryKind::Transient)
    }

    /// How many budget tokens one retry of this kind costs; timeouts and resets cost more since
    /// they tie up connections.
    fn cost(self, budget: &RetryBudgetConfig) -> u32 {
        match self {
            RetryKind::Transient => budget.transient_cost,
            RetryKind::NotSent | RetryKind::Throttled | RetryKind::ClockSkew => budget.retry_cost,
        }
    }

    /// A label for traces.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryKind::NotSent => "not_sent",
            RetryKind::Throttled => "throttled",
            RetryKind::ClockSkew => "clock_skew",
            RetryKind::Transient => "transient",
        }
    }
}

/// What went wrong with one attempt, as much as classification needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure<'a> {
    /// The connection could not be established; nothing was sent.
    Connect,
    /// The connection failed after the request may have been written (reset, truncated body).
    Io,
    /// The attempt timed out (connect, headers or body).
    Timeout,
    /// The service answered with an error status, with the error code when the body had one.
    Response {
        /// The HTTP status.
        status: u16,
        /// The vendor's error code, if the body was an error body.
        code: Option<&'a str>,
        /// Whether the server's `Date` differs from the signing time by more than
        /// [`MAX_CLOCK_SKEW`].
        clock_skewed: bool,
    },
}

/// How far the signing time may be from the server's clock before a rejection is blamed on it;
/// both vendors reject signatures more than 15 minutes off.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// The retry table: which failures are retryable and why. `None` means never retry.
pub fn classify(failure: Failure<'_>) -> Option<RetryKind> {
    match failure {
        Failure::Connect => Some(RetryKind::NotSent),
        Failure::Io | Failure::Timeout => Some(RetryKind::Transient),
        Failure::Response {
            status,
            code,
            clock_skewed,
        } => {
            let code_in = |table: &[&str]| code.is_some_and(|c| table.contains(&c));
            if clock_skewed && (code_in(CLOCK_SKEW_CODES) || status == 401 || status == 403) {
                Some(RetryKind::ClockSkew)
            } else if THROTTLING_STATUSES.contains(&status) || code_in(THROTTLING_CODES) {
                Some(RetryKind::Throttled)
            } else if TRANSIENT_STATUSES.contains(&status) || code_in(TRANSIENT_CODES) {
                Some(RetryKind::Transient)
            } else {
                None
            }
        }
    }
}

/// Exponential backoff with full jitter: `jitter * min(max, initial * 2^(retry - 1))`, where
/// `retry` counts from 1 for the first retry and `jitter` is drawn uniformly from `[0, 1]`.
///
/// Pure, so tests pass `jitter` in; the client draws it from its configured source.
pub fn backoff(retry: u32, initial: Duration, max: Duration, jitter: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(31);
    let ceiling = initial
        .checked_mul(1u32 << exponent)
        .map_or(max, |d| d.min(max));
    ceiling.mul_f64(jitter.clamp(0.0, 1.0))
}

/// How many attempts a call may make and how long it waits between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in total, the first included; `1` disables retries.
    pub max_attempts: u32,
    /// The ceiling of the first retry's delay.
    pub initial_backoff: Duration,
    /// The largest delay between two attempts (`Retry-After` excepted, see [`decide`]).
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// Three attempts, delays drawn below 100 ms, 200 ms, ... up to 20 s.
    pub const fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt only.
    pub const fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the number of attempts (at least one is always made).
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Sets the first retry's delay ceiling and the largest delay.
    pub const fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// The costs and capacity of a [`RetryBudget`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryBudgetConfig {
    /// Tokens the budget starts with and never exceeds.
    pub capacity: u32,
    /// Tokens one retry of a throttled, unsent or clock-skewed request costs.
    pub retry_cost: u32,
    /// Tokens one retry after a transient failure (5xx, reset, timeout) costs.
    pub transient_cost: u32,
    /// Tokens a successful call returns.
    pub success_refund: u32,
}

impl RetryBudgetConfig {
    /// Sets the capacity.
    pub const fn with_capacity(mut self, capacity: u32) -> Self {
        self.capacity = capacity;
        self
    }

    /// Sets the cost of a retry after a rejection, the cost of one after a transient failure,
    /// and the refund of a success.
    pub const fn with_costs(mut self, retry: u32, transient: u32, refund: u32) -> Self {
        self.retry_cost = retry;
        self.transient_cost = transient;
        self.success_refund = refund;
        self
    }
}

impl Default for RetryBudgetConfig {
    /// The AWS SDKs' standard mode: 500 tokens, 5 per retry, 10 per retry after a timeout, 1 back
    /// per success; a client that only fails stops retrying after about 50 retries.
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            transient_cost: 10,
            success_refund: 1,
        }
    }
}

/// A token bucket shared by every call of one client (and its clones), so that when a service is
/// down the client does not multiply its load by the number of attempts.
#[derive(Debug)]
pub struct RetryBudget {
    config: RetryBudgetConfig,
    tokens: AtomicU32,
}

impl RetryBudget {
    /// A full budget.
    pub fn new(config: RetryBudgetConfig) -> Self {
        Self {
            config,
            tokens: AtomicU32::new(config.capacity),
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Takes the cost of one retry of `kind`; `false` (and nothing taken) when too few are left.
    pub fn try_withdraw(&self, kind: RetryKind) -> bool {
        let cost = kind.cost(&self.config);
        self.tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                tokens.checked_sub(cost)
            })
            .is_ok()
    }

    /// Returns tokens after a successful call, up to the capacity.
    pub fn refund(&self) {
        let (refund, capacity) = (self.config.success_refund, self.config.capacity);
        let _ = self
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                Some(tokens.saturating_add(refund).min(capacity))
            });
    }
}

/// Everything [`decide`] weighs.
#[derive(Clone, Copy, Debug)]
pub struct Attempted {
    /// The attempt that just failed, counting from 1.
    pub attempt: u32,
    /// Its classification, `None` when not retryable.
    pub kind: Option<RetryKind>,
    /// Whether the operation is idempotent or carries an idempotency token.
    pub idempotent: bool,
    /// The server's `Retry-After`, if it sent one.
    pub retry_after: Option<Duration>,
    /// Time left before the operation timeout.
    pub remaining: Duration,
    /// A draw from `[0, 1]` for the backoff.
    pub jitter: f64,
}

/// The verdict on a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Sleep this long, then try again.
    Retry(Duration),
    /// Return the error; the reason is for traces.
    GiveUp(&'static str),
}

/// Decides whether to retry, without touching the budget (the caller withdraws from it only
/// when this says retry).
///
/// The delay is the jittered backoff, raised to `Retry-After` when the server asked for longer;
/// if that wait would outlast the operation timeout, the call gives up at once rather than sleep
/// into a timeout.
pub fn decide(config: &RetryConfig, attempted: Attempted) -> Decision {
    let Some(kind) = attempted.kind else {
        return Decision::GiveUp("not retryable");
    };
    if !attempted.idempotent && !kind.safe_for_any_operation() {
        return Decision::GiveUp("not idempotent");
    }
    if attempted.attempt >= config.max_attempts {
        return Decision::GiveUp("attempts exhausted");
    }
    let mut delay = backoff(
        attempted.attempt,
        config.initial_backoff,
        config.max_backoff,
        attempted.jitter,
    );
    if kind == RetryKind::ClockSkew {
        // Nothing to wait for: the next attempt is signed with the corrected clock.
        delay = Duration::ZERO;
    }
    if let Some(retry_after) = attempted.retry_after {
        delay = delay.max(retry_after);
    }
    if delay >= attempted.remaining {
        return Decision::GiveUp("retry delay exceeds the operation timeout");
    }
    Decision::Retry(delay)
}

/// Reads `Retry-After`: delay-seconds, or an HTTP date relative to `now`. Dates in the past mean
/// no wait; anything unreadable is ignored.
pub fn parse_retry_after(value: &str, now: time::OffsetDateTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(Duration::try_from(at - now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`, the only form servers may send
/// in `Date` and `Retry-After`.
pub fn parse_http_date(value: &str) -> Option<time::OffsetDateTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value.trim(), format)
        .ok()
        .map(time::PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    fn response(status: u16, code: Option<&str>) -> Failure<'_> {
        Failure::Response {
            status,
            code,
            clock_skewed: false,
        }
    }

    #[test]
    fn classification_table() {
        use RetryKind::*;
        let cases: &[(Failure<'_>, Option<RetryKind>)] = &[
            (Failure::Connect, Some(NotSent)),
            (Failure::Io, Some(Transient)),
            (Failure::Timeout, Some(Transient)),
            (response(429, None), Some(Throttled)),
            (response(400, Some("Throttling.User")), Some(Throttled)),
            (response(503, Some("ServiceUnavailable")), Some(Throttled)),
            (response(429, Some("APIGW.0308")), Some(Throttled)),
            (response(500, None), Some(Transient)),
            (response(502, None), Some(Transient)),
            (response(503, None), Some(Transient)),
            (response(504, None), Some(Transient)),
            (response(200, Some("InternalError")), Some(Transient)),
            (response(400, Some("InvalidParameter")), None),
            (response(403, Some("Forbidden.RAM")), None),
            (response(404, None), None),
            (response(501, None), None),
            (response(400, Some("InvalidTimeStamp.Expired")), None),
            (
                Failure::Response {
                    status: 400,
                    code: Some("InvalidTimeStamp.Expired"),
                    clock_skewed: true,
                },
                Some(ClockSkew),
            ),
            (
                Failure::Response {
                    status: 401,
                    code: Some("APIG.0301"),
                    clock_skewed: true,
                },
                Some(ClockSkew),
            ),
            (
                Failure::Response {
                    status: 400,
                    code: Some("InvalidParameter"),
                    clock_skewed: true,
                },
                None,
            ),
        ];
        for (failure, expected) in cases {
            assert_eq!(classify(*failure), *expected, "{failure:?}");
        }
    }

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let cases = [
            (1, 1.0, MS(100)),
            (2, 1.0, MS(200)),
            (3, 1.0, MS(400)),
            (3, 0.5, MS(200)),
            (3, 0.0, MS(0)),
            (10, 1.0, MS(1000)),
            (40, 1.0, MS(1000)),
            (u32::MAX, 1.0, MS(1000)),
            (1, 7.0, MS(100)),
            (1, -1.0, MS(0)),
        ];
        for (retry, jitter, expected) in cases {
            assert_eq!(
                backoff(retry, MS(100), MS(1000), jitter),
                expected,
                "retry {retry}, jitter {jitter}"
            );
        }
    }

    fn attempted(attempt: u32, kind: Option<RetryKind>, idempotent: bool) -> Attempted {
        Attempted {
            attempt,
            kind,
            idempotent,
            retry_after: None,
            remaining: Duration::from_secs(60),
            jitter: 1.0,
        }
    }

    #[test]
    fn decisions() {
        let config = RetryConfig::standard();
        use RetryKind::*;
        let cases = [
            (attempted(1, None, true), Decision::GiveUp("not retryable")),
            (attempted(1, Some(Transient), false), Decision::GiveUp("not idempotent")),
            (attempted(1, Some(Transient), true), Decision::Retry(MS(100))),
            (attempted(2, Some(Transient), true), Decision::Retry(MS(200))),
            (attempted(3, Some(Transient), true), Decision::GiveUp("attempts exhausted")),
            (attempted(1, Some(Throttled), false), Decision::Retry(MS(100))),
            (attempted(1, Some(NotSent), false), Decision::Retry(MS(100))),
            (attempted(1, Some(ClockSkew), false), Decision::Retry(MS(0))),
            (
                Attempted {
                    retry_after: Some(Duration::from_secs(2)),
                    ..attempted(1, Some(Throttled), false)
                },
                Decision::Retry(Duration::from_secs(2)),
            ),
            (
                Attempted {
                    retry_after: Some(MS(10)),
                    ..attempted(2, Some(Throttled), false)
                },
                Decision::Retry(MS(200)),
            ),
            (
                Attempted {
                    retry_after: Some(Duration::from_secs(120)),
                    ..attempted(1, Some(Throttled), false)
                },
                Decision::GiveUp("retry delay exceeds the operation timeout"),
            ),
        ];
        for (attempted, expected) in cases {
            assert_eq!(decide(&config, attempted), expected, "{attempted:?}");
        }
        let once = RetryConfig::disabled();
        assert_eq!(
            decide(&once, attempted(1, Some(NotSent), true)),
            Decision::GiveUp("attempts exhausted")
        );
        assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts, 1);
    }

    #[test]
    fn budget_runs_out_and_refills() {
        let budget = RetryBudget::new(RetryBudgetConfig::default().with_capacity(20));
        assert!(budget.try_withdraw(RetryKind::Transient));
        assert!(budget.try_withdraw(RetryKind::Throttled));
        assert!(budget.try_withdraw(RetryKind::NotSent));
        assert_eq!(budget.available(), 0);
        assert!(!budget.try_withdraw(RetryKind::NotSent));
        budget.refund();
        assert_eq!(budget.available(), 1);
        for _ in 0..100 {
            budget.refund();
        }
        assert_eq!(budget.available(), 20);
        assert!(budget.try_withdraw(RetryKind::Transient));
        assert_eq!(budget.available(), 10);
    }

    #[test]
    fn retry_after_forms() {
        let now = time::macros::datetime!(2025-01-02 03:04:05 UTC);
        let cases = [
            ("3", Some(Duration::from_secs(3))),
            (" 0 ", Some(Duration::ZERO)),
            ("Thu, 02 Jan 2025 03:04:15 GMT", Some(Duration::from_secs(10))),
            ("Thu, 02 Jan 2025 03:00:00 GMT", Some(Duration::ZERO)),
            ("-1", None),
            ("soon", None),
            ("", None),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_retry_after(value, now), expected, "{value:?}");
        }
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(time::macros::datetime!(1994-11-06 08:49:37 UTC))
        );
    }
}
