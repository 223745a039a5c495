//! List every SAE application page by page, then deploy one and wait for its change order.
//!
//! Credentials: `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (or the aliyun CLI
//! profile). Run with `cargo run -p doc2sdk-examples --example sae_list_applications`.

use doc2sdk::ext::sae::{wait_for_change_order, WaitPolicy};
use doc2sdk::sae::list_applications::ListApplicationsRequest;
use doc2sdk::sae::restart_application::RestartApplicationRequest;
use doc2sdk::sae::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env("cn-hangzhou")?;
    let mut pages = client.list_applications_pages(ListApplicationsRequest::new().page_size(20));
    let mut first = None;
    while let Some(page) = pages.next_page().await {
        for app in page?.data.map(|d| d.applications).unwrap_or_default() {
            println!("{} {}", app.app_id.as_deref().unwrap_or("?"), app.app_name.as_deref().unwrap_or("?"));
            first = first.or(app.app_id);
        }
    }
    if let Some(app_id) = first {
        // A `Success: false` answer arrives as the operation's typed error, like an HTTP error.
        let out = client.restart_application(RestartApplicationRequest::new(app_id)).await?;
        if let Some(change_order) = out.data.and_then(|d| d.change_order_id) {
            let (status, _) = wait_for_change_order(&client, &change_order, WaitPolicy::default()).await?;
            println!("restart finished: {status:?}");
        }
    }
    Ok(())
}
