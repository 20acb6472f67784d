//! The generator handles every operation of the real EC2 API: the whole model
//! (830 operations, 4,414 shapes) generates, and the crate it gives compiles
//! and documents without a single warning.
//!
//! The model is `../shared/models/ec2-full.derived.json` beside the project
//! (not vendored: 6.5 MB); without it the test says so and passes as skipped.
//!
//! The crate is written to `target/whole-ec2/crate` under the workspace, with
//! a one-line wrapper workspace in `target/whole-ec2/Cargo.toml`. Cargo looks
//! upwards for the workspace a package belongs to, and would otherwise find
//! the project's own `Cargo.toml`, which does not list it, and refuse to
//! build. The wrapper claims the crate first, so the generated files stay
//! exactly what the generator writes (no `[workspace]` added to them), the
//! project's manifest is untouched, and the path is stable, so a rerun with an
//! unchanged generator is a no-op build (`write_tree` leaves unchanged files
//! alone). `cargo xtask protocol-tests` builds its crate the same way.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const OPERATIONS: usize = 830;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ has a parent")
        .to_path_buf()
}

/// The whole EC2 model, or `None` (with a note) when it is absent.
fn whole_model(test: &str) -> Option<String> {
    let model_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/ec2-full.derived.json");
    match std::fs::read_to_string(&model_path) {
        Ok(model) => Some(model),
        Err(error) => {
            eprintln!(
                "SKIPPED {test}: cannot read the whole EC2 model `{}` ({error}); it lives in \
                 ../shared/models beside the project and is not vendored",
                model_path.display()
            );
            None
        }
    }
}

/// Writes `files` as the crate of a throwaway workspace at `build_root`
/// (see the module docs for why it needs one of its own).
fn write_wrapped_crate(build_root: &Path, files: &[codegen::GeneratedFile]) -> PathBuf {
    let crate_dir = build_root.join("crate");
    codegen::output::write_tree(&crate_dir, files, Default::default())
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", crate_dir.display()));
    std::fs::write(
        build_root.join("Cargo.toml"),
        "# Written by codegen/tests/whole_ec2_api.rs: a workspace of its own for the\n\
         # generated crate, so the project's workspace does not claim it.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\"crate\"]\n",
    )
    .expect("write the wrapper Cargo.toml");
    // The project's lock file: the same dependency versions, and no registry
    // index update needed (Cargo drops the entries the crate does not use).
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        build_root.join("Cargo.lock"),
    )
    .expect("copy Cargo.lock");
    crate_dir
}

/// EC2 leaves out members its model marks `@required` (17 such members are
/// reachable from outputs); the response still reads, as Smithy's client
/// error correction asks, with zero values in their place.
const ERROR_CORRECTION_TEST: &str = r#"
use ec2::operation::get_networking_flex_cost_allocation_policy_versions::GetNetworkingFlexCostAllocationPolicyVersions;
use ec2::Operation;
use ec2::runtime::http::HttpResponse;

#[test]
fn a_response_without_required_members_still_reads() {
    let body = "<GetNetworkingFlexCostAllocationPolicyVersionsResponse xmlns='http://ec2.amazonaws.com/doc/2016-11-15/'>        <requestId>req-1</requestId>        <fcaPolicyVersions><item><fcaPolicyId>fca-1</fcaPolicyId>        <natFcaPolicyDocument><CidrRangeSpecifications></CidrRangeSpecifications></natFcaPolicyDocument>        </item></fcaPolicyVersions>        </GetNetworkingFlexCostAllocationPolicyVersionsResponse>";
    let response = HttpResponse { status: 200, headers: Vec::new(), body: body.as_bytes().to_vec() };
    let output = GetNetworkingFlexCostAllocationPolicyVersions::read_response(&response)
        .unwrap_or_else(|error| panic!("{error}"));
    let versions = output.fca_policy_versions.as_ref().expect("the versions");
    assert_eq!(versions[0].fca_policy_id.as_deref(), Some("fca-1"));
    let document = versions[0].nat_fca_policy_document.as_ref().expect("the document");
    let ranges = document.cidr_range_specifications.as_ref().expect("the ranges");
    assert_eq!(ranges.prefixes_type, "");
    assert!(ranges.prefixes.is_empty());
    assert!(document.reporting_granularity.is_empty());
    assert_eq!(output.request_id(), Some("req-1"));
}
"#;

#[test]
fn ec2_responses_without_required_members_still_read() {
    let Some(model) = whole_model("ec2_responses_without_required_members_still_read") else {
        return;
    };
    let options = codegen::LowerOptions {
        package_name: Some("ec2".to_owned()),
        operations: Some(vec![
            "GetNetworkingFlexCostAllocationPolicyVersions".to_owned(),
        ]),
        resources: None,
        packaging: Default::default(),
    };
    let generated = codegen::generate_crate(&model, &options)
        .unwrap_or_else(|error| panic!("the operation does not generate:\n{error}"));
    let build_root = workspace_root().join("target/ec2-error-correction");
    std::fs::create_dir_all(&build_root).expect("create the build directory");
    let _lock = BuildLock::acquire(&build_root);
    let crate_dir = write_wrapped_crate(&build_root, &generated.files);
    std::fs::create_dir_all(crate_dir.join("tests")).expect("create tests/");
    std::fs::write(
        crate_dir.join("tests/error_correction.rs"),
        ERROR_CORRECTION_TEST,
    )
    .expect("write the test");
    cargo(
        &build_root,
        &build_root.join("target"),
        &["test", "--test", "error_correction"],
        "RUSTFLAGS",
    );
}

