//! The client: one way to make any operation's call, written once, generic
//! over the operation, and run blocking ([`Client::send`]) or async
//! ([`Client::send_async`]) by the two loops of [`super::flow`].
//!
//! A call resolves the endpoint from the service's rules and builds the
//! request once; then each attempt asks for credentials, waits for the
//! adaptive rate limiter, signs afresh, sends and reads the answer, and a
//! failure worth retrying waits out its backoff before the next attempt.
//! Interceptors see the input, each request before and after signing, each
//! response, and the error the call ends with.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::build_error::BuildError;
use super::config::{Config, Setting};
use super::credentials::{Credentials, CredentialsError, ProvideCredentials};
use super::endpoint::{BuiltIns, ResolveError, ResolvedEndpoint};
use super::error::ErrorMetadata;
use super::flow::{Event, Flow, Step};
use super::http::{Endpoint, EndpointError, HttpRequest, HttpResponse, RequestConfig};
use super::idempotency::{IdempotencyTokenProvider, RandomTokens};
use super::interceptor::CallContext;
use super::operation::{Operation, OperationError, OperationInput};
use super::retry::{
    Decision, FailedAttempt, Failure, RateLimiter, RetryConfig, RetryMode, RetryQuota, decide,
};
use super::sigv4::{SigningError, SigningParams};
use super::transport::{AsyncSleep, AsyncTransport, Transport, TransportError};

/// What a client must know of its service; each generated crate has one.
#[derive(Debug)]
pub struct Service {
    /// `EC2`: names the service's settings (`AWS_ENDPOINT_URL_EC2`).
    pub sdk_id: &'static str,
    /// SigV4's signing name (`ec2`), unless the endpoint says otherwise.
    pub signing_name: &'static str,
    /// The service's endpoint rules, compiled.
    pub resolve_endpoint: fn(&BuiltIns) -> Result<ResolvedEndpoint, ResolveError>,
}

/// Makes calls to one service. Cheap to clone: clones share the
/// configuration, the transports' connections, the retry quota and the
/// adaptive rate limiter.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static Service,
    config: Config,
    endpoint_url: Option<Setting<String>>,
    transport: Option<Arc<dyn Transport>>,
    async_transport: Option<Arc<dyn AsyncTransport>>,
    async_sleep: Option<Arc<dyn AsyncSleep>>,
    retry: RetryConfig,
    quota: RetryQuota,
    /// The adaptive mode's limiter; its clock is seconds since `started`.
    rate_limiter: Option<Mutex<RateLimiter>>,
    started: Instant,
}

