//! How generated code turns typed request fields into the flat `(name, value)` parameters of RPC
//! requests (query string or form body), matching the official Alibaba Cloud SDKs.

use super::validate::ValidationError;

/// Request parameters in the order they were added (signers sort them themselves).
///
/// `Debug` shows values: parameters are request data, never credentials, but callers should still
/// not log them wholesale since some APIs take passwords as parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one scalar parameter.
    pub fn push(&mut self, name: &str, value: impl ParamValue) {
        self.0.push((name.to_owned(), value.to_param()));
    }

    /// Adds a parameter when it is set; `None` sends nothing at all, which the APIs read as "not
    /// given" (unlike an empty string).
    pub fn push_opt(&mut self, name: &str, value: Option<impl ParamValue>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// Adds an array or object as one parameter holding its compact JSON, the official SDKs'
    /// `json` style.
    pub fn push_json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let json = serde_json::to_string(value).map_err(|err| {
            ValidationError::new(name, format!("cannot be encoded as json: {err}"))
        })?;
        self.0.push((name.to_owned(), json));
        Ok(())
    }

    /// Adds an array or object as one parameter per leaf, the official SDKs' `flat` (repeat list)
    /// style: list items as `Name.1`, `Name.2` (1-based), object members as `Name.Key`, nested as
    /// `Name.1.Key`. `null` leaves are skipped, like unset fields.
    pub fn push_flat<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationError> {
        let value = serde_json::to_value(value).map_err(|err| {
            ValidationError::new(name, format!("cannot be encoded as parameters: {err}"))
        })?;
        flatten(name.to_owned(), &value, &mut self.0);
        Ok(())
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parameters, in the order they were added.
    pub fn as_slice(&self) -> &[(String, String)] {
        &self.0
    }

    /// The parameters, in the order they were added.
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.0
    }
}

impl From<Params> for Vec<(String, String)> {
    fn from(params: Params) -> Self {
        params.0
    }
}

fn flatten(prefix: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix, b.to_param())),
        Value::Number(n) => out.push((prefix, number_param(n))),
        Value::String(s) => out.push((prefix, s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(format!("{prefix}.{}", i + 1), item, out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                flatten(format!("{prefix}.{key}"), member, out);
            }
        }
    }
}

/// Formats a JSON number the way [`ParamValue`] formats the Rust number it came from.
fn number_param(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_param()
    } else if let Some(u) = n.as_u64() {
        u.to_param()
    } else {
        n.as_f64().map_or_else(|| n.to_string(), |f| f.to_param())
    }
}

/// A value that is sent as one parameter string.
///
/// Floats use Rust's `Display`: the shortest text that reads back as the same number, without a
/// trailing `.0` and without exponents (`1.0` -> `1`, `0.1` -> `0.1`, `1e21` ->
/// `1000000000000000000000`). Python's `str(1.0)` would give `1.0`; we deliberately differ,
/// because the reference documents often type integer parameters as `Float`/`Double`, and `1` is
/// accepted by the servers' integer and float parsers alike while `1.0` is not (the official Go SDK,
/// formatting with `%v`, sends `1` too).
pub trait ParamValue {
    /// The parameter's text, before percent-encoding.
    fn to_param(&self) -> String;
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_encoding_table() {
        let cases: Vec<(String, &str)> = vec![
            ("text".to_param(), "text"),
            (String::from("owned").to_param(), "owned"),
            (
                <&String as ParamValue>::to_param(&&String::from("borrowed")),
                "borrowed",
            ),
            ("".to_param(), ""),
            (true.to_param(), "true"),
            (false.to_param(), "false"),
            ((-7i32).to_param(), "-7"),
            (9_007_199_254_740_993i64.to_param(), "9007199254740993"),
            (42u32.to_param(), "42"),
            (u64::MAX.to_param(), "18446744073709551615"),
            (1.0f64.to_param(), "1"),
            (0.1f64.to_param(), "0.1"),
            ((-2.5f64).to_param(), "-2.5"),
            (1e21f64.to_param(), "1000000000000000000000"),
            (1e-7f64.to_param(), "0.0000001"),
            // `f32` keeps its own shortest form instead of widening to 0.10000000149011612.
            (0.1f32.to_param(), "0.1"),
            (3.0f32.to_param(), "3"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn push_keeps_order_and_skips_none() {
        let mut params = Params::new();
        params.push("SiteName", "example.com");
        params.push_opt("PageSize", Some(20));
        params.push_opt("Coverage", None::<&str>);
        params.push_opt("Name", Some(&String::from("x")));
        params.push("Enable", true);
        assert_eq!(
            params.into_vec(),
            vec![
                ("SiteName".to_owned(), "example.com".to_owned()),
                ("PageSize".to_owned(), "20".to_owned()),
                ("Name".to_owned(), "x".to_owned()),
                ("Enable".to_owned(), "true".to_owned()),
            ]
        );
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Tag {
        key: String,
        value: Option<String>,
    }

    fn tags() -> Vec<Tag> {
        vec![
            Tag {
                key: "env".into(),
                value: Some("prod".into()),
            },
            Tag {
                key: "team a".into(),
                value: None,
            },
        ]
    }

    #[test]
    fn json_style_is_one_compact_parameter() {
        let mut params = Params::new();
        params.push_json("Tags", &tags()).unwrap();
        params.push_json("Ids", &[1, 2, 3]).unwrap();
        assert_eq!(
            params.into_vec(),
            vec![
                (
                    "Tags".to_owned(),
                    r#"[{"Key":"env","Value":"prod"},{"Key":"team a","Value":null}]"#.to_owned()
                ),
                ("Ids".to_owned(), "[1,2,3]".to_owned()),
            ]
        );
    }

    #[test]
    fn json_style_reports_unencodable_values() {
        let mut bad = std::collections::BTreeMap::new();
        bad.insert(vec![1u8], 1);
        let err = Params::new().push_json("Map", &bad).unwrap_err();
        assert_eq!(err.field(), "Map");
        assert_eq!(
            err.to_string(),
            "invalid `Map`: cannot be encoded as json: key must be a string"
        );
    }

    #[test]
    fn flat_style_numbers_items_from_one_and_skips_nulls() {
        let mut params = Params::new();
        params.push_flat("Tag", &tags()).unwrap();
        params.push_flat("Ports", &[80.0, 443.5]).unwrap();
        assert_eq!(
            params.into_vec(),
            vec![
                ("Tag.1.Key".to_owned(), "env".to_owned()),
                ("Tag.1.Value".to_owned(), "prod".to_owned()),
                ("Tag.2.Key".to_owned(), "team a".to_owned()),
                ("Ports.1".to_owned(), "80".to_owned()),
                ("Ports.2".to_owned(), "443.5".to_owned()),
            ]
        );
    }
}
