//! Snapshots of responses read with the generated `ec2` crate.
//!
//! The bodies are what EC2 really sends: an XML declaration, a
//! `<{Operation}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">`
//! root, a `<requestId>`, members under the lowerCamel `xmlName` of the model
//! (`models/ec2.json`), lists wrapped in their `xmlName` with one `<item>` per
//! member, and errors as `<Response><Errors><Error><Code>..</Code>
//! <Message>..</Message></Error></Errors><RequestID>..</RequestID></Response>`.
//!
//! Each test also asserts the values that matter with plain `assert!`s, so a
//! wrong snapshot cannot be accepted without a test failing.

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
use ec2::runtime::xml::DeserializeErrorKind;
use ec2::types::IamInstanceProfileAssociationState;
use insta::assert_debug_snapshot;

const REQUEST_ID: &str = "59dbff89-35bd-4eac-99ed-be587EXAMPLE";

fn response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            (
                "Content-Type".to_owned(),
                "text/xml;charset=UTF-8".to_owned(),
            ),
            (
                "Date".to_owned(),
                "Mon, 23 Nov 2026 10:00:00 GMT".to_owned(),
            ),
            ("Server".to_owned(), "AmazonEC2".to_owned()),
        ],
        body: body.as_bytes().to_vec(),
    }
}

fn with_request_id_header(mut response: HttpResponse, request_id: &str) -> HttpResponse {
    response
        .headers
        .push(("x-amzn-RequestId".to_owned(), request_id.to_owned()));
    response
}

// ---------------------------------------------------------------------------
// Successful responses, one per operation
// ---------------------------------------------------------------------------

const ASSOCIATE_ADDRESS_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssociateAddressResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
    <return>true</return>
    <associationId>eipassoc-2bebb745</associationId>
</AssociateAddressResponse>"#;

#[test]
fn associate_address_success() {
    let output = AssociateAddress::read_response(&response(200, ASSOCIATE_ADDRESS_BODY)).unwrap();
    assert_eq!(output.association_id.as_deref(), Some("eipassoc-2bebb745"));
    assert_eq!(output.request_id(), Some(REQUEST_ID));
    assert_debug_snapshot!(output);
}

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

#[test]
fn associate_iam_instance_profile_success() {
    let output = AssociateIamInstanceProfile::read_response(&response(
        200,
        ASSOCIATE_IAM_INSTANCE_PROFILE_BODY,
    ))
    .unwrap();
    assert_eq!(output.request_id(), Some("e10deeaf-7cda-48e7-950b-example"));
    let association = output.iam_instance_profile_association.as_ref().unwrap();
    assert_eq!(
        association.association_id.as_deref(),
        Some("iip-assoc-0e7736511a163c209")
    );
    assert_eq!(
        association.instance_id.as_deref(),
        Some("i-123456789abcde123")
    );
    let profile = association.iam_instance_profile.as_ref().unwrap();
    assert_eq!(
        profile.arn.as_deref(),
        Some("arn:aws:iam::123456789012:instance-profile/admin-role")
    );
    assert_eq!(profile.id.as_deref(), Some("AIPAJBLK7RKJKWDXVHIEC"));
    assert_eq!(
        association.state,
        Some(IamInstanceProfileAssociationState::Associating)
    );
    // 2026-11-23T10:00:00Z: 20780 days after the epoch, plus 10 hours.
    assert_eq!(
        association.timestamp,
        Some(DateTime::from_secs(20_780 * 86_400 + 10 * 3_600))
    );
    assert_eq!(
        association.timestamp.unwrap().to_string(),
        "2026-11-23T10:00:00Z"
    );
    assert_debug_snapshot!(output);
}

const ASSIGN_PRIVATE_IP_ADDRESSES_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>3fd2d9ef-a26c-4b1c-8e33-example</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>
        <item>
            <privateIpAddress>10.0.0.82</privateIpAddress>
        </item>
        <item>
            <privateIpAddress>10.0.0.83</privateIpAddress>
        </item>
    </assignedPrivateIpAddressesSet>
    <assignedIpv4PrefixSet>
        <item>
            <ipv4Prefix>10.0.0.176/28</ipv4Prefix>
        </item>
    </assignedIpv4PrefixSet>
    <return>true</return>
</AssignPrivateIpAddressesResponse>"#;

