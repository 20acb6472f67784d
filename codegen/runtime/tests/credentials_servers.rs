//! The network credential sources against small HTTP servers on loopback
//! that play IMDS, a container endpoint, STS and the SSO portal, through
//! the default transports: blocking (`ureq`) and async (`hyper`), and
//! through `Config::from_environment` as a user gets them.
#![cfg(feature = "ureq")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use runtime::config::{Config, ConfigBuilder, TimeSource};
use runtime::container_credentials::ContainerProvider;
use runtime::credentials::{CredentialsError, CredentialsErrorKind, ProvideCredentials};
use runtime::env::Environment;
use runtime::fetch::{ProviderContext, Transports};
use runtime::http::{HttpRequest, Scheme};
use runtime::imds::ImdsProvider;
use runtime::sigv4::SigningParams;
use runtime::sso::SsoConfig;
use runtime::transport::UreqTransport;

/// A request as a server received it.
#[derive(Clone, Debug)]
struct Received {
    method: String,
    /// The path with its query.
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn form(&self, key: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (name == key).then(|| percent_decode(value))
        })
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

type Handler = dyn Fn(&Received) -> (u16, String) + Send + Sync;

/// A server on a loopback port that answers each request with `handler`,
/// one connection at a time, and keeps what it received.
struct Server {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    fn start(handler: impl Fn(&Received) -> (u16, String) + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (log.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, handler.as_ref()));
            }
        });
        Server { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Received>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, value)| value.parse().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let received = Received {
        method,
        target,
        headers,
        body: String::from_utf8(body).unwrap(),
    };
    let (status, body) = handler(&received);
    log.lock().unwrap().push(received);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// A port nothing listens on.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[derive(Debug)]
struct Fixed;

const NOW_SECS: u64 = 1_700_000_000;

impl TimeSource for Fixed {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW_SECS)
    }
}

fn blocking_context(environment: Environment) -> ProviderContext {
    let mut context = ProviderContext::new(environment);
    let transport = Arc::new(UreqTransport::with_timeouts(
        Duration::from_secs(1),
        Duration::from_secs(1),
    ));
    context.transports = Transports::none().with_blocking(transport.clone());
    context.metadata_transports = Transports::none().with_blocking(transport);
    context
}

const ROLE_JSON: &str = r#"{"Code": "Success", "LastUpdated": "2023-11-14T00:00:00Z", "Type": "AWS-HMAC",
    "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret", "Token": "imds-token",
    "Expiration": "2030-01-01T00:00:00Z"}"#;

/// IMDS with a role `web-role`, which accepts only the token it gave.
fn fake_imds(token: &'static str, accepted: &'static str) -> Server {
    Server::start(move |request| {
        if request.method == "PUT" && request.target == "/latest/api/token" {
            return match request.header("x-aws-ec2-metadata-token-ttl-seconds") {
                Some("21600") => (200, token.to_owned()),
                _ => (400, "no TTL".to_owned()),
            };
        }
        if request.header("x-aws-ec2-metadata-token") != Some(accepted) {
            return (401, String::new());
        }
        match request.target.as_str() {
            "/latest/meta-data/iam/security-credentials/" => (200, "web-role".to_owned()),
            "/latest/meta-data/iam/security-credentials/web-role" => (200, ROLE_JSON.to_owned()),
            "/latest/meta-data/placement/region" => (200, "eu-central-1".to_owned()),
            _ => (404, String::new()),
        }
    })
}

