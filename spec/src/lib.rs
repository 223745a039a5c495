//! The spec stage of doc2sdk: vendor API documents in, an OpenAPI 3.1 spec out.
//!
//! The pipeline reads like the module list: [`source`] decodes bytes, [`read`] turns text in one of
//! the supported forms into the [`doc`] model (sections, tables, code examples, each located),
//! [`interpret`] works out what each table means and builds [`openapi`] documents, guided by the
//! per-service [`settings`] and corrected only by [`overrides`]. Every problem found on the way is a
//! [`diag::Diagnostic`]; none is dropped.

pub mod diag;
pub mod diff;
pub mod doc;
pub mod interpret;
pub mod lexicon;
pub mod openapi;
pub mod overrides;
pub mod read;
pub mod score;
pub mod settings;
pub mod source;

pub use diag::{Diagnostic, Diagnostics, Location, Severity};

use std::path::Path;

use sha2::{Digest, Sha256};

/// One document of a service: its name (for diagnostics and `x-source`) and bytes.
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What scraping a set of documents produced.
pub struct Scraped {
    pub spec: openapi::OpenApi,
    pub documents: Vec<(doc::Document, Option<lexicon::Language>)>,
    /// Per document: how many operation sections it has and how many were read into operations
    /// (a section that could not be read has an error diagnostic).
    pub sections: Vec<(usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Documents -> spec: decode, read, interpret, build. Settings `None` means the facts are
/// assumed from the pages' product code. Never panics on bad input: every problem is a diagnostic.
pub fn scrape(inputs: &[Input], settings: Option<&settings::ServiceSettings>) -> Scraped {
    let mut diags = Diagnostics::new();
    let mut documents = Vec::new();
    let mut refs = Vec::new();
    let mut pages = Vec::new();
    let mut sections = Vec::new();
    for input in inputs {
        let text = match source::decode(&input.name, &input.bytes) {
            Ok((text, _)) => text,
            Err(e) => {
                diags.error(Location::file(&input.name), "decode", e.to_string());
                continue;
            }
        };
        let document = read::read(&input.name, &text, &mut diags);
        let mut found_diags = Diagnostics::new();
        let parts = interpret::split_operations(&document, &mut found_diags);
        let named = settings.and_then(|s| s.document_operation(&input.name)).filter(|_| parts.len() == 1);
        let found: Vec<interpret::Page> = parts.iter().filter_map(|part| interpret::interpret_named(part, named, &mut found_diags)).collect();
        // The interpreter counts in the model's line numbers; a form without lines (HTML) says
        // where in its own terms.
        if !document.form.has_lines() {
            found_diags.relocate(|l| match l.line.filter(|_| l.file == document.file) {
                Some(line) => document.location(line),
                None => l.clone(),
            });
        }
        diags.extend(found_diags);
        sections.push((parts.len(), found.len()));
        let language = found.first().map(|p| p.language);
        refs.push(openapi::DocumentRef {
            path: input.name.clone(),
            sha256: hex::encode(Sha256::digest(&input.bytes)),
            form: document.form.name().to_owned(),
            language: language.map_or("unknown", |l| l.tag()).to_owned(),
            operations: found.iter().map(|p| p.operation.clone()).collect(),
        });
        documents.push((document, language));
        pages.extend(found);
    }
    let assumed;
    let settings = match settings {
        Some(s) => s,
        None => {
            let product = pages.iter().find_map(|p| p.product.clone()).unwrap_or_else(|| "unknown".to_owned());
            assumed = settings::ServiceSettings::assumed(&product);
            &assumed
        }
    };
    let spec = interpret::build_spec(settings, refs, pages, &mut diags);
    Scraped { spec, documents, sections, diagnostics: diags.into_sorted() }
}

/// Pretty-printed JSON with a trailing newline: the on-disk form of a spec.
pub fn to_json(spec: &openapi::OpenApi) -> String {
    let mut text = serde_json::to_string_pretty(spec).expect("the spec model always serializes");
    text.push('\n');
    text
}

/// The name a checked-in document is known by: its path relative to `root`, with `/`.
pub fn display_name(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
