//! Parameter and response-field rows -> a tree of [`Field`]s.
//!
//! Pages show nesting only by order: children follow their parent, and a nameless row (`object |
//! 是 | 单个容器对象`) is the item of the array above it. Where an object ends is not printed, so
//! the documented examples decide: a field that an outer level's example holds, and that the outer
//! level does not have yet, closes the inner objects (`Spec` after `ACRImageInfo`'s fields belongs
//! to the container).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{Diagnostics, Location};
use crate::lexicon;

/// A type as pages print it, normalised.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Long,
    Number,
    Boolean,
    Object,
    /// An array; its item is the single child of the field (or `item` when the type names it).
    Array,
    /// A map from strings to values of one type (`Map<String,Array<AzInfo>>`); its value is the
    /// single child of the field.
    Map,
}

impl FieldType {
    /// Parses a type cell (`string`, `array<object>`, `Integer`, `Array of strings`...).
    /// Returns the type and, for `array<x>`, the item type.
    pub fn parse(cell: &str) -> Option<(FieldType, Option<FieldType>)> {
        let t = cell.trim().to_ascii_lowercase();
        for (list, close) in [("array<", '>'), ("list<", '>'), ("set<", '>'), ("array[", ']'), ("list[", ']')] {
            if let Some(inner) = t.strip_prefix(list).and_then(|r| r.strip_suffix(close)).filter(|i| !i.is_empty()) {
                return Some((FieldType::Array, Self::parse(inner).map(|(t, _)| t).or(Some(FieldType::Object))));
            }
        }
        // `[String]`, `[Translation]`: a list of what the brackets hold.
        if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')).filter(|i| !i.is_empty() && i.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
            return Some((FieldType::Array, Self::parse(inner).map(|(t, _)| t).or(Some(FieldType::Object))));
        }
        // `string[]`, `object []` with a space, and Go's `[]Instance`.
        if let Some(inner) = t.strip_suffix("[]").map(str::trim_end).or_else(|| t.strip_prefix("[]")).filter(|i| !i.is_empty()) {
            return Some((FieldType::Array, Self::parse(inner).map(|(t, _)| t).or(Some(FieldType::Object))));
        }
        if t.starts_with("map<") && t.ends_with('>') {
            return Some(match map_value(cell, 0) {
                Some(value) => (FieldType::Map, Some(value.ty)),
                None => (FieldType::Object, None),
            });
        }
        // Huawei: `Array of strings`, `Array of VolumeDTO objects`, `ProbeDTO object`.
        if let Some(inner) = t.strip_prefix("array of ") {
            // A phrase after it describes plain values (`List of IP addresses for the SNAT EIP`).
            let phrase = inner.split_whitespace().count() > 2 && !inner.ends_with(" objects") && !inner.ends_with(" object");
            if phrase {
                return Some((FieldType::Array, Some(FieldType::String)));
            }
            let item = match inner.trim_end_matches('s') {
                "string" => FieldType::String,
                "integer" => FieldType::Integer,
                "long" => FieldType::Long,
                "float" | "double" | "number" => FieldType::Number,
                "boolean" => FieldType::Boolean,
                // Any other plain type by its own name (`Array of i64`).
                plain => Self::parse(plain).map(|(t, _)| t).filter(|t| !matches!(t, FieldType::Array | FieldType::Map)).unwrap_or(FieldType::Object),
            };
            return Some((FieldType::Array, Some(item)));
        }
        if t.ends_with(" object") && reference(cell.trim()).is_some() {
            return Some((FieldType::Object, None));
        }
        let ty = match t.as_str() {
            "string" | "str" | "char" | "date" | "datetime" | "timestamp" | "file" | "binary" | "byte" | "bytes" | "byte[]" | "stream" | "inputstream" => FieldType::String,
            // Rust's and Go's names as well (`i32`, `u8`).
            "integer" | "int" | "int32" | "short" | "int16" | "int8" | "uint8" | "uint16" | "i8" | "i16" | "i32" | "u8" | "u16" => FieldType::Integer,
            // An unsigned 32-bit value does not fit 32 signed bits.
            "long" | "int64" | "bigint" | "biginteger" | "uint32" | "uint64" | "i64" | "u32" | "u64" => FieldType::Long,
            "float" | "double" | "number" | "decimal" | "bigdecimal" | "float32" | "float64" | "f32" | "f64" => FieldType::Number,
            "boolean" | "bool" => FieldType::Boolean,
            "object" | "map" | "any" | "json" | "struct" | "dict" | "container" | "jsonobject" | "json对象" | "对象" | "json對象" | "對象" => FieldType::Object,
            // Alibaba's older pages: `RepeatList`; Java's `JSONArray`.
            "array" | "list" | "repeatlist" | "jsonarray" | "json数组" | "数组" | "json數組" | "數組" => FieldType::Array,
            _ => return None,
        };
        Some((ty, None))
    }

    pub fn of_json(value: &Value) -> FieldType {
        match value {
            Value::Bool(_) => FieldType::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => FieldType::Integer,
            Value::Number(_) => FieldType::Number,
            Value::Array(_) => FieldType::Array,
            Value::Object(_) => FieldType::Object,
            Value::String(_) | Value::Null => FieldType::String,
        }
    }

    /// Whether two types are the same for a user (`integer` vs `long` differ only in width).
    pub fn compatible(&self, other: &FieldType) -> bool {
        self == other || matches!((self, other), (FieldType::Integer, FieldType::Long) | (FieldType::Long, FieldType::Integer))
    }
}

