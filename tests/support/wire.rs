//! What the wire-parity tests share: collecting the one request each SDK sent, reporting every
//! problem at once, the header checks that do not depend on the service, and reading and
//! re-deriving `Authorization` headers.
//!
//! Each check pushes a problem (`who` names the side: `oracle` or `ours`) instead of stopping, so
//! a test shows every difference of every case together through [`report`].

use std::collections::BTreeSet;
use std::sync::Arc;

use doc2sdk::runtime::config::ConfigBuilder;
use doc2sdk::runtime::credentials::Credentials;
use doc2sdk::runtime::http::HttpRequest;
use doc2sdk::runtime::signing::{acs3, SignedHeaders};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::recorder::{RecordedRequest, RecordingServer};

/// Our clients' fixed signing time, so their date headers are known exactly. Written as RFC 3339,
/// which is also the form of `x-acs-date`.
pub const OUR_TIME: &str = "2025-01-02T03:04:05Z";
/// Our clients' fixed signature nonce, so their `x-acs-signature-nonce` is known exactly.
pub const OUR_NONCE: &str = "0123456789abcdef0123456789abcdef";

/// Headers only the official Alibaba Cloud SDKs send: `x-acs-credentials-provider` names the kind
/// of credentials provider used (`static_ak`, `static_sts`). The V3 scheme does not define it and
/// our clients do not send it.
pub const ACS3_ORACLE_ONLY_HEADERS: [&str; 1] = ["x-acs-credentials-provider"];

/// The headers of an ACS3 request whose value is per request or per SDK, so the two sides cannot
/// agree on them; each test checks each on its own.
pub const ACS3_PER_REQUEST_HEADERS: [&str; 7] = [
    "authorization",
    "content-length",
    "host",
    "user-agent",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
];

/// The headers the Alibaba Cloud V3 guide requires an ACS3 signature to cover, whatever the
/// request.
pub const ACS3_REQUIRED_SIGNED: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
];

/// A config for our client that sends to `server` over plain HTTP and signs at [`OUR_TIME`].
pub fn config(server: &RecordingServer, region: &str, credentials: Credentials) -> ConfigBuilder {
    let time = OffsetDateTime::parse(OUR_TIME, &time::format_description::well_known::Rfc3339)
        .expect("fixed signing time");
    doc2sdk::runtime::config::Config::builder()
        .region(region)
        .credentials(credentials)
        .endpoint_url(server.url())
        .allow_http(true)
        .clock(Arc::new(move || time))
}

/// [`config`] with the nonce fixed at [`OUR_NONCE`] too, for Alibaba Cloud's signers.
pub fn acs3_config(server: &RecordingServer, credentials: Credentials) -> ConfigBuilder {
    config(server, "cn-hangzhou", credentials).nonce(Arc::new(|| OUR_NONCE.to_owned()))
}

/// Fails the test with every problem found, one a line.
pub fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} wire-parity problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Adds the problems of one case to `problems`, each prefixed with `[case]`.
pub fn add_case_problems(problems: &mut Vec<String>, case: &str, case_problems: Vec<String>) {
    problems.extend(case_problems.into_iter().map(|p| format!("[{case}] {p}")));
}

/// The one request the server received, which must name that server in its `host` header.
/// Panics unless exactly one arrived: for tests where each SDK sends exactly one, retries being
/// off.
pub fn single(server: &RecordingServer, who: &str, problems: &mut Vec<String>) -> RecordedRequest {
    let mut requests = server.take_requests();
    assert_eq!(
        requests.len(),
        1,
        "{who}: expected exactly one request: {requests:#?}"
    );
    let req = requests.remove(0);
    check_host(server, who, &req, problems);
    req
}

/// [`single`], but a number of requests other than one is a problem, not a panic, so the other
/// cases still run.
pub fn single_or_problem(
    server: &RecordingServer,
    who: &str,
    problems: &mut Vec<String>,
) -> Option<RecordedRequest> {
    let mut requests = server.take_requests();
    if requests.len() != 1 {
        problems.push(format!(
            "{who}: {} requests reached the server",
            requests.len()
        ));
        return None;
    }
    let req = requests.remove(0);
    check_host(server, who, &req, problems);
    Some(req)
}

fn check_host(
    server: &RecordingServer,
    who: &str,
    req: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    if req.header("host") != Some(server.host().as_str()) {
        problems.push(format!(
            "{who}: host header {:?}, expected {:?}",
            req.header("host"),
            server.host()
        ));
    }
}

/// The JSON object `value` is; panics when it is something else.
pub fn object(value: &Value) -> &Map<String, Value> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, got {value}"))
}

// ----------------------------------------------------------------------------
// headers

