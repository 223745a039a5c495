//! Hand-written additions to generated services: what a document implies but a generator cannot
//! know (which states of a long-running task are final).

#[cfg(feature = "sae")]
pub mod sae;
