//! boto3's resource model, lowered against the generated operations: a
//! handle per resource that some generated operation acts on, its `load`,
//! its actions and collections, each request's members typed against the
//! operation's input. What the crate cannot offer (an operation left out of
//! the generated set is simply absent; a parameter shape or path this
//! lowering does not handle) is a warning naming the resource and the part,
//! never an error: the resource model is boto3's, not the service's.

use std::collections::BTreeMap;

use super::ir::*;
use super::naming::{self, NameScope};
use super::values::Types;
use crate::model::resources::{
    Collection, ParamSource, Reference, Request, Resource, ResourceModel,
};
use crate::model::{ModelError, ShapeId};

pub(super) fn lower_resources(
    model: &ResourceModel,
    operations: &[(ShapeId, OperationIr)],
    shared_types: &[TypeIr],
    client_methods: &mut NameScope,
    warnings: &mut Vec<ModelError>,
) -> ResourcesIr {
    let lowering = Lowering {
        operations: operations
            .iter()
            .map(|(_, operation)| (operation.action.as_str(), operation))
            .collect(),
        types: Types::new(shared_types),
        shared_types,
        resources: &model.resources,
    };
    let mut type_names = NameScope::default();
    // Which resources appear, and their Rust names, before any is lowered:
    // collections and references name them.
    let mut present = BTreeMap::new();
    for resource in &model.resources {
        if lowering.acts_on(resource) {
            present.insert(
                resource.name.as_str(),
                type_names.claim(&naming::upper_camel_case(&resource.name), "Resource"),
            );
        }
    }
    let mut resources = Vec::new();
    for resource in &model.resources {
        let Some(type_name) = present.get(resource.name.as_str()) else {
            continue;
        };
        resources.push(lowering.resource(resource, type_name, &present, client_methods, warnings));
    }
    let collections = model
        .collections
        .iter()
        .filter_map(|collection| {
            let at = format!("service hasMany `{}`", collection.name);
            let method = client_methods.claim(&naming::snake_case(&collection.name), "_collection");
            lowering.collection(collection, method, &at, &present, &[], warnings)
        })
        .collect();
    ResourcesIr {
        resources,
        collections,
    }
}

struct Lowering<'o> {
    operations: BTreeMap<&'o str, &'o OperationIr>,
    types: Types<'o>,
    shared_types: &'o [TypeIr],
    resources: &'o [Resource],
}

