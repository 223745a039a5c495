//! Wire parity of the generated ESA client with the OFFICIAL Python SDK
//! (`alibabacloud-esa20240910`, driven through `tests/oracles/oracle.py`).
//!
//! Each case sends the same logical request through both SDKs, each to its own
//! [`RecordingServer`], and compares what reached the wire: method, path, the parameters
//! (query and form body merged, decoded, JSON-valued ones compared as JSON), the headers, the
//! payload hash and the `Authorization` header. Our signer must also reproduce the official
//! SDK's signature byte for byte from the official request alone, and our own request must
//! verify when its signature is re-derived from the recorded bytes.
//!
//! Where the two SDKs differ on purpose the difference is asserted as it is, so the test fails
//! when either side changes; each is explained where it is checked:
//! - (a) parameter location: the official SDK puts some `PublishEdgeContainerAppVersion`
//!   parameters in the query, we send every RPC parameter in the form body;
//! - (b) booleans outside JSON: Python writes `True`/`False`, we write `true`/`false`;
//! - (c) headers: the user agents differ and only the official SDK sends
//!   `x-acs-credentials-provider`;
//! - (d) signed headers: the official SDK signs every header it sends, we sign the set the V3
//!   guide requires.
//!
//! Every other difference fails. Failures accumulate over all cases and are shown together.
//!
//! Run with `DOC2SDK_ORACLE_PYTHON=/path/to/python` (or after `cargo xtask test` created
//! `.venv-oracles`).

use std::collections::{BTreeMap, BTreeSet};

use doc2sdk::esa::create_edge_container_app_version::{
    AcrImageInfo, Container, CreateEdgeContainerAppVersionError,
    CreateEdgeContainerAppVersionRequest, ProbeContent, ProbeType, Spec, Storage,
};
use doc2sdk::esa::publish_edge_container_app_version::PublishEdgeContainerAppVersionRequest;
use doc2sdk::esa::Client;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::SdkError;
use doc2sdk_tests::oracle::run_oracle;
use doc2sdk_tests::recorder::{CannedResponse, RecordedRequest, RecordingServer};
use doc2sdk_tests::wire::{
    acs3_config, add_case_problems, check_acs3_headers, check_acs3_signature, check_content_length,
    check_our_acs3_date_and_nonce, check_user_agents, compare_header_names, compare_shared_values,
    header_names, object, report, single, ACS3_ORACLE_ONLY_HEADERS, ACS3_PER_REQUEST_HEADERS,
    ACS3_REQUIRED_SIGNED,
};
use serde_json::{json, Map, Value};

const ACCESS_KEY_ID: &str = "LTAIwireParityEsa";
/// `+`, `/` and `=` would break a signer that encoded or decoded the secret before using it.
const ACCESS_KEY_SECRET: &str = "wire+parity/secret=";
const SECURITY_TOKEN: &str = "sts/token+wire=parity==";
const API_VERSION: &str = "2024-09-10";

const REQUEST_ID: &str = "04F0F334-1335-436C-A1D7-6C044FE73368";
const VERSION_ID: &str = "ver-87962637161651xyz";

/// Parameters whose value is one JSON document (`json` style), compared as parsed JSON: the
/// official SDK writes object keys in its model's order, we in the documented order.
const JSON_PARAMS: [&str; 2] = ["Containers", "Regions"];

/// (b) Boolean parameters outside JSON. The Python SDK stringifies them with `str()`, giving
/// `True`/`False`; we send `true`/`false`, what the Alibaba V3 guide and the other official SDKs
/// send.
const BOOLEAN_PARAMS: [&str; 1] = ["FullRelease"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Create,
    Publish,
}

impl Op {
    fn action(self) -> &'static str {
        match self {
            Op::Create => "CreateEdgeContainerAppVersion",
            Op::Publish => "PublishEdgeContainerAppVersion",
        }
    }

    /// (a) The parameters the official SDK puts in the query string; all others go in the form
    /// body. The API reference document does not say where parameters go, and the RPC gateway
    /// merges query and form parameters, so we send every parameter in the form body.
    fn oracle_query_params(self) -> &'static [&'static str] {
        match self {
            Op::Create => &[],
            Op::Publish => &["FullRelease", "PublishType", "Regions", "VersionId"],
        }
    }
}

