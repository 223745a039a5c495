//! Saved HTML pages, parsed with `scraper` (html5ever) and walked once, without recursion, in
//! document order.
//!
//! - The content is the page's `main` (else `article`, else `body`); page chrome inside it
//!   (scripts, navigation, tables of contents, footers, hidden elements) is skipped.
//! - Headings, paragraphs, list items (`• ` before each) and line breaks become lines of prose; a
//!   `pre` is read line by line so a JSON example in it becomes a code block.
//! - A table whose header row names columns the lexicon knows is a table of the model. Its cells
//!   are laid out on a grid (`rowspan`, `colspan`), so a column indented by empty leading cells or
//!   a status code spanning rows reads as in the text forms; a row of one cell spanning the table
//!   is a note; a parameter table nested in a cell continues the table after its row; markers of
//!   nesting (`└`, `├`) are stripped from names. Other tables are read as prose, so layout tables
//!   keep their content.
//!
//! HTML keeps no lines: blocks and rows are numbered in document order, and diagnostics name the
//! heading, table and row ([`crate::doc::Document::location`]).

use std::collections::BTreeSet;

use ego_tree::NodeRef;
use scraper::{node::Element, Html, Node};

use super::code;
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Row, Table};
use crate::lexicon::{self, Column};

/// Nested parameter tables deeper than this are read as text.
const MAX_TABLE_DEPTH: usize = 8;
/// Spans beyond these are mistakes (or attacks); they are cut to them.
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 10_000;
/// Grid columns beyond this are dropped: no parameter table is that wide.
const MAX_GRID_WIDTH: usize = 256;

/// Whether `text` is an HTML document or fragment: it starts with a tag and has tags of a page.
pub fn looks_like_html(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let head: String = t.chars().take(8192).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body", "<table", "<div", "<p>", "<p ", "<h1", "<h2", "<h3", "<h4", "<tr", "<td", "<th", "<section", "<article", "<main", "<meta", "<ul", "<span"]
        .iter()
        .any(|tag| head.contains(tag))
}

/// What the walk found, in document order.
enum Item {
    /// A line of prose.
    Line(String),
    /// The lines of a `pre`.
    Pre(Vec<String>),
    Table(Parsed),
}

/// A parameter table as read from the grid.
struct Parsed {
    header: Vec<String>,
    columns: Vec<Column>,
    rows: Vec<ParsedRow>,
    /// Rows of one cell spanning the table: notes, kept as text after it.
    notes: Vec<String>,
}

struct ParsedRow {
    cells: Vec<String>,
    /// How many cells the row had before the grid filled it up to the header.
    had: usize,
}

pub(super) fn read(file: &str, text: &str, diags: &mut Diagnostics) -> Vec<Block> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let lower: String = t.chars().take(16).collect::<String>().to_ascii_lowercase();
    // A fragment cut from the middle of a table: give its rows the table they lost. Its end tag,
    // if the fragment lost that too, the parser supplies.
    let wrapped;
    let source = if ["<tr", "<td", "<th", "<tbody"].iter().any(|p| lower.starts_with(p)) {
        wrapped = format!("<table>{t}");
        wrapped.as_str()
    } else {
        text
    };
    let html = Html::parse_document(source);
    let mut walker = Walker { items: Vec::new(), line: String::new(), bullet: false };
    walker.walk(content_root(&html));
    walker.flush();
    blocks(file, walker.items, last_row_cut(source), diags)
}

/// The element holding the page's content: `main`, else `article`, else `body`.
fn content_root(html: &Html) -> NodeRef<'_, Node> {
    let root = html.tree.root();
    let mut body = None;
    let mut article = None;
    for node in root.descendants() {
        if let Node::Element(el) = node.value() {
            match el.name() {
                "main" => return node,
                "article" if article.is_none() => article = Some(node),
                "body" if body.is_none() => body = Some(node),
                _ => {}
            }
        }
    }
    article.or(body).unwrap_or(root)
}

