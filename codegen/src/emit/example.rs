//! Rust expressions that build a value from its JSON form in the model
//! (`smithy.api#examples` inputs; protocol test params).

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::{field_ident, ident};
use crate::lower::{CrateIr, StructureIr, TypeIr, ValueType};

/// Builds value expressions against one crate's types.
pub(crate) struct ValueBuilder<'a> {
    types: BTreeMap<&'a str, &'a TypeIr>,
    /// How the code reaches the crate: `crate`, or its name in doctests.
    crate_path: TokenStream,
}

impl<'a> ValueBuilder<'a> {
    pub(crate) fn new(ir: &'a CrateIr, crate_path: TokenStream) -> Self {
        let types = ir.shared_types.iter().map(|ty| (ty.name(), ty)).collect();
        ValueBuilder { types, crate_path }
    }

    /// The structure of the `types` module named `type_name`, if there is one.
    pub(crate) fn error_structure(&self, type_name: &str) -> Option<&'a StructureIr> {
        match self.types.get(type_name) {
            Some(TypeIr::Structure(structure)) => Some(structure),
            _ => None,
        }
    }

    /// `Type::builder().member(value)....build()` (with `?` when it can fail),
    /// for a structure whose type is at `path`.
    pub(crate) fn structure(
        &self,
        structure: &StructureIr,
        path: &TokenStream,
        json: &Value,
    ) -> Result<TokenStream, String> {
        let Value::Object(members) = json else {
            return Err(format!("`{}` needs a JSON object", structure.name));
        };
        let mut setters = Vec::new();
        for (member_name, value) in members {
            let field = structure
                .fields
                .iter()
                .find(|field| &field.member_name == member_name)
                .ok_or_else(|| format!("`{}` has no member `{member_name}`", structure.name))?;
            let setter = field_ident(&field.name);
            match (&field.ty, value) {
                (_, Value::Null) => {}
                (
                    ValueType::List {
                        item: item_type, ..
                    },
                    Value::Array(items),
                ) if !items.is_empty() => {
                    for item_json in items {
                        let item = self.setter_argument(item_type, item_json)?;
                        setters.push(quote!(.#setter(#item)));
                    }
                }
                (
                    ValueType::Map {
                        key,
                        value: value_type,
                        ..
                    },
                    Value::Object(entries),
                ) if !entries.is_empty() => {
                    for (entry_key, entry_value) in entries {
                        let entry_key =
                            self.setter_argument(key, &Value::String(entry_key.clone()))?;
                        let entry_value = self.setter_argument(value_type, entry_value)?;
                        setters.push(quote!(.#setter(#entry_key, #entry_value)));
                    }
                }
                // An explicitly empty list or map: set it, since there is no item to append.
                (ty @ (ValueType::List { .. } | ValueType::Map { .. }), value) => {
                    let set = field_ident(&format!("set_{}", field.name));
                    let value = self.exact(ty, value)?;
                    setters.push(quote!(.#set(::std::option::Option::Some(#value))));
                }
                (ty, value) => {
                    let value = self.setter_argument(ty, value)?;
                    setters.push(quote!(.#setter(#value)));
                }
            }
        }
        let fallible = structure.has_required_fields().then(|| quote!(?));
        Ok(quote!(#path::builder() #(#setters)* .build() #fallible))
    }

    /// What a setter takes: string literals as they are, anything else exactly typed.
    fn setter_argument(&self, ty: &ValueType, json: &Value) -> Result<TokenStream, String> {
        match (ty, json) {
            (ValueType::String, Value::String(text)) => Ok(quote!(#text)),
            // An unsuffixed literal infers as `i32`, which is what the setter takes.
            (ValueType::Integer, Value::Number(number)) => integer(number, Literal::i32_unsuffixed)
                .ok_or_else(|| format!("`{number}` is not an integer")),
            _ => self.exact(ty, json),
        }
    }

    /// An expression of exactly the Rust type of `ty`.
    fn exact(&self, ty: &ValueType, json: &Value) -> Result<TokenStream, String> {
        let crate_path = &self.crate_path;
        let mismatch = || format!("`{json}` is not a valid {ty:?}");
        let expression = match (ty, json) {
            (
                ValueType::String | ValueType::BigInteger | ValueType::BigDecimal,
                Value::String(text),
            ) => {
                quote!(::std::string::String::from(#text))
            }
            (ValueType::BigInteger | ValueType::BigDecimal, Value::Number(number)) => {
                let text = number.to_string();
                quote!(::std::string::String::from(#text))
            }
            (ValueType::Boolean, Value::Bool(value)) => quote!(#value),
            (ValueType::Byte, Value::Number(n)) => {
                integer(n, Literal::i8_suffixed).ok_or_else(mismatch)?
            }
            (ValueType::Short, Value::Number(n)) => {
                integer(n, Literal::i16_suffixed).ok_or_else(mismatch)?
            }
            (ValueType::Integer, Value::Number(n)) => {
                integer(n, Literal::i32_suffixed).ok_or_else(mismatch)?
            }
            (ValueType::Long, Value::Number(n)) => {
                integer(n, Literal::i64_suffixed).ok_or_else(mismatch)?
            }
            (ValueType::Float, json) => float(json, "f32").ok_or_else(mismatch)?,
            (ValueType::Double, json) => float(json, "f64").ok_or_else(mismatch)?,
            (ValueType::Blob, Value::String(text)) => quote!(#text.as_bytes().to_vec()),
            (ValueType::Timestamp(_), Value::Number(number)) => {
                let (seconds, nanos) = epoch_seconds(number).ok_or_else(mismatch)?;
                let seconds = Literal::i64_suffixed(seconds);
                quote!(#crate_path::runtime::datetime::DateTime::from_secs_and_nanos(#seconds, #nanos))
            }
            (ValueType::Timestamp(_), Value::String(text)) => {
                quote!(#text.parse::<#crate_path::runtime::datetime::DateTime>()?)
            }
            (ValueType::Enum(name), Value::String(text)) => {
                let name = ident(name);
                quote!(#crate_path::types::#name::from(#text))
            }
            (ValueType::IntEnum(name), Value::Number(number)) => {
                let name = ident(name);
                let value = integer(number, Literal::i32_unsuffixed).ok_or_else(mismatch)?;
                quote!(#crate_path::types::#name::from(#value))
            }
            (ValueType::Structure { name, boxed }, json) => {
                let Some(TypeIr::Structure(structure)) = self.types.get(name.as_str()) else {
                    return Err(format!("no structure `{name}`"));
                };
                let type_name = ident(name);
                let value =
                    self.structure(structure, &quote!(#crate_path::types::#type_name), json)?;
                boxed_if(*boxed, value)
            }
            (ValueType::Union { name, boxed }, Value::Object(members)) if members.len() == 1 => {
                let value = self.union(name, members)?;
                boxed_if(*boxed, value)
            }
            (ValueType::List { item, .. }, Value::Array(items)) => {
                let items = items
                    .iter()
                    .map(|item_json| self.exact(item, item_json))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec![#(#items),*])
            }
            (ValueType::Map { key, value, .. }, Value::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(entry_key, entry_value)| {
                        let entry_key = self.exact(key, &Value::String(entry_key.clone()))?;
                        let entry_value = self.exact(value, entry_value)?;
                        Ok(quote!((#entry_key, #entry_value)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!(::std::collections::BTreeMap::from([#(#entries),*]))
            }
            _ => return Err(mismatch()),
        };
        Ok(expression)
    }

    fn union(
        &self,
        name: &str,
        members: &serde_json::Map<String, Value>,
    ) -> Result<TokenStream, String> {
        let Some(TypeIr::Union(union)) = self.types.get(name) else {
            return Err(format!("no union `{name}`"));
        };
        let (member_name, json) = members
            .iter()
            .next()
            .ok_or_else(|| format!("`{name}` needs one member set"))?;
        let variant = union
            .variants
            .iter()
            .find(|variant| &variant.member_name == member_name)
            .ok_or_else(|| format!("`{name}` has no member `{member_name}`"))?;
        let crate_path = &self.crate_path;
        let type_name = ident(name);
        let variant_name = ident(&variant.name);
        Ok(match &variant.ty {
            Some(ty) => {
                let value = self.exact(ty, json)?;
                quote!(#crate_path::types::#type_name::#variant_name(#value))
            }
            None => quote!(#crate_path::types::#type_name::#variant_name),
        })
    }
}

/// Whole seconds and nanoseconds from the number's decimal text, so that
/// `946845296.123` is exactly 123 ms past the second (an `f64` is not).
fn epoch_seconds(number: &serde_json::Number) -> Option<(i64, u32)> {
    let text = number.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.len() > 9 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let nanos: u32 = format!("{fraction:0<9}").parse().ok()?;
    if text.starts_with('-') && nanos > 0 {
        // -1.5 is 2 seconds before the epoch plus half a second.
        Some((whole - 1, 1_000_000_000 - nanos))
    } else {
        Some((whole, nanos))
    }
}

fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

fn integer<T: TryFrom<i64>>(
    number: &serde_json::Number,
    literal: fn(T) -> Literal,
) -> Option<TokenStream> {
    let value = T::try_from(number.as_i64()?).ok()?;
    let literal = literal(value);
    Some(quote!(#literal))
}

/// Numbers, and the strings `NaN`, `Infinity`, `-Infinity` the Smithy tests use.
fn float(json: &Value, ty: &str) -> Option<TokenStream> {
    let ty_ident = ident(ty);
    match json {
        Value::Number(number) => format!("{number}_{ty}").parse().ok(),
        Value::String(text) => match text.as_str() {
            "NaN" => Some(quote!(#ty_ident::NAN)),
            "Infinity" => Some(quote!(#ty_ident::INFINITY)),
            "-Infinity" => Some(quote!(#ty_ident::NEG_INFINITY)),
            _ => None,
        },
        _ => None,
    }
}
