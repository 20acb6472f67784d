//! AWS STS, for the two calls credential sources make: `AssumeRole` (signed
//! with the source credentials) and `AssumeRoleWithWebIdentity` (unsigned:
//! the web identity token is the proof). Both are small awsQuery requests,
//! `POST /` of a form, answered in XML.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::config::TimeSource;
use super::credentials::{Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials};
use super::datetime::TimestampFormat;
use super::env::Environment;
use super::fetch::{Attempts, ProviderContext, RetryPolicy, excerpt};
use super::flow::{Event, Flow, Step};
use super::http::{Endpoint, HttpRequest, HttpResponse};
use super::query::QueryWriter;
use super::sigv4::SigningParams;
use super::transport::BoxFuture;
use super::xml::{DeserializeError, DeserializeErrorKind, XmlReader};

const VERSION: &str = "2011-06-15";
const SIGNING_NAME: &str = "sts";
/// The region the global endpoint signs for.
const GLOBAL_REGION: &str = "us-east-1";

/// The role to assume, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeRoleParams {
    /// The role to assume.
    pub role_arn: String,
    /// `RoleSessionName`; [`default_session_name`] when `None`.
    pub session_name: Option<String>,
    /// `ExternalId`, which the role's trust policy may require.
    pub external_id: Option<String>,
    /// `DurationSeconds`; STS's default (an hour) when `None`.
    pub duration_seconds: Option<u32>,
}

impl AssumeRoleParams {
    /// `role_arn`, with every other parameter left to STS.
    pub fn new(role_arn: impl Into<String>) -> Self {
        AssumeRoleParams {
            role_arn: role_arn.into(),
            session_name: None,
            external_id: None,
            duration_seconds: None,
        }
    }
}

/// A role to assume with a web identity (OIDC) token read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebIdentityParams {
    /// The role to assume.
    pub role_arn: String,
    /// Read anew on every call: platforms rotate the token.
    pub token_file: PathBuf,
    /// `RoleSessionName`; [`default_session_name`] when `None`.
    pub session_name: Option<String>,
}

/// A session name for when none is configured: `rust-runtime-<millis>`.
pub fn default_session_name(now: SystemTime) -> String {
    let millis = now
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis());
    format!("rust-runtime-{millis}")
}

/// Where STS requests go and the region they are signed for: `url` when
/// given (a local server, a VPC endpoint), else the regional endpoint of
/// `region`, else the global `https://sts.amazonaws.com`.
pub fn endpoint(
    region: Option<&str>,
    url: Option<&str>,
) -> Result<(Endpoint, String), CredentialsError> {
    let signing_region = region.unwrap_or(GLOBAL_REGION).to_owned();
    let url = match (url, region) {
        (Some(url), _) => url.to_owned(),
        (None, Some(region)) if region.starts_with("cn-") => {
            format!("https://sts.{region}.amazonaws.com.cn")
        }
        (None, Some(region)) => format!("https://sts.{region}.amazonaws.com"),
        (None, None) => "https://sts.amazonaws.com".to_owned(),
    };
    let endpoint = Endpoint::parse(&url).map_err(|error| {
        CredentialsError::new(
            CredentialsErrorKind::Invalid,
            "STS",
            format!("the endpoint {url:?} is not valid: {error}"),
        )
    })?;
    Ok((endpoint, signing_region))
}

/// The request body of `AssumeRole`.
fn assume_role_body(params: &AssumeRoleParams, now: SystemTime) -> String {
    let mut query = QueryWriter::new("AssumeRole", VERSION);
    query.param("RoleArn").string(&params.role_arn);
    let session_name = session_name(params.session_name.as_deref(), now);
    query.param("RoleSessionName").string(&session_name);
    if let Some(external_id) = &params.external_id {
        query.param("ExternalId").string(external_id);
    }
    if let Some(duration) = params.duration_seconds {
        query.param("DurationSeconds").integer(duration);
    }
    query.finish()
}

/// The request body of `AssumeRoleWithWebIdentity`.
fn web_identity_body(params: &WebIdentityParams, token: &str, now: SystemTime) -> String {
    let mut query = QueryWriter::new("AssumeRoleWithWebIdentity", VERSION);
    query.param("RoleArn").string(&params.role_arn);
    let session_name = session_name(params.session_name.as_deref(), now);
    query.param("RoleSessionName").string(&session_name);
    query.param("WebIdentityToken").string(token);
    query.finish()
}

fn session_name(configured: Option<&str>, now: SystemTime) -> String {
    configured.map_or_else(|| default_session_name(now), str::to_owned)
}