impl Client {
    /// A client of `service` (generated crates pass theirs: see their
    /// `Client::new`).
    pub fn for_service(service: &'static Service, config: Config) -> Client {
        let endpoint_url = config.endpoint_url_for(service.sdk_id);
        let transport = config.transport().cloned().or_else(default_transport);
        let (async_transport, async_sleep) = match (config.async_transport(), config.async_sleep())
        {
            (Some(transport), sleep) => (
                Some(transport.clone()),
                sleep.cloned().or_else(default_async_sleep),
            ),
            (None, sleep) => (
                default_async_transport(),
                sleep.cloned().or_else(default_async_sleep),
            ),
        };
        let retry = config.retry();
        let rate_limiter =
            (retry.mode == RetryMode::Adaptive).then(|| Mutex::new(RateLimiter::new(0.0)));
        Client {
            inner: Arc::new(Inner {
                service,
                endpoint_url,
                transport,
                async_transport,
                async_sleep,
                retry,
                quota: RetryQuota::new(),
                rate_limiter,
                started: Instant::now(),
                config,
            }),
        }
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint URL that overrides the service's rules, and where it came
    /// from.
    pub fn endpoint_url(&self) -> Option<&Setting<String>> {
        self.inner.endpoint_url.as_ref()
    }

    /// The tokens left in the retry quota this client's calls share.
    pub fn retry_quota(&self) -> u32 {
        self.inner.quota.available()
    }

    /// Makes the call `input` is for, blocking the thread, and returns the
    /// operation's output.
    pub fn send<I: OperationInput>(
        &self,
        input: I,
    ) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>>
    {
        self.call(&input)
    }

    /// Makes the call `input` is for on an async runtime.
    pub async fn send_async<I: OperationInput>(
        &self,
        input: I,
    ) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>>
    {
        self.call_async(&input).await
    }

    /// [`Client::send`] of an input the caller keeps (a paginator's, say).
    pub(crate) fn call<I: OperationInput>(
        &self,
        input: &I,
    ) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>>
    {
        let flow = CallFlow::<I::Operation>::new(&self.inner, input);
        match &self.inner.transport {
            Some(transport) => super::flow::run_blocking(
                flow,
                transport.as_ref(),
                self.inner.config.sleep().as_ref(),
            ),
            None => Err(flow.not_configured("no blocking transport")),
        }
    }

    /// How this client's async calls wait: the configured sleep, else the
    /// crate's default.
    pub(crate) fn async_sleep(&self) -> Option<&Arc<dyn AsyncSleep>> {
        self.inner.async_sleep.as_ref()
    }

    /// [`Client::send_async`] of an input the caller keeps.
    pub(crate) async fn call_async<I: OperationInput>(
        &self,
        input: &I,
    ) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>>
    {
        let flow = CallFlow::<I::Operation>::new(&self.inner, input);
        match (&self.inner.async_transport, &self.inner.async_sleep) {
            (Some(transport), Some(sleep)) => {
                super::flow::run_async(flow, transport.as_ref(), sleep.as_ref()).await
            }
            _ => Err(flow.not_configured("no async transport and sleep")),
        }
    }

    /// The request a first attempt of `O` with `input` sends: the endpoint
    /// resolved, the endpoint's headers added, signed with `credentials`.
    pub fn signed_request<O: Operation>(
        &self,
        input: &O::Input,
        credentials: &Credentials,
    ) -> Result<HttpRequest, CallError<O::Error>> {
        let mut flow = CallFlow::<O>::new(&self.inner, input);
        let fail = |kind| CallError::before_sending(O::NAME, kind);
        flow.prepare().map_err(fail)?;
        flow.attempt = 1;
        flow.signed(credentials).map_err(fail)
    }

    /// The endpoint the service's rules give for this configuration.
    pub fn resolve_endpoint(&self) -> Result<ResolvedEndpoint, ResolveError> {
        self.inner.resolve_endpoint()
    }
}

/// What an input builder's `send()` does: the call with the client the
/// builder came from (`client.operation()`).
pub fn send_built<I: OperationInput>(
    client: Option<Client>,
    input: Result<I, BuildError>,
) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>> {
    let (client, input) = fluent_parts(client, input)?;
    client.send(input)
}

/// What an input builder's `send_async()` does.
pub async fn send_built_async<I: OperationInput>(
    client: Option<Client>,
    input: Result<I, BuildError>,
) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>> {
    let (client, input) = fluent_parts(client, input)?;
    client.send_async(input).await
}

/// The client and input of a fluent builder, or why there is no call to make.
pub(crate) fn fluent_parts<I: OperationInput, E>(
    client: Option<Client>,
    input: Result<I, BuildError>,
) -> Result<(Client, I), CallError<E>> {
    let fail = |kind| CallError::before_sending(I::Operation::NAME, kind);
    let client = client.ok_or_else(|| fail(CallErrorKind::Request(RequestError::NoClient)))?;
    let input = input.map_err(|error| fail(CallErrorKind::Input(error)))?;
    Ok((client, input))
}

impl Inner {
    fn resolve_endpoint(&self) -> Result<ResolvedEndpoint, ResolveError> {
        // Not a struct expression: the type is non-exhaustive, and in a
        // split crate it is another package's.
        let mut builtins = BuiltIns::default()
            .with_use_fips(self.config.use_fips().value)
            .with_use_dual_stack(self.config.use_dual_stack().value);
        builtins.region = self.config.region().map(|region| region.value.clone());
        builtins.endpoint = self.endpoint_url.as_ref().map(|url| url.value.clone());
        (self.service.resolve_endpoint)(&builtins)
    }
}

impl PartialEq for Client {
    /// The same client (or a clone of it).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.sdk_id)
            .field("config", &self.inner.config)
            .field("endpoint_url", &self.inner.endpoint_url)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "ureq")]
