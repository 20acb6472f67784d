//! One module per operation: its documentation and examples, the input with
//! its builder and serializer, the output with its builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{builder, input_builder};
use super::deserializer::structure_deserializer;
use super::docs::{deprecated_attr, inner_doc_attrs};
use super::example::ValuePrinter;
use super::paginator::paginator;
use super::protocol_tests::protocol_tests;
use super::request::special_request_body;
use super::response::{error_type, read_response_body};
use super::serializer::input_serializer;
use super::structure::{Generics, structure};
use super::waiter::waiters;
use super::{Reach, field_ident, ident};
use crate::lower::{CrateIr, ExampleIr, OperationIr};

pub(crate) fn operation_module(ir: &CrateIr, operation: &OperationIr) -> TokenStream {
    let docs = inner_doc_attrs(&module_docs(ir, operation));
    let deprecated = deprecated_attr(operation.deprecated.as_ref());
    let marker = ident(&operation.type_name);
    let marker_docs = format!(
        " The `{}` operation: its wire name and the types it sends and receives. Its [`Operation`](crate::Operation) methods `build_request` and `read_response` are the sans-IO calls.",
        operation.action
    );
    let serializer = input_serializer(operation, &ir.service.version);
    let input_struct = structure(&operation.input, serializer);
    let input_builder = input_builder(&operation.input, !operation.waiters.is_empty());
    let output_deserializer = structure_deserializer(&operation.output, Reach::Package);
    let output_struct = structure(&operation.output, output_deserializer);
    let output_builder = builder(&operation.output);
    let errors = error_type(operation);
    let tests = protocol_tests(operation);
    let operation_impl = operation_trait_impls(operation);
    let fluent = fluent_call(ir, operation);
    let paginator = paginator(operation);
    let waiters = waiters(ir, operation);
    quote! {
        #docs
        #![allow(deprecated)]

        #[doc = #marker_docs]
        #deprecated
        pub struct #marker;

        #operation_impl

        #input_struct
        #input_builder
        #fluent
        #paginator
        #waiters
        #output_struct
        #output_builder
        #errors
        #tests
    }
}

/// What makes the operation one the client can call: `Operation` on the
/// marker, whose methods are also the sans-IO core's (build the request,
/// read the response), and `OperationInput` on the input.
fn operation_trait_impls(operation: &OperationIr) -> TokenStream {
    let marker = ident(&operation.type_name);
    let input = ident(&operation.input.name);
    let output = ident(&operation.output.name);
    let error = ident(&operation.error_type_name);
    let action = &operation.action;
    let runtime = quote!(crate::runtime);
    let build_request = special_request_body(operation).map(|body| {
        quote! {
            #[inline]
            fn build_request(
                input: &#input,
                config: &#runtime::http::RequestConfig,
            ) -> Result<#runtime::http::HttpRequest, #runtime::http::EndpointError> {
                #body
            }
        }
    });
    let read_response = read_response_body(operation);
    quote! {
        impl #runtime::operation::Operation for #marker {
            type Input = #input;
            type Output = #output;
            type Error = #error;
            const NAME: &'static str = #action;

            #[inline]
            fn query_body(input: &#input) -> String {
                input.to_query_body()
            }

            #build_request

            #[inline]
            fn read_response(
                response: &#runtime::http::HttpResponse,
            ) -> Result<#output, #error> {
                #read_response
            }
        }

        impl #runtime::operation::OperationInput for #input {
            type Operation = #marker;
        }
    }
}

/// `client.operation().member(value)....send()`: the client's method that
/// starts the call with an input builder holding the client (in the crate
/// users depend on, when split: see [`client_methods`]), and the builder's
/// `send` and `send_async`.
fn fluent_call(ir: &CrateIr, operation: &OperationIr) -> TokenStream {
    let builder = ident(&operation.input.builder_name);
    let output = ident(&operation.output.name);
    let error = ident(&operation.error_type_name);
    let built = built_input(operation);
    let start = if ir.is_split() {
        let generics = if operation.waiters.is_empty() {
            Generics::none()
        } else {
            Generics::waiter()
        };
        let (declared, applied) = (&generics.declared, &generics.applied);
        quote! {
            #[cfg(feature = "client")]
            impl #declared #builder #applied {
                /// The builder of a call with `client`, for the client's methods.
                #[doc(hidden)]
                #[inline]
                pub fn calling(client: &crate::runtime::client::Client) -> Self
                where
                    Self: Default,
                {
                    Self {
                        _caller: crate::runtime::caller::Caller::new(client),
                        ..Default::default()
                    }
                }
            }
        }
    } else {
        let method = fluent_method(operation, ClientMethodsAt::OperationModule);
        quote! {
            #[cfg(feature = "client")]
            impl crate::runtime::client::Client {
                #method
            }
        }
    };
    let result = quote! {
        Result<#output, crate::CallError<#error>>
    };
    quote! {
        #start

        #[cfg(feature = "client")]
        impl #builder {
            /// Makes the call with the client this builder came from, blocking the thread.
            #[inline]
            pub fn send(mut self) -> #result {
                crate::runtime::client::send_built(self._caller.take_client(), #built)
            }

            /// Makes the call with the client this builder came from, on an async runtime.
            // Not an `async fn`: the future is the runtime's, made only for
            // the operations a program calls, not one per operation here.
            #[inline]
            pub fn send_async(mut self) -> impl std::future::Future<Output = #result> {
                crate::runtime::client::send_built_async(self._caller.take_client(), #built)
            }
        }
    }
}

