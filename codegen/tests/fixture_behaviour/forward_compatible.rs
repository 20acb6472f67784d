//! Copied into the `forward_compatible` fixture crate by `emitted_code.rs`:
//! responses from a service newer than the model still read.

use fixture_forward_compatible::DateTime;
use fixture_forward_compatible::Operation;
use fixture_forward_compatible::operation::get_thing::GetThing;
use fixture_forward_compatible::runtime::http::HttpResponse;
use fixture_forward_compatible::types::{Color, Shape};

fn response(members: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: format!("<GetThingResponse><requestId>r-1</requestId>{members}</GetThingResponse>")
            .into_bytes(),
    }
}

#[test]
fn a_union_member_this_crate_does_not_know_is_unknown() {
    let output = GetThing::read_response(&response("<Shape><Hexagon>6</Hexagon></Shape>")).unwrap();
    assert_eq!(output.shape, Some(Shape::Unknown));
    assert_eq!(format!("{:?}", output.shape), "Some(Unknown)");
    // A known member wins over unknown ones around it.
    let output = GetThing::read_response(&response(
        "<Shape><Hexagon>6</Hexagon><Circle>3</Circle><Star/></Shape>",
    ))
    .unwrap();
    assert_eq!(output.shape, Some(Shape::Circle(3)));
}

#[test]
fn required_members_left_out_get_their_zero_values() {
    let output = GetThing::read_response(&response("")).unwrap();
    assert_eq!(output.name, "");
    assert_eq!(output.count, 0);
    assert!(!output.enabled);
    assert_eq!(output.color, Color::from(""));
    assert_eq!(output.created, DateTime::UNIX_EPOCH);
    assert!(output.tags.is_empty());
    assert_eq!(output.detail.size, 0);
    assert_eq!(output.detail.shape, Shape::Unknown);
    assert_eq!(output.detail.label, None);
    // `@clientOptional`: absent stays absent.
    assert_eq!(output.note, None);
    assert_eq!(output.request_id(), Some("r-1"));
}

#[test]
fn members_that_are_there_are_read_as_usual() {
    let output = GetThing::read_response(&response(
        "<Name>n</Name><Count>2</Count><Enabled>true</Enabled><Color>red</Color>\
         <Created>2020-01-02T03:04:05Z</Created><Tags><item>a</item></Tags>\
         <Detail><Size>9</Size><Shape><Square>4</Square></Shape></Detail><Note>x</Note>",
    ))
    .unwrap();
    assert_eq!((output.name.as_str(), output.count, output.enabled), ("n", 2, true));
    assert_eq!(output.color, Color::Red);
    assert_eq!(output.created, DateTime::from_secs(1_577_934_245));
    assert_eq!(output.tags, ["a"]);
    assert_eq!((output.detail.size, &output.detail.shape), (9, &Shape::Square(4)));
    assert_eq!(output.note.as_deref(), Some("x"));
}

#[test]
fn building_an_input_still_needs_nothing_it_did_not_need() {
    // The input side is unchanged: a union from a response can be sent again,
    // and an unknown member sends nothing.
    let input = fixture_forward_compatible::operation::get_thing::GetThingInput::builder()
        .shape(Shape::Unknown)
        .build();
    assert_eq!(input.to_query_body(), "Action=GetThing&Version=2020-01-01");
}
