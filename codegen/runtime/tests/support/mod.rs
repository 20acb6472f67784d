//! What the client tests share: a made-up `Echo` operation of a made-up
//! service, a fixed clock, and a transport that answers from a script and
//! keeps the requests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::future::Future;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::client::{Client, Service};
use runtime::config::{Config, TimeSource};
use runtime::credentials::Credentials;
use runtime::endpoint::{BuiltIns, Document, ResolveError, ResolvedEndpoint};
use runtime::http::{HttpRequest, HttpResponse};
use runtime::operation::{Operation, OperationError, OperationInput};
use runtime::transport::{AsyncSleep, AsyncTransport, BoxFuture, Transport, TransportError};

pub struct Echo;

#[derive(Debug)]
pub struct EchoInput {
    pub name: String,
}

#[derive(Debug, PartialEq)]
pub struct EchoOutput {
    pub body: String,
}

/// `Echo` declares no errors, so it fails with the runtime's shared error.
pub type EchoError = runtime::error::Error;

impl Operation for Echo {
    type Input = EchoInput;
    type Output = EchoOutput;
    type Error = EchoError;
    const NAME: &'static str = "Echo";

    fn query_body(input: &EchoInput) -> String {
        format!("Action=Echo&Name={}", input.name)
    }

    fn read_response(response: &HttpResponse) -> Result<EchoOutput, EchoError> {
        if !response.is_success() {
            return Err(EchoError::from_error_response(response));
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
pub fn resolve(builtins: &BuiltIns) -> Result<ResolvedEndpoint, ResolveError> {
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

pub static SERVICE: Service = Service {
    sdk_id: "Echo",
    signing_name: "echo",
    resolve_endpoint: resolve,
};

/// 2015-08-30T12:36:00Z.
#[derive(Debug)]
pub struct FixedClock;

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }
}

/// Answers requests from a script (the last answer repeats), keeping the
/// requests it was sent and the time limit of each.
#[derive(Debug, Clone, Default)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<Sent>>>,
    script: Arc<Mutex<VecDeque<Answer>>>,
}

/// A request the recorder was sent, and its time limit.
type Sent = (HttpRequest, Option<Duration>);

type Answer = Result<HttpResponse, TransportError>;

impl Recorder {
    /// Always `status` with `body`.
    pub fn answering(status: u16, body: &str) -> Self {
        Recorder::default().then(status, body)
    }

    /// Adds an answer to the script.
    pub fn then(self, status: u16, body: &str) -> Self {
        self.then_response(response(status, body))
    }

    pub fn then_response(self, response: HttpResponse) -> Self {
        self.script.lock().unwrap().push_back(Ok(response));
        self
    }

    /// Adds a failure to the script.
    pub fn then_fail(self, error: TransportError) -> Self {
        self.script.lock().unwrap().push_back(Err(error));
        self
    }

    pub fn sent(&self) -> Vec<HttpRequest> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(request, _)| request.clone())
            .collect()
    }

    pub fn timeouts(&self) -> Vec<Option<Duration>> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(_, timeout)| *timeout)
            .collect()
    }

    pub fn answer(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        self.requests
            .lock()
            .unwrap()
            .push((request.clone(), timeout));
        let mut script = self.script.lock().unwrap();
        let answer = if script.len() > 1 {
            script.pop_front()
        } else {
            script.front().map(clone_answer)
        };
        answer.unwrap_or_else(|| Ok(response(200, "")))
    }
}

fn clone_answer(
    answer: &Result<HttpResponse, TransportError>,
) -> Result<HttpResponse, TransportError> {
    match answer {
        Ok(response) => Ok(response.clone()),
        Err(error) => Err(TransportError::new(
            error.kind(),
            error.url(),
            error.to_string(),
        )),
    }
}

pub fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
    }
}

impl Transport for Recorder {
    fn send(
        &self,
        request: &HttpRequest,
        timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        self.answer(request, timeout)
    }
}

impl AsyncTransport for Recorder {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        timeout: Option<Duration>,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        let answer = self.answer(request, timeout);
        Box::pin(async move { answer })
    }
}

/// An EC2-style error response.
pub fn error_body(code: &str) -> String {
    format!(
        "<Response><Errors><Error><Code>{code}</Code><Message>m</Message></Error></Errors>\
         <RequestID>r</RequestID></Response>"
    )
}

/// A configuration with fixed credentials and clock, no backoff wait, and
/// `transport`.
pub fn config(transport: Recorder) -> runtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned())))
        .time_source(FixedClock)
        .retry_jitter(|| 0.0)
        .transport(transport)
}

pub fn client(region: Option<&str>, transport: Recorder) -> Client {
    let mut builder = Config::builder()
        .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned())))
        .time_source(FixedClock)
        .retry_jitter(|| 0.0)
        .transport(transport);
    if let Some(region) = region {
        builder = builder.region(region);
    }
    Client::for_service(&SERVICE, builder.build())
}

pub fn echo(name: &str) -> EchoInput {
    EchoInput {
        name: name.to_owned(),
    }
}

/// A server on a free loopback port that handles one connection with
/// `handle` (given the request read so far); returns its `host:port`.
pub fn serve_once(handle: impl FnOnce(&mut TcpStream, String) + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let request = read_request(&mut stream);
        handle(&mut stream, request);
    });
    host
}

/// The request head and a body of its `content-length`.
pub fn read_request(stream: &mut TcpStream) -> String {
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
            let length = header_values(head, "content-length")
                .first()
                .and_then(|value| value.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

/// Every value of the header `name` in a request head.
pub fn header_values(head: &str, name: &str) -> Vec<String> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .filter(|(key, _)| key.trim().eq_ignore_ascii_case(name))
        .map(|(_, value)| value.trim().to_owned())
        .collect()
}

/// Waits no time, keeping the durations it was asked to wait: the backoff is
/// the blocking tests' business.
#[derive(Debug, Clone, Default)]
pub struct NoSleep(pub Arc<Mutex<Vec<Duration>>>);

impl AsyncSleep for NoSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// Polls `future` to its end; the futures here never wait on anything.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(std::task::Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}
