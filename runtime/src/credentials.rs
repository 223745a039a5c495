//! Access keys, where they come from, and how they are kept out of logs.
//!
//! Each vendor has its chain: [`DefaultChain`] for Alibaba Cloud and [`huawei::HuaweiChain`] for
//! Huawei Cloud; a client picks the one of its service unless credentials were given explicitly.
//! [`cache::CachedProvider`] keeps credentials until shortly before they expire, so temporary
//! (STS) credentials are refreshed from their source in time.
//!
//! The Alibaba Cloud default chain tries, in order: credentials given to the config builder, the environment
//! (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional
//! `ALIBABA_CLOUD_SECURITY_TOKEN`), then the aliyun CLI's profile file (`~/.aliyun/config.json`, or
//! `ALIBABA_CLOUD_CONFIG_FILE`). A source that is absent passes to the next; a source that is
//! present but broken (half an access key, an unsupported profile mode) stops the chain, so a typo
//! never silently selects a different account.

mod alibaba;
pub mod cache;
pub mod huawei;

pub use alibaba::{DefaultChain, EnvironmentProvider, ProfileProvider};

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use time::OffsetDateTime;

/// A secret string whose `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is needed to sign.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(** redacted **)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// An access key pair, with an STS security token when the key is temporary, the time it expires
/// if it does, and for Huawei Cloud the project it acts in.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
    project_id: Option<String>,
    expiry: Option<OffsetDateTime>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: None,
            project_id: None,
            expiry: None,
        }
    }

    /// Adds the Huawei Cloud project id, sent as `X-Project-Id` and substituted for
    /// `{project_id}` in request paths.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into()).filter(|p| !p.is_empty());
        self
    }

    /// Marks the credentials as valid until `expiry` (temporary STS credentials).
    pub fn with_expiry(mut self, expiry: OffsetDateTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The Huawei Cloud project id, if any (not secret).
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// When the credentials stop working, if they are temporary.
    pub fn expiry(&self) -> Option<OffsetDateTime> {
        self.expiry
    }

    /// Whether the credentials have expired at `now`.
    pub fn is_expired(&self, now: OffsetDateTime) -> bool {
        self.expiry.is_some_and(|expiry| expiry <= now)
    }

    /// Adds an STS security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// The access key id (not secret: it is sent in the clear in every request).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The access key secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &self.access_key_secret)
            .field("security_token", &self.security_token)
            .field("project_id", &self.project_id)
            .field("expiry", &self.expiry)
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key `{}`", self.access_key_id)?;
        if self.security_token.is_some() {
            f.write_str(" with security token")?;
        }
        Ok(())
    }
}

/// Something that can produce credentials for a request.
///
/// Called once per request, so implementations that are slow to read should cache.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// The credentials to sign the next request with.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Why credentials could not be provided.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No source had credentials; lists every source tried and why it had none.
    #[error("no credentials found ({})", join_failures(.tried))]
    NotFound {
        /// Each source in the order it was tried.
        tried: Vec<SourceFailure>,
    },
    /// A source is configured but unusable; the chain stopped there.
    #[error("invalid credentials from {origin}: {reason}")]
    Invalid {
        /// The source, e.g. `environment`.
        origin: String,
        /// What is wrong, never including a secret.
        reason: String,
    },
    /// The credentials' expiry time has passed and their source had no fresher ones.
    #[error("credentials for access key `{access_key_id}` expired at {expired_at}")]
    Expired {
        /// The access key id (not secret).
        access_key_id: String,
        /// The expiry, RFC 3339.
        expired_at: String,
    },
    /// The operation's path needs a Huawei Cloud project id and the credentials have none.
    #[error("the request needs a project id: set HUAWEICLOUD_SDK_PROJECT_ID or call `Credentials::with_project_id`")]
    MissingProjectId,
    /// A custom [`ProvideCredentials`] failed.
    #[error("credentials provider failed: {message}")]
    Provider {
        /// What went wrong, never including a secret.
        message: String,
    },
}

impl CredentialsError {
    /// The error for credentials that expired at or before the signing time.
    pub fn expired(credentials: &Credentials) -> Self {
        let expired_at = credentials
            .expiry()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        Self::Expired {
            access_key_id: credentials.access_key_id().to_owned(),
            expired_at,
        }
    }

    /// The error a custom provider returns; `message` must not contain a secret.
    pub fn provider(message: impl Into<String>) -> Self {
        Self::Provider {
            message: message.into(),
        }
    }
}

fn join_failures(tried: &[SourceFailure]) -> String {
    let parts: Vec<String> = tried.iter().map(ToString::to_string).collect();
    parts.join("; ")
}

