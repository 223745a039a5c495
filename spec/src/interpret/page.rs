//! One document -> one [`Page`]: which operation it documents, its request fields, response
//! fields and error codes, located.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use indexmap::IndexMap;

use super::fields::{self, Field, FieldRow, FieldType};
use super::identity;
use super::rest::{self, Candidate, Component};
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
    /// REST pages: method and path.
    pub http: Option<HttpLine>,
    /// The operation name was not printed and was derived from method and path.
    pub operation_derived: bool,
    /// Which cue named the operation (`title`, `authorization-table`, ... `provisional`).
    pub operation_source: String,
    /// Response rows that are HTTP headers.
    pub response_headers: Vec<Field>,
    /// Tables that document the JSON a string field carries: (field name, fields, line).
    pub content_tables: Vec<(String, Vec<Field>, u32)>,
    /// The request body when it is one value rather than an object of parameters.
    pub binary_body: Option<BinaryBody>,
    /// The date the document states it was updated (`2026-01-13`), and where.
    pub updated: Option<(String, u32)>,
    /// Whether the page says where its request parameters go (a position column, sections per
    /// location); when it does not, their locations were inferred.
    pub locations_stated: bool,
    /// The body parameters travel as a form (`FormData`) rather than JSON.
    pub form_body: bool,
    pub path_params: Vec<Field>,
    pub query_params: Vec<Field>,
    pub header_params: Vec<Field>,
    pub request_example: Option<(Value, u32)>,
    /// Named types the fields refer to, in order of first reference (request side first).
    pub components: IndexMap<String, Component>,
    pub success_status: Option<(u16, u32)>,
    /// The status-code table: (status, description, line).
    pub statuses: Vec<(u16, String, u32)>,
}

/// `POST /v2/{project_id}/edge-apps` as a page prints it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct HttpLine {
    pub method: String,
    pub path: String,
    pub line: u32,
}

impl HttpLine {
    /// A request without a body (GET, DELETE, HEAD) takes its parameters in the query.
    fn has_no_body(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "DELETE" | "HEAD")
    }

    /// An RPC call (`POST /?Action=ListFunctions&Version=...`): the action names the operation,
    /// and the page's tables are an RPC page's, not a REST resource's.
    fn is_rpc(&self) -> bool {
        self.path.split_once('?').is_some_and(|(_, query)| query.split('&').any(|p| p.starts_with("Action=")))
    }
}

/// A request body that is one value (a file, an event's bytes).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BinaryBody {
    /// The row's name, when it has one (`body`).
    pub name: Option<String>,
    pub required: bool,
    pub description: String,
    pub line: u32,
}

/// Whether a type cell names raw bytes (`byte`, `binary`, `byte[]`, `file`).
fn is_binary_type(ty: &str) -> bool {
    matches!(ty.trim().to_ascii_lowercase().as_str(), "byte" | "bytes" | "byte[]" | "binary" | "file" | "stream" | "inputstream")
}

/// One row of an error-code table.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ErrorRow {
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
    pub description: String,
    pub line: u32,
}

