//! Exchanges written once, run blocking or async.
//!
//! A [`Flow`] is a sans-IO state machine: it says what it needs next (send
//! this request, sleep this long, give me credentials) and is resumed with
//! what happened. Calls with their retries, and credential sources that talk
//! to a service (IMDS, STS, ...), are flows; [`run_blocking`] and
//! [`run_async`] are the two thin loops that drive them, one with a
//! [`Transport`], the other with an [`AsyncTransport`] and an
//! [`AsyncSleep`].

use std::time::Duration;

use super::credentials::{Credentials, CredentialsError, ProvideCredentials};
use super::http::{HttpRequest, HttpResponse};
use super::transport::{AsyncSleep, AsyncTransport, Sleep, Transport, TransportError};

/// What a flow needs next, or its result.
#[derive(Debug)]
pub enum Step<T> {
    /// Send this request, giving up after `timeout`; resume with
    /// [`Event::Response`].
    Send {
        request: HttpRequest,
        timeout: Option<Duration>,
    },
    /// Wait this long; resume with [`Event::Slept`].
    Sleep(Duration),
    /// Get credentials from the flow's provider; resume with
    /// [`Event::Credentials`].
    Credentials,
    Done(T),
}

/// What happened since the last step.
#[derive(Debug)]
pub enum Event {
    /// The flow starts.
    Start,
    Response(Result<HttpResponse, TransportError>),
    Slept,
    Credentials(Result<Credentials, CredentialsError>),
}

/// A sans-IO exchange.
pub trait Flow {
    type Output;

    /// The next step, given what happened since the last one.
    fn resume(&mut self, event: Event) -> Step<Self::Output>;

    /// Where [`Step::Credentials`] gets them; flows that never ask keep the
    /// default.
    fn credentials(&self) -> Option<&dyn ProvideCredentials> {
        None
    }
}

/// Runs `flow` to its end, blocking the thread on each send and sleep.
pub fn run_blocking<F: Flow>(
    mut flow: F,
    transport: &dyn Transport,
    sleep: &dyn Sleep,
) -> F::Output {
    let mut event = Event::Start;
    loop {
        event = match flow.resume(event) {
            Step::Send { request, timeout } => Event::Response(transport.send(&request, timeout)),
            Step::Sleep(duration) => {
                sleep.sleep(duration);
                Event::Slept
            }
            Step::Credentials => Event::Credentials(match flow.credentials() {
                Some(provider) => provider.provide_credentials(),
                None => Err(no_provider()),
            }),
            Step::Done(output) => return output,
        };
    }
}

/// Runs `flow` to its end on an async runtime: sends through `transport`,
/// waits with `sleep`.
pub async fn run_async<F: Flow>(
    mut flow: F,
    transport: &dyn AsyncTransport,
    sleep: &dyn AsyncSleep,
) -> F::Output {
    let mut event = Event::Start;
    loop {
        event = match flow.resume(event) {
            Step::Send { request, timeout } => {
                Event::Response(transport.send(&request, timeout).await)
            }
            Step::Sleep(duration) => {
                sleep.sleep(duration).await;
                Event::Slept
            }
            Step::Credentials => Event::Credentials(match flow.credentials() {
                Some(provider) => provider.provide_credentials_async().await,
                None => Err(no_provider()),
            }),
            Step::Done(output) => return output,
        };
    }
}

fn no_provider() -> CredentialsError {
    CredentialsError::new(
        super::credentials::CredentialsErrorKind::NotFound,
        "no credentials",
        "no credentials provider is configured",
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::super::http::Endpoint;
    use super::super::transport::ThreadSleep;
    use super::*;

    /// Sends one request, sleeps once, asks for credentials, then ends
    /// with the response's status and the access key id.
    #[derive(Debug, Default)]
    struct Script {
        status: Option<u16>,
    }

    impl Flow for Script {
        type Output = (u16, String);

        fn resume(&mut self, event: Event) -> Step<Self::Output> {
            match event {
                Event::Start => {
                    let endpoint = Endpoint::parse("http://example.com").unwrap();
                    Step::Send {
                        request: HttpRequest::form_post(
                            &endpoint,
                            "example.com".to_owned(),
                            String::new(),
                        ),
                        timeout: Some(Duration::from_secs(1)),
                    }
                }
                Event::Response(response) => {
                    self.status = Some(response.map(|response| response.status).unwrap_or(0));
                    Step::Sleep(Duration::from_millis(1))
                }
                Event::Slept => Step::Credentials,
                Event::Credentials(credentials) => Step::Done((
                    self.status.unwrap_or_default(),
                    credentials
                        .map(|c| c.access_key_id().to_owned())
                        .unwrap_or_default(),
                )),
            }
        }

        fn credentials(&self) -> Option<&dyn ProvideCredentials> {
            static KEYS: std::sync::OnceLock<Credentials> = std::sync::OnceLock::new();
            Some(KEYS.get_or_init(|| Credentials::new("AKID", "SECRET", None)))
        }
    }

    #[derive(Debug, Default)]
    struct Answering {
        timeouts: Mutex<Vec<Option<Duration>>>,
    }

    impl Transport for Answering {
        fn send(
            &self,
            _: &HttpRequest,
            timeout: Option<Duration>,
        ) -> Result<HttpResponse, TransportError> {
            self.timeouts.lock().unwrap().push(timeout);
            Ok(HttpResponse {
                status: 204,
                ..HttpResponse::default()
            })
        }
    }

    #[test]
    fn the_blocking_loop_does_what_the_flow_asks() {
        let transport = Answering::default();
        assert_eq!(
            run_blocking(Script::default(), &transport, &ThreadSleep),
            (204, "AKID".to_owned())
        );
        assert_eq!(
            *transport.timeouts.lock().unwrap(),
            [Some(Duration::from_secs(1))]
        );
    }
}
