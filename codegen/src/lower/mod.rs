//! Lowering: model -> [`CrateIr`]. Chooses every Rust name, maps every type,
//! decides optionality and boxing, and computes ec2Query wire keys.
//!
//! A chain of small passes: select the operations, take their closure, name the
//! shared types, then lower each operation and each shared type.

mod cases;
mod cycles;
pub mod endpoint;
mod ir;
mod layout;
pub mod naming;
mod pagination;
mod resources;
mod shapes;
mod values;
mod waiters;

pub use endpoint::EndpointRulesIr;
pub use ir::*;
pub use layout::Packaging;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Model, ModelError, ModelErrors, Service, Shape, ShapeId, ShapeKind, check_closure_names,
    closure_of_operations, trait_ids,
};
use cycles::Cycles;
use naming::NameScope;

/// What to generate.
#[derive(Clone, Debug, Default)]
pub struct LowerOptions {
    /// The Cargo package name; derived from the service's `sdkId` when `None`.
    pub package_name: Option<String>,
    /// Operation names (`AssociateAddress`) to generate; all when `None`.
    pub operations: Option<Vec<String>>,
    /// boto3's resource model, for resource handles (`--resources`).
    pub resources: Option<crate::model::resources::ResourceModel>,
    /// One package, or several that build in parallel.
    pub packaging: Packaging,
}

/// The lowered crate, and what is worth telling the model's author but does
/// not stop generation (an example that does not fit the model, say).
#[derive(Clone, Debug)]
pub struct Lowered {
    pub ir: CrateIr,
    pub warnings: Vec<ModelError>,
}

/// Lowers the model's one service, or the selected operations of it.
pub fn lower(model: &Model, options: &LowerOptions) -> Result<Lowered, ModelErrors> {
    let (service_shape, service) = model.single_service()?;
    // Every check below runs, so every problem is reported at once.
    let mut problems = Vec::new();
    if !service_shape.traits.has(trait_ids::EC2_QUERY) {
        problems.push(ModelError::at(
            &service_shape.id,
            format!(
                "the service does not use the `{}` protocol",
                trait_ids::EC2_QUERY
            ),
        ));
    }
    let operations = select_operations(model, service, options.operations.as_deref())
        .unwrap_or_else(|errors| {
            problems.extend(errors.0);
            Vec::new()
        });
    let closure = match closure_of_operations(model, &operations) {
        Ok(closure) => closure,
        Err(errors) => {
            problems.extend(errors.0);
            return Err(ModelErrors(problems));
        }
    };
    for check in [
        check_closure_names(model, &closure),
        check_protocol_support(model, &closure),
    ] {
        problems.extend(check.err().into_iter().flat_map(|errors| errors.0));
    }
    ModelErrors::into_result(problems)?;

    let context = Context::new(model, &operations, &closure);
    let mut errors = Vec::new();
    // Names are claimed in service order, before the operations are lowered
    // on every core (each alone, with its names), so they do not depend on
    // which thread lowers what.
    let mut operation_modules = NameScope::with_reserved(&["mod"]);
    let mut client_methods = NameScope::with_reserved(naming::CLIENT_METHODS);
    let named_operations: Vec<OperationNames> = operations
        .iter()
        .map(|id| OperationNames {
            id,
            module: operation_modules.claim(
                &naming::escape_module_name(&naming::snake_case(id.name())),
                "_operation",
            ),
            client_method: client_methods.claim(&naming::snake_case(id.name()), "_operation"),
        })
        .collect();
    let mut lowered_operations = Vec::new();
    let results = crate::parallel::map(&named_operations, |names| context.operation(names));
    for (names, result) in named_operations.iter().zip(results) {
        match result {
            Ok(operation) => lowered_operations.push((names.id.clone(), operation)),
            Err(problems) => errors.extend(problems.0),
        }
    }
    let type_ids: Vec<&ShapeId> = context.type_names.keys().collect();
    let mut shared_types = Vec::new();
    for result in crate::parallel::map(&type_ids, |id| context.shared_type(id)) {
        match result {
            Ok(ty) => shared_types.push(ty),
            Err(problems) => errors.extend(problems.0),
        }
    }
    shared_types.sort_by(|a, b| a.name().cmp(b.name()));
    mark_zero_values(&mut shared_types, &lowered_operations);
    let findings = cases::lower_cases(
        model,
        &mut lowered_operations,
        &shared_types,
        &context.error_test_owner,
    );
    errors.extend(findings.errors);
    errors.extend(pagination::lower_paginators(
        model,
        service_shape.traits.paginated().unwrap_or_default(),
        &mut lowered_operations,
        &shared_types,
    ));
    errors.extend(waiters::lower_waiters(
        model,
        &mut lowered_operations,
        &shared_types,
        &mut client_methods,
    ));
    let endpoint_rules = endpoint::endpoint_rules(service_shape).unwrap_or_else(|problems| {
        errors.extend(problems.0);
        None
    });
    let mut resource_warnings = Vec::new();
    let resources = options.resources.as_ref().map(|model| {
        resources::lower_resources(
            model,
            &lowered_operations,
            &shared_types,
            &mut client_methods,
            &mut resource_warnings,
        )
    });
    ModelErrors::into_result(errors)?;

    let package_name = options
        .package_name
        .clone()
        .unwrap_or_else(|| default_package_name(service_shape));
    naming::check_package_name(&package_name).map_err(ModelError::model)?;
    let operations: Vec<OperationIr> = lowered_operations
        .into_iter()
        .map(|(_, operation)| operation)
        .collect();
    let ir = CrateIr {
        crate_name: naming::crate_name(&package_name),
        layout: layout::layout(&package_name, &operations, options.packaging),
        package_name,
        service: service_ir(service_shape, service),
        operations,
        shared_types,
        endpoint_rules,
        resources,
    };
    let mut warnings = findings.warnings;
    warnings.extend(resource_warnings);
    warnings.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
    Ok(Lowered { ir, warnings })
}

