//! Lowering of operations and of each kind of shape.

use serde_json::Value;

use super::ir::*;
use super::naming::{self, NameScope};
use super::{Context, OperationNames, docs_of};
use crate::model::{
    EnumValue, Member, ModelError, ModelErrors, Shape, ShapeId, ShapeKind, SimpleType,
    TimestampFormat, Traits,
};

/// Builder and struct methods a member-derived name must not take, among
/// them those of an operation's input builder.
const RESERVED_FIELD_NAMES: &[&str] = &[
    "build",
    "builder",
    "default",
    "clone",
    "eq",
    "ne",
    "fmt",
    "send",
    "send_async",
    "wait",
    "wait_async",
    "into_paginator",
];

/// Methods a structure may have of its own, which the setters of a
/// structure that is its own builder must not take.
const STRUCTURE_METHODS: &[&str] = &[
    "request_id",
    "serialize_query",
    "deserialize_xml",
    "zero_value",
];

/// Whether the structure can be its own builder: every member optional
/// (nothing for `build()` to check or fill in), and no setter named like
/// one of the structure's own methods.
fn can_build_itself(fields: &[FieldIr]) -> bool {
    fields.iter().all(|field| {
        field.presence == Presence::Optional && !STRUCTURE_METHODS.contains(&field.name.as_str())
    })
}

