//! The body of an operation's `Operation::build_request`: the form body, the
//! host (with the operation's host prefix) and the headers, ready to sign
//! and send.

use proc_macro2::TokenStream;
use quote::quote;

use super::field_ident;
use crate::lower::{HostPrefixPart, OperationIr};

pub(crate) fn build_request_body(operation: &OperationIr) -> TokenStream {
    let has_token = operation
        .input
        .fields
        .iter()
        .any(|field| field.idempotency_token);
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
    quote!(Ok(#request))
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
