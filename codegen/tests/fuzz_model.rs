//! No model can make the generator's front half panic: loading, validation
//! and lowering either succeed or return `ModelErrors`, each error naming
//! something and saying something.
//!
//! * arbitrary JSON documents, and documents shaped like Smithy models
//!   (`smithy`, `shapes`, shape types, members, targets, traits) with
//!   arbitrary contents;
//! * structural mutations of every fixture model and of `models/ec2.json`:
//!   keys removed, values replaced by values of other JSON types, targets
//!   pointed elsewhere, traits added with arbitrary values, shapes removed
//!   or duplicated under other names;
//! * text mutations of the same models (byte flips, truncation, inserted and
//!   deleted ranges).
//!
//! Each property runs `PROPTEST_CASES` cases (256 by default; the closing
//! note of the change that added this file reports the runs made with more).
//! A panic fails the property with proptest's shrunk input.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::LowerOptions;
use codegen::model::Model;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use serde_json::{Map, Value, json};

/// How many inputs went through the generator, over every property.
static INPUTS: AtomicUsize = AtomicUsize::new(0);

/// Loads, validates and lowers `text`; any failure must be model errors that
/// each say something.
fn load_and_lower(text: &str) {
    INPUTS.fetch_add(1, Ordering::Relaxed);
    let model = match Model::from_json(text) {
        Ok(model) => model,
        Err(errors) => return assert_meaningful(&errors),
    };
    if let Err(errors) = codegen::lower::lower(&model, &LowerOptions::default()) {
        assert_meaningful(&errors);
    }
}

fn assert_meaningful(errors: &codegen::model::ModelErrors) {
    assert!(!errors.0.is_empty(), "an error without problems");
    for error in &errors.0 {
        assert!(
            !error.message.trim().is_empty(),
            "an empty message: {error:?}"
        );
    }
    assert!(!errors.to_string().is_empty());
}

