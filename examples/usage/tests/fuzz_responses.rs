//! No response body can make `parse_response` panic, and well-formed bodies
//! read back exactly the values written into them.
//!
//! * arbitrary bytes and XML-like token soup, as 200 and as 400 responses;
//! * mutations of realistic bodies (byte flips, truncation, inserted bytes
//!   and tags, deleted ranges, duplicated elements), plus every truncation
//!   and every single-byte deletion of each realistic body, exhaustively;
//! * deeply nested documents (an `Err` that says the elements nest too deep)
//!   and megabyte-sized values, lists and names;
//! * arbitrary `<timestamp>` texts: a value that formats and parses back to
//!   itself, or an error naming the expected format;
//! * a round trip: values chosen by proptest (ids, enum values known and
//!   unknown, timestamps, list item counts, which members are present, the
//!   member order, a request id header), written into a body by hand with
//!   every XML escape (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, numeric
//!   references, CDATA sections), read back unchanged. The four outputs have
//!   no integer or boolean members: counts are list lengths, booleans choose
//!   presence and layout.
//!
//! A panic inside `parse_response` fails the property it happens in, with
//! proptest's shrunk input. Each property runs 384 cases (a few seconds in
//! all, in debug); `PROPTEST_CASES=100000` searches deeper.

use ec2::DateTime;
use ec2::Operation;
use ec2::operation::assign_ipv6_addresses::{AssignIpv6Addresses, AssignIpv6AddressesError};
use ec2::operation::assign_private_ip_addresses::{
    AssignPrivateIpAddresses, AssignPrivateIpAddressesError,
};
use ec2::operation::associate_address::{AssociateAddress, AssociateAddressError};
use ec2::operation::associate_iam_instance_profile::{
    AssociateIamInstanceProfile, AssociateIamInstanceProfileError,
};
use ec2::runtime::http::HttpResponse;
use ec2::runtime::xml::{DeserializeErrorKind, MAX_DEPTH};
use ec2::types::IamInstanceProfileAssociationState;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------
// Running all four parsers
// ---------------------------------------------------------------------------

fn response(status: u16, body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse {
        status,
        headers: Vec::new(),
        body: body.into(),
    }
}

/// What one operation made of a response: `Ok` or the error's variant and
/// `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// A readable error response: its `Display`.
    Service(String),
    /// An unreadable response: its `Display` and the reader's error kind.
    Response(String, DeserializeErrorKind),
}

impl Outcome {
    fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok)
    }

    fn message(&self) -> &str {
        match self {
            Outcome::Ok => "",
            Outcome::Service(message) | Outcome::Response(message, _) => message,
        }
    }

    fn kind(&self) -> Option<&DeserializeErrorKind> {
        match self {
            Outcome::Response(_, kind) => Some(kind),
            _ => None,
        }
    }
}

/// Generates `fn outcome_<op>(&HttpResponse) -> Outcome`, checking on the way
/// what holds for every response: a non-2xx status is never `Ok`, a 2xx one
/// is never a `Service` error, and the error's accessors and `Display` agree
/// with its variant.
macro_rules! outcome_fn {
    ($name:ident, $operation:ident, $error:ident) => {
        fn $name(response: &HttpResponse) -> Outcome {
            match $operation::read_response(response) {
                Ok(output) => {
                    assert!(response.is_success(), "a {} parsed as Ok", response.status);
                    let _ = format!("{output:?}");
                    Outcome::Ok
                }
                Err(error) => {
                    let display = error.to_string();
                    assert!(!display.is_empty());
                    let _ = format!("{error:?}");
                    match &error {
                        $error::Service(metadata) => {
                            assert!(!response.is_success(), "a 2xx read as a service error");
                            assert_eq!(metadata.status(), response.status);
                            assert_eq!(error.code(), Some(metadata.code()));
                            assert!(display.contains(metadata.code()));
                            Outcome::Service(display)
                        }
                        $error::Response(inner) => {
                            assert_eq!(inner.status(), response.status);
                            assert_eq!(error.code(), None);
                            assert!(!error.is_dry_run_success());
                            assert!(std::error::Error::source(&error).is_some());
                            Outcome::Response(display, inner.deserialize_error().kind().clone())
                        }
                        #[allow(unreachable_patterns)]
                        _ => panic!("an error variant this test does not know: {error:?}"),
                    }
                }
            }
        }
    };
}

outcome_fn!(
    outcome_associate_address,
    AssociateAddress,
    AssociateAddressError
);
outcome_fn!(
    outcome_associate_iam_instance_profile,
    AssociateIamInstanceProfile,
    AssociateIamInstanceProfileError
);
outcome_fn!(
    outcome_assign_private_ip_addresses,
    AssignPrivateIpAddresses,
    AssignPrivateIpAddressesError
);
outcome_fn!(
    outcome_assign_ipv6_addresses,
    AssignIpv6Addresses,
    AssignIpv6AddressesError
);

/// Reads a response as one operation's output or error.
type Parse = fn(&HttpResponse) -> Outcome;

/// The four operations, in a fixed order, by name.
const OPERATIONS: [(&str, Parse); 4] = [
    ("AssociateAddress", outcome_associate_address),
    (
        "AssociateIamInstanceProfile",
        outcome_associate_iam_instance_profile,
    ),
    (
        "AssignPrivateIpAddresses",
        outcome_assign_private_ip_addresses,
    ),
    ("AssignIpv6Addresses", outcome_assign_ipv6_addresses),
];

/// Every operation's outcome for `body` with `status`.
fn parse_all(status: u16, body: &[u8]) -> [Outcome; 4] {
    let response = response(status, body);
    OPERATIONS.map(|(_, parse)| parse(&response))
}

// ---------------------------------------------------------------------------
// Realistic bodies to mutate
// ---------------------------------------------------------------------------

const ASSOCIATE_ADDRESS_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssociateAddressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
    <return>true</return>
    <associationId>eipassoc-2bebb745</associationId>
