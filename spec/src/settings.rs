//! Per-service settings: the facts a service's pages do not state (API version, RPC or ROA,
//! signature scheme, endpoints, how complex RPC parameters are encoded), each with its source.
//! They live in `service.toml` beside the documents.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::openapi::{FromCredentials, OpenApi};

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
    /// Request parameters, by name, whose handling the pages do not state (a path parameter the
    /// credentials carry, a header that is one of two ways to authenticate).
    #[serde(default)]
    pub parameters: BTreeMap<String, ParameterSettings>,
    /// Waiters, by name (`change_order` makes `wait_for_change_order`): an operation to poll and
    /// the documented values of one of its response fields that end the wait.
    #[serde(default)]
    pub waiters: BTreeMap<String, WaiterSettings>,
}

/// A waiter: poll `operation` until the response field `state` (a dotted path, `Data.Status`) has
/// a `success` value; a `failure` value fails the wait, a `needs_action` value stops it for a
/// person. Every value must be one the documents list for the field.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WaiterSettings {
    pub operation: String,
    pub state: String,
    pub success: Vec<StateValue>,
    pub failure: Vec<StateValue>,
    #[serde(default)]
    pub needs_action: Vec<StateValue>,
    pub source: String,
}

/// A documented value of a state field, as a number or a string (`2`, `"Running"`).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum StateValue {
    Number(i64),
    Text(String),
}

impl std::fmt::Display for StateValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// How the client treats one request parameter of every operation that has it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParameterSettings {
    /// Where the parameter travels: `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// The request may leave it unset though the page marks it required (a query or header
    /// parameter only: a path cannot leave a segment out).
    #[serde(default)]
    pub optional: bool,
    /// The credential that fills it when the request leaves it unset (`project_id`).
    #[serde(default)]
    pub from_credentials: Option<String>,
    /// A header that must repeat a value the request sets (`X-Project-Id`).
    #[serde(default)]
    pub header: Option<String>,
    pub source: String,
}

/// Facts about one document of the service.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The operation a page documents when it prints no name.
    #[serde(default)]
    pub operation: Option<Fact<String>>,
    /// When the page was last updated (`2026-01-13`), for a page that states no date: it decides
    /// which of two documents of one operation is the newer.
    #[serde(default)]
    pub updated: Option<Fact<String>>,
}

fn default_encoding() -> Fact<String> {
    Fact { value: "json".to_owned(), source: "not applicable: the service is not RPC-style".to_owned() }
}

fn default_rpc_method() -> Fact<String> {
    Fact { value: "POST".to_owned(), source: "not applicable: the service is not RPC-style".to_owned() }
}

/// A document's file name without its folders: the key of its `[documents."..."]` settings.
pub fn file_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// Why a settings file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    #[error("invalid settings file `{file}`: {message}")]
    Invalid { file: String, message: String },
    /// `cargo xtask new-service` wrote a question for each fact the pages do not state; the
    /// service is not generated until every one is answered.
    #[error("`{file}` has {} unanswered question(s): {}; the file says what each asks: set its `value` and `source` from the vendor's documentation and delete its `question` line (a top-level `\"?\"`: set the value), then regenerate", .questions.len(), .questions.iter().map(|(fact, _)| format!("`{fact}`")).collect::<Vec<_>>().join(", "))]
    Unanswered { file: String, questions: Vec<(String, String)> },
}

/// The value of a top-level key that `new-service` could not read from the pages.
pub const UNKNOWN: &str = "?";

/// The facts of a settings file that are still questions: tables with a `question` key and
/// top-level keys whose value is [`UNKNOWN`], by key.
pub fn unanswered(text: &str) -> Vec<(String, String)> {
    let Ok(table) = text.parse::<toml::Table>() else { return Vec::new() };
    let mut out = Vec::new();
    for (key, value) in &table {
        match value {
            toml::Value::String(v) if v == UNKNOWN => out.push((key.clone(), format!("the pages do not state the {key}"))),
            toml::Value::Table(t) => {
                if let Some(q) = t.get("question").and_then(toml::Value::as_str) {
                    out.push((key.clone(), q.to_owned()));
                }
            }
            _ => {}
        }
    }
    out
}

impl ServiceSettings {
    pub fn parse(file: &str, text: &str) -> Result<Self, SettingsError> {
        let questions = unanswered(text);
        if !questions.is_empty() {
            return Err(SettingsError::Unanswered { file: file.to_owned(), questions });
        }
        let settings: Self = toml::from_str(text).map_err(|e| SettingsError::Invalid { file: file.to_owned(), message: e.message().to_owned() })?;
        for (name, p) in &settings.parameters {
            let problem = if !matches!(p.location.as_str(), "path" | "query" | "header") {
                Some(format!("unsupported location `{}`", p.location))
            } else if p.optional && p.location == "path" {
                Some("a path parameter cannot be optional: use `from_credentials`".to_owned())
            } else if p.from_credentials.as_deref().is_some_and(|c| c != "project_id") {
                Some(format!("unknown credential `{}`: credentials carry only `project_id`", p.from_credentials.as_deref().unwrap_or_default()))
            } else if p.header.is_some() && p.from_credentials.is_none() {
                Some("`header` repeats a value from the credentials: set `from_credentials` too".to_owned())
            } else if !p.optional && p.from_credentials.is_none() {
                Some("says nothing: set `optional` or `from_credentials`".to_owned())
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(SettingsError::Invalid { file: file.to_owned(), message: format!("parameter `{name}`: {problem}") });
            }
        }
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

    /// The settings of the document `file` (a path or a file name).
    fn document(&self, file: &str) -> Option<&DocumentSettings> {
        self.documents.get(file_name(file)).or_else(|| self.documents.get(file))
    }

    /// The operation name the settings give the document `file`.
    pub fn document_operation(&self, file: &str) -> Option<&str> {
        self.document(file).and_then(|d| d.operation.as_ref()).map(|f| f.value.as_str())
    }

    /// The update date the settings give the document `file`.
    pub fn document_updated(&self, file: &str) -> Option<&str> {
        self.document(file).and_then(|d| d.updated.as_ref()).map(|f| f.value.as_str())
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
        .chain(self.parameters.iter().map(|(name, p)| (format!("parameter {name}"), p.source.clone())))
        .chain(self.waiters.iter().map(|(name, w)| (format!("waiter {name}"), w.source.clone())))
        .collect()
    }

    /// Applies `[parameters]` to every operation of `spec` that has the parameter: an optional one
    /// stops being required; one the credentials carry is marked `x-from-credentials`.
    pub fn apply_parameters(&self, spec: &mut OpenApi) {
        for item in spec.paths.values_mut() {
            for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten() {
                for param in &mut op.parameters {
                    let Some(rule) = self.parameters.get(&param.name).filter(|r| r.location == param.location) else { continue };
                    if rule.optional {
                        param.required = false;
                    }
                    if let Some(credential) = &rule.from_credentials {
                        param.schema.x_from_credentials = Some(FromCredentials { credential: credential.clone(), header: rule.header.clone() });
                    }
                }
            }
        }
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
            parameters: BTreeMap::new(),
            waiters: BTreeMap::new(),
        }
    }
}
