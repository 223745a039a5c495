//! Pipe-delimited cell lines: a pipe table whose line breaks fell after every cell instead of
//! after every row. Each cell is on a line of its own ending in ` |`; a cell broken over lines
//! ends on the line with the pipe. A row starts with `| ` and its first cell, with a line holding
//! only `|`, or with nothing at all (then rows are counted by the header's columns); the header
//! shows which. Empty cells are `|`, and several in a row `||`, `|||`.
//!
//! ```text
//! | 名称 |          |              名称 |
//! 类型 |            名称 |          类型 |
//! | AppId |         类型 |          AppId |
//! string |          |              string |
//! ```

use super::Page;
use super::header::{self, Header, RowMarker, Style};
use super::shape::{Match, Shape};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon;

fn ends_table(lines: &[&str], i: usize) -> bool {
    lexicon::section(lines[i]).is_some() || header::find(lines, i).is_some()
}

fn is_cell_line(t: &str) -> bool {
    t.ends_with('|') || t.starts_with('|')
}

/// The rows of one table as they are read.
struct Rows<'a> {
    file: &'a str,
    shape: Shape,
    done: Vec<Row>,
    /// The row in progress: its line and cells.
    current: Option<(u32, Vec<String>)>,
}

impl Rows<'_> {
    fn at_boundary(&self) -> bool {
        self.current.is_none()
    }

    fn push_cell(&mut self, line: u32, cell: String) {
        let (_, cells) = self.current.get_or_insert_with(|| (line, Vec::new()));
        cells.push(cell);
        if cells.len() >= self.shape.len() {
            let (line, cells) = self.current.take().expect("just pushed");
            self.done.push(Row { line, cells });
        }
    }

    /// A marker starts a row: a row still in progress lacked cells (an empty one the conversion
    /// dropped); its cells are fitted by their content.
    fn start_row(&mut self, line: u32, diags: &mut Diagnostics) {
        if let Some((at, cells)) = self.current.take() {
            if !cells.is_empty() {
                diags.warning(Location::line(self.file, at), "cell-count", format!("table row has {} of {} cells before the next row starts: `{}`; cells placed by their content", cells.len(), self.shape.len(), cells.join(" | ")));
                self.done.push(Row { line: at, cells: self.refit(cells) });
            }
        }
        self.current = Some((line, Vec::new()));
    }

    /// A row in progress that has its head cells and lacks some of the rest.
    fn partial_after_head(&self) -> bool {
        self.current.as_ref().is_some_and(|(_, cells)| cells.len() >= self.shape.head_len().max(2) && cells.len() < self.shape.len())
    }

    fn refit(&self, cells: Vec<String>) -> Vec<String> {
        let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
        let how = Match { empty_cells: true, loose_required: true, nameless: true };
        match self.shape.match_head(&texts, how) {
            Some((head, used)) => self.shape.fit(head, cells[used..].to_vec()),
            None => {
                let mut cells = cells;
                cells.resize(self.shape.len(), String::new());
                cells
            }
        }
    }
}

/// Whether the cell lines from `lines[i]` are a whole row head: a name, then the type and
/// required words the header's order puts after it.
fn row_starts_here(lines: &[&str], i: usize, shape: &Shape) -> bool {
    let cells: Vec<&str> = lines[i..].iter().map(|l| l.trim()).filter(|t| !t.is_empty()).take(shape.head_len()).map(|t| t.trim_start_matches('|').trim_end_matches('|').trim()).collect();
    shape.head_len() >= 2 && shape.match_head(&cells, Match::default()).is_some_and(|(head, used)| used == shape.head_len() && head.first().is_some_and(|n| !n.is_empty()))
}

