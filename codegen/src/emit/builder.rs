//! Builders: a setter per member, which takes the value or an `Option` of
//! it (the generated crate's `IntoMember`); list
//! setters that append and map setters that insert, with a `set_` that
//! replaces the collection; and `build()` that names a missing member. Their
//! fields are public (all may be unset), so reading one needs no `get_`.
//! A structure whose members are all optional is its own builder: the
//! setters on the struct, `build()` returning it, and `XBuilder` naming it.
//! An operation input is not its own builder, as its builder holds a client
//! too: when its members are all optional, the builder holds the input (its
//! public `input`), which the setters write.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs};
use super::structure::{Generics, debug_impl, field_docs};
use super::types::rust_type;
use super::{field_ident, ident};
use crate::lower::{DefaultValue, FieldIr, Presence, StructureIr, ValueType};

pub(crate) fn builder(structure: &StructureIr) -> TokenStream {
    let gate = test_util_gate(structure);
    if structure.builds_itself {
        self_builder(structure, gate.as_ref())
    } else {
        separate_builder(
            structure,
            TokenStream::new(),
            &Generics::none(),
            gate.as_ref(),
        )
    }
}

/// `#[cfg(any(test, feature = "test-util"))]` for what builds a structure
/// only responses hold: reading a response needs no builder, so only a
/// program that makes fake responses (a test, the crate's own protocol
/// tests) pays for compiling one.
pub(crate) fn test_util_gate(structure: &StructureIr) -> Option<TokenStream> {
    (!structure.in_requests).then(|| quote!(#[cfg(any(test, feature = "test-util"))]))
}

/// The builder of an operation's input: it holds a
/// [`Caller`](crate::runtime::caller::Caller) besides the members, the
/// client a fluent call came from (`client.operation()`), which its `send()`
/// uses. An operation with waiters has a builder generic over the waiter
/// (`client.wait_until_x()` gives one whose `wait()` waits with `x`), `()`
/// when it calls. When every member is optional the builder holds the input
/// itself, so that nothing is written twice.
pub(crate) fn input_builder(structure: &StructureIr, has_waiters: bool) -> TokenStream {
    let generics = if has_waiters {
        Generics::waiter()
    } else {
        Generics::none()
    };
    if structure.builds_itself {
        wrapping_builder(structure, &generics)
    } else {
        let applied = &generics.applied;
        let caller = quote!(_caller: crate::runtime::caller::Caller #applied,);
        separate_builder(structure, caller, &generics, None)
    }
}

/// A builder with a field per member, each an `Option` until `build()`;
/// each of its items behind `gate`, if any.
fn separate_builder(
    structure: &StructureIr,
    extra_fields: TokenStream,
    generics: &Generics,
    gate: Option<&TokenStream>,
) -> TokenStream {
    let name = ident(&structure.builder_name);
    let docs = format!(" A builder for [`{}`].", structure.name);
    // Public, as every field of a builder may be unset: reading one needs
    // no `get_` method.
    let fields = structure.fields.iter().map(|field| {
        let name = field_ident(&field.name);
        let ty = rust_type(&field.ty);
        let docs = format!(" The `{}` set so far, if any.", field.member_name);
        let deprecated = deprecated_attr(field.deprecated.as_ref());
        quote! {
            #[doc = #docs]
            #deprecated
            pub #name: Option<#ty>,
        }
    });
    let methods = structure
        .fields
        .iter()
        .map(|field| accessors(field, quote!(self)));
    let build = build_method(structure);
    let debug_derive = (!structure.has_sensitive_fields()).then(|| quote!(Debug,));
    let debug = debug_impl(&structure.builder_name, structure, quote!(self), generics);
    let Generics {
        on_type,
        declared,
        applied,
    } = generics;
    let debug = debug.map(|debug| quote!(#gate #debug));
    quote! {
        #[doc = #docs]
        #gate
        #[derive(Clone, PartialEq, Default, #debug_derive)]
        pub struct #name #on_type {
            #(#fields)*
            #extra_fields
        }

        #gate
        impl #declared #name #applied {
            #(#methods)*
            #build
        }

        #debug
    }
}

/// An input builder that holds the input: the setters write its public
/// fields, and `build()` hands it over.
fn wrapping_builder(structure: &StructureIr, generics: &Generics) -> TokenStream {
    let name = ident(&structure.builder_name);
    let input = ident(&structure.name);
    let docs = format!(" A builder for [`{}`].", structure.name);
    let build_docs = format!(" Builds the [`{}`].", structure.name);
    let methods = structure
        .fields
        .iter()
        .map(|field| accessors(field, quote!(self.input)));
    let Generics {
        on_type,
        declared,
        applied,
    } = generics;
    // The input's own `Debug` redacts what is sensitive.
    quote! {
        #[doc = #docs]
        #[derive(Clone, PartialEq, Default, Debug)]
        pub struct #name #on_type {
            /// The input as set so far.
            pub input: #input,
            _caller: crate::runtime::caller::Caller #applied,
        }

        impl #declared #name #applied {
            #(#methods)*

            #[doc = #build_docs]
            #[inline]
            pub fn build(self) -> #input {
                self.input
            }
        }
    }
}