impl Context<'_> {
    pub(super) fn operation(&self, names: &OperationNames) -> Result<OperationIr, ModelErrors> {
        let OperationNames {
            id,
            module,
            client_method,
        } = names;
        let shape = self.shape(id)?;
        let ShapeKind::Operation(operation) = &shape.kind else {
            return Err(ModelError::at(id, "not an operation").into());
        };
        let type_prefix = naming::item_type_name(&naming::upper_camel_case(id.name()));
        let structure_of = |shape_id: Option<&ShapeId>, suffix: &str| {
            let name = format!("{type_prefix}{suffix}");
            match shape_id {
                Some(shape_id) => self.structure(self.shape(shape_id)?, name, module.clone()),
                None => Ok(empty_structure(id, name, module.clone())),
            }
        };
        // Every part is lowered, so that every problem is reported at once.
        let input = structure_of(operation.input.as_ref(), "Input");
        let output = structure_of(operation.output.as_ref(), "Output");
        let errors = self.error_refs(&operation.errors);
        let (mut input, mut output, errors) = match (input, output, errors) {
            (Ok(input), Ok(output), Ok(errors)) => (input, output, errors),
            (input, output, errors) => {
                let problems = [
                    input.err(),
                    output.err(),
                    errors.err().map(ModelErrors::from),
                ];
                return Err(ModelErrors(
                    problems
                        .into_iter()
                        .flatten()
                        .flat_map(|errors| errors.0)
                        .collect(),
                ));
            }
        };
        input.in_requests = true;
        input.in_responses = false;
        output.in_requests = false;
        output.in_responses = true;
        output.response_root = Some(format!("{}Response", id.name()));
        Ok(OperationIr {
            shape_id: id.to_string(),
            action: id.name().to_owned(),
            error_type_name: naming::error_type_name(&type_prefix),
            client_method: client_method.clone(),
            type_name: type_prefix,
            module: module.clone(),
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            host_prefix: self.host_prefix(shape, &input)?,
            gzip_request: shape.traits.request_compression().contains(&"gzip"),
            errors,
            // Filled in once every type is lowered: see `cases`.
            protocol_tests: Vec::new(),
            examples: Vec::new(),
            // Filled in once every type is lowered: see `pagination`.
            paginator: None,
            // Filled in once every type is lowered: see `waiters`.
            waiters: Vec::new(),
            input,
            output,
        })
    }

    /// The modeled errors, ordered by code, each with a variant name that
    /// cannot clash with the error enum's fixed variants.
    fn error_refs(&self, errors: &[ShapeId]) -> Result<Vec<ErrorRefIr>, ModelError> {
        let mut sorted: Vec<&ShapeId> = errors.iter().collect();
        sorted.sort_by_key(|error| error.name());
        sorted.dedup();
        let mut variants =
            NameScope::with_reserved(&[ERROR_SERVICE_VARIANT, ERROR_RESPONSE_VARIANT]);
        sorted
            .into_iter()
            .map(|error| {
                let type_name = self.type_name(error)?.to_owned();
                Ok(ErrorRefIr {
                    variant: variants.claim(&type_name, "Error"),
                    type_name,
                    code: error.name().to_owned(),
                })
            })
            .collect()
    }

    /// `foo.{label}.` -> literal and label parts; every label must name a
    /// `@hostLabel` member of the input.
    fn host_prefix(
        &self,
        operation: &Shape,
        input: &StructureIr,
    ) -> Result<Option<Vec<HostPrefixPart>>, ModelError> {
        let Some(prefix) = operation.traits.host_prefix() else {
            return Ok(None);
        };
        let mut parts = Vec::new();
        let mut rest = prefix;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(HostPrefixPart::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').ok_or_else(|| {
                ModelError::at(
                    &operation.id,
                    format!("host prefix `{prefix}` has an unclosed `{{`"),
                )
            })? + open;
            let label = &rest[open + 1..close];
            let field = input
                .fields
                .iter()
                .find(|field| field.member_name == label && field.host_label)
                .ok_or_else(|| {
                    ModelError::at(
                        &operation.id,
                        format!(
                            "host prefix label `{label}` is not a `@hostLabel` member of the input"
                        ),
                    )
                })?;
            parts.push(HostPrefixPart::Label(field.name.clone()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(HostPrefixPart::Literal(rest.to_owned()));
        }
        Ok(Some(parts))
    }

    pub(super) fn shared_type(&self, id: &ShapeId) -> Result<TypeIr, ModelErrors> {
        let shape = self.shape(id)?;
        let (name, module) = self
            .type_names
            .get(id)
            .cloned()
            .ok_or_else(|| ModelError::at(id, "shape is not part of the generated types"))?;
        match &shape.kind {
            ShapeKind::Structure(_) => Ok(TypeIr::Structure(self.structure(shape, name, module)?)),
            ShapeKind::Union(members) => {
                Ok(TypeIr::Union(self.union(shape, members, name, module)?))
            }
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                Ok(TypeIr::Enum(enumeration(shape, members, name, module)))
            }
            other => Err(ModelError::at(
                id,
                format!("a {} cannot be a named type", other.type_name()),
            )
            .into()),
        }
    }

    fn shape(&self, id: &ShapeId) -> Result<&Shape, ModelError> {
        self.model
            .shape(id)
            .ok_or_else(|| ModelError::at(id, "shape not found"))
    }

    fn structure(
        &self,
        shape: &Shape,
        name: String,
        module: String,
    ) -> Result<StructureIr, ModelErrors> {
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(ModelError::at(&shape.id, "expected a structure").into());
        };
        let mut scope = NameScope::with_reserved(RESERVED_FIELD_NAMES);
        let fields = all(members
            .iter()
            .map(|member| self.field(shape, member, &mut scope)))?;
        Ok(StructureIr {
            shape_id: shape.id.to_string(),
            builder_name: format!("{name}Builder"),
            name,
            module,
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            in_requests: self.in_requests.contains(&shape.id),
            in_responses: self.in_responses.contains(&shape.id),
            response_root: None,
            error_code: shape.traits.error().map(|_| shape.id.name().to_owned()),
            needs_zero_value: false,
            builds_itself: can_build_itself(&fields),
            fields,
        })
    }

    fn field(
        &self,
        owner: &Shape,
        member: &Member,
        scope: &mut NameScope,
    ) -> Result<FieldIr, ModelError> {
        let accessors = naming::claim_field_accessors(scope, &member.name);
        let target = self.shape(&member.target)?;
        let ty = self.value_type(member, Some(&owner.id))?;
        Ok(FieldIr {
            serde_rename: naming::serde_field_rename(&accessors.field, &member.name),
            member_name: member.name.clone(),
            name: accessors.field,
            set_method: matches!(ty, ValueType::List { .. } | ValueType::Map { .. })
                .then_some(accessors.set_method),
            presence: presence(member, target, &ty, self.in_responses.contains(&owner.id))?,
            ty,
            docs: docs_of(&member.traits),
            deprecated: deprecation(&member.traits),
            // A sensitive structure redacts every field of its own.
            sensitive: owner.traits.is_sensitive() || self.is_sensitive(member),
            query_key: query_key(member),
            idempotency_token: member.traits.is_idempotency_token(),
            xml: xml_binding(member),
            host_label: member.traits.is_host_label(),
        })
    }

    fn union(
        &self,
        shape: &Shape,
        members: &[Member],
        name: String,
        module: String,
    ) -> Result<UnionIr, ModelErrors> {
        let mut scope = NameScope::with_reserved(&[UNKNOWN_VARIANT]);
        let variants = all(members.iter().map(|member| {
            let name = scope.claim(&variant_name(&member.name), "Value");
            Ok(UnionVariantIr {
                serde_rename: (name != member.name).then(|| member.name.clone()),
                member_name: member.name.clone(),
                name,
                ty: if member.target.to_string() == "smithy.api#Unit" {
                    None
                } else {
                    Some(self.value_type(member, Some(&shape.id))?)
                },
                docs: docs_of(&member.traits),
                sensitive: shape.traits.is_sensitive() || self.is_sensitive(member),
                query_key: query_key(member),
                xml: xml_binding(member),
            })
        }))?;
        Ok(UnionIr {
            shape_id: shape.id.to_string(),
            name,
            module,
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            variants,
            in_requests: self.in_requests.contains(&shape.id),
            in_responses: self.in_responses.contains(&shape.id),
        })
    }

    /// The Rust type of a member's value. `owner` is the structure or union
    /// holding the member directly (`None` inside lists and maps, which
    /// allocate and so never need a box).
    fn value_type(
        &self,
        member: &Member,
        owner: Option<&ShapeId>,
    ) -> Result<ValueType, ModelError> {
        let target = self.shape(&member.target)?;
        let ty = match &target.kind {
            ShapeKind::Simple(simple) => match simple {
                SimpleType::Blob => ValueType::Blob,
                SimpleType::Boolean => ValueType::Boolean,
                SimpleType::String => ValueType::String,
                SimpleType::Byte => ValueType::Byte,
                SimpleType::Short => ValueType::Short,
                SimpleType::Integer => ValueType::Integer,
                SimpleType::Long => ValueType::Long,
                SimpleType::Float => ValueType::Float,
                SimpleType::Double => ValueType::Double,
                SimpleType::BigInteger => ValueType::BigInteger,
                SimpleType::BigDecimal => ValueType::BigDecimal,
                SimpleType::Timestamp => ValueType::Timestamp(
                    member
                        .traits
                        .timestamp_format()
                        .or(target.traits.timestamp_format())
                        .unwrap_or(TimestampFormat::DateTime),
                ),
                SimpleType::Document => {
                    return Err(ModelError::at(
                        &member.id,
                        "documents cannot be sent or received with ec2Query",
                    ));
                }
            },
            ShapeKind::Enum(_) => ValueType::Enum(self.type_name(&target.id)?.to_owned()),
            ShapeKind::IntEnum(_) => ValueType::IntEnum(self.type_name(&target.id)?.to_owned()),
            ShapeKind::List(item) => ValueType::List {
                item: Box::new(self.value_type(item, None)?),
                item_name: item.traits.xml_name().unwrap_or("member").to_owned(),
            },
            ShapeKind::Map { key, value } => ValueType::Map {
                key: Box::new(self.value_type(key, None)?),
                value: Box::new(self.value_type(value, None)?),
                key_name: key.traits.xml_name().unwrap_or("key").to_owned(),
                value_name: value.traits.xml_name().unwrap_or("value").to_owned(),
            },
            ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let name = self.type_name(&target.id)?.to_owned();
                let boxed = owner.is_some_and(|owner| self.cycles.needs_box(owner, &target.id));
                if matches!(target.kind, ShapeKind::Union(_)) {
                    ValueType::Union { name, boxed }
                } else {
                    ValueType::Structure { name, boxed }
                }
            }
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {
                return Err(ModelError::at(
                    &member.id,
                    format!(
                        "cannot target the {} `{}`",
                        target.kind.type_name(),
                        target.id
                    ),
                ));
            }
        };
        Ok(ty)
    }

    /// Sensitive when the member, its target, or the items of a list or map
    /// target are marked `@sensitive`.
    fn is_sensitive(&self, member: &Member) -> bool {
        let mut pending = vec![member];
        let mut seen = 0;
        while let Some(member) = pending.pop() {
            seen += 1;
            let Some(target) = self.model.shape(&member.target) else {
                continue;
            };
            if member.traits.is_sensitive() || target.traits.is_sensitive() {
                return true;
            }
            // Lists and maps nest finitely unless they cycle through a
            // structure, whose own Debug redacts its own fields.
            if seen < 32 {
                if let ShapeKind::List(_) | ShapeKind::Map { .. } = target.kind {
                    pending.extend(target.kind.members());
                }
            }
        }
        false
    }
}

