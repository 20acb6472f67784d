//! Endpoint rules -> [`EndpointRulesIr`]: the rule set type-checked and
//! turned into a decision tree over typed values, Rust names chosen for its
//! parameters and variables, the partition data and its region patterns
//! compiled, and the test cases checked against the parameters.
//!
//! The rules-engine semantics decided here: a condition fails when its value
//! is `false` or empty; `assign` binds the unwrapped value; `isSet(x)` on a
//! reference makes `x` non-optional for the rest of the rule; parameters with
//! a default are never empty; a rule whose conditions cannot fail ends its
//! list, since what follows it is unreachable; a tree is terminal.

mod regex;
mod rules;

use super::DeprecationIr;
use super::naming::{self, NameScope};
use crate::model::partitions::Partitions;
use crate::model::rules::{
    DocumentValue, EndpointRules, EndpointTestCase, Parameter, ParameterType, ParameterValue,
    TestExpectation,
};
use crate::model::{ModelError, ModelErrors, Shape, ShapeId};

pub use regex::RegexIr;

/// A service's endpoint rule set, compiled: what `src/endpoint.rs` of the
/// generated crate is printed from.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointRulesIr {
    pub service_shape_id: String,
    /// The rules-engine version the rule set declares.
    pub version: String,
    pub params: Vec<EndpointParamIr>,
    /// The top-level rules, in order.
    pub rules: Vec<RuleIr>,
    /// Whether the top-level rules can all fail (then no rule matched).
    pub falls_through: bool,
    /// The partition table, when the rules call `aws.partition`.
    pub partitions: Option<PartitionsIr>,
    pub tests: Vec<EndpointTestIr>,
}

/// One parameter: a field of `Params` and a local of `resolve`.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointParamIr {
    /// As the rule set spells it (`UseFIPS`).
    pub name: String,
    /// The field of `Params` and its builder setter, unescaped (`use_fips`).
    pub field: String,
    /// Its variable in `resolve`, unescaped.
    pub local: String,
    pub ty: ParamTypeIr,
    pub presence: ParamPresence,
    pub built_in: Option<BuiltInIr>,
    pub docs: Vec<String>,
    pub deprecated: Option<DeprecationIr>,
    /// Whether any rule reads it (unread ones get no variable).
    pub used: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamTypeIr {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `Vec<String>`.
    StringArray,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamPresence {
    /// `Option<T>`; the rules test it with `isSet`.
    Optional,
    /// `Option<T>` in `Params`, but resolution fails when it is unset.
    Required,
    /// `T`, starting at the rule set's default.
    Defaulted(ParamValueIr),
}

impl ParamPresence {
    /// Whether the field of `Params` is an `Option<T>`.
    pub fn is_option(&self) -> bool {
        !matches!(self, ParamPresence::Defaulted(_))
    }
}

/// A parameter default, or a parameter value a test case sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValueIr {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

/// Where `Params::from_builtins` takes a parameter from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuiltInIr {
    /// `AWS::Region`: `BuiltIns::region`.
    Region,
    /// `AWS::UseFIPS`: `BuiltIns::use_fips`.
    UseFips,
    /// `AWS::UseDualStack`: `BuiltIns::use_dual_stack`.
    UseDualStack,
    /// `SDK::Endpoint`: `BuiltIns::endpoint`.
    Endpoint,
    /// A built-in `BuiltIns` does not carry (`AWS::S3::ForcePathStyle`): the
    /// parameter is set in code only.
    Other(String),
}

impl BuiltInIr {
    pub fn name(&self) -> &str {
        match self {
            BuiltInIr::Region => "AWS::Region",
            BuiltInIr::UseFips => "AWS::UseFIPS",
            BuiltInIr::UseDualStack => "AWS::UseDualStack",
            BuiltInIr::Endpoint => "SDK::Endpoint",
            BuiltInIr::Other(name) => name,
        }
    }
}

/// One rule: its conditions in order, then what it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleIr {
    /// Where it is in the rule set (`rules[3].rules[0]`).
    pub location: String,
    pub conditions: Vec<ConditionIr>,
    pub body: RuleBodyIr,
}

impl RuleIr {
    /// Whether some condition can fail, so evaluation may go on to the next rule.
    pub fn can_fail(&self) -> bool {
        self.conditions.iter().any(ConditionIr::can_fail)
    }
}

/// A condition: a value that must be `true` (a `bool`) or present (an
/// `Option`), and the variable it binds (unwrapped), if a later part of the
/// rule reads it. `isSet(x)` binding `x` is the test of `x`'s presence that
/// gives `x` its value (not its truth) for the rest of the rule.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionIr {
    pub value: ValueIr,
    pub bind: Option<BindIr>,
}

