//! The OpenAPI 3.1 model that the scraper writes and the generator reads, with the `x-`
//! extensions doc2sdk adds. Only what doc2sdk emits is modelled; maps are ordered (document order
//! or sorted) so the JSON on disk is stable.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Bumped whenever the meaning of an `x-` extension changes.
pub const FORMAT_VERSION: u32 = 1;

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenApi {
    pub openapi: String,
    pub info: Info,
    pub servers: Vec<Server>,
    /// Sorted by path.
    pub paths: BTreeMap<String, PathItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Components>,
    #[serde(rename = "x-doc2sdk")]
    pub x_doc2sdk: Doc2Sdk,
}

/// Named types shared by several fields (Huawei's DTOs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Components {
    pub schemas: BTreeMap<String, Schema>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Info {
    pub title: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, ServerVariable>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerVariable {
    pub default: String,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<String>,
}

/// Service facts the pages do not state, copied from the settings file with their sources, and
/// the documents the spec was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Doc2Sdk {
    pub format_version: u32,
    /// Rust module / cargo feature name (`esa`).
    pub module: String,
    pub vendor: String,
    pub product: String,
    /// `RPC` or `ROA`.
    pub style: String,
    /// Default signature scheme (`ACS3-HMAC-SHA256`).
    pub signing: String,
    /// `esa.{region}.aliyuncs.com`.
    pub endpoint_pattern: String,
    /// Regions with their endpoint host.
    pub regions: BTreeMap<String, String>,
    /// How array and object parameters travel in an RPC request (`json`).
    pub complex_parameter_encoding: String,
    /// Where each fact above comes from.
    pub sources: BTreeMap<String, String>,
    pub documents: Vec<DocumentRef>,
    /// Corrections applied from the overrides file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<AppliedOverride>,
    /// Waiters the service settings describe, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub waiters: BTreeMap<String, Waiter>,
}

impl OpenApi {
    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.paths.values().flat_map(|item| item.operations()).map(|(_, op)| op).find(|op| op.operation_id == id)
    }

    /// The schema of the field at `path` (wire names joined by `.`, `Data.Status`) in the success
    /// response of operation `id`, references to components resolved on the way.
    pub fn response_field(&self, id: &str, path: &str) -> Option<Schema> {
        let op = self.operation(id)?;
        let mut schema = op.responses.iter().find(|(status, _)| status.starts_with('2')).and_then(|(_, r)| r.content.values().next()).map(|m| m.schema.clone());
        for part in path.split('.') {
            let resolved = schema.map(|s| {
                let target = s.reference.as_deref().and_then(|r| r.strip_prefix("#/components/schemas/")).and_then(|n| self.components.as_ref().and_then(|c| c.schemas.get(n)));
                target.cloned().unwrap_or(s)
            });
            schema = resolved.and_then(|s| s.properties.get(part).cloned());
        }
        schema
    }
}

/// Poll `operation` until the response field at `state` (a dotted path of wire names) has one
/// of the `success` values; `failure` values fail the wait, `needs_action` values stop it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Waiter {
    pub operation: String,
    pub state: String,
    pub success: Vec<String>,
    pub failure: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs_action: Vec<String>,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub path: String,
    pub sha256: String,
    pub form: String,
    pub language: String,
    pub operations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AppliedOverride {
    pub target: String,
    pub reason: String,
}

/// Where an item came from: a document and a line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub document: String,
    pub line: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PathItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
}

