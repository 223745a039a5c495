//! Secrets never reach text: every `Debug`, `Display`, error source chain and `tracing` line the
//! runtime produces, across every signing scheme, every kind of failure (played by a real server on
//! 127.0.0.1) and every credentials source, is scanned for the test secret and the test security
//! token. So are the generated requests and responses whose fields hold secrets (`OssAkSecret`,
//! `X-Auth-Token`, `SecretKey`), sent to a real server and answered. The count must be zero.

#[path = "fault_server.rs"]
mod fault_server;

use std::time::Duration;

use doc2sdk::runtime::client::{Body, Operation, ServiceClient};
use doc2sdk::runtime::config::Config;
use doc2sdk::runtime::credentials::cache::CachedProvider;
use doc2sdk::runtime::credentials::huawei::HuaweiChain;
use doc2sdk::runtime::credentials::{Credentials, DefaultChain, Environment, ProvideCredentials};
use doc2sdk::runtime::error::{SdkError, ServiceError};
use doc2sdk::runtime::retry::RetryConfig;
use doc2sdk::runtime::service::{ApiStyle, ServiceInfo};
use doc2sdk::runtime::signing::{percent_encode, SigningScheme};
use doc2sdk::runtime::test_util::{CannedResponse, Replay, TraceCapture};
use fault_server::{refused_url, Canned, Fault, FaultServer};

const SECRET: &str = "SeCrEt-7c1d0a9e-never-print";
const TOKEN: &str = "ToKeN/4b2f+never=print";

static IOTEDGE: ServiceInfo = ServiceInfo::new(
    "iotedge",
    "v2",
    ApiStyle::Roa,
    "iotedge-api.{region}.myhuaweicloud.com",
    SigningScheme::SdkHmacSha256,
);

/// Every text produced, with where it came from.
#[derive(Default)]
struct Scan {
    outputs: Vec<(String, String)>,
}

impl Scan {
    fn add(&mut self, origin: impl Into<String>, text: impl Into<String>) {
        self.outputs.push((origin.into(), text.into()));
    }

    fn error<E: std::error::Error>(&mut self, origin: &str, err: &E) {
        self.add(format!("{origin}: display"), err.to_string());
        self.add(format!("{origin}: debug"), format!("{err:?}"));
        let mut source = err.source();
        while let Some(cause) = source {
            self.add(format!("{origin}: source"), format!("{cause} / {cause:?}"));
            source = cause.source();
        }
    }

    /// The token in every form it is sent: raw, and percent-encoded once and twice (RPC V1).
    fn leaks(&self) -> Vec<String> {
        let needles = [
            SECRET.to_owned(),
            TOKEN.to_owned(),
            percent_encode(TOKEN),
            percent_encode(&percent_encode(TOKEN)),
        ];
        self.outputs
            .iter()
            .flat_map(|(origin, text)| {
                needles
                    .iter()
                    .filter(|needle| text.contains(needle.as_str()))
                    .map(move |needle| format!("{origin} contains `{needle}`: {text}"))
            })
            .collect()
    }

    fn bytes(&self) -> usize {
        self.outputs.iter().map(|(_, text)| text.len()).sum()
    }
}

fn credentials() -> Credentials {
    Credentials::new("LTAI-scan", SECRET)
        .with_security_token(TOKEN)
        .with_project_id("proj-scan")
}

