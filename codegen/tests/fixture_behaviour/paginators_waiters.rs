//! Copied into the `paginators_waiters` fixture crate by `emitted_code.rs`:
//! the generated paginators against the replay transport, blocking and async.

use std::collections::BTreeMap;
use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use fixture_paginators_waiters::runtime::testing::{Expected, ReplayTransport};
use fixture_paginators_waiters::runtime::transport::{AsyncSleep, BoxFuture};
use fixture_paginators_waiters::types::Thing;
use fixture_paginators_waiters::{CallErrorKind, Client, Config, Credentials};

#[derive(Debug)]
struct NoSleep;

impl AsyncSleep for NoSleep {
    fn sleep(&self, _: Duration) -> BoxFuture<'static, ()> {
        Box::pin(async {})
    }
}

fn client(replay: &ReplayTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("https://paging.example.com")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .transport(replay.clone())
            .async_transport(replay.clone())
            .async_sleep(NoSleep)
            .build(),
    )
}

/// Polls `future` to its end; the replay transport never waits.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn things_page(names: &[&str], next_token: Option<&str>) -> String {
    let items: String = names
        .iter()
        .map(|name| format!("<item><name>{name}</name></item>"))
        .collect();
    let token = next_token.map_or(String::new(), |token| format!("<nextToken>{token}</nextToken>"));
    format!("<ListThingsResponse><thingSet>{items}</thingSet>{token}</ListThingsResponse>")
}

fn names(things: &[Thing]) -> Vec<&str> {
    things.iter().filter_map(|thing| thing.name.as_deref()).collect()
}

fn bodies(replay: &ReplayTransport) -> Vec<String> {
    replay
        .received()
        .iter()
        .map(|request| String::from_utf8_lossy(&request.body).into_owned())
        .collect()
}

#[test]
fn pages_follow_the_tokens_the_service_gives() {
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListThings").param("Owner", "me").param("MaxResults", "2"),
            ReplayTransport::xml(200, things_page(&["a", "b"], Some("t1"))),
        )
        .expect(
            Expected::action("ListThings").param("NextToken", "t1").param("MaxResults", "2"),
            ReplayTransport::xml(200, things_page(&["c"], None)),
        );
    let pages: Vec<_> = client(&replay)
        .list_things()
        .owner("me")
        .into_paginator()
        .page_size(2)
        .collect::<Result<_, _>>()
        .unwrap();
    let pages: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| names(page.things.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(pages, [vec!["a", "b"], vec!["c"]]);
    replay.assert_done();
    assert!(!bodies(&replay)[0].contains("NextToken"), "{:?}", bodies(&replay));
}

#[test]
fn items_of_every_page_in_order() {
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListThings"),
            ReplayTransport::xml(200, things_page(&["a"], Some("t1"))),
        )
        .expect(
            Expected::action("ListThings").param("NextToken", "t1"),
            ReplayTransport::xml(200, things_page(&[], Some("t2"))),
        )
        .expect(
            Expected::action("ListThings").param("NextToken", "t2"),
            // An empty token ends the pages, as an absent one does.
            ReplayTransport::xml(200, things_page(&["b", "c"], Some(""))),
        );
    let things: Vec<Thing> = client(&replay)
        .list_things()
        .owner("me")
        .into_paginator()
        .items()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names(&things), ["a", "b", "c"]);
    replay.assert_done();
}

#[test]
fn a_repeated_token_ends_the_pages() {
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListThings"),
            ReplayTransport::xml(200, things_page(&["a"], Some("same"))),
        )
        .expect(
            Expected::action("ListThings").param("NextToken", "same"),
            ReplayTransport::xml(200, things_page(&["a"], Some("same"))),
        );
    let pages = client(&replay)
        .list_things()
        .owner("me")
        .into_paginator()
        .count();
    assert_eq!(pages, 2);
    replay.assert_done();
}

#[test]
fn an_error_ends_the_items_after_it_is_yielded() {
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListThings"),
            ReplayTransport::xml(200, things_page(&["a"], Some("t1"))),
        )
        .expect(
            Expected::action("ListThings").param("NextToken", "t1"),
            ReplayTransport::error(400, "InvalidNextToken", "The token is not valid."),
        );
    let mut items = client(&replay).list_things().owner("me").into_paginator().items();
    assert_eq!(items.next().unwrap().unwrap().name.as_deref(), Some("a"));
    let error = items.next().unwrap().unwrap_err();
    assert_eq!(error.code(), Some("InvalidNextToken"));
    assert!(items.next().is_none());
    replay.assert_done();
}

