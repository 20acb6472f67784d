//! The client, generic over the operation: a made-up `Echo` operation sent
//! through a transport that records requests, and through the default
//! transport to small servers on loopback that answer, or misbehave, on
//! purpose.
#![cfg(feature = "client")]

use std::fmt;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::client::{CallError, Client, RequestError, Service};
use runtime::config::{Config, TimeSource};
use runtime::credentials::{Credentials, CredentialsErrorKind};
use runtime::endpoint::{BuiltIns, Document, ResolveError, ResolvedEndpoint};
use runtime::error::{ErrorMetadata, ResponseError, read_error_metadata};
use runtime::http::{EndpointError, HttpRequest, HttpResponse, RequestConfig};
use runtime::operation::{Operation, OperationError, OperationInput};
use runtime::transport::{Transport, TransportError, TransportErrorKind};

struct Echo;

#[derive(Debug)]
struct EchoInput {
    name: String,
}

#[derive(Debug, PartialEq)]
struct EchoOutput {
    body: String,
}

#[derive(Debug)]
enum EchoError {
    Service(ErrorMetadata),
    Response(ResponseError),
}

impl fmt::Display for EchoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EchoError::Service(metadata) => write!(f, "Echo failed: {metadata}"),
            EchoError::Response(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for EchoError {}

impl OperationError for EchoError {
    fn metadata(&self) -> Option<&ErrorMetadata> {
        match self {
            EchoError::Service(metadata) => Some(metadata),
            EchoError::Response(_) => None,
        }
    }
}

impl Operation for Echo {
    type Input = EchoInput;
    type Output = EchoOutput;
    type Error = EchoError;
    const NAME: &'static str = "Echo";

    fn build_request(
        input: &EchoInput,
        config: &RequestConfig,
    ) -> Result<HttpRequest, EndpointError> {
        let host = config.endpoint().host().to_owned();
        Ok(HttpRequest::form_post(
            config.endpoint(),
            host,
            format!("Action=Echo&Name={}", input.name),
        ))
    }

    fn read_response(response: &HttpResponse) -> Result<EchoOutput, EchoError> {
        if !response.is_success() {
            return Err(match read_error_metadata(response) {
                Ok(metadata) => EchoError::Service(metadata),
                Err(error) => EchoError::Response(error),
            });
        }
        Ok(EchoOutput {
            body: String::from_utf8_lossy(&response.body).into_owned(),
        })
    }
}

impl OperationInput for EchoInput {
    type Operation = Echo;
}

/// `https://echo.{region}.amazonaws.com`; the region `elsewhere` also asks
/// for another signing name and region, and an extra header.
fn resolve(builtins: &BuiltIns) -> Result<ResolvedEndpoint, ResolveError> {
    if let Some(endpoint) = &builtins.endpoint {
        return Ok(ResolvedEndpoint::new(endpoint.clone()));
    }
    let region = builtins
        .region
        .as_deref()
        .ok_or_else(|| ResolveError::rule("Invalid Configuration: Missing Region"))?;
    let resolved = ResolvedEndpoint::new(format!("https://echo.{region}.amazonaws.com"));
    if region != "elsewhere" {
        return Ok(resolved);
    }
    let scheme = Document::object([
        ("name", Document::from("sigv4")),
        ("signingName", Document::from("echo-override")),
        ("signingRegion", Document::from("us-west-2")),
    ]);
    Ok(resolved
        .with_property("authSchemes", Document::Array(vec![scheme]))
        .with_header("x-endpoint-header", vec!["a".to_owned(), "b".to_owned()]))
}

static SERVICE: Service = Service {
    sdk_id: "Echo",
    signing_name: "echo",
    resolve_endpoint: resolve,
};

/// 2015-08-30T12:36:00Z.
#[derive(Debug)]
struct FixedClock;

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }
}

/// Answers every request with `response`, keeping the requests.
#[derive(Debug, Clone)]
struct Recorder {
    requests: Arc<Mutex<Vec<HttpRequest>>>,
    response: HttpResponse,
}

impl Recorder {
    fn answering(status: u16, body: &str) -> Self {
        Recorder {
            requests: Arc::default(),
            response: HttpResponse {
                status,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
            },
        }
    }

    fn sent(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap().clone()
    }
}

impl Transport for Recorder {
    fn send(
        &self,
        request: &HttpRequest,
        _timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        self.requests.lock().unwrap().push(request.clone());
        Ok(self.response.clone())
    }
}