impl ConditionIr {
    pub fn can_fail(&self) -> bool {
        match &self.value.ty {
            RuleType::Bool => !matches!(self.value.kind, ValueKind::Bool(true)),
            RuleType::Optional(_) => true,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindIr {
    /// The variable, unescaped.
    pub local: String,
    /// The value borrows a temporary, so the variable holds an owned copy.
    pub to_owned: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleBodyIr {
    Endpoint(EndpointIr),
    /// The error message (a string).
    Error(ValueIr),
    Tree {
        rules: Vec<RuleIr>,
        /// Whether every subordinate rule can fail (then no rule matched).
        falls_through: bool,
    },
}

/// The endpoint an endpoint rule gives.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointIr {
    /// A string.
    pub url: ValueIr,
    /// Header names and their values (strings), in model order.
    pub headers: Vec<(String, Vec<ValueIr>)>,
    /// In model order.
    pub properties: Vec<(String, PropertyIr)>,
}

/// An endpoint property: a value (a string, `bool` or integer) or literal
/// arrays and objects of them.
#[derive(Clone, Debug, PartialEq)]
pub enum PropertyIr {
    Value(ValueIr),
    Array(Vec<PropertyIr>),
    Object(Vec<(String, PropertyIr)>),
}

/// The type of a rules-engine value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleType {
    /// Borrowed as `&str`.
    String,
    Bool,
    /// Only literals; used as `usize`.
    Int,
    /// Borrowed as `&[String]`.
    StringArray,
    /// Borrowed as `&Url`, `&Arn`, `&Partition`.
    Record(RecordType),
    Optional(Box<RuleType>),
}

impl RuleType {
    pub fn is_optional(&self) -> bool {
        matches!(self, RuleType::Optional(_))
    }

    /// The type without `Optional`.
    pub fn inner(&self) -> &RuleType {
        match self {
            RuleType::Optional(inner) => inner,
            other => other,
        }
    }

    /// As the rules engine writes it (`option<string>`), for messages.
    pub fn describe(&self) -> String {
        match self {
            RuleType::String => "string".to_owned(),
            RuleType::Bool => "bool".to_owned(),
            RuleType::Int => "int".to_owned(),
            RuleType::StringArray => "array<string>".to_owned(),
            RuleType::Record(record) => record.name().to_owned(),
            RuleType::Optional(inner) => format!("option<{}>", inner.describe()),
        }
    }
}

/// The structures the library functions return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordType {
    /// `parseURL`: `crate::runtime::endpoint::Url`.
    Url,
    /// `aws.parseArn`: `crate::runtime::endpoint::Arn`.
    Arn,
    /// `aws.partition`: `crate::runtime::endpoint::Partition`.
    Partition,
}

impl RecordType {
    pub fn name(self) -> &'static str {
        match self {
            RecordType::Url => "URL",
            RecordType::Arn => "ARN",
            RecordType::Partition => "Partition",
        }
    }
}

/// A typed value.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueIr {
    pub ty: RuleType,
    pub kind: ValueKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    String(String),
    Bool(bool),
    /// Never negative.
    Int(i64),
    /// Literal text and string values, concatenated (an owned `String`).
    Template(Vec<TemplatePartIr>),
    /// Strings.
    Array(Vec<ValueIr>),
    /// A parameter or an assigned variable.
    Var {
        /// Unescaped.
        local: String,
        /// The variable holds an owned value (`String`, `Url`, ...) rather
        /// than a borrow.
        owned: bool,
    },
    Call {
        function: FunctionIr,
        args: Vec<ValueIr>,
    },
    /// `getAttr`: accessor calls, then an index.
    Attr {
        target: Box<ValueIr>,
        steps: Vec<AttrStepIr>,
    },
}

impl ValueIr {
    /// A value whose Rust expression is owned (`format!`, a library call
    /// returning `String`), not a borrow of something longer-lived.
    pub fn is_owned(&self) -> bool {
        match &self.kind {
            ValueKind::Template(_) => true,
            ValueKind::Call { function, .. } => function.result_is_owned(),
            _ => false,
        }
    }

    /// Whether the value is (or borrows from) an owned temporary, so a
    /// variable bound to it must copy it.
    pub fn borrows_temporary(&self) -> bool {
        if matches!(self.ty.inner(), RuleType::Bool | RuleType::Int) {
            return false;
        }
        let flows = |value: &ValueIr| value.is_owned() || value.borrows_temporary();
        match &self.kind {
            ValueKind::Attr { target, .. } => flows(target),
            ValueKind::Call {
                function: FunctionIr::Coalesce,
                args,
            } => args.iter().any(flows),
            ValueKind::Call {
                function: FunctionIr::Ite,
                args,
            } => args.iter().skip(1).any(flows),
            _ => false,
        }
    }

