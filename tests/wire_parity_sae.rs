//! Wire parity of the generated SAE client with the OFFICIAL Python SDK
//! (`alibabacloud-sae20190506`, driven through `tests/oracles/oracle_batch.py`), for every
//! operation of `spec/openapi/sae-2019-05-06.json`.
//!
//! Each operation is sent through both SDKs, each call to its own [`RecordingServer`]: once with
//! every documented parameter set to its documented example, and once with only the required
//! parameters (booleans flipped, so `false` is sent too) unless that is the same request. What
//! reached the wire is checked against what the spec says the document asks for: method, path,
//! query parameters (decoded), the body (a JSON body compared as JSON, a form body decoded),
//! the fixed headers and `content-length`, and the `Authorization` header, which our signer must
//! reproduce byte for byte from each recorded request alone (its own date, nonce, headers, body).
//!
//! Our client must send exactly what the document says. The official SDK must too, apart from:
//! - [`KNOWN`]: the reviewed list of what today's SDK does differently from the 2022 document,
//!   per operation, each with its reason. The list must be exact: an entry that no longer happens
//!   fails as well as a difference it does not name;
//! - booleans outside JSON: Python writes `True`/`False`, we write `true`/`false` (as the Alibaba
//!   V3 guide and the other official SDKs do);
//! - headers: the user agents differ and only the official SDK sends `x-acs-credentials-provider`
//!   and signs every header it sends; we sign `host`, `content-type` and the `x-acs-*` headers.
//!
//! Every other difference fails; failures accumulate over all operations and are shown together.
//! The expectations are read from the spec, so where the spec misreads the document the official
//! SDK is the side that appears to differ.
//!
//! Run with `DOC2SDK_ORACLE_PYTHON=/path/to/python` (or after `cargo xtask test` created
//! `.venv-oracles`).

use std::collections::{BTreeMap, BTreeSet};

use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::signing::acs3;
use doc2sdk::sae::Client;
use doc2sdk_spec::openapi::{OpenApi, Operation, Schema};
use doc2sdk_tests::oracle::{oracle_batch_script, run_oracle_script, workspace_root};
use doc2sdk_tests::recorder::{CannedResponse, RecordedRequest, RecordingServer};
use doc2sdk_tests::wire::{
    acs3_config, add_case_problems, check_acs3_headers, check_acs3_signature,
    check_our_acs3_date_and_nonce, check_user_agents, compare_header_names, compare_shared_values,
    header_names, report, single_or_problem, ACS3_ORACLE_ONLY_HEADERS, ACS3_PER_REQUEST_HEADERS,
    ACS3_REQUIRED_SIGNED,
};
use serde_json::{json, Map, Value};

/// The official SDK these expectations were reviewed against; `tests/oracles/requirements.txt`
/// pins the same version, and the installed one must be it.
const OFFICIAL_SDK: &str = "alibabacloud-sae20190506";
const OFFICIAL_SDK_VERSION: &str = "2.11.2";

const SPEC: &str = "spec/openapi/sae-2019-05-06.json";
const OPERATION_COUNT: usize = 79;
const API_VERSION: &str = "2019-05-06";

const ACCESS_KEY_ID: &str = "LTAIwireParitySae";
/// `+`, `/` and `=` would break a signer that encoded or decoded the secret before using it.
const ACCESS_KEY_SECRET: &str = "wire+parity/secret=";

use doc2sdk_tests::sae_known::{doc_only_of as known_doc_only, sdk_only_of as known_sdk_only, Difference, KNOWN};

// ----------------------------------------------------------------------------
// the operations, as the spec documents them

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
    JsonBody,
    FormBody,
}

#[derive(Clone, Debug)]
struct Param {
    name: String,
    place: Place,
    schema: Schema,
    required: bool,
}

#[derive(Clone, Debug)]
struct OpSpec {
    id: String,
    method: &'static str,
    path: String,
    params: Vec<Param>,
    /// The documented success response body.
    response: Option<Schema>,
}

fn load_operations() -> Vec<OpSpec> {
    let path = workspace_root().join(SPEC);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let spec: OpenApi = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a doc2sdk spec: {e}", path.display()));
    let mut ops: Vec<OpSpec> = spec
        .paths
        .iter()
        .flat_map(|(path, item)| {
            item.operations()
                .map(|(method, op)| op_spec(method, path, op))
                .collect::<Vec<_>>()
        })
        .collect();
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    ops
}