/// `POST /path HTTP/1.1`, or glued (`GET/v1/vm/instance`, a path that opens with a lower-case
/// word, so `GET/POST` stays words); `POST|GET /service/open` documents two methods, the first is used. A
/// code sample copied with its block's label and line numbers (`Plain Text1GET /?acl HTTP/1.1
/// 2Host: ...`) is one too, and so is a request whose headers ran onto its line (`POST /?Action=X
/// HTTP/1.1 Host: ...`).
static HTTP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Plain Text|HTTP|Http|Text)\s*)?(?:1\s*)?(GET|POST|PUT|DELETE|PATCH|HEAD)(?:\|(?:GET|POST|PUT|DELETE|PATCH|HEAD))*(?:\s+(?:https?://[^/\s]+)?(/\S*)|(/[a-z0-9{_]\S*))(?:\s+HTTP/1\.[01](?:\s+\S.*)?)?$").expect("valid regex")
});
static HEADER_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$").expect("valid regex"));
pub(super) static NUMBERED_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)+\.?\s*([A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+)$").expect("valid regex"));
static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)*\.").expect("valid regex"));
static PARAM_NOTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([A-Za-z][A-Za-z0-9]*)参数说明$").expect("valid regex"));
static TITLE_ACTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^:：]{2,80}[:：]\s*([A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+)$").expect("valid regex"));

/// Reads the page a document holds; `None` (with an error diagnostic) when it names no operation
/// and has no parameter table. `name` is the operation name the service settings give the
/// document, for pages that print none.
pub fn interpret(doc: &Document, diags: &mut Diagnostics) -> Option<Page> {
    interpret_named(doc, None, diags)
}

/// [`interpret`], with the name the settings give a page that prints none.
pub fn interpret_named(doc: &Document, name: Option<&str>, diags: &mut Diagnostics) -> Option<Page> {
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
    let mut summary: Option<(String, u32)> = None;
    let mut request_rows: Option<Vec<FieldRow>> = None;
    let mut response_rows: Option<(Vec<FieldRow>, u32)> = None;
    let mut response_example: Option<(Value, u32)> = None;
    // The first XML example, which shows the response's structure where no JSON example does.
    let mut xml_example: Option<Value> = None;
    let mut errors = Vec::new();
    let mut seen_heading = false;
    let mut http: Option<HttpLine> = None;
    let mut path_rows: Vec<FieldRow> = Vec::new();
    let mut header_rows: Vec<FieldRow> = Vec::new();
    let mut request_candidates: Vec<Candidate> = Vec::new();
    let mut response_candidates: Vec<Candidate> = Vec::new();
    let mut request_example: Option<(Value, u32)> = None;
    let mut success_status: Option<(u16, u32)> = None;
    let mut statuses: Vec<(u16, String, u32)> = Vec::new();
    let mut summary_section: Option<(String, u32)> = None;
    let mut seen_opening = false;
    let mut seen_response_section = false;
    // Under an error status line: the tables there document the error body.
    let mut error_body = false;
    // Types the response rows name in the notation of types with tables of their own (`ThumbTask
    // object`, `Array of PicInfo objects`) that no untitled table has taken yet, in the order the
    // tables come (depth first).
    let mut open_references: Vec<String> = Vec::new();
    let mut seen_uri_section = false;
    let mut query_rows: Vec<FieldRow> = Vec::new();
    // Parameters listed without types, wherever the request line puts them.
    let mut untyped_rows: Vec<FieldRow> = Vec::new();
    let mut response_header_rows: Vec<FieldRow> = Vec::new();
    let mut content_tables: Vec<(String, Vec<FieldRow>, u32)> = Vec::new();
    let mut binary_body: Option<BinaryBody> = None;
    let mut locations_stated = false;
    // Types the rows read so far refer to, and whether from the response side.
    let mut referenced: Vec<(String, bool)> = Vec::new();
    // A path alone on its line under a label (`URL`), waiting for its method.
    let mut lone_path: Option<String> = None;
    let mut form_body = false;
    let mut states_no_parameters = false;
    let mut last_text: Option<String> = None;
    let mut last_subheading: Option<String> = None;
    // Type names on lines of their own, one over the other, right before a table (`Result`, then
    // `LoadBalancer`): a table whose own title was lost under the next one's.
    let mut stacked_titles: Vec<String> = Vec::new();
    // The table a row announces below it by name, when no caption on the page has that name.
    let mut announced_table: Option<String> = None;
    // The table before this one documented a named type (on the response side or not).
    let mut after_type_table: Option<bool> = None;
    // Every name a table's title gives (`表 2 available_zones`): a row of that name whose type
    // names no table is documented by it.
    let captioned = captioned_names(doc);
    // Tables titled `X参数说明` document the JSON structure of string parameter X.
    let mut param_notes: Vec<(String, Vec<FieldRow>, u32)> = Vec::new();

    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } => {
                if NUMBERED_TITLE.is_match(text) {
                    // A numbered heading of a manual names the operation; it does not change section.
                    continue;
                }
                // A heading that names a type an earlier row refers to (`### Function`, which is
                // also a section's word) titles that type's table; the section goes on.
                if lexicon::is_type_name(text.trim()) && referenced.iter().any(|(n, _)| n == text.trim()) {
                    last_text = Some(text.trim().to_owned());
                    continue;
                }
                // Chapter headings of a manual (`14.发布单`) do not end a section.
                // A heading block is a title: the readers made `Response` one only over a table.
                if let Some(found) = lexicon::section(text).or_else(|| lexicon::bare_section(text)) {
                    section = Some(found);
                    seen_response_section |= found == Section::ResponseParameters;
                    seen_uri_section |= found == Section::Uri;
                } else if NUMBERED_HEADING.is_match(text) {
                    continue;
                } else {
                    section = None;
                }
                seen_heading = true;
            }
            Block::Text { line, text } => {
                // An anchor alone on its line (`<a name="x"></a>`) shows nothing.
                if ANCHOR.is_match(text) {
                    continue;
                }
                if lexicon::is_type_name(text.trim()) {
                    stacked_titles.push(text.trim().to_owned());
                } else {
                    stacked_titles.clear();
                }
                // A request line split in two: the path, then the method alone on its line, or
                // the other way round (`/vhost-server/api/v1/host/getById`, `GET`).
                // Or each under a label of its own (`URL`, the path, `HTTP Method`, `GET`).
                if http.is_none() {
                    let method = |t: &str| matches!(t, "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD");
                    let path = |t: &str| t.starts_with('/') && t.len() > 1 && !t.contains(char::is_whitespace);
                    let (this, before) = (text.trim(), last_text.as_deref().map_or("", str::trim));
                    let split = if method(this) && path(before) {
                        Some((this, before.to_owned()))
                    } else if path(this) && method(before) {
                        Some((before, this.to_owned()))
                    } else if method(this) && labelled_http(before) {
                        lone_path.clone().map(|p| (this, p))
                    } else {
                        None
                    };
                    if path(this) && labelled_http(before) {
                        lone_path = Some(this.to_owned());
                    }
                    if let Some((method, path)) = split {
                        http = Some(HttpLine { method: method.to_owned(), path, line: *line });
                    }
                }
                last_text = Some(text.clone());
                if text.starts_with('#') {
                    last_subheading = Some(text.clone());
                }
                states_no_parameters |= lexicon::says_no_parameters(text);
                // A numbered caption that names a section (`表3 请求Body参数`, `Table 2 Request
                // header parameters`) sets it for the table under it.
                if let Some(titled) = lexicon::caption_section(text) {
                    section = Some(titled);
                    seen_response_section |= titled == Section::ResponseParameters;
                }
                if let Some(m) = HTTP_LINE.captures(text) {
                    if http.is_none() {
                        let path = m.get(2).or_else(|| m.get(3)).map_or("", |p| p.as_str());
                        http = Some(HttpLine { method: m[1].to_owned(), path: path.to_owned(), line: *line });
                    }
                    continue;
                }
                if let Some(status) = lexicon::status_line(text) {
                    // The tables under an error status (`状态码: 400`) document the error body,
                    // not the response.
                    let success = (200..300).contains(&status);
                    error_body = !success;
                    // A page without a response title titles the response table by its status.
                    if success && section != Some(Section::ResponseParameters) {
                        section = Some(Section::ResponseParameters);
                        seen_response_section = true;
                    }
                    if success_status.is_none() && section == Some(Section::ResponseParameters) {
                        success_status = Some((status, *line));
                    }
                    continue;
                }
                if lexicon::opening_operation(text).is_some() {
                    if !seen_opening {
                        seen_opening = true;
                        summary_section.get_or_insert((text.clone(), *line));
                    }
                    continue;
                }
                if section == Some(Section::Summary) && summary_section.is_none() {
                    summary_section = Some((text.clone(), *line));
                }
                if TITLE_ACTION.is_match(text) {
                    continue;
                }
                if !seen_heading && is_summary_candidate(text) {
                    summary = Some((text.clone(), *line));
                }
            }
            Block::Table(table) => {
                // The text just before a table may title it (`ScRules参数说明`); an empty table (a
                // header repeated at a page break) passes the title on to the next one.
                let title = if table.rows.is_empty() { last_text.clone() } else { last_text.take() };
                let columns = columns_of(table);
                let has = |c: Column| columns.contains(&Some(c));
                // A table titled with the name of a type that an earlier row refers to documents
                // that type (`### Result`, `表5 NodeCert`): it is matched to the reference, never
                // read as more parameters.
                // A Markdown sub-heading (`### Result`) titles the table under it even with a
                // sentence between them.
                let mut captions = title.as_deref().map(rest::caption_names).unwrap_or_default();
                // A table whose title the text lost, right after a row that sends the reader to
                // the table below by name (`具体请参见下表“Cen结构”`), is that table.
                if let Some(named) = announced_table.take().filter(|_| captions.is_empty() && !table.rows.is_empty()) {
                    captions.push(named);
                }
                // A type's table that ends with a list or object of objects it names no type for
                // and shows no example of (`word_info | Array of Object`) hands over to the
                // untitled table right after it: that table documents the row's objects.
                let after_candidate = std::mem::take(&mut after_type_table);
                if captions.is_empty() && !table.rows.is_empty() && last_subheading.is_none() {
                    if let Some(row) = after_candidate.and_then(|side| if side { response_candidates.last_mut() } else { request_candidates.last_mut() }).and_then(|c| c.rows.last_mut()) {
                        if opens_unnamed_objects(row) {
                            row.ty = documented_by(&row.ty, &row.name);
                            captions.push(row.name.clone());
                        }
                    }
                }
                // A table titled with a type's name that no row refers to (`表5
                // ListCucrrencyPackageResult` after `result | Object`): the row lost the name, and
                // the last row before the table that opens an object of no named type is the one the
                // table documents.
                // (Rows that name their parent need no matching; the row's type cell is a kind word
                // alone, `Object`, as the page printed it.)
                let titled_unreferenced = !captions.is_empty() && !table.rows.is_empty() && !has(Column::Parent) && captions.iter().all(|c| !referenced.iter().any(|(n, _)| n == c));
                if let Some(side) = section.filter(|_| titled_unreferenced).and_then(|s| match s {
                    Section::ResponseParameters => Some(true),
                    Section::RequestParameters | Section::BodyParameters => Some(false),
                    _ => None,
                }) {
                    let last_rows = if side {
                        response_candidates.last_mut().map(|c| &mut c.rows).or(response_rows.as_mut().map(|(rows, _)| rows))
                    } else {
                        request_candidates.last_mut().map(|c| &mut c.rows).or(request_rows.as_mut())
                    };
                    if let Some(row) = last_rows.and_then(|rows| rows.last_mut()).filter(|r| opens_unnamed_objects(r) && FieldType::parse(r.ty.trim()).is_some()) {
                        diags.note(Location::line(file, table.line), "type-table-order", format!("table titled `{}`, a name no row refers to, documents `{}` (line {}), the object of no named type before it", captions[0], row.name, row.line));
                        row.ty = documented_by(&row.ty, &captions[0]);
                        referenced.push((captions[0].clone(), side));
                    }
                }
                if let Some(heading) = last_subheading.take() {
                    captions.extend(rest::caption_names(&heading).into_iter().filter(|c| !captions.contains(c)).collect::<Vec<_>>());
                }
                // Of stacked titles, the one a row refers to documents the table: the nearest first.
                for stacked in std::mem::take(&mut stacked_titles).into_iter().rev() {
                    if !captions.contains(&stacked) {
                        captions.push(stacked);
                    }
                }
                // A table with a name and a type column is read once; what reading it reports is
                // reported only by the branch that keeps its rows.
                let mut typed = (has(Column::Name) && has(Column::Type)).then(|| {
                    let mut found = Diagnostics::new();
                    (field_rows(file, table, &columns, &captioned, &mut found), found)
                });
                let rows_of = |typed: &mut Option<(Vec<FieldRow>, Diagnostics)>, diags: &mut Diagnostics| match typed.take() {
                    Some((rows, found)) => {
                        diags.extend(found);
                        rows
                    }
                    None => field_rows(file, table, &columns, &captioned, diags),
                };
                let refers = captions.iter().find_map(|c| referenced.iter().find(|(n, _)| n == c).map(|(_, response)| *response));
                if let Some(response_side) = refers.filter(|_| has(Column::Name) && has(Column::Type)) {
                    let rows = rows_of(&mut typed, diags);
                    note_references(&rows, response_side, &mut referenced);
                    after_type_table = Some(response_side);
                    let candidate = Candidate { line: table.line, rows, captions };
                    if response_side {
                        response_candidates.push(candidate);
                    } else {
                        request_candidates.push(candidate);
                    }
                    continue;
                }
                // A table titled with the name of a string field (`算法结果字段 data`) documents the
                // JSON document that the string carries, not fields beside it.
                let carried_by = captions.iter().find(|c| {
                    response_rows.iter().flat_map(|(rows, _)| rows.iter()).chain(request_rows.iter().flatten()).any(|r| &r.name == *c && fields::type_of(&r.ty).is_some_and(|(t, _, _)| t == FieldType::String))
                });
                if let Some(field) = carried_by.filter(|_| has(Column::Name) && has(Column::Type)) {
                    let rows = rows_of(&mut typed, diags);
                    // The document's own types have tables of their own too (`Description of Return
                    // Value prodInstList`).
                    note_references(&rows, true, &mut referenced);
                    content_tables.push((field.clone(), rows, table.line));
                    continue;
                }
                // A table of a string parameter's JSON structure (`ScRules参数说明`) refers to
                // types inside that JSON, not to tables of the operation.
                let json_notes = title.as_deref().and_then(|t| PARAM_NOTES.captures(t)).is_some_and(|m| {
                    let known = request_rows.iter().flatten().chain(&query_rows).chain(&path_rows).chain(&header_rows).chain(response_rows.iter().flat_map(|(rows, _)| rows.iter()));
                    known.into_iter().any(|r| r.name == m[1] && fields::type_of(&r.ty).is_some_and(|(t, _, _)| t == FieldType::String))
                });
                if has(Column::Name) && has(Column::Type) && !json_notes {
                    let response_side = section == Some(Section::ResponseParameters) || (section.is_none() && !has(Column::Required));
                    // The types as the rows are read (a row's own captioned table included).
                    if let Some((types, _)) = &typed {
                        note_references(types, response_side, &mut referenced);
                        // Or one whose type names a numbered table the page text lost the caption
                        // of (`Array`, "see Table 4": `Array of Table 4 objects`).
                        let numbered = |r: &FieldRow| referenced_type(r).filter(|n| n.starts_with("Table ") || n.starts_with('表'));
                        // A row that names the table below, or sends the reader there unnamed.
                        let below = |r: &FieldRow| {
                            referrals(&r.description).into_iter().find_map(|referral| match referral {
                                Referral::Table(named) => Some(named),
                                Referral::Below => Some(r.name.clone()),
                                _ => None,
                            })
                        };
                        announced_table = types.iter().rev().find_map(|r| below(r).or_else(|| numbered(r))).filter(|n| !captioned.all.contains(n));
                    }
                }
                if has(Column::ErrorCode) {
                    errors.extend(error_rows(file, table, &columns, diags));
                } else if has(Column::Operation) && has(Column::AccessLevel) {
                    // The authorization table names the operation (see `identity`); it has no parameters.
                } else if has(Column::Status) && has(Column::Description) && !has(Column::Name) {
                    for row in &table.rows {
                        let status_cell = cell(&row.cells, &columns, Column::Status);
                        match status_cell.parse::<u16>() {
                            Ok(status) => statuses.push((status, description(&row.cells, &columns), row.line)),
                            Err(_) => diags.error(Location::line(file, row.line), "status-code", format!("expected an HTTP status code, found `{status_cell}`; row skipped")),
                        }
                    }
                } else if error_body && has(Column::Name) && has(Column::Type) && section != Some(Section::RequestParameters) {
                    // The tables under an error status (`状态码: 400`) document the error body,
                    // on REST pages and others alike.
                    let rows = rows_of(&mut typed, diags);
                    diags.note(Location::line(file, table.line), "error-body-table", format!("a table under an error status documents the error body ({}); not read as the response", rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ")));
                } else if has(Column::Name)
                    && (has(Column::Type) || matches!(section, Some(Section::RequestHeaders | Section::PathParameters | Section::QueryParameters | Section::ResponseHeaders)))
                    && matches!(section, Some(Section::RequestHeaders | Section::PathParameters | Section::QueryParameters | Section::BodyParameters | Section::ResponseHeaders))
                {
                    // Tables whose section says where their parameters go, in any style of page
                    // (headers, path and query parameters without a type column are strings).
                    let rows = rows_of(&mut typed, diags);
                    locations_stated = true;
                    match section {
                        Some(Section::RequestHeaders) => header_rows.extend(rows),
                        Some(Section::PathParameters) => path_rows.extend(rows),
                        Some(Section::QueryParameters) => query_rows.extend(rows),
                        Some(Section::ResponseHeaders) => response_header_rows.extend(rows),
                        _ => request_rows.get_or_insert_with(Vec::new).extend(rows),
                    }
                } else if has(Column::Name) && (has(Column::Type) || section == Some(Section::Uri)) && (section == Some(Section::Uri) || http.as_ref().is_some_and(|h| !h.is_rpc())) {
                    // REST pages: path parameters, headers, the body, then one untitled table per named type.
                    let rows = rows_of(&mut typed, diags);
                    let notes_for = noted_parameter(title.as_deref(), request_rows.as_deref().unwrap_or_default());
                    match section {
                        _ if notes_for.is_some() && !has(Column::Location) => param_notes.push((notes_for.clone().expect("checked"), rows, table.line)),
                        // Tables right after a parameter's notes document nested parts of the same value.
                        Some(Section::RequestParameters) if !has(Column::Location) && !param_notes.is_empty() && request_rows.is_some() => {
                            param_notes.last_mut().expect("checked").1.extend(rows);
                        }
                        // The URI section's tables: path parameters, and the query parameters of the
                        // path's template (`?{name=xxx}`) or of a second table.
                        Some(Section::Uri) => {
                            for row in rows {
                                // Before the request line is known, an optional row is no path
                                // parameter: a path needs every one of its parts.
                                let in_path = match &http {
                                    Some(h) => h.path.split('?').next().unwrap_or("").contains(&format!("{{{}}}", row.name)),
                                    None => row.required != Some(false),
                                };
                                if in_path {
                                    path_rows.push(row);
                                } else {
                                    query_rows.push(row);
                                }
                            }
                        }
                        // A table of response headers alone (`X-request-Id`) comes before the body's.
                        Some(Section::ResponseParameters) if !rows.is_empty() && rows.iter().all(|r| HEADER_NAME.is_match(&r.name)) => response_header_rows.extend(rows),
                        Some(Section::ResponseParameters) if response_rows.is_none() => response_rows = Some((rows, table.line)),
                        // Rows that name the node holding them need no matching to a type.
                        Some(Section::ResponseParameters) if has(Column::Parent) => response_rows.get_or_insert_with(|| (Vec::new(), table.line)).0.extend(rows),
                        Some(Section::ResponseParameters) => response_candidates.push(Candidate { line: table.line, rows, captions: captions.clone() }),
                        _ if has(Column::Location) => {
                            locations_stated = true;
                            // ROA tables say where each parameter goes.
                            let mut body = Vec::new();
                            for row in rows {
                                match row.location.to_ascii_lowercase().as_str() {
                                    "path" => path_rows.push(row),
                                    "query" => query_rows.push(row),
                                    "header" => header_rows.push(row),
                                    // A body that is one value (the function's event, a file) has no name or
                                    // a byte type: it travels as the request body itself.
                                    "body" if (row.name.is_empty() && !row.ty.eq_ignore_ascii_case("object")) || is_binary_type(&row.ty) => {
                                        binary_body = Some(BinaryBody { name: (!row.name.is_empty()).then(|| row.name.clone()), required: row.required == Some(true), description: row.description.clone(), line: row.line });
                                    }
                                    _ if row.name.is_empty() && row.ty.eq_ignore_ascii_case("object") => diags.note(
                                        Location::line(file, row.line),
                                        "body-object",
                                        "a nameless Object row in Body: the request body is the JSON object of the Body parameters",
                                    ),
                                    location => {
                                        // `FormData` parameters travel in a form body, `Body` ones in JSON.
                                        form_body |= location == "formdata";
                                        body.push(row);
                                    }
                                }
                            }
                            request_rows.get_or_insert_with(Vec::new).extend(body);
                        }
                        _ if !rows.is_empty() && rows.iter().all(|r| HEADER_NAME.is_match(&r.name)) => header_rows.extend(rows),
                        // A table under no section, without a required column, after the request's
                        // own tables documents the response (no required column suggests one).
                        None if !has(Column::Required) && response_rows.is_none() && (request_rows.is_some() || !query_rows.is_empty() || !path_rows.is_empty()) => {
                            response_rows = Some((rows, table.line));
                        }
                        // A request without a body (GET, DELETE) takes its parameters in the query.
                        _ if http.as_ref().is_some_and(HttpLine::has_no_body) && !has(Column::Location) && section != Some(Section::BodyParameters) => query_rows.extend(rows),
                        _ if request_rows.is_none() => request_rows = Some(rows),
                        _ => request_candidates.push(Candidate { line: table.line, rows, captions: captions.clone() }),
                    }
                } else if has(Column::Name) && has(Column::Type) {
                    let mut rows = rows_of(&mut typed, diags);
                    let is_response = match section {
                        Some(Section::ResponseParameters) => true,
                        Some(Section::RequestParameters) => false,
                        _ => !has(Column::Required),
                    };
                    // An untitled table after rows whose type the page lost (their description
                    // stood in its place: `ResponseMetadata | The response metadata |`) documents
                    // them, in order: each is an object of its own.
                    if is_response && captions.is_empty() && open_references.is_empty() {
                        if let Some((known, _)) = response_rows.as_mut() {
                            open_references.extend(lost_types_documented_below(known));
                        }
                    }
                    if is_response && response_rows.is_some() && !open_references.is_empty() {
                        // An untitled table after rows that name types with tables of their own
                        // documents one of them: matched by order when the types are resolved.
                        // (So does one whose title names nothing the page refers to: `Data
                        // Model`; a title that names a type took the branch above.)
                        // It takes the first open one; its own types come next.
                        let documented = open_references.remove(0);
                        // A list of that type whose items the page showed nowhere (`Items | Array of
                        // Pipeline | - |`) refers to this table: the rows after it are its siblings.
                        let lists = response_rows.iter_mut().flat_map(|(rows, _)| rows.iter_mut()).chain(response_candidates.iter_mut().flat_map(|c| c.rows.iter_mut()));
                        for row in lists.filter(|r| unshown_item_type(r).is_some_and(|i| i == documented)) {
                            row.ty = documented_by(&row.ty, &documented);
                        }
                        let mut own: Vec<String> = lost_types_documented_below(&mut rows);
                        add_new(&mut own, named_types(&rows));
                        add_new(&mut own, handed_over(&rows));
                        open_references.splice(0..0, own);
                        after_type_table = Some(true);
                        response_candidates.push(Candidate { line: table.line, rows, captions: captions.clone() });
                    } else if is_response {
                        open_references.extend(named_types(&rows));
                        // A table that ends with a list of a named type (`Topics | Array of
                        // DescribeResp`) hands over to that type's table when an untitled one
                        // follows.
                        add_new(&mut open_references, handed_over(&rows));
                        let (known, _) = response_rows.get_or_insert_with(|| (Vec::new(), table.line));
                        // An untitled table whose fields an earlier row's example holds (`Items |
                        // Array of Function | [{"Id":...}]`, then `Id`, `Name`, ...) goes on with
                        // that row's items: its rows stand right after it.
                        match captions.is_empty().then(|| example_holding(known, &rows)).flatten() {
                            Some(at) => {
                                let tail = known.split_off(at + 1);
                                known.extend(rows);
                                known.extend(tail);
                            }
                            None => known.extend(rows),
                        }
                    } else if let Some(param) = noted_parameter(title.as_deref(), request_rows.as_deref().unwrap_or_default()) {
                        // The JSON a string parameter carries (`请求参数Json字符串信息` under `JsonStr |
                        // String | 一个Json格式的字符串`): notes of that parameter, not parameters.
                        param_notes.push((param, rows, table.line));
                    } else {
                        request_rows.get_or_insert_with(Vec::new).extend(rows);
                    }
                } else if untyped_parameters(table, &columns) {
                    // Names and what they mean: parameters before the response, fields under it,
                    // that the page gives no type (strings, as the note says).
                    let rows = rows_of(&mut typed, diags);
                    // Under no title, after the request's table, a table without a required
                    // column is the response (as for typed tables).
                    let after_request = section.is_none() && !has(Column::Required) && response_rows.is_none() && (request_rows.is_some() || !untyped_rows.is_empty() || !query_rows.is_empty() || !path_rows.is_empty());
                    // A name column titled as HTTP headers' (`头部名称`, "Header name") lists headers.
                    let headers = table.header.iter().any(|h| lexicon::titles_headers(h));
                    if headers && section == Some(Section::ResponseParameters) {
                        response_header_rows.extend(rows);
                    } else if headers {
                        header_rows.extend(rows);
                    } else if section == Some(Section::ResponseParameters) || after_request {
                        response_rows.get_or_insert_with(|| (Vec::new(), table.line)).0.extend(rows);
                    } else {
                        untyped_rows.extend(rows);
                    }
                } else {
                    diags.warning(Location::line(file, table.line), "unknown-table", format!("table with header `{}` is not a parameter, response or error table; its {} rows were not read", table.header.join(" | "), table.rows.len()));
                }
            }
            // The XML example's root element names the operation (see `identity`); its elements
            // show how the response nests.
            Block::Code(code) if code.label.as_deref() == Some("xml") => {
                if xml_example.is_none() {
                    xml_example = fields::xml_document(&code.text);
                }
            }
            Block::Code(code) => {
                if let Some(value) = example_json(file, code, diags) {
                    if section == Some(Section::RequestExample) {
                        if request_example.is_none() {
                            request_example = Some((value, code.line));
                        }
                        continue;
                    }
                    // A line that titles the example as the response's (`按天查询的响应示例`) says so too.
                    let titled_response = last_text.as_deref().is_some_and(lexicon::titles_response_example);
                    // So does an untitled example after the response's table that holds the
                    // table's first field.
                    let holds_response = section.is_none() && response_rows.as_ref().and_then(|(rows, _)| rows.first()).is_some_and(|first| value.get(&first.name).is_some());
                    let is_response = titled_response || holds_response || section == Some(Section::ResponseExample) || matches!(section, Some(Section::Examples | Section::SuccessExample | Section::ResponseParameters));
                    if is_response && response_example.is_none() {
                        response_example = Some((value, code.line));
                    } else {
                        diags.note(Location::line(file, code.line), "unused-example", "a JSON example outside the response-example section was not used");
                    }
                }
            }
        }
    }

    // An RPC page's parameters all travel the same way; a Huawei page's sections say where.
    locations_stated |= http.is_none() || seen_uri_section;
    let candidates = identity::candidates(doc);
    let identity = identity::choose(&candidates);
    // An operation page has a request side, a request syntax, a response section or error codes; a
    // page with only a data structure's table (or nothing) documents no operation.
    let has_parameter_table = request_rows.is_some() || !path_rows.is_empty() || !query_rows.is_empty() || !header_rows.is_empty() || !errors.is_empty() || seen_response_section;
    let is_operation_page = has_parameter_table || http.is_some() || request_example.is_some() || states_no_parameters;
    if !is_operation_page {
        let tables = doc.blocks.iter().filter(|b| matches!(b, Block::Table(t) if !t.rows.is_empty())).count();
        if tables > 0 {
            diags.warning(Location::file(file), "no-operation", format!("the page documents no operation (no request table, request syntax, response section or error codes); its {tables} table(s) describe a data structure and were not read"));
        } else if doc.blocks.iter().any(|b| matches!(b, Block::Table(_))) {
            // Headers were found but no row was read under any of them: the warnings above name
            // the lines that were expected to be rows.
            diags.error(Location::file(file), "no-operation", "the page's table headers have no row that could be read (see the warnings that name those lines); no operation was built from the page");
        } else {
            diags.error(Location::file(file), "no-operation", "expected the operation name in a title (`Product:OperationName`) or an authorization table (`product:OperationName`), and found no table; the page was skipped");
        }
        return None;
    }
    let (operation, operation_line, product, source) = match (&identity, name) {
        (_, Some(name)) => (name.to_owned(), 1, None, "settings".to_owned()),
        (Some(id), None) => {
            for other in &id.dissent {
                // A sentence may mention another operation; only printed names must agree.
                if other.cue != identity::Cue::Prose || id.chosen.cue == identity::Cue::NumberedHeading {
                    diags.warning(
                        Location::line(file, other.line),
                        "operation-mismatch",
                        format!("the {} names `{}` but the {} (line {}) names `{}`; using `{}`", other.cue.name(), other.name, id.chosen.cue.name(), id.chosen.line, id.chosen.name, id.chosen.name),
                    );
                }
            }
            let product = candidates.iter().find(|c| c.name == id.chosen.name && c.cue == identity::Cue::AuthorizationTable).and_then(|c| c.product.clone());
            (id.chosen.name.clone(), id.chosen.line, product, id.chosen.cue.name().to_owned())
        }
        (None, None) if http.is_some() => {
            let h = http.as_ref().expect("checked");
            let name = rest::derive_operation_name(&h.method, &h.path);
            diags.note(Location::line(file, h.line), "operation-name-derived", format!("the page prints no operation name; `{name}` was derived from `{} {}`", h.method, h.path));
            (name, h.line, None, "request-syntax".to_owned())
        }
        (None, None) if has_parameter_table => {
            // Tables are never dropped for want of a name: a provisional one keeps them.
            let name = provisional_name(file);
            diags.error(
                Location::file(file),
                "no-operation",
                format!("the page prints no operation name (no title `Product:Operation`, authorization table, API Explorer link, `Action` row or request example); its tables were read as `{name}`. Name it in service.toml: `[documents.\"{}\"] operation = {{ value = \"OperationName\", source = \"...\" }}`", crate::settings::file_name(file)),
            );
            (name, 1, None, "provisional".to_owned())
        }
        (None, None) => {
            diags.error(Location::file(file), "no-operation", "expected the operation name in a title (`Product:OperationName`) or an authorization table (`product:OperationName`); the page was skipped");
            return None;
        }
    };

    // A request without a body (GET, DELETE) takes them in the query.
    if http.as_ref().is_some_and(HttpLine::has_no_body) {
        query_rows.append(&mut untyped_rows);
    } else if !untyped_rows.is_empty() {
        request_rows.get_or_insert_with(Vec::new).append(&mut untyped_rows);
    }
    // A parameter that the request syntax's path names (`/{WorkspaceId}/...`) is a path
    // parameter, whatever table lists it.
    if let (Some(h), Some(rows)) = (&http, request_rows.as_mut()) {
        let template = h.path.split('?').next().unwrap_or("").to_owned();
        let (named, rest): (Vec<FieldRow>, Vec<FieldRow>) = std::mem::take(rows).into_iter().partition(|r| !r.name.is_empty() && template.contains(&format!("{{{}}}", r.name)));
        *rows = rest;
        path_rows.extend(named);
    }
    // Response rows that are HTTP headers (`ETag`, `X-Fc-Request-Id`) are headers, not body fields.
    if let Some((rows, _)) = response_rows.as_mut() {
        // A row that a parent column puts inside a node is a field of that node.
        let top = |r: &FieldRow| r.parent.as_deref().is_none_or(|p| p.trim().is_empty() || p.trim().eq_ignore_ascii_case("none"));
        // A plain word (`Location`, `Date`) after a list or object row may be one of its fields; a
        // hyphenated header name (`X-Fc-Request-Id`) never is.
        let container = |r: &FieldRow| FieldType::parse(&r.ty).is_some_and(|(t, _)| t == FieldType::Object || t == FieldType::Array);
        let mut after_container = false;
        let (headers, body): (Vec<FieldRow>, Vec<FieldRow>) = std::mem::take(rows).into_iter().partition(|r| {
            let header = top(r) && lexicon::is_http_header(&r.name) && FieldType::parse(&r.ty).is_some_and(|(t, _)| t != FieldType::Object && t != FieldType::Array) && (r.name.contains('-') || !after_container);
            after_container |= container(r);
            header
        });
        *rows = body;
        response_header_rows.extend(headers);
    }
    let response_headers = fields::nest(file, response_header_rows, Vec::new(), false, diags);
    let request = match request_rows {
        Some(rows) => fields::nest(file, rows, request_example.iter().map(|(v, _)| v.clone()).collect(), false, diags),
        // The page says so itself (`当前API无需请求参数`): nothing to report.
        None if states_no_parameters => Vec::new(),
        None if path_rows.is_empty() && query_rows.is_empty() && header_rows.is_empty() => {
            diags.note(Location::file(file), "no-request-table", "no request parameter table and no statement that there are none: the operation takes no parameters");
            Vec::new()
        }
        None => Vec::new(),
    };
    let (response, response_from_table) = match (response_rows, &response_example) {
        (Some((rows, line)), _) => {
            // The example as the table spells its names (Alibaba's older JSON examples lower the
            // first letter: `uisNodeList` for `UisNodeList`).
            let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
            let example_value = response_example.as_ref().map(|(v, l)| {
                let spelt = fields::as_table_spells(v, &names);
                // An example of what the table's first object holds is read inside it.
                match fields::wrapper_shown(&rows, &spelt) {
                    Some(wrapper) => {
                        diags.note(Location::line(file, *l), "example-inside-wrapper", format!("the JSON example shows what `{wrapper}` holds (it names none of the rows before it and the rows after it): read inside `{wrapper}`"));
                        (serde_json::json!({ wrapper: spelt }), *l)
                    }
                    None => (spelt, *l),
                }
            });
            // Without a JSON example, an XML one that holds the table's first field shows the
            // structure (it is no example of the JSON the SDK reads, so only the nesting uses it).
            let xml = xml_example.filter(|x| example_value.is_none() && names.first().is_some_and(|first| x.get(*first).is_some()));
            let structure: Vec<Value> = example_value.iter().map(|(v, _)| v.clone()).chain(xml).collect();
            let fields = fields::nest(file, fields::nest_by_path(rows), structure, true, diags);
            if let Some((example, example_line)) = &example_value {
                cross_check_response(file, line, *example_line, &fields, example, diags);
            }
            (fields, true)
        }
        (None, Some((example, line))) => {
            diags.note(Location::line(file, *line), "response-from-example", "no response table: response fields were recovered from the JSON example");
            (fields::from_example(example, *line), false)
        }
        // `204 No Content` has no body to document.
        (None, None) if success_status.is_some_and(|(s, _)| s == 204) => (Vec::new(), false),
        (None, None) => {
            diags.warning(Location::file(file), "no-response", "neither a response table nor a JSON response example: the response schema is empty");
            (Vec::new(), false)
        }
    };


    let operation_derived = source == "request-syntax" || source == "provisional";
    let mut query_params = fields::nest(file, query_rows, Vec::new(), false, diags);
    let mut request = request;
    for (param, rows, line) in param_notes {
        let lines: Vec<String> = rows
            .iter()
            .map(|r| {
                let example = if r.example.is_empty() { String::new() } else { format!(" Example: `{}`.", r.example) };
                format!("- `{}` ({}): {}{example}", r.name, r.ty, r.description)
            })
            .collect();
        let text = format!("\n\nStructure of the JSON value:\n{}", lines.join("\n"));
        // Notes are titled with the singular (`ScRule参数说明` for `ScRules`).
        let plural = format!("{param}s");
        match request.iter_mut().chain(query_params.iter_mut()).find(|f| f.name == param || f.name == plural) {
            Some(f) => {
                f.description.push_str(&text);
                f.also_at.extend(rows.iter().map(|r| r.line));
            }
            None => {
                diags.warning(
                    Location::line(file, line),
                    "param-notes",
                    format!("a table documents the JSON structure of `{param}`, which is not a parameter of this operation; its {} rows were not read", rows.len()),
                );
                for r in &rows {
                    diags.note(Location::line(file, r.line), "param-notes-row", format!("`{}` of `{param}`'s JSON structure (see the warning at line {line})", r.name));
                }
            }
        }
    }
    let path_params = fields::nest(file, path_rows, Vec::new(), false, diags);
    let header_params = fields::nest(file, header_rows, Vec::new(), false, diags);
    let mut components = rest::resolve(file, "request", &request, request_example.as_ref().map(|(v, _)| v), request_candidates, &IndexMap::new(), diags);
    // The JSON documents that string fields carry: their types are the response's to resolve.
    let content_tables: Vec<(String, Vec<Field>, u32)> = content_tables
        .into_iter()
        .map(|(name, rows, line)| {
            // Rows named by paths (`message[0].content`) say where they are themselves.
            let fields = if rows.iter().any(|r| r.name.contains(['.', '['])) {
                rows.into_iter().flat_map(|r| fields::nest(file, vec![r], Vec::new(), false, diags)).collect()
            } else {
                fields::nest(file, rows, Vec::new(), false, diags)
            };
            (name, fields, line)
        })
        .collect();
    let with_content: Vec<Field> = response.iter().cloned().chain(content_tables.iter().flat_map(|(_, fields, _)| fields.iter().cloned())).collect();
    let response_components = rest::resolve(file, "response", &with_content, response_example.as_ref().map(|(v, _)| v), response_candidates, &components, diags);
    for (name, theirs) in response_components {
        match components.get_mut(&name) {
            Some(ours) => {
                compare_components(file, &name, ours, &theirs, diags);
                ours.repeated.extend(theirs.fields.iter().map(|f| (f.name.clone(), f.line)));
            }
            None => {
                components.insert(name, theirs);
            }
        }
    }
    if http.is_some() {
        if !components.is_empty() {
            // Pages with named types repeat fields in both halves (Huawei); elsewhere request and
            // response bodies are unrelated.
            compare_bodies(file, &request, &response, diags);
        }
        if let Some((example, _)) = &request_example {
            rest::check_example(file, "request", &request, &components, example, "", diags);
        }
        if let Some((example, _)) = &response_example {
            rest::check_example(file, "response", &response, &components, example, "", diags);
        }
        for (status, description, line) in &statuses {
            if let Some(phrase) = rest::reason_phrase(*status).filter(|p| !description.eq_ignore_ascii_case(p)) {
                let hint = (400..=599).find(|s| rest::reason_phrase(*s).is_some_and(|p| p.eq_ignore_ascii_case(description))).map(|s| format!(", the reason phrase of {s}")).unwrap_or_default();
                diags.warning(Location::line(file, *line), "status-description", format!("status {status} is described as `{description}`{hint}; HTTP calls it `{phrase}`"));
            }
        }
    }
    let summary = summary_section.or(summary);

    Some(Page {
        file: file.to_owned(),
        form: doc.form,
        language,
        product,
        operation,
        operation_line,
        summary,
        request,
        response,
        response_from_table,
        response_example,
        errors,
        http,
        operation_derived,
        operation_source: source,
        response_headers,
        content_tables,
        binary_body,
        updated: None,
        locations_stated,
        form_body,
        path_params,
        query_params,
        header_params,
        request_example,
        components,
        success_status,
        statuses,
    })
}