fn imds_environment(server_url: &str) -> Environment {
    Environment::from_vars([("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_url)])
}

#[test]
fn imds_gives_the_roles_credentials_with_a_session_token() {
    let server = fake_imds("session-1", "session-1");
    let provider = ImdsProvider::new(blocking_context(imds_environment(&server.url)), None);
    let credentials = provider.provide_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIMDS");
    assert_eq!(credentials.session_token(), Some("imds-token"));
    let received = server.received();
    let calls: Vec<(&str, &str)> = received
        .iter()
        .map(|request| (request.method.as_str(), request.target.as_str()))
        .collect();
    assert_eq!(
        calls,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            ("GET", "/latest/meta-data/iam/security-credentials/web-role"),
        ]
    );
    assert!(
        received[1..]
            .iter()
            .all(|request| request.header("x-aws-ec2-metadata-token") == Some("session-1"))
    );
}

#[test]
fn imds_refusing_the_token_gets_one_new_token_then_an_error() {
    let server = fake_imds("given", "some-other-token");
    let provider = ImdsProvider::new(blocking_context(imds_environment(&server.url)), None);
    let error = provider.provide_credentials().unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    assert!(error.to_string().contains("HTTP 401"), "{error}");
    let methods: Vec<String> = server
        .received()
        .iter()
        .map(|request| request.method.clone())
        .collect();
    assert_eq!(methods, ["PUT", "GET", "PUT", "GET"]);
}

#[test]
fn imds_that_is_down_is_tried_four_times_and_not_found() {
    let url = closed_port_url();
    let provider = ImdsProvider::new(blocking_context(imds_environment(&url)), None);
    let started = Instant::now();
    let error = provider.provide_credentials().unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
    let text = error.to_string();
    assert!(
        text.contains("cannot reach it") && text.contains("4 attempts") && text.contains(&url),
        "{text}"
    );
    // Three backoffs (0.1 + 0.2 + 0.4 s), no long timeouts.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_config_takes_region_and_credentials_from_imds_when_nothing_else_has_them() {
    let server = fake_imds("t", "t");
    let environment = Environment::from_vars([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url.as_str()),
        ("HOME", "/nowhere"),
    ]);
    let config = Config::from_environment(environment).unwrap();
    assert_eq!(
        format!("{:?}", config.region().unwrap()),
        "eu-central-1 (from the instance metadata service)"
    );
    let credentials = config.credentials().provide_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAIMDS");
    // Cached: asking again sends nothing.
    let sent = server.received().len();
    config.credentials().provide_credentials().unwrap();
    assert_eq!(server.received().len(), sent);
}

fn container_server() -> Server {
    Server::start(|request| {
        match request.header("Authorization") {
        Some("pod-token") => (
            200,
            r#"{"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "c-secret", "Token": "c-token", "Expiration": "2030-01-01T00:00:00Z"}"#.to_owned(),
        ),
        _ => (401, r#"{"code": "Unauthorized", "message": "bad token"}"#.to_owned()),
    }
    })
}

#[test]
fn the_container_endpoint_gets_the_authorization_token() {
    let server = container_server();
    let full_uri = format!("{}/v1/credentials?x=1", server.url);
    let with_file = Environment::from_vars([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            "/var/run/pod-token",
        ),
    ])
    .with_file("/var/run/pod-token", "pod-token\n");
    let credentials = ContainerProvider::new(blocking_context(with_file))
        .provide_credentials()
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIACONTAINER");
    let received = server.received();
    assert_eq!(
        (received[0].method.as_str(), received[0].target.as_str()),
        ("GET", "/v1/credentials?x=1")
    );

    let wrong = Environment::from_vars([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "stale"),
    ]);
    let error = ContainerProvider::new(blocking_context(wrong))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    let text = error.to_string();
    assert!(
        text.starts_with("container credentials endpoint: ") && text.contains("HTTP 401"),
        "{text}"
    );
    assert!(!text.contains("stale"), "{text}");
}

const STS_CREDENTIALS: &str = "<Credentials><AccessKeyId>ASIA{}</AccessKeyId>\
    <SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken>\
    <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>";

/// STS: answers `AssumeRole` for the role `…/allowed` with credentials named
/// after the role's session, and `AccessDenied` for any other role.
fn fake_sts() -> Server {
    Server::start(|request| {
        let action = request.form("Action").unwrap_or_default();
        let role = request.form("RoleArn").unwrap_or_default();
        if !role.ends_with("/allowed") {
            return (
                403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
                 <Message>User is not authorized to perform: sts:AssumeRole</Message></Error>\
                 <RequestId>1</RequestId></ErrorResponse>"
                    .to_owned(),
            );
        }
        let credentials = STS_CREDENTIALS.replace("{}", &action.to_ascii_uppercase());
        (
            200,
            format!(
                "<{action}Response><{action}Result>{credentials}</{action}Result></{action}Response>"
            ),
        )
    })
}

/// Checks `request`'s signature as STS would: recomputed over the headers it
/// names, with `secret`.
fn assert_signed_by(request: &Received, access_key_id: &str, secret: &str, region: &str) {
    let authorization = request.header("Authorization").expect("a signed request");
    assert!(
        authorization.contains(&format!("Credential={access_key_id}/")),
        "{authorization}"
    );
    let signed: Vec<&str> = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap()
        .split(';')
        .collect();
    let host = request.header("Host").unwrap().to_owned();
    let rebuilt = HttpRequest {
        method: "POST",
        scheme: Scheme::Http,
        host,
        uri: request.target.clone(),
        headers: request
            .headers
            .iter()
            .filter(|(name, _)| {
                signed.contains(&name.to_ascii_lowercase().as_str())
                    && !name.eq_ignore_ascii_case("host")
            })
            .cloned()
            .collect(),
        body: request.body.clone().into_bytes(),
    };
    let credentials = runtime::credentials::Credentials::new(access_key_id, secret, None);
    let params = SigningParams {
        credentials: &credentials,
        region,
        service: "sts",
        time: Fixed.now(),
    };
    let expected = runtime::sigv4::signature(&rebuilt, &params).unwrap();
    assert_eq!(authorization, expected.authorization());
}

