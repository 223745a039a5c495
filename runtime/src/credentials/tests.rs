//! Unit tests of [`super`].

use super::alibaba::*;
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