/// A type cell in any vendor notation -> the type, the item type of a list, and the named type
/// whose own table documents it: `Array of X objects`, `List<X>`, `X[]`, `Map<String,X>`, a bare
/// struct name (`LogConfig`, `PageInfoDTO`), a caption (`表5`, `Table 5`), a Markdown link
/// (`[LogConfig](...)`); an empty cell is a string. `None` for a cell that names no type.
pub fn type_of(cell: &str) -> Option<(FieldType, Option<FieldType>, Option<String>)> {
    // A union of types (`integer / null`, `string / string[] / null`): `null` makes it optional,
    // one type left is that type, several are any JSON value.
    if cell.contains(" / ") {
        let kinds: Vec<&str> = cell.split(" / ").map(str::trim).filter(|k| !k.eq_ignore_ascii_case("null")).collect();
        return match kinds.as_slice() {
            [one] => type_of(one),
            several if several.iter().all(|k| type_of(k).is_some()) => Some((FieldType::Object, None, None)),
            _ => None,
        };
    }
    let t = clean_type(cell);
    if t.is_empty() {
        return Some((FieldType::String, None, None));
    }
    // `N/A` marks a row that only groups the rows after it.
    if matches!(t.as_str(), "N/A" | "n/a" | "-" | "--" | "—") {
        return Some((FieldType::Object, None, None));
    }
    // A typed map names the type of its values (`Map<String,Array<AzInfo>>` names `AzInfo`).
    if let Some(value) = map_value(&t, 0) {
        return Some((FieldType::Map, Some(value.ty.clone()), value.named_type()));
    }
    if let Some((ty, item)) = FieldType::parse(&t) {
        let named = reference(&t).or_else(|| list_item_name(&t));
        return Some((ty, item, named));
    }
    if let Some(inner) = list_item_name(&t) {
        return Some((FieldType::Array, Some(FieldType::Object), Some(inner)));
    }
    // A link is to the type's own documentation, whatever the case of its name
    // (`[natStatus](Appendix.md#natStatus)`).
    let linked = cell.trim().starts_with('[') && cell.contains("](") && t.starts_with(|c: char| c.is_ascii_alphabetic()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    struct_name(&t).or_else(|| linked.then(|| t.clone())).map(|n| (FieldType::Object, None, Some(n)))
}

/// Markdown and HTML left in a type cell: a link's text, bold and italic marks, escapes.
fn clean_type(cell: &str) -> String {
    // `String[ ]`: brackets with a space between them are the list brackets.
    let t = lexicon::without_member_count(cell).replace(['*', '\\'], "").replace("[ ]", "[]");
    let t = match (t.strip_prefix('['), t.find("](")) {
        (Some(_), Some(end)) => t[1..end].trim().to_owned(),
        _ => t,
    };
    // A width written apart from its type word (`Int 64`) is the type `Int64`.
    static SPACED_WIDTH: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?i)(u?int|float)\s+(8|16|32|64)\b").expect("valid regex"));
    let t = SPACED_WIDTH.replace(&t, "$1$2").into_owned();
    // A remark in brackets after a plain type (`String(1-32)`, a length; `String(枚举)`, "enum")
    // says more about the values, not what kind they are (see `constraints::of_field`).
    let t = match type_remark(&t) {
        Some((ty, _)) => ty.to_owned(),
        None => t,
    };
    // A link inside the type (`List<[EipGroupModel](appendix.md#EipGroupModel)>`) is its text.
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    let t = if t.contains("](") { LINK.replace_all(&t, "$1").into_owned() } else { t };
    // The kind before the name (`Object ClusterFilterRequest`, `Array of Object X`) is the
    // Huawei notation turned round.
    // `List InstanceAbstract` (a kind, then a type's name) is `Array of InstanceAbstract`.
    let t = match t.strip_prefix("List ").filter(|r| struct_name(r).is_some()) {
        Some(rest) => format!("Array of {rest}"),
        None => t,
    };
    // `MonthBill array`, `LBBackend list` (a type's name, then the kind) is `Array of MonthBill`.
    let t = match [" array", " Array", " list", " List"].iter().find_map(|k| t.strip_suffix(k)).filter(|r| struct_name(r).is_some()) {
        Some(item) => format!("Array of {item}"),
        None => t,
    };
    // `List(PublishInfoDo)` is `Array of PublishInfoDo`.
    let t = match t.strip_prefix("List(").and_then(|r| r.strip_suffix(')')).filter(|r| struct_name(r).is_some() || FieldType::parse(r).is_some()) {
        Some(item) => format!("Array of {item}"),
        None => t,
    };
    // `PlayContentInfo[1-5]`: a list of one to five items.
    static COUNTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^([A-Za-z][A-Za-z0-9_]*)\[\d+(?:-\d+)?\]$").expect("valid regex"));
    let t = match COUNTED.captures(&t) {
        Some(m) => format!("{}[]", &m[1]),
        None => t,
    };
    // Go's `map[string][]ServiceInstance` is `Map<string,[]ServiceInstance>`.
    static GO_MAP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^map\[([A-Za-z][A-Za-z0-9_]*)\](\S+)$").expect("valid regex"));
    let t = match GO_MAP.captures(&t) {
        Some(m) => format!("Map<{},{}>", &m[1], &m[2]),
        None => t,
    };
    // `List<>`: a list whose item type the page left out.
    let t = match t.strip_suffix("<>").filter(|k| ["list", "array", "set"].iter().any(|w| k.eq_ignore_ascii_case(w))) {
        Some(_) => "Array".to_owned(),
        None => t,
    };
    // `List of String` is `Array of String`.
    let t = match t.get(..8).filter(|p| p.eq_ignore_ascii_case("list of ")) {
        Some(_) => format!("Array of {}", &t[8..]),
        None => t,
    };
    let named = |rest: &str| struct_name(rest).is_some();
    // `Object of DeviceInfo` (Tencent) is `DeviceInfo object`, and so is `object of data` in lower case.
    let identifier = |r: &str| r.starts_with(|c: char| c.is_ascii_alphabetic()) && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if let Some(rest) = t.get(..10).filter(|p| p.eq_ignore_ascii_case("object of ")).map(|_| t[10..].trim()).filter(|r| named(r) || identifier(r)) {
        return format!("{rest} object");
    }
    if let Some(rest) = t.strip_prefix("Array of Object ").filter(|r| named(r)) {
        return format!("Array of {rest} objects");
    }
    match t.strip_prefix("Object ").filter(|r| named(r)) {
        Some(rest) => format!("{rest} object"),
        None => t,
    }
}

/// A plain type and the remark in brackets after it: `String(1-32)` is `String` and `1-32`.
pub fn type_remark(cell: &str) -> Option<(&str, &str)> {
    static REMARK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^([A-Za-z][A-Za-z0-9]*)\s*[(（]([^()（）]+)[)）]$").expect("valid regex"));
    let m = REMARK.captures(cell.trim())?;
    let (ty, remark) = (m.get(1)?.as_str(), m.get(2)?.as_str());
    FieldType::parse(ty).is_some_and(|(t, _)| !matches!(t, FieldType::Object | FieldType::Array | FieldType::Map)).then_some((ty, remark))
}

/// `List<X>`, `Array<X>`, `X[]`, `[]X` with a named item type.
fn list_item_name(t: &str) -> Option<String> {
    let lower = t.to_ascii_lowercase();
    let inner = ["array<", "list<", "set<"]
        .iter()
        .find_map(|p| lower.starts_with(p).then(|| &t[p.len()..t.len().saturating_sub(1)]).filter(|_| t.ends_with('>')))
        // `array[Bundle]`
        .or_else(|| lower.starts_with("array[").then(|| &t[6..t.len().saturating_sub(1)]).filter(|_| t.ends_with(']') && t.len() > 7))
        .or_else(|| t.strip_suffix("[]"))
        // Go's `[]Instance`
        .or_else(|| t.strip_prefix("[]"))
        // `[Translation]`
        .or_else(|| t.strip_prefix('[').and_then(|r| r.strip_suffix(']')).filter(|r| !r.contains(['[', ']', '('])))?;
    FieldType::parse(inner).is_none().then(|| struct_name(inner)).flatten()
}

/// `Array of Struct`: a list whose type cell names a kind, not a type.
fn is_struct_kind_list(t: &str) -> bool {
    t.trim().eq_ignore_ascii_case("Array of Struct")
}

/// The name of the type whose table documents the items of a list row: `X` of `Array of X`, and
/// the row's own name for `Array of Struct`, which names a kind (the pages that print it title the
/// struct's table with the field's name: `Regions`, then a table titled `Regions`).
pub fn referenced_item(name: &str, t: &str) -> Option<String> {
    if is_struct_kind_list(t) {
        return Some(name.to_owned());
    }
    item_type_name(t)
}

/// The named item type of a list type in any notation (`Array of Region`, `List<Region>`).
pub fn item_type_name(t: &str) -> Option<String> {
    let t = t.trim();
    match t.get(..9).filter(|p| p.eq_ignore_ascii_case("array of ")) {
        Some(_) => struct_name(t[9..].trim_end_matches(" objects").trim_end_matches(" object")),
        None => list_item_name(t),
    }
}

/// A struct's name alone: `LogConfig`, `PageInfoDTO`, `表5`, `Table 5`.
fn struct_name(t: &str) -> Option<String> {
    let t = t.trim();
    let caption = t.strip_prefix('表').or_else(|| t.strip_prefix("Table")).is_some_and(|n| !n.trim().is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()));
    let ident = t.starts_with(|c: char| c.is_ascii_uppercase()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && t.len() > 1;
    (caption || ident).then(|| t.to_owned())
}

/// Whether a type cell names a map or a JSON document (`Json`), which are free-form unless a
/// map's value type is named.
fn is_map(cell: &str) -> bool {
    let t = clean_type(cell).to_ascii_lowercase();
    t == "map" || t == "json" || (t.starts_with("map<") && t.ends_with('>'))
}

