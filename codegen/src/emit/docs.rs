//! `#[doc = "..."]` attributes from Markdown lines.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::DeprecationIr;

/// One `#[doc = " line"]` per line; prettyplease prints them as `///`.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = spaced(line);
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// One `#![doc = " line"]` per line, for the module they are in; printed as `//!`.
pub(crate) fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = spaced(line);
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `/// text` and `//! text` have a space after the slashes; empty lines do not.
fn spaced(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// Doc lines, then a blank line and `extra` when both are present.
pub(crate) fn doc_attrs_with(lines: &[String], extra: &[String]) -> TokenStream {
    let mut all = lines.to_vec();
    if !all.is_empty() && !extra.is_empty() {
        all.push(String::new());
    }
    all.extend_from_slice(extra);
    doc_attrs(&all)
}

/// `#[deprecated(note = "...")]` when the model deprecates the item.
pub(crate) fn deprecated_attr(deprecated: Option<&DeprecationIr>) -> TokenStream {
    match deprecated {
        Some(DeprecationIr { note }) => quote!(#[deprecated(note = #note)]),
        None => TokenStream::new(),
    }
}
