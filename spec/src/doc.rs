//! The document model between readers and the interpreter: what a page says, in order, with
//! where each piece was found. Readers produce it; nothing after it knows the page's form.

use serde::Serialize;

/// The form a document was written in, detected from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// Page text whose table cells were run together (`AppIdstringYes`), descriptions and examples on
    /// the following lines.
    RunTogether,
    /// Markdown-like pipe tables (`AppId | string | 是 | ... |`).
    PipeTable,
    /// Text extracted from a PDF manual: space-separated rows, cells wrapped over lines, page
    /// furniture inside tables, doubled headings.
    PdfText,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::RunTogether => "run-together cells",
            Form::PipeTable => "pipe tables",
            Form::PdfText => "PDF text",
        }
    }
}

/// A whole document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// The name diagnostics and `x-source` use for this document.
    pub file: String,
    pub form: Form,
    pub blocks: Vec<Block>,
}

/// One piece of a document, in document order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// A line the lexicon knows as a section title (`Request parameters`, `请求参数`, ...).
    Heading { line: u32, text: String },
    /// Any other line of prose.
    Text { line: u32, text: String },
    Table(Table),
    Code(CodeBlock),
}

impl Block {
    pub fn line(&self) -> u32 {
        match self {
            Block::Heading { line, .. } | Block::Text { line, .. } => *line,
            Block::Table(table) => table.line,
            Block::Code(code) => code.line,
        }
    }
}

/// A table: its header cells and rows, as the reader found them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    /// Line of the header row.
    pub line: u32,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One table row. A reader that cannot split a row into cells keeps it as a single cell and the
/// interpreter decides what it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<String>,
}

/// A code example (a JSON response, a request sample).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeBlock {
    pub line: u32,
    /// The line before the block that names its format (`JSON`, `JSONformat`, `XML`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
}
