//! The Smithy model: a typed view of a Smithy 2.0 JSON AST document.
//!
//! This layer knows Smithy and nothing of Rust. [`Model::from_json`] parses and
//! validates a whole document up front and reports every problem at once, each
//! naming the shape (and member) it concerns.

mod error;
pub mod jmespath;
mod parse;
pub mod partitions;
mod prelude;
pub mod resources;
pub mod rules;
mod shape_id;
mod traits;
mod validate;
pub use validate::check_closure_names;
pub mod waiters;
mod walk;

pub use error::{ModelError, ModelErrors};
pub use shape_id::ShapeId;
pub use traits::{
    Deprecated, EnumValue, Paginated, TimestampFormat, Traits, XmlNamespace, trait_ids,
};
pub use walk::closure_of_operations;

use std::collections::BTreeMap;

/// A parsed, validated Smithy model. Every member target resolves.
#[derive(Clone, Debug, Default)]
pub struct Model {
    shapes: BTreeMap<ShapeId, Shape>,
}

/// One shape: its id, its kind and the traits applied to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
}

/// A member of an aggregate shape (structure, union, list, map, enum, intEnum).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// `namespace#Shape$member`.
    pub id: ShapeId,
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

/// The Smithy shape types.
#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    Simple(SimpleType),
    /// `enum`: string values, one member per value.
    Enum(Vec<Member>),
    /// `intEnum`: integer values, one member per value.
    IntEnum(Vec<Member>),
    /// `list` (and the Smithy 1.0 `set`).
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Operation(Operation),
    Service(Service),
    Resource(Resource),
}

/// The Smithy simple types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SimpleType {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Operation {
    /// `None` when the operation has no input (`smithy.api#Unit`).
    pub input: Option<ShapeId>,
    /// `None` when the operation has no output (`smithy.api#Unit`).
    pub output: Option<ShapeId>,
    pub errors: Vec<ShapeId>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub version: String,
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
    pub errors: Vec<ShapeId>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resource {
    /// Every operation bound to the resource (lifecycle and other), in model order.
    pub operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

impl Model {
    /// Parses and validates a Smithy 2.0 JSON AST document.
    pub fn from_json(text: &str) -> Result<Self, ModelErrors> {
        let parsed = parse::parse_document_partially(text)?;
        let model = Model {
            shapes: parsed.shapes,
        };
        // Shapes that did not parse are left out, and the rest still checked,
        // so every problem is reported at once.
        let mut errors = parsed.errors;
        if let Err(problems) = validate::validate(&model, &parsed.broken) {
            errors.extend(problems.0);
        }
        ModelErrors::into_result(errors)?;
        Ok(model)
    }

    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Every shape, ordered by shape id.
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values()
    }

    /// The services of the model, ordered by shape id.
    pub fn services(&self) -> impl Iterator<Item = (&Shape, &Service)> {
        self.shapes.values().filter_map(|shape| match &shape.kind {
            ShapeKind::Service(service) => Some((shape, service)),
            _ => None,
        })
    }

    /// The one service of the model; an error when there is none or several.
    pub fn single_service(&self) -> Result<(&Shape, &Service), ModelErrors> {
        let mut services = self.services();
        match (services.next(), services.next()) {
            (Some(service), None) => Ok(service),
            (None, _) => Err(ModelError::model("the model has no service shape").into()),
            (Some((first, _)), Some((second, _))) => Err(ModelError::model(format!(
                "the model has several services (`{}`, `{}`, ...); generation needs exactly one",
                first.id, second.id
            ))
            .into()),
        }
    }

    /// Every operation bound to the service, directly or through its resources,
    /// in model order without repeats.
    pub fn service_operations(&self, service: &Service) -> Vec<ShapeId> {
        walk::service_operations(self, service)
    }

    /// The shape `id` names, or its member when `id` has a member part.
    pub fn member(&self, id: &ShapeId) -> Option<&Member> {
        let shape = self.shapes.get(&id.root())?;
        let name = id.member()?;
        shape.kind.members().find(|member| member.name == name)
    }
}

impl ShapeKind {
    /// The members of an aggregate shape in model order (none for other kinds).
    pub fn members(&self) -> Box<dyn Iterator<Item = &Member> + '_> {
        match self {
            ShapeKind::Enum(members)
            | ShapeKind::IntEnum(members)
            | ShapeKind::Structure(members)
            | ShapeKind::Union(members) => Box::new(members.iter()),
            ShapeKind::List(member) => Box::new(std::iter::once(member)),
            ShapeKind::Map { key, value } => Box::new([key, value].into_iter()),
            ShapeKind::Simple(_)
            | ShapeKind::Operation(_)
            | ShapeKind::Service(_)
            | ShapeKind::Resource(_) => Box::new(std::iter::empty()),
        }
    }

    /// The Smithy type name, as written in the JSON AST.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(simple) => simple.type_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

impl SimpleType {
    pub const ALL: [SimpleType; 13] = [
        SimpleType::Blob,
        SimpleType::Boolean,
        SimpleType::String,
        SimpleType::Byte,
        SimpleType::Short,
        SimpleType::Integer,
        SimpleType::Long,
        SimpleType::Float,
        SimpleType::Double,
        SimpleType::BigInteger,
        SimpleType::BigDecimal,
        SimpleType::Timestamp,
        SimpleType::Document,
    ];

    pub fn type_name(self) -> &'static str {
        match self {
            SimpleType::Blob => "blob",
            SimpleType::Boolean => "boolean",
            SimpleType::String => "string",
            SimpleType::Byte => "byte",
            SimpleType::Short => "short",
            SimpleType::Integer => "integer",
            SimpleType::Long => "long",
            SimpleType::Float => "float",
            SimpleType::Double => "double",
            SimpleType::BigInteger => "bigInteger",
            SimpleType::BigDecimal => "bigDecimal",
            SimpleType::Timestamp => "timestamp",
            SimpleType::Document => "document",
        }
    }
}
