//! Constraints stated in prose, in English, Simplified and Traditional Chinese: lengths, ranges,
//! value lists and defaults.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::{Field, FieldType};
use crate::diag::{Diagnostics, Location};

/// What a description says about the values a field takes.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    /// Documented values, in document order.
    pub values: Vec<String>,
    pub default: Option<String>,
    /// The description announces a list of values (`取值如下:`) that the conversion dropped.
    pub lost_list: bool,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static LENGTH: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"(\d+) to (\d+) characters"),
        re(r"between (\d+) and (\d+) characters"),
        re(r"[长長]度(?:为|為|在)?\s*[:：]?\s*(\d+)\s*[~～\-至到]\s*(\d+)"),
        re(r"(\d+)\s*[~～\-至到]\s*(\d+)\s*个?個?字符"),
    ]
});
static MAX_LENGTH: LazyLock<Vec<Regex>> =
    LazyLock::new(|| vec![re(r"(?:at most|up to|cannot exceed|no more than) (\d+) characters"), re(r"不(?:超过|超過)\s*(\d+)\s*个?個?字符")]);
static RANGE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"range of (-?\d+)\s*(?:-|to)\s*(-?\d+)"),
        re(r"[Vv]alid values?: (-?\d+) to (-?\d+)"),
        re(r"取值(?:范围|範圍)?\s*(?:为|為)?\s*[:：]?\s*(-?\d+)\s*[~～\-至到]\s*(-?\d+)"),
    ]
});
static DEFAULT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"[Dd]efault value(?: is)?[:：]?\s*`?([A-Za-z0-9_.\-]+)"),
        re(r"[Dd]efaults? to `?([A-Za-z0-9_.\-]+)"),
        re(r"[默預预]?[认認]值\s*(?:为|為|是)?\s*[:：]?\s*([A-Za-z0-9_.\-]+)"),
    ]
});
static INLINE_LIST: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        re(r"(?m)[Vv]alid values?(?: are)?:[ \t]*([^\n]+?)\.?$"),
        re(r"取值(?:范围|範圍)\s*[:：]?\s*[(（]([^)）]+)[)）]"),
    ]
});
static LIST_INTRO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:[Vv]alid values?(?: are)?|取值(?:如下|说明如下|說明如下|范围如下|範圍如下)?|支持如下.{0,4}[种種](?:类型|類型)?|包括|[Tt]he following values?)\s*[:：]\s*$"));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9_.\-]+$"));
/// `取值说明如下：timing：定时弹性。metric：监控指标弹性。` (lines joined or not).
static DESCRIBED_INTRO: LazyLock<Regex> = LazyLock::new(|| re(r"取值(?:说明|說明)?如下[:：]"));
/// One `value：meaning` item, bulleted or not (Markdown exports write `- **0**：准备。`).
static DESCRIBED_ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[-•*]\s+)?([A-Za-z0-9_.\-]+)\s*[:：]\s*([^。\n]*)[。\n]?"));

/// A value whose letters the PDF text split apart (`CoRest art Applicat ion：`): a word that
/// starts with a lower-case letter continues the one before it.
static SPLIT_VALUE: LazyLock<Regex> = LazyLock::new(|| re(r"([A-Za-z0-9_]) ([a-z][A-Za-z0-9_]*)"));
/// Another `value：meaning` item: the list did not end where the reading stopped.
static ITEM_LEFT: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:[-•*]\s+)?[A-Za-z0-9_.\-][A-Za-z0-9_.\- ]*[:：]"));

/// The values of a `取值说明如下：` list with the spaces the PDF text put inside them taken out.
fn join_split_values(list: &str) -> String {
    let mut out = String::with_capacity(list.len());
    for item in list.split_inclusive(['。', '\n']) {
        match item.find(['：', ':']) {
            Some(colon) if item[..colon].trim().chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ' ')) => {
                let mut value = item[..colon].trim_end().to_owned();
                while SPLIT_VALUE.is_match(&value) {
                    value = SPLIT_VALUE.replace_all(&value, "$1$2").into_owned();
                }
                out.push_str(&value);
                out.push_str(&item[colon..]);
            }
            _ => out.push_str(item),
        }
    }
    out
}

/// Values listed with their meaning after `取值说明如下：`. Manuals print the values in bold, which
/// their text doubles (`1010：系统异常执行失败`): when every value is doubled, each is halved.
/// A list is read whole or not at all: an item left unread proves nothing about the values.
fn described_values(text: &str) -> Vec<String> {
    let Some(intro) = DESCRIBED_INTRO.find(text) else { return Vec::new() };
    let joined = join_split_values(&text[intro.end()..]);
    let mut rest = joined.as_str();
    let mut values = Vec::new();
    while let Some(m) = DESCRIBED_ITEM.captures(rest) {
        values.push(m[1].to_owned());
        rest = &rest[m.get(0).map_or(rest.len(), |g| g.end())..];
    }
    // `2xx：成功` names a class of values, not a value.
    if values.len() < 2 || values.iter().any(|v| v.contains("xx")) || ITEM_LEFT.is_match(rest) {
        return Vec::new();
    }
    let doubled = |v: &String| v.len().is_multiple_of(2) && v.is_char_boundary(v.len() / 2) && v[..v.len() / 2] == v[v.len() / 2..];
    if values.iter().all(doubled) {
        values = values.iter().map(|v| v[..v.len() / 2].to_owned()).collect();
    }
    values
}

