//! `cargo bench -p doc2sdk-examples --bench runtime`: what the runtime costs per request, without a network.
//!
//! - `sign_serialize`: an assembled operation (the parameters generated code builds) to the
//!   signed request handed to the HTTP client: body encoding, standard headers, signature. The
//!   official SDKs' `signer` level in `bench/python_sign.py` does the same steps.
//! - `client_request`: a typed request through the generated client method (validation,
//!   parameters, signing) answered by a `Replay` with the documented example, which is decoded:
//!   the SDK's whole per-call cost. `bench/python_sign.py`'s `client_request` stops earlier, at the
//!   HTTP library, so this side does more work.
//! - `deserialize`: response interpretation (`response::parse`: status, `Success` flag, output
//!   type) of the documented example and of list responses scaled up to about 2.5 MB.

use std::sync::Arc;

use divan::{black_box, Bencher};
use doc2sdk::esa::create_edge_container_app_version::{
    Container, CreateEdgeContainerAppVersionRequest, CreateEdgeContainerAppVersionResponse,
    ProbeContent, ProbeType, Spec, Storage,
};
use doc2sdk::runtime::client::{Body, Operation, ServiceClient};
use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::ServiceError;
use doc2sdk::runtime::http::HttpResponse;
use doc2sdk::runtime::params::Params;
use doc2sdk::runtime::response;
use doc2sdk::runtime::service::{ApiStyle, ServiceInfo, Vendor};
use doc2sdk::runtime::signing::SigningScheme;
use doc2sdk::runtime::test_util::Replay;

fn main() {
    divan::main();
}

static IOTEDGE: ServiceInfo = ServiceInfo::new(
    "iotedge",
    "v2",
    ApiStyle::Roa,
    "iotedge-api.{region}.myhuaweicloud.com",
    SigningScheme::SdkHmacSha256,
);

const ESA_SPEC: &str = include_str!("../../spec/openapi/esa-2024-09-10.json");

const SCHEMES: [SigningScheme; 4] = [
    SigningScheme::Acs3HmacSha256,
    SigningScheme::AcsRoaHmacSha1,
    SigningScheme::AcsRpcHmacSha1,
    SigningScheme::SdkHmacSha256,
];

fn client(service: &'static ServiceInfo, scheme: SigningScheme, replay: Replay) -> ServiceClient {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(
            Credentials::new("LTAI5tBenchAccessKey", "bench-secret-not-real")
                .with_project_id("0123456789abcdef0123456789abcdef"),
        )
        .signing_scheme(scheme)
        .replay(replay)
        .build()
        .expect("config");
    ServiceClient::new(service, config).expect("client")
}

/// The same request as `bench/python_sign.py`: CreateEdgeContainerAppVersion with one container.
fn esa_request() -> CreateEdgeContainerAppVersionRequest {
    let container = Container::builder()
        .name("web")
        .image("registry.cn-hangzhou.aliyuncs.com/acme/web:1.0")
        .is_acr_image(false)
        .spec(Spec::V1C2G)
        .storage(Storage::V0_5G)
        .probe_type(ProbeType::HttpGet)
        .probe_content(ProbeContent::new().path("/healthz").port(8080))
        .build()
        .expect("every required field is set");
    CreateEdgeContainerAppVersionRequest::new("app-88068867578379****", "version-1", vec![container])
        .remarks("first version")
}

