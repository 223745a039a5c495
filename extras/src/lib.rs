//! Hand-written additions to services of the generated `doc2sdk` SDK: what a document implies but
//! a generator cannot know (which states of a long-running task are final). Kept out of
//! `generated/`, where every file is written by `cargo xtask regenerate`; one cargo feature per
//! service, named like the SDK's.

#[cfg(feature = "sae")]
pub mod sae;
