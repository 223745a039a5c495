//! Page text whose table cells were run together by the page-to-text conversion:
//! the header is one word chain (`ParameterTypeRequiredDescriptionExample`), a row starts with
//! `AppIdstringYes` and its description and example follow on their own lines; error rows glue
//! status, code, message and description (`400InvalidParameter.NameThe specified ...`).

use std::sync::LazyLock;

use regex::Regex;

use super::Page;
use super::header::Header;
use super::shape::{Joined, Match, Shape};
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

static ERROR_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([1-5]\d\d)(\S.*)$").expect("valid regex"));
static STATUS_ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([1-5]\d\d)(.*)$").expect("valid regex"));

/// A section title, a table title (`表5 VolumeDTO`, a type's name over the next header) or
/// another header ends a table.
fn ends_table(lines: &[&str], i: usize) -> bool {
    super::ends_line_table(lines, i)
}

/// Whether the table's last column is a required column after the free ones, which a row's line
/// ends with (`UGNIdstringUGN IdYes`).
fn required_last(shape: &Shape) -> bool {
    shape.columns.last() == Some(&Column::Required) && shape.position(Column::Required).is_some_and(|p| p >= shape.head_len())
}

pub(super) fn read_table(page: &Page<'_>, header: &Header, diags: &mut Diagnostics) -> (Table, Vec<Block>, usize) {
    let (file, lines) = (page.file, page.lines);
    let (columns, words) = with_details_split(lines, header);
    let columns = &columns;
    let mut table = Table { line: header.line(), header: words, rows: Vec::new() };
    let mut notes = Vec::new();
    let i = header.next;
    let shape = Shape::new(columns);
    let next = if columns.contains(&Column::ErrorCode) {
        read_error_rows(file, lines, i, columns, &mut table, diags)
    } else if columns.contains(&Column::Status) && !columns.contains(&Column::Name) {
        read_status_rows(lines, i, columns, &mut table)
    } else if shape.head_len() > 0 {
        read_field_rows(file, lines, i, &shape, &mut table, &mut notes, diags)
    } else {
        read_line_rows(lines, i, &mut table)
    };
    (table, notes, next)
}

/// The columns of a header of a name and its details (`字段名称字段详情`, "Field name, Field
/// details"), whose rows print the name with the type glued to it (`ClientTokenstring`) and the
/// description and a labelled example (`示例值:…`) on the lines after: the details column holds
/// the type, the description and the example, which the rows are read as.
fn with_details_split(lines: &[&str], header: &Header) -> (Vec<Column>, Vec<String>) {
    static NAME_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^[A-Za-z][A-Za-z0-9_]*?(?:{})$", lexicon::TYPE_PATTERN)).expect("valid regex"));
    let first = lines[header.next.min(lines.len())..].iter().map(|l| l.trim()).find(|l| !l.is_empty());
    if header.columns == [Column::Name, Column::Description] && first.is_some_and(|l| NAME_TYPE.is_match(l)) {
        let details = header.words[1].clone();
        // The interpreter knows the columns by these titles; the page's own stays on the
        // description.
        let words = vec![header.words[0].clone(), "Type".to_owned(), details, "Example".to_owned()];
        return (vec![Column::Name, Column::Type, Column::Description, Column::Example], words);
    }
    (header.columns.clone(), header.words.clone())
}

/// Tables the interpreter only scans (authorization): one single-cell row per line.
fn read_line_rows(lines: &[&str], mut i: usize, table: &mut Table) -> usize {
    while i < lines.len() && !ends_table(lines, i) {
        let text = lines[i].trim();
        if !text.is_empty() {
            table.rows.push(Row { line: i as u32 + 1, cells: vec![text.to_owned()] });
        }
        i += 1;
    }
    i
}

/// A row being read: its line, head cells and the lines after its head.
struct Pending<'a> {
    line: u32,
    head: Vec<String>,
    body: Vec<(u32, &'a str)>,
}

