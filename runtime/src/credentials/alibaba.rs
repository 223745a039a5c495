//! Alibaba Cloud's default chain: the environment, then the aliyun CLI's profile file.

use time::OffsetDateTime;

use super::{
    first_found, read_credentials_file, Credentials, CredentialsError, Environment, Lookup,
    ProvideCredentials,
};

pub(super) const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
pub(super) const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
pub(super) const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
pub(super) const PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
pub(super) const CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";
pub(super) const PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

const ORIGIN_ENVIRONMENT: &str = "environment";
const ORIGIN_PROFILE: &str = "aliyun cli profile";

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