/// The (lower-case) names of the headers `req` sent, but those in `left_out`.
pub fn header_names<'r>(req: &'r RecordedRequest, left_out: &[&str]) -> BTreeSet<&'r str> {
    req.headers
        .keys()
        .map(String::as_str)
        .filter(|n| !left_out.contains(n))
        .collect()
}

/// The two sides sent the same header names.
pub fn compare_header_names(
    oracle_names: &BTreeSet<&str>,
    our_names: &BTreeSet<&str>,
    problems: &mut Vec<String>,
) {
    let only_oracle: Vec<_> = oracle_names.difference(our_names).collect();
    let only_ours: Vec<_> = our_names.difference(oracle_names).collect();
    if !only_oracle.is_empty() || !only_ours.is_empty() {
        problems.push(format!(
            "header names differ: only the oracle sends {only_oracle:?}, only we send {only_ours:?}"
        ));
    }
}

/// Every header in both name sets has the same value on both sides, but those `skip` exempts.
pub fn compare_shared_values(
    oracle: &RecordedRequest,
    ours: &RecordedRequest,
    oracle_names: &BTreeSet<&str>,
    our_names: &BTreeSet<&str>,
    skip: impl Fn(&str) -> bool,
    problems: &mut Vec<String>,
) {
    for name in oracle_names.intersection(our_names) {
        if skip(name) {
            continue;
        }
        if oracle.header(name) != ours.header(name) {
            problems.push(format!(
                "header `{name}`: oracle sent {:?}, we sent {:?}",
                oracle.header(name),
                ours.header(name)
            ));
        }
    }
}

/// The user agents name their SDKs: the official one starting with `oracle_prefix`, ours with
/// `doc2sdk/`.
pub fn check_user_agents(
    oracle: &RecordedRequest,
    oracle_prefix: &str,
    ours: &RecordedRequest,
    problems: &mut Vec<String>,
) {
    for (who, req, prefix) in [
        ("oracle", oracle, oracle_prefix),
        ("ours", ours, "doc2sdk/"),
    ] {
        if !req
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with(prefix))
        {
            problems.push(format!(
                "{who}: user-agent {:?} does not start with {prefix:?}",
                req.header("user-agent")
            ));
        }
    }
}

/// `content-length` is sent and is the length of the body.
pub fn check_content_length(who: &str, req: &RecordedRequest, problems: &mut Vec<String>) {
    let length = req.body.len().to_string();
    if req.header("content-length") != Some(length.as_str()) {
        problems.push(format!(
            "{who}: content-length {:?}, body has {length} bytes",
            req.header("content-length")
        ));
    }
}

/// The per-request headers of an ACS3 request, each against what it must be: the body hash, a
/// date in the V3 form and a nonce.
pub fn check_acs3_headers(who: &str, req: &RecordedRequest, problems: &mut Vec<String>) {
    let hash = hex::encode(Sha256::digest(&req.body));
    if req.header("x-acs-content-sha256") != Some(hash.as_str()) {
        problems.push(format!(
            "{who}: x-acs-content-sha256 {:?} is not the sha256 of the body ({hash})",
            req.header("x-acs-content-sha256")
        ));
    }
    let date = req.header("x-acs-date").unwrap_or_default();
    let date_ok = time::PrimitiveDateTime::parse(
        date,
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )
    .is_ok();
    if !date_ok {
        problems.push(format!(
            "{who}: x-acs-date {date:?} is not yyyy-mm-ddThh:mm:ssZ"
        ));
    }
    let nonce = req.header("x-acs-signature-nonce").unwrap_or_default();
    if nonce.is_empty() {
        problems.push(format!("{who}: no x-acs-signature-nonce"));
    }
}

/// Our ACS3 request carries the date and nonce [`acs3_config`] fixed.
pub fn check_our_acs3_date_and_nonce(ours: &RecordedRequest, problems: &mut Vec<String>) {
    for (name, value) in [
        ("x-acs-date", OUR_TIME),
        ("x-acs-signature-nonce", OUR_NONCE),
    ] {
        if ours.header(name) != Some(value) {
            problems.push(format!(
                "ours: `{name}` is {:?}, expected the configured {value:?}",
                ours.header(name)
            ));
        }
    }
}

// ----------------------------------------------------------------------------
// signatures

/// What the tests read from an `Authorization` header: whose key signed, and which headers.
#[derive(Debug)]
pub struct Authorization {
    pub access_key_id: String,
    pub signed_headers: Vec<String>,
}

/// An `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..` value (Alibaba Cloud V3).
pub fn parse_acs3_authorization(value: &str) -> Result<Authorization, String> {
    parse_authorization(value, "ACS3-HMAC-SHA256 Credential=", ",")
}

/// An `SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..` value (Huawei Cloud AK/SK).
pub fn parse_sdk_hmac_authorization(value: &str) -> Result<Authorization, String> {
    parse_authorization(value, "SDK-HMAC-SHA256 Access=", ", ")
}

