//! AWS IAM Identity Center (SSO): the role credentials of a profile with
//! `sso_session` (and its `[sso-session NAME]` section) or the legacy
//! `sso_start_url` keys, from the token `aws sso login` left in
//! `~/.aws/sso/cache/`. The token is read, never refreshed: an expired one
//! is an error that says to log in again.

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, JsonCredentialsKeys, ProvideCredentials,
    credentials_from_json,
};
use super::datetime::{DateTime, TimestampFormat};
use super::env::Environment;
use super::fetch::{Attempts, ProviderContext, RetryPolicy, excerpt, request};
use super::flow::{Event, Flow, Step};
use super::http::{Endpoint, HttpRequest, HttpResponse};
use super::json::JsonValue;
use super::profile::{Profile, ProfileSet};
use super::transport::BoxFuture;

const SOURCE: &str = "SSO";
const BEARER_HEADER: &str = "x-amz-sso_bearer_token";

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What a profile says about its SSO role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoConfig {
    /// The `[sso-session NAME]` the profile uses; `None` for a legacy profile.
    pub session_name: Option<String>,
    /// The portal `aws sso login` signs in at.
    pub start_url: String,
    /// The region of the SSO portal.
    pub region: String,
    /// The account of the role.
    pub account_id: String,
    /// The role (permission set) in that account.
    pub role_name: String,
}

