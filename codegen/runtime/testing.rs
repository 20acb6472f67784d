//! Testing code that calls the service, without a server: a transport that
//! expects requests in order (by action and parameters) and answers each
//! with a canned response, then says whether every expected request came.
//!
//! ```ignore
//! let replay = ReplayTransport::new()
//!     .expect(
//!         Expected::action("AssignPrivateIpAddresses").param("NetworkInterfaceId", "eni-1"),
//!         ReplayTransport::xml(200, "<AssignPrivateIpAddressesResponse>...</AssignPrivateIpAddressesResponse>"),
//!     );
//! let client = Client::new(Config::builder().region("us-east-1")
//!     .credentials(Credentials::new("AKID", "SECRET", None))
//!     .transport(replay.clone()).build());
//! // ... the code under test makes its calls ...
//! replay.assert_done();
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{HttpRequest, HttpResponse};
use super::transport::{AsyncTransport, BoxFuture, Transport, TransportError, TransportErrorKind};

/// What an expected request must carry: its `Action` and, of its other form
/// parameters, at least these (others are not looked at).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    action: String,
    params: Vec<(String, String)>,
}

impl Expected {
    pub fn action(action: impl Into<String>) -> Self {
        Expected {
            action: action.into(),
            params: Vec::new(),
        }
    }

    /// The request must have this parameter (its ec2Query key,
    /// `PrivateIpAddress.1`) with this value.
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// Why `params` (the request's, decoded) does not match; `None` when it
    /// does.
    fn mismatch(&self, params: &[(String, String)]) -> Option<String> {
        let value = |key: &str| {
            params
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.as_str())
        };
        if value("Action") != Some(self.action.as_str()) {
            return Some(format!(
                "expected Action={}, got Action={}",
                self.action,
                value("Action").unwrap_or("(none)")
            ));
        }
        self.params
            .iter()
            .find_map(|(key, expected)| match value(key) {
                Some(actual) if actual == expected => None,
                Some(actual) => Some(format!("expected {key}={expected}, got {key}={actual}")),
                None => Some(format!(
                    "expected {key}={expected}, which the request lacks"
                )),
            })
    }
}

/// A transport for tests that expects requests in order and answers each.
/// Clones share the same expectations, so the test keeps one and gives the
/// client another.
#[derive(Clone, Default)]
pub struct ReplayTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    expected: VecDeque<(Expected, HttpResponse)>,
    /// Requests that did not match (or came when none was expected).
    unexpected: Vec<String>,
    received: Vec<HttpRequest>,
}

impl ReplayTransport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Expects a request matching `expected` next, and answers it with
    /// `response`.
    pub fn expect(self, expected: Expected, response: HttpResponse) -> Self {
        self.lock().expected.push_back((expected, response));
        self
    }

    /// A response with an XML body, as the service sends them.
    pub fn xml(status: u16, body: impl Into<String>) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![(
                "Content-Type".to_owned(),
                "text/xml;charset=UTF-8".to_owned(),
            )],
            body: body.into().into_bytes(),
        }
    }

    /// An EC2 error response.
    pub fn error(status: u16, code: &str, message: &str) -> HttpResponse {
        Self::xml(
            status,
            format!(
                "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>replay</RequestID></Response>"
            ),
        )
    }

    /// Every request the transport was sent, in order.
    pub fn received(&self) -> Vec<HttpRequest> {
        self.lock().received.clone()
    }

    /// Panics, saying what went wrong, unless every expected request came,
    /// in order, and nothing else did.
    pub fn assert_done(&self) {
        let state = self.lock();
        let mut problems: Vec<String> = state.unexpected.clone();
        problems.extend(
            state
                .expected
                .iter()
                .map(|(expected, _)| format!("expected {} but it never came", expected.action)),
        );
        assert!(
            problems.is_empty(),
            "the replay transport saw other requests than expected:\n  {}",
            problems.join("\n  ")
        );
    }

    fn answer(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut state = self.lock();
        state.received.push(request.clone());
        let params = form_params(&request.body);
        let mismatch = match state.expected.front() {
            None => Some("no request was expected".to_owned()),
            Some((expected, _)) => expected.mismatch(&params),
        };
        if let Some(mismatch) = mismatch {
            let problem = format!("request {}: {mismatch}", state.received.len());
            state.unexpected.push(problem.clone());
            return Err(TransportError::new(
                TransportErrorKind::Other,
                request.url(),
                problem,
            ));
        }
        let (_, response) = state.expected.pop_front().ok_or_else(|| {
            TransportError::new(
                TransportErrorKind::Other,
                request.url(),
                "no request was expected",
            )
        })?;
        Ok(response)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Each change to the state is whole; a panicking test elsewhere
        // leaves it readable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("ReplayTransport")
            .field(
                "expected",
                &state
                    .expected
                    .iter()
                    .map(|(expected, _)| expected)
                    .collect::<Vec<_>>(),
            )
            .field("received", &state.received.len())
            .field("unexpected", &state.unexpected)
            .finish()
    }
}

impl Transport for ReplayTransport {
    fn send(
        &self,
        request: &HttpRequest,
        _timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        self.answer(request)
    }
}

impl AsyncTransport for ReplayTransport {
    fn send<'a>(
        &'a self,
        request: &'a HttpRequest,
        _timeout: Option<Duration>,
    ) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        let answer = self.answer(request);
        Box::pin(async move { answer })
    }
}

/// The decoded `key=value` pairs of a form body.
fn form_params(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::http::Endpoint;
    use super::*;

    fn request(body: &str) -> HttpRequest {
        let endpoint = Endpoint::parse("https://ec2.us-east-1.amazonaws.com").unwrap();
        HttpRequest::form_post(&endpoint, endpoint.host().to_owned(), body.to_owned())
    }

    #[test]
    fn answers_expected_requests_in_order() {
        let replay = ReplayTransport::new()
            .expect(
                Expected::action("A").param("Name", "x y"),
                ReplayTransport::xml(200, "<AResponse/>"),
            )
            .expect(
                Expected::action("B"),
                ReplayTransport::error(400, "Nope", "no"),
            );
        let first = Transport::send(
            &replay,
            &request("Action=A&Version=1&Name=x%20y&Other=1"),
            None,
        );
        assert_eq!(first.unwrap().status, 200);
        let second = Transport::send(&replay, &request("Action=B"), None);
        assert_eq!(second.unwrap().status, 400);
        replay.assert_done();
        assert_eq!(replay.received().len(), 2);
    }

    #[test]
    fn reports_what_did_not_match_and_what_never_came() {
        let replay = ReplayTransport::new()
            .expect(
                Expected::action("A").param("Name", "x"),
                ReplayTransport::xml(200, ""),
            )
            .expect(Expected::action("B"), ReplayTransport::xml(200, ""));
        let error = Transport::send(&replay, &request("Action=A&Name=y"), None).unwrap_err();
        assert!(
            error.to_string().contains("expected Name=x, got Name=y"),
            "{error}"
        );
        let outcome = std::panic::catch_unwind(|| replay.assert_done());
        let message = *outcome.unwrap_err().downcast::<String>().unwrap();
        assert!(
            message.contains("request 1: expected Name=x, got Name=y"),
            "{message}"
        );
        assert!(
            message.contains("expected A but it never came"),
            "{message}"
        );
        assert!(
            message.contains("expected B but it never came"),
            "{message}"
        );
    }
}
