//! Wire parity of the generated IoTEdge client with the OFFICIAL Python SDK
//! (`huaweicloudsdkiotedge`, driven through `tests/oracles/oracle.py`) for
//! `CreateEdgeApplicationVersion` (our derived operation id: `CreateEdgeAppVersion`).
//!
//! Each case sends the same logical request through both SDKs, each to its own
//! [`RecordingServer`], and compares what reached the wire: the method, the raw request target
//! (project id and `edge_app_id` percent-encoded), the JSON body (as JSON: the official SDK
//! writes its model's key order, `", "` separators and `\u` escapes), the headers, and the
//! `Authorization` header. Our signer must reproduce the official SDK's signature byte for byte
//! from the official request alone (its own `X-Sdk-Date`, declared signed headers and body), and
//! our own request must verify when its signature is re-derived from the recorded bytes.
//!
//! Where the two SDKs differ on purpose the difference is asserted as it is, so the test fails
//! when either side changes; each is explained where it is checked:
//! - (a) header values: the user agents differ; the official SDK's HTTP layer (`requests`) asks
//!   for `Accept: */*` and `Accept-Encoding: gzip, deflate` and sends `Connection: keep-alive`,
//!   we ask for `application/json` in `identity` coding;
//! - (b) `Content-Type`: the official SDK sends `application/json` and an ASCII-only body (every
//!   non-ASCII character `\u`-escaped), we send raw UTF-8 and say so with `; charset=utf-8`;
//! - (c) signed headers: the official SDK signs the five headers it has set when its signer runs
//!   (`requests` adds the others later), we sign every header we send;
//! - (d) `X-Auth-Token`: the official request model has no such field (the SDK authenticates with
//!   AK/SK only), so the oracle reports it as ignored and does not send it; we send it, signed;
//! - (e) a project id on the request: the official request model has none (the path's project
//!   always comes from the credentials), so the oracle reports it as ignored and is given the
//!   same project through its credentials instead.
//!
//! Every other difference fails. Failures accumulate over all cases and are shown together.
//!
//! Run with `DOC2SDK_ORACLE_PYTHON=/path/to/python` (or after `cargo xtask test` created
//! `.venv-oracles`).

use std::collections::BTreeSet;

use doc2sdk::iotedge::create_edge_app_version::{
    CreateEdgeAppVersionRequest, CreateEdgeAppVersionResponse,
};
use doc2sdk::iotedge::types::ContainerSettingsDto;
use doc2sdk::iotedge::Client;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::error::SdkError;
use doc2sdk::runtime::http::HttpRequest;
use doc2sdk::runtime::signing::huawei;
use doc2sdk_tests::oracle::run_oracle;
use doc2sdk_tests::recorder::{CannedResponse, RecordedRequest, RecordingServer};
use doc2sdk_tests::wire::{
    add_case_problems, check_content_length, check_signed, check_user_agents,
    compare_shared_values, config, header_names, object, parse_sdk_hmac_authorization, report,
    sent_authorization, single,
};
use serde_json::{json, Value};

const ACCESS_KEY: &str = "HWAKwireParityIotedge";
/// `+`, `/` and `=` would break a signer that encoded or decoded the secret before using it.
const SECRET_KEY: &str = "wire+parity/secret=";
/// A project id as IAM hands them out.
const PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/// The `X-Sdk-Date` our client's fixed signing time ([`doc2sdk_tests::wire::OUR_TIME`]) must
/// give.
const OUR_SDK_DATE: &str = "20250102T030405Z";

/// The headers the official signer covers (c): those set on the request when it signs.
const ORACLE_SIGNED: [&str; 5] = [
    "content-type",
    "host",
    "user-agent",
    "x-project-id",
    "x-sdk-date",
];

/// Headers whose value is per request or per SDK; each is checked on its own below.
const PER_REQUEST_HEADERS: [&str; 5] = [
    "authorization",
    "content-length",
    "host",
    "user-agent",
    "x-sdk-date",
];

/// (a), (b) Headers both sides send with different values: (name, oracle's, ours).
const DIFFERENT_VALUES: [(&str, &str, &str); 3] = [
    ("accept", "*/*", "application/json"),
    ("accept-encoding", "gzip, deflate", "identity"),
    (
        "content-type",
        "application/json",
        "application/json; charset=utf-8",
    ),
];

/// (a) Headers only the official SDK sends, with their values.
const ORACLE_ONLY_HEADERS: [(&str, &str); 1] = [("connection", "keep-alive")];

// ----------------------------------------------------------------------------
// the cases

