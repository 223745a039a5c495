//! One cell per line: every table cell on a line of its own, often with blank lines between the
//! cells, and nothing that marks where a row ends. Rows are recovered from the header's columns
//! and the cells' contents: a row starts where its head matches (a name, then a type, then a
//! required word; see [`super::shape`]), and the cells up to the next row's head fill the free
//! columns.
//!
//! When blank lines separate the cells, a cell is a paragraph (a description with a list stays
//! together) and empty cells are lost; otherwise every line is a cell, a blank line is an empty
//! cell, and surplus lines join the description.

use super::code;
use super::Page;
use super::header::{self, Header, Style};
use super::shape::{Joined, Match, Shape};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// The longest JSON example that can end a table.
const MAX_EXAMPLE_LINES: usize = 2000;

/// A cell and the line it starts on.
type Cell = (u32, String);

/// Whether `lines[i]` ends a table: a section title, a table title (`表5 VolumeDTO`), a status
/// line (`Status code: 400`), another header, a JSON example of more than one line (a one-line
/// JSON value, or one that does not parse, is an example cell).
fn ends_table(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    let section = lexicon::section(t).is_some();
    if section && is_description_cell(lines, i) {
        return false;
    }
    if section || lexicon::is_table_title(t) || lexicon::status_line(t).is_some() || header::find(lines, i).is_some() {
        return true;
    }
    if super::titles_next_table(lines, i) || super::bare_section_over_table(lines, i) {
        return true;
    }
    // The request line (`GET https://{Endpoint}/v2/...`), and a one-word title over it (`Request`).
    static REQUEST_LINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:GET|POST|PUT|DELETE|PATCH|HEAD)\s+(?:https?://|/)\S*$").expect("valid regex"));
    let one_word_title = t.len() > 2 && t.chars().all(|c| c.is_ascii_alphabetic()) && t.starts_with(|c: char| c.is_ascii_uppercase());
    if REQUEST_LINE.is_match(t) || (one_word_title && super::next_nonblank(lines, i).is_some_and(|j| REQUEST_LINE.is_match(lines[j].trim()))) {
        return true;
    }
    // Looking no further than an example can be long keeps an unbalanced cell from costing a scan
    // to the end of the page.
    let window = &lines[..(i + MAX_EXAMPLE_LINES).min(lines.len())];
    // A cell that announces the form of its value (`每项数据格式为:`) goes on with the JSON.
    let announced = lines[..i].iter().rev().map(|l| l.trim()).find(|l| !l.is_empty()).is_some_and(|l| l.ends_with([':', '：']));
    !announced && t.starts_with(['{', '[']) && code::take_json(window, i, None).is_some_and(|(block, next, _)| next > i + 1 && serde_json::from_str::<serde_json::Value>(&block.text).is_ok())
}

/// Whether a line that reads as a section's title (`返回数据`, "returned data") stands where a
/// row's description does: after a type cell, with a row's name and type after it.
fn is_description_cell(lines: &[&str], i: usize) -> bool {
    let nonblank = |range: &mut dyn Iterator<Item = usize>| range.map(|j| lines[j].trim()).filter(|l| !l.is_empty()).take(2).collect::<Vec<_>>();
    let before = nonblank(&mut (0..i).rev());
    let after = nonblank(&mut (i + 1..lines.len()));
    before.first().is_some_and(|b| lexicon::is_type(b)) && matches!(after.as_slice(), [name, ty] if super::shape::Kind::Name.accepts(name) && !lexicon::is_type(name) && lexicon::is_type(ty))
}

