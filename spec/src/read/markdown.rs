//! Markdown as vendor sites export it ("copy as Markdown"): `#` headings, fenced code, pipe
//! tables with a `| --- |` separator. The exports add their own quirks, read here so the
//! interpreter never sees them: a table printed twice (a header-only copy, then a copy whose
//! Markdown header is blank and whose real header is the first, bold, row), backslash escapes in
//! cells (`service\_name`, `\*\*\*\*`, `\|`), links in cells (`[LogConfig](https://...)`), `<br>`
//! inside cells, and code fences whose JSON is preceded by an HTTP status line and headers.

use std::sync::LazyLock;

use regex::Regex;

use crate::diag::Diagnostics;
use crate::doc::{Block, CodeBlock, Row, Table};
use crate::lexicon;

// GitHub's tables need one hyphen per cell (`|--|--|`), not three.
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$").expect("valid regex"));
/// The attribute list some Markdown dialects put after a heading (`## 错误码 {#errors .section}`).
static ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\{\s*[#.][^{}]*\}$").expect("valid regex"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*$").expect("valid regex"));
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"!?\[((?:[^\[\]]|\[\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)"#).expect("valid regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));
static HTTP_GLUED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(HTTP/\d\.\d)(\S)").expect("valid regex"));

/// Whether `text` is Markdown: pipe tables with separator lines, and headings or fences.
pub(super) fn looks_like_markdown(text: &str) -> bool {
    let mut separators = 0;
    let mut marks = 0;
    for line in text.lines().map(str::trim) {
        if line.starts_with('|') && SEPARATOR.is_match(line) {
            separators += 1;
        } else if line.starts_with("```") || HEADING.is_match(line) {
            marks += 1;
        }
    }
    // Exports keep HTML tables as they were (`<table>` blocks between Markdown lines).
    let html_tables = text.lines().any(|l| l.trim_start().to_ascii_lowercase().starts_with("<table"));
    marks > 0 && (separators > 0 || html_tables)
}

/// Cells of a pipe row, split at unescaped pipes.
fn split_row(line: &str) -> Vec<String> {
    let inner = line.trim();
    let inner = inner.strip_prefix('|').unwrap_or(inner);
    let inner = if ends_with_pipe(inner) { &inner[..inner.len() - 1] } else { inner };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('\\');
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter().map(|c| clean_cell(&c)).collect()
}

/// A cell as it renders: links as their text, no bold marks, escapes undone, `<br>` as a line break.
pub fn clean_cell(cell: &str) -> String {
    let text = LINK.replace_all(cell.trim(), "$1");
    let text = text.replace("**", "").replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n");
    unescape(&text).trim().to_owned()
}

/// Undoes Markdown backslash escapes (`\_` -> `_`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().expect("peeked"));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_table_line(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// Whether a line ends with a pipe that is not escaped.
fn ends_with_pipe(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('|') && !t.ends_with("\\|")
}

/// The line that closes a row left open on the line before `from`, which holds `cells` of the
/// table's `width`: the first that ends with a pipe once the row has its cells (a row may give
/// each cell a paragraph of its own, `|InvalidParameter`, blank, `|400`, ...), unless a heading, a
/// fence or a line that starts another row comes first.
fn row_end(lines: &[&str], from: usize, mut cells: usize, width: usize) -> Option<usize> {
    for (j, l) in lines.iter().enumerate().skip(from) {
        let t = l.trim();
        if t.starts_with('#') || t.starts_with("```") {
            return None;
        }
        if t.starts_with('|') && !t.trim_end_matches('|').trim().is_empty() {
            cells += split_row(t).len();
            // Cells beyond the header's: the next row.
            if cells > width {
                return None;
            }
        }
        if ends_with_pipe(t) && (cells >= width || !t.starts_with('|') || t.trim_end_matches('|').trim().is_empty()) {
            return Some(j);
        }
    }
    None
}

/// A header whose cells stand in paragraphs of their own (`|错误代码`, blank, `|错误信息`, ...,
/// `|描述 |`) before its separator: the header as one line, and the separator's index.
fn wrapped_header(lines: &[&str], i: usize) -> Option<(String, usize)> {
    let mut text = lines[i].trim().to_owned();
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if !t.starts_with('|') || SEPARATOR.is_match(t) {
            return None;
        }
        text.push_str(t);
        if ends_with_pipe(t) {
            let sep = (j + 1..lines.len()).find(|&k| !lines[k].trim().is_empty()).filter(|&k| SEPARATOR.is_match(lines[k].trim()))?;
            return Some((text, sep));
        }
    }
    None
}

/// Reads a Markdown document into blocks.
pub(super) fn read(file: &str, lines: &[&str], diags: &mut Diagnostics) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let line_no = i as u32 + 1;
        if line.to_ascii_lowercase().starts_with("<table") {
            // An HTML table inside the Markdown is read by the HTML reader, its blocks placed at
            // the table's lines.
            let end = (i..lines.len()).find(|&j| lines[j].to_ascii_lowercase().contains("</table>")).unwrap_or(lines.len() - 1);
            let region = lines[i..=end].join("\n");
            for mut block in super::html::read(file, &region, diags) {
                let at = line_no + block.line().saturating_sub(1).min((end - i) as u32);
                match &mut block {
                    Block::Heading { line, .. } | Block::Text { line, .. } => *line = at,
                    Block::Code(code) => code.line = at,
                    Block::Table(table) => {
                        table.line = at;
                        for row in &mut table.rows {
                            row.line = at;
                        }
                    }
                }
                blocks.push(block);
            }
            i = end + 1;
            continue;
        }
        if let Some(info) = line.strip_prefix("```") {
            let end = (i + 1..lines.len()).find(|&j| lines[j].trim().starts_with("```")).unwrap_or(lines.len());
            fence(line_no, info.trim(), &lines[i + 1..end], super::code::label_before(lines, i), &mut blocks);
            i = end + 1;
            continue;
        }
        let head = if !is_table_line(line) {
            None
        } else if lines.get(i + 1).is_some_and(|n| SEPARATOR.is_match(n.trim())) {
            Some((line.to_owned(), i + 1))
        } else if !ends_with_pipe(line) {
            wrapped_header(lines, i)
        } else {
            None
        };
        if let Some((head, separator)) = head {
            let mut header = split_row(&head);
            let mut j = separator + 1;
            let mut rows = Vec::new();
            // A header closed by a pipe closes its rows with one: a row left open goes on over
            // the lines after it, blank ones too, up to the line that closes it (` |`).
            let closed = ends_with_pipe(&head);
            // A row that lost its leading pipe (`Offset | No | Integer | ... |`) still has the
            // header's cells.
            let width = header.len();
            let row_line = |l: &str| is_table_line(l) || (l.contains('|') && !l.trim_start().starts_with('#') && split_row(l).len() >= width);
            while j < lines.len() && row_line(lines[j]) {
                let t = lines[j].trim();
                if SEPARATOR.is_match(t) {
                    j += 1;
                    continue;
                }
                let start = j;
                let mut text = t.to_owned();
                if closed && !ends_with_pipe(t) {
                    if let Some(end) = row_end(lines, j + 1, split_row(t).len(), width) {
                        for l in &lines[j + 1..=end] {
                            text.push('\n');
                            text.push_str(l.trim());
                        }
                        j = end;
                    }
                }
                rows.push(Row { line: start as u32 + 1, cells: split_row(&text) });
                j += 1;
            }
            // The export's blank header: the real one is the first (bold) row.
            if header.iter().all(String::is_empty) {
                if rows.first().is_some_and(|r| r.cells.iter().any(|c| lexicon::column(c).is_some())) {
                    header = rows.remove(0).cells;
                }
                // A blank row under the blank header is part of the same export artefact.
                rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
            }
            // A header-only copy printed before the real table holds nothing.
            if !rows.is_empty() || !(j..lines.len()).map(|k| lines[k].trim()).find(|l| !l.is_empty()).is_some_and(is_table_line) {
                blocks.push(Block::Table(Table { line: line_no, header, rows }));
            }
            i = j;
            continue;
        }
        if let Some(m) = HEADING.captures(line) {
            let text = TAG.replace_all(&m[2], "").replace("**", "");
            let text = ATTRIBUTES.replace(&text, "");
            let text = text.trim();
            if lexicon::section(text).is_some() {
                blocks.push(Block::Heading { line: line_no, text: text.to_owned() });
            } else if !text.is_empty() {
                // Titles keep their mark: a `#` title is evidence of the operation's name.
                blocks.push(Block::Text { line: line_no, text: format!("{} {}", &m[1], unescape(text)) });
            }
            i += 1;
            continue;
        }
        if !line.is_empty() {
            // Prose keeps its links (an API Explorer link names the operation); a line that is
            // a section word alone is a heading in Markdown exports too (`请求示例`).
            let kind = if lexicon::section(line).is_some() { "heading" } else { "text" };
            let text = unescape(line);
            blocks.push(if kind == "heading" { Block::Heading { line: line_no, text } } else { Block::Text { line: line_no, text } });
        }
        i += 1;
    }
    blocks
}