#[test]
fn a_required_member_left_out_is_the_first_page_and_nothing_is_sent() {
    let replay = ReplayTransport::new();
    let mut pages = client(&replay).list_things().into_paginator();
    let error = pages.next().unwrap().unwrap_err();
    assert!(matches!(error.kind(), CallErrorKind::Input(_)), "{error:?}");
    assert!(pages.next().is_none());
    assert!(replay.received().is_empty());
}

#[test]
fn nested_tokens_and_map_items_async() {
    let page = |shelves: &str, cursor: &str| {
        ReplayTransport::xml(
            200,
            format!(
                "<ListShelvesResponse><page>{cursor}<shelves>{shelves}</shelves></page></ListShelvesResponse>"
            ),
        )
    };
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListShelves").param("Limit", "1"),
            page(
                "<entry><key>top</key><value>3</value></entry>",
                "<cursor>c1</cursor>",
            ),
        )
        .expect(
            Expected::action("ListShelves").param("Cursor", "c1").param("Limit", "1"),
            page("<entry><key>bottom</key><value>1</value></entry>", ""),
        );
    let mut items = client(&replay)
        .list_shelves()
        .into_paginator()
        .page_size(1)
        .items();
    let mut shelves = BTreeMap::new();
    while let Some(item) = block_on(items.next_async()) {
        let (name, count) = item.unwrap();
        shelves.insert(name, count);
    }
    assert_eq!(
        shelves,
        BTreeMap::from([("bottom".to_owned(), 1), ("top".to_owned(), 3)])
    );
    replay.assert_done();
}

#[test]
fn pages_without_items_async() {
    let page = |progress: u32, token: &str| {
        ReplayTransport::xml(
            200,
            format!(
                "<ScanEverythingResponse><progress>{progress}</progress>{token}</ScanEverythingResponse>"
            ),
        )
    };
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ScanEverything"),
            page(50, "<nextToken>half</nextToken>"),
        )
        .expect(
            Expected::action("ScanEverything").param("NextToken", "half"),
            page(100, ""),
        );
    let mut pages = client(&replay).scan_everything().into_paginator();
    let mut progress = Vec::new();
    while let Some(page) = block_on(pages.next_async()) {
        progress.push(page.unwrap().progress);
    }
    assert_eq!(progress, [Some(50), Some(100)]);
    replay.assert_done();
}

// ---------------------------------------------------------------------------
// Waiters
// ---------------------------------------------------------------------------

use fixture_paginators_waiters::runtime::waiter::WaitError;

fn thing(body: &str) -> fixture_paginators_waiters::runtime::http::HttpResponse {
    ReplayTransport::xml(200, format!("<GetThingResponse>{body}</GetThingResponse>"))
}

fn get_thing() -> Expected {
    Expected::action("GetThing")
}

/// A client whose waits take no time, so the waiters' delays cost nothing.
fn waiting_client(replay: &ReplayTransport) -> Client {
    #[derive(Debug)]
    struct Instant;
    impl fixture_paginators_waiters::runtime::transport::Sleep for Instant {
        fn sleep(&self, _: Duration) {}
    }
    Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("https://paging.example.com")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .transport(replay.clone())
            .async_transport(replay.clone())
            .async_sleep(NoSleep)
            .sleep(Instant)
            .max_attempts(1)
            .build(),
    )
}

const MINUTE: Duration = Duration::from_secs(60);

#[test]
fn string_equals_success_after_retries_and_a_retried_error() {
    let replay = ReplayTransport::new()
        .expect(get_thing().param("Name", "t"), thing("<thing><name>t</name><state>pending</state></thing>"))
        .expect(get_thing(), ReplayTransport::error(400, "ThingNotFound", "not yet"))
        .expect(get_thing(), thing("<thing><name>t</name><state>ready</state></thing>"));
    let waited = waiting_client(&replay)
        .wait_until_thing_ready()
        .name("t")
        .wait(MINUTE)
        .unwrap();
    assert_eq!(waited.attempts, 3);
    let output = waited.last.unwrap();
    assert_eq!(output.thing.unwrap().state.unwrap().as_str(), "ready");
    replay.assert_done();
}

