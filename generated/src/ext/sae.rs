//! SAE change orders (发布单): their status as an enum and a waiter that polls
//! `DescribeChangeOrder` until the change order finishes.

use std::time::{Duration, Instant};

use crate::runtime::error::SdkError;
use crate::sae::describe_change_order::{DescribeChangeOrderError, DescribeChangeOrderRequest, DescribeChangeOrderResponse};
use crate::sae::Client;

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
        matches!(self, Self::Succeeded | Self::Failed | Self::Terminated | Self::SystemFailure)
    }

    /// Whether the change order waits for a person.
    pub fn needs_action(self) -> bool {
        matches!(self, Self::AwaitingManualConfirmation | Self::AwaitingApproval)
    }
}

/// Why waiting for a change order ended without it finishing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaitError {
    #[error("change order `{change_order_id}` still {last:?} after {elapsed:?}")]
    Timeout { change_order_id: String, last: Option<ChangeOrderStatus>, elapsed: Duration },
    #[error("change order `{change_order_id}` waits for a person: {status:?}")]
    NeedsAction { change_order_id: String, status: ChangeOrderStatus },
    #[error("describing change order `{change_order_id}` failed")]
    Describe {
        change_order_id: String,
        #[source]
        source: SdkError<DescribeChangeOrderError>,
    },
}

/// How often and how long to poll.
#[derive(Clone, Copy, Debug)]
pub struct WaitPolicy {
    pub interval: Duration,
    pub timeout: Duration,
}

impl Default for WaitPolicy {
    fn default() -> Self {
        Self { interval: Duration::from_secs(5), timeout: Duration::from_secs(30 * 60) }
    }
}

/// Polls `DescribeChangeOrder` until the change order is final (or waits for a person), and
/// returns its last description with the status.
pub async fn wait_for_change_order(client: &Client, change_order_id: &str, policy: WaitPolicy) -> Result<(ChangeOrderStatus, DescribeChangeOrderResponse), WaitError> {
    let started = Instant::now();
    let mut last = None;
    loop {
        let out = client
            .describe_change_order(DescribeChangeOrderRequest::new(change_order_id))
            .await
            .map_err(|source| WaitError::Describe { change_order_id: change_order_id.to_owned(), source })?;
        let status = out.data.as_ref().and_then(|d| d.status).map(ChangeOrderStatus::from_code);
        if let Some(status) = status {
            if status.is_final() {
                return Ok((status, out));
            }
            if status.needs_action() {
                return Err(WaitError::NeedsAction { change_order_id: change_order_id.to_owned(), status });
            }
        }
        last = status.or(last);
        let elapsed = started.elapsed();
        if elapsed + policy.interval > policy.timeout {
            return Err(WaitError::Timeout { change_order_id: change_order_id.to_owned(), last, elapsed });
        }
        tokio::time::sleep(policy.interval).await;
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
    }
}