/// Reads the constraints of a field of type `ty` from its description.
pub fn constraints_of(description: &str, ty: &FieldType) -> Constraints {
    let mut c = Constraints::default();
    let text = description.trim();
    match ty {
        FieldType::String => {
            if let Some((min, max)) = first_pair(&LENGTH, text) {
                c.min_length = min.parse().ok();
                c.max_length = max.parse().ok();
            } else if let Some(m) = MAX_LENGTH.iter().find_map(|r| r.captures(text)) {
                c.max_length = m[1].parse().ok();
            }
            c.values = value_list(text);
        }
        FieldType::Integer | FieldType::Long | FieldType::Number => {
            if let Some((min, max)) = first_pair(&RANGE, text) {
                c.minimum = min.parse().ok();
                c.maximum = max.parse().ok();
            }
            let listed = described_values(text);
            if listed.iter().all(|v| v.parse::<i64>().is_ok()) {
                c.values = listed;
            }
        }
        _ => {}
    }
    c.default = DEFAULT.iter().find_map(|r| r.captures(text)).map(|m| m[1].trim_end_matches('.').to_owned()).filter(|d| match ty {
        FieldType::Integer | FieldType::Long => d.parse::<i64>().is_ok(),
        FieldType::Number => d.parse::<f64>().is_ok(),
        FieldType::Boolean => d == "true" || d == "false",
        _ => true,
    });
    c.lost_list = c.values.is_empty() && text.lines().any(|l| LIST_INTRO.is_match(l.trim())) && !text.lines().any(is_bullet);
    c
}

/// The constraints of a documented field, its value list checked against its documented example:
/// a list is kept only when the example is one of its values. A bold value the text printed twice
/// (`OROR` where the example is `OR`) is halved when the example proves it. A list the example
/// contradicts is dropped with a diagnostic: the field stays a string.
pub fn of_field(file: &str, field: &Field, path: &str, diags: &mut Diagnostics) -> Constraints {
    let mut c = constraints_of(&field.description, &field.ty);
    // A length in the type cell (`String(1-32)`).
    static TYPE_LENGTH: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d+)\s*[-~～]\s*(\d+)$"));
    if let Some(m) = super::fields::type_remark(&field.raw_type).filter(|_| field.ty == FieldType::String && c.max_length.is_none()).and_then(|(_, remark)| TYPE_LENGTH.captures(remark.trim())) {
        c.min_length = m[1].parse().ok();
        c.max_length = m[2].parse().ok();
    }
    let Some(example) = field.example.as_deref().map(str::trim).filter(|e| !e.is_empty() && !e.starts_with(['{', '['])) else { return c };
    if c.values.is_empty() || c.values.iter().any(|v| v == example) {
        return c;
    }
    let doubled = |v: &String| v.len() == 2 * example.len() && v.starts_with(example) && v.ends_with(example);
    if let Some(v) = c.values.iter_mut().find(|v| doubled(v)) {
        *v = example.to_owned();
        return c;
    }
    diags.warning(
        Location::line(file, field.line),
        "enum-example-not-member",
        format!("`{path}` lists the values {} but its example is `{example}`; the list was not taken as an enum", c.values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")),
    );
    c.values.clear();
    c
}

fn first_pair(patterns: &[Regex], text: &str) -> Option<(String, String)> {
    patterns.iter().find_map(|r| r.captures(text)).map(|m| (m[1].to_owned(), m[2].to_owned()))
}

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('•') || t.starts_with("- ") || t.starts_with("* ")
}

