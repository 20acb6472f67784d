//! AWS credentials: the keys requests are signed with, where they come from
//! ([`ProvideCredentials`]), and the AWS SDKs' default chain of sources.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use super::container_credentials::ContainerProvider;
use super::datetime::{DateTime, TimestampFormat};
use super::env::Environment;
use super::fetch::ProviderContext;
use super::imds::ImdsProvider;
use super::json::JsonValue;
use super::profile::{Profile, ProfileSet};
use super::sso::{SsoConfig, SsoProvider};
use super::sts::{AssumeRoleParams, AssumeRoleProvider, WebIdentityParams, WebIdentityProvider};
use super::transport::BoxFuture;

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

    /// The access key id, which names the key (it is no secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret key that signs requests.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
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
    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
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
    /// The source is configured for something this crate cannot do here (a
    /// network source asked in a mode it has no transport for): the chain
    /// stops.
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
    /// `source` failed as `kind`, for the reason `message` says.
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

    /// Whether a chain goes on to its next source.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The source that failed.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    /// What happened, in words a user can act on.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a chain that found nothing, the reason of every source it tried.
    pub fn tried(&self) -> &[CredentialsError] {
        &self.tried
    }

    /// The same error, of another kind.
    pub fn with_kind(mut self, kind: CredentialsErrorKind) -> Self {
        self.kind = kind;
        self
    }

    /// The error as `outer` reports it: a source built on another (a role
    /// assumed from a profile's keys) names both.
    pub fn within(self, outer: impl Into<String>) -> Self {
        CredentialsError {
            kind: self.kind,
            source: outer.into(),
            message: format!("{}: {}", self.source, self.message),
            tried: self.tried,
        }
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
    /// The keys of `environment`'s variables.
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

/// The member names of a JSON credentials document: `credential_process`
/// output, the instance metadata service's and the container endpoint's
/// answers, and the SSO portal's `roleCredentials` differ only in these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonCredentialsKeys {
    /// The access key id's member.
    pub access_key_id: &'static str,
    /// The secret key's member.
    pub secret_access_key: &'static str,
    /// The session token's member, which may be absent.
    pub session_token: &'static str,
    /// An RFC 3339 date-time, or a number of milliseconds since the epoch.
    pub expiration: &'static str,
}

impl JsonCredentialsKeys {
    /// `credential_process` output.
    pub const PROCESS: JsonCredentialsKeys = JsonCredentialsKeys {
        access_key_id: "AccessKeyId",
        secret_access_key: "SecretAccessKey",
        session_token: "SessionToken",
        expiration: "Expiration",
    };

    /// The instance metadata service and the container endpoint.
    pub const METADATA: JsonCredentialsKeys = JsonCredentialsKeys {
        session_token: "Token",
        ..JsonCredentialsKeys::PROCESS
    };

    /// The `roleCredentials` of the SSO portal.
    pub const SSO: JsonCredentialsKeys = JsonCredentialsKeys {
        access_key_id: "accessKeyId",
        secret_access_key: "secretAccessKey",
        session_token: "sessionToken",
        expiration: "expiration",
    };
}

/// Reads the credentials of a JSON object with `keys` as its member names.
/// The error says what is wrong ("lacks `AccessKeyId`...") and never quotes
/// a secret.
pub fn credentials_from_json(
    document: &JsonValue,
    keys: &JsonCredentialsKeys,
) -> Result<Credentials, String> {
    let string = |key: &str| document.get(key).and_then(JsonValue::as_str);
    let (Some(access_key_id), Some(secret)) =
        (string(keys.access_key_id), string(keys.secret_access_key))
    else {
        return Err(format!(
            "lacks `{}` or `{}`",
            keys.access_key_id, keys.secret_access_key
        ));
    };
    let credentials = Credentials::new(
        access_key_id,
        secret,
        string(keys.session_token).map(str::to_owned),
    );
    match document.get(keys.expiration) {
        None | Some(JsonValue::Null) => Ok(credentials),
        Some(expiration) => Ok(credentials.with_expiry(json_expiry(expiration, keys.expiration)?)),
    }
}

fn json_expiry(expiration: &JsonValue, key: &str) -> Result<SystemTime, String> {
    let instant = match expiration {
        JsonValue::String(text) => DateTime::parse(text, TimestampFormat::DateTime).ok(),
        JsonValue::Number(number) => number.as_i64().map(DateTime::from_millis),
        _ => None,
    };
    instant
        .and_then(|instant| SystemTime::try_from(instant).ok())
        .ok_or_else(|| match expiration.as_str() {
            Some(text) => format!("has a `{key}` that is not an RFC 3339 date-time: {text:?}"),
            None => format!(
                "has a `{key}` that is neither an RFC 3339 date-time nor epoch milliseconds"
            ),
        })
}

/// Runs a `credential_process` command through the shell and reads the JSON
/// it prints (`Version` 1, `AccessKeyId`, `SecretAccessKey`, optional
/// `SessionToken` and `Expiration`). Errors quote the command, never its
/// output, which holds secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessProvider {
    command: String,
}

impl ProcessProvider {
    /// Runs `command` (a shell command line) on every call.
    pub fn new(command: impl Into<String>) -> Self {
        ProcessProvider {
            command: command.into(),
        }
    }
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        credential_process(&self.command).map_err(|message| {
            CredentialsError::new(CredentialsErrorKind::Invalid, "credential_process", message)
        })
    }
}

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
    match document.get("Version").and_then(JsonValue::as_i64) {
        Some(1) => {}
        Some(other) => return Err(format!("has `Version` {other}; only 1 is known")),
        None => return Err("has no `Version` 1".to_owned()),
    }
    credentials_from_json(document, &JsonCredentialsKeys::PROCESS)
}

/// The credentials of a profile of the shared files (`~/.aws/config`,
/// `~/.aws/credentials`), as the AWS SDKs read them.
///
/// A profile with `role_arn` assumes that role with STS: with the token of
/// its `web_identity_token_file`, else with the credentials of its
/// `source_profile` (which may assume a role of its own; a source profile
/// with static keys ends the chain) or of its `credential_source`
/// (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`). A profile without
/// one uses SSO (`sso_session`, or the legacy `sso_start_url` keys), else
/// `credential_process`, else its static keys.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    profiles: Arc<ProfileSet>,
    profile_name: String,
    /// The profile was chosen on purpose (`AWS_PROFILE` or code): its
    /// absence is an error, not a reason to try the next source.
    explicit: bool,
    context: ProviderContext,
}

