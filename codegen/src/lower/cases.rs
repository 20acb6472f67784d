//! The model's examples (`smithy.api#examples`) and client-side compliance
//! cases (`smithy.test#httpRequestTests`, `httpResponseTests`), lowered once
//! every type is, so that their values can be checked against the types.
//!
//! A malformed compliance case is a model error: a test that cannot say what
//! it tests must be fixed. An example that does not fit the model is a
//! warning, and the example is left out of the docs: examples are
//! documentation, and real models (EC2's among them) carry a few that are
//! slightly off, which must not stop the generation of a working crate.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::ir::*;
use super::naming::{self, NameScope};
use super::values::{Types, ValueError};
use crate::model::{Model, ModelError, Shape, ShapeId, ShapeKind, Traits, trait_ids};

/// What lowering the cases found wrong: errors stop generation, warnings do not.
#[derive(Debug, Default)]
pub(super) struct Findings {
    pub(super) errors: Vec<ModelError>,
    pub(super) warnings: Vec<ModelError>,
}

/// Fills in each operation's examples and compliance cases. `error_test_owner`
/// names, for each error shape, the operation whose module carries its cases.
pub(super) fn lower_cases(
    model: &Model,
    operations: &mut [(ShapeId, OperationIr)],
    shared_types: &[TypeIr],
    error_test_owner: &BTreeMap<ShapeId, ShapeId>,
) -> Findings {
    let types = Types::new(shared_types);
    let mut findings = Findings::default();
    for (id, operation) in operations.iter_mut() {
        let Some(shape) = model.shape(id) else {
            continue;
        };
        operation.examples = examples(shape, operation, &types, &mut findings.warnings);
        let errors = match &shape.kind {
            ShapeKind::Operation(declared) => declared
                .errors
                .iter()
                .filter(|error| error_test_owner.get(*error) == Some(&*id))
                .filter_map(|error| model.shape(error))
                .collect(),
            _ => Vec::new(),
        };
        let cases = CaseLowering {
            operation,
            types: &types,
        };
        match cases.protocol_tests(shape, &errors) {
            Ok(tests) => operation.protocol_tests = tests,
            Err(problems) => findings.errors.extend(problems),
        }
    }
    findings
}

fn examples(
    shape: &Shape,
    operation: &OperationIr,
    types: &Types<'_>,
    warnings: &mut Vec<ModelError>,
) -> Vec<ExampleIr> {
    let mut lowered = Vec::new();
    for (index, example) in shape.traits.examples().iter().enumerate() {
        let title = example.get("title").and_then(Value::as_str);
        let name = title.map_or_else(|| format!("#{index}"), |title| format!("`{title}`"));
        let warn = |problem: String| {
            ModelError::at(
                &shape.id,
                format!("example {name}: {problem}; the example is left out of the docs"),
            )
        };
        let Some(title) = title else {
            warnings.push(warn("it has no string `title`".to_owned()));
            continue;
        };
        let empty = Value::Object(Map::new());
        let input = example.get("input").unwrap_or(&empty);
        let input = types.structure(&operation.input, Some(&operation.module), input, "input");
        // The output is not shown, but a wrong one is worth knowing about.
        let output = example.get("output").map(|output| {
            types.structure(&operation.output, Some(&operation.module), output, "output")
        });
        match (input, output) {
            (Ok(input), None | Some(Ok(_))) => lowered.push(ExampleIr {
                title: title.to_owned(),
                docs: example
                    .get("documentation")
                    .and_then(Value::as_str)
                    .map(crate::docs::html_to_markdown)
                    .unwrap_or_default(),
                input,
            }),
            (Err(error), _) | (_, Some(Err(error))) => warnings.push(warn(value_problem(&error))),
        }
    }
    lowered
}

fn value_problem(error: &ValueError) -> String {
    format!("`{}`: {}", error.path, error.problem)
}

struct CaseLowering<'a> {
    operation: &'a OperationIr,
    types: &'a Types<'a>,
}

/// A case's problem, before it is placed at the shape that carries the case.
type CaseResult<T> = Result<T, String>;

