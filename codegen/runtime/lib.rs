//! The runtime sources as a crate of their own, so they are built, linted and
//! tested once, here, where they are written. The generator copies the module
//! files (not this one) into `src/runtime/` of every crate it writes; the
//! modules refer to each other only through `super::`, so they mean the same
//! in both places.
#![forbid(unsafe_code)]

#[cfg(feature = "hyper")]
pub mod async_transport;
pub mod build_error;
pub mod caller;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "compression")]
pub mod compression;
#[cfg(feature = "client")]
pub mod config;
#[cfg(feature = "client")]
pub mod container_credentials;
#[cfg(feature = "client")]
pub mod credentials;
pub mod datetime;
pub mod endpoint;
#[cfg(feature = "client")]
pub mod env;
pub mod error;
#[cfg(feature = "client")]
pub mod fetch;
#[cfg(feature = "client")]
pub mod flow;
pub mod http;
pub mod idempotency;
#[cfg(feature = "client")]
pub mod imds;
#[cfg(feature = "client")]
pub mod interceptor;
#[cfg(feature = "client")]
pub mod json;
pub mod member;
pub mod operation;
#[cfg(feature = "client")]
pub mod paginator;
#[cfg(feature = "client")]
pub mod profile;
pub mod protocol_test;
pub mod query;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "serde")]
pub mod serde;
#[cfg(feature = "client")]
pub mod sigv4;
#[cfg(feature = "client")]
pub mod sso;
#[cfg(feature = "client")]
pub mod sts;
#[cfg(feature = "client")]
pub mod testing;
#[cfg(feature = "client")]
pub mod transport;
pub mod unknown;
#[cfg(feature = "client")]
pub mod waiter;
pub mod xml;
