//! Test support (cargo feature `render`): writes a [`Document`] in any supported form, so tests can
//! check that every form of a page reads back to the same spec. Each form has variants for the
//! ways real conversions differ (pipes or not, blank lines or not, row markers, HTML chrome, lists,
//! spans and nesting markers).
//!
//! Rows are written as the model holds them, except that a nameless array item whose empty first
//! cell a pipe conversion dropped (`object | 是 | 单个容器对象 | ||`) is put back in its columns.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diag::Diagnostics;
use crate::doc::{Block, Document, Form, Table};
use crate::interpret::{self, Field};
use crate::lexicon::{self, Column};

/// How a pipe-cell-lines rendering marks where a row starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowMarker {
    /// `| AppId |`
    LeadingPipe,
    /// A line holding only `|`.
    BarePipe,
    /// Nothing: rows are counted.
    None,
}

/// How an HTML rendering shows that a row is nested in the one above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    None,
    /// `└ Name` in an indented cell with a `level-N` class.
    Markers,
    /// An empty leading cell under a name header spanning two columns.
    Colspan,
}

/// One way of writing a document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rendering {
    Pipe { leading: bool, trailing: bool, separator: bool },
    PipeLines { marker: RowMarker, merge_empty: bool },
    CellPerLine { blank_lines: bool },
    RunTogether,
    SpaceSeparated,
    Html { thead: bool, lists: bool, indent: Indent, rowspan: bool, icons: bool, chrome: bool },
}

impl Rendering {
    /// The form a reader should detect for this rendering.
    pub fn form(&self) -> Form {
        match self {
            Rendering::Pipe { .. } => Form::PipeTable,
            Rendering::PipeLines { .. } => Form::PipeLines,
            Rendering::CellPerLine { .. } => Form::CellPerLine,
            Rendering::RunTogether => Form::RunTogether,
            Rendering::SpaceSeparated => Form::SpaceSeparated,
            Rendering::Html { .. } => Form::Html,
        }
    }

    /// A short name for test output.
    pub fn name(&self) -> String {
        format!("{self:?}")
    }

    /// Every rendering the tests use.
    pub fn all() -> Vec<Rendering> {
        let mut out = Vec::new();
        for (leading, trailing, separator) in [(true, true, true), (false, true, true), (true, false, false), (false, false, true), (false, true, false)] {
            out.push(Rendering::Pipe { leading, trailing, separator });
        }
        for marker in [RowMarker::LeadingPipe, RowMarker::BarePipe, RowMarker::None] {
            for merge_empty in [false, true] {
                out.push(Rendering::PipeLines { marker, merge_empty });
            }
        }
        out.push(Rendering::CellPerLine { blank_lines: true });
        out.push(Rendering::CellPerLine { blank_lines: false });
        out.push(Rendering::RunTogether);
        out.push(Rendering::SpaceSeparated);
        out.push(Rendering::Html { thead: true, lists: false, indent: Indent::None, rowspan: false, icons: false, chrome: false });
        out.push(Rendering::Html { thead: false, lists: true, indent: Indent::Markers, rowspan: true, icons: true, chrome: true });
        out.push(Rendering::Html { thead: true, lists: true, indent: Indent::Colspan, rowspan: false, icons: false, chrome: true });
        out
    }
}

/// Writes `doc` as `how` says.
pub fn render(doc: &Document, how: &Rendering) -> String {
    let depths = match how {
        Rendering::Html { indent: Indent::Markers | Indent::Colspan, .. } => depths(doc),
        _ => BTreeMap::new(),
    };
    let mut out = String::new();
    if let Rendering::Html { chrome, .. } = how {
        html_open(&mut out, *chrome);
    }
    let mut bullets_open = false;
    for block in &doc.blocks {
        match (how, block) {
            (Rendering::Html { lists, .. }, Block::Text { text, .. }) if *lists && text.starts_with("• ") => {
                if !bullets_open {
                    out.push_str("<ul>\n");
                    bullets_open = true;
                }
                let _ = writeln!(out, "<li>{}</li>", escape(&text["• ".len()..]));
                continue;
            }
            (Rendering::Html { .. }, _) if bullets_open => {
                out.push_str("</ul>\n");
                bullets_open = false;
            }
            _ => {}
        }
        match (how, block) {
            (Rendering::Html { .. }, Block::Heading { text, .. }) => {
                let _ = writeln!(out, "<h2 id=\"{}\">{}</h2>", text.len(), escape(text));
            }
            (Rendering::Html { .. }, Block::Text { text, .. }) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            (Rendering::Html { .. }, Block::Code(code)) => {
                let _ = writeln!(out, "<pre><code class=\"language-json\">{}</code></pre>", escape_pre(&code.text));
            }
            (Rendering::Html { thead, lists, indent, rowspan, icons, .. }, Block::Table(table)) => {
                html_table(&mut out, table, &HtmlTable { thead: *thead, lists: *lists, indent: *indent, rowspan: *rowspan, icons: *icons }, &depths);
            }
            (_, Block::Heading { text, .. } | Block::Text { text, .. }) => {
                out.push_str(text);
                out.push_str("\n\n");
            }
            (_, Block::Code(code)) => {
                out.push_str(&code.text);
                out.push_str("\n\n");
            }
            (_, Block::Table(table)) => {
                text_table(&mut out, table, how);
                out.push('\n');
            }
        }
    }
    if bullets_open {
        out.push_str("</ul>\n");
    }
    if let Rendering::Html { chrome, .. } = how {
        html_close(&mut out, *chrome);
    }
    out
}

