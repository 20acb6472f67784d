//! Broken models are reported, never panicked on: every problem at once, each
//! naming the shape (and member) at fault and what is wrong with it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use codegen::model::{ModelError, ModelErrors};
use codegen::{Error, Generated, LowerOptions};

/// A valid one-operation ec2Query service in namespace `ns`.
const BASE: &[(&str, &str)] = &[
    (
        "ns#Svc",
        r#"{"type":"service","version":"2020-01-01",
            "operations":[{"target":"ns#Op"}],
            "traits":{"aws.protocols#ec2Query":{}}}"#,
    ),
    (
        "ns#Op",
        r#"{"type":"operation","input":{"target":"ns#OpInput"},"output":{"target":"ns#OpOutput"}}"#,
    ),
    (
        "ns#OpInput",
        r#"{"type":"structure","members":{"Name":{"target":"smithy.api#String"}}}"#,
    ),
    ("ns#OpOutput", r#"{"type":"structure","members":{}}"#),
];

/// A model of the base shapes, with `changes` replacing shapes of the same id
/// and adding the others (a value of `""` removes the shape).
fn model(changes: &[(&str, &str)]) -> String {
    let mut shapes: Vec<(&str, &str)> = BASE.to_vec();
    for (id, json) in changes {
        match shapes.iter_mut().find(|(existing, _)| existing == id) {
            Some(entry) => entry.1 = json,
            None => shapes.push((id, json)),
        }
    }
    let shapes: Vec<String> = shapes
        .iter()
        .filter(|(_, json)| !json.is_empty())
        .map(|(id, json)| format!("{id:?}: {json}"))
        .collect();
    format!(
        r#"{{"smithy": "2.0", "shapes": {{{}}}}}"#,
        shapes.join(",\n")
    )
}

/// Generates, asserting the generator returns instead of panicking.
fn generate(json: &str, options: &LowerOptions) -> Result<Generated, Error> {
    catch_unwind(AssertUnwindSafe(|| codegen::generate_crate(json, options)))
        .unwrap_or_else(|_| panic!("the generator panicked on:\n{json}"))
}

/// The model errors of generating `json`; fails the test on success, a panic
/// or an emit error.
fn errors_with(json: &str, options: &LowerOptions) -> ModelErrors {
    match generate(json, options) {
        Ok(_) => panic!("generation succeeded, but the model is broken:\n{json}"),
        Err(Error::Model(errors)) => {
            assert!(!errors.0.is_empty(), "an error without problems");
            let text = errors.to_string();
            assert!(
                text.starts_with(&format!("the model has {} problem", errors.0.len())),
                "{text}"
            );
            errors
        }
        Err(Error::Emit(error)) => panic!("a model problem reported as a generator bug: {error}"),
    }
}

fn model_errors(json: &str) -> ModelErrors {
    errors_with(json, &LowerOptions::default())
}

/// The one error of `errors`, asserting there is exactly one.
fn single(errors: &ModelErrors) -> &ModelError {
    assert_eq!(errors.0.len(), 1, "expected one problem, got:\n{errors}");
    &errors.0[0]
}

/// Asserts some problem is located at `location` and its message contains
/// every one of `parts`; also that the Display text shows both.
fn assert_problem(errors: &ModelErrors, location: Option<&str>, parts: &[&str]) {
    let found = errors.0.iter().any(|error| {
        error.location.as_deref() == location
            && parts.iter().all(|part| error.message.contains(part))
    });
    assert!(
        found,
        "no problem at {location:?} mentioning {parts:?} in:\n{errors}"
    );
    let text = errors.to_string();
    if let Some(location) = location {
        assert!(text.contains(&format!("`{location}`")), "{text}");
    }
}