fn empty_structure(operation: &ShapeId, name: String, module: String) -> StructureIr {
    StructureIr {
        // The operation has no input or output shape; the type stands in for it.
        shape_id: format!("smithy.api#Unit (of {operation})"),
        builder_name: format!("{name}Builder"),
        name,
        module,
        docs: Vec::new(),
        deprecated: None,
        fields: Vec::new(),
        in_requests: false,
        in_responses: false,
        response_root: None,
        error_code: None,
        needs_zero_value: false,
        builds_itself: true,
    }
}

fn xml_binding(member: &Member) -> XmlBinding {
    XmlBinding {
        name: member.traits.xml_name().unwrap_or(&member.name).to_owned(),
        flattened: member.traits.is_xml_flattened(),
        attribute: member.traits.is_xml_attribute(),
    }
}

fn enumeration(shape: &Shape, members: &[Member], name: String, module: String) -> EnumIr {
    let mut scope = NameScope::with_reserved(&[UNKNOWN_VARIANT]);
    let variants = members
        .iter()
        .map(|member| EnumVariantIr {
            name: scope.claim(&variant_name(&member.name), "Value"),
            value: match member.traits.enum_value() {
                Some(EnumValue::Int(value)) => {
                    EnumLiteral::Int(i32::try_from(value).unwrap_or_default())
                }
                Some(EnumValue::String(value)) => EnumLiteral::String(value.to_owned()),
                None => EnumLiteral::String(member.name.clone()),
            },
            docs: docs_of(&member.traits),
            deprecated: deprecation(&member.traits),
        })
        .collect();
    EnumIr {
        shape_id: shape.id.to_string(),
        name,
        module,
        docs: docs_of(&shape.traits),
        deprecated: deprecation(&shape.traits),
        variants,
        sensitive: shape.traits.is_sensitive(),
    }
}