/// Values listed inline (`Valid values: 1C2G, 2C4G, and 8C32G.`, `取值范围(0.5G | 10G)`) or as
/// bullets after an introduction (`• exec: the command type.`).
fn value_list(text: &str) -> Vec<String> {
    for pattern in INLINE_LIST.iter() {
        for m in pattern.captures_iter(text) {
            let list = &m[1];
            let values: Vec<String> = list
                .split([',', '|', '、', '，'])
                .map(|v| v.trim().trim_start_matches("and ").trim_start_matches("or ").trim().trim_end_matches('.').trim_matches('`').to_owned())
                .filter(|v| !v.is_empty())
                .collect();
            if values.len() >= 2 && values.iter().all(|v| TOKEN.is_match(v)) {
                return values;
            }
        }
    }
    let listed = described_values(text);
    if listed.len() >= 2 {
        return listed;
    }
    let mut values = Vec::new();
    let mut after_intro = false;
    for line in text.lines() {
        if LIST_INTRO.is_match(line.trim()) {
            after_intro = true;
            continue;
        }
        if after_intro && is_bullet(line) {
            let item = line.trim_start().trim_start_matches(['•', '-', '*']).trim();
            let value = item.split([':', '：']).next().unwrap_or("").trim().trim_matches('`');
            if TOKEN.is_match(value) {
                values.push(value.to_owned());
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_length_in_the_type_cell_bounds_the_string() {
        let field = |raw: &str, description: &str| Field {
            name: "origNum".into(),
            ty: FieldType::String,
            raw_type: raw.into(),
            required: None,
            description: description.into(),
            example: None,
            line: 1,
            children: Vec::new(),
            reference: None,
            also_at: Vec::new(),
            written: None,
        };
        let mut diags = Diagnostics::default();
        let c = of_field("p", &field("String(1-32)", "The A number."), "origNum", &mut diags);
        assert_eq!((c.min_length, c.max_length), (Some(1), Some(32)));
        // A remark that is no length, and a length the description states, win over nothing.
        assert_eq!(of_field("p", &field("String(枚举)", ""), "x", &mut diags).max_length, None);
        assert_eq!(of_field("p", &field("String(1-32)", "长度为1~16个字符。"), "x", &mut diags).max_length, Some(16));
        assert_eq!(crate::interpret::fields::type_of("String(1-32)").map(|t| t.0), Some(FieldType::String));
        assert!(crate::interpret::fields::type_remark("Array(1-3)").is_none());
        // Unions: `null` makes a value optional; several kinds are any JSON value.
        assert_eq!(crate::interpret::fields::type_of("integer / null").map(|t| t.0), Some(FieldType::Integer));
        assert_eq!(crate::interpret::fields::type_of("string / string[] / null"), Some((FieldType::Object, None, None)));
    }

    #[test]
    fn prose_becomes_constraints_in_three_languages() {
        let s = FieldType::String;
        let i = FieldType::Integer;
        let cases: Vec<(&str, &FieldType, Constraints)> = vec![
            ("The version name, which must be 6 to 128 characters in length.", &s, Constraints { min_length: Some(6), max_length: Some(128), ..Default::default() }),
            ("版本名称,长度6~128。", &s, Constraints { min_length: Some(6), max_length: Some(128), ..Default::default() }),
            ("發布比例。取值:1~100,默認值:100。", &i, Constraints { minimum: Some(1), maximum: Some(100), default: Some("100".into()), ..Default::default() }),
            ("Percentage, in the range of 1-100.", &i, Constraints { minimum: Some(1), maximum: Some(100), ..Default::default() }),
            (
                "The compute specification. Valid values: 1C2G, 2C4G, and 8C32G.",
                &s,
                Constraints { values: vec!["1C2G".into(), "2C4G".into(), "8C32G".into()], ..Default::default() },
            ),
            ("容器规格,取值范围(1C2G | 2C4G | 8C32G)。", &s, Constraints { values: vec!["1C2G".into(), "2C4G".into(), "8C32G".into()], ..Default::default() }),
            (
                "The type of the probe. Valid values:\n• exec: the command type.\n• tcpSocket: the TCP probe type.",
                &s,
                Constraints { values: vec!["exec".into(), "tcpSocket".into()], ..Default::default() },
            ),
            ("探针类型,支持如下几种类型:", &s, Constraints { lost_list: true, ..Default::default() }),
            ("發布的環境,取值如下:", &s, Constraints { lost_list: true, ..Default::default() }),
            ("應用 ID。", &s, Constraints::default()),
            ("弹性策略类型。取值说明如下：timing：定时弹性。metric：监控指标弹性。", &s, Constraints { values: vec!["timing".into(), "metric".into()], ..Default::default() }),
            ("批次状态。取值说明如下：00：准备。11：执行中。1010：系统异常执行失败。", &i, Constraints { values: vec!["0".into(), "1".into(), "10".into()], ..Default::default() }),
            ("接口状态。取值说明如下：2xx：成功。4xx：请求错误。", &s, Constraints::default()),
            // Letters the PDF split apart are joined within a value; a list read only in part is no list.
            ("变更类型。取值说明如下：CoBindSlb：绑定SLB。CoCreat eApp：创建应用。", &s, Constraints { values: vec!["CoBindSlb".into(), "CoCreateApp".into()], ..Default::default() }),
            ("取值说明如下：AND：与。OR：或。Not A Value：其他。", &s, Constraints::default()),
        ];
        for (text, ty, expected) in cases {
            assert_eq!(constraints_of(text, ty), expected, "{text}");
        }
    }
}