#[test]
fn the_base_model_is_valid() {
    let files = generate(&model(&[]), &LowerOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
        .files;
    assert!(
        files
            .iter()
            .any(|file| file.path == Path::new("src/operation/op.rs"))
    );
}

#[test]
fn invalid_json() {
    let errors = model_errors(r#"{"smithy": "2.0", "shapes": {"#);
    let error = single(&errors);
    assert_eq!(error.location, None);
    assert!(error.message.contains("not valid JSON"), "{errors}");
    // serde_json's position, so the user can find the spot.
    assert!(error.message.contains("line 1"), "{errors}");
}

#[test]
fn not_an_object() {
    for json in ["[]", "\"model\"", "42", "null"] {
        let errors = model_errors(json);
        assert!(
            single(&errors).message.contains("must be a JSON object"),
            "{json}: {errors}"
        );
    }
}

#[test]
fn missing_smithy_version() {
    let json = model(&[]).replacen(r#""smithy": "2.0", "#, "", 1);
    let errors = model_errors(&json);
    assert_problem(&errors, None, &["missing", "`smithy`"]);
}

#[test]
fn unknown_shape_type() {
    let errors = model_errors(&model(&[("ns#Thing", r#"{"type":"thingamajig"}"#)]));
    assert_problem(
        &errors,
        Some("ns#Thing"),
        &["unknown shape type", "`thingamajig`"],
    );
}

#[test]
fn missing_shape_type() {
    let errors = model_errors(&model(&[("ns#Thing", r#"{"members":{}}"#)]));
    assert_problem(&errors, Some("ns#Thing"), &["missing", "`type`"]);
}

#[test]
fn member_target_not_found() {
    let errors = model_errors(&model(&[(
        "ns#OpInput",
        r#"{"type":"structure","members":{"m":{"target":"ns#X"}}}"#,
    )]));
    let error = single(&errors);
    assert_eq!(error.location.as_deref(), Some("ns#OpInput$m"));
    assert!(
        error.message.contains("ns#X") && error.message.contains("not found"),
        "{errors}"
    );
    assert!(
        errors
            .to_string()
            .contains("`ns#OpInput$m`: target `ns#X` not found"),
        "{errors}"
    );
}

#[test]
fn member_target_with_the_wrong_json_type() {
    for target in ["3", "null", r#"["ns#X"]"#, r#"{"id":"ns#X"}"#] {
        let errors = model_errors(&model(&[(
            "ns#OpInput",
            &format!(r#"{{"type":"structure","members":{{"m":{{"target":{target}}}}}}}"#),
        )]));
        assert_problem(&errors, Some("ns#OpInput$m"), &["`target`", "string"]);
    }
}

#[test]
fn trait_with_the_wrong_json_type() {
    let errors = model_errors(&model(&[(
        "ns#OpInput",
        r#"{"type":"structure","members":{
            "m":{"target":"smithy.api#String","traits":{"smithy.api#documentation":42}}},
            "traits":{"smithy.api#documentation":["not", "a", "string"]}}"#,
    )]));
    assert_eq!(errors.0.len(), 2, "{errors}");
    for location in ["ns#OpInput", "ns#OpInput$m"] {
        assert_problem(
            &errors,
            Some(location),
            &["`smithy.api#documentation`", "must be a string"],
        );
    }
}

#[test]
fn bad_timestamp_format() {
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{"At":{"target":"ns#When",
                "traits":{"smithy.api#timestampFormat":"iso-8601"}}}}"#,
        ),
        ("ns#When", r#"{"type":"timestamp"}"#),
    ]));
    assert_problem(
        &errors,
        Some("ns#OpInput$At"),
        &["smithy.api#timestampFormat", "`iso-8601`", "date-time"],
    );
}

#[test]
fn enum_with_duplicate_values() {
    let errors = model_errors(&model(&[(
        "ns#Size",
        r#"{"type":"enum","members":{
            "SMALL":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"s"}},
            "LITTLE":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"s"}}}}"#,
    )]));
    let error = single(&errors);
    assert_eq!(
        error.location.as_deref(),
        Some("ns#Size$LITTLE"),
        "{errors}"
    );
    assert!(
        error.message.contains("`s`") && error.message.contains("`SMALL`"),
        "{errors}"
    );
}

#[test]
fn int_enum_without_integer_values() {
    let errors = model_errors(&model(&[(
        "ns#Level",
        r#"{"type":"intEnum","members":{
            "LOW":{"target":"smithy.api#Unit"},
            "HIGH":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"2"}}}}"#,
    )]));
    assert_eq!(errors.0.len(), 2, "{errors}");
    for location in ["ns#Level$HIGH", "ns#Level$LOW"] {
        assert_problem(&errors, Some(location), &["intEnum", "integer"]);
    }
}

#[test]
fn map_key_targeting_an_integer() {
    let errors = model_errors(&model(&[(
        "ns#Counts",
        r#"{"type":"map","key":{"target":"smithy.api#Integer"},"value":{"target":"smithy.api#String"}}"#,
    )]));
    let error = single(&errors);
    assert_eq!(error.location.as_deref(), Some("ns#Counts$key"), "{errors}");
    assert!(
        error.message.contains("smithy.api#Integer") && error.message.contains("string"),
        "{errors}"
    );
}

#[test]
fn operation_input_that_is_not_a_structure() {
    let errors = model_errors(&model(&[(
        "ns#Op",
        r#"{"type":"operation","input":{"target":"smithy.api#String"}}"#,
    )]));
    assert_problem(
        &errors,
        Some("ns#Op"),
        &["input", "`smithy.api#String`", "string", "not a structure"],
    );
}

