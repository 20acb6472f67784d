//! AWS Signature Version 4 for requests sent in headers, without I/O: [`sign`]
//! adds `X-Amz-Date`, `X-Amz-Security-Token` (for temporary credentials) and
//! `Authorization` to an [`HttpRequest`], and [`signature`] shows the
//! canonical request and string to sign it is computed from.
//!
//! The rules are the ones every AWS service but S3 uses: the path is
//! normalized and its already-encoded form encoded once more, and no
//! `x-amz-content-sha256` header is sent (the payload hash goes into the
//! canonical request only).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, percent_encode};
use ring::{digest, hmac};

use super::credentials::Credentials;
use super::datetime::{DateTime, TimestampFormat};
use super::http::HttpRequest;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const SCOPE_TERMINATOR: &str = "aws4_request";

const AUTHORIZATION: &str = "Authorization";
const X_AMZ_DATE: &str = "X-Amz-Date";
const X_AMZ_SECURITY_TOKEN: &str = "X-Amz-Security-Token";

/// Headers the signer writes itself: whatever a request already carries
/// under these names is from an earlier attempt and is replaced.
const SIGNER_HEADERS: [&str; 3] = ["authorization", "x-amz-date", "x-amz-security-token"];

/// Headers left out of the signature because a proxy or the transport may
/// change them (`user-agent`, `x-amzn-trace-id`, `transfer-encoding`), or
/// because they are added after signing (`amz-sdk-*`, the same on every
/// attempt but for the attempt number).
const UNSIGNED_HEADERS: [&str; 6] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
];

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// 9999-12-31T23:59:59Z: `X-Amz-Date` has room for four-digit years only.
const LAST_SIGNABLE_SECOND: u64 = 253_402_300_799;

/// What a request is signed for: whose keys, which region and service, when.
///
/// `Debug` shows the credentials through their own `Debug`, which redacts
/// the secret key and the session token.
#[derive(Clone, Copy, Debug)]
pub struct SigningParams<'a> {
    /// The keys to sign with; a session token among them is sent and signed.
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `ec2`.
    pub service: &'a str,
    /// The time the signature is made at; AWS rejects one more than about
    /// five minutes away from its own clock.
    pub time: SystemTime,
}

/// Signs `request` for `params`: sets `X-Amz-Date`, `X-Amz-Security-Token`
/// when the credentials have a session token (it is signed), and
/// `Authorization`.
///
/// Signing again (a retry) replaces those headers; a session token header
/// left from earlier credentials is removed when the current ones have none.
/// On error the request is left unchanged.
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> Result<(), SigningError> {
    let signature = signature(request, params)?;
    request
        .headers
        .retain(|(name, _)| !is_one_of(name, &SIGNER_HEADERS));
    request
        .headers
        .push((X_AMZ_DATE.to_owned(), signature.amz_date));
    if let Some(token) = params.credentials.session_token() {
        request
            .headers
            .push((X_AMZ_SECURITY_TOKEN.to_owned(), token.to_owned()));
    }
    request
        .headers
        .push((AUTHORIZATION.to_owned(), signature.authorization));
    Ok(())
}

/// The signature [`sign`] would add to `request`, with the canonical request
/// and the string to sign it comes from, leaving `request` unchanged.
///
/// Headers that [`sign`] replaces are taken as it would set them, so the
/// canonical request is the one of the signed request.
pub fn signature(
    request: &HttpRequest,
    params: &SigningParams<'_>,
) -> Result<Signature, SigningError> {
    let amz_date = amz_date(params.time)?;
    let scope = credential_scope(&amz_date, params)?;
    let headers = canonical_headers(request, &amz_date, params.credentials.session_token())?;
    let signed_headers = signed_header_names(&headers);
    let canonical_request = canonical_request(request, &headers, &signed_headers);
    let string_to_sign = string_to_sign(&amz_date, &scope, &canonical_request);
    let key = signing_key(params.credentials.secret_access_key(), &scope);
    let signature = hex(hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    let authorization = format!(
        "{ALGORITHM} Credential={}/{}, SignedHeaders={signed_headers}, Signature={signature}",
        params.credentials.access_key_id(),
        scope.text,
    );
    Ok(Signature {
        canonical_request,
        string_to_sign,
        authorization,
        amz_date,
    })
}

/// A computed signature and the strings it was computed from.
///
/// `Debug` redacts the session token, which the canonical request contains.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    canonical_request: String,
    string_to_sign: String,
    authorization: String,
    amz_date: String,
}

