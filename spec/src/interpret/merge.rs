//! Pages that document the same operation (one per language) are compared field by field; every
//! structural disagreement is reported. Values one page lost (a dropped bullet list) are unknown,
//! not different.

use std::collections::BTreeMap;

use super::constraints::constraints_of;
use super::fields::Field;
use super::page::Page;
use crate::diag::{Diagnostics, Location};
use crate::lexicon::Language;

/// Groups pages by operation; within a group the English page (if any) comes first, then by file.
/// Several pages of one operation in one language are versions of it: the newest (by the date the
/// page states, else the later document) wins and the others are recorded as superseded by it.
pub(super) fn group(pages: Vec<Page>, diags: &mut Diagnostics) -> BTreeMap<String, (Vec<Page>, Vec<Page>)> {
    let mut groups: BTreeMap<String, Vec<Page>> = BTreeMap::new();
    for page in pages {
        groups.entry(page.operation.clone()).or_default().push(page);
    }
    let mut out = BTreeMap::new();
    for (name, mut pages) in groups {
        // Newest first within a language: a stated date beats none, then the later date, then
        // the document given later.
        let order: Vec<String> = pages.iter().map(|p| p.file.clone()).collect();
        pages.sort_by(|a, b| {
            let index = |p: &Page| order.iter().position(|f| *f == p.file).unwrap_or(0);
            (b.updated.as_ref().map(|(d, _)| d.clone()), index(b)).cmp(&(a.updated.as_ref().map(|(d, _)| d.clone()), index(a)))
        });
        let mut kept: Vec<Page> = Vec::new();
        let mut superseded = Vec::new();
        for page in pages {
            match kept.iter().find(|k| k.language == page.language) {
                Some(newer) => {
                    let date = |p: &Page| p.updated.as_ref().map_or_else(|| "no date".to_owned(), |(d, _)| d.clone());
                    // A page that states no date loses to one that does, which may not be what the
                    // maintainer meant: say how to date it.
                    if page.updated.is_none() && newer.updated.is_some() {
                        diags.warning(
                            Location::line(&page.file, page.operation_line),
                            "undated-page",
                            format!(
                                "`{name}` is documented by this page, which states no date, and by `{}` ({}), which wins; if this page is the newer one, give its date in service.toml, in a table `[documents.\"{}\".updated]` with `value = \"YYYY-MM-DD\"` and `source = \"...\"`",
                                newer.file,
                                date(newer),
                                crate::settings::file_name(&page.file)
                            ),
                        );
                    }
                    diags.note(
                        Location::line(&page.file, page.operation_line),
                        "superseded",
                        format!("`{name}` is documented again by `{}` ({}), which is newer than this page ({}); this page's version is recorded as superseded", newer.file, date(newer), date(&page)),
                    );
                    superseded.push(page);
                }
                None => kept.push(page),
            }
        }
        // Where a parameter goes is a fact a newer page may no longer state: the older page's
        // location stands, not the guess.
        for winner in kept.iter_mut().filter(|k| !k.locations_stated) {
            if let Some(old) = superseded.iter().find(|p| p.language == winner.language && p.locations_stated) {
                carry_locations(winner, old);
            }
        }
        kept.sort_by(|a, b| (a.language != Language::English, &a.file).cmp(&(b.language != Language::English, &b.file)));
        out.insert(name, (kept, superseded));
    }
    out
}

/// Moves `page`'s parameters to the locations `old` documents them in.
fn carry_locations(page: &mut Page, old: &Page) {
    let location = |name: &str| -> Option<u8> {
        [&old.path_params, &old.query_params, &old.header_params, &old.request].iter().position(|list| list.iter().any(|f| f.name == name)).map(|i| i as u8)
    };
    let mut fields: Vec<(u8, Field)> = Vec::new();
    for (here, list) in [&mut page.path_params, &mut page.query_params, &mut page.header_params, &mut page.request].into_iter().enumerate() {
        for field in std::mem::take(list) {
            fields.push((location(&field.name).unwrap_or(here as u8), field));
        }
    }
    for (at, field) in fields {
        match at {
            0 => page.path_params.push(field),
            1 => page.query_params.push(field),
            2 => page.header_params.push(field),
            _ => page.request.push(field),
        }
    }
}

