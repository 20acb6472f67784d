//! Waiters over the made-up `Echo` operation, on a fake clock that the
//! waits move: acceptors in order, each state, the delays, the time limit,
//! blocking and async.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use runtime::client::Client;
use runtime::config::TimeSource;
use runtime::transport::{AsyncSleep, BoxFuture, Sleep};
use runtime::waiter::{Answer, WaitError, Waiter, WaiterState, wait, wait_async};
use support::{EchoInput, Recorder, block_on, config, echo, error_body};

/// Waits until the echo says `ready`; `broken` and `gone` end it, the
/// first failing and the second (an error) succeeding; `NotYet` errors
/// retry.
struct EchoReady;

impl Waiter for EchoReady {
    type Input = EchoInput;
    const NAME: &'static str = "EchoReady";
    const MIN_DELAY: Duration = Duration::from_secs(2);
    const MAX_DELAY: Duration = Duration::from_secs(10);
    const ACCEPTORS: &'static [WaiterState] = &[
        WaiterState::Success,
        WaiterState::Failure,
        WaiterState::Retry,
        WaiterState::Success,
    ];

    fn matching(_: &EchoInput, answer: &Answer<EchoInput>) -> Option<usize> {
        match answer {
            Ok(output) if output.body == "ready" => Some(0),
            Ok(output) if output.body == "broken" => Some(1),
            Ok(_) => None,
            Err(error) if error.code() == Some("NotYet") => Some(2),
            Err(error) if error.code() == Some("Gone") => Some(3),
            Err(_) => None,
        }
    }
}

/// A clock that only the waits move, keeping each wait.
#[derive(Clone, Debug)]
struct FakeClock {
    now: Arc<Mutex<SystemTime>>,
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl FakeClock {
    fn new() -> Self {
        FakeClock {
            now: Arc::new(Mutex::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000))),
            waits: Arc::default(),
        }
    }

    fn waits(&self) -> Vec<u64> {
        self.waits
            .lock()
            .unwrap()
            .iter()
            .map(Duration::as_secs)
            .collect()
    }
}

impl TimeSource for FakeClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap()
    }
}

impl Sleep for FakeClock {
    fn sleep(&self, duration: Duration) {
        *self.now.lock().unwrap() += duration;
        self.waits.lock().unwrap().push(duration);
    }
}

impl AsyncSleep for FakeClock {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Sleep::sleep(self, duration);
        Box::pin(async {})
    }
}

fn client(transport: &Recorder, clock: &FakeClock, jitter: fn() -> f64) -> Client {
    let config = config(transport.clone())
        .async_transport(transport.clone())
        .time_source(clock.clone())
        .sleep(clock.clone())
        .async_sleep(clock.clone())
        .retry_jitter(jitter)
        // The waiter's attempts are what is tested, not the client's retries.
        .max_attempts(1)
        .build();
    Client::for_service(&support::SERVICE, config)
}

fn wait_for(
    transport: &Recorder,
    clock: &FakeClock,
    max_wait: u64,
) -> runtime::waiter::WaitResult<EchoInput> {
    wait::<EchoReady>(
        Some(client(transport, clock, || 0.5)),
        Ok(echo("x")),
        Duration::from_secs(max_wait),
    )
}

#[test]
fn it_retries_until_the_success_acceptor_matches() {
    let transport = Recorder::default()
        .then(200, "starting")
        .then(400, &error_body("NotYet"))
        .then(200, "starting")
        .then(200, "ready");
    let clock = FakeClock::new();
    let waited = wait_for(&transport, &clock, 300).unwrap();
    assert_eq!(waited.last.unwrap().body, "ready");
    assert_eq!(waited.attempts, 4);
    // Halfway between 2 s and 2, 4, 8 s (jitter 0.5).
    assert_eq!(clock.waits(), [2, 3, 5]);
    assert_eq!(waited.elapsed, Duration::from_secs(10));
    assert_eq!(transport.sent().len(), 4);
}

#[test]
fn a_failure_acceptor_ends_the_waiting_with_its_index() {
    let transport = Recorder::default()
        .then(200, "starting")
        .then(200, "broken");
    let clock = FakeClock::new();
    let error = wait_for(&transport, &clock, 300).unwrap_err();
    assert!(
        matches!(&error, WaitError::Failed { acceptor: 1, last, attempts: 2, .. } if last.as_ref().as_ref().is_ok_and(|output| output.body == "broken")),
        "{error:?}"
    );
    assert!(error.to_string().contains("acceptor 1"), "{error}");
}

#[test]
fn an_error_can_be_the_success_state() {
    let transport = Recorder::default().then(400, &error_body("Gone"));
    let waited = wait_for(&transport, &FakeClock::new(), 300).unwrap();
    assert_eq!(waited.last.unwrap_err().code(), Some("Gone"));
    assert_eq!(waited.attempts, 1);
}

#[test]
fn an_error_no_acceptor_expects_ends_the_waiting() {
    let transport = Recorder::default()
        .then(200, "starting")
        .then(400, &error_body("AccessDenied"));
    let error = wait_for(&transport, &FakeClock::new(), 300).unwrap_err();
    match &error {
        WaitError::Unexpected {
            error, attempts, ..
        } => {
            assert_eq!(error.code(), Some("AccessDenied"));
            assert_eq!(*attempts, 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_time_limit_ends_the_waiting_without_sleeping_past_it() {
    let transport = Recorder::answering(200, "starting");
    let clock = FakeClock::new();
    let error = wait_for(&transport, &clock, 20).unwrap_err();
    let WaitError::TimedOut {
        last,
        attempts,
        elapsed,
    } = &error
    else {
        panic!("{error:?}");
    };
    let last = last.as_deref().expect("the last answer");
    assert_eq!(last.as_ref().unwrap().body, "starting");
    // 2, 3, 5, 6 s, then 2 of the 6 s wanted, leaving the shortest delay's
    // 2 s: too little for a delay and an attempt, so it ends at 18 s.
    assert_eq!(clock.waits(), [2, 3, 5, 6, 2]);
    assert_eq!(*attempts, 6);
    assert!(*elapsed <= Duration::from_secs(20), "{elapsed:?}");
    assert!(error.to_string().contains("was not reached"), "{error}");
}

#[test]
fn a_waiter_with_no_client_says_so_without_calling() {
    let error = wait::<EchoReady>(None, Ok(echo("x")), Duration::from_secs(60)).unwrap_err();
    assert!(
        matches!(&error, WaitError::Unexpected { attempts: 0, .. }),
        "{error:?}"
    );
}

#[test]
fn async_waiting_takes_the_same_steps() {
    let transport = Recorder::default()
        .then(200, "starting")
        .then(400, &error_body("NotYet"))
        .then(200, "ready");
    let clock = FakeClock::new();
    let waited = block_on(wait_async::<EchoReady>(
        Some(client(&transport, &clock, || 0.0)),
        Ok(echo("x")),
        Duration::from_secs(300),
    ))
    .unwrap();
    assert_eq!(waited.attempts, 3);
    assert_eq!(clock.waits(), [2, 2]);
}
