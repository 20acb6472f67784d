//! The committed `generated/` crate is exactly what the generator writes from
//! `models/ec2.json`: nobody edits it by hand, and nobody forgets to regenerate.

use std::path::Path;

#[test]
fn generated_crate_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let model = std::fs::read_to_string(root.join("models/ec2.json")).expect("models/ec2.json");
    let generated = codegen::generate_crate(&model, &codegen::LowerOptions::default())
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(
        generated.warnings.is_empty(),
        "models/ec2.json gives warnings: {:?}",
        generated.warnings
    );
    let files = generated.files;
    let stale =
        codegen::output::stale_files(&root.join("generated"), &files).expect("read generated/");
    let report: Vec<String> = stale.iter().map(ToString::to_string).collect();
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`:\n  {}",
        report.join("\n  ")
    );
}
