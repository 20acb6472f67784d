//! The endpoint rules of a service: `smithy.rules#endpointRuleSet` (rules
//! engine 1.x) and its `smithy.rules#endpointTests` cases, parsed from the
//! trait values into typed Smithy data. Only the syntax is checked here;
//! names, types and functions are checked where the rules are lowered.
//!
//! Every problem names the service and where in the trait it is
//! (`rules[3].rules[0].conditions[1]`).

use serde_json::{Map, Value};

use super::{ModelError, ModelErrors, Shape, ShapeId, trait_ids};

/// A service's rule set and the test cases written for it.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointRules {
    pub rule_set: RuleSet,
    pub tests: Vec<EndpointTestCase>,
}

/// `smithy.rules#endpointRuleSet`.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub version: String,
    /// In model order.
    pub parameters: Vec<Parameter>,
    pub rules: Vec<Rule>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub ty: ParameterType,
    pub required: bool,
    pub default: Option<ParameterValue>,
    /// `AWS::Region`, `SDK::Endpoint`, ...
    pub built_in: Option<String>,
    pub documentation: Option<String>,
    pub deprecated: Option<ParameterDeprecation>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    String,
    Boolean,
    StringArray,
}

impl ParameterType {
    /// As the rules engine spells it.
    pub fn name(self) -> &'static str {
        match self {
            ParameterType::String => "string",
            ParameterType::Boolean => "boolean",
            ParameterType::StringArray => "stringArray",
        }
    }
}

/// A parameter's default, or its value in a test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParameterValue {
    String(String),
    Boolean(bool),
    StringArray(Vec<String>),
}

impl ParameterValue {
    pub fn ty(&self) -> ParameterType {
        match self {
            ParameterValue::String(_) => ParameterType::String,
            ParameterValue::Boolean(_) => ParameterType::Boolean,
            ParameterValue::StringArray(_) => ParameterType::StringArray,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParameterDeprecation {
    pub message: Option<String>,
    pub since: Option<String>,
}

/// One rule: conditions, all of which must hold, and what it gives then.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Where the rule is in the trait (`rules[3].rules[0]`).
    pub location: String,
    pub documentation: Option<String>,
    pub conditions: Vec<Condition>,
    pub kind: RuleKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    Endpoint(EndpointTemplate),
    /// The error message (a string expression).
    Error(Expr),
    /// Subordinate rules; a tree is terminal, so when none matches,
    /// resolution fails.
    Tree(Vec<Rule>),
}

/// The endpoint an endpoint rule gives.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTemplate {
    pub url: Expr,
    /// In model order.
    pub properties: Vec<(String, Literal)>,
    /// Header names and their values, in model order.
    pub headers: Vec<(String, Vec<Expr>)>,
}

/// A function call whose result decides whether a rule applies, optionally
/// bound to a name.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// `rules[3].conditions[1]`.
    pub location: String,
    pub call: Call,
    pub assign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// `stringEquals`, `aws.partition`, ...
    pub function: String,
    pub args: Vec<Expr>,
}

/// An expression, with where it is in the trait.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub location: String,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A string, which may be a template.
    String(Template),
    Integer(i64),
    Boolean(bool),
    Array(Vec<Expr>),
    /// `{"ref": "Name"}`: a parameter or an assigned variable.
    Ref(String),
    /// `{"fn": ..., "argv": [...]}`.
    Call(Call),
}

/// A value of an endpoint's `properties`: literal data whose strings may be
/// templates.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    String(Template),
    Integer(i64),
    Boolean(bool),
    Array(Vec<Literal>),
    /// Entries in model order.
    Object(Vec<(String, Literal)>),
}

/// A string with `{Name}` and `{Name#path}` placeholders (`{{` and `}}` are
/// literal braces).
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub location: String,
    /// The string as written.
    pub raw: String,
    pub parts: Vec<TemplatePart>,
}

impl Template {
    /// The text of a template without placeholders.
    pub fn as_literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(literal) => text.push_str(literal),
                TemplatePart::Value { .. } => return None,
            }
        }
        Some(text)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    Literal(String),
    /// `{name}` or `{name#path}`: the short form of `getAttr(name, path)`.
    Value {
        name: String,
        path: Option<AttrPath>,
    },
}

