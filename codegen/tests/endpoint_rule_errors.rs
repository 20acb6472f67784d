//! Broken endpoint rule sets and test cases are reported, never panicked on:
//! every problem at once, each naming the service, where in the trait it is
//! (`rules[1].conditions[0]`) and what is wrong.

use std::panic::{AssertUnwindSafe, catch_unwind};

use codegen::{Error, LowerOptions};

/// A service with `rule_set` as its `smithy.rules#endpointRuleSet` and, when
/// given, `tests` as its `smithy.rules#endpointTests`.
fn model(rule_set: &str, tests: Option<&str>) -> String {
    let tests = tests
        .map(|tests| format!(r#", "smithy.rules#endpointTests": {tests}"#))
        .unwrap_or_default();
    format!(
        r#"{{"smithy": "2.0", "shapes": {{"ns#Svc": {{
            "type": "service", "version": "2020-01-01",
            "traits": {{"aws.protocols#ec2Query": {{}},
                        "smithy.rules#endpointRuleSet": {rule_set}{tests}}}}}}}}}"#
    )
}

/// A rule set with the usual parameters and these rules.
fn rules(rules: &str) -> String {
    format!(
        r#"{{"version": "1.0",
            "parameters": {{
                "Region": {{"type": "String", "builtIn": "AWS::Region", "documentation": "r"}},
                "UseFIPS": {{"type": "Boolean", "required": true, "default": false, "documentation": "f"}},
                "Bucket": {{"type": "string", "documentation": "b"}}
            }},
            "rules": {rules}}}"#
    )
}

/// A valid last rule, so the rules before it are the subject.
const FALLBACK: &str = r#"{"type": "error", "conditions": [], "error": "no"}"#;

/// The messages of every problem, asserting generation returned them
/// instead of panicking or succeeding.
fn problems(json: &str) -> Vec<String> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        codegen::generate_crate(json, &LowerOptions::default())
    }))
    .unwrap_or_else(|_| panic!("the generator panicked on:\n{json}"));
    match result {
        Ok(_) => panic!("generation succeeded, but the rules are broken:\n{json}"),
        Err(Error::Model(errors)) => errors.0.iter().map(ToString::to_string).collect(),
        Err(other) => panic!("a model problem reported as something else: {other}"),
    }
}

fn assert_problem(json: &str, expected: &str) {
    let found = problems(json);
    assert!(
        found.iter().any(|problem| problem == expected),
        "expected\n  {expected}\namong\n  {}",
        found.join("\n  ")
    );
}

fn rule_problem(rule: &str, expected: &str) {
    assert_problem(
        &model(&rules(&format!("[{rule}, {FALLBACK}]")), None),
        expected,
    );
}

#[test]
fn malformed_rules_name_where_they_are() {
    let table = [
        (
            r#"{"type": "endpont", "conditions": [], "endpoint": {"url": "https://a"}}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].type`: unknown rule type `endpont` (expected endpoint, error or tree)",
        ),
        (
            r#"{"type": "endpoint", "endpoint": {"url": "https://a"}}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0]`: needs `conditions` (an array, possibly empty)",
        ),
        (
            r#"{"type": "error", "conditions": [{"argv": []}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0]`: a condition needs `fn` and `argv`",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"reff": "Region"}]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[0]`: an object expression must be a reference (`ref`) or a function call (`fn`, `argv`)",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}], "assign": "not valid"}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].assign`: `not valid` cannot name a variable (letters, digits and `_`)",
        ),
        (
            r#"{"type": "error", "conditions": [], "error": "{Region"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].error`: template `{Region`: `{` at offset 0 is not closed",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "substring", "argv": ["a", 1.5, 2, false]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[1]`: `1.5` is not an integer",
        ),
        (
            r#"{"type": "tree", "conditions": [], "rules": []}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].rules`: a tree rule needs at least one rule",
        ),
        (
            r#"{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://a", "properties": {"x": null}}}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].endpoint.properties.x`: a property cannot be null",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "Region"}, "a[x]"]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[1]`: path `a[x]`: index `x` is not a non-negative integer",
        ),
    ];
    for (rule, expected) in table {
        rule_problem(rule, expected);
    }
}

