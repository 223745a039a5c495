//! The pipe tables reader never panics, whatever text it is handed.
#![no_main]

use doc2sdk_spec::doc::Form;
use doc2sdk_spec::{read, Diagnostics};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = read::read_as("fuzz", &text, Form::PipeTable, &mut Diagnostics::new());
});
