//! The words of the vendors' pages in English, Simplified and Traditional Chinese: section titles,
//! column headers, yes/no values. Readers and the interpreter look words up here and nowhere else.

/// The meaning of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    Name,
    Type,
    Location,
    Required,
    Description,
    Example,
    /// The form a value must have (`格式`: `[a-zA-Z]+`, `YYYY-MM-DD`): read into the description.
    Format,
    /// The type whose own table documents an object or list row (`Lower-level Object`:
    /// `returnObj`).
    SubObject,
    /// Whether the value may be null (`允许NULL`), or is always returned (`是否必返回`); not whether
    /// it is required.
    Nullable,
    /// The path of the node that holds the row (`Parent Node`: `ListBucketResult.Contents`).
    Parent,
    /// The value used when none is given (`默认值`): read into the description.
    Default,
    Status,
    ErrorCode,
    ErrorMessage,
    Operation,
    AccessLevel,
    ResourceType,
    ConditionKey,
    AssociatedOperation,
    /// The name column of a deeper level (`Sub-parameter`, `Level 2 Parameter`, `二级参数`): a
    /// nested field's name stands there instead of in the first name column.
    Level,
    /// The row's number in its table (`序号`, `No.`): not a property of the field.
    Index,
}

/// Header words per column, longest first within a column so run-together headers split greedily.
const COLUMN_WORDS: &[(Column, &[&str])] = &[
    (Column::Status, &["Return Code", "HTTP status code", "HTTP Status Code", "HttpCode", "Status code", "HTTP code", "HTTP状态码", "HTTP狀態碼", "HTTP 状态码", "HTTP 狀態碼", "状态码", "狀態碼"]),
    (Column::ErrorCode, &["Error code", "ErrorCode", "错误码", "錯誤碼", "错误代码", "錯誤代碼"]),
    (Column::ErrorMessage, &["Error message", "Error Message", "ErrorMessage", "错误信息", "錯誤信息", "錯誤訊息", "错误消息", "錯誤消息", "错误提示", "錯誤提示", "錯誤資訊", "错误资讯", "英文提示", "英文提示信息", "提示信息", "提示資訊"]),
    (Column::AssociatedOperation, &["Associated operation", "Dependent action", "Dependent actions", "关联操作", "關聯操作"]),
    (Column::Operation, &["Operation", "操作"]),
    (Column::AccessLevel, &["Access level", "访问级别", "訪問級別", "存取層級", "存取级别"]),
    (Column::ResourceType, &["Resource type", "Resource", "资源类型", "資源類型"]),
    (Column::ConditionKey, &["Condition key", "条件关键字", "條件關鍵字"]),
    (Column::Level, &["Sub-parameter", "Sub-parameters", "Sub parameter", "Subparameter", "Child parameter", "Level 1 Parameter", "Level 2 Parameter", "Level 3 Parameter", "Level 4 Parameter", "子参数", "子參數", "子键", "子鍵", "二级参数", "二級參數", "三级参数", "三級參數", "四级参数", "四級參數"]),
    (Column::Name, &["英文名称", "英文名稱", "Parameter name", "Parameter", "Name", "Field", "参数名称", "參數名稱", "参数名", "參數名", "名称", "名稱", "参数", "參數", "字段", "欄位", "字段名", "欄位名", "字段名称", "欄位名稱", "头部名称", "頭部名稱", "Header name", "Header Name", "Parameter Name", "Field name", "名字", "Parâmetro", "Parametro", "Nome", "Element", "Node Name", "成员", "成員", "Member", "Node name", "节点名称", "節點名稱", "属性", "屬性", "属性名", "屬性名", "属性名称", "屬性名稱"]),
    (Column::Type, &["Parameter Type", "Parameter type", "Data type", "Type", "Tipo", "参数类型", "參數類型", "数据类型", "數據類型", "类型", "類型", "值类型", "值類型"]),
    (Column::Location, &["Position", "Location", "参数位置", "參數位置", "位置", "IN"]),
    (Column::Required, &["Required", "Mandatory", "Is it required", "是否必选", "是否必選", "是否必填", "是否必须", "是否必須", "是否必需", "是否必传", "是否必傳", "是否必需要", "必选", "必選", "必填", "必需", "必须", "必須", "是否选填", "是否選填", "默认选填", "默認選填", "必填/选填", "Required or not", "Optional", "Required/Optional", "Whether required", "Whether Required", "Is required", "Optional/Required", "Obrigatório", "Obrigatorio"]),
    (Column::Description, &["Description", "Remarks", "Describe", "中文名", "中文名称", "中文名稱", "Error description", "Error Description", "描述", "说明", "說明", "参数说明", "參數說明", "参数描述", "參數描述", "备注", "備註", "含义", "含義", "名称及描述", "名稱及描述", "Semantics", "语义", "語義", "中文解释", "中文解釋", "语义", "語義", "中文描述", "错误描述", "錯誤描述", "描述信息", "中文名称", "中文名稱", "Descrição", "Descricao", "属性说明", "屬性說明", "解决方法", "解決方法", "解决方案", "解決方案", "处理建议", "處理建議", "处理方法", "處理方法", "Solution", "Solutions", "Suggestion", "Handling suggestion", "字段详情", "欄位詳情", "参数详情", "參數詳情", "详情", "詳情", "Field details", "Parameter details", "Details"]),
    (Column::Format, &["Format", "格式", "取值格式", "Value format", "参数格式", "參數格式", "长度", "長度", "长度限制", "長度限制", "最大长度", "最大長度", "Max length", "Maximum length", "Length limit", "Length", "取值范围", "取值範圍", "Value range", "可选值", "可選值", "Allowed values", "Valid values"]),
    (Column::Default, &["Default value", "Default Value", "Default", "默认值", "預設值", "默認值", "缺省值"]),
    (Column::Parent, &["Parent Node", "Parent node", "Parent", "父节点", "父節點", "上级节点", "上級節點"]),
    (Column::Nullable, &["允许NULL", "允許NULL", "Nullable", "Allow null", "Allow Null", "Null allowed", "是否必返回", "是否必返", "是否返回", "必响应项目", "必響應項目", "Always returned"]),
    (Column::Index, &["序号", "序號", "No."]),
    (Column::SubObject, &["Lower-level Object", "Lower-level object", "下级对象", "下級對象", "Sub-object", "Child object"]),
    (Column::Example, &["Value Sample", "Sample Value", "Example value", "Example", "Examples", "Sample value", "Valor de exemplo", "值", "示例值", "取值示例", "取值範例", "範例值", "樣本值", "样本值", "示例", "範例", "样例", "樣例", "Value"]),
];

