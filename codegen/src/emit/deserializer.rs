//! XML response deserializers: `deserialize_xml` on every structure and union
//! a response or an error can contain. Members are matched by element name;
//! unknown elements are skipped whole.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::builder::or_default;
use super::{Reach, field_ident, ident};
use crate::lower::{FieldIr, Presence, StructureIr, UNKNOWN_VARIANT, UnionIr, ValueType};
use crate::model::TimestampFormat;

/// The element the operation's output puts the request id in.
const REQUEST_ID_ELEMENT: &str = "requestId";

pub(crate) fn structure_deserializer(structure: &StructureIr, reach: Reach) -> TokenStream {
    let name = ident(&structure.name);
    let locals = structure.fields.iter().map(|field| {
        let local = local_name(field);
        let ty = super::types::rust_type(&field.ty);
        quote!(let mut #local: Option<#ty> = None;)
    });
    let attributes: Vec<TokenStream> = structure
        .fields
        .iter()
        .filter(|field| field.xml.attribute)
        .map(attribute_read)
        .collect();
    let mut arms: Vec<TokenStream> = structure
        .fields
        .iter()
        .filter(|field| !field.xml.attribute)
        .map(element_arm)
        .collect();
    // An output's request id: the `requestId` element (unless a member
    // claims it), else the one `read_response` gives from the header.
    let is_output = structure.response_root.is_some();
    let keeps_request_id = is_output
        && !structure
            .fields
            .iter()
            .any(|field| field.xml.name == REQUEST_ID_ELEMENT);
    if keeps_request_id {
        arms.push(quote! {
            #REQUEST_ID_ELEMENT => reader.scalar_into(&mut request_id),
        });
    }
    let request_id_parameter = is_output.then(|| {
        let binding = if keeps_request_id {
            quote!(mut request_id)
        } else {
            quote!(request_id)
        };
        quote!(#binding: Option<String>,)
    });
    let request_id_field = is_output.then(|| quote!(_request_id: request_id,));
    let values = structure.fields.iter().map(|field| {
        let member = field_ident(&field.name);
        let local = local_name(field);
        let value = match &field.presence {
            Presence::Optional | Presence::Checked => quote!(#local),
            // A service may leave out a member the model requires (Smithy's
            // client error correction): the member gets its zero value.
            Presence::Required => or_zero(quote!(#local), &field.ty),
            Presence::Defaulted(default) => or_default(quote!(#local), default, &field.ty),
        };
        quote!(#member: #value,)
    });
    let start = if attributes.is_empty() {
        quote!(_start)
    } else {
        quote!(start)
    };
    let read_children = if arms.is_empty() {
        // Nothing to look for: every child is unknown.
        quote! {
            while reader.next_child()?.is_some() {
                reader.skip()?;
            }
        }
    } else {
        // Each arm is one call of the runtime; the match gives its result.
        let use_xml = arms.iter().any(names_xml).then(|| {
            quote!(
                use crate::runtime::xml;
            )
        });
        quote! {
            #use_xml
            while let Some(child) = reader.next_child()? {
                match child.local_name() {
                    #(#arms)*
                    _ => reader.skip(),
                }?;
            }
        }
    };
    quote! {
        #[inline]
        #reach fn deserialize_xml(
            reader: &mut crate::runtime::xml::XmlReader<'_>,
            #start: &crate::runtime::xml::StartTag<'_>,
            #request_id_parameter
        ) -> Result<Self, crate::runtime::xml::DeserializeError> {
            #(#locals)*
            #(#attributes)*
            #read_children
            Ok(#name {
                #(#values)*
                #request_id_field
            })
        }
    }
}

/// `zero_value()`: what reading a response gives a required member holding
/// this structure when the member is left out.
pub(crate) fn zero_value_constructor(structure: &StructureIr, reach: Reach) -> TokenStream {
    if !structure.needs_zero_value {
        return TokenStream::new();
    }
    let name = ident(&structure.name);
    let fields = structure.fields.iter().map(|field| {
        let member = field_ident(&field.name);
        let value = match &field.presence {
            Presence::Optional | Presence::Checked => quote!(None),
            Presence::Defaulted(default) => or_default(quote!(None), default, &field.ty),
            Presence::Required => zero_value(&field.ty),
        };
        quote!(#member: #value,)
    });
    quote! {
        /// Every member unset, or at its default or zero value.
        #[inline]
        #reach fn zero_value() -> Self {
            #name { #(#fields)* }
        }
    }
}

/// `option`, or the zero value of `ty` when it is `None`, spelled the way
/// clippy wants for each kind of value.
fn or_zero(option: TokenStream, ty: &ValueType) -> TokenStream {
    match ty {
        ValueType::Structure { name, boxed: false } => {
            let name = ident(name);
            quote!(#option.unwrap_or_else(crate::types::#name::zero_value))
        }
        ValueType::Timestamp(_) | ValueType::Union { boxed: false, .. } => {
            let zero = zero_value(ty);
            quote!(#option.unwrap_or(#zero))
        }
        ValueType::Enum(_)
        | ValueType::IntEnum(_)
        | ValueType::Structure { .. }
        | ValueType::Union { .. } => {
            let zero = zero_value(ty);
            quote!(#option.unwrap_or_else(|| #zero))
        }
        // The zero value is the type's `Default`.
        _ => quote!(#option.unwrap_or_default()),
    }
}

/// The zero value of a required member's type (Smithy's client error
/// correction). A cycle of required structure members has none: it is a
/// model error, caught by validation.
fn zero_value(ty: &ValueType) -> TokenStream {
    match ty {
        ValueType::String | ValueType::BigInteger | ValueType::BigDecimal => {
            quote!(String::new())
        }
        ValueType::Boolean => quote!(false),
        ValueType::Byte | ValueType::Short | ValueType::Integer | ValueType::Long => quote!(0),
        ValueType::Float | ValueType::Double => quote!(0.0),
        ValueType::Blob | ValueType::List { .. } => quote!(Vec::new()),
        ValueType::Map { .. } => quote!(std::collections::BTreeMap::new()),
        ValueType::Timestamp(_) => quote!(crate::runtime::datetime::DateTime::UNIX_EPOCH),
        ValueType::Enum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(""))
        }
        ValueType::IntEnum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(0))
        }
        ValueType::Structure { name, boxed } => {
            let name = ident(name);
            boxed_if(*boxed, quote!(crate::types::#name::zero_value()))
        }
        ValueType::Union { name, boxed } => {
            let (name, unknown) = (ident(name), ident(UNKNOWN_VARIANT));
            boxed_if(*boxed, quote!(crate::types::#name::#unknown))
        }
    }
}

fn boxed_if(boxed: bool, value: TokenStream) -> TokenStream {
    if boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}

pub(crate) fn union_deserializer(union: &UnionIr, reach: Reach) -> TokenStream {
    let name = ident(&union.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let type_name = &union.name;
    let arms: Vec<TokenStream> = union
        .variants
        .iter()
        .map(|variant| {
            let element = &variant.xml.name;
            let variant_name = ident(&variant.name);
            match &variant.ty {
                Some(ty) => {
                    let read = value_reader(ty);
                    quote!(#element => value = Some(#name::#variant_name(#read(reader, &child)?)),)
                }
                None => quote! {
                    #element => {
                        reader.skip()?;
                        value = Some(#name::#variant_name);
                    }
                },
            }
        })
        .collect();
    let use_xml = arms.iter().any(names_xml).then(|| {
        quote!(
            use crate::runtime::xml;
        )
    });
    quote! {
        #[inline]
        #reach fn deserialize_xml(
            reader: &mut crate::runtime::xml::XmlReader<'_>,
            _start: &crate::runtime::xml::StartTag<'_>,
        ) -> Result<Self, crate::runtime::xml::DeserializeError> {
            #use_xml
            let mut value = None;
            while let Some(child) = reader.next_child()? {
                match child.local_name() {
                    #(#arms)*
                    // A member this crate does not know, from a newer service.
                    _ => {
                        reader.skip()?;
                        value.get_or_insert(#name::#unknown);
                    }
                }
            }
            value.ok_or_else(|| {
                crate::runtime::xml::DeserializeError::missing_member(#type_name, "(a member)")
            })
        }
    }
}

fn local_name(field: &FieldIr) -> Ident {
    format_ident!("field_{}", field.name.trim_start_matches("r#"))
}

/// The match arm of one member element: one call of the runtime that reads
/// it into the member's local. Flattened lists and maps repeat their items
/// in place, so each occurrence adds one.
fn element_arm(field: &FieldIr) -> TokenStream {
    let element = &field.xml.name;
    let local = local_name(field);
    let read = match (&field.ty, field.xml.flattened) {
        (ValueType::List { item, .. }, true) => {
            let item = value_reader(item);
            quote!(reader.push_into(&mut #local, &child, #item))
        }
        (ValueType::List { item, item_name }, false) => {
            let item = value_reader(item);
            quote!(reader.list_into(&mut #local, #item_name, #item))
        }
        (
            ValueType::Map {
                key,
                value,
                key_name,
                value_name,
            },
            flattened,
        ) => {
            let names = entry_names(key_name, value_name);
            let (key, value) = (value_reader(key), value_reader(value));
            if flattened {
                quote!(reader.insert_into(&mut #local, #names, #key, #value))
            } else {
                quote!(reader.map_into(&mut #local, #names, #key, #value))
            }
        }
        (ty, _) if ty.is_scalar() => quote!(reader.scalar_into(&mut #local)),
        (ty, _) => {
            let read = value_reader(ty);
            quote!(reader.read_into(&mut #local, &child, #read))
        }
    };
    quote!(#element => #read,)
}

/// Whether emitted code refers to the `xml` module (so the deserializer
/// needs it in scope).
fn names_xml(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == "xml",
        proc_macro2::TokenTree::Group(group) => names_xml(&group.stream()),
        _ => false,
    })
}

fn entry_names(key: &str, value: &str) -> TokenStream {
    quote!(xml::EntryNames { key: #key, value: #value })
}

/// The runtime's reader of one value of `ty` from the element just entered
/// (a function `(reader, start) -> Result<T, DeserializeError>`), with
/// `xml` naming `crate::runtime::xml`.
fn value_reader(ty: &ValueType) -> TokenStream {
    match ty {
        // The slot or item the value goes to gives its type.
        ValueType::String
        | ValueType::BigInteger
        | ValueType::BigDecimal
        | ValueType::Boolean
        | ValueType::Byte
        | ValueType::Short
        | ValueType::Integer
        | ValueType::Long
        | ValueType::Float
        | ValueType::Double => quote!(xml::read_scalar),
        ValueType::Blob => quote!(xml::read_blob),
        ValueType::Timestamp(format) => {
            let format = match format {
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(xml::read_timestamp(crate::runtime::datetime::TimestampFormat::#format))
        }
        ValueType::Enum(name) => {
            let name = ident(name);
            quote!(xml::read_enum::<crate::types::#name>)
        }
        ValueType::IntEnum(name) => {
            let name = ident(name);
            quote!(xml::read_int_enum::<crate::types::#name>)
        }
        ValueType::Structure { name, boxed } | ValueType::Union { name, boxed } => {
            let name = ident(name);
            let read = quote!(crate::types::#name::deserialize_xml);
            if *boxed {
                quote!(xml::boxed(#read))
            } else {
                read
            }
        }
        ValueType::List { item, item_name } => {
            let item = value_reader(item);
            quote!(xml::list_of(#item_name, #item))
        }
        ValueType::Map {
            key,
            value,
            key_name,
            value_name,
        } => {
            let names = entry_names(key_name, value_name);
            let (key, value) = (value_reader(key), value_reader(value));
            quote!(xml::map_of(#names, #key, #value))
        }
    }
}

fn attribute_read(field: &FieldIr) -> TokenStream {
    let local = local_name(field);
    let attribute = &field.xml.name;
    let parse = parse_text(&field.ty, &quote!(text));
    quote! {
        if let Some(text) = start.attribute(#attribute) {
            #local = Some(#parse);
        }
    }
}

/// An expression parsing `text` (an expression of type `String`) as a scalar.
fn parse_text(ty: &ValueType, text: &TokenStream) -> TokenStream {
    let xml = quote!(crate::runtime::xml);
    match ty {
        ValueType::String | ValueType::BigInteger | ValueType::BigDecimal => quote!(#text),
        ValueType::Boolean => quote!(#xml::parse_bool(&#text)?),
        ValueType::Byte => quote!(#xml::parse_integer::<i8>(&#text)?),
        ValueType::Short => quote!(#xml::parse_integer::<i16>(&#text)?),
        ValueType::Integer => quote!(#xml::parse_integer::<i32>(&#text)?),
        ValueType::Long => quote!(#xml::parse_integer::<i64>(&#text)?),
        ValueType::Float => quote!(#xml::parse_float(&#text)?),
        ValueType::Double => quote!(#xml::parse_double(&#text)?),
        ValueType::Blob => quote!(#xml::parse_blob(&#text)?),
        ValueType::Timestamp(format) => {
            let format = match format {
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            quote!(#xml::parse_timestamp(&#text, crate::runtime::datetime::TimestampFormat::#format)?)
        }
        ValueType::Enum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(#text.as_str()))
        }
        ValueType::IntEnum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(#xml::parse_integer::<i32>(&#text)?))
        }
        // Aggregates are read element by element, never from text.
        ValueType::Structure { .. }
        | ValueType::Union { .. }
        | ValueType::List { .. }
        | ValueType::Map { .. } => quote!(#text),
    }
}