/// One STS call: (for `AssumeRole`) the source credentials, then the
/// request, signed anew for each attempt, tried as [`RetryPolicy::SERVICE`]
/// says.
struct StsFlow<'a> {
    action: &'static str,
    /// How errors name this call.
    source: String,
    endpoint: Endpoint,
    signing_region: String,
    body: String,
    /// Whose credentials sign the request; `None`: it goes unsigned.
    signer: Option<&'a dyn ProvideCredentials>,
    credentials: Option<Credentials>,
    time_source: &'a dyn TimeSource,
    attempts: Attempts,
}

impl StsFlow<'_> {
    fn error(&self, message: impl Into<String>) -> CredentialsError {
        CredentialsError::new(CredentialsErrorKind::Invalid, self.source.clone(), message)
    }

    fn send(&self) -> Step<Result<Credentials, CredentialsError>> {
        let mut request = HttpRequest::form_post(
            &self.endpoint,
            self.endpoint.host().to_owned(),
            self.body.clone(),
        );
        if let Some(credentials) = &self.credentials {
            let params = SigningParams {
                credentials,
                region: &self.signing_region,
                service: SIGNING_NAME,
                time: self.time_source.now(),
            };
            if let Err(error) = super::sigv4::sign(&mut request, &params) {
                return Step::Done(Err(self.error(format!("cannot sign the request: {error}"))));
            }
        }
        Step::Send {
            request,
            timeout: self.attempts.timeout(),
        }
    }

    fn read(&self, response: HttpResponse) -> Result<Credentials, CredentialsError> {
        if response.is_success() {
            return read_credentials(self.action, &response.body)
                .map_err(|error| self.error(format!("its answer cannot be read: {error}")));
        }
        Err(
            self.error(match super::error::read_error_metadata(&response) {
                Ok(metadata) => format!(
                    "{} (HTTP {}): {}",
                    metadata.code(),
                    response.status,
                    metadata.message().unwrap_or("no message")
                ),
                Err(_) => format!("HTTP {}: {}", response.status, excerpt(&response.body)),
            }),
        )
    }
}

impl Flow for StsFlow<'_> {
    type Output = Result<Credentials, CredentialsError>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match event {
            Event::Start if self.signer.is_some() => Step::Credentials,
            Event::Start | Event::Slept => self.send(),
            Event::Credentials(Ok(credentials)) => {
                self.credentials = Some(credentials);
                self.send()
            }
            Event::Credentials(Err(error)) => Step::Done(Err(error.within(self.source.clone()))),
            Event::Response(result) => {
                if let Some(wait) = self.attempts.retry_after(&result) {
                    return Step::Sleep(wait);
                }
                Step::Done(match result {
                    Ok(response) => self.read(response),
                    Err(error) => Err(self.error(format!(
                        "no answer ({} attempts): {error}",
                        self.attempts.made()
                    ))),
                })
            }
        }
    }

    fn credentials(&self) -> Option<&dyn ProvideCredentials> {
        self.signer
    }
}

/// The `Credentials` of `<{action}Response><{action}Result>`.
fn read_credentials(action: &str, body: &[u8]) -> Result<Credentials, DeserializeError> {
    super::xml::read_document(body, &format!("{action}Response"), |reader, _| {
        let mut credentials = None;
        while let Some(child) = reader.next_child()? {
            if child.local_name() == format!("{action}Result") {
                credentials = read_result(reader)?.or(credentials);
            } else {
                reader.skip()?;
            }
        }
        credentials
            .ok_or_else(|| DeserializeError::missing_member("AssumeRoleResult", "Credentials"))
    })
}

fn read_result(reader: &mut XmlReader<'_>) -> Result<Option<Credentials>, DeserializeError> {
    let mut credentials = None;
    while let Some(child) = reader.next_child()? {
        if child.local_name() == "Credentials" {
            credentials = Some(read_credentials_element(reader)?);
        } else {
            reader.skip()?;
        }
    }
    Ok(credentials)
}