pub(super) fn read_table(page: &Page<'_>, header: &Header, diags: &mut Diagnostics) -> (Table, Vec<Block>, usize) {
    let (file, lines) = (page.file, page.lines);
    let shape = Shape::new(&header.columns).with_named_types(page.captioned.clone());
    let mut table = Table { line: header.line(), header: header.words.clone(), rows: Vec::new() };
    let mut after = Vec::new();
    let start = header.next;
    let mut end = start;
    loop {
        while end < lines.len() && !ends_table(lines, end) {
            end += 1;
        }
        match example_cell_end(&shape, lines, end) {
            Some(next) => end = next,
            None => break,
        }
    }
    let blank_separated = match header.style {
        // A header of one title per line over rows whose every line stands between blank lines:
        // the blank lines separate the cells (and an empty cell is not there at all).
        Style::CellLines { blank_separated } => blank_separated || spaced_lines(&lines[start..end], shape.len()),
        _ => blank_lines_between(&lines[start..end], shape.len()),
    };
    let mut cells = if blank_separated { paragraphs(lines, start, end) } else { line_cells(lines, start, end) };
    // Notes between rows belong to no cell; the page's toggles are no text at all.
    cells.retain(|(_, text)| !lexicon::is_control(text));
    cells.retain(|(at, text)| {
        let note = lexicon::is_note(text);
        if note {
            diags.note(Location::line(file, *at), "text-between-rows", format!("`{text}` stands between two rows of the table and belongs to neither; kept as text after the table"));
            after.push(Block::Text { line: *at, text: text.clone() });
        }
        !note
    });
    if shape.head_len() == 0 {
        // No type to find rows by, but a name and a required column (`Parameter | Value |
        // Description | Required`): records of one cell per column, when every record has a name
        // first and a yes/no word where the required column is.
        let written: Vec<&(u32, String)> = cells.iter().filter(|(_, t)| !t.is_empty()).collect();
        let n = shape.len();
        let (name_at, required_at) = (shape.position(Column::Name), shape.position(Column::Required));
        if let (Some(name_at), Some(required_at)) = (name_at, required_at) {
            let records = n >= 3 && !written.is_empty() && written.len().is_multiple_of(n);
            if records && written.chunks(n).all(|r| super::shape::Kind::Name.accepts(&r[name_at].1) && lexicon::required_value(&r[required_at].1).is_some()) {
                table.rows.extend(written.chunks(n).map(|r| Row { line: r[0].0, cells: r.iter().map(|(_, t)| t.clone()).collect() }));
                return (table, after, end);
            }
        }
        // No recognisable head (authorization tables): one single-cell row per cell.
        table.rows.extend(cells.into_iter().filter(|(_, t)| !t.is_empty()).map(|(line, text)| Row { line, cells: vec![text] }));
        return (table, after, end);
    }
    let cells = split_glued_rows(&shape, join_labelled_parts(cells));
    let texts: Vec<&str> = cells.iter().map(|(_, t)| t.as_str()).collect();
    let at_end_of_page = end == lines.len();
    // A table that ends where the next table is titled (`表3 quotas字段数据结构说明`) or starts
    // has no prose after its last row: what is left is that row's description (Huawei's blocks
    // of 参数解释, 取值范围, ...).
    let next_table = end < lines.len() && lexicon::section(lines[end].trim()).is_none();
    let rows = assemble(&shape, &texts, !blank_separated, next_table);
    let mut k = 0;
    for (from, head, used, free) in rows.rows {
        for (at, text) in cells[k..from].iter().filter(|(_, t)| !t.is_empty()) {
            diags.warning(Location::line(file, *at), "text-outside-row", format!("expected a table row (a name, a type, ...), found `{}`; kept as text after the table", text.replace('\n', " ")));
            after.push(Block::Text { line: *at, text: text.clone() });
        }
        if shape.head_len() == 3 && used == 2 && shape.position(Column::Type).is_some_and(|t| head[t].is_empty()) {
            diags.warning(Location::line(file, cells[from].0), "type-lost", format!("`{}` has its required word right after its name and no type (the page's link to its type was lost); read as a string", head[0]));
        }
        let free_cells: Vec<String> = cells[from + used..from + used + free].iter().map(|(_, t)| t.clone()).collect();
        if at_end_of_page && from + used + free == cells.len() && free_cells.iter().all(|c| c.is_empty()) {
            diags.error(Location::line(file, cells[from].0), "incomplete-row", format!("table row `{}` has no description when the page ends; row dropped", head.join(" ")));
        } else {
            table.rows.push(Row { line: cells[from].0, cells: shape.fit(head, free_cells) });
        }
        k = from + used + free;
    }
    let rest = &cells[k.min(cells.len())..];
    if at_end_of_page && rows.cut_head {
        let text: Vec<&str> = rest.iter().map(|(_, t)| t.as_str()).collect();
        diags.error(Location::line(file, rest[0].0), "incomplete-row", format!("table row has {} of {} cells when the page ends: `{}`; row dropped", rest.len(), shape.len(), text.join(" ")));
    } else {
        // Prose after the last row.
        after.extend(rest.iter().flat_map(|(at, text)| text.lines().filter_map(move |l| super::prose(*at, l))));
    }
    (table, after, end)
}

