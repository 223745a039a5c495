//! Page text whose table cells were run together by the page-to-text conversion:
//! the header is one word chain (`ParameterTypeRequiredDescriptionExample`), a row starts with
//! `AppIdstringYes` and its description and example follow on their own lines; error rows glue
//! status, code, message and description (`400InvalidParameter.NameThe specified ...`).

use std::sync::LazyLock;

use regex::Regex;

use super::code;
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// The data types Alibaba pages print in the Type column.
const TYPES: &str = r"(?:array<[a-z]+>|array|string|integer|long|int32|int64|int|boolean|bool|object|float|double|number|map|any|file|date|datetime)";

static ROW_WITH_REQUIRED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^([A-Za-z_][A-Za-z0-9_.\-]*?)?({TYPES})(Yes|No)$")).expect("valid regex"));
static ROW_WITHOUT_REQUIRED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^([A-Za-z_][A-Za-z0-9_.\-]*?)?({TYPES})$")).expect("valid regex"));
static ERROR_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([1-5]\d\d)(\S.*)$").expect("valid regex"));

pub(super) fn read(file: &str, lines: &[&str], diags: &mut Diagnostics) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(columns) = lexicon::split_run_together_header(line) {
            let (table, next) = read_table(file, lines, i, columns, diags);
            blocks.push(Block::Table(table));
            i = next;
            continue;
        }
        if let Some((block, next, rest)) = code::take_json(lines, i, code::label_before(lines, i)) {
            let line = next as u32;
            blocks.push(Block::Code(block));
            blocks.extend(rest.and_then(|r| super::prose(line, r)));
            i = next;
            continue;
        }
        blocks.extend(super::prose(i as u32 + 1, line));
        i += 1;
    }
    blocks
}

fn ends_table(line: &str) -> bool {
    lexicon::section(line).is_some() || lexicon::split_run_together_header(line).is_some()
}

fn read_table(file: &str, lines: &[&str], start: usize, header: Vec<(Column, String)>, diags: &mut Diagnostics) -> (Table, usize) {
    let columns: Vec<Column> = header.iter().map(|(c, _)| *c).collect();
    let mut table = Table { line: start as u32 + 1, header: header.into_iter().map(|(_, w)| w).collect(), rows: Vec::new() };
    let i = start + 1;
    let next = if columns.contains(&Column::ErrorCode) {
        read_error_rows(file, lines, i, &mut table, diags)
    } else if columns.contains(&Column::Name) && columns.contains(&Column::Type) {
        read_field_rows(file, lines, i, &columns, &mut table, diags)
    } else {
        read_line_rows(lines, i, &mut table)
    };
    (table, next)
}

/// Tables the interpreter only scans (authorization): one single-cell row per line.
fn read_line_rows(lines: &[&str], mut i: usize, table: &mut Table) -> usize {
    while i < lines.len() && !ends_table(lines[i]) {
        let text = lines[i].trim();
        if !text.is_empty() {
            table.rows.push(Row { line: i as u32 + 1, cells: vec![text.to_owned()] });
        }
        i += 1;
    }
    i
}

fn read_field_rows(file: &str, lines: &[&str], mut i: usize, columns: &[Column], table: &mut Table, diags: &mut Diagnostics) -> usize {
    let has_required = columns.contains(&Column::Required);
    let row_start = |line: &str| -> Option<(String, String, Option<String>)> {
        let line = line.trim();
        if has_required {
            ROW_WITH_REQUIRED.captures(line).map(|c| (cap(&c, 1), cap(&c, 2), Some(cap(&c, 3))))
        } else {
            ROW_WITHOUT_REQUIRED.captures(line).map(|c| (cap(&c, 1), cap(&c, 2), None))
        }
    };
    // Lines before the first row that are not blank belong to no row.
    let mut current: Option<(u32, (String, String, Option<String>), Vec<&str>)> = None;
    while i < lines.len() && !ends_table(lines[i]) {
        let line = lines[i];
        if let Some(start) = row_start(line) {
            if let Some((row_line, head, body)) = current.take() {
                table.rows.push(field_row(row_line, head, &body, columns));
            }
            current = Some((i as u32 + 1, start, Vec::new()));
        } else if let Some((_, _, body)) = current.as_mut() {
            body.push(line);
        } else if !line.trim().is_empty() {
            diags.warning(Location::line(file, i as u32 + 1), "text-outside-row", format!("expected a table row such as `AppIdstringYes`, found `{}`", line.trim()));
        }
        i += 1;
    }
    if let Some((row_line, head, body)) = current {
        table.rows.push(field_row(row_line, head, &body, columns));
    }
    i
}

fn cap(c: &regex::Captures<'_>, i: usize) -> String {
    c.get(i).map_or_else(String::new, |m| m.as_str().to_owned())
}