/// One logical request, written with the wire names the oracle takes.
struct Case {
    name: &'static str,
    op: Op,
    params: Value,
    security_token: Option<&'static str>,
}

// ----------------------------------------------------------------------------
// the cases

fn create_cases() -> Vec<Case> {
    let full_container = json!({
        "Name": "web-main",
        "Image": "registry-vpc.cn-shenzhen.aliyuncs.com/ns/app:3.40.2",
        "IsACRImage": true,
        "ACRImageInfo": {
            "IsEnterpriseRegistry": false,
            "Domain": "ent.cr.aliyuncs.com",
            "InstanceId": "cri-xcdn9axbo",
            "RegionId": "cn-shanghai",
            "RepoId": "crr-h1ghghu60ct",
            "RepoName": "test_71",
            "RepoNamespace": "safeline",
            "Tag": "3.40.2",
            "TagUrl": "registry-vpc.cn-shenzhen.aliyuncs.com/ns/eas:31"
        },
        "Spec": "2C4G",
        "Command": "/bin/sh",
        "Args": "-c hello",
        "Storage": "10G",
        "EnvVariables": "VITE_APP_TITLE=My App,B=2",
        "PostStart": "sh poststart.sh \"echo hello world\"",
        "PreStop": "sh prestop.sh \"echo bye\"",
        "ProbeType": "httpGet",
        "ProbeContent": {
            "InitialDelaySeconds": 10,
            "TimeoutSeconds": 3,
            "PeriodSeconds": 5,
            "SuccessThreshold": 1,
            "FailureThreshold": 3,
            "Command": "echo ok",
            "Port": 8080,
            "Host": "www.rewrite.com",
            "Path": "/healthz",
            "Scheme": "http",
            "HttpHeaders": "[{\"Content-Type\":\"application/json\"}]"
        }
    });
    let sidecar = json!({
        "Name": "sidecar",
        "Image": "docker.io/library/nginx:1.27",
        "IsACRImage": false,
        "Spec": "1C2G",
        "Storage": "0.5G",
        "ProbeType": "tcpSocket",
        "ProbeContent": {"Port": 80}
    });
    vec![
        Case {
            name: "create: every field, two containers",
            op: Op::Create,
            params: json!({
                "AppId": "app-88068867578379",
                "Name": "version-2025-01",
                "Remarks": "test app",
                "Containers": [full_container, sidecar]
            }),
            security_token: None,
        },
        Case {
            name: "create: required fields only",
            op: Op::Create,
            params: json!({
                "AppId": "app-1",
                "Name": "verson1",
                "Containers": [{
                    "Name": "c1",
                    "Image": "image1",
                    "IsACRImage": false,
                    "Spec": "1C2G",
                    "Storage": "0.5G",
                    "ProbeType": "exec",
                    "ProbeContent": {}
                }]
            }),
            security_token: None,
        },
        Case {
            name: "create: unicode, spaces and +&=%*~ everywhere",
            op: Op::Create,
            params: json!({
                "AppId": "app +&=%*~ ü",
                "Name": "版本 ünïcode +&=%*~",
                "Remarks": "first try & ünïcode + more 😀 a/b?c#d 'sq' \"dq\" back\\slash %41 %zz\ttab\nnewline",
                "Containers": [{
                    "Name": "容器 +&=%*~",
                    "Image": "registry.example.com/名前/app:1.0?x=y&z=%20",
                    "IsACRImage": true,
                    "ACRImageInfo": {
                        "Domain": "域名.example.com",
                        "RepoName": "repo +&=%*~",
                        "Tag": "v1 ü"
                    },
                    "Spec": "8C32G",
                    "Command": "sh -c 'echo a+b=c&d %20 * ~'",
                    "Args": "--name=\"x y\" --pct=100%",
                    "Storage": "30G",
                    "EnvVariables": "A=1,B=x y,C=%41+,D=é",
                    "ProbeType": "httpGet",
                    "ProbeContent": {
                        "Path": "/健康?x=1&y=%2F",
                        "Host": "主机.example.com",
                        "Port": 443,
                        "Scheme": "HTTPS",
                        "HttpHeaders": "[{\"k\":\"v w+&=\"}]"
                    }
                }]
            }),
            security_token: None,
        },
        Case {
            name: "create: booleans, integer edges, empty nested object and empty string",
            op: Op::Create,
            params: json!({
                "AppId": "app-2",
                "Name": "edge-values",
                "Remarks": "",
                "Containers": [
                    {
                        "Name": "zeros",
                        "Image": "i",
                        "IsACRImage": false,
                        "ACRImageInfo": {"IsEnterpriseRegistry": true},
                        "Spec": "4C16G",
                        "Storage": "20G",
                        "ProbeType": "tcpSocket",
                        "ProbeContent": {
                            "InitialDelaySeconds": 0,
                            "TimeoutSeconds": -1,
                            "PeriodSeconds": 2147483647,
                            "SuccessThreshold": -2147483648,
                            "Port": 65535
                        }
                    },
                    {
                        "Name": "empty-acr",
                        "Image": "i2",
                        "IsACRImage": true,
                        "ACRImageInfo": {},
                        "Spec": "8C16G",
                        "Storage": "0.5G",
                        "ProbeType": "exec",
                        "ProbeContent": {"Command": ""}
                    }
                ]
            }),
            security_token: None,
        },
        Case {
            name: "create: no containers",
            op: Op::Create,
            params: json!({"AppId": "app-3", "Name": "empty-list", "Containers": []}),
            security_token: None,
        },
        Case {
            name: "create: STS credentials",
            op: Op::Create,
            params: json!({
                "AppId": "app-4",
                "Name": "with-token",
                "Containers": [{
                    "Name": "c",
                    "Image": "img",
                    "IsACRImage": false,
                    "Spec": "2C8G",
                    "Storage": "10G",
                    "ProbeType": "httpGet",
                    "ProbeContent": {"Path": "/", "Port": 80}
                }]
            }),
            security_token: Some(SECURITY_TOKEN),
        },
    ]
}

