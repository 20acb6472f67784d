//! The client against a real peer: `cargo xtask e2e` runs the end-to-end
//! tests (`examples/e2e`) against moto, and `cargo xtask demo` runs the demo
//! program (`examples/client`) against it.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::moto::{Moto, value_of};

/// What the end-to-end tests call: the four operations of `models/ec2.json`,
/// and those their setup, their checks, the paginators, waiters and resource
/// handles they try need. The crate also gets boto3's EC2 resources.
const E2E_OPERATIONS: &[&str] = &[
    "AssignPrivateIpAddresses",
    "AssignIpv6Addresses",
    "AssociateAddress",
    "AssociateIamInstanceProfile",
    "AllocateAddress",
    "CreateNetworkInterface",
    "CreateSubnet",
    "CreateVpc",
    "DescribeAddresses",
    "DescribeIamInstanceProfileAssociations",
    "DescribeImages",
    "DescribeInstances",
    "DescribeNetworkInterfaces",
    "DescribeVpcs",
    "RunInstances",
    "StartInstances",
    "StopInstances",
    "TerminateInstances",
];

/// Generates the test crate from the whole EC2 model, starts moto and runs
/// the tests with the environment pointing at it.
pub fn e2e(root: &Path) -> Result<ExitCode> {
    let model_path = root.join("../shared/models/ec2-full.derived.json");
    let Ok(model) = std::fs::read_to_string(&model_path) else {
        println!(
            "end-to-end tests skipped: the whole EC2 model `{}` is absent (it lives in ../shared beside the project)",
            model_path.display()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let options = codegen::LowerOptions {
        package_name: Some("ec2".to_owned()),
        operations: Some(
            E2E_OPERATIONS
                .iter()
                .map(|name| (*name).to_owned())
                .collect(),
        ),
        resources: Some(crate::read_resources(
            &root.join("../shared/resources/ec2-resources-1.json"),
        )?),
        packaging: Default::default(),
    };
    let files = crate::generate(&model, &options, &model_path)?;
    let crate_dir = root.join("target/e2e/ec2");
    codegen::output::write_tree(&crate_dir, &files, Default::default())?;
    println!(
        "generated {} operations into {}",
        E2E_OPERATIONS.len(),
        crate_dir.display()
    );

    let moto = Moto::start(root)?;
    let profile = moto.setup(&["instance-profile", "codegen-e2e"])?;
    let profile_arn = value_of(&profile, "ARN")?;
    let role_arn = value_of(&moto.setup(&["role", "codegen-e2e-assumed"])?, "ARN")?;

    let manifest = root.join("examples/e2e/Cargo.toml");
    let cargo = crate::cargo();
    let target_dir = root.join("target/e2e/target");
    let run = |subcommand: &str, args: &[&str]| -> Result<bool> {
        let status = Command::new(&cargo)
            .arg(subcommand)
            .arg("--manifest-path")
            .arg(&manifest)
            .args(args)
            .env("CARGO_TARGET_DIR", &target_dir)
            .envs(moto.environment())
            .env("E2E_INSTANCE_PROFILE_ARN", &profile_arn)
            .env("E2E_ROLE_ARN", &role_arn)
            .env_remove("AWS_PROFILE")
            .status()
            .with_context(|| format!("cannot run cargo {subcommand}"))?;
        Ok(status.success())
    };
    if !run("test", &["--quiet"])? {
        eprintln!("error: end-to-end tests against moto failed (moto's log: target/moto.log)");
        return Ok(ExitCode::FAILURE);
    }
    if !run(
        "clippy",
        &["--quiet", "--all-targets", "--", "-D", "warnings"],
    )? {
        eprintln!("error: the end-to-end tests have lint warnings");
        return Ok(ExitCode::FAILURE);
    }
    let format = Command::new(&cargo)
        .args(["fmt", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "--check"])
        .status()
        .context("cannot run cargo fmt")?;
    if !format.success() {
        eprintln!(
            "error: examples/e2e is not formatted (cargo fmt --manifest-path examples/e2e/Cargo.toml)"
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates `generated/`, starts moto, creates what the demo's calls act
/// on, and runs the demo program against it.
pub fn demo(root: &Path) -> Result<ExitCode> {
    let model_path = root.join("models/ec2.json");
    let model = std::fs::read_to_string(&model_path)
        .with_context(|| format!("cannot read the model `{}`", model_path.display()))?;
    let files = crate::generate(&model, &codegen::LowerOptions::default(), &model_path)?;
    let survey = codegen::output::write_tree(&root.join("generated"), &files, Default::default())?;
    println!(
        "generated {} files in generated/ ({} changed)",
        files.len(),
        survey.stale.len()
    );

    let moto = Moto::start(root)?;
    let resources = moto.setup(&["demo-resources"])?;
    println!("created the demo's resources in moto:");
    for (name, value) in &resources {
        println!("  {name}={value}");
    }
    println!("\n==> cargo run -p client-demo");
    let status = Command::new(crate::cargo())
        .args(["run", "--quiet", "--package", "client-demo"])
        .current_dir(root)
        .envs(moto.environment())
        .envs(
            resources
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        )
        .env_remove("AWS_PROFILE")
        .status()
        .context("cannot run the demo program")?;
    if !status.success() {
        bail!("the demo program failed ({status})");
    }
    Ok(ExitCode::SUCCESS)
}
