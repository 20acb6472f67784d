//! Snapshots of the code the generator emits for small fixture models (one per
//! feature, in `tests/fixtures/`), and a test that the snapshotted code
//! compiles, passes clippy and documents without warnings.
//!
//! Accept changed snapshots with `INSTA_UPDATE=always cargo test -p codegen
//! --test emitted_code` (or `cargo insta review`), then read them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::{GeneratedFile, LowerOptions, Packaging};

/// Every fixture model, by file stem.
const FIXTURES: &[&str] = &[
    "cursed_names",
    "defaults_and_required",
    "docs",
    "endpoint_rules",
    "enums",
    "forward_compatible",
    "idempotency",
    "no_input_output",
    "paginators_waiters",
    "recursive",
    "sensitive",
    "shapes",
    "timestamps",
    "union",
];

/// The runtime is copied verbatim into every crate and tested on its own.
const RUNTIME_DIR: &str = "src/runtime/";

fn fixture_path(fixture: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{fixture}.json"))
}

/// The Cargo package name of a fixture's crate (`fixture-cursed-names`).
fn package_name(fixture: &str) -> String {
    format!("fixture-{}", fixture.replace('_', "-"))
}

fn generate(fixture: &str) -> Vec<GeneratedFile> {
    generate_packaged(fixture, Packaging::Automatic)
}

