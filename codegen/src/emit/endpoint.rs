//! `src/endpoint.rs`: the rule set compiled ([`resolve`](resolve::resolve_fn)),
//! its parameters (`Params`, its builder and `from_builtins`), and, beside it,
//! the partition table (`src/endpoint/partitions.rs`) and the rule set's
//! test cases (`src/endpoint/endpoint_tests.rs`).

mod partitions;
mod resolve;
mod tests;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{deprecated_attr, doc_attrs, doc_attrs_with, inner_doc_attrs};
use super::{EmitError, GeneratedFile, field_ident, rust_file};
use crate::lower::endpoint::{
    BuiltInIr, EndpointParamIr, EndpointRulesIr, ParamPresence, ParamTypeIr, ParamValueIr,
};

/// The files of the endpoint module.
pub(crate) fn endpoint_files(rules: &EndpointRulesIr) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut files = vec![rust_file("src/endpoint.rs", endpoint_module(rules))?];
    if let Some(table) = &rules.partitions {
        files.push(rust_file(
            "src/endpoint/partitions.rs",
            partitions::partitions_file(table),
        )?);
    }
    if !rules.tests.is_empty() {
        files.push(rust_file(
            "src/endpoint/endpoint_tests.rs",
            tests::tests_file(rules),
        )?);
    }
    Ok(files)
}

fn endpoint_module(rules: &EndpointRulesIr) -> TokenStream {
    let docs = [
        format!(
            "Endpoint resolution for `{}`: its rule set (`smithy.rules#endpointRuleSet`, rules engine {}) compiled to Rust.",
            rules.service_shape_id, rules.version
        ),
        String::new(),
        "[`resolve`] gives the endpoint for a set of [`Params`], or the rule set's error; [`Params::from_builtins`] sets the parameters a client's built-in values (region, FIPS, dual-stack, endpoint override) decide.".to_owned(),
    ];
    let docs = inner_doc_attrs(&docs);
    let allow_deprecated = rules
        .params
        .iter()
        .any(|param| param.deprecated.is_some())
        .then(|| {
            quote! {
                // The module reads and sets its own deprecated parameters.
                #![allow(deprecated)]
            }
        });
    let partitions_module = rules.partitions.as_ref().map(|_| {
        quote! {
            mod partitions;

            /// `aws.partition`: the partition of a region.
            fn partition(region: &str) -> Option<&'static crate::runtime::endpoint::Partition> {
                crate::runtime::endpoint::partition(self::partitions::PARTITIONS, region)
            }
        }
    });
    let tests_module = (!rules.tests.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            mod endpoint_tests;
        }
    });
    let params = params_struct(rules);
    let builder = params_builder(&rules.params);
    let resolve = resolve::resolve_fn(rules);
    quote! {
        #docs
        #allow_deprecated
        #partitions_module
        #tests_module
        #params
        #builder
        #resolve
    }
}