#[test]
fn malformed_parameters() {
    let rule_set = r#"{"version": "1.0", "parameters": {
            "A": {"type": "integer"},
            "B": {"type": "boolean", "required": true, "default": "yes"},
            "C D": {"type": "string"},
            "E": {"type": "boolean", "builtIn": "AWS::Region"}
        }, "rules": [{"type": "error", "conditions": [], "error": "no"}]}"#;
    let found = problems(&model(rule_set, None));
    for expected in [
        "`ns#Svc`: `smithy.rules#endpointRuleSet` at `parameters.A.type`: unknown parameter type `integer` (expected string, boolean or stringArray)",
        "`ns#Svc`: `smithy.rules#endpointRuleSet` at `parameters.B.default`: the default of a boolean parameter must be a boolean",
        "`ns#Svc`: `smithy.rules#endpointRuleSet` at `parameters.C D`: a parameter name must be letters, digits and `_`",
    ] {
        assert!(
            found.iter().any(|problem| problem == expected),
            "{expected}\n{found:#?}"
        );
    }
    let built_in = r#"{"version": "1.0", "parameters": {
            "E": {"type": "boolean", "builtIn": "AWS::Region"}
        }, "rules": [{"type": "error", "conditions": [], "error": "no"}]}"#;
    assert_problem(
        &model(built_in, None),
        "`ns#Svc`: `smithy.rules#endpointRuleSet` at `parameters.E`: the built-in `AWS::Region` is not a boolean parameter",
    );
    for broken in [
        r#"{}"#,
        r#""rules""#,
        r#"{"version": "1.0", "rules": [3, "x"]}"#,
    ] {
        assert!(!problems(&model(broken, None)).is_empty(), "{broken}");
    }
}

#[test]
fn functions_are_checked_for_name_arity_and_types() {
    let table = [
        (
            r#"{"type": "error", "conditions": [{"fn": "stringEqual", "argv": ["a", "b"]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0]`: unknown function `stringEqual` (known: booleanEquals, stringEquals, isSet, not, getAttr, coalesce, ite, split, substring, uriEncode, parseURL, isValidHostLabel, aws.partition, aws.parseArn, aws.isVirtualHostableS3Bucket)",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "not", "argv": [true, false]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0]`: `not` takes 1 arguments, not 2",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "coalesce", "argv": [{"ref": "Region"}]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0]`: `coalesce` takes at least 2 arguments, not 1",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "a"]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[0]`: argument 1 of `stringEquals` must be string, not option<string>; test it with `isSet` or bind it with `assign` in an earlier condition first",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, "true"]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[1]`: argument 2 of `booleanEquals` must be bool, not string",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "coalesce", "argv": [{"ref": "Region"}, true]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[1]`: the arguments of `coalesce` must all be string or option<string>, not bool",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "substring", "argv": [{"ref": "Region"}, -1, 2, false]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[1].argv[1]`: `-1` must not be negative",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "getAttr", "argv": [{"ref": "Region"}, "name"]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0]`: `getAttr` needs a value, not option<string>; bind it with `assign` first",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "ite", "argv": [true, "a", false]}], "error": "x"}"#,
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[2]`: both branches of `ite` must have one type: string and bool",
        ),
    ];
    for (rule, expected) in table {
        rule_problem(rule, expected);
    }
}

#[test]
fn references_and_templates_must_resolve() {
    let partition = r#"{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "PartitionResult"}"#;
    let table = [
        (
            r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bukket"}]}], "error": "x"}"#.to_owned(),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[0].argv[0]`: `Bukket` is not a parameter, nor a variable assigned before this point",
        ),
        (
            r#"{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Regoin}.example.com"}}"#.to_owned(),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].endpoint.url`: `Regoin` is not a parameter, nor a variable assigned before this point",
        ),
        (
            r#"{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Region}.example.com"}}"#.to_owned(),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].endpoint.url`: template `https://{Region}.example.com`: `{Region}` is option<string>, not a string",
        ),
        (
            format!(r#"{{"type": "endpoint", "conditions": [{partition}], "endpoint": {{"url": "https://a.{{PartitionResult#dnsSufix}}"}}}}"#),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].endpoint.url`: path `dnsSufix`: Partition has no attribute `dnsSufix` (it has name, dnsSuffix, dualStackDnsSuffix, supportsFIPS, supportsDualStack, implicitGlobalRegion)",
        ),
        (
            format!(r#"{{"type": "endpoint", "conditions": [{partition}], "endpoint": {{"url": "https://{{PartitionResult#supportsFIPS}}"}}}}"#),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].endpoint.url`: template `https://{PartitionResult#supportsFIPS}`: `{PartitionResult#supportsFIPS}` is bool, not a string",
        ),
        (
            format!(r#"{{"type": "error", "conditions": [{partition}, {{"fn": "isSet", "argv": [{{"ref": "Bucket"}}], "assign": "Region"}}], "error": "x"}}"#),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[2].assign`: `Region` is already a parameter or variable here; it cannot be assigned again",
        ),
        (
            r#"{"type": "error", "conditions": [{"fn": "isSet", "argv": [{"ref": "Bucket"}]}, {"fn": "aws.parseArn", "argv": [{"ref": "Bucket"}], "assign": "arn"}, {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[0].name"]}], "error": "x"}"#.to_owned(),
            "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[0].conditions[2]`: path `resourceId[0].name`: an index must end the path",
        ),
    ];
    for (rule, expected) in table {
        rule_problem(&rule, expected);
    }
}

#[test]
fn variables_are_scoped_to_their_rule() {
    let rules_json = format!(
        r#"[{{"type": "tree", "conditions": [{{"fn": "isSet", "argv": [{{"ref": "Bucket"}}]}}, {{"fn": "uriEncode", "argv": [{{"ref": "Bucket"}}], "assign": "encoded"}}],
             "rules": [{{"type": "endpoint", "conditions": [], "endpoint": {{"url": "https://a/{{encoded}}"}}}}]}},
            {{"type": "endpoint", "conditions": [], "endpoint": {{"url": "https://b/{{encoded}}"}}}}, {FALLBACK}]"#
    );
    assert_problem(
        &model(&rules(&rules_json), None),
        "`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules[1].endpoint.url`: `encoded` is not a parameter, nor a variable assigned before this point",
    );
}

