//! Generating from a user's `build.rs`, as prost-build and tonic-build do:
//! the crate's modules in one file in `OUT_DIR`, for the user's crate root
//! to `include!`.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! codegen::build_script::Generate::new("models/ec2.json")
//!     .operations(["DescribeInstances", "RunInstances"])
//!     .write()
//!     .unwrap_or_else(|error| panic!("{error}"));
//! ```
//!
//! ```ignore
//! // src/lib.rs: the whole file.
//! include!(concat!(env!("OUT_DIR"), "/ec2.rs"));
//! ```
//!
//! The including crate declares the generated crate's dependencies and
//! features (`client`, `ureq`, `hyper`, `stream`), as `examples/build-script`
//! does; the module tree is the crate's, so it is included at the crate root.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::{GeneratedFile, LowerOptions};

/// What to generate, and where from.
#[derive(Clone, Debug)]
pub struct Generate {
    model: PathBuf,
    operations: Option<Vec<String>>,
    file_name: String,
}

impl Generate {
    /// Generates from the Smithy JSON AST model at `model` (relative to the
    /// package's directory, as build scripts run there).
    pub fn new(model: impl Into<PathBuf>) -> Self {
        Generate {
            model: model.into(),
            operations: None,
            file_name: "ec2.rs".to_owned(),
        }
    }

    /// Only these operations (and the shapes they reach); all when not set.
    pub fn operations<I, S>(mut self, operations: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.operations = Some(operations.into_iter().map(Into::into).collect());
        self
    }

    /// The name of the file written in `OUT_DIR` (`ec2.rs` unless set).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Generates into `OUT_DIR` for the package cargo is building (its name
    /// is the one the generated docs' examples use), tells cargo to run the
    /// build script again when the model changes, and passes the model's
    /// warnings on as cargo warnings. Returns the file written.
    pub fn write(self) -> Result<PathBuf, BuildScriptError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildScriptError::NotInBuildScript)?;
        let package =
            std::env::var("CARGO_PKG_NAME").map_err(|_| BuildScriptError::NotInBuildScript)?;
        println!("cargo:rerun-if-changed={}", self.model.display());
        let (text, warnings) = self.generate(&package)?;
        for warning in warnings {
            println!("cargo:warning={warning}");
        }
        let path = Path::new(&out_dir).join(&self.file_name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|source| BuildScriptError::Write {
                path: path.clone(),
                source,
            })?;
        }
        Ok(path)
    }

    /// The single file, and the model's warnings, for the package `package`.
    pub fn generate(&self, package: &str) -> Result<(String, Vec<String>), BuildScriptError> {
        let model =
            std::fs::read_to_string(&self.model).map_err(|source| BuildScriptError::Read {
                path: self.model.clone(),
                source,
            })?;
        let options = LowerOptions {
            package_name: Some(package.to_owned()),
            operations: self.operations.clone(),
            resources: None,
            packaging: crate::lower::Packaging::Single,
        };
        let generated = crate::generate_crate(&model, &options).map_err(|error| {
            BuildScriptError::Generate {
                model: self.model.clone(),
                error,
            }
        })?;
        let warnings = generated.warnings.iter().map(ToString::to_string).collect();
        let text = single_file(&generated.files).map_err(BuildScriptError::Layout)?;
        Ok((text, warnings))
    }
}

/// Why a build script could not generate.
#[derive(Debug)]
pub enum BuildScriptError {
    /// `OUT_DIR` or `CARGO_PKG_NAME` is not set: not run by cargo as a build
    /// script.
    NotInBuildScript,
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Generate {
        model: PathBuf,
        error: crate::Error,
    },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A generator bug: a module file the crate declares is missing.
    Layout(String),
}

impl fmt::Display for BuildScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildScriptError::NotInBuildScript => {
                f.write_str("OUT_DIR and CARGO_PKG_NAME are not set: run this from a build script")
            }
            BuildScriptError::Read { path, source } => {
                write!(f, "cannot read the model `{}`: {source}", path.display())
            }
            BuildScriptError::Generate { model, error } => {
                write!(f, "cannot generate from `{}`: {error}", model.display())
            }
            BuildScriptError::Write { path, source } => {
                write!(f, "cannot write `{}`: {source}", path.display())
            }
            BuildScriptError::Layout(problem) => write!(f, "generator bug: {problem}"),
        }
    }
}

impl std::error::Error for BuildScriptError {}

/// The crate's `src/` as one file: each `mod name;` replaced by the module's
/// file inline (`mod name { ... }`, where its inner docs and attributes are
/// allowed), and the root's inner docs and attributes left out, which
/// `include!` does not allow.
pub fn single_file(files: &[GeneratedFile]) -> Result<String, String> {
    let sources: BTreeMap<&Path, &str> = files
        .iter()
        .filter(|file| {
            file.path
                .extension()
                .is_some_and(|extension| extension == "rs")
        })
        .map(|file| (file.path.as_path(), file.contents.as_str()))
        .collect();
    let root = Path::new("src/lib.rs");
    let text = sources
        .get(root)
        .ok_or_else(|| "the crate has no src/lib.rs".to_owned())?;
    let mut out = String::from(
        "// Generated by codegen::build_script from the Smithy model: include! it at the crate root.\n",
    );
    let items = text
        .lines()
        .skip_while(|line| {
            let line = line.trim_start();
            line.is_empty() || line.starts_with("//") || line.starts_with("#![")
        })
        .collect::<Vec<_>>()
        .join("\n");
    inline(root, &items, &sources, &mut out)?;
    Ok(out)
}

