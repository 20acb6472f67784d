//! JSON AST -> shapes. Collects every structural problem instead of stopping
//! at the first one.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{
    Member, ModelError, ModelErrors, Operation, Resource, Service, Shape, ShapeId, ShapeKind,
    SimpleType, Traits, prelude,
};

type Object = Map<String, Value>;

/// Parses a whole document into shapes (prelude included). `apply` statements
/// are merged into their targets.
#[cfg(test)]
pub(super) fn parse_document(text: &str) -> Result<BTreeMap<ShapeId, Shape>, ModelErrors> {
    let parsed = parse_document_partially(text)?;
    ModelErrors::into_result(parsed.errors)?;
    Ok(parsed.shapes)
}

/// A document whose shapes may not all have parsed.
pub(super) struct Parsed {
    /// The shapes that parsed (prelude included).
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The problems found; empty when every shape parsed.
    pub errors: Vec<ModelError>,
    /// Shapes the document defines that did not parse: references to them
    /// are not reported again as "not found".
    pub broken: BTreeSet<ShapeId>,
}

/// Parses every shape it can, so the whole-model checks still run on them and
/// every problem is reported at once. `Err` only when the document as a whole
/// is unusable (not JSON, not an object).
pub(super) fn parse_document_partially(text: &str) -> Result<Parsed, ModelErrors> {
    let document: Value = serde_json::from_str(text)
        .map_err(|error| ModelError::model(format!("the model is not valid JSON: {error}")))?;
    let Value::Object(mut document) = document else {
        return Err(ModelError::model("the model must be a JSON object").into());
    };
    let mut errors = Vec::new();
    match document.get("smithy") {
        Some(Value::String(version)) if version.starts_with('1') || version.starts_with('2') => {}
        Some(Value::String(version)) => errors.push(ModelError::model(format!(
            "unsupported Smithy version `{version}` (expected 1.0 or 2.0)"
        ))),
        Some(_) => errors.push(ModelError::model("`smithy` must be a string")),
        None => errors.push(ModelError::model("missing the `smithy` version key")),
    }
    let mut empty = Object::new();
    let shapes_json = match document.get_mut("shapes") {
        Some(Value::Object(shapes)) => shapes,
        Some(_) => {
            errors.push(ModelError::model("`shapes` must be an object"));
            &mut empty
        }
        None => &mut empty,
    };

    // Shapes parse apart from each other, on every core; their problems
    // and outcomes are gathered in document order.
    let mut entries: Vec<(&String, &mut Value)> = shapes_json.iter_mut().collect();
    let outcomes = crate::parallel::map_mut(&mut entries, |(raw_id, json)| {
        let mut shape_errors = Vec::new();
        let outcome = parse_shape(raw_id, json, &mut shape_errors);
        (outcome, shape_errors)
    });
    let mut shapes = BTreeMap::new();
    let mut broken = BTreeSet::new();
    let mut applied = Vec::new();
    for (outcome, shape_errors) in outcomes {
        errors.extend(shape_errors);
        match outcome {
            ShapeOutcome::Shape(shape) => {
                shapes.insert(shape.id.clone(), *shape);
            }
            ShapeOutcome::Apply(id, traits) => applied.push((id, traits)),
            ShapeOutcome::Broken(id) => {
                broken.insert(id);
            }
            ShapeOutcome::BadId => {}
        }
    }
    prelude::add_missing(&mut shapes);
    for (id, traits) in applied {
        match shapes.get_mut(&id) {
            Some(shape) => shape.traits.extend(traits),
            None => errors.push(ModelError::at(
                &id,
                "`apply` targets a shape that does not exist",
            )),
        }
    }
    Ok(Parsed {
        shapes,
        errors,
        broken,
    })
}

/// What one entry of the document's `shapes` is.
enum ShapeOutcome {
    Shape(Box<Shape>),
    /// An `apply` statement: traits for another shape.
    Apply(ShapeId, Traits),
    /// A shape that did not parse.
    Broken(ShapeId),
    /// An entry whose key is not a shape id.
    BadId,
}

/// One entry of `shapes`. The document is read once: trait values are moved
/// out of it, not copied.
fn parse_shape(raw_id: &str, json: &mut Value, errors: &mut Vec<ModelError>) -> ShapeOutcome {
    let id = match ShapeId::parse(raw_id) {
        Ok(id) if id.member().is_none() => id,
        Ok(_) => {
            errors.push(ModelError::at_raw(
                raw_id,
                "a shape id cannot name a member",
            ));
            return ShapeOutcome::BadId;
        }
        Err(problem) => {
            errors.push(ModelError::at_raw(raw_id, problem));
            return ShapeOutcome::BadId;
        }
    };
    let mut context = ShapeContext { id: &id, errors };
    let Some(object) = context.object(json, "the shape") else {
        return ShapeOutcome::Broken(id);
    };
    if object.get("type").and_then(Value::as_str) == Some("apply") {
        let traits = context.traits(object.get_mut("traits"));
        return ShapeOutcome::Apply(id, traits);
    }
    match context.shape_kind(object) {
        Some(kind) => {
            let traits = context.traits(object.get_mut("traits"));
            ShapeOutcome::Shape(Box::new(Shape { id, kind, traits }))
        }
        None => ShapeOutcome::Broken(id),
    }
}

