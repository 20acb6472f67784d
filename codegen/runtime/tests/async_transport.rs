//! The async transport against small servers on loopback that answer, or
//! misbehave, on purpose; and a flow run through it.
#![cfg(feature = "hyper")]

mod support;

use std::io::Write;
use std::net::{Shutdown, TcpListener};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use runtime::async_transport::{HyperTransport, TokioSleep};
use runtime::credentials::Credentials;
use runtime::flow::{Event, Flow, Step, run_async};
use runtime::http::{Endpoint, HttpRequest, HttpResponse};
use runtime::sigv4::{SigningParams, sign};
use runtime::transport::{AsyncSleep, AsyncTransport, TransportError, TransportErrorKind};
use support::{header_values, read_request, serve_once};

/// An ec2Query `POST` to `scheme://host/`.
fn post(scheme: &str, host: &str, body: &str) -> HttpRequest {
    let endpoint = Endpoint::parse(&format!("{scheme}://{host}")).unwrap();
    HttpRequest::form_post(&endpoint, endpoint.host().to_owned(), body.to_owned())
}

fn signed(mut request: HttpRequest) -> HttpRequest {
    let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "ec2",
        time: SystemTime::now(),
    };
    sign(&mut request, &params).unwrap();
    request
}

fn fast_transport() -> HyperTransport {
    HyperTransport::with_timeouts(Duration::from_secs(1), Duration::from_millis(300))
}

