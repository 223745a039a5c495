//! Readers: a document in one of the supported forms -> [`Document`]. The form is detected from
//! the content, never from the file name: HTML by its tags, PDF text by its page furniture, and
//! the text forms by how the rows under their table headers look. Every text reader accepts a
//! header in any style (`header`); rows without delimiters are found by their content
//! (`shape`).

mod cell_per_line;
mod code;
mod header;
mod html;
pub mod markdown;
pub mod pdf;
mod pipe;
mod pipe_lines;
#[cfg(any(test, feature = "render"))]
pub mod render;
mod run_together;
mod shape;
mod space_separated;

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Document, Form, Table};
use crate::lexicon::{self, Column};
use header::{Header, Style};
use shape::{Joined, Match, Shape};

/// Every form a reader exists for, in the order detection prefers them on a tie.
pub const FORMS: &[Form] = &[Form::Html, Form::PdfText, Form::Markdown, Form::PipeTable, Form::PipeLines, Form::RunTogether, Form::SpaceSeparated, Form::CellPerLine];

/// Detects the form of `text` and reads it.
pub fn read(file: &str, text: &str, diags: &mut Diagnostics) -> Document {
    let form = detect_form(text);
    if matches!(form, Form::Html | Form::PdfText) {
        return read_as(file, text, form, diags);
    }
    match tabs_as_pipes(text) {
        std::borrow::Cow::Owned(piped) => read_as(file, &piped, detect_form(&piped), diags),
        std::borrow::Cow::Borrowed(_) => read_as(file, text, form, diags),
    }
}

/// A table copied from a browser separates its cells with tabs, one row per line (`名称\t类型\t
/// 描述`): where a line of tab-separated header words shows such a table, every line with tabs
/// between its cells is written as the pipe row it stands for, empty cells kept. Lines keep their
/// numbers; other text (tabs that only indent) is left as it is. (HTML and PDF text are read as
/// they are: see [`read`].)
fn tabs_as_pipes(text: &str) -> std::borrow::Cow<'_, str> {
    let cells = |line: &str| -> Option<Vec<String>> {
        let t = line.trim();
        t.contains('\t').then(|| t.split('\t').map(|c| c.trim().to_owned()).collect())
    };
    let tab_header = |line: &str| cells(line).is_some_and(|c| c.len() >= 2 && c.iter().all(|w| lexicon::column(w).is_some()));
    if !text.contains('\t') || !text.lines().any(tab_header) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        match cells(line) {
            Some(c) => {
                out.push_str("| ");
                out.push_str(&c.join(" | "));
                out.push_str(" |");
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

/// Reads `text` as the given form, whatever it looks like.
pub fn read_as(file: &str, text: &str, form: Form, diags: &mut Diagnostics) -> Document {
    let lines: Vec<&str> = text.lines().collect();
    let mut table_forms = Vec::new();
    let blocks = match form {
        Form::Html => html::read(file, text, diags),
        Form::PdfText => pdf::read(file, &lines, diags),
        Form::Markdown => markdown::read(file, &lines, diags),
        Form::PipeTable | Form::RunTogether | Form::CellPerLine | Form::PipeLines | Form::SpaceSeparated => read_text(file, &lines, diags, form, &mut table_forms),
    };
    // Forms with one kind of table: every table is in the document's form.
    if table_forms.is_empty() {
        table_forms = blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some((t.line, form)) } else { None }).collect();
    }
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        diags.warning(Location::file(file), "no-table", format!("no parameter, response or error table found; read as {}", form.name()));
    }
    Document { file: file.to_owned(), form, blocks, table_forms }
}

