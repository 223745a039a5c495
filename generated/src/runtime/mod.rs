//! The hand-written runtime shared by every generated service module.
//!
//! Generated code only builds [`client::Operation`]s (with [`params::Params`] and the checks in
//! [`validate`]) and maps responses; everything that touches secrets, the clock or the network
//! lives here: signing, credentials, the retry policy ([`retry`]), timeouts, response
//! interpretation ([`response`]) and, with the `test-util` feature, offline replay
//! ([`test_util`]).

pub mod client;
pub mod config;
pub mod credentials;
pub mod error;
pub mod http;
pub mod paginate;
pub mod params;
pub mod response;
pub mod retry;
pub mod service;
pub mod signing;
#[cfg(any(test, feature = "test-util"))]
pub mod test_util;
mod transport;
pub mod validate;