/// A description in parts, each label on a cell of its own before its text (`Definition`, the
/// text, `Constraints`, `N/A`, ...): each label and its text are one cell, so that no part reads as
/// a row (`Constraints` named, `N/A` typed).
fn join_labelled_parts(cells: Vec<(u32, String)>) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::with_capacity(cells.len());
    // (A field of that name has a type after it; `N/A` is the text of a part.)
    let part_text = |next: &str| !next.trim().is_empty() && !lexicon::is_description_label(next) && (!lexicon::is_type(next) || next.trim() == "N/A");
    let mut cells = cells.into_iter().peekable();
    while let Some((line, text)) = cells.next() {
        if lexicon::is_description_label(&text) && cells.peek().is_some_and(|(_, next)| part_text(next)) {
            let (_, value) = cells.next().expect("peeked");
            out.push((line, format!("{} {}", text.trim(), value.trim())));
        } else {
            out.push((line, text));
        }
    }
    out
}

#[cfg(test)]
#[test]
fn labelled_parts_of_a_description_are_one_cell_each() {
    let cells = |texts: &[&str]| texts.iter().enumerate().map(|(i, t)| (i as u32, (*t).to_owned())).collect::<Vec<_>>();
    let joined = join_labelled_parts(cells(&["threats", "Array of strings", "Definition", "Event types.", "Constraints", "N/A", "Range", "String"]));
    let texts: Vec<&str> = joined.iter().map(|(_, t)| t.as_str()).collect();
    // `Range` typed `String` is a field of that name.
    assert_eq!(texts, ["threats", "Array of strings", "Definition Event types.", "Constraints N/A", "Range", "String"]);
}

/// Where a JSON example of several lines at `lines[at]` ends when it is a row's example cell (`Tags`
/// / `Array of Tag` / `[ {"Key": ...} ]` / `标签列表`): the table has an example column and the
/// lines after the example go on with the table, a row's head within its next cells.
fn example_cell_end(shape: &Shape, lines: &[&str], at: usize) -> Option<usize> {
    if at >= lines.len() || shape.position(Column::Example).is_none() || !lines[at].trim_start().starts_with(['{', '[']) {
        return None;
    }
    let window = &lines[..(at + MAX_EXAMPLE_LINES).min(lines.len())];
    let (_, next, rest) = code::take_json(window, at, None)?;
    if rest.is_some() || next <= at + 1 {
        return None;
    }
    let after: Vec<&str> = lines[next..].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take(shape.len() + 2).collect();
    let how = Match::default();
    (1..after.len().min(3)).any(|k| shape.match_head(&after[k..], how).is_some()).then_some(next)
}

/// Rows of a one-cell-per-line table that a page wrote run together, head and rest on one line
/// (`PageNumberIntegerNoPage number. Range: 1–1,000.` among `TaskId` / `String` / `Yes` / ...):
/// their cells, split where the head's cells end. Only a whole head, its required word included,
/// with text after it, is split.
fn split_glued_rows(shape: &Shape, cells: Vec<(u32, String)>) -> Vec<(u32, String)> {
    let Some(glued) = shape.line_regex(Joined::Glued, Match::default()).map(|r| super::shape::with_rest(&r)) else { return cells };
    let split = |text: &str| {
        glued.captures(text.trim()).filter(|_| shape.has_required()).and_then(|c| {
            let head = shape.head_cells(&c);
            let rest = c.name("rest")?.as_str().trim().to_owned();
            (shape.is_whole_head(&head) && head.iter().all(|h| !h.is_empty())).then_some((head, rest))
        })
    };
    let mut out = Vec::with_capacity(cells.len());
    for (line, text) in cells {
        // A paragraph of such rows is one row per line; so are its last lines when its first ones
        // end the row before (`• When …` bullets, then `CreateTimeStartStringNo…`).
        let lines: Vec<&str> = text.lines().collect();
        let parsed: Vec<Option<(Vec<String>, String)>> = if text.trim().is_empty() { Vec::new() } else { lines.iter().map(|l| split(l)).collect() };
        let first_row = (0..parsed.len()).find(|&k| parsed[k..].iter().all(Option::is_some));
        match first_row {
            Some(k) => {
                if k > 0 {
                    out.push((line, lines[..k].join("\n")));
                }
                for (n, (head, rest)) in parsed.into_iter().skip(k).flatten().enumerate() {
                    let at = line + (k + n) as u32;
                    out.extend(head.into_iter().map(|h| (at, h)));
                    out.push((at, rest));
                }
            }
            None => out.push((line, text)),
        }
    }
    out
}