</AssociateAddressResponse>"#;

const ASSOCIATE_IAM_INSTANCE_PROFILE_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssociateIamInstanceProfileResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>e10deeaf-7cda-48e7-950b-example</requestId>
    <iamInstanceProfileAssociation>
        <associationId>iip-assoc-0e7736511a163c209</associationId>
        <instanceId>i-123456789abcde123</instanceId>
        <iamInstanceProfile>
            <arn>arn:aws:iam::123456789012:instance-profile/admin-role</arn>
            <id>AIPAJBLK7RKJKWDXVHIEC</id>
        </iamInstanceProfile>
        <state>associating</state>
        <timestamp>2026-11-23T10:00:00.000Z</timestamp>
    </iamInstanceProfileAssociation>
</AssociateIamInstanceProfileResponse>"#;

const ASSIGN_PRIVATE_IP_ADDRESSES_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>3fd2d9ef-a26c-4b1c-8e33-example</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>
        <item><privateIpAddress>10.0.0.82</privateIpAddress></item>
        <item><privateIpAddress>10.0.0.83</privateIpAddress></item>
    </assignedPrivateIpAddressesSet>
    <assignedIpv4PrefixSet>
        <item><ipv4Prefix>10.0.0.176/28</ipv4Prefix></item>
    </assignedIpv4PrefixSet>
    <return>true</return>
</AssignPrivateIpAddressesResponse>"#;

const ASSIGN_IPV6_ADDRESSES_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignIpv6AddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>c36d17eb-a0ba-4d38-8727-example</requestId>
    <assignedIpv6Addresses>
        <item>2001:db8:1234:1a00:3304:8879:34cf:4071</item>
        <item>2001:db8:1234:1a00:9691:9503:25ad:1761</item>
    </assignedIpv6Addresses>
    <assignedIpv6PrefixSet><item>2001:db8:1234:1a00:9691::/80</item></assignedIpv6PrefixSet>
    <networkInterfaceId>eni-38664473</networkInterfaceId>
</AssignIpv6AddressesResponse>"#;

const ERROR_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code><Message>The networkInterface ID 'eni-0123456789abcdef0' does not exist &amp; &lt;never did&gt;</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>"#;

/// The success bodies, in the order of [`OPERATIONS`].
const SUCCESS_BODIES: [&str; 4] = [
    ASSOCIATE_ADDRESS_BODY,
    ASSOCIATE_IAM_INSTANCE_PROFILE_BODY,
    ASSIGN_PRIVATE_IP_ADDRESSES_BODY,
    ASSIGN_IPV6_ADDRESSES_BODY,
];

const ALL_BODIES: [&str; 5] = [
    ASSOCIATE_ADDRESS_BODY,
    ASSOCIATE_IAM_INSTANCE_PROFILE_BODY,
    ASSIGN_PRIVATE_IP_ADDRESSES_BODY,
    ASSIGN_IPV6_ADDRESSES_BODY,
    ERROR_BODY,
];

#[test]
fn realistic_bodies_parse() {
    for (index, body) in SUCCESS_BODIES.iter().enumerate() {
        let outcome = OPERATIONS[index].1(&response(200, *body));
        assert!(outcome.is_ok(), "{}: {outcome:?}", OPERATIONS[index].0);
    }
    for outcome in parse_all(400, ERROR_BODY.as_bytes()) {
        assert!(matches!(outcome, Outcome::Service(_)), "{outcome:?}");
    }
}

/// Cutting a body anywhere before the end of its root element is an error,
/// never a partial output; cutting after it (in the trailing newline)
/// changes nothing.
#[test]
fn every_truncation_of_every_body() {
    for (index, body) in SUCCESS_BODIES.iter().enumerate() {
        let (operation, parse) = OPERATIONS[index];
        let body = format!("{body}\n");
        let root_end = body.rfind("</").unwrap() + format!("</{operation}Response>").len();
        assert_eq!(root_end, body.len() - 1);
        for cut in 0..=body.len() {
            let outcome = parse(&response(200, &body.as_bytes()[..cut]));
            assert_eq!(
                outcome.is_ok(),
                cut >= root_end,
                "{operation} cut at byte {cut}: {outcome:?}"
            );
            // The other operations never panic either.
            parse_all(200, &body.as_bytes()[..cut]);
        }
    }
    let body = format!("{ERROR_BODY}\n");
    let root_end = ERROR_BODY.len();
    for cut in 0..=body.len() {
        for outcome in parse_all(400, &body.as_bytes()[..cut]) {
            assert_eq!(
                matches!(outcome, Outcome::Service(_)),
                cut >= root_end,
                "error body cut at byte {cut}: {outcome:?}"
            );
        }
    }
}

/// Removing any one byte never panics.
#[test]
fn every_single_byte_deletion_of_every_body() {
    for body in ALL_BODIES {
        for at in 0..body.len() {
            let mut mutated = body.as_bytes().to_vec();
            mutated.remove(at);
            parse_all(200, &mutated);
            parse_all(400, &mutated);
        }
    }
}

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

/// Fragments that make the reader take its less common paths.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "<a>",
    "</a>",
    "<a/>",
    "<item>",
    "</item>",
    "<item/>",
    "<Errors>",
    "<Error>",
    "<Code>",
    "</Code>",
    "<requestId>",
    "</requestId>",
    "<associationId>",
    "</associationId>",
    "<iamInstanceProfileAssociation>",
    "<iamInstanceProfile>",
    "<state>",
    "<timestamp>",
    "<assignedPrivateIpAddressesSet>",
    "<assignedIpv6Addresses>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<?xml version=\"1.0\"?>",
    "<!DOCTYPE r [<!ENTITY e \"&#38;#38;\">]>",
    "&",
    ";",
    "&amp;",
    "&lt;",
    "&e;",
    "&bogus;",
    "&#",
    "&#0;",
    "&#x",
    "&#xD800;",
    "&#x10FFFF;",
    "&#4294967296;",
    "&#65;",
    "\"",
    "'",
    "=",
    " a=\"1\"",
    " a='<'",
    " xmlns:p=\"u\"",
    "p:",
    ":",
    "\u{0}",
    "\r",
    "\r\n",
    "\u{feff}",
    "é",
    "\u{10FFFF}",
];

