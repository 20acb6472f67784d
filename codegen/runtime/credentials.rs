//! AWS credentials: the keys requests are signed with, where they come from
//! ([`ProvideCredentials`]), and the AWS SDKs' default chain of sources.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::datetime::{DateTime, TimestampFormat};
use super::env::Environment;
use super::json::JsonValue;
use super::profile::{Profile, ProfileSet};

/// An access key pair, with a session token for temporary credentials.
///
/// `Debug` shows the access key id (it identifies the key, it is not a
/// secret) and redacts the secret key and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-term keys, or temporary ones when `session_token` is given.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// The same credentials, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop working; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// A source of credentials. Implement it to bring your own; the client asks
/// it before every request and caches nothing itself (see [`CachedProvider`]).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials, blocking the thread for what it takes.
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;

    /// The credentials, for async callers. The default asks
    /// [`provide_credentials`](Self::provide_credentials), which is right for
    /// sources that need no network; those that do answer it with their own
    /// async exchange.
    fn provide_credentials_async(
        &self,
    ) -> super::transport::BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.provide_credentials();
        Box::pin(async move { credentials })
    }
}

/// Fixed credentials are their own provider.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.clone())
    }
}

/// Whether the next source of a chain is worth asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source holds no credentials; the chain goes on to the next one.
    NotFound,
    /// The source is configured, but wrongly or failing: the chain stops,
    /// since going on would sign as someone else.
    Invalid,
    /// The source is configured for a way of getting credentials this crate
    /// does not implement (yet): the chain stops.
    Unsupported,
}

/// Why a source gave no credentials: which source and what happened, in
/// words a user can act on. Never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    /// `environment`, `profile \`dev\``, `credential_process`, ...
    source: String,
    message: String,
    /// For a chain that found nothing: what each source said.
    tried: Vec<CredentialsError>,
}

