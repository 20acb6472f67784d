//! Sending a request: the one job a transport has. The client is written
//! against [`Transport`], so any HTTP client can carry its requests and tests
//! can answer them themselves; `UreqTransport` (cargo feature `ureq`) is the
//! default, a blocking HTTPS client. For async code, [`AsyncTransport`] and
//! [`AsyncSleep`], with `async_transport::HyperTransport` and `TokioSleep`
//! (cargo feature `hyper`) as the defaults.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::http::{HttpRequest, HttpResponse};

/// Sends one HTTP request and returns the response, whatever its status.
///
/// Implement it to use another HTTP client, or to answer requests in tests.
/// A response with an error status is a response (`Ok`); only a failure to
/// get one at all is a [`TransportError`]. When `timeout` is given, the
/// whole exchange (connecting, sending, the response and its body) must end
/// within it, else it fails with [`TransportErrorKind::Timeout`].
pub trait Transport: Send + Sync + fmt::Debug {
    fn send(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError>;
}

/// A future a trait object can return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// [`Transport`] for async code: the same contract, awaited.
pub trait AsyncTransport: Send + Sync + fmt::Debug {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Option<Duration>,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>>;
}

/// Waits, blocking the thread: between retries and between a waiter's
/// attempts. Tests give one that only moves a fake clock.
pub trait Sleep: Send + Sync + fmt::Debug {
    fn sleep(&self, duration: Duration);
}

/// [`std::thread::sleep`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadSleep;

impl Sleep for ThreadSleep {
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// Waits without blocking a thread, on whatever async runtime the caller
/// uses (the `hyper` feature brings one for tokio).
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()>;
}

/// What kind of failure kept a response from arriving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name did not resolve.
    Dns,
    /// No connection could be made (refused, unreachable).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// A time limit was reached.
    Timeout,
    /// The connection failed while the request or response was under way
    /// (reset, closed early), or the response was not valid HTTP.
    Io,
    /// The request cannot be sent as it is (an invalid URL or header).
    InvalidRequest,
    /// No transport is configured.
    NotConfigured,
    Other,
}

impl TransportErrorKind {
    fn describe(self) -> &'static str {
        match self {
            TransportErrorKind::Dns => "cannot resolve the host of",
            TransportErrorKind::Connect => "cannot connect to",
            TransportErrorKind::Tls => "TLS failed with",
            TransportErrorKind::Timeout => "timed out waiting for",
            TransportErrorKind::Io => "the connection failed with",
            TransportErrorKind::InvalidRequest => "cannot send the request to",
            TransportErrorKind::NotConfigured => "no transport to send to",
            TransportErrorKind::Other => "cannot send to",
        }
    }
}

/// No response arrived: why, and for which URL.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    url: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl TransportError {
    pub fn new(
        kind: TransportErrorKind,
        url: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            url: url.into(),
            source: Some(source.into()),
        }
    }

    /// No transport was given, and the crate was built without its default
    /// one (cargo feature `ureq`).
    pub fn not_configured(url: impl Into<String>) -> Self {
        TransportError {
            kind: TransportErrorKind::NotConfigured,
            url: url.into(),
            source: Some(
                "give one with `ConfigBuilder::transport`, or enable the crate's `ureq` feature"
                    .into(),
            ),
        }
    }

    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.kind.describe(), self.url)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for TransportError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

/// How long the default transport waits, by default.
pub mod default_timeouts {
    use std::time::Duration;

    /// For a connection, as the AWS SDKs do.
    pub const CONNECT: Duration = Duration::from_millis(3_100);
    /// For each read of the response: a server that accepted the connection
    /// and then says nothing is given up on after this long.
    pub const READ: Duration = Duration::from_secs(30);
}

/// The largest response body read (EC2's largest `Describe` pages are a few
/// megabytes); a larger one is an error, not an allocation without end.
pub const MAX_RESPONSE_BODY: u64 = 256 * 1024 * 1024;

/// The default transport: blocking HTTP/1.1 over rustls (with the Mozilla
/// root certificates), through `ureq`. Redirects are not followed and the
/// proxy settings of the environment (`HTTPS_PROXY`, ...) apply.
#[cfg(feature = "ureq")]
#[derive(Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

#[cfg(feature = "ureq")]
impl UreqTransport {
    /// With the [`default_timeouts`].
    pub fn new() -> Self {
        Self::with_timeouts(default_timeouts::CONNECT, default_timeouts::READ)
    }

    pub fn with_timeouts(connect: Duration, read: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(connect))
            .timeout_per_read(Some(read))
            .build();
        UreqTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

#[cfg(feature = "ureq")]
impl Default for UreqTransport {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "ureq")]
impl fmt::Debug for UreqTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UreqTransport").finish_non_exhaustive()
    }
}

#[cfg(feature = "ureq")]
impl Transport for UreqTransport {
    fn send(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        let url = request.url();
        let invalid = |error: ureq::http::Error| {
            TransportError::new(TransportErrorKind::InvalidRequest, url.clone(), error)
        };
        let mut builder = ureq::http::Request::builder()
            .method(request.method)
            .uri(&url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let http_request = builder.body(request.body.as_slice()).map_err(invalid)?;
        let http_request = self
            .agent
            .configure_request(http_request)
            .timeout_global(timeout)
            .build();
        let response = self.agent.run(http_request).map_err(|error| {
            let mut error = ureq_error(error, &url);
            // ureq reports a failed name lookup as an I/O error like any other:
            // looking the name up again tells which it was.
            if error.kind == TransportErrorKind::Io && !resolves(request) {
                error.kind = TransportErrorKind::Dns;
            }
            error
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_RESPONSE_BODY)
            .read_to_vec()
            .map_err(|error| ureq_error(error, &url))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

/// Whether the request's host name resolves to some address.
#[cfg(feature = "ureq")]
fn resolves(request: &HttpRequest) -> bool {
    use std::net::ToSocketAddrs;
    let default_port = match request.scheme {
        super::http::Scheme::Http => 80,
        super::http::Scheme::Https => 443,
    };
    let authority = if request
        .host
        .rsplit_once(':')
        .is_some_and(|(_, port)| port.parse::<u16>().is_ok())
    {
        request.host.clone()
    } else {
        format!("{}:{default_port}", request.host)
    };
    authority
        .to_socket_addrs()
        .is_ok_and(|mut addresses| addresses.next().is_some())
}

#[cfg(feature = "ureq")]
fn ureq_error(error: ureq::Error, url: &str) -> TransportError {
    use std::io::ErrorKind;
    let kind = match &error {
        ureq::Error::HostNotFound => TransportErrorKind::Dns,
        ureq::Error::ConnectionFailed => TransportErrorKind::Connect,
        ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => {
            TransportErrorKind::Tls
        }
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused | ErrorKind::AddrNotAvailable => {
                TransportErrorKind::Connect
            }
            ErrorKind::TimedOut | ErrorKind::WouldBlock => TransportErrorKind::Timeout,
            // rustls reports a failed handshake or a corrupt record as invalid
            // data on the stream; plain HTTP errors are `Protocol` errors.
            ErrorKind::InvalidData if url.starts_with("https://") => TransportErrorKind::Tls,
            _ => TransportErrorKind::Io,
        },
        ureq::Error::Protocol(_) | ureq::Error::BodyExceedsLimit(_) => TransportErrorKind::Io,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => TransportErrorKind::InvalidRequest,
        _ => TransportErrorKind::Other,
    };
    TransportError::new(kind, url, error)
}
