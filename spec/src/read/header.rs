//! Table headers in every text form: a pipe row (`名称 | 类型 | 必填 |`), one line of header words
//! run together or separated by spaces (`名称类型必填描述示例值`, `Name Type Required`), one word
//! per line, and one word per line ending in ` |`. Every reader accepts every header style: a page
//! whose rows are pipe rows may still have its header run together.

use crate::lexicon::{self, Column};

/// How a header was printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    /// `名称 | 类型 | 必填 |` on one line.
    PipeRow,
    /// `名称类型必填描述示例值`: words glued together.
    Glued,
    /// `名称 类型 必填 描述 示例值`: words separated by spaces.
    Spaced,
    /// One word per line; `blank_separated` when blank lines come between the words.
    CellLines { blank_separated: bool },
    /// One word per line ending in ` |`; `marker` tells how the header row started.
    PipeCellLines { marker: RowMarker },
}

/// How the rows of a pipe-cell-lines table mark where they start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RowMarker {
    /// `| AppId |`: the first cell follows a leading pipe.
    LeadingPipe,
    /// A line holding only `|` starts the row.
    BarePipe,
    /// Nothing: rows are counted.
    None,
}

/// A table header found in the text.
#[derive(Clone, Debug)]
pub(super) struct Header {
    /// Index of the header's first line.
    pub start: usize,
    /// Index of the first line after the header and any `---|---` separator.
    pub next: usize,
    pub columns: Vec<Column>,
    /// The header cells as printed.
    pub words: Vec<String>,
    pub style: Style,
    /// The table's caption, when it ran into the first header word on one line (`Table 1
    /// Parameter description Parameter`).
    pub caption: Option<String>,
}

impl Header {
    /// The 1-based line of the header.
    pub fn line(&self) -> u32 {
        self.start as u32 + 1
    }
}

/// The header that starts at `lines[i]`, in any style.
pub(super) fn find(lines: &[&str], i: usize) -> Option<Header> {
    let line = lines[i];
    if let Some((columns, words)) = pipe_row(line) {
        return Some(finish(lines, i, i + 1, columns, words, Style::PipeRow));
    }
    // A header run into the end of a sentence (`…表示删除完成。参数名称 | 类型 | ...`): the
    // sentence is text before the table.
    if let Some((sentence, header)) = sentence_then_pipe_row(line) {
        if let Some((columns, words)) = pipe_row(header) {
            let mut found = finish(lines, i, i + 1, columns, words, Style::PipeRow);
            found.caption = Some(sentence.to_owned());
            return Some(found);
        }
    }
    // A caption run into the header as its first cell (`Table 4 ShareByMeLinkDetail | Parameter |
    // Type | Description |`), or a section's title (`响应参数 | 参数 | 参数类型 | ...`): the caption
    // titles the table.
    if let Some((caption, header)) = line.split_once('|').filter(|(first, _)| lexicon::is_table_title(first.trim()) || lexicon::section(first.trim()).is_some()) {
        if let Some((columns, words)) = pipe_row(&format!("|{header}")) {
            let mut found = finish(lines, i, i + 1, columns, words, Style::PipeRow);
            found.caption = Some(caption.trim().to_owned());
            return Some(found);
        }
    }
    // A header names what its rows are (a name, a code, a status, an operation): words of other
    // columns alone (`Default Value`, a label inside a description) are no header.
    let keyed = |split: &Vec<(Column, String)>| split.iter().any(|(c, _)| matches!(c, Column::Name | Column::ErrorCode | Column::Status | Column::Operation | Column::AccessLevel | Column::ResourceType));
    if let Some(split) = lexicon::split_run_together_header(line).filter(keyed) {
        let style = if spaced(line, &split) { Style::Spaced } else { Style::Glued };
        // A field named by header words (`TypeName`), its type on the next line, is a row.
        let next_is_type = super::next_nonblank(lines, i).is_some_and(|j| lexicon::is_type(lines[j]));
        let identifier = line.trim().chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if style == Style::Glued && identifier && next_is_type && split.len() <= 3 {
            return pipe_cell_lines(lines, i).or_else(|| cell_lines(lines, i));
        }
        let (mut columns, mut words): (Vec<Column>, Vec<String>) = split.into_iter().unzip();
        // A header line that wrapped: its last words follow one per line (`NameTypeRequired`,
        // `Example`, `Description`).
        let mut next = i + 1;
        while let Some(c) = lines.get(next).and_then(|l| word_line(l)).filter(|c| !columns.contains(c)) {
            columns.push(c);
            words.push(lines[next].trim().to_owned());
            next += 1;
        }
        return Some(finish(lines, i, next, columns, words, style));
    }
    // A header that wrapped after its first word, the rest run together on the next line
    // (`名称`, then `类型是否必填示例值描述`).
    if let Some(first) = word_line(line) {
        let rest = lines.get(i + 1).and_then(|l| lexicon::split_run_together_header(l)).filter(|rest| rest.len() >= 2 && rest.iter().all(|(c, _)| *c != first));
        if let Some(rest) = rest {
            let style = if spaced(lines[i + 1], &rest) { Style::Spaced } else { Style::Glued };
            let (columns, words): (Vec<Column>, Vec<String>) = std::iter::once((first, line.trim().to_owned())).chain(rest).unzip();
            return Some(finish(lines, i, i + 2, columns, words, style));
        }
    }
    pipe_cell_lines(lines, i).or_else(|| cell_lines(lines, i))
}

