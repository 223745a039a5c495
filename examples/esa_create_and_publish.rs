//! Create a version of an ESA edge container application and publish it.
//!
//! Credentials come from `ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (or the
//! aliyun CLI profile). Run with `cargo run -p doc2sdk-examples --example esa_create_and_publish -- APP_ID`.

use doc2sdk::esa::create_edge_container_app_version::{Container, CreateEdgeContainerAppVersionError, CreateEdgeContainerAppVersionRequest, ProbeContent, ProbeType, Spec, Storage};
use doc2sdk::esa::publish_edge_container_app_version::PublishEdgeContainerAppVersionRequest;
use doc2sdk::esa::Client;
use doc2sdk::runtime::error::SdkError;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app_id = std::env::args().nth(1).ok_or("usage: esa_create_and_publish APP_ID")?;
    let client = Client::from_env("cn-hangzhou")?;

    let container = Container::builder()
        .name("web")
        .image("registry.cn-hangzhou.aliyuncs.com/acme/web:1.0")
        .is_acr_image(false)
        .spec(Spec::V1C2G)
        .storage(Storage::V0_5G)
        .probe_type(ProbeType::HttpGet)
        .probe_content(ProbeContent::new().path("/healthz").port(8080))
        .build()?
        .command("nginx");
    let request = CreateEdgeContainerAppVersionRequest::new(app_id.clone(), "version-1", vec![container]).remarks("first version");

    let version = match client.create_edge_container_app_version(request).await {
        Ok(out) => out.version_id.unwrap_or_default(),
        Err(SdkError::Service(CreateEdgeContainerAppVersionError::NameAlreadyExists(e))) => {
            eprintln!("a version with that name exists already (request id {:?})", e.request_id());
            return Ok(());
        }
        Err(other) => return Err(other.into()),
    };
    println!("created {version}");

    let publish = PublishEdgeContainerAppVersionRequest::new(app_id, version, "prod").percentage(10);
    let out = client.publish_edge_container_app_version(publish).await?;
    println!("publishing, request id {:?}", out.request_id);
    Ok(())
}
