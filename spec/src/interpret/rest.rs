//! REST pages (Huawei Cloud style): method and path in a `URI` section, path-parameter, header and
//! body tables, then one table per named type (`ProbeDTO object`) whose title the conversion lost.
//! Each untitled table is matched to the type that refers to it by its fields and by the
//! documented examples, never by position alone.

use std::collections::{BTreeSet, VecDeque};

use indexmap::IndexMap;
use serde_json::Value;

use super::fields::{self, Field, FieldRow, FieldType};
use crate::diag::{Diagnostics, Location};

/// A named type's fields, from its table or derived from an example.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Component {
    pub fields: Vec<Field>,
    pub line: u32,
    /// No table documents the type: its fields were derived from an example.
    pub derived: bool,
    /// Rows of the same type's table repeated elsewhere on the page (the response half repeats
    /// the request half's tables): field name and line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub repeated: Vec<(String, u32)>,
}

/// An untitled table that may document a named type.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub line: u32,
    pub rows: Vec<FieldRow>,
    /// The names the table's title gives it (`Result`, `表5`, `NodeCert`).
    pub captions: Vec<String>,
}

/// The names a table title gives the table: `### <div id="result">Result</div>` -> `Result`;
/// `表5 NodeCert` -> `表5`, `NodeCert`; `Table 3 ContainerSettingsDTO` -> `Table3`... Empty when
/// the title is prose.
pub fn caption_names(title: &str) -> Vec<String> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").expect("valid regex"));
    static CAPTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(表|Table)\s*(\d+)\s*(.*)$").expect("valid regex"));
    let text = TAG.replace_all(title.trim().trim_start_matches('#'), "").replace("**", "").replace("\\_", "_");
    let text = text.trim().trim_end_matches(['。', '.', ':', '：']).trim();
    let mut out = Vec::new();
    let rest = match CAPTION.captures(text) {
        Some(m) => {
            out.push(format!("{}{}", &m[1], &m[2]));
            out.push(format!("{} {}", &m[1], &m[2]));
            m[3].trim().to_owned()
        }
        None => text.to_owned(),
    };
    // A name: the identifier before `的格式` / ` structure`, or after a label (`算法结果字段 data`).
    let is_name = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && w.starts_with(|c: char| c.is_ascii_alphabetic());
    let words: Vec<&str> = rest.split(|c: char| c.is_whitespace() || c == '的').filter(|w| !w.is_empty()).collect();
    for w in [words.first(), words.last()].into_iter().flatten() {
        if is_name(w) && !out.iter().any(|o| o == w) {
            out.push((*w).to_owned());
        }
    }
    if let Some(name) = crate::lexicon::labelled_name(&rest) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}


impl Candidate {
    fn names(&self) -> BTreeSet<&str> {
        self.rows.iter().map(|r| r.name.as_str()).collect()
    }
}

