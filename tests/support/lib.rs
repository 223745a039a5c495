//! Test support

pub mod oracle;
pub mod recorder;
pub mod sae_known;
pub mod wire;
