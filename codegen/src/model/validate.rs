//! Whole-model checks run once after parsing: every reference resolves to a
//! shape of the right kind, enum values are present and distinct, member names
//! do not clash.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    EnumValue, Member, Model, ModelError, ModelErrors, Shape, ShapeId, ShapeKind, SimpleType,
    prelude,
};

/// `broken` shapes are defined by the document but did not parse (already
/// reported): references to them are not reported as missing.
pub(super) fn validate(model: &Model, broken: &BTreeSet<ShapeId>) -> Result<(), ModelErrors> {
    let mut errors = Vec::new();
    for shape in model.shapes() {
        check_members_resolve(model, broken, shape, &mut errors);
        check_member_names(shape, &mut errors);
        check_references(model, broken, shape, &mut errors);
        check_collection_recursion(model, shape, &mut errors);
        check_required_recursion(model, shape, &mut errors);
        match &shape.kind {
            ShapeKind::Enum(members) => check_enum(shape, members, &mut errors),
            ShapeKind::IntEnum(members) => check_int_enum(shape, members, &mut errors),
            ShapeKind::Map { key, .. } => check_map_key(model, key, &mut errors),
            _ => {}
        }
    }
    ModelErrors::into_result(errors)
}

/// Shape names must be unique case-insensitively within what one service
/// generates (Smithy's own rule for a service closure).
pub fn check_closure_names(model: &Model, closure: &BTreeSet<ShapeId>) -> Result<(), ModelErrors> {
    let mut by_name: BTreeMap<String, Vec<&ShapeId>> = BTreeMap::new();
    for id in closure {
        let is_prelude = id.namespace() == "smithy.api";
        let is_simple = matches!(
            model.shape(id).map(|shape| &shape.kind),
            Some(ShapeKind::Simple(_))
        );
        // Simple shapes become Rust primitives, so their names never meet.
        if !is_prelude && !is_simple {
            by_name
                .entry(id.name().to_lowercase())
                .or_default()
                .push(id);
        }
    }
    let errors = by_name
        .into_values()
        .filter(|ids| ids.len() > 1)
        .map(|ids| {
            let others: Vec<String> = ids[1..].iter().map(|id| format!("`{id}`")).collect();
            ModelError::at(
                ids[0],
                format!("shape name clashes with {}", others.join(", ")),
            )
        })
        .collect();
    ModelErrors::into_result(errors)
}

fn check_members_resolve(
    model: &Model,
    broken: &BTreeSet<ShapeId>,
    shape: &Shape,
    errors: &mut Vec<ModelError>,
) {
    for member in shape.kind.members() {
        let is_enum = matches!(shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_));
        match model.shape(&member.target) {
            None if broken.contains(&member.target) => {}
            None => errors.push(ModelError::at(
                &member.id,
                format!("target `{}` not found", member.target),
            )),
            Some(_) if is_enum => {
                if member.target.to_string() != prelude::UNIT {
                    errors.push(ModelError::at(
                        &member.id,
                        format!("an enum member must target `{}`", prelude::UNIT),
                    ));
                }
            }
            Some(target) => {
                if matches!(
                    target.kind,
                    ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_)
                ) {
                    errors.push(ModelError::at(
                        &member.id,
                        format!(
                            "target `{}` is a {}, which a member cannot target",
                            member.target,
                            target.kind.type_name()
                        ),
                    ));
                }
            }
        }
    }
}

/// Smithy forbids member names that differ only in case.
fn check_member_names(shape: &Shape, errors: &mut Vec<ModelError>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for member in shape.kind.members() {
        if let Some(first) = seen.insert(member.name.to_lowercase(), &member.name) {
            errors.push(ModelError::at(
                &member.id,
                format!("member name clashes with `{first}` (names must differ in more than case)"),
            ));
        }
    }
}

fn check_references(
    model: &Model,
    broken: &BTreeSet<ShapeId>,
    shape: &Shape,
    errors: &mut Vec<ModelError>,
) {
    let mut expect = |id: &ShapeId, role: &str, wanted: fn(&ShapeKind) -> bool, kind: &str| {
        match model.shape(id) {
            None if broken.contains(id) => {}
            None => errors.push(ModelError::at(
                &shape.id,
                format!("{role} `{id}` not found"),
            )),
            Some(target) if !wanted(&target.kind) => errors.push(ModelError::at(
                &shape.id,
                format!(
                    "{role} `{id}` is a {}, not a {kind}",
                    target.kind.type_name()
                ),
            )),
            Some(_) => {}
        }
    };
    let is_structure = |kind: &ShapeKind| matches!(kind, ShapeKind::Structure(_));
    let is_operation = |kind: &ShapeKind| matches!(kind, ShapeKind::Operation(_));
    let is_resource = |kind: &ShapeKind| matches!(kind, ShapeKind::Resource(_));
    match &shape.kind {
        ShapeKind::Operation(operation) => {
            if let Some(input) = &operation.input {
                expect(input, "input", is_structure, "structure");
            }
            if let Some(output) = &operation.output {
                expect(output, "output", is_structure, "structure");
            }
            for error in &operation.errors {
                expect(error, "error", is_structure, "structure");
            }
        }
        ShapeKind::Service(service) => {
            for operation in &service.operations {
                expect(operation, "operation", is_operation, "operation");
            }
            for resource in &service.resources {
                expect(resource, "resource", is_resource, "resource");
            }
            for error in &service.errors {
                expect(error, "error", is_structure, "structure");
            }
        }
        ShapeKind::Resource(resource) => {
            for operation in &resource.operations {
                expect(operation, "operation", is_operation, "operation");
            }
            for child in &resource.resources {
                expect(child, "resource", is_resource, "resource");
            }
        }
        _ => {}
    }
    for error in shape_errors(&shape.kind) {
        if let Some(target) = model.shape(error) {
            if target.traits.error().is_none() {
                errors.push(ModelError::at(
                    &shape.id,
                    format!("error `{error}` lacks the `smithy.api#error` trait"),
                ));
            }
        }
    }
}

