//! The kinds of change and the one table that classes them.
//!
//! The Rust column follows how `doc2sdk-codegen` maps a spec: request structs have
//! `new(required...)` plus a setter per optional field and are `#[non_exhaustive]`; response
//! fields are `Option<T>` (`Vec<T>` for lists) on `#[non_exhaustive]` structs; documented value
//! sets are `#[non_exhaustive]` enums with an `Unknown(String)` fallback; each operation has a
//! `#[non_exhaustive]` error enum with a variant per documented code and `Unhandled`; types map
//! string -> `String`, integer -> `i32` (`i64` for int64), number -> `f64`, boolean -> `bool`,
//! array -> `Vec`, object with fields -> struct, object without -> `serde_json::Value`. The
//! wire column is what a client built against the old contract sees from the new service.

use super::{RustImpact, Scope, WireImpact};

/// What kind of change. Request and response sides are separate kinds because they class
/// differently (a new value is harmless in a request and a surprise in a response).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    ApiAdded,
    ApiRemoved,
    ApiEndpointChanged,
    ApiSummaryChanged,

    RequestParameterAdded,
    RequiredRequestParameterAdded,
    RequestParameterRemoved,
    RequestParameterRenamed,
    RequestParameterMoved,
    RequestParameterLocationChanged,
    RequestParameterTypeChanged,
    RequestParameterIntegerWidened,
    RequestParameterIntegerNarrowed,
    RequestParameterFormatChanged,
    RequestParameterFieldsDocumented,
    RequestParameterFieldsUndocumented,
    RequestParameterBecameRequired,
    RequestParameterBecameOptional,
    RequestEnumValuesAdded,
    RequestEnumValuesRemoved,
    RequestValueSetDocumented,
    RequestValueSetDropped,
    RequestConstraintTightened,
    RequestConstraintLoosened,
    RequestDefaultChanged,
    RequestParameterDescriptionChanged,

    ResponseParameterAdded,
    ResponseParameterRemoved,
    ResponseParameterRenamed,
    ResponseParameterMoved,
    ResponseParameterTypeChanged,
    ResponseParameterIntegerWidened,
    ResponseParameterIntegerNarrowed,
    ResponseParameterFormatChanged,
    ResponseParameterFieldsDocumented,
    ResponseParameterFieldsUndocumented,
    ResponseParameterBecameRequired,
    ResponseParameterBecameOptional,
    ResponseEnumValuesAdded,
    ResponseEnumValuesRemoved,
    ResponseValueSetDocumented,
    ResponseValueSetDropped,
    ResponseConstraintTightened,
    ResponseConstraintLoosened,
    ResponseDefaultChanged,
    ResponseParameterDescriptionChanged,

    ErrorCodeAdded,
    ErrorCodeRemoved,
    ErrorStatusChanged,
    ErrorDescriptionChanged,
}

/// How one kind of change is classed, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub rust: RustImpact,
    pub wire: WireImpact,
    pub why: &'static str,
}

const fn rule(rust: RustImpact, wire: WireImpact, why: &'static str) -> Rule {
    Rule { rust, wire, why }
}

use RustImpact::{Additive as Add, Breaking as Major, Cosmetic as Patch};
use WireImpact::{Breaking as Breaks, NonBreaking as Fine, PossiblyBreaking as Maybe};