#[test]
fn whole_ec2_api_generates_compiles_and_documents_without_warnings() {
    let root = workspace_root();
    let Some(model) = whole_model("whole_ec2_api") else {
        return;
    };

    let started = Instant::now();
    let generated = codegen::generate_crate(&model, &codegen::LowerOptions::default())
        .unwrap_or_else(|error| panic!("the whole EC2 model does not generate:\n{error}"));
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let files = generated.files;
    let generation = started.elapsed();
    let operation_modules = files
        .iter()
        .filter(|file| {
            // In one package or, split, in the packages of operations.
            file.path
                .parent()
                .is_some_and(|parent| parent.ends_with("src/operation"))
                && file.path.file_name() != Some("mod.rs".as_ref())
        })
        .count();
    assert_eq!(operation_modules, OPERATIONS, "operation modules");
    let lines: usize = files.iter().map(|file| file.contents.lines().count()).sum();
    eprintln!(
        "generated {} files ({lines} lines) in {generation:.1?}",
        files.len()
    );

    let build_root = root.join("target/whole-ec2");
    std::fs::create_dir_all(&build_root)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", build_root.display()));
    let _lock = BuildLock::acquire(&build_root);
    let crate_dir = write_wrapped_crate(&build_root, &files);

    let target_dir = root.join("target/whole-ec2-target");
    let check = cargo(
        &build_root,
        &target_dir,
        &["check", "--all-targets"],
        "RUSTFLAGS",
    );
    let doc = cargo(
        &build_root,
        &target_dir,
        &["doc", "--no-deps"],
        "RUSTDOCFLAGS",
    );
    eprintln!(
        "whole EC2 API: generation {generation:.1?}, cargo check --all-targets {check:.1?}, \
         cargo doc --no-deps {doc:.1?} (crate in {})",
        crate_dir.display()
    );
}

/// Runs `cargo args` in `dir` with `-D warnings` in `flags_var` (and in
/// `RUSTFLAGS` always, so check and doc share the dependencies' builds);
/// fails the test with the first lines of compiler output unless it succeeds.
fn cargo(dir: &Path, target_dir: &Path, args: &[&str], flags_var: &str) -> Duration {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        .env("RUSTFLAGS", "-D warnings")
        .env(flags_var, "-D warnings")
        // These would override the flags above.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTDOCFLAGS")
        .output()
        .unwrap_or_else(|error| panic!("cannot run cargo {}: {error}", args.join(" ")));
    let elapsed = started.elapsed();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let diagnostics: Vec<&str> = stderr
            .lines()
            .filter(|line| {
                let line = line.trim_start();
                ![
                    "Compiling ",
                    "Checking ",
                    "Documenting ",
                    "Blocking ",
                    "Locking ",
                    "Updating ",
                    "Downloaded ",
                    "Removing ",
                ]
                .iter()
                .any(|progress| line.starts_with(progress))
            })
            .collect();
        let errors = diagnostics
            .iter()
            .filter(|line| line.starts_with("error") || line.starts_with("warning"))
            .count();
        panic!(
            "`cargo {}` failed ({}) after {elapsed:.1?} in {}: {errors} error/warning lines; the first 100 lines:\n{}\n{}",
            args.join(" "),
            output.status,
            dir.display(),
            diagnostics
                .iter()
                .take(100)
                .copied()
                .collect::<Vec<_>>()
                .join("\n"),
            if diagnostics.len() > 100 {
                format!("... {} more lines", diagnostics.len() - 100)
            } else {
                String::new()
            }
        );
    }
    elapsed
}

/// Keeps two test runs (two people, or two `cargo test` invocations) from
/// writing and building the same directory at once. The lock is a file made
/// with `create_new`; one left behind by a killed run is taken over once its
/// process is gone (or after half an hour where that cannot be told).
struct BuildLock(PathBuf);

impl BuildLock {
    fn acquire(dir: &Path) -> Self {
        let path = dir.join("build.lock");
        let mut announced = false;
        loop {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let _ = write!(file, "{}", std::process::id());
                    return BuildLock(path);
                }
                Err(error) if error.kind() == ErrorKind::AlreadyExists => {
                    if Self::is_stale(&path) {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if !announced {
                        eprintln!("waiting for another run to release {}", path.display());
                        announced = true;
                    }
                    std::thread::sleep(Duration::from_secs(1));
                }
                Err(error) => panic!("cannot create {}: {error}", path.display()),
            }
        }
    }

    fn is_stale(path: &Path) -> bool {
        let holder = std::fs::read_to_string(path).unwrap_or_default();
        if Path::new("/proc/self").exists() {
            if let Ok(pid) = holder.trim().parse::<u32>() {
                return !Path::new(&format!("/proc/{pid}")).exists();
            }
        }
        std::fs::metadata(path)
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(30 * 60))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