#[test]
fn service_without_version() {
    let errors = model_errors(&model(&[(
        "ns#Svc",
        r#"{"type":"service","operations":[{"target":"ns#Op"}],
            "traits":{"aws.protocols#ec2Query":{}}}"#,
    )]));
    assert_problem(&errors, Some("ns#Svc"), &["`version`"]);
}

#[test]
fn service_without_the_ec2_query_trait() {
    let errors = model_errors(&model(&[(
        "ns#Svc",
        r#"{"type":"service","version":"1","operations":[{"target":"ns#Op"}],
            "traits":{"aws.protocols#awsQuery":{}}}"#,
    )]));
    assert_problem(&errors, Some("ns#Svc"), &["aws.protocols#ec2Query"]);
}

#[test]
fn several_services() {
    let errors = model_errors(&model(&[(
        "ns#Other",
        r#"{"type":"service","version":"1","traits":{"aws.protocols#ec2Query":{}}}"#,
    )]));
    let error = single(&errors);
    assert!(
        error.message.contains("several services")
            && error.message.contains("`ns#Other`")
            && error.message.contains("`ns#Svc`"),
        "{errors}"
    );
}

#[test]
fn no_service() {
    let errors = model_errors(&model(&[("ns#Svc", "")]));
    assert!(single(&errors).message.contains("no service"), "{errors}");
    let errors = errors_with(r#"{"smithy":"2.0"}"#, &LowerOptions::default());
    assert!(single(&errors).message.contains("no service"), "{errors}");
}

#[test]
fn unknown_operation_name_lists_the_alternatives() {
    let json = model(&[
        (
            "ns#Svc",
            r#"{"type":"service","version":"1",
                "operations":[{"target":"ns#Op"},{"target":"ns#DescribeThings"}],
                "traits":{"aws.protocols#ec2Query":{}}}"#,
        ),
        ("ns#DescribeThings", r#"{"type":"operation"}"#),
    ]);
    let options = |names: &[&str]| LowerOptions {
        package_name: None,
        operations: Some(names.iter().map(|name| (*name).to_owned()).collect()),
        resources: None,
        packaging: Default::default(),
    };
    let errors = errors_with(&json, &options(&["DescribeThing"]));
    assert_problem(&errors, None, &["`DescribeThing`", "DescribeThings", "Op"]);
    // A case slip suggests the right spelling.
    let errors = errors_with(&json, &options(&["describethings", "Op"]));
    assert_problem(&errors, None, &["`describethings`", "DescribeThings"]);
    // Every unknown name is reported.
    let errors = errors_with(&json, &options(&["Nope", "Op", "Neither"]));
    assert_eq!(errors.0.len(), 2, "{errors}");
    assert_problem(&errors, None, &["`Nope`"]);
    assert_problem(&errors, None, &["`Neither`"]);
}

#[test]
fn shape_names_clashing_case_insensitively_in_one_service() {
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "A":{"target":"ns#Foo"},"B":{"target":"other#foo"}}}"#,
        ),
        ("ns#Foo", r#"{"type":"structure","members":{}}"#),
        ("other#foo", r#"{"type":"structure","members":{}}"#),
    ]));
    let error = single(&errors);
    let text = errors.to_string();
    assert!(
        text.contains("ns#Foo") && text.contains("other#foo"),
        "{text}"
    );
    assert!(error.message.contains("clash"), "{text}");
}

#[test]
fn document_shape_reachable_from_an_operation() {
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{"Blob":{"target":"ns#Doc"}}}"#,
        ),
        ("ns#Doc", r#"{"type":"document"}"#),
    ]));
    let text = errors.to_string();
    assert!(
        text.contains("ns#Doc") && text.contains("document"),
        "{text}"
    );
    assert!(text.contains("ec2Query"), "{text}");
}

