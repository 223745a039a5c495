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

pub mod cache;
pub mod huawei;

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

const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
const CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
const PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

const ORIGIN_EXPLICIT: &str = "explicit";
const ORIGIN_ENVIRONMENT: &str = "environment";
const ORIGIN_PROFILE: &str = "aliyun cli profile";

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

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the
/// optional `ALIBABA_CLOUD_SECURITY_TOKEN`.
#[derive(Clone, Debug)]
pub struct EnvironmentProvider {
    env: Environment,
}

impl EnvironmentProvider {
    /// Reads the given environment.
    pub fn new(env: Environment) -> Self {
        Self { env }
    }

    fn lookup(&self) -> Lookup {
        let id = self.env.var(ACCESS_KEY_ID);
        let secret = self.env.var(ACCESS_KEY_SECRET);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let mut credentials = Credentials::new(id, secret);
                if let Some(token) = self.env.var(SECURITY_TOKEN) {
                    credentials = credentials.with_security_token(token);
                }
                Lookup::Found(credentials)
            }
            (None, None) => Lookup::Absent(format!(
                "{ACCESS_KEY_ID} and {ACCESS_KEY_SECRET} are not set"
            )),
            (Some(_), None) => Lookup::Broken(format!(
                "{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"
            )),
            (None, Some(_)) => Lookup::Broken(format!(
                "{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.lookup().into_result(ORIGIN_ENVIRONMENT)
    }
}

/// Credentials from the aliyun CLI's configuration file, in profile mode `AK` or `StsToken`.
///
/// The file is `ALIBABA_CLOUD_CONFIG_FILE` or `~/.aliyun/config.json`; the profile is the one
/// given to [`ProfileProvider::profile`], else `ALIBABA_CLOUD_PROFILE`, else the file's `current`,
/// else `default`. `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` turns the source off.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    env: Environment,
    profile: Option<String>,
}

impl ProfileProvider {
    /// Reads the file the given environment points to.
    pub fn new(env: Environment) -> Self {
        Self { env, profile: None }
    }

    /// Uses this profile whatever the environment and file say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    fn lookup(&self) -> Lookup {
        if self
            .env
            .var(PROFILE_DISABLED)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Lookup::Absent(format!("disabled by {PROFILE_DISABLED}"));
        }
        let (path, text) =
            match read_credentials_file(&self.env, CONFIG_FILE, &[".aliyun", "config.json"]) {
                Ok(file) => file,
                Err(lookup) => return lookup,
            };
        let shown = path.display();
        // Parsing to a `Value` first means serde's messages can only be syntax errors, which
        // quote positions, never the (possibly secret) values.
        let file: serde_json::Value = match serde_json::from_str(&text) {
            Ok(file) => file,
            Err(err) => return Lookup::Broken(format!("`{shown}` is not valid json: {err}")),
        };
        let (name, chosen_by) = if let Some(name) = &self.profile {
            (name.clone(), "requested".to_owned())
        } else if let Some(name) = self.env.var(PROFILE) {
            (name, format!("named by {PROFILE}"))
        } else if let Some(name) = file["current"].as_str().filter(|n| !n.is_empty()) {
            (name.to_owned(), "named by the file's `current`".to_owned())
        } else {
            ("default".to_owned(), "the default".to_owned())
        };
        let profile = file["profiles"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"].as_str() == Some(name.as_str()));
        let Some(profile) = profile else {
            return Lookup::Broken(format!(
                "profile `{name}` ({chosen_by}) is not in `{shown}`"
            ));
        };
        match profile_credentials(profile) {
            Ok(credentials) => Lookup::Found(credentials),
            Err(problem) => Lookup::Broken(format!("profile `{name}` in `{shown}` {problem}")),
        }
    }
}

/// The credentials of one profile object, or what is wrong with it (a phrase naming fields and
/// the mode, never a value).
fn profile_credentials(profile: &serde_json::Value) -> Result<Credentials, String> {
    let field = |key: &str| {
        profile[key]
            .as_str()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("has no `{key}`"))
    };
    let mode = field("mode")?;
    if mode != "AK" && mode != "StsToken" {
        return Err(format!(
            "uses mode `{mode}`, which is not supported (use AK or StsToken)"
        ));
    }
    let credentials = Credentials::new(field("access_key_id")?, field("access_key_secret")?);
    if mode == "StsToken" {
        let mut credentials = credentials.with_security_token(field("sts_token")?);
        // The CLI records when a token it fetched expires; hand-written profiles leave it 0.
        if let Some(expiry) = profile["sts_expiration"]
            .as_i64()
            .filter(|t| *t > 0)
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        {
            credentials = credentials.with_expiry(expiry);
        }
        return Ok(credentials);
    }
    Ok(credentials)
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.lookup().into_result(ORIGIN_PROFILE)
    }
}