/// Prose before the first section is boilerplate except for the one sentence that says what the
/// operation does.
fn is_summary_candidate(text: &str) -> bool {
    let boilerplate = ["All Products", "Search", "Document Center", "Last Updated"];
    text.chars().count() > 8 && !boilerplate.iter().any(|b| text.starts_with(b))
}

/// The columns a table's header names. Of two type columns (`数据类型 | ... | 参数类型`), one
/// whose every cell is a location word (`query`) is the location column.
fn columns_of(table: &Table) -> Vec<Option<Column>> {
    let mut columns: Vec<Option<Column>> = table.header.iter().map(|h| lexicon::column(h)).collect();
    // Columns of deeper levels' names (`Parameter | Level 1 Parameter | Level 2 Parameter | Type`)
    // whose rows left their empty cells at the end (`CollectionName | String | ... | |||`): the
    // rows hold a name, then the other columns; the levels are gone.
    if columns.contains(&Some(Column::Level)) {
        if !columns.contains(&Some(Column::Name)) {
            let first = columns.iter().position(|c| *c == Some(Column::Level)).expect("checked");
            columns[first] = Some(Column::Name);
        }
        let name_at = columns.iter().position(|c| *c == Some(Column::Name));
        let compacted = name_at.is_some_and(|at| !table.rows.is_empty() && table.rows.iter().all(|r| r.cells.get(at + 1).is_some_and(|c| lexicon::is_type(c) || c.trim().is_empty())));
        if compacted {
            columns.retain(|c| *c != Some(Column::Level));
        }
    }
    let types: Vec<usize> = (0..columns.len()).filter(|&i| columns[i] == Some(Column::Type)).collect();
    if types.len() == 2 && !columns.contains(&Some(Column::Location)) {
        let locations = |i: usize| !table.rows.is_empty() && table.rows.iter().all(|r| r.cells.get(i).is_some_and(|c| lexicon::is_location(c)));
        if let Some(&at) = types.iter().find(|&&i| locations(i)) {
            columns[at] = Some(Column::Location);
        }
    }
    // The values decide where the header was misplaced: a required column whose cells are prose
    // and a text column whose cells are all yes/no words trade places (`Type | Required | |`
    // over `string | The API instruction | Yes`).
    let filled = |i: usize| table.rows.iter().filter_map(|r| r.cells.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>();
    if let Some(required) = columns.iter().position(|c| *c == Some(Column::Required)) {
        let prose = filled(required).iter().any(|c| lexicon::required_value(c).is_none());
        let yes_no = (0..columns.len()).find(|&i| matches!(columns[i], Some(Column::Description) | None) && { let cells = filled(i); !cells.is_empty() && cells.iter().all(|c| lexicon::required_value(c).is_some()) });
        if let (true, Some(at)) = (prose, yes_no) {
            columns[at] = Some(Column::Required);
            columns[required] = Some(Column::Description);
        }
    }
    // So do an error table's status and code columns, whose cells are plain to tell: a header
    // set over the wrong cells (`错误ID | 错误代码 | 描述 | Http 状态码` over `InternalError |
    // The request… | 500 | 内部错误`) takes the columns their values show.
    if columns.contains(&Some(Column::ErrorCode)) {
        let all = |i: usize, test: &dyn Fn(&str) -> bool| {
            let cells = filled(i);
            !cells.is_empty() && cells.len() == table.rows.len() && cells.iter().all(|c| test(c))
        };
        let is_status = |c: &str| c.len() == 3 && c.parse::<u16>().is_ok_and(|s| (100..600).contains(&s));
        let is_code = |c: &str| c.chars().any(|ch| ch.is_ascii_uppercase()) && c.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '-'));
        for (role, test) in [(Column::Status, &is_status as &dyn Fn(&str) -> bool), (Column::ErrorCode, &is_code)] {
            let Some(at) = columns.iter().position(|c| *c == Some(role)) else { continue };
            // (A code column keeps codes of any form; only sentences in it are misplaced.)
            let misplaced = if role == Column::ErrorCode { all(at, &|c: &str| c.contains(char::is_whitespace)) } else { !all(at, test) };
            if !misplaced {
                continue;
            }
            if let Some(other) = (0..columns.len()).find(|&i| i != at && matches!(columns[i], None | Some(Column::Description | Column::ErrorMessage)) && all(i, test)) {
                let moved = columns[other].or(Some(if columns.contains(&Some(Column::ErrorMessage)) { Column::Description } else { Column::ErrorMessage }));
                columns[other] = Some(role);
                columns[at] = moved;
            }
        }
    }
    columns
}

