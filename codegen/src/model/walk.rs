//! Walks over the shape graph: a service's operations and the transitive
//! closure of a set of operations.

use std::collections::BTreeSet;

use super::{Model, ModelError, ModelErrors, Service, ShapeId, ShapeKind};

/// Operations bound to `service`, directly or through its resources, in model
/// order without repeats.
pub(super) fn service_operations(model: &Model, service: &Service) -> Vec<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut operations = Vec::new();
    let mut pending_resources: Vec<&ShapeId> = service.resources.iter().rev().collect();
    for id in &service.operations {
        if seen.insert(id.clone()) {
            operations.push(id.clone());
        }
    }
    let mut visited_resources = BTreeSet::new();
    while let Some(resource_id) = pending_resources.pop() {
        if !visited_resources.insert(resource_id) {
            continue;
        }
        if let Some(ShapeKind::Resource(resource)) = model.shape(resource_id).map(|s| &s.kind) {
            for id in &resource.operations {
                if seen.insert(id.clone()) {
                    operations.push(id.clone());
                }
            }
            pending_resources.extend(resource.resources.iter().rev());
        }
    }
    operations
}

/// Every shape the given operations reach through inputs, outputs, errors and
/// members (the operations included), ordered by shape id.
pub fn closure_of_operations(
    model: &Model,
    operations: &[ShapeId],
) -> Result<BTreeSet<ShapeId>, ModelErrors> {
    let mut closure = BTreeSet::new();
    let mut pending: Vec<ShapeId> = operations.to_vec();
    let mut errors = Vec::new();
    while let Some(id) = pending.pop() {
        if closure.contains(&id) {
            continue;
        }
        let Some(shape) = model.shape(&id) else {
            errors.push(ModelError::at(&id, "shape not found"));
            continue;
        };
        closure.insert(id);
        match &shape.kind {
            ShapeKind::Operation(operation) => {
                pending.extend(operation.input.iter().cloned());
                pending.extend(operation.output.iter().cloned());
                pending.extend(operation.errors.iter().cloned());
            }
            kind => pending.extend(kind.members().map(|member| member.target.clone())),
        }
    }
    ModelErrors::into_result(errors)?;
    Ok(closure)
}
