//! Reading a response: the operation's output, the vendor's error, or an answer that is neither.
//!
//! [`check`] decides success or failure without knowing the output type, so the retry loop can
//! classify failures; [`decode`] then reads the output. Both are public so a response can be
//! interpreted (and benchmarked) without a client.

use super::error::{body_snippet, ResponseError, SdkError, ServiceError};
use super::http::HttpResponse;
use super::service::Vendor;

/// `Ok` when the response reports success: a 2xx status, and for Alibaba Cloud a body that does
/// not say `"Success": false`. Otherwise the vendor's error, or [`SdkError::Response`] when the
/// body is not an error body.
pub fn check(vendor: Vendor, response: &HttpResponse) -> Result<(), SdkError<ServiceError>> {
    let status = response.status;
    let request_id = response.request_id();
    if (200..300).contains(&status) {
        // Huawei Cloud always fails with an error status; ROA services of Alibaba Cloud answer
        // some failures with 200 and a flag.
        if vendor == Vendor::Alibaba {
            if let Some(err) = ServiceError::from_success_body(status, request_id, &response.body) {
                return Err(SdkError::Service(err));
            }
        }
        return Ok(());
    }
    match ServiceError::from_body(status, request_id, &response.body) {
        Some(err) => Err(SdkError::Service(err)),
        None => Err(SdkError::Response(
            ResponseError::new(
                status,
                format!(
                    "error response is not {} error body; {}",
                    match vendor {
                        Vendor::Huawei => "a huawei cloud",
                        _ => "an alibaba cloud",
                    },
                    body_snippet(&response.body)
                ),
            )
            .with_response(response.clone()),
        )),
    }
}

/// Deserializes a successful response's body. An empty body reads as `{}` (or `null`), so
/// outputs whose fields are all optional still deserialize. Generated outputs read fields of an
/// unexpected type as absent (see [`super::lenient`]); a body that still does not decode (not
/// JSON, not an object) is an [`SdkError::Response`] that keeps the response.
pub fn decode<O, E>(response: &HttpResponse) -> Result<O, SdkError<E>>
where
    O: serde::de::DeserializeOwned,
{
    let (status, body) = (response.status, response.body.as_slice());
    if body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(b"{}")
            .or_else(|_| serde_json::from_slice(b"null"))
            .map_err(|err| {
                SdkError::Response(
                    ResponseError::new(
                        status,
                        format!("response body is empty but the output is required: {err}"),
                    )
                    .with_response(response.clone()),
                )
            });
    }
    super::lenient::from_slice(body).map_err(|err| {
        let problem = if err.is_data() {
            "response body does not match the expected output"
        } else {
            "response body is not valid json"
        };
        SdkError::Response(
            ResponseError::new(status, format!("{problem}: {err}; {}", body_snippet(body)))
                .with_response(response.clone()),
        )
    })
}

/// [`check`], then [`decode`]: what a call does with the last response it gets.
pub fn parse<O, E>(vendor: Vendor, response: &HttpResponse) -> Result<O, SdkError<E>>
where
    O: serde::de::DeserializeOwned,
    E: From<ServiceError>,
{
    check(vendor, response).map_err(|err| err.map_service(E::from))?;
    decode(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Out {
        #[serde(rename = "RequestId")]
        request_id: Option<String>,
    }

    fn parse_text(vendor: Vendor, response: HttpResponse) -> String {
        match parse::<Out, ServiceError>(vendor, &response) {
            Ok(out) => format!("ok {out:?}"),
            Err(err) => format!("err {err}"),
        }
    }

    #[test]
    fn table() {
        let cases = [
            (Vendor::Alibaba, HttpResponse::new(200, r#"{"RequestId":"r"}"#), r#"ok Out { request_id: Some("r") }"#),
            (Vendor::Alibaba, HttpResponse::new(204, ""), "ok Out { request_id: None }"),
            (Vendor::Alibaba, HttpResponse::new(200, r#"{"RequestId":"r","Success":false,"Code":"Busy","Message":"try later"}"#), "err Busy: try later (HTTP 200, request id r)"),
            (Vendor::Huawei, HttpResponse::new(200, r#"{"Success":false}"#), "ok Out { request_id: None }"),
            (Vendor::Huawei, HttpResponse::new(400, r#"{"error_code":"IOTEDGE.1","error_msg":"bad"}"#).with_header("X-Request-Id", "hw-1"), "err IOTEDGE.1: bad (HTTP 400, request id hw-1)"),
            (Vendor::Huawei, HttpResponse::new(502, "<html>bad gateway</html>"), "err unexpected response (HTTP 502): error response is not a huawei cloud error body; body `<html>bad gateway</html>`"),
            (Vendor::Alibaba, HttpResponse::new(503, ""), "err unexpected response (HTTP 503): error response is not an alibaba cloud error body; empty body"),
            (Vendor::Alibaba, HttpResponse::new(200, "{\"RequestId\""), "err unexpected response (HTTP 200): response body is not valid json: EOF while parsing an object at line 1 column 12; body `{\"RequestId\"`"),
        ];
        for (vendor, response, expected) in cases {
            assert_eq!(parse_text(vendor, response.clone()), expected, "{response:?}");
        }
    }
}