/// The value of a typed map (`Map<String,X>`, `Map<String, Array<X>>`) as the map's one child,
/// typed and referring to X's table where X is named. `None` for a map of anything
/// (`Map<String,Object>`, `Map`), which is free-form.
pub fn map_value(cell: &str, line: u32) -> Option<Field> {
    let t = clean_type(cell);
    let inner = t.get(..4).filter(|p| p.eq_ignore_ascii_case("map<"))?;
    let args = t[inner.len()..].strip_suffix('>')?;
    // The value follows the key's type at the first comma outside brackets.
    let mut depth = 0usize;
    let comma = args.char_indices().find(|&(_, c)| {
        match c {
            '<' | '[' | '(' => depth += 1,
            '>' | ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        c == ',' && depth == 0
    })?;
    let value = args[comma.0 + 1..].trim();
    let (ty, item, named) = type_of(value)?;
    if ty == FieldType::Object && named.is_none() {
        return None;
    }
    let mut field = Field { name: String::new(), ty, raw_type: value.to_owned(), required: None, description: String::new(), example: None, line, children: Vec::new(), reference: named, also_at: Vec::new(), written: None };
    match (&field.ty, item) {
        (FieldType::Array, Some(item)) if field.reference.is_none() && item != FieldType::Object => {
            let item = Field { ty: item, raw_type: String::new(), children: Vec::new(), reference: None, ..field.clone() };
            field.children.push(item);
        }
        (FieldType::Map, _) => field.children.extend(map_value(value, line)),
        _ => {}
    }
    Some(field)
}

/// The named type a Huawei type cell refers to: `ProbeDTO object` and `Array of VolumeDTO objects`
/// name `ProbeDTO` and `VolumeDTO`, whose fields are in a table of their own.
pub fn reference(cell: &str) -> Option<String> {
    let t = cell.trim();
    let inner = t.strip_prefix("Array of ").and_then(|r| r.strip_suffix(" objects")).or_else(|| t.strip_suffix(" object"))?;
    // The `object` suffix marks a type name, whatever its case (Huawei's `result object` names
    // the table `表4 result`).
    struct_name(inner).or_else(|| (inner.starts_with(|c: char| c.is_ascii_lowercase()) && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| inner.to_owned()))
}

/// One documented field, with its children.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Field {
    /// Wire name; empty for the item of an array.
    pub name: String,
    pub ty: FieldType,
    /// The type cell in the reader's notation: as the page wrote it, or as the reader rewrote it
    /// to name the table that documents the field (`Object` read as `Result object`); empty for
    /// fields made from examples.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub raw_type: String,
    /// The type cell as the page printed it, where `raw_type` rewrote it (see `FieldRow::written`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// `None` when the page has no required column or left the cell empty.
    pub required: Option<bool>,
    pub description: String,
    pub example: Option<String>,
    pub line: u32,
    /// Properties of an object, or the single item of an array.
    pub children: Vec<Field>,
    /// A named type whose own table documents this field's fields (or its items').
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Other lines documenting this field (a table of its JSON structure, folded into the
    /// description).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<u32>,
}

impl Field {
    /// The named type this field or, for lists and maps, its values refer to.
    fn named_type(&self) -> Option<String> {
        self.reference.clone().or_else(|| self.children.first().filter(|_| self.name.is_empty() || matches!(self.ty, FieldType::Array | FieldType::Map)).and_then(Field::named_type))
    }

    pub fn child(&self, name: &str) -> Option<&Field> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The item of an array field.
    pub fn item(&self) -> Option<&Field> {
        (self.ty == FieldType::Array).then(|| self.children.first()).flatten()
    }
}

/// One row of a field table, cells already assigned to columns.
#[derive(Clone, Debug, Default)]
pub struct FieldRow {
    pub line: u32,
    pub name: String,
    pub ty: String,
    pub required: Option<bool>,
    pub description: String,
    pub example: String,
    /// `Query`, `Body`, `Path`, `Header`, `FormData` when the table has a location column.
    pub location: String,
    /// How deep the page's own marks put the row (`+id`, `++id`: 1, 2), when it marks depth.
    pub depth: Option<usize>,
    /// The path of the node that holds the row, from a parent column (`ListBucketResult.Contents`;
    /// empty for the top); `None` without such a column.
    pub parent: Option<String>,
    /// The table has no type column: the row's type (`string`) is a default, which the examples
    /// may overrule.
    pub untyped: bool,
    /// The type cell held the description (the row's cells shifted): the type is unknown.
    pub type_lost: bool,
    /// The type cell as the page printed it, which `ty` may rewrite to name the table that
    /// documents the row (`Object` read as `Result object`); `None` for rows the reader made
    /// and for tables without a type column.
    pub written: Option<String>,
}

/// Rows that name their place by a path: a dotted name (`ResponseMetadata`, then
/// `ResponseMetadata.RequestId`) or a parent column (`Key | ListBucketResult.Contents`). Each row
/// whose path starts with an object row's path is that object's field, with its own name, in
/// whatever order the tables list them; a row whose parent names no row (a typo, a cell of
/// something else) stays where its neighbours are. The rows come back in tree order, marked with
/// their depth. Only tables where every object row has its fields by path are read so; other
/// tables are returned as they are and nest by their example.
pub fn nest_by_path(rows: Vec<FieldRow>) -> Vec<FieldRow> {
    if rows.iter().any(|r| r.depth.is_some()) {
        return rows;
    }
    // Objects, and lists of objects (`data | Array`, then `data.zones`: the items' fields).
    let typed_container = |r: &FieldRow| !r.name.is_empty() && !is_map(&r.ty) && type_of(&r.ty).is_some_and(|(t, item, _)| t == FieldType::Object || (t == FieldType::Array && item.is_none_or(|i| i == FieldType::Object)));
    // Each row's path and the path of what holds it, as written.
    let written: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|r| match r.parent.as_deref().map(str::trim) {
            Some("" | "None" | "none" | "无" | "無" | "-" | "--" | "—") => (r.name.clone(), None),
            Some(p) => (format!("{p}.{}", r.name), Some(p.to_owned())),
            None => (r.name.clone(), r.name.rsplit_once('.').map(|(p, _)| p.to_owned())),
        })
        .collect();
    // A row of a table without a type column is an object where rows name it as their parent.
    let parents: BTreeSet<&str> = written.iter().filter_map(|(_, p)| p.as_deref()).collect();
    let is_object = |r: &FieldRow| typed_container(r) || (r.untyped && parents.contains(r.name.as_str()));
    let objects: Vec<&str> = rows.iter().zip(&written).filter(|(r, _)| is_object(r)).map(|(_, (path, _))| path.as_str()).collect();
    // The index of the row that holds each row.
    let mut holder: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    for (i, (_, parent)) in written.iter().enumerate() {
        let found = parent.as_deref().filter(|p| objects.contains(p)).and_then(|p| (0..rows.len()).find(|&j| j != i && written[j].0 == p && is_object(&rows[j])));
        let held = match found {
            Some(j) => Some(j),
            // A parent cell that names no row: where the row before it is.
            None if rows[i].parent.is_some() && parent.is_some() => i.checked_sub(1).and_then(|k| holder[k]),
            None => None,
        };
        holder.push(held);
    }
    // Every object row holds its fields by path, or is itself placed by its path (an object whose
    // fields the page does not list: `resource.cpu | object`).
    let by_path = holder.iter().any(Option::is_some) && rows.iter().enumerate().all(|(j, r)| !is_object(r) || holder.contains(&Some(j)) || (holder[j].is_some() && r.parent.is_none()));
    if !by_path {
        return rows;
    }
    // Depth-first, children in document order.
    fn visit(at: Option<usize>, depth: usize, holder: &[Option<usize>], order: &mut Vec<(usize, usize)>) {
        for (i, h) in holder.iter().enumerate() {
            if *h == at && order.len() < holder.len() && Some(i) != at {
                order.push((i, depth));
                visit(Some(i), depth + 1, holder, order);
            }
        }
    }
    let mut order = Vec::with_capacity(rows.len());
    visit(None, 0, &holder, &mut order);
    // Rows that hold each other (a page's mistake) reach no top: read the table as it is.
    if order.len() != rows.len() {
        return rows;
    }
    let mut slots: Vec<Option<FieldRow>> = rows.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(i, depth)| {
            let mut row = slots[i].take()?;
            if holder[i].is_some() && row.parent.is_none() {
                row.name = row.name.rsplit_once('.').map_or(row.name.clone(), |(_, last)| last.to_owned());
            }
            row.depth = Some(depth);
            Some(row)
        })
        .collect()
}

/// A name's depth as marked before it (`+id`, `++id`), and the name without the marks. Rows
/// without marks are at depth 0 in a table that marks depth.
pub fn depth_marker(name: &str) -> (Option<usize>, &str) {
    // A bullet before a name (`• usage_monitoring`) marks it as a nested field without saying
    // how deep: the example decides.
    if let Some(bare) = name.trim_start().strip_prefix('•') {
        return (None, bare.trim_start());
    }
    let bare = name.trim_start_matches('+').trim_start();
    let marks = name.len() - name.trim_start_matches('+').len();
    ((marks > 0).then_some(marks), if marks > 0 { bare } else { name })
}

