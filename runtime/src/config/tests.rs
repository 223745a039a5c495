//! Unit tests of [`super`].

use super::*;

const SECRET: &str = "sEcReT-config";

#[test]
fn builder_defaults_and_overrides() {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("LTAI-id", SECRET))
        .build()
        .unwrap();
    assert_eq!(config.region(), Some("cn-hangzhou"));
    assert_eq!(config.endpoint(), None);
    assert_eq!(config.signing_scheme(), None);
    assert_eq!(config.connect_timeout(), Duration::from_secs(5));
    assert_eq!(config.attempt_timeout(), Duration::from_secs(30));
    assert_eq!(config.operation_timeout(), Duration::from_secs(60));
    assert_eq!(config.retry_config(), RetryConfig::standard());
    assert_eq!(config.max_response_bytes(), 64 << 20);
    assert!(config.credentials_provider().is_some());
    let jitter = config.jitter();
    assert!((0.0..1.0).contains(&jitter), "{jitter}");
    assert_eq!(config.user_agent(), SDK_USER_AGENT);
    let (a, b) = (config.nonce(), config.nonce());
    assert_eq!(a.len(), 32);
    assert_ne!(a, b);

    let fixed = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    let config = Config::builder()
        .region("cn-shanghai")
        .endpoint_url("https://ESA.example.com:443/")
        .signing_scheme(SigningScheme::AcsRpcHmacSha1)
        .clock(Arc::new(move || fixed))
        .nonce(Arc::new(|| "n-1".to_owned()))
        .connect_timeout(Duration::from_secs(1))
        .attempt_timeout(Duration::from_millis(1500))
        .operation_timeout(Duration::from_secs(2))
        .retry_config(RetryConfig::disabled())
        .jitter(Arc::new(|| 0.25))
        .max_response_bytes(1024)
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    assert!(config.credentials_provider().is_none());
    assert_eq!(config.attempt_timeout(), Duration::from_millis(1500));
    assert_eq!(config.retry_config().max_attempts, 1);
    assert_eq!(config.jitter(), 0.25);
    assert_eq!(config.max_response_bytes(), 1024);
    assert_eq!(
        config.endpoint().map(ToString::to_string).as_deref(),
        Some("https://esa.example.com")
    );
    assert_eq!(config.signing_scheme(), Some(SigningScheme::AcsRpcHmacSha1));
    assert_eq!(config.now(), fixed);
    assert_eq!(config.nonce(), "n-1");
    assert_eq!(config.connect_timeout(), Duration::from_secs(1));
    assert_eq!(config.operation_timeout(), Duration::from_secs(2));
    assert_eq!(config.user_agent(), format!("{SDK_USER_AGENT} my-app/1.0"));
}

#[test]
fn endpoint_urls() {
    let ok = [
        (
            "https://esa.cn-hangzhou.aliyuncs.com",
            false,
            "https://esa.cn-hangzhou.aliyuncs.com",
        ),
        ("https://127.0.0.1:8443/", false, "https://127.0.0.1:8443"),
        ("http://127.0.0.1:8080", true, "http://127.0.0.1:8080"),
        ("http://localhost:80", true, "http://localhost"),
        ("https://[::1]:9000", false, "https://[::1]:9000"),
    ];
    for (url, allow_http, expected) in ok {
        assert_eq!(
            Endpoint::parse(url, allow_http).unwrap().to_string(),
            expected,
            "{url}"
        );
    }
    let err = [
            ("esa.aliyuncs.com", "invalid endpoint url `esa.aliyuncs.com`: not an absolute url"),
            ("ftp://host", "invalid endpoint url `ftp://host`: scheme must be https"),
            ("https://host/v1", "invalid endpoint url `https://host/v1`: must not have a path, query or fragment"),
            ("https://host?a=b", "invalid endpoint url `https://host?a=b`: must not have a path, query or fragment"),
            ("https://user:pa55@host", "invalid endpoint url `<redacted>`: must not contain user info"),
            ("http://127.0.0.1:8080", "endpoint url `http://127.0.0.1:8080` is plain http; call `allow_http(true)` to accept that"),
        ];
    for (url, expected) in err {
        assert_eq!(
            Endpoint::parse(url, false).unwrap_err().to_string(),
            expected,
            "{url}"
        );
    }
}

#[test]
fn build_checks_the_endpoint_and_leaves_the_region_to_the_client() {
    // The region variable depends on the vendor, which only the client knows.
    assert_eq!(Config::builder().build().unwrap().region(), None);
    let err = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url("http://127.0.0.1:1")
        .build()
        .unwrap_err();
    assert!(
        matches!(err, ConfigError::InsecureEndpoint { .. }),
        "{err:?}"
    );
    let config = Config::builder()
        .region("cn-hangzhou")
        .endpoint_url("http://127.0.0.1:1")
        .allow_http(true)
        .build()
        .unwrap();
    assert_eq!(config.endpoint().unwrap().host(), "127.0.0.1:1");
}

#[test]
fn debug_never_shows_secrets() {
    let config = Config::builder()
        .region("cn-hangzhou")
        .credentials(Credentials::new("LTAI-id", SECRET).with_security_token("tOkEn"))
        .build()
        .unwrap();
    let text = format!("{config:?}");
    assert!(
        text.contains("LTAI-id") && text.contains("cn-hangzhou"),
        "{text}"
    );
    assert!(!text.contains(SECRET) && !text.contains("tOkEn"), "{text}");
    let builder = Config::builder().credentials(Credentials::new("LTAI-id", SECRET));
    assert!(!format!("{builder:?}").contains(SECRET));
}