/// Where the client's methods that start calls are: in each operation's
/// module (`impl Client` blocks of the one package), or all in the `impl
/// Client` of the package users depend on, when split (inherent methods must
/// be in the package that defines the type).
#[derive(Clone, Copy)]
pub(crate) enum ClientMethodsAt {
    OperationModule,
    Facade,
}

/// The client's method that starts a call of `operation`.
fn fluent_method(operation: &OperationIr, at: ClientMethodsAt) -> TokenStream {
    let method = field_ident(&operation.client_method);
    let docs = format!(
        " Starts a call of `{}`: give its input with the setters of the builder this returns, then `send()` it (or `send_async().await` it).",
        operation.action
    );
    let builder = builder_path(operation, at);
    let start = start_builder(&builder, &builder, at);
    quote! {
        #[doc = #docs]
        #[inline]
        pub fn #method(&self) -> #builder {
            #start
        }
    }
}

/// The input builder's type, as named where the client's methods are.
pub(super) fn builder_path(operation: &OperationIr, at: ClientMethodsAt) -> TokenStream {
    let builder = ident(&operation.input.builder_name);
    match at {
        ClientMethodsAt::OperationModule => quote!(#builder),
        ClientMethodsAt::Facade => {
            let module = ident(&operation.module);
            quote!(crate::operation::#module::#builder)
        }
    }
}

/// A builder of type `builder` holding the client (`self`): `path` is the
/// builder's name without type arguments, which a struct expression takes.
pub(super) fn start_builder(
    builder: &TokenStream,
    path: &TokenStream,
    at: ClientMethodsAt,
) -> TokenStream {
    match at {
        ClientMethodsAt::OperationModule => quote! {
            #path {
                _caller: crate::runtime::caller::Caller::new(self),
                ..Default::default()
            }
        },
        ClientMethodsAt::Facade => quote!(<#builder>::calling(&self.0)),
    }
}

/// The client's methods for `operation` in the package users depend on,
/// when split: the call's, and its waiters'.
pub(crate) fn client_methods(operation: &OperationIr) -> TokenStream {
    let call = fluent_method(operation, ClientMethodsAt::Facade);
    let waiters = super::waiter::waiter_methods(operation, ClientMethodsAt::Facade);
    quote!(#call #(#waiters)*)
}

/// The input a fluent builder's calls send: `self.build()`, as the
/// `Result` the runtime takes.
pub(super) fn built_input(operation: &OperationIr) -> TokenStream {
    if operation.input.has_required_fields() {
        quote!(self.build())
    } else {
        quote!(Ok(self.build()))
    }
}

fn module_docs(ir: &CrateIr, operation: &OperationIr) -> Vec<String> {
    let mut lines = vec![format!("`{}`", operation.action), String::new()];
    lines.extend(operation.docs.iter().cloned());
    let crate_name = ident(&ir.crate_name);
    let values = ValuePrinter::new(quote!(#crate_name));
    // The examples name the crate users depend on; when split, the doctests
    // run in the package of operations, which stands in for it.
    let stand_in = ir
        .operations_package_of(operation)
        .map(|package| format!("# use {} as {};", package.package.crate_name, ir.crate_name));
    for (index, example) in operation.examples.iter().enumerate() {
        lines.push(String::new());
        if index == 0 {
            lines.push("# Examples".to_owned());
            lines.push(String::new());
        }
        lines.extend(example_docs(example, &values, stand_in.as_deref()));
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// A model example as a doctest that builds the input and prints its body.
fn example_docs(example: &ExampleIr, values: &ValuePrinter, stand_in: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        format!("## {}", example.title.replace('\n', " ")),
        String::new(),
    ];
    if !example.docs.is_empty() {
        lines.extend(example.docs.iter().cloned());
        lines.push(String::new());
    }
    let input = values.structure(&example.input);
    let program = quote! {
        fn main() {
            let input = #input;
            println!("{}", input.to_query_body());
        }
    };
    lines.push("```".to_owned());
    lines.extend(stand_in.map(str::to_owned));
    lines.extend(main_body_lines(program));
    // Rustdoc runs a doctest ending in `Ok::<(), E>(())` in a function
    // returning `Result<(), E>`, so that the body's `?` can return.
    if example.input.can_fail_to_build() {
        lines.push("# Ok::<(), Box<dyn std::error::Error>>(())".to_owned());
    }
    lines.push("```".to_owned());
    lines
}

/// The statements of `fn main() { ... }`, formatted: rustdoc puts a
/// doctest without a `main` in one.
fn main_body_lines(program: TokenStream) -> Vec<String> {
    let Ok(file) = syn::parse2::<syn::File>(program) else {
        return vec!["// (example could not be formatted)".to_owned()];
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let body = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    body.iter()
        .map(|line| line.strip_prefix("    ").unwrap_or(line).to_owned())
        .collect()
}
