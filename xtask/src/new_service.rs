//! `new-service <module> <page>...`: starts a service from its API reference pages. Creates
//! `docs/<module>/` with the pages and a `service.toml` holding every fact the pages state, each
//! with the page and line it comes from, and every other fact as a `question` (with a suggested
//! value where the vendor's conventions give one). `regenerate` refuses the service until each
//! question is answered, then emits its module, its cargo feature and its place in `lib.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use doc2sdk_spec::doc::{Block, Document};
use doc2sdk_spec::interpret::identity::{self, Candidate, Cue};
use doc2sdk_spec::interpret::{self, Page};
use doc2sdk_spec::{read, source, Diagnostics};
use regex::Regex;

/// What the pages say about one fact, or the question that stands in for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The value and where the pages state it.
    Stated { value: String, source: String },
    /// The pages do not state it: the question, and a suggested value (possibly empty).
    Question { question: String, suggestion: String },
}

impl Finding {
    fn value(&self) -> Option<&str> {
        match self {
            Finding::Stated { value, .. } => Some(value),
            Finding::Question { .. } => None,
        }
    }
}

/// Everything `new-service` learned from the pages.
#[derive(Clone, Debug)]
pub struct Facts {
    pub module: String,
    pub vendor: Finding,
    pub product: Finding,
    pub title: Finding,
    pub api_version: Finding,
    pub style: Finding,
    pub signing: Finding,
    pub endpoint_pattern: Finding,
    pub regions: Finding,
    /// RPC only (or style unknown): how arrays and objects travel, and the HTTP method.
    pub rpc: Option<(Finding, Finding)>,
    /// The operations the pages document, by file name.
    pub operations: Vec<(String, String)>,
}

impl Facts {
    /// The facts that are still questions, by name.
    pub fn questions(&self) -> Vec<&'static str> {
        let mut all: Vec<(&'static str, &Finding)> = vec![
            ("vendor", &self.vendor),
            ("product", &self.product),
            ("title", &self.title),
            ("api_version", &self.api_version),
            ("style", &self.style),
            ("signing", &self.signing),
            ("endpoint_pattern", &self.endpoint_pattern),
            ("regions", &self.regions),
        ];
        if let Some((encoding, method)) = &self.rpc {
            all.push(("complex_parameter_encoding", encoding));
            all.push(("rpc_method", method));
        }
        all.into_iter().filter(|(_, f)| matches!(f, Finding::Question { .. })).map(|(n, _)| n).collect()
    }
}

/// One page as read: its name in the service folder, its lines, its document model, the cues to
/// its operation's identity and the operations read from it.
struct ReadPage {
    name: String,
    lines: Vec<String>,
    doc: Document,
    candidates: Vec<Candidate>,
    pages: Vec<Page>,
}

impl ReadPage {
    /// `file.txt line 12` (or the HTML page's heading, table and row).
    fn at(&self, line: u32) -> String {
        if self.doc.form.has_lines() {
            format!("{} line {line}", self.name)
        } else {
            self.doc.location(line).to_string()
        }
    }

    /// The text of `line` as the source shows it, trimmed and shortened.
    fn text(&self, line: u32) -> String {
        let text = if self.doc.form.has_lines() {
            self.lines.get(line.saturating_sub(1) as usize).cloned().unwrap_or_default()
        } else {
            self.doc.blocks.iter().find(|b| b.line() == line).and_then(|b| match b {
                Block::Heading { text, .. } | Block::Text { text, .. } => Some(text.clone()),
                _ => None,
            }).unwrap_or_default()
        };
        let text = text.trim().trim_matches('|').trim().replace('`', "'");
        match text.char_indices().nth(120) {
            Some((at, _)) => format!("{}...", &text[..at]),
            None => text,
        }
    }
}

