//! The Smithy protocol compliance cases of an operation as Rust tests, one per
//! case id, in `protocol_tests::{request, response}` of the operation module.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::example::ValuePrinter;
use super::{field_ident, ident};
use crate::lower::{
    ErrorRefIr, OperationIr, ProtocolTestCase, RequestCaseIr, ResponseIr, StructureValueIr,
};

pub(crate) fn protocol_tests(operation: &OperationIr) -> TokenStream {
    if operation.protocol_tests.is_empty() {
        return TokenStream::new();
    }
    let values = ValuePrinter::new(quote!(crate));
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for test in &operation.protocol_tests {
        let name = field_ident(&test.test_name);
        let docs = doc_attrs(&test.docs);
        match &test.case {
            ProtocolTestCase::Request(case) => {
                let body = request_test(operation, case, &values);
                requests.push(quote!(#docs #[test] fn #name() #body));
            }
            ProtocolTestCase::Response { response, expected } => {
                let body = response_test(operation, response, expected, &values);
                responses.push(quote!(#docs #[test] fn #name() #body));
            }
            ProtocolTestCase::Error {
                error,
                response,
                expected,
            } => {
                let body = error_test(operation, error, response, expected, &values);
                responses.push(quote!(#docs #[test] fn #name() #body));
            }
        }
    }
    quote! {
        #[cfg(test)]
        mod protocol_tests {
            mod request {
                #(#requests)*
            }

            mod response {
                #(#responses)*
            }
        }
    }
}

/// `crate::operation::module::Name`.
fn operation_item(operation: &OperationIr, name: &str) -> TokenStream {
    let module = ident(&operation.module);
    let name = ident(name);
    quote!(crate::operation::#module::#name)
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn request_test(
    operation: &OperationIr,
    case: &RequestCaseIr,
    values: &ValuePrinter,
) -> TokenStream {
    let input = values.structure(&case.params);
    let host = &case.host;
    let marker = operation_item(operation, &operation.type_name);
    let (method, uri) = (&case.method, &case.uri);
    let resolved_host = option(case.resolved_host.as_deref());
    let headers = case
        .headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let require_headers = &case.require_headers;
    let forbid_headers = &case.forbid_headers;
    let body = option(case.body.as_deref());
    quote! {
        -> Result<(), Box<dyn std::error::Error>> {
            let input = #input;
            let config = crate::runtime::http::RequestConfig::new(
                crate::runtime::http::Endpoint::parse(#host)?,
            )
            .with_idempotency_tokens(crate::runtime::idempotency::FixedToken::protocol_test());
            let request = <#marker as crate::runtime::operation::Operation>::build_request(
                &input, &config,
            )?;
            crate::runtime::protocol_test::assert_request(
                &request,
                &crate::runtime::protocol_test::ExpectedRequest {
                    method: #method,
                    uri: #uri,
                    resolved_host: #resolved_host,
                    headers: &[#(#headers),*],
                    require_headers: &[#(#require_headers),*],
                    forbid_headers: &[#(#forbid_headers),*],
                    body: #body,
                },
            );
            Ok(())
        }
    }
}

/// The `HttpResponse` a case gives.
fn http_response(response: &ResponseIr) -> TokenStream {
    let status = response.status;
    let headers = response
        .headers
        .iter()
        .map(|(name, value)| quote!((String::from(#name), String::from(#value))));
    let body = &response.body;
    quote! {
        crate::runtime::http::HttpResponse {
            status: #status,
            headers: std::vec![#(#headers),*],
            body: #body.as_bytes().to_vec(),
        }
    }
}

fn response_test(
    operation: &OperationIr,
    response: &ResponseIr,
    expected: &StructureValueIr,
    values: &ValuePrinter,
) -> TokenStream {
    let marker = operation_item(operation, &operation.type_name);
    let response = http_response(response);
    let expected = values.structure(expected);
    quote! {
        -> Result<(), Box<dyn std::error::Error>> {
            let response = #response;
            let mut output =
                <#marker as crate::runtime::operation::Operation>::read_response(&response)?;
            // The cases say nothing of the request id; compare the members.
            output._request_id = None;
            let expected = #expected;
            crate::runtime::protocol_test::assert_same(&output, &expected);
            Ok(())
        }
    }
}

fn error_test(
    operation: &OperationIr,
    error: &ErrorRefIr,
    response: &ResponseIr,
    expected: &StructureValueIr,
    values: &ValuePrinter,
) -> TokenStream {
    let marker = operation_item(operation, &operation.type_name);
    let error_enum = operation_item(operation, &operation.error_type_name);
    let variant = ident(&error.variant);
    let code = &error.code;
    let response = http_response(response);
    let expected = values.structure(expected);
    quote! {
        -> Result<(), Box<dyn std::error::Error>> {
            let response = #response;
            let error = match <#marker as crate::runtime::operation::Operation>::read_response(
                &response,
            ) {
                Ok(output) => panic!("expected the error `{}`, got {output:?}", #code),
                Err(error) => error,
            };
            let (actual, metadata) = match error {
                #error_enum::#variant(actual, metadata) => (actual, metadata),
                other => panic!("expected the error `{}`, got {other:?}", #code),
            };
            std::assert_eq!(metadata.code(), #code);
            let expected = #expected;
            crate::runtime::protocol_test::assert_same(actual.as_ref(), &expected);
            Ok(())
        }
    }
}
