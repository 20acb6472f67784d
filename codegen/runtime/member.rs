//! What a builder's setter takes: one setter per member, given either the
//! value or an `Option` of it, so that a value that may be absent needs no
//! `if let` and no second method.

use std::borrow::Cow;
use std::time::SystemTime;

use super::datetime::DateTime;

/// A value for a member of type `T`: a `T` (a string member also takes
/// `&str`, `&String`, `Box<str>` and `Cow<str>`; a blob `&[u8]`; a timestamp
/// `SystemTime`), or an `Option<T>`, where `None` clears the member.
#[diagnostic::on_unimplemented(
    message = "a setter of a `{T}` member takes a `{T}` or an `Option<{T}>`, not `{Self}`",
    label = "not a `{T}` or an `Option<{T}>`"
)]
pub trait IntoMember<T> {
    /// The member's new value: `None` leaves it unset.
    fn into_member(self) -> Option<T>;
}

impl<T> IntoMember<T> for T {
    #[inline]
    fn into_member(self) -> Option<T> {
        Some(self)
    }
}

impl<T> IntoMember<T> for Option<T> {
    #[inline]
    fn into_member(self) -> Option<T> {
        self
    }
}

impl IntoMember<String> for &str {
    #[inline]
    fn into_member(self) -> Option<String> {
        Some(self.to_owned())
    }
}

impl IntoMember<String> for &String {
    #[inline]
    fn into_member(self) -> Option<String> {
        Some(self.clone())
    }
}

impl IntoMember<String> for Box<str> {
    #[inline]
    fn into_member(self) -> Option<String> {
        Some(self.into_string())
    }
}

impl IntoMember<String> for Cow<'_, str> {
    #[inline]
    fn into_member(self) -> Option<String> {
        Some(self.into_owned())
    }
}

impl IntoMember<Vec<u8>> for &[u8] {
    #[inline]
    fn into_member(self) -> Option<Vec<u8>> {
        Some(self.to_vec())
    }
}

impl<const N: usize> IntoMember<Vec<u8>> for &[u8; N] {
    #[inline]
    fn into_member(self) -> Option<Vec<u8>> {
        Some(self.to_vec())
    }
}

impl IntoMember<DateTime> for SystemTime {
    #[inline]
    fn into_member(self) -> Option<DateTime> {
        Some(self.into())
    }
}