impl SsoConfig {
    /// The SSO settings of `profile`, with its `sso_session` looked up in
    /// `profiles`; the problem (a key missing, a session that does not
    /// exist or disagrees with the profile) in words otherwise.
    pub fn from_profile(profiles: &ProfileSet, profile: &Profile) -> Result<SsoConfig, String> {
        let name = profile.name();
        let get = |section: &Profile, key: &str| {
            section
                .get(key)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let required = |key: &str| {
            get(profile, key).ok_or_else(|| format!("profile `{name}` uses SSO but has no {key}"))
        };
        let (account_id, role_name) = (required("sso_account_id")?, required("sso_role_name")?);
        let Some(session_name) = get(profile, "sso_session") else {
            return Ok(SsoConfig {
                session_name: None,
                start_url: required("sso_start_url")?,
                region: required("sso_region")?,
                account_id,
                role_name,
            });
        };
        let session = profiles.sso_session(&session_name).ok_or_else(|| {
            format!("profile `{name}` has sso_session `{session_name}`, which has no [sso-session {session_name}] section")
        })?;
        let session_value = |key: &str| -> Result<String, String> {
            let value = get(session, key)
                .ok_or_else(|| format!("[sso-session {session_name}] has no {key}"))?;
            // The legacy key may stay beside the session, but must agree with it.
            match get(profile, key) {
                Some(own) if own != value => Err(format!(
                    "profile `{name}` has {key} {own:?}, but its sso_session `{session_name}` has {value:?}"
                )),
                _ => Ok(value),
            }
        };
        Ok(SsoConfig {
            start_url: session_value("sso_start_url")?,
            region: session_value("sso_region")?,
            session_name: Some(session_name),
            account_id,
            role_name,
        })
    }

    /// The name of the token's cache file: the SHA-1 (hex) of the session
    /// name, or of the start URL for a legacy profile.
    pub fn cache_key(&self) -> String {
        let key = self.session_name.as_deref().unwrap_or(&self.start_url);
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
        digest
            .as_ref()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// `~/.aws/sso/cache/<cache_key>.json`; `None` without a home directory.
    pub fn cache_path(&self, environment: &Environment) -> Option<PathBuf> {
        let home = super::profile::home_dir(environment)?;
        Some(
            home.join(".aws")
                .join("sso")
                .join("cache")
                .join(format!("{}.json", self.cache_key())),
        )
    }
}

/// The access token of the cache file, if it has not expired by `now`.
/// `login` is the command that makes a new one.
fn cached_token(
    environment: &Environment,
    config: &SsoConfig,
    now: SystemTime,
    login: &str,
) -> Result<String, String> {
    let path = config.cache_path(environment).ok_or_else(|| {
        format!("there is no home directory to find the SSO token cache in; run `{login}`")
    })?;
    let shown = path.display();
    let text = match environment.read_file(&path) {
        Ok(Some(text)) => text,
        Ok(None) => {
            return Err(format!(
                "no SSO token is cached for {} (no `{shown}`); run `{login}`",
                config.start_url
            ));
        }
        Err(error) => {
            return Err(format!(
                "cannot read the SSO token cache `{shown}`: {error}"
            ));
        }
    };
    let unreadable = |what: &str| format!("the SSO token cache `{shown}` {what}; run `{login}`");
    let document = super::json::parse(&text).map_err(|_| unreadable("is not JSON"))?;
    let token = document
        .get("accessToken")
        .and_then(JsonValue::as_str)
        .filter(|token| !token.is_empty())
        .ok_or_else(|| unreadable("has no accessToken"))?;
    let expires_at = document
        .get("expiresAt")
        .and_then(JsonValue::as_str)
        .and_then(parse_expiry)
        .ok_or_else(|| unreadable("has no valid expiresAt"))?;
    if expires_at <= now {
        return Err(format!(
            "the SSO token for {} expired at {}; run `{login}` to sign in again",
            config.start_url,
            DateTime::from(expires_at).format(TimestampFormat::DateTime)
        ));
    }
    Ok(token.to_owned())
}

/// RFC 3339, or the `2019-11-14T04:05:45UTC` that older AWS CLIs wrote.
fn parse_expiry(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let normalized = match text.strip_suffix("UTC") {
        Some(stem) => format!("{stem}Z"),
        None => text.to_owned(),
    };
    let instant = DateTime::parse(&normalized, TimestampFormat::DateTime).ok()?;
    SystemTime::try_from(instant).ok()
}

/// The portal's `GetRoleCredentials`, tried as [`RetryPolicy::SERVICE`]
/// says.
struct SsoFlow {
    request: HttpRequest,
    attempts: Attempts,
    login: String,
}

impl SsoFlow {
    fn new(endpoint: &Endpoint, config: &SsoConfig, token: String, login: String) -> Self {
        let uri = format!(
            "{}federation/credentials?account_id={}&role_name={}",
            endpoint.path(),
            utf8_percent_encode(&config.account_id, QUERY_VALUE),
            utf8_percent_encode(&config.role_name, QUERY_VALUE),
        );
        let mut request = request("GET", endpoint.scheme(), endpoint.host(), uri);
        request.set_header(BEARER_HEADER, token);
        SsoFlow {
            request,
            attempts: Attempts::new(RetryPolicy::SERVICE),
            login,
        }
    }

    fn read(&self, response: HttpResponse) -> Result<Credentials, CredentialsError> {
        match response.status {
            200..=299 => {}
            401 | 403 => {
                return Err(invalid(format!(
                    "the portal refused the cached token (HTTP {}): {}; run `{}`",
                    response.status,
                    excerpt(&response.body),
                    self.login
                )));
            }
            status => {
                return Err(invalid(format!(
                    "the portal answered HTTP {status}: {}",
                    excerpt(&response.body)
                )));
            }
        }
        let problem = |what: String| invalid(format!("the portal's answer {what}"));
        let text =
            std::str::from_utf8(&response.body).map_err(|_| problem("is not UTF-8".to_owned()))?;
        let document = super::json::parse(text)
            .map_err(|error| problem(format!("is not JSON (at byte {})", error.offset())))?;
        let role = document
            .get("roleCredentials")
            .ok_or_else(|| problem("has no roleCredentials".to_owned()))?;
        credentials_from_json(role, &JsonCredentialsKeys::SSO).map_err(problem)
    }
}

/// The bearer token is a secret: it is left out.
impl fmt::Debug for SsoFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoFlow")
            .field("url", &self.request.url())
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

impl Flow for SsoFlow {
    type Output = Result<Credentials, CredentialsError>;

    fn resume(&mut self, event: Event) -> Step<Self::Output> {
        match event {
            Event::Start | Event::Slept => Step::Send {
                request: self.request.clone(),
                timeout: self.attempts.timeout(),
            },
            Event::Response(result) => {
                if let Some(wait) = self.attempts.retry_after(&result) {
                    return Step::Sleep(wait);
                }
                Step::Done(match result {
                    Ok(response) => self.read(response),
                    Err(error) => Err(invalid(format!(
                        "no answer from the portal ({} attempts): {error}",
                        self.attempts.made()
                    ))),
                })
            }
            Event::Credentials(_) => Step::Done(Err(invalid(
                "the flow was given credentials it never asked for".to_owned(),
            ))),
        }
    }
}

fn invalid(message: String) -> CredentialsError {
    CredentialsError::new(CredentialsErrorKind::Invalid, SOURCE, message)
}

/// The credentials of an SSO profile's role.
#[derive(Clone, Debug)]
pub struct SsoProvider {
    config: SsoConfig,
    /// The profile, for the `aws sso login --profile` advice.
    profile_name: String,
    context: ProviderContext,
}

impl SsoProvider {
    /// The role of `config` (of profile `profile_name`), with the token of
    /// `context`'s environment's cache, at the portal of its region (or
    /// `context`'s SSO endpoint), through `context`'s transports.
    pub fn new(
        config: SsoConfig,
        profile_name: impl Into<String>,
        context: ProviderContext,
    ) -> Self {
        SsoProvider {
            config,
            profile_name: profile_name.into(),
            context,
        }
    }

    fn flow(&self) -> Result<SsoFlow, CredentialsError> {
        let context = &self.context;
        let login = format!("aws sso login --profile {}", self.profile_name);
        let now = context.time_source.now();
        let token =
            cached_token(&context.environment, &self.config, now, &login).map_err(invalid)?;
        let url = context
            .sso_endpoint
            .clone()
            .unwrap_or_else(|| format!("https://portal.sso.{}.amazonaws.com", self.config.region));
        let endpoint = Endpoint::parse(&url).map_err(|error| {
            invalid(format!("the portal endpoint {url:?} is not valid: {error}"))
        })?;
        Ok(SsoFlow::new(&endpoint, &self.config, token, login))
    }
}

impl ProvideCredentials for SsoProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.context
            .transports
            .run(SOURCE, CredentialsErrorKind::Unsupported, self.flow())
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        self.context
            .transports
            .run_async(SOURCE, CredentialsErrorKind::Unsupported, self.flow())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};

