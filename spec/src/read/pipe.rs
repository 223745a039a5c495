//! Pipe tables: `Name | Type | Required | Description | Example |`, with or without a leading or
//! trailing `|` and the `---|---` separator line; a row whose cell broke over several lines (a
//! bullet list lost in conversion) continues until it has all its cells.

use super::code;
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// The columns of a pipe-table header line, or `None` if the line is not one.
pub(super) fn header_columns(line: &str) -> Option<Vec<Column>> {
    if !line.contains('|') {
        return None;
    }
    let cells = split_cells(line);
    if cells.len() < 2 {
        return None;
    }
    cells.iter().map(|c| lexicon::column(c)).collect()
}

fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// Splits a row on `|`, dropping one empty cell before a leading and after a trailing pipe.
fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_owned()).collect()
}

pub(super) fn read(file: &str, lines: &[&str], diags: &mut Diagnostics) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(columns) = header_columns(line) {
            let (table, next) = read_table(file, lines, i, &columns, diags);
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

fn read_table(file: &str, lines: &[&str], start: usize, columns: &[Column], diags: &mut Diagnostics) -> (Table, usize) {
    let header = split_cells(lines[start]);
    let trailing_pipe = lines[start].trim_end().ends_with('|');
    let mut table = Table { line: start as u32 + 1, header, rows: Vec::new() };
    let mut i = start + 1;
    if i < lines.len() && is_separator(lines[i]) {
        i += 1;
    }
    // A row in progress: its first line and the text gathered so far.
    let mut pending: Option<(u32, String)> = None;
    while i < lines.len() {
        let line = lines[i];
        let has_pipe = line.contains('|');
        match pending.take() {
            None => {
                if !has_pipe || lexicon::section(line).is_some() || header_columns(line).is_some() {
                    break;
                }
                pending = Some((i as u32 + 1, line.trim().to_owned()));
            }
            Some((row_line, mut text)) => {
                if lexicon::section(line).is_some() || header_columns(line).is_some() {
                    pending = Some((row_line, text));
                    break;
                }
                text.push('\n');
                text.push_str(line.trim());
                pending = Some((row_line, text));
            }
        }
        i += 1;
        if let Some((row_line, text)) = &pending {
            let complete = split_cells(text).len() >= columns.len() && (!trailing_pipe || text.ends_with('|'));
            if complete {
                table.rows.push(Row { line: *row_line, cells: fit_cells(split_cells(text), columns) });
                pending = None;
            }
        }
    }
    if let Some((row_line, text)) = pending {
        let cells = split_cells(&text);
        diags.error(
            Location::line(file, row_line),
            "incomplete-row",
            format!("table row has {} of {} cells when the table ends: `{}`", cells.len(), columns.len(), text.replace('\n', " ")),
        );
        table.rows.push(Row { line: row_line, cells });
    }
    (table, i)
}

/// Makes a row's cells match the header when `|` also appears inside a cell: first re-joins
/// pieces inside unbalanced parentheses (`(1C2G | 2C4G)`), then lets the description column
/// absorb what is left over, keeping the columns left and right of it in place.
fn fit_cells(cells: Vec<String>, columns: &[Column]) -> Vec<String> {
    if cells.len() <= columns.len() {
        return cells;
    }
    let mut merged: Vec<String> = Vec::new();
    let mut depth = 0i32;
    for cell in cells {
        let opens = cell.matches(['(', '（']).count() as i32;
        let closes = cell.matches([')', '）']).count() as i32;
        match merged.last_mut() {
            Some(last) if depth > 0 => {
                last.push_str(" | ");
                last.push_str(&cell);
            }
            _ => merged.push(cell),
        }
        depth = (depth + opens - closes).max(0);
    }
    if merged.len() <= columns.len() {
        return merged;
    }
    let Some(desc) = columns.iter().position(|c| *c == Column::Description) else {
        return merged;
    };
    let right = columns.len() - desc - 1;
    let tail = merged.split_off(merged.len() - right);
    let middle = merged.split_off(desc).join(" | ");
    merged.push(middle);
    merged.extend(tail);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> (Table, Vec<String>) {
        let lines: Vec<&str> = text.lines().collect();
        let mut diags = Diagnostics::new();
        let blocks = read("t.txt", &lines, &mut diags);
        let table = blocks.into_iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).unwrap();
        (table, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn rows_continue_over_lines_and_pipes_inside_cells_stay() {
        let (t, diags) = table(
            "名称 | 类型 | 必填 | 描述 | 示例值 |\n---|---|---|---|---|\nSpec | string | 是 | 取值范围(1C2G | 2C4G)。 | 1C2G |\nProbeType | string | 是 | 探针类型:\n| exec |\nMode | string | 否 | docker|process | docker |\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cells: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(cells[0], ["Spec", "string", "是", "取值范围(1C2G | 2C4G)。", "1C2G"]);
        assert_eq!(cells[1], ["ProbeType", "string", "是", "探针类型:", "exec"]);
        assert_eq!(cells[2], ["Mode", "string", "否", "docker | process", "docker"]);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn a_row_cut_off_by_the_end_of_the_page_is_diagnosed() {
        let (t, diags) = table("名称 | 类型 | 必填 | 描述 | 示例值 |\nAppId | string | 是 | 应用 ID。 | app-1 |\nName | string | 是 | 版本");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(diags, ["t.txt:3: error[incomplete-row]: table row has 4 of 5 cells when the table ends: `Name | string | 是 | 版本`"]);
    }
}
