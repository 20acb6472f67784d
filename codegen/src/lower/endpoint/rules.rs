//! Rules and expressions -> typed IR: every reference resolved, every
//! function call checked for arity and argument types, variables named.

use std::collections::BTreeMap;

use super::{
    AttrStepIr, BindIr, ConditionIr, EndpointIr, EndpointParamIr, FunctionIr, ParamPresence,
    ParamTypeIr, PropertyIr, RecordType, RuleBodyIr, RuleIr, RuleType, TemplatePartIr, ValueIr,
    ValueKind,
};
use crate::lower::naming::{self, NameScope};
use crate::model::rules::{
    AttrPath, AttrStep, Call, Condition, EndpointTemplate, Expr, ExprKind, Literal, Rule, RuleKind,
    RuleSet, Template, TemplatePart,
};
use crate::model::{ModelError, ModelErrors, ShapeId};

/// The compiled top-level rules, and whether they can all fail.
pub(super) type Compiled = (Vec<RuleIr>, bool);

pub(super) fn compile(
    service: &ShapeId,
    rule_set: &RuleSet,
    params: &[EndpointParamIr],
) -> Result<Compiled, ModelErrors> {
    let mut reserved: Vec<&str> = params.iter().map(|param| param.local.as_str()).collect();
    reserved.push(super::RESOLVE_ARGUMENT);
    let mut compiler = Compiler {
        service,
        locals: NameScope::with_reserved(&reserved),
        assigned: BTreeMap::new(),
        errors: Vec::new(),
    };
    let scope = Scope {
        vars: params
            .iter()
            .map(|param| {
                let ty = match param.ty {
                    ParamTypeIr::String => RuleType::String,
                    ParamTypeIr::Bool => RuleType::Bool,
                    ParamTypeIr::StringArray => RuleType::StringArray,
                };
                let ty = match param.presence {
                    ParamPresence::Optional => RuleType::Optional(Box::new(ty)),
                    ParamPresence::Required | ParamPresence::Defaulted(_) => ty,
                };
                let binding = Binding {
                    local: param.local.clone(),
                    ty,
                    owned: false,
                };
                (param.name.clone(), binding)
            })
            .collect(),
    };
    let (rules, falls_through) = compiler.rules(&rule_set.rules, &scope);
    ModelErrors::into_result(compiler.errors)?;
    Ok((rules, falls_through))
}

/// Whether a rule reads the variable `local` anywhere.
pub(super) fn rule_mentions(rule: &RuleIr, local: &str) -> bool {
    rule_any(rule, &|value| value.mentions(local))
}

/// Whether any value of a rule (or of its subordinate rules) passes `test`.
pub(super) fn rule_any(rule: &RuleIr, test: &impl Fn(&ValueIr) -> bool) -> bool {
    rule.conditions
        .iter()
        .any(|condition| condition.value.any(test))
        || body_any(&rule.body, test)
}

fn body_any(body: &RuleBodyIr, test: &impl Fn(&ValueIr) -> bool) -> bool {
    match body {
        RuleBodyIr::Endpoint(endpoint) => {
            endpoint.url.any(test)
                || endpoint
                    .headers
                    .iter()
                    .flat_map(|(_, values)| values)
                    .any(|value| value.any(test))
                || endpoint
                    .properties
                    .iter()
                    .any(|(_, property)| property_any(property, test))
        }
        RuleBodyIr::Error(message) => message.any(test),
        RuleBodyIr::Tree { rules, .. } => rules.iter().any(|rule| rule_any(rule, test)),
    }
}

fn property_any(property: &PropertyIr, test: &impl Fn(&ValueIr) -> bool) -> bool {
    match property {
        PropertyIr::Value(value) => value.any(test),
        PropertyIr::Array(items) => items.iter().any(|item| property_any(item, test)),
        PropertyIr::Object(entries) => entries.iter().any(|(_, value)| property_any(value, test)),
    }
}

fn body_mentions(body: &RuleBodyIr, local: &str) -> bool {
    body_any(body, &|value| value.mentions(local))
}

/// A name in scope: a parameter or an assigned variable.
#[derive(Clone, Debug)]
struct Binding {
    local: String,
    ty: RuleType,
    owned: bool,
}