/// Whether the page was cut off inside the last row of a table: a table left open, and no `</tr>`
/// after its last `<tr`.
fn last_row_cut(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let opens = lower.matches("<table").count();
    let closes = lower.matches("</table").count();
    if opens <= closes {
        return false;
    }
    match lower.rfind("<tr") {
        Some(at) => !lower[at..].contains("</tr"),
        None => false,
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "section" | "article" | "main" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li" | "dl" | "dt" | "dd" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" | "caption" | "blockquote" | "figure" | "figcaption" | "hr" | "form" | "fieldset" | "address" | "details" | "summary" | "center" | "body" | "html"
    )
}

/// Class and id words of page chrome.
const CHROME_WORDS: &[&str] = &["toc", "breadcrumb", "breadcrumbs", "sidebar", "navbar", "nav", "navigation", "menu", "footer", "feedback", "cookie", "banner"];

/// Elements that are not content anywhere: scripts, styles, controls and hidden parts.
fn hidden(el: &Element) -> bool {
    if matches!(el.name(), "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "button" | "select" | "option" | "head" | "title" | "object" | "canvas" | "input" | "textarea") {
        return true;
    }
    el.attrs().any(|(name, value)| match name {
        "hidden" => true,
        "aria-hidden" => value.eq_ignore_ascii_case("true"),
        "style" => {
            let style: String = value.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            style.contains("display:none") || style.contains("visibility:hidden")
        }
        _ => false,
    })
}

/// Page chrome around the content: navigation, tables of contents, footers, feedback boxes.
fn chrome(el: &Element) -> bool {
    if matches!(el.name(), "nav" | "footer" | "aside") {
        return true;
    }
    el.attrs().any(|(name, value)| match name {
        "role" => matches!(value, "navigation" | "banner" | "contentinfo" | "search"),
        "class" | "id" => value.split_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            token == "table-of-contents" || token.split(['-', '_']).any(|w| CHROME_WORDS.contains(&w))
        }),
        _ => false,
    })
}

/// Characters that carry no text: zero-width spaces and joiners, the BOM.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

/// A collapsed line made final: non-breaking spaces become spaces (they are how a page keeps
/// several spaces), invisible characters go, the ends are trimmed.
fn finish_line(line: &str) -> String {
    line.chars().filter(|c| !invisible(*c)).map(|c| if c == '\u{a0}' { ' ' } else { c }).collect::<String>().trim().to_owned()
}

/// Appends text with HTML's whitespace collapsing.
fn push_collapsed(line: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii_whitespace() {
            if !line.is_empty() && !line.ends_with(' ') {
                line.push(' ');
            }
        } else {
            line.push(c);
        }
    }
}

struct Walker {
    items: Vec<Item>,
    line: String,
    /// The line being gathered is a list item.
    bullet: bool,
}

enum Step<'a> {
    Open(NodeRef<'a, Node>),
    Close,
}

impl Walker {
    fn flush(&mut self) {
        let text = finish_line(&self.line);
        self.line.clear();
        if !text.is_empty() {
            let text = if std::mem::take(&mut self.bullet) { format!("• {text}") } else { text };
            self.items.push(Item::Line(text));
        }
    }

    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut stack = vec![Step::Open(root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Open(node) => node,
                Step::Close => {
                    self.flush();
                    continue;
                }
            };
            let el = match node.value() {
                Node::Text(t) => {
                    push_collapsed(&mut self.line, t);
                    continue;
                }
                Node::Element(el) => el,
                _ => continue,
            };
            if hidden(el) || chrome(el) {
                continue;
            }
            match el.name() {
                "br" => {
                    self.flush();
                    continue;
                }
                "pre" => {
                    self.flush();
                    self.items.push(Item::Pre(pre_lines(node)));
                    continue;
                }
                "table" => {
                    if let Some((caption, table)) = parameter_table(node, 0) {
                        self.flush();
                        self.items.extend(caption.into_iter().map(Item::Line));
                        self.items.push(Item::Table(table));
                        continue;
                    }
                }
                _ => {}
            }
            let block = is_block(el.name());
            if block {
                self.flush();
                stack.push(Step::Close);
            }
            if el.name() == "li" {
                self.bullet = true;
            }
            stack.extend(node.children().rev().map(Step::Open));
        }
    }
}