const ROLES: &str = "\
[profile assumer]
role_arn = arn:aws:iam::123456789012:role/allowed
source_profile = base
external_id = the-external-id
role_session_name = the-session

[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret

[profile denied]
role_arn = arn:aws:iam::123456789012:role/denied
source_profile = base
";

fn config_with(
    vars: &[(&str, &str)],
    files: &[(&str, &str)],
) -> Result<Config, runtime::config::ConfigError> {
    let mut vars = vars.to_vec();
    vars.extend([("HOME", "/home/me"), ("AWS_EC2_METADATA_DISABLED", "true")]);
    let mut environment = Environment::from_vars(vars);
    for (path, contents) in files {
        environment = environment.with_file(*path, *contents);
    }
    ConfigBuilder::default()
        .time_source(Fixed)
        .build_from(environment)
}

#[test]
fn a_profile_role_is_assumed_at_sts_signed_with_the_source_profiles_keys() {
    let sts = fake_sts();
    let config = config_with(
        &[
            ("AWS_PROFILE", "assumer"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL_STS", &sts.url),
        ],
        &[("/home/me/.aws/config", ROLES)],
    )
    .unwrap();
    let credentials = config.credentials().provide_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAASSUMEROLE");
    assert_eq!(credentials.session_token(), Some("sts-token"));
    let received = sts.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/")
    );
    assert_eq!(request.form("Version").as_deref(), Some("2011-06-15"));
    assert_eq!(
        request.form("RoleArn").as_deref(),
        Some("arn:aws:iam::123456789012:role/allowed")
    );
    assert_eq!(
        request.form("RoleSessionName").as_deref(),
        Some("the-session")
    );
    assert_eq!(
        request.form("ExternalId").as_deref(),
        Some("the-external-id")
    );
    assert_signed_by(request, "AKIDBASE", "base-secret", "eu-west-1");
}

#[test]
fn an_sts_error_is_reported_by_code_and_message() {
    let sts = fake_sts();
    let config = config_with(
        &[("AWS_PROFILE", "denied"), ("AWS_ENDPOINT_URL", &sts.url)],
        &[("/home/me/.aws/config", ROLES)],
    )
    .unwrap();
    let error = config.credentials().provide_credentials().unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    assert_eq!(
        error.to_string(),
        "profile `denied`: STS AssumeRole of `arn:aws:iam::123456789012:role/denied`: AccessDenied \
         (HTTP 403): User is not authorized to perform: sts:AssumeRole"
    );
    // Without a region, the global endpoint's region signs.
    assert!(
        sts.received()[0]
            .header("Authorization")
            .unwrap()
            .contains("/us-east-1/sts/")
    );
}

#[test]
fn web_identity_from_the_environment_comes_before_the_container_and_is_unsigned() {
    let sts = fake_sts();
    let container = container_server();
    let full_uri = format!("{}/creds", container.url);
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/oidc"),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/allowed"),
        ("AWS_ENDPOINT_URL_STS", sts.url.as_str()),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-token"),
    ];
    let config = config_with(&vars, &[("/var/run/oidc", "oidc-token")]).unwrap();
    let credentials = config.credentials().provide_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIAASSUMEROLEWITHWEBIDENTITY");
    let request = &sts.received()[0];
    assert_eq!(
        request.form("WebIdentityToken").as_deref(),
        Some("oidc-token")
    );
    assert!(
        request
            .form("RoleSessionName")
            .unwrap()
            .starts_with("rust-runtime-")
    );
    assert_eq!(request.header("Authorization"), None);
    assert!(container.received().is_empty());

    // Without web identity, the container endpoint is next.
    let config = config_with(&vars[3..], &[]).unwrap();
    assert_eq!(
        config
            .credentials()
            .provide_credentials()
            .unwrap()
            .access_key_id(),
        "ASIACONTAINER"
    );
}

const SSO_PROFILE: &str = "\
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Developer

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
";

