//! Alibaba Cloud ROA signature V1, `Authorization: acs AK:Signature` with HMAC-SHA1.
//!
//! ```text
//! StringToSign = METHOD \n Accept \n Content-MD5 \n Content-Type \n Date \n
//!                CanonicalizedHeaders (each x-acs-* header "name:value\n", sorted)
//!                CanonicalizedResource (path, then "?" and the sorted raw query, "name" alone when empty)
//! Signature    = base64(hmac-sha1(secret, StringToSign))
//! ```
//!
//! Unlike V3 there is no separate canonical request, the query values are not percent-encoded and
//! header values are not trimmed: the text is exactly what the official SDKs build.

use std::fmt;

use time::macros::format_description;

use super::encode::encode_path;
use super::{base64, hmac_sha1, utc, Signed, SigningError, SigningParams};
use crate::credentials::Credentials;
use crate::http::HttpRequest;

/// The string to sign; `Display` is its exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringToSign {
    method: String,
    accept: String,
    content_md5: String,
    content_type: String,
    date: String,
    headers: CanonicalizedHeaders,
    resource: CanonicalizedResource,
}

impl StringToSign {
    /// Builds the string to sign of a request whose headers are complete. Absent standard headers
    /// leave their line empty.
    pub fn new(req: &HttpRequest) -> Self {
        let header = |name: &str| req.header(name).unwrap_or_default().to_owned();
        Self {
            method: req.method.clone(),
            accept: header("accept"),
            content_md5: header("content-md5"),
            content_type: header("content-type"),
            date: header("date"),
            headers: CanonicalizedHeaders::new(req),
            resource: CanonicalizedResource::new(req),
        }
    }

    /// Base64 HMAC-SHA1 of this text keyed with the access key secret.
    pub fn sign(&self, credentials: &Credentials) -> String {
        base64(&hmac_sha1(
            credentials.access_key_secret().expose().as_bytes(),
            self.to_string().as_bytes(),
        ))
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\n{}\n{}\n{}\n{}\n{}{}",
            self.method,
            self.accept,
            self.content_md5,
            self.content_type,
            self.date,
            self.headers,
            self.resource
        )
    }
}

/// Every `x-acs-*` header as `name:value\n`, sorted by name; `Display` is the exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalizedHeaders(String);

impl CanonicalizedHeaders {
    fn new(req: &HttpRequest) -> Self {
        // `headers` is a sorted map of lower-case names, so iteration order is the canonical order.
        Self(
            req.headers
                .iter()
                .filter(|(name, _)| name.starts_with("x-acs-"))
                .map(|(name, value)| format!("{name}:{value}\n"))
                .collect(),
        )
    }
}

impl fmt::Display for CanonicalizedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The path as sent, then the query sorted by name with raw values; `Display` is the exact text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalizedResource(String);

impl CanonicalizedResource {
    fn new(req: &HttpRequest) -> Self {
        let mut resource = encode_path(&req.path);
        if !req.query.is_empty() {
            let mut query: Vec<&(String, String)> = req.query.iter().collect();
            query.sort_by(|a, b| a.0.cmp(&b.0));
            let query: Vec<String> = query
                .iter()
                .map(|(name, value)| {
                    if value.is_empty() {
                        name.clone()
                    } else {
                        format!("{name}={value}")
                    }
                })
                .collect();
            resource.push('?');
            resource.push_str(&query.join("&"));
        }
        Self(resource)
    }
}

impl fmt::Display for CanonicalizedResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every stage of one ROA V1 signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stages {
    /// The string to sign.
    pub string_to_sign: StringToSign,
    /// Base64 signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

/// Computes every stage for a request whose headers are complete (date, nonce, signature method
/// and version, token).
pub fn stages(req: &HttpRequest, credentials: &Credentials) -> Stages {
    let string_to_sign = StringToSign::new(req);
    let signature = string_to_sign.sign(credentials);
    let authorization = format!("acs {}:{signature}", credentials.access_key_id());
    Stages {
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
        format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ),
    )?;
    req.set_header("date", date);
    req.set_header("x-acs-signature-nonce", params.nonce);
    req.set_header("x-acs-signature-method", "HMAC-SHA1");
    req.set_header("x-acs-signature-version", "1.0");
    super::acs3::set_security_token(&mut req.headers, params.credentials);

    let stages = stages(req, params.credentials);
    req.set_header("authorization", stages.authorization.as_str());
    let text = stages.string_to_sign.to_string();
    Ok(Signed::new(text.clone(), text, stages.signature, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_is_rfc_1123_in_gmt() {
        let credentials = Credentials::new("ak", "secret");
        let offset = time::macros::datetime!(2025-01-02 11:04:05 +08:00);
        let params = SigningParams {
            credentials: &credentials,
            time: offset,
            nonce: "n",
        };
        let mut req = HttpRequest::new("GET", "https", "sae.cn-hangzhou.aliyuncs.com", "/");
        sign(&mut req, &params).unwrap();
        assert_eq!(req.header("date"), Some("Thu, 02 Jan 2025 03:04:05 GMT"));
    }

    #[test]
    fn empty_value_is_a_bare_name_and_values_stay_raw() {
        let mut req = HttpRequest::new("GET", "https", "h", "/p");
        for (name, value) in [("b", "x y:/"), ("a", ""), ("c", "1")] {
            req.query.push((name.into(), value.into()));
        }
        assert_eq!(
            CanonicalizedResource::new(&req).to_string(),
            "/p?a&b=x y:/&c=1"
        );
    }
}
