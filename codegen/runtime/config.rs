//! How a client is configured: in code ([`Config::builder`]), or from the
//! environment and the shared files as the AWS SDKs do ([`Config::from_env`]).
//! Each setting remembers where its value came from, and `Debug` says so
//! ("region: us-east-1 (from AWS_REGION)").

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::credentials::{CachedProvider, ChainProvider, ProvideCredentials};
use super::env::Environment;
use super::fetch::{ProviderContext, Transports};
use super::idempotency::{IdempotencyTokenProvider, RandomTokens};
use super::interceptor::Interceptor;
use super::profile::{Profile, ProfileError, ProfileFiles};
use super::retry::{RetryConfig, RetryMode};
use super::transport::{AsyncSleep, AsyncTransport, Sleep, ThreadSleep, Transport};

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Set in code.
    Code,
    /// An environment variable.
    Environment(String),
    /// A key of a profile of the shared files.
    Profile { profile: String, key: &'static str },
    /// The EC2 instance metadata service (the region, when nothing else
    /// names one).
    InstanceMetadata,
    /// Nothing set it.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Code => f.write_str("set in code"),
            Source::Environment(variable) => write!(f, "from {variable}"),
            Source::Profile { profile, key } => write!(f, "from `{key}` of profile `{profile}`"),
            Source::InstanceMetadata => f.write_str("from the instance metadata service"),
            Source::Default => f.write_str("by default"),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    pub fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }
}

impl<T: fmt::Display> fmt::Debug for Setting<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.value, self.source)
    }
}

/// The current time, for request signatures; tests give a fixed one.
pub trait TimeSource: Send + Sync + fmt::Debug {
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Why the configuration could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A shared config or credentials file is malformed or unreadable.
    Profile(ProfileError),
    /// A setting has a value it cannot have.
    InvalidValue {
        setting: &'static str,
        value: String,
        source: Source,
        expected: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Profile(error) => write!(f, "cannot read the AWS config files: {error}"),
            ConfigError::InvalidValue {
                setting,
                value,
                source,
                expected,
            } => write!(f, "{setting} {source} is {value:?}; expected {expected}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Profile(error) => Some(error),
            ConfigError::InvalidValue { .. } => None,
        }
    }
}

/// What the environment and the shared files say, kept for the settings that
/// depend on the service (`AWS_ENDPOINT_URL_EC2`), which the client reads.
#[derive(Clone, Debug)]
struct Loaded {
    environment: Environment,
    profile_name: String,
    profile: Option<Profile>,
}

impl Loaded {
    /// The first of `variables` that is set, else `key` of the profile.
    fn string(&self, variables: &[&str], key: &'static str) -> Option<Setting<String>> {
        for variable in variables {
            if let Some(value) = self.environment.non_empty_var(variable) {
                return Some(Setting::new(
                    value,
                    Source::Environment((*variable).to_owned()),
                ));
            }
        }
        self.profile_string(key)
    }

    /// The endpoint URL the environment or the profile gives the service
    /// whose SDK id is `sdk_id` (see [`Config::endpoint_url_for`]); the
    /// credential sources' STS and SSO calls use it too.
    fn endpoint_url_for(&self, sdk_id: &str) -> Option<Setting<String>> {
        let ignore = self
            .string(
                &["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"],
                "ignore_configured_endpoint_urls",
            )
            .is_some_and(|setting| setting.value.eq_ignore_ascii_case("true"));
        if ignore {
            return None;
        }
        let service_variable = format!(
            "AWS_ENDPOINT_URL_{}",
            sdk_id.to_ascii_uppercase().replace([' ', '-'], "_")
        );
        self.string(&[&service_variable, "AWS_ENDPOINT_URL"], "endpoint_url")
    }

    fn profile_string(&self, key: &'static str) -> Option<Setting<String>> {
        let value = self.profile.as_ref()?.get(key)?;
        (!value.is_empty()).then(|| {
            Setting::new(
                value.to_owned(),
                Source::Profile {
                    profile: self.profile_name.clone(),
                    key,
                },
            )
        })
    }