fn publish_cases() -> Vec<Case> {
    vec![
        Case {
            name: "publish: every field",
            op: Op::Publish,
            params: json!({
                "AppId": "app-88068867578379",
                "VersionId": "ver-87962637161651",
                "PublishEnv": "production",
                "Percentage": 50,
                "StartTime": "2024-08-01T00:00:00Z",
                "Remarks": "go",
                "PublishType": "region",
                "Regions": ["Hangzhou", "Beijing"],
                "FullRelease": true
            }),
            security_token: None,
        },
        Case {
            name: "publish: required fields only",
            op: Op::Publish,
            params: json!({"AppId": "app-1", "VersionId": "ver-1", "PublishEnv": "staging"}),
            security_token: None,
        },
        Case {
            name: "publish: unicode, spaces and +&=%*~ in query and body parameters",
            op: Op::Publish,
            params: json!({
                "AppId": "app +&=%*~",
                "VersionId": "ver +&=%*~ é/中",
                "PublishEnv": "prod uction+&=%*~",
                "Percentage": 100,
                "StartTime": "2024-08-01T00:00:00+08:00",
                "Remarks": "发布 ünïcode 😀 \"q\" back\\slash",
                "PublishType": "a b+c&d=e%f*g~h",
                "Regions": ["华东 1", "a+b&c=d%e*f~g", "quote\"back\\slash"],
                "FullRelease": false
            }),
            security_token: None,
        },
        Case {
            name: "publish: STS credentials, empty region list, lowest percentage",
            op: Op::Publish,
            params: json!({
                "AppId": "app-2",
                "VersionId": "ver-2",
                "PublishEnv": "production",
                "Percentage": 1,
                "Regions": [],
                "FullRelease": true
            }),
            security_token: Some(SECURITY_TOKEN),
        },
    ]
}

// ----------------------------------------------------------------------------
// the tests

#[tokio::test]
async fn create_edge_container_app_version_matches_the_official_sdk() {
    let mut problems = Vec::new();
    for case in create_cases() {
        run_case(&case, &mut problems).await;
    }
    report(problems);
}

#[tokio::test]
async fn publish_edge_container_app_version_matches_the_official_sdk() {
    let mut problems = Vec::new();
    for case in publish_cases() {
        run_case(&case, &mut problems).await;
    }
    report(problems);
}