impl Signature {
    /// The canonical request, as the service rebuilds it to check the
    /// signature; compare it with the one in a `SignatureDoesNotMatch` error.
    pub fn canonical_request(&self) -> &str {
        &self.canonical_request
    }

    /// The string to sign: algorithm, time, scope and the canonical
    /// request's hash.
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The value of the `Authorization` header.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The value of the `X-Amz-Date` header, `yyyymmddThhmmssZ`.
    pub fn amz_date(&self) -> &str {
        &self.amz_date
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field(
                "canonical_request",
                &redact_session_token(&self.canonical_request),
            )
            .field("string_to_sign", &self.string_to_sign)
            .field("authorization", &self.authorization)
            .finish()
    }
}

fn redact_session_token(canonical_request: &str) -> String {
    let prefix = "x-amz-security-token:";
    canonical_request
        .split('\n')
        .map(|line| {
            if line.starts_with(prefix) {
                "x-amz-security-token:** redacted **"
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a request could not be signed.
///
/// No variant carries a header value, the secret key or the access key id:
/// any of them may be a secret (a swapped key pair puts the secret key where
/// the access key id belongs).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The signing time is before 1970 or after 9999.
    TimeOutOfRange(DateTime),
    /// A header name is empty or has a character HTTP does not allow in one.
    InvalidHeaderName(String),
    /// A header value (or the session token) has a control character.
    InvalidHeaderValue { name: String },
    /// The request has neither a host nor a `Host` header.
    MissingHost,
    /// The access key id is empty or has a character that would break the
    /// `Authorization` header.
    InvalidAccessKeyId,
    /// The region or the service is empty or has such a character.
    InvalidScope { part: &'static str, value: String },
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimeOutOfRange(time) => write!(
                f,
                "cannot sign at {time}: SigV4 needs a time from 1970 to 9999"
            ),
            Self::InvalidHeaderName(name) => {
                write!(
                    f,
                    "cannot sign a header named {name:?}: not a valid header name"
                )
            }
            Self::InvalidHeaderValue { name } => write!(
                f,
                "cannot sign header `{name}`: its value has a control character"
            ),
            Self::MissingHost => f.write_str("cannot sign a request without a host"),
            Self::InvalidAccessKeyId => f.write_str(
                "cannot sign with this access key id: it is empty or has whitespace, \
                 a control character, `/`, `,`, `;` or `=`",
            ),
            Self::InvalidScope { part, value } => write!(
                f,
                "cannot sign for {part} {value:?}: it is empty or has whitespace, \
                 a control character, `/`, `,`, `;` or `=`"
            ),
        }
    }
}

impl std::error::Error for SigningError {}

/// `yyyymmddThhmmssZ`, from the whole seconds of `time`.
fn amz_date(time: SystemTime) -> Result<String, SigningError> {
    let out_of_range = || SigningError::TimeOutOfRange(DateTime::from(time));
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_err(|_| out_of_range())?
        .as_secs();
    if seconds > LAST_SIGNABLE_SECOND {
        return Err(out_of_range());
    }
    let seconds = i64::try_from(seconds).map_err(|_| out_of_range())?;
    // RFC 3339 without its separators; whole seconds have no fraction.
    let rfc3339 = DateTime::from_secs(seconds).format(TimestampFormat::DateTime);
    Ok(rfc3339
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect())
}

/// `yyyymmdd/region/service/aws4_request`, and its parts.
struct Scope<'a> {
    date: &'a str,
    region: &'a str,
    service: &'a str,
    text: String,
}

fn credential_scope<'a>(
    amz_date: &'a str,
    params: &SigningParams<'a>,
) -> Result<Scope<'a>, SigningError> {
    if !is_scope_part(params.credentials.access_key_id()) {
        return Err(SigningError::InvalidAccessKeyId);
    }
    for (part, value) in [("region", params.region), ("service", params.service)] {
        if !is_scope_part(value) {
            return Err(SigningError::InvalidScope {
                part,
                value: value.to_owned(),
            });
        }
    }
    let date = amz_date.split_once('T').map_or(amz_date, |(date, _)| date);
    Ok(Scope {
        date,
        region: params.region,
        service: params.service,
        text: format!(
            "{date}/{}/{}/{SCOPE_TERMINATOR}",
            params.region, params.service
        ),
    })
}