/// Where a profile's credentials come from once its `source_profile`s are
/// followed: a base source, and the roles assumed from it, outermost
/// (the selected profile's) first.
#[derive(Debug)]
struct ProfileChain {
    base: BaseSource,
    roles: Vec<AssumeRoleParams>,
}

#[derive(Debug)]
enum BaseSource {
    Static(Credentials),
    Process(String),
    Sso(SsoConfig),
    WebIdentity(WebIdentityParams),
    Named(NamedSource),
}

/// The values of `credential_source`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

impl NamedSource {
    fn parse(profile: &str, value: &str) -> Result<Self, String> {
        match value {
            "Environment" => Ok(NamedSource::Environment),
            "Ec2InstanceMetadata" => Ok(NamedSource::Ec2InstanceMetadata),
            "EcsContainer" => Ok(NamedSource::EcsContainer),
            other => Err(format!(
                "profile `{profile}` has credential_source {other:?}; expected Environment, \
                 Ec2InstanceMetadata or EcsContainer"
            )),
        }
    }
}

impl ProfileProvider {
    /// The credentials of profile `profile_name` of `profiles`; the sources
    /// it points to get what they need (environment, transports, region,
    /// clock) from `context`.
    pub fn new(
        profiles: Arc<ProfileSet>,
        profile_name: impl Into<String>,
        explicit: bool,
        context: ProviderContext,
    ) -> Self {
        ProfileProvider {
            profiles,
            profile_name: profile_name.into(),
            explicit,
            context,
        }
    }

    fn source(&self) -> String {
        format!("profile `{}`", self.profile_name)
    }

    fn error(&self, kind: CredentialsErrorKind, message: impl Into<String>) -> CredentialsError {
        CredentialsError::new(kind, self.source(), message)
    }

    fn invalid(&self, message: impl Into<String>) -> CredentialsError {
        self.error(CredentialsErrorKind::Invalid, message)
    }

    /// Follows `source_profile` from the selected profile to the source its
    /// roles are assumed from. Reads no file and sends nothing.
    fn resolve(&self) -> Result<ProfileChain, CredentialsError> {
        let mut visited: Vec<&str> = Vec::new();
        let mut roles = Vec::new();
        let mut name = self.profile_name.as_str();
        loop {
            let profile = self.lookup(name, &visited)?;
            if visited.contains(&name) {
                return Err(self.cycle(&visited, name));
            }
            // The AWS SDKs' rule: keys in a source profile win over its own role.
            if !visited.is_empty() {
                if let Some(keys) = static_keys(profile).map_err(|e| self.invalid(e))? {
                    return Ok(ProfileChain {
                        base: BaseSource::Static(keys),
                        roles,
                    });
                }
            }
            visited.push(name);
            let Some(role_arn) = non_empty(profile, "role_arn") else {
                let base = self.base_source(profile, visited.len() == 1)?;
                return Ok(ProfileChain { base, roles });
            };
            if let Some(token_file) = non_empty(profile, "web_identity_token_file") {
                let base = BaseSource::WebIdentity(WebIdentityParams {
                    role_arn: role_arn.to_owned(),
                    token_file: token_file.into(),
                    session_name: non_empty(profile, "role_session_name").map(str::to_owned),
                });
                return Ok(ProfileChain { base, roles });
            }
            roles.push(role_params(profile, role_arn).map_err(|e| self.invalid(e))?);
            let source_profile = non_empty(profile, "source_profile");
            let credential_source = non_empty(profile, "credential_source");
            match (source_profile, credential_source) {
                (Some(_), Some(_)) => {
                    return Err(self.invalid(format!(
                        "profile `{name}` sets both source_profile and credential_source; \
                         a role has one source"
                    )));
                }
                (None, None) => {
                    return Err(self.invalid(format!(
                        "profile `{name}` sets role_arn but neither source_profile nor \
                         credential_source"
                    )));
                }
                (None, Some(source)) => {
                    let source = NamedSource::parse(name, source).map_err(|e| self.invalid(e))?;
                    return Ok(ProfileChain {
                        base: BaseSource::Named(source),
                        roles,
                    });
                }
                (Some(source), None) if source == name => {
                    // A profile may name itself, for the keys beside its role_arn.
                    return match static_keys(profile).map_err(|e| self.invalid(e))? {
                        Some(keys) => Ok(ProfileChain {
                            base: BaseSource::Static(keys),
                            roles,
                        }),
                        None => Err(self.cycle(&visited, name)),
                    };
                }
                (Some(source), None) => name = source,
            }
        }
    }

    fn lookup(&self, name: &str, visited: &[&str]) -> Result<&Profile, CredentialsError> {
        match (self.profiles.profile(name), visited.last()) {
            (Some(profile), _) => Ok(profile),
            (None, None) => Err(self.error(
                if self.explicit {
                    CredentialsErrorKind::Invalid
                } else {
                    CredentialsErrorKind::NotFound
                },
                "no such profile in the config or credentials file",
            )),
            (None, Some(referrer)) => Err(self.invalid(format!(
                "profile `{referrer}` has source_profile `{name}`, which does not exist"
            ))),
        }
    }

    fn cycle(&self, visited: &[&str], again: &str) -> CredentialsError {
        let path: Vec<String> = visited
            .iter()
            .chain([&again])
            .map(|name| format!("`{name}`"))
            .collect();
        self.invalid(format!(
            "the source_profile settings form a cycle: {}",
            path.join(" -> ")
        ))
    }