#[tokio::test]
async fn service_error_is_the_typed_variant_and_the_official_sdk_sees_the_same_code() {
    let error = CannedResponse::json(
        400,
        &json!({"Code": "InvalidParameter.Name", "Message": "bad", "RequestId": "r-1"}),
    );
    let case = &create_cases()[1];
    let mut problems = Vec::new();

    let oracle_server = RecordingServer::start(vec![error.clone()]);
    let out = run_oracle(&oracle_input(case, &oracle_server));
    // The official SDK decorates the message with the status and request id; the service's own
    // message is in `data`, and that is what our error's `message()` returns.
    let expected_oracle = json!({
        "ok": false, "kind": "service", "error_type": "ClientException",
        "code": "InvalidParameter.Name", "message": "code: 400, bad request id: r-1",
        "request_id": "r-1", "status_code": 400, "ignored_params": [],
        "data": {"Code": "InvalidParameter.Name", "Message": "bad", "RequestId": "r-1",
                 "statusCode": 400}
    });
    if out != expected_oracle {
        problems.push(format!(
            "oracle error: expected {expected_oracle}, got {out}"
        ));
    }

    let our_server = RecordingServer::start(vec![error]);
    let result = client(&our_server, None)
        .create_edge_container_app_version(create_request(&case.params))
        .await;
    match result {
        Err(SdkError::Service(CreateEdgeContainerAppVersionError::InvalidParameterName(e))) => {
            let got = (e.status(), e.code(), e.message(), e.request_id());
            let expected = (400, "InvalidParameter.Name", "bad", Some("r-1"));
            if got != expected {
                problems.push(format!("our error: expected {expected:?}, got {got:?}"));
            }
        }
        other => problems.push(format!(
            "our error: expected InvalidParameterName, got {other:?}"
        )),
    }

    // The failing call is still the same request on the wire.
    let oracle = single(&oracle_server, "oracle", &mut problems);
    let ours = single(&our_server, "ours", &mut problems);
    compare_wire(case, &oracle, &ours, &mut problems);
    report(problems);
}

// ----------------------------------------------------------------------------
// one case

async fn run_case(case: &Case, problems: &mut Vec<String>) {
    let canned = || {
        vec![CannedResponse::json(
            200,
            &json!({"RequestId": REQUEST_ID, "VersionId": VERSION_ID}),
        )]
    };
    let mut case_problems = Vec::new();

    let oracle_server = RecordingServer::start(canned());
    let out = run_oracle(&oracle_input(case, &oracle_server));
    // The official response models keep only their own fields: Publish has no VersionId.
    let oracle_response = match case.op {
        Op::Create => json!({"RequestId": REQUEST_ID, "VersionId": VERSION_ID}),
        Op::Publish => json!({"RequestId": REQUEST_ID}),
    };
    let expected = json!({"ok": true, "status_code": 200, "ignored_params": [],
                          "response": oracle_response});
    if out != expected {
        // A non-empty `ignored_params` would mean the official model dropped an input, which
        // would make the comparison below vacuous for that parameter.
        case_problems.push(format!("oracle result: expected {expected}, got {out}"));
    }

    let our_server = RecordingServer::start(canned());
    let client = client(&our_server, case.security_token);
    match case.op {
        Op::Create => {
            match client
                .create_edge_container_app_version(create_request(&case.params))
                .await
            {
                Ok(out) => {
                    let got = (out.request_id.as_deref(), out.version_id.as_deref());
                    if got != (Some(REQUEST_ID), Some(VERSION_ID)) {
                        case_problems.push(format!("our typed response: {out:?}"));
                    }
                }
                Err(e) => case_problems.push(format!("our call failed: {e} ({e:?})")),
            }
        }
        Op::Publish => {
            match client
                .publish_edge_container_app_version(publish_request(&case.params))
                .await
            {
                Ok(out) => {
                    if out.request_id.as_deref() != Some(REQUEST_ID) {
                        case_problems.push(format!("our typed response: {out:?}"));
                    }
                }
                Err(e) => case_problems.push(format!("our call failed: {e} ({e:?})")),
            }
        }
    }

    let oracle = single(&oracle_server, "oracle", &mut case_problems);
    let ours = single(&our_server, "ours", &mut case_problems);
    compare_wire(case, &oracle, &ours, &mut case_problems);
    add_case_problems(problems, case.name, case_problems);
}

