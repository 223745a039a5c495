//! Two specs of one service -> the classed changes of each operation.
//!
//! Operations are matched by `operationId`, fields by their path (`Containers[].ProbeContent.Port`,
//! `[]` standing for the item of a list), error codes by code. What is left unmatched on both
//! sides of one operation is paired where the pairing is probable: the same shape under the same
//! parent with the same description is a rename, the same shape under another parent with the
//! same name (or description) is a move. Everything else is a removal or an addition.

use std::collections::{BTreeMap, BTreeSet};

use crate::openapi::{ErrorCode, OpenApi, Operation, Schema, SourceRef};

use super::shape::{self, resolve, rust_ty, values, wire_base, wire_type, RustTy, MAX_DEPTH};
use super::{Change, ChangeKind, OperationChanges, OperationStatus, Scope, ServiceChanges};

/// Compares two specs of one service. Operations come out sorted by name; within an operation,
/// changes are grouped as operation, request, response, errors, each in document order.
pub fn compare(old: &OpenApi, new: &OpenApi) -> ServiceChanges {
    let old_ops = operations(old);
    let new_ops = operations(new);
    let names: BTreeSet<&str> = old_ops.keys().chain(new_ops.keys()).copied().collect();
    let mut out = Vec::new();
    for name in names {
        let mut walk = Walk { old, new, changes: Vec::new(), removed: Vec::new(), added: Vec::new() };
        let status = match (old_ops.get(name), new_ops.get(name)) {
            (Some(o), None) => {
                walk.push(ChangeKind::ApiRemoved, name, None, None, format!("delete API `{name}`"), source(&o.op.x_source));
                OperationStatus::Removed
            }
            (None, Some(n)) => {
                walk.push(ChangeKind::ApiAdded, name, None, None, format!("add API `{name}`"), source(&n.op.x_source));
                OperationStatus::Added
            }
            (Some(o), Some(n)) => {
                walk.operation(name, o, n);
                OperationStatus::Updated
            }
            (None, None) => continue,
        };
        let mut changes = walk.changes;
        changes.sort_by_key(|c| c.scope);
        if !changes.is_empty() {
            out.push(OperationChanges { operation: name.to_owned(), status, changes });
        }
    }
    ServiceChanges {
        module: new.x_doc2sdk.module.clone(),
        title: new.info.title.clone(),
        old_version: Some(old.info.version.clone()),
        new_version: Some(new.info.version.clone()),
        operations: out,
    }
}

/// The changes of a service that only the new side has: every operation added.
pub fn service_added(spec: &OpenApi) -> ServiceChanges {
    let empty = OpenApi { paths: BTreeMap::new(), ..spec.clone() };
    ServiceChanges { old_version: None, ..compare(&empty, spec) }
}

/// The changes of a service that only the old side has: every operation removed.
pub fn service_removed(spec: &OpenApi) -> ServiceChanges {
    let empty = OpenApi { paths: BTreeMap::new(), ..spec.clone() };
    ServiceChanges { new_version: None, ..compare(spec, &empty) }
}

struct OpRef<'a> {
    method: &'static str,
    path: &'a str,
    op: &'a Operation,
}

fn operations(spec: &OpenApi) -> BTreeMap<&str, OpRef<'_>> {
    let mut ops = BTreeMap::new();
    for (path, item) in &spec.paths {
        for (method, op) in item.operations() {
            ops.entry(op.operation_id.as_str()).or_insert(OpRef { method, path, op });
        }
    }
    ops
}

fn source(refs: &[SourceRef]) -> Option<String> {
    refs.first().map(|r| format!("{}:{}", r.document, r.line))
}

/// A field of a request or response: where it sits and what it is.
#[derive(Clone)]
struct Field<'a> {
    parent: String,
    name: String,
    /// Resolved.
    schema: &'a Schema,
    required: bool,
    /// `query`, `path`, `header` for operation parameters, `body` for body fields; top level only.
    location: Option<&'a str>,
    description: Option<&'a str>,
    source: Option<String>,
}