fn read_field_rows(file: &str, lines: &[&str], mut i: usize, shape: &Shape, table: &mut Table, notes: &mut Vec<Block>, diags: &mut Diagnostics) -> usize {
    let Some(regex) = shape.table_regex(lines, i, Joined::Glued) else { return i };
    // Some pages glue the rest of the row to its head as well (`ActivityIdLong1778177294933直播间 ID。`):
    // the head, then text that does not continue a name (a digit, an upper-case letter, CJK).
    // A required column of lost icons leaves such rows without a required cell.
    let loose = shape.line_regex(Joined::Glued, Match { loose_required: true, ..Match::default() }).unwrap_or_else(|| regex.clone());
    let glued_rest_of = |r: &regex::Regex| Some(super::shape::with_rest(r));
    // The head with its required word first: a lazy name would stop at a type word inside it
    // (`PageNumberIntegerNo1...` is `PageNumber`, not `Page` of type `Number`).
    let glued_rest_strict = glued_rest_of(&regex);
    let glued_rest = glued_rest_of(&loose);
    // An example that starts in lower case (`RegionTypeStringpublicThe type...`) is told from the
    // name by the capital of the type word before it, and a description follows it.
    // (The example may also end where Chinese text starts: `NameStringgroup联系组名称...`.)
    let glued_lower_of = |r: &regex::Regex| regex::Regex::new(&format!("{}(?P<rest>[a-z][^\\s\\p{{Han}}]*[\\s\\p{{Han}}].*)$", r.as_str().trim_end_matches('$'))).ok();
    // With its required word first (`ScalingGroupIdStringYesscg-yblh... The ID`), a row whose
    // required word a lower-case example follows is not one without a required word.
    let glued_lower_strict = glued_lower_of(&regex);
    let glued_lower = glued_lower_of(&loose);
    // A lower-case type word tells the name's end as well when the name is plainly an identifier
    // (`sku_idstringsku id`, `cloud_initobjectcloud-init配置`): words joined by `_` or in camel case.
    // A table whose rows have no required word (icons lost) has none in a row printed one cell
    // per line either.
    let first = lines[i.min(lines.len())..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
    let shows_required = [Some(&regex), glued_rest_strict.as_ref(), glued_lower_strict.as_ref()].into_iter().flatten().any(|r| r.is_match(first));
    let over_lines = Match { loose_required: !shows_required, ..Match::default() };
    let capital_type = |head: &[String]| {
        let identifier = head.first().is_some_and(|n| n.contains('_') || n.as_bytes().windows(2).any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase()));
        head.iter().skip(1).any(|c| (identifier || c.starts_with(|ch: char| ch.is_ascii_uppercase())) && lexicon::is_type(c))
    };
    // Lines before the first row that are not blank belong to no row.
    let mut current: Option<Pending> = None;
    while i < lines.len() {
        // A section's title right under a row's head, with the next row after it, is that row's
        // description (`bodyobjectNo`, then `Request parameters`: the body's own parameters).
        let describes_row = || {
            let opened = current.as_ref().is_some_and(|r| r.body.iter().all(|(_, t)| t.trim().is_empty()));
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            opened && lexicon::section(lines[i]).is_some() && next.is_some_and(|l| regex.is_match(l.trim()))
        };
        if ends_table(lines, i) && !describes_row() {
            break;
        }
        // A row glued after the last bullet of the row before (`• InstanceNameStringNo...`): the
        // list lost the line break that ended it.
        // Its whole head, required word included: `• UpdateTime:...` is a bullet.
        // Without a required column, a capital type word after the name shows the head
        // (`• BillingTypeInteger2The billing type`).
        let bulleted = lines[i].trim().strip_prefix('•').map(str::trim_start).filter(|rest| {
            glued_rest.as_ref().and_then(|r| r.captures(rest)).is_some_and(|c| {
                let head = shape.head_cells(&c);
                shape.is_whole_head(&head) || (shape.head_len() == 2 && !shape.has_required() && head.iter().all(|h| !h.is_empty()) && head.get(1).is_some_and(|t| t.starts_with(|ch: char| ch.is_ascii_uppercase())))
            })
        });
        let line = bulleted.unwrap_or(lines[i]);
        // An indented line right under a line that ends in a label (`参考取值来源:`, then
        // `    GetInstanceList`) is that label's value, not a row.
        let labels_it = i > 0 && lines[i - 1].trim_end().ends_with([':', '：']) && line.starts_with(char::is_whitespace) && !line.trim().is_empty();
        if let Some(row) = current.as_mut().filter(|_| labels_it) {
            row.body.push((i as u32 + 1, line));
        } else if let Some(c) = regex.captures(line.trim()) {
            if let Some(row) = current.take() {
                table.rows.push(field_row(row, shape, notes));
            }
            current = Some(Pending { line: i as u32 + 1, head: shape.head_cells(&c), body: Vec::new() });
        } else if let Some(c) = {
            let named = |c: &regex::Captures<'_>| shape.head_cells(c).first().is_some_and(|n| !n.is_empty());
            let lower = |r: &Option<regex::Regex>| r.as_ref().and_then(|r| r.captures(line.trim())).filter(|c| named(c) && capital_type(&shape.head_cells(c)));
            glued_rest_strict.as_ref().and_then(|r| r.captures(line.trim())).filter(named).or_else(|| lower(&glued_lower_strict)).or_else(|| glued_rest.as_ref().and_then(|r| r.captures(line.trim())).filter(named)).or_else(|| lower(&glued_lower))
        } {
            if let Some(row) = current.take() {
                table.rows.push(field_row(row, shape, notes));
            }
            let (head, rest) = name_ending_in_type(shape, shape.head_cells(&c), c.name("rest").map_or("", |m| m.as_str()));
            let (head, rest) = type_word_inside_name(shape, head, rest);
            let head = name_before_struct_type(shape, head);
            current = Some(Pending { line: i as u32 + 1, head, body: vec![(i as u32 + 1, rest)] });
        } else if let Some((head, rest)) = own_struct_glued(shape, line.trim()) {
            // A row typed with its own name capitalised (`sparrowSparrow见下文说明函数`).
            if let Some(row) = current.take() {
                table.rows.push(field_row(row, shape, notes));
            }
            current = Some(Pending { line: i as u32 + 1, head, body: vec![(i as u32 + 1, rest)] });
        } else if let Some((head, next)) = head_over_lines(lines, i, shape, over_lines) {
            // A row printed one cell per line inside the table (its description was long).
            if let Some(row) = current.take() {
                table.rows.push(field_row(row, shape, notes));
            }
            current = Some(Pending { line: i as u32 + 1, head, body: Vec::new() });
            i = next;
            continue;
        } else if let Some(name) = current.as_ref().and_then(|row| element_row(lines, i, shape, row)) {
            // The element of the list above, its type lost (`itemsarray`, its description, then
            // `Drive` over `The queried drive.`): a row of its own, with no type.
            if let Some(row) = current.take() {
                table.rows.push(field_row(row, shape, notes));
            }
            let mut head = vec![String::new(); shape.head_len()];
            head[0] = name;
            current = Some(Pending { line: i as u32 + 1, head, body: Vec::new() });
        } else if let Some(row) = current.as_mut() {
            // A row that ended with its last column is whole: what follows is not the table's.
            let mut written = row.body.iter().filter(|(_, l)| !l.trim().is_empty());
            let whole = written.next().is_some_and(|(_, l)| lexicon::split_trailing_required(l).is_some()) && written.next().is_none();
            if required_last(shape) && !line.trim().is_empty() && whole {
                break;
            }
            row.body.push((i as u32 + 1, line));
        } else if !line.trim().is_empty() {
            diags.warning(Location::line(file, i as u32 + 1), "text-outside-row", format!("expected a table row such as `AppIdstringYes`, found `{}`", line.trim()));
        }
        i += 1;
    }
    if let Some(row) = current {
        let empty = row.body.iter().all(|(_, l)| l.trim().is_empty());
        if i == lines.len() && empty && shape.position(Column::Description).is_some() {
            diags.error(Location::line(file, row.line), "incomplete-row", format!("table row `{}` has no description when the page ends; row dropped", row.head.join("")));
        } else {
            table.rows.push(field_row(row, shape, notes));
        }
    }
    i
}

