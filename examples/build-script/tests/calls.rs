//! The included crate is the generated crate: its client makes the calls.

use ec2_build_script::runtime::testing::{Expected, ReplayTransport};
use ec2_build_script::{Client, Config, Credentials};

#[test]
fn the_included_client_makes_a_call() {
    let replay = ReplayTransport::new().expect(
        Expected::action("AssociateAddress").param("AllocationId", "eipalloc-1"),
        ReplayTransport::xml(
            200,
            "<AssociateAddressResponse><associationId>eipassoc-1</associationId></AssociateAddressResponse>",
        ),
    );
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .transport(replay.clone())
            .build(),
    );
    let output = client
        .associate_address()
        .allocation_id("eipalloc-1")
        .instance_id("i-1")
        .send()
        .unwrap();
    assert_eq!(output.association_id.as_deref(), Some("eipassoc-1"));
    replay.assert_done();
}

#[test]
fn only_the_chosen_operations_are_generated() {
    // The other two operations of the model are not in the crate: this
    // compiles only because these two are.
    let _ = ec2_build_script::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput::builder();
    let _ = ec2_build_script::operation::associate_address::AssociateAddressInput::builder();
}