/// The setters on the structure itself, with `XBuilder` as another name of
/// it; both behind `gate`, if any.
fn self_builder(structure: &StructureIr, gate: Option<&TokenStream>) -> TokenStream {
    let name = ident(&structure.name);
    let builder = ident(&structure.builder_name);
    let alias_docs = format!(
        " The builder of [`{0}`] is `{0}` itself: every member is optional, so the setters are on it and `build()` returns it.",
        structure.name
    );
    // Its fields are public: reading one needs no `get_` method.
    let methods = structure
        .fields
        .iter()
        .map(|field| accessors(field, quote!(self)));
    quote! {
        #[doc = #alias_docs]
        #gate
        pub type #builder = #name;

        #gate
        impl #name {
            #(#methods)*

            /// Returns the value: the structure is its own builder.
            #[inline]
            pub fn build(self) -> Self {
                self
            }
        }
    }
}

/// The methods of the `std::ops` traits whose signature a setter shares.
const OPERATOR_METHODS: &[&str] = &[
    "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor",
];

/// The accessors of one member of the structure `fields` holds (`self`, or
/// the input a builder wraps): one setter, which takes the value or an
/// `Option` of it; for a list or map, a setter that appends an item or
/// inserts an entry, and `set_`, which replaces the whole collection.
fn accessors(field: &FieldIr, fields: TokenStream) -> TokenStream {
    let name = field_ident(&field.name);
    let deprecated = deprecated_attr(field.deprecated.as_ref());
    // A member named `Add` gives `fn add(self, item) -> Self`, which clippy
    // takes for an operator method missing its trait.
    let allow = OPERATOR_METHODS
        .contains(&field.name.as_str())
        .then(|| quote!(#[allow(clippy::should_implement_trait)]));
    let mut doc_lines = field_docs(field);
    if doc_lines.is_empty() {
        doc_lines.push(format!("Sets `{}`.", field.member_name));
    }
    let docs = doc_attrs(&doc_lines);
    let separator = quote!(#[doc = ""]);
    let setter = match &field.ty {
        ValueType::List { item, .. } => {
            let item = rust_type(item);
            quote! {
                #docs
                #separator
                /// Appends one item; call it again for more.
                #deprecated
                #allow
                pub fn #name(mut self, item: impl Into<#item>) -> Self {
                    #fields.#name.get_or_insert_with(Vec::new).push(item.into());
                    self
                }
            }
        }
        ValueType::Map { key, value, .. } => {
            let key = rust_type(key);
            let value = rust_type(value);
            quote! {
                #docs
                #separator
                /// Inserts one entry; call it again for more.
                #deprecated
                #allow
                pub fn #name(
                    mut self,
                    key: impl Into<#key>,
                    value: impl Into<#value>,
                ) -> Self {
                    #fields.#name
                        .get_or_insert_with(std::collections::BTreeMap::new)
                        .insert(key.into(), value.into());
                    self
                }
            }
        }
        other => {
            // A boxed (recursive) member's setter takes the value: the box is
            // how the type holds it.
            let (ty, value) = match other {
                ValueType::Structure {
                    name: type_name,
                    boxed: true,
                }
                | ValueType::Union {
                    name: type_name,
                    boxed: true,
                } => {
                    let type_name = ident(type_name);
                    (
                        quote!(crate::types::#type_name),
                        quote!(input.into_member().map(Box::new)),
                    )
                }
                ty => (rust_type(ty), quote!(input.into_member())),
            };
            quote! {
                #docs
                #deprecated
                #allow
                pub fn #name(mut self, input: impl crate::IntoMember<#ty>) -> Self {
                    #fields.#name = #value;
                    self
                }
            }
        }
    };
    let Some(set) = &field.set_method else {
        return setter;
    };
    let set = field_ident(set);
    let ty = rust_type(&field.ty);
    let set_docs = format!(" Sets or clears the whole `{}`.", field.member_name);
    quote! {
        #setter

        #[doc = #set_docs]
        #deprecated
        #[inline]
        pub fn #set(mut self, input: Option<#ty>) -> Self {
            #fields.#name = input;
            self
        }
    }
}