fn default_transport() -> Option<Arc<dyn Transport>> {
    Some(Arc::new(super::transport::UreqTransport::new()))
}

#[cfg(not(feature = "ureq"))]
fn default_transport() -> Option<Arc<dyn Transport>> {
    None
}

#[cfg(feature = "hyper")]
fn default_async_transport() -> Option<Arc<dyn AsyncTransport>> {
    Some(Arc::new(super::async_transport::HyperTransport::new()))
}

#[cfg(not(feature = "hyper"))]
fn default_async_transport() -> Option<Arc<dyn AsyncTransport>> {
    None
}

#[cfg(feature = "hyper")]
fn default_async_sleep() -> Option<Arc<dyn AsyncSleep>> {
    Some(Arc::new(super::async_transport::TokioSleep))
}

#[cfg(not(feature = "hyper"))]
fn default_async_sleep() -> Option<Arc<dyn AsyncSleep>> {
    None
}

/// The user agent every request names: this crate and its version.
const USER_AGENT: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " ua/2.1 lang/rust"
);

/// One call of `O`, as a flow: what it has done and what it waits for.
struct CallFlow<'c, O: Operation> {
    client: &'c Inner,
    input: &'c O::Input,
    /// Where the call's time limit is measured from.
    started: Instant,
    invocation_id: String,
    prepared: Option<Prepared>,
    credentials: Option<Credentials>,
    /// The attempt under way, from 1.
    attempt: u32,
    /// Retry quota taken by this call's retries, given back on success.
    retry_costs: u32,
    phase: Phase,
}

/// What every attempt starts from.
struct Prepared {
    /// Unsigned, with the endpoint's headers.
    request: HttpRequest,
    signing_name: String,
    signing_region: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Credentials,
    RateLimit,
    Response,
    Backoff,
}

impl<'c, O: Operation> CallFlow<'c, O> {
    fn new(client: &'c Inner, input: &'c O::Input) -> Self {
        CallFlow {
            client,
            input,
            started: Instant::now(),
            invocation_id: RandomTokens.make_idempotency_token(),
            prepared: None,
            credentials: None,
            attempt: 0,
            retry_costs: 0,
            phase: Phase::Credentials,
        }
    }