fn op_spec(method: &'static str, path: &str, op: &Operation) -> OpSpec {
    let mut params: Vec<Param> = op
        .parameters
        .iter()
        .map(|p| Param {
            name: p.name.clone(),
            place: match p.location.as_str() {
                "path" => Place::Path,
                "query" => Place::Query,
                "header" => Place::Header,
                other => panic!(
                    "{}: parameter `{}` is in `{other}`",
                    op.operation_id, p.name
                ),
            },
            schema: p.schema.clone(),
            required: p.required && !p.schema.x_required_unknown,
        })
        .collect();
    if let Some(body) = &op.request_body {
        assert_eq!(
            body.content.len(),
            1,
            "{}: one body media type expected",
            op.operation_id
        );
        let (media, content) = body.content.iter().next().expect("one media type");
        let place = match media.as_str() {
            "application/json" => Place::JsonBody,
            "application/x-www-form-urlencoded" | "multipart/form-data" => Place::FormBody,
            other => panic!("{}: body media type `{other}`", op.operation_id),
        };
        for (name, schema) in &content.schema.properties {
            params.push(Param {
                name: name.clone(),
                place,
                schema: schema.clone(),
                required: content.schema.required.contains(name) && !schema.x_required_unknown,
            });
        }
    }
    OpSpec {
        id: op.operation_id.clone(),
        method,
        path: path.to_owned(),
        params,
        response: op
            .responses
            .get("200")
            .and_then(|r| r.content.get("application/json"))
            .map(|m| m.schema.clone()),
    }
}

// ----------------------------------------------------------------------------
// the cases

/// One logical request: the operation and its input by wire name.
struct Case {
    op: OpSpec,
    kind: &'static str,
    input: Map<String, Value>,
}

impl Case {
    fn name(&self) -> String {
        format!("{} ({})", self.op.id, self.kind)
    }

    fn values(&self, place: Place) -> Vec<(&Param, &Value)> {
        self.op
            .params
            .iter()
            .filter(|p| p.place == place)
            .filter_map(|p| self.input.get(&p.name).map(|v| (p, v)))
            .collect()
    }
}

/// Every documented parameter with its example, then only the required ones (with booleans
/// flipped, so that `false` is sent too). The second case is left out when it would be the same
/// request.
fn cases(op: &OpSpec) -> Vec<Case> {
    let full: Map<String, Value> = op
        .params
        .iter()
        .map(|p| (p.name.clone(), example(p)))
        .collect();
    let required: Map<String, Value> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let value = match example(p) {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            };
            (p.name.clone(), value)
        })
        .collect();
    let mut out = vec![Case {
        op: op.clone(),
        kind: "every parameter",
        input: full.clone(),
    }];
    if required != full {
        out.push(Case {
            op: op.clone(),
            kind: "required parameters",
            input: required,
        });
    }
    out
}

/// The documented example typed per the schema, or, where the document gives none (or one that
/// does not fit the type), a value of the type: the first enumerated value, the minimum, `1`,
/// `true`, or a text with characters that need encoding.
fn example(param: &Param) -> Value {
    let schema = &param.schema;
    let ty = schema.ty.as_deref().unwrap_or("string");
    let documented = schema.examples.first().and_then(|e| typed(ty, e));
    documented.unwrap_or_else(|| {
        if let Some(first) = schema.enum_values.first() {
            return first.clone();
        }
        match ty {
            "integer" | "number" => schema.minimum.clone().unwrap_or(json!(1)),
            "boolean" => json!(true),
            "array" => json!([format!("{} 1", param.name)]),
            "object" => json!({"key": format!("{} +&=/é", param.name)}),
            _ => json!(format!("{} ex +&=/~é", param.name)),
        }
    })
}

