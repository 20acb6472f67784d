//! A crate split into packages that build in parallel ([`LayoutIr::Split`]):
//! the package users depend on, and under `crates/` the core (the runtime's
//! sans-IO modules), the types (the shared types, the endpoint rules), the
//! client (the runtime's client modules) and the packages of operations. The
//! types and the client depend on the core only, so they build side by side;
//! the operations on both.
//!
//! The generated code is the same as in one package: each package's root
//! re-exports what the code names by `crate::` paths (`crate::types`,
//! `crate::runtime::xml`, `crate::Error`) from the packages it depends on.
//! What differs: the shared types' serializers and deserializers are public
//! (hidden), the client's method per operation is in the `Client` of the
//! package users depend on, and the runtime's client modules reach the core's
//! through the same re-exports (`super::xml`).
//!
//! [`LayoutIr::Split`]: crate::lower::LayoutIr::Split

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::crate_files::{
    CLIENT_FEATURES, RUNTIME_FILES, RuntimeFile, RuntimePackage, dependency_lines, endpoint_module,
    has_protocol_tests, has_resources, lib_docs, operation_count, package_section, readme,
    runtime_copy, runtime_files, runtime_reexports, toml_string, type_file, types_index,
};
use super::docs::{doc_attrs, inner_doc_attrs};
use super::operation::{client_methods, operation_module};
use super::{Comment, EmitError, GeneratedFile, Reach, ident, rust_file, text_file};
use crate::lower::{CrateIr, OperationsPackageIr, PackageIr, SplitIr, TypeIr};