/// The name of a row that stands for the API's common parameters, documented on another page,
/// and is no parameter of its own: a placeholder in angle brackets (`<公共请求参数>`), or a word
/// that is no identifier on a row that sends the reader to the common parameters or headers
/// (`其他 | 该请求操作的实现使用了所有操作的公共请求头`).
fn placeholder_row(cells: &[String], name_at: Option<usize>) -> Option<&str> {
    let name = cells.get(name_at?)?.trim();
    let bracketed = name.strip_prefix(['<', '‹']).and_then(|r| r.strip_suffix('>')).is_some_and(|r| !r.trim().is_empty() && !r.contains(['<', '>']) && !r.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'));
    let common = || cells.iter().skip(name_at.map_or(0, |n| n + 1)).any(|c| lexicon::mentions_common(c));
    let word = !name.is_empty() && !name.chars().any(|ch| ch.is_ascii_alphanumeric()) && common();
    (bracketed || word).then_some(name)
}

/// Whether a table lists parameters without their types: a name and a description column (a
/// required, example, default or format column besides), every name an identifier.
fn untyped_parameters(table: &Table, columns: &[Option<Column>]) -> bool {
    let plain = columns.iter().all(|c| matches!(c, Some(Column::Name | Column::Description | Column::Required | Column::Nullable | Column::Example | Column::Default | Column::Format)));
    let identifier = |n: &str| n.starts_with(|c: char| c.is_ascii_alphabetic()) && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    // (A row that stands for the common parameters is no parameter either way.)
    let name_at = columns.iter().position(|c| *c == Some(Column::Name));
    let rows: Vec<&crate::doc::Row> = table.rows.iter().filter(|r| placeholder_row(&r.cells, name_at).is_none()).collect();
    plain && columns.contains(&Some(Column::Name)) && columns.contains(&Some(Column::Description)) && !rows.is_empty() && rows.iter().all(|r| identifier(cell(&r.cells, columns, Column::Name)))
}

fn cell<'a>(row: &'a [String], columns: &[Option<Column>], column: Column) -> &'a str {
    columns.iter().position(|c| *c == Some(column)).and_then(|i| row.get(i)).map_or("", |s| s.trim())
}