/// What the rule being compiled can refer to, by rule-set name.
#[derive(Clone, Debug)]
struct Scope {
    vars: BTreeMap<String, Binding>,
}

/// An expression failed to compile; its problem is recorded.
struct Failed;

type Compiling<T> = Result<T, Failed>;

struct Compiler<'a> {
    service: &'a ShapeId,
    locals: NameScope,
    /// The Rust variable of each assigned name: one name, one variable, in
    /// every rule that assigns it.
    assigned: BTreeMap<String, String>,
    errors: Vec<ModelError>,
}

impl Compiler<'_> {
    fn error<T>(&mut self, location: &str, message: impl Into<String>) -> Compiling<T> {
        self.errors.push(ModelError::at(
            self.service,
            format!(
                "`smithy.rules#endpointRuleSet` at `{location}`: {}",
                message.into()
            ),
        ));
        Err(Failed)
    }

    /// Compiles every rule (so every problem is found) and keeps those that
    /// can be reached: none after one whose conditions cannot fail, none
    /// whose conditions are always false.
    fn rules(&mut self, rules: &[Rule], scope: &Scope) -> (Vec<RuleIr>, bool) {
        let mut compiled = Vec::new();
        let mut falls_through = true;
        for rule in rules {
            let Ok(Some(rule)) = self.rule(rule, scope) else {
                continue;
            };
            if falls_through {
                falls_through = rule.can_fail();
                compiled.push(rule);
            }
        }
        (compiled, falls_through)
    }

    /// `None` when the rule can never match.
    fn rule(&mut self, rule: &Rule, outer: &Scope) -> Compiling<Option<RuleIr>> {
        let mut scope = outer.clone();
        let mut conditions = Vec::new();
        let mut never = false;
        for condition in &rule.conditions {
            let condition = self.condition(condition, &mut scope)?;
            never |= matches!(
                condition,
                Some(ConditionIr {
                    value: ValueIr {
                        kind: ValueKind::Bool(false),
                        ..
                    },
                    bind: None,
                })
            );
            conditions.extend(condition);
        }
        let body = self.body(&rule.kind, &rule.location, &scope)?;
        if never {
            return Ok(None);
        }
        Ok(Some(RuleIr {
            location: rule.location.clone(),
            conditions: drop_unread_bindings(conditions, &body),
            body,
        }))
    }

    /// `None` for a condition that always holds and binds nothing.
    fn condition(
        &mut self,
        condition: &Condition,
        scope: &mut Scope,
    ) -> Compiling<Option<ConditionIr>> {
        if condition.assign.is_none() {
            if let Some(narrowed) = narrowing(condition, scope) {
                return Ok(Some(narrowed));
            }
        }
        let value = self.call(&condition.call, &condition.location, scope)?;
        let Some(name) = &condition.assign else {
            let holds = matches!(value.kind, ValueKind::Bool(true))
                || !matches!(value.ty, RuleType::Bool | RuleType::Optional(_));
            return Ok((!holds).then_some(ConditionIr { value, bind: None }));
        };
        if scope.vars.contains_key(name) {
            return self.error(
                &format!("{}.assign", condition.location),
                format!(
                    "`{name}` is already a parameter or variable here; it cannot be assigned again"
                ),
            );
        }
        let local = self.local_for(name);
        let to_owned = value.borrows_temporary();
        scope.vars.insert(
            name.clone(),
            Binding {
                local: local.clone(),
                ty: value.ty.inner().clone(),
                owned: value.is_owned() || to_owned,
            },
        );
        Ok(Some(ConditionIr {
            value,
            bind: Some(BindIr { local, to_owned }),
        }))
    }

    fn local_for(&mut self, name: &str) -> String {
        if let Some(local) = self.assigned.get(name) {
            return local.clone();
        }
        let local = self.locals.claim(&naming::snake_case(name), "_value");
        self.assigned.insert(name.to_owned(), local.clone());
        local
    }

    fn body(&mut self, kind: &RuleKind, location: &str, scope: &Scope) -> Compiling<RuleBodyIr> {
        match kind {
            RuleKind::Endpoint(endpoint) => {
                self.endpoint(endpoint, scope).map(RuleBodyIr::Endpoint)
            }
            RuleKind::Error(message) => {
                let message = self.expr(message, scope)?;
                self.expect(
                    &message,
                    &RuleType::String,
                    &format!("{location}.error"),
                    "an error message",
                )?;
                Ok(RuleBodyIr::Error(message))
            }
            RuleKind::Tree(rules) => {
                let (rules, falls_through) = self.rules(rules, scope);
                Ok(RuleBodyIr::Tree {
                    rules,
                    falls_through,
                })
            }
        }
    }

    fn endpoint(&mut self, endpoint: &EndpointTemplate, scope: &Scope) -> Compiling<EndpointIr> {
        let url = self.expr(&endpoint.url, scope)?;
        self.expect(
            &url,
            &RuleType::String,
            &endpoint.url.location,
            "an endpoint URL",
        )?;
        let mut headers = Vec::new();
        for (name, values) in &endpoint.headers {
            let mut lowered = Vec::new();
            for value in values {
                let header = self.expr(value, scope)?;
                self.expect(
                    &header,
                    &RuleType::String,
                    &value.location,
                    "a header value",
                )?;
                lowered.push(header);
            }
            headers.push((name.clone(), lowered));
        }
        let mut properties = Vec::new();
        for (key, value) in &endpoint.properties {
            properties.push((key.clone(), self.property(value, scope)?));
        }
        Ok(EndpointIr {
            url,
            headers,
            properties,
        })
    }

    fn property(&mut self, literal: &Literal, scope: &Scope) -> Compiling<PropertyIr> {
        Ok(match literal {
            Literal::String(template) => {
                let value = self.template(template, scope)?;
                self.expect(&value, &RuleType::String, &template.location, "a property")?;
                PropertyIr::Value(value)
            }
            Literal::Integer(integer) => PropertyIr::Value(ValueIr {
                ty: RuleType::Int,
                kind: ValueKind::Int(*integer),
            }),
            Literal::Boolean(flag) => PropertyIr::Value(boolean(*flag)),
            Literal::Array(items) => PropertyIr::Array(
                items
                    .iter()
                    .map(|item| self.property(item, scope))
                    .collect::<Compiling<_>>()?,
            ),
            Literal::Object(entries) => {
                let mut lowered = Vec::new();
                for (key, value) in entries {
                    lowered.push((key.clone(), self.property(value, scope)?));
                }
                PropertyIr::Object(lowered)
            }
        })
    }

    fn expr(&mut self, expr: &Expr, scope: &Scope) -> Compiling<ValueIr> {
        match &expr.kind {
            ExprKind::String(template) => self.template(template, scope),
            ExprKind::Integer(integer) => Ok(ValueIr {
                ty: RuleType::Int,
                kind: ValueKind::Int(*integer),
            }),
            ExprKind::Boolean(flag) => Ok(boolean(*flag)),
            ExprKind::Array(items) => {
                let mut lowered = Vec::new();
                for item in items {
                    let value = self.expr(item, scope)?;
                    self.expect(&value, &RuleType::String, &item.location, "an array item")?;
                    lowered.push(value);
                }
                Ok(ValueIr {
                    ty: RuleType::StringArray,
                    kind: ValueKind::Array(lowered),
                })
            }
            ExprKind::Ref(name) => self.reference(name, scope, &expr.location),
            ExprKind::Call(call) => self.call(call, &expr.location, scope),
        }
    }

    fn reference(&mut self, name: &str, scope: &Scope, location: &str) -> Compiling<ValueIr> {
        match scope.vars.get(name) {
            Some(binding) => Ok(ValueIr {
                ty: binding.ty.clone(),
                kind: ValueKind::Var {
                    local: binding.local.clone(),
                    owned: binding.owned,
                },
            }),
            None => self.error(
                location,
                format!("`{name}` is not a parameter, nor a variable assigned before this point"),
            ),
        }
    }

    fn template(&mut self, template: &Template, scope: &Scope) -> Compiling<ValueIr> {
        if let Some(text) = template.as_literal() {
            return Ok(string(text));
        }
        let mut parts = Vec::new();
        for part in &template.parts {
            match part {
                TemplatePart::Literal(text) => parts.push(TemplatePartIr::Literal(text.clone())),
                TemplatePart::Value { name, path } => {
                    let mut value = self.reference(name, scope, &template.location)?;
                    if let Some(path) = path {
                        value = self.attr(value, path, &template.location)?;
                    }
                    if value.ty != RuleType::String {
                        let shown = path
                            .as_ref()
                            .map_or(name.clone(), |path| format!("{name}#{}", path.raw));
                        return self.error(
                            &template.location,
                            format!(
                                "template `{}`: `{{{shown}}}` is {}, not a string",
                                template.raw,
                                value.ty.describe()
                            ),
                        );
                    }
                    parts.push(TemplatePartIr::Value(value));
                }
            }
        }
        match <[TemplatePartIr; 1]>::try_from(parts) {
            Ok([TemplatePartIr::Value(value)]) => Ok(value),
            Ok([literal]) => Ok(ValueIr {
                ty: RuleType::String,
                kind: ValueKind::Template(vec![literal]),
            }),
            Err(parts) => Ok(ValueIr {
                ty: RuleType::String,
                kind: ValueKind::Template(parts),
            }),
        }
    }

    /// Fails unless `value` has type `expected`.
    fn expect(
        &mut self,
        value: &ValueIr,
        expected: &RuleType,
        location: &str,
        what: &str,
    ) -> Compiling<()> {
        if &value.ty == expected {
            return Ok(());
        }
        let hint = if value.ty.inner() == expected {
            "; test it with `isSet` or bind it with `assign` in an earlier condition first"
        } else {
            ""
        };
        self.error(
            location,
            format!(
                "{what} must be {}, not {}{hint}",
                expected.describe(),
                value.ty.describe()
            ),
        )
    }

    fn call(&mut self, call: &Call, location: &str, scope: &Scope) -> Compiling<ValueIr> {
        let mut args = Vec::new();
        let mut failed = false;
        for arg in &call.args {
            match self.expr(arg, scope) {
                Ok(value) => args.push(value),
                Err(Failed) => failed = true,
            }
        }
        if failed {
            return Err(Failed);
        }
        if call.function == "getAttr" {
            return self.get_attr(args, location);
        }
        let Some(signature) = signature(&call.function) else {
            return self.error(
                location,
                format!(
                    "unknown function `{}` (known: {})",
                    call.function,
                    FUNCTION_NAMES.join(", ")
                ),
            );
        };
        let arity_ok = match signature.args {
            Args::Exactly(types) => args.len() == types.len(),
            Args::AtLeast(count) => args.len() >= count,
        };
        if !arity_ok {
            let expected = match signature.args {
                Args::Exactly(types) => format!("{}", types.len()),
                Args::AtLeast(count) => format!("at least {count}"),
            };
            return self.error(
                location,
                format!(
                    "`{}` takes {expected} arguments, not {}",
                    call.function,
                    args.len()
                ),
            );
        }
        if let Args::Exactly(types) = signature.args {
            for (position, (arg, expected)) in args.iter().zip(types).enumerate() {
                if let Some(expected) = expected.ty() {
                    let what = format!("argument {} of `{}`", position + 1, call.function);
                    self.expect(
                        arg,
                        &expected,
                        &format!("{location}.argv[{position}]"),
                        &what,
                    )?;
                }
            }
        }
        self.typed_call(signature.function, args, call, location)
    }

    /// Result types, and the calls whose value is known now.
    fn typed_call(
        &mut self,
        function: FunctionIr,
        args: Vec<ValueIr>,
        call: &Call,
        location: &str,
    ) -> Compiling<ValueIr> {
        let ty = match function {
            FunctionIr::BooleanEquals => {
                if let [ValueKind::Bool(a), ValueKind::Bool(b)] = [&args[0].kind, &args[1].kind] {
                    return Ok(boolean(a == b));
                }
                RuleType::Bool
            }
            FunctionIr::StringEquals => {
                if let [ValueKind::String(a), ValueKind::String(b)] = [&args[0].kind, &args[1].kind]
                {
                    return Ok(boolean(a == b));
                }
                RuleType::Bool
            }
            FunctionIr::IsSet => {
                if !args[0].ty.is_optional() {
                    // A parameter with a default, or one already tested.
                    return Ok(boolean(true));
                }
                RuleType::Bool
            }
            FunctionIr::Not => {
                if let ValueKind::Bool(flag) = args[0].kind {
                    return Ok(boolean(!flag));
                }
                RuleType::Bool
            }
            FunctionIr::Coalesce => self.coalesce_type(&args, call, location)?,
            FunctionIr::Ite => self.ite_type(&args, location)?,
            FunctionIr::Split => {
                self.non_negative(&args[2], &format!("{location}.argv[2]"))?;
                RuleType::StringArray
            }
            FunctionIr::Substring => {
                self.non_negative(&args[1], &format!("{location}.argv[1]"))?;
                self.non_negative(&args[2], &format!("{location}.argv[2]"))?;
                RuleType::Optional(Box::new(RuleType::String))
            }
            FunctionIr::UriEncode => RuleType::String,
            FunctionIr::ParseUrl => RuleType::Optional(Box::new(RuleType::Record(RecordType::Url))),
            FunctionIr::AwsParseArn => {
                RuleType::Optional(Box::new(RuleType::Record(RecordType::Arn)))
            }
            FunctionIr::AwsPartition => {
                RuleType::Optional(Box::new(RuleType::Record(RecordType::Partition)))
            }
            FunctionIr::IsValidHostLabel | FunctionIr::AwsIsVirtualHostableS3Bucket => {
                RuleType::Bool
            }
        };
        Ok(ValueIr {
            ty,
            kind: ValueKind::Call { function, args },
        })
    }

    /// Integer arguments are literals used as indexes and limits.
    fn non_negative(&mut self, value: &ValueIr, location: &str) -> Compiling<()> {
        match value.kind {
            ValueKind::Int(integer) if integer >= 0 => Ok(()),
            ValueKind::Int(integer) => {
                self.error(location, format!("`{integer}` must not be negative"))
            }
            _ => self.error(location, "must be an integer literal"),
        }
    }

    fn coalesce_type(
        &mut self,
        args: &[ValueIr],
        call: &Call,
        location: &str,
    ) -> Compiling<RuleType> {
        let inner = args[0].ty.inner().clone();
        for (position, arg) in args.iter().enumerate() {
            if arg.ty.inner() != &inner {
                return self.error(
                    &format!("{location}.argv[{position}]"),
                    format!(
                        "the arguments of `{}` must all be {inner} or option<{inner}>, not {}",
                        call.function,
                        arg.ty.describe(),
                        inner = inner.describe(),
                    ),
                );
            }
        }
        Ok(if args.iter().all(|arg| arg.ty.is_optional()) {
            RuleType::Optional(Box::new(inner))
        } else {
            inner
        })
    }

    fn ite_type(&mut self, args: &[ValueIr], location: &str) -> Compiling<RuleType> {
        self.expect(
            &args[0],
            &RuleType::Bool,
            &format!("{location}.argv[0]"),
            "the condition of `ite`",
        )?;
        let inner = args[1].ty.inner().clone();
        if args[2].ty.inner() != &inner {
            return self.error(
                &format!("{location}.argv[2]"),
                format!(
                    "both branches of `ite` must have one type: {} and {}",
                    args[1].ty.describe(),
                    args[2].ty.describe()
                ),
            );
        }
        Ok(if args[1].ty.is_optional() || args[2].ty.is_optional() {
            RuleType::Optional(Box::new(inner))
        } else {
            inner
        })
    }

    /// `getAttr(value, "path")`: not a call at run time, but accessors.
    fn get_attr(&mut self, args: Vec<ValueIr>, location: &str) -> Compiling<ValueIr> {
        let Ok([target, path]) = <[ValueIr; 2]>::try_from(args) else {
            return self.error(location, "`getAttr` takes 2 arguments: a value and a path");
        };
        let ValueKind::String(path) = path.kind else {
            return self.error(
                &format!("{location}.argv[1]"),
                "the path of `getAttr` must be a literal string",
            );
        };
        let path = match AttrPath::parse(&path) {
            Ok(path) => path,
            Err(message) => return self.error(&format!("{location}.argv[1]"), message),
        };
        self.attr(target, &path, location)
    }

    /// `getAttr(target, path)`: the path's type, step by step.
    fn attr(&mut self, target: ValueIr, path: &AttrPath, location: &str) -> Compiling<ValueIr> {
        let mut ty = target.ty.clone();
        if ty.is_optional() {
            return self.error(
                location,
                format!(
                    "`getAttr` needs a value, not {}; bind it with `assign` first",
                    ty.describe()
                ),
            );
        }
        let mut steps = Vec::new();
        for (position, step) in path.steps.iter().enumerate() {
            match (step, &ty) {
                (AttrStep::Key(key), RuleType::Record(record)) => {
                    let Some(attribute) = record_attribute(*record, key) else {
                        let known: Vec<&str> = record_attributes(*record)
                            .iter()
                            .map(|(name, _)| *name)
                            .collect();
                        return self.error(
                            location,
                            format!(
                                "path `{}`: {} has no attribute `{key}` (it has {})",
                                path.raw,
                                record.name(),
                                known.join(", ")
                            ),
                        );
                    };
                    steps.push(AttrStepIr::Field(naming::snake_case(key)));
                    ty = attribute;
                }
                (AttrStep::Index(index), RuleType::StringArray) => {
                    if position + 1 != path.steps.len() {
                        return self.error(
                            location,
                            format!("path `{}`: an index must end the path", path.raw),
                        );
                    }
                    steps.push(AttrStepIr::Index(*index));
                    ty = RuleType::Optional(Box::new(RuleType::String));
                }
                (step, ty) => {
                    let step = match step {
                        AttrStep::Key(key) => format!("attribute `{key}`"),
                        AttrStep::Index(index) => format!("index `[{index}]`"),
                    };
                    return self.error(
                        location,
                        format!("path `{}`: {} has no {step}", path.raw, ty.describe()),
                    );
                }
            }
        }
        Ok(ValueIr {
            ty,
            kind: ValueKind::Attr {
                target: Box::new(target),
                steps,
            },
        })
    }
}