fn token() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(TOKENS)
}

#[derive(Clone, Debug)]
enum Mutation {
    FlipByte(Index, u8),
    Truncate(Index),
    InsertBytes(Index, Vec<u8>),
    InsertToken(Index, &'static str),
    DeleteRange(Index, usize),
    DuplicateElement(Index),
    ReplaceByte(Index, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..=u8::MAX).prop_map(|(at, mask)| Mutation::FlipByte(at, mask)),
        any::<Index>().prop_map(Mutation::Truncate),
        (
            any::<Index>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
        (any::<Index>(), token()).prop_map(|(at, token)| Mutation::InsertToken(at, token)),
        (any::<Index>(), 1..64usize).prop_map(|(at, len)| Mutation::DeleteRange(at, len)),
        any::<Index>().prop_map(Mutation::DuplicateElement),
        (
            any::<Index>(),
            proptest::sample::select(&b"<>/&;\"'=![]-? x\0"[..])
        )
            .prop_map(|(at, byte)| Mutation::ReplaceByte(at, byte)),
    ]
}

/// The byte ranges of complete elements `<name ...>...</name>` (the first
/// matching end tag; good enough to pick something element-shaped).
fn element_spans(body: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for start in 0..body.len() {
        if body[start] != b'<' {
            continue;
        }
        let name: Vec<u8> = body[start + 1..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b':' || b == b'_')
            .copied()
            .collect();
        if name.is_empty() {
            continue;
        }
        let mut close = b"</".to_vec();
        close.extend_from_slice(&name);
        close.push(b'>');
        if let Some(offset) = body[start..]
            .windows(close.len())
            .position(|window| window == close.as_slice())
        {
            spans.push((start, start + offset + close.len()));
        }
    }
    spans
}

fn apply(body: &mut Vec<u8>, mutation: &Mutation) {
    let position = |at: &Index, len: usize| at.index(len + 1);
    match mutation {
        Mutation::FlipByte(at, mask) if !body.is_empty() => {
            let i = at.index(body.len());
            body[i] ^= mask;
        }
        Mutation::ReplaceByte(at, byte) if !body.is_empty() => {
            let i = at.index(body.len());
            body[i] = *byte;
        }
        Mutation::Truncate(at) => body.truncate(position(at, body.len())),
        Mutation::InsertBytes(at, bytes) => {
            let i = position(at, body.len());
            body.splice(i..i, bytes.iter().copied());
        }
        Mutation::InsertToken(at, token) => {
            let i = position(at, body.len());
            body.splice(i..i, token.bytes());
        }
        Mutation::DeleteRange(at, len) => {
            let start = position(at, body.len());
            let end = (start + len).min(body.len());
            body.drain(start..end);
        }
        Mutation::DuplicateElement(which) => {
            let spans = element_spans(body);
            if !spans.is_empty() {
                let (start, end) = spans[which.index(spans.len())];
                let copy = body[start..end].to_vec();
                body.splice(end..end, copy);
            }
        }
        Mutation::FlipByte(..) | Mutation::ReplaceByte(..) => {}
    }
}

/// Enough cases to shake out panics, few enough to finish in seconds;
/// `PROPTEST_CASES=100000` runs a deeper search.
fn fast() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(384);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(fast())]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..1024)) {
        parse_all(200, &body);
        parse_all(400, &body);
    }

    #[test]
    fn xml_like_token_soup_never_panics(
        root in proptest::sample::select(&[
            "<AssociateAddressResponse>",
            "<AssociateIamInstanceProfileResponse>",
            "<AssignPrivateIpAddressesResponse>",
            "<AssignIpv6AddressesResponse>",
            "<Response>",
            "",
        ][..]),
        tokens in proptest::collection::vec(
            prop_oneof![3 => token().prop_map(str::to_owned), 1 => "[a-z ]{0,4}"],
            0..64,
        ),
    ) {
        let body = format!("{root}{}", tokens.concat());
        parse_all(200, body.as_bytes());
        parse_all(400, body.as_bytes());
    }

    #[test]
    fn mutated_bodies_never_panic(
        body in proptest::sample::select(&ALL_BODIES[..]),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let mut mutated = body.as_bytes().to_vec();
        for mutation in &mutations {
            apply(&mut mutated, mutation);
        }
        parse_all(200, &mutated);
        parse_all(400, &mutated);
    }
}

/// Any `<timestamp>` text: `Ok` with an instant that reads back the same
/// when written again, or an error naming the expected format.
fn timestamp_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,22}-[0-9]{1,3}-[0-9]{1,3}[Tt ][0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}(\\.[0-9]{0,30})?([Zz]|[+-][0-9]{1,3}:[0-9]{1,3})?",
        "[+-]?[0-9]{4}-(0[0-9]|1[0-3])-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,12})?(Z|[+-][0-2][0-9]:[0-6][0-9])",
        "[0-9TtZz:+. -]{0,40}",
        ".{0,40}".prop_map(|text| text.chars().filter(|&c| is_xml_char(c)).collect()),
    ]
}

