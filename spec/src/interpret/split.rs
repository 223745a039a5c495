//! A manual documents many operations in one file: it is cut into one part per operation before
//! each part is read like a page. An operation is found by its content — its `请求语法` (request
//! syntax) section — not by headings, which the PDF prints at the bottom of a page or lost.

use std::collections::BTreeSet;

use super::identity;
use crate::diag::{Diagnostics, Location};
use crate::doc::{Block, Document};
use crate::lexicon::{self, Section};

/// How far before its request syntax an operation's opening sentence may be (debug, header
/// sections and a note or two lie between).
const OPENING_WINDOW: usize = 30;

/// The parts of `doc`, one per operation; a document with at most one operation is one part.
/// Tables before the first operation (the manual's preamble) are reported, not read.
pub fn split_operations(doc: &Document, diags: &mut Diagnostics) -> Vec<Document> {
    let anchors: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading { text, .. } if lexicon::section(text) == Some(Section::RequestSyntax)))
        .map(|(i, _)| i)
        .collect();
    if anchors.len() <= 1 {
        return vec![doc.clone()];
    }
    // Each part starts at the opening sentence before its request syntax (or at the anchor).
    let mut starts = Vec::new();
    let mut floor = 0;
    for &anchor in &anchors {
        let start = (floor.max(anchor.saturating_sub(OPENING_WINDOW))..anchor).rev().find(|&i| matches!(&doc.blocks[i], Block::Text { text, .. } if lexicon::opening_operation(text).is_some())).unwrap_or(anchor);
        starts.push(start);
        floor = anchor + 1;
    }
    let preamble = &doc.blocks[..starts[0]];
    let mut preamble_note = None;
    let tables = preamble.iter().filter(|b| matches!(b, Block::Table(_))).count();
    if tables > 0 {
        let first = preamble.iter().find(|b| matches!(b, Block::Table(_))).map_or(1, Block::line);
        preamble_note = Some((first, tables));
    }
    let mut parts = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(doc.blocks.len());
        parts.push(Document { file: doc.file.clone(), form: doc.form, blocks: doc.blocks[start..end].to_vec(), table_forms: doc.table_forms.clone() });
    }
    // A page's table of contents repeats its section titles: several request-syntax titles
    // make several operations only when the parts name different operations.
    let names: BTreeSet<String> = parts.iter().filter_map(|p| identity::choose(&identity::candidates(p)).map(|id| id.chosen.name)).collect();
    if names.len() < 2 {
        return vec![doc.clone()];
    }
    if let Some((first, tables)) = preamble_note {
        diags.note(
            Location::line(&doc.file, first),
            "preamble-tables",
            format!("{tables} table(s) before the first operation (overview, common headers, endpoints) describe the service, not an operation; they were not read into operations"),
        );
    }
    parts
}
