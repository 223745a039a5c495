//! Pipe tables: `Name | Type | Required | Description | Example |`, with or without a leading or
//! trailing `|` and the `---|---` separator line; a row whose cell broke over several lines (a
//! bullet list lost in conversion) continues until it has all its cells. Whether rows start and
//! end with a pipe is the header's convention, so a row `| object | 是 |` under a header without a
//! leading pipe has an empty first cell.

use super::Page;
use super::header::{self, Header, Style};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// Whether rows of a table start and end with a pipe.
#[derive(Clone, Copy, Debug)]
struct Pipes {
    leading: bool,
    trailing: bool,
}

/// Splits a row on `|` into raw pieces (untrimmed, so that a `|` inside a cell can be put back as
/// it was), dropping the leading and trailing pipe of the table's convention.
fn split_raw(text: &str, pipes: Pipes) -> Vec<&str> {
    let t = text.trim();
    let t = if pipes.leading { t.strip_prefix('|').unwrap_or(t) } else { t };
    let t = if pipes.trailing { t.strip_suffix('|').unwrap_or(t) } else { t };
    t.split('|').collect()
}

fn is_row_line(line: &str, pipes: Pipes) -> bool {
    line.contains('|') && split_raw(line, pipes).len() >= 2
}

fn ends_table(lines: &[&str], i: usize) -> bool {
    lexicon::section(lines[i]).is_some() || header::find(lines, i).is_some() || caption_row(lines[i]).is_some()
}

/// A row of one cell that is the next table's caption (`| 表 returnObj |`).
pub(super) fn caption_row(line: &str) -> Option<&str> {
    let t = line.trim().strip_prefix('|')?.strip_suffix('|')?.trim();
    (!t.contains('|') && lexicon::is_table_title(t)).then_some(t)
}

