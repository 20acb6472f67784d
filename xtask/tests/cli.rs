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

    // A generated file the generator no longer writes.
    std::fs::write(
        scratch.path().join("src/extra.rs"),
        format!("{}\n", codegen::emit::GENERATED_HEADER),
    )
    .unwrap();
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(
        stderr.contains("no longer generated: src/extra.rs"),
        "{stderr}"
    );
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
        stderr.contains("cannot create `/proc/forbidden"),
        "the error names the path that failed:\n{stderr}"
    );
}

/// Runs git in `dir`, failing the test when git fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .unwrap_or_else(|error| panic!("cannot run git {args:?}: {error}"));
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "git {args:?}: {stdout}\n{stderr}");
    stdout
}

/// Every file under `dir` with its contents, `.git/` included.
fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// A user's project: a git repository with a program and notes, committed.
fn user_project(scratch: &Scratch) -> PathBuf {
    let project = scratch.path().join("my-app");
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(project.join("NOTES.txt"), "my notes\n").unwrap();
    git(&project, &["init", "--quiet"]);
    git(&project, &["add", "."]);
    git(&project, &["commit", "--quiet", "-m", "my work"]);
    project
}

#[test]
fn refuses_to_write_into_a_project_it_did_not_generate() {
    let scratch = Scratch::new("user-project");
    let project = user_project(&scratch);
    let before = snapshot_tree(&project);
    let stderr = assert_fails(&["codegen", "--out", project.to_str().unwrap()]);
    assert!(
        stderr.contains(&format!("`{}` is not empty", project.display()))
            && stderr.contains("--force"),
        "the error names the directory and the way out:\n{stderr}"
    );
    assert_eq!(snapshot_tree(&project), before, "nothing was touched");
    // `--check` writes nothing either way.
    assert_fails(&["codegen", "--check", "--out", project.to_str().unwrap()]);
    assert_eq!(snapshot_tree(&project), before);
}

#[test]
fn force_writes_beside_the_users_files_and_never_removes_them() {
    let scratch = Scratch::new("user-project-force");
    let project = user_project(&scratch);
    let out = project.to_str().unwrap();
    let stdout = assert_succeeds(&["codegen", "--out", out, "--force"]);
    assert!(stdout.contains("left alone 2 files"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(project.join("src/main.rs")).unwrap(),
        "fn main() {}\n"
    );
    assert_eq!(
        std::fs::read_to_string(project.join("NOTES.txt")).unwrap(),
        "my notes\n"
    );
    assert!(project.join("src/lib.rs").is_file());
    // The repository is intact: its history is there and it sees the new files as new.
    assert!(git(&project, &["log", "--oneline"]).contains("my work"));
    let status = git(&project, &["status", "--porcelain"]);
    assert!(status.contains("?? Cargo.toml"), "{status}");
    assert!(
        !status.contains("main.rs") && !status.contains("NOTES.txt"),
        "{status}"
    );

    // Now it is a generated crate: no --force needed, and the user's files stay.
    let stdout = assert_succeeds(&["codegen", "--out", out]);
    assert!(stdout.contains("(0 changed)"), "{stdout}");
    // `--check` names only the generated files.
    let lib = project.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{original}// a hand edit\n")).unwrap();
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(stderr.contains("changed: src/lib.rs"), "{stderr}");
    for user_file in ["main.rs", "NOTES.txt", ".git"] {
        assert!(!stderr.contains(user_file), "{user_file} in:\n{stderr}");
    }

    // Fewer operations: generated files that are no longer written go, the user's stay.
    let stdout = assert_succeeds(&["codegen", "--out", out, "--operations", "AssociateAddress"]);
    assert!(
        !project
            .join("src/operation/assign_ipv6_addresses.rs")
            .exists(),
        "{stdout}"
    );
    assert!(project.join("src/main.rs").is_file() && project.join("NOTES.txt").is_file());
    assert!(git(&project, &["log", "--oneline"]).contains("my work"));
}

#[test]
fn a_hand_added_file_survives_regeneration_and_is_reported_once() {
    let scratch = Scratch::new("hand-added");
    let out = scratch.arg();
    assert_succeeds(&["codegen", "--out", out]);
    let notes = scratch.path().join("src/my_notes.rs");
    std::fs::write(&notes, "// mine\n").unwrap();
    let stdout = assert_succeeds(&["codegen", "--out", out]);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "// mine\n");
    assert_eq!(stdout.matches("src/my_notes.rs").count(), 1, "{stdout}");
    assert!(
        stdout.contains("left alone 1 file the generator did not write"),
        "{stdout}"
    );
    // It is not the generator's business: the tree is up to date.
    let stdout = assert_succeeds(&["codegen", "--check", "--out", out]);
    assert!(stdout.contains("is up to date"), "{stdout}");
}

