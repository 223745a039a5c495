//! Code examples embedded in page text: a JSON value that starts on a line of its own.

use crate::doc::CodeBlock;

/// If `lines[start]` opens a JSON value, returns the block, the index of the line after it and any
/// text that followed the closing bracket on its line (`} 响应示例`: the conversion glued the next
/// heading to the example). `label` is the preceding line when it names a format.
pub(super) fn take_json<'a>(lines: &[&'a str], start: usize, label: Option<&str>) -> Option<(CodeBlock, usize, Option<&'a str>)> {
    let first = lines[start].trim_start();
    if !(first.starts_with('{') || first.starts_with('[')) {
        return None;
    }
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, line) in lines[start..].iter().enumerate() {
        for (at, c) in line.char_indices() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        let end = start + offset + 1;
                        let mut text = lines[start..end - 1].join("\n");
                        if end - 1 > start {
                            text.push('\n');
                        }
                        text.push_str(&line[..at + 1]);
                        let rest = line[at + 1..].trim();
                        let block = CodeBlock { line: start as u32 + 1, label: label.map(str::to_owned), text };
                        return Some((block, end, (!rest.is_empty()).then_some(rest)));
                    }
                }
                _ => {}
            }
        }
    }
    // Unbalanced to the end of the page: keep what is there; the interpreter reports that it does
    // not parse.
    let text = lines[start..].join("\n");
    Some((CodeBlock { line: start as u32 + 1, label: label.map(str::to_owned), text }, lines.len(), None))
}

/// The label of a code block: the nearest non-empty line before it, when it is short and names a
/// format.
pub(super) fn label_before(lines: &[&str], index: usize) -> Option<&'static str> {
    let before: Vec<&str> = lines[..index].iter().rev().map(|l| l.trim()).filter(|l| !l.is_empty()).take(2).collect();
    before.iter().find_map(|l| {
        // Markdown exports write the label as code (`` `JSON`格式 ``).
        let upper = l.trim_start_matches('`').to_ascii_uppercase();
        if upper.starts_with("JSON") {
            Some("json")
        } else if upper.starts_with("XML") {
            Some("xml")
        } else {
            None
        }
    })
}