fn typed(ty: &str, example: &Value) -> Option<Value> {
    match (ty, example) {
        ("string", Value::String(_)) => Some(example.clone()),
        ("string", Value::Number(n)) => Some(json!(n.to_string())),
        ("string", Value::Bool(b)) => Some(json!(b.to_string())),
        ("integer", Value::Number(n)) if n.is_i64() => Some(example.clone()),
        ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(|n| json!(n)),
        ("number", Value::Number(_)) => Some(example.clone()),
        ("number", Value::String(s)) => s.trim().parse::<f64>().ok().map(|n| json!(n)),
        ("boolean", Value::Bool(_)) => Some(example.clone()),
        ("boolean", Value::String(s)) => s.trim().parse::<bool>().ok().map(|b| json!(b)),
        ("array", Value::Array(_)) | ("object", Value::Object(_)) => Some(example.clone()),
        ("array" | "object", Value::String(s)) => {
            serde_json::from_str(s).ok().filter(|v: &Value| {
                v.is_array() == (ty == "array") && v.is_object() == (ty == "object")
            })
        }
        _ => None,
    }
}

// ----------------------------------------------------------------------------
// the official SDK

/// What one batch run of the official SDK produced.
struct OracleRun {
    results: Vec<Value>,
    /// Top-level wire names of each operation's official request model (`None`: no model).
    models: BTreeMap<String, Option<Vec<String>>>,
    versions: BTreeMap<String, String>,
}

fn oracle_call(case: &Case, server: &RecordingServer) -> Value {
    let headers: Map<String, Value> = case
        .values(Place::Header)
        .into_iter()
        .map(|(p, v)| (p.name.clone(), json!(wire_text(v))))
        .collect();
    json!({
        "vendor": "alibaba",
        "service": "sae",
        "operation": case.op.id,
        "endpoint": server.host(),
        "access_key_id": ACCESS_KEY_ID,
        "access_key_secret": ACCESS_KEY_SECRET,
        "security_token": null,
        "params": case.input,
        "headers": headers,
        "signature_version": null,
    })
}

/// Runs `tests/oracles/oracle_batch.py` once for all calls (one interpreter instead of one per
/// call).
fn run_oracle_batch(batch: &Value) -> OracleRun {
    let out = run_oracle_script(&oracle_batch_script(), batch);
    let results = out["results"].as_array().cloned().expect("results");
    let models = serde_json::from_value(out["models"].clone()).expect("models");
    let versions = serde_json::from_value(out["versions"].clone()).expect("versions");
    OracleRun {
        results,
        models,
        versions,
    }
}

// ----------------------------------------------------------------------------
// our client

