//! What a call does across attempts: which failures are tried again and how
//! often, the quota they share, re-signing, the headers every attempt
//! carries, time limits, interceptors, and the same call made async. The
//! transport answers from a script (`loopback.rs` has a real server that
//! fails once and then answers).
#![cfg(feature = "client")]

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::client::{CallErrorKind, Client};
use runtime::config::TimeSource;
use runtime::http::{HttpRequest, HttpResponse};
use runtime::interceptor::{CallContext, Interceptor};
use runtime::retry::{RetryMode, RetryQuota};
use runtime::transport::{TransportError, TransportErrorKind};
use support::{
    EchoInput, NoSleep, Recorder, SERVICE, block_on, config, echo, error_body, response,
};

fn client_with(builder: runtime::config::ConfigBuilder) -> Client {
    Client::for_service(&SERVICE, builder.build())
}

fn attempt_headers(transport: &Recorder) -> Vec<String> {
    transport
        .sent()
        .iter()
        .map(|request| {
            request
                .header("amz-sdk-request")
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

#[test]
fn a_transient_failure_is_retried_and_each_attempt_says_which_it_is() {
    let transport = Recorder::default()
        .then(503, &error_body("Unavailable"))
        .then(200, "ok");
    let client = client_with(config(transport.clone()));
    let output = client.send(echo("x")).unwrap();
    assert_eq!(output.body, "ok");
    assert_eq!(
        attempt_headers(&transport),
        ["attempt=1; max=3", "attempt=2; max=3"]
    );
    let sent = transport.sent();
    let ids: Vec<_> = sent
        .iter()
        .map(|r| r.header("amz-sdk-invocation-id").unwrap().to_owned())
        .collect();
    assert_eq!(ids[0], ids[1], "one invocation id for the whole call");
    assert_eq!(ids[0].len(), 36);
    let agent = sent[0].header("User-Agent").unwrap();
    assert!(
        agent.starts_with("runtime/") && agent.contains("lang/rust"),
        "{agent}"
    );
    assert_eq!(sent[0].header("x-amz-user-agent"), Some(agent));
    // The retry's cost came back with the success.
    assert_eq!(client.retry_quota(), RetryQuota::CAPACITY);
}

/// A clock that moves a second forward each time it is read.
#[derive(Debug, Default)]
struct Ticking(AtomicU64);

impl TimeSource for Ticking {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160 + self.0.fetch_add(1, Ordering::SeqCst))
    }
}

#[test]
fn every_attempt_is_signed_again() {
    let transport = Recorder::default().then(500, "").then(200, "");
    client_with(config(transport.clone()).time_source(Ticking::default()))
        .send(echo("x"))
        .unwrap();
    let sent = transport.sent();
    assert_ne!(sent[0].header("X-Amz-Date"), sent[1].header("X-Amz-Date"));
    assert_ne!(
        sent[0].header("Authorization"),
        sent[1].header("Authorization")
    );
    assert_eq!(
        sent[1]
            .headers
            .iter()
            .filter(|(name, _)| name == "Authorization")
            .count(),
        1
    );
}

#[test]
fn which_failures_are_retried() {
    let cases = [
        (400, "RequestLimitExceeded", 3),
        (400, "Throttling", 3),
        (503, "SlowDown", 3),
        (400, "RequestTimeout", 3),
        (500, "InternalError", 3),
        (400, "InvalidParameterValue", 1),
        (412, "DryRunOperation", 1),
        (403, "AuthFailure", 1),
        (501, "NotImplemented", 1),
    ];
    for (status, code, attempts) in cases {
        let transport = Recorder::answering(status, &error_body(code));
        let error = client_with(config(transport.clone()))
            .send(echo("x"))
            .unwrap_err();
        assert_eq!(error.attempts(), attempts, "{code}");
        assert_eq!(transport.sent().len(), attempts as usize, "{code}");
        assert_eq!(error.code(), Some(code));
    }
}

#[test]
fn the_last_error_says_how_many_attempts_were_made() {
    let transport = Recorder::answering(503, &error_body("Unavailable"));
    let error = client_with(config(transport)).send(echo("x")).unwrap_err();
    assert_eq!(error.attempts(), 3);
    assert_eq!(
        error.to_string(),
        "Echo failed: Unavailable: m (HTTP 503, request id r) (after 3 attempts)"
    );
    let transport = Recorder::answering(400, &error_body("InvalidParameterValue"));
    let error = client_with(config(transport)).send(echo("x")).unwrap_err();
    assert!(!error.to_string().contains("attempts"), "{error}");
}

#[test]
fn max_attempts_and_disabled_retries_are_honoured() {
    let transport = Recorder::answering(503, "");
    let error = client_with(config(transport.clone()).max_attempts(5))
        .send(echo("x"))
        .unwrap_err();
    assert_eq!(error.attempts(), 5);
    let transport = Recorder::answering(503, "");
    let error = client_with(config(transport.clone()).max_attempts(1))
        .send(echo("x"))
        .unwrap_err();
    assert_eq!((error.attempts(), transport.sent().len()), (1, 1));
}

#[test]
fn connection_failures_are_retried_at_a_higher_cost() {
    let refused = TransportError::new(TransportErrorKind::Connect, "http://x/", "refused");
    let transport = Recorder::default().then_fail(refused).then(200, "ok");
    let client = client_with(config(transport.clone()));
    assert_eq!(client.send(echo("x")).unwrap().body, "ok");
    assert_eq!(transport.sent().len(), 2);

    // Without a success to give the cost back, the quota shows it.
    let refused = TransportError::new(TransportErrorKind::Connect, "http://x/", "refused");
    let transport = Recorder::default().then_fail(refused);
    let client = client_with(config(transport));
    let error = client.send(echo("x")).unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Transport(_)),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 3);
    assert_eq!(
        client.retry_quota(),
        RetryQuota::CAPACITY - 2 * RetryQuota::TRANSPORT_RETRY_COST
    );
    // A TLS failure is not retried.
    let tls = TransportError::new(TransportErrorKind::Tls, "https://x/", "bad certificate");
    let transport = Recorder::default().then_fail(tls);
    assert_eq!(
        client_with(config(transport))
            .send(echo("x"))
            .unwrap_err()
            .attempts(),
        1
    );
}