    fn boolean(
        &self,
        variable: &'static str,
        key: &'static str,
    ) -> Result<Option<Setting<bool>>, ConfigError> {
        self.parsed(variable, key, "true or false", |text| {
            match text.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }
        })
    }

    /// `variable`, else `key` of the profile, read by `parse`; a value it
    /// refuses is an error that says what was `expected`.
    fn parsed<T>(
        &self,
        variable: &'static str,
        key: &'static str,
        expected: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<Setting<T>>, ConfigError> {
        let Some(setting) = self.string(&[variable], key) else {
            return Ok(None);
        };
        match parse(setting.value.trim()) {
            Some(value) => Ok(Some(Setting::new(value, setting.source))),
            None => Err(ConfigError::InvalidValue {
                setting: variable,
                value: setting.value,
                source: setting.source,
                expected,
            }),
        }
    }
}

/// Everything a client needs besides the service: region, endpoint,
/// credentials, transport. Cheap to clone.
#[derive(Clone)]
pub struct Config {
    region: Option<Setting<String>>,
    endpoint_url: Option<Setting<String>>,
    use_fips: Setting<bool>,
    use_dual_stack: Setting<bool>,
    credentials: Arc<dyn ProvideCredentials>,
    transport: Option<Arc<dyn Transport>>,
    idempotency_tokens: Arc<dyn IdempotencyTokenProvider + Send + Sync>,
    time_source: Arc<dyn TimeSource>,
    loaded: Option<Loaded>,
    calls: CallSettings,
}

/// How calls are made: retries, time limits, hooks, the async transport.
#[derive(Clone)]
struct CallSettings {
    retry_mode: Setting<RetryMode>,
    max_attempts: Setting<u32>,
    timeouts: Timeouts,
    interceptors: Vec<Arc<dyn Interceptor>>,
    async_transport: Option<Arc<dyn AsyncTransport>>,
    async_sleep: Option<Arc<dyn AsyncSleep>>,
    /// The blocking waits: retries' backoff, waiters' delays.
    sleep: Arc<dyn Sleep>,
    /// A random fraction in `[0, 1)` for the retry backoff's jitter.
    jitter: fn() -> f64,
}

impl Default for CallSettings {
    fn default() -> Self {
        CallSettings {
            retry_mode: Setting::new(RetryConfig::STANDARD.mode, Source::Default),
            max_attempts: Setting::new(RetryConfig::STANDARD.max_attempts, Source::Default),
            timeouts: Timeouts::default(),
            interceptors: Vec::new(),
            async_transport: None,
            async_sleep: None,
            sleep: Arc::new(ThreadSleep),
            jitter: super::idempotency::random_fraction,
        }
    }
}

/// How long a call may take. The transport has its own limits too: a 3.1 s
/// connect timeout and a 30 s read timeout by default, so a server that
/// accepts a connection and never answers ends the attempt in 30 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// One attempt, from sending to the whole response (default 60 s).
    pub attempt: Option<Duration>,
    /// The whole call, every attempt and wait between them included
    /// (default: none beyond what the attempts and their backoff take).
    pub operation: Option<Duration>,
}

impl Timeouts {
    pub const DEFAULT_ATTEMPT: Duration = Duration::from_secs(60);
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            attempt: Some(Self::DEFAULT_ATTEMPT),
            operation: None,
        }
    }
}

