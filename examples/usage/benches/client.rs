//! One call through the whole client: endpoint resolution from EC2's rules,
//! serialization, SigV4 signing, a transport that answers at once (no
//! network), and reading the 16-item response. The anchor measured the same
//! call through aws-sdk-ec2 with its `StaticReplayClient`.
//!
//! Run: `cargo bench -p usage --bench client`. Nothing here asserts on time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use divan::{Bencher, black_box};
use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::runtime::config::TimeSource;
use ec2::runtime::http::{HttpRequest, HttpResponse};
use ec2::runtime::transport::{Transport, TransportError};
use ec2::{Client, Config, Credentials};

fn main() {
    divan::main();
}

/// Answers every request with the same response.
#[derive(Debug)]
struct Canned(HttpResponse);

impl Transport for Canned {
    fn send(
        &self,
        _request: &HttpRequest,
        _timeout: Option<Duration>,
    ) -> Result<HttpResponse, TransportError> {
        Ok(self.0.clone())
    }
}

#[derive(Debug)]
struct FixedClock;

impl TimeSource for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }
}

const ADDRESSES: usize = 16;

fn response() -> HttpResponse {
    let items: String = (0..ADDRESSES)
        .map(|i| {
            format!(
                "<item><privateIpAddress>10.0.0.{}</privateIpAddress></item>",
                10 + i
            )
        })
        .collect();
    HttpResponse {
        status: 200,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/xml;charset=UTF-8".to_owned(),
        )],
        body: format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<AssignPrivateIpAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>4b2b6f1c-2a8d-4e36-9a3e-0f5c0e3f1d2a</requestId>
    <networkInterfaceId>eni-e5aa89a3</networkInterfaceId>
    <assignedPrivateIpAddressesSet>{items}</assignedPrivateIpAddressesSet>
</AssignPrivateIpAddressesResponse>"#
        )
        .into_bytes(),
    }
}

fn input() -> AssignPrivateIpAddressesInput {
    let mut builder = AssignPrivateIpAddressesInput::builder().network_interface_id("eni-e5aa89a3");
    for i in 0..ADDRESSES {
        builder = builder.private_ip_addresses(format!("10.0.0.{}", 10 + i));
    }
    builder.build().expect("the input")
}

/// `client.send(input)`: the input is cloned in the loop (a call consumes it).
#[divan::bench]
fn send_assign_private_ip_addresses(bencher: Bencher) {
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
            ))
            .time_source(FixedClock)
            .transport(Canned(response()))
            .build(),
    );
    let input = input();
    // The call works before it is timed.
    let output = client.send(input.clone()).expect("the call");
    assert_eq!(
        output.assigned_private_ip_addresses.map(|a| a.len()),
        Some(ADDRESSES)
    );
    bencher.bench_local(|| client.send(black_box(input.clone())).expect("the call"));
}
