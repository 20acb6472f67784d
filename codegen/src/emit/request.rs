//! The body of an operation's own `Operation::build_request`, for one that
//! needs more than the trait's form POST of the query body to the endpoint:
//! a host prefix, a compressed body, or idempotency tokens from the
//! configuration.

use proc_macro2::TokenStream;
use quote::quote;

use super::field_ident;
use crate::lower::{HostPrefixPart, OperationIr};

/// `None` when the trait's `build_request` does.
pub(crate) fn special_request_body(operation: &OperationIr) -> Option<TokenStream> {
    let has_token = operation.input.has_idempotency_token();
    if !has_token && operation.host_prefix.is_none() && !operation.gzip_request {
        return None;
    }
    let body = if has_token {
        quote!(input.to_query_body_with_tokens(config.idempotency_tokens()))
    } else {
        quote!(input.to_query_body())
    };
    let mut request = match &operation.host_prefix {
        Some(parts) => {
            let host = prefixed_host(operation, parts);
            quote! {
                crate::runtime::http::HttpRequest::form_post(config.endpoint(), #host, #body)
            }
        }
        None => quote!(crate::runtime::http::HttpRequest::form_post_to(config.endpoint(), #body)),
    };
    if operation.gzip_request {
        request = quote!(crate::runtime::compression::gzip_request(#request, config));
    }
    Some(quote!(Ok(#request)))
}

/// `format!("foo.{}.{}", label, endpoint host)` with each label checked;
/// `host_label` fails the request on a label that is not a valid one.
fn prefixed_host(operation: &OperationIr, parts: &[HostPrefixPart]) -> TokenStream {
    let mut template = String::new();
    let mut arguments = Vec::new();
    for part in parts {
        match part {
            HostPrefixPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            HostPrefixPart::Label(field_name) => {
                template.push_str("{}");
                let member = field_ident(field_name);
                let optional = operation
                    .input
                    .fields
                    .iter()
                    .any(|field| &field.name == field_name && field.presence.is_option());
                let value = if optional {
                    quote!(input.#member.as_deref().unwrap_or_default())
                } else {
                    quote!(&input.#member)
                };
                arguments.push(quote!(crate::runtime::http::host_label(#field_name, #value)?));
            }
        }
    }
    template.push_str("{}");
    quote!(std::format!(#template, #(#arguments,)* config.endpoint().host()))
}