/// The titles the reader does not know of a line that reads as a header but for them (`错误代码
/// 英文提示 错误描述`): a key column and another it knows, and short titles without sentence
/// marks. `None` for any other line.
pub(super) fn unknown_titles(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let cells: Vec<&str> = if t.contains('|') { t.trim_matches('|').split('|').map(str::trim).collect() } else { t.split_whitespace().collect() };
    // Bullets and dashes are no titles.
    let cells: Vec<&str> = cells.into_iter().filter(|c| c.chars().any(char::is_alphanumeric)).collect();
    if !(3..=8).contains(&cells.len()) || cells.iter().any(|c| c.is_empty() || c.chars().count() > 16 || c.contains(['。', '，', ',', '.', ':', '：', '、'])) {
        return None;
    }
    let known: Vec<Column> = cells.iter().filter_map(|c| lexicon::column(c)).collect();
    let keyed = known.iter().any(|c| matches!(c, Column::Name | Column::ErrorCode | Column::Status));
    let unknown: Vec<String> = cells.iter().filter(|c| lexicon::column(c).is_none()).map(|c| (*c).to_owned()).collect();
    (keyed && known.len() >= 2 && !unknown.is_empty() && unknown.len() < known.len()).then_some(unknown)
}

/// A table printed without a header, one cell per line: under a section title (a sentence may
/// stand between them), records of a name, then its type, then its description and required
/// word in some order (`offset`, `string`, `偏移量`, `可选`), or the required word before the type
/// (`bandwidthClusterId`, `Yes`, `String`, ...), or no required word at all; or error records of a
/// status, a code and a message (`404`, `INVALID_CLUSTER_NOT_FOUND`, ...). The columns are implied
/// by the first record.
pub(super) fn implied(lines: &[&str], i: usize) -> Option<Header> {
    let mut before = lines[..i].iter().rev().filter(|l| !l.trim().is_empty());
    let title = before.next()?;
    let sentence = |l: &str| l.trim().ends_with(['.', '。']) && l.trim().contains(' ');
    if lexicon::section(title).is_none() && !(sentence(title) && before.next().is_some_and(|t| lexicon::section(t).is_some())) {
        return None;
    }
    let text = |j: usize| lines.get(j).map_or("", |l| l.trim());
    let name = |j: usize| super::shape::Kind::Name.accepts(text(j)) && !text(j).is_empty();
    let status = |j: usize| super::shape::Kind::Status.accepts(text(j));
    let code = |j: usize| super::shape::Kind::Code.accepts(text(j)) && text(j).chars().any(|c| c.is_ascii_uppercase()) && lexicon::column(text(j)).is_none();
    let header = |columns: Vec<Column>| {
        // Each column by a title the interpreter knows it by.
        let words = columns
            .iter()
            .map(|c| match c {
                Column::Status => "HTTP status code".to_owned(),
                Column::ErrorCode => "Error code".to_owned(),
                other => format!("{other:?}"),
            })
            .collect();
        Some(Header { start: i, next: i, columns, words, style: Style::CellLines { blank_separated: false }, caption: None })
    };
    if status(i) && code(i + 1) && !text(i + 2).is_empty() && !status(i + 2) {
        return header(vec![Column::Status, Column::ErrorCode, Column::Description]);
    }
    let required_first = |j: usize| name(j) && lexicon::required_value(text(j + 1)).is_some() && lexicon::is_type(text(j + 2));
    if required_first(i) {
        return header(vec![Column::Name, Column::Required, Column::Type, Column::Description]);
    }
    let starts_record = |j: usize| name(j) && lexicon::is_type(text(j + 1));
    if !starts_record(i) {
        return None;
    }
    // The first record's cells after its type, up to the next record or a blank-free limit.
    let end = (i + 2..(i + 12).min(lines.len())).find(|&j| starts_record(j) || lexicon::section(text(j)).is_some()).unwrap_or((i + 12).min(lines.len()));
    let columns = match (i + 2..end).find(|&j| lexicon::required_value(text(j)).is_some()) {
        Some(required_at) if required_at == i + 2 => vec![Column::Name, Column::Type, Column::Required, Column::Description],
        Some(_) => vec![Column::Name, Column::Type, Column::Description, Column::Required],
        // No required word: the response's fields (`requestId`, `String`, its description).
        None if end > i + 2 && !text(i + 2).is_empty() => vec![Column::Name, Column::Type, Column::Description],
        None => return None,
    };
    header(columns)
}

