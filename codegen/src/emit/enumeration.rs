//! Enums and intEnums: a variant per value plus `Unknown`, which keeps any
//! value this version of the crate does not know.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs_with};
use super::ident;
use super::structure::REDACTED;
use crate::lower::{EnumIr, EnumLiteral};

pub(crate) fn enumeration(enumeration: &EnumIr) -> TokenStream {
    let name = ident(&enumeration.name);
    let docs = doc_attrs_with(
        &enumeration.docs,
        &[format!("Smithy shape `{}`.", enumeration.shape_id)],
    );
    let deprecated = deprecated_attr(enumeration.deprecated.as_ref());
    let variants = enumeration.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let value_doc = match &variant.value {
            EnumLiteral::String(value) => format!("`{}`", value.replace('`', "'")),
            EnumLiteral::Int(value) => format!("`{value}`"),
        };
        let docs = doc_attrs_with(&variant.docs, &[value_doc]);
        let deprecated = deprecated_attr(variant.deprecated.as_ref());
        quote!(#docs #deprecated #name,)
    });
    let unknown_type = if enumeration.is_int_enum() {
        quote!(crate::runtime::unknown::UnknownIntValue)
    } else {
        quote!(crate::runtime::unknown::UnknownValue)
    };
    let debug_derive = (!enumeration.sensitive).then(|| quote!(Debug,));
    let conversions = if enumeration.is_int_enum() {
        int_conversions(enumeration)
    } else {
        string_conversions(enumeration)
    };
    let debug = enumeration.sensitive.then(|| {
        quote! {
            impl std::fmt::Debug for #name {
                #[inline]
                fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    formatter.write_str(#REDACTED)
                }
            }
        }
    });
    // As its wire value, so an unknown value reads back as itself.
    let serde = if enumeration.is_int_enum() {
        quote!(crate::runtime::serde::wire_int_enum!(#name);)
    } else {
        quote!(crate::runtime::serde::wire_enum!(#name);)
    };
    quote! {
        #docs
        #deprecated
        #[derive(
            Clone,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            #debug_derive
        )]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(#unknown_type),
        }

        #conversions
        #debug

        #[cfg(feature = "serde")]
        #serde
    }
}

/// `(variant ident, literal)` pairs.
fn arms<'a>(
    enumeration: &'a EnumIr,
) -> impl Iterator<Item = (proc_macro2::Ident, &'a EnumLiteral)> + 'a {
    enumeration
        .variants
        .iter()
        .map(|variant| (ident(&variant.name), &variant.value))
}

fn string_conversions(enumeration: &EnumIr) -> TokenStream {
    let name = ident(&enumeration.name);
    let text = |value: &EnumLiteral| match value {
        EnumLiteral::String(value) => value.clone(),
        EnumLiteral::Int(_) => unreachable!("a string enum has string values"),
    };
    let to_str = arms(enumeration).map(|(variant, value)| {
        let value = text(value);
        quote!(#name::#variant => #value,)
    });
    let from_str = arms(enumeration).map(|(variant, value)| {
        let value = text(value);
        quote!(#value => #name::#variant,)
    });
    let values = arms(enumeration).map(|(_, value)| text(value));
    quote! {
        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows, in model order.
            #[inline]
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl From<&str> for #name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::Unknown(crate::runtime::unknown::UnknownValue::new(other)),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl AsRef<str> for #name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    }
}

fn int_conversions(enumeration: &EnumIr) -> TokenStream {
    let name = ident(&enumeration.name);
    let int = |value: &EnumLiteral| match value {
        EnumLiteral::Int(value) => *value,
        EnumLiteral::String(_) => unreachable!("an intEnum has integer values"),
    };
    let to_int = arms(enumeration).map(|(variant, value)| {
        let value = int(value);
        quote!(#name::#variant => #value,)
    });
    let from_int = arms(enumeration).map(|(variant, value)| {
        let value = int(value);
        quote!(#value => #name::#variant,)
    });
    let values = arms(enumeration).map(|(_, value)| int(value));
    quote! {
        impl #name {
            /// The value as sent on the wire.
            #[inline]
            pub fn value(&self) -> i32 {
                match self {
                    #(#to_int)*
                    #name::Unknown(value) => value.value(),
                }
            }

            /// Every value this version of the crate knows, in model order.
            #[inline]
            pub const fn values() -> &'static [i32] {
                &[#(#values),*]
            }
        }

        impl From<i32> for #name {
            #[inline]
            fn from(value: i32) -> Self {
                match value {
                    #(#from_int)*
                    other => #name::Unknown(crate::runtime::unknown::UnknownIntValue::new(other)),
                }
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), formatter)
            }
        }
    }
}