/// Words that add nothing to a column title (`Description Information`, `Field details`).
const FILLERS: &[&str] = &["Information", "information", "Info", "info", "Details", "details"];

/// A title without the remark or gloss in brackets after it (`错误码(Code)`, `Node Name
/// (Keyword)`, `返回元素(调用成功)`), when there is one and something is left.
fn without_remark(title: &str) -> Option<&str> {
    title.strip_suffix([')', '）']).and_then(|t| t.rfind(['(', '（']).map(|at| t[..at].trim())).filter(|t| !t.is_empty())
}

/// A header cell or title without what varies from page to page: marks (`Required?`, `*Name`,
/// `名称：`), bold marks, numbering (`2. Input Parameters`), repeated spaces.
fn normalize_title(cell: &str) -> String {
    static NUMBERING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.])\s*").expect("valid regex"));
    let t = cell.trim().replace("**", "");
    let t = t.trim_matches(|c: char| matches!(c, '?' | '？' | '*' | ':' | '：' | '#') || c.is_whitespace());
    let t = NUMBERING.replace(t, "");
    // A space between a Latin word and a CJK one is the typesetting's (`Body 参数` is `Body参数`).
    let cjk = |c: Option<char>| c.is_some_and(crate::clean::is_cjk);
    let mut out = String::with_capacity(t.len());
    for word in t.split_whitespace() {
        if !out.is_empty() && cjk(out.chars().last()) == cjk(word.chars().next()) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Every column title and section title the readers know.
pub fn reader_words() -> impl Iterator<Item = &'static str> {
    COLUMN_WORDS.iter().flat_map(|(_, w)| w.iter().copied()).chain(SECTION_WORDS.iter().flat_map(|(_, w)| w.iter().copied()))
}

/// The column a header cell names, if it names one.
pub fn column(cell: &str) -> Option<Column> {
    let cell = normalize_title(cell);
    // `The parameter name`: the article adds nothing to a title of two words or more (`The name`
    // alone is a phrase, not a title).
    let cell = cell.strip_prefix("The ").filter(|rest| rest.trim().contains(' ')).map(str::to_owned).unwrap_or(cell);
    let exact = |cell: &str| COLUMN_WORDS.iter().find(|(_, words)| words.iter().any(|w| w.eq_ignore_ascii_case(cell))).map(|(column, _)| *column);
    // English titles also come in the plural (`Types`, `Descriptions`).
    let singular = |cell: &str| exact(cell).or_else(|| cell.strip_suffix('s').and_then(exact));
    // A title with a word that adds nothing (`Description Information`, `Field details`).
    let plain = FILLERS.iter().find_map(|w| cell.strip_suffix(w)).map(str::trim).filter(|c| !c.is_empty());
    // A question whether a value must be given (`是否为必须项`, "is it a must-have item").
    let must = cell.starts_with("是否") && ["必须", "必須", "必需", "必选", "必選", "必填", "必传", "必傳"].iter().any(|w| cell.contains(w));
    if must {
        return Some(Column::Required);
    }
    // A result field's name over an error table (`resultCode`, `errMsg`): the code and the
    // message each error row gives.
    static RESULT_FIELD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:result|error|err|ret|return)(Code|Msg|Message)$").expect("valid regex"));
    if let Some(m) = RESULT_FIELD.captures(&cell) {
        return Some(if &m[1] == "Code" { Column::ErrorCode } else { Column::ErrorMessage });
    }
    singular(&cell).or_else(|| plain.and_then(singular)).or_else(|| without_remark(&cell).and_then(singular)).or_else(|| {
        // An English title of a few capitalised words is named by its last one, the head noun
        // (`Parameter Position`, `Parameter Types`).
        let words: Vec<&str> = cell.split(' ').collect();
        // Title case (`Parameter Position`), or sentence case after a word that qualifies a
        // column title (`Parameter location`); other phrases (`API domain name:`) are text.
        let qualifier = matches!(words[0], "Parameter" | "Parameters" | "Field" | "Data" | "Value" | "Return" | "Response" | "Request" | "Error" | "Whether" | "Is" | "If");
        let title_case = words.iter().all(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
        let titled = (2..=3).contains(&words.len()) && (title_case || qualifier) && words.iter().all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
        titled.then(|| singular(words[words.len() - 1])).flatten()
    })
}

/// Whether a cell is word for word one of the column titles (`Error Code`), not a phrase read as
/// one by its head noun (`Response parameters`).
pub fn is_column_title(cell: &str) -> bool {
    let cell = normalize_title(cell);
    COLUMN_WORDS.iter().any(|(_, words)| words.iter().any(|w| w.eq_ignore_ascii_case(&cell)))
}

/// A name with its first letter in the other case (`UisNodeList`, `uisNodeList`): the same
/// identifier as another naming convention spells it.
pub fn flip_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() }).into_iter().chain(chars).collect()
}

/// An English plural's singular (`Zones` -> `Zone`, `Policies` -> `Policy`), if the word is one.
pub fn singular(word: &str) -> Option<String> {
    match word.strip_suffix("ies") {
        Some(stem) if !stem.is_empty() => Some(format!("{stem}y")),
        // `Status`, `Address`, `Analysis` are no plurals.
        _ if word.ends_with("us") || word.ends_with("ss") || word.ends_with("is") => None,
        _ => word.strip_suffix('s').filter(|w| w.len() > 1).map(str::to_owned),
    }
}

/// Whether `name` names the element of a list called `list` that names no item type: the list's
/// name in the singular (`Zones`, then `Zone`), or a word the list's name starts with
/// (`ClusterSet`, then `Cluster`).
pub fn names_element_of(list: &str, name: &str) -> bool {
    singular(list).as_deref() == Some(name) || (name.len() > 1 && list.len() > name.len() && list.starts_with(name))
}

