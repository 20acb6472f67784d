//! Rust types of lowered values.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::lower::{FieldIr, ValueType};

/// The Rust type that holds a value of `ty`.
pub(crate) fn rust_type(ty: &ValueType) -> TokenStream {
    match ty {
        ValueType::String | ValueType::BigInteger | ValueType::BigDecimal => {
            quote!(String)
        }
        ValueType::Boolean => quote!(bool),
        ValueType::Byte => quote!(i8),
        ValueType::Short => quote!(i16),
        ValueType::Integer => quote!(i32),
        ValueType::Long => quote!(i64),
        ValueType::Float => quote!(f32),
        ValueType::Double => quote!(f64),
        ValueType::Blob => quote!(Vec<u8>),
        ValueType::Timestamp(_) => quote!(crate::runtime::datetime::DateTime),
        ValueType::Enum(name) | ValueType::IntEnum(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        ValueType::Structure { name, boxed } | ValueType::Union { name, boxed } => {
            let name = ident(name);
            if *boxed {
                quote!(Box<crate::types::#name>)
            } else {
                quote!(crate::types::#name)
            }
        }
        ValueType::List { item, .. } => {
            let item = rust_type(item);
            quote!(Vec<#item>)
        }
        ValueType::Map { key, value, .. } => {
            let key = rust_type(key);
            let value = rust_type(value);
            quote!(std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// The type of a struct field: `Option<T>` unless the field is always set.
pub(crate) fn field_type(field: &FieldIr) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.presence.is_option() {
        quote!(Option<#ty>)
    } else {
        ty
    }
}