/// The form of `text`: HTML and PDF text by their marks; a text form by the rows under its table
/// headers, the form of most tables winning; run-together when there is no table.
pub fn detect_form(text: &str) -> Form {
    if pdf::looks_like_pdf_text(text) {
        return Form::PdfText;
    }
    if html::looks_like_html(text) {
        return Form::Html;
    }
    if markdown::looks_like_markdown(text) {
        return Form::Markdown;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut votes: Vec<(Form, usize)> = FORMS.iter().map(|f| (*f, 0)).collect();
    let mut i = 0;
    while i < lines.len() {
        match header::find(&lines, i) {
            Some(h) => {
                let form = rows_form(&lines, &h);
                if let Some(v) = votes.iter_mut().find(|(f, _)| *f == form) {
                    v.1 += 1;
                }
                i = h.next.max(i + 1);
            }
            None => i += 1,
        }
    }
    // The first form with the most votes.
    let best = votes.iter().fold((Form::RunTogether, 0), |best, &(form, n)| if n > best.1 { (form, n) } else { best });
    best.0
}

static GLUED_STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[1-5]\d\d\S").expect("valid regex"));
static SPACED_STATUS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[1-5]\d\d\s+\S").expect("valid regex"));

/// The form of the rows under a header, judged by the first rows whose words tell (a pipe, a
/// glued head, a spaced head, a head over several lines); the header's own style when none does.
fn rows_form(lines: &[&str], h: &Header) -> Form {
    let by_header = match h.style {
        Style::PipeRow => Form::PipeTable,
        Style::Glued => Form::RunTogether,
        Style::Spaced => Form::SpaceSeparated,
        Style::CellLines { .. } => Form::CellPerLine,
        Style::PipeCellLines { .. } => Form::PipeLines,
    };
    // The table's own rows: up to the next header.
    let from = h.next.min(lines.len());
    let end = (from..lines.len()).find(|&j| header::find(lines, j).is_some()).unwrap_or(lines.len());
    let rows: Vec<&str> = lines[from..end].iter().map(|l| l.trim()).filter(|l| !l.is_empty() && !header::is_separator(l)).take(8).collect();
    let Some(first) = rows.first().copied() else { return by_header };
    if lexicon::section(first).is_some() {
        return by_header;
    }
    if first.contains('|') {
        // Pipe tables whose rows wrap still have rows of several cells; in pipe-delimited cell
        // lines no line holds two.
        // A pipe inside a cell (`docker|process`, `(1C2G | 2C4G)`) separates nothing: a row of
        // several cells has a spaced pipe outside parentheses between them.
        let several_cells = |l: &str| {
            let mut depth = 0i32;
            let outside: String = l.trim().trim_matches('|').chars().filter(|c| {
                depth += match c { '(' | '（' => 1, ')' | '）' => -1, _ => 0 };
                depth <= 0 && !matches!(c, ')' | '）')
            }).collect();
            outside.contains(" | ")
        };
        let several = rows.iter().take_while(|l| lexicon::section(l).is_none()).any(|l| several_cells(l));
        return if several { Form::PipeTable } else { Form::PipeLines };
    }
    let shape = Shape::new(&h.columns);
    if h.columns.contains(&Column::ErrorCode) || (h.columns.contains(&Column::Status) && shape.head_len() > 0) {
        if GLUED_STATUS.is_match(first) {
            return Form::RunTogether;
        }
        if SPACED_STATUS.is_match(first) {
            return Form::SpaceSeparated;
        }
    }
    if shape.head_len() == 0 {
        return by_header;
    }
    let strict = Match::default();
    let loose = Match { loose_required: true, ..strict };
    let glued = [shape.line_regex(Joined::Glued, strict), shape.line_regex(Joined::Glued, loose)];
    // A glued head with the rest of its row glued on (`ActionStringYesDescribeX The action...`).
    let glued_rest_of = |how: Match| shape.line_regex(Joined::Glued, how).and_then(|r| Regex::new(&format!("{}(?P<rest>[^a-z_\\s].*)$", r.as_str().trim_end_matches('$'))).ok());
    let glued_rest = glued_rest_of(strict);
    // Without its required word (icons lost) the head needs a capital type word to show where the
    // name ends (`ActionStringDescribeRegions要执行的操作`).
    let glued_rest_loose = shape.has_required().then(|| glued_rest_of(loose)).flatten();
    let spaced = [shape.line_regex(Joined::Spaced, strict), shape.line_regex(Joined::Spaced, loose)];
    // The first row that says which form it is: a nameless `object` alone could be a row of
    // run-together cells or the type cell of one cell per line.
    for (k, line) in rows.iter().enumerate() {
        if lexicon::section(line).is_some() {
            break;
        }
        let cells = &rows[k..];
        if [strict, loose].iter().any(|how| shape.match_head(cells, *how).is_some_and(|(head, used)| used > 1 && !head[0].is_empty())) {
            return Form::CellPerLine;
        }
        // A status code alone says nothing: run together it would have its description glued on.
        let glued_named = glued.iter().flatten().find_map(|r| r.captures(line)).filter(|c| shape.head_len() > 1 && c.get(1).is_some_and(|m| !m.as_str().is_empty()));
        if glued_named.is_some() && !line.contains(char::is_whitespace) {
            return Form::RunTogether;
        }
        // With a name and a type alone, the type must start with a capital (`SalesArray of
        // SaleSee ...`), so the name's end shows.
        let head_glued_to_rest = glued_rest.as_ref().and_then(|r| r.captures(line)).is_some_and(|c| {
            let capital_type = c.get(2).is_some_and(|t| t.as_str().starts_with(|ch: char| ch.is_ascii_uppercase()));
            (shape.head_len() > 2 || (shape.head_len() == 2 && capital_type)) && c.get(1).is_some_and(|m| m.as_str().len() > 1 && !m.as_str().contains(char::is_whitespace))
        });
        if head_glued_to_rest && line.split_whitespace().next().is_none_or(|w| w.len() >= 6) {
            return Form::RunTogether;
        }
        let loose_glued_to_rest = glued_rest_loose.as_ref().and_then(|r| r.captures(line)).is_some_and(|c| {
            let capital_type = c.get(2).is_some_and(|t| t.as_str().starts_with(|ch: char| ch.is_ascii_uppercase()));
            capital_type && c.get(1).is_some_and(|m| m.as_str().len() > 1) && line.split_whitespace().next().is_some_and(|w| w.len() >= 6)
        });
        if loose_glued_to_rest && h.style == Style::Glued {
            return Form::RunTogether;
        }
        if line.contains(char::is_whitespace) && spaced.iter().flatten().any(|r| r.captures(line).is_some_and(|c| c.get(1).is_some_and(|m| !m.as_str().is_empty()))) {
            return Form::SpaceSeparated;
        }
    }
    by_header
}

/// The index of the first non-blank line after `lines[i]`.
fn next_nonblank(lines: &[&str], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
}

/// Whether `lines[i]` stands right over the next table's header.
fn over_header(lines: &[&str], i: usize) -> bool {
    next_nonblank(lines, i).is_some_and(|j| header::find(lines, j).is_some())
}

/// `Response` over a table, its caption and a bullet between them: a section title.
fn bare_section_over_table(lines: &[&str], i: usize) -> bool {
    lexicon::bare_section(lines[i]).is_some() && (i + 1..lines.len()).filter(|&j| !lines[j].trim().is_empty()).take(3).any(|j| header::find(lines, j).is_some())
}

/// A type's name alone right over the next table's header (`ESInstanceInfoDTO`, `Instance`), a
/// name with a label (`ProductInfo参数`, `X contains the following parameters:`) or a few
/// capitalised words (`Response Item`): the title of that table, not a cell of the one before.
fn titles_next_table(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    // Or a title of a few capitalised words (`Response Item`), as a row's description may name
    // the table below.
    let words: Vec<&str> = t.split(' ').collect();
    let title_words = (2..=4).contains(&words.len()) && words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.chars().all(|c| c.is_ascii_alphanumeric()));
    // A field's name in lower case (`data`, `result`) titles its object's table too.
    let field_name = t.len() > 2 && t.starts_with(|c: char| c.is_ascii_lowercase()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (lexicon::is_type_name(t) || lexicon::labelled_name(t).is_some() || title_words || field_name) && over_header(lines, i)
}

/// Whether `lines[i]` ends the table before it, in the text forms whose rows are lines: a section
/// title (`Response` over a table too), a table's title or another header.
fn ends_line_table(lines: &[&str], i: usize) -> bool {
    lexicon::section(lines[i]).is_some() || lexicon::is_table_title(lines[i]) || header::find(lines, i).is_some() || titles_next_table(lines, i) || bare_section_over_table(lines, i)
}

/// The reader of a text form's tables.
fn text_reader(form: Form) -> TableReader {
    match form {
        Form::PipeTable => pipe::read_table,
        Form::PipeLines => pipe_lines::read_table,
        Form::CellPerLine => cell_per_line::read_table,
        Form::SpaceSeparated => space_separated::read_table,
        _ => run_together::read_table,
    }
}

/// What a text reader does with a table: reads its rows from `header.next` and returns the table,
/// the blocks that followed its rows but belong to none (notes, prose after the last row), and the
/// index of the first line after it.
type TableReader = fn(&Page<'_>, &Header, &mut Diagnostics) -> (Table, Vec<Block>, usize);

/// What every table reader knows of the page: its file, its lines, and what is read once per page
/// (the names its numbered captions give their tables).
pub(super) struct Page<'a> {
    pub file: &'a str,
    pub lines: &'a [&'a str],
    pub captioned: Vec<String>,
}