/// Where our client takes the project id from. The oracle always takes it from its credentials
/// (e), and is given the project the path must name.
#[derive(Clone, Copy, Debug)]
enum Project {
    /// From the credentials.
    Credentials(&'static str),
    /// Set on the request; the credentials have the other project id, if any.
    Request {
        request: &'static str,
        credentials: Option<&'static str>,
    },
}

impl Project {
    /// The project the path and `X-Project-Id` must name.
    fn effective(self) -> &'static str {
        match self {
            Project::Credentials(p) | Project::Request { request: p, .. } => p,
        }
    }
}

/// One logical request, written with the wire names both SDKs take.
struct Case {
    name: &'static str,
    edge_app_id: &'static str,
    project: Project,
    auth_token: Option<&'static str>,
    /// The body as the caller writes it.
    body: Value,
    /// The body that must reach the wire, when it is not `body` (both SDKs drop nulls and fields
    /// their model does not have).
    sent_body: Option<Value>,
}

impl Case {
    fn sent_body(&self) -> &Value {
        self.sent_body.as_ref().unwrap_or(&self.body)
    }
}

/// The page's request example, with `arch`, `command`, `args`, `outputs`, `inputs` and `services`
/// as arrays of strings (the page writes `{}`; the spec's overrides make them arrays).
fn documented_body() -> Value {
    let probe = json!({
        "exec_command": "string",
        "tcp_socket": {"port": 65535},
        "http_get": {"path": "string", "port": 65535, "host": "string", "scheme": "HTTP"},
        "initial_delay_seconds": 3600,
        "timeout_seconds": 3600,
        "period_seconds": 30,
        "failure_threshold": 3
    });
    json!({
        "version": "1.0.0",
        "description": "string",
        "sdk_version": "string",
        "deploy_type": "docker",
        "deploy_multi_instance": false,
        "container_settings": {
            "configs": {
                "privileged": false,
                "host_network": true,
                "restart_policy": "string",
                "container_port_list": [
                    {"container_port": 65535, "host_port": 65535, "host_ip": "string"}
                ]
            },
            "image_url": "string",
            "envs": {},
            "volumes": [{
                "name": "string",
                "type": "string",
                "source": "string",
                "destination": "string",
                "read_only": true
            }],
            "npu_type": "D310",
            "resources": {
                "limits": {"cpu": 1000, "memory": 1024000, "gpu": 1024000, "npu": 1000},
                "requests": {"cpu": 1000, "memory": 1024000, "gpu": 1024000, "npu": 1000}
            },
            "ext_devices": [
                {"source": "string", "destination": "string", "cgroup_permissions": "string"}
            ]
        },
        "liveness_probe": probe,
        "readiness_probe": probe,
        "arch": ["x86_64"],
        "command": ["/bin/sh"],
        "args": ["-c", "start.sh"],
        "outputs": ["output-1"],
        "inputs": ["input-1"],
        "services": ["service-1"],
        "supplier": "华为",
        "tpl_id": "sys_general_opcua"
    })
}