proptest! {
    #![proptest_config(fast())]

    #[test]
    fn arbitrary_timestamps_never_panic(timestamp in timestamp_text()) {
        let body = ASSOCIATE_IAM_INSTANCE_PROFILE_BODY.replace(
            "2026-11-23T10:00:00.000Z",
            &escape(&timestamp, Escaping::Decimal),
        );
        match AssociateIamInstanceProfile::read_response(&response(200, body)) {
            Ok(output) => {
                let read = output.iam_instance_profile_association.unwrap().timestamp.unwrap();
                let again: DateTime = read.to_string().parse().map_err(|error| {
                    TestCaseError::fail(format!(
                        "{timestamp:?} read as {read:?}, whose text does not parse: {error}"
                    ))
                })?;
                prop_assert_eq!(again, read, "{:?}", timestamp);
            }
            Err(AssociateIamInstanceProfileError::Response(error)) => {
                let is_invalid_value = matches!(
                    error.deserialize_error().kind(),
                    DeserializeErrorKind::InvalidValue { expected: "an RFC 3339 date-time", .. }
                );
                prop_assert!(is_invalid_value, "{:?}: {}", timestamp, error);
            }
            Err(error) => prop_assert!(false, "{:?}: {}", timestamp, error),
        }
    }
}

// ---------------------------------------------------------------------------
// Deep nesting and huge values
// ---------------------------------------------------------------------------

fn nested(depth: usize, name: &str, closed: bool) -> String {
    let mut xml = format!("<{name}>").repeat(depth);
    if closed {
        xml.push_str(&format!("</{name}>").repeat(depth));
    }
    xml
}

/// `inner` placed at the given path of elements below the root of `root`.
fn wrap(root: &str, path: &[&str], inner: &str) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    );
    for element in path {
        xml.push_str(&format!("<{element}>"));
    }
    xml.push_str(inner);
    for element in path.iter().rev() {
        xml.push_str(&format!("</{element}>"));
    }
    xml.push_str(&format!("</{root}>"));
    xml
}

/// Where structure (not text) is read, per operation (index into
/// [`OPERATIONS`]), with the status to send.
fn structural_positions() -> Vec<(usize, u16, &'static str, Vec<&'static str>)> {
    let mut positions = Vec::new();
    for (index, (operation, _)) in OPERATIONS.iter().enumerate() {
        let root = match *operation {
            "AssociateAddress" => "AssociateAddressResponse",
            "AssociateIamInstanceProfile" => "AssociateIamInstanceProfileResponse",
            "AssignPrivateIpAddresses" => "AssignPrivateIpAddressesResponse",
            _ => "AssignIpv6AddressesResponse",
        };
        positions.push((index, 200, root, vec![]));
        positions.push((index, 400, "Response", vec![]));
        positions.push((index, 400, "Response", vec!["Errors"]));
        positions.push((index, 400, "Response", vec!["Errors", "Error"]));
    }
    let iam = 1;
    let private = 2;
    let ipv6 = 3;
    positions.push((
        iam,
        200,
        "AssociateIamInstanceProfileResponse",
        vec!["iamInstanceProfileAssociation"],
    ));
    positions.push((
        iam,
        200,
        "AssociateIamInstanceProfileResponse",
        vec!["iamInstanceProfileAssociation", "iamInstanceProfile"],
    ));
    for list in ["assignedPrivateIpAddressesSet", "assignedIpv4PrefixSet"] {
        positions.push((private, 200, "AssignPrivateIpAddressesResponse", vec![list]));
        positions.push((
            private,
            200,
            "AssignPrivateIpAddressesResponse",
            vec![list, "item"],
        ));
    }
    for list in ["assignedIpv6Addresses", "assignedIpv6PrefixSet"] {
        positions.push((ipv6, 200, "AssignIpv6AddressesResponse", vec![list]));
    }
    positions
}

fn assert_too_deep(outcome: &Outcome, context: &str) {
    assert_eq!(
        outcome.kind(),
        Some(&DeserializeErrorKind::TooDeep),
        "{context}: {outcome:?}"
    );
    assert!(
        outcome.message().contains("nest"),
        "{context}: `{}` does not mention nesting",
        outcome.message()
    );
}

/// 10,000 nested elements wherever the parsers read structure: an error
/// saying so, open or closed, with a name the parser skips or one it reads.
#[test]
fn ten_thousand_nested_elements_are_an_error_about_nesting() {
    for (index, status, root, path) in structural_positions() {
        for name in ["a", "item", "iamInstanceProfile", "Error"] {
            for closed in [true, false] {
                let body = wrap(root, &path, &nested(10_000, name, closed));
                let outcome = OPERATIONS[index].1(&response(status, body));
                let context = format!("{} {status} {root}/{path:?}/<{name}>", OPERATIONS[index].0);
                if name == "item" && path.len() == 1 && path[0].starts_with("assignedIpv6") {
                    // These `<item>`s are text: an element in them is refused first.
                    assert_eq!(
                        outcome.kind(),
                        Some(&DeserializeErrorKind::UnexpectedElement("item".to_owned())),
                        "{context}"
                    );
                } else {
                    assert_too_deep(&outcome, &context);
                }
            }
        }
    }
    // The full message, once: the position is that of the start tag one
    // level too deep (the root is the first level).
    let body = wrap("AssociateAddressResponse", &[], &nested(10_000, "a", true));
    let outcome = outcome_associate_address(&response(200, body));
    assert_eq!(
        outcome.message(),
        format!(
            "cannot read the HTTP 200 response: XML elements nest deeper than 100 levels (at byte {})",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <AssociateAddressResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                .len()
                + "<a>".len() * (MAX_DEPTH - 1)
        )
    );
}

/// Nested elements with no root the parsers expect, or inside a text
/// value, are errors too (about the root, or the element in the text).
#[test]
fn ten_thousand_nested_elements_elsewhere_are_errors() {
    for closed in [true, false] {
        let bare = nested(10_000, "a", closed);
        for outcome in parse_all(200, bare.as_bytes())
            .into_iter()
            .chain(parse_all(400, bare.as_bytes()))
        {
            assert!(
                matches!(
                    outcome.kind(),
                    Some(DeserializeErrorKind::UnexpectedRoot { found, .. }) if found == "a"
                ),
                "{outcome:?}"
            );
        }
        let body = wrap(
            "AssociateAddressResponse",
            &["associationId"],
            &nested(10_000, "a", closed),
        );
        let outcome = outcome_associate_address(&response(200, body));
        assert_eq!(
            outcome.kind(),
            Some(&DeserializeErrorKind::UnexpectedElement("a".to_owned()))
        );
        let body = wrap(
            "Response",
            &["Errors", "Error", "Code"],
            &nested(10_000, "a", closed),
        );
        for outcome in parse_all(400, body.as_bytes()) {
            assert_eq!(
                outcome.kind(),
                Some(&DeserializeErrorKind::UnexpectedElement("a".to_owned()))
            );
        }
    }
}