/// Marks the structures that a response may leave out where a required
/// member holds them: reading such a response gives the member its zero
/// value (Smithy's client error correction), and for a structure that is a
/// value with every member zero or unset.
fn mark_zero_values(shared_types: &mut [TypeIr], operations: &[(ShapeId, OperationIr)]) {
    let response_structures = shared_types
        .iter()
        .filter_map(|ty| match ty {
            TypeIr::Structure(structure) if structure.in_responses => Some(structure),
            _ => None,
        })
        .chain(operations.iter().map(|(_, operation)| &operation.output));
    let mut pending: Vec<String> = response_structures
        .flat_map(zero_value_structures)
        .map(str::to_owned)
        .collect();
    let by_name: BTreeMap<&str, &StructureIr> = shared_types
        .iter()
        .filter_map(|ty| match ty {
            TypeIr::Structure(structure) => Some((structure.name.as_str(), structure)),
            _ => None,
        })
        .collect();
    let mut needed = BTreeSet::new();
    // A zero structure needs zero values for its own required members too.
    while let Some(name) = pending.pop() {
        if let Some(structure) = by_name.get(name.as_str()) {
            if !needed.contains(&name) {
                pending.extend(zero_value_structures(structure).map(str::to_owned));
            }
        }
        needed.insert(name);
    }
    for ty in shared_types.iter_mut() {
        if let TypeIr::Structure(structure) = ty {
            structure.needs_zero_value = needed.contains(&structure.name);
        }
    }
}

/// The structures that required members of `structure` hold.
fn zero_value_structures(structure: &StructureIr) -> impl Iterator<Item = &str> {
    structure
        .fields
        .iter()
        .filter_map(|field| match (&field.presence, &field.ty) {
            (Presence::Required, ValueType::Structure { name, .. }) => Some(name.as_str()),
            _ => None,
        })
}

