//! Artifacts of text extracted from a PDF, and the repairs the document itself proves.
//!
//! PDF text extraction damages text in a few recognisable ways: a letter's kerning splits a word
//! (`ht t pGet`, `MinReadyInst anceRat io`), bold text is printed twice (`说明 说明`,
//! `错误码错误码`, `如果设置为00`, a wrapped line doubled as a whole), a narrow cell's content runs
//! into its neighbour. `Cleaner::scan` finds these; a finding is *proven* only when the document
//! shows the undamaged form elsewhere:
//! - a split word is joined when the part of the word spanning the split occurs whole in the
//!   document (`http` of `httpGet`), or, across a capital, when the whole joined name does;
//! - a doubled run of Chinese text, or of a name of three or more characters, is exact by
//!   construction and halved;
//! - a doubled number is halved only when the document prints the same phrase with the number
//!   once (`设置为0，` elsewhere proves `设置为00，`), when every key of the value list it is in is
//!   doubled (`00：未执行。11：执行成功。`), or when its row's example is the number.
//!
//! The reader applies the proven repairs and counts them ([`Cleaner::tally`]); the tests run the
//! same detector over every spec.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

/// What kind of artifact a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Letters of one word split by a space (`Package T ype`).
    KerningSplit,
    /// A run of text printed twice (`说明 说明`, `ErrorCodeErrorCode`).
    DoubledRun,
    /// A number printed twice (`如果设置为00`, `-1-1`).
    DoubledNumber,
    /// The required and example cells run into the description (`否 k1=v1 PHP配置文件内容。`).
    MergedCell,
    /// An example cut at its first space (`Open` for `Open JDK 8`).
    TruncatedExample,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::KerningSplit => "kerning splits joined",
            Kind::DoubledRun => "doubled runs halved",
            Kind::DoubledNumber => "doubled numbers halved",
            Kind::MergedCell => "merged cells split",
            Kind::TruncatedExample => "truncated examples completed",
        }
    }
}

/// One artifact found in a text: the byte range it covers and what it should read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
    /// The document proves the repair.
    pub proven: bool,
}

/// What the document shows undamaged: its names, the parts of its names, its text without
/// spaces, and the values its examples give each key.
#[derive(Default)]
pub struct Evidence {
    tokens: BTreeSet<String>,
    parts: BTreeSet<String>,
    flat: String,
    values: BTreeMap<String, BTreeSet<String>>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z0-9_]+"));
