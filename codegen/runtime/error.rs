//! EC2 error responses: `<Response><Errors><Error><Code>..</Code>
//! <Message>..</Message></Error></Errors><RequestID>..</RequestID></Response>`.

use std::fmt;

use super::http::HttpResponse;
use super::operation::OperationError;
use super::xml::{DeserializeError, DeserializeErrorKind, StartTag, XmlReader};

/// The error code EC2 answers a `DryRun` request with when the request would
/// have succeeded.
pub const DRY_RUN_SUCCEEDED: &str = "DryRunOperation";

/// What every error response says: its code, message and request id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: String,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
}

impl ErrorMetadata {
    /// The error code (`InvalidNetworkInterfaceID.NotFound`, `DryRunOperation`, ...).
    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether this "error" is EC2 saying that a `DryRun` request would have
    /// succeeded: the permissions are there and the parameters are valid.
    pub fn is_dry_run_success(&self) -> bool {
        self.code == DRY_RUN_SUCCEEDED
    }

    /// Whether the request was throttled and may be retried later.
    pub fn is_throttling(&self) -> bool {
        matches!(
            self.code.as_str(),
            "RequestLimitExceeded" | "Throttling" | "ThrottlingException" | "RequestThrottled"
        )
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        match &self.request_id {
            Some(request_id) => write!(f, " (HTTP {}, request id {request_id})", self.status),
            None => write!(f, " (HTTP {})", self.status),
        }
    }
}

/// A response that could not be read as the operation's output or as an
/// error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    status: u16,
    source: DeserializeError,
}

impl ResponseError {
    pub fn new(status: u16, source: DeserializeError) -> Self {
        ResponseError { status, source }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn deserialize_error(&self) -> &DeserializeError {
        &self.source
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot read the HTTP {} response: {}",
            self.status, self.source
        )
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The code, message and request id of an error response. The request id
/// comes from the body, else from the `x-amzn-requestid` header.
pub fn read_error_metadata(response: &HttpResponse) -> Result<ErrorMetadata, ResponseError> {
    error_metadata(response).map_err(|source| ResponseError::new(response.status, source))
}

/// The response header that carries the request id when the body does not.
const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// Reads an operation's response: the output of a success, whose root
/// element must be `root`, else the error. `read` gets the reader just inside
/// the root and the request id of the `x-amzn-requestid` header, which a
/// `requestId` element in the body overrides.
pub fn read_response<T, E>(
    response: &HttpResponse,
    root: &str,
    read: impl FnOnce(&mut XmlReader<'_>, &StartTag<'_>, Option<String>) -> Result<T, DeserializeError>,
) -> Result<T, E>
where
    E: OperationError + From<ResponseError>,
{
    if !response.is_success() {
        return Err(E::from_error_response(response));
    }
    let header_request_id = response.header(REQUEST_ID_HEADER).map(str::to_owned);
    super::xml::read_document(&response.body, root, |reader, start| {
        read(reader, start, header_request_id)
    })
    .map_err(|source| E::from(ResponseError::new(response.status, source)))
}

/// The error of an operation whose model declares no errors of its own, as
/// no EC2 operation does: the service's error response, or a response that
/// could not be read. An operation with modeled errors has an enum of its
/// own with these two variants and one per modeled error.
///
/// `Display` shows the error code and message, the HTTP status and the
/// request id; `DryRun` requests that would have succeeded are told apart by
/// [`is_dry_run_success`](Self::is_dry_run_success).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An error response. For EC2 that is every error: `DryRunOperation`,
    /// `UnauthorizedOperation`, `InvalidNetworkInterfaceID.NotFound`,
    /// `RequestLimitExceeded`, ...
    Service(ErrorMetadata),
    /// The response could not be read as an output or an error.
    Response(ResponseError),
}

impl Error {
    /// The code, message and request id of the error response (`None` when
    /// the response could not be read).
    pub fn metadata(&self) -> Option<&ErrorMetadata> {
        match self {
            Error::Service(metadata) => Some(metadata),
            Error::Response(_) => None,
        }
    }

    /// The error code, such as `InvalidNetworkInterfaceID.NotFound`.
    pub fn code(&self) -> Option<&str> {
        self.metadata().map(ErrorMetadata::code)
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.metadata().and_then(ErrorMetadata::message)
    }

    /// The request id of the failed request.
    pub fn request_id(&self) -> Option<&str> {
        self.metadata().and_then(ErrorMetadata::request_id)
    }

    /// Whether this is EC2's answer to a `DryRun` request that would have
    /// succeeded (`DryRunOperation`) rather than a failure.
    pub fn is_dry_run_success(&self) -> bool {
        self.metadata()
            .is_some_and(ErrorMetadata::is_dry_run_success)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(metadata) => metadata.fmt(f),
            Error::Response(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Service(_) => None,
            Error::Response(error) => Some(error),
        }
    }
}

impl From<ResponseError> for Error {
    fn from(error: ResponseError) -> Self {
        Error::Response(error)
    }
}

impl OperationError for Error {
    fn from_error_response(response: &HttpResponse) -> Self {
        match read_error_metadata(response) {
            Ok(metadata) => Error::Service(metadata),
            Err(error) => Error::Response(error),
        }
    }