fn finish(lines: &[&str], start: usize, mut next: usize, columns: Vec<Column>, words: Vec<String>, style: Style) -> Header {
    // The `---|---` line, also after blank lines of a header whose cells were padded.
    loop {
        let sep = (next..lines.len()).find(|&j| !lines[j].trim().is_empty()).filter(|&j| is_separator(lines[j]));
        match sep {
            Some(j) => next = j + 1,
            None => break,
        }
    }
    Header { start, next, columns, words, style, caption: None }
}

/// `---|---|`, `|---|`, `---|`, `:---:`: the line under a markdown header.
pub(super) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// The columns of a pipe-row header, or `None` if the line is not one.
pub(super) fn pipe_row(line: &str) -> Option<(Vec<Column>, Vec<String>)> {
    if !line.contains('|') {
        return None;
    }
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let words: Vec<String> = t.split('|').map(|c| c.trim().to_owned()).collect();
    if words.len() < 2 {
        return None;
    }
    // A header cell left empty (`Parameter name | Type | Required | |`) lost its title: text,
    // when the other cells name a table's columns.
    let known = words.iter().filter(|w| lexicon::column(w).is_some()).count();
    let mut columns = words.iter().map(|c| if c.is_empty() && known >= 2 { Some(Column::Description) } else { lexicon::column(c) }).collect::<Option<Vec<_>>>()?;
    // A second name column (`参数名 | 类型 | ... | 名称 | 说明`) holds a display name: text.
    if let Some(first) = columns.iter().position(|c| *c == Column::Name) {
        for c in columns.iter_mut().skip(first + 1).filter(|c| **c == Column::Name) {
            *c = Column::Description;
        }
    }
    // Delimited cells may have two columns of text (`说明 | ... | 备注`), read as one description,
    // and two type columns (`数据类型 | ... | 参数类型`), one of which the values show to be the
    // location (`query`).
    let mut unique = columns.clone();
    let (mut seen_description, mut seen_type, mut seen_format, mut seen_level) = (false, false, false, false);
    unique.retain(|c| match c {
        Column::Description => !std::mem::replace(&mut seen_description, true),
        // `Level 1 Parameter | Level 2 Parameter`: the names of each depth.
        Column::Level => !std::mem::replace(&mut seen_level, true),
        // `Length | Format`: two columns on the value's form, read together.
        Column::Format => !std::mem::replace(&mut seen_format, true),
        Column::Type => !std::mem::replace(&mut seen_type, true),
        _ => true,
    });
    distinct(&unique).then_some((columns, words))
}

