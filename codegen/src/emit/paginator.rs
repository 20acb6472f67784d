//! A paginated operation's part of the runtime's paginators: the input's
//! `Paginated` (and `PaginatedItems`, `PageSize`) impls, which say where the
//! tokens, items and page size are, and the fluent builder's
//! `into_paginator()`. The paging itself is the runtime's.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::built_input;
use super::types::rust_type;
use super::{field_ident, ident};
use crate::lower::{OperationIr, PathStepIr};

pub(crate) fn paginator(operation: &OperationIr) -> TokenStream {
    let Some(paginator) = &operation.paginator else {
        return TokenStream::new();
    };
    let input = ident(&operation.input.name);
    let output = ident(&operation.output.name);
    let builder = ident(&operation.input.builder_name);
    let token_field = field_ident(&paginator.input_token);
    let output_token = path_expression(&paginator.output_token, Access::Borrow);
    let operations = quote!(crate::runtime::operation);
    let items = paginator.items.as_ref().map(|items| {
        let ty = rust_type(&items.ty);
        let items_of = path_expression(&items.path, Access::Take);
        quote! {
            impl #operations::PaginatedItems for #input {
                type Items = #ty;

                #[inline]
                fn into_items(output: #output) -> #ty {
                    #items_of
                }
            }
        }
    });
    let page_size = paginator.page_size.as_ref().map(|page_size| {
        let ty = rust_type(&page_size.ty);
        let field = field_ident(&page_size.field);
        let value = if page_size.optional {
            quote!(Some(size))
        } else {
            quote!(size)
        };
        quote! {
            impl #operations::PageSize for #input {
                type Size = #ty;

                #[inline]
                fn set_page_size(&mut self, size: #ty) {
                    self.#field = #value;
                }
            }
        }
    });
    let mut docs = vec![format!(
        " The pages of the call's results, each asked for with the `{}` of the page before it; an iterator (each page a blocking call) and, with `next_async()`, an async sequence.",
        paginator.input_token_member
    )];
    if let Some(items) = &paginator.items {
        docs.push(format!(
            " `.items()` gives the `{}` of every page.",
            items.member_path
        ));
    }
    if let Some(page_size) = &paginator.page_size {
        docs.push(format!(
            " `.page_size(n)` sets `{}`, the number of items a page holds.",
            page_size.member_name
        ));
    }
    let built = built_input(operation);
    quote! {
        impl #operations::Paginated for #input {
            #[inline]
            fn replace_token(&mut self, token: Option<String>) -> Option<String> {
                std::mem::replace(&mut self.#token_field, token)
            }

            #[inline]
            fn output_token(output: &#output) -> Option<&str> {
                #output_token
            }
        }

        #items
        #page_size

        #[cfg(feature = "client")]
        impl #builder {
            #(#[doc = #docs])*
            #[inline]
            pub fn into_paginator(mut self) -> crate::runtime::paginator::Paginator<#input> {
                crate::runtime::paginator::Paginator::new(self._caller.take_client(), #built)
            }
        }
    }
}

/// How a path's end is read from `output`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    /// `Option<&str>` from `&Output`.
    Borrow,
    /// The collection itself from `Output`, empty when it is absent.
    Take,
}

/// The expression that follows `steps` from `output`, through `Option`s.
fn path_expression(steps: &[PathStepIr], access: Access) -> TokenStream {
    let mut expression = quote!(output);
    // Whether `expression` is an `Option` of what it has reached.
    let mut in_option = false;
    for (index, step) in steps.iter().enumerate() {
        let field = field_ident(&step.field);
        let last = index + 1 == steps.len();
        // The field of `from`; in a closure `from` is a reference it must
        // hand on as one.
        let read = |from: TokenStream, in_closure: bool| match (access, last, step.optional) {
            (Access::Borrow, true, true) => quote!(#from.#field.as_deref()),
            (Access::Borrow, true, false) => quote!(Some(#from.#field.as_str())),
            (Access::Borrow, false, true) => quote!(#from.#field.as_ref()),
            (Access::Borrow, false, false) if in_closure => quote!(&#from.#field),
            (Access::Borrow, false, false) | (Access::Take, _, _) => quote!(#from.#field),
        };
        let yields_option = step.optional || (access == Access::Borrow && last);
        expression = if !in_option {
            read(expression, false)
        } else {
            let read = read(quote!(value), true);
            if yields_option {
                quote!(#expression.and_then(|value| #read))
            } else {
                quote!(#expression.map(|value| #read))
            }
        };
        in_option |= yields_option;
    }
    if access == Access::Take && in_option {
        quote!(#expression.unwrap_or_default())
    } else {
        expression
    }
}
