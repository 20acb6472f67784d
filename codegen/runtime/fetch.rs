//! What the credential sources that talk to a service share: the transports
//! and settings they are given ([`ProviderContext`]), running their flows
//! blocking or async ([`Transports`]), and how often a request is tried
//! ([`RetryPolicy`], [`Attempts`]).
//!
//! The sources themselves (`imds`, `container_credentials`, `sts`, `sso`)
//! are sans-IO [`Flow`]s; only [`Transports`] runs them.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::config::{SystemClock, TimeSource};
use super::credentials::{CredentialsError, CredentialsErrorKind};
use super::env::Environment;
use super::flow::{Flow, run_async, run_blocking};
use super::http::{HttpRequest, HttpResponse, Scheme};
use super::transport::{
    AsyncSleep, AsyncTransport, BoxFuture, Sleep, ThreadSleep, Transport, TransportError,
};

/// The transports a credential source may send through: a blocking one for
/// `provide_credentials`, an async one (with its sleep) for
/// `provide_credentials_async`. A source asked in a mode it has no transport
/// for fails, saying so.
#[derive(Clone, Default)]
pub struct Transports {
    blocking: Option<Arc<dyn Transport>>,
    /// The blocking waits between retries; [`ThreadSleep`] unless set.
    sleep: Option<Arc<dyn Sleep>>,
    asynchronous: Option<(Arc<dyn AsyncTransport>, Arc<dyn AsyncSleep>)>,
}

impl Transports {
    /// No transport at all: every source that needs the network fails.
    pub fn none() -> Self {
        Transports::default()
    }

    /// Sends blocking requests through `transport`.
    pub fn with_blocking(mut self, transport: Arc<dyn Transport>) -> Self {
        self.blocking = Some(transport);
        self
    }

    /// Waits with `sleep` between blocking retries.
    pub fn with_sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = Some(sleep);
        self
    }

    /// Sends async requests through `transport`, waiting with `sleep`.
    pub fn with_async(
        mut self,
        transport: Arc<dyn AsyncTransport>,
        sleep: Arc<dyn AsyncSleep>,
    ) -> Self {
        self.asynchronous = Some((transport, sleep));
        self
    }

    /// Whether blocking calls can be sent.
    pub fn has_blocking(&self) -> bool {
        self.blocking.is_some()
    }

    /// Whether async calls can be sent.
    pub fn has_async(&self) -> bool {
        self.asynchronous.is_some()
    }

    /// Runs `flow` with the blocking transport; without one, fails as
    /// `source` with `missing` as the kind. A flow that could not be made
    /// is its own error, whatever the transports.
    pub fn run<F, T>(
        &self,
        source: &str,
        missing: CredentialsErrorKind,
        flow: Result<F, CredentialsError>,
    ) -> Result<T, CredentialsError>
    where
        F: Flow<Output = Result<T, CredentialsError>>,
    {
        let flow = flow?;
        match &self.blocking {
            Some(transport) => match &self.sleep {
                Some(sleep) => run_blocking(flow, transport.as_ref(), sleep.as_ref()),
                None => run_blocking(flow, transport.as_ref(), &ThreadSleep),
            },
            None => Err(no_transport(source, missing, Mode::Blocking)),
        }
    }

    /// Runs `flow` with the async transport and sleep; without them, fails
    /// as `source` with `missing` as the kind. A flow that could not be
    /// made is its own error, whatever the transports.
    pub fn run_async<'a, F, T>(
        &'a self,
        source: &str,
        missing: CredentialsErrorKind,
        flow: Result<F, CredentialsError>,
    ) -> BoxFuture<'a, Result<T, CredentialsError>>
    where
        F: Flow<Output = Result<T, CredentialsError>> + Send + 'a,
        T: Send + 'a,
    {
        let flow = match flow {
            Ok(flow) => flow,
            Err(error) => return Box::pin(async move { Err(error) }),
        };
        match &self.asynchronous {
            Some((transport, sleep)) => {
                Box::pin(run_async(flow, transport.as_ref(), sleep.as_ref()))
            }
            None => {
                let error = no_transport(source, missing, Mode::Async);
                Box::pin(async move { Err(error) })
            }
        }
    }
}

impl fmt::Debug for Transports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transports")
            .field("blocking", &self.blocking)
            .field(
                "async",
                &self.asynchronous.as_ref().map(|(transport, _)| transport),
            )
            .finish()
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Blocking,
    Async,
}

fn no_transport(source: &str, kind: CredentialsErrorKind, mode: Mode) -> CredentialsError {
    let message = match mode {
        Mode::Blocking => {
            "it needs the network and no blocking transport is configured (set one with \
             `ConfigBuilder::transport`, or enable the crate's `ureq` feature)"
        }
        Mode::Async => {
            "it needs the network and no async transport is configured (set one, and an \
             async sleep, with `ConfigBuilder::async_transport` and `async_sleep`)"
        }
    };
    CredentialsError::new(kind, source, message)
}

/// Everything the credential sources of the default chain need besides the
/// profiles: the environment (variables and files: token files, the SSO
/// cache), the region and endpoints of STS and SSO, the transports and the
/// clock.
///
/// Make one with [`ProviderContext::new`] and set the fields that matter.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ProviderContext {
    /// Variables and files: settings, token files, the SSO cache.
    pub environment: Environment,
    /// The region STS is called in; `None` means the global endpoint.
    pub region: Option<String>,
    /// A URL that replaces STS's (`AWS_ENDPOINT_URL_STS`, ...).
    pub sts_endpoint: Option<String>,
    /// A URL that replaces the SSO portal's (`AWS_ENDPOINT_URL_SSO`, ...).
    pub sso_endpoint: Option<String>,
    /// For STS and the SSO portal.
    pub transports: Transports,
    /// For the instance metadata service and the container endpoint, which
    /// answer in well under a second when they are there at all.
    pub metadata_transports: Transports,
    /// Signs STS requests and tells whether an SSO token has expired.
    pub time_source: Arc<dyn TimeSource>,
}