    /// The source of a profile without `role_arn`.
    fn base_source(
        &self,
        profile: &Profile,
        selected: bool,
    ) -> Result<BaseSource, CredentialsError> {
        let name = profile.name();
        for key in ["credential_source", "web_identity_token_file"] {
            if non_empty(profile, key).is_some() {
                return Err(self.invalid(format!(
                    "profile `{name}` sets {key} but not role_arn, the role to assume with it"
                )));
            }
        }
        if non_empty(profile, "sso_session").is_some()
            || non_empty(profile, "sso_start_url").is_some()
        {
            return SsoConfig::from_profile(&self.profiles, profile)
                .map(BaseSource::Sso)
                .map_err(|e| self.invalid(e));
        }
        if let Some(command) = non_empty(profile, "credential_process") {
            return Ok(BaseSource::Process(command.to_owned()));
        }
        match static_keys(profile).map_err(|e| self.invalid(e))? {
            Some(keys) => Ok(BaseSource::Static(keys)),
            None if selected => Err(self.error(
                CredentialsErrorKind::NotFound,
                "it has no credentials (no aws_access_key_id, credential_process, role_arn, \
                 sso_session, ...)",
            )),
            None => Err(self.invalid(format!(
                "its source profile `{name}` has no credentials (no aws_access_key_id, \
                 credential_process, role_arn, sso_session, ...)"
            ))),
        }
    }

    /// The provider of `chain`: its base, wrapped in one STS AssumeRole per
    /// role, innermost first.
    fn provider(&self, chain: ProfileChain) -> Arc<dyn ProvideCredentials> {
        let context = &self.context;
        let mut provider: Arc<dyn ProvideCredentials> = match chain.base {
            BaseSource::Static(keys) => Arc::new(keys),
            BaseSource::Process(command) => Arc::new(ProcessProvider::new(command)),
            BaseSource::Sso(config) => Arc::new(SsoProvider::new(
                config,
                self.profile_name.clone(),
                context.clone(),
            )),
            BaseSource::WebIdentity(params) => {
                Arc::new(WebIdentityProvider::new(params, context.clone()))
            }
            BaseSource::Named(NamedSource::Environment) => {
                Arc::new(EnvironmentProvider::new(context.environment.clone()))
            }
            BaseSource::Named(NamedSource::Ec2InstanceMetadata) => Arc::new(ImdsProvider::new(
                context.clone(),
                self.profiles.profile(&self.profile_name).cloned(),
            )),
            BaseSource::Named(NamedSource::EcsContainer) => {
                Arc::new(ContainerProvider::new(context.clone()))
            }
        };
        for role in chain.roles.into_iter().rev() {
            provider = Arc::new(AssumeRoleProvider::new(role, provider, context.clone()));
        }
        provider
    }

    /// A failure of a source the profile points to, as the profile's: the
    /// profile is configured, so nothing found there stops the chain too.
    fn failed(&self, error: CredentialsError) -> CredentialsError {
        let error = error.within(self.source());
        match error.kind() {
            CredentialsErrorKind::NotFound => error.with_kind(CredentialsErrorKind::Invalid),
            _ => error,
        }
    }
}

/// A profile's setting, when it is set and not empty.
fn non_empty<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).filter(|value| !value.is_empty())
}

/// The static keys of a profile: `None` when it has neither.
fn static_keys(profile: &Profile) -> Result<Option<Credentials>, String> {
    let name = profile.name();
    match (
        non_empty(profile, "aws_access_key_id"),
        non_empty(profile, "aws_secret_access_key"),
    ) {
        (Some(access_key_id), Some(secret)) => Ok(Some(Credentials::new(
            access_key_id,
            secret,
            non_empty(profile, "aws_session_token").map(str::to_owned),
        ))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(format!(
            "profile `{name}` sets aws_access_key_id but not aws_secret_access_key"
        )),
        (None, Some(_)) => Err(format!(
            "profile `{name}` sets aws_secret_access_key but not aws_access_key_id"
        )),
    }
}

fn role_params(profile: &Profile, role_arn: &str) -> Result<AssumeRoleParams, String> {
    let duration_seconds = match non_empty(profile, "duration_seconds") {
        None => None,
        Some(text) => Some(text.trim().parse::<u32>().map_err(|_| {
            format!(
                "profile `{}` has duration_seconds {text:?}; expected a whole number of seconds",
                profile.name()
            )
        })?),
    };
    Ok(AssumeRoleParams {
        role_arn: role_arn.to_owned(),
        session_name: non_empty(profile, "role_session_name").map(str::to_owned),
        external_id: non_empty(profile, "external_id").map(str::to_owned),
        duration_seconds,
    })
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let provider = self.provider(self.resolve()?);
        provider
            .provide_credentials()
            .map_err(|error| self.failed(error))
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let provider = match self.resolve() {
            Ok(chain) => self.provider(chain),
            Err(error) => return Box::pin(async move { Err(error) }),
        };
        Box::pin(async move {
            provider
                .provide_credentials_async()
                .await
                .map_err(|error| self.failed(error))
        })
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
    /// Asks `providers` in this order.
    pub fn new(providers: Vec<Box<dyn ProvideCredentials>>) -> Self {
        ChainProvider { providers }
    }

    /// The AWS SDKs' default chain: the environment's keys, the profile
    /// (`profile_name` of `profiles`: roles, SSO, `credential_process`,
    /// static keys), web identity from the environment
    /// (`AWS_WEB_IDENTITY_TOKEN_FILE`), the container endpoint (ECS, EKS),
    /// the instance metadata service (IMDSv2). The sources that need the
    /// network get their transports and settings from `context`.
    pub fn default_chain(
        context: ProviderContext,
        profiles: Arc<ProfileSet>,
        profile_name: impl Into<String>,
        profile_is_explicit: bool,
    ) -> Self {
        let profile_name = profile_name.into();
        let selected = profiles.profile(&profile_name).cloned();
        ChainProvider::new(vec![
            Box::new(EnvironmentProvider::new(context.environment.clone())),
            Box::new(ProfileProvider::new(
                profiles,
                profile_name,
                profile_is_explicit,
                context.clone(),
            )),
            Box::new(WebIdentityProvider::from_environment(context.clone())),
            Box::new(ContainerProvider::new(context.clone())),
            Box::new(ImdsProvider::new(context, selected)),
        ])
    }
}

/// What a chain does with one source's answer: the chain's answer, or
/// `None` to go on to the next source.
fn settle(
    answer: Result<Credentials, CredentialsError>,
    tried: &mut Vec<CredentialsError>,
) -> Option<Result<Credentials, CredentialsError>> {
    match answer {
        Err(error) if error.kind() == CredentialsErrorKind::NotFound => {
            tried.push(error);
            None
        }
        answer => Some(answer),
    }
}

fn nothing_found(tried: Vec<CredentialsError>) -> CredentialsError {
    let mut error = CredentialsError::new(
        CredentialsErrorKind::NotFound,
        "no credentials",
        format!("none of the {} sources tried has any", tried.len()),
    );
    error.tried = tried;
    error
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut tried = Vec::new();
        for provider in &self.providers {
            if let Some(answer) = settle(provider.provide_credentials(), &mut tried) {
                return answer;
            }
        }
        Err(nothing_found(tried))
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut tried = Vec::new();
            for provider in &self.providers {
                let answer = provider.provide_credentials_async().await;
                if let Some(answer) = settle(answer, &mut tried) {
                    return answer;
                }
            }
            Err(nothing_found(tried))
        })
    }
}

