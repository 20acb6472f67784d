//! The error `build()` returns when a required member is unset.

use std::fmt;

/// A required member was not set on a builder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    type_name: &'static str,
    member: &'static str,
}

impl BuildError {
    /// `member` (the Rust field name) of `type_name` is required but unset.
    pub fn missing_member(type_name: &'static str, member: &'static str) -> Self {
        BuildError { type_name, member }
    }

    /// The type whose builder failed.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The unset member, as the Rust field name.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is required to build `{}` but was not set",
            self.member, self.type_name
        )
    }
}

impl std::error::Error for BuildError {}
