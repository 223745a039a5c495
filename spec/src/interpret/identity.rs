//! Which operation a page documents, from every cue the page gives: its title in any of the
//! vendors' forms, the authorization table, OpenAPI Explorer links, the `Action` row, request
//! examples, the request syntax, the XML example's root element and the opening sentence. Each
//! cue is a [`Candidate`] with its source and a weight; the name with most weight wins, so cues
//! that agree outvote a stray one, and the strongest cue of the winner is recorded as the source.

use std::sync::LazyLock;

use regex::Regex;

use crate::doc::{Block, Document};
use crate::lexicon::{self, Column};

/// The kind of evidence a candidate name comes from, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cue {
    /// A manual's numbered heading (`1.3. CreateNamespace`).
    NumberedHeading,
    /// The authorization table (`esa:CreateEdgeContainerApp`).
    AuthorizationTable,
    /// An OpenAPI Explorer link (`api.aliyun.com/api/sae/2019-05-06/StopApplication`).
    ExplorerLink,
    /// The page title (`Product:Op - summary`, `Op - summary`, `summary - Op`, `Product:Op`).
    Title,
    /// The `Action` parameter's example value.
    ActionRow,
    /// A request example (`?Action=Op`, `Action=Op&`).
    RequestExample,
    /// The XML example's root element (`<OpResponse>`).
    XmlRoot,
    /// A sentence (`调用Op接口`, `本接口(Op)`, "call the Op operation").
    Prose,
}

impl Cue {
    /// The name `x-operation-id-source` records.
    pub fn name(self) -> &'static str {
        match self {
            Cue::NumberedHeading => "numbered-heading",
            Cue::AuthorizationTable => "authorization-table",
            Cue::ExplorerLink => "explorer-link",
            Cue::Title => "title",
            Cue::ActionRow => "action-row",
            Cue::RequestExample => "request-example",
            Cue::XmlRoot => "xml-root",
            Cue::Prose => "prose",
        }
    }

    /// How much one such cue counts: printed names that only this operation's page carries count
    /// most; a sentence may mention another operation, so it counts least.
    fn weight(self) -> u32 {
        match self {
            Cue::NumberedHeading => 100,
            Cue::AuthorizationTable => 90,
            Cue::ExplorerLink => 90,
            Cue::Title => 80,
            Cue::ActionRow => 70,
            Cue::RequestExample => 60,
            Cue::XmlRoot => 50,
            Cue::Prose => 30,
        }
    }
}

/// One piece of evidence for the operation's name.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub name: String,
    pub cue: Cue,
    pub line: u32,
    /// The product code the cue states with the name (`esa` in `esa:Op`), if any.
    pub product: Option<String>,
    /// The API version the cue states (an Explorer link's), if any.
    pub version: Option<String>,
}

/// The chosen name: the candidate of its strongest cue, and every candidate that disagrees.
#[derive(Clone, Debug)]
pub struct Identity {
    pub chosen: Candidate,
    pub dissent: Vec<Candidate>,
}

/// An operation name: an upper-case letter then letters and digits, with at least one more
/// upper-case letter (`Action`-like single words are too weak); or one that starts with an
/// acronym before a word (`IDCardOCR`, `SSLCertificate`; not `APIs` or `HTTPS`).
const OP: &str = r"(?:[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+|[A-Z]+[A-Z][a-z]{2,}[A-Za-z0-9]*)";