fn client(server: &RecordingServer) -> Client {
    let config = acs3_config(server, Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .build()
        .expect("config");
    Client::new(config).expect("client")
}

/// A success both SDKs accept: the common fields, `Code` typed as documented, and `Data` an
/// empty value of its documented type (our response types are checked, the official ones are
/// not).
fn canned(op: Option<&OpSpec>) -> Vec<CannedResponse> {
    let mut body = json!({
        "RequestId": "r-1",
        "Code": "200",
        "Success": true,
        "Message": "success",
        "Data": {},
    });
    let fields = op
        .and_then(|op| op.response.as_ref())
        .map(|r| &r.properties);
    let documented = |name: &str| {
        fields
            .and_then(|f| f.get(name))
            .and_then(|s| s.ty.as_deref())
    };
    if documented("Code") == Some("integer") {
        body["Code"] = json!(200);
    }
    body["Data"] = match documented("Data") {
        Some("array") => json!([]),
        Some("string") => json!(""),
        Some("boolean") => json!(true),
        Some("integer" | "number") => json!(0),
        _ => json!({}),
    };
    vec![CannedResponse::json(200, &body)]
}

// ----------------------------------------------------------------------------
// the test

#[tokio::test]
async fn every_sae_operation_matches_the_official_sdk() {
    let ops = load_operations();
    assert_eq!(
        ops.len(),
        OPERATION_COUNT,
        "{SPEC} has {} operations",
        ops.len()
    );
    let mut problems = Vec::new();
    check_known_list(&ops, &mut problems);

    let cases: Vec<Case> = ops.iter().flat_map(cases).collect();
    let oracle_servers: Vec<RecordingServer> = cases
        .iter()
        .map(|c| RecordingServer::start(canned(Some(&c.op))))
        .collect();
    let batch = json!({
        "calls": cases.iter().zip(&oracle_servers).map(|(c, s)| oracle_call(c, s)).collect::<Vec<_>>(),
        "models": {
            "vendor": "alibaba",
            "service": "sae",
            "operations": ops.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        },
        "packages": [OFFICIAL_SDK],
    });
    // The official SDK runs in its own process while our client sends its requests.
    let oracle = std::thread::spawn(move || run_oracle_batch(&batch));

    let mut ours = Vec::new();
    for case in &cases {
        let server = RecordingServer::start(canned(Some(&case.op)));
        let result = client(&server)
            .call_by_name(&case.op.id, Value::Object(case.input.clone()))
            .await;
        ours.push((server, result));
    }
    let oracle = oracle.join().expect("oracle thread");

    check_version(&oracle, &mut problems);
    check_models(&ops, &oracle, &mut problems);
    assert_eq!(
        oracle.results.len(),
        cases.len(),
        "one oracle result per call"
    );

    // Per operation: the documented parameters the official SDK ignored, over all its cases.
    let mut ignored: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (((case, oracle_server), (our_server, our_result)), result) in cases
        .iter()
        .zip(&oracle_servers)
        .zip(&ours)
        .zip(&oracle.results)
    {
        let mut case_problems = Vec::new();
        let seen = check_oracle_result(case, result, &mut case_problems);
        ignored.entry(&case.op.id).or_default().extend(seen);
        if let Err(e) = our_result {
            case_problems.push(format!("our call failed: {e}"));
        }
        let theirs = single_or_problem(oracle_server, "oracle", &mut case_problems);
        let mine = single_or_problem(our_server, "ours", &mut case_problems);
        if let Some(req) = &mine {
            check_request(case, "ours", req, &BTreeSet::new(), &mut case_problems);
        }
        if let Some(req) = &theirs {
            check_request(
                case,
                "oracle",
                req,
                &known_doc_only(&case.op.id),
                &mut case_problems,
            );
        }
        if let (Some(theirs), Some(mine)) = (&theirs, &mine) {
            compare_headers(theirs, mine, &mut case_problems);
        }
        for (who, req) in [("oracle", &theirs), ("ours", &mine)] {
            if let Some(req) = req {
                check_signature(who, req, &mut case_problems);
            }
        }
        add_case_problems(&mut problems, &case.name(), case_problems);
    }

    // The doc-only list is exact: each entry is what the SDK ignored, no more, no less.
    for op in &ops {
        let seen: BTreeSet<&str> = ignored
            .get(op.id.as_str())
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let known = known_doc_only(&op.id);
        if seen != known {
            problems.push(format!(
                "[{}] the official SDK ignores {seen:?}, the known differences say {known:?}",
                op.id
            ));
        }
    }

    let failing: BTreeSet<&str> = problems
        .iter()
        .filter_map(|p| p.strip_prefix('[')?.split([' ', ']']).next())
        .collect();
    eprintln!(
        "wire parity: {} operations, {} cases, {} operations with known differences, {} with problems",
        ops.len(),
        cases.len(),
        KNOWN.iter().map(|k| k.operation).collect::<BTreeSet<_>>().len(),
        failing.len()
    );
    report(problems);
}

#[tokio::test]
async fn call_by_name_rejects_an_operation_it_does_not_have() {
    let server = RecordingServer::start(canned(None));
    let result = client(&server)
        .call_by_name("NoSuchOperation", json!({}))
        .await;
    assert!(
        result.is_err(),
        "an unknown operation must fail: {result:?}"
    );
    assert!(server.take_requests().is_empty(), "nothing may be sent");
}

// ----------------------------------------------------------------------------
// the checks

/// Each entry names a documented operation, each operation appears at most once per kind, and
/// each parameter list is sorted, unique and non-empty, so the list stays reviewable.
fn check_known_list(ops: &[OpSpec], problems: &mut Vec<String>) {
    let ids: BTreeSet<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let mut entries = BTreeSet::new();
    for known in KNOWN {
        let (kind, params) = match known.difference {
            Difference::DocOnly(p) => ("doc-only", p),
            Difference::SdkOnly(p) => ("sdk-only", p),
        };
        if !ids.contains(known.operation) {
            problems.push(format!(
                "known differences: no operation `{}`",
                known.operation
            ));
        }
        if !entries.insert((known.operation, kind)) {
            problems.push(format!(
                "known differences: `{}` has two {kind} entries",
                known.operation
            ));
        }
        let mut sorted = params.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if params.is_empty() || sorted != params || known.reason.is_empty() {
            problems.push(format!(
                "known differences: the {kind} entry of `{}` must list sorted, unique parameters and a reason",
                known.operation
            ));
        }
    }
}

fn check_version(oracle: &OracleRun, problems: &mut Vec<String>) {
    let installed = oracle.versions.get(OFFICIAL_SDK).map(String::as_str);
    if installed != Some(OFFICIAL_SDK_VERSION) {
        problems.push(format!(
            "the oracle runs {OFFICIAL_SDK} {installed:?}, the known differences were reviewed against \
             {OFFICIAL_SDK_VERSION}: review them again and update OFFICIAL_SDK_VERSION"
        ));
    }
    let requirements = workspace_root().join("tests/oracles/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).expect("read requirements.txt");
    let pin = format!("{OFFICIAL_SDK}=={OFFICIAL_SDK_VERSION}");
    if !pinned.lines().any(|l| l.trim() == pin) {
        problems.push(format!("{} does not pin `{pin}`", requirements.display()));
    }
}

/// The official request models against the document: what only the SDK has is exactly the
/// sdk-only list, what only the document has is exactly the doc-only list.
fn check_models(ops: &[OpSpec], oracle: &OracleRun, problems: &mut Vec<String>) {
    for op in ops {
        let Some(model) = oracle.models.get(&op.id) else {
            problems.push(format!(
                "[{}] the official SDK has no such operation",
                op.id
            ));
            continue;
        };
        let model: BTreeSet<&str> = model.iter().flatten().map(String::as_str).collect();
        let documented: BTreeSet<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        let sdk_only: BTreeSet<&str> = model.difference(&documented).copied().collect();
        let doc_only: BTreeSet<&str> = documented.difference(&model).copied().collect();
        for (kind, found, known) in [
            (
                "only the official SDK has",
                sdk_only,
                known_sdk_only(&op.id),
            ),
            ("only the document has", doc_only, known_doc_only(&op.id)),
        ] {
            if found != known {
                let new: Vec<_> = found.difference(&known).collect();
                let stale: Vec<_> = known.difference(&found).collect();
                problems.push(format!(
                    "[{}] parameters {kind}: not in the known differences {new:?}, stale entries {stale:?}",
                    op.id
                ));
            }
        }
    }
}

/// The oracle answered the canned success, and returns the parameters it ignored.
fn check_oracle_result(case: &Case, result: &Value, problems: &mut Vec<String>) -> Vec<String> {
    let ok = result["ok"] == json!(true) && result["status_code"] == json!(200);
    if !ok {
        problems.push(format!("oracle result: {result}"));
    }
    let ignored: Vec<String> = serde_json::from_value(result["ignored_params"].clone())
        .unwrap_or_else(|e| panic!("[{}] ignored_params: {e}: {result}", case.name()));
    ignored
}

/// A parameter value as text on the wire: strings as they are, numbers in decimal, booleans
/// `true`/`false`, arrays and objects as JSON.
fn wire_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A sent parameter value, comparable: text, or parsed JSON for array and object parameters.
#[derive(Clone, Debug, PartialEq)]
enum Sent {
    Text(String),
    Json(Value),
}

impl std::fmt::Display for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sent::Text(text) => write!(f, "{text:?}"),
            Sent::Json(json) => write!(f, "json {json}"),
        }
    }
}