/// The lines of a `pre`, as written.
fn pre_lines(pre: NodeRef<'_, Node>) -> Vec<String> {
    let mut text = String::new();
    for node in pre.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(el) if el.name() == "br" => text.push('\n'),
            _ => {}
        }
    }
    let mut lines: Vec<String> = text.lines().map(|l| l.chars().filter(|c| !invisible(*c)).map(|c| if c == '\u{a0}' { ' ' } else { c }).collect::<String>().trim_end().to_owned()).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    lines.drain(..first);
    lines
}

fn element<'a>(node: &NodeRef<'a, Node>) -> Option<&'a Element> {
    match node.value() {
        Node::Element(el) => Some(el),
        _ => None,
    }
}

/// The rows of a table itself (not of tables nested in its cells).
fn own_rows<'a>(table: NodeRef<'a, Node>) -> Vec<NodeRef<'a, Node>> {
    let mut rows = Vec::new();
    for child in table.children() {
        match element(&child).map(Element::name) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => rows.extend(child.children().filter(|c| element(c).is_some_and(|e| e.name() == "tr"))),
            _ => {}
        }
    }
    rows
}

/// One cell of the source table.
struct SourceCell {
    text: String,
    /// Parameter tables nested in the cell.
    nested: Vec<Parsed>,
}

fn span(el: &Element, name: &str, max: usize) -> usize {
    el.attr(name).and_then(|v| v.trim().parse::<usize>().ok()).map_or(1, |n| n.clamp(1, max))
}