proptest! {
    #![proptest_config(fast())]

    /// The bound is exact: the root plus `MAX_DEPTH - 1` levels is fine,
    /// one more level is an error about nesting.
    #[test]
    fn nesting_limit_is_exact(
        position in proptest::sample::select(structural_positions()),
        extra in 0..40usize,
        deeper in any::<bool>(),
        closed in any::<bool>(),
    ) {
        let (index, status, root, path) = position;
        // Levels: the root, the path, then the nested `<a>`s.
        let room = MAX_DEPTH - 1 - path.len();
        let depth = if deeper { room + 1 + extra } else { room.saturating_sub(extra) };
        let body = wrap(root, &path, &nested(depth, "a", closed));
        let outcome = OPERATIONS[index].1(&response(status, body));
        if deeper {
            assert_too_deep(&outcome, &format!("depth {depth} below {root}/{path:?}"));
        } else {
            prop_assert_ne!(outcome.kind(), Some(&DeserializeErrorKind::TooDeep));
            if closed && status == 200 {
                prop_assert!(outcome.is_ok(), "{:?}", outcome);
            }
        }
    }
}

const MEGABYTE: usize = 1 << 20;

fn associate_address_body(association_id_xml: &str) -> String {
    wrap(
        "AssociateAddressResponse",
        &[],
        &format!("<requestId>r</requestId><associationId>{association_id_xml}</associationId>"),
    )
}

fn parse_association_id(body: &str) -> Option<String> {
    AssociateAddress::read_response(&response(200, body))
        .unwrap()
        .association_id
}

#[test]
fn megabyte_text_values() {
    let plain = "x".repeat(MEGABYTE);
    assert_eq!(
        parse_association_id(&associate_address_body(&plain)).as_deref(),
        Some(plain.as_str())
    );

    let entities = "&amp;".repeat(MEGABYTE / 5);
    assert_eq!(
        parse_association_id(&associate_address_body(&entities)),
        Some("&".repeat(MEGABYTE / 5))
    );

    let references = "&#x2603;".repeat(MEGABYTE / 8);
    assert_eq!(
        parse_association_id(&associate_address_body(&references)),
        Some("☃".repeat(MEGABYTE / 8))
    );

    let cdata = format!("<![CDATA[{}]]>", "<&>".repeat(MEGABYTE / 3));
    assert_eq!(
        parse_association_id(&associate_address_body(&cdata)),
        Some("<&>".repeat(MEGABYTE / 3))
    );

    let error_message = "m".repeat(MEGABYTE);
    let body = format!(
        "<Response><Errors><Error><Code>Big</Code><Message>{error_message}</Message></Error></Errors></Response>"
    );
    for (operation, parse) in OPERATIONS {
        let outcome = parse(&response(400, body.as_bytes()));
        assert_eq!(
            outcome,
            Outcome::Service(format!("Big: {error_message} (HTTP 400)")),
            "{operation}"
        );
    }
}

#[test]
fn megabyte_unknown_elements_attributes_comments_and_names_are_skipped() {
    let skipped = [
        format!("<future>{}</future>", "y".repeat(MEGABYTE)),
        format!("<future a=\"{}\"/>", "v".repeat(MEGABYTE)),
        format!("<!--{}-->", "c".repeat(MEGABYTE)),
        format!("<{0}>text</{0}>", "n".repeat(MEGABYTE)),
        " \n\t".repeat(MEGABYTE / 3),
        "<future><a/><b>x</b></future>".repeat(MEGABYTE / 29),
    ];
    for extra in &skipped {
        let body = wrap(
            "AssociateAddressResponse",
            &[],
            &format!("{extra}<associationId>eipassoc-1</associationId>{extra}"),
        );
        assert_eq!(parse_association_id(&body).as_deref(), Some("eipassoc-1"));
    }
    // A megabyte of `<` is a syntax error, not a hang or a panic.
    let outcome = outcome_associate_address(&response(200, "<".repeat(MEGABYTE)));
    assert!(
        matches!(outcome.kind(), Some(DeserializeErrorKind::Syntax(_))),
        "{outcome:?}"
    );
}

#[test]
fn hundred_thousand_list_items() {
    let count = 100_000;
    let items = "<item>2001:db8::1</item>".repeat(count);
    let body = wrap(
        "AssignIpv6AddressesResponse",
        &[],
        &format!("<assignedIpv6Addresses>{items}</assignedIpv6Addresses>"),
    );
    let output = AssignIpv6Addresses::read_response(&response(200, body)).unwrap();
    let addresses = output.assigned_ipv6_addresses.unwrap();
    assert_eq!(addresses.len(), count);
    assert!(addresses.iter().all(|address| address == "2001:db8::1"));

    let items = "<item><privateIpAddress>10.0.0.1</privateIpAddress></item>".repeat(count / 4);
    let body = wrap(
        "AssignPrivateIpAddressesResponse",
        &[],
        &format!("<assignedPrivateIpAddressesSet>{items}</assignedPrivateIpAddressesSet>"),
    );
    let output = AssignPrivateIpAddresses::read_response(&response(200, body)).unwrap();
    assert_eq!(
        output.assigned_private_ip_addresses.unwrap().len(),
        count / 4
    );
}

// ---------------------------------------------------------------------------
// Round trip through XML escaping
// ---------------------------------------------------------------------------

