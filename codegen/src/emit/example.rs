//! Rust expressions for values written in the model ([`ValueIr`]): example
//! inputs in doctests, compliance-case params in tests. Lowering has checked
//! every value against its type, so printing cannot fail.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{field_ident, ident};
use crate::lower::{FloatIr, StructureValueIr, ValueIr};

/// Prints values against one crate's types.
pub(crate) struct ValuePrinter {
    /// How the code reaches the crate: `crate`, or its name in doctests.
    crate_path: TokenStream,
}

impl ValuePrinter {
    pub(crate) fn new(crate_path: TokenStream) -> Self {
        ValuePrinter { crate_path }
    }

    /// `Type::builder().member(value)....build()`, with `?` when it can fail.
    pub(crate) fn structure(&self, value: &StructureValueIr) -> TokenStream {
        let crate_path = &self.crate_path;
        let name = ident(&value.type_name);
        let path = match &value.operation_module {
            Some(module) => {
                let module = ident(module);
                quote!(#crate_path::operation::#module::#name)
            }
            None => quote!(#crate_path::types::#name),
        };
        let setters = value.fields.iter().flat_map(|field| {
            let setter = field_ident(&field.setter);
            match &field.value {
                // List setters append and map setters insert, one call each.
                ValueIr::List(items) if !items.is_empty() => items
                    .iter()
                    .map(|item| {
                        let item = self.setter_argument(item);
                        quote!(.#setter(#item))
                    })
                    .collect::<Vec<_>>(),
                ValueIr::Map(entries) if !entries.is_empty() => entries
                    .iter()
                    .map(|(key, value)| {
                        let (key, value) = (self.setter_argument(key), self.setter_argument(value));
                        quote!(.#setter(#key, #value))
                    })
                    .collect(),
                // Given empty: there is no item to append, so set it.
                ValueIr::List(_) | ValueIr::Map(_) => {
                    let value = self.exact(&field.value);
                    match &field.set_method {
                        Some(set) => {
                            let set = field_ident(set);
                            vec![quote!(.#set(Some(#value)))]
                        }
                        None => vec![quote!(.#setter(#value))],
                    }
                }
                other => {
                    let value = self.setter_argument(other);
                    vec![quote!(.#setter(#value))]
                }
            }
        });
        let fallible = value.fallible_build.then(|| quote!(?));
        quote!(#path::builder() #(#setters)* .build() #fallible)
    }

    /// What a setter is given: string literals as they are (a string
    /// member's setter takes `&str`), unsuffixed integers, structures
    /// unboxed, anything else exactly typed.
    fn setter_argument(&self, value: &ValueIr) -> TokenStream {
        match value {
            ValueIr::String(text) => quote!(#text),
            ValueIr::Integer(number) => {
                let literal = Literal::i32_unsuffixed(*number);
                quote!(#literal)
            }
            // The setter of a boxed member boxes what it is given.
            ValueIr::Structure { value, .. } => self.structure(value),
            ValueIr::Union {
                type_name,
                variant,
                value,
                ..
            } => self.union(type_name, variant, value.as_deref()),
            other => self.exact(other),
        }
    }

    /// `Union::Variant(value)`, or `Union::Variant` for a variant without data.
    fn union(&self, type_name: &str, variant: &str, value: Option<&ValueIr>) -> TokenStream {
        let crate_path = &self.crate_path;
        let (type_name, variant) = (ident(type_name), ident(variant));
        match value {
            Some(value) => {
                let value = self.exact(value);
                quote!(#crate_path::types::#type_name::#variant(#value))
            }
            None => quote!(#crate_path::types::#type_name::#variant),
        }
    }

    /// An expression of exactly the value's Rust type.
    fn exact(&self, value: &ValueIr) -> TokenStream {
        let crate_path = &self.crate_path;
        match value {
            ValueIr::String(text) => quote!(String::from(#text)),
            ValueIr::Boolean(value) => quote!(#value),
            ValueIr::Byte(number) => literal(Literal::i8_suffixed(*number)),
            ValueIr::Short(number) => literal(Literal::i16_suffixed(*number)),
            ValueIr::Integer(number) => literal(Literal::i32_suffixed(*number)),
            ValueIr::Long(number) => literal(Literal::i64_suffixed(*number)),
            ValueIr::Float(value) => float(*value, quote!(f32), |value| {
                // The model's number, to the precision the field keeps.
                Literal::f32_suffixed(value as f32)
            }),
            ValueIr::Double(value) => float(*value, quote!(f64), Literal::f64_suffixed),
            ValueIr::Blob(bytes) => {
                let bytes = Literal::byte_string(bytes);
                quote!(#bytes.to_vec())
            }
            ValueIr::Timestamp { seconds, nanos } => {
                let seconds = Literal::i64_suffixed(*seconds);
                quote!(#crate_path::runtime::datetime::DateTime::from_secs_and_nanos(#seconds, #nanos))
            }
            ValueIr::Enum { type_name, variant } => {
                let (type_name, variant) = (ident(type_name), ident(variant));
                quote!(#crate_path::types::#type_name::#variant)
            }
            ValueIr::Structure { value, boxed } => boxed_if(*boxed, self.structure(value)),
            ValueIr::Union {
                type_name,
                variant,
                value,
                boxed,
            } => boxed_if(*boxed, self.union(type_name, variant, value.as_deref())),
            ValueIr::List(items) => {
                let items = items.iter().map(|item| self.exact(item));
                quote!(std::vec![#(#items),*])
            }
            ValueIr::Map(entries) => {
                let entries = entries.iter().map(|(key, value)| {
                    let (key, value) = (self.exact(key), self.exact(value));
                    quote!((#key, #value))
                });
                quote!(std::collections::BTreeMap::from([#(#entries),*]))
            }
        }
    }
}

fn literal(literal: Literal) -> TokenStream {
    quote!(#literal)
}

fn float(value: FloatIr, ty: TokenStream, finite: impl Fn(f64) -> Literal) -> TokenStream {
    match value {
        FloatIr::Finite(value) => literal(finite(value)),
        FloatIr::NaN => quote!(#ty::NAN),
        FloatIr::Infinity => quote!(#ty::INFINITY),
        FloatIr::NegativeInfinity => quote!(#ty::NEG_INFINITY),
    }
}

fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
