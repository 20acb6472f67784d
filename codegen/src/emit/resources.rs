//! `src/resources.rs`: boto3-style resource handles. A handle is a client
//! and a resource's identifiers; its actions are the operations' fluent
//! builders with those members set, `load()` reads the resource's data, and
//! collections page through list operations, giving handles with their data.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{field_ident, ident};
use crate::lower::{
    CollectionIr, ParamSetIr, ParamValueIr, ReferenceIr, ReferenceValueIr, ResourceIr,
    ResourcePathStepIr, ResourceRequestIr, ResourcesIr,
};

pub(crate) fn resources_module(resources: &ResourcesIr) -> TokenStream {
    let handles = resources
        .resources
        .iter()
        .map(|resource| handle(resource, resources));
    let collections = resources
        .collections
        .iter()
        .map(|collection| collection_method(collection, quote!(self), resources));
    quote! {
        //! boto3's resources as typed handles: `client.vpc_address("eipalloc-1")
        //! .associate().instance_id("i-1").send()` fills in `AllocationId` from the
        //! handle, as boto3 does. Only resources that a generated operation acts
        //! on are here, with the actions, `load` and collections whose operations
        //! are generated.

        #(#handles)*

        impl crate::Client {
            #(#collections)*
        }
    }
}

fn handle(resource: &ResourceIr, resources: &ResourcesIr) -> TokenStream {
    let name = ident(&resource.type_name);
    let constructor = field_ident(&resource.constructor);
    let fields: Vec<_> = resource
        .identifiers
        .iter()
        .map(|identifier| field_ident(&identifier.field))
        .collect();
    let identifier_names: Vec<String> = resource
        .identifiers
        .iter()
        .map(|identifier| format!("`{}`", identifier.name))
        .collect();
    let docs = format!(
        " boto3's `{}`: a handle on one, named by {}. Nothing is called until one of its methods is.",
        resource.name,
        identifier_names.join(", ")
    );
    let data_type = resource.data_type.as_ref().map(|data| {
        let data = ident(data);
        quote!(crate::types::#data)
    });
    let data_field = data_type.as_ref().map(|data| quote!(data: Option<#data>,));
    let data_none = data_type.as_ref().map(|_| quote!(data: None,));
    let data_accessor = data_type.as_ref().map(|data| {
        quote! {
            /// The data the collection that gave this handle read with it;
            /// `None` for a handle made from identifiers (`load()` reads it).
            #[inline]
            pub fn data(&self) -> Option<&#data> {
                self.data.as_ref()
            }
        }
    });
    let accessors = resource.identifiers.iter().map(|identifier| {
        let field = field_ident(&identifier.field);
        let docs = format!(" The identifier `{}`.", identifier.name);
        quote! {
            #[doc = #docs]
            #[inline]
            pub fn #field(&self) -> &str {
                &self.#field
            }
        }
    });
    let actions = resource.actions.iter().map(|action| {
        let method = field_ident(&action.method);
        let builder = builder_type(action);
        let start = request_start(action, quote!(self.client));
        let docs = format!(
            " `{}` (boto3's `{}`), with the members this handle names set: set the others, then `send()`.",
            action.action, action.name
        );
        quote! {
            #[doc = #docs]
            #[inline]
            pub fn #method(&self) -> #builder {
                #start
            }
        }
    });
    let load = resource
        .load
        .as_ref()
        .zip(data_type.as_ref())
        .map(|(load, data)| load_methods(load, data));
    let references = resource
        .references
        .iter()
        .map(|reference| reference_method(reference, resources));
    let collections = resource
        .collections
        .iter()
        .map(|collection| collection_method(collection, quote!(self.client), resources));
    quote! {
        #[doc = #docs]
        #[derive(Clone, Debug)]
        pub struct #name {
            client: crate::Client,
            #(#fields: String,)*
            #data_field
        }

        impl crate::Client {
            #[doc = #docs]
            #[inline]
            pub fn #constructor(&self, #(#fields: impl Into<String>),*) -> #name {
                #name {
                    client: self.clone(),
                    #(#fields: #fields.into(),)*
                    #data_none
                }
            }
        }

        impl #name {
            /// The client this handle makes its calls with.
            #[inline]
            pub fn client(&self) -> &crate::Client {
                &self.client
            }

            #(#accessors)*
            #data_accessor
            #(#actions)*
            #load
            #(#references)*
            #(#collections)*
        }
    }
}