/// A line of pipe cells whose first cell ends a sentence and then starts with a header word: the
/// sentence and the rest of the line.
fn sentence_then_pipe_row(line: &str) -> Option<(&str, &str)> {
    let first = line.split('|').next()?;
    let end = first.rfind(['。', '：', ':'])?;
    let at = end + first[end..].chars().next()?.len_utf8();
    let rest = &line[at..];
    (!rest.trim().is_empty() && lexicon::column(rest.split('|').next()?.trim()).is_some()).then(|| (line[..at].trim(), rest))
}

/// Whether every boundary between the header words of `line` is whitespace.
fn spaced(line: &str, split: &[(Column, String)]) -> bool {
    let mut rest = line.trim();
    for (n, (_, word)) in split.iter().enumerate() {
        rest = &rest[word.len()..];
        if n + 1 < split.len() && !rest.starts_with(char::is_whitespace) {
            return false;
        }
        rest = rest.trim_start();
    }
    true
}

fn distinct(columns: &[Column]) -> bool {
    columns.iter().enumerate().all(|(i, c)| !columns[..i].contains(c))
}

/// A header word alone on a line: a Latin word must start with a capital, as header words do, so
/// a field named `name` or `type` that follows the header is not taken for one.
fn word_line(text: &str) -> Option<Column> {
    let t = text.trim();
    let column = lexicon::column(t)?;
    // A lower-case word is a field's name, unless it titles an error table's column (`http状态码`,
    // `resultCode`, `resultMsg`): no row of one cell per line has two such names in a row.
    let lower = t.starts_with(|c: char| c.is_ascii_lowercase());
    (!lower || matches!(column, Column::Status | Column::ErrorCode | Column::ErrorMessage)).then_some(column)
}

/// A run of header words, one per line, from `lines[i]`: `(columns, words, next line, blank lines
/// between)`. Stops at a repeated column (the first row's name may be a header word).
fn word_run(lines: &[&str], i: usize, word: impl Fn(&str) -> Option<(Column, String)>) -> Option<(Vec<Column>, Vec<String>, usize, bool)> {
    let mut columns = Vec::new();
    let mut words = Vec::new();
    let mut blank = false;
    let mut blank_before = false;
    let mut j = i;
    let mut end = i;
    while j < lines.len() {
        if lines[j].trim().is_empty() {
            if columns.is_empty() {
                return None;
            }
            blank_before = true;
            j += 1;
            continue;
        }
        let Some((column, text)) = word(lines[j]) else { break };
        // A lower-case error word after a parameter table's header is its first row's name
        // (`Description`, then `retCode`).
        if text.starts_with(|c: char| c.is_ascii_lowercase()) && columns.contains(&Column::Name) {
            break;
        }
        // An error table may have two columns of text (`Description`, then `Semantics`), read as
        // one; its rows start with codes, never with header words.
        let new_word = !words.iter().any(|w: &String| w.eq_ignore_ascii_case(&text));
        let second_text = column == Column::Description && columns.contains(&Column::ErrorCode) && new_word;
        // And a parameter table two type columns under other words (`Data Type`, `Parameter
        // Type`), one of which its values show to be the location (`Query`).
        let second_type = column == Column::Type && new_word;
        if columns.contains(&column) && !second_text && !second_type {
            break;
        }
        // Only blank lines between two header words say that blank lines separate cells.
        blank |= blank_before;
        blank_before = false;
        columns.push(column);
        words.push(text);
        j += 1;
        end = j;
    }
    (columns.len() >= 2).then_some((columns, words, end, blank))
}

