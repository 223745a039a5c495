//! How long reading a 5 MB HTML page takes: every seed page written as HTML with page chrome,
//! repeated until the page is 5 MB, then read once (`cargo run --release -p doc2sdk-spec --features
//! render --example html_5mb`). A measurement, not a test: timings do not belong in tests.

use std::time::Instant;

use doc2sdk_spec::read::render::{render, Indent, Rendering};
use doc2sdk_spec::{read, Diagnostics};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let how = Rendering::Html { thead: true, lists: true, indent: Indent::None, rowspan: true, icons: false, chrome: true };
    let mut bodies = Vec::new();
    for seed in ["docs/esa/000_29f0e2c37dd92741.txt", "docs/esa/001_115aae8817e3864c.txt", "docs/iotedge/003_aafff2e24d5c00a0.txt"] {
        let text = std::fs::read_to_string(root.join(seed)).expect("seed");
        let doc = read::read(seed, &text, &mut Diagnostics::new());
        let html = render(&doc, &how);
        let body = &html[html.find("<main>").expect("main")..html.find("</main>").expect("main")];
        bodies.push(body.to_owned());
    }
    // A page as long as the longest vendor pages: the content repeated, with a navigation menu of
    // a few thousand links and scripts around it, as saved pages have.
    let nav: String = (0..3000).map(|n| format!("<li><a href=\"/api/{n}\">API {n}</a></li>")).collect();
    let mut page = format!("<!DOCTYPE html><html><head><script>{}</script></head><body><nav><ul>{nav}</ul></nav><main>", "var x = 1;\n".repeat(20_000));
    let mut i = 0;
    while page.len() < 5 * 1024 * 1024 {
        page.push_str(&bodies[i % bodies.len()]);
        i += 1;
    }
    page.push_str("</main><footer>footer</footer></body></html>");
    let runs = 5;
    let mut best = f64::MAX;
    let mut tables = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let doc = read::read("big.html", &page, &mut Diagnostics::new());
        best = best.min(started.elapsed().as_secs_f64());
        tables = doc.blocks.iter().filter(|b| matches!(b, doc2sdk_spec::doc::Block::Table(_))).count();
    }
    let mut parse = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let html = scraper::Html::parse_document(&page);
        parse = parse.min(started.elapsed().as_secs_f64());
        drop(html);
    }
    println!("{:.1} MB HTML, {tables} tables: read in {:.0} ms, of which html5ever parsing {:.0} ms (best of {runs})", page.len() as f64 / 1_048_576.0, best * 1000.0, parse * 1000.0);
}
