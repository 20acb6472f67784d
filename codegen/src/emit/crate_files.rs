//! The whole generated crate: `Cargo.toml`, `README.md`, `lib.rs`, one file
//! per operation and per shared type, and the runtime sources.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::builder;
use super::deserializer::{structure_deserializer, union_deserializer, zero_value_constructor};
use super::docs::doc_attrs;
use super::enumeration::enumeration;
use super::operation::operation_module;
use super::serializer::{structure_serializer, union_serializer};
use super::structure::structure;
use super::union::union;
use super::{Comment, EmitError, GeneratedFile, ident, rust_file, text_file};
use crate::lower::{CrateIr, TypeIr};

/// The runtime sources, copied into `src/runtime/` of every generated crate.
const RUNTIME_FILES: &[(&str, &str)] = &[
    (
        "build_error.rs",
        include_str!("../../runtime/build_error.rs"),
    ),
    ("datetime.rs", include_str!("../../runtime/datetime.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("http.rs", include_str!("../../runtime/http.rs")),
    (
        "idempotency.rs",
        include_str!("../../runtime/idempotency.rs"),
    ),
    ("operation.rs", include_str!("../../runtime/operation.rs")),
    ("query.rs", include_str!("../../runtime/query.rs")),
    ("unknown.rs", include_str!("../../runtime/unknown.rs")),
    ("xml.rs", include_str!("../../runtime/xml.rs")),
];

/// Runtime sources only some crates need: gzip for `@requestCompression`
/// (it brings the `flate2` dependency), assertions for protocol tests.
const COMPRESSION_FILE: (&str, &str) = (
    "compression.rs",
    include_str!("../../runtime/compression.rs"),
);
const PROTOCOL_TEST_FILE: (&str, &str) = (
    "protocol_test.rs",
    include_str!("../../runtime/protocol_test.rs"),
);

/// Every file of the crate, ordered by path.
pub fn generate(ir: &CrateIr) -> Result<Vec<GeneratedFile>, EmitError> {
    let mut files = vec![
        rust_file("src/runtime/mod.rs", runtime_index(ir))?,
        cargo_toml(ir),
        readme(ir),
        // prettyplease formats the crate; rustfmt would fight it over every file.
        text_file(
            "rustfmt.toml",
            Comment::Hash,
            "disable_all_formatting = true\n",
        ),
        rust_file("src/lib.rs", lib_rs(ir))?,
        rust_file("src/operation/mod.rs", operation_index(ir))?,
        rust_file("src/types/mod.rs", types_index(ir))?,
    ];
    for operation in &ir.operations {
        let path = format!("src/operation/{}.rs", operation.module);
        files.push(rust_file(&path, operation_module(ir, operation))?);
    }
    for ty in &ir.shared_types {
        let path = format!("src/types/{}.rs", ty.module());
        files.push(rust_file(&path, type_file(ty))?);
    }
    let optional_files = [
        uses_compression(ir).then_some(COMPRESSION_FILE),
        has_protocol_tests(ir).then_some(PROTOCOL_TEST_FILE),
    ];
    for (name, source) in RUNTIME_FILES
        .iter()
        .copied()
        .chain(optional_files.into_iter().flatten())
    {
        files.push(text_file(
            &format!("src/runtime/{name}"),
            Comment::Slashes,
            source,
        ));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn uses_compression(ir: &CrateIr) -> bool {
    ir.operations.iter().any(|operation| operation.gzip_request)
}

fn has_protocol_tests(ir: &CrateIr) -> bool {
    ir.operations
        .iter()
        .any(|operation| !operation.protocol_tests.is_empty())
}

/// `src/runtime/mod.rs`: the runtime modules this crate uses.
fn runtime_index(ir: &CrateIr) -> TokenStream {
    let modules = RUNTIME_FILES.iter().map(|(file, _)| {
        let module = ident(file.trim_end_matches(".rs"));
        quote!(pub mod #module;)
    });
    let compression = uses_compression(ir).then(|| {
        quote!(
            pub mod compression;
        )
    });
    let protocol_test = has_protocol_tests(ir).then(|| {
        quote! {
            // A suite with only request cases, or only response cases, uses
            // only some of the assertions.
            #[cfg(test)]
            #[allow(dead_code)]
            pub(crate) mod protocol_test;
        }
    });
    quote! {
        //! The hand-written runtime the generated code calls: the ec2Query body
        //! writer, the XML response reader, error responses, the HTTP request and
        //! response types, the date-time type, idempotency tokens, builder errors and
        //! unknown enum values. The generator copies it into every crate it writes,
        //! so there is no runtime crate to depend on.
        #(#modules)*
        #compression
        #protocol_test
    }
}

fn type_file(ty: &TypeIr) -> TokenStream {
    let items = match ty {
        TypeIr::Structure(shape) => {
            let serializer = shape.in_requests.then(|| structure_serializer(shape));
            let deserializer = shape.in_responses.then(|| structure_deserializer(shape));
            let zero_value = zero_value_constructor(shape);
            let (definition, builder) = (structure(shape), builder(shape));
            quote!(#definition #builder #serializer #deserializer #zero_value)
        }
        TypeIr::Union(shape) => {
            let serializer = shape.in_requests.then(|| union_serializer(shape));
            let deserializer = shape.in_responses.then(|| union_deserializer(shape));
            let definition = union(shape);
            quote!(#definition #serializer #deserializer)
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
    if !service.docs.is_empty() {
        docs.extend(service.docs.iter().cloned());
        docs.push(String::new());
    }
    docs.push(format!(
        "Types, builders, ec2Query request serializers and XML response deserializers for {} of `{}` (API version `{}`). Each operation has a module under [`operation`]; shapes the operations share are in [`types`].",
        operation_count(ir),
        service.shape_id,
        service.version,
    ));
    let docs = docs.into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
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

/// "1 operation", "4 operations".
fn operation_count(ir: &CrateIr) -> String {
    match ir.operations.len() {
        1 => "1 operation".to_owned(),
        count => format!("{count} operations"),
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
        // Re-exporting a deprecated shape is not a use of it.
        #![allow(deprecated)]
        #(#modules)*

        /// The builders of the structures in [`types`](crate::types).
        pub mod builders {
            #(#builders)*
        }
    }
}

fn cargo_toml(ir: &CrateIr) -> GeneratedFile {
    let description = format!(
        "{}: types, builders, ec2Query serializers and XML deserializers for {} (API {}).",
        ir.service.title,
        operation_count(ir),
        ir.service.version
    );
    let body = format!(
        r#"[package]
name = {name}
version = "0.1.0"
edition = "2024"
rust-version = "1.87"
description = {description}
license = "Apache-2.0"
publish = false

# Why each dependency is here: see README.md.
[dependencies]
base64 = "0.22"
percent-encoding = "2.3"
quick-xml = "0.42"
{compression}"#,
        compression = if uses_compression(ir) {
            "flate2 = \"1\"\n"
        } else {
            ""
        },
        name = toml_string(&ir.package_name),
        description = toml_string(&description),
    );
    text_file("Cargo.toml", Comment::Hash, &body)
}

/// `text` as a TOML basic string: quoted, with the characters TOML does not
/// allow there escaped, so any title or version in a model gives valid TOML.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            control if control.is_control() => {
                quoted.push_str(&format!("\\u{:04X}", u32::from(control)));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

fn readme(ir: &CrateIr) -> GeneratedFile {
    let operations: String = ir
        .operations
        .iter()
        .map(|operation| {
            format!(
                "- `{}` (`operation::{}`)\n",
                operation.action, operation.module
            )
        })
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

Each dependency costs every user compile time, so there are only these, each
made for its job:

- `percent-encoding` (no dependencies): the query values' percent-encoding (RFC 3986
  unreserved characters kept).
- `base64` (no dependencies): blobs are standard base64 both ways; version 0.22
  because it is the one most other crates use, so it is usually shared rather
  than compiled again.
- `quick-xml` (only `memchr`): a fast, well-kept pull parser for the XML
  responses; the generated deserializers walk its events directly, with no serde.
- `flate2`, only when an operation has `@requestCompression`: gzip request bodies.

Everything else is in `src/runtime/` on `std` alone: the date-time type (three
Smithy timestamp formats), idempotency tokens (UUID v4 from the OS-seeded `std`
hasher keys, which makes a `rand`/`getrandom` dependency unnecessary), the query
writer, and builder errors.
"#,
        name = ir.package_name,
        title = ir.service.title,
        shape = ir.service.shape_id,
        version = ir.service.version,
        crate_ident = ir.crate_name,
        first_module = ir
            .operations
            .first()
            .map_or("<operation>", |op| op.module.as_str()),
        first_input = ir
            .operations
            .first()
            .map_or("<Operation>Input", |op| op.input.name.as_str()),
    );
    text_file("README.md", Comment::Html, &body)
}