fn required_body() -> Value {
    json!({
        "version": "1.0.0",
        "container_settings": {"image_url": "swr.cn-north-4.myhuaweicloud.com/ns/app:1.0"},
        "arch": ["x86_64"]
    })
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "the documented request example",
            edge_app_id: "edge-app-0001",
            project: Project::Credentials(PROJECT_ID),
            auth_token: None,
            body: documented_body(),
            sent_body: None,
        },
        Case {
            name: "required fields only",
            edge_app_id: "edge-app-0002",
            project: Project::Credentials(PROJECT_ID),
            auth_token: None,
            body: required_body(),
            sent_body: None,
        },
        Case {
            name: "unicode and special characters in strings and path parameters",
            // `/` and `%41` must stay inside the segment; `~` is the one unreserved character
            // beyond letters, digits and `-._`.
            edge_app_id: "app 1/é%41+*~'(中)",
            project: Project::Credentials("proj 1/+=%2F"),
            auth_token: None,
            body: json!({
                "version": "版本 1.0 ünïcode +&=%*~",
                "description": "描述 😀 \"dq\" 'sq' back\\slash /slash %41 %zz \t tab \n newline \u{7f} \u{2028}",
                "deploy_type": "process",
                "deploy_multi_instance": true,
                "container_settings": {
                    "configs": {
                        "privileged": true,
                        "host_network": false,
                        "restart_policy": "Always",
                        "container_port_list": [
                            {"container_port": 0, "host_port": 1, "host_ip": "::1"},
                            {"container_port": 2147483647}
                        ]
                    },
                    "image_url": "swr.example.com/名前/app:1.0?x=y&z=%20",
                    "envs": {"ÄÖ": "ü", "PATH": "/usr/bin:/bin", "JSON": "{\"a\":[1,2]}", "EMPTY": ""},
                    "volumes": [
                        {"name": "卷", "type": "hostPath", "source": "/数据", "destination": "/data x", "read_only": false},
                        {"name": "v2", "source": "/a", "destination": "/b"}
                    ],
                    "npu_type": "D310",
                    "vnpu_template": "vir01",
                    "resources": {
                        "limits": {"cpu": 0.5, "memory": 0.25, "gpu": 0, "npu": 1.5},
                        "requests": {"cpu": 0.1}
                    },
                    "ext_devices": [{"source": "/dev/设备", "destination": "/dev/d 1"}]
                },
                "liveness_probe": {
                    "exec_command": "sh -c 'echo \"ok\" && exit 0'",
                    "initial_delay_seconds": 0,
                    "timeout_seconds": 1
                },
                "readiness_probe": {
                    "http_get": {"path": "/健康?x=1&y=%2F", "port": 443, "host": "主机.example.com", "scheme": "HTTPS"},
                    "initial_delay_seconds": 5,
                    "timeout_seconds": 3,
                    "period_seconds": 10,
                    "failure_threshold": 1
                },
                "arch": ["x86_64", "arm64", "aarch32 ü"],
                "command": ["/bin/sh", "-c", "echo $HOME && ls \"/tmp/a b\""],
                "args": [],
                "outputs": ["输出"],
                "inputs": ["a,b", ""],
                "services": ["svc/1", "svc?2"],
                "supplier": "华为 & Co. <b>",
                "tpl_id": "tpl_😀"
            }),
            sent_body: None,
        },
        Case {
            name: "project id set on the request, none in the credentials",
            edge_app_id: "edge-app-0003",
            project: Project::Request {
                request: "req0a1b2c3d4e5f60718293a4b5c6d7e8",
                credentials: None,
            },
            auth_token: None,
            body: required_body(),
            sent_body: None,
        },
        Case {
            name: "project id set on the request overrides the credentials' one",
            edge_app_id: "edge-app-0004",
            project: Project::Request {
                request: "req0a1b2c3d4e5f60718293a4b5c6d7e8",
                credentials: Some(PROJECT_ID),
            },
            auth_token: None,
            body: required_body(),
            sent_body: None,
        },
        Case {
            name: "X-Auth-Token set",
            edge_app_id: "edge-app-0005",
            project: Project::Credentials(PROJECT_ID),
            auth_token: Some("MIIE+ZQYJKoZIhvcNAQcCoIIE/jCCBPoCAQExDTALBglghkgBZQMEAgEwggLY=="),
            body: required_body(),
            sent_body: None,
        },
        Case {
            name: "nulls and unknown fields are dropped",
            edge_app_id: "edge-app-0006",
            project: Project::Credentials(PROJECT_ID),
            auth_token: None,
            body: json!({
                "version": "1.0.0",
                "description": null,
                "no_such_field": "dropped",
                "container_settings": {
                    "image_url": "i",
                    "npu_type": null,
                    "nested_unknown": {"a": 1},
                    "resources": {"limits": {"cpu": 2, "memory": null}}
                },
                "liveness_probe": null,
                "arch": ["x86_64"],
                "command": null
            }),
            sent_body: Some(json!({
                "version": "1.0.0",
                "container_settings": {"image_url": "i", "resources": {"limits": {"cpu": 2.0}}},
                "arch": ["x86_64"]
            })),
        },
    ]
}

fn case_named(name: &str) -> Case {
    cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case named {name:?}"))
}

// ----------------------------------------------------------------------------
// the canned answers

const RESPONSE_REQUEST_ID: &str = "hw-req-201";