#[test]
fn the_quota_is_shared_by_the_clients_calls_and_runs_out() {
    let transport = Recorder::answering(503, "");
    let client = client_with(config(transport.clone()).max_attempts(3));
    // Each call makes 2 retries at 5 tokens: 50 calls empty the quota.
    for _ in 0..50 {
        client.send(echo("x")).unwrap_err();
    }
    assert_eq!(client.retry_quota(), 0);
    let before = transport.sent().len();
    let error = client.send(echo("x")).unwrap_err();
    assert_eq!(error.attempts(), 1, "no tokens, no retry");
    assert_eq!(transport.sent().len(), before + 1);
    // A clone shares the quota.
    assert_eq!(client.clone().retry_quota(), 0);
}

#[test]
fn the_servers_retry_after_is_waited_for() {
    let mut throttled = response(400, &error_body("Throttling"));
    throttled
        .headers
        .push(("x-amz-retry-after".to_owned(), "150".to_owned()));
    let transport = Recorder::default().then_response(throttled).then(200, "");
    let started = std::time::Instant::now();
    client_with(config(transport)).send(echo("x")).unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_backoff_is_jittered_exponential() {
    // With a jitter of 1 the waits are the ceilings: 1 s then 2 s, shrunk
    // here to 10 ms and 20 ms by a fraction of 0.01.
    let transport = Recorder::answering(503, "");
    let started = std::time::Instant::now();
    let error = client_with(config(transport).retry_jitter(|| 0.01))
        .send(echo("x"))
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.attempts(), 3);
    assert!(elapsed >= Duration::from_millis(30), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

#[test]
fn time_limits_bound_each_attempt_and_the_whole_call() {
    let transport = Recorder::answering(200, "");
    client_with(config(transport.clone()).attempt_timeout(Some(Duration::from_secs(7))))
        .send(echo("x"))
        .unwrap();
    assert_eq!(transport.timeouts(), [Some(Duration::from_secs(7))]);

    // The call's limit caps each attempt's, and no retry waits past it.
    let transport = Recorder::answering(503, "");
    let error = client_with(
        config(transport.clone())
            .retry_jitter(|| 0.5)
            .operation_timeout(Some(Duration::from_millis(300))),
    )
    .send(echo("x"))
    .unwrap_err();
    assert_eq!(
        error.attempts(),
        1,
        "a 500 ms backoff does not fit in 300 ms"
    );
    let limit = transport.timeouts()[0].unwrap();
    assert!(limit <= Duration::from_millis(300), "{limit:?}");
}

/// Notes what it sees, and marks requests.
#[derive(Debug, Default)]
struct Notes {
    name: &'static str,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Notes {
    fn note(&self, what: String) {
        self.seen
            .lock()
            .unwrap()
            .push(format!("{}: {what}", self.name));
    }
}

impl Interceptor for Notes {
    fn read_before_execution(&self, context: &CallContext<'_>) {
        let input = context.input::<EchoInput>().map(|input| input.name.clone());
        self.note(format!("{} input {input:?}", context.operation()));
    }

    fn modify_before_signing(&self, context: &CallContext<'_>, request: &mut HttpRequest) {
        self.note(format!("before signing attempt {}", context.attempt()));
        request.set_header(&format!("x-signed-{}", self.name), "1".to_owned());
    }

    fn modify_before_transmit(&self, _context: &CallContext<'_>, request: &mut HttpRequest) {
        self.note("before transmit".to_owned());
        request.set_header(&format!("x-unsigned-{}", self.name), "1".to_owned());
    }

    fn read_after_transmit(&self, _context: &CallContext<'_>, response: &HttpResponse) {
        self.note(format!("response {}", response.status));
    }

    fn read_on_error(&self, context: &CallContext<'_>, error: &(dyn std::error::Error + 'static)) {
        self.note(format!(
            "error after attempt {}: {error}",
            context.attempt()
        ));
    }
}

#[test]
fn interceptors_run_at_their_points_in_order() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let transport = Recorder::default()
        .then(503, "")
        .then(400, &error_body("Invalid"));
    let error = client_with(
        config(transport.clone())
            .interceptor(Notes {
                name: "a",
                seen: seen.clone(),
            })
            .interceptor(Notes {
                name: "b",
                seen: seen.clone(),
            }),
    )
    .send(echo("x"))
    .unwrap_err();
    assert_eq!(error.attempts(), 2);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "a: Echo input Some(\"x\")",
            "b: Echo input Some(\"x\")",
            "a: before signing attempt 1",
            "b: before signing attempt 1",
            "a: before transmit",
            "b: before transmit",
            "a: response 503",
            "b: response 503",
            "a: before signing attempt 2",
            "b: before signing attempt 2",
            "a: before transmit",
            "b: before transmit",
            "a: response 400",
            "b: response 400",
            "a: error after attempt 2: Echo failed: Invalid: m (HTTP 400, request id r) (after 2 attempts)",
            "b: error after attempt 2: Echo failed: Invalid: m (HTTP 400, request id r) (after 2 attempts)",
        ]
    );
    // A header added before signing is signed; one added after is not.
    let request = &transport.sent()[1];
    let authorization = request.header("Authorization").unwrap();
    assert!(
        authorization.contains("x-signed-a;x-signed-b"),
        "{authorization}"
    );
    assert!(!authorization.contains("x-unsigned"), "{authorization}");
    assert_eq!(request.header("x-unsigned-b"), Some("1"));
}