/// A location cell as the spec names locations (`path`, `query`, `header`, `body`, `formdata`):
/// `URI Parameter`, `Path parameter`, `Request body`, `路径参数` and the like. Other text is
/// kept lower-cased.
pub fn location_name(cell: &str) -> String {
    let t = cell.trim().to_ascii_lowercase();
    let t = t.trim_end_matches("参数").trim();
    let t = t.strip_suffix(" parameters").or_else(|| t.strip_suffix(" parameter")).or_else(|| t.strip_suffix(" params")).or_else(|| t.strip_suffix(" param")).unwrap_or(t).trim();
    match t {
        "uri" | "url" | "path" | "路径" | "路徑" => "path",
        "query" | "查询" | "查詢" | "query string" => "query",
        "header" | "headers" | "请求头" | "請求頭" | "头部" | "頭部" => "header",
        "body" | "request body" | "requestbody" | "请求体" | "請求體" | "消息体" | "訊息體" => "body",
        "formdata" | "form" | "form data" => "formdata",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// Splits a header whose cells were run together (`ParameterTypeRequiredDescriptionExample`,
/// `名称类型必填描述示例值`) into its columns, or `None` when it is not made only of header words.
pub fn split_run_together_header(line: &str) -> Option<Vec<(Column, String)>> {
    // Every way to cut the line into header words; a table has a name column, so a cut that has
    // one wins (`参数类型是否必选` is `参数` + `类型` + `是否必选`, not the type column `参数类型`),
    // then the cut with the longest words.
    fn cuts(rest: &str, depth: usize, out: &mut Vec<Vec<(Column, String)>>, current: &mut Vec<(Column, String)>) {
        if rest.is_empty() {
            out.push(current.clone());
            return;
        }
        if depth > 12 || out.len() > 64 {
            return;
        }
        for (column, word) in COLUMN_WORDS.iter().flat_map(|(c, words)| words.iter().map(move |w| (*c, *w))) {
            if rest.len() >= word.len() && rest.is_char_boundary(word.len()) && rest[..word.len()].eq_ignore_ascii_case(word) {
                // A word that adds nothing belongs to the title (`Description Information`), as
                // do marks after it (`Required?`, `名称：`).
                let filler = FILLERS.iter().find_map(|f| rest[word.len()..].strip_prefix(' ').unwrap_or(&rest[word.len()..]).strip_prefix(f).map(|after| rest.len() - after.len())).unwrap_or(word.len());
                // So does a gloss in brackets (`错误代码(Code)`, `中文描述(语义)`).
                let after = &rest[filler..];
                let gloss = after.strip_prefix(['(', '（']).and_then(|g| g.find([')', '）']).map(|end| {
                    let close = g[end..].chars().next().map_or(1, char::len_utf8);
                    filler + (after.len() - g.len()) + end + close
                }));
                let filler = gloss.unwrap_or(filler);
                current.push((column, rest[..filler].to_owned()));
                let next = rest[filler..].trim_start_matches(['?', '？', ':', '：', '*']).trim_start();
                cuts(next, depth + 1, out, current);
                current.pop();
            }
        }
    }
    // One column's title as a whole (`属性说明`, "attribute description") is a title, not two.
    let whole = normalize_title(line);
    if COLUMN_WORDS.iter().any(|(_, words)| words.iter().any(|w| w.eq_ignore_ascii_case(&whole))) {
        return None;
    }
    let mut all = Vec::new();
    cuts(line.trim(), 0, &mut all, &mut Vec::new());
    // A header has two columns at least: `Parameter Name` alone is one title, not two names.
    all.into_iter().filter(|c| c.iter().any(|(col, _)| *col != c[0].0)).max_by_key(|c| (c.iter().any(|(col, _)| *col == Column::Name), std::cmp::Reverse(c.len())))
}

/// Access levels of authorization tables, which run-together text glues to the action name
/// (`esa:CreateEdgeContainerAppVersioncreate`).
const ACCESS_LEVELS: &[&str] = &["create", "read", "write", "list", "get", "update", "delete", "none"];

/// The action name without an access level glued to its end.
pub fn strip_access_level(action: &str) -> &str {
    ACCESS_LEVELS.iter().find_map(|level| action.strip_suffix(level).filter(|rest| rest.ends_with(|c: char| c.is_ascii_alphanumeric()) && !rest.is_empty())).unwrap_or(action)
}

/// The operation a manual's section opens with (`调用CreateNamespace接口创建命名空间。`,
/// `调用OpenSaeService免费开通SAE服务。`); the name may be cut where the line wrapped.
pub fn opening_operation(text: &str) -> Option<&str> {
    static OPENING: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^调用([A-Z][A-Za-z0-9]*?)(?:接口|免费|[^A-Za-z0-9]|$)").expect("valid regex"));
    OPENING.captures(text.trim()).and_then(|m| m.get(1)).map(|m| m.as_str())
}

/// The sections of an API reference page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Debugging,
    Authorization,
    RequestParameters,
    ResponseParameters,
    Examples,
    SuccessExample,
    ErrorCodes,
    /// Huawei: `URI` (method, path and path-parameter table).
    Uri,
    /// Huawei: `功能介绍` (what the operation does).
    Summary,
    RequestExample,
    ResponseExample,
    /// Huawei: the status-code table.
    StatusCodes,
    /// `请求语法`: method and path of a ROA operation.
    RequestSyntax,
    /// `请求头`: operation-specific request headers.
    RequestHeaders,
    /// `路径参数`: the path parameters' table.
    PathParameters,
    /// `Query参数`: the query parameters' table.
    QueryParameters,
    /// `请求体` / `Body参数`: the body parameters' table of a REST page.
    BodyParameters,
    /// `响应头` / `Response headers`.
    ResponseHeaders,
}

const SECTION_WORDS: &[(Section, &[&str])] = &[
    (Section::Debugging, &["Debugging", "调试", "調試"]),
    (Section::Authorization, &["Authorization information", "授权信息", "授權信息"]),
    (Section::RequestParameters, &["Request parameters", "Input parameters", "Request Parameter", "Request Parameters", "请求参数", "請求參數", "输入参数", "輸入參數", "入参", "请求参数说明", "请求说明", "請求說明", "Body参数说明", "请求消息", "請求消息", "Request Message", "Request message", "Parameter permintaan", "Public Parameters", "Public parameters", "Common Parameters", "Common parameters"]),
    (Section::ResponseParameters, &["Response parameters", "Responses", "Response body elements", "Response Body Elements", "Response elements", "Response Parameters", "Output parameters", "Response parameter", "Return Parameter", "Return Parameters", "返回参数", "返回參數", "返回数据", "返回數據", "返回資料", "回傳資料", "回應參數", "回傳參數", "响应参数", "響應參數", "输出参数", "輸出參數", "返回參數說明", "返回参数说明", "出参", "Return parameters", "响应消息", "響應消息", "Response Message", "Response message", "Response Messages", "Response Field", "Response Fields", "Response field", "Response fields", "返回响应", "返回響應", "Elemen respons", "Parameter respons", "Response body", "Response Body", "响应体", "響應體", "响应Body", "响应Body参数", "響應Body參數", "响应体参数", "Response body parameters", "Response Body Parameters", "返回元素", "返回元素说明", "返回信息", "返回資訊", "返回值", "返回值说明", "返回值說明", "Return value", "Return Value", "Return values", "Return Values", "响应字段", "響應字段", "返回字段", "返回字段说明", "成功响应消息", "成功響應消息", "响应消息头", "響應消息頭", "响应结果", "響應結果", "返回结果", "返回結果", "Response result", "Response results", "响应说明", "響應說明"]),
    (Section::Examples, &["Examples", "示例", "範例", "樣本", "示例代码", "示例代碼"]),
    (Section::SuccessExample, &["Sample success responses", "正常返回示例", "正常返回範例", "正常返回樣本"]),
    (Section::ErrorCodes, &["Error codes", "Error code", "错误码", "錯誤碼", "错误代码", "錯誤代碼", "错误码列表"]),
    (Section::Uri, &["URI"]),
    (Section::Summary, &["功能介绍", "功能介紹", "Function"]),
    (Section::RequestExample, &["请求示例", "請求示例", "請求樣本", "请求样本", "Request example", "Request Example", "Sample requests", "Example Requests"]),
    (Section::ResponseExample, &["响应示例", "響應示例", "返回樣本", "Response example", "Response Example", "Example Responses"]),
    (Section::StatusCodes, &["状态码", "狀態碼", "Status Codes"]),
    (Section::RequestSyntax, &["请求语法", "請求語法", "Request syntax", "请求结构", "請求結構", "Request structure", "Request Structure"]),
    (Section::RequestHeaders, &["请求头", "請求頭", "Request headers", "Request header", "请求Header参数", "请求Header参數", "请求头参数", "Header参数", "Header Parameters", "Headers参数", "Headers 参数"]),
    (Section::PathParameters, &["路径参数", "路徑參數", "Path parameters", "Path Parameters", "Path参数"]),
    (Section::QueryParameters, &["URL参数", "URL 参数", "URL參數", "Query参数", "Query參數", "查询参数", "查詢參數", "Query parameters", "Query Parameters"]),
    (Section::BodyParameters, &["请求体", "請求體", "请求体参数", "Body参数", "Body參數", "请求Body参数", "Request body", "Request Body", "Body parameters", "Request body parameters"]),
    (Section::ResponseHeaders, &["响应头", "響應頭", "响应头参数", "响应Header参数", "響應Header參數", "Response headers", "Response header", "Response header parameters", "Response Header Parameters"]),
];

/// A one-word title (`Response`) that names a section only where a table follows it: in running
/// text, and where a cell wraps, the word is just a word. The section it names when it does.
pub fn bare_section(line: &str) -> Option<Section> {
    match line.trim() {
        "Response" | "Responses" | "Response body" | "Response Body" | "响应" | "響應" => Some(Section::ResponseParameters),
        "Requests" | "请求" | "請求" => Some(Section::RequestParameters),
        _ => None,
    }
}

/// The section a line titles, if it is a section title.
pub fn section(line: &str) -> Option<Section> {
    // A title may be a list item (`- Response Body参数说明`).
    let line = line.trim();
    let line = line.strip_prefix("- ").or_else(|| line.strip_prefix('•')).map_or(line, str::trim_start);

    // Numbered titles (`2. Input Parameters`) only where the number is followed by a space, so a
    // manual's chapter numbers glued to their words stay chapters.
    let normalized;
    let line = if line.starts_with(|c: char| c.is_ascii_digit()) && !line.contains(". ") {
        line
    } else {
        normalized = normalize_title(line);
        normalized.as_str()
    };
    let find = |line: &str| SECTION_WORDS.iter().find(|(_, words)| words.iter().any(|w| w.eq_ignore_ascii_case(line))).map(|(section, _)| *section);
    // A remark in brackets after the title (`返回元素(调用成功)`, `错误码(调用不成功)`).
    // A single number glued to a section title (`2.输入参数`, `3.输出参数`), as short pages number
    // their parts; a manual's numbered chapters (`1.3. CreateNamespace`) name no section.
    let numbered = |line: &str| {
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (digits > 0).then(|| line[digits..].strip_prefix(['.', '、'])).flatten().map(str::trim).and_then(find)
    };
    // A title and the words `参数说明` ("parameters described"): `Request Header参数说明`.
    let described = |line: &str| line.strip_suffix("参数说明").or_else(|| line.strip_suffix("參數說明")).map(str::trim).filter(|t| !t.is_empty()).and_then(find);
    find(line).or_else(|| without_remark(line).and_then(find)).or_else(|| described(line)).or_else(|| numbered(line))
}

/// `Some(true)` for yes-words, `Some(false)` for no-words, `None` for anything else (an icon
/// that was lost, an empty cell): unknown is not false.
pub fn required_value(cell: &str) -> Option<bool> {
    // A mark before the word (`*Required`) is the page's emphasis; a note after it
    // (`N,默认为false`) says more about the value.
    let cell = cell.trim().trim_start_matches('*');
    let word = match cell.split_once([',', '，']) {
        Some((word, note)) if !note.trim().is_empty() && matches!(word.trim(), "Y" | "N" | "是" | "否" | "Yes" | "No") => word.trim(),
        _ => cell,
    };
    match word {
        "Y" => Some(true),
        "N" => Some(false),
        "Required" | "required" => Some(true),
        "Yes" | "yes" | "YES" | "是" | "必选" | "必選" | "Mandatory" | "mandatory" | "true" | "True" | "Sim" => Some(true),
        "No" | "no" | "NO" | "否" | "可选" | "可選" | "Optional" | "optional" | "false" | "False" | "Não" | "Nao" => Some(false),
        _ => None,
    }
}

/// A required word run into the end of the text before it, as a last column glued to the
/// description (`UGN IdYes`, `默认为0否`): the text and the word.
pub fn split_trailing_required(text: &str) -> Option<(&str, &str)> {
    const WORDS: &[&str] = &["Required", "Optional", "Yes", "No", "是", "否", "必选", "可选", "必選", "可選"];
    let t = text.trim_end();
    WORDS.iter().find_map(|w| t.strip_suffix(w).filter(|before| !before.trim().is_empty()).map(|before| (before.trim_end(), &t[t.len() - w.len()..])))
}

/// The Type column's words as a regex fragment (no groups), for readers that find a type glued to
/// or spaced from its neighbours: Alibaba's `string`, `array<object>`, Huawei's `String`,
/// `Array of strings`, `Array of VolumeDTO objects` and `ProbeDTO object`.
pub const TYPE_PATTERN: &str = r"(?:(?i:array|list|map|set)<[^<>]*(?:<[^<>]*>[^<>]*)*>|(?i:array|list)\[[A-Za-z][A-Za-z0-9_]*\]|(?i:array|list)\([A-Za-z][A-Za-z0-9_]*\)|(?i:array of) (?:[A-Za-z][A-Za-z0-9_]* objects?|(?:Table |表)\d+ objects?|[A-Za-z][A-Za-z0-9]*)|(?i:object of) [A-Za-z][A-Za-z0-9_]*|\[[A-Za-z][A-Za-z0-9_]*\]|[A-Z][A-Za-z0-9_]* object|(?:Table |表)\d+ object|[A-Z][A-Za-z0-9_]* (?:list|array)|N/A|(?i:json)?(?:对象|對象|数组|數組)|(?i:string|integer|long|int32|int64|uint32|uint64|uint16|uint8|int16|int8|int|boolean|bool|short|bytes|byte|dict|object|struct|float|double|bigdecimal|biginteger|decimal|number|map|any|file|inputstream|date|datetime|timestamp|repeatlist|array|list|binary|jsonarray|jsonobject|json)(?: ?\[ ?\])?)";

/// The yes/no words of a required column as a regex fragment (no groups); see [`required_value`].
pub const REQUIRED_PATTERN: &str = r"(?:(?i:yes|no|required|mandatory|optional|true|false)|是|否|必选|必選|可选|可選)";

/// Where a parameter goes, as the Position/Location column prints it.
const LOCATION_WORDS: &[&str] = &["query", "path", "body", "header", "formData", "form", "cookie", "host", "uri"];

/// Whether a cell names a type (the whole cell).
pub fn is_type(cell: &str) -> bool {
    static TYPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&format!("^{TYPE_PATTERN}$")).expect("valid regex"));
    // A lower-case type name is a type only in a cell of its own (`result object`): glued to a
    // name it would swallow it.
    static LOWER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:Array of )?[a-z][A-Za-z0-9_]* objects?$").expect("valid regex"));
    // Rust's and Go's short names (`i32`, `u8`, `f64`) only as a whole cell: run into a row they
    // are letters of an example (`eni-2dffi32452fcv2`).
    // So is Python's `str`.
    static SHORT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:[iu](?:8|16|32|64)|f(?:32|64)|str)$").expect("valid regex"));
    // Go's maps and slices (`map[string][]ServiceInstance`, `[]Instance`), also only as a whole cell.
    static GO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:map\[[A-Za-z][A-Za-z0-9_]*\](?:\[\])?|\[\])[A-Za-z][A-Za-z0-9_]*$").expect("valid regex"));
    let t = without_member_count(cell);
    TYPE.is_match(t) || LOWER.is_match(t) || SHORT.is_match(t) || GO.is_match(t) || says_no_type(t)
}

