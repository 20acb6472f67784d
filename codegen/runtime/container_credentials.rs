//! Credentials from the endpoint a container platform runs beside the
//! container: ECS (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, on
//! `169.254.170.2`) and EKS Pod Identity or others
//! (`AWS_CONTAINER_CREDENTIALS_FULL_URI`), with an `Authorization` header
//! from `AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)`.

use std::fmt;
use std::net::IpAddr;
use std::path::Path;

use super::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, JsonCredentialsKeys, ProvideCredentials,
    credentials_from_json,
};
use super::env::Environment;
use super::fetch::{Attempts, ProviderContext, RetryPolicy, excerpt, request};
use super::flow::{Event, Flow, Step};
use super::http::{HttpRequest, HttpResponse, Scheme};
use super::transport::BoxFuture;

/// The host of ECS's credentials endpoint, which relative URIs are on.
pub const ECS_HOST: &str = "169.254.170.2";

/// The hosts besides loopback ones that a full URI may name over plain
/// HTTP: ECS's, and EKS Pod Identity's IPv4 and IPv6 addresses.
const ALLOWED_HTTP_HOSTS: [&str; 3] = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"];

const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

/// How errors name this source.
const SOURCE: &str = "container credentials endpoint";

fn error(kind: CredentialsErrorKind, message: impl Into<String>) -> CredentialsError {
    CredentialsError::new(kind, SOURCE, message)
}

fn invalid(message: impl Into<String>) -> CredentialsError {
    error(CredentialsErrorKind::Invalid, message)
}

/// Where the credentials are asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerUrl {
    scheme: Scheme,
    /// `host[:port]`.
    authority: String,
    /// The path with any query.
    uri: String,
}

impl fmt::Display for ContainerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority,
            self.uri
        )
    }
}

/// The URL the environment gives: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// on [`ECS_HOST`], else `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which must be
/// HTTPS or name a loopback host or one of the container platforms'
/// addresses. `NotFound` when neither is set; `Invalid` for a URL that is
/// malformed or not allowed.
pub fn credentials_url(environment: &Environment) -> Result<ContainerUrl, CredentialsError> {
    if let Some(relative) = environment.non_empty_var(RELATIVE_URI) {
        let uri = if relative.starts_with('/') {
            relative
        } else {
            format!("/{relative}")
        };
        return Ok(ContainerUrl {
            scheme: Scheme::Http,
            authority: ECS_HOST.to_owned(),
            uri,
        });
    }
    let Some(full) = environment.non_empty_var(FULL_URI) else {
        return Err(error(
            CredentialsErrorKind::NotFound,
            format!("neither {RELATIVE_URI} nor {FULL_URI} is set"),
        ));
    };
    let url =
        parse_url(&full).map_err(|problem| invalid(format!("{FULL_URI} {full:?} {problem}")))?;
    if url.scheme == Scheme::Http && !allowed_http_host(host_of(&url.authority)) {
        return Err(invalid(format!(
            "{FULL_URI} {full:?} is plain HTTP to a host that is neither loopback nor a container \
             platform's address ({}); use HTTPS",
            ALLOWED_HTTP_HOSTS.join(", ")
        )));
    }
    Ok(url)
}

/// `scheme://authority[/path][?query]`; the problem in words otherwise.
fn parse_url(text: &str) -> Result<ContainerUrl, String> {
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err("did not specify a host (it is not an absolute http(s) URL)".to_owned());
    };
    let scheme = if scheme.eq_ignore_ascii_case("http") {
        Scheme::Http
    } else if scheme.eq_ignore_ascii_case("https") {
        Scheme::Https
    } else {
        return Err(format!(
            "has the scheme `{scheme}`; only http and https are allowed"
        ));
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, uri) = rest.split_at(end);
    if authority.is_empty() {
        return Err("did not specify a host".to_owned());
    }
    if authority.contains(|c: char| c.is_whitespace() || c.is_control() || c == '@') {
        return Err("has an invalid host".to_owned());
    }
    let uri = uri.split('#').next().unwrap_or_default();
    let uri = if uri.starts_with('/') {
        uri.to_owned()
    } else {
        format!("/{uri}")
    };
    Ok(ContainerUrl {
        scheme,
        authority: authority.to_owned(),
        uri,
    })
}

/// The host of `host[:port]`, without an IPv6 address's brackets.
fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or_default();
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _port)| host)
}

fn allowed_http_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match host.parse::<IpAddr>() {
        Ok(address) => {
            address.is_loopback()
                || ALLOWED_HTTP_HOSTS.iter().any(|allowed| {
                    allowed
                        .parse::<IpAddr>()
                        .is_ok_and(|allowed| allowed == address)
                })
        }
        Err(_) => false,
    }
}

