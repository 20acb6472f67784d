//! The client items of `lib.rs`: this service as the runtime's generic client
//! sees it, and the constructors users call (`Client::new`, `Client::from_env`).
//! All of it is behind the `client` cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::CrateIr;

pub(crate) fn client_items(ir: &CrateIr) -> TokenStream {
    let service_items = service(ir);
    let new_docs = new_docs(ir);
    quote! {
        #[cfg(feature = "client")]
        pub use runtime::client::{CallError, CallErrorKind, Client};
        #[cfg(feature = "client")]
        pub use runtime::config::{Config, ConfigBuilder, ConfigError};
        #[cfg(feature = "client")]
        pub use runtime::credentials::{Credentials, ProvideCredentials};

        #service_items

        #[cfg(feature = "client")]
        impl runtime::client::Client {
            #[doc = #new_docs]
            pub fn new(config: Config) -> Self {
                Self::for_service(&SERVICE, config)
            }

            /// A client configured from the environment and the shared files, as
            /// the AWS SDKs are: see [`Config::from_env`].
            pub fn from_env() -> Result<Self, ConfigError> {
                Ok(Self::new(Config::from_env()?))
            }
        }
    }
}

/// The client items of a split crate's `lib.rs`: the runtime's client is
/// another package's type, so the one users have is this package's, with a
/// method per operation (`methods`) and the runtime's for the rest.
pub(crate) fn split_client_items(
    ir: &CrateIr,
    methods: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let service_items = service(ir);
    let new_docs = new_docs(ir);
    let docs = format!(
        " A client of {}: a method per operation starts a call (`client.operation().member(value).send()`), and the runtime's [`runtime::client::Client`], which it dereferences to, has the rest (`send`, `config`).",
        ir.service.title
    );
    quote! {
        #service_items

        #[doc = #docs]
        #[cfg(feature = "client")]
        #[derive(Clone, PartialEq)]
        pub struct Client(runtime::client::Client);

        #[cfg(feature = "client")]
        impl Client {
            #[doc = #new_docs]
            pub fn new(config: Config) -> Self {
                Client(runtime::client::Client::for_service(&SERVICE, config))
            }

            /// A client configured from the environment and the shared files, as
            /// the AWS SDKs are: see [`Config::from_env`].
            pub fn from_env() -> Result<Self, ConfigError> {
                Ok(Self::new(Config::from_env()?))
            }

            #(#methods)*
        }

        #[cfg(feature = "client")]
        impl std::ops::Deref for Client {
            type Target = runtime::client::Client;

            #[inline]
            fn deref(&self) -> &runtime::client::Client {
                &self.0
            }
        }

        #[cfg(feature = "client")]
        impl std::fmt::Debug for Client {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, formatter)
            }
        }
    }
}

fn new_docs(ir: &CrateIr) -> String {
    format!(" A client of {} with this configuration.", ir.service.title)
}

/// This service as the runtime's client sees it, with its endpoint resolution.
fn service(ir: &CrateIr) -> TokenStream {
    let service = &ir.service;
    let (sdk_id, signing_name) = (&service.sdk_id, &service.signing_name);
    let resolve = resolve_endpoint(ir);
    quote! {
        /// This service, as the client sees it.
        #[cfg(feature = "client")]
        static SERVICE: runtime::client::Service = runtime::client::Service {
            sdk_id: #sdk_id,
            signing_name: #signing_name,
            resolve_endpoint,
        };

        #[cfg(feature = "client")]
        #resolve
    }
}

/// The service's endpoint rules over the client's built-in parameters; a
/// model without rules needs an endpoint URL.
fn resolve_endpoint(ir: &CrateIr) -> TokenStream {
    let body = if ir.endpoint_rules.is_some() {
        quote!(endpoint::resolve(&endpoint::Params::from_builtins(
            builtins
        )))
    } else {
        quote! {
            match &builtins.endpoint {
                Some(url) => {
                    Ok(runtime::endpoint::ResolvedEndpoint::new(url.clone()))
                }
                None => Err(
                    runtime::endpoint::ResolveError::rule(
                        "the service's model has no endpoint rules: set an endpoint URL \
                         (AWS_ENDPOINT_URL, or ConfigBuilder::endpoint_url)",
                    ),
                ),
            }
        }
    };
    quote! {
        fn resolve_endpoint(
            builtins: &runtime::endpoint::BuiltIns,
        ) -> Result<runtime::endpoint::ResolvedEndpoint, runtime::endpoint::ResolveError> {
            #body
        }
    }
}