fn oracle_input(case: &Case, server: &RecordingServer) -> Value {
    json!({
        "vendor": "alibaba",
        "service": "esa",
        "operation": case.op.action(),
        "endpoint": server.host(),
        "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": ACCESS_KEY_SECRET,
        "security_token": case.security_token,
        "params": case.params,
        "signature_version": null,
    })
}

fn client(server: &RecordingServer, security_token: Option<&str>) -> Client {
    let mut credentials = Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    if let Some(token) = security_token {
        credentials = credentials.with_security_token(token);
    }
    let config = acs3_config(server, credentials).build().expect("config");
    Client::new(config).expect("client")
}

// ----------------------------------------------------------------------------
// the comparison

fn compare_wire(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        if (req.method.as_str(), req.path.as_str()) != ("POST", "/") {
            problems.push(format!("{who}: sent {} {}", req.method, req.target));
        }
    }
    compare_params(case, oracle, ours, problems);
    compare_headers(case, oracle, ours, problems);
    check_signatures(case, oracle, ours, problems);
}

/// A parameter value: text, or a JSON document for [`JSON_PARAMS`].
#[derive(Clone, Debug, PartialEq)]
enum Param {
    Text(String),
    Json(Value),
}

impl std::fmt::Display for Param {
    /// Text quoted, JSON compact: short enough to read a difference in nested containers.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Param::Text(text) => write!(f, "{text:?}"),
            Param::Json(json) => write!(f, "json {json}"),
        }
    }
}

/// Where a parameter was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Query,
    Body,
}

/// Query ∪ form body, decoded. A name sent twice (in either place) is a problem in itself.
fn sent_params(
    who: &str,
    req: &RecordedRequest,
    problems: &mut Vec<String>,
) -> BTreeMap<String, (Place, Param)> {
    let mut out = BTreeMap::new();
    let query = req.query.iter().map(|p| (Place::Query, p));
    let body = req.form_body();
    for (place, (name, value)) in query.chain(body.iter().map(|p| (Place::Body, p))) {
        let param = if JSON_PARAMS.contains(&name.as_str()) {
            match serde_json::from_str(value) {
                Ok(json) => Param::Json(json),
                Err(e) => {
                    problems.push(format!("{who}: `{name}` is not JSON ({e}): {value:?}"));
                    Param::Text(value.clone())
                }
            }
        } else {
            Param::Text(value.clone())
        };
        if out.insert(name.clone(), (place, param)).is_some() {
            problems.push(format!("{who}: parameter `{name}` sent twice"));
        }
    }
    out
}

/// The parameters the case's input means, spelled as we send them: numbers in decimal, booleans
/// `true`/`false`, arrays and objects as JSON.
fn expected_params(params: &Value) -> BTreeMap<String, Param> {
    object(params)
        .iter()
        .map(|(name, value)| {
            let param = match value {
                Value::String(s) => Param::Text(s.clone()),
                Value::Number(n) => Param::Text(n.to_string()),
                Value::Bool(b) => Param::Text(b.to_string()),
                Value::Array(_) | Value::Object(_) => Param::Json(value.clone()),
                Value::Null => panic!("case input `{name}` is null"),
            };
            (name.clone(), param)
        })
        .collect()
}

