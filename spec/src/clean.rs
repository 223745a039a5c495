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
//! - a doubled number is halved only when it cannot be one number (`-1-1`, `0~1000~100`, `00` in
//!   running text), when the document prints the same phrase with the number once (`设置为0，`
//!   elsewhere proves `设置为00，`), when every key of the value list or every number of the list
//!   it is in is doubled (`00：未执行。11：执行成功。`, `500500 10001000`), when its row's example
//!   is the number, or when its sentence prints other inline text twice; a number the document
//!   shows is real (an example's value, a list key between its neighbours) is no finding;
//! - a name or figure doubled across a line wrap (`MinReaMinRea` + `dyInst anceRat iodyInst
//!   anceRat io`) is rejoined when the document prints the joined name; a doubled figure
//!   (`08:0008:00`) when the document prints it once;
//! - capitals split letter by letter (`HT T P`) join when the document prints the word, and a
//!   split between two parts of a camel-case name (`httpsCert Id`) when it prints those parts
//!   together (`CertId`).
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
    /// Figures and names with separators as the document prints them (`2021-04-25`, `08:00`).
    compounds: BTreeSet<String>,
    parts: BTreeSet<String>,
    flat: String,
    values: BTreeMap<String, BTreeSet<String>>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z0-9_]+"));