/// Reads a table if it is a parameter table: its caption lines and the table.
fn parameter_table(table: NodeRef<'_, Node>, depth: usize) -> Option<(Vec<String>, Parsed)> {
    let rows = own_rows(table);
    // Find the header among the first rows before reading every cell.
    let header_at = rows.iter().take(3).position(|tr| header_of(&row_texts(*tr)).is_some())?;
    let mut cells: Vec<SourceCell> = Vec::new();
    let mut grid: Vec<Vec<usize>> = Vec::new();
    // Per grid column: the cell spanning down into the next rows, and for how many more.
    let mut carry: Vec<Option<(usize, usize)>> = Vec::new();
    for tr in &rows {
        let mut row: Vec<usize> = Vec::new();
        let mut col = 0;
        let take_carry = |col: usize, row: &mut Vec<usize>, carry: &mut Vec<Option<(usize, usize)>>| -> bool {
            match carry.get_mut(col) {
                Some(Some((cell, left))) => {
                    row.push(*cell);
                    *left -= 1;
                    if *left == 0 {
                        carry[col] = None;
                    }
                    true
                }
                _ => false,
            }
        };
        for td in tr.children() {
            let Some(el) = element(&td).filter(|e| matches!(e.name(), "td" | "th")) else { continue };
            while take_carry(col, &mut row, &mut carry) {
                col += 1;
            }
            let colspan = span(el, "colspan", MAX_COLSPAN);
            let rowspan = span(el, "rowspan", MAX_ROWSPAN);
            let index = cells.len();
            cells.push(cell_content(td, depth));
            for _ in 0..colspan {
                if col >= MAX_GRID_WIDTH {
                    break;
                }
                if carry.len() <= col {
                    carry.resize(col + 1, None);
                }
                carry[col] = (rowspan > 1).then_some((index, rowspan - 1));
                row.push(index);
                col += 1;
            }
        }
        while col < carry.len() {
            if !take_carry(col, &mut row, &mut carry) {
                // A gap: no cell here in this row.
                row.push(usize::MAX);
            }
            col += 1;
        }
        grid.push(row);
    }
    let mut caption = Vec::new();
    for child in table.children() {
        if element(&child).is_some_and(|e| e.name() == "caption") {
            caption.extend(cell_text_lines(child));
        }
    }
    // Rows above the header (a title row) are prose before the table.
    for row in &grid[..header_at] {
        for index in distinct(row) {
            caption.extend(cells[index].text.lines().map(str::to_owned));
        }
    }
    let header_row = &grid[header_at];
    let header_cells: Vec<usize> = distinct(header_row).into_iter().filter(|&i| !cells[i].text.is_empty()).collect();
    let header_texts: Vec<String> = header_cells.iter().map(|&i| cells[i].text.replace('\n', " ")).collect();
    let (columns, header, slot_column): (Vec<Column>, Vec<String>, Vec<usize>) = match header_texts.iter().map(|t| lexicon::column(t)).collect::<Option<Vec<_>>>() {
        Some(columns) if columns.len() >= 2 => {
            // Slots under an empty header cell (a column of row numbers) belong to no column.
            let slot_column = header_row.iter().map(|cell| header_cells.iter().position(|c| c == cell).unwrap_or(usize::MAX)).collect();
            (columns, header_texts, slot_column)
        }
        // One header cell whose words ran together: columns are grid columns.
        _ => {
            let split = lexicon::split_run_together_header(&header_texts.join(""))?;
            let (columns, words): (Vec<Column>, Vec<String>) = split.into_iter().unzip();
            let slots = (0..columns.len()).collect();
            (columns, words, slots)
        }
    };
    let mut parsed = Parsed { header, columns: columns.clone(), rows: Vec::new(), notes: Vec::new() };
    let name_at = columns.iter().position(|c| *c == Column::Name);
    for row in &grid[header_at + 1..] {
        let ids = distinct(row);
        if ids.is_empty() {
            continue;
        }
        let nested: Vec<&Parsed> = ids.iter().flat_map(|&i| cells[i].nested.iter()).collect();
        // One cell across the whole table: a note, or the frame of nested rows.
        if ids.len() == 1 && columns.len() > 1 && row.iter().all(|c| *c == ids[0]) {
            let text = &cells[ids[0]].text;
            if !text.is_empty() {
                parsed.notes.extend(text.lines().map(str::to_owned));
            }
            splice(&mut parsed, &nested);
            continue;
        }
        let mut out = vec![String::new(); columns.len()];
        let mut seen = BTreeSet::new();
        // The columns that have a cell in this row, even an empty one.
        let mut present = BTreeSet::new();
        for (slot, &cell) in row.iter().enumerate() {
            if cell == usize::MAX {
                continue;
            }
            let column = slot_column.get(slot).copied().unwrap_or(columns.len() - 1);
            if column == usize::MAX {
                continue;
            }
            present.insert(column);
            let text = &cells[cell].text;
            if !seen.insert(cell) || text.is_empty() {
                continue;
            }
            if !out[column].is_empty() {
                out[column].push('\n');
            }
            out[column].push_str(text);
        }
        if let Some(at) = name_at {
            out[at] = strip_nesting_marker(&out[at]).to_owned();
        }
        let is_repeated_header = out.iter().zip(&parsed.header).all(|(cell, h)| cell == h);
        if !is_repeated_header && out.iter().any(|c| !c.is_empty()) {
            parsed.rows.push(ParsedRow { cells: out, had: present.len() });
        }
        splice(&mut parsed, &nested);
    }
    Some((caption, parsed))
}

/// Appends the rows of nested parameter tables, their cells moved to the outer table's columns.
fn splice(parsed: &mut Parsed, nested: &[&Parsed]) {
    for inner in nested {
        for row in &inner.rows {
            let cells = parsed.columns.iter().map(|c| inner.columns.iter().position(|ic| ic == c).map(|i| row.cells[i].clone()).unwrap_or_default()).collect();
            parsed.rows.push(ParsedRow { cells, had: parsed.columns.len() });
        }
        parsed.notes.extend(inner.notes.iter().cloned());
    }
}

/// The distinct cells of a grid row, in order.
fn distinct(row: &[usize]) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    row.iter().copied().filter(|c| *c != usize::MAX && seen.insert(*c)).collect()
}

/// The texts of a row's cells, for finding the header: the start of each is enough, and reading
/// no more keeps nested layout tables from being read once per level.
fn row_texts(tr: NodeRef<'_, Node>) -> Vec<String> {
    const MAX_NODES: usize = 256;
    const MAX_CHARS: usize = 200;
    tr.children()
        .filter(|c| element(c).is_some_and(|e| matches!(e.name(), "td" | "th")))
        .map(|td| {
            let mut line = String::new();
            for node in td.descendants().take(MAX_NODES) {
                if let Node::Text(t) = node.value() {
                    push_collapsed(&mut line, t);
                    if line.len() > MAX_CHARS {
                        break;
                    }
                }
            }
            finish_line(&line)
        })
        .collect()
}

