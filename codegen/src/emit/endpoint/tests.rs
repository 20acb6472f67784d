//! `src/endpoint/endpoint_tests.rs`: each `smithy.rules#endpointTests` case
//! as a `#[test]` that resolves its parameters and compares the whole result.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::field_ident;
use crate::lower::endpoint::{
    DocumentIr, EndpointExpectationIr, EndpointRulesIr, EndpointTestIr, ParamValueIr,
};

pub(super) fn tests_file(rules: &EndpointRulesIr) -> TokenStream {
    let allow_deprecated = rules
        .params
        .iter()
        .any(|param| param.deprecated.is_some())
        .then(|| {
            quote! {
                // The cases set deprecated parameters too.
                #![allow(deprecated)]
            }
        });
    let tests = rules.tests.iter().map(test);
    quote! {
        //! The rule set's test cases (`smithy.rules#endpointTests`), one `#[test]` each.
        #allow_deprecated
        #(#tests)*
    }
}

fn test(case: &EndpointTestIr) -> TokenStream {
    let docs = doc_attrs(&case.docs);
    let name = field_ident(&case.name);
    let setters = case.params.iter().map(|(setter, value)| {
        let setter = field_ident(setter);
        let value = match value {
            ParamValueIr::String(text) => quote!(#text),
            ParamValueIr::Bool(flag) => quote!(#flag),
            ParamValueIr::StringArray(items) => {
                super::vec_of(items.iter().map(|item| quote!(String::from(#item))))
            }
        };
        quote!(.#setter(#value))
    });
    let check = match &case.expect {
        EndpointExpectationIr::Endpoint {
            url,
            headers,
            properties,
        } => endpoint_checks(url, headers, properties),
        EndpointExpectationIr::Error(message) => quote! {
            let error = super::resolve(&params).expect_err("the rule set gives an error");
            assert_eq!(error.message(), #message);
        },
    };
    quote! {
        #docs
        #[test]
        fn #name() {
            let params = super::Params::builder() #(#setters)* .build();
            #check
        }
    }
}

fn endpoint_checks(
    url: &str,
    headers: &[(String, Vec<String>)],
    properties: &[(String, DocumentIr)],
) -> TokenStream {
    let headers_check = if headers.is_empty() {
        quote!(assert!(endpoint.headers().is_empty(), "headers: {:?}", endpoint.headers());)
    } else {
        let entries = headers.iter().map(|(name, values)| {
            let values = super::vec_of(values.iter().map(|value| quote!(String::from(#value))));
            quote!((String::from(#name), #values))
        });
        quote! {
            let expected_headers = std::collections::BTreeMap::from([#(#entries),*]);
            assert_eq!(endpoint.headers(), &expected_headers);
        }
    };
    let properties_check = if properties.is_empty() {
        quote!(assert!(endpoint.properties().is_empty(), "properties: {:?}", endpoint.properties());)
    } else {
        let entries = properties.iter().map(|(key, value)| {
            let value = document(value);
            quote!((#key, #value))
        });
        quote! {
            let expected_properties = crate::runtime::endpoint::Document::map([#(#entries),*]);
            assert_eq!(endpoint.properties(), &expected_properties);
        }
    };
    quote! {
        let endpoint = super::resolve(&params).expect("the rule set gives an endpoint");
        assert_eq!(endpoint.url(), #url);
        #headers_check
        #properties_check
    }
}

fn document(value: &DocumentIr) -> TokenStream {
    match value {
        DocumentIr::String(text) => quote!(crate::runtime::endpoint::Document::from(#text)),
        DocumentIr::Bool(flag) => quote!(crate::runtime::endpoint::Document::from(#flag)),
        DocumentIr::Int(integer) => quote!(crate::runtime::endpoint::Document::Int(#integer)),
        DocumentIr::Array(items) => {
            let items = items.iter().map(document);
            let items = super::vec_of(items);
            quote!(crate::runtime::endpoint::Document::Array(#items))
        }
        DocumentIr::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = document(value);
                quote!((#key, #value))
            });
            quote!(crate::runtime::endpoint::Document::object([#(#entries),*]))
        }
    }
}
