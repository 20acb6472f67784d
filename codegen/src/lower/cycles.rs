//! Which members need a `Box`: those whose structure or union target can reach
//! back to the owner through other structure and union members (lists and maps
//! already allocate, so they break cycles).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Model, ShapeId, ShapeKind};

/// The strongly connected components of the "contains inline" graph.
#[derive(Debug, Default)]
pub struct Cycles {
    component: BTreeMap<ShapeId, usize>,
    self_loops: BTreeSet<ShapeId>,
}

impl Cycles {
    pub fn find(model: &Model, shapes: &BTreeSet<ShapeId>) -> Self {
        let graph: BTreeMap<&ShapeId, Vec<&ShapeId>> = shapes
            .iter()
            .map(|id| (id, inline_targets(model, id)))
            .collect();
        let self_loops = graph
            .iter()
            .filter(|(id, targets)| targets.contains(id))
            .map(|(id, _)| (*id).clone())
            .collect();
        Cycles {
            component: strongly_connected_components(&graph),
            self_loops,
        }
    }

    /// Whether a member of `owner` that targets `target` closes a cycle.
    pub fn needs_box(&self, owner: &ShapeId, target: &ShapeId) -> bool {
        if owner == target {
            return self.self_loops.contains(owner);
        }
        match (self.component.get(owner), self.component.get(target)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

fn is_inline_aggregate(model: &Model, id: &ShapeId) -> bool {
    matches!(
        model.shape(id).map(|shape| &shape.kind),
        Some(ShapeKind::Structure(_) | ShapeKind::Union(_))
    )
}

fn inline_targets<'m>(model: &'m Model, id: &ShapeId) -> Vec<&'m ShapeId> {
    let Some(shape) = model.shape(id) else {
        return Vec::new();
    };
    if !is_inline_aggregate(model, id) {
        return Vec::new();
    }
    shape
        .kind
        .members()
        .map(|member| &member.target)
        .filter(|target| is_inline_aggregate(model, target))
        .collect()
}

/// Kosaraju's algorithm, iterative so that deep models cannot overflow the stack.
fn strongly_connected_components(
    graph: &BTreeMap<&ShapeId, Vec<&ShapeId>>,
) -> BTreeMap<ShapeId, usize> {
    let mut finished = Vec::with_capacity(graph.len());
    let mut visited = BTreeSet::new();
    for &start in graph.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.pop() {
            let targets = graph.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(next) {
                stack.push((node, next + 1));
                if graph.contains_key(target) && visited.insert(target) {
                    stack.push((target, 0));
                }
            } else {
                finished.push(node);
            }
        }
    }

    let mut reversed: BTreeMap<&ShapeId, Vec<&ShapeId>> = BTreeMap::new();
    for (&source, targets) in graph {
        for &target in targets {
            reversed.entry(target).or_default().push(source);
        }
    }
    let mut component = BTreeMap::new();
    for (index, &root) in finished.iter().rev().enumerate() {
        if component.contains_key(root) {
            continue;
        }
        let mut stack = vec![root];
        component.insert(root.clone(), index);
        while let Some(node) = stack.pop() {
            for &source in reversed.get(node).map_or(&[][..], Vec::as_slice) {
                if !component.contains_key(source) {
                    component.insert(source.clone(), index);
                    stack.push(source);
                }
            }
        }
    }
    component
}