/// The `Authorization` header's value: the token file's contents (read anew
/// each time: platforms rotate it), else the token variable; `None` when
/// neither is set.
fn authorization(environment: &Environment) -> Result<Option<String>, CredentialsError> {
    let (token, origin) = match environment.non_empty_var(TOKEN_FILE) {
        Some(path) => (read_token_file(environment, &path)?, TOKEN_FILE),
        None => match environment.non_empty_var(TOKEN) {
            Some(token) => (token, TOKEN),
            None => return Ok(None),
        },
    };
    let token = token.trim();
    if token.is_empty() || token.contains(|c: char| c.is_control()) {
        return Err(invalid(format!(
            "the authorization token from {origin} is empty or holds line breaks or other \
             control characters, which a header cannot"
        )));
    }
    Ok(Some(token.to_owned()))
}

fn read_token_file(environment: &Environment, path: &str) -> Result<String, CredentialsError> {
    match environment.read_file(Path::new(path)) {
        Ok(Some(token)) => Ok(token),
        Ok(None) => Err(invalid(format!(
            "{TOKEN_FILE} names `{path}`, which does not exist"
        ))),
        Err(error) => Err(invalid(format!(
            "cannot read {TOKEN_FILE} `{path}`: {error}"
        ))),
    }
}

/// One `GET`, tried as [`RetryPolicy::METADATA`] says.
struct ContainerFlow {
    url: ContainerUrl,
    request: HttpRequest,
    attempts: Attempts,
}

impl ContainerFlow {
    fn new(url: ContainerUrl, authorization: Option<String>) -> Self {
        let mut request = request("GET", url.scheme, &url.authority, url.uri.clone());
        if let Some(token) = authorization {
            request.set_header("Authorization", token);
        }
        ContainerFlow {
            url,
            request,
            attempts: Attempts::new(RetryPolicy::METADATA),
        }
    }

    fn send(&self) -> Step<Result<Credentials, CredentialsError>> {
        Step::Send {
            request: self.request.clone(),
            timeout: self.attempts.timeout(),
        }
    }

    fn read(&self, response: HttpResponse) -> Result<Credentials, CredentialsError> {
        let url = &self.url;
        if !response.is_success() {
            return Err(invalid(format!(
                "{url} answered HTTP {}: {}",
                response.status,
                excerpt(&response.body)
            )));
        }
        let problem = |what: String| invalid(format!("the answer of {url} {what}"));
        let text =
            std::str::from_utf8(&response.body).map_err(|_| problem("is not UTF-8".to_owned()))?;
        let document = super::json::parse(text)
            .map_err(|error| problem(format!("is not JSON (at byte {})", error.offset())))?;
        credentials_from_json(&document, &JsonCredentialsKeys::METADATA).map_err(problem)
    }
}

impl Flow for ContainerFlow {
    type Output = Result<Credentials, CredentialsError>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match event {
            Event::Start | Event::Slept => self.send(),
            Event::Response(result) => {
                if let Some(wait) = self.attempts.retry_after(&result) {
                    return Step::Sleep(wait);
                }
                Step::Done(match result {
                    Ok(response) => self.read(response),
                    Err(error) => Err(invalid(format!(
                        "cannot reach {} ({} attempts): {error}",
                        self.url,
                        self.attempts.made()
                    ))),
                })
            }
            Event::Credentials(_) => Step::Done(Err(invalid(
                "the flow was given credentials it never asked for",
            ))),
        }
    }
}

/// The container credentials endpoint, when the environment names one.
#[derive(Clone, Debug)]
pub struct ContainerProvider {
    context: ProviderContext,
}

impl ContainerProvider {
    /// The endpoint `context`'s environment names, through its metadata
    /// transports.
    pub fn new(context: ProviderContext) -> Self {
        ContainerProvider { context }
    }