fn field_type(param: &EndpointParamIr) -> TokenStream {
    let ty = match param.ty {
        ParamTypeIr::String => quote!(String),
        ParamTypeIr::Bool => quote!(bool),
        ParamTypeIr::StringArray => quote!(Vec<String>),
    };
    if param.presence.is_option() {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

/// The field's docs: the model's, then where the value comes from.
fn param_docs(param: &EndpointParamIr) -> Vec<String> {
    let mut notes = vec![format!("`{}` in the rule set.", param.name)];
    match &param.presence {
        ParamPresence::Optional => {}
        ParamPresence::Required => {
            notes.push("Required: [`resolve`] fails when it is unset.".to_owned());
        }
        ParamPresence::Defaulted(default) => {
            notes.push(format!("Default: `{}`.", default_text(default)));
        }
    }
    match &param.built_in {
        None => {}
        Some(BuiltInIr::Other(name)) => notes.push(format!(
            "Built-in `{name}`, which `BuiltIns` does not carry: set it in code."
        )),
        Some(built_in) => notes.push(format!(
            "Built-in `{}`: [`Params::from_builtins`] sets it.",
            built_in.name()
        )),
    }
    let mut docs = param.docs.clone();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(notes.join(" "));
    docs
}

fn default_text(value: &ParamValueIr) -> String {
    match value {
        ParamValueIr::String(text) => format!("{text:?}"),
        ParamValueIr::Bool(flag) => flag.to_string(),
        ParamValueIr::StringArray(items) => format!("{items:?}"),
    }
}

fn params_struct(rules: &EndpointRulesIr) -> TokenStream {
    let fields = rules.params.iter().map(|param| {
        let docs = doc_attrs(&param_docs(param));
        let deprecated = deprecated_attr(param.deprecated.as_ref());
        let name = field_ident(&param.field);
        let ty = field_type(param);
        quote!(#docs #deprecated pub #name: #ty,)
    });
    let derivable = rules
        .params
        .iter()
        .all(|param| has_zero_default(&param.presence));
    let derive_default = derivable.then(|| quote!(Default,));
    let default_impl = (!derivable).then(|| default_impl(&rules.params));
    let from_builtins = from_builtins(&rules.params);
    let docs = doc_attrs_with(
        &[format!(
            "The endpoint parameters of `{}`: what [`resolve`] decides the endpoint from.",
            rules.service_shape_id
        )],
        &["Start from [`Params::builder`] (the rule set's defaults) or [`Params::from_builtins`].".to_owned()],
    );
    quote! {
        #docs
        #[derive(Clone, Debug, #derive_default PartialEq, Eq)]
        // Rule sets gain parameters; the builder keeps code building them working.
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        #default_impl

        impl Params {
            /// A builder starting from the rule set's defaults.
            pub fn builder() -> ParamsBuilder {
                ParamsBuilder::default()
            }

            #from_builtins
        }
    }
}

/// Whether the default is the type's `Default` (then `Default` is derived,
/// as clippy wants).
fn has_zero_default(presence: &ParamPresence) -> bool {
    match presence {
        ParamPresence::Optional | ParamPresence::Required => true,
        ParamPresence::Defaulted(ParamValueIr::Bool(flag)) => !flag,
        ParamPresence::Defaulted(ParamValueIr::String(text)) => text.is_empty(),
        ParamPresence::Defaulted(ParamValueIr::StringArray(items)) => items.is_empty(),
    }
}

fn default_impl(params: &[EndpointParamIr]) -> TokenStream {
    let fields = params.iter().map(|param| {
        let name = field_ident(&param.field);
        let value = match &param.presence {
            ParamPresence::Optional | ParamPresence::Required => {
                quote!(None)
            }
            ParamPresence::Defaulted(value) => param_value(value),
        };
        quote!(#name: #value,)
    });
    quote! {
        impl Default for Params {
            /// The rule set's defaults; parameters without one are unset.
            fn default() -> Self {
                Self { #(#fields)* }
            }
        }
    }
}

/// A parameter value as an expression of the field's (non-`Option`) type.
fn param_value(value: &ParamValueIr) -> TokenStream {
    match value {
        ParamValueIr::String(text) => quote!(String::from(#text)),
        ParamValueIr::Bool(flag) => quote!(#flag),
        ParamValueIr::StringArray(items) => {
            vec_of(items.iter().map(|item| quote!(String::from(#item))))
        }
    }
}

fn from_builtins(params: &[EndpointParamIr]) -> TokenStream {
    let mut all_set = true;
    let fields: Vec<TokenStream> = params
        .iter()
        .filter_map(|param| {
            let value = built_in_value(param);
            all_set &= value.is_some();
            let name = field_ident(&param.field);
            value.map(|value| quote!(#name: #value,))
        })
        .collect();
    let docs = doc_attrs(&[
        "The parameters the client's built-in values give (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`); the others keep their defaults.".to_owned(),
    ]);
    if fields.is_empty() {
        return quote! {
            #docs
            pub fn from_builtins(_builtins: &crate::runtime::endpoint::BuiltIns) -> Self {
                Self::default()
            }
        };
    }
    let rest = (!all_set).then(|| quote!(..Self::default()));
    quote! {
        #docs
        pub fn from_builtins(builtins: &crate::runtime::endpoint::BuiltIns) -> Self {
            Self { #(#fields)* #rest }
        }
    }
}

/// The field's value from `builtins`, when `BuiltIns` carries its built-in.
fn built_in_value(param: &EndpointParamIr) -> Option<TokenStream> {
    let source = match param.built_in.as_ref()? {
        BuiltInIr::Region => quote!(builtins.region.clone()),
        BuiltInIr::Endpoint => quote!(builtins.endpoint.clone()),
        BuiltInIr::UseFips => quote!(builtins.use_fips),
        BuiltInIr::UseDualStack => quote!(builtins.use_dual_stack),
        BuiltInIr::Other(_) => return None,
    };
    let source_is_option = matches!(
        param.built_in,
        Some(BuiltInIr::Region | BuiltInIr::Endpoint)
    );
    Some(match (&param.presence, source_is_option) {
        (ParamPresence::Defaulted(default), true) => {
            let default = param_value(default);
            quote!(#source.unwrap_or_else(|| #default))
        }
        (ParamPresence::Defaulted(_), false) | (_, true) => source,
        (_, false) => quote!(Some(#source)),
    })
}

fn params_builder(params: &[EndpointParamIr]) -> TokenStream {
    let setters = params.iter().map(setter);
    quote! {
        /// Builds [`Params`], starting from the rule set's defaults.
        #[derive(Clone, Debug, Default)]
        pub struct ParamsBuilder {
            params: Params,
        }

        impl ParamsBuilder {
            #(#setters)*

            pub fn build(self) -> Params {
                self.params
            }
        }
    }
}

/// A `Vec` of these items (`Vec::new()` for none, which needs no type hint).
pub(super) fn vec_of(items: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    let items: Vec<TokenStream> = items.into_iter().collect();
    if items.is_empty() {
        quote!(Vec::new())
    } else {
        quote!(Vec::from([#(#items),*]))
    }
}

fn setter(param: &EndpointParamIr) -> TokenStream {
    let docs = doc_attrs(&[format!("Sets `{}`.", param.name)]);
    let deprecated = deprecated_attr(param.deprecated.as_ref());
    let name = field_ident(&param.field);
    let (argument, value) = match param.ty {
        ParamTypeIr::String => (quote!(impl Into<String>), quote!(value.into())),
        ParamTypeIr::Bool => (quote!(bool), quote!(value)),
        ParamTypeIr::StringArray => (quote!(Vec<String>), quote!(value)),
    };
    let value = if param.presence.is_option() {
        quote!(Some(#value))
    } else {
        value
    };
    quote! {
        #docs
        #deprecated
        pub fn #name(mut self, value: #argument) -> Self {
            self.params.#name = #value;
            self
        }
    }
}