#[test]
fn assign_private_ip_addresses_success() {
    let output =
        AssignPrivateIpAddresses::read_response(&response(200, ASSIGN_PRIVATE_IP_ADDRESSES_BODY))
            .unwrap();
    assert_eq!(output.request_id(), Some("3fd2d9ef-a26c-4b1c-8e33-example"));
    assert_eq!(output.network_interface_id.as_deref(), Some("eni-e5aa89a3"));
    let addresses: Vec<_> = output
        .assigned_private_ip_addresses
        .as_ref()
        .unwrap()
        .iter()
        .map(|address| address.private_ip_address.as_deref().unwrap())
        .collect();
    assert_eq!(addresses, ["10.0.0.82", "10.0.0.83"]);
    let prefixes: Vec<_> = output
        .assigned_ipv4_prefixes
        .as_ref()
        .unwrap()
        .iter()
        .map(|prefix| prefix.ipv4_prefix.as_deref().unwrap())
        .collect();
    assert_eq!(prefixes, ["10.0.0.176/28"]);
    assert_debug_snapshot!(output);
}

const ASSIGN_IPV6_ADDRESSES_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignIpv6AddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>c36d17eb-a0ba-4d38-8727-example</requestId>
    <assignedIpv6Addresses>
        <item>2001:db8:1234:1a00:3304:8879:34cf:4071</item>
        <item>2001:db8:1234:1a00:9691:9503:25ad:1761</item>
    </assignedIpv6Addresses>
    <assignedIpv6PrefixSet>
        <item>2001:db8:1234:1a00:9691::/80</item>
    </assignedIpv6PrefixSet>
    <networkInterfaceId>eni-38664473</networkInterfaceId>
</AssignIpv6AddressesResponse>"#;

#[test]
fn assign_ipv6_addresses_success() {
    let output =
        AssignIpv6Addresses::read_response(&response(200, ASSIGN_IPV6_ADDRESSES_BODY)).unwrap();
    assert_eq!(output.request_id(), Some("c36d17eb-a0ba-4d38-8727-example"));
    assert_eq!(output.network_interface_id.as_deref(), Some("eni-38664473"));
    assert_eq!(
        output.assigned_ipv6_addresses.as_deref(),
        Some(
            &[
                "2001:db8:1234:1a00:3304:8879:34cf:4071".to_owned(),
                "2001:db8:1234:1a00:9691:9503:25ad:1761".to_owned(),
            ][..]
        )
    );
    assert_eq!(
        output.assigned_ipv6_prefixes.as_deref(),
        Some(&["2001:db8:1234:1a00:9691::/80".to_owned()][..])
    );
    assert_debug_snapshot!(output);
}

// ---------------------------------------------------------------------------
// Robustness of successful responses
// ---------------------------------------------------------------------------

/// Unknown elements (a newer API version's members) are skipped whole,
/// wherever they are: at the top level, inside a nested structure, inside a
/// list item and as a list member that is not `<item>`. Comments,
/// processing instructions and CDATA inside them are skipped too.
#[test]
fn unknown_elements_are_skipped() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssociateIamInstanceProfileResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>e10deeaf-7cda-48e7-950b-example</requestId>
    <futureMember kind="nested">
        <deeper><deepest a="1">text <![CDATA[<associationId>not-this</associationId>]]></deepest></deeper>
        <associationId>also-not-this</associationId>
        <empty/>
    </futureMember>
    <!-- <iamInstanceProfileAssociation> in a comment is not an element -->
    <?future-instruction data?>
    <iamInstanceProfileAssociation>
        <associationId>iip-assoc-0e7736511a163c209</associationId>
        <tagSet><item><key>Name</key><value>web</value></item></tagSet>
        <instanceId>i-123456789abcde123</instanceId>
        <iamInstanceProfile>
            <arn>arn:aws:iam::123456789012:instance-profile/admin-role</arn>
            <newField><id>not-the-id</id></newField>
            <id>AIPAJBLK7RKJKWDXVHIEC</id>
        </iamInstanceProfile>
        <state>associated</state>
        <timestamp>2026-11-23T10:00:00.000Z</timestamp>
    </iamInstanceProfileAssociation>
    <return>true</return>