/// A type cell that says the value has no type of its own (`无`, "none"): what it holds, the
/// example shows.
pub fn says_no_type(cell: &str) -> bool {
    matches!(cell.trim(), "无" | "無")
}

/// A type cell without the count of members some pages print after it (`object {1}`).
pub fn without_member_count(cell: &str) -> &str {
    member_count(cell).map_or(cell.trim(), |(ty, _)| ty)
}

/// The type and the count of members some pages print after it (`object {6}`: the six rows
/// after it are its fields).
pub fn member_count(cell: &str) -> Option<(&str, usize)> {
    let (ty, n) = cell.trim().strip_suffix('}').and_then(|r| r.rsplit_once('{'))?;
    if !ty.ends_with(' ') || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((ty.trim_end(), n.parse().ok()?))
}

/// Whether a type cell names a list, whose item may follow as a nameless row.
pub fn is_array_type(cell: &str) -> bool {
    let t = cell.trim().to_ascii_lowercase();
    t == "array" || t == "list" || t.starts_with("array<") || t.starts_with("list<") || t.starts_with("array of ") || (t.starts_with("array[") && t.len() > 7)
}

/// Whether a type cell names a list of plain values (`array of string`, `Array of Integer`).
pub fn is_plain_list(cell: &str) -> bool {
    let t = cell.trim().to_ascii_lowercase();
    t.strip_prefix("array of ").is_some_and(|item| matches!(item.trim_end_matches('s'), "string" | "integer" | "long" | "int" | "boolean" | "bool" | "number" | "float" | "double" | "i32" | "i64" | "u32" | "u64"))
}

