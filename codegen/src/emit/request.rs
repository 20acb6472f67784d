//! `to_http_request()` on operation inputs: the body, the host (with the
//! operation's host prefix) and the headers, ready to sign and send.

use proc_macro2::TokenStream;
use quote::quote;

use super::{field_ident, ident};
use crate::lower::{HostPrefixPart, OperationIr};

pub(crate) fn request_builder(operation: &OperationIr) -> TokenStream {
    let input = ident(&operation.input.name);
    let has_token = operation
        .input
        .fields
        .iter()
        .any(|field| field.idempotency_token);
    let body = if has_token {
        quote!(self.to_query_body_with_tokens(config.idempotency_tokens()))
    } else {
        quote!(self.to_query_body())
    };
    let (host, fallible) = match &operation.host_prefix {
        Some(parts) => (prefixed_host(operation, parts), true),
        None => (quote!(config.endpoint().host().to_owned()), false),
    };
    let mut request = quote! {
        crate::runtime::http::HttpRequest::form_post(config.endpoint(), host, #body)
    };
    if operation.gzip_request {
        request = quote!(crate::runtime::compression::gzip_request(#request, config));
    }
    let docs = format!(
        " The HTTP request for `{}`: `POST` of the form body to the configured endpoint.",
        operation.action
    );
    if fallible {
        quote! {
            impl #input {
                #[doc = #docs]
                ///
                /// Fails when a member that becomes part of the host name is not a valid host label.
                #[inline]
                pub fn to_http_request(
                    &self,
                    config: &crate::runtime::http::RequestConfig,
                ) -> Result<crate::runtime::http::HttpRequest, crate::runtime::http::EndpointError> {
                    let host = #host;
                    Ok(#request)
                }
            }
        }
    } else {
        quote! {
            impl #input {
                #[doc = #docs]
                #[inline]
                pub fn to_http_request(
                    &self,
                    config: &crate::runtime::http::RequestConfig,
                ) -> crate::runtime::http::HttpRequest {
                    let host = #host;
                    #request
                }
            }
        }
    }
}

/// `format!("foo.{}.{}", label, endpoint host)` with each label checked.
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
                    quote!(self.#member.as_deref().unwrap_or_default())
                } else {
                    quote!(&self.#member)
                };
                arguments.push(quote!(crate::runtime::http::host_label(#field_name, #value)?));
            }
        }
    }
    template.push_str("{}");
    quote!(std::format!(#template, #(#arguments,)* config.endpoint().host()))
}