/// The module name must be a Rust identifier and a cargo feature name.
static MODULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*$").expect("valid regex"));
static VERSION_PARAM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[?&]Version=(\d{4}-\d{2}-\d{2})\b").expect("valid regex"));
static VERSION_JSON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""Version"\s*:\s*"(\d{4}-\d{2}-\d{2})""#).expect("valid regex"));
/// A help page's address: `.../api-ens-2017-11-10-describeensnetdistrict`.
static VERSION_HELP_URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"/api-([a-z0-9]+)-(\d{4}-\d{2}-\d{2})-[a-z0-9-]+").expect("valid regex"));
/// A REST path's leading version segment: `/v2/{project_id}/...`.
static VERSION_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^/(v\d+(?:\.\d+)?)/").expect("valid regex"));
static ACTION_PARAM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[?&]Action=[A-Z][A-Za-z0-9]+").expect("valid regex"));
static TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#*\s*([^:：]{2,80}?)\s*[:：]\s*[A-Za-z][A-Za-z0-9]+").expect("valid regex"));

/// Reads the pages and works out the facts, writing nothing.
pub fn facts(module: &str, pages: &[PathBuf]) -> Result<Facts, String> {
    let read = read_pages(pages)?;
    Ok(find_facts(module, &read))
}

fn read_pages(paths: &[PathBuf]) -> Result<Vec<ReadPage>, String> {
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| format!("`{}` is not a file name", path.display()))?.to_owned();
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let (text, _) = source::decode(&name, &bytes).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        // Diagnostics are `regenerate`'s to show; here only the facts matter.
        let mut diags = Diagnostics::new();
        let doc = read::read(&name, &text, &mut diags);
        let candidates = identity::candidates(&doc);
        let pages = interpret::split_operations(&doc, &mut diags).iter().filter_map(|part| interpret::interpret_named(part, None, &mut diags)).collect();
        out.push(ReadPage { name, lines: text.lines().map(str::to_owned).collect(), doc, candidates, pages });
    }
    Ok(out)
}

/// The first line of any page that `find` accepts, with what it found.
fn first_line<T>(pages: &[ReadPage], mut find: impl FnMut(&str) -> Option<T>) -> Option<(&ReadPage, u32, T)> {
    pages.iter().find_map(|p| p.lines.iter().enumerate().find_map(|(i, l)| find(l).map(|t| (p, i as u32 + 1, t))))
}

fn question(question: impl Into<String>, suggestion: impl Into<String>) -> Finding {
    Finding::Question { question: question.into(), suggestion: suggestion.into() }
}