/// Whether a cell names a parameter location (`Query`, `path`, `Body`...).
/// A location word may say "parameter" after it (`Body参数`), as [`location_name`] reads it.
pub fn is_location(cell: &str) -> bool {
    let cell = cell.trim();
    let cell = cell.strip_suffix("参数").filter(|w| !w.is_empty()).unwrap_or(cell);
    LOCATION_WORDS.iter().any(|w| w.eq_ignore_ascii_case(cell))
}

/// The location words as a regex fragment (no groups).
pub fn location_pattern() -> String {
    format!("(?i:{})(?:参数)?", LOCATION_WORDS.join("|"))
}

/// Prefixes of notes that pages put between table rows (`说明`, `Note:`): text that belongs to no row.
const NOTE_PREFIXES: &[&str] = &["说明：", "说明:", "說明：", "說明:", "注意：", "注意:", "注：", "注:", "Note:", "Notice:", "Note：", "Notice："];

/// Controls of the page that a saved copy keeps as text (`显示子属性`, "Show child
/// parameters"): they hold no cell.
const CONTROL_LINES: &[&str] = &["显示子属性", "隐藏子属性", "顯示子屬性", "隱藏子屬性", "展开", "收起", "Show child parameters", "Hide child parameters", "Show sub-properties", "Hide sub-properties", "Expand", "Collapse"];

/// The labels of the parts of a description in Huawei's newer template, each on a line of its own
/// before its text (`Definition`, the text, `Constraints`, `N/A`, `Range`, ...).
const DESCRIPTION_LABELS: &[&str] = &["Definition", "Constraints", "Range", "Value range", "Default Value", "Default value", "参数解释", "約束限制", "约束限制", "取值范围", "取值範圍", "默认取值", "默認取值", "默认值", "默認值"];

/// Whether a line is one of the labels a description's parts open with (`Constraints`, `取值范围:`).
pub fn is_description_label(line: &str) -> bool {
    let t = line.trim().trim_end_matches([':', '：']);
    DESCRIPTION_LABELS.contains(&t)
}

/// Whether a line is a control of the page (a toggle) rather than text.
pub fn is_control(line: &str) -> bool {
    CONTROL_LINES.contains(&line.trim())
}