/// `isSet(x)` of an optional reference: from here on, `x` is its value.
fn narrowing(condition: &Condition, scope: &mut Scope) -> Option<ConditionIr> {
    let call = &condition.call;
    let [
        Expr {
            kind: ExprKind::Ref(name),
            ..
        },
    ] = call.args.as_slice()
    else {
        return None;
    };
    if call.function != "isSet" {
        return None;
    }
    let binding = scope.vars.get_mut(name)?;
    let RuleType::Optional(inner) = binding.ty.clone() else {
        return None;
    };
    let tested = ValueIr {
        ty: binding.ty.clone(),
        kind: ValueKind::Var {
            local: binding.local.clone(),
            owned: binding.owned,
        },
    };
    binding.ty = *inner;
    // The test stays `isSet` (a set `false` passes); the binding shadows
    // the optional variable with its value.
    let value = ValueIr {
        ty: RuleType::Bool,
        kind: ValueKind::Call {
            function: FunctionIr::IsSet,
            args: vec![tested],
        },
    };
    Some(ConditionIr {
        value,
        bind: Some(BindIr {
            local: binding.local.clone(),
            to_owned: false,
        }),
    })
}

/// A variable nothing reads is not bound (its condition still tests the
/// value, and one that cannot fail is left out).
fn drop_unread_bindings(conditions: Vec<ConditionIr>, body: &RuleBodyIr) -> Vec<ConditionIr> {
    let mut kept: Vec<ConditionIr> = Vec::new();
    for (position, mut condition) in conditions.iter().cloned().enumerate() {
        if let Some(bind) = &condition.bind {
            let later = &conditions[position + 1..];
            let read = later
                .iter()
                .any(|condition| condition.value.mentions(&bind.local))
                || body_mentions(body, &bind.local);
            if !read {
                condition.bind = None;
            }
        }
        if condition.bind.is_some() || condition.can_fail() {
            kept.push(condition);
        }
    }
    kept
}

