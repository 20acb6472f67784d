//! The client: one way to make any operation's call, written once, generic
//! over the operation. A call resolves the endpoint from the service's rules,
//! builds the request, signs it, sends it through the transport and reads
//! the answer; each step fails with its own [`CallError`] variant.

use std::fmt;
use std::sync::Arc;

use super::config::{Config, Setting};
use super::credentials::CredentialsError;
use super::endpoint::{BuiltIns, ResolveError, ResolvedEndpoint};
use super::error::ErrorMetadata;
use super::http::{Endpoint, EndpointError, HttpRequest, RequestConfig};
use super::operation::{Operation, OperationError, OperationInput};
use super::sigv4::{SigningError, SigningParams};
use super::transport::{Transport, TransportError};

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
/// configuration and the transport's connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static Service,
    config: Config,
    endpoint_url: Option<Setting<String>>,
    transport: Option<Arc<dyn Transport>>,
}

impl Client {
    /// A client of `service` (generated crates pass theirs: see their
    /// `Client::new`).
    pub fn for_service(service: &'static Service, config: Config) -> Client {
        let endpoint_url = config.endpoint_url_for(service.sdk_id);
        let transport = config.transport().cloned().or_else(default_transport);
        Client {
            inner: Arc::new(Inner {
                service,
                config,
                endpoint_url,
                transport,
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

    /// Makes the call `input` is for and returns the operation's output.
    pub fn send<I: OperationInput>(
        &self,
        input: I,
    ) -> Result<<I::Operation as Operation>::Output, CallError<<I::Operation as Operation>::Error>>
    {
        let request = self.signed_request::<I::Operation>(&input)?;
        let transport =
            self.inner.transport.as_ref().ok_or_else(|| {
                CallError::Transport(TransportError::not_configured(request.url()))
            })?;
        let response = transport
            .send(&request, None)
            .map_err(CallError::Transport)?;
        I::Operation::read_response(&response).map_err(CallError::Service)
    }

    /// The request a call of `O` with `input` sends: the endpoint resolved,
    /// the endpoint's headers added, signed.
    pub fn signed_request<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<HttpRequest, CallError<O::Error>> {
        let config = &self.inner.config;
        let resolved = self.resolve_endpoint().map_err(CallError::Endpoint)?;
        let endpoint = Endpoint::parse(resolved.url()).map_err(|error| {
            CallError::Request(RequestError::Endpoint {
                url: resolved.url().to_owned(),
                error,
            })
        })?;
        let request_config = RequestConfig::new(endpoint)
            .with_idempotency_tokens(config.idempotency_tokens().clone());
        let mut request = O::build_request(input, &request_config)
            .map_err(|error| CallError::Request(RequestError::HostLabel(error)))?;
        for (name, values) in resolved.headers() {
            request.set_header(name, values.join(","));
        }
        let credentials = config
            .credentials()
            .provide_credentials()
            .map_err(CallError::Credentials)?;
        let scheme = resolved.sigv4_auth_scheme();
        let signing_name = scheme
            .as_ref()
            .and_then(|scheme| scheme.signing_name.as_deref())
            .unwrap_or(self.inner.service.signing_name);
        let region = scheme
            .as_ref()
            .and_then(|scheme| scheme.signing_region.as_deref())
            .or(config.region().map(|region| region.value.as_str()))
            .ok_or(CallError::Request(RequestError::NoRegion))?;
        let params = SigningParams {
            credentials: &credentials,
            region,
            service: signing_name,
            time: config.time_source().now(),
        };
        super::sigv4::sign(&mut request, &params)
            .map_err(|error| CallError::Request(RequestError::Signing(error)))?;
        Ok(request)
    }

    /// The endpoint the service's rules give for this configuration.
    pub fn resolve_endpoint(&self) -> Result<ResolvedEndpoint, ResolveError> {
        let config = &self.inner.config;
        let builtins = BuiltIns {
            region: config.region().map(|region| region.value.clone()),
            use_fips: config.use_fips().value,
            use_dual_stack: config.use_dual_stack().value,
            endpoint: self
                .inner
                .endpoint_url
                .as_ref()
                .map(|url| url.value.clone()),
        };
        (self.inner.service.resolve_endpoint)(&builtins)
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

/// Why a request could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// Signing needs a region and none is configured.
    NoRegion,
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
            RequestError::NoRegion => None,
            RequestError::Endpoint { error, .. } | RequestError::HostLabel(error) => Some(error),
            RequestError::Signing(error) => Some(error),
        }
    }
}

/// Why a call failed. `E` is the operation's error: the service's answer.
///
/// `Display` says what happened, with the service's code, message and request
/// id when it answered. `code()`, `message()`, `request_id()` and
/// `is_dry_run_success()` read the service's answer directly.
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError<E> {
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

impl<E: OperationError> CallError<E> {
    /// The service's error, when it answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            CallError::Service(error) => Some(error),
            _ => None,
        }
    }

    pub fn into_service_error(self) -> Option<E> {
        match self {
            CallError::Service(error) => Some(error),
            _ => None,
        }
    }

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
        match self {
            CallError::Endpoint(error) => write!(f, "no endpoint for this configuration: {error}"),
            CallError::Credentials(error) => write!(f, "no credentials to sign with: {error}"),
            CallError::Request(error) => write!(f, "cannot make the request: {error}"),
            CallError::Transport(error) => error.fmt(f),
            CallError::Service(error) => error.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Endpoint(error) => Some(error),
            CallError::Credentials(error) => Some(error),
            CallError::Request(error) => Some(error),
            CallError::Transport(error) => Some(error),
            CallError::Service(error) => Some(error),
        }
    }
}