struct Frame {
    field: Field,
    /// Example values of this object (or, for an array frame, of its items).
    examples: Vec<Value>,
    /// For `array<x>` types: the item type the type cell names.
    item_type: Option<FieldType>,
    /// The examples show every field of this object (a whole response example), so a name they
    /// lack belongs further out.
    complete: bool,
    /// How many fields the page says the object has (`object {6}`): it closes when it has them.
    holds: Option<usize>,
}

impl Frame {
    fn keys(&self) -> Option<BTreeSet<&str>> {
        let keys: BTreeSet<&str> = self.examples.iter().filter_map(Value::as_object).flat_map(|o| o.keys().map(String::as_str)).collect();
        (!keys.is_empty()).then_some(keys)
    }

    fn is_array(&self) -> bool {
        self.field.ty == FieldType::Array
    }
}

/// A string that holds JSON is read as that JSON: examples embed objects as strings
/// (`"ProbeContent": "{\"Port\":8080}"`).
fn as_json(value: &Value) -> Value {
    match value {
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => serde_json::from_str(s).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

pub(crate) fn parse_example(text: &str) -> Option<Value> {
    let t = text.trim();
    if !t.starts_with(['{', '[']) {
        return None;
    }
    serde_json::from_str(t).ok().or_else(|| {
        // An example that is not valid JSON (a JSON string inside it left unescaped:
        // `"Dimensions":"[{"Name":...}]"`) still shows which keys its objects have: an object of
        // every key it prints, so that a row none of them names is not taken for one of its fields.
        static KEY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r#""([A-Za-z_][A-Za-z0-9_.\-]*)"\s*:"#).expect("valid regex"));
        let keys: serde_json::Map<String, Value> = KEY.captures_iter(t).map(|c| (c[1].to_owned(), Value::Null)).collect();
        (!keys.is_empty()).then(|| if t.starts_with('[') { Value::Array(vec![Value::Object(keys)]) } else { Value::Object(keys) })
    })
}

/// Example values of child `name` of objects `parents`.
fn child_examples(parents: &[Value], name: &str, own: Option<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = own.into_iter().collect();
    out.extend(parents.iter().filter_map(|p| p.get(name)).map(as_json));
    out
}

/// The items a list's examples show. Examples converted from XML wrap a list's items in one
/// element (`"Admin": {"User": [{…}, {…}]}`): the objects it lists are the items.
fn items_of(values: &[Value]) -> Vec<Value> {
    let items = |v: &Value| match v {
        Value::Array(items) => items.clone(),
        Value::Object(map) if map.len() == 1 => map.values().filter_map(Value::as_array).find(|inner| !inner.is_empty() && inner.iter().all(Value::is_object)).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    values.iter().flat_map(items).map(|v| as_json(&v)).collect()
}

/// An XML example as the JSON value of the same document: the root element's children, each
/// element with child elements an object (a name repeated, a list), every other one its text.
/// `None` for text that is no XML document.
pub fn xml_document(text: &str) -> Option<Value> {
    fn value(node: roxmltree::Node<'_, '_>) -> Value {
        let children: Vec<roxmltree::Node<'_, '_>> = node.children().filter(roxmltree::Node::is_element).collect();
        if children.is_empty() {
            return Value::String(node.text().unwrap_or_default().trim().to_owned());
        }
        let mut map = serde_json::Map::new();
        for child in children {
            let name = child.tag_name().name().to_owned();
            let v = value(child);
            match map.get_mut(&name) {
                Some(Value::Array(items)) => items.push(v),
                Some(first) => *first = Value::Array(vec![first.take(), v]),
                None => {
                    map.insert(name, v);
                }
            }
        }
        Value::Object(map)
    }
    let doc = roxmltree::Document::parse(text.trim()).ok()?;
    Some(value(doc.root_element())).filter(Value::is_object)
}

/// An example that names none of the table's rows up to its first object (`RequestId`, then
/// `Result | Struct`) but names the rows after that object shows the object's value, as pages
/// print the example of what a wrapper holds: that object's name, to read the example inside it.
pub fn wrapper_shown(rows: &[FieldRow], example: &Value) -> Option<String> {
    let at = rows.iter().position(|r| !r.name.is_empty() && type_of(&r.ty).is_some_and(|(t, _, _)| t == FieldType::Object))?;
    let shown = |r: &FieldRow| example.get(&r.name).is_some();
    let shown_after = rows[at + 1..].iter().take(3).filter(|r| shown(r)).count();
    (example.is_object() && !rows[..=at].iter().any(shown) && shown_after >= 2 && no_example(&rows[at].example)).then(|| rows[at].name.clone())
}

/// The response example as the table spells it. An envelope of one key that the table does not
/// list is taken off. An example whose keys are the table's names with the first letter in the other case
/// (`uisNodeList` for `UisNodeList`, as Alibaba's older JSON examples print them) is the same
/// document: its keys as the table spells them. An example whose keys the table spells as they
/// are, or that matches the table either way no better, is returned unchanged.
pub fn as_table_spells(example: &Value, names: &[&str]) -> Value {
    // An envelope the table does not list (Tencent's `{"Response": {...}}`) holds the document.
    if let Some((key, inner)) = example.as_object().filter(|top| top.len() == 1).and_then(|top| top.iter().next()) {
        if !names.contains(&key.as_str()) && inner.as_object().is_some_and(|o| o.keys().any(|k| names.contains(&k.as_str()))) {
            return as_table_spells(inner, names);
        }
    }
    let Some(top) = example.as_object() else { return example.clone() };
    let exact = top.keys().filter(|k| names.contains(&k.as_str())).count();
    let flipped = top.keys().filter(|k| !names.contains(&k.as_str()) && names.contains(&lexicon::flip_first(k).as_str())).count();
    if flipped <= exact {
        return example.clone();
    }
    fn respell(value: &Value, names: &[&str]) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let key = if names.contains(&k.as_str()) { k.clone() } else { Some(lexicon::flip_first(k)).filter(|f| names.contains(&f.as_str())).unwrap_or_else(|| k.clone()) };
                        (key, respell(v, names))
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| respell(v, names)).collect()),
            other => other.clone(),
        }
    }
    respell(example, names)
}

