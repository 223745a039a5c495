//! What a table row looks like by its content, for the forms whose rows have no delimiter of their
//! own (run-together, one cell per line, pipe cell lines, space-separated). The short cells at the
//! start of a row (name, type, location, required; status and error code) have words a reader can
//! recognise: they are the row's *head* and mark where a row starts. The cells after them
//! (description, example, message) are free text, fitted into their columns by count.

use std::collections::BTreeMap;
use std::sync::{LazyLock, Mutex};

use regex::Regex;

use crate::lexicon::{self, Column};

/// What a cell of a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A parameter name (`AppId`, `X-Auth-Token`, `Tags.N.Key`); empty for the item of an array.
    Name,
    /// A type word (`string`, `array<object>`, `Array of VolumeDTO objects`).
    Type,
    /// A yes/no word; empty when the page showed an icon that was lost.
    Required,
    /// `Query`, `Body`, ...; may be empty.
    Location,
    /// An HTTP status code.
    Status,
    /// An error code: one token.
    Code,
    /// One of two type columns (`Data Type`, `Parameter Type`), of which the values show one to be
    /// the location (`Query`): a type word or a location.
    TypeOrLocation,
    /// Anything.
    Free,
}

impl Kind {
    fn of(column: Column) -> Kind {
        match column {
            Column::Name => Kind::Name,
            Column::Type => Kind::Type,
            Column::Required => Kind::Required,
            Column::Location => Kind::Location,
            Column::Status => Kind::Status,
            Column::ErrorCode => Kind::Code,
            _ => Kind::Free,
        }
    }

    /// Whether a non-empty `cell` can be a cell of this kind.
    pub fn accepts(self, cell: &str) -> bool {
        let t = cell.trim();
        match self {
            Kind::Name => is_name(t),
            Kind::Type => lexicon::is_type(t),
            Kind::Required => lexicon::required_value(t).is_some(),
            Kind::Location => lexicon::is_location(t),
            Kind::Status => t.len() == 3 && t.starts_with(['1', '2', '3', '4', '5']) && t.bytes().all(|b| b.is_ascii_digit()),
            Kind::Code => !t.is_empty() && t.len() <= 120 && !t.contains(char::is_whitespace),
            Kind::TypeOrLocation => lexicon::is_type(t) || lexicon::is_location(t),
            Kind::Free => true,
        }
    }
}

/// Whether a type cell names the row's own struct: the row's name, capitalised
/// (`Error` / `Error`, `result` / `Result`), or a type the name starts (`ChargeDetail` /
/// `ChargeDetailObject`).
pub(super) fn names_own_type(name: &str, cell: &str) -> bool {
    name.len() > 1 && cell.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name)) && cell.starts_with(|c: char| c.is_ascii_uppercase()) && cell.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parameter names: ASCII identifiers with `.`, `-`, `[]`, `$`, `@`, and OpenStack's extension
/// attributes (`os-vol-host-attr:host`, `OS-EXT-STS:vm_state`): a hyphenated prefix, a colon, a
/// name.
fn is_name(t: &str) -> bool {
    if let Some((prefix, rest)) = t.split_once(':') {
        return prefix.contains('-') && is_name(prefix) && !rest.contains(':') && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && is_name(rest);
    }
    let mut chars = t.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '$' | '@'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']' | '$' | '@'))
        && t.len() <= 120
}

const NAME_GLUED: &str = r"[A-Za-z_$@][A-Za-z0-9_.\-\[\]$@]*?";
const NAME_SPACED: &str = r"[A-Za-z_$@][A-Za-z0-9_.\-\[\]$@]*";

/// A head regex, compiled once: every table of a page, and of every page, asks for the same few.
fn compiled(pattern: &str) -> Regex {
    static CACHE: LazyLock<Mutex<BTreeMap<String, Regex>>> = LazyLock::new(|| Mutex::new(BTreeMap::new()));
    let mut cache = CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    cache.entry(pattern.to_owned()).or_insert_with(|| Regex::new(pattern).expect("head patterns are valid")).clone()
}