/// The page's response example with its mistakes fixed, so both SDKs can parse it: the page writes
/// `arch`, `command`, `args`, `outputs`, `inputs` and `services` as one string, the
/// `container_port_list`, `volumes` and `ext_devices` arrays as one object, and `publish_time` and
/// `off_shelf_time` as `{}`; the response table documents arrays and strings.
fn documented_response() -> Value {
    let probe = json!({
        "exec_command": "string",
        "tcp_socket": {"port": 65535},
        "http_get": {"path": "string", "port": 65535, "host": "string", "scheme": "HTTP"},
        "initial_delay_seconds": 3600,
        "timeout_seconds": 3600,
        "period_seconds": 30,
        "failure_threshold": 3
    });
    let resources = json!({"cpu": 1000, "memory": 1024000, "gpu": 1024000, "npu": 1000});
    json!({
        "edge_app_id": "string",
        "name": "string",
        "deploy_type": "string",
        "deploy_multi_instance": false,
        "version": "string",
        "sdk_version": "string",
        "description": "string",
        "create_time": "string",
        "update_time": "string",
        "state": "DRAFT",
        "liveness_probe": probe,
        "readiness_probe": probe,
        "arch": ["string"],
        "command": ["string"],
        "args": ["string"],
        "container_settings": {
            "configs": {
                "privileged": false,
                "host_network": true,
                "restart_policy": "string",
                "container_port_list": [
                    {"container_port": 65535, "host_port": 65535, "host_ip": "string"}
                ]
            },
            "image_url": "string",
            "envs": {},
            "volumes": [{
                "name": "string",
                "type": "string",
                "source": "string",
                "destination": "string",
                "read_only": true
            }],
            "resources": {"limits": resources, "requests": resources},
            "ext_devices": [
                {"source": "string", "destination": "string", "cgroup_permissions": "string"}
            ]
        },
        "outputs": ["string"],
        "inputs": ["string"],
        "services": ["string"],
        "publish_time": "string",
        "off_shelf_time": "string",
        "supplier": "华为",
        "tpl_id": "sys_general_opcua"
    })
}

fn created() -> Vec<CannedResponse> {
    vec![CannedResponse::json(201, &documented_response())
        .with_header("X-Request-Id", RESPONSE_REQUEST_ID)]
}

// ----------------------------------------------------------------------------
// the tests

#[tokio::test]
async fn create_edge_app_version_matches_the_official_sdk() {
    let mut problems = Vec::new();
    for case in cases() {
        run_case(&case, &mut problems).await;
    }
    report(problems);
}

/// The typed builder and the JSON form (wire names) make the same request, and `call_by_name`
/// sends exactly what the typed call sends.
#[tokio::test]
async fn builder_json_and_call_by_name_send_the_same_request() {
    let mut problems = Vec::new();

    let required = &case_named("required fields only");
    let built = CreateEdgeAppVersionRequest::builder()
        .edge_app_id(required.edge_app_id)
        .version("1.0.0")
        .container_settings(ContainerSettingsDto::new("swr.cn-north-4.myhuaweicloud.com/ns/app:1.0"))
        .arch(vec!["x86_64".to_owned()])
        .build()
        .expect("every required field is set");
    if built != our_request(required) {
        problems.push(format!(
            "the builder made {built:?}, the JSON form {:?}",
            our_request(required)
        ));
    }

    let names = [
        "the documented request example",
        "unicode and special characters in strings and path parameters",
        "project id set on the request overrides the credentials' one",
        "X-Auth-Token set",
    ];
    for case in &names.map(case_named) {
        let typed_server = RecordingServer::start(created());
        if let Err(e) = client(&typed_server, case.project)
            .create_edge_app_version(our_request(case))
            .await
        {
            problems.push(format!("[{}] typed call failed: {e}", case.name));
        }
        let by_name_server = RecordingServer::start(created());
        if let Err(e) = client(&by_name_server, case.project)
            .call_by_name("CreateEdgeAppVersion", our_input(case))
            .await
        {
            problems.push(format!("[{}] call_by_name failed: {e}", case.name));
        }
        let typed = single(&typed_server, "typed", &mut problems);
        let mut by_name = single(&by_name_server, "by name", &mut problems);
        // Only the port in `host` differs, and so the signature.
        by_name.headers.insert("host".into(), typed_server.host());
        by_name.headers.remove("authorization");
        let mut typed_unsigned = typed.clone();
        typed_unsigned.headers.remove("authorization");
        if typed_unsigned != by_name {
            problems.push(format!(
                "[{}] call_by_name sent\n{by_name:#?}\nthe typed call\n{typed_unsigned:#?}",
                case.name
            ));
        }
    }
    report(problems);
}

