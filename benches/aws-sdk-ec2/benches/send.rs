//! One AssignPrivateIpAddresses call (16 addresses, 16-item response)
//! through aws-sdk-ec2 with its `StaticReplayClient`: the anchor for
//! `examples/usage/benches/client.rs`, which makes the same call through the
//! generated client. Nothing here asserts on time.

use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, Sleep};
use aws_smithy_runtime::client::http::test_util::{ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;

fn main() {
    divan::main();
}

/// tokio's sleep, as the SDK's `rt-tokio` feature would give: its retry and
/// stalled-stream defaults need one.
#[derive(Debug)]
struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: std::time::Duration) -> Sleep {
        Sleep::new(tokio::time::sleep(duration))
    }
}

/// The same 16-item response the generated client's bench reads.
fn response_body() -> String {
    let items: String = (0..16)
        .map(|i| {
            format!(
                "<item><privateIpAddress>10.0.0.{}</privateIpAddress></item>",
                10 + i
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>4b2b6f1c-2a8d-4e36-9a3e-0f5c0e3f1d2a</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>{items}</assignedPrivateIpAddressesSet>
</AssignPrivateIpAddressesResponse>"#
    )
}

/// A client per call (a replay client answers once), made outside the timed
/// part; the call is the fluent builder with 16 addresses, sent and awaited.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn send_assign_private_ip_addresses(bencher: divan::Bencher) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = response_body();
    bencher
        .with_inputs(|| {
            let replay = StaticReplayClient::new(vec![ReplayEvent::new(
                http::Request::builder()
                    .uri("https://ec2.us-east-1.amazonaws.com/")
                    .body(SdkBody::empty())
                    .unwrap(),
                http::Response::builder()
                    .status(200)
                    .body(SdkBody::from(body.clone()))
                    .unwrap(),
            )]);
            let config = aws_sdk_ec2::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::for_tests())
                .http_client(replay)
                .sleep_impl(SharedAsyncSleep::new(TokioSleep))
                .build();
            aws_sdk_ec2::Client::from_conf(config)
        })
        .bench_local_values(|client| {
            runtime.block_on(async {
                let mut call = client
                    .assign_private_ip_addresses()
                    .network_interface_id("eni-e5aa89a3");
                for i in 0..16 {
                    call = call.private_ip_addresses(format!("10.0.0.{}", 10 + i));
                }
                call.send().await.unwrap()
            })
        });
}
