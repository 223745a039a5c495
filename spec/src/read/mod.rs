//! Readers: text in one of the supported forms -> [`Document`]. The form is detected from the
//! content, never from the file name.

mod code;
pub mod pdf;
mod pipe;
mod run_together;

use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Document, Form};
use crate::lexicon;

/// Detects the form of `text` and reads it.
pub fn read(file: &str, text: &str, diags: &mut Diagnostics) -> Document {
    let form = detect_form(text);
    let lines: Vec<&str> = text.lines().collect();
    let blocks = match form {
        Form::PipeTable => pipe::read(file, &lines, diags),
        Form::RunTogether => run_together::read(file, &lines, diags),
        Form::PdfText => pdf::read(file, &lines, diags),
    };
    if !blocks.iter().any(|b| matches!(b, Block::Table(_))) {
        diags.warning(Location::file(file), "no-table", format!("no parameter, response or error table found; read as {}", form.name()));
    }
    Document { file: file.to_owned(), form, blocks }
}

/// The form whose table headers the text contains; run-together when it has none of either.
pub fn detect_form(text: &str) -> Form {
    if pdf::looks_like_pdf_text(text) {
        return Form::PdfText;
    }
    let mut run_together = 0;
    for line in text.lines() {
        if pipe::header_columns(line).is_some() {
            return Form::PipeTable;
        }
        if lexicon::split_run_together_header(line).is_some() {
            run_together += 1;
        }
    }
    let _ = run_together;
    Form::RunTogether
}

/// The block for a line that is neither table nor code: a heading when the lexicon knows it.
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