    fn flow(&self) -> Result<ContainerFlow, CredentialsError> {
        let environment = &self.context.environment;
        let url = credentials_url(environment)?;
        Ok(ContainerFlow::new(url, authorization(environment)?))
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.context
            .metadata_transports
            .run(SOURCE, CredentialsErrorKind::Unsupported, self.flow())
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.context.metadata_transports.run_async(
            SOURCE,
            CredentialsErrorKind::Unsupported,
            self.flow(),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::transport::{TransportError, TransportErrorKind};
    use super::*;

    fn url(vars: &[(&str, &str)]) -> Result<String, CredentialsError> {
        credentials_url(&Environment::from_vars(vars.iter().copied())).map(|url| url.to_string())
    }

    #[test]
    fn plain_http_is_allowed_only_to_loopback_and_the_platforms_addresses() {
        for allowed in [
            "http://127.0.0.1:9000/creds",
            "http://127.1.2.3/creds",
            "http://[::1]:80/creds",
            "http://LOCALHOST/creds",
            "http://169.254.170.23/v1/credentials",
        ] {
            assert_eq!(url(&[(FULL_URI, allowed)]).unwrap(), allowed);
        }
        for refused in [
            "http://169.254.169.254/creds",
            "http://example.com/creds",
            "http://[fd00:ec2::24]/x",
        ] {
            let error = url(&[(FULL_URI, refused)]).unwrap_err();
            assert_eq!(error.kind(), CredentialsErrorKind::Invalid, "{refused}");
            assert!(error.message().contains("use HTTPS"), "{error}");
        }
        let scheme = url(&[(FULL_URI, "ftp://127.0.0.1/x")]).unwrap_err();
        assert!(scheme.message().contains("scheme"), "{scheme}");
        assert_eq!(
            url(&[(RELATIVE_URI, "creds")]).unwrap(),
            "http://169.254.170.2/creds"
        );
    }

    fn provider_flow(
        vars: &[(&str, &str)],
        files: &[(&str, &str)],
    ) -> Result<ContainerFlow, CredentialsError> {
        let mut environment = Environment::from_vars(vars.iter().copied());
        for (path, contents) in files {
            environment = environment.with_file(*path, *contents);
        }
        ContainerProvider::new(ProviderContext::new(environment)).flow()
    }

    fn sent(step: Step<Result<Credentials, CredentialsError>>) -> HttpRequest {
        match step {
            Step::Send { request, timeout } => {
                assert_eq!(timeout, Some(Duration::from_secs(1)));
                request
            }
            other => panic!("expected a request, got {other:?}"),
        }
    }

    #[test]
    fn the_flow_sends_the_token_and_reads_the_credentials() {
        let mut flow = provider_flow(
            &[
                (FULL_URI, "http://169.254.170.23/v1/credentials"),
                (TOKEN_FILE, "/var/token"),
                (TOKEN, "ignored"),
            ],
            &[("/var/token", "file-token\n")],
        )
        .unwrap();
        let request = sent(flow.resume(Event::Start));
        assert_eq!(
            (request.method, request.url().as_str()),
            ("GET", "http://169.254.170.23/v1/credentials")
        );
        assert_eq!(request.header("Authorization"), Some("file-token"));
        let body = r#"{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "s", "Token": "t", "Expiration": "2030-01-01T00:00:00Z", "RoleArn": "arn"}"#;
        let Step::Done(Ok(credentials)) = flow.resume(Event::Response(Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }))) else {
            panic!("expected credentials");
        };
        assert_eq!(credentials.access_key_id(), "ASIACONTAINER");
        assert_eq!(credentials.session_token(), Some("t"));

        let mut flow = provider_flow(&[(RELATIVE_URI, "/v2/creds?id=1")], &[]).unwrap();
        let request = sent(flow.resume(Event::Start));
        assert_eq!(request.url(), "http://169.254.170.2/v2/creds?id=1");
        assert_eq!(request.header("Authorization"), None);
    }

    #[test]
    fn failures_say_what_went_wrong() {
        let missing = provider_flow(&[(RELATIVE_URI, "/c"), (TOKEN_FILE, "/nowhere")], &[])
            .err()
            .unwrap();
        assert!(missing.message().contains("does not exist"), "{missing}");
        let newline = provider_flow(&[(RELATIVE_URI, "/c"), (TOKEN, "a\nb")], &[])
            .err()
            .unwrap();
        assert!(newline.message().contains("line breaks"), "{newline}");
        assert!(!newline.to_string().contains("a\nb"));

        let mut flow = provider_flow(&[(RELATIVE_URI, "/c")], &[]).unwrap();
        sent(flow.resume(Event::Start));
        let Step::Done(Err(error)) = flow.resume(Event::Response(Ok(HttpResponse {
            status: 403,
            headers: Vec::new(),
            body: br#"{"message": "bad token"}"#.to_vec(),
        }))) else {
            panic!("a 403 is final");
        };
        assert!(
            error.message().contains("HTTP 403") && error.message().contains("bad token"),
            "{error}"
        );

        let mut flow = provider_flow(&[(RELATIVE_URI, "/c")], &[]).unwrap();
        sent(flow.resume(Event::Start));
        let refused = || {
            Event::Response(Err(TransportError::new(
                TransportErrorKind::Connect,
                "http://169.254.170.2/c",
                "refused",
            )))
        };
        for _ in 0..3 {
            assert!(matches!(flow.resume(refused()), Step::Sleep(_)));
            sent(flow.resume(Event::Slept));
        }
        let Step::Done(Err(error)) = flow.resume(refused()) else {
            panic!("four attempts in all");
        };
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert!(error.message().contains("cannot reach"), "{error}");
    }

    #[test]
    fn debug_of_the_provider_hides_the_token() {
        let provider = ContainerProvider::new(ProviderContext::new(Environment::from_vars([(
            TOKEN,
            "very-secret",
        )])));
        assert!(!format!("{provider:?}").contains("very-secret"));
    }
}
