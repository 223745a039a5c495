//! The hand-written runtime shared by every generated service module.
//!
//! Generated code only builds [`client::Operation`]s (with [`params::Params`] and the checks in
//! [`validate`]) and maps responses; everything that touches secrets, the clock or the network
//! lives here.

pub mod client;
pub mod config;
pub mod credentials;
pub mod error;
pub mod http;
pub mod params;
pub mod service;
pub mod signing;
pub mod validate;