fn find_facts(module: &str, pages: &[ReadPage]) -> Facts {
    let candidates = || pages.iter().flat_map(|p| p.candidates.iter().map(move |c| (p, c)));
    let http = || pages.iter().flat_map(|p| p.pages.iter().filter_map(move |page| page.http.as_ref().map(|h| (p, h))));

    let vendor = if let Some((p, line, host)) = first_line(pages, |l| ["huaweicloud.com", "myhuaweicloud.com"].into_iter().find(|h| l.contains(h))) {
        Finding::Stated { value: "huaweicloud".to_owned(), source: format!("{}: a link to {host}", p.at(line)) }
    } else if let Some((p, h)) = http().find(|(_, h)| h.path.contains("{project_id}")) {
        Finding::Stated { value: "huaweicloud".to_owned(), source: format!("{}: request syntax `{} {}` (Huawei Cloud's `{{project_id}}` path)", p.at(h.line), h.method, h.path) }
    } else if let Some((p, c)) = candidates().find(|(_, c)| c.cue == Cue::AuthorizationTable && c.product.is_some()) {
        Finding::Stated { value: "alibabacloud".to_owned(), source: format!("{}: authorization table `{}:{}` (a RAM action, Alibaba Cloud's)", p.at(c.line), c.product.as_deref().unwrap_or_default(), c.name) }
    } else if let Some((p, line, what)) = first_line(pages, |l| ["aliyun.com", "alibabacloud.com", "OpenAPI Explorer"].into_iter().find(|h| l.contains(h))) {
        Finding::Stated { value: "alibabacloud".to_owned(), source: format!("{}: {what} (Alibaba Cloud's): `{}`", p.at(line), p.text(line)) }
    } else {
        question("Whose cloud is the service? `alibabacloud` or `huaweicloud` (the only vendors the runtime signs for).", "")
    };
    let huawei = vendor.value() == Some("huaweicloud");

    let product = match candidates().find(|(_, c)| c.cue == Cue::AuthorizationTable && c.product.is_some()).or_else(|| candidates().find(|(_, c)| c.cue == Cue::ExplorerLink && c.product.is_some())) {
        Some((p, c)) => {
            let product = c.product.clone().unwrap_or_default().to_lowercase();
            let what = if c.cue == Cue::AuthorizationTable { format!("authorization table `{product}:{}`", c.name) } else { "OpenAPI Explorer link".to_owned() };
            Finding::Stated { value: product, source: format!("{}: {what}", p.at(c.line)) }
        }
        None => question(
            "What is the product code (the `product` of RAM actions `product:Operation`, or the service name in the endpoint)? The pages show no authorization table.",
            module.replace('_', "-"),
        ),
    };
    let title = candidates()
        .filter(|(_, c)| c.cue == Cue::Title)
        .find_map(|(p, c)| {
            let text = p.text(c.line);
            let name = TITLE.captures(&text)?.get(1)?.as_str().trim().to_owned();
            Some(Finding::Stated { value: name, source: format!("{}: page title `{text}`", p.at(c.line)) })
        })
        .unwrap_or_else(|| question("What is the product's name, as the vendor writes it (`Edge Security Acceleration (ESA)`)? The pages' titles name only the operation.", product.value().unwrap_or(module).to_uppercase()));
    // A title that is a short code (`ENS:DescribeEnsNetDistrict`) suggests the product code.
    let product = match (product, title.value()) {
        (Finding::Question { question, .. }, Some(t)) if t.len() <= 12 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => Finding::Question { question, suggestion: t.to_lowercase() },
        (product, _) => product,
    };
    let code = match &product {
        Finding::Stated { value, .. } => value.clone(),
        Finding::Question { suggestion, .. } => suggestion.clone(),
    };

    let api_version = api_version(pages, huawei);

    let style = if let Some((p, h)) = http().next() {
        let value = if huawei {
            "REST"
        } else if h.path == "/" {
            "RPC"
        } else {
            "ROA"
        };
        Finding::Stated { value: value.to_owned(), source: format!("{}: request syntax `{} {}`", p.at(h.line), h.method, h.path) }
    } else if let Some((p, line, _)) = first_line(pages, |l| ACTION_PARAM.find(l).map(|_| ())) {
        Finding::Stated { value: "RPC".to_owned(), source: format!("{}: request example with an `Action` parameter: `{}`", p.at(line), p.text(line)) }
    } else {
        question(
            "Is the API `RPC` (every operation at `/`, named by `Action`; the OpenAPI Explorer shows Action and Version parameters) or `ROA` (a method and path per operation)? The pages print no request syntax.",
            if huawei { "REST" } else { "RPC" },
        )
    };

    let signing = if huawei {
        question("Which signature scheme does the service take? The pages do not say; Huawei Cloud's APIG takes `SDK-HMAC-SHA256` ('AK/SK signing and authentication' guide).", "SDK-HMAC-SHA256")
    } else {
        question(
            "Which signature scheme does the service take? The pages do not say; Alibaba Cloud's current gateways take `ACS3-HMAC-SHA256` ('V3 request structure and signature' guide); `ACS-ROA-HMAC-SHA1` and `ACS-RPC-HMAC-SHA1` are the older ones.",
            "ACS3-HMAC-SHA256",
        )
    };
    let endpoint_suggestion = if huawei { format!("{code}.{{region}}.myhuaweicloud.com") } else { format!("{code}.{{region}}.aliyuncs.com") };
    let endpoint_pattern = question("What host serves a region, with `{region}` for the region id? The vendor's 'Endpoints' page for the product says.", endpoint_suggestion);
    let regions = question("Which regions serve the service, and at which host (`{ \"cn-hangzhou\" = \"...\" }`)? The vendor's 'Endpoints' page for the product lists them.", "");
    let rpc = match style.value() {
        Some("RPC") | None if !huawei => Some((
            question("RPC only: how do array and object parameters travel? `json` (one JSON-encoded parameter) is the only encoding supported; a page that says `The parameter value is a JSON string` states it.", "json"),
            question("RPC only: which HTTP method do the operations take? The OpenAPI Explorer lists it per operation; `POST` sends the parameters in a form body.", "POST"),
        )),
        _ => None,
    };
    let operations = pages.iter().flat_map(|p| p.pages.iter().map(move |page| (p.name.clone(), page.operation.clone()))).collect();
    Facts { module: module.to_owned(), vendor, product, title, api_version, style, signing, endpoint_pattern, regions, rpc, operations }
}