fn compare_params(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    let oracle_params = sent_params("oracle", oracle, problems);
    let our_params = sent_params("ours", ours, problems);

    // Our parameters are exactly the input, all in the form body.
    let ours_by_name: BTreeMap<String, Param> = our_params
        .iter()
        .map(|(name, (_, param))| (name.clone(), param.clone()))
        .collect();
    let expected = expected_params(&case.params);
    let names: BTreeSet<&String> = expected.keys().chain(ours_by_name.keys()).collect();
    for name in names {
        let (input, sent) = (expected.get(name), ours_by_name.get(name));
        if input != sent {
            let show = |p: Option<&Param>| p.map_or("nothing".to_owned(), Param::to_string);
            problems.push(format!(
                "ours: `{name}` is {} in the input but we sent {}",
                show(input),
                show(sent)
            ));
        }
    }
    let in_query: Vec<&String> = our_params
        .iter()
        .filter(|(_, (place, _))| *place == Place::Query)
        .map(|(name, _)| name)
        .collect();
    if !in_query.is_empty() {
        problems.push(format!("ours: parameters in the query: {in_query:?}"));
    }

    // (a) The official SDK's split between query and body.
    for (name, (place, _)) in &oracle_params {
        let expected_place = if case.op.oracle_query_params().contains(&name.as_str()) {
            Place::Query
        } else {
            Place::Body
        };
        if *place != expected_place {
            problems.push(format!(
                "oracle: `{name}` sent in the {place:?}, expected the {expected_place:?} \
                 (documented difference (a) changed)"
            ));
        }
    }

    // Same names, same values, apart from (b).
    let names: BTreeSet<&String> = oracle_params.keys().chain(our_params.keys()).collect();
    for name in names {
        let (Some((_, theirs)), Some((_, mine))) = (oracle_params.get(name), our_params.get(name))
        else {
            problems.push(format!(
                "`{name}`: sent by {} only",
                if oracle_params.contains_key(name) {
                    "the oracle"
                } else {
                    "us"
                }
            ));
            continue;
        };
        let theirs = if BOOLEAN_PARAMS.contains(&name.as_str()) {
            // (b) Python's `str(bool)`.
            match theirs {
                Param::Text(t) if t == "True" => Param::Text("true".into()),
                Param::Text(t) if t == "False" => Param::Text("false".into()),
                other => {
                    problems.push(format!(
                        "oracle: boolean `{name}` is {other:?}, expected `True`/`False` \
                         (documented difference (b) changed)"
                    ));
                    other.clone()
                }
            }
        } else {
            theirs.clone()
        };
        if &theirs != mine {
            problems.push(format!(
                "`{name}`: the oracle sent {theirs}, we sent {mine}"
            ));
        }
    }
}

fn compare_headers(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    // (c) The header sets are equal apart from the oracle-only ones. `accept-encoding` is not
    // exempt: the official SDK's HTTP layer sends `identity`, and our HTTP client is built
    // without decompression, so it can read only identity-coded responses too and must not
    // leave the coding to the server.
    let oracle_names = header_names(oracle, &ACS3_ORACLE_ONLY_HEADERS);
    let our_names = header_names(ours, &[]);
    compare_header_names(&oracle_names, &our_names, problems);
    let provider = if case.security_token.is_some() {
        "static_sts"
    } else {
        "static_ak"
    };
    if oracle.header("x-acs-credentials-provider") != Some(provider) {
        problems.push(format!(
            "oracle: x-acs-credentials-provider is {:?}, expected {provider:?} \
             (documented difference (c) changed)",
            oracle.header("x-acs-credentials-provider")
        ));
    }

    // Every shared header that is not per request has the same value.
    compare_shared_values(
        oracle,
        ours,
        &oracle_names,
        &our_names,
        |name| ACS3_PER_REQUEST_HEADERS.contains(&name),
        problems,
    );
    let fixed = [
        ("x-acs-action", case.op.action()),
        ("x-acs-version", API_VERSION),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
    ];
    for (name, value) in fixed {
        if ours.header(name) != Some(value) {
            problems.push(format!(
                "ours: header `{name}` is {:?}, expected {value:?}",
                ours.header(name)
            ));
        }
    }
    let token_headers = [
        ("x-acs-security-token", case.security_token),
        (
            "x-acs-accesskey-id",
            case.security_token.map(|_| ACCESS_KEY_ID),
        ),
    ];
    for (name, value) in token_headers {
        if ours.header(name) != value {
            problems.push(format!(
                "ours: header `{name}` is {:?}, expected {value:?}",
                ours.header(name)
            ));
        }
    }

    // (c) The user agents name their SDKs.
    check_user_agents(oracle, "AlibabaCloud (", ours, problems);

    // The per-request headers, each against what it must be.
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        check_content_length(who, req, problems);
        check_acs3_headers(who, req, problems);
    }
    check_our_acs3_date_and_nonce(ours, problems);
}

// ----------------------------------------------------------------------------
// signatures