</AssociateIamInstanceProfileResponse>"#;
    let output = AssociateIamInstanceProfile::read_response(&response(200, body)).unwrap();
    let association = output.iam_instance_profile_association.as_ref().unwrap();
    assert_eq!(
        association.association_id.as_deref(),
        Some("iip-assoc-0e7736511a163c209")
    );
    assert_eq!(
        association
            .iam_instance_profile
            .as_ref()
            .unwrap()
            .id
            .as_deref(),
        Some("AIPAJBLK7RKJKWDXVHIEC")
    );
    assert_eq!(
        association.state,
        Some(IamInstanceProfileAssociationState::Associated)
    );
    assert_debug_snapshot!(output);

    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>3fd2d9ef-a26c-4b1c-8e33-example</requestId>
    <assignedPrivateIpAddressesSet>
        <item>
            <primary>false</primary>
            <privateIpAddress>10.0.0.82</privateIpAddress>
            <association><publicIp>203.0.113.7</publicIp></association>
        </item>
        <notAnItem><privateIpAddress>10.0.0.99</privateIpAddress></notAnItem>
        <item><privateIpAddress>10.0.0.83</privateIpAddress></item>
    </assignedPrivateIpAddressesSet>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
</AssignPrivateIpAddressesResponse>"#;
    let output = AssignPrivateIpAddresses::read_response(&response(200, body)).unwrap();
    let addresses: Vec<_> = output
        .assigned_private_ip_addresses
        .as_ref()
        .unwrap()
        .iter()
        .map(|address| address.private_ip_address.as_deref().unwrap())
        .collect();
    assert_eq!(addresses, ["10.0.0.82", "10.0.0.83"]);
    assert_eq!(output.assigned_ipv4_prefixes, None);
    assert_eq!(output.network_interface_id.as_deref(), Some("eni-e5aa89a3"));
}

/// A state this crate does not know is kept, not an error.
#[test]
fn unknown_enum_value_is_kept() {
    let body = ASSOCIATE_IAM_INSTANCE_PROFILE_BODY
        .replace("<state>associating</state>", "<state>frobnicating</state>");
    let output = AssociateIamInstanceProfile::read_response(&response(200, &body)).unwrap();
    let state = output
        .iam_instance_profile_association
        .as_ref()
        .unwrap()
        .state
        .clone()
        .unwrap();
    assert!(matches!(
        state,
        IamInstanceProfileAssociationState::Unknown(_)
    ));
    assert_eq!(state.as_str(), "frobnicating");
    assert_eq!(state.to_string(), "frobnicating");
    assert_ne!(state, IamInstanceProfileAssociationState::Associating);
    assert_debug_snapshot!(state);
}

/// Without `<requestId>` in the body, the `x-amzn-requestid` header (any
/// case) is the request id; with both, the body wins; with neither, `None`.
#[test]
fn request_id_falls_back_to_the_header() {
    let without_request_id = ASSOCIATE_ADDRESS_BODY.replace(
        "<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>",
        "",
    );
    assert!(!without_request_id.contains("requestId"));

    let from_header = AssociateAddress::read_response(&with_request_id_header(
        response(200, &without_request_id),
        "header-0f3c-example",
    ))
    .unwrap();
    assert_eq!(from_header.request_id(), Some("header-0f3c-example"));
    assert_eq!(
        from_header.association_id.as_deref(),
        Some("eipassoc-2bebb745")
    );
    assert_debug_snapshot!(from_header);

    let body_wins = AssociateAddress::read_response(&with_request_id_header(
        response(200, ASSOCIATE_ADDRESS_BODY),
        "header-0f3c-example",
    ))
    .unwrap();
    assert_eq!(body_wins.request_id(), Some(REQUEST_ID));

    let neither = AssociateAddress::read_response(&response(200, &without_request_id)).unwrap();
    assert_eq!(neither.request_id(), None);

    // The same for an error body without `<RequestID>`.
    let error = AssignIpv6Addresses::read_response(&with_request_id_header(
        response(
            400,
            "<Response><Errors><Error><Code>InvalidParameterValue</Code>\
             <Message>Invalid value</Message></Error></Errors></Response>",
        ),
        "header-0f3c-example",
    ))
    .unwrap_err();
    assert_eq!(error.request_id(), Some("header-0f3c-example"));
    assert_eq!(error.code(), Some("InvalidParameterValue"));
}

/// An empty list element is an empty list; an absent one is `None`.
#[test]
fn empty_and_absent_lists() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignIpv6AddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>c36d17eb-a0ba-4d38-8727-example</requestId>
    <assignedIpv6Addresses/>
    <networkInterfaceId>eni-38664473</networkInterfaceId>
</AssignIpv6AddressesResponse>"#;
    let output = AssignIpv6Addresses::read_response(&response(200, body)).unwrap();
    assert_eq!(output.assigned_ipv6_addresses, Some(Vec::new()));
    assert_eq!(output.assigned_ipv6_prefixes, None);
    assert_debug_snapshot!(output);
}