#[test]
fn an_unreachable_document_shape_is_fine() {
    let json = model(&[("ns#Doc", r#"{"type":"document"}"#)]);
    generate(&json, &LowerOptions::default()).unwrap_or_else(|error| panic!("{error}"));
}

#[test]
fn member_names_differing_only_in_case() {
    let errors = model_errors(&model(&[(
        "ns#OpInput",
        r#"{"type":"structure","members":{
            "dryRun":{"target":"smithy.api#Boolean"},"DryRun":{"target":"smithy.api#Boolean"}}}"#,
    )]));
    let error = single(&errors);
    // Members keep model order, so the second one is at fault.
    assert_eq!(
        error.location.as_deref(),
        Some("ns#OpInput$DryRun"),
        "{errors}"
    );
    assert!(
        error.message.contains("`dryRun`") && error.message.contains("case"),
        "{errors}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    // Three problems found while reading the shapes.
    let errors = model_errors(&model(&[
        ("ns#Thing", r#"{"type":"thingamajig"}"#),
        ("ns#Untyped", r#"{}"#),
        (
            "ns#Documented",
            r#"{"type":"string","traits":{"smithy.api#documentation":1}}"#,
        ),
    ]));
    assert_eq!(errors.0.len(), 3, "{errors}");
    assert!(
        errors.to_string().starts_with("the model has 3 problems:"),
        "{errors}"
    );
    // Three problems found while checking references and values.
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{"m":{"target":"ns#X"}}}"#,
        ),
        (
            "ns#Size",
            r#"{"type":"enum","members":{
                "A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}},
                "B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}}}}"#,
        ),
        (
            "ns#Counts",
            r#"{"type":"map","key":{"target":"smithy.api#Integer"},"value":{"target":"smithy.api#String"}}"#,
        ),
    ]));
    assert_eq!(errors.0.len(), 3, "{errors}");
    for location in ["ns#OpInput$m", "ns#Size$B", "ns#Counts$key"] {
        assert_problem(&errors, Some(location), &[]);
    }
    // A shape that does not parse does not hide the problems of the others,
    // nor is it reported again as a missing target.
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "m":{"target":"ns#X"},"t":{"target":"ns#Thing"}}}"#,
        ),
        ("ns#Thing", r#"{"type":"thingamajig"}"#),
        (
            "ns#Size",
            r#"{"type":"enum","members":{
                "A":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}},
                "B":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"a"}}}}"#,
        ),
    ]));
    assert_eq!(errors.0.len(), 3, "{errors}");
    assert_problem(&errors, Some("ns#Thing"), &["unknown shape type"]);
    assert_problem(&errors, Some("ns#OpInput$m"), &["`ns#X`", "not found"]);
    assert_problem(&errors, Some("ns#Size$B"), &["`a`"]);
    // Problems of the service and its closure, all at once.
    let errors = model_errors(&model(&[
        (
            "ns#Svc",
            r#"{"type":"service","version":"1","operations":[{"target":"ns#Op"}]}"#,
        ),
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "A":{"target":"ns#Foo"},"B":{"target":"other#foo"},"C":{"target":"ns#Doc"}}}"#,
        ),
        ("ns#Foo", r#"{"type":"structure","members":{}}"#),
        ("other#foo", r#"{"type":"structure","members":{}}"#),
        ("ns#Doc", r#"{"type":"document"}"#),
    ]));
    assert_eq!(errors.0.len(), 3, "{errors}");
    assert_problem(&errors, Some("ns#Svc"), &["ec2Query"]);
    assert_problem(&errors, Some("ns#Foo"), &["`other#foo`"]);
    assert_problem(&errors, Some("ns#Doc"), &["document"]);
}

#[test]
fn collections_that_contain_themselves() {
    // Smithy allows recursion only through a structure or union; these have
    // no finite type (and once overflowed the generator's stack).
    let errors = model_errors(&model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "l":{"target":"ns#Nested"},"m":{"target":"ns#Tree"},"n":{"target":"ns#Ping"}}}"#,
        ),
        (
            "ns#Nested",
            r#"{"type":"list","member":{"target":"ns#Nested"}}"#,
        ),
        (
            "ns#Tree",
            r#"{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"ns#Tree"}}"#,
        ),
        (
            "ns#Ping",
            r#"{"type":"list","member":{"target":"ns#Pong"}}"#,
        ),
        (
            "ns#Pong",
            r#"{"type":"map","key":{"target":"smithy.api#String"},"value":{"target":"ns#Ping"}}"#,
        ),
    ]));
    assert_eq!(errors.0.len(), 4, "{errors}");
    assert_problem(&errors, Some("ns#Nested"), &["list", "contain itself"]);
    assert_problem(&errors, Some("ns#Tree"), &["map", "contain itself"]);
    assert_problem(&errors, Some("ns#Ping"), &["contain itself"]);
    assert_problem(&errors, Some("ns#Pong"), &["contain itself"]);
}

