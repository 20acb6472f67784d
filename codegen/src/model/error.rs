//! Model errors: values that name the shape (and member) at fault.

use std::fmt;

use super::ShapeId;

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    /// The shape or member at fault: a shape id, or a JSON path when the id
    /// itself is malformed. `None` for problems with the document as a whole.
    pub location: Option<String>,
    pub message: String,
}

impl ModelError {
    /// A problem with the shape or member `id`.
    pub fn at(id: &ShapeId, message: impl Into<String>) -> Self {
        Self {
            location: Some(id.to_string()),
            message: message.into(),
        }
    }

    /// A problem at a location that is not a valid shape id.
    pub fn at_raw(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: Some(location.into()),
            message: message.into(),
        }
    }

    /// A problem with the document as a whole.
    pub fn model(message: impl Into<String>) -> Self {
        Self {
            location: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "`{location}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Every problem found in a model, in a stable order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelErrors(pub Vec<ModelError>);

impl ModelErrors {
    /// `Ok(())` when `errors` is empty, else all of them sorted.
    pub fn into_result(mut errors: Vec<ModelError>) -> Result<(), ModelErrors> {
        if errors.is_empty() {
            return Ok(());
        }
        errors.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
        errors.dedup();
        Err(ModelErrors(errors))
    }
}

impl From<ModelError> for ModelErrors {
    fn from(error: ModelError) -> Self {
        ModelErrors(vec![error])
    }
}

impl fmt::Display for ModelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "the model has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelErrors {}