/// The default chain: environment, then the aliyun CLI profile.
///
/// Credentials given to the config builder never reach the chain; it still lists them first in
/// its error, so the message names every way to supply credentials.
#[derive(Clone, Debug)]
pub struct DefaultChain {
    environment: EnvironmentProvider,
    profile: ProfileProvider,
}

impl DefaultChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::with_environment(Environment::process())
    }

    /// The chain over the given environment.
    pub fn with_environment(env: Environment) -> Self {
        Self {
            environment: EnvironmentProvider::new(env.clone()),
            profile: ProfileProvider::new(env),
        }
    }

    /// Uses this aliyun CLI profile whatever the environment and file say.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = self.profile.profile(name);
        self
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        first_found(&[
            (ORIGIN_ENVIRONMENT, &|| self.environment.lookup()),
            (ORIGIN_PROFILE, &|| self.profile.lookup()),
        ])
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
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const SECRET: &str = "sEcReT-do-not-print";
    const TOKEN: &str = "tOkEn-do-not-print";

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempHome(PathBuf);

    impl TempHome {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!(
                "doc2sdk-credentials-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(dir.join(".aliyun")).unwrap();
            Self(dir)
        }

        fn with_config(json: &str) -> Self {
            let home = Self::new();
            std::fs::write(home.config_path(), json).unwrap();
            home
        }

        fn path(&self) -> &Path {
            &self.0
        }

        fn config_path(&self) -> PathBuf {
            self.0.join(".aliyun").join("config.json")
        }

        fn env(&self, vars: &[(&str, &str)]) -> Environment {
            Environment::fixed(vars.iter().copied(), Some(self.0.clone()))
        }
    }

    impl Drop for TempHome {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn profiles_json() -> String {
        format!(
            r#"{{
  "current": "ak",
  "profiles": [
    {{"name": "ak", "mode": "AK", "access_key_id": "LTAI-profile", "access_key_secret": "{SECRET}", "sts_token": "", "region_id": "cn-hangzhou"}},
    {{"name": "sts", "mode": "StsToken", "access_key_id": "STS-profile", "access_key_secret": "{SECRET}", "sts_token": "{TOKEN}"}},
    {{"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAI-role", "access_key_secret": "{SECRET}", "ram_role_arn": "acs:ram::1:role/x"}},
    {{"name": "half", "mode": "AK", "access_key_id": "LTAI-half", "access_key_secret": ""}}
  ],
  "meta_path": ""
}}"#
        )
    }

    fn chain(env: Environment) -> Result<Credentials, CredentialsError> {
        DefaultChain::with_environment(env).provide_credentials()
    }

    fn assert_no_secret(text: &str) {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }

    #[test]
    fn environment_comes_first() {
        let home = TempHome::with_config(&profiles_json());
        let env = home.env(&[
            (ACCESS_KEY_ID, "LTAI-env"),
            (ACCESS_KEY_SECRET, SECRET),
            (SECURITY_TOKEN, TOKEN),
        ]);
        let credentials = chain(env).unwrap();
        assert_eq!(credentials.access_key_id(), "LTAI-env");
        assert_eq!(credentials.access_key_secret().expose(), SECRET);
        assert_eq!(
            credentials.security_token().map(Secret::expose),
            Some(TOKEN)
        );
    }

    #[test]
    fn environment_token_is_optional() {
        let env = Environment::fixed(
            [(ACCESS_KEY_ID, "LTAI-env"), (ACCESS_KEY_SECRET, SECRET)],
            None,
        );
        let credentials = chain(env).unwrap();
        assert_eq!(credentials.access_key_id(), "LTAI-env");
        assert!(credentials.security_token().is_none());
    }

    #[test]
    fn half_an_environment_key_stops_the_chain() {
        let home = TempHome::with_config(&profiles_json());
        let err = chain(home.env(&[(ACCESS_KEY_ID, "LTAI-env")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid credentials from environment: ALIBABA_CLOUD_ACCESS_KEY_ID is set but \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
        );
        let err = chain(home.env(&[(ACCESS_KEY_SECRET, SECRET)])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid credentials from environment: ALIBABA_CLOUD_ACCESS_KEY_SECRET is set but \
             ALIBABA_CLOUD_ACCESS_KEY_ID is not"
        );
    }

    #[test]
    fn empty_environment_values_count_as_unset() {
        let home = TempHome::with_config(&profiles_json());
        let env = home.env(&[(ACCESS_KEY_ID, ""), (ACCESS_KEY_SECRET, "")]);
        assert_eq!(chain(env).unwrap().access_key_id(), "LTAI-profile");
    }

    #[test]
    fn profile_current_env_override_and_explicit_name() {
        let home = TempHome::with_config(&profiles_json());
        let current = chain(home.env(&[])).unwrap();
        assert_eq!(current.access_key_id(), "LTAI-profile");
        assert_eq!(current.access_key_secret().expose(), SECRET);
        assert!(current.security_token().is_none());

        let sts = chain(home.env(&[(PROFILE, "sts")])).unwrap();
        assert_eq!(sts.access_key_id(), "STS-profile");
        assert_eq!(sts.security_token().map(Secret::expose), Some(TOKEN));

        let named = DefaultChain::with_environment(home.env(&[(PROFILE, "sts")]))
            .profile("ak")
            .provide_credentials()
            .unwrap();
        assert_eq!(named.access_key_id(), "LTAI-profile");
    }

    #[test]
    fn config_file_variable_overrides_the_home_path() {
        let home = TempHome::new();
        let elsewhere = home.path().join("elsewhere.json");
        std::fs::write(&elsewhere, profiles_json()).unwrap();
        let env = home.env(&[(CONFIG_FILE, elsewhere.to_str().unwrap()), (PROFILE, "sts")]);
        assert_eq!(chain(env).unwrap().access_key_id(), "STS-profile");
    }

    #[test]
    fn profile_without_current_uses_default() {
        let home = TempHome::with_config(&format!(
            r#"{{"profiles": [{{"name": "default", "mode": "AK", "access_key_id": "LTAI-default", "access_key_secret": "{SECRET}"}}]}}"#
        ));
        assert_eq!(
            chain(home.env(&[])).unwrap().access_key_id(),
            "LTAI-default"
        );
    }

    #[test]
    fn broken_profiles_name_the_problem_without_secrets() {
        let home = TempHome::with_config(&profiles_json());
        let path = home.config_path();
        let path = path.display();
        let cases = [
            ("role", format!("invalid credentials from aliyun cli profile: profile `role` in `{path}` uses mode `RamRoleArn`, which is not supported (use AK or StsToken)")),
            ("half", format!("invalid credentials from aliyun cli profile: profile `half` in `{path}` has no `access_key_secret`")),
            ("nope", format!("invalid credentials from aliyun cli profile: profile `nope` (named by ALIBABA_CLOUD_PROFILE) is not in `{path}`")),
        ];
        for (profile, expected) in cases {
            let err = chain(home.env(&[(PROFILE, profile)])).unwrap_err();
            assert_eq!(err.to_string(), expected);
            assert_no_secret(&err.to_string());
            assert_no_secret(&format!("{err:?}"));
        }
    }

    #[test]
    fn invalid_json_reports_position_only() {
        let home = TempHome::with_config(&format!(r#"{{"access_key_secret": "{SECRET}" oops}}"#));
        let err = chain(home.env(&[])).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("is not valid json: expected `,` or `}` at line 1"),
            "{message}"
        );
        assert_no_secret(&message);
    }

    #[test]
    fn nothing_found_lists_every_source() {
        let home = TempHome::new();
        let path = home.config_path();
        let err = chain(home.env(&[])).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "no credentials found (explicit: none given to the config builder; environment: \
                 ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set; \
                 aliyun cli profile: `{}` does not exist)",
                path.display()
            )
        );
        let CredentialsError::NotFound { tried } = err else {
            panic!("{err:?}")
        };
        let origins: Vec<&str> = tried.iter().map(SourceFailure::origin).collect();
        assert_eq!(origins, ["explicit", "environment", "aliyun cli profile"]);
    }

    #[test]
    fn nothing_found_without_home_or_with_profiles_disabled() {
        let err = chain(Environment::fixed(Vec::<(String, String)>::new(), None)).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("aliyun cli profile: the home directory is unknown (HOME is not set))"),
            "{err}"
        );
        let home = TempHome::with_config(&profiles_json());
        let err = chain(home.env(&[(PROFILE_DISABLED, "TRUE")])).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("aliyun cli profile: disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED)"),
            "{err}"
        );
    }

    #[test]
    fn single_sources_report_as_not_found() {
        let env = Environment::fixed(Vec::<(String, String)>::new(), None);
        let err = EnvironmentProvider::new(env)
            .provide_credentials()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no credentials found (environment: ALIBABA_CLOUD_ACCESS_KEY_ID and \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set)"
        );
        let home = TempHome::with_config(&profiles_json());
        let credentials = ProfileProvider::new(home.env(&[]))
            .profile("sts")
            .provide_credentials();
        assert_eq!(credentials.unwrap().access_key_id(), "STS-profile");
    }

    #[test]
    fn debug_and_display_never_show_secrets() {
        let credentials = Credentials::new("LTAI-id", SECRET).with_security_token(TOKEN);
        let env = Environment::fixed(
            [(ACCESS_KEY_ID, "LTAI-id"), (ACCESS_KEY_SECRET, SECRET)],
            None,
        );
        let chain = DefaultChain::with_environment(env.clone());
        for text in [
            format!("{credentials:?}"),
            format!("{credentials}"),
            format!("{:?}", credentials.access_key_secret()),
            format!("{}", credentials.access_key_secret()),
            format!("{env:?}"),
            format!("{chain:?}"),
        ] {
            assert_no_secret(&text);
        }
        assert_eq!(
            format!("{credentials}"),
            "access key `LTAI-id` with security token"
        );
        assert!(format!("{env:?}").contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
    }
}
