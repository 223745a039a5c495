//! Alibaba Cloud signature V3, `ACS3-HMAC-SHA256`.
//!
//! ```text
//! CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! StringToSign     = "ACS3-HMAC-SHA256" \n hex(sha256(CanonicalRequest))
//! Signature        = hex(hmac-sha256(secret, StringToSign))
//! Authorization    = ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=...
//! ```

use std::collections::BTreeMap;
use std::fmt;

use time::macros::format_description;

use super::encode::{canonical_query, encode_path};
use super::{
    ensure_host, hmac_sha256, lower_hex, sha256_hex, utc, Signed, SignedHeaders, SigningError, SigningParams,
};
use crate::credentials::Credentials;
use crate::http::HttpRequest;

const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// The headers [`super::sign`] signs: `host`, `content-type` and every `x-acs-*` header, the set
/// both the documentation and the server require. (The Python SDK signs every header it sends,
/// which the server accepts too; the vectors made with it are checked with [`SignedHeaders::all`].)
pub fn is_signed_by_default(name: &str) -> bool {
    name == "host" || name == "content-type" || name.starts_with("x-acs-")
}

/// Hex SHA-256 of the exact body bytes: the `x-acs-content-sha256` header and the last line of the
/// canonical request.
pub fn hashed_payload(body: &[u8]) -> String {
    sha256_hex(body)
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
    /// Builds the canonical request of `req`, signing `signed_headers` (which must be taken from
    /// `req.headers`) and ending with `hashed_payload`.
    pub fn new(req: &HttpRequest, signed_headers: SignedHeaders, hashed_payload: &str) -> Self {
        let uri = if req.path.is_empty() {
            "/".to_owned()
        } else {
            encode_path(&req.path)
        };
        Self {
            method: req.method.clone(),
            uri,
            query: canonical_query(&req.query),
            headers: signed_headers.canonical_block(&req.headers),
            signed_headers,
            hashed_payload: hashed_payload.to_owned(),
        }
    }

    /// The headers this request signs.
    pub fn signed_headers(&self) -> &SignedHeaders {
        &self.signed_headers
    }

    /// The string to sign over this canonical request.
    pub fn string_to_sign(&self) -> StringToSign {
        StringToSign {
            hashed_canonical_request: sha256_hex(self.to_string().as_bytes()),
        }
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The header block already ends with '\n', so an empty line separates it from the names.
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

/// The string to sign; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign {
    hashed_canonical_request: String,
}

impl StringToSign {
    /// Hex HMAC-SHA256 of this text keyed with the access key secret.
    pub fn sign(&self, credentials: &Credentials) -> String {
        lower_hex(&hmac_sha256(
            credentials.access_key_secret().expose().as_bytes(),
            self.to_string().as_bytes(),
        ))
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{ALGORITHM}\n{}", self.hashed_canonical_request)
    }
}

/// Every stage of one V3 signature.
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

/// Computes every stage for a request whose headers are complete (date, nonce, content hash, token).
pub fn stages(
    req: &HttpRequest,
    signed_headers: SignedHeaders,
    hashed_payload: &str,
    credentials: &Credentials,
) -> Stages {
    let canonical_request = CanonicalRequest::new(req, signed_headers, hashed_payload);
    let string_to_sign = canonical_request.string_to_sign();
    let signature = string_to_sign.sign(credentials);
    let authorization = format!(
        "{ALGORITHM} Credential={},SignedHeaders={},Signature={signature}",
        credentials.access_key_id(),
        canonical_request.signed_headers()
    );
    Stages {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

pub(super) fn sign(
    req: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<Signed, SigningError> {
    let date = utc(
        params.time,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )?;
    let payload = hashed_payload(&req.body);
    ensure_host(req);
    req.set_header("x-acs-date", date);
    req.set_header("x-acs-signature-nonce", params.nonce);
    req.set_header("x-acs-content-sha256", payload.as_str());
    set_security_token(&mut req.headers, params.credentials);
    req.headers.remove("authorization");

    let signed_headers = SignedHeaders::select(&req.headers, is_signed_by_default);
    let stages = stages(req, signed_headers, &payload, params.credentials);
    req.set_header("authorization", stages.authorization.as_str());
    Ok(Signed::new(
        stages.canonical_request.to_string(),
        stages.string_to_sign.to_string(),
        stages.signature,
        params,
    ))
}

/// Sends the STS token (and, as the official SDKs do, the key id beside it) or removes a stale one.
pub(super) fn set_security_token(
    headers: &mut BTreeMap<String, String>,
    credentials: &Credentials,
) {
    headers.remove("x-acs-security-token");
    headers.remove("x-acs-accesskey-id");
    if let Some(token) = credentials
        .security_token()
        .filter(|t| !t.expose().is_empty())
    {
        headers.insert(
            "x-acs-accesskey-id".into(),
            credentials.access_key_id().to_owned(),
        );
        headers.insert("x-acs-security-token".into(), token.expose().to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The V3 documentation's RunInstances example, signed through [`super::super::sign`]: the
    /// caller sets host, action and version; the signer adds the rest.
    #[test]
    fn sign_reproduces_the_documentation_example() {
        let credentials = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
        let params = SigningParams {
            credentials: &credentials,
            time: time::macros::datetime!(2023-10-26 10:22:32 UTC),
            nonce: "3156853299f313e23d1673dc12e1703d",
        };
        let mut req = HttpRequest::new("POST", "https", "ecs.cn-shanghai.aliyuncs.com", "/");
        req.query.push((
            "ImageId".into(),
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd".into(),
        ));
        req.query.push(("RegionId".into(), "cn-shanghai".into()));
        req.set_header("x-acs-action", "RunInstances");
        req.set_header("x-acs-version", "2014-05-26");
        let signed = super::super::sign(
            super::super::SigningScheme::Acs3HmacSha256,
            &mut req,
            &params,
        )
        .unwrap();
        assert_eq!(
            signed.signature,
            "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        assert_eq!(
            req.header("authorization"),
            Some("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0")
        );
    }

    #[test]
    fn default_rule_skips_headers_a_proxy_may_rewrite() {
        let mut headers = BTreeMap::new();
        for name in [
            "accept",
            "user-agent",
            "host",
            "content-type",
            "x-acs-date",
            "authorization",
        ] {
            headers.insert(name.to_owned(), "v".to_owned());
        }
        assert_eq!(
            SignedHeaders::select(&headers, is_signed_by_default).to_string(),
            "content-type;host;x-acs-date"
        );
        assert_eq!(
            SignedHeaders::all(&headers).to_string(),
            "accept;content-type;host;user-agent;x-acs-date"
        );
    }
}