/// The name on `lines[i]` when it is the element row of the list row `row` whose type the page
/// lost: a capitalised identifier alone in a paragraph after the list's description, with a
/// sentence, its own description, after it.
fn element_row(lines: &[&str], i: usize, shape: &Shape, row: &Pending<'_>) -> Option<String> {
    let name = lines[i].trim();
    let list = shape.position(Column::Name) == Some(0) && shape.position(Column::Type).and_then(|t| row.head.get(t)).is_some_and(|t| lexicon::is_array_type(t) && !lexicon::is_plain_list(t));
    let identifier = name.len() > 1 && name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric()) && !lexicon::is_type(name);
    let described = row.body.iter().any(|(_, l)| !l.trim().is_empty()) && i > 0 && lines[i - 1].trim().is_empty();
    let sentence = lines[i + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).is_some_and(|l| l.contains(' ') && l.ends_with(['.', '。']));
    (list && identifier && described && sentence).then(|| name.to_owned())
}

/// A name that ends in a type word (`PageNumberInteger1当前页码`): the lazy name stops at the type
/// word inside it (`Page`, `Number`), and the rest starts with the row's real type. With nothing
/// in the head after the type, the type word the rest starts with is the row's type.
fn name_ending_in_type<'a>(shape: &Shape, mut head: Vec<String>, rest: &'a str) -> (Vec<String>, &'a str) {
    static TYPE_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^({})([^a-z_\s].*)$", lexicon::TYPE_PATTERN)).expect("valid regex"));
    // Any head cells after the type (a required word) must be empty: the rest follows the type.
    if shape.position(Column::Name) != Some(0) || shape.position(Column::Type) != Some(1) || head.len() < 2 || head[2..].iter().any(|c| !c.is_empty()) {
        return (head, rest);
    }
    // The rest after that type word starts a value or a sentence (`1当前页码`, `The page`), not a
    // name going on (`ActionStringListRegistries要执行…` is `Action`, `String`, an example).
    let starts_value = |after: &str| {
        let token = after.split_whitespace().next().unwrap_or("");
        !token.starts_with(|ch: char| ch.is_ascii_uppercase()) || (token.is_ascii() && !token[1..].contains(|ch: char| ch.is_ascii_uppercase()))
    };
    match TYPE_FIRST.captures(rest) {
        Some(c) if head[1].starts_with(|ch: char| ch.is_ascii_uppercase()) && c[1].starts_with(|ch: char| ch.is_ascii_uppercase()) && starts_value(c.get(2).map_or("", |m| m.as_str())) => {
            let name = format!("{}{}", head[0], head[1]);
            head[0] = name;
            head[1] = c[1].to_owned();
            (head, c.get(2).map_or("", |m| m.as_str()))
        }
        _ => (head, rest),
    }
}