/// The operations to generate, in service order; unknown names are an error
/// that lists what the service offers.
fn select_operations(
    model: &Model,
    service: &Service,
    wanted: Option<&[String]>,
) -> Result<Vec<ShapeId>, ModelErrors> {
    let available = model.service_operations(service);
    let Some(wanted) = wanted else {
        return Ok(available);
    };
    let by_name: BTreeMap<&str, &ShapeId> = available.iter().map(|id| (id.name(), id)).collect();
    let unknown: Vec<ModelError> = wanted
        .iter()
        .filter(|name| !by_name.contains_key(name.as_str()))
        .map(|name| {
            let mut suggestions: Vec<&str> = by_name
                .keys()
                .copied()
                .filter(|candidate| candidate.eq_ignore_ascii_case(name))
                .collect();
            if suggestions.is_empty() {
                suggestions = by_name.keys().copied().take(8).collect();
            }
            ModelError::model(format!(
                "unknown operation `{name}`; the service has {} operations, such as {}",
                by_name.len(),
                suggestions.join(", ")
            ))
        })
        .collect();
    ModelErrors::into_result(unknown)?;
    Ok(available
        .into_iter()
        .filter(|id| wanted.iter().any(|name| name == id.name()))
        .collect())
}

/// ec2Query has no wire form for documents.
fn check_protocol_support(model: &Model, closure: &BTreeSet<ShapeId>) -> Result<(), ModelErrors> {
    let errors = closure
        .iter()
        .filter_map(|id| model.shape(id))
        .filter(|shape| {
            matches!(
                shape.kind,
                ShapeKind::Simple(crate::model::SimpleType::Document)
            )
        })
        .map(|shape| {
            ModelError::at(
                &shape.id,
                "document shapes cannot be sent or received with ec2Query",
            )
        })
        .collect();
    ModelErrors::into_result(errors)
}

fn default_package_name(service: &Shape) -> String {
    let sdk_id = service
        .traits
        .get(trait_ids::AWS_SERVICE)
        .and_then(|value| value.get("sdkId"))
        .and_then(|value| value.as_str())
        .unwrap_or(service.id.name());
    naming::snake_case(sdk_id).replace('_', "-")
}

fn service_ir(shape: &Shape, service: &Service) -> ServiceIr {
    let string_field = |trait_id: &str, field: &str| {
        shape
            .traits
            .get(trait_id)
            .and_then(|value| value.get(field))
            .and_then(|value| value.as_str())
            .map(str::to_owned)
    };
    let sdk_id =
        string_field(trait_ids::AWS_SERVICE, "sdkId").unwrap_or_else(|| shape.id.name().to_owned());
    ServiceIr {
        shape_id: shape.id.to_string(),
        title: shape.traits.title().unwrap_or(shape.id.name()).to_owned(),
        docs: docs_of(&shape.traits),
        version: service.version.clone(),
        signing_name: string_field(trait_ids::SIGV4, "name")
            .unwrap_or_else(|| sdk_id.to_ascii_lowercase().replace(' ', "")),
        sdk_id,
        xml_namespace: shape
            .traits
            .xml_namespace()
            .map(|namespace| namespace.uri.to_owned()),
    }
}

fn docs_of(traits: &crate::model::Traits) -> Vec<String> {
    traits
        .documentation()
        .map(crate::docs::html_to_markdown)
        .unwrap_or_default()
}

/// An operation to lower and the names claimed for it: its module and its
/// client method.
struct OperationNames<'a> {
    id: &'a ShapeId,
    module: String,
    client_method: String,
}

/// What every lowering pass needs to look up.
struct Context<'m> {
    model: &'m Model,
    /// Rust name and file module of every shared type, by shape id.
    type_names: BTreeMap<ShapeId, (String, String)>,
    /// Shapes a request can contain.
    in_requests: BTreeSet<ShapeId>,
    /// Shapes a response or an error response can contain.
    in_responses: BTreeSet<ShapeId>,
    /// The operation whose module carries each error shape's protocol tests:
    /// the first, in service order, that declares the error.
    error_test_owner: BTreeMap<ShapeId, ShapeId>,
    cycles: Cycles,
}