/// A fenced block: a JSON or XML example as code (after the HTTP status line and headers that
/// precede it); anything else (request syntax, request examples) as lines of text.
fn fence(line_no: u32, info: &str, body: &[&str], label: Option<&'static str>, blocks: &mut Vec<Block>) {
    let start = body.iter().position(|l| {
        let t = l.trim_start();
        t.starts_with('{') || t.starts_with('[') || t.starts_with('<')
    });
    let label = label.or(match info.to_ascii_lowercase().as_str() {
        "json" => Some("json"),
        "xml" => Some("xml"),
        _ => None,
    });
    let Some(start) = start else {
        for (k, l) in body.iter().enumerate() {
            // Request-syntax lines glued together (`POST /a HTTP/1.1GET /a HTTP/1.1`).
            for piece in HTTP_GLUED.replace_all(l.trim(), "$1\n$2").lines() {
                if !piece.trim().is_empty() {
                    blocks.push(Block::Text { line: line_no + 1 + k as u32, text: piece.trim().to_owned() });
                }
            }
        }
        return;
    };
    // The status line and headers before the body say how the example was answered.
    for (k, l) in body[..start].iter().enumerate() {
        if !l.trim().is_empty() {
            blocks.push(Block::Text { line: line_no + 1 + k as u32, text: l.trim().to_owned() });
        }
    }
    // Lines inside arrays end with a stray `\` in the exports (`"services" : [ {\`).
    let text: Vec<String> = body[start..].iter().map(|l| l.strip_suffix('\\').unwrap_or(l).to_owned()).collect();
    let label = label.or_else(|| body[start].trim_start().starts_with('<').then_some("xml"));
    blocks.push(Block::Code(CodeBlock { line: line_no + 1 + start as u32, label: label.map(str::to_owned), text: json_part(&text.join("\n")) }));
}