impl ProviderContext {
    /// `environment`, no region, no endpoint overrides, no transports, the
    /// system clock.
    pub fn new(environment: Environment) -> Self {
        ProviderContext {
            environment,
            region: None,
            sts_endpoint: None,
            sso_endpoint: None,
            transports: Transports::none(),
            metadata_transports: Transports::none(),
            time_source: Arc::new(SystemClock),
        }
    }
}

/// How many times, how patiently and how far apart a credential source
/// tries one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The time limit of each attempt.
    pub timeout: Duration,
    /// The wait before the first retry; each later one waits twice as long.
    pub backoff: Duration,
}

impl RetryPolicy {
    /// The instance metadata service and the container endpoint: four
    /// attempts of a second each, as the AWS SDKs make.
    pub const METADATA: RetryPolicy = RetryPolicy {
        max_attempts: 4,
        timeout: Duration::from_secs(1),
        backoff: Duration::from_millis(100),
    };

    /// STS and the SSO portal.
    pub const SERVICE: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        timeout: Duration::from_secs(30),
        backoff: Duration::from_millis(500),
    };
}

/// The attempts of one request under a [`RetryPolicy`]: whether the result
/// of the latest is worth another, and after how long.
#[derive(Clone, Copy, Debug)]
pub struct Attempts {
    policy: RetryPolicy,
    made: u32,
}

impl Attempts {
    /// Before the first attempt.
    pub fn new(policy: RetryPolicy) -> Self {
        Attempts { policy, made: 1 }
    }

    /// The time limit of an attempt.
    pub fn timeout(&self) -> Option<Duration> {
        Some(self.policy.timeout)
    }

    /// How many attempts have been made, the current one included.
    pub fn made(&self) -> u32 {
        self.made
    }

    /// After an attempt ended with `result`: the wait before the next, or
    /// `None` when `result` is the final one (it succeeded, failed in a way
    /// another attempt would repeat, or the attempts are used up). Only no
    /// answer at all, a 5xx and a 429 are tried again.
    pub fn retry_after(
        &mut self,
        result: &Result<HttpResponse, TransportError>,
    ) -> Option<Duration> {
        if !worth_retrying(result) || self.made >= self.policy.max_attempts {
            return None;
        }
        let wait = self.policy.backoff * 2u32.saturating_pow(self.made - 1);
        self.made += 1;
        Some(wait)
    }
}

fn worth_retrying(result: &Result<HttpResponse, TransportError>) -> bool {
    use super::transport::TransportErrorKind as Kind;
    match result {
        Ok(response) => response.status >= 500 || response.status == 429,
        Err(error) => !matches!(error.kind(), Kind::InvalidRequest | Kind::NotConfigured),
    }
}

/// A request without a body.
pub fn request(method: &'static str, scheme: Scheme, host: &str, uri: String) -> HttpRequest {
    HttpRequest {
        method,
        scheme,
        host: host.to_owned(),
        uri,
        headers: Vec::new(),
        body: Vec::new(),
    }
}

/// A response body as text for a message: at most its first line, cut to a
/// readable length. Only for bodies that are not credentials.
pub fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(body);
    let line = text.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}...", &line[..end]),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::transport::TransportErrorKind;
    use super::*;

    fn status(status: u16) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status,
            ..HttpResponse::default()
        })
    }

    #[test]
    fn only_missing_answers_and_server_errors_are_retried_and_waits_double() {
        let mut attempts = Attempts::new(RetryPolicy::METADATA);
        let refused = Err(TransportError::new(
            TransportErrorKind::Connect,
            "http://x",
            "refused",
        ));
        assert_eq!(
            attempts.retry_after(&refused),
            Some(Duration::from_millis(100))
        );
        assert_eq!(
            attempts.retry_after(&status(503)),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            attempts.retry_after(&status(500)),
            Some(Duration::from_millis(400))
        );
        assert_eq!(attempts.made(), 4);
        // The fourth attempt is the last.
        assert_eq!(attempts.retry_after(&status(500)), None);

        let mut attempts = Attempts::new(RetryPolicy::METADATA);
        for final_result in [status(200), status(401), status(404)] {
            assert_eq!(attempts.retry_after(&final_result), None);
        }
        let invalid = Err(TransportError::new(
            TransportErrorKind::InvalidRequest,
            "http://x",
            "bad header",
        ));
        assert_eq!(attempts.retry_after(&invalid), None);
        assert_eq!(attempts.made(), 1);
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt(b"  first line \nsecond"), "first line");
        let long = "x".repeat(500);
        assert_eq!(excerpt(long.as_bytes()).len(), 203);
    }

    #[test]
    fn a_missing_transport_is_an_error_that_says_which() {
        struct Never;
        impl Flow for Never {
            type Output = Result<(), CredentialsError>;
            fn resume(
                &mut self,
                _: super::super::flow::Event,
            ) -> super::super::flow::Step<Self::Output> {
                unreachable!("no transport, so the flow never starts")
            }
        }
        let error = Transports::none()
            .run("IMDS", CredentialsErrorKind::NotFound, Ok(Never))
            .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
        assert!(
            error.to_string().starts_with("IMDS: ")
                && error.message().contains("no blocking transport"),
            "{error}"
        );
    }
}
