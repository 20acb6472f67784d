//! Structures: the struct, its `builder()` and, when a member is sensitive, a
//! redacting `Debug`.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::test_util_gate;
use super::docs::{deprecated_attr, doc_attrs, doc_attrs_with};
use super::types::field_type;
use super::{field_ident, ident};
use crate::lower::{FieldIr, Presence, StructureIr, ValueType};

/// What `Debug` prints in place of a sensitive value.
pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// The struct and its inherent methods: `builder()`, `request_id()` for an
/// output, then `methods` (its serializer, deserializer and the like).
pub(crate) fn structure(structure: &StructureIr, methods: TokenStream) -> TokenStream {
    let name = ident(&structure.name);
    let builder = ident(&structure.builder_name);
    let docs = doc_attrs_with(
        &structure.docs,
        &[format!("Smithy shape `{}`.", structure.shape_id)],
    );
    let deprecated = deprecated_attr(structure.deprecated.as_ref());
    let fields = structure.fields.iter().map(field);
    let derives = derives(structure);
    let debug = debug_impl(&structure.name, structure, quote!(self), &Generics::none());
    let builder_docs = format!(" A builder for [`{}`].", structure.name);
    let keeps_request_id = structure.response_root.is_some();
    // A request id is the service's, not part of the value.
    let request_id_field = keeps_request_id.then(|| {
        quote! {
            #[cfg_attr(feature = "serde", serde(skip))]
            pub(crate) _request_id: Option<String>,
        }
    });
    let request_id_method = keeps_request_id.then(|| {
        quote! {
            /// The id EC2 gave the request (the response's `requestId`, else its `x-amzn-requestid` header); quote it to AWS support.
            #[inline]
            pub fn request_id(&self) -> Option<&str> {
                self._request_id.as_deref()
            }
        }
    });
    let builder_gate = test_util_gate(structure);
    let error_impls = structure
        .error_code
        .as_ref()
        .map(|code| error_impls(structure, code));
    quote! {
        #docs
        #deprecated
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #request_id_field
        }

        impl #name {
            #[doc = #builder_docs]
            #builder_gate
            #[inline]
            pub fn builder() -> #builder {
                #builder::default()
            }

            #request_id_method
            #methods
        }

        #debug
        #error_impls
    }
}

/// Display (`Code: message`) and `std::error::Error` for an error shape.
fn error_impls(structure: &StructureIr, code: &str) -> TokenStream {
    let name = ident(&structure.name);
    let message = structure.fields.iter().find(|field| {
        field.member_name.eq_ignore_ascii_case("message") && field.ty == ValueType::String
    });
    let write_message = message.map(|field| {
        let member = field_ident(&field.name);
        match field.presence {
            Presence::Optional | Presence::Checked => quote! {
                if let Some(message) = &self.#member {
                    std::write!(formatter, ": {message}")?;
                }
            },
            Presence::Required | Presence::Defaulted(_) => {
                quote!(std::write!(formatter, ": {}", self.#member)?;)
            }
        }
    });
    quote! {
        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(#code)?;
                #write_message
                Ok(())
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `Default` only when every field may be absent: a derived default would
/// otherwise invent values the model never chose.
fn derives(structure: &StructureIr) -> TokenStream {
    let all_optional = structure
        .fields
        .iter()
        .all(|field| field.presence == Presence::Optional);
    let debug = (!structure.has_sensitive_fields()).then(|| quote!(Debug,));
    let default = all_optional.then(|| quote!(Default,));
    quote! {
        #[derive(Clone, PartialEq, #debug #default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))]
    }
}

/// A member's `#[serde]` attribute: its model name where serde's
/// `PascalCase` would not give it, and base64 for blobs.
pub(crate) fn serde_attr(rename: Option<&str>, ty: Option<&ValueType>) -> Option<TokenStream> {
    let rename = rename.map(|name| quote!(rename = #name));
    let blobs = ty
        .is_some_and(holds_blobs)
        .then(|| quote!(with = "crate::runtime::serde::blob"));
    let arguments: Vec<TokenStream> = rename.into_iter().chain(blobs).collect();
    (!arguments.is_empty()).then(|| quote!(#[cfg_attr(feature = "serde", serde(#(#arguments),*))]))
}

fn holds_blobs(ty: &ValueType) -> bool {
    match ty {
        ValueType::Blob => true,
        ValueType::List { item, .. } => holds_blobs(item),
        ValueType::Map { value, .. } => holds_blobs(value),
        _ => false,
    }
}

fn field(field: &FieldIr) -> TokenStream {
    let name = field_ident(&field.name);
    let ty = field_type(field);
    let docs = doc_attrs(&field_docs(field));
    let deprecated = deprecated_attr(field.deprecated.as_ref());
    let serde = serde_attr(field.serde_rename.as_deref(), Some(&field.ty));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// The model's documentation, then what the generator adds: the wire key, and
/// why the field is required, defaulted or filled in.
pub(crate) fn field_docs(field: &FieldIr) -> Vec<String> {
    let mut notes = Vec::new();
    match &field.presence {
        Presence::Required => notes.push("Required.".to_owned()),
        Presence::Checked => notes
            .push("Required to build; a response may leave it out, hence the `Option`.".to_owned()),
        Presence::Defaulted(_) => notes.push("Has a model default, used when unset.".to_owned()),
        Presence::Optional => {}
    }
    if field.idempotency_token {
        notes.push("An idempotency token: when unset, a fresh UUID v4 is sent.".to_owned());
    }
    if field.sensitive {
        notes.push(
            "Sensitive: `Debug` output redacts it; the `serde` feature serializes it, as it is your data."
                .to_owned(),
        );
    }
    let mut lines = field.docs.clone();
    if !notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(notes.join(" "));
    }
    lines
}

/// A `Debug` impl that redacts sensitive fields; nothing when a derive will do.
/// `this` is the expression holding the fields (`self`).
pub(crate) fn debug_impl(
    type_name: &str,
    structure: &StructureIr,
    this: TokenStream,
    generics: &Generics,
) -> Option<TokenStream> {
    if !structure.has_sensitive_fields() {
        return None;
    }
    let name = ident(type_name);
    let fields = structure.fields.iter().map(|field| {
        let label = &field.name;
        let member = field_ident(&field.name);
        if field.sensitive {
            quote!(.field(#label, &#REDACTED))
        } else {
            quote!(.field(#label, &#this.#member))
        }
    });
    let Generics {
        declared, applied, ..
    } = generics;
    Some(quote! {
        impl #declared std::fmt::Debug for #name #applied {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.debug_struct(#type_name)
                    #(#fields)*
                    .finish()
            }
        }
    })
}

/// The type parameters of a generic item: as declared on the type (with
/// defaults), on an `impl`, and as applied to the type.
#[derive(Default)]
pub(crate) struct Generics {
    pub(crate) on_type: TokenStream,
    pub(crate) declared: TokenStream,
    pub(crate) applied: TokenStream,
}

impl Generics {
    pub(crate) fn none() -> Self {
        Generics::default()
    }

    /// `<W = ()>`: the waiter an input builder of a waitable operation
    /// waits with; `()` for a builder that calls.
    pub(crate) fn waiter() -> Self {
        Generics {
            on_type: quote!(<W = ()>),
            declared: quote!(<W>),
            applied: quote!(<W>),
        }
    }
}
