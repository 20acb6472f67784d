//! The EC2 instance metadata service, version 2 (IMDSv2): the credentials of
//! the instance's IAM role, and the instance's region.
//!
//! Every exchange starts with a session token (`PUT /latest/api/token`),
//! which the following `GET`s send back. Each request gets a second and up
//! to four attempts, as in the AWS SDKs; a 401 fetches a new token once.

use std::fmt;

use super::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, JsonCredentialsKeys, ProvideCredentials,
    credentials_from_json,
};
use super::env::Environment;
use super::fetch::{Attempts, ProviderContext, RetryPolicy, Transports, excerpt, request};
use super::flow::{Event, Flow, Step};
use super::http::{Endpoint, HttpResponse};
use super::profile::Profile;
use super::transport::{BoxFuture, TransportError};

/// The service's address in IPv4 mode (the default).
pub const IPV4_ENDPOINT: &str = "http://169.254.169.254";
/// The service's address in IPv6 mode.
pub const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";

/// How long a session token lives, in seconds (the AWS SDKs' six hours).
pub const TOKEN_TTL_SECONDS: u32 = 21_600;

const TOKEN_PATH: &str = "latest/api/token";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const CREDENTIALS_PATH: &str = "latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "latest/meta-data/placement/region";

/// How errors name this source.
const SOURCE: &str = "instance metadata (IMDS)";

/// Which of the service's two addresses to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndpointMode {
    /// `169.254.169.254`.
    IPv4,
    /// `fd00:ec2::254`.
    IPv6,
}

impl EndpointMode {
    /// `IPv4` or `IPv6`, in any case.
    pub fn parse(text: &str) -> Option<EndpointMode> {
        if text.eq_ignore_ascii_case("ipv4") {
            Some(EndpointMode::IPv4)
        } else if text.eq_ignore_ascii_case("ipv6") {
            Some(EndpointMode::IPv6)
        } else {
            None
        }
    }

    /// The service's address in this mode.
    pub fn endpoint(self) -> &'static str {
        match self {
            EndpointMode::IPv4 => IPV4_ENDPOINT,
            EndpointMode::IPv6 => IPV6_ENDPOINT,
        }
    }
}

/// What code says about IMDS; it wins over the environment and the profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImdsSettings {
    /// The service's URL.
    pub endpoint: Option<String>,
    /// The address to use when no URL is given.
    pub mode: Option<EndpointMode>,
}

/// Whether `AWS_EC2_METADATA_DISABLED` is `true`: then IMDS is never
/// contacted, for credentials or the region.
pub fn is_disabled(environment: &Environment) -> bool {
    environment
        .var("AWS_EC2_METADATA_DISABLED")
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
}

