//! The HTTP side of a call, without an HTTP library: the request to send and
//! the response received, as plain data any client can fill in.

use std::fmt;

use super::idempotency::{IdempotencyTokenProvider, RandomTokens};

/// A request ready to sign and send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    /// The host to send to (the endpoint's, with any operation host prefix).
    pub host: String,
    /// The path of the request (`/`, or the endpoint's path).
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// An ec2Query request: `POST` of a form body.
    pub fn form_post(host: String, uri: &str, body: String) -> Self {
        HttpRequest {
            method: "POST",
            host,
            uri: uri.to_owned(),
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ),
                ("Content-Length".to_owned(), body.len().to_string()),
            ],
            body: body.into_bytes(),
        }
    }

    /// Sets a header, replacing any header of the same (case-insensitive) name.
    pub fn set_header(&mut self, name: &str, value: String) {
        self.headers.retain(|(key, _)| !key.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value));
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A response as received.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Where requests go: `https://ec2.us-east-1.amazonaws.com`, or a host with a
/// path (`example.com/custom`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    host: String,
    path: String,
}

impl Endpoint {
    /// Parses `[scheme://]host[:port][/path]`.
    pub fn parse(endpoint: &str) -> Result<Self, EndpointError> {
        let without_scheme = endpoint
            .split_once("://")
            .map_or(endpoint, |(_, rest)| rest);
        let (host, path) = match without_scheme.find('/') {
            Some(slash) => without_scheme.split_at(slash),
            None => (without_scheme, "/"),
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(EndpointError(format!("`{endpoint}` has no valid host")));
        }
        let mut path = path.to_owned();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Endpoint {
            host: host.to_owned(),
            path,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

/// How requests are made: where they go, where idempotency tokens come
/// from, and whether bodies may be compressed.
pub struct RequestConfig {
    endpoint: Endpoint,
    idempotency_tokens: Box<dyn IdempotencyTokenProvider + Send + Sync>,
    compression: bool,
    min_compression_size: usize,
}

impl RequestConfig {
    /// Smithy's default: bodies of operations that allow it are compressed from this size on.
    pub const DEFAULT_MIN_COMPRESSION_SIZE: usize = 10_240;

    /// Requests to `endpoint`, with random idempotency tokens and compression on.
    pub fn new(endpoint: Endpoint) -> Self {
        RequestConfig {
            endpoint,
            idempotency_tokens: Box::new(RandomTokens),
            compression: true,
            min_compression_size: Self::DEFAULT_MIN_COMPRESSION_SIZE,
        }
    }

    /// Takes unset idempotency tokens from `tokens` (tests pin them).
    pub fn with_idempotency_tokens(
        mut self,
        tokens: impl IdempotencyTokenProvider + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_tokens = Box::new(tokens);
        self
    }

    /// Never compresses request bodies.
    pub fn without_request_compression(mut self) -> Self {
        self.compression = false;
        self
    }

    /// Compresses bodies (of operations that allow it) from `bytes` on.
    pub fn with_min_compression_size(mut self, bytes: usize) -> Self {
        self.min_compression_size = bytes;
        self
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    pub fn idempotency_tokens(&self) -> &dyn IdempotencyTokenProvider {
        self.idempotency_tokens.as_ref()
    }

    /// Whether a body of `size` bytes should be compressed, for an
    /// operation that allows it.
    pub fn compresses(&self, size: usize) -> bool {
        self.compression && size >= self.min_compression_size
    }
}

impl fmt::Debug for RequestConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestConfig")
            .field("endpoint", &self.endpoint)
            .field("compression", &self.compression)
            .field("min_compression_size", &self.min_compression_size)
            .finish_non_exhaustive()
    }
}

/// An endpoint or host label that cannot make a valid request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError(pub(crate) String);

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EndpointError {}

/// Checks a `@hostLabel` value: it becomes part of the host name.
pub fn host_label(member: &'static str, value: &str) -> Result<String, EndpointError> {
    let valid = !value.is_empty()
        && value.len() <= 63
        && value
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if valid {
        Ok(value.to_owned())
    } else {
        Err(EndpointError(format!(
            "`{member}` is used in the host name, but `{value}` is not a valid host label"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_endpoints() {
        let endpoint = Endpoint::parse("https://ec2.us-east-1.amazonaws.com").unwrap();
        assert_eq!((endpoint.host(), endpoint.path()), ("ec2.us-east-1.amazonaws.com", "/"));
        let endpoint = Endpoint::parse("example.com/custom").unwrap();
        assert_eq!((endpoint.host(), endpoint.path()), ("example.com", "/custom/"));
        assert!(Endpoint::parse("https://").is_err());
    }

    #[test]
    fn validates_host_labels() {
        assert_eq!(host_label("label", "bar").unwrap(), "bar");
        for bad in ["", "a b", "a/b", "a..b", "x@y"] {
            assert!(host_label("label", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn finds_headers_case_insensitively() {
        let response = HttpResponse {
            status: 200,
            headers: vec![("X-Amzn-RequestId".to_owned(), "id".to_owned())],
            body: Vec::new(),
        };
        assert_eq!(response.header("x-amzn-requestid"), Some("id"));
        assert!(response.is_success());
    }
}