/// The head and the rest of a glued row whose type is its own name capitalised, the name's
/// struct (`sparrowSparrow见下文说明函数`, `RecordTaskRecordTaskInformation…`), under a name and a
/// type column.
fn own_struct_glued<'a>(shape: &Shape, line: &'a str) -> Option<(Vec<String>, &'a str)> {
    if shape.position(Column::Name) != Some(0) || shape.position(Column::Type) != Some(1) {
        return None;
    }
    let ident_end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(line.len());
    // The name is the shortest start of the line that the line repeats capitalised right after it
    // (`sparrow` + `Sparrow`, `RecordTask` + `RecordTask`).
    (2..=ident_end / 2).filter(|&k| line.is_char_boundary(k) && line.as_bytes()[0].is_ascii_alphabetic()).find_map(|k| {
        let name = &line[..k];
        let mut first = name.chars();
        let capitalised: String = first.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(first).collect();
        let after = line[k..].strip_prefix(capitalised.as_str()).filter(|after| !after.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()))?;
        let mut head = vec![String::new(); shape.head_len().max(2)];
        head[0] = name.to_owned();
        head[1] = capitalised;
        Some((head, after))
    })
}

/// A struct's name glued to the row's (`LBBackendSetLBBackend list`): the lazy name stops at the
/// first capital, and the type takes the rest of the name. The type is the struct whose table the
/// page titles with its name, or that the row's name starts with (`LBBackendSet` holds
/// `LBBackend`s).
fn name_before_struct_type(shape: &Shape, mut head: Vec<String>) -> Vec<String> {
    static STRUCT_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([A-Z][A-Za-z0-9_]*)( (?:list|array|object|List|Array|Object))$").expect("valid regex"));
    if shape.position(Column::Name) != Some(0) || shape.position(Column::Type) != Some(1) || head.len() < 2 {
        return head;
    }
    let Some(c) = STRUCT_TYPE.captures(&head[1]) else { return head };
    let joined = format!("{}{}", head[0], &c[1]);
    let split = (1..joined.len()).filter(|&k| joined.is_char_boundary(k) && joined[k..].starts_with(|ch: char| ch.is_ascii_uppercase())).find(|&k| {
        let (name, ty) = (&joined[..k], &joined[k..]);
        shape.is_named_type(ty) || (name.len() > ty.len() && name.starts_with(ty))
    });
    if let Some(k) = split {
        head[1] = format!("{}{}", &joined[k..], &c[2]);
        head[0] = joined[..k].to_owned();
    }
    head
}

