//! Request signing, one module per scheme.
//!
//! [`sign`] is the entry point the client calls: it adds every header or query parameter the chosen
//! scheme owns (date, nonce, content hash, security token, and finally the signature) to a request
//! whose other headers are already set. Each scheme module also exposes its stages as types whose
//! `Display` is the exact canonical text, and a `stages` function that computes them from a request
//! that already carries every header, which is what the official test vectors check.
//!
//! Time, nonce and credentials are always passed in, so signing is a pure function of its inputs.

pub mod acs3;
mod encode;
pub mod huawei;
pub mod roa;
pub mod rpc;

use std::collections::BTreeMap;
use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use super::credentials::Credentials;
use super::http::HttpRequest;

pub use encode::{encode_path, percent_encode};
pub(crate) use encode::encode_pairs;

/// The request-signing schemes the generated SDK can use.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SigningScheme {
    /// Alibaba Cloud signature V3, the default of the current official SDKs.
    Acs3HmacSha256,
    /// Alibaba Cloud ROA signature V1 (`Authorization: acs AK:Signature`).
    AcsRoaHmacSha1,
    /// Alibaba Cloud RPC signature V1 (`Signature` query parameter).
    AcsRpcHmacSha1,
    /// Huawei Cloud AK/SK signing.
    SdkHmacSha256,
}

impl SigningScheme {
    /// The scheme's name as the vendors write it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Acs3HmacSha256 => "ACS3-HMAC-SHA256",
            Self::AcsRoaHmacSha1 => "ACS-ROA-HMAC-SHA1",
            Self::AcsRpcHmacSha1 => "ACS-RPC-HMAC-SHA1",
            Self::SdkHmacSha256 => "SDK-HMAC-SHA256",
        }
    }
}

impl fmt::Display for SigningScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything a signature depends on besides the request itself.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The key pair (and STS token) to sign with.
    pub credentials: &'a Credentials,
    /// The signing time; any offset, it is converted to UTC.
    pub time: time::OffsetDateTime,
    /// A fresh unique value per attempt (see [`random_nonce`]); Huawei's scheme does not use it.
    pub nonce: &'a str,
}

/// The texts a signature was computed from, for tests and for debugging a rejected signature.
///
/// The fields never contain the access key secret. They do contain the STS security token when
/// the credentials have one, because the token is sent and signed in the clear; `Debug` redacts it.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// The canonical request. ROA V1 has none and repeats the string to sign here; RPC V1 puts its
    /// canonicalized query string here.
    pub canonical_request: String,
    /// The exact text that was signed.
    pub string_to_sign: String,
    /// The signature (hex for the SHA-256 schemes, base64 for the SHA-1 ones).
    pub signature: String,
    /// Forms of the security token to hide in `Debug`.
    redact: Vec<String>,
}

impl Signed {
    fn new(
        canonical_request: String,
        string_to_sign: String,
        signature: String,
        params: &SigningParams<'_>,
    ) -> Self {
        // The token appears raw in headers, once encoded in the RPC query and twice encoded in the
        // RPC string to sign.
        let redact = params
            .credentials
            .security_token()
            .map(|token| token.expose())
            .filter(|token| !token.is_empty())
            .map(|token| {
                let once = percent_encode(token);
                let twice = percent_encode(&once);
                vec![twice, once, token.to_owned()]
            })
            .unwrap_or_default();
        Self {
            canonical_request,
            string_to_sign,
            signature,
            redact,
        }
    }

