//! No string value can inject, split or rename a parameter of an ec2Query
//! body: for arbitrary strings in string members and list items, the body
//! decodes to exactly the expected `(key, value)` pairs, and uses no byte
//! outside the unreserved set, `=`, `&` and `%XX` escapes.

use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::operation::associate_address::AssociateAddressInput;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::types::IamInstanceProfileSpecification;
use proptest::prelude::*;
use proptest::test_runner::Config;

type Pairs = Vec<(String, String)>;

/// Why a body failed to decode.
#[derive(Debug, PartialEq, Eq)]
enum DecodeError {
    PairWithoutEquals(String),
    TruncatedEscape(String),
    BadEscape(String),
    RawByte(u8, String),
    NotUtf8(String),
}

/// Decodes one key or value: `%XX` (upper-case hex) and unreserved bytes
/// only; `+`, raw spaces and any other byte are errors.
fn percent_decode(text: &str) -> Result<String, DecodeError> {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let Some(&[high, low]) = bytes.get(i + 1..i + 3) else {
                    return Err(DecodeError::TruncatedEscape(text.to_owned()));
                };
                match (hex(high), hex(low)) {
                    (Some(high), Some(low)) => out.push(high * 16 + low),
                    _ => return Err(DecodeError::BadEscape(text.to_owned())),
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => {
                out.push(b);
                i += 1;
            }
            b => return Err(DecodeError::RawByte(b, text.to_owned())),
        }
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8(text.to_owned()))
}

/// Splits on `&`, then each pair on its first `=`, and decodes both halves.
fn decode_body(body: &str) -> Result<Pairs, DecodeError> {
    body.split('&')
        .map(|pair| {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| DecodeError::PairWithoutEquals(pair.to_owned()))?;
            Ok((percent_decode(key)?, percent_decode(value)?))
        })
        .collect()
}

/// Every byte outside `%XX` escapes is in `A-Za-z0-9-._~=&`, and every `%`
/// starts an escape of two upper-case hex digits.
fn assert_body_bytes_are_safe(body: &str) -> Result<(), TestCaseError> {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape = bytes.get(i + 1..i + 3);
            prop_assert!(
                matches!(escape, Some(&[h, l]) if is_upper_hex(h) && is_upper_hex(l)),
                "bad escape at byte {i} of {body:?}"
            );
            i += 3;
        } else {
            prop_assert!(
                b.is_ascii_alphanumeric() || b"-._~=&".contains(&b),
                "byte {b:#04x} at {i} of {body:?} is not allowed"
            );
            i += 1;
        }
    }
    Ok(())
}

fn is_upper_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'A'..=b'F').contains(&b)
}

fn check_body(body: &str, expected: &Pairs) -> Result<(), TestCaseError> {
    prop_assert!(!body.contains(' '), "raw space in {body:?}");
    prop_assert!(!body.contains('+'), "raw `+` in {body:?}");
    assert_body_bytes_are_safe(body)?;
    let decoded = decode_body(body);
    prop_assert_eq!(decoded.as_ref(), Ok(expected), "body: {:?}", body);
    Ok(())
}

fn pair(key: impl Into<String>, value: impl Into<String>) -> (String, String) {
    (key.into(), value.into())
}

fn list_pairs(out: &mut Pairs, key: &str, items: &Option<Vec<String>>) {
    for (index, item) in items.iter().flatten().enumerate() {
        out.push(pair(format!("{key}.{}", index + 1), item.clone()));
    }
}

/// Any unicode string, or one built from the characters most likely to
/// break a query string, so both kinds show up often.
fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("&"),
                Just("="),
                Just("%"),
                Just("%2"),
                Just("%26"),
                Just("%zz"),
                Just("+"),
                Just("."),
                Just(".1"),
                Just(" "),
                Just("\n"),
                Just("\r\n"),
                Just("\t"),
                Just("\0"),
                Just("~"),
                Just("é"),
                Just("日本"),
                Just("🚀"),
                Just("Action=X"),
                Just("&Version=1"),
                Just("&PrivateIpAddress.1=evil"),
                Just("a"),
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn nasty_list() -> impl Strategy<Value = Option<Vec<String>>> {
    proptest::option::of(proptest::collection::vec(nasty_string(), 0..13))
}

