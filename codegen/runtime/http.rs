//! The HTTP side of a call, without an HTTP library: the request to send and
//! the response received, as plain data any client can fill in.

use std::fmt;

use super::idempotency::{IdempotencyTokenProvider, RandomTokens};

/// A request ready to sign and send.
///
/// `Debug` hides the values of the headers that carry secrets
/// (`Authorization`, `X-Amz-Security-Token`).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub scheme: Scheme,
    /// Where to send it: `host[:port]` (the endpoint's, with any operation
    /// host prefix), also the value of the `Host` header.
    pub host: String,
    /// The path of the request (`/`, or the endpoint's path), with any query.
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// An ec2Query request: `POST` of a form body to `endpoint`'s path, at
    /// `host` (the endpoint's host, or it with a host prefix).
    pub fn form_post(endpoint: &Endpoint, host: String, body: String) -> Self {
        HttpRequest {
            method: "POST",
            scheme: endpoint.scheme(),
            host,
            uri: endpoint.path().to_owned(),
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

    /// An ec2Query request to `endpoint`'s own host: what an operation
    /// without a host prefix sends.
    #[inline]
    pub fn form_post_to(endpoint: &Endpoint, body: String) -> Self {
        Self::form_post(endpoint, endpoint.host().to_owned(), body)
    }

    /// Sets a header, replacing any header of the same (case-insensitive) name.
    pub fn set_header(&mut self, name: &str, value: String) {
        self.headers
            .retain(|(key, _)| !key.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value));
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// `scheme://host/uri`.
    pub fn url(&self) -> String {
        format!("{}://{}{}", self.scheme.as_str(), self.host, self.uri)
    }
}

/// Headers whose values are secrets, or give a secret away.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    // The session token of the instance metadata service.
    "x-aws-ec2-metadata-token",
    // The SSO portal's bearer token.
    "x-amz-sso_bearer_token",
];

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let secret = SECRET_HEADERS
                    .iter()
                    .any(|secret| name.eq_ignore_ascii_case(secret));
                (
                    name.as_str(),
                    if secret {
                        "** redacted **"
                    } else {
                        value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url())
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    Http,
    #[default]
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
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
/// port and a path (`http://localhost:5000/custom`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    scheme: Scheme,
    host: String,
    path: String,
}

impl Endpoint {
    /// Parses `[scheme://]host[:port][/path]`; the scheme is `https` unless
    /// it says `http`.
    pub fn parse(endpoint: &str) -> Result<Self, EndpointError> {
        let (scheme, without_scheme) = match endpoint.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some((scheme, _)) => {
                return Err(EndpointError(format!(
                    "`{endpoint}` has the scheme `{scheme}`; only http and https are supported"
                )));
            }
            None => (Scheme::Https, endpoint),
        };
        let (host, path) = match without_scheme.find(['/', '?', '#']) {
            Some(end) => without_scheme.split_at(end),
            None => (without_scheme, "/"),
        };
        let invalid_host = host.is_empty()
            || host.contains(|c: char| c.is_whitespace() || c.is_control() || c == '@');
        if invalid_host {
            return Err(EndpointError(format!("`{endpoint}` has no valid host")));
        }
        if path.starts_with(['?', '#']) {
            return Err(EndpointError(format!(
                "`{endpoint}` has a query or fragment, which an endpoint cannot have"
            )));
        }
        let mut path = path.to_owned();
        if !path.ends_with('/') {
            path.push('/');
        }
        // HTTP clients leave the default port out of the `Host` header, and
        // the signature covers that header: leave it out here too.
        let default_port = match scheme {
            Scheme::Http => ":80",
            Scheme::Https => ":443",
        };
        let host = host.strip_suffix(default_port).unwrap_or(host);
        Ok(Endpoint {
            scheme,
            host: host.to_owned(),
            path,
        })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// `host[:port]`.
    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme.as_str(), self.host, self.path)
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
        && value.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
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
        assert_eq!(
            (endpoint.host(), endpoint.path()),
            ("ec2.us-east-1.amazonaws.com", "/")
        );
        assert_eq!(endpoint.scheme(), Scheme::Https);
        let endpoint = Endpoint::parse("example.com/custom").unwrap();
        assert_eq!(
            (endpoint.host(), endpoint.path()),
            ("example.com", "/custom/")
        );
        assert_eq!(endpoint.to_string(), "https://example.com/custom/");
        let endpoint = Endpoint::parse("HTTP://127.0.0.1:5000").unwrap();
        assert_eq!(
            (endpoint.scheme(), endpoint.host()),
            (Scheme::Http, "127.0.0.1:5000")
        );
        let endpoint = Endpoint::parse("https://example.com:443/x").unwrap();
        assert_eq!((endpoint.host(), endpoint.path()), ("example.com", "/x/"));
        assert_eq!(
            Endpoint::parse("http://example.com:443").unwrap().host(),
            "example.com:443"
        );
        for bad in [
            "https://",
            "ftp://example.com",
            "https://a b",
            "https://x?y=1",
            "http://#f",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_hides_secret_headers() {
        let endpoint = Endpoint::parse("http://localhost:5000").unwrap();
        let mut request =
            HttpRequest::form_post(&endpoint, endpoint.host().to_owned(), "A=1".to_owned());
        request.set_header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKID/..., Signature=abc".to_owned(),
        );
        request.set_header("X-Amz-Security-Token", "session-secret".to_owned());
        let debug = format!("{request:?}");
        assert!(debug.contains("http://localhost:5000/"), "{debug}");
        assert!(
            !debug.contains("Signature=abc") && !debug.contains("session-secret"),
            "{debug}"
        );
        assert!(
            debug.contains("application/x-www-form-urlencoded"),
            "{debug}"
        );
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
