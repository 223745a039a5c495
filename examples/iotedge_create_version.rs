//! Create a version of a Huawei Cloud IoTEdge edge application.
//!
//! Credentials: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID` (or
//! `~/.huaweicloud/credentials`). Run with
//! `cargo run -p doc2sdk-examples --example iotedge_create_version -- EDGE_APP_ID`.

use doc2sdk::iotedge::create_edge_app_version::CreateEdgeAppVersionRequest;
use doc2sdk::iotedge::types::{ContainerSettingsDto, ProbeDto};
use doc2sdk::iotedge::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let edge_app_id = std::env::args().nth(1).ok_or("usage: iotedge_create_version EDGE_APP_ID")?;
    let client = Client::from_env("cn-north-4")?;
    let settings = ContainerSettingsDto::new("swr.cn-north-4.myhuaweicloud.com/acme/agent:1.0.0");
    // `project_id` comes from the credentials unless the request sets it.
    let request = CreateEdgeAppVersionRequest::builder()
        .edge_app_id(edge_app_id)
        .version("1.0.0")
        .container_settings(settings)
        .arch(vec!["x86_64".to_owned()])
        .build()?
        .description("first version")
        .liveness_probe(ProbeDto::new(10, 3));
    let out = client.create_edge_app_version(request).await?;
    println!("created version {:?} in state {:?}", out.version, out.state);
    Ok(())
}