/// Nests rows into fields. `root_examples` are example values of the table's root object (the
/// response example for a response table; none for request parameters).
///
/// `complete`: the root examples are whole documents (a response example), not samples.
pub fn nest(file: &str, rows: Vec<FieldRow>, root_examples: Vec<Value>, complete: bool, diags: &mut Diagnostics) -> Vec<Field> {
    let root = Field { name: String::new(), ty: FieldType::Object, raw_type: String::new(), required: None, description: String::new(), example: None, line: 0, children: Vec::new(), reference: None, also_at: Vec::new(), written: None };
    let mut stack = vec![Frame { field: root, examples: root_examples, item_type: None, complete, holds: None }];
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    // A table that prints examples of its fields prints the whole tree (Alibaba's): the items of a
    // list follow it. Tables without examples (Tencent's) send the reader to the item type's own
    // page instead.
    let prints_examples = rows.iter().any(|r| !no_example(&r.example));
    // A table that names its objects' types (`Array of AlarmParam objects`, `Spec object`) documents
    // each object in a table of its own (Huawei's): its bare `Object` rows hold no rows of it.
    let names_object_types = rows.iter().any(|r| {
        let t = r.ty.trim();
        (t.ends_with(" object") || t.ends_with(" objects")) && t.split_whitespace().count() >= 2
    });
    let typed_rows = rows.iter().filter(|r| !r.ty.trim().is_empty()).count();
    // Rows marked by depth (`+id`) nest by their marks; unmarked rows are at the top.
    let marked = rows.iter().any(|r| r.depth.is_some());
    let depths: Vec<usize> = rows.iter().map(|r| r.depth.unwrap_or(0)).collect();
    // Whether a row before opened an object or list of its own, whose fields the table lists.
    let mut inline_containers = false;
    // The stack depths of containers opened by a change of case in the names.
    let mut case_opened: Vec<usize> = Vec::new();
    for (index, mut row) in rows.into_iter().enumerate() {
        // A row whose type the page misspelt (`Objcet`) but whose next row is marked deeper is
        // an object.
        if marked && type_of(&row.ty).is_none() && depths.get(index + 1).is_some_and(|d| *d > depths[index]) {
            diags.warning(Location::line(file, row.line), "unknown-type", format!("`{}` is not a type; `{}` is read as an object, as the deeper rows under it show", row.ty, row.name));
            row.ty = "object".to_owned();
        }
        // A typeless row right after a list of no named item type (`items | array`, then `Drive`:
        // the link to its type was lost), where the example shows the list's items as objects
        // that do not hold it, names the items' type: it is the item.
        let names_items = !marked && row.ty.trim().is_empty() && !row.untyped && no_example(&row.example) && row.name.starts_with(|c: char| c.is_ascii_uppercase()) && stack.last().is_some_and(|f| {
            let shown: Vec<&Value> = f.examples.iter().filter_map(Value::as_array).flatten().collect();
            f.is_array() && f.field.children.is_empty() && f.field.reference.is_none() && !names_element(&f.field, &row.name) && f.examples.iter().all(Value::is_array) && !shown.is_empty() && shown.iter().all(|v| v.is_object() && v.get(&row.name).is_none())
        });
        if names_items {
            diags.note(Location::line(file, row.line), "element-names-type", format!("`{}` has no type and stands right after a list whose example shows objects without it: it names the type of the list's items", row.name));
            row.ty = format!("{} object", row.name);
            row.name = String::new();
        }
        // An untyped row named after the item type of the list just opened (`Regions | Array of
        // Region`, then `Region | |`) is the element that holds the fields that follow.
        // A list typed only `Array` names its element by its own name in the singular (`Zones |
        // Array`, then `Zone | |`).
        let element = row.ty.trim().is_empty() && stack.last().is_some_and(|f| f.is_array() && f.field.children.is_empty() && names_element(&f.field, &row.name));
        if element {
            row.ty = "object".to_owned();
        }
        // An untyped row in one case whose next rows are in the other (`CertificateList`, then
        // `buyInAliyun`, `city`, ...) holds them, where no example says otherwise: the names
        // change case where the page's own structure changes.
        let upper = |n: &str| n.starts_with(|c: char| c.is_ascii_uppercase());
        let lower = |n: &str| n.starts_with(|c: char| c.is_ascii_lowercase());
        let case_container = !marked && row.ty.trim().is_empty() && upper(&row.name) && names.get(index + 1).is_some_and(|n| lower(n)) && stack.iter().all(|f| f.examples.is_empty());
        // An untyped row among typed ones, followed by more rows (`Result`, then `AbnormalNodes
        // Integer`), holds them as well: it gives no type because it is no value of its own.
        let untyped_container = !marked && !case_container && !element && !row.untyped && row.ty.trim().is_empty() && !row.name.is_empty() && names.get(index + 1).is_some_and(|n| !n.is_empty()) && typed_rows * 5 >= names.len() * 4 && stack.iter().all(|f| f.examples.is_empty());
        if case_container || untyped_container {
            row.ty = "object".to_owned();
        }
        // A type cell that says `none` (`无`) takes the kind of value the examples show there.
        let written_type = if row.untyped { String::new() } else { row.ty.clone() };
        // A type that repeats the row's name (`requestAuth | requestAuth`) names its own struct,
        // whatever its case.
        if type_of(&row.ty).is_none() && row.ty.trim() == row.name && row.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            row.ty = format!("{} object", row.name);
        }
        // So does a row of a table without a type column, where an example shows its value.
        let shown = || stack.iter().rev().flat_map(|f| f.examples.iter()).find_map(|e| e.get(&row.name));
        // And so does an empty type cell among typed rows (`EnvChange | | | 变更信息`), where the
        // example shows an object or a list there: it was left empty for a value of no plain type.
        let shown_container = || shown().is_some_and(|v| v.is_object() || v.is_array());
        if lexicon::says_no_type(&row.ty) || (row.untyped && shown().is_some()) || (row.ty.trim().is_empty() && !row.name.is_empty() && shown_container()) {
            row.ty = shown().map_or("string", |v| match FieldType::of_json(v) {
                FieldType::Object => "object",
                FieldType::Array => "array",
                FieldType::Boolean => "boolean",
                FieldType::Integer => "integer",
                FieldType::Number => "number",
                _ => "string",
            }).to_owned();
        }
        let Some((ty, item_type, mut reference)) = type_of(&row.ty) else {
            diags.error(Location::line(file, row.line), "unknown-type", format!("expected a type such as `string` or `array<object>` for `{}`, found `{}`; row skipped", row.name, row.ty));
            continue;
        };
        // Rows marked deeper under a row of a named type are that type's fields.
        if marked && depths.get(index + 1).is_some_and(|d| *d > depths[index]) && ty == FieldType::Object {
            reference = None;
        }
        // `Array of X` that names a type, with no example on the page to show what it holds and
        // no element row `X` after it: X is documented elsewhere (a link the saved text lost), and
        // the rows after it are its siblings.
        // `Array of Struct` names a kind; the pages that print it title the struct's table with
        // the field's own name (`Regions`, then a table titled `Regions`).
        let named_item = (ty == FieldType::Array && reference.is_none() && row.ty.trim().starts_with("Array of ")).then(|| referenced_item(&row.name, &row.ty)).flatten().filter(|item| FieldType::parse(item).is_none() && !lexicon::is_plain_list(&row.ty));
        // Rows that are its items would follow it: when one last row (the request id) follows, or
        // when the table has opened no object of its own so far (it lists no fields inline) and
        // prints no examples, the rows after it are its siblings.
        let rows_after = names.len() - index - 1;
        let flat_so_far = stack.len() == 1 && !inline_containers && !prints_examples;
        // `Array of Struct` (Volcengine's, BytePlus's) always has a table of its own, titled with
        // the field's name: its fields never follow inline.
        let kind_only = is_struct_kind_list(&row.ty);
        // Where examples show the list's items, the rows after it are its items' only if one of
        // them is shown in an item and not beside the list (`RequestId` is both in Tencent's
        // `FunctionLog` items and beside `Data`).
        let items_claim_rows = || {
            let Some(level) = stack.iter().rev().find(|f| f.examples.iter().any(|e| e.get(&row.name).is_some())) else { return false };
            let items = items_of(&child_examples(&level.examples, &row.name, None));
            let beside = level.keys().unwrap_or_default();
            names[index + 1..].iter().any(|n| !beside.contains(n.as_str()) && items.iter().any(|item| item.get(n).is_some()))
        };
        let unshown = stack.iter().all(|f| f.examples.is_empty()) || !items_claim_rows();
        if let Some(item) = named_item.filter(|item| !marked && (rows_after <= 1 || flat_so_far || kind_only) && no_example(&row.example) && unshown && names.get(index + 1) != Some(item)) {
            reference = Some(item);
        }
        inline_containers |= matches!(ty, FieldType::Object | FieldType::Array) && reference.is_none() && !is_map(&row.ty);
        // A list of unnamed objects in bracket notation (`Object[]`) that nothing on the page
        // opens (no example, no item row after it) has its fields elsewhere, as the pages that
        // use the notation show them: it holds no rows of the table.
        // (`object []`, spaced, is how flattened pages print `array<object>`, whose fields follow.)
        let bracket_objects = ty == FieldType::Array && reference.is_none() && row.ty.trim().ends_with("[]") && !row.ty.trim().ends_with(" []") && item_type.as_ref().is_none_or(|t| *t == FieldType::Object) && FieldType::parse(row.ty.trim().trim_end_matches("[]")).is_some_and(|(t, _)| t == FieldType::Object);
        let opened = !no_example(&row.example) || stack.iter().any(|f| !f.examples.is_empty()) || names.get(index + 1).is_some_and(String::is_empty);
        // (A row that says nothing of itself, its description empty, heads the rows after it.)
        let bracket_objects = bracket_objects && !row.description.trim().is_empty();
        let bracket_leaf = (bracket_objects || (names_object_types && ty == FieldType::Object && reference.is_none() && row.ty.trim().eq_ignore_ascii_case("object"))) && !marked && !opened;
        let example = (!row.example.is_empty()).then(|| row.example.clone());
        // A list whose example is one plain word (`Labels | List | prod`) holds plain values.
        let plain_example = !no_example(&row.example) && !row.example.trim().contains(char::is_whitespace) && parse_example(&row.example).is_none();
        // And so does one whose example is a list of plain values (`["snat-3f…", "snat-3f…"]`).
        let plain = |v: &Value| v.as_array().is_some_and(|items| !items.is_empty() && items.iter().all(|v| !v.is_object() && !v.is_array()));
        let plain_items = parse_example(&row.example).is_some_and(|v| plain(&v));
        // Or one the example around it shows as a list of plain values (`"ids": ["lb-1"]`).
        let shown_plain = || stack.iter().rev().map(|f| child_examples(&f.examples, &row.name, None)).find(|shown| !shown.is_empty()).is_some_and(|shown| shown.iter().all(plain));
        let inline_item = ty == FieldType::Array && (item_type.as_ref().is_some_and(|t| *t != FieldType::Object) || (item_type.is_none() && (plain_example || plain_items || shown_plain())));
        // A `Map` is free-form: no rows of its own follow, unless rows marked deeper do.
        let free_form = is_map(&row.ty) && !(marked && depths.get(index + 1).is_some_and(|d| *d > depths[index]));
        let mut field = Field { name: row.name.clone(), ty: ty.clone(), raw_type: written_type.trim().to_owned(), required: row.required, description: row.description.clone(), example, line: row.line, children: Vec::new(), reference, also_at: Vec::new(), written: row.written.clone().filter(|w| !row.untyped && w.trim() != written_type.trim()) };
        // A typed map's one child is its value, which names the type of the values' table.
        if ty == FieldType::Map {
            field.reference = None;
            field.children.extend(map_value(&row.ty, row.line));
        }
        if row.name.is_empty() {
            if stack.len() > 1 && stack.last().is_some_and(|f| f.is_array() && f.field.children.is_empty()) {
                let array = stack.last().expect("checked");
                // Pages repeat the list's own type on its item row (`array<object>` under
                // `array<object>`): the item is what the list holds.
                let (field, item_type) = if array.field.raw_type.eq_ignore_ascii_case(row.ty.trim()) && ty == FieldType::Array {
                    let item_ty = array.item_type.clone().unwrap_or(FieldType::Object);
                    (Field { ty: item_ty, ..field }, None)
                } else {
                    (field, item_type)
                };
                let examples = items_of(&array.examples);
                open_or_add(&mut stack, field, examples, item_type, inline_item);
            } else if index == 0 && ty == FieldType::Object && stack.len() == 1 {
                // The root object of a response table.
                stack[0].field.line = row.line;
                stack[0].field.description = row.description;
            } else {
                diags.warning(Location::line(file, row.line), "nameless-row", format!("a nameless `{}` row must follow an array; it follows `{}` and was skipped", row.ty, stack.last().map_or("", |f| f.field.name.as_str())));
            }
            continue;
        }
        // An object that has the fields the page counted for it (`object {6}`) is whole.
        while stack.len() > 1 && stack.last().is_some_and(|f| f.holds.is_some_and(|n| f.field.children.len() >= n)) {
            close_top(&mut stack);
        }
        if marked {
            // Named levels open: each array counts once, with its item.
            while stack.len() > 1 && stack[1..].iter().filter(|f| !f.field.name.is_empty()).count() > depths[index] {
                close_top(&mut stack);
            }
        } else {
            // A container the change of case opened closes at a name in its own case.
            while let Some(&depth) = case_opened.last() {
                if stack.len() < depth {
                    case_opened.pop();
                } else if upper(&row.name) {
                    while stack.len() >= depth {
                        close_top(&mut stack);
                    }
                    case_opened.pop();
                } else {
                    break;
                }
            }
            // The element row is the item of the list just opened, whatever the examples name.
            if !element {
                close_for(&mut stack, &row.name, &names[index + 1..]);
            }
            close_by_order_and_meaning(&mut stack, &row, &ty);
        }
        // An `array<object>` without an item row: the named rows are the item's fields.
        if stack.len() > 1 && stack.last().is_some_and(|f| f.is_array() && f.field.children.is_empty()) {
            let array = stack.last().expect("checked");
            let item_ty = array.item_type.clone().unwrap_or(FieldType::Object);
            if item_ty == FieldType::Object {
                let item = Field { name: String::new(), ty: FieldType::Object, raw_type: String::new(), required: None, description: String::new(), example: None, line: row.line, children: Vec::new(), reference: None, also_at: Vec::new(), written: None };
                let examples = items_of(&array.examples);
                open_or_add(&mut stack, item, examples, None, false);
            } else {
                close_top(&mut stack);
            }
        }
        let parent = stack.last().expect("root frame is never popped");
        // A description may show what the value looks like (`每项数据格式为: {...}`) where the
        // example cell is empty.
        let own_example = field.example.as_deref().and_then(parse_example).or_else(|| described_example(&field.description, &field.ty));
        let examples = child_examples(&parent.examples, &field.name, own_example);
        // The element row stands for the item itself: the item's examples are its examples when
        // they do not name it.
        let examples = if element && examples.is_empty() { parent.examples.clone() } else { examples };
        if free_form || bracket_leaf {
            stack.last_mut().expect("root frame").field.children.push(field);
            continue;
        }
        let depth = stack.len();
        let holds = lexicon::member_count(&row.ty).filter(|_| ty == FieldType::Object).map(|(_, n)| n);
        open_or_add(&mut stack, field, examples, item_type, inline_item);
        if stack.len() > depth {
            stack.last_mut().expect("pushed").holds = holds;
        }
        if case_container && stack.len() > depth {
            case_opened.push(stack.len());
        }
    }
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().map(|f| f.field.children).unwrap_or_default()
}

