//! One document -> one [`Page`]: which operation it documents, its request fields, response
//! fields and error codes, located.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use super::fields::{self, Field, FieldRow, FieldType};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, CodeBlock, Document, Form, Table};
use crate::lexicon::{self, Column, Language, Section};

/// What one page documents.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Page {
    pub file: String,
    pub form: Form,
    pub language: Language,
    /// Product code from the authorization table (`esa`).
    pub product: Option<String>,
    pub operation: String,
    pub operation_line: u32,
    pub summary: Option<(String, u32)>,
    pub request: Vec<Field>,
    pub response: Vec<Field>,
    /// Whether `response` came from a table (true) or from the example alone (false).
    pub response_from_table: bool,
    pub response_example: Option<(Value, u32)>,
    pub errors: Vec<ErrorRow>,
}

/// One row of an error-code table.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ErrorRow {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub description: String,
    pub line: u32,
}

static AUTH_ACTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([a-z][a-z0-9\-]*):([A-Z][A-Za-z0-9]+)").expect("valid regex"));
static TITLE_ACTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^:：]{2,80}[:：]\s*([A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+)$").expect("valid regex"));

/// Reads the page a document holds; `None` (with an error diagnostic) when it names no operation.
pub fn interpret(doc: &Document, diags: &mut Diagnostics) -> Option<Page> {
    let file = doc.file.as_str();
    let text_of_page: String = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading { text, .. } | Block::Text { text, .. } => text.clone(),
            Block::Table(t) => t.rows.iter().flat_map(|r| r.cells.clone()).collect::<Vec<_>>().join(" "),
            Block::Code(_) => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let language = lexicon::detect_language(&text_of_page);

    let mut section: Option<Section> = None;
    let mut title: Option<(String, u32)> = None;
    let mut auth: Option<(String, String, u32)> = None;
    let mut summary: Option<(String, u32)> = None;
    let mut request_rows: Option<Vec<FieldRow>> = None;
    let mut response_rows: Option<(Vec<FieldRow>, u32)> = None;
    let mut response_example: Option<(Value, u32)> = None;
    let mut errors = Vec::new();
    let mut seen_heading = false;

    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } => {
                section = lexicon::section(text);
                seen_heading = true;
            }
            Block::Text { line, text } => {
                if title.is_none() {
                    if let Some(m) = TITLE_ACTION.captures(text) {
                        title = Some((m[1].to_owned(), *line));
                        continue;
                    }
                }
                if !seen_heading && is_summary_candidate(text) {
                    summary = Some((text.clone(), *line));
                }
            }
            Block::Table(table) => {
                let columns: Vec<Option<Column>> = table.header.iter().map(|h| lexicon::column(h)).collect();
                let has = |c: Column| columns.contains(&Some(c));
                if has(Column::ErrorCode) {
                    errors.extend(error_rows(file, table, &columns, diags));
                } else if has(Column::Operation) && has(Column::AccessLevel) {
                    if let Some((product, action, line)) = table.rows.iter().find_map(|r| {
                        r.cells.iter().find_map(|c| AUTH_ACTION.captures(c)).map(|m| (m[1].to_owned(), lexicon::strip_access_level(&m[2]).to_owned(), r.line))
                    }) {
                        auth = Some((product, action, line));
                    }
                } else if has(Column::Name) && has(Column::Type) {
                    let rows = field_rows(file, table, &columns, diags);
                    let is_response = match section {
                        Some(Section::ResponseParameters) => true,
                        Some(Section::RequestParameters) => false,
                        _ => !has(Column::Required),
                    };
                    if is_response {
                        response_rows.get_or_insert_with(|| (Vec::new(), table.line)).0.extend(rows);
                    } else {
                        request_rows.get_or_insert_with(Vec::new).extend(rows);
                    }
                } else {
                    diags.warning(Location::line(file, table.line), "unknown-table", format!("table with header `{}` is not a parameter, response or error table; its {} rows were not read", table.header.join(" | "), table.rows.len()));
                }
            }
            Block::Code(code) => {
                if let Some(value) = example_json(file, code, diags) {
                    let is_response = matches!(section, Some(Section::Examples | Section::SuccessExample | Section::ResponseParameters));
                    if is_response && response_example.is_none() {
                        response_example = Some((value, code.line));
                    } else {
                        diags.note(Location::line(file, code.line), "unused-example", "a JSON example outside the response-example section was not used");
                    }
                }
            }
        }
    }

    let (operation, operation_line, product) = match (&auth, &title) {
        (Some((product, action, line)), Some((title_action, title_line))) => {
            if action != title_action {
                diags.warning(Location::line(file, *title_line), "operation-mismatch", format!("the title names `{title_action}` but the authorization table names `{action}`; using `{action}`"));
            }
            (action.clone(), *line, Some(product.clone()))
        }
        (Some((product, action, line)), None) => (action.clone(), *line, Some(product.clone())),
        (None, Some((action, line))) => (action.clone(), *line, None),
        (None, None) => {
            diags.error(Location::file(file), "no-operation", "expected the operation name in a title (`Product:OperationName`) or an authorization table (`product:OperationName`); the page was skipped");
            return None;
        }
    };

    let request = match request_rows {
        Some(rows) => fields::nest(file, rows, Vec::new(), diags),
        None => {
            diags.note(Location::file(file), "no-request-table", "no request parameter table: the operation takes no parameters");
            Vec::new()
        }
    };
    let example_value = response_example.as_ref().map(|(v, _)| v.clone());
    let (response, response_from_table) = match (response_rows, &response_example) {
        (Some((rows, line)), _) => {
            let fields = fields::nest(file, rows, example_value.into_iter().collect(), diags);
            if let Some((example, example_line)) = &response_example {
                cross_check_response(file, line, *example_line, &fields, example, diags);
            }
            (fields, true)
        }
        (None, Some((example, line))) => {
            diags.note(Location::line(file, *line), "response-from-example", "no response table: response fields were recovered from the JSON example");
            (fields::from_example(example, *line), false)
        }
        (None, None) => {
            diags.warning(Location::file(file), "no-response", "neither a response table nor a JSON response example: the response schema is empty");
            (Vec::new(), false)
        }
    };

    Some(Page { file: file.to_owned(), form: doc.form, language, product, operation, operation_line, summary, request, response, response_from_table, response_example, errors })
}

