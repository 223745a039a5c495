//! Scoring the scraper against hand-made answer keys: what a page's key says it documents
//! (operation, request parameters, response fields with their parents, error codes) against what
//! the spec read from the page holds. The metric is the one `../shared/pages/README.md` defines:
//! request parameters by precision/recall/F1 on names (a multiset), response fields by recall on
//! (name, parent) pairs, error codes by recall on (status, code); a page that yields no operation
//! loses all its rows.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use crate::openapi::{OpenApi, Operation, Schema};

/// An answer key, as `../shared/pages/*/*.json` writes it.
#[derive(Clone, Debug, Deserialize)]
pub struct Key {
    pub operation: Option<String>,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub request_parameters: Vec<KeyParam>,
    #[serde(default)]
    pub response_fields: Vec<KeyField>,
    #[serde(default)]
    pub error_codes: Vec<KeyError>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KeyParam {
    pub name: String,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default, rename = "in")]
    pub location: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KeyField {
    pub name: String,
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KeyError {
    pub http_status: Option<u16>,
    pub code: String,
}

/// What one operation of a spec documents, flattened the way keys list it.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub operation: String,
    pub params: Vec<FoundParam>,
    /// (name, parent) in document order, parents being the nearest named enclosing field.
    pub fields: Vec<(String, Option<String>)>,
    pub errors: Vec<(Option<u16>, String)>,
}

#[derive(Clone, Debug)]
pub struct FoundParam {
    pub name: String,
    pub raw_type: Option<String>,
    pub required: bool,
    pub location: String,
}

/// Every operation of `spec`, flattened.
pub fn flatten(spec: &OpenApi) -> Vec<Found> {
    let components = spec.components.as_ref().map(|c| &c.schemas);
    let resolve = |s: &Schema| -> Schema {
        match (&s.reference, components) {
            (Some(r), Some(map)) => map.get(r.trim_start_matches("#/components/schemas/")).cloned().unwrap_or_else(|| s.clone()),
            _ => s.clone(),
        }
    };
    let mut out = Vec::new();
    for item in spec.paths.values() {
        for (_, op) in item.operations() {
            out.push(flatten_operation(op, &resolve));
        }
    }
    out
}

fn flatten_operation(op: &Operation, resolve: &dyn Fn(&Schema) -> Schema) -> Found {
    let mut params: Vec<FoundParam> = op
        .parameters
        .iter()
        .map(|p| FoundParam { name: p.name.clone(), raw_type: p.schema.x_raw_type.clone(), required: p.required, location: p.location.clone() })
        .collect();
    if let Some(body) = &op.request_body {
        for (media, content) in &body.content {
            let location = if media.contains("form") { "formData" } else { "body" };
            let mut names = Vec::new();
            // A body that is one value (a file, a JSON document) is one parameter, named by the page.
            // An object body a row documents (`body | object`) is that row and its fields.
            let schema = resolve(&content.schema);
            if let Some(name) = &body.x_name {
                names.push((name.clone(), schema.clone(), body.required));
            }
            body_names(&schema, resolve, &mut names, 0);
            params.extend(names.into_iter().map(|(name, s, required)| FoundParam { name, raw_type: s.x_raw_type.clone(), required, location: location.to_owned() }));
        }
    }
    let mut fields = Vec::new();
    if let Some((_, response)) = op.responses.iter().find(|(status, _)| status.starts_with('2')) {
        for name in response.headers.keys() {
            fields.push((name.clone(), None));
        }
        if let Some(content) = response.content.values().next() {
            response_fields(&resolve(&content.schema), None, resolve, &mut fields, 0);
        }
    }
    // A code the page lists on several rows is one entry of the spec, with a source per row: each
    // row counts (the key lists every row).
    let errors = op.x_error_codes.iter().flat_map(|e| std::iter::repeat_n((e.status, e.code.clone()), e.x_source.len().max(1))).collect();
    Found { operation: op.operation_id.clone(), params, fields, errors }
}

/// Depth past which a schema is taken to refer to itself.
const MAX_DEPTH: usize = 12;