static JSON_PAIR: LazyLock<Regex> = LazyLock::new(|| re(r#""([A-Za-z0-9_]+)"\s*:\s*"([^"]*)""#));
static XML_PAIR: LazyLock<Regex> = LazyLock::new(|| re(r"<([A-Za-z0-9_]+)>([^<]*)</([A-Za-z0-9_]+)>"));

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `MinReadyInstanceRatio` -> `Min`, `Ready`, `Instance`, `Ratio`; `cn_hangzhou` -> `cn`, `hangzhou`;
/// with the byte offset of each part.
fn parts(token: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    for k in 1..=chars.len() {
        let boundary = match (chars.get(k - 1), chars.get(k)) {
            (_, None) => true,
            (Some((_, a)), Some((_, b))) => *b == '_' || *a == '_' || (a.is_ascii_lowercase() && b.is_ascii_uppercase()) || (a.is_ascii_digit() != b.is_ascii_digit()),
            _ => false,
        };
        if boundary {
            let end = chars.get(k).map_or(token.len(), |(i, _)| *i);
            let part = &token[start..end];
            if !part.is_empty() && part != "_" {
                out.push((start, part));
            }
            start = end;
        }
    }
    out
}

impl Evidence {
    /// The evidence of a whole document.
    pub fn of_text(text: &str) -> Evidence {
        let mut ev = Evidence::default();
        for m in TOKEN.find_iter(text) {
            for (_, p) in parts(m.as_str()) {
                ev.parts.insert(p.to_owned());
            }
            ev.tokens.insert(m.as_str().to_owned());
        }
        ev.flat = text.chars().filter(|c| !c.is_whitespace()).collect();
        for c in JSON_PAIR.captures_iter(text) {
            ev.values.entry(c[1].to_owned()).or_default().insert(c[2].trim().to_owned());
        }
        for c in XML_PAIR.captures_iter(text).filter(|c| c[1] == c[3]) {
            ev.values.entry(c[1].to_owned()).or_default().insert(c[2].trim().to_owned());
        }
        ev
    }

    /// The values the document's examples give `key` (`"Jdk" : "Open JDK 8"`, `<Jdk>Open JDK 8</Jdk>`).
    pub fn values(&self, key: &str) -> impl Iterator<Item = &str> {
        self.values.get(key).into_iter().flatten().map(String::as_str)
    }
}

/// Finds artifacts in one cell and repairs the proven ones, counting them.
pub struct Cleaner {
    pub evidence: Evidence,
    /// Repairs made, per kind, with the first line and one instance (`from` -> `to`).
    pub tally: BTreeMap<Kind, (usize, u32, String)>,
}

impl Cleaner {
    pub fn new(evidence: Evidence) -> Cleaner {
        Cleaner { evidence, tally: BTreeMap::new() }
    }

    /// Records a repair made outside [`Cleaner::clean`] (merged cells, truncated examples).
    pub fn record(&mut self, kind: Kind, line: u32, from: &str, to: &str) {
        let entry = self.tally.entry(kind).or_insert_with(|| (0, line, format!("`{from}` -> `{to}`")));
        entry.0 += 1;
    }

    /// `text` with every proven artifact repaired. `example`: the row's example cell, which
    /// proves a doubled number of the row.
    pub fn clean(&mut self, line: u32, text: &str, example: &str) -> String {
        let mut current = text.to_owned();
        // A repair can reveal another (a doubled run whose copy is split): repeat until stable.
        for _ in 0..4 {
            let findings: Vec<Finding> = scan(&current, &self.evidence, example).into_iter().filter(|f| f.proven).collect();
            if findings.is_empty() {
                break;
            }
            let mut out = String::with_capacity(current.len());
            let mut at = 0;
            for f in &findings {
                if f.start < at {
                    continue;
                }
                out.push_str(&current[at..f.start]);
                out.push_str(&f.replacement);
                self.record(f.kind, line, &current[f.start..f.end], &f.replacement);
                at = f.end;
            }
            out.push_str(&current[at..]);
            current = out;
        }
        current
    }
}

/// Every artifact in `text`, proven or not, in order and not overlapping. `example`: the example
/// cell of the row the text belongs to (empty when none).
pub fn scan(text: &str, ev: &Evidence, example: &str) -> Vec<Finding> {
    let mut found = doubled_runs(text);
    found.extend(doubled_numbers(text, ev, example));
    found.extend(kerning(text, ev));
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Finding> = Vec::new();
    for f in found {
        if out.last().is_none_or(|l| f.start >= l.end) {
            out.push(f);
        }
    }
    out
}

/// Text printed twice in a row: Chinese text of two or more characters (`错误码错误码`, with or
/// without a space: `说明 说明`), a name of three or more characters with a letter (`ErrorCodeErrorCode`), a
/// wrapped line of a name with its split letters (`det erminist ic_d det erminist ic_d`).
fn doubled_runs(text: &str) -> Vec<Finding> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < chars.len() {
        let c = chars[i].1;
        let word_start = is_word(c) && (i == 0 || !is_word(chars[i - 1].1));
        if is_cjk(c) || word_start {
            let max = ((chars.len() - i) / 2).min(90);
            for len in (2..=max).rev() {
                let a: Vec<char> = chars[i..i + len].iter().map(|(_, c)| *c).collect();
                let gap = usize::from(chars.get(i + len).is_some_and(|(_, c)| *c == ' ') && chars.len() > i + 2 * len);
                for gap in if gap == 1 { vec![0, 1] } else { vec![0] } {
                    let b: Vec<char> = chars[i + len + gap..(i + 2 * len + gap).min(chars.len())].iter().map(|(_, c)| *c).collect();
                    if a != b {
                        continue;
                    }
                    let end = i + 2 * len + gap;
                    let cjk = a.iter().filter(|c| is_cjk(**c)).count();
                    let letters = a.iter().filter(|c| c.is_ascii_alphabetic()).count();
                    let ascii_name = a.iter().all(|c| is_word(*c) || matches!(c, ' ' | '.' | '-' | '/' | '~')) && letters >= 1 && a.iter().filter(|c| is_word(**c)).count() >= 3 && is_word(a[len - 1]) && (end == chars.len() || !is_word(chars[end].1));
                    // Chinese text repeats single characters (`一一对应`), never a word of two; a
                    // gap only separates a label printed twice (`说明 说明`), which starts a sentence.
                    let chinese = cjk >= 2 && a.iter().all(|c| is_cjk(*c) || c.is_ascii_alphanumeric() || "（）()".contains(*c)) && (gap == 0 || i == 0 || !is_cjk(chars[i - 1].1));
                    // A placeholder of one repeated character (`xxxxxx`) is no doubling.
                    let one_char = a.iter().all(|x| *x == a[0]);
                    if !one_char && (word_start && ascii_name || (is_cjk(c) && chinese)) {
                        out.push(Finding { kind: Kind::DoubledRun, start: byte(i), end: byte(end), replacement: a.iter().collect(), proven: true });
                        i = end;
                        continue 'outer;
                    }
                }
            }
        }
        i += 1;
    }
    out
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"-?[0-9]+(?:[~～][0-9]+)?(?:-?[0-9]+(?:[~～][0-9]+)?)?"));
/// A key of a value list (`00：`), after the start, a full stop or the list's colon.
static LIST_KEY: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[。：:\n])\s*(-?[0-9]+)\s*[：:]"));

