//! Lowering of operations and of each kind of shape.

use serde_json::Value;

use super::ir::*;
use super::naming::{self, NameScope};
use super::{Context, docs_of};
use crate::model::{
    EnumValue, Member, ModelError, Shape, ShapeId, ShapeKind, SimpleType, TimestampFormat, Traits,
};

/// Builder and struct methods a member-derived name must not take.
const RESERVED_FIELD_NAMES: &[&str] = &["build", "builder", "default", "clone", "eq", "ne", "fmt"];

impl Context<'_> {
    pub(super) fn operation(
        &self,
        id: &ShapeId,
        modules: &mut NameScope,
    ) -> Result<OperationIr, ModelError> {
        let shape = self.shape(id)?;
        let ShapeKind::Operation(operation) = &shape.kind else {
            return Err(ModelError::at(id, "not an operation"));
        };
        let type_prefix = naming::escape_identifier(&naming::upper_camel_case(id.name()));
        let module = modules.claim(
            &naming::escape_module_name(&naming::snake_case(id.name())),
            "_operation",
        );
        let structure_of = |shape_id: Option<&ShapeId>, suffix: &str| {
            let name = format!("{type_prefix}{suffix}");
            match shape_id {
                Some(shape_id) => self.structure(self.shape(shape_id)?, name, module.clone()),
                None => Ok(empty_structure(id, name, module.clone())),
            }
        };
        let mut input = structure_of(operation.input.as_ref(), "Input")?;
        input.in_requests = true;
        let mut output = structure_of(operation.output.as_ref(), "Output")?;
        output.in_requests = false;
        Ok(OperationIr {
            shape_id: id.to_string(),
            action: id.name().to_owned(),
            type_name: type_prefix,
            module,
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            input,
            output,
            examples: examples(&shape.traits),
        })
    }

    pub(super) fn shared_type(&self, id: &ShapeId) -> Result<TypeIr, ModelError> {
        let shape = self.shape(id)?;
        let (name, module) = self
            .type_names
            .get(id)
            .cloned()
            .ok_or_else(|| ModelError::at(id, "shape is not part of the generated types"))?;
        match &shape.kind {
            ShapeKind::Structure(_) => Ok(TypeIr::Structure(self.structure(shape, name, module)?)),
            ShapeKind::Union(members) => Ok(TypeIr::Union(self.union(shape, members, name, module)?)),
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                Ok(TypeIr::Enum(enumeration(shape, members, name, module)))
            }
            other => Err(ModelError::at(
                id,
                format!("a {} cannot be a named type", other.type_name()),
            )),
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
    ) -> Result<StructureIr, ModelError> {
        let ShapeKind::Structure(members) = &shape.kind else {
            return Err(ModelError::at(&shape.id, "expected a structure"));
        };
        let mut scope = NameScope::with_reserved(RESERVED_FIELD_NAMES);
        let fields = members
            .iter()
            .map(|member| self.field(shape, member, &mut scope))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(StructureIr {
            shape_id: shape.id.to_string(),
            builder_name: format!("{name}Builder"),
            name,
            module,
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            fields,
            in_requests: self.in_requests.contains(&shape.id),
        })
    }

    fn field(
        &self,
        owner: &Shape,
        member: &Member,
        scope: &mut NameScope,
    ) -> Result<FieldIr, ModelError> {
        let name = scope.claim_with(&naming::snake_case(&member.name), "_value", |base| {
            vec![base.to_owned(), format!("set_{base}"), format!("get_{base}")]
        });
        let target = self.shape(&member.target)?;
        let ty = self.value_type(member, Some(&owner.id))?;
        Ok(FieldIr {
            member_name: member.name.clone(),
            name,
            presence: presence(member, target, &ty),
            ty,
            docs: docs_of(&member.traits),
            deprecated: deprecation(&member.traits),
            sensitive: self.is_sensitive(member),
            query_key: query_key(member),
            idempotency_token: member.traits.is_idempotency_token(),
        })
    }

    fn union(
        &self,
        shape: &Shape,
        members: &[Member],
        name: String,
        module: String,
    ) -> Result<UnionIr, ModelError> {
        let mut scope = NameScope::with_reserved(&["Unknown"]);
        let variants = members
            .iter()
            .map(|member| {
                Ok(UnionVariantIr {
                    member_name: member.name.clone(),
                    name: scope.claim(&variant_name(&member.name), "Value"),
                    ty: if member.target.to_string() == "smithy.api#Unit" {
                        None
                    } else {
                        Some(self.value_type(member, Some(&shape.id))?)
                    },
                    docs: docs_of(&member.traits),
                    sensitive: self.is_sensitive(member),
                    query_key: query_key(member),
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        Ok(UnionIr {
            shape_id: shape.id.to_string(),
            name,
            module,
            docs: docs_of(&shape.traits),
            deprecated: deprecation(&shape.traits),
            variants,
            in_requests: self.in_requests.contains(&shape.id),
        })
    }

    /// The Rust type of a member's value. `owner` is the structure or union
    /// holding the member directly (`None` inside lists and maps, which
    /// allocate and so never need a box).
    fn value_type(&self, member: &Member, owner: Option<&ShapeId>) -> Result<ValueType, ModelError> {
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
            ShapeKind::List(item) => ValueType::List(Box::new(self.value_type(item, None)?)),
            ShapeKind::Map { key, value } => ValueType::Map {
                key: Box::new(self.value_type(key, None)?),
                value: Box::new(self.value_type(value, None)?),
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
                    format!("cannot target the {} `{}`", target.kind.type_name(), target.id),
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
        shape_id: format!("{operation} (no shape: smithy.api#Unit)"),
        builder_name: format!("{name}Builder"),
        name,
        module,
        docs: Vec::new(),
        deprecated: None,
        fields: Vec::new(),
        in_requests: false,
    }
}

fn enumeration(shape: &Shape, members: &[Member], name: String, module: String) -> EnumIr {
    let mut scope = NameScope::with_reserved(&["Unknown"]);
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
        return naming::escape_identifier(&format!("V{member_name}"));
    }
    naming::escape_identifier(&name)
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

fn presence(member: &Member, target: &Shape, ty: &ValueType) -> Presence {
    if member.traits.is_idempotency_token() {
        return Presence::Optional;
    }
    let default = member
        .traits
        .default_value()
        .or(target.traits.default_value())
        .and_then(|value| default_value(value, ty));
    match default {
        Some(default) if !member.traits.is_client_optional() => Presence::Defaulted(default),
        _ if member.traits.is_required() => Presence::Required,
        _ => Presence::Optional,
    }
}

/// The defaults this generator can express as Rust literals; others leave the
/// member optional.
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
        (ValueType::List(_), Value::Array(items)) if items.is_empty() => {
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

fn examples(traits: &Traits) -> Vec<ExampleIr> {
    traits
        .examples()
        .iter()
        .filter_map(|example| {
            let input = example.get("input").cloned().unwrap_or(Value::Object(Default::default()));
            Some(ExampleIr {
                title: example.get("title")?.as_str()?.to_owned(),
                docs: example
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(crate::docs::html_to_markdown)
                    .unwrap_or_default(),
                input,
            })
        })
        .collect()
}