fn inline(
    file: &Path,
    text: &str,
    sources: &BTreeMap<&Path, &str>,
    out: &mut String,
) -> Result<(), String> {
    // Outer doc lines wait for the item they document: a module inlined with
    // inner docs of its own drops them (both would be its docs).
    let mut outer_docs = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("///") {
            outer_docs.push(line);
            continue;
        }
        let Some((declaration, name)) = module_declaration(line) else {
            for line in outer_docs.drain(..).chain([line]) {
                out.push_str(line);
                out.push('\n');
            }
            continue;
        };
        let child = child_module(file, name, sources).ok_or_else(|| {
            format!(
                "`{}` declares `mod {name};`, whose file is missing",
                file.display()
            )
        })?;
        let child_text = sources[child];
        let has_inner_docs = child_text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("//!") || line.starts_with("#![")
        });
        for line in outer_docs.drain(..) {
            if !has_inner_docs {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(declaration);
        out.push_str(" {\n");
        inline(child, child_text, sources, out)?;
        out.push_str("}\n");
    }
    for line in outer_docs {
        out.push_str(line);
        out.push('\n');
    }
    Ok(())
}

/// `pub mod name;` -> (`pub mod name`, `name`).
fn module_declaration(line: &str) -> Option<(&str, &str)> {
    let declaration = line.trim_end().strip_suffix(';')?;
    let rest = declaration.trim_start();
    let rest = rest
        .strip_prefix("pub(crate) ")
        .or_else(|| rest.strip_prefix("pub "))
        .unwrap_or(rest);
    let name = rest.strip_prefix("mod ")?;
    let is_identifier = !name.is_empty()
        && name
            .trim_start_matches("r#")
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_identifier.then_some((declaration, name))
}

/// Where Rust looks for the module `name` declared in `file`.
fn child_module<'s>(
    file: &Path,
    name: &str,
    sources: &BTreeMap<&'s Path, &str>,
) -> Option<&'s Path> {
    let name = name.trim_start_matches("r#");
    let directory = match file.file_name().and_then(|name| name.to_str()) {
        Some("lib.rs" | "mod.rs") => file.parent()?.to_path_buf(),
        _ => file.with_extension(""),
    };
    [
        directory.join(format!("{name}.rs")),
        directory.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find_map(|candidate| {
        sources
            .get_key_value(candidate.as_path())
            .map(|(path, _)| *path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn modules_are_inlined_where_rust_would_look_for_them() {
        let files = [
            file("Cargo.toml", "[package]\n"),
            file(
                "src/lib.rs",
                "// header\n//! Crate docs.\n#![forbid(unsafe_code)]\n/// Endpoints, documented twice.\npub mod endpoint;\n#[cfg(feature = \"client\")]\n/// The runtime.\npub mod runtime;\npub use runtime::x;\n",
            ),
            file(
                "src/endpoint.rs",
                "//! Endpoints.\nmod partitions;\npub fn resolve() {}\n",
            ),
            file(
                "src/endpoint/partitions.rs",
                "pub(super) const P: u8 = 1;\n",
            ),
            file("src/runtime/mod.rs", "pub mod x;\n"),
            file("src/runtime/x.rs", "pub struct X;\n"),
        ];
        let text = single_file(&files).unwrap();
        assert_eq!(
            text.lines().skip(1).collect::<Vec<_>>(),
            [
                "pub mod endpoint {",
                "//! Endpoints.",
                "mod partitions {",
                "pub(super) const P: u8 = 1;",
                "}",
                "pub fn resolve() {}",
                "}",
                "#[cfg(feature = \"client\")]",
                "/// The runtime.",
                "pub mod runtime {",
                "pub mod x {",
                "pub struct X;",
                "}",
                "}",
                "pub use runtime::x;",
            ]
        );
    }

    #[test]
    fn a_missing_module_file_is_named() {
        let files = [file("src/lib.rs", "pub mod gone;\n")];
        let error = single_file(&files).unwrap_err();
        assert!(
            error.contains("`src/lib.rs` declares `mod gone;`"),
            "{error}"
        );
    }

    #[test]
    fn the_generated_crate_is_one_file_that_parses() {
        let model = include_str!("../../models/ec2.json");
        let generated = crate::generate_crate(model, &LowerOptions::default()).unwrap();
        let text = single_file(&generated.files).unwrap();
        let parsed = syn::parse_file(&text).unwrap_or_else(|error| panic!("{error}"));
        assert!(
            parsed.attrs.is_empty(),
            "include! allows no inner attributes"
        );
        assert!(
            !text.lines().any(|line| module_declaration(line).is_some()),
            "every module is inline"
        );
    }
}