pub(super) fn read_table(page: &Page<'_>, header: &Header, diags: &mut Diagnostics) -> (Table, Vec<Block>, usize) {
    let (file, lines) = (page.file, page.lines);
    let columns = &header.columns;
    let pipes = match header.style {
        Style::PipeRow if header.caption.is_none() => {
            let h = lines[header.start].trim();
            Pipes { leading: h.starts_with('|'), trailing: h.ends_with('|') }
        }
        // A header in another style, or with a caption before its first cell: the first row
        // shows the convention.
        _ => {
            let first = lines[header.next..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
            Pipes { leading: first.starts_with('|'), trailing: first.ends_with('|') }
        }
    };
    let mut table = Table { line: header.line(), header: header.words.clone(), rows: Vec::new() };
    let mut notes = Vec::new();
    let mut i = header.next;
    // A row in progress: its first line and the text gathered so far.
    let mut pending: Option<(u32, String)> = None;
    while i < lines.len() {
        let line = lines[i];
        match pending.take() {
            None => {
                if ends_table(lines, i) {
                    break;
                }
                // A row whose first line holds one cell (`CertificateList |`) in a table whose rows
                // end with a pipe.
                let one_cell = pipes.trailing && line.trim().ends_with('|') && line.trim().len() > 1 && !header::is_separator(line);
                // Or one whose first cell's closing pipe stands on the next line (`Authorization`,
                // then `|`).
                let pipe_below = pipes.trailing && !line.contains('|') && super::shape::Kind::Name.accepts(line.trim()) && !line.trim().is_empty() && lines.get(i + 1).is_some_and(|l| l.trim() == "|");
                if !is_row_line(line, pipes) && !one_cell && !pipe_below {
                    // A note between two rows is kept as text; blank lines (or lines of spaces
                    // that padded a cell) between them end nothing.
                    match super::next_row_after_notes(lines, i, |t| is_row_line(t, pipes), ends_table) {
                        Some((next, prose)) if prose > 0 || next > i => {
                            super::keep_note(file, lines, i, next, &mut notes, diags);
                            i = next;
                            continue;
                        }
                        _ => break,
                    }
                }
                pending = Some((i as u32 + 1, line.trim().to_owned()));
            }
            Some((row_line, mut text)) => {
                if ends_table(lines, i) {
                    pending = Some((row_line, text));
                    break;
                }
                // A row that has all its cells but lost its closing pipe ends where a whole row
                // starts.
                let whole_row = |l: &str| {
                    let t = l.trim();
                    let starts = if pipes.leading { t.starts_with('|') } else { super::shape::Kind::Name.accepts(split_raw(t, pipes)[0].trim()) };
                    starts && is_row_line(l, pipes) && split_raw(l, pipes).len() + 1 >= columns.len()
                };
                if pipes.trailing && split_raw(&text, pipes).len() >= columns.len() && whole_row(line) {
                    table.rows.push(Row { line: row_line, cells: fit_cells(split_raw(&text, pipes), columns) });
                    pending = None;
                    continue;
                }
                // A row closed by its pipe one cell short ends where a row with every cell starts
                // (`ExtraContent | Map | 否 | query擴展信息 |`, then `UserNick | String | 是 | ... |`).
                // (That row may have lost its own closing pipe, a list of values gone: its second
                // cell, a type word, shows it is a row.)
                let typed = || split_raw(line.trim(), pipes).get(1).is_some_and(|t| lexicon::is_type(t));
                if one_short(&text, pipes, columns) && whole_row(line) && split_raw(line.trim(), pipes).len() >= columns.len() && (line.trim().ends_with('|') || typed()) {
                    table.rows.push(short_row(file, row_line, &text, pipes, columns, diags));
                    pending = None;
                    continue;
                }
                // Without closing pipes, a row a cell short ends where a row with every cell
                // starts (`Delimiter | description | string`, then `IsTruncated | ... | boolean`).
                if !pipes.trailing && one_short_open(&text, pipes, columns) && whole_row(line) && split_raw(line, pipes).len() >= columns.len() {
                    table.rows.push(short_row(file, row_line, &text, pipes, columns, diags));
                    pending = None;
                    continue;
                }
                // A row that ended with its pipe one cell short, followed by a line with no pipe
                // at all: the row left its last cell out, and the table is over.
                // (Unless a pipe alone on a line below closes the lines before it as the last
                // cell: a description whose list of values the text lost, `Valid values:`, then
                // `|`.)
                let closed_below = lines[i + 1..].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take(12).find(|l| l.contains('|')) == Some("|");
                if one_short(&text, pipes, columns) && !line.contains('|') && !line.trim().is_empty() && !closed_below {
                    table.rows.push(short_row(file, row_line, &text, pipes, columns, diags));
                    pending = None;
                    continue;
                }
                text.push('\n');
                text.push_str(line.trim());
                pending = Some((row_line, text));
            }
        }
        i += 1;
        if let Some((row_line, text)) = &pending {
            let mut pieces = split_raw(text, pipes);
            // A row that starts with a pipe under a header that does not (`| Users | object |`)
            // has no empty first cell when a name and then a type follow the pipe.
            if !pipes.leading && text.starts_with('|') && pieces.len() > 2 && pieces[0].trim().is_empty() && super::shape::Kind::Name.accepts(pieces[1].trim()) && !lexicon::is_type(pieces[1]) && lexicon::is_type(pieces[2]) {
                pieces.remove(0);
            }
            let complete = pieces.len() >= columns.len() && if pipes.trailing { text.ends_with('|') } else { row_ends_before(lines, i, pipes) };
            if complete {
                table.rows.push(Row { line: *row_line, cells: fit_cells(pieces, columns) });
                pending = None;
            }
        }
    }
    // A row that ended with its pipe but lacks a cell (one left out, not cut off) is kept, and
    // so is one that lacks more when the page goes on after the table: its last cells were left
    // empty, not cut off by the end of the page.
    let page_goes_on = lines[i.min(lines.len())..].iter().any(|l| !l.trim().is_empty());
    if let Some((row_line, text)) = pending.take_if(|(_, text)| one_short(text, pipes, columns) || (page_goes_on && pipes.trailing && text.ends_with('|') && split_raw(text, pipes).len() >= 3)) {
        table.rows.push(short_row(file, row_line, &text, pipes, columns, diags));
    }
    // A row whose first line has every cell but lost its closing pipe: the lines after it are
    // the text after the table.
    if let Some((row_line, text)) = pending.take_if(|(_, text)| pipes.trailing && text.lines().next().is_some_and(|first| !first.ends_with('|') && split_raw(first, pipes).len() == columns.len())) {
        let mut parts = text.lines();
        let first = parts.next().unwrap_or_default();
        diags.warning(Location::line(file, row_line), "unclosed-row", format!("table row `{first}` has every cell but no closing `|`; the lines after it are text after the table"));
        table.rows.push(Row { line: row_line, cells: fit_cells(split_raw(first, pipes), columns) });
        for (k, rest) in parts.enumerate() {
            notes.extend(super::prose(row_line + 1 + k as u32, rest));
        }
    }
    if let Some((row_line, text)) = pending {
        let cells = split_raw(&text, pipes).len();
        diags.error(
            Location::line(file, row_line),
            "incomplete-row",
            format!("table row has {cells} of {} cells when the table ends: `{}`; row dropped", columns.len(), text.replace('\n', " ")),
        );
        // Its words stay in the document as text: they may still name things (`esa:Op`).
        notes.push(Block::Text { line: row_line, text: text.replace('\n', " ") });
    }
    (table, notes, i)
}

/// Whether a row that ended with its pipe lacks just one cell (left out, not cut off).
fn one_short(text: &str, pipes: Pipes, columns: &[Column]) -> bool {
    pipes.trailing && text.ends_with('|') && split_raw(text, pipes).len() + 1 >= columns.len() && columns.len() > 2
}

/// Whether a row without closing pipes lacks just one cell.
fn one_short_open(text: &str, pipes: Pipes, columns: &[Column]) -> bool {
    !pipes.trailing && split_raw(text, pipes).len() + 1 == columns.len() && columns.len() > 2
}

/// The row of a text [`one_short`] accepts, its last cell empty, with a warning.
fn short_row(file: &str, line: u32, text: &str, pipes: Pipes, columns: &[Column], diags: &mut Diagnostics) -> Row {
    let pieces = split_raw(text, pipes);
    let missing = columns.len().saturating_sub(pieces.len());
    let empty = if missing == 1 { "the last is empty".to_owned() } else { format!("the last {missing} are empty") };
    diags.warning(Location::line(file, line), "short-row", format!("table row has {} of {} cells: `{}`; {empty}", pieces.len(), columns.len(), text.replace('\n', " ")));
    Row { line, cells: fit_cells(pieces, columns) }
}

/// Without a trailing pipe, whether a row that has all its cells ends before `lines[i]`: not when
/// that line continues a list in its last cell (`• exec`) or, in a table whose rows start with a
/// pipe, when it does not start a row.
fn row_ends_before(lines: &[&str], i: usize, pipes: Pipes) -> bool {
    let Some(next) = lines.get(i).map(|l| l.trim()) else { return true };
    if next.is_empty() || lexicon::is_note(next) || ends_table(lines, i) {
        return true;
    }
    !next.starts_with('•') && (!pipes.leading || next.starts_with('|'))
}

/// Makes a row's cells match the header when `|` also appears inside a cell: first re-joins
/// pieces inside unbalanced parentheses (`(1C2G | 2C4G)`), then lets the description column
/// absorb what is left over, keeping the columns left and right of it in place. Pieces are joined
/// back with the `|` and spaces they had.
fn fit_cells(pieces: Vec<&str>, columns: &[Column]) -> Vec<String> {
    if pieces.len() <= columns.len() {
        return pieces.into_iter().map(|c| c.trim().to_owned()).collect();
    }
    let mut merged: Vec<String> = Vec::new();
    let mut depth = 0i32;
    for piece in pieces {
        let opens = piece.matches(['(', '（']).count() as i32;
        let closes = piece.matches([')', '）']).count() as i32;
        match merged.last_mut() {
            Some(last) if depth > 0 => {
                last.push('|');
                last.push_str(piece);
            }
            _ => merged.push(piece.to_owned()),
        }
        depth = (depth + opens - closes).max(0);
    }
    if merged.len() > columns.len() {
        if let Some(desc) = columns.iter().position(|c| *c == Column::Description) {
            let right = columns.len() - desc - 1;
            let tail = merged.split_off(merged.len() - right);
            let middle = merged.split_off(desc).join("|");
            merged.push(middle);
            merged.extend(tail);
        }
    }
    merged.into_iter().map(|c| c.trim().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Form;

    fn table(text: &str) -> (Table, Vec<String>) {
        let mut diags = Diagnostics::new();
        let doc = super::super::read_as("t.txt", text, Form::PipeTable, &mut diags);
        let table = doc.blocks.into_iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).unwrap();
        (table, diags.iter().filter(|d| d.code != "no-table").map(|d| d.to_string()).collect())
    }

    fn cells(t: &Table) -> Vec<Vec<&str>> {
        t.rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn rows_continue_over_lines_and_pipes_inside_cells_stay() {
        let (t, diags) = table(
            "名称 | 类型 | 必填 | 描述 | 示例值 |\n---|---|---|---|---|\nSpec | string | 是 | 取值范围(1C2G | 2C4G)。 | 1C2G |\nProbeType | string | 是 | 探针类型:\n| exec |\nMode | string | 否 | docker|process | docker |\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cells = cells(&t);
        assert_eq!(cells[0], ["Spec", "string", "是", "取值范围(1C2G | 2C4G)。", "1C2G"]);
        assert_eq!(cells[1], ["ProbeType", "string", "是", "探针类型:", "exec"]);
        assert_eq!(cells[2], ["Mode", "string", "否", "docker|process", "docker"]);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn a_short_row_ends_where_a_typed_row_starts_that_lost_its_own_pipe() {
        let (t, _) = table("Parameter | Type | Example | Description |\n---|---|---|---|\nDBInstance | Object | The information about the instance. |\nType | String | ReadWrite | The role of the instance. Valid values:\nStatus | String | Running | The status. |\n");
        let names: Vec<&str> = t.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, ["DBInstance", "Type", "Status"]);
    }

    #[test]
    fn a_row_cut_off_by_the_end_of_the_page_is_diagnosed_and_dropped() {
        let (t, diags) = table("名称 | 类型 | 必填 | 描述 | 示例值 |\nAppId | string | 是 | 应用 ID。 | app-1 |\nName | string | 是 | 版本");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(diags, ["t.txt:3: error[incomplete-row]: table row has 4 of 5 cells when the table ends: `Name | string | 是 | 版本`; row dropped"]);
    }

    #[test]
    fn pipe_conventions_follow_the_header() {
        // No leading pipe: a row starting with `|` has an empty first cell.
        let (t, _) = table("名称 | 类型 | 必填 | 描述 | 示例值\n---|---|---|---|---\nRegions | array | 否 | 列表 | \n| string | 否 | 区域 | jiangsu\n");
        assert_eq!(cells(&t), [vec!["Regions", "array", "否", "列表", ""], vec!["", "string", "否", "区域", "jiangsu"]]);
        // Leading and trailing pipes, no separator, header run together.
        let (t, _) = table("名称类型必填描述示例值\n| AppId | string | 是 | 应用 ID | app-1 |\n| | object | 是 | 容器 | |\n");
        assert_eq!(cells(&t), [vec!["AppId", "string", "是", "应用 ID", "app-1"], vec!["", "object", "是", "容器", ""]]);
    }

    #[test]
    fn notes_between_rows_are_kept_as_text() {
        let (t, diags) = table("名称 | 类型 | 必填 | 描述 | 示例值 |\nA | string | 是 | a | x |\n\n说明：以下参数仅在新版本生效。\n\nB | string | 否 | b | y |\n");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(diags, ["t.txt:4: note[text-between-rows]: `说明：以下参数仅在新版本生效。` stands between two rows of the table and belongs to neither; kept as text after the table"]);
    }
}