/// Parsing of one shape, reporting problems against its id.
struct ShapeContext<'a> {
    id: &'a ShapeId,
    errors: &'a mut Vec<ModelError>,
}

impl ShapeContext<'_> {
    fn error(&mut self, message: impl Into<String>) {
        self.errors.push(ModelError::at(self.id, message));
    }

    fn member_error(&mut self, member: &str, message: impl Into<String>) {
        let location = format!("{}${member}", self.id);
        self.errors.push(ModelError::at_raw(location, message));
    }

    fn object<'v>(&mut self, value: &'v mut Value, what: &str) -> Option<&'v mut Object> {
        match value {
            Value::Object(object) => Some(object),
            _ => {
                self.error(format!("{what} must be a JSON object"));
                None
            }
        }
    }

    fn shape_kind(&mut self, object: &mut Object) -> Option<ShapeKind> {
        if object.contains_key("mixins") {
            self.error("mixins are not supported: flatten the model first (smithy build with the `flattenAndRemoveMixins` transform)");
            return None;
        }
        let type_name = match object.get("type") {
            Some(Value::String(type_name)) => type_name.as_str(),
            Some(_) => {
                self.error("`type` must be a string");
                return None;
            }
            None => {
                self.error("missing the `type` key");
                return None;
            }
        };
        if let Some(simple) = SimpleType::ALL
            .into_iter()
            .find(|simple| simple.type_name() == type_name)
        {
            return Some(ShapeKind::Simple(simple));
        }
        let kind = match type_name {
            "enum" => ShapeKind::Enum(self.members(object, "members", true)?),
            "intEnum" => ShapeKind::IntEnum(self.members(object, "members", true)?),
            "list" | "set" => ShapeKind::List(self.required_member(object, "member")?),
            "map" => {
                let key = self.required_member(object, "key");
                let value = self.required_member(object, "value");
                ShapeKind::Map {
                    key: key?,
                    value: value?,
                }
            }
            "structure" => ShapeKind::Structure(self.members(object, "members", false)?),
            "union" => ShapeKind::Union(self.members(object, "members", false)?),
            "operation" => ShapeKind::Operation(self.operation(object)?),
            "service" => ShapeKind::Service(self.service(object)?),
            "resource" => ShapeKind::Resource(self.resource(object)?),
            other => {
                self.error(format!("unknown shape type `{other}`"));
                return None;
            }
        };
        Some(kind)
    }

    /// The traits at `value`, moved out of the document.
    fn traits(&mut self, value: Option<&mut Value>) -> Traits {
        let Some(value) = value else {
            return Traits::default();
        };
        let Some(object) = self.object(value, "`traits`") else {
            return Traits::default();
        };
        let mut traits = BTreeMap::new();
        for (trait_id, trait_value) in object.iter_mut() {
            if ShapeId::parse(trait_id).is_err() {
                self.error(format!("trait id `{trait_id}` is not an absolute shape id"));
                continue;
            }
            traits.insert(trait_id.clone(), std::mem::take(trait_value));
        }
        let traits = Traits::new(traits);
        for problem in traits.type_problems() {
            self.error(problem);
        }
        traits
    }

    /// Members of a structure, union, enum or intEnum, in model order.
    fn members(&mut self, object: &mut Object, key: &str, needs_any: bool) -> Option<Vec<Member>> {
        let members = match object.get_mut(key) {
            Some(Value::Object(members)) => members,
            Some(_) => {
                self.error(format!("`{key}` must be a JSON object"));
                return None;
            }
            None if needs_any => {
                self.error(format!("missing `{key}`"));
                return None;
            }
            None => return Some(Vec::new()),
        };
        let mut parsed = Vec::with_capacity(members.len());
        let mut ok = true;
        for (name, json) in members.iter_mut() {
            match self.member(name, json) {
                Some(member) => parsed.push(member),
                None => ok = false,
            }
        }
        ok.then_some(parsed)
    }

    fn required_member(&mut self, object: &mut Object, key: &str) -> Option<Member> {
        match object.get_mut(key) {
            Some(json) => self.member(key, json),
            None => {
                self.error(format!("missing `{key}`"));
                None
            }
        }
    }

    fn member(&mut self, name: &str, json: &mut Value) -> Option<Member> {
        if !super::shape_id::is_identifier(name) {
            self.member_error(name, "invalid member name");
            return None;
        }
        let id = self.id.with_member(name);
        let Value::Object(object) = json else {
            self.member_error(name, "a member must be a JSON object");
            return None;
        };
        let target = match object.get("target") {
            Some(Value::String(target)) => match ShapeId::parse(target) {
                Ok(target) if target.member().is_none() => target,
                Ok(_) => {
                    self.member_error(name, format!("target `{target}` names a member"));
                    return None;
                }
                Err(problem) => {
                    self.member_error(name, problem);
                    return None;
                }
            },
            Some(_) => {
                self.member_error(name, "`target` must be a string");
                return None;
            }
            None => {
                self.member_error(name, "missing `target`");
                return None;
            }
        };
        let mut member_context = ShapeContext {
            id: &id,
            errors: self.errors,
        };
        let traits = member_context.traits(object.get_mut("traits"));
        Some(Member {
            id,
            name: name.to_owned(),
            target,
            traits,
        })
    }

    /// A `{ "target": "ns#Name" }` reference.
    fn reference(&mut self, value: &Value, what: &str) -> Option<ShapeId> {
        let target = value.get("target").and_then(Value::as_str);
        match target.map(ShapeId::parse) {
            Some(Ok(id)) => Some(id),
            Some(Err(problem)) => {
                self.error(format!("{what}: {problem}"));
                None
            }
            None => {
                self.error(format!("{what} must be an object with a string `target`"));
                None
            }
        }
    }

    /// An optional reference whose absence or `smithy.api#Unit` means "none".
    fn optional_reference(&mut self, object: &Object, key: &str) -> Option<ShapeId> {
        let id = self.reference(object.get(key)?, &format!("`{key}`"))?;
        (id.to_string() != prelude::UNIT).then_some(id)
    }

    fn references(&mut self, object: &Object, key: &str) -> Vec<ShapeId> {
        match object.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| self.reference(item, &format!("an entry of `{key}`")))
                .collect(),
            Some(_) => {
                self.error(format!("`{key}` must be an array"));
                Vec::new()
            }
        }
    }

    fn operation(&mut self, object: &Object) -> Option<Operation> {
        Some(Operation {
            input: self.optional_reference(object, "input"),
            output: self.optional_reference(object, "output"),
            errors: self.references(object, "errors"),
        })
    }

    fn service(&mut self, object: &Object) -> Option<Service> {
        let version = match object.get("version") {
            Some(Value::String(version)) => version.clone(),
            Some(_) => {
                self.error("`version` must be a string");
                return None;
            }
            None => {
                self.error("a service needs a `version` (it is sent as the `Version` parameter)");
                return None;
            }
        };
        Some(Service {
            version,
            operations: self.references(object, "operations"),
            resources: self.references(object, "resources"),
            errors: self.references(object, "errors"),
        })
    }

    fn resource(&mut self, object: &Object) -> Option<Resource> {
        let mut operations = Vec::new();
        for lifecycle in ["create", "put", "read", "update", "delete", "list"] {
            operations.extend(self.optional_reference(object, lifecycle));
        }
        operations.extend(self.references(object, "operations"));
        operations.extend(self.references(object, "collectionOperations"));
        Some(Resource {
            operations,
            resources: self.references(object, "resources"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_input_and_output_mean_none() {
        let shapes = parse_document(
            r#"{"smithy":"2.0","shapes":{"a.b#Op":{"type":"operation",
                "input":{"target":"smithy.api#Unit"},"output":{"target":"smithy.api#Unit"}}}}"#,
        )
        .unwrap();
        let op = &shapes[&ShapeId::parse("a.b#Op").unwrap()];
        assert_eq!(op.kind, ShapeKind::Operation(Operation::default()));
    }

    #[test]
    fn apply_merges_traits_into_shapes_of_other_documents() {
        let shapes = parse_document(
            r#"{"smithy":"2.0","shapes":{
                "smithy.api#String":{"type":"apply","traits":{"smithy.api#documentation":"d"}}}}"#,
        )
        .unwrap();
        let shape = &shapes[&ShapeId::parse("smithy.api#String").unwrap()];
        assert_eq!(shape.traits.documentation(), Some("d"));
    }

    #[test]
    fn reports_every_structural_problem() {
        let errors = parse_document(
            r#"{"smithy":"2.0","shapes":{
                "a.b#NoType":{},
                "a.b#BadType":{"type":"thing"},
                "a.b#S":{"type":"structure","members":{"m":{"target":3}}},
                "a.b#L":{"type":"list"},
                "bad id":{"type":"string"},
                "a.b#D":{"type":"string","traits":{"smithy.api#documentation":1}}}}"#,
        )
        .unwrap_err();
        let text = errors.to_string();
        for expected in [
            "`a.b#NoType`: missing the `type` key",
            "`a.b#BadType`: unknown shape type `thing`",
            "`a.b#S$m`: `target` must be a string",
            "`a.b#L`: missing `member`",
            "`bad id`: `bad id` is not an absolute shape id",
            "`a.b#D`: trait `smithy.api#documentation` must be a string",
        ] {
            assert!(text.contains(expected), "{expected} not in {text}");
        }
    }
}
