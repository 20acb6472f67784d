//! Runs the official SigV4 test suite (`shared/sigv4-test-suite`, as botocore
//! ships it) against `runtime::sigv4`: for every `NAME.req`, the canonical
//! request, the string to sign and the `Authorization` value must equal
//! `NAME.creq`, `NAME.sts` and `NAME.authz` exactly, and the signed request
//! must carry the headers of `NAME.sreq`.
#![cfg(feature = "client")]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use runtime::credentials::Credentials;
use runtime::http::{HttpRequest, Scheme};
use runtime::sigv4::{SigningParams, sign, signature};

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const REGION: &str = "us-east-1";
const SERVICE: &str = "service";
/// 2015-08-30T12:36:00Z.
const SIGNING_SECONDS: u64 = 1_440_938_160;
const CASE_COUNT: usize = 34;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sigv4-test-suite")
}

#[test]
fn official_sigv4_test_suite() {
    let dir = suite_dir();
    if !dir.is_dir() {
        println!("SKIPPED: no SigV4 test suite at {}", dir.display());
        return;
    }
    let mut cases = Vec::new();
    find_cases(&dir, &dir, &mut cases);
    cases.sort();
    let mut failures = Vec::new();
    let mut passed = 0;
    for (id, stem) in &cases {
        match run_case(stem) {
            Ok(()) => passed += 1,
            Err(problem) => failures.push(format!("{id}: {problem}")),
        }
    }
    println!("SigV4 suite: {passed} of {} cases passed", cases.len());
    assert!(
        failures.is_empty(),
        "{} SigV4 case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert_eq!(cases.len(), CASE_COUNT, "the suite has {CASE_COUNT} cases");
}

/// Collects `(case id, path without extension)` for every `.req` below `dir`,
/// the id being the path relative to the suite (`normalize-path/get-space`).
fn find_cases(root: &Path, dir: &Path, cases: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            find_cases(root, &path, cases);
        } else if path.extension().is_some_and(|ext| ext == "req") {
            let stem = path.with_extension("");
            let folder = stem.parent().unwrap().strip_prefix(root).unwrap();
            let id = folder.to_string_lossy().replace('\\', "/");
            cases.push((id, stem));
        }
    }
}

fn read(stem: &Path, extension: &str) -> Result<String, String> {
    let path = stem.with_extension(extension);
    fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn run_case(stem: &Path) -> Result<(), String> {
    let mut request = parse_request(&read(stem, "req")?)?;
    let expected_creq = read(stem, "creq")?;
    // A case signs a session token exactly when its canonical request has
    // one (`post-sts-header-after` adds its token after signing, unsigned).
    let credentials = Credentials::new(
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        signed_session_token(&expected_creq),
    );
    let params = SigningParams {
        credentials: &credentials,
        region: REGION,
        service: SERVICE,
        time: UNIX_EPOCH + Duration::from_secs(SIGNING_SECONDS),
    };

    let signature = signature(&request, &params).map_err(|e| format!("cannot sign: {e}"))?;
    compare(
        "canonical request",
        signature.canonical_request(),
        &expected_creq,
    )?;
    compare(
        "string to sign",
        signature.string_to_sign(),
        &read(stem, "sts")?,
    )?;
    let expected_authz = read(stem, "authz")?;
    compare("Authorization", signature.authorization(), &expected_authz)?;

    sign(&mut request, &params).map_err(|e| format!("cannot sign: {e}"))?;
    check_signed_request(
        &request,
        &read(stem, "sreq")?,
        &expected_authz,
        &credentials,
    )
}

fn signed_session_token(canonical_request: &str) -> Option<String> {
    canonical_request
        .lines()
        .find_map(|line| line.strip_prefix("x-amz-security-token:"))
        .map(str::to_owned)
}

/// Compares the signed request with `NAME.sreq`, but for `Authorization`
/// (`get-vanilla-with-session-token.sreq` carries `get-vanilla`'s signature;
/// its `.authz` is right) and a session token the caller adds after signing.
fn check_signed_request(
    signed: &HttpRequest,
    sreq: &str,
    expected_authz: &str,
    credentials: &Credentials,
) -> Result<(), String> {
    let expected = parse_request(sreq)?;
    let token_added_later = credentials.session_token().is_none();
    let compared = |(name, _): &&(String, String)| {
        let unsigned_token = token_added_later && name.eq_ignore_ascii_case("x-amz-security-token");
        !name.eq_ignore_ascii_case("authorization") && !unsigned_token
    };
    let actual_headers: Vec<_> = signed.headers.iter().filter(compared).collect();
    let expected_headers: Vec<_> = expected.headers.iter().filter(compared).collect();
    if actual_headers != expected_headers {
        return Err(format!(
            "signed request headers\n{actual_headers:?}\nexpected\n{expected_headers:?}"
        ));
    }
    let authorizations: Vec<&str> = signed
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.as_str())
        .collect();
    if authorizations != [expected_authz] {
        return Err(format!(
            "signed request has Authorization {authorizations:?}"
        ));
    }
    if (&signed.method, &signed.uri, &signed.body)
        != (&expected.method, &expected.uri, &expected.body)
    {
        return Err("signed request line or body changed".to_owned());
    }
    Ok(())
}

fn compare(what: &str, actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!(
            "{what} differs\n--- actual\n{actual}\n--- expected\n{expected}"
        ))
    }
}

/// Reads a raw request: request line, header lines (a line starting with
/// whitespace continues the previous value), a blank line, the body.
///
/// The target is everything between the method and the version, so that
/// `GET /example space/ HTTP/1.1` reads as the path `/example space/`.
fn parse_request(text: &str) -> Result<HttpRequest, String> {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    // Some files end their last header line with a line break and no body.
    let head = head.strip_suffix('\n').unwrap_or(head);
    let mut lines = head.split('\n');
    let request_line = lines.next().unwrap_or_default();
    let (method, rest) = request_line
        .split_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;
    let (target, _version) = rest
        .rsplit_once(' ')
        .ok_or_else(|| format!("bad request line {request_line:?}"))?;

    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            // An obsolete line fold: the line break goes, the whitespace
            // stays, and the signer collapses it like any other run.
            let (_, value) = headers
                .last_mut()
                .ok_or_else(|| format!("continuation line {line:?} before any header"))?;
            value.push_str(line);
        } else {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("bad header line {line:?}"))?;
            headers.push((name.to_owned(), value.to_owned()));
        }
    }
    let host = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    Ok(HttpRequest {
        method: static_method(method)?,
        scheme: Scheme::Https,
        host,
        uri: target.to_owned(),
        headers,
        body: body.as_bytes().to_vec(),
    })
}

/// `HttpRequest::method` is a `&'static str`: the client only ever sends
/// methods it names in code.
fn static_method(method: &str) -> Result<&'static str, String> {
    match method {
        "GET" => Ok("GET"),
        "POST" => Ok("POST"),
        other => Err(format!("method {other:?} is not in this suite")),
    }
}
