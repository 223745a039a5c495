//! Corrections of documented mistakes: one entry per fix, each with its reason, applied to the
//! scraped spec and reported on every regeneration. Nothing else in a spec is typed by hand.

use serde::Deserialize;
use serde_json::Value;

use crate::openapi::{AppliedOverride, OpenApi};

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// JSON pointer into the spec (`/paths/~1v2~1.../post/...`).
    pub target: String,
    /// The corrected value.
    pub value: Value,
    /// Why the document is wrong here; required.
    pub reason: String,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default, rename = "override")]
    pub entries: Vec<Override>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OverrideError {
    #[error("invalid overrides file `{file}`: {message}")]
    Invalid { file: String, message: String },
    #[error("override target `{target}` does not exist in the spec")]
    MissingTarget { target: String },
    #[error("override of `{target}` has an empty reason")]
    NoReason { target: String },
}

impl Overrides {
    pub fn parse(file: &str, text: &str) -> Result<Self, OverrideError> {
        toml::from_str(text).map_err(|e| OverrideError::Invalid { file: file.to_owned(), message: e.message().to_owned() })
    }

    /// Applies every entry; the spec records each one in `x-doc2sdk.overrides`.
    pub fn apply(&self, spec: &OpenApi) -> Result<OpenApi, OverrideError> {
        let mut value = serde_json::to_value(spec).expect("the spec model always serializes");
        let mut applied = Vec::new();
        for entry in &self.entries {
            if entry.reason.trim().is_empty() {
                return Err(OverrideError::NoReason { target: entry.target.clone() });
            }
            match value.pointer_mut(&entry.target) {
                Some(slot) => *slot = entry.value.clone(),
                None => {
                    // A missing last key is added to its (existing) parent object.
                    let (parent, key) = entry.target.rsplit_once('/').ok_or_else(|| OverrideError::MissingTarget { target: entry.target.clone() })?;
                    let key = key.replace("~1", "/").replace("~0", "~");
                    let parent = value.pointer_mut(parent).and_then(Value::as_object_mut).ok_or_else(|| OverrideError::MissingTarget { target: entry.target.clone() })?;
                    parent.insert(key, entry.value.clone());
                }
            }
            applied.push(AppliedOverride { target: entry.target.clone(), reason: entry.reason.clone() });
        }
        let mut spec: OpenApi = serde_json::from_value(value).map_err(|e| OverrideError::Invalid { file: "overrides".to_owned(), message: e.to_string() })?;
        spec.x_doc2sdk.overrides = applied;
        Ok(spec)
    }
}