fn generate_packaged(fixture: &str, packaging: Packaging) -> Vec<GeneratedFile> {
    let path = fixture_path(fixture);
    let model = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    // A boto3 resource model of the fixture's, if it has one.
    let resources_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/resources")
        .join(format!("{fixture}.json"));
    let resources = std::fs::read_to_string(&resources_path).ok().map(|text| {
        codegen::model::resources::ResourceModel::from_json(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", resources_path.display()))
    });
    let options = LowerOptions {
        package_name: Some(package_name(fixture)),
        operations: None,
        resources,
        packaging,
    };
    let generated = codegen::generate_crate(&model, &options)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    assert!(
        generated.warnings.is_empty(),
        "{}: {:?}",
        path.display(),
        generated.warnings
    );
    generated.files
}

/// Every file but the runtime, each behind a `// ---- path ----` line.
fn snapshot_text(files: &[GeneratedFile]) -> String {
    let mut text = String::new();
    for file in files {
        let path = file.path.to_string_lossy().replace('\\', "/");
        if path.starts_with(RUNTIME_DIR) {
            continue;
        }
        text.push_str(&format!("// ---- {path} ----\n"));
        text.push_str(&file.contents);
        if !file.contents.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

fn assert_fixture_snapshot(fixture: &str) {
    let text = snapshot_text(&generate(fixture));
    insta::with_settings!({
        description => format!("codegen/tests/fixtures/{fixture}.json"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(fixture, text);
    });
}

macro_rules! snapshot_tests {
    ($($fixture:ident),* $(,)?) => {
        $(
            #[test]
            fn $fixture() {
                assert_fixture_snapshot(stringify!($fixture));
            }
        )*

        /// Keeps the list of snapshot tests and [`FIXTURES`] in step.
        #[test]
        fn every_fixture_has_a_snapshot_test() {
            let mut tested = vec![$(stringify!($fixture)),*];
            tested.sort_unstable();
            assert_eq!(tested, FIXTURES);
        }
    };
}

snapshot_tests!(
    cursed_names,
    defaults_and_required,
    docs,
    endpoint_rules,
    enums,
    forward_compatible,
    idempotency,
    no_input_output,
    paginators_waiters,
    recursive,
    sensitive,
    shapes,
    timestamps,
    union,
);

/// Every fixture file is in [`FIXTURES`].
#[test]
fn every_fixture_file_is_listed() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<String> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    found.sort();
    assert_eq!(found, FIXTURES);
}

/// Writes every fixture crate into a throwaway workspace under
/// `target/fixture-crates/` (outside the main workspace, which lists its
/// members explicitly) and builds, lints and documents it with warnings denied.
#[test]
fn fixture_crates_compile_without_warnings() {
    let started = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fixture-crates");
    for fixture in FIXTURES {
        let files = generate(fixture);
        codegen::output::write_tree(&root.join(fixture), &files, Default::default())
            .unwrap_or_else(|error| panic!("writing the `{fixture}` crate: {error}"));
        copy_behaviour_tests(fixture, &root.join(fixture));
    }
    copy_serde_round_trip(&root.join(SERDE_ROUND_TRIP));
    let members: Vec<&str> = FIXTURES
        .iter()
        .chain([&SERDE_ROUND_TRIP])
        .copied()
        .collect();
    write_workspace(&root, "the fixture crates", &members);

    // The behaviour tests make fake responses, with the builders `test-util` adds.
    let test_util = test_util_features(FIXTURES);
    // Also runs the behaviour tests and the compliance cases of the fixtures.
    cargo(
        &root,
        &["test", "--workspace", "--quiet", "--features", &test_util],
    );
    if clippy_is_available(&root) {
        let deny = ["--", "-D", "warnings"];
        let all_targets = [
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            &test_util,
        ];
        cargo(&root, &[&all_targets[..], &deny].concat());
        // Without `test-util` (which the round-trip crate turns on), as users build them.
        let libraries = [
            "clippy",
            "--workspace",
            "--exclude",
            "serde-round-trip",
            "--lib",
        ];
        cargo(&root, &[&libraries[..], &deny].concat());
    } else {
        eprintln!("cargo clippy is not installed: the fixture crates were not linted");
    }
    cargo(&root, &["doc", "--workspace", "--no-deps"]);
    eprintln!(
        "the fixture crates built, linted and documented in {:.1?}",
        started.elapsed()
    );
}

/// The fixtures with behaviour tests, split into packages of one operation
/// each: the same tests pass, and the packages build, lint and document
/// without warnings. The whole EC2 API is split the same way by default
/// (`whole_ec2_api.rs`); these say the split crate still works as one.
#[test]
fn split_fixture_crates_pass_their_behaviour_tests() {
    const SPLIT: &[&str] = &["forward_compatible", "paginators_waiters"];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fixture-split-crates");
    for fixture in SPLIT {
        let files = generate_packaged(fixture, Packaging::OperationsPerPackage(1));
        assert!(
            files
                .iter()
                .any(|file| file.path.starts_with("crates/operations-1")),
            "`{fixture}` is split"
        );
        codegen::output::write_tree(&root.join(fixture), &files, Default::default())
            .unwrap_or_else(|error| panic!("writing the split `{fixture}` crate: {error}"));
        copy_behaviour_tests(fixture, &root.join(fixture));
    }
    write_workspace(&root, "the fixture crates split into packages", SPLIT);
    let test_util = test_util_features(SPLIT);
    // Every feature (`serde`, `hyper`) reaches the packages, and without the
    // client (of the packages users depend on) they are the sans-IO core.
    cargo(&root, &["check", "--workspace", "--lib", "--all-features"]);
    let mut sans_io = vec!["check", "--lib", "--no-default-features"];
    let facades: Vec<String> = SPLIT.iter().map(|fixture| package_name(fixture)).collect();
    for facade in &facades {
        sans_io.extend(["-p", facade.as_str()]);
    }
    cargo(&root, &sans_io);
    cargo(
        &root,
        &["test", "--workspace", "--quiet", "--features", &test_util],
    );
    if clippy_is_available(&root) {
        cargo(
            &root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--features",
                &test_util,
                "--",
                "-D",
                "warnings",
            ],
        );
    }
    cargo(&root, &["doc", "--workspace", "--no-deps"]);
}

/// A workspace of its own at `root` for these crates, apart from the main one.
fn write_workspace(root: &Path, what: &str, members: &[&str]) {
    let members: String = members
        .iter()
        .map(|member| format!("    \"{member}\",\n"))
        .collect();
    let manifest = format!(
        "# Written by codegen/tests/emitted_code.rs: {what}, built apart from the main workspace.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n"
    );
    std::fs::write(root.join("Cargo.toml"), manifest)
        .unwrap_or_else(|error| panic!("write the workspace manifest of {what}: {error}"));
}

/// `--features` turning on `test-util` of each fixture's crate.
fn test_util_features(fixtures: &[&str]) -> String {
    let features: Vec<String> = fixtures
        .iter()
        .map(|fixture| format!("{}/test-util", package_name(fixture)))
        .collect();
    features.join(",")
}

/// The crate of the `serde` round-trip tests (`tests/fixture_serde/`), a
/// member of the fixture workspace that turns the fixtures' `serde` feature on.
const SERDE_ROUND_TRIP: &str = "serde_round_trip";

fn copy_serde_round_trip(crate_dir: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture_serde");
    for file in ["Cargo.toml", "src/lib.rs", "tests/round_trip.rs"] {
        let contents = std::fs::read_to_string(source.join(file))
            .unwrap_or_else(|error| panic!("tests/fixture_serde/{file}: {error}"));
        let target = crate_dir.join(file);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("create the directory");
        if std::fs::read_to_string(&target).ok().as_deref() != Some(contents.as_str()) {
            std::fs::write(&target, contents).expect("write the serde round-trip crate");
        }
    }
}

/// A fixture's hand-written tests of how its generated code behaves
/// (`tests/fixture_behaviour/FIXTURE.rs`), as `tests/behaviour.rs` of its
/// crate: a file the generator did not write, so it leaves it alone.
fn copy_behaviour_tests(fixture: &str, crate_dir: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixture_behaviour")
        .join(format!("{fixture}.rs"));
    let Ok(tests) = std::fs::read_to_string(&source) else {
        return;
    };
    let target = crate_dir.join("tests/behaviour.rs");
    std::fs::create_dir_all(crate_dir.join("tests")).expect("create the tests directory");
    if std::fs::read_to_string(&target).ok().as_deref() != Some(tests.as_str()) {
        std::fs::write(&target, tests).expect("write the behaviour tests");
    }
}

/// The endpoint fixture's test cases (`smithy.rules#endpointTests`) run as
/// the generated `#[test]`s, in a workspace of their own beside the fixtures'.
#[test]
fn endpoint_fixture_cases_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fixture-endpoint-tests");
    codegen::output::write_tree(
        &root.join("crate"),
        &generate("endpoint_rules"),
        Default::default(),
    )
    .unwrap_or_else(|error| panic!("writing the endpoint fixture crate: {error}"));
    std::fs::write(
        root.join("Cargo.toml"),
        "# Written by codegen/tests/emitted_code.rs.\n[workspace]\nresolver = \"3\"\nmembers = [\"crate\"]\n",
    )
    .expect("write the endpoint fixture workspace manifest");
    let output = cargo_command(&root)
        .args(["test", "--lib", "--", "endpoint_tests::"])
        .output()
        .expect("run cargo test on the endpoint fixture");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stdout.contains("ok. 0 passed"),
        "the endpoint fixture's cases failed or did not run:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs cargo in the fixture workspace with warnings denied, and fails the
/// test with the compiler's output when it fails.
fn cargo(root: &Path, args: &[&str]) {
    let output = cargo_command(root)
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("running cargo {}: {error}", args.join(" ")));
    assert!(
        output.status.success(),
        "`cargo {}` failed in {} ({}):\n{}\n{}",
        args.join(" "),
        root.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

fn cargo_command(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS");
    command
}

fn clippy_is_available(root: &Path) -> bool {
    cargo_command(root)
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success())
}
