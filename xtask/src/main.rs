//! `cargo xtask`: the project's command line. Argument parsing and file I/O
//! only; the generator itself is the `codegen` library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

const USAGE: &str = "\
usage: cargo xtask codegen [--model PATH] [--operations A,B,...] [--out DIR] [--crate-name NAME] [--check]

  --model PATH        Smithy JSON AST model (default: models/ec2.json)
  --operations LIST   comma-separated operation names (default: every operation of the service)
  --out DIR           output crate directory (default: generated)
  --crate-name NAME   Cargo package name (default: from the service's sdkId)
  --check             change nothing; fail if the output directory is not what would be generated";

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
    crate_name: Option<String>,
    check: bool,
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self> {
        let root = workspace_root();
        let mut parsed = CodegenArgs {
            model: root.join("models/ec2.json"),
            out: root.join("generated"),
            operations: None,
            crate_name: None,
            check: false,
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
                "--check" => parsed.check = true,
                "-h" | "--help" => bail!("{USAGE}"),
                other => bail!("unknown argument `{other}`\n\n{USAGE}"),
            }
        }
        Ok(parsed)
    }
}

fn codegen(args: CodegenArgs) -> Result<ExitCode> {
    let model = std::fs::read_to_string(&args.model)
        .with_context(|| format!("cannot read the model `{}`", args.model.display()))?;
    let options = codegen::LowerOptions {
        package_name: args.crate_name.clone(),
        operations: args.operations.clone(),
    };
    let files = codegen::generate_crate(&model, &options)
        .with_context(|| format!("cannot generate from `{}`", args.model.display()))?;
    if args.check {
        let stale = codegen::output::stale_files(&args.out, &files)
            .with_context(|| format!("cannot read `{}`", args.out.display()))?;
        if stale.is_empty() {
            println!("{} is up to date ({} files)", args.out.display(), files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale:", args.out.display());
        for change in &stale {
            eprintln!("  {change}");
        }
        eprintln!("fix: cargo xtask codegen{}", regenerate_flags(&args));
        return Ok(ExitCode::FAILURE);
    }
    let changes = codegen::output::write_tree(&args.out, &files)
        .with_context(|| format!("cannot write the crate to `{}`", args.out.display()))?;
    println!(
        "generated {} files in {} ({} changed)",
        files.len(),
        args.out.display(),
        changes.len()
    );
    Ok(ExitCode::SUCCESS)
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
    flags
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
