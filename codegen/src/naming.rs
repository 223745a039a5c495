//! The one place Rust names are made from wire names: case conversion (heck), keyword escaping
//! and collision handling.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// `ACRImageInfo` -> `acr_image_info`; keywords get a trailing `_` (`type_`).
pub fn field_name(wire: &str) -> String {
    let mut name = wire.to_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'f');
        name.insert(1, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `ACRImageInfo` -> `AcrImageInfo`.
pub fn type_name(wire: &str) -> String {
    let name = wire.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("T{name}")
    } else if name == "Self" {
        "Self_".to_owned()
    } else {
        name
    }
}

/// The type of one item of a plural field: `Containers` -> `Container`, `Regions` -> `Region`.
pub fn item_type_name(wire: &str) -> String {
    let name = type_name(wire);
    if name.ends_with("ies") && name.len() > 4 {
        format!("{}y", &name[..name.len() - 3])
    } else if name.ends_with('s') && !name.ends_with("ss") && name.len() > 3 {
        name[..name.len() - 1].to_owned()
    } else {
        format!("{name}Item")
    }
}

/// An enum variant for a documented value: `1C2G` -> `V1C2G`, `0.5G` -> `V0_5G`,
/// `tcpSocket` -> `TcpSocket`. Digits keep their separators so `0.5G` and `05G` stay distinct.
pub fn variant_name(value: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    let mut prev: Option<char> = None;
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            if prev.is_some_and(|p| p.is_ascii_digit()) && !out.ends_with('_') {
                out.push('_');
            }
            upper_next = true;
        }
        prev = Some(c);
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() {
        "Empty".to_owned()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{out}")
    } else {
        out
    }
}

/// `InvalidParameter.Name` -> `InvalidParameterName`.
pub fn error_variant_name(code: &str) -> String {
    let name: String = code.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()).map(|p| {
        let mut cs = p.chars();
        cs.next().map(|f| f.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
    }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("E{name}")
    } else {
        name
    }
}

/// The name of an error variant's predicate: `InvalidParameter` -> `is_invalid_parameter`.
pub fn predicate_name(variant: &str) -> String {
    format!("is_{}", variant.to_snake_case())
}

/// Wire names that say only that something is there (`Data`, `Result`, `Items`): a type named
/// after one says nothing about what it holds.
const GENERIC_WORDS: &[&str] = &["Data", "Result", "Results", "Body", "Content", "Contents", "Item", "Items", "List", "Object", "Output", "Value", "Values", "Record", "Records"];

/// What an operation acts on: its name without the leading verb (`DescribeApplicationConfig` ->
/// `ApplicationConfig`, `ListApplications` -> `Applications`).
pub fn operation_noun(operation: &str) -> String {
    let name = type_name(operation);
    // The first word is the verb; `Batch` comes before one, `And` joins another
    // (`BatchStartApplications`, `AbortAndRollbackChangeOrder`).
    let after_word = |s: &str| -> String { s.char_indices().skip(1).find(|(_, c)| c.is_ascii_uppercase()).map_or(String::new(), |(i, _)| s[i..].to_owned()) };
    let mut rest = if name.starts_with("Batch") { after_word(&after_word(&name)) } else { after_word(&name) };
    while rest.starts_with("And") && rest[3..].starts_with(|c: char| c.is_ascii_uppercase()) {
        rest = after_word(&rest[3..]);
    }
    rest
}

/// The name of the struct for field `wire` (an item of it when `item`) inside struct `parent`.
/// A generic word names it after what the operation acts on (`Data` of `DescribeApplicationConfig`
/// is `ApplicationConfig`, an item of `Data` of `ListApplications` an `Application`) at the top of
/// a request or response, and after its parent deeper down (`ApplicationConfigData`).
pub fn struct_name(wire: &str, item: bool, parent: &str, noun: &str) -> String {
    let plain = if item { item_type_name(wire) } else { type_name(wire) };
    if !GENERIC_WORDS.contains(&type_name(wire).as_str()) {
        return plain;
    }
    let top = parent.ends_with("Request") || parent.ends_with("Response");
    if top && !noun.is_empty() {
        return if item { item_type_name(noun) } else { noun.to_owned() };
    }
    format!("{}{plain}", prefix_for(parent))
}

/// Words that name a value set only by what kind of word it is (`Type`, `Status`).
const GENERIC_ENUM_WORDS: &[&str] = &["Type", "Status", "State", "Kind", "Mode", "Level", "Category"];

