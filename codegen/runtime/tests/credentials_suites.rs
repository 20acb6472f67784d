//! The AWS SDKs' shared test data for where credentials are fetched from:
//! the IMDS endpoint (`imds-endpoint-tests.json`) and the container
//! credentials URL (`ecs-tests.json`), from `../shared/client-tests/`.
//!
//! An error case passes when the error says the same thing as the SDKs'
//! text; [`MEANINGS`] pairs each of their texts with this crate's words.
#![cfg(feature = "client")]

use std::path::{Path, PathBuf};

use runtime::container_credentials::credentials_url;
use runtime::credentials::CredentialsError;
use runtime::env::Environment;
use runtime::imds::{EndpointMode, Imds, ImdsSettings};
use runtime::profile::ProfileFiles;
use serde_json::Value;

/// The SDKs' error texts, and what this crate's message says instead.
const MEANINGS: &[(&str, &str)] = &[
    (
        "is not a valid endpoint mode",
        "is not a valid endpoint mode",
    ),
    ("invalid uri character", "is not a valid URI"),
    (
        "No environment variables were set to configure ECS provider",
        "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
    ),
    ("URI did not specify a host", "did not specify a host"),
];

fn suite(name: &str) -> Option<Vec<Value>> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/client-tests")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {} is absent", path.display());
        return None;
    };
    let document: Value = serde_json::from_str(&text).unwrap();
    Some(document["tests"].as_array().unwrap().clone())
}

fn strings(value: &Value) -> Vec<(String, String)> {
    value
        .as_object()
        .map(|object| {
            object
                .iter()
                .map(|(key, value)| (key.clone(), value.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `actual` answers the case's `result`: the same URL, or an error
/// that means the same.
fn check(
    docs: &str,
    result: &Value,
    actual: Result<String, CredentialsError>,
) -> Result<(), String> {
    let expected_url = result.get("Ok").and_then(Value::as_str);
    let expected_error = result
        .get("Err")
        .or_else(|| result.get("ErrorContains"))
        .and_then(Value::as_str);
    match (expected_url, expected_error, actual) {
        (Some(expected), _, Ok(actual)) if expected == actual => Ok(()),
        (_, Some(expected), Err(error)) => {
            let words = MEANINGS
                .iter()
                .find(|(theirs, _)| expected.contains(theirs))
                .map(|(_, ours)| *ours)
                .ok_or_else(|| format!("{docs}: no meaning is known for {expected:?}"))?;
            let message = error.to_string();
            // The SDKs quote the offending value in backquotes; so does this crate.
            let quoted = expected.split('`').nth(1).unwrap_or_default();
            if message.contains(words) && message.contains(quoted) {
                Ok(())
            } else {
                Err(format!(
                    "{docs}: expected an error meaning {expected:?}, got {message:?}"
                ))
            }
        }
        (_, _, actual) => Err(format!("{docs}: expected {result}, got {actual:?}")),
    }
}

fn report(name: &str, total: usize, failures: &[String]) {
    println!(
        "{name}: {} passed, {} failed of {total}",
        total - failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn imds_endpoint_suite() {
    let Some(cases) = suite("imds-endpoint-tests.json") else {
        return;
    };
    let mut failures = Vec::new();
    for case in &cases {
        let docs = case["docs"].as_str().unwrap_or("?");
        let mut environment = Environment::from_vars(strings(&case["env"]));
        for (path, contents) in strings(&case["fs"]) {
            environment = environment.with_file(path, contents);
        }
        let files = ProfileFiles::locate(&environment);
        let profiles = files.load(&environment).unwrap();
        let settings = ImdsSettings {
            endpoint: case["endpoint_override"].as_str().map(str::to_owned),
            mode: case["mode_override"]
                .as_str()
                .map(|mode| EndpointMode::parse(mode).unwrap()),
        };
        let actual =
            Imds::from_environment(&environment, profiles.profile(&files.profile), &settings)
                .map(|imds| imds.token_url());
        if let Err(failure) = check(docs, &case["result"], actual) {
            failures.push(failure);
        }
    }
    report("imds-endpoint-tests.json", cases.len(), &failures);
}

#[test]
fn ecs_suite() {
    let Some(cases) = suite("ecs-tests.json") else {
        return;
    };
    let mut failures = Vec::new();
    for case in &cases {
        let docs = case["docs"].as_str().unwrap_or("?");
        let environment = Environment::from_vars(strings(&case["env"]));
        let actual = credentials_url(&environment).map(|url| url.to_string());
        if let Err(failure) = check(docs, &case["result"], actual) {
            failures.push(failure);
        }
    }
    report("ecs-tests.json", cases.len(), &failures);
}