/// The values at `name` inside each of `parents`, arrays flattened to their items.
fn values_at(parents: &[Value], name: &str) -> Vec<Value> {
    parents
        .iter()
        .filter_map(|p| p.get(name))
        .flat_map(|v| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .collect()
}

fn keys(values: &[Value]) -> BTreeSet<&str> {
    values.iter().filter_map(Value::as_object).flat_map(|o| o.keys().map(String::as_str)).collect()
}

/// Every reference below `fields` with the example values found at its position.
fn references(fields: &[Field], examples: &[Value], out: &mut VecDeque<(String, Vec<Value>, u32)>) {
    for f in fields {
        let here = values_at(examples, &f.name);
        if let Some(name) = &f.reference {
            out.push_back((name.clone(), here.clone(), f.line));
        }
        let inner: Vec<Value> = if f.ty == FieldType::Array { here } else { here.into_iter().filter(Value::is_object).collect() };
        match f.item() {
            // A list's item, nameless, has the list's values.
            Some(item) => {
                if let Some(name) = &item.reference {
                    out.push_back((name.clone(), inner.clone(), item.line));
                }
                references(&item.children, &inner.iter().filter(|v| v.is_object()).cloned().collect::<Vec<_>>(), out);
            }
            None => references(&f.children, &inner, out),
        }
    }
}

/// Resolves the types `body` refers to against the untitled `candidates` of one half (request or
/// response) of a page. `side` names the half in diagnostics.
/// Types in `known` (resolved from the other half) are not looked for again.
pub fn resolve(file: &str, side: &str, body: &[Field], example: Option<&Value>, candidates: Vec<Candidate>, known: &IndexMap<String, Component>, diags: &mut Diagnostics) -> IndexMap<String, Component> {
    let mut queue = VecDeque::new();
    let mut bare = BTreeSet::new();
    bare_references(body, &mut bare);
    let root: Vec<Value> = example.cloned().into_iter().collect();
    references(body, &root, &mut queue);
    // A table whose caption names another type the body refers to is that type's, never one
    // taken by order.
    let referenced: BTreeSet<String> = queue.iter().map(|(name, _, _)| name.clone()).collect();
    let free_after = |c: &Candidate, name: &str, line: u32| c.line > line && !c.captions.iter().any(|cap| cap != name && referenced.contains(cap));
    let mut unassigned: Vec<Option<Candidate>> = candidates.into_iter().map(Some).collect();
    let mut out: IndexMap<String, Component> = IndexMap::new();
    let mut gathered: IndexMap<String, (Vec<Value>, u32)> = IndexMap::new();
    // Types this half has no table for but the other half documents.
    let mut skipped: BTreeSet<String> = BTreeSet::new();
    while let Some((name, values, line)) = queue.pop_front() {
        let entry = gathered.entry(name.clone()).or_insert_with(|| (Vec::new(), line));
        entry.0.extend(values.iter().cloned());
        if out.contains_key(&name) || skipped.contains(&name) {
            continue;
        }
        let example_keys = keys(&values);
        // A caption naming the type decides.
        let by_caption = unassigned.iter().position(|c| c.as_ref().is_some_and(|c| c.captions.contains(&name)));
        let best = by_caption.map(|i| (i, 1.0)).or_else(|| unassigned
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.as_ref().map(|c| (i, c)))
            .map(|(i, c)| {
                let names = c.names();
                let common = names.intersection(&example_keys).count() as f64;
                let all = names.union(&example_keys).count().max(1) as f64;
                (i, common / all)
            })
            .filter(|(_, score)| *score >= 0.5)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0))));
        let component = match best {
            Some((i, score)) => {
                let candidate = unassigned[i].take().expect("filtered to assigned");
                if score < 1.0 {
                    diags.note(
                        Location::line(file, candidate.line),
                        "type-table-match",
                        format!("untitled {side} table matched to `{name}` by its fields and the example ({:.0}% of names shared)", score * 100.0),
                    );
                }
                let fields = type_fields(file, &name, candidate.rows, values.clone(), side, diags);
                Component { fields, line: candidate.line, derived: false, repeated: Vec::new() }
            }
            None if known.contains_key(&name) => {
                // Documented by the other half; only look below it for types this half still needs.
                let child_values: Vec<Value> = values.iter().filter(|v| v.is_object()).cloned().collect();
                references(&known[&name].fields, &child_values, &mut queue);
                skipped.insert(name);
                continue;
            }
            // A type named alone (`LogConfig`, a link to the common data structures) is documented
            // on another page: an example shows one value, not the type.
            None if bare.contains(&name) && !unassigned.iter().any(|c| c.as_ref().is_some_and(|c| free_after(c, &name, line))) => {
                diags.note(Location::line(file, line), "type-elsewhere", format!("`{name}` is documented on another page; kept as a free-form object"));
                Component { fields: Vec::new(), line, derived: true, repeated: Vec::new() }
            }
            None if !example_keys.is_empty() => {
                diags.warning(
                    Location::line(file, line),
                    "type-derived-from-example",
                    format!("no table documents `{name}`; its fields ({}) were derived from the {side} example", example_keys.iter().copied().collect::<Vec<_>>().join(", ")),
                );
                let merged = merge_objects(&values);
                Component { fields: fields::from_example(&merged, line), line, derived: true, repeated: Vec::new() }
            }
            None => match unassigned.iter().position(|c| c.as_ref().is_some_and(|c| free_after(c, &name, line))) {
                // Without a caption or an example, the pages' own order is the evidence left: the
                // type tables follow the table that refers to them, in the order of reference.
                Some(i) => {
                    let candidate = unassigned[i].take().expect("found as assigned");
                    diags.note(
                        Location::line(file, candidate.line),
                        "type-table-order",
                        format!("untitled {side} table matched to `{name}` (line {line}) by order: it is the next table after the reference and no caption or example tells otherwise"),
                    );
                    let fields = type_fields(file, &name, candidate.rows, values.clone(), side, diags);
                    Component { fields, line: candidate.line, derived: false, repeated: Vec::new() }
                }
                None => {
                    diags.error(Location::line(file, line), "type-unresolved", format!("no table and no example documents `{name}`; it is kept as a free-form object"));
                    Component { fields: Vec::new(), line, derived: true, repeated: Vec::new() }
                }
            },
        };
        // The types a type refers to come next, before the rest of the queue: pages document
        // them depth first (a type's own types right after its table).
        let child_values: Vec<Value> = values.iter().filter(|v| v.is_object()).cloned().collect();
        let mut inner = VecDeque::new();
        references(&component.fields, &child_values, &mut inner);
        while let Some(next) = inner.pop_back() {
            queue.push_front(next);
        }
        out.insert(name, component);
    }
    for c in unassigned.into_iter().flatten() {
        diags.warning(Location::line(file, c.line), "unmatched-table", format!("untitled {side} table ({} rows: {}) matches no type the page refers to; its rows were not read", c.rows.len(), c.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")));
    }
    out
}

/// The fields of a named type's own table. Such tables nest nothing by row order: a nested
/// structure is another type with a table of its own, so without an example that shows
/// otherwise, an `Object` row is a field of the type, not the start of a group.
///
/// A row named by its path from the type (`ResultObject.DeviceRisk` in `ResultObject`'s table) is
/// named by the rest of it.
fn type_fields(file: &str, name: &str, mut rows: Vec<FieldRow>, values: Vec<Value>, side: &str, diags: &mut Diagnostics) -> Vec<Field> {
    for row in &mut rows {
        if let Some(own) = row.name.strip_prefix(name).and_then(|r| r.strip_prefix('.')).filter(|r| !r.is_empty()) {
            row.name = own.to_owned();
        }
    }
    let flat = values.is_empty() && !rows.iter().any(|r| r.name.is_empty());
    if flat {
        rows.into_iter().flat_map(|r| fields::nest(file, vec![r], Vec::new(), side == "response", diags)).collect()
    } else {
        fields::nest(file, rows, values, side == "response", diags)
    }
}

/// The types that fields name alone (`LogConfig`, `List<LogConfig>`), not as Huawei's
/// `X object` / `Array of X objects` or a caption, which name a table of the same page.
fn bare_references(fields: &[Field], out: &mut BTreeSet<String>) {
    for f in fields {
        if let Some(name) = &f.reference {
            let raw = f.raw_type.to_ascii_lowercase();
            if !(raw.ends_with(" object") || raw.ends_with(" objects") || name.starts_with('表') || name.starts_with("Table")) {
                out.insert(name.clone());
            }
        }
        bare_references(&f.children, out);
    }
}

fn merge_objects(values: &[Value]) -> Value {
    let mut merged = serde_json::Map::new();
    for v in values.iter().filter_map(Value::as_object) {
        for (k, x) in v {
            merged.entry(k.clone()).or_insert_with(|| x.clone());
        }
    }
    Value::Object(merged)
}

/// Reports fields whose documented example has another type than the table says.
pub fn check_example(file: &str, side: &str, fields: &[Field], components: &IndexMap<String, Component>, example: &Value, path: &str, diags: &mut Diagnostics) {
    let Some(object) = example.as_object() else { return };
    for f in fields {
        let Some(value) = object.get(&f.name) else { continue };
        let here = if path.is_empty() { f.name.clone() } else { format!("{path}.{}", f.name) };
        let found = FieldType::of_json(value);
        let fits = f.ty.compatible(&found) || (f.ty == FieldType::Number && found == FieldType::Integer) || value.is_null();
        if !fits {
            diags.warning(
                Location::line(file, f.line),
                "example-type-mismatch",
                format!("{side} field `{here}` is documented as {:?} but the {side} example gives {}", f.ty, short(value)),
            );
            continue;
        }
        let fields_of = |f: &Field| -> Vec<Field> { f.reference.as_ref().and_then(|r| components.get(r)).map(|c| c.fields.clone()).unwrap_or_else(|| f.children.clone()) };
        match value {
            Value::Object(_) => check_example(file, side, &fields_of(f), components, value, &here, diags),
            Value::Array(items) => {
                let item_fields = match f.item() {
                    Some(item) if item.reference.is_some() || !item.children.is_empty() => fields_of(item),
                    _ => f.reference.as_ref().and_then(|r| components.get(r)).map(|c| c.fields.clone()).unwrap_or_default(),
                };
                for item in items {
                    check_example(file, side, &item_fields, components, item, &format!("{here}[]"), diags);
                }
            }
            _ => {}
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("`{}...`", text.chars().take(40).collect::<String>())
    } else {
        format!("`{text}`")
    }
}

/// A stable operation name from method and path: `POST /v2/{project_id}/edge-apps/{edge_app_id}/versions`
/// -> `CreateEdgeAppVersion`.
pub fn derive_operation_name(method: &str, path: &str) -> String {
    // A query template (`?{name=xxx,limit=xxx}`) is no part of the resource.
    let path = path.split('?').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_with_param = segments.last().is_some_and(|s| s.starts_with('{') && !s.starts_with("{version"));
    let verb = match (method, ends_with_param) {
        ("POST", _) => "Create",
        ("GET", true) => "Show",
        ("GET", false) => "List",
        ("PUT", _) | ("PATCH", _) => "Update",
        ("DELETE", _) => "Delete",
        _ => "Call",
    };
    let nouns: Vec<String> = segments
        .iter()
        // Path parameters and version segments (`v2`, `v{version}`) name no resource.
        .filter(|s| !(s.contains('{') || (s.starts_with('v') && s.len() > 1 && s[1..].chars().all(|c| c.is_ascii_digit() || c == '.'))))
        .map(|s| {
            let words: Vec<String> = s.split(['-', '_']).map(|w| {
                let mut cs = w.chars();
                cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
            }).collect();
            words.join("")
        })
        .collect();
    let count = nouns.len();
    let singular: Vec<String> = nouns
        .into_iter()
        .enumerate()
        .map(|(i, n)| if verb == "List" && i + 1 == count { n } else { n.strip_suffix("ies").map(|b| format!("{b}y")).or_else(|| n.strip_suffix('s').filter(|_| !n.ends_with("ss")).map(str::to_owned)).unwrap_or(n) })
        .collect();
    format!("{verb}{}", singular.join(""))
}

/// The standard reason phrase of a status code, to check status tables against.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_derived_from_method_and_path() {
        assert_eq!(derive_operation_name("POST", "/v2/{project_id}/edge-apps/{edge_app_id}/versions"), "CreateEdgeAppVersion");
        assert_eq!(derive_operation_name("GET", "/v2/{project_id}/edge-apps"), "ListEdgeApps");
        assert_eq!(derive_operation_name("GET", "/v2/{project_id}/edge-apps/{edge_app_id}"), "ShowEdgeApp");
        assert_eq!(derive_operation_name("DELETE", "/v2/{project_id}/edge-apps/{edge_app_id}/versions/{version}"), "DeleteEdgeAppVersion");
        // A version segment names no resource, whether printed or a placeholder.
        assert_eq!(derive_operation_name("GET", "/v{version}/instance/{instanceId}"), "ShowInstance");
    }

    #[test]
    fn references_are_read_from_type_cells() {
        assert_eq!(fields::reference("ContainerSettingsDTO object"), Some("ContainerSettingsDTO".into()));
        assert_eq!(fields::reference("Array of VolumeDTO objects"), Some("VolumeDTO".into()));
        assert_eq!(fields::reference("Array of strings"), None);
        assert_eq!(fields::reference("Object"), None);
    }
}
