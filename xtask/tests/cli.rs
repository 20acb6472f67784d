//! `cargo xtask codegen` from the outside: the binary, its exit codes and what
//! it tells the user. Errors are messages and a non-zero exit, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ has a parent")
        .to_path_buf()
}

/// Runs the xtask binary from the workspace root.
fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(workspace_root())
        .output()
        .unwrap_or_else(|error| panic!("cannot run xtask {args:?}: {error}"))
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn assert_succeeds(args: &[&str]) -> String {
    let output = xtask(args);
    let (stdout, stderr) = text(&output);
    assert!(
        output.status.success(),
        "xtask {args:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

/// Asserts `xtask args` fails with exit code 1, without a panic, and returns
/// its stderr.
fn assert_fails(args: &[&str]) -> String {
    let output = xtask(args);
    let (stdout, stderr) = text(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "xtask {args:?} should fail with exit code 1:\n{stdout}\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stdout.contains("panicked"),
        "xtask {args:?} panicked:\n{stderr}"
    );
    stderr
}

/// A fresh directory under Cargo's scratch space for integration tests,
/// removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("xtask-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a scratch directory");
        Scratch(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("a UTF-8 scratch path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn check_passes_on_the_committed_tree() {
    let stdout = assert_succeeds(&["codegen", "--check"]);
    assert!(stdout.contains("is up to date"), "{stdout}");
}

#[test]
fn check_passes_right_after_generating() {
    let scratch = Scratch::new("fresh");
    let out = scratch.path().join("crate");
    let out = out.to_str().unwrap();
    let stdout = assert_succeeds(&["codegen", "--out", out]);
    assert!(stdout.contains("generated"), "{stdout}");
    assert!(Path::new(out).join("Cargo.toml").is_file());
    let stdout = assert_succeeds(&["codegen", "--check", "--out", out]);
    assert!(stdout.contains("is up to date"), "{stdout}");
    // Generating again changes nothing.
    let stdout = assert_succeeds(&["codegen", "--out", out]);
    assert!(stdout.contains("(0 changed)"), "{stdout}");
}

#[test]
fn check_names_every_stale_file_and_the_fix() {
    let scratch = Scratch::new("stale");
    let out = scratch.arg();
    assert_succeeds(&["codegen", "--out", out]);
    let fix = format!("cargo xtask codegen --out {out}");

    // A hand edit.
    let edited = scratch.path().join("src/lib.rs");
    let original = std::fs::read_to_string(&edited).expect("src/lib.rs");
    std::fs::write(&edited, format!("{original}\n// a hand edit\n")).unwrap();
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(stderr.contains("changed: src/lib.rs"), "{stderr}");
    assert!(stderr.contains(&fix), "{stderr}");
    std::fs::write(&edited, &original).unwrap();

    // A file the generator does not write.
    std::fs::write(scratch.path().join("src/extra.rs"), "// stray\n").unwrap();
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(stderr.contains("src/extra.rs"), "{stderr}");
    assert!(stderr.contains(&fix), "{stderr}");
    std::fs::remove_file(scratch.path().join("src/extra.rs")).unwrap();

    // A deleted file.
    std::fs::remove_file(scratch.path().join("src/types/mod.rs")).unwrap();
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(stderr.contains("missing: src/types/mod.rs"), "{stderr}");
    assert!(stderr.contains(&fix), "{stderr}");

    // The printed fix fixes it.
    assert_succeeds(&["codegen", "--out", out]);
    assert_succeeds(&["codegen", "--check", "--out", out]);
}

#[test]
fn the_fix_repeats_every_flag_that_was_given() {
    let scratch = Scratch::new("flags");
    let out = scratch.arg();
    let stderr = assert_fails(&[
        "codegen",
        "--check",
        "--out",
        out,
        "--operations",
        "AssociateAddress",
        "--crate-name",
        "ec2-mini",
    ]);
    assert!(
        stderr.contains(&format!(
            "cargo xtask codegen --out {out} --operations AssociateAddress --crate-name ec2-mini"
        )),
        "{stderr}"
    );
}

#[test]
fn missing_model_file() {
    let stderr = assert_fails(&["codegen", "--model", "no/such/model.json", "--check"]);
    assert!(
        stderr.contains("cannot read the model") && stderr.contains("no/such/model.json"),
        "{stderr}"
    );
}

#[test]
fn malformed_model_file() {
    let scratch = Scratch::new("malformed");
    let model = scratch.path().join("model.json");
    let out = scratch.path().join("out");

    std::fs::write(&model, r#"{"smithy": "2.0", "shapes": {"#).unwrap();
    let stderr = assert_fails(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("cannot generate from") && stderr.contains("not valid JSON"),
        "{stderr}"
    );

    std::fs::write(
        &model,
        r#"{"smithy": "2.0", "shapes": {
            "ns#Svc": {"type": "service", "version": "1", "traits": {"aws.protocols#ec2Query": {}}},
            "ns#S": {"type": "structure", "members": {"m": {"target": "ns#X"}}},
            "ns#T": {"type": "thingamajig"}}}"#,
    )
    .unwrap();
    let stderr = assert_fails(&[
        "codegen",
        "--model",
        model.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    for expected in [
        "the model has 2 problems",
        "`ns#S$m`: target `ns#X` not found",
        "`ns#T`: unknown shape type `thingamajig`",
    ] {
        assert!(stderr.contains(expected), "{expected} not in:\n{stderr}");
    }
    assert!(!out.exists(), "nothing is written from a broken model");
}

#[test]
fn unknown_operation_name() {
    let scratch = Scratch::new("unknown-op");
    let stderr = assert_fails(&[
        "codegen",
        "--operations",
        "AssociateAddress,AssociateAdress",
        "--out",
        scratch.arg(),
    ]);
    assert!(
        stderr.contains("unknown operation `AssociateAdress`"),
        "{stderr}"
    );
    // The alternatives are listed.
    assert!(stderr.contains("AssociateAddress"), "{stderr}");
    assert!(
        std::fs::read_dir(scratch.path()).unwrap().next().is_none(),
        "nothing is written"
    );
}

#[test]
fn unwritable_output_directory() {
    let stderr = assert_fails(&["codegen", "--out", "/proc/forbidden"]);
    assert!(
        stderr.contains("cannot write the crate to `/proc/forbidden`"),
        "{stderr}"
    );
}

#[test]
fn bad_arguments() {
    let stderr = assert_fails(&["codegen", "--frobnicate"]);
    assert!(
        stderr.contains("unknown argument `--frobnicate`") && stderr.contains("usage:"),
        "{stderr}"
    );
    let stderr = assert_fails(&["codegen", "--out"]);
    assert!(stderr.contains("`--out` needs a value"), "{stderr}");
    let stderr = assert_fails(&["codegen", "--operations", " , "]);
    assert!(stderr.contains("at least one operation"), "{stderr}");
    let stderr = assert_fails(&["nonsense"]);
    assert!(stderr.contains("unknown command `nonsense`"), "{stderr}");
}
