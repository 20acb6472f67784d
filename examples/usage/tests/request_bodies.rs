//! Snapshots of ec2Query request bodies built with the generated `ec2` crate.
//!
//! Two groups of tests:
//!
//! * one test per `smithy.api#examples` entry in `models/ec2.json`, with the
//!   input built by hand through the builders. `model_examples_are_all_covered`
//!   fails when the model gains (or loses) an example, and
//!   `model_examples_match_hand_built_inputs` re-derives each example's
//!   parameters from the model's JSON (keys resolved by the ec2Query rules) and
//!   compares them with the decoded hand-built body, so a typo in a hand-built
//!   input cannot hide behind a snapshot;
//! * edge cases (escaping, unicode, empty values and lists, list numbering,
//!   nested structures, booleans, all members set), each of which also asserts
//!   the substrings that matter with plain `assert!`s.
//!
//! ec2Query rules the expectations follow: `Action=<Op>&Version=2016-11-15`
//! first, then members in model order; key = `ec2QueryName`, else `xmlName`
//! capitalized, else the member name; nested structures as `Key.Sub`; lists
//! flattened as `Key.1`, `Key.2`, ...; empty lists and unset members send
//! nothing; booleans `true`/`false`; everything but `A-Za-z0-9-._~`
//! percent-encoded with upper-case hex (space as `%20`).

use ec2::operation::assign_ipv6_addresses::AssignIpv6AddressesInput;
use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::operation::associate_address::AssociateAddressInput;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::types::IamInstanceProfileSpecification;
use insta::assert_snapshot;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Model examples
// ---------------------------------------------------------------------------

/// Every `(operation, title)` of the model's `smithy.api#examples` that a test
/// below covers. Add a test (and a row to `hand_built_examples`) before adding
/// a title here.
const COVERED_EXAMPLE_TITLES: &[(&str, &str)] = &[
    (
        "AssignPrivateIpAddresses",
        "To assign a specific secondary private IP address to an interface",
    ),
    (
        "AssignPrivateIpAddresses",
        "To assign secondary private IP addresses that Amazon EC2 selects to an interface",
    ),
    ("AssociateAddress", "To associate an Elastic IP address"),
    (
        "AssociateAddress",
        "To associate an Elastic IP address with a network interface",
    ),
    (
        "AssociateIamInstanceProfile",
        "To associate an IAM instance profile with an instance",
    ),
];

fn example_assign_private_ip_addresses_specific_secondary_address() -> String {
    AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .private_ip_addresses("10.0.0.82")
        .build()
        .expect("all required members are set")
        .to_query_body()
}

fn example_assign_private_ip_addresses_ec2_selects() -> String {
    AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .secondary_private_ip_address_count(2)
        .build()
        .expect("all required members are set")
        .to_query_body()
}

fn example_associate_address_elastic_ip() -> String {
    AssociateAddressInput::builder()
        .allocation_id("eipalloc-64d5890a")
        .instance_id("i-0b263919b6498b123")
        .build()
        .to_query_body()
}

fn example_associate_address_with_network_interface() -> String {
    AssociateAddressInput::builder()
        .allocation_id("eipalloc-64d5890a")
        .network_interface_id("eni-1a2b3c4d")
        .build()
        .to_query_body()
}

fn example_associate_iam_instance_profile_with_instance() -> String {
    AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name("admin-role")
                .build(),
        )
        .instance_id("i-123456789abcde123")
        .build()
        .expect("all required members are set")
        .to_query_body()
}

/// The hand-built body of every covered example, keyed like
/// `COVERED_EXAMPLE_TITLES`.
fn hand_built_examples() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "AssignPrivateIpAddresses",
            "To assign a specific secondary private IP address to an interface",
            example_assign_private_ip_addresses_specific_secondary_address(),
        ),
        (
            "AssignPrivateIpAddresses",
            "To assign secondary private IP addresses that Amazon EC2 selects to an interface",
            example_assign_private_ip_addresses_ec2_selects(),
        ),
        (
            "AssociateAddress",
            "To associate an Elastic IP address",
            example_associate_address_elastic_ip(),
        ),
        (
            "AssociateAddress",
            "To associate an Elastic IP address with a network interface",
            example_associate_address_with_network_interface(),
        ),
        (
            "AssociateIamInstanceProfile",
            "To associate an IAM instance profile with an instance",
            example_associate_iam_instance_profile_with_instance(),
        ),
    ]
}