fn client(region: Option<&str>, transport: Recorder) -> Client {
    let mut builder = Config::builder()
        .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned())))
        .time_source(FixedClock)
        .transport(transport);
    if let Some(region) = region {
        builder = builder.region(region);
    }
    Client::for_service(&SERVICE, builder.build())
}

fn echo(name: &str) -> EchoInput {
    EchoInput {
        name: name.to_owned(),
    }
}

#[test]
fn a_call_is_resolved_signed_sent_and_read() {
    let transport = Recorder::answering(200, "hello");
    let output = client(Some("us-east-1"), transport.clone())
        .send(echo("x"))
        .unwrap();
    assert_eq!(
        output,
        EchoOutput {
            body: "hello".to_owned()
        }
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.url(), "https://echo.us-east-1.amazonaws.com/");
    assert_eq!(request.body, b"Action=Echo&Name=x");
    assert_eq!(request.header("X-Amz-Date"), Some("20150830T123600Z"));
    assert_eq!(request.header("X-Amz-Security-Token"), Some("TOKEN"));
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/echo/aws4_request, \
             SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token, Signature="
        ),
        "{authorization}"
    );
}

#[test]
fn the_endpoint_can_choose_the_signing_name_and_region_and_add_headers() {
    let transport = Recorder::answering(200, "");
    client(Some("elsewhere"), transport.clone())
        .send(echo("x"))
        .unwrap();
    let request = &transport.sent()[0];
    assert_eq!(request.header("x-endpoint-header"), Some("a,b"));
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.contains("/us-west-2/echo-override/aws4_request"),
        "{authorization}"
    );
    assert!(
        authorization.contains("x-endpoint-header"),
        "endpoint headers are signed: {authorization}"
    );
}

#[test]
fn an_endpoint_url_overrides_the_rules() {
    let transport = Recorder::answering(200, "");
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:5000")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .transport(transport.clone())
        .build();
    let client = Client::for_service(&SERVICE, config);
    assert_eq!(
        format!("{:?}", client.endpoint_url().unwrap()),
        "http://127.0.0.1:5000 (set in code)"
    );
    client.send(echo("x")).unwrap();
    let request = &transport.sent()[0];
    assert_eq!(request.url(), "http://127.0.0.1:5000/");
    assert_eq!(request.header("X-Amz-Security-Token"), None);
}