/// The columns a header row names: every cell a column word (at least two, all different), or a
/// single cell of words run together.
fn header_of(texts: &[String]) -> Option<Vec<Column>> {
    let texts: Vec<&str> = texts.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
    if texts.len() == 1 {
        return lexicon::split_run_together_header(texts[0]).map(|s| s.into_iter().map(|(c, _)| c).collect());
    }
    let mut columns: Vec<Column> = Vec::new();
    for t in &texts {
        let c = lexicon::column(t)?;
        if !columns.contains(&c) {
            columns.push(c);
        }
    }
    (columns.len() >= 2).then_some(columns)
}

/// `└ Name`, `├─ Name`, `-- Name`: names indented by markers.
fn strip_nesting_marker(name: &str) -> &str {
    name.trim_start_matches(|c: char| matches!(c, '└' | '├' | '│' | '┗' | '┣' | '┃' | '─' | '━' | '╰' | '╴' | '·' | '-' | '—' | '>' | '|') || c.is_whitespace())
}

/// The lines of a cell's text (lists as `• ` lines, line breaks kept), without nested tables.
fn cell_text_lines(cell: NodeRef<'_, Node>) -> Vec<String> {
    cell_lines(cell, None, 0)
}

/// A cell's text, and the parameter tables nested in it.
fn cell_content(cell: NodeRef<'_, Node>, depth: usize) -> SourceCell {
    let mut nested = Vec::new();
    let mut lines = cell_lines(cell, Some(&mut nested), depth);
    if lines.is_empty() {
        // A required column shown as icons: their alternative text may say yes or no.
        if let Some(word) = cell.descendants().filter_map(|n| element(&n)).find_map(|e| ["alt", "title", "aria-label"].iter().find_map(|a| e.attr(a).filter(|v| lexicon::required_value(v).is_some()))) {
            lines.push(word.trim().to_owned());
        }
    }
    SourceCell { text: lines.join("\n"), nested }
}

/// The lines of an element's text. Nested tables that are parameter tables go to `nested`; other
/// nested tables are read as lines of their cells.
fn cell_lines(root: NodeRef<'_, Node>, mut nested: Option<&mut Vec<Parsed>>, depth: usize) -> Vec<String> {
    let mut walker = Walker { items: Vec::new(), line: String::new(), bullet: false };
    let mut stack: Vec<Step<'_>> = root.children().rev().map(Step::Open).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Open(node) => node,
            Step::Close => {
                walker.flush();
                continue;
            }
        };
        let el = match node.value() {
            Node::Text(t) => {
                push_collapsed(&mut walker.line, t);
                continue;
            }
            Node::Element(el) => el,
            _ => continue,
        };
        if hidden(el) {
            continue;
        }
        match el.name() {
            "br" => {
                walker.flush();
                continue;
            }
            "pre" => {
                walker.flush();
                walker.items.extend(pre_lines(node).into_iter().map(|l| Item::Line(l.trim().to_owned())));
                continue;
            }
            "table" if depth < MAX_TABLE_DEPTH => {
                if let Some(nested) = nested.as_deref_mut() {
                    if let Some((caption, table)) = parameter_table(node, depth + 1) {
                        walker.flush();
                        walker.items.extend(caption.into_iter().map(Item::Line));
                        nested.push(table);
                        continue;
                    }
                }
            }
            _ => {}
        }
        if is_block(el.name()) {
            walker.flush();
            stack.push(Step::Close);
        }
        if el.name() == "li" {
            walker.bullet = true;
        }
        stack.extend(node.children().rev().map(Step::Open));
    }
    walker.flush();
    walker.items.into_iter().filter_map(|i| if let Item::Line(l) = i { Some(l) } else { None }).filter(|l| !l.is_empty()).collect()
}

