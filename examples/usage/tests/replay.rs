//! How a user tests code that calls EC2 without a server: the crate's
//! `ReplayTransport` expects the calls in order, answers each with a canned
//! response, and says whether every expected call was made.

use ec2::runtime::testing::{Expected, ReplayTransport};
use ec2::{Client, Config, Credentials};

/// The code under test: moves an address onto an interface, and says how many
/// addresses the interface then has.
fn add_address(client: &Client, interface: &str, address: &str) -> Result<usize, String> {
    let output = client
        .assign_private_ip_addresses()
        .network_interface_id(interface)
        .private_ip_addresses(address)
        .allow_reassignment(true)
        .send()
        .map_err(|error| error.to_string())?;
    Ok(output
        .assigned_private_ip_addresses
        .unwrap_or_default()
        .len())
}

fn client(replay: &ReplayTransport) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .transport(replay.clone())
            .build(),
    )
}

#[test]
fn the_expected_call_is_made_and_its_answer_read() {
    let replay = ReplayTransport::new().expect(
        Expected::action("AssignPrivateIpAddresses")
            .param("NetworkInterfaceId", "eni-1")
            .param("PrivateIpAddress.1", "10.0.0.82")
            .param("AllowReassignment", "true"),
        ReplayTransport::xml(
            200,
            "<AssignPrivateIpAddressesResponse><networkInterfaceId>eni-1</networkInterfaceId>\
             <assignedPrivateIpAddressesSet><item><privateIpAddress>10.0.0.82</privateIpAddress></item>\
             </assignedPrivateIpAddressesSet></AssignPrivateIpAddressesResponse>",
        ),
    );
    assert_eq!(add_address(&client(&replay), "eni-1", "10.0.0.82"), Ok(1));
    replay.assert_done();
    // The request really was signed, as it would be for EC2.
    let sent = &replay.received()[0];
    assert!(
        sent.header("Authorization")
            .is_some_and(|value| value.contains("AKIDEXAMPLE/"))
    );
}

#[test]
fn a_canned_error_reaches_the_code_under_test() {
    let replay = ReplayTransport::new().expect(
        Expected::action("AssignPrivateIpAddresses"),
        ReplayTransport::error(
            400,
            "InvalidNetworkInterfaceID.NotFound",
            "The networkInterface ID 'eni-2' does not exist",
        ),
    );
    let error = add_address(&client(&replay), "eni-2", "10.0.0.82").unwrap_err();
    assert!(
        error.contains("InvalidNetworkInterfaceID.NotFound"),
        "{error}"
    );
    replay.assert_done();
}

#[test]
fn an_unexpected_call_fails_the_test() {
    let replay = ReplayTransport::new().expect(
        Expected::action("AssignPrivateIpAddresses").param("NetworkInterfaceId", "eni-1"),
        ReplayTransport::xml(200, "<AssignPrivateIpAddressesResponse/>"),
    );
    // The code under test asks for another interface: the transport refuses
    // the request, and `assert_done` names what differed.
    assert!(add_address(&client(&replay), "eni-9", "10.0.0.82").is_err());
    let failure = std::panic::catch_unwind(|| replay.assert_done()).unwrap_err();
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("expected NetworkInterfaceId=eni-1, got NetworkInterfaceId=eni-9"),
        "{message}"
    );
}
