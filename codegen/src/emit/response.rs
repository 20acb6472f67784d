//! Reading an operation's HTTP response: the body of its
//! `Operation::read_response`, and the operation's error enum (its modeled errors, any other
//! service error code, or a response that could not be read).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use crate::lower::OperationIr;

/// The body of an operation's `Operation::read_response`: the runtime's
/// reading of the envelope, with the output's deserializer inside it.
pub(crate) fn read_response_body(operation: &OperationIr) -> TokenStream {
    let output = ident(&operation.output.name);
    let root = operation
        .output
        .response_root
        .as_deref()
        .unwrap_or_default();
    quote!(crate::runtime::error::read_response(response, #root, #output::deserialize_xml))
}

fn error_name(operation: &OperationIr) -> proc_macro2::Ident {
    ident(&operation.error_type_name)
}

/// The operation's error: the runtime's shared `Error` when the model
/// declares none, else an enum with one variant per modeled error, then
/// `Service` and `Response` as the shared one has.
pub(crate) fn error_type(operation: &OperationIr) -> TokenStream {
    let name = error_name(operation);
    if operation.errors.is_empty() {
        let docs = format!(
            " The error of `{}`: the service's error response, or a response that could not be read. The model declares no errors of its own for it, so it is the crate's shared [`Error`](crate::Error).",
            operation.action
        );
        return quote! {
            #[doc = #docs]
            pub type #name = crate::Error;
        };
    }
    error_enum(operation)
}

fn error_enum(operation: &OperationIr) -> TokenStream {
    let name = error_name(operation);
    let action = &operation.action;
    let docs = format!(" An error `{action}` can return.");
    let modeled_variants = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let ty = ident(&error.type_name);
        let docs = doc_attrs(&[format!("The modeled error `{}`.", error.code)]);
        // Boxed: a modeled error can be large, and every `Result` carries the enum.
        quote! {
            #docs
            #variant(Box<crate::types::#ty>, crate::runtime::error::ErrorMetadata),
        }
    });
    let dispatch = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        let ty = ident(&error.type_name);
        let code = &error.code;
        quote! {
            #code => match crate::runtime::error::read_error_element(
                response,
                crate::types::#ty::deserialize_xml,
            ) {
                Ok(error) => #name::#variant(Box::new(error), metadata),
                Err(error) => #name::Response(error),
            },
        }
    });
    let metadata_arms = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        quote!(#name::#variant(_, metadata) => Some(metadata),)
    });
    let display_arms = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        quote!(#name::#variant(_, metadata) => std::fmt::Display::fmt(metadata, formatter),)
    });
    let source_arms = operation.errors.iter().map(|error| {
        let variant = ident(&error.variant);
        quote!(#name::#variant(error, _) => Some(error.as_ref()),)
    });
    quote! {
        #[doc = #docs]
        ///
        /// `Display` shows the error code and message; `DryRun` requests that would
        /// have succeeded are told apart by [`is_dry_run_success`](Self::is_dry_run_success).
        #[derive(Clone, PartialEq, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#modeled_variants)*
            /// An error code the model does not declare for this operation.
            Service(crate::runtime::error::ErrorMetadata),
            /// The response could not be read as an output or an error.
            Response(crate::runtime::error::ResponseError),
        }

        impl #name {
            /// The code, message and request id of the error response (`None` when
            /// the response could not be read).
            #[inline]
            pub fn metadata(&self) -> Option<&crate::runtime::error::ErrorMetadata> {
                match self {
                    #(#metadata_arms)*
                    #name::Service(metadata) => Some(metadata),
                    #name::Response(_) => None,
                }
            }

            /// The error code, such as `InvalidNetworkInterfaceID.NotFound`.
            #[inline]
            pub fn code(&self) -> Option<&str> {
                self.metadata().map(crate::runtime::error::ErrorMetadata::code)
            }

            /// The error message.
            #[inline]
            pub fn message(&self) -> Option<&str> {
                self.metadata().and_then(crate::runtime::error::ErrorMetadata::message)
            }

            /// The request id of the failed request.
            #[inline]
            pub fn request_id(&self) -> Option<&str> {
                self.metadata().and_then(crate::runtime::error::ErrorMetadata::request_id)
            }

            /// Whether this is EC2's answer to a `DryRun` request that would have
            /// succeeded (`DryRunOperation`) rather than a failure.
            #[inline]
            pub fn is_dry_run_success(&self) -> bool {
                self.metadata()
                    .is_some_and(crate::runtime::error::ErrorMetadata::is_dry_run_success)
            }
        }

        impl crate::runtime::operation::OperationError for #name {
            #[inline]
            fn from_error_response(response: &crate::runtime::http::HttpResponse) -> Self {
                let metadata = match crate::runtime::error::read_error_metadata(response) {
                    Ok(metadata) => metadata,
                    Err(error) => return #name::Response(error),
                };
                match metadata.code() {
                    #(#dispatch)*
                    _ => #name::Service(metadata),
                }
            }

            #[inline]
            fn metadata(&self) -> Option<&crate::runtime::error::ErrorMetadata> {
                #name::metadata(self)
            }
        }

        impl From<crate::runtime::error::ResponseError> for #name {
            #[inline]
            fn from(error: crate::runtime::error::ResponseError) -> Self {
                #name::Response(error)
            }
        }

        impl std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#display_arms)*
                    #name::Service(metadata) => std::fmt::Display::fmt(metadata, formatter),
                    #name::Response(error) => std::fmt::Display::fmt(error, formatter),
                }
            }
        }

        impl std::error::Error for #name {
            #[inline]
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    #(#source_arms)*
                    #name::Response(error) => Some(error),
                    #name::Service(_) => None,
                }
            }
        }
    }
}