fn sso_cache_path() -> String {
    let profiles = runtime::profile::ProfileSet::from_texts(SSO_PROFILE, "").unwrap();
    let config = SsoConfig::from_profile(&profiles, profiles.profile("dev").unwrap()).unwrap();
    let environment = Environment::from_vars([("HOME", "/home/me")]);
    config
        .cache_path(&environment)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn sso_sends_the_cached_token_to_the_portal() {
    let portal = Server::start(|request| {
        match request.header("x-amz-sso_bearer_token") {
        Some("cached-access-token") => (
            200,
            r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "sso-secret", "sessionToken": "sso-token", "expiration": 1893456000000}}"#.to_owned(),
        ),
        _ => (401, r#"{"message": "Session token not found or invalid"}"#.to_owned()),
    }
    });
    let cache = r#"{"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1",
        "accessToken": "cached-access-token", "expiresAt": "2030-01-01T00:00:00Z"}"#;
    let path = sso_cache_path();
    let config = config_with(
        &[
            ("AWS_PROFILE", "dev"),
            ("AWS_ENDPOINT_URL_SSO", &portal.url),
        ],
        &[("/home/me/.aws/config", SSO_PROFILE), (&path, cache)],
    )
    .unwrap();
    let credentials = config.credentials().provide_credentials().unwrap();
    assert_eq!(credentials.access_key_id(), "ASIASSO");
    let request = &portal.received()[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        (
            "GET",
            "/federation/credentials?account_id=111122223333&role_name=Developer"
        )
    );
}

#[test]
fn an_expired_sso_token_says_to_log_in_again() {
    let expired = r#"{"accessToken": "old-token", "expiresAt": "2023-01-01T00:00:00Z"}"#;
    let path = sso_cache_path();
    let config = config_with(
        &[("AWS_PROFILE", "dev")],
        &[("/home/me/.aws/config", SSO_PROFILE), (&path, expired)],
    )
    .unwrap();
    let error = config.credentials().provide_credentials().unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
    let text = error.to_string();
    assert!(
        text.starts_with(
            "profile `dev`: SSO: the SSO token for https://corp.awsapps.com/start expired"
        ) && text.ends_with("run `aws sso login --profile dev` to sign in again"),
        "{text}"
    );
    assert!(!text.contains("old-token"));
}

#[test]
fn nothing_anywhere_lists_every_source_tried() {
    let config = config_with(&[], &[]).unwrap();
    let error: CredentialsError = config.credentials().provide_credentials().unwrap_err();
    let text = error.to_string();
    assert_eq!(error.tried().len(), 5, "{text}");
    assert!(
        text.starts_with("no credentials: none of the 5 sources tried has any"),
        "{text}"
    );
}

/// The same servers through the async transport and sleep.
#[cfg(feature = "hyper")]
mod asynchronous {
    use runtime::async_transport::{HyperTransport, TokioSleep};

    use super::*;

    fn async_context(environment: Environment) -> ProviderContext {
        let mut context = ProviderContext::new(environment);
        let transport = Arc::new(HyperTransport::with_timeouts(
            Duration::from_secs(1),
            Duration::from_secs(1),
        ));
        context.transports = Transports::none().with_async(transport.clone(), Arc::new(TokioSleep));
        context.metadata_transports =
            Transports::none().with_async(transport, Arc::new(TokioSleep));
        context
    }

    #[tokio::test]
    async fn imds_container_and_the_imds_region_answer_async_callers() {
        let imds = fake_imds("t", "t");
        let provider = ImdsProvider::new(async_context(imds_environment(&imds.url)), None);
        assert_eq!(
            provider
                .provide_credentials_async()
                .await
                .unwrap()
                .access_key_id(),
            "ASIAIMDS"
        );
        // Without a blocking transport, the blocking call says so.
        let error = provider.provide_credentials().unwrap_err();
        assert!(
            error.to_string().contains("no blocking transport"),
            "{error}"
        );
        let transports = async_context(Environment::default()).metadata_transports;
        let region =
            runtime::imds::region_async(&imds_environment(&imds.url), None, &transports).await;
        assert_eq!(region.unwrap(), "eu-central-1");

        let container = container_server();
        let environment = Environment::from_vars([
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                format!("{}/creds", container.url),
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "pod-token".to_owned()),
        ]);
        let credentials = ContainerProvider::new(async_context(environment))
            .provide_credentials_async()
            .await;
        assert_eq!(credentials.unwrap().access_key_id(), "ASIACONTAINER");
    }

    #[tokio::test]
    async fn imds_down_is_retried_with_the_async_sleep() {
        let provider = ImdsProvider::new(async_context(imds_environment(&closed_port_url())), None);
        let error = provider.provide_credentials_async().await.unwrap_err();
        assert!(error.to_string().contains("4 attempts"), "{error}");
    }

    #[tokio::test]
    async fn the_config_assumes_roles_for_async_callers() {
        let sts = fake_sts();
        let config = config_with(
            &[
                ("AWS_PROFILE", "assumer"),
                ("AWS_REGION", "eu-west-1"),
                ("AWS_ENDPOINT_URL_STS", &sts.url),
            ],
            &[("/home/me/.aws/config", ROLES)],
        )
        .unwrap();
        let credentials = config
            .credentials()
            .provide_credentials_async()
            .await
            .unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAASSUMEROLE");
        assert_signed_by(&sts.received()[0], "AKIDBASE", "base-secret", "eu-west-1");
    }
}