/// Numbers the items in document order and turns them into blocks.
fn blocks(file: &str, items: Vec<Item>, last_row_cut: bool, diags: &mut Diagnostics) -> Vec<Block> {
    let mut out = Blocks { blocks: Vec::new(), number: 0, heading: None, lines: Vec::new(), pres: Vec::new() };
    let mut tables = 0;
    let last_table = items.iter().rposition(|i| matches!(i, Item::Table(_)));
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Item::Line(line) => out.lines.push(line),
            Item::Pre(pre) => {
                let start = out.lines.len();
                out.lines.extend(pre);
                out.pres.push((start, out.lines.len()));
            }
            Item::Table(parsed) => {
                out.prose();
                tables += 1;
                let mut table = Table { line: out.next(), header: parsed.header, rows: Vec::new() };
                let count = parsed.rows.len();
                for (n, row) in parsed.rows.into_iter().enumerate() {
                    let line = out.next();
                    let context = || {
                        let heading = out.heading.as_ref().map(|h| format!("heading `{h}` / ")).unwrap_or_default();
                        Location { file: file.to_owned(), line: None, context: Some(format!("{heading}table {tables} / row {}", n + 1)) }
                    };
                    let shown = row.cells.join(" | ").replace('\n', " ");
                    if last_row_cut && Some(index) == last_table && n + 1 == count {
                        diags.error(context(), "incomplete-row", format!("table row has {} of {} cells when the page ends: `{shown}`; row dropped", row.had, table.header.len()));
                        continue;
                    }
                    if row.had < table.header.len() {
                        diags.warning(context(), "cell-count", format!("table row has {} of {} cells: `{shown}`; the missing ones are empty", row.had, table.header.len()));
                    }
                    table.rows.push(Row { line, cells: row.cells });
                }
                out.blocks.push(Block::Table(table));
                for note in parsed.notes {
                    let heading = out.heading.as_ref().map(|h| format!("heading `{h}` / ")).unwrap_or_default();
                    let at = Location { file: file.to_owned(), line: None, context: Some(format!("{heading}table {tables}")) };
                    diags.note(at, "text-between-rows", format!("`{note}` spans the table's columns and belongs to no row; kept as text after the table"));
                    let line = out.next();
                    out.blocks.push(Block::Text { line, text: note });
                }
            }
        }
    }
    out.prose();
    out.blocks
}

/// Blocks being numbered, and the prose and `pre` lines since the last table.
struct Blocks {
    blocks: Vec<Block>,
    number: u32,
    heading: Option<String>,
    lines: Vec<String>,
    /// Line ranges of `pre` elements within `lines`.
    pres: Vec<(usize, usize)>,
}

impl Blocks {
    fn next(&mut self) -> u32 {
        self.number += 1;
        self.number
    }

    fn push(&mut self, block: Block) {
        if let Block::Heading { text, .. } = &block {
            self.heading = Some(text.clone());
        }
        self.blocks.push(block);
    }

