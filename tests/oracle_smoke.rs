//! Smoke test of the wire-parity machinery: the recording HTTP server
//! (`doc2sdk_tests::recorder`) and the official-SDK oracles
//! (`doc2sdk_tests::oracle`, `tests/oracles/oracle.py`).
//!
//! Run with `DOC2SDK_ORACLE_PYTHON=/path/to/python` (or after `cargo xtask test`
//! created `.venv-oracles`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use doc2sdk_tests::oracle::run_oracle;
use doc2sdk_tests::recorder::{percent_decode, CannedResponse, RecordedRequest, RecordingServer};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

// ----------------------------------------------------------------------------
// helpers

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

/// Reads one HTTP/1.1 response with a Content-Length body: (status, headers, body).
fn read_response(r: &mut BufReader<TcpStream>) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap();
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    (status, headers, body)
}

fn signed_headers(authorization: &str) -> Vec<String> {
    let start = authorization
        .find("SignedHeaders=")
        .expect("SignedHeaders in Authorization")
        + "SignedHeaders=".len();
    let rest = &authorization[start..];
    let end = rest.find(',').unwrap_or(rest.len());
    rest[..end].split(';').map(str::to_string).collect()
}

fn header_names(req: &RecordedRequest) -> Vec<&str> {
    req.headers.keys().map(String::as_str).collect()
}

// ----------------------------------------------------------------------------
// the recorder on its own (no Python needed)

#[test]
fn percent_decoding_is_utf8_and_lenient() {
    assert_eq!(percent_decode("%E4%B8%AD%E6%96%87", false), "中文");
    assert_eq!(percent_decode("a+b%2Bc", true), "a b+c");
    assert_eq!(percent_decode("a+b", false), "a+b");
    assert_eq!(percent_decode("100%", false), "100%");
    assert_eq!(percent_decode("%zz%4", false), "%zz%4");
    assert_eq!(percent_decode("%c3%a9", true), "é");
}