#[test]
fn a_users_file_where_a_generated_one_goes_is_never_replaced() {
    let scratch = Scratch::new("in-the-way");
    let out = scratch.arg();
    assert_succeeds(&["codegen", "--out", out]);
    // The user took over a generated file: without the header it is theirs.
    let readme = scratch.path().join("README.md");
    std::fs::write(&readme, "# my readme\n").unwrap();
    let lib = scratch.path().join("src/lib.rs");
    let lib_before = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{lib_before}// edited\n")).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["codegen", "--out", out];
        args.extend_from_slice(extra);
        let stderr = assert_fails(&args);
        assert!(
            stderr.contains("in the way") && stderr.contains("README.md"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&readme).unwrap(), "# my readme\n");
        // Nothing at all was written.
        assert!(
            std::fs::read_to_string(&lib)
                .unwrap()
                .ends_with("// edited\n")
        );
    }
    let stderr = assert_fails(&["codegen", "--check", "--out", out]);
    assert!(stderr.contains("in the way: README.md"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_written_through() {
    let scratch = Scratch::new("symlink");
    let out = scratch.path().join("crate");
    let out_arg = out.to_str().unwrap();
    assert_succeeds(&["codegen", "--out", out_arg]);
    let outside = scratch.path().join("precious.txt");
    std::fs::write(&outside, "precious\n").unwrap();
    std::fs::remove_file(out.join("README.md")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("README.md")).unwrap();
    let stderr = assert_fails(&["codegen", "--out", out_arg]);
    assert!(stderr.contains("README.md"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious\n");
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

/// A suite with request cases only still builds, runs and lints (its crate
/// uses only some of the assertion helpers).
#[test]
fn protocol_tests_run_a_suite_with_request_cases_only() {
    let scratch = Scratch::new("request-only-suite");
    let suite = scratch.path().join("request_only.json");
    std::fs::write(
        &suite,
        r#"{"smithy": "2.0", "shapes": {
            "ns#Svc": {"type": "service", "version": "2020-01-01",
                "operations": [{"target": "ns#Ping"}],
                "traits": {"aws.protocols#ec2Query": {}}},
            "ns#Ping": {"type": "operation", "input": {"target": "ns#PingInput"},
                "traits": {"smithy.test#httpRequestTests": [{
                    "id": "PingSendsItsName", "protocol": "aws.protocols#ec2Query",
                    "method": "POST", "uri": "/", "body": "Action=Ping&Version=2020-01-01&Name=n",
                    "bodyMediaType": "application/x-www-form-urlencoded",
                    "params": {"Name": "n"}}]}},
            "ns#PingInput": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}}
        }}"#,
    )
    .unwrap();
    let stdout = assert_succeeds(&["protocol-tests", "--suite", suite.to_str().unwrap()]);
    assert!(stdout.contains("request: 1 passed, 0 failed"), "{stdout}");
    assert!(stdout.contains("response: 0 passed, 0 failed"), "{stdout}");
}