/// Whether `value` can stand between the `/`s of the credential in the
/// `Authorization` header without changing how that header parses.
fn is_scope_part(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'/' | b',' | b';' | b'='))
}

/// The signed headers, lower-cased, sorted by name, values normalized and
/// those of repeated names joined with `,` in request order.
fn canonical_headers(
    request: &HttpRequest,
    amz_date: &str,
    session_token: Option<&str>,
) -> Result<Vec<(String, String)>, SigningError> {
    let mut headers = Vec::with_capacity(request.headers.len() + 3);
    for (name, value) in &request.headers {
        if is_one_of(name, &SIGNER_HEADERS) || is_one_of(name, &UNSIGNED_HEADERS) {
            continue;
        }
        headers.push((canonical_name(name)?, canonical_value(name, value)?));
    }
    if !headers.iter().any(|(name, _)| name == "host") {
        if request.host.is_empty() {
            return Err(SigningError::MissingHost);
        }
        headers.push(("host".to_owned(), canonical_value("host", &request.host)?));
    }
    headers.push(("x-amz-date".to_owned(), amz_date.to_owned()));
    if let Some(token) = session_token {
        let name = "x-amz-security-token";
        headers.push((name.to_owned(), canonical_value(name, token)?));
    }
    // A stable sort keeps repeated headers in request order.
    headers.sort_by(|(a, _), (b, _)| a.cmp(b));
    Ok(join_repeated(headers))
}

fn join_repeated(sorted: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut joined: Vec<(String, String)> = Vec::with_capacity(sorted.len());
    for (name, value) in sorted {
        match joined.last_mut() {
            Some((last, values)) if *last == name => {
                values.push(',');
                values.push_str(&value);
            }
            _ => joined.push((name, value)),
        }
    }
    joined
}

fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|known| name.eq_ignore_ascii_case(known))
}

/// The lower-cased name, if it is an RFC 9110 token.
fn canonical_name(name: &str) -> Result<String, SigningError> {
    let is_token_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_token_char) {
        return Err(SigningError::InvalidHeaderName(name.to_owned()));
    }
    Ok(name.to_ascii_lowercase())
}