/// Reports every structural difference between two pages of one operation.
pub fn compare(a: &Page, b: &Page, diags: &mut Diagnostics) {
    let ctx = Ctx { a, b };
    ctx.fields("request parameter", &a.request, &b.request, "", diags);
    ctx.fields("response field", &a.response, &b.response, "", diags);
    for ea in &a.errors {
        match b.errors.iter().find(|eb| eb.code == ea.code) {
            None => ctx.missing(diags, ea.line, &format!("error code `{}`", ea.code)),
            Some(eb) if eb.status != ea.status => diags.warning(
                Location::line(&b.file, eb.line),
                "cross-page-mismatch",
                format!("error code `{}` has HTTP status {} here but {} in `{}`", ea.code, crate::openapi::status_label(eb.status), crate::openapi::status_label(ea.status), a.file),
            ),
            Some(_) => {}
        }
    }
    for eb in &b.errors {
        if !a.errors.iter().any(|ea| ea.code == eb.code) {
            diags.warning(Location::line(&b.file, eb.line), "cross-page-mismatch", format!("error code `{}` is not documented in `{}`", eb.code, a.file));
        }
    }
}

struct Ctx<'a> {
    a: &'a Page,
    b: &'a Page,
}

impl Ctx<'_> {
    fn missing(&self, diags: &mut Diagnostics, line_a: u32, what: &str) {
        diags.warning(Location::line(&self.a.file, line_a), "cross-page-mismatch", format!("{what} is not documented in `{}`", self.b.file));
    }

    fn fields(&self, kind: &str, a: &[Field], b: &[Field], path: &str, diags: &mut Diagnostics) {
        for fa in a {
            let here = join(path, &fa.name);
            let Some(fb) = b.iter().find(|f| f.name == fa.name) else {
                self.missing(diags, fa.line, &format!("{kind} `{here}`"));
                continue;
            };
            let at_b = Location::line(&self.b.file, fb.line);
            if !fa.ty.compatible(&fb.ty) {
                diags.warning(at_b.clone(), "cross-page-mismatch", format!("{kind} `{here}` is `{:?}` here but `{:?}` in `{}`", fb.ty, fa.ty, self.a.file));
            }
            if let (Some(ra), Some(rb)) = (fa.required, fb.required) {
                if ra != rb {
                    diags.warning(at_b.clone(), "cross-page-mismatch", format!("{kind} `{here}` is {} here but {} in `{}`", req(rb), req(ra), self.a.file));
                }
            }
            let (ca, cb) = (constraints_of(&fa.description, &fa.ty), constraints_of(&fb.description, &fb.ty));
            if !ca.values.is_empty() && !cb.values.is_empty() && ca.values != cb.values {
                diags.warning(at_b.clone(), "cross-page-mismatch", format!("{kind} `{here}` takes {:?} here but {:?} in `{}`", cb.values, ca.values, self.a.file));
            }
            for (what, x, y) in [("minimum length", ca.min_length, cb.min_length), ("maximum length", ca.max_length, cb.max_length)] {
                if let (Some(x), Some(y)) = (x, y) {
                    if x != y {
                        diags.warning(at_b.clone(), "cross-page-mismatch", format!("{kind} `{here}` has {what} {y} here but {x} in `{}`", self.a.file));
                    }
                }
            }
            self.fields(kind, &fa.children, &fb.children, &here, diags);
        }
        for fb in b {
            if !a.iter().any(|f| f.name == fb.name) {
                diags.warning(Location::line(&self.b.file, fb.line), "cross-page-mismatch", format!("{kind} `{}` is not documented in `{}`", join(path, &fb.name), self.a.file));
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    match (path.is_empty(), name.is_empty()) {
        (true, _) => name.to_owned(),
        (false, true) => format!("{path}[]"),
        (false, false) => format!("{path}.{name}"),
    }
}

fn req(r: bool) -> &'static str {
    if r {
        "required"
    } else {
        "optional"
    }
}
