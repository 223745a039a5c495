//! Views of a schema that the comparison needs: `$ref` resolution, the wire type as a changelog
//! prints it, the Rust type the generator gives a field, and a shape key for probable renames.

use serde_json::Value;

use crate::openapi::{OpenApi, Schema};

/// How deep nested schemas are followed; specs with recursive `$ref`s stop here.
pub const MAX_DEPTH: usize = 32;

/// Follows `$ref` (`#/components/schemas/Name`) within `spec`. A reference that leads nowhere is
/// returned as is (it then has no type and compares as such).
pub fn resolve<'a>(spec: &'a OpenApi, schema: &'a Schema) -> &'a Schema {
    let mut current = schema;
    for _ in 0..MAX_DEPTH {
        let Some(name) = current.reference.as_deref().and_then(|r| r.strip_prefix("#/components/schemas/")) else { return current };
        match spec.components.as_ref().and_then(|c| c.schemas.get(name)) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

/// The Rust type `doc2sdk-codegen` gives a field, without the names of generated types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustTy {
    String,
    I32,
    I64,
    F64,
    Bool,
    Json,
    Vec(Box<RustTy>),
    Map(Box<RustTy>),
    Struct,
    Enum,
}

/// The Rust type of `schema`, as `codegen::ir::Builder::ty` maps it.
pub fn rust_ty(spec: &OpenApi, schema: &Schema, depth: usize) -> RustTy {
    let s = resolve(spec, schema);
    match s.ty.as_deref() {
        Some("string") if !s.enum_values.is_empty() => RustTy::Enum,
        Some("integer") if s.format.as_deref() == Some("int64") => RustTy::I64,
        Some("integer") => RustTy::I32,
        Some("number") => RustTy::F64,
        Some("boolean") => RustTy::Bool,
        Some("array") if depth < MAX_DEPTH => RustTy::Vec(Box::new(s.items.as_deref().map_or(RustTy::String, |i| rust_ty(spec, i, depth + 1)))),
        Some("object") if s.properties.is_empty() && depth < MAX_DEPTH && s.additional_properties.is_some() => RustTy::Map(Box::new(s.additional_properties.as_deref().map_or(RustTy::Json, |v| rust_ty(spec, v, depth + 1)))),
        Some("object") if !s.properties.is_empty() => RustTy::Struct,
        Some("object") => RustTy::Json,
        _ => RustTy::String,
    }
}

/// The wire type without formats: `integer`, `array<string>`, `object`.
pub fn wire_base(spec: &OpenApi, schema: &Schema) -> String {
    wire(spec, schema, false, 0)
}

/// The wire type as a changelog prints it: `integer (int64)`, `array<object>`.
pub fn wire_type(spec: &OpenApi, schema: &Schema) -> String {
    wire(spec, schema, true, 0)
}

fn wire(spec: &OpenApi, schema: &Schema, formats: bool, depth: usize) -> String {
    let s = resolve(spec, schema);
    let ty = s.ty.as_deref().unwrap_or("any");
    if ty == "array" {
        let item = match s.items.as_deref() {
            Some(i) if depth < MAX_DEPTH => wire(spec, i, formats, depth + 1),
            _ => "any".to_owned(),
        };
        return format!("array<{item}>");
    }
    // A map travels as an object; a changelog names its values' type.
    if let Some(value) = s.additional_properties.as_deref().filter(|_| formats && ty == "object" && s.properties.is_empty()) {
        let value = if depth < MAX_DEPTH { wire(spec, value, formats, depth + 1) } else { "any".to_owned() };
        return format!("map<string, {value}>");
    }
    match s.format.as_deref() {
        Some(f) if formats => format!("{ty} ({f})"),
        _ => ty.to_owned(),
    }
}

/// A key equal for two fields a generated program uses the same way: type, value set and, for
/// objects, the names and shapes of their fields. Probable renames and moves need equal shapes.
pub fn shape(spec: &OpenApi, schema: &Schema, depth: usize) -> String {
    let s = resolve(spec, schema);
    let mut key = wire(spec, s, true, 0);
    if !s.enum_values.is_empty() {
        key.push_str(&format!(" {}", values(s).join("|")));
    }
    if depth < MAX_DEPTH {
        if let Some(item) = s.items.as_deref() {
            key.push_str(&format!(" [{}]", shape(spec, item, depth + 1)));
        }
        if let Some(value) = s.additional_properties.as_deref() {
            key.push_str(&format!(" {{*: {}}}", shape(spec, value, depth + 1)));
        }
        if !s.properties.is_empty() {
            let fields: Vec<String> = s.properties.iter().map(|(name, p)| format!("{name}{}: {}", if s.required.contains(name) { "!" } else { "" }, shape(spec, p, depth + 1))).collect();
            key.push_str(&format!(" {{{}}}", fields.join(", ")));
        }
    }
    key
}

/// The documented values of a value set, as text.
pub fn values(schema: &Schema) -> Vec<String> {
    schema.enum_values.iter().map(value_text).collect()
}

/// A JSON value as a changelog prints it: strings bare, anything else as JSON.
pub fn value_text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}
