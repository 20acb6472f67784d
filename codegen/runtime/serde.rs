//! `serde` for the generated types (cargo feature `serde`): what derives
//! cannot say. Timestamps are RFC 3339 strings, blobs base64 strings, and
//! enums their wire values, an unknown value kept as it came.
//!
//! Sensitive members are serialized like any other: they are the caller's
//! data, and whatever the caller serializes them into must be kept as secret
//! as they are.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::datetime::{DateTime, TimestampFormat};

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(TimestampFormat::DateTime))
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        DateTime::parse(&text, TimestampFormat::DateTime).map_err(D::Error::custom)
    }
}

/// What a blob member holds, serialized with its blobs as base64: a blob,
/// or an `Option`, list or map of them. `#[serde(with = "blob")]` on the
/// member.
pub trait BlobShape: Sized {
    fn serialize_blobs<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    fn deserialize_blobs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl BlobShape for Vec<u8> {
    fn serialize_blobs<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(self))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        STANDARD.decode(text.as_bytes()).map_err(D::Error::custom)
    }
}

/// Serializes the value inside with its blobs as base64.
struct Blobs<'a, T>(&'a T);

impl<T: BlobShape> Serialize for Blobs<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_blobs(serializer)
    }
}

/// Deserializes a value with its blobs as base64.
struct Owned<T>(T);

impl<'de, T: BlobShape> Deserialize<'de> for Owned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_blobs(deserializer).map(Owned)
    }
}

impl<T: BlobShape> BlobShape for Option<T> {
    fn serialize_blobs<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_ref().map(Blobs).serialize(serializer)
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Owned<T>>::deserialize(deserializer)?.map(|Owned(value)| value))
    }
}

impl<T: BlobShape> BlobShape for Vec<T> {
    fn serialize_blobs<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Blobs))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<Owned<T>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|Owned(item)| item).collect())
    }
}

impl<K: Serialize + Ord + for<'de> Deserialize<'de>, T: BlobShape> BlobShape for BTreeMap<K, T> {
    fn serialize_blobs<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Blobs(value))))
    }

    fn deserialize_blobs<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<K, Owned<T>>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, Owned(value))| (key, value))
            .collect())
    }
}

/// A string enum as its wire value (`as_str`, `From<&str>`), so a value
/// this crate does not know reads back as the same `Unknown`.
// Exported (hidden) so that a split crate's types package, which has the
// enums, can call it from this core package.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_enum {
    ($name:ty) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                Ok(<$name>::from(&*value))
            }
        }
    };
}

/// An intEnum as its wire value (`value`, `From<i32>`).
#[doc(hidden)]
#[macro_export]
macro_rules! wire_int_enum {
    ($name:ty) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <i32 as ::serde::Deserialize>::deserialize(deserializer).map(<$name>::from)
            }
        }
    };
}

#[doc(hidden)]
pub use crate::{wire_enum, wire_int_enum};

/// `#[serde(with = "crate::runtime::serde::blob")]`: a member holding blobs.
pub mod blob {
    use super::BlobShape;
    use serde::{Deserializer, Serializer};

    pub fn serialize<T: BlobShape, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_blobs(serializer)
    }

    pub fn deserialize<'de, T: BlobShape, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_blobs(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        #[serde(with = "blob")]
        one: Vec<u8>,
        #[serde(with = "blob")]
        maybe: Option<Vec<u8>>,
        #[serde(with = "blob")]
        many: Option<Vec<Vec<u8>>>,
        #[serde(with = "blob")]
        named: BTreeMap<String, Vec<u8>>,
        when: DateTime,
    }

    #[test]
    fn blobs_are_base64_and_timestamps_rfc_3339() {
        let holder = Holder {
            one: b"hi".to_vec(),
            maybe: None,
            many: Some(vec![b"a".to_vec(), Vec::new()]),
            named: BTreeMap::from([("k".to_owned(), vec![0xff])]),
            when: DateTime::from_secs(1_700_000_000),
        };
        let json = serde_json::to_string(&holder).unwrap();
        assert_eq!(
            json,
            r#"{"one":"aGk=","maybe":null,"many":["YQ==",""],"named":{"k":"/w=="},"when":"2023-11-14T22:13:20Z"}"#
        );
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), holder);
    }

    #[test]
    fn malformed_values_are_errors() {
        let bad_blob = r#"{"one":"not base64!","maybe":null,"many":null,"named":{},"when":"2023-11-14T22:13:20Z"}"#;
        assert!(serde_json::from_str::<Holder>(bad_blob).is_err());
        let bad_time = r#"{"one":"","maybe":null,"many":null,"named":{},"when":"yesterday"}"#;
        let error = serde_json::from_str::<Holder>(bad_time).unwrap_err();
        assert!(
            error.to_string().contains("yesterday") || error.is_data(),
            "{error}"
        );
    }
}
