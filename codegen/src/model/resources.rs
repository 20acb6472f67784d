//! boto3's resource model (`resources-1.json`): resource types named by
//! identifiers, with a `load` request, actions (an operation and where each
//! of its parameters comes from), and `hasMany` collections. It is a
//! separate, optional input to the generator; this is its typed form.
//!
//! What it holds is kept as written (operation names, parameter targets,
//! JMESPath-subset paths); whether the generated crate can offer it is the
//! lowering's business.

use serde_json::{Map, Value};

use super::{ModelError, ModelErrors};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceModel {
    /// `service.hasMany`: the collections of the service itself.
    pub collections: Vec<Collection>,
    pub resources: Vec<Resource>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub name: String,
    /// In order: a handle is made from these.
    pub identifiers: Vec<Identifier>,
    /// The output shape `load` reads (`Instance`).
    pub shape: Option<String>,
    pub load: Option<Load>,
    pub actions: Vec<Action>,
    /// `has`: other resources this one names.
    pub references: Vec<Reference>,
    pub collections: Vec<Collection>,
}

/// A `has` reference: a resource of `resource_type` whose identifiers come
/// from this one's identifiers or data.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub name: String,
    pub resource_type: String,
    /// By the target's identifier name.
    pub identifiers: Vec<(String, ParamSource)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Identifier {
    pub name: String,
    /// The member of the resource's shape holding it, when not `name`.
    pub member_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub operation: String,
    pub params: Vec<Param>,
}

/// One parameter of a request: the input member path it sets (`InstanceIds[0]`) and
/// where its value comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub target: String,
    pub source: ParamSource,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamSource {
    /// The handle's identifier of this name.
    Identifier(String),
    /// A path into the resource's loaded data.
    Data(String),
    String(String),
    Integer(i64),
    Boolean(bool),
    /// What boto3 takes from the caller's request (`requestParameter`).
    RequestParameter(String),
    /// What the caller gives (a service's `has`: a constructor).
    Input,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    pub request: Request,
    /// Where the resource's data is in the output (`Reservations[0].Instances[0]`).
    pub path: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    pub name: String,
    pub request: Request,
}

/// A `hasMany`: a request whose output lists resources of one type.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub name: String,
    pub request: Request,
    pub resource_type: String,
    /// Where the resources' data is in the output (`Reservations[].Instances[]`).
    pub path: Option<String>,
    /// Where each resource's identifiers are (`Reservations[].Instances[].InstanceId`),
    /// by identifier name.
    pub identifier_paths: Vec<(String, String)>,
}