/// A glued head's regex followed by the rest of its row, which does not continue the name (a
/// digit, a capital, CJK: `ActivityIdLong1778177294933直播间 ID。`), as group `rest`. Compiled
/// once per head.
pub(super) fn with_rest(head: &Regex) -> Regex {
    compiled(&format!("{}(?P<rest>[^a-z_\\s].*)$", head.as_str().trim_end_matches('$')))
}

/// How a head's cells are joined on one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Joined {
    /// Run together: `AppIdstringYes`.
    Glued,
    /// Separated by spaces: `AppId string Yes`, with the rest of the line after them.
    Spaced,
}

/// How strictly a head must match.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Match {
    /// The row may lack its name: it follows an array, whose item it is.
    pub nameless: bool,
    /// Empty cells are present as empty strings (they were not dropped by the conversion).
    pub empty_cells: bool,
    /// The required cell may be missing (the table's first row lacked it: icons that were lost).
    pub loose_required: bool,
}

/// The shape of the rows of a table with the given header.
#[derive(Clone, Debug)]
pub(super) struct Shape {
    pub columns: Vec<Column>,
    kinds: Vec<Kind>,
    /// How many leading columns have recognisable words.
    head: usize,
    /// Names the page gives its own tables (`Table 3 ... field quota`): a type cell may name one.
    named_types: Vec<String>,
}

impl Shape {
    pub fn new(columns: &[Column]) -> Shape {
        let mut kinds: Vec<Kind> = columns.iter().map(|c| Kind::of(*c)).collect();
        if kinds.iter().filter(|k| **k == Kind::Type).count() == 2 {
            kinds.iter_mut().filter(|k| **k == Kind::Type).for_each(|k| *k = Kind::TypeOrLocation);
        }
        let mut head = kinds.iter().take_while(|k| **k != Kind::Free).count();
        // A name alone says too little to find rows by (any word is a name); it needs a type, a
        // required word or a location after it.
        if head == 1 && kinds[0] == Kind::Name {
            head = 0;
        }
        // Nor do cells that may all be missing (a required or location column alone).
        if !kinds[..head].iter().any(|k| matches!(k, Kind::Name | Kind::Type | Kind::TypeOrLocation | Kind::Status | Kind::Code)) {
            head = 0;
        }
        Shape { columns: columns.to_vec(), kinds, head, named_types: Vec::new() }
    }

    /// The shape, with the names of the page's captioned tables accepted as types.
    pub fn with_named_types(mut self, names: Vec<String>) -> Shape {
        self.named_types = names;
        self
    }

    /// Whether the page titles a table with this name (`Table 3 ... LBBackend`).
    pub fn is_named_type(&self, name: &str) -> bool {
        self.named_types.iter().any(|t| t == name)
    }

    /// The number of head cells; 0 when rows cannot be found by their content.
    pub fn head_len(&self) -> usize {
        self.head
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    fn has_type(&self) -> bool {
        self.kinds[..self.head].iter().any(|k| matches!(k, Kind::Type | Kind::TypeOrLocation))
    }

    /// Whether the head has a required column.
    pub fn has_required(&self) -> bool {
        self.kinds[..self.head].contains(&Kind::Required)
    }

    /// The position of a column, if the table has it.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == column)
    }

    /// Whether a row (in column order) documents an array, whose item may follow without a name.
    /// Whether a row is a list whose items may follow as nameless rows: not a list of plain
    /// values (`array of string`), whose example (`[app_monitor]`) would pass for an item's type.
    pub fn is_array_row(&self, cells: &[String]) -> bool {
        self.position(Column::Type).and_then(|i| cells.get(i)).is_some_and(|t| lexicon::is_array_type(t) && !lexicon::is_plain_list(t))
    }

    /// Matches the head against consecutive cells: the head cells in column order and how many
    /// cells they took, or `None`.
    pub fn match_head(&self, cells: &[&str], how: Match) -> Option<(Vec<String>, usize)> {
        if self.head == 0 {
            return None;
        }
        let mut out = Vec::with_capacity(self.head);
        // A head of optional cells alone would match anywhere.
        self.match_from(0, cells, how, &mut out).filter(|used| *used > 0).map(|used| (out, used))
    }

