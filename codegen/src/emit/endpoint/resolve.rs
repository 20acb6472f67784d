//! `resolve`: the rule set as nested blocks. Each rule that can fail is a
//! labeled block whose conditions leave it early (`break 'rule_2_0`), so
//! evaluation goes on with the next rule; a rule that matches returns.
//!
//! Values are written in their borrowed form (`&str`, `Option<&str>`,
//! `&Url`, `bool`); runtime functions that return owned values are borrowed
//! where they are used, or bound to variables that own them.

use proc_macro2::{Literal, Span, TokenStream};
use quote::quote;

use crate::emit::field_ident;
use crate::lower::endpoint::{
    AttrStepIr, ConditionIr, EndpointIr, EndpointRulesIr, FunctionIr, ParamPresence, ParamTypeIr,
    PropertyIr, RuleBodyIr, RuleIr, RuleType, TemplatePartIr, ValueIr, ValueKind,
};
use crate::lower::naming;

pub(super) fn resolve_fn(rules: &EndpointRulesIr) -> TokenStream {
    let bindings = param_bindings(rules);
    let body = rule_list(&rules.rules, rules.falls_through, &[], true);
    quote! {
        /// The endpoint the rule set gives for `params`.
        ///
        /// # Errors
        ///
        /// The rule set's error when an error rule matches (an unsupported
        /// combination of parameters), or when a required parameter is unset or no
        /// rule matches.
        pub fn resolve(
            params: &Params,
        ) -> Result<crate::runtime::endpoint::ResolvedEndpoint, crate::runtime::endpoint::ResolveError> {
            #bindings
            #body
        }
    }
}