/// The row's description: every description column's text (`说明`, then `备注`), in order.
fn description(row: &[String], columns: &[Option<Column>]) -> String {
    let texts: Vec<&str> = columns.iter().zip(row).filter(|(c, t)| **c == Some(Column::Description) && !t.trim().is_empty()).map(|(_, t)| t.trim()).collect();
    texts.join(" ")
}

/// The string parameter whose JSON structure a table documents, by the table's title: the name
/// in `X参数说明` ("X's parameters described"), or, for a title that calls it a JSON string's
/// content (`请求参数Json字符串信息`, "JSON string parameters"), the one string row whose
/// description says it holds JSON.
fn noted_parameter(title: Option<&str>, request: &[FieldRow]) -> Option<String> {
    let title = title?;
    if let Some(m) = PARAM_NOTES.captures(title) {
        return Some(m[1].to_owned());
    }
    let lower = title.to_ascii_lowercase();
    if !(lower.contains("json字符串") || lower.contains("json string")) {
        return None;
    }
    let mut carriers = request.iter().filter(|r| fields::type_of(&r.ty).is_some_and(|(t, _, _)| t == FieldType::String) && r.description.to_ascii_lowercase().contains("json"));
    match (carriers.next(), carriers.next()) {
        (Some(one), None) => Some(one.name.clone()),
        _ => None,
    }
}

/// A label over a request's path or method (`URL`, `HTTP Method`, `请求方法`, `请求路径`).
fn labelled_http(line: &str) -> bool {
    let t = line.trim().trim_end_matches([':', '：']).trim();
    ["URL", "URI", "Url", "Path", "HTTP Method", "HTTP method", "Method", "Request Method", "Request method", "请求方法", "請求方法", "请求方式", "請求方式", "请求路径", "請求路徑", "请求URL", "请求地址", "請求地址", "访问URI", "訪問URI"].contains(&t)
}

/// An HTML anchor alone on its line.
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^(?:<a name="[^"]*"\s*/?>\s*(?:</a>)?\s*)+$"#).expect("valid regex"));

/// The names the titles of a document's tables give (the text just before each table).
/// Numbered captions (`表 2 available_zones`) give names in `numbered`; an unnumbered title is
/// matched to the field of its name when the tables are resolved. Every caption's names are in
/// `all`.
struct Captioned {
    numbered: std::collections::BTreeSet<String>,
    all: std::collections::BTreeSet<String>,
}


fn captioned_names(doc: &Document) -> Captioned {
    let mut out = Captioned { numbered: Default::default(), all: Default::default() };
    let mut last: Option<&str> = None;
    for block in &doc.blocks {
        match block {
            Block::Text { text, .. } | Block::Heading { text, .. } if !ANCHOR.is_match(text) => last = Some(text),
            Block::Table(_) => {
                if let Some(title) = last.take() {
                    let names = rest::caption_names(title);
                    if lexicon::is_table_title(&title.replace("**", "")) {
                        out.numbered.extend(names.iter().cloned());
                    }
                    // A title that is a field's name with a label (`ProductInfo参数`) names it as a
                    // numbered caption does.
                    out.numbered.extend(lexicon::labelled_name(title));
                    out.all.extend(names);
                }
            }
            _ => {}
        }
    }
    out
}