/// One credentials source that had nothing to offer, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceFailure {
    origin: String,
    reason: String,
}

impl SourceFailure {
    /// A source and why it had no credentials.
    pub fn new(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            reason: reason.into(),
        }
    }

    /// The source, e.g. `environment`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Why it had no credentials.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for SourceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

const ORIGIN_EXPLICIT: &str = "explicit";

/// The environment variables and home directory the credential sources read.
///
/// A value rather than direct `std::env` calls so tests can pass their own without touching the
/// process environment, which other threads share.
#[derive(Clone)]
pub struct Environment(EnvSource);

#[derive(Clone)]
enum EnvSource {
    Process,
    Fixed {
        vars: BTreeMap<String, String>,
        home: Option<PathBuf>,
    },
}

impl Environment {
    /// The process environment, read afresh at every lookup.
    pub fn process() -> Self {
        Self(EnvSource::Process)
    }

    /// A fixed set of variables and home directory.
    pub fn fixed<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
        home: Option<PathBuf>,
    ) -> Self {
        Self(EnvSource::Fixed {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            home,
        })
    }

    /// A variable's value; unset, empty and non-Unicode values all count as absent, as in the
    /// official SDKs.
    pub fn var(&self, name: &str) -> Option<String> {
        let value = match &self.0 {
            EnvSource::Process => std::env::var(name).ok(),
            EnvSource::Fixed { vars, .. } => vars.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The user's home directory (`HOME`, or `USERPROFILE` on Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        match &self.0 {
            EnvSource::Process => std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .filter(|h| !h.is_empty())
                .map(PathBuf::from),
            EnvSource::Fixed { home, .. } => home.clone(),
        }
    }
}

impl fmt::Debug for Environment {
    /// Shows variable names only: the values include secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            EnvSource::Process => f.write_str("Environment::Process"),
            EnvSource::Fixed { vars, home } => f
                .debug_struct("Environment::Fixed")
                .field("vars", &vars.keys().collect::<Vec<_>>())
                .field("home", home)
                .finish(),
        }
    }
}

/// What one source found.
enum Lookup {
    Found(Credentials),
    /// Not configured at all; the chain moves on.
    Absent(String),
    /// Configured but unusable; the chain stops.
    Broken(String),
}

impl Lookup {
    fn into_result(self, origin: &str) -> Result<Credentials, CredentialsError> {
        match self {
            Lookup::Found(credentials) => Ok(credentials),
            Lookup::Absent(reason) => Err(CredentialsError::NotFound {
                tried: vec![SourceFailure::new(origin, reason)],
            }),
            Lookup::Broken(reason) => Err(CredentialsError::Invalid {
                origin: origin.to_owned(),
                reason,
            }),
        }
    }
}

/// Reads a credentials file: the one `var` names, else `below_home` under the home directory.
/// Returns its path and text, or what the source found instead: nothing when the file (or the
/// home directory) does not exist, a broken source when the file cannot be read.
fn read_credentials_file(
    env: &Environment,
    var: &str,
    below_home: &[&str],
) -> Result<(PathBuf, String), Lookup> {
    let path = match env.var(var) {
        Some(path) => PathBuf::from(path),
        None => match env.home_dir() {
            Some(home) => below_home.iter().fold(home, |path, part| path.join(part)),
            None => {
                return Err(Lookup::Absent(
                    "the home directory is unknown (HOME is not set)".to_owned(),
                ))
            }
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok((path, text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(Lookup::Absent(format!(
            "`{}` does not exist",
            path.display()
        ))),
        Err(err) => Err(Lookup::Broken(format!(
            "cannot read `{}`: {err}",
            path.display()
        ))),
    }
}

/// Runs a chain: asks each source in order, answers with the first credentials found, passes an
/// absent source to the next and stops at a broken one. The sources are closures, so a later
/// source is not even read once an earlier one answers. The error when none has credentials lists
/// the config builder first, so the message names every way to supply credentials.
fn first_found(sources: &[(&str, &dyn Fn() -> Lookup)]) -> Result<Credentials, CredentialsError> {
    let mut tried = vec![SourceFailure::new(
        ORIGIN_EXPLICIT,
        "none given to the config builder",
    )];
    for &(origin, lookup) in sources {
        match lookup() {
            Lookup::Found(credentials) => return Ok(credentials),
            Lookup::Absent(reason) => tried.push(SourceFailure::new(origin, reason)),
            broken @ Lookup::Broken(_) => return broken.into_result(origin),
        }
    }
    Err(CredentialsError::NotFound { tried })
}

#[cfg(test)]
mod tests;