#[test]
fn adaptive_mode_slows_down_after_throttling() {
    let transport = Recorder::answering(400, &error_body("Throttling"));
    let client = client_with(
        config(transport.clone())
            .retry_mode(RetryMode::Adaptive)
            .max_attempts(2),
    );
    assert_eq!(client.config().retry_mode().value, RetryMode::Adaptive);
    let started = std::time::Instant::now();
    let error = client.send(echo("x")).unwrap_err();
    assert_eq!(error.attempts(), 2);
    // Once throttled, the limiter makes the retry wait for a token (the
    // backoff here is zero), at its floor rate of half a token a second.
    assert!(
        started.elapsed() > Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// Async
// ---------------------------------------------------------------------------

#[test]
fn an_async_call_takes_the_same_steps() {
    let transport = Recorder::default().then(503, "").then(200, "async ok");
    let slept = Arc::new(Mutex::new(Vec::new()));
    let client = client_with(
        config(Recorder::default())
            .retry_jitter(|| 0.5)
            .async_transport(transport.clone())
            .async_sleep(NoSleep(slept.clone())),
    );
    let output = block_on(client.send_async(echo("a"))).unwrap();
    assert_eq!(output.body, "async ok");
    assert_eq!(
        attempt_headers(&transport),
        ["attempt=1; max=3", "attempt=2; max=3"]
    );
    assert_eq!(*slept.lock().unwrap(), [Duration::from_millis(500)]);
}

#[test]
fn an_async_call_without_an_async_transport_says_so() {
    let client = client_with(config(Recorder::default()));
    if client.config().async_transport().is_none() && !cfg!(feature = "hyper") {
        let error = block_on(client.send_async(echo("a"))).unwrap_err();
        assert!(error.to_string().contains("no async transport"), "{error}");
    }
}
