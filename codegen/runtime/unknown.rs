//! Values of enums that this version of the crate does not know.

use std::fmt;

/// A string enum value this crate does not know (a newer service may send
/// one). It cannot be built from a known value, so `Unknown` never equals a
/// named variant.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Only the generated `From<&str>` impls call this, after checking that
    /// the value is not a known one. Public for those of a split crate's
    /// types package, but not part of the API.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// An intEnum value this crate does not know.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    /// Only the generated `From<i32>` impls call this, after checking that
    /// the value is not a known one. Public for those of a split crate's
    /// types package, but not part of the API.
    #[doc(hidden)]
    pub fn new(value: i32) -> Self {
        UnknownIntValue(value)
    }

    pub fn value(&self) -> i32 {
        self.0
    }
}

impl fmt::Debug for UnknownIntValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}
