//! The spec stage of doc2sdk: vendor API documents in, an OpenAPI 3.1 spec out.
//!
//! The pipeline reads like the module list: [`source`] decodes bytes, [`read`] turns text in one of
//! the supported forms into the [`doc`] model (sections, tables, code examples, each located),
//! [`interpret`] works out what each table means and builds [`openapi`] documents, guided by the
//! per-service [`settings`] and corrected only by [`overrides`]. Every problem found on the way is a
//! [`diag::Diagnostic`]; none is dropped.

pub mod clean;
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
    /// Per operation read: what `cargo xtask scrape` reports about it.
    pub pages: Vec<PageSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What one page yielded: its operation, how it was named, and how much it documents.
#[derive(Clone, Debug)]
pub struct PageSummary {
    pub file: String,
    pub operation: String,
    /// The cue that named the operation (`title`, `authorization-table`, ...).
    pub named_by: String,
    pub line: u32,
    pub request_parameters: usize,
    pub response_fields: usize,
    pub error_codes: usize,
}

impl std::fmt::Display for PageSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: operation `{}` named by the {} (line {}): {} request parameters, {} response fields, {} error codes",
            self.file, self.operation, self.named_by, self.line, self.request_parameters, self.response_fields, self.error_codes
        )
    }
}

fn count_fields(fields: &[interpret::Field]) -> usize {
    fields.iter().map(|f| usize::from(!f.name.is_empty()) + count_fields(&f.children)).sum()
}

/// Documents -> spec: decode, read, interpret, build. Settings `None` means the facts are
/// assumed from the pages' product code. Never panics on bad input: every problem is a diagnostic.
pub fn scrape(inputs: &[Input], settings: Option<&settings::ServiceSettings>) -> Scraped {
    let mut diags = Diagnostics::new();
    let mut documents = Vec::new();
    let mut refs = Vec::new();
    let mut pages = Vec::new();
    let mut sections = Vec::new();
    let mut summaries = Vec::new();
    for input in inputs {
        let text = match source::decode(&input.name, &input.bytes) {
            Ok((text, _)) => text,
            Err(e) => {
                diags.error(Location::file(&input.name), "decode", e.to_string());
                continue;
            }
        };
        let document = read::read(&input.name, &text, &mut diags);
        let updated = stated_date(&text).or_else(|| settings.and_then(|s| s.document_updated(&input.name)).map(|d| (d.to_owned(), 0)));
        let mut found_diags = Diagnostics::new();
        let parts = interpret::split_operations(&document, &mut found_diags);
        let named = settings.and_then(|s| s.document_operation(&input.name)).filter(|_| parts.len() == 1);
        let mut found: Vec<interpret::Page> = parts.iter().filter_map(|part| interpret::interpret_named(part, named, &mut found_diags)).collect();
        for page in &mut found {
            page.updated.clone_from(&updated);
        }
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
        summaries.extend(found.iter().map(|p| PageSummary {
            file: p.file.clone(),
            operation: p.operation.clone(),
            named_by: p.operation_source.clone(),
            line: p.operation_line,
            request_parameters: count_fields(&p.request) + count_fields(&p.path_params) + count_fields(&p.query_params) + count_fields(&p.header_params),
            response_fields: count_fields(&p.response) + p.response_headers.len(),
            error_codes: p.errors.len(),
        }));
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
    Scraped { spec, documents, sections, pages: summaries, diagnostics: diags.into_sorted() }
}

/// The date a document says it was last updated: `更新时间：2026-01-13`, `Updated at: 2024-03-01`,
/// `最近更新时间2024.01.04`, a manual's `文档版本：20220713`; as `YYYY-MM-DD`, with its line.
fn stated_date(text: &str) -> Option<(String, u32)> {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?:更新时间|更新時間|最近更新时间|最近更新時間|updated at|last updated|updated on|文档版本|文件版本|文檔版本)\s*[:：]?\s*(\d{4})[-./年]?(\d{1,2})[-./月]?(\d{1,2})").expect("valid regex")
    });
    text.lines().enumerate().find_map(|(i, line)| {
        let m = DATE.captures(line)?;
        let (y, mo, d): (u32, u32, u32) = (m[1].parse().ok()?, m[2].parse().ok()?, m[3].parse().ok()?);
        ((1..=12).contains(&mo) && (1..=31).contains(&d)).then(|| (format!("{y:04}-{mo:02}-{d:02}"), i as u32 + 1))
    })
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
