//! An operation's waiters: a marker type per waiter implementing the
//! runtime's `Waiter` (its delays, and its acceptors as one `matching`
//! function whose paths are plain Rust over the output's fields), the
//! client's `wait_until_*` methods, and the input builder's `wait()` and
//! `wait_async()`. The waiting itself is the runtime's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::operation::{ClientMethodsAt, builder_path, built_input, start_builder};
use super::{field_ident, ident};
use crate::lower::{
    AcceptorState, Comparison, CrateIr, ExprIr, ExprKind, ExprNode, MatcherIr, OperationIr,
    PathTestIr, ValueType, WaiterIr,
};

pub(crate) fn waiters(ir: &CrateIr, operation: &OperationIr) -> TokenStream {
    if operation.waiters.is_empty() {
        return TokenStream::new();
    }
    let input = ident(&operation.input.name);
    let builder = ident(&operation.input.builder_name);
    let built = built_input(operation);
    let runtime = quote!(crate::runtime::waiter);
    let waiters = operation.waiters.iter().map(|waiter| {
        let marker = ident(&waiter.type_name);
        let docs = doc_attrs(&waiter.docs);
        let name = &waiter.name;
        let min_delay = Literal::u64_unsuffixed(waiter.min_delay);
        let max_delay = Literal::u64_unsuffixed(waiter.max_delay);
        let states = waiter
            .acceptors
            .iter()
            .map(|acceptor| match acceptor.state {
                AcceptorState::Success => quote!(#runtime::WaiterState::Success),
                AcceptorState::Failure => quote!(#runtime::WaiterState::Failure),
                AcceptorState::Retry => quote!(#runtime::WaiterState::Retry),
            });
        let matching = matching(waiter.acceptors.iter().map(|acceptor| &acceptor.matcher));
        let uses_input = waiter.acceptors.iter().any(|acceptor| {
            matches!(&acceptor.matcher, MatcherIr::Path { value, .. } if reads_input(value))
        });
        let input_name = if uses_input {
            quote!(input)
        } else {
            quote!(_input)
        };
        let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
        let client_method = (!ir.is_split()).then(|| {
            let method = waiter_method(operation, waiter, ClientMethodsAt::OperationModule);
            quote! {
                #[cfg(feature = "client")]
                impl crate::runtime::client::Client {
                    #method
                }
            }
        });
        quote! {
            #docs
            #[cfg(feature = "client")]
            #deprecated
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #marker;

            #[cfg(feature = "client")]
            impl #runtime::Waiter for #marker {
                type Input = #input;
                const NAME: &'static str = #name;
                const MIN_DELAY: std::time::Duration = std::time::Duration::from_secs(#min_delay);
                const MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(#max_delay);
                const ACCEPTORS: &'static [#runtime::WaiterState] = &[#(#states),*];

                #[inline]
                fn matching(
                    #input_name: &#input,
                    answer: &#runtime::Answer<#input>,
                ) -> Option<usize> {
                    #matching
                }
            }

            #client_method
        }
    });
    quote! {
        #(#waiters)*

        #[cfg(feature = "client")]
        impl<W: #runtime::Waiter<Input = #input>> #builder<W> {
            /// Builds the input and calls until the waiter's acceptors end the
            /// waiting or `max_wait` has passed, blocking the thread.
            pub fn wait(mut self, max_wait: std::time::Duration) -> #runtime::WaitResult<#input> {
                #runtime::wait::<W>(self._caller.take_client(), #built, max_wait)
            }

            /// [`Self::wait`] on an async runtime.
            pub fn wait_async(
                mut self,
                max_wait: std::time::Duration,
            ) -> impl std::future::Future<Output = #runtime::WaitResult<#input>> {
                #runtime::wait_async::<W>(self._caller.take_client(), #built, max_wait)
            }
        }
    }
}

/// The client's `wait_until_*` methods of `operation`.
pub(super) fn waiter_methods(operation: &OperationIr, at: ClientMethodsAt) -> Vec<TokenStream> {
    operation
        .waiters
        .iter()
        .map(|waiter| waiter_method(operation, waiter, at))
        .collect()
}

fn waiter_method(operation: &OperationIr, waiter: &WaiterIr, at: ClientMethodsAt) -> TokenStream {
    let method = field_ident(&waiter.client_method);
    let docs = format!(
        " Starts waiting with `{}`: give the input with the setters of the builder this returns, then `wait(max_wait)` (or `wait_async(max_wait).await`).",
        waiter.name
    );
    let deprecated = waiter.deprecated.then(|| quote!(#[deprecated]));
    let path = builder_path(operation, at);
    let marker = ident(&waiter.type_name);
    let marker = match at {
        ClientMethodsAt::OperationModule => quote!(#marker),
        ClientMethodsAt::Facade => {
            let module = ident(&operation.module);
            quote!(crate::operation::#module::#marker)
        }
    };
    let builder = quote!(#path<#marker>);
    let start = start_builder(&builder, &path, at);
    quote! {
        #[doc = #docs]
        #deprecated
        #[inline]
        pub fn #method(&self) -> #builder {
            #start
        }
    }
}

/// The body of `matching`: the acceptors in order, those that read an
/// output on `Ok`, those that read an error on `Err`.
fn matching<'a>(matchers: impl Iterator<Item = &'a MatcherIr> + Clone) -> TokenStream {
    let on_output = chain(matchers.clone().enumerate().filter_map(
        |(index, matcher)| match matcher {
            MatcherIr::Path { value, test, .. } => Some((index, Some(path_test(value, test)))),
            MatcherIr::Success(true) => Some((index, None)),
            MatcherIr::Success(false) | MatcherIr::ErrorCode(_) => None,
        },
    ));
    let on_error = chain(
        matchers
            .enumerate()
            .filter_map(|(index, matcher)| match matcher {
                MatcherIr::ErrorCode(code) => {
                    Some((index, Some(quote!(error.code() == Some(#code)))))
                }
                MatcherIr::Success(false) => Some((index, None)),
                MatcherIr::Path { .. } | MatcherIr::Success(true) => None,
            }),
    );
    let output = if on_output.uses_binding {
        quote!(output)
    } else {
        quote!(_)
    };
    let error = if on_error.uses_binding {
        quote!(error)
    } else {
        quote!(_)
    };
    let (on_output, on_error) = (on_output.code, on_error.code);
    quote! {
        match answer {
            Ok(#output) => #on_output,
            Err(#error) => #on_error,
        }
    }
}

struct Chain {
    code: TokenStream,
    /// Some condition reads the matched value.
    uses_binding: bool,
}

/// `if a { Some(0) } else if b { Some(2) } else { None }`; a condition of
/// `None` always holds, and ends the chain.
fn chain(conditions: impl Iterator<Item = (usize, Option<TokenStream>)>) -> Chain {
    let mut code = TokenStream::new();
    let mut last = quote!(None);
    let mut uses_binding = false;
    for (index, condition) in conditions {
        let index = Literal::usize_unsuffixed(index);
        match condition {
            Some(condition) => {
                if uses_binding {
                    code.extend(quote!(else));
                }
                code.extend(quote!(if #condition { Some(#index) }));
                uses_binding = true;
            }
            None => {
                last = quote!(Some(#index));
                break;
            }
        }
    }
    if uses_binding {
        code.extend(quote!(else { #last }));
    } else {
        code = last;
    }
    Chain { code, uses_binding }
}

fn reads_input(expr: &ExprIr) -> bool {
    match &expr.node {
        ExprNode::Input => true,
        ExprNode::Output
        | ExprNode::InputOutput
        | ExprNode::Current
        | ExprNode::Bool(_)
        | ExprNode::Number(_)
        | ExprNode::Text(_) => false,
        ExprNode::Field { base, .. }
        | ExprNode::Index { base, .. }
        | ExprNode::Elements(base)
        | ExprNode::MergeLists(base)
        | ExprNode::Length(base)
        | ExprNode::Not(base) => reads_input(base),
        ExprNode::Project { base, then: other }
        | ExprNode::Filter {
            base,
            condition: other,
        }
        | ExprNode::Compare {
            left: base,
            right: other,
            ..
        }
        | ExprNode::And(base, other)
        | ExprNode::Or(base, other) => reads_input(base) || reads_input(other),
    }
}

fn path_test(value: &ExprIr, test: &PathTestIr) -> TokenStream {
    match test {
        PathTestIr::StringEquals(expected) => {
            let text = text(value);
            quote!(#text == Some(#expected))
        }
        PathTestIr::BooleanEquals(true) => condition(value),
        PathTestIr::BooleanEquals(false) => {
            let flag = boolean(value);
            quote!(#flag == Some(false))
        }
        PathTestIr::AllStringEquals(expected) => {
            let items = print(value).into_option();
            quote! {
                #items.is_some_and(|items| {
                    !items.is_empty() && items.iter().all(|item| item.as_str() == #expected)
                })
            }
        }
        PathTestIr::AnyStringEquals(expected) => {
            let items = print(value).into_option();
            quote!(#items.is_some_and(|items| items.iter().any(|item| item.as_str() == #expected)))
        }
    }
}

/// A printed expression.
enum Code {
    /// A value that is always there: `place` reads it (with fields and
    /// methods); it is a reference when `is_reference`.
    Present {
        place: TokenStream,
        is_reference: bool,
    },
    /// An `Option` of the expression kind's Rust form.
    Maybe(TokenStream),
}

impl Code {
    fn reference(place: TokenStream) -> Code {
        Code::Present {
            place,
            is_reference: true,
        }
    }

    fn into_option(self) -> TokenStream {
        match self {
            Code::Present {
                place,
                is_reference: true,
            } => quote!(Some(#place)),
            Code::Present { place, .. } => quote!(Some(&#place)),
            Code::Maybe(option) => option,
        }
    }

    /// `read` (given a place, giving an `Option`) on the value, if any.
    fn and_then(self, read: impl FnOnce(TokenStream) -> TokenStream) -> TokenStream {
        match self {
            Code::Present { place, .. } => read(place),
            Code::Maybe(option) => {
                let read = read(quote!(value));
                quote!(#option.and_then(|value| #read))
            }
        }
    }

    /// `read` (given a place, giving a value) on the value, if any: an
    /// `Option` of what it gives.
    fn map(self, read: impl FnOnce(TokenStream) -> TokenStream) -> TokenStream {
        match self {
            Code::Present { place, .. } => {
                let read = read(place);
                quote!(Some(#read))
            }
            Code::Maybe(option) => {
                let read = read(quote!(value));
                quote!(#option.map(|value| #read))
            }
        }
    }

    /// The value of a `Copy` member (a boolean, a number), if any.
    fn copied(self) -> TokenStream {
        match self {
            Code::Present {
                place,
                is_reference: true,
            } => quote!(Some(*#place)),
            Code::Present { place, .. } => quote!(Some(#place)),
            Code::Maybe(option) => quote!(#option.copied()),
        }
    }
}

fn print(expr: &ExprIr) -> Code {
    match &expr.node {
        ExprNode::Output => Code::reference(quote!(output)),
        ExprNode::Input => Code::reference(quote!(input)),
        ExprNode::Current => Code::reference(quote!(value)),
        // Only `input` and `output` are read from it: the lowering types
        // nothing else on it, and no test accepts it.
        ExprNode::InputOutput => Code::Maybe(quote!(None::<&()>)),
        ExprNode::Field {
            base,
            field,
            optional,
            boxed,
        } => {
            let field = field_ident(field);
            let base = print(base);
            match (optional, boxed, base) {
                (true, false, base) => {
                    Code::Maybe(base.and_then(|value| quote!(#value.#field.as_ref())))
                }
                (true, true, base) => {
                    Code::Maybe(base.and_then(|value| quote!(#value.#field.as_deref())))
                }
                // Field access reads through a `Box`, so a boxed member's
                // place reads as the structure's.
                (false, _, Code::Present { place, .. }) => Code::Present {
                    place: quote!(#place.#field),
                    is_reference: false,
                },
                (false, false, Code::Maybe(option)) => {
                    Code::Maybe(quote!(#option.map(|value| &value.#field)))
                }
                (false, true, Code::Maybe(option)) => {
                    Code::Maybe(quote!(#option.map(|value| &*value.#field)))
                }
            }
        }
        ExprNode::Index { base, index } => {
            let back = Literal::usize_unsuffixed(index.unsigned_abs() as usize);
            let forward = *index >= 0;
            // A projection's values are references already.
            let copied = matches!(base.kind, ExprKind::Values(_)).then(|| quote!(.copied()));
            Code::Maybe(print(base).and_then(|list| match index {
                0 => quote!(#list.first()#copied),
                -1 => quote!(#list.last()#copied),
                _ if forward => quote!(#list.get(#back)#copied),
                _ => {
                    quote!(#list.len().checked_sub(#back).and_then(|index| #list.get(index)#copied))
                }
            }))
        }
        ExprNode::Elements(base) => {
            Code::Maybe(print(base).map(|list| quote!(#list.iter().collect::<Vec<_>>())))
        }
        ExprNode::MergeLists(base) => {
            let merged = match &base.kind {
                ExprKind::Values(_) => quote!(into_iter()),
                _ => quote!(iter()),
            };
            Code::Maybe(
                print(base).map(|lists| quote!(#lists.#merged.flatten().collect::<Vec<_>>())),
            )
        }
        ExprNode::Project { base, then } => {
            let base = print(base).into_option();
            let each = match print(then) {
                Code::Present {
                    place,
                    is_reference,
                } => {
                    let reference = if is_reference { place } else { quote!(&#place) };
                    quote!(map(|value| #reference))
                }
                Code::Maybe(value) => quote!(filter_map(|value| #value)),
            };
            Code::Maybe(quote!(#base.map(|items| items.into_iter().#each.collect::<Vec<_>>())))
        }
        ExprNode::Filter { base, condition } => {
            let base = print(base).into_option();
            let condition = truthy(condition);
            Code::Maybe(quote! {
                #base.map(|items| items.into_iter().filter(|&value| #condition).collect::<Vec<_>>())
            })
        }
        ExprNode::Length(argument) => {
            let length = match &argument.kind {
                ExprKind::Value(ValueType::String) | ExprKind::Text => quote!(chars().count()),
                _ => quote!(len()),
            };
            Code::Maybe(print(argument).map(|value| quote!(#value.#length as f64)))
        }
        ExprNode::Compare {
            comparison,
            left,
            right,
        } => {
            let scalar = scalar_of(&left.kind);
            let (left, right) = (scalar(left), scalar(right));
            Code::Maybe(match comparison {
                Comparison::Equal => quote!(Some(#left == #right)),
                Comparison::NotEqual => quote!(Some(#left != #right)),
                ordering => {
                    let operator: TokenStream = ordering.symbol().parse().unwrap_or_default();
                    quote!(#left.zip(#right).map(|(left, right)| left #operator right))
                }
            })
        }
        ExprNode::Not(operand) => {
            let falsy = falsy(operand);
            Code::Maybe(quote!(Some(#falsy)))
        }
        ExprNode::And(left, right) => {
            let (left, right) = (boolean(left), boolean(right));
            Code::Maybe(quote!(match #left { Some(true) => #right, other => other }))
        }
        ExprNode::Or(left, right) => {
            let (left, right) = (boolean(left), boolean(right));
            Code::Maybe(quote!(match #left { Some(true) => Some(true), _ => #right }))
        }
        ExprNode::Bool(flag) => Code::Maybe(quote!(Some(#flag))),
        ExprNode::Number(number) => {
            let number = Literal::f64_suffixed(*number);
            Code::Maybe(quote!(Some(#number)))
        }
        ExprNode::Text(text) => Code::Maybe(quote!(Some(#text))),
    }
}

/// `Option<&str>` of a string, an enum or a string literal.
fn text(expr: &ExprIr) -> TokenStream {
    match (&expr.kind, &expr.node) {
        // An optional string member: `as_deref`, as clippy would have it.
        (
            ExprKind::Value(ValueType::String),
            ExprNode::Field {
                base,
                field,
                optional: true,
                ..
            },
        ) => {
            let field = field_ident(field);
            print(base).and_then(|value| quote!(#value.#field.as_deref()))
        }
        (ExprKind::Value(_), _) => print(expr).map(|value| quote!(#value.as_str())),
        _ => print(expr).into_option(),
    }
}

/// `Option<bool>` of a boolean member or a computed boolean.
fn boolean(expr: &ExprIr) -> TokenStream {
    match &expr.kind {
        ExprKind::Value(_) => print(expr).copied(),
        _ => print(expr).into_option(),
    }
}

/// `Option<f64>` of a number member or a computed number.
fn number(expr: &ExprIr) -> TokenStream {
    match &expr.kind {
        ExprKind::Value(_) => {
            let value = print(expr).copied();
            quote!(#value.map(|number| number as f64))
        }
        _ => print(expr).into_option(),
    }
}

/// JMESPath's truthiness as a `bool`: not null, false, empty or `""`.
fn truthy(expr: &ExprIr) -> TokenStream {
    enum Test {
        NotEmpty,
        Present,
    }
    let test = match &expr.kind {
        ExprKind::Value(ValueType::Boolean) | ExprKind::Bool => return condition(expr),
        ExprKind::Value(ValueType::String | ValueType::List { .. } | ValueType::Map { .. })
        | ExprKind::Values(_)
        | ExprKind::Text => Test::NotEmpty,
        _ => Test::Present,
    };
    match (print(expr), test) {
        (Code::Present { place, .. }, Test::NotEmpty) => quote!(!#place.is_empty()),
        (Code::Present { .. }, Test::Present) => quote!(true),
        (Code::Maybe(option), Test::NotEmpty) => {
            quote!(#option.is_some_and(|value| !value.is_empty()))
        }
        (Code::Maybe(option), Test::Present) => quote!(#option.is_some()),
    }
}

/// JMESPath's `!`: whether the value is null, false, empty or `""`, each
/// test written the way round that needs no `!` in front of it where it
/// can be.
fn falsy(expr: &ExprIr) -> TokenStream {
    match (&expr.kind, &expr.node) {
        (
            _,
            ExprNode::Compare {
                comparison: comparison @ (Comparison::Equal | Comparison::NotEqual),
                left,
                right,
            },
        ) => {
            let scalar = scalar_of(&left.kind);
            let (left, right) = (scalar(left), scalar(right));
            if *comparison == Comparison::Equal {
                quote!(#left != #right)
            } else {
                quote!(#left == #right)
            }
        }
        (_, ExprNode::Not(operand)) => truthy(operand),
        (_, ExprNode::Bool(flag)) => {
            let flag = !flag;
            quote!(#flag)
        }
        (ExprKind::Bool | ExprKind::Value(ValueType::Boolean), _) => match print(expr) {
            Code::Maybe(_) => {
                let flag = boolean(expr);
                quote!(#flag != Some(true))
            }
            Code::Present {
                place,
                is_reference,
            } => {
                let flag = present_flag(place, is_reference);
                quote!(!#flag)
            }
        },
        (
            ExprKind::Value(ValueType::String | ValueType::List { .. } | ValueType::Map { .. })
            | ExprKind::Values(_)
            | ExprKind::Text,
            _,
        ) => match print(expr) {
            Code::Present { place, .. } => quote!(#place.is_empty()),
            Code::Maybe(option) => quote!(#option.is_none_or(|value| value.is_empty())),
        },
        _ => match print(expr) {
            Code::Present { .. } => quote!(false),
            Code::Maybe(option) => quote!(#option.is_none()),
        },
    }
}

/// A present boolean's value.
fn present_flag(place: TokenStream, is_reference: bool) -> TokenStream {
    if is_reference { quote!(*#place) } else { place }
}

/// Whether a boolean expression is `true` (not `false` or null), as a
/// plain `bool`: comparisons and the operators read directly.
fn condition(expr: &ExprIr) -> TokenStream {
    match &expr.node {
        ExprNode::Compare {
            comparison: comparison @ (Comparison::Equal | Comparison::NotEqual),
            left,
            right,
        } => {
            let scalar = scalar_of(&left.kind);
            let (left, right) = (scalar(left), scalar(right));
            if *comparison == Comparison::Equal {
                quote!(#left == #right)
            } else {
                quote!(#left != #right)
            }
        }
        ExprNode::Compare {
            comparison,
            left,
            right,
        } => {
            let (left, right) = (number(left), number(right));
            let operator: TokenStream = comparison.symbol().parse().unwrap_or_default();
            quote!(#left.zip(#right).is_some_and(|(left, right)| left #operator right))
        }
        ExprNode::Not(operand) => falsy(operand),
        ExprNode::And(left, right) => {
            let (left, right) = (condition(left), condition(right));
            quote!((#left) && (#right))
        }
        ExprNode::Or(left, right) => {
            let (left, right) = (condition(left), condition(right));
            quote!((#left) || (#right))
        }
        ExprNode::Bool(flag) => quote!(#flag),
        _ => match print(expr) {
            Code::Maybe(_) => {
                let flag = boolean(expr);
                quote!(#flag == Some(true))
            }
            Code::Present {
                place,
                is_reference,
            } => present_flag(place, is_reference),
        },
    }
}

/// How the operands of a comparison of `kind` read.
fn scalar_of(kind: &ExprKind) -> fn(&ExprIr) -> TokenStream {
    if is_text_kind(kind) {
        text
    } else if is_bool_kind(kind) {
        boolean
    } else {
        number
    }
}

fn is_text_kind(kind: &ExprKind) -> bool {
    matches!(
        kind,
        ExprKind::Text | ExprKind::Value(ValueType::String | ValueType::Enum(_))
    )
}

fn is_bool_kind(kind: &ExprKind) -> bool {
    matches!(kind, ExprKind::Bool | ExprKind::Value(ValueType::Boolean))
}
