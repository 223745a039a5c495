//! Huawei Cloud's credentials sources, read like the official SDK (`huaweicloudsdkcore`) reads
//! them: the environment (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, optional
//! `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`), then the `[basic]` section
//! of the credentials file (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`,
//! keys `ak`, `sk`, `security_token`, `project_id`).
//!
//! As in the Alibaba chain, an absent source passes to the next and a broken one stops the chain.

use std::collections::BTreeMap;

use super::{
    first_found, read_credentials_file, Credentials, CredentialsError, Environment, Lookup,
    ProvideCredentials,
};

const AK: &str = "HUAWEICLOUD_SDK_AK";
const SK: &str = "HUAWEICLOUD_SDK_SK";
const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
const PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
const CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The section the official SDK reads for project-scoped (`BasicCredentials`) services.
const SECTION: &str = "basic";

const ORIGIN_ENVIRONMENT: &str = "huawei cloud environment";
const ORIGIN_FILE: &str = "huawei cloud credentials file";

/// Credentials from `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and the optional
/// `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_PROJECT_ID`.
#[derive(Clone, Debug)]
pub struct HuaweiEnvironmentProvider {
    env: Environment,
}

impl HuaweiEnvironmentProvider {
    /// Reads the given environment.
    pub fn new(env: Environment) -> Self {
        Self { env }
    }

    fn lookup(&self) -> Lookup {
        match (self.env.var(AK), self.env.var(SK)) {
            (Some(ak), Some(sk)) => {
                let mut credentials = Credentials::new(ak, sk);
                if let Some(token) = self.env.var(SECURITY_TOKEN) {
                    credentials = credentials.with_security_token(token);
                }
                if let Some(project) = self.env.var(PROJECT_ID) {
                    credentials = credentials.with_project_id(project);
                }
                Lookup::Found(credentials)
            }
            (None, None) => Lookup::Absent(format!("{AK} and {SK} are not set")),
            (Some(_), None) => Lookup::Broken(format!("{AK} is set but {SK} is not")),
            (None, Some(_)) => Lookup::Broken(format!("{SK} is set but {AK} is not")),
        }
    }
}

impl ProvideCredentials for HuaweiEnvironmentProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.lookup().into_result(ORIGIN_ENVIRONMENT)
    }
}

/// Credentials from the `[basic]` section of the official SDK's INI credentials file.
///
/// A project id in the environment (`HUAWEICLOUD_SDK_PROJECT_ID`) fills in for a file that has
/// none, since the project depends on the region more than on the key.
#[derive(Clone, Debug)]
pub struct HuaweiProfileProvider {
    env: Environment,
}

impl HuaweiProfileProvider {
    /// Reads the file the given environment points to.
    pub fn new(env: Environment) -> Self {
        Self { env }
    }

    fn lookup(&self) -> Lookup {
        let (path, text) = match read_credentials_file(
            &self.env,
            CREDENTIALS_FILE,
            &[".huaweicloud", "credentials"],
        ) {
            Ok(file) => file,
            Err(lookup) => return lookup,
        };
        let shown = path.display();
        let Some(section) = ini_section(&text, SECTION) else {
            return Lookup::Broken(format!("`{shown}` has no `[{SECTION}]` section"));
        };
        let field = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let (Some(ak), Some(sk)) = (field("ak"), field("sk")) else {
            return Lookup::Broken(format!(
                "section `[{SECTION}]` of `{shown}` needs both `ak` and `sk`"
            ));
        };
        let mut credentials = Credentials::new(ak, sk);
        if let Some(token) = field("security_token") {
            credentials = credentials.with_security_token(token);
        }
        if let Some(project) = field("project_id").or_else(|| self.env.var(PROJECT_ID)) {
            credentials = credentials.with_project_id(project);
        }
        Lookup::Found(credentials)
    }
}

impl ProvideCredentials for HuaweiProfileProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.lookup().into_result(ORIGIN_FILE)
    }
}

/// The keys of one `[section]` of an INI file, lower-cased as Python's `configparser` does;
/// `None` when the section is absent. Values never appear in errors.
fn ini_section(text: &str, wanted: &str) -> Option<BTreeMap<String, String>> {
    let mut current: Option<&str> = None;
    let mut found = None::<BTreeMap<String, String>>;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim());
            if name.trim() == wanted {
                found.get_or_insert_with(BTreeMap::new);
            }
            continue;
        }
        if current != Some(wanted) {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        let (key, value) = (line[..split].trim(), line[split + 1..].trim());
        if let Some(section) = found.as_mut() {
            section.insert(key.to_ascii_lowercase(), value.to_owned());
        }
    }
    found
}

