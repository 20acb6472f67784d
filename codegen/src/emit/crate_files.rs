//! The whole generated crate: `Cargo.toml`, `README.md`, `lib.rs`, one file
//! per operation and per shared type, and the runtime sources.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::builder;
use super::docs::doc_attrs;
use super::enumeration::enumeration;
use super::example::ValueBuilder;
use super::operation::operation_module;
use super::serializer::{structure_serializer, union_serializer};
use super::structure::structure;
use super::union::union;
use super::{EmitError, GeneratedFile, ident, rust_file, text_file};
use crate::lower::{CrateIr, TypeIr};

/// The runtime sources, copied into `src/runtime/` of every generated crate.
const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("build_error.rs", include_str!("../../runtime/build_error.rs")),
    ("datetime.rs", include_str!("../../runtime/datetime.rs")),
    ("idempotency.rs", include_str!("../../runtime/idempotency.rs")),
    ("operation.rs", include_str!("../../runtime/operation.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("unknown.rs", include_str!("../../runtime/unknown.rs")),
];

/// Every file of the crate, ordered by path.
pub fn generate(ir: &CrateIr) -> Result<Vec<GeneratedFile>, EmitError> {
    let doc_values = ValueBuilder::new(ir, {
        let crate_name = ident(&ir.package_name.replace('-', "_"));
        quote!(#crate_name)
    });
    let mut files = vec![
        cargo_toml(ir),
        readme(ir),
        rust_file("src/lib.rs", lib_rs(ir))?,
        rust_file("src/operation/mod.rs", operation_index(ir))?,
        rust_file("src/types/mod.rs", types_index(ir))?,
    ];
    for operation in &ir.operations {
        let path = format!("src/operation/{}.rs", operation.module);
        files.push(rust_file(&path, operation_module(ir, operation, &doc_values))?);
    }
    for ty in &ir.shared_types {
        let path = format!("src/types/{}.rs", ty.module());
        files.push(rust_file(&path, type_file(ty))?);
    }
    for (name, source) in RUNTIME_FILES {
        files.push(text_file(&format!("src/runtime/{name}"), "//", source));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn type_file(ty: &TypeIr) -> TokenStream {
    let items = match ty {
        TypeIr::Structure(shape) => {
            let serializer = shape.in_requests.then(|| structure_serializer(shape));
            let (definition, builder) = (structure(shape), builder(shape));
            quote!(#definition #builder #serializer)
        }
        TypeIr::Union(shape) => {
            let serializer = shape.in_requests.then(|| union_serializer(shape));
            let definition = union(shape);
            quote!(#definition #serializer)
        }
        TypeIr::Enum(shape) => enumeration(shape),
    };
    quote! {
        #![allow(deprecated)]
        #items
    }
}

fn lib_rs(ir: &CrateIr) -> TokenStream {
    let service = &ir.service;
    let mut docs = vec![format!("# {}", service.title), String::new()];
    docs.extend(service.docs.iter().cloned());
    docs.push(String::new());
    docs.push(format!(
        "Types, builders and ec2Query request serializers for {} operation{} of `{}` (API version `{}`). Each operation has a module under [`operation`]; shapes the operations share are in [`types`].",
        ir.operations.len(),
        if ir.operations.len() == 1 { "" } else { "s" },
        service.shape_id,
        service.version,
    ));
    let docs = docs.into_iter().map(|line| {
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote!(#![doc = #line])
    });
    let version = &service.version;
    quote! {
        #(#docs)*
        #![forbid(unsafe_code)]

        pub mod operation;
        pub mod runtime;
        pub mod types;

        pub use runtime::build_error::BuildError;
        pub use runtime::datetime::DateTime;
        pub use runtime::operation::Operation;

        /// The service's API version, sent as the `Version` parameter of every request.
        pub const API_VERSION: &str = #version;
    }
}

fn operation_index(ir: &CrateIr) -> TokenStream {
    let modules = ir.operations.iter().map(|operation| {
        let module = ident(&operation.module);
        let docs = doc_attrs(&[format!("`{}`", operation.action)]);
        quote!(#docs pub mod #module;)
    });
    quote! {
        //! One module per operation: its input (with builder and serializer) and output.
        #(#modules)*
    }
}

fn types_index(ir: &CrateIr) -> TokenStream {
    let modules = ir.shared_types.iter().map(|ty| {
        let module = ident(ty.module());
        let name = ident(ty.name());
        quote! {
            mod #module;
            pub use #module::#name;
        }
    });
    let builders = ir.shared_types.iter().filter_map(|ty| match ty {
        TypeIr::Structure(structure) => {
            let module = ident(&structure.module);
            let builder = ident(&structure.builder_name);
            Some(quote!(pub use super::#module::#builder;))
        }
        _ => None,
    });
    quote! {
        //! The structures, unions and enums the operations share.
        #(#modules)*

        /// The builders of the structures in [`types`](crate::types).
        pub mod builders {
            #(#builders)*
        }
    }
}

fn cargo_toml(ir: &CrateIr) -> GeneratedFile {
    let body = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
rust-version = "1.87"
description = "{title}: types, builders and ec2Query serializers for {count} operations (API {version})."
license = "Apache-2.0"
publish = false

# Why each dependency is here: see README.md.
[dependencies]
base64 = "0.22"
percent-encoding = "2.3"
"#,
        name = ir.package_name,
        title = ir.service.title.replace('"', "'"),
        count = ir.operations.len(),
        version = ir.service.version,
    );
    text_file("Cargo.toml", "#", &body)
}

fn readme(ir: &CrateIr) -> GeneratedFile {
    let operations: String = ir
        .operations
        .iter()
        .map(|operation| format!("- `{}` (`operation::{}`)\n", operation.action, operation.module))
        .collect();
    let body = format!(
        r#"# `{name}`: {title}

Rust types, builders and ec2Query request serializers for these operations of
`{shape}` (API version `{version}`):

{operations}
Generated from the Smithy model by this repository's generator
(`cargo xtask codegen`); regenerate instead of editing.

## Use

```rust,ignore
let input = {crate_ident}::operation::{first_module}::{first_input}::builder()
    // one setter per member ...
    .build()?;
let body = input.to_query_body(); // POST / with Content-Type: application/x-www-form-urlencoded
```

## Dependencies

Each dependency costs every user compile time, so there are two, both small,
dependency-free, and already in most Rust dependency trees:

- `percent-encoding`: the query values' percent-encoding (RFC 3986 unreserved
  characters kept), the job it was written for.
- `base64`: blob members are sent as standard base64; version 0.22 because it is the
  one most other crates use, so it is usually shared rather than compiled again.

Everything else is in `src/runtime/` on `std` alone: the date-time type (three
Smithy timestamp formats), idempotency tokens (UUID v4 from the OS-seeded `std`
hasher keys, which makes a `rand`/`getrandom` dependency unnecessary), the query
writer, and builder errors.
"#,
        name = ir.package_name,
        title = ir.service.title,
        shape = ir.service.shape_id,
        version = ir.service.version,
        crate_ident = ir.package_name.replace('-', "_"),
        first_module = ir.operations.first().map_or("<operation>", |op| op.module.as_str()),
        first_input = ir.operations.first().map_or("<Operation>Input", |op| op.input.name.as_str()),
    );
    text_file("README.md", "<!--", &format!("{body}"))
        .with_html_comment()
}

impl GeneratedFile {
    /// Markdown has no line comments: close the header's HTML comment.
    fn with_html_comment(mut self) -> Self {
        if let Some(end) = self.contents.find('\n') {
            self.contents.insert_str(end, " -->");
        }
        self
    }
}