impl PathItem {
    /// The operations of this path with their HTTP method.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [("GET", &self.get), ("PUT", &self.put), ("POST", &self.post), ("DELETE", &self.delete), ("PATCH", &self.patch)]
            .into_iter()
            .filter_map(|(m, o)| o.as_ref().map(|o| (m, o)))
    }

    pub fn slot(&mut self, method: &str) -> &mut Option<Operation> {
        match method {
            "GET" => &mut self.get,
            "PUT" => &mut self.put,
            "DELETE" => &mut self.delete,
            "PATCH" => &mut self.patch,
            _ => &mut self.post,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub operation_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(rename = "x-summary-i18n", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub x_summary_i18n: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    pub responses: BTreeMap<String, Response>,
    /// The RPC action name, for RPC-style services.
    #[serde(rename = "x-acs-action", default, skip_serializing_if = "Option::is_none")]
    pub x_acs_action: Option<String>,
    #[serde(rename = "x-error-codes", default)]
    pub x_error_codes: Vec<ErrorCode>,
    /// The page prints no operation name: `operationId` was derived from method and path.
    #[serde(rename = "x-operation-id-derived", default, skip_serializing_if = "is_false")]
    pub x_operation_id_derived: bool,
    /// Which cue of the page named the operation (`title`, `authorization-table`, `explorer-link`,
    /// `request-syntax`, `settings`, `provisional`...).
    #[serde(rename = "x-operation-id-source", default, skip_serializing_if = "String::is_empty")]
    pub x_operation_id_source: String,
    #[serde(rename = "x-source")]
    pub x_source: Vec<SourceRef>,
    /// Older documents of the same operation in the same language, which a newer one replaced.
    #[serde(rename = "x-superseded", default, skip_serializing_if = "Vec::is_empty")]
    pub x_superseded: Vec<Superseded>,
}

/// A document section that a newer document of the same operation replaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Superseded {
    pub document: String,
    pub line: u32,
    /// The date the superseded section states, if any (`2022-07-13`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub schema: Schema,
    #[serde(rename = "x-source", default, skip_serializing_if = "Vec::is_empty")]
    pub x_source: Vec<SourceRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestBody {
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The name of the one table row that documents the whole body (a file's `body`).
    #[serde(rename = "x-name", default, skip_serializing_if = "Option::is_none")]
    pub x_name: Option<String>,
    pub content: BTreeMap<String, MediaType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MediaType {
    pub schema: Schema,
    /// Per-property encoding of a form body: arrays and objects travel as JSON text.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub encoding: IndexMap<String, Encoding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Encoding {
    pub content_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub description: String,
    /// Response rows that are HTTP headers (`ETag`, `X-Fc-*`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub content: BTreeMap<String, MediaType>,
}

/// An error code's HTTP status as reports show it (`400`, or `unstated`).
pub fn status_label(status: Option<u16>) -> String {
    status.map_or_else(|| "unstated".to_owned(), |s| s.to_string())
}

/// A documented response header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub schema: Schema,
}

/// One documented error code.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// The HTTP status the page gives the code; `None` where the error table has no status
    /// column (Tencent Cloud answers every error with 200 and the code in the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub description: String,
    #[serde(rename = "x-description-i18n", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub x_description_i18n: BTreeMap<String, String>,
    #[serde(rename = "x-source")]
    pub x_source: Vec<SourceRef>,
}

/// Where the client finds a request parameter the request leaves unset.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FromCredentials {
    /// The credential that holds the value: `project_id`, the only one credentials carry.
    pub credential: String,
    /// A header that must repeat a value the request sets (`X-Project-Id`, which Huawei Cloud
    /// checks against the path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

/// A JSON Schema (the 2020-12 dialect OpenAPI 3.1 uses), limited to what pages document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// `#/components/schemas/<Name>`.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "x-description-i18n", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub x_description_i18n: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Schema>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    #[serde(rename = "enum", default, skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Value>,
    /// A map's values (`Map<String,X>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Box<Schema>>,
    /// A string that carries a document of this media type (`application/json`) ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_media_type: Option<String>,
    /// ... whose shape a table of the page documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_schema: Option<Box<Schema>>,
    /// A common parameter of the vendor's API (`Action`, `Version`) that the page lists with the
    /// operation's own: kept so the spec stays faithful to the page, set by the client, not the user.
    #[serde(rename = "x-common", default, skip_serializing_if = "is_false")]
    pub x_common: bool,
    /// A secret (a password, a key's secret, a token) by its name or by what its description
    /// says: redacted wherever the SDK shows values.
    #[serde(rename = "x-sensitive", default, skip_serializing_if = "is_false")]
    pub x_sensitive: bool,
    /// The type cell as the page writes it (`Array of String`, `List<X>`), before normalising.
    #[serde(rename = "x-raw-type", default, skip_serializing_if = "Option::is_none")]
    pub x_raw_type: Option<String>,
    /// The page shows a "required" column but left this field's cell empty: required is unknown.
    #[serde(rename = "x-required-unknown", default, skip_serializing_if = "is_false")]
    pub x_required_unknown: bool,
    /// A request parameter the client fills in from its credentials when the request leaves it
    /// unset (Huawei Cloud's `project_id`); from the service settings' `[parameters]`.
    #[serde(rename = "x-from-credentials", default, skip_serializing_if = "Option::is_none")]
    pub x_from_credentials: Option<FromCredentials>,
    #[serde(rename = "x-source", default, skip_serializing_if = "Vec::is_empty")]
    pub x_source: Vec<SourceRef>,
}