fn config() -> Config {
    Config {
        // A failure is a panic already reported; no need to persist it.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every fixture model and `models/ec2.json`, as text.
fn seed_models() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("../models/ec2.json")];
    let fixtures = root.join("tests/fixtures");
    let mut fixture_paths: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("the fixtures directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    fixture_paths.sort();
    paths.extend(fixture_paths);
    paths
        .iter()
        .map(|path| {
            std::fs::read_to_string(path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Arbitrary documents
// ---------------------------------------------------------------------------

/// Strings that mean something to a Smithy loader, and some that do not.
fn smithy_word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("smithy.api#String".to_owned()),
        Just("smithy.api#Integer".to_owned()),
        Just("smithy.api#Unit".to_owned()),
        Just("smithy.api#Document".to_owned()),
        Just("ns#A".to_owned()),
        Just("ns#B".to_owned()),
        Just("ns#Svc".to_owned()),
        Just("ns#A$m".to_owned()),
        Just("structure".to_owned()),
        Just("union".to_owned()),
        Just("list".to_owned()),
        Just("map".to_owned()),
        Just("enum".to_owned()),
        Just("intEnum".to_owned()),
        Just("operation".to_owned()),
        Just("service".to_owned()),
        Just("resource".to_owned()),
        Just("timestamp".to_owned()),
        Just("2.0".to_owned()),
        "[a-zA-Z#$.]{0,12}",
        any::<String>(),
    ]
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|number| json!(number)),
        smithy_word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((smithy_key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn smithy_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_owned()),
        Just("target".to_owned()),
        Just("member".to_owned()),
        Just("members".to_owned()),
        Just("key".to_owned()),
        Just("value".to_owned()),
        Just("traits".to_owned()),
        Just("input".to_owned()),
        Just("output".to_owned()),
        Just("errors".to_owned()),
        Just("operations".to_owned()),
        Just("resources".to_owned()),
        Just("version".to_owned()),
        Just("smithy.api#required".to_owned()),
        Just("smithy.api#default".to_owned()),
        Just("smithy.api#examples".to_owned()),
        Just("smithy.test#httpRequestTests".to_owned()),
        Just("smithy.rules#endpointRuleSet".to_owned()),
        Just("aws.protocols#ec2Query".to_owned()),
        smithy_word(),
    ]
}

/// A document with the outline of a Smithy model and arbitrary insides.
fn model_shaped_json() -> impl Strategy<Value = Value> {
    let shape = (smithy_word(), arbitrary_json(), arbitrary_json()).prop_map(
        |(shape_type, members, traits)| json!({"type": shape_type, "members": members, "traits": traits}),
    );
    prop::collection::vec((smithy_word(), shape), 0..8).prop_map(|shapes| {
        let mut all: Map<String, Value> = shapes.into_iter().collect();
        all.insert(
            "ns#Svc".to_owned(),
            json!({"type": "service", "version": "1", "operations": [{"target": "ns#A"}],
                   "traits": {"aws.protocols#ec2Query": {}}}),
        );
        json!({"smithy": "2.0", "shapes": all})
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_json_is_an_error_or_a_model(document in arbitrary_json()) {
        load_and_lower(&document.to_string());
    }

    #[test]
    fn model_shaped_json_is_an_error_or_a_model(document in model_shaped_json()) {
        load_and_lower(&document.to_string());
    }

    #[test]
    fn arbitrary_text_is_an_error(text in any::<String>()) {
        load_and_lower(&text);
    }
}

// ---------------------------------------------------------------------------
// Mutations of real models
// ---------------------------------------------------------------------------

/// One structural change to a JSON document, at a place picked by `at`.
#[derive(Clone, Debug)]
enum Mutation {
    RemoveKey(Index),
    ReplaceValue(Index, Value),
    Retarget(Index, String),
    AddTrait(Index, String, Value),
    DuplicateShape(Index, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::RemoveKey),
        (any::<Index>(), arbitrary_json())
            .prop_map(|(at, value)| Mutation::ReplaceValue(at, value)),
        (any::<Index>(), smithy_word()).prop_map(|(at, target)| Mutation::Retarget(at, target)),
        (any::<Index>(), smithy_key(), arbitrary_json())
            .prop_map(|(at, id, value)| Mutation::AddTrait(at, id, value)),
        (any::<Index>(), smithy_word()).prop_map(|(at, name)| Mutation::DuplicateShape(at, name)),
    ]
}

/// Every object in `value`, depth first (paths of keys and indexes).
fn object_paths(value: &Value, path: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match value {
        Value::Object(entries) => {
            out.push(path.clone());
            for (key, child) in entries {
                path.push(PathStep::Key(key.clone()));
                object_paths(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(PathStep::Index(index));
                object_paths(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn object_at<'v>(value: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Map<String, Value>> {
    let mut current = value;
    for step in path {
        current = match step {
            PathStep::Key(key) => current.get_mut(key)?,
            PathStep::Index(index) => current.get_mut(*index)?,
        };
    }
    current.as_object_mut()
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let mut paths = Vec::new();
    object_paths(document, &mut Vec::new(), &mut paths);
    let pick = |at: &Index| paths[at.index(paths.len())].clone();
    match mutation {
        Mutation::RemoveKey(at) => {
            if let Some(object) = object_at(document, &pick(at)) {
                if !object.is_empty() {
                    let key = object.keys().nth(at.index(object.len())).cloned();
                    if let Some(key) = key {
                        object.remove(&key);
                    }
                }
            }
        }
        Mutation::ReplaceValue(at, value) => {
            if let Some(object) = object_at(document, &pick(at)) {
                if !object.is_empty() {
                    let index = at.index(object.len());
                    if let Some((_, slot)) = object.iter_mut().nth(index) {
                        *slot = value.clone();
                    }
                }
            }
        }
        Mutation::Retarget(at, target) => {
            let targets: Vec<_> = paths
                .iter()
                .filter(|path| {
                    object_at(&mut document.clone(), path)
                        .is_some_and(|object| object.contains_key("target"))
                })
                .cloned()
                .collect();
            if !targets.is_empty() {
                let path = &targets[at.index(targets.len())];
                if let Some(object) = object_at(document, path) {
                    object.insert("target".to_owned(), Value::String(target.clone()));
                }
            }
        }
        Mutation::AddTrait(at, id, value) => {
            if let Some(object) = object_at(document, &pick(at)) {
                let traits = object
                    .entry("traits")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(traits) = traits.as_object_mut() {
                    traits.insert(id.clone(), value.clone());
                }
            }
        }
        Mutation::DuplicateShape(at, name) => {
            if let Some(shapes) = document.get_mut("shapes").and_then(Value::as_object_mut) {
                if !shapes.is_empty() {
                    let index = at.index(shapes.len());
                    if let Some(shape) = shapes.values().nth(index).cloned() {
                        shapes.insert(name.clone(), shape);
                    }
                }
            }
        }
    }
}

fn seeds() -> impl Strategy<Value = String> {
    prop::sample::select(seed_models())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_models_are_errors_or_models(
        seed in seeds(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut document: Value = serde_json::from_str(&seed).expect("the seed is JSON");
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        load_and_lower(&document.to_string());
    }

    #[test]
    fn text_mutations_of_models_are_errors_or_models(
        seed in seeds(),
        start in any::<Index>(),
        length in 0usize..64,
        insert in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut bytes = seed.into_bytes();
        let start = start.index(bytes.len() + 1);
        let end = (start + length).min(bytes.len());
        bytes.splice(start..end, insert);
        // The loader takes text; invalid UTF-8 never reaches it.
        let text = String::from_utf8_lossy(&bytes);
        load_and_lower(&text);
    }
}

/// Every seed also loads and lowers unchanged (so the mutations start from
/// models that work), and the count of inputs run is printed.
#[test]
fn seeds_are_valid_and_the_count_is_reported() {
    for seed in seed_models() {
        let model = Model::from_json(&seed).unwrap_or_else(|errors| panic!("{errors}"));
        codegen::lower::lower(&model, &LowerOptions::default())
            .unwrap_or_else(|errors| panic!("{errors}"));
    }
    eprintln!(
        "fuzz_model: {} inputs so far in this process (properties run in parallel; see each \
         property's case count)",
        INPUTS.load(Ordering::Relaxed)
    );
}