/// What `who` must have sent for `case` in one place, by name. The oracle's values are mapped
/// back from Python's spelling of booleans (`True`/`False`) first, which is checked to be it.
fn expected_pairs(case: &Case, place: Place, skip: &BTreeSet<&str>) -> BTreeMap<String, Sent> {
    case.values(place)
        .into_iter()
        .filter(|(p, _)| !skip.contains(p.name.as_str()))
        .map(|(p, v)| {
            let sent = match v {
                Value::Array(_) | Value::Object(_) => Sent::Json(v.clone()),
                _ => Sent::Text(wire_text(v)),
            };
            (p.name.clone(), sent)
        })
        .collect()
}

fn sent_pairs(
    who: &str,
    case: &Case,
    place: &str,
    pairs: &[(String, String)],
    problems: &mut Vec<String>,
) -> BTreeMap<String, Sent> {
    let mut out = BTreeMap::new();
    for (name, value) in pairs {
        let input = case.input.get(name);
        let sent = match input {
            Some(Value::Array(_) | Value::Object(_)) => match serde_json::from_str(value) {
                Ok(json) => Sent::Json(json),
                Err(e) => {
                    problems.push(format!(
                        "{who}: {place} `{name}` is not JSON ({e}): {value:?}"
                    ));
                    Sent::Text(value.clone())
                }
            },
            // Python's `str(bool)`.
            Some(Value::Bool(b)) if who == "oracle" => {
                let python = if *b { "True" } else { "False" };
                if value != python {
                    problems.push(format!(
                        "oracle: boolean {place} `{name}` is {value:?}, expected Python's {python:?}"
                    ));
                }
                Sent::Text(b.to_string())
            }
            _ => Sent::Text(value.clone()),
        };
        if out.insert(name.clone(), sent).is_some() {
            problems.push(format!("{who}: {place} parameter `{name}` sent twice"));
        }
    }
    out
}