/// Whether a line is a note (a remark between rows) rather than part of a cell.
pub fn is_note(line: &str) -> bool {
    let t = line.trim();
    // A note's title alone on its line (`注意`, `Note`) opens a note too; `说明` alone is also
    // a column title, so it does not.
    NOTE_PREFIXES.iter().any(|p| t.starts_with(p)) || matches!(t, "注意" | "注" | "Note" | "Notice" | "Tip" | "tip" | "Caution" | "Warning" | "警告")
}

/// The value of a line labelled with an example column's title (`示例值:46c1…`, `Example: 10`).
pub fn example_label(line: &str) -> Option<&str> {
    let (label, value) = line.trim().split_once([':', '：'])?;
    // (`Value:` and `值:` say what a value means more often than they show one.)
    let shows = ["例", "xample", "ample"].iter().any(|w| label.contains(w));
    (shows && column(label) == Some(Column::Example) && !value.trim().is_empty()).then(|| value.trim())
}

/// Whether a column title names HTTP headers: a word for headers alone (`头部`, `Header`), or a
/// name column's title that starts with one (`头部名称`, "Header name").
pub fn titles_headers(title: &str) -> bool {
    let t = normalize_title(title).to_ascii_lowercase();
    ["头部", "頭部", "header", "请求头", "請求頭", "响应头", "響應頭"].iter().any(|w| t == *w || (t.starts_with(w) && column(title) == Some(Column::Name)))
}

/// Whether a text speaks of the API's common parameters or headers (`公共请求头`, "common
/// parameters").
pub fn mentions_common(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["公共", "common parameter", "common request", "common response", "common header"].iter().any(|w| lower.contains(w))
}

/// Whether a request row is one of the API's common parameters rather than the operation's own:
/// the page says so (`公共参数`, "common parameter"), or it is the `Action` whose value is the
/// operation itself, or the `Version` whose value is an API version date.
pub fn is_common_parameter(name: &str, example: Option<&str>, description: &str, operation: &str) -> bool {
    let said = ["公共参数", "公共參數", "公共请求参数", "公共請求參數", "common parameter", "common request parameter"].iter().any(|w| description.to_lowercase().contains(&w.to_lowercase()));
    let example = example.unwrap_or("").trim();
    let action = name == "Action" && (example == operation || description.contains(operation));
    let version = name == "Version" && example.len() == 10 && example.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    said || action || version
}

/// Whether a name is an HTTP header: a standard one a response carries (`ETag`, `Location`), or
/// an extension header (`X-Fc-Request-Id`, `x-acs-request-id`).
pub fn is_http_header(name: &str) -> bool {
    const STANDARD: &[&str] = &["ETag", "Location", "Last-Modified", "Content-Type", "Content-Length", "Content-MD5", "Content-Disposition", "Cache-Control", "Expires", "Retry-After"];
    let n = name.trim();
    STANDARD.iter().any(|h| h.eq_ignore_ascii_case(n))
        || ((n.starts_with("X-") || n.starts_with("x-")) && n.len() > 2 && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// The HTTP status a line titles the tables under it with (`状态码: 400`, `Status code: 200`):
/// Huawei pages document each status's body so.
pub fn status_line(line: &str) -> Option<u16> {
    static STATUS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:状态码|狀態碼|Status code)\s*[:：]\s*(\d{3})$").expect("valid regex"));
    STATUS.captures(line.trim()).and_then(|m| m[1].parse().ok())
}

/// The section a numbered table caption names (`表3 请求Body参数`, `Table 2 Request header
/// parameters`), if any.
pub fn caption_section(line: &str) -> Option<Section> {
    static NUMBERED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:表|Table)\s*\d+\s+(.+)$").expect("valid regex"));
    NUMBERED.captures(line.trim()).and_then(|m| section(&m[1]))
}

/// Whether a line is the title of a table (`表5 VolumeDTO`, `Table 3 ContainerSettingsDTO`): Huawei
/// pages title the table of each named type so.
pub fn is_table_title(line: &str) -> bool {
    // `表5 VolumeDTO`, `Table 5 AzInfo`, and a caption that names the type alone (`Table returnObj`,
    // `表 returnObj`).
    static TITLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:(?:表\s*|Table\s*)\d+\s*\S|(?:Table|表) ?[A-Za-z][A-Za-z0-9_]*$)").expect("valid regex"));
    // `Table 6 object` is a type cell that sends the reader to table 6, no title.
    static TYPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:Table|表)\s*\d+\s+objects?$").expect("valid regex"));
    TITLE.is_match(line.trim()) && !TYPE.is_match(line.trim())
}

/// A type's name alone (`Result`, `LoadBalancer`, `DBInstanceSpec`): a capital, then letters,
/// digits and `_`.
pub fn is_type_name(t: &str) -> bool {
    t.len() > 2 && t.starts_with(|c: char| c.is_ascii_uppercase()) && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A row name that stands for no name: the placeholder a documentation generator writes where a
/// body is a bare JSON array (`[items]`, `[数组元素]`, "array element"). A name in brackets.
pub fn is_placeholder_name(name: &str) -> bool {
    name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).is_some_and(|n| !n.is_empty() && !n.contains(['[', ']']))
}

