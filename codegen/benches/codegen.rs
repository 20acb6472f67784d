//! Wall time of the generator: the whole pipeline (`generate_crate`) and each
//! stage alone: parse + validate (`Model::from_json`), `lower`, and `emit`
//! (token streams, `syn` parse and `prettyplease` formatting).
//!
//! Two models: `small` is the project's 4-operation `models/ec2.json`; `full`
//! is the whole EC2 API, `../shared/models/ec2-full.derived.json` beside the
//! workspace (or the file named by `CODEGEN_BENCH_FULL_MODEL`). The `full`
//! benches are skipped, with a message, when that file is absent, and under
//! `cargo test` (where divan runs each bench once, unoptimised) unless
//! `CODEGEN_BENCH_FULL=1` is set.
//!
//! Run: `cargo bench -p codegen` (or `cargo bench -p codegen -- small` for one group).
//! Nothing here asserts on time.

use std::path::PathBuf;
use std::sync::OnceLock;

use codegen::LowerOptions;
use codegen::lower::CrateIr;
use codegen::model::Model;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

const SMALL_MODEL: &str = include_str!("../../models/ec2.json");

fn full_model_path() -> PathBuf {
    match std::env::var_os("CODEGEN_BENCH_FULL_MODEL") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/models/ec2-full.derived.json"),
    }
}

/// Whether divan was started to measure (`cargo bench`), not to test
/// (`cargo test --benches`, `cargo bench -- --test`); mirrors divan's own rule.
fn is_bench_run() -> bool {
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.iter().any(|arg| arg == "--bench") && !args.iter().any(|arg| arg == "--test")
}

/// Paths of the `full` benches, as divan names them (`codegen::full::lower`).
const FULL_BENCHES: &str = "(^|::)full::";

fn main() {
    let mut divan = divan::Divan::from_args();
    let path = full_model_path();
    if !path.is_file() {
        eprintln!(
            "note: skipping the `full` benches: {} not found (set CODEGEN_BENCH_FULL_MODEL)",
            path.display()
        );
        divan = divan.skip_regex(FULL_BENCHES);
    } else if !is_bench_run() && std::env::var_os("CODEGEN_BENCH_FULL").is_none() {
        eprintln!(
            "note: skipping the `full` benches in test mode (about a minute unoptimised); \
             set CODEGEN_BENCH_FULL=1 to run them"
        );
        divan = divan.skip_regex(FULL_BENCHES);
    }
    divan.main();
}

fn options() -> LowerOptions {
    LowerOptions::default()
}

fn parse_model(text: &str) -> Model {
    Model::from_json(text).expect("the model parses and validates")
}

fn lower_model(model: &Model) -> CrateIr {
    codegen::lower::lower(model, &options())
        .expect("the model lowers")
        .ir
}

/// The 4-operation model the project generates `generated/` from.
mod small {
    use super::*;

    fn model() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| parse_model(SMALL_MODEL))
    }

    fn ir() -> &'static CrateIr {
        static IR: OnceLock<CrateIr> = OnceLock::new();
        IR.get_or_init(|| lower_model(model()))
    }

    /// `generate_crate`: JSON text to formatted files.
    #[divan::bench]
    fn pipeline(bencher: Bencher) {
        bencher
            .counter(BytesCount::of_str(SMALL_MODEL))
            .bench(|| codegen::generate_crate(black_box(SMALL_MODEL), &options()).unwrap());
    }

    #[divan::bench]
    fn parse_validate(bencher: Bencher) {
        bencher
            .counter(BytesCount::of_str(SMALL_MODEL))
            .bench(|| parse_model(black_box(SMALL_MODEL)));
    }

    #[divan::bench]
    fn lower(bencher: Bencher) {
        let model = model();
        bencher.bench(|| lower_model(black_box(model)));
    }

    #[divan::bench]
    fn emit(bencher: Bencher) {
        let ir = ir();
        bencher.bench(|| codegen::generate(black_box(ir)).unwrap());
    }
}

/// The whole EC2 API (830 operations, 6.5 MB of JSON): seconds per run.
mod full {
    use super::*;

    fn text() -> &'static str {
        static TEXT: OnceLock<String> = OnceLock::new();
        TEXT.get_or_init(|| {
            let path = full_model_path();
            std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
        })
    }

    fn model() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| parse_model(text()))
    }

    fn ir() -> &'static CrateIr {
        static IR: OnceLock<CrateIr> = OnceLock::new();
        IR.get_or_init(|| lower_model(model()))
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn pipeline(bencher: Bencher) {
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| codegen::generate_crate(black_box(text), &options()).unwrap());
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn parse_validate(bencher: Bencher) {
        let text = text();
        bencher
            .counter(BytesCount::of_str(text))
            .bench(|| parse_model(black_box(text)));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn lower(bencher: Bencher) {
        let model = model();
        bencher.bench(|| lower_model(black_box(model)));
    }

    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn emit(bencher: Bencher) {
        let ir = ir();
        bencher.bench(|| codegen::generate(black_box(ir)).unwrap());
    }
}