/// The operation generated code builds for [`esa_request`] (form parameters, JSON containers),
/// or for Huawei the IoTEdge `CreateEdgeApplicationVersion` JSON body.
fn operation(scheme: SigningScheme) -> Operation {
    if scheme == SigningScheme::SdkHmacSha256 {
        return Operation::new("CreateEdgeAppVersion", "POST", "/v2/{project_id}/edge-apps/app-1/versions")
            .with_body(Body::Json(br#"{"version":"1.0.0","description":"bench","deploy_type":"docker"}"#.to_vec()));
    }
    let request = esa_request();
    let mut params = Params::new();
    params.push("AppId", request.app_id.as_str());
    params.push("Name", request.name.as_str());
    params.push("Remarks", "first version");
    params.push_json("Containers", &request.containers).expect("json");
    Operation::new("CreateEdgeContainerAppVersion", "POST", "/")
        .with_body(Body::Form(params.into_vec()))
}

#[divan::bench(args = SCHEMES)]
fn sign_serialize(bencher: Bencher, scheme: SigningScheme) {
    let service = if scheme == SigningScheme::SdkHmacSha256 { &IOTEDGE } else { &doc2sdk::esa::SERVICE };
    let client = client(service, scheme, Replay::new().forget_requests());
    let op = operation(scheme);
    bencher.bench_local(|| client.signed_request(black_box(&op)).expect("signed"));
}

#[divan::bench(args = [SigningScheme::Acs3HmacSha256, SigningScheme::AcsRpcHmacSha1])]
fn client_request_esa(bencher: Bencher, scheme: SigningScheme) {
    let replay = Replay::new()
        .forget_requests()
        .with_documented_examples(ESA_SPEC)
        .expect("spec");
    let client = doc2sdk::esa::Client::new(
        Config::builder()
            .region("cn-hangzhou")
            .credentials(Credentials::new("LTAI5tBenchAccessKey", "bench-secret-not-real"))
            .signing_scheme(scheme)
            .replay(replay)
            .build()
            .expect("config"),
    )
    .expect("client");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
    let request = esa_request();
    bencher.bench_local(|| {
        runtime
            .block_on(client.create_edge_container_app_version(black_box(request.clone())))
            .expect("replayed")
    });
}

#[divan::bench]
fn client_request_huawei(bencher: Bencher) {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        version: &'a str,
        description: &'a str,
        deploy_type: &'a str,
    }
    let replay = Replay::new().forget_requests().with_example(
        "CreateEdgeAppVersion",
        doc2sdk::runtime::test_util::CannedResponse::json(200, r#"{"edge_app_id":"app-1","version":"1.0.0"}"#),
    );
    let client = client(&IOTEDGE, SigningScheme::SdkHmacSha256, replay);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
    bencher.bench_local(|| {
        let body = Body { version: "1.0.0", description: "bench", deploy_type: "docker" };
        let op = Operation::new("CreateEdgeAppVersion", "POST", "/v2/{project_id}/edge-apps/app-1/versions")
            .with_body(doc2sdk::runtime::client::Body::Json(serde_json::to_vec(&body).expect("json")));
        runtime
            .block_on(client.call::<serde_json::Value, ServiceError>(op))
            .expect("replayed")
    });
}

/// A ListApplications-style page of `n` applications, about 250 bytes each.
fn list_body(n: usize) -> Vec<u8> {
    let apps: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "AppId": format!("7171a6ca-d1cd-4928-8642-7d5cfe69{i:04}"),
                "AppName": format!("app-{i}"),
                "NamespaceId": "cn-beijing:test",
                "RegionId": "cn-beijing",
                "Instances": i % 7,
                "RunningInstances": i % 5,
                "AppDescription": "a typical application description",
                "Tags": [{"Key": "env", "Value": "prod"}],
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "RequestId": "91F93257-7A4A-4BD3-9A7E-2F6EAE6D****",
        "Code": "200",
        "Message": "success",
        "Success": true,
        "TraceId": "0a98a02315955564772843261e****",
        "Data": {"CurrentPage": 1, "PageSize": n, "TotalSize": n, "Applications": apps},
    }))
    .expect("json")
}

#[divan::bench]
fn deserialize_documented_example(bencher: Bencher) {
    let response = HttpResponse::new(200, r#"{"VersionId":"ver-87962637161651****","RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#);
    bencher.bench_local(|| {
        response::parse::<CreateEdgeContainerAppVersionResponse, ServiceError>(Vendor::Alibaba, black_box(&response))
            .expect("parsed")
    });
}

#[divan::bench(args = [10, 1_000, 10_000])]
fn deserialize_list(bencher: Bencher, applications: usize) {
    let response = Arc::new(HttpResponse::new(200, list_body(applications)));
    bencher
        .counter(divan::counter::BytesCount::new(response.body.len()))
        .bench_local(|| {
            response::parse::<doc2sdk::sae::list_applications::ListApplicationsResponse, ServiceError>(Vendor::Alibaba, black_box(&response))
                .expect("parsed")
        });
}

#[divan::bench(args = SCHEMES)]
fn sign_only(bencher: Bencher, scheme: SigningScheme) {
    let service = if scheme == SigningScheme::SdkHmacSha256 { &IOTEDGE } else { &doc2sdk::esa::SERVICE };
    let client = client(service, scheme, Replay::new().forget_requests());
    let mut req = client.signed_request(&operation(scheme)).expect("signed");
    let credentials = Credentials::new("LTAI5tBenchAccessKey", "bench-secret-not-real");
    let time = time::OffsetDateTime::now_utc();
    bencher.bench_local(|| {
        let params = doc2sdk::runtime::signing::SigningParams { credentials: &credentials, time, nonce: "0123456789abcdef0123456789abcdef" };
        doc2sdk::runtime::signing::sign(scheme, black_box(&mut req), &params).expect("signed")
    });
}