/// A type word at the start of a longer word (`NetworkInterfaceIdStringeni-2dff…` read as
/// `Network`, `Int`, `erfaceIdStringeni-…`): when the rest goes on as the name in camel case up
/// to a capitalised type word, the name is all of it.
fn type_word_inside_name<'a>(shape: &Shape, mut head: Vec<String>, rest: &'a str) -> (Vec<String>, &'a str) {
    const CAPITAL_TYPE: &str = r"(String|Integer|Long|Boolean|Float|Double|Array of [A-Z][A-Za-z0-9_]*|Array|Object|Map|List|Date|Timestamp)";
    static GOES_ON: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^([a-z][a-z0-9_]*[A-Z][A-Za-z0-9_]*?){CAPITAL_TYPE}")).expect("valid regex"));
    // A type word in lower case inside a capitalised name (`UpdateTimeString…` read as `Up`,
    // `date`) is part of the name too, up to the capitalised type word.
    static LOWER_TYPE_GOES_ON: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^([A-Z][A-Za-z0-9_]*?){CAPITAL_TYPE}")).expect("valid regex"));
    if shape.position(Column::Name) != Some(0) || shape.position(Column::Type) != Some(1) || head.len() < 2 {
        return (head, rest);
    }
    // Or, on pages that write types in lower case, up to the lower-case type word before a
    // capitalised description (`MountPointNumintCurrent…` read as `MountPo`, `int`).
    static LOWER_GOES_ON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([A-Z][A-Za-z0-9_]*?)(int|integer|long|string|boolean|bool|float|double|array\[[A-Za-z][A-Za-z0-9_]*\]|array|object)[A-Z$]").expect("valid regex"));
    let found = if head[1].starts_with(|ch: char| ch.is_ascii_uppercase()) {
        GOES_ON.captures(rest)
    } else if head[0].starts_with(|ch: char| ch.is_ascii_uppercase()) && head[1].starts_with(|ch: char| ch.is_ascii_lowercase()) {
        LOWER_TYPE_GOES_ON.captures(rest).or_else(|| LOWER_GOES_ON.captures(rest))
    } else {
        None
    };
    match found {
        Some(c) => {
            head[0] = format!("{}{}{}", head[0], head[1], &c[1]);
            head[1] = c[2].to_owned();
            (head, &rest[c.get(2).map_or(0, |m| m.end())..])
        }
        _ => (head, rest),
    }
}

/// A row head whose cells stand one per line from `lines[i]` (blank lines between them allowed):
/// the head cells and the index of the line after them. A name alone and then a type word say so;
/// a required word must follow when the table has a required column and its rows show one.
fn head_over_lines(lines: &[&str], i: usize, shape: &Shape, how: Match) -> Option<(Vec<String>, usize)> {
    let first = lines[i].trim();
    if first.is_empty() || first.contains(char::is_whitespace) || lexicon::section(first).is_some() {
        return None;
    }
    let cells: Vec<(usize, &str)> = (i..lines.len()).map(|j| (j, lines[j].trim())).filter(|(_, t)| !t.is_empty()).take(shape.head_len() + 1).collect();
    let texts: Vec<&str> = cells.iter().map(|(_, t)| *t).collect();
    let (head, used) = shape.match_head(&texts, how)?;
    (used > 1 && head.first().is_some_and(|n| n == first)).then(|| (head, cells[used - 1].0 + 1))
}

/// Lays out one row's cells in header order. The lines after the row start are paragraphs
/// separated by blank lines; bullet lines belong to the paragraph above them, and a plain line
/// right after bullets starts a new paragraph. The paragraphs fill the free columns (description,
/// example) by count; a note (`说明：...`) belongs to no cell and is kept as text.
fn field_row(Pending { line, head, body }: Pending<'_>, shape: &Shape, notes: &mut Vec<Block>) -> Row {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut new_paragraph = true;
    let mut after_bullet = false;
    for (at, raw) in body {
        let text = raw.trim();
        if text.is_empty() {
            new_paragraph = true;
            continue;
        }
        if lexicon::is_note(text) {
            notes.push(Block::Text { line: at, text: text.to_owned() });
            new_paragraph = true;
            continue;
        }
        let bullet = text.starts_with('•');
        if bullet && !paragraphs.is_empty() {
            new_paragraph = false;
        } else if after_bullet && !bullet {
            new_paragraph = true;
        }
        if new_paragraph {
            paragraphs.push(Vec::new());
            new_paragraph = false;
        }
        paragraphs.last_mut().expect("pushed above").push(text);
        after_bullet = bullet;
    }
    let mut free: Vec<String> = paragraphs.iter().map(|p| p.join("\n")).collect();
    // A paragraph labelled as the example (`示例值:46c1…`) fills the example column, the last one.
    if shape.columns.last() == Some(&Column::Example) {
        if let Some(at) = free.iter().position(|p| lexicon::example_label(p).is_some()) {
            let labelled = free.remove(at);
            let (example, remark) = without_trailing_label(lexicon::example_label(&labelled).unwrap_or_default());
            // Another label run into the example's line (`示例值:ccc-***参考取值来源:`, then its
            // value on the next line) remarks on the value: the description says it.
            if let (Some(remark), Some(description)) = (remark, free.first_mut()) {
                *description = format!("{description}\n{remark}");
            }
            free.push(example.to_owned());
        }
    }
    // A JSON example glued to the description (`["snat-3f…"]The list of SNAT rule IDs.`) ends
    // where its value does.
    if free.len() == 1 && shape.position(Column::Example) == Some(shape.head_len()) && free[0].starts_with(['[', '{']) {
        let mut values = serde_json::Deserializer::from_str(&free[0]).into_iter::<serde_json::Value>();
        if let Some(Ok(_)) = values.next() {
            let end = values.byte_offset();
            let description = free[0][end..].trim().to_owned();
            if !description.is_empty() {
                free[0].truncate(end);
                free.push(description);
            }
        }
    }
    // The last column's word run into the end of the row (`UGN IdYes`).
    if required_last(shape) {
        if let Some((text, word)) = free.last().and_then(|last| lexicon::split_trailing_required(last)).map(|(t, w)| (t.to_owned(), w.to_owned())) {
            *free.last_mut().expect("checked above") = text;
            free.push(word);
        }
    }
    Row { line, cells: shape.fit(head, free) }
}