#[test]
fn recursion_through_structures_and_unions_is_fine() {
    let json = model(&[
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "Self":{"target":"ns#OpInput"},"List":{"target":"ns#Items"},"U":{"target":"ns#U"}}}"#,
        ),
        (
            "ns#Items",
            r#"{"type":"list","member":{"target":"ns#OpInput"}}"#,
        ),
        (
            "ns#U",
            r#"{"type":"union","members":{"a":{"target":"ns#U"},"b":{"target":"ns#Items"}}}"#,
        ),
    ]);
    generate(&json, &LowerOptions::default()).unwrap_or_else(|error| panic!("{error}"));
}

fn ec2_model() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/ec2.json");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn operations_select_only_their_transitive_closure() {
    let options = LowerOptions {
        package_name: None,
        operations: Some(vec!["AssociateAddress".to_owned()]),
        resources: None,
        packaging: Default::default(),
    };
    let files = generate(&ec2_model(), &options)
        .unwrap_or_else(|error| panic!("{error}"))
        .files;
    let paths: Vec<String> = files
        .iter()
        .map(|file| file.path.display().to_string())
        .collect();
    assert!(
        paths
            .iter()
            .any(|path| path == "src/operation/associate_address.rs"),
        "{paths:#?}"
    );
    let strays: Vec<&String> = paths
        .iter()
        .filter(|path| {
            path.starts_with("src/types/iam_instance_profile")
                || path.starts_with("src/operation/assign")
                || path.starts_with("src/operation/associate_iam")
        })
        .collect();
    assert!(
        strays.is_empty(),
        "outside AssociateAddress's closure: {strays:#?}"
    );
    // The full generation has them, so the test above is not vacuous.
    let all = generate(&ec2_model(), &LowerOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
        .files;
    assert!(all.iter().any(|file| file.path.starts_with("src/types")
        && file.path.to_string_lossy().contains("iam_instance_profile")));
}

#[test]
fn every_truncation_of_the_model_is_an_error_not_a_panic() {
    let text = ec2_model();
    // Without trailing whitespace, so no cut leaves a complete document.
    let end = text.trim_end().len();
    const CUTS: usize = 200;
    for step in 0..CUTS {
        let mut cut = step * end / CUTS;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        let prefix = &text[..cut];
        let result = catch_unwind(AssertUnwindSafe(|| {
            codegen::generate_crate(prefix, &LowerOptions::default())
        }));
        match result {
            Err(_) => panic!("the generator panicked on the first {cut} bytes of models/ec2.json"),
            Ok(Ok(_)) => panic!("the first {cut} bytes of models/ec2.json generated a crate"),
            Ok(Err(Error::Model(errors))) => assert!(
                !errors.0.is_empty() && errors.to_string().contains("not valid JSON"),
                "cut at {cut}: {errors}"
            ),
            Ok(Err(Error::Emit(error))) => panic!("cut at {cut}: {error}"),
        }
    }
}

/// The base model with `examples` on the operation and richer shapes to
/// check them against.
fn model_with_examples(examples: &str) -> String {
    let operation = format!(
        r#"{{"type":"operation","input":{{"target":"ns#OpInput"}},"output":{{"target":"ns#OpOutput"}},
            "traits":{{"smithy.api#examples":{examples}}}}}"#
    );
    model(&[
        ("ns#Op", &operation),
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "Name":{"target":"smithy.api#String"},
                "Count":{"target":"smithy.api#Integer"},
                "Color":{"target":"ns#Color"},
                "Inner":{"target":"ns#Inner"}}}"#,
        ),
        (
            "ns#Inner",
            r#"{"type":"structure","members":{"Sizes":{"target":"ns#Sizes"}}}"#,
        ),
        (
            "ns#Sizes",
            r#"{"type":"list","member":{"target":"smithy.api#Integer"}}"#,
        ),
        (
            "ns#Color",
            r#"{"type":"enum","members":{"RED":{"target":"smithy.api#Unit","traits":{"smithy.api#enumValue":"red"}}}}"#,
        ),
    ])
}

