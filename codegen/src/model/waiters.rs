//! `smithy.waiters#waitable`: an operation's waiters, checked and with their
//! JMESPath paths parsed. Every problem is reported, each naming the waiter
//! and the acceptor.

use serde_json::{Map, Value};

use super::Traits;
use super::jmespath::{self, Expr};
use super::trait_ids;

/// One waiter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    pub name: String,
    pub documentation: Option<String>,
    /// Seconds; Smithy's defaults are 2 and 120.
    pub min_delay: u64,
    pub max_delay: u64,
    pub deprecated: bool,
    pub acceptors: Vec<Acceptor>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Matcher {
    /// A path into the output.
    Output(PathMatcher),
    /// A path into `{"input": ..., "output": ...}`.
    InputOutput(PathMatcher),
    /// `true`: the call succeeded; `false`: it failed with any error.
    Success(bool),
    /// The call failed with this error (a shape name or error code).
    ErrorType(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathMatcher {
    /// The path as written.
    pub path: String,
    pub expression: Expr,
    pub expected: String,
    pub comparator: PathComparator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathComparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

impl PathComparator {
    pub fn name(self) -> &'static str {
        match self {
            PathComparator::StringEquals => "stringEquals",
            PathComparator::BooleanEquals => "booleanEquals",
            PathComparator::AllStringEquals => "allStringEquals",
            PathComparator::AnyStringEquals => "anyStringEquals",
        }
    }
}

const DEFAULT_MIN_DELAY: u64 = 2;
const DEFAULT_MAX_DELAY: u64 = 120;

/// The waiters `traits` declare that are well formed, in the model's order,
/// and a message for each problem of the others, naming the waiter (and
/// acceptor) it is about.
pub fn waiters(traits: &Traits) -> (Vec<Waiter>, Vec<String>) {
    let Some(value) = traits.get(trait_ids::WAITABLE) else {
        return (Vec::new(), Vec::new());
    };
    let Some(declared) = value.as_object() else {
        return (
            Vec::new(),
            vec![format!("`{}` must be an object", trait_ids::WAITABLE)],
        );
    };
    let mut waiters = Vec::new();
    let mut problems = Vec::new();
    for (name, waiter) in declared {
        let mut problem = |message: String| problems.push(format!("waiter `{name}`: {message}"));
        if !name.starts_with(|first: char| first.is_ascii_uppercase())
            || !name.chars().all(|c| c.is_ascii_alphanumeric())
        {
            problem("a waiter's name must be UpperCamelCase".to_owned());
        }
        let Some(waiter) = waiter.as_object() else {
            problem("must be an object".to_owned());
            continue;
        };
        match parse_waiter(name, waiter) {
            Ok(waiter) => waiters.push(waiter),
            Err(messages) => messages.into_iter().for_each(&mut problem),
        }
    }
    (waiters, problems)
}

fn parse_waiter(name: &str, waiter: &Map<String, Value>) -> Result<Waiter, Vec<String>> {
    let mut problems = Vec::new();
    let delay = |key: &str, default: u64, problems: &mut Vec<String>| match waiter.get(key) {
        None => default,
        Some(value) => match value.as_u64() {
            Some(seconds) if seconds >= 1 => seconds,
            _ => {
                problems.push(format!(
                    "`{key}` must be a whole number of seconds, at least 1"
                ));
                default
            }
        },
    };
    let min_delay = delay("minDelay", DEFAULT_MIN_DELAY, &mut problems);
    let max_delay = delay("maxDelay", DEFAULT_MAX_DELAY.max(min_delay), &mut problems);
    if max_delay < min_delay {
        problems.push(format!(
            "`maxDelay` ({max_delay}) must not be less than `minDelay` ({min_delay})"
        ));
    }
    let documentation = match waiter.get("documentation") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            problems.push("`documentation` must be a string".to_owned());
            None
        }
    };
    let acceptors = match waiter.get("acceptors").and_then(Value::as_array) {
        Some(acceptors) if !acceptors.is_empty() => acceptors,
        _ => {
            problems.push("`acceptors` must be a list of at least one acceptor".to_owned());
            &Vec::new()
        }
    };
    let mut parsed = Vec::new();
    for (index, acceptor) in acceptors.iter().enumerate() {
        match parse_acceptor(acceptor) {
            Ok(acceptor) => parsed.push(acceptor),
            Err(message) => problems.push(format!("acceptor {index}: {message}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Waiter {
        name: name.to_owned(),
        documentation,
        min_delay,
        max_delay,
        deprecated: waiter.get("deprecated").and_then(Value::as_bool) == Some(true),
        acceptors: parsed,
    })
}

fn parse_acceptor(acceptor: &Value) -> Result<Acceptor, String> {
    let state = match acceptor.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        Some(other) => return Err(format!("unknown state `{other}`")),
        None => return Err("needs a `state`".to_owned()),
    };
    let Some(matcher) = acceptor.get("matcher").and_then(Value::as_object) else {
        return Err("needs a `matcher` object".to_owned());
    };
    let mut kinds = matcher.iter();
    let (Some((kind, value)), None) = (kinds.next(), kinds.next()) else {
        return Err("a matcher has exactly one member".to_owned());
    };
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(value)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(value)?),
        "success" => Matcher::Success(
            value
                .as_bool()
                .ok_or("the `success` matcher must be a boolean")?,
        ),
        "errorType" => Matcher::ErrorType(
            value
                .as_str()
                .ok_or("the `errorType` matcher must be a string")?
                .to_owned(),
        ),
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(value: &Value) -> Result<PathMatcher, String> {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("a path matcher needs a string `{key}`"))
    };
    let path = text("path")?;
    let expected = text("expected")?;
    let comparator = match text("comparator")? {
        "stringEquals" => PathComparator::StringEquals,
        "booleanEquals" => PathComparator::BooleanEquals,
        "allStringEquals" => PathComparator::AllStringEquals,
        "anyStringEquals" => PathComparator::AnyStringEquals,
        other => return Err(format!("unknown comparator `{other}`")),
    };
    if comparator == PathComparator::BooleanEquals && !matches!(expected, "true" | "false") {
        return Err(format!(
            "`booleanEquals` expects `true` or `false`, not `{expected}`"
        ));
    }
    let expression = jmespath::parse(path).map_err(|error| format!("path `{path}`: {error}"))?;
    Ok(PathMatcher {
        path: path.to_owned(),
        expression,
        expected: expected.to_owned(),
        comparator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn traits(waitable: Value) -> Traits {
        Traits::new(BTreeMap::from([(trait_ids::WAITABLE.to_owned(), waitable)]))
    }

    #[test]
    fn a_waiter_with_its_defaults() {
        let (waiters, problems) = waiters(&traits(serde_json::json!({
            "ThingReady": {
                "acceptors": [
                    {"state": "success", "matcher": {"output": {
                        "path": "Things[].State", "expected": "ready", "comparator": "allStringEquals"}}},
                    {"state": "retry", "matcher": {"errorType": "NotYet"}},
                    {"state": "failure", "matcher": {"success": false}}
                ]
            }
        })));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(waiters.len(), 1);
        let waiter = &waiters[0];
        assert_eq!((waiter.min_delay, waiter.max_delay), (2, 120));
        assert_eq!(waiter.acceptors.len(), 3);
        assert_eq!(
            waiter.acceptors[1].matcher,
            Matcher::ErrorType("NotYet".to_owned())
        );
        assert!(
            matches!(&waiter.acceptors[0].matcher, Matcher::Output(path) if path.comparator == PathComparator::AllStringEquals)
        );
    }

    #[test]
    fn every_problem_names_its_waiter_and_acceptor() {
        let (valid, problems) = waiters(&traits(serde_json::json!({
            "lowercase": {"acceptors": [{"state": "success", "matcher": {"success": true}}]},
            "Delays": {"minDelay": 30, "maxDelay": 10,
                       "acceptors": [{"state": "success", "matcher": {"success": true}}]},
            "Broken": {"acceptors": [
                {"state": "done", "matcher": {"success": true}},
                {"state": "success", "matcher": {"success": true, "errorType": "X"}},
                {"state": "success", "matcher": {"output": {"path": "a[", "expected": "x", "comparator": "stringEquals"}}},
                {"state": "success", "matcher": {"output": {"path": "a", "expected": "yes", "comparator": "booleanEquals"}}}
            ]},
            "Empty": {"acceptors": []},
            "Fine": {"acceptors": [{"state": "success", "matcher": {"success": true}}]}
        })));
        // The well-formed ones are kept.
        let names: Vec<&str> = valid.iter().map(|waiter| waiter.name.as_str()).collect();
        assert_eq!(names, ["lowercase", "Fine"]);
        // In the model's order.
        let expected = [
            "waiter `lowercase`: a waiter's name must be UpperCamelCase",
            "waiter `Delays`: `maxDelay` (10) must not be less than `minDelay` (30)",
            "waiter `Broken`: acceptor 0: unknown state `done`",
            "waiter `Broken`: acceptor 1: a matcher has exactly one member",
            "waiter `Broken`: acceptor 2: path `a[`",
            "waiter `Broken`: acceptor 3: `booleanEquals` expects `true` or `false`, not `yes`",
            "waiter `Empty`: `acceptors` must be a list of at least one acceptor",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
        for (problem, expected) in problems.iter().zip(expected) {
            assert!(problem.starts_with(expected), "{problem} / {expected}");
        }
    }
}