fn check_signatures(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    let mut credentials = Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    if let Some(token) = case.security_token {
        credentials = credentials.with_security_token(token);
    }
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        // (d) What each side signs. The official SDK signs every header it sends except
        // `accept-encoding` and `content-length`, which its HTTP layer adds after signing. We
        // sign `host`, `content-type` and every `x-acs-*` header, the set the V3 guide requires,
        // so a proxy rewriting `user-agent` or `accept` cannot break the signature.
        let expected_signed: Vec<String> = match who {
            "oracle" => req
                .headers
                .keys()
                .filter(|n| {
                    !["authorization", "accept-encoding", "content-length"].contains(&n.as_str())
                })
                .cloned()
                .collect(),
            _ => {
                let mut names = vec![
                    "content-type",
                    "host",
                    "x-acs-action",
                    "x-acs-content-sha256",
                    "x-acs-date",
                    "x-acs-signature-nonce",
                    "x-acs-version",
                ];
                if case.security_token.is_some() {
                    names.extend(["x-acs-accesskey-id", "x-acs-security-token"]);
                }
                names.sort_unstable();
                names.into_iter().map(str::to_owned).collect()
            }
        };
        let token = case.security_token.map(|_| "x-acs-security-token");
        let required = ACS3_REQUIRED_SIGNED
            .into_iter()
            .chain(["content-type"])
            .chain(token);
        // Our signer reproduces the official signature byte for byte, and ours verifies.
        check_acs3_signature(who, req, &credentials, &expected_signed, required, problems);
    }
}

// ----------------------------------------------------------------------------
// case input (wire names) -> our typed requests
//
// Every key of the input must be known here, so an input the converter ignores cannot make the
// comparison pass by dropping a field on our side.

/// A builder method of a typed request, for table-driven conversion.
type Setter<T, V> = fn(T, V) -> T;

fn only_keys(map: &Map<String, Value>, known: &[&str]) {
    for key in map.keys() {
        assert!(
            known.contains(&key.as_str()),
            "the test's converter does not know `{key}`"
        );
    }
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).map(|v| {
        v.as_str()
            .unwrap_or_else(|| panic!("`{key}` is not a string: {v}"))
            .to_owned()
    })
}

fn required_text(map: &Map<String, Value>, key: &str) -> String {
    text(map, key).unwrap_or_else(|| panic!("`{key}` is required"))
}

fn int(map: &Map<String, Value>, key: &str) -> Option<i32> {
    map.get(key).map(|v| {
        v.as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .unwrap_or_else(|| panic!("`{key}` is not an i32: {v}"))
    })
}

fn boolean(map: &Map<String, Value>, key: &str) -> Option<bool> {
    map.get(key).map(|v| {
        v.as_bool()
            .unwrap_or_else(|| panic!("`{key}` is not a boolean: {v}"))
    })
}

fn create_request(params: &Value) -> CreateEdgeContainerAppVersionRequest {
    let map = object(params);
    only_keys(map, &["AppId", "Name", "Remarks", "Containers"]);
    let containers = map["Containers"]
        .as_array()
        .expect("Containers is an array")
        .iter()
        .map(container)
        .collect();
    let mut request = CreateEdgeContainerAppVersionRequest::new(
        required_text(map, "AppId"),
        required_text(map, "Name"),
        containers,
    );
    if let Some(v) = text(map, "Remarks") {
        request = request.remarks(v);
    }
    request
}

fn container(value: &Value) -> Container {
    let map = object(value);
    only_keys(
        map,
        &[
            "Name",
            "Image",
            "IsACRImage",
            "ACRImageInfo",
            "Spec",
            "Command",
            "Args",
            "Storage",
            "EnvVariables",
            "PostStart",
            "PreStop",
            "ProbeType",
            "ProbeContent",
        ],
    );
    let mut c = Container::builder()
        .name(required_text(map, "Name"))
        .image(required_text(map, "Image"))
        .is_acr_image(boolean(map, "IsACRImage").expect("IsACRImage is required"))
        .spec(Spec::from(required_text(map, "Spec")))
        .storage(Storage::from(required_text(map, "Storage")))
        .probe_type(ProbeType::from(required_text(map, "ProbeType")))
        .probe_content(probe_content(map.get("ProbeContent").expect("ProbeContent is required")))
        .build()
        .expect("every required field is set");
    if let Some(v) = map.get("ACRImageInfo") {
        c = c.acr_image_info(acr_image_info(v));
    }
    if let Some(v) = text(map, "Command") {
        c = c.command(v);
    }
    if let Some(v) = text(map, "Args") {
        c = c.args(v);
    }
    if let Some(v) = text(map, "EnvVariables") {
        c = c.env_variables(v);
    }
    if let Some(v) = text(map, "PostStart") {
        c = c.post_start(v);
    }
    if let Some(v) = text(map, "PreStop") {
        c = c.pre_stop(v);
    }
    c
}

