//! List every SAE application (a stream over the pages), then deploy one and wait for its change order.
//!
//! Region: `ALIBABA_CLOUD_REGION_ID`. Credentials: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (or the aliyun CLI
//! profile). Run with `cargo run -p doc2sdk-examples --example sae_list_applications`.

use std::time::Duration;

use futures_util::TryStreamExt;

use doc2sdk::runtime::waiter::{WaitError, WaitPolicy};
use doc2sdk::sae::describe_change_order::DescribeChangeOrderRequest;
use doc2sdk::sae::list_applications::ListApplicationsRequest;
use doc2sdk::sae::restart_application::RestartApplicationRequest;
use doc2sdk::sae::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The region from `ALIBABA_CLOUD_REGION_ID`; one the SAE documents do not list is an error
    // naming the nine they do.
    let client = Client::from_default_env()?;
    // A `Stream` of the applications of every page; each page is one request, sent as the stream
    // is read (`list_applications_pages` streams whole responses).
    let mut apps = client.list_applications_items(ListApplicationsRequest::new().page_size(20));
    let mut first = None;
    while let Some(app) = apps.try_next().await? {
        println!("{} {}", app.app_id.as_deref().unwrap_or("?"), app.app_name.as_deref().unwrap_or("?"));
        first = first.or(app.app_id);
    }
    if let Some(app_id) = first {
        // A `Success: false` answer arrives as the operation's typed error, like an HTTP error.
        let out = client.restart_application(RestartApplicationRequest::new(app_id)).await?;
        if let Some(change_order) = out.data.and_then(|d| d.change_order_id) {
            // Polls with backoff until the change order succeeds; a documented failure state
            // (failed, terminated, system failure) is `WaitError::Failed` with the last response,
            // the deadline `WaitError::Timeout`. The waiter is generated from `[waiters]` in
            // docs/sae/service.toml and the states `DescribeChangeOrder` documents.
            let policy = WaitPolicy::new().max_delay(Duration::from_secs(15)).timeout(Duration::from_secs(10 * 60));
            match client.wait_for_change_order(DescribeChangeOrderRequest::new(change_order), policy).await {
                Ok(_) => println!("restart succeeded"),
                Err(err @ WaitError::Failed { .. }) => {
                    eprintln!("restart did not succeed: {err}");
                    return Err(err.into());
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
    Ok(())
}
