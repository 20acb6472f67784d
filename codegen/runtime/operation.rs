//! What every generated operation module has in common, so that one client
//! can make any operation's call.

use super::error::ErrorMetadata;
use super::http::{EndpointError, HttpRequest, HttpResponse, RequestConfig};

/// An operation of the service: its wire name, the types it sends and
/// receives, and how requests are made and responses read. Implemented by
/// the marker type of each operation module.
///
/// `build_request` and `read_response` are the sans-IO core, for any HTTP
/// client: for the marker `X` of an operation,
/// `X::build_request(&input, &config)?` gives the request to sign and send
/// and `X::read_response(&response)` reads the answer, with the trait in
/// scope (the crate root re-exports it).
pub trait Operation {
    /// What the caller sends (interceptors read it, async calls hold it).
    type Input: std::fmt::Debug + Send + Sync + 'static;
    /// What the service answers.
    type Output: std::fmt::Debug + Send;
    /// What the call can fail with once the service has answered.
    type Error: OperationError;
    /// The wire name, sent as the `Action` parameter.
    const NAME: &'static str;

    /// The unsigned HTTP request for `input`: a form POST of its
    /// [`query_body`](Self::query_body) to the endpoint, unless the
    /// operation needs more (a host prefix, a compressed body, idempotency
    /// tokens from the configuration) and says so in its own method.
    #[inline]
    fn build_request(
        input: &Self::Input,
        config: &RequestConfig,
    ) -> Result<HttpRequest, EndpointError> {
        Ok(HttpRequest::form_post_to(
            config.endpoint(),
            Self::query_body(input),
        ))
    }

    /// The form body (`application/x-www-form-urlencoded`) for `input`;
    /// unset idempotency tokens, if it has any, are filled at random.
    fn query_body(input: &Self::Input) -> String;

    /// The output, or the error, a response says.
    fn read_response(response: &HttpResponse) -> Result<Self::Output, Self::Error>;
}

/// An operation's input: it knows its operation, so `client.send(input)`
/// needs no more than the input.
pub trait OperationInput {
    type Operation: Operation<Input = Self>;
}

/// The output type of the operation `I` is the input of.
pub type OutputOf<I> = <<I as OperationInput>::Operation as Operation>::Output;

/// The error type of the operation `I` is the input of.
pub type ErrorOf<I> = <<I as OperationInput>::Operation as Operation>::Error;

/// The input of an operation whose results come in pages
/// (`smithy.api#paginated`): each output holds the token that asks for the
/// next page.
pub trait Paginated: OperationInput + Sized {
    /// Puts `token` in the input's token member, returning what was there.
    fn replace_token(&mut self, token: Option<String>) -> Option<String>;

    /// The token of the page after `output`, if the output has one.
    fn output_token(output: &OutputOf<Self>) -> Option<&str>;

    /// Makes this the input of the page after `output`, or returns `false`
    /// when `output` is the last page: its token is absent or empty, or the
    /// same as the one that asked for it (a service that would otherwise
    /// answer the same page for ever).
    fn next_page(&mut self, output: &OutputOf<Self>) -> bool {
        let Some(token) = Self::output_token(output).filter(|token| !token.is_empty()) else {
            return false;
        };
        let token = token.to_owned();
        let sent = self.replace_token(Some(token.clone()));
        sent.as_deref() != Some(token.as_str())
    }
}

/// A paginated operation whose pages hold a list (or map) of items.
pub trait PaginatedItems: Paginated {
    type Items: IntoIterator;

    /// The items of one page; empty when the page has none.
    fn into_items(output: OutputOf<Self>) -> Self::Items;
}

/// A paginated operation with a member that sets how many items a page holds.
pub trait PageSize: Paginated {
    type Size;

    fn set_page_size(&mut self, size: Self::Size);
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
