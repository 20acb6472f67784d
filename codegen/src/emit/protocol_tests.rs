//! The Smithy protocol compliance cases of an operation as Rust tests, one per
//! case id, in `protocol_tests::{request, response}` of the operation module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::docs::doc_attrs;
use super::example::ValueBuilder;
use super::ident;
use crate::lower::naming::{NameScope, escape_identifier, snake_case};
use crate::lower::{OperationIr, ProtocolTestIr, ProtocolTestKind};

pub(crate) fn protocol_tests(operation: &OperationIr, values: &ValueBuilder<'_>) -> TokenStream {
    if operation.protocol_tests.is_empty() {
        return TokenStream::new();
    }
    let mut names = NameScope::default();
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for test in &operation.protocol_tests {
        let name = format_ident!(
            "{}",
            escape_identifier(&names.claim(&snake_case(&test.id), "_case"))
        );
        match &test.kind {
            ProtocolTestKind::Request => {
                requests.push(request_test(operation, test, &name, values))
            }
            ProtocolTestKind::Response => {
                responses.push(response_test(operation, test, &name, values))
            }
            ProtocolTestKind::Error(type_name) => {
                responses.push(error_test(operation, test, type_name, &name, values))
            }
        }
    }
    quote! {
        #[cfg(test)]
        mod protocol_tests {
            mod request {
                #[allow(unused_imports)]
                use super::super::*;
                #(#requests)*
            }

            mod response {
                #[allow(unused_imports)]
                use super::super::*;
                #(#responses)*
            }
        }
    }
}

fn docs(test: &ProtocolTestIr) -> TokenStream {
    let mut lines = vec![format!("`{}`", test.id)];
    if let Some(documentation) = test.case.get("documentation").and_then(Value::as_str) {
        lines.push(String::new());
        lines.extend(
            documentation
                .lines()
                .map(|line| line.trim().replace('[', "\\[").replace(']', "\\]")),
        );
    }
    doc_attrs(&lines)
}

fn string(case: &Value, key: &str) -> Option<String> {
    case.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn headers(case: &Value) -> Vec<(String, String)> {
    case.get("headers")
        .and_then(Value::as_object)
        .map(|headers| {
            headers
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn names(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The params as a value of `structure`, or a test that fails saying why not.
fn build_value(
    values: &ValueBuilder<'_>,
    structure: &crate::lower::StructureIr,
    path: TokenStream,
    case: &Value,
) -> TokenStream {
    let params = case
        .get("params")
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    match values.structure(structure, &path, &params) {
        Ok(value) => value,
        Err(problem) => {
            let message = format!("the case's params do not fit the model: {problem}");
            quote!(panic!(#message))
        }
    }
}

fn request_test(
    operation: &OperationIr,
    test: &ProtocolTestIr,
    name: &proc_macro2::Ident,
    values: &ValueBuilder<'_>,
) -> TokenStream {
    let case = &test.case;
    let docs = docs(test);
    let input_type = ident(&operation.input.name);
    let input = build_value(values, &operation.input, quote!(#input_type), case);
    let host = string(case, "host").unwrap_or_else(|| "example.com".to_owned());
    let fallible = operation.host_prefix.is_some().then(|| quote!(?));
    let method = string(case, "method").unwrap_or_else(|| "POST".to_owned());
    let uri = string(case, "uri").unwrap_or_else(|| "/".to_owned());
    let resolved_host = match string(case, "resolvedHost") {
        Some(host) => quote!(::std::option::Option::Some(#host)),
        None => quote!(::std::option::Option::None),
    };
    let headers = headers(case)
        .into_iter()
        .map(|(name, value)| quote!((#name, #value)));
    let require_headers = names(case, "requireHeaders");
    let forbid_headers = names(case, "forbidHeaders");
    let body = match string(case, "body") {
        Some(body) if !body.is_empty() || case.get("bodyMediaType").is_some() => {
            quote!(::std::option::Option::Some(#body))
        }
        _ => quote!(::std::option::Option::None),
    };
    quote! {
        #docs
        #[test]
        fn #name() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let input = #input;
            let config = crate::runtime::http::RequestConfig::new(
                crate::runtime::http::Endpoint::parse(#host)?,
            )
            .with_idempotency_tokens(crate::runtime::idempotency::FixedToken::protocol_test());
            let request = input.to_http_request(&config)#fallible;
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
            ::std::result::Result::Ok(())
        }
    }
}

/// The `HttpResponse` a response case describes.
fn http_response(case: &Value) -> TokenStream {
    let status = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
    let headers = headers(case)
        .into_iter()
        .map(|(name, value)| quote!((::std::string::String::from(#name), ::std::string::String::from(#value))));
    let body = string(case, "body").unwrap_or_default();
    quote! {
        crate::runtime::http::HttpResponse {
            status: #status,
            headers: ::std::vec![#(#headers),*],
            body: #body.as_bytes().to_vec(),
        }
    }
}

fn response_test(
    operation: &OperationIr,
    test: &ProtocolTestIr,
    name: &proc_macro2::Ident,
    values: &ValueBuilder<'_>,
) -> TokenStream {
    let docs = docs(test);
    let marker = ident(&operation.type_name);
    let output_type = ident(&operation.output.name);
    let response = http_response(&test.case);
    let expected = build_value(values, &operation.output, quote!(#output_type), &test.case);
    quote! {
        #docs
        #[test]
        fn #name() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let response = #response;
            let mut output = #marker::parse_response(&response)?;
            // The cases say nothing of the request id; compare the members.
            output._request_id = ::std::option::Option::None;
            let expected = #expected;
            crate::runtime::protocol_test::assert_same(&output, &expected);
            ::std::result::Result::Ok(())
        }
    }
}

fn error_test(
    operation: &OperationIr,
    test: &ProtocolTestIr,
    type_name: &str,
    name: &proc_macro2::Ident,
    values: &ValueBuilder<'_>,
) -> TokenStream {
    let docs = docs(test);
    let marker = ident(&operation.type_name);
    let error_enum = format_ident!("{}Error", operation.type_name.trim_start_matches("r#"));
    let Some(error) = operation
        .errors
        .iter()
        .find(|error| error.type_name == type_name)
    else {
        return TokenStream::new();
    };
    let variant = ident(&error.variant);
    let code = &error.code;
    let response = http_response(&test.case);
    let expected = match values.error_structure(type_name) {
        Some(structure) => {
            let ty = ident(type_name);
            build_value(values, structure, quote!(crate::types::#ty), &test.case)
        }
        None => quote!(panic!("no structure for the error")),
    };
    quote! {
        #docs
        #[test]
        fn #name() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let response = #response;
            let error = match #marker::parse_response(&response) {
                ::std::result::Result::Ok(output) => panic!("expected the error `{}`, got {output:?}", #code),
                ::std::result::Result::Err(error) => error,
            };
            let (actual, metadata) = match error {
                #error_enum::#variant(actual, metadata) => (actual, metadata),
                other => panic!("expected the error `{}`, got {other:?}", #code),
            };
            ::std::assert_eq!(metadata.code(), #code);
            let expected = #expected;
            crate::runtime::protocol_test::assert_same(actual.as_ref(), &expected);
            ::std::result::Result::Ok(())
        }
    }
}
