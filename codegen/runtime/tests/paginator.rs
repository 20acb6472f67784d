//! Paginators over a made-up paged operation, `ListThings`, whose answers
//! are scripted: pages and items, blocking and async, and every way the
//! pages end.

mod support;

use runtime::build_error::BuildError;
use runtime::client::{CallErrorKind, Client, RequestError};
use runtime::http::HttpResponse;
use runtime::operation::{
    Operation, OperationError, OperationInput, PageSize, Paginated, PaginatedItems,
};
use runtime::paginator::Paginator;
use support::{NoSleep, Recorder, block_on, config, error_body};

struct ListThings;

#[derive(Clone, Debug, Default)]
struct ListThingsInput {
    token: Option<String>,
    page_size: Option<i32>,
}

#[derive(Debug, PartialEq)]
struct ListThingsOutput {
    things: Vec<String>,
    next: Option<String>,
}

type ListThingsError = runtime::error::Error;

impl Operation for ListThings {
    type Input = ListThingsInput;
    type Output = ListThingsOutput;
    type Error = ListThingsError;
    const NAME: &'static str = "ListThings";

    fn query_body(input: &ListThingsInput) -> String {
        let mut body = "Action=ListThings".to_owned();
        if let Some(token) = &input.token {
            body.push_str(&format!("&Token={token}"));
        }
        if let Some(size) = input.page_size {
            body.push_str(&format!("&PageSize={size}"));
        }
        body
    }

    /// The body is `a,b,c` or `a,b,c;next-token`.
    fn read_response(response: &HttpResponse) -> Result<ListThingsOutput, ListThingsError> {
        if !response.is_success() {
            return Err(ListThingsError::from_error_response(response));
        }
        let body = String::from_utf8_lossy(&response.body);
        let (things, next) = match body.split_once(';') {
            Some((things, next)) => (things, Some(next.to_owned())),
            None => (&*body, None),
        };
        Ok(ListThingsOutput {
            things: things
                .split(',')
                .filter(|thing| !thing.is_empty())
                .map(str::to_owned)
                .collect(),
            next,
        })
    }
}

impl OperationInput for ListThingsInput {
    type Operation = ListThings;
}

impl Paginated for ListThingsInput {
    fn replace_token(&mut self, token: Option<String>) -> Option<String> {
        std::mem::replace(&mut self.token, token)
    }

    fn output_token(output: &ListThingsOutput) -> Option<&str> {
        output.next.as_deref()
    }
}

impl PaginatedItems for ListThingsInput {
    type Items = Vec<String>;

    fn into_items(output: ListThingsOutput) -> Vec<String> {
        output.things
    }
}

impl PageSize for ListThingsInput {
    type Size = i32;

    fn set_page_size(&mut self, size: i32) {
        self.page_size = Some(size);
    }
}

fn client(transport: &Recorder) -> Client {
    let config = config(transport.clone())
        .async_transport(transport.clone())
        .async_sleep(NoSleep::default())
        .build();
    Client::for_service(&support::SERVICE, config)
}

fn paginator(transport: &Recorder, input: ListThingsInput) -> Paginator<ListThingsInput> {
    Paginator::new(Some(client(transport)), Ok(input))
}

/// The body of each request sent, without the `Action` parameter.
fn bodies(transport: &Recorder) -> Vec<String> {
    transport
        .sent()
        .iter()
        .map(|request| {
            String::from_utf8_lossy(&request.body)
                .trim_start_matches("Action=ListThings")
                .to_owned()
        })
        .collect()
}

#[test]
fn each_page_is_asked_for_with_the_token_of_the_last() {
    let transport = Recorder::default()
        .then(200, "a,b;t1")
        .then(200, "c;t2")
        .then(200, "d");
    let pages: Vec<ListThingsOutput> = paginator(&transport, ListThingsInput::default())
        .page_size(2)
        .collect::<Result<_, _>>()
        .unwrap();
    let things: Vec<&[String]> = pages.iter().map(|page| page.things.as_slice()).collect();
    assert_eq!(things, [&["a", "b"][..], &["c"], &["d"]]);
    assert_eq!(
        bodies(&transport),
        [
            "&PageSize=2",
            "&Token=t1&PageSize=2",
            "&Token=t2&PageSize=2"
        ]
    );
}

#[test]
fn items_flatten_the_pages_and_skip_empty_ones() {
    let transport = Recorder::default()
        .then(200, "a,b;t1")
        .then(200, ";t2")
        .then(200, "c;");
    let items: Vec<String> = paginator(&transport, ListThingsInput::default())
        .items()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items, ["a", "b", "c"]);
    // An empty token is the last page, as an absent one is.
    assert_eq!(transport.sent().len(), 3);
}