/// A `getAttr` path: keys joined by `.`, an index `[n]` at the end of a part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    pub raw: String,
    pub steps: Vec<AttrStep>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrStep {
    Key(String),
    Index(usize),
}

impl AttrPath {
    /// Parses `a.b`, `a[0]`, `[2]`; the message says what is wrong.
    pub fn parse(raw: &str) -> Result<AttrPath, String> {
        let mut steps = Vec::new();
        for part in raw.split('.') {
            let (key, index) = match part.split_once('[') {
                Some((key, rest)) => {
                    let digits = rest.strip_suffix(']').ok_or_else(|| {
                        format!("path `{raw}`: `{part}` has `[` without a closing `]` at its end")
                    })?;
                    let index = digits.parse::<usize>().map_err(|_| {
                        format!("path `{raw}`: index `{digits}` is not a non-negative integer")
                    })?;
                    (key, Some(index))
                }
                None => (part, None),
            };
            if !key.is_empty() {
                if !is_identifier(key) {
                    return Err(format!("path `{raw}`: `{key}` is not an attribute name"));
                }
                steps.push(AttrStep::Key(key.to_owned()));
            } else if index.is_none() {
                return Err(format!("path `{raw}` has an empty part"));
            }
            steps.extend(index.map(AttrStep::Index));
        }
        Ok(AttrPath {
            raw: raw.to_owned(),
            steps,
        })
    }
}

/// One `smithy.rules#endpointTests` case.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTestCase {
    /// `testCases[3]`.
    pub location: String,
    pub documentation: Option<String>,
    /// Parameter values by name, in model order.
    pub params: Vec<(String, ParameterValue)>,
    pub expect: TestExpectation,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TestExpectation {
    Endpoint {
        url: String,
        properties: Vec<(String, DocumentValue)>,
        headers: Vec<(String, Vec<String>)>,
    },
    /// The error message.
    Error(String),
}

/// Plain JSON-like data: an expected endpoint property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentValue {
    String(String),
    Boolean(bool),
    Integer(i64),
    Array(Vec<DocumentValue>),
    Object(Vec<(String, DocumentValue)>),
}

/// The endpoint rules of `service`, or `None` when it has no rule set.
/// Test cases without a rule set are ignored: there is nothing to test.
pub fn endpoint_rules(service: &Shape) -> Result<Option<EndpointRules>, ModelErrors> {
    let Some(rule_set) = service.traits.get(trait_ids::ENDPOINT_RULE_SET) else {
        return Ok(None);
    };
    let mut rules_parser = Parser::new(&service.id, trait_ids::ENDPOINT_RULE_SET);
    let rule_set = rules_parser.rule_set(rule_set);
    let mut tests_parser = Parser::new(&service.id, trait_ids::ENDPOINT_TESTS);
    let tests = match service.traits.get(trait_ids::ENDPOINT_TESTS) {
        Some(tests) => tests_parser.test_cases(tests),
        None => Vec::new(),
    };
    let mut errors = rules_parser.errors;
    errors.extend(tests_parser.errors);
    ModelErrors::into_result(errors)?;
    Ok(rule_set.map(|rule_set| EndpointRules { rule_set, tests }))
}

/// Whether `name` can name a parameter or variable, as a Smithy identifier
/// can: ASCII letters, digits and `_`, starting with a letter, or with
/// underscores and then a letter or digit.
pub fn is_identifier(name: &str) -> bool {
    let rest = name.trim_start_matches('_');
    let underscored = rest.len() < name.len();
    let mut chars = rest.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || (underscored && c.is_ascii_digit()))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Collects every problem of one trait value.
struct Parser<'a> {
    service: &'a ShapeId,
    trait_id: &'static str,
    errors: Vec<ModelError>,
}

type Object = Map<String, Value>;

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

impl<'a> Parser<'a> {
    fn new(service: &'a ShapeId, trait_id: &'static str) -> Self {
        Parser {
            service,
            trait_id,
            errors: Vec::new(),
        }
    }