/// A `product:Op` cell alone on its line, or first on a line of cells (`sae:Op | delete | ...`).
static AUTH_CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^\s*\|?\s*([a-z][a-z0-9\-]*):({OP})\s*(?:\|.*)?$")).expect("valid regex"));
static OP_ALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{OP}$")).expect("valid regex"));
static AUTH_ANY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"\b([a-z][a-z0-9\-]*):({OP})")).expect("valid regex"));
static EXPLORER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"api\.(?:aliyun|alibabacloud)\.com/(?:#/)?api/([A-Za-z0-9\-]+)/(\d{{4}}-\d{{2}}-\d{{2}})/({OP})")).expect("valid regex"));
static EXPLORER_HASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"[#?&]product=([A-Za-z0-9\-]+)&api=({OP})(?:&[^\s)]*?version=(\d{{4}}-\d{{2}}-\d{{2}}))?")).expect("valid regex"));
/// `Product Name:Op - summary`, `Product:Op`, `Op - summary`, `summary - Op`; Markdown `#` allowed.
static TITLE_PRODUCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^#*\s*[^:：]{{2,80}}[:：]\s*({OP})(?:\s+[-–—]\s+.*|\s*[。.])?$")).expect("valid regex"));
static TITLE_OP_FIRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^#*\s*({OP})\s+[-–—]\s+\S.*$")).expect("valid regex"));
static TITLE_OP_LAST: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^#*\s*\S.{{0,80}}?\s+[-–—]\s+({OP})$")).expect("valid regex"));
/// A Chinese summary and the name joined by a bare dash (`查询排队作业列表-QueryQueuedJobList`), or
/// the name run into a Chinese summary (`CreateAppTCPListener创建TCP监听器`).
static TITLE_CJK: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^#*\s*(?:\p{{Han}}[^-–—]{{0,60}}[-–—]({OP})|({OP})\p{{Han}}[^|]{{0,60}})$")).expect("valid regex"));
/// A summary and the name in brackets after it (`查询域名缓存配置(queryDomainCache)`), the name in
/// either camel case.
static TITLE_BRACKETED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#*\s*\S.{0,80}?\s*[(（]([A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)[)）]$").expect("valid regex"));
/// The `Action` row's value in its description (`取值:GetMetaTableProducingTasks`, "Set the value to
/// DescribeRegions").
static ACTION_VALUE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?:取值[:：]\s*|Set the value to\s+|Valid value:\s*|Value:\s*|value for this API:\s*|the current API is\s+|当前 ?API ?的名称为\s*)({OP})\b")).expect("valid regex"));
/// The Explorer's title: the name, the product and the document's kind joined by underscores
/// (`HangupThirdCall_智能联络中心_API文档`).
static TITLE_UNDERSCORED: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^#*\s*({OP})_[^_\s][^_]{{0,60}}_(?i:API)\S{{0,16}}$")).expect("valid regex"));
/// A `#` title that is a name alone may be lower camel case (`# describeApiGroups`).
static TITLE_OP_ALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^#+\s*([A-Za-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)\s*$").expect("valid regex"));
static LOWER_OP_ALONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+$").expect("valid regex"));
/// A sentence naming the `Action` value (`The Action field for this API is RestoreInstance.`,
/// `本接口的 Action 字段为 Op`).
static ACTION_SENTENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?i:\bAction\s*(?:field|parameter|value)?\s*(?:for this API\s*)?(?:is|=|:|字段为|字段是|取值为)\s*)({OP})\b")).expect("valid regex"));
/// "Call describeThing to ...": an operation named in lower camel case (JD Cloud, Ctyun).
static CALL_LOWER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:You can )?[Cc]all (?:the )?([a-z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+) (?:to|operation|API)\b").expect("valid regex"));
/// `?Action=Op`, and a query string written alone (`QueryString = Action=Op&Version=…`).
/// A line that states the name (`接口名:DescribeFaceVerify`, `URL上传的异步提交服务接口为:Op接口`, "API
/// name: Op").
static NAMED_AS: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?:接口名称?|接口为|API名称|(?i:API name|Operation name))\s*[:：]\s*({OP})")).expect("valid regex"));
/// A page that says it introduces the operation (`本文介绍UnifiedSearch(统一搜索)的接口参数`, "This
/// topic describes the Op operation").
static INTRODUCES: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"^(?:本文介绍|本文介紹|本文档介绍|This topic describes (?:the )?)\s*({OP})\s*(?:[(（]|接口|API|operation)")).expect("valid regex"));
/// The `Action` a response example echoes (`"ResponseMetadata": {"Action": "Op", ...}`).
static ECHOED_ACTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r#""Action"\s*:\s*"({OP})""#)).expect("valid regex"));
static ACTION_PARAM: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"(?:[?&]|(?i:QueryString)\s*[=:]\s*)Action=({OP})\b")).expect("valid regex"));
static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^调用|^調用|本接口\s*[(（]|^This API\s*\(|^The\s+|^Call\s+(?:the\s+)?|^You can call (?:the )?)\s*({OP})\s*(?:[)）]|接口|operation|API|interface|to\s)")).expect("valid regex")
});