/// A table's rows, each with as many cells as the header, a dropped empty first cell put back.
fn rows(table: &Table) -> Vec<Vec<String>> {
    let columns: Vec<Option<Column>> = table.header.iter().map(|h| lexicon::column(h)).collect();
    let at = |c: Column| columns.iter().position(|x| *x == Some(c));
    table
        .rows
        .iter()
        .map(|row| {
            let mut cells = row.cells.clone();
            if let (Some(name), Some(ty)) = (at(Column::Name), at(Column::Type)) {
                let shifted = cells.get(name).is_some_and(|c| lexicon::is_type(c)) && cells.get(ty).is_some_and(|c| !lexicon::is_type(c));
                if shifted {
                    cells.insert(name, String::new());
                    if cells.len() > table.header.len() && cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                }
            }
            cells.resize(table.header.len(), String::new());
            cells
        })
        .collect()
}

fn columns(table: &Table) -> Vec<Option<Column>> {
    table.header.iter().map(|h| lexicon::column(h)).collect()
}

/// The columns whose cells the text readers find by their words, as [`super::shape`] does.
fn head_len(columns: &[Option<Column>]) -> usize {
    let head = columns.iter().take_while(|c| matches!(c, Some(Column::Name | Column::Type | Column::Required | Column::Location | Column::Status | Column::ErrorCode))).count();
    if head == 1 && columns[0] == Some(Column::Name) {
        0
    } else {
        head
    }
}

