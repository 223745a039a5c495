//! The whole pipeline never panics: decoding, form detection, reading, interpreting, building.
#![no_main]

use doc2sdk_spec::{scrape, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = scrape(&[Input { name: "fuzz".to_owned(), bytes: data.to_vec() }], None);
});