    fn match_from(&self, k: usize, cells: &[&str], how: Match, out: &mut Vec<String>) -> Option<usize> {
        if k == self.head {
            return Some(0);
        }
        let kind = self.kinds[k];
        let optional = match kind {
            Kind::Name => how.nameless && self.has_type(),
            Kind::Required => how.loose_required,
            Kind::Location => true,
            _ => false,
        };
        let cell = cells.first().map(|c| c.trim());
        // A type cell that repeats the row's name names a struct of that name (`Error` / `Error`),
        // and so does one that the name starts (`ChargeDetail` / `ChargeDetailObject`).
        let typed = matches!(kind, Kind::Type | Kind::TypeOrLocation);
        let own_type = |cell: &str| typed && k > 0 && self.kinds[k - 1] == Kind::Name && out.get(k - 1).is_some_and(|name| names_own_type(name, cell));
        // A captioned type's name followed by a type is the name of the next row (`success`, the
        // example, then `ResultObject` / `JSON`), not this row's type.
        let next_is_type = cells.get(1).is_some_and(|n| Kind::Type.accepts(n));
        let own_type = |cell: &str| own_type(cell) || (typed && !next_is_type && self.named_types.iter().any(|t| t == cell));
        // A bullet may stand before a nested field's name in a cell of its own (`• usage_monitoring`).
        let own_type = |cell: &str| own_type(cell) || (kind == Kind::Name && cell.strip_prefix('•').is_some_and(|n| is_name(n.trim_start())));
        // Take the cell when it fits, or when it is an empty cell of an optional column.
        if let Some(cell) = cell {
            if (!cell.is_empty() && (kind.accepts(cell) || own_type(cell))) || (cell.is_empty() && optional && how.empty_cells) {
                out.push(cell.to_owned());
                if let Some(used) = self.match_from(k + 1, &cells[1..], how, out) {
                    return Some(used + 1);
                }
                out.truncate(k);
            }
        }
        // Or go without it, when the conversion may have dropped it.
        if optional {
            out.push(String::new());
            if let Some(used) = self.match_from(k + 1, cells, how, out) {
                return Some(used);
            }
            out.truncate(k);
        }
        None
    }

    /// Whether `cells`, fewer than the head has, begin a head: each fits its column.
    pub fn head_prefix(&self, cells: &[&str]) -> bool {
        cells.len() < self.head && cells.iter().zip(&self.kinds).all(|(c, k)| k.accepts(c))
    }

    /// A regex for a row's head on one line: a group per head cell, and for [`Joined::Spaced`] a
    /// last group with the rest of the line.
    pub fn line_regex(&self, joined: Joined, how: Match) -> Option<Regex> {
        if self.head == 0 {
            return None;
        }
        let sep = match joined {
            Joined::Glued => "",
            Joined::Spaced => r"\s+",
        };
        let mut pattern = String::from("^");
        // Optional cells before the first required one carry the separator after them; the
        // others carry the one before them.
        let mut leading = true;
        for kind in &self.kinds[..self.head] {
            let (piece, optional) = match kind {
                Kind::Name => (if joined == Joined::Glued { NAME_GLUED.to_owned() } else { NAME_SPACED.to_owned() }, self.has_type()),
                Kind::Type => (lexicon::TYPE_PATTERN.to_owned(), false),
                Kind::TypeOrLocation => (format!("{}|{}", lexicon::TYPE_PATTERN, lexicon::location_pattern()), false),
                Kind::Required => (lexicon::REQUIRED_PATTERN.to_owned(), how.loose_required),
                Kind::Location => (lexicon::location_pattern(), true),
                Kind::Status => (r"[1-5]\d\d".to_owned(), false),
                Kind::Code => (if joined == Joined::Glued { r"\S+?" } else { r"\S+" }.to_owned(), false),
                Kind::Free => unreachable!("the head has no free columns"),
            };
            pattern.push_str(&match (leading, optional) {
                (true, true) => format!("(?:({piece}){sep})?"),
                (true, false) => format!("({piece})"),
                (false, true) => format!("(?:{sep}({piece}))?"),
                (false, false) => format!("{sep}({piece})"),
            });
            leading &= optional;
        }
        if joined == Joined::Spaced {
            pattern.push_str(r"(?:\s+(.*?))?\s*");
        }
        pattern.push('$');
        Some(compiled(&pattern))
    }

