//! `smithy.waiters#waitable`, lowered once every type is: each acceptor's
//! JMESPath is typed against the lowered input and output (fields, lists,
//! projections, filters, `length`, comparisons, `&&`/`||`/`!`) into an
//! [`ExprIr`] the emitter prints as Rust, so the crate needs no JMESPath
//! runtime. An expression that cannot be typed is a model error naming the
//! operation, the waiter, the acceptor and the path.

use super::ir::*;
use super::naming::{self, NameScope};
use super::values::Types;
use crate::model::jmespath::Expr;
use crate::model::waiters::{self, Matcher, PathComparator, PathMatcher, Waiter};
use crate::model::{Model, ModelError, ShapeId};

pub(super) fn lower_waiters(
    model: &Model,
    operations: &mut [(ShapeId, OperationIr)],
    shared_types: &[TypeIr],
    client_methods: &mut NameScope,
) -> Vec<ModelError> {
    let types = Types::new(shared_types);
    let mut errors = Vec::new();
    for (id, operation) in operations.iter_mut() {
        let Some(shape) = model.shape(id) else {
            continue;
        };
        let (declared, problems) = waiters::waiters(&shape.traits);
        errors.extend(
            problems
                .into_iter()
                .map(|problem| ModelError::at(id, problem)),
        );
        // The names the operation's module has already.
        let mut module_names = NameScope::with_reserved(&[
            &operation.type_name,
            &operation.input.name,
            &operation.input.builder_name,
            &operation.output.name,
            &operation.output.builder_name,
            &operation.error_type_name,
        ]);
        let typer = Typer {
            types: &types,
            input: &operation.input,
            output: &operation.output,
        };
        let mut lowered = Vec::new();
        for waiter in &declared {
            match typer.waiter(waiter) {
                Ok(acceptors) => lowered.push(WaiterIr {
                    type_name: module_names
                        .claim(&naming::upper_camel_case(&waiter.name), "Waiter"),
                    client_method: client_methods.claim(
                        &format!("wait_until_{}", naming::snake_case(&waiter.name)),
                        "_waiter",
                    ),
                    docs: waiter_docs(waiter, &operation.action),
                    name: waiter.name.clone(),
                    min_delay: waiter.min_delay,
                    max_delay: waiter.max_delay,
                    deprecated: waiter.deprecated,
                    acceptors,
                }),
                Err(problems) => errors.extend(problems.into_iter().map(|problem| {
                    ModelError::at(id, format!("waiter `{}`: {problem}", waiter.name))
                })),
            }
        }
        operation.waiters = lowered;
    }
    errors
}

fn waiter_docs(waiter: &Waiter, action: &str) -> Vec<String> {
    let mut docs: Vec<String> = waiter
        .documentation
        .as_deref()
        .map(crate::docs::html_to_markdown)
        .unwrap_or_default();
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!(
        "Calls `{action}` until an acceptor matches, waiting {} to {} s between calls.",
        waiter.min_delay, waiter.max_delay
    ));
    docs
}

struct Typer<'t> {
    types: &'t Types<'t>,
    input: &'t StructureIr,
    output: &'t StructureIr,
}