/// A value whose line ends in another label run into it (`ccc-***参考取值来源:`), with that label's
/// value on the lines after (`GetInstanceList`): the value, and the label with its value.
fn without_trailing_label(text: &str) -> (&str, Option<String>) {
    let (first, after) = text.split_once('\n').unwrap_or((text, ""));
    let Some(head) = first.trim_end().strip_suffix([':', '：']) else { return (text, None) };
    let at = head.char_indices().rev().take_while(|(_, c)| is_han(*c)).last().map(|(at, _)| at);
    match at.filter(|&at| at > 0 && head[at..].chars().count() >= 2) {
        Some(at) => {
            let value: Vec<&str> = after.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            (head[..at].trim_end(), Some(format!("{}: {}", &head[at..], value.join(" "))))
        }
        None => (text, None),
    }
}

/// Status-code tables (`201Created`): the code and the rest of the line.
fn read_status_rows(lines: &[&str], mut i: usize, columns: &[Column], table: &mut Table) -> usize {
    while i < lines.len() && !ends_table(lines, i) {
        let text = lines[i].trim();
        if text.is_empty() {
            i += 1;
            continue;
        }
        let Some(c) = STATUS_ROW.captures(text) else { break };
        let cells = columns.iter().map(|col| match col {
            Column::Status => c[1].to_owned(),
            Column::Description => c[2].trim().to_owned(),
            _ => String::new(),
        });
        table.rows.push(Row { line: i as u32 + 1, cells: cells.collect() });
        i += 1;
    }
    i
}

fn read_error_rows(file: &str, lines: &[&str], mut i: usize, columns: &[Column], table: &mut Table, diags: &mut Diagnostics) -> usize {
    while i < lines.len() && !ends_table(lines, i) {
        let text = lines[i].trim();
        let line_no = i as u32 + 1;
        if text.is_empty() {
            i += 1;
            continue;
        }
        // A row printed one cell per line under the run-together header (`500`, `NoAgentFound`,
        // the message): its cells are the lines up to the next status.
        if let Some(next) = error_row_over_lines(lines, i, columns, table) {
            i = next;
            continue;
        }
        let Some(c) = ERROR_ROW.captures(text) else { break };
        let (code, rest) = split_code(&c[2]);
        let (message, description) = if columns.contains(&Column::ErrorMessage) && columns.contains(&Column::Description) { split_message(rest) } else { (rest, "") };
        if description.is_empty() && columns.contains(&Column::Description) {
            diags.note(Location::line(file, line_no), "error-row-unsplit", format!("could not tell the message of `{code}` from its description; kept it all as the message"));
        }
        let cells = columns.iter().map(|col| match col {
            Column::Status => c[1].to_owned(),
            Column::ErrorCode => code.to_owned(),
            Column::ErrorMessage => message.trim().to_owned(),
            Column::Description if columns.contains(&Column::ErrorMessage) => description.trim().to_owned(),
            Column::Description => message.trim().to_owned(),
            _ => String::new(),
        });
        table.rows.push(Row { line: line_no, cells: cells.collect() });
        i += 1;
    }
    i
}

/// An error row from `lines[i]` whose cells stand one per line, the status first and alone: its
/// code, then its message; a last column's short cell glued to the message's end (an action
/// link's `诊断` after `…does not exist.`) is that column's. The index of the line after it.
fn error_row_over_lines(lines: &[&str], i: usize, columns: &[Column], table: &mut Table) -> Option<usize> {
    let is_status = |l: &str| l.trim().len() == 3 && STATUS_ROW.is_match(l.trim());
    if columns.first() != Some(&Column::Status) || columns.get(1) != Some(&Column::ErrorCode) || !is_status(lines[i]) {
        return None;
    }
    let end = (i + 1..lines.len()).find(|&j| is_status(lines[j]) || ends_table(lines, j)).unwrap_or(lines.len());
    let cells: Vec<&str> = lines[i + 1..end].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let code = cells.first().filter(|c| super::shape::Kind::Code.accepts(c) && !c.contains(char::is_whitespace))?;
    let mut message = cells[1..].join(" ");
    // The last sentence end, and a short word after it.
    let sentence_end = message.rfind(['.', '。']).map(|at| at + message[at..].chars().next().map_or(1, char::len_utf8));
    let glued = sentence_end.filter(|&cut| {
        let tail = &message[cut..];
        columns.len() > 3 && columns[2] == Column::ErrorMessage && !tail.is_empty() && tail.chars().count() <= 4 && tail.chars().all(is_han)
    });
    let last = glued.map(|cut| message.split_off(cut)).unwrap_or_default();
    let cells = (0..columns.len()).map(|k| match k {
        0 => lines[i].trim().to_owned(),
        1 => (*code).to_owned(),
        2 => message.clone(),
        k if k + 1 == columns.len() => last.clone(),
        _ => String::new(),
    });
    table.rows.push(Row { line: i as u32 + 1, cells: cells.collect() });
    Some(end)
}

