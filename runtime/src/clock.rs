//! The replaceable sources of time, nonces and jitter, so tests sign and wait reproducibly.

use std::sync::Arc;

use time::OffsetDateTime;

/// Produces the time a request is signed at; replaceable so tests can sign reproducibly.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// Produces the unique nonce of each request; replaceable so tests can sign reproducibly.
pub type NonceSource = Arc<dyn Fn() -> String + Send + Sync>;

/// Produces the backoff jitter, a number in `[0, 1]`; replaceable so tests can wait exactly.
pub type JitterSource = Arc<dyn Fn() -> f64 + Send + Sync>;
