//! What every generated operation module has in common, so that one client
//! can make any operation's call.

use super::error::ErrorMetadata;
use super::http::{EndpointError, HttpRequest, HttpResponse, RequestConfig};

/// An operation of the service: its wire name, the types it sends and
/// receives, and how requests are made and responses read. Implemented by
/// the marker type of each operation module.
pub trait Operation {
    /// What the caller sends (interceptors read it, async calls hold it).
    type Input: std::fmt::Debug + Send + Sync + 'static;
    /// What the service answers.
    type Output: Send;
    /// What the call can fail with once the service has answered.
    type Error: OperationError;
    /// The wire name, sent as the `Action` parameter.
    const NAME: &'static str;

    /// The unsigned HTTP request for `input`.
    fn build_request(
        input: &Self::Input,
        config: &RequestConfig,
    ) -> Result<HttpRequest, EndpointError>;

    /// The output, or the error, a response says.
    fn read_response(response: &HttpResponse) -> Result<Self::Output, Self::Error>;
}

/// An operation's input: it knows its operation, so `client.send(input)`
/// needs no more than the input.
pub trait OperationInput {
    type Operation: Operation<Input = Self>;
}

/// What every operation error tells, whatever its variants.
pub trait OperationError: std::error::Error + Send + Sync + 'static {
    /// Reads a non-2xx response: the modeled error its code names, any other
    /// error response, or a response that could not be read.
    fn from_error_response(response: &HttpResponse) -> Self
    where
        Self: Sized;

    /// The code, message and request id of the error response; `None` when
    /// the response could not be read.
    fn metadata(&self) -> Option<&ErrorMetadata>;
}
