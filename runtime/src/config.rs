//! Client configuration: region, endpoint override, credentials, signing, clock, nonce, retries,
//! timeouts, response size limit and user agent, checked once when built.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::credentials::{Credentials, Environment, ProvideCredentials};
use super::retry::{RetryBudgetConfig, RetryConfig};
use super::signing::SigningScheme;

pub use crate::clock::{Clock, JitterSource, NonceSource};

/// Matches the official SDKs' default connect timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Long enough for the slowest documented operations; the official SDKs' 10 s read timeout cuts
/// some list calls short.
const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Room for a slow attempt and a retry.
const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(60);
/// Far above any documented response; a larger body means a broken or hostile server.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

const SDK_USER_AGENT: &str = concat!("doc2sdk/", env!("CARGO_PKG_VERSION"));

/// A configuration that can make requests; build it with [`Config::builder`].
#[derive(Clone)]
#[non_exhaustive]
pub struct Config {
    region: Option<String>,
    env: Environment,
    endpoint: Option<Endpoint>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    signing_scheme: Option<SigningScheme>,
    clock: Clock,
    nonce: NonceSource,
    jitter: JitterSource,
    retry: RetryConfig,
    retry_budget: RetryBudgetConfig,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    #[cfg(any(test, feature = "test-util"))]
    replay: Option<super::test_util::Replay>,
}

impl Config {
    /// A builder with the defaults: credentials from the service vendor's default chain, the
    /// service's own signing scheme, the system clock, random nonces, [`RetryConfig::standard`],
    /// 5 s to connect, 30 s per attempt, 60 s per operation, responses up to 64 MiB.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The defaults, in `region`, with credentials from the service vendor's default chain
    /// ([`crate::credentials::DefaultChain`] for Alibaba Cloud,
    /// [`crate::credentials::huawei::HuaweiChain`] for Huawei Cloud), cached and re-read
    /// every few minutes; a missing key surfaces as
    /// [`crate::error::SdkError::Credentials`] at the first call.
    pub fn from_env(region: impl Into<String>) -> Self {
        Self { region: Some(region.into()), ..Self::from_default_env() }
    }

    /// The defaults of [`Config::from_env`], with the region from the environment too: a client
    /// reads its vendor's variable (`ALIBABA_CLOUD_REGION_ID` for Alibaba Cloud,
    /// `HUAWEICLOUD_SDK_REGION` for Huawei Cloud) when it is created.
    pub fn from_default_env() -> Self {
        Self {
            region: None,
            env: Environment::process(),
            endpoint: None,
            credentials: None,
            signing_scheme: None,
            clock: Arc::new(OffsetDateTime::now_utc),
            nonce: Arc::new(random_nonce),
            jitter: Arc::new(random_jitter),
            retry: RetryConfig::standard(),
            retry_budget: RetryBudgetConfig::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            attempt_timeout: DEFAULT_ATTEMPT_TIMEOUT,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: SDK_USER_AGENT.to_owned(),
            #[cfg(any(test, feature = "test-util"))]
            replay: None,
        }
    }

    /// The region id, e.g. `cn-hangzhou`: as given, or, in the configuration of a client, as
    /// read from the environment. `None` in a configuration that leaves it to the environment.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The environment a client reads the region from when none is given.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// Sets the region a client resolved.
    pub(crate) fn set_region(&mut self, region: String) {
        self.region = Some(region);
    }

    /// The endpoint override, if any.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }

