//! A generated request -> the runtime's [`Operation`], driven by a `const` table: each request
//! type lists its fields' wire names and locations once ([`Wire`]), and hands [`encode`] its
//! field values in the same order. One function instead of code unrolled per field keeps the
//! generated crate small and fast to compile.
//!
//! A value goes through its `serde` form ([`ToWire`]): `None` (JSON `null`) is not sent; a
//! string, number or boolean is one parameter's text, formatted like [`ParamValue`]; a list or
//! object is compact JSON text in a parameter (the official SDKs' `json` style) and itself in a
//! JSON body.

use serde_json::Value;

use crate::operation::{Body, Operation};
use crate::params::ParamValue;
use crate::signing::percent_encode;
use crate::validate::ValidationError;

/// Where a request field travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// Substituted for `{name}` in the path, percent-encoded.
    Path,
    /// A path parameter the credentials carry: unset, `{credential}` stays in the path for the
    /// runtime to fill; set, it is substituted and also sent in `header`, which the runtime
    /// would otherwise fill from the credentials.
    PathOrCredential {
        /// The credentials' value that fills it (`project_id`).
        credential: &'static str,
        /// The header that repeats it (`X-Project-Id`).
        header: Option<&'static str>,
    },
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A parameter of an `application/x-www-form-urlencoded` body (every RPC parameter).
    Form,
    /// A member of a JSON object body.
    Json,
}

/// One field of a request type's table: its wire name and where it travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wire {
    /// The documented name.
    pub name: &'static str,
    /// Where it travels.
    pub location: Location,
}

impl Wire {
    /// A path parameter.
    pub const fn path(name: &'static str) -> Self {
        Self { name, location: Location::Path }
    }

    /// A path parameter the credentials fill when it is unset.
    pub const fn path_or_credential(name: &'static str, credential: &'static str, header: Option<&'static str>) -> Self {
        Self { name, location: Location::PathOrCredential { credential, header } }
    }

    /// A query parameter.
    pub const fn query(name: &'static str) -> Self {
        Self { name, location: Location::Query }
    }

    /// A header.
    pub const fn header(name: &'static str) -> Self {
        Self { name, location: Location::Header }
    }

    /// A form body parameter.
    pub const fn form(name: &'static str) -> Self {
        Self { name, location: Location::Form }
    }

    /// A JSON body member.
    pub const fn json(name: &'static str) -> Self {
        Self { name, location: Location::Json }
    }
}

/// A field value as [`encode`] takes it: anything with a `serde` form.
pub trait ToWire {
    /// The value's JSON form.
    fn to_wire(&self) -> Result<Value, serde_json::Error>;
}

impl<T: serde::Serialize + ?Sized> ToWire for T {
    fn to_wire(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

/// The body an operation has even when no body field is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// A body only if a field travels in it.
    Fields,
    /// Always a form (RPC: every parameter is in the body, which may be empty).
    Form,
    /// Always a JSON object (REST operations with documented body fields).
    Json,
}

/// What [`encode`] builds: the call, its path template, and the body it always has.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    /// The action name, e.g. `ListApplications`.
    pub action: &'static str,
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// The path with `{name}` for each path parameter; `/` for RPC.
    pub path: &'static str,
    /// The body it has when no field fills one.
    pub body: BodyKind,
}

/// The operation of one request: `values[i]` is the field `fields[i]` names. Unset (`None`)
/// fields are left out; path parameters are substituted percent-encoded, in table order.
pub fn encode(call: Call, fields: &[Wire], values: &[&dyn ToWire]) -> Result<Operation, ValidationError> {
    debug_assert_eq!(fields.len(), values.len(), "one value per field of the table");
    let mut path = call.path.to_owned();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut form = Vec::new();
    let mut json = serde_json::Map::new();
    for (field, value) in fields.iter().zip(values) {
        let value = value
            .to_wire()
            .map_err(|err| ValidationError::new(field.name, format!("cannot be encoded as json: {err}")))?;
        if let (Location::PathOrCredential { credential, .. }, Value::Null) = (field.location, &value) {
            path = path.replace(&format!("{{{}}}", field.name), &format!("{{{credential}}}"));
            continue;
        }
        if value.is_null() {
            continue;
        }
        if field.location == Location::Json {
            json.insert(field.name.to_owned(), value);
            continue;
        }
        let text = text(field.name, value)?;
        match field.location {
            Location::Path => path = path.replace(&format!("{{{}}}", field.name), &percent_encode(&text)),
            Location::PathOrCredential { header, .. } => {
                path = path.replace(&format!("{{{}}}", field.name), &percent_encode(&text));
                if let Some(header) = header {
                    headers.push((header.to_owned(), text));
                }
            }
            Location::Query => query.push((field.name.to_owned(), text)),
            Location::Header => headers.push((field.name.to_owned(), text)),
            Location::Form | Location::Json => form.push((field.name.to_owned(), text)),
        }
    }
    let has_json = !json.is_empty() || call.body == BodyKind::Json;
    let body = if has_json {
        let bytes = serde_json::to_vec(&Value::Object(json)).map_err(|e| ValidationError::new("body", e.to_string()))?;
        Body::Json(bytes)
    } else if !form.is_empty() || call.body == BodyKind::Form {
        Body::Form(form)
    } else {
        Body::Empty
    };
    let mut operation = Operation::new(call.action, call.method, path).with_query(query).with_body(body);
    for (name, value) in headers {
        operation = operation.with_header(name, value);
    }
    Ok(operation)
}

/// A parameter's text: scalars as [`ParamValue`] formats them, lists and objects as compact JSON.
fn text(name: &str, value: Value) -> Result<String, ValidationError> {
    Ok(match value {
        Value::String(s) => s,
        Value::Bool(b) => b.to_param(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_param()
            } else if let Some(u) = n.as_u64() {
                u.to_param()
            } else {
                n.as_f64().map_or_else(|| n.to_string(), |f| f.to_param())
            }
        }
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => {
            serde_json::to_string(&value).map_err(|err| ValidationError::new(name, format!("cannot be encoded as json: {err}")))?
        }
    })
}

#[cfg(test)]
mod tests;