/// The loop every text form shares: a table where a header starts, a JSON example where one
/// starts, prose elsewhere.
fn read_text(file: &str, lines: &[&str], diags: &mut Diagnostics, page_form: Form, table_forms: &mut Vec<(u32, Form)>) -> Vec<Block> {
    let page = Page { file, lines, captioned: cell_per_line::captioned_names(lines) };
    let mut blocks = Vec::new();
    // Pipe headers with no rows under them, in order, with their tables' blocks: some pages
    // print every table's header first and all the rows, one cell per line, after the last one.
    let mut rowless: std::collections::VecDeque<(usize, Header, Shape)> = std::collections::VecDeque::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(h) = header::find(lines, i) {
            // Pages mix forms: each table is read in the form its own rows have.
            // Pipes are unambiguous evidence; the other forms' rows can look alike, so without
            // pipes the page's form decides.
            let form = match rows_form(lines, &h) {
                pipes @ (Form::PipeTable | Form::PipeLines) => pipes,
                // A header and rows in the same form agree: one word per line over one cell per
                // line, a glued header over glued rows.
                Form::CellPerLine if matches!(h.style, Style::CellLines { .. }) => Form::CellPerLine,
                Form::RunTogether if h.style == Style::Glued => Form::RunTogether,
                _ => page_form,
            };
            let (t, after, next) = text_reader(form)(&page, &h, diags);
            table_forms.push((t.line, form));
            if let Some(caption) = &h.caption {
                blocks.push(Block::Text { line: h.line(), text: caption.clone() });
            }
            if t.rows.is_empty() && form == Form::PipeTable {
                rowless.push_back((blocks.len(), h.clone(), Shape::new(&h.columns)));
            }
            blocks.push(Block::Table(t));
            blocks.extend(after);
            i = next.max(h.next).max(i + 1);
            continue;
        }
        if let Some(h) = header::implied(lines, i) {
            diags.note(Location::line(file, h.line()), "implied-header", format!("a table without a header under `{}`: its columns read as {}", lines[..i].iter().rev().find(|l| !l.trim().is_empty()).map_or("", |l| l.trim()), h.words.join(", ")));
            let (t, after, next) = cell_per_line::read_table(&page, &h, diags);
            table_forms.push((t.line, Form::CellPerLine));
            blocks.push(Block::Table(t));
            blocks.extend(after);
            i = next.max(i + 1);
            continue;
        }
        if let Some((block, next, rest)) = code::take_json(lines, i, code::label_before(lines, i)) {
            let line = next as u32;
            blocks.push(Block::Code(block));
            blocks.extend(rest.and_then(|r| prose(line, r)));
            i = next;
            continue;
        }
        // `Response` over a table (its caption and a bullet may come between) titles it.
        if bare_section_over_table(lines, i) {
            blocks.push(Block::Heading { line: i as u32 + 1, text: lines[i].trim().to_owned() });
            i += 1;
            continue;
        }
        if let Some((at, h, end)) = rows_apart(lines, &mut rowless, i) {
            // Read as one cell per line up to where the next rowless header's rows start.
            let apart = Header { start: i, next: i, style: Style::CellLines { blank_separated: false }, caption: None, ..h.clone() };
            let (t, after, next) = cell_per_line::read_table(&Page { file, lines: &lines[..end], captioned: page.captioned.clone() }, &apart, diags);
            if let Some(Block::Table(table)) = blocks.get_mut(at).filter(|_| !t.rows.is_empty()) {
                diags.note(Location::line(file, i as u32 + 1), "rows-apart", format!("the header at line {} has no rows under it; the rows from here, in its columns, are its rows", h.line()));
                table.rows = t.rows;
                blocks.extend(after);
                i = next.max(i + 1);
                continue;
            }
        }
        if let Some(unknown) = header::unknown_titles(lines[i]) {
            diags.warning(
                Location::line(file, i as u32 + 1),
                "unknown-column",
                format!("`{}` reads as a table header but for {}, which no column title the reader knows; the rows under it are read as text", lines[i].trim(), unknown.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")),
            );
        }
        blocks.extend(prose(i as u32 + 1, lines[i]));
        i += 1;
    }
    blocks
}