    /// The credentials given to the builder, if any; `None` means the service vendor's default
    /// chain.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials.as_ref()
    }

    /// The signing scheme override, if any; otherwise each service's default applies.
    pub fn signing_scheme(&self) -> Option<SigningScheme> {
        self.signing_scheme
    }

    /// The time to sign a request at, from the configured clock.
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// A fresh nonce from the configured source.
    pub fn nonce(&self) -> String {
        (self.nonce)()
    }

    /// A fresh backoff jitter in `[0, 1]` from the configured source.
    pub fn jitter(&self) -> f64 {
        (self.jitter)()
    }

    /// How many attempts a call makes and how long it waits between them.
    pub fn retry_config(&self) -> RetryConfig {
        self.retry
    }

    /// The retry budget each client starts with.
    pub fn retry_budget(&self) -> RetryBudgetConfig {
        self.retry_budget
    }

    /// How long to wait for a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// How long one attempt may take, from signing to the last byte of its response.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// How long a whole call may take: every attempt and the waits between them.
    pub fn operation_timeout(&self) -> Duration {
        self.operation_timeout
    }

    /// The largest response body read; a larger one fails the call.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// The canned responses calls are answered with instead of the network, if any.
    #[cfg(any(test, feature = "test-util"))]
    pub fn replay(&self) -> Option<&super::test_util::Replay> {
        self.replay.as_ref()
    }

    /// Applies per-client or per-call overrides.
    pub(crate) fn apply(&mut self, overrides: &crate::operation::Overrides) {
        if let Some(retry) = overrides.retry {
            self.retry = retry;
        }
        if let Some(timeout) = overrides.attempt_timeout {
            self.attempt_timeout = timeout;
        }
        if let Some(timeout) = overrides.operation_timeout {
            self.operation_timeout = timeout;
        }
    }

    /// The `user-agent` header sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials providers redact their own secrets; the closures have nothing to show.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .field("signing_scheme", &self.signing_scheme)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]; every setting has a default.
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    env: Option<Environment>,
    endpoint_url: Option<String>,
    allow_http: bool,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    signing_scheme: Option<SigningScheme>,
    clock: Option<Clock>,
    nonce: Option<NonceSource>,
    jitter: Option<JitterSource>,
    retry: Option<RetryConfig>,
    retry_budget: Option<RetryBudgetConfig>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    user_agent: Option<String>,
    #[cfg(any(test, feature = "test-util"))]
    replay: Option<super::test_util::Replay>,
}

impl ConfigBuilder {
    /// The region id, e.g. `cn-hangzhou`. When not given, a client reads its vendor's variable
    /// (`ALIBABA_CLOUD_REGION_ID`, `HUAWEICLOUD_SDK_REGION`) when it is created.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Where a client reads the region from when none is given (default: the process
    /// environment); for tests.
    pub fn environment(mut self, env: Environment) -> Self {
        self.env = Some(env);
        self
    }

    /// Fixed credentials, bypassing the default chain.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// A custom source of credentials, asked at every attempt (wrap it in
    /// [`crate::credentials::cache::CachedProvider`] if it is slow).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends every request to `https://host[:port]` instead of the region's endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Accepts a plain `http://` endpoint URL (for local mocks); off by default because signed
    /// requests and responses would cross the network in the clear.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Signs with this scheme instead of each service's default.
    pub fn signing_scheme(mut self, scheme: SigningScheme) -> Self {
        self.signing_scheme = Some(scheme);
        self
    }

    /// Replaces the system clock.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Replaces the random nonce source.
    pub fn nonce(mut self, nonce: NonceSource) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// Replaces the random backoff jitter (values are clamped to `[0, 1]`).
    pub fn jitter(mut self, jitter: JitterSource) -> Self {
        self.jitter = Some(jitter);
        self
    }

    /// How many attempts a call makes and how long it waits between them (default
    /// [`RetryConfig::standard`]: 3 attempts).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The retry budget of each client built from this configuration.
    pub fn retry_budget(mut self, budget: RetryBudgetConfig) -> Self {
        self.retry_budget = Some(budget);
        self
    }

    /// How long to wait for a connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take (default 30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// How long a whole call may take, retries included (default 60 s).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The largest response body to read (default 64 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = Some(bytes);
        self
    }

    /// Answers every call from `replay` instead of the network.
    #[cfg(any(test, feature = "test-util"))]
    pub fn replay(mut self, replay: super::test_util::Replay) -> Self {
        self.replay = Some(replay);
        self
    }

    /// Appended to the SDK's own `doc2sdk/<version>`, as the official SDKs do, so the vendor can
    /// still tell which SDK sent a request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let endpoint = self
            .endpoint_url
            .map(|url| Endpoint::parse(&url, self.allow_http))
            .transpose()?;
        let mut config = Config::from_default_env();
        config.region = self.region;
        if let Some(env) = self.env {
            config.env = env;
        }
        config.endpoint = endpoint;
        config.credentials = self.credentials;
        config.signing_scheme = self.signing_scheme;
        if let Some(clock) = self.clock {
            config.clock = clock;
        }
        if let Some(nonce) = self.nonce {
            config.nonce = nonce;
        }
        if let Some(jitter) = self.jitter {
            config.jitter = jitter;
        }
        if let Some(retry) = self.retry {
            config.retry = retry;
        }
        if let Some(budget) = self.retry_budget {
            config.retry_budget = budget;
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout = timeout;
        }
        if let Some(timeout) = self.attempt_timeout {
            config.attempt_timeout = timeout;
        }
        if let Some(timeout) = self.operation_timeout {
            config.operation_timeout = timeout;
        }
        if let Some(bytes) = self.max_response_bytes {
            config.max_response_bytes = bytes;
        }
        #[cfg(any(test, feature = "test-util"))]
        {
            config.replay = self.replay;
        }
        if let Some(extra) = self.user_agent.filter(|ua| !ua.is_empty()) {
            config.user_agent = format!("{SDK_USER_AGENT} {extra}");
        }
        Ok(config)
    }
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("signing_scheme", &self.signing_scheme)
            .finish_non_exhaustive()
    }
}

