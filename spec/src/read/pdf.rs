//! Text extracted from a PDF manual (Alibaba Cloud's API reference PDFs).
//!
//! What the extraction does to a page, and what this reader undoes:
//! - running headers and footers (`API参考··命名空间和VPC Serverless 应用引擎`, `21 > 文档版本：20220713`)
//!   land anywhere, inside tables too: they are dropped;
//! - bold text is printed twice (`请求参数请求参数`, `ErrorCodeErrorCode`, `t ruet rue`) and
//!   letters of a word are split by spaces (`Package T ype`): every cell and line of prose goes
//!   through [`crate::clean`], which repairs what the document proves and counts it;
//! - a narrow cell runs into the next (`否 k1=v1 PHP配置文件内容。` after a wrapped location) and an
//!   example with spaces is cut at the first (`Open` of `Open JDK 8`): the cells are separated
//!   again where the document's own examples show the whole value;
//! - numbered headings (`9.1. CreateNamespace9.1. CreateNamespace`) are printed at the bottom of
//!   the section's first page, so they can fall inside a table: they are moved after it;
//! - tables are rows of space-separated cells whose long cells wrap onto the next lines, column by
//!   column (`NamespaceNam` / `e`, an example split over three lines, an error code split
//!   mid-word); the header row repeats after each page break.

use std::sync::LazyLock;

use regex::Regex;

use super::code;
use crate::clean::{Cleaner, Evidence, Kind};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, CodeBlock, Row, Table};
use crate::lexicon::{self, Column};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static FURNITURE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![re(r"文[档檔]版本[：:]\s*\d{8}"), re(r"^\s*API参考··.*\S\s*$"), re(r"^\s*\S.*\s+API参考··\S*\s*$")]
});
static NUMBERED_HEADING: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d+(?:\.\d+)*\.)\s*(\S.*)$"));
/// Types as the SAE reference prints them; `Array of` may wrap before its item type.
static TYPE_WORD: &str = r"(?:String|Integer|Long|Boolean|Object|Float|Double|Map|Json|Number|Array of \S+|Array of|Array|List)";
static ROW_NAMED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^([A-Za-z_][A-Za-z0-9_.\-]*) ({TYPE_WORD})(?: (Query|Body|Path|Header|FormData))?(?: (是|否))?(?: (.*))?$")));
static ROW_NAMELESS: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^({TYPE_WORD})(?: (Query|Body|Path|Header|FormData))?(?: (是|否))?(?: (.*))?$")));
static NAME_FRAGMENT: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z_][A-Za-z0-9_.\-]*$|^[A-Za-z0-9_.\-]+$"));
static STATUS_ROW: LazyLock<Regex> = LazyLock::new(|| re(r"^([1-5]\d\d)(?:\s+(\S+))?(?:\s+(.*))?$"));

/// PDF text carries running page furniture such as `文档版本：20220713`.
pub fn looks_like_pdf_text(text: &str) -> bool {
    text.lines().filter(|l| l.contains("文档版本：") || l.contains("文檔版本：")).take(3).count() >= 3
}

/// A line of the page without its furniture, and where it was.
#[derive(Clone, Copy)]
struct Line<'a> {
    no: u32,
    text: &'a str,
}

fn is_furniture(line: &str) -> bool {
    FURNITURE.iter().any(|r| r.is_match(line))
}

/// `XX` -> `X` for a whole line printed twice (`请求参数请求参数`, `9.1. CreateNamespace9.1. CreateNamespace`).
pub fn undouble_line(line: &str) -> &str {
    let t = line.trim();
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    if chars.len() >= 2 && chars.len().is_multiple_of(2) {
        let mid = chars[chars.len() / 2].0;
        if t[..mid] == t[mid..] {
            return &t[..mid];
        }
    }
    t
}

