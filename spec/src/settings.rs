//! Per-service settings: the facts a service's pages do not state (API version, RPC or ROA,
//! signature scheme, endpoints, how complex RPC parameters are encoded), each with its source.
//! They live in `service.toml` beside the documents.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A fact and where it comes from.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    pub value: T,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceSettings {
    /// Rust module and cargo feature name.
    pub module: String,
    pub vendor: String,
    /// Product code used in authorization tables (`esa`).
    pub product: String,
    pub title: Fact<String>,
    pub api_version: Fact<String>,
    /// `RPC` or `ROA`.
    pub style: Fact<String>,
    pub signing: Fact<String>,
    pub endpoint_pattern: Fact<String>,
    /// Region id -> endpoint host.
    pub regions: Fact<BTreeMap<String, String>>,
    /// RPC only. `json`: arrays and objects travel as one JSON-encoded parameter.
    #[serde(default = "default_encoding")]
    pub complex_parameter_encoding: Fact<String>,
    /// RPC only: the HTTP method of every operation (`POST`, parameters in a form body).
    #[serde(default = "default_rpc_method")]
    pub rpc_method: Fact<String>,
    /// Per document (by file name): facts the document itself does not print.
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentSettings>,
}

/// Facts about one document of the service.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The operation a page documents when it prints no name.
    #[serde(default)]
    pub operation: Option<Fact<String>>,
}

fn default_encoding() -> Fact<String> {
    Fact { value: "json".to_owned(), source: "not applicable: the service is not RPC-style".to_owned() }
}

fn default_rpc_method() -> Fact<String> {
    Fact { value: "POST".to_owned(), source: "not applicable: the service is not RPC-style".to_owned() }
}

/// Why a settings file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    #[error("invalid settings file `{file}`: {message}")]
    Invalid { file: String, message: String },
}

impl ServiceSettings {
    pub fn parse(file: &str, text: &str) -> Result<Self, SettingsError> {
        let settings: Self = toml::from_str(text).map_err(|e| SettingsError::Invalid { file: file.to_owned(), message: e.message().to_owned() })?;
        for (what, value) in [("style", &settings.style.value), ("complex_parameter_encoding", &settings.complex_parameter_encoding.value)] {
            let ok = match what {
                "style" => matches!(value.as_str(), "RPC" | "ROA" | "REST"),
                _ => value == "json",
            };
            if !ok {
                return Err(SettingsError::Invalid { file: file.to_owned(), message: format!("unsupported {what} `{value}`") });
            }
        }
        Ok(settings)
    }

    /// The operation name the settings give the document `file` (a path or a file name).
    pub fn document_operation(&self, file: &str) -> Option<&str> {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        self.documents.get(base).or_else(|| self.documents.get(file)).and_then(|d| d.operation.as_ref()).map(|f| f.value.as_str())
    }

    /// Every fact's source, keyed by the fact's name.
    pub fn sources(&self) -> BTreeMap<String, String> {
        [
            ("title", &self.title.source),
            ("api-version", &self.api_version.source),
            ("style", &self.style.source),
            ("signing", &self.signing.source),
            ("endpoint-pattern", &self.endpoint_pattern.source),
            ("regions", &self.regions.source),
            ("complex-parameter-encoding", &self.complex_parameter_encoding.source),
            ("rpc-method", &self.rpc_method.source),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.clone()))
        .collect()
    }
}

impl ServiceSettings {
    /// Settings for a product whose folder has no `service.toml` (`cargo xtask scrape` on a page
    /// from anywhere): Alibaba Cloud's conventions, each marked as assumed.
    pub fn assumed(product: &str) -> Self {
        let assumed = |value: &str| Fact { value: value.to_owned(), source: "assumed: no service.toml; Alibaba Cloud's default".to_owned() };
        Self {
            module: product.replace('-', "_"),
            vendor: "alibabacloud".to_owned(),
            product: product.to_owned(),
            title: assumed(product),
            api_version: assumed("unknown"),
            style: assumed("RPC"),
            signing: assumed("ACS3-HMAC-SHA256"),
            endpoint_pattern: assumed(&format!("{product}.{{region}}.aliyuncs.com")),
            regions: Fact { value: BTreeMap::new(), source: "assumed: no service.toml".to_owned() },
            complex_parameter_encoding: assumed("json"),
            rpc_method: assumed("POST"),
            documents: BTreeMap::new(),
        }
    }
}