/// `名称` / `类型` / ...: one header word per line. A section title over a header that repeats it as
/// a column (`错误码` over `HTTP status code` / `错误码` / ...) is the title, not a header word.
fn cell_lines(lines: &[&str], i: usize) -> Option<Header> {
    let caption = match word_line(lines[i]) {
        Some(_) => None,
        None => Some(caption_then_word(lines[i])?),
    };
    let first = lines[i];
    let word = |l: &str| match &caption {
        Some((_, column, word)) if std::ptr::eq(l, first) => Some((*column, word.clone())),
        _ => word_line(l).map(|c| (c, l.trim().to_owned())),
    };
    let (columns, words, next, blank) = word_run(lines, i, word)?;
    if lexicon::section(lines[i]).is_some() && word_run_after_title(lines, i).is_some_and(|run| run.contains(&columns[0])) {
        return None;
    }
    // A section title of several words (`Response parameters`) is a title, whatever its last word,
    // unless it is a column's own title (`Error Code`, then `Error Message`).
    if lexicon::section(lines[i]).is_some() && lines[i].trim().contains(char::is_whitespace) && !lexicon::is_column_title(lines[i]) {
        return None;
    }
    let mut header = finish(lines, i, next, columns, words, Style::CellLines { blank_separated: blank });
    header.caption = caption.map(|(caption, _, _)| caption);
    Some(header)
}

/// A table caption with the first header word run into it (`Table 3 Parameter description of
/// field quota Parameter`): the caption, and the word's column.
fn caption_then_word(line: &str) -> Option<(String, Column, String)> {
    let t = line.trim();
    let spaces: Vec<usize> = t.match_indices(' ').map(|(at, _)| at).collect();
    // The header word is the last one or two words.
    spaces.iter().rev().take(2).find_map(|&at| {
        let (caption, word) = (t[..at].trim(), t[at + 1..].trim());
        (lexicon::is_table_title(caption) && caption.contains(' ')).then(|| word_line(word).map(|c| (caption.to_owned(), c, word.to_owned()))).flatten()
    })
}

/// The columns of the word run after a title line, the title not repeated.
fn word_run_after_title(lines: &[&str], i: usize) -> Option<Vec<Column>> {
    let mut j = i + 1;
    while j < lines.len() && lines[j].trim().is_empty() {
        j += 1;
    }
    (j < lines.len()).then(|| word_run(lines, j, |l| word_line(l).map(|c| (c, l.trim().to_owned())))).flatten().map(|r| r.0)
}