    fn redacted(&self, text: &str) -> String {
        self.redact.iter().fold(text.to_owned(), |text, token| {
            text.replace(token.as_str(), "** redacted **")
        })
    }
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("canonical_request", &self.redacted(&self.canonical_request))
            .field("string_to_sign", &self.redacted(&self.string_to_sign))
            .field("signature", &self.signature)
            .finish()
    }
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The access key id or secret is empty.
    #[error("access key id or secret is empty")]
    EmptyCredentials,
    /// An Alibaba scheme was given an empty nonce.
    #[error("signing nonce is empty")]
    EmptyNonce,
    /// A header the scheme reads is absent.
    #[error("missing `{0}` header")]
    MissingHeader(&'static str),
    /// An RPC form body whose parameters must be signed is not UTF-8 once decoded.
    #[error("form body is not utf-8 once percent-decoded")]
    InvalidFormBody,
    /// The signing time cannot be written in the scheme's date format.
    #[error("cannot format the signing time")]
    Time(#[source] time::error::Format),
    /// The operating system's random source failed.
    #[error("cannot draw a random nonce: {0}")]
    Random(String),
}

/// Adds every header/query parameter the scheme needs (date, nonce, content hash, security token,
/// authorization / signature) and signs.
///
/// Headers the caller owns (host, content-type, `x-acs-action`, `x-acs-version`, user-agent, ...)
/// must already be set. Signing again (for a retry) replaces everything the previous call added.
pub fn sign(
    scheme: SigningScheme,
    req: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<Signed, SigningError> {
    let credentials = params.credentials;
    if credentials.access_key_id().is_empty() || credentials.access_key_secret().expose().is_empty()
    {
        return Err(SigningError::EmptyCredentials);
    }
    if params.nonce.is_empty() && scheme != SigningScheme::SdkHmacSha256 {
        return Err(SigningError::EmptyNonce);
    }
    match scheme {
        SigningScheme::Acs3HmacSha256 => acs3::sign(req, params),
        SigningScheme::AcsRoaHmacSha1 => roa::sign(req, params),
        SigningScheme::AcsRpcHmacSha1 => rpc::sign(req, params),
        SigningScheme::SdkHmacSha256 => huawei::sign(req, params),
    }
}

/// A fresh 32-hex-digit nonce from the operating system's random source.
pub fn random_nonce() -> Result<String, SigningError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| SigningError::Random(e.to_string()))?;
    Ok(hex::encode(bytes))
}

/// The sorted lower-case names of the headers a signature covers; `Display` joins them with `;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedHeaders(Vec<String>);

impl SignedHeaders {
    /// The headers in `headers` whose (lower-case) name passes `rule`. `authorization` is never
    /// signed, since it carries the signature.
    pub fn select(headers: &BTreeMap<String, String>, rule: impl Fn(&str) -> bool) -> Self {
        Self(
            headers
                .keys()
                .filter(|name| *name != "authorization" && rule(name))
                .cloned()
                .collect(),
        )
    }

    /// Every header present, as the official Python SDKs sign them.
    pub fn all(headers: &BTreeMap<String, String>) -> Self {
        Self::select(headers, |_| true)
    }

    /// The header names, sorted.
    pub fn names(&self) -> &[String] {
        &self.0
    }

    /// `name:value\n` for each signed header, values trimmed (the canonical-headers block shared by
    /// ACS3 and Huawei).
    fn canonical_block(&self, headers: &BTreeMap<String, String>) -> String {
        self.0
            .iter()
            .fold(String::new(), |mut block, name| {
                block.push_str(name);
                block.push(':');
                block.push_str(headers.get(name).map_or("", |v| v.trim()));
                block.push('\n');
                block
            })
    }
}

impl fmt::Display for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(";"))
    }
}

/// Lower-case hex SHA-256 of `data`.
fn sha256_hex(data: &[u8]) -> String {
    lower_hex(&Sha256::digest(data))
}

