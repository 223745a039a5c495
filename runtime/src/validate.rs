//! Client-side checks of the constraints the API reference documents (lengths, ranges, item
//! counts), run by generated code before anything is signed or sent.
//!
//! Each check names the field by its wire name, so the message matches the vendor's documentation.

/// A request field that breaks a documented constraint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {message}")]
pub struct ValidationError {
    field: String,
    message: String,
}

impl ValidationError {
    /// A field and what is wrong with it, as a lowercase phrase without a trailing period.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A required field that was never set (for builders that check at `build()`).
    pub fn missing(field: impl Into<String>) -> Self {
        Self::new(field, "is required but was not set")
    }

    /// The field's wire name.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with the field.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Checks a string's length in characters (Unicode scalar values, not bytes), the unit the
/// vendors' length limits use.
pub fn length(
    field: &str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ValidationError> {
    let len = value.chars().count() as u64;
    check_count(field, len, min, max, "long", ("character", "characters"))
}

/// Checks the number of items in a list.
pub fn items(
    field: &str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ValidationError> {
    check_count(field, len as u64, min, max, "", ("item", "items"))
}

/// Checks a number against inclusive bounds. `NaN` fails whenever there is a bound, because it
/// cannot be within one.
pub fn range(
    field: &str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), ValidationError> {
    let below = min.is_some_and(|min| value.is_nan() || value < min);
    let above = max.is_some_and(|max| value.is_nan() || value > max);
    if !below && !above {
        return Ok(());
    }
    // `f64`'s `Display` prints whole numbers without `.0`, so integer limits read naturally.
    let bound = match (min, max) {
        (Some(min), Some(max)) if min == max => format!("must be {min}"),
        (Some(min), Some(max)) => format!("must be between {min} and {max}"),
        (Some(min), None) => format!("must be at least {min}"),
        (None, Some(max)) => format!("must be at most {max}"),
        (None, None) => unreachable!("a value outside no bounds"),
    };
    Err(ValidationError::new(field, format!("{bound}, got {value}")))
}

/// The shared wording of [`length`] and [`items`]: "must be 6 to 128 characters long" and
/// "must have 1 to 10 items".
fn check_count(
    field: &str,
    count: u64,
    min: Option<u64>,
    max: Option<u64>,
    adjective: &str,
    (singular, plural): (&str, &str),
) -> Result<(), ValidationError> {
    let below = min.is_some_and(|min| count < min);
    let above = max.is_some_and(|max| count > max);
    if !below && !above {
        return Ok(());
    }
    let unit = |n: u64| if n == 1 { singular } else { plural };
    let bound = match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min} {}", unit(min)),
        (Some(min), Some(max)) => format!("{min} to {max} {}", unit(max)),
        (Some(min), None) => format!("at least {min} {}", unit(min)),
        (None, Some(max)) => format!("at most {max} {}", unit(max)),
        (None, None) => unreachable!("a count outside no bounds"),
    };
    let message = if adjective.is_empty() {
        format!("must have {bound}, got {count}")
    } else {
        format!("must be {bound} {adjective}, got {count}")
    };
    Err(ValidationError::new(field, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(result: Result<(), ValidationError>) -> String {
        match result {
            Ok(()) => "ok".to_owned(),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn length_messages() {
        let cases: &[(&str, Option<u64>, Option<u64>, &str)] = &[
            (
                "abc",
                Some(6),
                Some(128),
                "invalid `Name`: must be 6 to 128 characters long, got 3",
            ),
            ("abcdef", Some(6), Some(128), "ok"),
            (
                "",
                Some(1),
                None,
                "invalid `Name`: must be at least 1 character long, got 0",
            ),
            (
                "abcd",
                None,
                Some(3),
                "invalid `Name`: must be at most 3 characters long, got 4",
            ),
            (
                "ab",
                Some(4),
                Some(4),
                "invalid `Name`: must be exactly 4 characters long, got 2",
            ),
            (
                "ab",
                Some(1),
                Some(1),
                "invalid `Name`: must be exactly 1 character long, got 2",
            ),
            // Four characters, twelve bytes: limits count characters.
            ("站点名称", None, Some(4), "ok"),
            (
                "站点名称!",
                None,
                Some(4),
                "invalid `Name`: must be at most 4 characters long, got 5",
            ),
            ("anything", None, None, "ok"),
        ];
        for (value, min, max, expected) in cases {
            assert_eq!(
                message(length("Name", value, *min, *max)),
                *expected,
                "{value:?}"
            );
        }
    }

    #[test]
    fn range_messages() {
        let cases: &[(f64, Option<f64>, Option<f64>, &str)] = &[
            (
                0.0,
                Some(1.0),
                Some(100.0),
                "invalid `PageSize`: must be between 1 and 100, got 0",
            ),
            (
                101.0,
                Some(1.0),
                Some(100.0),
                "invalid `PageSize`: must be between 1 and 100, got 101",
            ),
            (1.0, Some(1.0), Some(100.0), "ok"),
            (100.0, Some(1.0), Some(100.0), "ok"),
            (
                0.5,
                Some(1.0),
                None,
                "invalid `PageSize`: must be at least 1, got 0.5",
            ),
            (
                2.5,
                None,
                Some(2.25),
                "invalid `PageSize`: must be at most 2.25, got 2.5",
            ),
            (
                3.0,
                Some(2.0),
                Some(2.0),
                "invalid `PageSize`: must be 2, got 3",
            ),
            (
                f64::NAN,
                Some(1.0),
                None,
                "invalid `PageSize`: must be at least 1, got NaN",
            ),
            (f64::NAN, None, None, "ok"),
        ];
        for (value, min, max, expected) in cases {
            assert_eq!(
                message(range("PageSize", *value, *min, *max)),
                *expected,
                "{value}"
            );
        }
    }

    #[test]
    fn items_messages() {
        let cases: &[(usize, Option<u64>, Option<u64>, &str)] = &[
            (
                0,
                Some(1),
                Some(10),
                "invalid `Tags`: must have 1 to 10 items, got 0",
            ),
            (
                11,
                Some(1),
                Some(10),
                "invalid `Tags`: must have 1 to 10 items, got 11",
            ),
            (
                0,
                Some(1),
                None,
                "invalid `Tags`: must have at least 1 item, got 0",
            ),
            (
                3,
                None,
                Some(2),
                "invalid `Tags`: must have at most 2 items, got 3",
            ),
            (
                2,
                None,
                Some(1),
                "invalid `Tags`: must have at most 1 item, got 2",
            ),
            (5, Some(1), Some(10), "ok"),
        ];
        for (len, min, max, expected) in cases {
            assert_eq!(message(items("Tags", *len, *min, *max)), *expected, "{len}");
        }
    }

    #[test]
    fn missing_and_accessors() {
        let err = ValidationError::missing("SiteId");
        assert_eq!(
            err.to_string(),
            "invalid `SiteId`: is required but was not set"
        );
        assert_eq!(err.field(), "SiteId");
        assert_eq!(err.message(), "is required but was not set");
    }
}