#[test]
fn assign_private_ip_addresses_to_assign_a_specific_secondary_private_ip_address_to_an_interface() {
    let body = example_assign_private_ip_addresses_specific_secondary_address();
    assert_eq!(
        body,
        "Action=AssignPrivateIpAddresses&Version=2016-11-15\
         &NetworkInterfaceId=eni-e5aa89a3&PrivateIpAddress.1=10.0.0.82"
    );
    assert_snapshot!(body);
}

#[test]
fn assign_private_ip_addresses_to_assign_secondary_private_ip_addresses_that_amazon_ec2_selects_to_an_interface()
 {
    let body = example_assign_private_ip_addresses_ec2_selects();
    assert_eq!(
        body,
        "Action=AssignPrivateIpAddresses&Version=2016-11-15\
         &NetworkInterfaceId=eni-e5aa89a3&SecondaryPrivateIpAddressCount=2"
    );
    assert_snapshot!(body);
}

#[test]
fn associate_address_to_associate_an_elastic_ip_address() {
    let body = example_associate_address_elastic_ip();
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15\
         &AllocationId=eipalloc-64d5890a&InstanceId=i-0b263919b6498b123"
    );
    assert_snapshot!(body);
}

#[test]
fn associate_address_to_associate_an_elastic_ip_address_with_a_network_interface() {
    let body = example_associate_address_with_network_interface();
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15\
         &AllocationId=eipalloc-64d5890a&NetworkInterfaceId=eni-1a2b3c4d"
    );
    assert_snapshot!(body);
}

#[test]
fn associate_iam_instance_profile_to_associate_an_iam_instance_profile_with_an_instance() {
    let body = example_associate_iam_instance_profile_with_instance();
    assert_eq!(
        body,
        "Action=AssociateIamInstanceProfile&Version=2016-11-15\
         &IamInstanceProfile.Name=admin-role&InstanceId=i-123456789abcde123"
    );
    assert_snapshot!(body);
}

fn load_model() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ec2.json");
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{path} is not JSON: {error}"))
}

/// `(operation name, example title, example input)` for every example in the
/// model, in the model's order.
fn model_examples(model: &Value) -> Vec<(String, String, Value)> {
    let shapes = model["shapes"].as_object().expect("model has `shapes`");
    let mut examples = Vec::new();
    for (id, shape) in shapes {
        if shape["type"] != "operation" {
            continue;
        }
        let operation = id.rsplit('#').next().expect("shape id has a name");
        let Some(list) = shape["traits"].get("smithy.api#examples") else {
            continue;
        };
        for example in list.as_array().expect("examples is a list") {
            let title = example["title"].as_str().expect("example has a title");
            let input = example.get("input").cloned().unwrap_or(Value::Null);
            examples.push((operation.to_owned(), title.to_owned(), input));
        }
    }
    examples
}

#[test]
fn model_examples_are_all_covered() {
    let model = load_model();
    let mut in_model: Vec<(String, String)> = model_examples(&model)
        .into_iter()
        .map(|(operation, title, _)| (operation, title))
        .collect();
    in_model.sort();
    let mut covered: Vec<(String, String)> = COVERED_EXAMPLE_TITLES
        .iter()
        .map(|&(operation, title)| (operation.to_owned(), title.to_owned()))
        .collect();
    covered.sort();
    assert_eq!(
        in_model, covered,
        "models/ec2.json's examples differ from the ones these tests cover: \
         add (or remove) a test and update COVERED_EXAMPLE_TITLES"
    );

    let mut built: Vec<(&str, &str)> = hand_built_examples()
        .iter()
        .map(|(operation, title, _)| (*operation, *title))
        .collect();
    built.sort();
    let mut listed = COVERED_EXAMPLE_TITLES.to_vec();
    listed.sort();
    assert_eq!(
        built, listed,
        "hand_built_examples() and COVERED_EXAMPLE_TITLES disagree"
    );
}

