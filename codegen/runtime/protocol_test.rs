//! Assertions for the generated protocol compliance tests (compiled only
//! into test builds).

use std::fmt::Debug;

use super::http::HttpRequest;

/// What a `smithy.test#httpRequestTests` case expects.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub resolved_host: Option<&'a str>,
    pub headers: &'a [(&'a str, &'a str)],
    pub require_headers: &'a [&'a str],
    pub forbid_headers: &'a [&'a str],
    /// A form body, compared parameter by parameter.
    pub body: Option<&'a str>,
}

/// Checks `request` against a case; the parameters of a form body must be the
/// same, and a different order is reported (the protocol allows any order).
pub fn assert_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method, expected.method, "method");
    assert_eq!(request.uri, expected.uri, "uri");
    if let Some(host) = expected.resolved_host {
        assert_eq!(request.host, host, "resolved host");
    }
    for (name, value) in expected.headers {
        assert_eq!(request.header(name), Some(*value), "header `{name}`");
    }
    for name in expected.require_headers {
        assert!(
            request.header(name).is_some(),
            "header `{name}` is required"
        );
    }
    for name in expected.forbid_headers {
        assert!(
            request.header(name).is_none(),
            "header `{name}` is forbidden"
        );
    }
    if let Some(body) = expected.body {
        let actual_text = String::from_utf8_lossy(&request.body);
        let actual = form_parameters(&actual_text);
        let wanted = form_parameters(body);
        let mut actual_sorted = actual.clone();
        let mut wanted_sorted = wanted.clone();
        actual_sorted.sort();
        wanted_sorted.sort();
        assert_eq!(
            actual_sorted, wanted_sorted,
            "body parameters\n  actual:   {actual_text}\n  expected: {body}"
        );
        if actual != wanted {
            println!(
                "protocol-test-note: parameter order differs from the case\n  actual:   {actual_text}\n  expected: {body}"
            );
        }
    }
}

/// `a=1&b=2` -> decoded pairs, in order.
fn form_parameters(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[index]) {
            (Some(byte), _) => {
                decoded.push(byte);
                index += 3;
            }
            (None, b'+') => {
                decoded.push(b' ');
                index += 1;
            }
            (None, byte) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Equal, or equal in `Debug` form: `NaN` is not equal to itself, and the
/// cases compare `NaN` floats.
pub fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if actual != expected {
        let actual = format!("{actual:#?}");
        let expected = format!("{expected:#?}");
        assert_eq!(actual, expected);
    }
}
