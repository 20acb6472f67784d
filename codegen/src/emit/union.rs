//! Unions: a Rust enum with one variant per member (exactly one is set).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs, doc_attrs_with};
use super::ident;
use super::structure::{REDACTED, serde_attr};
use super::types::rust_type;
use crate::lower::{UNKNOWN_VARIANT, UnionIr};

/// The enum, its `Debug` when a variant is sensitive, and `methods` (its
/// serializer and deserializer) in one `impl`, if there are any.
pub(crate) fn union(union: &UnionIr, methods: TokenStream) -> TokenStream {
    let name = ident(&union.name);
    let docs = doc_attrs_with(
        &union.docs,
        &[format!("Smithy shape `{}`.", union.shape_id)],
    );
    let deprecated = deprecated_attr(union.deprecated.as_ref());
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let docs = doc_attrs(&variant.docs);
        let serde = serde_attr(variant.serde_rename.as_deref(), variant.ty.as_ref());
        match &variant.ty {
            Some(ty) => {
                let ty = rust_type(ty);
                quote!(#docs #serde #variant_name(#ty),)
            }
            None => quote!(#docs #serde #variant_name,),
        }
    });
    let unknown = union.in_responses.then(|| {
        let unknown = ident(UNKNOWN_VARIANT);
        quote! {
            /// A member this crate does not know, from a service newer than the
            /// model the crate was generated from. It carries nothing, and a
            /// request sends nothing for it.
            #[cfg_attr(feature = "serde", serde(skip))]
            #unknown,
        }
    });
    let sensitive = union.variants.iter().any(|variant| variant.sensitive);
    let debug_derive = (!sensitive).then(|| quote!(Debug,));
    let debug = sensitive.then(|| debug_impl(union));
    let methods = (!methods.is_empty()).then(|| quote!(impl #name { #methods }));
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, #debug_derive)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
        }

        #debug
        #methods
    }
}

fn debug_impl(union: &UnionIr) -> TokenStream {
    let name = ident(&union.name);
    let arms = union.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let label = &variant.name;
        match (&variant.ty, variant.sensitive) {
            (None, _) => quote!(#name::#variant_name => formatter.write_str(#label),),
            (Some(_), true) => quote! {
                #name::#variant_name(_) => formatter.debug_tuple(#label).field(&#REDACTED).finish(),
            },
            (Some(_), false) => quote! {
                #name::#variant_name(value) => formatter.debug_tuple(#label).field(value).finish(),
            },
        }
    });
    let unknown = union.in_responses.then(|| {
        let unknown = ident(UNKNOWN_VARIANT);
        quote!(#name::#unknown => formatter.write_str(#UNKNOWN_VARIANT),)
    });
    quote! {
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        }
    }
}
