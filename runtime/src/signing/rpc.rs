//! Alibaba Cloud RPC signature V1, a `Signature` query parameter with HMAC-SHA1.
//!
//! ```text
//! CanonicalizedQuery = every signed parameter "name=value", percent-encoded, sorted, joined by "&"
//! StringToSign       = METHOD & percent_encode("/") & percent_encode(CanonicalizedQuery)
//! Signature          = base64(hmac-sha1(secret + "&", StringToSign))
//! ```
//!
//! The signed parameters are the query parameters plus, for a form body, the form fields: the
//! server checks both together.

use std::fmt;

use time::macros::format_description;

use super::encode::{canonical_query, decode_form, percent_encode};
use super::{base64, hmac_sha1, utc, Signed, SigningError, SigningParams};
use crate::credentials::Credentials;
use crate::http::HttpRequest;

/// Query parameters [`super::sign`] adds, so a retry can replace them.
const OWNED: [&str; 7] = [
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "Signature",
];

/// The parameters a request signs: its query (without `Signature`) and, when the body is a form,
/// the decoded form fields.
pub fn signed_params(req: &HttpRequest) -> Result<Vec<(String, String)>, SigningError> {
    let mut params: Vec<(String, String)> = req
        .query
        .iter()
        .filter(|(name, _)| name != "Signature")
        .cloned()
        .collect();
    let is_form = req
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        params.extend(decode_form(&req.body).ok_or(SigningError::InvalidFormBody)?);
    }
    Ok(params)
}

/// The canonicalized query string; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalizedQuery(String);

impl CanonicalizedQuery {
    /// Canonicalizes decoded `(name, value)` parameters.
    pub fn new(params: &[(String, String)]) -> Self {
        Self(canonical_query(params))
    }

    /// The string to sign for a request with this query and `method`.
    pub fn string_to_sign(&self, method: &str) -> StringToSign {
        StringToSign {
            method: method.to_owned(),
            encoded_query: percent_encode(&self.0),
        }
    }
}

impl fmt::Display for CanonicalizedQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The string to sign; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign {
    method: String,
    encoded_query: String,
}

impl StringToSign {
    /// Base64 HMAC-SHA1 of this text keyed with the secret followed by `&` (the scheme reserves the
    /// part after `&` for a token secret that Alibaba Cloud never uses).
    pub fn sign(&self, credentials: &Credentials) -> String {
        let key = format!("{}&", credentials.access_key_secret().expose());
        base64(&hmac_sha1(key.as_bytes(), self.to_string().as_bytes()))
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}&%2F&{}", self.method, self.encoded_query)
    }
}

/// Every stage of one RPC V1 signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stages {
    /// The canonicalized query string.
    pub canonicalized_query: CanonicalizedQuery,
    /// The string to sign.
    pub string_to_sign: StringToSign,
    /// Base64 signature, sent as the `Signature` query parameter.
    pub signature: String,
}

/// Computes every stage for a request whose query already holds every common parameter
/// (`AccessKeyId`, `SignatureNonce`, `Timestamp`, ...).
pub fn stages(req: &HttpRequest, credentials: &Credentials) -> Result<Stages, SigningError> {
    let canonicalized_query = CanonicalizedQuery::new(&signed_params(req)?);
    let string_to_sign = canonicalized_query.string_to_sign(&req.method);
    let signature = string_to_sign.sign(credentials);
    Ok(Stages {
        canonicalized_query,
        string_to_sign,
        signature,
    })
}

pub(super) fn sign(
    req: &mut HttpRequest,
    params: &SigningParams<'_>,
) -> Result<Signed, SigningError> {
    let timestamp = utc(
        params.time,
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
    )?;
    // V3 carries the action and version as headers; RPC V1 wants them as query parameters, so the
    // same generated request can be signed either way. `json` is what the official SDKs ask for.
    for (param, header) in [
        ("Action", Some("x-acs-action")),
        ("Version", Some("x-acs-version")),
        ("Format", None),
    ] {
        if req.query.iter().any(|(name, _)| name == param) {
            continue;
        }
        let value = match header {
            Some(header) => req.header(header).map(str::to_owned),
            None => Some("json".to_owned()),
        };
        if let Some(value) = value {
            req.query.push((param.to_owned(), value));
        }
    }

    req.query
        .retain(|(name, _)| !OWNED.contains(&name.as_str()));
    let credentials = params.credentials;
    let mut added = vec![
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", params.nonce.to_owned()),
        ("Timestamp", timestamp),
        ("AccessKeyId", credentials.access_key_id().to_owned()),
    ];
    if let Some(token) = credentials
        .security_token()
        .filter(|t| !t.expose().is_empty())
    {
        added.push(("SecurityToken", token.expose().to_owned()));
    }
    req.query.extend(
        added
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value)),
    );

    let stages = stages(req, credentials)?;
    req.query
        .push(("Signature".to_owned(), stages.signature.clone()));
    Ok(Signed::new(
        stages.canonicalized_query.to_string(),
        stages.string_to_sign.to_string(),
        stages.signature,
        params,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_signed_with_the_query() {
        let mut req = HttpRequest::new("POST", "https", "h", "/");
        req.query.push(("Action".into(), "A".into()));
        req.query.push(("Signature".into(), "stale".into()));
        req.set_header("content-type", "application/x-www-form-urlencoded");
        req.body = b"Remarks=%E9%A6%96+%28first%29".to_vec();
        let expected = vec![
            ("Action".to_owned(), "A".to_owned()),
            ("Remarks".to_owned(), "首 (first)".to_owned()),
        ];
        assert_eq!(signed_params(&req).unwrap(), expected);

        req.body = b"bad=%FF".to_vec();
        assert_eq!(
            signed_params(&req).unwrap_err().to_string(),
            "form body is not utf-8 once percent-decoded"
        );
    }

    #[test]
    fn a_json_body_is_not_signed() {
        let mut req = HttpRequest::new("POST", "https", "h", "/");
        req.set_header("content-type", "application/json");
        req.body = b"{\"a\":1}".to_vec();
        assert!(signed_params(&req).unwrap().is_empty());
    }
}
