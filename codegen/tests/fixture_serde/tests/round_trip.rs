//! Generated types through JSON and back, unchanged: property tests over
//! every kind of member, and the JSON form the `serde` feature promises.

use std::collections::BTreeMap;

use fixture_enums::operation::put_enums::PutEnumsInput;
use fixture_enums::types::{InstanceType, Priority};
use fixture_shapes::operation::put_shapes::PutShapesInput;
use fixture_shapes::types::{Inner, Outer};
use fixture_shapes::DateTime;
use fixture_union::types::Choice;
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|error| panic!("{error}: {json}"));
    assert_eq!(&back, value, "{json}");
    json
}

fn date_time() -> impl Strategy<Value = DateTime> {
    // Whole milliseconds from 0001 to 9999: what RFC 3339 text carries here.
    (-62_135_596_800_000i64..253_402_300_799_000).prop_map(DateTime::from_millis)
}

fn inner() -> impl Strategy<Value = Inner> {
    (any::<Option<i64>>(), proptest::option::of(proptest::collection::vec(any::<u8>(), 0..8)))
        .prop_map(|(value, data)| Inner::builder().value(value).data(data).build())
}

fn outer() -> impl Strategy<Value = Outer> {
    (
        proptest::option::of(".*"),
        proptest::option::of(inner()),
        proptest::option::of(proptest::collection::vec(inner(), 0..3)),
    )
        .prop_map(|(name, inner, inners)| {
            Outer::builder()
                .name(name)
                .inner(inner)
                .set_inners(inners)
                .build()
        })
}

fn finite_f32() -> impl Strategy<Value = f32> {
    any::<f32>().prop_filter("finite", |value| value.is_finite())
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("finite", |value| value.is_finite())
}

proptest! {
    #[test]
    fn every_kind_of_member_round_trips(
        blob in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..16)),
        numbers in (any::<Option<bool>>(), any::<Option<i8>>(), any::<Option<i16>>(), any::<Option<i32>>(), any::<Option<i64>>()),
        floats in (proptest::option::of(finite_f32()), proptest::option::of(finite_f64())),
        timestamp in proptest::option::of(date_time()),
        string in proptest::option::of(".*"),
        list in proptest::option::of(proptest::collection::vec(".*", 0..4)),
        counts in proptest::option::of(proptest::collection::btree_map(".*", any::<i32>(), 0..4)),
        nested in proptest::option::of(outer()),
    ) {
        let (boolean, byte, short, integer, long) = numbers;
        let input = PutShapesInput::builder()
            .blob(blob)
            .boolean(boolean)
            .byte(byte)
            .short(short)
            .integer(integer)
            .long(long)
            .float(floats.0)
            .double(floats.1)
            .timestamp(timestamp)
            .string(string)
            .set_string_list(list)
            .set_counts(counts)
            .nested(nested)
            .build();
        round_trip(&input);
    }

    #[test]
    fn enums_round_trip_as_wire_values_unknown_ones_too(
        value in prop_oneof![Just("t2.micro".to_owned()), Just("m5.large".to_owned()), "[a-z0-9.]{1,12}"],
        priority in prop_oneof![Just(1), Just(10), Just(-1), any::<i32>()],
    ) {
        let input = PutEnumsInput::builder()
            .instance_type(InstanceType::from(value.as_str()))
            .priority(Priority::from(priority))
            .instance_types(InstanceType::from(value.as_str()))
            .build();
        let json = round_trip(&input);
        let wire = serde_json::to_string(&value).unwrap();
        prop_assert!(json.contains(&format!("\"InstanceType\":{wire}")), "{}", json);
        prop_assert!(json.contains(&format!("\"Priority\":{priority}")), "{}", json);
    }
}

#[test]
fn the_json_uses_member_names_rfc_3339_and_base64() {
    let input = PutShapesInput::builder()
        .blob(b"hi".to_vec())
        .timestamp(DateTime::from_secs(1_700_000_000))
        .string_list("a")
        .counts("k", 1)
        .build();
    let json: serde_json::Value = serde_json::from_str(&round_trip(&input)).unwrap();
    assert_eq!(json["Blob"], "aGk=");
    assert_eq!(json["Timestamp"], "2023-11-14T22:13:20Z");
    assert_eq!(json["StringList"], serde_json::json!(["a"]));
    assert_eq!(json["Counts"], serde_json::json!({"k": 1}));
}

#[test]
fn unions_round_trip_by_member_name() {
    for choice in [Choice::Name("x".to_owned()), Choice::Nothing] {
        round_trip(&choice);
    }
    assert_eq!(
        serde_json::to_string(&Choice::Name("x".to_owned())).unwrap(),
        r#"{"Name":"x"}"#
    );
}

#[test]
fn sensitive_members_are_serialized() {
    use fixture_sensitive::operation::put_secret::PutSecretInput;
    let input: PutSecretInput =
        serde_json::from_value(serde_json::json!({"Password": "hunter2"})).unwrap();
    let json = round_trip(&input);
    assert!(json.contains("hunter2"), "{json}");
    assert!(!format!("{input:?}").contains("hunter2"));
}

#[test]
fn outputs_round_trip_without_their_request_id() {
    use fixture_paginators_waiters::operation::list_shelves::ListShelvesOutput;
    use fixture_paginators_waiters::types::ShelfPage;
    let output = ListShelvesOutput::builder()
        .page(
            ShelfPage::builder()
                .cursor("c1")
                .set_shelves(Some(BTreeMap::from([("top".to_owned(), 3)])))
                .build()
                .unwrap(),
        )
        .build();
    let json = round_trip(&output);
    assert_eq!(json, r#"{"Page":{"Cursor":"c1","Shelves":{"top":3}}}"#);
}