    fn context(&self) -> CallContext<'_> {
        CallContext::new(
            O::NAME,
            self.attempt,
            self.client.retry.max_attempts,
            self.input,
        )
    }

    fn not_configured(&self, what: &str) -> CallError<O::Error> {
        let url = self.client.endpoint_url.as_ref().map_or_else(
            || self.client.service.sdk_id.to_owned(),
            |url| url.value.clone(),
        );
        CallError::before_sending(
            O::NAME,
            CallErrorKind::Transport(TransportError::not_configured(format!("{url} ({what})"))),
        )
    }

    /// Resolves the endpoint and builds the unsigned request.
    fn prepare(&mut self) -> Result<(), CallErrorKind<O::Error>> {
        let config = &self.client.config;
        let resolved = self
            .client
            .resolve_endpoint()
            .map_err(CallErrorKind::Endpoint)?;
        let endpoint = Endpoint::parse(resolved.url()).map_err(|error| {
            CallErrorKind::Request(RequestError::Endpoint {
                url: resolved.url().to_owned(),
                error,
            })
        })?;
        let request_config = RequestConfig::new(endpoint)
            .with_idempotency_tokens(config.idempotency_tokens().clone());
        let mut request = O::build_request(self.input, &request_config)
            .map_err(|error| CallErrorKind::Request(RequestError::HostLabel(error)))?;
        for (name, values) in resolved.headers() {
            request.set_header(name, values.join(","));
        }
        let scheme = resolved.sigv4_auth_scheme();
        let signing_name = scheme
            .as_ref()
            .and_then(|scheme| scheme.signing_name.clone())
            .unwrap_or_else(|| self.client.service.signing_name.to_owned());
        let signing_region = scheme
            .as_ref()
            .and_then(|scheme| scheme.signing_region.clone())
            .or_else(|| config.region().map(|region| region.value.clone()))
            .ok_or(CallErrorKind::Request(RequestError::NoRegion))?;
        self.prepared = Some(Prepared {
            request,
            signing_name,
            signing_region,
        });
        Ok(())
    }

    /// The request of the current attempt, signed now with `credentials`.
    fn signed(&self, credentials: &Credentials) -> Result<HttpRequest, CallErrorKind<O::Error>> {
        let Some(prepared) = &self.prepared else {
            return Err(CallErrorKind::Request(RequestError::NoRegion));
        };
        let context = self.context();
        let mut request = prepared.request.clone();
        request.set_header("User-Agent", USER_AGENT.to_owned());
        request.set_header("x-amz-user-agent", USER_AGENT.to_owned());
        for interceptor in self.client.config.interceptors() {
            interceptor.modify_before_signing(&context, &mut request);
        }
        let params = SigningParams {
            credentials,
            region: &prepared.signing_region,
            service: &prepared.signing_name,
            time: self.client.config.time_source().now(),
        };
        super::sigv4::sign(&mut request, &params)
            .map_err(|error| CallErrorKind::Request(RequestError::Signing(error)))?;
        // The SDKs add these after signing: they change per attempt, and a
        // proxy may drop them.
        request.set_header("amz-sdk-invocation-id", self.invocation_id.clone());
        request.set_header(
            "amz-sdk-request",
            format!(
                "attempt={}; max={}",
                self.attempt, self.client.retry.max_attempts
            ),
        );
        for interceptor in self.client.config.interceptors() {
            interceptor.modify_before_transmit(&context, &mut request);
        }
        Ok(request)
    }

    /// What is left of the call's time limit; `None` when it has none.
    fn remaining(&self) -> Option<Duration> {
        let limit = self.client.config.timeouts().operation?;
        Some(limit.saturating_sub(self.started.elapsed()))
    }

    /// Seconds on the rate limiter's clock.
    fn now(&self) -> f64 {
        self.client.started.elapsed().as_secs_f64()
    }

    fn next_attempt(&mut self) -> Step<CallResult<O>> {
        let Some(credentials) = self.credentials.take() else {
            self.phase = Phase::Credentials;
            return Step::Credentials;
        };
        self.attempt += 1;
        let request = match self.signed(&credentials) {
            Ok(request) => request,
            Err(kind) => return self.fail(kind),
        };
        let attempt_limit = self.client.config.timeouts().attempt;
        let timeout = match (attempt_limit, self.remaining()) {
            (Some(attempt), Some(remaining)) => Some(attempt.min(remaining)),
            (attempt, remaining) => attempt.or(remaining),
        };
        self.phase = Phase::Response;
        Step::Send { request, timeout }
    }

    fn on_credentials(
        &mut self,
        credentials: Result<Credentials, CredentialsError>,
    ) -> Step<CallResult<O>> {
        match credentials {
            Ok(credentials) => self.credentials = Some(credentials),
            Err(error) => return self.fail(CallErrorKind::Credentials(error)),
        }
        let wait = match &self.client.rate_limiter {
            Some(limiter) => lock(limiter).acquire(self.now()),
            None => Duration::ZERO,
        };
        if wait.is_zero() {
            self.next_attempt()
        } else {
            self.phase = Phase::RateLimit;
            Step::Sleep(wait)
        }
    }

    fn read_before_execution(&self) {
        let context = self.context();
        for interceptor in self.client.config.interceptors() {
            interceptor.read_before_execution(&context);
        }
    }

    fn read_after_transmit(&self, response: &HttpResponse) {
        let context = self.context();
        for interceptor in self.client.config.interceptors() {
            interceptor.read_after_transmit(&context, response);
        }
    }

    fn on_response(
        &mut self,
        response: Result<HttpResponse, TransportError>,
    ) -> Step<CallResult<O>> {
        let (kind, failure, retry_after) = match response {
            Ok(response) => {
                self.read_after_transmit(&response);
                match O::read_response(&response) {
                    Ok(output) => return self.succeed(output),
                    Err(error) => {
                        let failure = match error.metadata() {
                            Some(metadata) => {
                                Failure::of_response(metadata.status(), Some(metadata.code()))
                            }
                            None => Failure::of_response(response.status, None),
                        };
                        (
                            CallErrorKind::Service(error),
                            failure,
                            retry_after(&response),
                        )
                    }
                }
            }
            Err(error) => {
                let failure = Failure::of_transport(error.kind());
                (CallErrorKind::Transport(error), failure, None)
            }
        };
        if let Some(limiter) = &self.client.rate_limiter {
            lock(limiter).update(failure == Failure::Throttling, self.now());
        }
        let failed = FailedAttempt {
            attempt: self.attempt,
            failure,
            retry_after,
            time_left: self.remaining(),
        };
        let (decision, cost) = decide(
            &self.client.retry,
            &self.client.quota,
            failed,
            self.client.config.jitter(),
        );
        match decision {
            Decision::RetryAfter(delay) => {
                self.retry_costs += cost;
                self.phase = Phase::Backoff;
                Step::Sleep(delay)
            }
            Decision::Stop(_) => self.fail(kind),
        }
    }

    fn succeed(&mut self, output: O::Output) -> Step<CallResult<O>> {
        self.client.quota.succeeded(self.retry_costs);
        if let Some(limiter) = &self.client.rate_limiter {
            lock(limiter).update(false, self.now());
        }
        Step::Done(Ok(output))
    }

    fn fail(&mut self, kind: CallErrorKind<O::Error>) -> Step<CallResult<O>> {
        let error = CallError {
            operation: O::NAME,
            kind,
            attempts: self.attempt,
        };
        let context = self.context();
        for interceptor in self.client.config.interceptors() {
            interceptor.read_on_error(&context, &error);
        }
        Step::Done(Err(error))
    }
}