/// The names the page's numbered captions give their tables (`Table 3 Parameter description of
/// field quota`, `表4 resource`): the last word of each caption, when it is a name.
pub(super) fn captioned_names(lines: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        // A type's name alone over a header (`KvNamespace`) names the table under it too.
        // So does a label of its fields over a header (`CollectionMeta fields`).
        let labelled = lexicon::labelled_name(t).filter(|n| n.as_str() != t && lexicon::is_type_name(n));
        if super::titles_next_table(lines, i) && (lexicon::is_type_name(t) || labelled.is_some()) {
            let name = labelled.unwrap_or_else(|| t.to_owned());
            if !names.contains(&name) {
                names.push(name);
            }
            continue;
        }
        if !lexicon::is_table_title(t) {
            continue;
        }
        // A caption run into a header word (`... field quota Parameter`) ends in that word.
        let words: Vec<&str> = t.split_whitespace().filter(|w| lexicon::column(w).is_none()).collect();
        let last = words.last().copied().unwrap_or("");
        let name = last.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && last.chars().any(|c| c.is_ascii_lowercase());
        if name && !names.iter().any(|n| n == last) {
            names.push(last.to_owned());
        }
    }
    names
}

/// Whether the cells of a table are separated by blank lines: about as many blank lines as cells
/// among the first rows.
fn blank_lines_between(lines: &[&str], columns: usize) -> bool {
    let (mut blank, mut text) = (0, 0);
    for l in lines.iter().skip_while(|l| l.trim().is_empty()) {
        if text >= 2 * columns {
            break;
        }
        if l.trim().is_empty() {
            blank += 1;
        } else {
            text += 1;
        }
    }
    text > 1 && blank * 2 >= text
}

/// Whether the first rows' lines (twice as many as the columns) each stand between blank lines.
fn spaced_lines(lines: &[&str], columns: usize) -> bool {
    let text: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, _)| i).take(2 * columns).collect();
    text.len() == 2 * columns && text.windows(2).all(|w| w[1] > w[0] + 1)
}

/// Cells as paragraphs: consecutive non-blank lines, joined.
fn paragraphs(lines: &[&str], start: usize, end: usize) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate().take(end).skip(start) {
        let t = line.trim();
        if t.is_empty() {
            open = false;
        } else if open {
            let last = out.last_mut().expect("open paragraph");
            last.1.push('\n');
            last.1.push_str(t);
        } else {
            out.push((i as u32 + 1, t.to_owned()));
            open = true;
        }
    }
    out
}

/// Cells as lines: a blank line is an empty cell, a bullet line (`• exec`) continues the cell
/// above it. Blank lines at the start and the end are not cells of the table.
fn line_cells(lines: &[&str], start: usize, end: usize) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    let mut i = start;
    while i < end {
        let t = lines[i].trim();
        // A JSON example of several lines is one cell.
        if t.starts_with(['{', '[']) {
            if let Some((block, next, None)) = code::take_json(&lines[..end], i, None).filter(|(_, next, _)| *next > i + 1) {
                out.push((i as u32 + 1, block.text));
                i = next;
                continue;
            }
        }
        i += 1;
        match out.last_mut() {
            Some((_, above)) if t.starts_with('•') && !above.is_empty() => {
                above.push('\n');
                above.push_str(t);
            }
            _ => out.push((i as u32, t.to_owned())),
        }
    }
    while out.last().is_some_and(|(_, t)| t.is_empty()) {
        out.pop();
    }
    let first = out.iter().position(|(_, t)| !t.is_empty()).unwrap_or(out.len());
    out.drain(..first);
    out
}