fn compare_maps(
    who: &str,
    place: &str,
    expected: &BTreeMap<String, Sent>,
    sent: &BTreeMap<String, Sent>,
    problems: &mut Vec<String>,
) {
    let names: BTreeSet<&String> = expected.keys().chain(sent.keys()).collect();
    for name in names {
        let (want, got) = (expected.get(name), sent.get(name));
        if want != got {
            let show = |s: Option<&Sent>| s.map_or("nothing".to_owned(), Sent::to_string);
            problems.push(format!(
                "{who}: {place} `{name}`: the document asks for {}, sent {}",
                show(want),
                show(got)
            ));
        }
    }
}

/// One side's request against the document: method, path, query, body and the fixed headers.
/// `dropped` are documented parameters this side is known not to send.
fn check_request(
    case: &Case,
    who: &str,
    req: &RecordedRequest,
    dropped: &BTreeSet<&str>,
    problems: &mut Vec<String>,
) {
    let mut path = case.op.path.clone();
    for (p, v) in case.values(Place::Path) {
        path = path.replace(&format!("{{{}}}", p.name), &wire_text(v));
    }
    if req.method != case.op.method || req.path != path {
        problems.push(format!(
            "{who}: sent {} {}, the document says {} {path}",
            req.method, req.path, case.op.method
        ));
    }

    let query = sent_pairs(who, case, "query", &req.query, problems);
    compare_maps(
        who,
        "query",
        &expected_pairs(case, Place::Query, dropped),
        &query,
        problems,
    );

    for (p, v) in case.values(Place::Header) {
        let name = p.name.to_ascii_lowercase();
        if req.header(&name) != Some(wire_text(v).as_str()) {
            problems.push(format!(
                "{who}: header `{name}` is {:?}, the document asks for {:?}",
                req.header(&name),
                wire_text(v)
            ));
        }
    }

    check_body(case, who, req, dropped, problems);
    let length = req.body.len().to_string();
    match req.header("content-length") {
        Some(sent) if sent != length => problems.push(format!(
            "{who}: content-length {sent:?}, the body has {length} bytes"
        )),
        // RFC 9110 section 8.6: a user agent SHOULD send Content-Length when the method gives
        // the content a meaning, `0` for an empty POST; gateways may answer 411 without it.
        None if ["POST", "PUT", "PATCH"].contains(&req.method.as_str()) => problems.push(format!(
            "{who}: no content-length on a {} with a {}-byte body",
            req.method,
            req.body.len()
        )),
        _ => {}
    }

    for (name, value) in [
        ("x-acs-action", case.op.id.as_str()),
        ("x-acs-version", API_VERSION),
    ] {
        if req.header(name) != Some(value) {
            problems.push(format!(
                "{who}: header `{name}` is {:?}, expected {value:?}",
                req.header(name)
            ));
        }
    }
    check_acs3_headers(who, req, problems);
    if who == "ours" {
        check_our_acs3_date_and_nonce(req, problems);
    }
}