fn field_rows(file: &str, table: &Table, columns: &[Option<Column>], captioned: &Captioned, diags: &mut Diagnostics) -> Vec<FieldRow> {
    let has_required = columns.contains(&Some(Column::Required));
    // A table without a type column (Huawei's path parameters sometimes) documents strings.
    let untyped = !columns.contains(&Some(Column::Type));
    if untyped && !table.rows.is_empty() {
        diags.note(Location::line(file, table.line), "no-type-column", "the table has no type column: its parameters are strings");
    }
    let mut out = Vec::new();
    let (name_at, type_at) = (columns.iter().position(|c| *c == Some(Column::Name)), columns.iter().position(|c| *c == Some(Column::Type)));
    // Where merged cells put the names of the objects that hold a row before its own name: the
    // index in `out` of the first holder and how many there are.
    let mut merged: Option<(usize, usize)> = None;
    for row in &table.rows {
        let mut cells = row.cells.clone();
        if let Some(placeholder) = placeholder_row(&cells, name_at) {
            diags.note(Location::line(file, row.line), "placeholder-row", format!("`{placeholder}` stands for the common parameters documented elsewhere; not read as a parameter"));
            continue;
        }
        // Merged cells (`data | answer | risk | string | 有无风险` under `字段 | 类型 | 说明 | |`):
        // the names before the row's own hold it, each an object in the one before; the merged
        // cells span the rows after it, which nothing on the page ends before the table does.
        if let (Some(n), Some(t), None) = (name_at, type_at, merged) {
            let identifier = |c: &str| c.starts_with(|ch: char| ch.is_ascii_alphabetic()) && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') && !lexicon::is_type(c);
            let names = cells.iter().skip(n).take_while(|c| identifier(c.trim())).count();
            if t == n + 1 && names >= 2 && cells.get(n + names).is_some_and(|c| lexicon::is_type(c)) {
                let holders: Vec<String> = cells.drain(n..n + names - 1).map(|c| c.trim().to_owned()).collect();
                diags.note(Location::line(file, row.line), "merged-cells", format!("`{}` stand before `{}` in merged cells: read as the objects that hold it and the rows after it", holders.join(" > "), cells[n].trim()));
                merged = Some((out.len(), holders.len()));
                out.extend(holders.into_iter().map(|name| FieldRow { line: row.line, name, ty: "object".to_owned(), ..FieldRow::default() }));
            }
        }
        // Pipe forms drop the empty name cell of an array item (`object | 是 | 单个容器对象 | ||`):
        // a type word in the name column followed by a required value or nothing shows the shift.
        let name_cell = cell(&cells, columns, Column::Name);
        let type_cell = cell(&cells, columns, Column::Type);
        if FieldType::parse(name_cell).is_some() && FieldType::parse(type_cell).is_none() && !(type_cell.contains(" / ") && fields::type_of(type_cell).is_some()) {
            let name_at = columns.iter().position(|c| *c == Some(Column::Name)).unwrap_or(0);
            cells.insert(name_at, String::new());
            if let Some(dropped) = cells.pop().filter(|d| !d.trim().is_empty()) {
                diags.warning(Location::line(file, row.line), "extra-cell", format!("nameless row has one cell too many; dropped `{dropped}`"));
            }
        }
        // A row one cell short whose required cell holds no yes/no word lost that cell (an icon
        // the text dropped): the cells after it move over by one.
        if let Some(r) = columns.iter().position(|c| *c == Some(Column::Required)) {
            let short = cells.len() + 1 == columns.len() || (cells.len() == columns.len() && cells.last().is_some_and(|c| c.trim().is_empty()));
            if short && r + 1 < columns.len() && cells.get(r).is_some_and(|c| !c.trim().is_empty() && lexicon::required_value(c).is_none()) {
                diags.note(Location::line(file, row.line), "required-cell-lost", format!("`{}` has no required cell (the page showed an icon): the cells after it move over by one", cell(&cells, columns, Column::Name)));
                cells.insert(r, String::new());
                cells.truncate(columns.len());
            }
        }
        // A row one cell short whose example cell holds a sentence and whose description is empty
        // left its example out (`Topics | Array of DescribeResp | 日志主题列表。 |`): the sentence is
        // the description.
        if let (Some(e), Some(d)) = (columns.iter().position(|c| *c == Some(Column::Example)), columns.iter().position(|c| *c == Some(Column::Description))) {
            // (Or words of Chinese, which a description is far more often than an example.)
            let han = |c: &str| c.chars().filter(|ch| crate::clean::is_cjk(*ch)).count() >= 2 && !c.chars().any(|ch| ch.is_ascii_digit());
            let sentence = cells.get(e).map(|c| c.trim()).is_some_and(|c| c.ends_with('。') || han(c) || (c.ends_with('.') && c.contains(' ') && c.starts_with(|ch: char| ch.is_uppercase())));
            if e + 1 == d && row.cells.len() < columns.len() && sentence && cells.get(d).is_none_or(|c| c.trim().is_empty()) {
                cells.resize(columns.len(), String::new());
                cells.swap(e, d);
            }
        }
        // A row whose empty cells collapsed (`CertificateList |`, `The data structure... |`, `||`):
        // prose in the type cell of a row without a description is the description.
        let (type_at, desc_at) = (columns.iter().position(|c| *c == Some(Column::Type)), columns.iter().position(|c| *c == Some(Column::Description)));
        let mut type_lost = false;
        if let (Some(t), Some(d)) = (type_at, desc_at) {
            let prose = cells.get(t).is_some_and(|c| (c.trim().contains(' ') || c.trim().ends_with('。')) && fields::type_of(c).is_none() && !lexicon::is_type(c));
            if prose && cells.get(d).is_none_or(|c| c.trim().is_empty()) {
                diags.note(Location::line(file, row.line), "cells-shifted", format!("`{}` stands in the type column of `{}` whose description is empty: read as the description", cells[t].trim(), cell(&cells, columns, Column::Name)));
                cells.resize(cells.len().max(d + 1), String::new());
                cells[d] = std::mem::take(&mut cells[t]);
                type_lost = true;
            }
        }
        // Empty cells after the last column (a level's column the row left empty) hold nothing.
        let extra_empty = cells.len() > columns.len() && cells[columns.len()..].iter().all(|c| c.trim().is_empty());
        if cells.len() != columns.len() && !extra_empty {
            diags.warning(Location::line(file, row.line), "cell-count", format!("expected {} cells, found {}: `{}`", columns.len(), cells.len(), cells.join(" | ")));
        }
        let required_cell = cell(&cells, columns, Column::Required);
        let required = lexicon::required_value(required_cell);
        if has_required && required.is_none() && !required_cell.is_empty() {
            diags.warning(Location::line(file, row.line), "required-value", format!("expected Yes/No or 是/否 in the required column, found `{required_cell}`; required is unknown"));
        }
        // A name cell that broke over lines keeps the name on its first line; what follows is a
        // badge the page shows beside it (`deprecated`).
        let name_cell = cell(&cells, columns, Column::Name);
        let name_cell = match name_cell.split_once('\n') {
            Some((first, badge)) if !first.trim().is_empty() && badge.split_whitespace().count() <= 2 => {
                diags.note(Location::line(file, row.line), "name-badge", format!("`{}` beside the name `{}` is a badge of the page, not part of the name", badge.trim(), first.trim()));
                first.trim()
            }
            _ => name_cell,
        };
        let (depth, name) = fields::depth_marker(name_cell);
        // A row of one cell per line that lacks its example puts its `Lower-level Object` in the
        // example's place: an object's example that is a bare name is that name.
        let sub_object = match cell(&cells, columns, Column::SubObject) {
            "" if columns.contains(&Some(Column::SubObject)) && matches!(FieldType::parse(cell(&cells, columns, Column::Type)), Some((FieldType::Object | FieldType::Array, _))) => {
                let example = cell(&cells, columns, Column::Example);
                if example.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { example } else { "" }
            }
            other => other,
        };
        out.push(FieldRow {
            line: row.line,
            name: name.to_owned(),
            depth,
            untyped,
            type_lost,
            ty: if untyped {
                "string".to_owned()
            } else {
                let ty = cell(&cells, columns, Column::Type);
                // A type cell that is the name a caption gives a table (`quota`, captioned `Table 3
                // Parameter description of field quota`) names that table's object.
                let list_of = ["List<", "list<", "Array<", "array<"].iter().find_map(|p| ty.strip_prefix(p)).and_then(|r| r.strip_suffix('>')).or_else(|| ty.strip_suffix("[]")).map(str::trim);
                // `array of result`: a list of the objects a table titled `result` documents.
                let array_of = ty.get(..9).filter(|p| p.eq_ignore_ascii_case("array of ")).map(|_| ty[9..].trim()).filter(|x| captioned.all.contains(*x) && FieldType::parse(x).is_none());
                let named = match list_of {
                    _ if array_of.is_some() => array_of.map(|x| format!("Array of {x} objects")),
                    // `List<resource_resp>`, its item a captioned table.
                    Some(item) if captioned.all.contains(item) && fields::FieldType::parse(item).is_none() && fields::item_type_name(ty).is_none() => Some(format!("Array of {item} objects")),
                    _ => (fields::type_of(ty).is_none() && captioned.all.contains(ty)).then(|| format!("{ty} object")),
                };
                let ty = named.or_else(|| described_type(ty));
                let ty = ty.as_deref().unwrap_or(cell(&cells, columns, Column::Type));
                match documenting_table(ty, name, sub_object, &description(&cells, columns), captioned) {
                    Some(table) => documented_by(ty, &table),
                    None => ty.to_owned(),
                }
            },
            written: Some(cell(&cells, columns, Column::Type)).filter(|_| !untyped).map(str::to_owned),
            required,
            // An example cell that sends the reader elsewhere (`详见下面示例部分`) is a note of the
            // description, not a value.
            description: {
                // Every format column (`Length`, `Format`) says something of the value.
                let formats: Vec<&str> = columns.iter().zip(&cells).filter(|(c, t)| **c == Some(Column::Format) && !t.trim().is_empty()).map(|(_, t)| t.trim()).collect();
                let described = with_default(&with_format(&description(&cells, columns), &formats.join("; ")), cell(&cells, columns, Column::Default));
                match cell(&cells, columns, Column::Example) {
                    note if lexicon::refers_elsewhere(note) && !described.contains(note) => format!("{described} {note}").trim().to_owned(),
                    _ => described,
                }
            },
            example: Some(cell(&cells, columns, Column::Example)).filter(|e| !lexicon::refers_elsewhere(e)).unwrap_or_default().to_owned(),
            location: lexicon::location_name(cell(&cells, columns, Column::Location)),
            parent: columns.contains(&Some(Column::Parent)).then(|| cell(&cells, columns, Column::Parent).to_owned()),
        });
    }
    if let Some((start, holders)) = merged.filter(|_| out.iter().all(|r| r.depth.is_none())) {
        for (i, row) in out.iter_mut().enumerate() {
            row.depth = Some(i.saturating_sub(start).min(holders));
        }
    }
    // A header with columns for deeper levels' names (`参数 | 子键 | 类型`) whose rows lost those
    // cells (`identityId String …` after `data List<>`) still says the table nests: each object or
    // list row holds the rows after it, one level deeper; nothing on the page closes a level.
    let levels_lost = !columns.contains(&Some(Column::Level)) && table.header.iter().any(|h| lexicon::column(h) == Some(Column::Level));
    if levels_lost && out.iter().all(|r| r.depth.is_none()) {
        let mut depth = 0;
        for row in &mut out {
            row.depth = Some(depth);
            if fields::type_of(&row.ty).is_some_and(|(t, _, _)| matches!(t, FieldType::Object | FieldType::Array | FieldType::Map)) {
                depth += 1;
            }
        }
    }
    out
}