/// The warnings of a model that generates.
fn warnings(json: &str) -> Vec<ModelError> {
    generate(json, &LowerOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
        .warnings
}

#[test]
fn examples_that_fit_give_no_warning_and_a_doctest() {
    let json = model_with_examples(
        r#"[{"title":"Fits","input":{"Name":"n","Count":3,"Color":"red","Inner":{"Sizes":[1,2]}}}]"#,
    );
    let generated = generate(&json, &LowerOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let module = generated
        .files
        .iter()
        .find(|file| file.path == Path::new("src/operation/op.rs"))
        .expect("the operation module");
    for expected in [".count(3)", "svc::types::Color::Red", ".sizes(1).sizes(2)"] {
        assert!(
            module.contents.contains(expected),
            "{expected} not in:\n{}",
            module.contents
        );
    }
}

#[test]
fn examples_that_do_not_fit_are_warnings_naming_the_member_path() {
    let cases = [
        (
            r#"{"title":"No such member","input":{"Nmae":"x"}}"#,
            &[
                "example `No such member`",
                "`input.Nmae`",
                "`ns#OpInput` has no such member",
            ][..],
        ),
        (
            r#"{"title":"Wrong type","input":{"Inner":{"Sizes":[1,"100"]}}}"#,
            &[
                "`input.Inner.Sizes[1]`",
                "expected an integer, found the string \"100\"",
            ][..],
        ),
        (
            r#"{"title":"Unknown enum value","input":{"Color":"blue"}}"#,
            &[
                "`input.Color`",
                "\"blue\" is not a value of the enum `ns#Color`",
            ][..],
        ),
        (
            r#"{"title":"Bad output","input":{},"output":{"Missing":1}}"#,
            &["`output.Missing`", "`ns#OpOutput` has no such member"][..],
        ),
        (r#"{"input":{}}"#, &["example #0", "no string `title`"][..]),
    ];
    for (example, parts) in cases {
        let json = model_with_examples(&format!("[{example}]"));
        let found = warnings(&json);
        assert_eq!(found.len(), 1, "{example}: {found:?}");
        let warning = &found[0];
        assert_eq!(warning.location.as_deref(), Some("ns#Op"), "{example}");
        for part in parts {
            assert!(warning.message.contains(part), "{part} not in {warning}");
        }
        assert!(
            warning.message.contains("left out of the docs"),
            "{warning}"
        );
        // A warning is not an error: the crate generates, without that example.
        let generated = generate(&json, &LowerOptions::default()).unwrap();
        let module = generated
            .files
            .iter()
            .find(|file| file.path == Path::new("src/operation/op.rs"))
            .unwrap();
        assert!(
            !module.contents.contains("# Examples"),
            "{}",
            module.contents
        );
    }
}

/// The base model with compliance `cases` of `trait_id` on the operation.
fn model_with_cases(trait_id: &str, cases: &str) -> String {
    let operation = format!(
        r#"{{"type":"operation","input":{{"target":"ns#OpInput"}},"output":{{"target":"ns#OpOutput"}},
            "traits":{{"{trait_id}":{cases}}}}}"#
    );
    model(&[("ns#Op", &operation)])
}

#[test]
fn malformed_compliance_cases_are_errors_naming_the_case() {
    let request = "smithy.test#httpRequestTests";
    let response = "smithy.test#httpResponseTests";
    let cases = [
        (
            request,
            r#"[{"id":"WrongParam","protocol":"p","method":"POST","uri":"/","params":{"Nope":1}}]"#,
            &["case `WrongParam`", "`params.Nope`", "no such member"][..],
        ),
        (
            request,
            r#"[{"id":"WrongType","protocol":"p","method":"POST","uri":"/","params":{"Name":7}}]"#,
            &[
                "case `WrongType`",
                "`params.Name`",
                "expected a string, found the number 7",
            ][..],
        ),
        (
            request,
            r#"[{"id":"NoUri","protocol":"p","method":"POST"}]"#,
            &["case `NoUri`", "no `uri`"][..],
        ),
        (
            request,
            r#"[{"protocol":"p","method":"POST","uri":"/"}]"#,
            &["case #0", "no `id`"][..],
        ),
        (
            request,
            r#"[{"id":"BadHeaders","protocol":"p","method":"POST","uri":"/","headers":{"X":1}}]"#,
            &["case `BadHeaders`", "header `X` must be a string"][..],
        ),
        (
            response,
            r#"[{"id":"NoCode","protocol":"p"}]"#,
            &["case `NoCode`", "no `code`"][..],
        ),
        (
            response,
            r#"[{"id":"BadCode","protocol":"p","code":9999}]"#,
            &["case `BadCode`", "HTTP status code"][..],
        ),
        (
            request,
            r#"["not a case"]"#,
            &["case #0", "not an object"][..],
        ),
    ];
    for (trait_id, case, parts) in cases {
        let errors = model_errors(&model_with_cases(trait_id, case));
        let error = single(&errors);
        assert_eq!(error.location.as_deref(), Some("ns#Op"), "{errors}");
        for part in parts {
            assert!(error.message.contains(part), "{part} not in {errors}");
        }
    }
}

#[test]
fn every_malformed_case_is_reported_at_once() {
    let json = model_with_cases(
        "smithy.test#httpRequestTests",
        r#"[{"id":"A","protocol":"p","method":"POST"},
            {"id":"B","protocol":"p","method":"POST","uri":"/","params":{"Nope":1}},
            {"id":"Fine","protocol":"p","method":"POST","uri":"/"}]"#,
    );
    let errors = model_errors(&json);
    assert_eq!(errors.0.len(), 2, "{errors}");
    assert_problem(&errors, Some("ns#Op"), &["case `A`"]);
    assert_problem(&errors, Some("ns#Op"), &["case `B`"]);
}