#[tokio::test]
async fn service_error_is_the_typed_error_and_the_official_sdk_sees_the_same_code() {
    let error = CannedResponse::json(
        400,
        &json!({"error_code": "IOTEDGE.00000001", "error_msg": "bad", "request_id": "r-1"}),
    )
    .with_header("X-Request-Id", "r-1");
    let case = &case_named("required fields only");
    let mut problems = Vec::new();

    let oracle_server = RecordingServer::start(vec![error.clone()]);
    let out = run_oracle(&oracle_input(case, &oracle_server));
    let expected_oracle = json!({
        "ok": false, "kind": "service", "error_type": "ClientRequestException",
        "code": "IOTEDGE.00000001", "message": "bad", "request_id": "r-1",
        "status_code": 400, "ignored_params": []
    });
    if out != expected_oracle {
        problems.push(format!(
            "oracle error: expected {expected_oracle}, got {out}"
        ));
    }

    let our_server = RecordingServer::start(vec![error]);
    let result = client(&our_server, case.project)
        .create_edge_app_version(our_request(case))
        .await;
    match result {
        Err(SdkError::Service(err)) if err.is_unhandled() => {
            let got = (err.status(), err.code(), err.message(), err.request_id());
            let expected = (400, "IOTEDGE.00000001", "bad", Some("r-1"));
            if got != expected {
                problems.push(format!("our error: expected {expected:?}, got {got:?}"));
            }
            let inner = err.service_error();
            let inner_got = (
                inner.status(),
                inner.code(),
                inner.message(),
                inner.request_id(),
            );
            if inner_got != expected {
                problems.push(format!(
                    "our service error: expected {expected:?}, got {inner_got:?}"
                ));
            }
            let shown = err.to_string();
            if shown != "IOTEDGE.00000001: bad (HTTP 400, request id r-1)" {
                problems.push(format!("our error displays as {shown:?}"));
            }
        }
        other => problems.push(format!("our error: expected Unhandled, got {other:?}")),
    }

    // The failing call is still the same request on the wire, and is not retried.
    let oracle = single(&oracle_server, "oracle", &mut problems);
    let ours = single(&our_server, "ours", &mut problems);
    compare_wire(case, &oracle, &ours, &mut problems);
    report(problems);
}

// ----------------------------------------------------------------------------
// one case

async fn run_case(case: &Case, problems: &mut Vec<String>) {
    let mut case_problems = Vec::new();

    let oracle_server = RecordingServer::start(created());
    let out = run_oracle(&oracle_input(case, &oracle_server));
    check_oracle_result(case, &out, &mut case_problems);

    let our_server = RecordingServer::start(created());
    match client(&our_server, case.project)
        .create_edge_app_version(our_request(case))
        .await
    {
        Ok(response) => {
            let got = response_json(&response);
            let mut diffs = Vec::new();
            json_diff("", &documented_response(), &got, true, &mut diffs);
            for d in diffs {
                case_problems.push(format!("our typed response: {d}"));
            }
        }
        Err(e) => case_problems.push(format!("our call failed: {e} ({e:?})")),
    }

    let oracle = single(&oracle_server, "oracle", &mut case_problems);
    let ours = single(&our_server, "ours", &mut case_problems);
    compare_wire(case, &oracle, &ours, &mut case_problems);
    add_case_problems(problems, case.name, case_problems);
}

/// The oracle parsed the canned 201 with its response model, and (d), (e) reported as ignored
/// exactly the parameters its request model does not have.
fn check_oracle_result(case: &Case, out: &Value, problems: &mut Vec<String>) {
    let mut ignored: Vec<&str> = Vec::new();
    if case.auth_token.is_some() {
        ignored.push("X-Auth-Token");
    }
    if matches!(case.project, Project::Request { .. }) {
        ignored.push("project_id");
    }
    ignored.sort_unstable();
    let expected_head = json!({"ok": true, "status_code": 201, "ignored_params": ignored});
    for (key, value) in object(&expected_head) {
        if out.get(key) != Some(value) {
            problems.push(format!(
                "oracle result: `{key}` is {:?}, expected {value} (documented differences \
                 (d), (e) changed?) in {out}",
                out.get(key)
            ));
        }
    }
    match out.get("response") {
        Some(response) => {
            let mut diffs = Vec::new();
            json_diff("", &documented_response(), response, true, &mut diffs);
            for d in diffs {
                problems.push(format!("oracle response: {d}"));
            }
        }
        None => problems.push(format!("oracle result has no response: {out}")),
    }
}

/// The oracle's input: path parameter and body by wire name, plus what only we can send, which
/// the official SDK must report as ignored.
fn oracle_input(case: &Case, server: &RecordingServer) -> Value {
    let mut params = json!({"edge_app_id": case.edge_app_id, "body": case.body});
    if let Project::Request { request, .. } = case.project {
        params["project_id"] = json!(request);
    }
    if let Some(token) = case.auth_token {
        params["X-Auth-Token"] = json!(token);
    }
    json!({
        "vendor": "huawei",
        "service": "iotedge",
        "operation": "CreateEdgeApplicationVersion",
        "endpoint": server.url(),
        "ak": ACCESS_KEY,
        "sk": SECRET_KEY,
        "project_id": case.project.effective(),
        "params": params,
    })
}