fn body_names(schema: &Schema, resolve: &dyn Fn(&Schema) -> Schema, out: &mut Vec<(String, Schema, bool)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, raw) in &schema.properties {
        let mut prop = resolve(raw);
        prop.x_raw_type = raw.x_raw_type.clone().or(prop.x_raw_type);
        out.push((name.clone(), prop.clone(), schema.required.contains(name)));
        body_names(&prop, resolve, out, depth + 1);
        if let Some(items) = &prop.items {
            body_names(&resolve(items), resolve, out, depth + 1);
        }
        // A typed map's values have their fields too, as on the response side.
        if let Some(values) = prop.additional_properties.as_deref() {
            body_names(&resolve(values), resolve, out, depth + 1);
        }
    }
}

fn response_fields(schema: &Schema, parent: Option<&str>, resolve: &dyn Fn(&Schema) -> Schema, out: &mut Vec<(String, Option<String>)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, prop) in &schema.properties {
        let prop = resolve(prop);
        out.push((name.clone(), parent.map(str::to_owned)));
        response_fields(&prop, Some(name), resolve, out, depth + 1);
        if let Some(inner) = &prop.content_schema {
            response_fields(&resolve(inner), Some(name), resolve, out, depth + 1);
        }
    }
    if let Some(items) = &schema.items {
        response_fields(&resolve(items), parent, resolve, out, depth + 1);
    }
    if let Some(inner) = schema.additional_properties.as_deref() {
        response_fields(&resolve(inner), parent, resolve, out, depth + 1);
    }
}

/// Matched and total counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub hit: usize,
    pub of: usize,
}

impl Ratio {
    pub fn value(self) -> f64 {
        if self.of == 0 {
            1.0
        } else {
            self.hit as f64 / self.of as f64
        }
    }
    fn add(&mut self, other: Ratio) {
        self.hit += other.hit;
        self.of += other.of;
    }
}

/// The score of one page, or the sum over a part.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub pages: usize,
    /// Pages with an operation in the key that yielded none.
    pub unread: Vec<String>,
    /// Pages without an operation in the key that yielded one anyway.
    pub spurious: Vec<String>,
    /// Pages whose operation name differs from the key's.
    pub misnamed: Vec<(String, String, String)>,
    /// Request parameters: matched names against the key (recall) and against the output (precision).
    pub params_recall: Ratio,
    pub params_precision: Ratio,
    pub param_type: Ratio,
    pub param_required: Ratio,
    pub param_in: Ratio,
    pub response_pairs: Ratio,
    pub response_names: Ratio,
    pub errors: Ratio,
    /// Per page: (page, the lines that say what was missed or extra).
    pub details: Vec<(String, Vec<String>)>,
}

impl Score {
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.params_precision.value(), self.params_recall.value());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: &Score) {
        self.pages += other.pages;
        self.unread.extend(other.unread.iter().cloned());
        self.spurious.extend(other.spurious.iter().cloned());
        self.misnamed.extend(other.misnamed.iter().cloned());
        for (mine, theirs) in [
            (&mut self.params_recall, other.params_recall),
            (&mut self.params_precision, other.params_precision),
            (&mut self.param_type, other.param_type),
            (&mut self.param_required, other.param_required),
            (&mut self.param_in, other.param_in),
            (&mut self.response_pairs, other.response_pairs),
            (&mut self.response_names, other.response_names),
            (&mut self.errors, other.errors),
        ] {
            mine.add(theirs);
        }
        self.details.extend(other.details.iter().cloned());
    }

    /// One line: the part's numbers.
    pub fn summary(&self) -> String {
        format!(
            "pages {:>3}  unread {:>2}  params P {:.3} R {:.3} F1 {:.3}  type {:.2} required {:.2} in {:.2}  response pairs {:.3} names {:.3}  errors {:.3} ({}/{})",
            self.pages,
            self.unread.len(),
            self.params_precision.value(),
            self.params_recall.value(),
            self.f1(),
            self.param_type.value(),
            self.param_required.value(),
            self.param_in.value(),
            self.response_pairs.value(),
            self.response_names.value(),
            self.errors.value(),
            self.errors.hit,
            self.errors.of,
        )
    }
}

