//! The whole generated crate: `Cargo.toml`, `README.md`, `lib.rs`, one file
//! per operation and per shared type, and the runtime sources.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{builder, test_util_gate};
use super::deserializer::{structure_deserializer, union_deserializer, zero_value_constructor};
use super::docs::{doc_attrs, inner_doc_attrs};
use super::enumeration::enumeration;
use super::operation::operation_module;
use super::serializer::{structure_serializer, union_serializer};
use super::structure::structure;
use super::union::union;
use super::{Comment, EmitError, GeneratedFile, Reach, ident, rust_file, text_file};
use crate::lower::{CrateIr, EndpointRulesIr, LayoutIr, OperationIr, ResourcesIr, TypeIr};

/// The part of the runtime a file or dependency belongs to, which decides
/// its package when the crate is split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RuntimePackage {
    /// The sans-IO core.
    Core,
    /// The shared types (their dependencies besides the core).
    Types,
    /// The client and its transports.
    Client,
    /// Each package of operations (what input builders hold).
    Operations,
}

impl RuntimePackage {
    pub(super) const ALL: &[RuntimePackage] = &[
        RuntimePackage::Core,
        RuntimePackage::Types,
        RuntimePackage::Client,
        RuntimePackage::Operations,
    ];
}

/// One source file of the runtime, copied into `src/runtime/`.
pub(super) struct RuntimeFile {
    pub(super) module: &'static str,
    pub(super) source: &'static str,
    /// The cargo feature that compiles it in, if any.
    pub(super) feature: Option<&'static str>,
}

impl RuntimeFile {
    pub(super) fn package(&self) -> RuntimePackage {
        match (self.module, self.feature) {
            ("caller" | "protocol_test", _) => RuntimePackage::Operations,
            (_, Some("client" | "hyper")) => RuntimePackage::Client,
            _ => RuntimePackage::Core,
        }
    }
}

macro_rules! runtime_file {
    ($module:literal) => {
        RuntimeFile {
            module: $module,
            source: include_str!(concat!("../../runtime/", $module, ".rs")),
            feature: None,
        }
    };
    ($module:literal, feature = $feature:literal) => {
        RuntimeFile {
            module: $module,
            source: include_str!(concat!("../../runtime/", $module, ".rs")),
            feature: Some($feature),
        }
    };
}

/// The runtime every generated crate has: the sans-IO core, and behind the
/// `client` feature the client (signing, configuration, credentials, the
/// transport). Kept in step with `codegen/runtime/lib.rs` by a test.
pub(super) const RUNTIME_FILES: &[RuntimeFile] = &[
    runtime_file!("async_transport", feature = "hyper"),
    runtime_file!("build_error"),
    runtime_file!("caller"),
    runtime_file!("client", feature = "client"),
    runtime_file!("config", feature = "client"),
    runtime_file!("container_credentials", feature = "client"),
    runtime_file!("credentials", feature = "client"),
    runtime_file!("datetime"),
    runtime_file!("endpoint"),
    runtime_file!("env", feature = "client"),
    runtime_file!("error"),
    runtime_file!("fetch", feature = "client"),
    runtime_file!("flow", feature = "client"),
    runtime_file!("http"),
    runtime_file!("idempotency"),
    runtime_file!("imds", feature = "client"),
    runtime_file!("interceptor", feature = "client"),
    runtime_file!("json", feature = "client"),
    runtime_file!("member"),
    runtime_file!("operation"),
    runtime_file!("paginator", feature = "client"),
    runtime_file!("profile", feature = "client"),
    runtime_file!("query"),
    runtime_file!("retry", feature = "client"),
    runtime_file!("serde", feature = "serde"),
    runtime_file!("sigv4", feature = "client"),
    runtime_file!("sso", feature = "client"),
    runtime_file!("sts", feature = "client"),
    runtime_file!("testing", feature = "client"),
    runtime_file!("transport", feature = "client"),
    runtime_file!("unknown"),
    runtime_file!("waiter", feature = "client"),
    runtime_file!("xml"),
];