type CallResult<O> = Result<<O as Operation>::Output, CallError<<O as Operation>::Error>>;

impl<O: Operation> Flow for CallFlow<'_, O> {
    type Output = CallResult<O>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match (event, self.phase) {
            (Event::Start, _) => {
                self.read_before_execution();
                match self.prepare() {
                    Ok(()) => Step::Credentials,
                    Err(kind) => self.fail(kind),
                }
            }
            (Event::Credentials(credentials), _) => self.on_credentials(credentials),
            (Event::Slept, Phase::RateLimit) => self.next_attempt(),
            // A retry asks for credentials again: they may have expired.
            (Event::Slept, _) => Step::Credentials,
            (Event::Response(response), _) => self.on_response(response),
        }
    }

    fn credentials(&self) -> Option<&dyn ProvideCredentials> {
        Some(self.client.config.credentials().as_ref())
    }
}

fn lock(limiter: &Mutex<RateLimiter>) -> std::sync::MutexGuard<'_, RateLimiter> {
    // The limiter's state is numbers that are always whole.
    limiter
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `x-amz-retry-after`: the milliseconds the server asks to wait.
fn retry_after(response: &HttpResponse) -> Option<Duration> {
    response
        .header("x-amz-retry-after")
        .and_then(|millis| millis.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
}

/// Why a request could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// Signing needs a region and none is configured.
    NoRegion,
    /// `send()` on a builder that did not come from a client.
    NoClient,
    /// The endpoint the rules gave is not a URL requests can go to.
    Endpoint {
        url: String,
        error: EndpointError,
    },
    /// A member that becomes part of the host name is not a valid host label.
    HostLabel(EndpointError),
    Signing(SigningError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NoRegion => f.write_str(
                "no region is configured (set AWS_REGION, the profile's `region`, or \
                 `ConfigBuilder::region`)",
            ),
            RequestError::NoClient => f.write_str(
                "the builder did not come from a client: start the call with \
                 `client.operation()`, or send the built input with `client.send(input)`",
            ),
            RequestError::Endpoint { url, error } => {
                write!(f, "the endpoint `{url}` cannot take requests: {error}")
            }
            RequestError::HostLabel(error) => error.fmt(f),
            RequestError::Signing(error) => write!(f, "cannot sign the request: {error}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::NoRegion | RequestError::NoClient => None,
            RequestError::Endpoint { error, .. } | RequestError::HostLabel(error) => Some(error),
            RequestError::Signing(error) => Some(error),
        }
    }
}