/// Rows found in a stream of cells: `(index of the row's first cell, head cells, cells the head
/// took, free cells)`; `cut_head` when the cells after the last row begin a head that the end of
/// the stream cut off.
pub(super) struct Assembled {
    pub rows: Vec<(usize, Vec<String>, usize, usize)>,
    pub cut_head: bool,
}

/// Finds rows in a stream of cells by their heads. `exact`: empty cells are present, so a row has
/// exactly as many cells as the header has columns unless a cell broke over several.
pub(super) fn assemble(shape: &Shape, texts: &[&str], exact: bool, last_takes_rest: bool) -> Assembled {
    // The first row may lack a name: the root object of a response table.
    let strict = Match { empty_cells: exact, nameless: true, ..Match::default() };
    let first = (0..texts.len()).find_map(|k| {
        if texts[k].is_empty() {
            return None;
        }
        if shape.match_head(&texts[k..], strict).is_some() {
            return Some((k, strict));
        }
        let loose = Match { loose_required: true, ..strict };
        shape.match_head(&texts[k..], loose).is_some().then_some((k, loose))
    });
    let mut rows = Vec::new();
    let Some((mut k, how)) = first else {
        return Assembled { rows, cut_head: is_cut_head(shape, texts) };
    };
    let slots = shape.len() - shape.head_len();
    let how = Match { nameless: false, ..how };
    // A row whose type cell the page lost (a link to the type's page, gone from the text): its
    // name, then at once its required word, then its description (`status`, `Yes`, `DNS record
    // state.`), where the head holds a name, a required word and a type.
    let typeless = |j: usize| -> Option<Vec<String>> {
        let (n, r) = (shape.position(Column::Name)?, shape.position(Column::Required)?);
        let t = shape.position(Column::Type)?;
        let (name, required, after) = (*texts.get(j)?, *texts.get(j + 1)?, texts.get(j + 2).copied().unwrap_or(""));
        let whole = shape.head_len() == 3 && n == 0 && r < 3 && t < 3;
        let plain = super::shape::Kind::Name.accepts(name) && !lexicon::is_type(name) && lexicon::column(name).is_none();
        (whole && plain && lexicon::required_value(required).is_some() && !after.is_empty() && !lexicon::is_type(after) && lexicon::required_value(after).is_none()).then(|| {
            let mut head = vec![String::new(); 3];
            head[n] = name.to_owned();
            head[r] = required.to_owned();
            head
        })
    };
    let mut after_array = true;
    while k < texts.len() {
        // (A first row is found by its whole head.)
        let matched = shape.match_head(&texts[k..], Match { nameless: after_array, ..how }).or_else(|| typeless(k).filter(|_| !rows.is_empty()).map(|head| (head, 2)));
        let Some((head, used)) = matched else { break };
        let is_array = shape.is_array_row(&{
            let mut row = head.clone();
            row.resize(shape.len(), String::new());
            row
        });
        let from = k + used;
        let next = (from..texts.len()).find(|&j| shape.match_head(&texts[j..], Match { nameless: is_array, ..how }).is_some() || (j > from && typeless(j).is_some()));
        let free = match next {
            Some(j) => j - from,
            // The last row takes its own cells; what follows is prose after the table, unless
            // another table follows at once.
            None if last_takes_rest => texts.len() - from,
            None => slots.min(texts.len() - from),
        };
        rows.push((k, head, used, free));
        k = from + free;
        debug_assert!(used + free > 0, "a row takes at least its head");
        after_array = is_array;
        if next.is_none() {
            let rest = &texts[k..];
            return Assembled { rows, cut_head: is_cut_head(shape, rest) };
        }
    }
    Assembled { rows, cut_head: false }
}