fn read_credentials_element(reader: &mut XmlReader<'_>) -> Result<Credentials, DeserializeError> {
    let (mut access_key_id, mut secret, mut token, mut expiration) = (None, None, None, None);
    while let Some(child) = reader.next_child()? {
        match child.local_name() {
            "AccessKeyId" => access_key_id = Some(reader.read_text()?),
            "SecretAccessKey" => secret = Some(reader.read_text()?),
            "SessionToken" => token = Some(reader.read_text()?),
            "Expiration" => {
                let text = reader.read_text()?;
                expiration = Some(super::xml::parse_timestamp(
                    &text,
                    TimestampFormat::DateTime,
                )?);
            }
            _ => reader.skip()?,
        }
    }
    let missing = |member| DeserializeError::missing_member("Credentials", member);
    let credentials = Credentials::new(
        access_key_id.ok_or_else(|| missing("AccessKeyId"))?,
        secret.ok_or_else(|| missing("SecretAccessKey"))?,
        token,
    );
    match expiration {
        None => Ok(credentials),
        Some(expiration) => {
            let expiry = SystemTime::try_from(expiration).map_err(|_| {
                reader.error(DeserializeErrorKind::Syntax(
                    "the Expiration is out of range".to_owned(),
                ))
            })?;
            Ok(credentials.with_expiry(expiry))
        }
    }
}

/// Assumes a role with the credentials of another provider, which may
/// itself assume a role.
#[derive(Clone, Debug)]
pub struct AssumeRoleProvider {
    params: AssumeRoleParams,
    source: Arc<dyn ProvideCredentials>,
    context: ProviderContext,
}

impl AssumeRoleProvider {
    /// Assumes the role of `params` with `source`'s credentials, at STS in
    /// `context`'s region (or its STS endpoint), through its transports.
    pub fn new(
        params: AssumeRoleParams,
        source: Arc<dyn ProvideCredentials>,
        context: ProviderContext,
    ) -> Self {
        AssumeRoleProvider {
            params,
            source,
            context,
        }
    }

    fn source_name(&self) -> String {
        format!("STS AssumeRole of `{}`", self.params.role_arn)
    }

    fn flow(&self) -> Result<StsFlow<'_>, CredentialsError> {
        let context = &self.context;
        let (endpoint, signing_region) =
            endpoint(context.region.as_deref(), context.sts_endpoint.as_deref())?;
        Ok(StsFlow {
            action: "AssumeRole",
            source: self.source_name(),
            endpoint,
            signing_region,
            body: assume_role_body(&self.params, context.time_source.now()),
            signer: Some(self.source.as_ref()),
            credentials: None,
            time_source: context.time_source.as_ref(),
            attempts: Attempts::new(RetryPolicy::SERVICE),
        })
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.context.transports.run(
            &self.source_name(),
            CredentialsErrorKind::Unsupported,
            self.flow(),
        )
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.context.transports.run_async(
            &self.source_name(),
            CredentialsErrorKind::Unsupported,
            self.flow(),
        )
    }
}

/// Assumes a role with a web identity token: the parameters of a profile
/// (`web_identity_token_file`), or the environment's
/// (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`).
#[derive(Clone)]
pub struct WebIdentityProvider {
    /// `None`: read from the environment on each call.
    params: Option<WebIdentityParams>,
    context: ProviderContext,
}

impl WebIdentityProvider {
    /// Assumes the role of `params`.
    pub fn new(params: WebIdentityParams, context: ProviderContext) -> Self {
        WebIdentityProvider {
            params: Some(params),
            context,
        }
    }

    /// Assumes the role the environment of `context` names; not found when
    /// `AWS_WEB_IDENTITY_TOKEN_FILE` is not set.
    pub fn from_environment(context: ProviderContext) -> Self {
        WebIdentityProvider {
            params: None,
            context,
        }
    }

    fn source_name(&self) -> &'static str {
        match self.params {
            Some(_) => "STS AssumeRoleWithWebIdentity",
            None => "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
        }
    }

    fn params(&self) -> Result<WebIdentityParams, CredentialsError> {
        if let Some(params) = &self.params {
            return Ok(params.clone());
        }
        let environment = &self.context.environment;
        let error = |kind, message: &str| CredentialsError::new(kind, self.source_name(), message);
        let Some(token_file) = environment.non_empty_var("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Err(error(
                CredentialsErrorKind::NotFound,
                "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
            ));
        };
        let Some(role_arn) = environment.non_empty_var("AWS_ROLE_ARN") else {
            return Err(error(
                CredentialsErrorKind::Invalid,
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
            ));
        };
        Ok(WebIdentityParams {
            role_arn,
            token_file: token_file.into(),
            session_name: environment.non_empty_var("AWS_ROLE_SESSION_NAME"),
        })
    }

    fn flow(&self) -> Result<StsFlow<'_>, CredentialsError> {
        let params = self.params()?;
        let source = format!("STS AssumeRoleWithWebIdentity of `{}`", params.role_arn);
        let context = &self.context;
        let token = read_token(&context.environment, &params.token_file).map_err(|message| {
            CredentialsError::new(CredentialsErrorKind::Invalid, source.clone(), message)
        })?;
        let (endpoint, signing_region) =
            endpoint(context.region.as_deref(), context.sts_endpoint.as_deref())?;
        Ok(StsFlow {
            action: "AssumeRoleWithWebIdentity",
            source,
            endpoint,
            signing_region,
            body: web_identity_body(&params, &token, context.time_source.now()),
            signer: None,
            credentials: None,
            time_source: context.time_source.as_ref(),
            attempts: Attempts::new(RetryPolicy::SERVICE),
        })
    }
}