/// The JSON value at the start of `text`, without what follows it (`公共响应头`, a second example).
fn json_part(text: &str) -> String {
    let trimmed = text.trim_start();
    if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
        return text.to_owned();
    }
    let mut stream = serde_json::Deserializer::from_str(trimmed).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(_)) => trimmed[..stream.byte_offset()].to_owned(),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Vec<Block> {
        let lines: Vec<&str> = text.lines().collect();
        read("t.md", &lines, &mut Diagnostics::new())
    }

    #[test]
    fn the_exports_double_table_is_one_table() {
        let blocks = read_text(
            "## 请求参数\n\n| **名称** | **类型** | **是否必选** |\n| --- | --- | --- |\n\n|     |     |     |\n| --- | --- | --- |\n| **名称** | **类型** | **是否必选** |\n| service\\_name | [LogConfig](https://x#LogConfig \"\") | 是 |\n| a \\| b | String | 否 |\n",
        );
        let tables: Vec<&Table> = blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].header, vec!["名称", "类型", "是否必选"]);
        assert_eq!(tables[0].rows[0].cells, vec!["service_name", "LogConfig", "是"]);
        assert_eq!(tables[0].rows[1].cells, vec!["a | b", "String", "否"]);
    }

    #[test]
    fn rows_left_open_go_on_to_the_line_that_closes_them() {
        // Alibaba's older repository Markdown: one-hyphen separators, heading attributes, a cell
        // over several lines closed by ` |`, and a row that lost its leading pipe.
        let blocks = read_text("## 请求参数 {#parameters .section}\n\n|名称|类型|描述|\n|--|--|--|\n|Action|String|取值：\n\n **Run**。\n\n |\n|Name|String|名称。 |\nTag | String | 标签。 |\n\n## 错误码 { .section}\n");
        assert!(matches!(&blocks[0], Block::Heading { text, .. } if text == "请求参数"));
        let Block::Table(table) = &blocks[1] else { panic!("a table: {blocks:?}") };
        let cells: Vec<&Vec<String>> = table.rows.iter().map(|r| &r.cells).collect();
        assert_eq!(cells, [&vec!["Action".to_owned(), "String".to_owned(), "取值：\n\nRun。".to_owned()], &vec!["Name".to_owned(), "String".to_owned(), "名称。".to_owned()], &vec!["Tag".to_owned(), "String".to_owned(), "标签。".to_owned()]]);
        assert!(matches!(&blocks[2], Block::Heading { text, .. } if text == "错误码"));
        // Every cell a paragraph of its own, the header's too.
        let blocks = read_text("|错误代码\n\n|HTTP状态码\n\n|描述 |\n|----|----|----|\n|InvalidParameter\n\n|400\n\n|无效。 |\n|NotFound\n\n|404\n\n|不存在。 |\n");
        let Block::Table(table) = &blocks[0] else { panic!("a table: {blocks:?}") };
        assert_eq!(table.header, ["错误代码", "HTTP状态码", "描述"]);
        assert_eq!(table.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>(), [["InvalidParameter", "400", "无效。"], ["NotFound", "404", "不存在。"]]);
    }

    #[test]
    fn fences_give_json_after_the_status_line_and_text_otherwise() {
        let blocks = read_text("```plaintext\nPOST /a HTTP/1.1GET /a HTTP/1.1\n```\n`JSON`格式\n```swift\nHTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"a\" : [ {\\\n \"b\": 1 } ]\n}\n公共响应头\n```\n");
        let texts: Vec<String> = blocks.iter().filter_map(|b| if let Block::Text { text, .. } = b { Some(text.clone()) } else { None }).collect();
        assert_eq!(texts[..2], ["POST /a HTTP/1.1".to_owned(), "GET /a HTTP/1.1".to_owned()]);
        let code = blocks.iter().find_map(|b| if let Block::Code(c) = b { Some(c) } else { None }).expect("code");
        assert_eq!(code.label.as_deref(), Some("json"));
        assert!(serde_json::from_str::<serde_json::Value>(&code.text).is_ok(), "{}", code.text);
    }
}