    fn error(&mut self, path: &str, message: impl std::fmt::Display) {
        let place = if path.is_empty() {
            format!("`{}`", self.trait_id)
        } else {
            format!("`{}` at `{path}`", self.trait_id)
        };
        self.errors
            .push(ModelError::at(self.service, format!("{place}: {message}")));
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Object> {
        match value {
            Value::Object(object) => Some(object),
            _ => {
                self.error(path, "must be an object");
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            _ => {
                self.error(path, "must be an array");
                None
            }
        }
    }

    /// A required member of `object`.
    fn member<'v>(&mut self, object: &'v Object, path: &str, key: &str) -> Option<&'v Value> {
        let value = object.get(key);
        if value.is_none() {
            self.error(path, format!("needs `{key}`"));
        }
        value
    }

    fn string(&mut self, value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            _ => {
                self.error(path, "must be a string");
                None
            }
        }
    }

    fn optional_string(&mut self, object: &Object, path: &str, key: &str) -> Option<String> {
        let value = object.get(key)?;
        self.string(value, &join(path, key))
    }

    fn rule_set(&mut self, value: &Value) -> Option<RuleSet> {
        let object = self.object(value, "")?;
        let version = self
            .member(object, "", "version")
            .and_then(|version| self.string(version, "version"));
        let parameters = match object.get("parameters") {
            Some(parameters) => self.parameters(parameters),
            None => Some(Vec::new()),
        };
        let rules = self
            .member(object, "", "rules")
            .and_then(|rules| self.rules(rules, "rules"));
        if let Some(rules) = &rules {
            if rules.is_empty() {
                self.error("rules", "needs at least one rule");
            }
        }
        Some(RuleSet {
            version: version?,
            parameters: parameters?,
            rules: rules?,
        })
    }

    fn parameters(&mut self, value: &Value) -> Option<Vec<Parameter>> {
        let object = self.object(value, "parameters")?;
        let mut parameters = Vec::new();
        let mut complete = true;
        for (name, definition) in object {
            let path = join("parameters", name);
            if !is_identifier(name) {
                self.error(&path, "a parameter name must be letters, digits and `_`");
                complete = false;
            }
            match self.parameter(name, definition, &path) {
                Some(parameter) => parameters.push(parameter),
                None => complete = false,
            }
        }
        complete.then_some(parameters)
    }

    fn parameter(&mut self, name: &str, value: &Value, path: &str) -> Option<Parameter> {
        let object = self.object(value, path)?;
        let ty = self.member(object, path, "type").and_then(|ty| {
            let type_path = join(path, "type");
            let text = self.string(ty, &type_path)?;
            let parsed = match text.as_str() {
                "String" | "string" => Some(ParameterType::String),
                "Boolean" | "boolean" => Some(ParameterType::Boolean),
                "stringArray" | "StringArray" => Some(ParameterType::StringArray),
                _ => None,
            };
            if parsed.is_none() {
                self.error(
                    &type_path,
                    format!(
                        "unknown parameter type `{text}` (expected string, boolean or stringArray)"
                    ),
                );
            }
            parsed
        })?;
        let required = match object.get("required") {
            None => false,
            Some(Value::Bool(required)) => *required,
            Some(_) => {
                self.error(&join(path, "required"), "must be a boolean");
                return None;
            }
        };
        let default = match object.get("default") {
            None => None,
            Some(value) => {
                let default_path = join(path, "default");
                let default = self.parameter_value(value, &default_path)?;
                if default.ty() != ty {
                    self.error(
                        &default_path,
                        format!("the default of a {} parameter must be a {0}", ty.name()),
                    );
                    return None;
                }
                Some(default)
            }
        };
        let deprecated = match object.get("deprecated") {
            None => None,
            Some(value) => {
                let deprecated_path = join(path, "deprecated");
                let deprecated = self.object(value, &deprecated_path)?;
                Some(ParameterDeprecation {
                    message: self.optional_string(deprecated, &deprecated_path, "message"),
                    since: self.optional_string(deprecated, &deprecated_path, "since"),
                })
            }
        };
        Some(Parameter {
            name: name.to_owned(),
            ty,
            required,
            default,
            built_in: self.optional_string(object, path, "builtIn"),
            documentation: self.optional_string(object, path, "documentation"),
            deprecated,
        })
    }

    /// A string, a boolean or an array of strings.
    fn parameter_value(&mut self, value: &Value, path: &str) -> Option<ParameterValue> {
        match value {
            Value::String(text) => Some(ParameterValue::String(text.clone())),
            Value::Bool(flag) => Some(ParameterValue::Boolean(*flag)),
            Value::Array(items) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect();
                if strings.is_none() {
                    self.error(path, "an array value must hold only strings");
                }
                strings.map(ParameterValue::StringArray)
            }
            _ => {
                self.error(path, "must be a string, a boolean or an array of strings");
                None
            }
        }
    }

    fn rules(&mut self, value: &Value, path: &str) -> Option<Vec<Rule>> {
        let items = self.array(value, path)?;
        let rules: Vec<Option<Rule>> = items
            .iter()
            .enumerate()
            .map(|(position, rule)| self.rule(rule, &index(path, position)))
            .collect();
        rules.into_iter().collect()
    }

    fn rule(&mut self, value: &Value, path: &str) -> Option<Rule> {
        let object = self.object(value, path)?;
        let conditions = match object.get("conditions") {
            Some(conditions) => self.conditions(conditions, &join(path, "conditions")),
            None => {
                self.error(path, "needs `conditions` (an array, possibly empty)");
                None
            }
        };
        let kind = self
            .member(object, path, "type")
            .and_then(|kind| self.string(kind, &join(path, "type")))
            .and_then(|kind| self.rule_kind(object, path, &kind));
        Some(Rule {
            location: path.to_owned(),
            documentation: self.optional_string(object, path, "documentation"),
            conditions: conditions?,
            kind: kind?,
        })
    }

    fn rule_kind(&mut self, object: &Object, path: &str, kind: &str) -> Option<RuleKind> {
        match kind {
            "endpoint" => {
                let endpoint = self.member(object, path, "endpoint")?;
                self.endpoint(endpoint, &join(path, "endpoint"))
                    .map(RuleKind::Endpoint)
            }
            "error" => {
                let error = self.member(object, path, "error")?;
                self.expr(error, &join(path, "error")).map(RuleKind::Error)
            }
            "tree" => {
                let rules_path = join(path, "rules");
                let rules = self.member(object, path, "rules")?;
                let rules = self.rules(rules, &rules_path)?;
                if rules.is_empty() {
                    self.error(&rules_path, "a tree rule needs at least one rule");
                    return None;
                }
                Some(RuleKind::Tree(rules))
            }
            other => {
                self.error(
                    &join(path, "type"),
                    format!("unknown rule type `{other}` (expected endpoint, error or tree)"),
                );
                None
            }
        }
    }

    fn endpoint(&mut self, value: &Value, path: &str) -> Option<EndpointTemplate> {
        let object = self.object(value, path)?;
        let url = self
            .member(object, path, "url")
            .and_then(|url| self.expr(url, &join(path, "url")));
        let properties = match object.get("properties") {
            None => Some(Vec::new()),
            Some(properties) => {
                let properties_path = join(path, "properties");
                self.object(properties, &properties_path)
                    .and_then(|entries| self.literal_entries(entries, &properties_path))
            }
        };
        let headers = match object.get("headers") {
            None => Some(Vec::new()),
            Some(headers) => self.headers(headers, &join(path, "headers")),
        };
        Some(EndpointTemplate {
            url: url?,
            properties: properties?,
            headers: headers?,
        })
    }

    fn headers(&mut self, value: &Value, path: &str) -> Option<Vec<(String, Vec<Expr>)>> {
        let object = self.object(value, path)?;
        let mut headers = Vec::new();
        let mut complete = true;
        for (name, values) in object {
            let header_path = join(path, name);
            let Some(items) = self.array(values, &header_path) else {
                complete = false;
                continue;
            };
            let values: Option<Vec<Expr>> = items
                .iter()
                .enumerate()
                .map(|(position, item)| self.expr(item, &index(&header_path, position)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            match values {
                Some(values) => headers.push((name.clone(), values)),
                None => complete = false,
            }
        }
        complete.then_some(headers)
    }

    fn literal_entries(&mut self, object: &Object, path: &str) -> Option<Vec<(String, Literal)>> {
        let entries: Vec<Option<(String, Literal)>> = object
            .iter()
            .map(|(key, value)| {
                self.literal(value, &join(path, key))
                    .map(|literal| (key.clone(), literal))
            })
            .collect();
        entries.into_iter().collect()
    }

    fn literal(&mut self, value: &Value, path: &str) -> Option<Literal> {
        match value {
            Value::String(text) => self.template(text, path).map(Literal::String),
            Value::Bool(flag) => Some(Literal::Boolean(*flag)),
            Value::Number(number) => match number.as_i64() {
                Some(integer) => Some(Literal::Integer(integer)),
                None => {
                    self.error(path, format!("`{number}` is not an integer"));
                    None
                }
            },
            Value::Array(items) => {
                let items: Vec<Option<Literal>> = items
                    .iter()
                    .enumerate()
                    .map(|(position, item)| self.literal(item, &index(path, position)))
                    .collect();
                items.into_iter().collect::<Option<_>>().map(Literal::Array)
            }
            Value::Object(entries) => self.literal_entries(entries, path).map(Literal::Object),
            Value::Null => {
                self.error(path, "a property cannot be null");
                None
            }
        }
    }

    fn conditions(&mut self, value: &Value, path: &str) -> Option<Vec<Condition>> {
        let items = self.array(value, path)?;
        let conditions: Vec<Option<Condition>> = items
            .iter()
            .enumerate()
            .map(|(position, condition)| self.condition(condition, &index(path, position)))
            .collect();
        conditions.into_iter().collect()
    }

    fn condition(&mut self, value: &Value, path: &str) -> Option<Condition> {
        let object = self.object(value, path)?;
        let assign = self.optional_string(object, path, "assign");
        if let Some(name) = &assign {
            if !is_identifier(name) {
                self.error(
                    &join(path, "assign"),
                    format!("`{name}` cannot name a variable (letters, digits and `_`)"),
                );
                return None;
            }
        }
        if !object.contains_key("fn") {
            self.error(path, "a condition needs `fn` and `argv`");
            return None;
        }
        Some(Condition {
            location: path.to_owned(),
            call: self.call(object, path)?,
            assign,
        })
    }

    fn call(&mut self, object: &Object, path: &str) -> Option<Call> {
        let function = self
            .member(object, path, "fn")
            .and_then(|function| self.string(function, &join(path, "fn")));
        let argv_path = join(path, "argv");
        let args = self
            .member(object, path, "argv")
            .and_then(|argv| self.array(argv, &argv_path))
            .and_then(|argv| {
                let args: Vec<Option<Expr>> = argv
                    .iter()
                    .enumerate()
                    .map(|(position, arg)| self.expr(arg, &index(&argv_path, position)))
                    .collect();
                args.into_iter().collect::<Option<Vec<Expr>>>()
            });
        Some(Call {
            function: function?,
            args: args?,
        })
    }

    fn expr(&mut self, value: &Value, path: &str) -> Option<Expr> {
        let kind = match value {
            Value::String(text) => ExprKind::String(self.template(text, path)?),
            Value::Bool(flag) => ExprKind::Boolean(*flag),
            Value::Number(number) => match number.as_i64() {
                Some(integer) => ExprKind::Integer(integer),
                None => {
                    self.error(path, format!("`{number}` is not an integer"));
                    return None;
                }
            },
            Value::Array(items) => {
                let items: Vec<Option<Expr>> = items
                    .iter()
                    .enumerate()
                    .map(|(position, item)| self.expr(item, &index(path, position)))
                    .collect();
                ExprKind::Array(items.into_iter().collect::<Option<_>>()?)
            }
            Value::Object(object) if object.contains_key("ref") => {
                let name = self.string(&object["ref"], &join(path, "ref"))?;
                ExprKind::Ref(name)
            }
            Value::Object(object) if object.contains_key("fn") => {
                ExprKind::Call(self.call(object, path)?)
            }
            Value::Object(_) => {
                self.error(
                    path,
                    "an object expression must be a reference (`ref`) or a function call (`fn`, `argv`)",
                );
                return None;
            }
            Value::Null => {
                self.error(path, "an expression cannot be null");
                return None;
            }
        };
        Some(Expr {
            location: path.to_owned(),
            kind,
        })
    }

    fn template(&mut self, text: &str, path: &str) -> Option<Template> {
        match parse_template(text) {
            Ok(parts) => Some(Template {
                location: path.to_owned(),
                raw: text.to_owned(),
                parts,
            }),
            Err(message) => {
                self.error(path, format!("template `{text}`: {message}"));
                None
            }
        }
    }

    fn test_cases(&mut self, value: &Value) -> Vec<EndpointTestCase> {
        let Some(object) = self.object(value, "") else {
            return Vec::new();
        };
        let Some(cases) = object.get("testCases") else {
            return Vec::new();
        };
        let Some(cases) = self.array(cases, "testCases") else {
            return Vec::new();
        };
        cases
            .iter()
            .enumerate()
            .filter_map(|(position, case)| self.test_case(case, &index("testCases", position)))
            .collect()
    }

    fn test_case(&mut self, value: &Value, path: &str) -> Option<EndpointTestCase> {
        let object = self.object(value, path)?;
        let params = match object.get("params") {
            None => Some(Vec::new()),
            Some(params) => {
                let params_path = join(path, "params");
                self.object(params, &params_path).and_then(|params| {
                    let values: Vec<Option<(String, ParameterValue)>> = params
                        .iter()
                        .map(|(name, value)| {
                            self.parameter_value(value, &join(&params_path, name))
                                .map(|value| (name.clone(), value))
                        })
                        .collect();
                    values.into_iter().collect()
                })
            }
        };
        let expect = self
            .member(object, path, "expect")
            .and_then(|expect| self.expectation(expect, &join(path, "expect")));
        Some(EndpointTestCase {
            location: path.to_owned(),
            documentation: self.optional_string(object, path, "documentation"),
            params: params?,
            expect: expect?,
        })
    }

    fn expectation(&mut self, value: &Value, path: &str) -> Option<TestExpectation> {
        let object = self.object(value, path)?;
        match (object.get("endpoint"), object.get("error")) {
            (Some(endpoint), None) => self.expected_endpoint(endpoint, &join(path, "endpoint")),
            (None, Some(error)) => self
                .string(error, &join(path, "error"))
                .map(TestExpectation::Error),
            _ => {
                self.error(path, "needs exactly one of `endpoint` and `error`");
                None
            }
        }
    }

    fn expected_endpoint(&mut self, value: &Value, path: &str) -> Option<TestExpectation> {
        let object = self.object(value, path)?;
        let url = self
            .member(object, path, "url")
            .and_then(|url| self.string(url, &join(path, "url")));
        let properties = match object.get("properties") {
            None => Some(Vec::new()),
            Some(properties) => {
                let properties_path = join(path, "properties");
                self.object(properties, &properties_path)
                    .and_then(|entries| self.document_entries(entries, &properties_path))
            }
        };
        let headers = match object.get("headers") {
            None => Some(Vec::new()),
            Some(headers) => self.expected_headers(headers, &join(path, "headers")),
        };
        Some(TestExpectation::Endpoint {
            url: url?,
            properties: properties?,
            headers: headers?,
        })
    }

    fn expected_headers(
        &mut self,
        value: &Value,
        path: &str,
    ) -> Option<Vec<(String, Vec<String>)>> {
        let object = self.object(value, path)?;
        let headers: Vec<Option<(String, Vec<String>)>> = object
            .iter()
            .map(|(name, values)| {
                let header_path = join(path, name);
                let items = self.array(values, &header_path)?;
                let values: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect();
                if values.is_none() {
                    self.error(&header_path, "header values must be strings");
                }
                Some((name.clone(), values?))
            })
            .collect();
        headers.into_iter().collect()
    }

    fn document_entries(
        &mut self,
        object: &Object,
        path: &str,
    ) -> Option<Vec<(String, DocumentValue)>> {
        let entries: Vec<Option<(String, DocumentValue)>> = object
            .iter()
            .map(|(key, value)| {
                self.document(value, &join(path, key))
                    .map(|document| (key.clone(), document))
            })
            .collect();
        entries.into_iter().collect()
    }

    fn document(&mut self, value: &Value, path: &str) -> Option<DocumentValue> {
        match value {
            Value::String(text) => Some(DocumentValue::String(text.clone())),
            Value::Bool(flag) => Some(DocumentValue::Boolean(*flag)),
            Value::Number(number) => match number.as_i64() {
                Some(integer) => Some(DocumentValue::Integer(integer)),
                None => {
                    self.error(path, format!("`{number}` is not an integer"));
                    None
                }
            },
            Value::Array(items) => {
                let items: Vec<Option<DocumentValue>> = items
                    .iter()
                    .enumerate()
                    .map(|(position, item)| self.document(item, &index(path, position)))
                    .collect();
                items
                    .into_iter()
                    .collect::<Option<_>>()
                    .map(DocumentValue::Array)
            }
            Value::Object(entries) => self
                .document_entries(entries, path)
                .map(DocumentValue::Object),
            Value::Null => {
                self.error(path, "a property cannot be null");
                None
            }
        }
    }
}

/// Splits a template into literal text and `{name}` / `{name#path}` values.
pub fn parse_template(text: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|(_, next)| *next == '{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().is_some_and(|(_, next)| *next == '}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let body_start = start + 1;
                let end = text[body_start..]
                    .find('}')
                    .map(|offset| body_start + offset)
                    .ok_or_else(|| format!("`{{` at offset {start} is not closed"))?;
                let body = &text[body_start..end];
                while chars.peek().is_some_and(|(offset, _)| *offset <= end) {
                    chars.next();
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(template_value(body)?);
            }
            other => literal.push(other),
        }
    }
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Ok(parts)
}

