//! Space-separated rows of older reference pages: the short cells of a row (name, type, location,
//! required, then the example or the error message) on one line separated by spaces, the
//! description on the lines below it, a blank line before the next row:
//!
//! ```text
//! 名称 类型 位置 是否必选 示例值 描述
//! NamespaceId String Query 是 cn-beijing:test
//! 命名空间ID。
//! ```
//!
//! Rows are found by their head (see [`super::shape`]); the last short column takes the rest of the
//! line, so an example may hold spaces. Text extracted from PDF manuals looks similar but wraps
//! cells and interleaves page furniture; it has a reader of its own.

use super::Page;
use super::header::Header;
use super::shape::{names_own_type, Joined, Shape};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// A section title, a table title (`表5 VolumeDTO`) or another header ends a table.
fn ends_table(lines: &[&str], i: usize) -> bool {
    super::ends_line_table(lines, i)
}


pub(super) fn read_table(page: &Page<'_>, header: &Header, diags: &mut Diagnostics) -> (Table, Vec<Block>, usize) {
    let (file, lines) = (page.file, page.lines);
    // A second name column right after the first (`参数 名称 类型 说明`: `query 条件 string
    // 搜索条件`) holds a display name: it is read after the description, in brackets.
    if header.columns.len() > 3 && header.columns[0] == Column::Name && header.columns[1] == Column::Name && header.columns[2] == Column::Type {
        let moved: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(j, line)| {
                let words: Vec<&str> = line.split_whitespace().collect();
                let labelled = j >= header.next && words.len() >= 3 && !words[1].is_ascii() && lexicon::is_type(words[2]);
                if labelled { format!("{} {} {} ({})", words[0], words[2], words[3..].join(" "), words[1]) } else { (*line).to_owned() }
            })
            .collect();
        let lines: Vec<&str> = moved.iter().map(String::as_str).collect();
        let mut without = header.clone();
        without.columns.remove(1);
        without.words.remove(1);
        return read_table(&Page { file, lines: &lines, captioned: page.captioned.clone() }, &without, diags);
    }
    // Columns for deeper levels' names (`参数 子键 类型 描述`) lose their empty cells when spaces
    // separate the cells: every row is a name, then the other columns. The header keeps them,
    // which tells the rows nest.
    let columns: Vec<Column> = header.columns.iter().copied().filter(|c| *c != Column::Level).collect();
    let shape = Shape::new(&columns);
    let mut table = Table { line: header.line(), header: header.words.clone(), rows: Vec::new() };
    let mut notes = Vec::new();
    let mut i = header.next;
    let Some(regex) = shape.table_regex(lines, i, Joined::Spaced) else {
        // No recognisable head (authorization tables): one single-cell row per line.
        while i < lines.len() && !ends_table(lines, i) {
            let text = lines[i].trim();
            if !text.is_empty() {
                table.rows.push(Row { line: i as u32 + 1, cells: vec![text.to_owned()] });
            }
            i += 1;
        }
        return (table, notes, i);
    };
    let description = shape.position(Column::Description);
    let mut current: Option<Pending> = None;
    // Whether a blank line ended the description of the row in progress.
    let mut after_blank = false;
    while i < lines.len() && !ends_table(lines, i) {
        let text = lines[i].trim();
        let at = i as u32 + 1;
        if text.is_empty() {
            after_blank = current.is_some();
            i += 1;
            continue;
        }
        // A row after the last bullet of the row before (`• Offset No Integer ...`): the list lost
        // the line break that ended it. Only a whole head, required word included, says so.
        let bulleted = text.strip_prefix('•').map(str::trim_start).filter(|rest| regex.captures(rest).is_some_and(|c| shape.is_whole_head(&shape.head_cells(&c))));
        let text = bulleted.unwrap_or(text);
        // The first line after a row's head, when it ends as a sentence does, is that row's
        // description, even when its second word is a type word (`An array of instances.`).
        // (The rest of the head's line is then the example: `DBInstanceGroupCount String 2`, then
        // `The number of compute nodes.`)
        let example_on_line = shape.position(Column::Example).is_some();
        let sentence = description.is_some() && current.as_ref().is_some_and(|row| row.description.is_empty() && row.rest.as_deref().is_none_or(|r| r.trim().is_empty() || (example_on_line && !r.trim().contains(char::is_whitespace))) && lines[row.line as usize..i].iter().all(|l| l.trim().is_empty())) && (text.ends_with('.') || text.ends_with('。'));
        if let Some(c) = regex.captures(text).filter(|_| !sentence) {
            if let Some(row) = current.take() {
                table.rows.push(finish(row, &shape));
            }
            current = Some(Pending { line: at, head: shape.head_cells(&c), rest: shape.rest(&c).map(str::to_owned), description: Vec::new() });
            after_blank = false;
            i += 1;
            continue;
        }
        // A row whose type is a struct's name, which no type word matches: its own name
        // capitalised (`result Result 结果`), or any type name before the required word
        // (`instanceSpec DBInstanceSpec True 新建实例规格`).
        if let Some((head, rest)) = struct_typed(text, &shape) {
            if let Some(row) = current.take() {
                table.rows.push(finish(row, &shape));
            }
            current = Some(Pending { line: at, head, rest, description: Vec::new() });
            after_blank = false;
            i += 1;
            continue;
        }
        // The element of a list alone on its line (`ScalingGroups Array of ScalingGroup`, then
        // `ScalingGroup`): a row of its own, with no type, whose fields follow.
        // So is the element of a bare list (`Clusters Array`, its description, then `Cluster` over
        // the first field's row).
        let identifier = text.len() > 1 && text.starts_with(|c: char| c.is_ascii_alphabetic()) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let element = current.as_ref().is_some_and(|row| {
            let named_item = row.head.iter().any(|cell| cell.get(..9).is_some_and(|p| p.eq_ignore_ascii_case("array of ")) && cell[9..].trim() == text);
            let name = row.head.first().map_or("", |n| n.trim());
            let bare_list = shape.position(Column::Type).and_then(|t| row.head.get(t)).is_some_and(|t| lexicon::is_array_type(t) && t.trim().chars().all(|c| c.is_ascii_alphabetic()));
            let element_of_bare = bare_list && identifier && lexicon::names_element_of(name, text) && super::next_nonblank(lines, i).is_some_and(|j| regex.is_match(lines[j].trim()));
            named_item || element_of_bare
        });
        // A name alone on its line with its description under it and a row after that
        // (`Result`, `The result of the operation.`, then `AbnormalNodes Integer 0`): a row that
        // gives no type, whose fields follow.
        let container = identifier && text.starts_with(|c: char| c.is_ascii_uppercase()) && lexicon::section(text).is_none() && current.as_ref().is_some_and(|row| !row.description.is_empty()) && {
            let described = super::next_nonblank(lines, i).filter(|&j| !regex.is_match(lines[j].trim()) && !ends_table(lines, j));
            described.and_then(|j| super::next_nonblank(lines, j)).is_some_and(|k| regex.is_match(lines[k].trim()))
        };
        if (element || container) && shape.position(Column::Name) == Some(0) {
            if let Some(row) = current.take() {
                let mut head = vec![String::new(); row.head.len()];
                head[0] = text.to_owned();
                table.rows.push(finish(row, &shape));
                current = Some(Pending { line: at, head, rest: None, description: Vec::new() });
            }
            after_blank = false;
            i += 1;
            continue;
        }
        // A row whose description follows after a blank line (the head, a blank line, the
        // description) takes it; later paragraphs before the next row are notes.
        let awaiting_description = current.as_ref().is_some_and(|row| row.description.is_empty());
        let is_note = lexicon::is_note(text) || (after_blank && !awaiting_description && super::next_row_after_notes(lines, i, |t| regex.is_match(t), ends_table).is_some());
        // The items of a list the description announces (`取值:`, then `• ACTIVE:應用中。`), after
        // a blank line too.
        // A list right under the description (`The access mode of the instance.`, then `•
        // Performance: standard mode`) is the description's too.
        let list_item = text.starts_with('•') && description.is_some() && current.as_ref().is_some_and(|row| row.description.last().is_some_and(|l| l.ends_with([':', '：']) || l.starts_with('•')) || (row.description.len() == 1 && super::next_row_after_notes(lines, i, |t| regex.is_match(t), ends_table).is_some()));
        match current.as_mut() {
            Some(row) if list_item => {
                row.description.push(text.to_owned());
                after_blank = false;
            }
            Some(row) if awaiting_description && !is_note && description.is_some() => {
                row.description.push(text.to_owned());
                after_blank = false;
            }
            Some(_) if is_note => {
                diags.note(Location::line(file, at), "text-between-rows", format!("`{text}` stands between two rows of the table and belongs to neither; kept as text after the table"));
                notes.push(Block::Text { line: at, text: text.to_owned() });
            }
            Some(row) if !after_blank && description.is_some() => row.description.push(text.to_owned()),
            // Prose after the last row: the table has ended.
            Some(_) => break,
            None => diags.warning(Location::line(file, at), "text-outside-row", format!("expected a table row such as `AppId string 是 app-1`, found `{text}`")),
        }
        i += 1;
    }
    if let Some(row) = current {
        // A cut page ends a row before its description; a table none of whose rows has one (a
        // list of error codes alone) is not cut by its last row lacking one.
        let described = description.is_some_and(|d| table.rows.iter().any(|r| r.cells.get(d).is_some_and(|c| !c.trim().is_empty())));
        if i == lines.len() && row.description.is_empty() && described && row.rest.is_none() {
            diags.error(Location::line(file, row.line), "incomplete-row", format!("table row `{}` has no description when the page ends; row dropped", row.head.join(" ")));
        } else {
            table.rows.push(finish(row, &shape));
        }
    }
    (table, notes, i)
}

