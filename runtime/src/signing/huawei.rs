//! Huawei Cloud AK/SK signing, `SDK-HMAC-SHA256`.
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI/ \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
//! Signature        = hex(hmac-sha256(SK, StringToSign))
//! Authorization    = SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=...
//! ```

use std::collections::BTreeMap;
use std::fmt;

use time::macros::format_description;

use super::encode::{canonical_query, percent_decode_bytes, percent_encode_bytes};
use super::{
    ensure_host, hmac_sha256, lower_hex, sha256_hex, utc, Signed, SignedHeaders, SigningError, SigningParams,
};
use crate::credentials::Credentials;
use crate::http::HttpRequest;

const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// Overrides the payload hash; the official SDK sets it to `UNSIGNED-PAYLOAD` for non-JSON bodies.
const CONTENT_SHA256: &str = "x-sdk-content-sha256";

/// Every header is signed except those whose name contains `_`, which some gateways drop.
pub fn is_signed(name: &str) -> bool {
    !name.contains('_')
}

/// The canonical request; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalRequest {
    method: String,
    uri: String,
    query: String,
    headers: String,
    signed_headers: SignedHeaders,
    hashed_payload: String,
}

impl CanonicalRequest {
    /// Builds the canonical request of a request whose headers are complete. A missing `host`
    /// header is taken from `req.host`, as the official signer does.
    pub fn new(req: &HttpRequest) -> Self {
        let mut headers = req.headers.clone();
        if !headers.contains_key("host") {
            headers.insert("host".to_owned(), req.host.clone());
        }
        let signed_headers = SignedHeaders::select(&headers, is_signed);
        Self {
            method: req.method.clone(),
            uri: canonical_uri(&req.path),
            query: canonical_query(&req.query),
            headers: signed_headers.canonical_block(&headers),
            signed_headers,
            hashed_payload: hashed_payload(&req.body, &headers),
        }
    }

    /// The headers this request signs.
    pub fn signed_headers(&self) -> &SignedHeaders {
        &self.signed_headers
    }

    /// The string to sign over this canonical request at `sdk_date` (the `X-Sdk-Date` value).
    pub fn string_to_sign(&self, sdk_date: &str) -> StringToSign {
        StringToSign {
            sdk_date: sdk_date.to_owned(),
            hashed_canonical_request: sha256_hex(self.to_string().as_bytes()),
        }
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.method,
            self.uri,
            self.query,
            self.headers,
            self.signed_headers,
            self.hashed_payload
        )
    }
}

/// The path decoded, each segment re-encoded, always ending with `/` (the server compares this form,
/// so `%2F` inside a segment is signed as a separator, exactly as the official signer does).
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_bytes(path);
    let mut uri = decoded
        .split(|b| *b == b'/')
        .map(percent_encode_bytes)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Hex SHA-256 of the body; an empty body always hashes as empty, and otherwise a preset
/// `X-Sdk-Content-Sha256` value replaces the hash.
fn hashed_payload(body: &[u8], headers: &BTreeMap<String, String>) -> String {
    match headers.get(CONTENT_SHA256) {
        Some(preset) if !body.is_empty() => preset.clone(),
        _ => sha256_hex(body),
    }
}

/// The string to sign; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign {
    sdk_date: String,
    hashed_canonical_request: String,
}

impl StringToSign {
    /// Hex HMAC-SHA256 of this text keyed with the secret key.
    pub fn sign(&self, credentials: &Credentials) -> String {
        lower_hex(&hmac_sha256(
            credentials.access_key_secret().expose().as_bytes(),
            self.to_string().as_bytes(),
        ))
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{ALGORITHM}\n{}\n{}",
            self.sdk_date, self.hashed_canonical_request
        )
    }
}

/// Every stage of one Huawei signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stages {
    /// The canonical request.
    pub canonical_request: CanonicalRequest,
    /// The string to sign.
    pub string_to_sign: StringToSign,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// Computes every stage for a request whose headers are complete (`X-Sdk-Date`, token).
pub fn stages(req: &HttpRequest, credentials: &Credentials) -> Result<Stages, SigningError> {
    let sdk_date = req
        .header("x-sdk-date")
        .ok_or(SigningError::MissingHeader("x-sdk-date"))?;
    let canonical_request = CanonicalRequest::new(req);
    let string_to_sign = canonical_request.string_to_sign(sdk_date);
    let signature = string_to_sign.sign(credentials);
    let authorization = format!(
        "{ALGORITHM} Access={}, SignedHeaders={}, Signature={signature}",
        credentials.access_key_id(),
        canonical_request.signed_headers()
    );
    Ok(Stages {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    })
}

pub(super) fn sign(
    req: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<Signed, SigningError> {
    let date = utc(
        params.time,
        format_description!("[year][month][day]T[hour][minute][second]Z"),
    )?;
    ensure_host(req);
    req.set_header("x-sdk-date", date);
    req.headers.remove("x-security-token");
    if let Some(token) = params
        .credentials
        .security_token()
        .filter(|t| !t.expose().is_empty())
    {
        req.set_header("x-security-token", token.expose());
    }
    req.headers.remove("authorization");

    // The body is always hashed, even when it is not JSON: it is in memory, and signing it is
    // stronger than the official SDK's `UNSIGNED-PAYLOAD`.
    let stages = stages(req, params.credentials)?;
    req.set_header("authorization", stages.authorization.as_str());
    Ok(Signed::new(
        stages.canonical_request.to_string(),
        stages.string_to_sign.to_string(),
        stages.signature,
        params,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_table() {
        let table = [
            ("", "/"),
            ("/", "/"),
            ("/v1/vpcs", "/v1/vpcs/"),
            ("/v1/vpcs/", "/v1/vpcs/"),
            (
                "/apps/app%20id%2B%E4%B8%AD/versions",
                "/apps/app%20id%2B%E4%B8%AD/versions/",
            ),
            (
                "/apps/app id+中/versions",
                "/apps/app%20id%2B%E4%B8%AD/versions/",
            ),
        ];
        for (path, expected) in table {
            assert_eq!(canonical_uri(path), expected, "canonical_uri({path:?})");
        }
    }

    #[test]
    fn preset_content_hash_applies_only_to_a_non_empty_body() {
        let mut headers = BTreeMap::new();
        headers.insert(CONTENT_SHA256.to_owned(), "UNSIGNED-PAYLOAD".to_owned());
        assert_eq!(hashed_payload(b"x", &headers), "UNSIGNED-PAYLOAD");
        assert_eq!(hashed_payload(b"", &headers), sha256_hex(b""));
    }

    #[test]
    fn stages_need_the_date_header() {
        let req = HttpRequest::new("GET", "https", "h", "/");
        let err = stages(&req, &Credentials::new("ak", "sk")).unwrap_err();
        assert_eq!(err.to_string(), "missing `x-sdk-date` header");
    }
}