    /// Whether the value reads the variable `local`.
    pub fn mentions(&self, local: &str) -> bool {
        self.any(
            &|value| matches!(&value.kind, ValueKind::Var { local: name, .. } if name == local),
        )
    }

    /// Whether the value or a part of it passes `test`.
    pub fn any(&self, test: &impl Fn(&ValueIr) -> bool) -> bool {
        if test(self) {
            return true;
        }
        match &self.kind {
            ValueKind::Template(parts) => parts.iter().any(|part| match part {
                TemplatePartIr::Literal(_) => false,
                TemplatePartIr::Value(value) => value.any(test),
            }),
            ValueKind::Array(items) => items.iter().any(|item| item.any(test)),
            ValueKind::Call { args, .. } => args.iter().any(|arg| arg.any(test)),
            ValueKind::Attr { target, .. } => target.any(test),
            ValueKind::String(_)
            | ValueKind::Bool(_)
            | ValueKind::Int(_)
            | ValueKind::Var { .. } => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePartIr {
    Literal(String),
    /// A string.
    Value(ValueIr),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrStepIr {
    /// The accessor method of a record (`dns_suffix`).
    Field(String),
    /// An array item: `Option`.
    Index(usize),
}

/// The library functions, standard and AWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FunctionIr {
    BooleanEquals,
    StringEquals,
    IsSet,
    Not,
    Coalesce,
    Ite,
    Split,
    Substring,
    UriEncode,
    ParseUrl,
    IsValidHostLabel,
    AwsPartition,
    AwsParseArn,
    AwsIsVirtualHostableS3Bucket,
}

impl FunctionIr {
    /// Whether the runtime function returns an owned value (`String`,
    /// `Option<Url>`, `Vec<String>`) that a value position must borrow.
    pub fn result_is_owned(self) -> bool {
        matches!(
            self,
            FunctionIr::Split
                | FunctionIr::Substring
                | FunctionIr::UriEncode
                | FunctionIr::ParseUrl
                | FunctionIr::AwsParseArn
        )
    }
}

/// The partitions `aws.partition` looks regions up in, in lookup order.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionsIr {
    pub partitions: Vec<PartitionIr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartitionIr {
    pub id: String,
    pub outputs: PartitionOutputsIr,
    pub regions: Vec<String>,
    /// The `regionRegex` as written, for the matcher's docs.
    pub region_regex: String,
    /// The function that matches it (`region_matches_aws_cn`).
    pub matcher: String,
    pub pattern: RegexIr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputsIr {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

/// One `smithy.rules#endpointTests` case, as a `#[test]`.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTestIr {
    /// The test function, unique in its module, unescaped.
    pub name: String,
    pub docs: Vec<String>,
    /// Builder setters and the values they are called with, in model order.
    pub params: Vec<(String, ParamValueIr)>,
    pub expect: EndpointExpectationIr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EndpointExpectationIr {
    Endpoint {
        url: String,
        headers: Vec<(String, Vec<String>)>,
        properties: Vec<(String, DocumentIr)>,
    },
    /// The error message.
    Error(String),
}

/// An expected property value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentIr {
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<DocumentIr>),
    Object(Vec<(String, DocumentIr)>),
}

/// Lowers the endpoint rules of `service`; `None` when it has no rule set.
pub(super) fn endpoint_rules(service: &Shape) -> Result<Option<EndpointRulesIr>, ModelErrors> {
    let Some(rules) = crate::model::rules::endpoint_rules(service)? else {
        return Ok(None);
    };
    lower_rules(&service.id, &rules).map(Some)
}

fn lower_rules(service: &ShapeId, rules: &EndpointRules) -> Result<EndpointRulesIr, ModelErrors> {
    let mut errors = Vec::new();
    let mut params = lower_params(service, &rules.rule_set.parameters, &mut errors);
    let compiled = rules::compile(service, &rules.rule_set, &params);
    let (top_rules, falls_through) = match compiled {
        Ok(compiled) => compiled,
        Err(problems) => {
            errors.extend(problems.0);
            (Vec::new(), true)
        }
    };
    for param in &mut params {
        param.used = top_rules
            .iter()
            .any(|rule| rules::rule_mentions(rule, &param.local));
    }
    // Only the rules that remain count: a call in an unreachable rule
    // would leave the partition table unused.
    let calls_partition = top_rules.iter().any(|rule| {
        rules::rule_any(rule, &|value| {
            matches!(
                value.kind,
                ValueKind::Call {
                    function: FunctionIr::AwsPartition,
                    ..
                }
            )
        })
    });
    let partitions = if calls_partition {
        lower_partitions().unwrap_or_else(|problems| {
            errors.extend(problems.0);
            None
        })
    } else {
        None
    };
    let tests = lower_tests(service, &rules.tests, &params, &mut errors);
    ModelErrors::into_result(errors)?;
    Ok(EndpointRulesIr {
        service_shape_id: service.to_string(),
        version: rules.rule_set.version.clone(),
        params,
        rules: top_rules,
        falls_through,
        partitions,
        tests,
    })
}

/// `BuiltIns` fields by built-in name, with the parameter type they fit.
const KNOWN_BUILT_INS: &[(&str, ParameterType)] = &[
    ("AWS::Region", ParameterType::String),
    ("AWS::UseFIPS", ParameterType::Boolean),
    ("AWS::UseDualStack", ParameterType::Boolean),
    ("SDK::Endpoint", ParameterType::String),
];

fn built_in(name: &str) -> BuiltInIr {
    match name {
        "AWS::Region" => BuiltInIr::Region,
        "AWS::UseFIPS" => BuiltInIr::UseFips,
        "AWS::UseDualStack" => BuiltInIr::UseDualStack,
        "SDK::Endpoint" => BuiltInIr::Endpoint,
        other => BuiltInIr::Other(other.to_owned()),
    }
}

/// The builder's own method.
const BUILDER_METHODS: &[&str] = &["build"];
/// The argument of `resolve`.
const RESOLVE_ARGUMENT: &str = "params";

fn lower_params(
    service: &ShapeId,
    parameters: &[Parameter],
    errors: &mut Vec<ModelError>,
) -> Vec<EndpointParamIr> {
    let mut fields = NameScope::with_reserved(BUILDER_METHODS);
    let mut locals = NameScope::with_reserved(&[RESOLVE_ARGUMENT]);
    parameters
        .iter()
        .map(|parameter| {
            let wanted = naming::snake_case(&parameter.name);
            if let Some(name) = &parameter.built_in {
                let expected = KNOWN_BUILT_INS
                    .iter()
                    .find(|(known, _)| known == name)
                    .map(|(_, ty)| *ty);
                if expected.is_some_and(|ty| ty != parameter.ty) {
                    errors.push(ModelError::at(
                        service,
                        format!(
                            "`smithy.rules#endpointRuleSet` at `parameters.{}`: the built-in `{name}` is not a {} parameter",
                            parameter.name,
                            parameter.ty.name()
                        ),
                    ));
                }
            }
            EndpointParamIr {
                name: parameter.name.clone(),
                field: fields.claim(&wanted, "_value"),
                local: locals.claim(&wanted, "_value"),
                ty: param_type(parameter.ty),
                presence: match (&parameter.default, parameter.required) {
                    (Some(default), _) => ParamPresence::Defaulted(param_value(default)),
                    (None, true) => ParamPresence::Required,
                    (None, false) => ParamPresence::Optional,
                },
                built_in: parameter.built_in.as_deref().map(built_in),
                docs: parameter
                    .documentation
                    .as_deref()
                    .map(crate::docs::html_to_markdown)
                    .unwrap_or_default(),
                deprecated: parameter.deprecated.as_ref().map(|deprecated| {
                    let note = match (&deprecated.message, &deprecated.since) {
                        (Some(message), Some(since)) => format!("{message} (since {since})"),
                        (Some(message), None) => message.clone(),
                        (None, Some(since)) => format!("deprecated since {since}"),
                        (None, None) => "deprecated".to_owned(),
                    };
                    DeprecationIr { note }
                }),
                used: false,
            }
        })
        .collect()
}

fn param_type(ty: ParameterType) -> ParamTypeIr {
    match ty {
        ParameterType::String => ParamTypeIr::String,
        ParameterType::Boolean => ParamTypeIr::Bool,
        ParameterType::StringArray => ParamTypeIr::StringArray,
    }
}

fn param_value(value: &ParameterValue) -> ParamValueIr {
    match value {
        ParameterValue::String(text) => ParamValueIr::String(text.clone()),
        ParameterValue::Boolean(flag) => ParamValueIr::Bool(*flag),
        ParameterValue::StringArray(items) => ParamValueIr::StringArray(items.clone()),
    }
}

/// The embedded partition data, each region pattern compiled.
fn lower_partitions() -> Result<Option<PartitionsIr>, ModelErrors> {
    let data = Partitions::embedded()?;
    let mut matchers = NameScope::default();
    let mut errors = Vec::new();
    let mut partitions = Vec::new();
    for partition in &data.partitions {
        let pattern = match regex::parse(&partition.region_regex) {
            Ok(pattern) => pattern,
            Err(message) => {
                errors.push(ModelError::at_raw(
                    "partitions.json",
                    format!(
                        "partition `{}`: `regionRegex` `{}`: {message}",
                        partition.id, partition.region_regex
                    ),
                ));
                continue;
            }
        };
        let outputs = &partition.outputs;
        partitions.push(PartitionIr {
            id: partition.id.clone(),
            outputs: PartitionOutputsIr {
                name: outputs.name.clone(),
                dns_suffix: outputs.dns_suffix.clone(),
                dual_stack_dns_suffix: outputs.dual_stack_dns_suffix.clone(),
                supports_fips: outputs.supports_fips,
                supports_dual_stack: outputs.supports_dual_stack,
                implicit_global_region: outputs.implicit_global_region.clone(),
            },
            regions: partition.regions.clone(),
            region_regex: partition.region_regex.clone(),
            matcher: matchers.claim(
                &format!("region_matches_{}", naming::identifier_words(&partition.id)),
                "_partition",
            ),
            pattern,
        });
    }
    ModelErrors::into_result(errors)?;
    Ok(Some(PartitionsIr { partitions }))
}

fn lower_tests(
    service: &ShapeId,
    cases: &[EndpointTestCase],
    params: &[EndpointParamIr],
    errors: &mut Vec<ModelError>,
) -> Vec<EndpointTestIr> {
    let mut names = NameScope::default();
    let mut tests = Vec::new();
    for case in cases {
        let mut problem = |message: String| {
            errors.push(ModelError::at(
                service,
                format!(
                    "`smithy.rules#endpointTests` at `{}`: {message}",
                    case.location
                ),
            ));
        };
        let mut setters = Vec::new();
        for (name, value) in &case.params {
            let Some(param) = params.iter().find(|param| &param.name == name) else {
                problem(format!("the rule set has no parameter `{name}`"));
                continue;
            };
            let value = param_value(value);
            if param_value_type(&value) != param.ty {
                problem(format!(
                    "`{name}` is a {} parameter; the case gives it a {}",
                    param_type_name(param.ty),
                    param_type_name(param_value_type(&value))
                ));
                continue;
            }
            setters.push((param.field.clone(), value));
        }
        let wanted = case
            .documentation
            .as_deref()
            .map(naming::identifier_words)
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "case".to_owned());
        tests.push(EndpointTestIr {
            name: names.claim(&wanted, "_"),
            docs: case
                .documentation
                .iter()
                .flat_map(|text| text.lines().map(str::to_owned))
                .collect(),
            params: setters,
            expect: expectation(&case.expect),
        });
    }
    tests
}

fn param_value_type(value: &ParamValueIr) -> ParamTypeIr {
    match value {
        ParamValueIr::String(_) => ParamTypeIr::String,
        ParamValueIr::Bool(_) => ParamTypeIr::Bool,
        ParamValueIr::StringArray(_) => ParamTypeIr::StringArray,
    }
}

fn param_type_name(ty: ParamTypeIr) -> &'static str {
    match ty {
        ParamTypeIr::String => "string",
        ParamTypeIr::Bool => "boolean",
        ParamTypeIr::StringArray => "stringArray",
    }
}

fn expectation(expect: &TestExpectation) -> EndpointExpectationIr {
    match expect {
        TestExpectation::Endpoint {
            url,
            properties,
            headers,
        } => EndpointExpectationIr::Endpoint {
            url: url.clone(),
            headers: headers.clone(),
            properties: properties
                .iter()
                .map(|(key, value)| (key.clone(), document(value)))
                .collect(),
        },
        TestExpectation::Error(message) => EndpointExpectationIr::Error(message.clone()),
    }
}

fn document(value: &DocumentValue) -> DocumentIr {
    match value {
        DocumentValue::String(text) => DocumentIr::String(text.clone()),
        DocumentValue::Boolean(flag) => DocumentIr::Bool(*flag),
        DocumentValue::Integer(integer) => DocumentIr::Int(*integer),
        DocumentValue::Array(items) => DocumentIr::Array(items.iter().map(document).collect()),
        DocumentValue::Object(entries) => DocumentIr::Object(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), document(value)))
                .collect(),
        ),
    }
}