/// A name with a label, as the title of the table that documents it: glued to a Chinese label
/// (`ProductInfo参数`, `ProductList参数说明:`, `响应SmsAppQueryResp参数`), with an English one before or after it
/// (`Description of Return Value returnObj`, `X contains the following parameters:`), or followed
/// by a colon alone (`SecurityGroupRules:`).
pub fn labelled_name(title: &str) -> Option<String> {
    static GLUED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^([A-Za-z][A-Za-z0-9_]*) ?\p{Han}+$").expect("valid regex"));
    let t = title.trim().trim_start_matches('#').trim().trim_end_matches(['。', '.', ':', '：']).trim();
    // A title may be a list item (`- user格式说明`).
    let t = t.strip_prefix("- ").map_or(t, str::trim_start);
    // A sentence that opens with `其中` ("of which": `其中,resources的参数如下`) labels the same way.
    let t = t.strip_prefix("其中").map_or(t, |rest| rest.trim_start_matches([',', '，', '、', ' ']));
    // A section's word before the name (`响应SmsAppQueryResp参数`, "response SmsAppQueryResp
    // parameters"), where the words are no section's title (`响应Body参数`).
    let t = if section(t).is_none() { ["响应", "響應", "请求", "請求"].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t) } else { t };
    // An English label before the name (`Description of Return Value returnObj`) or after it
    // (`BillOverviewByCategory contains the following parameters:`, `HTTPSConfig type is as follows:`).
    static LABEL_BEFORE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?i:description of (?:the )?(?:return value|response|parameter|field)s?|(?:parameters|fields|members) of(?: the)?)\s+([A-Za-z][A-Za-z0-9_]*)$").expect("valid regex"));
    static LABEL_AFTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:The )?([A-Za-z][A-Za-z0-9_]*) (?:(?:contains|includes|has|consists of) the following (?:parameters|fields|members|elements)|(?:(?:type|object|structure) )?(?:is|are) as follows)$").expect("valid regex"));
    if let Some(m) = LABEL_BEFORE.captures(t).or_else(|| LABEL_AFTER.captures(t)) {
        return Some(m[1].to_owned());
    }
    // A type's name and the word for its parts (`CollectionMeta fields`), where the words are no
    // section's title (`Response parameters`) and the name no column's.
    static PARTS_AFTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^([A-Z][A-Za-z0-9_]*) (?:fields|parameters|members|properties|attributes)$").expect("valid regex"));
    if let Some(m) = PARTS_AFTER.captures(t).filter(|m| section(t).is_none() && bare_section(t).is_none() && column(&m[1]).is_none() && section(&m[1]).is_none() && bare_section(&m[1]).is_none()) {
        return Some(m[1].to_owned());
    }
    // The colon alone labels a name too (`SecurityGroupRules:`), where the name is no section title.
    let colon = title.trim().ends_with([':', '：']) && t.len() > 1 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && t.starts_with(|c: char| c.is_ascii_alphabetic()) && section(t).is_none() && bare_section(t).is_none();
    if colon {
        return Some(t.to_owned());
    }
    GLUED.captures(t).map(|c| c[1].to_owned())
}

/// An example cell that sends the reader elsewhere (`详见下面示例部分`, "See the example below"): no
/// example value.
pub fn refers_elsewhere(cell: &str) -> bool {
    let t = cell.trim();
    // (`详情请参见返回示例`, "for details see the response example".)
    let t = ["详情", "詳情", "具体", "具體"].iter().find_map(|w| t.strip_prefix(w)).unwrap_or(t);
    ["详见", "詳見", "参见", "參見", "请参见", "請參見", "请参考", "請參考"].iter().any(|w| t.starts_with(w)) || (t.len() > 4 && t.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("see ")))
}

/// A line that titles what follows as an example of the response (`按天查询的响应示例`, "Example
/// response").
pub fn titles_response_example(line: &str) -> bool {
    let t = line.trim().trim_end_matches([':', '：', '。', '.']).trim();
    // A remark after the title (`响应格式(HTTP Body)`) says where the example goes.
    let t = without_remark(t).unwrap_or(t);
    ["响应示例", "響應示例", "返回示例", "返回範例", "返回结果示例", "返回結果示例", "响应格式", "響應格式", "返回格式"].iter().any(|w| t.ends_with(w)) || t.to_ascii_lowercase().ends_with("response example") || t.eq_ignore_ascii_case("Example response") || t.eq_ignore_ascii_case("Response format")
}

/// Sentences by which a page says the operation takes no parameters (`当前API无需请求参数`,
/// `无请求参数`, `This operation does not have request parameters`).
pub fn says_no_parameters(line: &str) -> bool {
    let t = line.trim().trim_end_matches(['。', '.']);
    ["当前API无需请求参数", "當前API無需請求參數", "无请求参数", "無請求參數", "无需请求参数", "無需請求參數", "No request parameters"].iter().any(|w| t.eq_ignore_ascii_case(w))
        || t.eq_ignore_ascii_case("This operation does not have request parameters")
        || t.eq_ignore_ascii_case("The operation does not have request parameters")
}

/// The language of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
    #[serde(rename = "zh-TW")]
    TraditionalChinese,
}

impl Language {
    /// BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::SimplifiedChinese => "zh-CN",
            Language::TraditionalChinese => "zh-TW",
        }
    }
}

/// Characters that exist in only one of the two Chinese scripts, common on API pages.
const SIMPLIFIED_ONLY: &str = "数参发应错码类须称说范围预设认请这为时间经过对关联态实获务则网级访问调试权资条键值绍该个节点镜像区域";
const TRADITIONAL_ONLY: &str = "數參發應錯碼類須稱說範圍預設認請這為時間經過對關聯態實獲務則網級訪問調試權資條鍵值紹該個節點鏡像區域";

/// Detects the language of a page from its text.
pub fn detect_language(text: &str) -> Language {
    let (mut han, mut simplified, mut traditional, mut latin) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            han += 1;
            simplified += usize::from(SIMPLIFIED_ONLY.contains(c));
            traditional += usize::from(TRADITIONAL_ONLY.contains(c));
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han * 4 < latin / 4 || han == 0 {
        Language::English
    } else if traditional > simplified {
        Language::TraditionalChinese
    } else {
        Language::SimplifiedChinese
    }
}