/// Keeps what another provider gave until shortly before it expires (for
/// good, when it does not expire), so that a role is not assumed (or a
/// `credential_process` run) for every request.
///
/// One refresh runs at a time, blocking or async: concurrent callers wait
/// for it (threads on a condition variable, tasks on their wakers) and get
/// its answer. No lock is held while the inner provider works, so a
/// blocking caller never stalls an async one's executor for longer than a
/// field update; a refresh whose future is dropped lets the next caller
/// start another. (A blocking call made on the very thread that drives an
/// async refresh waits for good, as any blocking call in async code can.)
#[derive(Debug)]
pub struct CachedProvider<P> {
    inner: P,
    state: Mutex<CacheState>,
    refreshed: Condvar,
}

#[derive(Debug, Default)]
struct CacheState {
    credentials: Option<Credentials>,
    refreshing: bool,
    /// Counts finished (or abandoned) refreshes, so a waiter knows when the
    /// one it waited for is over.
    generation: u64,
    /// The answer of the refresh that ended `generation`; `None` when it was
    /// abandoned.
    last_answer: Option<Result<Credentials, CredentialsError>>,
    wakers: Vec<Waker>,
}

/// What a caller of the cache does next.
enum Turn {
    Answer(Result<Credentials, CredentialsError>),
    /// Refresh, and tell the others.
    Refresh,
    /// Wait until `generation` is over.
    Wait(u64),
}

impl<P> CachedProvider<P> {
    /// Credentials that expire within this are refreshed first.
    pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

    /// Caches what `inner` gives.
    pub fn new(inner: P) -> Self {
        CachedProvider {
            inner,
            state: Mutex::new(CacheState::default()),
            refreshed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, CacheState> {
        // A panic elsewhere while holding the lock leaves nothing half-written
        // here: every field is replaced whole.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Decides, under the lock, what a caller that last waited for
    /// `waited_for` does.
    fn turn(state: &mut CacheState, waited_for: Option<u64>) -> Turn {
        if waited_for.is_some_and(|generation| state.generation == generation + 1) {
            if let Some(answer) = &state.last_answer {
                return Turn::Answer(answer.clone());
            }
        }
        let fresh = |credentials: &&Credentials| match credentials.expiry() {
            None => true,
            Some(expiry) => SystemTime::now() + Self::REFRESH_BEFORE_EXPIRY < expiry,
        };
        if let Some(credentials) = state.credentials.as_ref().filter(fresh) {
            return Turn::Answer(Ok(credentials.clone()));
        }
        if state.refreshing {
            return Turn::Wait(state.generation);
        }
        state.refreshing = true;
        Turn::Refresh
    }

    /// Ends the refresh under way with `answer` (`None`: abandoned) and
    /// wakes every waiter.
    fn finish(&self, answer: Option<Result<Credentials, CredentialsError>>) {
        let wakers = {
            let mut state = self.lock();
            if let Some(Ok(credentials)) = &answer {
                state.credentials = Some(credentials.clone());
            }
            state.refreshing = false;
            state.generation += 1;
            state.last_answer = answer;
            std::mem::take(&mut state.wakers)
        };
        self.refreshed.notify_all();
        for waker in wakers {
            waker.wake();
        }
    }
}

/// Ends the refresh as abandoned if it never finishes (a panic, a dropped
/// future), so that waiters do not wait for good.
struct RefreshGuard<'a, P> {
    cache: &'a CachedProvider<P>,
    done: bool,
}

impl<P> RefreshGuard<'_, P> {
    fn finish(mut self, answer: &Result<Credentials, CredentialsError>) {
        self.done = true;
        self.cache.finish(Some(answer.clone()));
    }
}

impl<P> Drop for RefreshGuard<'_, P> {
    fn drop(&mut self) {
        if !self.done {
            self.cache.finish(None);
        }
    }
}

/// Ready once the refresh that was under way at `generation` is over.
struct RefreshEnded<'a, P> {
    cache: &'a CachedProvider<P>,
    generation: u64,
}