#[test]
fn string_equals_failure_and_an_error_as_success() {
    let replay = ReplayTransport::new()
        .expect(get_thing(), thing("<thing><name>t</name><state>broken</state></thing>"));
    let error = waiting_client(&replay).wait_until_thing_ready().wait(MINUTE).unwrap_err();
    assert!(matches!(error, WaitError::Failed { acceptor: 1, attempts: 1, .. }), "{error:?}");

    // `errorType` names the error shape `fixture.paging#ThingGone`.
    let replay = ReplayTransport::new()
        .expect(get_thing(), ReplayTransport::error(400, "ThingGone", "gone"));
    let waited = waiting_client(&replay).wait_until_thing_ready().wait(MINUTE).unwrap();
    assert_eq!(waited.last.unwrap_err().code(), Some("ThingGone"));

    // An error no acceptor names ends the waiting.
    let replay = ReplayTransport::new()
        .expect(get_thing(), ReplayTransport::error(403, "AccessDenied", "no"));
    let error = waiting_client(&replay).wait_until_thing_ready().wait(MINUTE).unwrap_err();
    assert!(matches!(error, WaitError::Unexpected { attempts: 1, .. }), "{error:?}");
}

fn parts(states: &[&str]) -> String {
    let items: String = states
        .iter()
        .map(|state| format!("<item><state>{state}</state></item>"))
        .collect();
    format!("<partSet>{items}</partSet>")
}

#[test]
fn all_string_equals_needs_every_item_and_at_least_one() {
    let replay = ReplayTransport::new()
        // No parts at all, then an empty list, then one part not ok: retry.
        .expect(get_thing(), thing(""))
        .expect(get_thing(), thing("<partSet/>"))
        .expect(get_thing(), thing(&parts(&["ok", "starting"])))
        .expect(get_thing(), thing(&parts(&["ok", "ok"])));
    let waited = waiting_client(&replay).wait_until_parts_ok().wait(MINUTE).unwrap();
    assert_eq!(waited.attempts, 4);
    replay.assert_done();
}

#[test]
fn any_string_equals_through_nested_flattened_lists() {
    let groups = format!(
        "<groupSet><item>{}</item><item>{}</item></groupSet>",
        parts(&["ok"]),
        parts(&["ok", "bad"])
    );
    let replay = ReplayTransport::new().expect(get_thing(), thing(&groups));
    let error = waiting_client(&replay).wait_until_parts_ok().wait(MINUTE).unwrap_err();
    assert!(matches!(error, WaitError::Failed { acceptor: 1, .. }), "{error:?}");

    // `success: false` fails on any error.
    let replay = ReplayTransport::new()
        .expect(get_thing(), ReplayTransport::error(400, "Whatever", "no"));
    let error = waiting_client(&replay).wait_until_parts_ok().wait(MINUTE).unwrap_err();
    assert!(matches!(error, WaitError::Failed { acceptor: 2, .. }), "{error:?}");
}

#[test]
fn boolean_equals_of_filters_lengths_comparisons_and_operators() {
    let thing_with = |count: i32, enabled: bool, states: &[&str]| {
        thing(&format!(
            "<thing><name>t</name><count>{count}</count><enabled>{enabled}</enabled></thing>{}",
            parts(states)
        ))
    };
    let replay = ReplayTransport::new()
        // One part ok: not enough (`success: true` retries).
        .expect(get_thing(), thing_with(1, true, &["ok", "bad"]))
        // Two ok, but a count of 0.
        .expect(get_thing(), thing_with(0, true, &["ok", "ok"]))
        .expect(get_thing(), thing_with(1, true, &["ok", "bad", "ok"]));
    let waited = waiting_client(&replay).wait_until_thing_counted().wait(MINUTE).unwrap();
    assert_eq!(waited.attempts, 3);

    // `!(Thing.Enabled)`, once the success acceptor before it does not match.
    let replay = ReplayTransport::new().expect(get_thing(), thing_with(0, false, &["ok", "ok"]));
    let error = waiting_client(&replay).wait_until_thing_counted().wait(MINUTE).unwrap_err();
    assert!(matches!(error, WaitError::Failed { acceptor: 1, .. }), "{error:?}");
}

#[test]
fn input_output_paths_indexes_and_pipes() {
    let named = |name: &str| thing(&format!("<thing><name>{name}</name><enabled>true</enabled></thing>"));
    let replay = ReplayTransport::new()
        .expect(get_thing(), named("other"))
        .expect(get_thing(), named("mine"));
    let waited = waiting_client(&replay)
        .wait_until_thing_named()
        .name("mine")
        .wait(MINUTE)
        .unwrap();
    assert_eq!(waited.attempts, 2);

    for (states, acceptor) in [(&["a", "last"][..], 1), (&["first", "b"][..], 2)] {
        let replay = ReplayTransport::new().expect(
            get_thing(),
            thing(&format!("<thing><name>x</name><enabled>true</enabled></thing>{}", parts(states))),
        );
        let waited = waiting_client(&replay)
            .wait_until_thing_named()
            .name("mine")
            .wait(MINUTE)
            .unwrap();
        assert_eq!(waited.attempts, 1, "{states:?} should match acceptor {acceptor}");
    }
}

