//! Builds requests with the generated `ec2` crate and prints their ec2Query
//! bodies: what a caller does before signing and sending them.

use ec2::operation::assign_private_ip_addresses::AssignPrivateIpAddressesInput;
use ec2::operation::associate_iam_instance_profile::AssociateIamInstanceProfileInput;
use ec2::types::IamInstanceProfileSpecification;

fn main() -> Result<(), ec2::BuildError> {
    let assign = AssignPrivateIpAddressesInput::builder()
        .network_interface_id("eni-e5aa89a3")
        .private_ip_addresses("10.0.0.82")
        .private_ip_addresses("10.0.0.83")
        .allow_reassignment(true)
        .build()?;
    println!("AssignPrivateIpAddresses input:\n{assign:#?}\n");
    println!("POST / body:\n{}\n", assign.to_query_body());

    let associate = AssociateIamInstanceProfileInput::builder()
        .iam_instance_profile(
            IamInstanceProfileSpecification::builder()
                .name("admin-role")
                .build(),
        )
        .instance_id("i-123456789abcde123")
        .build()?;
    println!("POST / body:\n{}\n", associate.to_query_body());

    // A required member left unset is caught before anything is sent.
    let missing = AssignPrivateIpAddressesInput::builder()
        .secondary_private_ip_address_count(2)
        .build();
    if let Err(error) = missing {
        println!("build() refuses an incomplete input: {error}");
    }
    Ok(())
}
