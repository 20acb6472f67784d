//! The client items of `lib.rs`: this service as the runtime's generic client
//! sees it, and the constructors users call (`Client::new`, `Client::from_env`).
//! All of it is behind the `client` cargo feature.

use proc_macro2::TokenStream;
use quote::quote;

use crate::lower::CrateIr;

pub(crate) fn client_items(ir: &CrateIr) -> TokenStream {
    let service = &ir.service;
    let (sdk_id, signing_name) = (&service.sdk_id, &service.signing_name);
    let resolve = resolve_endpoint(ir);
    let new_docs = format!(" A client of {} with this configuration.", service.title);
    quote! {
        #[cfg(feature = "client")]
        pub use runtime::client::{CallError, CallErrorKind, Client};
        #[cfg(feature = "client")]
        pub use runtime::config::{Config, ConfigBuilder, ConfigError};
        #[cfg(feature = "client")]
        pub use runtime::credentials::{Credentials, ProvideCredentials};

        /// This service, as the client sees it.
        #[cfg(feature = "client")]
        static SERVICE: runtime::client::Service = runtime::client::Service {
            sdk_id: #sdk_id,
            signing_name: #signing_name,
            resolve_endpoint,
        };

        #[cfg(feature = "client")]
        #resolve

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