/// A JSON object a description prints as the form of the value (`每项数据格式为: {"a": 1}`): the
/// value itself, or for a list, a list of it.
fn described_example(description: &str, ty: &FieldType) -> Option<Value> {
    let start = description.find('{')?;
    let end = description.rfind('}')?;
    let object: Value = serde_json::from_str(description.get(start..=end)?).ok().filter(Value::is_object)?;
    Some(if *ty == FieldType::Array { Value::Array(vec![object]) } else { object })
}

/// An example cell that gives no value: empty, or a dash or slash standing for none (`-`, `/`).
pub(super) fn no_example(cell: &str) -> bool {
    cell.trim().trim_matches(['-', '/', '—']).trim().is_empty()
}

/// Whether a field's description speaks of the call itself: its request id, whether it succeeded,
/// its status code or result message, why its access was denied.
fn describes_the_call(description: &str) -> bool {
    static CALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:请求|請求|调用|調用|本次请求|本次調用)\s*(?:ID|的ID|是否成功|结果|結果|是否调用成功)|表示(?:请求|請求|调用|調用)成功|^(?:the )?(?:ID of the request|request ID|return code)\b|^返回[码碼][。.]?$|^(?:indicates )?whether the (?:request|call) (?:was |is )?success|why the access was denied|访问被拒绝的详细信息|訪問被拒絕的詳細資訊").expect("valid regex")
    });
    CALL.is_match(description.trim())
}