impl Typer<'_> {
    fn waiter(&self, waiter: &Waiter) -> Result<Vec<AcceptorIr>, Vec<String>> {
        let mut acceptors = Vec::new();
        let mut problems = Vec::new();
        for (index, acceptor) in waiter.acceptors.iter().enumerate() {
            let matcher = match &acceptor.matcher {
                Matcher::Output(path) => self.path_matcher(path, self.output_root()),
                Matcher::InputOutput(path) => self.path_matcher(
                    path,
                    ExprIr {
                        kind: ExprKind::InputOutput,
                        node: ExprNode::InputOutput,
                    },
                ),
                Matcher::Success(success) => Ok(MatcherIr::Success(*success)),
                // `ns#Name` names an error shape; its code is the name.
                Matcher::ErrorType(error) => Ok(MatcherIr::ErrorCode(
                    error.rsplit('#').next().unwrap_or(error).to_owned(),
                )),
            };
            match matcher {
                Ok(matcher) => acceptors.push(AcceptorIr {
                    state: acceptor.state,
                    matcher,
                }),
                Err(problem) => problems.push(format!("acceptor {index}: {problem}")),
            }
        }
        if problems.is_empty() {
            Ok(acceptors)
        } else {
            Err(problems)
        }
    }

    fn output_root(&self) -> ExprIr {
        ExprIr {
            kind: ExprKind::Value(structure_type(&self.output.name)),
            node: ExprNode::Output,
        }
    }

    fn path_matcher(&self, matcher: &PathMatcher, root: ExprIr) -> Result<MatcherIr, String> {
        let path = &matcher.path;
        let value = self
            .expr(&matcher.expression, &root)
            .map_err(|problem| format!("path `{path}`: {problem}"))?;
        let expected = matcher.expected.clone();
        let wrong = |wanted: &str| {
            format!(
                "path `{path}`: `{}` needs {wanted}, and the path gives {}",
                matcher.comparator.name(),
                describe(&value.kind)
            )
        };
        let (value, test) = match matcher.comparator {
            PathComparator::StringEquals if is_text(&value.kind) => {
                (value, PathTestIr::StringEquals(expected))
            }
            PathComparator::BooleanEquals if is_bool(&value.kind) => {
                (value, PathTestIr::BooleanEquals(expected == "true"))
            }
            PathComparator::AllStringEquals | PathComparator::AnyStringEquals => {
                let values = elements(value.clone())
                    .filter(|values| matches!(&values.kind, ExprKind::Values(item) if is_text_type(item)))
                    .ok_or_else(|| wrong("a list of strings"))?;
                let test = if matcher.comparator == PathComparator::AllStringEquals {
                    PathTestIr::AllStringEquals(expected)
                } else {
                    PathTestIr::AnyStringEquals(expected)
                };
                (values, test)
            }
            PathComparator::StringEquals => return Err(wrong("a string")),
            PathComparator::BooleanEquals => return Err(wrong("a boolean")),
        };
        Ok(MatcherIr::Path {
            path: path.clone(),
            value,
            test,
        })
    }

    fn structure(&self, name: &str) -> Option<&StructureIr> {
        if name == self.output.name {
            Some(self.output)
        } else if name == self.input.name {
            Some(self.input)
        } else {
            self.types.shared_structure(name)
        }
    }

    /// Types `expr` where `@` is `current`.
    fn expr(&self, expr: &Expr, current: &ExprIr) -> Result<ExprIr, String> {
        match expr {
            Expr::Current => Ok(current.clone()),
            Expr::Field(name) => self.field(current, name),
            Expr::Subexpr(left, right) => {
                let left = self.expr(left, current)?;
                self.expr(right, &left)
            }
            // The right side sees the left's value as `@`, projection or not.
            Expr::Pipe(left, right) => {
                let left = self.expr(left, current)?;
                self.expr(right, &left)
            }
            Expr::Index(base, index) => {
                let base = self.expr(base, current)?;
                // A list member, or a projection a pipe ended.
                let item = match &base.kind {
                    ExprKind::Value(ValueType::List { item, .. }) => (**item).clone(),
                    ExprKind::Values(item) => item.clone(),
                    kind => {
                        return Err(format!("`[{index}]` needs a list, not {}", describe(kind)));
                    }
                };
                Ok(ExprIr {
                    kind: ExprKind::Value(item),
                    node: ExprNode::Index {
                        base: Box::new(base),
                        index: *index,
                    },
                })
            }
            Expr::Flatten(base) => {
                let base = self.expr(base, current)?;
                flatten(base)
            }
            Expr::ListProjection { base, then } => {
                let base = self.expr(base, current)?;
                let values = elements(base.clone()).ok_or_else(|| {
                    format!("a projection needs a list, not {}", describe(&base.kind))
                })?;
                self.project(values, then)
            }
            Expr::FilterProjection {
                base,
                condition,
                then,
            } => {
                let base = self.expr(base, current)?;
                let values = elements(base.clone()).ok_or_else(|| {
                    format!("a filter needs a list, not {}", describe(&base.kind))
                })?;
                let ExprKind::Values(item) = &values.kind else {
                    return Err("a filter needs a list".to_owned());
                };
                let condition = self.expr(condition, &element(item))?;
                let filtered = ExprIr {
                    kind: values.kind.clone(),
                    node: ExprNode::Filter {
                        base: Box::new(values),
                        condition: Box::new(condition),
                    },
                };
                self.project(filtered, then)
            }
            Expr::ValueProjection { .. } => Err(
                "`*` over a structure's members is not supported: their types differ".to_owned(),
            ),
            Expr::Compare(comparison, left, right) => {
                let left = self.expr(left, current)?;
                let right = self.expr(right, current)?;
                let comparable = (is_text(&left.kind) && is_text(&right.kind))
                    || (is_number(&left.kind) && is_number(&right.kind))
                    || (is_bool(&left.kind) && is_bool(&right.kind));
                if !comparable {
                    return Err(format!(
                        "`{}` cannot compare {} with {}",
                        comparison.symbol(),
                        describe(&left.kind),
                        describe(&right.kind)
                    ));
                }
                let ordering = !matches!(comparison, Comparison::Equal | Comparison::NotEqual);
                if ordering && !is_number(&left.kind) {
                    return Err(format!(
                        "`{}` orders numbers only, not {}",
                        comparison.symbol(),
                        describe(&left.kind)
                    ));
                }
                Ok(boolean(ExprNode::Compare {
                    comparison: *comparison,
                    left: Box::new(left),
                    right: Box::new(right),
                }))
            }
            Expr::Not(operand) => {
                let operand = self.expr(operand, current)?;
                Ok(boolean(ExprNode::Not(Box::new(operand))))
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let left = self.expr(left, current)?;
                let right = self.expr(right, current)?;
                for operand in [&left, &right] {
                    if !is_bool(&operand.kind) {
                        return Err(format!(
                            "`&&` and `||` are typed for booleans only, not {}",
                            describe(&operand.kind)
                        ));
                    }
                }
                let (left, right) = (Box::new(left), Box::new(right));
                Ok(boolean(if matches!(expr, Expr::And(..)) {
                    ExprNode::And(left, right)
                } else {
                    ExprNode::Or(left, right)
                }))
            }
            Expr::Literal(value) => match value {
                serde_json::Value::Bool(flag) => Ok(boolean(ExprNode::Bool(*flag))),
                serde_json::Value::Number(number) => Ok(ExprIr {
                    kind: ExprKind::Number,
                    node: ExprNode::Number(number.as_f64().unwrap_or_default()),
                }),
                serde_json::Value::String(text) => Ok(ExprIr {
                    kind: ExprKind::Text,
                    node: ExprNode::Text(text.clone()),
                }),
                other => Err(format!(
                    "the literal `{other}` is not a string, number or boolean"
                )),
            },
            Expr::Function(name, arguments) => match (name.as_str(), arguments.as_slice()) {
                ("length", [argument]) => {
                    let argument = self.expr(argument, current)?;
                    let measurable = matches!(
                        &argument.kind,
                        ExprKind::Value(
                            ValueType::String | ValueType::List { .. } | ValueType::Map { .. }
                        ) | ExprKind::Values(_)
                            | ExprKind::Text
                    );
                    if !measurable {
                        return Err(format!(
                            "`length` needs a string, list or map, not {}",
                            describe(&argument.kind)
                        ));
                    }
                    Ok(ExprIr {
                        kind: ExprKind::Number,
                        node: ExprNode::Length(Box::new(argument)),
                    })
                }
                ("length", _) => Err("`length` takes one argument".to_owned()),
                (other, _) => Err(format!(
                    "the function `{other}` is not supported (`length` is)"
                )),
            },
        }
    }

    fn field(&self, base: &ExprIr, name: &str) -> Result<ExprIr, String> {
        let structure_name = match &base.kind {
            ExprKind::InputOutput => {
                return match name {
                    "input" => Ok(ExprIr {
                        kind: ExprKind::Value(structure_type(&self.input.name)),
                        node: ExprNode::Input,
                    }),
                    "output" => Ok(self.output_root()),
                    other => Err(format!(
                        "an `inputOutput` path starts with `input` or `output`, not `{other}`"
                    )),
                };
            }
            ExprKind::Value(ValueType::Structure { name, .. }) => name,
            kind => return Err(format!("`{name}` is not a member of {}", describe(kind))),
        };
        let structure = self
            .structure(structure_name)
            .ok_or_else(|| format!("`{structure_name}` is not a generated structure"))?;
        let field = structure
            .member(name)
            .ok_or_else(|| format!("`{name}` is not a member of `{structure_name}`"))?;
        Ok(ExprIr {
            kind: ExprKind::Value(field.ty.clone()),
            node: ExprNode::Field {
                base: Box::new(base.clone()),
                field: field.name.clone(),
                optional: field.presence.is_option(),
                boxed: matches!(
                    field.ty,
                    ValueType::Structure { boxed: true, .. } | ValueType::Union { boxed: true, .. }
                ),
            },
        })
    }

    /// `then` over each of `values` (of kind `Values`).
    fn project(&self, values: ExprIr, then: &Expr) -> Result<ExprIr, String> {
        if *then == Expr::Current {
            return Ok(values);
        }
        let ExprKind::Values(item) = &values.kind else {
            return Err("a projection needs a list".to_owned());
        };
        let then = self.expr(then, &element(item))?;
        match &then.kind {
            ExprKind::Value(projected) => Ok(ExprIr {
                kind: ExprKind::Values(projected.clone()),
                node: ExprNode::Project {
                    base: Box::new(values),
                    then: Box::new(then),
                },
            }),
            ExprKind::Values(_) => Err(
                "a projection of projections makes nested lists: flatten the inner one with `[]`"
                    .to_owned(),
            ),
            kind => Err(format!(
                "projecting {} over a list is not supported",
                describe(kind)
            )),
        }
    }
}