#[test]
fn the_time_limit_ends_a_waiter_that_keeps_retrying() {
    let replay = ReplayTransport::new();
    let replay = (0..20).fold(replay, |replay, _| {
        replay.expect(get_thing(), thing("<thing><name>t</name><state>pending</state></thing>"))
    });
    // Real time passes only in the calls: a short limit is reached at once.
    let error = waiting_client(&replay)
        .wait_until_thing_ready()
        .wait(Duration::from_secs(5))
        .unwrap_err();
    assert!(matches!(error, WaitError::TimedOut { .. }), "{error:?}");
}

#[test]
fn async_waiting_takes_the_same_steps() {
    let replay = ReplayTransport::new()
        .expect(get_thing(), thing("<thing><name>t</name><state>pending</state></thing>"))
        .expect(get_thing(), thing("<thing><name>t</name><state>ready</state></thing>"));
    let waited =
        block_on(waiting_client(&replay).wait_until_thing_ready().wait_async(MINUTE)).unwrap();
    assert_eq!(waited.attempts, 2);
    replay.assert_done();
}

// ---------------------------------------------------------------------------
// Resource handles (tests/fixtures/resources/paginators_waiters.json)
// ---------------------------------------------------------------------------

#[test]
fn a_handle_loads_its_data_and_acts_with_its_identifiers() {
    let replay = ReplayTransport::new()
        .expect(
            get_thing().param("Name", "t"),
            thing("<thing><name>t</name><count>2</count></thing>"),
        )
        .expect(get_thing(), thing(""))
        .expect(
            Expected::action("ListShelves").param("Limit", "5"),
            ReplayTransport::xml(200, "<ListShelvesResponse/>"),
        )
        .expect(
            // The resource model's string for an enum member is its value.
            Expected::action("ListThings")
                .param("Owner", "t")
                .param("State", "READY"),
            ReplayTransport::xml(200, things_page(&[], None)),
        );
    let client = client(&replay);
    let detail = client.detail("t");
    assert_eq!(detail.name(), "t");
    let data = detail.load().unwrap().expect("the thing's detail");
    assert_eq!((data.name.as_str(), data.count), ("t", Some(2)));
    // An answer without it loads nothing.
    assert!(detail.load().unwrap().is_none());
    detail.few_shelves().send().unwrap();
    detail.ready_things().send().unwrap();
    replay.assert_done();
}

#[test]
fn collections_page_through_handles_with_their_data() {
    let replay = ReplayTransport::new()
        .expect(
            Expected::action("ListThings").param("Owner", "me"),
            ReplayTransport::xml(200, things_page(&["a", "b"], Some("t1"))),
        )
        .expect(
            Expected::action("ListThings").param("Owner", "me").param("NextToken", "t1"),
            ReplayTransport::xml(200, things_page(&["c"], None)),
        )
        .expect(
            Expected::action("ListThings").param("Owner", "me"),
            ReplayTransport::xml(200, things_page(&["d"], None)),
        );
    let client = client(&replay);
    let things: Vec<_> = client
        .things()
        .filter(|request| request.owner("me"))
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<&str> = things.iter().map(|thing| thing.name()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(things[0].data().and_then(|data| data.name.as_deref()), Some("a"));

    // A handle's collection sets its identifier in the request (`Owner`).
    let mut owned = client.detail("me").owned_things().all();
    let first = block_on(owned.next_async()).unwrap().unwrap();
    assert_eq!(first.name(), "d");
    assert!(block_on(owned.next_async()).is_none());
    replay.assert_done();
}

#[test]
fn references_give_other_handles_from_identifiers_or_data() {
    let replay = ReplayTransport::new().expect(
        get_thing().param("Name", "t"),
        thing("<thing><name>t</name></thing>"),
    );
    let client = client(&replay);
    let detail = client.thing("t").detail();
    assert_eq!(detail.name(), "t");
    let data = detail.load().unwrap().expect("the detail");
    assert_eq!(detail.thing(&data).map(|thing| thing.name().to_owned()), Some("t".to_owned()));
    replay.assert_done();
}