/// Why a call failed, and after how many attempts. `E` is the operation's
/// error: the service's answer.
///
/// `Display` names the operation and says what happened, with the service's
/// code, message and request id when it answered, and the number of attempts
/// when there were several.
/// `code()`, `message()`, `request_id()` and `is_dry_run_success()` read the
/// service's answer directly.
#[derive(Debug)]
pub struct CallError<E> {
    operation: &'static str,
    kind: CallErrorKind<E>,
    attempts: u32,
}

/// What a call failed with.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallErrorKind<E> {
    /// The input lacks a required member (a fluent call's `send()` builds it).
    Input(BuildError),
    /// No endpoint for this configuration: the rule set's own error (a region
    /// the service is not in, FIPS where there is none, ...).
    Endpoint(ResolveError),
    /// No credentials to sign with; the error lists the sources tried.
    Credentials(CredentialsError),
    /// The request could not be made (no region, an invalid host label, ...).
    Request(RequestError),
    /// No response arrived: the connection, TLS, DNS or a time limit failed.
    Transport(TransportError),
    /// The service answered with an error (or with something unreadable).
    Service(E),
}

impl<E> CallError<E> {
    pub(crate) fn before_sending(operation: &'static str, kind: CallErrorKind<E>) -> Self {
        CallError {
            operation,
            kind,
            attempts: 0,
        }
    }

    /// The operation's wire name (`AssociateAddress`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    pub fn kind(&self) -> &CallErrorKind<E> {
        &self.kind
    }

    pub fn into_kind(self) -> CallErrorKind<E> {
        self.kind
    }

    /// The attempts made (0 when the call failed before sending anything).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The service's error, when it answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match &self.kind {
            CallErrorKind::Service(error) => Some(error),
            _ => None,
        }
    }

    pub fn into_service_error(self) -> Option<E> {
        match self.kind {
            CallErrorKind::Service(error) => Some(error),
            _ => None,
        }
    }

    pub fn transport_error(&self) -> Option<&TransportError> {
        match &self.kind {
            CallErrorKind::Transport(error) => Some(error),
            _ => None,
        }
    }
}

impl<E: OperationError> CallError<E> {
    /// The code, message and request id of the service's error response.
    pub fn metadata(&self) -> Option<&ErrorMetadata> {
        self.service_error().and_then(OperationError::metadata)
    }

    /// The service's error code (`InvalidNetworkInterfaceID.NotFound`).
    pub fn code(&self) -> Option<&str> {
        self.metadata().map(ErrorMetadata::code)
    }

    pub fn message(&self) -> Option<&str> {
        self.metadata().and_then(ErrorMetadata::message)
    }

    pub fn request_id(&self) -> Option<&str> {
        self.metadata().and_then(ErrorMetadata::request_id)
    }

    /// Whether this is EC2's answer to a `DryRun` request that would have
    /// succeeded.
    pub fn is_dry_run_success(&self) -> bool {
        self.metadata()
            .is_some_and(ErrorMetadata::is_dry_run_success)
    }
}

impl<E: fmt::Display> fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: ", self.operation)?;
        match &self.kind {
            CallErrorKind::Input(error) => write!(f, "the input is incomplete: {error}"),
            CallErrorKind::Endpoint(error) => {
                write!(f, "no endpoint for this configuration: {error}")
            }
            CallErrorKind::Credentials(error) => write!(f, "no credentials to sign with: {error}"),
            CallErrorKind::Request(error) => write!(f, "cannot make the request: {error}"),
            CallErrorKind::Transport(error) => error.fmt(f),
            CallErrorKind::Service(error) => error.fmt(f),
        }?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl<E: std::error::Error + 'static> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            CallErrorKind::Input(error) => Some(error),
            CallErrorKind::Endpoint(error) => Some(error),
            CallErrorKind::Credentials(error) => Some(error),
            CallErrorKind::Request(error) => Some(error),
            CallErrorKind::Transport(error) => Some(error),
            CallErrorKind::Service(error) => Some(error),
        }
    }
}
