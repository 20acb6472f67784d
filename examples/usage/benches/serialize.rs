//! Throughput of the generated ec2Query serializers: `to_query_body()` on
//! inputs built once, outside the timed loop; bytes/second counts the bytes of
//! the body produced.
//!
//! Run: `cargo bench -p usage`. Nothing here asserts on time.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::types::IamInstanceProfileSpecification;

fn main() {
    divan::main();
}

/// Times `to_query_body` and counts the bytes of the body it returns.
fn bench_body(bencher: Bencher, to_body: impl Fn() -> String + Sync) {
    let len = to_body().len();
    bencher.counter(BytesCount::new(len)).bench(to_body);
}

/// A typical call: a network interface id and 3 addresses.
#[divan::bench]
fn assign_private_ip_typical(bencher: Bencher) {
    let input = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .private_ip_addresses("10.0.0.82")
        .private_ip_addresses("10.0.0.83")
        .private_ip_addresses("10.0.0.84")
        .build()
        .unwrap();
    bench_body(bencher, || black_box(&input).to_query_body());
}

/// 16 addresses, `10.0.0.100` .. `10.0.0.115`: the 569-byte body that
/// `benches/botocore/serialize.py` makes with botocore, the anchor.
#[divan::bench]
fn assign_private_ip_16_items(bencher: Bencher) {
    let addresses = (100..116).map(|i| format!("10.0.0.{i}")).collect();
    let input = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .set_private_ip_addresses(Some(addresses))
        .build()
        .unwrap();
    assert_eq!(input.to_query_body().len(), 569);
    bench_body(bencher, || black_box(&input).to_query_body());
}

/// 100 list items: `PrivateIpAddress.1` .. `PrivateIpAddress.100`.
#[divan::bench]
fn assign_private_ip_100_items(bencher: Bencher) {
    let addresses = (0..100)
        .map(|i| format!("10.0.{}.{}", i / 250, i % 250 + 4))
        .collect();
    let input = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .set_private_ip_addresses(Some(addresses))
        .build()
        .unwrap();
    bench_body(bencher, || black_box(&input).to_query_body());
}

/// Long values where most bytes need percent-encoding: spaces, reserved
/// characters and non-ASCII text, 4 KiB per value, 4 values.
#[divan::bench]
fn assign_private_ip_long_encoded(bencher: Bencher) {
    let long = |seed: &str| seed.repeat(4096 / seed.len());
    let input = AssignPrivateIpAddressesInput::builder()
        .network_interface_id(long("eni /&=+?#% ünïcödé "))
        .private_ip_addresses(long("a b&c=d/e?f#g%h+i;j:k@l,m[n]o"))
        .private_ip_addresses(long("€ ∑ 日本語 テキスト "))
        .private_ip_addresses(long("10.0.0.82 "))
        .build()
        .unwrap();
    bench_body(bencher, || black_box(&input).to_query_body());
}

/// A nested structure: `IamInstanceProfile.Arn`, `IamInstanceProfile.Name`.
#[divan::bench]
fn associate_iam_instance_profile_nested(bencher: Bencher) {
    let input = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .arn("arn:aws:iam::123456789012:instance-profile/admin-role")
                .name("admin-role")
                .build(),
        )
        .instance_id("i-123456789abcde123")
        .build()
        .unwrap();
    bench_body(bencher, || black_box(&input).to_query_body());
}