fn acr_image_info(value: &Value) -> AcrImageInfo {
    let map = object(value);
    only_keys(
        map,
        &[
            "IsEnterpriseRegistry",
            "Domain",
            "InstanceId",
            "RegionId",
            "RepoId",
            "RepoName",
            "RepoNamespace",
            "Tag",
            "TagUrl",
        ],
    );
    let mut info = AcrImageInfo::new();
    if let Some(v) = boolean(map, "IsEnterpriseRegistry") {
        info = info.is_enterprise_registry(v);
    }
    let setters: [(&str, Setter<AcrImageInfo, String>); 8] = [
        ("Domain", |i, v| i.domain(v)),
        ("InstanceId", |i, v| i.instance_id(v)),
        ("RegionId", |i, v| i.region_id(v)),
        ("RepoId", |i, v| i.repo_id(v)),
        ("RepoName", |i, v| i.repo_name(v)),
        ("RepoNamespace", |i, v| i.repo_namespace(v)),
        ("Tag", |i, v| i.tag(v)),
        ("TagUrl", |i, v| i.tag_url(v)),
    ];
    for (key, set) in setters {
        if let Some(v) = text(map, key) {
            info = set(info, v);
        }
    }
    info
}

fn probe_content(value: &Value) -> ProbeContent {
    let map = object(value);
    let ints: [(&str, Setter<ProbeContent, i32>); 6] = [
        ("InitialDelaySeconds", |p, v| p.initial_delay_seconds(v)),
        ("TimeoutSeconds", |p, v| p.timeout_seconds(v)),
        ("PeriodSeconds", |p, v| p.period_seconds(v)),
        ("SuccessThreshold", |p, v| p.success_threshold(v)),
        ("FailureThreshold", |p, v| p.failure_threshold(v)),
        ("Port", |p, v| p.port(v)),
    ];
    let texts: [(&str, Setter<ProbeContent, String>); 5] = [
        ("Command", |p, v| p.command(v)),
        ("Host", |p, v| p.host(v)),
        ("Path", |p, v| p.path(v)),
        ("Scheme", |p, v| p.scheme(v)),
        ("HttpHeaders", |p, v| p.http_headers(v)),
    ];
    let known: Vec<&str> = ints
        .iter()
        .map(|(k, _)| *k)
        .chain(texts.iter().map(|(k, _)| *k))
        .collect();
    only_keys(map, &known);
    let mut probe = ProbeContent::new();
    for (key, set) in ints {
        if let Some(v) = int(map, key) {
            probe = set(probe, v);
        }
    }
    for (key, set) in texts {
        if let Some(v) = text(map, key) {
            probe = set(probe, v);
        }
    }
    probe
}

fn publish_request(params: &Value) -> PublishEdgeContainerAppVersionRequest {
    let map = object(params);
    only_keys(
        map,
        &[
            "AppId",
            "VersionId",
            "PublishEnv",
            "Percentage",
            "StartTime",
            "Remarks",
            "PublishType",
            "Regions",
            "FullRelease",
        ],
    );
    let mut request = PublishEdgeContainerAppVersionRequest::new(
        required_text(map, "AppId"),
        required_text(map, "VersionId"),
        required_text(map, "PublishEnv"),
    );
    if let Some(v) = int(map, "Percentage") {
        request = request.percentage(v);
    }
    if let Some(v) = text(map, "StartTime") {
        request = request.start_time(v);
    }
    if let Some(v) = text(map, "Remarks") {
        request = request.remarks(v);
    }
    if let Some(v) = text(map, "PublishType") {
        request = request.publish_type(v);
    }
    if let Some(v) = map.get("Regions") {
        let regions = v
            .as_array()
            .expect("Regions is an array")
            .iter()
            .map(|r| r.as_str().expect("a region is a string").to_owned())
            .collect();
        request = request.regions(regions);
    }
    if let Some(v) = boolean(map, "FullRelease") {
        request = request.full_release(v);
    }
    request
}