proptest! {
    #![proptest_config(Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn assign_private_ip_addresses_values_cannot_inject_parameters(
        ipv4_prefixes in nasty_list(),
        ipv4_prefix_count in proptest::option::of(any::<i32>()),
        network_interface_id in nasty_string(),
        private_ip_addresses in nasty_list(),
        secondary_private_ip_address_count in proptest::option::of(any::<i32>()),
        allow_reassignment in proptest::option::of(any::<bool>()),
    ) {
        let body = AssignPrivateIpAddressesInput::builder()
            .set_ipv4_prefixes(ipv4_prefixes.clone())
            .ipv4_prefix_count(ipv4_prefix_count)
            .network_interface_id(network_interface_id.clone())
            .set_private_ip_addresses(private_ip_addresses.clone())
            .secondary_private_ip_address_count(secondary_private_ip_address_count)
            .allow_reassignment(allow_reassignment)
            .build()
            .expect("all required members are set")
            .to_query_body();

        let mut expected = vec![
            pair("Action", "AssignPrivateIpAddresses"),
            pair("Version", "2016-11-15"),
        ];
        list_pairs(&mut expected, "Ipv4Prefix", &ipv4_prefixes);
        if let Some(count) = ipv4_prefix_count {
            expected.push(pair("Ipv4PrefixCount", count.to_string()));
        }
        expected.push(pair("NetworkInterfaceId", network_interface_id));
        list_pairs(&mut expected, "PrivateIpAddress", &private_ip_addresses);
        if let Some(count) = secondary_private_ip_address_count {
            expected.push(pair("SecondaryPrivateIpAddressCount", count.to_string()));
        }
        if let Some(flag) = allow_reassignment {
            expected.push(pair("AllowReassignment", flag.to_string()));
        }
        check_body(&body, &expected)?;
    }

    #[test]
    fn associate_iam_instance_profile_values_cannot_inject_parameters(
        arn in proptest::option::of(nasty_string()),
        name in proptest::option::of(nasty_string()),
        instance_id in nasty_string(),
    ) {
        let body = AssociateIamInstanceProfileInput::builder()
            .iam_instance_profile(
                IamInstanceProfileSpecification::builder()
                    .arn(arn.clone())
                    .name(name.clone())
                    .build(),
            )
            .instance_id(instance_id.clone())
            .build()
            .expect("all required members are set")
            .to_query_body();

        let mut expected = vec![
            pair("Action", "AssociateIamInstanceProfile"),
            pair("Version", "2016-11-15"),
        ];
        if let Some(arn) = arn {
            expected.push(pair("IamInstanceProfile.Arn", arn));
        }
        if let Some(name) = name {
            expected.push(pair("IamInstanceProfile.Name", name));
        }
        expected.push(pair("InstanceId", instance_id));
        check_body(&body, &expected)?;
    }

    #[test]
    fn associate_address_values_cannot_inject_parameters(
        allocation_id in proptest::option::of(nasty_string()),
        instance_id in proptest::option::of(nasty_string()),
        public_ip in proptest::option::of(nasty_string()),
        dry_run in proptest::option::of(any::<bool>()),
        network_interface_id in proptest::option::of(nasty_string()),
        private_ip_address in proptest::option::of(nasty_string()),
        allow_reassociation in proptest::option::of(any::<bool>()),
    ) {
        let body = AssociateAddressInput::builder()
            .allocation_id(allocation_id.clone())
            .instance_id(instance_id.clone())
            .public_ip(public_ip.clone())
            .dry_run(dry_run)
            .network_interface_id(network_interface_id.clone())
            .private_ip_address(private_ip_address.clone())
            .allow_reassociation(allow_reassociation)
            .build()
            .to_query_body();

        let mut expected = vec![
            pair("Action", "AssociateAddress"),
            pair("Version", "2016-11-15"),
        ];
        let members = [
            ("AllocationId", allocation_id),
            ("InstanceId", instance_id),
            ("PublicIp", public_ip),
            ("DryRun", dry_run.map(|flag| flag.to_string())),
            ("NetworkInterfaceId", network_interface_id),
            ("PrivateIpAddress", private_ip_address),
            ("AllowReassociation", allow_reassociation.map(|flag| flag.to_string())),
        ];
        for (key, value) in members {
            if let Some(value) = value {
                expected.push(pair(key, value));
            }
        }
        check_body(&body, &expected)?;
    }
}

/// The decoder itself must be strict, or the properties above prove little.
#[test]
fn decoder_rejects_malformed_bodies() {
    assert_eq!(
        decode_body("Action=A&K=a%20b%26c%3D%2B~-._"),
        Ok(vec![pair("Action", "A"), pair("K", "a b&c=+~-._")])
    );
    assert_eq!(decode_body("K="), Ok(vec![pair("K", "")]));
    assert_eq!(
        decode_body("K=a=b").map(|_| ()),
        Err(DecodeError::RawByte(b'=', "a=b".into()))
    );
    assert!(matches!(
        decode_body("K"),
        Err(DecodeError::PairWithoutEquals(_))
    ));
    assert!(matches!(
        decode_body("K=a&"),
        Err(DecodeError::PairWithoutEquals(_))
    ));
    assert!(matches!(
        decode_body("K=a+b"),
        Err(DecodeError::RawByte(b'+', _))
    ));
    assert!(matches!(
        decode_body("K=a b"),
        Err(DecodeError::RawByte(b' ', _))
    ));
    assert!(matches!(
        decode_body("K=a%2"),
        Err(DecodeError::TruncatedEscape(_))
    ));
    assert!(matches!(
        decode_body("K=a%"),
        Err(DecodeError::TruncatedEscape(_))
    ));
    assert!(matches!(
        decode_body("K=%zz"),
        Err(DecodeError::BadEscape(_))
    ));
    assert!(matches!(
        decode_body("K=%2f"),
        Err(DecodeError::BadEscape(_))
    ));
    assert!(matches!(decode_body("K=%FF"), Err(DecodeError::NotUtf8(_))));
    assert!(matches!(
        decode_body("K=é"),
        Err(DecodeError::RawByte(0xC3, _))
    ));
}
