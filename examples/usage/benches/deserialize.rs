//! Throughput of the generated XML response deserializers: `parse_response`
//! on EC2-shaped bodies built once, outside the timed loop; bytes/second
//! counts the body.
//!
//! Run: `cargo bench -p usage --bench deserialize`. Nothing here asserts on time.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use ec2::Operation;
use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddresses;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfile;
use ec2::runtime::http::HttpResponse;

fn main() {
    divan::main();
}

fn response(status: u16, body: String) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/xml;charset=UTF-8".to_owned(),
        )],
        body: body.into_bytes(),
    }
}

/// AssignPrivateIpAddresses answering with `items` addresses and prefixes.
fn assigned_addresses(items: usize) -> HttpResponse {
    let addresses: String = (0..items)
        .map(|i| {
            format!(
                "<item><privateIpAddress>10.0.{}.{}</privateIpAddress></item>",
                i / 250,
                i % 250
            )
        })
        .collect();
    let prefixes: String = (0..items)
        .map(|i| format!("<item><ipv4Prefix>10.1.{i}.0/28</ipv4Prefix></item>"))
        .collect();
    response(
        200,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>4b2b6f1c-2a8d-4e36-9a3e-0f5c0e3f1d2a</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>{addresses}</assignedPrivateIpAddressesSet>
    <assignedIpv4PrefixSet>{prefixes}</assignedIpv4PrefixSet>
</AssignPrivateIpAddressesResponse>"#
        ),
    )
}

fn bench_parse<T>(
    bencher: Bencher,
    response: HttpResponse,
    parse: impl Fn(&HttpResponse) -> T + Sync,
) {
    bencher
        .counter(BytesCount::new(response.body.len()))
        .bench(|| parse(black_box(&response)));
}

/// Dozens of list items in two wrapped lists.
#[divan::bench(args = [10, 50, 200])]
fn assign_private_ip_items(bencher: Bencher, items: usize) {
    bench_parse(bencher, assigned_addresses(items), |response| {
        AssignPrivateIpAddresses::read_response(response).map(|output| output.network_interface_id)
    });
}

/// A nested structure with an enum and a timestamp.
#[divan::bench]
fn associate_iam_instance_profile(bencher: Bencher) {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
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
    bench_parse(bencher, response(200, body.to_owned()), |response| {
        AssociateIamInstanceProfile::read_response(response)
            .map(|output| output.iam_instance_profile_association)
    });
}

/// An EC2 error response (`DryRunOperation`).
#[divan::bench]
fn dry_run_error(bencher: Bencher) {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun flag is set.</Message></Error></Errors><RequestID>59dbff89-35bd-4eac-99ed-be587EXAMPLE</RequestID></Response>"#;
    bench_parse(bencher, response(412, body.to_owned()), |response| {
        AssignPrivateIpAddresses::read_response(response).map(|output| output.network_interface_id)
    });
}
