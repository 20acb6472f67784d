//! Values written in the model — `smithy.api#examples` inputs and the params
//! of `smithy.test` cases — checked against the lowered types and turned into
//! [`ValueIr`] trees, so that emitters only print them. A value that does not
//! fit is a [`ValueError`] naming the member path and what is wrong.

use std::collections::BTreeMap;

use serde_json::Value;

use super::ir::*;
use crate::datetime::{DateTime, TimestampFormat as ParseFormat};

/// Why a value does not fit its type: at which member, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ValueError {
    /// `Input.BlockDeviceMappings[0].Ebs.VolumeSize`.
    pub(super) path: String,
    pub(super) problem: String,
}

/// The lowered types that values are checked against.
pub(super) struct Types<'a> {
    shared: BTreeMap<&'a str, &'a TypeIr>,
}

impl<'a> Types<'a> {
    pub(super) fn new(shared_types: &'a [TypeIr]) -> Self {
        Types {
            shared: shared_types.iter().map(|ty| (ty.name(), ty)).collect(),
        }
    }

    /// The shared structure named `name` (an error shape, say).
    pub(super) fn shared_structure(&self, name: &str) -> Option<&'a StructureIr> {
        match self.shared.get(name) {
            Some(TypeIr::Structure(structure)) => Some(structure),
            _ => None,
        }
    }

    /// `json` as a value of `structure`; `path` names it in errors (`Input`).
    pub(super) fn structure(
        &self,
        structure: &StructureIr,
        operation_module: Option<&str>,
        json: &Value,
        path: &str,
    ) -> Result<StructureValueIr, ValueError> {
        let Value::Object(members) = json else {
            return Err(mismatch(path, "an object", json));
        };
        let mut fields = Vec::new();
        for (member_name, member_json) in members {
            let member_path = format!("{path}.{member_name}");
            let field = structure
                .fields
                .iter()
                .find(|field| &field.member_name == member_name)
                .ok_or_else(|| ValueError {
                    path: member_path.clone(),
                    problem: format!("`{}` has no such member", structure.shape_id),
                })?;
            // An explicit null is how examples leave a member out.
            if member_json.is_null() {
                continue;
            }
            fields.push(FieldValueIr {
                setter: field.name.clone(),
                set_method: field.set_method.clone(),
                value: self.value(&field.ty, member_json, &member_path)?,
            });
        }
        Ok(StructureValueIr {
            type_name: structure.name.clone(),
            operation_module: operation_module.map(str::to_owned),
            fields,
            fallible_build: structure.has_required_fields(),
        })
    }

    fn value(&self, ty: &ValueType, json: &Value, path: &str) -> Result<ValueIr, ValueError> {
        let wrong = || mismatch(path, expected_json(ty), json);
        let value = match ty {
            ValueType::String => ValueIr::String(json.as_str().ok_or_else(wrong)?.to_owned()),
            ValueType::BigInteger | ValueType::BigDecimal => match json {
                Value::String(text) => ValueIr::String(text.clone()),
                Value::Number(number) => ValueIr::String(number.to_string()),
                _ => return Err(wrong()),
            },
            ValueType::Boolean => ValueIr::Boolean(json.as_bool().ok_or_else(wrong)?),
            ValueType::Byte => ValueIr::Byte(integer(json, path, "a byte")?),
            ValueType::Short => ValueIr::Short(integer(json, path, "a short")?),
            ValueType::Integer => ValueIr::Integer(integer(json, path, "an integer")?),
            ValueType::Long => ValueIr::Long(integer(json, path, "a long")?),
            ValueType::Float => ValueIr::Float(float(json).ok_or_else(wrong)?),
            ValueType::Double => ValueIr::Double(float(json).ok_or_else(wrong)?),
            ValueType::Blob => ValueIr::Blob(json.as_str().ok_or_else(wrong)?.as_bytes().to_vec()),
            ValueType::Timestamp(_) => timestamp(json, path)?,
            ValueType::Enum(name) | ValueType::IntEnum(name) => {
                self.enum_value(name, json, path)?
            }
            ValueType::Structure { name, boxed } => {
                let Some(TypeIr::Structure(structure)) = self.shared.get(name.as_str()) else {
                    return Err(unknown_type(path, name));
                };
                ValueIr::Structure {
                    value: self.structure(structure, None, json, path)?,
                    boxed: *boxed,
                }
            }
            ValueType::Union { name, boxed } => self.union(name, *boxed, json, path)?,
            ValueType::List { item, .. } => {
                let Value::Array(items) = json else {
                    return Err(wrong());
                };
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(index, item_json)| {
                        self.value(item, item_json, &format!("{path}[{index}]"))
                    })
                    .collect::<Result<_, _>>()?;
                ValueIr::List(items)
            }
            ValueType::Map { key, value, .. } => {
                let Value::Object(entries) = json else {
                    return Err(wrong());
                };
                let entries = entries
                    .iter()
                    .map(|(entry_key, entry_json)| {
                        let entry_path = format!("{path}.{entry_key}");
                        let key =
                            self.value(key, &Value::String(entry_key.clone()), &entry_path)?;
                        Ok((key, self.value(value, entry_json, &entry_path)?))
                    })
                    .collect::<Result<_, _>>()?;
                ValueIr::Map(entries)
            }
        };
        Ok(value)
    }

    fn enum_value(&self, name: &str, json: &Value, path: &str) -> Result<ValueIr, ValueError> {
        let Some(TypeIr::Enum(enumeration)) = self.shared.get(name) else {
            return Err(unknown_type(path, name));
        };
        let variant = enumeration
            .variants
            .iter()
            .find(|variant| match &variant.value {
                EnumLiteral::String(value) => json.as_str() == Some(value.as_str()),
                EnumLiteral::Int(value) => json.as_i64() == Some(i64::from(*value)),
            });
        match variant {
            Some(variant) => Ok(ValueIr::Enum {
                type_name: enumeration.name.clone(),
                variant: variant.name.clone(),
            }),
            None => Err(ValueError {
                path: path.to_owned(),
                problem: format!(
                    "{} is not a value of the enum `{}`",
                    describe(json),
                    enumeration.shape_id
                ),
            }),
        }
    }

    fn union(
        &self,
        name: &str,
        boxed: bool,
        json: &Value,
        path: &str,
    ) -> Result<ValueIr, ValueError> {
        let Some(TypeIr::Union(union)) = self.shared.get(name) else {
            return Err(unknown_type(path, name));
        };
        let members = match json {
            Value::Object(members) if members.len() == 1 => members,
            _ => return Err(mismatch(path, "an object with exactly one member", json)),
        };
        let Some((member_name, member_json)) = members.iter().next() else {
            return Err(mismatch(path, "an object with exactly one member", json));
        };
        let member_path = format!("{path}.{member_name}");
        let variant = union
            .variants
            .iter()
            .find(|variant| &variant.member_name == member_name)
            .ok_or_else(|| ValueError {
                path: member_path.clone(),
                problem: format!("`{}` has no such member", union.shape_id),
            })?;
        let value = match &variant.ty {
            Some(ty) => Some(Box::new(self.value(ty, member_json, &member_path)?)),
            None => None,
        };
        Ok(ValueIr::Union {
            type_name: union.name.clone(),
            variant: variant.name.clone(),
            value,
            boxed,
        })
    }
}