/// Our request in its JSON form: the body's wire names plus the path and header parameters.
fn our_input(case: &Case) -> Value {
    let mut input = case.body.clone();
    let map = input.as_object_mut().expect("a body is an object");
    map.insert("edge_app_id".into(), json!(case.edge_app_id));
    if let Project::Request { request, .. } = case.project {
        map.insert("project_id".into(), json!(request));
    }
    if let Some(token) = case.auth_token {
        map.insert("X-Auth-Token".into(), json!(token));
    }
    input
}

fn our_request(case: &Case) -> CreateEdgeAppVersionRequest {
    serde_json::from_value(our_input(case)).unwrap_or_else(|e| {
        panic!(
            "[{}] our request does not read its JSON form: {e}",
            case.name
        )
    })
}

fn client(server: &RecordingServer, project: Project) -> Client {
    let mut credentials = Credentials::new(ACCESS_KEY, SECRET_KEY);
    let credentials_project = match project {
        Project::Credentials(p) => Some(p),
        Project::Request { credentials, .. } => credentials,
    };
    if let Some(p) = credentials_project {
        credentials = credentials.with_project_id(p);
    }
    let config = config(server, "cn-north-4", credentials)
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

/// Our typed response as JSON with its wire names, absent fields left out.
fn response_json(r: &CreateEdgeAppVersionResponse) -> Value {
    let mut value = json!({
        "edge_app_id": r.edge_app_id,
        "name": r.name,
        "deploy_type": r.deploy_type,
        "deploy_multi_instance": r.deploy_multi_instance,
        "version": r.version,
        "sdk_version": r.sdk_version,
        "description": r.description,
        "create_time": r.create_time,
        "update_time": r.update_time,
        "state": r.state,
        "liveness_probe": r.liveness_probe,
        "readiness_probe": r.readiness_probe,
        "arch": r.arch,
        "command": r.command,
        "args": r.args,
        "container_settings": r.container_settings,
        "outputs": r.outputs,
        "inputs": r.inputs,
        "services": r.services,
        "publish_time": r.publish_time,
        "off_shelf_time": r.off_shelf_time,
        "supplier": r.supplier,
        "tpl_id": r.tpl_id,
    });
    value
        .as_object_mut()
        .expect("an object")
        .retain(|_, v| !v.is_null());
    value
}

// ----------------------------------------------------------------------------
// the comparison

fn compare_wire(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    let target = expected_target(case);
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        if req.method != "POST" {
            problems.push(format!("{who}: method {}", req.method));
        }
        if req.target != target {
            problems.push(format!(
                "{who}: request target {:?}, expected {target:?}",
                req.target
            ));
        }
    }
    compare_bodies(case, oracle, ours, problems);
    compare_headers(case, oracle, ours, problems);
    check_signatures(case, oracle, ours, problems);
}

/// `/v2/{project_id}/edge-apps/{edge_app_id}/versions`, each parameter one segment with every
/// byte but `A-Z a-z 0-9 - . _ ~` percent-encoded (upper-case hex), as Python's
/// `quote(value, safe='')` in the official SDK does.
fn expected_target(case: &Case) -> String {
    format!(
        "/v2/{}/edge-apps/{}/versions",
        encode_segment(case.project.effective()),
        encode_segment(case.edge_app_id)
    )
}

fn encode_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn compare_bodies(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    let parse = |who: &str, req: &RecordedRequest, problems: &mut Vec<String>| {
        serde_json::from_slice::<Value>(&req.body)
            .map_err(|e| {
                problems.push(format!(
                    "{who}: body is not JSON ({e}): {:?}",
                    req.body_text()
                ))
            })
            .ok()
    };
    let (Some(theirs), Some(mine)) = (
        parse("oracle", oracle, problems),
        parse("ours", ours, problems),
    ) else {
        return;
    };
    // Each side sent what the caller meant, numbers compared as numbers (float fields are written
    // `1000.0` by both).
    for (who, sent) in [("oracle", &theirs), ("ours", &mine)] {
        let mut diffs = Vec::new();
        json_diff("", case.sent_body(), sent, true, &mut diffs);
        for d in diffs {
            problems.push(format!("{who} body vs the input: {d}"));
        }
    }
    // And the two sent the same JSON, number forms included.
    let mut diffs = Vec::new();
    json_diff("", &theirs, &mine, false, &mut diffs);
    for d in diffs {
        problems.push(format!("body, oracle vs ours: {d}"));
    }

    // (b) The official SDK's body is ASCII (simplejson's `ensure_ascii`); ours is UTF-8 and
    // escapes only what JSON requires.
    if !oracle.body.is_ascii() {
        problems.push(format!(
            "oracle: body is not ASCII (documented difference (b) changed): {:?}",
            oracle.body_text()
        ));
    }
    let has_non_ascii = !serde_json::to_string(case.sent_body())
        .expect("json")
        .is_ascii();
    if has_non_ascii && ours.body.is_ascii() {
        problems.push(format!(
            "ours: body escapes non-ASCII characters: {:?}",
            ours.body_text()
        ));
    }
}