impl ResourceModel {
    /// Parses boto3's resource JSON; every problem is reported, each naming
    /// the resource and the part of it.
    pub fn from_json(text: &str) -> Result<Self, ModelErrors> {
        let json: Value = serde_json::from_str(text).map_err(|error| {
            ModelErrors::from(ModelError::model(format!(
                "the resource model is not valid JSON: {error}"
            )))
        })?;
        let mut problems = Vec::new();
        let service = object(json.get("service"));
        let service_collections =
            collections("service", object(service.get("hasMany")), &mut problems);
        let mut resources = Vec::new();
        for (name, resource) in object(json.get("resources")) {
            let at = format!("resource `{name}`");
            let Some(resource) = resource.as_object() else {
                problems.push(format!("{at}: must be an object"));
                continue;
            };
            let identifiers = resource
                .get("identifiers")
                .and_then(Value::as_array)
                .map(|identifiers| {
                    identifiers
                        .iter()
                        .filter_map(|identifier| {
                            let name = identifier.get("name").and_then(Value::as_str);
                            if name.is_none() {
                                problems.push(format!("{at}: an identifier needs a `name`"));
                            }
                            Some(Identifier {
                                name: name?.to_owned(),
                                member_name: identifier
                                    .get("memberName")
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let load = resource.get("load").and_then(|load| {
                let request = request(&format!("{at} load"), load.get("request"), &mut problems)?;
                let path = load.get("path").and_then(Value::as_str);
                if path.is_none() {
                    problems.push(format!("{at} load: needs a `path`"));
                }
                Some(Load {
                    request,
                    path: path?.to_owned(),
                })
            });
            let actions = object(resource.get("actions"))
                .iter()
                .filter_map(|(action, value)| {
                    let request = request(
                        &format!("{at} action `{action}`"),
                        value.get("request"),
                        &mut problems,
                    )?;
                    Some(Action {
                        name: action.clone(),
                        request,
                    })
                })
                .collect();
            let references = references(&at, object(resource.get("has")), &mut problems);
            resources.push(Resource {
                name: name.clone(),
                identifiers,
                shape: resource
                    .get("shape")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                load,
                actions,
                references,
                collections: collections(&at, object(resource.get("hasMany")), &mut problems),
            });
        }
        if problems.is_empty() {
            Ok(ResourceModel {
                collections: service_collections,
                resources,
            })
        } else {
            Err(ModelErrors(
                problems.into_iter().map(ModelError::model).collect(),
            ))
        }
    }
}

fn collections(
    at: &str,
    declared: &Map<String, Value>,
    problems: &mut Vec<String>,
) -> Vec<Collection> {
    declared
        .iter()
        .filter_map(|(name, value)| {
            let at = format!("{at} hasMany `{name}`");
            let request = request(&at, value.get("request"), problems)?;
            let resource = value.get("resource");
            let resource_type = resource
                .and_then(|resource| resource.get("type"))
                .and_then(Value::as_str);
            if resource_type.is_none() {
                problems.push(format!("{at}: needs a `resource` with a `type`"));
            }
            let identifier_paths = resource
                .and_then(|resource| resource.get("identifiers"))
                .and_then(Value::as_array)
                .map(|identifiers| {
                    identifiers
                        .iter()
                        .filter_map(|identifier| {
                            Some((
                                identifier.get("target")?.as_str()?.to_owned(),
                                identifier.get("path")?.as_str()?.to_owned(),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Collection {
                name: name.clone(),
                request,
                resource_type: resource_type?.to_owned(),
                path: resource
                    .and_then(|resource| resource.get("path"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                identifier_paths,
            })
        })
        .collect()
}

fn references(
    at: &str,
    declared: &Map<String, Value>,
    problems: &mut Vec<String>,
) -> Vec<Reference> {
    declared
        .iter()
        .filter_map(|(reference, value)| {
            let at = format!("{at} has `{reference}`");
            let target = value.get("resource");
            let Some(resource_type) = target
                .and_then(|target| target.get("type"))
                .and_then(Value::as_str)
            else {
                problems.push(format!("{at}: needs a `resource` with a `type`"));
                return None;
            };
            let declared = target
                .and_then(|target| target.get("identifiers"))
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let mut identifiers = Vec::new();
            for identifier in declared {
                let source = param_source(identifier);
                let target = identifier.get("target").and_then(Value::as_str);
                match (target, source) {
                    (Some(target), Some(source)) => identifiers.push((target.to_owned(), source)),
                    _ => problems.push(format!(
                        "{at}: an identifier needs a `target` and a source boto3 knows"
                    )),
                }
            }
            Some(Reference {
                name: reference.clone(),
                resource_type: resource_type.to_owned(),
                identifiers,
            })
        })
        .collect()
}

/// Where a parameter's or identifier's value comes from: its `source`, and
/// the member that source needs (`name`, `path` or `value`).
fn param_source(param: &Value) -> Option<ParamSource> {
    let text = |key: &str| param.get(key).and_then(Value::as_str).map(str::to_owned);
    match param.get("source").and_then(Value::as_str)? {
        "identifier" => text("name").map(ParamSource::Identifier),
        "data" => text("path").map(ParamSource::Data),
        "string" => text("value").map(ParamSource::String),
        "integer" => param
            .get("value")
            .and_then(Value::as_i64)
            .map(ParamSource::Integer),
        "boolean" => param
            .get("value")
            .and_then(Value::as_bool)
            .map(ParamSource::Boolean),
        "requestParameter" => text("path").map(ParamSource::RequestParameter),
        "input" => Some(ParamSource::Input),
        _ => None,
    }
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// The object `value` is, or an empty one: absent parts are empty.
fn object(value: Option<&Value>) -> &Map<String, Value> {
    value.and_then(Value::as_object).unwrap_or(&EMPTY)
}

fn request(at: &str, value: Option<&Value>, problems: &mut Vec<String>) -> Option<Request> {
    let Some(operation) = value
        .and_then(|value| value.get("operation"))
        .and_then(Value::as_str)
    else {
        problems.push(format!("{at}: needs a `request` with an `operation`"));
        return None;
    };
    let mut params = Vec::new();
    let declared = value
        .and_then(|value| value.get("params"))
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for param in declared {
        let text = |key: &str| param.get(key).and_then(Value::as_str).map(str::to_owned);
        let Some(target) = text("target") else {
            problems.push(format!("{at}: a parameter needs a `target`"));
            continue;
        };
        let source = param_source(param);
        match source {
            Some(source) => params.push(Param { target, source }),
            None => problems.push(format!(
                "{at}: parameter `{target}` has no source boto3 knows, or lacks its value"
            )),
        }
    }
    Some(Request {
        operation: operation.to_owned(),
        params,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boto3s_ec2_resource_model_parses() {
        let Ok(text) = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/resources/ec2-resources-1.json"),
        ) else {
            eprintln!("../shared/resources is absent: skipped");
            return;
        };
        let model = ResourceModel::from_json(&text).unwrap_or_else(|errors| panic!("{errors}"));
        assert_eq!(model.resources.len(), 22);
        let address = model
            .resources
            .iter()
            .find(|resource| resource.name == "VpcAddress")
            .unwrap();
        let associate = &address.actions[0];
        assert_eq!(associate.request.operation, "AssociateAddress");
        assert_eq!(
            associate.request.params,
            [Param {
                target: "AllocationId".to_owned(),
                source: ParamSource::Identifier("AllocationId".to_owned())
            }]
        );
        let instances = model
            .collections
            .iter()
            .find(|collection| collection.name == "Instances")
            .unwrap();
        assert_eq!(
            instances.path.as_deref(),
            Some("Reservations[].Instances[]")
        );
    }

    #[test]
    fn problems_name_the_resource_and_part() {
        let errors = ResourceModel::from_json(
            r#"{"resources": {"Thing": {"identifiers": [{}],
                "actions": {"Poke": {"request": {}}, "Push": {"request": {"operation": "Push",
                    "params": [{"target": "Id", "source": "nowhere"}]}}}}}}"#,
        )
        .unwrap_err()
        .to_string();
        for expected in [
            "resource `Thing`: an identifier needs a `name`",
            "resource `Thing` action `Poke`: needs a `request` with an `operation`",
            "resource `Thing` action `Push`: parameter `Id` has no source",
        ] {
            assert!(errors.contains(expected), "{errors}");
        }
    }
}