/// The ec2Query key of a member: `ec2QueryName`, else `xmlName` capitalized,
/// else the member name.
fn query_key(member_name: &str, member: &Value) -> String {
    let traits = &member["traits"];
    if let Some(name) = traits["aws.protocols#ec2QueryName"].as_str() {
        return name.to_owned();
    }
    if let Some(name) = traits["smithy.api#xmlName"].as_str() {
        let mut chars = name.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    member_name.to_owned()
}

/// The parameters the ec2Query protocol sends for `value` of shape `target`
/// under `key`, derived from the model alone.
fn expected_params(
    model: &Value,
    target: &str,
    key: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
) {
    let shape = &model["shapes"][target];
    match shape["type"].as_str() {
        Some("structure") => {
            let members = shape["members"].as_object().expect("structure has members");
            for (member_name, member) in members {
                let Some(member_value) = value.get(member_name) else {
                    continue;
                };
                let member_key = query_key(member_name, member);
                let nested = if key.is_empty() {
                    member_key
                } else {
                    format!("{key}.{member_key}")
                };
                let member_target = member["target"].as_str().expect("member has a target");
                expected_params(model, member_target, &nested, member_value, out);
            }
        }
        Some("list") => {
            let item_target = shape["member"]["target"]
                .as_str()
                .expect("list has a member");
            for (index, item) in value.as_array().expect("list value").iter().enumerate() {
                expected_params(
                    model,
                    item_target,
                    &format!("{key}.{}", index + 1),
                    item,
                    out,
                );
            }
        }
        _ => {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Bool(flag) => flag.to_string(),
                Value::Number(number) => number.to_string(),
                other => {
                    panic!("example value {other} of {target} is not a scalar this test knows")
                }
            };
            out.push((key.to_owned(), text));
        }
    }
}

#[test]
fn model_examples_match_hand_built_inputs() {
    let model = load_model();
    let built = hand_built_examples();
    for (operation, title, input) in model_examples(&model) {
        let operation_shape = &model["shapes"][format!("com.amazonaws.ec2#{operation}")];
        let input_target = operation_shape["input"]["target"]
            .as_str()
            .expect("operation has an input");
        let mut expected = vec![
            ("Action".to_owned(), operation.clone()),
            ("Version".to_owned(), "2016-11-15".to_owned()),
        ];
        expected_params(&model, input_target, "", &input, &mut expected);

        let (_, _, body) = built
            .iter()
            .find(|(o, t, _)| *o == operation && *t == title)
            .unwrap_or_else(|| panic!("no hand-built input for {operation}: {title}"));
        assert_eq!(
            decode_body(body),
            expected,
            "{operation}: {title}\nbody: {body}"
        );
    }
}

/// Splits a body into its decoded `(key, value)` pairs; panics on anything
/// that is not strictly `key=value` pairs joined by `&` with `%XX` escapes.
fn decode_body(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .map(|pair| {
            let (key, value) = pair
                .split_once('=')
                .unwrap_or_else(|| panic!("pair without `=`: {pair:?}"));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).expect("truncated escape");
                let digit = |b: u8| match b {
                    b'0'..=b'9' => b - b'0',
                    b'A'..=b'F' => b - b'A' + 10,
                    _ => panic!("bad escape in {text:?}"),
                };
                out.push(digit(hex[0]) * 16 + digit(hex[1]));
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => {
                out.push(b);
                i += 1;
            }
            b => panic!("unencoded byte {b:#04x} in {text:?}"),
        }
    }
    String::from_utf8(out).expect("decoded text is UTF-8")
}

// ---------------------------------------------------------------------------
// Edge cases
// ---------------------------------------------------------------------------

#[test]
fn reserved_characters_are_percent_encoded() {
    let body = AssociateAddressInput::builder()
        .allocation_id("a&b=c")
        .instance_id("1+1=2")
        .public_ip("100% done")
        .private_ip_address("~keep-._~")
        .build()
        .to_query_body();
    assert!(body.contains("&AllocationId=a%26b%3Dc&"), "{body}");
    assert!(body.contains("&InstanceId=1%2B1%3D2&"), "{body}");
    assert!(body.contains("&PublicIp=100%25%20done&"), "{body}");
    assert!(body.ends_with("&PrivateIpAddress=~keep-._~"), "{body}");
    assert!(!body.contains(' ') && !body.contains('+'), "{body}");
    assert_eq!(body.matches('&').count(), 5, "exactly 6 parameters: {body}");
    assert_snapshot!(body);
}

#[test]
fn more_reserved_characters_are_percent_encoded() {
    // Everything in ASCII that is neither alphanumeric nor `-._~`.
    let punctuation = "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}";
    let body = AssociateAddressInput::builder()
        .allocation_id(punctuation)
        .build()
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15&AllocationId=\
         %21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D"
    );
    assert_snapshot!(body);
}