/// The head cells and the rest of a row whose type is a struct's name: `name Name rest` (the
/// same name capitalised as its type) under a name and a type, or `name TypeName required rest`
/// under a name, a type and a required column.
fn struct_typed(text: &str, shape: &Shape) -> Option<(Vec<String>, Option<String>)> {
    if shape.position(Column::Name) != Some(0) || shape.position(Column::Type) != Some(1) {
        return None;
    }
    let mut words = text.splitn(4, char::is_whitespace);
    let (name, ty) = (words.next()?, words.next()?);
    let type_name = ty.len() > 1 && ty.starts_with(|c: char| c.is_ascii_uppercase()) && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // A struct's name in camel case (`ImageDetail`), which no word of a description is.
    let humps = type_name && ty.chars().filter(char::is_ascii_uppercase).count() >= 2 && ty.chars().any(|c| c.is_ascii_lowercase()) && !ty.chars().nth(1).is_some_and(|c| c.is_ascii_uppercase());
    // A type that repeats the name as it is (`requestAuth requestAuth Access authorization
    // configuration`) names the row's own struct, in camel case as no description's first word is.
    let repeats = ty == name && name.chars().any(|c| c.is_ascii_uppercase());
    // A name in lower camel case; a capitalised one (`Result TsfPageMicroservice 微服务…`) only
    // before such a struct's name, where a description's first word cannot stand, or before its
    // own repeated (`Code Code Body参数`).
    let capitalised_ok = (humps && shape.head_len() == 2) || repeats;
    let identifier = (name.starts_with(|c: char| c.is_ascii_lowercase()) || (capitalised_ok && name.starts_with(|c: char| c.is_ascii_uppercase()))) && name.len() > 1 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !identifier || !(type_name || repeats) {
        return None;
    }
    let rest_of = |w: Option<&str>| w.map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    match shape.head_len() {
        2 => {
            let capitalised = names_own_type(name, ty) || repeats;
            // Or a struct's name in camel case (`osImage ImageDetail 系统镜像详情`), or one the page
            // titles a table with.
            let rest = [words.next(), words.next()].into_iter().flatten().collect::<Vec<_>>().join(" ");
            (capitalised || humps || shape.is_named_type(ty)).then(|| (vec![name.to_owned(), ty.to_owned()], rest_of(Some(&rest))))
        }
        // The required word must follow; a location may follow it (`No RequestBody parameter`).
        n if n >= 3 && shape.position(Column::Required) == Some(2) => {
            let after_type = text.splitn(3, char::is_whitespace).nth(2)?.trim_start();
            let (word, after_word) = after_type.split_once(char::is_whitespace).unwrap_or((after_type, ""));
            // A required cell the page left empty (icons lost) before a location (`Code Code
            // Body参数 …`) is missing, the location in its place.
            let missing = lexicon::required_value(word).is_none() && lexicon::is_location(word) && shape.position(Column::Location) == Some(3);
            let (required, mut rest) = if missing { ("", after_type) } else { (lexicon::required_value(word).map(|_| word)?, after_word) };
            let mut head = vec![name.to_owned(), ty.to_owned(), required.to_owned()];
            for column in &shape.columns[3..n] {
                let (word, after) = rest.trim_start().split_once(char::is_whitespace).unwrap_or((rest.trim_start(), ""));
                if *column == Column::Location && lexicon::is_location(word) {
                    head.push(word.to_owned());
                    rest = after;
                } else {
                    head.push(String::new());
                }
            }
            Some((head, rest_of(Some(rest))))
        }
        _ => None,
    }
}