/// The body against the document: a JSON object of the body parameters set, or a form of them.
/// When a case sets none of its operation's body parameters, no body, or for a JSON body `{}`
/// (what both SDKs send for an empty body object), is right.
fn check_body(
    case: &Case,
    who: &str,
    req: &RecordedRequest,
    dropped: &BTreeSet<&str>,
    problems: &mut Vec<String>,
) {
    let content_type = req.header("content-type").unwrap_or_default();
    let kind = case
        .op
        .params
        .iter()
        .map(|p| p.place)
        .find(|place| matches!(place, Place::JsonBody | Place::FormBody));
    match kind {
        Some(Place::JsonBody) => {
            let expected: Map<String, Value> = case
                .values(Place::JsonBody)
                .into_iter()
                .filter(|(p, _)| !dropped.contains(p.name.as_str()))
                .map(|(p, v)| (p.name.clone(), v.clone()))
                .collect();
            if expected.is_empty() && req.body.is_empty() {
                return;
            }
            if !content_type.starts_with("application/json") {
                problems.push(format!(
                    "{who}: content-type {content_type:?} for a JSON body"
                ));
            }
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(body) if body == Value::Object(expected.clone()) => {}
                Ok(body) => problems.push(format!(
                    "{who}: JSON body {body}, the document asks for {}",
                    Value::Object(expected)
                )),
                Err(e) => problems.push(format!(
                    "{who}: body is not JSON ({e}): {:?}",
                    String::from_utf8_lossy(&req.body)
                )),
            }
        }
        Some(_) => {
            let expected = expected_pairs(case, Place::FormBody, dropped);
            if !(expected.is_empty() && req.body.is_empty())
                && content_type != "application/x-www-form-urlencoded"
            {
                problems.push(format!(
                    "{who}: content-type {content_type:?} for a form body"
                ));
            }
            let form = sent_pairs(who, case, "form", &req.form_body(), problems);
            compare_maps(who, "form", &expected, &form, problems);
        }
        None => {
            if !req.body.is_empty() {
                problems.push(format!(
                    "{who}: a body {:?} where the operation has no body parameter",
                    String::from_utf8_lossy(&req.body)
                ));
            }
        }
    }
}

/// The header sets are equal apart from [`ACS3_ORACLE_ONLY_HEADERS`] and `content-length` (checked
/// against the body in `check_request`), and every shared header that is not per request has
/// the same value. `accept-encoding` is not exempt: the official SDK sends
/// `identity`, and our client cannot read coded responses either.
fn compare_headers(oracle: &RecordedRequest, ours: &RecordedRequest, problems: &mut Vec<String>) {
    let oracle_names = header_names(
        oracle,
        &[ACS3_ORACLE_ONLY_HEADERS.as_slice(), &["content-length"]].concat(),
    );
    let our_names = header_names(ours, &["content-length"]);
    compare_header_names(&oracle_names, &our_names, problems);
    if oracle.header("x-acs-credentials-provider") != Some("static_ak") {
        problems.push(format!(
            "oracle: x-acs-credentials-provider is {:?}, expected \"static_ak\"",
            oracle.header("x-acs-credentials-provider")
        ));
    }
    // Content types are checked per body kind in `check_request`; with no body the two SDKs may
    // name different types for nothing.
    let no_body = oracle.body.is_empty() && ours.body.is_empty();
    compare_shared_values(
        oracle,
        ours,
        &oracle_names,
        &our_names,
        |name| ACS3_PER_REQUEST_HEADERS.contains(&name) || (name == "content-type" && no_body),
        problems,
    );
    check_user_agents(oracle, "AlibabaCloud (", ours, problems);
}

// ----------------------------------------------------------------------------
// signatures

fn check_signature(who: &str, req: &RecordedRequest, problems: &mut Vec<String>) {
    // What each side signs: the official SDK every header it sends except the two its HTTP
    // layer adds after signing; we `host`, `content-type` and the `x-acs-*` headers.
    let expected: Vec<String> = req
        .headers
        .keys()
        .filter(|n| match who {
            "oracle" => {
                !["authorization", "accept-encoding", "content-length"].contains(&n.as_str())
            }
            _ => acs3::is_signed_by_default(n),
        })
        .cloned()
        .collect();
    let content_type = req.header("content-type").map(|_| "content-type");
    let required = ACS3_REQUIRED_SIGNED.into_iter().chain(content_type);
    let credentials = Credentials::new(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    check_acs3_signature(who, req, &credentials, &expected, required, problems);
}