/// Lays out one row's cells in header order. The lines after the row start are paragraphs
/// separated by blank lines; bullet lines belong to the paragraph above them, and a plain line
/// right after bullets starts a new paragraph. The first paragraph is the description and, when
/// there is more than one, the last is the example.
fn field_row(line: u32, (name, ty, required): (String, String, Option<String>), body: &[&str], columns: &[Column]) -> Row {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut new_paragraph = true;
    let mut after_bullet = false;
    for raw in body {
        let text = raw.trim();
        if text.is_empty() {
            new_paragraph = true;
            continue;
        }
        let bullet = text.starts_with('•');
        if bullet && !paragraphs.is_empty() {
            new_paragraph = false;
        } else if after_bullet && !bullet {
            new_paragraph = true;
        }
        if new_paragraph {
            paragraphs.push(Vec::new());
            new_paragraph = false;
        }
        paragraphs.last_mut().expect("pushed above").push(text);
        after_bullet = bullet;
    }
    let example = if paragraphs.len() > 1 { paragraphs.pop().map(|p| p.join("\n")) } else { None };
    let description = paragraphs.iter().map(|p| p.join("\n")).collect::<Vec<_>>().join("\n");
    let cells = columns
        .iter()
        .map(|column| match column {
            Column::Name => name.clone(),
            Column::Type => ty.clone(),
            Column::Required => required.clone().unwrap_or_default(),
            Column::Description => description.clone(),
            Column::Example => example.clone().unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    Row { line, cells }
}

fn read_error_rows(file: &str, lines: &[&str], mut i: usize, table: &mut Table, diags: &mut Diagnostics) -> usize {
    while i < lines.len() && !ends_table(lines[i]) {
        let text = lines[i].trim();
        let line_no = i as u32 + 1;
        if text.is_empty() {
            i += 1;
            continue;
        }
        let Some(c) = ERROR_ROW.captures(text) else { break };
        let (code, rest) = split_code(&c[2]);
        let (message, description) = split_message(rest);
        if description.is_empty() {
            diags.note(Location::line(file, line_no), "error-row-unsplit", format!("could not tell the message of `{code}` from its description; kept it all as the message"));
        }
        table.rows.push(Row { line: line_no, cells: vec![c[1].to_owned(), code.to_owned(), message.to_owned(), description.to_owned()] });
        i += 1;
    }
    i
}

/// Splits `InvalidParameter.NameThe specified ...` at the last capitalised word glued to the end
/// of the first token; a code followed by a space splits there.
fn split_code(text: &str) -> (&str, &str) {
    let token_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let token = &text[..token_end];
    let glued = token
        .char_indices()
        .filter(|&(i, c)| i > 0 && c.is_ascii_uppercase() && token[i + 1..].chars().all(|c| c.is_ascii_lowercase()) && token.len() > i + 1)
        .map(|(i, _)| i)
        .next_back();
    match glued {
        Some(i) if token_end < text.len() => (&text[..i], &text[i..]),
        _ => (token, text[token_end..].trim_start()),
    }
}

/// Splits `message.Description` where a sentence end is glued to the next capital letter;
/// identical halves (a common case) win over any other split.
fn split_message(text: &str) -> (&str, &str) {
    // (position, whether the sentence end follows a lower-case letter, as prose does)
    let candidates: Vec<(usize, bool)> = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '。')
                && text[..i].chars().next_back().is_some_and(|p| p.is_alphanumeric() || p == ')')
                && text[i + c.len_utf8()..].chars().next().is_some_and(|n| n.is_uppercase())
        })
        .map(|(i, c)| (i + c.len_utf8(), text[..i].chars().next_back().is_some_and(|p| !p.is_uppercase())))
        .collect();
    let split = candidates
        .iter()
        .find(|&&(at, _)| text[..at] == text[at..])
        .or_else(|| candidates.iter().find(|(_, prose)| *prose))
        .or_else(|| candidates.first())
        .map(|&(at, _)| at);
    match split {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_rows_split_into_four_cells() {
        let cases = [
            ("InvalidParameter.NameThe specified Name is invalid.The Name parameter is not valid.", ("InvalidParameter.Name", "The specified Name is invalid.", "The Name parameter is not valid.")),
            ("InternalErrorFailed to call the service.Failed to call the service.", ("InternalError", "Failed to call the service.", "Failed to call the service.")),
            ("InvalidParameter.appidThe format is invalid. Call ListEdgeContainerApps.The format is invalid. Call ListEdgeContainerApps.", ("InvalidParameter.appid", "The format is invalid. Call ListEdgeContainerApps.", "The format is invalid. Call ListEdgeContainerApps.")),
            ("ParameterAlreadyExistParameter uniqueness failed.Parameter uniqueness failed.", ("ParameterAlreadyExist", "Parameter uniqueness failed.", "Parameter uniqueness failed.")),
        ];
        for (input, (code, message, description)) in cases {
            let (c, rest) = split_code(input);
            assert_eq!((c, split_message(rest)), (code, (message, description)), "{input}");
        }
    }

    #[test]
    fn row_starts_are_recognised_with_and_without_names() {
        let c = ROW_WITH_REQUIRED.captures("IsACRImagebooleanYes").unwrap();
        assert_eq!((&c[1], &c[2], &c[3]), ("IsACRImage", "boolean", "Yes"));
        let c = ROW_WITH_REQUIRED.captures("Containersarray<object>Yes").unwrap();
        assert_eq!((&c[1], &c[2]), ("Containers", "array<object>"));
        let c = ROW_WITH_REQUIRED.captures("objectYes").unwrap();
        assert!(c.get(1).is_none());
        assert!(ROW_WITH_REQUIRED.captures("verson1").is_none());
        assert!(ROW_WITHOUT_REQUIRED.captures("VersionIdstring").is_some());
    }
}
