//! The SDKs' shared profile-file test data (`shared/client-tests/`): the
//! parser cases and the file-location cases, every case run and every
//! failure reported at once by name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use runtime::env::Environment;
use runtime::profile::{FileKind, ProfileErrorKind, ProfileFiles, ProfileSet};
use serde_json::Value;

fn corpus(file: &str) -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/client-tests")
        .join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("SKIPPED: {} is not there", path.display());
        return None;
    };
    Some(serde_json::from_str(&text).expect("the corpus is JSON"))
}

fn cases(corpus: &Value) -> &[Value] {
    corpus["tests"].as_array().expect("`tests` is an array")
}

fn name(case: &Value) -> &str {
    case["name"].as_str().unwrap_or("(unnamed)")
}

/// The corpus words its errors its own way; each fragment means one of our
/// error kinds. A fragment missing here fails its case, so that a new one
/// is looked at rather than guessed.
fn expected_kind(fragment: &str) -> Option<ProfileErrorKind> {
    Some(match fragment {
        "Expected a profile definition" => ProfileErrorKind::SettingOutsideSection,
        "Profile definition must end with ']'" => ProfileErrorKind::UnclosedSectionHeader,
        "Expected an '=' sign defining a property" => ProfileErrorKind::MissingEquals,
        "Property did not have a name" => ProfileErrorKind::MissingName,
        "Expected a property definition" | "Expected a property definition, found continuation" => {
            ProfileErrorKind::ContinuationWithoutSetting
        }
        "Expected an '=' sign defining a sub-property" => ProfileErrorKind::SubSettingMissingEquals,
        "Sub-property did not have a name" => ProfileErrorKind::SubSettingMissingName,
        _ => return None,
    })
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn sections<'a>(
    profiles: impl IntoIterator<Item = (&'a String, &'a runtime::profile::Profile)>,
) -> Sections {
    profiles
        .into_iter()
        .map(|(name, profile)| {
            let properties = profile
                .properties()
                .iter()
                .map(|(key, property)| (key.clone(), property.value().to_owned()))
                .collect();
            (name.clone(), properties)
        })
        .collect()
}

fn expected_sections(value: &Value) -> Sections {
    let mut sections = Sections::new();
    for (name, properties) in value.as_object().into_iter().flatten() {
        let properties = properties
            .as_object()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
            .collect();
        sections.insert(name.clone(), properties);
    }
    sections
}

/// `Err` says what went wrong with the case.
fn run_parser_case(case: &Value) -> Result<(), String> {
    let input = &case["input"];
    let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
    let result = ProfileSet::from_texts(&text("configFile"), &text("credentialsFile"));
    let output = &case["output"];
    if let Some(fragment) = output["errorContaining"].as_str() {
        let expected = expected_kind(fragment)
            .ok_or_else(|| format!("no error kind stands for {fragment:?}"))?;
        return match result {
            Err(error) if error.kind() == expected => Ok(()),
            Err(error) => Err(format!("expected {expected:?} ({fragment:?}), got {error}")),
            Ok(set) => Err(format!("expected {expected:?} ({fragment:?}), got {set:?}")),
        };
    }
    let set = result.map_err(|error| format!("unexpected error: {error}"))?;
    let expected = &output["config"];
    let profiles = sections(set.profiles());
    let expected_profiles = expected_sections(&expected["profiles"]);
    if profiles != expected_profiles {
        return Err(format!(
            "profiles: expected {expected_profiles:?}, got {profiles:?}"
        ));
    }
    // Only the cases about sessions list them.
    if let Some(sessions) = expected.get("sso_sessions") {
        let actual = sections(set.sso_sessions());
        let expected = expected_sections(sessions);
        if actual != expected {
            return Err(format!(
                "sso sessions: expected {expected:?}, got {actual:?}"
            ));
        }
    }
    Ok(())
}

#[test]
fn profile_parser_cases() {
    let Some(corpus) = corpus("profile-parser-tests.json") else {
        return;
    };
    let cases = cases(&corpus);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            run_parser_case(case)
                .err()
                .map(|why| format!("{}: {why}", name(case)))
        })
        .collect();
    println!(
        "profile parser: {} of {} cases pass",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run_location_case(case: &Value) -> Result<(), String> {
    let vars = case["environment"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned()));
    let files = ProfileFiles::locate(&Environment::from_vars(vars));
    let path = |key: &str| case[key].as_str().map(PathBuf::from);
    let mut wrong = Vec::new();
    if path("configLocation").as_ref() != Some(&files.config) {
        wrong.push(format!("config file {}", files.config.display()));
    }
    if path("credentialsLocation").as_ref() != Some(&files.credentials) {
        wrong.push(format!("credentials file {}", files.credentials.display()));
    }
    // A case without `profile` does not say.
    if let Some(profile) = case["profile"].as_str() {
        if profile != files.profile {
            wrong.push(format!("profile {}", files.profile));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("got {}", wrong.join(", ")))
    }
}

#[test]
fn file_location_cases() {
    let Some(corpus) = corpus("file-location-tests.json") else {
        return;
    };
    let (linux, others): (Vec<&Value>, Vec<&Value>) = cases(&corpus)
        .iter()
        .partition(|case| case["platform"].as_str() == Some("linux"));
    let failures: Vec<String> = linux
        .iter()
        .filter_map(|case| {
            run_location_case(case)
                .err()
                .map(|why| format!("{}: {why}", name(case)))
        })
        .collect();
    println!(
        "file locations: {} of {} linux cases pass, {} cases of other platforms skipped",
        linux.len() - failures.len(),
        linux.len(),
        others.len()
    );
    assert!(!linux.is_empty(), "no linux cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Lines made of the pieces the parser cares about, to reach its corners.
fn profile_text() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "[",
        "]",
        "[profile ",
        "[default]",
        "[sso-session ",
        "profile",
        "=",
        " = ",
        "#",
        ";",
        " ",
        "\t",
        "\n",
        "\r\n",
        "a",
        "B",
        "in valid",
        "s3 =",
        "\n  ",
        "é",
        "\u{feff}",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn parsing_never_panics(config in profile_text(), credentials in profile_text(), noise in any::<String>()) {
        let _ = ProfileSet::from_texts(&config, &credentials);
        let _ = ProfileSet::parse(FileKind::Config, &noise, None);
        let _ = ProfileSet::parse(FileKind::Credentials, &noise, Some(Path::new("/x")));
    }

    #[test]
    fn errors_name_a_line_of_the_text(config in profile_text()) {
        if let Err(error) = ProfileSet::parse(FileKind::Config, &config, None) {
            let line = error.line().expect("a syntax error has a line");
            prop_assert!(line >= 1 && line <= config.lines().count(), "{error}");
        }
    }
}