/// The table that documents a row's object or list, by the page's cues in this order: a `Lower-level
/// Object` column (`returnObj`), a description that sends the reader to a numbered table
/// (`详情请参见表3`, "see Table 3"), a table titled with the list's item type (`Array of
/// Instance`, then a table `Instance`), a numbered caption with the row's own name (`表 2
/// available_zones`). `None` when the type cell names its table itself or nothing does.
fn documenting_table(ty: &str, name: &str, sub_object: &str, description: &str, captioned: &Captioned) -> Option<String> {
    if fields::type_of(ty).is_none_or(|(_, _, reference)| reference.is_some()) {
        return None;
    }
    let sub_object = sub_object.trim();
    if !sub_object.is_empty() && sub_object.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(sub_object.to_owned());
    }
    // Where the description sends the reader, the strongest referral first; a name alone is a
    // table's only where a caption of the page gives it.
    let sent = referrals(description).into_iter().find_map(|r| match r {
        Referral::Numbered(table) | Referral::Table(table) => Some(table),
        // (A row sends the reader to a table titled with its own name and a label: `详见templates子数据`.)
        Referral::Name(named) => ((named != name || captioned.numbered.contains(&named)) && captioned.all.contains(&named)).then_some(named),
        // The table below, known by the row's name.
        Referral::Below => Some(name.to_owned()),
    });
    if sent.is_some() {
        return sent;
    }
    if let Some(item) = fields::item_type_name(ty).filter(|item| captioned.all.contains(item)) {
        return Some(item);
    }
    // The caption names the field (`ProductInfo参数`), or for a list, its item in the singular
    // (`users`, captioned `user格式说明`).
    // Only a list that names no item type of its own (`JSONArray`, `Array`).
    let bare_list = fields::type_of(ty).is_some_and(|(t, item, named)| t == FieldType::Array && item.is_none() && named.is_none()) && fields::item_type_name(ty).is_none();
    let item = bare_list.then(|| lexicon::singular(name)).flatten().filter(|item| captioned.numbered.contains(item));
    // Pages generated from a schema name the anonymous item of a list after the list, with
    // `Item` (`plugins | List`, then a table titled `PluginsItem`).
    let generated_item = || {
        let mut chars = name.chars();
        let capitalised: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
        bare_list.then(|| format!("{capitalised}Item")).filter(|item| captioned.all.contains(item))
    };
    item.or_else(generated_item).or_else(|| captioned.numbered.contains(name).then(|| name.to_owned()))
}

/// A table a description sends the reader to.
#[derive(Clone, Debug, PartialEq)]
enum Referral {
    /// By its number: `详情请参见表3`, "see Table 3".
    Numbered(String),
    /// By its title, saying it is a table, whether or not the page text still holds it:
    /// `具体请参见下表“Cen结构”`, `请参考表 segment 数据结构`, "refer to the following table
    /// EipAddresses structure", "PlanRecordData in the table below", `为 Cluster 格式` ("in Cluster
    /// format").
    Table(String),
    /// By a name alone, which is a table's only where a caption gives it: `每项数据可见下面
    /// ResponseItemType`, "see ResponseItemType".
    Name(String),
    /// The next table, unnamed: `详细信息见下表`, "see the following table".
    Below,
}

/// Every table `description` sends the reader to, strongest first: by number, by name (a name
/// alone before one said to be a table's: a caption decides those), then the table below.
fn referrals(description: &str) -> Vec<Referral> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:参见|參見|参考|見|see|See|refer to|Refer to)\s*(?:<[^>]*>)?\s*(表|Table)\s*(\d+)").expect("valid regex"));
    static TABLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i:refer to|see)\s+(?:the\s+)?(?:following\s+)?table\s+([A-Za-z][A-Za-z0-9_]*)|(?:参见|參見|参考|參考)下表\s*["“「]?\s*([A-Za-z][A-Za-z0-9_]*)|(?:参见|參見|参考|參考|见|見)表\s*([A-Za-z][A-Za-z0-9_]*)|\b([A-Z][A-Za-z0-9_]*) (?:in|from) the (?:following )?table(?: below)?\b|[为為]\s*([A-Za-z][A-Za-z0-9_]*)\s*格式|\bin (?:the )?([A-Z][A-Za-z0-9_]*) format\b"#).expect("valid regex")
    });
    static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:可见下面|见下面|参见下面|请参见|参见|详见|見下面|參見|参照|參照|see|See|refer to|Refer to|见|見)\s*([A-Za-z][A-Za-z0-9_]*)").expect("valid regex"));
    static BELOW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:见|參見|参见|参考|參考|請見)下表[。.]?\s*$|(?i:see|refer to) the (?:following|next) table\.?\s*$").expect("valid regex"));
    let mut out: Vec<Referral> = Vec::new();
    // A name that ends a Chinese description (`参数的键值对表 UDBParamMemberSet`): a table's where a
    // caption gives it (the one referral without a referring word).
    if let Some((before, last)) = description.trim().trim_end_matches(['。', '.']).rsplit_once(' ') {
        if before.trim_end().chars().last().is_some_and(crate::clean::is_cjk) && last.starts_with(|c: char| c.is_ascii_uppercase()) && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(Referral::Name(last.to_owned()));
        }
    }
    // Every other referral holds one of these words: most descriptions hold none, and need no regex.
    let lower = description.to_ascii_lowercase();
    if !["见", "見", "参", "參", "格式", "see", "refer", "table", "format"].iter().any(|w| lower.contains(w)) {
        return out;
    }
    let trailing = out;
    let mut out: Vec<Referral> = NUMBERED.captures_iter(description).map(|m| Referral::Numbered(if &m[1] == "表" { format!("表{}", &m[2]) } else { format!("Table {}", &m[2]) })).collect();
    out.extend(NAME.captures_iter(description).map(|m| Referral::Name(m[1].to_owned())));
    out.extend(TABLE.captures_iter(description).filter_map(|m| m.iter().skip(1).flatten().next().map(|g| Referral::Table(g.as_str().to_owned()))));
    if BELOW.is_match(description.trim()) {
        out.push(Referral::Below);
    }
    out.extend(trailing);
    out
}

/// A type cell written as a sentence that opens with the kind (`List structure. For details, see
/// the data structure description of the graph type.`): the kind, and the type it names
/// (`Array of graph objects`). `None` for a cell that is a type.
fn described_type(cell: &str) -> Option<String> {
    static KIND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?i:(list|array)|(object|struct))\b[^.]*\.\s+\S").expect("valid regex"));
    static NAMED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:of|the) ([A-Za-z][A-Za-z0-9_]*) (?:type|structure|object)\b").expect("valid regex"));
    if fields::type_of(cell).is_some() {
        return None;
    }
    let kind = KIND.captures(cell.trim())?;
    let list = kind.get(1).is_some();
    Some(match NAMED.captures_iter(cell).map(|m| m[1].to_owned()).find(|n| !matches!(n.as_str(), "data" | "the" | "this" | "a")) {
        Some(name) if list => format!("Array of {name} objects"),
        Some(name) => format!("{name} object"),
        None if list => "array".to_owned(),
        None => "object".to_owned(),
    })
}

/// An object or list-of-objects type as naming the table that documents it (`returnObj object`,
/// `Array of 表4 objects`), the notation whose name the sub-tables are matched by.
fn documented_by(ty: &str, table: &str) -> String {
    match FieldType::parse(ty) {
        Some((FieldType::Object, _)) => format!("{table} object"),
        Some((FieldType::Array, ref item)) if item.as_ref().is_none_or(|i| *i == FieldType::Object) => format!("Array of {table} objects"),
        _ => ty.to_owned(),
    }
}

/// A description with the default a Default column states (`默认值`) after it.
fn with_default(description: &str, default: &str) -> String {
    match (description.trim(), default.trim()) {
        (d, "") => d.to_owned(),
        ("", v) => format!("Default: `{v}`."),
        (d, v) => format!("{d}\n\nDefault: `{v}`."),
    }
}

/// A description with the value format a Format column states (`YYYY-MM-DD`) after it.
fn with_format(description: &str, format: &str) -> String {
    match (description.trim(), format.trim()) {
        (d, "") => d.to_owned(),
        ("", f) => format!("Format: `{f}`."),
        (d, f) => format!("{d}\n\nFormat: `{f}`."),
    }
}

fn error_rows(file: &str, table: &Table, columns: &[Option<Column>], diags: &mut Diagnostics) -> Vec<ErrorRow> {
    let mut out = Vec::new();
    for row in &table.rows {
        let status_cell = cell(&row.cells, columns, Column::Status);
        let code = cell(&row.cells, columns, Column::ErrorCode);
        // A table without a status column documents codes only.
        let status = if !columns.contains(&Some(Column::Status)) {
            None
        } else {
            match status_cell.parse::<u16>() {
                Ok(status) => Some(status),
                // Space-separated rows run message, status and meaning together: the one
                // standalone status code in the rest of the row splits them.
                Err(_) if split_spaced_error(&row.cells, columns).is_some() => {
                    let (status, message, description) = split_spaced_error(&row.cells, columns).expect("checked");
                    out.push(ErrorRow { status: Some(status), code: code.to_owned(), message, description, line: row.line });
                    continue;
                }
                Err(_) => {
                    diags.error(Location::line(file, row.line), "error-status", format!("expected an HTTP status code for error `{code}`, found `{status_cell}`; row skipped"));
                    continue;
                }
            }
        };
        if code.is_empty() {
            diags.error(Location::line(file, row.line), "error-code", "error row without an error code; row skipped");
            continue;
        }
        out.push(ErrorRow {
            status,
            code: code.to_owned(),
            message: cell(&row.cells, columns, Column::ErrorMessage).to_owned(),
            description: description(&row.cells, columns),
            line: row.line,
        });
    }
    out
}

/// An example without the lines that stand for items left out (`...`, `…`).
fn without_ellipsis(text: &str) -> String {
    text.lines().filter(|l| !matches!(l.trim().trim_end_matches(','), "..." | "…" | "......")).collect::<Vec<_>>().join("\n")
}

/// Joins the lines of string literals that a page-to-text conversion wrapped (`"...initialDelaySecond` /
/// `s\":20..."`): a line break inside a JSON string is never legal.
fn join_wrapped_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string && c == '\n' {
            continue;
        }
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            _ => {}
        }
        out.push(c);
    }
    out
}