/// Predefined entities, character references, CDATA and namespace prefixes
/// are decoded; whitespace inside a value is kept as is.
#[test]
fn escaped_values_are_decoded() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<ec2:AssociateAddressResponse xmlns:ec2="http://ec2.amazonaws.com/doc/2016-11-15/">
    <ec2:requestId>id &amp; &lt;more&gt; &quot;quoted&quot; &apos;x&apos;</ec2:requestId>
    <ec2:associationId> eipassoc-&#233;&#x2603;<![CDATA[<&>]]>&#13;&#10;&#9;end </ec2:associationId>
</ec2:AssociateAddressResponse>"#;
    let output = AssociateAddress::read_response(&response(200, body)).unwrap();
    assert_eq!(output.request_id(), Some(r#"id & <more> "quoted" 'x'"#));
    assert_eq!(
        output.association_id.as_deref(),
        Some(" eipassoc-é☃<&>\r\n\tend ")
    );
}

/// A 200 that is not the operation's response is a typed error.
#[test]
fn malformed_success_bodies_are_response_errors() {
    let wrong_root =
        AssociateAddress::read_response(&response(200, ASSIGN_IPV6_ADDRESSES_BODY)).unwrap_err();
    assert!(matches!(wrong_root, AssociateAddressError::Response(_)));
    assert_eq!(wrong_root.code(), None);
    assert_eq!(wrong_root.request_id(), None);
    assert!(!wrong_root.is_dry_run_success());
    assert_eq!(
        wrong_root.to_string(),
        "cannot read the HTTP 200 response: expected root element <AssociateAddressResponse>, \
         found <AssignIpv6AddressesResponse> (at byte 117)"
    );

    let bad_timestamp = ASSOCIATE_IAM_INSTANCE_PROFILE_BODY
        .replace("2026-11-23T10:00:00.000Z", "2026-02-30T10:00:00.000Z");
    let error =
        AssociateIamInstanceProfile::read_response(&response(200, &bad_timestamp)).unwrap_err();
    let AssociateIamInstanceProfileError::Response(inner) = &error else {
        panic!("expected a Response error, got {error:?}");
    };
    assert_eq!(inner.status(), 200);
    assert_eq!(
        inner.deserialize_error().kind(),
        &DeserializeErrorKind::InvalidValue {
            expected: "an RFC 3339 date-time",
            found: "2026-02-30T10:00:00.000Z".to_owned(),
        }
    );
    assert_eq!(
        error.to_string(),
        "cannot read the HTTP 200 response: expected an RFC 3339 date-time, \
         found `2026-02-30T10:00:00.000Z`"
    );

    // Cut just after the first complete `<item>`: well-formed so far, but unfinished.
    let cut = ASSIGN_PRIVATE_IP_ADDRESSES_BODY.find("</item>").unwrap() + "</item>".len();
    let truncated = &ASSIGN_PRIVATE_IP_ADDRESSES_BODY[..cut];
    let error = AssignPrivateIpAddresses::read_response(&response(200, truncated)).unwrap_err();
    assert!(
        matches!(&error, AssignPrivateIpAddressesError::Response(inner)
            if inner.deserialize_error().kind() == &DeserializeErrorKind::UnexpectedEof),
        "{error:?}"
    );

    let error = AssignIpv6Addresses::read_response(&response(200, "")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot read the HTTP 200 response: the XML document ends early (at byte 0)"
    );
}

// ---------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------

const DRY_RUN_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>"#;

#[test]
fn dry_run_operation_is_a_dry_run_success() {
    let error = AssociateAddress::read_response(&response(412, DRY_RUN_BODY)).unwrap_err();
    assert!(error.is_dry_run_success());
    assert!(matches!(error, AssociateAddressError::Service(_)));
    assert_eq!(error.code(), Some("DryRunOperation"));
    assert_eq!(
        error.message(),
        Some("Request would have succeeded, but DryRun flag is set.")
    );
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert_eq!(error.metadata().unwrap().status(), 412);
    assert!(!error.metadata().unwrap().is_throttling());
    let display = error.to_string();
    assert!(display.contains("DryRunOperation"), "{display}");
    assert!(
        display.contains("Request would have succeeded, but DryRun flag is set."),
        "{display}"
    );
    assert_eq!(
        display,
        "DryRunOperation: Request would have succeeded, \
         but DryRun flag is set. (HTTP 412, request id 59dbff89-35bd-4eac-99ed-be587EXAMPLE)"
    );
    assert!(std::error::Error::source(&error).is_none());
    assert_debug_snapshot!(error);

    // Every operation reads it the same way.
    let response = response(412, DRY_RUN_BODY);
    let codes = [
        AssociateIamInstanceProfile::read_response(&response)
            .map(drop)
            .map_err(|error| (error.is_dry_run_success(), error.to_string())),
        AssignPrivateIpAddresses::read_response(&response)
            .map(drop)
            .map_err(|error| (error.is_dry_run_success(), error.to_string())),
        AssignIpv6Addresses::read_response(&response)
            .map(drop)
            .map_err(|error| (error.is_dry_run_success(), error.to_string())),
    ];
    for result in codes {
        assert_eq!(
            result,
            Err((
                true,
                format!(
                    "DryRunOperation: Request would have succeeded, \
                     but DryRun flag is set. (HTTP 412, request id {REQUEST_ID})"
                )
            ))
        );
    }
}

#[test]
fn invalid_network_interface_id_not_found() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code><Message>The networkInterface ID 'eni-0123456789abcdef0' does not exist</Message></Error></Errors><RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></Response>"#;
    let error = AssignPrivateIpAddresses::read_response(&response(400, body)).unwrap_err();
    assert!(!error.is_dry_run_success());
    assert_eq!(error.code(), Some("InvalidNetworkInterfaceID.NotFound"));
    assert_eq!(
        error.message(),
        Some("The networkInterface ID 'eni-0123456789abcdef0' does not exist")
    );
    assert_eq!(
        error.request_id(),
        Some("7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
    );
    assert_eq!(
        error.to_string(),
        "InvalidNetworkInterfaceID.NotFound: \
         The networkInterface ID 'eni-0123456789abcdef0' does not exist \
         (HTTP 400, request id 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE)"
    );
    assert_debug_snapshot!(error);
}

const ENCODED_AUTHORIZATION_MESSAGE: &str = "4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abPYSGKGvQMbUx7ShZrRgq1oSwLc8Evap0C3IV7QC2HKdpY2OQ8LgN6-DrafUWUJ7T7Y5YDOwvDZFv6l1rO3EcbCJxj_dZqK-ROBSrXhcCWNibEgYYHSiTWvf5jSzsuhqQzANR-pU3v_F6xCqQWr8VREq9n2cP46GahgCDyQvn3gy0lfm9ZQUoBtY5IfjwNmXx9Gf5gRuG4mvUyIqhC8NuGWVLaSVhcc5OgqEazl5ubcsR8DDo1x1tUbnBZJ9VbwD2KrOLQ9XT1_t0Nsb5M6cGRcH9x2oNOEn-jYYJZaiRcjIYsx_mLkdGQgNiLKyP0Sh3h7MEzbwbM6RUuTSefMkqaLMhT1IW9UYWh6HK3VAkk-3wLV3ymzCUvhqQJ2P3aIuzAHfiUsS6AHXxLNHzlXnJoyi7ewX1Y33pUWfu0HNN7vtBD9jnbwW1CQhQ6TcujCXV9XOVSsSXEivbWz1Z0ZeVIEZtBzsaBjEshGrYW84w";

#[test]
fn unauthorized_operation_keeps_the_encoded_message() {
    let message = format!(
        "You are not authorized to perform this operation. \
         Encoded authorization failure message: {ENCODED_AUTHORIZATION_MESSAGE}"
    );
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>{message}</Message></Error></Errors><RequestID>8f1dd2e6-4c5a-4bd1-9a57-b2f1EXAMPLE</RequestID></Response>"#
    );
    let error = AssociateIamInstanceProfile::read_response(&response(403, &body)).unwrap_err();
    assert!(!error.is_dry_run_success());
    assert_eq!(error.code(), Some("UnauthorizedOperation"));
    assert_eq!(error.message(), Some(message.as_str()));
    assert_eq!(
        error.request_id(),
        Some("8f1dd2e6-4c5a-4bd1-9a57-b2f1EXAMPLE")
    );
    assert_eq!(error.metadata().unwrap().status(), 403);
    assert_eq!(
        error.to_string(),
        format!(
            "UnauthorizedOperation: {message} \
             (HTTP 403, request id 8f1dd2e6-4c5a-4bd1-9a57-b2f1EXAMPLE)"
        )
    );
    assert_debug_snapshot!(error);
}