/// Splits `InvalidParameter.NameThe specified ...` at the last capitalised word glued to the end
/// of the first token (a word may hold an apostrophe: `FlowLimitExceededYou've reach`); a code followed by a space splits there.
fn split_code(text: &str) -> (&str, &str) {
    let token_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let token = &text[..token_end];
    // A Chinese message glued to the code (`SnapshotNotFound未找到快照`) starts at its first character.
    if let Some(p) = token.find(is_han).filter(|&p| p > 0 && token[..p].is_ascii()) {
        return (&text[..p], &text[p..]);
    }
    // A message in lower case glued to the code (`NoPermissioncaller has no permission`) ends the
    // code where the message restates the code's words (`no permission`).
    let restated = (2..token.len()).rev().filter(|&p| token.is_char_boundary(p) && token.as_bytes()[p].is_ascii_lowercase() && token.as_bytes()[p - 1].is_ascii_lowercase()).find(|&p| {
        let words = camel_words(&token[..p]);
        words.len() >= 2 && token[p..].bytes().all(|b| b.is_ascii_lowercase()) && text[p..].to_ascii_lowercase().contains(&words.join(" "))
    });
    if let Some(p) = restated {
        return (&text[..p], &text[p..]);
    }
    let glued = token
        .char_indices()
        .filter(|&(i, c)| i > 0 && c.is_ascii_uppercase() && token[i + 1..].chars().all(|c| c.is_ascii_lowercase() || matches!(c, '\'' | '’')) && token.len() > i + 1)
        .map(|(i, _)| i)
        .next_back();
    // A code followed by a space and a capitalised message (`MissingParameter Some parameters…`)
    // is the whole token: a glued word long enough to be a code's last part (`Parameter`), with a
    // capitalised word after it, starts no message (`NameThe Name parameter…` does, `The`).
    let next_capitalised = text[token_end..].split_whitespace().next().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
    match glued {
        Some(i) if token_end < text.len() && !(next_capitalised && token.len() - i >= 5) => (&text[..i], &text[i..]),
        _ => (token, text[token_end..].trim_start()),
    }
}