    /// The head regex of a table whose rows start at or after `lines[from]`. Required cells may be
    /// missing when the first row lacks one (the page showed icons, which the conversion lost).
    pub fn table_regex(&self, lines: &[&str], from: usize, joined: Joined) -> Option<Regex> {
        let strict = self.line_regex(joined, Match::default())?;
        if !self.has_required() {
            return Some(strict);
        }
        // The first rows show it (the first may be one no type word matches: `Code Code Body参数`);
        // glued rows go on after their head, which the line regex does not take.
        let shown = if joined == Joined::Spaced { 3 } else { 1 };
        let first: Vec<&str> = lines[from.min(lines.len())..].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take(shown).collect();
        if first.first().is_none_or(|l| strict.is_match(l)) {
            return Some(strict);
        }
        let loose = self.line_regex(joined, Match { loose_required: true, ..Match::default() })?;
        let shows = |r: &Regex| first.iter().position(|l| r.is_match(l));
        Some(match (shows(&strict), shows(&loose)) {
            (Some(s), Some(l)) if l < s => loose,
            (None, Some(_)) => loose,
            _ => strict,
        })
    }

    /// Whether head cells are a whole head of three cells or more (name, type, required word),
    /// none missing: the evidence that a row starts where a list item's bullet would.
    pub fn is_whole_head(&self, head: &[String]) -> bool {
        head.len() >= 3 && head.iter().all(|cell| !cell.is_empty())
    }

    /// The head cells a line regex captured, in column order (missing ones empty), and the rest of
    /// the line.
    pub fn head_cells(&self, c: &regex::Captures<'_>) -> Vec<String> {
        (1..=self.head).map(|i| c.get(i).map_or_else(String::new, |m| m.as_str().trim().to_owned())).collect()
    }

