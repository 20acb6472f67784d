//! The default async transport (cargo feature `hyper`): [`HyperTransport`],
//! HTTP/1.1 over rustls with hyper on tokio, and [`TokioSleep`], the waits
//! between attempts on the same runtime.
//!
//! Both need a tokio runtime with its I/O and time drivers (`enable_all`)
//! when they are awaited.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body, Bytes, Incoming};
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper::{HeaderMap, Uri};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::dns::{GaiAddrs, GaiResolver, Name};
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpStream;
use tower_service::Service;

use super::http::{HttpRequest, HttpResponse, Scheme};
use super::transport::{
    AsyncSleep, AsyncTransport, BoxFuture, MAX_RESPONSE_BODY, TransportError, TransportErrorKind,
    default_timeouts,
};

/// The default async transport: HTTP/1.1 over rustls (ring, with the Mozilla
/// root certificates), through hyper's pooling client on tokio.
///
/// It behaves as `UreqTransport` (cargo feature `ureq`) does:
/// redirects are not followed, a response with an error status is `Ok`,
/// connecting is bounded by the connect timeout, and a connection on which
/// nothing arrives (and nothing is sent) for the read timeout fails. Idle
/// pooled connections are closed after the read timeout too. Unlike it, the
/// proxy settings of the environment (`HTTPS_PROXY`, ...) do not apply.
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<HttpsConnector<TcpConnector>, Full<Bytes>>,
    connect: Duration,
    read: Duration,
    max_response_body: u64,
}

impl HyperTransport {
    /// With the [`default_timeouts`].
    pub fn new() -> Self {
        Self::with_timeouts(default_timeouts::CONNECT, default_timeouts::READ)
    }

    /// Gives up on a connection that is not made within `connect`, or on
    /// which nothing has arrived for `read`.
    pub fn with_timeouts(connect: Duration, read: Duration) -> Self {
        let connector = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .expect("ring's provider supports rustls's default TLS versions")
            .https_or_http()
            .enable_http1()
            .wrap_connector(TcpConnector::new(connect, read));
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            // The signature covers `Host`: what is sent is the request's own.
            .set_host(false)
            .build(connector);
        HyperTransport {
            client,
            connect,
            read,
            max_response_body: MAX_RESPONSE_BODY,
        }
    }

    /// Fails on a response body larger than `bytes` (by default
    /// [`MAX_RESPONSE_BODY`]) instead of reading it.
    pub fn with_max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = bytes;
        self
    }

    async fn exchange(
        &self,
        request: &HttpRequest,
        url: &str,
    ) -> Result<HttpResponse, TransportError> {
        let response = self
            .client
            .request(hyper_request(request, url)?)
            .await
            .map_err(|error| {
                let connecting = error.is_connect();
                failure(&error, url, stage_kind(connecting, request.scheme))
            })?;
        let (parts, body) = response.into_parts();
        let body = read_body(body, self.max_response_body, url).await?;
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers: header_pairs(&parts.headers),
            body,
        })
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.connect)
            .field("read_timeout", &self.read)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}

impl AsyncTransport for HyperTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Option<Duration>,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let url = request.url();
            let exchange = self.exchange(request, &url);
            let Some(limit) = timeout else {
                return exchange.await;
            };
            match tokio::time::timeout(limit, exchange).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    url.as_str(),
                    format!("no complete response within {limit:?}"),
                )),
            }
        })
    }
}

/// Waits with `tokio::time::sleep`.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

fn hyper_request(
    request: &HttpRequest,
    url: &str,
) -> Result<hyper::Request<Full<Bytes>>, TransportError> {
    let mut builder = hyper::Request::builder().method(request.method).uri(url);
    if request.header("host").is_none() {
        builder = builder.header(hyper::header::HOST, request.host.as_str());
    }
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::copy_from_slice(&request.body)))
        .map_err(|error| TransportError::new(TransportErrorKind::InvalidRequest, url, error))
}