/// The API version from Explorer links, request examples, help-page addresses or a REST path; a
/// question when the pages state none or disagree.
fn api_version(pages: &[ReadPage], huawei: bool) -> Finding {
    let mut found: Vec<(String, String)> = Vec::new();
    for p in pages {
        for c in p.candidates.iter().filter(|c| c.version.is_some()) {
            found.push((c.version.clone().unwrap_or_default(), format!("{}: OpenAPI Explorer link for `{}`", p.at(c.line), c.name)));
        }
        for (i, line) in p.lines.iter().enumerate() {
            let at = p.at(i as u32 + 1);
            if let Some(m) = VERSION_PARAM.captures(line) {
                found.push((m[1].to_owned(), format!("{at}: request example `{}`", &m[0])));
            } else if let Some(m) = VERSION_JSON.captures(line) {
                found.push((m[1].to_owned(), format!("{at}: example `{}`", &m[0])));
            } else if let Some(m) = VERSION_HELP_URL.captures(line) {
                found.push((m[2].to_owned(), format!("{at}: the help page's address `{}`", &m[0])));
            }
        }
        if huawei {
            for h in p.pages.iter().filter_map(|page| page.http.as_ref()) {
                if let Some(m) = VERSION_PATH.captures(&h.path) {
                    found.push((m[1].to_owned(), format!("{}: the path `{} {}`", p.at(h.line), h.method, h.path)));
                }
            }
        }
    }
    let mut values: Vec<&str> = found.iter().map(|(v, _)| v.as_str()).collect();
    values.sort_unstable();
    values.dedup();
    match values.as_slice() {
        [] => question("Which API version do the pages document? They print none; the OpenAPI Explorer link of an operation (`api.aliyun.com/api/<product>/<version>/<Operation>`) shows it.", ""),
        [_] => {
            let (value, source) = found.swap_remove(0);
            Finding::Stated { value, source }
        }
        _ => question(format!("Which API version? The pages disagree: {}.", found.iter().map(|(v, s)| format!("`{v}` ({s})")).collect::<Vec<_>>().join(", ")), found[0].0.clone()),
    }
}