async fn send_error(
    transport: &HyperTransport,
    request: &HttpRequest,
    timeout: Option<Duration>,
) -> TransportError {
    match transport.send(request, timeout).await {
        Ok(response) => panic!("a response: {response:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn sends_the_signed_request_as_it_is_and_reads_the_answer() {
    let (sender, received) = mpsc::channel();
    let host = serve_once(move |stream, request| {
        sender.send(request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-amzn-requestid: r1\r\n\r\nhello")
            .unwrap();
    });
    let request = signed(post("http", &host, "Action=DescribeRegions"));
    let response = HyperTransport::new().send(&request, None).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, b"hello");
    assert_eq!(response.header("x-amzn-requestid"), Some("r1"));

    let sent = received.recv().unwrap();
    let (head, body) = sent.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("POST / HTTP/1.1\r\n"), "{sent}");
    assert_eq!(header_values(head, "host"), [host.as_str()], "{sent}");
    assert_eq!(header_values(head, "content-length"), ["22"], "{sent}");
    assert_eq!(body, "Action=DescribeRegions");
    assert_eq!(
        header_values(head, "authorization"),
        [request.header("Authorization").unwrap()],
        "{sent}"
    );
    assert_eq!(header_values(head, "x-amz-security-token"), ["TOKEN"]);
    assert_eq!(
        header_values(head, "x-amz-date"),
        [request.header("X-Amz-Date").unwrap()]
    );
}

#[tokio::test]
async fn a_host_header_of_the_request_is_sent_in_place_of_its_host() {
    let (sender, received) = mpsc::channel();
    let host = serve_once(move |stream, request| {
        sender.send(request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
    });
    let mut request = post("http", &host, "Action=X");
    request.set_header("Host", "ec2.us-east-1.amazonaws.com".to_owned());
    HyperTransport::new().send(&request, None).await.unwrap();
    let sent = received.recv().unwrap();
    assert_eq!(
        header_values(&sent, "host"),
        ["ec2.us-east-1.amazonaws.com"],
        "{sent}"
    );
}

#[tokio::test]
async fn an_error_status_is_a_response() {
    let host = serve_once(|stream, _| {
        let body = "<Response><Errors><Error><Code>Unavailable</Code></Error></Errors></Response>";
        let response = format!(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
    });
    let response = HyperTransport::new()
        .send(&post("http", &host, "Action=X"), None)
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert!(String::from_utf8_lossy(&response.body).contains("Unavailable"));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_naming_the_url() {
    // Nobody listens: the port was free a moment ago.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let request = post("http", &format!("127.0.0.1:{port}"), "Action=X");
    let error = send_error(&HyperTransport::new(), &request, None).await;
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error}");
    assert_eq!(error.url(), format!("http://127.0.0.1:{port}/"));
    let text = error.to_string();
    assert!(
        text.starts_with(&format!("cannot connect to `http://127.0.0.1:{port}/`: ")),
        "{text}"
    );
    assert!(text.to_ascii_lowercase().contains("refused"), "{text}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_after_the_read_timeout() {
    let (hold, release) = mpsc::channel::<()>();
    let host = serve_once(move |_, _| {
        // Keep the connection open and silent until the test is done.
        let _ = release.recv_timeout(Duration::from_secs(10));
    });
    let started = Instant::now();
    let error = send_error(&fast_transport(), &post("http", &host, "Action=X"), None).await;
    drop(hold);
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        error.to_string().contains("nothing received for 300ms"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_that_stops_coming_times_out_after_the_read_timeout() {
    let (hold, release) = mpsc::channel::<()>();
    let host = serve_once(move |stream, _| {
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart of it")
            .unwrap();
        let _ = release.recv_timeout(Duration::from_secs(10));
    });
    let error = send_error(&fast_transport(), &post("http", &host, "Action=X"), None).await;
    drop(hold);
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
}

#[tokio::test]
async fn a_trickle_is_cut_off_by_the_exchange_timeout() {
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
        // A byte every 100 ms: always within the read timeout, never done
        // within the exchange's.
        for _ in 0..50 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    let started = Instant::now();
    // A read timeout the trickle never reaches, even on a busy machine.
    let transport = HyperTransport::with_timeouts(Duration::from_secs(1), Duration::from_secs(5));
    let error = send_error(
        &transport,
        &post("http", &host, "Action=X"),
        Some(Duration::from_millis(700)),
    )
    .await;
    assert_eq!(error.kind(), TransportErrorKind::Timeout, "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        error
            .to_string()
            .contains("no complete response within 700ms"),
        "{error}"
    );
}

#[tokio::test]
async fn a_connection_closed_or_garbled_is_an_io_error() {
    // Hangs up without answering.
    let host = serve_once(|stream, _| {
        let _ = stream.shutdown(Shutdown::Both);
    });
    let error = send_error(&fast_transport(), &post("http", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");

    // Hangs up half way through the body.
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        let _ = stream.shutdown(Shutdown::Both);
    });
    let error = send_error(&fast_transport(), &post("http", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");

    // Answers with something that is not HTTP.
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.0\r\n\r\n");
    });
    let error = send_error(&fast_transport(), &post("http", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
}

#[tokio::test]
async fn plain_text_where_tls_is_expected_is_a_tls_error() {
    // It answers the TLS hello with HTTP at once.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        thread::sleep(Duration::from_millis(500));
    });
    let error = send_error(&fast_transport(), &post("https", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Tls, "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("TLS failed with `https://{host}/`")),
        "{error}"
    );
}

#[tokio::test]
async fn a_host_that_does_not_resolve_is_a_dns_error() {
    // `.invalid` never resolves (RFC 6761).
    let request = post("http", "no-such-host.invalid", "Action=X");
    let error = send_error(&HyperTransport::new(), &request, None).await;
    assert_eq!(error.kind(), TransportErrorKind::Dns, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("cannot resolve the host of `http://no-such-host.invalid/`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error() {
    let limited = HyperTransport::new().with_max_response_body(1024);

    // Said up front: nothing is read.
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n");
        let _ = stream.write_all(&[b'x'; 4096]);
    });
    let error = send_error(&limited, &post("http", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error.to_string().contains("larger than 1024 bytes"),
        "{error}"
    );

    // Found while reading: chunks with no length said.
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for _ in 0..8 {
            let _ = stream.write_all(b"200\r\n");
            let _ = stream.write_all(&[b'x'; 0x200]);
            let _ = stream.write_all(b"\r\n");
        }
        let _ = stream.write_all(b"0\r\n\r\n");
    });
    let error = send_error(&limited, &post("http", &host, "Action=X"), None).await;
    assert_eq!(error.kind(), TransportErrorKind::Io, "{error}");
    assert!(
        error.to_string().contains("larger than 1024 bytes"),
        "{error}"
    );

    // At the limit: read.
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n");
        let _ = stream.write_all(&[b'x'; 1024]);
    });
    let response = limited
        .send(&post("http", &host, "Action=X"), None)
        .await
        .unwrap();
    assert_eq!(response.body.len(), 1024);
}

/// Two requests, and the connections they came on.
fn serve_two_requests() -> (String, mpsc::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let (sender, connections) = mpsc::channel();
    thread::spawn(move || {
        let mut served = 0;
        let mut connection = 0;
        while served < 2 {
            let (mut stream, _) = listener.accept().unwrap();
            connection += 1;
            while served < 2 {
                let request = read_request(&mut stream);
                if request.is_empty() {
                    break;
                }
                // Told before answering, so the test sees it once answered.
                sender.send(connection).unwrap();
                served += 1;
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        }
    });
    (host, connections)
}

#[tokio::test]
async fn a_connection_is_reused_and_closed_once_idle_for_the_read_timeout() {
    let transport = HyperTransport::with_timeouts(Duration::from_secs(1), Duration::from_secs(1));

    let (host, connections) = serve_two_requests();
    let request = post("http", &host, "Action=X");
    transport.send(&request, None).await.unwrap();
    transport.send(&request, None).await.unwrap();
    assert_eq!(connections.try_iter().collect::<Vec<_>>(), [1, 1]);

    let (host, connections) = serve_two_requests();
    let request = post("http", &host, "Action=X");
    transport.send(&request, None).await.unwrap();
    TokioSleep.sleep(Duration::from_secs(2)).await;
    transport.send(&request, None).await.unwrap();
    assert_eq!(connections.try_iter().collect::<Vec<_>>(), [1, 2]);
}

/// Sends one request, sleeps, then ends with the response's status.
#[derive(Debug)]
struct SendThenSleep {
    request: Option<HttpRequest>,
    status: Option<u16>,
}

impl Flow for SendThenSleep {
    type Output = Result<u16, TransportError>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match event {
            Event::Start => match self.request.take() {
                Some(request) => Step::Send {
                    request,
                    timeout: Some(Duration::from_secs(5)),
                },
                None => Step::Done(Ok(0)),
            },
            Event::Response(Ok(HttpResponse { status, .. })) => {
                self.status = Some(status);
                Step::Sleep(Duration::from_millis(20))
            }
            Event::Response(Err(error)) => Step::Done(Err(error)),
            Event::Slept | Event::Credentials(_) => Step::Done(Ok(self.status.unwrap_or(0))),
        }
    }
}

#[tokio::test]
async fn a_flow_runs_through_it() {
    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\n\r\n");
    });
    let flow = SendThenSleep {
        request: Some(post("http", &host, "Action=X")),
        status: None,
    };
    let started = Instant::now();
    let status = run_async(flow, &HyperTransport::new(), &TokioSleep).await;
    assert_eq!(status.unwrap(), 204);
    assert!(started.elapsed() >= Duration::from_millis(20));
}

/// Made outside a runtime (a client is often made in `main` before one
/// starts), used inside one.
#[test]
fn it_is_made_anywhere_and_its_debug_shows_the_settings() {
    let transport = HyperTransport::with_timeouts(Duration::from_secs(2), Duration::from_secs(9));
    assert_eq!(
        format!("{transport:?}"),
        "HyperTransport { connect_timeout: 2s, read_timeout: 9s, max_response_body: 268435456, .. }"
    );
    assert_eq!(format!("{TokioSleep:?}"), "TokioSleep");

    let host = serve_once(|stream, _| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let response = runtime
        .block_on(transport.send(&post("http", &host, "Action=X"), None))
        .unwrap();
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn errors_show_no_secrets() {
    // A failed signed request: its error names the URL, not the request.
    let request = signed(post("http", "no-such-host.invalid", "Action=X"));
    let error = send_error(&HyperTransport::new(), &request, None).await;
    let shown = format!("{error:?} {error}");
    assert!(
        !shown.contains("SECRET") && !shown.contains("TOKEN"),
        "{shown}"
    );
    assert!(!shown.contains("Signature="), "{shown}");
}