    use super::super::config::TimeSource;
    use super::*;

    const CONFIG: &str = "\
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile modern]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin+Role

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
";

    fn config(profile: &str) -> Result<SsoConfig, String> {
        let profiles = ProfileSet::from_texts(CONFIG, "").unwrap();
        SsoConfig::from_profile(&profiles, profiles.profile(profile).unwrap())
    }

    #[derive(Debug)]
    struct Fixed;

    impl TimeSource for Fixed {
        fn now(&self) -> SystemTime {
            UNIX_EPOCH + Duration::from_secs(1_700_000_000)
        }
    }

    fn provider(profile: &str, cache: Option<&str>) -> SsoProvider {
        let config = config(profile).unwrap();
        let mut environment = Environment::from_vars([("HOME", "/home/me")]);
        if let Some(cache) = cache {
            let path = config.cache_path(&environment).unwrap();
            environment = environment.with_file(path, cache);
        }
        let mut context = ProviderContext::new(environment);
        context.time_source = Arc::new(Fixed);
        SsoProvider::new(config, profile, context)
    }

    #[test]
    fn sessions_and_legacy_keys_are_read_and_checked() {
        let modern = config("modern").unwrap();
        assert_eq!(modern.session_name.as_deref(), Some("corp"));
        assert_eq!(
            (modern.start_url.as_str(), modern.region.as_str()),
            ("https://corp.awsapps.com/start", "eu-west-1")
        );
        let legacy = config("legacy").unwrap();
        assert_eq!(legacy.session_name, None);
        assert_eq!(legacy.role_name, "ReadOnly");

        let profiles = |text: &str| ProfileSet::from_texts(text, "").unwrap();
        let problem = |text: &str| {
            let set = profiles(text);
            SsoConfig::from_profile(&set, set.profile("p").unwrap()).unwrap_err()
        };
        assert!(
            problem("[profile p]\nsso_session = x\nsso_account_id = 1\nsso_role_name = r\n")
                .contains("no [sso-session x] section")
        );
        assert!(
            problem("[profile p]\nsso_start_url = u\nsso_account_id = 1\nsso_role_name = r\n")
                .contains("no sso_region")
        );
        let disagreeing = "[profile p]\nsso_session = s\nsso_region = us-east-2\nsso_account_id = 1\nsso_role_name = r\n\
                           [sso-session s]\nsso_start_url = u\nsso_region = us-east-1\n";
        assert!(
            problem(disagreeing).contains("but its sso_session"),
            "{}",
            problem(disagreeing)
        );
    }