/// `| 名称 |` / `类型 |` / ...: one header word per line, each ending in a pipe.
fn pipe_cell_lines(lines: &[&str], i: usize) -> Option<Header> {
    let first = lines[i].trim();
    let (marker, from) = if first == "|" {
        (RowMarker::BarePipe, i + 1)
    } else if first.starts_with('|') {
        (RowMarker::LeadingPipe, i)
    } else {
        (RowMarker::None, i)
    };
    let word = |l: &str| -> Option<(Column, String)> {
        let t = l.trim();
        let t = t.strip_prefix('|').unwrap_or(t);
        let inner = t.strip_suffix('|')?.trim();
        if inner.contains('|') {
            return None;
        }
        word_line(inner).map(|c| (c, inner.to_owned()))
    };
    if from >= lines.len() {
        return None;
    }
    word(lines[from])?;
    let (mut columns, mut words, mut next, _) = word_run(lines, from, word)?;
    if marker == RowMarker::LeadingPipe && lines[i + 1..next].iter().any(|l| l.trim_start().starts_with('|')) {
        return None;
    }
    // Rows that start with a bare `|` and end with an empty cell (an icon column's): the header
    // ends with that empty cell too, a bare `|` before the first row's.
    // (Not the empty name cell of a nameless first row: `|`, `|`, then its type, `object |`.)
    let bare = |j: usize| lines.get(j).is_some_and(|l| l.trim() == "|");
    let named = lines.get(next + 2).is_some_and(|l| !lexicon::is_type(l.trim().trim_end_matches('|').trim()));
    if marker == RowMarker::BarePipe && bare(next) && bare(next + 1) && named {
        columns.push(Column::Description);
        words.push(String::new());
        next += 1;
    }
    Some(finish(lines, i, next, columns, words, Style::PipeCellLines { marker }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::*;

    fn header(text: &str) -> Option<(Vec<Column>, Style, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        find(&lines, 0).map(|h| (h.columns, h.style, h.next))
    }

    #[test]
    fn every_header_style_is_found() {
        let five = vec![Name, Type, Required, Description, Example];
        assert_eq!(header("名称 | 类型 | 必填 | 描述 | 示例值 |\n---|---|---|---|---|\nAppId"), Some((five.clone(), Style::PipeRow, 2)));
        assert_eq!(header("名称类型必填描述示例值\nAppIdstring是"), Some((five.clone(), Style::Glued, 1)));
        assert_eq!(header("名称 类型 必填 描述 示例值\nAppId string 是"), Some((five.clone(), Style::Spaced, 1)));
        assert_eq!(header("名称\n类型\n必填\n描述\n示例值\nAppId"), Some((five.clone(), Style::CellLines { blank_separated: false }, 5)));
        assert_eq!(header("名称\n\n类型\n\n必填\n\n描述\n\n示例值\n\nAppId"), Some((five.clone(), Style::CellLines { blank_separated: true }, 9)));
        assert_eq!(header("| 名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\n| AppId |"), Some((five.clone(), Style::PipeCellLines { marker: RowMarker::LeadingPipe }, 5)));
        assert_eq!(header("|\n名称 |\n类型 |\n必填 |\n描述 |\n示例值 |\n|"), Some((five.clone(), Style::PipeCellLines { marker: RowMarker::BarePipe }, 6)));
        assert_eq!(header("HTTP status codeError codeError messageDescription").map(|h| h.1), Some(Style::Glued));
    }

    #[test]
    fn titles_and_field_names_are_not_header_words() {
        // The section title over a header that repeats it as a column.
        assert_eq!(header("错误码\nHTTP status code\n错误码\n错误信息\n描述"), None);
        assert_eq!(header("状态码\n\n状态码\n\n描述\n\n201"), None);
        assert_eq!(header("状态码\n\n描述\n\n201").map(|h| h.0), Some(vec![Status, Description]));
        // A first row named like a header word ends the header.
        assert_eq!(header("参数\n是否必选\n参数类型\n描述\nname\n是").map(|h| h.0), Some(vec![Name, Required, Type, Description]));
        assert_eq!(header("Parameter\nType\nDescription\nName\nstring").map(|h| h.0), Some(vec![Name, Type, Description]));
        assert_eq!(header("请求参数\n名称"), None);
        assert_eq!(header("Type"), None);
    }

    #[test]
    fn a_wrapped_header_line_continues_one_word_per_line() {
        assert_eq!(header("NameTypeRequired\nExample\nDescription\nActionStringYes").map(|h| (h.0, h.2)), Some((vec![Name, Type, Required, Example, Description], 3)));
    }

    #[test]
    fn a_table_without_header_under_a_section_title_implies_its_columns() {
        let lines: Vec<&str> = "返回参数\nrequest_id\nstring\n请求ID\n必选\ncount\ninteger\n总数\n可选".lines().collect();
        let h = implied(&lines, 1).expect("implied header");
        assert_eq!(h.columns, vec![Name, Type, Description, Required]);
        // Not without a title over it; a sentence may stand between them.
        assert!(implied(&["text", "request_id", "string", "请求ID", "必选"], 1).is_none());
        let h = implied(&["3. Output Parameters", "The following lists the fields.", "requestId", "String", "The request ID."], 2).expect("implied header");
        assert_eq!(h.columns, vec![Name, Type, Description]);
        // Nor without a description or required word after the type.
        assert!(implied(&["返回参数", "request_id", "string"], 1).is_none());
        // The required word before the type, and error records.
        assert_eq!(implied(&["2. Input Parameters", "clusterId", "Yes", "String", "The cluster ID."], 1).map(|h| h.columns), Some(vec![Name, Required, Type, Description]));
        let h = implied(&["6. Error Codes", "404", "INVALID_CLUSTER_NOT_FOUND", "The cluster does not exist."], 1).expect("implied header");
        assert_eq!(h.columns, vec![Status, ErrorCode, Description]);
        assert_eq!(h.words[..2], ["HTTP status code", "Error code"]);
    }
}
