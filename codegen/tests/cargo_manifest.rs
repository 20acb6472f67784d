//! The generated `Cargo.toml` is valid TOML whatever the model's title and
//! version hold, and says exactly what the model says.

use codegen::LowerOptions;

fn model(title: &str, version: &str) -> String {
    let service = serde_json::json!({
        "type": "service",
        "version": version,
        "operations": [{"target": "ns#Op"}],
        "traits": {"aws.protocols#ec2Query": {}, "smithy.api#title": title}
    });
    serde_json::json!({
        "smithy": "2.0",
        "shapes": {"ns#Svc": service, "ns#Op": {"type": "operation"}}
    })
    .to_string()
}

fn manifest(title: &str, version: &str, package_name: Option<&str>) -> toml::Table {
    let options = LowerOptions {
        package_name: package_name.map(str::to_owned),
        operations: None,
        resources: None,
        packaging: Default::default(),
    };
    let generated = codegen::generate_crate(&model(title, version), &options)
        .unwrap_or_else(|error| panic!("{error}"));
    let manifest = generated
        .files
        .iter()
        .find(|file| file.path.as_os_str() == "Cargo.toml")
        .expect("a Cargo.toml");
    manifest
        .contents
        .parse()
        .unwrap_or_else(|error| panic!("not valid TOML: {error}\n{}", manifest.contents))
}

#[test]
fn any_title_and_version_give_valid_toml() {
    let titles = [
        "Plain",
        r#"Quotes "inside" and 'single'"#,
        r"Back\slash \n not a newline \u0041",
        "Two\nlines\r\nand a tab\t",
        "Control \u{0}\u{1}\u{7}\u{1b}\u{7f} characters",
        "Unicode: Élan ☁️ 雲",
        r#"""" triple quotes '''"#,
    ];
    for title in titles {
        for version in ["2020-01-01", r#"1.0 "beta"\"#] {
            let manifest = manifest(title, version, None);
            let description = manifest["package"]["description"]
                .as_str()
                .expect("a description string");
            assert!(
                description.starts_with(&format!("{title}: ")),
                "{title:?} -> {description:?}"
            );
            assert!(
                description.contains(&format!("(API {version})")),
                "{description:?}"
            );
        }
    }
}

#[test]
fn the_package_name_is_the_one_given() {
    let manifest = manifest("T", "1", Some("my-ec2_client"));
    assert_eq!(manifest["package"]["name"].as_str(), Some("my-ec2_client"));
}

#[test]
fn a_package_name_cargo_would_refuse_is_an_error() {
    for name in [
        "",
        "has space",
        "quote\"d",
        "new\nline",
        "1starts-with-digit",
        "ünïcode",
    ] {
        let options = LowerOptions {
            package_name: Some(name.to_owned()),
            operations: None,
            resources: None,
            packaging: Default::default(),
        };
        let error = codegen::generate_crate(&model("T", "1"), &options)
            .err()
            .unwrap_or_else(|| panic!("{name:?} was accepted"));
        let text = error.to_string();
        assert!(
            text.contains("is not a valid Cargo package name"),
            "{name:?}: {text}"
        );
    }
}

/// `examples/build-script` includes the generated code, which names the
/// generated crate's features and dependencies: it declares the same.
#[test]
fn the_build_script_example_declares_the_generated_crates_features_and_dependencies() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |path: &str| -> toml::Table {
        let text = std::fs::read_to_string(root.join(path))
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        text.parse()
            .unwrap_or_else(|error| panic!("{path}: {error}"))
    };
    let generated = read("generated/Cargo.toml");
    let example = read("examples/build-script/Cargo.toml");
    for table in ["features", "dependencies"] {
        assert_eq!(example.get(table), generated.get(table), "[{table}]");
    }
}