/// One variable per parameter the rules read, in its borrowed form;
/// required parameters are checked first.
fn param_bindings(rules: &EndpointRulesIr) -> TokenStream {
    let mut reads_params = false;
    let bindings: Vec<TokenStream> = rules
        .params
        .iter()
        .filter_map(|param| {
            let required = matches!(param.presence, ParamPresence::Required);
            if !param.used && !required {
                return None;
            }
            reads_params = true;
            let field = field_ident(&param.field);
            let local = field_ident(&param.local);
            let borrowed = match (param.ty, param.presence.is_option()) {
                (ParamTypeIr::Bool, _) => quote!(params.#field),
                (_, true) => quote!(params.#field.as_deref()),
                (ParamTypeIr::String, false) => quote!(params.#field.as_str()),
                (ParamTypeIr::StringArray, false) => quote!(params.#field.as_slice()),
            };
            let name = &param.name;
            let missing = quote! {
                return Err(
                    crate::runtime::endpoint::ResolveError::missing_parameter(#name),
                );
            };
            Some(match (required, param.used) {
                (true, true) => quote! {
                    let Some(#local) = #borrowed else { #missing };
                },
                (true, false) => quote! {
                    if params.#field.is_none() { #missing }
                },
                (false, _) => quote!(let #local = #borrowed;),
            })
        })
        .collect();
    if reads_params {
        quote!(#(#bindings)*)
    } else {
        quote!(let _ = params;)
    }
}

fn no_rule_matched() -> TokenStream {
    quote!(Err(
        crate::runtime::endpoint::ResolveError::no_rule_matched()
    ))
}

/// Rules in order; `tail` when they end the function, so the last result is
/// its value rather than a `return`.
fn rule_list(rules: &[RuleIr], falls_through: bool, path: &[usize], tail: bool) -> TokenStream {
    let count = rules.len();
    let rules = rules.iter().enumerate().map(|(index, rule)| {
        let mut rule_path = path.to_vec();
        rule_path.push(index);
        let is_last = index + 1 == count;
        rule_tokens(rule, &rule_path, tail && is_last && !falls_through)
    });
    let exhausted = falls_through.then(|| {
        let error = no_rule_matched();
        if tail { error } else { quote!(return #error;) }
    });
    quote!(#(#rules)* #exhausted)
}

fn rule_tokens(rule: &RuleIr, path: &[usize], tail: bool) -> TokenStream {
    if !rule.can_fail() {
        // It always matches, so it is the last rule of its list: its
        // variables and result need no block of their own.
        let bindings = rule
            .conditions
            .iter()
            .map(|condition| condition_tokens(condition, None));
        let body = body_tokens(&rule.body, path, tail);
        return quote!(#(#bindings)* #body);
    }
    let name = format!(
        "'rule_{}",
        path.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("_")
    );
    let label = syn::Lifetime::new(&name, Span::call_site());
    let conditions = rule
        .conditions
        .iter()
        .map(|condition| condition_tokens(condition, Some(&label)));
    let body = body_tokens(&rule.body, path, false);
    quote! {
        #label: {
            #(#conditions)*
            #body
        }
    }
}

fn body_tokens(body: &RuleBodyIr, path: &[usize], tail: bool) -> TokenStream {
    let result = match body {
        RuleBodyIr::Tree {
            rules,
            falls_through,
        } => return rule_list(rules, *falls_through, path, tail),
        RuleBodyIr::Endpoint(endpoint) => {
            let endpoint = endpoint_tokens(endpoint);
            quote!(Ok(#endpoint))
        }
        RuleBodyIr::Error(message) => {
            let message = string_arg(message);
            quote!(Err(
                crate::runtime::endpoint::ResolveError::rule(#message)
            ))
        }
    };
    if tail {
        result
    } else {
        quote!(return #result;)
    }
}

fn endpoint_tokens(endpoint: &EndpointIr) -> TokenStream {
    let url = string_arg(&endpoint.url);
    let headers = endpoint.headers.iter().map(|(name, values)| {
        let values = values.iter().map(owned_string);
        let values = super::vec_of(values);
        quote!(.with_header(#name, #values))
    });
    let properties = endpoint.properties.iter().map(|(name, property)| {
        let value = property_tokens(property);
        quote!(.with_property(#name, #value))
    });
    quote!(crate::runtime::endpoint::ResolvedEndpoint::new(#url) #(#headers)* #(#properties)*)
}

fn property_tokens(property: &PropertyIr) -> TokenStream {
    match property {
        PropertyIr::Value(value) => match value.kind {
            ValueKind::Int(integer) => quote!(crate::runtime::endpoint::Document::Int(#integer)),
            _ => {
                let value = string_arg(value);
                quote!(crate::runtime::endpoint::Document::from(#value))
            }
        },
        PropertyIr::Array(items) => {
            let items = items.iter().map(property_tokens);
            let items = super::vec_of(items);
            quote!(crate::runtime::endpoint::Document::Array(#items))
        }
        PropertyIr::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = property_tokens(value);
                quote!((#key, #value))
            });
            quote!(crate::runtime::endpoint::Document::object([#(#entries),*]))
        }
    }
}

/// A condition: a test that leaves the rule (`break 'label`), a binding, or both.
fn condition_tokens(condition: &ConditionIr, label: Option<&syn::Lifetime>) -> TokenStream {
    let leave = quote!({ break #label; });
    let value = &condition.value;
    let Some(bind) = &condition.bind else {
        return match &value.ty {
            RuleType::Optional(inner) if **inner == RuleType::Bool => {
                let value = value_tokens(value);
                quote!(if #value != Some(true) #leave)
            }
            RuleType::Optional(_) => {
                let value = raw(value);
                quote!(if #value.is_none() #leave)
            }
            _ => {
                let failed = falsified(value);
                quote!(if #failed #leave)
            }
        };
    };
    let local = field_ident(&bind.local);
    if let ValueKind::Call {
        function: FunctionIr::IsSet,
        args,
    } = &value.kind
    {
        // `isSet(x)` that makes `x` its value for the rest of the rule.
        let tested = args.iter().map(raw);
        return quote! {
            let Some(#local) = #(#tested)* else #leave;
        };
    }
    let init = if bind.to_owned {
        to_owned(value)
    } else if matches!(
        value.kind,
        ValueKind::Call {
            function: FunctionIr::Ite,
            ..
        }
    ) && value.ty.is_optional()
    {
        // `let ... else` cannot start its `else` right after an `if`'s `}`.
        let value = value_tokens(value);
        quote!((#value))
    } else {
        owned_or_borrowed(value)
    };
    if !condition.can_fail() {
        return quote!(let #local = #init;);
    }
    match &value.ty {
        RuleType::Optional(inner) if **inner == RuleType::Bool => quote! {
            let Some(#local) = #init else #leave;
            if !#local #leave
        },
        RuleType::Optional(_) => quote! {
            let Some(#local) = #init else #leave;
        },
        RuleType::Bool => quote! {
            let #local = #init;
            if !#local #leave
        },
        _ => quote!(let #local = #init;),
    }
}

/// A copy of a value that borrows a temporary.
fn to_owned(value: &ValueIr) -> TokenStream {
    if value.ty.is_optional() {
        let borrowed = receiver(value);
        quote!(#borrowed.map(ToOwned::to_owned))
    } else {
        let borrowed = value_tokens(value);
        quote!(ToOwned::to_owned(#borrowed))
    }
}

/// The value as the runtime gives it: owned results stay owned, the rest
/// is borrowed.
fn owned_or_borrowed(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Template(parts) => format_call(parts),
        ValueKind::Call { function, args } if function.result_is_owned() => {
            runtime_call(*function, args)
        }
        _ => value_tokens(value),
    }
}

/// [`owned_or_borrowed`], parenthesized where a method call could bind to a
/// part of it.
fn raw(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Template(_) | ValueKind::Call { .. } if value.is_owned() => {
            owned_or_borrowed(value)
        }
        _ => receiver(value),
    }
}

/// The value where a method is called on it.
fn receiver(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Var { local, .. } => {
            let local = field_ident(local);
            quote!(#local)
        }
        ValueKind::Call {
            function:
                FunctionIr::Ite | FunctionIr::StringEquals | FunctionIr::BooleanEquals | FunctionIr::Not,
            ..
        } => {
            let value = value_tokens(value);
            quote!((#value))
        }
        _ => value_tokens(value),
    }
}

/// The value in its borrowed form.
fn value_tokens(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::String(text) => quote!(#text),
        ValueKind::Bool(flag) => quote!(#flag),
        ValueKind::Int(integer) => {
            let integer = Literal::i64_unsuffixed(*integer);
            quote!(#integer)
        }
        ValueKind::Template(parts) => {
            let format = format_call(parts);
            quote!(#format.as_str())
        }
        ValueKind::Array(items) => {
            let items = items.iter().map(owned_string);
            quote!(&[#(#items),*][..])
        }
        ValueKind::Var { local, owned } => {
            let local = field_ident(local);
            if *owned {
                borrow_owned(quote!(#local), &value.ty)
            } else {
                quote!(#local)
            }
        }
        ValueKind::Call { function, args } => call_tokens(*function, args, value),
        ValueKind::Attr { target, steps } => {
            let mut tokens = receiver(target);
            for step in steps {
                tokens = match step {
                    AttrStepIr::Field(name) => {
                        let accessor = field_ident(name);
                        quote!(#tokens.#accessor())
                    }
                    AttrStepIr::Index(0) => {
                        quote!(#tokens.first().map(String::as_str))
                    }
                    AttrStepIr::Index(index) => {
                        let index = Literal::usize_unsuffixed(*index);
                        quote!(#tokens.get(#index).map(String::as_str))
                    }
                };
            }
            tokens
        }
    }
}

/// An owned value of type `ty` (a variable or a runtime result), borrowed.
fn borrow_owned(tokens: TokenStream, ty: &RuleType) -> TokenStream {
    match ty {
        RuleType::String => quote!(#tokens.as_str()),
        RuleType::StringArray => quote!(#tokens.as_slice()),
        RuleType::Record(_) => quote!(&#tokens),
        RuleType::Optional(inner) => match **inner {
            RuleType::String | RuleType::StringArray => quote!(#tokens.as_deref()),
            RuleType::Record(_) => quote!(#tokens.as_ref()),
            _ => tokens,
        },
        RuleType::Bool | RuleType::Int => tokens,
    }
}

fn call_tokens(function: FunctionIr, args: &[ValueIr], value: &ValueIr) -> TokenStream {
    match function {
        FunctionIr::BooleanEquals
        | FunctionIr::StringEquals
        | FunctionIr::IsSet
        | FunctionIr::Not => truth(value),
        FunctionIr::Coalesce => coalesce(args),
        FunctionIr::Ite => ite(args, &value.ty),
        function if function.result_is_owned() => {
            borrow_owned(runtime_call(function, args), &value.ty)
        }
        function => runtime_call(function, args),
    }
}

/// A call of the runtime's library function, with its native result.
fn runtime_call(function: FunctionIr, args: &[ValueIr]) -> TokenStream {
    let args: Vec<TokenStream> = args.iter().map(value_tokens).collect();
    let name = match function {
        FunctionIr::AwsPartition => return quote!(self::partition(#(#args),*)),
        FunctionIr::Split => "split",
        FunctionIr::Substring => "substring",
        FunctionIr::UriEncode => "uri_encode",
        FunctionIr::ParseUrl => "parse_url",
        FunctionIr::IsValidHostLabel => "is_valid_host_label",
        FunctionIr::AwsParseArn => "aws_parse_arn",
        FunctionIr::AwsIsVirtualHostableS3Bucket => "is_virtual_hostable_s3_bucket",
        // Operators are written inline by `call_tokens`; nothing calls them
        // here, and empty tokens would fail to parse as a generator bug.
        FunctionIr::BooleanEquals
        | FunctionIr::StringEquals
        | FunctionIr::IsSet
        | FunctionIr::Not
        | FunctionIr::Coalesce
        | FunctionIr::Ite => return TokenStream::new(),
    };
    let name = crate::emit::ident(name);
    quote!(crate::runtime::endpoint::#name(#(#args),*))
}

/// A `bool` expression that holds when `value` (a `bool`) is true.
fn truth(value: &ValueIr) -> TokenStream {
    let ValueKind::Call { function, args } = &value.kind else {
        return value_tokens(value);
    };
    match (function, args.as_slice()) {
        (FunctionIr::Not, [operand]) => falsified(operand),
        (FunctionIr::IsSet, [operand]) => {
            let operand = raw(operand);
            quote!(#operand.is_some())
        }
        (FunctionIr::BooleanEquals, [a, b]) => match (&a.kind, &b.kind) {
            (_, ValueKind::Bool(true)) => truth(a),
            (_, ValueKind::Bool(false)) => falsified(a),
            (ValueKind::Bool(true), _) => truth(b),
            (ValueKind::Bool(false), _) => falsified(b),
            _ => comparison(a, b, true),
        },
        (FunctionIr::StringEquals, [a, b]) => comparison(a, b, true),
        _ => value_tokens(value),
    }
}

/// A `bool` expression that holds when `value` (a `bool`) is false.
fn falsified(value: &ValueIr) -> TokenStream {
    if let ValueKind::Bool(flag) = value.kind {
        let flag = !flag;
        return quote!(#flag);
    }
    let ValueKind::Call { function, args } = &value.kind else {
        let value = receiver(value);
        return quote!(!#value);
    };
    match (function, args.as_slice()) {
        (FunctionIr::Not, [operand]) => truth(operand),
        (FunctionIr::IsSet, [operand]) => {
            let operand = raw(operand);
            quote!(#operand.is_none())
        }
        (FunctionIr::BooleanEquals, [a, b]) => match (&a.kind, &b.kind) {
            (_, ValueKind::Bool(true)) => falsified(a),
            (_, ValueKind::Bool(false)) => truth(a),
            (ValueKind::Bool(true), _) => falsified(b),
            (ValueKind::Bool(false), _) => truth(b),
            _ => comparison(a, b, false),
        },
        (FunctionIr::StringEquals, [a, b]) => comparison(a, b, false),
        _ => {
            let value = receiver(value);
            quote!(!#value)
        }
    }
}

fn comparison(a: &ValueIr, b: &ValueIr, equal: bool) -> TokenStream {
    let empty = |value: &ValueIr| matches!(&value.kind, ValueKind::String(text) if text.is_empty());
    let other = match (empty(a), empty(b)) {
        (_, true) => Some(a),
        (true, _) => Some(b),
        _ => None,
    };
    if let Some(other) = other {
        let other = receiver(other);
        return if equal {
            quote!(#other.is_empty())
        } else {
            quote!(!#other.is_empty())
        };
    }
    let (a, b) = (operand(a), operand(b));
    if equal {
        quote!(#a == #b)
    } else {
        quote!(#a != #b)
    }
}

/// An operand of `==`: comparisons are parenthesized, as Rust does not chain them.
fn operand(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Call {
            function: FunctionIr::StringEquals | FunctionIr::BooleanEquals | FunctionIr::Ite,
            ..
        } => {
            let value = value_tokens(value);
            quote!((#value))
        }
        _ => value_tokens(value),
    }
}

/// `coalesce`: the first present value; arguments after a value that is
/// never empty cannot matter.
fn coalesce(args: &[ValueIr]) -> TokenStream {
    let Some((first, rest)) = args.split_first() else {
        return TokenStream::new();
    };
    let mut tokens = receiver(first);
    let mut optional = first.ty.is_optional();
    for next in rest {
        if !optional {
            break;
        }
        let cheap = matches!(
            next.kind,
            ValueKind::Var { owned: false, .. }
                | ValueKind::String(_)
                | ValueKind::Bool(_)
                | ValueKind::Int(_)
        );
        let value = value_tokens(next);
        tokens = match (next.ty.is_optional(), cheap) {
            (true, true) => quote!(#tokens.or(#value)),
            (true, false) => quote!(#tokens.or_else(|| #value)),
            (false, true) => quote!(#tokens.unwrap_or(#value)),
            (false, false) => quote!(#tokens.unwrap_or_else(|| #value)),
        };
        optional = next.ty.is_optional();
    }
    tokens
}

/// `ite`: either branch, made optional when the result is.
fn ite(args: &[ValueIr], ty: &RuleType) -> TokenStream {
    let [condition, then, otherwise] = args else {
        return TokenStream::new();
    };
    let branch = |branch: &ValueIr| {
        let value = value_tokens(branch);
        if ty.is_optional() && !branch.ty.is_optional() {
            quote!(Some(#value))
        } else {
            value
        }
    };
    let (condition, then, otherwise) = (truth(condition), branch(then), branch(otherwise));
    quote!(if #condition { #then } else { #otherwise })
}

/// A string the callee takes as `impl Into<String>`: templates are formatted.
fn string_arg(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Template(parts) => format_call(parts),
        _ => value_tokens(value),
    }
}

/// A string as an owned `String`.
fn owned_string(value: &ValueIr) -> TokenStream {
    match &value.kind {
        ValueKind::Template(parts) => format_call(parts),
        _ => {
            let value = value_tokens(value);
            quote!(String::from(#value))
        }
    }
}

/// `format!` of a template; variables whose names need no escaping are
/// named in the format string.
fn format_call(parts: &[TemplatePartIr]) -> TokenStream {
    let mut format = String::new();
    let mut args = Vec::new();
    for part in parts {
        match part {
            TemplatePartIr::Literal(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            TemplatePartIr::Value(ValueIr {
                kind: ValueKind::Var { local, .. },
                ..
            }) if naming::escape_identifier(local) == *local => {
                format.push('{');
                format.push_str(local);
                format.push('}');
            }
            TemplatePartIr::Value(value) => {
                format.push_str("{}");
                args.push(value_tokens(value));
            }
        }
    }
    quote!(std::format!(#format #(, #args)*))
}
