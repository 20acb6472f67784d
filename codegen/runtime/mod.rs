//! The hand-written runtime the generated code calls: the ec2Query body
//! writer, the date-time type, idempotency tokens, builder errors and unknown
//! enum values. It is copied into every generated crate, so the crate has no
//! runtime crate to depend on.

pub mod build_error;
pub mod datetime;
pub mod idempotency;
pub mod operation;
pub mod query;
pub mod unknown;