/// Whether a field holds a secret, by its name (`OssAkSecret`, `X-Auth-Token`, `DbPassword`,
/// `PrivateKey`) or by what its description says (`AccessKey Secret`, 密码, 私钥). Tokens that are
/// not secrets (`NextToken` pages, `ClientToken` makes a call idempotent) are not.
pub fn is_sensitive(wire: &str, description: &str) -> bool {
    let words: Vec<String> = heck::ToSnakeCase::to_snake_case(wire).split('_').map(str::to_owned).collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let last = words.last().map(String::as_str).unwrap_or("");
    let by_name = has("secret")
        || has("password")
        || has("passwd")
        || has("pwd")
        || has("credential")
        || has("credentials")
        || (last == "token" && !(has("next") || has("client") || has("continuation") || has("page")))
        || (last == "key" && (has("private") || has("secret") || has("api") || has("sk")))
        || matches!(last, "sk" | "ak_secret");
    let lower = description.to_lowercase();
    let by_description = ["accesskey secret", "access key secret", "secret key", "password", "private key", "密码", "私钥", "口令"]
        .iter()
        .any(|phrase| lower.contains(phrase));
    by_name || by_description
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_titles_numbered_bulleted_or_described() {
        assert_eq!(section("2.输入参数"), Some(Section::RequestParameters));
        assert_eq!(section("3.输出参数"), Some(Section::ResponseParameters));
        assert_eq!(section("- Response Body参数说明"), Some(Section::ResponseParameters));
        // A space between Latin and CJK words is typesetting.
        assert_eq!(section("Body 参数"), Some(Section::BodyParameters));
        assert_eq!(section("• Response parameter"), Some(Section::ResponseParameters));
        assert_eq!(section("返回資料"), Some(Section::ResponseParameters));
        // A manual's numbered chapter names no section.
        assert_eq!(section("1.3. CreateNamespace"), None);
        assert_eq!(labelled_name("其中,resources的参数如下:").as_deref(), Some("resources"));
        assert_eq!(labelled_name("- user格式说明").as_deref(), Some("user"));
        assert_eq!(labelled_name("CollectionMeta fields").as_deref(), Some("CollectionMeta"));
        assert_eq!(labelled_name("Response parameters"), None);
        assert_eq!(column("The parameter name"), Some(Column::Name));
        assert_eq!(column("是否必返回"), Some(Column::Nullable));
        // A row number and a length in bytes are columns of a table, not its text.
        assert_eq!(column("序号"), Some(Column::Index));
        assert_eq!(column("长度(字节)"), Some(Column::Format));
        assert_eq!(section("响应说明"), Some(Section::ResponseParameters));
        assert_eq!(column("解释"), None);
        assert!(is_column_title("Error Code") && !is_column_title("Response parameters"));
        assert_eq!(column("resultCode"), Some(Column::ErrorCode));
        assert_eq!(column("resultMsg"), Some(Column::ErrorMessage));
        assert_eq!(column("requestCode"), None);
    }

    #[test]
    fn sensitive_fields_by_name_and_description() {
        let cases = [
            ("OssAkSecret", "", true),
            ("X-Auth-Token", "", true),
            ("DbPassword", "", true),
            ("PrivateKey", "", true),
            ("SecretKey", "ACM专用AccessKey Secret", true),
            ("Remark", "登录密码", true),
            ("Value", "the AccessKey Secret of the bucket", true),
            ("NextToken", "", false),
            ("ClientToken", "", false),
            ("OssAkId", "OSS读写的AccessKey ID。", false),
            ("AccessKey", "ACM专用AccessKey ID", false),
            ("TagKeys", "标签键列表。", false),
            ("Key", "ConfigMap键值对。", false),
            ("CertId", "SSL证书ID。", false),
        ];
        for (wire, description, expected) in cases {
            assert_eq!(is_sensitive(wire, description), expected, "{wire}: {description}");
        }
    }


    #[test]
    fn run_together_headers_split_in_every_language() {
        let cols = |s: &str| split_run_together_header(s).map(|v| v.into_iter().map(|(c, _)| c).collect::<Vec<_>>());
        use Column::*;
        assert_eq!(cols("ParameterTypeRequiredDescriptionExample"), Some(vec![Name, Type, Required, Description, Example]));
        assert_eq!(cols("名称类型必填描述示例值"), Some(vec![Name, Type, Required, Description, Example]));
        assert_eq!(cols("HTTP status codeError codeError messageDescription"), Some(vec![Status, ErrorCode, ErrorMessage, Description]));
        assert_eq!(cols("ParameterTypeDescriptionExample"), Some(vec![Name, Type, Description, Example]));
        assert_eq!(cols("The application ID"), None);
        assert_eq!(cols("Type"), None);
    }

    #[test]
    fn english_titles_are_read_in_the_plural_and_by_their_head_noun() {
        assert_eq!(column("Types"), Some(Column::Type));
        assert_eq!(column("Parameter Position"), Some(Column::Location));
        assert_eq!(column("Parameter Descriptions"), Some(Column::Description));
        assert_eq!(column("The name"), None, "a lower-case phrase is no title");
        assert_eq!(column("Status"), None);
        assert_eq!(location_name("URI Parameter"), "path");
        assert_eq!(location_name("Query"), "query");
        assert_eq!(location_name("请求体"), "body");
        assert_eq!(without_member_count("object {1}"), "object");
        assert_eq!(member_count("object {6}"), Some(("object", 6)));
        assert_eq!(member_count("object{6}"), None);
        assert!(is_type("object {12}"));
    }

    #[test]
    fn cells_are_told_apart_by_their_words() {
        for t in ["string", "String", "array<object>", "Array of strings", "Array of VolumeDTO objects", "ProbeDTO object", "result object", "Integer", "map<string,string>", "map[string][]ServiceInstance", "[]Instance"] {
            assert!(is_type(t), "{t}");
        }
        for t in ["AppId", "是", "object1", "Array of", "map[1]", "[]"] {
            assert!(!is_type(t), "{t}");
        }
        assert!(is_array_type("Array of ExtDevice objects") && is_array_type("array<string>") && !is_array_type("object"));
        assert!(is_location("Query") && is_location("body") && !is_location("是"));
        assert!(is_note("说明：该参数已废弃。") && !is_note("说明"));
        assert!(is_table_title("表5 VolumeDTO") && is_table_title("Table 3 ContainerSettingsDTO") && !is_table_title("Tables are"));
        assert!(says_no_parameters("当前API无需请求参数") && says_no_parameters("无请求参数") && !says_no_parameters("请求参数"));
        use Column::*;
        let cols = |s: &str| split_run_together_header(s).map(|v| v.into_iter().map(|(c, _)| c).collect::<Vec<_>>());
        assert_eq!(cols("参数是否必选参数类型描述"), Some(vec![Name, Required, Type, Description]));
        assert_eq!(column("是否为必须项"), Some(Required));
        assert_eq!(column("是否为默认值"), None);
        assert!(is_type("[Translation]") && !is_type("[1]"));
        assert_eq!(cols("名称 类型 位置 是否必选 示例值 描述"), Some(vec![Name, Type, Location, Required, Example, Description]));
        assert_eq!(cols("Parameter Mandatory Type Description"), Some(vec![Name, Required, Type, Description]));
    }

    #[test]
    fn opening_sentences_name_their_operation() {
        assert_eq!(opening_operation("调用CreateNamespace接口创建命名空间。"), Some("CreateNamespace"));
        assert_eq!(opening_operation(" 调用OpenSaeService免费开通SAE服务。"), Some("OpenSaeService"));
        assert_eq!(opening_operation("调用DescribeInstanceSpecificat"), Some("DescribeInstanceSpecificat"));
        assert_eq!(opening_operation("CreateNamespace 调用CreateNamespace接口创建命名空间。"), None);
    }

    #[test]
    fn languages_are_told_apart() {
        assert_eq!(detect_language("Creates a version for a containerized application."), Language::English);
        assert_eq!(detect_language("创建边缘容器应用版本,请求参数"), Language::SimplifiedChinese);
        assert_eq!(detect_language("發布邊緣容器的指定版本,請求參數"), Language::TraditionalChinese);
    }
}