/// Where the service is: the first URL of `settings`,
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` and the profile's
/// `ec2_metadata_service_endpoint`, else the address of the first mode of
/// `settings`, `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` and the profile's
/// `ec2_metadata_service_endpoint_mode` (IPv4 when none says).
pub fn endpoint(
    environment: &Environment,
    profile: Option<&Profile>,
    settings: &ImdsSettings,
) -> Result<Endpoint, CredentialsError> {
    let lookup = Lookup {
        environment,
        profile,
    };
    let found = match &settings.endpoint {
        Some(url) => Some(Found {
            value: url.clone(),
            origin: "code".to_owned(),
        }),
        None => lookup.get(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        ),
    };
    let Some(Found { value: url, origin }) = found else {
        return Ok(Imds::mode_endpoint(mode(settings, &lookup)?));
    };
    Endpoint::parse(&url).map_err(|error| {
        invalid(format!(
            "the endpoint {url:?} (from {origin}) is not a valid URI: {error}"
        ))
    })
}

/// A setting's value and where it came from, for messages.
struct Found {
    value: String,
    origin: String,
}

/// The environment, then the profile.
struct Lookup<'a> {
    environment: &'a Environment,
    profile: Option<&'a Profile>,
}

impl Lookup<'_> {
    fn get(&self, variable: &str, key: &str) -> Option<Found> {
        if let Some(value) = self.environment.non_empty_var(variable) {
            return Some(Found {
                value,
                origin: variable.to_owned(),
            });
        }
        let profile = self.profile?;
        let value = profile.get(key).filter(|value| !value.is_empty())?;
        Some(Found {
            value: value.to_owned(),
            origin: format!("`{key}` of profile `{}`", profile.name()),
        })
    }
}

fn mode(settings: &ImdsSettings, lookup: &Lookup<'_>) -> Result<EndpointMode, CredentialsError> {
    if let Some(mode) = settings.mode {
        return Ok(mode);
    }
    let found = lookup.get(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
        "ec2_metadata_service_endpoint_mode",
    );
    match found {
        None => Ok(EndpointMode::IPv4),
        Some(Found { value, origin }) => EndpointMode::parse(value.trim()).ok_or_else(|| {
            invalid(format!(
                "`{value}` (from {origin}) is not a valid endpoint mode; expected IPv4 or IPv6"
            ))
        }),
    }
}

fn invalid(message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::Invalid, SOURCE, message)
}

fn not_found(message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::NotFound, SOURCE, message)
}

/// The service, found: what to ask it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imds {
    endpoint: Endpoint,
}

impl Imds {
    /// The service the environment and the profile point to (see
    /// [`endpoint`]); a `NotFound` error when `AWS_EC2_METADATA_DISABLED`
    /// turns it off, an `Invalid` one when the endpoint is malformed.
    pub fn from_environment(
        environment: &Environment,
        profile: Option<&Profile>,
        settings: &ImdsSettings,
    ) -> Result<Imds, CredentialsError> {
        if is_disabled(environment) {
            return Err(not_found("AWS_EC2_METADATA_DISABLED is true".to_owned()));
        }
        Ok(Imds::at(endpoint(environment, profile, settings)?))
    }

    /// The service at `endpoint`.
    pub fn at(endpoint: Endpoint) -> Imds {
        Imds { endpoint }
    }

    /// The fixed address of `mode`, which always parses.
    fn mode_endpoint(mode: EndpointMode) -> Endpoint {
        match Endpoint::parse(mode.endpoint()) {
            Ok(endpoint) => endpoint,
            Err(error) => unreachable!("{} is a valid endpoint: {error}", mode.endpoint()),
        }
    }

    /// Where the service is.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The URL session tokens are asked for at.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.endpoint)
    }

    /// The credentials of the instance's role: its name, then its keys.
    pub fn credentials_flow(
        &self,
    ) -> impl Flow<Output = Result<Credentials, CredentialsError>> + Send + use<> {
        ImdsFlow::new(self.endpoint.clone(), CredentialsQuery { role: None })
    }

    /// The instance's region.
    pub fn region_flow(
        &self,
    ) -> impl Flow<Output = Result<String, CredentialsError>> + Send + use<> {
        ImdsFlow::new(self.endpoint.clone(), RegionQuery)
    }
}

/// The region of the instance this runs on, for the last place of a region
/// chain, through the blocking transport of `transports`: `Err` (saying
/// why) when IMDS is disabled, misconfigured, not there or says nothing
/// usable.
pub fn region(
    environment: &Environment,
    profile: Option<&Profile>,
    transports: &Transports,
) -> Result<String, CredentialsError> {
    let flow = Imds::from_environment(environment, profile, &ImdsSettings::default())
        .map(|imds| imds.region_flow());
    transports.run(SOURCE, CredentialsErrorKind::NotFound, flow)
}

/// [`region`], through the async transport of `transports`.
pub fn region_async<'a>(
    environment: &Environment,
    profile: Option<&Profile>,
    transports: &'a Transports,
) -> BoxFuture<'a, Result<String, CredentialsError>> {
    let flow = Imds::from_environment(environment, profile, &ImdsSettings::default())
        .map(|imds| imds.region_flow());
    transports.run_async(SOURCE, CredentialsErrorKind::NotFound, flow)
}

/// What to get once a token is at hand: a path, then, from each answer,
/// another path or the result.
trait Query {
    type Output;

    fn first_path(&self) -> String;

    /// The body of the successful answer for the latest path.
    fn answer(&mut self, body: &[u8]) -> Result<Next<Self::Output>, CredentialsError>;
}

enum Next<T> {
    Get(String),
    Done(T),
}

/// The role's name, then its credentials.
struct CredentialsQuery {
    role: Option<String>,
}

impl Query for CredentialsQuery {
    type Output = Credentials;

    fn first_path(&self) -> String {
        CREDENTIALS_PATH.to_owned()
    }

    fn answer(&mut self, body: &[u8]) -> Result<Next<Credentials>, CredentialsError> {
        match &self.role {
            None => {
                let text = String::from_utf8_lossy(body);
                let role = text.lines().next().unwrap_or_default().trim();
                if role.is_empty() {
                    return Err(not_found(
                        "the instance has no IAM role (no instance profile is attached)".to_owned(),
                    ));
                }
                self.role = Some(role.to_owned());
                Ok(Next::Get(format!("{CREDENTIALS_PATH}{role}")))
            }
            Some(role) => read_role_credentials(role, body).map(Next::Done),
        }
    }
}

/// The credentials document of `role`. Messages never quote it.
fn read_role_credentials(role: &str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let problem = |what: String| invalid(format!("the credentials of role `{role}` {what}"));
    let text = std::str::from_utf8(body).map_err(|_| problem("are not UTF-8".to_owned()))?;
    let document = super::json::parse(text)
        .map_err(|error| problem(format!("are not JSON (at byte {})", error.offset())))?;
    if let Some(code) = document.get("Code").and_then(|code| code.as_str()) {
        if code != "Success" {
            return Err(problem(format!(
                "come with the code {code:?}, not \"Success\""
            )));
        }
    }
    credentials_from_json(&document, &JsonCredentialsKeys::METADATA).map_err(problem)
}

struct RegionQuery;

impl Query for RegionQuery {
    type Output = String;

    fn first_path(&self) -> String {
        REGION_PATH.to_owned()
    }

    fn answer(&mut self, body: &[u8]) -> Result<Next<String>, CredentialsError> {
        let region = String::from_utf8_lossy(body).trim().to_owned();
        if region.is_empty() {
            return Err(invalid("the region it gave is empty".to_owned()));
        }
        Ok(Next::Done(region))
    }
}

/// Which request is under way.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Current {
    Token,
    Get(String),
}

/// A token, then the query's `GET`s with it, each tried as
/// [`RetryPolicy::METADATA`] says.
struct ImdsFlow<Q> {
    endpoint: Endpoint,
    query: Q,
    token: Option<String>,
    current: Current,
    /// The `GET` to make once a token arrives.
    after_token: String,
    attempts: Attempts,
    /// A 401 already made the flow fetch a new token.
    token_renewed: bool,
}

/// The token is a secret: it is left out.
impl<Q> fmt::Debug for ImdsFlow<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImdsFlow")
            .field("endpoint", &self.endpoint)
            .field("current", &self.current)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl<Q: Query> ImdsFlow<Q> {
    fn new(endpoint: Endpoint, query: Q) -> Self {
        let after_token = query.first_path();
        ImdsFlow {
            endpoint,
            query,
            token: None,
            current: Current::Token,
            after_token,
            attempts: Attempts::new(RetryPolicy::METADATA),
            token_renewed: false,
        }
    }

    fn send(&self) -> Step<Result<Q::Output, CredentialsError>> {
        let scheme = self.endpoint.scheme();
        let host = self.endpoint.host();
        let base = self.endpoint.path();
        let request = match (&self.current, &self.token) {
            (Current::Get(path), Some(token)) => {
                let mut get = request("GET", scheme, host, format!("{base}{path}"));
                get.set_header(TOKEN_HEADER, token.clone());
                get
            }
            _ => {
                let mut put = request("PUT", scheme, host, format!("{base}{TOKEN_PATH}"));
                put.set_header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS.to_string());
                put
            }
        };
        Step::Send {
            request,
            timeout: self.attempts.timeout(),
        }
    }

    /// Starts the next request, with fresh attempts.
    fn start(&mut self, current: Current) -> Step<Result<Q::Output, CredentialsError>> {
        self.current = current;
        self.attempts = Attempts::new(RetryPolicy::METADATA);
        self.send()
    }

    fn unreachable(&self, error: &TransportError) -> CredentialsError {
        not_found(format!(
            "cannot reach it at {} ({} attempts): {error}",
            self.endpoint,
            self.attempts.made()
        ))
    }

    fn on_token(&mut self, response: HttpResponse) -> Step<Result<Q::Output, CredentialsError>> {
        match response.status {
            200..=299 => {
                let token = String::from_utf8_lossy(&response.body).trim().to_owned();
                if token.is_empty() {
                    return Step::Done(Err(invalid("it answered with an empty token".to_owned())));
                }
                self.token = Some(token);
                let path = self.after_token.clone();
                self.start(Current::Get(path))
            }
            // IMDS answers 403 to token requests when it is turned off for
            // the instance (or the request came through a proxy).
            403 => Step::Done(Err(not_found(
                "it refused a session token (HTTP 403): IMDS is disabled for this instance"
                    .to_owned(),
            ))),
            status => Step::Done(Err(not_found(format!(
                "it answered the token request with HTTP {status}: {}",
                excerpt(&response.body)
            )))),
        }
    }

    fn on_get(
        &mut self,
        path: String,
        response: HttpResponse,
    ) -> Step<Result<Q::Output, CredentialsError>> {
        match response.status {
            200..=299 => match self.query.answer(&response.body) {
                Ok(Next::Get(next)) => self.start(Current::Get(next)),
                Ok(Next::Done(output)) => Step::Done(Ok(output)),
                Err(error) => Step::Done(Err(error)),
            },
            // The token expired or was refused: one new token, as the SDKs do.
            401 if !self.token_renewed => {
                self.token_renewed = true;
                self.token = None;
                self.after_token = path;
                self.start(Current::Token)
            }
            401 => Step::Done(Err(invalid(format!(
                "it refused a new session token too (HTTP 401 for /{path})"
            )))),
            404 => Step::Done(Err(not_found(format!(
                "it has nothing at /{path} (HTTP 404)"
            )))),
            status => Step::Done(Err(invalid(format!(
                "it answered GET /{path} with HTTP {status}: {}",
                excerpt(&response.body)
            )))),
        }
    }
}

impl<Q: Query> Flow for ImdsFlow<Q> {
    type Output = Result<Q::Output, CredentialsError>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match event {
            Event::Start | Event::Slept => self.send(),
            Event::Response(result) => {
                if let Some(wait) = self.attempts.retry_after(&result) {
                    return Step::Sleep(wait);
                }
                match (result, self.current.clone()) {
                    (Err(error), _) => Step::Done(Err(self.unreachable(&error))),
                    (Ok(response), Current::Token) => self.on_token(response),
                    (Ok(response), Current::Get(path)) => self.on_get(path, response),
                }
            }
            Event::Credentials(_) => Step::Done(Err(invalid(
                "the flow was given credentials it never asked for".to_owned(),
            ))),
        }
    }
}

/// The credentials of the instance's IAM role, from IMDS. Off with
/// `AWS_EC2_METADATA_DISABLED=true`; not being on EC2 (no answer) is not an
/// error but "not found", so a chain ends with its list of what it tried.
#[derive(Clone, Debug)]
pub struct ImdsProvider {
    context: ProviderContext,
    profile: Option<Profile>,
    settings: ImdsSettings,
}

impl ImdsProvider {
    /// IMDS as `context`'s environment and `profile` (the selected one, for
    /// `ec2_metadata_service_endpoint(_mode)`) say, through `context`'s
    /// metadata transports.
    pub fn new(context: ProviderContext, profile: Option<Profile>) -> Self {
        ImdsProvider {
            context,
            profile,
            settings: ImdsSettings::default(),
        }
    }

    /// With the endpoint or mode set in code.
    pub fn with_settings(mut self, settings: ImdsSettings) -> Self {
        self.settings = settings;
        self
    }

    fn imds(&self) -> Result<Imds, CredentialsError> {
        Imds::from_environment(
            &self.context.environment,
            self.profile.as_ref(),
            &self.settings,
        )
    }
}

impl ProvideCredentials for ImdsProvider {
    // Without a transport, IMDS is as absent as off EC2: the chain goes on.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let flow = self.imds().map(|imds| imds.credentials_flow());
        self.context
            .metadata_transports
            .run(SOURCE, CredentialsErrorKind::NotFound, flow)
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let flow = self.imds().map(|imds| imds.credentials_flow());
        self.context
            .metadata_transports
            .run_async(SOURCE, CredentialsErrorKind::NotFound, flow)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::super::http::HttpRequest;
    use super::super::transport::TransportErrorKind;
    use super::*;

    fn ok(status: u16, body: &str) -> Event {
        Event::Response(Ok(HttpResponse {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }))
    }

    fn refused() -> Event {
        Event::Response(Err(TransportError::new(
            TransportErrorKind::Connect,
            "http://169.254.169.254/latest/api/token",
            "connection refused",
        )))
    }

    fn sent<T: fmt::Debug>(step: Step<T>) -> HttpRequest {
        match step {
            Step::Send { request, timeout } => {
                assert_eq!(timeout, Some(Duration::from_secs(1)));
                request
            }
            other => panic!("expected a request, got {other:?}"),
        }
    }

    const CREDENTIALS: &str = r#"{"Code": "Success", "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret",
        "Token": "imds-token", "Expiration": "2030-01-02T03:04:05Z"}"#;

    #[test]
    fn the_credentials_flow_takes_a_token_then_the_role_then_its_keys() {
        let imds = Imds::at(Endpoint::parse(IPV4_ENDPOINT).unwrap());
        let mut flow = imds.credentials_flow();
        let token = sent(flow.resume(Event::Start));
        assert_eq!(token.method, "PUT");
        assert_eq!(token.url(), "http://169.254.169.254/latest/api/token");
        assert_eq!(token.header(TOKEN_TTL_HEADER), Some("21600"));
        assert_eq!(token.header(TOKEN_HEADER), None);

        let role = sent(flow.resume(ok(200, "session-token")));
        assert_eq!(
            (role.method, role.uri.as_str()),
            ("GET", "/latest/meta-data/iam/security-credentials/")
        );
        assert_eq!(role.header(TOKEN_HEADER), Some("session-token"));

        let keys = sent(flow.resume(ok(200, "my-role\n")));
        assert_eq!(
            keys.uri,
            "/latest/meta-data/iam/security-credentials/my-role"
        );
        assert_eq!(keys.header(TOKEN_HEADER), Some("session-token"));

        let Step::Done(Ok(credentials)) = flow.resume(ok(200, CREDENTIALS)) else {
            panic!("expected credentials");
        };
        assert_eq!(credentials.access_key_id(), "ASIAIMDS");
        assert_eq!(credentials.session_token(), Some("imds-token"));
        assert_eq!(
            credentials.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
    }

    #[test]
    fn connection_failures_and_server_errors_are_tried_four_times() {
        let imds = Imds::at(Endpoint::parse(IPV4_ENDPOINT).unwrap());
        let mut flow = imds.credentials_flow();
        sent(flow.resume(Event::Start));
        let mut sleeps = Vec::new();
        for event in [refused(), ok(503, "busy"), refused()] {
            match flow.resume(event) {
                Step::Sleep(wait) => sleeps.push(wait),
                other => panic!("expected a sleep, got {other:?}"),
            }
            assert_eq!(sent(flow.resume(Event::Slept)).method, "PUT");
        }
        assert_eq!(sleeps, [100, 200, 400].map(Duration::from_millis));
        let Step::Done(Err(error)) = flow.resume(refused()) else {
            panic!("expected the end");
        };
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
        assert!(
            error.message().contains("cannot reach it") && error.message().contains("4 attempts"),
            "{error}"
        );
    }

    #[test]
    fn a_401_fetches_one_new_token_and_4xx_are_not_retried() {
        let imds = Imds::at(Endpoint::parse(IPV4_ENDPOINT).unwrap());
        let mut flow = imds.credentials_flow();
        sent(flow.resume(Event::Start));
        sent(flow.resume(ok(200, "old")));
        let again = sent(flow.resume(ok(401, "")));
        assert_eq!(again.method, "PUT");
        let role = sent(flow.resume(ok(200, "new")));
        assert_eq!(role.uri, "/latest/meta-data/iam/security-credentials/");
        assert_eq!(role.header(TOKEN_HEADER), Some("new"));
        let Step::Done(Err(error)) = flow.resume(ok(401, "")) else {
            panic!("a second 401 ends the flow");
        };
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert!(error.message().contains("401"), "{error}");

        let mut flow = imds.credentials_flow();
        sent(flow.resume(Event::Start));
        sent(flow.resume(ok(200, "token")));
        let Step::Done(Err(error)) = flow.resume(ok(404, "")) else {
            panic!("a 404 is final");
        };
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    }

    #[test]
    fn bad_credentials_documents_are_invalid_and_never_quoted() {
        for (body, words) in [
            ("not json imds-secret", "not JSON"),
            (
                r#"{"Code": "Failure", "AccessKeyId": "A", "SecretAccessKey": "imds-secret"}"#,
                "Failure",
            ),
            (r#"{"Code": "Success", "AccessKeyId": "A"}"#, "lacks"),
        ] {
            let mut flow = Imds::at(Endpoint::parse(IPV4_ENDPOINT).unwrap()).credentials_flow();
            sent(flow.resume(Event::Start));
            sent(flow.resume(ok(200, "token")));
            sent(flow.resume(ok(200, "role")));
            let Step::Done(Err(error)) = flow.resume(ok(200, body)) else {
                panic!("expected an error for {body}");
            };
            assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
            let text = error.to_string();
            assert!(
                text.contains(words) && !text.contains("imds-secret"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_region_flow_reads_the_placement() {
        let mut flow = Imds::at(Endpoint::parse("http://[fd00:ec2::254]").unwrap()).region_flow();
        assert_eq!(
            sent(flow.resume(Event::Start)).url(),
            "http://[fd00:ec2::254]/latest/api/token"
        );
        let region = sent(flow.resume(ok(200, "t")));
        assert_eq!(region.uri, "/latest/meta-data/placement/region");
        let Step::Done(Ok(region)) = flow.resume(ok(200, "eu-west-3\n")) else {
            panic!("expected the region");
        };
        assert_eq!(region, "eu-west-3");
    }

    #[test]
    fn disabled_means_not_found_and_nothing_sent() {
        let environment = Environment::from_vars([("AWS_EC2_METADATA_DISABLED", "TRUE")]);
        let error = ImdsProvider::new(ProviderContext::new(environment), None)
            .provide_credentials()
            .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
        assert!(
            error.message().contains("AWS_EC2_METADATA_DISABLED"),
            "{error}"
        );
        let no_transport = ImdsProvider::new(
            ProviderContext::new(Environment::from_vars([("X", "")])),
            None,
        )
        .provide_credentials()
        .unwrap_err();
        assert_eq!(no_transport.kind(), CredentialsErrorKind::NotFound);
        assert!(
            no_transport.message().contains("no blocking transport"),
            "{no_transport}"
        );
    }

    #[test]
    fn debug_leaves_the_token_out() {
        let mut flow = ImdsFlow::new(Endpoint::parse(IPV4_ENDPOINT).unwrap(), RegionQuery);
        let _ = flow.resume(Event::Start);
        let _ = flow.resume(ok(200, "secret-session-token"));
        let debug = format!("{flow:?}");
        assert!(!debug.contains("secret-session-token"), "{debug}");
    }
}