#[test]
fn service_unavailable_html_body_is_a_response_error() {
    let body = "<!DOCTYPE html>\n<html>\n<head><title>503 Service Unavailable</title></head>\n\
                <body>\n<h1>Service Unavailable</h1>\n<p>Please try again later.<br>\n</body>\n</html>\n";
    let error = AssignIpv6Addresses::read_response(&response(503, body)).unwrap_err();
    let AssignIpv6AddressesError::Response(inner) = &error else {
        panic!("expected a Response error, got {error:?}");
    };
    assert_eq!(inner.status(), 503);
    assert_eq!(
        inner.deserialize_error().kind(),
        &DeserializeErrorKind::UnexpectedRoot {
            expected: "Response".to_owned(),
            found: "html".to_owned(),
        }
    );
    assert_eq!(error.code(), None);
    assert_eq!(error.message(), None);
    assert_eq!(error.request_id(), None);
    assert!(error.metadata().is_none());
    assert!(!error.is_dry_run_success());
    assert_eq!(
        error.to_string(),
        "cannot read the HTTP 503 response: expected root element <Response>, found <html> (at byte 22)"
    );
    assert!(std::error::Error::source(&error).is_some());
    assert_debug_snapshot!(error);

    // A 503 with no body at all, or a plain-text one, is no better.
    for (body, problem) in [
        ("", "the XML document ends early"),
        ("Service Unavailable", "content outside the root element"),
    ] {
        let error = AssociateAddress::read_response(&response(503, body)).unwrap_err();
        assert!(
            matches!(error, AssociateAddressError::Response(_)),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "cannot read the HTTP 503 response: {problem} (at byte {})",
                body.len()
            )
        );
    }
}