/// The value trimmed, with each run of spaces and tabs inside made one space.
///
/// Control characters (line breaks above all) are refused rather than
/// folded: a value with one cannot be sent as it was signed, and a transport
/// that sent it anyway would be splitting headers.
fn canonical_value(name: &str, value: &str) -> Result<String, SigningError> {
    if value.chars().any(|c| c.is_ascii_control() && c != '\t') {
        return Err(SigningError::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    let mut normalized = String::with_capacity(value.len());
    for word in value.split([' ', '\t']).filter(|word| !word.is_empty()) {
        if !normalized.is_empty() {
            normalized.push(' ');
        }
        normalized.push_str(word);
    }
    Ok(normalized)
}

fn signed_header_names(headers: &[(String, String)]) -> String {
    let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    names.join(";")
}

fn canonical_request(
    request: &HttpRequest,
    headers: &[(String, String)],
    signed_headers: &str,
) -> String {
    let (path, query) = request
        .uri
        .split_once('?')
        .unwrap_or((request.uri.as_str(), ""));
    let mut text = String::with_capacity(256 + request.uri.len());
    text.push_str(request.method);
    text.push('\n');
    text.push_str(&canonical_path(path));
    text.push('\n');
    text.push_str(&canonical_query(query));
    text.push('\n');
    for (name, value) in headers {
        text.push_str(name);
        text.push(':');
        text.push_str(value);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(signed_headers);
    text.push('\n');
    text.push_str(&sha256_hex(&request.body));
    text
}

/// The normalized path, encoded once more: the request's path is already in
/// its encoded form, and every service but S3 expects it encoded twice.
fn canonical_path(path: &str) -> String {
    percent_encode(normalize_path(path).as_bytes(), UNRESERVED_AND_SLASH).to_string()
}

/// Removes `.` and `..` segments and empty ones (`//`); keeps a trailing
/// slash, and always starts with one.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut normalized = String::with_capacity(path.len() + 1);
    normalized.push('/');
    normalized.push_str(&segments.join("/"));
    if !segments.is_empty() && path.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// The query's parameters decoded, encoded again the one way SigV4 accepts,
/// and sorted by name, then value.
fn canonical_query(query: &str) -> String {
    let mut parameters: Vec<(String, String)> = query
        .split('&')
        .filter(|parameter| !parameter.is_empty())
        .map(|parameter| {
            let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
            (reencode_query_part(name), reencode_query_part(value))
        })
        .collect();
    parameters.sort();
    let pairs: Vec<String> = parameters
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    pairs.join("&")
}

/// A `+` is read as a space, as servers (and form encoding) read it, so the
/// signature matches whichever way a space was sent.
fn reencode_query_part(part: &str) -> String {
    let plus_as_space: Vec<u8> = part
        .bytes()
        .map(|b| if b == b'+' { b' ' } else { b })
        .collect();
    let decoded = percent_decode(&plus_as_space).collect::<Vec<u8>>();
    percent_encode(&decoded, UNRESERVED).to_string()
}

fn string_to_sign(amz_date: &str, scope: &Scope<'_>, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{}\n{}",
        scope.text,
        sha256_hex(canonical_request.as_bytes())
    )
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
fn signing_key(secret_access_key: &str, scope: &Scope<'_>) -> hmac::Key {
    let secret = format!("AWS4{secret_access_key}");
    let mut key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    for part in [scope.date, scope.region, scope.service, SCOPE_TERMINATOR] {
        key = hmac::Key::new(
            hmac::HMAC_SHA256,
            hmac::sign(&key, part.as_bytes()).as_ref(),
        );
    }
    key
}

fn sha256_hex(data: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, data).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::http::Endpoint;
    use super::*;

    /// 2015-08-30T12:36:00Z, the time of the official test suite.
    fn suite_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    }

    fn credentials(token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKID",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            token.map(str::to_owned),
        )
    }

    fn ec2_params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams {
            credentials,
            region: "us-east-1",
            service: "ec2",
            time: suite_time(),
        }
    }

    fn describe_regions() -> HttpRequest {
        let endpoint = Endpoint::parse("https://ec2.us-east-1.amazonaws.com").unwrap();
        HttpRequest::form_post(
            &endpoint,
            endpoint.host().to_owned(),
            "Action=DescribeRegions&Version=2016-11-15".to_owned(),
        )
    }

    fn header_count(request: &HttpRequest, name: &str) -> usize {
        request
            .headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .count()
    }

    // The expected values in the two tests below were computed once, apart
    // from this code, with Python's hashlib and hmac: a dozen lines building
    // the canonical request, string to sign and key chain by hand for this
    // request, these keys and this time.
    #[test]
    fn signs_an_ec2_query_post() {
        let credentials = credentials(None);
        let mut request = describe_regions();
        sign(&mut request, &ec2_params(&credentials)).unwrap();
        assert_eq!(
            request.header("authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ec2/aws4_request, \
                 SignedHeaders=content-length;content-type;host;x-amz-date, \
                 Signature=c6e994f23383cad0ac8e6112bb64f9135636caa233b16a3fd617f18f8406d365"
            )
        );
        assert_eq!(request.header("x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(request.header("x-amz-security-token"), None);
        assert_eq!(request.header("host"), None, "the transport sends Host");
    }

    #[test]
    fn signs_the_session_token() {
        let credentials = credentials(Some("session-token-example"));
        let mut request = describe_regions();
        sign(&mut request, &ec2_params(&credentials)).unwrap();
        assert_eq!(
            request.header("authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ec2/aws4_request, \
                 SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token, \
                 Signature=b56994e8dce6a012863be716d671af2bcd9baa6d5d52a2737fc462ec66ba801c"
            )
        );
        assert_eq!(
            request.header("x-amz-security-token"),
            Some("session-token-example")
        );
    }

    #[test]
    fn signing_again_replaces_the_signer_headers() {
        let temporary = credentials(Some("old-token"));
        let mut request = describe_regions();
        sign(&mut request, &ec2_params(&temporary)).unwrap();
        let first = request.clone();
        sign(&mut request, &ec2_params(&temporary)).unwrap();
        assert_eq!(request, first, "the same attempt signs the same");

        let later = SigningParams {
            time: suite_time() + Duration::from_secs(60),
            ..ec2_params(&temporary)
        };
        sign(&mut request, &later).unwrap();
        for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
            assert_eq!(header_count(&request, name), 1, "{name}");
        }
        assert_eq!(request.header("x-amz-date"), Some("20150830T123700Z"));
        assert_ne!(
            request.header("authorization"),
            first.header("authorization")
        );

        let long_term = credentials(None);
        sign(&mut request, &ec2_params(&long_term)).unwrap();
        assert_eq!(header_count(&request, "x-amz-security-token"), 0);
        let mut fresh = describe_regions();
        sign(&mut fresh, &ec2_params(&long_term)).unwrap();
        assert_eq!(request, fresh);
    }

    #[test]
    fn normalizes_paths() {
        let cases = [
            ("", "/"),
            ("/", "/"),
            ("//", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/a/b/../c", "/a/c"),
            ("/../..", "/"),
            ("/a/.../b", "/a/.../b"),
            ("relative", "/relative"),
        ];
        for (path, expected) in cases {
            assert_eq!(normalize_path(path), expected, "{path:?}");
        }
    }

    #[test]
    fn encodes_the_encoded_path_again() {
        assert_eq!(canonical_path("/example space/"), "/example%20space/");
        assert_eq!(canonical_path("/a%20b"), "/a%2520b");
        assert_eq!(canonical_path("/\u{1234}/$x"), "/%E1%88%B4/%24x");
        assert_eq!(canonical_path("/-._~AZaz09"), "/-._~AZaz09");
    }

    #[test]
    fn canonicalizes_queries() {
        let cases = [
            ("", ""),
            ("Param1=value1", "Param1=value1"),
            ("b=2&a=1", "a=1&b=2"),
            (
                "Param-3=3&Param=2&%E1%88%B4=1",
                "%E1%88%B4=1&Param=2&Param-3=3",
            ),
            ("a=2&a=1&a=10", "a=1&a=10&a=2"),
            ("flag", "flag="),
            ("empty=", "empty="),
            ("a=1&&b=2&", "a=1&b=2"),
            ("s=a+b&t=a%20b&u=a%2Bb", "s=a%20b&t=a%20b&u=a%2Bb"),
            ("k=%7e%2d*'()!", "k=~-%2A%27%28%29%21"),
            ("eq=a=b", "eq=a%3Db"),
            ("bad=%zz%", "bad=%25zz%25"),
            ("\u{1234}=bar", "%E1%88%B4=bar"),
        ];
        for (query, expected) in cases {
            assert_eq!(canonical_query(query), expected, "{query:?}");
        }
    }

    #[test]
    fn canonicalizes_headers() {
        let endpoint = Endpoint::parse("h.example").unwrap();
        let mut request = HttpRequest::form_post(&endpoint, "h.example".to_owned(), String::new());
        request.headers = vec![
            ("My-Header".to_owned(), "  b   c \t d ".to_owned()),
            ("Host".to_owned(), "H.example:8443".to_owned()),
            ("my-header".to_owned(), "a".to_owned()),
            ("User-Agent".to_owned(), "not signed".to_owned()),
            ("amz-sdk-request".to_owned(), "attempt=1".to_owned()),
            ("X-Amz-Date".to_owned(), "stale".to_owned()),
            ("Empty".to_owned(), "   ".to_owned()),
        ];
        let headers = canonical_headers(&request, "20150830T123600Z", None).unwrap();
        let expected = [
            ("empty", ""),
            ("host", "H.example:8443"),
            ("my-header", "b c d,a"),
            ("x-amz-date", "20150830T123600Z"),
        ];
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        assert_eq!(headers, expected);
    }

    #[test]
    fn signs_the_host_field_when_there_is_no_host_header() {
        let request = describe_regions();
        let headers = canonical_headers(&request, "20150830T123600Z", Some("t")).unwrap();
        let names: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "content-length",
                "content-type",
                "host",
                "x-amz-date",
                "x-amz-security-token"
            ]
        );
        assert_eq!(headers[2].1, "ec2.us-east-1.amazonaws.com");
    }

    #[test]
    fn refuses_what_cannot_be_signed() {
        let credentials = credentials(None);
        let params = ec2_params(&credentials);
        let attempt = |request: &HttpRequest, params: &SigningParams<'_>| {
            let mut copy = request.clone();
            let error = sign(&mut copy, params).unwrap_err();
            assert_eq!(&copy, request, "a failed signing leaves the request alone");
            error
        };

        let mut request = describe_regions();
        request
            .headers
            .push(("X-Bad".to_owned(), "a\r\nInjected: yes".to_owned()));
        assert_eq!(
            attempt(&request, &params),
            SigningError::InvalidHeaderValue {
                name: "X-Bad".to_owned()
            }
        );

        let mut request = describe_regions();
        request
            .headers
            .push(("Bad Name".to_owned(), "v".to_owned()));
        assert_eq!(
            attempt(&request, &params),
            SigningError::InvalidHeaderName("Bad Name".to_owned())
        );

        let mut request = describe_regions();
        request.host.clear();
        assert_eq!(attempt(&request, &params), SigningError::MissingHost);

        let request = describe_regions();
        let before_1970 = SigningParams {
            time: UNIX_EPOCH - Duration::from_secs(1),
            ..params
        };
        assert!(matches!(
            attempt(&request, &before_1970),
            SigningError::TimeOutOfRange(_)
        ));
        let after_9999 = SigningParams {
            time: UNIX_EPOCH + Duration::from_secs(LAST_SIGNABLE_SECOND + 1),
            ..params
        };
        assert!(matches!(
            attempt(&request, &after_9999),
            SigningError::TimeOutOfRange(_)
        ));

        let bad_region = SigningParams {
            region: "us-east-1/x",
            ..params
        };
        assert_eq!(
            attempt(&request, &bad_region),
            SigningError::InvalidScope {
                part: "region",
                value: "us-east-1/x".to_owned()
            }
        );

        let bad_token = Credentials::new("AKID", "secret", Some("tok\nen".to_owned()));
        assert_eq!(
            attempt(&request, &ec2_params(&bad_token)),
            SigningError::InvalidHeaderValue {
                name: "x-amz-security-token".to_owned()
            }
        );
    }

    #[test]
    fn errors_do_not_show_secrets() {
        // A swapped key pair: the secret key where the key id belongs.
        let swapped = Credentials::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKID", None);
        let error = signature(&describe_regions(), &ec2_params(&swapped)).unwrap_err();
        assert_eq!(error, SigningError::InvalidAccessKeyId);
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("wJalr"), "{text}");
        }

        let mut request = describe_regions();
        request
            .headers
            .push(("X-Secret".to_owned(), "hush\n".to_owned()));
        let error = signature(&request, &ec2_params(&credentials(None))).unwrap_err();
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(text.contains("X-Secret"), "{text}");
            assert!(!text.contains("hush"), "{text}");
        }
    }

    #[test]
    fn debug_redacts_the_secrets() {
        let credentials = credentials(Some("token-secret"));
        let params = ec2_params(&credentials);
        let signature = signature(&describe_regions(), &params).unwrap();
        assert!(signature.canonical_request().contains("token-secret"));
        for debug in [format!("{params:?}"), format!("{signature:?}")] {
            assert!(debug.contains("AKID"), "{debug}");
            assert!(!debug.contains("EXAMPLEKEY"), "{debug}");
            assert!(!debug.contains("token-secret"), "{debug}");
        }
    }

    #[test]
    fn formats_the_amz_date() {
        assert_eq!(amz_date(suite_time()).unwrap(), "20150830T123600Z");
        assert_eq!(amz_date(UNIX_EPOCH).unwrap(), "19700101T000000Z");
        let with_fraction = suite_time() + Duration::from_millis(999);
        assert_eq!(amz_date(with_fraction).unwrap(), "20150830T123600Z");
        let last = UNIX_EPOCH + Duration::from_secs(LAST_SIGNABLE_SECOND);
        assert_eq!(amz_date(last).unwrap(), "99991231T235959Z");
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