fn text_table(out: &mut String, table: &Table, how: &Rendering) {
    let rows = rows(table);
    let columns = columns(table);
    match how {
        Rendering::Pipe { leading, trailing, separator } => {
            let line = |cells: &[String]| {
                let mut s = String::new();
                if *leading {
                    s.push_str("| ");
                }
                s.push_str(&cells.join(" | "));
                if *trailing {
                    s.push_str(" |");
                }
                s
            };
            let _ = writeln!(out, "{}", line(&table.header));
            if *separator {
                let _ = writeln!(out, "{}", line(&vec!["---".to_owned(); table.header.len()]));
            }
            for row in &rows {
                let _ = writeln!(out, "{}", line(row));
            }
        }
        Rendering::PipeLines { marker, merge_empty } => {
            for row in std::iter::once(&table.header).chain(&rows) {
                for line in pipe_lines_row(row, *marker, *merge_empty) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
        Rendering::CellPerLine { blank_lines } => {
            let sep = if *blank_lines { "\n\n" } else { "\n" };
            out.push_str(&table.header.join(sep));
            out.push_str(sep);
            for row in &rows {
                for cell in row {
                    if cell.is_empty() && *blank_lines {
                        continue;
                    }
                    out.push_str(cell);
                    out.push_str(sep);
                }
            }
        }
        Rendering::RunTogether => {
            out.push_str(&table.header.concat());
            out.push('\n');
            let head = head_len(&columns);
            let glued_rows = columns.contains(&Some(Column::ErrorCode)) || (columns.contains(&Some(Column::Status)) && !columns.contains(&Some(Column::Name)));
            for row in &rows {
                if glued_rows {
                    let _ = writeln!(out, "{}", row.concat());
                } else if head == 0 {
                    for cell in row.iter().filter(|c| !c.is_empty()) {
                        let _ = writeln!(out, "{cell}");
                    }
                } else {
                    let _ = writeln!(out, "{}", row[..head].concat());
                    for cell in row[head..].iter().filter(|c| !c.is_empty()) {
                        let _ = write!(out, "\n{cell}\n");
                    }
                }
            }
        }
        Rendering::SpaceSeparated => {
            out.push_str(&table.header.join(" "));
            out.push('\n');
            let head = head_len(&columns);
            let description = columns.iter().position(|c| *c == Some(Column::Description));
            for row in &rows {
                if head == 0 {
                    let cells: Vec<&str> = row.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
                    let _ = writeln!(out, "{}", cells.join(" ").replace('\n', " "));
                    continue;
                }
                let on_line: Vec<&str> = row.iter().enumerate().filter(|(i, c)| Some(*i) != description && !c.is_empty()).map(|(_, c)| c.as_str()).collect();
                let _ = writeln!(out, "{}", on_line.join(" ").replace('\n', " "));
                if let Some(d) = description.map(|d| &row[d]).filter(|d| !d.is_empty()) {
                    let _ = writeln!(out, "{d}");
                }
                out.push('\n');
            }
        }
        Rendering::Html { .. } => unreachable!("HTML tables are written by html_table"),
    }
}

/// One row as pipe-delimited cell lines: each cell on its own line ending in ` |` (a cell of
/// several lines ends on its last), empty cells as `|` or run together as `||`, the row marked as
/// `marker` says.
fn pipe_lines_row(cells: &[String], marker: RowMarker, merge_empty: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if marker == RowMarker::BarePipe {
        lines.push("|".to_owned());
    }
    // The leading pipe of the row, until a line has carried it.
    let mut lead = if marker == RowMarker::LeadingPipe { "|" } else { "" };
    let mut empties = 0;
    let flush_empties = |lines: &mut Vec<String>, empties: &mut usize, lead: &mut &str| {
        if *empties == 0 {
            return;
        }
        if merge_empty {
            lines.push(format!("{lead}{}", "|".repeat(*empties)));
        } else {
            lines.push(format!("{lead}|"));
            lines.extend((1..*empties).map(|_| "|".to_owned()));
        }
        *empties = 0;
        *lead = "";
    };
    for cell in cells {
        if cell.is_empty() {
            empties += 1;
            continue;
        }
        flush_empties(&mut lines, &mut empties, &mut lead);
        let mut cell_lines: Vec<String> = cell.lines().map(str::to_owned).collect();
        if let Some(first) = cell_lines.first_mut() {
            if !lead.is_empty() {
                *first = format!("{lead} {first}");
                lead = "";
            }
        }
        if let Some(last) = cell_lines.last_mut() {
            last.push_str(" |");
        }
        lines.extend(cell_lines);
    }
    flush_empties(&mut lines, &mut empties, &mut lead);
    lines
}

/// How deep each row of a field table is nested, by its line: what the interpreter made of it.
fn depths(doc: &Document) -> BTreeMap<u32, usize> {
    let mut out = BTreeMap::new();
    let Some(page) = interpret::interpret(doc, &mut Diagnostics::new()) else { return out };
    fn walk(fields: &[Field], depth: usize, out: &mut BTreeMap<u32, usize>) {
        for f in fields {
            out.entry(f.line).or_insert(depth);
            walk(&f.children, depth + 1, out);
        }
    }
    walk(&page.request, 0, &mut out);
    walk(&page.response, 0, &mut out);
    for component in page.components.values() {
        walk(&component.fields, 0, &mut out);
    }
    out
}

fn html_open(out: &mut String, chrome: bool) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>API</title>\n");
    if chrome {
        out.push_str("<style>td { padding: 4px; }</style>\n<script>window.nav = '<table><tr><th>名称</th><th>类型</th></tr></table>';</script>\n");
    }
    out.push_str("</head>\n<body>\n");
    if chrome {
        out.push_str("<header class=\"site-header\"><nav><a href=\"/\">All Products</a> <a href=\"#req\">请求参数</a> <a href=\"#err\">Error codes</a></nav></header>\n");
        out.push_str("<div class=\"layout\"><aside class=\"side-menu\"><p>Request parameters</p><p>返回参数</p></aside>\n");
        out.push_str("<main>\n<div class=\"toc\"><p>请求参数</p><p>错误码</p></div>\n<article>\n");
    }
}

fn html_close(out: &mut String, chrome: bool) {
    if chrome {
        out.push_str("</article>\n<div class=\"feedback\"><p>Was this helpful?</p></div>\n</main></div>\n<footer><p>状态码</p><p>Copyright</p></footer>\n<script>track('请求参数');</script>\n");
    }
    out.push_str("</body>\n</html>\n");
}

struct HtmlTable {
    thead: bool,
    lists: bool,
    indent: Indent,
    rowspan: bool,
    icons: bool,
}

fn html_table(out: &mut String, table: &Table, how: &HtmlTable, depths: &BTreeMap<u32, usize>) {
    let rows = rows(table);
    let columns = columns(table);
    let name_at = columns.iter().position(|c| *c == Some(Column::Name));
    let status_at = columns.iter().position(|c| *c == Some(Column::Status));
    let required_at = columns.iter().position(|c| *c == Some(Column::Required));
    let colspan = how.indent == Indent::Colspan && name_at.is_some();
    out.push_str("<table class=\"params\">\n");
    let header: String = table
        .header
        .iter()
        .enumerate()
        .map(|(i, h)| if colspan && Some(i) == name_at { format!("<th colspan=\"2\">{}</th>", escape(h)) } else { format!("<th>{}</th>", escape(h)) })
        .collect();
    if how.thead {
        let _ = writeln!(out, "<thead><tr>{header}</tr></thead>\n<tbody>");
    } else {
        let _ = writeln!(out, "<tbody><tr>{header}</tr>");
    }
    let mut n = 0;
    while n < rows.len() {
        let row = &rows[n];
        let depth = depths.get(&table.rows[n].line).copied().unwrap_or(0);
        let mut tds = String::new();
        for (i, cell) in row.iter().enumerate() {
            let mut attrs = String::new();
            let mut text = cell_html(cell, how.lists);
            if Some(i) == name_at {
                match how.indent {
                    Indent::Markers if depth > 0 => {
                        let _ = write!(attrs, " class=\"level-{depth}\" style=\"padding-left: {}px\"", depth * 16);
                        text = format!("{}└ {text}", "&nbsp;&nbsp;".repeat(depth - 1));
                    }
                    Indent::Colspan if depth > 0 => tds.push_str("<td></td>"),
                    Indent::Colspan => attrs.push_str(" colspan=\"2\""),
                    _ => {}
                }
            }
            if Some(i) == required_at && how.icons {
                if let Some(yes) = lexicon::required_value(cell) {
                    text = format!("<img src=\"{}.svg\" alt=\"{}\">", if yes { "check" } else { "cross" }, escape(cell));
                }
            }
            if Some(i) == status_at && how.rowspan {
                let first = n == 0 || rows[n - 1][i] != *cell;
                if !first {
                    continue;
                }
                let down = rows[n..].iter().take_while(|r| r[i] == *cell).count();
                if down > 1 {
                    let _ = write!(attrs, " rowspan=\"{down}\"");
                }
            }
            let _ = write!(tds, "<td{attrs}>{text}</td>");
        }
        let _ = writeln!(out, "<tr>{tds}</tr>");
        n += 1;
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A cell's lines: bullets as a list when `lists` (other lines then paragraphs), else lines
/// separated by `<br>`.
fn cell_html(cell: &str, lists: bool) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for (n, line) in cell.lines().enumerate() {
        if lists && line.starts_with("• ") {
            if !in_list {
                out.push_str("<ul>");
                in_list = true;
            }
            let _ = write!(out, "<li>{}</li>", escape(&line["• ".len()..]));
            continue;
        }
        if in_list {
            out.push_str("</ul>");
            in_list = false;
        }
        match (lists, n) {
            (_, 0) => out.push_str(&escape(line)),
            (true, _) => {
                let _ = write!(out, "<p>{}</p>", escape(line));
            }
            (false, _) => {
                let _ = write!(out, "<br>{}", escape(line));
            }
        }
    }
    if in_list {
        out.push_str("</ul>");
    }
    out
}

/// Text as HTML: markup characters escaped, runs of spaces kept with `&nbsp;`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = false;
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            ' ' if prev_space => out.push_str("&nbsp;"),
            '\t' => out.push_str("&nbsp;"),
            _ => out.push(c),
        }
        prev_space = c == ' ';
    }
    out
}

/// Text inside `pre`: only markup characters escaped.
fn escape_pre(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_spaces_and_markup() {
        assert_eq!(escape("a  b <c> & \"d\""), "a &nbsp;b &lt;c&gt; &amp; &quot;d&quot;");
        assert_eq!(cell_html("Valid values:\n• a\n• b", true), "Valid values:<ul><li>a</li><li>b</li></ul>");
        assert_eq!(cell_html("x\ny", false), "x<br>y");
    }
}
