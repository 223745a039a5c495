//! SAE change orders (发布单): their status as an enum and a waiter that polls
//! `DescribeChangeOrder` until the change order succeeds, and fails when it ends in a documented
//! failure state.

use std::time::{Duration, Instant};

use doc2sdk::runtime::error::SdkError;
use doc2sdk::sae::describe_change_order::{DescribeChangeOrderError, DescribeChangeOrderRequest, DescribeChangeOrderResponse};
use doc2sdk::sae::Client;

/// The status of a change order, as the `DescribeChangeOrder` section of the SAE reference
/// (API 2019-05-06) lists it for `Data.Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeOrderStatus {
    /// `0` 准备: preparing.
    Preparing,
    /// `1` 执行中: running.
    Running,
    /// `2` 执行成功: succeeded.
    Succeeded,
    /// `3` 执行失败: failed.
    Failed,
    /// `6` 终止: terminated.
    Terminated,
    /// `8` 等待手工确认分批: waiting for a manual confirmation of the next batch.
    AwaitingManualConfirmation,
    /// `9` 等待自动确认分批: waiting for the automatic confirmation of the next batch.
    AwaitingAutomaticConfirmation,
    /// `10` 系统异常执行失败: failed because of a system error.
    SystemFailure,
    /// `11` 等待审批: waiting for approval.
    AwaitingApproval,
    /// `12` 审批通过，等待执行: approved, waiting to run.
    Approved,
    /// A status this SDK does not know yet.
    Unknown(i32),
}

impl ChangeOrderStatus {
    /// The status of a documented code; any other code is kept as `Unknown`.
    pub fn from_code(code: i32) -> Self {
        match code {
            0 => Self::Preparing,
            1 => Self::Running,
            2 => Self::Succeeded,
            3 => Self::Failed,
            6 => Self::Terminated,
            8 => Self::AwaitingManualConfirmation,
            9 => Self::AwaitingAutomaticConfirmation,
            10 => Self::SystemFailure,
            11 => Self::AwaitingApproval,
            12 => Self::Approved,
            other => Self::Unknown(other),
        }
    }

    /// Whether the change order will not change any more by itself. A manual confirmation or an
    /// approval needs a person: the waiter stops there too and says so.
    pub fn is_final(self) -> bool {
        self.is_success() || self.is_failure()
    }

    /// Whether the change order succeeded (`2` 执行成功).
    pub fn is_success(self) -> bool {
        self == Self::Succeeded
    }

    /// Whether the change order ended without succeeding: `3` 执行失败, `6` 终止 or `10`
    /// 系统异常执行失败.
    pub fn is_failure(self) -> bool {
        matches!(self, Self::Failed | Self::Terminated | Self::SystemFailure)
    }

    /// Whether the change order waits for a person.
    pub fn needs_action(self) -> bool {
        matches!(self, Self::AwaitingManualConfirmation | Self::AwaitingApproval)
    }

    /// The documented code, e.g. `3` for [`ChangeOrderStatus::Failed`].
    pub fn code(self) -> i32 {
        match self {
            Self::Preparing => 0,
            Self::Running => 1,
            Self::Succeeded => 2,
            Self::Failed => 3,
            Self::Terminated => 6,
            Self::AwaitingManualConfirmation => 8,
            Self::AwaitingAutomaticConfirmation => 9,
            Self::SystemFailure => 10,
            Self::AwaitingApproval => 11,
            Self::Approved => 12,
            Self::Unknown(code) => code,
        }
    }
}

/// Why waiting for a change order did not end in its success.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError {
    /// The change order ended in a failure state ([`ChangeOrderStatus::is_failure`]); its last
    /// description, with the service's `ErrorMessage`, is in `response`.
    #[error("change order `{change_order_id}` ended {status:?} (status {code}){}", error_message(.response))]
    Failed {
        change_order_id: String,
        status: ChangeOrderStatus,
        code: i32,
        response: Box<DescribeChangeOrderResponse>,
    },
    /// The deadline passed first.
    #[error("change order `{change_order_id}` still {last:?} after {elapsed:?} and {polls} polls")]
    Timeout { change_order_id: String, last: Option<ChangeOrderStatus>, elapsed: Duration, polls: u32 },
    /// The change order waits for a person (a manual batch confirmation or an approval).
    #[error("change order `{change_order_id}` waits for a person: {status:?}")]
    NeedsAction { change_order_id: String, status: ChangeOrderStatus },
    /// `DescribeChangeOrder` itself failed (after the client's own retries).
    #[error("describing change order `{change_order_id}` failed")]
    Describe {
        change_order_id: String,
        #[source]
        source: SdkError<DescribeChangeOrderError>,
    },
}

fn error_message(response: &DescribeChangeOrderResponse) -> String {
    match response.data.as_ref().and_then(|d| d.error_message.as_deref()).filter(|m| !m.is_empty()) {
        Some(message) => format!(": {message}"),
        None => String::new(),
    }
}

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

/// Polls `DescribeChangeOrder` until the change order succeeds and returns its last description.
/// A documented failure state (failed, terminated, system failure) is [`WaitError::Failed`]; a
/// state that needs a person is [`WaitError::NeedsAction`]; the deadline is
/// [`WaitError::Timeout`].
pub async fn wait_for_change_order(client: &Client, change_order_id: &str, policy: WaitPolicy) -> Result<DescribeChangeOrderResponse, WaitError> {
    let started = Instant::now();
    let deadline = started + policy.timeout;
    let mut last = None;
    let mut polls = 0;
    loop {
        polls += 1;
        let out = client
            .describe_change_order(DescribeChangeOrderRequest::new(change_order_id))
            .await
            .map_err(|source| WaitError::Describe { change_order_id: change_order_id.to_owned(), source })?;
        let status = out.data.as_ref().and_then(|d| d.status).map(ChangeOrderStatus::from_code);
        if let Some(status) = status {
            if status.is_success() {
                return Ok(out);
            }
            if status.is_failure() {
                return Err(WaitError::Failed { change_order_id: change_order_id.to_owned(), status, code: status.code(), response: Box::new(out) });
            }
            if status.needs_action() {
                return Err(WaitError::NeedsAction { change_order_id: change_order_id.to_owned(), status });
            }
        }
        last = status.or(last);
        let now = Instant::now();
        if now >= deadline {
            return Err(WaitError::Timeout { change_order_id: change_order_id.to_owned(), last, elapsed: now - started, polls });
        }
        tokio::time::sleep(policy.delay(polls).min(deadline - now)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_has_a_meaning() {
        let documented = [0, 1, 2, 3, 6, 8, 9, 10, 11, 12];
        for code in documented {
            assert!(!matches!(ChangeOrderStatus::from_code(code), ChangeOrderStatus::Unknown(_)), "{code}");
        }
        assert_eq!(ChangeOrderStatus::from_code(7), ChangeOrderStatus::Unknown(7));
        let finals: Vec<i32> = documented.into_iter().filter(|c| ChangeOrderStatus::from_code(*c).is_final()).collect();
        assert_eq!(finals, [2, 3, 6, 10]);
        let failures: Vec<i32> = documented.into_iter().filter(|c| ChangeOrderStatus::from_code(*c).is_failure()).collect();
        assert_eq!(failures, [3, 6, 10]);
        for code in documented.into_iter().chain([7, -1]) {
            assert_eq!(ChangeOrderStatus::from_code(code).code(), code);
        }
    }

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