fn variant_name(member_name: &str) -> String {
    let name = naming::upper_camel_case(member_name);
    if name.is_empty() {
        // A name of only underscores has no words to keep.
        return naming::escape_type_name(&format!("V{member_name}"));
    }
    naming::escape_type_name(&name)
}

/// The ec2Query key: `ec2QueryName`, else `xmlName` capitalized, else the
/// member name capitalized.
fn query_key(member: &Member) -> String {
    if let Some(name) = member.traits.ec2_query_name() {
        return name.to_owned();
    }
    let name = member.traits.xml_name().unwrap_or(&member.name);
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// `in_responses`: the owner can be part of a response, which may leave out
/// `@clientOptional` members.
fn presence(
    member: &Member,
    target: &Shape,
    ty: &ValueType,
    in_responses: bool,
) -> Result<Presence, ModelError> {
    if member.traits.is_idempotency_token() {
        return Ok(Presence::Optional);
    }
    let default = match member
        .traits
        .default_value()
        .or(target.traits.default_value())
    {
        // `null` on a member removes its target's default.
        None | Some(Value::Null) => None,
        Some(value) => Some(default_value(value, ty).ok_or_else(|| {
            ModelError::at(
                &member.id,
                format!("the default `{value}` is not a value of the member's type"),
            )
        })?),
    };
    Ok(match default {
        Some(default) if !member.traits.is_client_optional() => Presence::Defaulted(default),
        _ if member.traits.is_required() && in_responses && member.traits.is_client_optional() => {
            Presence::Checked
        }
        _ if member.traits.is_required() => Presence::Required,
        _ => Presence::Optional,
    })
}

/// The member's default as a Rust literal; `None` when it does not fit the type.
fn default_value(value: &Value, ty: &ValueType) -> Option<DefaultValue> {
    match (ty, value) {
        (ValueType::Boolean, Value::Bool(value)) => Some(DefaultValue::Bool(*value)),
        (ValueType::Byte, Value::Number(number)) => integer_default(number, i8::MIN, i8::MAX),
        (ValueType::Short, Value::Number(number)) => integer_default(number, i16::MIN, i16::MAX),
        (ValueType::Integer, Value::Number(number)) => integer_default(number, i32::MIN, i32::MAX),
        (ValueType::Long, Value::Number(number)) => integer_default(number, i64::MIN, i64::MAX),
        (ValueType::Float | ValueType::Double, Value::Number(number)) => number
            .as_f64()
            .filter(|value| value.is_finite())
            .map(DefaultValue::Float),
        (ValueType::String | ValueType::Enum(_), Value::String(value)) => {
            Some(DefaultValue::String(value.clone()))
        }
        (ValueType::List { .. }, Value::Array(items)) if items.is_empty() => {
            Some(DefaultValue::EmptyList)
        }
        (ValueType::Map { .. }, Value::Object(entries)) if entries.is_empty() => {
            Some(DefaultValue::EmptyMap)
        }
        _ => None,
    }
}

fn integer_default(
    number: &serde_json::Number,
    min: impl Into<i64>,
    max: impl Into<i64>,
) -> Option<DefaultValue> {
    let value = number.as_i64()?;
    (min.into()..=max.into())
        .contains(&value)
        .then_some(DefaultValue::Integer(value))
}

fn deprecation(traits: &Traits) -> Option<DeprecationIr> {
    let deprecated = traits.deprecated()?;
    let note = match (deprecated.message, deprecated.since) {
        (Some(message), Some(since)) => format!("{message} (since {since})"),
        (Some(message), None) => message.to_owned(),
        (None, Some(since)) => format!("deprecated since {since}"),
        (None, None) => "deprecated".to_owned(),
    };
    Some(DeprecationIr { note })
}

/// Every item, or every problem of every item that failed.
pub(super) fn all<T>(
    results: impl IntoIterator<Item = Result<T, ModelError>>,
) -> Result<Vec<T>, ModelErrors> {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(item) => items.push(item),
            Err(problem) => problems.push(problem),
        }
    }
    ModelErrors::into_result(problems)?;
    Ok(items)
}
