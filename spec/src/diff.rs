//! What changed between two versions of a service's spec, and what each change breaks.
//!
//! [`compare`] walks two [`OpenApi`] documents operation by operation and produces a
//! [`ServiceChanges`]: operations added or removed, request and response parameters added,
//! removed, probably renamed or moved, retyped, made required or optional, constraints and value
//! sets changed, error codes added or removed, descriptions changed. Each [`Change`] is classed
//! twice by [`ChangeKind::rule`]: by its effect on the generated Rust crate ([`RustImpact`], which
//! knows how `doc2sdk-codegen` maps a spec) and by its effect on the wire contract
//! ([`WireImpact`]), because the two differ. [`ChangeSet`] gathers the services of a comparison and
//! renders the changelog ([`ChangeSet::to_markdown`]) or JSON ([`ChangeSet::to_json`]).
//!
//! The module owns no I/O: `cargo xtask diff` turns documents, spec files and git revisions into
//! specs and calls it.

mod compare;
mod kind;
mod render;
mod shape;

use serde::Serialize;

pub use compare::{compare, service_added, service_removed};
pub use kind::{ChangeKind, Rule};

use crate::openapi::OpenApi;

/// Bumped when the JSON form of a change set changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// The effect of a change on the generated Rust crate, as a semver bump. Ordered by severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RustImpact {
    /// Documentation or behaviour only; every program that compiled still compiles (patch).
    Cosmetic,
    /// New API; every program that compiled still compiles (minor).
    Additive,
    /// Some program that compiled no longer does (major).
    Breaking,
}

impl RustImpact {
    /// The semver part this change needs bumped.
    pub fn semver(self) -> &'static str {
        match self {
            RustImpact::Cosmetic => "patch",
            RustImpact::Additive => "minor",
            RustImpact::Breaking => "major",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RustImpact::Cosmetic => "cosmetic",
            RustImpact::Additive => "additive",
            RustImpact::Breaking => "breaking",
        }
    }
}

/// The effect of a change on clients already talking to the service (as oasdiff's ERR / WARN /
/// INFO levels). Ordered by severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WireImpact {
    /// Requests and responses that worked keep working.
    NonBreaking,
    /// Some clients may notice: a value they do not expect, a field they relied on.
    PossiblyBreaking,
    /// Requests that worked are rejected, or responses no longer carry what they did.
    Breaking,
}

impl WireImpact {
    pub fn name(self) -> &'static str {
        match self {
            WireImpact::NonBreaking => "non-breaking",
            WireImpact::PossiblyBreaking => "possibly breaking",
            WireImpact::Breaking => "breaking",
        }
    }
}

/// The part of an operation a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Scope {
    Operation,
    Request,
    Response,
    Errors,
}

/// One change, classed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Change {
    /// Stable kebab-case id (`request-parameter-became-required`).
    pub id: &'static str,
    #[serde(skip)]
    pub kind: ChangeKind,
    pub scope: Scope,
    /// The field path (`Containers[].ProbeContent.Port`), error code or operation concerned.
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The changelog line, in the vendors' vocabulary (`add request parameter `X` (optional, string)`).
    pub text: String,
    pub rust: RustImpact,
    pub semver: &'static str,
    pub wire: WireImpact,
    /// Why it is classed so.
    pub why: &'static str,
    /// Where the change is in the documents: the new side's source, the old side's for removals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Change {
    /// A change to the shape of an operation (operations, fields, types, required-ness, location,
    /// error codes), as opposed to its wording, value sets or constraints, which text extraction
    /// can lose on one page and not on another. Two documents of one operation in different
    /// languages must differ in no structural change.
    pub fn is_structural(&self) -> bool {
        self.kind.is_structural()
    }
}

/// How an operation as a whole changed, in the vendors' changelog words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OperationStatus {
    Added,
    Removed,
    Updated,
}

/// The changes of one operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OperationChanges {
    pub operation: String,
    pub status: OperationStatus,
    pub changes: Vec<Change>,
}

/// The changes of one service, operations sorted by name.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ServiceChanges {
    pub module: String,
    pub title: String,
    pub old_version: Option<String>,
    pub new_version: Option<String>,
    pub operations: Vec<OperationChanges>,
}

impl ServiceChanges {
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.operations.iter().flat_map(|o| o.changes.iter())
    }
}

/// When `--fail-on` makes a comparison fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailOn {
    /// Any change breaking for the crate or on the wire.
    Breaking,
    /// Any change that is not cosmetic for the crate and non-breaking on the wire.
    Additive,
}

/// A whole comparison: two labelled sides and the changes of each service.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ChangeSet {
    pub format_version: u32,
    pub old: String,
    pub new: String,
    /// The largest effect on the crate; `None` without changes.
    pub rust: Option<RustImpact>,
    /// The semver bump the crate needs; `None` without changes.
    pub semver: Option<&'static str>,
    /// The largest effect on the wire; `None` without changes.
    pub wire: Option<WireImpact>,
    pub services: Vec<ServiceChanges>,
}

impl ChangeSet {
    pub fn new(old: impl Into<String>, new: impl Into<String>, services: Vec<ServiceChanges>) -> Self {
        let rust = services.iter().flat_map(ServiceChanges::changes).map(|c| c.rust).max();
        let wire = services.iter().flat_map(ServiceChanges::changes).map(|c| c.wire).max();
        Self { format_version: FORMAT_VERSION, old: old.into(), new: new.into(), rust, semver: rust.map(RustImpact::semver), wire, services }
    }

    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.services.iter().flat_map(ServiceChanges::changes)
    }

    /// Whether the comparison fails at this threshold.
    pub fn fails(&self, on: FailOn) -> bool {
        self.changes().any(|c| match on {
            FailOn::Breaking => c.rust == RustImpact::Breaking || c.wire == WireImpact::Breaking,
            FailOn::Additive => c.rust > RustImpact::Cosmetic || c.wire > WireImpact::NonBreaking,
        })
    }

    /// The changelog: Markdown, grouped by service and operation, a severity on each line.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// Pretty JSON with a trailing newline, for tools.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a change set always serializes");
        text.push('\n');
        text
    }
}

/// The classification table as Markdown (`| change | Rust crate | wire | why |`), for the README.
pub fn classification_table() -> String {
    render::table()
}

/// Compares two specs of one service into a change set labelled `old` and `new`.
pub fn diff(old_label: &str, old: &OpenApi, new_label: &str, new: &OpenApi) -> ChangeSet {
    ChangeSet::new(old_label, new_label, vec![compare(old, new)])
}