impl<'m> Context<'m> {
    fn new(model: &'m Model, operations: &[ShapeId], closure: &BTreeSet<ShapeId>) -> Self {
        // The cycles are found on another core meanwhile: lowering waits for
        // this, and the rest of the machine would be idle.
        let (cycles, (type_names, in_requests, in_responses, error_test_owner)) =
            crate::parallel::join(
                || Cycles::find(model, closure),
                || {
                    let type_names = type_names(model, operations, closure);
                    let (inputs, outputs, error_test_owner) = operation_shapes(model, operations);
                    (
                        type_names,
                        members_closure(model, &inputs),
                        members_closure(model, &outputs),
                        error_test_owner,
                    )
                },
            );
        Context {
            model,
            type_names,
            in_requests,
            in_responses,
            error_test_owner,
            cycles,
        }
    }

    fn type_name(&self, id: &ShapeId) -> Result<&str, ModelError> {
        self.type_names
            .get(id)
            .map(|(name, _)| name.as_str())
            .ok_or_else(|| ModelError::at(id, "shape is not part of the generated types"))
    }
}

/// The Rust name and file module of every shared type, by shape id.
fn type_names(
    model: &Model,
    operations: &[ShapeId],
    closure: &BTreeSet<ShapeId>,
) -> BTreeMap<ShapeId, (String, String)> {
    let mut names = NameScope::default();
    let mut modules = NameScope::with_reserved(&["builders", "mod"]);
    shared_type_ids(model, operations, closure)
        .into_iter()
        .map(|id| {
            let name = names.claim(
                &naming::item_type_name(&naming::upper_camel_case(id.name())),
                "Value",
            );
            let module = modules.claim(
                &naming::escape_module_name(&naming::snake_case(&name)),
                "_shape",
            );
            (id, (name, module))
        })
        .collect()
}

/// The operations' inputs; their outputs and errors; and the operation whose
/// module carries each error's protocol tests (the first to declare it).
fn operation_shapes(
    model: &Model,
    operations: &[ShapeId],
) -> (Vec<ShapeId>, Vec<ShapeId>, BTreeMap<ShapeId, ShapeId>) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    let mut error_test_owner = BTreeMap::new();
    for id in operations {
        if let Some(ShapeKind::Operation(operation)) = model.shape(id).map(|shape| &shape.kind) {
            inputs.extend(operation.input.clone());
            outputs.extend(operation.output.clone());
            outputs.extend(operation.errors.iter().cloned());
            for error in &operation.errors {
                error_test_owner
                    .entry(error.clone())
                    .or_insert_with(|| id.clone());
            }
        }
    }
    (inputs, outputs, error_test_owner)
}

/// Structures, unions and enums that members or operation errors refer to:
/// the ones that become named types of the `types` module.
fn shared_type_ids(
    model: &Model,
    operations: &[ShapeId],
    closure: &BTreeSet<ShapeId>,
) -> BTreeSet<ShapeId> {
    let mut roots: Vec<ShapeId> = closure
        .iter()
        .filter_map(|id| model.shape(id))
        .flat_map(|shape| shape.kind.members().map(|member| member.target.clone()))
        .collect();
    for id in operations {
        if let Some(ShapeKind::Operation(operation)) = model.shape(id).map(|shape| &shape.kind) {
            roots.extend(operation.errors.iter().cloned());
        }
    }
    roots
        .into_iter()
        .filter(|id| {
            let is_named_type = matches!(
                model.shape(id).map(|shape| &shape.kind),
                Some(
                    ShapeKind::Structure(_)
                        | ShapeKind::Union(_)
                        | ShapeKind::Enum(_)
                        | ShapeKind::IntEnum(_)
                )
            );
            is_named_type && id.to_string() != "smithy.api#Unit"
        })
        .collect()
}

/// `roots` and every shape their members reach.
fn members_closure(model: &Model, roots: &[ShapeId]) -> BTreeSet<ShapeId> {
    let mut reached = BTreeSet::new();
    let mut pending = roots.to_vec();
    while let Some(id) = pending.pop() {
        if let Some(shape) = model.shape(&id) {
            if reached.insert(id) {
                pending.extend(shape.kind.members().map(|member| member.target.clone()));
            }
        }
    }
    reached
}