fn client(service: &'static ServiceInfo, url: &str, scheme: SigningScheme) -> ServiceClient {
    let config = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(url)
        .allow_http(true)
        .credentials(credentials())
        .signing_scheme(scheme)
        .retry_config(RetryConfig::standard().with_backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .attempt_timeout(Duration::from_millis(100))
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    ServiceClient::new(service, config).unwrap()
}

fn operation(scheme: SigningScheme) -> Operation {
    let op = if scheme == SigningScheme::SdkHmacSha256 {
        Operation::new("CreateEdgeAppVersion", "POST", "/v2/{project_id}/edge-apps/a/versions")
            .with_body(Body::Json(br#"{"version":"1"}"#.to_vec()))
    } else {
        Operation::new("ListSites", "POST", "/")
            .with_query(vec![("RegionId".to_owned(), "cn-hangzhou".to_owned())])
            .with_body(Body::Form(vec![("SiteName".into(), "a b".into())]))
    };
    op.with_idempotent(true)
}

fn faults() -> Vec<(&'static str, Vec<Fault>)> {
    let json = |status, body: &str| Fault::Respond(Canned::json(status, body));
    vec![
        ("ok", vec![json(200, r#"{"RequestId":"r"}"#)]),
        ("503 then ok", vec![json(503, r#"{"Code":"ServiceUnavailable","Message":"m"}"#), json(200, "{}")]),
        ("service error", vec![json(400, r#"{"Code":"InvalidParameter","Message":"bad","RequestId":"r"}"#)]),
        ("huawei error", vec![json(401, r#"{"error_code":"APIG.0301","error_msg":"bad sig","request_id":"r"}"#)]),
        ("success false", vec![json(200, r#"{"Success":false,"ErrorCode":"Locked","Message":"m"}"#)]),
        ("html", vec![Fault::Respond(Canned::new(502, "text/html", "<html>bad gateway</html>"))]),
        ("invalid json", vec![json(200, "{oops")]),
        ("reset before headers", vec![Fault::ResetBeforeHeaders]),
        ("reset after headers", vec![Fault::ResetAfterHeaders]),
        ("truncated", vec![Fault::Truncated]),
        ("slow headers", vec![Fault::SlowHeaders(Duration::from_secs(2))]),
        ("huge", vec![Fault::Huge { bytes: 1 << 20, chunked: true }]),
        ("clock check", vec![Fault::RequireFreshDate { date_header: true }]),
    ]
}

const SCHEMES: [SigningScheme; 4] = [
    SigningScheme::Acs3HmacSha256,
    SigningScheme::AcsRoaHmacSha1,
    SigningScheme::AcsRpcHmacSha1,
    SigningScheme::SdkHmacSha256,
];

#[tokio::test]
async fn no_output_contains_the_secret_or_the_token() {
    let mut scan = Scan::default();
    let capture = TraceCapture::new();
    let guard = capture.set_default();

    for scheme in SCHEMES {
        let service = if scheme == SigningScheme::SdkHmacSha256 { &IOTEDGE } else { &doc2sdk::esa::SERVICE };
        for (name, script) in faults() {
            let server = FaultServer::start(script).await;
            let client = client(service, &server.url(), scheme);
            let origin = format!("{scheme} {name}");
            match client.call::<serde_json::Value, ServiceError>(operation(scheme)).await {
                Ok(out) => scan.add(&origin, format!("{out:?}")),
                Err(err) => scan.error(&origin, &err),
            }
            scan.add(format!("{origin}: client"), format!("{client:?}"));
            scan.add(format!("{origin}: config"), format!("{:?}", client.config()));
            let signed = client.signed_request(&operation(scheme)).unwrap();
            assert!(signed.header("authorization").is_some() || signed.query.iter().any(|(k, _)| k == "Signature"));
            scan.add(format!("{origin}: signed request"), format!("{signed:?}"));
            // The server did receive the token: the scan would notice a leak.
            assert!(server.received().iter().all(|r| format!("{:?}", r.headers).contains(TOKEN) || r.request_line.contains(&percent_encode(TOKEN))), "{origin}");
        }
        let url = refused_url().await;
        match client(service, &url, scheme).call::<serde_json::Value, ServiceError>(operation(scheme)).await {
            Ok(_) => panic!("a refused connection succeeded"),
            Err(err) => scan.error(&format!("{scheme} refused"), &err),
        }
    }

    // Offline replay records signed requests.
    let replay = Replay::new();
    replay.push(CannedResponse::json(500, r#"{"Code":"InternalError"}"#));
    let config = Config::builder().region("cn-hangzhou").credentials(credentials()).replay(replay.clone()).build().unwrap();
    let replayed = ServiceClient::new(&doc2sdk::esa::SERVICE, config).unwrap();
    let _ = replayed.call::<serde_json::Value, ServiceError>(operation(SigningScheme::AcsRpcHmacSha1)).await;
    scan.add("replay requests", format!("{:?}", replay.requests()));
    scan.add("replay", format!("{replay:?}"));
    drop(guard);

    // Credentials and their sources, found and broken.
    let env = Environment::fixed(
        [
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
            ("HUAWEICLOUD_SDK_AK", "HW-env"),
            ("HUAWEICLOUD_SDK_SK", SECRET),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", TOKEN),
        ],
        None,
    );
    let alibaba = CachedProvider::new(DefaultChain::with_environment(env.clone()));
    let huawei = HuaweiChain::with_environment(env.clone());
    scan.add("environment", format!("{env:?}"));
    scan.add("alibaba chain", format!("{alibaba:?} {:?}", alibaba.provide_credentials()));
    scan.add("huawei chain", format!("{huawei:?} {:?}", huawei.provide_credentials()));
    let c = credentials();
    scan.add("credentials", format!("{c:?} {c} {:?} {}", c.access_key_secret(), c.access_key_secret()));
    let dir = std::env::temp_dir().join(format!("doc2sdk-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let aliyun = dir.join("config.json");
    let huawei_file = dir.join("credentials");
    for (aliyun_text, huawei_text) in [
        (format!(r#"{{"current":"p","profiles":[{{"name":"p","mode":"RamRoleArn","access_key_id":"a","access_key_secret":"{SECRET}"}}]}}"#), format!("[basic]\nsk = {SECRET}\n")),
        (format!(r#"{{"profiles": [{{"access_key_secret": "{SECRET}" oops"#), format!("[global]\nak = a\nsk = {SECRET}\n")),
    ] {
        std::fs::write(&aliyun, aliyun_text).unwrap();
        std::fs::write(&huawei_file, huawei_text).unwrap();
        let env = Environment::fixed(
            [
                ("ALIBABA_CLOUD_CONFIG_FILE", aliyun.to_str().unwrap()),
                ("HUAWEICLOUD_SDK_CREDENTIALS_FILE", huawei_file.to_str().unwrap()),
            ],
            None,
        );
        for result in [
            DefaultChain::with_environment(env.clone()).provide_credentials(),
            HuaweiChain::with_environment(env).provide_credentials(),
        ] {
            let err = result.expect_err("a broken source");
            scan.error("broken credentials source", &err);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let err: SdkError<ServiceError> = doc2sdk::runtime::credentials::CredentialsError::expired(
        &credentials().with_expiry(time::OffsetDateTime::UNIX_EPOCH),
    )
    .into();
    scan.error("expired credentials", &err);

    request_fields(&mut scan).await;

    scan.add("tracing", capture.text());
    assert!(capture.lines().len() > 100, "the trace captured too little to mean anything");
    let leaks = scan.leaks();
    eprintln!(
        "secrets scan: {} outputs, {} bytes (of which {} trace lines), {} occurrences",
        scan.outputs.len(),
        scan.bytes(),
        capture.lines().len(),
        leaks.len()
    );
    assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
}

fn typed_config(url: &str) -> Config {
    Config::builder()
        .region("cn-hangzhou")
        .endpoint_url(url)
        .allow_http(true)
        .credentials(credentials())
        .retry_config(RetryConfig::disabled())
        .build()
        .unwrap()
}

/// Generated requests carrying a secret in a field, sent, answered (with the secret echoed back in
/// a response field, and with errors), and every text about them scanned.
async fn request_fields(scan: &mut Scan) {
    use doc2sdk::iotedge::create_edge_app_version::CreateEdgeAppVersionRequest;
    use doc2sdk::iotedge::types::ContainerSettingsDto;
    use doc2sdk::sae::create_application::CreateApplicationRequest;
    use doc2sdk::sae::deploy_application::DeployApplicationRequest;
    use doc2sdk::sae::describe_namespaces::DescribeNamespacesRequest;

    let deploy = DeployApplicationRequest::new("app-1").oss_ak_id("LTAI-oss").oss_ak_secret(SECRET).image_url("registry/app:1");
    let create = CreateApplicationRequest::new("app", "Image", 1).oss_ak_id("LTAI-oss").oss_ak_secret(SECRET);
    let settings = ContainerSettingsDto::new("swr.cn-north-4.myhuaweicloud.com/acme/agent:1.0.0");
    let iot = CreateEdgeAppVersionRequest::builder().edge_app_id("edge-app").version("1.0.0").container_settings(settings).arch(vec!["x86_64".to_owned()]).build().expect("every required field is set").x_auth_token(TOKEN);
    for (origin, text) in [("deploy request", format!("{deploy:?}")), ("create request", format!("{create:?}")), ("iotedge request", format!("{iot:?}"))] {
        assert!(text.contains("** redacted **"), "{origin}: {text}");
        scan.add(origin, text);
    }
    let echoed = format!(r#"{{"RequestId":"r","Success":true,"Data":{{"Namespaces":[{{"NamespaceId":"cn-hangzhou:x","SecretKey":"{SECRET}","AccessKey":"LTAI-acm"}}]}}}}"#);
    let script = |ok: &str| vec![Fault::Respond(Canned::json(200, ok)), Fault::Respond(Canned::json(400, r#"{"Code":"InvalidParameter","Message":"bad","RequestId":"r","Success":false}"#)), Fault::Respond(Canned::new(502, "text/html", "<html>bad gateway</html>"))];

    let server = FaultServer::start(script(&echoed)).await;
    let sae = doc2sdk::sae::Client::new(typed_config(&server.url())).unwrap();
    let namespaces = sae.describe_namespaces(DescribeNamespacesRequest::new(1, 10)).await.expect("answered");
    let text = format!("{namespaces:?}");
    assert!(text.contains("LTAI-acm") && text.contains("secret_key: Some(** redacted **)"), "{text}");
    scan.add("describe namespaces response", text);
    for round in 0..2 {
        let deployed = sae.deploy_application(deploy.clone()).await;
        match deployed {
            Ok(out) => scan.add(format!("deploy {round}"), format!("{out:?}")),
            Err(err) => scan.error(&format!("deploy {round}"), &err),
        }
    }
    // The server did receive the secret: the scan would notice a leak.
    assert!(server.received().iter().any(|r| String::from_utf8_lossy(&r.body).contains(SECRET) || r.request_line.contains(SECRET)));

    let server = FaultServer::start(script(r#"{"RequestId":"r","Success":true,"Data":{"AppId":"a"}}"#)).await;
    let sae = doc2sdk::sae::Client::new(typed_config(&server.url())).unwrap();
    for round in 0..3 {
        match sae.create_application(create.clone()).await {
            Ok(out) => scan.add(format!("create {round}"), format!("{out:?}")),
            Err(err) => scan.error(&format!("create {round}"), &err),
        }
    }

    let server = FaultServer::start(script(r#"{"version":"1.0.0"}"#)).await;
    let iotedge = doc2sdk::iotedge::Client::new(typed_config(&server.url())).unwrap();
    for round in 0..3 {
        match iotedge.create_edge_app_version(iot.clone()).await {
            Ok(out) => scan.add(format!("iotedge {round}"), format!("{out:?}")),
            Err(err) => scan.error(&format!("iotedge {round}"), &err),
        }
    }
    assert!(server.received().iter().all(|r| format!("{:?}", r.headers).contains(TOKEN)));
}

/// The spec says which fields are secrets (`x-sensitive`), from their names and descriptions, so
/// every generator of the spec redacts the same fields the SDK does.
#[test]
fn the_spec_marks_the_secret_fields() {
    let root = xtask::workspace_root();
    let marked = |spec: &str| -> Vec<String> {
        let text = std::fs::read_to_string(root.join("spec/openapi").join(spec)).expect("spec");
        let mut out = Vec::new();
        fn walk(v: &serde_json::Value, name: &str, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    if map.get("x-sensitive") == Some(&serde_json::Value::Bool(true)) {
                        out.push(name.to_owned());
                    }
                    // A parameter's schema is named by the parameter; a property by its key.
                    let parameter = map.get("name").and_then(|n| n.as_str());
                    for (k, child) in map {
                        walk(child, if k == "schema" { parameter.unwrap_or(name) } else { k }, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, name, out)),
                _ => {}
            }
        }
        walk(&serde_json::from_str(&text).expect("JSON"), "", &mut out);
        out.sort();
        out.dedup();
        out
    };
    assert!(marked("sae-2019-05-06.json").contains(&"OssAkSecret".to_owned()), "{:?}", marked("sae-2019-05-06.json"));
    assert!(marked("iotedge-v2.json").contains(&"X-Auth-Token".to_owned()), "{:?}", marked("iotedge-v2.json"));
    assert!(!marked("sae-2019-05-06.json").iter().any(|n| n == "NextToken" || n == "OssAkId"));
}