fn structure_type(name: &str) -> ValueType {
    ValueType::Structure {
        name: name.to_owned(),
        boxed: false,
    }
}

/// `@` inside a projection over items of type `item`.
fn element(item: &ValueType) -> ExprIr {
    ExprIr {
        kind: ExprKind::Value(item.clone()),
        node: ExprNode::Current,
    }
}

fn boolean(node: ExprNode) -> ExprIr {
    ExprIr {
        kind: ExprKind::Bool,
        node,
    }
}

/// `base` as a projection's values: a list's items, or the values a
/// projection has already.
fn elements(base: ExprIr) -> Option<ExprIr> {
    match &base.kind {
        ExprKind::Values(_) => Some(base),
        ExprKind::Value(ValueType::List { item, .. }) => Some(ExprIr {
            kind: ExprKind::Values((**item).clone()),
            node: ExprNode::Elements(Box::new(base)),
        }),
        _ => None,
    }
}

/// JMESPath's `[]`: a list with the lists in it merged one level.
fn flatten(base: ExprIr) -> Result<ExprIr, String> {
    let (kind, node) = match &base.kind {
        ExprKind::Value(ValueType::List { item, .. }) => match &**item {
            ValueType::List { item: inner, .. } => (
                ExprKind::Values((**inner).clone()),
                ExprNode::MergeLists as fn(_) -> _,
            ),
            item => (
                ExprKind::Values(item.clone()),
                ExprNode::Elements as fn(_) -> _,
            ),
        },
        ExprKind::Values(ValueType::List { item, .. }) => (
            ExprKind::Values((**item).clone()),
            ExprNode::MergeLists as fn(_) -> _,
        ),
        ExprKind::Values(_) => return Ok(base),
        kind => return Err(format!("`[]` flattens a list, not {}", describe(kind))),
    };
    Ok(ExprIr {
        kind,
        node: node(Box::new(base)),
    })
}