/// `service.toml` for the facts.
pub fn service_toml(facts: &Facts, pages: &[String]) -> String {
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut out = String::new();
    let _ = writeln!(out, "# Facts about the service that its API reference pages do not state, each with its source.");
    let _ = writeln!(out, "# Written by `cargo xtask new-service {} {}`.", facts.module, pages.join(" "));
    let _ = writeln!(out, "# A table with a `question` is a fact the pages do not state: answer it from the vendor's");
    let _ = writeln!(out, "# documentation (check or set `value`, say where it comes from in `source`) and delete the");
    let _ = writeln!(out, "# `question` line; a top-level `\"?\"` is answered by its value. `cargo xtask regenerate` refuses");
    let _ = writeln!(out, "# to generate the service until every question is answered.");
    let _ = writeln!(out, "module = {}", quote(&facts.module));
    for (key, finding) in [("vendor", &facts.vendor), ("product", &facts.product)] {
        match finding {
            Finding::Stated { value, source } => {
                let _ = writeln!(out, "# {key}: {source}");
                let _ = writeln!(out, "{key} = {}", quote(value));
            }
            Finding::Question { question, suggestion } => {
                let _ = writeln!(out, "# QUESTION ({key}): {question}{}", if suggestion.is_empty() { String::new() } else { format!(" Suggested: `{suggestion}`.") });
                let _ = writeln!(out, "{key} = {}", quote(doc2sdk_spec::settings::UNKNOWN));
            }
        }
    }
    let mut tables: Vec<(&str, &Finding)> = vec![("title", &facts.title), ("api_version", &facts.api_version), ("style", &facts.style), ("signing", &facts.signing), ("endpoint_pattern", &facts.endpoint_pattern)];
    if let Some((encoding, method)) = &facts.rpc {
        tables.push(("complex_parameter_encoding", encoding));
        tables.push(("rpc_method", method));
    }
    for (key, finding) in tables {
        let _ = writeln!(out, "\n[{key}]");
        match finding {
            Finding::Stated { value, source } => {
                let _ = writeln!(out, "value = {}\nsource = {}", quote(value), quote(source));
            }
            Finding::Question { question, suggestion } => {
                let _ = writeln!(out, "question = {}\nvalue = {}\nsource = \"\"", quote(question), quote(suggestion));
            }
        }
    }
    let _ = writeln!(out, "\n[regions]");
    match &facts.regions {
        Finding::Stated { value, source } => {
            let _ = writeln!(out, "value = {value}\nsource = {}", quote(source));
        }
        Finding::Question { question, .. } => {
            let _ = writeln!(out, "question = {}\nvalue = {{}}\nsource = \"\"", quote(question));
        }
    }
    out
}

/// Creates `docs/<module>/` with the pages and their `service.toml`; returns the facts.
pub fn create(root: &Path, module: &str, pages: &[PathBuf]) -> Result<Facts, String> {
    if !MODULE.is_match(module) {
        return Err(format!("invalid module name `{module}`: lower-case letters, digits and `_`, starting with a letter (it names the Rust module and the cargo feature)"));
    }
    if pages.is_empty() {
        return Err("no page given: name at least one API reference page".to_owned());
    }
    let dir = root.join("docs").join(module);
    if dir.exists() {
        return Err(format!("`{}` exists already: `new-service` starts a service; add pages to an existing one by copying them into its folder", dir.display()));
    }
    let read = read_pages(pages)?;
    let mut names: Vec<String> = read.iter().map(|p| p.name.clone()).collect();
    names.sort();
    if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("two pages are named `{}`: rename one", pair[0]));
    }
    if let Some(p) = read.iter().find(|p| p.pages.is_empty()) {
        return Err(format!("`{}` documents no operation the scraper can read (`cargo xtask scrape {}` shows why)", p.name, p.name));
    }
    let facts = find_facts(module, &read);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    for path in pages {
        let name = path.file_name().expect("checked above");
        std::fs::copy(path, dir.join(name)).map_err(|e| format!("cannot copy `{}`: {e}", path.display()))?;
    }
    let shown: Vec<String> = read.iter().map(|p| p.name.clone()).collect();
    std::fs::write(dir.join("service.toml"), service_toml(&facts, &shown)).map_err(|e| format!("cannot write `{}`: {e}", dir.join("service.toml").display()))?;
    Ok(facts)
}

pub fn run(root: &Path, module: &str, pages: &[PathBuf]) -> Result<ExitCode, String> {
    let facts = create(root, module, pages)?;
    println!("created docs/{module}/ with {} page(s) and service.toml", pages.len());
    for (file, op) in &facts.operations {
        println!("  {file}: operation {op}");
    }
    let questions = facts.questions();
    if questions.is_empty() {
        println!("every fact is stated by the pages: run `cargo xtask regenerate`");
    } else {
        println!("{} fact(s) the pages do not state are questions in docs/{module}/service.toml: {}", questions.len(), questions.join(", "));
        println!("answer each (value and source, then delete the `question` line) and run `cargo xtask regenerate`");
    }
    Ok(ExitCode::SUCCESS)
}