/// `{start}KEY{separator}SignedHeaders=A;B{separator}Signature=HEX`, the signature 64 lower-case
/// hex digits and the signed headers sorted and unique.
fn parse_authorization(value: &str, start: &str, separator: &str) -> Result<Authorization, String> {
    let rest = value
        .strip_prefix(start)
        .ok_or_else(|| format!("does not start with `{start}`"))?;
    let signed_headers_key = format!("{separator}SignedHeaders=");
    let (access_key_id, rest) = rest
        .split_once(&signed_headers_key)
        .ok_or_else(|| format!("has no `{signed_headers_key}`"))?;
    let signature_key = format!("{separator}Signature=");
    let (signed, signature) = rest
        .split_once(&signature_key)
        .ok_or_else(|| format!("has no `{signature_key}`"))?;
    if signature.len() != 64
        || !signature
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(format!(
            "signature `{signature}` is not 64 lower-case hex digits"
        ));
    }
    let signed_headers: Vec<String> = signed.split(';').map(str::to_owned).collect();
    let mut sorted = signed_headers.clone();
    sorted.sort();
    sorted.dedup();
    if sorted != signed_headers {
        return Err(format!(
            "signed headers `{signed}` are not sorted and unique"
        ));
    }
    Ok(Authorization {
        access_key_id: access_key_id.to_owned(),
        signed_headers,
    })
}

/// The `Authorization` header `req` sent, and what `parse` reads from it; a problem and `None`
/// when there is none or it does not parse.
pub fn sent_authorization<'r>(
    who: &str,
    req: &'r RecordedRequest,
    parse: fn(&str) -> Result<Authorization, String>,
    problems: &mut Vec<String>,
) -> Option<(&'r str, Authorization)> {
    let Some(sent) = req.header("authorization") else {
        problems.push(format!("{who}: no authorization header"));
        return None;
    };
    match parse(sent) {
        Ok(auth) => Some((sent, auth)),
        Err(e) => {
            problems.push(format!("{who}: authorization {sent:?} {e}"));
            None
        }
    }
}

/// Each of `names` is among the headers `auth` signs.
pub fn check_signed<'a>(
    who: &str,
    auth: &Authorization,
    names: impl IntoIterator<Item = &'a str>,
    problems: &mut Vec<String>,
) {
    for name in names {
        if !auth.signed_headers.iter().any(|s| s == name) {
            problems.push(format!("{who}: `{name}` is not signed"));
        }
    }
}

/// Re-derives the ACS3 `Authorization` of a recorded request with our stage functions, from the
/// recorded bytes alone: method, decoded path and query, headers (with the request's own date,
/// nonce and token), the signed-header list the request declares, and the body hash.
pub fn recompute_acs3_authorization(
    req: &RecordedRequest,
    declared: &[String],
    credentials: &Credentials,
) -> Result<String, String> {
    let host = req.header("host").ok_or("no host header")?;
    let mut http = HttpRequest::new(&req.method, "http", host, &req.path);
    http.query = req.query.clone();
    http.headers = req.headers.clone();
    http.headers.remove("authorization");
    http.body = req.body.clone();
    let signed = SignedHeaders::select(&http.headers, |name| declared.iter().any(|d| d == name));
    if signed.names() != declared {
        return Err(format!(
            "declares signed headers {declared:?} but sends only {:?} of them",
            signed.names()
        ));
    }
    let stages = acs3::stages(&http, signed, &acs3::hashed_payload(&req.body), credentials);
    Ok(stages.authorization)
}

/// The ACS3 signature of one side's request: made with `credentials`' key, covering exactly
/// `expected_signed` and at least `required`, and re-derived byte for byte by our signer from the
/// recorded request alone (so our signer reproduces the official signature, and ours verifies).
pub fn check_acs3_signature<'a>(
    who: &str,
    req: &RecordedRequest,
    credentials: &Credentials,
    expected_signed: &[String],
    required: impl IntoIterator<Item = &'a str>,
    problems: &mut Vec<String>,
) {
    let Some((sent, auth)) = sent_authorization(who, req, parse_acs3_authorization, problems)
    else {
        return;
    };
    if auth.access_key_id != credentials.access_key_id() {
        problems.push(format!("{who}: credential {:?}", auth.access_key_id));
    }
    if auth.signed_headers != expected_signed {
        problems.push(format!(
            "{who}: signs {:?}, expected {expected_signed:?}",
            auth.signed_headers
        ));
    }
    check_signed(who, &auth, required, problems);
    match recompute_acs3_authorization(req, &auth.signed_headers, credentials) {
        Ok(recomputed) if recomputed == sent => {}
        Ok(recomputed) => problems.push(format!(
            "{who}: authorization does not verify:\n  sent:       {sent}\n  recomputed: {recomputed}"
        )),
        Err(e) => problems.push(format!("{who}: {e}")),
    }
}