/// Differences between two JSON values, one line each with its JSON pointer. With `loose_numbers`
/// numbers compare by value (`2` equals `2.0`), otherwise by their JSON form.
fn json_diff(at: &str, expected: &Value, got: &Value, loose_numbers: bool, out: &mut Vec<String>) {
    match (expected, got) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let here = format!("{at}/{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => json_diff(&here, x, y, loose_numbers, out),
                    (Some(x), None) => out.push(format!("`{here}` is missing (expected {x})")),
                    (None, Some(y)) => out.push(format!("`{here}` is unexpected: {y}")),
                    (None, None) => unreachable!("key from either map"),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                json_diff(&format!("{at}/{i}"), x, y, loose_numbers, out);
            }
        }
        (Value::Number(a), Value::Number(b))
            if loose_numbers && a.as_f64().is_some() && a.as_f64() == b.as_f64() => {}
        _ if expected == got => {}
        _ => out.push(format!("`{at}` is {got}, expected {expected}")),
    }
}

fn compare_headers(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    // The header sets: the same, apart from (a) and (d).
    let oracle_names = header_names(oracle, &[]);
    let our_names = header_names(ours, &[]);
    let only_oracle: Vec<&str> = oracle_names.difference(&our_names).copied().collect();
    let only_ours: Vec<&str> = our_names.difference(&oracle_names).copied().collect();
    let expected_only_oracle: Vec<&str> = ORACLE_ONLY_HEADERS.iter().map(|(n, _)| *n).collect();
    let expected_only_ours: Vec<&str> = case
        .auth_token
        .map(|_| "x-auth-token")
        .into_iter()
        .collect();
    if only_oracle != expected_only_oracle || only_ours != expected_only_ours {
        problems.push(format!(
            "header names: only the oracle sends {only_oracle:?} (expected \
             {expected_only_oracle:?}), only we send {only_ours:?} (expected \
             {expected_only_ours:?}): they differ beyond (a) and (d)"
        ));
    }
    for (name, value) in ORACLE_ONLY_HEADERS {
        if oracle.header(name) != Some(value) {
            problems.push(format!(
                "oracle: `{name}` is {:?}, expected {value:?} (documented difference (a) changed)",
                oracle.header(name)
            ));
        }
    }
    // (d) We send the token as given.
    if ours.header("x-auth-token") != case.auth_token {
        problems.push(format!(
            "ours: x-auth-token {:?}, expected {:?}",
            ours.header("x-auth-token"),
            case.auth_token
        ));
    }

    // (a), (b) The headers whose values differ, exactly as described.
    for (name, theirs, mine) in DIFFERENT_VALUES {
        for (who, req, value) in [("oracle", oracle, theirs), ("ours", ours, mine)] {
            if req.header(name) != Some(value) {
                problems.push(format!(
                    "{who}: `{name}` is {:?}, expected {value:?} (documented difference changed)",
                    req.header(name)
                ));
            }
        }
    }
    // Every other shared header that is not per request has the same value.
    compare_shared_values(
        oracle,
        ours,
        &oracle_names,
        &our_names,
        |name| {
            PER_REQUEST_HEADERS.contains(&name) || DIFFERENT_VALUES.iter().any(|(n, ..)| *n == name)
        },
        problems,
    );
    // The project: the one the path names, from the credentials or the request.
    let project = case.project.effective();
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        if req.header("x-project-id") != Some(project) {
            problems.push(format!(
                "{who}: x-project-id {:?}, expected {project:?} (the project of the path)",
                req.header("x-project-id")
            ));
        }
    }

    // (a) The user agents name their SDKs.
    check_user_agents(oracle, "huaweicloud-usdk-python/3.0", ours, problems);

    // The per-request headers, each against what it must be.
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        check_content_length(who, req, problems);
        let date = req.header("x-sdk-date").unwrap_or_default();
        let date_ok = time::PrimitiveDateTime::parse(
            date,
            time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"),
        )
        .is_ok();
        if !date_ok {
            problems.push(format!(
                "{who}: x-sdk-date {date:?} is not yyyymmddThhmmssZ"
            ));
        }
    }
    if ours.header("x-sdk-date") != Some(OUR_SDK_DATE) {
        problems.push(format!(
            "ours: x-sdk-date {:?}, expected the configured time {OUR_SDK_DATE:?}",
            ours.header("x-sdk-date")
        ));
    }
}

