//! The default blocking transport, against real sockets on loopback: small
//! servers that answer, or misbehave, on purpose.
#![cfg(feature = "ureq")]

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use runtime::client::{CallErrorKind, Client};
use runtime::config::Config;
use runtime::credentials::Credentials;
use runtime::error::ErrorMetadata;
use runtime::transport::TransportErrorKind;
use support::{SERVICE, echo, serve_once};

fn loopback_client(url: &str) -> Client {
    // Each server below answers one connection: one attempt only.
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .max_attempts(1)
        .build();
    Client::for_service(&SERVICE, config)
}

#[test]
fn the_default_transport_sends_the_signed_request_and_reads_the_answer() {
    let (sender, received) = std::sync::mpsc::channel();
    let host = serve_once(move |stream, request| {
        sender.send(request).unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-amzn-requestid: r1\r\n\r\nhello")
            .unwrap();
    });
    let url = format!("http://{host}");
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

#[test]
fn an_error_status_is_a_response_not_a_transport_error() {
    let host = serve_once(|stream, _| {
        let body = "<Response><Errors><Error><Code>Unavailable</Code></Error></Errors></Response>";
        let response = format!(
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
    });
    let url = format!("http://{host}");
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    assert_eq!(error.code(), Some("Unavailable"));
    assert_eq!(error.metadata().map(ErrorMetadata::status), Some(503));
}

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
    let Some(transport) = error.transport_error() else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Connect, "{error}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("Echo failed: cannot connect to `{url}/`")),
        "{error}"
    );

    // A server that hangs up without answering.
    let host = serve_once(|stream, _| {
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let url = format!("http://{host}");
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    let Some(transport) = error.transport_error() else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Io, "{error}");

    // A server that answers with something that is not HTTP.
    let host = serve_once(|stream, _| {
        stream.write_all(b"SSH-2.0-OpenSSH_9.0\r\n\r\n").unwrap();
    });
    let url = format!("http://{host}");
    let error = loopback_client(&url).send(echo("y")).unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Transport(_)),
        "{error:?}"
    );
}

#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    let (hold, release) = std::sync::mpsc::channel::<()>();
    let host = serve_once(move |_stream, _| {
        // Keep the connection open and silent until the test is done.
        let _ = release.recv_timeout(Duration::from_secs(10));
    });
    let url = format!("http://{host}");
    let transport = runtime::transport::UreqTransport::with_timeouts(
        Duration::from_secs(1),
        Duration::from_millis(300),
    );
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .transport(transport)
        .max_attempts(1)
        .build();
    let error = Client::for_service(&SERVICE, config)
        .send(echo("y"))
        .unwrap_err();
    drop(hold);
    let Some(transport) = error.transport_error() else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Timeout, "{error}");
}

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
    let Some(transport) = error.transport_error() else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Tls, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("Echo failed: TLS failed with `https://127.0.0.1:"),
        "{error}"
    );

    // `.invalid` never resolves (RFC 6761).
    let error = loopback_client("http://no-such-host.invalid")
        .send(echo("y"))
        .unwrap_err();
    let Some(transport) = error.transport_error() else {
        panic!("{error:?}");
    };
    assert_eq!(transport.kind(), TransportErrorKind::Dns, "{error}");
    assert!(
        error
            .to_string()
            .starts_with("Echo failed: cannot resolve the host of `http://no-such-host.invalid/`"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------
// A real server that fails once
// ---------------------------------------------------------------------------

#[test]
fn a_server_answering_503_then_200_is_retried_over_real_connections() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for answer in [
            "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nagain",
        ] {
            let (mut stream, _) = listener.accept().unwrap();
            let mut buffer = [0_u8; 4096];
            let _ = stream.read(&mut buffer);
            stream.write_all(answer.as_bytes()).unwrap();
        }
    });
    let client = Client::for_service(
        &SERVICE,
        runtime::config::Config::builder()
            .region("us-east-1")
            .endpoint_url(&url)
            .credentials(runtime::credentials::Credentials::new(
                "AKID", "SECRET", None,
            ))
            .retry_jitter(|| 0.0)
            .build(),
    );
    assert_eq!(client.send(echo("x")).unwrap().body, "again");
}

#[test]
fn a_server_that_answers_too_slowly_runs_out_the_attempts_time() {
    // Each byte comes quickly enough for the read timeout, the whole answer
    // too slowly for the attempt's limit.
    let host = serve_once(|stream, _| {
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
        let _ = stream.write_all(head);
        for _ in 0..100 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let url = format!("http://{host}");
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(&url)
        .credentials(Credentials::new("AKID", "SECRET", None))
        .max_attempts(1)
        .attempt_timeout(Some(Duration::from_millis(400)))
        .build();
    let started = std::time::Instant::now();
    let error = Client::for_service(&SERVICE, config)
        .send(echo("y"))
        .unwrap_err();
    let transport = error.transport_error().expect("a transport error");
    assert_eq!(transport.kind(), TransportErrorKind::Timeout, "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