/// The name of the enum of field `wire` inside struct `parent`: its own name, unless that is only
/// a kind of word (`Type`), then with whose it is before it (`ScRuleType`, or the operation's
/// noun at the top of a request or response).
pub fn enum_name(wire: &str, item: bool, parent: &str, noun: &str) -> String {
    let plain = if item { item_type_name(wire) } else { type_name(wire) };
    if !GENERIC_ENUM_WORDS.contains(&plain.as_str()) {
        return plain;
    }
    let top = parent.ends_with("Request") || parent.ends_with("Response");
    let owner = if top && !noun.is_empty() { noun.to_owned() } else { prefix_for(parent) };
    let owner = owner.strip_suffix("Item").filter(|o| !o.is_empty()).unwrap_or(&owner).to_owned();
    format!("{owner}{plain}")
}

/// The prefix that tells a nested type apart: its parent's name, without the `Request` or
/// `Response` of the operation's own types.
pub fn prefix_for(parent: &str) -> String {
    parent.strip_suffix("Response").or_else(|| parent.strip_suffix("Request")).filter(|p| !p.is_empty()).unwrap_or(parent).to_owned()
}

/// Hands out names unique within one scope, adding `2`, `3`, ... on collision.
#[derive(Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn with(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        (2..).map(|n| format!("{wanted}{n}")).find(|c| self.taken.insert(c.clone())).expect("some suffix is free")
    }

    /// Like `claim`, but on collision tries `prefix + wanted` first; a prefix that ends with the
    /// wanted name would double it (`MetricMetric`), so `prefix + Item` is tried instead.
    pub fn claim_prefixed(&mut self, wanted: String, prefix: &str) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        if prefix.ends_with(wanted.as_str()) {
            return self.claim(format!("{prefix}Item"));
        }
        self.claim(format!("{prefix}{wanted}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_words_name_a_type_after_what_the_operation_acts_on() {
        assert_eq!(operation_noun("DescribeApplicationConfig"), "ApplicationConfig");
        assert_eq!(operation_noun("BatchStartApplications"), "Applications");
        assert_eq!(operation_noun("AbortAndRollbackChangeOrder"), "ChangeOrder");
        assert_eq!(struct_name("Data", false, "DescribeApplicationConfigResponse", "ApplicationConfig"), "ApplicationConfig");
        assert_eq!(struct_name("Data", true, "ListApplicationsResponse", "Applications"), "Application");
        assert_eq!(struct_name("Data", false, "Instance", "Instances"), "InstanceData");
        assert_eq!(struct_name("Containers", true, "ApplicationConfig", "x"), "Container");
        assert_eq!(enum_name("Type", false, "ScRuleItem", "GreyTagRoute"), "ScRuleType");
        assert_eq!(enum_name("Status", false, "ListChangeOrdersResponse", "ChangeOrders"), "ChangeOrdersStatus");
        assert_eq!(enum_name("Spec", false, "Container", "x"), "Spec");
        let mut scope = Scope::default();
        assert_eq!(scope.claim_prefixed("Metric".into(), "Metric"), "Metric");
        assert_eq!(scope.claim_prefixed("Metric".into(), "Metric"), "MetricItem", "no doubled words");
    }

    #[test]
    fn naming_table() {
        let table: Vec<(&str, String)> = vec![
            ("ACRImageInfo", field_name("ACRImageInfo")),
            ("IsACRImage", field_name("IsACRImage")),
            ("type", field_name("type")),
            ("edge_app_id", field_name("edge_app_id")),
            ("ACRImageInfo", type_name("ACRImageInfo")),
            ("Containers", item_type_name("Containers")),
            ("Policies", item_type_name("Policies")),
            ("Address", item_type_name("Address")),
            ("1C2G", variant_name("1C2G")),
            ("0.5G", variant_name("0.5G")),
            ("tcpSocket", variant_name("tcpSocket")),
            ("InvalidParameter.Name", error_variant_name("InvalidParameter.Name")),
            ("InvalidParameter.appid", error_variant_name("InvalidParameter.appid")),
        ];
        let rendered: Vec<String> = table.iter().map(|(w, r)| format!("{w} -> {r}")).collect();
        assert_eq!(
            rendered,
            [
                "ACRImageInfo -> acr_image_info",
                "IsACRImage -> is_acr_image",
                "type -> type_",
                "edge_app_id -> edge_app_id",
                "ACRImageInfo -> AcrImageInfo",
                "Containers -> Container",
                "Policies -> Policy",
                "Address -> AddressItem",
                "1C2G -> V1C2G",
                "0.5G -> V0_5G",
                "tcpSocket -> TcpSocket",
                "InvalidParameter.Name -> InvalidParameterName",
                "InvalidParameter.appid -> InvalidParameterAppid",
            ]
        );
        let mut scope = Scope::with(&["Request"]);
        assert_eq!(scope.claim("Request".into()), "Request2");
        assert_eq!(scope.claim_prefixed("Name".into(), "Container"), "Name");
        assert_eq!(scope.claim_prefixed("Name".into(), "Container"), "ContainerName");
    }
}