/// Runtime sources only some crates need: gzip for `@requestCompression`
/// (it brings the `flate2` dependency), assertions for protocol tests.
const COMPRESSION_FILE: RuntimeFile = runtime_file!("compression");
const PROTOCOL_TEST_FILE: RuntimeFile = runtime_file!("protocol_test");

/// Every file of the crate, ordered by path.
pub fn generate(ir: &CrateIr) -> Result<Vec<GeneratedFile>, EmitError> {
    if let LayoutIr::Split(split) = &ir.layout {
        return super::packages::generate(ir, split);
    }
    // Formatting is most of the work, so every Rust file is made in parallel.
    // The indexes, which grow with the crate, go first: the last file taken
    // decides when both threads are done, and it had better be a small one.
    let mut rust_files = vec![
        RustFile::TypesIndex,
        RustFile::OperationIndex,
        RustFile::Lib,
        RustFile::RuntimeIndex,
    ];
    rust_files.extend(ir.endpoint_rules.as_ref().map(RustFile::Endpoint));
    if let Some(resources) = ir.resources.as_ref().filter(|_| has_resources(ir)) {
        rust_files.push(RustFile::Resources(resources));
    }
    rust_files.extend(ir.operations.iter().map(RustFile::Operation));
    rust_files.extend(ir.shared_types.iter().map(RustFile::Type));
    let mut files = vec![
        cargo_toml(ir),
        readme(ir),
        // prettyplease formats the crate; rustfmt would fight it over every file.
        text_file(
            "rustfmt.toml",
            Comment::Hash,
            "disable_all_formatting = true\n",
        ),
    ];
    for emitted in crate::parallel::map(&rust_files, |file| file.emit(ir)) {
        files.extend(emitted?);
    }
    for file in runtime_files(ir) {
        files.push(runtime_copy(file));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The runtime files the crate needs: all of [`RUNTIME_FILES`], and those
/// only some models need.
pub(super) fn runtime_files(ir: &CrateIr) -> impl Iterator<Item = &'static RuntimeFile> {
    let optional = [
        uses_compression(ir).then_some(&COMPRESSION_FILE),
        has_protocol_tests(ir).then_some(&PROTOCOL_TEST_FILE),
    ];
    RUNTIME_FILES.iter().chain(optional.into_iter().flatten())
}

/// A runtime file as `src/runtime/MODULE.rs`, without its unit tests.
pub(super) fn runtime_copy(file: &RuntimeFile) -> GeneratedFile {
    text_file(
        &format!("src/runtime/{}.rs", file.module),
        Comment::Slashes,
        without_unit_tests(file.source),
    )
}

/// Where a runtime file's unit tests start: each file keeps them in one
/// `mod tests` at its end (a test below checks that).
const UNIT_TESTS_START: &str = "\n#[cfg(test)]\nmod tests {";

/// A runtime source without its unit tests: they run once, in the `runtime`
/// workspace crate, not in every generated crate.
fn without_unit_tests(source: &str) -> &str {
    match source.find(UNIT_TESTS_START) {
        // Up to the newline that ends the last line before the tests.
        Some(start) => &source[..source[..start].trim_end().len() + 1],
        None => source,
    }
}

pub(super) fn has_resources(ir: &CrateIr) -> bool {
    ir.resources.as_ref().is_some_and(|resources| {
        !resources.resources.is_empty() || !resources.collections.is_empty()
    })
}

pub(super) fn uses_compression(ir: &CrateIr) -> bool {
    ir.operations.iter().any(|operation| operation.gzip_request)
}

pub(super) fn has_protocol_tests(ir: &CrateIr) -> bool {
    ir.operations
        .iter()
        .any(|operation| !operation.protocol_tests.is_empty())
}

/// `src/runtime/mod.rs`: the runtime modules this crate uses.
fn runtime_index(ir: &CrateIr) -> TokenStream {
    let modules = RUNTIME_FILES.iter().map(|file| {
        let module = ident(file.module);
        let cfg = file
            .feature
            .map(|feature| quote!(#[cfg(feature = #feature)]));
        quote!(#cfg pub mod #module;)
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
        //! The hand-written runtime the generated code calls. The sans-IO core: the
        //! ec2Query body writer, the XML response reader, error responses, the HTTP
        //! request and response types, endpoint resolution's library, the date-time
        //! type, idempotency tokens, builder errors and unknown enum values. With the
        //! `client` feature: the client (calls as flows, retries, time limits,
        //! interceptors), SigV4 signing, configuration, every credential source of
        //! the AWS SDKs, the transports (`ureq`, `hyper`) and a replay transport for
        //! tests. The generator copies it into every crate it writes, so there is no
        //! runtime crate to depend on.
        #(#modules)*
        #compression
        #protocol_test
    }
}

/// A Rust file of the crate (the endpoint module: its files).
enum RustFile<'ir> {
    TypesIndex,
    OperationIndex,
    Lib,
    RuntimeIndex,
    Endpoint(&'ir EndpointRulesIr),
    Resources(&'ir ResourcesIr),
    Operation(&'ir OperationIr),
    Type(&'ir TypeIr),
}

impl RustFile<'_> {
    fn emit(&self, ir: &CrateIr) -> Result<Vec<GeneratedFile>, EmitError> {
        let file = match self {
            RustFile::TypesIndex => rust_file("src/types/mod.rs", types_index(ir)),
            RustFile::OperationIndex => rust_file("src/operation/mod.rs", operation_index(ir)),
            RustFile::Lib => rust_file("src/lib.rs", lib_rs(ir)),
            RustFile::RuntimeIndex => rust_file("src/runtime/mod.rs", runtime_index(ir)),
            RustFile::Endpoint(rules) => return super::endpoint::endpoint_files(rules),
            RustFile::Resources(resources) => rust_file(
                "src/resources.rs",
                super::resources::resources_module(resources),
            ),
            RustFile::Operation(operation) => rust_file(
                &format!("src/operation/{}.rs", operation.module),
                operation_module(ir, operation),
            ),
            RustFile::Type(ty) => rust_file(
                &format!("src/types/{}.rs", ty.module()),
                type_file(ty, Reach::Package),
            ),
        };
        Ok(vec![file?])
    }
}

pub(super) fn type_file(ty: &TypeIr, reach: Reach) -> TokenStream {
    let items = match ty {
        TypeIr::Structure(shape) => {
            let serializer = shape
                .in_requests
                .then(|| structure_serializer(shape, reach));
            let deserializer = shape
                .in_responses
                .then(|| structure_deserializer(shape, reach));
            let zero_value = zero_value_constructor(shape, reach);
            let definition = structure(shape, quote!(#serializer #deserializer #zero_value));
            let builder = builder(shape);
            quote!(#definition #builder)
        }
        TypeIr::Union(shape) => {
            let serializer = shape.in_requests.then(|| union_serializer(shape, reach));
            let deserializer = shape.in_responses.then(|| union_deserializer(shape, reach));
            union(shape, quote!(#serializer #deserializer))
        }
        TypeIr::Enum(shape) => enumeration(shape),
    };
    quote! {
        #![allow(deprecated)]
        #items
    }
}

fn lib_rs(ir: &CrateIr) -> TokenStream {
    let docs = lib_docs(ir);
    let client = super::client::client_items(ir);
    let resources = has_resources(ir).then(|| {
        quote! {
            /// boto3-style resource handles.
            #[cfg(feature = "client")]
            pub mod resources;
        }
    });
    let endpoint = endpoint_module(ir);
    let reexports = runtime_reexports(ir);
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #endpoint
        pub mod operation;
        #resources
        pub mod runtime;
        pub mod types;

        #reexports

        #client
    }
}

/// The crate's documentation, on the `lib.rs` users see.
pub(super) fn lib_docs(ir: &CrateIr) -> TokenStream {
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
    docs.push(String::new());
    docs.push(
        "With the `client` feature (on by default, with the `ureq` transport), `Client` makes the calls: `Client::from_env()?.send(input)?` resolves the endpoint, signs the request with SigV4, sends it and reads the answer. Without default features the crate is the sans-IO core: build a request ([`Operation::build_request`]), send it yourself, read the response ([`Operation::read_response`])."
            .to_owned(),
    );
    if ir.endpoint_rules.is_some() {
        docs.push(String::new());
        docs.push(
            "[`endpoint`] resolves the endpoint of a request from the service's endpoint rule set."
                .to_owned(),
        );
    }
    inner_doc_attrs(&docs)
}

/// "1 operation", "4 operations".
pub(super) fn operation_count(ir: &CrateIr) -> String {
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

pub(super) fn types_index(ir: &CrateIr) -> TokenStream {
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
            let gate = test_util_gate(structure);
            Some(quote!(#gate pub use super::#module::#builder;))
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
        r#"{package}
[features]
default = ["ureq"]
{client_features}# Serialize and Deserialize for every input, output and shared type (see README.md).
serde = ["dep:serde"]
# Builders of the types only responses hold (outputs, errors, what they contain), to make fake responses in tests.
test-util = []

# Why each dependency is here: see README.md.
[dependencies]
{dependencies}"#,
        dependencies = dependency_lines(ir, RuntimePackage::ALL),
        package = package_section(&ir.package_name, &description),
        client_features = CLIENT_FEATURES,
    );
    text_file("Cargo.toml", Comment::Hash, &body)
}

/// The features of the runtime's client and its transports, in the package
/// that has the client's dependencies.
pub(super) const CLIENT_FEATURES: &str = r#"# The client: SigV4 signing, configuration, credentials; bring a transport.
client = ["dep:ring"]
# The default transport: blocking HTTPS with ureq and rustls (implies `client`).
ureq = ["client", "dep:ureq"]
# The async transport: HTTPS with hyper on tokio and rustls (implies `client`).
hyper = ["client", "stream", "dep:http-body-util", "dep:hyper", "dep:hyper-rustls", "dep:hyper-util", "dep:rustls", "dep:tokio", "dep:tower-service"]
# Paginators as `futures_core::Stream`s (implied by `hyper`, which depends on `futures-core` already).
stream = ["client", "dep:futures-core"]
"#;

/// A manifest's `[package]` table, and the blank line after it.
pub(super) fn package_section(name: &str, description: &str) -> String {
    format!(
        r#"[package]
name = {}
version = "0.1.0"
edition = "2024"
rust-version = "1.87"
description = {}
license = "Apache-2.0"
publish = false
"#,
        toml_string(name),
        toml_string(description)
    )
}

/// `pub mod endpoint;`, when the service has endpoint rules.
pub(super) fn endpoint_module(ir: &CrateIr) -> Option<TokenStream> {
    ir.endpoint_rules.as_ref().map(|_| {
        quote!(
            pub mod endpoint;
        )
    })
}

/// What the root of the package with the runtime re-exports from it, and the
/// API version.
pub(super) fn runtime_reexports(ir: &CrateIr) -> TokenStream {
    let version = &ir.service.version;
    quote! {
        pub use runtime::build_error::BuildError;
        pub use runtime::datetime::DateTime;
        pub use runtime::error::Error;
        pub use runtime::member::IntoMember;
        pub use runtime::operation::Operation;

        /// The service's API version, sent as the `Version` parameter of every request.
        pub const API_VERSION: &str = #version;
    }
}

/// The runtime's dependencies, each with the part of the runtime that uses
/// it (a split crate's packages take only their part's).
const DEPENDENCIES: &[(&[RuntimePackage], &str)] = &[
    (&[RuntimePackage::Core], r#"base64 = "0.23""#),
    (
        &[RuntimePackage::Core, RuntimePackage::Client],
        r#"percent-encoding = "2.3""#,
    ),
    (
        &[RuntimePackage::Client],
        r#"ring = { version = "0.17", optional = true }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"ureq = { version = "3", optional = true, default-features = false, features = ["rustls"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"http-body-util = { version = "0.1", optional = true }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"hyper = { version = "1", optional = true, default-features = false, features = ["client", "http1"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"hyper-rustls = { version = "0.27", optional = true, default-features = false, features = ["http1", "ring", "tls12", "webpki-roots"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"hyper-util = { version = "0.1", optional = true, default-features = false, features = ["client-legacy", "http1", "tokio"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"rustls = { version = "0.23", optional = true, default-features = false, features = ["ring"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"tokio = { version = "1", optional = true, default-features = false, features = ["net", "time"] }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"tower-service = { version = "0.3", optional = true }"#,
    ),
    (
        &[RuntimePackage::Client],
        r#"futures-core = { version = "0.3", optional = true, default-features = false }"#,
    ),
    (
        &[RuntimePackage::Core, RuntimePackage::Types],
        r#"serde = { version = "1", optional = true, default-features = false, features = ["std", "derive"] }"#,
    ),
];

/// The `[dependencies]` lines of the runtime parts in `packages`, with
/// `flate2` in the core when an operation compresses its requests.
pub(super) fn dependency_lines(ir: &CrateIr, packages: &[RuntimePackage]) -> String {
    let mut lines = String::new();
    for (users, line) in DEPENDENCIES {
        if users.iter().any(|user| packages.contains(user)) {
            lines.push_str(line);
            lines.push('\n');
        }
    }
    if uses_compression(ir) && packages.contains(&RuntimePackage::Core) {
        lines.push_str("flate2 = \"1\"\n");
    }
    lines
}

/// `text` as a TOML basic string: quoted, with the characters TOML does not
/// allow there escaped, so any title or version in a model gives valid TOML.
pub(super) fn toml_string(text: &str) -> String {
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

pub(super) fn readme(ir: &CrateIr) -> GeneratedFile {
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

Rust types, builders, ec2Query serializers, XML deserializers and a client
for these operations of `{shape}` (API version `{version}`):

{operations}
Generated from the Smithy model by this repository's generator
(`cargo xtask codegen`); regenerate instead of editing.

## Use

```rust,ignore
let client = {crate_ident}::Client::from_env()?; // region, endpoint, credentials as the AWS SDKs read them
// A fluent call: the client's method per operation, the input's setters, send().
let output = client.{first_method}()
    // one setter per member, given the value or an Option of it ...
    .send()?; // or .send_async().await with the `hyper` feature
// Or a built input:
let input = {crate_ident}::operation::{first_module}::{first_input}::builder().build()?;
let output = client.send(input)?;
```

A call resolves the endpoint from the service's rules, signs every attempt
afresh with SigV4, and retries throttling and transient failures (the AWS
SDKs' standard mode: 3 attempts, jittered exponential backoff, a retry quota
the client's calls share; `AWS_RETRY_MODE=adaptive` adds client-side rate
limiting). No call hangs: 3.1 s to connect, 30 s for each read, 60 s for each
attempt, all configurable, with an optional limit for the whole call.

`Err` is a `CallError` that says how many attempts were made, and what
failed: the input (a required member left out), no endpoint for the
configuration, no credentials (with every source tried), a request that could
not be made, a transport failure, or the service's own error with `code()`,
`message()`, `request_id()` and `is_dry_run_success()`.

Credentials come from the environment, the shared files (static keys,
`credential_process`, `role_arn` with `source_profile` or `credential_source`,
web identity, SSO), web identity, container credentials and IMDSv2, in the AWS
SDKs' order; expiring ones are cached and refreshed ahead of time.
`runtime::interceptor::Interceptor` hooks into every call, and
`runtime::testing::ReplayTransport` answers expected calls in tests.

## Building

{layout}Functions are `#[inline]`, so only the operations a program calls are
compiled to machine code, in the program's crate. A crate of hundreds of
operations that you do not edit builds about a third faster without
incremental compilation; in the workspace's `Cargo.toml`:

```toml
{profile}```

## Cargo features

- `ureq` (default): the blocking HTTPS transport; implies `client`.
- `hyper`: the async HTTPS transport for tokio
  (`runtime::async_transport::HyperTransport`, with `TokioSleep` for the
  waits); implies `client`. It and `ureq` do not pull in each other.
- `client`: the client, SigV4 signing, configuration and credentials, with a
  transport you bring (implement `runtime::transport::Transport`).
- `stream` (implied by `hyper`): paginators are also `futures_core::Stream`s;
  without it they are iterators, and async callers use `next_async()`.
- `serde`: `Serialize` and `Deserialize` for every input, output and shared
  type, with the model's member names; enums as their wire values (an unknown
  value kept), timestamps as RFC 3339, blobs as base64. Sensitive members are
  serialized too: they are your data, so keep what you serialize them into as
  secret as they are. A response's request id is not part of the value.
- `test-util`: builders (`builder()`, the setters, `XBuilder`) of the types
  only responses hold: outputs, errors and the shapes only they contain, for
  making fake responses in tests (`[dev-dependencies]`). Programs only read
  those types, whose fields are public, so they do not compile builders for
  them.
- With `default-features = false` the crate is the sans-IO core: build a
  request (`Operation::build_request`), send it with any HTTP client, read
  the answer (`Operation::read_response`). Endpoint resolution
  (`endpoint::resolve`) is there too.

## Dependencies

Each dependency costs every user compile time, so there are only these, each
made for its job:

- `percent-encoding` (no dependencies): the query values' percent-encoding (RFC 3986
  unreserved characters kept).
- `base64` (no dependencies): blobs are standard base64 both ways; version 0.23,
  the one `ureq` uses, so the default build compiles it once.
- `ring` (`client`): SHA-256 and HMAC for SigV4. The TLS stack of the default
  transport (rustls) needs `ring` already, so signing adds no crate; `hmac` +
  `sha2` would add their own, and `aws-sigv4` about fifty.
- `ureq` with `rustls` and the Mozilla roots (`ureq`): a small blocking HTTP/1.1
  client (about 25 crates, ring included); redirects off, a 3.1 s connect and a
  30 s read timeout.
- `hyper` with `hyper-util`'s pooling client, `hyper-rustls` with ring and the
  Mozilla roots, `http-body-util`, `tokio` (`net`, `time`), and `rustls` and
  `tower-service`, which those depend on already (`hyper`): the async HTTP/1.1
  client (about 40 crates, ring included); redirects off, the same timeouts.
- `serde` with `derive` (`serde`): the derives, off unless asked for.
- `futures-core` (`stream`; no dependencies): the `Stream` trait paginators
  implement; `hyper` depends on it already.
- `flate2`, only when an operation has `@requestCompression`: gzip request bodies.

Everything else is in `src/runtime/` on `std` alone: the date-time type (three
Smithy timestamp formats), idempotency tokens (UUID v4 from the OS-seeded `std`
hasher keys, which makes a `rand`/`getrandom` dependency unnecessary), the query
writer, the XML reader (the part of XML that responses use, read straight from
the body: faster than `quick-xml`'s events, and no dependency), builder errors,
the endpoint rules' library and the partition table
(its region patterns compiled to code, so no regex engine), the shared config
file parser and a small JSON reader (for `credential_process`), so no serde.
"#,
        operations = operations,
        layout = layout_paragraph(ir),
        profile = no_incremental_profile(ir),
        name = ir.package_name,
        title = ir.service.title,
        shape = ir.service.shape_id,
        version = ir.service.version,
        crate_ident = ir.crate_name,
        first_module = ir
            .operations
            .first()
            .map_or("<operation>", |op| op.module.as_str()),
        first_method = ir
            .operations
            .first()
            .map_or("<operation>", |op| op.client_method.as_str()),
        first_input = ir
            .operations
            .first()
            .map_or("<Operation>Input", |op| op.input.name.as_str()),
    );
    text_file("README.md", Comment::Html, &body)
}

/// How a split crate is laid out, for its README; nothing for one package.
fn layout_paragraph(ir: &CrateIr) -> String {
    let LayoutIr::Split(split) = &ir.layout else {
        return String::new();
    };
    format!(
        "The crate is split into packages that build in parallel, in `crates/`:\n\
         `{}` (the runtime's sans-IO core), `{}` (the shared types; it builds\n\
         while the TLS stack does), `{}` (the client) and {} packages of\n\
         operations. This package re-exports them all and has the `Client`:\n\
         depend on it alone.\n\n",
        split.core.package_name,
        split.types.package_name,
        split.client.package_name,
        split.operations.len(),
    )
}

/// The profile sections that turn incremental compilation off for the
/// crate's packages.
fn no_incremental_profile(ir: &CrateIr) -> String {
    let mut packages = vec![ir.package_name.as_str()];
    if let LayoutIr::Split(split) = &ir.layout {
        packages.extend([
            split.core.package_name.as_str(),
            split.types.package_name.as_str(),
            split.client.package_name.as_str(),
        ]);
        packages.extend(
            split
                .operations
                .iter()
                .map(|package| package.package.package_name.as_str()),
        );
    }
    packages
        .iter()
        .map(|package| format!("[profile.dev.package.{package}]\nincremental = false\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(feature, module)` of every `pub mod` of the runtime crate's `lib.rs`.
    fn runtime_crate_modules() -> Vec<(Option<String>, String)> {
        let mut modules = Vec::new();
        let mut feature = None;
        for line in include_str!("../../runtime/lib.rs").lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("#[cfg(feature = \"") {
                feature = rest.strip_suffix("\")]").map(str::to_owned);
            } else if let Some(module) = line.strip_prefix("pub mod ") {
                modules.push((feature.take(), module.trim_end_matches(';').to_owned()));
            }
        }
        modules
    }

    #[test]
    fn the_runtime_crate_declares_the_modules_generated_crates_get() {
        let mut expected: Vec<(Option<String>, String)> = RUNTIME_FILES
            .iter()
            .map(|file| (file.feature.map(str::to_owned), file.module.to_owned()))
            .collect();
        // Generated crates have these only when their model needs them.
        expected.push((
            Some("compression".to_owned()),
            COMPRESSION_FILE.module.to_owned(),
        ));
        expected.push((None, PROTOCOL_TEST_FILE.module.to_owned()));
        expected.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(runtime_crate_modules(), expected);
    }

    #[test]
    fn unit_tests_are_the_last_item_of_each_runtime_file() {
        for file in RUNTIME_FILES
            .iter()
            .chain([&COMPRESSION_FILE, &PROTOCOL_TEST_FILE])
        {
            let kept = without_unit_tests(file.source);
            assert!(!kept.contains("#[cfg(test)]"), "{}", file.module);
            assert!(kept.ends_with("}\n"), "{}", file.module);
            let tests = &file.source[kept.len()..];
            // Everything in the module is indented: only its closing brace
            // starts a line, and it is the file's last line.
            let closing = tests.lines().filter(|line| line.starts_with('}'));
            assert!(
                tests.is_empty() || (closing.count() == 1 && tests.ends_with("\n}\n")),
                "{}: `mod tests` must be the file's last item",
                file.module
            );
        }
    }

    /// The runtime crate is built and tested with the dependencies, versions
    /// and features generated crates get.
    #[test]
    fn the_runtime_crate_has_the_dependencies_generated_crates_get() {
        let runtime: toml::Table = include_str!("../../runtime/Cargo.toml").parse().unwrap();
        let ir = CrateIr {
            package_name: "x".to_owned(),
            crate_name: "x".to_owned(),
            service: crate::lower::ServiceIr {
                shape_id: "ns#S".to_owned(),
                title: "S".to_owned(),
                docs: Vec::new(),
                version: "1".to_owned(),
                sdk_id: "S".to_owned(),
                signing_name: "s".to_owned(),
                xml_namespace: None,
            },
            operations: Vec::new(),
            shared_types: Vec::new(),
            endpoint_rules: None,
            resources: None,
            layout: crate::lower::LayoutIr::Single,
        };
        let generated: toml::Table = cargo_toml(&ir).contents.parse().unwrap();
        let generated_dependencies = generated["dependencies"].as_table().unwrap();
        let runtime_dependencies = runtime["dependencies"].as_table().unwrap();
        for (name, dependency) in generated_dependencies {
            assert_eq!(runtime_dependencies.get(name), Some(dependency), "{name}");
        }
        let generated_features = generated["features"].as_table().unwrap();
        let runtime_features = runtime["features"].as_table().unwrap();
        for (name, feature) in generated_features {
            if name != "default" {
                assert_eq!(runtime_features.get(name), Some(feature), "feature {name}");
            }
        }
    }
}