    fn metadata(&self) -> Option<&ErrorMetadata> {
        Error::metadata(self)
    }
}

fn error_metadata(response: &HttpResponse) -> Result<ErrorMetadata, DeserializeError> {
    let mut code = None;
    let mut message = None;
    let mut request_id = None;
    // The first error with a code counts; its code and message belong together.
    let mut take_error = |reader: &mut XmlReader<'_>| -> Result<(), DeserializeError> {
        let (error_code, error_message) = read_code_and_message(reader)?;
        if code.is_none() && error_code.is_some() {
            code = error_code;
            message = error_message;
        }
        Ok(())
    };
    let mut reader = XmlReader::new(&response.body)?;
    expect_error_root(&mut reader)?;
    while let Some(child) = reader.next_child()? {
        match child.local_name() {
            "Errors" => {
                while let Some(error) = reader.next_child()? {
                    if error.local_name() == "Error" {
                        take_error(&mut reader)?;
                    } else {
                        reader.skip()?;
                    }
                }
            }
            // Query-style services put the error directly under the root.
            "Error" => take_error(&mut reader)?,
            "RequestID" | "RequestId" => request_id = Some(reader.read_text()?),
            _ => reader.skip()?,
        }
    }
    reader.finish()?;
    let code = code.ok_or_else(|| {
        reader.error(DeserializeErrorKind::MissingMember {
            shape: "Response",
            member: "Errors.Error.Code",
        })
    })?;
    Ok(ErrorMetadata {
        code,
        message,
        request_id: request_id.or_else(|| response.header(REQUEST_ID_HEADER).map(str::to_owned)),
        status: response.status,
    })
}

/// Runs `read` on the first `<Error>` element of an error response, with the
/// reader just inside it; `read` consumes the element.
pub fn read_error_element<T>(
    response: &HttpResponse,
    read: impl FnOnce(&mut XmlReader<'_>, &StartTag<'_>) -> Result<T, DeserializeError>,
) -> Result<T, ResponseError> {
    error_element(&response.body, read)
        .map_err(|source| ResponseError::new(response.status, source))
}

fn error_element<T>(
    body: &[u8],
    read: impl FnOnce(&mut XmlReader<'_>, &StartTag<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut reader = XmlReader::new(body)?;
    expect_error_root(&mut reader)?;
    while let Some(child) = reader.next_child()? {
        match child.local_name() {
            "Errors" => {
                while let Some(error) = reader.next_child()? {
                    if error.local_name() == "Error" {
                        return read(&mut reader, &error);
                    }
                    reader.skip()?;
                }
            }
            "Error" => return read(&mut reader, &child),
            _ => reader.skip()?,
        }
    }
    Err(reader.error(DeserializeErrorKind::UnexpectedEof))
}

fn expect_error_root(reader: &mut XmlReader<'_>) -> Result<(), DeserializeError> {
    let root = reader.root()?;
    match root.local_name() {
        "Response" | "ErrorResponse" => Ok(()),
        other => Err(reader.error(DeserializeErrorKind::UnexpectedRoot {
            expected: "Response".to_owned(),
            found: other.to_owned(),
        })),
    }
}

/// The `<Code>` and `<Message>` of the `<Error>` just entered.
fn read_code_and_message(
    reader: &mut XmlReader<'_>,
) -> Result<(Option<String>, Option<String>), DeserializeError> {
    let (mut code, mut message) = (None, None);
    while let Some(child) = reader.next_child()? {
        match child.local_name() {
            "Code" => code = Some(reader.read_text()?),
            "Message" => message = Some(reader.read_text()?),
            _ => reader.skip()?,
        }
    }
    Ok((code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("x-amzn-requestid".to_owned(), "header-id".to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn reads_ec2_error_responses() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>"#;
        let error = read_error_metadata(&response(412, body)).unwrap();
        assert_eq!(error.code(), "DryRunOperation");
        assert!(error.is_dry_run_success());
        assert_eq!(
            error.request_id(),
            Some("59dbff89-35bd-4eac-99ed-be587EXAMPLE")
        );
        assert_eq!(
            error.to_string(),
            "DryRunOperation: Request would have succeeded, but DryRun flag is set. (HTTP 412, request id 59dbff89-35bd-4eac-99ed-be587EXAMPLE)"
        );
    }

    #[test]
    fn falls_back_to_the_request_id_header() {
        let body = "<Response><Errors><Error><Code>Boom</Code></Error></Errors></Response>";
        let error = read_error_metadata(&response(500, body)).unwrap();
        assert_eq!(error.request_id(), Some("header-id"));
        assert_eq!(error.message(), None);
        assert!(!error.is_dry_run_success());
    }

    #[test]
    fn rejects_what_is_not_an_error_response() {
        for body in [
            "",
            "<html>oops</html>",
            "<Response><Errors></Errors></Response>",
            "<Response><Errors>",
        ] {
            assert!(read_error_metadata(&response(500, body)).is_err(), "{body}");
        }
    }

    #[test]
    fn finds_the_error_element() {
        let body =
            "<Response><Errors><Error><Code>C</Code><Extra>x</Extra></Error></Errors></Response>";
        let extra = read_error_element(&response(400, body), |reader, _start| {
            let mut extra = None;
            while let Some(child) = reader.next_child()? {
                if child.local_name() == "Extra" {
                    extra = Some(reader.read_text()?);
                } else {
                    reader.skip()?;
                }
            }
            Ok(extra)
        })
        .unwrap();
        assert_eq!(extra.as_deref(), Some("x"));
    }
}