/// A `has` reference: the other resource's handle, from this one's
/// identifiers, or from its data when the model says so (then `None` when
/// the data does not name it).
fn reference_method(reference: &ReferenceIr, resources: &ResourcesIr) -> TokenStream {
    let method = field_ident(&reference.method);
    let target = ident(&reference.resource_type);
    let target_fields: Vec<_> = resources
        .resources
        .iter()
        .find(|resource| resource.type_name == reference.resource_type)
        .map(|resource| {
            resource
                .identifiers
                .iter()
                .map(|identifier| field_ident(&identifier.field))
                .collect()
        })
        .unwrap_or_default();
    let values = reference.identifiers.iter().map(|value| match value {
        ReferenceValueIr::Identifier(field) => {
            let field = field_ident(field);
            quote!(self.#field.clone())
        }
        ReferenceValueIr::Data(steps) => {
            let mut read = quote!(data);
            for (index, step) in steps.iter().enumerate() {
                let field = field_ident(&step.field);
                let last = index + 1 == steps.len();
                read = match (step.optional, last) {
                    (true, true) => quote!(#read.#field.clone()?),
                    (true, false) => quote!(#read.#field.as_ref()?),
                    (false, true) => quote!(#read.#field.clone()),
                    (false, false) => quote!(#read.#field),
                };
            }
            read
        }
    });
    let data_none = reference.target_has_data.then(|| quote!(data: None,));
    let handle = quote! {
        #target {
            client: self.client.clone(),
            #(#target_fields: #values,)*
            #data_none
        }
    };
    match reference
        .data_type
        .as_ref()
        .filter(|_| reference.reads_data())
    {
        Some(data_type) => {
            let data_type = ident(data_type);
            let docs = format!(
                " boto3's `{}`: the `{}` this resource's data names; `None` when it names none.",
                reference.name, reference.resource_type
            );
            quote! {
                #[doc = #docs]
                pub fn #method(&self, data: &crate::types::#data_type) -> Option<#target> {
                    Some(#handle)
                }
            }
        }
        None => {
            let docs = format!(
                " boto3's `{}`: the `{}` this resource's identifiers name.",
                reference.name, reference.resource_type
            );
            quote! {
                #[doc = #docs]
                #[inline]
                pub fn #method(&self) -> #target {
                    #handle
                }
            }
        }
    }
}

fn builder_type(request: &ResourceRequestIr) -> TokenStream {
    let module = ident(&request.operation_module);
    let builder = ident(&request.builder_name);
    quote!(crate::operation::#module::#builder)
}

/// `client.operation().member(value)...`: the request with the members the
/// resource model sets.
fn request_start(request: &ResourceRequestIr, client: TokenStream) -> TokenStream {
    let method = field_ident(&request.operation_client_method);
    let sets = setter_calls(&request.sets);
    quote!(#client.#method() #sets)
}

/// `.member(value)...`: the calls that set what the resource model sets.
fn setter_calls(sets: &[ParamSetIr]) -> TokenStream {
    sets.iter()
        .map(|set| {
            let setter = field_ident(&set.setter);
            let value = match &set.value {
                ParamValueIr::Identifier(field) => {
                    let field = field_ident(field);
                    quote!(self.#field.clone())
                }
                ParamValueIr::String(text) => quote!(#text),
                ParamValueIr::Enum { type_name, value } => {
                    let type_name = ident(type_name);
                    quote!(crate::types::#type_name::from(#value))
                }
                ParamValueIr::Integer(number) => {
                    let number = Literal::i64_unsuffixed(*number);
                    quote!(#number)
                }
                ParamValueIr::Boolean(flag) => quote!(#flag),
                ParamValueIr::Structure { type_name, sets } => {
                    let type_name = ident(type_name);
                    let sets = setter_calls(sets);
                    quote!(crate::types::#type_name::builder() #sets .build())
                }
            };
            quote!(.#setter(#value))
        })
        .collect()
}

fn load_methods(load: &ResourceRequestIr, data: &TokenStream) -> TokenStream {
    let module = ident(&load.operation_module);
    let error = ident(&load.error_type_name);
    let result = quote! {
        Result<Option<#data>, crate::CallError<crate::operation::#module::#error>>
    };
    let start = request_start(load, quote!(self.client));
    let read = take_first(&load.path);
    let docs = format!(
        " The resource's data, read with `{}`; `None` when the answer holds none.",
        load.action
    );
    quote! {
        #[doc = #docs]
        pub fn load(&self) -> #result {
            let output = #start.send()?;
            Ok(#read)
        }

        #[doc = #docs]
        pub async fn load_async(&self) -> #result {
            let output = #start.send_async().await?;
            Ok(#read)
        }
    }
}

/// `Reservations[0].Instances[0]` from `output`, by value, as an `Option`.
fn take_first(path: &[ResourcePathStepIr]) -> TokenStream {
    let mut expression = quote!(output);
    let mut in_option = false;
    for step in path {
        let field = field_ident(&step.field);
        expression = match (in_option, step.optional) {
            (false, _) => quote!(#expression.#field),
            (true, true) => quote!(#expression.and_then(|value| value.#field)),
            (true, false) => quote!(#expression.map(|value| value.#field)),
        };
        in_option |= step.optional;
        if step.list {
            expression = if in_option {
                quote!(#expression.and_then(|items| items.into_iter().next()))
            } else {
                quote!(#expression.into_iter().next())
            };
            in_option = true;
        }
    }
    if in_option {
        expression
    } else {
        quote!(Some(#expression))
    }
}

fn collection_method(
    collection: &CollectionIr,
    client: TokenStream,
    resources: &ResourcesIr,
) -> TokenStream {
    let method = field_ident(&collection.method);
    let resource = ident(&collection.resource_type);
    let module = ident(&collection.request.operation_module);
    let input = ident(&collection.request.input_name);
    let builder = builder_type(&collection.request);
    let start = request_start(&collection.request, client.clone());
    let walk = collection.request.path.iter().map(|step| {
        let field = field_ident(&step.field);
        match (step.optional, step.list) {
            (true, true) => quote!(.flat_map(|value| value.#field.unwrap_or_default())),
            (true, false) | (false, true) => quote!(.flat_map(|value| value.#field)),
            (false, false) => quote!(.map(|value| value.#field)),
        }
    });
    let target = resources
        .resources
        .iter()
        .find(|resource| resource.type_name == collection.resource_type);
    let identifier_fields: Vec<_> = target
        .map(|target| {
            target
                .identifiers
                .iter()
                .map(|identifier| field_ident(&identifier.field))
                .collect()
        })
        .unwrap_or_default();
    // A resource its data does not name is left out.
    let data_fields = collection.identifier_fields.iter().map(|step| {
        let field = field_ident(&step.field);
        if step.optional {
            quote!(data.#field.clone()?)
        } else {
            quote!(data.#field.clone())
        }
    });
    let docs = format!(
        " boto3's `{}`: the `{}`s `{}` lists, page after page, each with its data. `.filter(|request| ...)` sets more of the request; iterate it, or `.all().next_async()`.",
        collection.name, collection.resource_type, collection.request.action
    );
    quote! {
        #[doc = #docs]
        pub fn #method(
            &self,
        ) -> crate::runtime::paginator::CollectionRequest<#builder, crate::operation::#module::#input, #resource, crate::Client> {
            crate::runtime::paginator::CollectionRequest::new(
                #client.clone(),
                #start,
                |request| request.into_paginator(),
                |client, item| {
                    std::iter::once(item)
                        #(#walk)*
                        .filter_map(|data| {
                            Some(#resource {
                                client: client.clone(),
                                #(#identifier_fields: #data_fields,)*
                                data: Some(data),
                            })
                        })
                        .collect()
                },
            )
        }
    }
}