/// Counts how many of `want` are in `have`, as multisets.
fn multiset_hits<T: Ord + Clone>(want: &[T], have: &[T]) -> usize {
    let mut pool: BTreeMap<T, usize> = BTreeMap::new();
    for h in have {
        *pool.entry(h.clone()).or_default() += 1;
    }
    want.iter()
        .filter(|w| match pool.get_mut(*w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

/// Normalises a type for agreement: the raw cell without case or spacing differences.
fn norm_type(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// Scores the operations read from one page against its key.
pub fn score_page(page: &str, key: &Key, found: &[Found]) -> Score {
    let mut s = Score { pages: 1, ..Score::default() };
    let mut notes = Vec::new();
    let Some(want_op) = &key.operation else {
        if !found.is_empty() {
            s.spurious.push(page.to_owned());
            notes.push(format!("no operation in the key, read {}", found.iter().map(|f| f.operation.as_str()).collect::<Vec<_>>().join(", ")));
        }
        s.details.push((page.to_owned(), notes));
        return s;
    };
    let chosen = found.iter().find(|f| &f.operation == want_op).or(found.first());
    let empty = Found::default();
    let f = match chosen {
        Some(f) => {
            if &f.operation != want_op {
                s.misnamed.push((page.to_owned(), want_op.clone(), f.operation.clone()));
                notes.push(format!("operation `{}`, key says `{want_op}`", f.operation));
            }
            if found.len() > 1 {
                notes.push(format!("{} operations read; scored `{}`", found.len(), f.operation));
            }
            f
        }
        None => {
            s.unread.push(page.to_owned());
            notes.push("no operation read".to_owned());
            &empty
        }
    };
    // Request parameters.
    let want: Vec<String> = key.request_parameters.iter().map(|p| p.name.clone()).collect();
    let have: Vec<String> = f.params.iter().map(|p| p.name.clone()).collect();
    let hits = multiset_hits(&want, &have);
    s.params_recall = Ratio { hit: hits, of: want.len() };
    s.params_precision = Ratio { hit: multiset_hits(&have, &want), of: have.len() };
    let lost = missing_of(&want, &have);
    if !lost.is_empty() {
        notes.push(format!("params missing: {}", lost.join(", ")));
    }
    let extra = missing_of(&have, &want);
    if !extra.is_empty() {
        notes.push(format!("params extra: {}", extra.join(", ")));
    }
    // Agreement on the matched names, occurrence by occurrence.
    let mut used = vec![false; f.params.len()];
    for kp in &key.request_parameters {
        let Some(i) = (0..f.params.len()).find(|&i| !used[i] && f.params[i].name == kp.name) else { continue };
        used[i] = true;
        let fp = &f.params[i];
        if let Some(t) = &kp.ty {
            let ok = fp.raw_type.as_deref().is_some_and(|r| norm_type(r) == norm_type(t));
            s.param_type.of += 1;
            s.param_type.hit += usize::from(ok);
            if !ok {
                notes.push(format!("`{}` type {:?}, key says `{t}`", kp.name, fp.raw_type));
            }
        }
        if let Some(r) = kp.required {
            s.param_required.of += 1;
            s.param_required.hit += usize::from(fp.required == r);
            if fp.required != r {
                notes.push(format!("`{}` required {}, key says {r}", kp.name, fp.required));
            }
        }
        if let Some(l) = &kp.location {
            s.param_in.of += 1;
            s.param_in.hit += usize::from(fp.location.eq_ignore_ascii_case(l));
            if !fp.location.eq_ignore_ascii_case(l) {
                notes.push(format!("`{}` in {}, key says {l}", kp.name, fp.location));
            }
        }
    }
    // Response fields.
    // A key lists a dotted row as written (`ResponseMetadata.RequestId` under `ResponseMetadata`):
    // it is the parent's field of the last name.
    let written = |r: &KeyField| match r.parent.as_deref().and_then(|p| r.name.strip_prefix(p)).and_then(|rest| rest.strip_prefix('.')) {
        Some(own) => own.to_owned(),
        None => r.name.clone(),
    };
    // And a parent that is such a row is named by its own last name too (`data.zones.100002` under
    // `data.zones`, itself under `data`, is `100002` under `zones`).
    let parent_written = |p: &str| key.response_fields.iter().find(|r| r.name == p).map_or_else(|| p.to_owned(), written);
    let want_pairs: Vec<(String, Option<String>)> = key.response_fields.iter().map(|r| (written(r), r.parent.as_deref().map(parent_written))).collect();
    s.response_pairs = Ratio { hit: multiset_hits(&want_pairs, &f.fields), of: want_pairs.len() };
    let want_names: Vec<String> = key.response_fields.iter().map(written).collect();
    let have_names: Vec<String> = f.fields.iter().map(|(n, _)| n.clone()).collect();
    s.response_names = Ratio { hit: multiset_hits(&want_names, &have_names), of: want_names.len() };
    let missed = missing_of(&want_pairs, &f.fields);
    if !missed.is_empty() {
        notes.push(format!("response missing: {}", missed.join(", ")));
    }
    // Error codes; a key without a status (Tencent) matches on the code.
    let mut hit = 0;
    let mut pool = f.errors.clone();
    let mut lost = Vec::new();
    for e in &key.error_codes {
        match pool.iter().position(|(st, code)| code == &e.code && e.http_status.is_none_or(|w| Some(w) == *st)) {
            Some(i) => {
                pool.remove(i);
                hit += 1;
            }
            None => lost.push(format!("{} {}", e.http_status.map_or("-".to_owned(), |n| n.to_string()), e.code)),
        }
    }
    if !lost.is_empty() {
        notes.push(format!("errors missing: {}", lost.join(", ")));
    }
    s.errors = Ratio { hit, of: key.error_codes.len() };
    s.details.push((page.to_owned(), notes));
    s
}

/// The members of `a` that `b` lacks, as a multiset, shown.
fn missing_of<T: Ord + Clone + std::fmt::Debug>(a: &[T], b: &[T]) -> Vec<String> {
    let mut pool: BTreeMap<T, usize> = BTreeMap::new();
    for x in b {
        *pool.entry(x.clone()).or_default() += 1;
    }
    let mut out = Vec::new();
    for x in a {
        match pool.get_mut(x) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(show(x)),
        }
    }
    out
}

fn show<T: std::fmt::Debug>(x: &T) -> String {
    let mut s = String::new();
    let _ = write!(s, "{x:?}");
    s.replace("\"", "").replace("Some(", "").replace([')', '('], "")
}

/// The identifier-renaming mutation: every name the key lists (operation, parameters, fields,
/// error codes) is renamed throughout the page and the key alike, letters shifted so that case,
/// digits and separators keep their shape. A scraper that reads pages by their form scores the
/// same on the mutated corpus; one that keys on particular names does not. Names that are also
/// words the reader must know (column titles, type words) are left alone.
pub fn mutate(page: &str, key: &Key) -> (String, Key) {
    let mut names: Vec<String> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut add = |n: &str| {
        let n = n.trim();
        if is_reader_word(n) {
            kept.push(n.to_owned());
        } else if n.chars().count() >= 2 && n.chars().any(|c| c.is_ascii_alphabetic()) && !names.iter().any(|m| m == n) {
            names.push(n.to_owned());
        }
    };
    if let Some(op) = &key.operation {
        add(op);
    }
    key.request_parameters.iter().for_each(|p| add(&p.name));
    key.response_fields.iter().for_each(|f| add(&f.name));
    key.error_codes.iter().for_each(|e| add(&e.code));
    // The names of types (`Result`, `Array of CacheInstance`) are names too: a page relates them to
    // its fields (`result | Result`), and renamed alike they stay related.
    let types = key.request_parameters.iter().map(|p| &p.ty).chain(key.response_fields.iter().map(|f| &f.ty));
    for ty in types.flatten() {
        type_names(ty).for_each(&mut add);
    }
    // Longest first, so a name inside a longer one is not renamed piecemeal.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    // One pass, longest match first at each position: a reader word stays as it is, a name is
    // renamed (its Markdown-escaped form too). Pages glue cells together (`AppIdstring是`), so a
    // capitalised name is renamed wherever it starts; a plain word only where it stands alone.
    let mut table: Vec<(String, Option<String>, bool)> = Vec::new();
    for n in &names {
        let glued = n.starts_with(|c: char| c.is_ascii_uppercase()) && n.len() >= 4;
        table.push((n.clone(), Some(shift(n)), glued));
        if n.contains(['_', '[', ']', '*']) {
            table.push((escape_markdown(n), Some(escape_markdown(&shift(n))), glued));
        }
        // A camel-case name is the same identifier with its first letter in the other case
        // (`uisNodeList` in a JSON example of the table's `UisNodeList`): renamed alike.
        if n.chars().skip(1).any(|c| c.is_ascii_uppercase()) {
            let flipped = crate::lexicon::flip_first(n);
            if !names.contains(&flipped) {
                table.push((flipped.clone(), Some(crate::lexicon::flip_first(&shift(n))), flipped.starts_with(|c: char| c.is_ascii_uppercase()) && flipped.len() >= 4));
            }
        }
    }
    table.extend(kept.iter().map(|k| (k.clone(), None, true)));
    // Column and section titles are words the reader must still find.
    table.extend(crate::lexicon::reader_words().filter(|w| w.len() > 3).map(|w| (w.to_owned(), None, false)));
    table.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.len()));
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut text = String::with_capacity(page.len());
    let mut i = 0;
    while i < page.len() {
        let rest = &page[i..];
        let before = page[..i].chars().next_back();
        // A row run together at the start of a line (`filterstringquery--...`) starts with its name.
        let line_start = page[..i].rsplit('\n').next().is_some_and(|l| l.trim().is_empty());
        // Reader words are found whatever their case (`Error Code` is the title `Error code`).
        let starts = |n: &str, kept: bool| if kept { rest.get(..n.len()).is_some_and(|r| r.eq_ignore_ascii_case(n)) } else { rest.starts_with(n) };
        let hit = table.iter().find(|(n, to, glued)| {
            starts(n, to.is_none()) && (*glued || (!before.is_some_and(is_ident) && (!rest[n.len()..].chars().next().is_some_and(is_ident) || (line_start && TYPE_START.is_match(&rest[n.len()..])))))
        });
        match hit {
            Some((n, to, _)) => {
                text.push_str(to.as_deref().unwrap_or(&rest[..n.len()]));
                i += n.len();
            }
            None => {
                let c = rest.chars().next().expect("not at the end");
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    let rename = |n: &str| if names.iter().any(|m| m == n.trim()) { shift(n.trim()) } else { n.to_owned() };
    let mut out = key.clone();
    out.operation = key.operation.as_deref().map(rename);
    let rename_type = |ty: &str| TYPE_NAME.replace_all(ty, |c: &regex::Captures<'_>| rename(&c[0])).into_owned();
    for p in &mut out.request_parameters {
        p.name = rename(&p.name);
        p.ty = p.ty.as_deref().map(rename_type);
    }
    for f in &mut out.response_fields {
        f.name = rename(&f.name);
        f.parent = f.parent.as_deref().map(rename);
        f.ty = f.ty.as_deref().map(rename_type);
    }
    for e in &mut out.error_codes {
        e.code = rename(&e.code);
    }
    (text, out)
}

/// `message[0].content` as Markdown escapes it: `message\\[0\\].content`.
fn escape_markdown(name: &str) -> String {
    name.chars().flat_map(|c| if matches!(c, '_' | '[' | ']' | '*') { vec!['\\', c] } else { vec![c] }).collect()
}

static TYPE_START: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&format!("^(?:{})", crate::lexicon::TYPE_PATTERN)).expect("valid regex"));
static TYPE_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").expect("valid regex"));

/// The struct names a key's type cell holds (`CacheInstance` of `Array of CacheInstance`): its
/// identifiers, less the words of type notations.
fn type_names(ty: &str) -> impl Iterator<Item = &str> {
    TYPE_NAME.find_iter(ty).map(|m| m.as_str()).filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()) && w.len() >= 2 && !is_reader_word(w) && !["Array", "List", "Map", "Set", "Object", "Struct", "Table"].contains(w))
}

fn is_reader_word(n: &str) -> bool {
    crate::lexicon::column(n).is_some() || crate::lexicon::section(n).is_some() || crate::lexicon::is_type(n) || crate::lexicon::is_location(n) || crate::lexicon::required_value(n).is_some()
}

/// Letters moved 7 places in their own case; everything else kept: the renaming of [`mutate`].
pub fn shift(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'a'..='z' => (b'a' + (c as u8 - b'a' + 7) % 26) as char,
            'A'..='Z' => (b'A' + (c as u8 - b'A' + 7) % 26) as char,
            _ => c,
        })
        .collect()
}
