//! `cargo xtask`: the project's command line. Argument parsing and file I/O
//! only; the generator itself is the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

mod e2e;
mod moto;

// Generation allocates and frees token trees, syntax trees and strings by the
// million; mimalloc does that in about a third of the time glibc's malloc takes
// (BENCHMARKS.md, "Generation").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask codegen [--model PATH] [--operations A,B,...] [--resources PATH] [--out DIR] [--crate-name NAME] [--operations-per-package N] [--check] [--force]
       cargo xtask protocol-tests [--operations-per-package N] [--suite PATH | --endpoint-suites]
                            generate a crate from the Smithy ec2Query compliance suite
                            (default ../shared/protocol-tests/ec2-query.json) into
                            target/protocol-tests and run its tests (against a split
                            crate with --operations-per-package); --endpoint-suites
                            runs the endpoint rule-set suites in ../shared/endpoint-tests
       cargo xtask demo     generate the crate, start a local moto server and make calls
                            against it with examples/client
       cargo xtask e2e      the end-to-end tests (examples/e2e) against a local moto server
                            (installed into target/moto-venv, or MOTO_PYTHON's)
       cargo xtask test     (everything CI runs: format, lints, freshness, tests, docs,
                            protocol tests, end-to-end tests)

  --model PATH        Smithy JSON AST model (default: models/ec2.json)
  --operations LIST   comma-separated operation names (default: every operation of the service)
  --resources PATH    boto3's resource model (resources-1.json): resource handles in src/resources.rs
  --out DIR           output crate directory (default: generated)
  --crate-name NAME   Cargo package name (default: from the service's sdkId)
  --operations-per-package N
                      split the crate into packages that build in parallel, N operations
                      to a package of operations (`0`: one package; default: split above
                      300 operations)
  --check             change nothing; fail if the output directory is not what would be generated
  --force             also write into a non-empty directory that holds no generated crate
                      (files the generator did not write are still never replaced or removed)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    match args.split_first() {
        Some((command, rest)) if command == "codegen" => codegen(CodegenArgs::parse(rest)?),
        Some((command, [])) if command == "test" => test_all(),
        Some((command, rest)) if command == "protocol-tests" => protocol_tests(rest),
        Some((command, [])) if command == "e2e" => e2e::e2e(&workspace_root()),
        Some((command, [])) if command == "demo" => e2e::demo(&workspace_root()),
        Some((command, _)) if command == "-h" || command == "--help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some((command, _)) => bail!("unknown command `{command}`\n\n{USAGE}"),
        None => bail!("no command given\n\n{USAGE}"),
    }
}

#[derive(Debug)]
struct CodegenArgs {
    model: PathBuf,
    out: PathBuf,
    operations: Option<Vec<String>>,
    resources: Option<PathBuf>,
    crate_name: Option<String>,
    packaging: codegen::Packaging,
    check: bool,
    force: bool,
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self> {
        let root = workspace_root();
        let mut parsed = CodegenArgs {
            model: root.join("models/ec2.json"),
            out: root.join("generated"),
            operations: None,
            resources: None,
            crate_name: None,
            packaging: codegen::Packaging::Automatic,
            check: false,
            force: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .with_context(|| format!("`{arg}` needs a value\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--model" => parsed.model = PathBuf::from(value()?),
                "--out" => parsed.out = PathBuf::from(value()?),
                "--crate-name" => parsed.crate_name = Some(value()?.clone()),
                "--resources" => parsed.resources = Some(PathBuf::from(value()?)),
                "--operations" => {
                    let names: Vec<String> = value()?
                        .split(',')
                        .map(str::trim)
                        .filter(|name| !name.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if names.is_empty() {
                        bail!("`--operations` needs at least one operation name");
                    }
                    parsed.operations = Some(names);
                }
                "--operations-per-package" => {
                    parsed.packaging = parse_packaging(value()?)?;
                }
                "--check" => parsed.check = true,
                "--force" => parsed.force = true,
                "-h" | "--help" => bail!("{USAGE}"),
                other => bail!("unknown argument `{other}`\n\n{USAGE}"),
            }
        }
        Ok(parsed)
    }
}

/// `--operations-per-package N`: `0` for one package.
fn parse_packaging(value: &str) -> Result<codegen::Packaging> {
    match value.parse::<usize>() {
        Ok(0) => Ok(codegen::Packaging::Single),
        Ok(count) => Ok(codegen::Packaging::OperationsPerPackage(count)),
        Err(_) => bail!("`--operations-per-package` needs a number, not `{value}`"),
    }
}

fn codegen(args: CodegenArgs) -> Result<ExitCode> {
    let model = std::fs::read_to_string(&args.model)
        .with_context(|| format!("cannot read the model `{}`", args.model.display()))?;
    let options = codegen::LowerOptions {
        package_name: args.crate_name.clone(),
        operations: args.operations.clone(),
        resources: args.resources.as_deref().map(read_resources).transpose()?,
        packaging: args.packaging,
    };
    let files = generate(&model, &options, &args.model)?;
    if args.check {
        let stale = codegen::output::stale_files(&args.out, &files)?;
        if stale.is_empty() {
            println!(
                "{} is up to date ({} files)",
                args.out.display(),
                files.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale:", args.out.display());
        for change in &stale {
            eprintln!("  {change}");
        }
        eprintln!("fix: cargo xtask codegen{}", regenerate_flags(&args));
        return Ok(ExitCode::FAILURE);
    }
    let options = codegen::output::WriteOptions { force: args.force };
    let survey = codegen::output::write_tree(&args.out, &files, options)?;
    println!(
        "generated {} files in {} ({} changed)",
        files.len(),
        args.out.display(),
        survey.stale.len()
    );
    if !survey.foreign.is_empty() {
        println!(
            "left alone {} file{} the generator did not write:",
            survey.foreign.len(),
            if survey.foreign.len() == 1 { "" } else { "s" }
        );
        for path in &survey.foreign {
            println!("  {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// boto3's resource model at `path`, parsed.
fn read_resources(path: &Path) -> Result<codegen::model::resources::ResourceModel> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the resource model `{}`", path.display()))?;
    codegen::model::resources::ResourceModel::from_json(&text)
        .with_context(|| format!("cannot read the resource model `{}`", path.display()))
}

/// The cargo that runs this xtask.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Generates the crate, printing the model's warnings.
fn generate(
    model: &str,
    options: &codegen::LowerOptions,
    model_path: &Path,
) -> Result<Vec<codegen::GeneratedFile>> {
    let generated = codegen::generate_crate(model, options)
        .with_context(|| format!("cannot generate from `{}`", model_path.display()))?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(generated.files)
}

/// The flags that regenerate what `--check` checked.
fn regenerate_flags(args: &CodegenArgs) -> String {
    let root = workspace_root();
    let mut flags = String::new();
    if args.model != root.join("models/ec2.json") {
        flags += &format!(" --model {}", args.model.display());
    }
    if args.out != root.join("generated") {
        flags += &format!(" --out {}", args.out.display());
    }
    if let Some(operations) = &args.operations {
        flags += &format!(" --operations {}", operations.join(","));
    }
    if let Some(name) = &args.crate_name {
        flags += &format!(" --crate-name {name}");
    }
    if let Some(resources) = &args.resources {
        flags += &format!(" --resources {}", resources.display());
    }
    match args.packaging {
        codegen::Packaging::Automatic => {}
        codegen::Packaging::Single => flags += " --operations-per-package 0",
        codegen::Packaging::OperationsPerPackage(count) => {
            flags += &format!(" --operations-per-package {count}");
        }
    }
    flags
}

/// Generates the compliance-suite crate and runs its tests, counting the
/// cases by kind.
fn protocol_tests(args: &[String]) -> Result<ExitCode> {
    let root = workspace_root();
    // `--operations-per-package N` runs the suite against a split crate.
    let (packaging, args) = match args {
        [flag, count, rest @ ..] if flag == "--operations-per-package" => {
            (parse_packaging(count)?, rest)
        }
        _ => (codegen::Packaging::Automatic, args),
    };
    let split_suffix = match packaging {
        codegen::Packaging::OperationsPerPackage(count) => format!("-split-{count}"),
        _ => String::new(),
    };
    let (suite, explicit) = match args {
        [] => (root.join("../shared/protocol-tests/ec2-query.json"), false),
        [flag, path] if flag == "--suite" => (PathBuf::from(path), true),
        [flag] if flag == "--endpoint-suites" => return endpoint_suites(),
        _ => bail!(
            "usage: cargo xtask protocol-tests [--operations-per-package N] [--suite PATH | --endpoint-suites]"
        ),
    };
    if !suite.exists() {
        if explicit {
            bail!("the suite `{}` does not exist", suite.display());
        }
        println!(
            "protocol tests skipped: the compliance suite `{}` is absent (it lives in ../shared beside the project; pass --suite PATH to use another copy)",
            suite.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let model = std::fs::read_to_string(&suite)
        .with_context(|| format!("cannot read the suite `{}`", suite.display()))?;
    // A suite given by path gets a crate directory of its own, so suites do
    // not overwrite each other's crate; they share one target directory.
    let (package_name, build_dir) = if explicit {
        let stem = suite_stem(&suite);
        let dir = root.join(format!("target/protocol-tests/suite-{stem}"));
        (format!("{stem}-suite"), dir)
    } else {
        (
            "ec2-protocol-tests".to_owned(),
            root.join(format!("target/protocol-tests{split_suffix}")),
        )
    };
    let target_dir = root.join("target/protocol-tests/target");
    let options = codegen::LowerOptions {
        package_name: Some(package_name),
        operations: None,
        resources: None,
        packaging,
    };
    let files = generate(&model, &options, &suite)?;
    codegen::output::write_tree(&build_dir.join("crate"), &files, Default::default())?;
    // Its own workspace, so the enclosing one does not claim the crate.
    std::fs::write(
        build_dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crate\"]\n",
    )?;
    println!(
        "generated the suite crate in {}",
        build_dir.join("crate").display()
    );

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(&cargo)
        .args([
            "test",
            "--quiet",
            "--lib",
            "--",
            "protocol_tests::",
            "endpoint_tests::",
            "--format=pretty",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CARGO_TARGET_DIR", &target_dir)
        .current_dir(&build_dir)
        .output()
        .context("cannot run cargo test on the suite crate")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let counts = SuiteCounts::from_test_output(&stdout);
    if !output.status.success() && counts.total() == 0 {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        bail!("the suite crate did not build or its tests did not run");
    }
    for line in stdout.lines().filter(|line| {
        line.contains("FAILED")
            || line.starts_with("protocol-test-note")
            || line.contains("panicked")
    }) {
        println!("  {line}");
    }
    for (kind, passed, failed, ignored) in counts.by_kind() {
        println!("{kind}: {passed} passed, {failed} failed, {ignored} skipped");
    }
    println!(
        "{} passed, {} failed, {} skipped",
        counts.passed(),
        counts.failed(),
        counts.ignored()
    );
    if counts.failed() > 0 || !output.status.success() {
        return Ok(ExitCode::FAILURE);
    }
    // The suite's shapes reach corners of the generator the EC2 excerpt does
    // not, so its crate must be as lint-free as the committed one.
    let lints = std::process::Command::new(&cargo)
        .args(["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", &target_dir)
        .current_dir(&build_dir)
        .status()
        .context("cannot run cargo clippy on the suite crate")?;
    if !lints.success() {
        eprintln!("error: the suite crate has lint warnings");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The endpoint rule-set suites beside the project (`../shared/endpoint-tests`).
const ENDPOINT_SUITES: [&str; 3] = ["ec2.json", "sts.json", "s3.json"];

/// Runs each endpoint rule-set suite that is present; absent ones are skipped
/// with a note, as the compliance suite is.
fn endpoint_suites() -> Result<ExitCode> {
    let directory = workspace_root().join("../shared/endpoint-tests");
    let mut failed = Vec::new();
    for name in ENDPOINT_SUITES {
        let suite = directory.join(name);
        if !suite.exists() {
            println!(
                "endpoint suite skipped: `{}` is absent (it lives in ../shared beside the project)",
                suite.display()
            );
            continue;
        }
        println!("==> endpoint suite {name}");
        let code = protocol_tests(&["--suite".to_owned(), suite.display().to_string()])?;
        if code != ExitCode::SUCCESS {
            failed.push(name);
        }
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("error: endpoint suites failed: {}", failed.join(", "));
    Ok(ExitCode::FAILURE)
}

/// A suite file's stem as a package-name part (`s3`, `ec2-query`).
fn suite_stem(suite: &Path) -> String {
    let stem = suite
        .file_stem()
        .map(|stem| stem.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    match stem.trim_matches('-') {
        "" => "suite".to_owned(),
        stem if stem.starts_with(|c: char| c.is_ascii_digit()) => format!("s{stem}"),
        stem => stem.to_owned(),
    }
}

/// Test outcomes from `cargo test` output, by case kind (the module the
/// generator puts each case in).
#[derive(Debug, Default)]
struct SuiteCounts {
    /// (kind, outcome) per case.
    outcomes: Vec<(&'static str, &'static str)>,
}

impl SuiteCounts {
    const KINDS: [&'static str; 3] = ["request", "response", "endpoint"];

    fn from_test_output(stdout: &str) -> Self {
        let outcomes = stdout
            .lines()
            .filter_map(|line| {
                let rest = line.strip_prefix("test ")?;
                let (name, outcome) = rest.rsplit_once(" ... ")?;
                let kind = Self::KINDS.into_iter().find(|kind| match *kind {
                    "endpoint" => name.contains("::endpoint_tests::"),
                    kind => name.contains(&format!("::protocol_tests::{kind}::")),
                })?;
                let outcome = match outcome.trim() {
                    "ok" => "passed",
                    "FAILED" => "failed",
                    text if text.starts_with("ignored") => "ignored",
                    _ => return None,
                };
                Some((kind, outcome))
            })
            .collect();
        SuiteCounts { outcomes }
    }

    fn count(&self, kind: Option<&str>, outcome: &str) -> usize {
        self.outcomes
            .iter()
            .filter(|(case_kind, case_outcome)| {
                kind.is_none_or(|kind| kind == *case_kind) && *case_outcome == outcome
            })
            .count()
    }

    fn by_kind(&self) -> Vec<(&'static str, usize, usize, usize)> {
        Self::KINDS
            .into_iter()
            .map(|kind| {
                (
                    kind,
                    self.count(Some(kind), "passed"),
                    self.count(Some(kind), "failed"),
                    self.count(Some(kind), "ignored"),
                )
            })
            .collect()
    }

    fn passed(&self) -> usize {
        self.count(None, "passed")
    }

    fn failed(&self) -> usize {
        self.count(None, "failed")
    }

    fn ignored(&self) -> usize {
        self.count(None, "ignored")
    }

    fn total(&self) -> usize {
        self.outcomes.len()
    }
}

/// One check of `cargo xtask test`: a cargo command and its environment.
struct Check {
    name: &'static str,
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

/// Every check CI runs, in order, stopping at the first failure.
const CHECKS: &[Check] = &[
    Check {
        name: "format",
        args: &["fmt", "--all", "--", "--check"],
        env: &[],
    },
    Check {
        name: "generated crate is fresh",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "codegen",
            "--check",
        ],
        env: &[],
    },
    Check {
        name: "lints",
        args: &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Check {
        name: "tests",
        args: &["test", "--workspace", "--all-targets"],
        // Snapshots are compared, never written: a new or changed snapshot fails.
        env: &[("INSTA_UPDATE", "no"), ("INSTA_FORCE_PASS", "0")],
    },
    Check {
        name: "doc tests",
        args: &["test", "--workspace", "--doc"],
        env: &[],
    },
    Check {
        name: "docs",
        args: &["doc", "--workspace", "--no-deps"],
        env: &[("RUSTDOCFLAGS", "-D warnings")],
    },
    Check {
        name: "protocol compliance suite",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "protocol-tests",
        ],
        env: &[],
    },
    Check {
        // The suite's crate split into packages of 10 operations: the split
        // layout (the whole EC2 API's) passes the same suite.
        name: "protocol compliance suite, split into packages",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "protocol-tests",
            "--operations-per-package",
            "10",
        ],
        env: &[],
    },
    Check {
        name: "endpoint rule-set suites",
        args: &[
            "run",
            "--quiet",
            "--package",
            "xtask",
            "--",
            "protocol-tests",
            "--endpoint-suites",
        ],
        env: &[],
    },
    Check {
        name: "end-to-end tests against moto",
        args: &["run", "--quiet", "--package", "xtask", "--", "e2e"],
        env: &[],
    },
];

fn test_all() -> Result<ExitCode> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for check in CHECKS {
        println!("==> {}: cargo {}", check.name, check.args.join(" "));
        let status = std::process::Command::new(&cargo)
            .args(check.args)
            .envs(check.env.iter().copied())
            .current_dir(&root)
            .status()
            .with_context(|| format!("cannot run cargo for `{}`", check.name))?;
        if !status.success() {
            eprintln!("error: `{}` failed ({status})", check.name);
            return Ok(ExitCode::FAILURE);
        }
    }
    println!("==> all checks passed");
    Ok(ExitCode::SUCCESS)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