/// Every candidate name `doc` gives, in document order.
pub fn candidates(doc: &Document) -> Vec<Candidate> {
    let mut out = Vec::new();
    let first_table = doc.blocks.iter().position(|b| matches!(b, Block::Table(t) if !t.rows.is_empty())).unwrap_or(doc.blocks.len());
    let mut push = |name: &str, cue: Cue, line: u32, product: Option<&str>, version: Option<&str>| {
        out.push(Candidate { name: name.to_owned(), cue, line, product: product.map(str::to_owned), version: version.map(str::to_owned) });
    };
    // A title that is the name alone (`GetBucketAcl`), among the first lines: the last such line
    // there, as the site's own name (`BytePlus`) and menus come before the title.
    let title_alone = doc.blocks.iter().take(first_table).filter_map(|b| match b {
        Block::Heading { text, line } | Block::Text { text, line } => Some((text, *line)),
        _ => None,
    });
    let title_alone: Vec<(&String, u32)> = title_alone.take(5).collect();
    if let Some((text, line)) = title_alone.iter().rfind(|(t, _)| OP_ALONE.is_match(t.trim())) {
        push(text.trim(), Cue::Title, *line, None, None);
    }
    // The title may be the name in lower camel case (`describeLoadBalancer`, JD Cloud's pages
    // saved as text, where the Markdown `#` is lost).
    if let Some((text, line)) = title_alone.iter().find(|(t, _)| LOWER_OP_ALONE.is_match(t.trim())) {
        push(text.trim(), Cue::Title, *line, None, None);
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { text, line } | Block::Text { text, line } => {
                if let Some(m) = super::page::NUMBERED_TITLE.captures(text).filter(|_| matches!(block, Block::Heading { .. })) {
                    push(&m[1], Cue::NumberedHeading, *line, None, None);
                    continue;
                }
                links(text, *line, &mut push);
                // A title stands before the tables; later lines of that form are sub-headings.
                // A link's text (`[上一篇：Op - summary](...)`) names another page.
                if i < first_table && !text.starts_with('[') && !text.contains("](") {
                    if let Some(m) = TITLE_PRODUCT.captures(text).or_else(|| TITLE_OP_FIRST.captures(text)).or_else(|| TITLE_OP_LAST.captures(text)).or_else(|| TITLE_OP_ALONE.captures(text)).or_else(|| TITLE_UNDERSCORED.captures(text.trim())) {
                        push(&m[1], Cue::Title, *line, None, None);
                    } else if let Some(name) = TITLE_CJK.captures(text.trim()).and_then(|m| m.get(1).or_else(|| m.get(2))) {
                        push(name.as_str(), Cue::Title, *line, None, None);
                    } else if let Some(m) = TITLE_BRACKETED.captures(text.trim()) {
                        push(&m[1], Cue::Title, *line, None, None);
                    }
                }
                // Authorization tables that a text form could not read as a table leave their
                // `product:Op` cell on a line of its own.
                if let Some(m) = AUTH_CELL.captures(text) {
                    push(&m[2], Cue::AuthorizationTable, *line, Some(&m[1]), None);
                }
                if let Some(m) = ACTION_PARAM.captures(text).or_else(|| ECHOED_ACTION.captures(text)) {
                    push(&m[1], Cue::RequestExample, *line, None, None);
                }
                if let Some(m) = CALL_LOWER.captures(text.trim()) {
                    push(&m[1], Cue::Prose, *line, None, None);
                }
                if let Some(m) = INTRODUCES.captures(text.trim()) {
                    push(&m[1], Cue::Prose, *line, None, None);
                }
                if let Some(m) = NAMED_AS.captures(text) {
                    push(&m[1], Cue::Prose, *line, None, None);
                }
                if let Some(m) = ACTION_SENTENCE.captures(text) {
                    push(&m[1], Cue::Prose, *line, None, None);
                }
                if let Some(m) = PROSE.captures(text.trim()) {
                    push(&m[1], Cue::Prose, *line, None, None);
                } else if let Some(name) = lexicon::opening_operation(text) {
                    push(name, Cue::Prose, *line, None, None);
                }
            }
            Block::Table(table) => {
                let columns: Vec<Option<Column>> = table.header.iter().map(|h| lexicon::column(h)).collect();
                let is_auth = columns.contains(&Some(Column::AccessLevel)) || columns.contains(&Some(Column::ResourceType));
                // A condition key (`g:ResourceTag/<tag-key>`) or a dependent action names no
                // operation of this page.
                let other = |at: usize| matches!(columns.get(at), Some(Some(Column::ConditionKey | Column::AssociatedOperation | Column::ResourceType | Column::AccessLevel)));
                for row in &table.rows {
                    for (at, cell) in row.cells.iter().enumerate() {
                        if is_auth && other(at) {
                            continue;
                        }
                        let m = if is_auth { AUTH_ANY.captures(cell) } else { AUTH_CELL.captures(cell) };
                        if let Some(m) = m {
                            push(lexicon::strip_access_level(&m[2]), Cue::AuthorizationTable, row.line, Some(&m[1]), None);
                        }
                    }
                    // The common `Action` parameter with the operation as its example.
                    if row.cells.first().is_some_and(|c| c.trim() == "Action") {
                        if let Some(example) = row.cells.iter().skip(1).map(|c| c.trim()).find(|c| OP_ALONE.is_match(c)) {
                            push(example, Cue::ActionRow, row.line, None, None);
                        } else if let Some(m) = row.cells.iter().skip(1).find_map(|c| ACTION_VALUE.captures(c)) {
                            push(&m[1], Cue::ActionRow, row.line, None, None);
                        }
                    }
                }
            }
            Block::Code(code) => {
                for (n, text) in code.text.lines().enumerate() {
                    links(text, code.line + n as u32, &mut push);
                    if let Some(m) = ACTION_PARAM.captures(text).or_else(|| ECHOED_ACTION.captures(text)) {
                        push(&m[1], Cue::RequestExample, code.line + n as u32, None, None);
                    }
                }
                if code.label.as_deref() == Some("xml") {
                    let root: String = code.text.trim_start().trim_start_matches('<').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                    if let Some(name) = root.strip_suffix("Response").filter(|n| !n.is_empty()) {
                        push(name, Cue::XmlRoot, code.line, None, None);
                    }
                }
            }
        }
    }
    out
}