/// The first of the rowless headers (see `read_text`) whose rows start at `lines[i]`, one cell per
/// line, with where its rows end: where the next one's rows start. The headers before it are
/// dropped: their tables have no rows on the page.
fn rows_apart(lines: &[&str], rowless: &mut std::collections::VecDeque<(usize, Header, Shape)>, i: usize) -> Option<(usize, Header, usize)> {
    // The index of the line after the head of a row of `shape` that starts at `lines[j]`.
    let head_end = |shape: &Shape, j: usize| {
        if lines[j].trim().is_empty() {
            return None;
        }
        let cells: Vec<(usize, &str)> = lines.iter().enumerate().skip(j).map(|(k, l)| (k, l.trim())).filter(|(_, l)| !l.is_empty()).take(shape.len() + 1).collect();
        let texts: Vec<&str> = cells.iter().map(|(_, t)| *t).collect();
        let (_, used) = shape.match_head(&texts, Match::default())?;
        Some(cells[used - 1].0 + 1)
    };
    let first = rowless.iter().position(|(_, _, shape)| head_end(shape, i).is_some())?;
    rowless.drain(..first);
    let (at, h, shape) = rowless.pop_front()?;
    let from = head_end(&shape, i)?;
    let end = rowless.front().and_then(|(_, _, next)| (from..lines.len()).find(|&j| head_end(next, j).is_some() && head_end(&shape, j).is_none())).unwrap_or(lines.len());
    Some((at, h, end))
}