impl Config {
    /// Configuration set in code only; nothing is read from the environment.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The configuration the environment gives, as the AWS SDKs read it:
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`,
    ///   then the EC2 instance metadata service (up to four one-second
    ///   attempts; never when `AWS_EC2_METADATA_DISABLED` is `true`, which
    ///   tests with a fixed [`Environment`] should set);
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (the service's SDK id, upper
    ///   case, spaces as `_`), `AWS_ENDPOINT_URL`, the profile's
    ///   `endpoint_url` (none of them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    ///   is `true`);
    /// - FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT`,
    ///   `AWS_USE_DUALSTACK_ENDPOINT`, the profile's `use_fips_endpoint`,
    ///   `use_dualstack_endpoint`;
    /// - credentials: the default chain, cached: `AWS_ACCESS_KEY_ID`...,
    ///   the profile (roles assumed with STS, SSO, `credential_process`,
    ///   static keys), web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`), the
    ///   container endpoint, the instance metadata service; STS and SSO
    ///   calls go to `AWS_ENDPOINT_URL_STS` / `_SSO` (or `AWS_ENDPOINT_URL`)
    ///   when set;
    ///
    /// with the profile named by `AWS_PROFILE` (else `default`) of
    /// `AWS_CONFIG_FILE` (else `~/.aws/config`) and
    /// `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/credentials`).
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_environment(Environment::process())
    }

    /// [`Config::from_env`] with the variables and files of `environment`.
    pub fn from_environment(environment: Environment) -> Result<Config, ConfigError> {
        ConfigBuilder::default().build_from(environment)
    }

    pub fn region(&self) -> Option<&Setting<String>> {
        self.region.as_ref()
    }

    /// The endpoint URL set in code; see [`Config::endpoint_url_for`] for the
    /// one a service's client uses.
    pub fn endpoint_url(&self) -> Option<&Setting<String>> {
        self.endpoint_url.as_ref()
    }

    /// The endpoint URL for the service whose SDK id is `sdk_id`: set in code,
    /// else the first of `AWS_ENDPOINT_URL_<SDK_ID>`, `AWS_ENDPOINT_URL`,
    /// the profile's `endpoint_url`.
    pub fn endpoint_url_for(&self, sdk_id: &str) -> Option<Setting<String>> {
        if let Some(setting) = &self.endpoint_url {
            return Some(setting.clone());
        }
        self.loaded.as_ref()?.endpoint_url_for(sdk_id)
    }

    pub fn use_fips(&self) -> &Setting<bool> {
        &self.use_fips
    }

    pub fn use_dual_stack(&self) -> &Setting<bool> {
        &self.use_dual_stack
    }

    pub fn credentials(&self) -> &Arc<dyn ProvideCredentials> {
        &self.credentials
    }

    /// The transport set in code; `None` means the crate's default one.
    pub fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }

    pub fn idempotency_tokens(&self) -> &Arc<dyn IdempotencyTokenProvider + Send + Sync> {
        &self.idempotency_tokens
    }

    pub fn time_source(&self) -> &Arc<dyn TimeSource> {
        &self.time_source
    }

    /// What failed calls retry with.
    pub fn retry(&self) -> RetryConfig {
        RetryConfig {
            mode: self.calls.retry_mode.value,
            max_attempts: self.calls.max_attempts.value,
            ..RetryConfig::STANDARD
        }
    }

    pub fn retry_mode(&self) -> &Setting<RetryMode> {
        &self.calls.retry_mode
    }

    pub fn max_attempts(&self) -> &Setting<u32> {
        &self.calls.max_attempts
    }

    pub fn timeouts(&self) -> Timeouts {
        self.calls.timeouts
    }

    /// The interceptors, in the order they run.
    pub fn interceptors(&self) -> &[Arc<dyn Interceptor>] {
        &self.calls.interceptors
    }

    /// The async transport set in code; `None` means the crate's default.
    pub fn async_transport(&self) -> Option<&Arc<dyn AsyncTransport>> {
        self.calls.async_transport.as_ref()
    }

    pub fn async_sleep(&self) -> Option<&Arc<dyn AsyncSleep>> {
        self.calls.async_sleep.as_ref()
    }

    /// How blocking calls wait: between retries, and between a waiter's
    /// attempts.
    pub fn sleep(&self) -> &Arc<dyn Sleep> {
        &self.calls.sleep
    }

    /// A random fraction for the next backoff.
    pub fn jitter(&self) -> f64 {
        (self.calls.jitter)()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .field("async_transport", &self.calls.async_transport)
            .field("retry_mode", &self.calls.retry_mode)
            .field("max_attempts", &self.calls.max_attempts)
            .field("timeouts", &self.calls.timeouts)
            .field("interceptors", &self.calls.interceptors)
            .field(
                "profile",
                &self.loaded.as_ref().map(|loaded| &loaded.profile_name),
            )
            .finish_non_exhaustive()
    }
}

