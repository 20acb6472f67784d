//! The Smithy prelude (`smithy.api#String`, `smithy.api#Unit`, ...): shapes every
//! model may target without defining them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Shape, ShapeId, ShapeKind, SimpleType, Traits, trait_ids};

pub(super) const UNIT: &str = "smithy.api#Unit";

const NAMESPACE: &str = "smithy.api";

/// Adds each prelude shape the document does not define itself.
pub(super) fn add_missing(shapes: &mut BTreeMap<ShapeId, Shape>) {
    for shape in prelude_shapes() {
        shapes.entry(shape.id.clone()).or_insert(shape);
    }
}

fn prelude_shapes() -> Vec<Shape> {
    let mut shapes = Vec::new();
    let mut add = |name: &str, kind: ShapeKind, traits: Vec<(&str, Value)>| {
        let traits = traits
            .into_iter()
            .map(|(id, value)| (id.to_owned(), value))
            .collect();
        shapes.push(Shape {
            id: ShapeId::parse(&format!("{NAMESPACE}#{name}"))
                .unwrap_or_else(|_| unreachable!("prelude names are valid identifiers")),
            kind,
            traits: Traits::new(traits),
        });
    };
    for simple in SimpleType::ALL {
        let name = match simple {
            SimpleType::BigInteger => "BigInteger".to_owned(),
            SimpleType::BigDecimal => "BigDecimal".to_owned(),
            other => upper_first(other.type_name()),
        };
        add(&name, ShapeKind::Simple(simple), Vec::new());
    }
    for (name, simple, default) in [
        ("PrimitiveBoolean", SimpleType::Boolean, json!(false)),
        ("PrimitiveByte", SimpleType::Byte, json!(0)),
        ("PrimitiveShort", SimpleType::Short, json!(0)),
        ("PrimitiveInteger", SimpleType::Integer, json!(0)),
        ("PrimitiveLong", SimpleType::Long, json!(0)),
        ("PrimitiveFloat", SimpleType::Float, json!(0)),
        ("PrimitiveDouble", SimpleType::Double, json!(0)),
    ] {
        add(
            name,
            ShapeKind::Simple(simple),
            vec![(trait_ids::DEFAULT, default)],
        );
    }
    add(
        "Unit",
        ShapeKind::Structure(Vec::new()),
        vec![(trait_ids::UNIT_TYPE, json!({}))],
    );
    shapes
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