fn example_json(file: &str, code: &CodeBlock, diags: &mut Diagnostics) -> Option<Value> {
    let first = match serde_json::from_str(&code.text) {
        Ok(value) => return Some(value),
        Err(e) => e,
    };
    let joined = join_wrapped_strings(&code.text);
    let joined_error = match serde_json::from_str(&joined) {
        Ok(value) => {
            diags.note(Location::line(file, code.line), "example-wrapped", "the JSON example has string values wrapped over lines; they were joined");
            return Some(value);
        }
        Err(e) => e,
    };
    // A JavaScript object literal (`{ Metadata: { RequestId: "…" }, }`): unquoted keys and
    // trailing commas, which JSON5 allows.
    if let Ok(value) = serde_json5::from_str(&code.text) {
        diags.note(Location::line(file, code.line), "example-json5", "the example is written as a JavaScript object (unquoted keys or trailing commas); it was read as JSON5");
        return Some(value);
    }
    // Items left out (`{...},` then a line `...`): the example without the ellipsis.
    if let Ok(value) = serde_json5::from_str(&without_ellipsis(&code.text)) {
        diags.note(Location::line(file, code.line), "example-ellipsis", "the example leaves items out (`...`); it was read without them");
        return Some(value);
    }
    // Report where the joined text breaks: wrapping is not the document's mistake.
    let e = if code.text.contains('\n') { joined_error } else { first };
    diags.error(Location::line(file, code.line + e.line().saturating_sub(1) as u32), "bad-example", format!("JSON example does not parse: {e}"));
    None
}

fn cross_check_response(file: &str, table_line: u32, example_line: u32, fields: &[Field], example: &Value, diags: &mut Diagnostics) {
    let Some(object) = example.as_object() else { return };
    for field in fields {
        if !object.contains_key(&field.name) && (field.description.contains("不返回") || field.description.contains("not returned")) {
            diags.note(Location::line(file, field.line), "response-not-in-example", format!("response field `{}` is not in the JSON example (line {example_line}); its description says it is returned only in some cases", field.name));
        } else if !object.contains_key(&field.name) {
            diags.warning(Location::line(file, field.line), "response-not-in-example", format!("response field `{}` is not in the JSON example (line {example_line})", field.name));
        }
    }
    for key in object.keys() {
        if !fields.iter().any(|f| &f.name == key) {
            diags.warning(Location::line(file, example_line), "example-not-in-table", format!("the JSON example has `{key}`, which the response table (line {table_line}) does not list"));
        }
    }
}

/// The request and response halves of a REST page repeat the named types' tables: they must agree.
fn compare_components(file: &str, name: &str, ours: &Component, theirs: &Component, diags: &mut Diagnostics) {
    if theirs.derived || ours.derived {
        return;
    }
    for f in &ours.fields {
        match theirs.fields.iter().find(|t| t.name == f.name) {
            None => diags.warning(Location::line(file, theirs.line), "type-tables-differ", format!("the response table of `{name}` lacks `{}`, which its request table (line {}) has", f.name, ours.line)),
            Some(t) if !t.ty.compatible(&f.ty) || t.reference != f.reference => diags.warning(
                Location::line(file, t.line),
                "type-tables-differ",
                format!("`{name}.{}` is {:?}{} in the response table but {:?}{} in the request table (line {})", f.name, t.ty, ref_text(&t.reference), f.ty, ref_text(&f.reference), f.line),
            ),
            Some(_) => {}
        }
    }
    for t in &theirs.fields {
        if !ours.fields.iter().any(|f| f.name == t.name) {
            diags.warning(Location::line(file, t.line), "type-tables-differ", format!("the request table of `{name}` lacks `{}`, which its response table has", t.name));
        }
    }
}

fn ref_text(r: &Option<String>) -> String {
    r.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
}

/// A field of the same name in the request and the response body with another type is a mistake
/// of one of the two tables.
fn compare_bodies(file: &str, request: &[Field], response: &[Field], diags: &mut Diagnostics) {
    for f in request {
        if let Some(r) = response.iter().find(|r| r.name == f.name) {
            let item = |x: &Field| x.item().map(|i| i.ty.clone());
            if !f.ty.compatible(&r.ty) || item(f) != item(r) {
                diags.warning(
                    Location::line(file, f.line),
                    "request-response-type",
                    format!("body field `{}` is {} in the request table but {} in the response table (line {})", f.name, describe(f), describe(r), r.line),
                );
            }
        }
    }
}

fn describe(f: &Field) -> String {
    match (&f.ty, f.item(), &f.reference) {
        (_, _, Some(r)) => format!("`{r}`"),
        (FieldType::Array, Some(item), None) => format!("an array of {:?}", item.ty),
        (ty, _, None) => format!("{ty:?}"),
    }
}

/// The name of the document's file without folders and extension.
fn file_stem(file: &str) -> &str {
    let base = crate::settings::file_name(file);
    base.split_once('.').map_or(base, |(stem, _)| stem)
}

/// A provisional operation name for a page that prints none: the longest CamelCase word of the
/// file's name (users save pages under the operation's name), else `UnnamedOperation`.
fn provisional_name(file: &str) -> String {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+").expect("valid regex"));
    WORD.find_iter(file_stem(file)).map(|m| m.as_str()).max_by_key(|w| w.len()).map_or_else(|| "UnnamedOperation".to_owned(), str::to_owned)
}

/// The type whose table documents a row's value: the type it names (`ProbeDTO object`), or its
/// items' (`Array of Region`, the row's own name for `Array of Struct`).
fn referenced_type(row: &FieldRow) -> Option<String> {
    fields::type_of(&row.ty).and_then(|(_, _, name)| name).or_else(|| fields::referenced_item(&row.name, &row.ty))
}

/// Records the types `rows` refer to (`Array of 表5 objects`, `[Result](#result)`).
fn note_references(rows: &[FieldRow], response: bool, referenced: &mut Vec<(String, bool)>) {
    for row in rows {
        // `Array of X` names X too: a table titled `X` documents it.
        let named = referenced_type(row);
        if let Some(name) = named {
            if !referenced.iter().any(|(n, _)| *n == name) {
                referenced.push((name, response));
            }
        }
    }
}

/// The earlier row (not the last) whose JSON example, an object or a list of objects, holds at
/// least half of `rows`' names (two at least).
fn example_holding(known: &[FieldRow], rows: &[FieldRow]) -> Option<usize> {
    let names: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).filter(|n| !n.is_empty()).collect();
    let keys_of = |r: &FieldRow| -> std::collections::BTreeSet<String> {
        let value = fields::parse_example(&r.example);
        let objects: Vec<&serde_json::Map<String, serde_json::Value>> = match &value {
            Some(serde_json::Value::Object(o)) => vec![o],
            Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_object()).collect(),
            _ => Vec::new(),
        };
        objects.iter().flat_map(|o| o.keys().cloned()).collect()
    };
    let last = known.len().checked_sub(1)?;
    known[..last].iter().rposition(|r| {
        let keys = keys_of(r);
        let held = names.iter().filter(|n| keys.contains(**n)).count();
        held >= 2 && held * 2 >= names.len()
    })
}

/// Whether a row is an object or a list of objects of no named type, with no example and a name:
/// its fields are a table's that follows.
fn opens_unnamed_objects(row: &FieldRow) -> bool {
    let kind_only = fields::type_of(&row.ty).is_some_and(|(t, item, named)| named.is_none() && (t == FieldType::Object || (t == FieldType::Array && item.is_none_or(|i| i == FieldType::Object))));
    kind_only && fields::no_example(&row.example) && !row.name.is_empty()
}

/// Every type a table's rows name, in order (`Error | Error`, `Datas | Array of
/// VodCdnStatisticsData`, `Probe | ProbeDTO object`): the untitled tables after it may document them.
fn named_types(rows: &[FieldRow]) -> Vec<String> {
    rows.iter().filter_map(|r| fields::type_of(&r.ty).and_then(|(_, _, named)| named).or_else(|| unshown_item_type(r))).collect()
}

/// The item type a list row names where the type cell alone does not say it is documented
/// elsewhere (`Array of Tag`, `Tag` no type word) and no example shows the items.
fn unshown_item_type(row: &FieldRow) -> Option<String> {
    let named_by_cell = fields::type_of(&row.ty).is_some_and(|(_, _, named)| named.is_some());
    fields::item_type_name(&row.ty).filter(|i| !named_by_cell && FieldType::parse(i).is_none() && !lexicon::is_plain_list(&row.ty) && fields::no_example(&row.example))
}

/// The item types of a table's rows that an untitled table after it may document: the one its
/// last row lists or is (`Topics | Array of DescribeResp`, `OperationDetails | Array of Struct`,
/// `Error | Struct`; not when the row prints an example, which shows its items itself), and those
/// whose rows send the reader to them (`DataSet | array[UMemSpaceSet] | ..., see UMemSpaceSet for
/// details`).
fn handed_over(rows: &[FieldRow]) -> Vec<String> {
    // `Struct` alone names a kind, as `Array of Struct` does: the table is titled with the row's name.
    let last = rows.last().filter(|r| fields::no_example(&r.example)).and_then(|r| fields::referenced_item(&r.name, &r.ty).or_else(|| r.ty.trim().eq_ignore_ascii_case("Struct").then(|| r.name.clone())));
    let announced = rows.iter().filter_map(|r| fields::item_type_name(&r.ty).filter(|t| r.description.contains(t.as_str())));
    last.into_iter().chain(announced).collect()
}

/// Rows whose type the page lost (see `FieldRow::type_lost`), read as objects that a table below
/// documents: their names, in order.
fn lost_types_documented_below(rows: &mut [FieldRow]) -> Vec<String> {
    rows.iter_mut()
        .filter(|r| r.type_lost && r.ty.trim().is_empty())
        .map(|r| {
            r.ty = format!("{} object", r.name);
            r.name.clone()
        })
        .collect()
}

/// Appends the names `to` does not hold yet, in order.
fn add_new(to: &mut Vec<String>, names: Vec<String>) {
    for name in names {
        if !to.contains(&name) {
            to.push(name);
        }
    }
}

/// The status, message and description of an error row whose cells after the code ran together
/// (`The format is wrong. 400 域名格式错误`): split at the one standalone HTTP status code.
fn split_spaced_error(cells: &[String], columns: &[Option<Column>]) -> Option<(u16, String, String)> {
    static STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|\s)([1-5][0-9][0-9])(?:\s|$)").expect("valid regex"));
    let code_at = columns.iter().position(|c| *c == Some(Column::ErrorCode))?;
    let rest: String = cells.iter().enumerate().filter(|(i, _)| *i != code_at).map(|(_, c)| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ");
    let mut found = STATUS.captures_iter(&rest);
    let m = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let at = m.get(1)?;
    Some((at.as_str().parse().ok()?, rest[..at.start()].trim().to_owned(), rest[at.end()..].trim().to_owned()))
}