/// Builds a [`Config`]: what is set here wins over the environment.
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    profile: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    transport: Option<Arc<dyn Transport>>,
    idempotency_tokens: Option<Arc<dyn IdempotencyTokenProvider + Send + Sync>>,
    time_source: Option<Arc<dyn TimeSource>>,
    retry_mode: Option<RetryMode>,
    max_attempts: Option<u32>,
    timeouts: Timeouts,
    interceptors: Vec<Arc<dyn Interceptor>>,
    async_transport: Option<Arc<dyn AsyncTransport>>,
    async_sleep: Option<Arc<dyn AsyncSleep>>,
    sleep: Option<Arc<dyn Sleep>>,
    jitter: Option<fn() -> f64>,
}

impl ConfigBuilder {
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.retry_mode = Some(mode);
        self
    }

    /// Attempts in all, the first included: 1 turns retries off (0 is read
    /// as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// The time limit of one attempt; `None` for none.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeouts.attempt = timeout;
        self
    }

    /// The time limit of the whole call, retries included; `None` for none.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeouts.operation = timeout;
        self
    }

    /// Adds a hook into every call; hooks run in the order added.
    pub fn interceptor(mut self, interceptor: impl Interceptor + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// The transport of `send_async` calls.
    pub fn async_transport(mut self, transport: impl AsyncTransport + 'static) -> Self {
        self.async_transport = Some(Arc::new(transport));
        self
    }

    /// How `send_async` calls wait between attempts.
    pub fn async_sleep(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.async_sleep = Some(Arc::new(sleep));
        self
    }

    /// Where the retry backoff's random fraction comes from (tests pin it).
    /// How blocking calls wait (`std::thread::sleep` unless set).
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    pub fn retry_jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = Some(jitter);
        self
    }

    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request to this URL (a local EC2-compatible server, a VPC
    /// endpoint) instead of the one the service's endpoint rules choose.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// The profile of the shared files to read (instead of `AWS_PROFILE`).
    pub fn profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Where idempotency tokens the caller left unset come from.
    pub fn idempotency_tokens(
        mut self,
        tokens: impl IdempotencyTokenProvider + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_tokens = Some(Arc::new(tokens));
        self
    }

    /// The clock signatures are dated by.
    pub fn time_source(mut self, time_source: impl TimeSource + 'static) -> Self {
        self.time_source = Some(Arc::new(time_source));
        self
    }

    /// The configuration of what was set, and nothing else: no region unless
    /// one was set, and no credentials (every request fails to sign) unless
    /// they were given.
    pub fn build(self) -> Config {
        let calls = self.calls();
        let code = |value: Option<String>| value.map(|value| Setting::new(value, Source::Code));
        let flag = |value: Option<bool>| match value {
            Some(value) => Setting::new(value, Source::Code),
            None => Setting::new(false, Source::Default),
        };
        Config {
            region: code(self.region),
            endpoint_url: code(self.endpoint_url),
            use_fips: flag(self.use_fips),
            use_dual_stack: flag(self.use_dual_stack),
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(ChainProvider::new(Vec::new()))),
            transport: self.transport,
            idempotency_tokens: self
                .idempotency_tokens
                .unwrap_or_else(|| Arc::new(RandomTokens)),
            calls,
            time_source: self.time_source.unwrap_or_else(|| Arc::new(SystemClock)),
            loaded: None,
        }
    }

    fn calls(&self) -> CallSettings {
        let defaults = CallSettings::default();
        CallSettings {
            retry_mode: self
                .retry_mode
                .map_or(defaults.retry_mode, |mode| Setting::new(mode, Source::Code)),
            max_attempts: self.max_attempts.map_or(defaults.max_attempts, |attempts| {
                Setting::new(attempts, Source::Code)
            }),
            timeouts: self.timeouts,
            interceptors: self.interceptors.clone(),
            async_transport: self.async_transport.clone(),
            async_sleep: self.async_sleep.clone(),
            sleep: self.sleep.clone().unwrap_or(defaults.sleep),
            jitter: self.jitter.unwrap_or(defaults.jitter),
        }
    }

    /// What was set, with the rest read from `environment` (see
    /// [`Config::from_env`]).
    pub fn build_from(self, environment: Environment) -> Result<Config, ConfigError> {
        let files = ProfileFiles::locate(&environment);
        let profile_is_explicit =
            self.profile.is_some() || environment.non_empty_var("AWS_PROFILE").is_some();
        let profile_name = self.profile.clone().unwrap_or(files.profile.clone());
        let profiles = Arc::new(files.load(&environment).map_err(ConfigError::Profile)?);
        let loaded = Loaded {
            environment: environment.clone(),
            profile: profiles.profile(&profile_name).cloned(),
            profile_name: profile_name.clone(),
        };
        let code =
            |value: &Option<String>| value.clone().map(|value| Setting::new(value, Source::Code));
        let metadata_transports = self.credential_transports(Some(METADATA_TIMEOUT));
        // IMDS is asked last, and only when nothing else names a region.
        let region = code(&self.region)
            .or_else(|| loaded.string(&["AWS_REGION", "AWS_DEFAULT_REGION"], "region"))
            .or_else(|| imds_region(&loaded, &metadata_transports));
        let use_fips = match self.use_fips {
            Some(value) => Setting::new(value, Source::Code),
            None => loaded
                .boolean("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?
                .unwrap_or(Setting::new(false, Source::Default)),
        };
        let use_dual_stack = match self.use_dual_stack {
            Some(value) => Setting::new(value, Source::Code),
            None => loaded
                .boolean("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?
                .unwrap_or(Setting::new(false, Source::Default)),
        };
        let credentials = match &self.credentials {
            Some(provider) => provider.clone(),
            None => Arc::new(CachedProvider::new(ChainProvider::default_chain(
                self.provider_context(&loaded, region.as_ref(), metadata_transports),
                profiles,
                profile_name,
                profile_is_explicit,
            ))),
        };
        let retry_mode = match self.retry_mode {
            Some(mode) => Setting::new(mode, Source::Code),
            None => loaded
                .parsed(
                    "AWS_RETRY_MODE",
                    "retry_mode",
                    "standard or adaptive",
                    RetryMode::parse,
                )?
                .unwrap_or(Setting::new(RetryConfig::STANDARD.mode, Source::Default)),
        };
        let max_attempts = match self.max_attempts {
            Some(attempts) => Setting::new(attempts, Source::Code),
            None => loaded
                .parsed(
                    "AWS_MAX_ATTEMPTS",
                    "max_attempts",
                    "a whole number of at least 1",
                    |text| text.parse::<u32>().ok().filter(|attempts| *attempts >= 1),
                )?
                .unwrap_or(Setting::new(
                    RetryConfig::STANDARD.max_attempts,
                    Source::Default,
                )),
        };
        let mut config = self.build();
        config.calls.retry_mode = retry_mode;
        config.calls.max_attempts = max_attempts;
        config.region = region;
        config.use_fips = use_fips;
        config.use_dual_stack = use_dual_stack;
        config.credentials = credentials;
        config.loaded = Some(loaded);
        Ok(config)
    }
}

/// The credential sources of the default chain: what they send through and
/// where (kept apart from the rest of the builder: only `build_from` needs it).
impl ConfigBuilder {
    /// What the credential sources of the default chain need: the
    /// environment, the region, STS's and SSO's endpoint overrides, the
    /// transports, the clock.
    fn provider_context(
        &self,
        loaded: &Loaded,
        region: Option<&Setting<String>>,
        metadata_transports: Transports,
    ) -> ProviderContext {
        let mut context = ProviderContext::new(loaded.environment.clone());
        context.region = region.map(|region| region.value.clone());
        context.sts_endpoint = loaded.endpoint_url_for("STS").map(|url| url.value);
        context.sso_endpoint = loaded.endpoint_url_for("SSO").map(|url| url.value);
        context.transports = self.credential_transports(None);
        context.metadata_transports = metadata_transports;
        context.time_source = self
            .time_source
            .clone()
            .unwrap_or_else(|| Arc::new(SystemClock));
        context
    }

    /// The transports set in code, else the crate's defaults; `timeouts`
    /// gives the defaults shorter connect and read limits.
    fn credential_transports(&self, timeouts: Option<Duration>) -> Transports {
        let mut transports = Transports::none();
        if let Some(transport) = self
            .transport
            .clone()
            .or_else(|| default_credentials_transport(timeouts))
        {
            transports = transports.with_blocking(transport);
        }
        let async_transport = self
            .async_transport
            .clone()
            .or_else(|| default_credentials_async_transport(timeouts));
        if let Some(sleep) = &self.sleep {
            transports = transports.with_sleep(sleep.clone());
        }
        let sleep = self.async_sleep.clone().or_else(default_credentials_sleep);
        if let (Some(transport), Some(sleep)) = (async_transport, sleep) {
            transports = transports.with_async(transport, sleep);
        }
        transports
    }
}

/// The connect and read limits of the default transports for the instance
/// metadata service and the container endpoint, which answer at once when
/// they are there at all.
const METADATA_TIMEOUT: Duration = Duration::from_secs(1);

/// The instance's region from IMDS, for when nothing else names one. Never
/// asks when `AWS_EC2_METADATA_DISABLED` is true; a failure means no region,
/// as in the AWS SDKs.
fn imds_region(loaded: &Loaded, transports: &Transports) -> Option<Setting<String>> {
    super::imds::region(&loaded.environment, loaded.profile.as_ref(), transports)
        .ok()
        .map(|region| Setting::new(region, Source::InstanceMetadata))
}

#[cfg(feature = "ureq")]
fn default_credentials_transport(timeouts: Option<Duration>) -> Option<Arc<dyn Transport>> {
    use super::transport::UreqTransport;
    Some(Arc::new(match timeouts {
        Some(limit) => UreqTransport::with_timeouts(limit, limit),
        None => UreqTransport::new(),
    }))
}

#[cfg(not(feature = "ureq"))]
fn default_credentials_transport(_: Option<Duration>) -> Option<Arc<dyn Transport>> {
    None
}

#[cfg(feature = "hyper")]
fn default_credentials_async_transport(
    timeouts: Option<Duration>,
) -> Option<Arc<dyn AsyncTransport>> {
    use super::async_transport::HyperTransport;
    Some(Arc::new(match timeouts {
        Some(limit) => HyperTransport::with_timeouts(limit, limit),
        None => HyperTransport::new(),
    }))
}

#[cfg(not(feature = "hyper"))]
fn default_credentials_async_transport(_: Option<Duration>) -> Option<Arc<dyn AsyncTransport>> {
    None
}

#[cfg(feature = "hyper")]
fn default_credentials_sleep() -> Option<Arc<dyn AsyncSleep>> {
    Some(Arc::new(super::async_transport::TokioSleep))
}

#[cfg(not(feature = "hyper"))]
fn default_credentials_sleep() -> Option<Arc<dyn AsyncSleep>> {
    None
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("profile", &self.profile)
            .field("credentials", &self.credentials)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG_FILE: &str = "/home/me/.aws/config";

    fn environment(vars: &[(&str, &str)], config_file: &str) -> Environment {
        let mut vars = vars.to_vec();
        vars.push(("HOME", "/home/me"));
        // Tests never reach for the instance metadata service.
        vars.push(("AWS_EC2_METADATA_DISABLED", "true"));
        Environment::from_vars(vars).with_file(CONFIG_FILE, config_file)
    }

    fn config(vars: &[(&str, &str)], config_file: &str) -> Config {
        Config::from_environment(environment(vars, config_file)).unwrap()
    }

    #[test]
    fn the_region_comes_from_code_then_the_environment_then_the_profile() {
        let profile = "[default]\nregion = eu-west-3\n";
        let all = [
            ("AWS_REGION", "us-west-2"),
            ("AWS_DEFAULT_REGION", "ap-south-1"),
        ];
        let in_code = ConfigBuilder::default()
            .region("ca-central-1")
            .build_from(environment(&all, profile))
            .unwrap();
        assert_eq!(
            format!("{:?}", in_code.region().unwrap()),
            "ca-central-1 (set in code)"
        );
        let region = |vars: &[(&str, &str)]| config(vars, profile).region().cloned();
        assert_eq!(
            region(&all),
            Some(Setting::new(
                "us-west-2".to_owned(),
                Source::Environment("AWS_REGION".to_owned())
            ))
        );
        assert_eq!(region(&all[1..]).unwrap().value, "ap-south-1");
        let from_profile = region(&[]).unwrap();
        assert_eq!(
            format!("{from_profile:?}"),
            "eu-west-3 (from `region` of profile `default`)"
        );
        assert_eq!(config(&[], "").region(), None);
    }

    #[test]
    fn the_profile_is_chosen_by_aws_profile_or_in_code() {
        let file = "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-north-1\n";
        assert_eq!(
            config(&[("AWS_PROFILE", "dev")], file)
                .region()
                .unwrap()
                .value,
            "eu-north-1"
        );
        let chosen = ConfigBuilder::default()
            .profile("dev")
            .build_from(environment(&[], file))
            .unwrap();
        assert_eq!(chosen.region().unwrap().value, "eu-north-1");
    }

    #[test]
    fn the_endpoint_url_for_a_service_comes_from_the_most_specific_setting() {
        let file = "[default]\nendpoint_url = http://profile:1\n";
        let specific = [
            ("AWS_ENDPOINT_URL_EC2", "http://ec2:1"),
            ("AWS_ENDPOINT_URL", "http://all:1"),
        ];
        let url = |vars: &[(&str, &str)], sdk_id: &str| {
            config(vars, file)
                .endpoint_url_for(sdk_id)
                .map(|setting| setting.value)
        };
        assert_eq!(url(&specific, "EC2").as_deref(), Some("http://ec2:1"));
        assert_eq!(
            url(&specific, "Other Service").as_deref(),
            Some("http://all:1")
        );
        assert_eq!(
            url(
                &[("AWS_ENDPOINT_URL_OTHER_SERVICE", "http://other:1")],
                "Other Service"
            )
            .as_deref(),
            Some("http://other:1")
        );
        assert_eq!(url(&[], "EC2").as_deref(), Some("http://profile:1"));
        let mut ignoring = specific.to_vec();
        ignoring.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assert_eq!(url(&ignoring, "EC2"), None);
        let in_code = ConfigBuilder::default()
            .endpoint_url("http://code:1")
            .build_from(environment(&specific, file))
            .unwrap();
        assert_eq!(
            in_code.endpoint_url_for("EC2").unwrap().value,
            "http://code:1"
        );
    }

    #[test]
    fn fips_and_dual_stack_flags_are_read_and_checked() {
        let both = config(
            &[("AWS_USE_FIPS_ENDPOINT", "TRUE")],
            "[default]\nuse_dualstack_endpoint = true\n",
        );
        assert!(both.use_fips().value && both.use_dual_stack().value);
        assert_eq!(
            both.use_dual_stack().source,
            Source::Profile {
                profile: "default".to_owned(),
                key: "use_dualstack_endpoint",
            }
        );
        let neither = config(&[], "");
        assert!(!neither.use_fips().value && neither.use_fips().source == Source::Default);
        let error = Config::from_environment(environment(&[("AWS_USE_FIPS_ENDPOINT", "yes")], ""))
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("AWS_USE_FIPS_ENDPOINT") && text.contains("\"yes\""),
            "{text}"
        );
    }

    #[test]
    fn a_malformed_config_file_is_an_error_naming_it() {
        let error = Config::from_environment(environment(&[], "region = us-east-1\n")).unwrap_err();
        let text = error.to_string();
        assert!(text.contains(CONFIG_FILE), "{text}");
    }

    #[test]
    fn credentials_come_from_the_default_chain_and_debug_hides_them() {
        let config = config(
            &[
                ("AWS_ACCESS_KEY_ID", "AKIDENV"),
                ("AWS_SECRET_ACCESS_KEY", "very-secret"),
            ],
            "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n",
        );
        let credentials = config.credentials().provide_credentials().unwrap();
        assert_eq!(credentials.access_key_id(), "AKIDENV");
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("very-secret") && !debug.contains("file-secret"),
            "{debug}"
        );
    }

    /// Answers IMDS's token and region requests; records what it was asked.
    #[derive(Clone, Debug, Default)]
    struct FakeImds {
        asked: Arc<std::sync::Mutex<Vec<String>>>,
    }

    impl Transport for FakeImds {
        fn send(
            &self,
            request: &super::super::http::HttpRequest,
            _: Option<Duration>,
        ) -> Result<super::super::http::HttpResponse, super::super::transport::TransportError>
        {
            self.asked.lock().unwrap().push(request.url());
            let (status, body) = match request.uri.as_str() {
                "/latest/api/token" => (200, "token"),
                "/latest/meta-data/placement/region" => (200, "sa-east-1"),
                _ => (404, ""),
            };
            Ok(super::super::http::HttpResponse {
                status,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
            })
        }
    }

    #[test]
    fn the_region_comes_from_imds_last_and_never_when_it_is_disabled() {
        let imds = FakeImds::default();
        let build = |vars: &[(&str, &str)]| {
            ConfigBuilder::default()
                .transport(imds.clone())
                .build_from(Environment::from_vars(vars.iter().copied()))
                .unwrap()
        };
        let from_imds = build(&[("HOME", "/home/me")]);
        assert_eq!(
            format!("{:?}", from_imds.region().unwrap()),
            "sa-east-1 (from the instance metadata service)"
        );
        assert_eq!(
            *imds.asked.lock().unwrap(),
            [
                "http://169.254.169.254/latest/api/token",
                "http://169.254.169.254/latest/meta-data/placement/region"
            ]
        );
        imds.asked.lock().unwrap().clear();
        assert_eq!(
            build(&[("AWS_REGION", "us-east-2")])
                .region()
                .unwrap()
                .value,
            "us-east-2"
        );
        let disabled = build(&[("AWS_EC2_METADATA_DISABLED", "true")]);
        assert_eq!(disabled.region(), None);
        assert!(imds.asked.lock().unwrap().is_empty());
    }

    #[test]
    fn a_config_built_in_code_reads_nothing_from_the_environment() {
        let config = Config::builder().build();
        assert_eq!(config.region(), None);
        assert_eq!(config.endpoint_url_for("EC2"), None);
        let error = config.credentials().provide_credentials().unwrap_err();
        assert_eq!(
            error.kind(),
            super::super::credentials::CredentialsErrorKind::NotFound
        );
    }
}