/// The body, unless it is larger than `limit` (said up front by its
/// `Content-Length`, or found while reading).
async fn read_body(body: Incoming, limit: u64, url: &str) -> Result<Vec<u8>, TransportError> {
    let too_large = || {
        TransportError::new(
            TransportErrorKind::Io,
            url,
            format!("the response body is larger than {limit} bytes"),
        )
    };
    if body.size_hint().lower() > limit {
        return Err(too_large());
    }
    let limited = Limited::new(body, usize::try_from(limit).unwrap_or(usize::MAX));
    match limited.collect().await {
        Ok(collected) => Ok(Vec::from(collected.to_bytes())),
        Err(error) if error.is::<LengthLimitError>() => Err(too_large()),
        Err(error) => Err(failure(&*error, url, TransportErrorKind::Io)),
    }
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// What a failure is when nothing more specific shows in its causes: while
/// connecting, after the TCP connection (which tags its own failures), only
/// the TLS handshake is left.
fn stage_kind(connecting: bool, scheme: Scheme) -> TransportErrorKind {
    match (connecting, scheme) {
        (true, Scheme::Https) => TransportErrorKind::Tls,
        (true, Scheme::Http) => TransportErrorKind::Connect,
        (false, _) => TransportErrorKind::Io,
    }
}

/// `error` as a [`TransportError`], of the kind its causes tell, else
/// `otherwise`.
fn failure(
    error: &(dyn Error + 'static),
    url: &str,
    otherwise: TransportErrorKind,
) -> TransportError {
    let kind = kind_of(error).unwrap_or(otherwise);
    TransportError::new(kind, url, explain(error))
}

fn kind_of(error: &(dyn Error + 'static)) -> Option<TransportErrorKind> {
    let timed_out = |cause: &(dyn Error + 'static)| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
    };
    if causes(error).any(|cause| cause.is::<DnsError>()) {
        Some(TransportErrorKind::Dns)
    } else if causes(error).any(timed_out) {
        Some(TransportErrorKind::Timeout)
    } else if causes(error).any(|cause| cause.is::<TcpError>()) {
        Some(TransportErrorKind::Connect)
    } else {
        None
    }
}

/// `error` and what caused it, outermost first.
fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(error), |&error| cause_of(error))
}

fn cause_of<'a>(error: &'a (dyn Error + 'static)) -> Option<&'a (dyn Error + 'static)> {
    // An `io::Error`'s `source` skips the error it wraps (the TLS
    // handshake's, this module's own): step into that one instead.
    match error
        .downcast_ref::<io::Error>()
        .and_then(io::Error::get_ref)
    {
        Some(inner) => Some(inner),
        None => error.source(),
    }
}

/// The messages of `error`'s causes: hyper's own says only which stage
/// failed ("client error (Connect)"), its causes say what happened. Wrapping
/// errors that repeat their cause's message are said once.
fn explain(error: &(dyn Error + 'static)) -> String {
    let mut messages: Vec<String> = Vec::new();
    for cause in causes(error) {
        let message = cause.to_string();
        if messages.last() != Some(&message) {
            messages.push(message);
        }
    }
    if messages.len() > 1 && error.is::<hyper_util::client::legacy::Error>() {
        messages.remove(0);
    }
    messages.join(": ")
}

/// Opens TCP connections (TLS is the wrapping connector's job), and watches
/// them for the read timeout.
#[derive(Clone)]
struct TcpConnector {
    http: HttpConnector<Resolver>,
    read: Duration,
}

impl TcpConnector {
    fn new(connect: Duration, read: Duration) -> Self {
        let mut http = HttpConnector::new_with_resolver(Resolver(GaiResolver::new()));
        // `https` URLs come here too, to be wrapped in TLS afterwards.
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect));
        // A request is written in one go and then waited on: holding back a
        // small last segment (Nagle) would only delay it.
        http.set_nodelay(true);
        TcpConnector { http, read }
    }
}

impl Service<Uri> for TcpConnector {
    type Response = Watched<TokioIo<TcpStream>>;
    type Error = TcpError;
    type Future = BoxFuture<'static, Result<Self::Response, TcpError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), TcpError>> {
        self.http.poll_ready(cx).map_err(TcpError::new)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.http.call(uri);
        let read = self.read;
        Box::pin(async move {
            let stream = connecting.await.map_err(TcpError::new)?;
            Ok(Watched::new(stream, read))
        })
    }
}

/// The TCP connection could not be made: tags the failure so that it is not
/// taken for the TLS handshake's.
#[derive(Debug)]
struct TcpError(Box<dyn Error + Send + Sync>);

impl TcpError {
    fn new(cause: impl Into<Box<dyn Error + Send + Sync>>) -> Self {
        TcpError(cause.into())
    }
}

impl fmt::Display for TcpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Error for TcpError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.0)
    }
}

/// The system's resolver, with its failures tagged: they reach the client as
/// I/O errors like any other.
#[derive(Clone)]
struct Resolver(GaiResolver);

impl Service<Name> for Resolver {
    type Response = GaiAddrs;
    type Error = DnsError;
    type Future = BoxFuture<'static, Result<GaiAddrs, DnsError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), DnsError>> {
        self.0.poll_ready(cx).map_err(DnsError)
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let lookup = self.0.call(name);
        Box::pin(async move { lookup.await.map_err(DnsError) })
    }
}

/// The host name did not resolve.
#[derive(Debug)]
struct DnsError(io::Error);

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Error for DnsError {}

/// A connection that fails once nothing has moved on it, either way, for
/// `limit` while a read waits; the TLS handshake runs over it, so that is
/// watched too.
struct Watched<T> {
    io: T,
    limit: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    /// Whether `deadline` counts from the last progress; set by the first
    /// read that has to wait after it.
    armed: bool,
}

impl<T> Watched<T> {
    fn new(io: T, limit: Duration) -> Self {
        Watched {
            io,
            limit,
            deadline: Box::pin(tokio::time::sleep(limit)),
            armed: false,
        }
    }

    fn progressed(&mut self) {
        self.armed = false;
    }

    /// A read is waiting: fails once it has waited `limit` since the last
    /// progress.
    fn poll_stalled(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if !self.armed {
            self.deadline.set(tokio::time::sleep(self.limit));
            self.armed = true;
        }
        self.deadline.as_mut().poll(cx).map(|()| {
            Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("nothing received for {:?}", self.limit),
            ))
        })
    }
}

impl<T: Read + Unpin> Read for Watched<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Pending => this.poll_stalled(cx),
            ready => {
                this.progressed();
                ready
            }
        }
    }
}

impl<T: Write + Unpin> Write for Watched<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.io).poll_write(cx, buf);
        this.note_written(&written);
        written
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.note_written(&written);
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

impl<T> Watched<T> {
    /// A request that is still being written is progress: the wait for
    /// its answer starts when it is sent.
    fn note_written(&mut self, written: &Poll<io::Result<usize>>) {
        if matches!(written, Poll::Ready(Ok(bytes)) if *bytes > 0) {
            self.progressed();
        }
    }
}

impl<T: Connection> Connection for Watched<T> {
    fn connected(&self) -> Connected {
        self.io.connected()
    }
}