fn template_value(body: &str) -> Result<TemplatePart, String> {
    let (name, path) = match body.split_once('#') {
        Some((name, path)) => (name, Some(AttrPath::parse(path)?)),
        None => (body, None),
    };
    if !is_identifier(name) {
        return Err(format!(
            "`{{{body}}}` does not name a parameter or variable"
        ));
    }
    Ok(TemplatePart::Value {
        name: name.to_owned(),
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(name: &str, path: Option<&str>) -> TemplatePart {
        TemplatePart::Value {
            name: name.to_owned(),
            path: path.map(|path| AttrPath::parse(path).expect("a valid path")),
        }
    }

    fn literal(text: &str) -> TemplatePart {
        TemplatePart::Literal(text.to_owned())
    }

    #[test]
    fn parses_templates() {
        assert_eq!(
            parse_template("https://{Bucket}.s3.{partitionResult#dnsSuffix}"),
            Ok(vec![
                literal("https://"),
                value("Bucket", None),
                literal(".s3."),
                value("partitionResult", Some("dnsSuffix")),
            ])
        );
        assert_eq!(parse_template("plain"), Ok(vec![literal("plain")]));
        assert_eq!(parse_template(""), Ok(vec![]));
        assert_eq!(
            parse_template("{{literal}} {a#b[0]}"),
            Ok(vec![literal("{literal} "), value("a", Some("b[0]"))])
        );
        assert!(parse_template("{Region").is_err());
        assert!(parse_template("{}").is_err());
        assert!(parse_template("{a b}").is_err());
        assert!(parse_template("{a#}").is_err());
    }

    #[test]
    fn identifiers_are_smithy_identifiers() {
        for name in ["Region", "uri_encoded_bucket", "_1", "__a", "a1"] {
            assert!(is_identifier(name), "{name}");
        }
        for name in ["", "_", "__", "1a", "a-b", "a b", "caf\u{e9}"] {
            assert!(!is_identifier(name), "{name}");
        }
    }

    #[test]
    fn parses_attribute_paths() {
        let path = |raw: &str| AttrPath::parse(raw).map(|path| path.steps);
        assert_eq!(path("name"), Ok(vec![AttrStep::Key("name".to_owned())]));
        assert_eq!(
            path("resourceId[2]"),
            Ok(vec![
                AttrStep::Key("resourceId".to_owned()),
                AttrStep::Index(2)
            ])
        );
        assert_eq!(
            path("a.b"),
            Ok(vec![
                AttrStep::Key("a".to_owned()),
                AttrStep::Key("b".to_owned())
            ])
        );
        assert_eq!(path("[0]"), Ok(vec![AttrStep::Index(0)]));
        assert!(path("a[x]").is_err());
        assert!(path("a[1").is_err());
        assert!(path("a..b").is_err());
        assert!(path("").is_err());
    }
}
