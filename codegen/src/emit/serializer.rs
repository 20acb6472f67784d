//! ec2Query request serializers: `to_query_body()` on operation inputs, and a
//! `serialize_query` method on every structure and union a request can contain.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Reach, field_ident, ident};
use crate::lower::{
    FieldIr, OperationIr, Presence, StructureIr, UNKNOWN_VARIANT, UnionIr, ValueType,
};
use crate::model::TimestampFormat;

/// `to_query_body()`, and `to_query_body_with_tokens()` when the input has an
/// idempotency token to fill in.
pub(crate) fn input_serializer(operation: &OperationIr, version: &str) -> TokenStream {
    let input = &operation.input;
    let action = &operation.action;
    let has_token = input.has_idempotency_token();
    let writes = input
        .fields
        .iter()
        .map(|field| write_field(field, &quote!(param)));
    let body_docs =
        format!(" The ec2Query request body (`application/x-www-form-urlencoded`) for `{action}`.");
    let mutability = (!input.fields.is_empty()).then(|| quote!(mut));
    let body = quote! {
        let #mutability writer = crate::runtime::query::QueryWriter::new(#action, #version);
        #(#writes)*
        writer.finish()
    };
    if has_token {
        quote! {
            #[doc = #body_docs]
            ///
            /// Unset idempotency tokens are filled with a fresh random UUID v4.
            #[inline]
            pub fn to_query_body(&self) -> String {
                self.to_query_body_with_tokens(&crate::runtime::idempotency::RandomTokens)
            }

            #[doc = #body_docs]
            ///
            /// Unset idempotency tokens are filled from `tokens`.
            #[inline]
            pub fn to_query_body_with_tokens(
                &self,
                tokens: &dyn crate::runtime::idempotency::IdempotencyTokenProvider,
            ) -> String {
                #body
            }
        }
    } else {
        quote! {
            #[doc = #body_docs]
            #[inline]
            pub fn to_query_body(&self) -> String {
                #body
            }
        }
    }
}

/// `serialize_query` for a structure that requests can contain.
pub(crate) fn structure_serializer(structure: &StructureIr, reach: Reach) -> TokenStream {
    let writes: Vec<TokenStream> = structure
        .fields
        .iter()
        .map(|field| write_field(field, &quote!(member)))
        .collect();
    let parameter = if writes.is_empty() {
        quote!(_writer)
    } else {
        quote!(mut writer)
    };
    quote! {
        #[inline]
        #reach fn serialize_query(
            &self,
            #parameter: crate::runtime::query::QueryValueWriter<'_>,
        ) {
            #(#writes)*
        }
    }
}

/// `serialize_query` for a union that requests can contain: the set variant's key.
pub(crate) fn union_serializer(union: &UnionIr, reach: Reach) -> TokenStream {
    let name = ident(&union.name);
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let key = &variant.query_key;
        match &variant.ty {
            Some(ty) => {
                let write = write_value(ty, &quote!(value), quote!(writer.member(#key)), 0);
                quote!(#name::#variant_name(value) => { #write })
            }
            // A unit variant still says which member is set.
            None => quote!(#name::#variant_name => writer.member(#key).string(""),),
        }
    });
    // A value read from a response may be a member this crate does not know:
    // there is nothing to send for it.
    let unknown = union.in_responses.then(|| {
        let unknown = ident(UNKNOWN_VARIANT);
        quote!(#name::#unknown => {})
    });
    quote! {
        #[inline]
        #reach fn serialize_query(
            &self,
            mut writer: crate::runtime::query::QueryValueWriter<'_>,
        ) {
            match self {
                #(#arms)*
                #unknown
            }
        }
    }
}

/// Writes one field with `writer`, the body's `QueryWriter` or a
/// structure's `QueryValueWriter`, whose method `key_method` (`param` or
/// `member`) starts the field's key: unset optional fields send nothing,
/// unset idempotency tokens send a fresh token.
fn write_field(field: &FieldIr, key_method: &TokenStream) -> TokenStream {
    let name = field_ident(&field.name);
    let key = &field.query_key;
    if field.ty.is_scalar() && !field.idempotency_token {
        // Set or not, required or not: the runtime's `QueryScalar` knows.
        // Both writers have `scalar(key, value)`.
        return quote!(writer.scalar(#key, &self.#name););
    }
    let writer = quote!(writer.#key_method(#key));
    let write = write_value(&field.ty, &quote!(value), writer.clone(), 0);
    match field.presence {
        Presence::Optional | Presence::Checked if field.idempotency_token => quote! {
            match &self.#name {
                Some(value) => { #write }
                None => #writer.string(&tokens.make_idempotency_token()),
            }
        },
        Presence::Optional | Presence::Checked => quote! {
            if let Some(value) = &self.#name {
                #write
            }
        },
        Presence::Required | Presence::Defaulted(_) => quote! {
            {
                let value = &self.#name;
                #write
            }
        },
    }
}

/// Writes the value `value` (an expression of type `&T`) with `writer` (an
/// expression of type `QueryValueWriter`). `depth` keeps loop bindings of
/// nested lists and maps apart.
fn write_value(
    ty: &ValueType,
    value: &TokenStream,
    writer: TokenStream,
    depth: usize,
) -> TokenStream {
    match ty {
        ValueType::String | ValueType::BigInteger | ValueType::BigDecimal => {
            quote!(#writer.string(#value);)
        }
        ValueType::Boolean => quote!(#writer.boolean(*#value);),
        ValueType::Byte | ValueType::Short | ValueType::Integer | ValueType::Long => {
            quote!(#writer.integer(*#value);)
        }
        ValueType::Float => quote!(#writer.float(*#value);),
        ValueType::Double => quote!(#writer.double(*#value);),
        ValueType::Blob => quote!(#writer.blob(#value);),
        ValueType::Timestamp(format) => {
            let format = timestamp_format(*format);
            quote!(#writer.timestamp(#value, #format);)
        }
        ValueType::Enum(_) => quote!(#writer.string(#value.as_str());),
        ValueType::IntEnum(_) => quote!(#writer.integer(#value.value());),
        ValueType::Structure { .. } | ValueType::Union { .. } => {
            quote!(#value.serialize_query(#writer);)
        }
        ValueType::List {
            item: item_type, ..
        } => {
            let list = format_ident!("list_{depth}");
            let item = format_ident!("item_{depth}");
            let write_item =
                write_value(item_type, &quote!(#item), quote!(#list.item()), depth + 1);
            quote! {
                let mut #list = #writer.list();
                for #item in #value {
                    #write_item
                }
            }
        }
        ValueType::Map {
            value: value_type, ..
        } => {
            let map = format_ident!("map_{depth}");
            let entry_key = format_ident!("key_{depth}");
            let entry_value = format_ident!("value_{depth}");
            // Keys are strings or string enums; both have `as_str`.
            let key_text = quote!(#entry_key.as_str());
            let write_entry = write_value(
                value_type,
                &quote!(#entry_value),
                quote!(#map.entry(#key_text)),
                depth + 1,
            );
            quote! {
                let mut #map = #writer.map();
                for (#entry_key, #entry_value) in #value {
                    #write_entry
                }
            }
        }
    }
}

fn timestamp_format(format: TimestampFormat) -> TokenStream {
    let variant = match format {
        TimestampFormat::DateTime => quote!(DateTime),
        TimestampFormat::EpochSeconds => quote!(EpochSeconds),
        TimestampFormat::HttpDate => quote!(HttpDate),
    };
    quote!(crate::runtime::datetime::TimestampFormat::#variant)
}