fn is_text_type(ty: &ValueType) -> bool {
    matches!(ty, ValueType::String | ValueType::Enum(_))
}

fn is_text(kind: &ExprKind) -> bool {
    match kind {
        ExprKind::Value(ty) => is_text_type(ty),
        ExprKind::Text => true,
        _ => false,
    }
}

fn is_number(kind: &ExprKind) -> bool {
    matches!(
        kind,
        ExprKind::Number
            | ExprKind::Value(
                ValueType::Byte
                    | ValueType::Short
                    | ValueType::Integer
                    | ValueType::Long
                    | ValueType::Float
                    | ValueType::Double
            )
    )
}

fn is_bool(kind: &ExprKind) -> bool {
    matches!(kind, ExprKind::Bool | ExprKind::Value(ValueType::Boolean))
}

/// What a value is, for a message.
fn describe(kind: &ExprKind) -> String {
    match kind {
        ExprKind::Value(ty) => describe_type(ty),
        ExprKind::Values(ty) => format!("a projection of {}", describe_type(ty)),
        ExprKind::Bool => "a boolean".to_owned(),
        ExprKind::Number => "a number".to_owned(),
        ExprKind::Text => "a string".to_owned(),
        ExprKind::InputOutput => "the input and output".to_owned(),
    }
}

fn describe_type(ty: &ValueType) -> String {
    match ty {
        ValueType::String => "a string".to_owned(),
        ValueType::Boolean => "a boolean".to_owned(),
        ValueType::Byte
        | ValueType::Short
        | ValueType::Integer
        | ValueType::Long
        | ValueType::Float
        | ValueType::Double => "a number".to_owned(),
        ValueType::BigInteger | ValueType::BigDecimal => "a big number".to_owned(),
        ValueType::Blob => "a blob".to_owned(),
        ValueType::Timestamp(_) => "a timestamp".to_owned(),
        ValueType::Enum(name) | ValueType::IntEnum(name) => format!("the enum `{name}`"),
        ValueType::Structure { name, .. } => format!("the structure `{name}`"),
        ValueType::Union { name, .. } => format!("the union `{name}`"),
        ValueType::List { item, .. } => format!("a list of {}", describe_type(item)),
        ValueType::Map { .. } => "a map".to_owned(),
    }
}
