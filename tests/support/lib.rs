//! Test support

pub mod oracle;
pub mod recorder;
pub mod wire;