/// The characters XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Values heavy in what needs escaping, plus any XML character.
fn value() -> impl Strategy<Value = String> {
    let character = prop_oneof![
        6 => proptest::sample::select(vec![
            '&', '<', '>', '"', '\'', ';', '#', ']', '[', '!', '-', '?', '/', '=', ' ', '\t', '\n',
            '\r', 'a', 'Z', '0', 'é', '☃', '\u{10348}', '\u{FEFF}',
        ]),
        3 => proptest::char::range('a', 'z'),
        1 => any::<char>().prop_filter("an XML character", |&c| is_xml_char(c)),
    ];
    prop_oneof![
        8 => proptest::collection::vec(character, 0..20).prop_map(String::from_iter),
        1 => proptest::sample::select(vec![
            "", " ", "]]>", "]]]]>", "&amp;", "&#65;", "<![CDATA[x]]>", "<a>", "\r\n", " x ",
            "eni-0123456789abcdef0",
        ])
        .prop_map(str::to_owned),
    ]
}

/// How a text value is written.
#[derive(Clone, Copy, Debug)]
enum Escaping {
    /// `&amp; &lt; &gt; &quot; &apos;`, `&#13;` for carriage returns.
    Named,
    /// Every character but ASCII letters and digits as `&#N;`.
    Decimal,
    /// Every character but ASCII letters and digits as `&#xH;`.
    Hex,
    /// CDATA sections, split around `]]>` and carriage returns.
    Cdata,
    /// Only what must be escaped: `&`, `<`, `]]>`'s `>`, and carriage returns.
    Minimal,
}

fn escaping() -> impl Strategy<Value = Escaping> {
    prop_oneof![
        Just(Escaping::Named),
        Just(Escaping::Decimal),
        Just(Escaping::Hex),
        Just(Escaping::Cdata),
        Just(Escaping::Minimal),
    ]
}

fn escape(value: &str, escaping: Escaping) -> String {
    let mut out = String::new();
    match escaping {
        Escaping::Named => {
            for c in value.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    // A raw carriage return would be read as a line feed.
                    '\r' => out.push_str("&#13;"),
                    c => out.push(c),
                }
            }
        }
        Escaping::Decimal | Escaping::Hex => {
            for c in value.chars() {
                if c.is_ascii_alphanumeric() {
                    out.push(c);
                } else if matches!(escaping, Escaping::Decimal) {
                    out.push_str(&format!("&#{};", u32::from(c)));
                } else {
                    out.push_str(&format!("&#x{:X};", u32::from(c)));
                }
            }
        }
        Escaping::Cdata => {
            // `]]>` cannot be in a section and a raw `\r` would be normalized:
            // close the section around them.
            out.push_str("<![CDATA[");
            let mut rest = value;
            while !rest.is_empty() {
                if let Some(after) = rest.strip_prefix("]]>") {
                    out.push_str("]]]]><![CDATA[>");
                    rest = after;
                } else if let Some(after) = rest.strip_prefix('\r') {
                    out.push_str("]]>&#13;<![CDATA[");
                    rest = after;
                } else {
                    let c = rest.chars().next().unwrap();
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
            out.push_str("]]>");
        }
        Escaping::Minimal => {
            let mut previous = ['\0', '\0'];
            for c in value.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' if previous == [']', ']'] => out.push_str("&gt;"),
                    '\r' => out.push_str("&#xD;"),
                    c => out.push(c),
                }
                previous = [previous[1], c];
            }
        }
    }
    out
}

/// How a document is laid out.
#[derive(Clone, Debug)]
struct Style {
    escaping: Vec<Escaping>,
    /// `ec2:` on every element, declared on the root.
    prefixed: bool,
    /// Whitespace and a comment between elements.
    indented: bool,
    /// Empty values as `<x/>` rather than `<x></x>`.
    self_closing: bool,
    /// Member order, as a permutation to apply where members are siblings.
    order: Vec<usize>,
}