#[test]
fn recorder_handles_keep_alive_chunked_and_expect_continue() {
    let server = RecordingServer::start(vec![
        CannedResponse::new(201, "first").with_header("X-Canned", "1"),
        CannedResponse::json(200, &json!({"n": 2})),
    ]);
    assert_eq!(server.host(), format!("127.0.0.1:{}", server.addr().port()));
    let stream = TcpStream::connect(server.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut w = stream.try_clone().unwrap();
    let mut r = BufReader::new(stream);

    // 1. Content-Length body, encoded path and query, repeated header.
    let body1 = "k=v&s=a+b%26c&e=%C3%A9&empty=&bare";
    write!(
        w,
        "POST /a%20b/%E4%B8%AD%2Fx?x=1&y=a+b&z=%C3%A9&flag HTTP/1.1\r\nHost: {}\r\nX-Dup: a\r\nx-dup: b\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body1}",
        server.host(),
        body1.len()
    )
    .unwrap();
    let (status, headers, body) = read_response(&mut r);
    assert_eq!(status, 201);
    assert_eq!(body, b"first");
    assert!(headers.contains(&("x-canned".into(), "1".into())));
    assert!(headers.contains(&("connection".into(), "keep-alive".into())));

    // 2. Same connection: chunked body with a chunk extension and a trailer.
    write!(
        w,
        "PUT /chunked HTTP/1.1\r\nHost: {}\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n\
         5\r\n{{\"a\":\r\n6;ext=1\r\n\"b c\"}}\r\n0\r\nX-Trailer: t\r\n\r\n",
        server.host()
    )
    .unwrap();
    let (status, _, body) = read_response(&mut r);
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"n": 2})
    );

    // 3. Same connection: Expect: 100-continue, then close; the last response repeats.
    write!(
        w,
        "POST /expect HTTP/1.1\r\nHost: {}\r\nExpect: 100-continue\r\nContent-Length: 4\r\nConnection: close\r\n\r\n",
        server.host()
    )
    .unwrap();
    let mut interim = String::new();
    r.read_line(&mut interim).unwrap();
    assert_eq!(interim, "HTTP/1.1 100 Continue\r\n");
    let mut blank = String::new();
    r.read_line(&mut blank).unwrap();
    assert_eq!(blank, "\r\n");
    w.write_all(b"ping").unwrap();
    let (status, headers, body) = read_response(&mut r);
    assert_eq!(status, 200);
    assert_eq!(body, br#"{"n":2}"#);
    assert!(headers.contains(&("connection".into(), "close".into())));
    let mut rest = Vec::new();
    r.read_to_end(&mut rest).unwrap(); // server closed the connection
    assert!(rest.is_empty());

    let reqs = server.requests();
    assert_eq!(reqs.len(), 3, "{reqs:#?}");

    let a = &reqs[0];
    assert_eq!(a.method, "POST");
    assert_eq!(a.target, "/a%20b/%E4%B8%AD%2Fx?x=1&y=a+b&z=%C3%A9&flag");
    assert_eq!(a.path, "/a b/中/x");
    assert_eq!(
        a.query,
        pairs(&[("x", "1"), ("y", "a b"), ("z", "é"), ("flag", "")])
    );
    assert_eq!(a.query_param("z"), Some("é"));
    assert_eq!(a.header("X-DUP"), Some("a, b"));
    assert_eq!(a.headers["host"], server.host());
    assert_eq!(
        a.form_body(),
        pairs(&[
            ("k", "v"),
            ("s", "a b&c"),
            ("e", "é"),
            ("empty", ""),
            ("bare", "")
        ])
    );

    let b = &reqs[1];
    assert_eq!((b.method.as_str(), b.path.as_str()), ("PUT", "/chunked"));
    assert!(b.query.is_empty());
    assert_eq!(b.json_body(), json!({"a": "b c"}));
    assert_eq!(b.header("transfer-encoding"), Some("chunked"));

    let c = &reqs[2];
    assert_eq!(c.path, "/expect");
    assert_eq!(c.body, b"ping");
    assert_eq!(c.header("expect"), Some("100-continue"));

    // A second, concurrent connection is served too.
    let mut s2 = TcpStream::connect(server.addr()).unwrap();
    write!(
        s2,
        "GET /again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let (status, _, _) = read_response(&mut BufReader::new(s2));
    assert_eq!(status, 200);
    assert_eq!(server.take_requests().len(), 4);
    assert!(server.requests().is_empty());
    drop(server); // stops and joins
}

// ----------------------------------------------------------------------------
// Alibaba Cloud ESA through the official SDK

const ACS3_SIGNED: &[&str] = &[
    "accept",
    "content-type",
    "host",
    "user-agent",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-credentials-provider",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

fn assert_acs3_request(
    req: &RecordedRequest,
    server: &RecordingServer,
    action: &str,
    extra_signed: &[&str],
) {
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/");
    assert_eq!(req.header("host"), Some(server.host().as_str()));
    assert_eq!(req.header("x-acs-action"), Some(action));
    assert_eq!(req.header("x-acs-version"), Some("2024-09-10"));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let date = req.header("x-acs-date").unwrap();
    assert!(
        date.len() == 20 && date.ends_with('Z') && date.as_bytes()[10] == b'T',
        "x-acs-date {date}"
    );
    assert_eq!(req.header("x-acs-signature-nonce").unwrap().len(), 32);
    assert!(req
        .header("user-agent")
        .unwrap()
        .starts_with("AlibabaCloud ("));
    // The payload hash header is the SHA-256 of exactly the bytes that arrived.
    assert_eq!(
        req.header("x-acs-content-sha256").unwrap(),
        hex::encode(Sha256::digest(&req.body))
    );
    let auth = req.header("authorization").unwrap();
    assert!(
        auth.starts_with("ACS3-HMAC-SHA256 Credential=AKIDsmoke,SignedHeaders="),
        "{auth}"
    );
    let sig = auth.rsplit_once(",Signature=").expect("Signature").1;
    assert!(
        sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit()),
        "{auth}"
    );
    let mut expected: Vec<String> = ACS3_SIGNED
        .iter()
        .chain(extra_signed)
        .map(|s| s.to_string())
        .collect();
    expected.sort();
    assert_eq!(signed_headers(auth), expected);
    // Every header on the wire is signed, except the two added below the SDK's signer.
    let mut unsigned: Vec<&str> = header_names(req)
        .into_iter()
        .filter(|h| !expected.iter().any(|e| e == h))
        .collect();
    unsigned.sort();
    assert_eq!(
        unsigned,
        ["accept-encoding", "authorization", "content-length"]
    );
    assert_eq!(req.header("accept-encoding"), Some("identity"));
}

#[test]
fn esa_oracle_requests_reach_the_recorder() {
    let server = RecordingServer::start(vec![
        CannedResponse::json(
            200,
            &json!({"RequestId": "req-create", "VersionId": "ver-123", "Unknown": 1}),
        ),
        CannedResponse::json(200, &json!({"RequestId": "req-publish"})),
        CannedResponse::json(
            400,
            &json!({"RequestId": "req-err", "Code": "InvalidParameter.AppId", "Message": "The AppId is invalid."}),
        ),
    ]);
    let containers = json!([{
        "Name": "c1",
        "Image": "registry.example.com/ns/app:1.0",
        "IsACRImage": true,
        "Spec": "1C2G",
        "Storage": "0.5G",
        "ProbeType": "httpGet",
        "Command": "sh -c",
        "Args": "run --port 80",
        "EnvVariables": "A=1,B=x y",
        "ACRImageInfo": {
            "Domain": "ent.cr.aliyuncs.com",
            "InstanceId": "cri-1",
            "IsEnterpriseRegistry": false,
            "RegionId": "cn-hangzhou",
            "RepoName": "app",
            "RepoNamespace": "ns",
            "Tag": "1.0"
        },
        "ProbeContent": {
            "Path": "/healthz",
            "Port": 80,
            "Scheme": "HTTP",
            "InitialDelaySeconds": 5,
            "HttpHeaders": "[{\"k\":\"v\"}]"
        }
    }]);
    let base = |operation: &str, params: Value, token: Value| {
        json!({
            "vendor": "alibaba",
            "service": "esa",
            "operation": operation,
            "endpoint": server.host(),
            "access_key_id": "AKIDsmoke",
            "access_key_secret": "secret-smoke",
            "security_token": token,
            "params": params,
            "signature_version": null,
        })
    };

    // --- CreateEdgeContainerAppVersion: everything in the form body.
    let out = run_oracle(&base(
        "CreateEdgeContainerAppVersion",
        json!({"AppId": "app-1", "Name": "version-one", "Remarks": "first try & ünïcode + more", "Containers": containers}),
        Value::Null,
    ));
    assert_eq!(
        out,
        json!({"ok": true, "status_code": 200, "ignored_params": [],
               "response": {"RequestId": "req-create", "VersionId": "ver-123"}}),
        "the SDK's response model keeps only known fields"
    );
    let reqs = server.take_requests();
    assert_eq!(
        reqs.len(),
        1,
        "exactly one request per oracle call: {reqs:#?}"
    );
    let create = &reqs[0];
    assert_acs3_request(create, &server, "CreateEdgeContainerAppVersion", &[]);
    assert_eq!(create.target, "/");
    assert!(create.query.is_empty());
    assert_eq!(
        create.header("x-acs-credentials-provider"),
        Some("static_ak")
    );
    assert!(create.header("x-acs-security-token").is_none());
    let form = create.form_body();
    let names: Vec<&str> = form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["AppId", "Containers", "Name", "Remarks"],
        "form body is sorted by name"
    );
    assert_eq!(create.form_param("AppId").as_deref(), Some("app-1"));
    assert_eq!(create.form_param("Name").as_deref(), Some("version-one"));
    assert_eq!(
        create.form_param("Remarks").as_deref(),
        Some("first try & ünïcode + more")
    );
    // Spaces are '+', '+' is %2B, UTF-8 is percent-encoded.
    assert!(create
        .body_text()
        .contains("Remarks=first+try+%26+%C3%BCn%C3%AFcode+%2B+more"));
    // Containers is ONE form field holding a compact JSON string of the array.
    let containers_str = create.form_param("Containers").unwrap();
    assert!(
        !containers_str.contains(": ") && !containers_str.contains(", "),
        "compact JSON: {containers_str}"
    );
    let sent: Value = serde_json::from_str(&containers_str).unwrap();
    assert_eq!(
        sent, containers,
        "nested ACRImageInfo / ProbeContent survive, booleans and ints stay JSON-typed"
    );
    // ...with keys in the SDK model's field order, not the caller's order.
    let keys: Vec<&str> = sent[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "ACRImageInfo",
            "Args",
            "Command",
            "EnvVariables",
            "Image",
            "IsACRImage",
            "Name",
            "ProbeContent",
            "ProbeType",
            "Spec",
            "Storage"
        ]
    );

    // --- PublishEdgeContainerAppVersion: some params in the query, some in the body.
    let out = run_oracle(&base(
        "PublishEdgeContainerAppVersion",
        json!({
            "AppId": "app-1",
            "VersionId": "ver-123",
            "PublishType": "region",
            "Regions": ["Hangzhou", "Beijing"],
            "FullRelease": true,
            "Percentage": 50,
            "PublishEnv": "production",
            "Remarks": "go",
            "StartTime": "2024-08-01T00:00:00Z",
        }),
        json!("sts-token-smoke"),
    ));
    assert_eq!(out["ok"], json!(true), "{out}");
    assert_eq!(out["response"], json!({"RequestId": "req-publish"}));
    let reqs = server.take_requests();
    assert_eq!(reqs.len(), 1);
    let publish = &reqs[0];
    assert_acs3_request(
        publish,
        &server,
        "PublishEdgeContainerAppVersion",
        &["x-acs-accesskey-id", "x-acs-security-token"],
    );
    assert_eq!(
        publish.header("x-acs-credentials-provider"),
        Some("static_sts")
    );
    assert_eq!(publish.header("x-acs-accesskey-id"), Some("AKIDsmoke"));
    assert_eq!(
        publish.header("x-acs-security-token"),
        Some("sts-token-smoke")
    );
    assert_eq!(
        publish.query,
        pairs(&[
            ("FullRelease", "True"), // Python str(True): capitalised, not "true"
            ("PublishType", "region"),
            ("Regions", r#"["Hangzhou","Beijing"]"#), // one JSON-string param, not Regions.1/Regions.2
            ("VersionId", "ver-123"),
        ])
    );
    assert_eq!(
        publish.form_body(),
        pairs(&[
            ("AppId", "app-1"),
            ("Percentage", "50"),
            ("PublishEnv", "production"),
            ("Remarks", "go"),
            ("StartTime", "2024-08-01T00:00:00Z"),
        ])
    );

    // --- A service error comes back as {"ok": false, ...}, still one request.
    let out = run_oracle(&base(
        "PublishEdgeContainerAppVersion",
        json!({"AppId": "bad", "VersionId": "v", "Regions": ["Hangzhou"], "NotAParam": 1}),
        Value::Null,
    ));
    assert_eq!(out["ok"], json!(false), "{out}");
    assert_eq!(out["kind"], json!("service"));
    assert_eq!(out["error_type"], json!("ClientException"));
    assert_eq!(out["code"], json!("InvalidParameter.AppId"));
    assert_eq!(out["request_id"], json!("req-err"));
    assert_eq!(out["status_code"], json!(400));
    assert_eq!(out["ignored_params"], json!(["NotAParam"]));
    let reqs = server.take_requests();
    assert_eq!(reqs.len(), 1, "no retry: {reqs:#?}");
    assert_eq!(
        sorted(reqs[0].query.clone()),
        pairs(&[("Regions", r#"["Hangzhou"]"#), ("VersionId", "v")])
    );
    assert_eq!(reqs[0].form_body(), pairs(&[("AppId", "bad")]));
}

// ----------------------------------------------------------------------------
// Huawei Cloud IoTEdge through the official SDK

#[test]
fn huawei_iotedge_oracle_request_reaches_the_recorder() {
    let server = RecordingServer::start(vec![
        CannedResponse::json(
            201,
            &json!({"edge_app_id": "app-9", "version": "1.0.0", "state": "DRAFT", "extra": "dropped"}),
        )
        .with_header("X-Request-Id", "hw-req-1"),
        CannedResponse::json(400, &json!({"error_code": "IOTEDGE.00000001", "error_msg": "bad version"}))
            .with_header("X-Request-Id", "hw-req-2"),
    ]);
    let body = json!({
        "version": "1.0.0",
        "description": "smoke é",
        "deploy_type": "docker",
        "deploy_multi_instance": false,
        "container_settings": {"image_url": "swr.example.com/ns/app:1", "envs": {"A": "1"}},
        "command": ["/bin/sh", "-c"],
        "arch": ["x86_64"],
    });
    let input = |params: Value| {
        json!({
            "vendor": "huawei",
            "service": "iotedge",
            "operation": "CreateEdgeApplicationVersion",
            "endpoint": server.url(),
            "ak": "HWAKsmoke",
            "sk": "hw-secret",
            "project_id": "proj-1",
            "params": params,
        })
    };

    let out = run_oracle(&input(json!({"edge_app_id": "app-9", "body": body})));
    assert_eq!(
        out,
        json!({"ok": true, "status_code": 201, "ignored_params": [],
               "response": {"edge_app_id": "app-9", "version": "1.0.0", "state": "DRAFT"}})
    );
    let reqs = server.take_requests();
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    let req = &reqs[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/v2/proj-1/edge-apps/app-9/versions");
    assert!(req.query.is_empty());
    assert_eq!(req.header("host"), Some(server.host().as_str()));
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(req.header("x-project-id"), Some("proj-1"));
    let date = req.header("x-sdk-date").unwrap();
    assert!(
        date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z'),
        "X-Sdk-Date {date}"
    );
    assert!(req
        .header("user-agent")
        .unwrap()
        .starts_with("huaweicloud-usdk-python/3.0"));
    let auth = req.header("authorization").unwrap();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=HWAKsmoke, SignedHeaders="),
        "{auth}"
    );
    assert_eq!(
        auth.split(", ").nth(1),
        Some("SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date")
    );
    let sig = auth.rsplit_once(", Signature=").expect("Signature").1;
    assert!(
        sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit()),
        "{auth}"
    );
    assert_eq!(
        header_names(req),
        [
            "accept",
            "accept-encoding",
            "authorization",
            "connection",
            "content-length",
            "content-type",
            "host",
            "user-agent",
            "x-project-id",
            "x-sdk-date"
        ]
    );
    assert_eq!(req.json_body(), body);
    // simplejson defaults: ", " / ": " separators and \u escapes, keys in model order.
    assert!(
        req.body_text()
            .starts_with(r#"{"version": "1.0.0", "description": "smoke \u00e9", "#),
        "{}",
        req.body_text()
    );

    // Flat params (no "body" key) build the body from the whole object; a service
    // error is reported, not raised.
    let out = run_oracle(&input(
        json!({"edge_app_id": "app-9", "version": "bad", "nonsense": 1}),
    ));
    assert_eq!(
        out,
        json!({"ok": false, "kind": "service", "error_type": "ClientRequestException",
               "code": "IOTEDGE.00000001", "message": "bad version", "request_id": "hw-req-2",
               "status_code": 400, "ignored_params": ["nonsense"]})
    );
    let reqs = server.take_requests();
    assert_eq!(reqs.len(), 1, "no retry: {reqs:#?}");
    assert_eq!(reqs[0].json_body(), json!({"version": "bad"}));
}