// ----------------------------------------------------------------------------
// signatures

/// Re-derives the `Authorization` of a recorded request with our stage functions, from the
/// recorded bytes alone: method, the raw path of the target (its percent-encoding is what the
/// signer canonicalizes), the decoded query, the headers the request declares signed (with its
/// own `X-Sdk-Date`), and the body. Returns the authorization and the canonical request.
fn recompute_authorization(
    req: &RecordedRequest,
    declared: &[String],
) -> Result<(String, String), String> {
    let host = req.header("host").ok_or("no host header")?;
    let path = req
        .target
        .split_once('?')
        .map_or(req.target.as_str(), |(p, _)| p);
    let mut http = HttpRequest::new(&req.method, "http", host, path);
    http.query = req.query.clone();
    for name in declared {
        let value = req
            .header(name)
            .ok_or_else(|| format!("declares `{name}` signed but does not send it"))?;
        http.set_header(name, value);
    }
    http.body = req.body.clone();
    let credentials = Credentials::new(ACCESS_KEY, SECRET_KEY);
    let stages = huawei::stages(&http, &credentials).map_err(|e| e.to_string())?;
    if stages.canonical_request.signed_headers().names() != declared {
        return Err(format!(
            "our signer would sign {:?}, the request declares {declared:?}",
            stages.canonical_request.signed_headers().names()
        ));
    }
    Ok((stages.authorization, stages.canonical_request.to_string()))
}

fn check_signatures(
    case: &Case,
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    for (who, req) in [("oracle", oracle), ("ours", ours)] {
        let Some((sent, auth)) =
            sent_authorization(who, req, parse_sdk_hmac_authorization, problems)
        else {
            continue;
        };
        if auth.access_key_id != ACCESS_KEY {
            problems.push(format!("{who}: access key {:?}", auth.access_key_id));
        }

        // (c) What each side signs. The official signer runs before `requests` adds `accept`,
        // `accept-encoding`, `connection` and `content-length`; we sign every header we send
        // (the transport adds `content-length` after signing).
        let expected_signed: Vec<String> = match who {
            "oracle" => ORACLE_SIGNED.iter().map(|s| (*s).to_owned()).collect(),
            _ => req
                .headers
                .keys()
                .filter(|n| !["authorization", "content-length"].contains(&n.as_str()))
                .cloned()
                .collect(),
        };
        if auth.signed_headers != expected_signed {
            problems.push(format!(
                "{who}: signs {:?}, expected {expected_signed:?} (documented difference (c))",
                auth.signed_headers
            ));
        }
        let token = case
            .auth_token
            .filter(|_| who == "ours")
            .map(|_| "x-auth-token");
        check_signed(who, &auth, ORACLE_SIGNED.into_iter().chain(token), problems);

        // Our signer reproduces the official signature byte for byte, and ours verifies.
        match recompute_authorization(req, &auth.signed_headers) {
            Ok((recomputed, _)) if recomputed == sent => {}
            Ok((recomputed, canonical)) => problems.push(format!(
                "{who}: authorization does not verify:\n  sent:       {sent}\n  recomputed: \
                 {recomputed}\n  our canonical request:\n{canonical}"
            )),
            Err(e) => problems.push(format!("{who}: {e}")),
        }
    }
}

/// A type of more than three required fields is built field by field, and `build()` names the
/// first one left unset instead of sending a request without it.
#[test]
fn the_builder_names_a_required_field_left_unset() {
    let missing = CreateEdgeAppVersionRequest::builder().edge_app_id("edge-app").version("1.0.0").arch(vec!["x86_64".to_owned()]).build().expect_err("container settings are required");
    assert_eq!(missing.field(), "container_settings");
    let built = CreateEdgeAppVersionRequest::builder()
        .edge_app_id("edge-app")
        .version("1.0.0")
        .container_settings(ContainerSettingsDto::new("swr.cn-north-4.myhuaweicloud.com/ns/app:1.0"))
        .arch(vec!["x86_64".to_owned()])
        .build()
        .expect("every required field is set");
    assert_eq!((built.edge_app_id.as_str(), built.version.as_str()), ("edge-app", "1.0.0"));
}