fn style() -> impl Strategy<Value = Style> {
    (
        proptest::collection::vec(escaping(), 1..8),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        Just((0..8).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_map(
            |(escaping, prefixed, indented, self_closing, order)| Style {
                escaping,
                prefixed,
                indented,
                self_closing,
                order,
            },
        )
}

/// An element tree to write.
enum Node {
    Text(&'static str, String),
    Element(&'static str, Vec<Node>),
}

struct Writer<'a> {
    style: &'a Style,
    out: String,
    values_written: usize,
}

impl Writer<'_> {
    fn name(&self, name: &str) -> String {
        if self.style.prefixed {
            format!("ec2:{name}")
        } else {
            name.to_owned()
        }
    }

    fn separator(&mut self) {
        if self.style.indented {
            self.out.push_str("\n  <!-- - -->\t");
        }
    }

    fn node(&mut self, node: &Node) {
        self.separator();
        match node {
            Node::Text(name, value) => {
                let name = self.name(name);
                if value.is_empty() && self.style.self_closing {
                    self.out.push_str(&format!("<{name}/>"));
                } else {
                    let escaping =
                        self.style.escaping[self.values_written % self.style.escaping.len()];
                    self.values_written += 1;
                    self.out
                        .push_str(&format!("<{name}>{}</{name}>", escape(value, escaping)));
                }
            }
            Node::Element(name, children) => {
                let name = self.name(name);
                if children.is_empty() && self.style.self_closing {
                    self.out.push_str(&format!("<{name}/>"));
                    return;
                }
                self.out.push_str(&format!("<{name}>"));
                self.children(children);
                self.separator();
                self.out.push_str(&format!("</{name}>"));
            }
        }
    }

    /// Siblings in the style's order (list items keep theirs).
    fn children(&mut self, children: &[Node]) {
        let mut indices: Vec<usize> = (0..children.len()).collect();
        let is_list = children
            .iter()
            .all(|child| matches!(child, Node::Text("item", _) | Node::Element("item", _)));
        if !is_list {
            indices.sort_by_key(|&i| self.style.order.get(i).copied().unwrap_or(i));
        }
        for i in indices {
            self.node(&children[i]);
        }
    }
}

fn document(root: &'static str, children: Vec<Node>, style: &Style) -> String {
    let mut writer = Writer {
        style,
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        values_written: 0,
    };
    let name = writer.name(root);
    let namespace = if style.prefixed { "xmlns:ec2" } else { "xmlns" };
    writer.out.push_str(&format!(
        "<{name} {namespace}=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    ));
    writer.children(&children);
    writer.separator();
    writer.out.push_str(&format!("</{name}>"));
    writer.out
}

fn text(name: &'static str, value: &Option<String>) -> Option<Node> {
    value.clone().map(|value| Node::Text(name, value))
}

/// A success response with an optional request id header.
fn success(body: String, header_request_id: &Option<String>) -> HttpResponse {
    let mut response = response(200, body);
    if let Some(id) = header_request_id {
        response
            .headers
            .push(("X-Amzn-RequestId".to_owned(), id.clone()));
    }
    response
}

fn expected_request_id(body: &Option<String>, header: &Option<String>) -> Option<String> {
    body.clone().or_else(|| header.clone())
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for seconds since the epoch (the civil-from-days
/// algorithm of Howard Hinnant), written independently of the crate.
fn rfc3339_millis(seconds: i64, millis: u32) -> String {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[test]
fn rfc3339_millis_writes_known_dates() {
    assert_eq!(rfc3339_millis(0, 0), "1970-01-01T00:00:00.000Z");
    assert_eq!(
        rfc3339_millis(20_780 * 86_400 + 10 * 3_600, 0),
        "2026-11-23T10:00:00.000Z"
    );
    assert_eq!(
        rfc3339_millis(951_782_400 + 59, 7),
        "2000-02-29T00:00:59.007Z"
    );
    assert_eq!(
        rfc3339_millis(253_402_300_799, 999),
        "9999-12-31T23:59:59.999Z"
    );
}

fn opt<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(strategy)
}

/// Item counts of a list: absent, or 0 to 5 items.
fn list_of<T: std::fmt::Debug>(
    strategy: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<Vec<T>>> {
    opt(proptest::collection::vec(strategy, 0..6))
}

fn state() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(IamInstanceProfileAssociationState::values())
            .prop_map(str::to_owned),
        value(),
    ]
}

proptest! {
    #![proptest_config(fast())]

    #[test]
    fn associate_address_round_trip(
        request_id in opt(value()),
        header_request_id in opt(value()),
        association_id in opt(value()),
        style in style(),
    ) {
        let children = [text("requestId", &request_id), text("associationId", &association_id)];
        let body = document(
            "AssociateAddressResponse",
            children.into_iter().flatten().collect(),
            &style,
        );
        let output = AssociateAddress::read_response(&success(body.clone(), &header_request_id))
            .map_err(|error| TestCaseError::fail(format!("{error}\n{body}")))?;
        prop_assert_eq!(&output.association_id, &association_id, "{}", body);
        prop_assert_eq!(
            output.request_id().map(str::to_owned),
            expected_request_id(&request_id, &header_request_id),
            "{}", body
        );
    }

    #[test]
    fn associate_iam_instance_profile_round_trip(
        request_id in opt(value()),
        header_request_id in opt(value()),
        association in opt((
            opt(value()),
            opt(value()),
            opt((opt(value()), opt(value()))),
            opt(state()),
            opt((0..=253_402_300_799i64, 0..1_000u32)),
        )),
        style in style(),
    ) {
        let mut children: Vec<Node> = text("requestId", &request_id).into_iter().collect();
        if let Some((association_id, instance_id, profile, state, timestamp)) = &association {
            let mut fields: Vec<Node> = [
                text("associationId", association_id),
                text("instanceId", instance_id),
                text("state", state),
                timestamp.map(|(seconds, millis)| {
                    Node::Text("timestamp", rfc3339_millis(seconds, millis))
                }),
            ]
            .into_iter()
            .flatten()
            .collect();
            if let Some((arn, id)) = profile {
                fields.push(Node::Element(
                    "iamInstanceProfile",
                    [text("arn", arn), text("id", id)].into_iter().flatten().collect(),
                ));
            }
            children.push(Node::Element("iamInstanceProfileAssociation", fields));
        }
        let body = document("AssociateIamInstanceProfileResponse", children, &style);
        let response = success(body.clone(), &header_request_id);
        let output = AssociateIamInstanceProfile::read_response(&response)
            .map_err(|error| TestCaseError::fail(format!("{error}\n{body}")))?;
        prop_assert_eq!(
            output.request_id().map(str::to_owned),
            expected_request_id(&request_id, &header_request_id),
            "{}", body
        );
        match (&output.iam_instance_profile_association, &association) {
            (None, None) => {}
            (Some(read), Some((association_id, instance_id, profile, state, timestamp))) => {
                prop_assert_eq!(&read.association_id, association_id, "{}", body);
                prop_assert_eq!(&read.instance_id, instance_id, "{}", body);
                let read_profile = read
                    .iam_instance_profile
                    .as_ref()
                    .map(|profile| (profile.arn.clone(), profile.id.clone()));
                prop_assert_eq!(&read_profile, profile, "{}", body);
                let read_state = read.state.as_ref().map(|state| state.as_str().to_owned());
                prop_assert_eq!(&read_state, state, "{}", body);
                if let (Some(read_state), Some(state)) = (&read.state, state) {
                    let known =
                        IamInstanceProfileAssociationState::values().contains(&state.as_str());
                    prop_assert_eq!(
                        matches!(read_state, IamInstanceProfileAssociationState::Unknown(_)),
                        !known
                    );
                }
                let expected_timestamp = timestamp.map(|(seconds, millis)| {
                    DateTime::from_secs_and_nanos(seconds, millis * 1_000_000)
                });
                prop_assert_eq!(read.timestamp, expected_timestamp, "{}", body);
            }
            (read, expected) => {
                prop_assert!(false, "read {:?}, wrote {:?}\n{}", read, expected, body);
            }
        }
    }

    #[test]
    fn assign_private_ip_addresses_round_trip(
        request_id in opt(value()),
        header_request_id in opt(value()),
        network_interface_id in opt(value()),
        addresses in list_of(opt(value())),
        prefixes in list_of(opt(value())),
        style in style(),
    ) {
        let items = |list: &Option<Vec<Option<String>>>, member: &'static str| {
            list.as_ref().map(|items| {
                items
                    .iter()
                    .map(|item| Node::Element("item", text(member, item).into_iter().collect()))
                    .collect::<Vec<_>>()
            })
        };
        let mut children: Vec<Node> = [
            text("requestId", &request_id),
            text("networkInterfaceId", &network_interface_id),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(items) = items(&addresses, "privateIpAddress") {
            children.push(Node::Element("assignedPrivateIpAddressesSet", items));
        }
        if let Some(items) = items(&prefixes, "ipv4Prefix") {
            children.push(Node::Element("assignedIpv4PrefixSet", items));
        }
        let body = document("AssignPrivateIpAddressesResponse", children, &style);
        let response = success(body.clone(), &header_request_id);
        let output = AssignPrivateIpAddresses::read_response(&response)
            .map_err(|error| TestCaseError::fail(format!("{error}\n{body}")))?;
        prop_assert_eq!(
            output.request_id().map(str::to_owned),
            expected_request_id(&request_id, &header_request_id),
            "{}", body
        );
        prop_assert_eq!(&output.network_interface_id, &network_interface_id, "{}", body);
        let read_addresses = output.assigned_private_ip_addresses.as_ref().map(|items| {
            items.iter().map(|item| item.private_ip_address.clone()).collect::<Vec<_>>()
        });
        prop_assert_eq!(read_addresses, addresses, "{}", body);
        let read_prefixes = output.assigned_ipv4_prefixes.as_ref().map(|items| {
            items.iter().map(|item| item.ipv4_prefix.clone()).collect::<Vec<_>>()
        });
        prop_assert_eq!(read_prefixes, prefixes, "{}", body);
    }

    #[test]
    fn assign_ipv6_addresses_round_trip(
        request_id in opt(value()),
        header_request_id in opt(value()),
        network_interface_id in opt(value()),
        addresses in list_of(value()),
        prefixes in list_of(value()),
        style in style(),
    ) {
        let items = |list: &Option<Vec<String>>| {
            list.as_ref().map(|items| {
                items.iter().map(|item| Node::Text("item", item.clone())).collect::<Vec<_>>()
            })
        };
        let mut children: Vec<Node> = [
            text("requestId", &request_id),
            text("networkInterfaceId", &network_interface_id),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(items) = items(&addresses) {
            children.push(Node::Element("assignedIpv6Addresses", items));
        }
        if let Some(items) = items(&prefixes) {
            children.push(Node::Element("assignedIpv6PrefixSet", items));
        }
        let body = document("AssignIpv6AddressesResponse", children, &style);
        let output = AssignIpv6Addresses::read_response(&success(body.clone(), &header_request_id))
            .map_err(|error| TestCaseError::fail(format!("{error}\n{body}")))?;
        prop_assert_eq!(
            output.request_id().map(str::to_owned),
            expected_request_id(&request_id, &header_request_id),
            "{}", body
        );
        prop_assert_eq!(&output.network_interface_id, &network_interface_id, "{}", body);
        prop_assert_eq!(&output.assigned_ipv6_addresses, &addresses, "{}", body);
        prop_assert_eq!(&output.assigned_ipv6_prefixes, &prefixes, "{}", body);
    }

    /// Error responses: code, message and request id read back, for every
    /// operation and any error status; `DryRunOperation` and only it is a
    /// dry-run success.
    #[test]
    fn error_response_round_trip(
        code in prop_oneof![
            Just("DryRunOperation".to_owned()),
            Just("UnauthorizedOperation".to_owned()),
            value(),
        ],
        message in opt(value()),
        request_id in opt(value()),
        header_request_id in opt(value()),
        status in 300..600u16,
        style in style(),
    ) {
        let error = Node::Element(
            "Error",
            [text("Code", &Some(code.clone())), text("Message", &message)]
                .into_iter()
                .flatten()
                .collect(),
        );
        let children: Vec<Node> = [
            Some(Node::Element("Errors", vec![error])),
            text("RequestID", &request_id),
        ]
        .into_iter()
        .flatten()
        .collect();
        let body = document("Response", children, &style);
        let mut response = response(status, body.clone());
        if let Some(id) = &header_request_id {
            response.headers.push(("x-amzn-requestid".to_owned(), id.clone()));
        }
        let expected_request_id = expected_request_id(&request_id, &header_request_id);
        let mut status_line = format!("(HTTP {status}");
        if let Some(id) = &expected_request_id {
            status_line.push_str(&format!(", request id {id}"));
        }
        status_line.push(')');
        let expected_metadata = match &message {
            Some(message) => format!("{code}: {message} {status_line}"),
            None => format!("{code} {status_line}"),
        };

        macro_rules! check {
            ($operation:ident) => {{
                let error = match $operation::read_response(&response) {
                    Ok(output) => {
                        return Err(TestCaseError::fail(format!("{output:?} from {body}")));
                    }
                    Err(error) => error,
                };
                prop_assert_eq!(error.code(), Some(code.as_str()), "{}", body);
                prop_assert_eq!(error.message(), message.as_deref(), "{}", body);
                prop_assert_eq!(error.request_id(), expected_request_id.as_deref(), "{}", body);
                prop_assert_eq!(error.is_dry_run_success(), code == "DryRunOperation");
                prop_assert_eq!(
                    error.to_string(),
                    expected_metadata.to_string()
                );
            }};
        }
        check!(AssociateAddress);
        check!(AssociateIamInstanceProfile);
        check!(AssignPrivateIpAddresses);
        check!(AssignIpv6Addresses);
    }
}