/// A number printed twice: the whole number is `XX` (`00`, `-1-1`, `5050`, `0~1000~100`).
fn halves(number: &str) -> Option<&str> {
    let n = number.len();
    (n >= 2 && n.is_multiple_of(2) && number.is_char_boundary(n / 2) && number[..n / 2] == number[n / 2..]).then(|| &number[..n / 2])
}

fn doubled_numbers(text: &str, ev: &Evidence, example: &str) -> Vec<Finding> {
    let keys: Vec<&str> = LIST_KEY.captures_iter(text).map(|c| c.get(1).expect("group").as_str()).collect();
    let list_doubled = keys.len() >= 2 && keys.iter().all(|k| halves(k).is_some());
    let mut out = Vec::new();
    for m in NUMBER.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        // A number inside a name or a longer figure (`8u191`, `1.25`) is not one.
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(|c| is_word(c) || c == '.') || after.is_some_and(|c| is_word(c) || c == '.') {
            continue;
        }
        let Some(single) = halves(m.as_str()) else { continue };
        if single.starts_with('-') && single.len() < 2 {
            continue;
        }
        let context = |s: &str| -> bool {
            let left: String = text[..start].chars().rev().filter(|c| !c.is_whitespace()).take(3).collect::<Vec<_>>().into_iter().rev().collect();
            let right: String = text[end..].chars().filter(|c| !c.is_whitespace()).take(3).collect();
            left.chars().count() + right.chars().count() >= 4 && ev.flat.contains(&format!("{left}{s}{right}"))
        };
        let proven = context(single) || (list_doubled && keys.contains(&m.as_str())) || example.trim() == single;
        out.push(Finding { kind: Kind::DoubledNumber, start, end, replacement: single.to_owned(), proven });
    }
    out
}