impl ChangeKind {
    /// Every kind, in table order.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::ApiAdded,
        ChangeKind::ApiRemoved,
        ChangeKind::ApiEndpointChanged,
        ChangeKind::ApiSummaryChanged,
        ChangeKind::RequestParameterAdded,
        ChangeKind::RequiredRequestParameterAdded,
        ChangeKind::RequestParameterRemoved,
        ChangeKind::RequestParameterRenamed,
        ChangeKind::RequestParameterMoved,
        ChangeKind::RequestParameterLocationChanged,
        ChangeKind::RequestParameterTypeChanged,
        ChangeKind::RequestParameterIntegerWidened,
        ChangeKind::RequestParameterIntegerNarrowed,
        ChangeKind::RequestParameterFormatChanged,
        ChangeKind::RequestParameterFieldsDocumented,
        ChangeKind::RequestParameterFieldsUndocumented,
        ChangeKind::RequestParameterBecameRequired,
        ChangeKind::RequestParameterBecameOptional,
        ChangeKind::RequestEnumValuesAdded,
        ChangeKind::RequestEnumValuesRemoved,
        ChangeKind::RequestValueSetDocumented,
        ChangeKind::RequestValueSetDropped,
        ChangeKind::RequestConstraintTightened,
        ChangeKind::RequestConstraintLoosened,
        ChangeKind::RequestDefaultChanged,
        ChangeKind::RequestParameterDescriptionChanged,
        ChangeKind::ResponseParameterAdded,
        ChangeKind::ResponseParameterRemoved,
        ChangeKind::ResponseParameterRenamed,
        ChangeKind::ResponseParameterMoved,
        ChangeKind::ResponseParameterTypeChanged,
        ChangeKind::ResponseParameterIntegerWidened,
        ChangeKind::ResponseParameterIntegerNarrowed,
        ChangeKind::ResponseParameterFormatChanged,
        ChangeKind::ResponseParameterFieldsDocumented,
        ChangeKind::ResponseParameterFieldsUndocumented,
        ChangeKind::ResponseParameterBecameRequired,
        ChangeKind::ResponseParameterBecameOptional,
        ChangeKind::ResponseEnumValuesAdded,
        ChangeKind::ResponseEnumValuesRemoved,
        ChangeKind::ResponseValueSetDocumented,
        ChangeKind::ResponseValueSetDropped,
        ChangeKind::ResponseConstraintTightened,
        ChangeKind::ResponseConstraintLoosened,
        ChangeKind::ResponseDefaultChanged,
        ChangeKind::ResponseParameterDescriptionChanged,
        ChangeKind::ErrorCodeAdded,
        ChangeKind::ErrorCodeRemoved,
        ChangeKind::ErrorStatusChanged,
        ChangeKind::ErrorDescriptionChanged,
    ];

    /// The classification table.
    pub fn rule(self) -> Rule {
        use ChangeKind::*;
        match self {
            ApiAdded => rule(Add, Fine, "a new client method and module"),
            ApiRemoved => rule(Major, Breaks, "the client method and its module are removed; the service rejects the call"),
            ApiEndpointChanged => rule(Patch, Breaks, "the method is unchanged and sends to the new endpoint; older clients send to the old one"),
            ApiSummaryChanged => rule(Patch, Fine, "documentation only"),

            RequestParameterAdded => rule(Add, Fine, "a new setter; `new()` is unchanged"),
            RequiredRequestParameterAdded => rule(Major, Breaks, "`new()` takes one more argument; requests without it are rejected"),
            RequestParameterRemoved => rule(Major, Maybe, "its setter or `new()` argument is removed; the service may reject or ignore it when sent"),
            RequestParameterRenamed => rule(Major, Breaks, "the setter is renamed; the service no longer reads the old name"),
            RequestParameterMoved => rule(Major, Breaks, "the setter moves to another struct; the service reads it under another parent"),
            RequestParameterLocationChanged => rule(Patch, Breaks, "the setter is unchanged; older clients send it where the service no longer reads it"),
            RequestParameterTypeChanged => rule(Major, Breaks, "the field and its setter take another type; the service rejects the old form"),
            RequestParameterIntegerWidened => rule(Major, Fine, "`i32` becomes `i64`; the service accepts every old value"),
            RequestParameterIntegerNarrowed => rule(Major, Breaks, "`i64` becomes `i32`; the service rejects large values"),
            RequestParameterFormatChanged => rule(Patch, Maybe, "the Rust type is unchanged; the service may expect another format"),
            RequestParameterFieldsDocumented => rule(Major, Fine, "`serde_json::Value` becomes a struct (or a map of typed values); the wire form is unchanged"),
            RequestParameterFieldsUndocumented => rule(Major, Fine, "the struct (or typed map) becomes `serde_json::Value`; the wire form is unchanged"),
            RequestParameterBecameRequired => rule(Major, Breaks, "the setter becomes a `new()` argument; requests without it are rejected"),
            RequestParameterBecameOptional => rule(Major, Fine, "`new()` loses an argument and the field becomes an `Option`; old requests stay valid"),
            RequestEnumValuesAdded => rule(Add, Fine, "new variants on a `#[non_exhaustive]` enum; old values stay valid"),
            RequestEnumValuesRemoved => rule(Major, Breaks, "the variants are removed; the service rejects those values"),
            RequestValueSetDocumented => rule(Major, Breaks, "`String` becomes an enum; the service rejects values outside the set"),
            RequestValueSetDropped => rule(Major, Fine, "the enum becomes `String`; every old value stays valid"),
            RequestConstraintTightened => rule(Patch, Breaks, "the API is unchanged; `validate()` and the service reject values they accepted"),
            RequestConstraintLoosened => rule(Patch, Fine, "the API is unchanged; more values are accepted"),
            RequestDefaultChanged => rule(Patch, Maybe, "the API is unchanged; requests that omit it behave differently"),
            RequestParameterDescriptionChanged => rule(Patch, Fine, "documentation only"),

            ResponseParameterAdded => rule(Add, Fine, "a new `Option` field on a `#[non_exhaustive]` struct"),
            ResponseParameterRemoved => rule(Major, Maybe, "the field is removed; clients that read it get nothing"),
            ResponseParameterRenamed => rule(Major, Breaks, "the field is renamed; clients that read the old name get nothing"),
            ResponseParameterMoved => rule(Major, Breaks, "the field moves to another struct; clients that read it in the old place get nothing"),
            ResponseParameterTypeChanged => rule(Major, Breaks, "the field has another type; clients fail to parse the new form"),
            ResponseParameterIntegerWidened => rule(Major, Maybe, "`i32` becomes `i64`; clients with 32-bit fields may overflow"),
            ResponseParameterIntegerNarrowed => rule(Major, Fine, "`i64` becomes `i32`; every new value fits the old field"),
            ResponseParameterFormatChanged => rule(Patch, Maybe, "the Rust type is unchanged; clients may parse the old format"),
            ResponseParameterFieldsDocumented => rule(Major, Fine, "`serde_json::Value` becomes a struct (or a map of typed values); the wire form is unchanged"),
            ResponseParameterFieldsUndocumented => rule(Major, Fine, "the struct (or typed map) becomes `serde_json::Value`; the wire form is unchanged"),
            ResponseParameterBecameRequired => rule(Patch, Fine, "response fields are `Option` either way; the service now always sends it"),
            ResponseParameterBecameOptional => rule(Patch, Maybe, "response fields are `Option` either way; clients that expect it may miss it"),
            ResponseEnumValuesAdded => rule(Add, Maybe, "new variants on a `#[non_exhaustive]` enum (they were `Unknown`); clients with closed enums may fail on them"),
            ResponseEnumValuesRemoved => rule(Major, Fine, "the variants are removed; the service no longer sends those values"),
            ResponseValueSetDocumented => rule(Major, Fine, "`String` becomes an enum; the service sends only values of the set"),
            ResponseValueSetDropped => rule(Major, Maybe, "the enum becomes `String`; clients may get values they do not expect"),
            ResponseConstraintTightened => rule(Patch, Fine, "the API is unchanged; the service sends fewer kinds of values"),
            ResponseConstraintLoosened => rule(Patch, Maybe, "the API is unchanged; clients may get values they do not expect"),
            ResponseDefaultChanged => rule(Patch, Fine, "documentation only"),
            ResponseParameterDescriptionChanged => rule(Patch, Fine, "documentation only"),

            ErrorCodeAdded => rule(Add, Fine, "a new variant on the `#[non_exhaustive]` error enum; the code was `Unhandled` before"),
            ErrorCodeRemoved => rule(Major, Fine, "the variant is removed; the service no longer documents the code"),
            ErrorStatusChanged => rule(Patch, Maybe, "the variant is unchanged; clients that branch on the HTTP status see another"),
            ErrorDescriptionChanged => rule(Patch, Fine, "documentation only"),
        }
    }

    /// The stable kebab-case id, as in the JSON output.
    pub fn id(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ApiAdded => "api-added",
            ApiRemoved => "api-removed",
            ApiEndpointChanged => "api-endpoint-changed",
            ApiSummaryChanged => "api-summary-changed",
            RequestParameterAdded => "request-parameter-added",
            RequiredRequestParameterAdded => "required-request-parameter-added",
            RequestParameterRemoved => "request-parameter-removed",
            RequestParameterRenamed => "request-parameter-renamed",
            RequestParameterMoved => "request-parameter-moved",
            RequestParameterLocationChanged => "request-parameter-location-changed",
            RequestParameterTypeChanged => "request-parameter-type-changed",
            RequestParameterIntegerWidened => "request-parameter-integer-widened",
            RequestParameterIntegerNarrowed => "request-parameter-integer-narrowed",
            RequestParameterFormatChanged => "request-parameter-format-changed",
            RequestParameterFieldsDocumented => "request-parameter-fields-documented",
            RequestParameterFieldsUndocumented => "request-parameter-fields-undocumented",
            RequestParameterBecameRequired => "request-parameter-became-required",
            RequestParameterBecameOptional => "request-parameter-became-optional",
            RequestEnumValuesAdded => "request-enum-values-added",
            RequestEnumValuesRemoved => "request-enum-values-removed",
            RequestValueSetDocumented => "request-value-set-documented",
            RequestValueSetDropped => "request-value-set-dropped",
            RequestConstraintTightened => "request-constraint-tightened",
            RequestConstraintLoosened => "request-constraint-loosened",
            RequestDefaultChanged => "request-default-changed",
            RequestParameterDescriptionChanged => "request-parameter-description-changed",
            ResponseParameterAdded => "response-parameter-added",
            ResponseParameterRemoved => "response-parameter-removed",
            ResponseParameterRenamed => "response-parameter-renamed",
            ResponseParameterMoved => "response-parameter-moved",
            ResponseParameterTypeChanged => "response-parameter-type-changed",
            ResponseParameterIntegerWidened => "response-parameter-integer-widened",
            ResponseParameterIntegerNarrowed => "response-parameter-integer-narrowed",
            ResponseParameterFormatChanged => "response-parameter-format-changed",
            ResponseParameterFieldsDocumented => "response-parameter-fields-documented",
            ResponseParameterFieldsUndocumented => "response-parameter-fields-undocumented",
            ResponseParameterBecameRequired => "response-parameter-became-required",
            ResponseParameterBecameOptional => "response-parameter-became-optional",
            ResponseEnumValuesAdded => "response-enum-values-added",
            ResponseEnumValuesRemoved => "response-enum-values-removed",
            ResponseValueSetDocumented => "response-value-set-documented",
            ResponseValueSetDropped => "response-value-set-dropped",
            ResponseConstraintTightened => "response-constraint-tightened",
            ResponseConstraintLoosened => "response-constraint-loosened",
            ResponseDefaultChanged => "response-default-changed",
            ResponseParameterDescriptionChanged => "response-parameter-description-changed",
            ErrorCodeAdded => "error-code-added",
            ErrorCodeRemoved => "error-code-removed",
            ErrorStatusChanged => "error-status-changed",
            ErrorDescriptionChanged => "error-description-changed",
        }
    }

    pub fn scope(self) -> Scope {
        let id = self.id();
        if id.starts_with("api-") {
            Scope::Operation
        } else if id.starts_with("error-") {
            Scope::Errors
        } else if id.starts_with("response-") {
            Scope::Response
        } else {
            Scope::Request
        }
    }

    /// See [`super::Change::is_structural`].
    pub fn is_structural(self) -> bool {
        use ChangeKind::*;
        !matches!(
            self,
            ApiSummaryChanged
                | RequestEnumValuesAdded
                | RequestEnumValuesRemoved
                | RequestValueSetDocumented
                | RequestValueSetDropped
                | RequestConstraintTightened
                | RequestConstraintLoosened
                | RequestDefaultChanged
                | RequestParameterDescriptionChanged
                | ResponseEnumValuesAdded
                | ResponseEnumValuesRemoved
                | ResponseValueSetDocumented
                | ResponseValueSetDropped
                | ResponseConstraintTightened
                | ResponseConstraintLoosened
                | ResponseDefaultChanged
                | ResponseParameterDescriptionChanged
                | ErrorDescriptionChanged
        )
    }
}
