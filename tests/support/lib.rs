//! Test support

pub mod oracle;
pub mod recorder;