#[test]
fn unicode_is_utf8_percent_encoded_with_upper_case_hex() {
    let body = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("café")
        .private_ip_addresses("日本")
        .private_ip_addresses("🚀")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(body.contains("&NetworkInterfaceId=caf%C3%A9&"), "{body}");
    assert!(
        body.contains("&PrivateIpAddress.1=%E6%97%A5%E6%9C%AC&"),
        "{body}"
    );
    assert!(body.ends_with("&PrivateIpAddress.2=%F0%9F%9A%80"), "{body}");
    assert!(body.is_ascii(), "{body}");
    assert_snapshot!(body);
}

#[test]
fn newlines_and_tabs_are_percent_encoded() {
    let body = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name("line1\nline2\r\n")
                .build(),
        )
        .instance_id("tab\there")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(
        body.contains("&IamInstanceProfile.Name=line1%0Aline2%0D%0A&"),
        "{body}"
    );
    assert!(body.ends_with("&InstanceId=tab%09here"), "{body}");
    assert!(!body.contains(['\n', '\r', '\t']), "{body}");
    assert_snapshot!(body);
}

#[test]
fn empty_string_sends_key_with_empty_value() {
    let body = AssociateAddressInput::builder()
        .allocation_id("")
        .public_ip("")
        .build()
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15&AllocationId=&PublicIp="
    );
    assert_snapshot!(body);
}

#[test]
fn empty_string_in_list_and_nested_structure_sends_key_with_empty_value() {
    let body = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("")
        .private_ip_addresses("")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(
        body.ends_with("&NetworkInterfaceId=&PrivateIpAddress.1="),
        "{body}"
    );
    assert_snapshot!("empty_string_in_list_item_and_required_member", body);

    let body = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(IamInstanceProfileSpecification::builder().arn("").build())
        .instance_id("")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(
        body.ends_with("&IamInstanceProfile.Arn=&InstanceId="),
        "{body}"
    );
    assert_snapshot!("empty_string_in_nested_structure_member", body);
}

#[test]
fn empty_lists_send_nothing() {
    let body = AssignPrivateIpAddressesInput::builder()
        .set_ipv4_prefixes(Some(vec![]))
        .network_interface_id("eni-1")
        .set_private_ip_addresses(Some(vec![]))
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssignPrivateIpAddresses&Version=2016-11-15&NetworkInterfaceId=eni-1"
    );
    assert!(!body.contains("&Ipv4Prefix"), "{body}");
    assert!(!body.contains("&PrivateIpAddress"), "{body}");
    assert_snapshot!("empty_lists_assign_private_ip_addresses", body);

    let body = AssignIpv6AddressesInput::builder()
        .set_ipv6_prefixes(Some(vec![]))
        .network_interface_id("eni-1")
        .set_ipv6_addresses(Some(vec![]))
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssignIpv6Addresses&Version=2016-11-15&NetworkInterfaceId=eni-1"
    );
    assert_snapshot!("empty_lists_assign_ipv6_addresses", body);
}

#[test]
fn unset_members_send_nothing() {
    let body = AssociateAddressInput::builder().build().to_query_body();
    assert_eq!(body, "Action=AssociateAddress&Version=2016-11-15");
    assert_snapshot!(body);
}