/// Closes the open objects a row of no marked depth leaves, where no example places it: by the
/// alphabetical order of generated pages, by a grouping row after another, by a value about the
/// call itself. (Closing only removes frames, so the examples said nothing before and after.)
fn close_by_order_and_meaning(stack: &mut Vec<Frame>, row: &FieldRow, ty: &FieldType) {
    let unexampled = stack.iter().all(|f| f.examples.is_empty());
    // Pages generated from an API's metadata list each object's fields in alphabetical
    // order: a name that sorts before the last of four or more sorted fields of the open
    // object, and after that object's own name among the sorted fields around it, is a
    // field of the object around it.
    while stack.len() > 1 && unexampled {
        let key = |n: &str| n.to_ascii_lowercase();
        let top = stack.last().expect("checked");
        let fields = &top.field.children;
        let sorted = fields.len() >= 4 && fields.windows(2).all(|w| key(&w[0].name) <= key(&w[1].name));
        let before_last = fields.last().is_some_and(|last| key(&row.name) < key(&last.name));
        // The object around it lists its fields in order too, the open one and this one
        // included.
        let own_at = stack.iter().rposition(|f| !f.field.name.is_empty()).filter(|&at| at > 0);
        let around_sorted = own_at.is_some_and(|at| {
            let mut names: Vec<String> = stack[at - 1].field.children.iter().map(|f| key(&f.name)).collect();
            names.extend([key(&stack[at].field.name), key(&row.name)]);
            names.windows(2).all(|w| w[0] <= w[1])
        });
        if sorted && before_last && around_sorted {
            close_top(stack);
        } else {
            break;
        }
    }
    // An object that wraps one list, its element (`DnsList`, then `Dns`, as pages generated from
    // XML name them), holds nothing else: after the list's plain values, the next row stands
    // beside the wrapper.
    let plain_list = |list: &Field| list.ty == FieldType::Array && list.children.first().is_some_and(|item| item.name.is_empty() && !matches!(item.ty, FieldType::Object | FieldType::Array | FieldType::Map));
    if unexampled && stack.len() > 1 {
        let top = stack.last().expect("checked");
        let wraps = top.field.ty == FieldType::Object && matches!(top.field.children.as_slice(), [list] if plain_list(list) && lexicon::names_element_of(&top.field.name, &list.name));
        if wraps {
            close_top(stack);
        }
    }
    // A grouping row (`N/A`, no type of its own) under another one starts the next group:
    // groups so marked do not hold each other (`Credentials`, then `AssumedRoleUser`).
    let grouping = |t: &str| matches!(t.trim(), "N/A" | "n/a");
    if unexampled && grouping(&row.ty) && stack.len() > 1 && stack.last().is_some_and(|f| grouping(&f.field.raw_type)) {
        close_top(stack);
    }
    // A count of all items (`加速域名总数`, "The total number of ...") after a list's item
    // fields counts the list: it stands beside the list, not in an item.
    static TOTAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"总数|總數|总条数|總條數|总个数|總個數|(?i)\btotal (?:number|count)\b|^(?i:the )?total\b").expect("valid regex"));
    if unexampled && matches!(ty, FieldType::Integer | FieldType::Long | FieldType::Number) && TOTAL.is_match(&row.description) {
        let after_fields = stack.last().is_some_and(|f| !f.field.children.is_empty());
        if let Some(list) = stack.iter().rposition(Frame::is_array).filter(|&at| at > 0 && after_fields) {
            while stack.len() > list {
                close_top(stack);
            }
        }
    }
    // A value about the call itself (`请求ID`, `请求是否成功`, "Indicates whether the
    // request succeeded") belongs to the whole response, not to an item, where no mark
    // or example places it.
    if unexampled && stack.len() > 1 && !matches!(ty, FieldType::Object | FieldType::Array) && describes_the_call(&row.description) {
        while stack.len() > 1 {
            close_top(stack);
        }
    }
}

/// Pushes containers as frames; adds anything else to the top frame. A scalar item completes its
/// array.
/// `inline_item`: the type cell names the item type itself (Huawei `Array of strings`), so no item
/// row follows.
fn open_or_add(stack: &mut Vec<Frame>, mut field: Field, examples: Vec<Value>, item_type: Option<FieldType>, inline_item: bool) {
    let complete = stack.last().is_some_and(|f| f.complete);
    // A field whose type names another table, or a Huawei `Array of strings`, has no rows of its
    // own below it.
    if field.ty == FieldType::Array && field.children.is_empty() && field.reference.is_none() && inline_item {
        let item = item_type.clone().unwrap_or(FieldType::String);
        field.children.push(Field { name: String::new(), ty: item, raw_type: String::new(), required: None, description: String::new(), example: None, line: field.line, children: Vec::new(), reference: None, also_at: Vec::new(), written: None });
    }
    let leaf = field.reference.is_some() || !field.children.is_empty();
    // An object the example shows as a list of objects: its fields are the items' fields.
    let examples = if field.ty == FieldType::Object && !examples.is_empty() && examples.iter().all(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_object))) { items_of(&examples) } else { examples };
    match field.ty {
        FieldType::Object | FieldType::Array if !leaf => stack.push(Frame { field, examples, item_type, complete, holds: None }),
        _ => {
            let top = stack.last_mut().expect("root frame");
            let completes_array = top.is_array();
            top.field.children.push(field);
            if completes_array {
                close_top(stack);
            }
        }
    }
}

fn close_top(stack: &mut Vec<Frame>) {
    let frame = stack.pop().expect("caller checks depth");
    let array_item = stack.last().is_some_and(|f| f.is_array());
    // The item that holds a list's element row holds nothing else: closing the element closes
    // the item, and so the list.
    let element_item = stack.len() > 2 && stack.last().is_some_and(|f| f.field.name.is_empty() && f.field.children.is_empty()) && names_element(&stack[stack.len() - 2].field, &frame.field.name);
    let parent = stack.last_mut().expect("root frame");
    parent.field.children.push(frame.field);
    // An array holds exactly one item: closing the item closes the array too.
    if (array_item || element_item) && stack.len() > 1 {
        close_top(stack);
    }
}

/// Whether `name` is the element row of `list` (`Regions | Array of Region`, then `Region`; `Zones
/// | Array`, then `Zone`, or any word the list's name starts with: `ClusterSet`, then `Cluster`).
fn names_element(list: &Field, name: &str) -> bool {
    // (`items` is what pages that print a list's item as a row of its own call it.)
    list.ty == FieldType::Array
        && (name == "items"
            || match item_type_name(&list.raw_type) {
                Some(item) => item == name,
                None => lexicon::names_element_of(&list.name, name),
            })
}

/// Closes frames that `name` cannot belong to. `upcoming`: the names of the rows after it.
fn close_for(stack: &mut Vec<Frame>, name: &str, upcoming: &[String]) {
    loop {
        if stack.len() <= 1 {
            return;
        }
        let top = stack.last().expect("checked");
        if top.is_array() {
            // An array frame whose item is complete cannot take named rows.
            if !top.field.children.is_empty() {
                close_top(stack);
                continue;
            }
            // The list's own example shows its items: a name none of them has, that the next
            // level out has room for, is not one of their fields.
            let item_keys: BTreeSet<&str> = top.examples.iter().filter_map(Value::as_array).flatten().filter_map(Value::as_object).flat_map(|o| o.keys().map(String::as_str)).collect();
            if !item_keys.is_empty() && !item_keys.contains(name) && stack.len() > 1 && stack[stack.len() - 2].field.child(name).is_none() {
                close_top(stack);
                continue;
            }
            return;
        }
        // A level that has the field already cannot take it again (`Code` of the response after
        // `Data.Code`).
        if top.keys().is_some_and(|k| k.contains(name)) && top.field.child(name).is_none() {
            return;
        }
        // The open object just inside that level is one of its fields too: if it bears the name,
        // the level has it already.
        let outer = (0..stack.len() - 1).rev().find(|&i| {
            let f = &stack[i];
            !f.is_array() && f.keys().is_some_and(|k| k.contains(name)) && f.field.child(name).is_none() && stack[i + 1].field.name != name
        });
        if let Some(level) = outer {
            while stack.len() > level + 1 {
                close_top(stack);
            }
            return;
        }
        // A complete example that lacks the name sends it outwards, unless the next object out
        // already has a field of that name (then the example, not the table, is incomplete).
        let outer_has = top.field.name == name || stack[..stack.len() - 1].iter().rev().find(|f| !f.is_array()).is_some_and(|f| f.field.child(name).is_some());
        if top.complete && top.keys().is_some() && !outer_has {
            // A row that no example has (a map, a field returned only sometimes) stays where its
            // neighbours are: when the next row that an example places belongs to this level, so
            // does this one.
            if next_known_level(stack, upcoming) == Some(stack.len() - 1) {
                return;
            }
            close_top(stack);
            continue;
        }
        if top.field.child(name).is_some() {
            close_top(stack);
            continue;
        }
        return;
    }
}

/// The innermost open object whose examples hold, and whose fields lack, the first of `upcoming`
/// that any open object's examples hold.
fn next_known_level(stack: &[Frame], upcoming: &[String]) -> Option<usize> {
    let holds = |i: usize, n: &str| !stack[i].is_array() && stack[i].keys().is_some_and(|k| k.contains(n)) && stack[i].field.child(n).is_none();
    upcoming.iter().filter(|n| !n.is_empty()).find_map(|n| (0..stack.len()).rev().find(|&i| holds(i, n)))
}

