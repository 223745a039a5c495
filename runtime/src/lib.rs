//! The hand-written runtime shared by every generated service module.
//!
//! Generated code only builds [`client::Operation`]s (from a table of its fields with
//! [`request::encode`], after the checks in [`validate`]) and maps responses; everything that touches secrets, the clock or the network
//! lives here: signing, credentials, the retry policy ([`retry`]), timeouts, response
//! interpretation ([`response`]), polling until a documented state ([`waiter`]) and, with the
//! `test-util` feature, offline replay ([`test_util`]).

pub mod client;
pub mod clock;
pub mod config;
pub mod credentials;
pub mod error;
pub mod http;
pub mod lenient;
pub mod operation;
pub mod paginate;
pub mod params;
pub mod request;
pub mod response;
pub mod retry;
pub mod service;
pub mod signing;
#[cfg(any(test, feature = "test-util"))]
pub mod test_util;
mod transport;
pub mod validate;
pub mod waiter;

/// A value of a documented value set that this SDK does not know yet, as the service sent it.
/// Opaque on purpose: a later version of the documents may list the value, and it then arrives as
/// a variant of its own; read it with `as_str()` on the enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Keeps `value`; for generated code.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `Debug` shows in place of a secret (a password, a key's secret, a token) of a generated
/// request or response.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("** redacted **")
    }
}