impl<P> Future for RefreshEnded<'_, P> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.cache.lock();
        if state.generation != self.generation {
            return Poll::Ready(());
        }
        if !state.wakers.iter().any(|waker| waker.will_wake(cx.waker())) {
            state.wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl<P: ProvideCredentials> ProvideCredentials for CachedProvider<P> {
    fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut waited_for = None;
        let mut state = self.lock();
        loop {
            match Self::turn(&mut state, waited_for) {
                Turn::Answer(answer) => return answer,
                Turn::Wait(generation) => {
                    waited_for = Some(generation);
                    while state.generation == generation {
                        state = self
                            .refreshed
                            .wait(state)
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                    }
                }
                Turn::Refresh => {
                    drop(state);
                    let guard = RefreshGuard {
                        cache: self,
                        done: false,
                    };
                    let answer = self.inner.provide_credentials();
                    guard.finish(&answer);
                    return answer;
                }
            }
        }
    }

    fn provide_credentials_async(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let mut waited_for = None;
            loop {
                let turn = Self::turn(&mut self.lock(), waited_for);
                match turn {
                    Turn::Answer(answer) => return answer,
                    Turn::Wait(generation) => {
                        waited_for = Some(generation);
                        RefreshEnded {
                            cache: self,
                            generation,
                        }
                        .await;
                    }
                    Turn::Refresh => {
                        let guard = RefreshGuard {
                            cache: self,
                            done: false,
                        };
                        let answer = self.inner.provide_credentials_async().await;
                        guard.finish(&answer);
                        return answer;
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use super::super::fetch::Transports;
    use super::super::http::{HttpRequest, HttpResponse};
    use super::super::transport::{Transport, TransportError};
    use super::*;

    fn profiles(config: &str) -> Arc<ProfileSet> {
        Arc::new(ProfileSet::from_texts(config, "").unwrap())
    }

    fn offline() -> ProviderContext {
        ProviderContext::new(Environment::from_vars([("HOME", "/nowhere")]))
    }

    fn profile_provider(config: &str, name: &str) -> ProfileProvider {
        ProfileProvider::new(profiles(config), name, false, offline())
    }

    fn profile_credentials(config: &str) -> Result<Credentials, CredentialsError> {
        profile_provider(config, "default").provide_credentials()
    }

    fn chain_of(config: &str, name: &str) -> Result<ProfileChain, CredentialsError> {
        profile_provider(config, name).resolve()
    }

    /// The roles of a chain, outermost first and comma-separated, and its
    /// base's access key id (or what kind of base it is).
    fn shape(chain: &ProfileChain) -> (String, String) {
        let roles: Vec<&str> = chain
            .roles
            .iter()
            .map(|role| role.role_arn.as_str())
            .collect();
        let roles = roles.join(",");
        let base = match &chain.base {
            BaseSource::Static(keys) => keys.access_key_id().to_owned(),
            BaseSource::Process(command) => format!("process {command}"),
            BaseSource::Sso(config) => format!("sso {}", config.role_name),
            BaseSource::WebIdentity(params) => format!("web identity {}", params.role_arn),
            BaseSource::Named(source) => format!("{source:?}"),
        };
        (roles, base)
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
        let implicit =
            ProfileProvider::new(set.clone(), "default", false, offline()).provide_credentials();
        assert_eq!(implicit.unwrap_err().kind(), CredentialsErrorKind::NotFound);
        let explicit = ProfileProvider::new(set.clone(), "dev", true, offline())
            .provide_credentials()
            .unwrap_err();
        assert_eq!(explicit.kind(), CredentialsErrorKind::Invalid);
        assert!(explicit.to_string().contains("profile `dev`"), "{explicit}");
        let other = ProfileProvider::new(set, "other", true, offline())
            .provide_credentials()
            .unwrap();
        assert_eq!(other.access_key_id(), "A");
    }

    const CHAINED: &str = "\
[profile a]
role_arn = arn:aws:iam::1:role/a
source_profile = b
external_id = ext
role_session_name = session-a
duration_seconds = 1800

[profile b]
role_arn = arn:aws:iam::1:role/b
source_profile = c

[profile c]
aws_access_key_id = AKIDC
aws_secret_access_key = secret-c

[profile keys-win]
role_arn = arn:aws:iam::1:role/k
source_profile = both

[profile both]
role_arn = arn:aws:iam::1:role/ignored
source_profile = c
aws_access_key_id = AKIDBOTH
aws_secret_access_key = secret-both

[profile self]
role_arn = arn:aws:iam::1:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = secret-self

[profile loop-1]
role_arn = arn:aws:iam::1:role/l1
source_profile = loop-2

[profile loop-2]
role_arn = arn:aws:iam::1:role/l2
source_profile = loop-1

[profile env-role]
role_arn = arn:aws:iam::1:role/env
credential_source = Environment

[profile imds-role]
role_arn = arn:aws:iam::1:role/imds
credential_source = Ec2InstanceMetadata

[profile web]
role_arn = arn:aws:iam::1:role/web
web_identity_token_file = /var/token
source_profile = c
";

    #[test]
    fn source_profiles_are_followed_to_the_base_and_its_roles() {
        let chain = chain_of(CHAINED, "a").unwrap();
        assert_eq!(
            shape(&chain),
            (
                "arn:aws:iam::1:role/a,arn:aws:iam::1:role/b".to_owned(),
                "AKIDC".to_owned()
            )
        );
        let outer = &chain.roles[0];
        assert_eq!(
            (
                outer.external_id.as_deref(),
                outer.session_name.as_deref(),
                outer.duration_seconds
            ),
            (Some("ext"), Some("session-a"), Some(1800))
        );
        // A source profile's keys win over its own role.
        assert_eq!(
            shape(&chain_of(CHAINED, "keys-win").unwrap()),
            ("arn:aws:iam::1:role/k".to_owned(), "AKIDBOTH".to_owned())
        );
        assert_eq!(
            shape(&chain_of(CHAINED, "self").unwrap()),
            ("arn:aws:iam::1:role/self".to_owned(), "AKIDSELF".to_owned())
        );
        assert_eq!(
            shape(&chain_of(CHAINED, "env-role").unwrap()),
            (
                "arn:aws:iam::1:role/env".to_owned(),
                "Environment".to_owned()
            )
        );
        assert_eq!(
            shape(&chain_of(CHAINED, "imds-role").unwrap()).1,
            "Ec2InstanceMetadata"
        );
        // Web identity takes the profile's role itself.
        assert_eq!(
            shape(&chain_of(CHAINED, "web").unwrap()),
            (
                String::new(),
                "web identity arn:aws:iam::1:role/web".to_owned()
            )
        );
    }

    #[test]
    fn a_cycle_of_source_profiles_is_reported_by_name() {
        let error = chain_of(CHAINED, "loop-1").unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert_eq!(
            error.to_string(),
            "profile `loop-1`: the source_profile settings form a cycle: `loop-1` -> `loop-2` -> `loop-1`"
        );
    }

    #[test]
    fn the_selected_profile_prefers_roles_then_sso_then_processes_then_keys() {
        let keys = "aws_access_key_id = A\naws_secret_access_key = S\n";
        let sso = "sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
                   sso_account_id = 1\nsso_role_name = R\n";
        let process = "credential_process = echo\n";
        let role = "role_arn = arn:aws:iam::1:role/r\nsource_profile = other\n\
                    [profile other]\naws_access_key_id = OTHER\naws_secret_access_key = S\n";
        let base =
            |body: String| shape(&chain_of(&format!("[default]\n{body}"), "default").unwrap());
        assert_eq!(
            base(format!("{keys}{process}{sso}{role}")).0,
            "arn:aws:iam::1:role/r"
        );
        assert_eq!(base(format!("{keys}{process}{sso}")).1, "sso R");
        assert_eq!(base(format!("{keys}{process}")).1, "process echo");
        assert_eq!(base(keys.to_owned()).1, "A");
    }

    #[test]
    fn misconfigured_roles_say_what_is_wrong() {
        let cases = [
            (
                "role_arn = arn:r\n",
                "neither source_profile nor credential_source",
            ),
            (
                "role_arn = arn:r\nsource_profile = x\ncredential_source = Environment\n",
                "both source_profile and credential_source",
            ),
            (
                "role_arn = arn:r\ncredential_source = Moon\n",
                "Ec2InstanceMetadata or EcsContainer",
            ),
            (
                "role_arn = arn:r\nsource_profile = missing\n",
                "source_profile `missing`, which does not exist",
            ),
            (
                "web_identity_token_file = /t\n",
                "web_identity_token_file but not role_arn",
            ),
            (
                "credential_source = Environment\n",
                "credential_source but not role_arn",
            ),
            (
                "role_arn = arn:r\nsource_profile = default\n",
                "cycle: `default` -> `default`",
            ),
            (
                "role_arn = arn:r\ncredential_source = Environment\nduration_seconds = soon\n",
                "duration_seconds \"soon\"",
            ),
            (
                "sso_session = s\nsso_account_id = 1\nsso_role_name = r\n",
                "no [sso-session s] section",
            ),
        ];
        for (body, words) in cases {
            let error = chain_of(&format!("[default]\n{body}"), "default").unwrap_err();
            assert_eq!(error.kind(), CredentialsErrorKind::Invalid, "{body}");
            assert!(error.to_string().contains(words), "{body}: {error}");
        }
        let empty_source = chain_of(
            "[default]\nrole_arn = arn:r\nsource_profile = empty\n[profile empty]\nregion = x\n",
            "default",
        )
        .unwrap_err();
        assert_eq!(empty_source.kind(), CredentialsErrorKind::Invalid);
        assert!(
            empty_source
                .to_string()
                .contains("source profile `empty` has no credentials")
        );
    }

    /// Answers requests in order from a list; records them.
    #[derive(Debug, Default)]
    struct Answering {
        answers: Mutex<VecDeque<HttpResponse>>,
        sent: Mutex<Vec<HttpRequest>>,
    }

    impl Answering {
        fn new(answers: impl IntoIterator<Item = (u16, String)>) -> Arc<Self> {
            Arc::new(Answering {
                answers: Mutex::new(
                    answers
                        .into_iter()
                        .map(|(status, body)| HttpResponse {
                            status,
                            headers: Vec::new(),
                            body: body.into_bytes(),
                        })
                        .collect(),
                ),
                sent: Mutex::default(),
            })
        }

        fn sent(&self) -> Vec<HttpRequest> {
            self.sent.lock().unwrap().clone()
        }
    }

    impl Transport for Answering {
        fn send(
            &self,
            request: &HttpRequest,
            _: Option<Duration>,
        ) -> Result<HttpResponse, TransportError> {
            self.sent.lock().unwrap().push(request.clone());
            self.answers.lock().unwrap().pop_front().ok_or_else(|| {
                TransportError::new(
                    super::super::transport::TransportErrorKind::Connect,
                    request.url(),
                    "nothing more to answer",
                )
            })
        }
    }

    fn sts_answer(action: &str, access_key_id: &str) -> (u16, String) {
        (
            200,
            format!(
                "<{action}Response><{action}Result><Credentials><AccessKeyId>{access_key_id}</AccessKeyId>\
                 <SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken>\
                 <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></{action}Result></{action}Response>"
            ),
        )
    }

    fn networked(environment: Environment, transport: Arc<Answering>) -> ProviderContext {
        let mut context = ProviderContext::new(environment);
        context.region = Some("us-west-2".to_owned());
        context.transports = Transports::none().with_blocking(transport);
        context
    }

    fn form_value(request: &HttpRequest, key: &str) -> Option<String> {
        String::from_utf8_lossy(&request.body)
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{key}=")).map(str::to_owned))
    }

    #[test]
    fn chained_roles_are_assumed_innermost_first_each_signed_by_the_last() {
        let transport = Answering::new([
            sts_answer("AssumeRole", "ASIAB"),
            sts_answer("AssumeRole", "ASIAA"),
        ]);
        let provider = ProfileProvider::new(
            profiles(CHAINED),
            "a",
            true,
            networked(Environment::default(), transport.clone()),
        );
        let credentials = provider.provide_credentials().unwrap();
        assert_eq!(credentials.access_key_id(), "ASIAA");
        let sent = transport.sent();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].url(), "https://sts.us-west-2.amazonaws.com/");
        assert_eq!(
            form_value(&sent[0], "RoleArn").as_deref(),
            Some("arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fb")
        );
        assert!(
            sent[0]
                .header("Authorization")
                .unwrap()
                .contains("Credential=AKIDC/")
        );
        assert_eq!(sent[0].header("X-Amz-Security-Token"), None);
        assert_eq!(
            form_value(&sent[1], "RoleArn").as_deref(),
            Some("arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa")
        );
        assert_eq!(form_value(&sent[1], "ExternalId").as_deref(), Some("ext"));
        assert_eq!(
            form_value(&sent[1], "RoleSessionName").as_deref(),
            Some("session-a")
        );
        assert_eq!(
            form_value(&sent[1], "DurationSeconds").as_deref(),
            Some("1800")
        );
        assert!(
            sent[1]
                .header("Authorization")
                .unwrap()
                .contains("Credential=ASIAB/")
        );
        assert_eq!(sent[1].header("X-Amz-Security-Token"), Some("role-token"));
    }

    #[test]
    fn credential_source_environment_signs_with_the_environments_keys() {
        let transport = Answering::new([sts_answer("AssumeRole", "ASIAENV")]);
        let environment = Environment::from_vars([
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
        ]);
        let provider = ProfileProvider::new(
            profiles(CHAINED),
            "env-role",
            true,
            networked(environment, transport.clone()),
        );
        assert_eq!(
            provider.provide_credentials().unwrap().access_key_id(),
            "ASIAENV"
        );
        let sent = transport.sent();
        assert!(
            sent[0]
                .header("Authorization")
                .unwrap()
                .contains("Credential=AKIDENV/")
        );
        // The default session name.
        assert!(
            form_value(&sent[0], "RoleSessionName")
                .unwrap()
                .starts_with("rust-runtime-")
        );

        // Nothing in the environment: the profile's source is broken, and says so.
        let provider = ProfileProvider::new(
            profiles(CHAINED),
            "env-role",
            true,
            networked(Environment::default(), Answering::new([])),
        );
        let error = provider.provide_credentials().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Invalid);
        assert_eq!(
            error.to_string(),
            "profile `env-role`: STS AssumeRole of `arn:aws:iam::1:role/env`: environment: \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"
        );
    }

    #[test]
    fn a_role_without_a_transport_in_that_mode_says_so() {
        let provider = profile_provider(CHAINED, "a");
        let error = provider.provide_credentials().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Unsupported);
        assert!(
            error.to_string().contains("no blocking transport"),
            "{error}"
        );
        let error = block_on(provider.provide_credentials_async()).unwrap_err();
        assert!(error.to_string().contains("no async transport"), "{error}");
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
            assert!(
                text.starts_with("profile `default`: credential_process: "),
                "{text}"
            );
            assert!(!text.contains("SECRET-VALUE"), "{text}");
        }
    }

    #[test]
    fn json_credentials_read_dates_and_epoch_millis() {
        let document = super::super::json::parse(
            r#"{"accessKeyId": "A", "secretAccessKey": "S", "expiration": 1893456000000}"#,
        )
        .unwrap();
        let credentials = credentials_from_json(&document, &JsonCredentialsKeys::SSO).unwrap();
        assert_eq!(credentials.session_token(), None);
        assert_eq!(
            credentials.expiry(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000))
        );
        let wrong = super::super::json::parse(
            r#"{"AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": true}"#,
        )
        .unwrap();
        let problem = credentials_from_json(&wrong, &JsonCredentialsKeys::METADATA).unwrap_err();
        assert!(
            problem.contains("neither an RFC 3339 date-time nor epoch milliseconds"),
            "{problem}"
        );
    }

    fn default_chain(vars: &[(&str, &str)], config: &str) -> ChainProvider {
        let mut vars = vars.to_vec();
        vars.push(("HOME", "/nowhere"));
        ChainProvider::default_chain(
            ProviderContext::new(Environment::from_vars(vars)),
            profiles(config),
            "default",
            false,
        )
    }

    #[test]
    fn the_chain_takes_the_first_source_and_lists_every_one_it_tried() {
        let chain = default_chain(&[], "[default]\nregion = us-east-1\n");
        let error = chain.provide_credentials().unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::NotFound);
        let sources: Vec<&str> = error
            .tried()
            .iter()
            .map(CredentialsError::source_name)
            .collect();
        assert_eq!(
            sources,
            [
                "environment",
                "profile `default`",
                "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
                "container credentials endpoint",
                "instance metadata (IMDS)",
            ]
        );
        let text = error.to_string();
        for words in [
            "no credentials: none of the 5 sources tried has any",
            "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            "profile `default`: it has no credentials",
            "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
            "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            "instance metadata (IMDS): it needs the network and no blocking transport is configured",
        ] {
            assert!(text.contains(words), "{words}\n{text}");
        }
        let disabled = default_chain(&[("AWS_EC2_METADATA_DISABLED", "true")], "")
            .provide_credentials()
            .unwrap_err()
            .to_string();
        assert!(
            disabled.contains("instance metadata (IMDS): AWS_EC2_METADATA_DISABLED is true"),
            "{disabled}"
        );

        let chain = default_chain(
            &[("AWS_ACCESS_KEY_ID", "ENV"), ("AWS_SECRET_ACCESS_KEY", "S")],
            "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = S\n",
        );
        assert_eq!(chain.provide_credentials().unwrap().access_key_id(), "ENV");

        // A broken source stops the chain: the next one would sign as someone else.
        let chain = default_chain(
            &[("AWS_ACCESS_KEY_ID", "ENV")],
            "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = S\n",
        );
        assert_eq!(
            chain.provide_credentials().unwrap_err().kind(),
            CredentialsErrorKind::Invalid
        );
    }

    #[test]
    fn the_profile_comes_before_web_identity_which_comes_before_the_container() {
        let web = [
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/web"),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds"),
        ];
        let context = |transport: Arc<Answering>| {
            let environment = Environment::from_vars(web).with_file("/token", "oidc");
            let mut context = networked(environment, transport.clone());
            context.metadata_transports = Transports::none().with_blocking(transport);
            context
        };
        let keys = "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = S\n";
        let transport = Answering::new([]);
        let chain = ChainProvider::default_chain(
            context(transport.clone()),
            profiles(keys),
            "default",
            false,
        );
        assert_eq!(
            chain.provide_credentials().unwrap().access_key_id(),
            "PROFILE"
        );
        assert!(transport.sent().is_empty());

        let transport = Answering::new([sts_answer("AssumeRoleWithWebIdentity", "ASIAWEB")]);
        let chain = ChainProvider::default_chain(
            context(transport.clone()),
            profiles(""),
            "default",
            false,
        );
        assert_eq!(
            chain.provide_credentials().unwrap().access_key_id(),
            "ASIAWEB"
        );
        let sent = transport.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(
            form_value(&sent[0], "Action").as_deref(),
            Some("AssumeRoleWithWebIdentity")
        );
        assert_eq!(sent[0].header("Authorization"), None);
    }

    /// Counts its calls; its credentials expire `lifetime` from now.
    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: Option<Duration>,
    }

    impl Counting {
        fn new(lifetime: Option<Duration>) -> Self {
            Counting {
                calls: AtomicUsize::new(0),
                lifetime,
            }
        }

        fn answer(&self) -> Result<Credentials, CredentialsError> {
            let call = self.calls.fetch_add(1, Ordering::SeqCst);
            let credentials = Credentials::new(format!("A{call}"), "S", None);
            Ok(match self.lifetime {
                Some(lifetime) => credentials.with_expiry(SystemTime::now() + lifetime),
                None => credentials,
            })
        }
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            // Long enough for the other callers to pile up behind it.
            std::thread::sleep(Duration::from_millis(20));
            self.answer()
        }

        fn provide_credentials_async(
            &self,
        ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                // Lets the other tasks run, and find a refresh under way.
                for _ in 0..3 {
                    Yield(false).await;
                }
                self.answer()
            })
        }
    }

    /// Pending once, then ready: gives other tasks of the same thread a turn.
    struct Yield(bool);

    impl Future for Yield {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// Runs `future` on this thread.
    fn block_on<F: Future>(future: F) -> F::Output {
        struct Unpark(std::thread::Thread);
        impl std::task::Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut context = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            match future.as_mut().poll(&mut context) {
                Poll::Ready(output) => return output,
                Poll::Pending => std::thread::park(),
            }
        }
    }

    /// Polls every future in turn on this thread until all are done.
    fn join_all<T>(futures: Vec<BoxFuture<'_, T>>) -> Vec<T> {
        let mut futures: Vec<Option<BoxFuture<'_, T>>> = futures.into_iter().map(Some).collect();
        let mut outputs: Vec<Option<T>> = futures.iter().map(|_| None).collect();
        block_on(std::future::poll_fn(|cx| {
            for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
                if let Some(running) = future {
                    if let Poll::Ready(value) = running.as_mut().poll(cx) {
                        *output = Some(value);
                        *future = None;
                    }
                }
            }
            if futures.iter().all(Option::is_none) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }));
        outputs.into_iter().flatten().collect()
    }

    #[test]
    fn the_cache_asks_again_only_when_credentials_near_their_expiry() {
        let concurrent_calls = |lifetime| {
            let cached = CachedProvider::new(Counting::new(lifetime));
            std::thread::scope(|scope| {
                for _ in 0..4 {
                    scope.spawn(|| {
                        for _ in 0..10 {
                            cached.provide_credentials().unwrap();
                        }
                    });
                }
            });
            cached.inner.calls.load(Ordering::SeqCst)
        };
        assert_eq!(concurrent_calls(None), 1);
        assert_eq!(concurrent_calls(Some(Duration::from_secs(3600))), 1);
        // Credentials that expire within the refresh window are fetched on
        // every call that is not already waiting for a fetch.
        let cached = CachedProvider::new(Counting::new(Some(Duration::from_secs(60))));
        for _ in 0..5 {
            cached.provide_credentials().unwrap();
        }
        assert_eq!(cached.inner.calls.load(Ordering::SeqCst), 5);
    }

    #[test]
    fn concurrent_async_callers_share_one_refresh_and_its_answer() {
        let cached = CachedProvider::new(Counting::new(Some(Duration::from_secs(3600))));
        let answers = join_all((0..8).map(|_| cached.provide_credentials_async()).collect());
        assert_eq!(cached.inner.calls.load(Ordering::SeqCst), 1);
        assert!(
            answers
                .iter()
                .all(|answer| answer.as_ref().unwrap().access_key_id() == "A0")
        );

        // Blocking and async callers on several threads, together.
        let cached = CachedProvider::new(Counting::new(None));
        std::thread::scope(|scope| {
            for thread in 0..6 {
                let cached = &cached;
                scope.spawn(move || {
                    if thread % 2 == 0 {
                        block_on(cached.provide_credentials_async()).unwrap();
                    } else {
                        cached.provide_credentials().unwrap();
                    }
                });
            }
        });
        assert_eq!(cached.inner.calls.load(Ordering::SeqCst), 1);
    }

    /// Its async answer waits until `open` is set.
    #[derive(Debug, Default)]
    struct Gate {
        open: AtomicBool,
        calls: AtomicUsize,
    }

    impl ProvideCredentials for Gate {
        fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
            Err(CredentialsError::new(
                CredentialsErrorKind::NotFound,
                "gate",
                "async only",
            ))
        }

        fn provide_credentials_async(
            &self,
        ) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(std::future::poll_fn(|cx| {
                if self.open.load(Ordering::SeqCst) {
                    Poll::Ready(Ok(Credentials::new("GATE", "S", None)))
                } else {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            }))
        }
    }

    #[test]
    fn a_dropped_refresh_lets_a_waiter_take_over_and_errors_reach_waiters() {
        let cached = CachedProvider::new(Gate::default());
        let waker = Waker::noop();
        let mut context = Context::from_waker(waker);
        let mut first = cached.provide_credentials_async();
        assert!(first.as_mut().poll(&mut context).is_pending());
        let mut second = cached.provide_credentials_async();
        assert!(second.as_mut().poll(&mut context).is_pending());
        assert_eq!(cached.inner.calls.load(Ordering::SeqCst), 1);
        drop(first);
        // The waiter finds the refresh abandoned and starts its own.
        assert!(second.as_mut().poll(&mut context).is_pending());
        assert_eq!(cached.inner.calls.load(Ordering::SeqCst), 2);
        cached.inner.open.store(true, Ordering::SeqCst);
        let Poll::Ready(Ok(credentials)) = second.as_mut().poll(&mut context) else {
            panic!("the gate is open");
        };
        assert_eq!(credentials.access_key_id(), "GATE");

        // A failed refresh is not cached: the next caller asks again.
        let failing = CachedProvider::new(Gate::default());
        assert!(failing.provide_credentials().is_err());
        assert!(failing.provide_credentials().is_err());
    }

    #[test]
    fn the_async_chain_asks_each_source_in_turn() {
        let chain = default_chain(
            &[("AWS_EC2_METADATA_DISABLED", "true")],
            "[default]\naws_access_key_id = P\naws_secret_access_key = S\n",
        );
        assert_eq!(
            block_on(chain.provide_credentials_async())
                .unwrap()
                .access_key_id(),
            "P"
        );
        let empty = default_chain(&[("AWS_EC2_METADATA_DISABLED", "true")], "");
        let error = block_on(empty.provide_credentials_async()).unwrap_err();
        assert_eq!(error.tried().len(), 5);
    }

    #[test]
    fn debug_and_errors_hold_no_secrets() {
        let credentials = Credentials::new("AKID", "very-secret", Some("token-secret".to_owned()));
        let debug = format!("{credentials:?}");
        assert!(debug.contains("AKID"), "{debug}");
        assert!(!debug.contains("very-secret"), "{debug}");
        assert!(!debug.contains("token-secret"), "{debug}");
        let provider = profile_provider(
            "[default]\nrole_arn = arn:r\nsource_profile = k\n[profile k]\naws_access_key_id = A\naws_secret_access_key = very-secret\n",
            "default",
        );
        let shown = format!("{provider:?} {:?}", provider.resolve().unwrap());
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
