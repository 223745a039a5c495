//! Located diagnostics that accumulate instead of stopping at the first problem.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the reader noticed and handled; kept so nothing is silent.
    Note,
    /// Something in the document is inconsistent or was lost; the spec is still usable.
    Warning,
    /// Part of the document could not be read into the spec.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where in a document something was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// The document, as the user named it (workspace-relative for checked-in documents).
    pub file: String,
    /// 1-based line, when the form keeps lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// A structural position (heading / table / row) for forms without lines, such as HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl Location {
    /// A line in a text document.
    pub fn line(file: &str, line: u32) -> Self {
        Self { file: file.to_owned(), line: Some(line), context: None }
    }

    /// The whole document.
    pub fn file(file: &str) -> Self {
        Self { file: file.to_owned(), line: None, context: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(context) = &self.context {
            write!(f, " ({context})")?;
        }
        Ok(())
    }
}

/// One finding: a stable code, a message saying what was expected, and where.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: Severity,
    /// Kebab-case code, stable across releases (`lost-value-list`, `row-without-table`, ...).
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}[{}]: {}", self.location, self.severity, self.code, self.message)
    }
}

/// An accumulator of diagnostics (serde_derive's `Ctxt`): every stage pushes here and the caller
/// decides what to show; nothing pushed is ever dropped.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, location: Location, severity: Severity, code: &'static str, message: impl Into<String>) {
        self.items.push(Diagnostic { location, severity, code, message: message.into() });
    }

    pub fn note(&mut self, location: Location, code: &'static str, message: impl Into<String>) {
        self.push(location, Severity::Note, code, message);
    }

    pub fn warning(&mut self, location: Location, code: &'static str, message: impl Into<String>) {
        self.push(location, Severity::Warning, code, message);
    }

    pub fn error(&mut self, location: Location, code: &'static str, message: impl Into<String>) {
        self.push(location, Severity::Error, code, message);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Rewrites the locations of every diagnostic (HTML keeps no lines: its numbers become
    /// heading / table / row).
    pub fn relocate(&mut self, mut f: impl FnMut(&Location) -> Location) {
        for d in &mut self.items {
            d.location = f(&d.location);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// All diagnostics, sorted by file, line and code so output is stable.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items
    }
}