/// Words split by a space where the document shows them whole. Pieces are runs of name
/// characters separated by one space; a piece that starts with a small letter continues the one
/// before when the part of the word spanning the split is a part of a name the document prints
/// (`ht t pGet` -> `httpGet`, `Inst ance` -> `Instance`). Within a run that had such a split, a
/// piece that starts with a capital continues the one before when the whole joined name is one the
/// document prints (`Package T ype` -> `PackageType`).
fn kerning(text: &str, ev: &Evidence) -> Vec<Finding> {
    let pieces: Vec<(usize, usize)> = TOKEN.find_iter(text).map(|m| (m.start(), m.end())).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < pieces.len() {
        // A run of pieces separated by single spaces.
        let mut run = vec![pieces[k]];
        while k + 1 < pieces.len() && &text[pieces[k].1..pieces[k + 1].0] == " " {
            k += 1;
            run.push(pieces[k]);
        }
        k += 1;
        if run.len() < 2 {
            continue;
        }
        // Lower-case joins: the segmentation of the run whose joined words cover the most text,
        // every joined word proven.
        let piece = |p: usize| &text[run[p].0..run[p].1];
        let proven = |from: usize, to: usize| -> bool {
            let mut word = String::new();
            let mut junctions = Vec::new();
            for p in from..=to {
                if p > from {
                    if !piece(p).starts_with(|c: char| c.is_ascii_lowercase()) {
                        return false;
                    }
                    junctions.push(word.len());
                }
                word.push_str(piece(p));
            }
            if ev.tokens.contains(&word) {
                return true;
            }
            let parts = parts(&word);
            junctions.iter().all(|&at| parts.iter().any(|(s, part)| *s < at && at < s + part.len() && ev.parts.contains(*part)))
        };
        // best[i]: (characters in joined words, segmentation) of the pieces from i on.
        let n = run.len();
        let mut best: Vec<(usize, Vec<Vec<usize>>)> = vec![(0, Vec::new()); n + 1];
        for i in (0..n).rev() {
            let mut choice = (best[i + 1].0, std::iter::once(vec![i]).chain(best[i + 1].1.iter().cloned()).collect::<Vec<_>>());
            for j in i + 1..n.min(i + 10) {
                if proven(i, j) {
                    let covered = run[j].1 - run[i].0 + best[j + 1].0;
                    if covered > choice.0 {
                        choice = (covered, std::iter::once((i..=j).collect()).chain(best[j + 1].1.iter().cloned()).collect());
                    }
                }
            }
            best[i] = choice;
        }
        let words = std::mem::take(&mut best[0].1);
        let any_lower = words.iter().any(|w| w.len() > 1);
        // Capital joins: only where the run shows the kerning, and the whole name is printed.
        let text_of = |w: &[usize]| w.iter().map(|&p| &text[run[p].0..run[p].1]).collect::<String>();
        let mut merged: Vec<Vec<usize>> = Vec::new();
        for w in words {
            if let Some(last) = merged.last_mut() {
                let both = format!("{}{}", text_of(last), text_of(&w));
                if any_lower && ev.tokens.contains(&both) {
                    last.extend(w);
                    continue;
                }
            }
            merged.push(w);
        }
        for w in merged.iter().filter(|w| w.len() > 1) {
            let (start, end) = (run[w[0]].0, run[*w.last().expect("non-empty")].1);
            out.push(Finding { kind: Kind::KerningSplit, start, end, replacement: text_of(w), proven: true });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(doc: &str, text: &str, example: &str) -> String {
        Cleaner::new(Evidence::of_text(doc)).clean(1, text, example)
    }

    #[test]
    fn proven_artifacts_are_repaired() {
        let doc = "httpGet MinReadyInstanceRatio PackageType Kafka\n如果设置为0，应用\n例如设置为50%，如果";
        let cases = [
            ("支持exec、ht t pGet 和t cpSocket 方式。", "支持exec、httpGet 和t cpSocket 方式。"),
            ("以MinReadyInst anceRat io 参数为准", "以MinReadyInstanceRatio 参数为准"),
            ("当Package T ype为Image时", "当PackageType为Image时"),
            ("说明 说明 只能选择一种方式。", "说明 只能选择一种方式。"),
            ("请参见本文的错误码错误码 列表。", "请参见本文的错误码 列表。"),
            ("如果设置为00，应用在升级", "如果设置为0，应用在升级"),
            ("例如设置为5050%，如果当前", "例如设置为50%，如果当前"),
            ("状态。取值说明如下：00：未执行。11：执行成功。", "状态。取值说明如下：0：未执行。1：执行成功。"),
            ("示例应用 应用描述信息。", "示例应用 应用描述信息。"),
            ("与CPU为一一对应关系，端口8080。", "与CPU为一一对应关系，端口8080。"),
            ("the value is set", "the value is set"),
        ];
        for (text, expected) in cases {
            assert_eq!(cleaned(doc, text, ""), expected, "{text}");
        }
        assert_eq!(cleaned(doc, "取值为-1-1时", "-1"), "取值为-1时");
    }

    #[test]
    fn unproven_doubled_numbers_are_found_but_kept() {
        let ev = Evidence::of_text("nothing here");
        let found = scan("如果设置为00，应用", &ev, "");
        assert_eq!(found.len(), 1);
        assert!(!found[0].proven);
        assert_eq!(Cleaner::new(ev).clean(1, "如果设置为00，应用", ""), "如果设置为00，应用");
    }
}