/// A row being read: its line, head cells, the rest of its line and its description lines.
struct Pending {
    line: u32,
    head: Vec<String>,
    rest: Option<String>,
    description: Vec<String>,
}

/// A row in column order: the head cells, the rest of the row's line in the first short free
/// column (the example, the error message), the description lines in the description column.
fn finish(Pending { line, head, rest, description }: Pending, shape: &Shape) -> Row {
    let description_at = shape.position(Column::Description);
    let on_line = (shape.head_len()..shape.len()).find(|i| Some(*i) != description_at);
    let mut cells = head;
    cells.resize(shape.len(), String::new());
    let mut description = description.join("\n");
    match (rest, on_line) {
        (Some(rest), Some(at)) => cells[at] = rest,
        // No short column to hold it: the description started on the row's line.
        (Some(rest), None) => description = if description.is_empty() { rest } else { format!("{rest}\n{description}") },
        (None, _) => {}
    }
    if let Some(at) = description_at {
        cells[at] = description;
    }
    Row { line, cells }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Form;

    fn tables(text: &str) -> (Vec<Table>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let doc = super::super::read_as("t.txt", text, Form::SpaceSeparated, &mut diags);
        let tables = doc.blocks.into_iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        (tables, diags.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn rows_have_their_description_below() {
        let (t, diags) = tables(
            "请求参数\n名称 类型 位置 是否必选 示例值 描述\nNamespaceId String Query 是 cn-beijing:test\n命名空间ID，格式为 <RegionId>:<NamespaceId>。\n仅允许小写英文字母。\n\nNamespaceName String Query 是 my name\n命名空间名称。\n\n返回数据\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let cells: Vec<&Vec<String>> = t[0].rows.iter().map(|r| &r.cells).collect();
        assert_eq!(cells[0], &["NamespaceId", "String", "Query", "是", "cn-beijing:test", "命名空间ID，格式为 <RegionId>:<NamespaceId>。\n仅允许小写英文字母。"]);
        assert_eq!(cells[1], &["NamespaceName", "String", "Query", "是", "my name", "命名空间名称。"]);
    }

    #[test]
    fn error_rows_keep_the_message_on_the_line() {
        let (t, _) = tables("HttpCode 错误码 错误信息 描述\n400 InvalidParameter.Name The specified Name is invalid.\nName 参数无效。\n\n访问错误中心查看更多错误码。\n");
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(t[0].rows[0].cells, ["400", "InvalidParameter.Name", "The specified Name is invalid.", "Name 参数无效。"]);
    }

    #[test]
    fn a_capitalised_name_before_a_struct_name_is_a_row() {
        let (t, _) = tables("输出参数\n参数名称 类型 描述\nResult TsfPageMicroservice 微服务分页列表信息\nRequestId String 唯一请求 ID\n");
        let cells: Vec<&Vec<String>> = t[0].rows.iter().map(|r| &r.cells).collect();
        assert_eq!(cells, [&vec!["Result".to_owned(), "TsfPageMicroservice".to_owned(), "微服务分页列表信息".to_owned()], &vec!["RequestId".to_owned(), "String".to_owned(), "唯一请求 ID".to_owned()]]);
    }

    #[test]
    fn rows_without_their_required_word_before_a_location_word() {
        // The first row's type is its own struct (`Code Code`), which no type word matches; the
        // required cells are empty; the location says "parameter" after it.
        let (t, _) = tables("请求参数\n参数名称 类型 是否必需 参数位置 描述\nCode Code Body参数 CFC函数\nDescription String Body参数 一个简短的说明\nMemorySize Integer Body参数 内存\n");
        let cells: Vec<Vec<&str>> = t[0].rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(cells, [["Code", "Code", "", "Body参数", "CFC函数"], ["Description", "String", "", "Body参数", "一个简短的说明"], ["MemorySize", "Integer", "", "Body参数", "内存"]]);
    }

    #[test]
    fn a_row_cut_off_by_the_end_of_the_page_is_dropped() {
        let (t, diags) = tables("名称 类型 必填 描述 示例值\nAppId string 是 app-1\n应用 ID。\n\nName string 是");
        assert_eq!(t[0].rows.len(), 1);
        assert_eq!(diags, ["t.txt:5: error[incomplete-row]: table row `Name string 是` has no description when the page ends; row dropped"]);
    }
}