/// Fields described by a JSON example alone (pages without a response table).
pub fn from_example(value: &Value, line: u32) -> Vec<Field> {
    value.as_object().map(|o| o.iter().map(|(k, v)| field_from_json(k, v, line)).collect()).unwrap_or_default()
}

fn field_from_json(name: &str, value: &Value, line: u32) -> Field {
    let ty = FieldType::of_json(value);
    let children = match value {
        Value::Object(_) => from_example(value, line),
        Value::Array(items) => items.first().map(|v| vec![field_from_json("", v, line)]).unwrap_or_default(),
        _ => Vec::new(),
    };
    let example = match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    };
    Field { name: name.to_owned(), ty, raw_type: String::new(), required: None, description: String::new(), example, line, children, reference: None, also_at: Vec::new(), written: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, name: &str, ty: &str) -> FieldRow {
        let (depth, name) = depth_marker(name);
        FieldRow { line, name: name.to_owned(), ty: ty.to_owned(), depth, ..FieldRow::default() }
    }

    fn paths(fields: &[Field], parent: &str, out: &mut Vec<String>) {
        for f in fields {
            let path = if f.name.is_empty() { format!("{parent}[]") } else if parent.is_empty() { f.name.clone() } else { format!("{parent}.{}", f.name) };
            out.push(path.clone());
            paths(&f.children, &path, out);
        }
    }

    fn described(line: u32, name: &str, ty: &str, description: &str) -> FieldRow {
        FieldRow { description: description.to_owned(), ..row(line, name, ty) }
    }

    fn nested(rows: Vec<FieldRow>) -> Vec<String> {
        let fields = nest("t.txt", rows, Vec::new(), false, &mut Diagnostics::new());
        let mut out = Vec::new();
        paths(&fields, "", &mut out);
        out
    }

    #[test]
    fn values_about_the_call_belong_to_the_root() {
        let rows = vec![row(1, "Regions", "Array of Region"), row(2, "Region", ""), row(3, "RegionId", "String"), described(4, "Id", "String", "The ID of the region."), described(5, "Code", "String", "状态码。状态码为200表示请求成功。")];
        assert_eq!(nested(rows), ["Regions", "Regions[]", "Regions[].Region", "Regions[].Region.RegionId", "Regions[].Region.Id", "Code"]);
        assert!(describes_the_call("The ID of the request."));
        assert!(describes_the_call("请求是否成功。"));
        assert!(!describes_the_call("The ID of the region in the request."));
    }

    #[test]
    fn alphabetical_order_closes_an_object_only_where_the_order_around_it_holds() {
        let item = |n: &str| row(0, n, "String");
        let sorted = vec![row(1, "Data", "Struct"), row(2, "Instances", "Array of InstanceVO"), item("AutoRenew"), item("ExpireTime"), item("InstanceId"), item("Status"), item("MaxResults")];
        assert_eq!(nested(sorted).last().map(String::as_str), Some("Data.MaxResults"));
        // Fields around the object out of order: the order says nothing.
        let unsorted = vec![row(1, "RequestId", "String"), row(2, "Message", "String"), row(3, "Data", "Object"), item("Description"), item("Id"), item("Name"), item("RegionId"), item("ShortId")];
        assert_eq!(nested(unsorted).last().map(String::as_str), Some("Data.ShortId"));
    }

    #[test]
    fn rows_marked_by_depth_nest_by_their_marks() {
        let mut diags = Diagnostics::new();
        let rows = vec![row(1, "owner", "Objcet"), row(2, "+id", "String"), row(3, "acl", "Array"), row(4, "+grantee", "Array"), row(5, "++id", "String"), row(6, "+permission", "Array"), row(7, "marker", "String")];
        let fields = nest("t.txt", rows, Vec::new(), false, &mut diags);
        let mut out = Vec::new();
        paths(&fields, "", &mut out);
        assert_eq!(out, ["owner", "owner.id", "acl", "acl[]", "acl[].grantee", "acl[].grantee[]", "acl[].grantee[].id", "acl[].permission", "marker"]);
    }

    #[test]
    fn a_list_typed_only_array_names_its_element_in_the_singular() {
        let mut diags = Diagnostics::new();
        let fields = nest("t.txt", vec![row(1, "Policies", "Array"), row(2, "Policy", ""), row(3, "PolicyId", "String")], Vec::new(), false, &mut diags);
        let mut out = Vec::new();
        paths(&fields, "", &mut out);
        assert_eq!(out, ["Policies", "Policies[]", "Policies[].Policy", "Policies[].Policy.PolicyId"]);
        assert_eq!(lexicon::singular("Zones").as_deref(), Some("Zone"));
        assert_eq!(lexicon::singular("Status"), None);
    }

    #[test]
    fn a_typed_map_holds_its_value_and_names_the_value_type() {
        // `Map<String,Array<AzInfo>>`: the value is a list of `AzInfo`, whose table documents it.
        assert_eq!(type_of("Map<String,Array<AzInfo>>"), Some((FieldType::Map, Some(FieldType::Array), Some("AzInfo".to_owned()))));
        let value = map_value("Map<String, Array of address objects>", 7).expect("a typed map");
        assert_eq!((value.ty, value.reference.as_deref(), value.line), (FieldType::Array, Some("address"), 7));
        let strings = map_value("Map<String,Array<String>>", 1).expect("a typed map");
        assert_eq!(strings.item().map(|i| i.ty.clone()), Some(FieldType::String));
        let nested = map_value("Map<String,Map<String,Integer>>", 1).expect("a typed map");
        assert_eq!((nested.ty.clone(), nested.children.first().map(|c| c.ty.clone())), (FieldType::Map, Some(FieldType::Integer)));
        // A map of anything is free-form.
        assert_eq!(map_value("Map<String,Object>", 1), None);
        // An envelope is taken off and a lower-case first letter follows the table's spelling.
        let wrapped = serde_json::json!({"Response": {"Data": [], "RequestId": "r"}});
        assert_eq!(as_table_spells(&wrapped, &["Data", "RequestId"]), serde_json::json!({"Data": [], "RequestId": "r"}));
        let example = serde_json::json!({"uisNodeList": [{"uisId": "u"}], "Other": 1});
        assert_eq!(as_table_spells(&example, &["UisNodeList", "UisId"]), serde_json::json!({"UisNodeList": [{"UisId": "u"}], "Other": 1}));
        let same = serde_json::json!({"UisNodeList": [], "uisId": 1});
        assert_eq!(as_table_spells(&same, &["UisNodeList", "UisId"]), same);
        // An XML example is the document its elements make.
        let xml = xml_document("<?xml version=\"1.0\"?><R><Code>OK</Code><List><Item><Id>1</Id></Item><Item><Id>2</Id></Item></List></R>");
        assert_eq!(xml, Some(serde_json::json!({"Code": "OK", "List": {"Item": [{"Id": "1"}, {"Id": "2"}]}})));
        assert_eq!(xml_document("<R>"), None);
        assert_eq!(type_of("Int 64 (Json is string)"), Some((FieldType::Long, None, None)));
        // Go's notation: a map of lists of `ServiceInstance`.
        assert_eq!(type_of("map[string][]ServiceInstance"), Some((FieldType::Map, Some(FieldType::Array), Some("ServiceInstance".to_owned()))));
        assert_eq!(type_of("Map<String,Object>"), Some((FieldType::Object, None, None)));
        let mut diags = Diagnostics::new();
        let fields = nest("f", vec![row(1, "azs", "Map<String,Array<AzInfo>>"), row(2, "count", "Integer")], Vec::new(), true, &mut diags);
        let mut found = Vec::new();
        paths(&fields, "", &mut found);
        assert_eq!(found, ["azs", "azs[]", "count"], "the map's rows after it are its siblings");
    }

    #[test]
    fn an_untyped_row_named_after_the_item_type_holds_the_fields() {
        let mut diags = Diagnostics::new();
        let fields = nest("t.txt", vec![row(1, "Regions", "Array of Region"), row(2, "Region", ""), row(3, "RegionId", "String")], Vec::new(), false, &mut diags);
        let mut out = Vec::new();
        paths(&fields, "", &mut out);
        assert_eq!(out, ["Regions", "Regions[]", "Regions[].Region", "Regions[].Region.RegionId"]);
    }
}