fn integer<T: TryFrom<i64>>(json: &Value, path: &str, what: &str) -> Result<T, ValueError> {
    json.as_i64()
        .and_then(|value| T::try_from(value).ok())
        .ok_or_else(|| mismatch(path, what, json))
}

/// Numbers, and the strings `NaN`, `Infinity`, `-Infinity` the Smithy tests use.
fn float(json: &Value) -> Option<FloatIr> {
    match json {
        Value::Number(number) => number.as_f64().map(FloatIr::Finite),
        Value::String(text) => match text.as_str() {
            "NaN" => Some(FloatIr::NaN),
            "Infinity" => Some(FloatIr::Infinity),
            "-Infinity" => Some(FloatIr::NegativeInfinity),
            _ => None,
        },
        _ => None,
    }
}

/// Epoch seconds (exact to the nanosecond: read from the number's text, not
/// an `f64`) or a date-time string, read by the generated crate's own parser.
fn timestamp(json: &Value, path: &str) -> Result<ValueIr, ValueError> {
    let parsed = match json {
        Value::Number(number) => DateTime::parse(&number.to_string(), ParseFormat::EpochSeconds),
        Value::String(text) => DateTime::parse(text, ParseFormat::DateTime)
            .or_else(|_| DateTime::parse(text, ParseFormat::HttpDate)),
        _ => {
            return Err(mismatch(
                path,
                "a timestamp (epoch seconds or a date-time)",
                json,
            ));
        }
    };
    let instant = parsed.map_err(|error| ValueError {
        path: path.to_owned(),
        problem: error.to_string(),
    })?;
    Ok(ValueIr::Timestamp {
        seconds: instant.secs(),
        nanos: instant.subsec_nanos(),
    })
}

fn expected_json(ty: &ValueType) -> &'static str {
    match ty {
        ValueType::String | ValueType::Enum(_) => "a string",
        ValueType::BigInteger | ValueType::BigDecimal => "a number or a string",
        ValueType::Boolean => "a boolean",
        ValueType::Byte | ValueType::Short | ValueType::Integer | ValueType::Long => "an integer",
        ValueType::IntEnum(_) => "an integer",
        ValueType::Float | ValueType::Double => "a number",
        ValueType::Blob => "a string (the blob's bytes)",
        ValueType::Timestamp(_) => "a timestamp",
        ValueType::Structure { .. } | ValueType::Union { .. } | ValueType::Map { .. } => {
            "an object"
        }
        ValueType::List { .. } => "an array",
    }
}

fn mismatch(path: &str, expected: &str, found: &Value) -> ValueError {
    ValueError {
        path: path.to_owned(),
        problem: format!("expected {expected}, found {}", describe(found)),
    }
}

fn unknown_type(path: &str, name: &str) -> ValueError {
    ValueError {
        path: path.to_owned(),
        problem: format!("no generated type `{name}`"),
    }
}

/// A JSON value in words: `the string "100"`, `an array`.
fn describe(json: &Value) -> String {
    match json {
        Value::Null => "null".to_owned(),
        Value::Bool(value) => format!("the boolean {value}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => {
            let shown: String = text.chars().take(40).collect();
            let more = if text.chars().nth(40).is_some() {
                "..."
            } else {
                ""
            };
            format!("the string {shown:?}{more}")
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