/// The words of a camel-case name in lower case (`NoPermission`: `no`, `permission`).
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        if c.is_ascii_alphanumeric() {
            words.last_mut().expect("pushed above").push(c.to_ascii_lowercase());
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Splits `message.Description` where a sentence end is glued to the next capital letter;
/// identical halves (a common case) win over any other split.
fn split_message(text: &str) -> (&str, &str) {
    // (position, whether the sentence end follows a lower-case letter, as prose does)
    let candidates: Vec<(usize, bool)> = text
        .char_indices()
        .filter(|&(i, c)| {
            let before = text[..i].chars().next_back();
            let after = text[i + c.len_utf8()..].chars().next();
            matches!(c, '.' | '!' | '?' | '。')
                && before.is_some_and(|p| p.is_alphanumeric() || p == ')')
                && after.is_some_and(|n| n.is_uppercase() || (is_han(n) && before.is_some_and(|p| p.is_ascii_alphanumeric() || p == ')')))
        })
        .map(|(i, c)| (i + c.len_utf8(), text[..i].chars().next_back().is_some_and(|p| !p.is_uppercase())))
        .collect();
    let split = candidates
        .iter()
        .find(|&&(at, _)| text[..at] == text[at..])
        .or_else(|| candidates.iter().find(|(_, prose)| *prose))
        .or_else(|| candidates.first())
        .map(|&(at, _)| at);
    match split {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

/// A Chinese character: an English message glued to a Chinese description ends before one.
fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_rows_split_into_four_cells() {
        let cases = [
            ("InvalidParameter.NameThe specified Name is invalid.The Name parameter is not valid.", ("InvalidParameter.Name", "The specified Name is invalid.", "The Name parameter is not valid.")),
            ("InternalErrorFailed to call the service.Failed to call the service.", ("InternalError", "Failed to call the service.", "Failed to call the service.")),
            ("InvalidParameter.appidThe format is invalid. Call ListEdgeContainerApps.The format is invalid. Call ListEdgeContainerApps.", ("InvalidParameter.appid", "The format is invalid. Call ListEdgeContainerApps.", "The format is invalid. Call ListEdgeContainerApps.")),
            ("ParameterAlreadyExistParameter uniqueness failed.Parameter uniqueness failed.", ("ParameterAlreadyExist", "Parameter uniqueness failed.", "Parameter uniqueness failed.")),
        ];
        for (input, (code, message, description)) in cases {
            let (c, rest) = split_code(input);
            assert_eq!((c, split_message(rest)), (code, (message, description)), "{input}");
        }
    }

    #[test]
    fn english_messages_split_from_chinese_descriptions() {
        let (code, rest) = split_code("InvalidParameter.appidThe format of the application ID is invalid. You can call ListEdgeContainerApps to obtain the application ID.传入的应用ID格式不正确。");
        assert_eq!(code, "InvalidParameter.appid");
        assert_eq!(split_message(rest).1, "传入的应用ID格式不正确。");
        assert_eq!(split_message("The name already exists.名称已存在。"), ("The name already exists.", "名称已存在。"));
    }

    #[test]
    fn codes_split_from_messages_that_restate_them_or_hold_an_apostrophe() {
        assert_eq!(split_code("NoPermissioncaller has no permission"), ("NoPermission", "caller has no permission"));
        assert_eq!(split_code("FlowLimitExceededYou've reach the limit"), ("FlowLimitExceeded", "You've reach the limit"));
        // A capitalised message glued on is no restatement to split at.
        assert_eq!(split_code("NameAlreadyExistsThe name already exists."), ("NameAlreadyExists", "The name already exists."));
        assert_eq!(split_code("SnapshotNotFound未找到快照"), ("SnapshotNotFound", "未找到快照"));
        // A code, a space, a capitalised message: the token is the code.
        assert_eq!(split_code("MissingParameter Some parameters are mandatory."), ("MissingParameter", "Some parameters are mandatory."));
        assert_eq!(split_code("InvalidParameter.NameThe Name parameter is not valid."), ("InvalidParameter.Name", "The Name parameter is not valid."));
    }

    fn tables(text: &str) -> Vec<Table> {
        let mut diags = Diagnostics::new();
        let doc = super::super::read_as("t.txt", text, crate::doc::Form::RunTogether, &mut diags);
        doc.blocks.into_iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn a_name_and_details_header_reads_type_description_and_example() {
        let text = "请求参数\n\n字段名称字段详情\nInstanceIdstring\n\nAICCS 实例 ID\n\n示例值:ccc_xp-***参考取值来源:\n    GetInstanceList\nJobIdstring\n\n入呼后的 jobId\n\n示例值:7719787\n";
        let tables = tables(text);
        let rows: Vec<&Vec<String>> = tables[0].rows.iter().map(|r| &r.cells).collect();
        assert_eq!(tables[0].header, ["字段名称", "Type", "字段详情", "Example"]);
        assert_eq!(rows, [&vec!["InstanceId".to_owned(), "string".to_owned(), "AICCS 实例 ID\n参考取值来源: GetInstanceList".to_owned(), "ccc_xp-***".to_owned()], &vec!["JobId".to_owned(), "string".to_owned(), "入呼后的 jobId".to_owned(), "7719787".to_owned()]]);
    }

    #[test]
    fn error_cells_one_per_line_under_a_run_together_header() {
        let tables = tables("错误码\n\nHTTP 状态码错误码错误信息操作\n500\nNoAgentFound\nThe specified agent does not exist.诊断\n400\nBadRequest\nThe request is bad.\n");
        let rows: Vec<Vec<String>> = tables[0].rows.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(rows, [["500", "NoAgentFound", "The specified agent does not exist.", "诊断"], ["400", "BadRequest", "The request is bad.", ""]]);
    }

    #[test]
    fn a_name_that_ends_in_a_type_word_keeps_it() {
        let shape = Shape::new(&[Column::Name, Column::Type, Column::Example, Column::Description]);
        let (head, rest) = name_ending_in_type(&shape, vec!["Page".to_owned(), "Number".to_owned()], "Integer1当前页码。");
        assert_eq!((head, rest), (vec!["PageNumber".to_owned(), "Integer".to_owned()], "1当前页码。"));
        let (head, _) = name_ending_in_type(&shape, vec!["Name".to_owned(), "String".to_owned()], "默认告警联系组");
        assert_eq!(head, vec!["Name".to_owned(), "String".to_owned()]);
    }
}