impl CredentialsError {
    pub fn new(
        kind: CredentialsErrorKind,
        source: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        CredentialsError {
            kind,
            source: source.into(),
            message: message.into(),
            tried: Vec::new(),
        }
    }

    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The source that failed.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a chain that found nothing, the reason of every source it tried.
    pub fn tried(&self) -> &[CredentialsError] {
        &self.tried
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)?;
        for tried in &self.tried {
            write!(f, "\n  - {tried}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentProvider {
    environment: Environment,
}

impl EnvironmentProvider {
    pub fn new(environment: Environment) -> Self {
        EnvironmentProvider { environment }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        const SOURCE: &str = "environment";
        let access_key_id = self.environment.non_empty_var("AWS_ACCESS_KEY_ID");
        let secret = self.environment.non_empty_var("AWS_SECRET_ACCESS_KEY");
        match (access_key_id, secret) {
            (Some(access_key_id), Some(secret)) => Ok(Credentials::new(
                access_key_id,
                secret,
                self.environment.non_empty_var("AWS_SESSION_TOKEN"),
            )),
            (None, None) => Err(CredentialsError::new(
                CredentialsErrorKind::NotFound,
                SOURCE,
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                SOURCE,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::new(
                CredentialsErrorKind::Invalid,
                SOURCE,
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        }
    }
}

/// The credentials of a profile of the shared files (`~/.aws/config`,
/// `~/.aws/credentials`): `credential_process`, else static keys. Profiles
/// that assume a role, use web identity or SSO are reported as not supported
/// yet, by name, rather than skipped.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    profiles: Arc<ProfileSet>,
    profile_name: String,
    /// The profile was chosen on purpose (`AWS_PROFILE` or code): its
    /// absence is an error, not a reason to try the next source.
    explicit: bool,
}

/// Keys of ways to get credentials that are not implemented yet, in the order
/// the AWS SDKs consider them, with what each is.
const UNSUPPORTED_SOURCES: &[(&str, &str)] = &[
    ("role_arn", "assuming a role with STS"),
    (
        "web_identity_token_file",
        "web identity federation with STS",
    ),
    ("sso_session", "AWS IAM Identity Center (SSO)"),
    ("sso_start_url", "AWS IAM Identity Center (SSO)"),
];

impl ProfileProvider {
    pub fn new(profiles: Arc<ProfileSet>, profile_name: impl Into<String>, explicit: bool) -> Self {
        ProfileProvider {
            profiles,
            profile_name: profile_name.into(),
            explicit,
        }
    }

    fn source(&self) -> String {
        format!("profile `{}`", self.profile_name)
    }

    fn credentials_of(&self, profile: &Profile) -> Result<Credentials, CredentialsError> {
        let error = |kind, message: String| CredentialsError::new(kind, self.source(), message);
        if let Some((key, what)) = UNSUPPORTED_SOURCES
            .iter()
            .find(|(key, _)| profile.get(key).is_some())
        {
            return Err(error(
                CredentialsErrorKind::Unsupported,
                format!(
                    "it sets `{key}` ({what}), which this crate does not support yet; use static keys or `credential_process`"
                ),
            ));
        }
        if let Some(command) = profile.get("credential_process") {
            return credential_process(command).map_err(|message| {
                error(
                    CredentialsErrorKind::Invalid,
                    format!("credential_process: {message}"),
                )
            });
        }
        let access_key_id = profile
            .get("aws_access_key_id")
            .filter(|value| !value.is_empty());
        let secret = profile
            .get("aws_secret_access_key")
            .filter(|value| !value.is_empty());
        match (access_key_id, secret) {
            (Some(access_key_id), Some(secret)) => Ok(Credentials::new(
                access_key_id,
                secret,
                profile
                    .get("aws_session_token")
                    .filter(|value| !value.is_empty())
                    .map(str::to_owned),
            )),
            (None, None) => Err(error(
                CredentialsErrorKind::NotFound,
                "it has no credentials (no aws_access_key_id, credential_process, role_arn, ...)"
                    .to_owned(),
            )),
            (Some(_), None) => Err(error(
                CredentialsErrorKind::Invalid,
                "it sets aws_access_key_id but not aws_secret_access_key".to_owned(),
            )),
            (None, Some(_)) => Err(error(
                CredentialsErrorKind::Invalid,
                "it sets aws_secret_access_key but not aws_access_key_id".to_owned(),
            )),
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        match self.profiles.profile(&self.profile_name) {
            Some(profile) => self.credentials_of(profile),
            None => Err(CredentialsError::new(
                if self.explicit {
                    CredentialsErrorKind::Invalid
                } else {
                    CredentialsErrorKind::NotFound
                },
                self.source(),
                "no such profile in the config or credentials file",
            )),
        }
    }
}

/// Runs a `credential_process` command through the shell and reads the JSON
/// it prints (`Version` 1, `AccessKeyId`, `SecretAccessKey`, optional
/// `SessionToken` and `Expiration`). The message of an error never quotes
/// the output, which holds secrets.
fn credential_process(command: &str) -> Result<Credentials, String> {
    let output = shell(command)
        .output()
        .map_err(|error| format!("cannot run `{command}`: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_line = stderr.lines().next().unwrap_or_default();
        return Err(format!(
            "`{command}` failed ({}): {first_line}",
            output.status
        ));
    }
    let stdout = String::from_utf8(output.stdout)
        .map_err(|_| format!("`{command}` printed something that is not UTF-8"))?;
    let document = super::json::parse(&stdout).map_err(|error| {
        format!(
            "`{command}` did not print JSON (at byte {})",
            error.offset()
        )
    })?;
    process_credentials(&document).map_err(|problem| format!("the output of `{command}` {problem}"))
}

#[cfg(unix)]
fn shell(command: &str) -> std::process::Command {
    let mut shell = std::process::Command::new("sh");
    shell.arg("-c").arg(command);
    shell
}

#[cfg(not(unix))]
fn shell(command: &str) -> std::process::Command {
    let mut shell = std::process::Command::new("cmd.exe");
    shell.arg("/C").arg(command);
    shell
}

fn process_credentials(document: &JsonValue) -> Result<Credentials, String> {
    let string = |key: &str| document.get(key).and_then(JsonValue::as_str);
    match document.get("Version").and_then(JsonValue::as_i64) {
        Some(1) => {}
        Some(other) => return Err(format!("has `Version` {other}; only 1 is known")),
        None => return Err("has no `Version` 1".to_owned()),
    }
    let (Some(access_key_id), Some(secret)) = (string("AccessKeyId"), string("SecretAccessKey"))
    else {
        return Err("lacks `AccessKeyId` or `SecretAccessKey`".to_owned());
    };
    let credentials = Credentials::new(
        access_key_id,
        secret,
        string("SessionToken").map(str::to_owned),
    );
    match string("Expiration") {
        None => Ok(credentials),
        Some(expiration) => {
            let expiry = DateTime::parse(expiration, TimestampFormat::DateTime)
                .ok()
                .and_then(|expiry| SystemTime::try_from(expiry).ok())
                .ok_or_else(|| {
                    format!("has an `Expiration` that is not an RFC 3339 date-time: {expiration:?}")
                })?;
            Ok(credentials.with_expiry(expiry))
        }
    }
}

/// Tries providers in order: the first credentials win; a source that is
/// configured but broken ends the search with its error; when every source
/// comes up empty, the error lists what each said.
#[derive(Debug)]
pub struct ChainProvider {
    providers: Vec<Box<dyn ProvideCredentials>>,
}

impl ChainProvider {
    pub fn new(providers: Vec<Box<dyn ProvideCredentials>>) -> Self {
        ChainProvider { providers }
    }

    /// The AWS SDKs' default chain, as far as this crate goes: the
    /// environment, then the profile of the shared files.
    pub fn default_chain(
        environment: Environment,
        profiles: Arc<ProfileSet>,
        profile_name: impl Into<String>,
        profile_is_explicit: bool,
    ) -> Self {
        ChainProvider::new(vec![
            Box::new(EnvironmentProvider::new(environment)),
            Box::new(ProfileProvider::new(
                profiles,
                profile_name,
                profile_is_explicit,
            )),
        ])
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for provider in &self.providers {
            match provider.provide_credentials() {
                Ok(credentials) => return Ok(credentials),
                Err(error) if error.kind() == CredentialsErrorKind::NotFound => tried.push(error),
                Err(error) => return Err(error),
            }
        }
        let mut error = CredentialsError::new(
            CredentialsErrorKind::NotFound,
            "no credentials",
            format!("none of the {} sources tried has any", tried.len()),
        );
        error.tried = tried;
        Err(error)
    }
}

/// Keeps what another provider gave until shortly before it expires (for
/// good, when it does not expire), so that a `credential_process` does not
/// run on every request. Concurrent callers wait for one refresh.
#[derive(Debug)]
pub struct CachedProvider<P> {
    inner: P,
    cached: Mutex<Option<Credentials>>,
}

impl<P> CachedProvider<P> {
    /// Credentials that expire within this are refreshed first.
    pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

    pub fn new(inner: P) -> Self {
        CachedProvider {
            inner,
            cached: Mutex::new(None),
        }
    }
}

impl<P: ProvideCredentials> ProvideCredentials for CachedProvider<P> {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        // A panic elsewhere while holding the lock leaves nothing half-written
        // here: the cache is only ever replaced whole.
        let mut cached = self
            .cached
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let fresh = |credentials: &Credentials| match credentials.expiry() {
            None => true,
            Some(expiry) => SystemTime::now() + Self::REFRESH_BEFORE_EXPIRY < expiry,
        };
        if let Some(credentials) = cached.as_ref().filter(|credentials| fresh(credentials)) {
            return Ok(credentials.clone());
        }
        let credentials = self.inner.provide_credentials()?;
        *cached = Some(credentials.clone());
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(config: &str) -> Arc<ProfileSet> {
        Arc::new(ProfileSet::from_texts(config, "").unwrap())
    }

    fn profile_credentials(config: &str) -> Result<Credentials, CredentialsError> {
        ProfileProvider::new(profiles(config), "default", false).provide_credentials()
    }

    #[test]
    fn the_environment_gives_keys_only_when_both_are_set() {
        let env = |vars: &[(&str, &str)]| {
            EnvironmentProvider::new(Environment::from_vars(vars.iter().copied()))
                .provide_credentials()
        };
        let credentials = env(&[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "SECRET"),
            ("AWS_SESSION_TOKEN", "TOKEN"),
        ])
        .unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.session_token(), Some("TOKEN"));
        assert_eq!(env(&[]).unwrap_err().kind(), CredentialsErrorKind::NotFound);
        let partial = env(&[("AWS_ACCESS_KEY_ID", "AKID")]).unwrap_err();
        assert_eq!(partial.kind(), CredentialsErrorKind::Invalid);
        assert!(
            partial.to_string().contains("AWS_SECRET_ACCESS_KEY is not"),
            "{partial}"
        );
        // An empty variable is an unset one.
        let empty = env(&[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")]);
        assert_eq!(empty.unwrap_err().kind(), CredentialsErrorKind::NotFound);
    }

    #[test]
    fn a_profile_gives_its_static_keys() {
        let credentials = profile_credentials(
            "[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\naws_session_token = T\n",
        )
        .unwrap();
        assert_eq!(
            (
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token()
            ),
            ("AKID", "SECRET", Some("T"))
        );
        let partial = profile_credentials("[default]\naws_access_key_id = AKID\n").unwrap_err();
        assert_eq!(partial.kind(), CredentialsErrorKind::Invalid);
        let none = profile_credentials("[default]\nregion = eu-west-1\n").unwrap_err();
        assert_eq!(none.kind(), CredentialsErrorKind::NotFound);
        assert!(
            none.to_string().starts_with("profile `default`: "),
            "{none}"
        );
    }

    #[test]
    fn a_missing_profile_is_an_error_only_when_it_was_asked_for() {
        let set = profiles("[profile other]\naws_access_key_id = A\naws_secret_access_key = S\n");
        let implicit = ProfileProvider::new(set.clone(), "default", false).provide_credentials();
        assert_eq!(implicit.unwrap_err().kind(), CredentialsErrorKind::NotFound);
        let explicit = ProfileProvider::new(set.clone(), "dev", true)
            .provide_credentials()
            .unwrap_err();
        assert_eq!(explicit.kind(), CredentialsErrorKind::Invalid);
        assert!(explicit.to_string().contains("profile `dev`"), "{explicit}");
        let other = ProfileProvider::new(set, "other", true)
            .provide_credentials()
            .unwrap();
        assert_eq!(other.access_key_id(), "A");
    }

    #[test]
    fn sources_not_implemented_yet_are_named() {
        for (key, words) in [
            ("role_arn = arn:aws:iam::123456789012:role/r", "role_arn"),
            (
                "web_identity_token_file = /tmp/token",
                "web_identity_token_file",
            ),
            ("sso_session = my-sso", "sso_session"),
            (
                "sso_start_url = https://example.awsapps.com/start",
                "sso_start_url",
            ),
        ] {
            // Even with static keys beside them: the profile means the other source.
            let config =
                format!("[default]\n{key}\naws_access_key_id = A\naws_secret_access_key = S\n");
            let error = profile_credentials(&config).unwrap_err();
            assert_eq!(error.kind(), CredentialsErrorKind::Unsupported, "{key}");
            assert!(error.to_string().contains(words), "{error}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn credential_process_output_is_read() {
        let config = r#"[default]
credential_process = printf '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET", "SessionToken": "T", "Expiration": "2030-01-02T03:04:05Z"}'
"#;
        let credentials = profile_credentials(config).unwrap();
        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.session_token(), Some("T"));
        assert_eq!(
            credentials.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_553_445))
        );
    }

    #[cfg(unix)]
    #[test]
    fn credential_process_failures_say_why_without_quoting_secrets() {
        // The secret is put together by the shell, so that only the output
        // holds `SECRET-VALUE`: the message may quote the command, never that.
        let cases = [
            ("echo oops >&2; exit 3", "failed"),
            ("S=SECRET; printf \"AKID $S-VALUE\"", "did not print JSON"),
            (
                "S=SECRET; printf '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"%s-VALUE\"}' $S",
                "only 1 is known",
            ),
            ("printf '{\"Version\": 1, \"AccessKeyId\": \"A\"}'", "lacks"),
            (
                "S=SECRET; printf '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"%s-VALUE\", \"Expiration\": \"soon\"}' $S",
                "RFC 3339",
            ),
            ("/no/such/program", "failed"),
        ];
        for (command, expected) in cases {
            let error =
                profile_credentials(&format!("[default]\ncredential_process = {command}\n"))
                    .unwrap_err();
            assert_eq!(error.kind(), CredentialsErrorKind::Invalid, "{command}");
            let text = error.to_string();
            assert!(text.contains(expected), "{command}: {text}");
            assert!(!text.contains("SECRET-VALUE"), "{text}");
        }
    }

    #[test]
    fn the_chain_takes_the_first_source_and_lists_every_one_it_tried() {
        let chain = ChainProvider::default_chain(
            Environment::from_vars([("HOME", "/nowhere")]),
            profiles("[default]\nregion = us-east-1\n"),
            "default",
            false,
        );
        let error = chain.provide_credentials().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
        assert_eq!(error.tried().len(), 2);
        let text = error.to_string();
        assert!(
            text.contains("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
            "{text}"
        );
        assert!(
            text.contains("profile `default`: it has no credentials"),
            "{text}"
        );

        let chain = ChainProvider::default_chain(
            Environment::from_vars([("AWS_ACCESS_KEY_ID", "ENV"), ("AWS_SECRET_ACCESS_KEY", "S")]),
            profiles("[default]\naws_access_key_id = PROFILE\naws_secret_access_key = S\n"),
            "default",
            false,
        );
        assert_eq!(chain.provide_credentials().unwrap().access_key_id(), "ENV");

        // A broken source stops the chain: the next one would sign as someone else.
        let chain = ChainProvider::default_chain(
            Environment::from_vars([("AWS_ACCESS_KEY_ID", "ENV")]),
            profiles("[default]\naws_access_key_id = PROFILE\naws_secret_access_key = S\n"),
            "default",
            false,
        );
        assert_eq!(
            chain.provide_credentials().unwrap_err().kind(),
            CredentialsErrorKind::Invalid
        );
    }

    /// Counts its calls; its credentials expire `lifetime` from now.
    #[derive(Debug)]
    struct Counting {
        calls: std::sync::atomic::AtomicUsize,
        lifetime: Option<Duration>,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let credentials = Credentials::new("A", "S", None);
            Ok(match self.lifetime {
                Some(lifetime) => credentials.with_expiry(SystemTime::now() + lifetime),
                None => credentials,
            })
        }
    }

    #[test]
    fn the_cache_asks_again_only_when_credentials_near_their_expiry() {
        let calls = |lifetime| {
            let cached = CachedProvider::new(Counting {
                calls: Default::default(),
                lifetime,
            });
            std::thread::scope(|scope| {
                for _ in 0..4 {
                    scope.spawn(|| {
                        for _ in 0..10 {
                            cached.provide_credentials().unwrap();
                        }
                    });
                }
            });
            cached.inner.calls.load(std::sync::atomic::Ordering::SeqCst)
        };
        assert_eq!(calls(None), 1);
        assert_eq!(calls(Some(Duration::from_secs(3600))), 1);
        assert_eq!(calls(Some(Duration::from_secs(60))), 40);
    }

    #[test]
    fn debug_redacts_the_secrets() {
        let credentials = Credentials::new("AKID", "very-secret", Some("token-secret".to_owned()));
        let debug = format!("{credentials:?}");
        assert!(debug.contains("AKID"), "{debug}");
        assert!(!debug.contains("very-secret"), "{debug}");
        assert!(!debug.contains("token-secret"), "{debug}");
    }
}
