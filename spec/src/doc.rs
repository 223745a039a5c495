//! The document model between readers and the interpreter: what a page says, in order, with
//! where each piece was found. Readers produce it; nothing after it knows the page's form.

use serde::Serialize;

use crate::diag::Location;

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
    /// A saved HTML page. It keeps no lines: its blocks and rows are numbered in document order and
    /// [`Document::location`] names them by heading, table and row.
    Html,
    /// Every table cell on a line of its own, often with blank lines between, and no row delimiter.
    CellPerLine,
    /// Every table cell on a line of its own ending in ` |`; a row starts with `| ` and its first
    /// cell, with a bare `|`, or with nothing; empty cells are `|`, `||`, `|||`.
    PipeLines,
    /// Markdown as vendor sites export it: `#` headings, fenced code, pipe tables with a
    /// separator line.
    Markdown,
    /// Rows of older reference pages: the short cells (name, type, location, required, example)
    /// on one line separated by spaces, the description on the lines below.
    SpaceSeparated,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::RunTogether => "run-together cells",
            Form::PipeTable => "pipe tables",
            Form::PdfText => "PDF text",
            Form::Html => "HTML",
            Form::CellPerLine => "one cell per line",
            Form::PipeLines => "pipe-delimited cell lines",
            Form::SpaceSeparated => "space-separated rows",
            Form::Markdown => "Markdown",
        }
    }

    /// Whether the form's `line` numbers are lines of the document (every form but HTML).
    pub fn has_lines(self) -> bool {
        self != Form::Html
    }
}

/// A whole document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    /// The name diagnostics and `x-source` use for this document.
    pub file: String,
    pub form: Form,
    pub blocks: Vec<Block>,
    /// The form each table was read in (by the line of its header): pages mix forms.
    #[serde(skip)]
    pub table_forms: Vec<(u32, Form)>,
}

impl Document {
    /// Where the block or row numbered `line` is, for diagnostics: the line for text forms; for HTML,
    /// which keeps no lines, the heading, table and row (`heading `请求参数` / table 2 / row 5`).
    pub fn location(&self, line: u32) -> Location {
        if self.form.has_lines() {
            return Location::line(&self.file, line);
        }
        let mut heading: Option<&str> = None;
        let mut tables = 0;
        let mut context = None;
        for block in &self.blocks {
            if block.line() > line {
                break;
            }
            let under = |what: String| match heading {
                Some(h) => format!("heading `{h}` / {what}"),
                None => what,
            };
            match block {
                Block::Heading { text, line: at } => {
                    heading = Some(text);
                    if *at == line {
                        context = Some(format!("heading `{text}`"));
                    }
                }
                Block::Text { text, line: at } if *at == line => context = Some(under(format!("text `{}`", short(text)))),
                Block::Code(code) if code.line == line => context = Some(under("code example".to_owned())),
                Block::Table(table) => {
                    tables += 1;
                    if table.line == line {
                        context = Some(under(format!("table {tables} header")));
                    }
                    if let Some(n) = table.rows.iter().position(|r| r.line == line) {
                        context = Some(under(format!("table {tables} / row {}", n + 1)));
                    }
                }
                _ => {}
            }
        }
        Location { file: self.file.clone(), line: None, context }
    }
}

fn short(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push_str("...");
    }
    out
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