#[test]
fn a_token_the_service_repeats_ends_the_pages() {
    let transport = Recorder::default().then(200, "a;same");
    let pages = paginator(&transport, ListThingsInput::default()).count();
    // The second answer gives back the token that asked for it: the service
    // would answer the same page for ever.
    assert_eq!(pages, 2);
    assert_eq!(bodies(&transport), ["", "&Token=same"]);

    // A caller resuming from a token is held to the same rule.
    let transport = Recorder::default().then(200, "a;resume");
    let resumed = ListThingsInput {
        token: Some("resume".to_owned()),
        ..Default::default()
    };
    assert_eq!(paginator(&transport, resumed).count(), 1);
}

#[test]
fn an_error_ends_the_pages_after_it_is_yielded() {
    let transport = Recorder::default()
        .then(200, "a;t1")
        .then(400, &error_body("InvalidToken"));
    let mut items = paginator(&transport, ListThingsInput::default()).items();
    assert_eq!(items.next().unwrap().unwrap(), "a");
    let error = items.next().unwrap().unwrap_err();
    assert_eq!(error.code(), Some("InvalidToken"));
    assert!(items.next().is_none());
    assert_eq!(transport.sent().len(), 2);
}

#[test]
fn an_input_that_did_not_build_is_the_first_and_only_page() {
    let transport = Recorder::default();
    let build_error = BuildError::missing_member("ListThingsInput", "Name");
    let mut pages = Paginator::<ListThingsInput>::new(Some(client(&transport)), Err(build_error));
    let error = pages.next().unwrap().unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Input(error) if error.member() == "Name"),
        "{error:?}"
    );
    assert!(pages.next().is_none());
    assert!(transport.sent().is_empty());

    let mut pages = Paginator::new(None, Ok(ListThingsInput::default()));
    let error = pages.next().unwrap().unwrap_err();
    assert!(
        matches!(error.kind(), CallErrorKind::Request(RequestError::NoClient)),
        "{error:?}"
    );
}

#[test]
fn async_pages_and_items_take_the_same_steps() {
    let transport = Recorder::default().then(200, "a,b;t1").then(200, "c;t1");
    let mut pages = paginator(&transport, ListThingsInput::default());
    let mut things = Vec::new();
    while let Some(page) = block_on(pages.next_async()) {
        things.extend(page.unwrap().things);
    }
    assert_eq!(things, ["a", "b", "c"]);
    assert_eq!(bodies(&transport), ["", "&Token=t1"]);

    let transport = Recorder::default()
        .then(200, "a;t1")
        .then(500, &error_body("InternalError"))
        .then(400, &error_body("InvalidToken"));
    let mut items = paginator(&transport, ListThingsInput::default()).items();
    assert_eq!(block_on(items.next_async()).unwrap().unwrap(), "a");
    // The 500 is retried; the 400 ends the items.
    let error = block_on(items.next_async()).unwrap().unwrap_err();
    assert_eq!(error.code(), Some("InvalidToken"));
    assert!(block_on(items.next_async()).is_none());
}

#[test]
fn a_page_of_a_paginator_driven_both_ways_is_asked_for_once_per_turn() {
    let transport = Recorder::default()
        .then(200, "a;t1")
        .then(200, "b;t2")
        .then(200, "c");
    let mut pages = paginator(&transport, ListThingsInput::default());
    let first = pages.next().unwrap().unwrap();
    let second = block_on(pages.next_async()).unwrap().unwrap();
    let third = pages.next().unwrap().unwrap();
    assert_eq!(
        [first.things, second.things, third.things].concat(),
        ["a", "b", "c"]
    );
    assert!(pages.next().is_none());
    assert_eq!(transport.sent().len(), 3);
}

#[cfg(feature = "stream")]
#[test]
fn a_paginator_is_a_stream() {
    use futures_core::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    let transport = Recorder::default().then(200, "a;t1").then(200, "b");
    let mut items = paginator(&transport, ListThingsInput::default()).items();
    let mut context = Context::from_waker(Waker::noop());
    let mut seen = Vec::new();
    loop {
        match Pin::new(&mut items).poll_next(&mut context) {
            Poll::Ready(Some(item)) => seen.push(item.unwrap()),
            Poll::Ready(None) => break,
            Poll::Pending => {}
        }
    }
    assert_eq!(seen, ["a", "b"]);
}