    /// The rest of the line after the head, for [`Joined::Spaced`] regexes.
    pub fn rest<'t>(&self, c: &regex::Captures<'t>) -> Option<&'t str> {
        c.get(self.head + 1).map(|m| m.as_str().trim()).filter(|r| !r.is_empty())
    }

    /// Lays out a row in column order: the head cells, then the free cells fitted into the free
    /// columns. Surplus cells (a cell broken over lines) join the description; when cells are
    /// missing (empty ones the conversion dropped) the description is filled first.
    pub fn fit(&self, head: Vec<String>, mut free: Vec<String>) -> Vec<String> {
        let slots = self.len() - head.len();
        while free.len() > slots && free.last().is_some_and(|c| c.trim().is_empty()) {
            free.pop();
        }
        // Blank lines that separate cells rather than stand for empty ones (`Tags` / `Array of
        // Tag` / blank / example / blank / description): more cells than places, and as many
        // written ones as places.
        if free.len() > slots && free.iter().filter(|c| !c.trim().is_empty()).count() == slots {
            free.retain(|c| !c.trim().is_empty());
        }
        let free_columns = &self.columns[head.len()..];
        let mut out = head;
        if free.len() > slots && slots > 0 {
            let absorb = free_columns.iter().position(|c| *c == Column::Description).unwrap_or(slots - 1);
            let right = slots - absorb - 1;
            let tail = free.split_off(free.len() - right);
            let middle = free.split_off(absorb).join("\n");
            free.push(middle);
            free.extend(tail);
        }
        if free.len() < slots {
            // Which columns get the cells that are there, in column order.
            let mut order: Vec<usize> = (0..slots).collect();
            order.sort_by_key(|&i| match free_columns[i] {
                Column::Description => 0,
                Column::ErrorMessage => 1,
                _ => 2,
            });
            let mut chosen: Vec<usize> = order.into_iter().take(free.len()).collect();
            chosen.sort_unstable();
            let mut cells = vec![String::new(); slots];
            for (slot, cell) in chosen.into_iter().zip(free) {
                cells[slot] = cell;
            }
            free = cells;
        }
        out.extend(free);
        out.truncate(self.len());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn heads_are_matched_by_their_words() {
        let shape = Shape::new(&[Name, Type, Required, Description, Example]);
        let strict = Match::default();
        assert_eq!(shape.match_head(&["AppId", "string", "是", "desc"], strict), Some((strs(&["AppId", "string", "是"]), 3)));
        assert_eq!(shape.match_head(&["object", "是", "desc"], strict), None);
        assert_eq!(shape.match_head(&["object", "是", "desc"], Match { nameless: true, ..strict }), Some((strs(&["", "object", "是"]), 2)));
        assert_eq!(shape.match_head(&["", "object", "是"], Match { nameless: true, empty_cells: true, ..strict }), Some((strs(&["", "object", "是"]), 3)));
        assert_eq!(shape.match_head(&["AppId", "string", "desc"], strict), None);
        assert_eq!(shape.match_head(&["AppId", "string", "desc"], Match { loose_required: true, ..strict }), Some((strs(&["AppId", "string", ""]), 2)));
        let huawei = Shape::new(&[Name, Required, Type, Description]);
        assert_eq!(huawei.match_head(&["volumes", "否", "Array of VolumeDTO objects"], strict).map(|m| m.1), Some(3));
        assert_eq!(Shape::new(&[Name, Description]).head_len(), 0);
        assert_eq!(Shape::new(&[Status, ErrorCode, ErrorMessage, Description]).head_len(), 2);
    }

    #[test]
    fn line_regexes_split_glued_and_spaced_heads() {
        let shape = Shape::new(&[Name, Type, Required, Description, Example]);
        let glued = shape.line_regex(Joined::Glued, Match::default()).unwrap();
        let c = glued.captures("Containersarray<object>Yes").unwrap();
        assert_eq!((&c[1], &c[2], &c[3]), ("Containers", "array<object>", "Yes"));
        assert!(glued.captures("objectYes").unwrap().get(1).is_none());
        assert!(glued.captures("verson1").is_none());
        let spaced = shape.line_regex(Joined::Spaced, Match::default()).unwrap();
        let c = spaced.captures("Remarks string 否 test app").unwrap();
        assert_eq!((&c[1], &c[2], &c[3], &c[4]), ("Remarks", "string", "否", "test app"));
        let c = spaced.captures("object 是").unwrap();
        assert_eq!((c.get(1), &c[2], &c[3]), (None, "object", "是"));
        let sae = Shape::new(&[Name, Type, Location, Required, Example, Description]);
        let c = sae.line_regex(Joined::Spaced, Match::default()).unwrap().captures("NamespaceId String Query 是 cn-beijing:test").unwrap();
        assert_eq!((&c[1], &c[2], &c[3], &c[4], &c[5]), ("NamespaceId", "String", "Query", "是", "cn-beijing:test"));
        let huawei = Shape::new(&[Name, Required, Type, Description]).line_regex(Joined::Glued, Match::default()).unwrap();
        let c = huawei.captures("container_settings是ContainerSettingsDTO object").unwrap();
        assert_eq!((&c[1], &c[2], &c[3]), ("container_settings", "是", "ContainerSettingsDTO object"));
    }

    #[test]
    fn free_cells_fit_their_columns() {
        let shape = Shape::new(&[Name, Type, Required, Description, Example]);
        let head = || strs(&["A", "string", "是"]);
        assert_eq!(shape.fit(head(), strs(&["d", "e"])), strs(&["A", "string", "是", "d", "e"]));
        assert_eq!(shape.fit(head(), strs(&["d1", "d2", "e"])), strs(&["A", "string", "是", "d1\nd2", "e"]));
        assert_eq!(shape.fit(head(), strs(&["d"])), strs(&["A", "string", "是", "d", ""]));
        assert_eq!(shape.fit(head(), strs(&["d", "e", "", ""])), strs(&["A", "string", "是", "d", "e"]));
        let sae = Shape::new(&[Name, Type, Example, Description]);
        assert_eq!(sae.fit(strs(&["A", "string"]), strs(&["d"])), strs(&["A", "string", "", "d"]));
    }
}