#[test]
fn a_default_that_does_not_fit_its_member_is_an_error() {
    let json = model(&[(
        "ns#OpInput",
        r#"{"type":"structure","members":{
            "Count":{"target":"smithy.api#Integer","traits":{"smithy.api#default":"ten"}},
            "Flag":{"target":"smithy.api#Boolean","traits":{"smithy.api#default":1}},
            "Small":{"target":"smithy.api#Byte","traits":{"smithy.api#default":300}},
            "Fine":{"target":"smithy.api#Integer","traits":{"smithy.api#default":10}}}}"#,
    )]);
    let errors = model_errors(&json);
    assert_eq!(errors.0.len(), 3, "{errors}");
    assert_problem(
        &errors,
        Some("ns#OpInput$Count"),
        &["default `\"ten\"`", "not a value of the member's type"],
    );
    assert_problem(&errors, Some("ns#OpInput$Flag"), &["default `1`"]);
    assert_problem(&errors, Some("ns#OpInput$Small"), &["default `300`"]);
}

#[test]
fn lowering_reports_problems_of_every_operation_and_type_at_once() {
    let json = model(&[
        (
            "ns#Svc",
            r#"{"type":"service","version":"2020-01-01",
                "operations":[{"target":"ns#Op"},{"target":"ns#Op2"}],
                "traits":{"aws.protocols#ec2Query":{}}}"#,
        ),
        (
            "ns#OpInput",
            r#"{"type":"structure","members":{
                "A":{"target":"smithy.api#Integer","traits":{"smithy.api#default":"x"}},
                "B":{"target":"smithy.api#Boolean","traits":{"smithy.api#default":"y"}}}}"#,
        ),
        (
            "ns#Op2",
            r#"{"type":"operation","input":{"target":"ns#Op2Input"},
                "traits":{"smithy.test#httpRequestTests":[{"id":"Broken","protocol":"p"}]}}"#,
        ),
        (
            "ns#Op2Input",
            r#"{"type":"structure","members":{"S":{"target":"ns#Shared"}}}"#,
        ),
        (
            "ns#Shared",
            r#"{"type":"structure","members":{"C":{"target":"smithy.api#Long","traits":{"smithy.api#default":[]}}}}"#,
        ),
    ]);
    let errors = model_errors(&json);
    assert_problem(&errors, Some("ns#OpInput$A"), &["default"]);
    assert_problem(&errors, Some("ns#OpInput$B"), &["default"]);
    assert_problem(&errors, Some("ns#Shared$C"), &["default"]);
    assert_problem(&errors, Some("ns#Op2"), &["case `Broken`"]);
    assert_eq!(errors.0.len(), 4, "{errors}");
}

#[test]
fn structures_that_contain_themselves_through_required_members_only() {
    let json = model(&[
        (
            "ns#OpOutput",
            r#"{"type":"structure","members":{"A":{"target":"ns#A"}}}"#,
        ),
        (
            "ns#A",
            r#"{"type":"structure","members":{"B":{"target":"ns#B","traits":{"smithy.api#required":{}}}}}"#,
        ),
        (
            "ns#B",
            r#"{"type":"structure","members":{"A":{"target":"ns#A","traits":{"smithy.api#required":{}}}}}"#,
        ),
        // An optional member breaks the cycle: fine.
        (
            "ns#C",
            r#"{"type":"structure","members":{"C":{"target":"ns#C"}}}"#,
        ),
    ]);
    let errors = model_errors(&json);
    assert_eq!(errors.0.len(), 2, "{errors}");
    assert_problem(&errors, Some("ns#A"), &["required members only"]);
    assert_problem(&errors, Some("ns#B"), &["required members only"]);
}

