//! Waiters: poll an operation until a documented state field reaches a success state, fail on a
//! documented failure state, stop where a person must act, back off between polls and keep a
//! deadline. The generated SDK makes one `wait_for_*` method per waiter its service settings
//! describe (`[waiters.*]` in `service.toml`, recorded in the spec as `x-doc2sdk.waiters`).

use std::future::Future;
use std::time::Duration;

use crate::error::SdkError;

/// How often and how long to poll: the first wait, growing twofold up to a ceiling, and a deadline
/// for the whole wait. Build it with [`WaitPolicy::new`] and the setters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitPolicy {
    /// The wait before the second poll.
    pub initial_delay: Duration,
    /// The longest wait between two polls.
    pub max_delay: Duration,
    /// How long the whole wait may take; the last poll happens at the deadline.
    pub timeout: Duration,
}

impl WaitPolicy {
    /// Waits of 2 s, 4 s, 8 s ... up to 30 s, for at most 30 minutes.
    pub fn new() -> Self {
        Self { initial_delay: Duration::from_secs(2), max_delay: Duration::from_secs(30), timeout: Duration::from_secs(30 * 60) }
    }

    /// Sets the wait before the second poll.
    #[must_use]
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets the longest wait between two polls.
    #[must_use]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets the deadline of the whole wait.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The wait after poll `poll` (1-based): `initial_delay * 2^(poll - 1)`, at most `max_delay`.
    pub fn delay(&self, poll: u32) -> Duration {
        let factor = 1u32 << poll.saturating_sub(1).min(20);
        self.initial_delay.saturating_mul(factor).min(self.max_delay.max(self.initial_delay))
    }
}

impl Default for WaitPolicy {
    fn default() -> Self {
        Self::new()
    }
}

/// The documented states of a waiter's state field, as its service settings class them, with
/// what the documentation says each value means.
#[derive(Clone, Copy, Debug)]
pub struct States {
    /// The operation polled and the state field (`DescribeChangeOrder`, `Data.Status`).
    pub operation: &'static str,
    pub field: &'static str,
    pub success: &'static [&'static str],
    pub failure: &'static [&'static str],
    /// States that wait for a person (a manual confirmation, an approval).
    pub needs_action: &'static [&'static str],
    /// Documented meanings of the values (`("3", "执行失败")`).
    pub meanings: &'static [(&'static str, &'static str)],
}

impl States {
    /// What the documentation says `state` means, if it says.
    pub fn meaning(&self, state: &str) -> Option<&'static str> {
        self.meanings.iter().find(|(v, _)| *v == state).map(|(_, m)| *m)
    }
}

/// A state with its documented meaning, for messages: `3 (执行失败)`.
fn shown(state: &str, meaning: Option<&str>) -> String {
    match meaning {
        Some(m) => format!("{state} ({m})"),
        None => state.to_owned(),
    }
}

/// Why a wait did not end in a success state.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError<E, R> {
    /// The state field reached a documented failure state; the last response is kept.
    #[error("`{operation}` reports `{field}` = {}: a failure state", shown(.state, *.meaning))]
    Failed { operation: &'static str, field: &'static str, state: String, meaning: Option<&'static str>, response: Box<R> },
    /// The state field reached a state that waits for a person; the last response is kept.
    #[error("`{operation}` reports `{field}` = {}: it waits for a person", shown(.state, *.meaning))]
    NeedsAction { operation: &'static str, field: &'static str, state: String, meaning: Option<&'static str>, response: Box<R> },
    /// The deadline passed first.
    #[error("`{operation}` still reports `{field}` = {} after {elapsed:?} and {polls} polls", .last.as_deref().unwrap_or("nothing"))]
    Timeout { operation: &'static str, field: &'static str, last: Option<String>, elapsed: Duration, polls: u32 },
    /// The polled operation itself failed (after the client's own retries).
    #[error("`{operation}` failed while waiting")]
    Call {
        operation: &'static str,
        #[source]
        source: SdkError<E>,
    },
}

impl<E, R> WaitError<E, R> {
    /// The last state seen, if any.
    pub fn state(&self) -> Option<&str> {
        match self {
            Self::Failed { state, .. } | Self::NeedsAction { state, .. } => Some(state),
            Self::Timeout { last, .. } => last.as_deref(),
            Self::Call { .. } => None,
        }
    }

    /// The last response, where the wait ended on one.
    pub fn response(&self) -> Option<&R> {
        match self {
            Self::Failed { response, .. } | Self::NeedsAction { response, .. } => Some(response),
            _ => None,
        }
    }
}

/// Calls `call` until `state_of` its response is a success state (returning that response), a
/// failure or needs-action state, or the deadline passes. A response without the state field
/// counts as still pending.
pub async fn wait<R, E, F, Fut>(policy: WaitPolicy, states: &States, mut call: F, state_of: impl Fn(&R) -> Option<String>) -> Result<R, WaitError<E, R>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, SdkError<E>>>,
{
    let started = tokio::time::Instant::now();
    let deadline = started + policy.timeout;
    let mut last = None;
    let mut polls = 0;
    loop {
        polls += 1;
        let out = call().await.map_err(|source| WaitError::Call { operation: states.operation, source })?;
        if let Some(state) = state_of(&out) {
            let meaning = states.meaning(&state);
            if states.success.contains(&state.as_str()) {
                return Ok(out);
            }
            if states.failure.contains(&state.as_str()) {
                return Err(WaitError::Failed { operation: states.operation, field: states.field, state, meaning, response: Box::new(out) });
            }
            if states.needs_action.contains(&state.as_str()) {
                return Err(WaitError::NeedsAction { operation: states.operation, field: states.field, state, meaning, response: Box::new(out) });
            }
            last = Some(state);
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Err(WaitError::Timeout { operation: states.operation, field: states.field, last, elapsed: now - started, polls });
        }
        tokio::time::sleep(policy.delay(polls).min(deadline - now)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_ceiling() {
        let policy = WaitPolicy::new().initial_delay(Duration::from_secs(1)).max_delay(Duration::from_secs(5));
        let delays: Vec<u64> = (1..=6).map(|poll| policy.delay(poll).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 5, 5, 5]);
        assert_eq!(WaitPolicy::new().delay(u32::MAX), Duration::from_secs(30));
        let flat = WaitPolicy::new().initial_delay(Duration::from_secs(9)).max_delay(Duration::from_secs(1));
        assert_eq!(flat.delay(3), Duration::from_secs(9));
    }
}