impl CaseLowering<'_> {
    /// The operation's own cases, then those of the error shapes it carries.
    fn protocol_tests(
        &self,
        operation: &Shape,
        errors: &[&Shape],
    ) -> Result<Vec<ProtocolTestIr>, Vec<ModelError>> {
        let mut names = NameScope::default();
        let mut tests = Vec::new();
        let mut problems = Vec::new();
        let mut lower = |shape: &Shape, trait_id: &str, kind: CaseKind<'_>| {
            for (index, case) in client_cases(&shape.traits, trait_id) {
                match self.case(case, &kind, &mut names) {
                    Ok(test) => tests.push(test),
                    Err(problem) => problems.push(ModelError::at(
                        &shape.id,
                        format!("`{trait_id}` case {}: {problem}", case_name(case, index)),
                    )),
                }
            }
        };
        lower(operation, trait_ids::HTTP_REQUEST_TESTS, CaseKind::Request);
        lower(
            operation,
            trait_ids::HTTP_RESPONSE_TESTS,
            CaseKind::Response,
        );
        for error in errors {
            let kind = match self.error_ref(&error.id) {
                Some(error_ref) => CaseKind::Error(error_ref),
                None => continue,
            };
            lower(error, trait_ids::HTTP_RESPONSE_TESTS, kind);
        }
        if problems.is_empty() {
            Ok(tests)
        } else {
            Err(problems)
        }
    }

    fn error_ref(&self, error: &ShapeId) -> Option<&ErrorRefIr> {
        self.operation
            .errors
            .iter()
            .find(|error_ref| error_ref.code == error.name())
    }

    fn case(
        &self,
        case: &Value,
        kind: &CaseKind<'_>,
        names: &mut NameScope,
    ) -> CaseResult<ProtocolTestIr> {
        let case = case.as_object().ok_or("it is not an object")?;
        let id = required_string(case, "id")?;
        let params = case
            .get("params")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let lowered = match kind {
            CaseKind::Request => ProtocolTestCase::Request(RequestCaseIr {
                params: self.params(
                    &self.operation.input,
                    Some(&self.operation.module),
                    &params,
                )?,
                host: optional_string(case, "host")?.unwrap_or_else(|| "example.com".to_owned()),
                method: required_string(case, "method")?,
                uri: required_string(case, "uri")?,
                resolved_host: optional_string(case, "resolvedHost")?,
                headers: headers(case)?,
                require_headers: strings(case, "requireHeaders")?,
                forbid_headers: strings(case, "forbidHeaders")?,
                body: request_body(case)?,
            }),
            CaseKind::Response => ProtocolTestCase::Response {
                response: response(case)?,
                expected: self.params(
                    &self.operation.output,
                    Some(&self.operation.module),
                    &params,
                )?,
            },
            CaseKind::Error(error) => {
                let structure = self
                    .types
                    .shared_structure(&error.type_name)
                    .ok_or_else(|| format!("no generated structure for `{}`", error.code))?;
                ProtocolTestCase::Error {
                    error: (*error).clone(),
                    response: response(case)?,
                    expected: self.params(structure, None, &params)?,
                }
            }
        };
        Ok(ProtocolTestIr {
            test_name: names.claim(&naming::snake_case(&id), "_case"),
            docs: case_docs(&id, case)?,
            id,
            case: lowered,
        })
    }

    fn params(
        &self,
        structure: &StructureIr,
        operation_module: Option<&str>,
        params: &Value,
    ) -> CaseResult<StructureValueIr> {
        self.types
            .structure(structure, operation_module, params, "params")
            .map_err(|error| value_problem(&error))
    }
}

enum CaseKind<'a> {
    Request,
    Response,
    Error(&'a ErrorRefIr),
}

/// The cases of a trait that apply to clients, with their index.
fn client_cases<'t>(traits: &'t Traits, trait_id: &str) -> Vec<(usize, &'t Value)> {
    traits
        .test_cases(trait_id)
        .iter()
        .enumerate()
        .filter(|(_, case)| case.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .collect()
}

fn case_name(case: &Value, index: usize) -> String {
    match case.get("id").and_then(Value::as_str) {
        Some(id) => format!("`{id}`"),
        None => format!("#{index}"),
    }
}

fn case_docs(id: &str, case: &Map<String, Value>) -> CaseResult<Vec<String>> {
    let mut lines = vec![format!("`{id}`")];
    if let Some(documentation) = optional_string(case, "documentation")? {
        lines.push(String::new());
        lines.extend(
            documentation
                .lines()
                .map(|line| line.trim().replace('[', "\\[").replace(']', "\\]")),
        );
    }
    Ok(lines)
}

fn required_string(case: &Map<String, Value>, key: &str) -> CaseResult<String> {
    optional_string(case, key)?.ok_or_else(|| format!("it has no `{key}`"))
}

fn optional_string(case: &Map<String, Value>, key: &str) -> CaseResult<Option<String>> {
    match case.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn strings(case: &Map<String, Value>, key: &str) -> CaseResult<Vec<String>> {
    match case.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("`{key}` must be an array of strings"))
            })
            .collect(),
        Some(_) => Err(format!("`{key}` must be an array of strings")),
    }
}

fn headers(case: &Map<String, Value>) -> CaseResult<Vec<(String, String)>> {
    match case.get("headers") {
        None => Ok(Vec::new()),
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, value)| match value {
                Value::String(value) => Ok((name.clone(), value.clone())),
                _ => Err(format!("header `{name}` must be a string")),
            })
            .collect(),
        Some(_) => Err("`headers` must be an object".to_owned()),
    }
}

/// An empty body with no media type means the case expects no body at all.
fn request_body(case: &Map<String, Value>) -> CaseResult<Option<String>> {
    let body = optional_string(case, "body")?;
    let media_type = optional_string(case, "bodyMediaType")?;
    Ok(body.filter(|body| !body.is_empty() || media_type.is_some()))
}

fn response(case: &Map<String, Value>) -> CaseResult<ResponseIr> {
    let status = case
        .get("code")
        .ok_or("it has no `code`")?
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| (100..=599).contains(code))
        .ok_or("`code` must be an HTTP status code")?;
    Ok(ResponseIr {
        status,
        headers: headers(case)?,
        body: optional_string(case, "body")?.unwrap_or_default(),
    })
}