    /// Prose and `pre` lines go through the JSON detection of the text forms together, so a code
    /// block finds its label (`JSON`) in the prose before it; a code block ends with its `pre`.
    fn prose(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        let pres = std::mem::take(&mut self.pres);
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let segment_end = |i: usize| -> usize {
            match pres.iter().find(|(s, e)| (*s..*e).contains(&i)) {
                Some((_, e)) => *e,
                None => pres.iter().map(|(s, _)| *s).find(|s| *s > i).unwrap_or(refs.len()),
            }
        };
        let mut i = 0;
        while i < refs.len() {
            if let Some((mut block, after, rest)) = code::take_json(&refs[..segment_end(i)], i, code::label_before(&refs, i)) {
                block.line = self.next();
                self.blocks.push(Block::Code(block));
                if let Some(b) = rest.and_then(|r| super::prose(self.number + 1, r)) {
                    self.next();
                    self.push(b);
                }
                i = after;
                continue;
            }
            if let Some(b) = super::prose(self.number + 1, refs[i]) {
                self.next();
                self.push(b);
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_html(html: &str) -> (Vec<Block>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let blocks = read("t.html", html, &mut diags);
        (blocks, diags.iter().map(|d| d.to_string()).collect())
    }

    fn tables(blocks: &[Block]) -> Vec<&Table> {
        blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect()
    }

    #[test]
    fn chrome_is_skipped_and_content_read_in_order() {
        let (blocks, diags) = read_html(
            "<!DOCTYPE html><html><head><title>x</title><script>var a = '<table>';</script></head><body><nav><a>请求参数</a></nav><main><h1>Edge:CreateThing</h1><p>创建&nbsp;&nbsp;一个东西。</p><div class=\"toc\"><p>返回参数</p></div><h2>请求参数</h2><table><thead><tr><th>名称</th><th>类型</th><th>必填</th><th>描述</th><th>示例值</th></tr></thead><tbody><tr><td>└ AppId</td><td>string</td><td><img alt=\"是\"></td><td><p>应用 ID。</p><ul><li>docker|process</li><li>b</li></ul></td><td>app-1</td></tr><tr><td colspan=\"5\">说明：仅新版本。</td></tr></tbody></table><p>JSON格式</p><pre><code>{\n  \"RequestId\": \"x\"\n}</code></pre></main><footer>请求参数</footer></body></html>",
        );
        assert_eq!(diags, ["t.html (heading `请求参数` / table 1): note[text-between-rows]: `说明：仅新版本。` spans the table's columns and belongs to no row; kept as text after the table"]);
        let texts: Vec<String> = blocks.iter().map(|b| match b {
            Block::Heading { text, .. } => format!("# {text}"),
            Block::Text { text, .. } => text.clone(),
            Block::Table(t) => format!("table {} rows", t.rows.len()),
            Block::Code(c) => format!("code {:?}", c.label),
        }).collect();
        assert_eq!(texts, ["Edge:CreateThing", "创建  一个东西。", "# 请求参数", "table 1 rows", "说明：仅新版本。", "JSON格式", "code Some(\"json\")"]);
        assert_eq!(tables(&blocks)[0].rows[0].cells, ["AppId", "string", "是", "应用 ID。\n• docker|process\n• b", "app-1"]);
    }

    #[test]
    fn spans_and_nested_tables_lay_out_on_a_grid() {
        let (blocks, diags) = read_html(
            "<table><tr><th>HTTP status code</th><th>错误码</th><th>错误信息</th><th>描述</th></tr><tr><td rowspan=\"2\">400</td><td>A</td><td>a</td><td>aa</td></tr><tr><td>B</td><td>b</td><td>bb</td></tr></table>\
             <table><tr><th colspan=\"2\">名称</th><th>类型</th><th>描述</th></tr><tr><td colspan=\"2\">Parent</td><td>object</td><td>p</td></tr><tr><td></td><td>Child</td><td>string</td><td>c</td></tr>\
             <tr><td colspan=\"4\"><table><tr><th>名称</th><th>描述</th><th>类型</th></tr><tr><td>Deep</td><td>d</td><td>integer</td></tr></table></td></tr></table>",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let t = tables(&blocks);
        let rows = |t: &Table| t.rows.iter().map(|r| r.cells.join(",")).collect::<Vec<_>>();
        assert_eq!(rows(t[0]), ["400,A,a,aa", "400,B,b,bb"]);
        assert_eq!(rows(t[1]), ["Parent,object,p", "Child,string,c", "Deep,integer,d"]);
    }

    #[test]
    fn a_page_cut_off_mid_row_is_diagnosed() {
        let (blocks, diags) = read_html("<h2>请求参数</h2><table><tr><th>名称</th><th>类型</th><th>必填</th></tr><tr><td>A</td><td>string</td><td>是</td></tr><tr><td>B</td><td>str");
        assert_eq!(tables(&blocks)[0].rows.len(), 1);
        assert_eq!(diags, ["t.html (heading `请求参数` / table 1 / row 2): error[incomplete-row]: table row has 2 of 3 cells when the page ends: `B | str | `; row dropped"]);
    }

    #[test]
    fn html_is_told_from_text() {
        assert!(looks_like_html("\u{feff}<!DOCTYPE html><html>"));
        assert!(looks_like_html("  <table><tr><td>a</td></tr></table>"));
        assert!(!looks_like_html("名称 | 类型 |"));
        assert!(!looks_like_html("<OpenSaeServiceResponse>\n<RequestId>1</RequestId>"));
    }
}