/// Every file of the split crate, ordered by path.
pub(super) fn generate(ir: &CrateIr, split: &SplitIr) -> Result<Vec<GeneratedFile>, EmitError> {
    // As in one package: the big files first, so the last one taken is small.
    let mut rust_files = vec![
        SplitFile::TypesIndex,
        SplitFile::Facade,
        SplitFile::CoreLib,
        SplitFile::CoreRuntimeIndex,
        SplitFile::TypesLib,
        SplitFile::ClientLib,
        SplitFile::ClientRuntimeIndex,
    ];
    rust_files.extend(split.operations.iter().map(SplitFile::OperationsLib));
    if has_resources(ir) {
        rust_files.push(SplitFile::Resources);
    }
    if ir.endpoint_rules.is_some() {
        rust_files.push(SplitFile::Endpoint);
    }
    rust_files.extend((0..ir.operations.len()).map(SplitFile::Operation));
    rust_files.extend(ir.shared_types.iter().map(SplitFile::Type));

    let mut files = vec![
        facade_manifest(ir, split),
        readme(ir),
        // prettyplease formats the crate; rustfmt would fight it over every file.
        text_file(
            "rustfmt.toml",
            Comment::Hash,
            "disable_all_formatting = true\n",
        ),
        in_package(&split.core, core_manifest(ir, split)),
        in_package(&split.types, types_manifest(ir, split)),
        in_package(&split.client, client_manifest(ir, split)),
    ];
    files.extend(
        split
            .operations
            .iter()
            .map(|package| in_package(&package.package, operations_manifest(ir, split, package))),
    );
    for emitted in crate::parallel::map(&rust_files, |file| file.emit(ir, split)) {
        files.extend(emitted?);
    }
    for file in runtime_files(ir) {
        let copy = |package: &PackageIr| in_package(package, runtime_copy(file));
        match file.package() {
            RuntimePackage::Core => files.push(copy(&split.core)),
            // No runtime file is the types' own ([`RuntimeFile::package`]);
            // their package is one of the runtime's for its dependencies.
            RuntimePackage::Types => files.push(copy(&split.types)),
            RuntimePackage::Client => files.push(copy(&split.client)),
            RuntimePackage::Operations => files.extend(
                split
                    .operations
                    .iter()
                    .map(|package| copy(&package.package)),
            ),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `file` moved into `package`'s directory.
fn in_package(package: &PackageIr, mut file: GeneratedFile) -> GeneratedFile {
    file.path = Path::new(&package.directory).join(&file.path);
    file
}

enum SplitFile<'ir> {
    Facade,
    Resources,
    CoreLib,
    CoreRuntimeIndex,
    TypesLib,
    TypesIndex,
    Type(&'ir TypeIr),
    Endpoint,
    ClientLib,
    ClientRuntimeIndex,
    OperationsLib(&'ir OperationsPackageIr),
    /// An index into [`CrateIr::operations`].
    Operation(usize),
}

impl SplitFile<'_> {
    fn emit(&self, ir: &CrateIr, split: &SplitIr) -> Result<Vec<GeneratedFile>, EmitError> {
        let (package, file) = match self {
            SplitFile::Facade => (None, rust_file("src/lib.rs", facade_lib(ir, split))?),
            SplitFile::Resources => {
                let Some(resources) = &ir.resources else {
                    return Ok(Vec::new());
                };
                let module = super::resources::resources_module(resources);
                (None, rust_file("src/resources.rs", module)?)
            }
            SplitFile::CoreLib => (Some(&split.core), rust_file("src/lib.rs", core_lib(ir))?),
            SplitFile::CoreRuntimeIndex => (
                Some(&split.core),
                rust_file("src/runtime/mod.rs", core_runtime_index(ir))?,
            ),
            SplitFile::TypesLib => (
                Some(&split.types),
                rust_file("src/lib.rs", types_lib(ir, split))?,
            ),
            SplitFile::TypesIndex => (
                Some(&split.types),
                rust_file("src/types/mod.rs", types_index(ir))?,
            ),
            SplitFile::Type(ty) => (
                Some(&split.types),
                rust_file(
                    &format!("src/types/{}.rs", ty.module()),
                    type_file(ty, Reach::Packages),
                )?,
            ),
            SplitFile::Endpoint => {
                let Some(rules) = &ir.endpoint_rules else {
                    return Ok(Vec::new());
                };
                let files = super::endpoint::endpoint_files(rules)?;
                return Ok(files
                    .into_iter()
                    .map(|file| in_package(&split.types, file))
                    .collect());
            }
            SplitFile::ClientLib => (
                Some(&split.client),
                rust_file("src/lib.rs", client_lib(split))?,
            ),
            SplitFile::ClientRuntimeIndex => (
                Some(&split.client),
                rust_file("src/runtime/mod.rs", client_runtime_index(split))?,
            ),
            SplitFile::OperationsLib(package) => {
                let files = [
                    rust_file("src/lib.rs", operations_lib(ir, split, package))?,
                    rust_file("src/operation/mod.rs", operations_index(ir, package))?,
                ];
                return Ok(files
                    .into_iter()
                    .map(|file| in_package(&package.package, file))
                    .collect());
            }
            SplitFile::Operation(index) => {
                let operation = &ir.operations[*index];
                let package = ir
                    .operations_package(*index)
                    .map(|package| &package.package);
                let path = format!("src/operation/{}.rs", operation.module);
                (package, rust_file(&path, operation_module(ir, operation))?)
            }
        };
        Ok(vec![match package {
            Some(package) => in_package(package, file),
            None => file,
        }])
    }
}

/// The package users depend on: the documented API, re-exported, and the
/// client with its method per operation.
fn facade_lib(ir: &CrateIr, split: &SplitIr) -> TokenStream {
    let docs = lib_docs(ir);
    let types = ident(&split.types.crate_name);
    let client = ident(&split.client.crate_name);
    let endpoint = ir.endpoint_rules.as_ref().map(|_| {
        quote! {
            #[doc(inline)]
            pub use #types::endpoint;
        }
    });
    let operations = split.operations.iter().flat_map(|package| {
        let crate_name = ident(&package.package.crate_name);
        ir.operations[package.operations.clone()]
            .iter()
            .map(move |operation| {
                let module = ident(&operation.module);
                quote! {
                    #[doc(inline)]
                    pub use #crate_name::operation::#module;
                }
            })
    });
    // Any package of operations has the caller; they are one module.
    let caller = split.operations.first().map(|package| {
        let crate_name = ident(&package.package.crate_name);
        quote!(pub use #crate_name::runtime::caller;)
    });
    let resources = has_resources(ir).then(|| {
        quote! {
            /// boto3-style resource handles.
            #[cfg(feature = "client")]
            pub mod resources;
        }
    });
    let client_items =
        super::client::split_client_items(ir, ir.operations.iter().map(client_methods));
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #endpoint
        #[doc(inline)]
        pub use #types::types;
        pub use #types::{API_VERSION, BuildError, DateTime, Error, IntoMember, Operation};

        pub mod operation {
            //! One module per operation: its input (with builder and serializer) and output.
            #(#operations)*
        }

        pub mod runtime {
            //! The hand-written runtime the generated code calls (see the
            //! packages of the core and the client).
            #[doc(inline)]
            pub use #types::runtime::*;
            #[cfg(feature = "client")]
            #[doc(inline)]
            pub use #client::runtime::*;
            #caller
        }

        #resources

        #[cfg(feature = "client")]
        pub use #client::{
            CallError, CallErrorKind, Config, ConfigBuilder, ConfigError, Credentials,
            ProvideCredentials,
        };

        #client_items
    }
}

fn core_lib(ir: &CrateIr) -> TokenStream {
    let docs = package_docs(
        ir,
        "The runtime's sans-IO core: the request writer, the response reader, errors, endpoint resolution's library.",
    );
    let reexports = runtime_reexports(ir);
    quote! {
        #docs
        #![forbid(unsafe_code)]

        pub mod runtime;

        #reexports
    }
}

fn types_lib(ir: &CrateIr, split: &SplitIr) -> TokenStream {
    let docs = package_docs(ir, "The shared types and the endpoint rules.");
    let core = ident(&split.core.crate_name);
    let endpoint = endpoint_module(ir);
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #endpoint
        pub mod types;

        pub use #core::{API_VERSION, BuildError, DateTime, Error, IntoMember, Operation, runtime};
    }
}

fn core_runtime_index(ir: &CrateIr) -> TokenStream {
    let modules = runtime_files(ir)
        .filter(|file| file.package() == RuntimePackage::Core)
        .map(module_declaration);
    quote! {
        //! The runtime's sans-IO modules: the ec2Query body writer, the XML
        //! response reader, error responses, the HTTP request and response
        //! types, endpoint resolution's library, the date-time type,
        //! idempotency tokens, builder errors and unknown enum values.
        #(#modules)*
    }
}

fn client_lib(split: &SplitIr) -> TokenStream {
    let docs = inner_doc_attrs(&[format!(
        "The client runtime: calls as flows, retries, time limits, interceptors, SigV4 signing, configuration, credentials and the transports, over the core ({}).",
        split.core.package_name
    )]);
    quote! {
        #docs
        #![forbid(unsafe_code)]

        pub mod runtime;

        pub use runtime::client::{CallError, CallErrorKind};
        pub use runtime::config::{Config, ConfigBuilder, ConfigError};
        pub use runtime::credentials::{Credentials, ProvideCredentials};
    }
}

fn client_runtime_index(split: &SplitIr) -> TokenStream {
    let core = ident(&split.core.crate_name);
    let modules = RUNTIME_FILES
        .iter()
        .filter(|file| file.package() == RuntimePackage::Client)
        .map(|file| {
            let module = ident(file.module);
            // The whole package is the client: only other transports are optional.
            let cfg = file
                .feature
                .filter(|feature| *feature != "client")
                .map(|feature| quote!(#[cfg(feature = #feature)]));
            quote!(#cfg pub mod #module;)
        });
    quote! {
        //! The runtime's client modules, and the core's, which they use as
        //! their siblings (`super::xml`).
        pub use #core::runtime::*;
        #(#modules)*
    }
}

fn operations_lib(ir: &CrateIr, split: &SplitIr, package: &OperationsPackageIr) -> TokenStream {
    let types = ident(&split.types.crate_name);
    let client = ident(&split.client.crate_name);
    let operations = &ir.operations[package.operations.clone()];
    let range = match (operations.first(), operations.last()) {
        (Some(first), Some(last)) => format!("`{}` to `{}`", first.action, last.action),
        _ => "none of the operations".to_owned(),
    };
    let docs = package_docs(ir, &format!("Operations {range}."));
    let endpoint = ir.endpoint_rules.as_ref().map(|_| {
        quote!(
            pub use #types::endpoint;
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
        #docs
        #![forbid(unsafe_code)]

        #endpoint
        pub use #types::{API_VERSION, BuildError, DateTime, Error, IntoMember, Operation, types};
        #[cfg(feature = "client")]
        pub use #client::{CallError, CallErrorKind};

        pub mod operation;

        /// The runtime modules the operations use: the core's, the client's,
        /// and what their input builders hold.
        pub mod runtime {
            pub use #types::runtime::*;
            #[cfg(feature = "client")]
            pub use #client::runtime::*;
            pub mod caller;
            #protocol_test
        }
    }
}

fn operations_index(ir: &CrateIr, package: &OperationsPackageIr) -> TokenStream {
    let modules = ir.operations[package.operations.clone()]
        .iter()
        .map(|operation| {
            let module = ident(&operation.module);
            let docs = doc_attrs(&[format!("`{}`", operation.action)]);
            quote!(#docs pub mod #module;)
        });
    quote! {
        //! One module per operation: its input (with builder and serializer) and output.
        #(#modules)*
    }
}

fn module_declaration(file: &RuntimeFile) -> TokenStream {
    let module = ident(file.module);
    let cfg = file
        .feature
        .map(|feature| quote!(#[cfg(feature = #feature)]));
    quote!(#cfg pub mod #module;)
}

/// A package's crate docs: what it holds, and where to depend instead.
fn package_docs(ir: &CrateIr, holds: &str) -> TokenStream {
    inner_doc_attrs(&[format!(
        "{holds} A package of `{}` ({}), which re-exports it: depend on that.",
        ir.package_name, ir.service.title
    )])
}

fn facade_manifest(ir: &CrateIr, split: &SplitIr) -> GeneratedFile {
    let description = format!(
        "{}: types, builders, ec2Query serializers and XML deserializers for {} (API {}).",
        ir.service.title,
        operation_count(ir),
        ir.service.version
    );
    let types = &split.types.package_name;
    let client = &split.client.package_name;
    let each = |feature: &str| -> String {
        split
            .operations
            .iter()
            .map(|package| format!(", \"{}/{feature}\"", package.package.package_name))
            .collect()
    };
    let operations: String = split
        .operations
        .iter()
        .map(|package| {
            format!(
                "{} = {{ path = {}, default-features = false }}\n",
                package.package.package_name,
                toml_string(&package.package.directory)
            )
        })
        .collect();
    let body = format!(
        r#"{package}
# The crate is split into the packages in `crates/`, which build in parallel;
# this one re-exports them. The features are the same as in one package.
[features]
default = ["ureq"]
# The client: SigV4 signing, configuration, credentials; bring a transport.
client = ["dep:{client}"{client_features}]
# The default transport: blocking HTTPS with ureq and rustls (implies `client`).
ureq = ["client", "{client}/ureq"]
# The async transport: HTTPS with hyper on tokio and rustls (implies `client`).
hyper = ["client", "stream", "{client}/hyper"]
# Paginators as `futures_core::Stream`s (implied by `hyper`, which depends on `futures-core` already).
stream = ["client", "{client}/stream"]
# Serialize and Deserialize for every input, output and shared type (see README.md).
serde = ["{types}/serde"{serde_features}]
# Builders of the types only responses hold (outputs, errors, what they contain), to make fake responses in tests.
test-util = ["{types}/test-util"{test_util_features}]

[dependencies]
{types} = {{ path = {types_path} }}
{client} = {{ path = {client_path}, optional = true, default-features = false, features = ["client"] }}
{operations}"#,
        package = package_section(&ir.package_name, &description),
        client_features = each("client"),
        serde_features = each("serde"),
        test_util_features = each("test-util"),
        types_path = toml_string(&split.types.directory),
        client_path = toml_string(&split.client.directory),
    );
    text_file("Cargo.toml", Comment::Hash, &body)
}

/// The path from one package in `crates/` to `package`, another.
fn sibling_path(package: &PackageIr) -> String {
    let name = Path::new(&package.directory).file_name().map_or_else(
        || package.directory.clone(),
        |name| name.to_string_lossy().into_owned(),
    );
    format!("../{name}")
}

fn package_manifest(ir: &CrateIr, package: &PackageIr, holds: &str, rest: &str) -> GeneratedFile {
    let description = format!(
        "{}: {holds} (a package of `{}`)",
        ir.service.title, ir.package_name
    );
    let body = format!(
        "{}\n{rest}",
        package_section(&package.package_name, &description)
    );
    text_file("Cargo.toml", Comment::Hash, &body)
}

fn core_manifest(ir: &CrateIr, split: &SplitIr) -> GeneratedFile {
    let rest = format!(
        "[features]\nserde = [\"dep:serde\"]\n\n[dependencies]\n{}",
        dependency_lines(ir, &[RuntimePackage::Core])
    );
    package_manifest(ir, &split.core, "the runtime's sans-IO core", &rest)
}

fn types_manifest(ir: &CrateIr, split: &SplitIr) -> GeneratedFile {
    let rest = format!(
        r#"[features]
serde = ["dep:serde", "{core}/serde"]
test-util = []

[dependencies]
{core} = {{ path = {core_path} }}
{dependencies}"#,
        core = split.core.package_name,
        core_path = toml_string(&sibling_path(&split.core)),
        dependencies = dependency_lines(ir, &[RuntimePackage::Types]),
    );
    package_manifest(ir, &split.types, "the shared types", &rest)
}

fn client_manifest(ir: &CrateIr, split: &SplitIr) -> GeneratedFile {
    let rest = format!(
        r#"[features]
{CLIENT_FEATURES}
[dependencies]
{core} = {{ path = {core_path} }}
{dependencies}"#,
        core = split.core.package_name,
        core_path = toml_string(&sibling_path(&split.core)),
        dependencies = dependency_lines(ir, &[RuntimePackage::Client]),
    );
    package_manifest(ir, &split.client, "the client runtime", &rest)
}

fn operations_manifest(
    ir: &CrateIr,
    split: &SplitIr,
    package: &OperationsPackageIr,
) -> GeneratedFile {
    // The types' own dependencies (the derives' `serde`): their code is
    // derived in the operations' inputs and outputs too.
    let derives = dependency_lines(ir, &[RuntimePackage::Types]);
    let rest = format!(
        r#"[features]
client = ["dep:{client}"]
serde = ["dep:serde", "{types}/serde"]
test-util = ["{types}/test-util"]

[dependencies]
{types} = {{ path = {types_path} }}
{client} = {{ path = {client_path}, optional = true, default-features = false, features = ["client"] }}
{derives}{dev_dependencies}"#,
        // The protocol tests (`#[cfg(test)]` here) build responses with the
        // builders the types have for tests, which `cfg(test)` of this
        // package does not turn on there.
        dev_dependencies = if has_protocol_tests(ir) {
            format!(
                "\n[dev-dependencies]\n{} = {{ path = {}, features = [\"test-util\"] }}\n",
                split.types.package_name,
                toml_string(&sibling_path(&split.types))
            )
        } else {
            String::new()
        },
        types = split.types.package_name,
        client = split.client.package_name,
        types_path = toml_string(&sibling_path(&split.types)),
        client_path = toml_string(&sibling_path(&split.client)),
    );
    let holds = format!("{} of its operations", package.operations.len());
    package_manifest(ir, &package.package, &holds, &rest)
}
