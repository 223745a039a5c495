//! `cargo xtask score-pages DIR...`: scrapes every page that has an answer key beside it (the
//! same stem, `.json`) and scores what was read against the key, per page and per folder (a
//! folder is a part of the corpus; parts are never pooled). The metric is `doc2sdk_spec::score`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use doc2sdk_spec::score::{flatten, score_page, Key, Score};
use doc2sdk_spec::{scrape, Input};

/// Extensions a page may have.
const PAGE_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// The pages of `dir` that have a key, sorted: (page, key).
pub fn keyed_pages(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if !path.extension().and_then(|e| e.to_str()).is_some_and(|e| PAGE_EXTENSIONS.contains(&e)) {
            continue;
        }
        let key = path.with_extension("json");
        if key.exists() {
            out.push((path, key));
        }
    }
    out.sort();
    Ok(out)
}

/// Scrapes one page alone and scores it against its key; `mutated`: after renaming every
/// identifier of the key throughout page and key ([`doc2sdk_spec::score::mutate`]).
pub fn score_one(page: &Path, key: &Path, mutated: bool) -> Result<Score, String> {
    let mut bytes = std::fs::read(page).map_err(|e| format!("cannot read `{}`: {e}", page.display()))?;
    let key_text = std::fs::read_to_string(key).map_err(|e| format!("cannot read `{}`: {e}", key.display()))?;
    let mut key: Key = serde_json::from_str(&key_text).map_err(|e| format!("`{}`: {e}", key.display()))?;
    if mutated {
        let (text, renamed) = doc2sdk_spec::score::mutate(&String::from_utf8_lossy(&bytes), &key);
        bytes = text.into_bytes();
        key = renamed;
        // To see what the reader was given: `DOC2SDK_MUTATED_DIR=/tmp/m cargo xtask score-pages --mutate`.
        if let Some(dir) = std::env::var_os("DOC2SDK_MUTATED_DIR") {
            let out = Path::new(&dir).join(page.file_name().unwrap_or_default());
            std::fs::write(&out, &bytes).map_err(|e| format!("cannot write `{}`: {e}", out.display()))?;
        }
    }
    let name = page.file_name().map_or_else(|| page.display().to_string(), |n| n.to_string_lossy().into_owned());
    let scraped = scrape(&[Input { name: page.display().to_string(), bytes }], None);
    Ok(score_page(&name, &key, &flatten(&scraped.spec)))
}

/// Scores every keyed page of `dir`: the part's total and its pages' scores.
pub fn score_dir(dir: &Path, mutated: bool) -> Result<(Score, Vec<Score>), String> {
    let mut total = Score::default();
    let mut pages = Vec::new();
    for (page, key) in keyed_pages(dir)? {
        let s = score_one(&page, &key, mutated)?;
        total.add(&s);
        pages.push(s);
    }
    Ok((total, pages))
}

pub fn run(dirs: &[PathBuf], verbose: bool, mutated: bool) -> Result<ExitCode, String> {
    for dir in dirs {
        let (total, pages) = score_dir(dir, mutated)?;
        print_part(dir, &total, &pages, verbose);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a part's pages and total, and with `verbose` what each page missed.
pub fn print_part(dir: &Path, total: &Score, pages: &[Score], verbose: bool) {
    println!("== {}", dir.display());
    for page in pages {
        let (name, notes) = &page.details[0];
        println!("  {name:<56} {}", page.summary());
        if verbose {
            for note in notes {
                println!("      {note}");
            }
        }
    }
    println!("TOTAL {}", total.summary());
    for (page, want, got) in &total.misnamed {
        println!("  misnamed: {page}: `{got}`, key `{want}`");
    }
    for page in &total.unread {
        println!("  unread: {page}");
    }
    for page in &total.spurious {
        println!("  operation where the key has none: {page}");
    }
}