impl Field<'_> {
    fn path(&self) -> String {
        join(&self.parent, &self.name)
    }
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

/// The fields of an object schema, in document order.
fn children<'a>(spec: &'a OpenApi, parent: &str, object: &'a Schema) -> Vec<Field<'a>> {
    object
        .properties
        .iter()
        .map(|(name, prop)| {
            let schema = resolve(spec, prop);
            Field {
                parent: parent.to_owned(),
                name: name.clone(),
                schema,
                required: object.required.contains(name),
                location: None,
                description: prop.description.as_deref().or(schema.description.as_deref()),
                source: source(&prop.x_source).or_else(|| source(&schema.x_source)),
            }
        })
        .collect()
}

/// The top-level request fields the generator turns into `new()` arguments and setters:
/// operation parameters, then the fields of the body.
fn request_fields<'a>(spec: &'a OpenApi, op: &'a Operation) -> Vec<Field<'a>> {
    let mut fields: Vec<Field<'a>> = op
        .parameters
        .iter()
        .map(|p| {
            let schema = resolve(spec, &p.schema);
            Field {
                parent: String::new(),
                name: p.name.clone(),
                schema,
                required: p.required,
                location: Some(p.location.as_str()),
                description: p.description.as_deref().or(schema.description.as_deref()),
                source: source(&p.x_source).or_else(|| source(&schema.x_source)),
            }
        })
        .collect();
    if let Some(media) = op.request_body.as_ref().and_then(|b| b.content.values().next()) {
        let body = resolve(spec, &media.schema);
        for mut field in children(spec, "", body) {
            if fields.iter().all(|f| f.name != field.name) {
                field.location = Some("body");
                fields.push(field);
            }
        }
    }
    fields
}

/// The top-level fields of the success response, as the generator reads them: a body that is a
/// bare JSON array is one field, `items`, the list.
fn response_fields<'a>(spec: &'a OpenApi, op: &'a Operation) -> Vec<Field<'a>> {
    let response = op.responses.get("200").or_else(|| op.responses.iter().find(|(status, _)| status.starts_with('2')).map(|(_, r)| r));
    let Some(media) = response.and_then(|r| r.content.values().next()) else { return Vec::new() };
    let body = resolve(spec, &media.schema);
    if body.ty.as_deref() != Some("array") {
        return children(spec, "", body);
    }
    vec![Field { parent: String::new(), name: "items".to_owned(), schema: body, required: false, location: None, description: body.description.as_deref(), source: source(&body.x_source) }]
}

/// One operation's comparison in progress.
struct Walk<'a> {
    old: &'a OpenApi,
    new: &'a OpenApi,
    changes: Vec<Change>,
    /// Fields found on one side only, paired into renames and moves at the end.
    removed: Vec<(Scope, Field<'a>)>,
    added: Vec<(Scope, Field<'a>)>,
}

/// The request or response variant of a kind.
fn pick(scope: Scope, request: ChangeKind, response: ChangeKind) -> ChangeKind {
    if scope == Scope::Response {
        response
    } else {
        request
    }
}

fn noun(scope: Scope) -> &'static str {
    if scope == Scope::Response {
        "response parameter"
    } else {
        "request parameter"
    }
}

fn list(values: &[String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (None, None) => "any".to_owned(),
        (min, max) => format!("{}..{}", min.unwrap_or_default(), max.unwrap_or_default()),
    }
}

/// Whether moving from the old bounds to the new ones rejects something (tightened) or accepts
/// more (loosened); `None` when unchanged.
fn bound_change(old: (Option<f64>, Option<f64>), new: (Option<f64>, Option<f64>)) -> Option<bool> {
    let lower = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    let upper = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
    let tightened = lower(new.0) > lower(old.0) || upper(new.1) < upper(old.1);
    let loosened = lower(new.0) < lower(old.0) || upper(new.1) > upper(old.1);
    (tightened || loosened).then_some(tightened)
}