pub(super) fn read_table(page: &Page<'_>, header: &Header, diags: &mut Diagnostics) -> (Table, Vec<Block>, usize) {
    let (file, lines) = (page.file, page.lines);
    let marker = match header.style {
        Style::PipeCellLines { marker } => marker,
        _ => match lines[header.next..].iter().map(|l| l.trim()).find(|l| !l.is_empty()) {
            Some("|") => RowMarker::BarePipe,
            Some(l) if l.starts_with('|') => RowMarker::LeadingPipe,
            _ => RowMarker::None,
        },
    };
    let mut rows = Rows { file, shape: Shape::new(&header.columns), done: Vec::new(), current: None };
    let mut notes = Vec::new();
    // A cell broken over lines: its first line and the text so far.
    let mut pending: Option<(u32, String)> = None;
    let mut i = header.next;
    while i < lines.len() {
        let t = lines[i].trim();
        let at = i as u32 + 1;
        if pending.is_none() {
            if t.is_empty() {
                i += 1;
                continue;
            }
            if ends_table(lines, i) {
                break;
            }
            // A line without a pipe right over the next table's header titles that table
            // (`状态码: 200`): this table ended before it.
            if !is_cell_line(t) && super::over_header(lines, i) {
                break;
            }
            // A row whose first cell broke over lines before its pipe (`RegionId`, a `deprecated`
            // badge, `|`): the row starts here.
            let cell_ends_soon = (i + 1..(i + 4).min(lines.len())).map(|j| lines[j].trim()).take_while(|l| !l.starts_with('|') || *l == "|").any(|l| l.ends_with('|'));
            if rows.at_boundary() && !is_cell_line(t) && marker != RowMarker::None && cell_ends_soon && super::shape::Kind::Name.accepts(t) {
                rows.start_row(at, diags);
                pending = Some((at, t.to_owned()));
                i += 1;
                continue;
            }
            if rows.at_boundary() && !is_cell_line(t) {
                match super::next_row_after_notes(lines, i, is_cell_line, ends_table) {
                    Some((next, prose)) if prose > 0 => {
                        super::keep_note(file, lines, i, next, &mut notes, diags);
                        i = next;
                        continue;
                    }
                    _ => break,
                }
            }
        }
        i += 1;
        if !t.is_empty() && t.chars().all(|c| c == '|') {
            let mut empty = t.len();
            // The pipe that ends a cell broken over lines.
            if let Some((line, text)) = pending.take() {
                rows.push_cell(line, text);
                empty -= 1;
            } else if rows.at_boundary() && marker != RowMarker::None {
                rows.start_row(at, diags);
                empty -= 1;
            }
            for _ in 0..empty {
                rows.push_cell(at, String::new());
            }
            continue;
        }
        let mut body = t;
        if pending.is_none() {
            if let Some(rest) = body.strip_prefix('|') {
                if marker == RowMarker::LeadingPipe {
                    rows.start_row(at, diags);
                }
                body = rest.trim_start();
            }
        }
        match body.strip_suffix('|') {
            Some(content) => {
                let content = content.trim();
                let (line, cell) = match pending.take() {
                    Some((line, mut text)) => {
                        text.push('\n');
                        text.push_str(content);
                        (line, text)
                    }
                    None => (at, content.to_owned()),
                };
                // Without row markers, a row that left out a cell (no description) ends where the
                // next row's head (a name, then its type and required words) begins.
                if marker == RowMarker::None && rows.partial_after_head() && row_starts_here(lines, i - 1, &rows.shape) {
                    rows.start_row(line, diags);
                }
                rows.push_cell(line, cell);
            }
            None => match pending.as_mut() {
                Some((_, text)) => {
                    text.push('\n');
                    text.push_str(body);
                }
                None => pending = Some((at, body.to_owned())),
            },
        }
    }
    let Rows { done, current, .. } = rows;
    let mut table = Table { line: header.line(), header: header.words.clone(), rows: done };
    let mut cells = current.unwrap_or((0, Vec::new()));
    if let Some((line, text)) = pending {
        if cells.1.is_empty() {
            cells.0 = line;
        }
        cells.1.push(text);
    }
    // A row that lacks its last cells where another table starts (not where the page was cut)
    // left them out: it is kept.
    let head_len = Shape::new(&header.columns).head_len();
    if i < lines.len() && head_len >= 2 && cells.1.len() >= head_len && cells.1.len() < header.columns.len() {
        let (line, row_cells) = std::mem::take(&mut cells);
        diags.warning(Location::line(file, line), "short-row", format!("table row has {} of {} cells where the table ends: `{}`; the rest are empty", row_cells.len(), header.columns.len(), row_cells.join(" | ")));
        let shape = Shape::new(&header.columns);
        let texts: Vec<&str> = row_cells.iter().map(String::as_str).collect();
        let fitted = match shape.match_head(&texts, Match::default()) {
            Some((head, used)) => shape.fit(head, row_cells[used..].to_vec()),
            None => row_cells.clone(),
        };
        table.rows.push(Row { line, cells: fitted });
    }
    // A row that lacks only the cells of untitled last columns (an icon column's, empty in every
    // row) is whole.
    let titled = header.words.iter().rposition(|w| !w.trim().is_empty()).map_or(0, |p| p + 1);
    if !cells.1.is_empty() && cells.1.len() >= titled && titled >= 2 && titled < header.columns.len() {
        let (line, mut row_cells) = std::mem::take(&mut cells);
        row_cells.resize(header.columns.len(), String::new());
        table.rows.push(Row { line, cells: row_cells });
    }
    if !cells.1.is_empty() {
        diags.error(
            Location::line(file, cells.0),
            "incomplete-row",
            format!("table row has {} of {} cells when the table ends: `{}`; row dropped", cells.1.len(), header.columns.len(), cells.1.join(" | ").replace('\n', " ")),
        );
        // Its words stay in the document as text: they may still name things (`esa:Op`).
        notes.push(Block::Text { line: cells.0, text: cells.1.join(" | ").replace('\n', " ") });
    }
    table.rows.retain(|r| !r.cells.is_empty());
    (table, notes, i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Form;

    fn read(text: &str) -> (Vec<Vec<String>>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let doc = super::super::read_as("t.txt", text, Form::PipeLines, &mut diags);
        let rows = doc.blocks.into_iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).flat_map(|t| t.rows).map(|r| r.cells).collect();
        (rows, diags.iter().filter(|d| d.code != "no-table").map(|d| d.to_string()).collect())
    }

    fn expected() -> Vec<Vec<String>> {
        [vec!["Regions", "array", "否", "发布区域列表。", ""], vec!["", "string", "否", "发布区域:\n• 江苏", "jiangsu"], vec!["Mode", "string", "否", "docker|process", ""]]
            .into_iter()
            .map(|r| r.into_iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn every_row_marker_reads_the_same() {
        let leading = "| 名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\n| Regions |\narray |\n否 |\n发布区域列表。 |\n|\n||\nstring |\n否 |\n发布区域:\n• 江苏 |\njiangsu |\n| Mode |\nstring |\n否 |\ndocker|process |\n|\n";
        let bare = "|\n名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\n|\nRegions |\narray |\n否 |\n发布区域列表。 |\n|\n|\n|\nstring |\n否 |\n发布区域:\n• 江苏 |\njiangsu |\n|\nMode |\nstring |\n否 |\ndocker|process |\n|\n";
        let none = "名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\nRegions |\narray |\n否 |\n发布区域列表。 |\n||\nstring |\n否 |\n发布区域:\n• 江苏 |\njiangsu |\nMode |\nstring |\n否 |\ndocker|process |\n|\n";
        for text in [leading, bare, none] {
            let (rows, diags) = read(text);
            assert!(diags.is_empty(), "{diags:?}\n{text}");
            assert_eq!(rows, expected(), "{text}");
        }
    }

    #[test]
    fn rows_that_end_in_an_untitled_empty_cell() {
        // A bare `|` starts each row, and every row ends with an empty cell the header has too;
        // the last row, cut before that cell, is whole.
        let (rows, diags) = read("|\n名称 |\n类型 |\n必填 |\n|\n|\nquery |\nstring |\n是 |\n|\n|\ncity |\nstring |\n否 |\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(rows, [["query", "string", "是", ""], ["city", "string", "否", ""]]);
    }

    #[test]
    fn a_row_cut_off_is_dropped() {
        let (rows, diags) = read("名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\nAppId |\nstring |\n是 |\n应用 ID。 |\napp-1 |\nName |\nstring |\n是 |\n版本");
        assert_eq!(rows.len(), 1);
        assert_eq!(diags, ["t.txt:11: error[incomplete-row]: table row has 4 of 5 cells when the table ends: `Name | string | 是 | 版本`; row dropped"]);
    }
}