static COMPOUND: LazyLock<Regex> = LazyLock::new(|| re(r"[A-Za-z0-9_]+(?:[-:/.~][A-Za-z0-9_]+)+"));
static JSON_PAIR: LazyLock<Regex> = LazyLock::new(|| re(r#""([A-Za-z0-9_]+)"\s*:\s*(?:"([^"]*)"|(-?[0-9]+(?:\.[0-9]+)?)\b)"#));
static XML_PAIR: LazyLock<Regex> = LazyLock::new(|| re(r"<([A-Za-z0-9_]+)>([^<]*)</([A-Za-z0-9_]+)>"));

pub(crate) fn is_cjk(c: char) -> bool {
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
        // A token seen before adds nothing (most are): its parts are known too.
        for m in TOKEN.find_iter(text) {
            if ev.tokens.contains(m.as_str()) {
                continue;
            }
            for (_, p) in parts(m.as_str()) {
                if !ev.parts.contains(p) {
                    ev.parts.insert(p.to_owned());
                }
            }
            ev.tokens.insert(m.as_str().to_owned());
        }
        ev.compounds = COMPOUND.find_iter(text).map(|m| m.as_str().to_owned()).collect();
        ev.flat = text.chars().filter(|c| !c.is_whitespace()).collect();
        for c in JSON_PAIR.captures_iter(text) {
            let value = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
            ev.values.entry(c[1].to_owned()).or_default().insert(value.trim().to_owned());
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
    let mut found = doubled_runs(text, ev);
    found.extend(wrapped_doubles(text, ev));
    // Inline names and figures printed twice show how their sentence was rendered.
    let twice: Vec<usize> = found.iter().filter(|f| f.proven && !text[f.start..f.end].chars().any(is_cjk)).map(|f| f.start).collect();
    found.extend(doubled_numbers(text, ev, example, &twice));
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

/// Characters of an inline name or figure: name characters and the separators of figures.
fn is_inline(c: char) -> bool {
    is_word(c) || matches!(c, ' ' | '.' | '-' | '/' | '~' | ':')
}

fn is_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '/' | '~' | ':')
}

/// Text printed twice in a row: Chinese text of two or more characters (`错误码错误码`, with or
/// without a space: `说明 说明`, `时:分时:分`), a name of three or more characters with a letter
/// (`ErrorCodeErrorCode`, `Init :0/1Init :0/1`), a wrapped line of a name with its split letters
/// (`det erminist ic_d det erminist ic_d`), a figure with separators that the document prints
/// once elsewhere (`08:0008:00`, `2021-04-252021-04-25`).
fn doubled_runs(text: &str, ev: &Evidence) -> Vec<Finding> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cs: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let byte = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < chars.len() {
        let c = chars[i].1;
        let word_start = is_word(c) && (i == 0 || !is_word(chars[i - 1].1));
        if is_cjk(c) || word_start {
            let max = ((chars.len() - i) / 2).min(90);
            for len in (2..=max).rev() {
                let a = &cs[i..i + len];
                let gap = usize::from(chars.get(i + len).is_some_and(|(_, c)| *c == ' ') && chars.len() > i + 2 * len);
                for gap in 0..=gap {
                    // The second copy starts with the first's character (most lengths fail here).
                    if cs[i + len + gap] != c || a != &cs[i + len + gap..(i + 2 * len + gap).min(cs.len())] {
                        continue;
                    }
                    let end = i + 2 * len + gap;
                    let cjk = a.iter().filter(|c| is_cjk(**c)).count();
                    let letters = a.iter().filter(|c| c.is_ascii_alphabetic()).count();
                    let inline = a.iter().all(|c| is_inline(*c)) && a.iter().filter(|c| is_word(**c)).count() >= 3 && is_word(a[len - 1]) && (end == chars.len() || !is_word(chars[end].1));
                    let ascii_name = inline && letters >= 1;
                    let figure = inline && letters == 0 && a.iter().any(|c| is_separator(*c)) && ev.compounds.contains(&a.iter().collect::<String>());
                    // Chinese text repeats single characters (`一一对应`), never a word of two; a
                    // gap only separates a label printed twice (`说明 说明`), which starts a sentence.
                    let chinese = cjk >= 2 && a.iter().all(|c| is_cjk(*c) || c.is_ascii_alphanumeric() || "（）():".contains(*c)) && (gap == 0 || i == 0 || !is_cjk(chars[i - 1].1));
                    // A placeholder of one repeated character (`xxxxxx`) is no doubling.
                    let one_char = a.iter().all(|x| *x == a[0]);
                    if !one_char && (word_start && (ascii_name || figure) || (is_cjk(c) && chinese)) {
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

/// A name or figure printed twice whose line wrapped inside it, so that each line's part is
/// doubled on its own: `MinReaMinRea` + `dyInst anceRat iodyInst anceRat io`, `2021-03-2021-03-` +
/// ` 2525`. Proven when the two parts joined are a name or figure the document prints.
fn wrapped_doubles(text: &str, ev: &Evidence) -> Vec<Finding> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cs: Vec<char> = chars.iter().map(|(_, c)| *c).collect();
    let byte = |k: usize| chars.get(k).map_or(text.len(), |(i, _)| *i);
    let mut out = Vec::new();
    let mut i = 0;
    'outer: while i < cs.len() {
        if !is_word(cs[i]) || (i > 0 && is_word(cs[i - 1])) {
            i += 1;
            continue;
        }
        let stretch = (i..cs.len()).find(|&k| !is_inline(cs[k])).unwrap_or(cs.len());
        for a in 2..=((stretch - i) / 2).min(40) {
            if cs[i..i + a] != cs[i + a..i + 2 * a] {
                continue;
            }
            for gap in [0, 1] {
                let j = i + 2 * a + gap;
                if gap == 1 && cs.get(i + 2 * a) != Some(&' ') {
                    continue;
                }
                for b in 1..=(stretch.saturating_sub(j) / 2).min(40) {
                    let end = j + 2 * b;
                    if cs[j..j + b] != cs[j + b..end] || cs.get(end).is_some_and(|c| is_word(*c)) {
                        continue;
                    }
                    let joined: String = cs[i..i + a].iter().chain(&cs[j..j + b]).collect();
                    let bare: String = joined.chars().filter(|c| *c != ' ').collect();
                    if ev.tokens.contains(&bare) || ev.compounds.contains(&bare) {
                        out.push(Finding { kind: Kind::DoubledRun, start: byte(i), end: byte(end), replacement: joined, proven: true });
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

static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"-?[0-9]+(?:[~～]-?[0-9]+)*(?:-?[0-9]+(?:[~～]-?[0-9]+)*)?"));
/// A key of a value list (`00：`), after the start, a full stop or the list's colon.
static LIST_KEY: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[。：:\n])\s*(-?[0-9]+)\s*[：:]"));

/// A number printed twice: the whole number is `XX` (`00`, `-1-1`, `5050`, `0~1000~100`).
fn halves(number: &str) -> Option<&str> {
    let n = number.len();
    (n >= 2 && n.is_multiple_of(2) && number.is_char_boundary(n / 2) && number[..n / 2] == number[n / 2..]).then(|| &number[..n / 2])
}

/// Numbers printed twice. A doubled number is halved when the document proves it:
/// - it cannot be one number, and its half is: two signs (`-1-1`), two range marks
///   (`0~1000~100`), a leading zero in running text (`设置为00，`);
/// - the document prints the same phrase with the number once (`设置为0，` proves `设置为00，`);
/// - every key of the value list it is in is doubled (`00：未执行。11：执行成功。`), or every
///   number of the list of numbers it is in (`500500 10001000 20002000`);
/// - its row's example is the number;
/// - the same sentence prints other inline text twice (`twice`: where such text starts, or a
///   number proven above), so its inline spans were printed twice: `假设MinReadyInst ances
///   MinReadyInst ances 取值为55`. Not a number in code (`"initialDelaySeconds":11`) or a key of a
///   value list.
fn doubled_numbers(text: &str, ev: &Evidence, example: &str, twice: &[usize]) -> Vec<Finding> {
    let keys: Vec<&str> = LIST_KEY.captures_iter(text).map(|c| c.get(1).expect("group").as_str()).collect();
    let list_doubled = keys.len() >= 2 && keys.iter().all(|k| halves(k).is_some());
    // A number inside a name or a longer figure (`8u191`, `1.25`) is not one.
    let numbers: Vec<(usize, usize)> = NUMBER
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .filter(|&(start, end)| {
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            !(before.is_some_and(|c| is_word(c) || c == '.') || after.is_some_and(|c| is_word(c) || c == '.'))
        })
        .collect();
    // Lists of numbers side by side, separated by white space only: the index of each one's list.
    let mut list_of = vec![0usize; numbers.len()];
    for k in 1..numbers.len() {
        let between = &text[numbers[k - 1].1..numbers[k].0];
        list_of[k] = if !between.is_empty() && between.chars().all(char::is_whitespace) { list_of[k - 1] } else { k };
    }
    let all_doubled = |list: usize| {
        let members: Vec<usize> = (0..numbers.len()).filter(|&k| list_of[k] == list).collect();
        members.len() >= 3 && members.iter().all(|&k| halves(&text[numbers[k].0..numbers[k].1]).is_some())
    };
    let mut out = Vec::new();
    for (k, &(start, end)) in numbers.iter().enumerate() {
        let whole = &text[start..end];
        let Some(single) = halves(whole) else { continue };
        if single.starts_with('-') && single.len() < 2 {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let in_figure = |c: Option<char>| c.is_some_and(|c| matches!(c, ':' | '/' | '-' | '~' | '～'));
        // A part of a time, date or path (`08:00`) is no number of its own.
        if in_figure(before) || in_figure(after) {
            continue;
        }
        let ill_formed = whole.chars().filter(|c| matches!(c, '~' | '～')).count() >= 2
            || (whole.starts_with('-') && whole[1..].contains('-'))
            || (whole.starts_with('0') && !in_figure(before) && !in_figure(after));
        let context = |s: &str| -> bool {
            let left: String = text[..start].chars().rev().filter(|c| !c.is_whitespace()).take(3).collect::<Vec<_>>().into_iter().rev().collect();
            let right: String = text[end..].chars().filter(|c| !c.is_whitespace()).take(3).collect();
            left.chars().count() + right.chars().count() >= 4 && ev.flat.contains(&format!("{left}{s}{right}"))
        };
        let is_key = keys.contains(&whole);
        let proven = ill_formed || context(single) || (list_doubled && is_key) || all_doubled(list_of[k]) || example.trim() == single;
        // Unproven, what the document shows is a real number is no finding: a value of two or
        // more digits a side that its examples give (`"ContainerPort" : 8080`), a key of a value
        // list between its neighbours.
        let neighbour = |d: i64| whole.parse::<i64>().ok().and_then(|n| n.checked_add(d)).is_some_and(|n| keys.contains(&n.to_string().as_str()));
        if !proven && ((single.len() >= 2 && ev.values.values().any(|v| v.contains(whole))) || (is_key && neighbour(-1) && neighbour(1))) {
            continue;
        }
        out.push(Finding { kind: Kind::DoubledNumber, start, end, replacement: single.to_owned(), proven });
    }
    // The sentence's rendering, proven by its other inline text or by a number proven above.
    let sentence = |at: usize| {
        let from = text[..at].rfind(['。', '；', '\n']).unwrap_or(0);
        let to = text[at..].find(['。', '；', '\n']).map_or(text.len(), |k| at + k);
        (from, to)
    };
    let evidence: Vec<usize> = twice.iter().copied().chain(out.iter().filter(|f| f.proven).map(|f| f.start)).collect();
    for f in out.iter_mut().filter(|f| !f.proven) {
        let whole = &text[f.start..f.end];
        let (from, to) = sentence(f.start);
        let code = |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() && c != '%');
        let in_code = code(text[..f.start].chars().next_back()) || code(text[f.end..].chars().next());
        if !in_code && !keys.contains(&whole) && evidence.iter().any(|&e| e != f.start && from <= e && e < to) {
            f.proven = true;
        }
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
        // Capitals split letter by letter (`HT T P`, `T CP`): every piece in capitals, one of
        // them a single letter and one longer (`A B` are two letters), and the whole word printed
        // by the document.
        let capitals = |p: usize| piece(p).chars().all(|c| c.is_ascii_uppercase());
        let mut p = 0;
        while p < n {
            let window = (p + 1..n.min(p + 6)).rev().find(|&q| (p..=q).all(capitals) && (p..=q).any(|x| piece(x).len() == 1) && (p..=q).any(|x| piece(x).len() > 1) && ev.tokens.contains(&(p..=q).map(piece).collect::<String>()));
            if let Some(q) = window {
                out.push(Finding { kind: Kind::KerningSplit, start: run[p].0, end: run[q].1, replacement: (p..=q).map(piece).collect(), proven: true });
                p = q + 1;
            } else {
                p += 1;
            }
        }
        let words = std::mem::take(&mut best[0].1);
        let any_lower = words.iter().any(|w| w.len() > 1);
        // Capital joins: only where the run shows the kerning, and the whole name is printed.
        let text_of = |w: &[usize]| w.iter().map(|&p| &text[run[p].0..run[p].1]).collect::<String>();
        let mut merged: Vec<Vec<usize>> = Vec::new();
        for w in words {
            if let Some(last) = merged.last_mut() {
                let (left, right) = (text_of(last), text_of(&w));
                let both = format!("{left}{right}");
                // A split between two parts of a camel-case name that the document prints
                // together (`httpsCert Id`: `CertId`): the left piece is a name of parts itself.
                let left_parts = parts(&left);
                let seam = left_parts.len() > 1 && right.starts_with(|c: char| c.is_ascii_uppercase()) && w.len() == 1 && left_parts.last().is_some_and(|(_, p)| ev.tokens.contains(&format!("{p}{right}")));
                if (any_lower && ev.tokens.contains(&both)) || seam {
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
        let doc = "httpGet MinReadyInstanceRatio PackageType Kafka TCP HTTP HTTPS AB CertId AppId\n如果设置为0，应用\n例如设置为50%，如果";
        let cases = [
            ("支持exec、ht t pGet 和t cpSocket 方式。", "支持exec、httpGet 和t cpSocket 方式。"),
            ("以MinReadyInst anceRat io 参数为准", "以MinReadyInstanceRatio 参数为准"),
            ("当Package T ype为Image时", "当PackageType为Image时"),
            ("支持T CP、HT T P和HT T PS。", "支持TCP、HTTP和HTTPS。"),
            ("httpsCert Id：SSL证书。", "httpsCertId：SSL证书。"),
            ("App Id：应用", "App Id：应用"),
            ("A B 两种", "A B 两种"),
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
        // What cannot be one number, lists of doubled numbers, and the cell's own rendering.
        let bare = "nothing here";
        let cases = [
            ("如果设置为00，应用", "如果设置为0，应用"),
            ("取值非-1-1时", "取值非-1时"),
            ("0~1000~100：单位为百分比，例如设置为5050%", "0~100：单位为百分比，例如设置为50%"),
            ("规格：500500 10001000 20002000", "规格：500 1000 2000"),
            ("10：系统异常。11：等待审批。12：审批通过。", "10：系统异常。11：等待审批。12：审批通过。"),
            ("格式时:分时:分 。", "格式时:分 。"),
            ("10. Init :0/1Init :0/1：实例初始化。", "10. Init :0/1：实例初始化。"),
        ];
        for (text, expected) in cases {
            assert_eq!(cleaned(bare, text, ""), expected, "{text}");
        }
        let doc = "MinReadyInstanceRatio 2021-03-25 08:00";
        let cases = [
            ("当MinReaMinReadyInst anceRat iodyInst anceRat io 同时传递时", "当MinReadyInstanceRatio 同时传递时"),
            ("当MinReadyInst ancMinReadyInst anceRat ioeRat io 同时传递，", "当MinReadyInstanceRatio 同时传递，"),
            ("为2021-03-2021-03- 2525，表示", "为2021-03-25，表示"),
            ("例如08:0008:00。", "例如08:00。"),
            ("假设MinReadyInst anceRat ioMinReadyInst anceRat io 取值为5050，", "假设MinReadyInstanceRatio 取值为50，"),
        ];
        for (text, expected) in cases {
            assert_eq!(cleaned(doc, text, ""), expected, "{text}");
        }
    }

    #[test]
    fn unproven_doubled_numbers_are_found_but_kept() {
        let ev = Evidence::of_text("nothing here");
        // The document shows these are real numbers: no finding.
        let ev_doc = Evidence::of_text(r#""ContainerPort" : 8080, "AtTime" : "08:00""#);
        for text in ["10：系统异常。11：等待审批。12：审批通过。", "默认为8080。", "例如08:00。"] {
            assert!(scan(text, &ev_doc, "").is_empty(), "{text}");
        }
        for text in ["建议大于等于11，保证业务", "端口8080。"] {
            let found = scan(text, &ev, "");
            assert_eq!(found.len(), 1, "{text}");
            assert!(!found[0].proven, "{text}");
            assert_eq!(Cleaner::new(Evidence::of_text("nothing here")).clean(1, text, ""), text);
        }
    }
}