#[test]
fn many_list_items_are_numbered_from_one_in_order() {
    let addresses: Vec<String> = (1..=12).map(|i| format!("10.0.0.{i}")).collect();
    let body = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .set_private_ip_addresses(Some(addresses))
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(body.contains("&PrivateIpAddress.1=10.0.0.1&"), "{body}");
    assert!(body.contains("&PrivateIpAddress.2=10.0.0.2&"), "{body}");
    assert!(body.contains("&PrivateIpAddress.9=10.0.0.9&"), "{body}");
    assert!(body.contains("&PrivateIpAddress.10=10.0.0.10&"), "{body}");
    assert!(body.contains("&PrivateIpAddress.11=10.0.0.11&"), "{body}");
    assert!(body.ends_with("&PrivateIpAddress.12=10.0.0.12"), "{body}");
    assert!(!body.contains("PrivateIpAddress.0"), "{body}");
    assert!(!body.contains("PrivateIpAddress.13"), "{body}");
    // Items appear in insertion order, not in string order of their keys.
    let positions: Vec<usize> = (1..=12)
        .map(|i| {
            body.find(&format!("&PrivateIpAddress.{i}="))
                .expect("item present")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{body}");
    assert_snapshot!(body);
}

#[test]
fn list_items_appended_one_by_one_keep_their_order() {
    let body = AssignPrivateIpAddressesInput::builder()
        .ipv4_prefixes("10.0.1.0/28")
        .ipv4_prefixes("10.0.0.0/28")
        .network_interface_id("eni-1")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(
        body.contains("&Ipv4Prefix.1=10.0.1.0%2F28&Ipv4Prefix.2=10.0.0.0%2F28&"),
        "{body}"
    );
    assert_snapshot!(body);
}

#[test]
fn nested_iam_instance_profile_name_and_arn_both_set() {
    let body = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name("admin-role")
                .arn("arn:aws:iam::123456789012:instance-profile/admin-role")
                .build(),
        )
        .instance_id("i-123456789abcde123")
        .build()
        .expect("all required members are set")
        .to_query_body();
    // Model order of IamInstanceProfileSpecification is Arn, then Name,
    // whatever order the builder was called in.
    assert_eq!(
        body,
        "Action=AssociateIamInstanceProfile&Version=2016-11-15\
         &IamInstanceProfile.Arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Ainstance-profile%2Fadmin-role\
         &IamInstanceProfile.Name=admin-role&InstanceId=i-123456789abcde123"
    );
    assert!(
        body.contains("&IamInstanceProfile.Arn=arn%3Aaws%3Aiam"),
        "{body}"
    );
    assert!(
        body.contains("&IamInstanceProfile.Name=admin-role&"),
        "{body}"
    );
    assert_snapshot!(body);
}

#[test]
fn nested_iam_instance_profile_with_no_members_sends_nothing_for_it() {
    let body = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(IamInstanceProfileSpecification::builder().build())
        .instance_id("i-1")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssociateIamInstanceProfile&Version=2016-11-15&InstanceId=i-1"
    );
    assert_snapshot!(body);
}

#[test]
fn assign_ipv6_addresses_with_prefixes_addresses_and_counts() {
    let body = AssignIpv6AddressesInput::builder()
        .ipv6_prefix_count(1)
        .ipv6_prefixes("2001:db8:1::/80")
        .ipv6_prefixes("2001:db8:2::/80")
        .network_interface_id("eni-0123456789abcdef0")
        .ipv6_addresses("2001:db8::1")
        .ipv6_addresses("2001:db8::2")
        .ipv6_address_count(3)
        .build()
        .expect("all required members are set")
        .to_query_body();
    // Keys: Ipv6PrefixCount (member name), Ipv6Prefix (xmlName, no
    // ec2QueryName), NetworkInterfaceId / Ipv6Addresses / Ipv6AddressCount
    // (ec2QueryName). Model order as listed.
    assert_eq!(
        body,
        "Action=AssignIpv6Addresses&Version=2016-11-15\
         &Ipv6PrefixCount=1\
         &Ipv6Prefix.1=2001%3Adb8%3A1%3A%3A%2F80&Ipv6Prefix.2=2001%3Adb8%3A2%3A%3A%2F80\
         &NetworkInterfaceId=eni-0123456789abcdef0\
         &Ipv6Addresses.1=2001%3Adb8%3A%3A1&Ipv6Addresses.2=2001%3Adb8%3A%3A2\
         &Ipv6AddressCount=3"
    );
    assert!(
        body.contains("&Ipv6Prefix.1=2001%3Adb8%3A1%3A%3A%2F80&"),
        "{body}"
    );
    assert!(
        !body.contains("Ipv6Prefixes."),
        "xmlName wins over member name: {body}"
    );
    assert!(
        body.contains("&Ipv6Addresses.2=2001%3Adb8%3A%3A2&"),
        "{body}"
    );
    assert!(body.ends_with("&Ipv6AddressCount=3"), "{body}");
    assert_snapshot!(body);
}

