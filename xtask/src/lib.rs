//! The library behind `cargo xtask`, so tests can regenerate in memory.

pub mod diff;
pub mod new_service;
pub mod regenerate;
pub mod score;
pub mod test;

use std::path::PathBuf;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