/// Lower-case hex, without `hex`'s per-character iterator.
fn lower_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("hmac takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(key).expect("hmac takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Formats the signing time in UTC with `format`.
fn utc(
    time: time::OffsetDateTime,
    format: &[time::format_description::FormatItem<'_>],
) -> Result<String, SigningError> {
    time.to_offset(time::UtcOffset::UTC)
        .format(format)
        .map_err(SigningError::Time)
}

/// Sets `host` from the request's authority when the caller has not, since the schemes that sign it
/// need the header to be sent exactly as signed.
fn ensure_host(req: &mut HttpRequest) {
    if req.header("host").is_none() && !req.host.is_empty() {
        let host = req.host.clone();
        req.set_header("host", host);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    const SECRET: &str = "unit-test-SECRET-value";
    const TOKEN: &str = "sts/token+value==";

    fn request() -> HttpRequest {
        let mut req = HttpRequest::new("POST", "https", "esa.cn-hangzhou.aliyuncs.com", "/");
        req.set_header("x-acs-action", "ListSites");
        req.set_header("x-acs-version", "2024-09-10");
        req.set_header("content-type", "application/x-www-form-urlencoded");
        req.query.push(("SiteName".into(), "example.com".into()));
        req.body = b"PageSize=20".to_vec();
        req
    }

    #[test]
    fn scheme_names() {
        assert_eq!(SigningScheme::Acs3HmacSha256.name(), "ACS3-HMAC-SHA256");
        assert_eq!(SigningScheme::AcsRoaHmacSha1.name(), "ACS-ROA-HMAC-SHA1");
        assert_eq!(SigningScheme::AcsRpcHmacSha1.name(), "ACS-RPC-HMAC-SHA1");
        assert_eq!(SigningScheme::SdkHmacSha256.to_string(), "SDK-HMAC-SHA256");
    }

    #[test]
    fn signed_never_shows_the_secret_and_debug_hides_the_token() {
        let credentials = Credentials::new("AKID", SECRET).with_security_token(TOKEN);
        let params = SigningParams {
            credentials: &credentials,
            time: time::macros::datetime!(2025-01-02 03:04:05 UTC),
            nonce: "n0nce",
        };
        for scheme in [
            SigningScheme::Acs3HmacSha256,
            SigningScheme::AcsRoaHmacSha1,
            SigningScheme::AcsRpcHmacSha1,
            SigningScheme::SdkHmacSha256,
        ] {
            let mut req = request();
            let signed = sign(scheme, &mut req, &params).unwrap();
            let debug = format!("{signed:?}");
            for text in [
                &signed.canonical_request,
                &signed.string_to_sign,
                &signed.signature,
                &debug,
            ] {
                assert!(
                    !text.contains(SECRET),
                    "{scheme}: secret leaked into {text}"
                );
            }
            for token in [
                TOKEN.to_owned(),
                percent_encode(TOKEN),
                percent_encode(&percent_encode(TOKEN)),
            ] {
                assert!(
                    !debug.contains(&token),
                    "{scheme}: token leaked into {debug}"
                );
            }
            assert!(
                debug.contains("** redacted **"),
                "{scheme}: token not signed? {debug}"
            );
            assert!(
                !format!("{req:?}").contains(SECRET),
                "{scheme}: secret leaked into the request"
            );
        }
    }

    #[test]
    fn signing_twice_replaces_what_the_first_call_added() {
        let credentials = Credentials::new("AKID", SECRET);
        let first = SigningParams {
            credentials: &credentials,
            time: time::macros::datetime!(2025-01-02 03:04:05 UTC),
            nonce: "first",
        };
        let second = SigningParams {
            nonce: "second",
            ..first
        };
        for scheme in [
            SigningScheme::Acs3HmacSha256,
            SigningScheme::AcsRoaHmacSha1,
            SigningScheme::AcsRpcHmacSha1,
            SigningScheme::SdkHmacSha256,
        ] {
            let mut once = request();
            sign(scheme, &mut once, &second).unwrap();
            let mut twice = request();
            sign(scheme, &mut twice, &first).unwrap();
            sign(scheme, &mut twice, &second).unwrap();
            assert_eq!(once, twice, "{scheme}");
        }
    }

    #[test]
    fn refuses_empty_credentials_and_nonce() {
        let empty = Credentials::new("AKID", "");
        let time = time::macros::datetime!(2025-01-02 03:04:05 UTC);
        let params = SigningParams {
            credentials: &empty,
            time,
            nonce: "n",
        };
        let err = sign(SigningScheme::Acs3HmacSha256, &mut request(), &params).unwrap_err();
        assert_eq!(err.to_string(), "access key id or secret is empty");

        let credentials = Credentials::new("AKID", SECRET);
        let params = SigningParams {
            credentials: &credentials,
            time,
            nonce: "",
        };
        let err = sign(SigningScheme::AcsRpcHmacSha1, &mut request(), &params).unwrap_err();
        assert_eq!(err.to_string(), "signing nonce is empty");
        assert!(sign(SigningScheme::SdkHmacSha256, &mut request(), &params).is_ok());
    }

    #[test]
    fn random_nonces_differ() {
        let a = random_nonce().unwrap();
        assert_eq!(a.len(), 32);
        assert_ne!(a, random_nonce().unwrap());
    }
}