/// The block for a line that is neither table nor code: a heading when the lexicon knows it.
/// How many lines of prose may stand between two rows of one table (a note) before the table is
/// taken to have ended.
const MAX_NOTE_LINES: usize = 3;

/// The index of the next line at or after `i` that `is_row` accepts and how many lines of prose
/// stand before it; `None` when `ends_table` comes first or the prose runs longer than a note.
fn next_row_after_notes(lines: &[&str], i: usize, is_row: impl Fn(&str) -> bool, ends_table: impl Fn(&[&str], usize) -> bool) -> Option<(usize, usize)> {
    let mut prose = 0;
    for (j, line) in lines.iter().enumerate().skip(i) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if ends_table(lines, j) {
            return None;
        }
        if is_row(t) {
            return Some((j, prose));
        }
        // A list item continues the note above it.
        if t.starts_with('•') {
            continue;
        }
        prose += 1;
        if prose > MAX_NOTE_LINES {
            return None;
        }
    }
    None
}

/// Keeps the note between two rows (`lines[from..to]`) as text after the table, each line with a
/// `text-between-rows` diagnostic.
fn keep_note(file: &str, lines: &[&str], from: usize, to: usize, notes: &mut Vec<Block>, diags: &mut Diagnostics) {
    for (n, note) in lines[from..to].iter().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = (from + n) as u32 + 1;
        diags.note(Location::line(file, at), "text-between-rows", format!("`{}` stands between two rows of the table and belongs to neither; kept as text after the table", note.trim()));
        notes.push(Block::Text { line: at, text: note.trim().to_owned() });
    }
}

fn prose(line_no: u32, line: &str) -> Option<Block> {
    let text = line.trim();
    if text.is_empty() {
        return None;
    }
    Some(if lexicon::section(text).is_some() {
        Block::Heading { line: line_no, text: text.to_owned() }
    } else {
        Block::Text { line: line_no, text: text.to_owned() }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_copied_from_a_browser_is_read_as_its_pipe_rows() {
        let text = "请求参数\n名称\t类型\t示例值\t描述\nItems\tArray of Item\t\t列表。\n{\n\t\"a\": 1\n}\n";
        assert_eq!(tabs_as_pipes(text), "请求参数\n| 名称 | 类型 | 示例值 | 描述 |\n| Items | Array of Item |  | 列表。 |\n{\n\t\"a\": 1\n}\n");
        // Tabs that only indent, without a header of tab-separated titles, change nothing.
        let indented = "{\n\t\"a\": 1\n}\n";
        assert!(matches!(tabs_as_pipes(indented), std::borrow::Cow::Borrowed(_)));
    }

    /// Headers printed first, each over no rows, and every table's rows one cell per line after
    /// the last: each header takes the rows in its columns, in order.
    #[test]
    fn rows_after_all_the_headers_go_to_each_header_in_turn() {
        let text = "StartInstances\nParameter Name | Required | Type | Description |\n---|---|---|---|\nParameter Name | Type | Description |\n---|---|---|\nHTTP Status Code | Error Code | Description |\n---|---|---|\ninstanceIds\nYes\nArray of String\nInstance IDs.\nUp to 100 per request.\nrequestId\nString\nThe request ID.\n404\nINVALID_INSTANCE_NOT_FOUND\nInstance does not exist.\n";
        let mut diags = Diagnostics::default();
        let doc = read("start.txt", text, &mut diags);
        let rows: Vec<Vec<&str>> = doc.blocks.iter().filter_map(|b| match b { Block::Table(t) => Some(t.rows.iter().map(|r| r.cells[0].as_str()).collect()), _ => None }).collect();
        assert_eq!(rows, [vec!["instanceIds"], vec!["requestId"], vec!["404"]]);
    }
}