/// Tencent Cloud's API Explorer (`console.cloud.tencent.com/api/explorer?Product=tbm&Version=2018-01-29&Action=Op`).
static EXPLORER_QUERY: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"/api/explorer\?(?:[^\s)]*?[?&]?Product=([A-Za-z0-9\-]+))?(?:[^\s)]*?&Version=(\d{{4}}-\d{{2}}-\d{{2}}))?[^\s)]*?&Action=({OP})\b")).expect("valid regex"));

fn links(text: &str, line: u32, push: &mut impl FnMut(&str, Cue, u32, Option<&str>, Option<&str>)) {
    for m in EXPLORER_QUERY.captures_iter(text) {
        push(&m[3], Cue::ExplorerLink, line, m.get(1).map(|v| v.as_str()), m.get(2).map(|v| v.as_str()));
    }
    for m in EXPLORER.captures_iter(text) {
        push(&m[3], Cue::ExplorerLink, line, Some(&m[1]), Some(&m[2]));
    }
    for m in EXPLORER_HASH.captures_iter(text) {
        push(&m[2], Cue::ExplorerLink, line, Some(&m[1]), m.get(3).map(|v| v.as_str()));
    }
}

/// The name the candidates agree on: the most total weight, ties to the strongest single cue,
/// then to the first seen. `None` without candidates.
pub fn choose(candidates: &[Candidate]) -> Option<Identity> {
    // The first cue of each kind speaks for the page: a later title-like line or sentence belongs
    // to something else (a manual prints the next operation's heading at the foot of a page).
    let firsts: Vec<Candidate> = candidates.iter().enumerate().filter(|(i, c)| !candidates[..*i].iter().any(|o| o.cue == c.cue)).map(|(_, c)| c.clone()).collect();
    let candidates = &firsts[..];
    let mut names: Vec<(&str, u32, u32)> = Vec::new();
    for c in candidates {
        // A name cut where a line wrapped (`DescribeInstanceSpecificat`) supports the whole name.
        let key = candidates.iter().map(|o| o.name.as_str()).filter(|o| o.len() > c.name.len() && o.starts_with(c.name.as_str()) && c.cue == Cue::Prose).max_by_key(|o| o.len()).unwrap_or(&c.name);
        match names.iter_mut().find(|(n, _, _)| *n == key) {
            Some(entry) => {
                entry.1 += c.cue.weight();
                entry.2 = entry.2.max(c.cue.weight());
            }
            None => names.push((key, c.cue.weight(), c.cue.weight())),
        }
    }
    let best = names.iter().enumerate().max_by(|(ia, a), (ib, b)| (a.1, a.2).cmp(&(b.1, b.2)).then(ib.cmp(ia)))?.1 .0.to_owned();
    let chosen = candidates.iter().filter(|c| c.name == best).min_by_key(|c| (c.cue, c.line))?.clone();
    let dissent = candidates.iter().filter(|c| c.name != best && !(c.cue == Cue::Prose && best.starts_with(c.name.as_str()))).cloned().collect();
    Some(Identity { chosen, dissent })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, CodeBlock, Document, Form, Row, Table};

    fn doc(blocks: Vec<Block>) -> Document {
        Document { file: "p".into(), form: Form::PipeTable, blocks, table_forms: Vec::new() }
    }
    fn text(line: u32, t: &str) -> Block {
        Block::Text { line, text: t.into() }
    }

    #[test]
    fn every_title_form_names_the_operation() {
        for t in [
            "Edge Security Acceleration:GetEdgeContainerAppVersion - 擷取邊緣容器應用的版本資訊",
            "PublishEdgeContainerAppVersion - 发布边缘容器的指定版本",
            "发布边缘容器的指定版本 - PublishEdgeContainerAppVersion",
            "Serverless App Engine:StopApplication",
            "# GetAlipayTransferStatus - 查询支付宝打赏状态",
            "查询排队作业列表-QueryQueuedJobList",
            "CreateAppTCPListener创建TCP监听器",
            "查询域名缓存配置(queryDomainCache)",
            "Queries the cache rules of a domain (QueryDomainCache)",
            "HangupThirdCall_智能联络中心_API文档",
        ] {
            let found = candidates(&doc(vec![text(1, t)]));
            assert_eq!(found.len(), 1, "{t}: {found:?}");
            assert_eq!(found[0].cue, Cue::Title, "{t}");
        }
        assert!(candidates(&doc(vec![text(1, "Queries the information - of a namespace")])).is_empty());
    }

    #[test]
    fn links_tables_examples_and_prose_are_cues() {
        let d = doc(vec![
            text(1, "[调试](https://api.aliyun.com/api/sae/2019-05-06/StopApplication)"),
            text(2, "调用StopApplication接口停止应用。"),
            Block::Table(Table { line: 3, header: vec!["Action".into(), "Access level".into()], rows: vec![Row { line: 4, cells: vec!["sae:StopApplication".into(), "update".into()] }] }),
            Block::Code(CodeBlock { line: 5, label: None, text: "https://sae.aliyuncs.com/?Action=StopApplication&AppId=1".into() }),
        ]);
        let found = candidates(&d);
        let cues: Vec<Cue> = found.iter().map(|c| c.cue).collect();
        assert_eq!(cues, vec![Cue::ExplorerLink, Cue::Prose, Cue::AuthorizationTable, Cue::RequestExample]);
        assert_eq!(found[0].version.as_deref(), Some("2019-05-06"));
        let id = choose(&found).expect("a name");
        assert_eq!((id.chosen.name.as_str(), id.chosen.cue), ("StopApplication", Cue::AuthorizationTable));
        assert!(id.dissent.is_empty());
    }

    #[test]
    fn a_page_that_says_it_introduces_the_operation_names_it() {
        for t in ["本文介绍UnifiedSearch(统一搜索)的接口参数以及使用方法", "This topic describes the ListTopics operation."] {
            let found = candidates(&doc(vec![text(1, t)]));
            assert!(found.iter().any(|c| c.cue == Cue::Prose && (c.name == "UnifiedSearch" || c.name == "ListTopics")), "{t}: {found:?}");
        }
    }

    #[test]
    fn tencent_explorer_links_and_echoed_actions_are_cues() {
        let found = candidates(&doc(vec![text(1, "* [API 3.0 Explorer](https://console.cloud.tencent.com/api/explorer?Product=tbm&Version=2018-01-29&Action=DescribeBrandCommentCount)")]));
        assert_eq!((found[0].name.as_str(), found[0].cue, found[0].product.as_deref(), found[0].version.as_deref()), ("DescribeBrandCommentCount", Cue::ExplorerLink, Some("tbm"), Some("2018-01-29")));
        let found = candidates(&doc(vec![text(1, r#"{ "ResponseMetadata":{ "RequestId":"2023", "Action":"DescribeMigrationLogs", "Version":"2020-04-01" } }"#)]));
        assert_eq!((found[0].name.as_str(), found[0].cue), ("DescribeMigrationLogs", Cue::RequestExample));
        let found = candidates(&doc(vec![text(1, "Call DescribeDBInstances to query a list of instances.")]));
        assert_eq!((found[0].name.as_str(), found[0].cue), ("DescribeDBInstances", Cue::Prose));
    }

    /// A name may start with an acronym (`IDCardOCR`); an acronym alone or in the plural is no
    /// name (`HTTPS`, `APIs`).
    #[test]
    fn a_name_may_start_with_an_acronym() {
        let found = candidates(&doc(vec![text(1, "https://ocr.tencentcloudapi.com/?Action=IDCardOCR&CardSide=FRONT")]));
        assert_eq!((found[0].name.as_str(), found[0].cue), ("IDCardOCR", Cue::RequestExample));
        for t in ["https://example.com/?Action=HTTPS", "Call APIs to query a list of instances."] {
            assert!(candidates(&doc(vec![text(1, t)])).is_empty(), "{t}");
        }
    }

    #[test]
    fn agreement_outvotes_a_stray_mention() {
        let d = doc(vec![text(1, "You can call the ListApps operation to find ids."), text(2, "GetApp - 查询应用"), text(3, "esa:GetApp")]);
        let id = choose(&candidates(&d)).expect("a name");
        assert_eq!(id.chosen.name, "GetApp");
        assert_eq!(id.dissent.len(), 1);
    }
}
