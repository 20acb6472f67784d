//! Generates a Rust crate from a Smithy model of an `aws.protocols#ec2Query` service.
//!
//! Three layers, each usable and testable alone:
//! - [`model`]: the Smithy JSON AST, parsed and validated (knows nothing of Rust);
//! - [`lower`]: every Rust name, type and wire key decided (knows nothing of JSON);
//! - [`emit`]: pure functions from the lowered form to `TokenStream`s and files.

pub mod build_script;
/// The generated crates' date-time code, compiled into the generator too, so
/// that timestamps in the model are read exactly as the crates read them.
#[allow(dead_code)]
#[path = "../runtime/datetime.rs"]
mod datetime;
pub mod docs;
pub mod emit;
pub mod lower;
pub mod model;
pub mod output;
mod parallel;

use std::fmt;

pub use emit::{GeneratedFile, generate};
pub use lower::{LowerOptions, Packaging};

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The model is malformed or unsupported; every problem is listed.
    Model(model::ModelErrors),
    /// A generator bug: emitted code did not parse.
    Emit(emit::EmitError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Model(errors) => errors.fmt(f),
            Error::Emit(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<model::ModelErrors> for Error {
    fn from(errors: model::ModelErrors) -> Self {
        Error::Model(errors)
    }
}

impl From<emit::EmitError> for Error {
    fn from(error: emit::EmitError) -> Self {
        Error::Emit(error)
    }
}

/// What generation made: the files of the crate, and warnings about the model
/// that did not stop it (each names the shape).
#[derive(Clone, Debug)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<model::ModelError>,
}

/// Model JSON text -> the files of the generated crate.
pub fn generate_crate(model_json: &str, options: &LowerOptions) -> Result<Generated, Error> {
    let model = model::Model::from_json(model_json)?;
    let lowered = lower::lower(&model, options)?;
    Ok(Generated {
        files: emit::generate(&lowered.ir)?,
        warnings: lowered.warnings,
    })
}