    #[test]
    fn the_cache_file_is_named_by_the_sha1_of_the_session_or_start_url() {
        // sha1("corp") and sha1("https://legacy.awsapps.com/start").
        assert_eq!(config("modern").unwrap().cache_key(), sha1_hex("corp"));
        assert_eq!(
            config("legacy").unwrap().cache_key(),
            sha1_hex("https://legacy.awsapps.com/start")
        );
        assert_eq!(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        let path = config("modern")
            .unwrap()
            .cache_path(&Environment::from_vars([("HOME", "/home/me")]))
            .unwrap();
        assert_eq!(
            path,
            PathBuf::from(format!("/home/me/.aws/sso/cache/{}.json", sha1_hex("corp")))
        );
    }

    fn sha1_hex(text: &str) -> String {
        SsoConfig {
            session_name: Some(text.to_owned()),
            start_url: String::new(),
            region: String::new(),
            account_id: String::new(),
            role_name: String::new(),
        }
        .cache_key()
    }

    #[test]
    fn the_flow_sends_the_cached_token_to_the_portal() {
        let cache = r#"{"accessToken": "cached-bearer", "expiresAt": "2030-01-01T00:00:00Z", "region": "eu-west-1"}"#;
        let mut flow = provider("modern", Some(cache)).flow().unwrap();
        let Step::Send { request, .. } = flow.resume(Event::Start) else {
            panic!("expected a request");
        };
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.url(),
            "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=111122223333&role_name=Admin%2BRole"
        );
        assert_eq!(request.header(BEARER_HEADER), Some("cached-bearer"));
        assert!(!format!("{flow:?}").contains("cached-bearer"));
        let body = r#"{"roleCredentials": {"accessKeyId": "ASIASSO", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1893456000000}}"#;
        let Step::Done(Ok(credentials)) = flow.resume(Event::Response(Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }))) else {
            panic!("expected credentials");
        };
        assert_eq!(credentials.access_key_id(), "ASIASSO");
        assert_eq!(
            credentials.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
    }

    #[test]
    fn a_missing_or_expired_token_says_to_log_in() {
        let missing = provider("legacy", None).provide_credentials().unwrap_err();
        assert_eq!(missing.kind(), CredentialsErrorKind::Invalid);
        assert!(
            missing
                .message()
                .contains("run `aws sso login --profile legacy`"),
            "{missing}"
        );
        let expired = provider(
            "modern",
            Some(r#"{"accessToken": "old-bearer", "expiresAt": "2019-11-14T04:05:45UTC"}"#),
        )
        .provide_credentials()
        .unwrap_err();
        let text = expired.to_string();
        assert!(
            text.contains("expired at 2019-11-14T04:05:45Z")
                && text.contains("aws sso login --profile modern"),
            "{text}"
        );
        assert!(!text.contains("old-bearer"), "{text}");
        let refused = {
            let mut flow = provider(
                "modern",
                Some(r#"{"accessToken": "t", "expiresAt": "2030-01-01T00:00:00Z"}"#),
            )
            .flow()
            .unwrap();
            flow.resume(Event::Start);
            flow.resume(Event::Response(Ok(HttpResponse {
                status: 401,
                headers: Vec::new(),
                body: b"{}".to_vec(),
            })))
        };
        let Step::Done(Err(refused)) = refused else {
            panic!("a 401 is final")
        };
        assert!(
            refused.message().contains("refused the cached token"),
            "{refused}"
        );
    }
}