/// `build()`: fallible only when some member is required.
fn build_method(structure: &StructureIr) -> TokenStream {
    let target = ident(&structure.name);
    let values = structure.fields.iter().map(|field| {
        let name = field_ident(&field.name);
        let value = match &field.presence {
            Presence::Optional => quote!(self.#name),
            Presence::Required | Presence::Checked => {
                let type_name = &structure.name;
                let member = &field.name;
                let value = quote! {
                    self.#name.ok_or_else(|| {
                        crate::runtime::build_error::BuildError::missing_member(#type_name, #member)
                    })?
                };
                if field.presence.is_option() {
                    quote!(Some(#value))
                } else {
                    value
                }
            }
            Presence::Defaulted(default) => or_default(quote!(self.#name), default, &field.ty),
        };
        quote!(#name: #value,)
    });
    // Only responses carry a request id; a built output has none.
    let request_id = structure
        .response_root
        .is_some()
        .then(|| quote!(_request_id: None,));
    let docs = format!(" Builds the [`{}`].", structure.name);
    if structure.has_required_fields() {
        let error_docs = " Fails with a [`BuildError`](crate::runtime::build_error::BuildError) naming the first required member that is unset.";
        quote! {
            #[doc = #docs]
            ///
            #[doc = #error_docs]
            #[inline]
            pub fn build(self) -> Result<#target, crate::runtime::build_error::BuildError> {
                Ok(#target { #(#values)* #request_id })
            }
        }
    } else {
        quote! {
            #[doc = #docs]
            #[inline]
            pub fn build(self) -> #target {
                #target { #(#values)* #request_id }
            }
        }
    }
}

/// `option` (an `Option<T>` expression) with the model's default when it is `None`.
pub(crate) fn or_default(
    option: TokenStream,
    default: &DefaultValue,
    ty: &ValueType,
) -> TokenStream {
    match default {
        DefaultValue::EmptyList | DefaultValue::EmptyMap => quote!(#option.unwrap_or_default()),
        // Only a string allocates, so only it is worth a closure.
        DefaultValue::String(_) => {
            let default = default_expression(default, ty);
            quote!(#option.unwrap_or_else(|| #default))
        }
        _ => {
            let default = default_expression(default, ty);
            quote!(#option.unwrap_or(#default))
        }
    }
}

fn default_expression(default: &DefaultValue, ty: &ValueType) -> TokenStream {
    match (default, ty) {
        (DefaultValue::Bool(value), _) => quote!(#value),
        (DefaultValue::Integer(value), ty) => {
            // Lowering keeps only defaults that fit the member's type.
            let literal = match ty {
                ValueType::Byte => Literal::i8_suffixed(i8::try_from(*value).unwrap_or_default()),
                ValueType::Short => {
                    Literal::i16_suffixed(i16::try_from(*value).unwrap_or_default())
                }
                ValueType::Integer => {
                    Literal::i32_suffixed(i32::try_from(*value).unwrap_or_default())
                }
                _ => Literal::i64_suffixed(*value),
            };
            quote!(#literal)
        }
        (DefaultValue::Float(value), ValueType::Float) => {
            let literal = Literal::f32_suffixed(*value as f32);
            quote!(#literal)
        }
        (DefaultValue::Float(value), _) => {
            let literal = Literal::f64_suffixed(*value);
            quote!(#literal)
        }
        (DefaultValue::String(value), ValueType::Enum(name)) => {
            let name = ident(name);
            quote!(crate::types::#name::from(#value))
        }
        (DefaultValue::String(value), _) => quote!(String::from(#value)),
        (DefaultValue::EmptyList | DefaultValue::EmptyMap, _) => {
            quote!(Default::default())
        }
    }
}