#[test]
fn each_failure_is_its_own_error_and_says_what_happened() {
    // No region: the rule set's own error.
    let error = client(None, Recorder::answering(200, ""))
        .send(echo("x"))
        .unwrap_err();
    assert!(matches!(error, CallError::Endpoint(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no endpoint for this configuration: Invalid Configuration: Missing Region"
    );

    // An endpoint but no region to sign for.
    let config = Config::builder()
        .endpoint_url("http://localhost:1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    let error = Client::for_service(&SERVICE, config)
        .send(echo("x"))
        .unwrap_err();
    assert!(
        matches!(error, CallError::Request(RequestError::NoRegion)),
        "{error:?}"
    );
    assert!(error.to_string().contains("AWS_REGION"), "{error}");

    // No credentials: every source tried is named.
    let config = Config::from_environment(runtime::env::Environment::from_vars([
        ("AWS_REGION", "us-east-1"),
        ("HOME", "/nowhere"),
    ]))
    .unwrap();
    let config_with_transport = config;
    let error = Client::for_service(&SERVICE, config_with_transport)
        .send(echo("x"))
        .unwrap_err();
    let CallError::Credentials(credentials_error) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(credentials_error.kind(), CredentialsErrorKind::NotFound);
    let text = error.to_string();
    assert!(text.starts_with("no credentials to sign with"), "{text}");
    assert!(
        text.contains("environment: AWS_ACCESS_KEY_ID") && text.contains("profile `default`"),
        "{text}"
    );
}

#[test]
fn the_services_error_is_read_with_its_code_message_and_request_id() {
    let body = "<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code>\
                <Message>The networkInterface ID 'eni-1' does not exist</Message></Error></Errors>\
                <RequestID>req-42</RequestID></Response>";
    let error = client(Some("us-east-1"), Recorder::answering(400, body))
        .send(echo("x"))
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidNetworkInterfaceID.NotFound"));
    assert_eq!(
        error.message(),
        Some("The networkInterface ID 'eni-1' does not exist")
    );
    assert_eq!(error.request_id(), Some("req-42"));
    assert!(!error.is_dry_run_success());
    assert_eq!(
        error.to_string(),
        "Echo failed: InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-1' does not \
         exist (HTTP 400, request id req-42)"
    );

    let dry_run = "<Response><Errors><Error><Code>DryRunOperation</Code>\
                   <Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors>\
                   <RequestID>r</RequestID></Response>";
    let error = client(Some("us-east-1"), Recorder::answering(412, dry_run))
        .send(echo("x"))
        .unwrap_err();
    assert!(error.is_dry_run_success());
}

// ---------------------------------------------------------------------------
// The default transport, against real sockets on loopback
// ---------------------------------------------------------------------------

/// A server on a free loopback port that handles one connection with
/// `handle` (given the raw request read so far); returns its URL.
fn serve_once(handle: impl FnOnce(&mut std::net::TcpStream, String) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let request = read_request(&mut stream);
        handle(&mut stream, request);
    });
    url
}

/// The request head and a body of its `content-length`.
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let read = stream.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
        data.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&data);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| {
                    line.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|value| value.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

#[cfg(feature = "ureq")]
fn loopback_client(url: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .build();
    Client::for_service(&SERVICE, config)
}

#[cfg(feature = "ureq")]
#[test]
fn the_default_transport_sends_the_signed_request_and_reads_the_answer() {
    let (sender, received) = std::sync::mpsc::channel();
    let url = serve_once(move |stream, request| {
        sender.send(request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-amzn-requestid: r1\r\n\r\nhello")
            .unwrap();
    });
    let output = loopback_client(&url).send(echo("y")).unwrap();
    assert_eq!(output.body, "hello");
    let request = received.recv().unwrap();
    let lower = request.to_ascii_lowercase();
    assert!(request.starts_with("POST / HTTP/1.1\r\n"), "{request}");
    assert!(
        lower.contains("authorization: aws4-hmac-sha256 credential=akid/"),
        "{request}"
    );
    assert!(
        lower.contains(&format!("host: {}", url.trim_start_matches("http://"))),
        "{request}"
    );
    assert!(request.ends_with("Action=Echo&Name=y"), "{request}");
    assert_eq!(lower.matches("content-length:").count(), 1, "{request}");
}

#[cfg(feature = "ureq")]
#[test]
fn an_error_status_is_a_response_not_a_transport_error() {
    let url = serve_once(|stream, _| {
        let body = "<Response><Errors><Error><Code>Unavailable</Code></Error></Errors></Response>";
        let response = format!(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
    });
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    assert_eq!(error.code(), Some("Unavailable"));
    assert_eq!(error.metadata().map(ErrorMetadata::status), Some(503));
}

#[cfg(feature = "ureq")]
#[test]
fn transport_failures_say_which_url_and_what_failed() {
    // Nobody listens: the port was free a moment ago.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect, "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot connect to `{url}/`")),
        "{error}"
    );

    // A server that hangs up without answering.
    let url = serve_once(|stream, _| {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Io, "{error}");

    // A server that answers with something that is not HTTP.
    let url = serve_once(|stream, _| {
        stream.write_all(b"SSH-2.0-OpenSSH_9.0\r\n\r\n").unwrap();
    });
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    assert!(matches!(error, CallError::Transport(_)), "{error:?}");
}

#[cfg(feature = "ureq")]
#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    let (hold, release) = std::sync::mpsc::channel::<()>();
    let url = serve_once(move |_stream, _| {
        // Keep the connection open and silent until the test is done.
        let _ = release.recv_timeout(Duration::from_secs(10));
    });
    let transport = runtime::transport::UreqTransport::with_timeouts(
        Duration::from_secs(1),
        Duration::from_millis(300),
    );
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .transport(transport)
        .build();
    let error = Client::for_service(&SERVICE, config)
        .send(echo("y"))
        .unwrap_err();
    drop(hold);
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout, "{error}");
}

#[cfg(feature = "ureq")]
#[test]
fn tls_and_dns_failures_are_told_apart() {
    // A plain-text server where TLS is expected: it answers the TLS hello
    // with HTTP at once.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let https = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        std::thread::sleep(Duration::from_millis(500));
    });
    let error = loopback_client(&https).send(echo("y")).unwrap_err();
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Tls, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("TLS failed with `https://127.0.0.1:"),
        "{error}"
    );

    // `.invalid` never resolves (RFC 6761).
    let error = loopback_client("http://no-such-host.invalid")
        .send(echo("y"))
        .unwrap_err();
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Dns, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("cannot resolve the host of `http://no-such-host.invalid/`"),
        "{error}"
    );
}