pub(super) fn read(file: &str, raw: &[&str], diags: &mut Diagnostics) -> Vec<Block> {
    let lines: Vec<Line<'_>> = raw.iter().enumerate().filter(|(_, l)| !is_furniture(l)).map(|(i, l)| Line { no: i as u32 + 1, text: l }).collect();
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let mut cleaner = Cleaner::new(Evidence::of_text(&texts.join("\n")));
    // For each line, the first line after it that ends a table (`texts.len()` when none does),
    // worked out once: every prose line asks where an example starting there must stop.
    let mut next_end = vec![texts.len(); texts.len()];
    for k in (1..texts.len()).rev() {
        next_end[k - 1] = if ends_table(texts[k].trim()) { k } else { next_end[k] };
    }
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text.trim();
        let no = lines[i].no;
        if text.is_empty() {
            i += 1;
            continue;
        }
        if let Some(columns) = header_columns(text) {
            let (table, deferred, next) = read_table(file, &lines, i, columns, &mut cleaner, diags);
            blocks.push(Block::Table(table));
            blocks.extend(deferred);
            i = next;
            continue;
        }
        if text.starts_with('<') && text.ends_with('>') && !text.starts_with("</") {
            if let Some((block, next)) = take_xml(&lines, i) {
                blocks.push(Block::Code(block));
                i = next;
                continue;
            }
        }
        // A broken example must not swallow the sections after it: it ends at the next heading.
        let limit = next_end[i];
        if let Some((mut block, next, rest)) = code::take_json(&texts[..limit], i, code::label_before(&texts, i)) {
            block.line = no;
            drop_repeated_lines(file, &mut block, &lines[i..next], diags);
            blocks.push(Block::Code(block));
            if let Some(rest) = rest {
                blocks.extend(super::prose(lines[next - 1].no, rest));
            }
            i = next;
            continue;
        }
        blocks.push(prose_block(no, text, &mut cleaner));
        i += 1;
    }
    report_repairs(file, &cleaner, diags);
    blocks
}

/// One note per document counts the repairs of PDF text, each proven by the document, so that
/// none is silent.
fn report_repairs(file: &str, cleaner: &Cleaner, diags: &mut Diagnostics) {
    let Some(first) = cleaner.tally.values().map(|(_, line, _)| *line).min() else { return };
    let kinds: Vec<String> = cleaner.tally.iter().map(|(kind, (n, line, instance))| format!("{n} {} (first at line {line}: {instance})", kind.describe())).collect();
    diags.note(Location::line(file, first), "pdf-text-repaired", format!("PDF text artifacts repaired where the document shows the undamaged text: {}", kinds.join("; ")));
}

/// A page break can print the last line of an example again at the top of the next page, one
/// space further in (`"NasPath" : "/"` / ` "NasPath" : "/"`). A key line that repeats the line
/// before it exactly is dropped, only when the example does not parse with it and does without it:
/// a JSON object never holds the same key twice in a row.
fn drop_repeated_lines(file: &str, block: &mut CodeBlock, lines: &[Line<'_>], diags: &mut Diagnostics) {
    if json_parses(&block.text) {
        return;
    }
    let text_lines: Vec<&str> = block.text.lines().collect();
    let repeated: Vec<usize> = (1..text_lines.len())
        .filter(|&k| {
            let (t, before) = (text_lines[k].trim(), text_lines[k - 1].trim());
            t == before && t.starts_with('"') && (t.contains("\" :") || t.contains("\":"))
        })
        .collect();
    if repeated.is_empty() {
        return;
    }
    let kept: Vec<&str> = text_lines.iter().enumerate().filter(|(k, _)| !repeated.contains(k)).map(|(_, l)| *l).collect();
    let repaired = kept.join("\n");
    if !json_parses(&repaired) {
        return;
    }
    for &k in &repeated {
        let no = lines.get(k).map_or(block.line, |l| l.no);
        diags.note(Location::line(file, no), "example-repeated-line", format!("the JSON example repeats `{}` from the line before (a page break prints it twice); the copy was dropped", text_lines[k].trim()));
    }
    block.text = repaired;
}

/// Whether an example parses as JSON once string values wrapped over lines are joined.
fn json_parses(text: &str) -> bool {
    let mut joined = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string && c == '\n' {
            continue;
        }
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            _ => {}
        }
        joined.push(c);
    }
    serde_json::from_str::<serde_json::Value>(&joined).is_ok()
}

