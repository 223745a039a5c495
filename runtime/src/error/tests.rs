//! Unit tests of [`super`].

use super::*;

#[test]
fn parses_rpc_error_bodies() {
    let body = br#"{"RequestId":"5A3C-11","HostId":"esa.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter.SiteName","Message":"The site name is invalid.","Recommend":"https://api.aliyun.com/troubleshoot?q=x"}"#;
    let err = ServiceError::from_body(400, Some("header-id"), body).unwrap();
    assert_eq!(err.status(), 400);
    assert_eq!(err.code(), "InvalidParameter.SiteName");
    assert_eq!(err.message(), "The site name is invalid.");
    assert_eq!(err.request_id(), Some("5A3C-11"));
    assert_eq!(err.host_id(), Some("esa.cn-hangzhou.aliyuncs.com"));
    assert_eq!(
        err.recommend(),
        Some("https://api.aliyun.com/troubleshoot?q=x")
    );
    assert_eq!(
        err.to_string(),
        "InvalidParameter.SiteName: The site name is invalid. (HTTP 400, request id 5A3C-11)"
    );
}

#[test]
fn parses_roa_error_bodies_and_falls_back_to_the_header_id() {
    let body = br#"{"code":"NotFound","message":"no such app"}"#;
    let err = ServiceError::from_body(404, Some("hdr-1"), body).unwrap();
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        ("NotFound", "no such app", Some("hdr-1"))
    );
    let err = ServiceError::from_body(404, None, body).unwrap();
    assert_eq!(err.to_string(), "NotFound: no such app (HTTP 404)");
}

#[test]
fn parses_huawei_error_bodies() {
    let body = br#"{"error_code":"IOTEDGE.00000001","error_msg":"Invalid parameter."}"#;
    let err = ServiceError::from_body(400, Some("hw-req-1"), body).unwrap();
    assert_eq!(
        err.to_string(),
        "IOTEDGE.00000001: Invalid parameter. (HTTP 400, request id hw-req-1)"
    );
}

#[test]
fn parses_nested_huawei_and_sae_error_bodies() {
    let body = br#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"},"request_id":"hw-2"}"#;
    let err = ServiceError::from_body(401, Some("hdr"), body).unwrap();
    assert_eq!(
        (err.code(), err.message(), err.request_id()),
        (
            "APIGW.0301",
            "Incorrect IAM authentication information",
            Some("hw-2")
        )
    );
    let body = br#"{"Code":"400","ErrorCode":"InvalidApplication.NotFound","Message":"no such app","RequestId":"r-3","TraceId":"t-3","Success":false}"#;
    let err = ServiceError::from_body(400, None, body).unwrap();
    assert_eq!(
        (err.code(), err.request_id(), err.trace_id()),
        ("InvalidApplication.NotFound", Some("r-3"), Some("t-3"))
    );
}

#[test]
fn success_false_bodies_are_service_errors() {
    type Case<'a> = (&'a [u8], Option<(&'a str, &'a str)>);
    let cases: &[Case<'_>] = &[
        (
            br#"{"Success":false,"ErrorCode":"Application.Busy","Code":"200","Message":"busy"}"#,
            Some(("Application.Busy", "busy")),
        ),
        (
            br#"{"Success":"false","Code":"Oops","Message":"m"}"#,
            Some(("Oops", "m")),
        ),
        (br#"{"Success":false}"#, Some(("Unknown", ""))),
        (br#"{"Success":true,"Code":"200"}"#, None),
        (br#"{"Data":{"Success":false},"Code":"200"}"#, None),
        (br#"{"RequestId":"r"}"#, None),
        (b"not json \"Success\"", None),
    ];
    for (body, expected) in cases {
        let err = ServiceError::from_success_body(200, Some("hdr-9"), body);
        let got = err.as_ref().map(|e| (e.code(), e.message()));
        assert_eq!(got, *expected, "{}", String::from_utf8_lossy(body));
        if let Some(err) = err {
            assert_eq!((err.status(), err.request_id()), (200, Some("hdr-9")));
        }
    }
}

#[test]
fn clock_skew_is_explained() {
    let err = ServiceError::new(400, "InvalidTimeStamp.Expired", "expired", Some("r".into()));
    let cases = [
        (
            -3600,
            "; the local clock is 1h0m ahead of the server's, check the system time",
        ),
        (
            -3599,
            "; the local clock is 1h0m ahead of the server's, check the system time",
        ),
        (
            125,
            "; the local clock is 2m behind the server's, check the system time",
        ),
        (
            -7,
            "; the local clock is 7s ahead of the server's, check the system time",
        ),
    ];
    for (seconds, suffix) in cases {
        let text = err
            .clone()
            .with_clock_skew(time::Duration::seconds(seconds))
            .to_string();
        assert_eq!(
            text,
            format!("InvalidTimeStamp.Expired: expired (HTTP 400, request id r){suffix}")
        );
    }
}

#[test]
fn bodies_without_a_code_are_not_service_errors() {
    for body in [
        &b"<html>oops</html>"[..],
        b"[]",
        b"{\"Message\":\"x\"}",
        b"",
    ] {
        assert_eq!(ServiceError::from_body(500, None, body), None);
    }
}

#[test]
fn sdk_error_display_and_accessors() {
    let service = ServiceError::new(400, "Throttling", "slow down", Some("id-9".into()));
    let err: SdkError<ServiceError> = SdkError::Service(service.clone());
    assert_eq!(
        err.to_string(),
        "Throttling: slow down (HTTP 400, request id id-9)"
    );
    assert_eq!(err.service_error(), Some(&service));
    assert_eq!(ErrorMetadata::code(&err), Some("Throttling"));
    assert_eq!(ErrorMetadata::request_id(&err), Some("id-9"));
    assert!(!err.is_local());

    let err: SdkError<ServiceError> = ValidationError::new("Name", "is too long").into();
    assert_eq!(err.to_string(), "invalid `Name`: is too long");
    assert!(err.is_local());
    assert_eq!(ErrorMetadata::code(&err), None);

    let timeouts = [
        (
            TimeoutKind::Connect,
            1,
            "connect timeout: no connection within 1.5s (attempt 1)",
        ),
        (
            TimeoutKind::Attempt,
            2,
            "attempt timeout: no complete response within 1.5s (attempt 2)",
        ),
        (
            TimeoutKind::Operation,
            3,
            "operation timeout: not done within 1.5s (3 attempts started)",
        ),
    ];
    for (kind, attempts, expected) in timeouts {
        let err: SdkError<ServiceError> = SdkError::Timeout(TimeoutError::new(
            kind,
            Duration::from_millis(1500),
            attempts,
        ));
        assert_eq!(err.to_string(), expected);
        assert_eq!(err.timeout().map(TimeoutError::kind), Some(kind));
    }

    let err: SdkError<ServiceError> =
        SdkError::Response(ResponseError::new(502, "body is not valid json"));
    assert_eq!(
        err.to_string(),
        "unexpected response (HTTP 502): body is not valid json"
    );
    assert!(err.into_service_error().is_err());
}

#[test]
fn snippets_collapse_whitespace_and_truncate() {
    assert_eq!(body_snippet(b""), "empty body");
    assert_eq!(
        body_snippet(b"<html>\n  <h1>502</h1>\n</html>"),
        "body `<html> <h1>502</h1> </html>`"
    );
    let long = "x".repeat(500);
    assert_eq!(
        body_snippet(long.as_bytes()),
        format!("body starts `{}...`", "x".repeat(200))
    );
}