/// `params` names no secret (the token is in its file), so `Debug` shows it.
impl fmt::Debug for WebIdentityProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebIdentityProvider")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

fn read_token(environment: &Environment, path: &Path) -> Result<String, String> {
    let shown = path.display();
    match environment.read_file(path) {
        Ok(Some(token)) if !token.trim().is_empty() => Ok(token.trim().to_owned()),
        Ok(Some(_)) => Err(format!("the web identity token file `{shown}` is empty")),
        Ok(None) => Err(format!(
            "the web identity token file `{shown}` does not exist"
        )),
        Err(error) => Err(format!(
            "cannot read the web identity token file `{shown}`: {error}"
        )),
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.context.transports.run(
            self.source_name(),
            CredentialsErrorKind::Unsupported,
            self.flow(),
        )
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.context.transports.run_async(
            self.source_name(),
            CredentialsErrorKind::Unsupported,
            self.flow(),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::config::TimeSource;
    use super::*;

    #[derive(Debug)]
    struct Fixed;

    impl TimeSource for Fixed {
        fn now(&self) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        }
    }

    fn context(environment: Environment, region: Option<&str>) -> ProviderContext {
        let mut context = ProviderContext::new(environment);
        context.region = region.map(str::to_owned);
        context.time_source = Arc::new(Fixed);
        context
    }

    const ANSWER: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn><AssumedRoleId>X:s</AssumedRoleId></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAROLE</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-token</SessionToken>
      <Expiration>2030-01-02T03:04:05.123Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

    fn answer(status: u16, body: &str) -> Event {
        Event::Response(Ok(HttpResponse {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }))
    }

    fn sent(step: Step<Result<Credentials, CredentialsError>>) -> HttpRequest {
        match step {
            Step::Send { request, .. } => request,
            other => panic!("expected a request, got {other:?}"),
        }
    }

    #[test]
    fn assume_role_asks_for_the_source_credentials_and_signs_with_them() {
        let mut params = AssumeRoleParams::new("arn:aws:iam::123456789012:role/r");
        params.external_id = Some("ext id".to_owned());
        params.duration_seconds = Some(900);
        let provider = AssumeRoleProvider::new(
            params,
            Arc::new(Credentials::new("AKIDSOURCE", "source-secret", None)),
            context(Environment::default(), Some("eu-west-1")),
        );
        let mut flow = provider.flow().unwrap();
        assert!(matches!(flow.resume(Event::Start), Step::Credentials));
        assert!(flow.credentials().is_some());
        let source = Credentials::new(
            "AKIDSOURCE",
            "source-secret",
            Some("source-token".to_owned()),
        );
        let request = sent(flow.resume(Event::Credentials(Ok(source))));
        assert_eq!(request.method, "POST");
        assert_eq!(request.url(), "https://sts.eu-west-1.amazonaws.com/");
        assert_eq!(
            String::from_utf8(request.body.clone()).unwrap(),
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr\
             &RoleSessionName=rust-runtime-1700000000000&ExternalId=ext%20id&DurationSeconds=900"
        );
        let authorization = request.header("Authorization").unwrap();
        assert!(
            authorization.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDSOURCE/20231114/eu-west-1/sts/aws4_request"
            ),
            "{authorization}"
        );
        assert_eq!(request.header("X-Amz-Security-Token"), Some("source-token"));

        let Step::Done(Ok(credentials)) = flow.resume(answer(200, ANSWER)) else {
            panic!("expected credentials");
        };
        assert_eq!(credentials.access_key_id(), "ASIAROLE");
        assert_eq!(credentials.session_token(), Some("role-token"));
        assert!(credentials.expiry().is_some());
    }

    #[test]
    fn sts_errors_are_reported_by_code_and_message_and_server_errors_retried() {
        let provider = AssumeRoleProvider::new(
            AssumeRoleParams::new("arn:aws:iam::1:role/r"),
            Arc::new(Credentials::new("A", "S", None)),
            context(Environment::default(), None),
        );
        let mut flow = provider.flow().unwrap();
        flow.resume(Event::Start);
        let first = sent(flow.resume(Event::Credentials(Ok(Credentials::new("A", "S", None)))));
        assert_eq!(first.url(), "https://sts.amazonaws.com/");
        assert!(
            first
                .header("Authorization")
                .unwrap()
                .contains("/us-east-1/sts/")
        );
        assert!(matches!(flow.resume(answer(503, "")), Step::Sleep(_)));
        // Each attempt is signed anew.
        assert!(
            sent(flow.resume(Event::Slept))
                .header("Authorization")
                .is_some()
        );
        let error_body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
            <Message>User is not authorized to perform: sts:AssumeRole</Message></Error>\
            <RequestId>x</RequestId></ErrorResponse>";
        let Step::Done(Err(error)) = flow.resume(answer(403, error_body)) else {
            panic!("a 403 is final");
        };
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert_eq!(
            error.to_string(),
            "STS AssumeRole of `arn:aws:iam::1:role/r`: AccessDenied (HTTP 403): User is not \
             authorized to perform: sts:AssumeRole"
        );

        let mut flow = provider.flow().unwrap();
        flow.resume(Event::Start);
        let failed =
            CredentialsError::new(CredentialsErrorKind::NotFound, "profile `b`", "nothing");
        let Step::Done(Err(error)) = flow.resume(Event::Credentials(Err(failed))) else {
            panic!("no source credentials, no call");
        };
        assert!(
            error.to_string().ends_with("profile `b`: nothing"),
            "{error}"
        );
    }

    #[test]
    fn web_identity_is_unsigned_and_reads_its_token_file() {
        let environment = Environment::from_vars([
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web"),
            ("AWS_ROLE_SESSION_NAME", "my-session"),
        ])
        .with_file("/var/run/token", "oidc.token.value\n");
        let mut context = context(environment, Some("us-west-2"));
        context.sts_endpoint = Some("http://127.0.0.1:4566".to_owned());
        let provider = WebIdentityProvider::from_environment(context);
        let mut flow = provider.flow().unwrap();
        assert!(flow.credentials().is_none());
        let request = sent(flow.resume(Event::Start));
        assert_eq!(request.url(), "http://127.0.0.1:4566/");
        assert_eq!(request.header("Authorization"), None);
        assert_eq!(
            String::from_utf8(request.body.clone()).unwrap(),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fweb\
             &RoleSessionName=my-session&WebIdentityToken=oidc.token.value"
        );
        let body = ANSWER
            .replace("AssumeRoleResponse", "AssumeRoleWithWebIdentityResponse")
            .replace("AssumeRoleResult", "AssumeRoleWithWebIdentityResult");
        let Step::Done(Ok(credentials)) = flow.resume(answer(200, &body)) else {
            panic!("expected credentials");
        };
        assert_eq!(credentials.access_key_id(), "ASIAROLE");
    }

    #[test]
    fn web_identity_from_the_environment_needs_the_file_and_the_role() {
        let provider = |vars: &[(&str, &str)]| {
            WebIdentityProvider::from_environment(context(
                Environment::from_vars(vars.iter().copied()),
                None,
            ))
            .provide_credentials()
            .unwrap_err()
        };
        let unset = provider(&[]);
        assert_eq!(unset.kind(), CredentialsErrorKind::NotFound);
        let no_role = provider(&[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")]);
        assert_eq!(no_role.kind(), CredentialsErrorKind::Invalid);
        assert!(no_role.message().contains("AWS_ROLE_ARN"), "{no_role}");
        let no_file = provider(&[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
            ("AWS_ROLE_ARN", "arn:r"),
        ]);
        assert!(
            no_file.message().contains("`/t` does not exist"),
            "{no_file}"
        );
    }

    #[test]
    fn unreadable_answers_are_errors() {
        for body in [
            "<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>",
            "<Other/>",
            "not xml",
        ] {
            assert!(
                read_credentials("AssumeRole", body.as_bytes()).is_err(),
                "{body}"
            );
        }
    }

    #[test]
    fn endpoints_follow_the_region_unless_overridden() {
        let url = |region, url| {
            endpoint(region, url).map(|(endpoint, region)| (endpoint.to_string(), region))
        };
        assert_eq!(
            url(None, None).unwrap(),
            (
                "https://sts.amazonaws.com/".to_owned(),
                "us-east-1".to_owned()
            )
        );
        assert_eq!(
            url(Some("cn-north-1"), None).unwrap().0,
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            url(Some("ap-south-1"), Some("http://localhost:5000")).unwrap(),
            ("http://localhost:5000/".to_owned(), "ap-south-1".to_owned())
        );
        assert!(url(None, Some("ftp://x")).is_err());
    }
}
