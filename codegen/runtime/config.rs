//! How a client is configured: in code ([`Config::builder`]), or from the
//! environment and the shared files as the AWS SDKs do ([`Config::from_env`]).
//! Each setting remembers where its value came from, and `Debug` says so
//! ("region: us-east-1 (from AWS_REGION)").

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use super::credentials::{CachedProvider, ChainProvider, ProvideCredentials};
use super::env::Environment;
use super::idempotency::{IdempotencyTokenProvider, RandomTokens};
use super::profile::{Profile, ProfileError, ProfileFiles};
use super::transport::Transport;

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Set in code.
    Code,
    /// An environment variable.
    Environment(String),
    /// A key of a profile of the shared files.
    Profile { profile: String, key: &'static str },
    /// Nothing set it.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Code => f.write_str("set in code"),
            Source::Environment(variable) => write!(f, "from {variable}"),
            Source::Profile { profile, key } => write!(f, "from `{key}` of profile `{profile}`"),
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
        let Some(setting) = self.string(&[variable], key) else {
            return Ok(None);
        };
        let value = match setting.value.to_ascii_lowercase().as_str() {
            "true" => true,
            "false" => false,
            _ => {
                return Err(ConfigError::InvalidValue {
                    setting: variable,
                    value: setting.value,
                    source: setting.source,
                    expected: "true or false",
                });
            }
        };
        Ok(Some(Setting::new(value, setting.source)))
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
}

impl Config {
    /// Configuration set in code only; nothing is read from the environment.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The configuration the environment gives, as the AWS SDKs read it:
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE>` (the service's SDK id, upper
    ///   case, spaces as `_`), `AWS_ENDPOINT_URL`, the profile's
    ///   `endpoint_url` (none of them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    ///   is `true`);
    /// - FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT`,
    ///   `AWS_USE_DUALSTACK_ENDPOINT`, the profile's `use_fips_endpoint`,
    ///   `use_dualstack_endpoint`;
    /// - credentials: the default chain (`AWS_ACCESS_KEY_ID`..., then the
    ///   profile: `credential_process` or static keys), cached;
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
        let loaded = self.loaded.as_ref()?;
        let ignore = loaded
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
        loaded.string(&[&service_variable, "AWS_ENDPOINT_URL"], "endpoint_url")
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
}

impl ConfigBuilder {
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
            time_source: self.time_source.unwrap_or_else(|| Arc::new(SystemClock)),
            loaded: None,
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
        let region = code(&self.region)
            .or_else(|| loaded.string(&["AWS_REGION", "AWS_DEFAULT_REGION"], "region"));
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
                environment,
                profiles,
                profile_name,
                profile_is_explicit,
            ))),
        };
        let mut config = self.build();
        config.region = region;
        config.use_fips = use_fips;
        config.use_dual_stack = use_dual_stack;
        config.credentials = credentials;
        config.loaded = Some(loaded);
        Ok(config)
    }
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