/// EC2's throttling answer is a 503 with an ordinary error body.
#[test]
fn request_limit_exceeded_is_throttling() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>d1b2c3e4-0000-4000-8000-00000EXAMPLE</RequestID></Response>"#;
    let error = AssociateAddress::read_response(&response(503, body)).unwrap_err();
    assert!(error.metadata().unwrap().is_throttling());
    assert!(!error.is_dry_run_success());
    assert_eq!(
        error.to_string(),
        "RequestLimitExceeded: Request limit exceeded. \
         (HTTP 503, request id d1b2c3e4-0000-4000-8000-00000EXAMPLE)"
    );
}

// ---------------------------------------------------------------------------
// Regression tests for bugs the fuzzing found in the reader.
// ---------------------------------------------------------------------------

/// XML 1.0 §2.11 normalizes `\r\n` and `\r` to `\n` before parsing, CDATA
/// sections included. Text is normalized (`xml10_content`); CDATA is not
/// (`read_text` takes `BytesCData::into_inner`).
#[test]
fn cdata_line_ends_are_normalized_like_text() {
    let read = |value: &str| {
        let body = format!(
            "<AssociateAddressResponse><associationId>{value}</associationId></AssociateAddressResponse>"
        );
        AssociateAddress::read_response(&response(200, &body))
            .unwrap()
            .association_id
            .unwrap()
    };
    assert_eq!(read("a\r\nb\rc"), "a\nb\nc");
    assert_eq!(read("<![CDATA[a\r\nb\rc]]>"), "a\nb\nc");
}

/// A document is one root element with nothing but comments, processing
/// instructions and whitespace around it; the reader stops at the end of the
/// root and accepts anything before or after it.
#[test]
fn content_outside_the_root_is_an_error() {
    let root = "<AssociateAddressResponse><associationId>eipassoc-1</associationId></AssociateAddressResponse>";
    for body in [
        format!("{root}<<<garbage"),
        format!("{root}</AssociateAddressResponse>"),
        format!("{root}{root}"),
        format!("{root}trailing text"),
        format!("text before{root}"),
    ] {
        let result = AssociateAddress::read_response(&response(200, &body));
        assert!(
            matches!(result, Err(AssociateAddressError::Response(_))),
            "{body}: {result:?}"
        );
    }
}

/// The code and message of an error response come from the same `<Error>`:
/// when the first has no `<Code>`, its `<Message>` must not be reported with
/// the second one's code.
#[test]
fn error_code_and_message_come_from_the_same_error() {
    let body = "<Response><Errors><Error><Message>first</Message></Error>\
                <Error><Code>SecondCode</Code></Error></Errors></Response>";
    let error = AssociateAddress::read_response(&response(400, body)).unwrap_err();
    assert_eq!(error.code(), Some("SecondCode"));
    assert_eq!(error.message(), None);
}