fn boolean(flag: bool) -> ValueIr {
    ValueIr {
        ty: RuleType::Bool,
        kind: ValueKind::Bool(flag),
    }
}

fn string(text: String) -> ValueIr {
    ValueIr {
        ty: RuleType::String,
        kind: ValueKind::String(text),
    }
}

/// The type an argument must have (`Any`: checked by the function).
#[derive(Clone, Copy)]
enum Arg {
    String,
    Bool,
    Int,
    Any,
}

impl Arg {
    fn ty(self) -> Option<RuleType> {
        match self {
            Arg::String => Some(RuleType::String),
            Arg::Bool => Some(RuleType::Bool),
            Arg::Int => Some(RuleType::Int),
            Arg::Any => None,
        }
    }
}

/// A function's arguments.
enum Args {
    Exactly(&'static [Arg]),
    AtLeast(usize),
}

struct Signature {
    function: FunctionIr,
    args: Args,
}

/// Every function the generator compiles, as rule sets name them.
const FUNCTION_NAMES: &[&str] = &[
    "booleanEquals",
    "stringEquals",
    "isSet",
    "not",
    "getAttr",
    "coalesce",
    "ite",
    "split",
    "substring",
    "uriEncode",
    "parseURL",
    "isValidHostLabel",
    "aws.partition",
    "aws.parseArn",
    "aws.isVirtualHostableS3Bucket",
];

/// The signature of every function but `getAttr`, whose path is not a value.
fn signature(name: &str) -> Option<Signature> {
    let (function, args) = match name {
        "booleanEquals" => (
            FunctionIr::BooleanEquals,
            Args::Exactly(&[Arg::Bool, Arg::Bool]),
        ),
        "stringEquals" => (
            FunctionIr::StringEquals,
            Args::Exactly(&[Arg::String, Arg::String]),
        ),
        "isSet" => (FunctionIr::IsSet, Args::Exactly(&[Arg::Any])),
        "not" => (FunctionIr::Not, Args::Exactly(&[Arg::Bool])),
        "coalesce" => (FunctionIr::Coalesce, Args::AtLeast(2)),
        "ite" => (
            FunctionIr::Ite,
            Args::Exactly(&[Arg::Bool, Arg::Any, Arg::Any]),
        ),
        "split" => (
            FunctionIr::Split,
            Args::Exactly(&[Arg::String, Arg::String, Arg::Int]),
        ),
        "substring" => (
            FunctionIr::Substring,
            Args::Exactly(&[Arg::String, Arg::Int, Arg::Int, Arg::Bool]),
        ),
        "uriEncode" => (FunctionIr::UriEncode, Args::Exactly(&[Arg::String])),
        "parseURL" => (FunctionIr::ParseUrl, Args::Exactly(&[Arg::String])),
        "isValidHostLabel" => (
            FunctionIr::IsValidHostLabel,
            Args::Exactly(&[Arg::String, Arg::Bool]),
        ),
        "aws.partition" => (FunctionIr::AwsPartition, Args::Exactly(&[Arg::String])),
        "aws.parseArn" => (FunctionIr::AwsParseArn, Args::Exactly(&[Arg::String])),
        "aws.isVirtualHostableS3Bucket" => (
            FunctionIr::AwsIsVirtualHostableS3Bucket,
            Args::Exactly(&[Arg::String, Arg::Bool]),
        ),
        _ => return None,
    };
    Some(Signature { function, args })
}

/// The attributes of each record and their types, as the runtime's
/// accessors (named by [`naming::snake_case`]) return them.
fn record_attributes(record: RecordType) -> &'static [(&'static str, RuleType)] {
    match record {
        RecordType::Url => &[
            ("scheme", RuleType::String),
            ("authority", RuleType::String),
            ("path", RuleType::String),
            ("normalizedPath", RuleType::String),
            ("isIp", RuleType::Bool),
        ],
        RecordType::Arn => &[
            ("partition", RuleType::String),
            ("service", RuleType::String),
            ("region", RuleType::String),
            ("accountId", RuleType::String),
            ("resourceId", RuleType::StringArray),
        ],
        RecordType::Partition => &[
            ("name", RuleType::String),
            ("dnsSuffix", RuleType::String),
            ("dualStackDnsSuffix", RuleType::String),
            ("supportsFIPS", RuleType::Bool),
            ("supportsDualStack", RuleType::Bool),
            ("implicitGlobalRegion", RuleType::String),
        ],
    }
}

fn record_attribute(record: RecordType, name: &str) -> Option<RuleType> {
    record_attributes(record)
        .iter()
        .find(|(attribute, _)| *attribute == name)
        .map(|(_, ty)| ty.clone())
}
