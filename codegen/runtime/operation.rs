//! What every generated operation module has in common.

/// An operation of the service: its wire name and the types it sends and
/// receives. Implemented by the marker type of each operation module.
pub trait Operation {
    /// What the caller sends.
    type Input;
    /// What the service answers.
    type Output;
    /// The wire name, sent as the `Action` parameter.
    const NAME: &'static str;
}