/// Prose before the first section is boilerplate except for the one sentence that says what the
/// operation does.
fn is_summary_candidate(text: &str) -> bool {
    let boilerplate = ["All Products", "Search", "Document Center", "Last Updated"];
    text.chars().count() > 8 && !boilerplate.iter().any(|b| text.starts_with(b))
}

fn cell<'a>(row: &'a [String], columns: &[Option<Column>], column: Column) -> &'a str {
    columns.iter().position(|c| *c == Some(column)).and_then(|i| row.get(i)).map_or("", |s| s.trim())
}

fn field_rows(file: &str, table: &Table, columns: &[Option<Column>], diags: &mut Diagnostics) -> Vec<FieldRow> {
    let has_required = columns.contains(&Some(Column::Required));
    let mut out = Vec::new();
    for row in &table.rows {
        let mut cells = row.cells.clone();
        // Pipe forms drop the empty name cell of an array item (`object | 是 | 单个容器对象 | ||`):
        // a type word in the name column followed by a required value or nothing shows the shift.
        let name_cell = cell(&cells, columns, Column::Name);
        let type_cell = cell(&cells, columns, Column::Type);
        if FieldType::parse(name_cell).is_some() && FieldType::parse(type_cell).is_none() {
            let name_at = columns.iter().position(|c| *c == Some(Column::Name)).unwrap_or(0);
            cells.insert(name_at, String::new());
            if let Some(dropped) = cells.pop().filter(|d| !d.trim().is_empty()) {
                diags.warning(Location::line(file, row.line), "extra-cell", format!("nameless row has one cell too many; dropped `{dropped}`"));
            }
        }
        if cells.len() != columns.len() {
            diags.warning(Location::line(file, row.line), "cell-count", format!("expected {} cells, found {}: `{}`", columns.len(), cells.len(), cells.join(" | ")));
        }
        let required_cell = cell(&cells, columns, Column::Required);
        let required = lexicon::required_value(required_cell);
        if has_required && required.is_none() && !required_cell.is_empty() {
            diags.warning(Location::line(file, row.line), "required-value", format!("expected Yes/No or 是/否 in the required column, found `{required_cell}`; required is unknown"));
        }
        out.push(FieldRow {
            line: row.line,
            name: cell(&cells, columns, Column::Name).to_owned(),
            ty: cell(&cells, columns, Column::Type).to_owned(),
            required,
            description: cell(&cells, columns, Column::Description).to_owned(),
            example: cell(&cells, columns, Column::Example).to_owned(),
        });
    }
    out
}

fn error_rows(file: &str, table: &Table, columns: &[Option<Column>], diags: &mut Diagnostics) -> Vec<ErrorRow> {
    let mut out = Vec::new();
    for row in &table.rows {
        let status_cell = cell(&row.cells, columns, Column::Status);
        let code = cell(&row.cells, columns, Column::ErrorCode);
        let Ok(status) = status_cell.parse::<u16>() else {
            diags.error(Location::line(file, row.line), "error-status", format!("expected an HTTP status code for error `{code}`, found `{status_cell}`; row skipped"));
            continue;
        };
        if code.is_empty() {
            diags.error(Location::line(file, row.line), "error-code", "error row without an error code; row skipped");
            continue;
        }
        out.push(ErrorRow {
            status,
            code: code.to_owned(),
            message: cell(&row.cells, columns, Column::ErrorMessage).to_owned(),
            description: cell(&row.cells, columns, Column::Description).to_owned(),
            line: row.line,
        });
    }
    out
}

fn example_json(file: &str, code: &CodeBlock, diags: &mut Diagnostics) -> Option<Value> {
    match serde_json::from_str(&code.text) {
        Ok(value) => Some(value),
        Err(e) => {
            diags.error(Location::line(file, code.line + e.line().saturating_sub(1) as u32), "bad-example", format!("JSON example does not parse: {e}"));
            None
        }
    }
}

fn cross_check_response(file: &str, table_line: u32, example_line: u32, fields: &[Field], example: &Value, diags: &mut Diagnostics) {
    let Some(object) = example.as_object() else { return };
    for field in fields {
        if !object.contains_key(&field.name) {
            diags.warning(Location::line(file, field.line), "response-not-in-example", format!("response field `{}` is not in the JSON example (line {example_line})", field.name));
        }
    }
    for key in object.keys() {
        if !fields.iter().any(|f| &f.name == key) {
            diags.warning(Location::line(file, example_line), "example-not-in-table", format!("the JSON example has `{key}`, which the response table (line {table_line}) does not list"));
        }
    }
}