/// Huawei Cloud's default chain: the environment, then the credentials file.
#[derive(Clone, Debug)]
pub struct HuaweiChain {
    environment: HuaweiEnvironmentProvider,
    profile: HuaweiProfileProvider,
}

impl HuaweiChain {
    /// The chain over the process environment.
    pub fn new() -> Self {
        Self::with_environment(Environment::process())
    }

    /// The chain over the given environment.
    pub fn with_environment(env: Environment) -> Self {
        Self {
            environment: HuaweiEnvironmentProvider::new(env.clone()),
            profile: HuaweiProfileProvider::new(env),
        }
    }
}

impl Default for HuaweiChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for HuaweiChain {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        first_found(&[
            (ORIGIN_ENVIRONMENT, &|| self.environment.lookup()),
            (ORIGIN_FILE, &|| self.profile.lookup()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Secret;
    use std::path::PathBuf;

    const SECRET: &str = "hw-sEcReT-do-not-print";
    const TOKEN: &str = "hw-tOkEn-do-not-print";

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "doc2sdk-huawei-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("credentials");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn env(vars: &[(&str, &str)]) -> Environment {
        Environment::fixed(vars.iter().copied(), None)
    }

    #[test]
    fn environment_with_token_and_project() {
        let credentials = HuaweiChain::with_environment(env(&[
            (AK, "HW-AK"),
            (SK, SECRET),
            (SECURITY_TOKEN, TOKEN),
            (PROJECT_ID, "proj-1"),
        ]))
        .provide_credentials()
        .unwrap();
        assert_eq!(credentials.access_key_id(), "HW-AK");
        assert_eq!(credentials.access_key_secret().expose(), SECRET);
        assert_eq!(
            credentials.security_token().map(Secret::expose),
            Some(TOKEN)
        );
        assert_eq!(credentials.project_id(), Some("proj-1"));
    }

    #[test]
    fn credentials_file_basic_section() {
        let path = temp_file(
            "basic",
            &format!(
                "# comment\n[global]\nak = G-AK\nsk = other\n\n[basic]\nAK = HW-FILE\nsk={SECRET}\nproject_id = proj-file\nsecurity_token: {TOKEN}\n"
            ),
        );
        let file = path.to_str().unwrap();
        let credentials = HuaweiChain::with_environment(env(&[(CREDENTIALS_FILE, file)]))
            .provide_credentials()
            .unwrap();
        assert_eq!(credentials.access_key_id(), "HW-FILE");
        assert_eq!(credentials.access_key_secret().expose(), SECRET);
        assert_eq!(credentials.project_id(), Some("proj-file"));
        assert!(credentials.security_token().is_some());

        let path = temp_file("noproject", &format!("[basic]\nak = HW-FILE\nsk = {SECRET}\n"));
        let file = path.to_str().unwrap();
        let credentials =
            HuaweiChain::with_environment(env(&[(CREDENTIALS_FILE, file), (PROJECT_ID, "p-env")]))
                .provide_credentials()
                .unwrap();
        assert_eq!(credentials.project_id(), Some("p-env"));
    }

    #[test]
    fn errors_list_every_source_and_never_a_secret() {
        let err = HuaweiChain::with_environment(env(&[]))
            .provide_credentials()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no credentials found (explicit: none given to the config builder; huawei cloud \
             environment: HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK are not set; huawei cloud \
             credentials file: the home directory is unknown (HOME is not set))"
        );
        let err = HuaweiChain::with_environment(env(&[(SK, SECRET)]))
            .provide_credentials()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid credentials from huawei cloud environment: HUAWEICLOUD_SDK_SK is set but \
             HUAWEICLOUD_SDK_AK is not"
        );
        let path = temp_file("half", &format!("[basic]\nsk = {SECRET}\n"));
        let file = path.to_str().unwrap();
        let err = HuaweiChain::with_environment(env(&[(CREDENTIALS_FILE, file)]))
            .provide_credentials()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "invalid credentials from huawei cloud credentials file: section `[basic]` of \
                 `{file}` needs both `ak` and `sk`"
            )
        );
        let path = temp_file("nosection", &format!("[global]\nak = a\nsk = {SECRET}\n"));
        let file = path.to_str().unwrap();
        let err = HuaweiChain::with_environment(env(&[(CREDENTIALS_FILE, file)]))
            .provide_credentials()
            .unwrap_err();
        assert!(err.to_string().ends_with("has no `[basic]` section"), "{err}");
        let chain = HuaweiChain::with_environment(env(&[(AK, "a"), (SK, SECRET)]));
        assert!(!format!("{chain:?}").contains(SECRET));
        assert!(!format!("{:?}", chain.provide_credentials()).contains(SECRET));
    }
}