#[test]
fn a_paginated_trait_that_does_not_fit_the_operation_names_each_problem() {
    let input = r#"{"type":"structure","members":{
        "Token":{"target":"smithy.api#Integer"},
        "Size":{"target":"smithy.api#String"},
        "Owner":{"target":"smithy.api#String","traits":{"smithy.api#required":{}}}}}"#;
    let output = r#"{"type":"structure","members":{
        "Page":{"target":"ns#Page"},
        "Count":{"target":"smithy.api#Integer"}}}"#;
    let page = r#"{"type":"structure","members":{"Next":{"target":"smithy.api#Integer"}}}"#;
    let op = |paginated: &str| {
        format!(
            r#"{{"type":"operation","input":{{"target":"ns#OpInput"}},"output":{{"target":"ns#OpOutput"}},
                "traits":{{"smithy.api#paginated":{paginated}}}}}"#
        )
    };
    let wrong = op(
        r#"{"inputToken":"Token","outputToken":"Page.Next","items":"Count.Things","pageSize":"Size"}"#,
    );
    let errors = model_errors(&model(&[
        ("ns#Op", &wrong),
        ("ns#OpInput", input),
        ("ns#OpOutput", output),
        ("ns#Page", page),
    ]));
    assert_eq!(errors.0.len(), 4, "{errors}");
    let at = Some("ns#Op");
    assert_problem(&errors, at, &["inputToken `Token`", "must target a string"]);
    assert_problem(
        &errors,
        at,
        &["outputToken `Page.Next`", "must end in a string"],
    );
    assert_problem(
        &errors,
        at,
        &["items `Count.Things`", "`Count` is not a structure"],
    );
    assert_problem(&errors, at, &["pageSize `Size`", "must target an integer"]);

    let missing = op(r#"{"inputToken":"Owner","outputToken":"Page.Gone"}"#);
    let errors = model_errors(&model(&[
        ("ns#Op", &missing),
        ("ns#OpInput", input),
        ("ns#OpOutput", output),
        ("ns#Page", page),
    ]));
    assert_eq!(errors.0.len(), 2, "{errors}");
    assert_problem(&errors, at, &["`Owner` must not be required"]);
    assert_problem(&errors, at, &["`Gone` is not a member of `Page`"]);

    // Neither the operation nor the service names the tokens.
    let errors = model_errors(&model(&[("ns#Op", &op("{}"))]));
    assert_problem(&errors, at, &["has no `inputToken`"]);
    assert_problem(&errors, at, &["has no `outputToken`"]);

    let errors = model_errors(&model(&[("ns#Op", &op(r#"{"items": 3}"#))]));
    assert_problem(&errors, at, &["needs `items` to be a string"]);
}

#[test]
fn a_waiter_path_that_cannot_be_typed_names_the_waiter_acceptor_and_path() {
    let op = r#"{"type":"operation","input":{"target":"ns#OpInput"},"output":{"target":"ns#OpOutput"},
        "traits":{"smithy.waiters#waitable":{
            "Ready":{"acceptors":[
                {"state":"success","matcher":{"output":{"path":"Items[].Missing","expected":"x","comparator":"allStringEquals"}}},
                {"state":"success","matcher":{"output":{"path":"Count","expected":"x","comparator":"stringEquals"}}},
                {"state":"failure","matcher":{"output":{"path":"Items[].Name == `1`","expected":"true","comparator":"booleanEquals"}}},
                {"state":"retry","matcher":{"output":{"path":"sort(Items)","expected":"x","comparator":"stringEquals"}}}
            ]},
            "Parsed":{"acceptors":[
                {"state":"success","matcher":{"output":{"path":"Items[0:2]","expected":"x","comparator":"stringEquals"}}}
            ]}}}}"#;
    let output = r#"{"type":"structure","members":{
        "Items":{"target":"ns#Items"},
        "Count":{"target":"smithy.api#Integer"}}}"#;
    let errors = model_errors(&model(&[
        ("ns#Op", op),
        ("ns#OpOutput", output),
        (
            "ns#Items",
            r#"{"type":"list","member":{"target":"ns#Item"}}"#,
        ),
        (
            "ns#Item",
            r#"{"type":"structure","members":{"Name":{"target":"smithy.api#String"}}}"#,
        ),
    ]));
    assert_eq!(errors.0.len(), 5, "{errors}");
    let at = Some("ns#Op");
    assert_problem(
        &errors,
        at,
        &[
            "waiter `Ready`: acceptor 0: path `Items[].Missing`",
            "`Missing` is not a member of `Item`",
        ],
    );
    assert_problem(
        &errors,
        at,
        &[
            "acceptor 1: path `Count`",
            "`stringEquals` needs a string",
            "a number",
        ],
    );
    assert_problem(
        &errors,
        at,
        &[
            "acceptor 2",
            "cannot compare a projection of a string with a number",
        ],
    );
    assert_problem(
        &errors,
        at,
        &["acceptor 3", "the function `sort` is not supported"],
    );
    assert_problem(
        &errors,
        at,
        &[
            "waiter `Parsed`: acceptor 0: path `Items[0:2]`",
            "slices are not supported",
        ],
    );
}