#[test]
fn test_cases_must_fit_the_parameters() {
    let rule_set = rules(&format!("[{FALLBACK}]"));
    let mistyped = r#"{"version": "1.0", "testCases": [
        {"documentation": "a", "params": {"Regoin": "us-east-1"}, "expect": {"error": "no"}},
        {"documentation": "b", "params": {"UseFIPS": "yes"}, "expect": {"error": "no"}}
    ]}"#;
    let found = problems(&model(&rule_set, Some(mistyped)));
    assert_eq!(
        found,
        [
            "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[0]`: the rule set has no parameter `Regoin`",
            "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[1]`: `UseFIPS` is a boolean parameter; the case gives it a string",
        ]
    );
    let malformed = r#"{"version": "1.0", "testCases": [
        {"documentation": "c", "params": {"Region": {"a": 1}}, "expect": {"error": "no"}},
        {"documentation": "d", "params": {}, "expect": {"error": "no", "endpoint": {"url": "https://a"}}},
        {"documentation": "e", "params": {}, "expect": {"endpoint": {"headers": {"a": [1]}}}}
    ]}"#;
    let found = problems(&model(&rule_set, Some(malformed)));
    for expected in [
        "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[0].params.Region`: must be a string, a boolean or an array of strings",
        "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[1].expect`: needs exactly one of `endpoint` and `error`",
        "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[2].expect.endpoint`: needs `url`",
        "`ns#Svc`: `smithy.rules#endpointTests` at `testCases[2].expect.endpoint.headers.a`: header values must be strings",
    ] {
        assert!(
            found.iter().any(|problem| problem == expected),
            "{expected}\n{found:#?}"
        );
    }
}

/// Problems in different rules are all reported in one run.
#[test]
fn every_problem_at_once() {
    let rules_json = format!(
        r#"[{{"type": "error", "conditions": [{{"fn": "nope", "argv": []}}], "error": "x"}},
            {{"type": "error", "conditions": [{{"fn": "not", "argv": ["a"]}}], "error": "x"}},
            {{"type": "endpoint", "conditions": [], "endpoint": {{"url": "https://{{Missing}}"}}}},
            {FALLBACK}]"#
    );
    let found = problems(&model(&rules(&rules_json), None));
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found
            .iter()
            .all(|problem| problem
                .starts_with("`ns#Svc`: `smithy.rules#endpointRuleSet` at `rules["))
    );
}