fn prose_block(no: u32, text: &str, cleaner: &mut Cleaner) -> Block {
    let single = undouble_line(text);
    if lexicon::section(single).is_some() || (NUMBERED_HEADING.is_match(single) && single.len() < text.trim().len()) {
        Block::Heading { line: no, text: single.to_owned() }
    } else {
        // A whole line printed twice is bold text (`ScRules参数说明ScRules参数说明`).
        Block::Text { line: no, text: cleaner.clean(no, single, "") }
    }
}

/// A space-separated header row: every token a column word, at least three of them.
fn header_columns(text: &str) -> Option<Vec<Column>> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() < 3 {
        return None;
    }
    tokens.iter().map(|t| lexicon::column(t)).collect()
}

/// The XML example: from its root tag to the closing tag.
fn take_xml(lines: &[Line<'_>], start: usize) -> Option<(CodeBlock, usize)> {
    let open = lines[start].text.trim();
    let name: String = open[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if name.is_empty() {
        return None;
    }
    let close = format!("</{name}>");
    let end = lines[start..].iter().position(|l| l.text.trim() == close)? + start;
    let text = lines[start..=end].iter().map(|l| l.text).collect::<Vec<_>>().join("\n");
    Some((CodeBlock { line: lines[start].no, label: Some("xml".to_owned()), text }, end + 1))
}

/// Whether a line ends the table region: a section heading, an operation's opening sentence, the
/// pointer to the error center.
fn ends_table(text: &str) -> bool {
    let single = undouble_line(text);
    // `ScRules参数说明` titles a table of its own: the structure of a JSON-valued parameter.
    let titles_notes = single.ends_with("参数说明") && single.chars().count() < 40;
    lexicon::section(single).is_some() || lexicon::opening_operation(text).is_some() || text.starts_with("访问错误中心") || titles_notes
}

type TableRead = (Table, Vec<Block>, usize);

fn read_table(file: &str, lines: &[Line<'_>], start: usize, columns: Vec<Column>, cleaner: &mut Cleaner, diags: &mut Diagnostics) -> TableRead {
    let header_text = lines[start].text.trim().to_owned();
    let header: Vec<String> = header_text.split_whitespace().map(str::to_owned).collect();
    let mut region: Vec<Line<'_>> = Vec::new();
    let mut deferred = Vec::new();
    let mut i = start + 1;
    while i < lines.len() {
        let text = lines[i].text.trim();
        if ends_table(text) || (header_columns(text).is_some() && text != header_text) {
            break;
        }
        if text == header_text {
            // The header repeats after a page break.
            i += 1;
            continue;
        }
        let single = undouble_line(text);
        if NUMBERED_HEADING.is_match(single) && single.len() < text.len() {
            // A numbered heading printed at the bottom of a page: it belongs after the table.
            deferred.push(Block::Heading { line: lines[i].no, text: single.to_owned() });
            i += 1;
            continue;
        }
        region.push(Line { no: lines[i].no, text: lines[i].text });
        i += 1;
    }
    let rows = if columns.contains(&Column::ErrorCode) {
        error_rows(file, &region, cleaner, diags)
    } else if columns.contains(&Column::Name) && columns.contains(&Column::Type) {
        field_rows(file, &region, &columns, cleaner, diags)
    } else {
        region.iter().filter(|l| !l.text.trim().is_empty()).map(|l| Row { line: l.no, cells: vec![cleaner.clean(l.no, l.text.trim(), "")] }).collect()
    };
    (Table { line: lines[start].no, header, rows }, deferred, i)
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// Joins wrapped lines of prose: no space where either side is Chinese.
fn join_prose(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let needs_space = !(out.is_empty() || out.chars().next_back().is_some_and(|c| has_cjk(&c.to_string())) || l.chars().next().is_some_and(|c| has_cjk(&c.to_string())));
        if needs_space {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

struct Start {
    /// Index in the region of the first line of the row (its name fragments, if any).
    first: usize,
    /// Index of the line holding the type.
    type_line: usize,
    name: String,
    ty: String,
    location: String,
    required: String,
    tail: String,
}

/// Undoes the glyph split inside an identifier: `FinishT imeStam` -> `FinishTimeStam`.
fn join_identifier_split(text: &str) -> std::borrow::Cow<'_, str> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| re(r"([a-z])([A-Z]) ([a-z]+)"));
    SPLIT.replace_all(text, "$1$2$3")
}

fn row_start(region: &[Line<'_>], i: usize, previous_end: usize) -> Option<Start> {
    let joined = join_identifier_split(region[i].text.trim());
    let text = joined.as_ref();
    let complete_type = |ty: &str, i: usize| -> (String, usize) {
        // `Array of` wrapped before its item type.
        if ty == "Array of" {
            if let Some(next) = region.get(i + 1).map(|l| l.text.trim()).filter(|t| NAME_FRAGMENT.is_match(t)) {
                return (format!("Array of {next}"), 1);
            }
        }
        (ty.to_owned(), 0)
    };
    if let Some(c) = ROW_NAMED.captures(text) {
        if !matches!(&c[1], "Array") {
            let (ty, _) = complete_type(&c[2], i);
            return Some(Start { first: i, type_line: i, name: c[1].to_owned(), ty, location: cap(&c, 3), required: cap(&c, 4), tail: cap(&c, 5) });
        }
    }
    let c = ROW_NAMELESS.captures(text)?;
    // The name wrapped onto the lines just above (`NamespaceNam` / `e`).
    let mut first = i;
    while first > previous_end {
        let above_joined = join_identifier_split(region[first - 1].text.trim());
        let above = above_joined.as_ref();
        if above.is_empty() && first == i {
            first -= 1;
            continue;
        }
        if !above.is_empty() && NAME_FRAGMENT.is_match(above) && !has_cjk(above) {
            first -= 1;
            continue;
        }
        break;
    }
    let name: String = region[first..i].iter().map(|l| join_identifier_split(l.text.trim()).into_owned()).collect();
    let first = if name.is_empty() { i } else { first };
    let (ty, _) = complete_type(&c[1], i);
    Some(Start { first, type_line: i, name, ty, location: cap(&c, 2), required: cap(&c, 3), tail: cap(&c, 4) })
}

fn cap(c: &regex::Captures<'_>, i: usize) -> String {
    c.get(i).map_or_else(String::new, |m| m.as_str().trim().to_owned())
}

fn field_rows(file: &str, region: &[Line<'_>], columns: &[Column], cleaner: &mut Cleaner, diags: &mut Diagnostics) -> Vec<Row> {
    let mut starts: Vec<Start> = Vec::new();
    let mut previous_end = 0;
    let mut i = 0;
    while i < region.len() {
        if let Some(start) = row_start(region, i, previous_end) {
            // A name fragment line can only start a row after the previous row's content.
            let skip = usize::from(start.ty.starts_with("Array of ") && region[i].text.trim().ends_with("Array of"));
            previous_end = i + 1 + skip;
            starts.push(start);
            i += 1 + skip;
            continue;
        }
        i += 1;
    }
    if let Some(first) = starts.first() {
        for l in region[..first.first].iter().filter(|l| !l.text.trim().is_empty()) {
            diags.warning(Location::line(file, l.no), "text-outside-row", format!("expected a table row such as `Name String Query 是 example description`, found `{}`", l.text.trim()));
        }
    } else {
        for l in region.iter().filter(|l| !l.text.trim().is_empty()) {
            diags.warning(Location::line(file, l.no), "text-outside-row", format!("expected a table row such as `Name String Query 是 example description`, found `{}`", l.text.trim()));
        }
    }
    let mut rows = Vec::new();
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(region.len(), |n| n.first);
        let skip = usize::from(region[s.type_line].text.trim().ends_with("Array of"));
        let mut body: Vec<&str> = region[(s.type_line + 1 + skip).min(end)..end].iter().map(|l| l.text).collect();
        let (mut location, mut required, mut tail) = (s.location.clone(), s.required.clone(), s.tail.clone());
        let line = region[s.first].no;
        if s.tail.is_empty() && columns.contains(&Column::Location) && location.is_empty() {
            // Every cell of the row wrapped onto its own lines: `String` / `FormD` / `ata` / `否`.
            let merged;
            (location, required, merged, body) = take_wrapped_cells(body);
            if let Some(merged) = merged {
                cleaner.record(Kind::MergedCell, line, &format!("{required} {merged}"), &merged);
                tail = merged;
            }
        }
        let (example, description) = split_example(&s.name, &tail, &body, cleaner, line);
        let description = cleaner.clean(line, &description, &example);
        let example = cleaner.clean(line, &example, "");
        let cells = columns
            .iter()
            .map(|c| match c {
                Column::Name => s.name.clone(),
                Column::Type => s.ty.clone(),
                Column::Location => location.clone(),
                Column::Required => required.clone(),
                Column::Example => example.clone(),
                Column::Description => description.clone(),
                _ => String::new(),
            })
            .collect();
        rows.push(Row { line, cells });
    }
    rows
}

/// Location and required cells that wrapped below the type: the location's fragments join into
/// one of the location words, then `是`/`否` follows, alone or with the example and description
/// run into it on one line (`否 k1=v1 PHP配置文件内容。`), which is returned apart. Returns what is
/// left of the body.
fn take_wrapped_cells(body: Vec<&str>) -> (String, String, Option<String>, Vec<&str>) {
    const LOCATIONS: [&str; 5] = ["Query", "Body", "Path", "Header", "FormData"];
    let mut location = String::new();
    let mut i = 0;
    while i < body.len() {
        let t = body[i].trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        let joined = format!("{location}{t}");
        if !LOCATIONS.iter().any(|l| l.starts_with(joined.as_str())) {
            break;
        }
        location = joined;
        i += 1;
        if LOCATIONS.contains(&location.as_str()) {
            break;
        }
    }
    if !LOCATIONS.contains(&location.as_str()) {
        return (String::new(), String::new(), None, body);
    }
    let mut required = String::new();
    let mut merged = None;
    while i < body.len() && body[i].trim().is_empty() {
        i += 1;
    }
    if i < body.len() {
        let t = body[i].trim();
        if matches!(t, "是" | "否") {
            required = t.to_owned();
            i += 1;
        } else if let Some((cell, rest)) = t.split_once(' ').filter(|(c, r)| matches!(*c, "是" | "否") && !r.trim().is_empty()) {
            required = cell.to_owned();
            merged = Some(rest.trim().to_owned());
            i += 1;
        }
    }
    (location, required, merged, body[i..].to_vec())
}

/// Separates the example from the description. On the row's first line the example is the first
/// token unless the text is Chinese (`空` means "empty"), or the words the document's own examples
/// give field `name` (`"Jdk" : "Open JDK 8"`); lines right below it without Chinese continue a
/// wrapped example; the rest is the description.
fn split_example(name: &str, tail: &str, body: &[&str], cleaner: &mut Cleaner, line: u32) -> (String, String) {
    let mut example = String::new();
    let mut description: Vec<&str> = Vec::new();
    let tail = tail.trim();
    if !tail.is_empty() {
        let (first, rest) = tail.split_once(' ').unwrap_or((tail, ""));
        if has_cjk(first) {
            if first == "空" {
                description.push(rest);
            } else {
                description.push(tail);
            }
        } else {
            // The longest value of the examples that the row's text starts with, ending at a word.
            let whole = cleaner
                .evidence
                .values(name)
                .filter(|v| v.len() > first.len() && v.starts_with(first) && v[first.len()..].starts_with(' ') && tail.starts_with(v))
                .filter(|v| tail[v.len()..].chars().next().is_none_or(|c| c == ' ' || has_cjk(&c.to_string())))
                .max_by_key(|v| v.len())
                .map(str::to_owned);
            match whole {
                Some(v) => {
                    cleaner.record(Kind::TruncatedExample, line, first, &v);
                    example.push_str(&v);
                    description.push(&tail[v.len()..]);
                }
                None => {
                    example.push_str(first);
                    description.push(rest);
                }
            }
        }
    }
    let mut in_example = description.iter().all(|d| d.trim().is_empty());
    for line in body {
        let t = line.trim();
        if t.is_empty() {
            // A blank line ends the example cell, unless nothing came yet.
            in_example &= example.is_empty() && description.iter().all(|d| d.trim().is_empty());
            continue;
        }
        if in_example && !has_cjk(t) {
            example.push_str(t);
        } else {
            in_example = false;
            description.push(t);
        }
    }
    (example, join_prose(&description))
}

/// Error rows: `400 Code Message 描述` on one line, or the status alone with the code wrapped
/// below (`InstanceExist.Namesp` / `aceId`), then the English message, then the Chinese
/// description.
fn error_rows(file: &str, region: &[Line<'_>], cleaner: &mut Cleaner, diags: &mut Diagnostics) -> Vec<Row> {
    let starts: Vec<usize> = region.iter().enumerate().filter(|(_, l)| STATUS_ROW.captures(l.text.trim()).is_some_and(|c| c.get(2).is_none_or(|code| code.as_str().chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())))).map(|(i, _)| i).collect();
    if let Some(&first) = starts.first() {
        for l in region[..first].iter().filter(|l| !l.text.trim().is_empty()) {
            diags.warning(Location::line(file, l.no), "text-outside-row", format!("expected an error row such as `400 Code Message 描述`, found `{}`", l.text.trim()));
        }
    }
    let mut rows = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(region.len());
        let c = STATUS_ROW.captures(region[s].text.trim()).expect("matched above");
        let status = c[1].to_owned();
        let mut code = cap(&c, 2);
        let mut rest: Vec<&str> = Vec::new();
        let tail = c.get(3).map_or("", |m| m.as_str());
        if !tail.is_empty() {
            rest.push(tail);
        }
        let mut lines = region[s + 1..end].iter().map(|l| l.text.trim()).peekable();
        if code.is_empty() || rest.is_empty() {
            // The code wraps until the first blank line when it was too long for its column.
            while let Some(t) = lines.peek() {
                if t.is_empty() {
                    lines.next();
                    if !code.is_empty() {
                        break;
                    }
                    continue;
                }
                // Codes have no spaces, but glyph splitting puts some in (`InvalidScalingRuleT im`).
                let glyph_split = t.split_once(' ').is_some_and(|(a, b)| {
                    !b.contains(' ') && b.starts_with(|c: char| c.is_ascii_lowercase()) && a.ends_with(|c: char| c.is_ascii_uppercase()) && !b.contains("..")
                });
                if !rest.is_empty() || (t.contains(' ') && !glyph_split) || has_cjk(t) {
                    break;
                }
                code.push_str(&t.replace(' ', ""));
                lines.next();
            }
        }
        rest.extend(lines.filter(|t| !t.is_empty()));
        let joined = rest.join("\n");
        let cut = joined.char_indices().find(|(_, ch)| has_cjk(&ch.to_string())).map_or(joined.len(), |(i, _)| i);
        let message = cleaner.clean(region[s].no, &join_prose(&joined[..cut].lines().collect::<Vec<_>>()), "");
        let description = cleaner.clean(region[s].no, &join_prose(&joined[cut..].lines().collect::<Vec<_>>()), "");
        if code.is_empty() {
            diags.error(Location::line(file, region[s].no), "error-code", "error row without an error code; row skipped");
            continue;
        }
        rows.push(Row { line: region[s].no, cells: vec![status, code, message, description] });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Vec<Block>, Vec<String>) {
        let lines: Vec<&str> = text.lines().collect();
        let mut diags = Diagnostics::new();
        let blocks = read("t.txt", &lines, &mut diags);
        (blocks, diags.iter().map(ToString::to_string).collect())
    }

    fn table(blocks: &[Block]) -> &Table {
        blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).expect("a table")
    }

    #[test]
    fn glyph_artifacts_are_cleaned() {
        let cases = [
            ("请求参数请求参数", "请求参数"),
            ("不返回ErrorCodeErrorCode字段。", "不返回ErrorCode字段。"),
            ("t ruet rue：创建成功。", "true：创建成功。"),
            ("f alsef alse：创建失败。", "false：创建失败。"),
            ("Open JDK 8Open JDK 8 和 Dragonwell 8", "Open JDK 8 和 Dragonwell 8"),
            ("Package T ype 为 War", "PackageType 为 War"),
            ("名称namename", "名称name"),
            ("2xx2xx：成功。", "2xx：成功。"),
            ("a normal sentence stays as it is", "a normal sentence stays as it is"),
        ];
        for (input, expected) in cases {
            // What the rest of a document shows whole proves the repairs.
            let mut cleaner = Cleaner::new(Evidence::of_text("true false PackageType name"));
            let got = if undouble_line(input) != input { undouble_line(input).to_owned() } else { cleaner.clean(1, input, "") };
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn page_furniture_and_repeated_headers_vanish_from_tables() {
        let (blocks, diags) = read_text(
            "名称 类型 示例值 描述\nMessage String success 附加信息。\nAPI参考··命名空间和VPC Serverless 应用引擎\n21 > 文档版本：20220713\n名称 类型 示例值 描述\n Path String /path1 URL路径。\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let names: Vec<&str> = table(&blocks).rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(names, ["Message", "Path"]);
    }

    #[test]
    fn wrapped_names_types_and_examples_are_joined() {
        let (blocks, _) = read_text(
            "名称 类型 位置 是否必选 示例值 描述\nNamespaceNam\ne\n\nString Query 是 name 命名空间名称。\n\nConfigMapMount\nDesc\n\nString\nFormD\nata\n\n否\n\n[]\n\n挂载描述。\n\nRequestId String\n91F93257-7A4A-\n4BD3-9A7E-\n2F6EAE6D****\n\n请求ID。\n\nNamespaces\nArray of\nNamespace\n\n命名空间列表。\n",
        );
        let rows: Vec<Vec<&str>> = table(&blocks).rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(rows[0], ["NamespaceName", "String", "Query", "是", "name", "命名空间名称。"]);
        assert_eq!(rows[1], ["ConfigMapMountDesc", "String", "FormData", "否", "[]", "挂载描述。"]);
        assert_eq!(rows[2], ["RequestId", "String", "", "", "91F93257-7A4A-4BD3-9A7E-2F6EAE6D****", "请求ID。"]);
        assert_eq!(rows[3], ["Namespaces", "Array of Namespace", "", "", "", "命名空间列表。"]);
    }

    #[test]
    fn error_rows_with_wrapped_codes() {
        let (blocks, _) = read_text(
            "HttpCode 错误码 错误信息 描述\n400\nInstanceExist.Namesp\naceId\n\nThe specified namespace ID\nalready exists.\n\n指定的命名空间ID已存在。\n\n400 Namespace.AppExists Please delete the application first. 请先删除应用。\n\n400\nInvalidParameter.Obvi\nously\n\nThe parameter is invalid. 参数无效。\n访问错误中心查看更多错误码。\n",
        );
        let rows: Vec<Vec<&str>> = table(&blocks).rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(rows[0], ["400", "InstanceExist.NamespaceId", "The specified namespace ID already exists.", "指定的命名空间ID已存在。"]);
        assert_eq!(rows[1], ["400", "Namespace.AppExists", "Please delete the application first.", "请先删除应用。"]);
        assert_eq!(rows[2], ["400", "InvalidParameter.Obviously", "The parameter is invalid.", "参数无效。"]);
    }

    #[test]
    fn numbered_headings_inside_a_table_move_after_it() {
        let (blocks, _) = read_text("名称 类型 示例值 描述\nData Object 信息。\n9.1. CreateNamespace9.1. CreateNamespace\nRegionId String cn-beijing 地域。\n");
        assert_eq!(table(&blocks).rows.len(), 2);
        assert!(matches!(&blocks[1], Block::Heading { text, .. } if text == "9.1. CreateNamespace"));
    }
}
