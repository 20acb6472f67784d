//! `#[doc = "..."]` attributes from Markdown lines.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::lower::DeprecationIr;

/// One `#[doc = " line"]` per line; prettyplease prints them as `///`.
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = doc_literal(line);
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// One `#![doc = " line"]` per line, for the module they are in; printed as `//!`.
pub(crate) fn inner_doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = doc_literal(line);
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// The string literal of a doc line, with the space after the slashes
/// (`/// text`; empty lines have none).
///
/// Docs are a third of the crate's text, and syn reads each literal back
/// more than once (peeking at it, parsing it, prettyplease taking its value),
/// undoing a `"..."` literal's escapes character by character every time. A
/// raw literal `r#"..."#` holds the text as it is, and prettyplease prints a
/// one-line doc attribute from the literal's value (`/// text`), not from its
/// spelling, so the output is the same. A line that a raw literal cannot
/// hold (a carriage return) or that prettyplease would print as an attribute
/// (a line break) keeps the escaped form.
fn doc_literal(line: &str) -> Literal {
    if line.is_empty() {
        return Literal::string("");
    }
    if !line.contains(['\r', '\n']) {
        let hashes = "#".repeat(raw_hashes_needed(line));
        if let Ok(literal) = format!("r{hashes}\" {line}\"{hashes}").parse() {
            return literal;
        }
    }
    Literal::string(&format!(" {line}"))
}

/// How many `#`s a raw literal of `text` needs: one more than the longest run
/// of `#`s after a `"` in it, so that nothing in it closes the literal.
fn raw_hashes_needed(text: &str) -> usize {
    text.match_indices('"')
        .map(|(at, _)| {
            1 + text[at + 1..]
                .bytes()
                .take_while(|&byte| byte == b'#')
                .count()
        })
        .max()
        .unwrap_or(0)
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