/// Whether `rest` is the beginning of a head that the end of the page cut off.
fn is_cut_head(shape: &Shape, rest: &[&str]) -> bool {
    let rest: Vec<&str> = rest.iter().copied().filter(|t| !t.is_empty()).collect();
    !rest.is_empty() && rest.len() < shape.head_len() && shape.head_prefix(&rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Form;

    fn read(text: &str) -> (Vec<Table>, Vec<Block>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let doc = super::super::read_as("t.txt", text, Form::CellPerLine, &mut diags);
        let tables = doc.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).collect();
        (tables, doc.blocks, diags.iter().filter(|d| d.code != "no-table").map(|d| d.to_string()).collect())
    }

    fn cells(t: &Table) -> Vec<Vec<&str>> {
        t.rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect()
    }

    #[test]
    fn a_row_whose_type_the_page_lost_is_still_a_row() {
        let text = "Input Parameters\n\nParameter Name\nRequired\nType\nDescription\n\nzoneId\n\nYes\n\nString\n\nDNS Zone ID.\n\nstatus\n\nYes\n\nDNS record state.\n\nremark\n\nNo\n\nString\n\nA remark.\n\nOutput Parameters\n";
        let (t, _, diags) = read(text);
        assert_eq!(cells(&t[0]), [vec!["zoneId", "Yes", "String", "DNS Zone ID."], vec!["status", "Yes", "", "DNS record state."], vec!["remark", "No", "String", "A remark."]]);
        assert_eq!(diags, ["t.txt:16: warning[type-lost]: `status` has its required word right after its name and no type (the page's link to its type was lost); read as a string"]);
    }

    #[test]
    fn rows_are_recovered_from_blank_separated_cells() {
        let text = "请求参数\n\n名称\n\n类型\n\n必填\n\n描述\n\n示例值\n\nContainers\n\narray<object>\n\n是\n\n容器组。\n\n[{\"Name\": \"a\"}]\n\nobject\n\n是\n\n单个容器。\n\nName\n\nstring\n\n是\n\n探针类型：\n• exec\n• httpGet\n\nexec\n\nRemarks\n\nstring\n\n否\n\n备注。\n\n返回参数\n";
        let (t, _, diags) = read(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(
            cells(&t[0]),
            [
                vec!["Containers", "array<object>", "是", "容器组。", "[{\"Name\": \"a\"}]"],
                vec!["", "object", "是", "单个容器。", ""],
                vec!["Name", "string", "是", "探针类型：\n• exec\n• httpGet", "exec"],
                vec!["Remarks", "string", "否", "备注。", ""],
            ]
        );
    }

    #[test]
    fn rows_are_recovered_from_one_line_per_cell() {
        let text = "参数\n是否必选\n参数类型\n描述\nversion\n是\nString\n应用版本\nvolumes\n否\nArray of VolumeDTO objects\n卷配置\n第二行\ntpl_id\n否\nString\n\n说明：模板。\n状态码\n";
        let (t, blocks, diags) = read(text);
        assert_eq!(diags, ["t.txt:18: note[text-between-rows]: `说明：模板。` stands between two rows of the table and belongs to neither; kept as text after the table"]);
        assert_eq!(cells(&t[0]), [vec!["version", "是", "String", "应用版本"], vec!["volumes", "否", "Array of VolumeDTO objects", "卷配置\n第二行"], vec!["tpl_id", "否", "String", ""]]);
        assert!(blocks.iter().any(|b| matches!(b, Block::Text { text, .. } if text == "说明：模板。")));
    }

    #[test]
    fn prose_after_the_last_row_and_cut_rows() {
        let (t, blocks, _) = read("HTTP status code\n错误码\n错误信息\n描述\n400\nInvalidParameter\nThe parameter is invalid.\n参数无效。\n访问错误中心查看更多错误码。");
        assert_eq!(t[0].rows.len(), 1);
        assert!(matches!(blocks.last(), Some(Block::Text { text, .. }) if text == "访问错误中心查看更多错误码。"));
        let (t, _, diags) = read("名称\n类型\n必填\n描述\n示例值\nAppId\nstring\n是\n应用 ID。\napp-1\nName\nstring");
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(diags, ["t.txt:11: error[incomplete-row]: table row has 2 of 5 cells when the page ends: `Name string`; row dropped"]);
    }
}