/// Smithy forbids a list or map that contains itself without a structure or
/// union in between: it would have no finite Rust type.
fn check_collection_recursion(model: &Model, shape: &Shape, errors: &mut Vec<ModelError>) {
    let is_collection =
        |kind: &ShapeKind| matches!(kind, ShapeKind::List(_) | ShapeKind::Map { .. });
    if !is_collection(&shape.kind) {
        return;
    }
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&ShapeId> = shape.kind.members().map(|member| &member.target).collect();
    while let Some(id) = pending.pop() {
        if *id == shape.id {
            errors.push(ModelError::at(
                &shape.id,
                format!(
                    "a {} cannot contain itself except through a structure or union",
                    shape.kind.type_name()
                ),
            ));
            return;
        }
        match model.shape(id) {
            Some(target) if is_collection(&target.kind) && seen.insert(id) => {
                pending.extend(target.kind.members().map(|member| &member.target));
            }
            _ => {}
        }
    }
}

/// Smithy forbids a structure that contains itself through required members
/// only: no value of it could ever be built (or be given to a response that
/// leaves such a member out).
fn check_required_recursion(model: &Model, shape: &Shape, errors: &mut Vec<ModelError>) {
    let required_structure_targets = |shape: &'_ Shape| -> Vec<ShapeId> {
        match &shape.kind {
            ShapeKind::Structure(members) => members
                .iter()
                .filter(|member| member.traits.is_required() && !member.traits.is_client_optional())
                .map(|member| member.target.clone())
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut seen = BTreeSet::new();
    let mut pending = required_structure_targets(shape);
    while let Some(id) = pending.pop() {
        if id == shape.id {
            errors.push(ModelError::at(
                &shape.id,
                "the structure contains itself through required members only, so no value of it can exist",
            ));
            return;
        }
        if let Some(target) = model.shape(&id) {
            if seen.insert(id) {
                pending.extend(required_structure_targets(target));
            }
        }
    }
}

fn shape_errors(kind: &ShapeKind) -> &[ShapeId] {
    match kind {
        ShapeKind::Operation(operation) => &operation.errors,
        ShapeKind::Service(service) => &service.errors,
        _ => &[],
    }
}

fn check_enum(shape: &Shape, members: &[Member], errors: &mut Vec<ModelError>) {
    if members.is_empty() {
        errors.push(ModelError::at(
            &shape.id,
            "an enum needs at least one member",
        ));
    }
    let mut seen = BTreeMap::new();
    for member in members {
        let value = match member.traits.enum_value() {
            None => member.name.clone(),
            Some(EnumValue::String(value)) => value.to_owned(),
            Some(EnumValue::Int(_)) => {
                errors.push(ModelError::at(&member.id, "enum values must be strings"));
                continue;
            }
        };
        if let Some(first) = seen.insert(value.clone(), &member.name) {
            errors.push(ModelError::at(
                &member.id,
                format!("enum value `{value}` is also the value of `{first}`"),
            ));
        }
    }
}

fn check_int_enum(shape: &Shape, members: &[Member], errors: &mut Vec<ModelError>) {
    if members.is_empty() {
        errors.push(ModelError::at(
            &shape.id,
            "an intEnum needs at least one member",
        ));
    }
    let mut seen = BTreeMap::new();
    for member in members {
        let value = match member.traits.enum_value() {
            Some(EnumValue::Int(value)) if i32::try_from(value).is_ok() => value,
            Some(EnumValue::Int(value)) => {
                errors.push(ModelError::at(
                    &member.id,
                    format!("intEnum value {value} does not fit in an integer"),
                ));
                continue;
            }
            _ => {
                errors.push(ModelError::at(
                    &member.id,
                    "an intEnum member needs an integer `smithy.api#enumValue`",
                ));
                continue;
            }
        };
        if let Some(first) = seen.insert(value, &member.name) {
            errors.push(ModelError::at(
                &member.id,
                format!("intEnum value {value} is also the value of `{first}`"),
            ));
        }
    }
}

fn check_map_key(model: &Model, key: &Member, errors: &mut Vec<ModelError>) {
    let is_string_like = matches!(
        model.shape(&key.target).map(|target| &target.kind),
        Some(ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_)) | None
    );
    if !is_string_like {
        errors.push(ModelError::at(
            &key.id,
            format!("map key `{}` must target a string or an enum", key.target),
        ));
    }
}