impl<'a> Walk<'a> {
    fn push(&mut self, kind: ChangeKind, target: &str, old: Option<String>, new: Option<String>, text: String, source: Option<String>) {
        let rule = kind.rule();
        self.changes.push(Change {
            id: kind.id(),
            kind,
            scope: kind.scope(),
            target: target.to_owned(),
            old,
            new,
            text,
            rust: rule.rust,
            semver: rule.rust.semver(),
            wire: rule.wire,
            why: rule.why,
            source,
        });
    }

    fn operation(&mut self, name: &str, o: &OpRef<'a>, n: &OpRef<'a>) {
        let endpoint = |r: &OpRef<'_>| format!("{} {}", r.method, r.path);
        if endpoint(o) != endpoint(n) || o.op.x_acs_action != n.op.x_acs_action {
            let show = |r: &OpRef<'_>| match &r.op.x_acs_action {
                Some(action) => format!("{} (action {action})", endpoint(r)),
                None => endpoint(r),
            };
            self.push(ChangeKind::ApiEndpointChanged, name, Some(show(o)), Some(show(n)), format!("change the endpoint of API `{name}` from `{}` to `{}`", show(o), show(n)), source(&n.op.x_source));
        }
        if o.op.summary != n.op.summary || o.op.x_summary_i18n != n.op.x_summary_i18n {
            self.push(ChangeKind::ApiSummaryChanged, name, o.op.summary.clone(), n.op.summary.clone(), format!("update the description of API `{name}`"), source(&n.op.x_source));
        }
        let (old, new) = (self.old, self.new);
        self.fields(Scope::Request, request_fields(old, o.op), request_fields(new, n.op), 0);
        self.fields(Scope::Response, response_fields(old, o.op), response_fields(new, n.op), 0);
        self.pair();
        self.errors(&o.op.x_error_codes, &n.op.x_error_codes);
    }

    /// Matches two lists of sibling fields by name.
    fn fields(&mut self, scope: Scope, old: Vec<Field<'a>>, new: Vec<Field<'a>>, depth: usize) {
        for n in &new {
            match old.iter().find(|o| o.name == n.name) {
                Some(o) => self.field(scope, o, n, depth),
                None => self.added.push((scope, n.clone())),
            }
        }
        for o in old {
            if new.iter().all(|n| n.name != o.name) {
                self.removed.push((scope, o));
            }
        }
    }

    /// One field present on both sides (or a probable rename or move, reported at the new path).
    fn field(&mut self, scope: Scope, o: &Field<'a>, n: &Field<'a>, depth: usize) {
        let path = n.path();
        let src = n.source.clone();
        if let (Some(from), Some(to)) = (o.location, n.location) {
            if from != to && scope == Scope::Request {
                self.push(ChangeKind::RequestParameterLocationChanged, &path, Some(from.to_owned()), Some(to.to_owned()), format!("move request parameter `{path}` from {from} to {to}"), src.clone());
            }
        }
        if o.required != n.required {
            let (kind, word) = if n.required {
                (pick(scope, ChangeKind::RequestParameterBecameRequired, ChangeKind::ResponseParameterBecameRequired), "required")
            } else {
                (pick(scope, ChangeKind::RequestParameterBecameOptional, ChangeKind::ResponseParameterBecameOptional), "optional")
            };
            let was = if o.required { "required" } else { "optional" };
            self.push(kind, &path, Some(was.to_owned()), Some(word.to_owned()), format!("make {} `{path}` {word}", noun(scope)), src.clone());
        }
        let same_shape = self.own(scope, &path, o.schema, n.schema, &src, depth);
        if o.description != n.description || o.schema.x_description_i18n != n.schema.x_description_i18n {
            self.description(scope, &path, o.description, n.description, &src);
        }
        if same_shape {
            self.nested(scope, &path, o.schema, n.schema, &src, depth);
        }
    }

    fn description(&mut self, scope: Scope, path: &str, old: Option<&str>, new: Option<&str>, src: &Option<String>) {
        let kind = pick(scope, ChangeKind::RequestParameterDescriptionChanged, ChangeKind::ResponseParameterDescriptionChanged);
        self.push(kind, path, old.map(str::to_owned), new.map(str::to_owned), format!("update the description of {} `{path}`", noun(scope)), src.clone());
    }

    /// The type, value set and constraints of one field; whether its nested fields compare.
    fn own(&mut self, scope: Scope, path: &str, o: &'a Schema, n: &'a Schema, src: &Option<String>, depth: usize) -> bool {
        let (old, new) = (self.old, self.new);
        let what = noun(scope);
        let (ot, nt) = (wire_type(old, o), wire_type(new, n));
        if wire_base(old, o) != wire_base(new, n) {
            let kind = pick(scope, ChangeKind::RequestParameterTypeChanged, ChangeKind::ResponseParameterTypeChanged);
            self.push(kind, path, Some(ot.clone()), Some(nt.clone()), format!("change the type of {what} `{path}` from {ot} to {nt}"), src.clone());
            return false;
        }
        if o.ty.as_deref() == Some("array") || (o.additional_properties.is_some() && n.additional_properties.is_some()) {
            // Item types, formats and value sets compare at the item (`path[]`) or the map's
            // value (`path{}`).
            return true;
        }
        match (plain(rust_ty(old, o, depth)), plain(rust_ty(new, n, depth))) {
            (RustTy::I32, RustTy::I64) => {
                let kind = pick(scope, ChangeKind::RequestParameterIntegerWidened, ChangeKind::ResponseParameterIntegerWidened);
                self.push(kind, path, Some(ot.clone()), Some(nt.clone()), format!("widen {what} `{path}` from {ot} to {nt}"), src.clone());
            }
            (RustTy::I64, RustTy::I32) => {
                let kind = pick(scope, ChangeKind::RequestParameterIntegerNarrowed, ChangeKind::ResponseParameterIntegerNarrowed);
                self.push(kind, path, Some(ot.clone()), Some(nt.clone()), format!("narrow {what} `{path}` from {ot} to {nt}"), src.clone());
            }
            (RustTy::Json, typed @ (RustTy::Struct | RustTy::Map(_))) => {
                let kind = pick(scope, ChangeKind::RequestParameterFieldsDocumented, ChangeKind::ResponseParameterFieldsDocumented);
                let part = if matches!(typed, RustTy::Map(_)) { "values" } else { "fields" };
                self.push(kind, path, None, None, format!("document the {part} of {what} `{path}`"), src.clone());
                return false;
            }
            (typed @ (RustTy::Struct | RustTy::Map(_)), RustTy::Json) => {
                let kind = pick(scope, ChangeKind::RequestParameterFieldsUndocumented, ChangeKind::ResponseParameterFieldsUndocumented);
                let part = if matches!(typed, RustTy::Map(_)) { "values" } else { "fields" };
                self.push(kind, path, None, None, format!("drop the documented {part} of {what} `{path}`"), src.clone());
                return false;
            }
            _ if ot != nt => {
                let kind = pick(scope, ChangeKind::RequestParameterFormatChanged, ChangeKind::ResponseParameterFormatChanged);
                self.push(kind, path, Some(ot.clone()), Some(nt.clone()), format!("change the format of {what} `{path}` from {ot} to {nt}"), src.clone());
            }
            _ => {}
        }
        self.value_set(scope, path, o, n, src);
        self.constraints(scope, path, o, n, src);
        true
    }

    /// The fields of an object, the item of a list (`path[]`) or the value of a map (`path{}`), on
    /// both sides.
    fn nested(&mut self, scope: Scope, path: &str, o: &'a Schema, n: &'a Schema, src: &Option<String>, depth: usize) {
        if depth >= MAX_DEPTH {
            return;
        }
        let (old, new) = (self.old, self.new);
        if let (Some(oi), Some(ni)) = (o.items.as_deref(), n.items.as_deref()) {
            let (oi, ni) = (resolve(old, oi), resolve(new, ni));
            let item = format!("{path}[]");
            let item_src = source(&ni.x_source).or_else(|| src.clone());
            let same_shape = self.own(scope, &item, oi, ni, &item_src, depth + 1);
            if oi.description != ni.description || oi.x_description_i18n != ni.x_description_i18n {
                self.description(scope, &item, oi.description.as_deref(), ni.description.as_deref(), &item_src);
            }
            if same_shape {
                self.nested(scope, &item, oi, ni, &item_src, depth + 1);
            }
        } else if let (Some(ov), Some(nv)) = (o.additional_properties.as_deref(), n.additional_properties.as_deref()) {
            let (ov, nv) = (resolve(old, ov), resolve(new, nv));
            let value = format!("{path}{{}}");
            let value_src = source(&nv.x_source).or_else(|| src.clone());
            if self.own(scope, &value, ov, nv, &value_src, depth + 1) {
                self.nested(scope, &value, ov, nv, &value_src, depth + 1);
            }
        } else if !o.properties.is_empty() && !n.properties.is_empty() {
            self.fields(scope, children(old, path, o), children(new, path, n), depth + 1);
        }
    }

    fn value_set(&mut self, scope: Scope, path: &str, o: &Schema, n: &Schema, src: &Option<String>) {
        let (ov, nv) = (values(o), values(n));
        if ov == nv {
            return;
        }
        let what = noun(scope);
        let added: Vec<String> = nv.iter().filter(|v| !ov.contains(v)).cloned().collect();
        let removed: Vec<String> = ov.iter().filter(|v| !nv.contains(v)).cloned().collect();
        let (old_text, new_text) = ((!ov.is_empty()).then(|| ov.join(", ")), (!nv.is_empty()).then(|| nv.join(", ")));
        // Only string value sets become Rust enums; any other is a constraint the crate ignores.
        if n.ty.as_deref() != Some("string") {
            let tightened = ov.is_empty() || !removed.is_empty();
            let kind = match (scope == Scope::Response, tightened) {
                (false, true) => ChangeKind::RequestConstraintTightened,
                (false, false) => ChangeKind::RequestConstraintLoosened,
                (true, true) => ChangeKind::ResponseConstraintTightened,
                (true, false) => ChangeKind::ResponseConstraintLoosened,
            };
            let verb = if tightened { "tighten" } else { "loosen" };
            self.push(kind, path, old_text.clone(), new_text.clone(), format!("{verb} the values of {what} `{path}` from {} to {}", old_text.as_deref().unwrap_or("any"), new_text.as_deref().unwrap_or("any")), src.clone());
            return;
        }
        if ov.is_empty() {
            let kind = pick(scope, ChangeKind::RequestValueSetDocumented, ChangeKind::ResponseValueSetDocumented);
            self.push(kind, path, None, new_text, format!("restrict {what} `{path}` to the values {}", list(&nv)), src.clone());
            return;
        }
        if nv.is_empty() {
            let kind = pick(scope, ChangeKind::RequestValueSetDropped, ChangeKind::ResponseValueSetDropped);
            self.push(kind, path, old_text, None, format!("no longer restrict {what} `{path}` to the values {}", list(&ov)), src.clone());
            return;
        }
        if !removed.is_empty() {
            let kind = pick(scope, ChangeKind::RequestEnumValuesRemoved, ChangeKind::ResponseEnumValuesRemoved);
            self.push(kind, path, Some(removed.join(", ")), None, format!("delete the values {} from {what} `{path}`", list(&removed)), src.clone());
        }
        if !added.is_empty() {
            let kind = pick(scope, ChangeKind::RequestEnumValuesAdded, ChangeKind::ResponseEnumValuesAdded);
            self.push(kind, path, None, Some(added.join(", ")), format!("add the values {} to {what} `{path}`", list(&added)), src.clone());
        }
    }

    fn constraints(&mut self, scope: Scope, path: &str, o: &Schema, n: &Schema, src: &Option<String>) {
        let what = noun(scope);
        let kinds = |tightened: bool| match (scope == Scope::Response, tightened) {
            (false, true) => (ChangeKind::RequestConstraintTightened, "tighten"),
            (false, false) => (ChangeKind::RequestConstraintLoosened, "loosen"),
            (true, true) => (ChangeKind::ResponseConstraintTightened, "tighten"),
            (true, false) => (ChangeKind::ResponseConstraintLoosened, "loosen"),
        };
        let as_f64 = |v: Option<u64>| v.map(|v| v as f64);
        if let Some(tightened) = bound_change((as_f64(o.min_length), as_f64(o.max_length)), (as_f64(n.min_length), as_f64(n.max_length))) {
            let (kind, verb) = kinds(tightened);
            let (ob, nb) = (bounds(o.min_length.map(|v| v.to_string()), o.max_length.map(|v| v.to_string())), bounds(n.min_length.map(|v| v.to_string()), n.max_length.map(|v| v.to_string())));
            self.push(kind, path, Some(ob.clone()), Some(nb.clone()), format!("{verb} the length of {what} `{path}` from {ob} to {nb}"), src.clone());
        }
        let num = |v: &Option<serde_json::Value>| v.as_ref().and_then(serde_json::Value::as_f64);
        if let Some(tightened) = bound_change((num(&o.minimum), num(&o.maximum)), (num(&n.minimum), num(&n.maximum))) {
            let (kind, verb) = kinds(tightened);
            let text = |v: &Option<serde_json::Value>| v.as_ref().map(shape::value_text);
            let (ob, nb) = (bounds(text(&o.minimum), text(&o.maximum)), bounds(text(&n.minimum), text(&n.maximum)));
            self.push(kind, path, Some(ob.clone()), Some(nb.clone()), format!("{verb} the range of {what} `{path}` from {ob} to {nb}"), src.clone());
        }
        if o.default != n.default {
            let kind = pick(scope, ChangeKind::RequestDefaultChanged, ChangeKind::ResponseDefaultChanged);
            let (od, nd) = (o.default.as_ref().map(shape::value_text), n.default.as_ref().map(shape::value_text));
            let text = match (&od, &nd) {
                (Some(a), Some(b)) => format!("change the default of {what} `{path}` from `{a}` to `{b}`"),
                (None, Some(b)) => format!("add the default `{b}` to {what} `{path}`"),
                (Some(a), None) => format!("remove the default `{a}` of {what} `{path}`"),
                (None, None) => unreachable!("defaults differ"),
            };
            self.push(kind, path, od, nd, text, src.clone());
        }
    }

    /// Pairs unmatched fields into probable renames and moves; reports the rest as removed and
    /// added.
    fn pair(&mut self) {
        let removed = std::mem::take(&mut self.removed);
        let mut added = std::mem::take(&mut self.added);
        let (old, new) = (self.old, self.new);
        let mut gone = Vec::new();
        for (scope, r) in removed {
            let r_shape = shape::shape(old, r.schema, 0);
            let same_description = |a: &Field<'_>| r.description.is_some_and(|d| !d.trim().is_empty() && Some(d) == a.description);
            let found = added.iter().position(|(s, a)| {
                *s == scope
                    && shape::shape(new, a.schema, 0) == r_shape
                    && ((a.parent == r.parent && a.name != r.name && same_description(a)) || (a.parent != r.parent && (a.name == r.name || same_description(a))))
            });
            let Some(index) = found else {
                gone.push((scope, r));
                continue;
            };
            let (_, a) = added.remove(index);
            let (from, to) = (r.path(), a.path());
            let what = noun(scope);
            if a.parent == r.parent {
                let kind = pick(scope, ChangeKind::RequestParameterRenamed, ChangeKind::ResponseParameterRenamed);
                self.push(kind, &to, Some(from.clone()), Some(to.clone()), format!("rename {what} `{from}` to `{to}` (probably: same type and description)"), a.source.clone());
            } else {
                let kind = pick(scope, ChangeKind::RequestParameterMoved, ChangeKind::ResponseParameterMoved);
                let because = if a.name == r.name { "same name and type" } else { "same type and description" };
                self.push(kind, &to, Some(from.clone()), Some(to.clone()), format!("move {what} `{from}` to `{to}` (probably: {because})"), a.source.clone());
            }
            let mut r = r;
            r.location = a.location;
            self.field(scope, &r, &a, 0);
        }
        for (scope, r) in gone {
            let path = r.path();
            let kind = pick(scope, ChangeKind::RequestParameterRemoved, ChangeKind::ResponseParameterRemoved);
            self.push(kind, &path, Some(wire_type(old, r.schema)), None, format!("delete {} `{path}`", noun(scope)), r.source.clone());
        }
        for (scope, a) in added {
            let path = a.path();
            let ty = wire_type(new, a.schema);
            let (kind, text) = match scope {
                Scope::Request if a.required => (ChangeKind::RequiredRequestParameterAdded, format!("add required request parameter `{path}` ({ty})")),
                Scope::Request => (ChangeKind::RequestParameterAdded, format!("add request parameter `{path}` (optional, {ty})")),
                _ => (ChangeKind::ResponseParameterAdded, format!("add response parameter `{path}` ({ty})")),
            };
            self.push(kind, &path, None, Some(ty), text, a.source.clone());
        }
    }

    fn errors(&mut self, old: &[ErrorCode], new: &[ErrorCode]) {
        fn find<'e>(list: &'e [ErrorCode], code: &str) -> Option<&'e ErrorCode> {
            list.iter().find(|e| e.code == code)
        }
        let mut seen = BTreeSet::new();
        for n in new {
            if !seen.insert(n.code.as_str()) {
                continue;
            }
            let code = &n.code;
            let src = source(&n.x_source);
            match find(old, code) {
                None => self.push(ChangeKind::ErrorCodeAdded, code, None, Some(crate::openapi::status_label(n.status)), format!("add error code `{code}` (HTTP {})", crate::openapi::status_label(n.status)), src),
                Some(o) => {
                    if o.status != n.status {
                        self.push(ChangeKind::ErrorStatusChanged, code, Some(crate::openapi::status_label(o.status)), Some(crate::openapi::status_label(n.status)), format!("change the HTTP status of error code `{code}` from {} to {}", crate::openapi::status_label(o.status), crate::openapi::status_label(n.status)), src.clone());
                    }
                    if o.message != n.message || o.description != n.description || o.x_description_i18n != n.x_description_i18n {
                        self.push(ChangeKind::ErrorDescriptionChanged, code, Some(o.message.clone()), Some(n.message.clone()), format!("update the description of error code `{code}`"), src);
                    }
                }
            }
        }
        let mut seen = BTreeSet::new();
        for o in old {
            if seen.insert(o.code.as_str()) && find(new, &o.code).is_none() {
                self.push(ChangeKind::ErrorCodeRemoved, &o.code, Some(crate::openapi::status_label(o.status)), None, format!("delete error code `{}` (HTTP {})", o.code, crate::openapi::status_label(o.status)), source(&o.x_source));
            }
        }
    }
}

/// A Rust type with enums as strings: value sets are compared on their own.
fn plain(ty: RustTy) -> RustTy {
    match ty {
        RustTy::Enum => RustTy::String,
        RustTy::Vec(inner) => RustTy::Vec(Box::new(plain(*inner))),
        other => other,
    }
}