/// Where requests go: a scheme and a host with its port when the port is not the scheme's default
/// (exactly the `host` header the HTTP client will send, which signers sign).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Endpoint {
    scheme: String,
    host: String,
}

impl Endpoint {
    /// An HTTPS endpoint for a host name, as derived from a region.
    pub fn https(host: impl Into<String>) -> Self {
        Self {
            scheme: "https".to_owned(),
            host: host.into(),
        }
    }

    /// Parses `scheme://host[:port][/]`: no user info, path, query or fragment, and `http` only
    /// when allowed.
    pub fn parse(url: &str, allow_http: bool) -> Result<Self, ConfigError> {
        let invalid = |reason: &'static str| ConfigError::InvalidEndpoint {
            url: url.to_owned(),
            reason,
        };
        let parsed = reqwest::Url::parse(url).map_err(|_| invalid("not an absolute url"))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            // The URL is not echoed: user info is usually a password.
            return Err(ConfigError::InvalidEndpoint {
                url: "<redacted>".to_owned(),
                reason: "must not contain user info",
            });
        }
        match parsed.scheme() {
            "https" => {}
            "http" if allow_http => {}
            "http" => {
                return Err(ConfigError::InsecureEndpoint {
                    url: url.to_owned(),
                })
            }
            _ => return Err(invalid("scheme must be https")),
        }
        if parsed.path() != "/" || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("must not have a path, query or fragment"));
        }
        let host = parsed.host_str().ok_or_else(|| invalid("has no host"))?;
        // `Url` drops the scheme's default port, as the `host` header will.
        let host = match parsed.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Self {
            scheme: parsed.scheme().to_owned(),
            host,
        })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// Host, with `:port` when it is not the scheme's default.
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)
    }
}

/// A configuration that cannot make requests.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// No region was given and the vendor's environment variable names none.
    #[error("no region is configured: give one, or set `{variable}`")]
    MissingRegion {
        /// The environment variable read.
        variable: &'static str,
    },
    /// The region is not one the service's documents list, so no endpoint is known for it.
    #[error("unknown region `{region}` for `{product}`: the documented regions are {documented}; for another endpoint, set `endpoint_url`")]
    UnknownRegion {
        /// The region as given.
        region: String,
        /// The service's product code.
        product: &'static str,
        /// The documented region ids, each in backticks, comma-separated.
        documented: String,
    },
    /// The region cannot be part of a host name.
    #[error(
        "invalid region `{region}`: expected lowercase letters, digits and `-`, e.g. `cn-hangzhou`"
    )]
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// The endpoint override is not a bare `https://host[:port]`.
    #[error("invalid endpoint url `{url}`: {reason}")]
    InvalidEndpoint {
        /// The URL as given (redacted when it held user info).
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The endpoint override is plain HTTP and that was not allowed.
    #[error("endpoint url `{url}` is plain http; call `allow_http(true)` to accept that")]
    InsecureEndpoint {
        /// The URL as given.
        url: String,
    },
    /// The HTTP client could not be created (for instance, no TLS backend).
    #[error("cannot build the http client")]
    HttpClient(#[source] reqwest::Error),
}

/// The signers' random nonce. If the operating system's random source fails this yields an empty
/// nonce, which signing rejects with [`super::signing::SigningError::EmptyNonce`]: an error for
/// that call rather than a panic.
fn random_nonce() -> String {
    super::signing::random_nonce().unwrap_or_default()
}

/// A uniform draw from `[0, 1)`; if the random source fails, `1.0`, the full backoff, which is
/// the safe side.
fn random_jitter() -> f64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        // The top 53 bits fill an f64 mantissa exactly.
        Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

#[cfg(test)]
mod tests;