impl Lowering<'_> {
    /// Whether a generated operation loads the resource or is one of its actions.
    fn acts_on(&self, resource: &Resource) -> bool {
        resource
            .load
            .iter()
            .map(|load| &load.request)
            .chain(resource.actions.iter().map(|action| &action.request))
            .any(|request| self.operations.contains_key(request.operation.as_str()))
    }

    fn resource(
        &self,
        resource: &Resource,
        type_name: &str,
        present: &BTreeMap<&str, String>,
        client_methods: &mut NameScope,
        warnings: &mut Vec<ModelError>,
    ) -> ResourceIr {
        let at = format!("resource `{}`", resource.name);
        let mut methods =
            NameScope::with_reserved(&["clone", "fmt", "client", "data", "load_async"]);
        let identifiers: Vec<ResourceIdentifierIr> = resource
            .identifiers
            .iter()
            .map(|identifier| ResourceIdentifierIr {
                name: identifier.name.clone(),
                field: methods.claim(&naming::snake_case(&identifier.name), "_id"),
            })
            .collect();
        let mut warn =
            |message: String| warnings.push(ModelError::model(format!("{at}: {message}")));
        let data_type = self.data_type(resource);
        let load = resource.load.as_ref().and_then(|load| {
            let operation = self.operations.get(load.request.operation.as_str())?;
            let method = methods.claim("load", "_resource");
            let mut request = self
                .request(&load.request, operation, &identifiers, method, "Load")
                .map_err(|problem| warn(format!("`load` is left out: {problem}")))
                .ok()?;
            let (path, end) = self
                .walk(&operation.output, &load.path, "[0]")
                .map_err(|problem| {
                    warn(format!(
                        "`load` is left out: path `{}`: {problem}",
                        load.path
                    ))
                })
                .ok()?;
            if Some(&end.name) != data_type.as_ref() {
                warn(format!(
                    "`load` is left out: its path does not end in the resource's shape `{}`",
                    resource.shape.as_deref().unwrap_or("")
                ));
                return None;
            }
            request.path = path;
            Some(request)
        });
        let mut actions = Vec::new();
        for action in &resource.actions {
            let Some(operation) = self.operations.get(action.request.operation.as_str()) else {
                continue;
            };
            let method = methods.claim(&naming::snake_case(&action.name), "_action");
            match self.request(
                &action.request,
                operation,
                &identifiers,
                method,
                &action.name,
            ) {
                Ok(request) => actions.push(request),
                Err(problem) => warn(format!("action `{}` is left out: {problem}", action.name)),
            }
        }
        let collections = resource
            .collections
            .iter()
            .filter_map(|collection| {
                let method = methods.claim(&naming::snake_case(&collection.name), "_collection");
                self.collection(
                    collection,
                    method,
                    &format!("{at} hasMany `{}`", collection.name),
                    present,
                    &identifiers,
                    warnings,
                )
            })
            .collect();
        let references = resource
            .references
            .iter()
            .filter_map(|reference| {
                let at = format!("{at} has `{}`", reference.name);
                let method = methods.claim(&naming::snake_case(&reference.name), "_resource");
                self.reference(
                    reference,
                    method,
                    &identifiers,
                    data_type.as_deref(),
                    present,
                )
                .map_err(|problem| {
                    warnings.push(ModelError::model(format!("{at} is left out: {problem}")));
                })
                .ok()
                .flatten()
            })
            .collect();
        ResourceIr {
            references,
            name: resource.name.clone(),
            type_name: type_name.to_owned(),
            constructor: client_methods.claim(&naming::snake_case(&resource.name), "_resource"),
            identifiers,
            data_type,
            load,
            actions,
            collections,
        }
    }

    /// A `has` reference; `None` (no warning) when its resource is not in
    /// the crate.
    fn reference(
        &self,
        reference: &Reference,
        method: String,
        identifiers: &[ResourceIdentifierIr],
        data_type: Option<&str>,
        present: &BTreeMap<&str, String>,
    ) -> Result<Option<ReferenceIr>, String> {
        let Some(type_name) = present.get(reference.resource_type.as_str()) else {
            return Ok(None);
        };
        let target = self
            .resources
            .iter()
            .find(|resource| resource.name == reference.resource_type)
            .ok_or_else(|| format!("there is no resource `{}`", reference.resource_type))?;
        let data = data_type.and_then(|name| self.types.shared_structure(name));
        let values = target
            .identifiers
            .iter()
            .map(|identifier| {
                let source = reference
                    .identifiers
                    .iter()
                    .find(|(name, _)| *name == identifier.name)
                    .map(|(_, source)| source)
                    .ok_or_else(|| format!("it does not give `{}`", identifier.name))?;
                match source {
                    ParamSource::Identifier(name) => identifiers
                        .iter()
                        .find(|own| &own.name == name)
                        .map(|own| ReferenceValueIr::Identifier(own.field.clone()))
                        .ok_or_else(|| format!("the resource has no identifier `{name}`")),
                    ParamSource::Data(path) => {
                        let data = data.ok_or("the resource has no data shape in the crate")?;
                        self.string_path(data, path).map(ReferenceValueIr::Data)
                    }
                    _ => Err(
                        "an identifier comes from neither the resource's identifiers nor its data"
                            .to_owned(),
                    ),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(ReferenceIr {
            method,
            name: reference.name.clone(),
            resource_type: type_name.clone(),
            identifiers: values,
            target_has_data: self.data_type(target).is_some(),
            data_type: data_type.map(str::to_owned),
        }))
    }

    /// `Attachment.InstanceId`: fields through structures to a string.
    fn string_path(
        &self,
        root: &StructureIr,
        path: &str,
    ) -> Result<Vec<ResourcePathStepIr>, String> {
        let mut structure = root;
        let mut steps = Vec::new();
        let mut segments = path.split('.').peekable();
        while let Some(segment) = segments.next() {
            let field = structure
                .member(segment)
                .ok_or_else(|| format!("`{segment}` is not a member of `{}`", structure.name))?;
            steps.push(ResourcePathStepIr {
                field: field.name.clone(),
                optional: field.presence.is_option(),
                list: false,
            });
            match (&field.ty, segments.peek()) {
                (ValueType::String, None) => return Ok(steps),
                (ValueType::Structure { name, .. }, Some(_)) => {
                    structure = self
                        .types
                        .shared_structure(name)
                        .ok_or_else(|| format!("`{name}` is not a generated structure"))?;
                }
                _ => {
                    return Err(format!(
                        "data path `{path}` is not fields ending in a string"
                    ));
                }
            }
        }
        Err(format!("data path `{path}` is empty"))
    }

    /// A request with the members its parameters set; an error says why it
    /// cannot be made.
    fn request(
        &self,
        request: &Request,
        operation: &OperationIr,
        identifiers: &[ResourceIdentifierIr],
        method: String,
        name: &str,
    ) -> Result<ResourceRequestIr, String> {
        let params: Vec<(&str, &ParamSource)> = request
            .params
            .iter()
            .map(|param| (param.target.as_str(), &param.source))
            .collect();
        let sets = self.sets(&operation.input, &params, identifiers)?;
        Ok(ResourceRequestIr {
            method,
            name: name.to_owned(),
            action: operation.action.clone(),
            operation_module: operation.module.clone(),
            operation_client_method: operation.client_method.clone(),
            input_name: operation.input.name.clone(),
            builder_name: operation.input.builder_name.clone(),
            error_type_name: operation.error_type_name.clone(),
            sets,
            path: Vec::new(),
        })
    }

    /// The setters of `structure` that `params` (member targets relative to
    /// it, with their sources) call. `Filters[0].Name` and `Filters[0].Values[0]`
    /// build one `Filter` together, appended to `Filters`.
    fn sets(
        &self,
        structure: &StructureIr,
        params: &[(&str, &ParamSource)],
        identifiers: &[ResourceIdentifierIr],
    ) -> Result<Vec<ParamSetIr>, String> {
        let mut sets = Vec::new();
        // Nested targets, grouped by the list item they build, in order.
        let mut nested: Vec<(&str, Vec<(&str, &ParamSource)>)> = Vec::new();
        for &(target, source) in params {
            if let Some((item, rest)) = target.split_once("[0].") {
                match nested.iter_mut().find(|(existing, _)| *existing == item) {
                    Some((_, group)) => group.push((rest, source)),
                    None => nested.push((item, vec![(rest, source)])),
                }
                continue;
            }
            let (member, list) = match target
                .strip_suffix("[0]")
                .or_else(|| target.strip_suffix("[]"))
            {
                Some(member) => (member, true),
                None => (target, false),
            };
            if member.contains(['.', '[']) {
                return Err(format!(
                    "parameter `{target}` sets a member this lowering does not reach"
                ));
            }
            let field = structure
                .member(member)
                .ok_or_else(|| format!("`{member}` is not a member of `{}`", structure.name))?;
            let item = match (&field.ty, list) {
                (ValueType::List { item, .. }, true) => &**item,
                (ty, false) => ty,
                (_, true) => return Err(format!("`{member}` is not a list")),
            };
            sets.push(ParamSetIr {
                setter: field.name.clone(),
                value: param_value(target, member, item, source, identifiers)?,
            });
        }
        for (member, group) in nested {
            let field = structure
                .member(member)
                .ok_or_else(|| format!("`{member}` is not a member of `{}`", structure.name))?;
            let ValueType::List { item, .. } = &field.ty else {
                return Err(format!("`{member}` is not a list"));
            };
            let ValueType::Structure { name, .. } = &**item else {
                return Err(format!("`{member}` is not a list of structures"));
            };
            let item_structure = self
                .types
                .shared_structure(name)
                .ok_or_else(|| format!("`{name}` is not a generated structure"))?;
            // Its builder's `build()` would be fallible.
            if item_structure.has_required_fields() {
                return Err(format!("`{member}`'s items have required members"));
            }
            sets.push(ParamSetIr {
                setter: field.name.clone(),
                value: ParamValueIr::Structure {
                    type_name: name.clone(),
                    sets: self.sets(item_structure, &group, identifiers)?,
                },
            });
        }
        Ok(sets)
    }

    /// The generated structure of the resource's `shape`, if there is one.
    fn data_type(&self, resource: &Resource) -> Option<String> {
        let shape = resource.shape.as_deref()?;
        self.shared_types.iter().find_map(|ty| match ty {
            TypeIr::Structure(structure)
                if structure.shape_id.rsplit('#').next() == Some(shape) =>
            {
                Some(structure.name.clone())
            }
            _ => None,
        })
    }

    /// The steps of `path` from `root` (each segment a member, `list_marker`
    /// after a list member), and the structure it ends in.
    fn walk<'s>(
        &'s self,
        root: &'s StructureIr,
        path: &str,
        list_marker: &str,
    ) -> Result<(Vec<ResourcePathStepIr>, &'s StructureIr), String> {
        let mut structure = root;
        let mut steps = Vec::new();
        for segment in path.split('.') {
            let (member, list) = match segment.strip_suffix(list_marker) {
                Some(member) => (member, true),
                None => (segment, false),
            };
            let field = structure
                .member(member)
                .ok_or_else(|| format!("`{member}` is not a member of `{}`", structure.name))?;
            let ty = match (&field.ty, list) {
                (ValueType::List { item, .. }, true) => &**item,
                (ty, false) => ty,
                (_, true) => return Err(format!("`{member}` is not a list")),
            };
            let ValueType::Structure { name, .. } = ty else {
                return Err(format!("`{segment}` is not a structure"));
            };
            structure = self
                .types
                .shared_structure(name)
                .ok_or_else(|| format!("`{name}` is not a generated structure"))?;
            steps.push(ResourcePathStepIr {
                field: field.name.clone(),
                optional: field.presence.is_option(),
                list,
            });
        }
        Ok((steps, structure))
    }

    fn collection(
        &self,
        collection: &Collection,
        method: String,
        at: &str,
        present: &BTreeMap<&str, String>,
        identifiers: &[ResourceIdentifierIr],
        warnings: &mut Vec<ModelError>,
    ) -> Option<CollectionIr> {
        let operation = self.operations.get(collection.request.operation.as_str())?;
        let resource_type = present.get(collection.resource_type.as_str())?;
        let mut warn = |problem: String| {
            warnings.push(ModelError::model(format!("{at} is left out: {problem}")));
        };
        let Some(path) = collection.path.as_deref() else {
            warn("it has no `path` to the resources".to_owned());
            return None;
        };
        let request = self
            .request(
                &collection.request,
                operation,
                identifiers,
                method.clone(),
                &collection.name,
            )
            .map_err(&mut warn)
            .ok()?;
        // With a paginator whose items are the path's first list, each page's
        // items lead to the resources; else the one output does.
        let paginated = operation
            .paginator
            .as_ref()
            .and_then(|paginator| paginator.items.as_ref());
        let (root, rest, paginated) = match paginated {
            Some(items) if path.split('.').next() == Some(&format!("{}[]", items.member_path)) => {
                let ValueType::List { item, .. } = &items.ty else {
                    warn("the paginator's items are not a list".to_owned());
                    return None;
                };
                let ValueType::Structure { name, .. } = &**item else {
                    warn("the paginator's items are not structures".to_owned());
                    return None;
                };
                let root = self.types.shared_structure(name)?;
                (root, path.split_once('.').map(|(_, rest)| rest), true)
            }
            // Not yet: a collection over one answer needs its own iterator.
            _ => {
                warn(format!(
                    "`{}` has no paginator whose items are `{path}`'s first list",
                    operation.action
                ));
                return None;
            }
        };
        let (mut steps, data) = match rest {
            Some(rest) => self.walk(root, rest, "[]").map_err(&mut warn).ok()?,
            None => (Vec::new(), root),
        };
        let mut request = request;
        request.path = std::mem::take(&mut steps);
        let target = self
            .resources
            .iter()
            .find(|resource| resource.name == collection.resource_type);
        if target.and_then(|target| self.data_type(target)).as_deref() != Some(data.name.as_str()) {
            warn(format!(
                "its items (`{}`) are not its resource's data",
                data.name
            ));
            return None;
        }
        let identifier_fields = collection
            .identifier_paths
            .iter()
            .map(|(_, identifier_path)| {
                let member = identifier_path.rsplit('.').next().unwrap_or(identifier_path);
                data.member(member)
                    .filter(|field| field.ty == ValueType::String)
                    .map(|field| ResourcePathStepIr {
                        field: field.name.clone(),
                        optional: field.presence.is_option(),
                        list: false,
                    })
                    .ok_or_else(|| format!("identifier path `{identifier_path}` does not end in a string member of `{}`", data.name))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(&mut warn)
            .ok()?;
        if target.is_some_and(|target| target.identifiers.len() != identifier_fields.len()) {
            warn("it does not give every identifier of its resource".to_owned());
            return None;
        }
        Some(CollectionIr {
            method,
            name: collection.name.clone(),
            request,
            resource_type: resource_type.clone(),
            data_type: data.name.clone(),
            paginated,
            identifier_fields,
        })
    }
}

/// The value a parameter sets `member` (whose items are `item`) to.
fn param_value(
    target: &str,
    member: &str,
    item: &ValueType,
    source: &ParamSource,
    identifiers: &[ResourceIdentifierIr],
) -> Result<ParamValueIr, String> {
    if let (ParamSource::String(text), ValueType::Enum(type_name)) = (source, item) {
        return Ok(ParamValueIr::Enum {
            type_name: type_name.clone(),
            value: text.clone(),
        });
    }
    Ok(match source {
        ParamSource::Identifier(name) => {
            let identifier = identifiers
                .iter()
                .find(|identifier| &identifier.name == name)
                .ok_or_else(|| format!("the resource has no identifier `{name}`"))?;
            if *item != ValueType::String {
                return Err(format!("`{member}` does not take a string identifier"));
            }
            ParamValueIr::Identifier(identifier.field.clone())
        }
        ParamSource::String(text) if *item == ValueType::String => {
            ParamValueIr::String(text.clone())
        }
        ParamSource::Integer(number) if matches!(item, ValueType::Integer | ValueType::Long) => {
            ParamValueIr::Integer(*number)
        }
        ParamSource::Boolean(flag) if *item == ValueType::Boolean => ParamValueIr::Boolean(*flag),
        ParamSource::Data(path) => {
            return Err(format!(
                "parameter `{target}` comes from the loaded data (`{path}`)"
            ));
        }
        ParamSource::RequestParameter(path) => {
            return Err(format!(
                "parameter `{target}` comes from another request (`{path}`)"
            ));
        }
        ParamSource::Input => {
            return Err(format!("parameter `{target}` comes from the caller"));
        }
        _ => {
            return Err(format!(
                "parameter `{target}` does not fit `{member}`'s type"
            ));
        }
    })
}