#[test]
fn integer_counts_zero_negative_and_extremes() {
    let body = AssignPrivateIpAddressesInput::builder()
        .ipv4_prefix_count(0)
        .network_interface_id("eni-1")
        .secondary_private_ip_address_count(-1)
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(body.contains("&Ipv4PrefixCount=0&"), "{body}");
    assert!(
        body.ends_with("&SecondaryPrivateIpAddressCount=-1"),
        "{body}"
    );
    assert_snapshot!("integer_counts_zero_and_negative", body);

    let body = AssignIpv6AddressesInput::builder()
        .ipv6_prefix_count(i32::MIN)
        .network_interface_id("eni-1")
        .ipv6_address_count(i32::MAX)
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(body.contains("&Ipv6PrefixCount=-2147483648&"), "{body}");
    assert!(body.ends_with("&Ipv6AddressCount=2147483647"), "{body}");
    assert_snapshot!("integer_counts_i32_min_and_max", body);
}

#[test]
fn booleans_true_and_false_are_both_sent() {
    let body = AssociateAddressInput::builder()
        .dry_run(false)
        .allow_reassociation(true)
        .build()
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15&DryRun=false&AllowReassociation=true"
    );
    assert!(body.contains("&DryRun=false"), "{body}");
    assert!(body.contains("&AllowReassociation=true"), "{body}");
    assert_snapshot!(
        "booleans_associate_address_dry_run_false_allow_reassociation_true",
        body
    );

    let body = AssociateAddressInput::builder()
        .dry_run(true)
        .allow_reassociation(false)
        .build()
        .to_query_body();
    assert!(body.contains("&DryRun=true&"), "{body}");
    assert!(body.ends_with("&AllowReassociation=false"), "{body}");
    assert_snapshot!(
        "booleans_associate_address_dry_run_true_allow_reassociation_false",
        body
    );

    let body = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-1")
        .allow_reassignment(false)
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert!(body.ends_with("&AllowReassignment=false"), "{body}");
    assert_snapshot!(
        "booleans_assign_private_ip_addresses_allow_reassignment_false",
        body
    );
}

#[test]
fn associate_address_all_members_set() {
    let body = AssociateAddressInput::builder()
        .allow_reassociation(true)
        .private_ip_address("10.0.0.5")
        .network_interface_id("eni-1a2b3c4d")
        .dry_run(false)
        .public_ip("203.0.113.25")
        .instance_id("i-0b263919b6498b123")
        .allocation_id("eipalloc-64d5890a")
        .build()
        .to_query_body();
    // Model order, not builder-call order.
    assert_eq!(
        body,
        "Action=AssociateAddress&Version=2016-11-15\
         &AllocationId=eipalloc-64d5890a\
         &InstanceId=i-0b263919b6498b123\
         &PublicIp=203.0.113.25\
         &DryRun=false\
         &NetworkInterfaceId=eni-1a2b3c4d\
         &PrivateIpAddress=10.0.0.5\
         &AllowReassociation=true"
    );
    assert!(
        body.starts_with("Action=AssociateAddress&Version=2016-11-15&AllocationId="),
        "{body}"
    );
    assert!(body.contains("&DryRun=false&"), "{body}");
    assert!(body.ends_with("&AllowReassociation=true"), "{body}");
    assert_snapshot!(body);
}

#[test]
fn assign_private_ip_addresses_all_members_set() {
    let body = AssignPrivateIpAddressesInput::builder()
        .allow_reassignment(true)
        .secondary_private_ip_address_count(2)
        .private_ip_addresses("10.0.0.82")
        .network_interface_id("eni-e5aa89a3")
        .ipv4_prefix_count(1)
        .ipv4_prefixes("10.0.0.0/28")
        .build()
        .expect("all required members are set")
        .to_query_body();
    assert_eq!(
        body,
        "Action=AssignPrivateIpAddresses&Version=2016-11-15\
         &Ipv4Prefix.1=10.0.0.0%2F28\
         &Ipv4PrefixCount=1\
         &NetworkInterfaceId=eni-e5aa89a3\
         &PrivateIpAddress.1=10.0.0.82\
         &SecondaryPrivateIpAddressCount=2\
         &AllowReassignment=true"
    );
    assert_snapshot!(body);
}

#[test]
fn required_members_are_enforced_by_the_builders() {
    let error = AssignPrivateIpAddressesInput::builder()
        .secondary_private_ip_address_count(2)
        .build()
        .expect_err("network_interface_id is required");
    assert_eq!(error.member(), "network_interface_id");

    let error = AssociateIamInstanceProfileInput::builder()
        .instance_id("i-1")
        .build()
        .expect_err("iam_instance_profile is required");
    assert_eq!(error.member(), "iam_instance_profile");
}
